/*
 * redland_module.c: the "kg" Redland storage, librdf's storage-module
 * interface (rdf_storage_module.h) over kg's LMDB quad store, so that any
 * Redland program reads and writes the store kg itself uses.  libkg
 * registers it with kg_redland_register(); built with KG_REDLAND_MODULE
 * it is also librdf_storage_kg.so, which librdf's module loader finds in
 * its module directory (or in $REDLAND_MODULE_PATH).
 *
 * Options (a librdf storage options string):
 *   dir='DIR'    the store directory (default: the storage's name)
 *   new='yes'    empty the store first: every quad is removed in one
 *                write txn; terms stay interned, as after any remove
 *   write='no'   read-only: no write txns, and the store must exist
 * A writable storage creates the store when it is absent.
 *
 * Graphs.  The default graph is graph id 0 and a librdf context is a
 * named graph.  find_statements and contains_statement see every graph
 * (a triple in two graphs comes twice, each time with its context), as
 * Redland's hashes storage does with contexts on; so do
 * find_statements_in_context with a NULL context (librdf's contract)
 * and serialise.  Everywhere else a NULL context is the default graph:
 * add, remove, remove all, context_serialise.
 *
 * Transactions.  Outside transaction_start..commit/rollback each call
 * is a quad-store txn of its own: a write txn per add or remove (one for
 * a whole stream of adds), and for a stream or an iterator a read txn
 * that lives as long as it does, so it reads one snapshot whatever is
 * written meanwhile (the store opens LMDB with MDB_NOTLS, so one thread
 * may hold many).  Inside an explicit transaction every call uses its
 * write txn and sees its changes.  A stream over that txn copies the ids
 * it matches first, because a write txn's pages move under a live cursor
 * when the txn changes them, and it ends when the txn ends.
 */
#include "redland_module.h"
#include "node.h"
#include "lmdb/quadstore.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct rm_reader rm_reader;

/* The instance of one librdf_storage. */
typedef struct {
	librdf_storage *storage;
	librdf_world *world;
	kg_qs *qs;
	kg_qs_txn *txn;     /* the explicit transaction, or NULL */
	rm_reader *readers; /* live streams and iterators */
} rm_store;

/* What a stream (quads) or an iterator (graph names) reads. */
struct rm_reader {
	rm_store *rs;
	rm_reader *prev, *next;
	kg_qs_txn *own;       /* its own read txn, NULL in the explicit one */
	kg_qs_txn *txn;       /* the txn it reads; NULL once it has ended */
	kg_qs_iter *it;       /* a match read as it goes (own txn only) */
	kg_qs_id *ids;        /* or ids copied: 4 per quad, 1 per graph */
	size_t width, n, pos; /* ids per item, items, the next item */
	librdf_statement *st; /* the current statement; NULL at the end */
	librdf_node *ctx;     /* its graph (NULL: default), or the graph */
	kg_qs_id ctx_id;      /* id of ctx */
};

static void
rm_log(rm_store *rs, const char *what, const char *why)
{
	librdf_log(rs->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
	    "kg storage: %s: %s", what, why);
}

static void
rm_log_qs(rm_store *rs, const char *what)
{
	rm_log(rs, what, kg_qs_errmsg(rs->qs));
}

static rm_store *
rm_of(librdf_storage *storage)
{
	return (rm_store *)librdf_storage_get_instance(storage);
}

/* ---- terms ------------------------------------------------------------- */

/* A new node for term id in txn, or NULL (logged). */
static librdf_node *
rm_node_of_id(rm_store *rs, kg_qs_txn *txn, kg_qs_id id)
{
	kg_term t;
	kg_status st = kg_qs_term(txn, id, &t);
	if (st == KG_DONE) {
		rm_log(rs, "read", "a quad names a term the store lacks");
		return NULL;
	}
	if (st) {
		rm_log_qs(rs, "read");
		return NULL;
	}
	librdf_node *n = kg_node_new(rs->world, &t);
	if (!n)
		rm_log(rs, "read", "out of memory");
	return n;
}

/*
 * The id of node n (NULL: 0) in *id: KG_OK, KG_DONE when the store does
 * not know it (so nothing can match it), or an error, logged.
 */
static kg_status
rm_lookup(rm_store *rs, kg_qs_txn *txn, librdf_node *n, kg_qs_id *id)
{
	*id = 0;
	if (!n)
		return KG_OK;
	kg_term t;
	if (kg_term_from_node(n, &t))
		return KG_DONE;
	kg_status st = kg_qs_lookup(txn, &t, id);
	if (st && st != KG_DONE)
		rm_log_qs(rs, "lookup");
	return st;
}

/* Ids of the parts of pattern p in pat[0..2] (0 where p has none). */
static kg_status
rm_lookup_statement(rm_store *rs, kg_qs_txn *txn, librdf_statement *p,
    kg_qs_id pat[4])
{
	librdf_node *part[3] = {
		librdf_statement_get_subject(p),
		librdf_statement_get_predicate(p),
		librdf_statement_get_object(p)
	};
	for (int i = 0; i < 3; i++) {
		kg_status st = rm_lookup(rs, txn, part[i], &pat[i]);
		if (st)
			return st;
	}
	return KG_OK;
}

/* ---- transactions of one call ------------------------------------------ */

/* A read txn for one call: the explicit txn when there is one. */
static kg_qs_txn *
rm_read_begin(rm_store *rs)
{
	if (rs->txn)
		return rs->txn;
	kg_qs_txn *txn;
	if (kg_qs_begin(rs->qs, 0, &txn)) {
		rm_log_qs(rs, "begin");
		return NULL;
	}
	return txn;
}

static void
rm_read_end(rm_store *rs, kg_qs_txn *txn)
{
	if (txn != rs->txn)
		kg_qs_abort(txn);
}

/* A write txn for one call: the explicit txn when there is one. */
static kg_qs_txn *
rm_write_begin(rm_store *rs)
{
	if (rs->txn)
		return rs->txn;
	kg_qs_txn *txn;
	if (kg_qs_begin(rs->qs, 1, &txn)) {
		rm_log_qs(rs, "begin");
		return NULL;
	}
	return txn;
}

/* Ends a call's write txn: commits it when `failed` is 0, else drops it.
 * The explicit txn stays open: rolling it back is its owner's choice.
 * Returns non-zero when the call failed. */
static int
rm_write_end(rm_store *rs, kg_qs_txn *txn, int failed)
{
	if (txn == rs->txn)
		return failed;
	if (failed) {
		kg_qs_abort(txn);
		return 1;
	}
	if (kg_qs_commit(txn)) {
		rm_log_qs(rs, "commit");
		return 1;
	}
	return 0;
}

/* Copies the quads matching pat into *ids (4 per quad, malloc'd, the
 * caller frees) and their number into *n. */
static kg_status
rm_collect(kg_qs_txn *txn, const kg_qs_id pat[4], unsigned flags,
    kg_qs_id **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	kg_qs_iter *it;
	kg_status st = kg_qs_match(txn, pat, flags, &it);
	if (st)
		return st;
	size_t cap = 0;
	kg_qs_id q[4];
	while ((st = kg_qs_iter_next(it, q)) == KG_OK) {
		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			kg_qs_id *p = realloc(*ids, ncap * sizeof q);
			if (!p) {
				st = KG_ERR_NOMEM;
				break;
			}
			*ids = p;
			cap = ncap;
		}
		memcpy(*ids + 4 * *n, q, sizeof q);
		++*n;
	}
	kg_qs_iter_free(it);
	if (st == KG_DONE)
		return KG_OK;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return st;
}

/* Removes every quad matching pat (KG_QS_ANY_GRAPH in flags: in every
 * graph) in write txn txn; the matches are copied first because removing
 * under a live cursor would move it. */
static int
rm_remove_matching(rm_store *rs, kg_qs_txn *txn, const kg_qs_id pat[4],
    unsigned flags)
{
	kg_qs_id *ids;
	size_t n;
	kg_status st = rm_collect(txn, pat, flags, &ids, &n);
	for (size_t i = 0; st == KG_OK && i < n; i++) {
		st = kg_qs_remove(txn, ids + 4 * i);
		if (st == KG_DONE)
			st = KG_OK;
	}
	free(ids);
	if (st == KG_ERR_NOMEM)
		rm_log(rs, "remove", "out of memory");
	else if (st)
		rm_log_qs(rs, "remove");
	return st != KG_OK;
}

/* ---- readers: what streams and iterators share ------------------------- */

/* A new reader linked to rs, with its own read txn unless an explicit
 * txn is open; it holds a reference on the storage until it is freed. */
static rm_reader *
rm_reader_new(rm_store *rs)
{
	rm_reader *r = calloc(1, sizeof *r);
	if (!r) {
		rm_log(rs, "find", "out of memory");
		return NULL;
	}
	r->rs = rs;
	if (rs->txn) {
		r->txn = rs->txn;
	} else {
		if (kg_qs_begin(rs->qs, 0, &r->own)) {
			rm_log_qs(rs, "begin");
			free(r);
			return NULL;
		}
		r->txn = r->own;
	}
	r->next = rs->readers;
	if (rs->readers)
		rs->readers->prev = r;
	rs->readers = r;
	librdf_storage_add_reference(rs->storage);
	return r;
}

/* Lets go of r's txn and ids: what it has not read yet it never will.
 * Its current statement or node stays until it moves on. */
static void
rm_reader_end(rm_reader *r)
{
	kg_qs_iter_free(r->it);
	r->it = NULL;
	kg_qs_abort(r->own);
	r->own = NULL;
	r->txn = NULL;
	free(r->ids);
	r->ids = NULL;
	r->n = r->pos = 0;
}

static void
rm_reader_free(rm_reader *r)
{
	rm_store *rs = r->rs;
	rm_reader_end(r);
	if (r->st)
		librdf_free_statement(r->st);
	if (r->ctx)
		librdf_free_node(r->ctx);
	if (r->prev)
		r->prev->next = r->next;
	else
		rs->readers = r->next;
	if (r->next)
		r->next->prev = r->prev;
	free(r);
	/* Last: it may free the storage. */
	librdf_storage_remove_reference(rs->storage);
}

/* Ends every reader of the explicit txn, which is about to end. */
static void
rm_readers_detach(rm_store *rs)
{
	for (rm_reader *r = rs->readers; r; r = r->next)
		if (r->txn && r->txn == rs->txn)
			rm_reader_end(r);
}

/* The next `width` ids of r in out: KG_OK, KG_DONE at the end. */
static kg_status
rm_reader_fetch(rm_reader *r, kg_qs_id *out)
{
	if (!r->txn)
		return KG_DONE;
	if (r->it)
		return kg_qs_iter_next(r->it, out);
	if (r->pos == r->n)
		return KG_DONE;
	memcpy(out, r->ids + r->width * r->pos++, r->width * sizeof *out);
	return KG_OK;
}

/* ---- streams of statements --------------------------------------------- */

/* Moves r to its next quad and builds r->st and r->ctx; at the end, or
 * on an error (logged, returns non-zero), r->st is NULL. */
static int
rm_stream_step(rm_reader *r)
{
	rm_store *rs = r->rs;
	if (r->st) {
		librdf_free_statement(r->st);
		r->st = NULL;
	}
	kg_qs_id q[4];
	kg_status st = rm_reader_fetch(r, q);
	if (st == KG_DONE) {
		rm_reader_end(r);
		return 0;
	}
	if (st) {
		rm_log_qs(rs, "find");
		rm_reader_end(r);
		return 1;
	}
	librdf_node *s = rm_node_of_id(rs, r->txn, q[0]);
	librdf_node *p = s ? rm_node_of_id(rs, r->txn, q[1]) : NULL;
	librdf_node *o = p ? rm_node_of_id(rs, r->txn, q[2]) : NULL;
	if (!o) {
		if (s)
			librdf_free_node(s);
		if (p)
			librdf_free_node(p);
		rm_reader_end(r);
		return 1;
	}
	/* Takes the nodes, even when it fails. */
	r->st = librdf_new_statement_from_nodes(rs->world, s, p, o);
	if (!r->st) {
		rm_log(rs, "find", "out of memory");
		rm_reader_end(r);
		return 1;
	}
	if (q[3] != r->ctx_id || (q[3] && !r->ctx)) {
		if (r->ctx)
			librdf_free_node(r->ctx);
		r->ctx = NULL;
		r->ctx_id = q[3];
		if (q[3] && !(r->ctx = rm_node_of_id(rs, r->txn, q[3]))) {
			librdf_free_statement(r->st);
			r->st = NULL;
			rm_reader_end(r);
			return 1;
		}
	}
	return 0;
}

static int
rm_stream_is_end(void *ctx)
{
	return ((rm_reader *)ctx)->st == NULL;
}

static int
rm_stream_next(void *ctx)
{
	rm_reader *r = ctx;
	rm_stream_step(r);
	return r->st == NULL;
}

/* The statement and its context are shared: valid until the next step. */
static void *
rm_stream_get(void *ctx, int flags)
{
	rm_reader *r = ctx;
	switch (flags) {
	case LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT:
		return r->st;
	case LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT:
		return r->ctx;
	default:
		return NULL;
	}
}

static void
rm_stream_finished(void *ctx)
{
	rm_reader_free(ctx);
}

/*
 * A stream of the quads matching `pattern` (NULL: all) in every graph
 * when any_graph, else in graph `ctx` (NULL: the default graph).
 */
static librdf_stream *
rm_find(rm_store *rs, librdf_statement *pattern, librdf_node *ctx,
    int any_graph)
{
	rm_reader *r = rm_reader_new(rs);
	if (!r)
		return NULL;
	r->width = 4;
	kg_qs_id pat[4] = {0, 0, 0, 0};
	kg_status st = KG_OK;
	if (pattern)
		st = rm_lookup_statement(rs, r->txn, pattern, pat);
	if (st == KG_OK && !any_graph)
		st = rm_lookup(rs, r->txn, ctx, &pat[3]);
	unsigned flags = any_graph ? KG_QS_ANY_GRAPH : 0;
	if (st == KG_OK) {
		if (r->own) {
			st = kg_qs_match(r->txn, pat, flags, &r->it);
			if (st)
				rm_log_qs(rs, "find");
		} else {
			st = rm_collect(r->txn, pat, flags, &r->ids, &r->n);
			if (st)
				rm_log(rs, "find", st == KG_ERR_NOMEM ?
				    "out of memory" : kg_qs_errmsg(rs->qs));
		}
	}
	if (st == KG_DONE) {
		/* A term the store lacks: nothing matches. */
		rm_reader_end(r);
		st = KG_OK;
	}
	if (st || rm_stream_step(r)) {
		rm_reader_free(r);
		return NULL;
	}
	librdf_stream *s = librdf_new_stream(rs->world, r, rm_stream_is_end,
	    rm_stream_next, rm_stream_get, rm_stream_finished);
	if (!s)
		rm_reader_free(r);
	return s;
}

/* ---- iterators of graph names ------------------------------------------ */

static int
rm_graph_step(rm_reader *r)
{
	if (r->ctx) {
		librdf_free_node(r->ctx);
		r->ctx = NULL;
	}
	kg_qs_id g;
	if (rm_reader_fetch(r, &g) != KG_OK) {
		rm_reader_end(r);
		return 0;
	}
	r->ctx_id = g;
	if (!(r->ctx = rm_node_of_id(r->rs, r->txn, g))) {
		rm_reader_end(r);
		return 1;
	}
	return 0;
}

static int
rm_graphs_is_end(void *ctx)
{
	return ((rm_reader *)ctx)->ctx == NULL;
}

static int
rm_graphs_next(void *ctx)
{
	rm_reader *r = ctx;
	rm_graph_step(r);
	return r->ctx == NULL;
}

/* The graph node is shared: valid until the next step. */
static void *
rm_graphs_get(void *ctx, int flags)
{
	rm_reader *r = ctx;
	return flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT ? r->ctx : NULL;
}

static void
rm_graphs_finished(void *ctx)
{
	rm_reader_free(ctx);
}

/* Collects graph ids into a reader while kg_qs_graphs runs. */
typedef struct {
	rm_reader *r;
	size_t cap;
	int oom;
} rm_graph_list;

static int
rm_graphs_collect(void *ctx, kg_qs_id g)
{
	rm_graph_list *l = ctx;
	rm_reader *r = l->r;
	if (r->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		kg_qs_id *p = realloc(r->ids, cap * sizeof *p);
		if (!p) {
			l->oom = 1;
			return 1;
		}
		r->ids = p;
		l->cap = cap;
	}
	r->ids[r->n++] = g;
	return 0;
}

/* ---- the factory's methods --------------------------------------------- */

static int
rm_init(librdf_storage *storage, const char *name, librdf_hash *options)
{
	char *dir = NULL;
	int is_new = -1, write = -1;
	if (options) {
		dir = librdf_hash_get(options, "dir");
		is_new = librdf_hash_get_as_boolean(options, "new");
		write = librdf_hash_get_as_boolean(options, "write");
		/* init owns the options. */
		librdf_free_hash(options);
	}
	rm_store *rs = calloc(1, sizeof *rs);
	int failed = 1;
	if (!rs)
		goto done;
	rs->storage = storage;
	rs->world = librdf_storage_get_world(storage);
	/* terminate frees what init leaves when init fails. */
	librdf_storage_set_instance(storage, rs);
	const char *path = dir && *dir ? dir : name;
	if (!path || !*path) {
		rm_log(rs, "open", "no store directory: give dir='DIR'");
		goto done;
	}
	if (is_new > 0 && write == 0) {
		rm_log(rs, "open", "new='yes' needs a writable store");
		goto done;
	}
	if (kg_qs_open(path, write == 0 ? KG_QS_READONLY : KG_QS_CREATE,
	    &rs->qs)) {
		rm_log(rs, "open", rs->qs ? kg_qs_errmsg(rs->qs) :
		    "out of memory");
		goto done;
	}
	if (is_new > 0) {
		kg_qs_txn *txn = rm_write_begin(rs);
		const kg_qs_id all[4] = {0, 0, 0, 0};
		if (!txn || rm_write_end(rs, txn,
		    rm_remove_matching(rs, txn, all, KG_QS_ANY_GRAPH)))
			goto done;
	}
	failed = 0;
done:
	if (dir)
		librdf_free_memory(dir);
	return failed;
}

static void
rm_terminate(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	if (!rs)
		return;
	/* Readers hold references, so none is left; the txn may be. */
	kg_qs_abort(rs->txn);
	kg_qs_close(rs->qs);
	free(rs);
	librdf_storage_set_instance(storage, NULL);
}

/* The store is opened by init: a storage without a model works too. */
static int
rm_open(librdf_storage *storage, librdf_model *model)
{
	(void)storage;
	(void)model;
	return 0;
}

/* A model let go of the storage: an unfinished transaction is dropped. */
static int
rm_close(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	if (rs->txn) {
		rm_readers_detach(rs);
		kg_qs_abort(rs->txn);
		rs->txn = NULL;
	}
	return 0;
}

static int
rm_size(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	kg_qs_txn *txn = rm_read_begin(rs);
	if (!txn)
		return -1;
	const kg_qs_id all[4] = {0, 0, 0, 0};
	uint64_t n;
	kg_status st = kg_qs_count(txn, all, KG_QS_ANY_GRAPH, &n);
	if (st)
		rm_log_qs(rs, "size");
	rm_read_end(rs, txn);
	if (st)
		return -1;
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* Adds statement s to graph ctx (NULL: default) in write txn txn.
 * Returns non-zero (logged) on failure. */
static int
rm_add(rm_store *rs, kg_qs_txn *txn, librdf_statement *s, librdf_node *ctx)
{
	librdf_node *part[4] = {
		librdf_statement_get_subject(s),
		librdf_statement_get_predicate(s),
		librdf_statement_get_object(s),
		ctx
	};
	if (!part[0] || !part[1] || !part[2]) {
		rm_log(rs, "add", "a statement needs a subject, a predicate "
		    "and an object");
		return 1;
	}
	if (librdf_node_is_literal(part[0]) ||
	    !librdf_node_is_resource(part[1]) ||
	    (ctx && librdf_node_is_literal(ctx))) {
		rm_log(rs, "add", "a literal subject or graph name, or a "
		    "predicate that is not an IRI");
		return 1;
	}
	kg_qs_id q[4] = {0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		kg_term t;
		if (!part[i])
			continue;
		if (kg_term_from_node(part[i], &t)) {
			rm_log(rs, "add", "a node of an unknown kind");
			return 1;
		}
		if (kg_qs_intern(txn, &t, &q[i])) {
			rm_log_qs(rs, "add");
			return 1;
		}
	}
	kg_status st = kg_qs_add(txn, q);
	if (st && st != KG_DONE) {
		rm_log_qs(rs, "add");
		return 1;
	}
	return 0;
}

static int
rm_context_add_statement(librdf_storage *storage, librdf_node *ctx,
    librdf_statement *s)
{
	rm_store *rs = rm_of(storage);
	kg_qs_txn *txn = rm_write_begin(rs);
	if (!txn)
		return 1;
	return rm_write_end(rs, txn, rm_add(rs, txn, s, ctx));
}

static int
rm_add_statement(librdf_storage *storage, librdf_statement *s)
{
	return rm_context_add_statement(storage, NULL, s);
}

/* The whole stream is one write txn: all of it is added or none. */
static int
rm_context_add_statements(librdf_storage *storage, librdf_node *ctx,
    librdf_stream *stream)
{
	rm_store *rs = rm_of(storage);
	kg_qs_txn *txn = rm_write_begin(rs);
	if (!txn)
		return 1;
	int failed = 0;
	for (; !failed && !librdf_stream_end(stream);
	    librdf_stream_next(stream)) {
		librdf_statement *s = librdf_stream_get_object(stream);
		failed = !s || rm_add(rs, txn, s, ctx);
	}
	return rm_write_end(rs, txn, failed);
}

static int
rm_add_statements(librdf_storage *storage, librdf_stream *stream)
{
	return rm_context_add_statements(storage, NULL, stream);
}

static int
rm_context_remove_statement(librdf_storage *storage, librdf_node *ctx,
    librdf_statement *s)
{
	rm_store *rs = rm_of(storage);
	if (!librdf_statement_is_complete(s)) {
		rm_log(rs, "remove", "a statement needs a subject, a "
		    "predicate and an object");
		return 1;
	}
	kg_qs_txn *txn = rm_write_begin(rs);
	if (!txn)
		return 1;
	kg_qs_id q[4];
	kg_status st = rm_lookup_statement(rs, txn, s, q);
	if (st == KG_OK)
		st = rm_lookup(rs, txn, ctx, &q[3]);
	if (st == KG_OK) {
		st = kg_qs_remove(txn, q);
		if (st && st != KG_DONE)
			rm_log_qs(rs, "remove");
	}
	/* KG_DONE: an unknown term or quad, so nothing to remove. */
	return rm_write_end(rs, txn, st && st != KG_DONE);
}

static int
rm_remove_statement(librdf_storage *storage, librdf_statement *s)
{
	return rm_context_remove_statement(storage, NULL, s);
}

static int
rm_context_remove_statements(librdf_storage *storage, librdf_node *ctx)
{
	rm_store *rs = rm_of(storage);
	kg_qs_txn *txn = rm_write_begin(rs);
	if (!txn)
		return 1;
	kg_qs_id pat[4] = {0, 0, 0, 0};
	kg_status st = rm_lookup(rs, txn, ctx, &pat[3]);
	int failed = st && st != KG_DONE;
	if (st == KG_OK)
		failed = rm_remove_matching(rs, txn, pat, 0);
	return rm_write_end(rs, txn, failed);
}

/* Non-zero when the statement is in some graph. */
static int
rm_contains_statement(librdf_storage *storage, librdf_statement *s)
{
	rm_store *rs = rm_of(storage);
	kg_qs_txn *txn = rm_read_begin(rs);
	if (!txn)
		return 0;
	kg_qs_id q[4] = {0, 0, 0, 0};
	uint64_t n = 0;
	if (librdf_statement_is_complete(s) &&
	    rm_lookup_statement(rs, txn, s, q) == KG_OK &&
	    kg_qs_count(txn, q, KG_QS_ANY_GRAPH, &n))
		rm_log_qs(rs, "contains");
	rm_read_end(rs, txn);
	return n > 0;
}

static librdf_stream *
rm_serialise(librdf_storage *storage)
{
	return rm_find(rm_of(storage), NULL, NULL, 1);
}

static librdf_stream *
rm_find_statements(librdf_storage *storage, librdf_statement *pattern)
{
	return rm_find(rm_of(storage), pattern, NULL, 1);
}

static librdf_stream *
rm_context_serialise(librdf_storage *storage, librdf_node *ctx)
{
	return rm_find(rm_of(storage), NULL, ctx, 0);
}

static librdf_stream *
rm_find_statements_in_context(librdf_storage *storage,
    librdf_statement *pattern, librdf_node *ctx)
{
	return rm_find(rm_of(storage), pattern, ctx, ctx == NULL);
}

/* The named graphs with at least one quad; not the default graph. */
static librdf_iterator *
rm_get_contexts(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	rm_reader *r = rm_reader_new(rs);
	if (!r)
		return NULL;
	r->width = 1;
	rm_graph_list l = {r, 0, 0};
	kg_status st = kg_qs_graphs(r->txn, rm_graphs_collect, &l);
	if (st)
		rm_log_qs(rs, "contexts");
	else if (l.oom) {
		rm_log(rs, "contexts", "out of memory");
		st = KG_ERR_NOMEM;
	}
	if (st || rm_graph_step(r)) {
		rm_reader_free(r);
		return NULL;
	}
	librdf_iterator *it = librdf_new_iterator(rs->world, r,
	    rm_graphs_is_end, rm_graphs_next, rm_graphs_get,
	    rm_graphs_finished);
	if (!it)
		rm_reader_free(r);
	return it;
}

static librdf_node *
rm_get_feature(librdf_storage *storage, librdf_uri *feature)
{
	rm_store *rs = rm_of(storage);
	if (!feature)
		return NULL;
	const char *uri = (const char *)librdf_uri_as_string(feature);
	if (uri && !strcmp(uri, LIBRDF_MODEL_FEATURE_CONTEXTS))
		return librdf_new_node_from_typed_literal(rs->world,
		    (const unsigned char *)"1", NULL, NULL);
	return NULL;
}

/* Every commit is durable already (LMDB syncs at commit). */
static int
rm_sync(librdf_storage *storage)
{
	(void)storage;
	return 0;
}

static int
rm_transaction_start(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	if (rs->txn) {
		rm_log(rs, "transaction", "a transaction is already open");
		return 1;
	}
	if (kg_qs_begin(rs->qs, 1, &rs->txn)) {
		rm_log_qs(rs, "transaction");
		rs->txn = NULL;
		return 1;
	}
	return 0;
}

static int
rm_transaction_commit(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	if (!rs->txn)
		return 1;
	rm_readers_detach(rs);
	kg_status st = kg_qs_commit(rs->txn);
	rs->txn = NULL;
	if (st)
		rm_log_qs(rs, "commit");
	return st != KG_OK;
}

static int
rm_transaction_rollback(librdf_storage *storage)
{
	rm_store *rs = rm_of(storage);
	if (!rs->txn)
		return 1;
	rm_readers_detach(rs);
	kg_qs_abort(rs->txn);
	rs->txn = NULL;
	return 0;
}

static void
rm_factory(librdf_storage_factory *f)
{
	f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
	f->init = rm_init;
	f->terminate = rm_terminate;
	f->open = rm_open;
	f->close = rm_close;
	f->size = rm_size;
	f->add_statement = rm_add_statement;
	f->add_statements = rm_add_statements;
	f->remove_statement = rm_remove_statement;
	f->contains_statement = rm_contains_statement;
	f->serialise = rm_serialise;
	f->find_statements = rm_find_statements;
	f->context_add_statement = rm_context_add_statement;
	f->context_add_statements = rm_context_add_statements;
	f->context_remove_statement = rm_context_remove_statement;
	f->context_remove_statements = rm_context_remove_statements;
	f->context_serialise = rm_context_serialise;
	f->find_statements_in_context = rm_find_statements_in_context;
	f->get_contexts = rm_get_contexts;
	f->get_feature = rm_get_feature;
	f->sync = rm_sync;
	f->transaction_start = rm_transaction_start;
	f->transaction_commit = rm_transaction_commit;
	f->transaction_rollback = rm_transaction_rollback;
}

int
kg_redland_register(librdf_world *world)
{
	return librdf_storage_register_factory(world, "kg",
	    "kg quad store on LMDB", rm_factory);
}

#ifdef KG_REDLAND_MODULE
/* librdf's module loader looks this name up in every
 * librdf_storage_*.so of its module directory and calls it. */
__attribute__((visibility("default")))
void librdf_storage_module_register_factory(librdf_world *world);

void
librdf_storage_module_register_factory(librdf_world *world)
{
	kg_redland_register(world);
}
#endif
