#!/bin/sh
# concurrency.sh: kg serve runs requests at the same time: two slow
# queries overlap (the access log says when each arrived and how long
# it took), and a query is answered while an update holds the write
# transaction, without seeing its changes.  No assertion depends on how
# fast the machine is: each slow request runs until --timeout stops it.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/server/server-lib.sh"

filler "$T/filler.ttl"
S="$T/store"
run "$KG" -q -s "$S" load --graph http://example.org/filler "$T/filler.ttl"
expect_rc 0 "a store"
start_server c -s "$S" --writable --threads 3 --timeout 3
test -n "$URL"
ok $? "a server with 3 threads ($URL)"

SLOW='SELECT (COUNT(*) AS ?n) { ?a <http://example.org/v> ?b . ?c <http://example.org/v> ?d . ?e <http://example.org/v> ?f . ?g <http://example.org/v> ?h . ?i <http://example.org/v> ?j }'
curl -s -o "$T/a" -w '%{http_code}' -G --data-urlencode "query=$SLOW" \
	"$URL/sparql?n=a" >"$T/a.code" &
ca=$!
sleep 0.5
curl -s -o "$T/b" -w '%{http_code}' -G --data-urlencode "query=$SLOW" \
	"$URL/sparql?n=b" >"$T/b.code" &
cb=$!
wait $ca $cb
test "$(cat "$T/a.code")" = 503 && test "$(cat "$T/b.code")" = 503
ok $? "both slow queries ran to the time limit"
# Each log line: arrival time, ..., duration.  B arrived before A ended.
set -- $(log_span "$T/c.log" ' GET /sparql 503 ' 1) \
	$(log_span "$T/c.log" ' GET /sparql 503 ' 2)
test $# -eq 4 && test "$3" -lt "$2" && test "$1" -lt "$4"
ok $? "they overlapped (a: $1-$2, b: ${3:-?}-${4:-?} ms)"

# An update whose first operation writes and whose second runs long:
# the write transaction stays open until the time limit rolls it back.
U='INSERT DATA { <http://example.org/marker> <http://example.org/p> 1 } ;
INSERT { <http://example.org/m2> <http://example.org/p> ?n }
USING <http://example.org/filler> WHERE { { SELECT (COUNT(*) AS ?n) { ?a <http://example.org/v> ?b . ?c <http://example.org/v> ?d . ?e <http://example.org/v> ?f . ?g <http://example.org/v> ?h . ?i <http://example.org/v> ?j } } }'
curl -s -o "$T/u" -w '%{http_code}' -H 'Content-Type: application/sparql-update' \
	--data-binary "$U" "$URL/sparql" >"$T/u.code" &
cu=$!
sleep 1
http -G -H 'Accept: text/csv' --data-urlencode \
	'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' "$URL/sparql"
expect_code 200 "a query while the update writes"
test "$(tr -d '\r' <"$T/body" | sed -n 2p)" = 40
ok $? "sees the last commit, not the update's insert"
wait $cu
test "$(cat "$T/u.code")" = 503
ok $? "the update hit the time limit ($(cat "$T/u.code"))"
set -- $(log_span "$T/c.log" ' POST /sparql 503 ' 1) \
	$(log_span "$T/c.log" ' GET /sparql 200 ' 1)
test $# -eq 4 && test "$1" -lt "$3" && test "$4" -le "$2"
ok $? "the query came and went while the update ran (update: $1-$2, query: ${3:-?}-${4:-?} ms)"
http -G --data-urlencode \
	'query=ASK { <http://example.org/marker> ?p ?o }' "$URL/sparql"
expect_body '"boolean": false' "the stopped update left nothing"

# SIGTERM while a query runs: it is let finish (here: the time limit),
# then the server exits 0.
curl -s -o /dev/null -G --data-urlencode "query=$SLOW" "$URL/sparql" &
sleep 1.5 # it arrives long before, and runs 3 s
stop_server "$PID"
test "$rc" -eq 0
ok $? "SIGTERM during a query: exit 0"
test "$(grep -c ' GET /sparql 503 ' "$T/c.log")" -eq 3
ok $? "the running query got its answer"
done_testing
