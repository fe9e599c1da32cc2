#!/bin/sh
# Redland's PostgreSQL storage behind --store postgresql:CONNINFO.
# Runs when KG_TEST_PG names a database kg may write to (CI sets one up).
# Each run works in a graph of its own, so runs can share the database.
. "$srcdir/tests/lib.sh"
if [ -z "${KG_TEST_PG:-}" ]; then
	echo "1..0 # SKIP KG_TEST_PG is not set (no PostgreSQL server to test)"
	exit 0
fi
S="postgresql:$KG_TEST_PG"
D="$srcdir/tests/data"
G="urn:kg-test:$(date +%s)-$$"
count="SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$G> { ?s ?p ?o } }"

run "$KG" -s "$S" load --graph "$G" "$D/small.ttl"
expect_rc 0 "load into PostgreSQL (tables created on first use)"
run "$KG" -s "$S" load --graph "$G" "$D/small.ttl"
expect_rc 0 "load the same file again"
run "$KG" -s "$S" query -o tsv "$count"
expect_out '"4"^^<http://www.w3.org/2001/XMLSchema#integer>' "4 triples: no duplicates"
run "$KG" -s "$S" query 'SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l'
expect_out "| Homs" "query through rasqal"
run "$KG" -s "$S" graphs
expect_out "<$G>" "the graph is listed"
run "$KG" -s "$S" load --graph "$G" "$D/bad.ttl"
expect_rc 1 "a malformed file fails"
run "$KG" -s "$S" query -o tsv "$count"
expect_out '"4"^^<http://www.w3.org/2001/XMLSchema#integer>' "and adds nothing"
done_testing
