#!/bin/sh
# kg parse: syntax checks of queries and updates with kg's own parser.
. "$srcdir/tests/lib.sh"

run "$KG" parse 'SELECT ?s WHERE { ?s rdfs:label ?l ; rdf:type/rdfs:subClassOf* ?c }'
expect_rc 0 "a query with a property path, predeclared prefixes"

run "$KG" parse 'SELECT * WHERE {
  ?s ?p ?o
  FILTR(?o)
}'
expect_rc 1 "a misspelt keyword is rejected"
expect_err "query:3:3: expected '}', found 'FILTR'" \
	"the error names line, column, expected and found"

run "$KG" parse 'SELECT ?o { ?s ?p ?o } GROUP BY ?s'
expect_rc 1 "an ungrouped projection is rejected"
expect_err "?o is projected but neither grouped nor aggregated" \
	"the grouping error says which variable"

printf 'PREFIX : <http://ex/>\nINSERT DATA { :a :b :c } ;\nDELETE WHERE { ?s :p ?o }\n' >"$T/u.ru"
run "$KG" parse --update -f "$T/u.ru"
expect_rc 0 "parse --update accepts a request of two operations"

run "$KG" parse --update 'INSERT DATA { <a> <b> ?c }'
expect_rc 1 "a variable in INSERT DATA is rejected"
expect_err "query:1:23: variables are not allowed in INSERT DATA" \
	"the update error has line and column"

run "$KG" parse 'INSERT DATA { <a> <b> <c> }'
expect_rc 1 "an update is not a query"

run "$KG" parse --algebra 'SELECT ?x WHERE { ?x rdfs:label ?l FILTER(?l != "") }'
expect_rc 0 "parse --algebra accepts a query"
expect_out '(project (?x) (tolist (filter (!= ?l "") (bgp (triple ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l)))))' \
	"parse --algebra prints the algebra of section 18.2"

run "$KG" parse --algebra 'SELECT * { ?s rdf:type/rdfs:subClassOf* ?c }'
expect_out '(project (?s ?c) (tolist (join (bgp (triple ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?.p1)) (path ?.p1 (ZeroOrMorePath (link <http://www.w3.org/2000/01/rdf-schema#subClassOf>)) ?c))))' \
	"a path sequence gets a fresh variable, a starred step stays a Path"

run "$KG" parse --update --algebra 'DELETE { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }'
expect_rc 0 "parse --update --algebra accepts an update"
expect_out '(update (modify (delete (triple ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l)) (bgp (triple ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l))))' \
	"the update's WHERE is translated"

run "$KG" parse --algebra 'SELECT * { ?s ?p }'
expect_rc 1 "parse --algebra still rejects a bad query"

done_testing
