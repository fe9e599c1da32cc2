#!/bin/sh
# Updates in the shell: each request reports what it added and removed,
# and .undo reverts the last one still kept.
. "$srcdir/tests/lib.sh"
S="$T/store"
D="$srcdir/tests/data"
"$KG" -q -s "$S" load -d "$D/small.ttl" >/dev/null 2>&1
"$KG" -s "$S" dump | sort >"$T/before.nq"

shell() { # shell IN: the shell on $S with IN as standard input
	printf '%s' "$1" >"$T/in"
	"$KG" -s "$S" <"$T/in" >"$T/out" 2>"$T/err"
	rc=$?
}
same_as_before() {
	"$KG" -s "$S" dump | sort >"$T/now.nq"
	cmp -s "$T/before.nq" "$T/now.nq"
}

shell 'PREFIX ex: <http://example.org/>
INSERT DATA { ex:new ex:p "one" . GRAPH ex:g { ex:new ex:p _:b } };
'
expect_rc 0 "INSERT DATA in the shell"
expect_out "2 added, 0 removed" "reports what the request added"
same_as_before
[ $? -ne 0 ]
ok $? "the store changed"

# Each shell keeps the requests of its own session.
"$KG" -s "$S" dump | sort >"$T/before.nq"

shell 'INSERT DATA { <http://example.org/a> <http://example.org/b> "c" };
ASK { <http://example.org/a> <http://example.org/b> "c" };
.undo
ASK { <http://example.org/a> <http://example.org/b> "c" };
'
expect_rc 0 "INSERT DATA then .undo"
expect_out "undone: 0 added, 1 removed" ".undo reports what it reverted"
[ "$(grep -E '^(true|false)$' "$T/out" | tr '\n' ' ')" = "true false " ]
ok $? "the triple was there, then gone"

shell 'DELETE WHERE { ?s ?p ?o };
CLEAR ALL;
.undo
.undo
.undo
'
expect_rc 0 "several .undo in a row"
expect_out "nothing to undo" "and one too many says so"
same_as_before
ok $? "the store is as it was before the requests of this session"

shell 'INSERT DATA { <http://example.org/x> <http://example.org/y> ?z };
'
expect_rc 1 "a malformed update is an error"
expect_err "near line 1" "naming its line"
same_as_before
ok $? "and changes nothing"

done_testing
