#!/bin/sh
# Where kg finds the bundled graph when nothing says: a kg run from its
# build tree, never installed, with a fresh $HOME and no KG_DATADIR,
# KG_STORE or XDG_DATA_HOME, must still answer from the bundled graph.
. "$srcdir/tests/lib.sh"
Q="$srcdir/data/examples/01-who-captured-hama.rq"

# bare HOME CMD...: runs CMD with only HOME and PATH in the environment
# (and the sanitizers' suppressions, which are no kg setting).
bare() {
	h=$1
	shift
	env -i HOME="$h" PATH="$PATH" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
		LSAN_OPTIONS="${LSAN_OPTIONS:-}" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

mkdir "$T/home1"
bare "$T/home1" "$KG" query -f "$Q"
expect_rc 0 "an uninstalled kg answers from a fresh default store"
expect_out "HTS" "who captured Hama: HTS"
expect_out "2024-12-05" "on 2024-12-05"
expect_err "with the bundled graph from" "it says where the graph came from"
[ -f "$T/home1/.local/share/kg/default/data.mdb" ]
ok $? "the default store is under the fresh HOME"

# The same binary elsewhere: configure's source tree still has the graph.
mkdir "$T/bin" "$T/home2"
cp "$KG" "$T/bin/kg"
bare "$T/home2" "$T/bin/kg" query -f "$Q"
expect_rc 0 "a copy of the binary outside the tree"
expect_out "2024-12-05" "finds the graph in the source tree"

# No bundled graph where KG_DATADIR points: said plainly, not claimed.
mkdir "$T/home3" "$T/empty"
bare "$T/home3" env KG_DATADIR="$T/empty" "$KG" query 'ASK { ?s ?p ?o }'
expect_rc 0 "a kg without the bundled graph still opens a store"
expect_err "the bundled graph is not in $T/empty" "and says the graph is missing"
grep -q "with the bundled graph" "$T/err"
[ $? -ne 0 ]
ok $? "and does not claim to have loaded it"
expect_out "false" "the store it made is empty"

done_testing
