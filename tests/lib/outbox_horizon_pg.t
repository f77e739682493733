#!/usr/bin/env bash
# tests/lib/outbox_horizon_pg.t: the outbox's concurrency rules with real concurrent sessions
# (docs/outbox.md, "The horizon" and NOTIFY), on the test server of scripts/run-tests.sh (PGHOST/PGPORT),
# in a database of its own.
#
#   1. the sequence gap: session A takes the lower event id and stays open, session B takes the next id and
#      commits; B's event is visible but outbox_claim hands out nothing; after A commits it hands out A's then
#      B's event, in id order
#   1b. the low-water mark (outbox_lwm) does not pass A's lower id when B's higher event is acknowledged
#      while A is open
#   2. two consumers claiming at once never get the same event (FOR UPDATE SKIP LOCKED)
#   3. NOTIFY once per transaction: three capturing statements in one transaction make one notification,
#      a rolled-back transaction none
set -uo pipefail

PGBIN=${SO_PG_BIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$ROOT/build/outbox_horizon
DB=so_outbox_horizon
PSQL=("$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$DB")

echo "1..10"
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

rm -rf "$WORK"
mkdir -p "$WORK"
bg=()
cleanup() {
	local p
	exec 7>&- 8>&- 2>/dev/null
	for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
	"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
}
trap cleanup EXIT

"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null ||
	bail "cannot create database $DB"
"${PSQL[@]}" >/dev/null <<-'EOF' || bail "setup failed"
	CREATE EXTENSION schemaops;
	CREATE TABLE h (id int PRIMARY KEY);
	SELECT schemaops.outbox_attach('h', '{"notify": "hchan"}');
EOF

q() { "${PSQL[@]}" -c "$1"; }
# waits until the session named $1 is idle in a transaction (its last statement done)
wait_idle_in_tx() {
	local i s
	for i in $(seq 200); do
		s=$(q "SELECT state FROM pg_stat_activity WHERE application_name = '$1' AND datname = '$DB'")
		[ "$s" = "idle in transaction" ] && return 0
		sleep 0.05
	done
	return 1
}

# 1. the sequence gap
mkfifo "$WORK/a.in"
PGAPPNAME=ob_a "${PSQL[@]}" <"$WORK/a.in" >"$WORK/a.out" 2>&1 &
bg+=($!)
exec 7>"$WORK/a.in"
echo "BEGIN; INSERT INTO h VALUES (1);" >&7
wait_idle_in_tx ob_a || bail "session A did not get to its INSERT"
q "INSERT INTO h VALUES (2)" # session B, autocommit
visible=$(q "SELECT count(*) FROM schemaops.outbox_events WHERE aggregateid = '2'")
claimed=$(q "SELECT count(*) FROM schemaops.outbox_claim('c1', 10, '1 minute')")
ok "$([ "$visible" = 1 ] && [ "$claimed" = 0 ] && echo 0 || echo 1)" \
	"while A (lower id) is open, B's committed event is visible ($visible) but not handed out ($claimed claimed)"
echo "COMMIT;" >&7
exec 7>&-
wait "${bg[0]}"
got=$(q "SELECT string_agg(aggregateid, ',' ORDER BY id) FROM schemaops.outbox_claim('c1', 10, '1 minute')")
ok "$([ "$got" = "1,2" ] && echo 0 || echo 1)" "after A commits both are handed out, A's lower id first (got $got)"
order=$(q "SELECT bool_and(a.id < b.id) FROM schemaops.outbox_events a, schemaops.outbox_events b
	WHERE a.aggregateid = '1' AND b.aggregateid = '2'")
ok "$([ "$order" = t ] && echo 0 || echo 1)" "A's event has the lower id, B's the higher (the gap was real)"

# 1b. the low-water mark never passes an id that may still commit: B's higher event is acknowledged directly
# (no claim involved) while A holds the lower id; the claims in between move the mark over done events only
q "SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM schemaops.outbox_events))" >/dev/null
mkfifo "$WORK/a2.in"
PGAPPNAME=ob_a2 "${PSQL[@]}" <"$WORK/a2.in" >"$WORK/a2.out" 2>&1 &
bg+=($!)
a2=$!
exec 7>"$WORK/a2.in"
echo "BEGIN; INSERT INTO h VALUES (11);" >&7
wait_idle_in_tx ob_a2 || bail "session A did not get to its second INSERT"
q "INSERT INTO h VALUES (12)"
acked=$(q "SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM schemaops.outbox_events WHERE aggregateid = '12'))")
claimed=$(q "SELECT count(*) FROM schemaops.outbox_claim('c1', 10, '1 minute')")
claimed2=$(q "SELECT count(*) FROM schemaops.outbox_claim('c1', 10, '1 minute')")
ok "$([ "$acked" = 1 ] && [ "$claimed" = 0 ] && [ "$claimed2" = 0 ] && echo 0 || echo 1)" \
	"B's higher event acknowledged ($acked) while A is open: nothing to hand out ($claimed, $claimed2)"
echo "COMMIT;" >&7
exec 7>&-
wait "$a2"
got=$(q "SELECT string_agg(aggregateid, ',' ORDER BY id) FROM schemaops.outbox_claim('c1', 10, '1 minute')")
below=$(q "SELECT count(*) FROM schemaops.outbox_lwm l JOIN schemaops.outbox_events e ON e.aggregateid = '11'
	AND l.outbox = 'schemaops.outbox_events'::regclass AND l.lwm >= e.id")
ok "$([ "$got" = 11 ] && [ "$below" = 0 ] && echo 0 || echo 1)" \
	"after A commits its lower id is handed out (got '$got'); the low-water mark stayed below it ($below)"

# 2. two consumers at once
q "TRUNCATE schemaops.outbox_events" >/dev/null
q "INSERT INTO h SELECT g FROM generate_series(100, 1099) g"
for c in 1 2 3 4; do
	(
		while :; do
			got=$("${PSQL[@]}" -c "SELECT string_agg(id::text, ' ') FROM schemaops.outbox_claim('c$c', 37, '1 minute')")
			[ -n "$got" ] || break
			echo "$got" | tr ' ' '\n' >>"$WORK/claims.$c"
		done
	) &
	bg+=($!)
done
for i in 2 3 4 5; do wait "${bg[$i]}"; done
total=$(cat "$WORK"/claims.* | wc -l)
distinct=$(cat "$WORK"/claims.* | sort -u | wc -l)
ok "$([ "$total" = 1000 ] && [ "$distinct" = 1000 ] && echo 0 || echo 1)" \
	"4 concurrent consumers: 1000 events claimed exactly once ($total claims, $distinct distinct)"
attempts=$(q "SELECT count(*) FROM schemaops.outbox_events WHERE attempts <> 1 OR claimed_by IS NULL")
ok "$([ "$attempts" = 0 ] && echo 0 || echo 1)" "every event claimed once (attempts = 1): $attempts others"

# 3. NOTIFY once per transaction
mkfifo "$WORK/l.in"
PGAPPNAME=ob_l "$PGBIN/psql" -X -d "$DB" <"$WORK/l.in" >"$WORK/l.out" 2>&1 &
lpid=$!
bg+=("$lpid")
exec 8>"$WORK/l.in"
echo "LISTEN hchan; BEGIN;" >&8
wait_idle_in_tx ob_l || bail "listener did not start"
echo "COMMIT;" >&8
"${PSQL[@]}" >/dev/null <<-'EOF'
	BEGIN;
	INSERT INTO h VALUES (5000);
	INSERT INTO h VALUES (5001), (5002);
	UPDATE h SET id = id + 10 WHERE id >= 5000;
	COMMIT;
	BEGIN;
	INSERT INTO h VALUES (6000);
	ROLLBACK;
EOF
sleep 0.5
echo "SELECT 1;" >&8
sleep 0.5
echo "SELECT 2;" >&8
exec 8>&-
wait "$lpid"
notes=$(grep -c 'Asynchronous notification "hchan" with payload "schemaops.outbox_events"' "$WORK/l.out")
ok "$([ "$notes" = 1 ] && echo 0 || echo 1)" "one notification for a transaction of three capturing statements, none for a rollback (got $notes)"
events=$(q "SELECT count(*) FROM schemaops.outbox_events WHERE aggregateid::int >= 5000")
ok "$([ "$events" = 6 ] && echo 0 || echo 1)" "that transaction wrote its 6 events, the rolled-back one none (got $events)"
pending=$(q "SELECT count(*) FROM schemaops.outbox_claim('c9', 100, '1 minute') WHERE aggregateid::int >= 5000")
ok "$([ "$pending" = 6 ] && echo 0 || echo 1)" "and they are claimable at once ($pending)"
