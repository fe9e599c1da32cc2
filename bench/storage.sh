#!/bin/sh
# storage.sh: compares Redland storages on one N-Triples file with
# bench/storage (librdf directly, no kg code).  See doc/storage.md.
#
#   bench/storage.sh FILE.nt [CONFIG...]
#
# CONFIG names (default: all but hashes-bdb-contains):
#   hashes-bdb          hashes, Berkeley DB, contexts, index-predicates
#                       (kg's store, kg/db.c), no duplicate check
#   hashes-bdb-noip     the same without index-predicates
#   hashes-bdb-targets  hashes-bdb, each triple checked with get_targets
#   hashes-bdb-contains hashes-bdb, each triple checked with
#                       contains_statement, as kg/load.c does (quadratic)
#   sqlite              stock sqlite storage, contexts
#   hashes-memory       hashes in memory, contexts, index-predicates
#
# Environment: STORAGE (the bench/storage program, default ./bench/storage),
# WORK (scratch directory, default /tmp/kg-bench-storage), QUERY (a .rq
# to time too, default bench/queries/04-optional.rq next to this script),
# TIMEOUT (seconds per configuration, default 600).
set -u
file=${1:?usage: storage.sh FILE.nt [CONFIG...]}
shift
here=$(dirname "$0")
STORAGE=${STORAGE:-./bench/storage}
WORK=${WORK:-/tmp/kg-bench-storage}
QUERY=${QUERY:-$here/queries/04-optional.rq}
TIMEOUT=${TIMEOUT:-600}
G=https://kg.example.org/graph/bench
[ $# -gt 0 ] || set -- hashes-bdb hashes-bdb-noip hashes-bdb-targets \
	sqlite hashes-memory

val() { sed -n "s/^$1 //p" "$2"; }

printf '%-20s %9s %8s %10s %8s %8s %10s %10s %10s %10s\n' config triples \
	load_s triples/s rss_MB disk_MB 's??_ms' '?p?_ms' 'po?_ms' optional_ms
for cfg in "$@"; do
	d=$WORK/$cfg
	rm -rf "$d"
	mkdir -p "$d"
	bdb="hash-type='bdb',dir='$d',contexts='yes',new='yes'"
	dedup=
	case $cfg in
	hashes-bdb) set -- hashes kg "$bdb,index-predicates='yes'" ;;
	hashes-bdb-noip) set -- hashes kg "$bdb" ;;
	hashes-bdb-targets) dedup="-d targets"
		set -- hashes kg "$bdb,index-predicates='yes'" ;;
	hashes-bdb-contains) dedup="-d contains"
		set -- hashes kg "$bdb,index-predicates='yes'" ;;
	sqlite) set -- sqlite "$d/kg.sqlite" "new='yes',contexts='yes'" ;;
	hashes-memory) set -- hashes kg \
		"hash-type='memory',contexts='yes',index-predicates='yes'" ;;
	*) echo "storage.sh: unknown config $cfg" >&2; continue ;;
	esac
	out=$WORK/$cfg.out
	# shellcheck disable=SC2086
	if command -v timeout >/dev/null 2>&1; then
		timeout "$TIMEOUT" "$STORAGE" -c "$G" $dedup -q "$QUERY" "$@" \
			"$file" >"$out" 2>"$WORK/$cfg.err"
	else
		"$STORAGE" -c "$G" $dedup -q "$QUERY" "$@" "$file" >"$out" \
			2>"$WORK/$cfg.err"
	fi
	rc=$?
	disk=$(du -sk "$d" | cut -f1)
	if [ $rc -ne 0 ] || [ -z "$(val maxrss_kb "$out")" ]; then
		printf '%-20s %9s %8s  (exit %s; loaded %s before that)\n' "$cfg" \
			"$(val triples "$out")" - "$rc" "$(val triples "$out")"
		continue
	fi
	ms() { awk -v s="$(val "$1" "$out")" 'BEGIN { printf "%.2f", s * 1000 }'; }
	printf '%-20s %9s %8s %10s %8.1f %8.1f %10s %10s %10s %10s\n' "$cfg" \
		"$(val triples "$out")" "$(val load_s "$out")" \
		"$(val rate "$out")" \
		"$(awk -v k="$(val maxrss_kb "$out")" 'BEGIN { print k / 1024 }')" \
		"$(awk -v k="$disk" 'BEGIN { print k / 1024 }')" \
		"$(ms subject_s)" "$(ms predicate_s)" "$(ms pred_obj_s)" \
		"$(ms query_s)"
	rm -rf "$d"
done
