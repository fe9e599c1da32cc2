#!/bin/sh
# service.sh: what SERVICE's batching buys.  A local store holds ROWS
# events, each at one of 100 places; a private Virtuoso on loopback
# (tests/remote/virtuoso.sh) holds the places' populations.  The query
# joins every local row with the remote through SERVICE, once with kg's
# default batch (200 rows of bindings per request, as VALUES), once with
# one request per row (KG_SERVICE_BATCH=1), and with other batch sizes:
# requests made (kg query --profile) and wall time, best of RUNS.  A
# benchmark, never part of `make check`.
#
#   bench/service.sh            (from the build tree; KG=./repl/kg)
#
# Environment: KG, ROWS (default 1000), RUNS (default 3), BATCHES
# (default "200 1000 50 1").
set -u
here=$(cd "$(dirname "$0")" && pwd)
KG=${KG:-./repl/kg}
ROWS=${ROWS:-1000}
RUNS=${RUNS:-3}
BATCHES=${BATCHES:-"200 1000 50 1"}
vsh=$here/../tests/remote/virtuoso.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/kg-service.XXXXXX") || exit 2
trap '"$vsh" stop "$work/v" >/dev/null 2>&1; rm -rf "$work"' EXIT INT TERM

i=0
while [ $i -lt "$ROWS" ]; do
	echo "<urn:kg:bench:e$i> <urn:kg:bench#place> <urn:kg:bench:p$((i % 100))> ."
	i=$((i + 1))
done >"$work/local.nt"
i=0
while [ $i -lt 100 ]; do
	echo "<urn:kg:bench:p$i> <urn:kg:bench#population> \"$((i * 1000 + 7))\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
	i=$((i + 1))
done >"$work/remote.nt"

"$KG" -q -s "$work/store" load "$work/local.nt" || exit 1
url=$("$vsh" start "$work/v") || exit 1
"$vsh" load "$work/v" "$work/remote.nt" urn:kg:bench || exit 1

q="SELECT ?e ?pop WHERE { ?e <urn:kg:bench#place> ?p .
  SERVICE <$url> { ?p <urn:kg:bench#population> ?pop } }"
echo "service.sh: $ROWS local rows joined with Virtuoso through SERVICE, best of $RUNS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for b in $BATCHES; do
	best=
	for r in $(seq "$RUNS"); do
		t0=$(date +%s.%N)
		KG_SERVICE_BATCH=$b "$KG" -q -s "$work/store" query --profile -o tsv "$q" \
			>"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
		t1=$(date +%s.%N)
		s=$(awk "BEGIN { print $t1 - $t0 }")
		best=$(awk -v a="${best:-$s}" -v b="$s" 'BEGIN { print (b < a) ? b : a }')
	done
	reqs=$(sed -n 's/^profile: \([0-9]*\) HTTP requests.*/\1/p' "$work/err")
	rows=$(($(wc -l <"$work/out") - 1))
	printf 'batch %5s rows/request: %5s requests, %6s result rows, %8.3f s\n' \
		"$b" "$reqs" "$rows" "$best"
done
