/* ast.c: the arena, the built-in table, and the S-expression printer. */
#include "sparql.h"
#include "sparql/builtin.h"
#include "sparql/sse.h"

#include <stdalign.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena -------------------------------------------------------------- */

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
} chunk;

struct kg_sparql_arena {
	chunk *head;
};

kg_sparql_arena *
kg_sparql_arena_new(void)
{
	return calloc(1, sizeof(kg_sparql_arena));
}

void
kg_sparql_arena_free(kg_sparql_arena *a)
{
	if (!a)
		return;
	for (chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

#define ARENA_BLOCK 8192

void
kg_sparql_arena_reset(kg_sparql_arena *a)
{
	chunk *keep = NULL;
	for (chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		if (!next && c->cap == ARENA_BLOCK)
			keep = c;
		else
			free(c);
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
}

void *
kg_sparql_arena_alloc(kg_sparql_arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	size = (size + align - 1) / align * align;
	if (!size)
		size = align;
	chunk *c = a->head;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *m = (char *)c->data + c->used;
	c->used += size;
	memset(m, 0, size);
	return m;
}

char *
kg_sparql_arena_strndup(kg_sparql_arena *a, const char *s, size_t n)
{
	char *c = kg_sparql_arena_alloc(a, n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

/* ---- built-ins ------------------------------------------------------- */

int
kg_sparql_op_is_aggregate(kg_sparql_op op)
{
	const kg_sparql_builtin *b = kg_sparql_builtin_of(op);
	return b && (b->flags & KG_SPARQL_FN_AGGREGATE);
}

const char *
kg_sparql_op_name(kg_sparql_op op)
{
	const kg_sparql_builtin *b = kg_sparql_builtin_of(op);
	return b ? b->name : "?";
}

/* ---- printer ------------------------------------------------------------ */

typedef kg_sse printer;

static void
print_path(printer *pr, const kg_sparql_path *p)
{
	static const char *const names[] = {"link", "^", "/", "|", "*", "+",
	                                    "?", "!"};
	if (p->kind == KG_SPARQL_PATH_LINK) {
		kg_sse_iri(pr, p->iri);
		return;
	}
	kg_sse_put(pr, "(");
	kg_sse_put(pr, names[p->kind]);
	for (size_t i = 0; i < p->n_args; i++) {
		kg_sse_put(pr, " ");
		print_path(pr, p->args[i]);
	}
	kg_sse_put(pr, ")");
}

static void
print_triple(printer *pr, const kg_sparql_triple *t)
{
	kg_sse_put(pr, "(");
	if (t->g.kind) {
		kg_sse_put(pr, "quad ");
		kg_sse_term(pr, &t->g);
		kg_sse_put(pr, " ");
	}
	kg_sse_term(pr, &t->s);
	kg_sse_put(pr, " ");
	if (t->path)
		print_path(pr, t->path);
	else
		kg_sse_term(pr, &t->p);
	kg_sse_put(pr, " ");
	kg_sse_term(pr, &t->o);
	kg_sse_put(pr, ")");
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

static void print_pattern(printer *pr, const kg_sparql_pattern *p);
static void print_query(printer *pr, const kg_sparql_query *q);

static void
print_expr(printer *pr, const kg_sparql_expr *e)
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
		print_pattern(pr, e->pattern);
	}
	kg_sse_put(pr, ")");
}

static void
print_values(printer *pr, const kg_sparql_values *v)
{
	kg_sse_put(pr, "(values (");
	for (size_t i = 0; i < v->n_vars; i++) {
		kg_sse_put(pr, i ? " ?" : "?");
		kg_sse_put(pr, v->vars[i]);
	}
	kg_sse_put(pr, ")");
	for (size_t r = 0; r < v->n_rows; r++) {
		kg_sse_put(pr, " (");
		for (size_t i = 0; i < v->n_vars; i++) {
			if (i)
				kg_sse_put(pr, " ");
			kg_sse_term(pr, &v->rows[r * v->n_vars + i]);
		}
		kg_sse_put(pr, ")");
	}
	kg_sse_put(pr, ")");
}

static void
print_pattern(printer *pr, const kg_sparql_pattern *p)
{
	static const char *const names[] = {
		"group", "bgp", "optional", "union", "minus", "graph",
		"service", "filter", "bind", "values", "subquery"};
	if (p->kind == KG_SPARQL_PAT_BGP) {
		print_triples(pr, "bgp", p->triples, p->n_triples);
		return;
	}
	if (p->kind == KG_SPARQL_PAT_VALUES) {
		print_values(pr, p->values);
		return;
	}
	kg_sse_put(pr, "(");
	kg_sse_put(pr, names[p->kind]);
	if (p->silent)
		kg_sse_put(pr, " silent");
	if (p->name.kind) {
		kg_sse_put(pr, " ");
		kg_sse_term(pr, &p->name);
	}
	if (p->var) {
		kg_sse_put(pr, " ?");
		kg_sse_put(pr, p->var);
	}
	if (p->expr) {
		kg_sse_put(pr, " ");
		print_expr(pr, p->expr);
	}
	if (p->sub) {
		kg_sse_put(pr, " ");
		print_query(pr, p->sub);
	}
	for (size_t i = 0; i < p->n_elems; i++) {
		kg_sse_put(pr, " ");
		print_pattern(pr, p->elems[i]);
	}
	kg_sse_put(pr, ")");
}

static void
print_binding(printer *pr, const kg_sparql_binding *b)
{
	if (!b->expr || !b->var) {
		if (b->expr) {
			print_expr(pr, b->expr);
		} else {
			kg_sse_put(pr, "?");
			kg_sse_put(pr, b->var);
		}
		return;
	}
	kg_sse_put(pr, "(as ?");
	kg_sse_put(pr, b->var);
	kg_sse_put(pr, " ");
	print_expr(pr, b->expr);
	kg_sse_put(pr, ")");
}

static void
print_iris(printer *pr, const char *head, const char *const *iris, size_t n)
{
	if (!n)
		return;
	kg_sse_put(pr, " (");
	kg_sse_put(pr, head);
	for (size_t i = 0; i < n; i++) {
		kg_sse_put(pr, " ");
		kg_sse_iri(pr, iris[i]);
	}
	kg_sse_put(pr, ")");
}

static void
print_query(printer *pr, const kg_sparql_query *q)
{
	static const char *const kinds[] = {"select", "construct", "describe",
	                                    "ask"};
	kg_sse_put(pr, "(");
	kg_sse_put(pr, kinds[q->kind]);
	if (q->distinct)
		kg_sse_put(pr, " distinct");
	if (q->reduced)
		kg_sse_put(pr, " reduced");
	if (q->star)
		kg_sse_put(pr, " *");
	if (q->kind == KG_SPARQL_SELECT && !q->star) {
		kg_sse_put(pr, " (");
		for (size_t i = 0; i < q->n_project; i++) {
			if (i)
				kg_sse_put(pr, " ");
			print_binding(pr, &q->project[i]);
		}
		kg_sse_put(pr, ")");
	}
	if (q->kind == KG_SPARQL_CONSTRUCT) {
		kg_sse_put(pr, " ");
		print_triples(pr, "template", q->construct, q->n_construct);
	}
	if (q->kind == KG_SPARQL_DESCRIBE && !q->star) {
		kg_sse_put(pr, " (");
		for (size_t i = 0; i < q->n_describe; i++) {
			if (i)
				kg_sse_put(pr, " ");
			kg_sse_term(pr, &q->describe[i]);
		}
		kg_sse_put(pr, ")");
	}
	print_iris(pr, "from", q->from, q->n_from);
	print_iris(pr, "from-named", q->from_named, q->n_from_named);
	if (q->where) {
		kg_sse_put(pr, " ");
		print_pattern(pr, q->where);
	}
	if (q->n_group_by) {
		kg_sse_put(pr, " (group-by");
		for (size_t i = 0; i < q->n_group_by; i++) {
			kg_sse_put(pr, " ");
			print_binding(pr, &q->group_by[i]);
		}
		kg_sse_put(pr, ")");
	}
	if (q->n_having) {
		kg_sse_put(pr, " (having");
		for (size_t i = 0; i < q->n_having; i++) {
			kg_sse_put(pr, " ");
			print_expr(pr, q->having[i]);
		}
		kg_sse_put(pr, ")");
	}
	if (q->n_order_by) {
		kg_sse_put(pr, " (order-by");
		for (size_t i = 0; i < q->n_order_by; i++) {
			kg_sse_put(pr, q->order_by[i].descending ? " (desc " : " (asc ");
			print_expr(pr, q->order_by[i].expr);
			kg_sse_put(pr, ")");
		}
		kg_sse_put(pr, ")");
	}
	char num[64];
	if (q->limit >= 0) {
		snprintf(num, sizeof num, " (limit %lld)", q->limit);
		kg_sse_put(pr, num);
	}
	if (q->offset >= 0) {
		snprintf(num, sizeof num, " (offset %lld)", q->offset);
		kg_sse_put(pr, num);
	}
	if (q->values) {
		kg_sse_put(pr, " ");
		print_values(pr, q->values);
	}
	kg_sse_put(pr, ")");
}

int
kg_sparql_print(const kg_sparql_query *q, kg_buf *out)
{
	printer pr = {out, 0};
	print_query(&pr, q);
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

static void
print_operation(printer *pr, const kg_sparql_operation *op)
{
	static const char *const names[] = {
		"insert-data", "delete-data", "delete-where", "modify", "load",
		"clear", "drop", "create", "add", "move", "copy"};
	kg_sse_put(pr, "(");
	kg_sse_put(pr, names[op->kind]);
	if (op->silent)
		kg_sse_put(pr, " silent");
	switch (op->kind) {
	case KG_SPARQL_UP_INSERT_DATA:
		kg_sse_put(pr, " ");
		print_triples(pr, "quads", op->insert_quads, op->n_insert);
		break;
	case KG_SPARQL_UP_DELETE_DATA:
	case KG_SPARQL_UP_DELETE_WHERE:
		kg_sse_put(pr, " ");
		print_triples(pr, "quads", op->delete_quads, op->n_delete);
		break;
	case KG_SPARQL_UP_MODIFY:
		if (op->with) {
			kg_sse_put(pr, " (with ");
			kg_sse_iri(pr, op->with);
			kg_sse_put(pr, ")");
		}
		if (op->n_delete) {
			kg_sse_put(pr, " ");
			print_triples(pr, "delete", op->delete_quads, op->n_delete);
		}
		if (op->n_insert) {
			kg_sse_put(pr, " ");
			print_triples(pr, "insert", op->insert_quads, op->n_insert);
		}
		print_iris(pr, "using", op->using, op->n_using);
		print_iris(pr, "using-named", op->using_named, op->n_using_named);
		kg_sse_put(pr, " ");
		print_pattern(pr, op->where);
		break;
	case KG_SPARQL_UP_LOAD:
		kg_sse_put(pr, " ");
		kg_sse_iri(pr, op->source);
		if (op->target.kind == KG_SPARQL_TARGET_GRAPH) {
			kg_sse_put(pr, " (into ");
			print_target(pr, &op->target);
			kg_sse_put(pr, ")");
		}
		break;
	case KG_SPARQL_UP_CLEAR:
	case KG_SPARQL_UP_DROP:
	case KG_SPARQL_UP_CREATE:
		kg_sse_put(pr, " ");
		print_target(pr, &op->target);
		break;
	case KG_SPARQL_UP_ADD:
	case KG_SPARQL_UP_MOVE:
	case KG_SPARQL_UP_COPY:
		kg_sse_put(pr, " ");
		print_target(pr, &op->from);
		kg_sse_put(pr, " ");
		print_target(pr, &op->target);
		break;
	}
	kg_sse_put(pr, ")");
}

int
kg_sparql_update_print(const kg_sparql_update *u, kg_buf *out)
{
	printer pr = {out, 0};
	kg_sse_put(&pr, "(update");
	for (size_t i = 0; i < u->n_ops; i++) {
		kg_sse_put(&pr, " ");
		print_operation(&pr, &u->ops[i]);
	}
	kg_sse_put(&pr, ")");
	return pr.err ? -1 : 0;
}
