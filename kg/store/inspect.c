/* inspect.c: the store as a whole: checking its consistency
 * (kg_db_verify) and its figures (kg_db_stats). */
#include "store/access.h"
#include "store/backend.h"
#include "store/native.h"

kg_status
kg_db_verify(kg_db *db, kg_problem_fn problem, void *ctx)
{
	if (!db || !db->store)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (kg_db_local_only(db, "verify"))
		return db->err_status;
	if (!db->store->qs)
		return kg_db_error(db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
		                   "verify checks kg's own store (a directory); "
		                   "%s is one of Redland's stores", db->spec);
	kg_status st = kg_qs_verify(db->store->qs, problem, ctx);
	if (st == KG_ERR_STORE)
		return kg_db_error(db, st, NULL, 0, 0,
		                   "store %s is not consistent", db->spec);
	if (st)
		return kg_db_error(db, st, NULL, 0, 0, "cannot verify %s: %s",
		                   db->spec, kg_qs_errmsg(db->store->qs));
	return KG_OK;
}

static kg_status
count_graph(void *ctx, const kg_term *g)
{
	(void)g;
	++*(uint64_t *)ctx;
	return KG_OK;
}

kg_status
kg_db_stats(kg_db *db, kg_store_stats *out)
{
	if (!db || !db->store || !out)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (kg_db_local_only(db, "stats"))
		return db->err_status;
	if (db->store->qs) {
		kg_qs_stats s;
		kg_status st = kg_native_stats(db, &s);
		if (st)
			return st;
		out->triples = s.quads;
		out->graphs = s.graphs;
		out->terms = (int64_t)s.terms;
		out->file_bytes = (int64_t)s.file_bytes;
		out->used_bytes = (int64_t)s.used_bytes;
		return KG_OK;
	}
	/* Redland's hashes count statements without their graphs, and
	 * its other storages not at all: read them. */
	out->triples = out->graphs = 0;
	out->terms = out->file_bytes = out->used_bytes = -1;
	kg_match *m;
	kg_status st = kg_match_new(db, NULL, NULL, NULL, NULL,
	                            KG_MATCH_ANY_GRAPH, &m);
	if (st)
		return st;
	const kg_term *q[4];
	while ((st = kg_match_next(m, q)) == KG_OK)
		out->triples++;
	kg_match_free(m);
	if (st != KG_DONE)
		return st;
	return kg_store_graphs(db, count_graph, &out->graphs);
}
