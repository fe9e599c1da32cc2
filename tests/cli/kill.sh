#!/bin/sh
# On kg's own store a writer killed with SIGKILL at any moment leaves
# the last committed state: kill -9 a `kg load` of a large file, and a
# `kg update` rewriting every triple, 20 times each at random moments;
# each time the store must be exactly the old state or exactly the new
# one, and `kg verify` must pass.  The large file has 1,000,000 triples
# (100,000 in a sanitizer build, ten times slower); KG_KILL_TRIPLES
# sets another size.  (Redland's store: tests/cli/update-kill.sh.)
. "$srcdir/tests/lib.sh"
if ldd "$KG" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	N=${KG_KILL_TRIPLES:-100000}
else
	N=${KG_KILL_TRIPLES:-1000000}
fi
ROUNDS=${KG_KILL_ROUNDS:-20}
S="$T/store"
G=http://example.org/big
U="WITH <$G> DELETE { ?s ?p ?o }
INSERT { GRAPH <http://example.org/moved> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
export LC_ALL=C

# N triples: 5 per subject, 13 predicates, objects IRIs, integers,
# language-tagged and plain strings, and every 997th a 4 KB literal.
awk -v n="$N" 'BEGIN {
	long = ""
	for (k = 0; k < 300; k++)
		long = long "long literal " k " "
	for (i = 0; i < n; i++) {
		s = "<http://example.org/s" int(i / 5) ">"
		p = "<http://example.org/p" (i % 13) ">"
		k = i % 4
		if (i % 997 == 0)
			o = "\"" long i "\""
		else if (k == 0)
			o = "<http://example.org/o" (i * 7919) % n ">"
		else if (k == 1)
			o = "\"" i "\"^^<http://www.w3.org/2001/XMLSchema#integer>"
		else if (k == 2)
			o = "\"text " i "\"@en"
		else
			o = "\"label " i "\""
		print s, p, o, "."
	} }' >"$T/big.nt"

now() { date +%s.%N; }
# random_delay MAX: a number of seconds in [0, MAX), from /dev/urandom.
random_delay() {
	awk -v r="$(od -An -N4 -tu4 /dev/urandom)" -v max="$1" \
		'BEGIN { printf "%.3f", r / 4294967296 * max }'
}
# state NAME: the store's dump as $T/NAME.nq, sorted unless it equals
# one of the reference dumps as it comes (same contents, same order).
state() {
	"$KG" -s "$S" dump >"$T/$1.raw"
	sort "$T/$1.raw" >"$T/$1.nq"
}
# which_state OLD NEW: prints OLD or NEW, whichever the store's state
# $T/now.raw is, or nothing.  Compared as dumped first (equal there
# means equal sorted; kg dumps in index order), then sorted.
which_state() {
	for w in "$1" "$2"; do
		cmp -s "$T/now.raw" "$T/$w.raw" && { echo "$w"; return; }
	done
	sort "$T/now.raw" >"$T/now.nq"
	for w in "$1" "$2"; do
		cmp -s "$T/now.nq" "$T/$w.nq" && { echo "$w"; return; }
	done
}

# kill_rounds WHAT SECONDS OLD NEW CMD...: ROUNDS times, runs CMD on a
# copy of store $T/OLD in the background and kills it after a random
# delay up to 1.25 times SECONDS (the time it took uninterrupted): a
# little past it, so that some kills land in the commit or after it and
# both outcomes are seen.  The store must then be OLD or NEW, and
# verify.
kill_rounds() {
	what=$1 secs=$2 old=$3 new=$4
	shift 4
	mid=0 olds=0 news=0 r=0 was=
	while [ $r -lt "$ROUNDS" ]; do
		r=$((r + 1))
		# A store left in the old state needs no fresh copy.
		if [ "${was:-}" != "$old" ]; then
			rm -rf "$S"
			cp -r "$T/$old.store" "$S"
		fi
		delay=$(random_delay "$(awk -v s="$secs" 'BEGIN { print s * 1.25 }')")
		"$@" &
		pid=$!
		sleep "$delay"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		# 137: killed by SIGKILL, so it was still running.
		[ $? -eq 137 ] && mid=$((mid + 1))
		"$KG" -s "$S" dump >"$T/now.raw"
		was=$(which_state "$old" "$new")
		if [ "$was" = "$old" ]; then
			olds=$((olds + 1))
		elif [ "$was" = "$new" ]; then
			news=$((news + 1))
		else
			ok 1 "$what killed after ${delay}s: the store is neither the old state nor the new"
			diff "$T/$new.nq" "$T/now.nq" | head -5 | sed 's/^/#   /'
		fi
		run "$KG" -s "$S" verify
		[ "$rc" -eq 0 ] ||
			ok 1 "$what killed after ${delay}s: kg verify fails"
		sed 's/^/#   /' "$T/err" | head -5
	done
	[ $((olds + news)) -eq "$ROUNDS" ]
	ok $? "$what: after each of $ROUNDS kills the store was the old state ($olds) or the new ($news)"
	ok 0 "$what: kg verify passed after each kill (failures reported above)"
	# A kill that lands after the last write only proves the store
	# opens; most must land in the middle.
	[ $mid -ge 3 ]
	ok $? "$what: $mid of the $ROUNDS writers were killed while still running"
	echo "# $what: ${secs}s uninterrupted; $mid killed mid-run, $olds old, $news new"
}

# (a) a large kg load over a small old state.
"$KG" -q -s "$T/a-old.store" load "$srcdir/tests/data/small.ttl"
ok $? "load a small file: the old state"
S="$T/a-old.store" state a-old
cp -r "$T/a-old.store" "$T/a-new.store"
t0=$(now)
"$KG" -q -s "$T/a-new.store" load --graph "$G" "$T/big.nt"
ok $? "load $N triples: the new state"
t1=$(now)
load_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
S="$T/a-new.store" state a-new
[ "$(wc -l <"$T/a-new.nq")" -eq $((N + 4)) ]
ok $? "the new state holds the $N triples and the old four"

kill_rounds "kg load" "$load_secs" a-old a-new \
	"$KG" -q -s "$S" load --graph "$G" "$T/big.nt"

# (b) a large kg update rewriting every triple of the big graph.
cp -r "$T/a-new.store" "$T/b-new.store"
t0=$(now)
"$KG" -q -s "$T/b-new.store" update "$U"
ok $? "an update moving the $N triples to another graph: its new state"
t1=$(now)
update_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
S="$T/b-new.store" state b-new
cmp -s "$T/a-new.nq" "$T/b-new.nq"
[ $? -ne 0 ]
ok $? "which differs from the old"

kill_rounds "kg update" "$update_secs" a-new b-new \
	"$KG" -q -s "$S" update "$U"

done_testing
