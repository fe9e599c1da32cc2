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

run env KG_ENGINE=rasqal "$KG" parse 'SELECT * { ?s ?p ?o }'
expect_rc 0 "KG_ENGINE=rasqal still checks with rasqal"

done_testing
