/* contents.c: whole-store operations: dump and the list of graphs. */
#include "results.h"
#include "vocab.h"
#include "store/access.h"

#include <stdio.h>

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
	if (kg_db_local_only(db, "dump"))
		return db->err_status;
	if (format != KG_FORMAT_NQUADS && format != KG_FORMAT_NTRIPLES &&
	    format != KG_FORMAT_TURTLE && format != KG_FORMAT_RDFXML)
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "dump writes nquads, ntriples, turtle or "
		                   "rdfxml");
	kg_term g = {KG_TERM_IRI, graph, NULL, NULL};
	kg_match *m;
	/* "" is the unnamed default graph: no graph, not any graph. */
	int deflt = graph && !*graph;
	kg_status st = kg_match_new(db, NULL, NULL, NULL,
	                            graph && !deflt ? &g : NULL,
	                            deflt ? 0 : KG_MATCH_ANY_GRAPH, &m);
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

/* One row of kg_db_graphs(): the graph and how many quads it holds. */
static kg_status
add_graph_row(void *ctx, const kg_term *g)
{
	kg_results *r = ctx;
	kg_match *m;
	kg_status st = kg_match_new(r->db, NULL, NULL, NULL, g, 0, &m);
	if (st)
		return st;
	const kg_term *q[4];
	long n = 0;
	while ((st = kg_match_next(m, q)) == KG_OK)
		n++;
	kg_match_free(m);
	if (st != KG_DONE)
		return st;
	char count[32];
	snprintf(count, sizeof count, "%ld", n);
	kg_term c = {KG_TERM_LITERAL, count, KG_XSD "integer", NULL};
	const kg_term *row[2] = {g, &c};
	return kg_table_add(r, row);
}

kg_status
kg_db_graphs(kg_db *db, kg_results **out)
{
	*out = NULL;
	if (!db)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (kg_db_local_only(db, "listing the graphs with their sizes"))
		return db->err_status;
	kg_results *r = kg_table_new(db, KG_RESULTS_BINDINGS, 2);
	if (!r || kg_results_set_name(r, 0, "graph") ||
	    kg_results_set_name(r, 1, "triples")) {
		kg_results_free(r);
		return KG_ERR_NOMEM;
	}
	kg_status st = kg_store_graphs(db, add_graph_row, r);
	if (st) {
		kg_results_free(r);
		return st;
	}
	*out = r;
	return KG_OK;
}
