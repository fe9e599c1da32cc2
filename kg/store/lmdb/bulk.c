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
	/* the batch: quads as SPOG keys in ka; kb is the radix sort's other
	 * buffer, and the two swap roles while the batch is written */
	qkey *ka, *kb;
	uint32_t *hist; /* 8 digits x 65536 counts */
	size_t nq, batch;
	uint64_t added;
	unsigned char *scratch;
	size_t scap;
	/* the last term of each slot: subjects, predicates and graphs come
	 * in runs, and a run costs one memcmp instead of a hash probe */
	struct {
		unsigned char *p;
		size_t n, cap;
		kg_qs_id id;
	} last[4];
	kg_status failed;
};

/* LSD radix sort of a[0..n) on eight 16-bit digits, tmp being as long;
 * returns the buffer that holds the result.  Ids are far below 2^32, so
 * digits where every key agrees are common, and skipped. */
static qkey *
qkey_sort(qkey *a, qkey *tmp, size_t n, uint32_t *hist)
{
	memset(hist, 0, 8 * 65536 * sizeof *hist);
	for (size_t i = 0; i < n; i++) {
		for (int d = 0; d < 4; d++) {
			hist[d * 65536 + ((a[i].lo >> (16 * d)) & 0xffff)]++;
			hist[(4 + d) * 65536 + ((a[i].hi >> (16 * d)) & 0xffff)]++;
		}
	}
	for (int d = 0; d < 8 && n; d++) {
		uint32_t *h = hist + d * 65536;
		int shift = 16 * (d % 4);
		uint64_t first = (d < 4 ? a[0].lo : a[0].hi) >> shift & 0xffff;
		if (h[first] == n)
			continue;
		uint32_t sum = 0;
		for (size_t v = 0; v < 65536; v++) {
			uint32_t c = h[v];
			h[v] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t w = d < 4 ? a[i].lo : a[i].hi;
			tmp[h[w >> shift & 0xffff]++] = a[i];
		}
		qkey *t = a;
		a = tmp;
		tmp = t;
	}
	return a;
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

/* Grows the byte buffer *p to hold `need` bytes, doubling its capacity
 * (from 64 KiB); -1, with *p unchanged, when memory runs out. */
static int
grow_bytes(unsigned char **p, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 1 << 16;
	while (ncap < need)
		ncap *= 2;
	unsigned char *np = realloc(*p, ncap);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
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
	if (b->alen + n > b->acap && grow_bytes(&b->arena, &b->acap, b->alen + n))
		return bulk_fail(b, qs_fail(b->qs, KG_ERR_NOMEM, "out of memory"));
	memcpy(b->arena + b->alen, p, n);
	size_t j = h & (b->cap - 1);
	while (b->tab[j].id)
		j = (j + 1) & (b->cap - 1);
	b->tab[j] = (centry){h, b->alen, (uint32_t)n, id};
	b->alen += n;
	b->used++;
	return KG_OK;
}

static kg_status resolve_new(kg_qs_bulk *b, const unsigned char *p,
    size_t n, uint64_t h, kg_qs_id *out);

/* The id of term t in quad slot `slot`, new or known. */
static kg_status
resolve(kg_qs_bulk *b, const kg_term *t, int slot, kg_qs_id *out)
{
	size_t n = qs_term_encode(t, b->scratch, b->scap);
	if (n == 0)
		return qs_fail(b->qs, KG_ERR_ARG, "quad store: not a valid term");
	if (n > b->scap) {
		if (grow_bytes(&b->scratch, &b->scap, n))
			return bulk_fail(b, qs_fail(b->qs, KG_ERR_NOMEM,
			    "out of memory"));
		qs_term_encode(t, b->scratch, b->scap);
	}
	if (b->last[slot].id && b->last[slot].n == n &&
	    !memcmp(b->last[slot].p, b->scratch, n)) {
		*out = b->last[slot].id;
		return KG_OK;
	}
	kg_status st = resolve_new(b, b->scratch, n,
	    qs_term_hash(b->qs, b->scratch, n), out);
	if (st)
		return st;
	if (n > b->last[slot].cap) {
		unsigned char *np = realloc(b->last[slot].p, n);
		if (!np)
			return bulk_fail(b, qs_fail(b->qs, KG_ERR_NOMEM,
			    "out of memory"));
		b->last[slot].p = np;
		b->last[slot].cap = n;
	}
	memcpy(b->last[slot].p, b->scratch, n);
	b->last[slot].n = n;
	b->last[slot].id = *out;
	return KG_OK;
}

/* The id of the encoded term (p, n) of hash h. */
static kg_status
resolve_new(kg_qs_bulk *b, const unsigned char *p, size_t n, uint64_t h,
    kg_qs_id *out)
{
	if ((*out = cache_get(b, p, n, h)))
		return KG_OK;
	kg_qs_txn *txn = b->txn;
	kg_status st = KG_DONE;
	if (b->lookup_store) {
		st = qs_lookup_encoded(txn, p, n, h, out);
		if (st != KG_OK && st != KG_DONE)
			return bulk_fail(b, st);
	}
	if (st == KG_DONE) {
		if (txn->next_id == UINT32_MAX)
			return bulk_fail(b, qs_fail(b->qs, KG_ERR_STORE,
			    "quad store: no ids left"));
		kg_qs_id id = txn->next_id;
		MDB_val k = {sizeof id, &id}, v = qs_val(p, n);
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
	return cache_put(b, p, n, h, *out);
}

static qkey
make_key(int i, const kg_qs_id q[4])
{
	const int *p = qs_perm[i];
	return (qkey){(uint64_t)q[p[0]] << 32 | q[p[1]],
	    (uint64_t)q[p[2]] << 32 | q[p[3]]};
}

/* Key e of index `from` as a key of index `to`. */
static qkey
rekey(int from, int to, qkey e)
{
	kg_qs_id q[4];
	const int *p = qs_perm[from];
	q[p[0]] = (kg_qs_id)(e.hi >> 32);
	q[p[1]] = (kg_qs_id)e.hi;
	q[p[2]] = (kg_qs_id)(e.lo >> 32);
	q[p[3]] = (kg_qs_id)e.lo;
	return make_key(to, q);
}

/* Inserts keys[0..n) (sorted, distinct) into index i.  With `kept`, the
 * quads already stored are skipped and the new ones moved to the front
 * of keys, *kept of them. */
static kg_status
insert_sorted(kg_qs_bulk *b, int i, qkey *keys, size_t n, size_t *kept)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(b->txn->txn, b->qs->idx[i], &c);
	if (rc)
		return bulk_mdb_fail(b, rc, qs_index_name[i]);
	MDB_stat ms;
	int append = mdb_stat(b->txn->txn, b->qs->idx[i], &ms) == 0 &&
	    ms.ms_entries == 0;
	size_t m = 0;
	for (size_t j = 0; j < n && !rc; j++) {
		const qkey *e = &keys[j];
		unsigned char key[4], val[12];
		qs_put_be32(key, (uint32_t)(e->hi >> 32));
		qs_put_be32(val, (uint32_t)e->hi);
		qs_put_be32(val + 4, (uint32_t)(e->lo >> 32));
		qs_put_be32(val + 8, (uint32_t)e->lo);
		MDB_val k = {4, key}, v = {12, val};
		unsigned f = MDB_NODUPDATA;
		if (append)
			f = j && (keys[j - 1].hi >> 32) == (e->hi >> 32)
			    ? MDB_APPENDDUP : MDB_APPEND;
		rc = mdb_cursor_put(c, &k, &v, f);
		if (rc == MDB_KEYEXIST && !append) {
			rc = 0;
			continue;
		}
		if (!rc && kept)
			keys[m++] = *e;
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
	qkey *sorted = qkey_sort(b->ka, b->kb, n, b->hist);
	qkey *other = sorted == b->ka ? b->kb : b->ka;
	size_t u = 0;
	for (size_t j = 0; j < n; j++)
		if (!u || sorted[j].hi != sorted[u - 1].hi ||
		    sorted[j].lo != sorted[u - 1].lo)
			sorted[u++] = sorted[j];
	size_t kept;
	kg_status st = insert_sorted(b, QS_SPOG, sorted, u, &kept);
	if (st)
		return st;
	for (int i = 1; i < QS_NIDX; i++) {
		for (size_t j = 0; j < kept; j++)
			other[j] = rekey(i - 1, i, sorted[j]);
		qkey *r = qkey_sort(other, sorted, kept, b->hist);
		other = r == other ? sorted : other;
		sorted = r;
		if ((st = insert_sorted(b, i, sorted, kept, NULL)))
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
	if (b->batch > UINT32_MAX)
		b->batch = UINT32_MAX;
	b->ka = malloc(b->batch * sizeof *b->ka);
	b->kb = malloc(b->batch * sizeof *b->kb);
	b->hist = malloc(8 * 65536 * sizeof *b->hist);
	if (!b->scratch || !b->ka || !b->kb || !b->hist) {
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
	kg_qs_id q[4];
	kg_status st;
	if ((st = resolve(b, s, 0, &q[0])) || (st = resolve(b, p, 1, &q[1])) ||
	    (st = resolve(b, o, 2, &q[2])))
		return st;
	q[3] = 0;
	if (g && (st = resolve(b, g, 3, &q[3])))
		return st;
	b->ka[b->nq] = make_key(QS_SPOG, q);
	if (++b->nq == b->batch)
		return flush_quads(b);
	return KG_OK;
}

size_t
kg_qs_term_encode(const kg_qs *qs, const kg_term *t, unsigned char *buf,
    size_t cap, uint64_t *hash)
{
	size_t n = qs_term_encode(t, buf, cap);
	if (n && n <= cap)
		*hash = qs_term_hash(qs, buf, n);
	return n;
}

kg_status
kg_qs_bulk_add_encoded(kg_qs_bulk *b, const kg_qs_encoded q[4])
{
	if (b->failed)
		return b->failed;
	kg_qs_id id[4] = {0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		if (!q[i].p) {
			if (i < 3)
				return qs_fail(b->qs, KG_ERR_ARG, "quad store: "
				    "no term");
			continue;
		}
		if (!q[i].n) {
			if (!(id[i] = b->last[i].id))
				return qs_fail(b->qs, KG_ERR_ARG, "quad store: "
				    "no previous term");
			continue;
		}
		kg_status st = resolve_new(b, q[i].p, q[i].n, q[i].hash,
		    &id[i]);
		if (st)
			return st;
		/* kg_qs_bulk_add's comparison has no bytes to go on now. */
		b->last[i].id = id[i];
		b->last[i].n = 0;
	}
	b->ka[b->nq] = make_key(QS_SPOG, id);
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
	free(b->ka);
	free(b->kb);
	free(b->hist);
	free(b->scratch);
	for (int i = 0; i < 4; i++)
		free(b->last[i].p);
	free(b);
}
