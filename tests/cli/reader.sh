#!/bin/sh
# On kg's own store readers never wait for a writer: while a long
# `kg load` runs, `kg query` answers at once, with no "in use" error,
# and counts the last committed state; once the load has committed,
# the new one.
. "$srcdir/tests/lib.sh"
S="$T/store"
N=${KG_READER_TRIPLES:-200000}
Q='SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'

awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
	printf "<http://example.org/s%d> <http://example.org/p%d> \"v %d\" .\n",
		i / 3, i % 7, i }' >"$T/big.nt"
"$KG" -q -s "$S" load "$srcdir/tests/data/small.ttl"
ok $? "load a small file: 4 triples committed"

count() { # count: the store's triples by kg query, or "error"
	"$KG" -s "$S" query -o tsv "$Q" 2>>"$T/qerr" |
		sed -n '2s/^"\([0-9]*\)".*/\1/p'
}
now() { date +%s.%N; }

: >"$T/qerr"
"$KG" -q -s "$S" load "$T/big.nt" &
pid=$!
during=0 wrong=0 slowest=0
while kill -0 $pid 2>/dev/null; do
	t0=$(now)
	got=$(count)
	t1=$(now)
	# Only a query that began and ended while the writer ran counts.
	kill -0 $pid 2>/dev/null || break
	during=$((during + 1))
	[ "$got" = 4 ] || { wrong=$((wrong + 1)); echo "# read '$got' during the load"; }
	slowest=$(awk -v a="$t0" -v b="$t1" -v m="$slowest" \
		'BEGIN { d = b - a; printf "%.3f", (d > m ? d : m) }')
done
wait $pid
ok $? "the load of $N triples succeeds with readers beside it"
[ "$during" -ge 3 ]
ok $? "$during queries ran start to end while the load ran"
[ "$wrong" -eq 0 ]
ok $? "each of them counted the last commit, 4 triples"
[ ! -s "$T/qerr" ]
ok $? "none of them failed (no 'in use' error)"
sed 's/^/#   /' "$T/qerr" | head -5
echo "# slowest query during the load: ${slowest}s"
[ "$(count)" = $((N + 4)) ]
ok $? "after the load has committed a query counts $((N + 4))"

done_testing
