#!/usr/bin/env bash
# tests/lib/pg_regress.t: runs pg_regress over every tests/pg/sql/*.sql (sorted) and reports one TAP line per
# test; on failure the diffs follow as TAP diagnostics (# lines).
#
# Needs a running server (PGHOST/PGPORT, from scripts/pg_instance.sh env) with the extension installed
# (`make -C pg_extension install`); scripts/run-tests.sh does both. pg_regress creates database so_regress
# and runs CREATE EXTENSION schemaops in it.
#
# A test without tests/pg/expected/NAME.out still runs (against an empty expected file, so the diff shows the
# whole output) and fails; SO_RECORD=1 copies every result to tests/pg/expected/NAME.out (review the git diff!).
# Overrides (for trying the harness on other material): SO_PG_TESTS_DIR, SO_PG_REGRESS_OUT, SO_PG_EXTENSION.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IN=$(realpath -m "${SO_PG_TESTS_DIR:-$ROOT/tests/pg}")
OUT=$(realpath -m "${SO_PG_REGRESS_OUT:-$ROOT/build/pg_regress}")
EXT=${SO_PG_EXTENSION:-schemaops}
PGBIN=${SO_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_REGRESS=${SO_PG_REGRESS:-/usr/lib/postgresql/15/lib/pgxs/src/test/regress/pg_regress}
TIMEOUT=${SO_PG_REGRESS_TIMEOUT:-900}

diag() { sed 's/^/# /'; }

mapfile -t TESTS < <(find "$IN/sql" -maxdepth 1 -name '*.sql' -printf '%f\n' 2>/dev/null | sed 's/\.sql$//' | LC_ALL=C sort)
if [ ${#TESTS[@]} -eq 0 ]; then
	echo "1..1"
	echo "not ok 1 - no tests: $IN/sql/*.sql is empty"
	exit 1
fi
echo "1..${#TESTS[@]}"

bail_all() { # every test fails with the same reason (no server, pg_regress missing...)
	local k=0 t
	for t in "${TESTS[@]}"; do k=$((k + 1)); echo "not ok $k - $t"; done
	echo "$1" | diag
	exit 1
}
[ -x "$PG_REGRESS" ] || bail_all "pg_regress not found at $PG_REGRESS (postgresql-server-dev-15)"
if [ -z "${PGHOST:-}" ] || [ -z "${PGPORT:-}" ]; then
	bail_all "PGHOST/PGPORT not set: run through scripts/run-tests.sh (or eval \"\$(scripts/pg_instance.sh env DIR)\")"
fi
"$PGBIN/pg_isready" -q -h "$PGHOST" -p "$PGPORT" || bail_all "no PostgreSQL answering at PGHOST=$PGHOST PGPORT=$PGPORT"

# pg_regress reads DIR/sql and DIR/expected; a shadow input dir lets a missing expected file show up as a
# failing test (diff against an empty file) instead of aborting the whole pg_regress run.
rm -rf "$OUT"
mkdir -p "$OUT/input/expected"
ln -s "$IN/sql" "$OUT/input/sql"
for d in input output data; do [ ! -d "$IN/$d" ] || ln -s "$IN/$d" "$OUT/input/$d"; done
if [ -d "$IN/expected" ]; then
	find "$IN/expected" -maxdepth 1 -name '*.out' -exec ln -s {} "$OUT/input/expected/" \;
fi
missing=()
for t in "${TESTS[@]}"; do
	if [ ! -e "$OUT/input/expected/$t.out" ]; then
		: >"$OUT/input/expected/$t.out"
		missing+=("$t")
	fi
done

set +e
(cd "$OUT" && timeout "$TIMEOUT" "$PG_REGRESS" --inputdir="$OUT/input" --outputdir="$OUT" --bindir="$PGBIN" \
	--host="$PGHOST" --port="$PGPORT" --user=postgres --dbname=so_regress \
	--load-extension="$EXT" "${TESTS[@]}") >"$OUT/pg_regress.log" 2>&1
rc=$?
set -e

# pg_regress prints "test NAME ... ok|FAILED|failed (ignored)  N ms" (with leading blanks in parallel groups)
declare -A RESULT=()
while read -r name status; do
	RESULT[$name]=$status
done < <(sed -n 's/^\(test \)\{0,1\} *\([^ ]\{1,\}\) \{1,\}\.\.\. \{1,\}\([A-Za-z]\{1,\}\).*/\2 \3/p' "$OUT/pg_regress.log")

k=0
failed=0
for t in "${TESTS[@]}"; do
	k=$((k + 1))
	status=${RESULT[$t]:-none}
	if [ "$status" = ok ]; then
		echo "ok $k - $t"
	else
		failed=1
		echo "not ok $k - $t"
		[ "$status" != none ] || echo "pg_regress reported no result for $t" | diag
		if [[ " ${missing[*]} " == *" $t "* ]]; then
			echo "no expected file tests/pg/expected/$t.out; after review: cp $OUT/results/$t.out $IN/expected/" | diag
		fi
	fi
done

if [ "${SO_RECORD:-0}" = 1 ]; then
	mkdir -p "$IN/expected"
	for t in "${TESTS[@]}"; do
		[ ! -f "$OUT/results/$t.out" ] || cp "$OUT/results/$t.out" "$IN/expected/$t.out"
	done
	echo "SO_RECORD=1: copied results to $IN/expected/" | diag
fi

if [ $failed -ne 0 ] || [ $rc -ne 0 ]; then
	{
		echo "pg_regress exit status $rc; its output:"
		cat "$OUT/pg_regress.log"
		if [ -s "$OUT/regression.diffs" ]; then
			echo "---- $OUT/regression.diffs (first ${SO_DIAG_LINES:-2000} lines)"
			head -n "${SO_DIAG_LINES:-2000}" "$OUT/regression.diffs"
		fi
	} | diag
	exit 1 # also when every test passed but pg_regress itself failed: prove reports a non-zero exit
fi
exit 0
