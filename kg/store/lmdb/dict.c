/* dict.c: the term dictionary of the quad store: term encoding, hashing,
 * id -> term and term -> id. */
#include "qs_impl.h"

#include <stdlib.h>
#include <string.h>

size_t
qs_term_encode(const kg_term *t, unsigned char *buf, size_t cap)
{
	if (!t || !t->value)
		return 0;
	unsigned char kind;
	const char *extra = "";
	switch (t->kind) {
	case KG_TERM_IRI:
		kind = QS_IRI;
		break;
	case KG_TERM_BLANK:
		kind = QS_BLANK;
		break;
	case KG_TERM_LITERAL:
		if (t->lang && *t->lang) {
			kind = QS_LANG;
			extra = t->lang;
		} else if (t->datatype) {
			kind = QS_TYPED;
			extra = t->datatype;
		} else {
			kind = QS_PLAIN;
		}
		break;
	default:
		return 0;
	}
	size_t nv = strlen(t->value), ne = strlen(extra);
	size_t n = 1 + nv + 1 + ne + 1;
	if (n > cap)
		return n;
	buf[0] = kind;
	memcpy(buf + 1, t->value, nv + 1);
	memcpy(buf + 2 + nv, extra, ne + 1);
	return n;
}

int
qs_term_decode(const MDB_val *v, kg_term *t)
{
	const char *p = v->mv_data;
	size_t n = v->mv_size;
	if (n < 3 || p[n - 1] != '\0')
		return -1;
	const char *value = p + 1;
	size_t nv = strnlen(value, n - 2);
	if (nv >= n - 2)
		return -1;
	const char *extra = value + nv + 1;
	t->value = value;
	t->datatype = NULL;
	t->lang = NULL;
	switch (p[0]) {
	case QS_IRI:
		t->kind = KG_TERM_IRI;
		break;
	case QS_BLANK:
		t->kind = KG_TERM_BLANK;
		break;
	case QS_PLAIN:
		t->kind = KG_TERM_LITERAL;
		break;
	case QS_TYPED:
		t->kind = KG_TERM_LITERAL;
		t->datatype = extra;
		break;
	case QS_LANG:
		t->kind = KG_TERM_LITERAL;
		t->lang = extra;
		break;
	default:
		return -1;
	}
	return 0;
}

/* Eight bytes at a time, multiply and fold; good spread for short text. */
uint64_t
qs_term_hash(const kg_qs *qs, const unsigned char *p, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ull;
	uint64_t h = 0x243f6a8885a308d3ull ^ (n * k);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	h = (h ^ w) * k;
	h ^= h >> 32;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 31;
	if (qs->flags & KG_QS_TEST_TINY_HASH)
		h &= 0xf;
	return h;
}

kg_status
qs_lookup_encoded(kg_qs_txn *txn, const unsigned char *p, size_t n,
    uint64_t h, kg_qs_id *out)
{
	kg_qs *qs = txn->qs;
	MDB_cursor *c;
	int rc = mdb_cursor_open(txn->txn, qs->term2id, &c);
	if (rc)
		return qs_mdb_fail(qs, rc, "term2id");
	MDB_val k = {sizeof h, &h}, v;
	kg_status st = KG_DONE;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
		kg_qs_id id;
		memcpy(&id, v.mv_data, sizeof id);
		MDB_val ik = {sizeof id, &id}, tv;
		int r2 = mdb_get(txn->txn, qs->id2term, &ik, &tv);
		if (r2 == 0 && tv.mv_size == n && !memcmp(tv.mv_data, p, n)) {
			*out = id;
			st = KG_OK;
			break;
		}
		if (r2 && r2 != MDB_NOTFOUND) {
			rc = r2;
			break;
		}
	}
	if (rc && rc != MDB_NOTFOUND)
		st = qs_mdb_fail(qs, rc, "term2id");
	mdb_cursor_close(c);
	return st;
}

/* Encodes t into *buf (stack space `small`, else malloc'd: see *heap). */
static kg_status
encode(kg_qs *qs, const kg_term *t, unsigned char *small, size_t cap,
    unsigned char **buf, size_t *n)
{
	*buf = small;
	*n = qs_term_encode(t, small, cap);
	if (*n == 0)
		return qs_fail(qs, KG_ERR_ARG, "quad store: not a valid term");
	if (*n > cap) {
		if (!(*buf = malloc(*n)))
			return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
		qs_term_encode(t, *buf, *n);
	}
	return KG_OK;
}

kg_status
kg_qs_lookup(kg_qs_txn *txn, const kg_term *t, kg_qs_id *out)
{
	unsigned char small[512], *buf;
	size_t n;
	kg_status st = encode(txn->qs, t, small, sizeof small, &buf, &n);
	if (st)
		return st;
	st = qs_lookup_encoded(txn, buf, n, qs_term_hash(txn->qs, buf, n),
	    out);
	if (buf != small)
		free(buf);
	return st;
}

kg_status
kg_qs_intern(kg_qs_txn *txn, const kg_term *t, kg_qs_id *out)
{
	kg_qs *qs = txn->qs;
	if (!txn->write)
		return qs_fail(qs, KG_ERR_READONLY, "quad store: intern in a "
		    "read transaction");
	unsigned char small[512], *buf;
	size_t n;
	kg_status st = encode(qs, t, small, sizeof small, &buf, &n);
	if (st)
		return st;
	uint64_t h = qs_term_hash(qs, buf, n);
	st = qs_lookup_encoded(txn, buf, n, h, out);
	if (st == KG_DONE) {
		if (txn->next_id == UINT32_MAX) {
			st = qs_fail(qs, KG_ERR_STORE, "quad store: no ids left");
			goto done;
		}
		kg_qs_id id = txn->next_id;
		MDB_val k = {sizeof id, &id}, v = {n, buf};
		int rc = mdb_put(txn->txn, qs->id2term, &k, &v,
		    MDB_APPEND | MDB_NOOVERWRITE);
		if (!rc) {
			MDB_val hk = {sizeof h, &h}, hv = {sizeof id, &id};
			rc = mdb_put(txn->txn, qs->term2id, &hk, &hv, 0);
		}
		if (rc) {
			st = qs_mdb_fail(qs, rc, "intern");
			goto done;
		}
		txn->next_id++;
		txn->dirty = 1;
		*out = id;
		st = KG_OK;
	}
done:
	if (buf != small)
		free(buf);
	return st;
}

void
qs_txn_release(kg_qs_txn *txn)
{
	if (txn->terms)
		mdb_cursor_close(txn->terms);
	txn->terms = NULL;
	free(txn->tcache);
	txn->tcache = NULL;
	txn->term_reads = 0;
}

kg_status
kg_qs_term(kg_qs_txn *txn, kg_qs_id id, kg_term *out)
{
	qs_tcache_entry *e = NULL;
	if (!txn->write) {
		if (!txn->tcache && ++txn->term_reads > QS_TCACHE_AFTER)
			txn->tcache = calloc(QS_TCACHE, sizeof *txn->tcache);
		if (txn->tcache)
			e = &txn->tcache[id % QS_TCACHE];
	}
	MDB_val k = {sizeof id, &id}, v;
	int rc = 0;
	if (e && e->id == id && id) {
		v = e->v;
	} else {
		/* A cursor searches only its current page when the id is on
		 * it, and ids of one subject's neighbours often are. */
		if (!txn->terms)
			rc = mdb_cursor_open(txn->txn, txn->qs->id2term,
			    &txn->terms);
		if (!rc)
			rc = mdb_cursor_get(txn->terms, &k, &v, MDB_SET_KEY);
		if (rc == MDB_NOTFOUND)
			return KG_DONE;
		if (rc)
			return qs_mdb_fail(txn->qs, rc, "id2term");
		if (e) {
			e->id = id;
			e->v = v;
		}
	}
	if (qs_term_decode(&v, out))
		return qs_fail(txn->qs, KG_ERR_STORE, "quad store: term %u "
		    "is malformed", (unsigned)id);
	return KG_OK;
}
