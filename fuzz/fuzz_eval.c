/* fuzz_eval.c: libFuzzer target for kg's SPARQL evaluator.
 *
 * A "memory" store is opened once and loaded once with a small fixed
 * TriG dataset (IRIs, blank nodes, typed, language-tagged and ill-typed
 * literals, numbers, dates, RDF collections, cycles and self-loops for
 * property paths, and two named graphs so that GRAPH and FROM matter).
 * Each input is then run as a query through kg_db_query(), the way the
 * shell runs one: parser, algebra, evaluator (eval*.c) and the query
 * forms of engine_kg.c.  Every row is read and every term touched, so
 * ASan sees any term that outlives its storage.
 *
 * Queries are read-only, so one store serves every input.  Inputs that
 * ask for a lot of work (cross products, path closures over a cycle,
 * huge GROUP_CONCATs) are cut short, so that libFuzzer's -timeout
 * reports only evaluation that ignores kg_db_interrupt():
 *   - at most MAX_ROWS rows are read;
 *   - a CPU-time timer calls kg_db_interrupt() after WATCHDOG_MS of
 *     work on one input, then again every few milliseconds (a new
 *     operation clears the flag, and kg_db_query() starts with one).
 * The timer is ITIMER_PROF (SIGPROF) because libFuzzer keeps
 * ITIMER_REAL and SIGALRM for its own -timeout; it counts system time
 * too, which is most of the cost of an input that allocates a lot.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "kg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_ROWS = 10000, WATCHDOG_MS = 1000, REPEAT_MS = 20 };

/* The dataset.  Named graphs repeat some default-graph subjects so that
 * GRAPH ?g joins with the outside; :a :p :b :p :c :p :a and :d :p :d
 * give the path operators cycles to stop on. */
static const char dataset[] =
	"@prefix : <http://example.org/> .\n"
	"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
	"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
	"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
	":a :p :b . :b :p :c . :c :p :a . :d :p :d . :c :q :d .\n"
	":a :q _:x . _:x :q :a . _:x :r \"x\"@en . _:x :p _:x .\n"
	":a a :Person ; :name \"Alice\" ; :age 30 ; :height 1.65 ;\n"
	"   :weight 6.0e1 ; :born \"1990-05-01\"^^xsd:date ;\n"
	"   :seen \"2024-12-06T10:00:00Z\"^^xsd:dateTime ; :ok true ;\n"
	"   :knows :b , :c .\n"
	":b a :Person ; :name \"Bob\"@en , \"Robert\"@fr-CA ;\n"
	"   :age \"25\"^^xsd:integer ; :knows :a , :c ;\n"
	"   :seen \"2024-12-07T23:59:59.5+02:00\"^^xsd:dateTime .\n"
	":c a :Robot ; :name \"Carol\"^^xsd:string ; :age \"-3.50\"^^xsd:decimal ;\n"
	"   :list ( 1 \"two\" :a ( ) ) ; :ok \"0\"^^xsd:boolean .\n"
	":d :name \"\" ; :age \"abc\"^^xsd:integer ; :unit \"1 m\"^^:custom ;\n"
	"   :neg -0.0e0 ; :big 18446744073709551616 ; :nan \"NaN\"^^xsd:double ;\n"
	"   :time \"12:30:00\"^^xsd:time ; :dur \"P1DT2H\"^^xsd:duration .\n"
	":Person rdfs:subClassOf :Agent . :Robot rdfs:subClassOf :Agent .\n"
	":Agent rdfs:subClassOf :Thing . :Thing rdfs:subClassOf :Thing .\n"
	"_:y :knows _:y ; :name \"\\u00e9t\\u00e9\\n\\\"q\\\"\"@fr .\n"
	"<http://example.org/g1> {\n"
	"  :a :p :e . :e :p :a . :e :name \"Eve\" ; :age 41 ; :knows :a .\n"
	"  :e :born \"2001-02-03\"^^xsd:date . _:z :p :e .\n"
	"}\n"
	"<http://example.org/g2> {\n"
	"  :b :q :c . _:w :p :b . :f :knows :e ; :age 7 , 7.0 , \"7\" .\n"
	"  :a :name \"Alice\" . :g1 :p :g2 .\n"
	"}\n";

static kg_db *db;
static int verbose; /* FUZZ_EVAL_VERBOSE set: say what each input did */
static volatile size_t sink; /* keeps the reads of touch() */

static void
on_watchdog(int sig)
{
	(void)sig;
	kg_db_interrupt(db);
}

static void
watchdog(int ms_first, int ms_repeat)
{
	struct itimerval it = {
		.it_value = {ms_first / 1000, (ms_first % 1000) * 1000},
		.it_interval = {ms_repeat / 1000, (ms_repeat % 1000) * 1000},
	};
	setitimer(ITIMER_PROF, &it, NULL);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[] = "/tmp/kg-fuzz-eval-XXXXXX";
	kg_load_options opts = {0};
	struct sigaction sa;
	FILE *f;
	int fd;

	(void)argc;
	(void)argv;
	verbose = getenv("FUZZ_EVAL_VERBOSE") != NULL;
	if (kg_db_open("memory", KG_OPEN_CREATE, &db) != KG_OK)
		abort();
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "wb")))
		abort();
	if (fwrite(dataset, 1, sizeof dataset - 1, f) != sizeof dataset - 1 ||
	    fclose(f))
		abort();
	/* Triples outside a graph block stay in the unnamed default graph;
	 * the blocks keep their own names. */
	opts.format = "trig";
	opts.base = "http://example.org/base/";
	opts.flags = KG_LOAD_DEFAULT_GRAPH;
	if (kg_db_load(db, path, &opts, NULL) != KG_OK) {
		fprintf(stderr, "fuzz_eval: dataset: %s\n", kg_db_errmsg(db));
		abort();
	}
	unlink(path);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_watchdog;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPROF, &sa, NULL))
		abort();
	return 0;
}

/* Reads a term's strings so that ASan checks they are still alive. */
static size_t
touch(const kg_term *t)
{
	size_t n = 0;
	if (!t)
		return 0;
	if (t->kind != KG_TERM_IRI && t->kind != KG_TERM_BLANK &&
	    t->kind != KG_TERM_LITERAL)
		abort();
	n += strlen(t->value);
	if (t->datatype)
		n += strlen(t->datatype);
	if (t->lang)
		n += strlen(t->lang);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kg_results *r = NULL;
	kg_status st;
	int rows = 0;
	char *text;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	watchdog(WATCHDOG_MS, REPEAT_MS);
	st = kg_db_query(db, text, NULL, &r);
	if (st == KG_OK) {
		size_t width = kg_results_width(r);
		switch (kg_results_kind_of(r)) {
		case KG_RESULTS_BOOLEAN:
			sink += (size_t)kg_results_boolean(r);
			break;
		case KG_RESULTS_BINDINGS:
		case KG_RESULTS_GRAPH:
			for (size_t i = 0; i < width; i++)
				sink += strlen(kg_results_name(r, i));
			while (rows < MAX_ROWS && (st = kg_results_next(r)) == KG_OK) {
				for (size_t i = 0; i < width; i++)
					sink += touch(kg_results_get(r, i));
				rows++;
			}
			break;
		default:
			abort();
		}
	}
	kg_results_free(r);
	watchdog(0, 0);
	if (verbose)
		fprintf(stderr, "fuzz_eval: %d rows, %s%s%s\n", rows,
		        kg_strerror(st), *kg_db_errmsg(db) ? ": " : "",
		        kg_db_errmsg(db));
	free(text);
	return 0;
}
