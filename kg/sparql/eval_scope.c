/* eval_scope.c: which variables each operator may bind and which it
 * always binds, and from them whether an operator may take an input
 * row into its own evaluation.
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
 * (a memo), and probed with `in` (eval_join.c).
 */
#include "sparql/eval_impl.h"

#include <stdlib.h>
#include <string.h>

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

int
kg_eval_term_slot(kg_eval *ev, const kg_sparql_term *t)
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

void
kg_eval_expr_vars(kg_eval *ev, const kg_alg_expr *e, uint64_t *b, size_t words)
{
	if (!e)
		return;
	if (e->op == KG_SPARQL_EX_TERM && e->term.kind == KG_SPARQL_TERM_VAR)
		kg_bits_set(b, kg_eval_var(ev, e->term.value));
	for (size_t i = 0; i < e->n_args; i++)
		kg_eval_expr_vars(ev, e->args[i], b, words);
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
			kg_bits_set(in->certain, kg_eval_term_slot(ev, &t->s));
			kg_bits_set(in->certain, kg_eval_term_slot(ev, &t->p));
			kg_bits_set(in->certain, kg_eval_term_slot(ev, &t->o));
		}
		memcpy(in->maybe, in->certain, w * sizeof *bits);
		break;
	case KG_ALG_PATH:
		kg_bits_set(in->certain, kg_eval_term_slot(ev, &op->s));
		kg_bits_set(in->certain, kg_eval_term_slot(ev, &op->o));
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
		kg_eval_expr_vars(ev, op->expr, tmp, w);
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
		kg_eval_expr_vars(ev, op->expr, tmp, w);
		if (op->kind == KG_ALG_EXTEND)
			kg_bits_set(in->maybe, kg_eval_var(ev, op->var));
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
		kg_bits_set(in->certain, kg_eval_term_slot(ev, &op->name));
		kg_bits_set(in->maybe, kg_eval_term_slot(ev, &op->name));
		break;
	case KG_ALG_TABLE:
		for (size_t v = 0; v < op->n_vars; v++) {
			int slot = kg_eval_var(ev, op->vars[v]);
			kg_bits_set(in->maybe, slot);
			int always = 1;
			for (size_t r = 0; r < op->n_rows; r++)
				if (op->rows[r * op->n_vars + v].kind ==
				    KG_SPARQL_TERM_NONE)
					always = 0;
			if (always)
				kg_bits_set(in->certain, slot);
		}
		break;
	case KG_ALG_GROUP:
	case KG_ALG_AGGREGATE_JOIN: {
		const kg_alg *g = op->kind == KG_ALG_GROUP ? op : op->a;
		for (size_t i = 0; i < g->n_binds; i++) {
			if (g->binds[i].var)
				kg_bits_set(in->maybe, kg_eval_var(ev, g->binds[i].var));
			else if (g->binds[i].expr->op == KG_SPARQL_EX_TERM)
				kg_bits_set(in->maybe,
				        kg_eval_term_slot(ev, &g->binds[i].expr->term));
		}
		if (op->kind == KG_ALG_AGGREGATE_JOIN)
			for (size_t i = 0; i < op->n_binds; i++)
				kg_bits_set(in->maybe, kg_eval_var(ev, op->binds[i].var));
		break;
	}
	case KG_ALG_PROJECT:
		for (size_t v = 0; v < op->n_vars; v++) {
			int slot = kg_eval_var(ev, op->vars[v]);
			if (slot < 0)
				continue;
			if (kg_bits_has(a->maybe, slot))
				kg_bits_set(in->maybe, slot);
			if (kg_bits_has(a->certain, slot))
				kg_bits_set(in->certain, slot);
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

void
kg_eval_scope_free(kg_eval *ev)
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

int
kg_eval_native(kg_eval *ev, const kg_alg *op, const kg_id *in)
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

int
kg_eval_shares_vars(kg_eval *ev, const kg_alg *op, const kg_id *in)
{
	ev_info *i = info(ev, op);
	if (!i)
		return 1;
	for (size_t v = 0; v < ev->width; v++)
		if (in[v] && kg_bits_has(i->maybe, (int)v))
			return 1;
	return 0;
}

const uint64_t *
kg_eval_maybe(kg_eval *ev, const kg_alg *op)
{
	ev_info *i = info(ev, op);
	return i ? i->maybe : NULL;
}

const uint64_t *
kg_eval_certain(kg_eval *ev, const kg_alg *op)
{
	ev_info *i = info(ev, op);
	return i ? i->certain : NULL;
}
