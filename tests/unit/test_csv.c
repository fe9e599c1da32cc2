/* The CSV reader behind `kg load --format acled` (kg/store/csv.c):
 * quoting, line breaks of every kind, and errors with line and column. */
#include "store/csv.h"
#include "../tap.h"

#include <stdlib.h>

/* Reads all of `text` and writes its records as "a|b|c" lines joined
 * by "/" into out; returns the status that ended the reading. */
static kg_status
read_all(const char *text, size_t len, char *out, size_t cap, kg_csv *c)
{
	kg_csv_init(c, text, len);
	size_t at = 0;
	out[0] = '\0';
	kg_status st;
	while ((st = kg_csv_next(c)) == KG_OK) {
		for (size_t i = 0; i < kg_csv_count(c); i++)
			at += (size_t)snprintf(out + at, cap - at, "%s%s",
			                       i ? "|" : at ? "/" : "",
			                       kg_csv_field(c, i));
		if (!kg_csv_count(c))
			at += (size_t)snprintf(out + at, cap - at, "%s(none)",
			                       at ? "/" : "");
	}
	return st;
}

static void
good(const char *text, const char *want, const char *what)
{
	char out[512];
	kg_csv c;
	kg_status st = read_all(text, strlen(text), out, sizeof out, &c);
	TAP_OK(st == KG_DONE, "%s: read to the end (%s)", what, c.msg);
	TAP_STR(out, want, "%s: the records", what);
	kg_csv_free(&c);
}

static void
bad(const char *text, unsigned line, unsigned col, const char *words,
    const char *what)
{
	char out[512];
	kg_csv c;
	kg_status st = read_all(text, strlen(text), out, sizeof out, &c);
	TAP_OK(st == KG_ERR_SYNTAX, "%s: an error", what);
	TAP_OK(c.err_line == line && c.err_col == col,
	       "%s: at line %u column %u (got %u:%u)", what, line, col,
	       c.err_line, c.err_col);
	TAP_OK(strstr(c.msg, words) != NULL, "%s: says '%s' (%s)", what,
	       words, c.msg);
	TAP_OK(kg_csv_next(&c) == KG_ERR_SYNTAX,
	       "%s: reading on gives the error again", what);
	kg_csv_free(&c);
}

static void
test_where(void)
{
	const char *text = "a,\"b\nc\",d\r\nx,y\n";
	kg_csv c;
	kg_csv_init(&c, text, strlen(text));
	unsigned line, col;
	TAP_OK(kg_csv_next(&c) == KG_OK && kg_csv_count(&c) == 3,
	       "where: first record has three fields");
	kg_csv_where(&c, 2, &line, &col);
	TAP_OK(line == 2 && col == 4, "where: the field after an embedded "
	       "newline starts at 2:4 (got %u:%u)", line, col);
	TAP_OK(kg_csv_next(&c) == KG_OK && c.rec_line == 3,
	       "where: the second record starts on line 3 (got %u)",
	       c.rec_line);
	TAP_OK(kg_csv_field(&c, 2) == NULL, "where: no third field");
	TAP_OK(kg_csv_next(&c) == KG_DONE, "where: then the end");
	kg_csv_free(&c);
	kg_csv_free(NULL);
}

int
main(void)
{
	good("a,b,c\n1,2,3\n", "a|b|c/1|2|3", "plain");
	good("a,b\r\n1,2\r\n", "a|b/1|2", "CRLF");
	good("a,b\r1,2\r", "a|b/1|2", "lone CR");
	good("a,b\n1,2", "a|b/1|2", "no line break at the end");
	good("a,b\n\n1,2\n\n", "a|b/1|2", "empty lines end no record");
	good(",,\n", "||", "empty fields");
	good("\"a,b\",\"say \"\"hi\"\"\",c\n", "a,b|say \"hi\"|c",
	     "quoted comma and doubled quotes");
	good("\"line 1\nline 2\r\nline 3\",x\n", "line 1\nline 2\r\nline 3|x",
	     "embedded line breaks are kept");
	good("\"\",\"\"\"\"\n", "|\"", "an empty quoted field, a lone quote");
	good("\xEF\xBB\xBF" "a,b\n", "a|b", "a byte order mark is skipped");
	good("", "", "empty input");
	good("caf\xC3\xA9,\"\xE2\x80\x99\"\n", "caf\xC3\xA9|\xE2\x80\x99",
	     "UTF-8 kept as it is");

	bad("a,b\nc,d\"e\n", 2, 4, "unquoted field", "quote inside a field");
	bad("a,b\n\"x\"y,z\n", 2, 4, "closing quote", "text after the quote");
	bad("a,b\nc,\"open\nstill\n", 2, 3, "never closed",
	    "unclosed quote names where it opened");
	bad("\xC3\xA9\xC3\xA9,x\"\n", 1, 5, "unquoted field",
	    "columns count characters, not bytes");
	{
		/* a NUL in the middle of the text */
		const char text[] = "a,b\nc\0d\n";
		char out[64];
		kg_csv c;
		kg_status st = read_all(text, sizeof text - 1, out, sizeof out,
		                        &c);
		TAP_OK(st == KG_ERR_SYNTAX && c.err_line == 2 && c.err_col == 2,
		       "NUL byte: an error at 2:2 (got %u:%u)", c.err_line,
		       c.err_col);
		kg_csv_free(&c);
	}
	test_where();
	return tap_done();
}
