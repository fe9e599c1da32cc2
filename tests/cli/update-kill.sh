#!/bin/sh
# On Redland's Berkeley DB store (hashes:DIR), an update request is
# atomic even when its writer is killed: kill -9 a `kg update` part way
# through a large DELETE/INSERT, then the store must be exactly as
# before the request or exactly as after it.  (kg's own store:
# tests/cli/kill.sh.)
. "$srcdir/tests/lib.sh"
S="$T/store"
G=http://example.org/g
U="WITH <$G> DELETE { ?s <http://example.org/p> ?o }
INSERT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }"

# 100,000 triples: the request rewrites every one of them, long enough
# to be killed in the middle.
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "<http://example.org/s%d> <http://example.org/p> \"v%d\" .\n", i, i }' \
	>"$T/d.nt"
"$KG" -q -s "hashes:$S" load --graph "$G" "$T/d.nt"
ok $? "load 100,000 triples"
"$KG" -s "$S" dump | sort >"$T/before.nq"
cp -r "$S" "$T/pristine"

cp -r "$S" "$T/done"
"$KG" -q -s "$T/done" update "$U"
ok $? "the request runs to completion on a copy"
"$KG" -s "$T/done" dump | sort >"$T/after.nq"
cmp -s "$T/before.nq" "$T/after.nq"
[ $? -ne 0 ]
ok $? "and changes the store"

mid=0
touched=0
for delay in 0 0.1 0.3 0.6 1 1.5; do
	rm -rf "$S"
	cp -r "$T/pristine" "$S"
	"$KG" -q -s "$S" update "$U" &
	pid=$!
	# The snapshot appears when the first change is about to be made.
	i=0
	while [ ! -d "$S/kg.txn" ] && kill -0 $pid 2>/dev/null && [ $i -lt 3000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	sleep $delay
	[ -d "$S/kg.txn" ] && kill -9 $pid 2>/dev/null && mid=$((mid + 1))
	wait $pid 2>/dev/null
	# Were the files written to before the kill?  Then only the
	# snapshot can bring the store back.
	for f in "$S"/kg-*.db; do
		if ! cmp -s "$f" "$T/pristine/${f##*/}"; then
			touched=$((touched + 1))
			break
		fi
	done
	"$KG" -s "$S" dump | sort >"$T/now.nq"
	if cmp -s "$T/now.nq" "$T/before.nq"; then
		ok 0 "killed after ${delay}s: the store is as before"
	elif cmp -s "$T/now.nq" "$T/after.nq"; then
		ok 0 "killed after ${delay}s: the store is as after"
	else
		ok 1 "killed after ${delay}s: the store is neither before nor after"
		diff "$T/before.nq" "$T/now.nq" | head -5 | sed 's/^/#   /'
	fi
	[ ! -e "$S/kg.txn" ]
	ok $? "no snapshot left once the store was opened again"
done
[ $mid -gt 0 ]
ok $? "$mid of the writers were killed in the middle of their changes"
[ $touched -gt 0 ]
ok $? "$touched of them had changed the store's files when they died"

done_testing
