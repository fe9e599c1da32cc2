#!/bin/sh
# kg query: sources of the query text, output formats, errors.
. "$srcdir/tests/lib.sh"
S="$T/store"
D="$srcdir/tests/data"
"$KG" -q -s "$S" load "$D/small.ttl" >/dev/null 2>&1

run "$KG" -s "$S" query 'SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l'
expect_rc 0 "query from an argument, predeclared rdfs:"
expect_out "| Hama" "table shows the label"
expect_out "2 rows" "table has a row count"

printf 'SELECT ?l WHERE { ?s rdfs:label ?l }' >"$T/q.rq"
run "$KG" -s "$S" query -f "$T/q.rq" -o csv
expect_rc 0 "query from a file"
expect_out "Homs" "csv output"

run sh -c "printf 'ASK { ?s ?p ?o }' | '$KG' -s '$S' query -o json"
expect_rc 0 "query from stdin"
expect_out '"boolean": true' "json boolean"

run "$KG" -s "$S" query -o xml 'SELECT ?s WHERE { ?s a <http://example.org/City> }'
expect_out '<sparql xmlns="http://www.w3.org/2005/sparql-results#">' "xml results"

run "$KG" -s "$S" query 'PREFIX rdfs: <http://example.org/not-rdfs#> SELECT ?l WHERE { ?s rdfs:label ?l }'
expect_out "0 rows" "a query's own PREFIX wins"

run "$KG" -s "$S" query -o turtle 'CONSTRUCT { ?s <http://example.org/name> ?l } WHERE { ?s rdfs:label ?l }'
expect_rc 0 "construct as turtle"
expect_out "@prefix rdfs:" "turtle has prefixes"

run "$KG" -s "$S" query 'SELECT ?x WHERE {
  ?x ?p ?o .
  FILTER(?x = ) }'
expect_rc 1 "syntax error exits 1"
expect_err "query:3" "error gives the line"

run "$KG" -s "$S" query -o turtle 'SELECT * WHERE { ?s ?p ?o }'
expect_rc 1 "turtle output of a SELECT is refused"

run "$KG" -s "$T/nowhere" query 'ASK {}'
expect_rc 1 "querying a store that does not exist fails"
expect_err "not a kg store" "and says so"

# kg's own evaluator through the command line
run "$KG" -s "$S" query --profile 'ASK { ?s ?p ?o }'
expect_rc 0 "query --profile"
expect_err "profile: " "--profile prints a profile line on stderr"
expect_err "lookups" "the profile counts the storage lookups"

# Port 1 on loopback: nothing listens, and nothing leaves the machine.
run "$KG" -s "$S" query 'SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }'
expect_rc 1 "SERVICE to an endpoint that is not there exits 1"
expect_err "http://127.0.0.1:1/sparql: " "and says which endpoint failed"

run "$KG" -s "$S" query -o csv 'SELECT * WHERE { ?s a <http://example.org/City>
  SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }'
expect_rc 1 "an error while the rows are read exits 1"
expect_err "http://127.0.0.1:1/sparql: " "and says why"

cp "$D/small.ttl" "$T/from.ttl"
run "$KG" -s memory query -o csv "SELECT (CONCAT(?l, '!') AS ?c) FROM <file://$T/from.ttl> WHERE { ?s rdfs:label ?l } ORDER BY ?c"
expect_rc 0 "FROM <file:...> on the memory store"
expect_out "Hama!" "loads the file and computes CONCAT"

run "$KG" -s memory query -o csv "SELECT ?g (COUNT(*) AS ?n) FROM NAMED <file://$T/from.ttl> WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
expect_rc 0 "FROM NAMED <file:...> on the memory store"
expect_out "file://$T/from.ttl,4" "loads the file as a named graph"

run "$KG" -s memory query "SELECT * FROM <file://$T/nowhere.ttl> WHERE { ?s ?p ?o }"
expect_rc 1 "FROM a file that does not exist fails"
expect_err "nowhere.ttl" "and names the file"

run "$KG" -s "$S" query -o csv "ASK FROM <file://$T/from.ttl> { ?s ?p ?o }"
expect_rc 0 "FROM <file:...> on a store on disk"
expect_out "false" "does not load the file into it"

"$KG" -s "$S" query -o csv 'SELECT * WHERE { ?s ?p ?o }' >/dev/full 2>"$T/err"
rc=$?
expect_rc 1 "query output to a full disk fails"

done_testing
