#!/bin/sh
# The Redland storage module librdf_storage_kg.so, loaded by Redland's own
# rdfproc from the build tree: rdfproc reads a quad store that kg's quad
# store code wrote (tests/cli/quads), and what rdfproc writes, kg reads.
. "$srcdir/tests/lib.sh"
if ! command -v rdfproc >/dev/null 2>&1; then
	echo "1..0 # SKIP rdfproc not found (Debian: redland-utils)"
	exit 0
fi
: "${KG_BUILDDIR:?KG_BUILDDIR must name the build tree}"
so="$KG_BUILDDIR/kg/store/librdf_storage_kg.so"
QUADS="$KG_BUILDDIR/tests/cli/quads"
# REDLAND_MODULE_PATH replaces librdf's module directory: rdfproc finds
# this build's module and no installed one.
REDLAND_MODULE_PATH="$KG_BUILDDIR/kg/store"
export REDLAND_MODULE_PATH
# In a sanitizer build the module needs the sanitizer runtime loaded
# first, and rdfproc's own allocations are not ours to check for leaks.
asan=$(ldd "$so" 2>/dev/null | awk '/libasan/ {print $3}')
if [ -n "$asan" ]; then
	LD_PRELOAD="$asan"
	export LD_PRELOAD
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
fi
S="$T/store"
EX=http://example.org
rdfproc_kg() { # rdfproc_kg [OPTION...] COMMAND ARG...
	run rdfproc -s kg -t "dir='$S'" "$@"
}
sorted_out() {
	LC_ALL=C sort "$T/out" >"$T/sorted" && mv "$T/sorted" "$T/out"
}

run "$QUADS" fill "$S"
expect_rc 0 "kg's quad store code writes 5 quads, 2 in a named graph"

rdfproc_kg kgstore print
expect_rc 0 "rdfproc -s kg print"
sed 's/^/#   /' "$T/out"
expect_out "<$EX/s1> <$EX/name> \"Alice\"." "a plain literal"
expect_out "<$EX/s1> <$EX/name> \"Alice en France\"@fr." \
	"a literal with a language tag"
expect_out "<$EX/s1> <$EX/age> \"42\"^^<http://www.w3.org/2001/XMLSchema#integer>." \
	"a typed literal"
expect_out "<$EX/s1> <$EX/knows> <$EX/s2> with context <$EX/g1>." \
	"a quad of a named graph, with its context"
expect_out "_:b1 <$EX/knows> <$EX/s1> with context <$EX/g1>." \
	"a blank node"
[ "$(grep -c '^  ' "$T/out")" -eq 5 ]
ok $? "5 statements and no more"

rdfproc_kg kgstore size
expect_out "graph has 5 triples" "size"
rdfproc_kg kgstore contexts
expect_out "<$EX/g1>" "contexts lists g1"
rdfproc_kg kgstore find - "$EX/knows" -
expect_err "matching triples: 2" "find by predicate"
rdfproc_kg kgstore find "$EX/s1" - - "$EX/g1"
expect_err "matching triples: 1" "find in a context"
rdfproc_kg kgstore contains "$EX/s1" "$EX/name" Alice
expect_err "graph contains the triple" "contains"
rdfproc_kg kgstore query sparql - \
	"SELECT ?o WHERE { <$EX/s1> <$EX/name> ?o } ORDER BY ?o"
expect_rc 0 "a SPARQL query through rasqal"
expect_out '"Alice en France"@fr' "finds the tagged name"

# Redland writes, kg reads.
rdfproc_kg kgstore add "$EX/s3" "$EX/name" Carol "$EX/g2"
expect_rc 0 "add in a new context"
rdfproc_kg kgstore remove "$EX/s1" "$EX/name" Alice
expect_rc 0 "remove from the default graph"
rdfproc_kg kgstore remove-context "$EX/g1"
expect_rc 0 "remove a whole context"
run "$QUADS" dump "$S"
sorted_out
cat >"$T/want" <<EOF
<$EX/s1> <$EX/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
<$EX/s1> <$EX/name> "Alice en France"@fr .
<$EX/s3> <$EX/name> "Carol" <$EX/g2> .
EOF
cmp -s "$T/want" "$T/out"
ok $? "kg reads what rdfproc wrote"
cmp -s "$T/want" "$T/out" || diff "$T/want" "$T/out" | sed 's/^/#   /'

rdfproc_kg -n kgstore add "$EX/a" "$EX/b" c
expect_rc 0 "rdfproc --new empties the store, then adds"
run "$QUADS" dump "$S"
[ "$(cat "$T/out")" = "<$EX/a> <$EX/b> \"c\" ." ]
ok $? "only the new triple is left"

run rdfproc -s kg -t "dir='$T/missing',write='no'" kgstore print
expect_rc 1 "a read-only open of a missing store fails"
expect_err "Failed to open kg storage" "and says so"

done_testing
