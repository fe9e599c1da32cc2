/* access.c: quad pattern matching over a librdf model. */
#include "access.h"
#include "results.h"

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

struct kg_match {
	kg_db *db;
	librdf_stream *stream;
	librdf_node *graph; /* the named graph asked for, or NULL */
	int any_graph;
	int filter;    /* read every graph, keep those of `graph` */
	librdf_node *object; /* keep only statements with this object */
	int started;
	kg_term terms[4];
};

librdf_node *
kg_node_from_term(kg_db *db, const kg_term *t)
{
	const unsigned char *v = (const unsigned char *)t->value;
	switch (t->kind) {
	case KG_TERM_IRI:
		return librdf_new_node_from_uri_string(db->world, v);
	case KG_TERM_BLANK:
		return librdf_new_node_from_blank_identifier(db->world, v);
	case KG_TERM_LITERAL:
		if (t->datatype) {
			librdf_uri *dt = librdf_new_uri(
				db->world, (const unsigned char *)t->datatype);
			if (!dt)
				return NULL;
			librdf_node *n = librdf_new_node_from_typed_literal(
				db->world, v, NULL, dt);
			librdf_free_uri(dt);
			return n;
		}
		return librdf_new_node_from_literal(db->world, v, t->lang, 0);
	}
	return NULL;
}

static librdf_statement *
pattern(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o)
{
	librdf_node *ns = s ? kg_node_from_term(db, s) : NULL;
	librdf_node *np = p ? kg_node_from_term(db, p) : NULL;
	librdf_node *no = o ? kg_node_from_term(db, o) : NULL;
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
	return librdf_new_statement_from_nodes(db->world, ns, np, no);
}

static kg_status match_new(kg_db *db, const kg_term *s, const kg_term *p,
                           const kg_term *o, const kg_term *g, unsigned flags,
                           kg_match **out);

kg_status
kg_match_new(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o,
             const kg_term *g, unsigned flags, kg_match **out)
{
	*out = NULL;
	double t0 = now();
	kg_status st = match_new(db, s, p, o, g, flags, out);
	db->profile.lookups++;
	db->profile.storage_seconds += now() - t0;
	return st;
}

static kg_status
match_next(kg_match *m, const kg_term **q);

kg_status
kg_match_next(kg_match *m, const kg_term **q)
{
	double t0 = now();
	kg_status st = match_next(m, q);
	if (st == KG_OK)
		m->db->profile.triples++;
	m->db->profile.storage_seconds += now() - t0;
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
	m->any_graph = !g && (flags & KG_MATCH_ANY_GRAPH);
	/* Redland's hashes storage has no index for a whole statement and
	 * reads the store to find one; look it up by subject and predicate
	 * and compare the object here. */
	if (s && p && o && db->hashes) {
		if (!(m->object = kg_node_from_term(db, o))) {
			kg_match_free(m);
			return KG_ERR_NOMEM;
		}
		o = NULL;
	}
	librdf_statement *st = pattern(db, s, p, o);
	if (g)
		m->graph = kg_node_from_term(db, g);
	if (!st || (g && !m->graph)) {
		if (st)
			librdf_free_statement(st);
		kg_match_free(m);
		return KG_ERR_NOMEM;
	}
	/* Redland's hashes storage answers a pattern within one graph by
	 * reading the whole graph; with a term of the pattern known, its
	 * indexes over all graphs, filtered by graph, read far less. */
	m->filter = m->graph && db->hashes && (s || p || o);
	if (m->graph && !m->filter)
		m->stream = librdf_model_find_statements_in_context(db->model, st,
		                                                    m->graph);
	else if (!s && !p && !o)
		m->stream = librdf_model_as_stream(db->model);
	else
		m->stream = librdf_model_find_statements(db->model, st);
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
	if (m->stream)
		librdf_free_stream(m->stream);
	if (m->graph)
		librdf_free_node(m->graph);
	if (m->object)
		librdf_free_node(m->object);
	free(m);
}

long
kg_match_estimate(kg_db *db, const kg_term *s, const kg_term *p,
                  const kg_term *o, const kg_term *g, unsigned flags)
{
	/* Redland has no counting call: count the matches, which for the
	 * indexed patterns (s p ?, ? p o, p alone) touches only the index. */
	kg_match *m;
	if (kg_match_new(db, s, p, o, g, flags, &m))
		return -1;
	const kg_term *q[4];
	long n = 0;
	while (kg_match_next(m, q) == KG_OK)
		n++;
	kg_match_free(m);
	return n;
}
