/* txn.h: making an update request atomic on each kind of store.
 *
 *   kg's own     one LMDB write transaction: a kill at any point leaves
 *   store        the old state or the new one; readers go on reading
 *                the last commit meanwhile.
 *
 *   on-disk store  Redland's hashes over Berkeley DB have no
 *                  transactions, and Berkeley DB without an environment
 *                  is not safe against a writer dying mid-write (pages
 *                  are flushed one by one).  Before the first change,
 *                  the store's database files are copied aside (the
 *                  snapshot, fsynced, then renamed into place: that
 *                  rename is the point from which a restore is due);
 *                  after the last change the files are synced and the
 *                  snapshot renamed away (the commit point), then
 *                  deleted.  kg_db_open() restores a snapshot left by
 *                  a writer that died.
 *   every other    the request keeps a log of its changes and, when it
 *   store          fails, applies their inverse.  For memory nothing
 *                  outlives the process anyway; for PostgreSQL and
 *                  Virtuoso the guarantee holds only while the process
 *                  lives: Redland's PostgreSQL transactions abort on the
 *                  storage's own duplicate-node inserts (txn.c).
 */
#ifndef KG_TXN_H
#define KG_TXN_H

#include "db.h"

typedef enum {
	KG_TXN_SNAPSHOT = 1, /* Redland's on-disk store: files copied aside */
	KG_TXN_LOG,          /* the caller undoes its logged changes */
	KG_TXN_NATIVE,       /* kg's own store: one LMDB write transaction */
	KG_TXN_JOINED        /* inside a transaction the caller opened with
	                        kg_db_transaction_begin(); it commits there */
} kg_txn_kind;

typedef struct {
	kg_txn_kind kind;
	int open; /* begun, not yet committed or rolled back */
} kg_txn;

/* Starts a transaction on `db`; call it before the first change.  On
 * return t->kind says how it is kept; KG_TXN_LOG asks the caller to log
 * its changes from now on and undo them itself on failure. */
kg_status kg_txn_begin(kg_db *db, kg_txn *t);

/* Makes the changes since kg_txn_begin() durable. */
kg_status kg_txn_commit(kg_db *db, kg_txn *t);

/* Puts the store back as it was at kg_txn_begin() (for KG_TXN_LOG the
 * caller has done so).  A no-op when no transaction is open. */
kg_status kg_txn_rollback(kg_db *db, kg_txn *t);

/* Before a request that reads before it writes (an update's WHERE):
 * on kg's own store, makes room now for its transaction, which could
 * not grow once the reading has begun. */
kg_status kg_txn_prepare(kg_db *db);

/* Whether a request whose transaction `t` failed (and was rolled
 * back) may simply run again: on kg's own store its own transaction ran
 * out of map room, and the next one gets twice as much. */
int kg_txn_may_retry(kg_db *db, const kg_txn *t);

/* At open, with the store's lock held (`exclusive` 0: a shared one):
 * restores a snapshot a dead writer left in `dir` and removes
 * half-made or committed ones. */
kg_status kg_txn_recover(kg_db *db, const char *dir, int exclusive);

#endif
