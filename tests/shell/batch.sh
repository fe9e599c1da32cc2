#!/bin/sh
# The kg shell in batch mode: statements on stdin, transcripts of stdout,
# stderr and exit status.
. "$srcdir/tests/lib.sh"
S="$T/store"
D="$srcdir/tests/data"
"$KG" -q -s "$S" load -d "$D/small.ttl" "$srcdir/tests/shell/events.ttl" \
	>/dev/null 2>&1

# shell IN: runs the shell on $S with IN as standard input.
shell() {
	printf '%s' "$1" >"$T/in"
	"$KG" -s "$S" <"$T/in" >"$T/out" 2>"$T/err"
	rc=$?
}

expect_stdout() { # expect_stdout WANT DESCRIPTION
	printf '%s' "$1" >"$T/want"
	tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"
	cmp -s "$T/want" "$T/out"
	ok $? "$2"
	cmp -s "$T/want" "$T/out" || diff "$T/want" "$T/out" | sed 's/^/#   /'
}

shell '.mode csv
SELECT ?l WHERE {
  ?s rdfs:label ?l ;   # a ; inside braces
     a <http://example.org/City> .
  FILTER(?l != "a;b")
} ORDER BY ?l;
SELECT ?x WHERE { BIND("""one;
two""" AS ?x) };
.headers off
SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l = "Homs") }

'
expect_rc 0 "batch: statements over several lines"
expect_stdout 'l
Hama
Homs
x
"one;
two"
Homs
' "batch: stdout transcript"
[ ! -s "$T/err" ]
ok $? "batch: nothing on stderr"

shell 'ASK {};
SELECT ?x WHERE {
  ?x ?p ?o .
  FILTER(?x = ) };
.mode csv
ASK { ?s ?p ?o };
'
expect_rc 1 "batch: exit status 1 after an error"
expect_err "near line 4:" "batch: the error names its line"
expect_err "expected an expression" "batch: and says what is wrong"
expect_stdout 'true
_askResult
true
' "batch: the statements after the error still run"

shell '.bail on
SELECT ?x WHERE { FILTER( };
ASK {};
'
expect_rc 1 "bail: exit status 1"
expect_err "near line 2:" "bail: the error names its line"
[ ! -s "$T/out" ]
ok $? "bail: stops at the first error"

shell '.frobnicate
ASK {};'
expect_rc 1 "unknown dot-command is an error"
expect_err "unknown command .frobnicate" "and names it"
expect_out "true" "and input goes on"

shell 'ASK { ?s ?p ?o'
expect_rc 1 "input ending inside a statement is an error"

shell 'ASK {}
.quit'
expect_rc 1 "a dot-command counts only at the start of a statement"

shell '.help'
expect_rc 0 ".help"
expect_out ".load FILE [GRAPH]" ".help lists .load with its arguments"
expect_out ".timeline X" ".help lists the domain shortcuts"
shell '.help describe'
expect_out "going out of X" ".help CMD explains one command"

shell '.quit
ASK {};'
expect_rc 0 ".quit"
[ ! -s "$T/out" ]
ok $? ".quit stops reading"

printf 'ASK {};\nASK { FILTER( };\n' >"$T/script.rq"
shell ".mode csv
.read $T/script.rq
ASK {};"
expect_rc 1 ".read: an error in the file fails the run"
expect_err "script.rq: near line 2:" ".read: the error names the file and line"
expect_stdout '_askResult
true
_askResult
true
' ".read runs the file, then input goes on"

shell '.mode json
ASK {};
.mode tsv
SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l = "Hama") };
.mode xml
ASK {};
.mode line
SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l = "Hama") };
.mode nonsense'
expect_rc 1 ".mode nonsense is an error"
expect_out '"boolean": true' ".mode json"
expect_out '"Hama"' ".mode tsv"
expect_out '<boolean>true</boolean>' ".mode xml"
expect_out 'l = "Hama"' ".mode line"

shell ".once $T/once.csv
.mode csv
ASK {};
ASK {};
.output $T/all.txt
ASK {};
ASK {};
.output
.timer on
ASK {};"
expect_rc 0 ".once and .output"
[ "$(tr -d '\r' <"$T/once.csv")" = "$(printf '_askResult\ntrue')" ]
ok $? ".once FILE takes the next statement only"
[ "$(grep -c true "$T/all.txt")" -eq 2 ]
ok $? ".output FILE takes every statement"
expect_out "time: " ".timer on shows the time"
[ "$(grep -c true "$T/out")" -eq 2 ]
ok $? "the other results go to stdout"

shell '.prefix ex: <http://example.org/>
.mode csv
SELECT ?s WHERE { ?s a ex:City } ORDER BY ?s;
.prefix'
expect_rc 0 ".prefix declares a prefix"
expect_out "http://example.org/hama" "which queries can use"
expect_out "PREFIX ex: <http://example.org/>" ".prefix lists it"
expect_out "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>" \
	"beside the predeclared ones"

shell '.timeline HTS'
expect_rc 0 ".timeline by short name"
expect_out "sem:hasActor kgr:hts" ".timeline prints the SPARQL it runs"
d=$(grep -n "captures Dadikh" "$T/out" | cut -d: -f1)
a=$(grep -n "captures Aleppo" "$T/out" | cut -d: -f1)
h=$(grep -n "captures Hama" "$T/out" | cut -d: -f1)
[ -n "$d" ] && [ -n "$a" ] && [ -n "$h" ] && [ "$d" -lt "$a" ] && [ "$a" -lt "$h" ]
ok $? ".timeline lists HTS's captures in date order"

shell '.timeline kgr:hama'
expect_out "The army withdraws from Hama" ".timeline of a place, by prefixed name"

shell '.who-captured Hama'
expect_rc 0 ".who-captured"
expect_out "kg:Capture" ".who-captured prints its SPARQL"
expect_out "Hayat Tahrir al-Sham" ".who-captured names the captor"

shell '.on 2024-11-27
.on 2024-12-05'
expect_rc 0 ".on"
expect_out "HTS captures Dadikh" ".on includes events whose uncertain dates may fall on the day"
expect_out "The army withdraws from Hama" ".on includes events of that exact day"
shell '.on yesterday'
expect_rc 1 ".on wants a date"

# The shortcuts' SPARQL is read from the data directory, and each file
# parses on its own ($name is a SPARQL variable until the shell fills it).
for f in "$srcdir"/data/shortcuts/*.rq; do
	run "$KG" parse -f "$f"
	expect_rc 0 "shortcut $(basename "$f") parses"
done
KG_DATADIR="$T/none" shell '.timeline HTS'
expect_rc 1 "a shortcut without its file fails"
expect_err "data/shortcuts/timeline.rq" "and names the file it looked for"
shell '.who-captured Ha"ma") } #'
expect_rc 1 "a label is put into the query as one escaped literal"
expect_err "nothing is labelled" "so a quote in it is no syntax error"
shell '.timeline <x> } ?s ?p ?o { <y>'
expect_rc 0 "an <IRI> is put into the query escaped"
expect_out "sem:hasActor <x%3E%20%7D%20?s%20?p%20?o%20%7B%20%3Cy>" \
	"so it cannot end itself"
shell '.timeline nope:hts'
expect_rc 1 "a prefixed name with an unknown prefix fails"
expect_err "unknown prefix 'nope:'" "and says so"

shell '.describe Hama'
expect_rc 0 ".describe by label"
expect_out "outgoing:" ".describe shows outgoing triples"
expect_out "incoming:" ".describe shows incoming triples"
expect_out "HTS captures Hama" ".describe shows the labels of what links in"
shell '.describe nothing by that name'
expect_rc 1 ".describe of an unknown label fails"
expect_err "nothing is labelled" "and says so"

shell '.labels on
.mode csv
SELECT ?e ?p WHERE { ?e sem:hasPlace ?p ; a kg:Capture } ORDER BY ?e;'
expect_rc 0 ".labels on"
tr -d '\r' <"$T/out" >"$T/out.lf"; mv "$T/out.lf" "$T/out"
expect_out "e,e_label,p,p_label" ".labels adds a label column after each IRI column"
expect_out "https://kg.example.org/id/capture-hama,HTS captures Hama,https://kg.example.org/id/hama,Hama" \
	".labels shows each IRI's rdfs:label beside it"

shell '.schema
.stats
.graphs'
expect_rc 0 ".schema, .stats, .graphs"
expect_out "kg:Capture" ".schema lists the classes"
expect_out "sem:hasActor" ".schema lists the properties"
expect_out "triples: " ".stats counts the triples"

printf '<http://example.org/x> <http://example.org/p> "new" .\n' >"$T/new.nt"
shell ".load $T/new.nt http://example.org/g
.mode csv
SELECT ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } };
.graphs"
expect_rc 0 ".load FILE GRAPH"
expect_out "1 triple, 1 new" ".load says what it added"
expect_out "new" "the loaded triples can be queried"
expect_out "http://example.org/g" ".graphs lists the new graph"
shell ".load $T/nowhere.nt"
expect_rc 1 ".load of a missing file fails"

# The shell holds the store read-only, so other readers still work.
mkfifo "$T/fifo"
"$KG" -s "$S" <"$T/fifo" >"$T/shell-out" 2>&1 &
exec 3>"$T/fifo"
printf 'ASK {};\n' >&3
run "$KG" -s "$S" query 'ASK { ?s ?p ?o }'
expect_rc 0 "kg query works while a shell has the store open"
exec 3>&-
wait

KG_DATADIR="$srcdir" shell '.examples'
if [ -d "$srcdir/data/examples" ] && ls "$srcdir/data/examples"/*.rq >/dev/null 2>&1; then
	expect_rc 0 ".examples lists the competency questions"
	first=$(head -1 "$(ls "$srcdir/data/examples"/*.rq | head -1)" | sed 's/^# *//')
	expect_out "1  $first" ".examples shows each question"
else
	ok 0 ".examples (no examples in this tree) # SKIP"
	ok 0 ".examples (no examples in this tree) # SKIP"
fi
KG_DATADIR="$T/none" shell '.examples'
expect_rc 1 ".examples without examples is an error"

run "$KG" -s "$S" shell extra
expect_rc 2 "kg shell takes no arguments"
printf 'ASK {};\n' >"$T/in"
"$KG" -s "$S" shell <"$T/in" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "kg shell reads stdin"
expect_out "true" "kg shell runs the statements"

done_testing
