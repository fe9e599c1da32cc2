#!/bin/sh
# update.sh: writing through kg serve: SPARQL Update by form and by
# body, using-graph-uri, LOAD refused, the Graph Store HTTP Protocol
# (GET, PUT, POST, DELETE of a graph and of the default graph), and the
# bearer token.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/server/server-lib.sh"

S="$T/store"
echo '<http://example.org/seed> <http://example.org/p> "0" .' >"$T/seed.nt"
run "$KG" -q -s "$S" load --graph http://example.org/seed "$T/seed.nt"
expect_rc 0 "a store"
start_server w -s "$S" --writable
test -n "$URL"
ok $? "a writable server ($URL)"
grep -q "(writable; endpoint /sparql)" "$T/w.out"
ok $? "says it is writable"

count() { # count GRAPH-PATTERN: the number of solutions, in $T/body
	http -G -H 'Accept: text/csv' \
		--data-urlencode "query=SELECT (COUNT(*) AS ?n) { $1 }" "$URL/sparql"
	tr -d '\r' <"$T/body" | sed -n 2p
}

# ---- SPARQL Update ----
http --data-urlencode 'update=INSERT DATA { GRAPH <http://example.org/u> { <http://example.org/x> <http://example.org/p> 1 } }' \
	"$URL/sparql"
expect_code 200 "update by form"
expect_body 'added 1' "says what it did"
http -H 'Content-Type: application/sparql-update' --data-binary \
	'INSERT DATA { GRAPH <http://example.org/u> { <http://example.org/y> <http://example.org/p> 2 } }' \
	"$URL/sparql"
expect_code 200 "update by body"
test "$(count 'GRAPH <http://example.org/u> { ?s ?p ?o }')" = 2
ok $? "both are in the store"
http --data-urlencode 'update=INSERT { GRAPH <http://example.org/copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }' \
	--data-urlencode 'using-graph-uri=http://example.org/seed' "$URL/sparql"
expect_code 200 "using-graph-uri"
test "$(count 'GRAPH <http://example.org/copy> { ?s ?p ?o }')" = 1
ok $? "the WHERE read that graph alone"
http --data-urlencode 'update=WITH <http://example.org/u> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }' \
	--data-urlencode 'using-graph-uri=http://example.org/seed' "$URL/sparql"
expect_code 400 "using-graph-uri with WITH: 400"
http --data-urlencode 'update=INSERT DATA { <http://x> }' "$URL/sparql"
expect_code 400 "a bad update: 400"
expect_body 'line 1, column' "with line and column"
http --data-urlencode "update=LOAD <file://$T/seed.nt>" "$URL/sparql"
expect_code 400 "LOAD without --allow-load: refused"
expect_body 'not allowed' "says so"

# ---- Graph Store Protocol ----
G='http://example.org/gsp'
printf '@prefix ex: <http://example.org/> .\nex:s ex:p "one" .\n' >"$T/one.ttl"
printf '<http://example.org/s> <http://example.org/p> "two" .\n' >"$T/two.nt"
http -X PUT -H 'Content-Type: text/turtle' --data-binary @"$T/one.ttl" \
	"$URL/rdf-graphs?graph=$G"
expect_code 201 "PUT a new graph: 201"
http -H 'Accept: application/n-triples' "$URL/rdf-graphs?graph=$G"
expect_code 200 "GET it"
expect_body '<http://example.org/s> <http://example.org/p> "one" .' \
	"as N-Triples"
http -X POST -H 'Content-Type: application/n-triples' \
	--data-binary @"$T/two.nt" "$URL/rdf-graphs?graph=$G"
expect_code 204 "POST merges: 204"
test "$(count "GRAPH <$G> { ?s ?p ?o }")" = 2
ok $? "two triples"
http -X PUT -H 'Content-Type: application/n-triples' \
	--data-binary @"$T/two.nt" "$URL/data?graph=$G"
expect_code 204 "PUT replaces an existing graph: 204 (at /data too)"
test "$(count "GRAPH <$G> { ?s ?p ?o }")" = 1
ok $? "one triple left"
http "$URL/rdf-graphs?graph=$G"
expect_header '^content-type: text/turtle' "GET: Turtle by default"
expect_body '"two"' "the new content"
printf '<http://example.org/s> <http://example.org/p> "bad .\n' >"$T/bad.nt"
http -X PUT -H 'Content-Type: application/n-triples' \
	--data-binary @"$T/bad.nt" "$URL/rdf-graphs?graph=$G"
expect_code 400 "PUT of bad data: 400"
test "$(count "GRAPH <$G> { ?s ?p ?o }")" = 1
ok $? "and the graph is as it was"
http -X PUT -H 'Content-Type: application/json' --data-binary '{}' \
	"$URL/rdf-graphs?graph=$G"
expect_code 415 "PUT of JSON: 415"
http -X DELETE "$URL/rdf-graphs?graph=$G"
expect_code 204 "DELETE: 204"
http "$URL/rdf-graphs?graph=$G"
expect_code 404 "GET of a deleted graph: 404"
http -X DELETE "$URL/rdf-graphs?graph=$G"
expect_code 404 "DELETE of a missing graph: 404"
http -X PUT -H 'Content-Type: text/turtle' --data-binary @"$T/one.ttl" \
	"$URL/rdf-graphs?default"
expect_code 204 "PUT the default graph"
http "$URL/rdf-graphs?default"
expect_body '"one"' "GET the default graph"
grep -q 'seed' "$T/body"
ok $((! $?)) "which holds no named graph's triples"
http "$URL/rdf-graphs"
expect_code 400 "neither ?graph nor ?default: 400"
http -X PATCH "$URL/rdf-graphs?default"
expect_code 405 "PATCH: 405"
stop_server "$PID"
expect_rc 0 "stops cleanly"

# ---- the token ----
echo 's3cret' >"$T/token"
start_server tok -s "$S" --update-token-file "$T/token"
grep -q "(writable with the update token; endpoint /sparql)" "$T/tok.out"
ok $? "token server"
U='update=INSERT DATA { <http://example.org/t> <http://example.org/p> 3 }'
http --data-urlencode "$U" "$URL/sparql"
expect_code 403 "no token: 403"
http -H 'Authorization: Bearer wrong' --data-urlencode "$U" "$URL/sparql"
expect_code 403 "a wrong token: 403"
http -H 'Authorization: Bearer s3cret' --data-urlencode "$U" "$URL/sparql"
expect_code 200 "the token: 200"
http -X DELETE "$URL/rdf-graphs?graph=http://example.org/seed"
expect_code 403 "GSP DELETE without it: 403"
http -G --data-urlencode 'query=ASK { <http://example.org/t> ?p ?o }' \
	"$URL/sparql"
expect_body '"boolean": true' "anyone reads"
stop_server "$PID"

# ---- one of Redland's stores: every request takes its turn on one handle ----
run "$KG" -q -s "hashes:$T/h" load --graph http://example.org/seed "$T/seed.nt"
expect_rc 0 "a hashes store"
start_server h -s "hashes:$T/h" --writable
http --data-urlencode 'update=INSERT DATA { GRAPH <http://example.org/seed> { <http://example.org/h> <http://example.org/p> "h" } }' \
	"$URL/sparql"
expect_code 200 "hashes: update"
test "$(count 'GRAPH <http://example.org/seed> { ?s ?p ?o }')" = 2
ok $? "hashes: the query sees it"
http -X PUT -H 'Content-Type: text/turtle' --data-binary @"$T/one.ttl" \
	"$URL/rdf-graphs?graph=$G"
expect_code 201 "hashes: Graph Store PUT"
stop_server "$PID"
expect_rc 0 "hashes: stops cleanly"

done_testing
