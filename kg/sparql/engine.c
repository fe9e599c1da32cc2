/* engine.c: queries through kg's own SPARQL engine: the parser
 * (sparql/parser.c), the algebra (sparql/algebra.c) and the evaluator
 * (sparql/eval*.c), with the query forms here: SELECT rows, ASK, the
 * triples of CONSTRUCT templates and DESCRIBE's concise bounded
 * descriptions. */
#include "results.h"
#include "sparql/engine.h"
#include "sparql/sparql.h"
#include "sparql/eval.h"
#include "sparql/idset.h"
#include "store/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	kg_sparql_query *q;
	kg_alg_query *aq;
	kg_eval *ev;
	kg_iter *it;
	kg_id *row;
	int *cols;          /* SELECT: the slot of each column */
	/* CONSTRUCT and DESCRIBE: triples waiting to be handed out */
	kg_id (*pending)[3];
	size_t n_pending, pos_pending, cap_pending;
	kg_triple_set seen;
	/* DESCRIBE: the resources to describe, in order, and a queue */
	kg_id *todo;
	size_t n_todo, pos_todo, cap_todo;
	kg_id_set described;
	int solutions_done;
} kq;

static void
kq_free(kg_results *r)
{
	kq *k = r->impl;
	if (!k)
		return;
	kg_iter_free(k->it);
	kg_eval_free(k->ev);
	kg_alg_query_free(k->aq);
	kg_sparql_free(k->q);
	free(k->row);
	free(k->cols);
	free(k->pending);
	free(k->seen.slots);
	free(k->todo);
	kg_id_set_free(&k->described);
	free(k);
}

/* The status after kg_eval_term failed (the store, or memory). */
static kg_status
term_failed(const kq *k)
{
	return k->ev->db->err_status ? k->ev->db->err_status : KG_ERR_NOMEM;
}

static kg_status
set_id(kg_results *r, kq *k, size_t col, kg_id id)
{
	const kg_term *t = id ? kg_eval_term(k->ev, id) : NULL;
	if (id && !t)
		return term_failed(k);
	return kg_results_set(r, col, t);
}

static kg_status
select_next(kg_results *r)
{
	kq *k = r->impl;
	/* Some operators yield many rows from memory between two reads of
	 * the store, where the interrupt is checked: check it here too. */
	if (r->db->interrupted)
		return kg_db_error(r->db, KG_ERR_INTERRUPTED, NULL, 0, 0,
		                   "interrupted");
	kg_status st = k->it->next(k->it, k->row);
	for (size_t i = 0; !st && i < r->width; i++)
		st = set_id(r, k, i, k->cols[i] >= 0 ? k->row[k->cols[i]] : 0);
	return st;
}

/* Queues triple t once. */
static kg_status
pend(kq *k, const kg_id t[3])
{
	int r = kg_triple_set_add(&k->seen, t);
	if (r <= 0)
		return r ? KG_ERR_NOMEM : KG_OK;
	if (k->n_pending == k->cap_pending) {
		size_t cap = k->cap_pending ? k->cap_pending * 2 : 16;
		kg_id (*p)[3] = realloc(k->pending, cap * sizeof *p);
		if (!p)
			return KG_ERR_NOMEM;
		k->pending = p;
		k->cap_pending = cap;
	}
	memcpy(k->pending[k->n_pending++], t, sizeof k->pending[0]);
	return KG_OK;
}

static kg_status
emit_pending(kg_results *r, kq *k)
{
	const kg_id *t = k->pending[k->pos_pending++];
	kg_status st = KG_OK;
	for (size_t i = 0; !st && i < 3; i++)
		st = set_id(r, k, i, t[i]);
	return st ? st : kg_results_set(r, 3, NULL);
}

/* The id of a template term for the current solution; blank nodes get
 * a fresh node per solution, the same for one label within it. */
static kg_id
instantiate(kq *k, const kg_sparql_term *t, const char **labels, kg_id *fresh,
            size_t *n_fresh)
{
	switch (t->kind) {
	case KG_SPARQL_TERM_VAR: {
		int slot = kg_eval_var(k->ev, t->value);
		return slot >= 0 ? k->row[slot] : 0;
	}
	case KG_SPARQL_TERM_BLANK:
		for (size_t i = 0; i < *n_fresh; i++)
			if (!strcmp(labels[i], t->value))
				return fresh[i];
		labels[*n_fresh] = t->value;
		return fresh[(*n_fresh)++] = kg_eval_fresh_blank(k->ev);
	default:
		return kg_eval_intern_sparql(k->ev, t);
	}
}

static int
valid_triple(kq *k, const kg_id t[3])
{
	if (!t[0] || !t[1] || !t[2])
		return 0;
	const kg_term *s = kg_eval_term(k->ev, t[0]);
	const kg_term *p = kg_eval_term(k->ev, t[1]);
	return s && p && s->kind != KG_TERM_LITERAL && p->kind == KG_TERM_IRI;
}

static kg_status
construct_next(kg_results *r)
{
	kq *k = r->impl;
	const kg_sparql_query *q = k->q;
	size_t n = q->n_construct * 3;
	const char **labels = calloc(n ? n : 1, sizeof *labels);
	kg_id *fresh = calloc(n ? n : 1, sizeof *fresh);
	kg_status st = labels && fresh ? KG_OK : KG_ERR_NOMEM;
	while (!st && k->pos_pending >= k->n_pending) {
		k->n_pending = k->pos_pending = 0;
		if ((st = k->it->next(k->it, k->row)))
			break;
		size_t n_fresh = 0;
		for (size_t i = 0; !st && i < q->n_construct; i++) {
			const kg_sparql_triple *tt = &q->construct[i];
			kg_id t[3] = {instantiate(k, &tt->s, labels, fresh, &n_fresh),
			              instantiate(k, &tt->p, labels, fresh, &n_fresh),
			              instantiate(k, &tt->o, labels, fresh, &n_fresh)};
			if (valid_triple(k, t))
				st = pend(k, t);
		}
	}
	free(labels);
	free(fresh);
	if (st)
		return st == KG_ERR_NOMEM
		               ? kg_db_error(r->db, st, NULL, 0, 0, "out of memory")
		               : st;
	return emit_pending(r, k);
}

/* DESCRIBE: the concise bounded description of each resource: its
 * triples as subject, and those of the blank nodes they lead to. */
static kg_status
want(kq *k, kg_id id)
{
	int r = kg_id_set_add(&k->described, id);
	if (r <= 0)
		return r ? KG_ERR_NOMEM : KG_OK;
	if (k->n_todo == k->cap_todo) {
		size_t cap = k->cap_todo ? k->cap_todo * 2 : 16;
		kg_id *t = realloc(k->todo, cap * sizeof *t);
		if (!t)
			return KG_ERR_NOMEM;
		k->todo = t;
		k->cap_todo = cap;
	}
	k->todo[k->n_todo++] = id;
	return KG_OK;
}

static kg_status
describe_targets(kq *k)
{
	const kg_sparql_query *q = k->q;
	kg_status st = KG_OK;
	for (size_t i = 0; !st && i < q->n_describe; i++)
		if (q->describe[i].kind == KG_SPARQL_TERM_IRI) {
			kg_id id = kg_eval_intern_sparql(k->ev, &q->describe[i]);
			st = id ? want(k, id) : KG_ERR_NOMEM;
		}
	if (st || !k->it)
		return st;
	while (!st && !(st = k->it->next(k->it, k->row))) {
		for (size_t i = 0; !st && i < q->n_describe; i++) {
			if (q->describe[i].kind != KG_SPARQL_TERM_VAR)
				continue;
			int slot = kg_eval_var(k->ev, q->describe[i].value);
			if (slot >= 0 && k->row[slot])
				st = want(k, k->row[slot]);
		}
		for (size_t s = 0; !st && q->star && s < k->ev->width; s++)
			if (k->row[s] && k->ev->vars[s][0] != '_' &&
			    k->ev->vars[s][0] != '.')
				st = want(k, k->row[s]);
	}
	return st == KG_DONE ? KG_OK : st;
}

static kg_status
describe_next(kg_results *r)
{
	kq *k = r->impl;
	kg_status st = KG_OK;
	if (!k->solutions_done) {
		k->solutions_done = 1;
		if ((st = describe_targets(k)))
			return st;
	}
	while (k->pos_pending >= k->n_pending) {
		if (k->pos_todo >= k->n_todo)
			return KG_DONE;
		k->n_pending = k->pos_pending = 0;
		kg_id id = k->todo[k->pos_todo++];
		const kg_term *t = kg_eval_term(k->ev, id);
		if (!t)
			return term_failed(k);
		if (t->kind == KG_TERM_LITERAL)
			continue;
		kg_eval_match *m;
		if ((st = kg_eval_match_new(k->ev, id, 0, 0, 0, &m)))
			return st;
		kg_id tr[3];
		while (!(st = kg_eval_match_next(m, tr))) {
			if ((st = pend(k, tr)))
				break;
			const kg_term *o = kg_eval_term(k->ev, tr[2]);
			if (!o) {
				st = term_failed(k);
				break;
			}
			if (o->kind == KG_TERM_BLANK && (st = want(k, tr[2])))
				break;
		}
		kg_eval_match_free(m);
		if (st != KG_DONE)
			return st;
	}
	return emit_pending(r, k);
}

static const kg_results_ops select_ops = {select_next, kq_free};
static const kg_results_ops construct_ops = {construct_next, kq_free};
static const kg_results_ops describe_ops = {describe_next, kq_free};

/* The projection of a SELECT: the first Project under the modifiers. */
static const kg_alg *
projection(const kg_alg *op)
{
	for (; op; op = op->a)
		if (op->kind == KG_ALG_PROJECT)
			return op;
	return NULL;
}

static size_t
count_list(const char **l)
{
	size_t n = 0;
	while (l && l[n])
		n++;
	return n;
}

/* The file a file: IRI names (percent-decoded), or NULL. */
static char *
file_path(const char *iri)
{
	const char *p;
	if (!strncmp(iri, "file:///", 8))
		p = iri + 7;
	else if (!strncmp(iri, "file://localhost/", 17))
		p = iri + 16;
	else
		return NULL;
	char *out = malloc(strlen(p) + 1), *o = out;
	if (!out)
		return NULL;
	for (; *p; p++) {
		unsigned v;
		if (*p == '%' && sscanf(p + 1, "%2x", &v) == 1 && v) {
			*o++ = (char)v;
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	return out;
}

/* In the in-memory store, which lives only as long as this process, a
 * FROM or FROM NAMED of a file: IRI that names no graph yet loads that
 * file into that graph first, so that a query can name its own data
 * (kg -s memory query 'SELECT * FROM <file:///tmp/a.ttl> { ... }').  A
 * store on disk is never written by a query. */
static kg_status
load_from_files(kg_db *db, const char **iris, size_t n)
{
	if (!db->spec || strcmp(db->spec, "memory"))
		return KG_OK;
	for (size_t i = 0; i < n; i++) {
		char *path = file_path(iris[i]);
		if (!path)
			continue;
		kg_term g = {KG_TERM_IRI, iris[i], NULL, NULL};
		int have = kg_store_has_graph(db, &g);
		kg_status st = have < 0 ? KG_ERR_STORE : KG_OK;
		if (!have) {
			kg_load_options lo = {0};
			lo.graph = iris[i];
			lo.base = iris[i];
			unsigned flags = db->flags;
			db->flags &= ~(unsigned)KG_OPEN_READONLY;
			st = kg_db_load(db, path, &lo, NULL);
			db->flags = flags;
		}
		free(path);
		if (st)
			return st;
	}
	return KG_OK;
}

/* KG_QUERY_NO_FILE: any file: IRI in the dataset is an error, whether
 * or not the store would load it (the caller forbids reading files). */
static kg_status
refuse_files(kg_db *db, const char **iris, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(iris[i], "file:", 5))
			return kg_db_error(db, KG_ERR_QUERY, NULL, 0, 0,
			                   "FROM <%s> is not allowed: reading "
			                   "files is disabled here", iris[i]);
	return KG_OK;
}

kg_status
kg_engine_query(kg_db *db, const char *text, const kg_query_options *opts,
         kg_results **out)
{
	*out = NULL;
	kq *k = calloc(1, sizeof *k);
	if (!k)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	kg_status st = kg_sparql_parse(db, text, opts ? opts->base : NULL, &k->q);
	if (!st && kg_alg_translate(k->q, &k->aq))
		st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	const kg_sparql_query *q = k->q;
	/* The dataset: the query's FROM / FROM NAMED, else the caller's,
	 * else the union of the store's graphs and all named graphs. */
	kg_eval_dataset ds = {0};
	int theirs = opts && (opts->flags & KG_QUERY_DATASET_WINS) &&
	             (count_list(opts->from) || count_list(opts->from_named));
	if (!st && !theirs && (q->n_from || q->n_from_named))
		kg_eval_dataset_of(&ds, q->from, q->n_from, q->from_named,
		                   q->n_from_named);
	else if (!st && opts && (count_list(opts->from) ||
	                         count_list(opts->from_named)))
		kg_eval_dataset_of(&ds, opts->from, count_list(opts->from),
		                   opts->from_named, count_list(opts->from_named));
	if (!st && opts && (opts->flags & KG_QUERY_NO_FILE))
		st = refuse_files(db, ds.from, ds.n_from);
	if (!st && opts && (opts->flags & KG_QUERY_NO_FILE))
		st = refuse_files(db, ds.named, ds.n_named);
	if (!st)
		st = load_from_files(db, ds.from, ds.n_from);
	if (!st)
		st = load_from_files(db, ds.named, ds.n_named);
	/* CONSTRUCT templates may name variables the pattern lacks. */
	const char **extra = NULL;
	size_t n_extra = 0;
	if (!st && q->kind == KG_SPARQL_CONSTRUCT) {
		extra = calloc(q->n_construct * 3 + 1, sizeof *extra);
		if (!extra)
			st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
		for (size_t i = 0; !st && i < q->n_construct; i++) {
			const kg_sparql_term *t[3] = {&q->construct[i].s,
			                              &q->construct[i].p,
			                              &q->construct[i].o};
			for (int j = 0; j < 3; j++)
				if (t[j]->kind == KG_SPARQL_TERM_VAR)
					extra[n_extra++] = t[j]->value;
		}
	}
	if (!st)
		st = kg_eval_new(db, k->aq->op, &ds, extra, n_extra, q->base, &k->ev);
	free(extra);
	if (!st && opts)
		k->ev->allow_service = !!(opts->flags & KG_QUERY_SERVICE);
	if (!st && !(k->row = calloc(k->ev->width + 1, sizeof *k->row)))
		st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	if (!st && k->aq->op && !(k->it = kg_eval_op(k->ev, k->aq->op, NULL, 0)))
		st = db->err_status ? db->err_status : KG_ERR_NOMEM;
	if (st) {
		kg_results r0 = {.impl = k};
		kq_free(&r0);
		return st;
	}
	kg_results *r = NULL;
	switch (q->kind) {
	case KG_SPARQL_SELECT: {
		const kg_alg *p = projection(k->aq->op);
		size_t n = p ? p->n_vars : 0;
		k->cols = calloc(n + 1, sizeof *k->cols);
		r = k->cols ? kg_results_new(db, KG_RESULTS_BINDINGS, n, &select_ops, k)
		            : NULL;
		for (size_t i = 0; r && i < n; i++) {
			k->cols[i] = kg_eval_var(k->ev, p->vars[i]);
			if (kg_results_set_name(r, i, p->vars[i])) {
				r->impl = NULL;
				kg_results_free(r);
				r = NULL;
			}
		}
		break;
	}
	case KG_SPARQL_ASK: {
		st = k->it->next(k->it, k->row);
		if (st && st != KG_DONE)
			break;
		r = kg_results_new(db, KG_RESULTS_BOOLEAN, 0, &select_ops, k);
		if (r)
			r->boolean = st == KG_OK;
		st = KG_OK;
		break;
	}
	case KG_SPARQL_CONSTRUCT:
		r = kg_results_new(db, KG_RESULTS_GRAPH, 3, &construct_ops, k);
		break;
	case KG_SPARQL_DESCRIBE:
		r = kg_results_new(db, KG_RESULTS_GRAPH, 3, &describe_ops, k);
		break;
	}
	if (!r) {
		kg_results r0 = {.impl = k};
		kq_free(&r0);
		return st ? st : kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
		                             "out of memory");
	}
	*out = r;
	return KG_OK;
}
