/* output.c: writing results, progress and errors for the kg program. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
		if (cap - len - 1 == 0) {
			char *t = realloc(text, cap * 2);
			if (!t) {
				free(text);
				text = NULL;
				break;
			}
			text = t;
			cap *= 2;
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
