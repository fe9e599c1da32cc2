/* template.h: SPARQL text with parameters, for the shell's shortcuts.
 *
 * A template is a SPARQL query whose parameters are written $name (the
 * other spelling of a SPARQL variable, so the file parses on its own).
 * Filling it puts a term in place of each parameter; the terms are made
 * by repl_term_iri() and repl_term_literal(), which escape what they
 * are given, so no text typed by a user reaches the query raw.
 */
#ifndef KG_REPL_TEMPLATE_H
#define KG_REPL_TEMPLATE_H

#include <stddef.h>

typedef struct {
	const char *name;   /* without the '$' */
	const char *term;   /* a SPARQL term: <IRI>, prefixed name, literal */
} repl_param;

/*
 * The text of `tmpl` without its leading comment lines and trailing
 * white space, each $name outside strings, IRIs and comments replaced
 * by the term of params[i].name == name.  Returns a new string, or NULL
 * when out of memory or when a $name has no parameter; then *unknown
 * (if not NULL) points at that name in `tmpl` (NULL: out of memory).
 */
char *repl_template_fill(const char *tmpl, const repl_param *params,
                         size_t n, const char **unknown);

/* `iri` as an IRIREF, <...>, with the characters an IRIREF cannot hold
 * (spaces, controls, <>"{}|^`\) percent-encoded.  A new string or NULL. */
char *repl_term_iri(const char *iri);

/* `s` as a SPARQL string literal, "...", with quotes, backslashes and
 * line breaks escaped, and ^^datatype (a prefixed name or <IRI> the
 * caller wrote) when `datatype` is not NULL.  A new string or NULL. */
char *repl_term_literal(const char *s, const char *datatype);

#endif
