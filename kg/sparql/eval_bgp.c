/* eval_bgp.c: basic graph patterns, planned and evaluated.
 *
 * A basic graph pattern is a nested-loop index join: its triple patterns
 * are ordered so that each is looked up with as many terms bound as
 * possible, and the conjuncts of a FILTER over it are tested as soon as
 * their variables are bound.
 */
#include "sparql/eval_impl.h"

#include <stdlib.h>
#include <string.h>

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

/* The same for kg's own store, which has an index for every shape: the
 * cost is about the number of matches a lookup of that shape yields. */
static double
lookup_cost_indexed(int mask)
{
	static const double cost[8] = {
		1e7,  /* nothing */
		100,  /* o */
		1e5,  /* p */
		100,  /* p o */
		20,   /* s */
		2,    /* s o */
		5,    /* s p */
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

kg_iter *
kg_eval_bgp(kg_eval *ev, const kg_alg *op, const kg_alg_expr *filter,
            const kg_id *in, kg_id graph)
{
	size_t n = op->n_triples, w = ev->width;
	bgp_it *b = calloc(1, sizeof *b);
	if (!b)
		return kg_eval_nomem(ev), NULL;
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
			kg_bits_set(bound, (int)i);
	for (size_t i = 0; i < n; i++) {
		const kg_sparql_term *t[3] = {&op->triples[i].s, &op->triples[i].p,
		                              &op->triples[i].o};
		for (int k = 0; k < 3; k++) {
			todo[i].slot[k] = kg_eval_term_slot(ev, t[k]);
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
		kg_eval_expr_vars(ev, filter, fvars, words);
	/* Greedy order: the cheapest lookup given what is bound so far;
	 * among equals, one that feeds the filter, then the one written
	 * first. */
	/* On a store that counts (kg's own), each pattern's count with the
	 * terms known before the join starts (constants, the input row)
	 * caps its cost. */
	long *known = NULL;
	if (kg_store_ids(ev->db) && n > 1 && (known = calloc(n, sizeof *known))) {
		for (size_t i = 0; i < n; i++) {
			kg_id t[3];
			for (int k = 0; k < 3; k++) {
				int slot = todo[i].slot[k];
				t[k] = slot < 0 ? todo[i].c[k] : b->rows[slot];
			}
			known[i] = kg_eval_estimate(ev, t);
		}
	}
	for (size_t placed = 0; placed < n; placed++) {
		size_t best = 0;
		double best_cost = 0;
		for (size_t i = 0; i < n - placed; i++) {
			int mask = 0, feeds = 0;
			for (int k = 0; k < 3; k++) {
				int slot = todo[i].slot[k];
				if (slot < 0 || kg_bits_has(bound, slot))
					mask |= 4 >> k;
				else if (kg_bits_has(fvars, slot))
					feeds = 1;
			}
			double c = known ? lookup_cost_indexed(mask) : lookup_cost(mask);
			if (known && known[i] >= 0) {
				/* Bound only by what was known before the join:
				 * the count is the cost; bound also by a pattern
				 * placed before: whichever is smaller. */
				int kmask = 0;
				for (int k = 0; k < 3; k++) {
					int slot = todo[i].slot[k];
					if (slot < 0 || b->rows[slot])
						kmask |= 4 >> k;
				}
				if (kmask == mask || (double)known[i] < c)
					c = (double)known[i];
			}
			c *= feeds ? 0.5 : 1;
			if (!i || c < best_cost) {
				best = i;
				best_cost = c;
			}
		}
		b->pats[placed] = todo[best];
		for (int k = 0; k < 3; k++)
			kg_bits_set(bound, b->pats[placed].slot[k]);
		memmove(&todo[best], &todo[best + 1],
		        (n - placed - best - 1) * sizeof *todo);
		if (known)
			memmove(&known[best], &known[best + 1],
			        (n - placed - best - 1) * sizeof *known);
	}
	free(known);
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
			kg_eval_expr_vars(ev, list[c], vars, words);
			memset(bound, 0, words * sizeof *bound);
			for (size_t i = 0; i < w; i++)
				if (b->rows[i])
					kg_bits_set(bound, (int)i);
			level[c] = n - 1;
			if (expr_has_exists(list[c]))
				continue;
			for (size_t l = 0; l < n; l++) {
				for (int k = 0; k < 3; k++)
					kg_bits_set(bound, b->pats[l].slot[k]);
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
	kg_eval_nomem(ev);
	return NULL;
}
