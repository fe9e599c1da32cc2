/* remote.h: the door to kg/remote/, kg as a client of SPARQL 1.1
 * Protocol endpoints.  A db opened on an http(s) URL sends each query
 * and update whole to the endpoint (kg --endpoint); the engine's
 * SERVICE sends a group's text with its bindings.  Answers come back
 * as ordinary kg_results, so every renderer works unchanged. */
#ifndef KG_REMOTE_REMOTE_H
#define KG_REMOTE_REMOTE_H

#include "db.h"

/* Whether `spec` names an endpoint (http:// or https://). */
int kg_remote_spec(const char *spec);

/*
 * Sends the query `text` (prefixes and all) to `url` and reads its
 * answer into a new table result set in `*out` (the caller frees it).
 * Errors are recorded on db: "URL: HTTP 500 Internal Server Error:
 * <the server's first line>", an unreachable host, a timeout, a result
 * document kg cannot read; KG_ERR_INTERRUPTED after kg_db_interrupt().
 */
kg_status kg_remote_query(kg_db *db, const char *url, const char *text,
                          kg_results **out);

/* Sends the update request `text` to `url`. */
kg_status kg_remote_update(kg_db *db, const char *url, const char *text);

#endif
