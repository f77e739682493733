#!/usr/bin/env bash
# bench/outbox/run.sh: outbox capture cost on PostgreSQL 15, peers side by side in one run, and the relay's
# claim rate before and after 1,000,000 acknowledged events (docs/outbox.md, "Benchmarks").
#
# Capture variants, each on its own copy of the same table (id bigserial PRIMARY KEY, customer text,
# amount numeric, status text, created timestamptz), each writing one event per row into a table shaped like
# schemaops.outbox_events (same columns and indexes):
#   none      no trigger
#   c         schemaops.outbox_attach (the C trigger: row events buffered, one insert per statement)
#   plrow     PL/pgSQL AFTER ROW trigger: INSERT ... VALUES (..., to_jsonb(NEW)) per row
#   plstmt    PL/pgSQL AFTER STATEMENT trigger with a transition table: INSERT ... SELECT ... FROM new_rows
#   pgq       PgQ's pgq.logutriga (Debian package postgresql-15-pgq3, installed here when missing)
# Workloads: pgbench, CLIENTS clients, DURATION s, transactions of 1 row and of 100 rows (one INSERT ...
# SELECT of 100 rows); and one 100,000-row INSERT ... SELECT timed with psql. Best of ROUNDS rounds, the
# variants interleaved within each round; throughput and time relative to `none`.
# Each workload is measured in two states of the event tables, one right after the other (docs/outbox.md,
# "Fresh and steady state"):
#   fresh     every table TRUNCATEd (new, empty files): every event page is a new page added to the file
#   steady    the event table holds the events of the fresh run just before (same variant and workload);
#             they are acknowledged (UPDATE acked_at, as outbox_ack does) and deleted (c: outbox_cleanup('0
#             seconds'); plrow / plstmt, whose tables have the same shape: the same UPDATE and a DELETE of the
#             acknowledged rows), then VACUUM (TRUNCATE false) returns their pages to the free space map, so
#             the timed run writes its events into reused pages. PgQ's steady state is a fresh table by design:
#             pgq.maint_rotate_tables_step1 TRUNCATEs the next event table before switching inserts to it, so
#             its event tables are TRUNCATEd here too. The captured table itself (bench.t_*, and t_none for the
#             baseline) is TRUNCATEd in both states: an application table keeps its rows and grows.
#   STEADY=0 measures only the fresh state. `none` is in the same state in both passes; both tables' ratios are
#   taken against its best run over both passes.
# The server: scripts/pg_instance.sh (fsync=off, synchronous_commit=off, full_page_writes=off) in
# build/bench/outbox on socket port SO_PG_PORT (default 54349), from a pg_root copy made after PgQ's install.
#
# The claim rate is measured with one claim(100) + ack per statement draining CLAIM_EVENTS events: on an empty
# outbox, after ACKED events acknowledged by one UPDATE (before and after VACUUM), after outbox_cleanup, and with
# one event waiting for a 1-hour retry below 100,000 acknowledged ones (it is parked, the mark moves on).
# Last, with valgrind installed: the instructions of one 20,000-row INSERT per variant (callgrind on a single-user
# backend: the same figure on a busy or an idle machine; SKIP_CALLGRIND=1 skips it).
# Environment: ROUNDS (5), DURATION (5), CLIENTS (2), STEADY (1), CLAIM_EVENTS (20000), ACKED (1000000), SKIP_CLAIM=1,
# SKIP_MARIADB=1 (otherwise bench/outbox/run_mariadb.sh runs afterwards, the MariaDB side).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=$ROOT/build/bench/outbox
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
CLIENTS=${CLIENTS:-2}
CLAIM_EVENTS=${CLAIM_EVENTS:-20000}
ACKED=${ACKED:-1000000}
STEADY=${STEADY:-1}
export SO_PG_PORT=${SO_PG_PORT:-54349}
VARIANTS=(none c plrow plstmt pgq)

if ! dpkg -s postgresql-15-pgq3 >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || { echo "bench/outbox: postgresql-15-pgq3 is missing and we are not root" >&2; exit 1; }
	echo "== installing postgresql-15-pgq3"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-pgq3 >/dev/null
fi

make -s -C "$ROOT" all >/dev/null
mkdir -p "$B"
eval "$(bash "$ROOT/scripts/pg_root.sh" "$B/pgroot")" # after the PgQ install: the copy contains pgq
PGBIN=$SO_PG_BIN
trap 'bash "$ROOT/scripts/pg_instance.sh" stop "$B/pg" >/dev/null 2>&1 || true' EXIT
SO_PG_BIN=$PGBIN bash "$ROOT/scripts/pg_instance.sh" start "$B/pg" >/dev/null
eval "$(bash "$ROOT/scripts/pg_instance.sh" env "$B/pg")"
export PGDATABASE=bench
PSQL=("$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench"

"${PSQL[@]}" >/dev/null <<-'EOF'
	CREATE EXTENSION schemaops;
	CREATE EXTENSION pgq;
	SELECT pgq.create_queue('bench_q');
	CREATE SCHEMA bench;
	CREATE TABLE bench.t_none (id bigserial PRIMARY KEY, customer text NOT NULL, amount numeric NOT NULL,
		status text NOT NULL, created timestamptz NOT NULL DEFAULT now());
	CREATE TABLE bench.t_c (LIKE bench.t_none INCLUDING ALL);
	CREATE TABLE bench.t_plrow (LIKE bench.t_none INCLUDING ALL);
	CREATE TABLE bench.t_plstmt (LIKE bench.t_none INCLUDING ALL);
	CREATE TABLE bench.t_pgq (LIKE bench.t_none INCLUDING ALL);
	-- LIKE ... INCLUDING ALL shares t_none's sequence default: give each its own
	DO $$
	DECLARE t text;
	BEGIN
		FOREACH t IN ARRAY ARRAY['t_c', 't_plrow', 't_plstmt', 't_pgq'] LOOP
			EXECUTE format('CREATE SEQUENCE bench.%1$s_id_seq OWNED BY bench.%1$s.id', t);
			EXECUTE format('ALTER TABLE bench.%1$s ALTER id SET DEFAULT nextval(''bench.%1$s_id_seq'')', t);
		END LOOP;
	END $$;
	CREATE TABLE bench.plrow_events (LIKE schemaops.outbox_events INCLUDING ALL);
	CREATE TABLE bench.plstmt_events (LIKE schemaops.outbox_events INCLUDING ALL);

	SELECT schemaops.outbox_attach('bench.t_c');

	CREATE FUNCTION bench.plrow() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		IF TG_OP = 'DELETE' THEN
			INSERT INTO bench.plrow_events (aggregatetype, aggregateid, type, payload)
			VALUES (TG_TABLE_NAME, OLD.id::text, TG_TABLE_NAME || '.deleted', to_jsonb(OLD));
		ELSE
			INSERT INTO bench.plrow_events (aggregatetype, aggregateid, type, payload)
			VALUES (TG_TABLE_NAME, NEW.id::text,
				TG_TABLE_NAME || CASE TG_OP WHEN 'INSERT' THEN '.created' ELSE '.updated' END, to_jsonb(NEW));
		END IF;
		RETURN NULL;
	END $$;
	CREATE TRIGGER outbox AFTER INSERT OR UPDATE OR DELETE ON bench.t_plrow
		FOR EACH ROW EXECUTE FUNCTION bench.plrow();

	CREATE FUNCTION bench.plstmt() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		INSERT INTO bench.plstmt_events (aggregatetype, aggregateid, type, payload)
		SELECT TG_TABLE_NAME, n.id::text, TG_TABLE_NAME || '.created', to_jsonb(n) FROM new_rows n;
		RETURN NULL;
	END $$;
	CREATE TRIGGER outbox AFTER INSERT ON bench.t_plstmt REFERENCING NEW TABLE AS new_rows
		FOR EACH STATEMENT EXECUTE FUNCTION bench.plstmt();

	CREATE TRIGGER outbox AFTER INSERT OR UPDATE OR DELETE ON bench.t_pgq
		FOR EACH ROW EXECUTE FUNCTION pgq.logutriga('bench_q');
EOF

reset_tables() {
	"${PSQL[@]}" >/dev/null <<-'EOF'
		TRUNCATE bench.t_none, bench.t_c, bench.t_plrow, bench.t_plstmt, bench.t_pgq;
		TRUNCATE schemaops.outbox_events, bench.plrow_events, bench.plstmt_events;
		TRUNCATE pgq.event_template;
		CHECKPOINT;
	EOF
}

# the event table a variant writes ('' for none); for PgQ the queue's event_N_M tables
event_table() {
	case $1 in
	c) echo schemaops.outbox_events ;;
	plrow | plstmt) echo "bench.$1_events" ;;
	*) echo "" ;;
	esac
}
event_pages() { # VARIANT -> heap pages of its event table(s)
	local t
	t=$(event_table "$1")
	if [ "$1" = pgq ]; then
		"${PSQL[@]}" -c "SELECT (coalesce(sum(pg_relation_size(oid)), 0) / 8192)::bigint FROM pg_class
			WHERE relnamespace = 'pgq'::regnamespace AND relname ~ '^event_[0-9]+_[0-9]+$'"
	elif [ -n "$t" ]; then
		"${PSQL[@]}" -c "SELECT pg_relation_size('$t') / 8192"
	else
		echo 0
	fi
}
# steady state, after a fresh run of VARIANT: acknowledge and delete its events, VACUUM them into the free
# space map (TRUNCATE false: the pages stay, as in a running outbox whose newest events sit at the end of the
# file), TRUNCATE the captured table (it would keep its rows)
steady_prep() {
	local v=$1 t
	t=$(event_table "$v")
	case $v in
	c) "${PSQL[@]}" -c "UPDATE schemaops.outbox_events SET acked_at = now() WHERE acked_at IS NULL" \
		-c "SELECT schemaops.outbox_cleanup('0 seconds')" >/dev/null ;;
	plrow | plstmt) "${PSQL[@]}" -c "UPDATE $t SET acked_at = now() WHERE acked_at IS NULL" \
		-c "DELETE FROM $t WHERE acked_at IS NOT NULL" >/dev/null ;;
	pgq) "${PSQL[@]}" -c "TRUNCATE pgq.event_template" >/dev/null ;; # what its rotation does
	esac
	[ -z "$t" ] || "${PSQL[@]}" -c "VACUUM (TRUNCATE false) $t" >/dev/null
	left=$("${PSQL[@]}" -c "SELECT count(*) FROM ${t:-bench.t_none}")
	[ -z "$t" ] || [ "$left" = 0 ] || { echo "bench/outbox: $left events left in $t after cleanup" >&2; exit 1; }
	"${PSQL[@]}" -c "TRUNCATE bench.t_$v" -c CHECKPOINT >/dev/null
}

pgbench_tps() { # VARIANT ROWS -> tps
	local v=$1 rows=$2 f=$B/pgbench_$1_$2.sql out
	if [ "$rows" = 1 ]; then
		echo "INSERT INTO bench.t_$v (customer, amount, status) VALUES ('customer', 12.5, 'new');" >"$f"
	else
		echo "INSERT INTO bench.t_$v (customer, amount, status) SELECT 'customer', g, 'new' FROM generate_series(1, $rows) g;" >"$f"
	fi
	out=$("$PGBIN/pgbench" -n -c "$CLIENTS" -j "$CLIENTS" -T "$DURATION" -f "$f" 2>&1) || { echo "$out" >&2; return 1; }
	echo "$out" | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}

bulk_ms() { # VARIANT -> ms of one 100,000-row INSERT ... SELECT
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 <<-EOF | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
		\\timing on
		INSERT INTO bench.t_$1 (customer, amount, status) SELECT 'customer', g, 'new' FROM generate_series(1, 100000) g;
	EOF
}

declare -A best1 best100 bestbulk sbest1 sbest100 sbestbulk
for v in "${VARIANTS[@]}"; do
	best1[$v]=0; best100[$v]=0; bestbulk[$v]=999999999
	sbest1[$v]=0; sbest100[$v]=0; sbestbulk[$v]=999999999
done
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? a : b }'; }

# steady run of VARIANT after its fresh run; sets $sres and $spages (event pages before -> after the run)
steady_run() { # VARIANT KIND(1|100|bulk)
	local p0 p1
	steady_prep "$1"
	p0=$(event_pages "$1")
	if [ "$2" = bulk ]; then sres=$(bulk_ms "$1"); else sres=$(pgbench_tps "$1" "$2"); fi
	p1=$(event_pages "$1")
	spages="$p0->$p1"
}

echo "== capture: $ROUNDS rounds, pgbench $CLIENTS clients x ${DURATION}s per variant and size, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for ((r = 1; r <= ROUNDS; r++)); do
	for v in "${VARIANTS[@]}"; do
		reset_tables
		t1=$(pgbench_tps "$v" 1)
		[ "$STEADY" = 1 ] && { steady_run "$v" 1; s1=$sres; sp1=$spages; }
		reset_tables
		t100=$(pgbench_tps "$v" 100)
		[ "$STEADY" = 1 ] && { steady_run "$v" 100; s100=$sres; sp100=$spages; }
		reset_tables
		ms=$(bulk_ms "$v")
		[ "$STEADY" = 1 ] && { steady_run "$v" bulk; sms=$sres; spb=$spages; }
		best1[$v]=$(max "${best1[$v]}" "$t1")
		best100[$v]=$(max "${best100[$v]}" "$t100")
		bestbulk[$v]=$(min "${bestbulk[$v]}" "$ms")
		printf '   round %d %-7s fresh  1-row %9.1f tps  100-row %8.1f tps  100k INSERT %8.1f ms\n' "$r" "$v" "$t1" "$t100" "$ms"
		if [ "$STEADY" = 1 ]; then
			sbest1[$v]=$(max "${sbest1[$v]}" "$s1")
			sbest100[$v]=$(max "${sbest100[$v]}" "$s100")
			sbestbulk[$v]=$(min "${sbestbulk[$v]}" "$sms")
			printf '   round %d %-7s steady 1-row %9.1f tps  100-row %8.1f tps  100k INSERT %8.1f ms  event pages %s, %s, %s\n' \
				"$r" "$v" "$s1" "$s100" "$sms" "$sp1" "$sp100" "$spb"
		fi
	done
done

# sanity: every variant wrote one event per row
reset_tables
for v in c plrow plstmt pgq; do
	"${PSQL[@]}" -c "INSERT INTO bench.t_$v (customer, amount, status) SELECT 'x', g, 'new' FROM generate_series(1, 1000) g" >/dev/null
done
counts=$("${PSQL[@]}" -c "SELECT (SELECT count(*) FROM schemaops.outbox_events) || ' ' ||
	(SELECT count(*) FROM bench.plrow_events) || ' ' || (SELECT count(*) FROM bench.plstmt_events) || ' ' ||
	(SELECT count(*) FROM pgq.event_template)")
[ "$counts" = "1000 1000 1000 1000" ] || { echo "bench/outbox: event counts per variant are $counts, not 1000 each" >&2; exit 1; }

echo
# `none` is in the same state in both passes (its table is TRUNCATEd, it has no event table): the ratios of
# both tables are taken against its best over both passes (2 x ROUNDS samples), the stricter baseline
base1=${best1[none]} base100=${best100[none]} basebulk=${bestbulk[none]}
if [ "$STEADY" = 1 ]; then
	base1=$(max "$base1" "${sbest1[none]}")
	base100=$(max "$base100" "${sbest100[none]}")
	basebulk=$(min "$basebulk" "${sbestbulk[none]}")
fi
print_results() { # TITLE ARRAY-PREFIX('' or s)
	local -n b1=${2}best1 b100=${2}best100 bb=${2}bestbulk
	echo
	echo "== capture results, $1 (best of $ROUNDS; ratio vs the best no-trigger run$([ "$STEADY" = 1 ] && echo " of both states"): throughput for pgbench, time for the 100k INSERT)"
	printf '%-8s %12s %7s %12s %7s %14s %7s\n' variant "1-row tps" ratio "100-row tps" ratio "100k INSERT ms" ratio
	for v in "${VARIANTS[@]}"; do
		printf '%-8s %12.1f %7.2f %12.1f %7.2f %14.1f %6.2fx\n' "$v" "${b1[$v]}" \
			"$(awk -v a="${b1[$v]}" -v b="$base1" 'BEGIN { print a / b }')" "${b100[$v]}" \
			"$(awk -v a="${b100[$v]}" -v b="$base100" 'BEGIN { print a / b }')" "${bb[$v]}" \
			"$(awk -v a="${bb[$v]}" -v b="$basebulk" 'BEGIN { print a / b }')"
	done
}
print_results "fresh event tables (TRUNCATEd)" ""
[ "$STEADY" = 1 ] && print_results "steady state (events of the fresh run acked, deleted, VACUUMed; PgQ rotated = TRUNCATEd)" s
echo "   (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"

if [ "${SKIP_CLAIM:-0}" != 1 ]; then

# ---- claim rate: drain CLAIM_EVENTS pending events with claim(100) + ack in one statement per batch
claim_rate() { # -> events per second
	local batches=$((CLAIM_EVENTS / 100)) f=$B/claim.sql t0 t1
	"${PSQL[@]}" -c "INSERT INTO bench.t_c (customer, amount, status) SELECT 'c', g, 'new' FROM generate_series(1, $CLAIM_EVENTS) g" >/dev/null
	for ((i = 0; i < batches; i++)); do
		echo "SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM schemaops.outbox_claim('bench', 100, '1 minute')));"
	done >"$f"
	t0=$(date +%s.%N)
	"${PSQL[@]}" -f "$f" >/dev/null
	t1=$(date +%s.%N)
	left=$("${PSQL[@]}" -c "SELECT count(*) FROM schemaops.outbox_events WHERE acked_at IS NULL AND last_error IS NULL")
	[ "$left" = 0 ] || { echo "bench/outbox: $left events left unacked after the drain" >&2; exit 1; }
	awk -v n="$CLAIM_EVENTS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }'
}
echo
echo "== relay claim rate (claim 100 + ack, one statement per batch, $CLAIM_EVENTS events; best of 3)"
reset_tables
"${PSQL[@]}" -c "ALTER TABLE schemaops.outbox_events SET (autovacuum_enabled = off)" >/dev/null
best=0
for _ in 1 2 3; do best=$(max "$best" "$(claim_rate)"); "${PSQL[@]}" -c "DELETE FROM schemaops.outbox_events" -c "VACUUM schemaops.outbox_events" >/dev/null; done
rate_empty=$best
# 1,000,000 events, captured, then acknowledged by one UPDATE: their dead index entries stay until vacuum
"${PSQL[@]}" -c "INSERT INTO bench.t_c (customer, amount, status) SELECT 'c', g, 'new' FROM generate_series(1, $ACKED) g" >/dev/null
"${PSQL[@]}" -c "UPDATE schemaops.outbox_events SET acked_at = now() WHERE acked_at IS NULL" >/dev/null
# the first drain also moves the low-water mark over the acknowledged events (once): reported on its own
rate_first=$(claim_rate)
best=0
for _ in 1 2 3; do best=$(max "$best" "$(claim_rate)"); done
rate_acked_novac=$best
"${PSQL[@]}" -c "VACUUM schemaops.outbox_events" >/dev/null
best=0
for _ in 1 2 3; do best=$(max "$best" "$(claim_rate)"); done
rate_acked_vac=$best
t0=$(date +%s.%N)
deleted=$("${PSQL[@]}" -c "SELECT schemaops.outbox_cleanup('0 seconds')")
t1=$(date +%s.%N)
"${PSQL[@]}" -c "VACUUM schemaops.outbox_events" >/dev/null
best=0
for _ in 1 2 3; do best=$(max "$best" "$(claim_rate)"); done
rate_clean=$best
# an event waiting for its retry (outbox_fail, 1 hour) below 100,000 events acknowledged after it: it is parked,
# the low-water mark moves on past it
"${PSQL[@]}" -c "INSERT INTO bench.t_c (customer, amount, status) VALUES ('poison', 0, 'new')" \
	-c "SELECT schemaops.outbox_fail(max(id), 'broker says no', '1 hour') FROM schemaops.outbox_events" >/dev/null
"${PSQL[@]}" -c "INSERT INTO bench.t_c (customer, amount, status) SELECT 'c', g, 'new' FROM generate_series(1, 100000) g" >/dev/null
"${PSQL[@]}" -c "UPDATE schemaops.outbox_events SET acked_at = now() WHERE acked_at IS NULL AND last_error IS NULL" >/dev/null
"${PSQL[@]}" -c "VACUUM schemaops.outbox_events" >/dev/null
best=0
for _ in 1 2 3; do best=$(max "$best" "$(claim_rate)"); done
rate_retry=$best
"${PSQL[@]}" -c "ALTER TABLE schemaops.outbox_events RESET (autovacuum_enabled)" >/dev/null
printf '%-58s %10s %7s\n' state "events/s" ratio
printf '%-58s %10s %7.2f\n' "empty outbox" "$rate_empty" 1
printf '%-58s %10s %7.2f\n' "+ $ACKED acked events, first drain (mark catches up)" "$rate_first" "$(awk -v a="$rate_first" -v b="$rate_empty" 'BEGIN { print a / b }')"
printf '%-58s %10s %7.2f\n' "+ $ACKED acked events, before any vacuum (autovacuum off)" "$rate_acked_novac" "$(awk -v a="$rate_acked_novac" -v b="$rate_empty" 'BEGIN { print a / b }')"
printf '%-58s %10s %7.2f\n' "+ $ACKED acked events, after VACUUM" "$rate_acked_vac" "$(awk -v a="$rate_acked_vac" -v b="$rate_empty" 'BEGIN { print a / b }')"
printf '%-58s %10s %7.2f\n' "after outbox_cleanup ($deleted rows, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s) + VACUUM" "$rate_clean" "$(awk -v a="$rate_clean" -v b="$rate_empty" 'BEGIN { print a / b }')"
printf '%-58s %10s %7.2f\n' "+ 1 event waiting for a retry below 100,000 acked, VACUUM" "$rate_retry" "$(awk -v a="$rate_retry" -v b="$rate_empty" 'BEGIN { print a / b }')"
fi

# the MariaDB half (outbox-my's script) runs after this server is stopped
bash "$ROOT/scripts/pg_instance.sh" stop "$B/pg" >/dev/null 2>&1 || true

# ---- instructions (callgrind), independent of the machine's load: one 20,000-row INSERT ... SELECT per variant
# in a single-user backend on the stopped cluster, minus a run of only the 2,000-row warm-up INSERT before it
if [ "${SKIP_CALLGRIND:-0}" != 1 ] && command -v valgrind >/dev/null; then
	inst=$B/pg
	[ -L "$B/pg/instance" ] && inst=$(readlink "$B/pg/instance")
	AS=()
	[ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
	cgdir=$(mktemp -d /tmp/bench_outbox_cg.XXXXXX)
	chmod 777 "$cgdir"
	cg_total() { # SQL-FILE -> instructions of the whole single-user session
		"${AS[@]}" valgrind --tool=callgrind --callgrind-out-file="$cgdir/cg.out" "$PGBIN/postgres" --single \
			-D "$inst/data" -c fsync=off -c synchronous_commit=off bench <"$1" >"$cgdir/log" 2>&1 ||
			{ cat "$cgdir/log" >&2; return 1; }
		callgrind_annotate "$cgdir/cg.out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
	}
	declare -A ins
	for v in "${VARIANTS[@]}"; do
		w="INSERT INTO bench.t_$v (customer, amount, status) SELECT 'customer', g, 'new' FROM generate_series(1, 2000) g;"
		echo "$w" >"$cgdir/w.sql"
		printf '%s\n%s\n' "$w" "INSERT INTO bench.t_$v (customer, amount, status) SELECT 'customer', g, 'new' FROM generate_series(1, 20000) g;" >"$cgdir/m.sql"
		chmod 644 "$cgdir"/*.sql
		a=$(cg_total "$cgdir/m.sql") && b=$(cg_total "$cgdir/w.sql") || exit 1
		ins[$v]=$((a - b))
	done
	rm -rf "$cgdir"
	echo
	echo "== instructions of one 20,000-row INSERT ... SELECT (callgrind, single-user backend; load-independent)"
	printf '%-8s %16s %10s %7s\n' variant instructions "per row" ratio
	for v in "${VARIANTS[@]}"; do
		printf '%-8s %16s %10s %6.2fx\n' "$v" "${ins[$v]}" "$((ins[$v] / 20000))" \
			"$(awk -v a="${ins[$v]}" -v b="${ins[none]}" 'BEGIN { print a / b }')"
	done
fi
if [ "${SKIP_MARIADB:-0}" != 1 ] && [ -f "$ROOT/bench/outbox/run_mariadb.sh" ]; then
	echo
	echo "== MariaDB: bench/outbox/run_mariadb.sh"
	bash "$ROOT/bench/outbox/run_mariadb.sh"
fi
