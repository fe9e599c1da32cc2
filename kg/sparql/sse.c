/* sse.c: shared S-expression output (see sse.h). */
#include "sparql/sse.h"

#include <string.h>

void
kg_sse_put(kg_sse *pr, const char *s)
{
	if (kg_buf_puts(pr->out, s))
		pr->err = 1;
}

void
kg_sse_putn(kg_sse *pr, const char *s, size_t n)
{
	if (kg_buf_put(pr->out, s, n))
		pr->err = 1;
}

void
kg_sse_lower(kg_sse *pr, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		kg_sse_putn(pr, &c, 1);
	}
}

void
kg_sse_quoted(kg_sse *pr, const char *s)
{
	kg_sse_put(pr, "\"");
	for (; *s; s++) {
		switch (*s) {
		case '"': kg_sse_put(pr, "\\\""); break;
		case '\\': kg_sse_put(pr, "\\\\"); break;
		case '\n': kg_sse_put(pr, "\\n"); break;
		case '\r': kg_sse_put(pr, "\\r"); break;
		case '\t': kg_sse_put(pr, "\\t"); break;
		default: kg_sse_putn(pr, s, 1); break;
		}
	}
	kg_sse_put(pr, "\"");
}

void
kg_sse_iri(kg_sse *pr, const char *iri)
{
	kg_sse_put(pr, "<");
	kg_sse_put(pr, iri);
	kg_sse_put(pr, ">");
}

void
kg_sse_term(kg_sse *pr, const kg_sparql_term *t)
{
	switch (t->kind) {
	case KG_SPARQL_TERM_NONE:
		kg_sse_put(pr, "undef");
		break;
	case KG_SPARQL_TERM_IRI:
		kg_sse_iri(pr, t->value);
		break;
	case KG_SPARQL_TERM_LITERAL:
		kg_sse_quoted(pr, t->value);
		if (t->lang) {
			kg_sse_put(pr, "@");
			kg_sse_put(pr, t->lang);
		} else if (t->datatype) {
			kg_sse_put(pr, "^^");
			kg_sse_iri(pr, t->datatype);
		}
		break;
	case KG_SPARQL_TERM_BLANK:
		kg_sse_put(pr, "_:");
		kg_sse_put(pr, t->value);
		break;
	case KG_SPARQL_TERM_VAR:
		kg_sse_put(pr, "?");
		kg_sse_put(pr, t->value);
		break;
	}
}

void
kg_sse_expr_open(kg_sse *pr, kg_sparql_op op, const char *iri, int distinct,
                 size_t n_args)
{
	kg_sse_put(pr, "(");
	kg_sse_lower(pr, kg_sparql_op_name(op));
	if (op == KG_SPARQL_EX_FUNCTION) {
		kg_sse_put(pr, " ");
		kg_sse_iri(pr, iri);
	}
	if (distinct)
		kg_sse_put(pr, " distinct");
	if (op == KG_SPARQL_EX_COUNT && !n_args)
		kg_sse_put(pr, " *");
}

void
kg_sse_expr_separator(kg_sse *pr, const char *separator)
{
	if (!separator)
		return;
	kg_sse_put(pr, " (separator ");
	kg_sse_quoted(pr, separator);
	kg_sse_put(pr, ")");
}
