#!/bin/sh
# The bundled graph's competency questions: each data/examples/NAME.rq,
# run by kg on the default store, must print tests/examples/NAME.tsv.
. "$srcdir/tests/lib.sh"

"$KG" -q query 'ASK {}' >/dev/null 2>"$T/err" # creates the default store
ok $? "the default store is created with the bundled graph"

for q in "$srcdir"/data/examples/*.rq; do
	name=$(basename "$q" .rq)
	want="$srcdir/tests/examples/$name.tsv"
	if [ ! -f "$want" ]; then
		ok 1 "$name: no expected answer in tests/examples/$name.tsv"
		continue
	fi
	"$KG" query -o tsv -f "$q" >"$T/got" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ] && cmp -s "$T/got" "$want"; then
		ok 0 "$name: $(sed -n '1s/^# *//p' "$q")"
	else
		ok 1 "$name: $(sed -n '1s/^# *//p' "$q")"
		diff "$want" "$T/got" | head -20 | sed 's/^/#   /'
		sed 's/^/#   stderr: /' "$T/err" | head -5
	fi
done

done_testing
