#!/bin/sh
# run.sh: make check's entry to the SPARQL evaluation cases: the driver
# (built in the build tree) over every tests/sparql/*.test of the source
# tree.  By hand: tests/sparql/run tests/sparql/paths.test
: "${srcdir:=.}"
exec ./tests/sparql/run "$srcdir"/tests/sparql/*.test
