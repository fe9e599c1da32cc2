/* run.c: the driver of the SPARQL evaluation cases, tests/sparql/NAME.test.
 *
 * Usage: run FILE.test|DIR...  Reads every case of every file (a
 * directory stands for its *.test files, in name order), runs each on
 * an in-memory store through the public API alone, and prints one TAP
 * line per case.  A failing case names its file and line and shows the
 * expected and the actual answer as a diff.  The format of the files is
 * described in tests/sparql/README and at the top of each file.
 *
 * Data files are loaded once per run and shared by every case that
 * names them; queries never change the store, so the cases cannot see
 * each other. */
#include "kg.h"
#include "../tap.h"
#include "../unit/helpers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EX "http://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"

/* Prepended to every query and to inline data, so that cases can use
 * `:` and `xsd:` without declaring them. */
static const char query_prologue[] =
	"PREFIX : <" EX ">\nPREFIX xsd: <" XSD ">\n";
static const char data_prologue[] =
	"@prefix : <" EX "> .\n@prefix xsd: <" XSD "> .\n";

/* ---- growing strings --------------------------------------------------- */

typedef struct {
	char *s;
	size_t n, cap;
} str;

static void
oom(void)
{
	printf("Bail out! out of memory\n");
	exit(1);
}

static void
str_add(str *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = realloc(b->s, cap);
		if (!p)
			oom();
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
str_puts(str *b, const char *s)
{
	str_add(b, s, strlen(s));
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		oom();
	return d;
}

/* ---- the canonical form of an answer ----------------------------------- */

static void
put_iri(str *b, const char *iri)
{
	if (!strncmp(iri, EX, strlen(EX))) {
		str_puts(b, ":");
		str_puts(b, iri + strlen(EX));
	} else if (!strncmp(iri, XSD, strlen(XSD))) {
		str_puts(b, "xsd:");
		str_puts(b, iri + strlen(XSD));
	} else {
		str_puts(b, "<");
		str_puts(b, iri);
		str_puts(b, ">");
	}
}

static void
put_term(str *b, const kg_term *t)
{
	switch (t->kind) {
	case KG_TERM_IRI:
		put_iri(b, t->value);
		return;
	case KG_TERM_BLANK:
		/* labels are the store's business; only "a blank node" is
		 * part of the answer */
		str_puts(b, "_:");
		return;
	case KG_TERM_LITERAL:
		break;
	}
	const char *dt = t->datatype;
	if (dt && !strcmp(dt, XSD "string"))
		dt = NULL;
	if (dt && (!strcmp(dt, XSD "integer") || !strcmp(dt, XSD "boolean"))) {
		str_puts(b, t->value);
		return;
	}
	str_puts(b, "'");
	for (const char *p = t->value; *p; p++) {
		if (*p == '\'' || *p == '\\')
			str_puts(b, "\\");
		if (*p == '\n')
			str_puts(b, "\\n");
		else
			str_add(b, p, 1);
	}
	str_puts(b, "'");
	if (t->lang) {
		str_puts(b, "@");
		str_puts(b, t->lang);
	} else if (dt) {
		str_puts(b, "^^");
		put_iri(b, dt);
	}
}

/* A list of lines, each owned. */
typedef struct {
	char **v;
	size_t n, cap;
} lines;

static void
lines_add(lines *l, const char *s, size_t n)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **p = realloc(l->v, cap * sizeof *p);
		if (!p)
			oom();
		l->v = p;
		l->cap = cap;
	}
	char *c = malloc(n + 1);
	if (!c)
		oom();
	memcpy(c, s, n);
	c[n] = '\0';
	l->v[l->n++] = c;
}

static void
lines_clear(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (lines){0};
}

static int
cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* qsort() must not be given the NULL of an empty list. */
static void
lines_sort(lines *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_lines);
}

/* Reads every row of `r` into `out` in the canonical form: for a
 * SELECT "name=term" per bound column, "()" for a row that binds
 * nothing; "s p o" for a graph; "true" or "false" for ASK.  The
 * status of the reading. */
static kg_status
render(kg_results *r, lines *out)
{
	if (kg_results_kind_of(r) == KG_RESULTS_BOOLEAN) {
		const char *b = kg_results_boolean(r) ? "true" : "false";
		lines_add(out, b, strlen(b));
		return KG_OK;
	}
	int graph = kg_results_kind_of(r) == KG_RESULTS_GRAPH;
	size_t w = kg_results_width(r);
	kg_status st;
	str b = {0};
	while ((st = kg_results_next(r)) == KG_OK) {
		b.n = 0;
		str_puts(&b, "");
		for (size_t i = 0; i < w; i++) {
			const kg_term *t = kg_results_get(r, i);
			if (!t)
				continue;
			if (b.n)
				str_puts(&b, " ");
			if (!graph) {
				str_puts(&b, kg_results_name(r, i));
				str_puts(&b, "=");
			}
			put_term(&b, t);
		}
		if (!b.n)
			str_puts(&b, "()");
		lines_add(out, b.s, b.n);
	}
	free(b.s);
	return st == KG_DONE ? KG_OK : st;
}

/* ---- a case ------------------------------------------------------------ */

enum { MAX_GRAPHS = 8 };

typedef struct {
	const char *file;   /* the .test file, as named on the command line */
	int line;           /* of its "===" line */
	char *name;
	char *data;         /* @data: a path relative to the file, or NULL */
	str inline_data;    /* a "--- ttl" or "--- trig" section */
	const char *inline_ext; /* ".ttl", ".trig", or NULL: no section */
	str query;
	int ordered;        /* @ordered */
	char *todo;         /* @todo: why kg gets it wrong */
	int error;          /* @error: 1 an error is expected */
	kg_status error_st; /* its status, KG_OK for any */
	char *error_text;   /* and a part of its message, or NULL */
	char *columns;      /* @columns: the names, space separated */
	char *from[MAX_GRAPHS + 1], *from_named[MAX_GRAPHS + 1];
	lines want;
} tcase;

static void
tcase_clear(tcase *c)
{
	free(c->name);
	free(c->data);
	free(c->inline_data.s);
	free(c->query.s);
	free(c->todo);
	free(c->error_text);
	free(c->columns);
	for (int i = 0; c->from[i]; i++)
		free(c->from[i]);
	for (int i = 0; c->from_named[i]; i++)
		free(c->from_named[i]);
	lines_clear(&c->want);
	*c = (tcase){0};
}

/* One TAP line; a failure with a `todo` reason is "not ok ... # TODO",
 * which the TAP driver counts as an expected failure. */
static void
report(int ok, const char *file, const char *name, const char *todo)
{
	const char *base = strrchr(file, '/');
	printf("%sok %d - %s: %s", ok ? "" : "not ", ++tap_count,
	       base ? base + 1 : file, name);
	if (todo)
		printf(" # TODO %s", todo);
	printf("\n");
	if (!ok && !todo)
		tap_failed++;
}

/* A file that cannot be read as cases fails the run, at its line. */
static void
malformed(const char *file, int line, const char *why)
{
	report(0, file, "malformed", NULL);
	printf("#   at %s:%d: %s\n", file, line, why);
}

static void
print_block(const char *label, const char *text)
{
	printf("#   %s:\n", label);
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		printf("#     %.*s\n", (int)n, p);
		p += n + (e != NULL);
	}
}

/* Prints the lines of `want` and `got` as a diff: "-" only expected,
 * "+" only produced, "=" both (a longest common subsequence). */
static void
print_diff(const lines *want, const lines *got)
{
	size_t n = want->n, m = got->n;
	size_t *t = calloc((n + 1) * (m + 1), sizeof *t);
	if (!t)
		oom();
#define T(i, j) t[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			T(i, j) = !strcmp(want->v[i], got->v[j])
			                  ? T(i + 1, j + 1) + 1
			          : T(i + 1, j) > T(i, j + 1) ? T(i + 1, j)
			                                      : T(i, j + 1);
	printf("#   diff (- want, + got):%s\n", n || m ? "" : " (both empty)");
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && !strcmp(want->v[i], got->v[j])) {
			printf("#     = %s\n", want->v[i]);
			i++, j++;
		} else if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
			printf("#     - %s\n", want->v[i++]);
		} else {
			printf("#     + %s\n", got->v[j++]);
		}
	}
#undef T
	free(t);
}

/* ---- stores ------------------------------------------------------------ */

/* Stores loaded from data files, kept for the whole run. */
static struct store {
	char *path;
	kg_db *db;
} *stores;
static size_t n_stores;

/* A memory store holding `path` (NULL: nothing); NULL when it cannot be
 * loaded, with the reason in `err`. */
static kg_db *
store_load(const char *path, char *err, size_t n_err)
{
	kg_db *db = NULL;
	/* Every triple of a data file is in the default graph; a TriG
	 * file's named graphs stay named. */
	kg_load_options lo = {0};
	lo.flags = KG_LOAD_DEFAULT_GRAPH;
	kg_status st = kg_db_open("memory", 0, &db);
	if (!st && path)
		st = kg_db_load(db, path, &lo, NULL);
	if (st) {
		snprintf(err, n_err, "cannot load %s: %s: %s",
		         path ? path : "an empty store", kg_strerror(st),
		         db ? kg_db_errmsg(db) : "");
		kg_db_close(db);
		return NULL;
	}
	return db;
}

/* The shared store of data file `path` (NULL: an empty store). */
static kg_db *
store_get(const char *path, char *err, size_t n_err)
{
	const char *key = path ? path : "";
	for (size_t i = 0; i < n_stores; i++)
		if (!strcmp(stores[i].path, key))
			return stores[i].db;
	kg_db *db = store_load(path, err, n_err);
	if (!db)
		return NULL;
	struct store *p = realloc(stores, (n_stores + 1) * sizeof *p);
	if (!p)
		oom();
	stores = p;
	stores[n_stores].path = xstrdup(key);
	stores[n_stores++].db = db;
	return db;
}

static void
stores_close(void)
{
	for (size_t i = 0; i < n_stores; i++) {
		kg_db_close(stores[i].db);
		free(stores[i].path);
	}
	free(stores);
	stores = NULL;
	n_stores = 0;
}

/* ---- running a case ---------------------------------------------------- */

/* `c->data` relative to the directory of `c->file`; a new string. */
static char *
data_path(const tcase *c)
{
	const char *slash = strrchr(c->file, '/');
	str p = {0};
	if (slash)
		str_add(&p, c->file, (size_t)(slash - c->file) + 1);
	str_puts(&p, c->data);
	return p.s;
}

static void
run_case(tcase *c)
{
	char err[1024] = "";
	kg_db *db = NULL, *own = NULL;
	if (c->error && c->want.n) {
		malformed(c->file, c->line, "an @error case lists rows");
		return;
	}
	if (c->inline_ext) {
		str text = {0};
		str_puts(&text, data_prologue);
		if (c->inline_data.s)
			str_puts(&text, c->inline_data.s);
		char *tmp = write_tmp(c->inline_ext, text.s);
		db = own = store_load(tmp, err, sizeof err);
		unlink(tmp);
		free(tmp);
		free(text.s);
	} else if (c->data) {
		char *path = data_path(c);
		db = store_get(path, err, sizeof err);
		free(path);
	} else {
		db = store_get(NULL, err, sizeof err);
	}
	if (!db) {
		report(0, c->file, c->name, c->todo);
		printf("#   at %s:%d: %s\n", c->file, c->line, err);
		return;
	}

	str q = {0};
	str_puts(&q, query_prologue);
	str_puts(&q, c->query.s ? c->query.s : "");
	const char *from[MAX_GRAPHS + 1] = {0}, *named[MAX_GRAPHS + 1] = {0};
	for (int i = 0; c->from[i]; i++)
		from[i] = c->from[i];
	for (int i = 0; c->from_named[i]; i++)
		named[i] = c->from_named[i];
	kg_query_options opts = {NULL, from, named, 0};
	kg_results *r = NULL;
	lines got = {0};
	kg_status st = kg_db_query(db, q.s, &opts, &r);
	free(q.s);
	if (!st)
		st = render(r, &got);
	if (st)
		snprintf(err, sizeof err, "%s: %s", kg_strerror(st),
		         kg_db_errmsg(db));

	str cols = {0};
	str_puts(&cols, "");
	for (size_t i = 0; r && !st && i < kg_results_width(r); i++) {
		if (i)
			str_puts(&cols, " ");
		str_puts(&cols, kg_results_name(r, i));
	}
	kg_results_free(r);

	if (!c->ordered) {
		lines_sort(&c->want);
		lines_sort(&got);
	}
	int ok;
	if (c->error)
		ok = st && (!c->error_st || st == c->error_st) &&
		     (!c->error_text || strstr(kg_db_errmsg(db), c->error_text));
	else
		ok = !st && got.n == c->want.n;
	for (size_t i = 0; ok && !c->error && i < got.n; i++)
		ok = !strcmp(got.v[i], c->want.v[i]);
	int cols_ok = !c->columns || (!st && !strcmp(c->columns, cols.s));
	ok = ok && cols_ok;

	report(ok, c->file, c->name, c->todo);
	if (!ok) {
		printf("#   at %s:%d\n", c->file, c->line);
		print_block("query", c->query.s ? c->query.s : "");
		if (c->error && !st)
			printf("#   want an error, got none\n");
		else if (c->error)
			printf("#   want error %s%s%s, got %s\n",
			       c->error_st ? kg_strerror(c->error_st) : "(any)",
			       c->error_text ? " mentioning " : "",
			       c->error_text ? c->error_text : "", err);
		else if (st)
			printf("#   got error %s\n", err);
		if (!cols_ok && !st)
			printf("#   columns: want \"%s\", got \"%s\"\n", c->columns,
			       cols.s);
		if (!st && !c->error)
			print_diff(&c->want, &got);
	}
	free(cols.s);
	lines_clear(&got);
	kg_db_close(own);
}

/* ---- reading a file of cases ------------------------------------------- */

static const struct {
	const char *name;
	kg_status st;
} error_kinds[] = {
	{"any", KG_OK},
	{"syntax", KG_ERR_SYNTAX},
	{"query", KG_ERR_QUERY},
	{"unsupported", KG_ERR_UNSUPPORTED},
};

/* `word` (one of the directive's words) expanded to a graph IRI:
 * ":local" or "<iri>"; a new string, or NULL if it is neither. */
static char *
graph_iri(const char *word)
{
	size_t n = strlen(word);
	str b = {0};
	if (word[0] == ':') {
		str_puts(&b, EX);
		str_puts(&b, word + 1);
	} else if (n > 2 && word[0] == '<' && word[n - 1] == '>') {
		str_add(&b, word + 1, n - 2);
	}
	return b.s;
}

static int
add_graph(char **list, const char *word)
{
	int i = 0;
	while (list[i])
		i++;
	if (i == MAX_GRAPHS)
		return -1;
	list[i] = graph_iri(word);
	return list[i] ? 0 : -1;
}

/* Applies the directive `line` ("@name rest") to `c`; NULL, or what is
 * wrong with it. */
static const char *
directive(tcase *c, const char *line)
{
	const char *arg = strchr(line, ' ');
	size_t n = arg ? (size_t)(arg - line) : strlen(line);
	while (arg && *arg == ' ')
		arg++;
	if (arg && !*arg)
		arg = NULL;
#define IS(word) (n == strlen(word) && !strncmp(line, word, n))
	if (IS("@ordered")) {
		c->ordered = 1;
	} else if (IS("@data") && arg) {
		free(c->data);
		c->data = xstrdup(arg);
	} else if (IS("@todo") && arg) {
		c->todo = xstrdup(arg);
	} else if (IS("@columns") && arg) {
		c->columns = xstrdup(arg);
	} else if (IS("@from") && arg) {
		if (add_graph(c->from, arg))
			return "@from wants one :name or <iri> (at most 8)";
	} else if (IS("@from-named") && arg) {
		if (add_graph(c->from_named, arg))
			return "@from-named wants one :name or <iri> (at most 8)";
	} else if (IS("@error")) {
		const char *text = arg ? strchr(arg, ' ') : NULL;
		size_t kn = arg ? (text ? (size_t)(text - arg) : strlen(arg)) : 0;
		c->error = 1;
		c->error_st = KG_OK;
		int found = !arg;
		for (size_t i = 0; arg && i < sizeof error_kinds /
		                                  sizeof *error_kinds; i++)
			if (kn == strlen(error_kinds[i].name) &&
			    !strncmp(arg, error_kinds[i].name, kn)) {
				c->error_st = error_kinds[i].st;
				found = 1;
			}
		if (!found)
			return "@error wants any, syntax, query or unsupported";
		while (text && *text == ' ')
			text++;
		if (text && *text)
			c->error_text = xstrdup(text);
	} else {
		return "unknown directive, or one missing its argument";
	}
#undef IS
	return NULL;
}

/* Where in a case the reader is. */
enum part { HEADER, DIRECTIVES, QUERY, DATA, WANT };

static int
is_line(const char *l, const char *word)
{
	return !strcmp(l, word);
}

/* Runs every case of `file`. */
static void
run_file(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		malformed(file, 0, "cannot be read");
		return;
	}
	tcase c = {0};
	char *file_data = NULL; /* @data before the first case */
	enum part part = HEADER;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, bad = 0, n_cases = 0;
	while (!bad && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!strncmp(line, "===", 3)) {
			if (part != HEADER && part != WANT) {
				malformed(file, c.line, "the case has no \"---\" line");
				bad = 1;
				break;
			}
			if (part == WANT)
				run_case(&c);
			tcase_clear(&c);
			c.file = file;
			c.line = lineno;
			n_cases++;
			const char *name = line + 3;
			while (*name == ' ')
				name++;
			c.name = xstrdup(*name ? name : "(unnamed)");
			if (file_data)
				c.data = xstrdup(file_data);
			part = DIRECTIVES;
			continue;
		}
		switch (part) {
		case HEADER:
			if (!strncmp(line, "@data ", 6)) {
				tcase h = {0};
				if (directive(&h, line)) {
					malformed(file, lineno, "@data wants a path");
					bad = 1;
				}
				free(file_data);
				file_data = h.data;
				h.data = NULL;
				tcase_clear(&h);
			} else if (*line && *line != '#') {
				malformed(file, lineno, "text before the first \"===\"");
				bad = 1;
			}
			break;
		case DIRECTIVES:
			if (line[0] == '@') {
				const char *why = directive(&c, line);
				if (why) {
					malformed(file, lineno, why);
					bad = 1;
				}
				break;
			}
			if (!*line)
				break;
			part = QUERY;
			/* fall through */
		case QUERY:
		case DATA:
			if (is_line(line, "---")) {
				part = WANT;
			} else if (part == QUERY && (is_line(line, "--- ttl") ||
			                             is_line(line, "--- trig"))) {
				c.inline_ext = line[4] == 't' && line[5] == 't'
				                       ? ".ttl"
				                       : ".trig";
				part = DATA;
			} else {
				str *s = part == QUERY ? &c.query : &c.inline_data;
				str_puts(s, line);
				str_puts(s, "\n");
			}
			break;
		case WANT:
			if (*line && *line != '#')
				lines_add(&c.want, line, (size_t)len);
			break;
		}
	}
	if (!bad && part == WANT)
		run_case(&c);
	else if (!bad && part != HEADER)
		malformed(file, c.line, "the case has no \"---\" line");
	else if (!bad && !n_cases)
		malformed(file, 0, "holds no case");
	tcase_clear(&c);
	free(file_data);
	free(line);
	fclose(f);
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcmp(s + n - m, tail);
}

/* Runs the *.test files of `dir` in name order. */
static void
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		malformed(dir, 0, "cannot be read");
		return;
	}
	lines names = {0};
	for (struct dirent *e; (e = readdir(d));)
		if (ends_with(e->d_name, ".test"))
			lines_add(&names, e->d_name, strlen(e->d_name));
	closedir(d);
	lines_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		str path = {0};
		str_puts(&path, dir);
		str_puts(&path, "/");
		str_puts(&path, names.v[i]);
		run_file(path.s);
		free(path.s);
	}
	lines_clear(&names);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.test|DIR...\n", argv[0]);
		printf("Bail out! no test files given\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (!stat(argv[i], &sb) && S_ISDIR(sb.st_mode))
			run_dir(argv[i]);
		else
			run_file(argv[i]);
	}
	stores_close();
	return tap_done();
}
