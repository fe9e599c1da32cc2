/* Result rendering through a write callback: formats and widths. */
#include "kg.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>

static char out[16384];

static int
to_buf(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	strncat(out, data, len);
	return 0;
}

static int
fail_write(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 1;
}

static kg_status
render(kg_db *db, const char *q, kg_format f, unsigned flags)
{
	kg_results *r;
	out[0] = '\0';
	kg_status st = kg_db_query(db, q, NULL, &r);
	if (st)
		return st;
	kg_render_options o = {flags, NULL, 0, 0};
	st = kg_results_write(r, db, f, &o, to_buf, NULL, NULL);
	kg_results_free(r);
	return st;
}

int
main(void)
{
	kg_db *db;
	kg_db_open("memory", 0, &db);
	const char *q = "SELECT ?a ?b WHERE { VALUES (?a ?b) { "
	                "(\"x,y\" <http://www.w3.org/2004/02/skos/core#note>) "
	                "(\"حماة\"@ar UNDEF) } } ORDER BY ?a";

	TAP_OK(render(db, q, KG_FORMAT_CSV, 0) == KG_OK, "csv");
	TAP_STR(out, "a,b\r\n\"x,y\",http://www.w3.org/2004/02/skos/core#note\r\n"
	             "حماة,\r\n", "csv quotes commas, CRLF lines");

	TAP_OK(render(db, q, KG_FORMAT_TSV, 0) == KG_OK, "tsv");
	TAP_STR(out, "?a\t?b\n\"x,y\"\t<http://www.w3.org/2004/02/skos/core#note>\n"
	             "\"حماة\"@ar\t\n", "tsv in N-Triples syntax");

	TAP_OK(render(db, q, KG_FORMAT_TABLE, 0) == KG_OK, "table");
	TAP_STR(out,
	        "+---------+-----------+\n"
	        "| a       | b         |\n"
	        "+---------+-----------+\n"
	        "| x,y     | skos:note |\n"
	        "| حماة@ar |           |\n"
	        "+---------+-----------+\n"
	        "2 rows\n", "ASCII table: prefixed names, Arabic width");

	TAP_OK(render(db, q, KG_FORMAT_TABLE, KG_RENDER_BOX) == KG_OK, "box");
	TAP_OK(strstr(out, "┌─────────┬───────────┐\n") != NULL,
	       "box drawing rules");

	{
		kg_results *r;
		out[0] = '\0';
		kg_db_query(db, "SELECT ?long WHERE { BIND(\"abcdefghijklmnopqrstuvwxyz\" "
		                "AS ?long) }", NULL, &r);
		kg_render_options o = {0, NULL, 0, 16};
		kg_results_write(r, db, KG_FORMAT_TABLE, &o, to_buf, NULL, NULL);
		kg_results_free(r);
	}
	TAP_STR(out, "+--------------+\n| long         |\n+--------------+\n"
	             "| abcdefghijk~ |\n+--------------+\n1 row\n",
	        "fit_width narrows the table to 16 cells, cutting the cell");

	TAP_OK(render(db, "SELECT ?x WHERE { BIND(\"é\" AS ?x) }",
	              KG_FORMAT_TABLE, 0) == KG_OK, "accented");
	TAP_OK(strstr(out, "| é |") != NULL, "accented letter is one cell");

	TAP_OK(render(db, "ASK {}", KG_FORMAT_JSON, 0) == KG_OK, "ask json");
	TAP_OK(strstr(out, "\"boolean\": true") != NULL, "boolean true");

	TAP_OK(render(db, q, KG_FORMAT_XML, 0) == KG_OK, "xml");
	TAP_OK(strstr(out, "<binding name=\"a\"><literal xml:lang=\"ar\">"
	                   "حماة</literal></binding>") != NULL,
	       "xml literal with language");

	TAP_OK(render(db, q, KG_FORMAT_JSON, 0) == KG_OK, "json");
	TAP_OK(strstr(out, "\"xml:lang\": \"ar\"") != NULL, "json xml:lang");

	TAP_OK(render(db, q, KG_FORMAT_TURTLE, 0) == KG_ERR_ARG,
	       "turtle refused for bindings");

	kg_results *r;
	kg_db_query(db, q, NULL, &r);
	TAP_OK(kg_results_write(r, db, KG_FORMAT_CSV, NULL, fail_write, NULL,
	                        NULL) == KG_ERR_IO, "write failure is KG_ERR_IO");
	kg_results_free(r);

	TAP_OK(kg_format_from_name("ttl") == KG_FORMAT_TURTLE, "format names");
	TAP_OK(kg_format_from_name("nope") == 0, "unknown format name");
	kg_db_close(db);
	return tap_done();
}
