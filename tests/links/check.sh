#!/bin/sh
# kg links check and refresh against a Wikidata-shaped fixture (made
# from the reference table by wikidata-fixture.py) served by `kg serve`
# on loopback: the true data agrees; a swapped link, a point moved
# 200 km, a wrong class, a redirected and a deleted item are each
# reported with the entity named; the snapshot kept in <urn:kg:wikidata>
# gives the same report offline, with the server stopped.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/server/server-lib.sh"
. "$srcdir/tests/links/links-lib.sh"

data_store "$T/s"
ok $? "the bundled graph loads into a store"
fixture_store "$T/f"
ok $? "the fixture generated from the reference table loads into another"
start_server true -s "$T/f"
[ -n "$URL" ]
ok $? "kg serve serves the fixture on loopback"
true_url=$(sparql_url)

links=$("$KG" -s "$T/s" query -o tsv 'SELECT (COUNT(*) AS ?n) WHERE {
  ?e skos:exactMatch|skos:closeMatch ?i }' | sed -n '2s/"\([0-9]*\)".*/\1/p')
run "$KG" -s "$T/s" links check --endpoint "$true_url"
expect_rc 0 "check: the true data agrees with the fixture"
[ ! -s "$T/out" ]
ok $? "and nothing is reported"
expect_err "$links links compared" "every link ($links) was compared"
# In batches of VALUES, not a request per item: two requests (facts,
# classes) per 40 items, and one request per item with KG_LINKS_BATCH=1.
# (The server logs a request once its answer is sent, so wait a little
# for the count to settle.)
requests() { # requests: the /sparql requests in the log once it is still
	c=-1
	i=0
	while [ $i -lt 20 ]; do
		n=$(grep -c ' /sparql ' "$T/true.log")
		[ "$n" -eq "$c" ] && break
		c=$n
		i=$((i + 1))
		sleep 0.1
	done
	echo "$c"
}
items=$(sed -n 's/^kg links: \([0-9]*\) items fetched.*/\1/p' "$T/err")
got=$(requests)
[ -n "$items" ] && [ "$got" -eq $((2 * ((items + 39) / 40))) ]
ok $? "the $items items are fetched in $got requests"
: >"$T/true.log"
run env KG_LINKS_BATCH=1 "$KG" -s "$T/s" links check --endpoint "$true_url"
expect_rc 0 "check: one item a request (KG_LINKS_BATCH=1) agrees too"
got=$(requests)
[ "$got" -eq $((2 * items)) ]
ok $? "in two requests per item ($got)"
"$KG" -s "$T/s" query -o tsv 'SELECT ?g ?t ?from WHERE { GRAPH ?g {
  ?g prov:generatedAtTime ?t ; prov:wasDerivedFrom ?from } }' >"$T/meta"
grep -q "^<urn:kg:wikidata>	\".*\"^^<http://www.w3.org/2001/XMLSchema#dateTime>	<$true_url>\$" "$T/meta"
ok $? "the snapshot is in <urn:kg:wikidata> with its time and endpoint"
run "$KG" -s "$T/s" check
expect_rc 0 "kg check still passes with the snapshot in the store"

# The items the planted entities link to, asked of the store.
damascus=$(item_of kgr:damascus "$T/s")
idlib=$(item_of kgr:idlib "$T/s")
hezbollah=$(item_of kgr:hezbollah "$T/s")
irgc=$(item_of kgr:irgc "$T/s")
dpa=$(item_of kgr:dpa "$T/s")
progov=$(item_of kgr:pro-government-forces "$T/s")
raqqa=$(item_of kgr:raqqa "$T/s")
hama=$(item_of kgr:hama "$T/s")
homs=$(item_of kgr:homs "$T/s")
[ -n "$damascus" ] && [ -n "$idlib" ] && [ -n "$hezbollah" ] &&
	[ -n "$irgc" ] && [ -n "$dpa" ] && [ -n "$hama" ] && [ -n "$homs" ] &&
	[ -n "$progov" ] && [ -n "$raqqa" ]
ok $? "the entities to plant on are linked"

# Planted in a copy of the fixture: Damascus's point 1.8 degrees (200
# km) north, Idlib's item a human, Hezbollah's item merged into the
# IRGC's (a redirect), DPA's item and the pro-government forces' (a
# closeMatch) deleted.  And one that must still agree: Raqqa's item
# has only labels that equal the entity's once normalised (case, an
# aside, a diacritic).
fixture_store "$T/f2"
rlabel=$("$KG" -s "$T/s" query -o tsv 'SELECT ?l WHERE { kgr:raqqa rdfs:label ?l }' |
	sed -n '2s/^"\(.*\)"@en$/\1/p')
rupper=$(echo "$rlabel" | tr '[:lower:]' '[:upper:]')
rmacron=$(echo "$rlabel" | sed 's/a$/ā/')
point=$("$KG" -s "$T/f2" query -o tsv "SELECT ?w WHERE { <$damascus> wdt:P625 ?w }" |
	sed -n '2s/^"Point(\([^ ]*\) \([^)]*\))".*/\1 \2/p')
moved=$(echo "$point" | awk '{ printf "Point(%s %.6f)", $1, $2 + 1.8 }')
"$KG" -q -s "$T/f2" update "
DELETE { <$damascus> wdt:P625 ?w }
INSERT { <$damascus> wdt:P625 \"$moved\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> }
WHERE { <$damascus> wdt:P625 ?w } ;
DELETE { <$idlib> wdt:P31 ?c } INSERT { <$idlib> wdt:P31 wd:Q5 }
WHERE { <$idlib> wdt:P31 ?c } ;
DELETE { <$hezbollah> ?p ?o } INSERT { <$hezbollah> owl:sameAs <$irgc> }
WHERE { <$hezbollah> ?p ?o } ;
DELETE WHERE { <$dpa> ?p ?o } ;
DELETE WHERE { <$progov> ?p ?o } ;
DELETE { <$raqqa> ?l ?name } INSERT { <$raqqa> rdfs:label \"$rupper (city)\"@fr ,
  \"$rmacron\"@en }
WHERE { <$raqqa> ?l ?name FILTER(?l IN (rdfs:label, schema:name, skos:altLabel)) }" \
	>/dev/null 2>&1
ok $? "disagreements planted in a copy of the fixture"
# and in a copy of the data: Hama's and Homs's identifiers swapped
sed -e "s|wd:${hama##*/}\\b|wd:SWAPPED|" -e "s|wd:${homs##*/}\\b|wd:${hama##*/}|" \
	-e "s|wd:SWAPPED|wd:${homs##*/}|" "$srcdir/data/offensive-2024.ttl" >"$T/swapped.ttl"
data_store "$T/s2" "$T/swapped.ttl"
ok $? "a store whose data has Hama's and Homs's links swapped"

start_server planted -s "$T/f2" -q
planted_pid=$PID
planted_url=$(sparql_url)
run "$KG" -s "$T/s2" links check --endpoint "$planted_url"
expect_rc 1 "check: the planted disagreements fail it"
cp "$T/out" "$T/online"
expect_reported() { # expect_reported ENTITY PROBLEM DESCRIPTION
	grep "^$1 " "$T/online" | grep -qF -- "$2"
	ok $? "$3"
	grep "^$1 " "$T/online" | grep -qF -- "$2" ||
		sed 's/^/#   out: /' "$T/online"
}
expect_reported kgr:hama "no label matches" "the swapped link: Hama is named"
expect_reported kgr:homs "no label matches" "the swapped link: Homs is named"
expect_reported kgr:damascus "coordinates 200" \
	"the moved point: Damascus, 200 km off"
expect_reported kgr:idlib "class does not fit the entity's kind (place): the item is an instance of wd:Q5 (human)" \
	"the wrong class: Idlib, a place, is linked to a human"
expect_reported kgr:hezbollah "redirected: the item is now wd:${irgc##*/}" \
	"the redirect: Hezbollah, with the item it now is"
expect_reported kgr:dpa "exactMatch wd:${dpa##*/}: deleted" "the deleted item: DPA"
expect_reported kgr:pro-government-forces "closeMatch wd:${progov##*/}: deleted" \
	"a deleted closeMatch item, reported as a closeMatch"
"$KG" -s "$T/f2" query -o tsv "SELECT ?l WHERE {
  <$raqqa> rdfs:label|schema:name|skos:altLabel ?l }" >"$T/rlabels"
grep -q "$rmacron" "$T/rlabels" && ! grep -q "^\"$rlabel\"" "$T/rlabels"
ok $? "Raqqa's item has only the labels planted ($rupper (city), $rmacron)"
cut -d' ' -f1 "$T/online" | sort -u | tr '\n' ' ' >"$T/named"
[ "$(cat "$T/named")" = "kgr:damascus kgr:dpa kgr:hama kgr:hezbollah kgr:homs kgr:idlib kgr:pro-government-forces " ]
ok $? "and no other entity is named, Raqqa's labels match once normalised ($(cat "$T/named"))"
run "$KG" -s "$T/s2" links check --endpoint "$planted_url" --max-km 250
grep -q "^kgr:damascus .*coordinates" "$T/out"
[ $? -ne 0 ]
ok $? "--max-km 250 lets the moved point pass"

# refresh, then the server goes: the snapshot gives the same report.
run "$KG" -s "$T/s2" links refresh --endpoint "$planted_url"
expect_rc 0 "refresh"
stop_server "$planted_pid"
run "$KG" -s "$T/s2" links check --offline
expect_rc 1 "check --offline with the server stopped still fails"
cmp -s "$T/out" "$T/online"
ok $? "with the same report"
run "$KG" -s "$T/s2" links check --endpoint "$planted_url"
expect_rc 2 "check with the server gone is an error"
run "$KG" -s "$T/s2" links check --offline
cmp -s "$T/out" "$T/online"
ok $? "which left the snapshot as it was"

# A fresh store has no snapshot to work from offline.
data_store "$T/s3"
run "$KG" -s "$T/s3" links check --offline
expect_rc 2 "check --offline without a snapshot is an error"
expect_err "run 'kg links refresh'" "which says what to do"

done_testing
