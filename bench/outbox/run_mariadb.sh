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
# Table and outbox are emptied before every round.
# Then the relay side: claim (batch 100) + ack rate in events/s over 20,000 pending events, with an empty outbox
# and again after 1,000,000 events were written pending and acknowledged by UPDATE (acked rows left in the
# table), measured right after the acks, while InnoDB's purge still has to remove the old index entries the
# claim's index range passes over (the unfavourable moment), and again once purge has caught up.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$ROOT/build/bench/outbox-mariadb
ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_ROUND=${BENCH_SECONDS:-3}
CLIENTS=${BENCH_CLIENTS:-2}
BULK_ROWS=${BENCH_BULK_ROWS:-100000}
PART=${BENCH_PART:-all} # all | capture | relay

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
reset_outbox() { my -e "TRUNCATE TABLE schemaops.outbox_events; UPDATE schemaops.outbox_state SET low_water = 0, swept_at = NULL, sweep_seconds = ${1:-10}"; }
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

# events/s of a relay: CALL outbox_claim(batch 100) + outbox_ack until nothing is pending (one session)
relay_rate() {
	perl - "$SOCK" <<'PERL'
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);
my ($sock) = @ARGV;
my $dbh = DBI->connect("DBI:MariaDB:mariadb_socket=$sock", 'root', '', { RaiseError => 1, AutoCommit => 1 });
my $claim = $dbh->prepare("CALL schemaops.outbox_claim('bench', 100, 30)");
my $n = 0;
my $t = time();
while (1) {
	$claim->execute;
	my @ids = map { $_->[0] } @{ $claim->fetchall_arrayref };
	1 while $claim->more_results;
	last unless @ids;
	$dbh->selectrow_array("SELECT schemaops.outbox_ack(?)", undef, '[' . join(',', @ids) . ']');
	$n += @ids;
}
printf "%.0f\n", $n / (time() - $t);
PERL
}
pending() { # $1 events, pending
	my bench -e "INSERT INTO schemaops.outbox_events (aggregatetype, aggregateid, type, payload)
		SELECT 'orders', seq, 'orders.created', JSON_OBJECT('id', seq, 'status', 'new') FROM seq_1_to_$1"
}

best_max() { sort -g | tail -n 1; }
best_min() { sort -g | head -n 1; }

CONFIGS=(none schemaops old_new hand)
declare -A T1 T100 TB
[ "$PART" = relay ] && CONFIGS=()
for cfg in "${CONFIGS[@]}"; do
	setup "$cfg"
	r1=() r100=() rb=()
	for ((i = 0; i < ROUNDS; i++)); do
		empty
		r1+=("$(tps 1)")
		empty
		r100+=("$(tps 100)")
		empty
		rb+=("$(bulk)")
	done
	T1[$cfg]=$(printf '%s\n' "${r1[@]}" | best_max)
	T100[$cfg]=$(printf '%s\n' "${r100[@]}" | best_max)
	TB[$cfg]=$(printf '%s\n' "${rb[@]}" | best_min)
	# the capture really captured: one event per row of the last bulk round
	ev=$(my -N -B -e "SELECT COUNT(*) FROM schemaops.outbox_events")
	echo "# $cfg: done (1-row ${r1[*]} | 100-row ${r100[*]} | bulk ${rb[*]} s; events after the last bulk: $ev)" >&2
	if [ "$cfg" != none ] && [ "$ev" != "$BULK_ROWS" ]; then
		echo "bench: $cfg wrote $ev events for $BULK_ROWS rows" >&2
		exit 1
	fi
done

# relay: $1 = sweep_seconds; 10 = the default (claims read from the low-water mark, one sweep from id 0 every
# 10 s); 0 = every claim reads from id 0 (the scheme before the mark). Prints "empty lagging purged acked".
relay_case() {
	local e lag purged acked hist i
	reset_outbox "$1"
	pending 20000
	e=$(relay_rate)
	reset_outbox "$1"
	for ((i = 0; i < 10; i++)); do pending 100000; done
	for ((i = 0; i < 10; i++)); do
		my -e "UPDATE schemaops.outbox_events SET acked_at = NOW(6) WHERE acked_at IS NULL ORDER BY id LIMIT 100000"
	done
	pending 20000
	acked=$(my -N -B -e "SELECT COUNT(*) FROM schemaops.outbox_events WHERE acked_at IS NOT NULL")
	lag=$(relay_rate)
	# the same once InnoDB's purge has removed the old index entries of the acknowledged rows (history list empty)
	pending 20000
	for ((i = 0; i < 300; i++)); do
		hist=$(my -N -B -e "SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'")
		[ "$hist" -lt 100 ] && break
		sleep 1
	done
	echo "# relay sweep_seconds=$1: purge history list length $hist after ${i}s; low-water mark $(my -N -B -e "SELECT low_water FROM schemaops.outbox_state")" >&2
	purged=$(relay_rate)
	echo "$e $lag $purged $acked"
}

if [ "$PART" != capture ]; then
	read -r R_E R_LAG R_PURGED R_ACKED <<<"$(relay_case 10)"
	read -r O_E O_LAG O_PURGED O_ACKED <<<"$(relay_case 0)"
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
	echo "relay (claim 100 + ack, one session), events/s over 20,000 pending events; ratio to the empty outbox"
	printf '%-36s %22s %7s %22s %7s\n' outbox "low-water mark events/s" ratio "from id 0 events/s" ratio
	printf '%-36s %22s %7s %22s %7s\n' "empty" "$R_E" 1.00 "$O_E" 1.00
	printf '%-36s %22s %7s %22s %7s\n' "after $R_ACKED acked, purge lagging" "$R_LAG" "$(ratio "$R_LAG" "$R_E")" "$O_LAG" "$(ratio "$O_LAG" "$O_E")"
	printf '%-36s %22s %7s %22s %7s\n' "after $R_ACKED acked, purged" "$R_PURGED" "$(ratio "$R_PURGED" "$R_E")" "$O_PURGED" "$(ratio "$O_PURGED" "$O_E")"
fi
