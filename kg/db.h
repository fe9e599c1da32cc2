/* db.h: the body of kg_db, shared by the library's modules.
 *
 * Nothing here names Redland: the storage behind a db is the opaque
 * kg_store, whose body only kg/store/ sees (store/backend.h).  The
 * engine, update and rendering reach the store through store/access.h.
 */
#ifndef KG_DB_H
#define KG_DB_H

#include "kg.h"
#include "buf.h"

#include <signal.h>
#include <stdarg.h>

typedef struct kg_store kg_store;

typedef struct {
	char *prefix;
	char *iri;
} kg_prefix;

struct kg_db {
	kg_store *store; /* NULL until the store is open */
	char *spec;
	unsigned flags;

	/* Last error, filled by kg_db_error() and by the storage's logger. */
	kg_status err_status;
	kg_buf err_msg;
	char *err_file;
	int err_line;
	int err_col;

	volatile sig_atomic_t interrupted;

	kg_query_profile profile; /* of the last query (store/access.c counts) */
	int profiling;            /* time the storage calls too */

	/* Blank node labels: during a load, the load's scope (so reloading a
	 * file yields the same nodes); otherwise a per-open scope. */
	char bnode_scope[40];
	char session_scope[40];
	unsigned long bnode_counter;
	unsigned long update_bnodes; /* fresh blank nodes of INSERT DATA */
	unsigned long evaluations;   /* a serial number for each query's
	                                fresh blank nodes (sparql/eval.c) */

	kg_prefix *prefixes;
	size_t n_prefixes;

	/* A db whose spec is an http(s) URL is a remote endpoint's client:
	 * queries and updates go whole to `spec` (kg/remote/). */
	int remote;
	double http_connect_timeout; /* seconds; 0: kg's default */
	double http_timeout;         /* seconds for a whole request; 0: none */
	size_t service_batch;        /* rows per SERVICE request; 0: default */
};

/* Records the error and returns `st`.  `file` may be NULL; line and col
 * are 1-based or 0 when unknown. */
kg_status kg_db_error(kg_db *db, kg_status st, const char *file, int line,
                      int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
kg_status kg_db_verror(kg_db *db, kg_status st, const char *file, int line,
                       int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* KG_OK on a local store; on an endpoint's client (db->remote), records
 * and returns KG_ERR_UNSUPPORTED: "`what` needs a local store". */
kg_status kg_db_local_only(kg_db *db, const char *what);

/* Clears the last error and the interrupt flag before an operation. */
void kg_db_begin(kg_db *db);

/* The prefix declarations as one SPARQL prologue line, skipping those
 * the query text declares itself.  Appends to `out`. */
int kg_prefix_prologue(const kg_db *db, const char *query, kg_buf *out);

/* Declares the built-in prefixes. */
kg_status kg_prefix_defaults(kg_db *db);
void kg_prefix_free_all(kg_db *db);

#endif
