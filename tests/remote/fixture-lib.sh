# fixture-lib.sh: sourced (after tests/lib.sh) by the tests that talk to
# tests/remote/fixture.py, the misbehaving endpoint on loopback.
#
#   start_fixture   starts it in the background (fixture_pid)
#   fixture_ready   waits until it listens, then sets base to its URL
#   stop_fixture    stops it; for the test's EXIT trap
#   free_port       prints a loopback port nothing listens on
fixture_pid=

start_fixture() {
	/usr/bin/python3 "$srcdir/tests/remote/fixture.py" "$T/port" "$T/log" &
	fixture_pid=$!
}

fixture_ready() {
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	base="http://127.0.0.1:$(cat "$T/port")"
}

stop_fixture() {
	[ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null
}

# The kernel picks a free port for a socket bound to port 0; once the
# socket is closed nothing listens there.
free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
