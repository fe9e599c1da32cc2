/* qs_impl.h: what the quad store's source files share: the handle and
 * txn bodies, the index orders, the term encoding. */
#ifndef KG_QS_IMPL_H
#define KG_QS_IMPL_H

#include "quadstore.h"

#include <lmdb.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum { QS_SPOG, QS_POSG, QS_OSPG, QS_GSPO, QS_GPOS, QS_GOSP, QS_NIDX };

/* qs_perm[i][k]: which quad slot (0 s, 1 p, 2 o, 3 g) is k-th in index i. */
extern const int qs_perm[QS_NIDX][4];
extern const char *const qs_index_name[QS_NIDX];

struct kg_qs {
	MDB_env *env;
	MDB_dbi meta, id2term, term2id, idx[QS_NIDX];
	char *dir;
	int lockfd;
	int maplockfd; /* map.lock: held while the file's size changes */
	unsigned flags;
	double lock_timeout;
	int writing; /* a write txn is open on this handle */
	atomic_int readers; /* read txns open on this handle */
	size_t map_want; /* the next write txn's map is at least this */
	int map_full;    /* the last write txn ran out of map room */
	uint64_t reserve; /* ... and has this much room beyond the used */
	char errmsg[512];
};

/* A read txn's recently decoded terms: LMDB's pointers stay valid for
 * the whole read txn, and predicates and graphs repeat on every row. */
enum { QS_TCACHE = 1024 };
/* Reads of a txn before its cache is made: a short query reads a few
 * terms and would spend more zeroing the cache (and faulting its pages
 * in) than the cache saves. */
enum { QS_TCACHE_AFTER = 64 };
typedef struct {
	kg_qs_id id;
	MDB_val v;
} qs_tcache_entry;

struct kg_qs_txn {
	kg_qs *qs;
	MDB_txn *txn;
	int write;
	int dirty;       /* quads or next_id changed: write them at commit */
	uint64_t quads;  /* quad count as of this txn */
	kg_qs_id next_id;
	MDB_cursor *terms;        /* id2term, opened on first use */
	qs_tcache_entry *tcache;  /* read txns only, made after QS_TCACHE_AFTER
	                             reads */
	unsigned term_reads;      /* kg_qs_term calls while tcache is NULL */
};

/* Ends txn's own cursor and cache; before mdb_txn_commit/abort. */
void qs_txn_release(kg_qs_txn *txn);

/* An MDB_val over read-only bytes: LMDB's struct is not const-correct but
 * never writes through a key or a value it is given. */
static inline MDB_val
qs_val(const void *p, size_t n)
{
	MDB_val v = {n, (void *)(uintptr_t)p};
	return v;
}

/* Sets qs's message (printf-style) and returns st. */
kg_status qs_fail(kg_qs *qs, kg_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* An LMDB error rc while doing `what`, as a kg_status. */
kg_status qs_mdb_fail(kg_qs *qs, int rc, const char *what);

static inline void
qs_put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline uint32_t
qs_get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Key (4 bytes) and value (12 bytes) of quad q in index i. */
static inline void
qs_index_entry(int i, const kg_qs_id q[4], unsigned char key[4],
    unsigned char val[12])
{
	qs_put_be32(key, q[qs_perm[i][0]]);
	for (int k = 1; k < 4; k++)
		qs_put_be32(val + 4 * (k - 1), q[qs_perm[i][k]]);
}

/* Encoded term kinds (the first byte). */
enum { QS_IRI = 1, QS_BLANK, QS_PLAIN, QS_TYPED, QS_LANG };

/* Encodes t into buf (cap bytes); returns the length, or 0 if t is not a
 * valid term, or a length > cap when buf is too small. */
size_t qs_term_encode(const kg_term *t, unsigned char *buf, size_t cap);
/* Decodes LMDB value v into t (pointers into v); 0 or -1 if malformed. */
int qs_term_decode(const MDB_val *v, kg_term *t);
/* The hash of an encoded term as stored in term2id. */
uint64_t qs_term_hash(const kg_qs *qs, const unsigned char *p, size_t n);
/* The id of encoded term (p, n) in *out; KG_DONE if absent. */
kg_status qs_lookup_encoded(kg_qs_txn *txn, const unsigned char *p,
    size_t n, uint64_t h, kg_qs_id *out);

/* Reads the counters of meta into txn. */
kg_status qs_txn_load_meta(kg_qs_txn *txn);

#endif
