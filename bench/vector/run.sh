#!/usr/bin/env bash
# bench/vector/run.sh: vector distances, schemaops against its peers, on this machine.
#
#   PostgreSQL 15: the same ROWS x DIMS random float32 vectors loaded as our real[] and our bytea (and as
#   pgvector's vector when pgvector is installed: $(pg_config --sharedir)/extension/vector.control; this
#   script never builds or vendors it), each under the four column storage settings (EXTENDED, the default;
#   MAIN; EXTERNAL; PLAIN); for L2, cosine and inner product: (a) a full-scan sum of distances to a constant
#   query vector, (b) ORDER BY distance LIMIT 10; ns/row = best of REPS runs / ROWS, single backend (no
#   parallel workers), table in shared_buffers. Plus plain SQL over real[] (unnest) on PLAIN_SQL_ROWS rows.
#   MariaDB 10.11: our UDFs over VARBINARY against the best pure-SQL alternative (JSON_TABLE over the text
#   form, ON a PK join of the two element lists) on JSON_ROWS rows.
#   The bare kernels (bench/vector/kernel.c) against the measured single-thread read bandwidth.
#
# Knobs (environment): ROWS (default 100000), DIMS (default "768 1536"), REPS (3), PLAIN_SQL_ROWS (1000),
# JSON_ROWS (200), STORAGES (default "EXTENDED MAIN EXTERNAL PLAIN"), FORMS (default "real bytea"),
# MARIADB (1; 0 skips the MariaDB part), TIMER (wall: elapsed time, the default; cpu: the PostgreSQL backend's
# CPU time from /proc/PID/schedstat, read while the backend waits for its next query, so it is exact and does
# not count time spent waiting for a CPU: the figure to use on a loaded machine), SO_PG_PORT (54339). Quick check: ROWS=5000 DIMS=64 bench/vector/run.sh
# Servers are throwaway instances in build/bench/vector (stopped on exit).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ROWS=${ROWS:-100000}
DIMS=${DIMS:-768 1536}
REPS=${REPS:-3}
PLAIN_SQL_ROWS=${PLAIN_SQL_ROWS:-1000}
JSON_ROWS=${JSON_ROWS:-200}
STORAGES=${STORAGES:-EXTENDED MAIN EXTERNAL PLAIN}
FORMS=${FORMS:-real bytea}
MARIADB=${MARIADB:-1}
TIMER=${TIMER:-wall}
B=$ROOT/build/bench/vector
export PGOPTIONS="-c client_min_messages=warning"
export SO_PG_PORT=${SO_PG_PORT:-54339}
export SO_MARIADB_PORT=0
# the table must stay in the buffer pool, as it does in shared_buffers on PostgreSQL
export SO_MARIADB_EXTRA_ARGS="--innodb-buffer-pool-size=3G --max-allowed-packet=256M"
export SO_MARIADB_PLUGIN_DIR=$B/mariadb-plugin
mkdir -p "$B" "$SO_MARIADB_PLUGIN_DIR"

make -s all >/dev/null
cc -std=c11 -O2 -Icommon/include bench/vector/gen.c common/build/libschemaops_core.a -lm -o "$B/gen"
cc -std=c11 -O2 -Icommon/include bench/vector/kernel.c common/build/libschemaops_core.a -lm -o "$B/kernel"

stop_all() {
	bash scripts/mariadb_instance.sh stop "$B/mariadb" >/dev/null 2>&1 || true
	bash scripts/pg_instance.sh stop "$B/pg" >/dev/null 2>&1 || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

eval "$(bash scripts/pg_root.sh "$B/pgroot")"
export SO_PG_BIN
cp mariadb_plugin/schemaops.so "$SO_MARIADB_PLUGIN_DIR/"
bash scripts/pg_instance.sh start "$B/pg" >/dev/null
eval "$(bash scripts/pg_instance.sh env "$B/pg")"
AS=()
[ "$(id -u)" -ne 0 ] || AS=(runuser -u postgres --)
# the tables must stay in shared_buffers: a seq scan of a table over shared_buffers/4 uses a small ring
psql -X -q -d postgres -c "ALTER SYSTEM SET shared_buffers = '4GB'" -c "ALTER SYSTEM SET max_parallel_workers_per_gather = 0" \
	-c "ALTER SYSTEM SET jit = off"
"${AS[@]}" "$SO_PG_BIN/pg_ctl" -D "$B/pg/data" -l "$B/pg/postgres.log" -w restart >/dev/null
if [ "$MARIADB" = 1 ]; then
	bash scripts/mariadb_instance.sh start "$B/mariadb" >/dev/null
	eval "$(bash scripts/mariadb_instance.sh env "$B/mariadb")"
	MY=(mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -uroot)
	"${MY[@]}" -e "INSTALL SONAME 'schemaops'"
	"${MY[@]}" <mariadb_plugin/schemaops.sql
	"${MY[@]}" -e "CREATE DATABASE IF NOT EXISTS bench"
fi

PSQL=(psql -X -q -t -A -v ON_ERROR_STOP=1 -d postgres)
"${PSQL[@]}" -c "CREATE EXTENSION schemaops"
HAVE_PGVECTOR=0
if [ -f "$(pg_config --sharedir)/extension/vector.control" ]; then
	HAVE_PGVECTOR=1
	"${PSQL[@]}" -c "CREATE EXTENSION vector"
fi
"${PSQL[@]}" <<'SQL'
CREATE FUNCTION bench_ms(q text, reps int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8 := 'Infinity'; ms float8;
BEGIN
	FOR i IN 1..reps LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
		best := least(best, ms);
	END LOOP;
	RETURN best;
END $$;
SQL

# pg_ms QUERY: best ms of REPS runs after a warm-up, as TIMER says (the query's output must be one line)
if [ "$TIMER" = cpu ]; then
	coproc PQ { "${PSQL[@]}" -v ON_ERROR_STOP=1; }
	echo "SELECT pg_backend_pid();" >&"${PQ[1]}"
	read -r QPID <&"${PQ[0]}"
	[ -r "/proc/$QPID/schedstat" ] || { echo "TIMER=cpu: /proc/$QPID/schedstat is not readable" >&2; exit 1; }
fi
pg_ms() {
	if [ "$TIMER" != cpu ]; then
		"${PSQL[@]}" -c "SELECT bench_ms(\$q\$$1\$q\$, 1 + $REPS)"
		return
	fi
	local i t0 t1 x best=-1
	for ((i = 0; i <= REPS; i++)); do
		t0=$(cut -d' ' -f1 "/proc/$QPID/schedstat")
		echo "$1;" >&"${PQ[1]}"
		read -r x <&"${PQ[0]}"
		t1=$(cut -d' ' -f1 "/proc/$QPID/schedstat")
		if [ "$i" -gt 0 ] && { [ "$best" -lt 0 ] || [ $((t1 - t0)) -lt "$best" ]; }; then best=$((t1 - t0)); fi
	done
	awk -v ns="$best" 'BEGIN { print ns / 1e6 }'
}

echo "# schemaops vector bench: ROWS=$ROWS DIMS='$DIMS' REPS=$REPS TIMER=$TIMER ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "# command: ROWS=$ROWS DIMS='$DIMS' REPS=$REPS PLAIN_SQL_ROWS=$PLAIN_SQL_ROWS JSON_ROWS=$JSON_ROWS STORAGES='$STORAGES' FORMS='$FORMS' MARIADB=$MARIADB TIMER=$TIMER bench/vector/run.sh"
[ $HAVE_PGVECTOR = 1 ] || echo "# pgvector: not installed on this machine ($(pg_config --sharedir)/extension/vector.control absent): no pgvector column, no ratios"

ns() { awk -v ms="$1" -v n="$2" 'BEGIN { printf "%.0f", ms * 1e6 / n }'; }

for D in $DIMS; do
	echo
	echo "## $D dimensions"
	"$B/kernel" "$ROWS" "$D" 2>/dev/null | sed 's/^/kernel: /'
	"$B/gen" "$ROWS" "$D" >"$B/vectors.tsv"
	Q=$("$B/gen" 1 "$D" | cut -f2 | tr -d '\n')
	# the query: a fixed vector (first row of a fresh generator run equals row 1; shift it so it is not a row)
	Q=$(echo "$Q" | sed 's/\[/[0.5,/; s/,[^,]*\]$/]/')
	"${PSQL[@]}" -c "DROP TABLE IF EXISTS src; CREATE UNLOGGED TABLE src (id int, txt text)" \
		-c "\\copy src FROM '$B/vectors.tsv'"
	# MariaDB: the same rows
	[ "$MARIADB" = 0 ] || "${MY[@]}" bench -e "DROP TABLE IF EXISTS src, v; CREATE TABLE src (id INT PRIMARY KEY, txt LONGTEXT);
		LOAD DATA LOCAL INFILE '$B/vectors.tsv' INTO TABLE src;
		CREATE TABLE v (id INT PRIMARY KEY, emb VARBINARY($((D * 4))));
		INSERT INTO v SELECT id, vector_from_text(txt) FROM src;" --local-infile=1

	printf '%-9s %-9s %-7s %14s %14s' form storage metric "scan ns/row" "top10 ns/row"
	[ $HAVE_PGVECTOR = 0 ] || printf ' %14s %14s %8s %8s' "pgv scan" "pgv top10" "ratio" "ratio"
	echo
	for storage in $STORAGES; do
		"${PSQL[@]}" <<-SQL
			DROP TABLE IF EXISTS t_real, t_bytea, t_pgv;
			CREATE TABLE t_real (id int, emb real[]);
			ALTER TABLE t_real ALTER COLUMN emb SET STORAGE $storage;
			INSERT INTO t_real SELECT id, schemaops.vector_from_text(txt) FROM src;
			CREATE TABLE t_bytea (id int, emb bytea);
			ALTER TABLE t_bytea ALTER COLUMN emb SET STORAGE $storage;
			INSERT INTO t_bytea SELECT id, schemaops.vector_to_bytea(txt) FROM src;
			VACUUM ANALYZE t_real, t_bytea;
		SQL
		if [ $HAVE_PGVECTOR = 1 ]; then
			"${PSQL[@]}" -c "CREATE TABLE t_pgv (id int, emb vector($D)); ALTER TABLE t_pgv ALTER COLUMN emb SET STORAGE $storage;
				INSERT INTO t_pgv SELECT id, txt::vector FROM src" -c "VACUUM ANALYZE t_pgv"
		fi
		for form in $FORMS; do
			if [ $form = real ]; then QV="schemaops.vector_from_text('$Q')"; else QV="schemaops.vector_to_bytea('$Q'::text)"; fi
			for metric in l2 cosine ip; do
				case $metric in
				l2) f=vector_l2_distance op='<->' ;;
				cosine) f=vector_cosine_distance op='<=>' ;;
				ip) f=vector_negative_inner_product op='<#>' ;;
				esac
				# warm the cache once, then best of REPS
				scan=$(pg_ms "SELECT sum(schemaops.$f(emb, $QV)) FROM t_$form")
				top=$(pg_ms "SELECT count(*) FROM (SELECT id FROM t_$form ORDER BY schemaops.$f(emb, $QV) LIMIT 10) s")
				printf '%-9s %-9s %-7s %14s %14s' "$form" "$storage" "$metric" "$(ns "$scan" "$ROWS")" "$(ns "$top" "$ROWS")"
				if [ $HAVE_PGVECTOR = 1 ]; then
					pscan=$(pg_ms "SELECT sum(emb $op '$Q'::vector) FROM t_pgv")
					ptop=$(pg_ms "SELECT count(*) FROM (SELECT id FROM t_pgv ORDER BY emb $op '$Q'::vector LIMIT 10) s")
					printf ' %14s %14s %8.2f %8.2f' "$(ns "$pscan" "$ROWS")" "$(ns "$ptop" "$ROWS")" \
						"$(awk -v a="$scan" -v b="$pscan" 'BEGIN{print a/b}')" "$(awk -v a="$top" -v b="$ptop" 'BEGIN{print a/b}')"
				fi
				echo
			done
		done
	done
	# plain SQL over real[] (what one writes without any extension), on a subset
	plain=$("${PSQL[@]}" -c "SELECT bench_ms(\$q\$SELECT sum(sqrt((SELECT sum((x - y)::float8 ^ 2) FROM unnest(emb, schemaops.vector_from_text('$Q')) u(x, y)))) FROM (SELECT emb FROM t_real LIMIT $PLAIN_SQL_ROWS) s\$q\$, $REPS)")
	echo "plain SQL over real[] (unnest), l2 full scan: $(ns "$plain" "$PLAIN_SQL_ROWS") ns/row ($PLAIN_SQL_ROWS rows)"
	"${PSQL[@]}" -c "DROP TABLE IF EXISTS t_real, t_bytea, t_pgv, src"
	if [ "$MARIADB" = 0 ]; then
		rm -f "$B/vectors.tsv"
		continue
	fi

	# MariaDB: UDFs over the whole table, JSON_TABLE on a subset
	my_ms() { # query -> best ms of REPS (after one warm-up)
		local best=999999999 i us
		for ((i = 0; i <= REPS; i++)); do
			us=$("${MY[@]}" -N bench -e "SET @t0 = NOW(6); $1; SELECT TIMESTAMPDIFF(MICROSECOND, @t0, NOW(6));" | tail -n 1)
			[ "$i" -eq 0 ] || best=$(awk -v a="$best" -v b="$us" 'BEGIN { print (b / 1000 < a) ? b / 1000 : a }')
		done
		echo "$best"
	}
	printf '%-30s %14s %14s\n' "MariaDB" "scan ns/row" "top10 ns/row"
	for metric in l2 cosine ip; do
		case $metric in
		l2) f=vector_l2_distance ;;
		cosine) f=vector_cosine_distance ;;
		ip) f=vector_negative_inner_product ;;
		esac
		scan=$(my_ms "SELECT SUM($f(emb, vector_from_text('$Q'))) INTO @x FROM v")
		top=$(my_ms "SELECT COUNT(*) INTO @x FROM (SELECT id FROM v ORDER BY $f(emb, vector_from_text('$Q')) LIMIT 10) s")
		printf '%-30s %14s %14s\n' "udf $metric" "$(ns "$scan" "$ROWS")" "$(ns "$top" "$ROWS")"
	done
	"${MY[@]}" bench -e "DROP TABLE IF EXISTS q, e; CREATE TABLE q (i INT PRIMARY KEY, y DOUBLE)
		SELECT j.i, j.y FROM JSON_TABLE('$Q', '\$[*]' COLUMNS (i FOR ORDINALITY, y DOUBLE PATH '\$')) j;"
	json=$(my_ms "SELECT SUM(d) INTO @x FROM (SELECT SQRT(SUM(POW(j.x - q.y, 2))) AS d FROM (SELECT id, txt FROM src WHERE id <= $JSON_ROWS) s, JSON_TABLE(s.txt, '\$[*]' COLUMNS (i FOR ORDINALITY, x DOUBLE PATH '\$')) j JOIN q ON q.i = j.i GROUP BY s.id) t")
	udf_l2=$(my_ms "SELECT SUM(vector_l2_distance(emb, vector_from_text('$Q'))) INTO @x FROM v")
	printf '%-30s %14s   (%s rows; the UDF is %sx faster)\n' "pure SQL JSON_TABLE l2" "$(ns "$json" "$JSON_ROWS")" "$JSON_ROWS" \
		"$(awk -v j="$json" -v jr="$JSON_ROWS" -v u="$udf_l2" -v ur="$ROWS" 'BEGIN { printf "%.0f", (j / jr) / (u / ur) }')"
	"${MY[@]}" bench -e "DROP TABLE IF EXISTS src, v, q"
	rm -f "$B/vectors.tsv"
done
