#!/usr/bin/env bash
# tests/e2e/viewdef_error_pg.t: the error path of schemaops._snapshot_viewdef (pg_extension/src/snapshot_viewdef.c).
#
# The function runs pg_get_viewdef() inside an internal subtransaction that it rolls back, and re-raises an
# error from inside after the rollback. A reliable error inside: pg_get_viewdef() locks the relations the
# view reads (AcquireRewriteLocks), so while another session holds ACCESS EXCLUSIVE on the view's table, a
# caller with lock_timeout gets SQLSTATE 55P03 from inside the subtransaction. Checks: the error surfaces
# with its SQLSTATE and message (no crash, no other error, no WARNING about leaked resources or an
# unterminated subtransaction); the caller's transaction goes on after ROLLBACK TO SAVEPOINT; 300 failing
# calls in one transaction leave no lock of the session on the view or its table and do not grow the
# session's memory (pg_backend_memory_contexts) by more than 1 MB; once the lock is gone the same session
# gets the definition; a lock the caller took itself before the call is kept.
set -u
SO_E2E_PGDATABASE=so_viewdef
. "$(dirname "$0")/lib.sh"

so_pg_require_server
SO_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/so_viewdef.XXXXXX")
holder=""
# ends the holding session (killing psql alone leaves its backend in pg_sleep, holding the lock)
release() {
	so_psql_val "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'so_viewdef_holder'" \
		>/dev/null 2>&1
	[ -n "$holder" ] && wait "$holder" 2>/dev/null
	holder=""
}
cleanup() {
	[ -n "$holder" ] && release
	rm -rf "$SO_E2E_TMP"
}
trap cleanup EXIT
T=$SO_E2E_TMP
started=$(date +%s)

so_pg_prepare_db
so_psql -c "CREATE SCHEMA vd; CREATE TABLE vd.t (id int, v text); CREATE VIEW vd.v AS SELECT id, v FROM vd.t WHERE id > 0;" \
	>"$T/setup.log" 2>&1
so_ok $? "pg viewdef: schema with a view loads" || so_diag_file setup "$T/setup.log"

# another session holds ACCESS EXCLUSIVE on the view's table until it is killed (at most 120 s)
PGAPPNAME=so_viewdef_holder psql -X -q -d "$SO_E2E_PGDATABASE" \
	-c "BEGIN; LOCK TABLE vd.t IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
	n=$(so_psql_val "SELECT count(*) FROM pg_locks WHERE relation = 'vd.t'::regclass AND mode = 'AccessExclusiveLock' AND granted")
	[ "$n" = 1 ] && break
	sleep 0.1
done
[ "$n" = 1 ]
so_ok $? "pg viewdef: another session holds ACCESS EXCLUSIVE on the view's table"

# one failing call at top level: the error as the server raised it inside
PGOPTIONS="-c lock_timeout=100ms -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
	-d "$SO_E2E_PGDATABASE" -c '\set VERBOSITY verbose' -c "SELECT schemaops._snapshot_viewdef('vd.v'::regclass);" \
	>"$T/one.out" 2>"$T/one.err"
rc=$?
[ $rc -eq 1 ] && grep -q '^ERROR:  55P03: canceling statement due to lock timeout' "$T/one.err" &&
	! grep -qiE 'WARNING|leak|subtransaction|server closed|terminated' "$T/one.err"
so_ok $? "pg viewdef: the error inside surfaces with its SQLSTATE (55P03) and message, nothing else" ||
	so_diag_file stderr "$T/one.err"

# many failing calls in one transaction, each caught at a savepoint (as a caller that goes on would do)
cat >"$T/many.sql" <<'EOF'
SET lock_timeout = '5ms';
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE m AS SELECT sum(used_bytes) AS used FROM pg_backend_memory_contexts;
DO $$
DECLARE
	i int;
	n int := 0;
	s text;
BEGIN
	FOR i IN 1..300 LOOP
		BEGIN
			PERFORM schemaops._snapshot_viewdef('vd.v'::regclass);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE;
			IF s = '55P03' THEN
				n := n + 1;
			ELSE
				RAISE;
			END IF;
		END;
	END LOOP;
	RAISE WARNING 'so_errors %', n;
END
$$;
SELECT 'so_locks ' || count(*) FROM pg_locks
WHERE pid = pg_backend_pid() AND relation IN ('vd.t'::regclass, 'vd.v'::regclass);
SELECT 'so_growth ' || ((SELECT sum(used_bytes) FROM pg_backend_memory_contexts) - used < 1048576) FROM m;
SAVEPOINT s;
SELECT schemaops._snapshot_viewdef('vd.v'::regclass);
ROLLBACK TO SAVEPOINT s;
SELECT 'so_after ' || 1;
COMMIT;
EOF
psql -X -q -At -v ON_ERROR_STOP=0 -d "$SO_E2E_PGDATABASE" -f "$T/many.sql" >"$T/many.out" 2>"$T/many.err"
grep -q 'WARNING:  so_errors 300' "$T/many.err"
so_ok $? "pg viewdef: 300 calls in one transaction all fail with 55P03" || so_diag_file stderr "$T/many.err" 20
grep -qx 'so_locks 0' "$T/many.out"
so_ok $? "pg viewdef: after them the session holds no lock on the view or its table" || so_diag_file out "$T/many.out"
grep -qx 'so_growth true' "$T/many.out"
so_ok $? "pg viewdef: the session's memory grew by less than 1 MB over 300 failed calls" ||
	so_diag_file out "$T/many.out"
grep -qx 'so_after 1' "$T/many.out" && [ "$(grep -c 'ERROR' "$T/many.err")" = 1 ] &&
	! grep -qiE 'leak|not closed|subtransaction|server closed|terminated' "$T/many.err"
so_ok $? "pg viewdef: the transaction goes on after ROLLBACK TO SAVEPOINT; no warning about leaked resources" ||
	so_diag_file stderr "$T/many.err" 20

release
for _ in $(seq 1 100); do
	n=$(so_psql_val "SELECT count(*) FROM pg_locks WHERE relation = 'vd.t'::regclass AND mode = 'AccessExclusiveLock'")
	[ "$n" = 0 ] && break
	sleep 0.1
done

# the lock is gone: the same call gives the definition; a lock the caller took itself stays
cat >"$T/ok.sql" <<'EOF'
SET lock_timeout = '2s';
BEGIN;
LOCK TABLE vd.t IN ROW EXCLUSIVE MODE;
SELECT 'so_def ' || (schemaops._snapshot_viewdef('vd.v'::regclass) LIKE '%WHERE t.id > 0%');
SELECT 'so_own ' || string_agg(c.relname || ':' || l.mode, ',' ORDER BY c.relname, l.mode)
FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
WHERE l.pid = pg_backend_pid() AND l.relation IN ('vd.t'::regclass, 'vd.v'::regclass);
COMMIT;
EOF
psql -X -q -At -v ON_ERROR_STOP=1 -d "$SO_E2E_PGDATABASE" -f "$T/ok.sql" >"$T/ok.out" 2>"$T/ok.err"
grep -qx 'so_def true' "$T/ok.out" && grep -qx 'so_own t:RowExclusiveLock' "$T/ok.out"
so_ok $? "pg viewdef: without the conflicting lock the definition comes back; the caller's own lock is kept, the view's and table's AccessShareLock are not" ||
	{ so_diag_file out "$T/ok.out"; so_diag_file stderr "$T/ok.err"; }

so_diag "viewdef_error_pg: $SO_TAP_N checks in $(($(date +%s) - started))s"
so_done_testing
