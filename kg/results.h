/* results.h: the body of kg_results, which every engine produces.
 *
 * An engine fills a kg_results through these calls and supplies `next`
 * (fill the row, or say KG_DONE) and `free` for its own state.  Renderers
 * read results only through the public kg_results_* calls.
 */
#ifndef KG_RESULTS_H
#define KG_RESULTS_H

#include "db.h"

typedef struct kg_results_ops {
	kg_status (*next)(kg_results *r);
	void (*free)(kg_results *r);
} kg_results_ops;

struct kg_results {
	const kg_results_ops *ops;
	kg_db *db;
	kg_results_kind kind;
	int boolean;
	size_t width;   /* columns a caller sees */
	size_t slots;   /* width, plus one for the graph of graph rows */
	char **names;
	kg_term *row;
	unsigned char *bound;
	kg_buf *text;   /* per-slot storage of the slot's strings */
	void *impl;
	uint64_t limit; /* kg_results_limit: rows handed out at most; 0 all */
	uint64_t taken; /* rows handed out so far */
	int truncated;  /* a row beyond the limit was there */
};

/* A result set of `kind` with `width` columns, all unbound; graph
 * results get names subject, predicate, object and a hidden graph slot
 * (index 3).  Returns NULL when memory runs out. */
kg_results *kg_results_new(kg_db *db, kg_results_kind kind, size_t width,
                           const kg_results_ops *ops, void *impl);

/* Copies `name` as the name of column i. */
kg_status kg_results_set_name(kg_results *r, size_t i, const char *name);

/* Copies `t` (NULL: unbound) into slot i of the current row. */
kg_status kg_results_set(kg_results *r, size_t i, const kg_term *t);

/* The graph of the current graph-result row, or NULL. */
const kg_term *kg_results_graph(const kg_results *r);

/* A result set held in memory: add rows, then iterate them. */
kg_results *kg_table_new(kg_db *db, kg_results_kind kind, size_t width);
/* Copies the `width` terms of `row` (NULL entries: unbound). */
kg_status kg_table_add(kg_results *r, const kg_term *const *row);

#endif
