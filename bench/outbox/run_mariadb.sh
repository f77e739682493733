#!/usr/bin/env bash
# bench/outbox/run_mariadb.sh: what the MariaDB outbox capture costs the writers.
#
# A throwaway MariaDB 10.11 (scripts/mariadb_instance.sh in build/bench/outbox-mariadb, socket only,
# innodb_flush_log_at_trx_commit=0: commits not flushed, the counterpart of synchronous_commit=off) with the
# schemaops plugin and SQL layer. Table bench.orders (7 columns, BIGINT AUTO_INCREMENT key) and, side by side
# in one run:
#   none        no trigger
#   schemaops   the generated triggers, default options (payload = the new row)
#   old_new     the generated triggers with {"update_payload": "old_new", "exclude": ["note"]}
#   hand        a hand-written AFTER INSERT trigger doing the same INSERT with JSON_OBJECT (the floor: what
#               any trigger-based capture on MariaDB costs)
# Workloads: 1-row transactions (INSERT one row, COMMIT) and 100-row transactions (one INSERT of 100 rows,
# COMMIT), each with BENCH_CLIENTS (2) concurrent Perl DBI clients for BENCH_SECONDS (3) per round, best of
# BENCH_ROUNDS (5) rounds, in transactions per second; then one 100,000-row INSERT ... SELECT, best of
# BENCH_ROUNDS, in seconds. Ratios are against "none" (throughput: higher is better; time: lower is better).
# Table and outbox are emptied before every round; the captures are interleaved within each round.
# Then the relay side (see relay_case below): claim (batch 100) + ack in one session, with an empty outbox,
# after 1,000,000 events were written and acknowledged by UPDATE while an open snapshot blocks InnoDB's purge,
# and once purge has caught up; with the low-water mark (default) and with the mark held at id 1 (every claim
# reads from the start of the pending range, as before the mark).
# BENCH_PART=capture|relay runs one half only; BENCH_RELAY_ROUNDS (3) drains per state.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$ROOT/build/bench/outbox-mariadb
ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_ROUND=${BENCH_SECONDS:-3}
CLIENTS=${BENCH_CLIENTS:-2}
BULK_ROWS=${BENCH_BULK_ROWS:-100000}
PART=${BENCH_PART:-all} # all | capture | relay
RELAY_ROUNDS=${BENCH_RELAY_ROUNDS:-3}
BLOCKED_EVENTS=${BENCH_BLOCKED_EVENTS:-2000} # events drained while purge is blocked (claims from the start are slow then)

make -C "$ROOT" -s all # the plugin and its install script must match
export SO_MARIADB_PORT=0
export SO_MARIADB_PLUGIN_DIR=$ROOT/build/bench/outbox-mariadb-plugin
export SO_MARIADB_EXTRA_ARGS="--innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=512M"
mkdir -p "$SO_MARIADB_PLUGIN_DIR"
rm -f "$SO_MARIADB_PLUGIN_DIR/schemaops.so"
cp "$ROOT/mariadb_plugin/schemaops.so" "$SO_MARIADB_PLUGIN_DIR/"
trap 'bash "$ROOT/scripts/mariadb_instance.sh" stop "$DIR" >/dev/null 2>&1' EXIT
bash "$ROOT/scripts/mariadb_instance.sh" start "$DIR" >/dev/null
eval "$(bash "$ROOT/scripts/mariadb_instance.sh" env "$DIR")"
SOCK=$SO_MARIADB_SOCKET
my() { mariadb --no-defaults --socket="$SOCK" -uroot "$@"; }
my -e "INSTALL SONAME 'schemaops'"
my <"$ROOT/mariadb_plugin/schemaops.sql"
my -e "CREATE DATABASE bench"

setup() { # $1 = config: (re)creates bench.orders with that capture
	my bench -e "DROP TABLE IF EXISTS orders;
		CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,
			status VARCHAR(16) NOT NULL, amount DECIMAL(10,2) NOT NULL, note VARCHAR(64),
			created_at DATETIME NOT NULL, updated_at DATETIME) ENGINE=InnoDB;
"
	reset_outbox
	case $1 in
	none) ;;
	schemaops) my -e "CALL schemaops.outbox_attach('bench', 'orders', NULL)" ;;
	old_new) my -e "CALL schemaops.outbox_attach('bench', 'orders', '{\"update_payload\": \"old_new\", \"exclude\": [\"note\"]}')" ;;
	hand) my bench -e "CREATE TRIGGER orders_hand AFTER INSERT ON orders FOR EACH ROW
		INSERT INTO schemaops.outbox_events (aggregatetype, aggregateid, type, payload)
		VALUES ('orders', NEW.id, 'orders.created', JSON_OBJECT('id', NEW.id, 'customer_id', NEW.customer_id,
			'status', NEW.status, 'amount', NEW.amount, 'note', NEW.note, 'created_at', NEW.created_at,
			'updated_at', NEW.updated_at))" ;;
	esac
}
# TRUNCATE restarts the ids at 1: the relay's low-water mark goes back to 0 with it (docs/outbox.md)
reset_outbox() { my -e "TRUNCATE TABLE schemaops.outbox_events; UPDATE schemaops.outbox_state SET low_water = 0, swept_at = NULL, sweep_seconds = ${1:-60}"; }
empty() { my bench -e "TRUNCATE TABLE orders"; reset_outbox; }

# tx/s of $1-row transactions: CLIENTS forked DBI clients for SECONDS_PER_ROUND
tps() {
	perl - "$SOCK" "$1" "$SECONDS_PER_ROUND" "$CLIENTS" <<'PERL'
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);
my ($sock, $rows, $secs, $clients) = @ARGV;
my $sql = 'INSERT INTO bench.orders (customer_id, status, amount, note, created_at) VALUES '
	. join(', ', ('(?, \'new\', ?, \'bench row\', NOW())') x $rows);
my @pipes;
for my $c (1 .. $clients) {
	pipe(my $r, my $w) or die;
	my $pid = fork() // die;
	if ($pid == 0) {
		close $r;
		my $dbh = DBI->connect("DBI:MariaDB:mariadb_socket=$sock", 'root', '',
			{ RaiseError => 1, AutoCommit => 0 });
		my $sth = $dbh->prepare($sql);
		my @args = map { ($_, $_ * 1.25) } 1 .. $rows;
		my $n = 0;
		my $end = time() + $secs;
		while (time() < $end) {
			$sth->execute(@args);
			$dbh->commit;
			$n++;
		}
		print $w "$n\n";
		exit 0;
	}
	close $w;
	push @pipes, $r;
}
my $total = 0;
for my $r (@pipes) { my $n = <$r>; $total += $n; }
1 while wait() > 0;
printf "%.1f\n", $total / $secs;
PERL
}

bulk() { # seconds of one BULK_ROWS-row INSERT ... SELECT
	perl - "$SOCK" "$BULK_ROWS" <<'PERL'
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);
my ($sock, $rows) = @ARGV;
my $dbh = DBI->connect("DBI:MariaDB:mariadb_socket=$sock;database=bench", 'root', '', { RaiseError => 1 });
my $t = time();
$dbh->do("INSERT INTO orders (customer_id, status, amount, note, created_at)
	SELECT seq, 'new', seq * 1.25, 'bench row', NOW() FROM seq_1_to_$rows");
printf "%.3f\n", time() - $t;
PERL
}

# one relay drain: CALL outbox_claim(batch 100) + outbox_ack until nothing is pending (one session); prints
# "events/s mean-claim-ms median-claim-ms mean-ack-ms slowest-claim-ms"
relay_rate() {
	perl - "$SOCK" <<'PERL'
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);
my ($sock) = @ARGV;
my $dbh = DBI->connect("DBI:MariaDB:mariadb_socket=$sock", 'root', '', { RaiseError => 1, AutoCommit => 1 });
my $claim = $dbh->prepare("CALL schemaops.outbox_claim('bench', 100, 30)");
my ($n, $k, $tc, $ta, $worst) = (0, 0, 0, 0, 0);
my @c;
my $t = time();
while (1) {
	my $t0 = time();
	$claim->execute;
	my @ids = map { $_->[0] } @{ $claim->fetchall_arrayref };
	1 while $claim->more_results;
	my $t1 = time();
	last unless @ids;
	$dbh->selectrow_array("SELECT schemaops.outbox_ack(?)", undef, '[' . join(',', @ids) . ']');
	$tc += $t1 - $t0;
	push @c, $t1 - $t0;
	$worst = $t1 - $t0 if $t1 - $t0 > $worst;
	$ta += time() - $t1;
	$n += @ids;
	$k++;
}
@c = sort { $a <=> $b } @c;
printf "%.0f %.2f %.2f %.2f %.0f\n", $n / (time() - $t), 1000 * $tc / $k, 1000 * $c[int($k / 2)], 1000 * $ta / $k,
	1000 * $worst;
PERL
}
pending() { # $1 events, pending
	my bench -e "INSERT INTO schemaops.outbox_events (aggregatetype, aggregateid, type, payload)
		SELECT 'orders', seq, 'orders.created', JSON_OBJECT('id', seq, 'status', 'new') FROM seq_1_to_$1"
}

best_max() { sort -g | tail -n 1; }
best_min() { sort -g | head -n 1; }

CONFIGS=(none schemaops old_new hand)
declare -A T1 T100 TB R1 R100 RB
[ "$PART" = relay ] && CONFIGS=()
# the captures are interleaved within each round (a warm-up or drift then touches every capture alike; with
# each capture's rounds back to back the first ones measured ran slower)
for ((i = 0; i < ROUNDS; i++)); do
	for cfg in "${CONFIGS[@]}"; do
		setup "$cfg"
		empty
		R1[$cfg]+="$(tps 1) "
		empty
		R100[$cfg]+="$(tps 100) "
		empty
		RB[$cfg]+="$(bulk) "
		# the capture really captured: one event per row of this bulk round
		ev=$(my -N -B -e "SELECT COUNT(*) FROM schemaops.outbox_events")
		if [ "$cfg" != none ] && [ "$ev" != "$BULK_ROWS" ]; then
			echo "bench: $cfg wrote $ev events for $BULK_ROWS rows" >&2
			exit 1
		fi
	done
done
for cfg in "${CONFIGS[@]}"; do
	T1[$cfg]=$(printf '%s\n' ${R1[$cfg]} | best_max)
	T100[$cfg]=$(printf '%s\n' ${R100[$cfg]} | best_max)
	TB[$cfg]=$(printf '%s\n' ${RB[$cfg]} | best_min)
	echo "# $cfg: (1-row ${R1[$cfg]}| 100-row ${R100[$cfg]}| bulk ${RB[$cfg]}s)" >&2
done

# relay, $1 = mark: claims read from the low-water mark (the default); pinned: one event at id 1 waits for a
# retry a year away, which holds the mark at 1, so every claim reads the pending range from its start (the
# scheme before the mark, and what a long retry delay costs). Rounds: best of RELAY_ROUNDS drains of 20,000
# events with an empty outbox; one drain of BLOCKED_EVENTS (2,000) events after 1,000,000 events were written
# and acknowledged by UPDATE while an open snapshot keeps purge from removing their old index entries (the
# unfavourable moment, held still); best of RELAY_ROUNDS once purge is done (history list length below 10).
# Prints one line per state: events/s mean-claim-ms median-claim-ms ack-ms worst-ms.
history_len() { my -N -B -e "SHOW ENGINE INNODB STATUS" | sed -n 's/.*History list length \([0-9]*\).*/\1/p'; }
relay_best() {
	local i r best=
	for ((i = 0; i < RELAY_ROUNDS; i++)); do
		pending 20000
		r=$(relay_rate)
		if [ -z "$best" ] || [ "${r%% *}" -gt "${best%% *}" ]; then best=$r; fi
	done
	echo "$best"
}
relay_case() {
	local i hist
	reset_outbox 60
	if [ "$1" = pinned ]; then
		my -e "INSERT INTO schemaops.outbox_events (aggregatetype, aggregateid, type, payload, lease_until)
			VALUES ('orders', 0, 'orders.created', '{}', NOW(6) + INTERVAL 1 YEAR)"
	fi
	relay_best
	for ((i = 0; i < 10; i++)); do pending 100000; done
	# a reader's open snapshot, taken before the acks and held through the next drain, keeps InnoDB's purge from
	# removing the acknowledged events' old index entries (what a long-running report query does to a server)
	my -e "START TRANSACTION WITH CONSISTENT SNAPSHOT; SELECT COUNT(*) FROM schemaops.outbox_state;
		DO SLEEP(3600)" >/dev/null 2>&1 &
	sleep 1
	for ((i = 0; i < 10; i++)); do
		my -e "UPDATE schemaops.outbox_events SET acked_at = NOW(6) WHERE acked_at IS NULL AND lease_until IS NULL
			ORDER BY id LIMIT 100000"
	done
	pending "$BLOCKED_EVENTS"
	echo "# relay $1: history list length $(history_len) before the drain with purge blocked" >&2
	relay_rate
	my -e "KILL $(my -N -B -e "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'DO SLEEP(3600)%'")"
	wait
	for ((i = 0; i < 300; i++)); do
		hist=$(history_len)
		[ "$hist" -lt 10 ] && break
		sleep 1
	done
	echo "# relay $1: purge history list length $hist after ${i}s more; low-water mark $(my -N -B -e "SELECT low_water FROM schemaops.outbox_state")" >&2
	relay_best
}

if [ "$PART" != capture ]; then
	mapfile -t RM < <(relay_case mark)
	mapfile -t RP < <(relay_case pinned)
	ACKED=$(my -N -B -e "SELECT COUNT(*) FROM schemaops.outbox_events WHERE acked_at IS NOT NULL")
fi

echo "MariaDB $(my -N -B -e 'SELECT VERSION()'), $CLIENTS clients, innodb_flush_log_at_trx_commit=0, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
ratio() { awk -v a="$1" -v b="$2" -v s="${3:-}" 'BEGIN { printf "%.2f%s", a / b, s }'; }
if [ "$PART" != relay ]; then
	echo "capture, best of $ROUNDS rounds ($SECONDS_PER_ROUND s each)"
	printf '%-10s %14s %7s %14s %7s %16s %7s\n' capture "1-row tx/s" ratio "100-row tx/s" ratio "${BULK_ROWS}-row s" ratio
	for cfg in "${CONFIGS[@]}"; do
		printf '%-10s %14s %7s %14s %7s %16s %7s\n' "$cfg" \
			"${T1[$cfg]}" "$(ratio "${T1[$cfg]}" "${T1[none]}")" \
			"${T100[$cfg]}" "$(ratio "${T100[$cfg]}" "${T100[none]}")" \
			"${TB[$cfg]}" "$(ratio "${TB[$cfg]}" "${TB[none]}" x)"
	done
	echo
fi
if [ "$PART" != capture ]; then
	echo "relay (claim 100 + ack, one session): events/s draining 20,000 pending events (ratio to the empty outbox),"
	echo "mean claim / median claim / mean ack / slowest claim in ms; best of $RELAY_ROUNDS drains of 20,000, except $BLOCKED_EVENTS events once with purge blocked ($ACKED acked events)"
	printf '%-26s %-44s %-44s\n' outbox "low-water mark (default)" "mark held at id 1 (from the start)"
	cell() { # "rate claim median ack worst" and the empty rate
		set -- $1 "$2"
		printf '%s/s %s, %s / %s / %s / %s ms' "$1" "$(ratio "$1" "$6")" "$2" "$3" "$4" "$5"
	}
	labels=("empty" "1M acked, purge blocked" "1M acked, purged")
	for i in 0 1 2; do
		printf '%-26s %-44s %-44s\n' "${labels[$i]}" "$(cell "${RM[$i]}" "${RM[0]%% *}")" "$(cell "${RP[$i]}" "${RP[0]%% *}")"
	done
fi
