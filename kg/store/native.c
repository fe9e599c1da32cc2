/* native.c: the store's door (access.h) and transactions over kg's own
 * quad store on LMDB (lmdb/quadstore.h).  See native.h for which
 * transaction a call reads from. */
#include "store/native.h"
#include "store/backend.h"
#include "vocab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static kg_status
qs_error(kg_db *db, kg_status st)
{
	if (st == KG_DONE || st == KG_OK)
		return st;
	return kg_db_error(db, st, NULL, 0, 0, "%s",
	                   kg_qs_errmsg(db->store->qs));
}

int
kg_native_exists(const char *dir)
{
	size_t n = strlen(dir) + sizeof "/data.mdb";
	char *p = malloc(n);
	if (!p)
		return 0;
	snprintf(p, n, "%s/data.mdb", dir);
	int there = access(p, F_OK) == 0;
	free(p);
	return there;
}

kg_status
kg_native_open(kg_db *db, const char *dir, unsigned flags)
{
	unsigned qf = 0;
	if (flags & KG_OPEN_READONLY)
		qf |= KG_QS_READONLY;
	else if (flags & KG_OPEN_CREATE)
		qf |= KG_QS_CREATE;
	kg_qs *qs = NULL;
	kg_status st = kg_qs_open(dir, qf, &qs);
	db->store->qs = qs;
	if (qs)
		kg_qs_set_lock_timeout(qs, 5);
	if (st) {
		if (!qs)
			return KG_ERR_NOMEM;
		return kg_db_error(db, st, dir, 0, 0, "%s", kg_qs_errmsg(qs));
	}
	if (flags & KG_OPEN_NEW) {
		/* Empty it: every quad goes, in one transaction. */
		st = kg_native_begin(db);
		kg_qs_id pat[4] = {0, 0, 0, 0};
		kg_qs_iter *it = NULL;
		if (!st)
			st = qs_error(db, kg_qs_match(db->store->wtxn, pat,
			                              KG_QS_ANY_GRAPH, &it));
		kg_qs_id q[4];
		while (!st && kg_qs_iter_next(it, q) == KG_OK) {
			/* Removing under an open iterator is not allowed:
			 * restart after each removal. */
			kg_qs_iter_free(it);
			it = NULL;
			st = qs_error(db, kg_qs_remove(db->store->wtxn, q));
			if (st == KG_DONE)
				st = KG_OK;
			if (!st)
				st = qs_error(db, kg_qs_match(db->store->wtxn, pat,
				                              KG_QS_ANY_GRAPH,
				                              &it));
		}
		kg_qs_iter_free(it);
		st = st ? (kg_native_rollback(db), st) : kg_native_commit(db);
	}
	return st;
}

void
kg_native_close(kg_db *db)
{
	kg_store *s = db->store;
	if (s->wtxn)
		kg_qs_abort(s->wtxn);
	if (s->rtxn)
		kg_qs_abort(s->rtxn);
	s->wtxn = s->rtxn = NULL;
	/* A shared quad store closes with the last db of its family, which
	 * also takes back the scratch directory for kg_db_close to remove. */
	kg_store_share *sh = s->share;
	if (!sh || atomic_fetch_sub(&sh->refs, 1) == 1) {
		kg_qs_close(s->qs);
		if (sh) {
			s->scratch = sh->scratch;
			free(sh);
		}
	}
	s->share = NULL;
	s->qs = NULL;
}

void
kg_native_refresh(kg_db *db)
{
	kg_store *s = db->store;
	if (s->rtxn && !s->readers) {
		kg_qs_abort(s->rtxn);
		s->rtxn = NULL;
	}
}

/* The transaction reads go through: the writer's, else the snapshot. */
static kg_status
reader(kg_db *db, kg_qs_txn **out)
{
	kg_store *s = db->store;
	*out = NULL;
	if (s->wtxn) {
		*out = s->wtxn;
		return KG_OK;
	}
	if (!s->rtxn) {
		kg_status st = kg_qs_begin(s->qs, 0, &s->rtxn);
		if (st) {
			s->rtxn = NULL;
			return qs_error(db, st);
		}
	}
	*out = s->rtxn;
	return KG_OK;
}

void
kg_native_canonical(kg_term *t)
{
	if (t->kind != KG_TERM_LITERAL || !t->datatype)
		return;
	if (t->lang || !strcmp(t->datatype, KG_XSD "string"))
		t->datatype = NULL;
}

/* The id of `t` in *id; KG_DONE when the store does not know it. */
static kg_status
lookup(kg_db *db, kg_qs_txn *txn, const kg_term *t, kg_qs_id *id)
{
	kg_term c = *t;
	kg_native_canonical(&c);
	kg_status st = kg_qs_lookup(txn, &c, id);
	return st == KG_DONE ? st : qs_error(db, st);
}

struct kg_native_match {
	kg_db *db;
	kg_qs_txn *txn;
	kg_qs_iter *it;   /* NULL: matches nothing */
	int counted;      /* reads from the snapshot (db->store->readers) */
	const kg_term *given[4];
	kg_term terms[4];
};

/* A new match reading through the transaction reads go through (see
 * native.h), counted as a reader of the snapshot when it is that. */
static kg_status
match_alloc(kg_db *db, kg_native_match **out)
{
	*out = NULL;
	kg_native_match *m = calloc(1, sizeof *m);
	if (!m)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	m->db = db;
	kg_status st = reader(db, &m->txn);
	if (st) {
		free(m);
		return st;
	}
	if (m->txn == db->store->rtxn) {
		m->counted = 1;
		db->store->readers++;
	}
	*out = m;
	return KG_OK;
}

kg_status
kg_native_match_new(kg_db *db, const kg_term *s, const kg_term *p,
                    const kg_term *o, const kg_term *g, unsigned flags,
                    kg_native_match **out)
{
	kg_status st = match_alloc(db, out);
	if (st)
		return st;
	kg_native_match *m = *out;
	const kg_term *t[4] = {s, p, o, g};
	kg_qs_id pat[4] = {0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		if (!t[i])
			continue;
		st = lookup(db, m->txn, t[i], &pat[i]);
		if (st == KG_DONE)
			return KG_OK; /* an unknown term: nothing matches */
		if (st)
			goto fail;
		m->given[i] = t[i];
	}
	unsigned qf = !g && (flags & KG_MATCH_ANY_GRAPH) ? KG_QS_ANY_GRAPH : 0;
	st = qs_error(db, kg_qs_match(m->txn, pat, qf, &m->it));
	if (!st)
		return KG_OK;
fail:
	kg_native_match_free(m);
	*out = NULL;
	return st;
}

kg_status
kg_native_match_next(kg_native_match *m, const kg_term **q)
{
	if (!m->it)
		return KG_DONE;
	kg_qs_id id[4];
	kg_status st = kg_qs_iter_next(m->it, id);
	if (st)
		return st == KG_DONE ? st : qs_error(m->db, st);
	for (int i = 0; i < 4; i++) {
		if (m->given[i]) {
			q[i] = m->given[i];
			continue;
		}
		if (i == 3 && !id[3]) {
			q[3] = NULL;
			continue;
		}
		st = kg_qs_term(m->txn, id[i], &m->terms[i]);
		if (st)
			return kg_db_error(m->db, KG_ERR_STORE, NULL, 0, 0,
			                   "the store holds a quad with an unknown "
			                   "term id %lu (kg verify says more)",
			                   (unsigned long)id[i]);
		q[i] = &m->terms[i];
	}
	return KG_OK;
}

void
kg_native_match_free(kg_native_match *m)
{
	if (!m)
		return;
	kg_qs_iter_free(m->it);
	if (m->counted)
		m->db->store->readers--;
	free(m);
}

void
kg_native_pin(kg_db *db)
{
	kg_qs_txn *txn;
	/* A failed begin is reported by the first read. */
	if (!reader(db, &txn) && txn == db->store->rtxn)
		db->store->readers++;
	else
		db->store->pinned_writer++;
}

void
kg_native_unpin(kg_db *db)
{
	kg_store *s = db->store;
	if (s->pinned_writer)
		s->pinned_writer--;
	else if (s->readers)
		s->readers--;
}

kg_status
kg_native_lookup(kg_db *db, const kg_term *t, kg_qs_id *out)
{
	kg_qs_txn *txn;
	kg_status st = reader(db, &txn);
	return st ? st : lookup(db, txn, t, out);
}

kg_status
kg_native_term(kg_db *db, kg_qs_id id, kg_term *out, int *stable)
{
	kg_qs_txn *txn;
	kg_status st = reader(db, &txn);
	if (st)
		return st;
	*stable = txn == db->store->rtxn;
	st = kg_qs_term(txn, id, out);
	if (st == KG_DONE)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the store has no term %lu (kg verify says "
		                   "more)", (unsigned long)id);
	return qs_error(db, st);
}

kg_status
kg_native_match_ids(kg_db *db, const kg_qs_id pat[4], unsigned flags,
                    kg_native_match **out)
{
	kg_status st = match_alloc(db, out);
	if (st)
		return st;
	kg_native_match *m = *out;
	unsigned qf = flags & KG_MATCH_ANY_GRAPH ? KG_QS_ANY_GRAPH : 0;
	st = qs_error(db, kg_qs_match(m->txn, pat, qf, &m->it));
	if (st) {
		kg_native_match_free(m);
		*out = NULL;
	}
	return st;
}

kg_status
kg_native_match_ids_next(kg_native_match *m, kg_qs_id q[4])
{
	if (!m->it)
		return KG_DONE;
	kg_status st = kg_qs_iter_next(m->it, q);
	return st == KG_DONE ? st : qs_error(m->db, st);
}

kg_status
kg_native_count(kg_db *db, const kg_qs_id pat[4], unsigned flags,
                uint64_t *n)
{
	kg_qs_txn *txn;
	kg_status st = reader(db, &txn);
	if (st)
		return st;
	unsigned qf = flags & KG_MATCH_ANY_GRAPH ? KG_QS_ANY_GRAPH : 0;
	return qs_error(db, kg_qs_count(txn, pat, qf, n));
}

typedef struct {
	kg_db *db;
	kg_qs_txn *txn;
	kg_graph_fn fn;
	void *ctx;
	kg_status st;
} graphs_walk;

static int
each_graph(void *ctx, kg_qs_id g)
{
	graphs_walk *w = ctx;
	kg_term t;
	if (kg_qs_term(w->txn, g, &t)) {
		w->st = kg_db_error(w->db, KG_ERR_STORE, NULL, 0, 0,
		                    "a graph of the store has no term");
		return 1;
	}
	w->st = w->fn(w->ctx, &t);
	return w->st != KG_OK;
}

kg_status
kg_native_graphs(kg_db *db, kg_graph_fn fn, void *ctx)
{
	graphs_walk w = {db, NULL, fn, ctx, KG_OK};
	kg_status st = reader(db, &w.txn);
	if (st)
		return st;
	if (w.txn == db->store->rtxn)
		db->store->readers++;
	st = qs_error(db, kg_qs_graphs(w.txn, each_graph, &w));
	if (w.txn == db->store->rtxn)
		db->store->readers--;
	return st ? st : w.st;
}

int
kg_native_has_graph(kg_db *db, const kg_term *g)
{
	kg_qs_txn *txn = NULL;
	kg_qs_id id;
	kg_status st = reader(db, &txn);
	if (!st)
		st = lookup(db, txn, g, &id);
	if (st == KG_DONE)
		return 0;
	if (st)
		return -1;
	st = kg_qs_graph_exists(txn, id);
	if (st == KG_OK)
		return 1;
	return st == KG_DONE ? 0 : (qs_error(db, st), -1);
}

kg_status
kg_native_change(kg_db *db, const kg_term *const q[4], int add)
{
	kg_store *s = db->store;
	if (!s->wtxn)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "a change outside a transaction");
	kg_qs_id id[4] = {0, 0, 0, 0};
	kg_status st = KG_OK;
	for (int i = 0; i < 4 && !st; i++) {
		if (!q[i])
			continue;
		kg_term c = *q[i];
		kg_native_canonical(&c);
		st = add ? kg_qs_intern(s->wtxn, &c, &id[i])
		         : kg_qs_lookup(s->wtxn, &c, &id[i]);
	}
	if (!st)
		st = add ? kg_qs_add(s->wtxn, id) : kg_qs_remove(s->wtxn, id);
	if (st && st != KG_DONE)
		s->wfailed = 1;
	return qs_error(db, st);
}

kg_status
kg_native_begin(kg_db *db)
{
	kg_store *s = db->store;
	if (s->wtxn)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "a transaction is already open");
	if (db->flags & KG_OPEN_READONLY)
		return kg_db_error(db, KG_ERR_READONLY, NULL, 0, 0,
		                   "the store is open read-only");
	kg_native_refresh(db);
	kg_status st = kg_qs_begin(s->qs, 1, &s->wtxn);
	if (st) {
		s->wtxn = NULL;
		if (st == KG_ERR_LOCKED)
			return kg_db_error(db, st, NULL, 0, 0,
			                   "store %s: another kg process is "
			                   "writing it (%s); try again when it has "
			                   "finished, or wait longer with --wait",
			                   db->spec, kg_qs_errmsg(s->qs));
		return qs_error(db, st);
	}
	s->wfailed = 0;
	return KG_OK;
}

kg_status
kg_native_commit(kg_db *db)
{
	kg_store *s = db->store;
	if (!s->wtxn)
		return KG_OK;
	if (s->wfailed) {
		kg_native_rollback(db);
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the transaction failed part way and was "
		                   "rolled back");
	}
	kg_qs_txn *t = s->wtxn;
	s->wtxn = NULL;
	return qs_error(db, kg_qs_commit(t));
}

void
kg_native_rollback(kg_db *db)
{
	kg_store *s = db->store;
	kg_qs_abort(s->wtxn);
	s->wtxn = NULL;
	s->wfailed = 0;
}

void
kg_native_fail(kg_db *db)
{
	db->store->wfailed = 1;
}

int
kg_native_writing(const kg_db *db)
{
	return db->store->wtxn != NULL;
}

kg_qs_txn *
kg_native_txn(kg_db *db)
{
	return db->store->wtxn;
}

long
kg_native_size(kg_db *db)
{
	kg_qs_txn *txn = NULL;
	kg_qs_stats stats;
	if (reader(db, &txn) || kg_qs_stat(txn, &stats))
		return -1;
	return (long)stats.quads;
}

kg_status
kg_native_stats(kg_db *db, kg_qs_stats *out)
{
	kg_qs_txn *txn = NULL;
	kg_status st = reader(db, &txn);
	if (st)
		return st;
	return qs_error(db, kg_qs_stat(txn, out));
}
