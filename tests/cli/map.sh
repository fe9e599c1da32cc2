#!/bin/sh
# kg's own store keeps its data file no larger than needed and grows
# its map as a write needs (kg/store/lmdb/env.c): a load, an update that
# reads everything before it changes it, and one request that writes
# far more than the map holds all succeed in one go, and the store
# verifies.  KG_QS_MAP_MIN makes the first map 1 MiB instead of 256, so
# a few megabytes outgrow it.
. "$srcdir/tests/lib.sh"
export KG_QS_MAP_MIN=1048576
S="$T/store"
Q='SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }'
count() { "$KG" -s "$S" query -o tsv "$Q" | sed -n '2s/^"\([0-9]*\)".*/\1/p'; }
mib() { echo $(( $(stat -c %s "$S/data.mdb") >> 20 )); }

awk 'BEGIN { for (i = 0; i < 30000; i++)
	printf "<http://example.org/s%d> <http://example.org/p%d> \"value %d\" .\n",
		i, i % 7, i }' >"$T/d.nt"
"$KG" -q -s "$S" load "$srcdir/tests/data/small.ttl"
ok $? "a new store"
first=$(mib)
run "$KG" -q -s "$S" load --graph http://example.org/g "$T/d.nt"
expect_rc 0 "a load of 30,000 triples grows the map as it goes"
[ "$(count)" = 30004 ]
ok $? "and they are all there"
grown=$(mib)
[ "$grown" -gt "$first" ]
ok $? "the data file grew with the map: $first MiB, then $grown MiB"

# Every triple read by the WHERE, then deleted and inserted elsewhere:
# the reading holds a snapshot, under which the map cannot move, so the
# room is made before it begins.
run "$KG" -q -s "$S" update 'WITH <http://example.org/g> DELETE { ?s ?p ?o }
INSERT { GRAPH <http://example.org/h> { ?s ?p ?o } } WHERE { ?s ?p ?o }'
expect_rc 0 "an update moving every triple to another graph"
run "$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/h> { ?s ?p ?o } }'
expect_out '"30000"' "moved whole"

# One request writing about 12 MiB of new literals, more than twice
# the store: its transaction runs out of room, is undone, and runs
# again with a map twice as large, without a word to the user.
big='INSERT { GRAPH <http://example.org/big> { ?s <http://example.org/text> ?t } }
WHERE { VALUES ?i { 1 2 3 4 5 6 } BIND(IRI(CONCAT("http://example.org/b", STR(?i))) AS ?s)
BIND(CONCAT(STR(?i), "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz") AS ?a1)
BIND(CONCAT(?a1, ?a1) AS ?a2) BIND(CONCAT(?a2, ?a2) AS ?a3) BIND(CONCAT(?a3, ?a3) AS ?a4)
BIND(CONCAT(?a4, ?a4) AS ?a5) BIND(CONCAT(?a5, ?a5) AS ?a6) BIND(CONCAT(?a6, ?a6) AS ?a7)
BIND(CONCAT(?a7, ?a7) AS ?a8) BIND(CONCAT(?a8, ?a8) AS ?a9) BIND(CONCAT(?a9, ?a9) AS ?a10)
BIND(CONCAT(?a10, ?a10) AS ?a11) BIND(CONCAT(?a11, ?a11) AS ?a12) BIND(CONCAT(?a12, ?a12) AS ?a13)
BIND(CONCAT(?a13, ?a13) AS ?a14) BIND(CONCAT(?a14, ?a14) AS ?a15) BIND(CONCAT(?a15, ?a15) AS ?t) }'
for S in "$S" "$T/fresh"; do
	"$KG" -q -s "$S" load "$srcdir/tests/data/small.ttl"
	before=$(mib)
	run "$KG" -s "$S" update "$big"
	expect_rc 0 "a request writing $((6 * 63 * 32768 >> 20)) MiB into a store of $before MiB"
	expect_err "6 added" "all six literals added"
	! grep -q "full" "$T/err"
	ok $? "and nothing said of the map that ran out"
	run "$KG" -s "$S" query -o tsv 'SELECT (SUM(STRLEN(?t)) AS ?n) { GRAPH <http://example.org/big> { ?s ?p ?t } }'
	expect_out "\"$((6 * 63 * 32768))\"" "at their full length"
	[ "$(mib)" -ge 16 ]
	ok $? "the data file grew: $before MiB, now $(mib) MiB"
	run "$KG" -s "$S" verify
	expect_rc 0 "kg verify passes"
done

# A transaction of several files that runs out is loaded again.
S="$T/files"
split -l 10000 --additional-suffix=.nt "$T/d.nt" "$T/part."
run "$KG" -s "$S" load "$T"/part.*
expect_rc 0 "three files in one transaction, into a new store"
[ "$(count)" = 30000 ]
ok $? "all their triples are there"
! grep -q "full" "$T/err"
ok $? "and nothing said of the map that ran out"
run "$KG" -s "$S" verify
expect_rc 0 "kg verify passes"

# Standard input cannot be read twice: it is given room for a gigabyte
# at once (address space: the file stays sparse).
S="$T/stdin"
"$KG" -q -s "$S" load "$srcdir/tests/data/small.ttl"
run "$KG" -s "$S" load --format ntriples - <"$T/d.nt"
expect_rc 0 "a load from standard input"
[ "$(count)" = 30004 ]
ok $? "all its triples are there"
used=$(du -sk "$S" | cut -f1)
[ "$used" -lt 65536 ]
ok $? "the room it was given is not on disk: $used KiB used"
done_testing
