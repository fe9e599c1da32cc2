/* main.c: the kg program: global options and the command table. */
#include "cli.h"
#include "shell.h"

#include <getopt.h>
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
	{"stats", "", "triples, terms, disk size; triples per graph, classes "
	 "and properties with counts", cmd_stats},
	{"check", "", "run the bundled graph's quality checks", cmd_check},
	{"export", "--format acled [--store S] [-o FILE]",
	 "write the store's events as CSV in another layout (ACLED's)",
	 cmd_export},
	{"rules", "", "recompute the derived graphs (control intervals) from "
	 "the data, after a load", cmd_rules},
	{"links", "check|refresh|suggest|accept ...", "compare the store's "
	 "Wikidata links with Wikidata; suggest and accept new ones",
	 cmd_links},
	{"verify", "", "check that kg's own store is consistent (indexes, "
	 "terms)", cmd_verify},
	{"serve", "[--listen ADDR:PORT] [--writable] [--web DIR] ...",
	 "serve the store over HTTP: SPARQL 1.1 Protocol at /sparql, the "
	 "explorer at /", cmd_serve},
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
	        "                    'hashes:DIR' (Redland's Berkeley DB),\n"
	        "                    'postgresql:CONNINFO' or 'virtuoso:DSN'\n"
	        "                    (default: $KG_STORE, else\n"
	        "                    $XDG_DATA_HOME/kg/default)\n"
	        "  -w, --wait SECS   how long a write waits for another kg\n"
	        "                    process's write to finish (default 5)\n"
	        "  -e, --endpoint URL  work on a SPARQL 1.1 Protocol endpoint\n"
	        "                    (as -s URL): queries and updates go to it\n"
	        "  -t, --timeout SECS  how long a request to an endpoint may\n"
	        "                    take (default: no limit)\n"
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

int
cmd_shell(const cli_options *o, int argc, char **argv)
{
	if (argc > 1) {
		cli_usage_error("shell", "unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	return repl_main(o);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"store", required_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		{"wait", required_argument, NULL, 'w'},
		{"endpoint", required_argument, NULL, 'e'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	cli_options o = {NULL, 0, 5.0, 0};
	int c;
	while ((c = getopt_long(argc, argv, "+s:qw:e:t:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.store = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'e':
			if (strncmp(optarg, "http://", 7) &&
			    strncmp(optarg, "https://", 8)) {
				cli_usage_error(NULL, "--endpoint needs an http:// "
				                "or https:// URL, not '%s'", optarg);
				return EXIT_USAGE;
			}
			o.store = optarg;
			break;
		case 't': {
			char *end;
			o.timeout = strtod(optarg, &end);
			if (end == optarg || *end || o.timeout < 0) {
				cli_usage_error(NULL, "--timeout needs a number of "
				                "seconds, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'w': {
			char *end;
			o.wait = strtod(optarg, &end);
			if (end == optarg || *end || o.wait < 0) {
				cli_usage_error(NULL, "--wait needs a number of "
				                "seconds, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		}
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
