/* eval_op.c: the operators of the algebra as iterators, and the
 * dispatch of kg_eval_op().
 *
 * Every operator yields its solutions merged with an input row `in`
 * (eval.h).  Whether it may take `in` into its own evaluation is
 * decided in eval_scope.c; when it may not, it is evaluated once and
 * probed (eval_join.c).  Basic graph patterns are in eval_bgp.c, paths
 * in eval_path.c, aggregates in eval_group.c.
 */
#include "sparql/eval_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- rows ----------------------------------------------------------------- */

kg_id *
kg_rowvec_push(kg_rowvec *v, const kg_id *row)
{
	if (v->n == v->cap &&
	    kg_grow(&v->data, &v->cap, v->n + 1,
	            (v->w ? v->w : 1) * sizeof *v->data))
		return NULL;
	kg_id *r = v->data + v->n++ * v->w;
	if (v->w)
		memcpy(r, row, v->w * sizeof *r);
	return r;
}

kg_status
kg_eval_drain(kg_eval *ev, kg_iter *it, kg_rowvec *v)
{
	if (!it)
		return kg_eval_err(ev);
	kg_id *row = malloc((ev->width ? ev->width : 1) * sizeof *row);
	kg_status st = row ? KG_OK : kg_eval_nomem(ev);
	while (!st && !(st = it->next(it, row)))
		if (!kg_rowvec_push(v, row))
			st = kg_eval_nomem(ev);
	free(row);
	kg_iter_free(it);
	return st == KG_DONE ? KG_OK : st;
}

/* ---- simple iterators ----------------------------------------------------- */

void
kg_iter_free(kg_iter *it)
{
	if (it)
		it->free(it);
}

typedef struct {
	kg_iter base;
	size_t w;
	kg_id *rows;
	size_t n, pos;
	int owned;
} rows_it;

static kg_status
rows_next(kg_iter *it, kg_id *row)
{
	rows_it *r = (rows_it *)it;
	if (r->pos >= r->n)
		return KG_DONE;
	if (r->w)
		memcpy(row, r->rows + r->pos * r->w, r->w * sizeof *row);
	r->pos++;
	return KG_OK;
}

static void
rows_free(kg_iter *it)
{
	rows_it *r = (rows_it *)it;
	if (r->owned)
		free(r->rows);
	free(r);
}

/* Takes over `rows` (malloc'd, n rows). */
static kg_iter *
rows_take(kg_eval *ev, kg_id *rows, size_t n)
{
	rows_it *r = calloc(1, sizeof *r);
	if (!r) {
		free(rows);
		kg_eval_nomem(ev);
		return NULL;
	}
	r->base.next = rows_next;
	r->base.free = rows_free;
	r->w = ev->width;
	r->rows = rows;
	r->n = n;
	r->owned = 1;
	return &r->base;
}

kg_iter *
kg_iter_rows(kg_eval *ev, const kg_id *rows, size_t n)
{
	size_t bytes = n * ev->width * sizeof *rows;
	kg_id *copy = malloc(bytes ? bytes : 1);
	if (!copy) {
		kg_eval_nomem(ev);
		return NULL;
	}
	if (bytes)
		memcpy(copy, rows, bytes);
	return rows_take(ev, copy, n);
}

/* One row: `in`, or the empty solution. */
static kg_iter *
unit(kg_eval *ev, const kg_id *in)
{
	kg_id *row = calloc(ev->width ? ev->width : 1, sizeof *row);
	if (!row) {
		kg_eval_nomem(ev);
		return NULL;
	}
	if (in)
		memcpy(row, in, ev->width * sizeof *row);
	return rows_take(ev, row, 1);
}

static kg_iter *
empty(kg_eval *ev)
{
	kg_id *row = malloc(sizeof *row);
	if (!row) {
		kg_eval_nomem(ev);
		return NULL;
	}
	return rows_take(ev, row, 0);
}
/* ---- join, optional, union, filter ---------------------------------------- */

typedef struct {
	kg_iter base;
	kg_eval *ev;
	const kg_alg *op;
	kg_id graph;
	kg_iter *left, *right;
	kg_id *lrow;
	int matched;
} join_it;

static void
join_free(kg_iter *it)
{
	join_it *j = (join_it *)it;
	kg_iter_free(j->left);
	kg_iter_free(j->right);
	free(j->lrow);
	free(j);
}

static kg_status
join_next(kg_iter *it, kg_id *row)
{
	join_it *j = (join_it *)it;
	for (;;) {
		if (j->right) {
			kg_status st = j->right->next(j->right, row);
			if (st != KG_DONE)
				return st;
			kg_iter_free(j->right);
			j->right = NULL;
		}
		kg_status st = j->left->next(j->left, j->lrow);
		if (st)
			return st;
		if (!(j->right = kg_eval_op(j->ev, j->op->b, j->lrow, j->graph)))
			return kg_eval_err(j->ev);
	}
}

static kg_status
leftjoin_next(kg_iter *it, kg_id *row)
{
	join_it *j = (join_it *)it;
	kg_eval *ev = j->ev;
	for (;;) {
		if (j->right) {
			kg_status st;
			while (!(st = j->right->next(j->right, row))) {
				if (j->op->expr) {
					int r = kg_eval_test(ev, j->op->expr, row, j->graph);
					if (r < 0)
						return kg_eval_err(ev);
					if (!r)
						continue;
				}
				j->matched = 1;
				return KG_OK;
			}
			if (st != KG_DONE)
				return st;
			kg_iter_free(j->right);
			j->right = NULL;
			if (!j->matched) {
				memcpy(row, j->lrow, ev->width * sizeof *row);
				return KG_OK;
			}
		}
		kg_status st = j->left->next(j->left, j->lrow);
		if (st)
			return st;
		j->matched = 0;
		if (!(j->right = kg_eval_op(ev, j->op->b, j->lrow, j->graph)))
			return kg_eval_err(ev);
	}
}

static kg_iter *
join(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph, int left)
{
	/* A SERVICE on the right takes the left rows in batches, not one
	 * request per row. */
	if (op->b->kind == KG_ALG_SERVICE)
		return kg_eval_service(ev, op->b, kg_eval_op(ev, op->a, in, graph),
		                       graph, left ? op->expr : NULL, left);
	join_it *j = calloc(1, sizeof *j);
	if (!j || !(j->lrow = malloc((ev->width ? ev->width : 1) * sizeof *j->lrow))) {
		free(j);
		return kg_eval_nomem(ev), NULL;
	}
	j->base.next = left ? leftjoin_next : join_next;
	j->base.free = join_free;
	j->ev = ev;
	j->op = op;
	j->graph = graph;
	if (!(j->left = kg_eval_op(ev, op->a, in, graph))) {
		join_free(&j->base);
		return NULL;
	}
	return &j->base;
}

typedef struct {
	kg_iter base;
	kg_eval *ev;
	const kg_alg *op;
	kg_id graph;
	kg_iter *cur;
	kg_id *in;
	int second;
} union_it;

static void
union_free(kg_iter *it)
{
	union_it *u = (union_it *)it;
	kg_iter_free(u->cur);
	free(u->in);
	free(u);
}

static kg_status
union_next(kg_iter *it, kg_id *row)
{
	union_it *u = (union_it *)it;
	for (;;) {
		kg_status st = u->cur->next(u->cur, row);
		if (st != KG_DONE || u->second)
			return st;
		kg_iter_free(u->cur);
		u->second = 1;
		if (!(u->cur = kg_eval_op(u->ev, u->op->b, u->in, u->graph)))
			return kg_eval_err(u->ev);
	}
}

static kg_iter *
union_(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	union_it *u = calloc(1, sizeof *u);
	if (!u)
		return kg_eval_nomem(ev), NULL;
	u->base.next = union_next;
	u->base.free = union_free;
	u->ev = ev;
	u->op = op;
	u->graph = graph;
	if (in) {
		if (!(u->in = malloc(ev->width * sizeof *in))) {
			free(u);
			return kg_eval_nomem(ev), NULL;
		}
		memcpy(u->in, in, ev->width * sizeof *in);
	}
	if (!(u->cur = kg_eval_op(ev, op->a, in, graph))) {
		union_free(&u->base);
		return NULL;
	}
	return &u->base;
}

/* An iterator that passes on the rows of `src` that `keep` accepts
 * (after it may change them). */
typedef struct filter_it filter_it;
struct filter_it {
	kg_iter base;
	kg_eval *ev;
	const kg_alg *op;
	kg_id graph;
	kg_iter *src;
	int (*keep)(filter_it *f, kg_id *row); /* 1 keep, 0 drop, -1 error */
	void *state;
	void (*state_free)(void *);
	long long count; /* SLICE */
};

static void
filter_free(kg_iter *it)
{
	filter_it *f = (filter_it *)it;
	kg_iter_free(f->src);
	if (f->state_free)
		f->state_free(f->state);
	free(f);
}

static kg_status
filter_next(kg_iter *it, kg_id *row)
{
	filter_it *f = (filter_it *)it;
	for (;;) {
		kg_status st = f->src->next(f->src, row);
		if (st)
			return st;
		int k = f->keep(f, row);
		if (k < 0)
			return kg_eval_err(f->ev);
		if (k == 2)
			return KG_DONE;
		if (k)
			return KG_OK;
	}
}

static kg_iter *
filter_over(kg_eval *ev, const kg_alg *op, kg_iter *src, kg_id graph,
            int (*keep)(filter_it *, kg_id *))
{
	if (!src)
		return NULL;
	filter_it *f = calloc(1, sizeof *f);
	if (!f) {
		kg_iter_free(src);
		return kg_eval_nomem(ev), NULL;
	}
	f->base.next = filter_next;
	f->base.free = filter_free;
	f->ev = ev;
	f->op = op;
	f->graph = graph;
	f->src = src;
	f->keep = keep;
	return &f->base;
}

static int
keep_filter(filter_it *f, kg_id *row)
{
	return kg_eval_test(f->ev, f->op->expr, row, f->graph);
}

static int
keep_extend(filter_it *f, kg_id *row)
{
	kg_eval *ev = f->ev;
	kg_sparql_value *v = kg_eval_expr(ev, f->op->expr, row, f->graph);
	if (!v)
		return -1;
	if (kg_sparql_value_is_error(v)) {
		kg_sparql_value_free(v);
		return 1;
	}
	kg_id id = kg_eval_intern_value(ev, v);
	kg_sparql_value_free(v);
	if (!id)
		return -1;
	int slot = kg_eval_var(ev, f->op->var);
	if (row[slot] && row[slot] != id)
		return 0;
	row[slot] = id;
	return 1;
}
/* ---- MINUS ------------------------------------------------------------------ */

typedef struct {
	const kg_rowvec *right; /* a memo's rows */
} minus_state;

static int
keep_minus(filter_it *f, kg_id *row)
{
	minus_state *s = f->state;
	size_t w = f->ev->width;
	const kg_rowvec *r = s->right;
	for (size_t i = 0; i < r->n; i++) {
		const kg_id *b = r->data + i * w;
		int shared = 0, ok = 1;
		for (size_t v = 0; v < w && ok; v++) {
			if (!row[v] || !b[v])
				continue;
			shared = 1;
			if (row[v] != b[v])
				ok = 0;
		}
		if (shared && ok)
			return 0;
	}
	return 1;
}

static kg_iter *
minus(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	const kg_rowvec *m = kg_eval_memo_rows(ev, op->b, graph);
	if (!m)
		return NULL;
	minus_state *s = calloc(1, sizeof *s);
	if (!s)
		return kg_eval_nomem(ev), NULL;
	s->right = m;
	filter_it *f = (filter_it *)filter_over(ev, op, kg_eval_op(ev, op->a, in,
	                                                            graph),
	                                        graph, keep_minus);
	if (!f) {
		free(s);
		return NULL;
	}
	f->state = s;
	f->state_free = free;
	return &f->base;
}

/* ---- GRAPH ------------------------------------------------------------------ */

typedef struct {
	kg_iter base;
	kg_eval *ev;
	const kg_alg *op;
	int slot;
	const kg_id *graphs;
	size_t n, pos;
	kg_id *in;
	kg_iter *cur;
} graph_it;

static void
graph_free(kg_iter *it)
{
	graph_it *g = (graph_it *)it;
	kg_iter_free(g->cur);
	free(g->in);
	free(g);
}

static kg_status
graph_next(kg_iter *it, kg_id *row)
{
	graph_it *g = (graph_it *)it;
	for (;;) {
		if (g->cur) {
			kg_status st = g->cur->next(g->cur, row);
			if (st != KG_DONE)
				return st;
			kg_iter_free(g->cur);
			g->cur = NULL;
		}
		if (g->pos >= g->n)
			return KG_DONE;
		kg_id gid = g->graphs[g->pos++];
		g->in[g->slot] = gid;
		if (!(g->cur = kg_eval_op(g->ev, g->op->a, g->in, gid)))
			return kg_eval_err(g->ev);
	}
}

static kg_iter *
graph_op(kg_eval *ev, const kg_alg *op, const kg_id *in)
{
	kg_id gid = 0;
	int slot = -1;
	if (op->name.kind == KG_SPARQL_TERM_IRI) {
		if (!(gid = kg_eval_intern_sparql(ev, &op->name)))
			return NULL;
	} else {
		slot = kg_eval_term_slot(ev, &op->name);
		if (slot >= 0 && in)
			gid = in[slot];
	}
	if (gid)
		return kg_eval_graph_visible(ev, gid) ? kg_eval_op(ev, op->a, in, gid)
		                                      : empty(ev);
	graph_it *g = calloc(1, sizeof *g);
	if (!g || !(g->in = calloc(ev->width ? ev->width : 1, sizeof *g->in))) {
		free(g);
		return kg_eval_nomem(ev), NULL;
	}
	if (in)
		memcpy(g->in, in, ev->width * sizeof *in);
	g->base.next = graph_next;
	g->base.free = graph_free;
	g->ev = ev;
	g->op = op;
	g->slot = slot;
	if (kg_eval_named_graphs(ev, &g->graphs, &g->n)) {
		graph_free(&g->base);
		return NULL;
	}
	return &g->base;
}

/* ---- VALUES ----------------------------------------------------------------- */

static kg_iter *
table(kg_eval *ev, const kg_alg *op, const kg_id *in)
{
	size_t w = ev->width;
	kg_rowvec v = {NULL, 0, 0, w};
	kg_id *row = calloc(w ? w : 1, sizeof *row);
	if (!row)
		return kg_eval_nomem(ev), NULL;
	for (size_t r = 0; r < op->n_rows; r++) {
		if (in)
			memcpy(row, in, w * sizeof *row);
		else
			memset(row, 0, w * sizeof *row);
		int ok = 1;
		for (size_t c = 0; c < op->n_vars && ok; c++) {
			const kg_sparql_term *t = &op->rows[r * op->n_vars + c];
			if (t->kind == KG_SPARQL_TERM_NONE)
				continue;
			kg_id id = kg_eval_intern_sparql(ev, t);
			int slot = kg_eval_var(ev, op->vars[c]);
			if (!id) {
				free(row);
				free(v.data);
				return NULL;
			}
			if (row[slot] && row[slot] != id)
				ok = 0;
			row[slot] = id;
		}
		if (ok && !kg_rowvec_push(&v, row)) {
			free(row);
			free(v.data);
			return kg_eval_nomem(ev), NULL;
		}
	}
	free(row);
	if (!v.data && !(v.data = malloc(sizeof *v.data)))
		return kg_eval_nomem(ev), NULL;
	return rows_take(ev, v.data, v.n);
}

/* ---- solution modifiers ---------------------------------------------------- */

static int
keep_project(filter_it *f, kg_id *row)
{
	const unsigned char *keep = f->state;
	for (size_t v = 0; v < f->ev->width; v++)
		if (!keep[v])
			row[v] = 0;
	return 1;
}

static kg_iter *
project(kg_eval *ev, const kg_alg *op, kg_id graph)
{
	unsigned char *keep = calloc(ev->width ? ev->width : 1, 1);
	if (!keep)
		return kg_eval_nomem(ev), NULL;
	for (size_t i = 0; i < op->n_vars; i++) {
		int slot = kg_eval_var(ev, op->vars[i]);
		if (slot >= 0)
			keep[slot] = 1;
	}
	filter_it *f = (filter_it *)filter_over(
		ev, op, kg_eval_op(ev, op->a, NULL, graph), graph, keep_project);
	if (!f) {
		free(keep);
		return NULL;
	}
	f->state = keep;
	f->state_free = free;
	return &f->base;
}

/* A set of rows, for DISTINCT. */
typedef struct {
	kg_rowvec rows;
	size_t *slots, cap; /* row index + 1 */
	int *all;           /* every slot, for hashing */
} row_set;

static void
row_set_free(void *p)
{
	row_set *s = p;
	free(s->rows.data);
	free(s->slots);
	free(s->all);
	free(s);
}

/* 1 if row was new, 0 if seen, -1 when memory ran out. */
static int
row_set_add(row_set *s, const kg_id *row)
{
	size_t w = s->rows.w;
	if ((s->rows.n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		size_t *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		for (size_t r = 0; r < s->rows.n; r++) {
			size_t h = kg_row_hash(s->rows.data + r * w, s->all, w) &
			           (cap - 1);
			while (slots[h])
				h = (h + 1) & (cap - 1);
			slots[h] = r + 1;
		}
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t h = kg_row_hash(row, s->all, w) & (s->cap - 1);
	for (; s->slots[h]; h = (h + 1) & (s->cap - 1))
		if (!memcmp(s->rows.data + (s->slots[h] - 1) * w, row,
		            w * sizeof *row))
			return 0;
	if (!kg_rowvec_push(&s->rows, row))
		return -1;
	s->slots[h] = s->rows.n;
	return 1;
}

static int
keep_distinct(filter_it *f, kg_id *row)
{
	return row_set_add(f->state, row);
}

static kg_iter *
distinct(kg_eval *ev, const kg_alg *op, kg_id graph)
{
	row_set *s = calloc(1, sizeof *s);
	if (!s || !(s->all = malloc((ev->width ? ev->width : 1) * sizeof *s->all))) {
		free(s);
		return kg_eval_nomem(ev), NULL;
	}
	s->rows.w = ev->width;
	for (size_t v = 0; v < ev->width; v++)
		s->all[v] = (int)v;
	filter_it *f = (filter_it *)filter_over(
		ev, op, kg_eval_op(ev, op->a, NULL, graph), graph, keep_distinct);
	if (!f) {
		row_set_free(s);
		return NULL;
	}
	f->state = s;
	f->state_free = row_set_free;
	return &f->base;
}

static int
keep_slice(filter_it *f, kg_id *row)
{
	(void)row;
	long long i = f->count++;
	if (f->op->length >= 0 && i >= f->op->start + f->op->length)
		return 2;
	return i >= f->op->start;
}

/* ---- ORDER BY --------------------------------------------------------------- */

typedef struct {
	kg_eval *ev;
	const kg_alg *op;
	kg_id *keys; /* n_order ids per row, 0 for unbound or error */
	size_t nk;
} sort_ctx;

static int
cmp_rows(const sort_ctx *c, size_t a, size_t b)
{
	for (size_t k = 0; k < c->nk; k++) {
		kg_id x = c->keys[a * c->nk + k], y = c->keys[b * c->nk + k];
		if (x == y)
			continue;
		int r = kg_sparql_value_order(x ? kg_eval_value(c->ev, x) : NULL,
		                              y ? kg_eval_value(c->ev, y) : NULL);
		if (r)
			return c->op->order[k].descending ? -r : r;
	}
	return 0;
}

/* A stable merge sort of the row indexes in idx (tmp: scratch). */
static void
merge_sort(const sort_ctx *c, size_t *idx, size_t *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(c, idx, tmp, h);
	merge_sort(c, idx + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp_rows(c, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
	while (i < h)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof *idx);
}

static kg_iter *
order_by(kg_eval *ev, const kg_alg *op, kg_id graph)
{
	size_t w = ev->width, nk = op->n_order;
	kg_rowvec rows = {NULL, 0, 0, w};
	if (kg_eval_drain(ev, kg_eval_op(ev, op->a, NULL, graph), &rows))
		return free(rows.data), NULL;
	sort_ctx c = {ev, op, NULL, nk};
	size_t n = rows.n;
	c.keys = calloc(n * nk + 1, sizeof *c.keys);
	size_t *idx = malloc((n + 1) * sizeof *idx);
	size_t *tmp = malloc((n + 1) * sizeof *tmp);
	kg_id *out = malloc((n * w + 1) * sizeof *out);
	kg_status st = c.keys && idx && tmp && out ? KG_OK : kg_eval_nomem(ev);
	for (size_t r = 0; !st && r < n; r++) {
		idx[r] = r;
		for (size_t k = 0; !st && k < nk; k++) {
			const kg_alg_expr *e = op->order[k].expr;
			const kg_id *row = rows.data + r * w;
			if (e->op == KG_SPARQL_EX_TERM &&
			    e->term.kind == KG_SPARQL_TERM_VAR) {
				int slot = kg_eval_var(ev, e->term.value);
				c.keys[r * nk + k] = slot >= 0 ? row[slot] : 0;
				continue;
			}
			kg_sparql_value *v = kg_eval_expr(ev, e, row, graph);
			if (!v) {
				st = kg_eval_err(ev);
				break;
			}
			if (!kg_sparql_value_is_error(v) &&
			    !(c.keys[r * nk + k] = kg_eval_intern_value(ev, v)))
				st = kg_eval_err(ev);
			kg_sparql_value_free(v);
		}
	}
	if (!st) {
		merge_sort(&c, idx, tmp, n);
		for (size_t r = 0; r < n; r++)
			memcpy(out + r * w, rows.data + idx[r] * w, w * sizeof *out);
	}
	free(rows.data);
	free(c.keys);
	free(idx);
	free(tmp);
	if (st) {
		free(out);
		return NULL;
	}
	return rows_take(ev, out, n);
}

/* ---- dispatch --------------------------------------------------------------- */

kg_iter *
kg_eval_op_plain(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	switch (op->kind) {
	case KG_ALG_BGP:
		return kg_eval_bgp(ev, op, NULL, in, graph);
	case KG_ALG_PATH:
		return kg_eval_path(ev, op, in, graph);
	case KG_ALG_JOIN:
		return join(ev, op, in, graph, 0);
	case KG_ALG_LEFTJOIN:
		return join(ev, op, in, graph, 1);
	case KG_ALG_FILTER:
		if (op->a->kind == KG_ALG_BGP && op->a->n_triples)
			return kg_eval_bgp(ev, op->a, op->expr, in, graph);
		return filter_over(ev, op, kg_eval_op(ev, op->a, in, graph), graph,
		                   keep_filter);
	case KG_ALG_UNION:
		return union_(ev, op, in, graph);
	case KG_ALG_GRAPH:
		return graph_op(ev, op, in);
	case KG_ALG_EXTEND:
		return filter_over(ev, op, kg_eval_op(ev, op->a, in, graph), graph,
		                   keep_extend);
	case KG_ALG_MINUS:
		return minus(ev, op, in, graph);
	case KG_ALG_TABLE:
		return table(ev, op, in);
	case KG_ALG_GROUP: /* always under an AggregateJoin */
		return kg_eval_op(ev, op->a, in, graph);
	case KG_ALG_AGGREGATE_JOIN: {
		kg_iter *input = kg_eval_op(ev, op->a->a, NULL, graph);
		return input ? kg_eval_group(ev, op, input, graph) : NULL;
	}
	case KG_ALG_TO_LIST:
	case KG_ALG_TO_MULTISET:
		return kg_eval_op(ev, op->a, in, graph);
	case KG_ALG_ORDER_BY:
		return order_by(ev, op, graph);
	case KG_ALG_PROJECT:
		return project(ev, op, graph);
	case KG_ALG_DISTINCT:
	case KG_ALG_REDUCED:
		return distinct(ev, op, graph);
	case KG_ALG_SLICE:
		return filter_over(ev, op, kg_eval_op(ev, op->a, NULL, graph), graph,
		                   keep_slice);
	case KG_ALG_SERVICE:
		return kg_eval_service(ev, op, unit(ev, in), graph, NULL, 0);
	}
	kg_db_error(ev->db, KG_ERR_QUERY, NULL, 0, 0, "unknown operator");
	return NULL;
}

kg_iter *
kg_eval_op(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	if (ev->db->interrupted) {
		kg_db_error(ev->db, KG_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
		return NULL;
	}
	if (!kg_eval_native(ev, op, in))
		return kg_eval_probe(ev, op, in, graph);
	/* A pattern that shares no variable with `in` would do the same
	 * lookups for every input row: evaluate it once and keep it (a cross
	 * product, read from memory). */
	if (in && (op->kind == KG_ALG_BGP || op->kind == KG_ALG_PATH) &&
	    !kg_eval_shares_vars(ev, op, in))
		return kg_eval_probe(ev, op, in, graph);
	return kg_eval_op_plain(ev, op, in, graph);
}
