#!/usr/bin/env bash
# tests/lib/mysqltest.t: runs every tests/mariadb/t/NAME.test (sorted) with a standalone mariadb-test against
# the running throwaway server (SO_MARIADB_SOCKET, from scripts/mariadb_instance.sh env) and compares with
# tests/mariadb/r/NAME.result; one TAP line per test, mariadb-test's output (with the diff) as # diagnostics.
#
# Recording: SO_RECORD=1 tests/lib/mysqltest.t (or SO_RECORD=1 scripts/run-tests.sh tests/lib/mysqltest.t)
# (re)writes tests/mariadb/r/*.result; review them with git diff. A test without a .result fails and shows
# what it would record.
# Test files: `--source include/x.inc` resolves against tests/mariadb/; `--error ER_...` names work; the
# default database is `test`. If the server dies (a plugin crash), the tail of its error log is shown and the
# remaining tests fail at once.
# Overrides (for trying the harness on other material): SO_MARIADB_TESTS_DIR, SO_MYSQLTEST_OUT.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TDIR=$(realpath -m "${SO_MARIADB_TESTS_DIR:-$ROOT/tests/mariadb}")
OUT=$(realpath -m "${SO_MYSQLTEST_OUT:-$ROOT/build/mysqltest}")
TIMEOUT=${SO_MYSQLTEST_TIMEOUT:-300}
RECORD=${SO_RECORD:-0}
USER_=${SO_MARIADB_USER:-root}

diag() { sed 's/^/# /'; }

mapfile -t TESTS < <(find "$TDIR/t" -maxdepth 1 -name '*.test' -printf '%f\n' 2>/dev/null | sed 's/\.test$//' | LC_ALL=C sort)
if [ ${#TESTS[@]} -eq 0 ]; then
	echo "1..1"
	echo "not ok 1 - no tests: $TDIR/t/*.test is empty"
	exit 1
fi
echo "1..${#TESTS[@]}"

bail_rest() { # tests $1.. all fail with reason $2
	local k
	for ((k = $1; k <= ${#TESTS[@]}; k++)); do echo "not ok $k - ${TESTS[k - 1]}"; done
	echo "$2" | diag
	exit 1
}
command -v mariadb-test >/dev/null || bail_rest 1 "mariadb-test not found (apt-get install mariadb-test)"
[ -n "${SO_MARIADB_SOCKET:-}" ] ||
	bail_rest 1 "SO_MARIADB_SOCKET not set: run through scripts/run-tests.sh (or eval \"\$(scripts/mariadb_instance.sh env DIR)\")"
alive() { mariadb-admin --no-defaults --socket="$SO_MARIADB_SOCKET" -u"$USER_" --connect-timeout=5 ping >/dev/null 2>&1; }
alive || bail_rest 1 "no MariaDB answering at socket $SO_MARIADB_SOCKET"

rm -rf "$OUT"
mkdir -p "$OUT/tmp"
[ "$RECORD" != 1 ] || mkdir -p "$TDIR/r"

failed=0
k=0
for t in "${TESTS[@]}"; do
	k=$((k + 1))
	expected=$TDIR/r/$t.result
	# mariadb-test writes NAME.reject next to the result file: compare against a copy under build/ so the
	# source tree stays clean. Recording writes the real file; a missing result is recorded under build/ to show.
	result=$OUT/$t.result
	mode=()
	if [ "$RECORD" = 1 ]; then
		result=$expected
		mode=(--record)
	elif [ -f "$expected" ]; then
		cp "$expected" "$result"
	else
		mode=(--record)
	fi
	# --basedir needs the trailing slash: mariadb-test concatenates it with relative file names
	set +e
	(cd "$TDIR" && timeout "$TIMEOUT" mariadb-test --no-defaults --socket="$SO_MARIADB_SOCKET" --user="$USER_" \
		--database=test --basedir="$TDIR/" --test-file="$TDIR/t/$t.test" --result-file="$result" \
		--tmpdir="$OUT/tmp" --logdir="$OUT" --silent "${mode[@]}") >"$OUT/$t.out" 2>&1
	rc=$?
	set -e
	if [ $rc -eq 0 ] && { [ "$RECORD" = 1 ] || [ -f "$expected" ]; }; then
		echo "ok $k - $t"
		continue
	fi
	failed=1
	echo "not ok $k - $t"
	{
		[ $rc -ne 124 ] || echo "timed out after ${TIMEOUT}s"
		if [ ! -f "$expected" ] && [ "$RECORD" != 1 ]; then
			echo "no result file $expected; record it with SO_RECORD=1 (this run's output is $result):"
			cat "$result" 2>/dev/null || true
		fi
		cat "$OUT/$t.out"
	} | diag
	if ! alive; then
		{
			echo "the server is gone (crash?); tail of its error log:"
			tail -n 60 "${SO_MARIADB_ERROR_LOG:-$(dirname "$SO_MARIADB_SOCKET")/error.log}" 2>/dev/null || true
		} | diag
		[ $k -ge ${#TESTS[@]} ] || bail_rest $((k + 1)) "skipped: server not running"
		exit 1
	fi
done
[ "$RECORD" != 1 ] || echo "SO_RECORD=1: results of the passing tests recorded into $TDIR/r/" | diag
exit $failed
