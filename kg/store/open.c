/* open.c: opening a store from a spec, locking, closing. */
#include "store/backend.h"
#include "store/native.h"
#include "store/plugin.h"
#include "store/txn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Files of an on-disk store: Redland's hashes are "kg-*.db"; the marker
 * says the directory is a kg store; the lock file serialises writers. */
#define STORE_NAME "kg"
#define MARKER "kg-store"
#define LOCKFILE "kg.lock"

static int
is_dir_store(const char *spec)
{
	return strcmp(spec, "memory") != 0 &&
	       strncmp(spec, "postgresql:", 11) != 0 &&
	       strncmp(spec, "virtuoso:", 9) != 0;
}

/* The directory of a Redland hashes store on disk: "hashes:DIR", or a
 * directory that kg 0.1 made (its marker, and no LMDB data file).
 * NULL for every other spec. */
static const char *
hashes_dir(const char *spec)
{
	if (!strncmp(spec, "hashes:", 7))
		return spec + 7;
	if (!is_dir_store(spec) || kg_native_exists(spec))
		return NULL;
	size_t n = strlen(spec) + sizeof "/" MARKER;
	char *marker = malloc(n);
	if (!marker)
		return NULL;
	snprintf(marker, n, "%s/%s", spec, MARKER);
	struct stat sb;
	int old = stat(marker, &sb) == 0;
	free(marker);
	return old ? spec : NULL;
}

static char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int
file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int
kg_db_spec_is_new(const char *spec)
{
	if (!spec || !is_dir_store(spec))
		return 0;
	const char *dir = hashes_dir(spec);
	if (!dir)
		return !kg_native_exists(spec);
	char *marker = path_join(dir, MARKER);
	int is_new = marker && !file_exists(marker);
	free(marker);
	return is_new;
}

/* mkdir -p */
static int
make_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

static kg_status
lock_store(kg_db *db, const char *dir, int exclusive)
{
	char *path = path_join(dir, LOCKFILE);
	if (!path)
		return KG_ERR_NOMEM;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && !exclusive)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kg_status st = kg_db_error(db, KG_ERR_IO, path, 0, 0,
		                           "cannot open lock file %s: %s", path,
		                           strerror(errno));
		free(path);
		return st;
	}
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB)) {
		int e = errno;
		close(fd);
		kg_status st;
		if (e == EWOULDBLOCK)
			st = kg_db_error(db, KG_ERR_LOCKED, NULL, 0, 0,
			                 "store %s is in use by another kg process "
			                 "that is %s it; try again when it has "
			                 "finished", dir,
			                 exclusive ? "using" : "writing");
		else
			st = kg_db_error(db, KG_ERR_IO, path, 0, 0,
			                 "cannot lock %s: %s", path, strerror(e));
		free(path);
		return st;
	}
	free(path);
	db->store->lock_fd = fd;
	return KG_OK;
}

static kg_status
open_dir_store(kg_db *db, const char *dir, unsigned flags)
{
	char *marker = path_join(dir, MARKER);
	if (!marker)
		return KG_ERR_NOMEM;
	int exists = file_exists(marker);
	kg_status st = KG_OK;
	if (!exists) {
		if (!(flags & KG_OPEN_CREATE) || (flags & KG_OPEN_READONLY)) {
			st = kg_db_error(db, KG_ERR_IO, dir, 0, 0,
			                 "%s is not a kg store (no such store; "
			                 "create it with 'kg load')", dir);
			goto out;
		}
		struct stat sb;
		if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
			st = kg_db_error(db, KG_ERR_IO, dir, 0, 0,
			                 "%s exists and is not a directory", dir);
			goto out;
		}
		if (make_dirs(dir)) {
			st = kg_db_error(db, KG_ERR_IO, dir, 0, 0,
			                 "cannot create %s: %s", dir,
			                 strerror(errno));
			goto out;
		}
		flags |= KG_OPEN_NEW;
	}
	st = lock_store(db, dir, !(flags & KG_OPEN_READONLY));
	if (st)
		goto out;
	/* An update whose writer died left a snapshot: put it back before
	 * Berkeley DB reads files that may be half-written. */
	if (exists)
		st = kg_txn_recover(db, dir, !(flags & KG_OPEN_READONLY));
	if (st)
		goto out;
	st = db->store->rl_ops->open(db, dir, dir, flags);
	if (st)
		goto out;
	if (!exists) {
		FILE *f = fopen(marker, "w");
		if (!f || fprintf(f, "kg store 1\n") < 0 || fclose(f)) {
			if (f)
				fclose(f);
			st = kg_db_error(db, KG_ERR_IO, marker, 0, 0,
			                 "cannot write %s: %s", marker,
			                 strerror(errno));
		}
	}
out:
	free(marker);
	return st;
}

/* kg's own store in directory `dir` (lmdb/, native.c): no lock file of
 * kg's, LMDB serialises writers and never blocks readers. */
static kg_status
open_native(kg_db *db, const char *dir, unsigned flags)
{
	if (!kg_native_exists(dir)) {
		if (!(flags & KG_OPEN_CREATE) || (flags & KG_OPEN_READONLY))
			return kg_db_error(db, KG_ERR_IO, dir, 0, 0,
			                   "%s is not a kg store (no such store; "
			                   "create it with 'kg load')", dir);
		struct stat sb;
		if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
			return kg_db_error(db, KG_ERR_IO, dir, 0, 0,
			                   "%s exists and is not a directory", dir);
		if (make_dirs(dir))
			return kg_db_error(db, KG_ERR_IO, dir, 0, 0,
			                   "cannot create %s: %s", dir,
			                   strerror(errno));
	}
	return kg_native_open(db, dir, flags);
}

/* "memory": kg's own store in a directory of its own under the system's
 * temporary directory (P_tmpdir: the library reads no environment),
 * removed at close, so that a scratch store answers exactly as a store
 * on disk does. */
static kg_status
open_scratch(kg_db *db)
{
	char *dir = NULL;
	if (asprintf(&dir, "%s/kg-scratch-XXXXXX", P_tmpdir) < 0)
		return KG_ERR_NOMEM;
	if (!mkdtemp(dir)) {
		kg_status st = kg_db_error(db, KG_ERR_IO, dir, 0, 0,
		                           "cannot make a scratch store in %s: %s",
		                           dir, strerror(errno));
		free(dir);
		return st;
	}
	db->store->scratch = dir;
	return kg_native_open(db, dir, KG_OPEN_CREATE);
}

/* Removes a scratch store's directory and every file LMDB and kg made
 * in it (the directory is kg's own: nothing else is there). */
static void
remove_scratch(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = path_join(dir, e->d_name);
		if (p)
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	free(dir);
}

kg_status
kg_db_open(const char *spec, unsigned flags, kg_db **out)
{
	*out = NULL;
	kg_db *db = calloc(1, sizeof *db);
	if (!db)
		return KG_ERR_NOMEM;
	*out = db;
	db->flags = flags;
	if (!(db->store = calloc(1, sizeof *db->store)))
		return KG_ERR_NOMEM;
	db->store->lock_fd = -1;
	if (!spec || !*spec)
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "empty store specification");
	db->spec = strdup(spec);
	if (!db->spec)
		return KG_ERR_NOMEM;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(db->session_scope, sizeof db->session_scope, "s%lx%lx",
	         (unsigned long)now.tv_sec, (unsigned long)now.tv_nsec ^
	         (unsigned long)getpid());
	kg_status st = kg_prefix_defaults(db);
	if (st)
		return st;
	/* An endpoint: no storage here, queries go to it whole. */
	if (!strncmp(spec, "http://", 7) || !strncmp(spec, "https://", 8)) {
		db->remote = 1;
		return KG_OK;
	}
	const char *hdir = hashes_dir(spec);
	if (is_dir_store(spec) && !hdir)
		return open_native(db, spec, flags);
	if (!strcmp(spec, "memory"))
		return open_scratch(db);
	/* Redland's storages: through the plugin. */
	char what[64];
	snprintf(what, sizeof what, "store '%.40s%s'", spec,
	         strlen(spec) > 40 ? "..." : "");
	if (!(db->store->rl_ops = kg_plugin(db, what)))
		return db->err_status;
	db->store->redland = 1;
	if (hdir)
		return open_dir_store(db, hdir, flags);
	return db->store->rl_ops->open(db, spec, NULL, flags);
}

kg_status
kg_db_open_shared(kg_db *db, kg_db **out)
{
	*out = NULL;
	if (!db || !db->store)
		return KG_ERR_ARG;
	if (!db->store->qs)
		return kg_db_error(db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
		                   "only kg's own store can be shared between "
		                   "threads; store '%s' is one of Redland's",
		                   db->spec ? db->spec : "");
	kg_db *s = calloc(1, sizeof *s);
	if (!s)
		return KG_ERR_NOMEM;
	*out = s;
	s->flags = db->flags & ~(unsigned)(KG_OPEN_CREATE | KG_OPEN_NEW);
	s->profiling = db->profiling;
	if (!(s->store = calloc(1, sizeof *s->store)))
		return KG_ERR_NOMEM;
	s->store->lock_fd = -1;
	if (!(s->spec = strdup(db->spec)))
		return KG_ERR_NOMEM;
	/* Its own blank node scope: the address tells apart two sessions
	 * opened within the clock's resolution. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(s->session_scope, sizeof s->session_scope, "s%lx%lx",
	         (unsigned long)now.tv_sec, (unsigned long)now.tv_nsec ^
	         (unsigned long)(uintptr_t)s);
	for (size_t i = 0; i < db->n_prefixes; i++) {
		kg_status st = kg_db_prefix_set(s, db->prefixes[i].prefix,
		                                db->prefixes[i].iri);
		if (st)
			return st;
	}
	kg_store_share *sh = db->store->share;
	if (!sh) {
		/* From now on readers overlap: the map must not have to
		 * move under them. */
		if (kg_qs_map_wide(db->store->qs))
			return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0, "%s",
			                   kg_qs_errmsg(db->store->qs));
		if (!(sh = calloc(1, sizeof *sh)))
			return KG_ERR_NOMEM;
		atomic_init(&sh->refs, 1);
		sh->scratch = db->store->scratch;
		db->store->scratch = NULL;
		db->store->share = sh;
	}
	atomic_fetch_add(&sh->refs, 1);
	s->store->share = sh;
	s->store->qs = db->store->qs;
	return KG_OK;
}

const char *
kg_db_dir(const kg_db *db)
{
	return db->spec && !db->store->qs ? hashes_dir(db->spec) : NULL;
}

void
kg_db_close_storage(kg_db *db)
{
	if (db->store->redland)
		db->store->rl_ops->close_storage(db);
}

kg_status
kg_db_open_storage(kg_db *db)
{
	if (!db->store->redland)
		return KG_OK;
	return db->store->rl_ops->reopen(
		db, db->spec, hashes_dir(db->spec),
		db->flags & ~(unsigned)(KG_OPEN_NEW | KG_OPEN_CREATE));
}

/* Whether this build checks its memory at exit (ASan, LeakSanitizer):
 * there what is left to the exit would be reported as leaked. */
#if defined(__SANITIZE_ADDRESS__)
#define KG_CHECKS_LEAKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define KG_CHECKS_LEAKS 1
#endif
#endif

void
kg_db_close_at_exit(kg_db *db)
{
#ifndef KG_CHECKS_LEAKS
	kg_store *s = db ? db->store : NULL;
	if (s && s->qs && !s->share && !s->scratch && !s->rl_ops) {
		/* Read slots go back to LMDB's table; the lock files'
		 * locks go with the process. */
		if (s->wtxn)
			kg_qs_abort(s->wtxn);
		if (s->rtxn)
			kg_qs_abort(s->rtxn);
		s->wtxn = s->rtxn = NULL;
		return;
	}
#endif
	kg_db_close(db);
}

void
kg_db_close(kg_db *db)
{
	if (!db)
		return;
	kg_store *store = db->store;
	if (store) {
		if (store->qs)
			kg_native_close(db);
		if (store->scratch)
			remove_scratch(store->scratch);
		if (store->rl_ops)
			store->rl_ops->release(db);
		if (store->lock_fd >= 0)
			close(store->lock_fd);
		free(store);
	}
	kg_eval_cache_free(db->eval_cache);
	kg_prefix_free_all(db);
	kg_buf_free(&db->err_msg);
	free(db->err_file);
	free(db->spec);
	free(db);
}

void
kg_db_set_service_batch(kg_db *db, size_t rows)
{
	if (db)
		db->service_batch = rows;
}

int
kg_db_is_remote(const kg_db *db)
{
	return db && db->remote;
}

void
kg_db_set_http_timeout(kg_db *db, double connect, double total)
{
	if (!db)
		return;
	db->http_connect_timeout = connect > 0 ? connect : 0;
	db->http_timeout = total > 0 ? total : 0;
}

void
kg_db_set_busy_timeout(kg_db *db, double seconds)
{
	if (db && db->store && db->store->qs)
		kg_qs_set_lock_timeout(db->store->qs, seconds);
}

long
kg_db_size(kg_db *db)
{
	if (db && db->store && db->store->qs)
		return kg_native_size(db);
	if (!db || !db->store || !db->store->redland)
		return -1;
	return db->store->rl_ops->size(db);
}
