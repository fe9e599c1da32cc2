/* cli.c: what the kg program's commands share: opening the store,
 * loading files, reading query text, writing results and errors. */
#include "cli.h"
#include "buf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int
cli_write_file(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, ctx) != len;
}

int
cli_finish_stdout(int rc)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kg: cannot write output: %s\n",
		        strerror(errno ? errno : EIO));
		return EXIT_ERROR;
	}
	return rc;
}

void
cli_error(const kg_db *db, kg_status st)
{
	const char *msg = kg_db_errmsg(db);
	const char *file = kg_db_errfile(db);
	int line = kg_db_errline(db), col = kg_db_errcol(db);
	fprintf(stderr, "kg: ");
	if (file && line)
		fprintf(stderr, "%s:%d:", file, line);
	if (file && line && col)
		fprintf(stderr, "%d:", col);
	if (file && line)
		fprintf(stderr, " ");
	fprintf(stderr, "%s\n", *msg ? msg : kg_strerror(st));
}

void
cli_show_line(const char *text, int line, int col)
{
	const char *s = text;
	for (int i = 1; i < line && s; i++) {
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	if (!s)
		return;
	size_t len = strcspn(s, "\n");
	fprintf(stderr, "  %.*s\n", (int)len, s);
	if (col > 0 && (size_t)col <= len + 1) {
		fprintf(stderr, "  ");
		for (int i = 1; i < col; i++)
			fputc(s[i - 1] == '\t' ? '\t' : ' ', stderr);
		fprintf(stderr, "^\n");
	}
}

void
cli_error_in(const kg_db *db, kg_status st, const char *what, const char *text)
{
	const char *msg = kg_db_errmsg(db);
	int line = kg_db_errline(db), col = kg_db_errcol(db);
	if (!line) {
		fprintf(stderr, "kg: %s: %s\n", what, *msg ? msg : kg_strerror(st));
		return;
	}
	fprintf(stderr, "kg: %s:%d:", what, line);
	if (col)
		fprintf(stderr, "%d:", col);
	fprintf(stderr, " %s\n", *msg ? msg : kg_strerror(st));
	cli_show_line(text, line, col);
}

typedef struct {
	const char *path;
	int shown;
} progress_ctx;

static int
show_progress(void *ctx, const kg_load_progress *p)
{
	progress_ctx *pc = ctx;
	double rate = p->seconds > 0 ? (double)p->triples / p->seconds : 0;
	int pct = p->size ? (int)(100.0 * (double)p->bytes / (double)p->size) : -1;
	fprintf(stderr, "\r\033[Kloading %s: %llu triples", pc->path,
	        (unsigned long long)p->triples);
	if (pct >= 0)
		fprintf(stderr, " (%d%%)", pct);
	fprintf(stderr, ", %.0f triples/s", rate);
	pc->shown = 1;
	return 0;
}

/* Prints line `line` of file `path` indented, and a caret under column
 * `col` when it is known: the place of a syntax error in a data file. */
static void
show_file_line(const char *path, int line, int col)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char *text = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	for (int i = 0; i < line && (n = getline(&text, &cap, f)) >= 0; i++)
		;
	fclose(f);
	if (n >= 0 && text) {
		text[strcspn(text, "\r\n")] = '\0';
		cli_show_line(text, 1, col);
	}
	free(text);
}

kg_status
cli_load(kg_db *db, const char *path, const kg_load_options *opts, int quiet)
{
	return cli_load_retrying(db, path, opts, quiet, 0);
}

kg_status
cli_load_retrying(kg_db *db, const char *path, const kg_load_options *opts,
                  int quiet, int retrying)
{
	kg_load_options lo = opts ? *opts : (kg_load_options){0};
	progress_ctx pc = {path, 0};
	if (!quiet && isatty(STDERR_FILENO)) {
		lo.progress = show_progress;
		lo.progress_ctx = &pc;
	}
	kg_load_progress done;
	kg_status st = kg_db_load(db, path, &lo, &done);
	if (pc.shown)
		fprintf(stderr, "\r\033[K");
	if (st && retrying && kg_db_out_of_room(db))
		return st; /* the caller runs the transaction again */
	if (st) {
		cli_error(db, st);
		if (st == KG_ERR_SYNTAX && kg_db_errline(db) > 0 && strcmp(path, "-"))
			show_file_line(path, kg_db_errline(db), kg_db_errcol(db));
		if (st != KG_ERR_INTERRUPTED)
			fprintf(stderr, "kg: %s: nothing was loaded\n", path);
		return st;
	}
	if (pc.shown)
		fprintf(stderr, "loaded %s: %llu triples (%llu new) in %.2f s, "
		                "%.0f triples/s\n", path,
		        (unsigned long long)done.triples,
		        (unsigned long long)done.added, done.seconds,
		        done.seconds > 0 ? (double)done.triples / done.seconds : 0);
	return KG_OK;
}

char *
cli_read_file(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "kg: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, len = 0;
	char *text = malloc(cap);
	size_t n;
	while (text && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		/* Room for one more byte to read, and the NUL. */
		if (kg_grow(&text, &cap, len + 2, 1)) {
			free(text);
			text = NULL;
			break;
		}
	}
	int err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!text || err) {
		fprintf(stderr, "kg: cannot read %s\n", path);
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

void
cli_render_options(kg_render_options *ro, FILE *out)
{
	memset(ro, 0, sizeof *ro);
	int fd = fileno(out);
	if (!isatty(fd))
		return;
	ro->flags |= KG_RENDER_BOX;
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		ro->fit_width = ws.ws_col;
}

int
cli_run_query(kg_db *db, const char *text, const char *what, kg_format format,
              const kg_query_options *qo)
{
	kg_results *r;
	kg_status st = kg_db_query(db, text, qo, &r);
	if (st) {
		cli_error_in(db, st, what, text);
		return EXIT_ERROR;
	}
	if (!format)
		format = KG_FORMAT_TABLE;
	kg_render_options ro;
	cli_render_options(&ro, stdout);
	if (format == KG_FORMAT_TABLE && r && kg_results_kind_of(r) ==
	    KG_RESULTS_GRAPH && !isatty(STDOUT_FILENO))
		format = KG_FORMAT_TURTLE;
	st = kg_results_write(r, db, format, &ro, cli_write_file, stdout, NULL);
	kg_results_free(r);
	if (st) {
		cli_error(db, st);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

double
cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

int
cli_has_bundled_graph(const char *dir)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/ontology/kg.ttl", dir);
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	snprintf(path, sizeof path, "%s/data", dir);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * A kg run from its build tree, never installed, finds the graph in the
 * tree: in the executable's folder or up to two above it (wherever the
 * build puts the binary), else in the source tree configure named (a
 * build in another folder).  Fills `buf`; 0 if neither has it.
 */
static int
uninstalled_datadir(char *buf, size_t size)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash || slash == exe)
				break;
			*slash = '\0';
			if (cli_has_bundled_graph(exe)) {
				snprintf(buf, size, "%s", exe);
				return 1;
			}
		}
	}
#ifdef KG_SRCDIR
	if (cli_has_bundled_graph(KG_SRCDIR)) {
		snprintf(buf, size, "%s", KG_SRCDIR);
		return 1;
	}
#endif
	return 0;
}

const char *
cli_datadir(void)
{
	static char dir[4096];
	const char *d = getenv("KG_DATADIR");
	if (d && *d)
		return d;
	if (!*dir && (cli_has_bundled_graph(KG_DATADIR) ||
	              !uninstalled_datadir(dir, sizeof dir)))
		snprintf(dir, sizeof dir, "%s", KG_DATADIR);
	return dir;
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
cli_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcmp(s + n - k, suffix);
}

char **
cli_list_dir(const char *dir, const char *suffix, size_t *count)
{
	*count = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t n = 0, cap = 16;
	char **names = malloc(cap * sizeof *names);
	int failed = !names;
	struct dirent *e;
	while (!failed && (e = readdir(d))) {
		if (!has_suffix(e->d_name, suffix))
			continue;
		/* Room for this name and the NULL after the last. */
		failed = kg_grow(&names, &cap, n + 2, sizeof *names) != 0;
		if (!failed && !(failed = !(names[n] = strdup(e->d_name))))
			n++;
	}
	closedir(d);
	if (names)
		names[n] = NULL;
	if (failed) {
		/* No list rather than part of one. */
		cli_list_free(names);
		errno = ENOMEM;
		return NULL;
	}
	qsort(names, n, sizeof *names, cli_cmp_str);
	*count = n;
	return names;
}

void
cli_list_free(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* Loads every .ttl file of DATADIR/sub into graphs named after them. */
static kg_status
seed_dir(kg_db *db, const char *sub, int quiet)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/%s", cli_datadir(), sub);
	size_t n;
	char **names = cli_list_dir(dir, ".ttl", &n);
	if (!names && errno == ENOENT)
		return KG_OK; /* a build without that part of the graph */
	if (!names) {
		fprintf(stderr, "kg: cannot read the bundled graph in %s: %s\n",
		        dir, strerror(errno));
		return KG_ERR_IO;
	}
	kg_status st = KG_OK;
	for (size_t i = 0; i < n && !st; i++) {
		char path[8192], graph[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(graph, sizeof graph, "https://kg.example.org/graph/%s/%.*s",
		         sub, (int)(strlen(names[i]) - 4), names[i]);
		kg_load_options lo = {0};
		lo.graph = graph;
		st = cli_load(db, path, &lo, quiet);
	}
	cli_list_free(names);
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
		const char *dir = cli_datadir();
		if (!cli_has_bundled_graph(dir)) {
			/* Said even with --quiet: every query would find
			 * nothing, and nothing else would say why. */
			fprintf(stderr, "kg: the bundled graph is not in %s; "
			                "creating the default store %s empty "
			                "(set KG_DATADIR to the folder that holds "
			                "ontology/ and data/, and remove the store "
			                "to start again)\n", dir, spec);
			st = KG_OK;
		} else {
			if (!o->quiet)
				fprintf(stderr, "kg: creating the default store %s "
				                "with the bundled graph from %s\n",
				        spec, dir);
			/* One transaction: a store seeded half-way is never
			 * seen, and one commit is quicker than one per file. */
			st = kg_db_transaction_begin(db);
			if (st)
				cli_error(db, st);
			if (!st)
				st = seed_dir(db, "ontology", o->quiet);
			if (!st)
				st = seed_dir(db, "data", o->quiet);
			if (!st)
				st = cli_run_rules(db, o->quiet);
			if (st) {
				kg_db_transaction_rollback(db);
			} else if ((st = kg_db_transaction_commit(db))) {
				cli_error(db, st);
			}
		}
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
	kg_db_set_busy_timeout(db, o->wait);
	kg_db_set_http_timeout(db, 0, o->timeout);
	/* Rows per SERVICE request: a knob for measuring (bench/service.sh). */
	const char *batch = getenv("KG_SERVICE_BATCH");
	if (batch)
		kg_db_set_service_batch(db, strtoul(batch, NULL, 10));
	return db;
}

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

/* -G IRI=FILE names the graph; graph IRIs may hold '=' but the W3C
 * runner's file IRIs start with "file:", so split there first.  A file
 * whose own name holds '=' is not split. */
static const char *
split_graph(const cli_data_arg *d, char **graph)
{
	const char *eq = d->named ? strstr(d->arg, "=file:") : NULL;
	if (d->named && !eq && strncmp(d->arg, "file:", 5) &&
	    access(d->arg, F_OK))
		eq = strchr(d->arg, '=');
	*graph = eq ? strndup(d->arg, (size_t)(eq - d->arg)) : NULL;
	return eq ? eq + 1 : d->arg;
}

int
cli_load_data(kg_db *db, cli_data_arg *d, size_t n, int into_default)
{
	/* The -D files go first: Redland adds a triple to the default
	 * graph only if no graph holds it yet. */
	for (int named = 0; named < 2; named++)
		for (size_t i = 0; i < n; i++) {
			if (d[i].named != named)
				continue;
			char *graph, buf[4096];
			const char *file = split_graph(&d[i], &graph);
			char *iri = cli_file_iri(file);
			if (!iri) {
				fprintf(stderr, "kg: cannot open %s: %s\n", file,
				        strerror(errno));
				free(graph);
				return EXIT_ERROR;
			}
			d[i].graph = graph ? graph : iri;
			kg_load_options lo = {0};
			lo.base = iri;
			lo.graph = d[i].graph;
			if (!named && into_default)
				lo.flags |= KG_LOAD_DEFAULT_GRAPH;
			kg_status st = cli_load(db, cli_path_of(file, buf, sizeof buf),
			                        &lo, 1);
			if (graph)
				free(iri);
			if (st)
				return EXIT_ERROR;
		}
	return EXIT_OK;
}

void
cli_data_free(cli_data_arg *d, size_t n)
{
	for (size_t i = 0; d && i < n; i++) {
		free(d[i].graph);
		d[i].graph = NULL;
	}
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
