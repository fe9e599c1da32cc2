/* write.c: buffered output, shared term syntaxes, format dispatch. */
#include "write.h"
#include "results.h"

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

static const struct {
	const char *name;
	kg_format format;
} format_names[] = {
	{"table", KG_FORMAT_TABLE},     {"csv", KG_FORMAT_CSV},
	{"tsv", KG_FORMAT_TSV},         {"json", KG_FORMAT_JSON},
	{"xml", KG_FORMAT_XML},         {"ntriples", KG_FORMAT_NTRIPLES},
	{"nquads", KG_FORMAT_NQUADS},   {"turtle", KG_FORMAT_TURTLE},
	{"line", KG_FORMAT_LINE},       {"nt", KG_FORMAT_NTRIPLES},
	{"nq", KG_FORMAT_NQUADS},       {"ttl", KG_FORMAT_TURTLE},
	{"srx", KG_FORMAT_XML},         {"srj", KG_FORMAT_JSON},
};

kg_format
kg_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof format_names / sizeof format_names[0];
	     i++)
		if (!strcmp(name, format_names[i].name))
			return format_names[i].format;
	return (kg_format)0;
}

const char *
kg_format_name(kg_format f)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (format_names[i].format == f)
			return format_names[i].name;
	return NULL;
}

static int
is_graph_format(kg_format f)
{
	return f == KG_FORMAT_NTRIPLES || f == KG_FORMAT_NQUADS ||
	       f == KG_FORMAT_TURTLE;
}

kg_status
kg_results_write(kg_results *r, const kg_db *db, kg_format format,
                 const kg_render_options *opts, kg_write_fn write, void *ctx,
                 uint64_t *rows)
{
	static const kg_render_options none = {0, NULL, 0, 0};
	if (rows)
		*rows = 0;
	if (!r || !db || !write)
		return KG_ERR_ARG;
	if (!opts)
		opts = &none;
	if (is_graph_format(format) && r->kind != KG_RESULTS_GRAPH)
		return kg_db_error(r->db, KG_ERR_ARG, NULL, 0, 0,
		                   "%s output needs a CONSTRUCT or DESCRIBE query",
		                   kg_format_name(format));
	kg_writer w;
	kg_writer_init(&w, write, ctx);
	kg_status st;
	switch (format) {
	case KG_FORMAT_TABLE:
		st = kg_render_table(r, db, opts, &w, rows);
		break;
	case KG_FORMAT_CSV:
	case KG_FORMAT_TSV:
	case KG_FORMAT_JSON:
	case KG_FORMAT_XML:
	case KG_FORMAT_LINE:
		st = kg_write_sparql_results(r, format, opts, &w, rows);
		break;
	case KG_FORMAT_NTRIPLES:
	case KG_FORMAT_NQUADS:
	case KG_FORMAT_TURTLE:
		st = kg_write_rdf(r, db, format, &w, rows);
		break;
	default:
		st = KG_ERR_ARG;
		break;
	}
	kg_status wst = kg_writer_finish(&w);
	if (!st && wst)
		st = kg_db_error(r->db, wst, NULL, 0, 0,
		                 "cannot write the results");
	return st;
}
