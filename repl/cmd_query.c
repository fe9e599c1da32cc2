/* cmd_query.c: kg query and kg parse. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --profile: where the time of the query went, on standard error. */
static void
show_profile(const kg_db *db, double total)
{
	kg_query_profile p;
	kg_db_query_profile(db, &p);
	fprintf(stderr, "profile: %.1f ms in all; storage %.1f ms (%lu lookups, "
	        "%lu triples), evaluation and output %.1f ms\n", total * 1e3,
	        p.storage_seconds * 1e3, p.lookups, p.triples,
	        (total - p.storage_seconds) * 1e3);
	if (p.requests)
		fprintf(stderr, "profile: %lu HTTP requests to endpoints\n",
		        p.requests);
}

int
cmd_query(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'o'},
		{"file", required_argument, NULL, 'f'},
		{"data", required_argument, NULL, 'D'},
		{"named", required_argument, NULL, 'G'},
		{"base", required_argument, NULL, 'b'},
		{"profile", no_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int profile = 0;
	kg_format format = (kg_format)0;
	const char *file = NULL;
	kg_query_options qo = {NULL, NULL, NULL, KG_QUERY_SERVICE};
	cli_data_arg *data = calloc((size_t)argc, sizeof *data);
	const char **from = calloc((size_t)argc + 1, sizeof *from);
	const char **from_named = calloc((size_t)argc + 1, sizeof *from_named);
	size_t n_data = 0;
	int c, rc = EXIT_USAGE;
	if (!data || !from || !from_named) {
		free(data);
		free(from);
		free(from_named);
		return EXIT_ERROR;
	}
	while ((c = getopt_long(argc, argv, "o:f:D:G:b:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			format = kg_format_from_name(optarg);
			if (!format) {
				cli_usage_error("query", "unknown output format '%s' "
				                "(table, csv, tsv, json, xml, line, "
				                "turtle, ntriples, nquads, rdfxml)",
				                optarg);
				goto out;
			}
			break;
		case 'f':
			file = optarg;
			break;
		case 'D':
		case 'G':
			data[n_data].arg = optarg;
			data[n_data++].named = c == 'G';
			break;
		case 'b':
			qo.base = optarg;
			break;
		case 'P':
			profile = 1;
			break;
		case 'h':
			printf("Usage: kg query [-o FORMAT] [-D DATA]... [-G DATA]... "
			       "[--base IRI] [--profile] [-f FILE | 'SPARQL']\n");
			rc = cli_finish_stdout(EXIT_OK);
			goto out;
		default:
			goto out;
		}
	}
	char *text = cli_query_text("query", argc, argv, optind, file);
	if (!text)
		goto out;
	kg_db *db = cli_open(o, n_data ? 0 : KG_OPEN_READONLY);
	rc = EXIT_ERROR;
	if (db && !cli_load_data(db, data, n_data, 0)) {
		/* The query's dataset is exactly these files: the -D ones
		 * merged as its default graph, the -G ones as named graphs. */
		size_t nf = 0, nn = 0;
		for (size_t i = 0; i < n_data; i++)
			if (data[i].named)
				from_named[nn++] = data[i].graph;
			else
				from[nf++] = data[i].graph;
		if (n_data) {
			qo.from = from;
			qo.from_named = from_named;
		}
		double t0 = cli_now();
		kg_db_set_profiling(db, profile);
		rc = cli_run_query(db, text, file ? file : "query", format, &qo);
		rc = cli_finish_stdout(rc);
		if (profile)
			show_profile(db, cli_now() - t0);
	}
	kg_db_close_at_exit(db); /* kg exits next */
	free(text);
out:
	cli_data_free(data, n_data);
	free(data);
	free(from);
	free(from_named);
	return rc;
}

int
cmd_parse(const cli_options *o, int argc, char **argv)
{
	(void)o;
	static const struct option longopts[] = {
		{"file", required_argument, NULL, 'f'},
		{"update", no_argument, NULL, 'u'},
		{"algebra", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const char *file = NULL;
	int c, update = 0, algebra = 0;
	while ((c = getopt_long(argc, argv, "f:u", longopts, NULL)) != -1) {
		if (c == 'u') {
			update = 1;
			continue;
		}
		if (c == 'a') {
			algebra = 1;
			continue;
		}
		if (c != 'f')
			return EXIT_USAGE;
		file = optarg;
	}
	char *text = cli_query_text("parse", argc, argv, optind, file);
	if (!text)
		return EXIT_USAGE;
	kg_db *db;
	kg_status st = kg_db_open("memory", 0, &db);
	char *alg = NULL;
	if (!st && algebra)
		st = kg_db_algebra(db, text, NULL, update, &alg);
	else if (!st)
		st = update ? kg_db_update_check(db, text, NULL)
		            : kg_db_query_check(db, text, NULL);
	if (alg)
		printf("%s\n", alg);
	free(alg);
	if (st)
		cli_error_in(db, st, file ? file : "query", text);
	kg_db_close(db);
	free(text);
	return st ? EXIT_ERROR : EXIT_OK;
}
