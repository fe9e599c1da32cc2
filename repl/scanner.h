/* scanner.h: decides when a statement typed into the shell is complete.
 *
 * Pure and resumable: it keeps its whole state in a repl_scanner, does no
 * I/O and can be fed any split of the input, so it is tested (and could
 * be fuzzed) on its own.  A statement ends at a ';' outside strings
 * (including ''' and """ long strings), <IRIs>, # comments and { ( [
 * brackets, or at a blank line outside strings.
 */
#ifndef KG_REPL_SCANNER_H
#define KG_REPL_SCANNER_H

#include <stddef.h>

#define REPL_SCAN_DEPTH 64

typedef struct {
	int state;          /* where the scanner is: code, string, IRI... */
	char quote;         /* the quote character of the open string */
	int quotes;         /* quote characters seen in a row */
	int escape;         /* the previous character was a backslash */
	int line_blank;     /* nothing but white space on this line so far */
	int has_code;       /* something other than space and comments seen */
	int complete;       /* the statement ended */
	size_t depth;       /* open brackets (may exceed REPL_SCAN_DEPTH) */
	char open[REPL_SCAN_DEPTH]; /* the innermost open brackets */
} repl_scanner;

void repl_scan_init(repl_scanner *s);

/*
 * Scans `len` bytes of `text`, continuing where the last call stopped.
 * Returns the number of bytes consumed: all of them, or fewer when the
 * statement ended inside `text` (just after its ';' or blank line); then
 * repl_scan_complete() is true and the rest belongs to the next
 * statement (after repl_scan_init()).
 */
size_t repl_scan(repl_scanner *s, const char *text, size_t len);

/* Whether the statement ended with ';' or a blank line. */
int repl_scan_complete(const repl_scanner *s);

/* Whether the statement holds anything but white space and comments. */
int repl_scan_has_code(const repl_scanner *s);

/* Whether the input ends inside a string, IRI or bracket. */
int repl_scan_is_open(const repl_scanner *s);

/*
 * Describes what is open, for the continuation prompt: the quote of an
 * open string ("\"", "'''", ...), else the innermost brackets ("{(",
 * at most `size` - 1 of them), else "".  Returns `buf`.
 */
const char *repl_scan_describe(const repl_scanner *s, char *buf, size_t size);

/*
 * Whether the statement `text` is a SPARQL Update request: its first
 * keyword after comments and the prologue (BASE, PREFIX) is INSERT,
 * DELETE, LOAD, CLEAR, CREATE, DROP, ADD, MOVE, COPY or WITH.
 */
int repl_is_update(const char *text);

#endif
