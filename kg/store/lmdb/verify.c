/* verify.c: kg_qs_verify, which checks that the indexes, the dictionary
 * and the stored counts agree with one another. */
#include "qs_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	void (*fn)(void *ctx, const char *msg);
	void *ctx;
	uint64_t problems;
	uint64_t reported;
} report;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
problem(report *r, const char *fmt, ...)
{
	r->problems++;
	/* A broken index can give millions; the first hundred tell enough. */
	if (++r->reported > 100 || !r->fn)
		return;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->fn(r->ctx, msg);
}

/* Every term is found again through term2id; marks the ids seen. */
static kg_status
check_terms(kg_qs_txn *txn, report *r, unsigned char *seen, kg_qs_id limit)
{
	kg_qs *qs = txn->qs;
	MDB_cursor *c, *h;
	int rc = mdb_cursor_open(txn->txn, qs->id2term, &c);
	if (rc)
		return qs_mdb_fail(qs, rc, "verify");
	if ((rc = mdb_cursor_open(txn->txn, qs->term2id, &h))) {
		mdb_cursor_close(c);
		return qs_mdb_fail(qs, rc, "verify");
	}
	MDB_val k, v;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		kg_qs_id id;
		memcpy(&id, k.mv_data, sizeof id);
		kg_term t;
		if (qs_term_decode(&v, &t)) {
			problem(r, "term %u is malformed", (unsigned)id);
			continue;
		}
		if (id >= limit) {
			problem(r, "term %u is past the next id %u",
			    (unsigned)id, (unsigned)limit);
			continue;
		}
		seen[id / 8] |= (unsigned char)(1u << (id % 8));
		uint64_t hash = qs_term_hash(qs, v.mv_data, v.mv_size);
		MDB_val hk = {sizeof hash, &hash}, hv = {sizeof id, &id};
		int r2 = mdb_cursor_get(h, &hk, &hv, MDB_GET_BOTH);
		if (r2 == MDB_NOTFOUND)
			problem(r, "term %u is missing from term2id",
			    (unsigned)id);
		else if (r2) {
			rc = r2;
			break;
		}
	}
	mdb_cursor_close(c);
	mdb_cursor_close(h);
	if (rc && rc != MDB_NOTFOUND)
		return qs_mdb_fail(qs, rc, "verify");
	MDB_stat a, b;
	if ((rc = mdb_stat(txn->txn, qs->id2term, &a)) ||
	    (rc = mdb_stat(txn->txn, qs->term2id, &b)))
		return qs_mdb_fail(qs, rc, "verify");
	if (a.ms_entries != b.ms_entries)
		problem(r, "id2term has %zu entries, term2id %zu",
		    a.ms_entries, b.ms_entries);
	return KG_OK;
}

/* What an index holds, independent of its order: a count and two sums
 * of a 64-bit mix of each quad.  Equal digests mean equal sets of quads
 * but for a chance of about 2^-64; the exact, slow check runs only when
 * they differ, to say which quads. */
typedef struct {
	uint64_t n, sum, xsum;
} digest;

static uint64_t
mix(const kg_qs_id q[4])
{
	uint64_t h = ((uint64_t)q[0] << 32 | q[1]) * 0x9e3779b97f4a7c15ull;
	h ^= h >> 31;
	h = (h ^ ((uint64_t)q[2] << 32 | q[3])) * 0xbf58476d1ce4e5b9ull;
	h ^= h >> 29;
	return h * 0x94d049bb133111ebull;
}

static void
digest_add(digest *d, const kg_qs_id q[4])
{
	uint64_t h = mix(q);
	d->n++;
	d->sum += h;
	d->xsum ^= h * 0xff51afd7ed558ccdull + (h >> 17);
}

/* The digest of index i, read in its own order. */
static kg_status
index_digest(kg_qs_txn *txn, int i, digest *d)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(txn->txn, txn->qs->idx[i], &c);
	if (rc)
		return qs_mdb_fail(txn->qs, rc, "verify");
	const int *p = qs_perm[i];
	MDB_val k, v;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 4 || v.mv_size != 12)
			continue; /* counted short; the exact check names it */
		kg_qs_id q[4];
		const unsigned char *vp = v.mv_data;
		q[p[0]] = qs_get_be32(k.mv_data);
		q[p[1]] = qs_get_be32(vp);
		q[p[2]] = qs_get_be32(vp + 4);
		q[p[3]] = qs_get_be32(vp + 8);
		digest_add(d, q);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? KG_OK : qs_mdb_fail(txn->qs, rc, "verify");
}

/* Every quad of SPOG in index i, one by one, each miss reported. */
static kg_status
exact_check(kg_qs_txn *txn, report *r, int i)
{
	kg_qs *qs = txn->qs;
	MDB_cursor *c;
	int rc = mdb_cursor_open(txn->txn, qs->idx[i], &c);
	if (rc)
		return qs_mdb_fail(qs, rc, "verify");
	kg_qs_id pat[4] = {0, 0, 0, 0}, q[4];
	kg_qs_iter *it;
	kg_status st = kg_qs_match(txn, pat, KG_QS_ANY_GRAPH, &it);
	while (!st && (st = kg_qs_iter_next(it, q)) == KG_OK) {
		unsigned char key[4], val[12];
		qs_index_entry(i, q, key, val);
		MDB_val k = {4, key}, v = {12, val};
		rc = mdb_cursor_get(c, &k, &v, MDB_GET_BOTH);
		if (rc == MDB_NOTFOUND)
			problem(r, "quad (%u %u %u %u) is missing from index %s",
			    (unsigned)q[0], (unsigned)q[1], (unsigned)q[2],
			    (unsigned)q[3], qs_index_name[i]);
		else if (rc)
			st = qs_mdb_fail(qs, rc, "verify");
	}
	kg_qs_iter_free(it);
	mdb_cursor_close(c);
	return st == KG_DONE ? KG_OK : st;
}

/* Every quad uses known ids; the six indexes hold the same quads, as
 * many as the stored count. */
static kg_status
check_quads(kg_qs_txn *txn, report *r, const unsigned char *seen,
    kg_qs_id limit)
{
	kg_qs_id pat[4] = {0, 0, 0, 0}, q[4];
	kg_qs_iter *it;
	digest base = {0, 0, 0};
	kg_status st = kg_qs_match(txn, pat, KG_QS_ANY_GRAPH, &it);
	while (!st && (st = kg_qs_iter_next(it, q)) == KG_OK) {
		digest_add(&base, q);
		for (int s = 0; s < 4; s++) {
			kg_qs_id id = q[s];
			if (s == 3 && id == 0)
				continue;
			if (id == 0 || id >= limit ||
			    !(seen[id / 8] & (1u << (id % 8))))
				problem(r, "quad (%u %u %u %u) uses id %u, "
				    "which has no term", (unsigned)q[0],
				    (unsigned)q[1], (unsigned)q[2],
				    (unsigned)q[3], (unsigned)id);
		}
	}
	kg_qs_iter_free(it);
	if (st != KG_DONE)
		return st;
	if (base.n != txn->quads)
		problem(r, "%llu quads stored, the count says %llu",
		    (unsigned long long)base.n, (unsigned long long)txn->quads);
	for (int i = 1; i < QS_NIDX; i++) {
		digest d = {0, 0, 0};
		if ((st = index_digest(txn, i, &d)))
			return st;
		if (d.n == base.n && d.sum == base.sum && d.xsum == base.xsum)
			continue;
		if (d.n != base.n)
			problem(r, "index %s has %llu entries, spog %llu",
			    qs_index_name[i], (unsigned long long)d.n,
			    (unsigned long long)base.n);
		uint64_t before = r->problems;
		if ((st = exact_check(txn, r, i)))
			return st;
		/* Same size, every spog quad there, different sums: it holds
		 * quads spog lacks in place of spog's duplicates, which a set
		 * cannot have; say so rather than pass. */
		if (r->problems == before && d.n == base.n)
			problem(r, "index %s holds other quads than spog",
			    qs_index_name[i]);
	}
	return KG_OK;
}

kg_status
kg_qs_verify(kg_qs *qs, void (*fn)(void *ctx, const char *msg), void *ctx)
{
	kg_qs_txn *txn;
	kg_status st = kg_qs_begin(qs, 0, &txn);
	if (st)
		return st;
	report r = {fn, ctx, 0, 0};
	kg_qs_id limit = txn->next_id;
	unsigned char *seen = calloc((size_t)limit / 8 + 1, 1);
	if (!seen) {
		kg_qs_abort(txn);
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	}
	if (!(st = check_terms(txn, &r, seen, limit)))
		st = check_quads(txn, &r, seen, limit);
	free(seen);
	kg_qs_abort(txn);
	if (!st && r.problems)
		st = qs_fail(qs, KG_ERR_STORE, "quad store %s: %llu problems",
		    qs->dir, (unsigned long long)r.problems);
	return st;
}
