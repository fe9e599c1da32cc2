/* lineedit.h: where the shell's lines come from.
 *
 * The one place that knows about the line editor: GNU readline when the
 * build has it (HAVE_READLINE) and the input is a terminal, else plain
 * getline().  libedit's readline emulation, or nothing, can stand in.
 */
#ifndef KG_REPL_LINEEDIT_H
#define KG_REPL_LINEEDIT_H

#include <stddef.h>

typedef enum {
	REPL_LINE_OK = 0,
	REPL_LINE_EOF,       /* end of input, or Ctrl-D on an empty line */
	REPL_LINE_INTERRUPT  /* Ctrl-C at the prompt: the line was dropped */
} repl_line_status;

/*
 * Candidates for completing the word line[start, end): a NULL-terminated
 * array of malloc'd strings (the array too), or NULL for none.
 */
typedef char **(*repl_complete_fn)(void *ctx, const char *line, size_t start,
                                   size_t end);

/* Starts reading: with prompts and editing when `interactive`; loads the
 * history from `history` (NULL: none). */
void repl_line_open(int interactive, const char *history,
                    repl_complete_fn complete, void *ctx);

/* Saves the history and restores the terminal. */
void repl_line_close(void);

/* Reads one line, without its newline, into *line (caller frees). */
repl_line_status repl_line_read(const char *prompt, char **line);

/* Adds a whole statement (it may span lines) to the history. */
void repl_line_remember(const char *entry);

/* Tells a waiting repl_line_read() that Ctrl-C was pressed; safe in a
 * signal handler. */
void repl_line_sigint(void);

#endif
