/* shell.c: the kg shell: input loop, running statements, showing results.
 *
 * Modelled on the sqlite3 shell: lines come from lineedit.c, the scanner
 * says when a statement is complete, dot-commands come from one table
 * (commands.c), results are drawn by the library's renderers.  Ctrl-C is
 * interrupt.c's, the pager pager.c's, .labels labels.c's and .undo's
 * change sets undo.c's.
 */
#include "shell.h"
#include "labels.h"
#include "lineedit.h"
#include "pager.h"
#include "scanner.h"
#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- errors -------------------------------------------------------------- */

static void
where(repl_shell *sh, int line)
{
	fprintf(stderr, "kg: ");
	if (sh->src && sh->src->name)
		fprintf(stderr, "%s: ", sh->src->name);
	if (sh->src && !sh->src->interactive && line > 0)
		fprintf(stderr, "near line %d: ", line);
}

void
repl_error(repl_shell *sh, const char *fmt, ...)
{
	va_list ap;
	where(sh, sh->stmt_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sh->errors++;
}

void
repl_db_error(repl_shell *sh, kg_status st, const char *text)
{
	const char *msg = sh->db ? kg_db_errmsg(sh->db) : "";
	int line = sh->db ? kg_db_errline(sh->db) : 0;
	int col = sh->db ? kg_db_errcol(sh->db) : 0;
	if (!*msg)
		msg = kg_strerror(st);
	sh->errors++;
	if (sh->src && !sh->src->interactive) {
		where(sh, sh->stmt_line + (line ? line - 1 : 0));
		fprintf(stderr, "%s\n", msg);
	} else if (line) {
		fprintf(stderr, "kg: line %d", line);
		if (col)
			fprintf(stderr, ", column %d", col);
		fprintf(stderr, ": %s\n", msg);
	} else {
		fprintf(stderr, "kg: %s\n", msg);
	}
	if (line && text)
		cli_show_line(text, line, col);
}

/* ---- the store ----------------------------------------------------------- */

static void
declare_prefixes(repl_shell *sh)
{
	for (size_t i = 0; sh->db && i + 1 < sh->n_prefixes; i += 2)
		kg_db_prefix_set(sh->db, sh->prefixes[i], sh->prefixes[i + 1]);
}

/*
 * The shell holds the store read-only, so `kg query` in other terminals
 * keeps working while it is open, and takes it read-write only for the
 * length of a .load.  A store that lives in this process (memory) or on
 * a server has no lock and is opened once, read-write.
 */
int
repl_reopen(repl_shell *sh, int writable)
{
	if (sh->keep_open || sh->writable == writable)
		return 0;
	kg_db_close(sh->db);
	sh->db = cli_open(sh->opts, writable ? KG_OPEN_CREATE : KG_OPEN_READONLY);
	int rc = 0;
	if (!sh->db) {
		rc = 1;
		sh->errors++;
		if (writable)
			fprintf(stderr, "kg: the store is in use by another kg "
			                "process; try again when it is done\n");
		writable = 0;
		sh->db = cli_open(sh->opts, KG_OPEN_READONLY);
	}
	sh->writable = writable;
	declare_prefixes(sh);
	return rc;
}

/* ---- showing results ----------------------------------------------------- */

kg_status
repl_show(repl_shell *sh, kg_results *r)
{
	if (sh->labels && kg_results_kind_of(r) == KG_RESULTS_BINDINGS) {
		kg_results *labelled;
		kg_status st = repl_labels_add(sh->db, r, &labelled);
		if (!st) {
			sh->labels = 0;
			st = repl_show(sh, labelled);
			sh->labels = 1;
		}
		kg_results_free(labelled);
		return st;
	}
	FILE *out = sh->out;
	int tty = isatty(fileno(out));
	kg_format f = sh->mode ? sh->mode : KG_FORMAT_TABLE;
	kg_render_options ro;
	cli_render_options(&ro, out);
	if (!sh->headers)
		ro.flags |= KG_RENDER_NO_HEADER;
	if (!(sh->interactive && out == stdout && tty))
		return kg_results_write(r, sh->db, f, &ro, cli_write_file, out,
		                        NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return KG_ERR_NOMEM;
	kg_status st = kg_results_write(r, sh->db, f, &ro, cli_write_file, mem,
	                                NULL);
	if (fclose(mem) && !st)
		st = KG_ERR_NOMEM;
	if (!st)
		repl_page(buf, len);
	free(buf);
	return st;
}

static double
now_ms(void)
{
	return cli_now() * 1e3;
}

int
repl_run_query(repl_shell *sh, const char *text)
{
	if (!sh->db) {
		repl_error(sh, "no store is open");
		return 1;
	}
	double t0 = now_ms();
	kg_results *r;
	repl_set_busy(sh->db);
	/* The shell is a person's own tool: SERVICE may reach out. */
	kg_query_options qo = {NULL, NULL, NULL, KG_QUERY_SERVICE};
	kg_status st = kg_db_query(sh->db, text, &qo, &r);
	if (!st)
		st = repl_show(sh, r);
	repl_set_busy(NULL);
	kg_results_free(r);
	if (st) {
		repl_db_error(sh, st, text);
		return 1;
	}
	if (sh->timer)
		fprintf(sh->out, "time: %.3f ms\n", now_ms() - t0);
	fflush(sh->out);
	return 0;
}

/* ---- updates ----------------------------------------------------------- */

static void
report_update_error(repl_shell *sh, kg_status st, const char *text)
{
	/* An error in a file that LOAD read is that file's, not the
	 * request's: no caret under the request. */
	const char *file = kg_db_errfile(sh->db);
	if (file && kg_db_errline(sh->db))
		repl_error(sh, "%s:%d: %s", file, kg_db_errline(sh->db),
		           *kg_db_errmsg(sh->db) ? kg_db_errmsg(sh->db)
		                                 : kg_strerror(st));
	else
		repl_db_error(sh, st, file ? NULL : text);
}

/*
 * Like .load, an update takes the store read-write only while it runs.
 * The request's changes are kept (net, as quads) so that .undo can
 * apply their inverse later, even after the store was reopened.
 */
int
repl_run_update(repl_shell *sh, const char *text)
{
	if (!sh->db) {
		repl_error(sh, "no store is open");
		return 1;
	}
	if (repl_reopen(sh, 1))
		return 1;
	double t0 = now_ms();
	kg_changes *c = NULL;
	kg_update_stats us = {0};
	kg_status st = kg_changes_new(&c);
	if (!st) {
		kg_update_options uo = {0, NULL, c, NULL, NULL};
		repl_set_busy(sh->db);
		st = kg_db_update(sh->db, text, &uo, &us);
		repl_set_busy(NULL);
	}
	if (st)
		report_update_error(sh, st, text);
	/* Back to read-only, so that other kg processes can read. */
	int rc = repl_reopen(sh, 0);
	if (st) {
		kg_changes_free(c);
		return 1;
	}
	repl_forget_names(sh);
	fprintf(sh->out, "%llu added, %llu removed\n",
	        (unsigned long long)us.added, (unsigned long long)us.removed);
	cli_update_hint(sh->out, &us);
	if (kg_changes_added(c) || kg_changes_removed(c))
		repl_undo_push(sh, c);
	else
		kg_changes_free(c);
	if (sh->timer)
		fprintf(sh->out, "time: %.3f ms\n", now_ms() - t0);
	fflush(sh->out);
	return rc;
}

/* ---- the input loop ------------------------------------------------------ */

typedef struct {
	char *s;
	size_t len, cap;
} strbuf;

static int
sb_add(strbuf *b, const char *s, size_t n)
{
	if (kg_grow(&b->s, &b->cap, b->len + n + 1, 1))
		return -1;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

void
repl_end_once(repl_shell *sh)
{
	if (sh->once && sh->out != stdout) {
		fclose(sh->out);
		sh->out = stdout;
	}
	sh->once = 0;
}

/* Runs the complete statement `text` (its final ';' included). */
static void
run_statement(repl_shell *sh, repl_source *src, char *text, size_t len)
{
	while (len && strchr(" \t\r\n", text[len - 1]))
		len--;
	text[len] = '\0';
	if (src->interactive)
		repl_line_remember(text);
	if (len && text[len - 1] == ';')
		text[--len] = '\0';
	if (repl_is_update(text))
		repl_run_update(sh, text);
	else
		repl_run_query(sh, text);
	repl_end_once(sh);
}

static void
prompt_for(const repl_scanner *sc, int pending, char *buf, size_t size)
{
	char open[8];
	if (!pending) {
		snprintf(buf, size, "kg> ");
		return;
	}
	repl_scan_describe(sc, open, sizeof open);
	snprintf(buf, size, "%3s> ", *open ? open : "...");
}

static repl_line_status
next_line(repl_source *src, const char *prompt, char **line)
{
	if (src->interactive)
		return repl_line_read(prompt, line);
	size_t cap = 0;
	*line = NULL;
	ssize_t n = getline(line, &cap, src->f);
	if (n < 0) {
		free(*line);
		*line = NULL;
		return REPL_LINE_EOF;
	}
	if (n && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	return REPL_LINE_OK;
}

static int
stop(const repl_shell *sh, int errors_before)
{
	return sh->quit || (sh->bail && sh->errors > errors_before);
}

int
repl_process(repl_shell *sh, repl_source *src)
{
	repl_source *outer = sh->src;
	strbuf stmt = {NULL, 0, 0};
	size_t scanned = 0;
	repl_scanner sc;
	repl_scan_init(&sc);
	int errors_before = sh->errors, bailed = 0;
	sh->src = src;
	while (!bailed && !sh->quit) {
		char prompt[32];
		prompt_for(&sc, stmt.len > 0, prompt, sizeof prompt);
		char *line;
		repl_line_status ls = next_line(src, prompt, &line);
		if (ls == REPL_LINE_INTERRUPT) {
			stmt.len = scanned = 0;
			repl_scan_init(&sc);
			continue;
		}
		if (ls == REPL_LINE_EOF) {
			/* Input ended inside a statement: run what there is,
			 * so the parser says what is missing. */
			if (repl_scan_has_code(&sc)) {
				sh->stmt_line = sh->stmt_line ? sh->stmt_line
				                              : src->line;
				run_statement(sh, src, stmt.s, stmt.len);
				bailed = stop(sh, errors_before);
			}
			break;
		}
		src->line++;
		if (!stmt.len) {
			const char *p = line + strspn(line, " \t");
			if (*p == '.') {
				sh->stmt_line = src->line;
				if (src->interactive)
					repl_line_remember(p);
				repl_dot_command(sh, p);
				free(line);
				bailed = stop(sh, errors_before);
				continue;
			}
			if (!*p) {
				free(line);
				continue;
			}
			sh->stmt_line = src->line;
		}
		if (sb_add(&stmt, line, strlen(line)) || sb_add(&stmt, "\n", 1)) {
			free(line);
			repl_error(sh, "out of memory");
			break;
		}
		free(line);
		while (scanned < stmt.len) {
			scanned += repl_scan(&sc, stmt.s + scanned, stmt.len - scanned);
			if (!repl_scan_complete(&sc))
				break;
			size_t rest = stmt.len - scanned;
			char *next = NULL;
			if (rest && !(next = strndup(stmt.s + scanned, rest)))
				break;
			if (repl_scan_has_code(&sc))
				run_statement(sh, src, stmt.s, scanned);
			stmt.len = 0;
			if (next)
				sb_add(&stmt, next, rest);
			free(next);
			scanned = 0;
			repl_scan_init(&sc);
			sh->stmt_line = src->line;
			if ((bailed = stop(sh, errors_before)))
				break;
		}
		if (!repl_scan_has_code(&sc) && !repl_scan_is_open(&sc)) {
			/* Only comments or spaces so far: nothing is pending. */
			stmt.len = scanned = 0;
			repl_scan_init(&sc);
		}
	}
	free(stmt.s);
	sh->src = outer;
	return bailed;
}

/* ---- start and end ------------------------------------------------------- */

const char *
repl_history_path(void)
{
	static char path[4096];
	const char *h = getenv("KG_HISTORY");
	if (h)
		return h;
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	snprintf(path, sizeof path, "%s/.kg_history", home);
	return path;
}

double
repl_lookup_timeout(const repl_shell *sh)
{
	double t = 3;
	const char *e = getenv("KG_LOOKUP_TIMEOUT");
	if (e && *e) {
		char *end;
		double v = strtod(e, &end);
		if (!*end && v > 0)
			t = v;
	}
	if (sh->opts->timeout > 0 && sh->opts->timeout < t)
		t = sh->opts->timeout;
	return t;
}

void
repl_limit_requests(repl_shell *sh, double seconds)
{
	if (seconds > 0)
		kg_db_set_http_timeout(sh->db, seconds, seconds);
	else
		kg_db_set_http_timeout(sh->db, 0, sh->opts->timeout);
}

long
repl_store_size(repl_shell *sh)
{
	long n = kg_db_size(sh->db);
	if (n >= 0)
		return n;
	/* An endpoint may hold billions: never count it just to greet. */
	if (kg_db_is_remote(sh->db))
		return -1;
	/* The backend cannot tell cheaply: count what queries see. */
	kg_results *r;
	if (kg_db_query(sh->db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
	                NULL, &r))
		return -1;
	if (!kg_results_next(r)) {
		const kg_term *t = kg_results_get(r, 0);
		if (t)
			n = strtol(t->value, NULL, 10);
	}
	kg_results_free(r);
	return n;
}

static void
banner(repl_shell *sh, const char *spec)
{
	long n = repl_store_size(sh);
	long graphs = 0;
	kg_results *r;
	if (!kg_db_graphs(sh->db, &r)) {
		while (!kg_results_next(r))
			graphs++;
		kg_results_free(r);
	}
	printf("kg %s: store %s, ", KG_VERSION, spec);
	if (n >= 0)
		printf("%ld triple%s", n, n == 1 ? "" : "s");
	else
		printf("triples unknown");
	printf(" in %ld graph%s. Enter .help for help.\n", graphs,
	       graphs == 1 ? "" : "s");
}

static int
remote_spec(const char *spec)
{
	return !strcmp(spec, "memory") || !strncmp(spec, "postgresql:", 11) ||
	       !strncmp(spec, "virtuoso:", 9) || !strncmp(spec, "http://", 7) ||
	       !strncmp(spec, "https://", 8);
}

int
repl_connect(repl_shell *sh, const char *spec)
{
	char *copy = strdup(spec);
	if (!copy) {
		repl_error(sh, "out of memory");
		return 1;
	}
	cli_options o = *sh->opts;
	o.store = copy;
	int keep = remote_spec(copy);
	kg_db *db = cli_open(&o, keep ? 0u : KG_OPEN_READONLY);
	if (!db) {
		/* cli_open said why; the shell stays on its store. */
		sh->errors++;
		free(copy);
		return 1;
	}
	/* Opening an endpoint sends nothing: ask it something now, so that
	 * a wrong URL is told here and the shell stays where it was. */
	kg_results *r = NULL;
	kg_status st = kg_db_is_remote(db) ? kg_db_query(db, "ASK {}", NULL, &r)
	                                   : KG_OK;
	kg_results_free(r);
	if (st) {
		repl_error(sh, "%s", kg_db_errmsg(db));
		kg_db_close(db);
		free(copy);
		return 1;
	}
	kg_db_close(sh->db);
	free(sh->connected);
	sh->connected = copy;
	sh->conn_opts = o;
	sh->opts = &sh->conn_opts;
	sh->db = db;
	sh->keep_open = keep;
	sh->writable = keep;
	declare_prefixes(sh);
	repl_forget_names(sh);
	/* An .undo would revert changes of the store just left. */
	while (sh->n_undo)
		kg_changes_free(sh->undo[--sh->n_undo]);
	if (sh->interactive)
		fprintf(stderr, "kg: connected to %s\n", spec);
	return 0;
}

int
repl_main(const cli_options *o)
{
	repl_shell sh;
	memset(&sh, 0, sizeof sh);
	sh.opts = o;
	sh.out = stdout;
	sh.headers = 1;
	sh.interactive = isatty(STDIN_FILENO);
	const char *spec = cli_store_spec(o);
	sh.keep_open = remote_spec(spec);
	if (o->store && !sh.keep_open && kg_db_spec_is_new(spec)) {
		/* Like sqlite3, a shell on a new store creates it. */
		kg_db *db = cli_open(o, KG_OPEN_CREATE);
		if (!db)
			return EXIT_ERROR;
		kg_db_close(db);
	}
	sh.db = cli_open(o, sh.keep_open ? 0u : KG_OPEN_READONLY);
	if (!sh.db)
		return EXIT_ERROR;
	sh.writable = sh.keep_open;

	repl_interrupt_start(sh.interactive);

	if (sh.interactive && !o->quiet)
		banner(&sh, spec);
	repl_line_open(sh.interactive, repl_history_path(), repl_complete, &sh);
	repl_source src = {stdin, NULL, sh.interactive, 0};
	repl_process(&sh, &src);
	repl_line_close();
	repl_interrupt_end();

	if (sh.out != stdout)
		fclose(sh.out);
	kg_db_close(sh.db);
	for (size_t i = 0; i < sh.n_prefixes; i++)
		free(sh.prefixes[i]);
	free(sh.prefixes);
	free(sh.connected);
	repl_forget_names(&sh);
	repl_undo_free(&sh);
	int rc = sh.errors && !sh.interactive ? EXIT_ERROR : EXIT_OK;
	return cli_finish_stdout(rc);
}
