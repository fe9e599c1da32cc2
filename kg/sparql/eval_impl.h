/* eval_impl.h: what the evaluator's own files (eval*.c) share beyond
 * eval.h: the private state of an evaluation and small helpers. */
#ifndef KG_SPARQL_EVAL_IMPL_H
#define KG_SPARQL_EVAL_IMPL_H

#include "sparql/eval.h"
#include "sparql/idset.h"
#include "store/access.h"
#include "buf.h"
#include "results.h"

typedef struct {
	kg_term t;           /* strings in the arena, or the store's (pinned) */
	kg_sparql_value *v;  /* parsed on first use */
	uint64_t hash;
	kg_sid sid;          /* the store's id, when sid_known; 0: none */
	unsigned char sid_known;
	unsigned char untabled; /* found by its store id only, not by hash */
} ev_term;

/* The store's id -> ours, side by side so that a probe reads one line. */
typedef struct {
	kg_sid sid;
	kg_id id;
} ev_sid_slot;

typedef struct ev_memo ev_memo;

typedef struct {
	kg_eval *ev;
	kg_sparql_arena *arena;
	/* variables: open addressing over slots, -1 empty */
	int *var_tab;
	size_t var_cap, vars_cap;
	/* dictionary: ids 1..n_terms in chunks (eval.c); tab holds ids, 0
	 * empty */
	ev_term **chunks;
	size_t n_chunks, chunks_cap, n_terms;
	kg_id *tab;
	size_t tab_cap, n_tabled; /* n_tabled: the entries in tab */
	/* reading ids (kg_store_ids): the store's id -> ours, open
	 * addressing, 0 empty */
	int ids;
	ev_sid_slot *sid_tab;
	size_t sid_cap, n_sids;
	/* dataset */
	kg_eval_dataset ds;
	kg_id *from, *named;
	kg_id *all_graphs;
	size_t n_all_graphs, all_graphs_cap;
	int named_ready, union_dedup;
	/* functions */
	char blank_prefix[64];
	unsigned long blank_counter;
	/* operators evaluated once and probed (eval_join.c) */
	ev_memo *memos;
	void *infos; /* what eval_scope.c knows of each operator's variables */
	/* while an EXISTS pattern is evaluated: the row whose values are
	 * substituted into it (17.4.1.4), else NULL */
	const kg_id *subst;
	/* slots bound by BIND or a SELECT expression (Extend): BNODE(str)
	 * hashes the rest of a row to tell solutions apart */
	unsigned char *extended;
	/* constants of the query text by address: key[i] -> val[i] */
	const void **const_keys;
	kg_id *const_vals;
	size_t const_cap, n_consts;
} ev_impl;

uint64_t kg_hash_bytes(uint64_t h, const void *p, size_t n);
uint64_t kg_hash_mix(uint64_t h);

/* The hash of the values of `row` at the slots `vars`. */
uint64_t kg_row_hash(const kg_id *row, const int *vars, size_t n);

/* The id of a constant of the query text, interned once per term
 * (cached by its address); 0 when memory runs out. */
kg_id kg_eval_const(kg_eval *ev, const kg_sparql_term *t);

/* Whether GRAPH may see graph g. */
int kg_eval_graph_visible(kg_eval *ev, kg_id g);

/* The filter test of e on row: 1 when its effective boolean value is
 * true, 0 when false or an error, -1 when evaluation failed (the status
 * is on the db). */
int kg_eval_test(kg_eval *ev, const kg_alg_expr *e, const kg_id *row,
                 kg_id graph);

/* ---- shared by the operator files --------------------------------------- */

static inline kg_status
kg_eval_nomem(kg_eval *ev)
{
	return kg_db_error(ev->db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* The status of a call that failed: the one on the db, else no memory. */
static inline kg_status
kg_eval_err(kg_eval *ev)
{
	return ev->db->err_status ? ev->db->err_status : KG_ERR_NOMEM;
}

/* Sets of slots as bit sets of ev->width / 64 + 1 words; set ignores a
 * negative slot (a constant). */
static inline void
kg_bits_set(uint64_t *b, int slot)
{
	if (slot >= 0)
		b[slot / 64] |= 1ULL << (slot % 64);
}

static inline int
kg_bits_has(const uint64_t *b, int slot)
{
	return (b[slot / 64] >> (slot % 64)) & 1;
}

/* A growing array of rows of w slots. */
typedef struct {
	kg_id *data;
	size_t n, cap, w;
} kg_rowvec;

/* eval_op.c: appends a copy of row; returns the copy, or NULL when
 * memory runs out. */
kg_id *kg_rowvec_push(kg_rowvec *v, const kg_id *row);

/* eval_op.c: reads every row of `it` (taken over, may be NULL after a
 * failure) into v. */
kg_status kg_eval_drain(kg_eval *ev, kg_iter *it, kg_rowvec *v);

/* eval_op.c: `op` evaluated natively with `in` (NULL when it is not
 * native), without the scope check of kg_eval_op(). */
kg_iter *kg_eval_op_plain(kg_eval *ev, const kg_alg *op, const kg_id *in,
                          kg_id graph);

/* eval.c: on a store that reads by id, an upper estimate of how many
 * triples match the pattern t (0: a variable), from the store's counts;
 * -1 when the store cannot tell. */
long kg_eval_estimate(kg_eval *ev, const kg_id t[3]);

/* eval_scope.c: the slot of a pattern term (a variable or a blank node),
 * or -1 for a constant. */
int kg_eval_term_slot(kg_eval *ev, const kg_sparql_term *t);

/* eval_scope.c: adds to b (`words` long) the variables e mentions, those
 * its EXISTS patterns may bind included. */
void kg_eval_expr_vars(kg_eval *ev, const kg_alg_expr *e, uint64_t *b,
                       size_t words);

/* eval_scope.c: whether `op` may take `in` into its own evaluation. */
int kg_eval_native(kg_eval *ev, const kg_alg *op, const kg_id *in);

/* eval_scope.c: whether `in` binds a variable `op` binds (1 also when
 * memory runs out: then the caller's safe way is taken). */
int kg_eval_shares_vars(kg_eval *ev, const kg_alg *op, const kg_id *in);

/* eval_scope.c: the variables `op` always binds (a bit set, borrowed;
 * lives until kg_eval_scope_free), or NULL when memory runs out. */
const uint64_t *kg_eval_certain(kg_eval *ev, const kg_alg *op);

/* eval_scope.c: the variables `op` may bind (borrowed, as above). */
const uint64_t *kg_eval_maybe(kg_eval *ev, const kg_alg *op);

/* eval_service.c: the SERVICE `svc` joined with the rows of `src` (taken
 * over), a batch of them per request; with `left`, an OPTIONAL (rows
 * nothing matched stay, `expr` its condition or NULL). */
kg_iter *kg_eval_service(kg_eval *ev, const kg_alg *svc, kg_iter *src,
                         kg_id graph, const kg_alg_expr *expr, int left);

/* eval_scope.c: frees what it computed of operators' variables. */
void kg_eval_scope_free(kg_eval *ev);

/* eval_bgp.c: a BGP (with the FILTER `filter` over it, or NULL) merged
 * with `in`. */
kg_iter *kg_eval_bgp(kg_eval *ev, const kg_alg *op, const kg_alg_expr *filter,
                     const kg_id *in, kg_id graph);

/* eval_join.c: `op` evaluated once on its own (kept until
 * kg_eval_memo_free), its rows compatible with `in` merged with it. */
kg_iter *kg_eval_probe(kg_eval *ev, const kg_alg *op, const kg_id *in,
                       kg_id graph);

/* eval_join.c: the rows of `op` evaluated once on its own in `graph`
 * (borrowed, kept until kg_eval_memo_free), or NULL on an error. */
const kg_rowvec *kg_eval_memo_rows(kg_eval *ev, const kg_alg *op,
                                   kg_id graph);

/* eval_join.c: frees what it kept of operators evaluated once. */
void kg_eval_memo_free(kg_eval *ev);

#endif
