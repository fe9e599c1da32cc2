/* lineedit.c: the line editor shim (see lineedit.h). */
#include "config.h"
#include "lineedit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#define HISTORY_MAX 1000

static int interactive;
static char *history_path;
static char **history;          /* what we save: oldest first */
static size_t history_len;
static volatile sig_atomic_t sigint_seen;

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
	add_history(copy);
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
	rl_callback_handler_remove();
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
	rl_attempted_completion_over = 1; /* no readline filename fallback */
	char **c = completer(completer_ctx, rl_line_buffer, (size_t)start,
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
		m[0] = strndup(rl_line_buffer + start, typed);
	} else {
		m[0] = strndup(c[0], lcp);
	}
	if (n == 1) {
		m[1] = NULL;
		size_t len = strlen(c[0]);
		/* A prefix or a directory is completed further, not ended. */
		rl_completion_append_character =
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
	if (interactive) {
		completer = complete;
		completer_ctx = ctx;
		rl_readline_name = "kg";
		/* We handle Ctrl-C ourselves, to cancel queries. */
		rl_catch_signals = 0;
		rl_basic_word_break_characters = " \t\n\"'`<>=;|&{}()[],!";
		if (complete)
			rl_attempted_completion_function = on_complete;
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
	if (interactive)
		clear_history();
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
	if (interactive) {
		/* The callback interface lets Ctrl-C end the wait for input
		 * without a longjmp out of readline. */
		got_done = got_eof = 0;
		got_line = NULL;
		rl_callback_handler_install(prompt, on_line);
		while (!got_done) {
			if (!wait_input()) {
				sigint_seen = 0;
				rl_free_line_state();
				rl_callback_sigcleanup();
				rl_replace_line("", 0);
				rl_point = rl_end = 0;
				rl_callback_handler_remove();
				fputs("^C\n", stdout);
				fflush(stdout);
				return REPL_LINE_INTERRUPT;
			}
			rl_callback_read_char();
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
