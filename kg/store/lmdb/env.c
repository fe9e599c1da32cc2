/* env.c: opening and closing a quad store, its transactions, the writer
 * lock, the format version and the figures of kg_qs_stat. */
#include "qs_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const int qs_perm[QS_NIDX][4] = {
	{0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3},
	{3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1},
};
const char *const qs_index_name[QS_NIDX] = {
	"spog", "posg", "ospg", "gspo", "gpos", "gosp",
};

kg_status
qs_fail(kg_qs *qs, kg_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(qs->errmsg, sizeof qs->errmsg, fmt, ap);
	va_end(ap);
	return st;
}

kg_status
qs_mdb_fail(kg_qs *qs, int rc, const char *what)
{
	MDB_envinfo ei;
	if (rc == MDB_MAP_FULL && qs->env && mdb_env_info(qs->env, &ei) == 0) {
		/* The txn cannot go on; the next one gets twice the room. */
		if (ei.me_mapsize < SIZE_MAX / 2)
			qs->map_want = ei.me_mapsize * 2;
		qs->map_full = 1;
		return qs_fail(qs, KG_ERR_STORE, "quad store: %s: the store's "
		    "map of %zu MiB is full, so the transaction is rolled "
		    "back; the next one gets a map twice as large", what,
		    ei.me_mapsize >> 20);
	}
	kg_status st = rc == ENOMEM ? KG_ERR_NOMEM
	    : rc == EACCES || rc == EROFS ? KG_ERR_READONLY
	    : rc == EIO || rc == ENOSPC ? KG_ERR_IO : KG_ERR_STORE;
	return qs_fail(qs, st, "quad store: %s: %s", what, mdb_strerror(rc));
}

const char *
kg_qs_errmsg(const kg_qs *qs)
{
	return qs ? qs->errmsg : "out of memory";
}

void
kg_qs_set_lock_timeout(kg_qs *qs, double seconds)
{
	qs->lock_timeout = seconds < 0 ? 0 : seconds;
}

/* The indexes' orders: memcmp order on big-endian ids (so LMDB's tools
 * see the same order), but without a call to memcmp on every step of
 * every search, which was a fifth of a bulk load's time. */
static int
cmp_key(const MDB_val *a, const MDB_val *b)
{
	if (a->mv_size != 4 || b->mv_size != 4)
		return a->mv_size < b->mv_size ? -1 : a->mv_size > b->mv_size;
	uint32_t x = qs_get_be32(a->mv_data), y = qs_get_be32(b->mv_data);
	return x < y ? -1 : x > y;
}

static int
cmp_dup(const MDB_val *a, const MDB_val *b)
{
	if (a->mv_size != 12 || b->mv_size != 12)
		return a->mv_size < b->mv_size ? -1 : a->mv_size > b->mv_size;
	const unsigned char *p = a->mv_data, *q = b->mv_data;
	for (int i = 0; i < 12; i += 4) {
		uint32_t x = qs_get_be32(p + i), y = qs_get_be32(q + i);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static kg_status writer_lock(kg_qs *qs);
static void writer_unlock(kg_qs *qs);

/*
 * The map.  A writable handle maps the file with MDB_WRITEMAP, so the
 * pages a write txn changes live in the file's page cache: without it
 * LMDB mallocs every changed page until commit (spilling only past 512
 * MiB), which made the heap of a bulk load grow with the store.  The
 * price is that LMDB sets the file's size to the map's (ftruncate; the
 * file is sparse beyond the used pages) every time it maps it, so the
 * map cannot be a huge reservation: it starts at QS_MAP_MIN or the
 * file's size, and grows before a write txn whose room is short.  A
 * process never sets it below the file's current size, and does so
 * under map.lock: a shrink would cut off the pages another process's
 * write txn is filling.  LMDB moves the map when it grows, so it grows
 * only while this handle has no txn open; a txn that fills it fails
 * with MDB_MAP_FULL, and the next one gets twice the size.
 */
/* Opens (creating it) the lock file `name` of the store's directory
 * into *fd; on failure the error is on qs. */
static kg_status
open_lock(kg_qs *qs, const char *name, int *fd)
{
	size_t n = strlen(qs->dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (!p)
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	snprintf(p, n, "%s/%s", qs->dir, name);
	*fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	free(p);
	if (*fd < 0)
		return qs_fail(qs, KG_ERR_IO, "quad store %s: %s: %s", qs->dir,
		    name, strerror(errno));
	return KG_OK;
}

#define QS_MAP_MIN ((size_t)256 << 20)

/* The smallest map: QS_MAP_MIN, or KG_QS_MAP_MIN bytes (at least 1 MiB)
 * for the tests of a store that outgrows its map. */
static size_t
map_min(void)
{
	const char *e = getenv("KG_QS_MAP_MIN");
	unsigned long long v = e && *e ? strtoull(e, NULL, 10) : 0;
	if (!v)
		return QS_MAP_MIN;
	return v < ((size_t)1 << 20) ? (size_t)1 << 20 : (size_t)v;
}

static kg_status
map_lock(kg_qs *qs)
{
	kg_status st;
	if (qs->maplockfd < 0 &&
	    (st = open_lock(qs, "map.lock", &qs->maplockfd)))
		return st;
	/* Held only while a size is set: waiting is short. */
	while (flock(qs->maplockfd, LOCK_EX))
		if (errno != EINTR)
			return qs_fail(qs, KG_ERR_IO, "quad store %s: lock: %s",
			    qs->dir, strerror(errno));
	return KG_OK;
}

static void
map_unlock(kg_qs *qs)
{
	flock(qs->maplockfd, LOCK_UN);
}

/* The size of data.mdb, 0 if there is none yet. */
static uint64_t
map_file_size(const kg_qs *qs)
{
	size_t n = strlen(qs->dir) + 16;
	char *p = malloc(n);
	struct stat sb;
	uint64_t size = 0;
	if (p) {
		snprintf(p, n, "%s/data.mdb", qs->dir);
		if (stat(p, &sb) == 0)
			size = (uint64_t)sb.st_size;
	}
	free(p);
	return size;
}

/* max(a, b) rounded up to a whole MiB, within what size_t holds. */
static size_t
map_round(uint64_t a, uint64_t b)
{
	uint64_t n = a > b ? a : b;
	uint64_t mib = (uint64_t)1 << 20;
	n = (n + mib - 1) & ~(mib - 1);
	return n > SIZE_MAX ? SIZE_MAX & ~((size_t)mib - 1) : (size_t)n;
}

/* Grows the map to at least `want` bytes, and to the file's size; no
 * txn of this handle may be open. */
static kg_status
map_grow(kg_qs *qs, uint64_t want)
{
	kg_status st = map_lock(qs);
	if (st)
		return st;
	MDB_envinfo ei;
	size_t size = map_round(want, map_file_size(qs));
	int rc = mdb_env_info(qs->env, &ei);
	if (!rc && size > ei.me_mapsize)
		rc = mdb_env_set_mapsize(qs->env, size);
	map_unlock(qs);
	return rc ? qs_mdb_fail(qs, rc, "growing the map") : KG_OK;
}

/* After MDB_MAP_RESIZED: another process's commit reaches beyond this
 * handle's map. */
static kg_status
map_follow(kg_qs *qs)
{
	if (atomic_load(&qs->readers))
		return qs_fail(qs, KG_ERR_STORE, "quad store %s: another "
		    "process grew the store; end this process's transactions "
		    "to follow", qs->dir);
	if (qs->flags & KG_QS_READONLY) {
		int rc = mdb_env_set_mapsize(qs->env, 0);
		return rc ? qs_mdb_fail(qs, rc, "growing the map") : KG_OK;
	}
	return map_grow(qs, 0);
}

kg_status
kg_qs_map_wide(kg_qs *qs)
{
	if (!(qs->flags & KG_QS_READONLY))
		return KG_OK;
	if (atomic_load(&qs->readers))
		return qs_fail(qs, KG_ERR_STORE, "quad store %s: the map "
		    "cannot move under an open transaction", qs->dir);
	size_t wide = sizeof(size_t) >= 8 ? (size_t)1 << 40 : (size_t)1 << 28;
	MDB_envinfo ei;
	int rc = mdb_env_info(qs->env, &ei);
	if (!rc && ei.me_mapsize < wide)
		rc = mdb_env_set_mapsize(qs->env, wide);
	return rc ? qs_mdb_fail(qs, rc, "widening the map") : KG_OK;
}

/* The map a write txn should have: twice what is used, at least as
 * much as kg_qs_reserve asked beyond it, and what a txn that ran out of
 * room asked for; 0 on failure (the error is on qs). */
static uint64_t
map_wanted(kg_qs *qs, const MDB_envinfo *ei)
{
	MDB_stat ms;
	int rc = mdb_env_stat(qs->env, &ms);
	if (rc) {
		qs_mdb_fail(qs, rc, "map");
		return 0;
	}
	uint64_t used = ((uint64_t)ei->me_last_pgno + 1) * ms.ms_psize;
	uint64_t want = used * 2;
	if (want < used + qs->reserve)
		want = used + qs->reserve;
	if (want < qs->map_want)
		want = qs->map_want;
	/* Grown by half again, so that small txns do not each grow it. */
	if (want > ei->me_mapsize && want < ei->me_mapsize + ei->me_mapsize / 2)
		want = ei->me_mapsize + ei->me_mapsize / 2;
	return want;
}

/* Before a write txn (writer.lock held), or before its reading begins
 * (kg_qs_map_prepare): room for the txn, unless a read txn of this
 * handle is open (LMDB cannot move the map under it). */
static kg_status
map_reserve(kg_qs *qs)
{
	MDB_envinfo ei;
	int rc = mdb_env_info(qs->env, &ei);
	if (rc)
		return qs_mdb_fail(qs, rc, "map");
	uint64_t want = map_wanted(qs, &ei);
	if (!want)
		return KG_ERR_STORE;
	qs->reserve = 0;
	if (want <= ei.me_mapsize || atomic_load(&qs->readers))
		return KG_OK;
	return map_grow(qs, want);
}

kg_status
kg_qs_map_prepare(kg_qs *qs)
{
	if ((qs->flags & KG_QS_READONLY) || qs->writing)
		return KG_OK;
	return map_reserve(qs);
}

void
kg_qs_reserve(kg_qs *qs, uint64_t bytes)
{
	qs->reserve = bytes;
}

/* Opens the named databases in a read txn (write 0), which never waits for
 * a writer; KG_DONE when one is missing and write 0.  With write 1 the
 * missing ones are created (a new store). */
static kg_status
open_dbs(kg_qs *qs, int write)
{
	MDB_txn *t;
	int rc = mdb_txn_begin(qs->env, NULL, write ? 0 : MDB_RDONLY, &t);
	if (rc)
		return qs_mdb_fail(qs, rc, "begin");
	unsigned c = write ? MDB_CREATE : 0;
	const char *what = "meta";
	if ((rc = mdb_dbi_open(t, "meta", c, &qs->meta)))
		goto fail;
	MDB_val k = qs_val("version", 7), v;
	rc = mdb_get(t, qs->meta, &k, &v);
	if (rc == MDB_NOTFOUND && write) {
		v = qs_val(KG_QS_FORMAT, strlen(KG_QS_FORMAT));
		if ((rc = mdb_put(t, qs->meta, &k, &v, 0)))
			goto fail;
	} else if (rc == 0 && (v.mv_size != strlen(KG_QS_FORMAT) ||
	    memcmp(v.mv_data, KG_QS_FORMAT, v.mv_size))) {
		mdb_txn_abort(t);
		int n = v.mv_size > 64 ? 64 : (int)v.mv_size;
		return qs_fail(qs, KG_ERR_STORE, "quad store %s has format "
		    "\"%.*s\"; this kg reads \"%s\"", qs->dir, n,
		    (const char *)v.mv_data, KG_QS_FORMAT);
	} else if (rc) {
		goto fail;
	}
	what = "id2term";
	if ((rc = mdb_dbi_open(t, "id2term", c | MDB_INTEGERKEY,
	    &qs->id2term)))
		goto fail;
	what = "term2id";
	if ((rc = mdb_dbi_open(t, "term2id", c | MDB_INTEGERKEY | MDB_DUPSORT |
	    MDB_DUPFIXED | MDB_INTEGERDUP, &qs->term2id)))
		goto fail;
	for (int i = 0; i < QS_NIDX; i++) {
		what = qs_index_name[i];
		if ((rc = mdb_dbi_open(t, qs_index_name[i],
		    c | MDB_DUPSORT | MDB_DUPFIXED, &qs->idx[i])) ||
		    (rc = mdb_set_compare(t, qs->idx[i], cmp_key)) ||
		    (rc = mdb_set_dupsort(t, qs->idx[i], cmp_dup)))
			goto fail;
	}
	if ((rc = mdb_txn_commit(t)))
		return qs_mdb_fail(qs, rc, "open");
	return KG_OK;
fail:
	mdb_txn_abort(t);
	if (rc == MDB_NOTFOUND && !write)
		return qs_fail(qs, KG_DONE, "quad store %s: no \"%s\" "
		    "database: not a kg quad store", qs->dir, what);
	return qs_mdb_fail(qs, rc, what);
}

kg_status
kg_qs_open(const char *dir, unsigned flags, kg_qs **out)
{
	kg_qs *qs = calloc(1, sizeof *qs);
	*out = qs;
	if (!qs)
		return KG_ERR_NOMEM;
	qs->lockfd = qs->maplockfd = -1;
	qs->flags = flags;
	qs->lock_timeout = 10;
	if (!(qs->dir = strdup(dir)))
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	if ((flags & KG_QS_CREATE) && !(flags & KG_QS_READONLY) &&
	    mkdir(dir, 0777) && errno != EEXIST)
		return qs_fail(qs, KG_ERR_IO, "quad store %s: %s", dir,
		    strerror(errno));
	struct stat sb;
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return qs_fail(qs, KG_ERR_IO, "quad store %s: %s", dir,
		    errno ? strerror(errno) : "not a directory");
	if (!(flags & KG_QS_CREATE)) {
		size_t n = strlen(dir) + 16;
		char *p = malloc(n);
		if (!p)
			return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
		snprintf(p, n, "%s/data.mdb", dir);
		int there = access(p, F_OK) == 0;
		free(p);
		if (!there)
			return qs_fail(qs, KG_ERR_IO, "quad store %s: no "
			    "data.mdb", dir);
	}
	int rc = mdb_env_create(&qs->env);
	if (rc)
		return qs_mdb_fail(qs, rc, "create");
	if ((rc = mdb_env_set_maxdbs(qs->env, 16)) ||
	    (rc = mdb_env_set_maxreaders(qs->env, 256)))
		return qs_mdb_fail(qs, rc, "configure");
	unsigned ef = MDB_NOTLS;
	size_t map;
	kg_status st;
	if (flags & KG_QS_READONLY) {
		/* Read-only, the map only reserves address space, but a huge
		 * one costs its process a tenth of a millisecond or more to
		 * set up and tear down: 0 maps what the last writer mapped,
		 * and MDB_MAP_RESIZED follows a later growth (map_follow).
		 * kg_qs_map_wide reserves more for many threads' readers. */
		ef |= MDB_RDONLY;
		map = 0;
	} else {
		ef |= MDB_WRITEMAP;
		if ((st = map_lock(qs)))
			return st;
		map = map_round(map_file_size(qs), map_min());
	}
	if (map && (rc = mdb_env_set_mapsize(qs->env, map)))
		return qs_mdb_fail(qs, rc, "configure");
	rc = mdb_env_open(qs->env, dir, ef, 0666);
	if (!(flags & KG_QS_READONLY))
		map_unlock(qs);
	if (rc)
		return qs_fail(qs, rc == ENOENT || rc == EACCES ? KG_ERR_IO
		    : KG_ERR_STORE, "quad store %s: %s", dir, mdb_strerror(rc));
	st = open_dbs(qs, 0);
	if (st != KG_DONE)
		return st;
	if (flags & KG_QS_READONLY)
		return KG_ERR_STORE;
	/* A new store: create its databases as a writer. */
	if ((st = writer_lock(qs)))
		return st;
	st = open_dbs(qs, 1);
	writer_unlock(qs);
	return st;
}

void
kg_qs_close(kg_qs *qs)
{
	if (!qs)
		return;
	if (qs->env)
		mdb_env_close(qs->env);
	if (qs->lockfd >= 0)
		close(qs->lockfd);
	if (qs->maplockfd >= 0)
		close(qs->maplockfd);
	free(qs->dir);
	free(qs);
}

/* Takes writer.lock, waiting up to the timeout.  LMDB's own writer mutex
 * would wait forever, so this lock is taken first. */
static kg_status
writer_lock(kg_qs *qs)
{
	kg_status st;
	if (qs->lockfd < 0 && (st = open_lock(qs, "writer.lock", &qs->lockfd)))
		return st;
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (flock(qs->lockfd, LOCK_EX | LOCK_NB) == 0)
			return KG_OK;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return qs_fail(qs, KG_ERR_IO, "quad store %s: lock: %s",
			    qs->dir, strerror(errno));
		clock_gettime(CLOCK_MONOTONIC, &now);
		double waited = (double)(now.tv_sec - start.tv_sec) +
		    (double)(now.tv_nsec - start.tv_nsec) / 1e9;
		if (waited >= qs->lock_timeout)
			return qs_fail(qs, KG_ERR_LOCKED, "quad store %s: "
			    "another process is writing (waited %.1f s)",
			    qs->dir, waited);
		struct timespec d = {0, 10 * 1000 * 1000};
		nanosleep(&d, NULL);
	}
}

static void
writer_unlock(kg_qs *qs)
{
	flock(qs->lockfd, LOCK_UN);
	qs->writing = 0;
}

kg_status
qs_txn_load_meta(kg_qs_txn *txn)
{
	kg_qs *qs = txn->qs;
	MDB_val k = qs_val("quads", 5), v;
	int rc = mdb_get(txn->txn, qs->meta, &k, &v);
	txn->quads = 0;
	if (rc == 0 && v.mv_size == sizeof txn->quads)
		memcpy(&txn->quads, v.mv_data, sizeof txn->quads);
	else if (rc != MDB_NOTFOUND)
		return rc ? qs_mdb_fail(qs, rc, "meta")
		    : qs_fail(qs, KG_ERR_STORE, "quad store: bad quad count");
	k = qs_val("next_id", 7);
	rc = mdb_get(txn->txn, qs->meta, &k, &v);
	txn->next_id = 1;
	if (rc == 0 && v.mv_size == sizeof txn->next_id)
		memcpy(&txn->next_id, v.mv_data, sizeof txn->next_id);
	else if (rc != MDB_NOTFOUND)
		return rc ? qs_mdb_fail(qs, rc, "meta")
		    : qs_fail(qs, KG_ERR_STORE, "quad store: bad next id");
	return KG_OK;
}

int
kg_qs_map_was_full(const kg_qs *qs)
{
	return qs && qs->map_full;
}

kg_status
kg_qs_begin(kg_qs *qs, int write, kg_qs_txn **out)
{
	*out = NULL;
	if (write)
		qs->map_full = 0;
	if (write && (qs->flags & KG_QS_READONLY))
		return qs_fail(qs, KG_ERR_READONLY, "quad store %s is open "
		    "read-only", qs->dir);
	if (write && qs->writing)
		return qs_fail(qs, KG_ERR_LOCKED, "quad store %s: this handle "
		    "already has a write transaction", qs->dir);
	kg_qs_txn *txn = calloc(1, sizeof *txn);
	if (!txn)
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	txn->qs = qs;
	txn->write = write;
	kg_status st;
	if (write) {
		if ((st = writer_lock(qs))) {
			free(txn);
			return st;
		}
		qs->writing = 1;
		if ((st = map_reserve(qs)))
			goto fail;
	}
	int rc = mdb_txn_begin(qs->env, NULL, write ? 0 : MDB_RDONLY,
	    &txn->txn);
	if (rc == MDB_MAP_RESIZED) {
		/* Another process grew the map past this one's: follow. */
		if ((st = map_follow(qs)))
			goto fail;
		rc = mdb_txn_begin(qs->env, NULL, write ? 0 : MDB_RDONLY,
		    &txn->txn);
	}
	if (rc) {
		st = qs_mdb_fail(qs, rc, "begin");
		goto fail;
	}
	if (!write)
		atomic_fetch_add(&qs->readers, 1);
	if ((st = qs_txn_load_meta(txn))) {
		mdb_txn_abort(txn->txn);
		if (!write)
			atomic_fetch_sub(&qs->readers, 1);
		goto fail;
	}
	*out = txn;
	return KG_OK;
fail:
	if (write)
		writer_unlock(qs);
	free(txn);
	return st;
}

static int
put_meta(kg_qs_txn *txn, const char *key, const void *p, size_t n)
{
	MDB_val k = qs_val(key, strlen(key)), v = qs_val(p, n);
	return mdb_put(txn->txn, txn->qs->meta, &k, &v, 0);
}

kg_status
kg_qs_commit(kg_qs_txn *txn)
{
	kg_qs *qs = txn->qs;
	int rc = 0;
	if (txn->write && txn->dirty) {
		if ((rc = put_meta(txn, "quads", &txn->quads,
		    sizeof txn->quads)) ||
		    (rc = put_meta(txn, "next_id", &txn->next_id,
		    sizeof txn->next_id))) {
			qs_txn_release(txn);
			mdb_txn_abort(txn->txn);
			goto done;
		}
	}
	qs_txn_release(txn);
	rc = mdb_txn_commit(txn->txn);
done:
	if (txn->write)
		writer_unlock(qs);
	else
		atomic_fetch_sub(&qs->readers, 1);
	free(txn);
	return rc ? qs_mdb_fail(qs, rc, "commit") : KG_OK;
}

void
kg_qs_abort(kg_qs_txn *txn)
{
	if (!txn)
		return;
	qs_txn_release(txn);
	mdb_txn_abort(txn->txn);
	if (txn->write)
		writer_unlock(txn->qs);
	else
		atomic_fetch_sub(&txn->qs->readers, 1);
	free(txn);
}

static int
graph_count_cb(void *ctx, kg_qs_id g)
{
	(void)g;
	++*(uint64_t *)ctx;
	return 0;
}

kg_status
kg_qs_stat(kg_qs_txn *txn, kg_qs_stats *out)
{
	kg_qs *qs = txn->qs;
	memset(out, 0, sizeof *out);
	out->quads = txn->quads;
	MDB_stat ms;
	int rc = mdb_stat(txn->txn, qs->id2term, &ms);
	if (rc)
		return qs_mdb_fail(qs, rc, "stat");
	out->terms = ms.ms_entries;
	kg_status st = kg_qs_graphs(txn, graph_count_cb, &out->graphs);
	if (st)
		return st;
	/* In use: every page up to the high-water mark but the free ones.
	 * mdb_stat's page counts leave out the subtrees of duplicates, so
	 * the free list is read instead, as mdb_stat(1) -f does: each record
	 * is a list of page numbers led by its length. */
	MDB_envinfo ei;
	if ((rc = mdb_env_info(qs->env, &ei)) ||
	    (rc = mdb_stat(txn->txn, 0, &ms)))
		return qs_mdb_fail(qs, rc, "stat");
	uint64_t free_pages = 0;
	MDB_cursor *c;
	MDB_val k, v;
	/* LMDB lets only a read txn look at the free list. */
	if (txn->write)
		rc = MDB_NOTFOUND;
	else if ((rc = mdb_cursor_open(txn->txn, 0, &c)))
		return qs_mdb_fail(qs, rc, "stat");
	while (rc != MDB_NOTFOUND &&
	    (rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		size_t npg;
		if (v.mv_size >= sizeof npg) {
			memcpy(&npg, v.mv_data, sizeof npg);
			free_pages += npg;
		}
	}
	if (!txn->write)
		mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND)
		return qs_mdb_fail(qs, rc, "stat");
	uint64_t last = ei.me_last_pgno + 1;
	out->used_bytes = (last > free_pages ? last - free_pages : 0) *
	    ms.ms_psize;
	size_t n = strlen(qs->dir) + 16;
	char *p = malloc(n);
	if (!p)
		return qs_fail(qs, KG_ERR_NOMEM, "out of memory");
	snprintf(p, n, "%s/data.mdb", qs->dir);
	struct stat sb;
	if (stat(p, &sb) == 0) {
		/* Allocated, not apparent: the file is sparse up to the map. */
		out->file_bytes = (uint64_t)sb.st_blocks * 512;
		out->map_bytes = ei.me_mapsize;
	}
	free(p);
	return KG_OK;
}
