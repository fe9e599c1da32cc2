#!/bin/sh
# serve.sh: kg serve under load.  Generates the bench graph (bench/gen,
# as run.sh does), loads it into a fresh store, starts `kg serve -q` on
# a free loopback port and runs wrk with CONNECTIONS connections for
# DURATION seconds on each query (by GET, the query url-encoded, Accept
# JSON results): queries/s, p50 and p99 latency, non-2xx replies and
# socket errors, and the server's RssAnon (private memory) before and
# after.  A benchmark, never part of `make check`.
#
#   bench/serve.sh
#
# Environment:
#   KG GEN       the programs (default ./repl/kg, ./bench/gen)
#   BENCH_SIZE   triples in the graph (default 1000000)
#   DURATION     seconds per query (default 30)
#   CONNECTIONS  concurrent connections (default 16)
#   WRK_THREADS  wrk's threads (default 2)
#   SERVE_ARGS   extra options for kg serve (e.g. "--threads 4")
#   QUERIES      the .rq files (default: bench/queries/01-point.rq and
#                02-star.rq)
#   WORK         scratch directory (default /tmp/kg-bench; the .nt file
#                is kept there and shared with run.sh)
#   SERVE_HOOK   a shell file sourced after kg's runs, to measure another
#                endpoint in the same run: it calls
#                `bench_endpoint NAME URL PID` (URL of the SPARQL
#                endpoint, PID of its server for the memory figures)
#                after loading $nt (the N-Triples file) into it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
KG=${KG:-./repl/kg}
GEN=${GEN:-./bench/gen}
BENCH_SIZE=${BENCH_SIZE:-1000000}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
SERVE_ARGS=${SERVE_ARGS:-}
QUERIES=${QUERIES:-"$here/queries/01-point.rq $here/queries/02-star.rq"}
WORK=${WORK:-/tmp/kg-bench}
for p in "$KG" "$GEN"; do
	[ -x "$p" ] || { echo "serve.sh: $p: not found (make bench/gen builds gen)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "serve.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$WORK" || exit 2
WORK=$(cd "$WORK" && pwd)
run=$(mktemp -d "$WORK/serve.XXXXXX") || exit 2
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$run"' EXIT INT TERM

nt=$WORK/bench-$BENCH_SIZE.nt
[ -s "$nt" ] || "$GEN" "$BENCH_SIZE" >"$nt" || exit 1

rss_anon() { # rss_anon PID: RssAnon in MB
	awk '/^RssAnon:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null
}

urlencode() {
	/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))'
}

# bench_endpoint NAME URL PID: wrk on each query against the SPARQL
# endpoint URL; one line per query.
bench_endpoint() {
	name=$1 url=$2 pid=$3
	start=$(rss_anon "$pid")
	for q in $QUERIES; do
		enc=$(grep -v '^#' "$q" | urlencode)
		# One request first: the reply's status and size, so that a
		# query the endpoint rejects is seen as such.
		first=$(curl -s -o "$run/first" -w '%{http_code}' \
			-H 'Accept: application/sparql-results+json' \
			"$url?query=$enc")
		wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
			-H 'Accept: application/sparql-results+json' \
			"$url?query=$enc" >"$run/wrk" 2>&1
		awk -v name="$name" -v q="$(basename "$q" .rq)" -v first="$first" \
		    -v bytes="$(wc -c <"$run/first")" '
			/Requests\/sec:/ { qps = $2 }
			/^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
			/Non-2xx/ { non2xx = $NF }
			/Socket errors/ { sock = $0; sub(/.*Socket errors: */, "", sock) }
			/requests in/ { total = $1 }
			END { printf "%-9s %-14s %9.0f q/s  p50 %8s  p99 %8s  requests %s  non-2xx %s  socket errors %s  (first reply %s, %s bytes)  RssAnon %s MB\n",
			      name, q, qps, p50, p99, total, non2xx == "" ? 0 : non2xx,
			      sock == "" ? "none" : sock, first, bytes, rss }' \
		    rss="$(rss_anon "$pid")" "$run/wrk"
	done
	echo "$name: server RssAnon $start MB before, $(rss_anon "$pid") MB after"
}

store=$run/store
echo "serve.sh: $BENCH_SIZE triples, $CONNECTIONS connections, ${DURATION}s per query, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$KG" -q -s "$store" load "$nt" || exit 1
# shellcheck disable=SC2086
"$KG" -q serve -s "$store" --listen 127.0.0.1:0 $SERVE_ARGS >"$run/out" 2>"$run/log" &
kgpid=$!
pids="$pids $kgpid"
i=0
until grep -q '^kg: serving' "$run/out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 300 ] && kill -0 "$kgpid" 2>/dev/null || { cat "$run/log" >&2; exit 1; }
	sleep 0.1
done
url=$(sed -n 's|^kg: serving .* at \(http://[^ ]*\)/ (.*|\1|p' "$run/out")/sparql
bench_endpoint kg "$url" "$kgpid"
kill -TERM "$kgpid"
wait "$kgpid"
echo "kg: exit status after SIGTERM: $?"

if [ -n "${SERVE_HOOK:-}" ]; then
	# shellcheck disable=SC1090
	. "$SERVE_HOOK"
fi
