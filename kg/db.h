/* db.h: the body of kg_db, shared by the library's modules. */
#ifndef KG_DB_H
#define KG_DB_H

#include "kg.h"
#include "buf.h"

#include <signal.h>
#include <redland.h>

typedef struct {
	char *prefix;
	char *iri;
} kg_prefix;

struct kg_db {
	librdf_world *world;
	librdf_storage *storage;
	librdf_model *model;
	char *spec;
	unsigned flags;
	int lock_fd; /* -1 when the store needs no lock file */
	int hashes;  /* Redland's hashes storage (on disk or in memory) */

	/* Last error, filled by kg_db_error() and by the Redland logger. */
	kg_status err_status;
	kg_buf err_msg;
	char *err_file;
	int err_line;
	int err_col;

	volatile sig_atomic_t interrupted;

	kg_query_profile profile; /* of the last query (access.c counts) */

	/* Blank node labels: during a load, the load's scope (so reloading a
	 * file yields the same nodes); otherwise a per-open scope. */
	char bnode_scope[40];
	char session_scope[40];
	unsigned long bnode_counter;
	unsigned long update_bnodes; /* fresh blank nodes of INSERT DATA */

	kg_prefix *prefixes;
	size_t n_prefixes;
};

/* Records the error and returns `st`.  `file` may be NULL; line and col
 * are 1-based or 0 when unknown. */
kg_status kg_db_error(kg_db *db, kg_status st, const char *file, int line,
                      int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Clears the last error and the interrupt flag before an operation. */
void kg_db_begin(kg_db *db);

/* The directory of an on-disk store, or NULL for other stores. */
const char *kg_db_dir(const kg_db *db);

/* Frees the model and storage, and opens them again on the same spec
 * (never emptying the store): around replacing the files under them. */
void kg_db_close_storage(kg_db *db);
kg_status kg_db_open_storage(kg_db *db);

/* Installs kg's handler for Redland, Raptor and Rasqal log messages. */
void kg_db_install_logger(kg_db *db);

/* The prefix declarations as one SPARQL prologue line, skipping those
 * the query text declares itself.  Appends to `out`. */
int kg_prefix_prologue(const kg_db *db, const char *query, kg_buf *out);

/* Declares the built-in prefixes. */
kg_status kg_prefix_defaults(kg_db *db);
void kg_prefix_free_all(kg_db *db);

#endif
