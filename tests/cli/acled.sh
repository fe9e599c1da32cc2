#!/bin/sh
# kg export --format acled and kg load --format acled: the bundled graph
# goes out as ACLED's CSV and comes back into an empty store with every
# event's date, precision, actors, place, coordinates, fatalities and
# source; malformed files are refused with file, line and column.
. "$srcdir/tests/lib.sh"

count() { # count STORE QUERY: the one number the query selects
	"$KG" -s "$1" query -o csv "$2" | sed -n 2p | tr -d '\r'
}

S="$T/orig"
"$KG" -q -s "$S" load "$srcdir"/ontology/*.ttl "$srcdir"/data/*.ttl >/dev/null 2>&1

run "$KG" -s "$S" export --format acled -o "$T/events.csv"
expect_rc 0 "kg export --format acled"
head -1 "$T/events.csv" | tr -d '\r' >"$T/header"
echo "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp" >"$T/want-header"
cmp -s "$T/header" "$T/want-header"
ok $? "the header is ACLED's columns in ACLED's order"
events=$(count "$S" 'PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }')
ids=$(tail -n +2 "$T/events.csv" | grep -c '^[a-z0-9-]*,20[0-9][0-9]-')
[ "$events" -gt 50 ] && [ "$ids" -eq "$events" ]
ok $? "one row per event, each with its date ($ids rows, $events events)"
grep -q '^capture-hama-2024-12-05,2024-12-05,2024,.*,Battles,Non-state actor overtakes territory,' "$T/events.csv"
ok $? "the capture of Hama: its day and its ACLED type"
grep '^capture-hama-2024-12-05,' "$T/events.csv" | grep -q ',Hama Governorate,,,Hama,35\.[0-9]\{4\},36\.[0-9]\{4\},'
ok $? "its admin1, location and four-decimal coordinates"

run "$KG" -s "$S" export --format acled
cmp -s "$T/out" "$T/events.csv"
ok $? "standard output gets the same as -o"

# The round trip: into an empty store, then the same SELECT (the export)
# over both.
E="$T/loaded"
run "$KG" -s "$E" load --format acled "$T/events.csv"
expect_rc 0 "kg load --format acled into an empty store"
run "$KG" -s "$E" export --format acled -o "$T/again.csv"
expect_rc 0 "the loaded store exports"
cmp -s "$T/events.csv" "$T/again.csv"
ok $? "the loaded store exports the same rows, every column"
diff "$T/events.csv" "$T/again.csv" | head -6 | sed 's/^/#   /'
loaded=$(count "$E" 'PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }')
[ "$loaded" -eq "$events" ]
ok $? "as many events ($loaded, $events)"

# A question asked of both stores directly, not through the export.
q='PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?date ?actor ?place ?lat ?source WHERE {
  <https://kg.example.org/id/capture-hama-2024-12-05>
     sem:hasTimeStamp|sem:hasEarliestBeginTimeStamp ?date ;
     kg:agent/rdfs:label ?actor ; sem:hasPlace ?p ;
     prov:wasDerivedFrom/rdfs:label ?source .
  ?p rdfs:label ?place ; geo:lat ?l .
  FILTER(STR(?place) = "Hama")
  BIND(ROUND(?l * 10000) AS ?lat)
}'
"$KG" -s "$S" query -o csv "$q" >"$T/q1"
"$KG" -s "$E" query -o csv "$q" >"$T/q2"
[ "$(wc -l <"$T/q1")" -ge 2 ] && cmp -s "$T/q1" "$T/q2"
ok $? "Hama's capture: the same day, actor, place, latitude (to ACLED's 4 decimals) and source in both"

# Into the full store, the names are the store's: nothing is minted.
F="$T/full"
cp -r "$S" "$F"
run "$KG" -s "$F" load --format acled "$T/events.csv"
expect_rc 0 "kg load --format acled into the bundled graph"
minted=$(count "$F" 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o
FILTER(STRSTARTS(STR(?s), "https://kg.example.org/id/acled/")) }')
[ "$minted" -eq 0 ]
ok $? "every actor, place and source matched the store's by label ($minted minted)"

# A small file by hand: CRLF, a quoted line break, doubled quotes, a
# date as ACLED's export tool writes it, and fatalities.
printf 'event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities\r\n' >"$T/hand.csv"
printf 'SYR1,27 November 2024,1,Battles,Armed clash,Some Brigade,Rebel group,Other Army,Syria,Idlib,Sarmin,35.9,36.7167,1,Local Paper,"They said ""no"",\r\nthen fought",3\r\n' >>"$T/hand.csv"
H="$T/hand"
run "$KG" -s "$H" load --format acled "$T/hand.csv"
expect_rc 0 "a hand-made ACLED file loads"
run "$KG" -s "$H" query -o tsv 'PREFIX kg: <https://kg.example.org/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT ?q ?d ?n WHERE { <https://kg.example.org/id/SYR1> kg:quote ?q ;
  sem:hasTimeStamp ?d ; kg:casualties/kg:casualtyCount ?n }'
expect_out 'They said \"no\",\r\nthen fought' "the quote keeps its quotes and line break"
expect_out '"2024-11-27"^^<http://www.w3.org/2001/XMLSchema#date>' "the date is read"
expect_out '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' "the fatalities are a figure"
run "$KG" -s "$H" query -o tsv 'SELECT ?s WHERE { ?s a <https://kg.example.org/ontology#ArmedGroup> }'
expect_out '<https://kg.example.org/id/acled/actor/some-brigade>' "an unknown actor is minted under id/acled/, its class from inter1"

# Malformed files: refused with where, and nothing loaded.
"$KG" -s "$H" dump >"$T/before.nq"
bad() { # bad NAME WANT-IN-STDERR DESCRIPTION: $T/NAME.csv fails so
	run "$KG" -s "$H" load --format acled "$T/$1.csv"
	expect_rc 1 "$3: refused"
	expect_err "$2" "$3: the error says where and what"
	"$KG" -s "$H" dump >"$T/after.nq"
	cmp -s "$T/before.nq" "$T/after.nq"
	ok $? "$3: nothing was loaded"
}
printf 'event_id_cnty,event_date,notes\nSYR2,2024-11-28,"never closed\n' >"$T/open.csv"
bad open "open.csv:2:17: the quoted field that starts here is never closed" "an unclosed quote"
printf 'event_id_cnty,event_date,notes\nSYR2,2024-11-28,say "hi"\n' >"$T/quote.csv"
bad quote "quote.csv:2:21:" "a quote inside an unquoted field"
printf 'event_id_cnty,event_date,event_type,sub_event_type\nSYR2,2024-11-28,Battles,Dance\n' >"$T/type.csv"
bad type "type.csv:2:25: sub_event_type: 'Dance' is not a sub-event type" "an unknown sub-event type"
printf 'event_id_cnty,event_date\nSYR2,2024-13-01\n' >"$T/date.csv"
bad date "date.csv:2:6: event_date: '2024-13-01' is not a date" "a month 13"
printf 'event_id_cnty,event_date\nSYR2,2024-11-28,extra\n' >"$T/width.csv"
bad width "width.csv:2:1: the row has 3 fields, the header 2" "a row wider than the header"
printf 'id,date\nSYR2,2024-11-28\n' >"$T/layout.csv"
bad layout "no event_id_cnty column" "another layout"

run "$KG" export
expect_rc 2 "kg export without --format is a usage error"
run "$KG" export --format ucdp
expect_rc 2 "an unknown export format is a usage error"

done_testing
