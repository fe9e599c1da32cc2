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

# Updates run in one PostgreSQL transaction: a request that fails part
# way leaves nothing behind.
run "$KG" -s "$S" update "INSERT DATA { GRAPH <$G> { <urn:a> <urn:b> \"c\" } }"
expect_rc 0 "INSERT DATA"
run "$KG" -s "$S" query -o tsv "$count"
expect_out '"5"^^<http://www.w3.org/2001/XMLSchema#integer>' "5 triples"
run "$KG" -s "$S" update "DELETE DATA { GRAPH <$G> { <urn:a> <urn:b> \"c\" } };
INSERT DATA { GRAPH <$G> { <urn:x> <urn:y> <urn:z> } };
LOAD <file://$T/missing.ttl>"
expect_rc 1 "a request whose LOAD fails"
run "$KG" -s "$S" query -o tsv "$count"
expect_out '"5"^^<http://www.w3.org/2001/XMLSchema#integer>' "is rolled back whole"
run "$KG" -s "$S" query -o tsv "ASK { GRAPH <$G> { <urn:a> <urn:b> \"c\" } }"
expect_out 'true' "the deleted triple is back"
run "$KG" -s "$S" update "INSERT DATA { <urn:a> <urn:b> \"c\" }"
run "$KG" -s "$S" query -o tsv "ASK { <urn:a> <urn:b> \"c\" FILTER NOT EXISTS { GRAPH ?g { <urn:a> <urn:b> \"c\" } } }"
run "$KG" -s "$S" update "DELETE DATA { <urn:a> <urn:b> \"c\" }"
expect_rc 0 "DELETE DATA from the default graph"
run "$KG" -s "$S" query -o tsv "ASK { GRAPH <$G> { <urn:a> <urn:b> \"c\" } }"
expect_out 'true' "keeps the named graph's copy"
run "$KG" -s "$S" update "DROP GRAPH <$G>"
expect_rc 0 "DROP GRAPH cleans up"
done_testing
