#!/usr/bin/env bash
# bench/vector/cputime.sh setup|restart|measure|stop: per-row backend CPU time of our distance functions and
# pgvector's on the same tables, interleaved, for A/B work on a shared machine.
#
# This machine is a VM without a PMU ("Performance Events: PMU not available due to virtualization"), so
# `perf stat -e cycles,instructions` reports <not supported>; the load-insensitive figure left is the backend's
# own CPU time (/proc/PID/schedstat, first field: nanoseconds on a CPU), read around each query from one
# long-lived psql session. Waiting for a CPU is not counted; cache and memory contention from other jobs is.
# Every round runs each query pair (ours, then pgvector's on the same data and query) back to back; the
# figure is the minimum over ROUNDS rounds, ns/row, and the ratio is ours / pgvector's.
#
#   setup    a throwaway PostgreSQL 15 (build/bench/vecab, socket port SO_PG_PORT, default 54373) with this
#            tree's extension and pgvector (when installed); tables at SET STORAGE PLAIN: ROWS768 (100000) x 768
#            and ROWS1536 (50000) x 1536 random vectors as real[], bytea and vector
#   restart  reinstalls this tree's extension (make first) and restarts the server, keeping the tables
#   measure  ROUNDS (default 7) rounds over DIMS ("768 1536") x FORMS ("bytea real") x METRICS ("l2 cosine ip")
#            plus a floor: count(emb) over the same table (scan and tuple deforming, no function call)
#   profile  perf record -e cpu-clock around REPS (10) runs of each query at PROFILE_HZ (1000; at 10000 the sampling itself slows this VM 3x), ROUNDS (3) interleaved rounds: ns/row
#            and the share of it spent inside each extension's shared library (see below)
#   swap F   serves the shared library F instead (an A/B build of this tree) and restarts the server
#   stop     stops the server
# Needs pgvector for the ratios (bench/vector/run.sh explains how it was installed; never built from here).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
B=$ROOT/build/bench/vecab
export SO_PG_PORT=${SO_PG_PORT:-54373}
export PGOPTIONS="-c client_min_messages=warning"
ROUNDS=${ROUNDS:-7}
DIMS=${DIMS:-768 1536}
FORMS=${FORMS:-bytea real}
METRICS=${METRICS:-l2 cosine ip}
ROWS768=${ROWS768:-100000}
ROWS1536=${ROWS1536:-50000}
PSQL=(psql -X -q -t -A -v ON_ERROR_STOP=1 -d postgres)

root() {
	make -s all >/dev/null
	eval "$(bash scripts/pg_root.sh "$B/pgroot")"
	export SO_PG_BIN
}
env_pg() { eval "$(bash scripts/pg_instance.sh env "$B/pg")"; }
AS=()
[ "$(id -u)" -ne 0 ] || AS=(runuser -u postgres --)

rows_of() { if [ "$1" = 768 ]; then echo "$ROWS768"; else echo "$ROWS1536"; fi; }
query_of() { # dims -> the constant query vector (text)
	"$B/gen" 1 "$1" | cut -f2 | tr -d '\n' | sed 's/\[/[0.5,/; s/,[^,]*\]$/]/'
}

case ${1:-} in
setup)
	mkdir -p "$B"
	root
	cc -std=c11 -O2 -Icommon/include bench/vector/gen.c common/build/libschemaops_core.a -lm -o "$B/gen"
	bash scripts/pg_instance.sh start "$B/pg" >/dev/null
	env_pg
	"${PSQL[@]}" -c "ALTER SYSTEM SET shared_buffers = '3GB'" -c "ALTER SYSTEM SET max_parallel_workers_per_gather = 0" \
		-c "ALTER SYSTEM SET jit = off"
	"${AS[@]}" "$SO_PG_BIN/pg_ctl" -D "$B/pg/data" -l "$B/pg/postgres.log" -w restart >/dev/null
	"${PSQL[@]}" -c "CREATE EXTENSION schemaops" -c "CREATE EXTENSION vector"
	for D in $DIMS; do
		"$B/gen" "$(rows_of "$D")" "$D" >"$B/vectors.tsv"
		"${PSQL[@]}" <<-SQL
			CREATE UNLOGGED TABLE src (id int, txt text);
			\\copy src FROM '$B/vectors.tsv'
			CREATE TABLE r$D (id int, emb real[]);
			ALTER TABLE r$D ALTER COLUMN emb SET STORAGE PLAIN;
			INSERT INTO r$D SELECT id, schemaops.vector_from_text(txt) FROM src;
			CREATE TABLE b$D (id int, emb bytea);
			ALTER TABLE b$D ALTER COLUMN emb SET STORAGE PLAIN;
			INSERT INTO b$D SELECT id, schemaops.vector_to_bytea(txt) FROM src;
			CREATE TABLE p$D (id int, emb vector($D));
			ALTER TABLE p$D ALTER COLUMN emb SET STORAGE PLAIN;
			INSERT INTO p$D SELECT id, txt::vector FROM src;
			DROP TABLE src;
			VACUUM ANALYZE r$D, b$D, p$D;
		SQL
		rm -f "$B/vectors.tsv"
	done
	;;
restart)
	root
	env_pg
	"${AS[@]}" "$SO_PG_BIN/pg_ctl" -D "$B/pg/data" -l "$B/pg/postgres.log" -w restart >/dev/null
	;;
profile)
	# where the backend's time goes: perf record -e cpu-clock (a software clock: no PMU needed) on the backend
	# while it runs each query REPS (default 10) times, ROUNDS (default 3) times interleaved with pgvector's;
	# prints CPU ns/row (samples x sampling period / rows) and the share of the samples inside the extension's
	# shared library (schemaops.so: kernels, argument reading, prefetch; vector.so: pgvector's function),
	# so the extension's own ns/row = share x ns/row, the rest (buffer lookup, tuple deforming, executor) being
	# the same work for both
	env_pg
	REPS=${REPS:-10}
	ROUNDS=${ROUNDS:-3}
	F=${PROFILE_HZ:-1000} # fixed period (-c), not -F: sample count x period is then the CPU time
	coproc PQ { "${PSQL[@]}"; }
	echo "SELECT pg_backend_pid();" >&"${PQ[1]}"
	read -r QPID <&"${PQ[0]}"
	run_q() {
		local x
		echo "$1;" >&"${PQ[1]}"
		read -r x <&"${PQ[0]}"
	}
	declare -A tot ext
	rec() { # key dso query
		local i pp f=$B/perf.data
		run_q "$3"
		perf record -q -e cpu-clock -c $((1000000000 / F)) -o "$f" -p "$QPID" 2>/dev/null &
		pp=$!
		sleep 0.3
		for ((i = 0; i < REPS; i++)); do run_q "$3"; done
		kill -INT "$pp"
		wait "$pp" 2>/dev/null || true
		local nt ne
		read -r nt ne < <(perf report -i "$f" --stdio --sort dso -n --percent-limit 0 2>/dev/null |
			awk -v d="$2" '/^ +[0-9.]+%/ { t += $2; if ($3 == d) e += $2 } END { print t + 0, e + 0 }')
		tot[$1]=$((${tot[$1]:-0} + nt))
		ext[$1]=$((${ext[$1]:-0} + ne))
	}
	echo "# cputime.sh profile: ROUNDS=$ROUNDS REPS=$REPS at $F Hz, load $(cut -d' ' -f1-3 /proc/loadavg) at start"
	declare -A Q
	for D in $DIMS; do Q[$D]=$(query_of "$D"); done
	for ((r = 0; r < ROUNDS; r++)); do
		for D in $DIMS; do
			q=${Q[$D]}
			for form in $FORMS; do
				if [ "$form" = real ]; then QV="schemaops.vector_from_text('$q')" t=r$D; else QV="schemaops.vector_to_bytea('$q'::text)" t=b$D; fi
				for metric in $METRICS; do
					case $metric in
					l2) f=vector_l2_distance op='<->' ;;
					cosine) f=vector_cosine_distance op='<=>' ;;
					ip) f=vector_negative_inner_product op='<#>' ;;
					esac
					rec "$D $form $metric ours" schemaops.so "SELECT sum(schemaops.$f(emb, $QV)) FROM $t"
					rec "$D $form $metric pgv" vector.so "SELECT sum(emb $op '$q'::vector) FROM p$D"
				done
			done
		done
	done
	echo "# load $(cut -d' ' -f1-3 /proc/loadavg) at end"
	printf '%-5s %-6s %-7s %9s %7s %8s | %9s %7s %8s | %7s %7s\n' dims form metric "ns/row" "in .so" ".so ns" "pgv ns" "in .so" ".so ns" ratio ".so"
	for D in $DIMS; do
		n=$(($(rows_of "$D") * REPS * ROUNDS))
		for form in $FORMS; do
			for metric in $METRICS; do
				k="$D $form $metric"
				awk -v d="$D" -v fo="$form" -v m="$metric" -v n="$n" -v hz="$F" \
					-v at="${tot[$k ours]}" -v ae="${ext[$k ours]}" -v pt="${tot[$k pgv]}" -v pe="${ext[$k pgv]}" 'BEGIN {
					a = at * 1e9 / hz / n; p = pt * 1e9 / hz / n; ax = a * ae / at; px = p * pe / pt
					printf "%-5s %-6s %-7s %9.0f %6.1f%% %8.0f | %9.0f %6.1f%% %8.0f | %7.3f %7.3f\n",
						d, fo, m, a, 100 * ae / at, ax, p, 100 * pe / pt, px, a / p, ax / px }'
			done
		done
	done
	echo "\\q" >&"${PQ[1]}"
	rm -f "$B/perf.data"
	;;
swap)
	# swap FILE: serve FILE as the extension's shared library (an A/B build of this tree), then restart
	env_pg
	SO_PG_BIN=$B/pgroot/usr/lib/postgresql/15/bin
	cp "$2" "$("$SO_PG_BIN/pg_config" --pkglibdir)/schemaops.so"
	"${AS[@]}" "$SO_PG_BIN/pg_ctl" -D "$B/pg/data" -l "$B/pg/postgres.log" -w restart >/dev/null
	;;
stop)
	bash scripts/pg_instance.sh stop "$B/pg" >/dev/null
	;;
measure)
	env_pg
	coproc PQ { "${PSQL[@]}"; }
	echo "SELECT pg_backend_pid();" >&"${PQ[1]}"
	read -r QPID <&"${PQ[0]}"
	cpu_ns() { # query -> backend CPU ns
		local t0 t1 x
		t0=$(cut -d' ' -f1 "/proc/$QPID/schedstat")
		echo "$1;" >&"${PQ[1]}"
		read -r x <&"${PQ[0]}"
		t1=$(cut -d' ' -f1 "/proc/$QPID/schedstat")
		echo $((t1 - t0))
	}
	declare -A best
	keep() { if [ -z "${best[$1]:-}" ] || [ "$2" -lt "${best[$1]}" ]; then best[$1]=$2; fi; }
	declare -A Q
	for D in $DIMS; do Q[$D]=$(query_of "$D"); done
	echo "# cputime.sh: ROUNDS=$ROUNDS ROWS768=$ROWS768 ROWS1536=$ROWS1536, load $(cut -d' ' -f1-3 /proc/loadavg) at start"
	for ((r = 0; r <= ROUNDS; r++)); do # round 0 warms the buffers and the caches
		for D in $DIMS; do
			q=${Q[$D]}
			for form in $FORMS; do
				if [ "$form" = real ]; then QV="schemaops.vector_from_text('$q')" t=r$D; else QV="schemaops.vector_to_bytea('$q'::text)" t=b$D; fi
				cpu_ns "SELECT count(emb) FROM $t" >/dev/null # not counted: the table switch
				cpu_ns "SELECT count(emb) FROM p$D" >/dev/null
				for metric in $METRICS; do
					case $metric in
					l2) f=vector_l2_distance op='<->' ;;
					cosine) f=vector_cosine_distance op='<=>' ;;
					ip) f=vector_negative_inner_product op='<#>' ;;
					esac
					# alternate which runs first: the first query after a table switch runs slower
					if ((r % 2)); then
						a=$(cpu_ns "SELECT sum(schemaops.$f(emb, $QV)) FROM $t")
						p=$(cpu_ns "SELECT sum(emb $op '$q'::vector) FROM p$D")
					else
						p=$(cpu_ns "SELECT sum(emb $op '$q'::vector) FROM p$D")
						a=$(cpu_ns "SELECT sum(schemaops.$f(emb, $QV)) FROM $t")
					fi
					[ "$r" -eq 0 ] || { keep "$D $form $metric ours" "$a"; keep "$D $form $metric pgv" "$p"; }
				done
				a=$(cpu_ns "SELECT count(emb) FROM $t")
				[ "$r" -eq 0 ] || keep "$D $form floor ours" "$a"
			done
			p=$(cpu_ns "SELECT count(emb) FROM p$D")
			[ "$r" -eq 0 ] || keep "$D pgv floor" "$p"
		done
	done
	echo "# load $(cut -d' ' -f1-3 /proc/loadavg) at end"
	printf '%-5s %-6s %-7s %10s %10s %7s\n' dims form metric "ours ns" "pgv ns" ratio
	for D in $DIMS; do
		n=$(rows_of "$D")
		for form in $FORMS; do
			for metric in $METRICS; do
				awk -v d="$D" -v f="$form" -v m="$metric" -v a="${best[$D $form $metric ours]}" -v p="${best[$D $form $metric pgv]}" -v n="$n" \
					'BEGIN { printf "%-5s %-6s %-7s %10.0f %10.0f %7.3f\n", d, f, m, a / n, p / n, a / p }'
			done
			awk -v d="$D" -v f="$form" -v a="${best[$D $form floor ours]}" -v n="$n" \
				'BEGIN { printf "%-5s %-6s %-7s %10.0f\n", d, f, "floor", a / n }'
		done
		awk -v d="$D" -v p="${best[$D pgv floor]}" -v n="$n" 'BEGIN { printf "%-5s %-6s %-7s %10s %10.0f\n", d, "vector", "floor", "", p / n }'
	done
	echo "\\q" >&"${PQ[1]}"
	;;
*)
	echo "usage: $0 setup|restart|measure|stop" >&2
	exit 2
	;;
esac
