# server-lib.sh: starting and stopping `kg serve` in the server tests
# (sourced after tests/lib.sh).  Each server listens on 127.0.0.1 on a
# port the kernel picks (--listen 127.0.0.1:0); its banner says which.
# The EXIT trap stops every server a test started, even on failure.

SERVER_PIDS=
trap 'for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# start_server NAME [kg serve OPTIONS]: starts a server whose banner
# goes to $T/NAME.out and access log to $T/NAME.log; sets URL and PID.
start_server() {
	name=$1
	shift
	"$KG" serve --listen 127.0.0.1:0 "$@" >"$T/$name.out" 2>"$T/$name.log" &
	PID=$!
	SERVER_PIDS="$SERVER_PIDS $PID"
	i=0
	while ! grep -q '^kg: serving' "$T/$name.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$PID" 2>/dev/null; then
			sed 's/^/#   server: /' "$T/$name.log" | head -5
			break
		fi
		sleep 0.1
	done
	URL=$(sed -n 's|^kg: serving .* at \(http://[^ ]*\)/ (.*|\1|p' "$T/$name.out")
}

# stop_server PID: SIGTERM, then its exit status in $rc.
stop_server() {
	kill -TERM "$1"
	wait "$1"
	rc=$?
}

# http [curl options] URL: the status in $code, the body in $T/body,
# the headers in $T/headers.
http() {
	code=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@")
}

expect_code() { # expect_code WANT DESCRIPTION
	[ "$code" = "$1" ]
	ok $? "$2 (status $code, want $1)"
	[ "$code" = "$1" ] || sed 's/^/#   body: /' "$T/body" | head -5
}

expect_body() { # expect_body FIXED-STRING DESCRIPTION
	grep -qF -- "$1" "$T/body"
	ok $? "$2"
	grep -qF -- "$1" "$T/body" || sed 's/^/#   body: /' "$T/body" | head -5
}

expect_header() { # expect_header REGEX DESCRIPTION (case-insensitive)
	tr -d '\r' <"$T/headers" | grep -qiE -- "$1"
	ok $? "$2"
}

# The access log's times in milliseconds since midnight: "start end"
# of the LINE-th line (1-based) matching PATTERN in log FILE.
log_span() {
	grep -E -- "$2" "$1" | sed -n "${3}p" |
		awk '{ split(substr($1, 12, 12), t, ":");
		       s = t[1] * 3600000 + t[2] * 60000 + t[3] * 1000;
		       for (i = 1; i <= NF; i++) if ($i ~ /ms$/) d = $i;
		       sub(/ms$/, "", d);
		       printf "%d %d\n", s, s + d }'
}

# filler FILE: 40 triples for queries that take long (40^5 rows in a
# cross product of five patterns over them).
filler() {
	i=0
	while [ $i -lt 40 ]; do
		echo "<http://example.org/n$i> <http://example.org/v> $i ."
		i=$((i + 1))
	done >"$1"
}
