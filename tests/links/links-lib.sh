# links-lib.sh: what the tests of `kg links` share (sourced after
# tests/lib.sh and tests/server/server-lib.sh): the bundled graph in a
# store, and the Wikidata-shaped fixture, generated from the reference
# table by wikidata-fixture.py, in a store that `kg serve` serves.

# data_store DIR [DATA.ttl]: the ontology, the reference table and the
# data (DATA.ttl in place of data/offensive-2024.ttl) in a new store.
data_store() {
	"$KG" -q -s "$1" load "$srcdir"/ontology/*.ttl \
		"$srcdir/data/reference.ttl" "$srcdir/data/acled-mapping.ttl" \
		"${2:-$srcdir/data/offensive-2024.ttl}" >/dev/null 2>&1
}

# fixture_store DIR: the fixture in a new store's default graph, where
# an update without GRAPH can plant a disagreement.
fixture_store() {
	[ -s "$T/fixture.nt" ] ||
		/usr/bin/python3 "$srcdir/tests/links/wikidata-fixture.py" \
			"$srcdir/data/reference.ttl" \
			"$srcdir/data/links/classes.ttl" >"$T/fixture.nt" || return 1
	"$KG" -q -s "$1" load --default-graph "$T/fixture.nt" >/dev/null 2>&1
}

# item_of ENTITY STORE: the IRI of the Wikidata item ENTITY links to.
item_of() {
	"$KG" -s "$2" query -o tsv \
		"SELECT ?i WHERE { $1 skos:exactMatch|skos:closeMatch ?i }" |
		sed -n '2s/^<\(.*\)>$/\1/p'
}

# sparql_url: the endpoint of the server start_server started last.
sparql_url() {
	echo "$URL/sparql"
}
