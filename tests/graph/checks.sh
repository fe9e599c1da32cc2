#!/bin/sh
# kg check: every quality check of the bundled graph passes, and a check
# does catch a violation when one is put into a store.
. "$srcdir/tests/lib.sh"

run "$KG" check
expect_rc 0 "kg check passes on the bundled graph"
failing=$(grep -c '^not ok' "$T/out")
[ "$failing" -eq 0 ]
ok $? "no check fails ($failing failing)"
sed -n 's/^not ok/#   not ok/p' "$T/out" | head -10
checks=$(grep -c '^ok' "$T/out")
[ "$checks" -ge 10 ]
ok $? "at least 10 checks ran ($checks)"

# A store whose graph breaks the rules: a capture with no time, quote or
# source, and two entities claiming one Wikidata item.
S="$T/broken"
cat >"$T/broken.ttl" <<'TTL'
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kgr: <https://kg.example.org/id/> .
@prefix kg: <https://kg.example.org/ontology#> .
kgr:bogus-event a kg:Capture , sem:Event ; sem:hasPlace kgr:hama .
kgr:a skos:exactMatch <http://www.wikidata.org/entity/Q1> .
kgr:b skos:exactMatch <http://www.wikidata.org/entity/Q1> .
TTL
"$KG" -q -s "$S" load "$srcdir"/ontology/*.ttl "$srcdir"/data/*.ttl "$T/broken.ttl" >/dev/null 2>&1
run "$KG" -s "$S" check
expect_rc 1 "kg check fails on a graph that breaks the rules"
grep -q '^not ok' "$T/out"
ok $? "and names the failing checks"
expect_out "bogus-event" "the violating event is shown"
expect_out "Q1" "the doubly claimed Wikidata item is shown"

done_testing
