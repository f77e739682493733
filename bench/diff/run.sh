#!/usr/bin/env bash
# bench/diff/run.sh: schema diff speed, schemaops (in the server) against migra (@pgkit/migra, npm) and apgdiff
# (Debian package), on generated schema pairs of SO_BENCH_SIZES tables (default "1000 10000"; gen_pg.sh).
#
# For each size N: database so_bench_a_N holds schema s as variant a, so_bench_b_N schema s as variant b
# (about one table in ten differs, plus N/100 tables added and N/100 dropped). Timed, each the best of
# SO_BENCH_RUNS (default 3) runs on this machine:
#   schemaops snapshot   schemaops.snapshot('s') in each database, server time (clock_timestamp around it in a DO
#                        block, so no client transfer), a + b added; also printed: the same with the all-SQL
#                        reference schemaops._snapshot_sql('s') (the tables built by SQL instead of C)
#   schemaops diff       schemaops.schema_diff(doc_a, doc_b, '{"strategy":"full"}') on the two stored documents,
#                        server time
#   schemaops total      snapshot a + snapshot b + diff: what a DBA waits for in psql
#   migra                @pgkit/migra --unsafe --schema s, wall time (it reads both catalogs itself)
#   apgdiff              apgdiff on two pg_dump -s files, wall time; "+dump" adds the two pg_dump runs
# Peers are installed by this script: apgdiff with apt-get (root), @pgkit/migra with npm into build/bench/diff.
# The server is a throwaway one in build/bench/diff (own socket port SO_BENCH_PG_PORT, default 54391), started
# and stopped here. SO_BENCH_TIMEOUT (default 600 s) bounds each peer run; a run that hits it is printed as
# "> 600000" ms and its ratio as a lower bound (">Nx"). A peer run that takes more than a minute is not repeated
# (best of one: the run-to-run spread is small next to the time).
# Duration on this 2-core machine at load 10: 15 minutes with SO_BENCH_RUNS=1 SO_BENCH_REUSE=1 (migra at 10,000
# tables 3 minutes, apgdiff and pg_dump 3 minutes, the snapshots 1 minute); generating the databases adds about
# 10 minutes, the default best-of-3 a few more.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
DIR=$ROOT/build/bench/diff
SIZES=${SO_BENCH_SIZES:-"1000 10000"}
RUNS=${SO_BENCH_RUNS:-3}
TIMEOUT=${SO_BENCH_TIMEOUT:-600}
export SO_PG_PORT=${SO_BENCH_PG_PORT:-54391}
mkdir -p "$DIR"

# ---- peers ------------------------------------------------------------------------------------------------
if ! command -v apgdiff >/dev/null; then
	echo "bench/diff: installing apgdiff (apt)" >&2
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apgdiff >/dev/null
fi
MIGRA=$DIR/npm/node_modules/.bin/migra
if [ ! -x "$MIGRA" ]; then
	echo "bench/diff: installing @pgkit/migra (npm)" >&2
	mkdir -p "$DIR/npm"
	npm install --no-audit --no-fund --silent --prefix "$DIR/npm" @pgkit/migra >/dev/null
fi
APGDIFF_VERSION=$(apgdiff --version 2>/dev/null | head -1)
MIGRA_VERSION=$(node -p "require('$DIR/npm/node_modules/@pgkit/migra/package.json').version")

# ---- server -----------------------------------------------------------------------------------------------
make -s all >/dev/null
eval "$(bash scripts/pg_root.sh "$DIR/pgroot")"
export SO_PG_BIN
# SO_BENCH_REUSE=1 keeps the cluster and the generated databases of the previous run (generating the
# 10,000-table pair takes minutes)
if [ "${SO_BENCH_REUSE:-0}" != 1 ] || [ ! -d "$DIR/pg/data" ]; then
	bash scripts/pg_instance.sh start "$DIR/pg" >/dev/null
fi
# pg_dump locks every table of the schema in one transaction: 10,000 tables need more than the default
# 64 locks per transaction x 50 connections of the lock table
# (schemaops.snapshot() does not: it keeps no lock per table or view; tests/lib/snapshot_stale_stats_pg.t)
grep -q '^max_locks_per_transaction' "$DIR/pg/data/postgresql.conf" ||
	echo "max_locks_per_transaction = 1024" >>"$DIR/pg/data/postgresql.conf"
bash scripts/pg_instance.sh restart "$DIR/pg" >/dev/null
trap 'bash scripts/pg_instance.sh stop "$DIR/pg" >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/pg_instance.sh env "$DIR/pg")"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
url() { echo "postgresql://postgres@localhost/$1?host=$PGHOST&port=$PGPORT"; }

ms() { # ms COMMAND...: wall milliseconds of COMMAND (output discarded); "timeout" past SO_BENCH_TIMEOUT
	local t0 t1
	t0=$(date +%s%N)
	if ! timeout "$TIMEOUT" "$@" >"$DIR/last.out" 2>"$DIR/last.err"; then
		if [ $? -eq 124 ]; then echo "> $((TIMEOUT * 1000))"; return; fi
		echo "bench/diff: failed: $*" >&2
		head -5 "$DIR/last.err" >&2
		echo failed
		return
	fi
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
server_ms() { # server_ms DB SQL: server-side milliseconds of PERFORM SQL
	"${PSQL[@]}" -At -d "$1" -c "DO \$\$ DECLARE t timestamptz := clock_timestamp(); BEGIN PERFORM $2;
		RAISE NOTICE 'ms=%', round(extract(epoch FROM clock_timestamp() - t) * 1000); END \$\$" 2>&1 |
		sed -n 's/.*ms=\([0-9]*\).*/\1/p'
}
# best, best_server, ratio: shared with the other server's bench
. bench/diff/lib.sh

declare -A R
for n in $SIZES; do
	for v in a b; do
		db=so_bench_${v}_$n
		if [ "${SO_BENCH_REUSE:-0}" = 1 ] && [ "$("${PSQL[@]}" -At -d "$db" -c "SELECT count(*) FROM pg_class
			WHERE relnamespace = 's'::regnamespace AND relkind = 'r'" 2>/dev/null)" = "$n" ]; then
			echo "bench/diff: reusing $db" >&2
			# the extension's SQL objects are those of the build that created the database: re-create them
			"${PSQL[@]}" -d "$db" -c "DROP EXTENSION IF EXISTS schemaops" -c "CREATE EXTENSION schemaops" >/dev/null
			continue
		fi
		"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
		"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION schemaops" >/dev/null
		echo "bench/diff: generating $n tables (variant $v)" >&2
		bash bench/diff/gen_pg.sh s "$n" "$v" | "${PSQL[@]}" -d "$db" >/dev/null
		"${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE" >/dev/null
	done
	A=so_bench_a_$n B=so_bench_b_$n
	# the documents, stored beside each other in B for the diff-only timing
	"${PSQL[@]}" -d "$B" -c "DROP TABLE IF EXISTS bench_docs" -c "CREATE TABLE bench_docs (name text PRIMARY KEY, doc jsonb)" >/dev/null
	"${PSQL[@]}" -At -d "$A" -c "COPY (SELECT 'a', schemaops.snapshot('s')) TO STDOUT" |
		"${PSQL[@]}" -d "$B" -c "COPY bench_docs FROM STDIN"
	"${PSQL[@]}" -d "$B" -c "INSERT INTO bench_docs SELECT 'b', schemaops.snapshot('s')" >/dev/null
	R[$n, snap_a]=$(best_server "$A" "schemaops.snapshot('s')")
	R[$n, snap_b]=$(best_server "$B" "schemaops.snapshot('s')")
	# the same two snapshots with the all-SQL reference (tables by the SQL query instead of C): before/after
	R[$n, snapsql]=$(($(best_server "$A" "schemaops._snapshot_sql('s')") + $(best_server "$B" "schemaops._snapshot_sql('s')")))
	R[$n, diff]=$(best_server "$B" "schemaops.schema_diff((SELECT doc FROM bench_docs WHERE name = 'a'),
		(SELECT doc FROM bench_docs WHERE name = 'b'), '{\"strategy\":\"full\"}')")
	R[$n, ours]=$((R[$n, snap_a] + R[$n, snap_b] + R[$n, diff]))
	R[$n, steps]=$("${PSQL[@]}" -At -d "$B" -c "SELECT count(*) FROM schemaops.schema_changes(
		(SELECT doc FROM bench_docs WHERE name = 'a'), (SELECT doc FROM bench_docs WHERE name = 'b'), '{\"strategy\":\"full\"}')")
	echo "bench/diff: $n tables: schemaops ${R[$n, ours]} ms (snapshots ${R[$n, snap_a]} + ${R[$n, snap_b]}, diff ${R[$n, diff]}); migra..." >&2
	R[$n, migra]=$(best ms "$MIGRA" run --unsafe --schema s "$(url "$A")" "$(url "$B")")
	echo "bench/diff: $n tables: migra ${R[$n, migra]} ms; pg_dump..." >&2
	# pg_dump 15.14+ writes \restrict/\unrestrict psql meta-commands that apgdiff cannot parse: dropped
	pg_dump -s -n s -d "$A" | sed -E '/^\\(un)?restrict /d' >"$DIR/a_$n.sql"
	pg_dump -s -n s -d "$B" | sed -E '/^\\(un)?restrict /d' >"$DIR/b_$n.sql"
	R[$n, dump]=$(($(best ms pg_dump -s -n s -d "$A") + $(best ms pg_dump -s -n s -d "$B")))
	echo "bench/diff: $n tables: apgdiff..." >&2
	R[$n, apgdiff]=$(best ms apgdiff "$DIR/a_$n.sql" "$DIR/b_$n.sql")
	echo "bench/diff: $n tables: pg_dump x2 ${R[$n, dump]} ms, apgdiff ${R[$n, apgdiff]} ms" >&2
done

echo
echo "Schema diff, generated pairs (bench/diff/gen_pg.sh), best of $RUNS, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peers: @pgkit/migra $MIGRA_VERSION, $APGDIFF_VERSION"
printf '%-8s %10s %10s %10s %10s %12s %10s %14s %10s %10s\n' tables snapshot diff schemaops steps migra ratio "apgdiff(+dump)" ratio ratio+dump
for n in $SIZES; do
	ap=${R[$n, apgdiff]}
	apd=$ap
	case $ap in ">"* | failed) ;; *) apd=$((ap + R[$n, dump])) ;; esac
	printf '%-8s %8s ms %8s ms %8s ms %10s %9s ms %10s %6s(%s) ms %10s %10s\n' "$n" \
		"$((R[$n, snap_a] + R[$n, snap_b]))" "${R[$n, diff]}" "${R[$n, ours]}" "${R[$n, steps]}" \
		"${R[$n, migra]}" "$(ratio "${R[$n, migra]}" "${R[$n, ours]}")" "$ap" "$apd" \
		"$(ratio "$ap" "${R[$n, ours]}")" "$(ratio "$apd" "${R[$n, ours]}")"
done
for n in $SIZES; do
	echo "$n tables: snapshot x2 ${R[$n, snap_a]} + ${R[$n, snap_b]} ms (tables in C); with the SQL reference" \
		"_snapshot_sql() ${R[$n, snapsql]} ms ($(ratio "${R[$n, snapsql]}" "$((R[$n, snap_a] + R[$n, snap_b]))"))"
done
set -- $SIZES
if [ $# -ge 2 ]; then
	echo "growth ${1} -> ${2} tables (x$(($2 / $1))): schemaops x$(awk -v a="${R[$2, ours]}" -v b="${R[$1, ours]}" 'BEGIN{printf "%.1f", a/b}')," \
		"snapshot x$(awk -v a="$((R[$2, snap_a] + R[$2, snap_b]))" -v b="$((R[$1, snap_a] + R[$1, snap_b]))" 'BEGIN{printf "%.1f", a/b}')," \
		"diff x$(awk -v a="${R[$2, diff]}" -v b="${R[$1, diff]}" 'BEGIN{printf "%.1f", a/(b>0?b:1)}')"
fi

# The MariaDB side (schemaops.snapshot + schema_diff against Skeema): bench/diff/run_mariadb.sh, with the same
# SO_BENCH_SIZES / SO_BENCH_RUNS / SO_BENCH_TIMEOUT / SO_BENCH_REUSE; SO_BENCH_MARIADB=0 leaves it out.
if [ "${SO_BENCH_MARIADB:-1}" = 1 ]; then
	echo
	bash bench/diff/run_mariadb.sh
fi
