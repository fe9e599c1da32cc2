/* idset.h: sets of term ids and of triples of ids, for whoever must
 * give each term or triple once (property paths, DESCRIBE, CONSTRUCT,
 * the merged default graph).  Implemented in eval.c beside the hashing
 * the evaluator uses. */
#ifndef KG_SPARQL_IDSET_H
#define KG_SPARQL_IDSET_H

#include <stddef.h>

#include "sparql/eval.h"

/* A set of ids (open addressing; 0, no term's id, marks a free slot).
 * Starts zeroed ({0}); the caller owns it and frees it with
 * kg_id_set_free(). */
typedef struct {
	kg_id *slots;
	size_t n, cap;
} kg_id_set;

int kg_id_set_has(const kg_id_set *s, kg_id id);
/* Adds id: 1 if it was new, 0 if present, -1 when memory runs out. */
int kg_id_set_add(kg_id_set *s, kg_id id);
/* Frees the slots and zeroes the set; the set itself is the caller's. */
void kg_id_set_free(kg_id_set *s);

/* A set of triples of ids (no id 0), starting zeroed. */
typedef struct {
	kg_id (*slots)[3];
	size_t n, cap;
} kg_triple_set;

/* Adds t; 1 if it was new, 0 if present, -1 when memory runs out.  Free
 * with free(ts->slots). */
int kg_triple_set_add(kg_triple_set *ts, const kg_id t[3]);

#endif
