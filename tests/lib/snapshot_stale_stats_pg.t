#!/usr/bin/env bash
# tests/lib/snapshot_stale_stats_pg.t: schemaops.snapshot() right after a migration that created a few thousand
# tables, while the catalog statistics still describe the database from before (issue 3, robustness), on the
# test server of scripts/run-tests.sh (PGHOST/PGPORT), in a database of its own.
#
# The catalogs of the test database are analysed while it is empty and autovacuum is turned off for them (per
# table, allow_system_table_mods: only this database), then SO_STALE_TABLES (default 2000) tables are created.
# The planner then believes the new schema holds about one relation; with nested-loop joins between the
# per-kind sets the snapshot's big query cost the product of the sets (3,000 tables: over 10 minutes on 100%
# CPU, against 0.6 s with fresh statistics). Checks:
#   1. the statistics really are stale (the planner's row estimate for the schema's relations is < 10)
#   2. snapshot() finishes within SO_STALE_BOUND seconds (default 30; statement_timeout stops a regression at
#      120 s instead of letting it run for many minutes); a pathology guard, not a speed assertion
#   3. it lists every table
#   4. the same document after ANALYZE of the catalogs (the plan changes, the document must not)
#   5. the transaction holds a handful of relation locks, not one per table or view (the lock table has
#      max_locks_per_transaction (64) x max_connections slots by default: "out of shared memory" past that).
#      pg_get_viewdef() locks each view and what it reads (N/4 views here: 2 x N/4 locks before the fix);
#      PostgreSQL 16's pg_get_expr(expr, relid) would lock every table too
# Takes about 15 s on an idle 2-core machine (most of it creating the tables).
set -uo pipefail

PGBIN=${SO_PG_BIN:-/usr/lib/postgresql/15/bin}
DB=so_snapshot_stale
N=${SO_STALE_TABLES:-2000}
BOUND=${SO_STALE_BOUND:-30}
PSQL=("$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$DB")

echo "1..5"
n=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
bail() {
	echo "Bail out! $1"
	exit 1
}
[ -n "${PGHOST:-}" ] || bail "PGHOST not set: run through scripts/run-tests.sh"

"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null ||
	bail "cannot create database $DB"
trap '"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT

# statistics of the empty database, kept: no autovacuum/autoanalyze on this database's catalogs
printf '%s\n' "SET allow_system_table_mods = on;" \
	"SELECT pg_catalog.format('ALTER TABLE %s SET (autovacuum_enabled = false)', c.oid::pg_catalog.regclass)
	 FROM pg_catalog.pg_class c WHERE c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace
	   AND c.relkind = 'r' AND NOT c.relisshared \\gexec" \
	"CREATE EXTENSION schemaops;" "ANALYZE;" | "${PSQL[@]}" >/dev/null || bail "cannot prepare $DB"

# the migration: one statement per table, each its own transaction
{
	echo "CREATE SCHEMA s;"
	for ((i = 1; i <= N; i++)); do
		echo "CREATE TABLE s.t$i (id int PRIMARY KEY, a int DEFAULT 5 CHECK (a > 0), b text DEFAULT now()::text);"
		# a view on every 4th table: pg_get_viewdef() locks the view and its table
		((i % 4)) || echo "CREATE VIEW s.v$i AS SELECT id, a FROM s.t$i;"
	done
} | "${PSQL[@]}" >/dev/null || bail "cannot create the tables"

est=$("${PSQL[@]}" -c "EXPLAIN SELECT * FROM pg_catalog.pg_class WHERE relnamespace = 's'::regnamespace" |
	sed -n '1s/.*rows=\([0-9]*\).*/\1/p')
rels=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 's'::regnamespace")
[ -n "$est" ] && [ "$est" -lt 10 ]
ok $? "stale statistics: the planner expects ${est:-?} relations in the schema (it holds $rels)"

t0=$(date +%s%N)
out=$("${PSQL[@]}" -c "SET statement_timeout = '120s'" -c "BEGIN" \
	-c "CREATE TEMP TABLE doc AS SELECT schemaops.snapshot('s') AS d" \
	-c "SELECT pg_catalog.jsonb_array_length(d OPERATOR(pg_catalog.->) 'tables'), pg_catalog.md5(d::text) FROM doc" \
	-c "SELECT count(*) FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid() AND locktype = 'relation'" \
	-c "COMMIT" 2>&1)
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ $rc -eq 0 ] && [ "$ms" -lt $((BOUND * 1000)) ]
ok $? "snapshot of $N tables with stale statistics: $ms ms (bound $BOUND s)"
if [ $rc -ne 0 ]; then
	echo "$out" | head -5 | sed 's/^/# /'
	out=""
fi

tables=$(echo "$out" | sed -n 1p | cut -d'|' -f1)
md5_stale=$(echo "$out" | sed -n 1p | cut -d'|' -f2)
locks=$(echo "$out" | sed -n 2p)
[ "$tables" = "$N" ]
ok $? "the document lists every table ($tables of $N)"

md5_fresh=$("${PSQL[@]}" -c "ANALYZE pg_catalog.pg_class, pg_catalog.pg_attribute, pg_catalog.pg_constraint,
	pg_catalog.pg_index, pg_catalog.pg_depend, pg_catalog.pg_attrdef, pg_catalog.pg_type, pg_catalog.pg_description" \
	-c "SELECT pg_catalog.md5(schemaops.snapshot('s')::text)")
[ -n "$md5_stale" ] && [ "$md5_stale" = "$md5_fresh" ]
ok $? "the same document with fresh statistics"

[ -n "$locks" ] && [ "$locks" -lt 200 ]
ok $? "relation locks held by the snapshot's transaction: ${locks:-?} (tables: $N, views: $((N / 4)))"
