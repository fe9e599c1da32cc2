/* fuzz_sparql.c: libFuzzer target for kg's SPARQL parser.
 *
 * Each input is parsed both as a query (kg_sparql_parse) and as an update
 * request (kg_sparql_parse_update), with a base IRI, and every tree that
 * parses is printed back (kg_sparql_print), translated to the algebra
 * (kg_alg_translate, kg_alg_*_print) and freed, so the lexer, the parser,
 * the static checks (check.c), IRI resolution, the printers and the
 * algebra translation are all exercised.  The db is an in-memory kg store opened once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kg.h"
#include "buf.h"
#include "sparql/sparql.h"
#include "sparql/algebra.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kg_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	kg_sparql_query *q = NULL;
	kg_sparql_update *u = NULL;
	kg_buf out;

	if (!db) {
		if (kg_db_open("memory", KG_OPEN_CREATE, &db) != KG_OK)
			abort();
	}
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	memset(&out, 0, sizeof out);
	if (kg_sparql_parse(db, text, "http://example.org/base/", &q) == KG_OK) {
		kg_alg_query *aq = NULL;
		kg_sparql_print(q, &out);
		if (!kg_alg_translate(q, &aq))
			kg_alg_query_print(aq, &out);
		kg_alg_query_free(aq);
		kg_sparql_free(q);
	}
	if (kg_sparql_parse_update(db, text, "http://example.org/base/", &u) == KG_OK) {
		kg_alg_update *au = NULL;
		kg_sparql_update_print(u, &out);
		if (!kg_alg_translate_update(u, &au))
			kg_alg_update_print(au, &out);
		kg_alg_update_free(au);
		kg_sparql_update_free(u);
	}
	kg_buf_free(&out);
	free(text);
	return 0;
}
