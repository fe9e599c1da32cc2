/* fuzz_scanner.c: libFuzzer target for the shell's statement scanner
 * (repl/scanner.c).
 *
 * The first input byte chooses a chunk size (1..256); the rest is fed to
 * the scanner in chunks of that size, restarting it after each complete
 * statement the way the shell does, and calling the query functions
 * (complete, has_code, is_open, describe with small and large buffers) as
 * it goes.  The input is also scanned in one piece and both ways must end
 * in the same state: the scanner promises any split gives the same result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Scans `text` in chunks of `chunk`, restarting after each complete
 * statement; returns the number of statements, leaves the final state in *s. */
static size_t scan_all(repl_scanner *s, const char *text, size_t len, size_t chunk)
{
	size_t pos = 0, n = 0;
	char small[2], big[REPL_SCAN_DEPTH + 8];

	repl_scan_init(s);
	while (pos < len) {
		size_t want = len - pos < chunk ? len - pos : chunk;
		size_t used = repl_scan(s, text + pos, want);

		if (used > want)
			abort();
		pos += used;
		(void)repl_scan_has_code(s);
		(void)repl_scan_is_open(s);
		repl_scan_describe(s, small, sizeof small);
		repl_scan_describe(s, big, sizeof big);
		if (strlen(small) >= sizeof small || strlen(big) >= sizeof big)
			abort();
		if (repl_scan_complete(s)) {
			n++;
			repl_scan_init(s);
		} else if (used < want) {
			abort(); /* stopped early without completing */
		}
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	repl_scanner a, b;
	size_t chunk, na, nb;
	char *text;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] + 1;
	data++;
	size--;
	/* a private copy, not NUL-terminated, so over-reads are caught */
	text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);

	na = scan_all(&a, text, size, chunk);
	nb = scan_all(&b, text, size, size ? size : 1);
	if (na != nb || repl_scan_is_open(&a) != repl_scan_is_open(&b) ||
	    repl_scan_has_code(&a) != repl_scan_has_code(&b))
		abort(); /* the split changed the outcome */
	free(text);
	return 0;
}
