/* load.c: streaming RDF files into the store, parsed by Raptor in the
 * Redland plugin (plugin.h: loaded at the first load).
 *
 * Into kg's own store a file is read once, inside one write
 * transaction, through the quad store's bulk loader: a syntax error (or
 * a kill) leaves the store as it was.  Into Redland's storages, which
 * have no transactions, a file is read twice: once to check its syntax,
 * adding nothing, and once to add it; standard input is first copied to
 * a temporary file so that it can be read twice.  Either way memory
 * does not grow with the file.
 *
 * Into kg's own store, Raptor runs in a thread of its own: it parses and
 * encodes each term (kg_qs_term_encode) into a ring of buffers, while
 * the calling thread, which owns the write transaction (LMDB's rule),
 * feeds the bulk loader from them.  The parser thread alone touches the
 * kg_db (its error, bnode labels) until it is joined; the loading thread
 * keeps its own error and progress, and reports them after the join.
 */
#include "store/acled.h"
#include "store/backend.h"
#include "store/native.h"
#include "store/plugin.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536
#define PROGRESS_EVERY 20000

static const struct {
	const char *ext;
	const char *format;
} extensions[] = {
	{".ttl", "turtle"},  {".turtle", "turtle"}, {".nt", "ntriples"},
	{".ntriples", "ntriples"}, {".nq", "nquads"}, {".nquads", "nquads"},
	{".trig", "trig"},   {".rdf", "rdfxml"},    {".owl", "rdfxml"},
	{".xml", "rdfxml"},
};

static const char *const formats[] = {"turtle", "ntriples", "nquads", "trig",
                                      "rdfxml"};

const char *
kg_format_guess(const char *path)
{
	if (!path)
		return NULL;
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
		size_t e = strlen(extensions[i].ext);
		if (n > e && !strcasecmp(path + n - e, extensions[i].ext))
			return extensions[i].format;
	}
	return NULL;
}

static int
known_format(const char *f)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(f, formats[i]))
			return 1;
	return 0;
}

/* The ring between the parser thread and the loading thread. */
enum { RING_BUFS = 4, RING_CAP = 256 * 1024 };

typedef struct {
	unsigned char *p;
	size_t len, cap;
	uint64_t bytes, size; /* the file's, read so far and in all */
} ring_buf;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t filled_cv, freed_cv;
	ring_buf buf[RING_BUFS];
	int filled;          /* buffers handed to the loader, not yet back */
	int head;            /* the buffer the parser fills */
	int done;            /* the parser has handed over its last one */
	atomic_int stop;     /* the loader failed: parse no further */
	/* the parser's copy of each slot's last term, for "same again" */
	struct {
		unsigned char *p;
		size_t n, cap;
	} last[4];
} ring;

typedef struct {
	kg_db *db;
	const kg_plugin_ops *ops;
	ring *ring;            /* kg's own store: the parser's output */
	kg_parse_job *job;     /* the parse under way */
	const char *path;      /* as the user named it, for messages */
	FILE *in;              /* kg_db_load_buffer: the bytes, not path;
	                          the caller closes it */
	int adding;            /* 0 in the checking pass */
	kg_qs_bulk *bulk;      /* kg's own store: the load's bulk loader */
	FILE *input;           /* already open (ACLED's, converted): read
	                          this, not the file at path */
	kg_status st;
	kg_load_progress prog;
	const kg_load_options *opts;
	struct timespec t0;
} loader;

static double
elapsed(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static kg_status
add_native(loader *l, const kg_term *const q[4])
{
	kg_term t[4];
	for (int i = 0; i < 4; i++)
		if (q[i]) {
			t[i] = *q[i];
			kg_native_canonical(&t[i]);
		}
	kg_status st = kg_qs_bulk_add(l->bulk, &t[0], &t[1], &t[2],
	                              q[3] ? &t[3] : NULL);
	if (st)
		return kg_db_error(l->db, st, NULL, 0, 0, "%s",
		                   kg_qs_errmsg(l->db->store->qs));
	return KG_OK;
}

/* Hands the buffer being filled to the loader and waits for a free one;
 * the parser thread. */
static void
ring_publish(loader *l)
{
	ring *r = l->ring;
	ring_buf *b = &r->buf[r->head];
	b->bytes = l->prog.bytes;
	b->size = l->prog.size;
	pthread_mutex_lock(&r->mu);
	r->filled++;
	pthread_cond_signal(&r->filled_cv);
	while (r->filled == RING_BUFS)
		pthread_cond_wait(&r->freed_cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
	r->head = (r->head + 1) % RING_BUFS;
	r->buf[r->head].len = 0;
}

/* Room for n more bytes in the buffer being filled (a record is never
 * split); NULL when out of memory. */
static unsigned char *
ring_room(loader *l, size_t n)
{
	ring_buf *b = &l->ring->buf[l->ring->head];
	if (b->len + n > b->cap && b->len) {
		ring_publish(l);
		b = &l->ring->buf[l->ring->head];
	}
	if (n > b->cap) {
		unsigned char *p = realloc(b->p, n);
		if (!p)
			return NULL;
		b->p = p;
		b->cap = n;
	}
	return b->p + b->len;
}

/*
 * A record: four uint32 lengths (0: the slot's last term again;
 * UINT32_MAX: no term), then for each term given its uint64 hash and its
 * bytes, padded to 8.
 */
#define REC_NONE UINT32_MAX
#define REC_PAD(n) (((n) + 7) & ~(size_t)7)

static kg_status
add_encoded(loader *l, const kg_term *const rt[4])
{
	ring *r = l->ring;
	kg_qs *qs = l->db->store->qs;
	kg_term t[4];
	size_t need = 16;
	for (int i = 0; i < 4; i++) {
		if (!rt[i])
			continue;
		t[i] = *rt[i];
		kg_native_canonical(&t[i]);
		/* an upper bound of the encoding; kg_qs_term_encode checks */
		size_t n = 3 + strlen(t[i].value) +
		           (t[i].lang ? strlen(t[i].lang)
		            : t[i].datatype ? strlen(t[i].datatype) : 0);
		need += 8 + REC_PAD(n);
	}
	unsigned char *rec = ring_room(l, need);
	if (!rec)
		return kg_db_error(l->db, KG_ERR_NOMEM, NULL, 0, 0,
		                   "out of memory");
	uint32_t len[4];
	size_t at = 16;
	for (int i = 0; i < 4; i++) {
		len[i] = REC_NONE;
		if (!rt[i])
			continue;
		uint64_t h = 0;
		unsigned char *enc = rec + at + 8;
		size_t n = kg_qs_term_encode(qs, &t[i], enc, need - at - 8, &h);
		if (n == 0 || n > need - at - 8 || n >= REC_NONE)
			return kg_db_error(l->db, KG_ERR_ARG, NULL, 0, 0,
			                   "quad store: not a valid term");
		if (r->last[i].n == n && !memcmp(r->last[i].p, enc, n)) {
			len[i] = 0;
			continue;
		}
		if (n > r->last[i].cap) {
			unsigned char *np = realloc(r->last[i].p, n);
			if (!np)
				return kg_db_error(l->db, KG_ERR_NOMEM, NULL, 0,
				                   0, "out of memory");
			r->last[i].p = np;
			r->last[i].cap = n;
		}
		memcpy(r->last[i].p, enc, n);
		r->last[i].n = n;
		len[i] = (uint32_t)n;
		memcpy(rec + at, &h, 8);
		at += 8 + REC_PAD(n);
	}
	memcpy(rec, len, sizeof len);
	r->buf[r->head].len += at;
	return KG_OK;
}

/* Each quad the parser reads: the plugin's callback (plugin.h). */
static kg_status
on_quad(void *ctx, const kg_term *const q[4])
{
	loader *l = ctx;
	kg_db *db = l->db;
	if (l->ring && atomic_load(&l->ring->stop))
		return KG_ERR_INTERRUPTED; /* the loader's error, told later */
	kg_status st = KG_OK;
	l->prog.triples++;
	l->prog.bytes = l->job->bytes;
	if (!l->adding)
		; /* the checking pass */
	else if (l->ring)
		st = add_encoded(l, q);
	else if (l->bulk)
		st = add_native(l, q);
	else if (!(st = l->ops->change(db, q, 1)))
		l->prog.added++;
	else if (st == KG_DONE)
		st = KG_OK; /* the graph holds it already */
	if (st || l->prog.triples % PROGRESS_EVERY)
		return st;
	if (db->interrupted)
		return kg_db_error(db, KG_ERR_INTERRUPTED, NULL, 0, 0,
		                   "load interrupted");
	if (l->adding && !l->ring && l->opts && l->opts->progress) {
		l->prog.seconds = elapsed(&l->t0);
		if (l->opts->progress(l->opts->progress_ctx, &l->prog))
			return kg_db_error(db, KG_ERR_INTERRUPTED, NULL, 0, 0,
			                   "load interrupted");
	}
	return KG_OK;
}

/* One pass over the file.  Returns the status; syntax errors arrive
 * through the plugin as KG_ERR_SYNTAX with the line and column. */
static kg_status
parse_pass(loader *l, FILE *f, const char *format, const char *base,
           const char *graph)
{
	kg_parse_job job;
	memset(&job, 0, sizeof job);
	job.f = f;
	job.path = l->path;
	job.format = format;
	job.base = base;
	job.graph = graph;
	job.quad = on_quad;
	job.ctx = l;
	l->job = &job;
	l->prog.triples = l->prog.bytes = 0;
	kg_status st = l->ops->parse(l->db, &job);
	l->prog.bytes = job.bytes;
	l->job = NULL;
	return st;
}

/* Copies standard input to an unlinked temporary file. */
static FILE *
spool_stdin(kg_db *db)
{
	FILE *tmp = tmpfile();
	if (!tmp) {
		kg_db_error(db, KG_ERR_IO, NULL, 0, 0,
		            "cannot create a temporary file: %s", strerror(errno));
		return NULL;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		if (fwrite(buf, 1, n, tmp) != n) {
			kg_db_error(db, KG_ERR_IO, NULL, 0, 0,
			            "cannot spool standard input: %s",
			            strerror(errno));
			fclose(tmp);
			return NULL;
		}
	rewind(tmp);
	return tmp;
}

/* The file:// IRI of `path`, made absolute, as Raptor spells one: a
 * space becomes %20 and a '%' %25, every other byte stays; caller
 * frees. */
static char *
file_iri(const char *path)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs))
		return NULL;
	char *iri = malloc(sizeof "file://" + 3 * strlen(abs));
	if (!iri)
		return NULL;
	char *to = iri + sprintf(iri, "file://");
	for (const char *c = abs; *c; c++)
		if (*c == ' ' || *c == '%')
			to += sprintf(to, "%%%02X", (unsigned char)*c);
		else
			*to++ = *c;
	*to = '\0';
	return iri;
}

static kg_status
load_file(loader *l, const char *path, const kg_load_options *opts)
{
	kg_db *db = l->db;
	const char *format = opts && opts->format ? opts->format
	                                          : kg_format_guess(path);
	if (!format)
		return kg_db_error(db, KG_ERR_ARG, path, 0, 0,
		                   "%s: cannot tell the RDF format from the "
		                   "file name; give one with --format", path);
	if (l->input)
		format = "ntriples";
	if (!known_format(format))
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "unknown RDF format '%s' (known: turtle, "
		                   "ntriples, nquads, trig, rdfxml, acled)",
		                   format);
	int from_stdin = !l->in && !l->input && !strcmp(path, "-");
	FILE *f = l->input ? l->input
	          : l->in ? l->in
	          : from_stdin ? spool_stdin(db) : fopen(path, "rb");
	int borrowed = f && f == l->in;
	l->input = NULL; /* closed below, like a file opened here */
	if (!f)
		return db->err_status ? db->err_status
		       : kg_db_error(db, KG_ERR_IO, path, 0, 0, "cannot open %s: %s",
		                     path, strerror(errno));
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			fclose(f);
			return kg_db_error(db, KG_ERR_IO, path, 0, 0,
			                   "%s is a directory", path);
		}
		l->prog.size = (uint64_t)sb.st_size;
	}

	char *own_iri = from_stdin || borrowed ? NULL : file_iri(path);
	const char *base_str = opts && opts->base ? opts->base
	                       : own_iri ? (const char *)own_iri
	                       : borrowed ? "urn:kg:buffer" : "urn:kg:stdin";
	const char *graph_str = opts && opts->graph ? opts->graph : base_str;
	/* Blank node labels are scoped by graph and file, so loading a file
	 * again yields the same nodes (and adds nothing), while two files
	 * never share a blank node by accident. */
	uint64_t h = 1469598103934665603ull;
	for (const char *c = graph_str; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	for (const char *c = base_str; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	snprintf(db->bnode_scope, sizeof db->bnode_scope, "b%016llx",
	         (unsigned long long)h);
	if (opts && (opts->flags & KG_LOAD_DEFAULT_GRAPH))
		graph_str = NULL;
	kg_status st = KG_OK;
	if (l->bulk || l->ring) {
		/* kg's own store: one pass, inside the transaction. */
		l->adding = 1;
		db->bnode_counter = 0;
		st = parse_pass(l, f, format, base_str, graph_str);
		goto parsed;
	}
	if (!st) {
		db->bnode_counter = 0;
		st = parse_pass(l, f, format, base_str, graph_str);
	}
	if (!st) {
		rewind(f);
		l->adding = 1;
		l->prog.added = 0;
		db->bnode_counter = 0;
		st = parse_pass(l, f, format, base_str, graph_str);
	}
parsed:
	db->bnode_scope[0] = '\0';
	l->prog.seconds = elapsed(&l->t0);
	if (!st && !l->ring && l->opts && l->opts->progress)
		l->opts->progress(l->opts->progress_ctx, &l->prog);
	free(own_iri);
	if (!borrowed)
		fclose(f);
	return st;
}

typedef struct {
	loader *l;
	const char *path;
	const kg_load_options *opts;
	kg_status st;
} parse_job;

/* The parser thread: the whole of load_file, then the last buffer. */
static void *
parse_thread(void *arg)
{
	parse_job *j = arg;
	loader *l = j->l;
	ring *r = l->ring;
	j->st = load_file(l, j->path, j->opts);
	r->buf[r->head].bytes = l->prog.bytes;
	r->buf[r->head].size = l->prog.size;
	pthread_mutex_lock(&r->mu);
	r->filled++;
	r->done = 1;
	pthread_cond_signal(&r->filled_cv);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Feeds the records of buffer b to the bulk loader; the loading thread.
 * Counts them in *triples and calls the progress callback. */
static kg_status
feed(loader *l, const ring_buf *b, kg_load_progress *prog, char *msg,
     size_t msgcap)
{
	kg_db *db = l->db;
	size_t at = 0;
	while (at < b->len) {
		uint32_t len[4];
		memcpy(len, b->p + at, sizeof len);
		at += 16;
		kg_qs_encoded q[4];
		for (int i = 0; i < 4; i++) {
			q[i].p = NULL;
			q[i].n = 0;
			q[i].hash = 0;
			if (len[i] == REC_NONE)
				continue;
			q[i].p = b->p; /* any non-NULL: "the last one" */
			if (!len[i])
				continue;
			memcpy(&q[i].hash, b->p + at, 8);
			q[i].p = b->p + at + 8;
			q[i].n = len[i];
			at += 8 + REC_PAD(len[i]);
		}
		kg_status st = kg_qs_bulk_add_encoded(l->bulk, q);
		if (st) {
			snprintf(msg, msgcap, "%s", kg_qs_errmsg(db->store->qs));
			return st;
		}
		if (++prog->triples % PROGRESS_EVERY == 0 && l->opts &&
		    l->opts->progress) {
			prog->bytes = b->bytes;
			prog->size = b->size;
			prog->seconds = elapsed(&l->t0);
			if (l->opts->progress(l->opts->progress_ctx, prog)) {
				snprintf(msg, msgcap, "load interrupted");
				return KG_ERR_INTERRUPTED;
			}
		}
	}
	return KG_OK;
}

/* load_file with the parse in a thread of its own (see the top). */
static kg_status
load_parallel(loader *l, const char *path, const kg_load_options *opts)
{
	kg_db *db = l->db;
	ring r;
	memset(&r, 0, sizeof r);
	for (int i = 0; i < RING_BUFS; i++) {
		r.buf[i].p = malloc(RING_CAP);
		r.buf[i].cap = RING_CAP;
		if (!r.buf[i].p) {
			for (int k = 0; k <= i; k++)
				free(r.buf[k].p);
			return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
			                   "out of memory");
		}
	}
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.filled_cv, NULL);
	pthread_cond_init(&r.freed_cv, NULL);
	atomic_init(&r.stop, 0);
	l->ring = &r;
	parse_job job = {l, path, opts, KG_OK};
	pthread_t th;
	kg_status fst = KG_OK; /* the loader's own failure */
	char msg[600] = "";
	if (pthread_create(&th, NULL, parse_thread, &job)) {
		l->ring = NULL;
		job.st = load_file(l, path, opts);
		goto done;
	}
	kg_load_progress prog;
	memset(&prog, 0, sizeof prog);
	for (int tail = 0;; tail = (tail + 1) % RING_BUFS) {
		pthread_mutex_lock(&r.mu);
		while (!r.filled && !r.done)
			pthread_cond_wait(&r.filled_cv, &r.mu);
		int have = r.filled > 0;
		pthread_mutex_unlock(&r.mu);
		if (!have)
			break;
		/* After a failure the buffers are only drained, so that the
		 * parser is never left waiting for one. */
		if (!fst && (fst = feed(l, &r.buf[tail], &prog, msg,
		                        sizeof msg)))
			atomic_store(&r.stop, 1);
		pthread_mutex_lock(&r.mu);
		r.filled--;
		int last = r.done && !r.filled;
		pthread_cond_signal(&r.freed_cv);
		pthread_mutex_unlock(&r.mu);
		if (last)
			break;
	}
	pthread_join(th, NULL);
	l->ring = NULL;
done:
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.filled_cv);
	pthread_cond_destroy(&r.freed_cv);
	for (int i = 0; i < RING_BUFS; i++)
		free(r.buf[i].p);
	for (int i = 0; i < 4; i++)
		free(r.last[i].p);
	if (fst)
		return db->err_status ? db->err_status
		       : kg_db_error(db, fst, NULL, 0, 0, "%s", msg);
	if (!job.st && l->opts && l->opts->progress)
		l->opts->progress(l->opts->progress_ctx, &l->prog);
	return job.st;
}

/* Loads into kg's own store, in the caller's transaction if one is open
 * (kg_db_transaction_begin), else in one of its own. */
static kg_status
load_native(loader *l, const char *path, const kg_load_options *opts)
{
	kg_db *db = l->db;
	int own = !kg_native_writing(db);
	struct stat sb;
	/* Map room for the load: a store of N-Triples with long lines takes
	 * less than the file, one of short lines (or of Turtle) up to about
	 * three times more; beyond that the load runs again with a larger
	 * map (may_load_again). */
	if (own && strcmp(path, "-") && stat(path, &sb) == 0 &&
	    S_ISREG(sb.st_mode))
		kg_qs_reserve(db->store->qs, 3 * (uint64_t)sb.st_size);
	else if (own)
		kg_qs_reserve(db->store->qs, (uint64_t)1 << 30); /* a stream */
	kg_status st = own ? kg_native_begin(db) : KG_OK;
	if (st)
		return st;
	st = kg_qs_bulk_begin(kg_native_txn(db), 0, 0, &l->bulk);
	if (st) {
		l->bulk = NULL;
		st = kg_db_error(db, st, NULL, 0, 0, "%s",
		                 kg_qs_errmsg(db->store->qs));
	}
	/* Raptor is made here, not in the parser thread (plugin.h). */
	if (!st)
		st = l->ops->parse_prepare(db);
	if (!st)
		st = load_parallel(l, path, opts);
	uint64_t added = 0;
	if (!st) {
		st = kg_qs_bulk_end(l->bulk, &added);
		if (st)
			st = kg_db_error(db, st, NULL, 0, 0, "%s",
			                 kg_qs_errmsg(db->store->qs));
	} else {
		kg_qs_bulk_free(l->bulk);
	}
	l->bulk = NULL;
	l->prog.added = added;
	if (st) {
		if (own)
			kg_native_rollback(db);
		else
			kg_native_fail(db);
		return st;
	}
	return own ? kg_native_commit(db) : KG_OK;
}

/* After a failed load_native: whether to load the file again, because
 * its own transaction ran out of map room (it was rolled back whole);
 * the map is then grown for the next.  A stream cannot be read twice. */
static int
may_load_again(loader *l, const char *path)
{
	kg_db *db = l->db;
	if (l->in || l->input || !strcmp(path, "-") || db->interrupted ||
	    kg_native_writing(db) || !kg_qs_map_was_full(db->store->qs))
		return 0;
	return kg_qs_map_prepare(db->store->qs) == KG_OK;
}

/* kg_db_load, from `in` when it is not NULL (then `path` only names it
 * in messages). */
static kg_status
load(kg_db *db, const char *path, FILE *in, const kg_load_options *opts,
     kg_load_progress *out)
{
	if (!db || !path)
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (kg_db_local_only(db, "loading a file (LOAD <file:...> in an "
	                     "update sends it from the server's side)"))
		return db->err_status;
	if (db->flags & KG_OPEN_READONLY)
		return kg_db_error(db, KG_ERR_READONLY, NULL, 0, 0,
		                   "the store is open read-only");
	loader l;
	memset(&l, 0, sizeof l);
	l.db = db;
	l.path = path;
	l.in = in;
	l.opts = opts;
	clock_gettime(CLOCK_MONOTONIC, &l.t0);
	kg_status st;
	if (opts && opts->format && !strcmp(opts->format, "acled")) {
		/* ACLED's CSV becomes N-Triples first (acled.c), then loads
		 * like any file. */
		st = kg_acled_convert(db, path, opts->mapping, &l.input);
		if (st)
			return st;
	}
	/* Raptor is in the plugin, which a Redland store has loaded. */
	if (!(l.ops = db->store->rl_ops) &&
	    !(l.ops = db->store->rl_ops = kg_plugin(db, "reading RDF files")))
		st = db->err_status;
	else if (db->store->qs) {
		for (int attempt = 1;; attempt++) {
			st = load_native(&l, path, opts);
			if (!st || attempt == 10 || !may_load_again(&l, path))
				break;
			memset(&l.prog, 0, sizeof l.prog);
			kg_db_begin(db);
		}
	} else {
		st = load_file(&l, path, opts);
		if (!st)
			l.ops->sync(db);
	}
	if (l.input)
		fclose(l.input); /* converted but never read */
	if (out)
		*out = l.prog;
	return st;
}

kg_status
kg_db_load(kg_db *db, const char *path, const kg_load_options *opts,
           kg_load_progress *out)
{
	if (!db || !path)
		return KG_ERR_ARG;
	kg_db_begin(db);
	return load(db, path, NULL, opts, out);
}

kg_status
kg_db_load_buffer(kg_db *db, const char *data, size_t len,
                  const kg_load_options *opts, kg_load_progress *out)
{
	if (!db || (!data && len))
		return KG_ERR_ARG;
	kg_db_begin(db);
	if (!opts || !opts->format)
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "loading from memory needs a format");
	/* fmemopen's buffer is not const, but a stream opened "r" never
	 * writes to it.  It refuses an empty buffer: an empty file then. */
	FILE *in = len ? fmemopen((void *)(uintptr_t)data, len, "r")
	               : tmpfile();
	if (!in)
		return kg_db_error(db, KG_ERR_IO, NULL, 0, 0,
		                   "cannot read from memory: %s",
		                   strerror(errno));
	kg_status st = load(db, "-", in, opts, out);
	fclose(in);
	return st;
}
