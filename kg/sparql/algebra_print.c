/* algebra_print.c: the S-expression printer of the algebra, close to the
 * notation of SPARQL 1.1 section 18 and to SSE: operator names lower
 * case, parameters first, the operand patterns last, except LeftJoin
 * whose expression follows its two patterns as in the specification. */
#include "sparql/algebra.h"
#include "sparql/sse.h"

#include <stdio.h>
#include <stdlib.h>

typedef kg_sse printer;

static void
put_var(printer *pr, const char *v)
{
	kg_sse_put(pr, "?");
	kg_sse_put(pr, v);
}

static void
print_triple(printer *pr, const kg_sparql_triple *t)
{
	if (t->g.kind) {
		kg_sse_put(pr, "(quad ");
		kg_sse_term(pr, &t->g);
		kg_sse_put(pr, " ");
	} else {
		kg_sse_put(pr, "(triple ");
	}
	kg_sse_term(pr, &t->s);
	kg_sse_put(pr, " ");
	kg_sse_term(pr, &t->p);
	kg_sse_put(pr, " ");
	kg_sse_term(pr, &t->o);
	kg_sse_put(pr, ")");
}

static void
print_path(printer *pr, const kg_alg_path *p)
{
	static const char *const names[] = {
		"link", "inv", "seq", "alt", "ZeroOrMorePath",
		"OneOrMorePath", "ZeroOrOnePath", "NPS"};
	kg_sse_put(pr, "(");
	kg_sse_put(pr, names[p->kind]);
	if (p->kind == KG_ALG_PATH_LINK) {
		kg_sse_put(pr, " ");
		kg_sse_iri(pr, p->iri);
	}
	for (size_t i = 0; i < p->n_iris; i++) {
		kg_sse_put(pr, " ");
		kg_sse_iri(pr, p->iris[i]);
	}
	for (size_t i = 0; i < p->n_args; i++) {
		kg_sse_put(pr, " ");
		print_path(pr, p->args[i]);
	}
	kg_sse_put(pr, ")");
}

static void print_op(printer *pr, const kg_alg *a);

static void
print_expr(printer *pr, const kg_alg_expr *e)
{
	if (e->op == KG_SPARQL_EX_TERM) {
		kg_sse_term(pr, &e->term);
		return;
	}
	kg_sse_expr_open(pr, e->op, e->iri, e->distinct, e->n_args);
	for (size_t i = 0; i < e->n_args; i++) {
		kg_sse_put(pr, " ");
		print_expr(pr, e->args[i]);
	}
	kg_sse_expr_separator(pr, e->separator);
	if (e->pattern) {
		kg_sse_put(pr, " ");
		print_op(pr, e->pattern);
	}
	kg_sse_put(pr, ")");
}

static void
print_vars(printer *pr, const char *const *vars, size_t n)
{
	kg_sse_put(pr, "(");
	for (size_t i = 0; i < n; i++) {
		if (i)
			kg_sse_put(pr, " ");
		put_var(pr, vars[i]);
	}
	kg_sse_put(pr, ")");
}

/* A node without operands: BGP, Path, table. */
static void
print_leaf(printer *pr, const kg_alg *a)
{
	switch (a->kind) {
	case KG_ALG_BGP:
		kg_sse_put(pr, "(bgp");
		for (size_t i = 0; i < a->n_triples; i++) {
			kg_sse_put(pr, " ");
			print_triple(pr, &a->triples[i]);
		}
		kg_sse_put(pr, ")");
		return;
	case KG_ALG_PATH:
		kg_sse_put(pr, "(path ");
		kg_sse_term(pr, &a->s);
		kg_sse_put(pr, " ");
		print_path(pr, a->path);
		kg_sse_put(pr, " ");
		kg_sse_term(pr, &a->o);
		kg_sse_put(pr, ")");
		return;
	case KG_ALG_TABLE:
		kg_sse_put(pr, "(table ");
		print_vars(pr, a->vars, a->n_vars);
		for (size_t r = 0; r < a->n_rows; r++) {
			kg_sse_put(pr, " (row");
			for (size_t i = 0; i < a->n_vars; i++) {
				kg_sse_put(pr, " ");
				kg_sse_term(pr, &a->rows[r * a->n_vars + i]);
			}
			kg_sse_put(pr, ")");
		}
		kg_sse_put(pr, ")");
		return;
	default:
		kg_sse_put(pr, "(?)");
		return;
	}
}

/* What comes before the first operand of a node with operands. */
static void
print_head(printer *pr, const kg_alg *a)
{
	char num[64];
	switch (a->kind) {
	case KG_ALG_JOIN: kg_sse_put(pr, "(join"); break;
	case KG_ALG_LEFTJOIN: kg_sse_put(pr, "(leftjoin"); break;
	case KG_ALG_UNION: kg_sse_put(pr, "(union"); break;
	case KG_ALG_MINUS: kg_sse_put(pr, "(minus"); break;
	case KG_ALG_TO_LIST: kg_sse_put(pr, "(tolist"); break;
	case KG_ALG_TO_MULTISET: kg_sse_put(pr, "(tomultiset"); break;
	case KG_ALG_DISTINCT: kg_sse_put(pr, "(distinct"); break;
	case KG_ALG_REDUCED: kg_sse_put(pr, "(reduced"); break;
	case KG_ALG_FILTER:
		kg_sse_put(pr, "(filter ");
		print_expr(pr, a->expr);
		break;
	case KG_ALG_GRAPH:
		kg_sse_put(pr, "(graph ");
		kg_sse_term(pr, &a->name);
		break;
	case KG_ALG_SERVICE:
		kg_sse_put(pr, a->silent ? "(service silent " : "(service ");
		kg_sse_term(pr, &a->name);
		break;
	case KG_ALG_EXTEND:
		kg_sse_put(pr, "(extend (");
		put_var(pr, a->var);
		kg_sse_put(pr, " ");
		print_expr(pr, a->expr);
		kg_sse_put(pr, ")");
		break;
	case KG_ALG_GROUP:
		kg_sse_put(pr, "(group (");
		for (size_t i = 0; i < a->n_binds; i++) {
			if (i)
				kg_sse_put(pr, " ");
			if (a->binds[i].var) {
				kg_sse_put(pr, "(as ");
				put_var(pr, a->binds[i].var);
				kg_sse_put(pr, " ");
			}
			print_expr(pr, a->binds[i].expr);
			if (a->binds[i].var)
				kg_sse_put(pr, ")");
		}
		kg_sse_put(pr, ")");
		break;
	case KG_ALG_AGGREGATE_JOIN:
		kg_sse_put(pr, "(aggregatejoin (");
		for (size_t i = 0; i < a->n_binds; i++) {
			kg_sse_put(pr, i ? " (aggregation " : "(aggregation ");
			put_var(pr, a->binds[i].var);
			kg_sse_put(pr, " ");
			print_expr(pr, a->binds[i].expr);
			kg_sse_put(pr, ")");
		}
		kg_sse_put(pr, ")");
		break;
	case KG_ALG_ORDER_BY:
		kg_sse_put(pr, "(orderby (");
		for (size_t i = 0; i < a->n_order; i++) {
			if (i)
				kg_sse_put(pr, " ");
			kg_sse_put(pr, a->order[i].descending ? "(desc " : "(asc ");
			print_expr(pr, a->order[i].expr);
			kg_sse_put(pr, ")");
		}
		kg_sse_put(pr, ")");
		break;
	case KG_ALG_PROJECT:
		kg_sse_put(pr, "(project ");
		print_vars(pr, a->vars, a->n_vars);
		break;
	case KG_ALG_SLICE:
		if (a->length >= 0)
			snprintf(num, sizeof num, "(slice %lld %lld", a->start,
			         a->length);
		else
			snprintf(num, sizeof num, "(slice %lld _", a->start);
		kg_sse_put(pr, num);
		break;
	default:
		kg_sse_put(pr, "(?");
		break;
	}
}

/* What follows the first operand: the second, LeftJoin's expression. */
static void
print_tail(printer *pr, const kg_alg *a)
{
	if (a->b) {
		kg_sse_put(pr, " ");
		print_op(pr, a->b);
	}
	if (a->kind == KG_ALG_LEFTJOIN) {
		kg_sse_put(pr, " ");
		if (a->expr)
			print_expr(pr, a->expr);
		else
			kg_sse_put(pr, "true");
	}
	kg_sse_put(pr, ")");
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
		kg_sse_put(pr, " ");
	}
	print_leaf(pr, x);
	while (i-- > 0)
		print_tail(pr, chain[i]);
	free(chain);
}

static void
print_triples(printer *pr, const char *head, const kg_sparql_triple *t,
              size_t n)
{
	kg_sse_put(pr, "(");
	kg_sse_put(pr, head);
	for (size_t i = 0; i < n; i++) {
		kg_sse_put(pr, " ");
		print_triple(pr, &t[i]);
	}
	kg_sse_put(pr, ")");
}

static void
print_iris(printer *pr, const char *head, const char *const *iris, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kg_sse_put(pr, " (");
		kg_sse_put(pr, head);
		kg_sse_put(pr, " ");
		kg_sse_iri(pr, iris[i]);
		kg_sse_put(pr, ")");
	}
}

int
kg_alg_query_print(const kg_alg_query *aq, kg_buf *out)
{
	printer pr = {out, 0};
	const kg_sparql_query *q = aq->query;
	int dataset = q->n_from || q->n_from_named;
	if (dataset) {
		kg_sse_put(&pr, "(dataset");
		print_iris(&pr, "from", q->from, q->n_from);
		print_iris(&pr, "from-named", q->from_named, q->n_from_named);
		kg_sse_put(&pr, " ");
	}
	switch (q->kind) {
	case KG_SPARQL_SELECT:
		print_op(&pr, aq->op);
		break;
	case KG_SPARQL_CONSTRUCT:
		kg_sse_put(&pr, "(construct ");
		print_triples(&pr, "template", q->construct, q->n_construct);
		kg_sse_put(&pr, " ");
		print_op(&pr, aq->op);
		kg_sse_put(&pr, ")");
		break;
	case KG_SPARQL_DESCRIBE:
		kg_sse_put(&pr, "(describe ");
		if (q->star) {
			kg_sse_put(&pr, "*");
		} else {
			kg_sse_put(&pr, "(");
			for (size_t i = 0; i < q->n_describe; i++) {
				if (i)
					kg_sse_put(&pr, " ");
				kg_sse_term(&pr, &q->describe[i]);
			}
			kg_sse_put(&pr, ")");
		}
		kg_sse_put(&pr, " ");
		print_op(&pr, aq->op);
		kg_sse_put(&pr, ")");
		break;
	case KG_SPARQL_ASK:
		kg_sse_put(&pr, "(ask ");
		print_op(&pr, aq->op);
		kg_sse_put(&pr, ")");
		break;
	}
	if (dataset)
		kg_sse_put(&pr, ")");
	return pr.err ? -1 : 0;
}

static void
print_target(printer *pr, const kg_sparql_target *t)
{
	static const char *const names[] = {"graph", "default", "named", "all"};
	if (t->kind == KG_SPARQL_TARGET_GRAPH && t->iri)
		kg_sse_iri(pr, t->iri);
	else
		kg_sse_put(pr, names[t->kind]);
}

int
kg_alg_update_print(const kg_alg_update *au, kg_buf *out)
{
	static const char *const names[] = {
		"insert-data", "delete-data", "delete-where", "modify", "load",
		"clear", "drop", "create", "add", "move", "copy"};
	printer pr = {out, 0};
	kg_sse_put(&pr, "(update");
	for (size_t i = 0; i < au->n_ops; i++) {
		const kg_sparql_operation *op = &au->update->ops[i];
		kg_sse_put(&pr, " (");
		kg_sse_put(&pr, names[op->kind]);
		if (op->silent)
			kg_sse_put(&pr, " silent");
		switch (op->kind) {
		case KG_SPARQL_UP_INSERT_DATA:
			kg_sse_put(&pr, " ");
			print_triples(&pr, "quads", op->insert_quads, op->n_insert);
			break;
		case KG_SPARQL_UP_DELETE_DATA:
			kg_sse_put(&pr, " ");
			print_triples(&pr, "quads", op->delete_quads, op->n_delete);
			break;
		case KG_SPARQL_UP_DELETE_WHERE:
			kg_sse_put(&pr, " ");
			print_triples(&pr, "quads", op->delete_quads, op->n_delete);
			break;
		case KG_SPARQL_UP_MODIFY:
			if (op->with) {
				kg_sse_put(&pr, " (with ");
				kg_sse_iri(&pr, op->with);
				kg_sse_put(&pr, ")");
			}
			if (op->n_delete) {
				kg_sse_put(&pr, " ");
				print_triples(&pr, "delete", op->delete_quads,
				              op->n_delete);
			}
			if (op->n_insert) {
				kg_sse_put(&pr, " ");
				print_triples(&pr, "insert", op->insert_quads,
				              op->n_insert);
			}
			print_iris(&pr, "using", op->using, op->n_using);
			print_iris(&pr, "using-named", op->using_named,
			           op->n_using_named);
			break;
		case KG_SPARQL_UP_LOAD:
			kg_sse_put(&pr, " ");
			kg_sse_iri(&pr, op->source);
			if (op->target.kind == KG_SPARQL_TARGET_GRAPH) {
				kg_sse_put(&pr, " (into ");
				print_target(&pr, &op->target);
				kg_sse_put(&pr, ")");
			}
			break;
		case KG_SPARQL_UP_CLEAR:
		case KG_SPARQL_UP_DROP:
		case KG_SPARQL_UP_CREATE:
			kg_sse_put(&pr, " ");
			print_target(&pr, &op->target);
			break;
		case KG_SPARQL_UP_ADD:
		case KG_SPARQL_UP_MOVE:
		case KG_SPARQL_UP_COPY:
			kg_sse_put(&pr, " ");
			print_target(&pr, &op->from);
			kg_sse_put(&pr, " ");
			print_target(&pr, &op->target);
			break;
		}
		if (au->where[i]) {
			kg_sse_put(&pr, " ");
			print_op(&pr, au->where[i]);
		}
		kg_sse_put(&pr, ")");
	}
	kg_sse_put(&pr, ")");
	return pr.err ? -1 : 0;
}
