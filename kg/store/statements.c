/* statements.c: where a statement is, adding and removing one. */
#include "store/statements.h"

#include <stdlib.h>
#include <string.h>

void
kg_holders_free(kg_holders *h)
{
	for (size_t i = 0; i < h->n_named; i++)
		librdf_free_node(h->named[i]);
	free(h->named);
}

static int
holders_add(kg_holders *h, librdf_node *ctx)
{
	if (!ctx) {
		h->in_default = 1;
		return 0;
	}
	librdf_node **a = realloc(h->named, (h->n_named + 1) * sizeof *a);
	if (!a)
		return -1;
	h->named = a;
	if (!(a[h->n_named] = librdf_new_node_from_node(ctx)))
		return -1;
	h->n_named++;
	return 0;
}

int
kg_holders_has(const kg_holders *h, librdf_node *ctx)
{
	if (!ctx)
		return h->in_default;
	for (size_t i = 0; i < h->n_named; i++)
		if (librdf_node_equals(h->named[i], ctx))
			return 1;
	return 0;
}

/* On the hashes storage, a fully bound search (find_statements,
 * contains_statement) reads the whole store, which made loading
 * quadratic; its sp->o index gives the few candidates, with their
 * graphs, directly.  Other storages answer with their own indexes. */
kg_status
kg_holders_find(kg_db *db, librdf_statement *s, kg_holders *h)
{
	memset(h, 0, sizeof *h);
	int fail = 0;
	if (!db->store->rl->hashes) {
		librdf_stream *st = librdf_model_find_statements(db->store->rl->model, s);
		for (; st && !fail && !librdf_stream_end(st); librdf_stream_next(st))
			fail = holders_add(h, librdf_stream_get_context2(st));
		if (st)
			librdf_free_stream(st);
	} else {
		librdf_iterator *it = librdf_model_get_targets(
			db->store->rl->model, librdf_statement_get_subject(s),
			librdf_statement_get_predicate(s));
		for (; it && !fail && !librdf_iterator_end(it);
		     librdf_iterator_next(it)) {
			librdf_node *o = librdf_iterator_get_object(it);
			if (!o || !librdf_node_equals(o, librdf_statement_get_object(s)))
				continue;
			librdf_node *c = librdf_iterator_get_context(it);
			/* librdf 1.0.17's hashes iterator decodes a fresh object
			 * when asked for the context and loses the one it
			 * handed out: free it here (without this a reload of 1M
			 * duplicate triples grew to 90 MB; valgrind shows no
			 * invalid free). */
			librdf_free_node(o);
			fail = holders_add(h, c);
		}
		if (it)
			librdf_free_iterator(it);
	}
	if (fail) {
		kg_holders_free(h);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	return KG_OK;
}

static kg_status
store_failed(kg_db *db, const char *what)
{
	return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
	                   "the store failed to %s a statement", what);
}

/* Adds statement s to graph ctx (NULL: the unnamed default graph);
 * h: the graphs that hold it already. */
kg_status
kg_statement_add(kg_db *db, librdf_statement *s, librdf_node *ctx,
                 const kg_holders *h)
{
	if (ctx)
		return librdf_model_context_add_statement(db->store->rl->model, ctx, s)
		               ? store_failed(db, "add")
		               : KG_OK;
	/* Redland adds a statement without a graph only if no graph holds
	 * it (hashes and PostgreSQL alike): take it out of the named graphs
	 * while it goes into the default one. */
	kg_status st = KG_OK;
	for (size_t i = 0; !st && i < h->n_named; i++)
		if (librdf_model_context_remove_statement(db->store->rl->model, h->named[i], s))
			st = store_failed(db, "move");
	if (!st && librdf_model_add_statement(db->store->rl->model, s))
		st = store_failed(db, "add");
	for (size_t i = 0; !st && i < h->n_named; i++)
		if (librdf_model_context_add_statement(db->store->rl->model, h->named[i], s))
			st = store_failed(db, "move");
	return st;
}

/* Removes statement s from graph ctx (NULL: the unnamed default graph). */
kg_status
kg_statement_remove(kg_db *db, librdf_statement *s, librdf_node *ctx,
                    const kg_holders *h)
{
	if (ctx)
		return librdf_model_context_remove_statement(db->store->rl->model, ctx, s)
		               ? store_failed(db, "remove")
		               : KG_OK;
	if (librdf_model_remove_statement(db->store->rl->model, s))
		return store_failed(db, "remove");
	/* PostgreSQL's storage removes a statement without a graph from
	 * every graph; the hashes remove only that one. */
	kg_status st = KG_OK;
	for (size_t i = 0; !st && !db->store->rl->hashes && i < h->n_named; i++)
		if (librdf_model_context_add_statement(db->store->rl->model, h->named[i], s))
			st = store_failed(db, "keep");
	return st;
}

