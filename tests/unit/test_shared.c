/* test_shared.c: what a server needs of libkg: handles that share one
 * store across threads (kg_db_open_shared), loading from memory
 * (kg_db_load_buffer), and the query flags that govern the dataset. */
#include "kg.h"
#include "../tap.h"
#include "helpers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char ttl[] =
	"@prefix ex: <http://example.org/> .\n"
	"ex:a ex:p 1 . ex:b ex:p 2 . ex:c ex:p 3 .\n";

/* The single value of a one-row, one-column query, copied into buf. */
static const char *
value(kg_db *db, const char *q, char *buf, size_t size)
{
	kg_results *r;
	buf[0] = '\0';
	if (kg_db_query(db, q, NULL, &r))
		return "(error)";
	if (kg_results_next(r) == KG_OK && kg_results_get(r, 0))
		snprintf(buf, size, "%s", kg_results_get(r, 0)->value);
	kg_results_free(r);
	return buf;
}

static int
discard(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

typedef struct {
	kg_db *db;
	pthread_barrier_t *both;
	long rows;
} reader_job;

/* Each reader holds its snapshot open (a result set being read) while
 * the other starts: the barrier makes them overlap. */
static void *
reader(void *arg)
{
	reader_job *j = arg;
	kg_results *r;
	j->rows = -1;
	if (kg_db_query(j->db, "SELECT ?s WHERE { ?s ?p ?o }", NULL, &r))
		return NULL;
	long n = 0;
	if (kg_results_next(r) == KG_OK)
		n++;
	pthread_barrier_wait(j->both);
	while (kg_results_next(r) == KG_OK)
		n++;
	kg_results_free(r);
	j->rows = n;
	return NULL;
}

int
main(void)
{
	kg_db *db = NULL, *a = NULL, *b = NULL;
	char buf[256];
	kg_status st = kg_db_open("memory", KG_OPEN_CREATE, &db);
	TAP_OK(st == KG_OK, "open memory");

	/* ---- kg_db_load_buffer ---- */
	kg_load_options lo = {0};
	lo.format = "turtle";
	lo.graph = "http://example.org/g";
	kg_load_progress prog;
	st = kg_db_load_buffer(db, ttl, strlen(ttl), &lo, &prog);
	TAP_OK(st == KG_OK && prog.added == 3, "load_buffer adds 3 (%s)",
	       kg_db_errmsg(db));
	TAP_STR(value(db, "SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/g>"
	              " { ?s ?p ?o } }", buf, sizeof buf), "3",
	        "the triples are in the graph asked for");
	lo.graph = NULL;
	lo.flags = KG_LOAD_DEFAULT_GRAPH;
	st = kg_db_load_buffer(db, ttl, 40, &lo, NULL);
	TAP_OK(st == KG_ERR_SYNTAX && kg_db_errline(db) == 2,
	       "a cut buffer is a syntax error on line 2 (%s, line %d)",
	       kg_db_errmsg(db), kg_db_errline(db));
	st = kg_db_load_buffer(db, "", 0, &lo, NULL);
	TAP_OK(st == KG_OK, "an empty buffer loads nothing");
	lo.format = NULL;
	TAP_OK(kg_db_load_buffer(db, ttl, strlen(ttl), &lo, NULL) == KG_ERR_ARG,
	       "load_buffer needs a format");

	/* ---- kg_results_limit ---- */
	for (uint64_t lim = 2; lim <= 3; lim++) {
		kg_results *lr = NULL;
		uint64_t rows = 0;
		st = kg_db_query(db, "SELECT * { ?s ?p ?o }", NULL, &lr);
		kg_results_limit(lr, lim);
		if (!st)
			st = kg_results_write(lr, db, KG_FORMAT_CSV, NULL, discard,
			                      NULL, &rows);
		TAP_OK(st == KG_OK && rows == lim &&
		       kg_results_truncated(lr) == (lim == 2),
		       "limit %u of 3 rows: %u rows, truncated %d", (unsigned)lim,
		       (unsigned)rows, kg_results_truncated(lr));
		kg_results_free(lr);
	}

	/* ---- query flags ---- */
	const char *from[] = {"http://example.org/none", NULL};
	kg_query_options qo = {NULL, from, NULL, 0};
	kg_results *r = NULL;
	const char *q = "SELECT * FROM <http://example.org/g> { ?s ?p ?o }";
	long n = -1;
	if (kg_db_query(db, q, &qo, &r) == KG_OK) {
		for (n = 0; kg_results_next(r) == KG_OK; n++)
			;
		kg_results_free(r);
	}
	TAP_OK(n == 3, "without the flag the query's FROM wins (%ld)", n);
	qo.flags = KG_QUERY_DATASET_WINS;
	n = -1;
	if (kg_db_query(db, q, &qo, &r) == KG_OK) {
		for (n = 0; kg_results_next(r) == KG_OK; n++)
			;
		kg_results_free(r);
	}
	TAP_OK(n == 0, "KG_QUERY_DATASET_WINS: the caller's dataset wins (%ld)",
	       n);
	char *path = write_tmp(".ttl", ttl);
	char iri[4200];
	snprintf(iri, sizeof iri, "SELECT * FROM <file://%s> { ?s ?p ?o }", path);
	qo.from = NULL;
	qo.flags = KG_QUERY_NO_FILE;
	st = kg_db_query(db, iri, &qo, &r);
	TAP_OK(st == KG_ERR_QUERY && strstr(kg_db_errmsg(db), "not allowed"),
	       "KG_QUERY_NO_FILE refuses FROM <file:...> (%s)",
	       kg_db_errmsg(db));
	qo.flags = 0;
	st = kg_db_query(db, iri, &qo, &r);
	TAP_OK(st == KG_OK, "without it, memory loads the file");
	kg_results_free(r);
	unlink(path);
	free(path);

	/* ---- kg_db_open_shared ---- */
	TAP_OK(kg_db_prefix_set(db, "ex", "http://example.org/") == KG_OK,
	       "declare ex:");
	st = kg_db_open_shared(db, &a);
	TAP_OK(st == KG_OK, "open a shared handle");
	st = kg_db_open_shared(db, &b);
	TAP_OK(st == KG_OK, "and a second one");
	TAP_STR(value(a, "SELECT (COUNT(*) AS ?n) { ?s ex:p ?o }", buf,
	              sizeof buf), "3", "it sees the store and the prefixes");

	/* Two readers at once, each in its own thread. */
	pthread_barrier_t both;
	pthread_barrier_init(&both, NULL, 2);
	reader_job ja = {a, &both, 0}, jb = {b, &both, 0};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, reader, &ja);
	pthread_create(&tb, NULL, reader, &jb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&both);
	TAP_OK(ja.rows == 3 && jb.rows == 3,
	       "two threads read at the same time (%ld, %ld)", ja.rows,
	       jb.rows);

	/* A writer's open transaction hides its changes from the others
	 * until it commits, and does not block them. */
	st = kg_db_transaction_begin(a);
	TAP_OK(st == KG_OK, "a begins a write transaction");
	st = kg_db_update(a, "INSERT DATA { ex:d ex:p 4 }", NULL, NULL);
	TAP_OK(st == KG_OK, "and inserts");
	TAP_STR(value(b, "SELECT (COUNT(*) AS ?n) { ?s ex:p ?o }", buf,
	              sizeof buf), "3", "b reads the last commit meanwhile");
	TAP_OK(kg_db_transaction_begin(b) == KG_ERR_LOCKED,
	       "a second writer in the process is refused");
	st = kg_db_transaction_commit(a);
	TAP_OK(st == KG_OK, "a commits");
	TAP_STR(value(b, "SELECT (COUNT(*) AS ?n) { ?s ex:p ?o }", buf,
	              sizeof buf), "4", "b's next query sees the commit");

	/* The store lives until the last handle closes, whichever it is. */
	kg_db_close(db);
	TAP_STR(value(a, "SELECT (COUNT(*) AS ?n) { ?s ex:p ?o }", buf,
	              sizeof buf), "4", "the store outlives the first handle");
	kg_db_close(a);
	kg_db_close(b);

	/* Redland's stores cannot be shared. */
	char dir[] = "/tmp/kg-test-shared-XXXXXX";
	TAP_OK(mkdtemp(dir) != NULL, "a directory for hashes");
	char spec[64];
	snprintf(spec, sizeof spec, "hashes:%s", dir);
	st = kg_db_open(spec, KG_OPEN_CREATE, &db);
	TAP_OK(st == KG_OK, "open hashes");
	st = kg_db_open_shared(db, &a);
	TAP_OK(st == KG_ERR_UNSUPPORTED && a == NULL,
	       "open_shared on a Redland store: unsupported");
	kg_db_close(db);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	TAP_OK(system(cmd) == 0, "clean up");
	return tap_done();
}
