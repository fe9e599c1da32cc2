#!/bin/sh
# kg links suggest and accept against the Wikidata-shaped fixture on
# loopback: an entity whose link was removed gets its item back ranked
# first, one whose name no item has gets nothing, nothing is added
# until a person accepts a row, and accept adds exactly those rows (or,
# for a malformed review file, nothing, with file:line).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/server/server-lib.sh"
. "$srcdir/tests/links/links-lib.sh"

S="$T/s"
data_store "$S"
ok $? "the bundled graph loads into a store"
fixture_store "$T/f"
ok $? "the fixture loads into another"
start_server fixture -s "$T/f" -q
url=$(sparql_url)

count_links() {
	"$KG" -s "$S" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE {
	  ?e skos:exactMatch ?i }' | sed -n '2s/"\([0-9]*\)".*/\1/p'
}
hama=$(item_of kgr:hama "$S")
[ -n "$hama" ]
ok $? "Hama is linked ($hama)"
"$KG" -q -s "$S" update 'DELETE WHERE { GRAPH ?g { kgr:hama skos:exactMatch ?i } }' \
	>/dev/null 2>&1
[ -z "$(item_of kgr:hama "$S")" ]
ok $? "the test removes Hama's link"
# HTS has no identifier in the reference table, so none in the fixture.
"$KG" -s "$S" query -o tsv 'ASK { kgr:hts rdfs:label ?l
  FILTER NOT EXISTS { kgr:hts skos:exactMatch|skos:closeMatch ?i } }' >"$T/ask"
grep -qx true "$T/ask"
ok $? "HTS has a label and no link"
before=$(count_links)

"$KG" -s "$S" dump >"$T/dump0" 2>/dev/null
run "$KG" -s "$S" links suggest --endpoint "$url" -o "$T/review.tsv"
expect_rc 0 "suggest"
"$KG" -s "$S" dump >"$T/dump1" 2>/dev/null
cmp -s "$T/dump0" "$T/dump1"
ok $? "suggest adds nothing to the store"
grep -v '^#' "$T/review.tsv" | head -1 | grep -q '^decision	entity	item	'
ok $? "the review file is TSV with a header"
awk -F '\t' '$2 == "kgr:hama" && $4 == 1 { print $3 }' "$T/review.tsv" >"$T/first"
[ "$(cat "$T/first")" = "wd:${hama##*/}" ]
ok $? "Hama's own item is proposed, ranked first ($(cat "$T/first"))"
awk -F '\t' '$2 == "kgr:hama" && $4 == 1' "$T/review.tsv" |
	grep -q '	label "Hama"@en	yes (place, '
ok $? "with its evidence: the label, the class that fits"
awk -F '\t' '$2 == "kgr:hama" && $4 == 1 { print $8 }' "$T/review.tsv" |
	grep -qx '0.0'
ok $? "and the distance"
awk -F '\t' '!/^#/ && $1 != "" && $1 != "decision"' "$T/review.tsv" | grep -q .
[ $? -ne 0 ]
ok $? "every decision is left empty"
grep -q '	kgr:hts	' "$T/review.tsv"
[ $? -ne 0 ]
ok $? "nothing is proposed for HTS, whose name no item has"

# A person accepts Hama's first candidate (and rejects another row).
awk -F '\t' 'BEGIN { OFS = "\t" }
	$2 == "kgr:hama" && $4 == 1 { $1 = "accept" }
	!/^#/ && $1 == "" && $2 != "entity" && !done { $1 = "reject"; done = 1 }
	{ print }' "$T/review.tsv" >"$T/decided.tsv"
run "$KG" -s "$S" links accept "$T/decided.tsv"
expect_rc 0 "accept"
[ "$(item_of kgr:hama "$S")" = "$hama" ]
ok $? "Hama is linked to its item again"
[ "$(count_links)" -eq $((before + 1)) ]
ok $? "and that is the one link added ($before, now $(count_links))"
"$KG" -s "$S" query -o tsv 'SELECT ?from ?t WHERE { GRAPH ?g {
  kgr:hama skos:exactMatch ?i . ?g prov:wasDerivedFrom ?from ;
  prov:generatedAtTime ?t } }' >"$T/prov"
grep -q 'decided.tsv>	"' "$T/prov"
ok $? "with its provenance: the review file and the time"
run "$KG" -s "$S" links check --endpoint "$url"
expect_rc 0 "and the link passes kg links check"

# Malformed review files: refused with file:line, nothing added.
"$KG" -s "$S" dump >"$T/dump2" 2>/dev/null
refused() { # refused FILE LINE DESCRIPTION
	run "$KG" -s "$S" links accept "$1"
	expect_rc 1 "$3: refused"
	expect_err "$1:$2: " "$3: the message names $(basename "$1"):$2"
}
awk -F '\t' 'BEGIN { OFS = "\t" } !/^#/ && $2 == "kgr:hama" { $1 = "maybe" }
	{ print }' "$T/review.tsv" >"$T/maybe.tsv"
line=$(grep -n '	kgr:hama	' "$T/maybe.tsv" | head -1 | cut -d: -f1)
refused "$T/maybe.tsv" "$line" "a decision that is not accept or reject"
awk -F '\t' 'BEGIN { OFS = "\t" } !/^#/ && $2 == "kgr:hama" { $1 = "accept"; NF = 4 }
	{ print }' "$T/review.tsv" >"$T/short.tsv"
refused "$T/short.tsv" "$line" "a row with columns missing"
awk -F '\t' 'BEGIN { OFS = "\t" } !/^#/ && $2 == "kgr:hama" { $1 = "accept"; $3 = "Hama" }
	{ print }' "$T/review.tsv" >"$T/item.tsv"
refused "$T/item.tsv" "$line" "an item that is no Wikidata item"
printf 'entity\titem\nkgr:hama\twd:Q1\n' >"$T/header.tsv"
refused "$T/header.tsv" 1 "a file without the review header"
"$KG" -s "$S" dump >"$T/dump3" 2>/dev/null
cmp -s "$T/dump2" "$T/dump3"
ok $? "the refused files changed nothing"

done_testing
