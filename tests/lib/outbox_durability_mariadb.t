#!/usr/bin/env bash
# tests/lib/outbox_durability_mariadb.t: the MariaDB outbox survives kill -9 (docs/outbox.md, MariaDB).
#
# Its OWN throwaway MariaDB (scripts/mariadb_instance.sh in build/outbox-durability-mariadb, socket only,
# innodb_flush_log_at_trx_commit=1 so that a commit the client saw is on disk) with the schemaops plugin and
# SQL layer. 4 writer sessions run transactions on their own rows and on one shared hot row, while a relay
# claims (batch 50, lease 3 s), "publishes" (appends the ids to a file) and acks. Some transactions roll back,
# some roll back to a savepoint, some sleep 0.1 s before committing. Every change sets v = v + 1 (an insert sets v = 1), so a row's final v is the
# number of committed changes of that row: the ground truth the events are checked against. Mid-load the
# server is killed with SIGKILL, restarted on the same data (InnoDB crash recovery), and the relay drains.
# Checks:
#   1. events == committed row changes: per row exactly v events, whose payload v values are exactly 1..v
#   2. no event of an aborted transaction (rolled back, rolled back to a savepoint, or in flight at the kill)
#   3. nothing skipped: every event was delivered to the relay at least once and is acked; none dead. The
#      relay's sweep is off (outbox_state.sweep_seconds NULL): every claim reads from the low-water mark only,
#      so a mark that passed an event whose transaction was still running fails this check; and the mark must
#      have reached the end of the outbox
#   4. no duplicate after ack: no event delivered again after the relay saw its ack succeed
# The load and the kill are real; the numbers of the run are printed as diagnostics. Takes about 30 s.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$ROOT/build/outbox-durability-mariadb
WRITERS=4
TX_PER_WRITER=${SO_OUTBOX_DUR_TX:-1500}

echo "1..7"
diag() { sed 's/^/# /'; }
bail() { # fails every remaining test from $1 with reason $2
	local k
	for ((k = $1; k <= 7; k++)); do echo "not ok $k - skipped: $2"; done
	echo "$2" | diag
	[ -f "$DIR/instance/error.log" ] && tail -n 30 "$DIR/instance/error.log" | diag
	[ -f "$DIR/error.log" ] && tail -n 30 "$DIR/error.log" | diag
	exit 1
}
[ -f "$ROOT/mariadb_plugin/schemaops.so" ] || bail 1 "mariadb_plugin/schemaops.so not built"

export SO_MARIADB_PORT=0
export SO_MARIADB_PLUGIN_DIR=$ROOT/build/outbox-durability-mariadb-plugin
export SO_MARIADB_EXTRA_ARGS="--innodb-flush-log-at-trx-commit=1 --max-connections=50"
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	bash "$ROOT/scripts/mariadb_instance.sh" stop "$DIR" >/dev/null 2>&1
}
trap cleanup EXIT

mkdir -p "$SO_MARIADB_PLUGIN_DIR"
rm -f "$SO_MARIADB_PLUGIN_DIR/schemaops.so"
cp "$ROOT/mariadb_plugin/schemaops.so" "$SO_MARIADB_PLUGIN_DIR/"
bash "$ROOT/scripts/mariadb_instance.sh" start "$DIR" >/dev/null || bail 1 "cannot start MariaDB"
eval "$(bash "$ROOT/scripts/mariadb_instance.sh" env "$DIR")"
SOCK=$SO_MARIADB_SOCKET
my() { mariadb --no-defaults --socket="$SOCK" -uroot "$@"; }

echo "server up at ${SECONDS}s" | diag
my -e "INSTALL SONAME 'schemaops'" && my <"$ROOT/mariadb_plugin/schemaops.sql" || bail 1 "cannot install schemaops"
my -e "CREATE DATABASE dur; CREATE TABLE dur.items (id INT PRIMARY KEY, writer INT NOT NULL, v INT NOT NULL,
	note VARCHAR(40)) ENGINE=InnoDB; INSERT INTO dur.items VALUES (0, 0, 0, 'hot row, inserted before capture');
	CALL schemaops.outbox_attach('dur', 'items', NULL);
	UPDATE schemaops.outbox_state SET sweep_seconds = NULL;" || bail 1 "cannot attach the outbox"

# One writer: transactions on its own rows w*100000+k, and on the hot row 0 (serialized by its row lock, so the
# writers' outbox inserts interleave and commit out of id order). Every 5th transaction rolls back; every 4th
# rolls back to a savepoint. Runs until done or the server goes away.
writer() {
	local w=$1 k base=$(($1 * 100000))
	for ((k = 1; k <= TX_PER_WRITER; k++)); do
		echo "START TRANSACTION;"
		echo "INSERT INTO dur.items VALUES ($((base + k)), $w, 1, 'w$w tx$k');"
		if ((k > 1)); then
			echo "UPDATE dur.items SET v = v + 1 WHERE id = $((base + k / 2));"
		fi
		echo "UPDATE dur.items SET v = v + 1 WHERE id = 0;"
		if ((k % 4 == 0)); then
			echo "SAVEPOINT s; UPDATE dur.items SET v = v + 1000000 WHERE id = $((base + k)); ROLLBACK TO SAVEPOINT s;"
		fi
		# now and then a slow commit: its events stay uncommitted while the others' higher ids commit and the
		# relay catches up with them (the moment a low-water mark could wrongly pass them)
		if ((k % 10 == 3)); then echo "DO SLEEP(0.1);"; fi
		if ((k % 5 == 0)); then echo "ROLLBACK;"; else echo "COMMIT;"; fi
	done | my -N >/dev/null 2>"$DIR/writer$w.err"
	echo "$?" >"$DIR/writer$w.rc"
}

# The relay (Perl DBI, one session, reconnecting while the server is away): claim, append the ids to
# delivered.log ("D id"), ack, append "A id" once the ack returned. Stops when told to and nothing is pending.
relay() {
	# exec: $RELAY is then the perl process itself, so that killing it cannot leave an orphan holding stdout
	exec perl - "$SOCK" "$DIR/delivered.log" "$DIR/relay.stop" <<'PERL'
use strict;
use warnings;
use DBI;
my ($sock, $log, $stop) = @ARGV;
open(my $fh, '>>', $log) or die "$log: $!";
$fh->autoflush(1);
my $dbh;
my $nap = sub { select(undef, undef, undef, $_[0]) };
while (1) {
	$dbh ||= eval { DBI->connect("DBI:MariaDB:mariadb_socket=$sock", 'root', '',
		{ RaiseError => 1, PrintError => 0, AutoCommit => 1 }) };
	if (!$dbh) { $nap->(0.1); next; }
	my $ids = eval {
		my $sth = $dbh->prepare("CALL schemaops.outbox_claim('relay', 50, 3)");
		$sth->execute;
		my @ids = map { $_->[0] } @{ $sth->fetchall_arrayref };
		1 while $sth->more_results;
		\@ids;
	};
	if (!$ids) { $dbh = undef; $nap->(0.1); next; }
	if (!@$ids) {
		if (-e $stop) {
			my ($n) = eval { $dbh->selectrow_array(
				"SELECT COUNT(*) FROM schemaops.outbox_events WHERE acked_at IS NULL AND dead_at IS NULL") };
			exit 0 if defined $n && $n == 0;
		}
		$nap->(0.05);
		next;
	}
	print $fh "D $_\n" for @$ids;
	$nap->(0.05);    # "publishing": a claimed, unacked batch is in flight most of the time
	my ($acked) = eval { $dbh->selectrow_array("SELECT schemaops.outbox_ack(?)", undef, '[' . join(',', @$ids) . ']') };
	if (!defined $acked) { $dbh = undef; next; }
	print $fh "A $_\n" for @$ids;
}
PERL
}

rm -f "$DIR"/delivered.log "$DIR"/relay.stop "$DIR"/writer*.rc
touch "$DIR/delivered.log"
relay &
PIDS+=($!)
RELAY=$!
for ((w = 1; w <= WRITERS; w++)); do
	writer "$w" &
	PIDS+=($!)
done

# kill once about a third of the committed rows exist (the machine's speed varies; a time would not do)
target=$((WRITERS * TX_PER_WRITER * 4 / 5 / 3))
for ((i = 0; i < 600; i++)); do
	n=$(my -N -B -e "SELECT COUNT(*) FROM dur.items" 2>/dev/null || echo 0)
	[ "$n" -ge "$target" ] && break
	sleep 0.1
done
# ... and while the relay holds a claimed batch it has not acked yet (its last log line is a D line), so that
# the lease expiry and redelivery after the restart are exercised too
for ((i = 0; i < 100; i++)); do
	[[ $(tail -n 1 "$DIR/delivered.log") == D* ]] && break
	sleep 0.01
done
MPID=$(cat "$(dirname "$SOCK")/mysqld.pid")
before=$(my -N -B -e "SELECT CONCAT(COUNT(*), ' events, ', SUM(acked_at IS NULL), ' unacked')
	FROM schemaops.outbox_events" 2>/dev/null)
kill -9 "$MPID"
sleep 0.5
for ((w = 1; w <= WRITERS; w++)); do
	while [ ! -f "$DIR/writer$w.rc" ]; do sleep 0.1; done
done
# a writer the kill interrupted exits with the client's error status (2013, lost connection)
cut_writers=$(grep -L '^0$' "$DIR"/writer*.rc | wc -l)
if [ "$cut_writers" -gt 0 ]; then
	echo "ok 1 - the server was killed mid-load ($cut_writers of $WRITERS writers cut off; just before: ${before:-?})"
else
	echo "not ok 1 - the server was killed mid-load: every writer had already finished (raise SO_OUTBOX_DUR_TX)"
fi
echo "killed at ${SECONDS}s" | diag

bash "$ROOT/scripts/mariadb_instance.sh" resume "$DIR" >/dev/null || bail 2 "the server does not restart on its data after kill -9"
echo "restarted at ${SECONDS}s" | diag
echo "ok 2 - restarted on the same data after kill -9 (InnoDB crash recovery)"

# drain: the relay goes on; leases of claims that were in flight expire after 3 s
touch "$DIR/relay.stop"
for ((i = 0; i < 300; i++)); do
	[ -d "/proc/$RELAY" ] || break
	sleep 0.1
done
if [ -d "/proc/$RELAY" ]; then
	kill "$RELAY"
	echo "# the relay did not drain within 30 s"
fi

echo "drained at ${SECONDS}s" | diag

# ground truth per row (v = committed changes) against the events
q() { my -N -B -e "$1"; }
stats=$(q "SELECT COUNT(*), SUM(v) FROM dur.items WHERE id > 0")
events=$(q "SELECT COUNT(*) FROM schemaops.outbox_events")
echo "rows (besides the hot row): ${stats%%$'\t'*}, committed row changes: ${stats##*$'\t'} + hot row $(q 'SELECT v FROM dur.items WHERE id = 0'); events: $events" | diag

bad=$(q "SELECT COUNT(*) FROM dur.items i LEFT JOIN (
	SELECT CAST(aggregateid AS SIGNED) AS rid, COUNT(*) AS n, COUNT(DISTINCT JSON_VALUE(payload, '\$.v')) AS nd,
		MIN(CAST(JSON_VALUE(payload, '\$.v') AS SIGNED)) AS lo, MAX(CAST(JSON_VALUE(payload, '\$.v') AS SIGNED)) AS hi,
		SUM(type = 'items.created') AS created
	FROM schemaops.outbox_events GROUP BY aggregateid) e ON e.rid = i.id
	WHERE NOT (i.id = 0 AND i.v = 0 AND e.rid IS NULL)
		AND NOT (e.n <=> i.v AND e.nd <=> i.v AND e.hi <=> i.v
			AND ((i.id > 0 AND e.lo = 1 AND e.created = 1) OR (i.id = 0 AND e.lo = 1 AND e.created = 0)))")
if [ "$bad" = 0 ] && [ "$events" -gt 0 ]; then
	echo "ok 3 - events == committed row changes (per row: v events with payload v = 1..v)"
else
	echo "not ok 3 - events == committed row changes: $bad rows disagree"
	q "SELECT id, v FROM dur.items ORDER BY id LIMIT 5" | diag
fi

orphans=$(q "SELECT COUNT(*) FROM schemaops.outbox_events e LEFT JOIN dur.items i ON i.id = CAST(e.aggregateid AS SIGNED)
	WHERE i.id IS NULL OR CAST(JSON_VALUE(e.payload, '\$.v') AS SIGNED) > i.v")
aborted=$(q "SELECT COUNT(*) FROM dur.items WHERE id > 0 AND id % 100000 % 5 = 0")
if [ "$orphans" = 0 ] && [ "$aborted" = 0 ]; then
	echo "ok 4 - no event of an aborted transaction (rolled back, savepoint, in flight at the kill)"
else
	echo "not ok 4 - $orphans events of aborted changes; $aborted rows of rolled-back transactions"
fi

pending=$(q "SELECT COUNT(*) FROM schemaops.outbox_events WHERE acked_at IS NULL OR dead_at IS NOT NULL")
undelivered=$(q "SELECT id FROM schemaops.outbox_events" | sort -n >"$DIR/all.ids"
	grep '^D ' "$DIR/delivered.log" | cut -d' ' -f2 | sort -n -u >"$DIR/delivered.ids"
	comm -23 "$DIR/all.ids" "$DIR/delivered.ids" | wc -l)
phantom=$(comm -13 "$DIR/all.ids" "$DIR/delivered.ids" | wc -l)
mark=$(q "SELECT s.low_water = (SELECT MAX(id) + 1 FROM schemaops.outbox_events) FROM schemaops.outbox_state s")
if [ "$pending" = 0 ] && [ "$undelivered" = 0 ] && [ "$phantom" = 0 ] && [ "$mark" = 1 ]; then
	echo "ok 5 - nothing skipped: all $(wc -l <"$DIR/all.ids") events delivered and acked (claims from the low-water mark, no sweep), none dead, none unknown"
else
	echo "not ok 5 - nothing skipped: $pending not acked or dead, $undelivered never delivered, $phantom delivered but unknown; low-water mark at the end: $(q "SELECT low_water FROM schemaops.outbox_state") (want max id + 1)"
fi

# an event delivered again after its ack returned (A line before a later D line) is a duplicate after ack
dup_after_ack=$(awk '$1 == "A" { acked[$2] = 1 } $1 == "D" && ($2 in acked) { n++ } END { print n + 0 }' "$DIR/delivered.log")
redelivered=$(grep '^D ' "$DIR/delivered.log" | cut -d' ' -f2 | sort | uniq -d | wc -l)
if [ "$dup_after_ack" = 0 ]; then
	echo "ok 6 - no duplicate after ack ($redelivered events delivered twice, all before an ack had returned: at-least-once)"
else
	echo "not ok 6 - $dup_after_ack deliveries of events whose ack had returned"
fi

# InnoDB's own view after recovery: the outbox and the table are consistent and the server is healthy
chk=$(q "CHECK TABLE schemaops.outbox_events, dur.items" | awk '$3 == "status" && $4 != "OK"' | wc -l)
if [ "$chk" = 0 ]; then
	echo "ok 7 - CHECK TABLE after recovery: OK"
else
	echo "not ok 7 - CHECK TABLE after recovery reports problems"
fi
