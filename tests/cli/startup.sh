#!/bin/sh
# startup.sh: kg's start-up maps no Redland.  The kg binary names none
# of librdf, Raptor, Rasqal, libcurl or libmicrohttpd among the libraries it needs, a
# query on kg's own store loads none of them, and what needs Redland
# (a Turtle load, a hashes: store) loads the plugin and works
# (kg/store/plugin.h, doc/architecture.md).
. "$srcdir/tests/lib.sh"

needed=$(readelf -d "$KG" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
test -n "$needed"
ok $? "readelf lists the libraries kg needs"
bad=$(printf '%s\n' "$needed" | grep -E 'librdf|raptor|rasqal|curl|xml|icu|microhttpd|gnutls' || true)
test -z "$bad"
ok $? "kg links no Redland, Raptor, Rasqal, curl, microhttpd, GnuTLS, XML or ICU library${bad:+: $bad}"
# Every shared library costs each start its mapping and relocation: kg
# needs libc alone (libm, readline, curl and the rest are loaded by the
# commands that use them).
own=$(printf '%s\n' "$needed" | grep -v -E '^lib(asan|ubsan)\.' | tr '\n' ' ')
test "$own" = "libc.so.6 "
ok $? "the kg binary needs libc alone (and a sanitizer's runtime): $own"

# The libraries a run maps, as the dynamic loader reports them.
loaded() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null |
		sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u
}

S="$T/native"
run "$KG" -s "$S" load "$srcdir/tests/data/quads.nq"
expect_rc 0 "an N-Quads load into kg's own store"
libs=$(loaded "$KG" -s "$S" query 'ASK { ?s ?p ?o }')
printf '%s\n' "$libs" | grep -q 'libc\.so'
ok $? "the dynamic loader's report names the libraries a query maps"
bad=$(printf '%s\n' "$libs" | grep -E 'kg-redland|librdf|raptor|rasqal|curl|microhttpd|gnutls|readline|tinfo' || true)
test -z "$bad"
ok $? "a query on kg's own store maps no Redland, curl or readline${bad:+: $bad}"
run "$KG" -s "$S" query 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }'
expect_rc 0 "the query runs"

libs=$(loaded "$KG" -s "$S" load "$srcdir/ontology/kg.ttl")
printf '%s\n' "$libs" | grep -q 'kg-redland\.so'
ok $? "a Turtle load loads the plugin"
printf '%s\n' "$libs" | grep -q 'libraptor2'
ok $? "and Raptor with it"
run "$KG" -s "$S" query 'ASK { GRAPH ?g { ?c a <http://www.w3.org/2002/07/owl#Class> } }'
expect_out "true" "the Turtle file's quads are in the store"

# readline is the shell's alone, loaded when a terminal's shell starts
# (the pty tests drive it); its keymaps are not relocated at every start.
nrel=$(readelf -r "$KG" | grep -c 'R_X86_64_RELATIVE' || true)
syms=$(readelf -sW "$KG" | grep -cE ' (rl_[a-z_]+|readline|emacs_standard_keymap)$' || true)
test "$syms" -eq 0
ok $? "kg links no readline symbol ($syms; $nrel relative relocations)"

H="hashes:$T/hashes"
libs=$(loaded "$KG" -s "$H" load "$srcdir/ontology/kg.ttl")
printf '%s\n' "$libs" | grep -q 'librdf'
ok $? "a hashes: store loads librdf through the plugin"
run "$KG" -s "$H" query 'ASK { GRAPH ?g { ?c a <http://www.w3.org/2002/07/owl#Class> } }'
expect_out "true" "and answers from what it loaded"

done_testing
