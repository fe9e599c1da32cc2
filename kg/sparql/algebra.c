/* algebra.c: translation of the syntax tree to the SPARQL algebra,
 * SPARQL 1.1 section 18.2.  Memory errors unwind with longjmp to the
 * entry point, which frees the arena. */
#include "sparql/algebra.h"
#include "vocab.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSD_INTEGER KG_XSD "integer"

typedef struct {
	kg_sparql_arena *arena;
	jmp_buf fail;
	unsigned long n_path; /* fresh path variables made so far */
	unsigned long n_agg;  /* aggregates renamed so far */
} ctx;

/* A growable array in the arena. */
typedef struct {
	void *data;
	size_t n, cap;
} vec;

static void *
alloc(ctx *c, size_t size)
{
	void *m = kg_sparql_arena_alloc(c->arena, size);
	if (!m)
		longjmp(c->fail, 1);
	return m;
}

static void *
push(ctx *c, vec *v, size_t size)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 8;
		void *d = alloc(c, cap * size);
		if (v->n)
			memcpy(d, v->data, v->n * size);
		v->data = d;
		v->cap = cap;
	}
	return (char *)v->data + v->n++ * size;
}

#define PUSH(c, v, type) ((type *)push((c), (v), sizeof(type)))

static const char *
fresh_name(ctx *c, const char *stem, unsigned long n)
{
	char buf[48];
	int len = snprintf(buf, sizeof buf, ".%s%lu", stem, n);
	char *s = kg_sparql_arena_strndup(c->arena, buf, (size_t)len);
	if (!s)
		longjmp(c->fail, 1);
	return s;
}

static kg_sparql_term
var_term(const char *name)
{
	kg_sparql_term t = {KG_SPARQL_TERM_VAR, name, NULL, NULL};
	return t;
}

static kg_alg *
node(ctx *c, kg_alg_kind kind, kg_alg *a, kg_alg *b)
{
	kg_alg *n = alloc(c, sizeof *n);
	n->kind = kind;
	n->a = a;
	n->b = b;
	return n;
}

static kg_alg *
empty_bgp(ctx *c)
{
	return node(c, KG_ALG_BGP, NULL, NULL);
}

static int
is_empty_bgp(const kg_alg *a)
{
	return a->kind == KG_ALG_BGP && !a->n_triples;
}

static kg_alg_expr *
expr_new(ctx *c, kg_sparql_op op, size_t n_args)
{
	kg_alg_expr *e = alloc(c, sizeof *e);
	e->op = op;
	e->n_args = n_args;
	if (n_args)
		e->args = alloc(c, n_args * sizeof *e->args);
	return e;
}

static kg_alg_expr *
expr_term(ctx *c, kg_sparql_term t)
{
	kg_alg_expr *e = expr_new(c, KG_SPARQL_EX_TERM, 0);
	e->term = t;
	return e;
}

static kg_alg *tr_group_f(ctx *c, const kg_sparql_pattern *g, int *filtered);
static kg_alg *tr_group(ctx *c, const kg_sparql_pattern *g);
static kg_alg *tr_query(ctx *c, const kg_sparql_query *q);

/* ---- expressions (18.2.2.2: EXISTS and NOT EXISTS) ------------------- */

static kg_alg_expr *
tr_expr(ctx *c, const kg_sparql_expr *e)
{
	if (e->op == KG_SPARQL_EX_NOT_EXISTS) {
		kg_alg_expr *ex = expr_new(c, KG_SPARQL_EX_EXISTS, 0);
		ex->pattern = tr_group(c, e->pattern);
		kg_alg_expr *not = expr_new(c, KG_SPARQL_EX_NOT, 1);
		not->args[0] = ex;
		return not;
	}
	kg_alg_expr *x = expr_new(c, e->op, e->n_args);
	x->term = e->term;
	x->iri = e->iri;
	x->distinct = e->distinct;
	x->separator = e->separator;
	for (size_t i = 0; i < e->n_args; i++)
		x->args[i] = tr_expr(c, e->args[i]);
	if (e->op == KG_SPARQL_EX_EXISTS)
		x->pattern = tr_group(c, e->pattern);
	return x;
}

/* ---- property paths (18.2.2.3, 18.2.2.4) ------------------------------ */

/* A path with room for n_args args, the first one `a` (may be NULL). */
static kg_alg_path *
path_new(ctx *c, kg_alg_path_kind kind, size_t n_args, kg_alg_path *a)
{
	kg_alg_path *p = alloc(c, sizeof *p);
	p->kind = kind;
	p->n_args = n_args;
	if (n_args) {
		p->args = alloc(c, n_args * sizeof *p->args);
		p->args[0] = a;
	}
	return p;
}

static kg_alg_path *
nps(ctx *c, const kg_sparql_path *neg, int inverse)
{
	kg_alg_path *p = path_new(c, KG_ALG_PATH_NPS, 0, NULL);
	vec iris = {0};
	for (size_t i = 0; i < neg->n_args; i++) {
		const kg_sparql_path *m = neg->args[i];
		int inv = m->kind == KG_SPARQL_PATH_INV;
		if (inv != inverse)
			continue;
		*PUSH(c, &iris, const char *) = inv ? m->args[0]->iri : m->iri;
	}
	p->iris = iris.data;
	p->n_iris = iris.n;
	return inverse ? path_new(c, KG_ALG_PATH_INV, 1, p) : p;
}

/* The path algebra of a syntax path. */
static kg_alg_path *
tr_path(ctx *c, const kg_sparql_path *p)
{
	static const kg_alg_path_kind kinds[] = {
		[KG_SPARQL_PATH_INV] = KG_ALG_PATH_INV,
		[KG_SPARQL_PATH_SEQ] = KG_ALG_PATH_SEQ,
		[KG_SPARQL_PATH_ALT] = KG_ALG_PATH_ALT,
		[KG_SPARQL_PATH_STAR] = KG_ALG_PATH_ZERO_OR_MORE,
		[KG_SPARQL_PATH_PLUS] = KG_ALG_PATH_ONE_OR_MORE,
		[KG_SPARQL_PATH_OPT] = KG_ALG_PATH_ZERO_OR_ONE,
	};
	kg_alg_path *r;
	if (p->kind == KG_SPARQL_PATH_LINK) {
		r = path_new(c, KG_ALG_PATH_LINK, 0, NULL);
		r->iri = p->iri;
		return r;
	}
	if (p->kind == KG_SPARQL_PATH_NEG) {
		int fwd = 0, inv = 0;
		for (size_t i = 0; i < p->n_args; i++) {
			if (p->args[i]->kind == KG_SPARQL_PATH_INV)
				inv = 1;
			else
				fwd = 1;
		}
		if (!(fwd && inv))
			return nps(c, p, inv);
		r = path_new(c, KG_ALG_PATH_ALT, 2, nps(c, p, 0));
		r->args[1] = nps(c, p, 1);
		return r;
	}
	if (p->n_args == 1 && (p->kind == KG_SPARQL_PATH_SEQ ||
	                       p->kind == KG_SPARQL_PATH_ALT))
		return tr_path(c, p->args[0]);
	r = path_new(c, kinds[p->kind], p->n_args, NULL);
	for (size_t i = 0; i < p->n_args; i++)
		r->args[i] = tr_path(c, p->args[i]);
	return r;
}

/* The number of fresh variables rewriting X p Y makes: n - 1 for each
 * seq of n steps that the rewriting reaches. */
static unsigned long
seq_count(const kg_alg_path *p)
{
	if (p->kind != KG_ALG_PATH_SEQ)
		return 0;
	unsigned long n = p->n_args - 1;
	for (size_t i = 0; i < p->n_args; i++)
		n += seq_count(p->args[i]);
	return n;
}

/* The items a BGP element turns into: triples (kind BGP, one triple
 * each, collected later) and Paths. */
typedef struct {
	vec items; /* kg_alg * */
} items;

static void
add_triple(ctx *c, items *it, kg_sparql_term s, kg_sparql_term p,
           kg_sparql_term o)
{
	kg_sparql_triple *t = alloc(c, sizeof *t);
	t->s = s;
	t->p = p;
	t->o = o;
	kg_alg *b = empty_bgp(c);
	b->triples = t;
	b->n_triples = 1;
	*PUSH(c, &it->items, kg_alg *) = b;
}

/* The table of 18.2.2.4, earlier rows first.  Fresh variables are
 * numbered in the order they appear in the rewritten triples. */
static void
rewrite_path(ctx *c, items *it, kg_sparql_term x, kg_alg_path *p,
             kg_sparql_term y)
{
	if (p->kind == KG_ALG_PATH_LINK) {
		kg_sparql_term pt = {KG_SPARQL_TERM_IRI, p->iri, NULL, NULL};
		add_triple(c, it, x, pt, y);
		return;
	}
	if (p->kind == KG_ALG_PATH_INV && p->args[0]->kind == KG_ALG_PATH_LINK) {
		kg_sparql_term pt = {KG_SPARQL_TERM_IRI, p->args[0]->iri, NULL,
		                     NULL};
		add_triple(c, it, y, pt, x);
		return;
	}
	if (p->kind == KG_ALG_PATH_SEQ) {
		/* X seq(P, Q) Y is X P ?V . ?V Q Y, step by step */
		kg_sparql_term from = x;
		for (size_t i = 0; i + 1 < p->n_args; i++) {
			unsigned long n = c->n_path + seq_count(p->args[i]) + 1;
			kg_sparql_term v = var_term(fresh_name(c, "p", n));
			rewrite_path(c, it, from, p->args[i], v);
			c->n_path = n;
			from = v;
		}
		rewrite_path(c, it, from, p->args[p->n_args - 1], y);
		return;
	}
	kg_alg *a = node(c, KG_ALG_PATH, NULL, NULL);
	a->s = x;
	a->path = p;
	a->o = y;
	*PUSH(c, &it->items, kg_alg *) = a;
}

static void
tr_triple(ctx *c, items *it, const kg_sparql_triple *t)
{
	if (!t->path) {
		add_triple(c, it, t->s, t->p, t->o);
		return;
	}
	rewrite_path(c, it, t->s, tr_path(c, t->path), t->o);
}

/* ---- graph patterns (18.2.2.5 - 18.2.2.7) ----------------------------- */

/* Join(a, b), simplified by 18.2.2.8: Join(Z, A) and Join(A, Z) are A. */
static kg_alg *
join(ctx *c, kg_alg *a, kg_alg *b)
{
	if (is_empty_bgp(a))
		return b;
	if (is_empty_bgp(b))
		return a;
	return node(c, KG_ALG_JOIN, a, b);
}

static kg_alg *
table(ctx *c, const kg_sparql_values *v)
{
	kg_alg *t = node(c, KG_ALG_TABLE, NULL, NULL);
	t->vars = v->vars;
	t->n_vars = v->n_vars;
	t->rows = v->rows;
	t->n_rows = v->n_rows;
	return t;
}

static kg_alg *
tr_pattern(ctx *c, const kg_sparql_pattern *p)
{
	kg_alg *a;
	switch (p->kind) {
	case KG_SPARQL_PAT_UNION:
		a = tr_group(c, p->elems[0]);
		for (size_t i = 1; i < p->n_elems; i++)
			a = node(c, KG_ALG_UNION, a, tr_group(c, p->elems[i]));
		return a;
	case KG_SPARQL_PAT_GRAPH:
		a = node(c, KG_ALG_GRAPH, tr_group(c, p->elems[0]), NULL);
		a->name = p->name;
		return a;
	case KG_SPARQL_PAT_SERVICE:
		a = node(c, KG_ALG_SERVICE, tr_group(c, p->elems[0]), NULL);
		a->name = p->name;
		a->silent = p->silent;
		a->service_text = p->service_text;
		a->service_prologue = p->service_prologue;
		return a;
	case KG_SPARQL_PAT_VALUES:
		return table(c, p->values);
	case KG_SPARQL_PAT_SUBSELECT:
		return node(c, KG_ALG_TO_MULTISET, tr_query(c, p->sub), NULL);
	default:
		return tr_group(c, p);
	}
}

/* Joins the items of a run of triples into g: adjacent triple patterns
 * form one BGP, Paths stand alone. */
static kg_alg *
join_items(ctx *c, kg_alg *g, const items *it)
{
	kg_alg **item = it->items.data;
	for (size_t i = 0; i < it->items.n;) {
		if (item[i]->kind == KG_ALG_PATH) {
			g = join(c, g, item[i++]);
			continue;
		}
		vec triples = {0};
		for (; i < it->items.n && item[i]->kind == KG_ALG_BGP; i++)
			*PUSH(c, &triples, kg_sparql_triple) = item[i]->triples[0];
		kg_alg *b = empty_bgp(c);
		b->triples = triples.data;
		b->n_triples = triples.n;
		g = join(c, g, b);
	}
	return g;
}

/* The translation of a group; *filtered (may be NULL) tells whether the
 * group had FILTERs, that is whether the translation before the
 * simplification step is of the form Filter(F, A). */
static kg_alg *
tr_group_f(ctx *c, const kg_sparql_pattern *grp, int *filtered)
{
	if (filtered)
		*filtered = 0;
	if (grp->kind != KG_SPARQL_PAT_GROUP)
		return tr_pattern(c, grp);
	vec fs = {0}; /* kg_alg_expr *: the group's filters, in order */
	kg_alg *g = empty_bgp(c);
	for (size_t i = 0; i < grp->n_elems;) {
		const kg_sparql_pattern *e = grp->elems[i];
		switch (e->kind) {
		case KG_SPARQL_PAT_FILTER:
			*PUSH(c, &fs, kg_alg_expr *) = tr_expr(c, e->expr);
			i++;
			continue;
		case KG_SPARQL_PAT_BGP: {
			/* with the filters gone, BGPs only filters separated
			 * are adjacent */
			items it = {{0}};
			for (; i < grp->n_elems; i++) {
				e = grp->elems[i];
				if (e->kind == KG_SPARQL_PAT_FILTER) {
					*PUSH(c, &fs, kg_alg_expr *) = tr_expr(c, e->expr);
					continue;
				}
				if (e->kind != KG_SPARQL_PAT_BGP)
					break;
				for (size_t k = 0; k < e->n_triples; k++)
					tr_triple(c, &it, &e->triples[k]);
			}
			g = join_items(c, g, &it);
			continue;
		}
		case KG_SPARQL_PAT_OPTIONAL: {
			int has_filter;
			kg_alg *a = tr_group_f(c, e->elems[0], &has_filter);
			if (has_filter) {
				g = node(c, KG_ALG_LEFTJOIN, g, a->a);
				g->expr = a->expr;
			} else {
				g = node(c, KG_ALG_LEFTJOIN, g, a);
			}
			break;
		}
		case KG_SPARQL_PAT_MINUS:
			g = node(c, KG_ALG_MINUS, g, tr_group(c, e->elems[0]));
			break;
		case KG_SPARQL_PAT_BIND:
			g = node(c, KG_ALG_EXTEND, g, NULL);
			g->var = e->var;
			g->expr = tr_expr(c, e->expr);
			break;
		default:
			g = join(c, g, tr_pattern(c, e));
			break;
		}
		i++;
	}
	if (fs.n) {
		/* the conjunction: one && of them all, flat however many */
		kg_alg_expr *x = ((kg_alg_expr **)fs.data)[0];
		if (fs.n > 1) {
			x = expr_new(c, KG_SPARQL_EX_AND, 0);
			x->args = fs.data;
			x->n_args = fs.n;
		}
		g = node(c, KG_ALG_FILTER, g, NULL);
		g->expr = x;
		if (filtered)
			*filtered = 1;
	}
	return g;
}

static kg_alg *
tr_group(ctx *c, const kg_sparql_pattern *grp)
{
	return tr_group_f(c, grp, NULL);
}

/* ---- query levels (18.2.4, 18.2.5) ------------------------------------ */

/* 18.2.4.1: in X, each unaggregated variable V becomes Sample(V), then
 * each aggregate R(...) becomes Aggregation(..., G) under a fresh
 * ".aggN", in the order they occur. */
static kg_alg_expr *
rename_aggregate(ctx *c, vec *aggs, kg_alg_expr *agg)
{
	kg_alg_bind *b = PUSH(c, aggs, kg_alg_bind);
	b->var = fresh_name(c, "agg", ++c->n_agg);
	b->expr = agg;
	return expr_term(c, var_term(b->var));
}

/* `keep`: in ORDER BY, the variables of SELECT (expr AS var), which
 * OrderBy sees bound by Extend; sampling them over the group would lose
 * them, so they are not "unaggregated variables" there. */
static kg_alg_expr *
aggregate_expr(ctx *c, vec *aggs, kg_alg_expr *x, const kg_sparql_query *keep)
{
	if (kg_sparql_op_is_aggregate(x->op))
		return rename_aggregate(c, aggs, x);
	if (x->op == KG_SPARQL_EX_TERM) {
		if (x->term.kind != KG_SPARQL_TERM_VAR)
			return x;
		for (size_t i = 0; keep && i < keep->n_project; i++)
			if (keep->project[i].expr &&
			    !strcmp(keep->project[i].var, x->term.value))
				return x;
		kg_alg_expr *s = expr_new(c, KG_SPARQL_EX_SAMPLE, 1);
		s->args[0] = x;
		return rename_aggregate(c, aggs, s);
	}
	for (size_t i = 0; i < x->n_args; i++)
		x->args[i] = aggregate_expr(c, aggs, x->args[i], keep);
	return x;
}

static void
add_var(ctx *c, vec *vs, const char *v)
{
	if (v[0] == '.')
		return; /* internal */
	const char **have = vs->data;
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(have[i], v))
			return;
	*PUSH(c, vs, const char *) = v;
}

static void
add_term_var(ctx *c, vec *vs, const kg_sparql_term *t)
{
	if (t->kind == KG_SPARQL_TERM_VAR)
		add_var(c, vs, t->value);
}

static void visible(ctx *c, const kg_alg *a, vec *vs);

/* What node `a` itself adds to VS, after its first operand's (GRAPH
 * and SERVICE: their name, then their operand's). */

static void
visible_own(ctx *c, const kg_alg *a, vec *vs)
{
	switch (a->kind) {
	case KG_ALG_BGP:
		for (size_t i = 0; i < a->n_triples; i++) {
			add_term_var(c, vs, &a->triples[i].s);
			add_term_var(c, vs, &a->triples[i].p);
			add_term_var(c, vs, &a->triples[i].o);
		}
		return;
	case KG_ALG_PATH:
		add_term_var(c, vs, &a->s);
		add_term_var(c, vs, &a->o);
		return;
	case KG_ALG_JOIN:
	case KG_ALG_LEFTJOIN:
	case KG_ALG_UNION:
		visible(c, a->b, vs);
		return;
	case KG_ALG_EXTEND:
		add_var(c, vs, a->var);
		return;
	case KG_ALG_GRAPH:
	case KG_ALG_SERVICE: /* the name first */
		add_term_var(c, vs, &a->name);
		visible(c, a->a, vs);
		return;
	case KG_ALG_GROUP:
		for (size_t i = 0; i < a->n_binds; i++) {
			if (a->binds[i].var)
				add_var(c, vs, a->binds[i].var);
			else if (a->binds[i].expr->op == KG_SPARQL_EX_TERM)
				add_term_var(c, vs, &a->binds[i].expr->term);
		}
		return;
	case KG_ALG_PROJECT:
	case KG_ALG_TABLE:
		for (size_t i = 0; i < a->n_vars; i++)
			add_var(c, vs, a->vars[i]);
		return;
	default: /* FILTER, MINUS, the modifiers: nothing of their own */
		return;
	}
}

/* Whether a's first operand counts for VS. */
static int
visible_through(const kg_alg *a)
{
	return a->a && a->kind != KG_ALG_GROUP && a->kind != KG_ALG_PROJECT &&
	       a->kind != KG_ALG_AGGREGATE_JOIN && a->kind != KG_ALG_GRAPH &&
	       a->kind != KG_ALG_SERVICE;
}

/* VS of 18.2.4.4: the variables visible in a, in order of appearance;
 * along the chain of first operands with a loop. */
static void
visible(ctx *c, const kg_alg *a, vec *vs)
{
	vec chain = {0}; /* const kg_alg *: a, a->a, ... */
	for (const kg_alg *x = a;; x = x->a) {
		*PUSH(c, &chain, const kg_alg *) = x;
		if (!visible_through(x))
			break;
	}
	const kg_alg **ch = chain.data;
	for (size_t i = chain.n; i-- > 0;)
		visible_own(c, ch[i], vs);
}

static int
has_aggregate(const kg_sparql_expr *e)
{
	if (kg_sparql_op_is_aggregate(e->op))
		return 1;
	for (size_t i = 0; i < e->n_args; i++)
		if (has_aggregate(e->args[i]))
			return 1;
	return 0;
}

/* 18.2.4.1: GROUP BY, or an aggregate in SELECT, HAVING or ORDER BY. */
static int
groups(const kg_sparql_query *q)
{
	if (q->aggregated || q->n_group_by)
		return 1;
	for (size_t i = 0; i < q->n_project; i++)
		if (q->project[i].expr && has_aggregate(q->project[i].expr))
			return 1;
	for (size_t i = 0; i < q->n_having; i++)
		if (has_aggregate(q->having[i]))
			return 1;
	for (size_t i = 0; i < q->n_order_by; i++)
		if (has_aggregate(q->order_by[i].expr))
			return 1;
	return 0;
}

static kg_alg *
tr_query(ctx *c, const kg_sparql_query *q)
{
	kg_alg *p = q->where ? tr_group(c, q->where) : empty_bgp(c);
	vec e = {0};    /* kg_alg_bind: E of 18.2.4 */
	size_t np = q->n_project;
	kg_alg_expr **sel = np ? alloc(c, np * sizeof *sel) : NULL;
	size_t nh = q->n_having, no = q->n_order_by;
	kg_alg_expr **having = nh ? alloc(c, nh * sizeof *having) : NULL;
	kg_alg_order *order = no ? alloc(c, no * sizeof *order) : NULL;
	for (size_t i = 0; i < np; i++)
		if (q->project[i].expr)
			sel[i] = tr_expr(c, q->project[i].expr);
	for (size_t i = 0; i < nh; i++)
		having[i] = tr_expr(c, q->having[i]);
	for (size_t i = 0; i < no; i++) {
		order[i].expr = tr_expr(c, q->order_by[i].expr);
		order[i].descending = q->order_by[i].descending;
	}

	/* 18.2.4.1 grouping and aggregation */
	if (groups(q)) {
		kg_alg *g = node(c, KG_ALG_GROUP, p, NULL);
		if (q->n_group_by) {
			g->n_binds = q->n_group_by;
			g->binds = alloc(c, g->n_binds * sizeof *g->binds);
			for (size_t i = 0; i < q->n_group_by; i++) {
				const kg_sparql_binding *b = &q->group_by[i];
				g->binds[i].var = b->expr ? b->var : NULL;
				g->binds[i].expr = b->expr ? tr_expr(c, b->expr)
				                           : expr_term(c, var_term(b->var));
			}
		} else {
			kg_sparql_term one = {KG_SPARQL_TERM_LITERAL, "1", NULL,
			                      XSD_INTEGER};
			g->n_binds = 1;
			g->binds = alloc(c, sizeof *g->binds);
			g->binds[0].expr = expr_term(c, one);
		}
		vec aggs = {0};
		for (size_t i = 0; i < np; i++)
			if (sel[i])
				sel[i] = aggregate_expr(c, &aggs, sel[i], NULL);
		for (size_t i = 0; i < nh; i++)
			having[i] = aggregate_expr(c, &aggs, having[i], NULL);
		for (size_t i = 0; i < no; i++)
			order[i].expr = aggregate_expr(c, &aggs, order[i].expr, q);
		for (size_t i = 0; i < np; i++) {
			if (sel[i])
				continue;
			kg_alg_expr *v = expr_term(c, var_term(q->project[i].var));
			kg_alg_expr *s = expr_new(c, KG_SPARQL_EX_SAMPLE, 1);
			s->args[0] = v;
			kg_alg_bind *b = PUSH(c, &e, kg_alg_bind);
			b->var = q->project[i].var;
			b->expr = rename_aggregate(c, &aggs, s);
		}
		p = node(c, KG_ALG_AGGREGATE_JOIN, g, NULL);
		p->binds = aggs.data;
		p->n_binds = aggs.n;
	}

	/* 18.2.4.2 HAVING */
	for (size_t i = 0; i < nh; i++) {
		p = node(c, KG_ALG_FILTER, p, NULL);
		p->expr = having[i];
	}

	/* 18.2.4.3 VALUES */
	if (q->values)
		p = join(c, p, node(c, KG_ALG_TO_MULTISET, table(c, q->values),
		                    NULL));

	/* 18.2.4.4 select expressions */
	vec pv = {0};
	if (q->kind == KG_SPARQL_SELECT) {
		if (q->star)
			visible(c, p, &pv);
		for (size_t i = 0; i < np; i++) {
			add_var(c, &pv, q->project[i].var);
			if (!sel[i])
				continue;
			kg_alg_bind *b = PUSH(c, &e, kg_alg_bind);
			b->var = q->project[i].var;
			b->expr = sel[i];
		}
	}
	kg_alg_bind *eb = e.data;
	for (size_t i = 0; i < e.n; i++) {
		p = node(c, KG_ALG_EXTEND, p, NULL);
		p->var = eb[i].var;
		p->expr = eb[i].expr;
	}

	/* 18.2.5 solution modifiers */
	kg_alg *m = node(c, KG_ALG_TO_LIST, p, NULL);
	if (no) {
		m = node(c, KG_ALG_ORDER_BY, m, NULL);
		m->order = order;
		m->n_order = no;
	}
	if (q->kind == KG_SPARQL_SELECT) {
		m = node(c, KG_ALG_PROJECT, m, NULL);
		m->vars = pv.data;
		m->n_vars = pv.n;
	}
	if (q->distinct)
		m = node(c, KG_ALG_DISTINCT, m, NULL);
	if (q->reduced)
		m = node(c, KG_ALG_REDUCED, m, NULL);
	if (q->offset >= 0 || q->limit >= 0) {
		m = node(c, KG_ALG_SLICE, m, NULL);
		m->start = q->offset >= 0 ? q->offset : 0;
		m->length = q->limit;
	}
	return m;
}

/* ---- entry points ----------------------------------------------------- */

int
kg_alg_translate(const kg_sparql_query *q, kg_alg_query **out)
{
	*out = NULL;
	kg_alg_query *aq = calloc(1, sizeof *aq);
	if (!aq)
		return -1;
	aq->query = q;
	ctx c = {0};
	c.arena = aq->arena = kg_sparql_arena_new();
	if (!c.arena || setjmp(c.fail)) {
		kg_alg_query_free(aq);
		return -1;
	}
	aq->op = tr_query(&c, q);
	*out = aq;
	return 0;
}

/* DELETE WHERE's quads as a group: runs of default-graph triples are
 * BGPs, runs of quads in one graph are GRAPH g { BGP }. */
static kg_alg *
quads_pattern(ctx *c, const kg_sparql_triple *quads, size_t n)
{
	kg_alg *g = empty_bgp(c);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && quads[j].g.kind == quads[i].g.kind &&
		       (!quads[i].g.kind || !strcmp(quads[j].g.value,
		                                    quads[i].g.value)))
			j++;
		kg_sparql_triple *t = alloc(c, (j - i) * sizeof *t);
		for (size_t k = i; k < j; k++) {
			t[k - i] = quads[k];
			t[k - i].g.kind = KG_SPARQL_TERM_NONE;
		}
		kg_alg *b = empty_bgp(c);
		b->triples = t;
		b->n_triples = j - i;
		if (quads[i].g.kind) {
			b = node(c, KG_ALG_GRAPH, b, NULL);
			b->name = quads[i].g;
		}
		g = join(c, g, b);
		i = j;
	}
	return g;
}

int
kg_alg_translate_update(const kg_sparql_update *u, kg_alg_update **out)
{
	*out = NULL;
	kg_alg_update *au = calloc(1, sizeof *au);
	if (!au)
		return -1;
	au->update = u;
	ctx c = {0};
	c.arena = au->arena = kg_sparql_arena_new();
	if (!c.arena || setjmp(c.fail)) {
		kg_alg_update_free(au);
		return -1;
	}
	au->n_ops = u->n_ops;
	if (u->n_ops)
		au->where = alloc(&c, u->n_ops * sizeof *au->where);
	for (size_t i = 0; i < u->n_ops; i++) {
		const kg_sparql_operation *op = &u->ops[i];
		if (op->kind == KG_SPARQL_UP_MODIFY && op->where)
			au->where[i] = tr_group(&c, op->where);
		else if (op->kind == KG_SPARQL_UP_DELETE_WHERE)
			au->where[i] = quads_pattern(&c, op->delete_quads,
			                             op->n_delete);
	}
	*out = au;
	return 0;
}

void
kg_alg_query_free(kg_alg_query *aq)
{
	if (!aq)
		return;
	kg_sparql_arena_free(aq->arena);
	free(aq);
}

void
kg_alg_update_free(kg_alg_update *au)
{
	if (!au)
		return;
	kg_sparql_arena_free(au->arena);
	free(au);
}
