#!/usr/bin/env bash
# tests/e2e/convergence_pg.t: end-to-end convergence of schemaops.schema_diff on the real Pagila schema.
#
# For every mutation in mutations_pg.sh, singly and then all together, on a fresh pair of copies:
#   1. load Pagila into pagila_v1 and pagila_v2, run the mutation's PRE in both, insert a marker row into
#      pagila_v1.actor, apply the mutation to pagila_v2;
#   2. script = schemaops.schema_diff('pagila_v1', 'pagila_v2', {"strategy": S}); computed twice, the two must be
#      byte-identical (determinism);
#   3. apply the script to pagila_v1 with psql -v ON_ERROR_STOP=1 (the script carries its own BEGIN/COMMIT);
#   4. "converged": schemaops.schema_changes('pagila_v1', 'pagila_v2', '{"strategy":"full"}') returns zero rows.
#      Zero means zero: no UNSUPPORTED rows are tolerated, since no mutation touches an object kind the diff
#      does not handle, and skipped drops are rows too (strategy full lists them as steps);
#   5. the marker row is still in pagila_v1.actor (no mutation drops or narrows anything in actor).
# Strategies: every case runs {"strategy":"full"}. For a non-destructive mutation (KIND additive) the additive
# script must run exactly the same statements as the full one (only the header differs), so applying it would
# give the same result; checking that costs one diff instead of a second pair of copies. For a destructive one
# (KIND full) the additive script is applied for real to a fresh pair and must leave only DROP changes behind
# (additive never drops). "all" runs both strategies for real. Before the cases: a fresh pair diffs empty,
# schema_diff(v1, v1) and the jsonb overload on snapshot(v1) with itself are empty, snapshot() is deterministic.
#
# Needs: PGHOST/PGPORT/PGUSER of a running server with the extension installable (scripts/run-tests.sh).
# Runs in about a minute. SO_E2E_ONLY=name1,name2 restricts the cases (baseline and all are names too);
# SO_E2E_KEEP=1 keeps the work directory (scripts, logs, residuals of every case).

set -u
. "$(dirname "$0")/lib.sh"
. "$SO_E2E_DIR/mutations_pg.sh"

V1=pagila_v1
V2=pagila_v2
FULL='{"strategy":"full"}'
ADDITIVE='{"strategy":"additive"}'
MARKER_SQL="INSERT INTO $V1.actor (first_name, last_name) VALUES ('E2E', 'MARKER-ROW')"
MARKER_COUNT_SQL="SELECT count(*) FROM $V1.actor WHERE first_name = 'E2E' AND last_name = 'MARKER-ROW'"

so_require_fixture "$SO_PG_FIXTURE"
so_pg_require_server
SO_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/so_e2e_pg.XXXXXX")
if [ "${SO_E2E_KEEP:-0}" = 1 ]; then so_diag "keeping $SO_E2E_TMP (SO_E2E_KEEP=1)"; else trap 'rm -rf "$SO_E2E_TMP"' EXIT; fi
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
so_pg_prepare_db
so_pg_fixture_sql "$V1" "$SO_E2E_TMP/pagila.$V1.sql"
so_pg_fixture_sql "$V2" "$SO_E2E_TMP/pagila.$V2.sql"
started=$(date +%s)

# fresh_pair PRE MUTATION LOG: both copies from the fixture, PRE in both, the marker in v1, MUTATION in v2; one
# psql session (ON_ERROR_STOP: the log names the failing line).
fresh_pair() {
	{
		printf 'DROP SCHEMA IF EXISTS %s CASCADE;\nDROP SCHEMA IF EXISTS %s CASCADE;\n' "$V1" "$V2"
		printf '\\i %s\n\\i %s\n' "$SO_E2E_TMP/pagila.$V1.sql" "$SO_E2E_TMP/pagila.$V2.sql"
		if [ -n "$1" ]; then
			printf 'SET search_path = %s;\n%s\nSET search_path = %s;\n%s\n' "$V1" "$1" "$V2" "$1"
		fi
		printf '%s;\n' "$MARKER_SQL"
		printf '\\echo -- mutation\nSET search_path = %s;\n%s\n' "$V2" "$2"
	} >"$SO_E2E_TMP/setup.sql"
	so_psql -f "$SO_E2E_TMP/setup.sql" >"$3" 2>&1
}

diff_script() { # diff_script OPTIONS OUT: the script for v1 -> v2 (psql's trailing newline included)
	so_psql -At -c "SELECT schemaops.schema_diff('$V1', '$V2', '$1'::jsonb)" >"$2" 2>&1
}

residual() { # residual OUT: the changes still between v1 and v2 under strategy full, one line each
	so_psql -At -F ' | ' -c "SELECT seq, action, object_type, object_name, hazards::text
		FROM schemaops.schema_changes('$V1', '$V2', '$FULL'::jsonb) ORDER BY seq" >"$1" 2>&1
}

# run_case NAME STRATEGY EXPECT PRE SQL [same-additive]
#   EXPECT converge: the residual must be empty; drops-only: it must be non-empty and all DROP
#   same-additive: also check that the additive script runs the same statements as this (full) one
run_case() {
	local name=$1 strategy=$2 expect=$3 pre=$4 sql=$5 same_additive=${6:-} dump_todo=${7:-} opts
	local d="$SO_E2E_TMP/case.$name.$strategy" t="pg $1 [$2]"
	mkdir -p "$d"
	if [ "$strategy" = full ]; then opts=$FULL; else opts=$ADDITIVE; fi

	fresh_pair "$pre" "$sql" "$d/setup.log"
	if ! so_ok $? "$t: fixture pair loaded, mutation applied to $V2"; then
		so_diag_file "setup and mutation" "$d/setup.log" 40
		return
	fi

	diff_script "$opts" "$d/script.sql"
	if ! so_ok $? "$t: schema_diff computed"; then
		so_diag_file "schema_diff error" "$d/script.sql"
		return
	fi
	diff_script "$opts" "$d/script2.sql"
	cmp -s "$d/script.sql" "$d/script2.sql"
	if ! so_ok $? "$t: schema_diff is deterministic (byte-identical twice)"; then
		diff -u "$d/script.sql" "$d/script2.sql" >"$d/determinism.diff"
		so_diag_file "first vs second" "$d/determinism.diff" 40
	fi

	if [ -n "$same_additive" ]; then
		diff_script "$ADDITIVE" "$d/additive.sql"
		diff -u <(so_script_statements "$d/script.sql") <(so_script_statements "$d/additive.sql") >"$d/additive.diff"
		so_ok $? "pg $name [additive]: the additive script runs the same statements as the full one" ||
			so_diag_file "full vs additive statements" "$d/additive.diff" 60
	fi

	# Under additive, a mutation that only drops yields a script without steps; that is the point of additive.
	if [ "$expect" = converge ] && so_script_is_empty "$d/script.sql"; then
		so_ok 1 "$t: script is not empty"
		so_diag_file "script" "$d/script.sql"
		return
	fi

	so_psql -f "$d/script.sql" >"$d/apply.log" 2>&1
	if ! so_ok $? "$t: script applies to $V1 (psql -v ON_ERROR_STOP=1)"; then
		so_diag_file "mutation" <(printf '%s\n' "$sql")
		so_diag_file "script" "$d/script.sql"
		so_diag_file "psql" "$d/apply.log" 40
		return
	fi

	residual "$d/residual.txt"
	local rc=$?
	if [ "$expect" = converge ]; then
		[ "$rc" -eq 0 ] && [ ! -s "$d/residual.txt" ]
		if ! so_ok $? "$t: re-diff $V1 -> $V2 is empty (schema_changes returns no rows)"; then
			so_diag_file "script applied" "$d/script.sql"
			so_diag_file "remaining changes (seq | action | type | name | hazards)" "$d/residual.txt"
		fi
		so_pg_catalog_dump "$V1" "$d/dump1.txt"
		so_pg_catalog_dump "$V2" "$d/dump2.txt"
		diff -u "$d/dump1.txt" "$d/dump2.txt" >"$d/dump.diff"
		if ! SO_TAP_TODO=$dump_todo so_ok $? "$t: pg_dump -s of $V1 and $V2 agree (lines sorted)"; then
			so_diag_file "script applied" "$d/script.sql"
			so_diag_file "dump $V1 vs $V2" "$d/dump.diff" 60
		fi
	else
		[ "$rc" -eq 0 ] && [ -s "$d/residual.txt" ] && ! awk -F ' [|] ' '$2 != "DROP"' "$d/residual.txt" | grep -q .
		if ! so_ok $? "$t: additive script dropped nothing (only DROP changes remain)"; then
			so_diag_file "script applied" "$d/script.sql"
			so_diag_file "remaining changes (seq | action | type | name | hazards)" "$d/residual.txt"
		fi
	fi

	[ "$(so_psql_val "$MARKER_COUNT_SQL" 2>&1)" = 1 ]
	so_ok $? "$t: marker row still in $V1.actor"
}

selected() { # selected NAME: honours SO_E2E_ONLY
	[ -z "${SO_E2E_ONLY:-}" ] && return 0
	case ",$SO_E2E_ONLY," in *",$1,"*) return 0 ;; esac
	return 1
}

# ---- baseline: identical copies, self-diffs, determinism of snapshot ----------------------------------------
if selected baseline; then
	fresh_pair "" "" "$SO_E2E_TMP/baseline.log"
	so_ok $? "pg baseline: two copies of Pagila loaded" || so_diag_file "setup" "$SO_E2E_TMP/baseline.log" 40

	residual "$SO_E2E_TMP/baseline.res"
	[ $? -eq 0 ] && [ ! -s "$SO_E2E_TMP/baseline.res" ]
	so_ok $? "pg baseline: schema_changes('$V1', '$V2') of two fresh copies has no rows" ||
		so_diag_file "changes" "$SO_E2E_TMP/baseline.res"

	diff_script "$FULL" "$SO_E2E_TMP/baseline.sql" && so_script_is_empty "$SO_E2E_TMP/baseline.sql"
	so_ok $? "pg baseline: schema_diff('$V1', '$V2') of two fresh copies is an empty script" ||
		so_diag_file "script" "$SO_E2E_TMP/baseline.sql"

	so_psql -At -c "SELECT schemaops.schema_diff('$V1', '$V1', '$FULL'::jsonb)" >"$SO_E2E_TMP/self.sql" 2>&1 &&
		so_script_is_empty "$SO_E2E_TMP/self.sql"
	so_ok $? "pg baseline: schema_diff('$V1', '$V1') is an empty script" || so_diag_file "script" "$SO_E2E_TMP/self.sql"

	so_psql -At -c "SELECT schemaops.schema_diff(s, s, '$FULL'::jsonb) FROM schemaops.snapshot('$V1') AS s" \
		>"$SO_E2E_TMP/selfdoc.sql" 2>&1 && so_script_is_empty "$SO_E2E_TMP/selfdoc.sql"
	so_ok $? "pg baseline: schema_diff(snapshot('$V1'), snapshot('$V1')) (jsonb overload) is an empty script" ||
		so_diag_file "script" "$SO_E2E_TMP/selfdoc.sql"

	so_psql -At -c "SELECT schemaops.snapshot('$V1')::text" >"$SO_E2E_TMP/snap1.json" 2>&1 &&
		so_psql -At -c "SELECT schemaops.snapshot('$V1')::text" >"$SO_E2E_TMP/snap2.json" 2>&1 &&
		cmp -s "$SO_E2E_TMP/snap1.json" "$SO_E2E_TMP/snap2.json" && [ -s "$SO_E2E_TMP/snap1.json" ]
	so_ok $? "pg baseline: snapshot('$V1') is deterministic" || so_diag_file "snapshot" "$SO_E2E_TMP/snap1.json" 20

	# The snapshot must see the whole schema: every table of the fixture, partitions included.
	n_tables=$(so_psql_val "SELECT count(*) FROM pg_class WHERE relnamespace = '$V1'::regnamespace AND relkind IN ('r', 'p')")
	n_doc=$(so_psql_val "SELECT jsonb_array_length(schemaops.snapshot('$V1') -> 'tables')" 2>&1)
	[ "$n_tables" = "$n_doc" ]
	so_ok $? "pg baseline: snapshot('$V1') lists all $n_tables tables (got $n_doc)"
fi

# ---- one case per mutation ----------------------------------------------------------------------------------
all_pre=""
all_sql=""
all_todo=""
for i in "${!SO_MUT_NAMES[@]}"; do
	name=${SO_MUT_NAMES[$i]}
	all_pre+="${SO_MUT_PRE[$i]}"$'\n'
	all_sql+="${SO_MUT_SQL[$i]}"$'\n'
	selected "$name" || continue
	if [ -n "${SO_MUT_TODO[$i]}" ]; then all_todo+="${all_todo:+; }${SO_MUT_TODO[$i]}"; fi
	if [ "${SO_MUT_KIND[$i]}" = additive ]; then
		run_case "$name" full converge "${SO_MUT_PRE[$i]}" "${SO_MUT_SQL[$i]}" same-additive "${SO_MUT_TODO[$i]}"
	else
		run_case "$name" full converge "${SO_MUT_PRE[$i]}" "${SO_MUT_SQL[$i]}" "" "${SO_MUT_TODO[$i]}"
		run_case "$name" additive drops-only "${SO_MUT_PRE[$i]}" "${SO_MUT_SQL[$i]}"
	fi
done

# ---- all mutations together ---------------------------------------------------------------------------------
if selected all; then
	run_case all full converge "$all_pre" "$all_sql" "" "$all_todo"
	run_case all additive drops-only "$all_pre" "$all_sql"

	# The text overload (live schemas) and the jsonb overload (documents) must plan the same statements. The v1
	# copy was migrated by the additive case above, so start again from a fresh pair.
	fresh_pair "$all_pre" "$all_sql" "$SO_E2E_TMP/overload.log"
	diff_script "$FULL" "$SO_E2E_TMP/by_name.sql"
	so_psql -At -c "SELECT schemaops.schema_diff(schemaops.snapshot('$V1'), schemaops.snapshot('$V2'), '$FULL'::jsonb)" \
		>"$SO_E2E_TMP/by_doc.sql" 2>&1
	diff -u <(so_script_statements "$SO_E2E_TMP/by_name.sql") <(so_script_statements "$SO_E2E_TMP/by_doc.sql") \
		>"$SO_E2E_TMP/overload.diff"
	so_ok $? "pg all: schema_diff by name and schema_diff(snapshot, snapshot) give the same statements" ||
		so_diag_file "diff (by name vs by document)" "$SO_E2E_TMP/overload.diff" 60
fi

so_diag "convergence_pg: $SO_TAP_N checks in $(($(date +%s) - started))s"
so_done_testing
