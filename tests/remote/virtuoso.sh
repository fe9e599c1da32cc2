#!/bin/sh
# virtuoso.sh: a private Virtuoso (Debian virtuoso-opensource 7) on
# loopback, for the tests and benchmarks that need a remote SPARQL
# endpoint beside kg.  Everything it owns lives in DIR: a generated
# virtuoso.ini, the database, the log, the ports.
#
#   virtuoso.sh start DIR        start it; prints the SPARQL endpoint URL
#   virtuoso.sh load DIR FILE GRAPH   load an N-Triples/Turtle file into GRAPH
#   virtuoso.sh url DIR          the endpoint URL of a running instance
#   virtuoso.sh isql DIR SQL     run SQL through isql (as dba)
#   virtuoso.sh stop DIR         shut it down (and kill it if it lingers)
#
# Callers stop it from a trap, e.g.
#   trap '"$srcdir/tests/remote/virtuoso.sh" stop "$T/v"' EXIT
# It never touches the system instance's ports 1111/8890 or its files.
set -eu

VIRTUOSO=${VIRTUOSO:-virtuoso-t}
ISQL=${ISQL:-isql-vt}

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

# A free loopback port: the kernel picks one for a socket bound to port 0.
free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

isql() { # isql DIR SQL...
	dir=$1; shift
	"$ISQL" "127.0.0.1:$(cat "$dir/sql.port")" dba dba \
		"VERBOSE=OFF" "BANNER=OFF" "PROMPT=OFF" "ECHO=OFF" \
		"ERRORS=STDOUT" exec="$*" </dev/null
}

start() {
	dir=$1
	command -v "$VIRTUOSO" >/dev/null 2>&1 ||
		die "$VIRTUOSO not found (Debian package virtuoso-opensource)"
	mkdir -p "$dir/db" "$dir/load"
	dir=$(cd "$dir" && pwd)
	sql=$(free_port)
	http=$(free_port)
	while [ "$http" = "$sql" ]; do http=$(free_port); done
	echo "$sql" >"$dir/sql.port"
	echo "$http" >"$dir/http.port"
	# Small buffers: a test graph is a few thousand triples, and eight
	# people share the machine.  ResultSetMaxRows is raised so that a
	# query's answer is whole, as it is from kg.
	buffers=${VIRTUOSO_BUFFERS:-20000}
	cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $dir/db/virtuoso.db
ErrorLogFile = $dir/db/virtuoso.log
LockFile = $dir/db/virtuoso.lck
TransactionFile = $dir/db/virtuoso.trx
xa_persistent_file = $dir/db/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $dir/db/virtuoso-temp.db
TransactionFile = $dir/db/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., $dir/load
NumberOfBuffers = $buffers
MaxDirtyBuffers = $((buffers * 3 / 4))
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
MaxQueryMem = 512M
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = $dir
MaxClientConnections = 20
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 10
EnabledGzipContent = 1
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
EOF
	(cd "$dir" && "$VIRTUOSO" +configfile "$dir/virtuoso.ini" +foreground \
		>"$dir/stdout.log" 2>&1 &
	 echo $! >"$dir/pid")
	# A fresh database takes a few seconds to create; wait until the
	# SPARQL endpoint answers (up to a minute on a loaded machine).
	i=0
	while :; do
		if curl -sf -o /dev/null --max-time 2 \
			"http://127.0.0.1:$http/sparql?query=ASK%7B%7D"; then
			break
		fi
		kill -0 "$(cat "$dir/pid")" 2>/dev/null || {
			tail -20 "$dir/db/virtuoso.log" >&2 2>/dev/null
			die "virtuoso exited while starting"
		}
		i=$((i + 1))
		[ $i -lt 300 ] || die "virtuoso did not answer within 60 s"
		sleep 0.2
	done
	# The endpoint's anonymous user may update: the instance is a
	# test's own, on loopback.
	isql "$dir" 'GRANT SPARQL_UPDATE TO "SPARQL";' >/dev/null
	echo "http://127.0.0.1:$http/sparql"
}

load() { # load DIR FILE GRAPH
	dir=$1 file=$2 graph=$3
	[ -f "$file" ] || die "$file: no such file"
	# The bulk loader reads only from DirsAllowed; a link keeps a big
	# file from being copied.
	base=$(basename "$file")
	ln -sf "$(cd "$(dirname "$file")" && pwd)/$base" "$dir/load/$base"
	out=$(isql "$dir" "ld_dir('$dir/load', '$base', '$graph');
rdf_loader_run();
checkpoint;
SELECT ll_state, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%/$base' AND ll_error IS NOT NULL;") ||
		{ echo "$out" >&2; die "isql failed"; }
	# A file the loader refused keeps its error in LOAD_LIST.
	case $out in
	*Error*|*error*|*"*** "*) echo "$out" >&2; die "loading $file failed" ;;
	esac
	# Clear the list so the same file name can be loaded again later.
	isql "$dir" "DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%/$base';" \
		>/dev/null
}

stop() {
	dir=$1
	[ -f "$dir/pid" ] || return 0
	pid=$(cat "$dir/pid")
	if kill -0 "$pid" 2>/dev/null; then
		# shutdown checkpoints first; a test's data need not survive,
		# so a kill after a few seconds is fine.
		isql "$dir" "raw_exit();" >/dev/null 2>&1 || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 25 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		kill "$pid" 2>/dev/null || true
		sleep 0.2
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$dir/pid"
}

cmd=${1:-}
[ $# -ge 2 ] || die "usage: virtuoso.sh start|load|url|isql|stop DIR ..."
shift
case $cmd in
start) start "$@" ;;
load) [ $# -eq 3 ] || die "usage: virtuoso.sh load DIR FILE GRAPH"; load "$@" ;;
url) echo "http://127.0.0.1:$(cat "$1/http.port")/sparql" ;;
isql) isql "$@" ;;
stop) stop "$@" ;;
*) die "unknown command $cmd" ;;
esac
