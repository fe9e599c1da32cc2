/* eval_op.c: the operators of the algebra as iterators.
 *
 * Every operator yields its solutions merged with an input row `in`
 * (eval.h).  Whether it may take `in` into its own evaluation (a
 * "native" evaluation: `in` substituted into its patterns) depends on
 * scope: a FILTER must not see a variable that only `in` binds, an
 * OPTIONAL's right side must not be narrowed by a variable its left side
 * may leave unbound, and so on.  For each operator, info() computes the
 * variables it may bind and those it always binds; from these, the
 * "danger" slots: when `in` binds none of them, the native evaluation is
 * exact.  Otherwise the operator is evaluated once without `in`, kept
 * (a memo), and probed with `in` through a hash index on the variables
 * both sides bind.
 *
 * A basic graph pattern is a nested-loop index join: its triple patterns
 * are ordered so that each is looked up with as many terms bound as
 * possible, and the conjuncts of a FILTER over it are tested as soon as
 * their variables are bound.
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

static kg_status
nomem(kg_eval *ev)
{
	return kg_db_error(ev->db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* A growing array of rows. */
typedef struct {
	kg_id *data;
	size_t n, cap, w;
} rowvec;

static kg_id *
rowvec_push(rowvec *v, const kg_id *row)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		kg_id *d = realloc(v->data, cap * (v->w ? v->w : 1) * sizeof *d);
		if (!d)
			return NULL;
		v->data = d;
		v->cap = cap;
	}
	kg_id *r = v->data + v->n++ * v->w;
	if (v->w)
		memcpy(r, row, v->w * sizeof *r);
	return r;
}

/* ---- variables of operators ----------------------------------------------- */

typedef struct ev_info {
	const kg_alg *op;
	uint64_t *maybe, *certain;
	int *danger; /* slots; native evaluation is exact when `in` binds none */
	size_t n_danger;
	struct ev_info *next; /* hash chain */
} ev_info;

typedef struct {
	ev_info **buckets;
	size_t cap, n;
	size_t words;
} info_map;

static info_map *
infos(kg_eval *ev)
{
	ev_impl *im = ev->impl;
	if (!im->infos) {
		info_map *m = calloc(1, sizeof *m);
		if (!m)
			return NULL;
		m->words = ev->width / 64 + 1;
		m->cap = 256;
		if (!(m->buckets = calloc(m->cap, sizeof *m->buckets))) {
			free(m);
			return NULL;
		}
		im->infos = m;
	}
	return im->infos;
}

static void
set_bit(uint64_t *b, int slot)
{
	if (slot >= 0)
		b[slot / 64] |= 1ULL << (slot % 64);
}

static int
has_bit(const uint64_t *b, int slot)
{
	return (b[slot / 64] >> (slot % 64)) & 1;
}

static int
term_slot(kg_eval *ev, const kg_sparql_term *t)
{
	if (t->kind == KG_SPARQL_TERM_VAR)
		return kg_eval_var(ev, t->value);
	if (t->kind == KG_SPARQL_TERM_BLANK) {
		const char *name = kg_eval_blank_var(ev, t->value);
		return name ? kg_eval_var(ev, name) : -1;
	}
	return -1;
}

static ev_info *info(kg_eval *ev, const kg_alg *op);

static void
expr_vars(kg_eval *ev, const kg_alg_expr *e, uint64_t *b, size_t words)
{
	if (!e)
		return;
	if (e->op == KG_SPARQL_EX_TERM && e->term.kind == KG_SPARQL_TERM_VAR)
		set_bit(b, kg_eval_var(ev, e->term.value));
	for (size_t i = 0; i < e->n_args; i++)
		expr_vars(ev, e->args[i], b, words);
	if (e->pattern) {
		ev_info *pi = info(ev, e->pattern);
		for (size_t i = 0; pi && i < words; i++)
			b[i] |= pi->maybe[i];
	}
}

/* danger = (set \ certain) as a list of slots. */
static int
set_danger(ev_info *in, const uint64_t *set, const uint64_t *certain,
           size_t words)
{
	size_t n = 0;
	for (size_t i = 0; i < words; i++)
		n += (size_t)__builtin_popcountll(set[i] & ~certain[i]);
	if (!n)
		return 0;
	if (!(in->danger = malloc(n * sizeof *in->danger)))
		return -1;
	for (size_t i = 0; i < words; i++) {
		uint64_t x = set[i] & ~certain[i];
		while (x) {
			int bit = __builtin_ctzll(x);
			in->danger[in->n_danger++] = (int)(i * 64) + bit;
			x &= x - 1;
		}
	}
	return 0;
}

static ev_info *
info(kg_eval *ev, const kg_alg *op)
{
	info_map *m = infos(ev);
	if (!m)
		return NULL;
	size_t h = (size_t)(kg_hash_mix((uint64_t)(uintptr_t)op) & (m->cap - 1));
	for (ev_info *i = m->buckets[h]; i; i = i->next)
		if (i->op == op)
			return i;
	size_t w = m->words;
	ev_info *in = calloc(1, sizeof *in);
	uint64_t *bits = calloc(3 * w, sizeof *bits);
	if (!in || !bits) {
		free(in);
		free(bits);
		return NULL;
	}
	in->op = op;
	in->maybe = bits;
	in->certain = bits + w;
	uint64_t *tmp = bits + 2 * w; /* scratch, for danger sets */
	ev_info *a = op->a ? info(ev, op->a) : NULL;
	ev_info *b = op->b ? info(ev, op->b) : NULL;
	if ((op->a && !a) || (op->b && !b))
		goto fail;
	switch (op->kind) {
	case KG_ALG_BGP:
		for (size_t i = 0; i < op->n_triples; i++) {
			const kg_sparql_triple *t = &op->triples[i];
			set_bit(in->certain, term_slot(ev, &t->s));
			set_bit(in->certain, term_slot(ev, &t->p));
			set_bit(in->certain, term_slot(ev, &t->o));
		}
		memcpy(in->maybe, in->certain, w * sizeof *bits);
		break;
	case KG_ALG_PATH:
		set_bit(in->certain, term_slot(ev, &op->s));
		set_bit(in->certain, term_slot(ev, &op->o));
		memcpy(in->maybe, in->certain, w * sizeof *bits);
		break;
	case KG_ALG_JOIN:
		for (size_t i = 0; i < w; i++) {
			in->certain[i] = a->certain[i] | b->certain[i];
			in->maybe[i] = a->maybe[i] | b->maybe[i];
		}
		break;
	case KG_ALG_LEFTJOIN:
		for (size_t i = 0; i < w; i++) {
			in->certain[i] = a->certain[i];
			in->maybe[i] = a->maybe[i] | b->maybe[i];
			tmp[i] = b->maybe[i];
		}
		expr_vars(ev, op->expr, tmp, w);
		if (set_danger(in, tmp, a->certain, w))
			goto fail;
		break;
	case KG_ALG_MINUS:
		memcpy(in->certain, a->certain, w * sizeof *bits);
		memcpy(in->maybe, a->maybe, w * sizeof *bits);
		if (set_danger(in, b->maybe, a->certain, w))
			goto fail;
		break;
	case KG_ALG_FILTER:
	case KG_ALG_EXTEND:
		memcpy(in->certain, a->certain, w * sizeof *bits);
		memcpy(in->maybe, a->maybe, w * sizeof *bits);
		expr_vars(ev, op->expr, tmp, w);
		if (op->kind == KG_ALG_EXTEND)
			set_bit(in->maybe, kg_eval_var(ev, op->var));
		if (set_danger(in, tmp, a->certain, w))
			goto fail;
		break;
	case KG_ALG_UNION:
		for (size_t i = 0; i < w; i++) {
			in->certain[i] = a->certain[i] & b->certain[i];
			in->maybe[i] = a->maybe[i] | b->maybe[i];
		}
		break;
	case KG_ALG_GRAPH:
		memcpy(in->certain, a->certain, w * sizeof *bits);
		memcpy(in->maybe, a->maybe, w * sizeof *bits);
		set_bit(in->certain, term_slot(ev, &op->name));
		set_bit(in->maybe, term_slot(ev, &op->name));
		break;
	case KG_ALG_TABLE:
		for (size_t v = 0; v < op->n_vars; v++) {
			int slot = kg_eval_var(ev, op->vars[v]);
			set_bit(in->maybe, slot);
			int always = 1;
			for (size_t r = 0; r < op->n_rows; r++)
				if (op->rows[r * op->n_vars + v].kind ==
				    KG_SPARQL_TERM_NONE)
					always = 0;
			if (always)
				set_bit(in->certain, slot);
		}
		break;
	case KG_ALG_GROUP:
	case KG_ALG_AGGREGATE_JOIN: {
		const kg_alg *g = op->kind == KG_ALG_GROUP ? op : op->a;
		for (size_t i = 0; i < g->n_binds; i++) {
			if (g->binds[i].var)
				set_bit(in->maybe, kg_eval_var(ev, g->binds[i].var));
			else if (g->binds[i].expr->op == KG_SPARQL_EX_TERM)
				set_bit(in->maybe,
				        term_slot(ev, &g->binds[i].expr->term));
		}
		if (op->kind == KG_ALG_AGGREGATE_JOIN)
			for (size_t i = 0; i < op->n_binds; i++)
				set_bit(in->maybe, kg_eval_var(ev, op->binds[i].var));
		break;
	}
	case KG_ALG_PROJECT:
		for (size_t v = 0; v < op->n_vars; v++) {
			int slot = kg_eval_var(ev, op->vars[v]);
			if (slot < 0)
				continue;
			if (has_bit(a->maybe, slot))
				set_bit(in->maybe, slot);
			if (has_bit(a->certain, slot))
				set_bit(in->certain, slot);
		}
		break;
	default: /* the modifiers, SERVICE: as their operand */
		if (a) {
			memcpy(in->certain, a->certain, w * sizeof *bits);
			memcpy(in->maybe, a->maybe, w * sizeof *bits);
		}
		break;
	}
	in->next = m->buckets[h];
	m->buckets[h] = in;
	return in;
fail:
	free(in->danger);
	free(bits);
	free(in);
	return NULL;
}

static void
infos_free(kg_eval *ev)
{
	ev_impl *im = ev->impl;
	info_map *m = im->infos;
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		for (ev_info *x = m->buckets[i], *next; x; x = next) {
			next = x->next;
			free(x->danger);
			free(x->maybe);
			free(x);
		}
	free(m->buckets);
	free(m);
	im->infos = NULL;
}

/* Whether `op` may take `in` into its own evaluation. */
static int
native(kg_eval *ev, const kg_alg *op, const kg_id *in)
{
	if (!in)
		return 1;
	switch (op->kind) {
	case KG_ALG_BGP:
	case KG_ALG_PATH:
	case KG_ALG_JOIN:
	case KG_ALG_UNION:
	case KG_ALG_GRAPH:
	case KG_ALG_TABLE:
	case KG_ALG_TO_LIST:
		return 1;
	case KG_ALG_FILTER:
	case KG_ALG_LEFTJOIN:
	case KG_ALG_EXTEND:
	case KG_ALG_MINUS: {
		ev_info *i = info(ev, op);
		if (!i)
			return 0;
		/* Inside EXISTS, the values substituted from the outer row are
		 * constants of the pattern, never a danger. */
		const kg_id *subst = ((ev_impl *)ev->impl)->subst;
		for (size_t k = 0; k < i->n_danger; k++)
			if (in[i->danger[k]] && !(subst && subst[i->danger[k]]))
				return 0;
		return 1;
	}
	default:
		return 0;
	}
}

/* Whether `in` binds a variable `op` binds. */
static int
shares_vars(kg_eval *ev, const kg_alg *op, const kg_id *in)
{
	ev_info *i = info(ev, op);
	if (!i)
		return 1;
	for (size_t v = 0; v < ev->width; v++)
		if (in[v] && has_bit(i->maybe, (int)v))
			return 1;
	return 0;
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
		nomem(ev);
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
		nomem(ev);
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
		nomem(ev);
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
		nomem(ev);
		return NULL;
	}
	return rows_take(ev, row, 0);
}

/* ---- basic graph patterns -------------------------------------------------- */

typedef struct {
	int slot[3];  /* variable slot, or -1 for a constant */
	kg_id c[3];   /* the constant */
	const kg_alg_expr **filters; /* tested once this pattern matched */
	size_t n_filters;
} bgp_pat;

typedef struct {
	kg_iter base;
	kg_eval *ev;
	kg_id graph;
	size_t n, w;
	bgp_pat *pats;
	kg_id *rows;          /* rows[i]: before pattern i; rows[n]: result */
	kg_eval_match **m;
	int level, started;
	const kg_alg_expr **flt; /* storage of the filters of pats */
} bgp_it;

static void
bgp_free(kg_iter *it)
{
	bgp_it *b = (bgp_it *)it;
	for (size_t i = 0; i < b->n; i++)
		kg_eval_match_free(b->m[i]);
	free(b->m);
	free(b->rows);
	free(b->pats);
	free(b->flt);
	free(b);
}

static kg_status
bgp_open(bgp_it *b, int level)
{
	const bgp_pat *p = &b->pats[level];
	const kg_id *row = b->rows + (size_t)level * b->w;
	kg_id t[3];
	for (int k = 0; k < 3; k++)
		t[k] = p->slot[k] >= 0 ? row[p->slot[k]] : p->c[k];
	kg_eval_match_free(b->m[level]);
	b->m[level] = NULL;
	return kg_eval_match_new(b->ev, t[0], t[1], t[2], b->graph,
	                         &b->m[level]);
}

static kg_status
bgp_next(kg_iter *it, kg_id *out)
{
	bgp_it *b = (bgp_it *)it;
	kg_eval *ev = b->ev;
	if (!b->started) {
		b->started = 1;
		if (!b->n) {
			b->level = -1;
			memcpy(out, b->rows, b->w * sizeof *out);
			return KG_OK;
		}
		b->level = 0;
		kg_status st = bgp_open(b, 0);
		if (st)
			return st;
	}
	while (b->level >= 0) {
		int l = b->level;
		kg_id t[3];
		kg_status st = kg_eval_match_next(b->m[l], t);
		if (st == KG_DONE) {
			b->level--;
			continue;
		}
		if (st)
			return st;
		const bgp_pat *p = &b->pats[l];
		kg_id *row = b->rows + (size_t)(l + 1) * b->w;
		memcpy(row, row - b->w, b->w * sizeof *row);
		int ok = 1;
		for (int k = 0; k < 3 && ok; k++) {
			int s = p->slot[k];
			if (s < 0)
				continue;
			if (row[s] && row[s] != t[k])
				ok = 0; /* a variable repeated in the pattern */
			row[s] = t[k];
		}
		for (size_t f = 0; ok && f < p->n_filters; f++) {
			int r = kg_eval_test(ev, p->filters[f], row, b->graph);
			if (r < 0)
				return ev->db->err_status ? ev->db->err_status
				                          : KG_ERR_NOMEM;
			ok = r;
		}
		if (!ok)
			continue;
		if ((size_t)l + 1 == b->n) {
			memcpy(out, row, b->w * sizeof *out);
			return KG_OK;
		}
		b->level = l + 1;
		if ((st = bgp_open(b, l + 1)))
			return st;
	}
	return KG_DONE;
}

/* The cost of looking a pattern up with the positions in `mask` bound
 * (4 subject, 2 predicate, 1 object), for a store indexed like Redland's
 * hashes store (sp->o, po->s, so->p, p->so; no s or o alone). */
static double
lookup_cost(int mask)
{
	static const double cost[8] = {
		1e7,  /* nothing */
		1e6,  /* o */
		1e4,  /* p */
		100,  /* p o */
		1e6,  /* s */
		50,   /* s o */
		10,   /* s p */
		1     /* s p o */
	};
	return cost[mask];
}

/* Adds the conjuncts of e to list. */
static size_t
conjuncts(const kg_alg_expr *e, const kg_alg_expr **list, size_t n)
{
	if (e->op == KG_SPARQL_EX_AND) {
		for (size_t i = 0; i < e->n_args; i++)
			n = conjuncts(e->args[i], list, n);
		return n;
	}
	list[n] = e;
	return n + 1;
}

static size_t
count_conjuncts(const kg_alg_expr *e)
{
	if (e->op != KG_SPARQL_EX_AND)
		return 1;
	size_t n = 0;
	for (size_t i = 0; i < e->n_args; i++)
		n += count_conjuncts(e->args[i]);
	return n;
}

static int
expr_has_exists(const kg_alg_expr *e)
{
	if (e->pattern)
		return 1;
	for (size_t i = 0; i < e->n_args; i++)
		if (expr_has_exists(e->args[i]))
			return 1;
	return 0;
}

/* A BGP (with the FILTER `filter` over it, or NULL) merged with `in`. */
static kg_iter *
bgp(kg_eval *ev, const kg_alg *op, const kg_alg_expr *filter, const kg_id *in,
    kg_id graph)
{
	size_t n = op->n_triples, w = ev->width;
	bgp_it *b = calloc(1, sizeof *b);
	if (!b)
		return nomem(ev), NULL;
	b->base.next = bgp_next;
	b->base.free = bgp_free;
	b->ev = ev;
	b->graph = graph;
	b->n = n;
	b->w = w;
	b->pats = calloc(n ? n : 1, sizeof *b->pats);
	b->m = calloc(n ? n : 1, sizeof *b->m);
	b->rows = calloc((n + 1) * (w ? w : 1), sizeof *b->rows);
	size_t words = w / 64 + 1;
	uint64_t *bound = calloc(words, sizeof *bound);
	bgp_pat *todo = calloc(n ? n : 1, sizeof *todo);
	if (!b->pats || !b->m || !b->rows || !bound || !todo)
		goto fail;
	if (in)
		memcpy(b->rows, in, w * sizeof *in);
	for (size_t i = 0; i < w; i++)
		if (b->rows[i])
			set_bit(bound, (int)i);
	for (size_t i = 0; i < n; i++) {
		const kg_sparql_term *t[3] = {&op->triples[i].s, &op->triples[i].p,
		                              &op->triples[i].o};
		for (int k = 0; k < 3; k++) {
			todo[i].slot[k] = term_slot(ev, t[k]);
			if (todo[i].slot[k] < 0 && !(todo[i].c[k] = kg_eval_intern_sparql(ev, t[k])))
				goto fail;
		}
	}
	/* The variables the filter tests: a pattern that binds one lets the
	 * filter drop rows early, so it goes first among equals. */
	uint64_t *fvars = calloc(words, sizeof *fvars);
	if (!fvars)
		goto fail;
	if (filter)
		expr_vars(ev, filter, fvars, words);
	/* Greedy order: the cheapest lookup given what is bound so far;
	 * among equals, one that feeds the filter, then the one written
	 * first. */
	for (size_t placed = 0; placed < n; placed++) {
		size_t best = 0;
		double best_cost = 0;
		for (size_t i = 0; i < n - placed; i++) {
			int mask = 0, feeds = 0;
			for (int k = 0; k < 3; k++) {
				int slot = todo[i].slot[k];
				if (slot < 0 || has_bit(bound, slot))
					mask |= 4 >> k;
				else if (has_bit(fvars, slot))
					feeds = 1;
			}
			double c = lookup_cost(mask) * (feeds ? 0.5 : 1);
			if (!i || c < best_cost) {
				best = i;
				best_cost = c;
			}
		}
		b->pats[placed] = todo[best];
		for (int k = 0; k < 3; k++)
			set_bit(bound, b->pats[placed].slot[k]);
		memmove(&todo[best], &todo[best + 1],
		        (n - placed - best - 1) * sizeof *todo);
	}
	free(fvars);
	/* The filter's conjuncts, each after the first pattern that binds
	 * its last variable; one that needs a variable no pattern binds (it
	 * sees it unbound) or holds an EXISTS waits for the whole match. */
	if (filter && n) {
		size_t nc = count_conjuncts(filter);
		const kg_alg_expr **list = calloc(nc, sizeof *list);
		b->flt = calloc(nc, sizeof *b->flt);
		uint64_t *vars = calloc(words, sizeof *vars);
		size_t *level = calloc(nc, sizeof *level);
		if (!list || !b->flt || !vars || !level) {
			free(list);
			free(vars);
			free(level);
			goto fail;
		}
		conjuncts(filter, list, 0);
		for (size_t c = 0; c < nc; c++) {
			memset(vars, 0, words * sizeof *vars);
			expr_vars(ev, list[c], vars, words);
			memset(bound, 0, words * sizeof *bound);
			for (size_t i = 0; i < w; i++)
				if (b->rows[i])
					set_bit(bound, (int)i);
			level[c] = n - 1;
			if (expr_has_exists(list[c]))
				continue;
			for (size_t l = 0; l < n; l++) {
				for (int k = 0; k < 3; k++)
					set_bit(bound, b->pats[l].slot[k]);
				int all = 1;
				for (size_t i = 0; i < words && all; i++)
					if (vars[i] & ~bound[i])
						all = 0;
				if (all) {
					level[c] = l;
					break;
				}
			}
		}
		size_t k = 0;
		for (size_t l = 0; l < n; l++) {
			b->pats[l].filters = b->flt + k;
			for (size_t c = 0; c < nc; c++)
				if (level[c] == l)
					b->flt[k++] = list[c];
			b->pats[l].n_filters = (size_t)(b->flt + k - b->pats[l].filters);
		}
		free(list);
		free(vars);
		free(level);
	}
	free(bound);
	free(todo);
	return &b->base;
fail:
	free(bound);
	free(todo);
	bgp_free(&b->base);
	nomem(ev);
	return NULL;
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
err_of(kg_eval *ev)
{
	return ev->db->err_status ? ev->db->err_status : KG_ERR_NOMEM;
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
			return err_of(j->ev);
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
						return err_of(ev);
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
			return err_of(ev);
	}
}

static kg_iter *
join(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph, int left)
{
	join_it *j = calloc(1, sizeof *j);
	if (!j || !(j->lrow = malloc((ev->width ? ev->width : 1) * sizeof *j->lrow))) {
		free(j);
		return nomem(ev), NULL;
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
			return err_of(u->ev);
	}
}

static kg_iter *
union_(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	union_it *u = calloc(1, sizeof *u);
	if (!u)
		return nomem(ev), NULL;
	u->base.next = union_next;
	u->base.free = union_free;
	u->ev = ev;
	u->op = op;
	u->graph = graph;
	if (in) {
		if (!(u->in = malloc(ev->width * sizeof *in))) {
			free(u);
			return nomem(ev), NULL;
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
			return err_of(f->ev);
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
		return nomem(ev), NULL;
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
	rowvec rows;
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
	infos_free(ev);
}

/* Reads every row of `it` into v; frees it. */
static kg_status
drain(kg_eval *ev, kg_iter *it, rowvec *v)
{
	if (!it)
		return err_of(ev);
	kg_id *row = malloc((ev->width ? ev->width : 1) * sizeof *row);
	kg_status st = row ? KG_OK : nomem(ev);
	while (!st && !(st = it->next(it, row)))
		if (!rowvec_push(v, row))
			st = nomem(ev);
	free(row);
	kg_iter_free(it);
	return st == KG_DONE ? KG_OK : st;
}

static kg_iter *eval_plain(kg_eval *ev, const kg_alg *op, const kg_id *in,
                           kg_id graph);

static ev_memo *
memo_of(kg_eval *ev, const kg_alg *op, kg_id graph)
{
	ev_impl *im = ev->impl;
	for (ev_memo *m = im->memos; m; m = m->next)
		if (m->op == op && m->graph == graph)
			return m;
	ev_memo *m = calloc(1, sizeof *m);
	if (!m)
		return nomem(ev), NULL;
	m->op = op;
	m->graph = graph;
	m->rows.w = ev->width;
	if (drain(ev, eval_plain(ev, op, NULL, graph), &m->rows)) {
		free(m->rows.data);
		free(m);
		return NULL;
	}
	m->next = im->memos;
	im->memos = m;
	return m;
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
		return nomem(ev), NULL;
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
		return nomem(ev), NULL;
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

/* `op` evaluated once on its own, its rows compatible with `in` merged
 * with it. */
static kg_iter *
probe(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	ev_memo *m = memo_of(ev, op, graph);
	ev_info *i = info(ev, op);
	if (!m || !i)
		return NULL;
	probe_it *p = calloc(1, sizeof *p);
	int *vars = malloc((ev->width ? ev->width : 1) * sizeof *vars);
	if (!p || !vars || !(p->in = malloc(ev->width * sizeof *in))) {
		free(vars);
		if (p)
			free(p->in);
		free(p);
		return nomem(ev), NULL;
	}
	memcpy(p->in, in, ev->width * sizeof *in);
	p->base.next = probe_next;
	p->base.free = probe_free;
	p->ev = ev;
	p->m = m;
	size_t n = 0;
	for (size_t v = 0; v < ev->width; v++)
		if (in[v] && has_bit(i->certain, (int)v))
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

/* ---- MINUS ------------------------------------------------------------------ */

typedef struct {
	ev_memo *right;
} minus_state;

static int
keep_minus(filter_it *f, kg_id *row)
{
	minus_state *s = f->state;
	size_t w = f->ev->width;
	const rowvec *r = &s->right->rows;
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
	ev_memo *m = memo_of(ev, op->b, graph);
	if (!m)
		return NULL;
	minus_state *s = calloc(1, sizeof *s);
	if (!s)
		return nomem(ev), NULL;
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
			return err_of(g->ev);
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
		slot = term_slot(ev, &op->name);
		if (slot >= 0 && in)
			gid = in[slot];
	}
	if (gid)
		return kg_eval_graph_visible(ev, gid) ? kg_eval_op(ev, op->a, in, gid)
		                                      : empty(ev);
	graph_it *g = calloc(1, sizeof *g);
	if (!g || !(g->in = calloc(ev->width ? ev->width : 1, sizeof *g->in))) {
		free(g);
		return nomem(ev), NULL;
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
	rowvec v = {NULL, 0, 0, w};
	kg_id *row = calloc(w ? w : 1, sizeof *row);
	if (!row)
		return nomem(ev), NULL;
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
		if (ok && !rowvec_push(&v, row)) {
			free(row);
			free(v.data);
			return nomem(ev), NULL;
		}
	}
	free(row);
	if (!v.data && !(v.data = malloc(sizeof *v.data)))
		return nomem(ev), NULL;
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
		return nomem(ev), NULL;
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
	rowvec rows;
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
	if (!rowvec_push(&s->rows, row))
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
		return nomem(ev), NULL;
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
	rowvec rows = {NULL, 0, 0, w};
	if (drain(ev, kg_eval_op(ev, op->a, NULL, graph), &rows))
		return free(rows.data), NULL;
	sort_ctx c = {ev, op, NULL, nk};
	size_t n = rows.n;
	c.keys = calloc(n * nk + 1, sizeof *c.keys);
	size_t *idx = malloc((n + 1) * sizeof *idx);
	size_t *tmp = malloc((n + 1) * sizeof *tmp);
	kg_id *out = malloc((n * w + 1) * sizeof *out);
	kg_status st = c.keys && idx && tmp && out ? KG_OK : nomem(ev);
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
				st = err_of(ev);
				break;
			}
			if (!kg_sparql_value_is_error(v) &&
			    !(c.keys[r * nk + k] = kg_eval_intern_value(ev, v)))
				st = err_of(ev);
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

/* `op` evaluated natively with `in` (NULL when it is not native). */
static kg_iter *
eval_plain(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	switch (op->kind) {
	case KG_ALG_BGP:
		return bgp(ev, op, NULL, in, graph);
	case KG_ALG_PATH:
		return kg_eval_path(ev, op, in, graph);
	case KG_ALG_JOIN:
		return join(ev, op, in, graph, 0);
	case KG_ALG_LEFTJOIN:
		return join(ev, op, in, graph, 1);
	case KG_ALG_FILTER:
		if (op->a->kind == KG_ALG_BGP && op->a->n_triples)
			return bgp(ev, op->a, op->expr, in, graph);
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
		if (op->silent)
			return unit(ev, in);
		kg_db_error(ev->db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
		            "SERVICE is not supported: kg does not query other "
		            "endpoints");
		return NULL;
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
	if (!native(ev, op, in))
		return probe(ev, op, in, graph);
	/* A pattern that shares no variable with `in` would do the same
	 * lookups for every input row: evaluate it once and keep it (a cross
	 * product, read from memory). */
	if (in && (op->kind == KG_ALG_BGP || op->kind == KG_ALG_PATH) &&
	    !shares_vars(ev, op, in))
		return probe(ev, op, in, graph);
	return eval_plain(ev, op, in, graph);
}
