/* bulk.c: loading many quads of terms in one write transaction: a bounded
 * in-memory term cache, ids appended in order, and quads written in
 * sorted batches so that each index is filled front to back. */
#include "qs_impl.h"

#include <stdlib.h>
#include <string.h>

/* A quad in the order of one index, as two numbers: sorting these sorts
 * the index's entries. */
typedef struct {
	uint64_t hi, lo;
} qkey;

typedef struct {
	uint64_t hash;
	uint64_t off; /* in the arena */
	uint32_t len;
	kg_qs_id id;  /* 0: empty slot */
} centry;

typedef struct {
	uint64_t hash;
	kg_qs_id id;
} pending;

struct kg_qs_bulk {
	kg_qs_txn *txn;
	kg_qs *qs;
	MDB_cursor *id2term;
	/* term cache: open addressing, at most half full */
	centry *tab;
	size_t cap, used;
	unsigned char *arena;
	size_t alen, acap;
	size_t cache_bytes;
	int lookup_store; /* a term missing from the cache may be stored */
	/* new term -> id pairs not yet in term2id */
	pending *pend;
	size_t npend, cpend;
	/* the batch of quads */
	kg_qs_id (*quads)[4];
	qkey *keys;
	size_t nq, batch;
	uint64_t added;
	unsigned char *scratch;
	size_t scap;
	kg_status failed;
};

static int
qkey_less(const qkey *a, const qkey *b)
{
	return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

/* Quicksort (median of three) down to short runs, then insertion sort. */
static void
qkey_sort(qkey *a, size_t n)
{
	while (n > 16) {
		size_t m = n / 2;
		if (qkey_less(&a[m], &a[0])) {
			qkey t = a[m]; a[m] = a[0]; a[0] = t;
		}
		if (qkey_less(&a[n - 1], &a[m])) {
			qkey t = a[n - 1]; a[n - 1] = a[m]; a[m] = t;
			if (qkey_less(&a[m], &a[0])) {
				t = a[m]; a[m] = a[0]; a[0] = t;
			}
		}
		qkey pivot = a[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (qkey_less(&a[i], &pivot))
				i++;
			while (qkey_less(&pivot, &a[j]))
				j--;
			if (i >= j)
				break;
			qkey t = a[i]; a[i] = a[j]; a[j] = t;
			i++;
			j--;
		}
		/* Recurse into the smaller side, loop on the larger. */
		size_t left = j + 1;
		if (left < n - left) {
			qkey_sort(a, left);
			a += left;
			n -= left;
		} else {
			qkey_sort(a + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		qkey t = a[i];
		size_t j = i;
		while (j > 0 && qkey_less(&t, &a[j - 1])) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = t;
	}
}

static kg_status
bulk_fail(kg_qs_bulk *b, kg_status st)
{
	if (!b->failed)
		b->failed = st;
	return st;
}

static kg_status
bulk_mdb_fail(kg_qs_bulk *b, int rc, const char *what)
{
	return bulk_fail(b, qs_mdb_fail(b->qs, rc, what));
}

static int
pending_cmp(const void *x, const void *y)
{
	const pending *a = x, *b = y;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Writes the new term -> id pairs into term2id, in key order. */
static kg_status
flush_pending(kg_qs_bulk *b)
{
	if (!b->npend)
		return KG_OK;
	qsort(b->pend, b->npend, sizeof *b->pend, pending_cmp);
	MDB_cursor *c;
	int rc = mdb_cursor_open(b->txn->txn, b->qs->term2id, &c);
	if (rc)
		return bulk_mdb_fail(b, rc, "term2id");
	MDB_stat ms;
	int append = mdb_stat(b->txn->txn, b->qs->term2id, &ms) == 0 &&
	    ms.ms_entries == 0;
	for (size_t i = 0; i < b->npend && !rc; i++) {
		MDB_val k = {sizeof b->pend[i].hash, &b->pend[i].hash};
		MDB_val v = {sizeof b->pend[i].id, &b->pend[i].id};
		unsigned f = 0;
		if (append)
			f = i && b->pend[i].hash == b->pend[i - 1].hash
			    ? MDB_APPENDDUP : MDB_APPEND;
		rc = mdb_cursor_put(c, &k, &v, f);
	}
	mdb_cursor_close(c);
	b->npend = 0;
	return rc ? bulk_mdb_fail(b, rc, "term2id") : KG_OK;
}

static void
cache_clear(kg_qs_bulk *b)
{
	free(b->tab);
	b->tab = NULL;
	b->cap = b->used = 0;
	b->alen = 0;
}

static kg_status
cache_grow(kg_qs_bulk *b)
{
	size_t ncap = b->cap ? b->cap * 2 : 1 << 14;
	centry *nt = calloc(ncap, sizeof *nt);
	if (!nt)
		return bulk_fail(b, qs_fail(b->qs, KG_ERR_NOMEM, "out of memory"));
	for (size_t i = 0; i < b->cap; i++) {
		if (!b->tab[i].id)
			continue;
		size_t j = b->tab[i].hash & (ncap - 1);
		while (nt[j].id)
			j = (j + 1) & (ncap - 1);
		nt[j] = b->tab[i];
	}
	free(b->tab);
	b->tab = nt;
	b->cap = ncap;
	return KG_OK;
}

/* The cached id of encoded term (p, n), or 0. */
static kg_qs_id
cache_get(const kg_qs_bulk *b, const unsigned char *p, size_t n, uint64_t h)
{
	if (!b->cap)
		return 0;
	for (size_t j = h & (b->cap - 1); b->tab[j].id; j = (j + 1) &
	    (b->cap - 1)) {
		const centry *e = &b->tab[j];
		if (e->hash == h && e->len == n &&
		    !memcmp(b->arena + e->off, p, n))
			return e->id;
	}
	return 0;
}

static kg_status
cache_put(kg_qs_bulk *b, const unsigned char *p, size_t n, uint64_t h,
    kg_qs_id id)
{
	size_t bytes = b->acap + b->cap * sizeof(centry);
	if (bytes + n > b->cache_bytes && b->used) {
		/* Full: the terms so far must be findable in LMDB from now. */
		kg_status st = flush_pending(b);
		if (st)
			return st;
		cache_clear(b);
		b->lookup_store = 1;
	}
	if ((b->used + 1) * 2 > b->cap && cache_grow(b))
		return b->failed;
	if (b->alen + n > b->acap) {
		size_t ncap = b->acap ? b->acap * 2 : 1 << 16;
		while (ncap < b->alen + n)
			ncap *= 2;
		unsigned char *na = realloc(b->arena, ncap);
		if (!na)
			return bulk_fail(b, qs_fail(b->qs, KG_ERR_NOMEM,
			    "out of memory"));
		b->arena = na;
		b->acap = ncap;
	}
	memcpy(b->arena + b->alen, p, n);
	size_t j = h & (b->cap - 1);
	while (b->tab[j].id)
		j = (j + 1) & (b->cap - 1);
	b->tab[j] = (centry){h, b->alen, (uint32_t)n, id};
	b->alen += n;
	b->used++;
	return KG_OK;
}

/* The id of term t, new or known; g may be NULL (id 0). */
static kg_status
resolve(kg_qs_bulk *b, const kg_term *t, kg_qs_id *out)
{
	size_t n = qs_term_encode(t, b->scratch, b->scap);
	if (n == 0)
		return qs_fail(b->qs, KG_ERR_ARG, "quad store: not a valid term");
	if (n > b->scap) {
		size_t ncap = b->scap * 2;
		while (ncap < n)
			ncap *= 2;
		unsigned char *ns = realloc(b->scratch, ncap);
		if (!ns)
			return bulk_fail(b, qs_fail(b->qs, KG_ERR_NOMEM,
			    "out of memory"));
		b->scratch = ns;
		b->scap = ncap;
		qs_term_encode(t, b->scratch, b->scap);
	}
	uint64_t h = qs_term_hash(b->qs, b->scratch, n);
	if ((*out = cache_get(b, b->scratch, n, h)))
		return KG_OK;
	kg_qs_txn *txn = b->txn;
	kg_status st = KG_DONE;
	if (b->lookup_store) {
		st = qs_lookup_encoded(txn, b->scratch, n, h, out);
		if (st != KG_OK && st != KG_DONE)
			return bulk_fail(b, st);
	}
	if (st == KG_DONE) {
		if (txn->next_id == UINT32_MAX)
			return bulk_fail(b, qs_fail(b->qs, KG_ERR_STORE,
			    "quad store: no ids left"));
		kg_qs_id id = txn->next_id;
		MDB_val k = {sizeof id, &id}, v = {n, b->scratch};
		int rc = mdb_cursor_put(b->id2term, &k, &v, MDB_APPEND);
		if (rc)
			return bulk_mdb_fail(b, rc, "id2term");
		txn->next_id++;
		txn->dirty = 1;
		if (b->npend == b->cpend) {
			size_t nc = b->cpend ? b->cpend * 2 : 1024;
			pending *np = realloc(b->pend, nc * sizeof *np);
			if (!np)
				return bulk_fail(b, qs_fail(b->qs,
				    KG_ERR_NOMEM, "out of memory"));
			b->pend = np;
			b->cpend = nc;
		}
		b->pend[b->npend++] = (pending){h, id};
		*out = id;
	}
	return cache_put(b, b->scratch, n, h, *out);
}

static qkey
make_key(int i, const kg_qs_id q[4])
{
	const int *p = qs_perm[i];
	return (qkey){(uint64_t)q[p[0]] << 32 | q[p[1]],
	    (uint64_t)q[p[2]] << 32 | q[p[3]]};
}

/* Inserts keys[0..n) (sorted, distinct) into index i.  With `survivors`,
 * the quads already stored are skipped and the new ones copied back into
 * b->quads, whose length becomes the return value through *kept. */
static kg_status
insert_sorted(kg_qs_bulk *b, int i, size_t n, size_t *kept)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(b->txn->txn, b->qs->idx[i], &c);
	if (rc)
		return bulk_mdb_fail(b, rc, qs_index_name[i]);
	MDB_stat ms;
	int append = mdb_stat(b->txn->txn, b->qs->idx[i], &ms) == 0 &&
	    ms.ms_entries == 0;
	const int *p = qs_perm[i];
	size_t m = 0;
	for (size_t j = 0; j < n && !rc; j++) {
		const qkey *e = &b->keys[j];
		unsigned char key[4], val[12];
		qs_put_be32(key, (uint32_t)(e->hi >> 32));
		qs_put_be32(val, (uint32_t)e->hi);
		qs_put_be32(val + 4, (uint32_t)(e->lo >> 32));
		qs_put_be32(val + 8, (uint32_t)e->lo);
		MDB_val k = {4, key}, v = {12, val};
		unsigned f = MDB_NODUPDATA;
		if (append)
			f = j && (b->keys[j - 1].hi >> 32) == (e->hi >> 32)
			    ? MDB_APPENDDUP : MDB_APPEND;
		rc = mdb_cursor_put(c, &k, &v, f);
		if (rc == MDB_KEYEXIST && !append) {
			rc = 0;
			continue;
		}
		if (!rc && kept) {
			kg_qs_id *q = b->quads[m++];
			q[p[0]] = (kg_qs_id)(e->hi >> 32);
			q[p[1]] = (kg_qs_id)e->hi;
			q[p[2]] = (kg_qs_id)(e->lo >> 32);
			q[p[3]] = (kg_qs_id)e->lo;
		}
	}
	mdb_cursor_close(c);
	if (kept)
		*kept = m;
	return rc ? bulk_mdb_fail(b, rc, qs_index_name[i]) : KG_OK;
}

/* Sorts and writes the batch: SPOG first, which also drops the quads the
 * store has; the other five indexes get only the new ones. */
static kg_status
flush_quads(kg_qs_bulk *b)
{
	size_t n = b->nq;
	if (!n)
		return KG_OK;
	for (size_t j = 0; j < n; j++)
		b->keys[j] = make_key(QS_SPOG, b->quads[j]);
	qkey_sort(b->keys, n);
	size_t u = 0;
	for (size_t j = 0; j < n; j++)
		if (!u || b->keys[j].hi != b->keys[u - 1].hi ||
		    b->keys[j].lo != b->keys[u - 1].lo)
			b->keys[u++] = b->keys[j];
	size_t kept;
	kg_status st = insert_sorted(b, QS_SPOG, u, &kept);
	if (st)
		return st;
	for (int i = 1; i < QS_NIDX; i++) {
		for (size_t j = 0; j < kept; j++)
			b->keys[j] = make_key(i, b->quads[j]);
		qkey_sort(b->keys, kept);
		if ((st = insert_sorted(b, i, kept, NULL)))
			return st;
	}
	b->txn->quads += kept;
	b->txn->dirty = 1;
	b->added += kept;
	b->nq = 0;
	return KG_OK;
}

kg_status
kg_qs_bulk_begin(kg_qs_txn *txn, size_t cache_bytes, size_t batch_quads,
    kg_qs_bulk **out)
{
	kg_qs *qs = txn->qs;
	*out = NULL;
	if (!txn->write)
		return qs_fail(qs, KG_ERR_READONLY, "quad store: bulk load in a "
		    "read transaction");
	kg_qs_bulk *b = calloc(1, sizeof *b);
	if (!b)
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	b->txn = txn;
	b->qs = qs;
	b->cache_bytes = cache_bytes ? cache_bytes : (size_t)64 << 20;
	b->batch = batch_quads ? batch_quads : (size_t)1 << 20;
	b->lookup_store = txn->next_id > 1;
	b->scap = 1024;
	b->scratch = malloc(b->scap);
	b->quads = malloc(b->batch * sizeof *b->quads);
	b->keys = malloc(b->batch * sizeof *b->keys);
	if (!b->scratch || !b->quads || !b->keys) {
		kg_qs_bulk_free(b);
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	}
	int rc = mdb_cursor_open(txn->txn, qs->id2term, &b->id2term);
	if (rc) {
		kg_qs_bulk_free(b);
		return qs_mdb_fail(qs, rc, "id2term");
	}
	*out = b;
	return KG_OK;
}

kg_status
kg_qs_bulk_add(kg_qs_bulk *b, const kg_term *s, const kg_term *p,
    const kg_term *o, const kg_term *g)
{
	if (b->failed)
		return b->failed;
	kg_qs_id *q = b->quads[b->nq];
	kg_status st;
	if ((st = resolve(b, s, &q[0])) || (st = resolve(b, p, &q[1])) ||
	    (st = resolve(b, o, &q[2])))
		return st;
	q[3] = 0;
	if (g && (st = resolve(b, g, &q[3])))
		return st;
	if (++b->nq == b->batch)
		return flush_quads(b);
	return KG_OK;
}

kg_status
kg_qs_bulk_end(kg_qs_bulk *b, uint64_t *added)
{
	kg_status st = b->failed;
	if (!st)
		st = flush_quads(b);
	if (!st)
		st = flush_pending(b);
	if (added)
		*added = b->added;
	kg_qs_bulk_free(b);
	return st;
}

void
kg_qs_bulk_free(kg_qs_bulk *b)
{
	if (!b)
		return;
	if (b->id2term)
		mdb_cursor_close(b->id2term);
	free(b->tab);
	free(b->arena);
	free(b->pend);
	free(b->quads);
	free(b->keys);
	free(b->scratch);
	free(b);
}
