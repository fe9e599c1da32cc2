/* lineedit.c: the line editor shim (see lineedit.h).  GNU readline is
 * loaded with dlopen() when an interactive shell starts, not linked:
 * its keymaps are a thousand pointers the dynamic loader would
 * otherwise relocate at every start of every kg command, and `kg query`
 * never edits a line. */
#include "config.h"
#include "lineedit.h"
#include "dl.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#ifdef HAVE_READLINE
/* For readline's types only: every call goes through `rl` below. */
#include <readline/readline.h>
#endif

#define HISTORY_MAX 1000

static int interactive;
static char *history_path;
static char **history;          /* what we save: oldest first */
static size_t history_len;
static volatile sig_atomic_t sigint_seen;

#ifdef HAVE_READLINE
/* What kg uses of readline: its functions, and the addresses of the
 * variables it reads and sets. */
static struct {
	void (*handler_install)(const char *, rl_vcpfunc_t *);
	void (*handler_remove)(void);
	void (*read_char)(void);
	void (*free_line_state)(void);
	void (*sigcleanup)(void);
	void (*replace_line)(const char *, int);
	void (*add_history)(const char *);
	void (*clear_history)(void);
	char **line_buffer;
	int *point, *end, *catch_signals, *completion_over, *append_char;
	const char **name, **word_breaks;
	rl_completion_func_t **completion_function;
} rl;
static int editor_loaded; /* 1 loaded, -1 could not be */

/* Loads readline once; 0 when it is there. */
static int
editor_load(void)
{
	if (editor_loaded)
		return editor_loaded > 0 ? 0 : -1;
	static const char *const files[] = {"libreadline.so.8",
	                                    "libreadline.so"};
	const kg_dl_sym syms[] = {
		KG_DL_SYM(rl.handler_install, "rl_callback_handler_install"),
		KG_DL_SYM(rl.handler_remove, "rl_callback_handler_remove"),
		KG_DL_SYM(rl.read_char, "rl_callback_read_char"),
		KG_DL_SYM(rl.free_line_state, "rl_free_line_state"),
		KG_DL_SYM(rl.sigcleanup, "rl_callback_sigcleanup"),
		KG_DL_SYM(rl.replace_line, "rl_replace_line"),
		KG_DL_SYM(rl.add_history, "add_history"),
		KG_DL_SYM(rl.clear_history, "clear_history"),
		KG_DL_SYM(rl.line_buffer, "rl_line_buffer"),
		KG_DL_SYM(rl.point, "rl_point"),
		KG_DL_SYM(rl.end, "rl_end"),
		KG_DL_SYM(rl.catch_signals, "rl_catch_signals"),
		KG_DL_SYM(rl.completion_over, "rl_attempted_completion_over"),
		KG_DL_SYM(rl.append_char, "rl_completion_append_character"),
		KG_DL_SYM(rl.name, "rl_readline_name"),
		KG_DL_SYM(rl.word_breaks, "rl_basic_word_break_characters"),
		KG_DL_SYM(rl.completion_function,
		          "rl_attempted_completion_function"),
	};
	char why[512];
	if (!kg_dl_load(files, sizeof files / sizeof *files, syms,
	                sizeof syms / sizeof *syms,
	                "GNU readline (Debian package libreadline8)", why,
	                sizeof why)) {
		fprintf(stderr, "kg: no line editing: %s\n", why);
		editor_loaded = -1;
		return -1;
	}
	editor_loaded = 1;
	return 0;
}

#endif

void
repl_line_sigint(void)
{
	sigint_seen = 1;
}

static void
history_push(const char *entry)
{
	if (history_len && !strcmp(history[history_len - 1], entry))
		return;
	char *copy = strdup(entry);
	if (!copy)
		return;
	if (history_len == HISTORY_MAX) {
		free(history[0]);
		memmove(history, history + 1, (HISTORY_MAX - 1) * sizeof *history);
		history_len--;
	}
	if (!history) {
		history = calloc(HISTORY_MAX, sizeof *history);
		if (!history) {
			free(copy);
			return;
		}
	}
	history[history_len++] = copy;
#ifdef HAVE_READLINE
	if (editor_loaded > 0)
		rl.add_history(copy);
#endif
}

/* The history file holds one entry a line; a statement's newlines are
 * written as "\n" and backslashes doubled, so any editor's history
 * format and multi-line entries survive the round trip. */
static void
history_load(void)
{
	FILE *f = fopen(history_path, "r");
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		char *w = line;
		for (const char *r = line; *r; r++) {
			if (*r == '\\' && r[1] == 'n') {
				*w++ = '\n';
				r++;
			} else if (*r == '\\' && r[1] == '\\') {
				*w++ = '\\';
				r++;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		if (*line)
			history_push(line);
	}
	free(line);
	fclose(f);
}

static void
history_save(void)
{
	FILE *f = fopen(history_path, "w");
	if (!f)
		return;
	for (size_t i = 0; i < history_len; i++) {
		for (const char *s = history[i]; *s; s++) {
			if (*s == '\n')
				fputs("\\n", f);
			else if (*s == '\\')
				fputs("\\\\", f);
			else
				fputc(*s, f);
		}
		fputc('\n', f);
	}
	fclose(f);
}

#ifdef HAVE_READLINE
static repl_complete_fn completer;
static void *completer_ctx;
static char *got_line;
static int got_done, got_eof;

static void
on_line(char *line)
{
	got_done = 1;
	got_eof = line == NULL;
	got_line = line;
	/* Stop readline from showing the prompt again after this line. */
	rl.handler_remove();
}

static size_t
common_prefix(char **c)
{
	size_t n = strlen(c[0]);
	for (size_t i = 1; c[i]; i++) {
		size_t k = 0;
		while (k < n && c[i][k] == c[0][k])
			k++;
		n = k;
	}
	return n;
}

static char **
on_complete(const char *text, int start, int end)
{
	(void)text;
	*rl.completion_over = 1; /* no readline filename fallback */
	char **c = completer(completer_ctx, *rl.line_buffer, (size_t)start,
	                     (size_t)end);
	if (!c || !c[0]) {
		free(c);
		return NULL;
	}
	size_t n = 0;
	while (c[n])
		n++;
	/* readline wants the common part first, then the candidates. */
	char **m = malloc((n + 2) * sizeof *m);
	if (!m)
		goto out;
	size_t lcp = common_prefix(c);
	size_t typed = (size_t)(end - start);
	if (lcp < typed && n > 1) {
		m[0] = strndup(*rl.line_buffer + start, typed);
	} else {
		m[0] = strndup(c[0], lcp);
	}
	if (n == 1) {
		m[1] = NULL;
		size_t len = strlen(c[0]);
		/* A prefix or a directory is completed further, not ended. */
		*rl.append_char =
			len && strchr(":/", c[0][len - 1]) ? '\0' : ' ';
		for (size_t i = 0; c[i]; i++)
			free(c[i]);
		free(c);
		return m;
	}
	memcpy(m + 1, c, (n + 1) * sizeof *c);
	free(c);
	return m;
out:
	for (size_t i = 0; c[i]; i++)
		free(c[i]);
	free(c);
	return NULL;
}
#endif

void
repl_line_open(int is_interactive, const char *path, repl_complete_fn complete,
               void *ctx)
{
	interactive = is_interactive;
	free(history_path);
	history_path = path && *path ? strdup(path) : NULL;
#ifdef HAVE_READLINE
	if (interactive && !editor_load()) {
		completer = complete;
		completer_ctx = ctx;
		*rl.name = "kg";
		/* We handle Ctrl-C ourselves, to cancel queries. */
		*rl.catch_signals = 0;
		*rl.word_breaks = " \t\n\"'`<>=;|&{}()[],!";
		if (complete)
			*rl.completion_function = on_complete;
	}
#else
	(void)complete;
	(void)ctx;
#endif
	if (interactive && history_path)
		history_load();
}

void
repl_line_close(void)
{
	if (interactive && history_path)
		history_save();
	for (size_t i = 0; i < history_len; i++)
		free(history[i]);
	free(history);
	history = NULL;
	history_len = 0;
	free(history_path);
	history_path = NULL;
#ifdef HAVE_READLINE
	if (interactive && editor_loaded > 0)
		rl.clear_history();
#endif
}

void
repl_line_remember(const char *entry)
{
	if (interactive && entry && *entry)
		history_push(entry);
}

/* Waits until standard input is readable; 0 if Ctrl-C came first. */
static int
wait_input(void)
{
	for (;;) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		if (sigint_seen)
			return 0;
		int n = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return 1; /* let the read report it */
	}
}

static repl_line_status
plain_read(const char *prompt, char **line)
{
	if (interactive) {
		fputs(prompt, stdout);
		fflush(stdout);
		if (!wait_input()) {
			sigint_seen = 0;
			fputs("^C\n", stdout);
			return REPL_LINE_INTERRUPT;
		}
	}
	size_t cap = 0;
	*line = NULL;
	ssize_t n = getline(line, &cap, stdin);
	if (n < 0) {
		free(*line);
		*line = NULL;
		return REPL_LINE_EOF;
	}
	if (n && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	if (n && (*line)[n - 1] == '\r')
		(*line)[--n] = '\0';
	return REPL_LINE_OK;
}

repl_line_status
repl_line_read(const char *prompt, char **line)
{
	*line = NULL;
	sigint_seen = 0;
#ifdef HAVE_READLINE
	if (interactive && editor_loaded > 0) {
		/* The callback interface lets Ctrl-C end the wait for input
		 * without a longjmp out of readline. */
		got_done = got_eof = 0;
		got_line = NULL;
		rl.handler_install(prompt, on_line);
		while (!got_done) {
			if (!wait_input()) {
				sigint_seen = 0;
				rl.free_line_state();
				rl.sigcleanup();
				rl.replace_line("", 0);
				*rl.point = *rl.end = 0;
				rl.handler_remove();
				fputs("^C\n", stdout);
				fflush(stdout);
				return REPL_LINE_INTERRUPT;
			}
			rl.read_char();
		}
		if (got_eof) {
			fputc('\n', stdout);
			fflush(stdout);
			return REPL_LINE_EOF;
		}
		*line = got_line;
		return REPL_LINE_OK;
	}
#endif
	return plain_read(prompt, line);
}
