/* commands.c: the shell's dot-commands: one table, one handler each.
 * .help and tab completion are generated from the table. */
#include "shell.h"
#include "template.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 32

/* ---- helpers ------------------------------------------------------------- */

static int
on_off(repl_shell *sh, int argc, char **argv, int *flag)
{
	if (argc == 1) {
		fprintf(sh->out, "%s\n", *flag ? "on" : "off");
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "on") || !strcmp(argv[1], "off"))) {
		*flag = !strcmp(argv[1], "on");
		return 0;
	}
	repl_error(sh, "usage: .%s on|off", argv[0]);
	return 1;
}

/* The arguments from argv[1] on, joined with spaces. */
static char *
join_args(int argc, char **argv)
{
	size_t len = 1;
	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* The IRI a prefixed name stands for, from the store's prefixes: a new
 * string, or NULL after printing why. */
static char *
expand(repl_shell *sh, const char *pname)
{
	size_t len = strcspn(pname, ":");
	size_t n = kg_db_prefix_count(sh->db);
	for (size_t i = 0; i < n; i++) {
		const char *p, *iri;
		char *full;
		if (kg_db_prefix_at(sh->db, i, &p, &iri) || strlen(p) != len ||
		    strncmp(p, pname, len))
			continue;
		if (asprintf(&full, "%s%s", iri, pname + len + 1) < 0)
			return NULL;
		return full;
	}
	repl_error(sh, "unknown prefix '%.*s:'; .prefix lists them", (int)len,
	           pname);
	return NULL;
}

/* `iri` as a term to put in a query: its prefixed name when it has one
 * that reads back as a single token, else <iri> escaped.  A new string. */
static char *
iri_term(repl_shell *sh, const char *iri)
{
	char buf[1024];
	int ok = kg_db_compact_iri(sh->db, iri, buf, sizeof buf);
	for (const char *c = buf; ok && *c; c++)
		ok = isalnum((unsigned char)*c) || strchr("_-.:", *c) ||
		     ((unsigned char)*c & 0x80);
	return ok ? strdup(buf) : repl_term_iri(iri);
}

/* Things typed with a SEM class (events, actors, places) come first: a
 * label may also name a source row or a Wikidata item. */
static const char label_query[] =
	"SELECT DISTINCT ?x ?sem WHERE {\n"
	"  { ?x rdfs:label ?l } UNION { ?x skos:altLabel ?l }\n"
	"  FILTER(lcase(str(?l)) = lcase($label))\n"
	"  OPTIONAL { ?x a ?sem FILTER(STRSTARTS(STR(?sem), STR(sem:))) }\n"
	"} ORDER BY ?x";

/* The IRI labelled `label` (case aside), a new string; NULL after
 * printing why.  *more: other things carry the label too. */
static char *
find_labelled(repl_shell *sh, const char *label, int *more)
{
	char *lit = repl_term_literal(label, NULL);
	repl_param p = {"label", lit};
	char *q = lit ? repl_template_fill(label_query, &p, 1, NULL) : NULL;
	free(lit);
	if (!q) {
		repl_error(sh, "out of memory");
		return NULL;
	}
	kg_results *r;
	kg_status st = kg_db_query(sh->db, q, NULL, &r);
	if (st) {
		repl_db_error(sh, st, q);
		free(q);
		return NULL;
	}
	free(q);
	int best = 0;
	char *chosen = NULL;
	*more = 0;
	while (!kg_results_next(r)) {
		const kg_term *t = kg_results_get(r, 0);
		int typed = kg_results_get(r, 1) != NULL;
		if (!t || t->kind != KG_TERM_IRI ||
		    (chosen && !strcmp(t->value, chosen)))
			continue;
		*more |= chosen != NULL;
		if (chosen && (!typed || best))
			continue;
		free(chosen);
		chosen = strdup(t->value);
		best = typed;
	}
	kg_results_free(r);
	if (!chosen)
		repl_error(sh, "nothing is labelled '%s'", label);
	return chosen;
}

/*
 * Turns what the user typed (an <IRI>, a prefixed name, or a label or
 * short name) into a SPARQL term safe to put in a query: a new string,
 * or NULL after printing why not.
 */
static char *
resolve(repl_shell *sh, int argc, char **argv)
{
	if (argc < 2) {
		repl_error(sh, "usage: .%s IRI|PREFIX:NAME|LABEL", argv[0]);
		return NULL;
	}
	char *x = join_args(argc, argv), *iri = NULL, *term = NULL;
	int more = 0;
	if (!x)
		return NULL;
	size_t n = strlen(x);
	if (x[0] == '<' && n > 1 && x[n - 1] == '>') {
		x[n - 1] = '\0';
		term = repl_term_iri(x + 1);
	} else if (strchr(x, ':') && !strchr(x, ' ')) {
		if ((iri = expand(sh, x)))
			term = iri_term(sh, iri);
	} else if ((iri = find_labelled(sh, x, &more))) {
		term = iri_term(sh, iri);
		if (term && more)
			fprintf(stderr, "kg: several things are labelled '%s'; "
			                "using %s\n", x, term);
	}
	free(iri);
	free(x);
	return term;
}

/* Prints a shortcut's SPARQL, so people learn from it, then runs it. */
static int
show_and_run(repl_shell *sh, const char *text)
{
	fprintf(sh->out, "%s\n\n", text);
	fflush(sh->out);
	return repl_run_query(sh, text);
}

static int
heading_and_run(repl_shell *sh, const char *heading, const char *text)
{
	fprintf(sh->out, "%s\n", heading);
	fflush(sh->out);
	return repl_run_query(sh, text);
}

/* ---- handlers ------------------------------------------------------------ */

static int
cmd_help(repl_shell *sh, int argc, char **argv)
{
	if (argc > 1) {
		const char *name = argv[1] + (argv[1][0] == '.');
		for (size_t i = 0; i < repl_n_commands; i++)
			if (!strcmp(repl_commands[i].name, name)) {
				const repl_command *c = &repl_commands[i];
				fprintf(sh->out, ".%s%s%s\n  %s\n", c->name,
				        *c->args ? " " : "", c->args, c->summary);
				if (c->detail)
					fprintf(sh->out, "\n%s\n", c->detail);
				return 0;
			}
		repl_error(sh, "no command .%s; enter .help for the list", name);
		return 1;
	}
	for (size_t i = 0; i < repl_n_commands; i++) {
		const repl_command *c = &repl_commands[i];
		char left[64];
		snprintf(left, sizeof left, ".%s%s%s", c->name, *c->args ? " " : "",
		         c->args);
		fprintf(sh->out, "%-26s %s\n", left, c->summary);
	}
	fprintf(sh->out, "\nOther input is SPARQL, a query or an update, "
	                 "ended by ';' or a blank\nline.  Ctrl-C cancels a "
	                 "query, Ctrl-D quits.\n");
	return 0;
}

static int
cmd_quit(repl_shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh->quit = 1;
	return 0;
}

static int
cmd_dot_load(repl_shell *sh, int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		repl_error(sh, "usage: .load FILE [GRAPH]");
		return 1;
	}
	char graph[4096] = "";
	kg_load_options lo = {0};
	if (argc == 3) {
		const char *g = argv[2];
		size_t n = strlen(g);
		if (g[0] == '<' && n > 1 && g[n - 1] == '>')
			snprintf(graph, sizeof graph, "%.*s", (int)(n - 2), g + 1);
		else
			snprintf(graph, sizeof graph, "%s", g);
		lo.graph = graph;
	}
	if (repl_reopen(sh, 1))
		return 1;
	kg_load_progress done = {0, 0, 0, 0, 0};
	repl_set_busy(sh->db);
	kg_status st = kg_db_load(sh->db, argv[1], &lo, &done);
	repl_set_busy(NULL);
	if (st)
		repl_db_error(sh, st, NULL);
	/* Back to read-only, so that other kg processes can read. */
	int rc = repl_reopen(sh, 0);
	if (st)
		return 1;
	repl_forget_names(sh);
	fprintf(sh->out, "loaded %s: %llu triple%s, %llu new\n", argv[1],
	        (unsigned long long)done.triples, done.triples == 1 ? "" : "s",
	        (unsigned long long)done.added);
	return rc;
}

static int
cmd_undo(repl_shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		repl_error(sh, "usage: .undo");
		return 1;
	}
	return repl_undo(sh);
}

static int
cmd_read(repl_shell *sh, int argc, char **argv)
{
	if (argc != 2) {
		repl_error(sh, "usage: .read FILE");
		return 1;
	}
	if (sh->depth >= 16) {
		repl_error(sh, ".read nested too deeply");
		return 1;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		repl_error(sh, "cannot open %s: %s", argv[1], strerror(errno));
		return 1;
	}
	repl_source src = {f, argv[1], 0, 0};
	sh->depth++;
	int line = sh->stmt_line;
	repl_process(sh, &src);
	sh->stmt_line = line;
	sh->depth--;
	fclose(f);
	return 0;
}

static int
cmd_dot_graphs(repl_shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kg_results *r;
	kg_status st = kg_db_graphs(sh->db, &r);
	if (!st)
		st = repl_show(sh, r);
	kg_results_free(r);
	if (st)
		repl_db_error(sh, st, NULL);
	return st != KG_OK;
}

static int
cmd_dot_stats(repl_shell *sh, int argc, char **argv)
{
	kg_status st = cli_print_stats(sh->db, sh->out);
	if (st) {
		repl_db_error(sh, st, NULL);
		return 1;
	}
	fprintf(sh->out, "\ngraphs:\n");
	return cmd_dot_graphs(sh, argc, argv);
}

static int
cmd_connect(repl_shell *sh, int argc, char **argv)
{
	if (argc != 2) {
		repl_error(sh, "usage: .connect URL|STORE");
		return 1;
	}
	return repl_connect(sh, argv[1]);
}

/* Triples .schema counts on an endpoint, which may hold billions. */
#define SCHEMA_SAMPLE 10000

static int
cmd_schema(repl_shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (kg_db_is_remote(sh->db)) {
		/* A sample, within the look-up timeout; the queries for full
		 * counts are in the headings, for when the endpoint can. */
		char head[512], q[512];
		repl_limit_requests(sh, repl_lookup_timeout(sh));
		snprintf(head, sizeof head,
		         "classes, in a sample of %d rdf:type triples of the "
		         "endpoint\n(for full counts: SELECT ?class "
		         "(COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class):",
		         SCHEMA_SAMPLE);
		snprintf(q, sizeof q,
		         "SELECT ?class (COUNT(?s) AS ?instances)\n"
		         "WHERE { { SELECT ?s ?class WHERE { ?s a ?class } "
		         "LIMIT %d } }\n"
		         "GROUP BY ?class ORDER BY DESC(?instances) ?class",
		         SCHEMA_SAMPLE);
		int rc = heading_and_run(sh, head, q);
		if (!rc) {
			snprintf(head, sizeof head,
			         "\nproperties, in a sample of %d triples of the "
			         "endpoint\n(for full counts: SELECT ?p (COUNT(*) AS ?n) "
			         "WHERE { ?s ?p ?o } GROUP BY ?p):", SCHEMA_SAMPLE);
			snprintf(q, sizeof q,
			         "SELECT ?property (COUNT(*) AS ?triples)\n"
			         "WHERE { { SELECT ?property WHERE { ?s ?property ?o } "
			         "LIMIT %d } }\n"
			         "GROUP BY ?property ORDER BY DESC(?triples) ?property",
			         SCHEMA_SAMPLE);
			rc = heading_and_run(sh, head, q);
		}
		repl_limit_requests(sh, 0);
		return rc;
	}
	int rc = heading_and_run(sh, "classes:",
		"SELECT ?class (COUNT(?s) AS ?instances)\n"
		"WHERE { ?s a ?class }\n"
		"GROUP BY ?class ORDER BY DESC(?instances) ?class");
	if (!rc)
		rc = heading_and_run(sh, "\nproperties:",
			"SELECT ?property (COUNT(*) AS ?triples)\n"
			"WHERE { ?s ?property ?o }\n"
			"GROUP BY ?property ORDER BY DESC(?triples) ?property");
	return rc;
}

static int
cmd_prefix(repl_shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		size_t n = kg_db_prefix_count(sh->db);
		for (size_t i = 0; i < n; i++) {
			const char *p, *iri;
			if (!kg_db_prefix_at(sh->db, i, &p, &iri))
				fprintf(sh->out, "PREFIX %s: <%s>\n", p, iri);
		}
		return 0;
	}
	if (argc != 3 || !strchr(argv[1], ':')) {
		repl_error(sh, "usage: .prefix [NAME: <IRI>]");
		return 1;
	}
	char name[256], iri[4096];
	snprintf(name, sizeof name, "%.*s", (int)strcspn(argv[1], ":"), argv[1]);
	size_t n = strlen(argv[2]);
	if (argv[2][0] == '<' && n > 1 && argv[2][n - 1] == '>')
		snprintf(iri, sizeof iri, "%.*s", (int)(n - 2), argv[2] + 1);
	else
		snprintf(iri, sizeof iri, "%s", argv[2]);
	kg_status st = kg_db_prefix_set(sh->db, name, iri);
	if (st) {
		repl_db_error(sh, st, NULL);
		return 1;
	}
	/* Kept so that a reopened store gets them again. */
	char **p = realloc(sh->prefixes, (sh->n_prefixes + 2) * sizeof *p);
	if (!p)
		return 1;
	sh->prefixes = p;
	p[sh->n_prefixes] = strdup(name);
	p[sh->n_prefixes + 1] = strdup(iri);
	if (p[sh->n_prefixes] && p[sh->n_prefixes + 1])
		sh->n_prefixes += 2;
	return 0;
}

static int
cmd_mode(repl_shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		fprintf(sh->out, "%s\n", kg_format_name(sh->mode ? sh->mode
		                                                 : KG_FORMAT_TABLE));
		return 0;
	}
	kg_format f = argc == 2 ? kg_format_from_name(argv[1]) : (kg_format)0;
	if (!f) {
		repl_error(sh, "usage: .mode table|csv|tsv|json|xml|turtle|line");
		return 1;
	}
	sh->mode = f;
	return 0;
}

static int
cmd_headers(repl_shell *sh, int argc, char **argv)
{
	return on_off(sh, argc, argv, &sh->headers);
}

static int
cmd_timer(repl_shell *sh, int argc, char **argv)
{
	return on_off(sh, argc, argv, &sh->timer);
}

static int
cmd_bail(repl_shell *sh, int argc, char **argv)
{
	return on_off(sh, argc, argv, &sh->bail);
}

static int
cmd_labels(repl_shell *sh, int argc, char **argv)
{
	return on_off(sh, argc, argv, &sh->labels);
}

static int
set_output(repl_shell *sh, int argc, char **argv, int once)
{
	if (argc > 2 || (once && argc != 2)) {
		repl_error(sh, "usage: .%s FILE", argv[0]);
		return 1;
	}
	FILE *f = stdout;
	if (argc == 2 && strcmp(argv[1], "stdout")) {
		f = fopen(argv[1], "w");
		if (!f) {
			repl_error(sh, "cannot write %s: %s", argv[1],
			           strerror(errno));
			return 1;
		}
	}
	if (sh->out != stdout)
		fclose(sh->out);
	sh->out = f;
	sh->once = once;
	return 0;
}

static int
cmd_output(repl_shell *sh, int argc, char **argv)
{
	return set_output(sh, argc, argv, 0);
}

static int
cmd_once(repl_shell *sh, int argc, char **argv)
{
	return set_output(sh, argc, argv, 1);
}

static int
cmd_examples(repl_shell *sh, int argc, char **argv)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/data/examples", cli_datadir());
	size_t n;
	char **names = cli_list_dir(dir, ".rq", &n);
	if (!names) {
		repl_error(sh, "no examples in %s", dir);
		return 1;
	}
	long want = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	int rc = 0;
	if (argc > 1 && (want < 1 || (size_t)want > n)) {
		repl_error(sh, "no example %s; there are %zu", argv[1], n);
		rc = 1;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		if (want && (size_t)want != i + 1)
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		char *text = cli_read_file(path);
		if (!text) {
			rc = 1;
			break;
		}
		if (want) {
			rc = show_and_run(sh, text);
		} else {
			/* The first line is "# Question?". */
			const char *q = text[0] == '#' ? text + 1 + strspn(text + 1, " ")
			                               : names[i];
			fprintf(sh->out, "%3zu  %.*s\n", i + 1, (int)strcspn(q, "\n"), q);
		}
		free(text);
	}
	if (!want && !rc)
		fprintf(sh->out, "Enter .examples N to see and run one.\n");
	cli_list_free(names);
	return rc;
}

static const char describe_outgoing[] =
	"SELECT ?property ?value ?label\n"
	"WHERE {\n"
	"  $x ?property ?value .\n"
	"  OPTIONAL { ?value rdfs:label ?label }\n"
	"}\n"
	"ORDER BY ?property ?value";

static const char describe_incoming[] =
	"SELECT ?subject ?label ?property\n"
	"WHERE {\n"
	"  ?subject ?property $x .\n"
	"  OPTIONAL { ?subject rdfs:label ?label }\n"
	"}\n"
	"ORDER BY ?property ?subject";

static int
cmd_describe(repl_shell *sh, int argc, char **argv)
{
	char *x = resolve(sh, argc, argv);
	if (!x)
		return 1;
	repl_param p = {"x", x};
	char *out = repl_template_fill(describe_outgoing, &p, 1, NULL);
	char *in = repl_template_fill(describe_incoming, &p, 1, NULL);
	int rc = 1;
	if (!out || !in) {
		repl_error(sh, "out of memory");
	} else {
		fprintf(sh->out, "%s\n", x);
		rc = heading_and_run(sh, "\noutgoing:", out);
		if (!rc)
			rc = heading_and_run(sh, "\nincoming:", in);
	}
	free(out);
	free(in);
	free(x);
	return rc;
}

/*
 * The domain shortcuts' SPARQL lives beside the bundled graph, in
 * DATADIR/data/shortcuts/NAME.rq, so the shell knows no IRI of the
 * graph.  Fills the template with `p` and shows and runs it.
 */
static int
run_shortcut(repl_shell *sh, const char *name, const repl_param *p, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/data/shortcuts/%s.rq", cli_datadir(),
	         name);
	FILE *f = fopen(path, "r");
	if (!f) {
		repl_error(sh, "no shortcut .%s: cannot open %s: %s", name, path,
		           strerror(errno));
		return 1;
	}
	fclose(f);
	char *tmpl = cli_read_file(path);
	if (!tmpl) {
		sh->errors++;
		return 1;
	}
	const char *unknown;
	char *q = repl_template_fill(tmpl, p, n, &unknown);
	int rc = 1;
	if (q)
		rc = show_and_run(sh, q);
	else if (unknown)
		repl_error(sh, "%s: no value for $%.*s", path,
		           (int)strspn(unknown, "abcdefghijklmnopqrstuvwxyz"
		                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                                "0123456789_"), unknown);
	else
		repl_error(sh, "out of memory");
	free(q);
	free(tmpl);
	return rc;
}

/* A shortcut whose one parameter is the thing the user named. */
static int
run_on_thing(repl_shell *sh, int argc, char **argv, const char *param)
{
	char *x = resolve(sh, argc, argv);
	if (!x)
		return 1;
	repl_param p = {param, x};
	int rc = run_shortcut(sh, argv[0], &p, 1);
	free(x);
	return rc;
}

static int
cmd_timeline(repl_shell *sh, int argc, char **argv)
{
	return run_on_thing(sh, argc, argv, "x");
}

static int
cmd_who_captured(repl_shell *sh, int argc, char **argv)
{
	return run_on_thing(sh, argc, argv, "place");
}

static int
cmd_control(repl_shell *sh, int argc, char **argv)
{
	return run_on_thing(sh, argc, argv, "place");
}

/* A shortcut whose one parameter, $day, is the date the user gave. */
static int
run_on_day(repl_shell *sh, int argc, char **argv)
{
	const char *d = argc == 2 ? argv[1] : "";
	int ok = strlen(d) == 10 && d[4] == '-' && d[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		ok = i == 4 || i == 7 || isdigit((unsigned char)d[i]);
	if (!ok) {
		repl_error(sh, "usage: .%s YYYY-MM-DD", argv[0]);
		return 1;
	}
	char *day = repl_term_literal(d, "xsd:date");
	if (!day) {
		repl_error(sh, "out of memory");
		return 1;
	}
	repl_param p = {"day", day};
	int rc = run_shortcut(sh, argv[0], &p, 1);
	free(day);
	return rc;
}

static int
cmd_on(repl_shell *sh, int argc, char **argv)
{
	return run_on_day(sh, argc, argv);
}

static int
cmd_asof(repl_shell *sh, int argc, char **argv)
{
	return run_on_day(sh, argc, argv);
}

/* ---- the table ----------------------------------------------------------- */

/* .help lists the commands in this order; tab completion offers them. */
const repl_command repl_commands[] = {
	{ .name = "help", .args = "[CMD]",
	  .summary = "list the commands, or explain one",
	  .handler = cmd_help, .no_store = 1 },
	{ .name = "load", .args = "FILE [GRAPH]",
	  .summary = "load an RDF file into the store",
	  .detail = "Triples go into GRAPH (an IRI), else a graph named after "
	            "the file.\n"
	            "The store is taken read-write only while the file loads.",
	  .handler = cmd_dot_load, .file_args = 1 },
	{ .name = "undo", .args = "",
	  .summary = "revert the last update request",
	  .detail = "Removes the triples the request added and puts back "
	            "those it\n"
	            "removed; each .undo goes one request further back (up to "
	            "100).",
	  .handler = cmd_undo },
	{ .name = "read", .args = "FILE",
	  .summary = "run the statements and commands in FILE",
	  .detail = "Errors name the file and line; .bail on stops at the "
	            "first.",
	  .handler = cmd_read, .file_args = 1 },
	{ .name = "connect", .args = "URL|STORE",
	  .summary = "work on another store, or on a SPARQL endpoint",
	  .detail = "URL is an http:// or https:// SPARQL 1.1 Protocol "
	            "endpoint (as kg --endpoint);\n"
	            "STORE a store as for kg --store.  The prefixes declared "
	            "with .prefix stay.",
	  .handler = cmd_connect, .no_store = 1 },
	{ .name = "graphs", .args = "",
	  .summary = "list the named graphs and their sizes",
	  .handler = cmd_dot_graphs },
	{ .name = "stats", .args = "",
	  .summary = "count the triples of the store and of each graph",
	  .handler = cmd_dot_stats },
	{ .name = "schema", .args = "",
	  .summary = "list the classes and properties used, with counts",
	  .detail = "On an endpoint, which may hold billions of triples, "
	            "the counts are over a sample of 10,000 triples each, "
	            "within $KG_LOOKUP_TIMEOUT seconds (default 3).",
	  .handler = cmd_schema },
	{ .name = "prefix", .args = "[NAME: <IRI>]",
	  .summary = "list the prefixes, or declare one",
	  .detail = "Declared prefixes hold for every later query and compact "
	            "IRIs in tables.",
	  .handler = cmd_prefix, .setting = 1 },
	{ .name = "describe", .args = "X",
	  .summary = "show what is known about X",
	  .detail = "X is an <IRI>, a prefixed name, or a label or short name "
	            "(\"HTS\").\n"
	            "Shows the triples going out of X and coming into it, with "
	            "labels.",
	  .handler = cmd_describe },
	{ .name = "timeline", .args = "X",
	  .summary = "the events of an actor or place, in date order",
	  .detail = "Prints the SPARQL it runs, then runs it.",
	  .handler = cmd_timeline },
	{ .name = "who-captured", .args = "PLACE",
	  .summary = "who captured PLACE, and when",
	  .detail = "Prints the SPARQL it runs, then runs it.",
	  .handler = cmd_who_captured },
	{ .name = "on", .args = "YYYY-MM-DD",
	  .summary = "the events of a day",
	  .detail = "Includes events whose uncertain dates may fall on that "
	            "day.\n"
	            "Prints the SPARQL it runs, then runs it.",
	  .handler = cmd_on },
	{ .name = "control", .args = "PLACE",
	  .summary = "who held PLACE, from when to when",
	  .detail = "Reads the control graph the rules compute (kg rules).\n"
	            "Prints the SPARQL it runs, then runs it.",
	  .handler = cmd_control },
	{ .name = "asof", .args = "YYYY-MM-DD",
	  .summary = "who held what on a day",
	  .detail = "Only holds certain on that day; a place taken on an "
	            "uncertain day\n"
	            "around it has no holder.  Prints the SPARQL it runs, then "
	            "runs it.",
	  .handler = cmd_asof },
	{ .name = "examples", .args = "[N]",
	  .summary = "list the example questions, or show and run one",
	  .handler = cmd_examples },
	{ .name = "mode", .args = "[MODE]",
	  .summary = "result format: table csv tsv json xml turtle line",
	  .handler = cmd_mode, .setting = 1 },
	{ .name = "headers", .args = "on|off",
	  .summary = "show column names in table, csv and tsv",
	  .handler = cmd_headers, .setting = 1 },
	{ .name = "labels", .args = "on|off",
	  .summary = "show each IRI's rdfs:label beside it",
	  .handler = cmd_labels, .setting = 1 },
	{ .name = "timer", .args = "on|off",
	  .summary = "show how long each statement took",
	  .handler = cmd_timer, .setting = 1 },
	{ .name = "output", .args = "[FILE]",
	  .summary = "send results to FILE (no FILE: the screen)",
	  .handler = cmd_output, .file_args = 1, .setting = 1 },
	{ .name = "once", .args = "FILE",
	  .summary = "send the next statement's results to FILE",
	  .handler = cmd_once, .file_args = 1, .setting = 1 },
	{ .name = "bail", .args = "on|off",
	  .summary = "stop at the first error",
	  .handler = cmd_bail, .setting = 1 },
	{ .name = "quit", .args = "",
	  .summary = "leave the shell (also .exit and Ctrl-D)",
	  .handler = cmd_quit, .no_store = 1 },
	{ .name = "exit", .args = "",
	  .summary = "leave the shell",
	  .handler = cmd_quit, .no_store = 1 },
};
const size_t repl_n_commands = sizeof repl_commands / sizeof repl_commands[0];

/* Splits a dot-command line into words; quotes group words. */
static int
split(char *s, char **argv)
{
	int argc = 0;
	while (*s && argc < MAX_ARGS) {
		s += strspn(s, " \t\r\n");
		if (!*s)
			break;
		char q = *s == '"' || *s == '\'' ? *s++ : 0;
		argv[argc++] = s;
		while (*s && (q ? *s != q : !strchr(" \t\r\n", *s)))
			s++;
		if (*s)
			*s++ = '\0';
	}
	return argc;
}

int
repl_dot_command(repl_shell *sh, const char *line)
{
	char *copy = strdup(line + 1);
	char *argv[MAX_ARGS];
	if (!copy)
		return 1;
	int argc = split(copy, argv), rc = 1;
	if (!argc) {
		repl_error(sh, "a command name must follow the '.'");
		goto out;
	}
	for (size_t i = 0; i < repl_n_commands; i++)
		if (!strcmp(argv[0], repl_commands[i].name)) {
			if (!sh->db && !repl_commands[i].no_store) {
				repl_error(sh, "no store is open");
				goto out;
			}
			rc = repl_commands[i].handler(sh, argc, argv);
			fflush(sh->out);
			if (!repl_commands[i].setting)
				repl_end_once(sh);
			goto out;
		}
	repl_error(sh, "unknown command .%s; enter .help for the list", argv[0]);
out:
	free(copy);
	return rc;
}
