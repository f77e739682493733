#!/usr/bin/env bash
# tests/lib/snapshot_c_pg.t: the C snapshot of tables (schemaops._snapshot_tables, pg_extension/src/snapshot_*.c),
# sequences, dependencies and extensions gives the same document as the SQL reference (schemaops._snapshot_sql():
# the tables query of sql/postgres/10_snapshot.sql, _snapshot_kinds(..., '{}'), _snapshot_objects(..., '{}')), jsonb-equal
# AND with the same text, on the test server of scripts/run-tests.sh, in a database of its own:
#   - tests/lib/snapshot_c_pg.sql: every table property the document records (checked to be present, so the
#     comparison covers each member), odd names, partitions, another schema
#   - the Pagila fixture, the seed 000 schema (tests/fixtures/rls/synaplan_pg.sql), the e2e objects fixture
#   - a generated schema (bench/diff/gen_pg.sh, both variants)
#   - the state after every e2e mutation (tests/e2e/mutations_pg.sh: Pagila; objects_pg_more.sh and the
#     so_obj_mutation cases: the objects fixture), each applied with its setup in a transaction rolled back
#     after the comparison; a mutation that cannot run in a transaction block is counted and listed, not compared
#   - the error for a missing schema, and a role without privileges on the schema's tables (catalogs are
#     readable by everyone: the same document)
# Takes about 60 s on an idle 2-core machine (two snapshots of Pagila per mutation).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export SO_E2E_PGDATABASE=so_snapshot_c
# shellcheck source=../e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
# shellcheck source=../e2e/mutations_pg.sh
. "$ROOT/tests/e2e/mutations_pg.sh"
# shellcheck source=../e2e/objects_pg_more.sh
. "$ROOT/tests/e2e/objects_pg_more.sh"
TMP=$(mktemp -d)
SO_E2E_TMP=$TMP
ROLE=so_snapc_reader
cleanup() {
	rm -rf "$TMP"
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $SO_E2E_PGDATABASE" -c "DROP ROLE IF EXISTS $ROLE" \
		-c 'DROP ROLE IF EXISTS "So Snapc Writer"' >/dev/null 2>&1
}
trap cleanup EXIT
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

so_pg_require_server
so_pg_prepare_db

# same SCHEMA NAME: one test, the two documents of SCHEMA equal (a diff of both as diagnostics otherwise)
same() {
	local out
	out=$(so_psql_val "SELECT a OPERATOR(pg_catalog.=) b AND a::text OPERATOR(pg_catalog.=) b::text
		FROM (SELECT schemaops.snapshot('$1') AS a, schemaops._snapshot_sql('$1') AS b) AS x" 2>&1)
	[ "$out" = t ]
	so_ok $? "$2" && return 0
	so_diag "got: $out"
	so_psql_val "SELECT pg_catalog.jsonb_pretty(schemaops._snapshot_sql('$1'))" >"$TMP/sql.json" 2>&1
	so_psql_val "SELECT pg_catalog.jsonb_pretty(schemaops.snapshot('$1'))" >"$TMP/c.json" 2>&1
	diff -u "$TMP/sql.json" "$TMP/c.json" | head -40 >"$TMP/diff.txt"
	so_diag_file "SQL (-) vs C (+)" "$TMP/diff.txt" 40
	return 1
}

# 1-2: the kitchen sink
so_psql -f "$HERE/snapshot_c_pg.sql" >"$TMP/load.log" 2>&1
so_ok $? "kitchen-sink schema loaded" || so_diag_file load "$TMP/load.log"
members="bound cache checks collation column column_options columns command comment constraint_comments cycle
default deferrable definition desc enabled exclusion_constraints expression forced foreign_keys generated
generated_stored identity identity_options include increment index index_options indexes initially_deferred match
max method min mode name no_inherit nullable nulls nulls_not_distinct on_delete on_update opclass partition_by
partition_of permissive persistence policies primary_key references replica_identity rls roles rows schema start
statistics storage storage_parameters table triggers type unique unlogged using value where with_check"
got=$(so_psql_val "WITH RECURSIVE w(v) AS (SELECT schemaops._snapshot_sql('sink') OPERATOR(pg_catalog.->) 'tables'
	UNION ALL SELECT e.value FROM w, LATERAL (
		SELECT value FROM pg_catalog.jsonb_each(CASE WHEN pg_catalog.jsonb_typeof(w.v) = 'object' THEN w.v END)
		UNION ALL
		SELECT value FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof(w.v) = 'array' THEN w.v END)) e)
	SELECT pg_catalog.string_agg(k, ' ' ORDER BY k) FROM (SELECT DISTINCT k COLLATE \"C\" AS k FROM w,
		pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(v) = 'object' THEN v END) k) AS d")
[ "$got" = "$(echo $members)" ]
so_ok $? "the kitchen sink's tables carry every member of a table object" ||
	so_diag "expected: $(echo $members)" "got:      $got"
# the sequences (C: snapshot_sequences.c) carry every member of a sequence object
got=$(so_psql_val "SELECT pg_catalog.string_agg(k, ' ' ORDER BY k) FROM (SELECT DISTINCT k COLLATE \"C\" AS k
	FROM pg_catalog.jsonb_array_elements(schemaops._snapshot_sql('sink') OPERATOR(pg_catalog.->) 'sequences') e,
		pg_catalog.jsonb_object_keys(e.value) k) AS d")
[ "$got" = "cache comment cycle increment max min name owned_by start type" ]
so_ok $? "the kitchen sink's sequences carry every member of a sequence object" || so_diag "got: $got"
# the dependencies (C: snapshot_dependencies.c) have every kind of object as a dependent and as a dependency
got=$(so_psql_val "SELECT pg_catalog.string_agg(k, ' ' ORDER BY k) FROM (
	SELECT DISTINCT pg_catalog.concat('object:', e.value OPERATOR(pg_catalog.->) 'object' OPERATOR(pg_catalog.->>) 0) COLLATE \"C\" AS k
	FROM pg_catalog.jsonb_array_elements(schemaops._snapshot_sql('sink') OPERATOR(pg_catalog.->) 'dependencies') e
	UNION
	SELECT DISTINCT pg_catalog.concat('on:', r.value OPERATOR(pg_catalog.->>) 0) COLLATE \"C\"
	FROM pg_catalog.jsonb_array_elements(schemaops._snapshot_sql('sink') OPERATOR(pg_catalog.->) 'dependencies') e,
		pg_catalog.jsonb_array_elements(e.value OPERATOR(pg_catalog.->) 'on') r) AS d")
want="object:domains object:functions object:materialized_views object:policies object:triggers object:types object:views"
want="$want on:columns on:domains on:functions on:materialized_views on:tables on:types on:views"
[ "$got" = "$want" ]
so_ok $? "the kitchen sink's dependencies have every kind as object and as dependency" || so_diag "got: $got"
# the extensions (C: snapshot_extensions.c) carry every member of an extension entry
got=$(so_psql_val "SELECT pg_catalog.string_agg(k, ' ' ORDER BY k) FROM (SELECT DISTINCT k COLLATE \"C\" AS k
	FROM pg_catalog.jsonb_array_elements(schemaops._snapshot_sql('sink') OPERATOR(pg_catalog.->) 'extensions') e,
		pg_catalog.jsonb_object_keys(e.value) k) AS d")
[ "$got" = "name requires schema version" ]
so_ok $? "the kitchen sink's extensions carry every member of an extension entry" || so_diag "got: $got"
same sink "kitchen sink: C = SQL"
same sink_other "kitchen sink's other schema: C = SQL"
so_psql -c "CREATE SCHEMA empty_one" -c "CREATE SCHEMA only_kinds" -c "CREATE TYPE only_kinds.e AS ENUM ('x')" \
	-c "CREATE VIEW only_kinds.v AS SELECT 1 AS one" -c "CREATE SEQUENCE only_kinds.q" >/dev/null 2>&1
same empty_one "an empty schema (tables: []): C = SQL"
same only_kinds "a schema with no table but other kinds: C = SQL"

# 3-5: the fixtures
so_pg_load_fixture pagila
so_ok $? "Pagila loaded"
same pagila "Pagila: C = SQL"
so_psql -f "$ROOT/tests/fixtures/rls/synaplan_pg.sql" >"$TMP/load.log" 2>&1
so_ok $? "seed 000 schema loaded" || so_diag_file load "$TMP/load.log"
same synaplan "seed 000: C = SQL"
so_psql -c "CREATE SCHEMA obj" -c "SET search_path = obj" -f "$ROOT/tests/e2e/objects_pg_fixture.sql" \
	>"$TMP/load.log" 2>&1
so_ok $? "objects fixture loaded" || so_diag_file load "$TMP/load.log"
same obj "objects fixture: C = SQL"

# 6-7: a generated schema, both variants
{ bash "$ROOT/bench/diff/gen_pg.sh" gen_a 300 a && bash "$ROOT/bench/diff/gen_pg.sh" gen_b 300 b; } |
	so_psql >"$TMP/gen.log" 2>&1
so_ok $? "generated schemas loaded (300 tables each)" || so_diag_file gen "$TMP/gen.log"
same gen_a "generated schema, variant a: C = SQL"
same gen_b "generated schema, variant b: C = SQL"

# 1,001 tables with a trigger each: the dependencies read pg_trigger in one scan past 1,000 (snapshot_dependencies.c)
so_psql -c "CREATE SCHEMA many_trg" -c "CREATE FUNCTION many_trg.f() RETURNS trigger LANGUAGE plpgsql
	AS 'BEGIN RETURN NEW; END'" -c "DO \$\$ BEGIN FOR i IN 1..1001 LOOP
		EXECUTE format('CREATE TABLE many_trg.t%s (a int)', i);
		EXECUTE format('CREATE TRIGGER tg AFTER INSERT ON many_trg.t%s FOR EACH ROW EXECUTE FUNCTION many_trg.f()', i);
	END LOOP; END \$\$" >"$TMP/load.log" 2>&1
so_ok $? "1,001 tables with triggers loaded" || so_diag_file load "$TMP/load.log"
same many_trg "1,001 tables with triggers: C = SQL"

# mutations SCHEMA NAME SQL-ARRAY PRE-ARRAY: every mutation applied (setup first) in a transaction, the two
# documents compared, rolled back; one test for all of them
mutations() {
	local schema=$1 title=$2 i n=0
	local -n sqls=$3 pres=$4 names=$5
	: >"$TMP/batch.sql"
	for i in "${!sqls[@]}"; do
		n=$((n + 1))
		{
			echo "BEGIN;"
			echo "SET LOCAL search_path = $schema;"
			printf '%s\n' "${pres[$i]}" "${sqls[$i]}"
			echo "SELECT '@@ $i ' || (a OPERATOR(pg_catalog.=) b AND a::text OPERATOR(pg_catalog.=) b::text)::text
				FROM (SELECT schemaops.snapshot('$schema') AS a, schemaops._snapshot_sql('$schema') AS b) AS x;"
			echo "ROLLBACK;"
		} >>"$TMP/batch.sql"
	done
	psql -X -q -At -v ON_ERROR_STOP=0 -d "$SO_E2E_PGDATABASE" -f "$TMP/batch.sql" >"$TMP/batch.out" 2>"$TMP/batch.err"
	local equal unequal compared skipped=()
	equal=$(grep -c '^@@ [0-9]* true$' "$TMP/batch.out")
	unequal=$(grep '^@@ [0-9]* false$' "$TMP/batch.out" | awk '{print $2}')
	compared=$(grep -c '^@@ ' "$TMP/batch.out")
	for i in "${!sqls[@]}"; do
		grep -q "^@@ $i " "$TMP/batch.out" || skipped+=("${names[$i]}")
	done
	[ -z "$unequal" ] && [ "$compared" -gt $((n / 2)) ]
	so_ok $? "$title: C = SQL after each of $compared mutations ($equal equal; ${#skipped[@]} of $n not applicable in a transaction)" || {
		for i in $unequal; do so_diag "differs after ${names[$i]}"; done
	}
	[ ${#skipped[@]} -eq 0 ] || so_diag "not compared: ${skipped[*]}"
}
mutations pagila "Pagila mutations" SO_MUT_SQL SO_MUT_PRE SO_MUT_NAMES
mutations obj "object mutations" SO_OBJ_SQL SO_OBJ_PRE SO_OBJ_NAMES

# 8: the error for a missing schema is snapshot()'s own
out=$(so_psql_val "DO \$\$ BEGIN PERFORM schemaops.snapshot('no_such_schema');
	EXCEPTION WHEN OTHERS THEN RAISE WARNING '% %', SQLSTATE, SQLERRM; END \$\$" 2>&1)
case $out in *"3F000 schema \"no_such_schema\" does not exist"*) r=0 ;; *) r=1 ;; esac
so_ok $r "missing schema: SQLSTATE 3F000, schema \"no_such_schema\" does not exist" || so_diag "got: $out"

# 9: a role with no privilege on the tables sees the same document (catalogs are readable by everyone)
so_psql -c "GRANT USAGE ON SCHEMA schemaops TO $ROLE" >/dev/null 2>&1
out=$(so_psql_val "SET ROLE $ROLE; SELECT a OPERATOR(pg_catalog.=) b AND a::text OPERATOR(pg_catalog.=) b::text
	FROM (SELECT schemaops.snapshot('sink') AS a, schemaops._snapshot_sql('sink') AS b) AS x" 2>&1)
[ "$out" = t ]
so_ok $? "an unprivileged role: C = SQL" || so_diag "got: $out"

so_done_testing
