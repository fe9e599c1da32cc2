#!/bin/sh
# run.sh: kg's benchmark.  For each size: generate a synthetic graph
# (bench/gen), load it into a fresh on-disk store, print the load rate and
# peak memory, then run every bench/queries/*.rq RUNS times through each
# engine on that same store and print the median times side by side.
# `make bench` runs it; benchmarks are never part of `make check`.
#
#   bench/run.sh [SIZE...]            default: 10000 100000 1000000
#
# Columns: kg_ms and rasqal_ms are the median wall times of the whole
# `kg query` process through kg's engine and through rasqal
# (KG_ENGINE=rasqal); x is rasqal_ms / kg_ms; storage_ms is the time the
# kg run spent inside the Redland storage (`kg query --profile`: the
# storage calls alone, which no engine can go below); rows counts the
# kg engine's result rows (rasqal's are shown when they differ); kg_MB
# and rasqal_MB are the peak resident memory of each engine's runs.
#
# Environment:
#   KG          the kg program (default ./repl/kg)
#   KG_ARGS     extra global options for every kg call
#   ENGINES     "kg rasqal" (default), or one of them
#   GEN TIMEIT  the helpers (default ./bench/gen, ./bench/timeit)
#   QUERIES     directory of .rq files (default: queries/ next to run.sh)
#   RUNS        runs per query (default 3; the median is printed)
#   TIMEOUT     seconds before a query run is killed (default 300)
#   WORK        scratch directory (default /tmp/kg-bench); the .nt files
#               are kept there and reused, the stores are not
#   OXIGRAPH    a directory holding node_modules/oxigraph: when set, the
#               same files and queries also run through bench/oxigraph.js
#               (Oxigraph as WebAssembly under node, in memory)
#
# A query an engine rejects is shown as "error" (a parse error, e.g. a
# property path under rasqal, is "unsupported"); a run killed after
# TIMEOUT as ">TIMEOUTs".
set -u
here=$(cd "$(dirname "$0")" && pwd)
KG=${KG:-./repl/kg}
KG_ARGS=${KG_ARGS:-}
GEN=${GEN:-./bench/gen}
TIMEIT=${TIMEIT:-./bench/timeit}
QUERIES=${QUERIES:-$here/queries}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-300}
WORK=${WORK:-/tmp/kg-bench}
OXIGRAPH=${OXIGRAPH:-}
ENGINES=${ENGINES:-kg rasqal}
[ $# -gt 0 ] || set -- 10000 100000 1000000

for p in "$KG" "$GEN" "$TIMEIT"; do
	[ -x "$p" ] || { echo "run.sh: $p: not found (make bench builds it)" >&2; exit 2; }
done
mkdir -p "$WORK"

# median of the numbers on standard input
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

echo "kg bench: $($KG --version 2>/dev/null), engines: $ENGINES," \
	"kg args '${KG_ARGS}', $RUNS runs per query (median), $(nproc 2>/dev/null || echo '?') cores," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

for size in "$@"; do
	nt=$WORK/bench-$size.nt
	[ -s "$nt" ] || "$GEN" "$size" >"$nt" || exit 1
	store=$WORK/store-$size
	rm -rf "$store"
	echo
	echo "== $size triples ($(du -k "$nt" | cut -f1) KB of N-Triples)"
	# shellcheck disable=SC2086
	set -- $("$TIMEIT" "$KG" $KG_ARGS -q -s "$store" load "$nt")
	if [ "${3:-x}" != 0 ]; then
		echo "load failed (status ${3:-?})"
		continue
	fi
	awk -v n="$size" -v s="$1" -v k="$2" -v d="$(du -sk "$store" | cut -f1)" 'BEGIN {
		printf "load: %.2f s, %.0f triples/s, peak RSS %.1f MB, store %.1f MB on disk\n",
		       s, n / s, k / 1024, d / 1024 }'
	printf '%-16s %9s %10s %7s %11s %7s %7s %10s\n' query kg_ms rasqal_ms x \
		storage_ms rows kg_MB rasqal_MB
	for q in "$QUERIES"/*.rq; do
		name=$(basename "$q" .rq)
		kg_ms=- rasqal_ms=- storage=- rows=- rrows= kg_mb=- rasqal_mb=-
		for engine in $ENGINES; do
			times=$WORK/times
			: >"$times"
			status=0 i=0 n=- peak=0
			while [ $i -lt "$RUNS" ]; do
				i=$((i + 1))
				# shellcheck disable=SC2086
				set -- $(KG_ENGINE=$engine "$TIMEIT" -t "$TIMEOUT" -o "$WORK/out" \
					"$KG" $KG_ARGS -s "$store" query --profile -o tsv -f "$q" \
					2>"$WORK/err")
				status=${3:-?}
				[ "$status" = 0 ] || break
				echo "$1" >>"$times"
				[ "$2" -gt "$peak" ] && peak=$2
				if [ $i -eq 1 ]; then
					n=$(($(wc -l <"$WORK/out") - 1))
					[ "$engine" = kg ] && storage=$(sed -n \
						's/.*storage \([0-9.]*\) ms.*/\1/p' "$WORK/err" | tail -n 1)
				fi
			done
			case $status in
			0) t=$(median <"$times" | awk '{ printf "%.1f", $1 * 1000 }') ;;
			timeout) t=">${TIMEOUT}s" ;;
			1) if grep -q 'syntax error' "$WORK/err"; then t=unsupported; else t=error; fi ;;
			*) t="status:$status" ;;
			esac
			mb=-
			[ "$status" = 0 ] && mb=$(echo "$peak" | awk '{ printf "%.1f", $1 / 1024 }')
			if [ "$engine" = kg ]; then kg_ms=$t rows=$n kg_mb=$mb
			else rasqal_ms=$t rrows=$n rasqal_mb=$mb; fi
		done
		x=$(awk -v a="$kg_ms" -v b="$rasqal_ms" 'BEGIN {
			if (a + 0 > 0 && b + 0 > 0) printf "%.1f", b / a; else print "-" }')
		[ "$rrows" = "$rows" ] && rrows=
		printf '%-16s %9s %10s %7s %11s %7s %7s %10s%s\n' "$name" "$kg_ms" \
			"$rasqal_ms" "$x" "${storage:--}" "$rows" "$kg_mb" "$rasqal_mb" \
			"${rrows:+  (rasqal: $rrows rows)}"
	done
	rm -rf "$store"
	if [ -n "$OXIGRAPH" ]; then
		echo "-- Oxigraph (npm package: WebAssembly under node, in-memory store)"
		NODE_PATH=$OXIGRAPH/node_modules node "$here/oxigraph.js" "$RUNS" "$nt" \
			"$QUERIES"/*.rq | awk -v n="$size" '
			$1 == "load" { printf "load: %.2f s, %.0f triples/s\n", $2, n / $2
			               printf "%-18s %12s %8s\n", "query", "median_ms", "rows" }
			$1 == "query" && $3 == "error" { printf "%-18s %12s\n", $2, "error" }
			$1 == "query" && $3 != "error" { printf "%-18s %12.1f %8s\n", $2, $3 * 1000, $4 }
			$1 == "maxrss_kb" { printf "peak RSS (node process) %.1f MB\n", $2 / 1024 }'
	fi
done
