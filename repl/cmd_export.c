/* cmd_export.c: kg export, the store's events in another project's
 * layout.  The layout is a SPARQL SELECT in the bundled data
 * (data/export/FORMAT.rq) whose variables are the columns; this file
 * only finds it, runs it and writes the rows as CSV, so that analysts
 * read (and change) the export where it is defined. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The formats there are a query for. */
static const char *const export_formats[] = {"acled"};

static int
known_export(const char *name)
{
	for (size_t i = 0; i < sizeof export_formats / sizeof *export_formats;
	     i++)
		if (!strcmp(name, export_formats[i]))
			return 1;
	return 0;
}

/* Whether the store holds the ACLED mapping the query joins (the
 * bundled graph does); without it every type and precision is empty. */
static int
has_acled_mapping(kg_db *db)
{
	kg_results *r;
	if (kg_db_query(db, "ASK { ?m a <https://kg.example.org/acled#"
	                    "TypeMapping> }", NULL, &r))
		return 1; /* the export itself will say what is wrong */
	int yes = kg_results_boolean(r);
	kg_results_free(r);
	return yes;
}

int
cmd_export(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'F'},
		{"store", required_argument, NULL, 's'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL, *out_path = NULL;
	cli_options opts = *o;
	int c;
	while ((c = getopt_long(argc, argv, "F:s:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			format = optarg;
			break;
		case 's':
			opts.store = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			printf("Usage: kg export --format acled [--store S] "
			       "[-o FILE]\n");
			return cli_finish_stdout(EXIT_OK);
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_usage_error("export", "unexpected argument '%s'",
		                argv[optind]);
		return EXIT_USAGE;
	}
	if (!format) {
		cli_usage_error("export", "give the layout with --format "
		                          "(acled)");
		return EXIT_USAGE;
	}
	if (!known_export(format)) {
		cli_usage_error("export", "unknown export format '%s' (acled)",
		                format);
		return EXIT_USAGE;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/data/export/%s.rq", cli_datadir(),
	         format);
	char *text = cli_read_file(path);
	if (!text)
		return EXIT_ERROR;
	kg_db *db = cli_open(&opts, KG_OPEN_READONLY);
	if (!db) {
		free(text);
		return EXIT_ERROR;
	}
	if (!has_acled_mapping(db))
		fprintf(stderr, "kg export: the store has no ACLED mapping, so "
		                "types and precisions are empty (load "
		                "data/acled-mapping.ttl into it)\n");
	int rc = EXIT_ERROR;
	kg_results *r;
	kg_status st = kg_db_query(db, text, NULL, &r);
	if (st) {
		cli_error_in(db, st, path, text);
	} else {
		FILE *out = out_path ? fopen(out_path, "w") : stdout;
		if (!out) {
			fprintf(stderr, "kg: cannot open %s: %s\n", out_path,
			        strerror(errno));
		} else {
			st = kg_results_write(r, db, KG_FORMAT_CSV, NULL,
			                      cli_write_file, out, NULL);
			if (st)
				cli_error(db, st);
			rc = st ? EXIT_ERROR : EXIT_OK;
			if (out != stdout && fclose(out)) {
				fprintf(stderr, "kg: cannot write %s: %s\n",
				        out_path, strerror(errno));
				rc = EXIT_ERROR;
			}
		}
		kg_results_free(r);
	}
	kg_db_close(db);
	free(text);
	return cli_finish_stdout(rc);
}
