#!/bin/sh
# kg load: formats, graphs, errors that leave the store unchanged.
. "$srcdir/tests/lib.sh"
S="$T/store"
D="$srcdir/tests/data"

run "$KG" -s "$S" load "$D/small.ttl"
expect_rc 0 "load a Turtle file"
run "$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_out '"4"^^<http://www.w3.org/2001/XMLSchema#integer>' "4 triples loaded"

run "$KG" -s "$S" load "$D/small.ttl"
expect_rc 0 "load the same file again"
run "$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_out '"4"^^<http://www.w3.org/2001/XMLSchema#integer>' "still 4: graphs are sets"

run "$KG" -s "$S" dump
cp "$T/out" "$T/before.nq"

run "$KG" -s "$S" load "$D/bad.ttl"
expect_rc 1 "malformed Turtle fails"
expect_err "bad.ttl:4" "error names file and line"
expect_err '  ex:d ex:e "unterminated .' "error shows the offending line"
expect_err "nothing was loaded" "error says nothing was loaded"
run "$KG" -s "$S" dump
cmp -s "$T/out" "$T/before.nq"
ok $? "store unchanged after the failed load"

# One transaction per command: a file that fails takes the others with
# it, on kg's own store.
run "$KG" -s "$S" load "$D/quads.nq" "$T/missing.ttl" "$D/small.ttl"
expect_rc 1 "a load of three files, the second missing, fails"
expect_err "none of the 3 files was loaded" "and says none was loaded"
printf '<http://example.org/m> <http://example.org/p> "m" .\n' >"$T/m.nt"
run "$KG" -s "$S" load "$D/quads.nq" "$T/m.nt" "$D/bad.ttl"
expect_rc 1 "a load whose last file is malformed fails"
expect_err "none of the 3 files was loaded" "and says none was loaded"
run "$KG" -s "$S" dump
cmp -s "$T/out" "$T/before.nq"
ok $? "the files before the malformed one were not loaded either"
run "$KG" -s "$S" verify
expect_rc 0 "the store verifies after the rolled-back load"
"$KG" -q -s "hashes:$T/h" load "$D/small.ttl" >/dev/null 2>&1
run "$KG" -s "hashes:$T/h" load "$T/m.nt" "$D/bad.ttl" "$D/quads.nq"
expect_rc 1 "on Redland's store a malformed file fails too"
expect_err "1 file before it loaded, 1 after it not read" \
	"and the files before it stay (no transaction there)"
run "$KG" -s "hashes:$T/h" query -o tsv 'ASK { ?s ?p "m" }'
expect_out "true" "the first file is there"
run "$KG" -s "$T/two" load "$D/quads.nq" "$T/m.nt"
expect_rc 0 "a load of two good files"
run "$KG" -s "$T/two" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_out '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' "loads both"

run "$KG" -s "$S" load "$T/missing.ttl"
expect_rc 1 "missing file fails"
expect_err "cannot open" "and says it cannot open it"

run "$KG" -s "$S" load "$D/quads.nq"
expect_rc 0 "load N-Quads"
run "$KG" -s "$S" graphs
expect_out "<http://example.org/g1>" "quads keep their own graph"

run "$KG" -s "$S" load --graph http://example.org/mine "$D/small.ttl"
expect_rc 0 "load into a named graph"
run "$KG" -s "$S" graphs
expect_out "<http://example.org/mine>" "the named graph exists"

run "$KG" -s "$S" load --format turtle - <"$D/small.ttl"
expect_rc 0 "load from standard input"

run "$KG" -s "$S" load "$D/small.unknown"
expect_rc 1 "unknown extension fails"
expect_err "--format" "and suggests --format"

# load, dump, load the dump into a new store: same dataset
run "$KG" -s "$S" dump --format nquads
cp "$T/out" "$T/d1.nq"
run "$KG" -s "$T/store2" load "$T/d1.nq"
expect_rc 0 "load the dump into a new store"
run "$KG" -s "$T/store2" dump --format nquads
# Blank node labels are scoped per load, so compare with labels masked;
# the data has one blank node per statement, where masking loses nothing.
mask() { sed 's/_:[A-Za-z0-9_]*/_:B/g' "$1" | sort; }
mask "$T/d1.nq" >"$T/a"; mask "$T/out" >"$T/b"
cmp -s "$T/a" "$T/b"
ok $? "load, dump, load again gives the same dataset"

# A triple loaded into the default graph while a named graph holds it
# already: Redland would silently skip it (its hashes storage adds a
# statement without a graph only if no graph holds it).
printf '<http://e/a> <http://e/p> <http://e/b> <http://e/g> .\n' >"$T/g.nq"
printf '<http://e/a> <http://e/p> <http://e/b> .\n' >"$T/d.nt"
run "$KG" -q -s "$T/both" load "$T/g.nq"
run "$KG" -q -s "$T/both" load --default-graph "$T/d.nt"
expect_rc 0 "load --default-graph of a triple a named graph holds"
run "$KG" -s "$T/both" dump
expect_out '<http://e/a> <http://e/p> <http://e/b> .' "the default graph has it"
expect_out '<http://e/a> <http://e/p> <http://e/b> <http://e/g> .' "and the named graph keeps it"

done_testing
