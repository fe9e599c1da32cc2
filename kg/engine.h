/* engine.h: the one interface behind which a SPARQL engine sits.
 *
 * kg_db_query() prepends the declared prefixes and hands the text to the
 * engine; the engine reports errors on the db (kg_db_error) and returns a
 * kg_results built with results.h.  Line numbers in errors refer to the
 * text the engine received; query.c shifts them back to the user's text.
 */
#ifndef KG_ENGINE_H
#define KG_ENGINE_H

#include "results.h"

typedef struct kg_engine {
	const char *name;
	kg_status (*query)(kg_db *db, const char *text,
	                   const kg_query_options *opts, kg_results **out);
	kg_status (*check)(kg_db *db, const char *text, const char *base);
} kg_engine;

/* kg's own engine (engine_kg.c, sparql/). */
extern const kg_engine kg_engine_kg;

/* librdf's query engine, rasqal 0.9.33, kept for comparison
 * (KG_ENGINE=rasqal). */
extern const kg_engine kg_engine_rasqal;

#endif
