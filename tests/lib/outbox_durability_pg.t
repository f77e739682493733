#!/usr/bin/env bash
# tests/lib/outbox_durability_pg.t: the PostgreSQL outbox survives kill -9 (docs/outbox.md).
#
# Its OWN throwaway server (scripts/pg_instance.sh in build/run/outbox_dur, SO_PG_PORT 54339 by default, from
# the SO_PG_BIN that scripts/run-tests.sh exports), because it kills it: 4 writers run a fixed number of
# transactions each (INSERT a row + UPDATE it = 2 events; every 10th transaction rolls back; every 7th also
# rolls back a savepoint that inserted a row) while one relay claims and acknowledges; the postmaster and its
# children get SIGKILL mid-load (once about a third of the planned rows are in), the cluster is restarted WITHOUT wiping (crash recovery), a second round of
# writes runs, the relay drains the outbox. Checks: events == committed row changes (one created + one
# updated event per surviving row, nothing else), every commit the writers saw acknowledged survived, no event
# for an aborted transaction or rolled-back savepoint, every event acked, every event delivered, no delivery
# of an event after its ack was committed, and first deliveries in strictly increasing id order (nothing
# handed out while a lower id could still commit). Takes about 30 s.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PGBIN=${SO_PG_BIN:-/usr/lib/postgresql/15/bin}
export SO_PG_PORT=${SO_OUTBOX_DUR_PORT:-54339}
DIR=$ROOT/build/run/outbox_dur
WORK=$ROOT/build/outbox_dur
N1=${SO_OUTBOX_DUR_TX:-3000} # transactions per writer before the crash (the crash comes first)
N2=200                       # per writer after the restart

echo "1..11"
diag() { sed 's/^/# /'; }
n=0
ok() { # ok COND NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
bail() {
	echo "Bail out! $1"
	exit 1
}

pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	bash "$ROOT/scripts/pg_instance.sh" stop "$DIR" >/dev/null 2>&1
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK"
SO_PG_BIN=$PGBIN bash "$ROOT/scripts/pg_instance.sh" start "$DIR" >"$WORK/start.log" 2>&1 || {
	diag <"$WORK/start.log"
	bail "cannot start the durability instance"
}
eval "$(bash "$ROOT/scripts/pg_instance.sh" env "$DIR")"
export PGDATABASE=outbox_dur
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)

"${PSQL[@]}" -d postgres -c "CREATE DATABASE outbox_dur" >/dev/null || bail "createdb failed"
# the instance runs with synchronous_commit=off for speed; here an acknowledged commit must be durable
"${PSQL[@]}" >"$WORK/setup.log" 2>&1 <<-'EOF' || { diag <"$WORK/setup.log"; bail "setup failed"; }
	ALTER DATABASE outbox_dur SET synchronous_commit = on;
	CREATE EXTENSION schemaops;
	CREATE TABLE dur (id bigint PRIMARY KEY, writer int NOT NULL, n int NOT NULL, val int NOT NULL);
	SELECT schemaops.outbox_attach('dur');
EOF

# writer W, transactions FROM..TO; prints "C id" after each acknowledged COMMIT
writer_sql() {
	local w=$1 from=$2 to=$3 i id
	for ((i = from; i <= to; i++)); do
		id=$((w * 1000000 + i))
		if ((i % 10 == 0)); then
			echo "BEGIN; INSERT INTO dur VALUES ($((900000000 + id)), $w, $i, 0); ROLLBACK;"
		elif ((i % 7 == 0)); then
			echo "BEGIN; INSERT INTO dur VALUES ($id, $w, $i, 0); SAVEPOINT s;"
			echo "INSERT INTO dur VALUES ($((800000000 + id)), $w, $i, 0); ROLLBACK TO SAVEPOINT s;"
			echo "UPDATE dur SET val = 1 WHERE id = $id; COMMIT;"
			echo "\\echo C $id"
		else
			echo "BEGIN; INSERT INTO dur VALUES ($id, $w, $i, 0); UPDATE dur SET val = 1 WHERE id = $id; COMMIT;"
			echo "\\echo C $id"
		fi
	done
}

# the relay: claim a batch, log "D ids", ack it, log "A ids" (20 rounds per psql session: connections are
# slow on a loaded machine); stops after $WORK/stop once nothing is pending
relay_sql() {
	local i
	echo "\\set ON_ERROR_STOP on"
	for ((i = 0; i < 20; i++)); do
		cat <<-'EOS'
			SELECT coalesce(string_agg(id::text, ' ' ORDER BY id), '') AS ids FROM schemaops.outbox_claim('relay', 500, '2 seconds') \gset
			\echo D :ids
			SELECT schemaops.outbox_ack(pg_catalog.string_to_array(:'ids', ' ')::bigint[]) AS n \gset
			\echo A :ids
			SELECT pg_sleep(0.02) \gset
		EOS
	done
}
relay() {
	relay_sql >"$WORK/relay.sql"
	while :; do
		"${PSQL[@]}" -At -f "$WORK/relay.sql" 2>>"$WORK/relay.err" | grep -v '^[DA] *$' >>"$WORK/relay.log"
		if [ -e "$WORK/stop" ]; then
			pending=$("${PSQL[@]}" -At -c "SELECT count(*) FROM schemaops.outbox_events WHERE acked_at IS NULL" 2>/dev/null)
			[ "$pending" = 0 ] && return 0
		fi
		sleep 0.1
	done
}

t0=$(date +%s)
for w in 1 2 3 4; do
	writer_sql "$w" 1 "$N1" >"$WORK/w$w.sql"
	"${PSQL[@]}" -f "$WORK/w$w.sql" >"$WORK/w$w.log" 2>"$WORK/w$w.err" &
	pids+=($!)
done
relay &
relay_pid=$!
pids+=("$relay_pid")

# kill once about a third of the planned rows are in: mid-load whatever the machine's speed
target=$((4 * N1 * 9 / 10 / 3))
for _ in $(seq 600); do
	rows_now=$("${PSQL[@]}" -At -c "SELECT count(*) FROM dur" 2>/dev/null || echo 0)
	[ "${rows_now:-0}" -ge "$target" ] && break
	sleep 0.1
done
pm=$(head -n1 "$(bash "$ROOT/scripts/pg_instance.sh" env "$DIR" | sed -n 's/^export PGHOST=//p')/data/postmaster.pid")
children=$(ps -o pid= --ppid "$pm" | tr '\n' ' ')
# shellcheck disable=SC2086
kill -9 "$pm" $children
for w in 1 2 3 4; do wait "${pids[$((w - 1))]}"; done
committed_before=$(cat "$WORK"/w[1-4].log | grep -c '^C ')
unfinished=0
for w in 1 2 3 4; do grep -q "^C $((w * 1000000 + N1 - 1))\$" "$WORK/w$w.log" || unfinished=$((unfinished + 1)); done
ok "$([ "$unfinished" -gt 0 ] && [ "$committed_before" -gt 0 ] && echo 0 || echo 1)" \
	"kill -9 came mid-load ($committed_before commits acknowledged, $unfinished of 4 writers cut off)"

echo "# killed at $(($(date +%s) - t0)) s"
SO_PG_BIN=$PGBIN bash "$ROOT/scripts/pg_instance.sh" restart "$DIR" >"$WORK/restart.log" 2>&1
rc=$?
inst=$(bash "$ROOT/scripts/pg_instance.sh" env "$DIR" | sed -n 's/^export PGHOST=//p')
recovered=1
grep -q "not properly shut down" "$inst/postgres.log" && recovered=0
ok "$([ $rc = 0 ] && [ $recovered = 0 ] && echo 0 || echo 1)" "restarted without wiping, crash recovery ran"

# second round after recovery
pids=("$relay_pid")
for w in 1 2 3 4; do
	writer_sql "$w" $((N1 + 1)) $((N1 + N2)) >"$WORK/w$w.b.sql"
	"${PSQL[@]}" -f "$WORK/w$w.b.sql" >"$WORK/w$w.b.log" 2>"$WORK/w$w.b.err" &
	pids+=($!)
done
werr=0
for w in 1 2 3 4; do wait "${pids[$w]}" || werr=1; done
ok $werr "second round of writers after recovery completed"
echo "# restarted + second round done at $(($(date +%s) - t0)) s"
touch "$WORK/stop"
# the relay drains: leases of events claimed before the crash expire after 2 s
for _ in $(seq 300); do kill -0 "$relay_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$relay_pid" 2>/dev/null; then
	kill "$relay_pid"
	relay_done=1
else
	relay_done=0
fi
ok $relay_done "relay drained the outbox"

echo "# drained at $(($(date +%s) - t0)) s"
q() { "${PSQL[@]}" -At -c "$1"; }
rows=$(q "SELECT count(*) FROM dur")
events=$(q "SELECT count(*) FROM schemaops.outbox_events")
bad_rows=$(q "SELECT count(*) FROM dur d LEFT JOIN (SELECT aggregateid,
		count(*) FILTER (WHERE type = 'dur.created') AS c, count(*) FILTER (WHERE type = 'dur.updated') AS u
		FROM schemaops.outbox_events GROUP BY aggregateid) e ON e.aggregateid = d.id::text
	WHERE e.aggregateid IS NULL OR e.c <> 1 OR e.u <> 1")
ok "$([ "$events" = $((2 * rows)) ] && [ "$bad_rows" = 0 ] && echo 0 || echo 1)" \
	"events == committed row changes ($rows rows, $events events, $bad_rows rows without exactly one created + one updated)"
orphans=$(q "SELECT count(*) FROM schemaops.outbox_events e WHERE NOT EXISTS (SELECT 1 FROM dur d WHERE d.id::text = e.aggregateid)")
aborted=$(q "SELECT count(*) FROM schemaops.outbox_events WHERE aggregateid::bigint >= 800000000")
ok "$([ "$orphans" = 0 ] && [ "$aborted" = 0 ] && echo 0 || echo 1)" \
	"no event for an aborted transaction or rolled-back savepoint ($orphans orphans, $aborted in the aborted id ranges)"

cat "$WORK"/w[1-4].log "$WORK"/w[1-4].b.log | sed -n 's/^C //p' | sort -u >"$WORK/acked_commits"
q "SELECT id FROM dur" | sort -u >"$WORK/rows"
lost=$(comm -23 "$WORK/acked_commits" "$WORK/rows" | wc -l)
ok "$([ "$lost" = 0 ] && echo 0 || echo 1)" \
	"every acknowledged commit survived ($(wc -l <"$WORK/acked_commits") acknowledged, $lost lost)"

unacked=$(q "SELECT count(*) FROM schemaops.outbox_events WHERE acked_at IS NULL")
ok "$([ "$unacked" = 0 ] && echo 0 || echo 1)" "every event acknowledged ($unacked not)"

q "SELECT id FROM schemaops.outbox_events" | sort -u >"$WORK/event_ids"
sed -n 's/^D //p' "$WORK/relay.log" | tr ' ' '\n' | sort -u >"$WORK/delivered"
skipped=$(comm -23 "$WORK/event_ids" "$WORK/delivered" | wc -l)
ok "$([ "$skipped" = 0 ] && echo 0 || echo 1)" "nothing skipped: every event delivered ($skipped never delivered)"

# a delivery after the ack of the same event committed would be a duplicate after ack
dup_after_ack=$(awk '$1 == "A" { for (i = 2; i <= NF; i++) acked[$i] = 1 }
	$1 == "D" { for (i = 2; i <= NF; i++) if ($i in acked) n++ } END { print n + 0 }' "$WORK/relay.log")
redelivered=$(awk '$1 == "D" { for (i = 2; i <= NF; i++) if (seen[$i]++) n++ } END { print n + 0 }' "$WORK/relay.log")
ok "$([ "$dup_after_ack" = 0 ] && echo 0 || echo 1)" \
	"no delivery after ack ($dup_after_ack; $redelivered redeliveries of unacked events, at-least-once)"

out_of_order=$(awk '$1 == "D" { for (i = 2; i <= NF; i++) if (!($i in seen)) { seen[$i] = 1;
	if ($i + 0 <= last) n++; last = $i + 0 } } END { print n + 0 }' "$WORK/relay.log")
ok "$([ "$out_of_order" = 0 ] && echo 0 || echo 1)" \
	"first deliveries in increasing id order ($out_of_order out of order)"

echo "# $(($(date +%s) - t0)) s; relay: $(grep -c '^D' "$WORK/relay.log") claims, $(grep -c '^A' "$WORK/relay.log") acks"
if [ -s "$WORK/relay.err" ]; then
	echo "relay errors (expected around the crash), last 3:" | diag
	tail -n 3 "$WORK/relay.err" | diag
fi
