#!/usr/bin/env bash
# tests/e2e/random_mariadb.t: randomized convergence of schema_changes_json on MariaDB (Sakila).
#
# MariaDB DDL is not transactional, so the cases are chained over two copies of Sakila kept equal (A and B):
# case i mutates B with 1..SO_RANDOM_MUTATIONS random mutations (20 kinds, tests/e2e/random_mariadb.sql), plans
# A -> B (strategy full), runs every step on A with schemaops.schema_run_step inside a stored procedure, and requires the
# re-diff to be empty. All cases run in one client session, one CALL each. After a failing case both copies are
# reloaded and the run goes on from the next case, so a case is reproduced by replaying its segment (printed).
#
# Knobs: SO_RANDOM_CASES (default 300: about 0.1-0.2 s a case on an idle machine, up to 1 s on a loaded one; the
# two snapshot() calls and the DDL dominate), SO_RANDOM_SEED (default 1; case i uses seed SO_RANDOM_SEED*100003+i),
# SO_RANDOM_MUTATIONS (most mutations per case, default 4), SO_RANDOM_WIDE=1 (also ROW_FORMAT changes, a known
# gap).
set -u
. "$(dirname "$0")/lib.sh"

CASES=${SO_RANDOM_CASES:-300}
SEED=${SO_RANDOM_SEED:-1}
NMUT=${SO_RANDOM_MUTATIONS:-4}
WIDE=0
[ "${SO_RANDOM_WIDE:-0}" = 1 ] && WIDE=1
[[ $CASES =~ ^[0-9]+$ && $SEED =~ ^[0-9]+$ && $NMUT =~ ^[1-9][0-9]*$ ]] ||
	so_bail "SO_RANDOM_CASES, SO_RANDOM_SEED and SO_RANDOM_MUTATIONS must be numbers"
A=rnd_my_a
B=rnd_my_b

so_require_fixture "$SO_MARIADB_FIXTURE"
so_mariadb_require_server
so_mariadb_install_schemaops
SO_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/so_random_my.XXXXXX")
trap 'rm -rf "$SO_E2E_TMP"' EXIT
started=$(date +%s)

reload() { so_mariadb_load_fixture "$A" && so_mariadb_load_fixture "$B"; }
reload >"$SO_E2E_TMP/setup.log" 2>&1 && so_mariadb <"$SO_E2E_DIR/random_mariadb.sql" >>"$SO_E2E_TMP/setup.log" 2>&1
so_ok $? "mariadb random: two copies of Sakila loaded ($A, $B), generator installed" || {
	so_diag_file "setup" "$SO_E2E_TMP/setup.log" 40
	so_done_testing
	exit 1
}

ok=0 applied=0 refused=0 steps=0 reloads=0
next=1
while [ "$next" -le "$CASES" ]; do
	first=$next
	{
		printf 'SET @so_rnd_wide = %d, @so_rnd_blocked = 0, @so_rnd_doc_a = NULL;\n' "$WIDE"
		for ((i = first; i <= CASES; i++)); do
			s=$((SEED * 100003 + i))
			printf "CALL so_rnd.run_case('%s', '%s', %d, %d, @r); SELECT @r;\n" "$A" "$B" "$s" $((1 + s % NMUT))
		done
	} >"$SO_E2E_TMP/cases.sql"
	so_mariadb --batch --raw --skip-column-names <"$SO_E2E_TMP/cases.sql" >"$SO_E2E_TMP/results.txt" 2>"$SO_E2E_TMP/client.err"
	rc=$?
	mapfile -t lines <"$SO_E2E_TMP/results.txt"
	failed_at=0
	for ((i = first; i <= CASES; i++)); do
		s=$((SEED * 100003 + i))
		line=${lines[$((i - first))]:-}
		IFS='|' read -r status seed f3 f4 f5 <<<"$line"
		if [ "$status" = ok ] && [ "$seed" = "$s" ]; then
			ok=$((ok + 1)) applied=$((applied + f3)) refused=$((refused + f4)) steps=$((steps + f5))
			so_ok 0 "mariadb random case $i (seed $s): $f3 mutations, $f5 steps, re-diff empty"
			continue
		fi
		if [ "$status" = fail ]; then
			so_ok 1 "mariadb random case $i (seed $s) converges"
			so_diag "seed $s: $f3" "mutations: $f4" \
				"replay: fresh copies of Sakila in $A and $B, tests/e2e/random_mariadb.sql, then cases $first..$i" \
				"(SO_RANDOM_SEED=$SEED; seed of case k = $SEED*100003+k, mutations 1 + seed % $NMUT)"
		else
			so_ok 1 "mariadb random case $i (seed $s) ran"
			so_diag "seed $s: no result line (client exit $rc)"
			so_diag_file "client errors" "$SO_E2E_TMP/client.err" 20
		fi
		failed_at=$i
		break
	done
	[ "$failed_at" -eq 0 ] && break
	next=$((failed_at + 1))
	reloads=$((reloads + 1))
	reload >"$SO_E2E_TMP/reload.log" 2>&1 || { so_diag_file "reload" "$SO_E2E_TMP/reload.log" 20; so_bail "cannot reload Sakila"; }
done

so_diag "random_mariadb: $ok/$CASES cases converged ($applied mutations applied, $refused refused by the server, $steps steps run, $reloads reloads; seed $SEED) in $(($(date +%s) - started))s"
so_done_testing
