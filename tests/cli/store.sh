#!/bin/sh
# The default store, locking, dump, graphs, stats.
. "$srcdir/tests/lib.sh"
D="$srcdir/tests/data"

run "$KG" query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' -o tsv
expect_rc 0 "the default store is created on first use"
triples=$(sed -n 2p "$T/out" | sed 's/^"\([0-9]*\)".*/\1/')
[ "${triples:-0}" -gt 0 ]
ok $? "the default store holds the bundled graph ($triples triples)"
[ -f "$KG_STORE/kg-store" ]
ok $? "the default store lives at \$KG_STORE"

run "$KG" graphs
expect_out "https://kg.example.org/graph/" "bundled graphs are named"

run "$KG" stats
expect_rc 0 "stats"
expect_out "classes:" "stats lists classes"
expect_out "properties:" "stats lists properties"

# A writer holds the lock: a second writer gets a clear message.
S="$T/locked"
"$KG" -q -s "$S" load "$D/small.ttl" >/dev/null 2>&1
( flock -x 9; sleep 3 ) 9>"$S/kg.lock" &
sleep 1
run "$KG" -s "$S" load "$D/small.ttl"
expect_rc 1 "a second writer is refused"
expect_err "in use by another kg process" "with a clear message"
wait

run "$KG" -s memory query 'ASK {}'
expect_rc 0 "the memory store"

done_testing
