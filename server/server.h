/* server.h: the server layer's door: `kg serve`, a SPARQL 1.1 Protocol
 * endpoint over one store.  The shell's cmd_serve.c fills the options
 * and calls kg_server_run(); nothing else of server/ is public.
 *
 * The server uses kg.h alone (and libmicrohttpd, which nothing outside
 * server/ includes).  doc/architecture.md, "The server", says how
 * requests share the store.
 */
#ifndef KG_SERVER_H
#define KG_SERVER_H

#include "kg.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *store;        /* the store's spec, for messages */
	const char *listen;       /* "ADDR:PORT"; NULL: 127.0.0.1:7878 */
	unsigned threads;         /* worker threads; 0: one per core */
	double timeout;           /* seconds a request may run; 0: none */
	uint64_t max_rows;        /* rows (triples) of a result; 0: all */
	size_t max_body;          /* bytes of a request body */
	int writable;             /* updates and Graph Store writes allowed */
	const char *update_token; /* writes allowed with "Authorization:
	                             Bearer" this; NULL: none */
	const char *cors_origin;  /* Access-Control-Allow-Origin; NULL: none */
	int allow_load;           /* LOAD and SERVICE from HTTP */
	int allow_file;           /* FROM <file:...> from HTTP */
	const char *web_dir;      /* served at /; NULL or missing: a note */
	const char *web_gen_dir;  /* looked in for what web_dir lacks: the
	                             build tree's generated files of a kg
	                             run uninstalled; NULL: none */
	const char *lib_dir;      /* /lib/leaflet/ and /lib/codemirror/ are
	                             LIB_DIR/leaflet, LIB_DIR/codemirror;
	                             NULL: /usr/share/javascript */
	int quiet;                /* no access log */
} kg_server_opts;

/*
 * Serves `db` (open; read-only unless writes are allowed) until SIGINT
 * or SIGTERM, then stops accepting, lets running requests finish (they
 * are interrupted after a grace period of `timeout`), and returns 0.
 * Returns non-zero, after saying why on stderr, when it cannot start.
 * The caller still owns `db` and closes it after.
 */
int kg_server_run(kg_db *db, const kg_server_opts *opts);

#endif
