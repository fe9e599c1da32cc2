/* cmd_data.c: commands on the store's contents: load, dump, graphs,
 * stats, check, verify. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
uses_stdin(int argc, char **argv)
{
	for (int i = optind; i < argc; i++)
		if (!strcmp(argv[i], "-"))
			return 1;
	return 0;
}

/* Loads argv[optind..argc) (after the ACLED mapping table when
 * `mapping`) in one transaction.  With `retrying`, a transaction that
 * ran out of room in the store is rolled back silently and *again set,
 * to run it once more. */
static int
load_all(kg_db *db, const cli_options *o, const kg_load_options *lo,
         const char *mapping, int argc, char **argv, int retrying,
         int *again)
{
	*again = 0;
	/* All the files in one transaction: on kg's own store they are
	 * loaded together or not at all. */
	kg_status st = kg_db_transaction_begin(db);
	if (st) {
		cli_error(db, st);
		return EXIT_ERROR;
	}
	if (mapping) {
		kg_load_options mo = {0};
		mo.format = "turtle";
		mo.graph = "https://kg.example.org/graph/data/acled-mapping";
		if (cli_load_retrying(db, mapping, &mo, o->quiet, retrying)) {
			*again = retrying && kg_db_out_of_room(db);
			kg_db_transaction_rollback(db);
			return EXIT_ERROR;
		}
	}
	int rc = EXIT_OK;
	for (int i = optind; i < argc && !rc; i++) {
		if (!cli_load_retrying(db, argv[i], lo, o->quiet, retrying))
			continue;
		rc = EXIT_ERROR;
		if (retrying && kg_db_out_of_room(db)) {
			*again = 1;
			kg_db_transaction_rollback(db);
			return rc;
		}
		int files = argc - optind, before = i - optind;
		if (kg_db_transaction_rollback(db) == KG_OK) {
			if (files > 1)
				fprintf(stderr, "kg: none of the %d files was "
				        "loaded\n", files);
		} else if (files > 1) {
			/* Redland's stores: what was loaded stays. */
			fprintf(stderr, "kg: stopped at %s: %d file%s before "
			        "it loaded, %d after it not read\n", argv[i],
			        before, before == 1 ? "" : "s",
			        files - before - 1);
		}
	}
	if (!rc && (st = kg_db_transaction_commit(db))) {
		if (retrying && kg_db_out_of_room(db)) {
			*again = 1;
			return EXIT_ERROR;
		}
		cli_error(db, st);
		rc = EXIT_ERROR;
	}
	return rc;
}

int
cmd_load(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'F'},
		{"graph", required_argument, NULL, 'g'},
		{"base", required_argument, NULL, 'b'},
		{"default-graph", no_argument, NULL, 'd'},
		{"print", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	kg_load_options lo = {0};
	int print = 0;
	int c;
	while ((c = getopt_long(argc, argv, "F:g:b:dp", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			lo.format = optarg;
			break;
		case 'g':
			lo.graph = optarg;
			break;
		case 'b':
			lo.base = optarg;
			break;
		case 'd':
			lo.flags |= KG_LOAD_DEFAULT_GRAPH;
			break;
		case 'p':
			print = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_usage_error("load", "no file given");
		return EXIT_USAGE;
	}
	kg_db *db = cli_open(o, KG_OPEN_CREATE);
	if (!db)
		return EXIT_ERROR;
	char mapping[4096];
	int acled = lo.format && !strcmp(lo.format, "acled");
	if (acled) {
		/* ACLED's types and precisions come from the bundled mapping
		 * table, which goes into the store too (where the default
		 * store has it), so that what is loaded exports again. */
		snprintf(mapping, sizeof mapping, "%s/data/acled-mapping.ttl",
		         cli_datadir());
		lo.mapping = mapping;
	}
	/* Room for the files: on kg's own store a store of N-Triples takes
	 * up to about three times the file (of short lines; Turtle is more
	 * compact); a transaction that still runs out is done again. */
	uint64_t bytes = 0;
	for (int i = optind; i < argc; i++) {
		struct stat sb;
		if (strcmp(argv[i], "-") && !stat(argv[i], &sb) &&
		    S_ISREG(sb.st_mode))
			bytes += (uint64_t)sb.st_size;
	}
	/* Standard input is read once: its size unknown, it gets room
	 * for a gigabyte more (address space; the file stays sparse). */
	uint64_t room = 3 * bytes;
	if (uses_stdin(argc, argv))
		room += (uint64_t)1 << 30;
	int rc, again = 0;
	for (int attempt = 1; attempt <= 10; attempt++) {
		kg_db_transaction_reserve(db, room);
		rc = load_all(db, o, &lo, acled ? mapping : NULL, argc, argv,
		              attempt < 10 && !uses_stdin(argc, argv), &again);
		if (!again)
			break;
	}
	if (!rc && !o->quiet)
		cli_rules_hint(db);
	/* --print: the whole store as N-Quads, default-graph triples without
	 * a graph label (what the W3C parser tests compare). */
	if (print && !rc) {
		kg_status st = kg_db_dump(db, NULL, KG_FORMAT_NQUADS,
		                          cli_write_file, stdout);
		if (st) {
			cli_error(db, st);
			rc = EXIT_ERROR;
		}
		rc = cli_finish_stdout(rc);
	}
	kg_db_close(db);
	return rc;
}

int
cmd_dump(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'F'},
		{"graph", required_argument, NULL, 'g'},
		{NULL, 0, NULL, 0},
	};
	kg_format format = KG_FORMAT_NQUADS;
	const char *graph = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "F:g:", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			format = kg_format_from_name(optarg);
			if (format != KG_FORMAT_NQUADS && format != KG_FORMAT_TURTLE &&
			    format != KG_FORMAT_NTRIPLES &&
			    format != KG_FORMAT_RDFXML) {
				cli_usage_error("dump", "unknown dump format '%s' "
				                "(nquads, ntriples, turtle, rdfxml)",
				                optarg);
				return EXIT_USAGE;
			}
			break;
		case 'g':
			graph = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_usage_error("dump", "unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	kg_db *db = cli_open(o, KG_OPEN_READONLY);
	if (!db)
		return EXIT_ERROR;
	kg_status st = kg_db_dump(db, graph, format, cli_write_file, stdout);
	if (st)
		cli_error(db, st);
	kg_db_close(db);
	return cli_finish_stdout(st ? EXIT_ERROR : EXIT_OK);
}

static int
no_args(const char *cmd, int argc, char **argv)
{
	if (argc > 1) {
		cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
		return 1;
	}
	return 0;
}

static int
write_results(kg_db *db, kg_results *r)
{
	kg_render_options ro;
	cli_render_options(&ro, stdout);
	kg_status st = kg_results_write(r, db, KG_FORMAT_TABLE, &ro,
	                                cli_write_file, stdout, NULL);
	if (st)
		cli_error(db, st);
	return st ? EXIT_ERROR : EXIT_OK;
}

int
cmd_graphs(const cli_options *o, int argc, char **argv)
{
	if (no_args("graphs", argc, argv))
		return EXIT_USAGE;
	kg_db *db = cli_open(o, KG_OPEN_READONLY);
	if (!db)
		return EXIT_ERROR;
	kg_results *r;
	kg_status st = kg_db_graphs(db, &r);
	int rc = st ? EXIT_ERROR : write_results(db, r);
	if (st)
		cli_error(db, st);
	kg_results_free(r);
	kg_db_close(db);
	return cli_finish_stdout(rc);
}

kg_status
cli_print_stats(kg_db *db, FILE *out)
{
	kg_store_stats ss;
	kg_status st = kg_db_stats(db, &ss);
	if (st)
		return st;
	fprintf(out, "triples: %llu\nnamed graphs: %llu\n",
	        (unsigned long long)ss.triples, (unsigned long long)ss.graphs);
	/* Redland's stores cannot tell these: leave them out. */
	if (ss.terms >= 0)
		fprintf(out, "distinct terms: %lld\n", (long long)ss.terms);
	if (ss.file_bytes >= 0) {
		fprintf(out, "disk: %lld bytes", (long long)ss.file_bytes);
		if (ss.used_bytes >= 0)
			fprintf(out, ", %lld in use", (long long)ss.used_bytes);
		fprintf(out, "\n");
	}
	return KG_OK;
}

static const char stats_classes[] =
	"SELECT ?class (COUNT(?s) AS ?instances)\n"
	"WHERE { ?s a ?class }\n"
	"GROUP BY ?class ORDER BY DESC(?instances) ?class";

static const char stats_properties[] =
	"SELECT ?property (COUNT(*) AS ?triples)\n"
	"WHERE { ?s ?property ?o }\n"
	"GROUP BY ?property ORDER BY DESC(?triples) ?property";

int
cmd_stats(const cli_options *o, int argc, char **argv)
{
	if (no_args("stats", argc, argv))
		return EXIT_USAGE;
	kg_db *db = cli_open(o, KG_OPEN_READONLY);
	if (!db)
		return EXIT_ERROR;
	kg_status st = cli_print_stats(db, stdout);
	if (st) {
		cli_error(db, st);
		kg_db_close(db);
		return EXIT_ERROR;
	}
	printf("\ngraphs:\n");
	kg_results *r;
	st = kg_db_graphs(db, &r);
	int rc = st ? EXIT_ERROR : write_results(db, r);
	if (st)
		cli_error(db, st);
	kg_results_free(r);
	if (!rc) {
		printf("\nclasses:\n");
		fflush(stdout);
		rc = cli_run_query(db, stats_classes, "stats", KG_FORMAT_TABLE,
		                   NULL);
	}
	if (!rc) {
		printf("\nproperties:\n");
		fflush(stdout);
		rc = cli_run_query(db, stats_properties, "stats", KG_FORMAT_TABLE,
		                   NULL);
	}
	kg_db_close(db);
	return cli_finish_stdout(rc);
}

/* One check: a SELECT whose rows are violations.  Prints a TAP-like
 * line, and the violations when there are any.  Returns 1 if it failed. */
static int
run_check(kg_db *db, const char *dir, const char *name, int index)
{
	char path[8192];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *text = cli_read_file(path);
	if (!text)
		return 1;
	/* The first line, "# description", names the check. */
	char desc[256] = "";
	if (text[0] == '#') {
		const char *d = text + 1 + strspn(text + 1, " ");
		snprintf(desc, sizeof desc, "%.*s", (int)strcspn(d, "\n"), d);
	}
	kg_results *r;
	kg_status st = kg_db_query(db, text, NULL, &r);
	if (st) {
		printf("not ok %d - %s (%s)\n", index, name, desc);
		fflush(stdout);
		cli_error_in(db, st, path, text);
		free(text);
		return 1;
	}
	/* Render to a buffer to know whether there were rows. */
	char *out = NULL;
	size_t out_len = 0;
	FILE *mem = open_memstream(&out, &out_len);
	uint64_t rows = 0;
	kg_render_options ro;
	cli_render_options(&ro, stdout);
	st = mem ? kg_results_write(r, db, KG_FORMAT_TABLE, &ro, cli_write_file,
	                            mem, &rows)
	         : KG_ERR_NOMEM;
	if (mem)
		fclose(mem);
	kg_results_free(r);
	int failed = st || rows > 0;
	printf("%s %d - %s\n", failed ? "not ok" : "ok", index, desc[0] ? desc
	                                                               : name);
	if (st)
		cli_error(db, st);
	else if (rows)
		fputs(out, stdout);
	free(out);
	free(text);
	return failed;
}

int
cmd_check(const cli_options *o, int argc, char **argv)
{
	if (no_args("check", argc, argv))
		return EXIT_USAGE;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/data/checks", cli_datadir());
	size_t n;
	char **names = cli_list_dir(dir, ".rq", &n);
	if (!names) {
		fprintf(stderr, "kg: no checks in %s\n", dir);
		return EXIT_ERROR;
	}
	kg_db *db = cli_open(o, KG_OPEN_READONLY);
	int failed = 0;
	if (db) {
		printf("1..%zu\n", n);
		for (size_t i = 0; i < n; i++)
			failed += run_check(db, dir, names[i], (int)i + 1);
		printf("%zu passed, %d failed\n", n - (size_t)failed, failed);
	}
	cli_list_free(names);
	kg_db_close(db);
	return cli_finish_stdout(!db || failed ? EXIT_ERROR : EXIT_OK);
}

static void
print_problem(void *ctx, const char *msg)
{
	++*(unsigned long *)ctx;
	fprintf(stderr, "kg: verify: %s\n", msg);
}

int
cmd_verify(const cli_options *o, int argc, char **argv)
{
	if (no_args("verify", argc, argv))
		return EXIT_USAGE;
	kg_db *db = cli_open(o, KG_OPEN_READONLY);
	if (!db)
		return EXIT_ERROR;
	unsigned long problems = 0;
	kg_status st = kg_db_verify(db, print_problem, &problems);
	/* The problems are the message; a failure to read the store is not
	 * one of them. */
	if (st && !problems)
		cli_error(db, st);
	else if (!st && !o->quiet)
		printf("store %s is consistent\n", cli_store_spec(o));
	kg_db_close(db);
	return cli_finish_stdout(st ? EXIT_ERROR : EXIT_OK);
}
