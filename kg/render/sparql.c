/* sparql.c: the W3C SPARQL results formats (CSV, TSV, JSON, XML)
 * and kg's line format. */
#include "render/formats.h"

#include <stdio.h>
#include <string.h>

static void
csv_field(kg_writer *w, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		kg_writer_puts(w, s);
		return;
	}
	kg_writer_puts(w, "\"");
	for (const char *run = s;; s++) {
		if (*s == '"' || !*s) {
			kg_writer_put(w, run, (size_t)(s - run));
			if (!*s)
				break;
			kg_writer_puts(w, "\"\"");
			run = s + 1;
		}
	}
	kg_writer_puts(w, "\"");
}

static void
csv_term(kg_writer *w, const kg_term *t)
{
	if (t->kind == KG_TERM_BLANK) {
		kg_writer_puts(w, "_:");
		kg_writer_puts(w, t->value);
	} else {
		csv_field(w, t->value);
	}
}

static void
json_string(kg_writer *w, const char *s)
{
	kg_writer_puts(w, "\"");
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\n')
			strcpy(esc, "\\n");
		else if (c == '\r')
			strcpy(esc, "\\r");
		else if (c == '\t')
			strcpy(esc, "\\t");
		else if (c < 0x20)
			snprintf(esc, sizeof esc, "\\u%04x", c);
		else
			continue;
		kg_writer_put(w, run, (size_t)(s - run));
		kg_writer_puts(w, esc);
		run = s + 1;
	}
	kg_writer_put(w, run, (size_t)(s - run));
	kg_writer_puts(w, "\"");
}

static void
xml_text(kg_writer *w, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *esc;
		switch (*s) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		default: continue;
		}
		kg_writer_put(w, run, (size_t)(s - run));
		kg_writer_puts(w, esc);
		run = s + 1;
	}
	kg_writer_put(w, run, (size_t)(s - run));
}

static void
json_term(kg_writer *w, const kg_term *t)
{
	static const char *const types[] = {"", "uri", "bnode", "literal"};
	kg_writer_puts(w, "{ \"type\": \"");
	kg_writer_puts(w, types[t->kind]);
	kg_writer_puts(w, "\", \"value\": ");
	json_string(w, t->value);
	if (t->lang) {
		kg_writer_puts(w, ", \"xml:lang\": ");
		json_string(w, t->lang);
	} else if (t->datatype && !kg_is_xsd_string(t->datatype)) {
		kg_writer_puts(w, ", \"datatype\": ");
		json_string(w, t->datatype);
	}
	kg_writer_puts(w, " }");
}

static void
xml_term(kg_writer *w, const kg_term *t)
{
	switch (t->kind) {
	case KG_TERM_IRI:
		kg_writer_puts(w, "<uri>");
		xml_text(w, t->value);
		kg_writer_puts(w, "</uri>");
		break;
	case KG_TERM_BLANK:
		kg_writer_puts(w, "<bnode>");
		xml_text(w, t->value);
		kg_writer_puts(w, "</bnode>");
		break;
	case KG_TERM_LITERAL:
		kg_writer_puts(w, "<literal");
		if (t->lang) {
			kg_writer_puts(w, " xml:lang=\"");
			xml_text(w, t->lang);
			kg_writer_puts(w, "\"");
		} else if (t->datatype && !kg_is_xsd_string(t->datatype)) {
			kg_writer_puts(w, " datatype=\"");
			xml_text(w, t->datatype);
			kg_writer_puts(w, "\"");
		}
		kg_writer_puts(w, ">");
		xml_text(w, t->value);
		kg_writer_puts(w, "</literal>");
		break;
	}
}

static void
header(kg_results *r, kg_format f, const kg_render_options *o, kg_writer *w)
{
	size_t n = kg_results_width(r);
	int boolean = r->kind == KG_RESULTS_BOOLEAN;
	switch (f) {
	case KG_FORMAT_CSV:
	case KG_FORMAT_TSV:
		if (o->flags & KG_RENDER_NO_HEADER)
			break;
		if (boolean) {
			kg_writer_puts(w, f == KG_FORMAT_CSV ? "_askResult\r\n"
			                                     : "?_askResult\n");
			break;
		}
		for (size_t i = 0; i < n; i++) {
			if (i)
				kg_writer_puts(w, f == KG_FORMAT_CSV ? "," : "\t");
			if (f == KG_FORMAT_TSV)
				kg_writer_puts(w, "?");
			kg_writer_puts(w, kg_results_name(r, i));
		}
		kg_writer_puts(w, f == KG_FORMAT_CSV ? "\r\n" : "\n");
		break;
	case KG_FORMAT_JSON:
		kg_writer_puts(w, "{ \"head\": { ");
		if (!boolean) {
			kg_writer_puts(w, "\"vars\": [ ");
			for (size_t i = 0; i < n; i++) {
				if (i)
					kg_writer_puts(w, ", ");
				json_string(w, kg_results_name(r, i));
			}
			kg_writer_puts(w, " ] ");
		}
		kg_writer_puts(w, boolean ? "},\n  \"boolean\": "
		                          : "},\n  \"results\": { \"bindings\": [\n");
		break;
	case KG_FORMAT_XML:
		kg_writer_puts(w, "<?xml version=\"1.0\"?>\n<sparql xmlns=\""
		                  "http://www.w3.org/2005/sparql-results#\">\n"
		                  "  <head>\n");
		for (size_t i = 0; !boolean && i < n; i++) {
			kg_writer_puts(w, "    <variable name=\"");
			xml_text(w, kg_results_name(r, i));
			kg_writer_puts(w, "\"/>\n");
		}
		kg_writer_puts(w, boolean ? "  </head>\n  <boolean>"
		                          : "  </head>\n  <results>\n");
		break;
	default:
		break;
	}
}

static void
row(kg_results *r, kg_format f, uint64_t index, kg_writer *w)
{
	size_t n = kg_results_width(r);
	int first = 1;
	if (f == KG_FORMAT_JSON)
		kg_writer_puts(w, index ? ",\n    { " : "    { ");
	else if (f == KG_FORMAT_XML)
		kg_writer_puts(w, "    <result>\n");
	else if (f == KG_FORMAT_LINE && index)
		kg_writer_puts(w, "\n");
	for (size_t i = 0; i < n; i++) {
		const kg_term *t = kg_results_get(r, i);
		const char *name = kg_results_name(r, i);
		switch (f) {
		case KG_FORMAT_CSV:
		case KG_FORMAT_TSV:
			if (i)
				kg_writer_puts(w, f == KG_FORMAT_CSV ? "," : "\t");
			if (t && f == KG_FORMAT_CSV)
				csv_term(w, t);
			else if (t)
				kg_write_nt_term(w, t);
			break;
		case KG_FORMAT_JSON:
			if (!t)
				break;
			if (!first)
				kg_writer_puts(w, ", ");
			first = 0;
			json_string(w, name);
			kg_writer_puts(w, ": ");
			json_term(w, t);
			break;
		case KG_FORMAT_XML:
			if (!t)
				break;
			kg_writer_puts(w, "      <binding name=\"");
			xml_text(w, name);
			kg_writer_puts(w, "\">");
			xml_term(w, t);
			kg_writer_puts(w, "</binding>\n");
			break;
		case KG_FORMAT_LINE:
			kg_writer_puts(w, name);
			kg_writer_puts(w, " = ");
			if (t)
				kg_write_nt_term(w, t);
			kg_writer_puts(w, "\n");
			break;
		default:
			break;
		}
	}
	if (f == KG_FORMAT_CSV)
		kg_writer_puts(w, "\r\n");
	else if (f == KG_FORMAT_TSV)
		kg_writer_puts(w, "\n");
	else if (f == KG_FORMAT_JSON)
		kg_writer_puts(w, " }");
	else if (f == KG_FORMAT_XML)
		kg_writer_puts(w, "    </result>\n");
}

static void
footer(kg_results *r, kg_format f, kg_writer *w)
{
	const char *b = r->boolean ? "true" : "false";
	if (r->kind == KG_RESULTS_BOOLEAN) {
		switch (f) {
		case KG_FORMAT_JSON:
			kg_writer_puts(w, b);
			kg_writer_puts(w, "\n}\n");
			break;
		case KG_FORMAT_XML:
			kg_writer_puts(w, b);
			kg_writer_puts(w, "</boolean>\n</sparql>\n");
			break;
		case KG_FORMAT_CSV:
			kg_writer_puts(w, b);
			kg_writer_puts(w, "\r\n");
			break;
		default:
			kg_writer_puts(w, b);
			kg_writer_puts(w, "\n");
			break;
		}
		return;
	}
	if (f == KG_FORMAT_JSON)
		kg_writer_puts(w, "\n  ] }\n}\n");
	else if (f == KG_FORMAT_XML)
		kg_writer_puts(w, "  </results>\n</sparql>\n");
}

kg_status
kg_write_sparql_results(kg_results *r, kg_format f, const kg_render_options *o,
                        kg_writer *w, uint64_t *rows)
{
	header(r, f, o, w);
	uint64_t n = 0;
	kg_status st = KG_OK;
	while (r->kind != KG_RESULTS_BOOLEAN && !w->failed &&
	       (st = kg_results_next(r)) == KG_OK)
		row(r, f, n++, w);
	if (st == KG_DONE)
		st = KG_OK;
	if (!st)
		footer(r, f, w);
	if (rows)
		*rows = n;
	return st;
}
