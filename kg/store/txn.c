/* txn.c: atomic update requests (see txn.h for what each store gets). */
#include "store/backend.h"
#include "store/native.h"
#include "store/txn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The snapshot's three names: being written, valid (restore it if found
 * at open), committed (delete it if found). */
#define SNAP_TMP "kg.txn.tmp"
#define SNAP "kg.txn"
#define SNAP_DONE "kg.txn.done"

/* The store's database files: Redland's hashes are "kg-NAME.db". */
static int
is_db_file(const char *name)
{
	size_t n = strlen(name);
	return !strncmp(name, "kg-", 3) && n > 6 && !strcmp(name + n - 3, ".db");
}

static char *
join(const char *dir, const char *name)
{
	char *p = NULL;
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

static int
fsync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Copies `from` to a new file `to`, in the kernel where it can. */
static int
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (out < 0) {
		close(in);
		return -1;
	}
	int rc = 0;
	for (;;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (n > 0)
			continue;
		if (n == 0)
			break;
		if (errno != ENOSYS && errno != EXDEV && errno != EINVAL) {
			rc = -1;
			break;
		}
		/* No copy_file_range here: copy through a buffer. */
		static const size_t size = 1 << 20;
		char *buf = malloc(size);
		ssize_t r;
		while (buf && (r = read(in, buf, size)) > 0)
			if (write(out, buf, (size_t)r) != r) {
				rc = -1;
				break;
			}
		if (!buf || r < 0)
			rc = -1;
		free(buf);
		break;
	}
	if (!rc)
		rc = fsync(out);
	if (close(out))
		rc = -1;
	close(in);
	return rc;
}

/* Deletes `dir` and the files in it (a snapshot has no subdirectories). */
static int
remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = join(dir, e->d_name);
		if (!p || unlink(p))
			rc = -1;
		free(p);
	}
	closedir(d);
	return rmdir(dir) || rc ? -1 : 0;
}

static int
exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static kg_status
io_error(kg_db *db, const char *what, const char *path)
{
	return kg_db_error(db, KG_ERR_IO, path, 0, 0, "%s %s: %s", what, path,
	                   strerror(errno));
}

/* Copies the database files of `dir` into SNAP_TMP, then renames that
 * to SNAP: until the rename, a crash leaves the store as it was and
 * only a half-made snapshot to delete. */
static kg_status
snapshot(kg_db *db, const char *dir)
{
	char *tmp = join(dir, SNAP_TMP), *snap = join(dir, SNAP);
	kg_status st = KG_OK;
	DIR *d = NULL;
	if (!tmp || !snap) {
		st = KG_ERR_NOMEM;
		goto out;
	}
	if (remove_tree(tmp) || mkdir(tmp, 0777)) {
		st = io_error(db, "cannot create", tmp);
		goto out;
	}
	if (!(d = opendir(dir))) {
		st = io_error(db, "cannot read", dir);
		goto out;
	}
	struct dirent *e;
	while (!st && (e = readdir(d))) {
		if (!is_db_file(e->d_name))
			continue;
		char *from = join(dir, e->d_name), *to = join(tmp, e->d_name);
		if (!from || !to)
			st = KG_ERR_NOMEM;
		else if (copy_file(from, to))
			st = kg_db_error(db, KG_ERR_IO, to, 0, 0,
			                 "cannot copy %s aside before the update: "
			                 "%s", from, strerror(errno));
		free(from);
		free(to);
	}
	if (!st && (fsync_path(tmp, 1) || rename(tmp, snap) ||
	            fsync_path(dir, 1)))
		st = io_error(db, "cannot make the snapshot", snap);
	if (st)
		remove_tree(tmp);
out:
	if (d)
		closedir(d);
	free(tmp);
	free(snap);
	return st;
}

/* Moves the files of the snapshot SNAP back over the store's.  Each
 * rename is atomic and the set of files is fixed, so a restore cut
 * short is finished by the next one. */
static kg_status
restore(kg_db *db, const char *dir)
{
	char *snap = join(dir, SNAP);
	if (!snap)
		return KG_ERR_NOMEM;
	DIR *d = opendir(snap);
	kg_status st = d ? KG_OK : io_error(db, "cannot read", snap);
	struct dirent *e;
	while (d && !st && (e = readdir(d))) {
		if (!is_db_file(e->d_name))
			continue;
		char *from = join(snap, e->d_name), *to = join(dir, e->d_name);
		if (!from || !to)
			st = KG_ERR_NOMEM;
		else if (rename(from, to))
			st = io_error(db, "cannot restore", to);
		free(from);
		free(to);
	}
	if (d)
		closedir(d);
	if (!st && (fsync_path(dir, 1) || remove_tree(snap)))
		st = io_error(db, "cannot remove", snap);
	free(snap);
	return st;
}

kg_status
kg_txn_recover(kg_db *db, const char *dir, int exclusive)
{
	char *tmp = join(dir, SNAP_TMP), *snap = join(dir, SNAP),
	     *done = join(dir, SNAP_DONE);
	kg_status st = KG_OK;
	if (!tmp || !snap || !done) {
		st = KG_ERR_NOMEM;
		goto out;
	}
	if (!exists(tmp) && !exists(snap) && !exists(done))
		goto out;
	/* A writer holds its exclusive lock for as long as it runs, and we
	 * hold a lock too: whoever left these files is dead.  A reader
	 * needs the exclusive lock to repair the store. */
	if (!exclusive && flock(db->store->lock_fd, LOCK_EX | LOCK_NB)) {
		st = kg_db_error(db, KG_ERR_LOCKED, NULL, 0, 0,
		                 "store %s was left mid-update by a kg process "
		                 "that died and another process is opening it; "
		                 "try again", dir);
		goto out;
	}
	if (exists(snap))
		st = restore(db, dir);
	if (!st && (remove_tree(tmp) || remove_tree(done)))
		st = io_error(db, "cannot remove", tmp);
	if (!exclusive && flock(db->store->lock_fd, LOCK_SH | LOCK_NB) && !st)
		st = kg_db_error(db, KG_ERR_LOCKED, NULL, 0, 0,
		                 "cannot lock store %s", dir);
out:
	free(tmp);
	free(snap);
	free(done);
	return st;
}

kg_status
kg_txn_begin(kg_db *db, kg_txn *t)
{
	t->open = 0;
	if (db->store->qs) {
		if (kg_native_writing(db)) {
			t->kind = KG_TXN_JOINED;
			t->open = 1;
			return KG_OK;
		}
		t->kind = KG_TXN_NATIVE;
		kg_status st = kg_native_begin(db);
		t->open = !st;
		return st;
	}
	const char *dir = kg_db_dir(db);
	if (dir) {
		t->kind = KG_TXN_SNAPSHOT;
		/* The files must hold everything before they are copied. */
		if (db->store->rl_ops->sync(db))
			return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
			                   "cannot sync the store");
		kg_status st = snapshot(db, dir);
		t->open = !st;
		return st;
	}
	/* Redland's memory hashes have no transactions.  Its PostgreSQL
	 * storage has, but adds a node by inserting it and taking the
	 * unique-key error as "already there", and inside a transaction
	 * that error aborts the transaction (measured: the second INSERT
	 * DATA of a known IRI fails with "current transaction is
	 * aborted").  So every store but the on-disk one undoes its logged
	 * changes itself. */
	t->kind = KG_TXN_LOG;
	t->open = 1;
	return KG_OK;
}

kg_status
kg_txn_prepare(kg_db *db)
{
	if (!db->store->qs || kg_native_writing(db))
		return KG_OK;
	kg_native_refresh(db);
	kg_status st = kg_qs_map_prepare(db->store->qs);
	return st ? kg_db_error(db, st, NULL, 0, 0, "%s",
	                        kg_qs_errmsg(db->store->qs)) : KG_OK;
}

int
kg_txn_may_retry(kg_db *db, const kg_txn *t)
{
	return t->kind == KG_TXN_NATIVE && db->store->qs &&
	       kg_qs_map_was_full(db->store->qs);
}

kg_status
kg_txn_commit(kg_db *db, kg_txn *t)
{
	if (!t->open)
		return KG_OK;
	t->open = 0;
	switch (t->kind) {
	case KG_TXN_SNAPSHOT: {
		const char *dir = kg_db_dir(db);
		if (db->store->rl_ops->sync(db)) {
			t->open = 1;
			return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
			                   "cannot sync the store");
		}
		char *snap = join(dir, SNAP), *done = join(dir, SNAP_DONE);
		kg_status st = KG_OK;
		if (!snap || !done) {
			t->open = 1;
			st = KG_ERR_NOMEM;
		} else if (rename(snap, done)) {
			/* The changes are on disk but the commit point was not
			 * reached: a later open will undo them.  Say so. */
			t->open = 1;
			st = io_error(db, "cannot commit: rename failed for", snap);
		} else {
			/* Committed; what follows only tidies up. */
			fsync_path(dir, 1);
			remove_tree(done);
		}
		free(snap);
		free(done);
		return st;
	}
	case KG_TXN_LOG:
		db->store->rl_ops->sync(db);
		return KG_OK;
	case KG_TXN_NATIVE:
		return kg_native_commit(db);
	case KG_TXN_JOINED:
		return KG_OK;
	}
	return KG_OK;
}

kg_status
kg_txn_rollback(kg_db *db, kg_txn *t)
{
	if (!t->open)
		return KG_OK;
	t->open = 0;
	switch (t->kind) {
	case KG_TXN_SNAPSHOT: {
		/* Closing flushes the half-changed pages; the snapshot's
		 * files then replace them. */
		kg_db_close_storage(db);
		kg_status st = restore(db, kg_db_dir(db));
		kg_status st2 = kg_db_open_storage(db);
		return st ? st : st2;
	}
	case KG_TXN_LOG:
		return KG_OK;
	case KG_TXN_NATIVE:
		kg_native_rollback(db);
		return KG_OK;
	case KG_TXN_JOINED:
		/* The caller's transaction can no longer commit whole. */
		kg_native_fail(db);
		return KG_OK;
	}
	return KG_OK;
}

/* ---- the caller's transaction (kg.h) ----------------------------------- */

kg_status
kg_db_transaction_begin(kg_db *db)
{
	if (!db || !db->store)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (!db->store->qs)
		return KG_OK; /* Redland's: each operation on its own */
	return kg_native_begin(db);
}

void
kg_db_transaction_reserve(kg_db *db, uint64_t bytes)
{
	if (db && db->store && db->store->qs)
		kg_qs_reserve(db->store->qs, bytes);
}

int
kg_db_out_of_room(const kg_db *db)
{
	return db && db->store && db->store->qs &&
	       kg_qs_map_was_full(db->store->qs);
}

kg_status
kg_db_transaction_commit(kg_db *db)
{
	if (!db || !db->store)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (!db->store->qs)
		return KG_OK;
	return kg_native_commit(db);
}

kg_status
kg_db_transaction_rollback(kg_db *db)
{
	if (!db || !db->store)
		return KG_ERR_ARG;
	if (!db->store->qs)
		return KG_DONE;
	/* The error of what failed stays on db for the caller to show. */
	kg_native_rollback(db);
	return KG_OK;
}
