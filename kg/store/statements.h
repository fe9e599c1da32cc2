/* statements.h: where a statement is in a Redland store, and adding or
 * removing one in one graph, with Redland's quirks handled once for
 * loading (load.c) and SPARQL Update (update.c). */
#ifndef KG_STATEMENTS_H
#define KG_STATEMENTS_H

#include "store/rl.h"

/* Where a statement is: in the unnamed default graph, and in which
 * named graphs. */
typedef struct {
	int in_default;
	librdf_node **named; /* copies, freed by kg_holders_free() */
	size_t n_named;
} kg_holders;

/* Finds the graphs that hold `s`; free *h with kg_holders_free(). */
kg_status kg_holders_find(kg_db *db, librdf_statement *s, kg_holders *h);
/* Whether graph ctx (NULL: the default graph) holds it. */
int kg_holders_has(const kg_holders *h, librdf_node *ctx);
void kg_holders_free(kg_holders *h);

/* Adds `s` to graph `ctx` (NULL: the unnamed default graph), or removes
 * it from there; `h` says where the store holds it now. */
kg_status kg_statement_add(kg_db *db, librdf_statement *s, librdf_node *ctx,
                           const kg_holders *h);
kg_status kg_statement_remove(kg_db *db, librdf_statement *s,
                              librdf_node *ctx, const kg_holders *h);

#endif
