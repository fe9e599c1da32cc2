#!/bin/sh
# The control rules (data/rules/*.ru): the default store gets the control
# graph when it is created; `kg rules` computes it in a store filled by
# `kg load` and recomputes it (same size, not doubled); "who held X on D"
# is a plain query over it; the checks of the new modelling catch what
# breaks it.
. "$srcdir/tests/lib.sh"

CONTROL='<https://kg.example.org/graph/control>'
count_control() { # count_control STORE-ARGS...: triples in the control graph
	"$KG" "$@" query -o tsv \
		"SELECT (COUNT(*) AS ?n) WHERE { GRAPH $CONTROL { ?s ?p ?o } }" |
		sed -n '2s/"\([0-9]*\)".*/\1/p'
}

# who STORE PLACE DAY: the holders of kgr:PLACE on DAY, one label a line
who() {
	"$KG" -s "$1" query -o tsv "
PREFIX kg: <https://kg.example.org/ontology#>
PREFIX kgr: <https://kg.example.org/id/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE {
  GRAPH $CONTROL {
    ?i kg:controlledPlace kgr:$2 ; kg:holder ?h .
    OPTIONAL { ?i sem:hasLatestBeginTimeStamp ?b }
    OPTIONAL { ?i sem:hasEarliestEndTimeStamp ?e }
  }
  ?h rdfs:label ?name .
  FILTER((!BOUND(?b) || ?b <= \"$3\"^^xsd:date) && (!BOUND(?e) || \"$3\"^^xsd:date < ?e))
} ORDER BY ?name" | sed 1d
}

"$KG" -q query 'ASK {}' >/dev/null 2>"$T/err" # creates the default store
n_default=$(count_control)
[ "${n_default:-0}" -gt 0 ]
ok $? "the default store is created with the control graph ($n_default triples)"

S="$T/loaded"
run "$KG" -s "$S" load "$srcdir"/ontology/*.ttl "$srcdir"/data/*.ttl
grep -qF "run 'kg rules'" "$T/err"
ok $? "kg load of the data says that kg rules derives the control graph"
n0=$(count_control -s "$S")
[ "${n0:-0}" -eq 0 ]
ok $? "kg load alone derives nothing"
run "$KG" -s "$S" rules
expect_rc 0 "kg rules on a loaded store"
expect_err() { grep -qF -- "$1" "$T/err"; ok $? "$2"; }
expect_err "control.ru" "it says which rule ran"
n1=$(count_control -s "$S")
[ "${n1:-0}" -eq "${n_default:-x}" ]
ok $? "it gives the control graph of the default store ($n1 triples)"
"$KG" -q -s "$S" rules
n2=$(count_control -s "$S")
[ "${n2:-0}" -eq "${n1:-x}" ]
ok $? "run again, it recomputes the graph, not adds to it ($n2 triples)"
run "$KG" -s "$S" graphs
! grep -q 'control-work' "$T/out"
ok $? "the rule's work graph is gone"

# The article's answers (doc/interpretation.md, "Who held what").
[ "$(who "$S" aleppo 2024-11-25)" = '"pro-government forces"@en' ]
ok $? "Aleppo on 2024-11-25: pro-government forces"
[ "$(who "$S" aleppo 2024-12-02)" = "\"Hay'at Tahrir al-Sham\"@en" ]
ok $? "Aleppo on 2024-12-02: HTS"
[ "$(who "$S" hama 2024-12-04)" = '"pro-government forces"@en' ]
ok $? "Hama on 2024-12-04: pro-government forces"
[ "$(who "$S" hama 2024-12-05)" = "\"Hay'at Tahrir al-Sham\"@en" ]
ok $? "Hama on 2024-12-05: HTS"
[ -z "$(who "$S" homs 2024-12-07)" ]
ok $? "Homs on 2024-12-07: not known for certain (taken between 6 and 8 December)"
[ "$(who "$S" aleppo-airport 2024-12-09)" = "\"Hay'at Tahrir al-Sham\"@en" ]
ok $? "Aleppo airport after the offensive: HTS, not the SDF before it"
[ -z "$(who "$S" talbiseh 2024-12-08)" ]
ok $? "Talbiseh after the withdrawal: no holder the article names"

# The shell's shortcuts over the control graph print their SPARQL first.
printf '.control Aleppo\n.asof 2024-12-02\n' >"$T/in"
"$KG" <"$T/in" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 ".control and .asof in the shell"
expect_out "kg:controlledPlace kgr:aleppo" ".control prints its SPARQL, with the place"
expect_out "GRAPH <https://kg.example.org/graph/control>" "over the control graph"
expect_out '"2024-12-02"^^xsd:date' ".asof prints its SPARQL, with the day"
[ "$(grep -c "Hay'at Tahrir al-Sham" "$T/out")" -ge 2 ]
ok $? "both name HTS (Aleppo's holder from 1 December)"
grep -q "Tell Rifaat" "$T/out"
ok $? ".asof lists the other places held that day (Tell Rifaat, taken on 1 December)"
printf '.asof yesterday\n' >"$T/in"
"$KG" <"$T/in" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 ".asof wants a date"
grep -qF "usage: .asof YYYY-MM-DD" "$T/err"
ok $? "and says so"
printf '.help\n' >"$T/in"
"$KG" <"$T/in" >"$T/out" 2>"$T/err"
expect_out ".control PLACE" ".help lists .control"
expect_out ".asof YYYY-MM-DD" ".help lists .asof"
run "$KG" parse -f "$srcdir/data/shortcuts/control.rq"
expect_rc 0 "shortcut control.rq parses"
run "$KG" parse -f "$srcdir/data/shortcuts/asof.rq"
expect_rc 0 "shortcut asof.rq parses"

# A graph that breaks the new modelling: the checks name what is wrong.
cat >"$T/broken.ttl" <<'TTL'
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix kg: <https://kg.example.org/ontology#> .
@prefix kgr: <https://kg.example.org/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kgr:bogus-retaking a kg:Retaking , sem:Event ; kg:placeTaken kgr:hama ;
  sem:hasPlace kgr:hama ; kg:datePrecision kg:DatePrecisionDay ;
  kg:placePrecision kg:PlacePrecisionUnknown ; kg:reportStatus kg:Reported .
kgr:bogus-capture a kg:Capture , kg:ChangeOfControl , sem:Event ;
  kg:placeTaken kgr:homs ; kg:gainedBy kgr:hts , kgr:sna .
kgr:bogus-figure a kg:CasualtyFigure ; kg:casualtyCount 3 .
kgr:bogus-interval a kg:ControlInterval ; kg:controlledPlace kgr:hama ;
  kg:holder kgr:hts ; sem:hasEarliestBeginTimeStamp "2024-12-05"^^xsd:date ;
  sem:hasLatestEndTimeStamp "2024-12-01"^^xsd:date .
TTL
B="$T/broken"
"$KG" -q -s "$B" load "$srcdir"/ontology/*.ttl "$srcdir"/data/*.ttl "$T/broken.ttl"
run "$KG" -s "$B" check
expect_rc 1 "kg check fails on a graph that breaks the control modelling"
expect_out "not typed kg:ChangeOfControl" "a retaking not typed as a change of control"
expect_out "more than one https://kg.example.org/ontology#gainedBy" "a change gained by two sides"
expect_out "no kg:lostBy although the place's prior holder is recorded" "a change of a place with a prior holder and no loser"
expect_out "day precision without a day" "day precision without a day"
expect_out "unlocated but has a place" "an unlocated event with a place"
expect_out "reported, but by whom is not given" "a report without its source"
expect_out "no kg:datePrecision" "an event without date precision"
expect_out "not justified by an event or a prior control" "an unjustified control interval"
expect_out "ends before it begins" "an interval that ends before it begins"
expect_out "belongs to no event" "a casualty figure of no event"
expect_out "a count without its qualifier" "a count without its qualifier"

done_testing
