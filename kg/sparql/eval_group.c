/* eval_group.c: Group and AggregateJoin (SPARQL 1.1 sections 18.2.4.1
 * and 18.5): the input's solutions are partitioned by the list of their
 * key values, and each aggregate is folded over each group as the rows
 * go by, so memory grows with the number of groups (and, for DISTINCT,
 * with the distinct values or solutions seen), not with the rows.
 *
 * Readings of 18.5 where the text leaves room:
 *  - a key that is an error or unbound is the key component "unbound",
 *    one value of its own: those rows form a group whose key variable is
 *    left unbound;
 *  - COUNT drops errors (Count's definition says so); SUM, AVG and
 *    GROUP_CONCAT are errors as soon as one value is (op:numeric-add and
 *    CONCAT of an error); MIN, MAX and SAMPLE skip errors and are errors
 *    only when no value is left, as over an empty group;
 *  - GROUP_CONCAT takes the STR of each value, so numbers and IRIs
 *    concatenate as their lexical forms (what users expect and common
 *    engines do; the strict CONCAT would reject them), a blank node is an
 *    error, and the result is a simple literal (the W3C tests
 *    agg-groupconcat-4..6 drop language tags);
 *  - DISTINCT compares RDF terms (1 and 1.0 are two values); for MIN,
 *    MAX and SAMPLE it changes nothing and is ignored;
 *  - MIN and MAX give a number in the canonical form of its value, as
 *    SUM and AVG do ("2E-1"^^xsd:double comes back as "2.0E-1", W3C
 *    agg-min-02); other terms come back as they were.
 * With no GROUP BY the algebra groups by the constant (1), and over no
 * rows that still makes one group, as Group((1), {}) is defined to; a
 * query that writes GROUP BY (1) itself gets the same. */
#include "sparql/eval_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- sets of id tuples ---------------------------------------------------- */

/* Tuples of `len` ids, each kept once, found by hashing: the groups
 * (keyed by their key lists) and the DISTINCT sets of aggregates. */
typedef struct {
	size_t len;    /* ids per tuple */
	kg_id *tuples; /* n * len ids */
	size_t n, cap;
	size_t *tab;   /* tuple index + 1; 0 is an empty slot */
	size_t tab_cap;
} tuple_set;

static uint64_t
tuple_hash(const kg_id *t, size_t len)
{
	return kg_hash_mix(kg_hash_bytes(0xcbf29ce484222325ULL, t,
	                                 len * sizeof *t));
}

static int
tuple_set_rehash(tuple_set *s)
{
	size_t cap = s->tab_cap ? s->tab_cap * 2 : 16;
	size_t *tab = calloc(cap, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		size_t j = tuple_hash(s->tuples + i * s->len, s->len) & (cap - 1);
		while (tab[j])
			j = (j + 1) & (cap - 1);
		tab[j] = i + 1;
	}
	free(s->tab);
	s->tab = tab;
	s->tab_cap = cap;
	return 0;
}

/* The index of `t` in `s`, adding it when absent (then *added is 1).
 * Returns -1 when memory runs out. */
static long
tuple_set_add(tuple_set *s, const kg_id *t, int *added)
{
	*added = 0;
	if ((s->n + 1) * 2 > s->tab_cap && tuple_set_rehash(s))
		return -1;
	size_t bytes = s->len * sizeof *t;
	size_t mask = s->tab_cap - 1;
	size_t j = tuple_hash(t, s->len) & mask;
	for (; s->tab[j]; j = (j + 1) & mask) {
		size_t i = s->tab[j] - 1;
		if (!memcmp(s->tuples + i * s->len, t, bytes))
			return (long)i;
	}
	/* len 0 (a request without variables): every tuple is the empty
	 * one, but realloc must not be asked for 0 bytes. */
	if (s->n == s->cap &&
	    kg_grow(&s->tuples, &s->cap, s->n + 1, s->len ? bytes : 1))
		return -1;
	if (bytes)
		memcpy(s->tuples + s->n * s->len, t, bytes);
	s->tab[j] = ++s->n;
	*added = 1;
	return (long)(s->n - 1);
}

static void
tuple_set_free(tuple_set *s)
{
	if (!s)
		return;
	free(s->tuples);
	free(s->tab);
	free(s);
}

/* ---- the operator's state ------------------------------------------------- */

/* Where an expression's value comes from: a variable is read from the
 * row (no allocation per row), a constant is interned once. */
typedef struct {
	const kg_alg_expr *expr; /* NULL: none (COUNT(*)) */
	int slot;                /* a variable's slot, or -1 */
	int is_var;
	kg_id constant;          /* a constant term's id, else 0 */
} source;

/* One aggregate folded over one group. */
typedef struct {
	long long count;      /* COUNT, and AVG's divisor */
	kg_sparql_value *acc; /* SUM, AVG: the running sum; MIN, MAX,
	                         SAMPLE: the value kept */
	kg_buf concat;        /* GROUP_CONCAT */
	tuple_set *seen;      /* DISTINCT: the values or rows counted */
	int error;            /* SUM, AVG, GROUP_CONCAT: an error seen */
} agg_state;

typedef struct {
	kg_eval *ev;
	kg_id graph;
	size_t n_keys, n_aggs;
	source *keys;
	int *key_out;         /* slot a key binds in the output, or -1 */
	char *key_binds;      /* the key is (expr AS ?v), ?v with a slot */
	const kg_alg_expr **aggs;
	source *args;         /* each aggregate's argument */
	int *agg_out;         /* the ".aggN" slots */
	tuple_set groups;     /* key lists */
	agg_state *states;    /* groups.n * n_aggs */
	size_t states_cap;    /* in groups */
	kg_sparql_value *zero;
	kg_id *key;           /* scratch: the current row's key list */
} group_ctx;

static void
nomem(kg_eval *ev)
{
	kg_db_error(ev->db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static int
source_init(kg_eval *ev, source *s, const kg_alg_expr *e)
{
	memset(s, 0, sizeof *s);
	s->expr = e;
	s->slot = -1;
	if (!e || e->op != KG_SPARQL_EX_TERM)
		return 0;
	if (e->term.kind == KG_SPARQL_TERM_VAR) {
		s->is_var = 1;
		s->slot = kg_eval_var(ev, e->term.value);
		return 0;
	}
	s->constant = kg_eval_intern_sparql(ev, &e->term);
	return s->constant ? 0 : -1;
}

/* The value of `s` on `row`, or NULL for an error or unbound: borrowed
 * from the dictionary (*owned NULL) or new (*owned, to free).  *id is
 * its id when known without interning, else 0.  Returns -1 when memory
 * runs out. */
static int
source_eval(group_ctx *g, const source *s, const kg_id *row,
            const kg_sparql_value **v, kg_sparql_value **owned, kg_id *id)
{
	*v = NULL;
	*owned = NULL;
	*id = 0;
	if (s->is_var || s->constant) {
		*id = s->constant ? s->constant
		                  : s->slot >= 0 ? row[s->slot] : 0;
		if (!*id)
			return 0;
		*v = kg_eval_value(g->ev, *id);
		return *v ? 0 : -1;
	}
	*owned = kg_eval_expr(g->ev, s->expr, row, g->graph);
	if (!*owned)
		return -1;
	if (kg_sparql_value_is_error(*owned)) {
		kg_sparql_value_free(*owned);
		*owned = NULL;
		return 0;
	}
	*v = *owned;
	return 0;
}

/* The id of a value that is not an error, interning it; 0 when memory
 * runs out. */
static kg_id
value_id(kg_eval *ev, const kg_sparql_value *v, kg_id id)
{
	return id ? id : kg_eval_intern_value(ev, v);
}

static void
state_clear(agg_state *st)
{
	kg_sparql_value_free(st->acc);
	st->acc = NULL;
	kg_buf_free(&st->concat);
	tuple_set_free(st->seen);
	st->seen = NULL;
}

static void
group_ctx_free(group_ctx *g)
{
	for (size_t i = 0; g->states && i < g->groups.n * g->n_aggs; i++)
		state_clear(&g->states[i]);
	free(g->states);
	free(g->groups.tuples);
	free(g->groups.tab);
	free(g->keys);
	free(g->key_out);
	free(g->aggs);
	free(g->args);
	free(g->agg_out);
	free(g->key);
	free(g->key_binds);
	kg_sparql_value_free(g->zero);
}

/* Whether the Group's key list is the constant (1) the algebra puts
 * there when the query has no GROUP BY. */
static int
implicit_group(const kg_alg *grp)
{
	if (grp->n_binds != 1 || grp->binds[0].var)
		return 0;
	const kg_alg_expr *e = grp->binds[0].expr;
	return e->op == KG_SPARQL_EX_TERM &&
	       e->term.kind == KG_SPARQL_TERM_LITERAL && !e->term.lang &&
	       e->term.datatype &&
	       !strcmp(e->term.datatype, KG_XSD "integer") &&
	       !strcmp(e->term.value, "1");
}

static int
group_ctx_init(group_ctx *g, kg_eval *ev, const kg_alg *op, kg_id graph)
{
	const kg_alg *grp = op->a;
	memset(g, 0, sizeof *g);
	g->ev = ev;
	g->graph = graph;
	g->n_keys = grp->n_binds;
	g->n_aggs = op->n_binds;
	g->groups.len = g->n_keys;
	/* calloc(0) may give NULL: ask for one element at least. */
	size_t nk = g->n_keys ? g->n_keys : 1, na = g->n_aggs ? g->n_aggs : 1;
	g->keys = calloc(nk, sizeof *g->keys);
	g->key_out = calloc(nk, sizeof *g->key_out);
	g->key = calloc(nk, sizeof *g->key);
	g->key_binds = calloc(nk, 1);
	g->aggs = calloc(na, sizeof *g->aggs);
	g->args = calloc(na, sizeof *g->args);
	g->agg_out = calloc(na, sizeof *g->agg_out);
	g->zero = kg_sparql_value_integer(0);
	if (!g->keys || !g->key_out || !g->key || !g->key_binds || !g->aggs ||
	    !g->args || !g->agg_out || !g->zero)
		return -1;
	for (size_t i = 0; i < g->n_keys; i++) {
		const kg_alg_bind *b = &grp->binds[i];
		if (source_init(ev, &g->keys[i], b->expr))
			return -1;
		if (b->var) {
			g->key_out[i] = kg_eval_var(ev, b->var);
			g->key_binds[i] = g->key_out[i] >= 0;
		} else
			g->key_out[i] = g->keys[i].is_var ? g->keys[i].slot : -1;
	}
	for (size_t i = 0; i < g->n_aggs; i++) {
		const kg_alg_expr *a = op->binds[i].expr;
		g->aggs[i] = a;
		if (source_init(ev, &g->args[i], a->n_args ? a->args[0] : NULL))
			return -1;
		g->agg_out[i] = kg_eval_var(ev, op->binds[i].var);
	}
	return 0;
}

/* The group of key list g->key, made when new; NULL when memory runs
 * out. */
static agg_state *
group_of(group_ctx *g)
{
	/* Room for a new group's states first, so that a group never
	 * exists without them. */
	if (g->groups.n == g->states_cap &&
	    kg_grow(&g->states, &g->states_cap, g->groups.n + 1,
	            (g->n_aggs ? g->n_aggs : 1) * sizeof *g->states))
		return NULL;
	int added;
	long i = tuple_set_add(&g->groups, g->key, &added);
	if (i < 0)
		return NULL;
	agg_state *st = g->states + (size_t)i * g->n_aggs;
	if (added)
		memset(st, 0, g->n_aggs * sizeof *st);
	return st;
}

/* Whether `t` (len ids) is new to the DISTINCT set of `st`: 1 new, 0
 * seen, -1 out of memory. */
static int
first_seen(agg_state *st, const kg_id *t, size_t len)
{
	if (!st->seen) {
		st->seen = calloc(1, sizeof *st->seen);
		if (!st->seen)
			return -1;
		st->seen->len = len;
	}
	int added;
	if (tuple_set_add(st->seen, t, &added) < 0)
		return -1;
	return added;
}

/* Whether the aggregate's result is settled whatever rows come, so its
 * argument need not be evaluated any more. */
static int
settled(const kg_alg_expr *a, const agg_state *st)
{
	switch (a->op) {
	case KG_SPARQL_EX_SUM:
	case KG_SPARQL_EX_AVG:
	case KG_SPARQL_EX_GROUP_CONCAT:
		return st->error;
	case KG_SPARQL_EX_SAMPLE:
		return st->acc != NULL;
	default:
		return 0;
	}
}

/* Folds `row` into aggregate `a`'s state `st`.  Returns 0, or -1 when
 * memory runs out. */
static int
fold(group_ctx *g, const kg_alg_expr *a, const source *arg, agg_state *st,
     const kg_id *row)
{
	kg_eval *ev = g->ev;
	if (a->op == KG_SPARQL_EX_COUNT && !arg->expr) {
		/* COUNT(*) counts solutions; DISTINCT, distinct ones. */
		if (a->distinct) {
			int fresh = first_seen(st, row, ev->width);
			if (fresh <= 0)
				return fresh;
		}
		st->count++;
		return 0;
	}
	if (a->op == KG_SPARQL_EX_COUNT && (arg->is_var || arg->constant)) {
		/* A term counts once bound, whatever it is: its id is
		 * enough, and its value is never made. */
		kg_id id = arg->constant ? arg->constant
		                         : arg->slot >= 0 ? row[arg->slot] : 0;
		if (!id)
			return 0;
		if (a->distinct) {
			int fresh = first_seen(st, &id, 1);
			if (fresh <= 0)
				return fresh;
		}
		st->count++;
		return 0;
	}
	if (settled(a, st))
		return 0;
	const kg_sparql_value *v;
	kg_sparql_value *owned;
	kg_id id;
	if (source_eval(g, arg, row, &v, &owned, &id))
		return -1;
	int rc = 0;
	if (!v) {
		/* An error: SUM, AVG and GROUP_CONCAT fail, the others skip
		 * it. */
		if (a->op == KG_SPARQL_EX_SUM || a->op == KG_SPARQL_EX_AVG ||
		    a->op == KG_SPARQL_EX_GROUP_CONCAT) {
			st->error = 1;
			state_clear(st);
		}
		return 0;
	}
	if (a->op == KG_SPARQL_EX_GROUP_CONCAT && v->kind == KG_SPARQL_V_BLANK) {
		st->error = 1; /* STR of a blank node */
		state_clear(st);
		goto done;
	}
	if (a->distinct && a->op != KG_SPARQL_EX_MIN &&
	    a->op != KG_SPARQL_EX_MAX && a->op != KG_SPARQL_EX_SAMPLE) {
		if (!(id = value_id(ev, v, id))) {
			rc = -1;
			goto done;
		}
		int fresh = first_seen(st, &id, 1);
		if (fresh <= 0) {
			rc = fresh;
			goto done;
		}
	}
	switch (a->op) {
	case KG_SPARQL_EX_COUNT:
		st->count++;
		break;
	case KG_SPARQL_EX_SUM:
	case KG_SPARQL_EX_AVG: {
		/* Sum(S) adds from 0, so that one non-numeric value is an
		 * error too, and 0 + x promotes nothing. */
		kg_sparql_value *sum = kg_sparql_value_arith(
			KG_SPARQL_EX_ADD, st->acc ? st->acc : g->zero, v);
		if (!sum) {
			rc = -1;
			break;
		}
		kg_sparql_value_free(st->acc);
		st->acc = sum;
		st->count++;
		if (kg_sparql_value_is_error(sum)) {
			st->error = 1;
			state_clear(st);
		}
		break;
	}
	case KG_SPARQL_EX_MIN:
	case KG_SPARQL_EX_MAX:
		/* unless v is the new extreme, kept as SAMPLE keeps */
		if (st->acc && (a->op == KG_SPARQL_EX_MIN
		                        ? kg_sparql_value_order(v, st->acc) >= 0
		                        : kg_sparql_value_order(v, st->acc) <= 0))
			break;
		/* fall through */
	case KG_SPARQL_EX_SAMPLE: {
		kg_sparql_value *keep = owned ? owned : kg_sparql_value_copy(v);
		if (!keep) {
			rc = -1;
			break;
		}
		if (keep == owned)
			owned = NULL;
		kg_sparql_value_free(st->acc);
		st->acc = keep;
		break;
	}
	case KG_SPARQL_EX_GROUP_CONCAT: {
		const char *sep = a->separator ? a->separator : " ";
		if ((st->count && kg_buf_puts(&st->concat, sep)) ||
		    kg_buf_puts(&st->concat, v->lex))
			rc = -1;
		st->count++;
		break;
	}
	default:
		/* the parser makes no other aggregate: an error, unbound */
		break;
	}
done:
	kg_sparql_value_free(owned);
	return rc;
}

/* Reads every input row into the groups.  Returns KG_OK, KG_ERR_NOMEM,
 * or the input's error (recorded on the db). */
static kg_status
read_input(group_ctx *g, kg_iter *input)
{
	kg_eval *ev = g->ev;
	size_t w = ev->width ? ev->width : 1;
	kg_id *row = malloc(w * sizeof *row);
	if (!row)
		return KG_ERR_NOMEM;
	kg_status st;
	unsigned long n = 0;
	for (;;) {
		/* Cleared, since the key bindings below write into it and
		 * an input need not rewrite every slot. */
		memset(row, 0, w * sizeof *row);
		if ((st = input->next(input, row)) != KG_OK)
			break;
		/* The input checks too, but the expressions here may be
		 * costly. */
		if ((++n & 1023) == 0 && ev->db->interrupted) {
			st = kg_db_error(ev->db, KG_ERR_INTERRUPTED, NULL, 0, 0,
			                 "interrupted");
			break;
		}
		for (size_t i = 0; i < g->n_keys; i++) {
			const kg_sparql_value *v;
			kg_sparql_value *owned;
			kg_id id;
			if (source_eval(g, &g->keys[i], row, &v, &owned, &id))
				goto nomem;
			/* an error is the key component "unbound", 0 */
			g->key[i] = v ? value_id(ev, v, id) : 0;
			kg_sparql_value_free(owned);
			if (v && !g->key[i])
				goto nomem;
		}
		/* GROUP BY (expr AS ?v) reads as Extend(?v, expr) under the
		 * Group: the aggregates see ?v bound to the key (SAMPLE(?v)
		 * of SELECT ?v and ORDER BY ?v among them). */
		for (size_t i = 0; i < g->n_keys; i++)
			if (g->key_binds[i])
				row[g->key_out[i]] = g->key[i];
		agg_state *states = group_of(g);
		if (!states)
			goto nomem;
		for (size_t i = 0; i < g->n_aggs; i++)
			if (fold(g, g->aggs[i], &g->args[i], &states[i], row))
				goto nomem;
	}
	free(row);
	return st == KG_DONE ? KG_OK : st;
nomem:
	free(row);
	return KG_ERR_NOMEM; /* recorded by kg_eval_group */
}

static kg_id
integer_id(kg_eval *ev, long long n)
{
	char lex[32];
	snprintf(lex, sizeof lex, "%lld", n);
	kg_term t = {.kind = KG_TERM_LITERAL, .value = lex,
	             .datatype = KG_XSD "integer"};
	return kg_eval_intern(ev, &t);
}

/* The id of the aggregate's result over a whole group: 0 for an error
 * (the variable stays unbound); *oom set when memory runs out. */
static kg_id
result(group_ctx *g, const kg_alg_expr *a, agg_state *st, int *oom)
{
	kg_eval *ev = g->ev;
	kg_id id = 0;
	switch (a->op) {
	case KG_SPARQL_EX_COUNT:
		id = integer_id(ev, st->count);
		break;
	case KG_SPARQL_EX_SUM:
		if (st->error)
			return 0;
		id = st->acc ? kg_eval_intern_value(ev, st->acc)
		             : integer_id(ev, 0);
		break;
	case KG_SPARQL_EX_AVG: {
		if (st->error)
			return 0;
		if (!st->count) {
			id = integer_id(ev, 0);
			break;
		}
		/* Sum / Count with op:numeric-divide: integers give a
		 * decimal, a float or double sum its own type. */
		kg_sparql_value *n = kg_sparql_value_integer(st->count);
		kg_sparql_value *avg =
			n ? kg_sparql_value_arith(KG_SPARQL_EX_DIV, st->acc, n)
			  : NULL;
		kg_sparql_value_free(n);
		if (!avg) {
			*oom = 1;
			return 0;
		}
		if (!kg_sparql_value_is_error(avg) &&
		    !(id = kg_eval_intern_value(ev, avg)))
			*oom = 1;
		kg_sparql_value_free(avg);
		return id;
	}
	case KG_SPARQL_EX_MIN:
	case KG_SPARQL_EX_MAX: {
		if (!st->acc)
			return 0; /* no value: an error, as over no rows */
		/* the least or greatest value, written as the computed
		 * aggregates are: a number in its canonical form */
		kg_sparql_value *c = kg_sparql_value_canonical(st->acc);
		if (!c) {
			*oom = 1;
			return 0;
		}
		id = kg_eval_intern_value(ev, c);
		kg_sparql_value_free(c);
		break;
	}
	case KG_SPARQL_EX_SAMPLE:
		if (!st->acc)
			return 0; /* no value: an error, as over no rows */
		id = kg_eval_intern_value(ev, st->acc);
		break;
	case KG_SPARQL_EX_GROUP_CONCAT: {
		if (st->error)
			return 0;
		kg_term t = {.kind = KG_TERM_LITERAL,
		             .value = kg_buf_str(&st->concat)};
		id = kg_eval_intern(ev, &t);
		break;
	}
	default:
		return 0;
	}
	if (!id)
		*oom = 1;
	return id;
}

/* ---- the iterator over the result rows ------------------------------------ */

typedef struct {
	kg_iter it;
	kg_id *rows;
	size_t n, next, width;
} rows_iter;

static kg_status
rows_next(kg_iter *it, kg_id *row)
{
	rows_iter *r = (rows_iter *)it;
	if (r->next == r->n)
		return KG_DONE;
	if (r->width)
		memcpy(row, r->rows + r->next * r->width,
		       r->width * sizeof *row);
	r->next++;
	return KG_OK;
}

static void
rows_free(kg_iter *it)
{
	rows_iter *r = (rows_iter *)it;
	free(r->rows);
	free(r);
}

/* One row per group.  Returns KG_OK or KG_ERR_NOMEM. */
static kg_status
make_rows(group_ctx *g, rows_iter *r)
{
	kg_eval *ev = g->ev;
	size_t w = ev->width, n = g->groups.n;
	r->width = w;
	r->n = n;
	r->rows = calloc(n && w ? n * w : 1, sizeof *r->rows);
	if (!r->rows)
		return KG_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		kg_id *row = r->rows + i * w;
		const kg_id *key = g->groups.tuples + i * g->n_keys;
		for (size_t k = 0; k < g->n_keys; k++)
			if (g->key_out[k] >= 0)
				row[g->key_out[k]] = key[k];
		agg_state *states = g->states + i * g->n_aggs;
		for (size_t j = 0; j < g->n_aggs; j++) {
			int oom = 0;
			kg_id id = result(g, g->aggs[j], &states[j], &oom);
			if (oom)
				return KG_ERR_NOMEM;
			if (g->agg_out[j] >= 0)
				row[g->agg_out[j]] = id;
			/* done with it: free its DISTINCT set early */
			state_clear(&states[j]);
		}
	}
	return KG_OK;
}

kg_iter *
kg_eval_group(kg_eval *ev, const kg_alg *op, kg_iter *input, kg_id graph)
{
	group_ctx g;
	rows_iter *r = NULL;
	kg_status st = KG_OK;
	if (group_ctx_init(&g, ev, op, graph))
		st = KG_ERR_NOMEM;
	if (!st)
		st = read_input(&g, input);
	kg_iter_free(input);
	if (!st && !g.groups.n && implicit_group(op->a)) {
		/* Group((1), {}) is one empty group. */
		g.key[0] = g.keys[0].constant;
		if (!group_of(&g))
			st = KG_ERR_NOMEM;
	}
	if (!st) {
		r = calloc(1, sizeof *r);
		if (!r)
			st = KG_ERR_NOMEM;
	}
	if (!st)
		st = make_rows(&g, r);
	group_ctx_free(&g);
	if (st) {
		if (st == KG_ERR_NOMEM)
			nomem(ev);
		if (r)
			free(r->rows);
		free(r);
		return NULL;
	}
	r->it.next = rows_next;
	r->it.free = rows_free;
	return &r->it;
}
