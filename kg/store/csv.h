/* csv.h: a reader of comma-separated values (RFC 4180) over text in
 * memory, for `kg load --format acled`.  It knows nothing of RDF or of
 * the store, so that it can be tested and fuzzed alone.
 *
 * What it accepts: fields separated by ',', records ended by CRLF, LF
 * or a lone CR; a field in double quotes may hold ',', '"' doubled and
 * line breaks (kept as they are); a UTF-8 byte order mark at the start
 * is skipped; the last record needs no line break; an empty line ends
 * no record (ACLED files have none, and a trailing one is common).
 * What it refuses, with the line and column: a '"' inside an unquoted
 * field, anything but ',' or a line break after a closing quote, a
 * quoted field still open at the end, and NUL bytes.  Columns count
 * characters (UTF-8), from 1. */
#ifndef KG_STORE_CSV_H
#define KG_STORE_CSV_H

#include "buf.h"
#include "kg.h"

#include <stddef.h>

typedef struct {
	const char *data; /* the text, borrowed */
	size_t len, pos;
	unsigned line, col;      /* where pos is */
	kg_buf text;             /* the fields of the record, each NUL-ended */
	size_t *start;           /* where each field starts in text */
	unsigned *fline, *fcol;  /* where each field starts in the input */
	size_t n, cap;           /* fields in the record, room for them */
	unsigned rec_line;       /* the line the record starts on */
	char msg[160];           /* the last error */
	unsigned err_line, err_col;
} kg_csv;

/* Starts reading `len` bytes at `data` (borrowed until kg_csv_free). */
void kg_csv_init(kg_csv *c, const char *data, size_t len);

/* Reads the next record.  KG_OK: kg_csv_count() fields are there;
 * KG_DONE: no more records; KG_ERR_SYNTAX: c->msg says what, at
 * c->err_line, c->err_col; KG_ERR_NOMEM.  After an error, reading on
 * returns the error again. */
kg_status kg_csv_next(kg_csv *c);

size_t kg_csv_count(const kg_csv *c);
/* Field i of the record read last, NUL-terminated; owned by `c` and
 * valid until the next kg_csv_next.  NULL when i is out of range. */
const char *kg_csv_field(const kg_csv *c, size_t i);
/* Where field i starts in the input (line, column from 1). */
void kg_csv_where(const kg_csv *c, size_t i, unsigned *line, unsigned *col);

/* Frees what the reader holds (not the text); `c` may be NULL. */
void kg_csv_free(kg_csv *c);

#endif
