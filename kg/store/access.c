/* access.c: the store's door (access.h) over a librdf model. */
#include "store/access.h"
#include "store/backend.h"
#include "store/native.h"
#include "store/statements.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The clock, read only when the db is profiling (kg_db_set_profiling):
 * two clock reads a matched triple are a cost of their own. */
static double
clock_of(const kg_db *db)
{
	return db->profiling ? now() : 0;
}


struct kg_match {
	kg_db *db;
	kg_native_match *native; /* on kg's own store; the rest unused */
	librdf_stream *stream;
	librdf_node *graph; /* the named graph asked for, or NULL */
	int any_graph;
	int filter;    /* read every graph, keep those of `graph` */
	librdf_node *object; /* keep only statements with this object */
	int started;
	kg_term terms[4];
};

static librdf_statement *
pattern(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o)
{
	librdf_node *ns = s ? kg_node_new(db->store->world, s) : NULL;
	librdf_node *np = p ? kg_node_new(db->store->world, p) : NULL;
	librdf_node *no = o ? kg_node_new(db->store->world, o) : NULL;
	if ((s && !ns) || (p && !np) || (o && !no)) {
		if (ns)
			librdf_free_node(ns);
		if (np)
			librdf_free_node(np);
		if (no)
			librdf_free_node(no);
		return NULL;
	}
	/* The statement takes ownership of the nodes. */
	return librdf_new_statement_from_nodes(db->store->world, ns, np, no);
}

static kg_status match_new(kg_db *db, const kg_term *s, const kg_term *p,
                           const kg_term *o, const kg_term *g, unsigned flags,
                           kg_match **out);

kg_status
kg_match_new(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o,
             const kg_term *g, unsigned flags, kg_match **out)
{
	*out = NULL;
	double t0 = clock_of(db);
	kg_status st = match_new(db, s, p, o, g, flags, out);
	db->profile.lookups++;
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

static kg_status
match_next(kg_match *m, const kg_term **q);

kg_status
kg_match_next(kg_match *m, const kg_term **q)
{
	double t0 = clock_of(m->db);
	kg_status st = match_next(m, q);
	if (st == KG_OK)
		m->db->profile.triples++;
	m->db->profile.storage_seconds += clock_of(m->db) - t0;
	return st;
}

static kg_status
match_new(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o,
          const kg_term *g, unsigned flags, kg_match **out)
{
	kg_match *m = calloc(1, sizeof *m);
	if (!m)
		return KG_ERR_NOMEM;
	m->db = db;
	if (db->store->qs) {
		kg_status st = kg_native_match_new(db, s, p, o, g, flags,
		                                   &m->native);
		if (st) {
			free(m);
			return st;
		}
		*out = m;
		return KG_OK;
	}
	m->any_graph = !g && (flags & KG_MATCH_ANY_GRAPH);
	/* Redland's hashes storage has no index for a whole statement and
	 * reads the store to find one; look it up by subject and predicate
	 * and compare the object here. */
	if (s && p && o && db->store->hashes) {
		if (!(m->object = kg_node_new(db->store->world, o))) {
			kg_match_free(m);
			return KG_ERR_NOMEM;
		}
		o = NULL;
	}
	librdf_statement *st = pattern(db, s, p, o);
	if (g)
		m->graph = kg_node_new(db->store->world, g);
	if (!st || (g && !m->graph)) {
		if (st)
			librdf_free_statement(st);
		kg_match_free(m);
		return KG_ERR_NOMEM;
	}
	/* Redland's hashes storage answers a pattern within one graph by
	 * reading the whole graph; with a term of the pattern known, its
	 * indexes over all graphs, filtered by graph, read far less. */
	m->filter = m->graph && db->store->hashes && (s || p || o);
	if (m->graph && !m->filter)
		m->stream = librdf_model_find_statements_in_context(db->store->model, st,
		                                                    m->graph);
	else if (!s && !p && !o)
		m->stream = librdf_model_as_stream(db->store->model);
	else
		m->stream = librdf_model_find_statements(db->store->model, st);
	librdf_free_statement(st);
	if (!m->stream) {
		kg_match_free(m);
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the store could not be searched");
	}
	*out = m;
	return KG_OK;
}

static kg_status
match_next(kg_match *m, const kg_term **q)
{
	if (m->native)
		return kg_native_match_next(m->native, q);
	for (;;) {
		if (m->started && librdf_stream_next(m->stream))
			return KG_DONE;
		m->started = 1;
		if (librdf_stream_end(m->stream))
			return KG_DONE;
		librdf_statement *st = librdf_stream_get_object(m->stream);
		librdf_node *ctx = m->graph && !m->filter
		                           ? m->graph
		                           : librdf_stream_get_context2(m->stream);
		if (m->filter && (!ctx || !librdf_node_equals(ctx, m->graph)))
			continue; /* another graph */
		if (m->object && st &&
		    !librdf_node_equals(librdf_statement_get_object(st), m->object))
			continue; /* another object */
		if (!m->graph && !m->any_graph && ctx)
			continue; /* default graph only */
		if (!st)
			return KG_DONE;
		kg_term_from_node(librdf_statement_get_subject(st), &m->terms[0]);
		kg_term_from_node(librdf_statement_get_predicate(st), &m->terms[1]);
		kg_term_from_node(librdf_statement_get_object(st), &m->terms[2]);
		if (ctx)
			kg_term_from_node(ctx, &m->terms[3]);
		for (int i = 0; i < 3; i++)
			q[i] = &m->terms[i];
		q[3] = ctx ? &m->terms[3] : NULL;
		return KG_OK;
	}
}

void
kg_match_free(kg_match *m)
{
	if (!m)
		return;
	kg_native_match_free(m->native);
	if (m->stream)
		librdf_free_stream(m->stream);
	if (m->graph)
		librdf_free_node(m->graph);
	if (m->object)
		librdf_free_node(m->object);
	free(m);
}

int
kg_store_is_open(const kg_db *db)
{
	return db->store && (db->store->model || db->store->qs);
}

void
kg_store_refresh(kg_db *db)
{
	if (db->store && db->store->qs)
		kg_native_refresh(db);
}

int
kg_store_ids(const kg_db *db)
{
	return db->store && db->store->qs;
}

void
kg_store_pin(kg_db *db)
{
	if (kg_store_ids(db))
		kg_native_pin(db);
}

void
kg_store_unpin(kg_db *db)
{
	if (kg_store_ids(db))
		kg_native_unpin(db);
}

kg_status
kg_store_lookup(kg_db *db, const kg_term *t, kg_sid *out)
{
	double t0 = clock_of(db);
	kg_status st = kg_native_lookup(db, t, out);
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_store_term(kg_db *db, kg_sid id, kg_term *out, int *stable)
{
	double t0 = clock_of(db);
	kg_status st = kg_native_term(db, id, out, stable);
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_match_ids_new(kg_db *db, const kg_sid pat[4], unsigned flags,
                 kg_match **out)
{
	*out = NULL;
	double t0 = clock_of(db);
	kg_match *m = calloc(1, sizeof *m);
	if (!m)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	m->db = db;
	kg_status st = kg_native_match_ids(db, pat, flags, &m->native);
	if (st)
		free(m);
	else
		*out = m;
	db->profile.lookups++;
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_match_ids_next(kg_match *m, kg_sid q[4])
{
	double t0 = clock_of(m->db);
	kg_status st = kg_native_match_ids_next(m->native, q);
	if (st == KG_OK)
		m->db->profile.triples++;
	m->db->profile.storage_seconds += clock_of(m->db) - t0;
	return st;
}

kg_status
kg_match_count(kg_db *db, const kg_sid pat[4], unsigned flags, uint64_t *n)
{
	double t0 = clock_of(db);
	kg_status st = kg_native_count(db, pat, flags, n);
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_store_graphs(kg_db *db, kg_graph_fn fn, void *ctx)
{
	if (db->store->qs)
		return kg_native_graphs(db, fn, ctx);
	librdf_iterator *it = librdf_model_get_contexts(db->store->model);
	if (!it)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the store's graphs could not be listed");
	kg_status st = KG_OK;
	for (; !st && !librdf_iterator_end(it); librdf_iterator_next(it)) {
		kg_term t;
		kg_term_from_node(librdf_iterator_get_object(it), &t);
		st = fn(ctx, &t);
	}
	librdf_free_iterator(it);
	return st;
}

int
kg_store_has_graph(kg_db *db, const kg_term *g)
{
	if (db->store->qs)
		return kg_native_has_graph(db, g);
	librdf_node *n = kg_node_new(db->store->world, g);
	if (!n) {
		kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return -1;
	}
	int have = librdf_model_contains_context(db->store->model, n);
	librdf_free_node(n);
	return have > 0;
}

/* Adds (add != 0) or removes quad q, unless the store already has or
 * lacks it. */
static kg_status
change(kg_db *db, const kg_term *const q[4], int add)
{
	if (db->store->qs)
		return kg_native_change(db, q, add);
	librdf_node *n[3];
	for (int i = 0; i < 3; i++)
		n[i] = kg_node_new(db->store->world, q[i]);
	librdf_statement *s = NULL;
	librdf_node *ctx = NULL;
	if (n[0] && n[1] && n[2])
		/* Takes the nodes. */
		s = librdf_new_statement_from_nodes(db->store->world, n[0], n[1],
		                                    n[2]);
	else
		for (int i = 0; i < 3; i++)
			if (n[i])
				librdf_free_node(n[i]);
	if (!s || (q[3] && !(ctx = kg_node_new(db->store->world, q[3])))) {
		if (s)
			librdf_free_statement(s);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	kg_holders h;
	kg_status st = kg_holders_find(db, s, &h);
	if (!st) {
		if (!kg_holders_has(&h, ctx) == !add)
			st = KG_DONE; /* nothing to do */
		else
			st = add ? kg_statement_add(db, s, ctx, &h)
			         : kg_statement_remove(db, s, ctx, &h);
		kg_holders_free(&h);
	}
	librdf_free_statement(s);
	if (ctx)
		librdf_free_node(ctx);
	return st;
}

kg_status
kg_quad_change(kg_db *db, const kg_term *const q[4], int add)
{
	return change(db, q, add);
}
