/* backend.h: the body of kg_store, seen only inside kg/store/.
 *
 * A db's storage is either kg's own quad store on LMDB (native.c,
 * lmdb/), the default for a directory, or a Redland model over one of
 * Redland's storages: "hashes" over Berkeley DB on disk or in memory,
 * PostgreSQL, Virtuoso.  Redland is reached only through the plugin
 * (plugin.h), whose state for the db is the opaque `rl`; no header of
 * libkg includes Redland's.
 */
#ifndef KG_STORE_BACKEND_H
#define KG_STORE_BACKEND_H

#include "db.h"
#include "store/lmdb/quadstore.h"
#include "store/plugin.h"

struct kg_rl;

#include <stdatomic.h>

/* What the dbs of one kg_db_open_shared() family share besides the
 * kg_qs: how many are open, and the scratch directory of "memory",
 * which the last of them to close removes with the quad store. */
typedef struct {
	atomic_uint refs;
	char *scratch;
} kg_store_share;

struct kg_store {
	/* kg's own store; NULL for Redland's storages (then `redland` is
	 * set).  The transactions: see native.h. */
	kg_qs *qs;
	kg_qs_txn *rtxn;
	kg_qs_txn *wtxn;
	int wfailed;          /* something failed inside wtxn */
	unsigned readers;     /* native matches and pins reading from rtxn */
	unsigned pinned_writer; /* pins taken while wtxn was open */
	char *scratch;        /* "memory": the directory to remove at close */
	kg_store_share *share; /* NULL unless kg_db_open_shared() shares qs */

	/* The plugin, once loaded for this db, and its state (rl.h): the
	 * Redland world, storage and model of a Redland store, or the
	 * Raptor world that loads into kg's own store. */
	const kg_plugin_ops *rl_ops;
	struct kg_rl *rl;
	int redland; /* the store is one of Redland's storages */
	int lock_fd; /* -1 when the store needs no lock file */
};

/* The directory of an on-disk store, or NULL for other stores. */
const char *kg_db_dir(const kg_db *db);

/* Frees the model and storage, and opens them again on the same spec
 * (never emptying the store): around replacing the files under them. */
void kg_db_close_storage(kg_db *db);
kg_status kg_db_open_storage(kg_db *db);

#endif
