/* cmd_serve.c: `kg serve`, the SPARQL 1.1 Protocol endpoint: reads the
 * options, finds the web explorer's folder, opens the store and hands
 * over to the server layer (server/server.h). */
#include "cli.h"
#include "../server/server.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void
serve_usage(FILE *f)
{
	fprintf(f,
	        "Usage: kg serve [OPTIONS]\n"
	        "Serves the store over HTTP: the SPARQL 1.1 Protocol at /sparql,\n"
	        "the Graph Store Protocol at /rdf-graphs, the web explorer at /.\n\n"
	        "  -s, --store SPEC         the store (as kg --store)\n"
	        "  -l, --listen ADDR:PORT   where to listen (default "
	        "127.0.0.1:7878;\n"
	        "                           port 0 picks a free one)\n"
	        "  -t, --threads N          worker threads (default: one per "
	        "core)\n"
	        "      --timeout S          seconds a request may run "
	        "(default 30; 0: none)\n"
	        "      --max-rows N         rows of a result at most (default "
	        "100000; 0: all);\n"
	        "                           a cut result has X-KG-Truncated: "
	        "true\n"
	        "      --max-body BYTES     largest request body (default "
	        "10485760)\n"
	        "      --writable           allow updates and Graph Store "
	        "writes\n"
	        "      --update-token-file F  allow them with "
	        "\"Authorization: Bearer\n"
	        "                           TOKEN\", TOKEN the content of F\n"
	        "      --cors ORIGIN        send Access-Control-Allow-Origin: "
	        "ORIGIN\n"
	        "      --allow-load         allow LOAD and SERVICE in requests\n"
	        "      --allow-file         allow FROM <file:...> in queries\n"
	        "      --web DIR            the explorer's folder (default: "
	        "the installed one)\n"
	        "  -q, --quiet              no access log\n"
	        "  -h, --help               show this help\n"
	        "Stops on Ctrl-C or SIGTERM, letting running requests end.\n");
}

static int
number(const char *opt, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);
	if (end == arg || *end || v < 0) {
		cli_usage_error("serve", "%s needs a number, not '%s'", opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int
is_dir(const char *path)
{
	struct stat sb;
	return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

/* The explorer's folder: --web, else DATADIR/web (KG_DATADIR, or the
 * build tree of a kg never installed), else the installed one; "" when
 * none exists (the server then says so at /). */
static const char *
web_dir(const char *given, char *buf, size_t size)
{
	if (given)
		return given;
	snprintf(buf, size, "%s/web", cli_datadir());
	if (is_dir(buf))
		return buf;
	snprintf(buf, size, "%s/web", KG_DATADIR);
	if (is_dir(buf))
		return buf;
	return NULL;
}

/* The token in file `path`, without surrounding white space; a new
 * string, or NULL after saying why. */
static char *
read_token(const char *path)
{
	char *t = cli_read_file(path);
	if (!t) {
		fprintf(stderr, "kg: serve: cannot read the token file %s\n",
		        path);
		return NULL;
	}
	size_t n = strlen(t);
	while (n && isspace((unsigned char)t[n - 1]))
		t[--n] = '\0';
	size_t lead = strspn(t, " \t\r\n");
	memmove(t, t + lead, n - lead + 1);
	if (!*t) {
		fprintf(stderr, "kg: serve: the token file %s is empty\n", path);
		free(t);
		return NULL;
	}
	return t;
}

int
cmd_serve(const cli_options *o, int argc, char **argv)
{
	enum {
		OPT_TIMEOUT = 256, OPT_MAX_ROWS, OPT_MAX_BODY, OPT_WRITABLE,
		OPT_TOKEN, OPT_CORS, OPT_ALLOW_LOAD, OPT_ALLOW_FILE, OPT_WEB
	};
	static const struct option longopts[] = {
		{"store", required_argument, NULL, 's'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"max-rows", required_argument, NULL, OPT_MAX_ROWS},
		{"max-body", required_argument, NULL, OPT_MAX_BODY},
		{"writable", no_argument, NULL, OPT_WRITABLE},
		{"update-token-file", required_argument, NULL, OPT_TOKEN},
		{"cors", required_argument, NULL, OPT_CORS},
		{"allow-load", no_argument, NULL, OPT_ALLOW_LOAD},
		{"allow-file", no_argument, NULL, OPT_ALLOW_FILE},
		{"web", required_argument, NULL, OPT_WEB},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_options co = *o;
	kg_server_opts so;
	memset(&so, 0, sizeof so);
	so.timeout = 30;
	so.max_rows = 100000;
	so.max_body = 10 * 1024 * 1024;
	so.quiet = o->quiet;
	const char *token_file = NULL, *web = NULL;
	double v;
	int c;
	while ((c = getopt_long(argc, argv, "s:l:t:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			co.store = optarg;
			break;
		case 'l':
			so.listen = optarg;
			break;
		case 't':
			if (number("--threads", optarg, &v))
				return EXIT_USAGE;
			so.threads = (unsigned)v;
			break;
		case OPT_TIMEOUT:
			if (number("--timeout", optarg, &v))
				return EXIT_USAGE;
			so.timeout = v;
			break;
		case OPT_MAX_ROWS:
			if (number("--max-rows", optarg, &v))
				return EXIT_USAGE;
			so.max_rows = (uint64_t)v;
			break;
		case OPT_MAX_BODY:
			if (number("--max-body", optarg, &v))
				return EXIT_USAGE;
			so.max_body = (size_t)v;
			break;
		case OPT_WRITABLE:
			so.writable = 1;
			break;
		case OPT_TOKEN:
			token_file = optarg;
			break;
		case OPT_CORS:
			so.cors_origin = optarg;
			break;
		case OPT_ALLOW_LOAD:
			so.allow_load = 1;
			break;
		case OPT_ALLOW_FILE:
			so.allow_file = 1;
			break;
		case OPT_WEB:
			web = optarg;
			break;
		case 'q':
			so.quiet = 1;
			break;
		case 'h':
			serve_usage(stdout);
			return cli_finish_stdout(EXIT_OK);
		default:
			fprintf(stderr, "Try 'kg serve --help' for more "
			                "information.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (so.writable && token_file) {
		cli_usage_error("serve", "--writable and --update-token-file "
		                "exclude each other");
		return EXIT_USAGE;
	}
	if (web && !is_dir(web)) {
		cli_usage_error("serve", "--web: %s is not a folder", web);
		return EXIT_USAGE;
	}
	char webbuf[4096], genbuf[4096];
	so.web_dir = web_dir(web, webbuf, sizeof webbuf);
	/* A kg never installed serves its source tree's web/, whose
	 * generated files (prefixes.json, examples.json) an out-of-tree
	 * build made in its own web/. */
	snprintf(genbuf, sizeof genbuf, "%s/web", KG_BUILDDIR);
	if (!web && so.web_dir && strcmp(cli_datadir(), KG_DATADIR) &&
	    strcmp(genbuf, so.web_dir) && is_dir(genbuf))
		so.web_gen_dir = genbuf;
	char *token = NULL;
	if (token_file && !(token = read_token(token_file)))
		return EXIT_ERROR;
	so.update_token = token;
	so.store = cli_store_spec(&co);
	kg_db *db = cli_open(&co, so.writable || token ? 0 : KG_OPEN_READONLY);
	if (!db) {
		free(token);
		return EXIT_ERROR;
	}
	int rc = kg_server_run(db, &so);
	kg_db_close(db);
	free(token);
	return rc == 0 ? EXIT_OK : rc == 2 ? EXIT_USAGE : EXIT_ERROR;
}
