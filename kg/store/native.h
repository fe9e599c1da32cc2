/* native.h: kg's own quad store (lmdb/quadstore.h) behind the store's
 * door, private to kg/store/.
 *
 * A db on a native store holds one kg_qs and at most two transactions:
 * the writer's (from kg_native_begin() to its commit or rollback), which
 * every read and change then goes through, and otherwise a read
 * snapshot, begun by the first read of an operation and ended by
 * kg_native_refresh() when the next operation starts and no match is
 * still reading from it.  Terms handed out point into LMDB's map and are
 * valid for as long as that transaction.
 */
#ifndef KG_STORE_NATIVE_H
#define KG_STORE_NATIVE_H

#include "store/access.h"
#include "store/lmdb/quadstore.h"

/* Whether `dir` holds a native store (LMDB's data file). */
int kg_native_exists(const char *dir);

/* Opens (or with KG_OPEN_CREATE creates) the native store in `dir`. */
kg_status kg_native_open(kg_db *db, const char *dir, unsigned flags);
void kg_native_close(kg_db *db);

/* Ends the read snapshot when nothing reads from it, so that the next
 * read sees the last commit. */
void kg_native_refresh(kg_db *db);

typedef struct kg_native_match kg_native_match;
kg_status kg_native_match_new(kg_db *db, const kg_term *s, const kg_term *p,
                              const kg_term *o, const kg_term *g,
                              unsigned flags, kg_native_match **out);
kg_status kg_native_match_next(kg_native_match *m, const kg_term **q);
void kg_native_match_free(kg_native_match *m);

void kg_native_pin(kg_db *db);
void kg_native_unpin(kg_db *db);
kg_status kg_native_lookup(kg_db *db, const kg_term *t, kg_qs_id *out);
kg_status kg_native_term(kg_db *db, kg_qs_id id, kg_term *out, int *stable);
kg_status kg_native_match_ids(kg_db *db, const kg_qs_id pat[4],
                              unsigned flags, kg_native_match **out);
kg_status kg_native_match_ids_next(kg_native_match *m, kg_qs_id q[4]);
kg_status kg_native_count(kg_db *db, const kg_qs_id pat[4], unsigned flags,
                          uint64_t *n);

kg_status kg_native_graphs(kg_db *db, kg_graph_fn fn, void *ctx);
int kg_native_has_graph(kg_db *db, const kg_term *g);

/* Adds (add != 0) or removes quad q in the open write transaction:
 * KG_OK, or KG_DONE when there was nothing to do. */
kg_status kg_native_change(kg_db *db, const kg_term *const q[4], int add);

/* The write transaction: begin fails with KG_ERR_LOCKED when another
 * process writes for longer than the db's busy timeout.  A failure
 * inside the transaction (kg_native_fail) makes its commit roll back. */
kg_status kg_native_begin(kg_db *db);
kg_status kg_native_commit(kg_db *db);
void kg_native_rollback(kg_db *db);
void kg_native_fail(kg_db *db);
int kg_native_writing(const kg_db *db);

/* The write transaction, for a bulk load (NULL when none is open). */
kg_qs_txn *kg_native_txn(kg_db *db);

/* A literal's term as the native store keeps it: xsd:string and
 * rdf:langString datatypes are implied, not stored. */
void kg_native_canonical(kg_term *t);

long kg_native_size(kg_db *db);

/* The store's figures as the current transaction sees them. */
kg_status kg_native_stats(kg_db *db, kg_qs_stats *out);

#endif
