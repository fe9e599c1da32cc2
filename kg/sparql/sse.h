/* sse.h: the pieces of S-expression output that the syntax tree's
 * printer (ast.c) and the algebra's (algebra_print.c) share: text,
 * quoted strings, IRIs and terms, written to a kg_buf. */
#ifndef KG_SPARQL_SSE_H
#define KG_SPARQL_SSE_H

#include "buf.h"
#include "sparql/ast.h"

typedef struct {
	kg_buf *out;
	int err; /* set when memory ran out; output is then incomplete */
} kg_sse;

void kg_sse_put(kg_sse *pr, const char *s);
void kg_sse_putn(kg_sse *pr, const char *s, size_t n);
/* `s` with ASCII letters in lower case (built-in names). */
void kg_sse_lower(kg_sse *pr, const char *s);
/* `s` in double quotes, with \" \\ \n \r \t escaped. */
void kg_sse_quoted(kg_sse *pr, const char *s);
void kg_sse_iri(kg_sse *pr, const char *iri);
/* <iri>, "literal"@lang or ^^<type>, _:label, ?var, or undef. */
void kg_sse_term(kg_sse *pr, const kg_sparql_term *t);

/* An expression's opening: "(name", then " <iri>" for a function call,
 * " distinct", and " *" for COUNT(*) (`n_args` 0).  Its arguments and
 * any pattern follow; kg_sse_expr_close() ends it. */
void kg_sse_expr_open(kg_sse *pr, kg_sparql_op op, const char *iri,
                      int distinct, size_t n_args);
/* " (separator "...")" when `separator` is set (GROUP_CONCAT). */
void kg_sse_expr_separator(kg_sse *pr, const char *separator);

#endif
