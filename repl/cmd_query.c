/* cmd_query.c: kg query and kg parse. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Data named on the command line for a one-off query: "file:" IRIs or
 * paths, as the W3C test runner passes them.  Each file goes into a graph
 * named by its IRI; the query's dataset is then exactly these files: the
 * -D ones merged as the default graph, the -G ones as named graphs. */
typedef struct {
	const char *path;
	int named;
	char *iri; /* the file's IRI, the graph it is loaded into */
} data_arg;

const char *
cli_path_of(const char *iri_or_path, char *buf, size_t size)
{
	if (strncmp(iri_or_path, "file://", 7))
		return iri_or_path;
	/* Undo the percent-encoding of a file IRI. */
	const char *s = iri_or_path + 7;
	size_t n = 0;
	for (; *s && n + 1 < size; s++) {
		if (*s == '%' && s[1] && s[2]) {
			char hex[3] = {s[1], s[2], 0};
			buf[n++] = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* The file: IRI of `arg` (an IRI already, or a path made absolute and
 * percent-encoded); NULL if the file does not exist. */
char *
cli_file_iri(const char *arg)
{
	if (!strncmp(arg, "file:", 5))
		return strdup(arg);
	char abs[PATH_MAX];
	if (!realpath(arg, abs))
		return NULL;
	size_t n = strlen(abs);
	char *iri = malloc(7 + 3 * n + 1), *o = iri;
	if (!iri)
		return NULL;
	o += sprintf(o, "file://");
	for (const unsigned char *c = (const unsigned char *)abs; *c; c++)
		if (isalnum(*c) || strchr("/-._~", *c))
			*o++ = (char)*c;
		else
			o += sprintf(o, "%%%02X", *c);
	*o = '\0';
	return iri;
}

/* Loads the files and fills `from` and `from_named` (NULL-terminated,
 * with room for n + 1 entries each). */
static int
load_data(kg_db *db, data_arg *d, size_t n, const char **from,
          const char **from_named, int quiet)
{
	size_t nf = 0, nn = 0;
	for (size_t i = 0; i < n; i++) {
		char buf[4096];
		d[i].iri = cli_file_iri(d[i].path);
		if (!d[i].iri) {
			fprintf(stderr, "kg: cannot open %s: %s\n", d[i].path,
			        strerror(errno));
			return EXIT_ERROR;
		}
		kg_load_options lo = {0};
		lo.graph = lo.base = d[i].iri;
		if (cli_load(db, cli_path_of(d[i].path, buf, sizeof buf), &lo, quiet))
			return EXIT_ERROR;
		if (d[i].named)
			from_named[nn++] = d[i].iri;
		else
			from[nf++] = d[i].iri;
	}
	from[nf] = from_named[nn] = NULL;
	return EXIT_OK;
}

/* Parses the options shared by query and parse.  Returns the query text
 * (caller frees) or NULL after printing why. */
char *
cli_query_text(const char *cmd, int argc, char **argv, int first,
               const char *file)
{
	if (file && first < argc) {
		cli_usage_error(cmd, "give the query either as an argument or "
		                     "with -f, not both");
		return NULL;
	}
	if (first + 1 < argc) {
		cli_usage_error(cmd, "unexpected argument '%s' (quote the "
		                     "query as one argument)", argv[first + 1]);
		return NULL;
	}
	if (file)
		return cli_read_file(file);
	if (first < argc)
		return strdup(argv[first]);
	if (isatty(STDIN_FILENO)) {
		cli_usage_error(cmd, "no query given");
		return NULL;
	}
	return cli_read_file("-");
}

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
	kg_query_options qo = {NULL, NULL, NULL};
	data_arg *data = calloc((size_t)argc, sizeof *data);
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
				                "turtle, ntriples, nquads)", optarg);
				goto out;
			}
			break;
		case 'f':
			file = optarg;
			break;
		case 'D':
		case 'G':
			data[n_data].path = optarg;
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
	if (db && !load_data(db, data, n_data, from, from_named, 1)) {
		if (n_data) {
			qo.from = from;
			qo.from_named = from_named;
		}
		double t0 = cli_now();
		rc = cli_run_query(db, text, file ? file : "query", format, &qo);
		rc = cli_finish_stdout(rc);
		if (profile)
			show_profile(db, cli_now() - t0);
	}
	kg_db_close(db);
	free(text);
out:
	for (size_t i = 0; i < n_data; i++)
		free(data[i].iri);
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
