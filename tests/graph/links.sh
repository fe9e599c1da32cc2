#!/bin/sh
# kg check's link check (data/checks/20-*): a Wikidata identifier put on
# the wrong entity fails it, naming the entities, though every swapped
# identifier is still in the reference table (which is all check 08 asks).
# The swaps are planted in a copy of the data, never in the tree.
. "$srcdir/tests/lib.sh"

check=20-links-match-reference-row.rq
[ -f "$srcdir/data/checks/$check" ]
ok $? "the link check is among the checks"

S="$T/true"
"$KG" -q -s "$S" load "$srcdir"/ontology/*.ttl "$srcdir"/data/*.ttl >/dev/null 2>&1
run "$KG" -s "$S" check
expect_rc 0 "the true data passes every check"
grep -q "^ok .*kind of the item's reference row" "$T/out"
ok $? "the link check ran and passed"

# Swap X and Y wherever either is the object of a link.
swap() { # swap QID1 QID2 FILE
	sed -i -e "s/wd:$1\\b/wd:SWAPPED/" -e "s/wd:$2\\b/wd:$1/" \
	       -e "s/wd:SWAPPED/wd:$2/" "$3"
}

plant() { # plant NAME QID1 QID2: a store whose data has the two swapped
	mkdir -p "$T/$1"
	cp "$srcdir/data/offensive-2024.ttl" "$T/$1/"
	swap "$2" "$3" "$T/$1/offensive-2024.ttl"
	! cmp -s "$srcdir/data/offensive-2024.ttl" "$T/$1/offensive-2024.ttl"
	ok $? "$1: the copy has the swap"
	"$KG" -q -s "$T/$1/store" load "$srcdir"/ontology/*.ttl \
		"$srcdir/data/reference.ttl" "$T/$1/offensive-2024.ttl" \
		>/dev/null 2>&1
	run "$KG" -s "$T/$1/store" check
	expect_rc 1 "$1: kg check fails"
	grep -q "^not ok .*kind of the item's reference row" "$T/out"
	ok $? "$1: the link check is the one that fails"
	grep -q "^not ok .*in the reference table" "$T/out"
	[ $? -ne 0 ]
	ok $? "$1: check 08 alone would have passed"
}

plant actors Q41053 Q312653
expect_out "kgr:hezbollah" "actors: Hezbollah is named"
expect_out "kgr:dpa" "actors: DPA is named"
expect_out "Deutsche Presse-Agentur" "actors: with the name the reference gives"

plant offensives Q131363430 Q131366416
expect_out "kgr:hama-offensive-2024" "offensives: the Hama offensive is named"
expect_out "kgr:southern-syria-offensive-2024" \
	"offensives: the Southern Syria offensive is named"

plant places Q173545 Q131301
expect_out "kgr:hama " "places: Hama is named"
expect_out "kgr:homs " "places: Homs is named"

# A place's identifier on a state and back: the kinds differ too.
plant kinds Q858 Q43
expect_out "kgr:syria " "kinds: Syria is named"
grep "kgr:turkey " "$T/out" | grep -q "classes do not fit"
ok $? "kinds: Turkey (a state) with a place's identifier fails on its kind"

done_testing
