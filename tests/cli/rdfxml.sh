#!/bin/sh
# RDF/XML output (kg/render/rdfxml.c): the bundled graph written as
# RDF/XML is the graph itself again when two other RDF/XML readers
# (Raptor's rapper and rdflib) read it back, odd literals included, and
# what RDF/XML cannot say is an error that names it.
. "$srcdir/tests/lib.sh"
ALL='CONSTRUCT WHERE { ?s ?p ?o }'

run "$KG" query -o rdfxml "$ALL"
expect_rc 0 "CONSTRUCT as RDF/XML"
cp "$T/out" "$T/g.rdf"
"$KG" query -o ntriples "$ALL" >"$T/g.nt"
triples=$(sort -u "$T/g.nt" | wc -l)
rapper -q -i rdfxml -o ntriples "$T/g.rdf" file:///base >"$T/back.nt" 2>"$T/err"
ok $? "rapper reads it"
[ "$(sort -u "$T/back.nt" | wc -l)" -eq "$triples" ]
ok $? "and finds the $triples triples of the N-Triples output"

# rdflib compares the two graphs, blank nodes included.
iso() { # iso RDFXML NTRIPLES: exit 0 when the graphs are isomorphic
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys
import rdflib
from rdflib.compare import isomorphic
a = rdflib.Graph().parse(sys.argv[1], format="xml")
b = rdflib.Graph().parse(sys.argv[2], format="nt")
print("# %d and %d triples" % (len(a), len(b)))
sys.exit(0 if len(a) == len(b) and isomorphic(a, b) else 1)
PY
}
iso "$T/g.rdf" "$T/g.nt"
ok $? "rdflib reads the same graph as from N-Triples"

# Literals and names that need escaping or another form.
Q='CONSTRUCT {
  _:a <http://example.org/p> "a < b & c > d \"quoted\"\nsecond line\ttab"@en-GB ;
      <http://example.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> ;
      <http://example.org/p> "plain" ;
      <http://example.org/p> "x"^^<http://example.org/dt?a=1&b=2> ;
      <http://example.org/ns#q> _:b ;
      <http://example.org/ns#q> <http://example.org/o?x=1&y=2> .
  <http://example.org/s> <http://example.org/caf%C3%A9/n\u00e9> "\u062d\u0645\u0627\u0647"@ar .
} WHERE {}'
run "$KG" query -o rdfxml "$Q"
expect_rc 0 "literals with markup, quotes, newlines, tabs; a datatype and an object IRI with &"
cp "$T/out" "$T/odd.rdf"
"$KG" query -o ntriples "$Q" >"$T/odd.nt"
iso "$T/odd.rdf" "$T/odd.nt"
ok $? "read back by rdflib as the same graph"
rapper -q -i rdfxml -o ntriples "$T/odd.rdf" file:///base >/dev/null 2>"$T/err"
ok $? "and by rapper"

run "$KG" query -o rdfxml 'CONSTRUCT { <http://example.org/s> <http://example.org/123> 1 } WHERE {}'
expect_rc 1 "a predicate that does not end in an XML name"
expect_err "<http://example.org/123>" "is an error naming it"
run "$KG" query -o rdfxml 'CONSTRUCT { <http://example.org/s> <http://example.org/p> ?x } WHERE { BIND(CONCAT("a", "\u0001") AS ?x) }'
expect_rc 1 "a control character, which XML 1.0 cannot hold"
run "$KG" query -o rdfxml 'SELECT * { ?s ?p ?o } LIMIT 1'
expect_rc 1 "RDF/XML of a SELECT"
expect_err "CONSTRUCT or DESCRIBE" "says it needs a graph"

run "$KG" dump --format rdfxml
expect_rc 0 "kg dump --format rdfxml"
iso "$T/out" "$T/g.nt"
ok $? "the dump is the graph the query gave"
done_testing
