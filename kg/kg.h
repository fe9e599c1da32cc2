/*
 * kg.h: the public interface of libkg, a knowledge-graph store over Redland.
 *
 * Callers see opaque handles only; no Redland, Raptor or Rasqal type
 * appears here.  Fallible calls return a kg_status; the message, file,
 * line and column of the last error live on the kg_db handle.
 *
 * Ownership: `_new`/`_open` results are freed by the matching
 * `_free`/`_close`; every `_free(NULL)` and `_close(NULL)` is a no-op.
 * Strings returned as `const char *` are owned by the object they came
 * from and stay valid until it changes or is freed, as each function says.
 *
 * The library never prints, never exits and keeps no global state.
 */
#ifndef KG_KG_H
#define KG_KG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KG_VERSION "0.1.0"

/* ---- status ----------------------------------------------------------- */

typedef enum {
	KG_OK = 0,          /* success */
	KG_DONE,            /* end of iteration, or nothing found */
	KG_ERR_NOMEM,       /* out of memory */
	KG_ERR_ARG,         /* invalid argument from the caller */
	KG_ERR_IO,          /* a file could not be read or written */
	KG_ERR_SYNTAX,      /* malformed data or query text */
	KG_ERR_STORE,       /* the storage backend failed */
	KG_ERR_LOCKED,      /* another process is writing the store */
	KG_ERR_READONLY,    /* write attempted on a store opened read-only */
	KG_ERR_QUERY,       /* the query could not be evaluated */
	KG_ERR_UNSUPPORTED, /* a feature this build or backend lacks */
	KG_ERR_INTERRUPTED  /* kg_db_interrupt() stopped the operation */
} kg_status;

/* A static English description of `st`; never NULL. */
const char *kg_strerror(kg_status st);

/* ---- terms ------------------------------------------------------------ */

typedef enum {
	KG_TERM_IRI = 1,
	KG_TERM_BLANK,
	KG_TERM_LITERAL
} kg_term_kind;

/*
 * An RDF term.  `value` is the IRI, the blank node label (without `_:`)
 * or the literal's lexical form, in UTF-8.  `datatype` is NULL for plain
 * and language-tagged literals; `lang` is NULL unless the literal has a
 * language tag.  Terms handed out by the library are borrowed: they are
 * valid until the object that produced them moves on or is freed.
 */
typedef struct {
	kg_term_kind kind;
	const char *value;
	const char *datatype;
	const char *lang;
} kg_term;

/* ---- database --------------------------------------------------------- */

typedef struct kg_db kg_db;

enum {
	KG_OPEN_READONLY = 1u << 0, /* never write; take a shared lock */
	KG_OPEN_CREATE = 1u << 1,   /* create the store if it does not exist */
	KG_OPEN_NEW = 1u << 2       /* empty an existing store first */
};

/*
 * Opens the store named by `spec`:
 *   a directory path     kg's own on-disk store (LMDB: transactions,
 *                        every index; readers never wait); a directory
 *                        made by kg 0.1 opens as Redland's hashes store
 *   "hashes:DIR"         Redland's hashes over Berkeley DB in DIR
 *   "memory"             in-memory store, gone at close
 *   "postgresql:CONNINFO" Redland's PostgreSQL storage; CONNINFO is
 *                        "host=H port=P dbname=D user=U password=W"
 *   "virtuoso:DSN"       Redland's Virtuoso storage through ODBC
 *   "http://..." or "https://..."  a SPARQL 1.1 Protocol endpoint:
 *                        kg_db_query() and kg_db_update() send the text
 *                        whole to it; loading, dump, stats and undo
 *                        fail with KG_ERR_UNSUPPORTED
 *
 * On return `*db` is set even when the open fails (unless memory ran
 * out), so that kg_db_errmsg() can say why; the caller closes it.
 * On a Redland hashes store a writer takes an exclusive lock and a
 * reader a shared one; when the lock is taken the call fails with
 * KG_ERR_LOCKED.
 */
kg_status kg_db_open(const char *spec, unsigned flags, kg_db **db);

/*
 * How long a write (a load, an update) waits for another process that is
 * writing the same store before it fails with KG_ERR_LOCKED, as sqlite's
 * busy timeout.  Default 5 seconds; 0 fails at once.  Readers never wait
 * on kg's own store; Redland's stores lock at open instead.
 */
void kg_db_set_busy_timeout(kg_db *db, double seconds);

/*
 * For a db on a SPARQL endpoint (a spec that is an http:// or https://
 * URL; kg sends queries and updates to it whole): how long connecting
 * may take and how long a whole request may take, in seconds; 0 or
 * less: kg's default (10 s to connect, no limit on a request).
 */
void kg_db_set_http_timeout(kg_db *db, double connect, double total);

/* How many rows of bindings SERVICE sends per request (in a VALUES
 * block); 0: kg's default, 200.  1 sends one request per row. */
void kg_db_set_service_batch(kg_db *db, size_t rows);

/* Whether `db` is a SPARQL endpoint's client (an http(s) spec). */
int kg_db_is_remote(const kg_db *db);

/*
 * Opens a second handle on the store `db` has open, for another thread:
 * kg's own store is opened once per process (LMDB's rule) and shared,
 * while each handle has its own read snapshot, write transaction, error
 * and interrupt flag, and a copy of `db`'s prefixes.  Handles of one
 * family read in parallel, each in a thread of its own (a handle is
 * never used by two threads at once); one of them at a time may write,
 * the others meanwhile reading the last commit.  The store closes with
 * the last handle of the family, whichever it is.  Call it from the
 * thread that uses `db`.  On Redland's stores it fails with
 * KG_ERR_UNSUPPORTED, `*out` NULL and the message on `db` (their
 * handles are not safe to share: use one handle, one thread at a time).
 * Otherwise, as kg_db_open, `*out` is set unless memory ran out, and the
 * caller closes it.
 */
kg_status kg_db_open_shared(kg_db *db, kg_db **out);

/* Closes the store, flushing it to disk; NULL is a no-op. */
void kg_db_close(kg_db *db);

/* For a program that exits next: ends db's transactions (an open write
 * transaction is rolled back) and then, on kg's own store, leaves the
 * unmapping of the store and the freeing of memory to the process's
 * exit, which does all of it at once: a separate unmapping costs a
 * short command a tenth of its run.  Other stores, and builds with a
 * sanitizer, close as kg_db_close does.  db is not usable afterwards;
 * NULL is a no-op. */
void kg_db_close_at_exit(kg_db *db);

/*
 * Whether `spec` names an on-disk store that does not exist yet.  Lets a
 * caller seed a store it is about to create.
 */
int kg_db_spec_is_new(const char *spec);

/* The last error: message (never NULL, "" when none), and where it was:
 * the file or IRI (NULL if none), 1-based line and column (0 if unknown).
 * Valid until the next call on `db`. */
const char *kg_db_errmsg(const kg_db *db);
const char *kg_db_errfile(const kg_db *db);
int kg_db_errline(const kg_db *db);
int kg_db_errcol(const kg_db *db);

/*
 * Asks the running load or query on `db` to stop as soon as it can; it
 * then fails with KG_ERR_INTERRUPTED.  Safe to call from a signal
 * handler; the flag is cleared when the next operation starts.
 */
void kg_db_interrupt(kg_db *db);

/*
 * Says that `db` will be idle for a while: ends the read snapshot its
 * last operation left open (on kg's own store a snapshot keeps the pages
 * of the state it reads from being reused, and the store's map from
 * growing).  The next read takes a new one.  A result set still being
 * read keeps its snapshot.  A server calls it after each request.
 */
void kg_db_idle(kg_db *db);

/* Number of triples in the store (all graphs), or -1 if the backend
 * cannot tell cheaply. */
long kg_db_size(kg_db *db);

/* ---- the store as a whole --------------------------------------------- */

/* Receives one problem kg_db_verify() found; `msg` is borrowed for the
 * call. */
typedef void (*kg_problem_fn)(void *ctx, const char *msg);

/*
 * Checks that kg's own store is consistent: every quad is in all of its
 * indexes, the indexes agree with the stored count, every term a quad
 * uses exists and the dictionary maps each term back to its id.  Reads a
 * snapshot of its own, so it runs while another process writes.  Each
 * problem goes to `problem` (may be NULL; at most the first hundred).
 * KG_OK when there is none, KG_ERR_STORE when there is, and
 * KG_ERR_UNSUPPORTED on Redland's stores, which have no such check.
 */
kg_status kg_db_verify(kg_db *db, kg_problem_fn problem, void *ctx);

typedef struct {
	uint64_t triples;   /* statements in every graph */
	uint64_t graphs;    /* named graphs holding at least one statement */
	int64_t terms;      /* distinct terms (IRIs, blank nodes, literals)
	                       the store knows; -1 when it cannot tell */
	int64_t file_bytes; /* disk space the store's data file takes (it is
	                       sparse); -1: none */
	int64_t used_bytes; /* bytes of that file in use (the rest is free
	                       pages it reuses); -1 when it cannot tell */
} kg_store_stats;

/*
 * The store's figures as of the last commit (or the open transaction).
 * On kg's own store every field is known and cheap; on Redland's stores
 * triples and graphs are counted by reading every statement and the
 * other fields are -1.
 */
kg_status kg_db_stats(kg_db *db, kg_store_stats *out);

/* ---- prefixes --------------------------------------------------------- */

/*
 * Declares PREFIX `prefix`: <iri> for every later query and for
 * compacting IRIs in table output.  The common vocabularies and kg's own
 * are declared at open.  A query's own PREFIX wins over these.  Copies.
 */
kg_status kg_db_prefix_set(kg_db *db, const char *prefix, const char *iri);

/* Number of declared prefixes, and the i-th (0-based) name and IRI;
 * returns KG_DONE past the end.  Borrowed strings. */
size_t kg_db_prefix_count(const kg_db *db);
kg_status kg_db_prefix_at(const kg_db *db, size_t i, const char **prefix,
                          const char **iri);

/* ---- loading ---------------------------------------------------------- */

typedef struct {
	uint64_t triples;   /* statements read so far */
	uint64_t added;     /* statements new to the store */
	double seconds;     /* wall time so far */
	uint64_t bytes;     /* bytes of input read so far */
	uint64_t size;      /* input size in bytes, 0 if unknown */
} kg_load_progress;

/* Called every few tens of thousands of statements; return non-zero to
 * stop the load (which then fails with KG_ERR_INTERRUPTED). */
typedef int (*kg_progress_fn)(void *ctx, const kg_load_progress *p);

enum {
	KG_LOAD_DEFAULT_GRAPH = 1u << 0 /* triples go to the unnamed default
	                                   graph, not to a named one */
};

typedef struct {
	unsigned flags;          /* KG_LOAD_* */
	const char *format;      /* "turtle", "ntriples", "nquads", "trig",
	                            "rdfxml", or "acled" (ACLED's CSV, see
	                            doc/acled.md); NULL: from the file's
	                            extension */
	const char *graph;       /* graph IRI; NULL: the file's own IRI */
	const char *base;        /* base IRI; NULL: the file's own IRI */
	kg_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	const char *mapping;     /* "acled": the Turtle table of its types
	                            and precisions (data/acled-mapping.ttl) */
} kg_load_options;

/*
 * Loads the RDF file `path` ("-" for standard input) into `db`, streaming
 * it through Raptor.  Triples go into `opts->graph` (default: the file's
 * IRI); quads in N-Quads and TriG keep their own graph.  A statement the
 * store holds already is not added twice.  When the file has a syntax
 * error nothing is added and the error names file, line and column.
 * `opts` may be NULL; `out` (may be NULL) receives the final counts.
 */
kg_status kg_db_load(kg_db *db, const char *path, const kg_load_options *opts,
                     kg_load_progress *out);

/*
 * As kg_db_load, from the `len` bytes at `data` (an HTTP request's
 * body, say), which are not copied and need not end in NUL.
 * `opts->format` is required; the base and graph default to
 * "urn:kg:buffer", and errors name the file "-".
 */
kg_status kg_db_load_buffer(kg_db *db, const char *data, size_t len,
                            const kg_load_options *opts,
                            kg_load_progress *out);

/*
 * Groups the loads and updates between begin and commit into one
 * transaction, as `kg load a.ttl b.ttl` does.
 *
 * On kg's own store this is one write transaction: the changes appear
 * together at commit, readers see the state before begin until then,
 * a kill leaves that state, and the writer lock is held (begin waits
 * for another writer as long as the busy timeout).  After a load or
 * update inside it fails, commit rolls everything back and fails too.
 * Rollback drops every change since begin and returns KG_OK.
 *
 * Redland's stores have no such transaction: begin and commit do
 * nothing and return KG_OK, each load and update stays atomic on its
 * own as without them, and rollback returns KG_DONE: nothing to undo,
 * what succeeded stays.
 *
 * Begin fails when a transaction is already open; commit and rollback
 * without one return KG_OK.
 */
kg_status kg_db_transaction_begin(kg_db *db);
kg_status kg_db_transaction_commit(kg_db *db);
kg_status kg_db_transaction_rollback(kg_db *db);

/*
 * Room for a large transaction on kg's own store, whose data file and
 * map grow as writes need.  A single load or update makes its own room,
 * and runs again when it ran out; a transaction of several must be
 * told.  Before kg_db_transaction_begin, kg_db_transaction_reserve says
 * it will write about `bytes` (the size of the files it loads, say).
 * When a load, an update or a commit has failed, kg_db_out_of_room
 * says whether it failed only for want of room: the transaction is
 * then rolled back whole, the next one has twice the room, and doing
 * the same work again succeeds, unless it needs more still.  Both do
 * nothing on Redland's stores (out of room: 0).
 */
void kg_db_transaction_reserve(kg_db *db, uint64_t bytes);
int kg_db_out_of_room(const kg_db *db);

/* The format name kg would use for `path` from its extension, or NULL. */
const char *kg_format_guess(const char *path);

/* ---- queries and results ---------------------------------------------- */

typedef struct kg_results kg_results;

typedef enum {
	KG_RESULTS_BINDINGS = 1, /* SELECT: rows of variable bindings */
	KG_RESULTS_BOOLEAN,      /* ASK */
	KG_RESULTS_GRAPH         /* CONSTRUCT, DESCRIBE: rows are s, p, o */
} kg_results_kind;

enum {
	/* `from` and `from_named` win over the query's own FROM and FROM
	 * NAMED (the SPARQL 1.1 Protocol's rule for its dataset
	 * parameters); without it the query's win. */
	KG_QUERY_DATASET_WINS = 1u << 0,
	/* A FROM or FROM NAMED of a file: IRI fails ("FROM <file:...> is
	 * not allowed") instead of loading the file into "memory". */
	KG_QUERY_NO_FILE = 1u << 1,
	/* SERVICE may send requests to other endpoints (SPARQL 1.1
	 * Federated Query).  Without it SERVICE fails, and SERVICE SILENT
	 * yields one empty solution.  A server should leave it off unless
	 * its operator allows it. */
	KG_QUERY_SERVICE = 1u << 2
};

typedef struct {
	const char *base;      /* base IRI; NULL for none */
	const char **from;     /* NULL-terminated extra default-graph IRIs */
	const char **from_named; /* NULL-terminated extra named-graph IRIs */
	unsigned flags;        /* KG_QUERY_* */
} kg_query_options;

/*
 * Parses and runs the SPARQL query `text` on `db`.  On success `*out` is a
 * result set the caller frees with kg_results_free() before closing `db`.
 * Syntax errors set line and column on `db`.  `opts` may be NULL.
 */
kg_status kg_db_query(kg_db *db, const char *text, const kg_query_options *opts,
                      kg_results **out);

/* What the storage did for the last kg_db_query() on `db`, counted
 * while its results were read: pattern lookups, the triples they
 * returned, and the wall-clock time spent inside the storage. */
typedef struct {
	unsigned long lookups;
	unsigned long triples;
	double storage_seconds;
	unsigned long requests; /* HTTP requests to endpoints (SERVICE, or
	                           a db on an endpoint) */
} kg_query_profile;

void kg_db_query_profile(const kg_db *db, kg_query_profile *out);

/* Whether the storage's time is measured (lookups and triples are
 * always counted); off by default, since reading the clock around every
 * storage call costs time of its own. */
void kg_db_set_profiling(kg_db *db, int on);

/* Checks the syntax of `text` without running it. */
kg_status kg_db_query_check(kg_db *db, const char *text, const char *base);

/* Checks the syntax of the SPARQL 1.1 Update request `text` (one or more
 * operations separated by ';') without running it, including the static
 * rules of Update: no variables in INSERT DATA / DELETE DATA, no blank
 * nodes in DELETE templates, blank node labels not shared between
 * operations.  Relative IRIs resolve against `base` (may be NULL).
 * Syntax errors set line and column on `db`. */
kg_status kg_db_update_check(kg_db *db, const char *text, const char *base);

/* Parses `text`, a query, or an update request when `update` is
 * nonzero, with kg's own parser and translates it to the SPARQL algebra
 * (SPARQL 1.1 section 18.2).  On success `*out` is the algebra as one
 * line of S-expressions, which the caller frees with free(); on failure
 * `*out` is NULL and the error, with line and column, is on `db`. */
kg_status kg_db_algebra(kg_db *db, const char *text, const char *base,
                        int update, char **out);

void kg_results_free(kg_results *r);

kg_results_kind kg_results_kind_of(const kg_results *r);

/* For ASK: the answer. */
int kg_results_boolean(const kg_results *r);

/* Number of columns (variables; 3 for graph results: subject, predicate,
 * object) and the name of column i, without `?`.  Borrowed. */
size_t kg_results_width(const kg_results *r);
const char *kg_results_name(const kg_results *r, size_t i);

/*
 * Moves to the next row: KG_OK when there is one, KG_DONE at the end, an
 * error otherwise (its message on the db).  Rows are read once, in order.
 */
kg_status kg_results_next(kg_results *r);

/* Ends the rows after the first `rows` of them (0: no limit), as a
 * server's row cap: kg_results_next() then returns KG_DONE, and
 * kg_results_truncated() says whether a row was left out (it reads one
 * more row to know). */
void kg_results_limit(kg_results *r, uint64_t rows);
int kg_results_truncated(const kg_results *r);

/* The value of column i in the current row, or NULL if unbound.  Valid
 * until the next kg_results_next() or kg_results_free(). */
const kg_term *kg_results_get(const kg_results *r, size_t i);

/*
 * A result set of variable bindings built by the caller, with `width`
 * columns named `names` (copied); rows added with kg_results_table_add()
 * are then read with kg_results_next() like any other.  The caller frees
 * it with kg_results_free().  (The shell uses it to add label columns.)
 */
kg_status kg_results_table_new(kg_db *db, size_t width,
                               const char *const *names, kg_results **out);

/* Appends a row of `width` terms (NULL entries: unbound), copying them. */
kg_status kg_results_table_add(kg_results *r, const kg_term *const *row);

/* ---- rendering -------------------------------------------------------- */

typedef enum {
	KG_FORMAT_TABLE = 1, /* kg's own aligned table */
	KG_FORMAT_CSV,       /* SPARQL 1.1 Query Results CSV */
	KG_FORMAT_TSV,       /* SPARQL 1.1 Query Results TSV */
	KG_FORMAT_JSON,      /* SPARQL 1.1 Query Results JSON */
	KG_FORMAT_XML,       /* SPARQL Query Results XML */
	KG_FORMAT_NTRIPLES,  /* graphs */
	KG_FORMAT_NQUADS,    /* graphs, with graph names where known */
	KG_FORMAT_TURTLE,    /* graphs, with the declared prefixes */
	KG_FORMAT_LINE,      /* one "name = value" line per binding */
	KG_FORMAT_RDFXML     /* graphs as RDF/XML, the prefixes as namespaces */
} kg_format;

/* The format called `name` ("table", "csv", "tsv", "json", "xml",
 * "ntriples"/"nt", "nquads"/"nq", "turtle"/"ttl", "line", "rdfxml"),
 * or 0. */
kg_format kg_format_from_name(const char *name);
const char *kg_format_name(kg_format f);

/* Receives rendered output; returns 0 on success, non-zero on a write
 * error, which stops rendering with KG_ERR_IO. */
typedef int (*kg_write_fn)(void *ctx, const char *data, size_t len);

enum {
	KG_RENDER_BOX = 1u << 0,      /* table: Unicode box drawing, else ASCII */
	KG_RENDER_NO_HEADER = 1u << 1, /* table, csv, tsv: omit the header */
	KG_RENDER_NO_COMPACT = 1u << 2 /* table: full IRIs, not prefixed names */
};

typedef struct {
	unsigned flags;        /* KG_RENDER_* */
	const char *null_text; /* table: text for unbound values; NULL: "" */
	size_t max_width;      /* table: widest column in cells; 0: no limit */
	size_t fit_width;      /* table: narrow the widest columns (cutting
	                          their cells with an ellipsis) until a row
	                          fits this many cells; 0: no limit */
} kg_render_options;

/*
 * Writes the remaining rows of `r` in `format` through `write`.  Bindings
 * go to table, csv, tsv, json, xml and line; graphs to ntriples, nquads,
 * turtle, rdfxml, and also table/csv/tsv (as s, p, o columns); booleans to
 * everything but the graph formats.  `rows` (may be NULL) receives the
 * number of rows written.  `opts` may be NULL.
 */
kg_status kg_results_write(kg_results *r, const kg_db *db, kg_format format,
                           const kg_render_options *opts, kg_write_fn write,
                           void *ctx, uint64_t *rows);

/* Compacts `iri` with the declared prefixes into `buf` (e.g. "sem:Event")
 * and returns 1, or returns 0 when no prefix fits. */
int kg_db_compact_iri(const kg_db *db, const char *iri, char *buf, size_t size);

/* ---- store contents --------------------------------------------------- */

/*
 * Writes the statements of graph `graph` (NULL: every graph; "": the
 * unnamed default graph alone) in `format`
 * (KG_FORMAT_NQUADS, KG_FORMAT_NTRIPLES, KG_FORMAT_TURTLE or
 * KG_FORMAT_RDFXML, which has no graph names).
 */
kg_status kg_db_dump(kg_db *db, const char *graph, kg_format format,
                     kg_write_fn write, void *ctx);

/* A result set with columns "graph" and "triples": every named graph and
 * its size. */
kg_status kg_db_graphs(kg_db *db, kg_results **out);

/* ---- SPARQL Update ---------------------------------------------------- */

/*
 * A change set: quads a request added to the store and quads it removed,
 * net of each other (a quad added and then removed again by the same
 * request is in neither).  The shell keeps one per request for `.undo`.
 */
typedef struct kg_changes kg_changes;

/* A new, empty change set, freed with kg_changes_free(). */
kg_status kg_changes_new(kg_changes **out);
void kg_changes_free(kg_changes *c);

/* Number of quads added and removed. */
uint64_t kg_changes_added(const kg_changes *c);
uint64_t kg_changes_removed(const kg_changes *c);

/* The i-th change (0-based, in no particular order): its quad in
 * q[0..3] (q[3] NULL for the default graph; borrowed, valid until `c`
 * changes) and whether it was an addition (1) or a removal (0).
 * KG_DONE past the end. */
kg_status kg_changes_get(const kg_changes *c, size_t i, const kg_term *q[4],
                         int *added);

enum {
	KG_UPDATE_NO_LOAD = 1u << 0,   /* LOAD fails: "LOAD is not allowed" */
	KG_UPDATE_NO_SERVICE = 1u << 1 /* SERVICE in a WHERE fails */
};

typedef struct {
	unsigned flags;      /* KG_UPDATE_* */
	const char *base;    /* base IRI; NULL for none */
	kg_changes *changes; /* may be NULL; else emptied, then filled with
	                        the request's changes when it succeeds */
	/* NULL-terminated IRIs (may be NULL): the dataset of every
	 * INSERT/DELETE ... WHERE, as USING and USING NAMED would make it
	 * (the protocol's using-graph-uri and using-named-graph-uri).  A
	 * request with USING or WITH of its own then fails. */
	const char **using_graphs;
	const char **using_named;
} kg_update_options;

/* What a request did, summed over its operations: a quad one operation
 * adds and a later one removes counts in both (the change set has it
 * in neither). */
typedef struct {
	uint64_t added;   /* quads added that the store did not hold */
	uint64_t removed; /* quads removed that the store held */
	/* When the request changed nothing: how many solutions its WHERE
	 * clauses that read the unnamed default graph (no WITH, no USING)
	 * would have had over every graph.  Non-zero means the pattern
	 * matches data in named graphs (where `kg load` puts files), which
	 * GRAPH ?g { ... } or WITH <graph> reach.  0 otherwise. */
	uint64_t named_solutions;
} kg_update_stats;

/*
 * Runs the SPARQL 1.1 Update request `text` (operations separated by
 * ';') on `db`, which must be open read-write.  The request is atomic:
 * it applies whole or not at all; on an on-disk store also when the
 * process dies part way (README.md, "Stores", says what each backend
 * guarantees).
 *
 * The default graph of INSERT DATA, DELETE DATA, templates without
 * GRAPH, CLEAR DEFAULT etc. is the store's unnamed default graph, and it
 * is also the default graph a WHERE matches (unlike kg_db_query(), whose
 * default graph is the union of all graphs); WITH and USING change that
 * as the specification says.  kg does not record empty graphs: CREATE
 * succeeds unless the graph holds triples, and DROP, CLEAR and the
 * sources of ADD, MOVE and COPY are never missing, only empty.  LOAD
 * reads `file:` IRIs only.
 *
 * Syntax errors set line and column on `db`.  `opts` and `out` may be
 * NULL; `out` receives the counts when the request succeeds.
 */
kg_status kg_db_update(kg_db *db, const char *text,
                       const kg_update_options *opts, kg_update_stats *out);

/*
 * Applies the inverse of `c` to `db`, atomically: removes the quads it
 * added and adds back the quads it removed (`.undo` in the shell).
 * `out` (may be NULL) receives what that changed.
 */
kg_status kg_db_revert(kg_db *db, const kg_changes *c, kg_update_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* KG_KG_H */
