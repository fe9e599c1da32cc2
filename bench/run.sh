#!/bin/sh
# run.sh: kg's benchmark beside Oxigraph.  For each size: generate a
# synthetic graph (bench/gen), load it into a fresh on-disk store, then
# time every bench/queries/*.rq, every bench/updates/*.ru and a second
# load into that store, each RUNS times, and print the medians side by
# side with Oxigraph's on the same files.  `make bench` runs it;
# benchmarks are never part of `make check`.
#
#   bench/run.sh [SIZE...]            default: 10000 100000 1000000
#
# Load line: the whole `kg load` process (triples/s), its peak RSS and
# peak RssAnon (the private memory: heap and the like, without the file
# pages of the store; bench/timeit -m polls it every 10 ms), the store
# directory's allocated size (du -s -B1: data.mdb is sparse up to its
# map) against the N-Triples file's, and Oxigraph's
# load time.
#
# Query columns: kg_ms is the median wall time of the whole `kg query`
# process (start, store open, query, output to a file); kg_in_ms the
# time kg itself measures from parsing to the last row written (`kg
# query --profile`, "in all"), and storage_ms the part of it inside the
# storage; rows counts kg's result rows; kg_MB is kg's peak RSS; ox_ms
# is Oxigraph's time for store.query() in process.  kg_in_ms is the
# first query of a fresh process (cold: its page faults, lazy symbol
# binding and first allocations are in it), while ox_ms is the median
# of RUNS runs in one process after an untimed warm-up query; kg_warm_ms
# times kg the way oxigraph.js times Oxigraph (bench/queryloop -w: an
# untimed ASK {}, then the median of RUNS runs in one process, rows
# rendered as tsv to a sink), so x = kg_warm_ms / ox_ms compares like
# with like (above 1: kg is slower), and x_in = kg_in_ms / ox_ms puts
# kg's cold figure beside it.  Rows that differ between kg and
# Oxigraph are printed as a warning: one of the engines is wrong.
#
# Update columns: each run copies the loaded store (cp -a, untimed) and
# times the whole `kg update -f FILE.ru` process on the copy, so every
# run starts from the same state; change is the quads added minus those
# removed (kg's own report, Oxigraph's store size), and they must agree.
# The last row, append-N, is `kg load --graph` of N more triples (gen
# with another seed: the same entity IRIs with other values, into a
# graph of their own, so every quad is new) into a copy of the store.
#
# Environment:
#   KG          the kg program (default ./repl/kg)
#   KG_ARGS     extra global options for every kg call
#   STORE_SPEC  the store option as a printf template whose %s is the
#               store directory (default "%s", the default store kind)
#   GEN TIMEIT  the helpers (default ./bench/gen, ./bench/timeit)
#   QUERYLOOP   bench/queryloop for kg_warm_ms (default ./bench/queryloop;
#               not found: the column is "-"); it takes STORE_SPEC but
#               not KG_ARGS
#   QUERIES     directory of .rq files (default: queries/ next to run.sh)
#   UPDATES     directory of .ru files (default: updates/ next to run.sh)
#   RUNS        runs per query and update (default 3; the median is printed)
#   TIMEOUT     seconds before a kg run is killed (default 300)
#   APPEND_SIZE APPEND_SEED  the second load (default 100000 triples, seed 7)
#   WORK        scratch directory (default /tmp/kg-bench); the .nt files
#               and the Oxigraph package are kept there, the stores are not
#   NO_OXIGRAPH set to 1 to leave Oxigraph out
#   OXIGRAPH    a directory holding node_modules/oxigraph (default
#               WORK/oxigraph, where npm installs it on first use)
#
# A query kg rejects is shown as "error" ("unsupported" for a syntax
# error); a run killed after TIMEOUT as ">TIMEOUTs".
set -u
here=$(cd "$(dirname "$0")" && pwd)
KG=${KG:-./repl/kg}
KG_ARGS=${KG_ARGS:-}
STORE_SPEC=${STORE_SPEC:-%s}
GEN=${GEN:-./bench/gen}
TIMEIT=${TIMEIT:-./bench/timeit}
QUERYLOOP=${QUERYLOOP:-./bench/queryloop}
QUERIES=${QUERIES:-$here/queries}
UPDATES=${UPDATES:-$here/updates}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-300}
APPEND_SIZE=${APPEND_SIZE:-100000}
APPEND_SEED=${APPEND_SEED:-7}
APPEND_GRAPH=https://kg.example.org/graph/append
WORK=${WORK:-/tmp/kg-bench}
NO_OXIGRAPH=${NO_OXIGRAPH:-0}
[ $# -gt 0 ] || set -- 10000 100000 1000000

for p in "$KG" "$GEN" "$TIMEIT"; do
	[ -x "$p" ] || { echo "run.sh: $p: not found (make bench builds it)" >&2; exit 2; }
done
mkdir -p "$WORK" || exit 2
WORK=$(cd "$WORK" && pwd)

# Oxigraph: the npm package, installed once into WORK.
ox=
if [ "$NO_OXIGRAPH" = 1 ]; then
	ox_note="Oxigraph left out (NO_OXIGRAPH=1)"
elif ! command -v node >/dev/null 2>&1; then
	ox_note="Oxigraph left out: no node"
else
	ox=${OXIGRAPH:-$WORK/oxigraph}
	if [ ! -d "$ox/node_modules/oxigraph" ]; then
		if ! command -v npm >/dev/null 2>&1; then
			ox= ox_note="Oxigraph left out: no npm to install it"
		else
			echo "installing the oxigraph npm package into $ox"
			# From inside $ox: npm would take a ./oxigraph beside it
			# for a folder to install.
			mkdir -p "$ox" && (cd "$ox" && npm install --no-audit \
				--no-fund --prefix . oxigraph >"$WORK/npm.log" 2>&1) ||
				{ ox= ox_note="Oxigraph left out: npm install failed (see $WORK/npm.log)"; }
		fi
	fi
	[ -n "$ox" ] && ox_note="Oxigraph $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' \
		"$ox/node_modules/oxigraph/package.json") (npm: WebAssembly under node, in memory)"
fi

# median of the numbers on standard input
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# x = a / b, or "-" when either is not a number
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {
	if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b
	else print "-" }'; }
# the field of "KIND NAME ..." in Oxigraph's output, or "-"
ox_field() { awk -v k="$1" -v n="$2" -v f="$3" '$1 == k && $2 == n {
	v = $f } END { print (v == "" ? "-" : v) }' "$oxout"; }
# a timeit status as the table shows it
status_text() {
	case $1 in
	timeout) echo ">${TIMEOUT}s" ;;
	1) if grep -q 'syntax error' "$WORK/err"; then echo unsupported; else echo error; fi ;;
	*) echo "status:$1" ;;
	esac
}
store_of() { printf "$STORE_SPEC" "$1"; }

echo "kg bench: $($KG --version 2>/dev/null), kg args '${KG_ARGS}'," \
	"store '$STORE_SPEC', $RUNS runs (median), $(nproc 2>/dev/null || echo '?') cores," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "$ox_note"

for size in "$@"; do
	nt=$WORK/bench-$size.nt
	[ -s "$nt" ] || "$GEN" "$size" >"$nt" || exit 1
	more=$WORK/append-$APPEND_SIZE-s$APPEND_SEED.nt
	[ -s "$more" ] || "$GEN" -s "$APPEND_SEED" "$APPEND_SIZE" >"$more" || exit 1
	dir=$WORK/store-$size copy=$WORK/copy-$size
	rm -rf "$dir" "$copy"
	nt_bytes=$(wc -c <"$nt")
	echo
	echo "== $size triples ($(mb $((nt_bytes / 1024))) MB of N-Triples)"

	oxout=$WORK/oxigraph-$size.out
	: >"$oxout"
	if [ -n "$ox" ]; then
		NODE_PATH=$ox/node_modules node "$here/oxigraph.js" "$RUNS" "$nt" \
			--append "$more" "$QUERIES"/*.rq "$UPDATES"/*.ru >"$oxout" \
			2>"$WORK/oxigraph.err" ||
			echo "warning: oxigraph.js failed: $(head -n 3 "$WORK/oxigraph.err")"
	fi

	# shellcheck disable=SC2086
	set -- $("$TIMEIT" -m "$KG" $KG_ARGS -q -s "$(store_of "$dir")" load "$nt")
	if [ "${3:-x}" != 0 ]; then
		echo "load failed (status ${3:-?})"
		continue
	fi
	disk=$(du -s -B1 "$dir" | cut -f1)
	awk -v n="$size" -v s="$1" -v k="$2" -v a="$4" -v d="$disk" -v f="$nt_bytes" \
		-v o="$(awk '$1 == "load" { print $2 }' "$oxout")" 'BEGIN {
		printf "load: kg %.2f s, %.0f triples/s, peak RSS %.1f MB, peak RssAnon %.1f MB;",
		       s, n / s, k / 1024, a / 1024
		printf " store %.1f MB on disk, %.2fx the N-Triples\n", d / 1048576, d / f
		if (o != "") printf "load: Oxigraph %.2f s, %.0f triples/s\n", o, n / o }'
	awk '$1 == "maxrss_kb" { printf "Oxigraph peak RSS (node, whole run) %.1f MB\n", $2 / 1024 }' "$oxout"

	printf '%-20s %9s %9s %10s %10s %7s %6s %9s %6s %6s\n' query kg_ms \
		kg_in_ms storage_ms kg_warm_ms rows kg_MB ox_ms x_in x
	for q in "$QUERIES"/*.rq; do
		name=$(basename "$q" .rq)
		: >"$WORK/times"
		: >"$WORK/in"
		: >"$WORK/storage"
		status=0 i=0 rows=- peak=0
		while [ $i -lt "$RUNS" ]; do
			i=$((i + 1))
			# shellcheck disable=SC2086
			set -- $("$TIMEIT" -t "$TIMEOUT" -o "$WORK/out" "$KG" $KG_ARGS \
				-s "$(store_of "$dir")" query --profile -o tsv -f "$q" \
				2>"$WORK/err")
			status=${3:-?}
			[ "$status" = 0 ] || break
			echo "$1" >>"$WORK/times"
			[ "$2" -gt "$peak" ] && peak=$2
			sed -n 's/^profile: \([0-9.]*\) ms in all.*/\1/p' "$WORK/err" >>"$WORK/in"
			sed -n 's/.*storage \([0-9.]*\) ms.*/\1/p' "$WORK/err" >>"$WORK/storage"
			# a header line, then a row a line (the last may lack its newline)
			[ $i -eq 1 ] && rows=$(awk 'END { print NR - 1 }' "$WORK/out")
		done
		# warm, as oxigraph.js times Oxigraph: one process, RUNS runs
		warm=- loop_rows=
		if [ "$status" = 0 ] && [ -x "$QUERYLOOP" ]; then
			set -- $("$TIMEIT" -t "$TIMEOUT" -o "$WORK/loop" "$QUERYLOOP" \
				-w -n "$RUNS" "$(store_of "$dir")" "$q" 2>"$WORK/err")
			[ "${3:-x}" = 0 ] && warm=$(sed -n \
				's/.* median \([0-9.]*\) ms.*/\1/p' "$WORK/loop")
			warm=${warm:--}
			loop_rows=$(sed -n 's/^\([0-9]*\) rows.*/\1/p' "$WORK/loop")
		fi
		kg_in=- storage=- kg_mb=-
		if [ "$status" = 0 ]; then
			kg_ms=$(ms "$(median <"$WORK/times")")
			kg_in=$(median <"$WORK/in")
			storage=$(median <"$WORK/storage")
			kg_mb=$(mb "$peak")
		else
			kg_ms=$(status_text "$status")
		fi
		ox_ms=$(ox_field query "$name" 3)
		ox_rows=$(ox_field query "$name" 4)
		case $ox_ms in
		error) ;;
		-) ;;
		*) ox_ms=$(ms "$ox_ms") ;;
		esac
		printf '%-20s %9s %9s %10s %10s %7s %6s %9s %6s %6s\n' "$name" \
			"$kg_ms" "${kg_in:--}" "${storage:--}" "$warm" "$rows" \
			"$kg_mb" "$ox_ms" "$(ratio "$kg_in" "$ox_ms")" \
			"$(ratio "$warm" "$ox_ms")"
		if [ "$warm" != - ] && [ "$loop_rows" != "$rows" ]; then
			echo "  warning: $name: queryloop gives ${loop_rows:-?} rows, kg query $rows"
		fi
		if [ "$status" = 0 ] && [ "$ox_rows" != - ] && [ "$ox_rows" != "$rows" ]; then
			echo "  warning: $name: kg gives $rows rows, Oxigraph $ox_rows"
		fi
	done

	printf '%-20s %9s %9s %6s %9s %9s\n' update kg_ms change kg_MB ox_ms ox_change
	for u in "$UPDATES"/*.ru append; do
		if [ "$u" = append ]; then
			name=append-$APPEND_SIZE ox_ms=$(awk '$1 == "append" { print $2 }' "$oxout")
			ox_change=$(awk '$1 == "append" { print $3 }' "$oxout")
		else
			name=$(basename "$u" .ru) ox_ms=$(ox_field update "$name" 3)
			ox_change=$(ox_field update "$name" 4)
		fi
		: >"$WORK/times"
		status=0 i=0 change=- peak=0
		while [ $i -lt "$RUNS" ]; do
			i=$((i + 1))
			rm -rf "$copy"
			cp -a "$dir" "$copy" || exit 1
			if [ "$u" = append ]; then
				# shellcheck disable=SC2086
				set -- $("$TIMEIT" -t "$TIMEOUT" "$KG" $KG_ARGS -q \
					-s "$(store_of "$copy")" load --graph "$APPEND_GRAPH" \
					"$more" 2>"$WORK/err")
			else
				# shellcheck disable=SC2086
				set -- $("$TIMEIT" -t "$TIMEOUT" "$KG" $KG_ARGS \
					-s "$(store_of "$copy")" update -f "$u" 2>"$WORK/err")
			fi
			status=${3:-?}
			[ "$status" = 0 ] || break
			echo "$1" >>"$WORK/times"
			[ "$2" -gt "$peak" ] && peak=$2
			[ $i -eq 1 ] || continue
			if [ "$u" = append ]; then
				change=$("$KG" $KG_ARGS -s "$(store_of "$copy")" graphs |
					awk -v g="<$APPEND_GRAPH>" '$2 == g { print $4 }')
			else
				change=$(sed -n 's/^\([0-9]*\) added, \([0-9]*\) removed.*/\1 \2/p' \
					"$WORK/err" | awk '{ print $1 - $2 }')
			fi
		done
		rm -rf "$copy"
		kg_mb=-
		if [ "$status" = 0 ]; then
			kg_ms=$(ms "$(median <"$WORK/times")")
			kg_mb=$(mb "$peak")
		else
			kg_ms=$(status_text "$status")
		fi
		case ${ox_ms:--} in
		error) ox_change=- ;;
		-) ;;
		*) ox_ms=$(ms "$ox_ms") ;;
		esac
		printf '%-20s %9s %9s %6s %9s %9s\n' "$name" "$kg_ms" "${change:--}" \
			"$kg_mb" "${ox_ms:--}" "${ox_change:--}"
		if [ "$status" = 0 ] && [ -n "$ox_change" ] && [ "$ox_change" != - ] &&
			[ "$ox_change" != "$change" ]; then
			echo "  warning: $name: kg changes $change quads, Oxigraph $ox_change"
		fi
	done
	rm -rf "$dir"
done
