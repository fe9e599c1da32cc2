#!/bin/sh
# kg update: requests from an argument, a file and stdin; counts; errors
# with their exit codes; atomicity and recovery of an on-disk store.
. "$srcdir/tests/lib.sh"
S="$T/store"
D="$srcdir/tests/data"
EX='PREFIX ex: <http://example.org/>'
G=http://example.org/g

"$KG" -q -s "$S" load --graph "$G" "$D/small.ttl" >/dev/null 2>&1
count() { # count GRAPH: triples in GRAPH, as the TSV value
	"$KG" -s "$S" query -o tsv \
		"SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$1> { ?s ?p ?o } }" | tail -1
}
before=$(count "$G")

run "$KG" -s "$S" update "$EX INSERT DATA { GRAPH ex:g { ex:x ex:y \"z\" } }"
expect_rc 0 "INSERT DATA from an argument"
expect_err "1 added, 0 removed" "reports what it added and removed"
[ "$(count "$G")" != "$before" ]
ok $? "the graph grew"

printf '%s\nDELETE DATA { GRAPH ex:g { ex:x ex:y "z" } }\n' "$EX" >"$T/del.ru"
run "$KG" -s "$S" update -f "$T/del.ru"
expect_rc 0 "DELETE DATA from a file"
expect_err "0 added, 1 removed" "reports the removal"
[ "$(count "$G")" = "$before" ]
ok $? "the graph is as it was"

printf '%s INSERT DATA { ex:a ex:b ex:c }' "$EX" | "$KG" -q -s "$S" update \
	>"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "an update on standard input"
[ ! -s "$T/err" ]
ok $? "-q: nothing on stderr"

"$KG" -s "$S" dump | sort >"$T/before.nq"
run "$KG" -s "$S" update "$EX INSERT DATA { ex:a ex:b ex:d };
DELETE DATA { ex:a ex:b ex:c } ;
LOAD <file://$T/missing.ttl>"
expect_rc 1 "LOAD of a missing file fails the request"
expect_err "missing.ttl" "and names the file"
"$KG" -s "$S" dump | sort >"$T/after.nq"
cmp -s "$T/before.nq" "$T/after.nq"
ok $? "a failed request leaves the on-disk store as it was"
[ ! -e "$S/kg.txn" ] && [ ! -e "$S/kg.txn.tmp" ] && [ ! -e "$S/kg.txn.done" ]
ok $? "and no snapshot behind"

run "$KG" -s "$S" update "$EX INSERT DATA { ex:a ex:b ex:e };
DELETE DATA { ?x ex:b ex:c }"
expect_rc 1 "a malformed request fails"
expect_err "update:2:" "the error names the line of the request"
expect_err "DELETE DATA { ?x ex:b ex:c }" "and shows it"
"$KG" -s "$S" dump | sort >"$T/after.nq"
cmp -s "$T/before.nq" "$T/after.nq"
ok $? "nothing of it ran"

run "$KG" -s "$S" update --no-load "LOAD <file://$T/x.ttl>"
expect_rc 1 "--no-load forbids LOAD"
expect_err "LOAD is not allowed here" "and says so"

printf '<http://example.org/l> <http://example.org/p> "loaded" .\n' >"$T/l.nt"
run "$KG" -s "$S" update "LOAD <file://$T/l.nt> INTO GRAPH <http://example.org/l>"
expect_rc 0 "LOAD of a file: IRI"
[ "$(count http://example.org/l)" = '"1"^^<http://www.w3.org/2001/XMLSchema#integer>' ]
ok $? "into the graph named by INTO"

# kg load puts a file in a named graph; an update's WHERE reads the
# unnamed default graph, and says where its pattern would have matched.
run "$KG" -s "$S" update "DELETE WHERE { ?s <http://example.org/p> ?o }"
expect_rc 0 "an update whose WHERE misses the named graphs succeeds"
expect_err "0 added, 0 removed" "changing nothing"
expect_err "hint: the WHERE matched nothing in the default graph, but has 1 solution in named graphs" \
	"and says the pattern matches in a named graph"
expect_err "GRAPH ?g" "and how to reach it"
run "$KG" -s "$S" update "DELETE WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } }"
expect_err "0 added, 1 removed" "GRAPH ?g reaches it"

run "$KG" -s "$S" update --frobnicate 'CLEAR ALL'
expect_rc 2 "an unknown option is a usage error"
run "$KG" -s "$S" update 'CLEAR ALL' extra
expect_rc 2 "two arguments are a usage error"

# -D, -G and --print, as the W3C update tests drive kg
printf '<http://example.org/s> <http://example.org/p> "d" .\n' >"$T/d.nt"
printf '<http://example.org/s> <http://example.org/p> "n" .\n' >"$T/n.nt"
run "$KG" -q -s memory update -D "$T/d.nt" -G "http://example.org/n=$T/n.nt" \
	--print 'ADD <http://example.org/n> TO DEFAULT'
expect_rc 0 "-D, -G IRI=FILE and --print"
expect_out '<http://example.org/s> <http://example.org/p> "n" .' \
	"--print writes the default graph without a label"
expect_out '<http://example.org/s> <http://example.org/p> "n" <http://example.org/n> .' \
	"and the named graphs with theirs"

# Redland's on-disk store has no transactions: an update copies its
# files aside first.  A writer that died after its snapshot: the next
# open restores it.
"$KG" -q -s "hashes:$T/h" load "$srcdir/tests/data/small.ttl"
S="$T/h"
"$KG" -s "$S" dump | sort >"$T/before.nq"
mkdir "$T/snap"
cp "$S"/kg-*.db "$T/snap/"
"$KG" -q -s "$S" update 'CLEAR ALL'
run "$KG" -s "$S" dump
[ ! -s "$T/out" ]
ok $? "(the store was emptied)"
mv "$T/snap" "$S/kg.txn"
"$KG" -s "$S" dump | sort >"$T/after.nq"
cmp -s "$T/before.nq" "$T/after.nq"
ok $? "a snapshot left by a dead writer is restored at open"
[ ! -e "$S/kg.txn" ]
ok $? "and then removed"

# A snapshot half made when the writer died: the store was not touched.
mkdir "$S/kg.txn.tmp"
cp "$S/kg-sp2o.db" "$S/kg.txn.tmp/"
"$KG" -q -s "$S" update 'CLEAR ALL'
[ ! -e "$S/kg.txn.tmp" ]
ok $? "a half-made snapshot is deleted"
run "$KG" -s "$S" dump
[ ! -s "$T/out" ]
ok $? "and the update ran"

done_testing
