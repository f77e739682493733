#!/usr/bin/env bash
# tests/e2e/convergence_mariadb.t: end-to-end convergence of the schema_diff UDF on the real Sakila schema.
#
# For every mutation in mutations_mariadb.sh, singly and then all together, on a fresh pair of databases:
#   1. load Sakila into sakila_v1 and sakila_v2, run the mutation's PRE in both, insert a marker row into
#      sakila_v1.actor, apply the mutation to sakila_v2;
#   2. script = schema_diff(schemaops.snapshot('sakila_v1'), schemaops.snapshot('sakila_v2'), {"strategy": S});
#      computed twice, the two must be byte-identical;
#   3. apply the script to the server with the mariadb client (which stops at the first error);
#   4. "converged": JSON_LENGTH(schema_changes_json(snapshot(v1), snapshot(v2), '{"strategy":"full"}')) = 0.
#      Zero means zero: no UNSUPPORTED entries are tolerated (no mutation touches a kind the diff does not
#      handle), and skipped drops count;
#   5. the marker row is still in sakila_v1.actor;
#   6. (strategy full) every table of sakila_v1 that still exists holds as many rows as before the script, and
#      the down steps (ddl_down, last step first, run by schemaops.schema_run_step) give back a database that
#      diffs empty against its snapshot from before (so_down_todo in mutations_mariadb.sh names the known
#      exceptions, reported as TAP TODO).
# A mutation may add diff options (so_mut_options in mutations_mariadb.sh, e.g. column_order enforce): they are
# used for every diff of its case, the convergence and down residuals included.
# Strategies, as in convergence_pg.t: every case runs {"strategy":"full"}; for a non-destructive mutation the
# additive script must run the same statements as the full one; for a destructive one the additive script is
# applied for real to a fresh pair and must leave only DROP changes behind; "all" runs both for real. Before the
# cases: a fresh pair diffs empty, a snapshot diffed with itself is empty, and snapshot() is deterministic.
#
# Needs: SO_MARIADB_SOCKET of a running server whose plugin_dir holds schemaops.so (scripts/run-tests.sh).
# SO_E2E_ONLY=name1,name2 restricts the cases (baseline and all are names too); SO_E2E_KEEP=1 keeps the work
# directory (scripts, logs, residuals of every case).

set -u
. "$(dirname "$0")/lib.sh"
. "$SO_E2E_DIR/mutations_mariadb.sh"

V1=sakila_v1
V2=sakila_v2
FULL='{"strategy":"full"}'
ADDITIVE='{"strategy":"additive"}'
MARKER_SQL="INSERT INTO $V1.actor (first_name, last_name) VALUES ('E2E', 'MARKER-ROW')"
MARKER_COUNT_SQL="SELECT COUNT(*) FROM $V1.actor WHERE first_name = 'E2E' AND last_name = 'MARKER-ROW'"
SNAP1="schemaops.snapshot('$V1')"
SNAP2="schemaops.snapshot('$V2')"

so_require_fixture "$SO_MARIADB_FIXTURE"
so_mariadb_require_server
SO_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/so_e2e_mariadb.XXXXXX")
if [ "${SO_E2E_KEEP:-0}" = 1 ]; then so_diag "keeping $SO_E2E_TMP (SO_E2E_KEEP=1)"; else trap 'rm -rf "$SO_E2E_TMP"' EXIT; fi
so_mariadb_install_schemaops
so_mariadb_fixture_sql "$V1" "$SO_E2E_TMP/sakila.$V1.sql"
so_mariadb_fixture_sql "$V2" "$SO_E2E_TMP/sakila.$V2.sql"
started=$(date +%s)

fresh_pair() { # fresh_pair PRE MUTATION LOG: copies, PRE in both, marker in v1, MUTATION in v2 (one session)
	{
		cat "$SO_E2E_TMP/sakila.$V1.sql" "$SO_E2E_TMP/sakila.$V2.sql"
		if [ -n "$1" ]; then
			printf 'USE %s;\n%s\nUSE %s;\n%s\n' "$V1" "$1" "$V2" "$1"
		fi
		printf '%s;\n' "$MARKER_SQL"
		printf -- '-- mutation\nUSE %s;\n%s\n' "$V2" "$2"
	} >"$SO_E2E_TMP/setup.sql"
	so_mariadb <"$SO_E2E_TMP/setup.sql" >"$3" 2>&1
}

diff_script() { # diff_script OPTIONS OUT
	so_mariadb --batch --raw --skip-column-names -e "SELECT schema_diff($SNAP1, $SNAP2, '$1')" >"$2" 2>&1
}

residual() { # residual OUT: remaining changes under strategy full, "seq | action | type | name" per line
	so_mariadb --batch --raw --skip-column-names -e "
		SELECT CONCAT_WS(' | ', j.seq, j.action, j.object_type, j.object_name)
		FROM JSON_TABLE(schema_changes_json($SNAP1, $SNAP2, '$FULL'), '\$[*]' COLUMNS (
			seq INT PATH '\$.seq', action VARCHAR(32) PATH '\$.action',
			object_type VARCHAR(64) PATH '\$.object_type', object_name VARCHAR(512) PATH '\$.object_name')) AS j ORDER BY j.seq" >"$1" 2>&1
}

# Down round trip and data (strategy full, converging cases): before the script runs, the v1 snapshot and the
# changes (schema_changes_json, the same plan as the script) are kept in database so_e2e_keep, and the exact row
# count of every v1 table is taken. After the up script: every table that still exists holds as many rows as
# before. Then the down steps (ddl_down, last step first) run through schemaops.schema_run_step in v1, and
# schema_changes_json(kept snapshot, snapshot(v1)) must be empty: the rollback gives back the structure.
keep_sql() { echo "CREATE DATABASE IF NOT EXISTS so_e2e_keep;
CREATE OR REPLACE TABLE so_e2e_keep.s (k VARCHAR(16) PRIMARY KEY, doc LONGTEXT) ENGINE=InnoDB;
INSERT INTO so_e2e_keep.s VALUES ('before', $SNAP1), ('changes', schema_changes_json($SNAP1, $SNAP2, '$FULL'));"; }
DOWN_SQL="SET @so_down_err = NULL, @so_down_seq = NULL;
DROP PROCEDURE IF EXISTS so_e2e_keep.run_down;
DELIMITER \$\$
CREATE PROCEDURE so_e2e_keep.run_down(IN db VARCHAR(64))
BEGIN
	DECLARE v_done INT DEFAULT 0;
	DECLARE v_seq INT;
	DECLARE v_ddl LONGTEXT;
	DECLARE cur CURSOR FOR SELECT j.seq, j.ddl FROM so_e2e_keep.s, JSON_TABLE(s.doc, '\$[*]' COLUMNS (
		seq INT PATH '\$.seq', ddl LONGTEXT PATH '\$.ddl_down', action VARCHAR(20) PATH '\$.action',
		skipped VARCHAR(5) PATH '\$.skipped')) j
		WHERE s.k = 'changes' AND j.action <> 'UNSUPPORTED' AND j.skipped NOT IN ('true', '1') AND j.ddl IS NOT NULL
		ORDER BY j.seq DESC;
	DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
		BEGIN
			GET DIAGNOSTICS CONDITION 1 @so_down_err = MESSAGE_TEXT;
			CALL schemaops.schema_run_step_end(db);
		END;
	CALL schemaops.schema_run_step_begin(db);
	OPEN cur;
	l: LOOP
		FETCH cur INTO v_seq, v_ddl;
		IF v_done THEN LEAVE l; END IF;
		SET @so_down_seq = v_seq, @so_down_ddl = v_ddl;
		CALL schemaops.schema_run_step(db, v_ddl);
	END LOOP;
	CLOSE cur;
	CALL schemaops.schema_run_step_end(db);
END\$\$
DELIMITER ;
CALL so_e2e_keep.run_down('$V1');
SELECT IF(@so_down_err IS NULL, 'ok', CONCAT('step ', @so_down_seq, ': ', @so_down_err, ' -- ', @so_down_ddl));"

row_counts() { # row_counts DB OUT: "table rows" per base table, exact (COUNT(*))
	local q
	q=$(so_mariadb_val "SELECT GROUP_CONCAT(CONCAT('SELECT ', QUOTE(TABLE_NAME), ', COUNT(*) FROM \`$1\`.\`',
		REPLACE(TABLE_NAME, '\`', '\`\`'), '\`') ORDER BY TABLE_NAME SEPARATOR ' UNION ALL ')
		FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$1' AND TABLE_TYPE = 'BASE TABLE'") || return 1
	so_mariadb_val "$q" | LC_ALL=C sort >"$2"
}

# run_case NAME STRATEGY EXPECT PRE SQL [same-additive] (EXPECT: converge | drops-only)
run_case() {
	local name=$1 strategy=$2 expect=$3 pre=$4 sql=$5 same_additive=${6:-} dump_todo=${7:-} down_todo=${8:-} opts
	local d="$SO_E2E_TMP/case.$name.$strategy" t="mariadb $1 [$2]"
	# options of the mutation (so_mut_options): every diff of the case uses them, the residuals too (bash
	# dynamic scope: diff_script, residual and keep_sql see these FULL / ADDITIVE)
	local x=${SO_MUT_OPTS[$name]:-}
	local FULL="{\"strategy\":\"full\"$x}" ADDITIVE="{\"strategy\":\"additive\"$x}"
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
	if ! cmp -s "$d/script.sql" "$d/script2.sql"; then
		so_ok 1 "$t: schema_diff is deterministic (byte-identical twice)"
		diff -u "$d/script.sql" "$d/script2.sql" >"$d/determinism.diff"
		so_diag_file "first vs second" "$d/determinism.diff" 40
	else
		so_ok 0 "$t: schema_diff is deterministic (byte-identical twice)"
	fi

	if [ -n "$same_additive" ]; then
		diff_script "$ADDITIVE" "$d/additive.sql"
		diff -u <(so_script_statements "$d/script.sql") <(so_script_statements "$d/additive.sql") >"$d/additive.diff"
		so_ok $? "mariadb $name [additive]: the additive script runs the same statements as the full one" ||
			so_diag_file "full vs additive statements" "$d/additive.diff" 60
	fi

	# Under additive, a mutation that only drops yields a script without steps; that is the point of additive.
	if [ "$expect" = converge ] && so_script_is_empty "$d/script.sql"; then
		so_ok 1 "$t: script is not empty"
		so_diag_file "script" "$d/script.sql"
		return
	fi

	local down=0
	if [ "$strategy" = full ] && [ "$expect" = converge ]; then
		down=1
		so_mariadb -e "$(keep_sql)" >"$d/keep.log" 2>&1 && row_counts "$V1" "$d/rows0.txt" 2>>"$d/keep.log" ||
			{ so_diag_file "keeping the snapshot and the row counts" "$d/keep.log"; down=0; }
	fi

	so_mariadb <"$d/script.sql" >"$d/apply.log" 2>&1
	if ! so_ok $? "$t: script applies (mariadb client)"; then
		so_diag_file "mutation" <(printf '%s\n' "$sql")
		so_diag_file "script" "$d/script.sql"
		so_diag_file "mariadb" "$d/apply.log" 40
		return
	fi

	residual "$d/residual.txt"
	local rc=$?
	if [ "$expect" = converge ]; then
		[ "$rc" -eq 0 ] && [ ! -s "$d/residual.txt" ]
		if ! so_ok $? "$t: re-diff $V1 -> $V2 is empty (schema_changes_json is [])"; then
			so_diag_file "script applied" "$d/script.sql"
			so_diag_file "remaining changes (seq | action | type | name | hazards)" "$d/residual.txt"
		fi
		so_mariadb_catalog_dump "$V1" "$d/dump1.txt"
		so_mariadb_catalog_dump "$V2" "$d/dump2.txt"
		diff -u "$d/dump1.txt" "$d/dump2.txt" >"$d/dump.diff"
		if ! SO_TAP_TODO=$dump_todo so_ok $? "$t: mariadb-dump --no-data of $V1 and $V2 agree (lines sorted)"; then
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

	[ "$(so_mariadb_val "$MARKER_COUNT_SQL" 2>&1)" = 1 ]
	so_ok $? "$t: marker row still in $V1.actor"

	[ "$down" = 1 ] || return
	row_counts "$V1" "$d/rows1.txt" 2>&1 &&
		LC_ALL=C join -t "$(printf '\t')" "$d/rows0.txt" "$d/rows1.txt" |
		awk -F '\t' '$2 != $3 { print; bad = 1 } END { exit bad }' >"$d/rows.diff"
	so_ok $? "$t: every table keeps its rows (exact counts before and after)" ||
		so_diag_file "table rows-before rows-after" "$d/rows.diff"
	so_mariadb --batch --raw --skip-column-names <<<"$DOWN_SQL" >"$d/down.log" 2>&1 && [ "$(tail -n 1 "$d/down.log")" = ok ]
	if ! SO_TAP_TODO=$down_todo so_ok $? "$t: down steps run (ddl_down, last first, schemaops.schema_run_step)"; then
		so_diag_file "down" "$d/down.log" 20
		return
	fi
	so_mariadb --batch --raw --skip-column-names -e "
		SELECT CONCAT_WS(' | ', j.seq, j.action, j.object_type, j.object_name)
		FROM JSON_TABLE(schema_changes_json((SELECT doc FROM so_e2e_keep.s WHERE k = 'before'), $SNAP1, '$FULL'),
			'\$[*]' COLUMNS (seq INT PATH '\$.seq', action VARCHAR(32) PATH '\$.action',
			object_type VARCHAR(64) PATH '\$.object_type', object_name VARCHAR(512) PATH '\$.object_name')) AS j
		ORDER BY j.seq" >"$d/down_residual.txt" 2>&1 && [ ! -s "$d/down_residual.txt" ]
	SO_TAP_TODO=$down_todo so_ok $? "$t: after the down steps $V1 diffs empty against its snapshot from before" ||
		so_diag_file "remaining changes (seq | action | type | name)" "$d/down_residual.txt"
}

selected() {
	[ -z "${SO_E2E_ONLY:-}" ] && return 0
	case ",$SO_E2E_ONLY," in *",$1,"*) return 0 ;; esac
	return 1
}

# ---- baseline --------------------------------------------------------------------------------------------
if selected baseline; then
	fresh_pair "" "" "$SO_E2E_TMP/baseline.log"
	so_ok $? "mariadb baseline: two copies of Sakila loaded" || so_diag_file "setup" "$SO_E2E_TMP/baseline.log" 40

	residual "$SO_E2E_TMP/baseline.res"
	[ $? -eq 0 ] && [ ! -s "$SO_E2E_TMP/baseline.res" ]
	so_ok $? "mariadb baseline: schema_changes_json of two fresh copies is empty" ||
		so_diag_file "changes" "$SO_E2E_TMP/baseline.res"

	diff_script "$FULL" "$SO_E2E_TMP/baseline.sql" && so_script_is_empty "$SO_E2E_TMP/baseline.sql"
	so_ok $? "mariadb baseline: schema_diff of two fresh copies is an empty script" ||
		so_diag_file "script" "$SO_E2E_TMP/baseline.sql"

	so_mariadb --batch --raw --skip-column-names -e "SELECT schema_diff($SNAP1, $SNAP1, '$FULL')" \
		>"$SO_E2E_TMP/self.sql" 2>&1 && so_script_is_empty "$SO_E2E_TMP/self.sql"
	so_ok $? "mariadb baseline: schema_diff(snapshot('$V1'), snapshot('$V1')) is an empty script" ||
		so_diag_file "script" "$SO_E2E_TMP/self.sql"

	so_mariadb --batch --raw --skip-column-names -e "SET @s = $SNAP1; SELECT schema_diff(@s, @s)" \
		>"$SO_E2E_TMP/selfvar.sql" 2>&1 && so_script_is_empty "$SO_E2E_TMP/selfvar.sql"
	so_ok $? "mariadb baseline: one stored snapshot diffed with itself (default options) is an empty script" ||
		so_diag_file "script" "$SO_E2E_TMP/selfvar.sql"

	so_mariadb_val "SELECT $SNAP1" >"$SO_E2E_TMP/snap1.json" 2>&1 &&
		so_mariadb_val "SELECT $SNAP1" >"$SO_E2E_TMP/snap2.json" 2>&1 &&
		cmp -s "$SO_E2E_TMP/snap1.json" "$SO_E2E_TMP/snap2.json" && [ -s "$SO_E2E_TMP/snap1.json" ]
	so_ok $? "mariadb baseline: snapshot('$V1') is deterministic" || so_diag_file "snapshot" "$SO_E2E_TMP/snap1.json" 20

	n_tables=$(so_mariadb_val "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$V1' AND TABLE_TYPE = 'BASE TABLE'")
	n_doc=$(so_mariadb_val "SELECT JSON_LENGTH($SNAP1, '\$.tables')" 2>&1)
	[ "$n_tables" = "$n_doc" ]
	so_ok $? "mariadb baseline: snapshot('$V1') lists all $n_tables tables (got $n_doc)"
fi

# ---- one case per mutation -------------------------------------------------------------------------------
all_pre=""
all_sql=""
all_todo=""
all_down_todo=""
for i in "${!SO_MUT_NAMES[@]}"; do
	name=${SO_MUT_NAMES[$i]}
	all_pre+="${SO_MUT_PRE[$i]}"$'\n'
	all_sql+="${SO_MUT_SQL[$i]}"$'\n'
	selected "$name" || continue
	if [ -n "${SO_MUT_TODO[$i]}" ]; then all_todo+="${all_todo:+; }${SO_MUT_TODO[$i]}"; fi
	if [ -n "${SO_DOWN_TODO[$name]:-}" ]; then all_down_todo+="${all_down_todo:+; }$name: ${SO_DOWN_TODO[$name]}"; fi
	if [ "${SO_MUT_KIND[$i]}" = additive ]; then
		run_case "$name" full converge "${SO_MUT_PRE[$i]}" "${SO_MUT_SQL[$i]}" same-additive "${SO_MUT_TODO[$i]}" \
			"${SO_DOWN_TODO[$name]:-}"
	else
		run_case "$name" full converge "${SO_MUT_PRE[$i]}" "${SO_MUT_SQL[$i]}" "" "${SO_MUT_TODO[$i]}" \
			"${SO_DOWN_TODO[$name]:-}"
		run_case "$name" additive drops-only "${SO_MUT_PRE[$i]}" "${SO_MUT_SQL[$i]}"
	fi
done

if selected all; then
	run_case all full converge "$all_pre" "$all_sql" "" "$all_todo" "$all_down_todo"
	run_case all additive drops-only "$all_pre" "$all_sql"
fi

so_diag "convergence_mariadb: $SO_TAP_N checks in $(($(date +%s) - started))s"
so_done_testing
