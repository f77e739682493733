#!/usr/bin/env bash
# scripts/pg_instance.sh start|restart|stop|env DIR: a throwaway PostgreSQL 15 server living entirely in DIR.
#
#   start  stops whatever DIR held, wipes it, initdb's a fresh cluster and starts it; waits until it accepts
#          connections (prints the server log and fails otherwise)
#   restart  starts the existing cluster in DIR again WITHOUT wiping it (e.g. crash recovery after kill -9)
#   stop   fast shutdown; a no-op when nothing runs
#   env    prints `export PGHOST=... PGPORT=... PGUSER=postgres` for eval
#
# The server listens only on a Unix socket in DIR (listen_addresses=''), so it never collides with a system
# cluster or another instance: the port (SO_PG_PORT, default 54329) only names the socket file.
# initdb/postgres refuse to run as root, so as root everything runs as the `postgres` OS user; when that user
# cannot reach DIR (e.g. a checkout under /root) or the socket path would be too long for a Unix socket, the
# instance lives in a directory under /tmp instead and DIR/instance points to it.
set -euo pipefail

PGBIN=${SO_PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${SO_PG_PORT:-54329}
START_TIMEOUT=${SO_PG_START_TIMEOUT:-60}

usage() { echo "usage: $0 start|restart|stop|env DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
CMD=$1
DIR=$(realpath -m "$2")

AS=()
if [ "$(id -u)" -eq 0 ]; then AS=(runuser -u postgres --); fi

# Where the instance really lives (data/, the socket, postgres.log).
inst_dir() {
	if [ -L "$DIR/instance" ]; then
		readlink "$DIR/instance"
	else
		echo "$DIR"
	fi
}

run_pg() { "${AS[@]}" "$@"; }

do_stop() {
	local inst data pid
	inst=$(inst_dir)
	data=$inst/data
	[ -f "$data/postmaster.pid" ] || return 0
	if run_pg "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1; then
		return 0
	fi
	# pg_ctl failed: either the pid file is stale (killed run) or shutdown hung. Kill only a postgres process
	# that is really serving this data directory.
	pid=$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)
	if [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] &&
		tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$data"; then
		echo "pg_instance: fast shutdown failed, killing postmaster $pid" >&2
		kill -9 "$pid" 2>/dev/null || true
		for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
	fi
	rm -f "$data/postmaster.pid"
}

do_start() {
	do_stop
	local inst data
	inst=$(inst_dir)
	# start wipes DIR: refuse a directory that does not look like one of ours (a mistyped argument)
	if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ] && [ ! -d "$DIR/data" ] && [ ! -L "$DIR/instance" ]; then
		echo "${0##*/}: $DIR is not empty and holds no instance; refusing to wipe it" >&2
		exit 1
	fi
	[ "$inst" = "$DIR" ] || rm -rf "$inst"
	rm -rf "$DIR"
	mkdir -p "$DIR"
	inst=$DIR
	# Unix socket paths are limited to 107 bytes; the postgres user must be able to reach DIR.
	if [ ${#DIR} -gt 80 ] || ! run_pg test -x "$(dirname "$DIR")"; then
		inst=$(mktemp -d /tmp/so-pg.XXXXXX)
		ln -s "$inst" "$DIR/instance"
	fi
	[ ${#AS[@]} -eq 0 ] || chown postgres: "$inst"
	chmod 700 "$inst"

	local locale=C
	if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then locale=C.UTF-8; fi
	run_pg "$PGBIN/initdb" -D "$inst/data" -A trust -U postgres -E UTF8 --locale="$locale" \
		--no-sync >"$inst/initdb.log" 2>&1 || { cat "$inst/initdb.log" >&2; echo "pg_instance: initdb failed" >&2; exit 1; }

	# speed over durability: the cluster is thrown away after the run
	cat >>"$inst/data/postgresql.conf" <<-EOF
		# schemaops throwaway instance
		listen_addresses = ''
		port = $PORT
		unix_socket_directories = '$inst'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		shared_preload_libraries = ''
		max_connections = 50
		log_min_messages = warning
		log_line_prefix = '%m [%p] %q%u@%d '
	EOF

	launch "$inst"
}

# starts the cluster in $1/data and waits until its socket answers
launch() {
	local inst=$1 i
	if ! run_pg "$PGBIN/pg_ctl" -D "$inst/data" -l "$inst/postgres.log" -w -t "$START_TIMEOUT" start >/dev/null; then
		echo "pg_instance: server did not start; log follows" >&2
		cat "$inst/postgres.log" >&2 || true
		exit 1
	fi
	# pg_ctl -w already waited; this also checks that the socket answers where clients will look
	for ((i = 0; i < START_TIMEOUT * 10; i++)); do
		if "$PGBIN/pg_isready" -q -h "$inst" -p "$PORT"; then
			echo "pg_instance: PostgreSQL running (socket $inst/.s.PGSQL.$PORT)"
			return 0
		fi
		sleep 0.1
	done
	echo "pg_instance: server not ready after ${START_TIMEOUT}s; log follows" >&2
	cat "$inst/postgres.log" >&2 || true
	exit 1
}

do_restart() {
	local inst
	inst=$(inst_dir)
	[ -d "$inst/data" ] || { echo "${0##*/}: no cluster in $DIR to restart" >&2; exit 1; }
	do_stop
	launch "$inst"
}

case $CMD in
start) do_start ;;
restart) do_restart ;;
stop) do_stop ;;
env)
	echo "export PGHOST=$(inst_dir)"
	echo "export PGPORT=$PORT"
	echo "export PGUSER=postgres"
	;;
*) usage ;;
esac
