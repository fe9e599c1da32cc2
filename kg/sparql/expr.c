/* expr.c: expressions, built-in calls and aggregates. */
#include "parser.h"
#include "sparql/builtin.h"

#include <string.h>

static kg_sparql_expr *parse_primary(kg_sparql_parser *p);

static kg_sparql_expr *
new_expr(kg_sparql_parser *p, kg_sparql_op op)
{
	kg_sparql_expr *e = kg_sparql_alloc(p, sizeof *e);
	e->op = op;
	return e;
}

/* The height of the tree `e` (1 for a leaf), counted only up to `limit`:
 * the walk stops once the height is over it, so it never recurses more
 * than `limit` + 1 deep. */
static int
height(const kg_sparql_expr *e, int limit)
{
	int h = 0;
	if (limit <= 0)
		return 1;
	for (size_t i = 0; i < e->n_args && h < limit; i++) {
		if (!e->args[i])
			continue;
		int c = height(e->args[i], limit - 1);
		if (c > h)
			h = c;
	}
	return h + 1;
}

/* A node for a binary (n = 2) or unary (n = 1, b NULL) operator.  A chain
 * such as ?a + ?a + ... or ?a || ?a || ... builds a left-deep tree in a
 * loop, without recursing in the parser, so the depth counter alone
 * does not bound it; the tree's height is checked here instead, or
 * printing, checking or evaluating it would overflow the stack. */
static kg_sparql_expr *
with_args(kg_sparql_parser *p, kg_sparql_op op, size_t n,
          kg_sparql_expr *a, kg_sparql_expr *b)
{
	kg_sparql_expr *e = new_expr(p, op);
	e->args = kg_sparql_alloc(p, 2 * sizeof *e->args);
	e->args[0] = a;
	e->args[1] = b;
	e->n_args = n;
	int room = KG_SPARQL_MAX_DEPTH - p->depth;
	if (height(e, room + 1) > room)
		kg_sparql_fail(p, NULL, "expression nested deeper than %d levels",
		               KG_SPARQL_MAX_DEPTH);
	return e;
}

/* '(' Expression (',' Expression)* ')' or NIL, appended to `args`. */
static void
parse_expression_list(kg_sparql_parser *p, kg_sparql_vec *args, int distinct_ok,
                      int *distinct)
{
	if (kg_sparql_accept(p, KG_TOK_NIL))
		return;
	kg_sparql_expect(p, KG_TOK_LPAREN);
	if (distinct_ok && kg_sparql_accept_word(p, "DISTINCT"))
		*distinct = 1;
	do {
		*(kg_sparql_expr **)kg_sparql_vec_push(p, args, sizeof(void *)) =
			kg_sparql_parse_expr(p);
	} while (kg_sparql_accept(p, KG_TOK_COMMA));
	kg_sparql_expect(p, KG_TOK_RPAREN);
}

static void
set_args(kg_sparql_expr *e, kg_sparql_vec *args)
{
	e->args = args->data;
	e->n_args = args->n;
}

static kg_sparql_expr *
parse_exists(kg_sparql_parser *p, kg_sparql_op op)
{
	kg_sparql_expr *e = new_expr(p, op);
	int saved = p->agg_ok;
	unsigned long scope = p->scope;
	p->agg_ok = 0;
	e->pattern = kg_sparql_parse_group(p);
	p->agg_ok = saved;
	p->scope = scope;
	return e;
}

static kg_sparql_expr *
parse_aggregate(kg_sparql_parser *p, const kg_sparql_builtin *b)
{
	if (!p->agg_ok)
		kg_sparql_fail(p, NULL, "aggregate %s is allowed only in SELECT, "
		               "HAVING and ORDER BY", b->name);
	p->saw_agg = 1;
	kg_sparql_advance(p);
	kg_sparql_expr *e = new_expr(p, b->op);
	kg_sparql_expect(p, KG_TOK_LPAREN);
	p->agg_ok = 0;
	e->distinct = kg_sparql_accept_word(p, "DISTINCT");
	if (b->op == KG_SPARQL_EX_COUNT && kg_sparql_accept(p, KG_TOK_STAR)) {
		e->n_args = 0;
	} else {
		e->args = kg_sparql_alloc(p, sizeof *e->args);
		e->args[0] = kg_sparql_parse_expr(p);
		e->n_args = 1;
	}
	if (b->op == KG_SPARQL_EX_GROUP_CONCAT &&
	    kg_sparql_accept(p, KG_TOK_SEMI)) {
		kg_sparql_expect_word(p, "SEPARATOR");
		kg_sparql_expect(p, KG_TOK_EQ);
		if (p->tok.type != KG_TOK_STRING)
			kg_sparql_expected(p, "a string after SEPARATOR =");
		e->separator = kg_sparql_strndup(p, p->tok.val, p->tok.val_len);
		kg_sparql_advance(p);
	}
	p->agg_ok = 1;
	if (p->tok.type == KG_TOK_COMMA)
		kg_sparql_fail(p, NULL, "%s takes one argument", b->name);
	kg_sparql_expect(p, KG_TOK_RPAREN);
	return e;
}

static kg_sparql_expr *
parse_builtin(kg_sparql_parser *p)
{
	const kg_sparql_token at = p->tok;
	if (kg_sparql_accept_word(p, "EXISTS"))
		return parse_exists(p, KG_SPARQL_EX_EXISTS);
	if (kg_sparql_at(p, "NOT")) {
		kg_sparql_advance(p);
		kg_sparql_expect_word(p, "EXISTS");
		return parse_exists(p, KG_SPARQL_EX_NOT_EXISTS);
	}
	const kg_sparql_builtin *b = kg_sparql_builtin_named(p->tok.val);
	if (!b)
		kg_sparql_expected(p, "an expression");
	if (b->flags & KG_SPARQL_FN_AGGREGATE)
		return parse_aggregate(p, b);
	kg_sparql_advance(p);
	kg_sparql_expr *e = new_expr(p, b->op);
	kg_sparql_vec args = {0};
	if (b->flags & KG_SPARQL_FN_VAR_ARG) {
		kg_sparql_expect(p, KG_TOK_LPAREN);
		kg_sparql_expr *v = new_expr(p, KG_SPARQL_EX_TERM);
		v->term = kg_sparql_parse_var(p);
		kg_sparql_expect(p, KG_TOK_RPAREN);
		*(kg_sparql_expr **)kg_sparql_vec_push(p, &args, sizeof(void *)) = v;
		set_args(e, &args);
		return e;
	}
	if (b->max_args == 0) {
		if (!kg_sparql_accept(p, KG_TOK_NIL))
			kg_sparql_expected(p, "'()'");
		return e;
	}
	if (p->tok.type != KG_TOK_NIL && p->tok.type != KG_TOK_LPAREN)
		kg_sparql_expected(p, "'(' after a function name");
	parse_expression_list(p, &args, 0, NULL);
	int n = (int)args.n;
	if (n < b->min_args || (b->max_args >= 0 && n > b->max_args)) {
		if (b->min_args == b->max_args)
			kg_sparql_fail(p, &at, "%s takes %d argument%s, not %d",
			               b->name, b->min_args,
			               b->min_args == 1 ? "" : "s", n);
		kg_sparql_fail(p, &at, "%s takes %d to %d arguments, not %d",
		               b->name, b->min_args, b->max_args, n);
	}
	set_args(e, &args);
	return e;
}

int
kg_sparql_at_call(const kg_sparql_parser *p)
{
	if (kg_sparql_at_iri(p))
		return 1;
	if (p->tok.type != KG_TOK_WORD)
		return 0;
	return kg_sparql_builtin_named(p->tok.val) || kg_sparql_at(p, "EXISTS") ||
	       kg_sparql_at(p, "NOT");
}

/* iri ArgList, or the iri alone when `bare_ok` and no '(' follows. */
static kg_sparql_expr *
parse_iri_or_call(kg_sparql_parser *p, int bare_ok)
{
	const char *iri = kg_sparql_parse_iri(p);
	if (p->tok.type != KG_TOK_NIL && p->tok.type != KG_TOK_LPAREN) {
		if (!bare_ok)
			kg_sparql_expected(p, "'(' after the function IRI");
		kg_sparql_expr *e = new_expr(p, KG_SPARQL_EX_TERM);
		e->term.kind = KG_SPARQL_TERM_IRI;
		e->term.value = iri;
		return e;
	}
	kg_sparql_expr *e = new_expr(p, KG_SPARQL_EX_FUNCTION);
	e->iri = iri;
	kg_sparql_vec args = {0};
	parse_expression_list(p, &args, 1, &e->distinct);
	set_args(e, &args);
	return e;
}

kg_sparql_expr *
kg_sparql_parse_call(kg_sparql_parser *p)
{
	if (kg_sparql_at_iri(p))
		return parse_iri_or_call(p, 0);
	return parse_builtin(p);
}

int
kg_sparql_at_constraint(const kg_sparql_parser *p)
{
	return p->tok.type == KG_TOK_LPAREN || kg_sparql_at_call(p);
}

kg_sparql_expr *
kg_sparql_parse_constraint(kg_sparql_parser *p)
{
	if (p->tok.type == KG_TOK_LPAREN)
		return kg_sparql_parse_bracketted(p);
	return kg_sparql_parse_call(p);
}

kg_sparql_expr *
kg_sparql_parse_bracketted(kg_sparql_parser *p)
{
	kg_sparql_expect(p, KG_TOK_LPAREN);
	kg_sparql_expr *e = kg_sparql_parse_expr(p);
	kg_sparql_expect(p, KG_TOK_RPAREN);
	return e;
}

static kg_sparql_expr *
parse_primary(kg_sparql_parser *p)
{
	switch (p->tok.type) {
	case KG_TOK_LPAREN:
		return kg_sparql_parse_bracketted(p);
	case KG_TOK_VAR: {
		kg_sparql_expr *e = new_expr(p, KG_SPARQL_EX_TERM);
		e->term = kg_sparql_parse_var(p);
		return e;
	}
	case KG_TOK_IRIREF:
	case KG_TOK_PNAME_LN:
	case KG_TOK_PNAME_NS:
		return parse_iri_or_call(p, 1);
	case KG_TOK_WORD:
		if (kg_sparql_at(p, "true") || kg_sparql_at(p, "false"))
			break;
		return parse_builtin(p);
	default:
		break;
	}
	if (!kg_sparql_at_literal(p))
		kg_sparql_expected(p, "an expression");
	kg_sparql_expr *e = new_expr(p, KG_SPARQL_EX_TERM);
	e->term = kg_sparql_parse_literal(p);
	return e;
}

static kg_sparql_expr *
parse_unary(kg_sparql_parser *p)
{
	kg_sparql_op op;
	switch (p->tok.type) {
	case KG_TOK_BANG:
		op = KG_SPARQL_EX_NOT;
		break;
	case KG_TOK_PLUS:
		op = KG_SPARQL_EX_PLUS;
		break;
	case KG_TOK_MINUS:
		op = KG_SPARQL_EX_NEG;
		break;
	default:
		return parse_primary(p);
	}
	if (op != KG_SPARQL_EX_NOT && kg_sparql_at_literal(p))
		return parse_primary(p); /* a signed number */
	kg_sparql_advance(p);
	kg_sparql_expr *e = new_expr(p, op);
	e->args = kg_sparql_alloc(p, sizeof *e->args);
	e->args[0] = parse_primary(p);
	e->n_args = 1;
	return e;
}

static kg_sparql_expr *
parse_multiplicative(kg_sparql_parser *p)
{
	kg_sparql_expr *e = parse_unary(p);
	for (;;) {
		if (kg_sparql_accept(p, KG_TOK_STAR))
			e = with_args(p, KG_SPARQL_EX_MUL, 2, e, parse_unary(p));
		else if (kg_sparql_accept(p, KG_TOK_SLASH))
			e = with_args(p, KG_SPARQL_EX_DIV, 2, e, parse_unary(p));
		else
			return e;
	}
}

static kg_sparql_expr *
parse_additive(kg_sparql_parser *p)
{
	kg_sparql_expr *e = parse_multiplicative(p);
	for (;;) {
		if (kg_sparql_accept(p, KG_TOK_PLUS))
			e = with_args(p, KG_SPARQL_EX_ADD, 2, e,
			              parse_multiplicative(p));
		else if (kg_sparql_accept(p, KG_TOK_MINUS))
			e = with_args(p, KG_SPARQL_EX_SUB, 2, e,
			              parse_multiplicative(p));
		else
			return e;
	}
}

static kg_sparql_expr *
parse_relational(kg_sparql_parser *p)
{
	kg_sparql_expr *e = parse_additive(p);
	kg_sparql_op op;
	switch (p->tok.type) {
	case KG_TOK_EQ: op = KG_SPARQL_EX_EQ; break;
	case KG_TOK_NE: op = KG_SPARQL_EX_NE; break;
	case KG_TOK_LT: op = KG_SPARQL_EX_LT; break;
	case KG_TOK_GT: op = KG_SPARQL_EX_GT; break;
	case KG_TOK_LE: op = KG_SPARQL_EX_LE; break;
	case KG_TOK_GE: op = KG_SPARQL_EX_GE; break;
	default:
		if (kg_sparql_at(p, "IN")) {
			op = KG_SPARQL_EX_IN;
		} else if (kg_sparql_at(p, "NOT") &&
		           kg_sparql_tok_is(kg_sparql_peek(p), "IN")) {
			kg_sparql_advance(p);
			op = KG_SPARQL_EX_NOT_IN;
		} else {
			return e;
		}
		kg_sparql_advance(p);
		kg_sparql_vec args = {0};
		*(kg_sparql_expr **)kg_sparql_vec_push(p, &args, sizeof(void *)) = e;
		if (p->tok.type != KG_TOK_NIL && p->tok.type != KG_TOK_LPAREN)
			kg_sparql_expected(p, "'(' after IN");
		parse_expression_list(p, &args, 0, NULL);
		kg_sparql_expr *in = new_expr(p, op);
		set_args(in, &args);
		return in;
	}
	kg_sparql_advance(p);
	return with_args(p, op, 2, e, parse_additive(p));
}

static kg_sparql_expr *
parse_and(kg_sparql_parser *p)
{
	kg_sparql_expr *e = parse_relational(p);
	while (kg_sparql_accept(p, KG_TOK_AND))
		e = with_args(p, KG_SPARQL_EX_AND, 2, e, parse_relational(p));
	return e;
}

kg_sparql_expr *
kg_sparql_parse_expr(kg_sparql_parser *p)
{
	if (++p->depth > KG_SPARQL_MAX_DEPTH)
		kg_sparql_fail(p, NULL, "expression nested deeper than %d levels",
		               KG_SPARQL_MAX_DEPTH);
	kg_sparql_expr *e = parse_and(p);
	while (kg_sparql_accept(p, KG_TOK_OR))
		e = with_args(p, KG_SPARQL_EX_OR, 2, e, parse_and(p));
	p->depth--;
	return e;
}
