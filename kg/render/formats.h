/* formats.h: the formats, one entry point per family, called by the
 * dispatcher (render.c) with a writer it owns. */
#ifndef KG_RENDER_FORMATS_H
#define KG_RENDER_FORMATS_H

#include "results.h"
#include "render/term.h"

/* Renderers, one per family. */
kg_status kg_render_table(kg_results *r, const kg_db *db,
                          const kg_render_options *o, kg_writer *w,
                          uint64_t *rows);
kg_status kg_write_sparql_results(kg_results *r, kg_format f,
                                  const kg_render_options *o, kg_writer *w,
                                  uint64_t *rows);
kg_status kg_write_rdf(kg_results *r, const kg_db *db, kg_format f,
                       kg_writer *w, uint64_t *rows);
/* RDF/XML, with the prefixes of r's db as XML namespaces (rdfxml.c). */
kg_status kg_write_rdfxml(kg_results *r, kg_writer *w, uint64_t *rows);


/* Display width, in terminal cells, of UTF-8 `s` (n bytes) (table.c). */
size_t kg_display_width(const char *s, size_t n);

#endif
