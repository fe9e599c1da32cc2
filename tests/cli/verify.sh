#!/bin/sh
# kg verify: a sound store passes; one with a quad taken out of one of
# its indexes (planted with qs_unindex) fails, naming the problem;
# Redland's stores are not kg's to verify.
. "$srcdir/tests/lib.sh"
D="$srcdir/tests/data"
S="$T/store"
: "${KG_UNINDEX:?KG_UNINDEX must name the qs_unindex helper}"

"$KG" -q -s "$S" load "$D/small.ttl" "$D/quads.nq"
ok $? "load two files"
run "$KG" -s "$S" verify
expect_rc 0 "verify passes on a sound store"
expect_out "is consistent" "and says so"
[ ! -s "$T/err" ]
ok $? "with nothing on stderr"
run "$KG" -q -s "$S" verify
[ "$rc" -eq 0 ] && [ ! -s "$T/out" ]
ok $? "--quiet: exit 0 and no output"

"$KG" -q -s "$S" update 'DELETE WHERE { GRAPH ?g { ?s ?p "Hama" } };
INSERT DATA { <http://example.org/x> <http://example.org/p> "a long literal, long enough to need more than one word" }'
ok $? "update the store"
run "$KG" -s "$S" verify
expect_rc 0 "verify passes after an update"

cp -r "$S" "$T/planted"
"$KG_UNINDEX" "$T/planted" 2
ok $? "plant: take a quad out of the ospg index alone"
run "$KG" -s "$T/planted" verify
expect_rc 1 "verify fails on it"
expect_err "kg: verify: " "each problem on its own line on stderr"
grep -q ospg "$T/err"
ok $? "naming the index"
lines=$(wc -l <"$T/err")
[ "$lines" -ge 1 ] && [ "$(grep -vc '^kg: verify: ' "$T/err")" -eq 0 ]
ok $? "stderr holds problem lines only ($lines)"
[ ! -s "$T/out" ]
ok $? "nothing on stdout"

cp -r "$S" "$T/planted2"
"$KG_UNINDEX" "$T/planted2" 0 && run "$KG" -s "$T/planted2" verify
expect_rc 1 "verify fails when the spog index misses a quad"

run "$KG" -s "$T/missing" verify
expect_rc 1 "verify of a store that does not exist"

"$KG" -q -s "hashes:$T/h" load "$D/small.ttl"
run "$KG" -s "hashes:$T/h" verify
expect_rc 1 "verify of Redland's store fails"
expect_err "verify checks kg's own store" "saying what it checks"

run "$KG" verify extra
expect_rc 2 "verify takes no argument"

done_testing
