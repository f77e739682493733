#!/usr/bin/env bash
# bench/rls/run.sh: the cost of schemaops' generated tenant policy on PostgreSQL 15, side by side with
#   plain    the same query on a table without RLS and a hand-written WHERE territory = '<tenant>' (the target:
#            generated within 1.10x of it)
#   gen      schemaops.rls_enable(...): USING (territory = (SELECT NULLIF(current_setting(..., true), '')::text))
#   naive    the hand-written per-row policy of seeds 001/002: USING (territory = current_setting('app.territory', true))
# Three tables with the same rows (BENCH_ROWS, default 1,000,000, over 100 tenants) and the same indexes; an
# application role (no BYPASSRLS, RLS forced) runs pgbench scripts that set the tenant (the same set_config in all
# three, so the plain script pays for it too) and run one query:
#   latest50   SELECT id, subject ... ORDER BY created_at DESC LIMIT 50   (index (territory, created_at))
#   aggregate  SELECT count(*), sum(length(subject)) over the tenant's rows with index scans off, i.e. a sequential
#              scan that evaluates the policy for every row of the table
# under both pgbench protocols: simple (parsed and planned on every call: the planning of the policy's sub-select
# counts) and prepared (planned once, as drivers with server-side prepared statements do).
# SKIP_MARIADB=1 skips bench/rls/run_mariadb.sh, which otherwise runs afterwards (the MariaDB side).
# Each (protocol, query, variant) runs BENCH_SECONDS (default 2) seconds, BENCH_ROUNDS (default 7) rounds interleaved;
# the best (minimum: other load on the machine only ever adds time) and the median latency are reported (after a 2 s warm-up of each script; the variants' order rotates per round). Starts its own throwaway server in build/bench/rls (port 54381); stops it at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
DIR=$ROOT/build/bench/rls
ROWS=${BENCH_ROWS:-1000000}
SECS=${BENCH_SECONDS:-2}
ROUNDS=${BENCH_ROUNDS:-7}
export SO_PG_PORT=${BENCH_PG_PORT:-54381}
mkdir -p "$DIR"

[ -f pg_extension/schemaops.so ] || make -s -C pg_extension >/dev/null
eval "$(bash scripts/pg_root.sh "$DIR/pgroot")"
export SO_PG_BIN
bash scripts/pg_instance.sh start "$DIR/pg" >/dev/null
trap 'bash scripts/pg_instance.sh stop "$DIR/pg" >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/pg_instance.sh env "$DIR/pg")"
PSQL=("$SO_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1)

"${PSQL[@]}" -d postgres -c "CREATE DATABASE rls_bench" >/dev/null
"${PSQL[@]}" -d rls_bench >/dev/null <<SQL
CREATE EXTENSION schemaops;
CREATE ROLE rls_bench_app LOGIN;
CREATE TABLE threads_plain (id bigint PRIMARY KEY, territory text NOT NULL, subject text NOT NULL,
	created_at timestamptz NOT NULL);
INSERT INTO threads_plain
SELECT g, 't' || (g % 100), md5(g::text), timestamptz '2026-01-01' + g * interval '1 second'
FROM generate_series(1, $ROWS) g;
CREATE TABLE threads_gen (LIKE threads_plain INCLUDING ALL);
INSERT INTO threads_gen SELECT * FROM threads_plain;
CREATE TABLE threads_naive (LIKE threads_plain INCLUDING ALL);
INSERT INTO threads_naive SELECT * FROM threads_plain;
CREATE INDEX ON threads_plain (territory, created_at);
CREATE INDEX ON threads_gen (territory, created_at);
CREATE INDEX ON threads_naive (territory, created_at);
SELECT schemaops.rls_enable('threads_gen'::regclass, 'territory', '{"setting": "app.territory"}');
ALTER TABLE threads_naive ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY naive ON threads_naive USING (territory = current_setting('app.territory', true));
GRANT SELECT ON threads_plain, threads_gen, threads_naive TO rls_bench_app;
VACUUM ANALYZE;
SQL

query() { # query NAME VARIANT: the SQL of one benchmark
	local tbl=threads_$2 where=""
	[ "$2" = plain ] && where="WHERE territory = 't' || :n"
	case $1 in
	latest50) echo "SELECT id, subject FROM $tbl $where ORDER BY created_at DESC LIMIT 50;" ;;
	aggregate) echo "SELECT count(*), sum(length(subject)) FROM $tbl $where;" ;;
	esac
}
script() { # script NAME VARIANT FILE
	{
		echo '\set n random(0, 99)'
		echo "SELECT set_config('app.territory', 't' || :n, false);"
		[ "$1" = aggregate ] && echo "SET enable_indexscan = off; SET enable_bitmapscan = off;"
		query "$1" "$2"
	} >"$3"
}

# the plans, for the record (and a check that each variant returns the tenant's rows only)
for v in plain gen naive; do
	q=$(query aggregate "$v" | sed "s/:n/42/")
	got=$("$SO_PG_BIN/psql" -X -At -U rls_bench_app -d rls_bench -c "SET app.territory = 't42'" -c "$q" | tail -1)
	echo "check $v: count|sum for tenant t42 = $got"
done
echo "plan of latest50, gen:"
"$SO_PG_BIN/psql" -X -At -U rls_bench_app -d rls_bench -c "SET app.territory = 't42'" \
	-c "EXPLAIN (COSTS OFF) $(query latest50 gen)" | sed 's/^/    /'
echo "plan of latest50, naive:"
"$SO_PG_BIN/psql" -X -At -U rls_bench_app -d rls_bench -c "SET app.territory = 't42'" \
	-c "EXPLAIN (COSTS OFF) $(query latest50 naive)" | sed 's/^/    /'

declare -A LAT
for q in latest50 aggregate; do
	for v in plain gen naive; do script "$q" "$v" "$DIR/$q.$v.sql"; done
done
# warm-up: every script once for 2 s (caches), not measured
for q in latest50 aggregate; do
	for v in plain gen naive; do
		"$SO_PG_BIN/pgbench" -n -U rls_bench_app -c 1 -j 1 -T 2 -f "$DIR/$q.$v.sql" rls_bench >/dev/null 2>&1
	done
done
PROTOCOLS=(simple prepared)
# the order of the variants rotates from round to round, so none always runs first
orders=("plain gen naive" "gen naive plain" "naive plain gen")
for r in $(seq 1 "$ROUNDS"); do
	for m in "${PROTOCOLS[@]}"; do
		for q in latest50 aggregate; do
			for v in ${orders[$(((r - 1) % 3))]}; do
				out=$("$SO_PG_BIN/pgbench" -n -M "$m" -U rls_bench_app -c 1 -j 1 -T "$SECS" -f "$DIR/$q.$v.sql" rls_bench 2>&1)
				lat=$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' <<<"$out")
				[ -n "$lat" ] || { echo "$out" >&2; exit 1; }
				LAT[$m.$q.$v]="${LAT[$m.$q.$v]:-} $lat"
			done
		done
	done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { tr ' ' '\n' | sed '/^$/d' | sort -g | head -1; }
echo
echo "PostgreSQL $("$SO_PG_BIN/postgres" --version | awk '{print $3}'), $ROWS rows, 100 tenants, $ROUNDS rounds x ${SECS}s per cell, latency per transaction (set_config + query), $(nproc) cores shared with other work"
for stat in best median; do
	echo "$stat of $ROUNDS:"
	printf '  %-20s %10s %10s %10s %10s %12s\n' "protocol/query" "plain ms" "gen ms" "naive ms" gen/plain naive/plain
	for m in "${PROTOCOLS[@]}"; do for q in latest50 aggregate; do
		p=$($stat <<<"${LAT[$m.$q.plain]}")
		g=$($stat <<<"${LAT[$m.$q.gen]}")
		n=$($stat <<<"${LAT[$m.$q.naive]}")
		printf '  %-20s %10s %10s %10s %10s %12s\n' "$m/$q" "$p" "$g" "$n" \
			"$(awk -v a="$g" -v b="$p" 'BEGIN {printf "%.2fx", a / b}')" \
			"$(awk -v a="$n" -v b="$p" 'BEGIN {printf "%.2fx", a / b}')"
	done; done
done

# the MariaDB side (view-based emulation vs hand-written WHERE), unless SKIP_MARIADB=1
if [ "${SKIP_MARIADB:-0}" != 1 ] && [ -f "$ROOT/bench/rls/run_mariadb.sh" ]; then
	echo
	echo "== MariaDB: bench/rls/run_mariadb.sh"
	bash "$ROOT/bench/rls/run_mariadb.sh"
fi
