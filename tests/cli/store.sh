#!/bin/sh
# The default store, locking, dump, graphs, stats.
. "$srcdir/tests/lib.sh"
D="$srcdir/tests/data"

run "$KG" query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' -o tsv
expect_rc 0 "the default store is created on first use"
triples=$(sed -n 2p "$T/out" | sed 's/^"\([0-9]*\)".*/\1/')
[ "${triples:-0}" -gt 0 ]
ok $? "the default store holds the bundled graph ($triples triples)"
[ -f "$KG_STORE/data.mdb" ]
ok $? "the default store lives at \$KG_STORE"

run "$KG" graphs
expect_out "https://kg.example.org/graph/" "bundled graphs are named"

run "$KG" stats
expect_rc 0 "stats"
expect_out "classes:" "stats lists classes"
expect_out "properties:" "stats lists properties"
expect_out "triples: $triples" "stats gives the real number of triples"
ngraphs=$("$KG" graphs | grep -c '^| <')
expect_out "named graphs: $ngraphs" "and of named graphs ($ngraphs)"
terms=$("$KG" query -o tsv 'SELECT (COUNT(DISTINCT ?t) AS ?n) {
	{ GRAPH ?g { ?t ?p ?o } } UNION { GRAPH ?g { ?s ?t ?o } } UNION
	{ GRAPH ?g { ?s ?p ?t } } UNION { GRAPH ?t { ?s ?p ?o } } }' |
	sed -n 2p | sed 's/^"\([0-9]*\)".*/\1/')
expect_out "distinct terms: $terms" "and of distinct terms ($terms)"
size=$(( $(stat -c %b "$KG_STORE/data.mdb") * $(stat -c %B "$KG_STORE/data.mdb") ))
used=$(sed -n 's/^disk: [0-9]* bytes, \([0-9]*\) in use$/\1/p' "$T/out")
expect_out "disk: $size bytes, " "and the disk space of the store's file"
[ -n "$used" ] && [ "$used" -gt 0 ] && [ "$used" -le "$size" ]
ok $? "and the bytes in use in it ($used of $size)"
run "$KG" -s "hashes:$T/stats-h" load "$srcdir/tests/data/small.ttl"
run "$KG" -s "hashes:$T/stats-h" stats
expect_out "triples: 4" "stats on Redland's store counts the triples"
expect_out "named graphs: 1" "and its graphs"
! grep -q "^disk:" "$T/out"
ok $? "and leaves out what it cannot tell"

# While a writer writes, readers read and a second writer waits for it,
# for --wait seconds at most.
S="$T/locked"
"$KG" -q -s "$S" load "$D/small.ttl" >/dev/null 2>&1
( flock -x 9; sleep 3 ) 9>"$S/writer.lock" &
sleep 1
run "$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
expect_rc 0 "a reader reads while another process writes"
expect_out '"4"' "and sees the last commit"
run "$KG" -s "$S" --wait 0.2 load "$D/small.ttl"
expect_rc 1 "a second writer gives up after --wait"
expect_err "another kg process is writing it" "with a clear message"
run "$KG" -s "$S" --wait 10 update 'INSERT DATA { <http://example.org/w> <http://example.org/p> 1 }'
expect_rc 0 "a second writer that waits long enough writes"
wait
run "$KG" --wait soon query 'ASK {}'
expect_rc 2 "--wait needs a number"

# Redland's Berkeley DB store, named explicitly: a writer holds the lock
# and a second writer gets a clear message.
H="$T/hashes"
"$KG" -q -s "hashes:$H" load "$D/small.ttl" >/dev/null 2>&1
[ -f "$H/kg-store" ]
ok $? "hashes:DIR makes Redland's store"
( flock -x 9; sleep 3 ) 9>"$H/kg.lock" &
sleep 1
run "$KG" -s "hashes:$H" load "$D/small.ttl"
expect_rc 1 "a second writer is refused"
expect_err "in use by another kg process" "with a clear message"
wait
run "$KG" -s "$H" query -o tsv 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
expect_out '"4"' "a directory kg 0.1 made opens as Redland's store"

run "$KG" -s memory query 'ASK {}'
expect_rc 0 "the memory store"

done_testing
