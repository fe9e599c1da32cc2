/* csv.c: the RFC 4180 reader of csv.h.  It walks the text one byte at
 * a time, tracking line and column for its errors, and copies each
 * field, unquoted, into one buffer. */
#include "store/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
kg_csv_init(kg_csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof *c);
	c->data = data;
	c->len = len;
	c->line = 1;
	c->col = 1;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		c->pos = 3;
}

void
kg_csv_free(kg_csv *c)
{
	if (!c)
		return;
	kg_buf_free(&c->text);
	free(c->start);
	free(c->fline);
	free(c->fcol);
	c->start = NULL;
	c->fline = c->fcol = NULL;
	c->n = c->cap = 0;
}

size_t
kg_csv_count(const kg_csv *c)
{
	return c->n;
}

const char *
kg_csv_field(const kg_csv *c, size_t i)
{
	return i < c->n ? c->text.data + c->start[i] : NULL;
}

void
kg_csv_where(const kg_csv *c, size_t i, unsigned *line, unsigned *col)
{
	*line = i < c->n ? c->fline[i] : c->rec_line;
	*col = i < c->n ? c->fcol[i] : 1;
}

static kg_status
fail(kg_csv *c, unsigned line, unsigned col, const char *msg)
{
	snprintf(c->msg, sizeof c->msg, "%s", msg);
	c->err_line = line;
	c->err_col = col;
	return KG_ERR_SYNTAX;
}

/* Moves past one byte, keeping line and column: a line break is CRLF,
 * LF or CR; a column is a character, so UTF-8 continuation bytes do
 * not count. */
static void
advance(kg_csv *c)
{
	unsigned char ch = (unsigned char)c->data[c->pos++];
	if (ch == '\n' || (ch == '\r' && (c->pos >= c->len ||
	                                  c->data[c->pos] != '\n'))) {
		c->line++;
		c->col = 1;
	} else if (ch != '\r' && (ch & 0xC0) != 0x80) {
		c->col++;
	}
}

/* At a line break (CRLF, LF or CR)?  Its length, else 0. */
static size_t
line_break(const kg_csv *c)
{
	if (c->pos >= c->len)
		return 0;
	if (c->data[c->pos] == '\n')
		return 1;
	if (c->data[c->pos] != '\r')
		return 0;
	return c->pos + 1 < c->len && c->data[c->pos + 1] == '\n' ? 2 : 1;
}

static kg_status
begin_field(kg_csv *c)
{
	if (c->n == c->cap) {
		/* the three arrays grow together */
		size_t cap = c->cap ? 2 * c->cap : 16;
		size_t *s = realloc(c->start, cap * sizeof *s);
		if (!s)
			return KG_ERR_NOMEM;
		c->start = s;
		unsigned *fl = realloc(c->fline, cap * sizeof *fl);
		if (!fl)
			return KG_ERR_NOMEM;
		c->fline = fl;
		unsigned *fc = realloc(c->fcol, cap * sizeof *fc);
		if (!fc)
			return KG_ERR_NOMEM;
		c->fcol = fc;
		c->cap = cap;
	}
	c->start[c->n] = c->text.len;
	c->fline[c->n] = c->line;
	c->fcol[c->n] = c->col;
	c->n++;
	return KG_OK;
}

/* Ends the field being read: a NUL after it in the buffer. */
static kg_status
end_field(kg_csv *c)
{
	return kg_buf_put(&c->text, "", 1) ? KG_ERR_NOMEM : KG_OK;
}

kg_status
kg_csv_next(kg_csv *c)
{
	if (c->msg[0])
		return KG_ERR_SYNTAX;
	c->n = 0;
	kg_buf_reset(&c->text);
	/* empty lines end no record */
	size_t nl;
	while ((nl = line_break(c)) > 0)
		while (nl--)
			advance(c);
	if (c->pos >= c->len)
		return KG_DONE;
	c->rec_line = c->line;
	for (;;) {
		kg_status st = begin_field(c);
		if (st)
			return st;
		if (c->pos < c->len && c->data[c->pos] == '"') {
			unsigned qline = c->line, qcol = c->col;
			advance(c);
			for (;;) {
				if (c->pos >= c->len)
					return fail(c, qline, qcol, "the quoted "
					            "field that starts here is "
					            "never closed");
				char ch = c->data[c->pos];
				if (ch == '\0')
					return fail(c, c->line, c->col,
					            "NUL byte in a field");
				if (ch == '"') {
					if (c->pos + 1 < c->len &&
					    c->data[c->pos + 1] == '"') {
						advance(c);
					} else {
						advance(c);
						break;
					}
				}
				if (kg_buf_putc(&c->text, ch))
					return KG_ERR_NOMEM;
				advance(c);
			}
			if (c->pos < c->len && c->data[c->pos] != ',' &&
			    !line_break(c))
				return fail(c, c->line, c->col, "a closing quote "
				            "must be followed by ',' or the end "
				            "of the line");
		} else {
			while (c->pos < c->len && c->data[c->pos] != ',' &&
			       !line_break(c)) {
				char ch = c->data[c->pos];
				if (ch == '"')
					return fail(c, c->line, c->col, "'\"' in "
					            "an unquoted field (quote the "
					            "field and double the '\"')");
				if (ch == '\0')
					return fail(c, c->line, c->col,
					            "NUL byte in a field");
				if (kg_buf_putc(&c->text, ch))
					return KG_ERR_NOMEM;
				advance(c);
			}
		}
		if ((st = end_field(c)))
			return st;
		if (c->pos < c->len && c->data[c->pos] == ',') {
			advance(c);
			continue;
		}
		nl = line_break(c);
		while (nl--)
			advance(c);
		return KG_OK;
	}
}
