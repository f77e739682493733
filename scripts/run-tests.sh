#!/usr/bin/env bash
# scripts/run-tests.sh [TEST...]: what `make test` runs after the build.
#
# Installs the PostgreSQL extension, starts throwaway PostgreSQL and MariaDB servers under build/run/ (stopped
# again on exit), exports their connection variables (PGHOST PGPORT PGUSER, SO_MARIADB_SOCKET SO_MARIADB_USER
# SO_MARIADB_PORT SO_MARIADB_PLUGIN_DIR SO_MARIADB_ERROR_LOG) and runs ONE prove over
#   build/tests/unit/*  build/tests/unit-asan/*  tests/lib/*.t  tests/e2e/*.t
# or over the TEST arguments if given (e.g. scripts/run-tests.sh tests/lib/pg_regress.t). Exit status = prove's.
#
# Environment: SO_RECORD=1 re-records expected outputs (mysqltest .result, pg_regress .out);
# SO_PROVE_ARGS adds prove options (e.g. -v); SO_TEST_JOBS (default 2) runs that many test files at once
# (lanes: see below); SO_PG_PORT (default 54329) names the PostgreSQL socket (no TCP);
# SO_MARIADB_PORT (default 0 here: socket only) enables MariaDB TCP on 127.0.0.1;
# The PostgreSQL server runs from a private copy of the installation with this tree's extension in it
# (scripts/pg_root.sh, under build/run/pgroot); SO_PG_BIN names its bin directory for the tests.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUN=$ROOT/build/run
PG_DIR=$RUN/pg
MY_DIR=$RUN/mariadb
# Tests connect over the Unix socket: no TCP unless asked for, so a kept demo server or a second checkout's
# run cannot make the start fail with "port in use".
export SO_MARIADB_PORT=${SO_MARIADB_PORT:-0}
# outside MY_DIR (which start wipes) so that the plugin can be put in place before the server starts
export SO_MARIADB_PLUGIN_DIR=$RUN/mariadb-plugin

# One run per tree at a time: a second run would stop this one's servers. The servers must not inherit the
# lock's descriptor (9>&- below), or a server left behind by a killed run would hold the lock.
mkdir -p "$RUN"
exec 9>"$RUN.lock"
if ! flock -n 9; then
	echo "run-tests: another run is using $RUN; waiting for it (up to ${SO_LOCK_TIMEOUT:-1800}s)" >&2
	flock -w "${SO_LOCK_TIMEOUT:-1800}" 9 || { echo "run-tests: gave up waiting for $RUN.lock" >&2; exit 1; }
fi

stop_all() {
	bash scripts/mariadb_instance.sh stop "$MY_DIR" 9>&- || true
	bash scripts/pg_instance.sh stop "$PG_DIR" 9>&- || true
}

# leftovers of an interrupted run would hold the sockets
stop_all

# The extension goes into a private copy of the PostgreSQL installation (scripts/pg_root.sh), never into
# /usr: two checkouts or a benchmark running beside the tests cannot overwrite each other's schemaops.so.
eval "$(bash scripts/pg_root.sh "$RUN/pgroot")"
export SO_PG_BIN

mkdir -p "$SO_MARIADB_PLUGIN_DIR"
if [ -f mariadb_plugin/schemaops.so ]; then
	# a copy, not a link: a rebuild during the run must not replace the file under a server that mapped it
	rm -f "$SO_MARIADB_PLUGIN_DIR/schemaops.so"
	cp mariadb_plugin/schemaops.so "$SO_MARIADB_PLUGIN_DIR/"
else
	echo "run-tests: warning: mariadb_plugin/schemaops.so not built; MariaDB tests will fail" >&2
fi

trap stop_all EXIT
trap 'exit 130' INT TERM
bash scripts/pg_instance.sh start "$PG_DIR" 9>&-
bash scripts/mariadb_instance.sh start "$MY_DIR" 9>&-
eval "$(bash scripts/pg_instance.sh env "$PG_DIR")"
eval "$(bash scripts/mariadb_instance.sh env "$MY_DIR")"
export SO_ROOT=$ROOT

if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=()
	for f in build/tests/unit/* build/tests/unit-asan/* tests/lib/*.t tests/e2e/*.t; do
		case $f in
		build/tests/unit/* | build/tests/unit-asan/*) [ -f "$f" ] && [ -x "$f" ] && tests+=("$f") ;;
		*) [ -f "$f" ] && tests+=("$f") ;;
		esac
	done
	[ ${#tests[@]} -gt 0 ] || { echo "run-tests: no tests found" >&2; exit 1; }
fi

prove_args=()
read -r -a prove_args <<<"${SO_PROVE_ARGS:-}"
# Two test files at a time (SO_TEST_JOBS, default 2; 1 = one after the other), in three lanes that prove runs
# side by side: the files that use the shared PostgreSQL server (*pg*.t), those that use the shared MariaDB
# server (*mariadb*.t, mysqltest.t), and the rest (unit tests, format, cppcheck, fuzz, valgrind). Within a lane
# the files run one after the other, so two files never share a server at the same time (they use fixed
# database names); the files with a server of their own (outbox_durability_*, rls_mariadb) are in their
# server's lane anyway. A new test file that uses a shared server must have pg or mariadb in its name.
jobs=${SO_TEST_JOBS:-2}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "run-tests: SO_TEST_JOBS must be a positive number" >&2; exit 2; }
if [ "$jobs" -gt 1 ]; then
	prove_args+=(-j"$jobs" '--rules=seq=**/*pg*.t' '--rules=seq={**/*mariadb*.t,**/mysqltest.t}' '--rules=seq=**')
fi
# -o shows the "# " diagnostics (diffs) that the harnesses print on stdout; -f lists the failing test lines
set +e
prove --timer -f -o "${prove_args[@]}" "${tests[@]}"
rc=$?
set -e
exit $rc
