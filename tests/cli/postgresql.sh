#!/bin/sh
# Redland's PostgreSQL storage behind --store postgresql:CONNINFO.
# Runs when KG_TEST_PG names a database kg may fill (CI sets one up);
# it must be a database of its own (the test leaves its tables there).
. "$srcdir/tests/lib.sh"
if [ -z "${KG_TEST_PG:-}" ]; then
	echo "1..0 # SKIP KG_TEST_PG is not set (no PostgreSQL server to test)"
	exit 0
fi
S="postgresql:$KG_TEST_PG"
D="$srcdir/tests/data"

run "$KG" -s "$S" load "$D/small.ttl"
expect_rc 0 "load into PostgreSQL (tables created on first use)"
run "$KG" -s "$S" load "$D/small.ttl"
expect_rc 0 "load the same file again"
run "$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_out '"4"^^<http://www.w3.org/2001/XMLSchema#integer>' "4 triples: no duplicates"
run "$KG" -s "$S" query 'SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l'
expect_out "| Homs" "query through rasqal"
run "$KG" -s "$S" graphs
expect_out "small.ttl" "the file's graph is listed"
run "$KG" -s "$S" load "$D/bad.ttl"
expect_rc 1 "a malformed file fails"
run "$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_out '"4"^^<http://www.w3.org/2001/XMLSchema#integer>' "and adds nothing"
done_testing
