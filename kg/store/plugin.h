/* plugin.h: the seam between libkg and its Redland plugin, private to
 * kg/store/.
 *
 * Everything that calls Redland, Raptor or Rasqal is built into a
 * shared object of its own (kg-redland.so: rl_store.c, rl_parse.c and
 * the files they share) that libkg loads with dlopen() the first time a
 * db needs it: a Redland storage (hashes:DIR, postgresql:, virtuoso:, a
 * kg 0.1 directory) or a Raptor parse (kg_db_load).  A query on kg's
 * own store therefore never maps librdf and the fifty libraries it
 * pulls in; they cost most of kg's start-up (doc/architecture.md).
 *
 * The plugin exports one function, KG_PLUGIN_ENTRY, which checks that
 * it was built from the same structures as libkg and returns its table
 * of operations; the plugin reaches back into libkg only through the
 * host table it is given (the plugin links no part of libkg).  Nothing
 * here names a Redland type: the plugin's per-db state is the opaque
 * struct kg_rl that kg_store points to.
 */
#ifndef KG_STORE_PLUGIN_H
#define KG_STORE_PLUGIN_H

#include "db.h"
#include "store/access.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* Changed whenever this header, kg_db or kg_store changes shape. */
#define KG_PLUGIN_ABI 2
#define KG_PLUGIN_ENTRY "kg_redland_plugin"
#define KG_PLUGIN_FILE "kg-redland.so"

/* What libkg lends the plugin. */
typedef struct {
	int abi;
	size_t db_size, store_size; /* sizeof (kg_db), sizeof (kg_store) */
	kg_status (*verror)(kg_db *db, kg_status st, const char *file,
	                    int line, int col, const char *fmt, va_list ap);
	void (*begin)(kg_db *db);
} kg_plugin_host;

/* A parsed quad: q[3] NULL for the default graph.  Terms and their
 * strings are valid during the call.  Anything but KG_OK stops the
 * parse, which then returns that status. */
typedef kg_status (*kg_quad_fn)(void *ctx, const kg_term *const q[4]);

typedef struct {
	FILE *f;             /* read to its end; the caller closes it */
	const char *path;    /* as the user named it, for messages */
	const char *format;  /* turtle, ntriples, nquads, trig, rdfxml */
	const char *base;    /* the base IRI */
	const char *graph;   /* quads without a graph of their own go
	                        here; NULL: the default graph */
	kg_quad_fn quad;
	void *ctx;
	uint64_t bytes;      /* read so far, updated by the parse */
} kg_parse_job;

typedef struct {
	/* Opens Redland's world for db (its logger, blank node labels and
	 * the "kg" storage), then storage `spec` with kg_db_open() flags:
	 * "hashes" over Berkeley DB in directory `dir` when dir is not
	 * NULL, else "postgresql:CONNINFO" or "virtuoso:DSN". */
	kg_status (*open)(kg_db *db, const char *spec, const char *dir,
	                  unsigned flags);
	/* Frees the model and storage (synced), keeping the world; open
	 * again with reopen() on the same arguments. */
	void (*close_storage)(kg_db *db);
	kg_status (*reopen)(kg_db *db, const char *spec, const char *dir,
	                    unsigned flags);
	/* Whether a model is open. */
	int (*is_open)(const kg_db *db);
	/* Frees all the plugin keeps for db (store->rl). */
	void (*release)(kg_db *db);
	long (*size)(kg_db *db);
	/* librdf_model_sync: 0 on success. */
	int (*sync)(kg_db *db);

	/* The door of access.h over the model. */
	kg_status (*match_new)(kg_db *db, const kg_term *s, const kg_term *p,
	                       const kg_term *o, const kg_term *g,
	                       unsigned flags, void **out);
	kg_status (*match_next)(void *m, const kg_term **q);
	void (*match_free)(void *m);
	kg_status (*graphs)(kg_db *db, kg_graph_fn fn, void *ctx);
	int (*has_graph)(kg_db *db, const kg_term *g);
	kg_status (*change)(kg_db *db, const kg_term *const q[4], int add);

	/* Parses job->f with Raptor (a Redland store's own Raptor, or one
	 * made for db at the first parse), scoping blank node labels by
	 * db->bnode_scope.  Errors are on db, with file, line and column. */
	kg_status (*parse)(kg_db *db, kg_parse_job *job);
	/* Makes what parse() needs for db, in the calling thread: libxml2
	 * (under Raptor) takes the first thread that uses it for its main
	 * one, and keeps per-thread state for any other that the main
	 * thread never frees; so a load whose parse runs in a thread of its
	 * own calls this first, from the thread that will close the db. */
	kg_status (*parse_prepare)(kg_db *db);
} kg_plugin_ops;

/* The plugin's entry: NULL when `host` is not the libkg it was built
 * for. */
typedef const kg_plugin_ops *(*kg_plugin_entry_fn)(const kg_plugin_host *host);

/* libkg's side (plugin.c): the plugin's operations, loaded at the first
 * call; NULL after recording on db "cannot load Redland support (PATH):
 * WHY; needed for `what`". */
const kg_plugin_ops *kg_plugin(kg_db *db, const char *what);

#endif
