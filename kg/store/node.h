/* node.h: kg's terms to Redland's nodes and back, shared by kg's Redland
 * glue (kg/store/) and the Redland storage module (redland_module.c). */
#ifndef KG_STORE_NODE_H
#define KG_STORE_NODE_H

#include "kg.h"

#include <redland.h>

/* A new Redland node for `t` (caller frees), or NULL. */
librdf_node *kg_node_new(librdf_world *world, const kg_term *t);

/* Fills `t` with a term that borrows the strings of node `n`; -1 for a
 * node that is no IRI, blank node or literal. */
int kg_term_from_node(librdf_node *n, kg_term *t);

#endif
