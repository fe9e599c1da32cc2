/* fuzz_load.c: libFuzzer target for kg's RDF loading path (kg_db_load).
 *
 * The first input byte picks the format (Turtle, N-Triples, N-Quads,
 * TriG, RDF/XML); the rest is written to a temporary file and loaded with
 * kg_db_load() into a fresh "memory" store, which is then counted and
 * closed.  This covers kg's loader (load.c: Raptor callbacks, graphs,
 * term conversion, duplicate statements, error reporting) and Raptor's
 * parsers behind it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {"turtle", "ntriples", "nquads",
	                                      "trig", "rdfxml"};
	kg_load_options opts = {0};
	kg_db *db = NULL;
	FILE *f;

	if (size < 1)
		return 0;
	if (!path[0]) {
		int fd;
		snprintf(path, sizeof path, "/tmp/kg-fuzz-load-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	opts.format = formats[data[0] % 5];
	opts.base = "http://example.org/base/";
	if (data[0] & 0x80)
		opts.graph = "http://example.org/graph";
	if (data[0] & 0x40)
		opts.flags |= KG_LOAD_DEFAULT_GRAPH;
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1)
		abort();
	fclose(f);

	if (kg_db_open("memory", KG_OPEN_CREATE, &db) == KG_OK) {
		kg_db_load(db, path, &opts, NULL);
		(void)kg_db_size(db);
	}
	kg_db_close(db);
	return 0;
}
