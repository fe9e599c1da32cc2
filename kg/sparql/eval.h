/* eval.h: kg's evaluator of the SPARQL algebra (algebra.h) over the store
 * (access.h).
 *
 * Terms are interned in a per-evaluation dictionary and handled as small
 * integers (kg_id, 0 = unbound), so joins, DISTINCT and grouping compare
 * and hash integers.  A solution is a row of kg_id, one slot per variable
 * of the request (kg_eval.width), 0 where the variable is unbound.
 *
 * Operators are iterators (kg_iter).  kg_eval_op(ev, op, in, graph)
 * returns the solutions of `op` merged with the row `in`: exactly the
 * rows merge(in, mu) for every solution mu of op compatible with in.
 * When the operator allows, `in` is substituted into the patterns (an
 * index lookup per input row); when it does not (a FILTER whose
 * variables `in` would capture, a sub-SELECT, ...), the operator is
 * evaluated once on its own, kept, and probed with `in`.  A join is
 * therefore `for each row r of A: eval(B, r)`.
 *
 * The active graph `graph` is 0 for the dataset's default graph, or the
 * kg_id of a named graph.
 *
 * Errors: an iterator's next() returns KG_OK (row filled), KG_DONE, or an
 * error status recorded on the db (kg_db_error), such as KG_ERR_NOMEM or
 * KG_ERR_INTERRUPTED.  Expression errors are values (value.h), not
 * statuses.
 */
#ifndef KG_SPARQL_EVAL_H
#define KG_SPARQL_EVAL_H

#include <stdint.h>

#include "db.h"
#include "sparql/algebra.h"
#include "sparql/value.h"

typedef uint32_t kg_id;

typedef struct kg_eval kg_eval;
typedef struct kg_iter kg_iter;

/* ---- the dataset --------------------------------------------------------- */

typedef enum {
	KG_EVAL_DEFAULT_UNION = 0, /* every graph of the store, merged */
	KG_EVAL_DEFAULT_ONLY,      /* the store's unnamed default graph */
	KG_EVAL_DEFAULT_FROM       /* the merge of the graphs `from` */
} kg_eval_default;

typedef struct {
	kg_eval_default deflt;
	const char **from; /* DEFAULT_FROM: graph IRIs */
	size_t n_from;
	int named_strict;   /* GRAPH sees only `named`, else every named graph */
	const char **named;
	size_t n_named;
} kg_eval_dataset;

/* The dataset of FROM and FROM NAMED (or USING and USING NAMED): the
 * default graph is the merge of `from`, GRAPH sees only `named`.  The
 * lists are borrowed. */
void kg_eval_dataset_of(kg_eval_dataset *ds, const char **from, size_t n_from,
                        const char **named, size_t n_named);

/* ---- an evaluation -------------------------------------------------------- */

struct kg_eval {
	kg_db *db;
	size_t width;       /* slots of a row: the variables */
	const char **vars;  /* their names (borrowed from the algebra) */
	kg_sparql_fn_ctx fn;
	int allow_service;  /* SERVICE may send requests (else it fails) */
	void *impl;         /* eval.c's private state */
};

/* Prepares an evaluation of `root` (the algebra of a query or of one
 * update operation's WHERE) on `ds` (copied; may be NULL: the union
 * default graph and every named graph).  `extra_vars` (may be NULL)
 * names variables that need slots though `root` does not mention them,
 * e.g. those of a CONSTRUCT template.  `base` is the base IRI for IRI().
 * Returns KG_OK or KG_ERR_NOMEM. */
kg_status kg_eval_new(kg_db *db, const kg_alg *root, const kg_eval_dataset *ds,
                      const char *const *extra_vars, size_t n_extra,
                      const char *base, kg_eval **out);
void kg_eval_free(kg_eval *ev);

/* The slot of variable `name` (no '?'), or -1. */
int kg_eval_var(const kg_eval *ev, const char *name);

/* The name under which a pattern's blank node `label` is a variable
 * (borrowed; lives as long as ev), or NULL when memory runs out. */
const char *kg_eval_blank_var(kg_eval *ev, const char *label);

/* ---- the dictionary ------------------------------------------------------- */

/* The id of a term, interning it; 0 when memory runs out (then the error
 * is on the db). */
kg_id kg_eval_intern(kg_eval *ev, const kg_term *t);
/* The same for a constant of the query text (IRI, literal or blank node);
 * a variable or NONE gives 0. */
kg_id kg_eval_intern_sparql(kg_eval *ev, const kg_sparql_term *t);
/* The same for a computed value; an error value gives 0. */
kg_id kg_eval_intern_value(kg_eval *ev, const kg_sparql_value *v);

/* The term of an id (borrowed; lives as long as ev). */
const kg_term *kg_eval_term(kg_eval *ev, kg_id id);
/* Its value (borrowed, parsed once; lives as long as ev), or NULL when
 * memory runs out. */
const kg_sparql_value *kg_eval_value(kg_eval *ev, kg_id id);

/* A fresh blank node, distinct from every other in the store and in
 * this evaluation. */
kg_id kg_eval_fresh_blank(kg_eval *ev);

/* ---- reading the store ---------------------------------------------------- */

typedef struct kg_eval_match kg_eval_match;

/* Matches the quad pattern (s, p, o) (0: any) in the active graph
 * `graph` (0: the default graph of the dataset).  Each quad of the
 * default graph comes once, even when several of its graphs hold it. */
kg_status kg_eval_match_new(kg_eval *ev, kg_id s, kg_id p, kg_id o,
                            kg_id graph, kg_eval_match **out);
/* The next match in t[0..2]: KG_OK, KG_DONE, or an error. */
kg_status kg_eval_match_next(kg_eval_match *m, kg_id t[3]);
void kg_eval_match_free(kg_eval_match *m);

/* The named graphs GRAPH ?g ranges over, as ids (borrowed array). */
kg_status kg_eval_named_graphs(kg_eval *ev, const kg_id **ids, size_t *n);

/* Every term that occurs as subject or object in the active graph,
 * once (for zero-length paths with both ends unbound). */
kg_status kg_eval_nodes(kg_eval *ev, kg_id graph, kg_id **ids, size_t *n);

/* ---- iterators ------------------------------------------------------------ */

struct kg_iter {
	kg_status (*next)(kg_iter *it, kg_id *row); /* row: width slots */
	void (*free)(kg_iter *it);
};

/* Evaluates `op` merged with `in` (NULL: no bindings) in `graph`.  NULL
 * when memory runs out or on an error, which is on the db. */
kg_iter *kg_eval_op(kg_eval *ev, const kg_alg *op, const kg_id *in,
                    kg_id graph);
void kg_iter_free(kg_iter *it);

/* An iterator over rows held in memory (copied), used by operators that
 * must read all their input first. */
kg_iter *kg_iter_rows(kg_eval *ev, const kg_id *rows, size_t n_rows);

/* ---- expressions ---------------------------------------------------------- */

/* Evaluates `e` on `row` in `graph` (for EXISTS).  Returns a new value
 * (error values for expression errors and unbound variables), or NULL
 * when memory runs out or the db is interrupted (status on the db). */
kg_sparql_value *kg_eval_expr(kg_eval *ev, const kg_alg_expr *e,
                              const kg_id *row, kg_id graph);

/* ---- operators in their own files ----------------------------------------- */

/* eval_path.c: Path(s, path, o) (op->kind == KG_ALG_PATH) merged with
 * `in`, with the zero-length and cycle rules of SPARQL 1.1 section 9. */
kg_iter *kg_eval_path(kg_eval *ev, const kg_alg *op, const kg_id *in,
                      kg_id graph);

/* eval_group.c: AggregateJoin over Group (op->kind ==
 * KG_ALG_AGGREGATE_JOIN, op->a the Group): reads every row of `input`
 * (taken over), and yields one row per group binding the GROUP BY
 * variables (those of `(expr AS ?v)` included) and the ".aggN"
 * variables.  No GROUP BY: one group, even over no rows. */
kg_iter *kg_eval_group(kg_eval *ev, const kg_alg *op, kg_iter *input,
                       kg_id graph);

#endif
