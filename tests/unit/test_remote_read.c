/* test_remote_read.c: the reader of an endpoint's JSON results
 * (kg/remote/read.c over json.c), which puts each solution in the table
 * as soon as it is read: head.vars first or last, long answers whose
 * tree would not fit one arena chunk, a value longer than a chunk, and
 * failures halfway, with the rows read so far given back. */
#include "remote/read.h"
#include "buf.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>

static kg_db *db;
static size_t n_rows; /* rows of the last read_doc() */

/* Reads `text`; the rows as "a|b" lines joined by "/" in `out` (an
 * unbound value as "-"), or the error in `out`. */
static kg_status
read_doc(const char *text, kg_buf *out)
{
	kg_results *r;
	char err[256] = "";
	kg_buf_reset(out);
	kg_status st = kg_remote_read_json(db, text, strlen(text), &r, err,
	                                   sizeof err);
	if (st) {
		kg_buf_puts(out, err);
		return st;
	}
	if (kg_results_kind_of(r) == KG_RESULTS_BOOLEAN) {
		kg_buf_puts(out, kg_results_boolean(r) ? "true" : "false");
		kg_results_free(r);
		return st;
	}
	size_t w = kg_results_width(r);
	n_rows = 0;
	while (!kg_results_next(r)) {
		if (n_rows++)
			kg_buf_putc(out, '/');
		for (size_t i = 0; i < w; i++) {
			const kg_term *t = kg_results_get(r, i);
			kg_buf_printf(out, "%s%s%s%s", i ? "|" : "",
			              t ? t->value : "-",
			              t && t->lang ? "@" : "",
			              t && t->lang ? t->lang : "");
		}
	}
	kg_results_free(r);
	return st;
}

static const char *
row(int i)
{
	static char b[200];
	snprintf(b, sizeof b,
	         "{\"s\": {\"type\": \"uri\", \"value\": \"http://e/%d\"}, "
	         "\"o\": {\"type\": \"literal\", \"value\": \"v%d\", "
	         "\"xml:lang\": \"en\"}}", i, i);
	return b;
}

int
main(void)
{
	if (kg_db_open("memory", 0, &db)) {
		printf("Bail out! no memory store\n");
		return 1;
	}
	kg_buf out = {0}, doc = {0};

	kg_buf_printf(&doc, "{\"head\": {\"vars\": [\"s\", \"o\"]}, "
	              "\"results\": {\"bindings\": [%s, ", row(1));
	kg_buf_printf(&doc, "%s, {\"o\": {\"type\": \"literal\", "
	              "\"value\": \"only o\"}}]}}", row(2));
	TAP_OK(!read_doc(kg_buf_str(&doc), &out), "head.vars first");
	TAP_STR(kg_buf_str(&out), "http://e/1|v1@en/http://e/2|v2@en/-|only o",
	        "the rows, in order, an unbound value unbound");

	kg_buf_reset(&doc);
	kg_buf_printf(&doc, "{\"results\": {\"bindings\": [%s, ", row(1));
	kg_buf_printf(&doc, "%s]}, \"head\": {\"vars\": [\"o\", \"s\"]}}",
	              row(2));
	TAP_OK(!read_doc(kg_buf_str(&doc), &out), "head.vars last");
	TAP_STR(kg_buf_str(&out), "v1@en|http://e/1/v2@en|http://e/2",
	        "the rows all the same");

	/* Many rows: their nodes would take several arena chunks. */
	kg_buf_reset(&doc);
	kg_buf_puts(&doc, "{\"head\": {\"vars\": [\"s\", \"o\"]}, "
	            "\"results\": {\"bindings\": [");
	for (int i = 0; i < 5000; i++)
		kg_buf_printf(&doc, "%s%s", i ? ", " : "", row(i));
	kg_buf_puts(&doc, "]}}");
	TAP_OK(!read_doc(kg_buf_str(&doc), &out), "5,000 rows");
	const char *o = kg_buf_str(&out);
	TAP_OK(n_rows == 5000, "all of them (%zu)", n_rows);
	TAP_OK(strstr(o, "/http://e/2500|v2500@en/") != NULL,
	       "one in the middle intact");

	/* A value longer than an arena chunk (64 KiB) gets a chunk of its
	 * own, given back after its row. */
	size_t big = 100000;
	char *long_value = malloc(big + 1);
	memset(long_value, 'x', big);
	long_value[big] = '\0';
	kg_buf_reset(&doc);
	kg_buf_printf(&doc, "{\"head\": {\"vars\": [\"s\", \"o\"]}, "
	              "\"results\": {\"bindings\": [%s, ", row(1));
	kg_buf_printf(&doc, "{\"o\": {\"type\": \"literal\", \"value\": \"%s\"}}, "
	              "%s]}}", long_value, row(3));
	TAP_OK(!read_doc(kg_buf_str(&doc), &out), "a value of 100,000 bytes");
	o = kg_buf_str(&out);
	TAP_OK(strlen(o) > big && !strncmp(o, "http://e/1|v1@en/-|xxx", 22) &&
	       strstr(o, "/http://e/3|v3@en") != NULL,
	       "read whole, and the rows around it too");
	free(long_value);

	kg_buf_reset(&doc);
	kg_buf_printf(&doc, "{\"head\": {\"vars\": [\"s\", \"o\"]}, "
	              "\"results\": {\"bindings\": [%s, %s", row(1), row(2));
	TAP_OK(read_doc(kg_buf_str(&doc), &out) == KG_ERR_SYNTAX,
	       "a document cut after two rows fails");
	TAP_OK(strstr(kg_buf_str(&out), "not a SPARQL JSON result document") &&
	       strstr(kg_buf_str(&out), "expected ',' or ']'"),
	       "and says why (%s)", kg_buf_str(&out));

	kg_buf_reset(&doc);
	kg_buf_printf(&doc, "{\"head\": {\"vars\": [\"s\"]}, \"results\": "
	              "{\"bindings\": [%s, [1]]}}", row(1));
	TAP_OK(read_doc(kg_buf_str(&doc), &out) == KG_ERR_SYNTAX,
	       "a solution that is no object fails");
	TAP_STR(kg_buf_str(&out), "a solution is no object", "and says so");

	TAP_OK(read_doc("{\"head\": {\"vars\": [\"s\"]}, \"results\": "
	                "{\"bindings\": [{\"s\": {\"type\": \"odd\", "
	                "\"value\": \"1\"}}]}}", &out) == KG_ERR_SYNTAX,
	       "a value that is no RDF term fails");
	TAP_STR(kg_buf_str(&out), "the value of ?s is no RDF term",
	        "and names the variable");
	TAP_OK(read_doc("{\"head\": {\"vars\": [1]}, \"results\": "
	                "{\"bindings\": [{}]}}", &out) == KG_ERR_SYNTAX,
	       "a name in head.vars that is no string fails");
	TAP_OK(read_doc("{\"results\": {\"bindings\": [{}]}}", &out) ==
	       KG_ERR_SYNTAX, "no head.vars at all fails");
	TAP_OK(!read_doc("{\"head\": {}, \"boolean\": true}", &out),
	       "an ASK answer");
	TAP_STR(kg_buf_str(&out), "true", "is true");
	TAP_OK(!read_doc("{\"head\": {\"vars\": []}, \"results\": "
	                 "{\"bindings\": [{}, {}]}}", &out),
	       "solutions of no variables");

	kg_buf_free(&out);
	kg_buf_free(&doc);
	kg_db_close(db);
	return tap_done();
}
