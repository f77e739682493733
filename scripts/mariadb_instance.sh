#!/usr/bin/env bash
# scripts/mariadb_instance.sh start|resume|stop|env DIR: a throwaway MariaDB 10.11 server living entirely in DIR.
#
#   start  stops whatever DIR held, wipes it, runs mariadb-install-db and starts mariadbd; waits until
#          `mariadb-admin ping` answers (prints error.log and fails otherwise); creates the `test` database
#   resume starts mariadbd again on the data DIR already holds, wiping nothing (crash-recovery tests: after a
#          kill -9 the server runs InnoDB recovery); fails when DIR holds no data directory
#   stop   mariadb-admin shutdown, then kill if the server does not go away; a no-op when nothing runs
#   env    prints `export SO_MARIADB_SOCKET=... SO_MARIADB_USER=root ...` for eval
#
# --no-defaults everywhere: the system's /etc/mysql config (and a system server, if any) is never involved.
# root logs in without password over the socket (auth method "normal"); real users/grants work (no
# --skip-grant-tables). TCP listens on 127.0.0.1:SO_MARIADB_PORT (default 33069); SO_MARIADB_PORT=0 disables TCP.
# Plugins load from SO_MARIADB_PLUGIN_DIR (default DIR/plugin; created if needed and given symlinks to the
# system plugins it does not already hold, so that e.g. auth_ed25519 still loads; the caller copies
# schemaops.so there: with the default DIR/plugin only after start, as start wipes DIR).
# Note: release servers run with --plugin-maturity=gamma, so a plugin declared EXPERIMENTAL/ALPHA/BETA is refused
# by INSTALL SONAME; SO_MARIADB_EXTRA_ARGS (word-split) adds mariadbd options, e.g. --plugin-maturity=alpha.
set -euo pipefail

PORT=${SO_MARIADB_PORT:-33069}
START_TIMEOUT=${SO_MARIADB_START_TIMEOUT:-60}
SYS_PLUGIN_DIR=/usr/lib/mysql/plugin

usage() { echo "usage: $0 start|resume|stop|env DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
CMD=$1
DIR=$(realpath -m "$2")
PLUGIN_DIR=$(realpath -m "${SO_MARIADB_PLUGIN_DIR:-$DIR/plugin}")

USER_OPT=()
if [ "$(id -u)" -eq 0 ]; then USER_OPT=(--user=root); fi # mariadbd refuses root without it

# Where the instance really lives (data/, socket, logs): DIR, or a short /tmp path when the socket path would
# exceed the 107-byte Unix socket limit (DIR/instance then points to it).
inst_dir() {
	if [ -L "$DIR/instance" ]; then readlink "$DIR/instance"; else echo "$DIR"; fi
}

admin() { mariadb-admin --no-defaults --socket="$(inst_dir)/mysqld.sock" -uroot --connect-timeout=5 "$@"; }

server_pid() {
	local pf pid
	pf=$(inst_dir)/mysqld.pid
	[ -f "$pf" ] || return 1
	pid=$(head -n1 "$pf" 2>/dev/null || true)
	# only a mariadbd that really serves this data directory counts (pids get reused after a killed run)
	[[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] &&
		tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--datadir=$(inst_dir)/data" || return 1
	echo "$pid"
}

do_stop() {
	local pid
	pid=$(server_pid) || return 0
	admin shutdown >/dev/null 2>&1 || true
	for _ in $(seq 300); do [ -d "/proc/$pid" ] || return 0; sleep 0.1; done
	echo "mariadb_instance: shutdown timed out, killing mariadbd $pid" >&2
	kill -9 "$pid" 2>/dev/null || true
	for _ in $(seq 50); do [ -d "/proc/$pid" ] || return 0; sleep 0.1; done
}

fail_with_log() {
	echo "mariadb_instance: $1; error log follows" >&2
	cat "$(inst_dir)/error.log" >&2 2>/dev/null || true
	exit 1
}

do_start() {
	do_stop
	local inst
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
	if [ ${#DIR} -gt 90 ]; then
		inst=$(mktemp -d /tmp/so-my.XXXXXX)
		ln -s "$inst" "$DIR/instance"
	fi
	mkdir -p "$inst/tmp"

	mkdir -p "$PLUGIN_DIR"
	local f
	for f in "$SYS_PLUGIN_DIR"/*.so; do # never replace what the caller put there (e.g. schemaops.so)
		if [ -e "$f" ] && [ ! -e "$PLUGIN_DIR/${f##*/}" ]; then ln -s "$f" "$PLUGIN_DIR/"; fi
	done

	# --skip-test-db: no anonymous users (they shadow 'user'@'%' logins in grant tests); `test` is made below
	if ! mariadb-install-db --no-defaults "${USER_OPT[@]}" --datadir="$inst/data" \
		--auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
		>"$inst/install-db.log" 2>&1; then
		cat "$inst/install-db.log" >&2
		echo "mariadb_instance: mariadb-install-db failed" >&2
		exit 1
	fi
	launch "$inst"
}

do_resume() {
	do_stop
	local inst
	inst=$(inst_dir)
	[ -d "$inst/data/mysql" ] || { echo "${0##*/}: $DIR holds no data directory to resume" >&2; exit 1; }
	mkdir -p "$inst/tmp"
	launch "$inst"
}

launch() { # starts mariadbd on $1/data and waits for it
	local inst=$1
	local extra=()
	read -r -a extra <<<"${SO_MARIADB_EXTRA_ARGS:-}"
	local net=(--skip-networking)
	[ "$PORT" = 0 ] || net=(--port="$PORT" --bind-address=127.0.0.1)
	# utf8mb4 explicitly: with --no-defaults the 10.11 compiled-in server charset is latin1
	mariadbd --no-defaults "${USER_OPT[@]}" \
		--datadir="$inst/data" --socket="$inst/mysqld.sock" --pid-file="$inst/mysqld.pid" \
		--log-error="$inst/error.log" --tmpdir="$inst/tmp" --plugin-dir="$PLUGIN_DIR" "${net[@]}" \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
		--innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=0 --skip-name-resolve \
		"${extra[@]}" </dev/null >/dev/null 2>&1 &
	local pid=$!
	disown "$pid" 2>/dev/null || true

	local i
	for ((i = 0; i < START_TIMEOUT * 10; i++)); do
		if admin ping >/dev/null 2>&1; then
			mariadb --no-defaults --socket="$inst/mysqld.sock" -uroot \
				-e 'CREATE DATABASE IF NOT EXISTS test' || fail_with_log "cannot create database test"
			local tcp="127.0.0.1:$PORT"
			[ "$PORT" != 0 ] || tcp="no TCP"
			echo "mariadb_instance: MariaDB running (socket $inst/mysqld.sock, $tcp)"
			return 0
		fi
		[ -d "/proc/$pid" ] || fail_with_log "mariadbd exited during start-up"
		sleep 0.1
	done
	fail_with_log "server did not answer ping within ${START_TIMEOUT}s"
}

case $CMD in
start) do_start ;;
resume) do_resume ;;
stop) do_stop ;;
env)
	echo "export SO_MARIADB_SOCKET=$(inst_dir)/mysqld.sock"
	echo "export SO_MARIADB_USER=root"
	echo "export SO_MARIADB_PORT=$PORT"
	echo "export SO_MARIADB_HOST=127.0.0.1"
	echo "export SO_MARIADB_PLUGIN_DIR=$PLUGIN_DIR"
	echo "export SO_MARIADB_ERROR_LOG=$(inst_dir)/error.log"
	;;
*) usage ;;
esac
