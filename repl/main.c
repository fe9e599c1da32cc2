/* main.c: the kg program: global options and the command table. */
#include "cli.h"
#include "shell.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_command commands[] = {
	{"load", "[--format F] [--graph IRI] FILE...",
	 "load RDF files into the store", cmd_load},
	{"query", "[-o FMT] [-f FILE | 'SPARQL']",
	 "run a SPARQL query (from an argument, a file or stdin)", cmd_query},
	{"update", "[-D FILE] [-G [IRI=]FILE] [--print] [-f FILE | 'UPDATE']",
	 "run a SPARQL 1.1 Update request on the store", cmd_update},
	{"parse", "[--update] [--algebra] [-f FILE | 'SPARQL']",
	 "check a query's syntax only; --algebra prints its algebra",
	 cmd_parse},
	{"dump", "[--format nquads|ntriples|turtle] [--graph IRI]",
	 "write the store's statements", cmd_dump},
	{"graphs", "", "list the named graphs and their sizes", cmd_graphs},
	{"stats", "", "triples per graph, classes and properties with counts",
	 cmd_stats},
	{"check", "", "run the bundled graph's quality checks", cmd_check},
	{"shell", "", "the interactive shell (also: kg with no command)",
	 cmd_shell},
};

static void
usage(FILE *f)
{
	fprintf(f,
	        "Usage: kg [OPTIONS] [COMMAND [ARGS]]\n"
	        "A knowledge-graph store with SPARQL.  With no command, "
	        "the interactive shell.\n\n"
	        "Options:\n"
	        "  -s, --store SPEC  store to use: a directory, 'memory',\n"
	        "                    'postgresql:CONNINFO' or 'virtuoso:DSN'\n"
	        "                    (default: $KG_STORE, else\n"
	        "                    $XDG_DATA_HOME/kg/default)\n"
	        "  -q, --quiet       no progress or notes on stderr\n"
	        "  -h, --help        show this help\n"
	        "  -V, --version     show the version\n\n"
	        "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-7s %s\n          %s\n", commands[i].name,
		        commands[i].args, commands[i].summary);
	fprintf(f, "\nExit status: 0 success, 1 data, query, store or I/O "
	           "error, 2 usage error.\n"
	           "See kg(1) for details.\n");
}

void
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "kg%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'kg --help' for more information.\n");
}

const char *
cli_datadir(void)
{
	const char *d = getenv("KG_DATADIR");
	return d && *d ? d : KG_DATADIR;
}

/* The default store's directory, in a static buffer. */
static const char *
default_store(void)
{
	static char path[4096];
	const char *s = getenv("KG_STORE");
	if (s && *s)
		return s;
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/kg/default", xdg);
	else
		snprintf(path, sizeof path, "%s/.local/share/kg/default",
		         home && *home ? home : ".");
	return path;
}

const char *
cli_store_spec(const cli_options *o)
{
	return o->store ? o->store : default_store();
}

int
cmd_shell(const cli_options *o, int argc, char **argv)
{
	if (argc > 1) {
		cli_usage_error("shell", "unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	return repl_main(o);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads every .ttl file of DATADIR/sub into graphs named after them. */
static kg_status
seed_dir(kg_db *db, const char *sub, int quiet)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/%s", cli_datadir(), sub);
	DIR *d = opendir(dir);
	if (!d && errno == ENOENT)
		return KG_OK; /* a build without that part of the graph */
	if (!d) {
		fprintf(stderr, "kg: cannot read the bundled graph in %s: %s\n",
		        dir, strerror(errno));
		return KG_ERR_IO;
	}
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".ttl"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], cmp_str);
	kg_status st = KG_OK;
	for (size_t i = 0; i < n; i++) {
		char path[8192], graph[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(graph, sizeof graph, "https://kg.example.org/graph/%s/%.*s",
		         sub, (int)(strlen(names[i]) - 4), names[i]);
		kg_load_options lo = {0};
		lo.graph = graph;
		if (!st)
			st = cli_load(db, path, &lo, quiet);
		free(names[i]);
	}
	return st;
}

kg_db *
cli_open(const cli_options *o, unsigned flags)
{
	const char *spec = cli_store_spec(o);
	kg_db *db;
	kg_status st;
	if (!o->store && kg_db_spec_is_new(spec)) {
		/* First use: create the default store with the bundled graph. */
		st = kg_db_open(spec, KG_OPEN_CREATE, &db);
		if (st) {
			cli_error(db, st);
			kg_db_close(db);
			return NULL;
		}
		if (!o->quiet)
			fprintf(stderr, "kg: creating the default store %s with "
			                "the bundled graph\n", spec);
		st = seed_dir(db, "ontology", o->quiet);
		if (!st)
			st = seed_dir(db, "data", o->quiet);
		kg_db_close(db);
		if (st)
			return NULL;
	}
	if (o->store && !strcmp(spec, "memory"))
		flags &= ~(unsigned)KG_OPEN_READONLY;
	st = kg_db_open(spec, flags, &db);
	if (st) {
		cli_error(db, st);
		kg_db_close(db);
		return NULL;
	}
	return db;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"store", required_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	cli_options o = {NULL, 0};
	int c;
	while ((c = getopt_long(argc, argv, "+s:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.store = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return cli_finish_stdout(EXIT_OK);
		case 'V':
			printf("kg %s\n", KG_VERSION);
			return cli_finish_stdout(EXIT_OK);
		default:
			fprintf(stderr, "Try 'kg --help' for more information.\n");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return repl_main(&o);
	const char *name = argv[optind];
	if (!strcmp(name, "help")) {
		usage(stdout);
		return cli_finish_stdout(EXIT_OK);
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(name, commands[i].name)) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0; /* GNU getopt: restart for the command */
			return commands[i].run(&o, sub_argc, sub_argv);
		}
	cli_usage_error(NULL, "unknown command '%s'", name);
	return EXIT_USAGE;
}
