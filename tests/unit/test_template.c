/* test_template.c: the shell's SPARQL templates and the escaped terms
 * put into them, on their own. */
#include "../tap.h"
#include "template.h"

#include <stdlib.h>

/* Fills `tmpl` with one parameter; the result in a static buffer. */
static const char *
fill1(const char *tmpl, const char *name, const char *term)
{
	static char buf[1024];
	repl_param p = {name, term};
	char *s = repl_template_fill(tmpl, &p, 1, NULL);
	if (!s)
		return NULL;
	snprintf(buf, sizeof buf, "%s", s);
	free(s);
	return buf;
}

int
main(void)
{
	TAP_STR(fill1("SELECT * { $x ?p ?o }", "x", "kgr:hts"),
	        "SELECT * { kgr:hts ?p ?o }", "a parameter is replaced");
	TAP_STR(fill1("ASK { $x ?p $x }", "x", "<a>"), "ASK { <a> ?p <a> }",
	        "every use of it");
	TAP_STR(fill1("# what it is for\n# and its $x\n\nASK { $x ?p ?o }\n\n",
	              "x", "<a>"),
	        "ASK { <a> ?p ?o }",
	        "leading comment lines and trailing space are dropped");
	TAP_STR(fill1("ASK { ?x ?p \"$x\" . ?s ?p '$x' . ?s ?p \"\"\"a\"$x\"\"\" }",
	              "x", "<a>"),
	        "ASK { ?x ?p \"$x\" . ?s ?p '$x' . ?s ?p \"\"\"a\"$x\"\"\" }",
	        "not inside strings, long strings, or ?x");
	TAP_STR(fill1("ASK { <http://e/$x> ?p ?o # $x\n FILTER(?o < $x) }", "x",
	              "1"),
	        "ASK { <http://e/$x> ?p ?o # $x\n FILTER(?o < 1) }",
	        "not inside IRIs or comments; '<' as an operator is no IRI");
	TAP_OK(!fill1("ASK { $xy ?p $x }", "x", "<a>"),
	       "$xy is not $x: an unknown parameter fails");
	const char *unknown = NULL;
	repl_param none = {"x", "<a>"};
	char *s = repl_template_fill("ASK { $day }", &none, 1, &unknown);
	TAP_OK(!s && unknown && !strncmp(unknown, "day }", 5),
	       "and names the parameter it lacked");
	free(s);

	char *t = repl_term_iri("https://kg.example.org/id/hama");
	TAP_STR(t, "<https://kg.example.org/id/hama>", "a plain IRI as is");
	free(t);
	t = repl_term_iri("x> } DROP ALL ; <y");
	TAP_STR(t, "<x%3E%20%7D%20DROP%20ALL%20;%20%3Cy>",
	        "an IRI cannot end its own <...>: delimiters percent-encoded");
	free(t);
	t = repl_term_iri("a\"b\\c\nd|e^f`g{");
	TAP_STR(t, "<a%22b%5Cc%0Ad%7Ce%5Ef%60g%7B>",
	        "nor hold what IRIREF forbids");
	free(t);

	t = repl_term_literal("Hama", NULL);
	TAP_STR(t, "\"Hama\"", "a plain literal");
	free(t);
	t = repl_term_literal("2024-12-05", "xsd:date");
	TAP_STR(t, "\"2024-12-05\"^^xsd:date", "a typed literal");
	free(t);
	t = repl_term_literal("a\") } DROP ALL #\\\n", NULL);
	TAP_STR(t, "\"a\\\") } DROP ALL #\\\\\\n\"",
	        "quotes, backslashes and line breaks are escaped");
	free(t);
	t = repl_term_literal("x\"", NULL);
	TAP_STR(fill1("SELECT * { ?s ?p $v }", "v", t),
	        "SELECT * { ?s ?p \"x\\\"\" }", "a literal goes in whole");
	free(t);
	return tap_done();
}
