/* The SPARQL parser: trees printed as S-expressions, errors with line
 * and column, IRI resolution. */
#include "db.h"
#include "sparql/sparql.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static kg_db *db;

/* The S-expression of a query or update, or "ERROR line:col: msg". */
static const char *
parse(const char *text, int update)
{
	static kg_buf out;
	kg_buf_reset(&out);
	kg_db_begin(db);
	kg_status st;
	if (update) {
		kg_sparql_update *u = NULL;
		st = kg_sparql_parse_update(db, text, "http://base/d/f", &u);
		if (!st)
			kg_sparql_update_print(u, &out);
		kg_sparql_update_free(u);
	} else {
		kg_sparql_query *q = NULL;
		st = kg_sparql_parse(db, text, "http://base/d/f", &q);
		if (!st)
			kg_sparql_print(q, &out);
		kg_sparql_free(q);
	}
	if (st)
		kg_buf_printf(&out, "ERROR %d:%d: %s", kg_db_errline(db),
		              kg_db_errcol(db), kg_db_errmsg(db));
	return kg_buf_str(&out);
}

static void
q(const char *text, const char *want)
{
	TAP_STR(parse(text, 0), want, "%s", text);
}

static void
u(const char *text, const char *want)
{
	TAP_STR(parse(text, 1), want, "%s", text);
}

#define EX "PREFIX : <http://ex/> "

static void
test_queries(void)
{
	q("SELECT * { ?s ?p ?o }", "(select * (group (bgp (?s ?p ?o))))");
	q(EX "SELECT DISTINCT ?s WHERE { ?s a :C ; :p 1, -2.5 . }",
	  "(select distinct (?s) (group (bgp "
	  "(?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex/C>) "
	  "(?s <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) "
	  "(?s <http://ex/p> \"-2.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>))))");
	q(EX "SELECT ?x { ?x :p/^:q|!(:r|^a)* ?y }",
	  "(select (?x) (group (bgp (?x (| (/ <http://ex/p> (^ <http://ex/q>)) "
	  "(* (! <http://ex/r> (^ <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)))) ?y))))");
	q("BASE <http://a/b/c/d;p?q> SELECT * { <../g> <g?y#s> <//g> }",
	  "(select * (group (bgp (<http://a/b/g> <http://a/b/c/g?y#s> <http://g>))))");
	q(EX "SELECT ?s (COUNT(DISTINCT ?o) AS ?n) { ?s :p ?o } GROUP BY ?s "
	  "HAVING (COUNT(*) > 1) ORDER BY DESC(?n) ?s LIMIT 5 OFFSET 2",
	  "(select (?s (as ?n (count distinct ?o))) (group (bgp (?s <http://ex/p> ?o))) "
	  "(group-by ?s) (having (> (count *) \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>)) "
	  "(order-by (desc ?n) (asc ?s)) (limit 5) (offset 2))");
	q("SELECT (GROUP_CONCAT(?o; SEPARATOR=\", \") AS ?c) { ?s ?p ?o }",
	  "(select ((as ?c (group_concat ?o (separator \", \")))) (group (bgp (?s ?p ?o))))");
	q(EX "SELECT * { ?s :p ?o OPTIONAL { ?o :q ?z FILTER(?z != 'x'@en) } "
	  "MINUS { ?s :r [] } BIND(?o + 1 AS ?n) }",
	  "(select * (group (bgp (?s <http://ex/p> ?o)) (optional (group (bgp "
	  "(?o <http://ex/q> ?z)) (filter (!= ?z \"x\"@en)))) (minus (group (bgp "
	  "(?s <http://ex/r> _:-1)))) (bind ?n (+ ?o \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>))))");
	q("SELECT * { { ?s ?p 1 } UNION { SELECT ?s { ?s ?q 2 } LIMIT 1 } "
	  "GRAPH ?g { ?s ?p ?o } }",
	  "(select * (group (union (group (bgp (?s ?p \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>))) "
	  "(group (subquery (select (?s) (group (bgp (?s ?q \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>))) (limit 1))))) "
	  "(graph ?g (group (bgp (?s ?p ?o))))))");
	q("ASK { ?s ?p ( 1 ?x ) FILTER NOT EXISTS { ?s ?p ?x } "
	  "FILTER (?x NOT IN (1, 2) && regex(str(?s), '^a', 'i')) }",
	  "(ask (group (bgp (_:-1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
	  "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) (_:-1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:-2) "
	  "(_:-2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?x) "
	  "(_:-2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>) (?s ?p _:-1)) "
	  "(filter (notexists (group (bgp (?s ?p ?x))))) (filter (&& (notin ?x "
	  "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>) "
	  "(regex (str ?s) \"^a\" \"i\")))))");
	q(EX "CONSTRUCT WHERE { ?s :p ?o }",
	  "(construct (template (?s <http://ex/p> ?o)) (group (bgp (?s <http://ex/p> ?o))))");
	q("DESCRIBE <x> ?y FROM <g> FROM NAMED <h>",
	  "(describe (<http://base/d/x> ?y) (from <http://base/d/g>) (from-named <http://base/d/h>))");
	q("SELECT * { VALUES (?a ?b) { (1 UNDEF) (<u> \"z\"^^<t>) } } VALUES ?c { true }",
	  "(select * (group (values (?a ?b) (\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> undef) "
	  "(<http://base/d/u> \"z\"^^<http://base/d/t>))) (values (?c) "
	  "(\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>)))");
	q("SELECT * { SERVICE SILENT <http://s> { ?s ?p ?o } }",
	  "(select * (group (service silent <http://s> (group (bgp (?s ?p ?o))))))");
	q("PREFIX e: <http://ex/> SELECT (e:f(?x, 2) AS ?y) { ?x ?p e:a\\.b }",
	  "(select ((as ?y (call <http://ex/f> ?x \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>))) "
	  "(group (bgp (?x ?p <http://ex/a.b>))))");
}

static void
test_updates(void)
{
	u(EX "INSERT DATA { :a :b 'c' . GRAPH :g { :a :b :d } } ; "
	  "DELETE WHERE { ?s :p ?o } ; CLEAR SILENT ALL",
	  "(update (insert-data (quads (<http://ex/a> <http://ex/b> \"c\") "
	  "(quad <http://ex/g> <http://ex/a> <http://ex/b> <http://ex/d>))) "
	  "(delete-where (quads (?s <http://ex/p> ?o))) (clear silent all))");
	u(EX "WITH :g DELETE { ?s :p ?o } INSERT { ?s :q _:n } USING :u "
	  "USING NAMED :v WHERE { ?s :p ?o }",
	  "(update (modify (with <http://ex/g>) (delete (?s <http://ex/p> ?o)) "
	  "(insert (?s <http://ex/q> _:n)) (using <http://ex/u>) "
	  "(using-named <http://ex/v>) (group (bgp (?s <http://ex/p> ?o)))))");
	u("LOAD SILENT <http://x> INTO GRAPH <http://g>; COPY DEFAULT TO <http://h>;"
	  " DROP GRAPH <http://g> ;",
	  "(update (load silent <http://x> (into <http://g>)) "
	  "(copy default <http://h>) (drop <http://g>))");
	u("", "(update)");
}

static void
test_errors(void)
{
	q("SELECT * {\n  ?s ?p ?o\n  FILTR(?o)\n}",
	  "ERROR 3:3: expected '}', found 'FILTR'");
	q("SELECT * { ?s ?p ?o . ?s ?p }",
	  "ERROR 1:29: expected an object, found '}'");
	q("SELECT * { ?s ex:p ?o }", "ERROR 1:15: undefined prefix 'ex:'");
	q("SELECT ?x\n  (1 AS ?x) {}", "ERROR 2:3: SELECT (... AS ?x): ?x is already in scope");
	q("SELECT ?o { ?s ?p ?o } GROUP BY ?s",
	  "ERROR 1:8: ?o is projected but neither grouped nor aggregated");
	q("SELECT * { ?s ?p ?o BIND(1 AS ?o) }",
	  "ERROR 1:31: BIND to ?o, which is already in scope in this group");
	q("SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }",
	  "ERROR 1:28: aggregate COUNT is allowed only in SELECT, HAVING and ORDER BY");
	q("SELECT * { _:a ?p ?o OPTIONAL { _:a ?q 1 } }",
	  "ERROR 1:33: blank node _:a is used in two different graph patterns or operations");
	q("SELECT * { ?s ?p 'abc\n' }",
	  "ERROR 1:22: line break in a one-line string (use \"\"\" or \\n)");
	q("SELECT (SUBSTR(?x) AS ?y) {}",
	  "ERROR 1:9: SUBSTR takes 2 to 3 arguments, not 1");
	q("SELECT * { VALUES (?a ?b) { (1) } }",
	  "ERROR 1:29: a VALUES row has 1 values for 2 variables");
	q("SELECT * WHERE { VALUES (?a ?a) { (1 1) } }",
	  "ERROR 1:29: ?a appears twice in the VALUES variables");
	q("SELECT * {}\nVALUES (?a ?b\n  ?c ?b) {}",
	  "ERROR 3:6: ?b appears twice in the VALUES variables");
	q("PREFIX ex: <http://example.com:>\nSELECT * { ?s ex:p ?o }",
	  "ERROR 2:15: <http://example.com:p> is not a valid IRI: its port is not digits");
	q("PREFIX ex: <http://example.com:>\nSELECT * { ?s ?p ex: }",
	  "(select * (group (bgp (?s ?p <http://example.com:>))))");
	q("PREFIX ex: <http://example.com:80> SELECT * { ?s ?p ex:0 }",
	  "(select * (group (bgp (?s ?p <http://example.com:800>))))");
	q("SELECT * { ?s ?p <http://u:pw@[::1]:8080/x>, <//h:8a/> }",
	  "ERROR 1:46: <http://h:8a/> is not a valid IRI: its port is not digits");
	q("SELECT * { ?s ?p <http://[::1/> }",
	  "ERROR 1:18: <http://[::1/> is not a valid IRI: its host has '[' without ']'");
	u("INSERT DATA { ?s <p> <o> }",
	  "ERROR 1:15: variables are not allowed in INSERT DATA");
	u("DELETE DATA { _:a <p> <o> }",
	  "ERROR 1:15: blank nodes are not allowed in DELETE DATA");
	u("INSERT DATA { _:a <p> <o> } ; INSERT DATA { _:a <p> <o> }",
	  "ERROR 1:45: blank node _:a is used in two different graph patterns or operations");
	u("CLEAR GRAPH <g> ;;", "ERROR 1:18: expected an update operation (INSERT, DELETE, "
	  "LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH), found ';'");
}

static void
test_resolve(void)
{
	/* RFC 3986 section 5.4 */
	static const char *const cases[][2] = {
		{"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"},
		{"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"}, {"//g", "http://g"},
		{"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"},
		{"#s", "http://a/b/c/d;p?q#s"}, {"", "http://a/b/c/d;p?q"},
		{".", "http://a/b/c/"}, {"..", "http://a/b/"},
		{"../..", "http://a/"}, {"../../../g", "http://a/g"},
		{"/./g", "http://a/g"}, {"g.", "http://a/b/c/g."},
		{"g;x=1/../y", "http://a/b/c/y"}, {"http:g", "http:g"},
	};
	kg_buf out = {0};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kg_sparql_iri_resolve("http://a/b/c/d;p?q", cases[i][0], &out);
		TAP_STR(kg_buf_str(&out), cases[i][1], "resolve '%s'", cases[i][0]);
	}
	kg_buf_free(&out);
}

/* `unit` n times between `head` and `tail`, in a static buffer. */
static const char *
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	static kg_buf b;
	kg_buf_reset(&b);
	kg_buf_puts(&b, head);
	for (size_t i = 0; i < n; i++)
		kg_buf_puts(&b, unit);
	kg_buf_puts(&b, tail);
	return kg_buf_str(&b);
}

/* Inputs the fuzzer (fuzz/fuzz_sparql) found. */
static void
test_fuzz_found(void)
{
	/* Left-deep operator chains are built in a loop, not by recursion:
	 * their height must be capped too, or printing (and checking, and
	 * evaluating) the tree overflows the stack. */
	TAP_STR(parse(repeat("SELECT * { FILTER(?a", " + ?a", 1000, ") }"), 0),
	        "ERROR 1:2012: expression nested deeper than 400 levels",
	        "a chain of 1000 additions is too deep");
	TAP_STR(parse(repeat("SELECT * { FILTER(?a", " || ?a", 1000, ") }"), 0),
	        "ERROR 1:2410: expression nested deeper than 400 levels",
	        "a chain of 1000 || is too deep");
	TAP_STR(parse(repeat("SELECT (?a", " * ?a", 1000, " AS ?x) {} GROUP BY ?b"), 0),
	        "ERROR 1:2007: expression nested deeper than 400 levels",
	        "a chain of 1000 products in SELECT is too deep");
	const char *ok = parse(repeat("SELECT * { FILTER(?a", " + ?a", 300, ") }"), 0);
	TAP_OK(!strncmp(ok, "(select * (group (filter (+ (+ ", 31),
	       "a chain of 300 additions parses: %.40s", ok);
	/* BIND built the scope of every earlier element of the group, as a
	 * list searched linearly, for each BIND: cubic time. */
	kg_buf binds = {0};
	kg_buf_puts(&binds, "SELECT * {");
	for (unsigned i = 0; i < 3000; i++)
		kg_buf_printf(&binds, " BIND(1 AS ?x%u)", i);
	kg_buf_puts(&binds, " }");
	clock_t t0 = clock();
	ok = parse(kg_buf_str(&binds), 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	TAP_OK(!strncmp(ok, "(select * (group (bind ?x0 ", 27) && secs < 10,
	       "3000 BINDs in a group parse in %.2f s: %.40s", secs, ok);
	kg_buf_free(&binds);
	q("SELECT * { BIND(1 AS ?a) BIND(2 AS ?b) OPTIONAL { ?a ?p ?c } BIND(3 AS ?c) }",
	  "ERROR 1:72: BIND to ?c, which is already in scope in this group");
	q("SELECT * { {SELECT * { ?a ?b ?c } VALUES ?v { 1 }} BIND(2 AS ?v) }",
	  "ERROR 1:62: BIND to ?v, which is already in scope in this group");
	q("SELECT * { GRAPH ?g {} MINUS { ?m ?n ?o } BIND(2 AS ?m) BIND(1 AS ?g) }",
	  "ERROR 1:67: BIND to ?g, which is already in scope in this group");
	/* An overlong UTF-8 form (C0 B1 for '1') decoded as ASCII, and a
	 * collection spun on it until memory ran out. */
	q("SELECT*WHERE{(\xc0\xb1", "ERROR 1:15: malformed UTF-8");
	q("SELECT * { ?s ?p '\xed\xa0\x80' }", "ERROR 1:19: malformed UTF-8 in a string");
	q("SELECT * { ?s ?p '\xf4\x90\x80\x80' }", "ERROR 1:19: malformed UTF-8 in a string");
}

int
main(void)
{
	if (kg_db_open("memory", 0, &db)) {
		printf("Bail out! cannot open a memory store\n");
		return 1;
	}
	test_queries();
	test_updates();
	test_errors();
	test_resolve();
	test_fuzz_found();
	kg_sparql_free(NULL);
	kg_sparql_update_free(NULL);
	TAP_OK(1, "kg_sparql_free(NULL), kg_sparql_update_free(NULL)");
	kg_db_close(db);
	return tap_done();
}
