/* store.c: whole-store operations: dump, graphs, clearing a graph. */
#include "access.h"
#include "results.h"
#include "write.h"

#include <stdlib.h>
#include <string.h>

static kg_status
match_next(kg_results *r)
{
	const kg_term *q[4];
	kg_status st = kg_match_next(r->impl, q);
	for (size_t i = 0; !st && i < 4; i++)
		st = kg_results_set(r, i, q[i]);
	return st;
}

static void
match_free(kg_results *r)
{
	kg_match_free(r->impl);
}

static const kg_results_ops match_ops = {match_next, match_free};

kg_status
kg_db_dump(kg_db *db, const char *graph, kg_format format, kg_write_fn write,
           void *ctx)
{
	if (!db || !write)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (format != KG_FORMAT_NQUADS && format != KG_FORMAT_NTRIPLES &&
	    format != KG_FORMAT_TURTLE)
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "dump writes nquads, ntriples or turtle");
	kg_term g = {KG_TERM_IRI, graph, NULL, NULL};
	kg_match *m;
	kg_status st = kg_match_new(db, NULL, NULL, NULL, graph ? &g : NULL,
	                            KG_MATCH_ANY_GRAPH, &m);
	if (st)
		return st;
	kg_results *r = kg_results_new(db, KG_RESULTS_GRAPH, 3, &match_ops, m);
	if (!r) {
		kg_match_free(m);
		return KG_ERR_NOMEM;
	}
	st = kg_results_write(r, db, format, NULL, write, ctx, NULL);
	kg_results_free(r);
	return st;
}

kg_status
kg_db_graphs(kg_db *db, kg_results **out)
{
	*out = NULL;
	if (!db)
		return KG_ERR_ARG;
	kg_db_begin(db);
	kg_results *r = kg_table_new(db, KG_RESULTS_BINDINGS, 2);
	if (!r || kg_results_set_name(r, 0, "graph") ||
	    kg_results_set_name(r, 1, "triples")) {
		kg_results_free(r);
		return KG_ERR_NOMEM;
	}
	librdf_iterator *it = librdf_model_get_contexts(db->model);
	kg_status st = KG_OK;
	while (it && !st && !librdf_iterator_end(it)) {
		librdf_node *ctx = librdf_iterator_get_object(it);
		long n = 0;
		librdf_stream *s = librdf_model_context_as_stream(db->model, ctx);
		for (; s && !librdf_stream_end(s); librdf_stream_next(s))
			n++;
		if (s)
			librdf_free_stream(s);
		char count[32];
		snprintf(count, sizeof count, "%ld", n);
		kg_term g, c = {KG_TERM_LITERAL, count, KG_XSD "integer", NULL};
		kg_term_from_node(ctx, &g);
		const kg_term *row[2] = {&g, &c};
		st = kg_table_add(r, row);
		librdf_iterator_next(it);
	}
	if (it)
		librdf_free_iterator(it);
	if (st) {
		kg_results_free(r);
		return st;
	}
	*out = r;
	return KG_OK;
}

kg_status
kg_db_clear_graph(kg_db *db, const char *graph)
{
	if (!db || !graph)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (db->flags & KG_OPEN_READONLY)
		return kg_db_error(db, KG_ERR_READONLY, NULL, 0, 0,
		                   "the store is open read-only");
	librdf_node *ctx = librdf_new_node_from_uri_string(
		db->world, (const unsigned char *)graph);
	if (!ctx)
		return KG_ERR_NOMEM;
	int had = librdf_model_contains_context(db->model, ctx);
	int rc = librdf_model_context_remove_statements(db->model, ctx);
	librdf_free_node(ctx);
	if (rc)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "cannot clear graph <%s>", graph);
	librdf_model_sync(db->model);
	return had ? KG_OK : KG_DONE;
}
