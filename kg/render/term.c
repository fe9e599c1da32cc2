/* term.c: buffered output through a caller's callback, and the term
 * syntaxes (N-Triples, Turtle) every format shares. */
#include "render/term.h"

#include <string.h>

#define FLUSH_AT 65536

void
kg_writer_init(kg_writer *w, kg_write_fn fn, void *ctx)
{
	memset(w, 0, sizeof *w);
	w->fn = fn;
	w->ctx = ctx;
}

static void
flush(kg_writer *w)
{
	if (!w->failed && w->buf.len && w->fn(w->ctx, w->buf.data, w->buf.len))
		w->failed = 1;
	kg_buf_reset(&w->buf);
}

void
kg_writer_put(kg_writer *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (kg_buf_put(&w->buf, s, n)) {
		w->failed = 1;
		return;
	}
	if (w->buf.len >= FLUSH_AT)
		flush(w);
}

void
kg_writer_puts(kg_writer *w, const char *s)
{
	kg_writer_put(w, s, strlen(s));
}

kg_status
kg_writer_finish(kg_writer *w)
{
	flush(w);
	kg_buf_free(&w->buf);
	return w->failed ? KG_ERR_IO : KG_OK;
}

int
kg_is_xsd_string(const char *dt)
{
	return dt && !strcmp(dt, KG_XSD "string");
}

void
kg_write_escaped(kg_writer *w, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *esc = NULL;
		switch (*s) {
		case '\\': esc = "\\\\"; break;
		case '"': esc = "\\\""; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: continue;
		}
		kg_writer_put(w, run, (size_t)(s - run));
		kg_writer_puts(w, esc);
		run = s + 1;
	}
	kg_writer_put(w, run, (size_t)(s - run));
}

static void
write_literal_tail(kg_writer *w, const kg_db *db, const kg_term *t)
{
	if (t->lang) {
		kg_writer_puts(w, "@");
		kg_writer_puts(w, t->lang);
	} else if (t->datatype && !kg_is_xsd_string(t->datatype)) {
		kg_writer_puts(w, "^^");
		kg_term dt = {KG_TERM_IRI, t->datatype, NULL, NULL};
		if (db)
			kg_write_ttl_term(w, db, &dt);
		else
			kg_write_nt_term(w, &dt);
	}
}

void
kg_write_nt_term(kg_writer *w, const kg_term *t)
{
	switch (t->kind) {
	case KG_TERM_IRI:
		kg_writer_puts(w, "<");
		kg_writer_puts(w, t->value);
		kg_writer_puts(w, ">");
		break;
	case KG_TERM_BLANK:
		kg_writer_puts(w, "_:");
		kg_writer_puts(w, t->value);
		break;
	case KG_TERM_LITERAL:
		kg_writer_puts(w, "\"");
		kg_write_escaped(w, t->value);
		kg_writer_puts(w, "\"");
		write_literal_tail(w, NULL, t);
		break;
	}
}

void
kg_write_ttl_term(kg_writer *w, const kg_db *db, const kg_term *t)
{
	char name[512];
	if (t->kind == KG_TERM_IRI &&
	    kg_db_compact_iri(db, t->value, name, sizeof name)) {
		kg_writer_puts(w, name);
	} else if (t->kind == KG_TERM_LITERAL) {
		kg_writer_puts(w, "\"");
		kg_write_escaped(w, t->value);
		kg_writer_puts(w, "\"");
		write_literal_tail(w, db, t);
	} else {
		kg_write_nt_term(w, t);
	}
}
