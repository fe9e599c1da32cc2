/* cmd_update.c: kg update, SPARQL 1.1 Update from the command line. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void
cli_update_hint(FILE *out, const kg_update_stats *us)
{
	if (!us->named_solutions)
		return;
	fprintf(out,
	        "hint: the WHERE matched nothing in the default graph, but has "
	        "%llu solution%s in named graphs (kg load puts each file in a "
	        "graph of its own); reach them with GRAPH ?g { ... } in the "
	        "pattern and the template, or WITH <graph> before DELETE/INSERT "
	        "(kg graphs lists them)\n",
	        (unsigned long long)us->named_solutions,
	        us->named_solutions == 1 ? "" : "s");
}

int
cmd_update(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"file", required_argument, NULL, 'f'},
		{"data", required_argument, NULL, 'D'},
		{"named", required_argument, NULL, 'G'},
		{"base", required_argument, NULL, 'b'},
		{"print", no_argument, NULL, 'p'},
		{"no-load", no_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *file = NULL;
	kg_update_options uo = {0, NULL, NULL, NULL, NULL};
	cli_data_arg *data = calloc((size_t)argc, sizeof *data);
	size_t n_data = 0;
	int c, print = 0, rc = EXIT_USAGE;
	if (!data)
		return EXIT_ERROR;
	while ((c = getopt_long(argc, argv, "f:D:G:b:ph", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'D':
		case 'G':
			data[n_data].arg = optarg;
			data[n_data++].named = c == 'G';
			break;
		case 'b':
			uo.base = optarg;
			break;
		case 'p':
			print = 1;
			break;
		case 'L':
			uo.flags |= KG_UPDATE_NO_LOAD;
			break;
		case 'h':
			printf("Usage: kg update [-D FILE]... [-G [IRI=]FILE]... "
			       "[--base IRI] [--print] [--no-load]\n"
			       "                 [-f FILE.ru | 'UPDATE']\n");
			rc = cli_finish_stdout(EXIT_OK);
			goto out;
		default:
			goto out;
		}
	}
	char *text = cli_query_text("update", argc, argv, optind, file);
	if (!text)
		goto out;
	kg_db *db = cli_open(o, KG_OPEN_CREATE);
	rc = EXIT_ERROR;
	if (db && !cli_load_data(db, data, n_data, 1)) {
		kg_update_stats us = {0};
		kg_status st = kg_db_update(db, text, &uo, &us);
		if (st) {
			/* An error in a file LOAD read names that file. */
			if (kg_db_errfile(db))
				cli_error(db, st);
			else
				cli_error_in(db, st, file ? file : "update", text);
			if (st != KG_ERR_SYNTAX)
				fprintf(stderr, "kg: the store is unchanged\n");
		} else {
			rc = EXIT_OK;
			if (!o->quiet) {
				fprintf(stderr, "%llu added, %llu removed\n",
				        (unsigned long long)us.added,
				        (unsigned long long)us.removed);
				cli_update_hint(stderr, &us);
			}
		}
		/* --print: the whole dataset as N-Quads, default-graph
		 * triples without a graph label (what the W3C update tests
		 * compare). */
		if (print && !rc) {
			st = kg_db_dump(db, NULL, KG_FORMAT_NQUADS, cli_write_file,
			                stdout);
			if (st) {
				cli_error(db, st);
				rc = EXIT_ERROR;
			}
		}
		rc = cli_finish_stdout(rc);
	}
	kg_db_close_at_exit(db); /* kg exits next */
	free(text);
out:
	cli_data_free(data, n_data);
	free(data);
	return rc;
}
