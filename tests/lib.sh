# lib.sh: TAP helpers for shell tests that drive the kg binary.
# Each test script sources this, calls the helpers, and ends with `done_testing`.
set -u
: "${KG:?KG must name the kg binary}"
: "${srcdir:=.}"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export KG_STORE="$T/default-store"
export HOME="$T/home"
export KG_HISTORY="$T/history"
n=0
failed=0

ok() { # ok COND-EXIT-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, status in $rc
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

expect_rc() { # expect_rc WANT DESCRIPTION
	[ "$rc" -eq "$1" ]
	ok $? "$2 (exit $rc, want $1)"
	[ "$rc" -eq "$1" ] || sed 's/^/#   stderr: /' "$T/err" | head -5
}

expect_out() { # expect_out FIXED-STRING DESCRIPTION
	grep -qF -- "$1" "$T/out"
	ok $? "$2"
}

expect_err() { # expect_err FIXED-STRING DESCRIPTION
	grep -qF -- "$1" "$T/err"
	ok $? "$2"
	grep -qF -- "$1" "$T/err" || sed 's/^/#   stderr: /' "$T/err" | head -5
}

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
