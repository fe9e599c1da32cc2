/* engine_rasqal.c: queries through librdf_query, that is rasqal. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	librdf_query *query;
	librdf_query_results *qr;
	librdf_stream *stream; /* graph results */
	int started;
} rq;

static kg_status
bindings_next(kg_results *r)
{
	rq *q = r->impl;
	if (q->started && librdf_query_results_next(q->qr))
		return r->db->err_status ? r->db->err_status : KG_DONE;
	if (librdf_query_results_finished(q->qr))
		return r->db->err_status ? r->db->err_status : KG_DONE;
	q->started = 1;
	for (size_t i = 0; i < r->width; i++) {
		librdf_node *n = librdf_query_results_get_binding_value(q->qr,
		                                                        (int)i);
		kg_status st = kg_results_set_node(r, i, n);
		if (n)
			librdf_free_node(n);
		if (st)
			return st;
	}
	return KG_OK;
}

static kg_status
graph_next(kg_results *r)
{
	rq *q = r->impl;
	if (q->started && librdf_stream_next(q->stream))
		return KG_DONE;
	if (librdf_stream_end(q->stream))
		return KG_DONE;
	q->started = 1;
	librdf_statement *s = librdf_stream_get_object(q->stream);
	kg_status st = kg_results_set_node(r, 0, librdf_statement_get_subject(s));
	if (!st)
		st = kg_results_set_node(r, 1, librdf_statement_get_predicate(s));
	if (!st)
		st = kg_results_set_node(r, 2, librdf_statement_get_object(s));
	if (!st)
		st = kg_results_set(r, 3, NULL);
	return st;
}

static void
rq_free(kg_results *r)
{
	rq *q = r->impl;
	if (!q)
		return;
	if (q->stream)
		librdf_free_stream(q->stream);
	if (q->qr)
		librdf_free_query_results(q->qr);
	if (q->query)
		librdf_free_query(q->query);
	free(q);
}

static const kg_results_ops bindings_ops = {bindings_next, rq_free};
static const kg_results_ops graph_ops = {graph_next, rq_free};

static librdf_query *
new_query(kg_db *db, const char *text, const char *base)
{
	librdf_uri *base_uri = NULL;
	if (base) {
		base_uri = librdf_new_uri(db->world, (const unsigned char *)base);
		if (!base_uri)
			return NULL;
	}
	librdf_query *q = librdf_new_query(db->world, "sparql", NULL,
	                                   (const unsigned char *)text, base_uri);
	if (base_uri)
		librdf_free_uri(base_uri);
	return q;
}

static kg_status
run_query(kg_db *db, const char *text, const kg_query_options *opts,
             kg_results **out)
{
	*out = NULL;
	rq *q = calloc(1, sizeof *q);
	if (!q)
		return KG_ERR_NOMEM;
	q->query = new_query(db, text, opts ? opts->base : NULL);
	if (q->query)
		q->qr = librdf_query_execute(q->query, db->model);
	if (!q->query || !q->qr || db->err_status) {
		kg_status st = db->err_status ? db->err_status : KG_ERR_QUERY;
		if (!db->err_status)
			kg_db_error(db, KG_ERR_QUERY, NULL, 0, 0,
			            "the query could not be run");
		if (q->qr)
			librdf_free_query_results(q->qr);
		if (q->query)
			librdf_free_query(q->query);
		free(q);
		return st;
	}
	kg_results *r;
	if (librdf_query_results_is_boolean(q->qr)) {
		r = kg_results_new(db, KG_RESULTS_BOOLEAN, 0, &bindings_ops, q);
		if (r)
			r->boolean = librdf_query_results_get_boolean(q->qr) > 0;
	} else if (librdf_query_results_is_graph(q->qr)) {
		q->stream = librdf_query_results_as_stream(q->qr);
		r = kg_results_new(db, KG_RESULTS_GRAPH, 3, &graph_ops, q);
	} else {
		int n = librdf_query_results_get_bindings_count(q->qr);
		r = kg_results_new(db, KG_RESULTS_BINDINGS, n > 0 ? (size_t)n : 0,
		                   &bindings_ops, q);
		for (int i = 0; r && i < n; i++) {
			const char *name = librdf_query_results_get_binding_name(
				q->qr, i);
			if (kg_results_set_name(r, (size_t)i, name ? name : "")) {
				kg_results_free(r);
				return KG_ERR_NOMEM;
			}
		}
	}
	if (!r) {
		rq_free(&(kg_results){.impl = q});
		return KG_ERR_NOMEM;
	}
	if (r->kind == KG_RESULTS_GRAPH && !q->stream) {
		kg_results_free(r);
		return kg_db_error(db, KG_ERR_QUERY, NULL, 0, 0,
		                   "the graph result could not be read");
	}
	*out = r;
	return KG_OK;
}

static kg_status
check_query(kg_db *db, const char *text, const char *base)
{
	/* librdf parses lazily; rasqal's own parser reports syntax errors
	 * through the logger when the query is prepared. */
	rasqal_world *rw = librdf_world_get_rasqal(db->world);
	rasqal_query *q = rasqal_new_query(rw, "sparql", NULL);
	if (!q)
		return KG_ERR_NOMEM;
	raptor_uri *base_uri = NULL;
	if (base)
		base_uri = raptor_new_uri(librdf_world_get_raptor(db->world),
		                          (const unsigned char *)base);
	int rc = rasqal_query_prepare(q, (const unsigned char *)text, base_uri);
	if (base_uri)
		raptor_free_uri(base_uri);
	rasqal_free_query(q);
	if (rc && !db->err_status)
		kg_db_error(db, KG_ERR_SYNTAX, NULL, 0, 0, "syntax error");
	return rc ? db->err_status : KG_OK;
}

const kg_engine kg_engine_rasqal = {"rasqal", run_query, check_query};
