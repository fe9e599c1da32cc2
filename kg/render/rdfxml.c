/* rdfxml.c: graph results as RDF/XML (RDF 1.1 XML Syntax), streamed: one
 * rdf:Description per run of statements with the same subject, each
 * property element declaring its own namespace unless a declared prefix
 * (written on rdf:RDF) covers it, so that memory stays constant. */
#include "render/formats.h"

#include <stdio.h>
#include <string.h>

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* XML's NameStartChar and NameChar, for the ASCII range; every byte of
 * a multi-byte UTF-8 sequence is taken as a name character (the letters
 * of other scripts are, and an IRI holds no other). */
static int
name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c >= 0x80;
}

static int
name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Where `iri` splits into a namespace and a local name that is an XML
 * NCName: the offset of the local name, or 0 when none can be made (an
 * IRI ending in '/' or a digit-led fragment, say). */
static size_t
local_start(const char *iri)
{
	size_t n = strlen(iri), i = n;
	while (i > 0 && name_char((unsigned char)iri[i - 1]))
		i--;
	while (i < n && !name_start((unsigned char)iri[i]))
		i++;
	return i < n ? i : 0;
}

/* `s` as XML character data (attr: inside a double-quoted attribute);
 * -1 for a character XML 1.0 cannot hold. */
static int
put_xml(kg_writer *w, const char *s, int attr)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': kg_writer_puts(w, "&amp;"); continue;
		case '<': kg_writer_puts(w, "&lt;"); continue;
		case '>': kg_writer_puts(w, "&gt;"); continue;
		case '"':
			kg_writer_puts(w, attr ? "&quot;" : "\"");
			continue;
		case '\r': kg_writer_puts(w, "&#xD;"); continue;
		case '\n':
			kg_writer_puts(w, attr ? "&#xA;" : "\n");
			continue;
		case '\t':
			kg_writer_puts(w, attr ? "&#x9;" : "\t");
			continue;
		default:
			if (c < 0x20)
				return -1;
			kg_writer_put(w, s, 1);
		}
	}
	return 0;
}

/* The declared prefix whose IRI is `ns` exactly and whose name is an
 * NCName, or NULL. */
static const char *
prefix_for(const kg_db *db, const char *ns, size_t len)
{
	for (size_t i = 0; i < kg_db_prefix_count(db); i++) {
		const char *p, *iri;
		if (kg_db_prefix_at(db, i, &p, &iri) || strlen(iri) != len ||
		    strncmp(iri, ns, len) || !*p || !strcmp(p, "xml") ||
		    !name_start((unsigned char)*p))
			continue;
		const char *c = p;
		while (*c && name_char((unsigned char)*c))
			c++;
		if (!*c)
			return p;
	}
	return NULL;
}

/* rdf:about="IRI" or rdf:nodeID="label" for a subject or object. */
static int
put_node_attr(kg_writer *w, const kg_term *t, const char *about)
{
	if (t->kind == KG_TERM_BLANK) {
		kg_writer_puts(w, " rdf:nodeID=\"b");
		/* Blank node labels become NCNames: a letter first. */
		if (put_xml(w, t->value, 1))
			return -1;
	} else {
		kg_writer_puts(w, " rdf:");
		kg_writer_puts(w, about);
		kg_writer_puts(w, "=\"");
		if (put_xml(w, t->value, 1))
			return -1;
	}
	kg_writer_puts(w, "\"");
	return 0;
}

/* One property element; KG_ERR_UNSUPPORTED (with the reason on db) for
 * what RDF/XML cannot write. */
static kg_status
put_property(kg_writer *w, kg_db *db, const kg_term *p, const kg_term *o)
{
	size_t at = local_start(p->value);
	if (!at)
		return kg_db_error(db, KG_ERR_UNSUPPORTED,
		                   NULL, 0, 0, "RDF/XML cannot write the predicate "
		                   "<%s>: it does not end in an XML name",
		                   p->value);
	const char *local = p->value + at;
	const char *prefix = prefix_for(db, p->value, at);
	kg_writer_puts(w, "    <");
	kg_writer_puts(w, prefix ? prefix : "ns");
	kg_writer_puts(w, ":");
	kg_writer_puts(w, local);
	if (!prefix) {
		kg_writer_puts(w, " xmlns:ns=\"");
		kg_buf ns = {0};
		if (kg_buf_put(&ns, p->value, at))
			return KG_ERR_NOMEM;
		int bad = put_xml(w, kg_buf_str(&ns), 1);
		kg_buf_free(&ns);
		if (bad)
			goto bad;
		kg_writer_puts(w, "\"");
	}
	if (o->kind != KG_TERM_LITERAL) {
		if (put_node_attr(w, o, "resource"))
			goto bad;
		kg_writer_puts(w, "/>\n");
		return KG_OK;
	}
	if (o->lang && *o->lang) {
		kg_writer_puts(w, " xml:lang=\"");
		if (put_xml(w, o->lang, 1))
			goto bad;
		kg_writer_puts(w, "\"");
	} else if (o->datatype && !kg_is_xsd_string(o->datatype)) {
		kg_writer_puts(w, " rdf:datatype=\"");
		if (put_xml(w, o->datatype, 1))
			goto bad;
		kg_writer_puts(w, "\"");
	}
	kg_writer_puts(w, ">");
	if (put_xml(w, o->value, 0))
		goto bad;
	kg_writer_puts(w, "</");
	kg_writer_puts(w, prefix ? prefix : "ns");
	kg_writer_puts(w, ":");
	kg_writer_puts(w, local);
	kg_writer_puts(w, ">\n");
	return KG_OK;
bad:
	return kg_db_error(db, KG_ERR_UNSUPPORTED, NULL, 0,
	                   0, "RDF/XML cannot hold a control character of "
	                   "a statement about <%s>", p->value);
}

kg_status
kg_write_rdfxml(kg_results *r, kg_writer *w, uint64_t *rows)
{
	kg_db *db = r->db;
	kg_writer_puts(w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                  "<rdf:RDF xmlns:rdf=\"" RDF_NS "\"");
	for (size_t i = 0; i < kg_db_prefix_count(db); i++) {
		const char *p, *iri;
		if (kg_db_prefix_at(db, i, &p, &iri) || !strcmp(p, "rdf") ||
		    prefix_for(db, iri, strlen(iri)) != p)
			continue;
		kg_writer_puts(w, "\n         xmlns:");
		kg_writer_puts(w, p);
		kg_writer_puts(w, "=\"");
		put_xml(w, iri, 1);
		kg_writer_puts(w, "\"");
	}
	kg_writer_puts(w, ">\n");
	kg_buf subject = {0}; /* the open rdf:Description's subject */
	int open = 0, subject_blank = 0;
	uint64_t n = 0;
	kg_status st = KG_DONE;
	while (!w->failed && (st = kg_results_next(r)) == KG_OK) {
		const kg_term *s = kg_results_get(r, 0);
		const kg_term *p = kg_results_get(r, 1);
		const kg_term *o = kg_results_get(r, 2);
		if (!s || !p || !o)
			continue;
		n++;
		int blank = s->kind == KG_TERM_BLANK;
		if (!open || blank != subject_blank ||
		    strcmp(kg_buf_str(&subject), s->value)) {
			if (open)
				kg_writer_puts(w, "  </rdf:Description>\n");
			kg_buf_reset(&subject);
			if (kg_buf_puts(&subject, s->value)) {
				st = KG_ERR_NOMEM;
				break;
			}
			subject_blank = blank;
			open = 1;
			kg_writer_puts(w, "  <rdf:Description");
			if (put_node_attr(w, s, "about")) {
				st = kg_db_error((kg_db *)(uintptr_t)db,
				                 KG_ERR_UNSUPPORTED, NULL, 0, 0,
				                 "RDF/XML cannot hold a control "
				                 "character of <%s>", s->value);
				break;
			}
			kg_writer_puts(w, ">\n");
		}
		if ((st = put_property(w, db, p, o)))
			break;
	}
	kg_buf_free(&subject);
	if (st != KG_DONE && st != KG_OK)
		return st;
	if (open)
		kg_writer_puts(w, "  </rdf:Description>\n");
	kg_writer_puts(w, "</rdf:RDF>\n");
	if (rows)
		*rows = n;
	return st == KG_DONE ? KG_OK : st;
}
