/* The translation to the SPARQL algebra, SPARQL 1.1 section 18.2: each
 * query with the algebra worked out by hand from the specification's
 * rules and examples (18.2.2 graph patterns, 18.2.2.4 paths, 18.2.2.8
 * simplification, 18.2.4 grouping, aggregates, HAVING, VALUES and
 * select expressions, 18.2.5 solution modifiers). */
#include "db.h"
#include "sparql/sparql.h"
#include "sparql/algebra.h"
#include "../tap.h"

#include <stdlib.h>

static kg_db *db;

/* The algebra of a query or update, or "ERROR ...". */
static const char *
algebra(const char *text, int update)
{
	static kg_buf out;
	kg_buf_reset(&out);
	kg_db_begin(db);
	kg_status st;
	int bad = 0;
	if (update) {
		kg_sparql_update *u = NULL;
		kg_alg_update *au = NULL;
		st = kg_sparql_parse_update(db, text, NULL, &u);
		if (!st)
			bad = kg_alg_translate_update(u, &au) ||
			      kg_alg_update_print(au, &out);
		kg_alg_update_free(au);
		kg_sparql_update_free(u);
	} else {
		kg_sparql_query *q = NULL;
		kg_alg_query *aq = NULL;
		st = kg_sparql_parse(db, text, NULL, &q);
		if (!st)
			bad = kg_alg_translate(q, &aq) ||
			      kg_alg_query_print(aq, &out);
		kg_alg_query_free(aq);
		kg_sparql_free(q);
	}
	if (st)
		kg_buf_printf(&out, "ERROR %d:%d: %s", kg_db_errline(db),
		              kg_db_errcol(db), kg_db_errmsg(db));
	else if (bad)
		kg_buf_puts(&out, "ERROR no memory");
	return kg_buf_str(&out);
}

static void
q(const char *text, const char *want)
{
	TAP_STR(algebra(text, 0), want, "%s", text);
}

static void
u(const char *text, const char *want)
{
	TAP_STR(algebra(text, 1), want, "%s", text);
}

#define EX "PREFIX : <http://ex/> "
#define P(x) "<http://ex/" #x ">"
#define INT(n) "\"" #n "\"^^<http://www.w3.org/2001/XMLSchema#integer>"
#define RDF(x) "<http://www.w3.org/1999/02/22-rdf-syntax-ns#" #x ">"
#define T(s, p, o) "(triple " s " " p " " o ")"

/* 18.2.2.2, 18.2.2.6, 18.2.2.7: groups, filters, OPTIONAL, BIND, ... */
static void
test_groups(void)
{
	q(EX "SELECT ?s { ?s :p ?o }",
	  "(project (?s) (tolist (bgp " T("?s", P(p), "?o") ")))");
	/* a FILTER applies to the whole group wherever it is written */
	q(EX "SELECT * { FILTER(?o > 1) ?s :p ?o OPTIONAL { ?s :q ?z } }",
	  "(project (?s ?o ?z) (tolist (filter (> ?o " INT(1) ") "
	  "(leftjoin (bgp " T("?s", P(p), "?o") ") (bgp " T("?s", P(q), "?z")
	  ") true))))");
	/* the filters of a group become one conjunction; the triples they
	 * separated are adjacent once they are gone: one BGP */
	q(EX "SELECT * { ?s :p ?o FILTER(?o) ?s :q ?z FILTER(BOUND(?z)) }",
	  "(project (?s ?o ?z) (tolist (filter (&& ?o (bound ?z)) (bgp "
	  T("?s", P(p), "?o") " " T("?s", P(q), "?z") "))))");
	q(EX "SELECT * { ?s :p ?o FILTER(?o > 1) FILTER(?o < 9) FILTER(isIRI(?s)) }",
	  "(project (?s ?o) (tolist (filter (&& (> ?o " INT(1) ") (< ?o " INT(9)
	  ") (isiri ?s)) (bgp " T("?s", P(p), "?o") "))))");
	/* 18.2.3: OPTIONAL with a FILTER inside is LeftJoin with it */
	q(EX "SELECT * { ?s :p1 ?v1 OPTIONAL { ?s :p2 ?v2 FILTER(?v1 < 3) } }",
	  "(project (?s ?v1 ?v2) (tolist (leftjoin (bgp " T("?s", P(p1), "?v1")
	  ") (bgp " T("?s", P(p2), "?v2") ") (< ?v1 " INT(3) "))))");
	/* a filter one group deeper is not the OPTIONAL's: Translate(P) is
	 * Join(Z, Filter(...)), simplified only at the end */
	q(EX "SELECT * { ?s :p ?o OPTIONAL { { ?s :q ?z FILTER(?z) } } }",
	  "(project (?s ?o ?z) (tolist (leftjoin (bgp " T("?s", P(p), "?o")
	  ") (filter ?z (bgp " T("?s", P(q), "?z") ")) true)))");
	/* 18.2.3: two OPTIONALs nest to the left */
	q(EX "SELECT * { ?s :p1 ?v1 OPTIONAL {?s :p2 ?v2 } OPTIONAL { ?s :p3 ?v3 } }",
	  "(project (?s ?v1 ?v2 ?v3) (tolist (leftjoin (leftjoin (bgp "
	  T("?s", P(p1), "?v1") ") (bgp " T("?s", P(p2), "?v2") ") true) (bgp "
	  T("?s", P(p3), "?v3") ") true)))");
	/* 18.2.3: BIND extends what precedes it; later triples join */
	q(EX "SELECT * { ?s :p ?v . BIND (2*?v AS ?v2) ?s :p1 ?v2 }",
	  "(project (?s ?v ?v2) (tolist (join (extend (?v2 (* " INT(2)
	  " ?v)) (bgp " T("?s", P(p), "?v") ")) (bgp " T("?s", P(p1), "?v2")
	  "))))");
	q("SELECT ?x { BIND(1 AS ?x) }",
	  "(project (?x) (tolist (extend (?x " INT(1) ") (bgp))))");
	/* 18.2.3: UNION of three, left-associated, Join(Z, A) simplified */
	q(EX "SELECT * { { ?s :p1 ?v1 } UNION { ?s :p2 ?v2 } UNION { ?s :p3 ?v3 } }",
	  "(project (?s ?v1 ?v2 ?v3) (tolist (union (union (bgp "
	  T("?s", P(p1), "?v1") ") (bgp " T("?s", P(p2), "?v2") ")) (bgp "
	  T("?s", P(p3), "?v3") "))))");
	q(EX "SELECT * { {?s :p1 ?v1} UNION {?s :p2 ?v2} OPTIONAL {?s :p3 ?v3} }",
	  "(project (?s ?v1 ?v2 ?v3) (tolist (leftjoin (union (bgp "
	  T("?s", P(p1), "?v1") ") (bgp " T("?s", P(p2), "?v2") ")) (bgp "
	  T("?s", P(p3), "?v3") ") true)))");
	/* a nested group is joined */
	q(EX "SELECT * { ?s :p ?o { ?o :q ?z } }",
	  "(project (?s ?o ?z) (tolist (join (bgp " T("?s", P(p), "?o")
	  ") (bgp " T("?o", P(q), "?z") "))))");
	/* 18.2.3: MINUS; its right side's variables are not visible */
	q(EX "SELECT * { ?s :p ?v . MINUS {?s :p1 ?v2 } }",
	  "(project (?s ?v) (tolist (minus (bgp " T("?s", P(p), "?v")
	  ") (bgp " T("?s", P(p1), "?v2") "))))");
	q(EX "SELECT * { GRAPH ?g { ?s :p ?o } }",
	  "(project (?g ?s ?o) (tolist (graph ?g (bgp " T("?s", P(p), "?o")
	  "))))");
	q(EX "SELECT * { ?s :p ?o GRAPH :g { ?s :q ?z } }",
	  "(project (?s ?o ?z) (tolist (join (bgp " T("?s", P(p), "?o")
	  ") (graph " P(g) " (bgp " T("?s", P(q), "?z") ")))))");
	q("SELECT * { SERVICE SILENT <http://remote/> { ?s ?p ?o } }",
	  "(project (?s ?p ?o) (tolist (service silent <http://remote/> (bgp "
	  T("?s", "?p", "?o") "))))");
	/* VALUES inside a group: Join with the table */
	q(EX "SELECT * { ?s :p ?o VALUES ?o { 1 UNDEF } }",
	  "(project (?s ?o) (tolist (join (bgp " T("?s", P(p), "?o")
	  ") (table (?o) (row " INT(1) ") (row undef)))))");
	/* 18.2.3: a subquery is ToMultiSet of its own translation */
	q(EX "SELECT * { ?s :p ?o . {SELECT DISTINCT ?o {?o ?p ?z} } }",
	  "(project (?s ?o) (tolist (join (bgp " T("?s", P(p), "?o")
	  ") (tomultiset (distinct (project (?o) (tolist (bgp "
	  T("?o", "?p", "?z") "))))))))");
	/* 18.2.2.2: NOT EXISTS { P } is fn:not(exists(translate(P))) */
	q(EX "ASK { ?s :p 1 FILTER NOT EXISTS { ?s :q ?z } }",
	  "(ask (tolist (filter (! (exists (bgp " T("?s", P(q), "?z")
	  "))) (bgp " T("?s", P(p), INT(1)) "))))");
	q("SELECT * {}", "(project () (tolist (bgp)))");
}

/* 18.2.2.3, 18.2.2.4 */
static void
test_paths(void)
{
	/* a sequence of links: triples through fresh variables */
	q(EX "SELECT * { ?s :p/:q ?o }",
	  "(project (?s ?o) (tolist (bgp " T("?s", P(p), "?.p1") " "
	  T("?.p1", P(q), "?o") ")))");
	q(EX "SELECT * { ?s :a/:b/:c ?o }",
	  "(project (?s ?o) (tolist (bgp " T("?s", P(a), "?.p1") " "
	  T("?.p1", P(b), "?.p2") " " T("?.p2", P(c), "?o") ")))");
	/* the inverse of a link is the reversed triple */
	q(EX "SELECT * { ?s ^:p ?o }",
	  "(project (?o ?s) (tolist (bgp " T("?o", P(p), "?s") ")))");
	q(EX "SELECT * { ?s :p/^:q ?o }",
	  "(project (?s ?o) (tolist (bgp " T("?s", P(p), "?.p1") " "
	  T("?o", P(q), "?.p1") ")))");
	q(EX "SELECT * { ?s :p* ?o }",
	  "(project (?s ?o) (tolist (path ?s (ZeroOrMorePath (link " P(p)
	  ")) ?o)))");
	q(EX "SELECT * { ?s :p+ ?o }",
	  "(project (?s ?o) (tolist (path ?s (OneOrMorePath (link " P(p)
	  ")) ?o)))");
	q(EX "SELECT * { ?s :p? ?o }",
	  "(project (?s ?o) (tolist (path ?s (ZeroOrOnePath (link " P(p)
	  ")) ?o)))");
	q(EX "SELECT * { ?s :p|:q ?o }",
	  "(project (?s ?o) (tolist (path ?s (alt (link " P(p) ") (link "
	  P(q) ")) ?o)))");
	q(EX "SELECT * { ?s ^(:p/:q) ?o }",
	  "(project (?s ?o) (tolist (path ?s (inv (seq (link " P(p)
	  ") (link " P(q) "))) ?o)))");
	/* 18.2.2.3: the three forms of a negated property set */
	q(EX "SELECT * { ?s !(:p|:q) ?o }",
	  "(project (?s ?o) (tolist (path ?s (NPS " P(p) " " P(q) ") ?o)))");
	q(EX "SELECT * { ?s !^:p ?o }",
	  "(project (?s ?o) (tolist (path ?s (inv (NPS " P(p) ")) ?o)))");
	q(EX "SELECT * { ?s !(:p|^:q|:r) ?o }",
	  "(project (?s ?o) (tolist (path ?s (alt (NPS " P(p) " " P(r)
	  ") (inv (NPS " P(q) "))) ?o)))");
	/* the example of 18.2.2.4: a list member through rdf:rest and rdf:first */
	q(EX "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
	  "SELECT ?member { :list rdf:rest*/rdf:first ?member }",
	  "(project (?member) (tolist (join (path " P(list)
	  " (ZeroOrMorePath (link " RDF(rest) ")) ?.p1) (bgp "
	  T("?.p1", RDF(first), "?member") "))))");
	/* a Path ends the run of triples: BGP, Path, BGP joined in order */
	q(EX "SELECT * { ?s :p ?o ; :q* ?z . ?z :r ?w }",
	  "(project (?s ?o ?z ?w) (tolist (join (join (bgp " T("?s", P(p), "?o")
	  ") (path ?s (ZeroOrMorePath (link " P(q) ")) ?z)) (bgp "
	  T("?z", P(r), "?w") "))))");
}

/* 18.2.4, 18.2.5 */
static void
test_modifiers(void)
{
	/* 18.2.4.1's example: agg1 is the SUM, agg2 the COUNT */
	q("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
	  "SELECT (SUM(?val) AS ?sum) (COUNT(?a) AS ?count) "
	  "WHERE { ?a rdf:value ?val . } GROUP BY ?a",
	  "(project (?sum ?count) (tolist (extend (?count ?.agg2) (extend "
	  "(?sum ?.agg1) (aggregatejoin ((aggregation ?.agg1 (sum ?val)) "
	  "(aggregation ?.agg2 (count ?a))) (group (?a) (bgp "
	  T("?a", RDF(value), "?val") ")))))))");
	/* a projected group variable is Sample(V), its pair first in E */
	q(EX "SELECT ?s (COUNT(?o) AS ?n) { ?s :p ?o } GROUP BY ?s",
	  "(project (?s ?n) (tolist (extend (?n ?.agg1) (extend (?s ?.agg2) "
	  "(aggregatejoin ((aggregation ?.agg1 (count ?o)) (aggregation ?.agg2 "
	  "(sample ?s))) (group (?s) (bgp " T("?s", P(p), "?o") ")))))))");
	/* an unaggregated variable inside a select expression is sampled */
	q(EX "SELECT (STR(?s) AS ?k) (COUNT(DISTINCT ?o) AS ?n) { ?s :p ?o } "
	  "GROUP BY ?s",
	  "(project (?k ?n) (tolist (extend (?n ?.agg2) (extend (?k (str "
	  "?.agg1)) (aggregatejoin ((aggregation ?.agg1 (sample ?s)) "
	  "(aggregation ?.agg2 (count distinct ?o))) (group (?s) (bgp "
	  T("?s", P(p), "?o") ")))))))");
	/* GROUP BY with a named and an unnamed expression */
	q(EX "SELECT ?y (AVG(?v) AS ?a) { ?s :v ?v ; :d ?d } "
	  "GROUP BY (YEAR(?d) AS ?y) (STR(?s))",
	  "(project (?y ?a) (tolist (extend (?a ?.agg1) (extend (?y ?.agg2) "
	  "(aggregatejoin ((aggregation ?.agg1 (avg ?v)) (aggregation ?.agg2 "
	  "(sample ?y))) (group ((as ?y (year ?d)) (str ?s)) (bgp "
	  T("?s", P(v), "?v") " " T("?s", P(d), "?d") ")))))))");
	/* implicit grouping: Group((1), P) */
	q("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
	  "(project (?n) (tolist (extend (?n ?.agg1) (aggregatejoin "
	  "((aggregation ?.agg1 (count *))) (group (" INT(1) ") (bgp "
	  T("?s", "?p", "?o") "))))))");
	q("SELECT (GROUP_CONCAT(DISTINCT ?o; SEPARATOR='|') AS ?c) { ?s ?p ?o }",
	  "(project (?c) (tolist (extend (?c ?.agg1) (aggregatejoin "
	  "((aggregation ?.agg1 (group_concat distinct ?o (separator \"|\")))) "
	  "(group (" INT(1) ") (bgp " T("?s", "?p", "?o") "))))))");
	/* HAVING: a Filter over the aggregated result, its aggregate
	 * renamed after those of SELECT */
	q(EX "SELECT ?s (SUM(?v) AS ?t) { ?s :v ?v } GROUP BY ?s "
	  "HAVING (SUM(?v) > 10)",
	  "(project (?s ?t) (tolist (extend (?t ?.agg1) (extend (?s ?.agg3) "
	  "(filter (> ?.agg2 " INT(10) ") (aggregatejoin ((aggregation ?.agg1 "
	  "(sum ?v)) (aggregation ?.agg2 (sum ?v)) (aggregation ?.agg3 (sample "
	  "?s))) (group (?s) (bgp " T("?s", P(v), "?v") "))))))))");
	/* implicit grouping by HAVING alone */
	q(EX "ASK { ?s :p ?o } HAVING (COUNT(*) > 2)",
	  "(ask (tolist (filter (> ?.agg1 " INT(2) ") (aggregatejoin "
	  "((aggregation ?.agg1 (count *))) (group (" INT(1) ") (bgp "
	  T("?s", P(p), "?o") "))))))");
	/* ORDER BY with expressions */
	q(EX "SELECT ?s { ?s :p ?o } ORDER BY DESC(?o + 1) ?s",
	  "(project (?s) (orderby ((desc (+ ?o " INT(1) ")) (asc ?s)) (tolist "
	  "(bgp " T("?s", P(p), "?o") "))))");
	/* ORDER BY an aggregate: renamed like the others */
	q(EX "SELECT ?s (COUNT(?o) AS ?n) { ?s :p ?o } GROUP BY ?s "
	  "ORDER BY DESC(COUNT(?o)) ?n",
	  "(project (?s ?n) (orderby ((desc ?.agg2) (asc ?n)) (tolist (extend "
	  "(?n ?.agg1) (extend (?s ?.agg3) (aggregatejoin ((aggregation ?.agg1 "
	  "(count ?o)) (aggregation ?.agg2 (count ?o)) (aggregation ?.agg3 "
	  "(sample ?s))) (group (?s) (bgp " T("?s", P(p), "?o") "))))))))");
	/* select expressions without grouping: Extend under Project */
	q(EX "SELECT ?s (STR(?o) AS ?t) { ?s :p ?o }",
	  "(project (?s ?t) (tolist (extend (?t (str ?o)) (bgp "
	  T("?s", P(p), "?o") "))))");
	/* Project, Distinct, then Slice(start, length) */
	q("SELECT DISTINCT ?s { ?s ?p ?o } LIMIT 10 OFFSET 5",
	  "(slice 5 10 (distinct (project (?s) (tolist (bgp "
	  T("?s", "?p", "?o") ")))))");
	q("SELECT REDUCED ?s { ?s ?p ?o } OFFSET 2",
	  "(slice 2 _ (reduced (project (?s) (tolist (bgp "
	  T("?s", "?p", "?o") ")))))");
	/* the trailing VALUES: Join(P, ToMultiSet(data)), before Extend */
	q(EX "SELECT ?s (STR(?o) AS ?t) { ?s :p ?o } "
	  "VALUES (?s ?o) { (:a 1) (UNDEF 2) }",
	  "(project (?s ?t) (tolist (extend (?t (str ?o)) (join (bgp "
	  T("?s", P(p), "?o") ") (tomultiset (table (?s ?o) (row " P(a) " "
	  INT(1) ") (row undef " INT(2) ")))))))");
	q(EX "SELECT * { ?s :p ?o } VALUES ?x { :a }",
	  "(project (?s ?o ?x) (tolist (join (bgp " T("?s", P(p), "?o")
	  ") (tomultiset (table (?x) (row " P(a) "))))))");
}

/* the query forms and updates */
static void
test_forms(void)
{
	q(EX "CONSTRUCT WHERE { ?s :p ?o }",
	  "(construct (template " T("?s", P(p), "?o") ") (tolist (bgp "
	  T("?s", P(p), "?o") ")))");
	q(EX "CONSTRUCT { ?s :q ?o } WHERE { ?s :p ?o } ORDER BY ?o LIMIT 1",
	  "(construct (template " T("?s", P(q), "?o") ") (slice 0 1 (orderby "
	  "((asc ?o)) (tolist (bgp " T("?s", P(p), "?o") ")))))");
	q(EX "DESCRIBE ?s { ?s :p ?o }",
	  "(describe (?s) (tolist (bgp " T("?s", P(p), "?o") ")))");
	q(EX "DESCRIBE :x", "(describe (" P(x) ") (tolist (bgp)))");
	q(EX "SELECT * FROM :g FROM NAMED :h { ?s ?p ?o }",
	  "(dataset (from " P(g) ") (from-named " P(h) ") (project (?s ?p ?o) "
	  "(tolist (bgp " T("?s", "?p", "?o") "))))");
	u(EX "DELETE { ?s :p ?o } INSERT { ?s :q ?o } WHERE { ?s :p ?o "
	  "OPTIONAL { ?o :r ?z FILTER(?z != 0) } }",
	  "(update (modify (delete " T("?s", P(p), "?o") ") (insert "
	  T("?s", P(q), "?o") ") (leftjoin (bgp " T("?s", P(p), "?o") ") (bgp "
	  T("?o", P(r), "?z") ") (!= ?z " INT(0) "))))");
	u(EX "DELETE WHERE { ?s :p ?o . GRAPH :g { ?s :q ?z } } ; "
	  "INSERT DATA { :a :b :c } ; CLEAR ALL",
	  "(update (delete-where (quads " T("?s", P(p), "?o") " (quad " P(g)
	  " ?s " P(q) " ?z)) (join (bgp " T("?s", P(p), "?o") ") (graph " P(g)
	  " (bgp " T("?s", P(q), "?z") ")))) (insert-data (quads "
	  T(P(a), P(b), P(c)) ")) (clear all))");
	u(EX "WITH :g INSERT { ?s a :C } WHERE { ?s :p/:q ?o }",
	  "(update (modify (with " P(g) ") (insert " T("?s", RDF(type), P(C))
	  ") (bgp " T("?s", P(p), "?.p1") " " T("?.p1", P(q), "?o") ")))");
}

int
main(void)
{
	if (kg_db_open("memory", 0, &db)) {
		printf("Bail out! no memory store\n");
		return 1;
	}
	test_groups();
	test_paths();
	test_modifiers();
	test_forms();
	kg_alg_query_free(NULL);
	kg_alg_update_free(NULL);
	TAP_OK(1, "kg_alg_query_free(NULL), kg_alg_update_free(NULL)");
	kg_db_close(db);
	return tap_done();
}
