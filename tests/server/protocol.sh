#!/bin/sh
# protocol.sh: kg serve's SPARQL 1.1 Protocol through curl: every way to
# send a query, the dataset parameters, each result format, each error
# status, the limits, the service description, static files, CORS and a
# clean stop on SIGTERM.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/server/server-lib.sh"

cat >"$T/g1.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:name "Alice" ; ex:knows ex:b .
TTL
cat >"$T/g2.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
ex:b ex:name "Bob" .
TTL
filler "$T/filler.ttl"
S="$T/store"
run "$KG" -q -s "$S" load --graph http://example.org/g1 "$T/g1.ttl"
expect_rc 0 "load g1"
run "$KG" -q -s "$S" load --graph http://example.org/g2 "$T/g2.ttl"
expect_rc 0 "load g2"
run "$KG" -q -s "$S" load --graph http://example.org/filler "$T/filler.ttl"
expect_rc 0 "load the filler"

mkdir "$T/web"
echo '<p>hello explorer</p>' >"$T/web/index.html"
echo 'not for the web' >"$T/secret.txt"

start_server main -s "$S" --timeout 2 --max-rows 3 --max-body 2000 \
	--web "$T/web" --cors https://app.example --threads 2
test -n "$URL"
ok $? "the server says where it listens ($URL)"
grep -q "(read-only; endpoint /sparql)" "$T/main.out"
ok $? "and that it is read-only"

Q='SELECT ?name WHERE { ?p <http://example.org/name> ?name } ORDER BY ?name'

# ---- the three ways to send a query ----
http -G --data-urlencode "query=$Q" "$URL/sparql"
expect_code 200 "GET ?query="
expect_header '^content-type: application/sparql-results\+json' \
	"JSON by default"
expect_body '"value": "Alice"' "with the rows"
http --data-urlencode "query=$Q" "$URL/sparql"
expect_code 200 "POST form query="
expect_body '"value": "Bob"' "with the rows"
http -H 'Content-Type: application/sparql-query' --data-binary "$Q" \
	"$URL/sparql"
expect_code 200 "POST application/sparql-query"
expect_body '"value": "Bob"' "with the rows"

# ---- content negotiation ----
http -G -H 'Accept: application/sparql-results+xml' \
	--data-urlencode "query=$Q" "$URL/sparql"
expect_header '^content-type: application/sparql-results\+xml' "XML"
expect_body '<literal>Alice</literal>' "XML rows"
http -G -H 'Accept: text/csv' --data-urlencode "query=$Q" "$URL/sparql"
expect_header '^content-type: text/csv' "CSV"
head -1 "$T/body" | tr -d '\r' | grep -qx 'name'
ok $? "CSV header"
http -G -H 'Accept: text/tab-separated-values' --data-urlencode "query=$Q" \
	"$URL/sparql"
expect_header '^content-type: text/tab-separated-values' "TSV"
expect_body '?name' "TSV header"
http -G -H 'Accept: text/csv;q=0.5, application/sparql-results+xml;q=0.9' \
	--data-urlencode "query=$Q" "$URL/sparql"
expect_header '^content-type: application/sparql-results\+xml' \
	"the highest q wins"
http -G -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' \
	--data-urlencode "query=$Q" "$URL/sparql"
expect_header '^content-type: application/sparql-results\+json' \
	"a browser gets JSON"
http -G -H 'Accept: image/png' --data-urlencode "query=$Q" "$URL/sparql"
expect_code 406 "nothing acceptable: 406"
http -G --data-urlencode 'query=ASK { ?s <http://example.org/knows> ?o }' \
	"$URL/sparql"
expect_body '"boolean": true' "ASK"
C='CONSTRUCT { ?s <http://example.org/label> ?n } WHERE { ?s <http://example.org/name> ?n }'
http -G --data-urlencode "query=$C" "$URL/sparql"
expect_header '^content-type: text/turtle' "CONSTRUCT: Turtle by default"
expect_body '"Alice"' "with the triples"
http -G -H 'Accept: application/n-triples' --data-urlencode "query=$C" \
	"$URL/sparql"
expect_header '^content-type: application/n-triples' "N-Triples"
expect_body '<http://example.org/a> <http://example.org/label> "Alice" .' \
	"one triple a line"
http -G -H 'Accept: application/sparql-results+json' \
	--data-urlencode "query=$C" "$URL/sparql"
expect_code 406 "a graph as JSON results: 406"

# ---- the dataset ----
http -G --data-urlencode "query=$Q" \
	--data-urlencode 'default-graph-uri=http://example.org/g2' "$URL/sparql"
expect_body '"Bob"' "default-graph-uri picks the graph"
grep -q Alice "$T/body"
ok $((! $?)) "and only that graph"
http -G --data-urlencode "query=SELECT ?g ?name FROM <http://example.org/g1> WHERE { GRAPH ?g { ?p <http://example.org/name> ?name } }" \
	--data-urlencode 'named-graph-uri=http://example.org/g1' \
	--data-urlencode 'named-graph-uri=http://example.org/g2' "$URL/sparql"
expect_body '"Alice"' "named-graph-uri, repeated"
expect_body '"Bob"' "both named graphs"

# ---- errors ----
http -X PUT --data-binary "$Q" "$URL/sparql"
expect_code 405 "PUT on /sparql: 405"
expect_header '^allow: GET, HEAD, POST, OPTIONS' "with Allow"
http -H 'Content-Type: text/plain' --data-binary "$Q" "$URL/sparql"
expect_code 415 "POST text/plain: 415"
big=$(head -c 3000 /dev/zero | tr '\0' 'x')
http --data-urlencode "query=SELECT * { ?s ?p \"$big\" }" "$URL/sparql"
expect_code 413 "a body over --max-body: 413"
http -G --data-urlencode 'query=SELECT ?x WHERE {
  ?x ?y }' "$URL/sparql"
expect_code 400 "a syntax error: 400"
expect_body 'line 2, column' "with kg's line and column"
expect_header '^content-type: text/plain' "as text"
http --data-urlencode 'update=INSERT DATA { <http://x> <http://y> 1 }' \
	"$URL/sparql"
expect_code 403 "an update on a read-only endpoint: 403"
expect_body 'read-only' "says why"
http -G --data-urlencode 'update=CLEAR ALL' "$URL/sparql"
expect_code 400 "an update by GET: 400"
http -G --data-urlencode "query=$Q" --data-urlencode "query=$Q" "$URL/sparql"
expect_code 400 "two queries: 400"
http -G --data-urlencode "query=SELECT * FROM <file://$T/g1.ttl> { ?s ?p ?o }" \
	"$URL/sparql"
expect_code 400 "FROM <file:...>: refused"
expect_body 'not allowed' "says so"
SLOW='SELECT (COUNT(*) AS ?n) { ?a <http://example.org/v> ?b . ?c <http://example.org/v> ?d . ?e <http://example.org/v> ?f . ?g <http://example.org/v> ?h . ?i <http://example.org/v> ?j }'
http -G --data-urlencode "query=$SLOW" "$URL/sparql"
expect_code 503 "a query past --timeout: 503"
expect_body 'time limit' "says so"
http -G --data-urlencode 'query=SELECT ?s { ?s <http://example.org/v> ?o }' \
	"$URL/sparql"
expect_code 200 "a result over --max-rows"
expect_header '^x-kg-truncated: true' "says it was cut"
test "$(grep -c '"s":' "$T/body")" -eq 3
ok $? "to --max-rows rows"
http -G --data-urlencode "query=$Q" "$URL/sparql"
tr -d '\r' <"$T/headers" | grep -qi '^x-kg-truncated'
ok $((! $?)) "a whole result has no X-KG-Truncated"

# ---- service description ----
http "$URL/sparql"
expect_code 200 "GET /sparql without a query: the service description"
expect_header '^content-type: text/turtle' "in Turtle"
cp "$T/body" "$T/sd.ttl"
/usr/bin/python3 - "$T/sd.ttl" "$URL/sparql" <<'PY'
import sys, rdflib
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
svc = g.value(predicate=rdflib.RDF.type, object=SD.Service)
assert g.value(svc, SD.endpoint) == rdflib.URIRef(sys.argv[2])
langs = set(g.objects(svc, SD.supportedLanguage))
assert SD.SPARQL11Query in langs and SD.SPARQL11Update not in langs, langs
names = {str(n) for n in g.objects(None, SD.name)}
assert "http://example.org/g1" in names and "http://example.org/g2" in names, names
PY
ok $? "rdflib reads it: endpoint, Query only, the named graphs"

# ---- static files ----
http "$URL/"
expect_code 200 "/ serves the web folder"
expect_body 'hello explorer' "its index.html"
expect_header '^content-type: text/html' "as HTML"
http --path-as-is "$URL/../secret.txt"
expect_code 403 "a path climbing out: refused"
http --path-as-is "$URL/lib/leaflet/../../../../etc/passwd"
expect_code 403 "also under /lib/"
http --path-as-is "$URL/%2e%2e/secret.txt"
expect_code 403 "also percent-encoded"
http "$URL/nothing-here.js"
expect_code 404 "a missing file: 404"

# ---- CORS ----
http -X OPTIONS -H 'Origin: https://app.example' \
	-H 'Access-Control-Request-Method: POST' "$URL/sparql"
expect_code 204 "a preflight: 204"
expect_header '^access-control-allow-origin: https://app.example' \
	"allows the origin"
expect_header '^access-control-allow-methods: .*POST' "and POST"
http -G --data-urlencode "query=$Q" "$URL/sparql"
expect_header '^access-control-allow-origin: https://app.example' \
	"replies carry the origin too"

# ---- the access log and the stop ----
grep -qE '^[0-9-]+T[0-9:.]+Z 127\.0\.0\.1 GET /sparql 200 [0-9]+ [0-9.]+ms$' \
	"$T/main.log"
ok $? "an access-log line per request"
stop_server "$PID"
test "$rc" -eq 0
ok $? "SIGTERM: exit 0 (exit $rc)"
grep -q 'kg: serve: stopped' "$T/main.log"
ok $? "says it stopped"

# Without --web, a kg never installed serves the explorer from its
# source tree, and the files the build generates (from its build tree,
# which differs when built out of the tree, as make distcheck does).
start_server tree -s "$S" -q
for f in index.html app.js prefixes.json examples.json; do
	http "$URL/$f"
	expect_code 200 "the uninstalled explorer's $f"
done
http "$URL/prefixes.json"
expect_body '"prefix"' "prefixes.json is the generated list"
stop_server "$PID"

# Without --web and without an installed explorer: a note at /.
export KG_DATADIR="$T/none"
start_server bare -s "$S" -q
http "$URL/"
expect_code 200 "without an explorer, / still answers"
expect_body '/sparql' "and points to the endpoint"
cat "$T/bare.log" | sed "s/^/#   log: /"
test ! -s "$T/bare.log"
ok $? "-q: no access log"
stop_server "$PID"

done_testing
