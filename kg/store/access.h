/* access.h: the one door from the engine, update and the tools to the
 * store.
 *
 * Reading: a quad pattern is four terms, any of which may be NULL (a
 * wildcard).  The graph slot distinguishes "any graph" (NULL with
 * KG_MATCH_ANY_GRAPH), the default graph (NULL) and a named graph.
 * Matching streams.  The named graphs can be listed and tested.
 *
 * Writing: one quad at a time, within the caller's transaction
 * (store/txn.h); quads are a set, so adding one the store holds, or
 * removing one it lacks, changes nothing and says so.
 *
 * A faster storage speeds the engine up by improving these calls alone;
 * nothing above this header knows which storage it is.
 */
#ifndef KG_STORE_ACCESS_H
#define KG_STORE_ACCESS_H

#include "db.h"

#include <stdint.h>

/* Whether the store behind `db` is open (it may be closed when a
 * failed transaction could not reopen it). */
int kg_store_is_open(const kg_db *db);

/* Lets the next read see the last commit: called as each operation
 * starts (kg_db_begin). */
void kg_store_refresh(kg_db *db);

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

/* ---- reading by id ------------------------------------------------------
 *
 * A store that keys its terms by number (kg's own) lets an engine read
 * ids instead of terms: a bound term is looked up once, matches yield
 * ids, and a term's strings are read only for ids the engine has not
 * seen.  kg_store_ids() says whether the store can; the calls below
 * are for such a store only.
 */
typedef uint32_t kg_sid; /* a term's id in the store; 0: none */

int kg_store_ids(const kg_db *db);

/* Keeps the snapshot reads go through alive, and with it the strings of
 * the terms kg_store_term() hands out, until the matching unpin. */
void kg_store_pin(kg_db *db);
void kg_store_unpin(kg_db *db);

/* The store's id of `t` in *out, or KG_DONE when it holds no such term. */
kg_status kg_store_lookup(kg_db *db, const kg_term *t, kg_sid *out);

/* The term of `id` in *out.  Its strings stay valid until the unpin when
 * *stable is set; otherwise (read inside a write transaction) only until
 * the next change: copy them first. */
kg_status kg_store_term(kg_db *db, kg_sid id, kg_term *out, int *stable);

/* Matches the pattern of ids pat (0 in s, p, o: any; pat[3] 0: the
 * default graph, unless KG_MATCH_ANY_GRAPH); kg_match_ids_next gives
 * the ids of each quad (q[3] 0: the default graph). */
kg_status kg_match_ids_new(kg_db *db, const kg_sid pat[4], unsigned flags,
                           kg_match **out);
kg_status kg_match_ids_next(kg_match *m, kg_sid q[4]);

/* How many quads match the pattern of ids, exactly, from the indexes. */
kg_status kg_match_count(kg_db *db, const kg_sid pat[4], unsigned flags,
                         uint64_t *n);

/* Calls `fn` with each named graph that holds at least one quad (the
 * term is valid during the call); stops at the first status fn returns
 * other than KG_OK and returns it. */
typedef kg_status (*kg_graph_fn)(void *ctx, const kg_term *graph);
kg_status kg_store_graphs(kg_db *db, kg_graph_fn fn, void *ctx);

/* Whether named graph `g` holds at least one quad: 1, 0, or -1 when the
 * store cannot be read (the error is on db). */
int kg_store_has_graph(kg_db *db, const kg_term *g);

/* Adds quad q (q[3] NULL: the unnamed default graph) when `add`, else
 * removes it: KG_OK when the store changed, KG_DONE when it already held
 * (or lacked) the quad. */
kg_status kg_quad_change(kg_db *db, const kg_term *const q[4], int add);

#endif
