/* term.h: output through a caller's write callback, buffered, and the
 * term syntaxes the formats share. */
#ifndef KG_RENDER_TERM_H
#define KG_RENDER_TERM_H

#include "buf.h"
#include "kg.h"
#include "vocab.h"

typedef struct {
	kg_write_fn fn;
	void *ctx;
	kg_buf buf;
	int failed;
} kg_writer;

void kg_writer_init(kg_writer *w, kg_write_fn fn, void *ctx);
void kg_writer_put(kg_writer *w, const char *s, size_t n);
void kg_writer_puts(kg_writer *w, const char *s);
/* Flushes and frees; returns KG_ERR_IO if any write failed. */
kg_status kg_writer_finish(kg_writer *w);

/* Escapes `s` as the inside of an N-Triples string. */
void kg_write_escaped(kg_writer *w, const char *s);
/* `t` in N-Triples syntax (xsd:string datatypes left implicit). */
void kg_write_nt_term(kg_writer *w, const kg_term *t);
/* `t` in Turtle, compacting IRIs with the db's prefixes. */
void kg_write_ttl_term(kg_writer *w, const kg_db *db, const kg_term *t);

/* Whether a datatype IRI is xsd:string (implicit on plain literals). */
int kg_is_xsd_string(const char *dt);

#endif
