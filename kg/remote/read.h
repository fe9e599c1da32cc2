/* read.h: an endpoint's answer documents into kg_results (private to
 * kg/remote/). */
#ifndef KG_REMOTE_READ_H
#define KG_REMOTE_READ_H

#include "results.h"

/*
 * Reads a SPARQL 1.1 Query Results JSON document (SELECT or ASK) into a
 * new table result set.  On failure returns KG_ERR_SYNTAX (or
 * KG_ERR_NOMEM) with the reason in `err` (`errsize` bytes).
 */
kg_status kg_remote_read_json(kg_db *db, const char *text, size_t len,
                              kg_results **out, char *err, size_t errsize);

/* Reads an N-Triples document into a new graph result set. */
kg_status kg_remote_read_ntriples(kg_db *db, const char *text, size_t len,
                                  kg_results **out, char *err,
                                  size_t errsize);

#endif
