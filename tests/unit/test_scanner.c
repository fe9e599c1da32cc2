/* test_scanner.c: the shell's statement scanner, on its own. */
#include "../tap.h"
#include "scanner.h"

/* Feeds `text` in pieces of `step` bytes; returns how many bytes make
 * the first statement (0 if it is not complete). */
static size_t
scan(const char *text, size_t step, repl_scanner *s)
{
	size_t len = strlen(text), at = 0;
	repl_scan_init(s);
	while (at < len && !repl_scan_complete(s)) {
		size_t n = len - at < step ? len - at : step;
		at += repl_scan(s, text + at, n);
		if (!repl_scan_complete(s) && n < step)
			break;
	}
	return repl_scan_complete(s) ? at : 0;
}

/* The same answer for every way of splitting the input. */
static int
ends_at(const char *text, size_t want)
{
	repl_scanner s;
	for (size_t step = 1; step <= strlen(text) + 1; step++)
		if (scan(text, step, &s) != want) {
			printf("#   step %zu: got %zu, want %zu\n", step,
			       scan(text, step, &s), want);
			return 0;
		}
	return 1;
}

static const char *
open_of(const char *text)
{
	static char buf[16];
	repl_scanner s;
	scan(text, 1000, &s);
	return repl_scan_describe(&s, buf, sizeof buf);
}

int
main(void)
{
	repl_scanner s;

	TAP_OK(ends_at("ASK {};", 7), "';' ends a statement");
	TAP_OK(ends_at("ASK {}; SELECT", 7), "and stops just after it");
	TAP_OK(ends_at("SELECT * WHERE { ?s ?p ?o ; ?q ?r };", 36),
	       "';' inside {} is SPARQL, not an end");
	TAP_OK(ends_at("SELECT (CONCAT(?a, \";\") AS ?x) {};", 34),
	       "';' inside a string and ()");
	TAP_OK(ends_at("ASK { FILTER(?x = 'a;b') };", 27), "in a '...' string");
	TAP_OK(ends_at("ASK { FILTER(?x = \"a\\\";\") };", 28),
	       "an escaped quote does not end the string");
	TAP_OK(ends_at("ASK { ?s ?p \"\"\"one;\n\ntwo\";\"\"\" };", 32),
	       "a \"\"\" long string may hold ';', quotes and blank lines");
	TAP_OK(ends_at("ASK { ?s ?p '''x;'' ;''' };", 27),
	       "a ''' long string");
	TAP_OK(ends_at("ASK { ?s ?p \"\" };", 17), "an empty string");
	TAP_OK(ends_at("ASK { <http://x/#a;b> ?p ?o };", 30),
	       "'#' and ';' inside an IRI");
	TAP_OK(ends_at("ASK { ?s ?p ?o } # a comment; not the end\n;", 43),
	       "';' inside a comment");
	TAP_OK(ends_at("ASK { FILTER(?a < 3) } ;", 24),
	       "'<' as less-than is not an IRI");
	TAP_OK(ends_at("ASK { ?s ?p ?o }\n\n", 18), "a blank line ends it");
	TAP_OK(ends_at("ASK { ?s ?p ?o }\n  \t\nmore", 21),
	       "a line of spaces is blank");
	TAP_OK(ends_at("# only a comment\n\nASK", 0),
	       "a blank line after only comments ends nothing");
	TAP_OK(ends_at("ASK { ?s ?p \"\"\"x\n\n\"\"\" };", 24),
	       "a blank line inside a long string does not end it");
	TAP_OK(ends_at("ASK { ?s ?p ?o ", 0), "unterminated braces");
	TAP_OK(ends_at("ASK { ?s ?p \"\"\"x;", 0), "unterminated long string");
	TAP_OK(ends_at("ASK }};", 7), "unbalanced closers do not hang it");

	scan("ASK { ?s ?p ?o", 3, &s);
	TAP_OK(repl_scan_is_open(&s) && repl_scan_has_code(&s),
	       "open and holding code");
	scan("  # just a comment\n", 3, &s);
	TAP_OK(!repl_scan_has_code(&s) && !repl_scan_is_open(&s),
	       "comments and spaces are not code");

	TAP_STR(open_of("SELECT"), "", "nothing open");
	TAP_STR(open_of("SELECT ?x WHERE {"), "{", "an open {");
	TAP_STR(open_of("SELECT (COUNT(?x"), "((", "two open (");
	TAP_STR(open_of("ASK { ?s ?p [ "), "{[", "{ then [");
	TAP_STR(open_of("ASK { ?s ?p \"\"\"a"), "\"\"\"", "an open \"\"\"");
	TAP_STR(open_of("ASK { ?s ?p '"), "'", "an open '");

	char deep[200];
	memset(deep, '{', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	scan(deep, 7, &s);
	TAP_OK(repl_scan_is_open(&s) && !repl_scan_complete(&s),
	       "nesting deeper than the scanner's memory");

	/* Which statements are updates. */
	TAP_OK(repl_is_update("INSERT DATA { <a> <b> <c> }"), "INSERT DATA");
	TAP_OK(repl_is_update("  # a comment\n delete where { ?s ?p ?o }"),
	       "delete, after a comment, in lower case");
	TAP_OK(repl_is_update("PREFIX ex: <http://e/>\nBASE <http://b/>\n"
	                      "PREFIX : <http://x/> WITH ex:g DELETE {} WHERE {}"),
	       "WITH after the prologue");
	TAP_OK(repl_is_update("LOAD <file:///x.ttl>") &&
	       repl_is_update("CLEAR ALL") && repl_is_update("DROP GRAPH <g>") &&
	       repl_is_update("CREATE GRAPH <g>") && repl_is_update("ADD <a> TO <b>") &&
	       repl_is_update("MOVE <a> TO <b>") && repl_is_update("COPY <a> TO <b>"),
	       "LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY");
	TAP_OK(!repl_is_update("SELECT * { ?s <http://e/insert> ?o }"),
	       "a query is no update");
	TAP_OK(!repl_is_update("PREFIX insert: <http://e/> ASK {}"),
	       "a prefix named like a keyword is no update");
	TAP_OK(!repl_is_update("INSERTED"), "a longer word is no keyword");
	return tap_done();
}
