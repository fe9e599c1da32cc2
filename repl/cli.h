/* cli.h: what the kg program's command modules share. */
#ifndef KG_CLI_H
#define KG_CLI_H

#include "kg.h"

#include <stdio.h>

/* Exit codes scripts can rely on (documented in kg.1). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1, /* bad data, bad query, store or I/O failure */
	EXIT_USAGE = 2  /* bad command line */
};

typedef struct {
	const char *store;    /* --store, or NULL for the default store */
	int quiet;            /* --quiet: no progress, no notes */
	double wait;          /* --wait: seconds a write waits for another */
	double timeout;       /* --timeout: seconds a request to an endpoint
	                         may take; 0: no limit */
} cli_options;

typedef struct {
	const char *name;
	const char *args;
	const char *summary;
	int (*run)(const cli_options *o, int argc, char **argv);
} cli_command;

/* Opens the selected store; the default store is created and seeded
 * with the bundled graph the first time.  Prints why on failure. */
kg_db *cli_open(const cli_options *o, unsigned flags);

/* The store `o` names: --store, else the default store's directory. */
const char *cli_store_spec(const cli_options *o);

/* The root of the bundled files: $KG_DATADIR; else the install path
 * when it holds the bundled graph; else, for a kg run from its build
 * tree, that tree; else the install path.  Static storage. */
const char *cli_datadir(void);
/* Whether `dir` holds the bundled graph (ontology/kg.ttl and data/). */
int cli_has_bundled_graph(const char *dir);

/* The names of the files in `dir` ending in `suffix`, sorted: a new
 * NULL-terminated array, `*count` long (free with cli_list_free), or
 * NULL with errno set. */
char **cli_list_dir(const char *dir, const char *suffix, size_t *count);
/* Frees a cli_list_dir() array; NULL is a no-op. */
void cli_list_free(char **names);
/* qsort comparison of two `char *`. */
int cli_cmp_str(const void *a, const void *b);

/* Prints "kg: message" for the last error on db (with file:line:col). */
void cli_error(const kg_db *db, kg_status st);
/* Prints the error and, when it has a line, that line of `text` with a
 * caret under the column. */
void cli_error_in(const kg_db *db, kg_status st, const char *what,
                  const char *text);
/* Prints line `line` of `text`, indented, with a caret under column
 * `col` (1-based; 0: no caret) on stderr: where an error is. */
void cli_show_line(const char *text, int line, int col);
void cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* kg_write_fn for a FILE *. */
int cli_write_file(void *ctx, const char *data, size_t len);
/* Flushes stdout; prints and returns EXIT_ERROR if writing failed. */
int cli_finish_stdout(int rc);

/* Seconds on the monotonic clock, for timings. */
double cli_now(void);

/* Loads `path` with progress on a terminal; prints errors. */
kg_status cli_load(kg_db *db, const char *path, const kg_load_options *opts,
                   int quiet);
/* The same; with `retrying`, a failure for want of room in the store
 * (kg_db_out_of_room) is left unsaid, for a caller that runs its
 * transaction again. */
kg_status cli_load_retrying(kg_db *db, const char *path,
                            const kg_load_options *opts, int quiet,
                            int retrying);

/* Prints the store's figures (kg_db_stats), one "name: value" line
 * each, leaving out those the store cannot tell. */
kg_status cli_print_stats(kg_db *db, FILE *out);

/* Runs every Update request of DATADIR/data/rules (its .ru files) on
 * `db`, in name order (the derived graphs, such as the control
 * intervals); prints errors, and what each changed unless `quiet`. */
kg_status cli_run_rules(kg_db *db, int quiet);
/* After a load: when the store holds what the rules derive from (changes
 * of control, prior control), says on stderr that `kg rules` recomputes
 * the derived graphs, since a load does not. */
void cli_rules_hint(kg_db *db);

/* Reads a whole file ("-" for stdin) into a new string, or NULL. */
char *cli_read_file(const char *path);

/* Rendering options for `out`: box drawing and the terminal's width
 * when it is a terminal, plain ASCII and no width limit otherwise. */
void cli_render_options(kg_render_options *ro, FILE *out);

/* Runs `text` and writes its results to stdout in `format` (0: table). */
int cli_run_query(kg_db *db, const char *text, const char *what,
                  kg_format format, const kg_query_options *qo);

/* The file name of a file: IRI (percent-decoded into `buf`), or
 * `iri_or_path` itself when it is no file: IRI. */
const char *cli_path_of(const char *iri_or_path, char *buf, size_t size);
/* The file: IRI of `arg` (a file: IRI already, or a path made absolute
 * and percent-encoded), a new string; NULL if the file does not exist. */
char *cli_file_iri(const char *arg);
/* The query or update text of a command: argv[first], the file `file`
 * or standard input.  Returns a new string, or NULL after printing a
 * usage error. */
char *cli_query_text(const char *cmd, int argc, char **argv, int first,
                     const char *file);

/* After an update that changed nothing although its WHERE matches in
 * named graphs: says so on `out`, and how to reach them. */
void cli_update_hint(FILE *out, const kg_update_stats *us);

/* A data file named on the command line: -D FILE (the default graph) or
 * -G [IRI=]FILE (a named graph). */
typedef struct {
	const char *arg;    /* as given; not owned */
	int named;          /* from -G */
	char *graph;        /* set by cli_load_data: the graph it went into,
	                       owned (free with cli_data_free) */
} cli_data_arg;

/* Loads the -D files, then the -G ones, each with its file: IRI as base
 * into the graph named by that IRI (or by -G's IRI=).  With
 * `into_default` the -D files go into the store's default graph too.
 * Returns EXIT_OK, or EXIT_ERROR after printing why. */
int cli_load_data(kg_db *db, cli_data_arg *d, size_t n, int into_default);
/* Frees what cli_load_data() set in d[0..n). */
void cli_data_free(cli_data_arg *d, size_t n);

int cmd_load(const cli_options *o, int argc, char **argv);
int cmd_update(const cli_options *o, int argc, char **argv);
int cmd_dump(const cli_options *o, int argc, char **argv);
int cmd_graphs(const cli_options *o, int argc, char **argv);
int cmd_stats(const cli_options *o, int argc, char **argv);
int cmd_check(const cli_options *o, int argc, char **argv);
int cmd_export(const cli_options *o, int argc, char **argv);
int cmd_rules(const cli_options *o, int argc, char **argv);
int cmd_links(const cli_options *o, int argc, char **argv);
int cmd_verify(const cli_options *o, int argc, char **argv);
int cmd_query(const cli_options *o, int argc, char **argv);
int cmd_parse(const cli_options *o, int argc, char **argv);
int cmd_shell(const cli_options *o, int argc, char **argv);
int cmd_serve(const cli_options *o, int argc, char **argv);

#endif
