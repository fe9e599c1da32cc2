/* fuzz_csv.c: libFuzzer target for the CSV reader behind
 * `kg load --format acled` (kg/store/csv.c).
 *
 * The input is read to the end or to the first error.  Each record must
 * have at least one field, each field must be a string inside the
 * reader's buffer, and positions must be sane; an error must say where
 * (line and column from 1) and must stick.  The text is a private copy
 * with no NUL after it, so a read past its end is caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	kg_csv c;
	kg_csv_init(&c, text, size);
	kg_status st;
	unsigned last_line = 0;
	while ((st = kg_csv_next(&c)) == KG_OK) {
		size_t n = kg_csv_count(&c);
		if (n == 0 || c.rec_line < 1 || c.rec_line < last_line)
			abort();
		last_line = c.rec_line;
		size_t bytes = 0;
		for (size_t i = 0; i < n; i++) {
			const char *f = kg_csv_field(&c, i);
			unsigned line, col;
			if (!f)
				abort();
			bytes += strlen(f);
			kg_csv_where(&c, i, &line, &col);
			if (line < c.rec_line || col < 1)
				abort();
		}
		if (bytes > size || kg_csv_field(&c, n))
			abort(); /* fields hold no more than the input */
	}
	if (st == KG_ERR_SYNTAX) {
		if (!c.msg[0] || c.err_line < 1 || c.err_col < 1 ||
		    kg_csv_next(&c) != KG_ERR_SYNTAX)
			abort();
	} else if (st != KG_DONE && st != KG_ERR_NOMEM) {
		abort();
	}
	kg_csv_free(&c);
	free(text);
	return 0;
}
