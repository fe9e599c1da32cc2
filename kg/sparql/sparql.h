/* sparql.h: kg's SPARQL 1.1 parser, the entry points.
 *
 * The parser reads a query or an update request and builds the tree of
 * ast.h.  Syntax errors, and the static errors the specification
 * requires (variable scope, grouping, blank node label scope, variables
 * and blank nodes where Update forbids them) are reported on the db with
 * kg_db_error(KG_ERR_SYNTAX), the line and column 1-based in `text`.
 */
#ifndef KG_SPARQL_H
#define KG_SPARQL_H

#include "kg.h"
#include "buf.h"
#include "sparql/ast.h"

/* Parses the query `text`; relative IRIs resolve against `base` (may be
 * NULL) until the text sets its own BASE.  On success *out is a tree the
 * caller frees with kg_sparql_free(); on failure *out is NULL and the
 * error is on `db`. */
kg_status kg_sparql_parse(kg_db *db, const char *text, const char *base,
                          kg_sparql_query **out);

/* The same for an update request (several operations separated by ';').
 * Free *out with kg_sparql_update_free(). */
kg_status kg_sparql_parse_update(kg_db *db, const char *text,
                                 const char *base, kg_sparql_update **out);

/* Frees a tree from kg_sparql_parse(); NULL is a no-op. */
void kg_sparql_free(kg_sparql_query *q);

/* Frees a tree from kg_sparql_parse_update(); NULL is a no-op. */
void kg_sparql_update_free(kg_sparql_update *u);

/* Appends an S-expression for the tree to `out`, one line, e.g.
 * (select (?s) (bgp (?s <http://ex/p> "x"))).  Returns 0, or -1 when
 * memory runs out. */
int kg_sparql_print(const kg_sparql_query *q, kg_buf *out);
int kg_sparql_update_print(const kg_sparql_update *u, kg_buf *out);

/* Resolves the IRI reference `ref` against `base` (RFC 3986 section 5.2)
 * into `out` (reset first).  A NULL base, or an absolute `ref`, copies
 * `ref` with its dot segments removed.  Returns 0, or -1 on no memory. */
int kg_sparql_iri_resolve(const char *base, const char *ref, kg_buf *out);

/* Whether `iri` is well formed where the SPARQL grammar's IRIREF rule
 * cannot tell (the authority: a port must be digits).  Returns NULL, or
 * a static phrase saying what is wrong ("its port is not digits"). */
const char *kg_sparql_iri_check(const char *iri);

#endif
