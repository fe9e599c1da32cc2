/*
 * storage.c: loads an N-Triples file into one Redland storage, directly
 * through librdf (no kg code), and times a few storage calls and one
 * SPARQL query.  Used to choose kg's storage (doc/storage.md).
 *
 *   bench/storage [-c GRAPH] [-d contains|targets] [-q QUERY.rq]
 *                 FACTORY NAME OPTIONS FILE.nt
 *
 *   FACTORY NAME OPTIONS   as for librdf_new_storage(), e.g.
 *       hashes kg "hash-type='bdb',dir='/tmp/s',contexts='yes',
 *                  index-predicates='yes',new='yes'"
 *       sqlite /tmp/s.sqlite "new='yes',contexts='yes'"
 *   -c GRAPH   add every triple to graph GRAPH (context_add_statement),
 *              as kg does; without it, to the default graph
 *   -d HOW     check each statement before adding it, as kg must:
 *              "contains" = librdf_model_contains_statement (what kg/load.c
 *              does today), "targets" = look (s, p) up with
 *              librdf_model_get_targets and compare object and graph
 *   -q FILE    also time this SPARQL query (rows counted, not printed)
 *
 * Prints "key value" lines: triples, load_s, rate, then for each probe
 * its seconds and result count, then maxrss_kb (getrusage, whole run).
 * The probes use the generator's IRIs (bench/gen.c).
 */
#include <redland.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	librdf_world *world;
	librdf_model *model;
	librdf_node *graph;
	const char *dedup;
	long triples, added;
	int failed;
} loader;

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
holds_targets(loader *l, librdf_statement *s)
{
	librdf_iterator *it = librdf_model_get_targets(l->model, s->subject,
	                                               s->predicate);
	int found = 0;
	for (; it && !librdf_iterator_end(it) && !found;
	     librdf_iterator_next(it)) {
		librdf_node *o = librdf_iterator_get_object(it);
		if (!o || !librdf_node_equals(o, s->object))
			continue;
		librdf_node *c = librdf_iterator_get_context(it);
		found = l->graph ? c && librdf_node_equals(c, l->graph) : !c;
	}
	if (it)
		librdf_free_iterator(it);
	return found;
}

static void
on_statement(void *data, raptor_statement *rs)
{
	loader *l = data;
	l->triples++;
	if (l->failed)
		return;
	if (l->dedup) {
		int has = !strcmp(l->dedup, "contains")
		          ? librdf_model_contains_statement(l->model, rs)
		          : holds_targets(l, rs);
		if (has)
			return;
	}
	int rc = l->graph
	         ? librdf_model_context_add_statement(l->model, l->graph, rs)
	         : librdf_model_add_statement(l->model, rs);
	if (rc)
		l->failed = 1;
	else
		l->added++;
}

static long
count_stream(librdf_stream *st)
{
	long n = 0;
	for (; st && !librdf_stream_end(st); librdf_stream_next(st))
		n++;
	if (st)
		librdf_free_stream(st);
	return n;
}

/* Times find_statements on the pattern (s, p, o); NULL is a variable. */
static void
probe(loader *l, const char *label, const char *s, const char *p,
      const char *o)
{
	librdf_world *w = l->world;
	librdf_node *ns = s ? librdf_new_node_from_uri_string(
		                      w, (const unsigned char *)s) : NULL;
	librdf_node *np = p ? librdf_new_node_from_uri_string(
		                      w, (const unsigned char *)p) : NULL;
	librdf_node *no = o ? librdf_new_node_from_uri_string(
		                      w, (const unsigned char *)o) : NULL;
	librdf_statement *pat = librdf_new_statement_from_nodes(w, ns, np, no);
	double t0 = now();
	long n = count_stream(librdf_model_find_statements(l->model, pat));
	printf("%s_s %.6f\n%s_rows %ld\n", label, now() - t0, label, n);
	librdf_free_statement(pat);
}

static void
run_query(loader *l, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return;
	}
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	double t0 = now();
	librdf_query *q = librdf_new_query(l->world, "sparql", NULL,
	                                   (const unsigned char *)text, NULL);
	librdf_query_results *r = q ? librdf_query_execute(q, l->model) : NULL;
	long rows = 0;
	for (; r && !librdf_query_results_finished(r);
	     librdf_query_results_next(r))
		rows++;
	printf("query_s %.6f\nquery_rows %ld\n", now() - t0, r ? rows : -1);
	if (r)
		librdf_free_query_results(r);
	if (q)
		librdf_free_query(q);
}

int
main(int argc, char **argv)
{
	const char *graph = NULL, *dedup = NULL, *query = NULL;
	int c;
	while ((c = getopt(argc, argv, "c:d:q:")) != -1) {
		switch (c) {
		case 'c':
			graph = optarg;
			break;
		case 'd':
			dedup = optarg;
			break;
		case 'q':
			query = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 4) {
		fprintf(stderr, "usage: storage [-c GRAPH] [-d contains|targets] "
		                "[-q QUERY.rq] FACTORY NAME OPTIONS FILE.nt\n");
		return 2;
	}
	const char *factory = argv[optind], *name = argv[optind + 1];
	const char *options = argv[optind + 2], *file = argv[optind + 3];

	loader l;
	memset(&l, 0, sizeof l);
	l.dedup = dedup;
	l.world = librdf_new_world();
	librdf_world_open(l.world);
	librdf_storage *storage = librdf_new_storage(l.world, factory, name,
	                                             options);
	if (!storage) {
		fprintf(stderr, "storage: cannot open %s storage\n", factory);
		return 1;
	}
	l.model = librdf_new_model(l.world, storage, NULL);
	if (graph)
		l.graph = librdf_new_node_from_uri_string(
			l.world, (const unsigned char *)graph);

	raptor_world *rw = librdf_world_get_raptor(l.world);
	raptor_parser *p = raptor_new_parser(rw, "ntriples");
	raptor_parser_set_statement_handler(p, &l, on_statement);
	FILE *f = fopen(file, "rb");
	if (!f) {
		perror(file);
		return 1;
	}
	unsigned char *fu = raptor_uri_filename_to_uri_string(file);
	raptor_uri *base = raptor_new_uri(rw, fu);
	double t0 = now();
	raptor_parser_parse_file_stream(p, f, file, base);
	librdf_model_sync(l.model);
	double dt = now() - t0;
	fclose(f);
	printf("triples %ld\nadded %ld\nload_s %.3f\nrate %.0f\n", l.triples,
	       l.added, dt, dt > 0 ? (double)l.triples / dt : 0);
	if (l.failed)
		printf("error add_failed\n");
	fflush(stdout);

	probe(&l, "subject", "https://kg.example.org/id/event/42", NULL,
	      NULL);
	probe(&l, "subject_pred", "https://kg.example.org/id/event/42",
	      "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor", NULL);
	probe(&l, "predicate",
	      NULL, "http://www.w3.org/2004/02/skos/core#exactMatch", NULL);
	probe(&l, "pred_obj",
	      NULL, "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor",
	      "https://kg.example.org/id/actor/3");
	if (query)
		run_query(&l, query);

	raptor_free_uri(base);
	raptor_free_memory(fu);
	raptor_free_parser(p);
	if (l.graph)
		librdf_free_node(l.graph);
	librdf_free_model(l.model);
	librdf_free_storage(storage);
	librdf_free_world(l.world);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kb %ld\n", ru.ru_maxrss);
	return 0;
}
