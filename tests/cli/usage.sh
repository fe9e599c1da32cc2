#!/bin/sh
# kg's command line: help, version, usage errors and their exit codes.
. "$srcdir/tests/lib.sh"

run "$KG" --help
expect_rc 0 "--help succeeds"
expect_out "Usage: kg" "--help prints usage"
expect_out "Exit status" "--help documents exit codes"

run "$KG" --version
expect_rc 0 "--version succeeds"
expect_out "kg 0." "--version prints the version"

run "$KG" </dev/null
expect_rc 0 "no command runs the shell on stdin (empty here)"

run "$KG" frobnicate
expect_rc 2 "unknown command is a usage error"
expect_err "unknown command 'frobnicate'" "unknown command is named"

run "$KG" --no-such-option
expect_rc 2 "unknown option is a usage error"

run "$KG" query -o nope 'ASK {}'
expect_rc 2 "unknown output format is a usage error"

run "$KG" load
expect_rc 2 "load without a file is a usage error"

run "$KG" --help
"$KG" --help >/dev/full 2>"$T/err"
rc=$?
expect_rc 1 "writing to a full disk fails"
expect_err "cannot write output" "and says so"

done_testing
