/* shell.h: the interactive shell (kg with no command, or kg shell). */
#ifndef KG_REPL_SHELL_H
#define KG_REPL_SHELL_H

#include "cli.h"

#include <stdarg.h>

/* Where statements come from: standard input or a .read file. */
typedef struct {
	FILE *f;
	const char *name;   /* for messages; NULL for standard input */
	int interactive;    /* prompts, line editing, history */
	int line;           /* lines read so far */
} repl_source;

typedef struct {
	const cli_options *opts;
	kg_db *db;
	int writable;       /* db is open read-write */
	int keep_open;      /* a store that must not be reopened (memory) */
	int interactive;    /* standard input is a terminal */
	int bail, headers, timer, labels;
	kg_format mode;
	FILE *out;          /* stdout, or the .output/.once file */
	int once;           /* out goes back to stdout after one statement */
	int errors;         /* errors so far; the exit status */
	int quit;
	int depth;          /* .read nesting */
	repl_source *src;   /* the input being read, for "near line N" */
	int stmt_line;      /* line of the statement being run */
	char **prefixes;    /* .prefix declarations: name, IRI, name, ... */
	size_t n_prefixes;
	char **names;       /* completion: IRIs of classes, properties,
	                       entities; NULL until first needed */
	size_t n_names;
	kg_changes **undo;  /* the changes of the last update requests,
	                       oldest first, for .undo */
	size_t n_undo;
	cli_options conn_opts; /* after .connect: opts, naming `connected` */
	char *connected;
} repl_shell;

/* A dot-command, one entry of repl_commands (commands.c), written with
 * designated initializers; the flags default to 0.  Handlers return 0,
 * or 1 after printing an error. */
typedef struct {
	const char *name;   /* without the dot */
	const char *args;   /* for .help; "on|off" completes on and off */
	const char *summary;
	const char *detail; /* for .help CMD; NULL: none */
	int (*handler)(repl_shell *sh, int argc, char **argv);
	int file_args;      /* complete file names as its arguments */
	int setting;        /* only changes a setting: .once still waits */
	int no_store;       /* runs even when no store is open */
} repl_command;

extern const repl_command repl_commands[];
extern const size_t repl_n_commands;

/* Runs the shell on `o`'s store; returns the exit status. */
int repl_main(const cli_options *o);

/* Runs every statement of `src`; returns 1 if bail stopped it. */
int repl_process(repl_shell *sh, repl_source *src);

/* Runs one dot-command line (starting with '.'). */
int repl_dot_command(repl_shell *sh, const char *line);

/* Ends a .once: output goes back to stdout. */
void repl_end_once(repl_shell *sh);

/* Runs a SPARQL statement and shows its results; 0 or 1. */
int repl_run_query(repl_shell *sh, const char *text);

/* Runs a SPARQL Update request, reports what it added and removed and
 * keeps its changes for .undo; 0 or 1. */
int repl_run_update(repl_shell *sh, const char *text);

/* Keeps `c` (taken over) as the newest change set .undo can revert;
 * the oldest goes when 100 are kept (undo.c). */
void repl_undo_push(repl_shell *sh, kg_changes *c);
/* Reverts the last update request still kept; 0 or 1. */
int repl_undo(repl_shell *sh);
/* Frees the kept change sets. */
void repl_undo_free(repl_shell *sh);

/* Writes the rows of `r` in the current mode to the output, through the
 * pager when they are taller than the terminal. */
kg_status repl_show(repl_shell *sh, kg_results *r);

/* Prints "kg: [FILE: ][near line N: ]message" on stderr; counts it. */
void repl_error(repl_shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for the last library error on the store. */
void repl_db_error(repl_shell *sh, kg_status st, const char *text);

/* The store reopened read-write (`writable`) or read-only; 0 or 1. */
int repl_reopen(repl_shell *sh, int writable);

/* .connect: the shell on store or endpoint `spec` from now on (opened
 * first: on failure it stays where it was); 0 or 1. */
int repl_connect(repl_shell *sh, const char *spec);

/* Number of triples in the store, or -1. */
long repl_store_size(repl_shell *sh);

/*
 * How long the shell's own look-ups on an endpoint (completion names,
 * .schema) may take: $KG_LOOKUP_TIMEOUT seconds, else 3, or --timeout
 * when that is shorter.  On an endpoint the size of Wikidata they would
 * never end, and the prompt must come back.
 */
double repl_lookup_timeout(const repl_shell *sh);

/* Requests to the endpoint take at most `seconds` (to connect and in
 * all) from now on; 0: --timeout's limit again. */
void repl_limit_requests(repl_shell *sh, double seconds);

/* Forgets the completion names (after the store changed). */
void repl_forget_names(repl_shell *sh);

/* The completion callback (complete.c). */
char **repl_complete(void *ctx, const char *line, size_t start, size_t end);

/* The history file: $KG_HISTORY, else ~/.kg_history; static buffer. */
const char *repl_history_path(void);

/* Ctrl-C from here to repl_interrupt_end() interrupts the store marked
 * busy, else drops the line being typed; in a script (not
 * `interactive`) it ends the shell between queries (interrupt.c). */
void repl_interrupt_start(int interactive);
void repl_interrupt_end(void);
/* Marks `db` as running a query so Ctrl-C interrupts it (NULL: none). */
void repl_set_busy(kg_db *db);

#endif
