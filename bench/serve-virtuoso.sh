# serve-virtuoso.sh: a SERVE_HOOK for bench/serve.sh that runs the same
# wrk load on Virtuoso (Debian virtuoso-opensource) beside kg serve: a
# private instance on free loopback ports (tests/remote/virtuoso.sh),
# the same N-Triples file loaded with the bulk loader (timed), the same
# queries.  Sourced by serve.sh, which defines $here, $run, $nt, $pids
# and bench_endpoint:
#
#   SERVE_HOOK=bench/serve-virtuoso.sh bench/serve.sh
#
# VIRTUOSO_BUFFERS (default 170000, about 1.3 GB of pages) sizes its
# buffer pool; the test default is far smaller.
v=$run/virtuoso
vsh=$here/../tests/remote/virtuoso.sh
t0=$(date +%s.%N)
vurl=$(VIRTUOSO_BUFFERS=${VIRTUOSO_BUFFERS:-170000} "$vsh" start "$v") || exit 1
pids="$pids $(cat "$v/pid")"
t1=$(date +%s.%N)
"$vsh" load "$v" "$nt" urn:kg:bench || { "$vsh" stop "$v"; exit 1; }
t2=$(date +%s.%N)
echo "virtuoso: started in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s, loaded $(basename "$nt") in $(awk "BEGIN { printf \"%.1f\", $t2 - $t1 }") s"
bench_endpoint virtuoso "$vurl" "$(cat "$v/pid")"
"$vsh" stop "$v"
