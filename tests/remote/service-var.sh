#!/bin/sh
# service-var.sh: SERVICE ?var, whose endpoint each row names.  Two
# `kg serve` instances on loopback hold different populations for the
# same places; the local store says which endpoint speaks for which
# place.  One query joins both; each endpoint gets only its own rows, in
# full batches (counted in its access log); an unbound or non-IRI ?var
# is an error, and under SILENT the row goes on unextended.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/server/server-lib.sh"

# Each endpoint holds a population for all twelve places, A's 1000+i
# and B's 2000+i, so a row sent to the wrong one shows in the answer.
i=1
while [ $i -le 12 ]; do
	echo "<http://example.org/p$i> <http://example.org/pop> $((1000 + i)) ." >>"$T/a.ttl"
	echo "<http://example.org/p$i> <http://example.org/pop> $((2000 + i)) ." >>"$T/b.ttl"
	i=$((i + 1))
done
run "$KG" -q -s "$T/a" load "$T/a.ttl"
expect_rc 0 "endpoint A's store loads"
run "$KG" -q -s "$T/b" load "$T/b.ttl"
expect_rc 0 "endpoint B's store loads"
start_server a -s "$T/a"
A=$URL/sparql
start_server b -s "$T/b"
B=$URL/sparql
[ -n "$A" ] && [ -n "$B" ]
ok $? "two endpoints serve on loopback"

# Locally: p1..p6 are A's, p7..p12 B's, listed alternately so that the
# rows do not come grouped by endpoint; p13 names none, p14 a literal.
L="$T/local"
{
	i=1
	while [ $i -le 6 ]; do
		echo "<http://example.org/p$i> <http://example.org/src> <$A> ."
		echo "<http://example.org/p$((i + 6))> <http://example.org/src> <$B> ."
		i=$((i + 1))
	done
	i=1
	while [ $i -le 14 ]; do
		echo "<http://example.org/p$i> a <http://example.org/Place> ."
		i=$((i + 1))
	done
	echo '<http://example.org/p14> <http://example.org/src> "not an endpoint" .'
} >"$T/local.ttl"
run "$KG" -q -s "$L" load "$T/local.ttl"
expect_rc 0 "the local store loads"

# log_count NAME WANT: waits (the log line follows the reply) until the
# access log of server NAME has WANT queries, then prints how many.
log_count() {
	j=0
	while [ "$(grep -c ' /sparql ' "$T/$1.log")" -lt "$2" ] && [ $j -lt 50 ]; do
		sleep 0.1
		j=$((j + 1))
	done
	sleep 0.2
	grep -c ' /sparql ' "$T/$1.log"
}

XI='<http://www.w3.org/2001/XMLSchema#integer>'
q='PREFIX ex: <http://example.org/>
SELECT ?p ?pop WHERE {
  { ?p ex:src ?svc FILTER(isIRI(?svc)) }
  SERVICE ?svc { ?p ex:pop ?pop }
}'
KG_SERVICE_BATCH=4 run "$KG" -s "$L" query -o tsv "$q"
expect_rc 0 "a query joins rows of both endpoints"
sort "$T/out" >"$T/got"
{
	i=1
	while [ $i -le 6 ]; do
		printf '<http://example.org/p%d>\t"%d"^^%s\n' $i $((1000 + i)) "$XI"
		printf '<http://example.org/p%d>\t"%d"^^%s\n' $((i + 6)) \
			$((2006 + i)) "$XI"
		i=$((i + 1))
	done
	printf '?p\t?pop\n'
} | sort >"$T/want"
cmp -s "$T/got" "$T/want"
ok $? "each place has the population of the endpoint it names"
diff "$T/want" "$T/got" | head -5 | sed 's/^/#   /'
# Six rows each in batches of four: two requests per endpoint, however
# the rows of the two interleave.
na=$(log_count a 2)
nb=$(log_count b 2)
[ "$na" -eq 2 ] && [ "$nb" -eq 2 ]
ok $? "each endpoint gets its rows in full batches (A $na, B $nb requests, want 2 and 2)"

q='PREFIX ex: <http://example.org/>
SELECT ?p ?pop WHERE {
  ?p a ex:Place OPTIONAL { ?p ex:src ?svc }
  SERVICE ?svc { ?p ex:pop ?pop }
}'
run "$KG" -s "$L" query -o tsv "$q"
expect_rc 1 "a row with ?svc unbound is an error"
expect_err "leaves it unbound" "which says the variable is unbound"
q2=$(printf '%s\n' "$q" | sed 's/SERVICE ?svc/SERVICE SILENT ?svc/')
run "$KG" -s "$L" query -o tsv "$q2"
expect_rc 0 "under SILENT the query goes on"
sort "$T/out" >"$T/got"
{
	cat "$T/want"
	printf '<http://example.org/p13>\t\n<http://example.org/p14>\t\n'
} | sort >"$T/want2"
cmp -s "$T/got" "$T/want2"
ok $? "and the rows that name no endpoint come unextended"
diff "$T/want2" "$T/got" | head -5 | sed 's/^/#   /'

q='PREFIX ex: <http://example.org/>
SELECT ?p ?pop WHERE { ?p ex:src ?svc SERVICE ?svc { ?p ex:pop ?pop } }'
run "$KG" -s "$L" query -o tsv "$q"
expect_rc 1 "a row with ?svc a literal is an error"
expect_err "binds it to no IRI" "which says it is no IRI"

# An endpoint that fails: under SILENT its rows come unextended, the
# other endpoint's still joined.  A path of A's server that is no
# endpoint (404) stands for B now.
sed "s|<$B>|<${A%/sparql}/nothing>|" "$T/local.ttl" >"$T/local2.ttl"
L="$T/local2"
run "$KG" -q -s "$L" load "$T/local2.ttl"
expect_rc 0 "a store whose places name A and an endpoint that fails"
q='PREFIX ex: <http://example.org/>
SELECT ?p ?pop WHERE {
  { ?p ex:src ?svc FILTER(isIRI(?svc)) }
  SERVICE SILENT ?svc { ?p ex:pop ?pop }
}'
run "$KG" -s "$L" query -o tsv "$q"
expect_rc 0 "SERVICE SILENT ?svc with one endpoint down"
[ "$(grep -c '	"10' "$T/out")" -eq 6 ] &&
	[ "$(grep -c '	$' "$T/out")" -eq 6 ]
ok $? "A's rows joined, the others unextended"
q=$(printf '%s\n' "$q" | sed 's/SERVICE SILENT/SERVICE/')
run "$KG" -t 10 -s "$L" query -o tsv "$q"
expect_rc 1 "without SILENT the failure is the query's"

# kg serve refuses SERVICE, variable or not, unless --allow-load.
run "$KG" -e "$A" query "SELECT * WHERE { VALUES ?svc { <$B> } SERVICE ?svc { ?s ?p ?o } }"
expect_rc 1 "kg serve refuses SERVICE ?svc by default"
expect_err "not allowed" "saying it is not allowed"

done_testing
