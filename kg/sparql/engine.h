/* engine.h: kg's SPARQL engine as the library calls it.
 *
 * kg_db_query() (query.c) prepends the declared prefixes and hands the
 * text here; errors go on the db (kg_db_error), with line numbers in the
 * text received, which query.c shifts back to the user's text.
 */
#ifndef KG_SPARQL_ENGINE_H
#define KG_SPARQL_ENGINE_H

#include "kg.h"

/* Parses, translates and evaluates the query `text` on `db`; *out is a
 * result set the caller frees with kg_results_free(). */
kg_status kg_engine_query(kg_db *db, const char *text,
                          const kg_query_options *opts, kg_results **out);

#endif
