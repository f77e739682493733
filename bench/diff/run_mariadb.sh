#!/usr/bin/env bash
# bench/diff/run_mariadb.sh: MariaDB schema diff speed, schemaops (in the server) against Skeema (Debian package
# `skeema`, the one MariaDB schema-diff tool Debian ships), on generated pairs of SO_BENCH_SIZES tables (default
# "1000 10000"; bench/diff/gen_mariadb.sh, the same shapes and differences as gen_pg.sh).
#
# For each size N: database so_bench_a_N holds variant a, so_bench_b_N variant b (about one table in ten
# differs, plus N/100 tables added and N/100 dropped). Timed, each the best of SO_BENCH_RUNS (default 3) runs:
#   schemaops snapshot   schemaops.snapshot(db) of each side, server time (NOW(6) around it in one session, no
#                        client transfer), a + b added
#   schemaops diff       schema_diff(doc_a, doc_b, '{"strategy":"full"}') on the two documents, server time
#   schemaops total      snapshot a + snapshot b + diff: what a DBA waits for in the mariadb client
#   skeema diff          `skeema diff` of a directory written by `skeema init` from B against live A (the DDL that
#                        turns A into B), wall time: it loads the files into a scratch schema on the same server
#                        (its default workspace=temp-schema) and reads both from information_schema/SHOW CREATE;
#                        "+init" adds the `skeema init` run that wrote the files
# Skeema is installed here with apt-get (root). The server is a throwaway one in build/bench/diff-mariadb (socket
# only, default configuration, as a user would run it), started and stopped here. SO_BENCH_TIMEOUT (default 600 s)
# bounds each peer run; a run that hits it is printed as "> 600000" ms and its ratio as a lower bound.
# SO_BENCH_REUSE=1 keeps the server and the generated databases of the previous run (the 10,000-table pair takes
# about 6 minutes to generate at load 8). A peer run that takes more than a minute is not repeated.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
DIR=$ROOT/build/bench/diff-mariadb
SIZES=${SO_BENCH_SIZES:-"1000 10000"}
RUNS=${SO_BENCH_RUNS:-3}
TIMEOUT=${SO_BENCH_TIMEOUT:-600}
export SO_MARIADB_PORT=0
export SO_MARIADB_PLUGIN_DIR=$DIR/plugin
mkdir -p "$DIR"

# ---- peer -------------------------------------------------------------------------------------------------
if ! command -v skeema >/dev/null; then
	echo "bench/diff-mariadb: installing skeema (apt)" >&2
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq skeema >/dev/null
fi
SKEEMA_VERSION=$(skeema version 2>/dev/null | head -1)

# ---- server -----------------------------------------------------------------------------------------------
make -s all >/dev/null
mkdir -p "$SO_MARIADB_PLUGIN_DIR"
SOCK=""
if [ "${SO_BENCH_REUSE:-0}" = 1 ] && [ -d "$DIR/my" ]; then
	bash scripts/mariadb_instance.sh resume "$DIR/my" >/dev/null 2>&1 || true
fi
eval "$(bash scripts/mariadb_instance.sh env "$DIR/my")"
SOCK=$SO_MARIADB_SOCKET
if ! mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1; then
	bash scripts/mariadb_instance.sh start "$DIR/my" >/dev/null
	eval "$(bash scripts/mariadb_instance.sh env "$DIR/my")"
	SOCK=$SO_MARIADB_SOCKET
fi
trap 'bash scripts/mariadb_instance.sh stop "$DIR/my" >/dev/null 2>&1 || true' EXIT
# this tree's plugin and routines (a copy: a rebuild must not replace the file under the running server)
rm -f "$SO_MARIADB_PLUGIN_DIR/schemaops.so"
cp mariadb_plugin/schemaops.so "$SO_MARIADB_PLUGIN_DIR/"
MY=(mariadb --no-defaults --socket="$SOCK" -uroot)
"${MY[@]}" -e "INSTALL SONAME 'schemaops'" 2>/dev/null || true
"${MY[@]}" <mariadb_plugin/schemaops.sql
SERVER_VERSION=$("${MY[@]}" -N -e "SELECT VERSION()")

ms() { # ms COMMAND...: wall milliseconds of COMMAND; exit status 1 counts as success (skeema diff: differences)
	local t0 t1 rc=0
	t0=$(date +%s%N)
	timeout "$TIMEOUT" "$@" >"$DIR/last.out" 2>"$DIR/last.err" || rc=$?
	t1=$(date +%s%N)
	if [ $rc -eq 124 ]; then echo "> $((TIMEOUT * 1000))"; return; fi
	if [ $rc -gt 1 ]; then
		echo "bench/diff-mariadb: failed ($rc): $*" >&2
		head -5 "$DIR/last.err" >&2
		echo failed
		return
	fi
	echo $(((t1 - t0) / 1000000))
}
server_ms() { # server_ms SETUP EXPR: server-side milliseconds of SET @r = EXPR, after SETUP, in one session
	"${MY[@]}" -N -e "$1 SET @t0 = NOW(6); SET @r = $2; SELECT TIMESTAMPDIFF(MICROSECOND, @t0, NOW(6)) DIV 1000;"
}
# best, best_server, ratio: shared with the other server's bench
. bench/diff/lib.sh

declare -A R
for n in $SIZES; do
	for v in a b; do
		db=so_bench_${v}_$n
		if [ "${SO_BENCH_REUSE:-0}" = 1 ] && [ "$("${MY[@]}" -N -e "SELECT COUNT(*) FROM information_schema.TABLES
			WHERE TABLE_SCHEMA = '$db' AND TABLE_TYPE = 'BASE TABLE'" 2>/dev/null)" = "$n" ]; then
			echo "bench/diff-mariadb: reusing $db" >&2
			continue
		fi
		echo "bench/diff-mariadb: generating $n tables (variant $v)" >&2
		bash bench/diff/gen_mariadb.sh "$db" "$n" "$v" | "${MY[@]}"
	done
	A=so_bench_a_$n B=so_bench_b_$n
	# one untimed call each first: a server just started reads every table definition from disk once
	R[$n, bytes]=$("${MY[@]}" -N -e "SELECT LENGTH(schemaops.snapshot('$A')), LENGTH(schemaops.snapshot('$B'))" | cut -f1)
	DOCS="SET SESSION group_concat_max_len = 4294967295; SET @a = schemaops.snapshot('$A'); SET @b = schemaops.snapshot('$B');"
	R[$n, snap_a]=$(best_server "" "schemaops.snapshot('$A')")
	R[$n, snap_b]=$(best_server "" "schemaops.snapshot('$B')")
	R[$n, diff]=$(best_server "$DOCS" "schema_diff(@a, @b, '{\"strategy\":\"full\"}')")
	R[$n, ours]=$((R[$n, snap_a] + R[$n, snap_b] + R[$n, diff]))
	R[$n, steps]=$("${MY[@]}" -N -e "$DOCS SELECT JSON_LENGTH(schema_changes_json(@a, @b, '{\"strategy\":\"full\"}'))")
	echo "bench/diff-mariadb: $n tables: schemaops ${R[$n, ours]} ms (snapshots ${R[$n, snap_a]} + ${R[$n, snap_b]}, diff ${R[$n, diff]}, ${R[$n, steps]} steps); skeema..." >&2

	# Skeema: files of B, diffed against live A. Its workspace schema _skeema_tmp lives on the same server.
	sk=$DIR/skeema_$n
	rm -rf "$sk"
	# (skeema takes --dir relative to the working directory, even when it is absolute)
	# (the Go driver's read timeout is raised: at 10,000 tables its default cut `skeema init` off while it read
	# information_schema.COLUMNS, at load 13)
	R[$n, init]=$(cd "$DIR" && ms skeema init --dir "skeema_$n" --socket="$SOCK" -h localhost -u root --schema "$B" \
		--connect-options="readTimeout=$TIMEOUT"s)
	if [ "${R[$n, init]}" = failed ] || [ ! -f "$sk/.skeema" ]; then
		R[$n, skeema]=failed
	else
		sed -i "s/^schema=.*/schema=$A/" "$sk/.skeema"
		R[$n, skeema]=$(cd "$sk" && best ms skeema diff --allow-unsafe --connect-options="readTimeout=$TIMEOUT"s)
		R[$n, skeema_lines]=$(grep -c . "$DIR/last.out" || true)
	fi
	echo "bench/diff-mariadb: $n tables: skeema init ${R[$n, init]} ms, diff ${R[$n, skeema]} ms (${R[$n, skeema_lines]:-0} lines)" >&2
done

echo
echo "MariaDB schema diff, generated pairs (bench/diff/gen_mariadb.sh), best of $RUNS, MariaDB $SERVER_VERSION," \
	"$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peer: $SKEEMA_VERSION (workspace=temp-schema on the same server)"
printf '%-8s %12s %10s %12s %8s %12s %8s %16s %10s\n' tables snapshot diff schemaops steps "skeema diff" ratio "skeema +init" ratio
for n in $SIZES; do
	sd=${R[$n, skeema]}
	sdi=$sd
	case $sd in ">"* | failed) ;; *) sdi=$((sd + R[$n, init])) ;; esac
	printf '%-8s %9s ms %7s ms %9s ms %8s %9s ms %8s %13s ms %10s\n' "$n" \
		"$((R[$n, snap_a] + R[$n, snap_b]))" "${R[$n, diff]}" "${R[$n, ours]}" "${R[$n, steps]}" \
		"$sd" "$(ratio "$sd" "${R[$n, ours]}")" "$sdi" "$(ratio "$sdi" "${R[$n, ours]}")"
done
for n in $SIZES; do
	echo "$n tables: snapshot $(awk -v a="${R[$n, snap_a]}" -v n="$n" 'BEGIN{printf "%.2f", a/n}') ms per table," \
		"document ${R[$n, bytes]} bytes"
done
set -- $SIZES
if [ $# -ge 2 ]; then
	echo "growth ${1} -> ${2} tables (x$(($2 / $1))): schemaops x$(awk -v a="${R[$2, ours]}" -v b="${R[$1, ours]}" 'BEGIN{printf "%.1f", a/b}')," \
		"snapshot x$(awk -v a="$((R[$2, snap_a] + R[$2, snap_b]))" -v b="$((R[$1, snap_a] + R[$1, snap_b]))" 'BEGIN{printf "%.1f", a/b}')," \
		"diff x$(awk -v a="${R[$2, diff]}" -v b="${R[$1, diff]}" 'BEGIN{printf "%.1f", a/(b>0?b:1)}')"
fi
