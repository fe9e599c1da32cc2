#!/bin/sh
# kg as a client of an endpoint that misbehaves (tests/remote/fixture.py
# on loopback): what kg sends (User-Agent, Accept, gzip, GET or POST),
# how it reads answers, and that every failure is one clear line and
# exit status 1: an unreachable host, a 500, a timeout, a malformed
# document, a 503 tried again after its Retry-After.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/remote/fixture-lib.sh"

trap 'stop_fixture; rm -rf "$T"' EXIT
start_fixture
fixture_ready

# The last request the fixture saw, as one JSON field.
last() { # last FIELD [HEADER]
	tail -1 "$T/log" | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
v = r[sys.argv[1]]
print(v.get(sys.argv[2], "") if len(sys.argv) > 2 else v)' "$@"
}

run "$KG" -e "$base/ok" query -o tsv 'SELECT * WHERE { ?s ?p ?o }'
expect_rc 0 "a SELECT on an endpoint"
printf '%s\n' '?s	?label	?n' \
	'<http://example.org/a>	"café \"A\""@fr	"42"^^<http://www.w3.org/2001/XMLSchema#integer>' '_:b0		' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "its JSON answer read into rows (IRI, language tag, integer, blank, unbound)"
[ "$(last method)" = GET ]
ok $? "a short query goes as a GET"
[ "$(last headers user-agent)" = "kg/$("$KG" --version | cut -d' ' -f2)" ]
ok $? "User-Agent names kg and its version"
last headers accept | grep -q 'application/sparql-results+json'
ok $? "Accept asks for SPARQL JSON results"
last headers accept-encoding | grep -q gzip
ok $? "gzip is accepted"

run "$KG" -e "$base/ok" query 'ASK { ?s ?p ?o }'
expect_rc 0 "an ASK"
expect_out "true" "its answer"

long="SELECT * WHERE { ?s ?p ?o FILTER(?o != \"$(head -c 3000 /dev/zero | tr '\0' x)\") }"
run "$KG" -e "$base/ok" query -o tsv "$long"
expect_rc 0 "a long query"
[ "$(last method)" = POST ] &&
	[ "$(last headers content-type)" = application/x-www-form-urlencoded ]
ok $? "a long query goes as a POST of the protocol's form"

run "$KG" -e "$base/graph" query -o ntriples 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
expect_rc 0 "a CONSTRUCT"
expect_out '<http://example.org/a> <http://example.org/p> "x\ty"@en .' \
	"its N-Triples read back (escapes, language tag)"
expect_out '"7"^^<http://www.w3.org/2001/XMLSchema#int> .' "a typed literal"
last headers accept | grep -q 'application/n-triples'
ok $? "a CONSTRUCT asks for N-Triples"

run "$KG" -e "$base/ok" update 'INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }'
expect_rc 0 "an update"
[ "$(last method)" = POST ] &&
	[ "$(last headers content-type)" = application/x-www-form-urlencoded ]
ok $? "an update is a POST of the protocol's form"
last body | grep -q '^INSERT DATA'
ok $? "with the request's text"

# Failures: one line on stderr, exit status 1.
run "$KG" -e "$base/fail" query 'SELECT * WHERE { ?s ?p ?o }'
expect_rc 1 "a 500 fails"
expect_err "$base/fail: HTTP 500 Internal Server Error: Internal trouble: the store is on fire" \
	"a 500 says the URL, status and the server's first line"
! grep -q 'second line' "$T/err"
ok $? "and only its first line"

dead=$(free_port)
run "$KG" -e "http://127.0.0.1:$dead/sparql" query 'ASK {}'
expect_rc 1 "an unreachable endpoint fails"
expect_err ": http://127.0.0.1:$dead/sparql: " "it says which endpoint"
grep -qi 'connect' "$T/err"
ok $? "and that it could not connect"

start=$(date +%s)
run "$KG" -e "$base/slow" --timeout 1 query 'ASK {}'
took=$(($(date +%s) - start))
expect_rc 1 "a slow endpoint past --timeout fails"
expect_err "$base/slow: no answer within 1 s (timed out)" "it says it timed out"
# A web page where an endpoint was meant: said so, not parsed.
run "$KG" -e "$base/html" query 'ASK {}'
expect_rc 1 "a URL that answers with a web page fails"
expect_err "$base/html: the answer is a web page (text/html; charset=utf-8), not SPARQL results" \
	"it says the URL gives a web page, not SPARQL results"
printf '.connect %s\n' "$base/html" | "$KG" -s memory >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && grep -q "is this the URL of a SPARQL endpoint" "$T/err"
ok $? ".connect to a web page says so too"

# The shell's .schema on an endpoint counts a sample within the
# look-up timeout, however slow the endpoint (this one takes 20 s).
printf '.schema\n' | KG_LOOKUP_TIMEOUT=1 "$KG" -e "$base/slow20" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "in a sample of" "$T/out" &&
	grep -q "no answer within 1 s" "$T/err"
ok $? ".schema on a slow endpoint gives up after the look-up timeout"
[ "$took" -lt 4 ]
ok $? "without waiting for the answer (${took}s)"

run "$KG" -e "$base/malformed" query 'SELECT * WHERE { ?s ?p ?o }'
expect_rc 1 "a malformed answer fails"
expect_err "$base/malformed: not a SPARQL JSON result document" \
	"it says the document is not one kg reads"

before=$(wc -l <"$T/log")
run "$KG" -e "$base/busy" query -o tsv 'SELECT * WHERE { ?s ?p ?o }'
expect_rc 0 "a 503 with Retry-After is tried again"
[ $(($(wc -l <"$T/log") - before)) -eq 2 ]
ok $? "once, after the wait"

run "$KG" -e "$base/ok" load "$srcdir/tests/shell/events.ttl"
expect_rc 1 "kg load refuses an endpoint"
expect_err "needs a local store" "and says why"

# The shell's .connect: to the endpoint, and back to a local store.
printf '.connect %s\nSELECT * WHERE { ?s ?p ?o };\n.connect memory\nASK { ?s ?p ?o };\n' \
	"$base/ok" | "$KG" -s memory >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q 'example.org/a' "$T/out" && grep -q false "$T/out"
ok $? ".connect URL, then .connect STORE in the shell"
printf '.connect http://127.0.0.1:%s/sparql\nASK {};\n' "$dead" |
	"$KG" -s memory >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "127.0.0.1:$dead/sparql" "$T/err" && grep -q true "$T/out"
ok $? ".connect to an endpoint that is not there fails, and the shell stays"

run "$KG" --endpoint ftp://example.org/ query 'ASK {}'
expect_rc 2 "--endpoint wants an http(s) URL"

done_testing
