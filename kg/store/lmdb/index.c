/* index.c: the six quad indexes: adding and removing quads, matching a
 * pattern as one prefix range, counting, and the named graphs. */
#include "qs_impl.h"

#include <stdlib.h>
#include <string.h>

struct kg_qs_iter {
	kg_qs_txn *txn;
	MDB_cursor *c;
	int index;
	int key_bound;        /* the key is a constant: stay on it */
	size_t plen;          /* bytes of the value that are constant */
	unsigned char key[4], val[12];
	int started, done;
};

kg_status
kg_qs_add(kg_qs_txn *txn, const kg_qs_id q[4])
{
	kg_qs *qs = txn->qs;
	if (!txn->write)
		return qs_fail(qs, KG_ERR_READONLY, "quad store: add in a read "
		    "transaction");
	if (!q[0] || !q[1] || !q[2])
		return qs_fail(qs, KG_ERR_ARG, "quad store: a quad needs a "
		    "subject, predicate and object");
	for (int i = 0; i < QS_NIDX; i++) {
		unsigned char key[4], val[12];
		qs_index_entry(i, q, key, val);
		MDB_val k = {4, key}, v = {12, val};
		int rc = mdb_put(txn->txn, qs->idx[i], &k, &v, MDB_NODUPDATA);
		if (rc == MDB_KEYEXIST && i == 0)
			return KG_DONE;
		if (rc)
			return qs_mdb_fail(qs, rc, "add");
	}
	txn->quads++;
	txn->dirty = 1;
	return KG_OK;
}

static kg_status
unindex(kg_qs_txn *txn, int i, const kg_qs_id q[4])
{
	unsigned char key[4], val[12];
	qs_index_entry(i, q, key, val);
	MDB_val k = {4, key}, v = {12, val};
	int rc = mdb_del(txn->txn, txn->qs->idx[i], &k, &v);
	if (rc == MDB_NOTFOUND)
		return KG_DONE;
	return rc ? qs_mdb_fail(txn->qs, rc, "remove") : KG_OK;
}

kg_status
kg_qs_remove(kg_qs_txn *txn, const kg_qs_id q[4])
{
	if (!txn->write)
		return qs_fail(txn->qs, KG_ERR_READONLY, "quad store: remove "
		    "in a read transaction");
	for (int i = 0; i < QS_NIDX; i++) {
		kg_status st = unindex(txn, i, q);
		if (st == KG_DONE && i == 0)
			return KG_DONE;
		if (st == KG_DONE)
			return qs_fail(txn->qs, KG_ERR_STORE, "quad store: "
			    "quad missing from index %s", qs_index_name[i]);
		if (st)
			return st;
	}
	txn->quads--;
	txn->dirty = 1;
	return KG_OK;
}

kg_status
kg_qs_test_unindex(kg_qs_txn *txn, int i, const kg_qs_id q[4])
{
	if (i < 0 || i >= QS_NIDX || !txn->write)
		return KG_ERR_ARG;
	return unindex(txn, i, q);
}

/* The index whose leading slots are exactly the constants of the pattern,
 * and how many there are. */
static int
plan(const kg_qs_id pat[4], unsigned flags, int *nbound)
{
	int bound[4] = {pat[0] != 0, pat[1] != 0, pat[2] != 0,
	    !(flags & KG_QS_ANY_GRAPH)};
	int want = bound[0] + bound[1] + bound[2] + bound[3];
	int first = bound[3] ? QS_GSPO : QS_SPOG;
	for (int i = first; i < first + 3; i++) {
		int k = 0;
		while (k < 4 && bound[qs_perm[i][k]])
			k++;
		if (k == want) {
			*nbound = want;
			return i;
		}
	}
	*nbound = want; /* unreachable: the six orders cover every shape */
	return first;
}

static void
iter_setup(kg_qs_iter *it, const kg_qs_id pat[4], unsigned flags)
{
	kg_qs_id q[4] = {pat[0], pat[1], pat[2],
	    (flags & KG_QS_ANY_GRAPH) ? 0 : pat[3]};
	int nb;
	it->index = plan(pat, flags, &nb);
	qs_index_entry(it->index, q, it->key, it->val);
	it->key_bound = nb > 0;
	it->plen = nb > 1 ? (size_t)(nb - 1) * 4 : 0;
	/* Pad the constant prefix with zeros: the smallest value after it. */
	memset(it->val + it->plen, 0, 12 - it->plen);
}

kg_status
kg_qs_match(kg_qs_txn *txn, const kg_qs_id pat[4], unsigned flags,
    kg_qs_iter **out)
{
	*out = NULL;
	kg_qs_iter *it = calloc(1, sizeof *it);
	if (!it)
		return qs_fail(txn->qs, KG_ERR_NOMEM, "out of memory");
	it->txn = txn;
	iter_setup(it, pat, flags);
	int rc = mdb_cursor_open(txn->txn, txn->qs->idx[it->index], &it->c);
	if (rc) {
		free(it);
		return qs_mdb_fail(txn->qs, rc, "match");
	}
	*out = it;
	return KG_OK;
}

/* Moves to the next entry of the range; 0, MDB_NOTFOUND or an error. */
static int
iter_step(kg_qs_iter *it, MDB_val *k, MDB_val *v)
{
	int rc;
	if (!it->started) {
		it->started = 1;
		if (!it->key_bound)
			return mdb_cursor_get(it->c, k, v, MDB_FIRST);
		k->mv_size = 4;
		k->mv_data = it->key;
		if (it->plen == 0)
			return mdb_cursor_get(it->c, k, v, MDB_SET_KEY);
		v->mv_size = 12;
		v->mv_data = it->val;
		rc = mdb_cursor_get(it->c, k, v, MDB_GET_BOTH_RANGE);
	} else {
		rc = mdb_cursor_get(it->c, k, v,
		    it->key_bound ? MDB_NEXT_DUP : MDB_NEXT);
	}
	if (rc == 0 && it->plen && memcmp(v->mv_data, it->val, it->plen))
		rc = MDB_NOTFOUND;
	return rc;
}

kg_status
kg_qs_iter_next(kg_qs_iter *it, kg_qs_id q[4])
{
	if (it->done)
		return KG_DONE;
	MDB_val k, v;
	int rc = iter_step(it, &k, &v);
	if (rc == MDB_NOTFOUND) {
		it->done = 1;
		return KG_DONE;
	}
	if (rc)
		return qs_mdb_fail(it->txn->qs, rc, "match");
	if (k.mv_size != 4 || v.mv_size != 12)
		return qs_fail(it->txn->qs, KG_ERR_STORE, "quad store: "
		    "malformed entry in index %s", qs_index_name[it->index]);
	const int *perm = qs_perm[it->index];
	const unsigned char *vp = v.mv_data;
	q[perm[0]] = qs_get_be32(k.mv_data);
	q[perm[1]] = qs_get_be32(vp);
	q[perm[2]] = qs_get_be32(vp + 4);
	q[perm[3]] = qs_get_be32(vp + 8);
	return KG_OK;
}

void
kg_qs_iter_free(kg_qs_iter *it)
{
	if (!it)
		return;
	mdb_cursor_close(it->c);
	free(it);
}

kg_status
kg_qs_count(kg_qs_txn *txn, const kg_qs_id pat[4], unsigned flags,
    uint64_t *n)
{
	*n = 0;
	kg_qs_iter *it;
	kg_status st = kg_qs_match(txn, pat, flags, &it);
	if (st)
		return st;
	if (!it->key_bound) {
		*n = txn->quads;
	} else if (it->plen == 0) {
		MDB_val k = {4, it->key}, v;
		int rc = mdb_cursor_get(it->c, &k, &v, MDB_SET_KEY);
		size_t c = 0;
		if (rc == 0)
			rc = mdb_cursor_count(it->c, &c);
		if (rc && rc != MDB_NOTFOUND)
			st = qs_mdb_fail(txn->qs, rc, "count");
		*n = c;
	} else {
		kg_qs_id q[4];
		while ((st = kg_qs_iter_next(it, q)) == KG_OK)
			++*n;
		if (st == KG_DONE)
			st = KG_OK;
	}
	kg_qs_iter_free(it);
	return st;
}

kg_status
kg_qs_graphs(kg_qs_txn *txn, int (*fn)(void *ctx, kg_qs_id g), void *ctx)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(txn->txn, txn->qs->idx[QS_GSPO], &c);
	if (rc)
		return qs_mdb_fail(txn->qs, rc, "graphs");
	MDB_val k, v;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP)) {
		kg_qs_id g = qs_get_be32(k.mv_data);
		if (g && fn(ctx, g))
			break;
	}
	mdb_cursor_close(c);
	if (rc && rc != MDB_NOTFOUND)
		return qs_mdb_fail(txn->qs, rc, "graphs");
	return KG_OK;
}

kg_status
kg_qs_graph_exists(kg_qs_txn *txn, kg_qs_id g)
{
	if (!g)
		return KG_DONE;
	unsigned char key[4];
	qs_put_be32(key, g);
	MDB_val k = {4, key}, v;
	int rc = mdb_get(txn->txn, txn->qs->idx[QS_GSPO], &k, &v);
	if (rc == MDB_NOTFOUND)
		return KG_DONE;
	return rc ? qs_mdb_fail(txn->qs, rc, "graph") : KG_OK;
}
