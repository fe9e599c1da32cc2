/* access.h: how a query engine reads the store.
 *
 * A quad pattern is four terms, any of which may be NULL (a wildcard).
 * The graph slot distinguishes "any graph" (NULL with KG_MATCH_ANY_GRAPH),
 * the default graph (NULL) and a named graph.  Matching streams; the
 * estimate lets a planner order joins.  A faster storage module speeds
 * engines up by improving these two calls alone.
 */
#ifndef KG_ACCESS_H
#define KG_ACCESS_H

#include "db.h"

typedef struct kg_match kg_match;

enum {
	KG_MATCH_ANY_GRAPH = 1u << 0 /* g == NULL matches every graph */
};

/* Starts matching; `*out` is freed with kg_match_free(). */
kg_status kg_match_new(kg_db *db, const kg_term *s, const kg_term *p,
                       const kg_term *o, const kg_term *g, unsigned flags,
                       kg_match **out);

/* The next matching quad in q[0..3] (q[3] NULL for the default graph):
 * KG_OK, or KG_DONE at the end.  Terms are valid until the next call. */
kg_status kg_match_next(kg_match *m, const kg_term **q);

void kg_match_free(kg_match *m);

/* An upper estimate of how many quads match, or -1 if unknown. */
long kg_match_estimate(kg_db *db, const kg_term *s, const kg_term *p,
                       const kg_term *o, const kg_term *g, unsigned flags);

/* A new Redland node for `t` (caller frees), or NULL. */
librdf_node *kg_node_from_term(kg_db *db, const kg_term *t);

#endif
