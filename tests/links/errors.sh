#!/bin/sh
# kg links when the endpoint fails (tests/remote/fixture.py on
# loopback, and a port nothing listens on): an unreachable endpoint, a
# 500, a timeout, a malformed answer are each a clear message and a
# non-zero exit status (2 for check, 1 for refresh and suggest), and the
# store is left as it was.  Also: the endpoint can come from
# $KG_WIKIDATA_ENDPOINT.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/links/links-lib.sh"
. "$srcdir/tests/remote/fixture-lib.sh"

trap 'stop_fixture; rm -rf "$T"' EXIT
start_fixture
fixture_ready
free=$(free_port)

S="$T/s"
data_store "$S"
ok $? "the bundled graph loads into a store"
"$KG" -s "$S" dump >"$T/before" 2>/dev/null

unchanged() { # unchanged DESCRIPTION
	"$KG" -s "$S" dump >"$T/after" 2>/dev/null
	cmp -s "$T/before" "$T/after"
	ok $? "$1: the store is unchanged"
}

run "$KG" -s "$S" links check --endpoint "http://127.0.0.1:$free/sparql"
expect_rc 2 "unreachable: check fails"
expect_err "127.0.0.1:$free" "unreachable: the message names the endpoint"
expect_err "nothing fetched, the store is unchanged" "unreachable: and says nothing changed"
unchanged "unreachable"

run "$KG" -s "$S" links check --endpoint "$base/fail"
expect_rc 2 "500: check fails"
expect_err "HTTP 500" "500: the message gives the status"
expect_err "the store is on fire" "500: and the server's message"
unchanged "500"

start=$(date +%s)
run "$KG" -t 1 -s "$S" links check --endpoint "$base/slow"
expect_rc 2 "timeout: check fails"
[ $(($(date +%s) - start)) -lt 5 ]
ok $? "timeout: after kg -t 1, not the server's 5 s"
grep -qi "time" "$T/err"
ok $? "timeout: the message says it timed out"
grep -qi "time" "$T/err" || sed 's/^/#   stderr: /' "$T/err"
unchanged "timeout"

run "$KG" -s "$S" links check --endpoint "$base/malformed"
expect_rc 2 "malformed answer: check fails"
expect_err "$base/malformed" "malformed answer: the message names the endpoint"
unchanged "malformed answer"

run "$KG" -s "$S" links refresh --endpoint "$base/fail"
expect_rc 1 "500: refresh fails"
unchanged "refresh"

run "$KG" -s "$S" links suggest --endpoint "$base/fail" -o "$T/review.tsv"
expect_rc 1 "500: suggest fails"
[ ! -e "$T/review.tsv" ]
ok $? "500: suggest leaves no review file"

run env KG_WIKIDATA_ENDPOINT="$base/fail" "$KG" -s "$S" links check
expect_rc 2 "\$KG_WIKIDATA_ENDPOINT: check uses it"
expect_err "$base/fail" "\$KG_WIKIDATA_ENDPOINT: the message names it"
unchanged "\$KG_WIKIDATA_ENDPOINT"

run "$KG" -s "$S" links check --endpoint "ftp://example.org/"
expect_rc 2 "an endpoint that is no http(s) URL"
run "$KG" -s "$S" links frobnicate
expect_rc 2 "an unknown subcommand is a usage error"
run "$KG" links --help
expect_rc 0 "kg links --help"
expect_out "KG_WIKIDATA_ENDPOINT" "which says where the endpoint comes from"

done_testing
