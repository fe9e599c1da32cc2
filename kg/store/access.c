/* access.c: the store's door (access.h): kg's own store (native.c),
 * or a librdf model through the Redland plugin (plugin.h). */
#include "store/access.h"
#include "store/backend.h"
#include "store/native.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The clock, read only when the db is profiling (kg_db_set_profiling):
 * two clock reads a matched triple are a cost of their own. */
static double
clock_of(const kg_db *db)
{
	return db->profiling ? now() : 0;
}


struct kg_match {
	kg_db *db;
	kg_native_match *native; /* on kg's own store */
	void *redland;           /* on Redland's, the plugin's match */
};

static kg_status match_new(kg_db *db, const kg_term *s, const kg_term *p,
                           const kg_term *o, const kg_term *g, unsigned flags,
                           kg_match **out);

kg_status
kg_match_new(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o,
             const kg_term *g, unsigned flags, kg_match **out)
{
	*out = NULL;
	double t0 = clock_of(db);
	kg_status st = match_new(db, s, p, o, g, flags, out);
	db->profile.lookups++;
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

static kg_status
match_next(kg_match *m, const kg_term **q);

kg_status
kg_match_next(kg_match *m, const kg_term **q)
{
	double t0 = clock_of(m->db);
	kg_status st = match_next(m, q);
	if (st == KG_OK)
		m->db->profile.triples++;
	m->db->profile.storage_seconds += clock_of(m->db) - t0;
	return st;
}

static kg_status
match_new(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o,
          const kg_term *g, unsigned flags, kg_match **out)
{
	kg_match *m = calloc(1, sizeof *m);
	if (!m)
		return KG_ERR_NOMEM;
	m->db = db;
	if (db->store->qs) {
		kg_status st = kg_native_match_new(db, s, p, o, g, flags,
		                                   &m->native);
		if (st) {
			free(m);
			return st;
		}
		*out = m;
		return KG_OK;
	}
	kg_status st = db->store->rl_ops->match_new(db, s, p, o, g, flags,
	                                            &m->redland);
	if (st) {
		free(m);
		return st;
	}
	*out = m;
	return KG_OK;
}

static kg_status
match_next(kg_match *m, const kg_term **q)
{
	if (m->native)
		return kg_native_match_next(m->native, q);
	return m->db->store->rl_ops->match_next(m->redland, q);
}

void
kg_match_free(kg_match *m)
{
	if (!m)
		return;
	kg_native_match_free(m->native);
	if (m->redland)
		m->db->store->rl_ops->match_free(m->redland);
	free(m);
}

int
kg_store_is_open(const kg_db *db)
{
	return db->store && (db->store->qs || (db->store->redland &&
	                                       db->store->rl_ops->is_open(db)));
}

void
kg_store_refresh(kg_db *db)
{
	if (db->store && db->store->qs)
		kg_native_refresh(db);
}

int
kg_store_ids(const kg_db *db)
{
	return db->store && db->store->qs;
}

void
kg_store_pin(kg_db *db)
{
	if (kg_store_ids(db))
		kg_native_pin(db);
}

void
kg_store_unpin(kg_db *db)
{
	if (kg_store_ids(db))
		kg_native_unpin(db);
}

kg_status
kg_store_lookup(kg_db *db, const kg_term *t, kg_sid *out)
{
	double t0 = clock_of(db);
	kg_status st = kg_native_lookup(db, t, out);
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_store_term(kg_db *db, kg_sid id, kg_term *out, int *stable)
{
	double t0 = clock_of(db);
	kg_status st = kg_native_term(db, id, out, stable);
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_match_ids_new(kg_db *db, const kg_sid pat[4], unsigned flags,
                 kg_match **out)
{
	*out = NULL;
	double t0 = clock_of(db);
	kg_match *m = calloc(1, sizeof *m);
	if (!m)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	m->db = db;
	kg_status st = kg_native_match_ids(db, pat, flags, &m->native);
	if (st)
		free(m);
	else
		*out = m;
	db->profile.lookups++;
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_match_ids_next(kg_match *m, kg_sid q[4])
{
	double t0 = clock_of(m->db);
	kg_status st = kg_native_match_ids_next(m->native, q);
	if (st == KG_OK)
		m->db->profile.triples++;
	m->db->profile.storage_seconds += clock_of(m->db) - t0;
	return st;
}

kg_status
kg_match_count(kg_db *db, const kg_sid pat[4], unsigned flags, uint64_t *n)
{
	double t0 = clock_of(db);
	kg_status st = kg_native_count(db, pat, flags, n);
	db->profile.storage_seconds += clock_of(db) - t0;
	return st;
}

kg_status
kg_store_graphs(kg_db *db, kg_graph_fn fn, void *ctx)
{
	if (db->store->qs)
		return kg_native_graphs(db, fn, ctx);
	return db->store->rl_ops->graphs(db, fn, ctx);
}

int
kg_store_has_graph(kg_db *db, const kg_term *g)
{
	if (db->store->qs)
		return kg_native_has_graph(db, g);
	return db->store->rl_ops->has_graph(db, g);
}

/* Adds (add != 0) or removes quad q, unless the store already has or
 * lacks it. */
static kg_status
change(kg_db *db, const kg_term *const q[4], int add)
{
	if (db->store->qs)
		return kg_native_change(db, q, add);
	return db->store->rl_ops->change(db, q, add);
}

kg_status
kg_quad_change(kg_db *db, const kg_term *const q[4], int add)
{
	return change(db, q, add);
}
