/*
 * quadstore.h: kg's own RDF quad store on LMDB, without Redland.
 *
 * Self-contained: it needs LMDB, libc and kg.h (kg_status, kg_term) only.
 *
 * Design
 * ------
 * One store is one directory holding LMDB's data.mdb and lock.mdb, plus
 * writer.lock, an flock(2) file that lets a writer wait a bounded time for
 * another writer instead of blocking forever inside LMDB.  LMDB gives the
 * rest: a commit is atomic and durable (a killed process leaves the last
 * committed state), readers see a snapshot and never block or are blocked.
 * A writable handle maps the file with MDB_WRITEMAP, so a write txn's
 * changed pages are in the page cache, not in the heap.  LMDB then sizes
 * the file to the map (sparse beyond the used pages), so the map starts
 * at 256 MiB or the file's size and grows before a write txn to twice
 * the used size, or to what kg_qs_reserve asked for; a txn that still
 * fills it fails (KG_ERR_STORE, "map ... is full") and the next one gets
 * twice the map.  A read-only handle maps 1 TiB of address space.
 *
 * Ids.  Every term has a kg_qs_id, a 32-bit number assigned in increasing
 * order from 1.  32 bits keep an index entry at 12 bytes; 4 billion
 * distinct terms is far beyond what one kg store holds.  Id 0 means "no
 * term"; in the graph slot of a quad it is the default graph.
 *
 * Named LMDB databases:
 *   meta      "version" -> format string, "quads" -> uint64 quad count,
 *             "next_id" -> uint32 next id (both native byte order: an
 *             LMDB file is not portable across byte orders anyway).
 *   id2term   id (native uint32, MDB_INTEGERKEY) -> encoded term: one kind
 *             byte, the value, NUL, the datatype or language tag, NUL.  A
 *             decoded kg_term points straight into LMDB's map.
 *   term2id   64-bit hash of the encoded term (MDB_INTEGERKEY) -> ids
 *             (MDB_DUPSORT|MDB_DUPFIXED|MDB_INTEGERDUP).  LMDB keys are at
 *             most 511 bytes and literals can be longer, hence the hash; a
 *             lookup confirms each candidate against id2term, so colliding
 *             hashes are correct, only slower.
 *   spog posg ospg gspo gpos gosp
 *             the six quad orders.  Key: the first id (4 bytes,
 *             big-endian); value: the other three (12 bytes, big-endian,
 *             MDB_DUPSORT|MDB_DUPFIXED), so memcmp order is numeric order
 *             and LMDB stores the values of one key packed in its own
 *             subtree: about 12 bytes per quad per index instead of 16 plus
 *             a node header.  Every pattern (bound or unbound s, p, o; any
 *             graph, the default graph or one named graph) is one prefix
 *             range of one index.
 *
 * Bulk load (kg_qs_bulk_*) caches term -> id in memory, appends new terms
 * to id2term in id order, buffers quads in batches, sorts each batch per
 * index and inserts it in order (appending when the index was empty).
 * Its own memory is the term cache (capped), two batch buffers of 16
 * bytes per quad and 2 MiB of radix counts; the pages the txn changes
 * are in the file's mapping (MDB_WRITEMAP), not in the heap.
 *
 * The term hash is part of the format: changing qs_term_hash means a new
 * KG_QS_FORMAT.
 *
 * Open a store once per process (LMDB's rule: a second open in the same
 * process breaks its file locks) and share the kg_qs.  Thread use: a
 * kg_qs may be shared by threads; a kg_qs_txn and its
 * iterators belong to one thread at a time.  One write txn per kg_qs at a
 * time.  Every iterator must be freed before its txn ends.
 */
#ifndef KG_QUADSTORE_H
#define KG_QUADSTORE_H

#include "kg.h"

#include <stddef.h>
#include <stdint.h>

/* A term id; 0 = no term, or the default graph in the graph slot. */
typedef uint32_t kg_qs_id;

typedef struct kg_qs kg_qs;
typedef struct kg_qs_txn kg_qs_txn;
typedef struct kg_qs_iter kg_qs_iter;
typedef struct kg_qs_bulk kg_qs_bulk;

/* The on-disk format this code reads and writes. */
#define KG_QS_FORMAT "kg-quadstore 1"

/* ---- opening ----------------------------------------------------------- */

enum {
	KG_QS_CREATE = 1u << 0,   /* create the directory and store if absent */
	KG_QS_READONLY = 1u << 1, /* no write txns; works while another writes */
	/* Tests only: keep 4 bits of each term hash so that collisions are
	 * common.  A store written so must always be opened so. */
	KG_QS_TEST_TINY_HASH = 1u << 8
};

/*
 * Opens the store in directory `dir`.  On success *out is a new handle the
 * caller closes with kg_qs_close.  On failure *out is still a handle (or
 * NULL when memory ran out) whose kg_qs_errmsg says why; close it too.
 * A store of another format version fails with KG_ERR_STORE.
 */
kg_status kg_qs_open(const char *dir, unsigned flags, kg_qs **out);

/* Closes the store; every txn must have ended.  NULL is a no-op. */
void kg_qs_close(kg_qs *qs);

/* The message of the last error on `qs` (borrowed, valid until the next
 * call on qs); "out of memory" for NULL. */
const char *kg_qs_errmsg(const kg_qs *qs);

/* How long kg_qs_begin(write) waits for another process's writer before
 * failing with KG_ERR_LOCKED; 0 means fail at once.  Default 10 s. */
void kg_qs_set_lock_timeout(kg_qs *qs, double seconds);

/* Makes the next write txn's map hold `bytes` more than is used now (a
 * bulk load of a file of known size).  The map grows only when this
 * handle has no read txn open. */
void kg_qs_reserve(kg_qs *qs, uint64_t bytes);

/* A read-only handle maps what the store's last writer mapped, and
 * follows a writer of another process that grows the store when its
 * next txn begins, which it can only do while none of its txns is
 * open.  A handle whose txns overlap (threads sharing it) calls this
 * first, with no txn open: it reserves address space for any growth.
 * A no-op on a writable handle, whose map grows under its writer. */
kg_status kg_qs_map_wide(kg_qs *qs);

/* Whether the last write txn failed for want of map room (it was
 * rolled back); the next one gets a map twice as large, so the work can
 * simply be done again. */
int kg_qs_map_was_full(const kg_qs *qs);

/* Grows the map now, with no txn of this handle open, to the room the
 * next write txn wants (twice what is used, or what a txn that ran out
 * asked for), for a writer that will read first and so cannot grow it
 * at its begin.  A no-op on a read-only handle or with a txn open. */
kg_status kg_qs_map_prepare(kg_qs *qs);

/* ---- transactions ------------------------------------------------------ */

/*
 * Starts a transaction; *out is owned by the caller until kg_qs_commit or
 * kg_qs_abort.  A read txn sees the last commit before it began, for its
 * whole life.  A write txn fails with KG_ERR_READONLY on a read-only
 * store and KG_ERR_LOCKED when another writer keeps the lock past the
 * timeout (or this handle already has a write txn).
 */
kg_status kg_qs_begin(kg_qs *qs, int write, kg_qs_txn **out);

/* Commits (a read txn just ends) and frees txn, even on failure. */
kg_status kg_qs_commit(kg_qs_txn *txn);

/* Drops every change of txn and frees it.  NULL is a no-op. */
void kg_qs_abort(kg_qs_txn *txn);

/* ---- terms ------------------------------------------------------------- */

/* The id of term t in *out, or KG_DONE when the store does not know it. */
kg_status kg_qs_lookup(kg_qs_txn *txn, const kg_term *t, kg_qs_id *out);

/* The id of t, giving it a new one if it is unknown (write txn). */
kg_status kg_qs_intern(kg_qs_txn *txn, const kg_term *t, kg_qs_id *out);

/*
 * The term of id in *out, KG_DONE if there is none.  The strings are
 * borrowed from LMDB's map: in a read txn they stay valid until the txn
 * ends; in a write txn only until the next change made in it.
 */
kg_status kg_qs_term(kg_qs_txn *txn, kg_qs_id id, kg_term *out);

/* ---- quads ------------------------------------------------------------- */

/* Adds quad q = {s, p, o, g} (g 0: default graph) made of ids from
 * kg_qs_intern; KG_DONE if it was already there (quads are a set). */
kg_status kg_qs_add(kg_qs_txn *txn, const kg_qs_id q[4]);

/* Removes quad q; KG_DONE if it was not there.  Terms stay interned. */
kg_status kg_qs_remove(kg_qs_txn *txn, const kg_qs_id q[4]);

enum {
	/* pat[3] is ignored and quads of every graph match; without it
	 * pat[3] == 0 matches the default graph only. */
	KG_QS_ANY_GRAPH = 1u << 0
};

/*
 * Matches pattern pat = {s, p, o, g} (0 in s, p, o: any term) and gives a
 * new iterator in *out, owned by the caller (kg_qs_iter_free).  Quads come
 * in the order of the index used.  Repeated variables are the caller's.
 */
kg_status kg_qs_match(kg_qs_txn *txn, const kg_qs_id pat[4], unsigned flags,
    kg_qs_iter **out);

/* The next quad in q: KG_OK, or KG_DONE at the end. */
kg_status kg_qs_iter_next(kg_qs_iter *it, kg_qs_id q[4]);

/* NULL is a no-op. */
void kg_qs_iter_free(kg_qs_iter *it);

/*
 * The exact number of quads matching pat in *n.  O(1) when at most one of
 * s, p, o, g is a constant (LMDB's duplicate count, or the stored total);
 * otherwise a scan of the matching range, so linear in the answer.
 */
kg_status kg_qs_count(kg_qs_txn *txn, const kg_qs_id pat[4], unsigned flags,
    uint64_t *n);

/* Calls fn for every named graph with at least one quad, in id order,
 * until fn returns non-zero.  KG_OK also when stopped early. */
kg_status kg_qs_graphs(kg_qs_txn *txn, int (*fn)(void *ctx, kg_qs_id g),
    void *ctx);

/* KG_OK when named graph g has at least one quad, else KG_DONE. */
kg_status kg_qs_graph_exists(kg_qs_txn *txn, kg_qs_id g);

/* ---- bulk load --------------------------------------------------------- */

/*
 * Starts a bulk load inside write txn `txn`; *out is owned by the caller
 * until kg_qs_bulk_end or kg_qs_bulk_free.  The load is part of txn: its
 * quads appear at kg_qs_commit, and a kill before that leaves the old
 * state.  Do not use txn for anything else until the load ends.
 * cache_bytes caps the in-memory term cache (0: 64 MiB; when full it is
 * emptied and refilled); batch_quads is how many quads are buffered before
 * they are sorted and written (0: 1M, 32 MiB of buffers).
 */
kg_status kg_qs_bulk_begin(kg_qs_txn *txn, size_t cache_bytes,
    size_t batch_quads, kg_qs_bulk **out);

/* Adds the quad s p o in graph g (NULL: the default graph).  The terms are
 * copied.  Duplicates, in the load or with the store, are dropped. */
kg_status kg_qs_bulk_add(kg_qs_bulk *b, const kg_term *s, const kg_term *p,
    const kg_term *o, const kg_term *g);

/* A term as kg_qs_term_encode made it, for kg_qs_bulk_add_encoded. */
typedef struct {
	const unsigned char *p; /* NULL: no term (the default graph) */
	size_t n;               /* 0: the term this slot had in the last
	                         * quad that had one */
	uint64_t hash;
} kg_qs_encoded;

/*
 * Encodes t into buf (cap bytes) and puts its hash in *hash.  Returns the
 * length; 0 if t is not a valid term; a length > cap, with nothing
 * written, when buf is too small.  It reads only qs's flags, so a parser
 * thread may encode while another thread loads: the work of a term is
 * then split between the two.
 */
size_t kg_qs_term_encode(const kg_qs *qs, const kg_term *t,
    unsigned char *buf, size_t cap, uint64_t *hash);

/* kg_qs_bulk_add of q = {s, p, o, g} encoded (q[3].p NULL: the default
 * graph).  The bytes are copied. */
kg_status kg_qs_bulk_add_encoded(kg_qs_bulk *b, const kg_qs_encoded q[4]);

/* Writes what is buffered, frees b and puts the number of quads that were
 * new in *added (may be NULL). */
kg_status kg_qs_bulk_end(kg_qs_bulk *b, uint64_t *added);

/* Abandons a load (then abort its txn: part of it may be written).
 * NULL is a no-op. */
void kg_qs_bulk_free(kg_qs_bulk *b);

/* ---- stats and checks -------------------------------------------------- */

typedef struct {
	uint64_t quads;      /* quads in every graph */
	uint64_t terms;      /* entries of the dictionary */
	uint64_t graphs;     /* named graphs with at least one quad */
	uint64_t file_bytes; /* disk space data.mdb takes (allocated: the
	                      * file is sparse up to the map's size) */
	uint64_t map_bytes;  /* the map's size, data.mdb's apparent size */
	uint64_t used_bytes; /* pages in use as of the last commit (in a
	                      * write txn, free pages included) */
} kg_qs_stats;

/* Figures as txn sees them. */
kg_status kg_qs_stat(kg_qs_txn *txn, kg_qs_stats *out);

/*
 * Checks the store in a read txn of its own: every quad is in all six
 * indexes and they hold as many entries as the stored count; every id in
 * a quad has a term; every term maps back to its id through term2id.
 * Each problem goes to fn (message borrowed for the call).  KG_OK when
 * there is none, KG_ERR_STORE when there is.
 */
kg_status kg_qs_verify(kg_qs *qs, void (*fn)(void *ctx, const char *msg),
    void *ctx);

/* Tests only: deletes q from index number i (0..5: spog posg ospg gspo
 * gpos gosp) and nowhere else, to plant an inconsistency. */
kg_status kg_qs_test_unindex(kg_qs_txn *txn, int i, const kg_qs_id q[4]);

#endif
