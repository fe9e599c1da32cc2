/* eval_join.c: operators evaluated once, kept (a memo) and probed with
 * each input row through a hash index on the variables both sides bind:
 * the way in for an operator that may not take the input row into its
 * own evaluation (eval_scope.c), and for a pattern that shares no
 * variable with it.
 */
#include "sparql/eval_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- rows ----------------------------------------------------------------- */

static int
compatible(const kg_id *a, const kg_id *b, size_t w)
{
	for (size_t i = 0; i < w; i++)
		if (a[i] && b[i] && a[i] != b[i])
			return 0;
	return 1;
}

static void
merge_into(kg_id *dst, const kg_id *src, size_t w)
{
	for (size_t i = 0; i < w; i++)
		if (!dst[i])
			dst[i] = src[i];
}

uint64_t
kg_row_hash(const kg_id *row, const int *vars, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i++)
		h = kg_hash_mix(h ^ row[vars[i]]) + i;
	return h;
}

/* ---- operators evaluated once ---------------------------------------------- */

typedef struct {
	int *vars;
	size_t n_vars;
	size_t *heads, cap; /* bucket -> row index + 1 */
	size_t *next;       /* row -> next row index + 1 in its bucket */
} memo_index;

struct ev_memo {
	const kg_alg *op;
	kg_id graph;
	kg_rowvec rows;
	memo_index *idx;
	size_t n_idx;
	ev_memo *next;
};

void
kg_eval_memo_free(kg_eval *ev)
{
	ev_impl *im = ev->impl;
	for (ev_memo *m = im->memos, *next; m; m = next) {
		next = m->next;
		for (size_t i = 0; i < m->n_idx; i++) {
			free(m->idx[i].vars);
			free(m->idx[i].heads);
			free(m->idx[i].next);
		}
		free(m->idx);
		free(m->rows.data);
		free(m);
	}
	im->memos = NULL;
}

static ev_memo *
memo_of(kg_eval *ev, const kg_alg *op, kg_id graph)
{
	ev_impl *im = ev->impl;
	for (ev_memo *m = im->memos; m; m = m->next)
		if (m->op == op && m->graph == graph)
			return m;
	ev_memo *m = calloc(1, sizeof *m);
	if (!m)
		return kg_eval_nomem(ev), NULL;
	m->op = op;
	m->graph = graph;
	m->rows.w = ev->width;
	if (kg_eval_drain(ev, kg_eval_op_plain(ev, op, NULL, graph), &m->rows)) {
		free(m->rows.data);
		free(m);
		return NULL;
	}
	m->next = im->memos;
	im->memos = m;
	return m;
}

const kg_rowvec *
kg_eval_memo_rows(kg_eval *ev, const kg_alg *op, kg_id graph)
{
	ev_memo *m = memo_of(ev, op, graph);
	return m ? &m->rows : NULL;
}

static memo_index *
memo_index_for(kg_eval *ev, ev_memo *m, const int *vars, size_t n)
{
	for (size_t i = 0; i < m->n_idx; i++)
		if (m->idx[i].n_vars == n &&
		    !memcmp(m->idx[i].vars, vars, n * sizeof *vars))
			return &m->idx[i];
	memo_index *idx = realloc(m->idx, (m->n_idx + 1) * sizeof *idx);
	if (!idx)
		return kg_eval_nomem(ev), NULL;
	m->idx = idx;
	memo_index *x = &idx[m->n_idx];
	memset(x, 0, sizeof *x);
	x->n_vars = n;
	x->cap = 16;
	while (x->cap < m->rows.n * 2)
		x->cap *= 2;
	x->vars = malloc(n * sizeof *vars);
	x->heads = calloc(x->cap, sizeof *x->heads);
	x->next = calloc(m->rows.n ? m->rows.n : 1, sizeof *x->next);
	if (!x->vars || !x->heads || !x->next) {
		free(x->vars);
		free(x->heads);
		free(x->next);
		return kg_eval_nomem(ev), NULL;
	}
	memcpy(x->vars, vars, n * sizeof *vars);
	/* Rows are chained in reverse so that each bucket lists them in
	 * their original order. */
	for (size_t r = m->rows.n; r-- > 0;) {
		const kg_id *row = m->rows.data + r * m->rows.w;
		size_t h = kg_row_hash(row, vars, n) & (x->cap - 1);
		x->next[r] = x->heads[h];
		x->heads[h] = r + 1;
	}
	m->n_idx++;
	return x;
}

typedef struct {
	kg_iter base;
	kg_eval *ev;
	ev_memo *m;
	memo_index *x;  /* NULL: scan every row */
	kg_id *in;
	size_t pos;     /* scan: next row; index: next row + 1, 0 at end */
} probe_it;

static kg_status
probe_next(kg_iter *it, kg_id *row)
{
	probe_it *p = (probe_it *)it;
	size_t w = p->ev->width;
	for (;;) {
		size_t r;
		if (p->ev->db->interrupted)
			return kg_db_error(p->ev->db, KG_ERR_INTERRUPTED, NULL, 0,
			                   0, "interrupted");
		if (p->x) {
			if (!p->pos)
				return KG_DONE;
			r = p->pos - 1;
			p->pos = p->x->next[r];
		} else {
			if (p->pos >= p->m->rows.n)
				return KG_DONE;
			r = p->pos++;
		}
		const kg_id *cand = p->m->rows.data + r * w;
		if (!compatible(cand, p->in, w))
			continue;
		memcpy(row, cand, w * sizeof *row);
		merge_into(row, p->in, w);
		return KG_OK;
	}
}

static void
probe_free(kg_iter *it)
{
	probe_it *p = (probe_it *)it;
	free(p->in);
	free(p);
}

kg_iter *
kg_eval_probe(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	ev_memo *m = memo_of(ev, op, graph);
	const uint64_t *certain = kg_eval_certain(ev, op);
	if (!m || !certain)
		return NULL;
	probe_it *p = calloc(1, sizeof *p);
	int *vars = malloc((ev->width ? ev->width : 1) * sizeof *vars);
	if (!p || !vars || !(p->in = malloc(ev->width * sizeof *in))) {
		free(vars);
		if (p)
			free(p->in);
		free(p);
		return kg_eval_nomem(ev), NULL;
	}
	memcpy(p->in, in, ev->width * sizeof *in);
	p->base.next = probe_next;
	p->base.free = probe_free;
	p->ev = ev;
	p->m = m;
	size_t n = 0;
	for (size_t v = 0; v < ev->width; v++)
		if (in[v] && kg_bits_has(certain, (int)v))
			vars[n++] = (int)v;
	if (n && m->rows.n > 8) {
		if (!(p->x = memo_index_for(ev, m, vars, n))) {
			free(vars);
			probe_free(&p->base);
			return NULL;
		}
		p->pos = p->x->heads[kg_row_hash(in, vars, n) & (p->x->cap - 1)];
	}
	free(vars);
	return &p->base;
}
