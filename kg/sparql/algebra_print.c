/* algebra_print.c: the S-expression printer of the algebra, close to the
 * notation of SPARQL 1.1 section 18 and to SSE: operator names lower
 * case, parameters first, the operand patterns last, except LeftJoin
 * whose expression follows its two patterns as in the specification. */
#include "sparql/algebra.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
	kg_buf *out;
	int err;
} printer;

static void
put(printer *pr, const char *s)
{
	if (kg_buf_puts(pr->out, s))
		pr->err = 1;
}

static void
put_quoted(printer *pr, const char *s)
{
	put(pr, "\"");
	for (; *s; s++) {
		switch (*s) {
		case '"': put(pr, "\\\""); break;
		case '\\': put(pr, "\\\\"); break;
		case '\n': put(pr, "\\n"); break;
		case '\r': put(pr, "\\r"); break;
		case '\t': put(pr, "\\t"); break;
		default:
			if (kg_buf_putc(pr->out, *s))
				pr->err = 1;
			break;
		}
	}
	put(pr, "\"");
}

static void
put_iri(printer *pr, const char *iri)
{
	put(pr, "<");
	put(pr, iri);
	put(pr, ">");
}

static void
put_var(printer *pr, const char *v)
{
	put(pr, "?");
	put(pr, v);
}

static void
print_term(printer *pr, const kg_sparql_term *t)
{
	switch (t->kind) {
	case KG_SPARQL_TERM_NONE:
		put(pr, "undef");
		break;
	case KG_SPARQL_TERM_IRI:
		put_iri(pr, t->value);
		break;
	case KG_SPARQL_TERM_LITERAL:
		put_quoted(pr, t->value);
		if (t->lang) {
			put(pr, "@");
			put(pr, t->lang);
		} else if (t->datatype) {
			put(pr, "^^");
			put_iri(pr, t->datatype);
		}
		break;
	case KG_SPARQL_TERM_BLANK:
		put(pr, "_:");
		put(pr, t->value);
		break;
	case KG_SPARQL_TERM_VAR:
		put_var(pr, t->value);
		break;
	}
}

static void
print_triple(printer *pr, const kg_sparql_triple *t)
{
	if (t->g.kind) {
		put(pr, "(quad ");
		print_term(pr, &t->g);
		put(pr, " ");
	} else {
		put(pr, "(triple ");
	}
	print_term(pr, &t->s);
	put(pr, " ");
	print_term(pr, &t->p);
	put(pr, " ");
	print_term(pr, &t->o);
	put(pr, ")");
}

static void
print_path(printer *pr, const kg_alg_path *p)
{
	static const char *const names[] = {
		"link", "inv", "seq", "alt", "ZeroOrMorePath",
		"OneOrMorePath", "ZeroOrOnePath", "NPS"};
	put(pr, "(");
	put(pr, names[p->kind]);
	if (p->kind == KG_ALG_PATH_LINK) {
		put(pr, " ");
		put_iri(pr, p->iri);
	}
	for (size_t i = 0; i < p->n_iris; i++) {
		put(pr, " ");
		put_iri(pr, p->iris[i]);
	}
	for (size_t i = 0; i < p->n_args; i++) {
		put(pr, " ");
		print_path(pr, p->args[i]);
	}
	put(pr, ")");
}

static void print_op(printer *pr, const kg_alg *a);

/* Built-in names lower case, as ast.c prints them. */
static void
put_lower(printer *pr, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (kg_buf_putc(pr->out, c))
			pr->err = 1;
	}
}

static void
print_expr(printer *pr, const kg_alg_expr *e)
{
	if (e->op == KG_SPARQL_EX_TERM) {
		print_term(pr, &e->term);
		return;
	}
	put(pr, "(");
	put_lower(pr, kg_sparql_op_name(e->op));
	if (e->op == KG_SPARQL_EX_FUNCTION) {
		put(pr, " ");
		put_iri(pr, e->iri);
	}
	if (e->distinct)
		put(pr, " distinct");
	if (e->op == KG_SPARQL_EX_COUNT && !e->n_args)
		put(pr, " *");
	for (size_t i = 0; i < e->n_args; i++) {
		put(pr, " ");
		print_expr(pr, e->args[i]);
	}
	if (e->separator) {
		put(pr, " (separator ");
		put_quoted(pr, e->separator);
		put(pr, ")");
	}
	if (e->pattern) {
		put(pr, " ");
		print_op(pr, e->pattern);
	}
	put(pr, ")");
}

static void
print_vars(printer *pr, const char *const *vars, size_t n)
{
	put(pr, "(");
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(pr, " ");
		put_var(pr, vars[i]);
	}
	put(pr, ")");
}

/* A node without operands: BGP, Path, table. */
static void
print_leaf(printer *pr, const kg_alg *a)
{
	switch (a->kind) {
	case KG_ALG_BGP:
		put(pr, "(bgp");
		for (size_t i = 0; i < a->n_triples; i++) {
			put(pr, " ");
			print_triple(pr, &a->triples[i]);
		}
		put(pr, ")");
		return;
	case KG_ALG_PATH:
		put(pr, "(path ");
		print_term(pr, &a->s);
		put(pr, " ");
		print_path(pr, a->path);
		put(pr, " ");
		print_term(pr, &a->o);
		put(pr, ")");
		return;
	case KG_ALG_TABLE:
		put(pr, "(table ");
		print_vars(pr, a->vars, a->n_vars);
		for (size_t r = 0; r < a->n_rows; r++) {
			put(pr, " (row");
			for (size_t i = 0; i < a->n_vars; i++) {
				put(pr, " ");
				print_term(pr, &a->rows[r * a->n_vars + i]);
			}
			put(pr, ")");
		}
		put(pr, ")");
		return;
	default:
		put(pr, "(?)");
		return;
	}
}

/* What comes before the first operand of a node with operands. */
static void
print_head(printer *pr, const kg_alg *a)
{
	char num[64];
	switch (a->kind) {
	case KG_ALG_JOIN: put(pr, "(join"); break;
	case KG_ALG_LEFTJOIN: put(pr, "(leftjoin"); break;
	case KG_ALG_UNION: put(pr, "(union"); break;
	case KG_ALG_MINUS: put(pr, "(minus"); break;
	case KG_ALG_TO_LIST: put(pr, "(tolist"); break;
	case KG_ALG_TO_MULTISET: put(pr, "(tomultiset"); break;
	case KG_ALG_DISTINCT: put(pr, "(distinct"); break;
	case KG_ALG_REDUCED: put(pr, "(reduced"); break;
	case KG_ALG_FILTER:
		put(pr, "(filter ");
		print_expr(pr, a->expr);
		break;
	case KG_ALG_GRAPH:
		put(pr, "(graph ");
		print_term(pr, &a->name);
		break;
	case KG_ALG_SERVICE:
		put(pr, a->silent ? "(service silent " : "(service ");
		print_term(pr, &a->name);
		break;
	case KG_ALG_EXTEND:
		put(pr, "(extend (");
		put_var(pr, a->var);
		put(pr, " ");
		print_expr(pr, a->expr);
		put(pr, ")");
		break;
	case KG_ALG_GROUP:
		put(pr, "(group (");
		for (size_t i = 0; i < a->n_binds; i++) {
			if (i)
				put(pr, " ");
			if (a->binds[i].var) {
				put(pr, "(as ");
				put_var(pr, a->binds[i].var);
				put(pr, " ");
			}
			print_expr(pr, a->binds[i].expr);
			if (a->binds[i].var)
				put(pr, ")");
		}
		put(pr, ")");
		break;
	case KG_ALG_AGGREGATE_JOIN:
		put(pr, "(aggregatejoin (");
		for (size_t i = 0; i < a->n_binds; i++) {
			put(pr, i ? " (aggregation " : "(aggregation ");
			put_var(pr, a->binds[i].var);
			put(pr, " ");
			print_expr(pr, a->binds[i].expr);
			put(pr, ")");
		}
		put(pr, ")");
		break;
	case KG_ALG_ORDER_BY:
		put(pr, "(orderby (");
		for (size_t i = 0; i < a->n_order; i++) {
			if (i)
				put(pr, " ");
			put(pr, a->order[i].descending ? "(desc " : "(asc ");
			print_expr(pr, a->order[i].expr);
			put(pr, ")");
		}
		put(pr, ")");
		break;
	case KG_ALG_PROJECT:
		put(pr, "(project ");
		print_vars(pr, a->vars, a->n_vars);
		break;
	case KG_ALG_SLICE:
		if (a->length >= 0)
			snprintf(num, sizeof num, "(slice %lld %lld", a->start,
			         a->length);
		else
			snprintf(num, sizeof num, "(slice %lld _", a->start);
		put(pr, num);
		break;
	default:
		put(pr, "(?");
		break;
	}
}

/* What follows the first operand: the second, LeftJoin's expression. */
static void
print_tail(printer *pr, const kg_alg *a)
{
	if (a->b) {
		put(pr, " ");
		print_op(pr, a->b);
	}
	if (a->kind == KG_ALG_LEFTJOIN) {
		put(pr, " ");
		if (a->expr)
			print_expr(pr, a->expr);
		else
			put(pr, "true");
	}
	put(pr, ")");
}

/* Chains of first operands (a flat group of many OPTIONALs is a
 * LeftJoin chain that long) are walked with a loop; recursion goes only
 * into second operands and expressions, which nest as the text does. */
static void
print_op(printer *pr, const kg_alg *a)
{
	size_t n = 0;
	for (const kg_alg *x = a; x->a; x = x->a)
		n++;
	if (!n) {
		print_leaf(pr, a);
		return;
	}
	const kg_alg **chain = malloc(n * sizeof *chain);
	if (!chain) {
		pr->err = 1;
		return;
	}
	size_t i = 0;
	const kg_alg *x = a;
	for (; x->a; x = x->a) {
		chain[i++] = x;
		print_head(pr, x);
		put(pr, " ");
	}
	print_leaf(pr, x);
	while (i-- > 0)
		print_tail(pr, chain[i]);
	free(chain);
}

int
kg_alg_print(const kg_alg *a, kg_buf *out)
{
	printer pr = {out, 0};
	print_op(&pr, a);
	return pr.err ? -1 : 0;
}

static void
print_triples(printer *pr, const char *head, const kg_sparql_triple *t,
              size_t n)
{
	put(pr, "(");
	put(pr, head);
	for (size_t i = 0; i < n; i++) {
		put(pr, " ");
		print_triple(pr, &t[i]);
	}
	put(pr, ")");
}

static void
print_iris(printer *pr, const char *head, const char *const *iris, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		put(pr, " (");
		put(pr, head);
		put(pr, " ");
		put_iri(pr, iris[i]);
		put(pr, ")");
	}
}

int
kg_alg_query_print(const kg_alg_query *aq, kg_buf *out)
{
	printer pr = {out, 0};
	const kg_sparql_query *q = aq->query;
	int dataset = q->n_from || q->n_from_named;
	if (dataset) {
		put(&pr, "(dataset");
		print_iris(&pr, "from", q->from, q->n_from);
		print_iris(&pr, "from-named", q->from_named, q->n_from_named);
		put(&pr, " ");
	}
	switch (q->kind) {
	case KG_SPARQL_SELECT:
		print_op(&pr, aq->op);
		break;
	case KG_SPARQL_CONSTRUCT:
		put(&pr, "(construct ");
		print_triples(&pr, "template", q->construct, q->n_construct);
		put(&pr, " ");
		print_op(&pr, aq->op);
		put(&pr, ")");
		break;
	case KG_SPARQL_DESCRIBE:
		put(&pr, "(describe ");
		if (q->star) {
			put(&pr, "*");
		} else {
			put(&pr, "(");
			for (size_t i = 0; i < q->n_describe; i++) {
				if (i)
					put(&pr, " ");
				print_term(&pr, &q->describe[i]);
			}
			put(&pr, ")");
		}
		put(&pr, " ");
		print_op(&pr, aq->op);
		put(&pr, ")");
		break;
	case KG_SPARQL_ASK:
		put(&pr, "(ask ");
		print_op(&pr, aq->op);
		put(&pr, ")");
		break;
	}
	if (dataset)
		put(&pr, ")");
	return pr.err ? -1 : 0;
}

static void
print_target(printer *pr, const kg_sparql_target *t)
{
	static const char *const names[] = {"graph", "default", "named", "all"};
	if (t->kind == KG_SPARQL_TARGET_GRAPH && t->iri)
		put_iri(pr, t->iri);
	else
		put(pr, names[t->kind]);
}

int
kg_alg_update_print(const kg_alg_update *au, kg_buf *out)
{
	static const char *const names[] = {
		"insert-data", "delete-data", "delete-where", "modify", "load",
		"clear", "drop", "create", "add", "move", "copy"};
	printer pr = {out, 0};
	put(&pr, "(update");
	for (size_t i = 0; i < au->n_ops; i++) {
		const kg_sparql_operation *op = &au->update->ops[i];
		put(&pr, " (");
		put(&pr, names[op->kind]);
		if (op->silent)
			put(&pr, " silent");
		switch (op->kind) {
		case KG_SPARQL_UP_INSERT_DATA:
			put(&pr, " ");
			print_triples(&pr, "quads", op->insert_quads, op->n_insert);
			break;
		case KG_SPARQL_UP_DELETE_DATA:
			put(&pr, " ");
			print_triples(&pr, "quads", op->delete_quads, op->n_delete);
			break;
		case KG_SPARQL_UP_DELETE_WHERE:
			put(&pr, " ");
			print_triples(&pr, "quads", op->delete_quads, op->n_delete);
			break;
		case KG_SPARQL_UP_MODIFY:
			if (op->with) {
				put(&pr, " (with ");
				put_iri(&pr, op->with);
				put(&pr, ")");
			}
			if (op->n_delete) {
				put(&pr, " ");
				print_triples(&pr, "delete", op->delete_quads,
				              op->n_delete);
			}
			if (op->n_insert) {
				put(&pr, " ");
				print_triples(&pr, "insert", op->insert_quads,
				              op->n_insert);
			}
			print_iris(&pr, "using", op->using, op->n_using);
			print_iris(&pr, "using-named", op->using_named,
			           op->n_using_named);
			break;
		case KG_SPARQL_UP_LOAD:
			put(&pr, " ");
			put_iri(&pr, op->source);
			if (op->target.kind == KG_SPARQL_TARGET_GRAPH) {
				put(&pr, " (into ");
				print_target(&pr, &op->target);
				put(&pr, ")");
			}
			break;
		case KG_SPARQL_UP_CLEAR:
		case KG_SPARQL_UP_DROP:
		case KG_SPARQL_UP_CREATE:
			put(&pr, " ");
			print_target(&pr, &op->target);
			break;
		case KG_SPARQL_UP_ADD:
		case KG_SPARQL_UP_MOVE:
		case KG_SPARQL_UP_COPY:
			put(&pr, " ");
			print_target(&pr, &op->from);
			put(&pr, " ");
			print_target(&pr, &op->target);
			break;
		}
		if (au->where[i]) {
			put(&pr, " ");
			print_op(&pr, au->where[i]);
		}
		put(&pr, ")");
	}
	put(&pr, ")");
	return pr.err ? -1 : 0;
}
