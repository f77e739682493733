#!/usr/bin/env bash
# tests/e2e/objects_pg.t: convergence of the object-kind mutations (so_obj_mutation in mutations_pg.sh) on
# PostgreSQL. For each mutation N, in one database:
#
#   o_N_a   the fixture (tests/e2e/objects_pg_fixture.sql) + PRE + a marker row: the schema the plan migrates
#   o_N_b   the fixture + PRE + the mutation: the desired state
#   o_N_c   (mutations of kind full) the fixture + PRE + the marker, migrated with strategy additive
#
# Checks per mutation: the pair loads; schema_diff (full) computes and is not empty; under additive, the
# script runs the same statements (kind additive) or leaves only DROP changes once applied (kind full); the
# script applies to o_N_a; the re-diff o_N_a -> o_N_b is empty; pg_dump -s of o_N_a and o_N_b agree (lines
# sorted, schema name replaced, as so_pg_catalog_dump does, but with privileges); the marker row is still there; and, when every
# step has an exact inverse (no lossy or missing down), the down script (ddl_down in reverse order, taken
# before the migration) applies and o_N_a dumps as it did before the migration.
#
# Batched for speed: each phase is one psql session over all mutations (\warn markers split its error output
# per mutation), documents are snapshotted once per schema and state, and the whole database is dumped once
# per phase and split by pg_dump's "Schema:" headers. SO_E2E_ONLY=name,name selects mutations.
set -u
. "$(dirname "$0")/lib.sh"
. "$SO_E2E_DIR/mutations_pg.sh"
. "$SO_E2E_DIR/objects_pg_more.sh"

SO_E2E_PGDATABASE=so_e2e_objects
FIXTURE=$SO_E2E_DIR/objects_pg_fixture.sql
FULL='{"strategy":"full"}'
ADDITIVE='{"strategy":"additive"}'

so_pg_require_server
SO_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/so_e2e_obj.XXXXXX")
if [ "${SO_E2E_KEEP:-0}" = 1 ]; then so_diag "keeping $SO_E2E_TMP (SO_E2E_KEEP=1)"; else trap 'rm -rf "$SO_E2E_TMP"' EXIT; fi
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
so_pg_prepare_db
started=$(date +%s)
T=$SO_E2E_TMP

selected() {
	[ -z "${SO_E2E_ONLY:-}" ] && return 0
	case ",$SO_E2E_ONLY," in *",$1,"*) return 0 ;; esac
	return 1
}

# splits a whole-database pg_dump -s into one normalized file per schema: $T/dump.<tag>.<schema>
split_dump() { # split_dump TAG
	[ -n "${SO_E2E_TIMING:-}" ] && so_diag "dump $1 at $(($(date +%s) - started))s"
	pg_dump -s --no-owner -d "$SO_E2E_PGDATABASE" >"$T/dump.$1.raw" 2>&1
	awk -v dir="$T" -v tag="$1" '
		/^-- Name: .*; Schema: / { s = $0; sub(/.*; Schema: /, "", s); sub(/;.*/, "", s); cur = s; next }
		/^--/ || /^\\(un)?restrict / || /^[[:space:]]*$/ || /^SET / || /^SELECT pg_catalog.set_config/ { next }
		cur != "" && cur != "-" { print > (dir "/dump." tag "." cur ".lines") }
	' "$T/dump.$1.raw"
}

norm_dump() { # norm_dump TAG SCHEMA OUT: as so_pg_catalog_dump normalizes one schema
	sed -E -e "s/(^|[^A-Za-z0-9_])$2([^A-Za-z0-9_]|$)/\\1SCHEMA\\2/g" -e 's/,[[:space:]]*$//' \
		"$T/dump.$1.$2.lines" 2>/dev/null | LC_ALL=C sort >"$3"
}

# batch FILE LOG: runs FILE in one session that goes on after errors; LOG.<i> gets mutation i's errors
# (FILE marks each mutation's part with `\warn @@ i`)
batch() {
	[ -n "${SO_E2E_TIMING:-}" ] && so_diag "$(basename "$1") at $(($(date +%s) - started))s"
	psql -X -q -v ON_ERROR_STOP=0 -d "$SO_E2E_PGDATABASE" -f "$1" >/dev/null 2>"$2"
	awk -v out="$2" '/^@@ [0-9]+$/ { f = out "." $2; printf "" > f; next } f != "" { print >> f }' "$2"
}
failed() { grep -q 'ERROR:' "$1" 2>/dev/null; } # failed LOG.<i>

# snapshots FILE TABLE SCHEMA...: SQL creating table public.TABLE (kept between sessions) (schema, doc) with one snapshot per schema
snapshots() {
	local f=$1 tab=$2 s list=""
	shift 2
	for s in "$@"; do list+="${list:+,}'$s'"; done
	printf 'CREATE UNLOGGED TABLE public.%s AS SELECT s, schemaops.snapshot(s) AS doc FROM unnest(ARRAY[%s]::text[]) AS s;\n' \
		"$tab" "$list" >>"$f"
}

cases=()
for i in "${!SO_OBJ_NAMES[@]}"; do
	selected "${SO_OBJ_NAMES[$i]}" && cases+=("$i")
done

# ---- setup: every schema of every mutation ----
: >"$T/setup.sql"
for i in "${cases[@]}"; do
	printf '\\warn @@ %d\n' "$i" >>"$T/setup.sql"
	for s in a b c; do
		[ "$s" = c ] && [ "${SO_OBJ_KIND[$i]}" != full ] && continue
		printf 'CREATE SCHEMA o_%d_%s;\nSET search_path = o_%d_%s;\n\\i %s\n%s\n' "$i" "$s" "$i" "$s" "$FIXTURE" "${SO_OBJ_PRE[$i]}"
		case $s in a | c) printf "INSERT INTO actor (first_name, last_name) VALUES ('E2E', 'MARKER-ROW');\n" ;; esac
		[ "$s" = b ] && printf '%s\n' "${SO_OBJ_SQL[$i]}"
	done >>"$T/setup.sql"
done
printf 'RESET search_path;\n' >>"$T/setup.sql"
batch "$T/setup.sql" "$T/setup.log"
split_dump before
loaded=()
for i in "${cases[@]}"; do
	! failed "$T/setup.log.$i"
	if so_ok $? "pg objects ${SO_OBJ_NAMES[$i]}: fixture pair loaded, mutation applied"; then
		loaded+=("$i")
	else
		so_diag_file "setup" "$T/setup.log.$i" 30
	fi
done

# ---- plans (and down scripts), from one snapshot of each schema, before anything is migrated ----
: >"$T/plan.sql"
schemas=()
for i in "${loaded[@]}"; do
	schemas+=("o_${i}_a" "o_${i}_b")
	[ "${SO_OBJ_KIND[$i]}" = full ] && schemas+=("o_${i}_c")
done
[ ${#loaded[@]} -gt 0 ] && snapshots "$T/plan.sql" so_before "${schemas[@]}"
printf '\\pset format unaligned\n\\pset tuples_only on\n' >>"$T/plan.sql"
for i in "${loaded[@]}"; do
	pair="FROM public.so_before a, public.so_before b WHERE a.s = 'o_${i}_a' AND b.s = 'o_${i}_b'"
	{
		printf '\\warn @@ %d\n' "$i"
		printf "\\\\o %s\nSELECT schemaops.schema_diff(a.doc, b.doc, '%s'::jsonb) %s;\n" "$T/up.$i.sql" "$FULL" "$pair"
		printf "\\\\o %s\nSELECT schemaops.schema_diff(a.doc, b.doc, '%s'::jsonb) %s;\n" "$T/add.$i.sql" "$ADDITIVE" "$pair"
		# the down script: every step's inverse in reverse order, when each has one that is exact
		printf "\\\\o %s\nSELECT CASE WHEN bool_and(c.ddl_down IS NOT NULL AND c.ddl_down NOT LIKE '--%%' AND NOT c.down_lossy)
			THEN 'BEGIN;' || chr(10) || 'SET LOCAL search_path = o_%d_a, pg_catalog;' || chr(10)
			     || string_agg(c.ddl_down, chr(10) ORDER BY c.seq DESC) || chr(10) || 'COMMIT;' END
			FROM public.so_before a, public.so_before b, schemaops.schema_changes(a.doc, b.doc, '%s'::jsonb) AS c
			WHERE a.s = 'o_%d_a' AND b.s = 'o_%d_b';\n" "$T/down.$i.sql" "$i" "$FULL" "$i" "$i"
		printf '\\o\n'
	} >>"$T/plan.sql"
done
batch "$T/plan.sql" "$T/plan.log"
planned=()
for i in "${loaded[@]}"; do
	name=${SO_OBJ_NAMES[$i]}
	! failed "$T/plan.log.$i" && [ -s "$T/up.$i.sql" ]
	if ! so_ok $? "pg objects $name: schema_diff computed"; then
		so_diag_file "schema_diff" "$T/plan.log.$i"
		continue
	fi
	! so_script_is_empty "$T/up.$i.sql"
	if ! so_ok $? "pg objects $name: script is not empty"; then
		so_diag_file "script" "$T/up.$i.sql"
		continue
	fi
	if [ "${SO_OBJ_KIND[$i]}" = additive ]; then
		diff -u <(so_script_statements "$T/up.$i.sql") <(so_script_statements "$T/add.$i.sql") >"$T/add.$i.diff"
		so_ok $? "pg objects $name [additive]: the additive script runs the same statements as the full one" ||
			so_diag_file "full vs additive statements" "$T/add.$i.diff" 40
	fi
	planned+=("$i")
done

# ---- migrate: a with the full plan, c (kind full) with the additive one ----
: >"$T/apply.sql"
for i in "${planned[@]}"; do
	printf '\\warn @@ %d\n\\i %s\n' "$i" "$T/up.$i.sql" >>"$T/apply.sql"
	if [ "${SO_OBJ_KIND[$i]}" = full ]; then
		sed "s/o_${i}_a/o_${i}_c/g" "$T/add.$i.sql" >"$T/addc.$i.sql"
		printf '\\warn @@ %d\n\\i %s\n' "$((i + 100000))" "$T/addc.$i.sql" >>"$T/apply.sql"
	fi
done
batch "$T/apply.sql" "$T/apply.log"
applied=()
for i in "${planned[@]}"; do
	name=${SO_OBJ_NAMES[$i]}
	! failed "$T/apply.log.$i"
	if so_ok $? "pg objects $name: script applies (no error)"; then
		applied+=("$i")
	else
		so_diag_file "mutation" <(printf '%s\n' "${SO_OBJ_SQL[$i]}")
		so_diag_file "script" "$T/up.$i.sql"
		so_diag_file "psql" "$T/apply.log.$i" 20
	fi
done

# ---- re-diff, from fresh snapshots of the migrated schemas ----
: >"$T/after.sql"
schemas=()
for i in "${planned[@]}"; do
	schemas+=("o_${i}_a")
	[ "${SO_OBJ_KIND[$i]}" = full ] && schemas+=("o_${i}_c")
done
[ ${#planned[@]} -gt 0 ] && snapshots "$T/after.sql" so_after "${schemas[@]}"
printf "\\\\pset format unaligned\n\\\\pset tuples_only on\n\\\\pset fieldsep ' | '\n" >>"$T/after.sql"
for i in "${planned[@]}"; do
	for s in a c; do
		[ "$s" = c ] && [ "${SO_OBJ_KIND[$i]}" != full ] && continue
		printf "\\\\warn @@ %d\n\\\\o %s\nSELECT c.seq, c.action, c.object_type, c.object_name, c.hazards::text
			FROM public.so_after a, public.so_before b, schemaops.schema_changes(a.doc, b.doc, '%s'::jsonb) AS c
			WHERE a.s = 'o_%d_%s' AND b.s = 'o_%d_b' ORDER BY c.seq;\n\\\\o\n" \
			"$([ $s = a ] && echo "$i" || echo $((i + 100000)))" "$T/res$s.$i.txt" "$FULL" "$i" "$s" "$i"
	done >>"$T/after.sql"
	printf "\\\\o %s\nSELECT count(*) FROM o_%d_a.actor WHERE last_name = 'MARKER-ROW';\n\\\\o\n" "$T/marker.$i.txt" "$i" \
		>>"$T/after.sql"
done
batch "$T/after.sql" "$T/after.log"
split_dump up
for i in "${planned[@]}"; do
	name=${SO_OBJ_NAMES[$i]}
	if [ "${SO_OBJ_KIND[$i]}" = full ]; then
		! failed "$T/apply.log.$((i + 100000))" && [ -s "$T/resc.$i.txt" ] &&
			! awk -F ' [|] ' '$2 != "DROP"' "$T/resc.$i.txt" | grep -q .
		if ! so_ok $? "pg objects $name [additive]: the additive script applies and drops nothing (only DROP changes remain)"; then
			so_diag_file "additive script" "$T/addc.$i.sql"
			so_diag_file "psql" "$T/apply.log.$((i + 100000))" 20
			so_diag_file "remaining changes" "$T/resc.$i.txt"
		fi
	fi
	case " ${applied[*]} " in *" $i "*) ;; *) continue ;; esac
	! failed "$T/after.log.$i" && [ ! -s "$T/resa.$i.txt" ]
	if ! so_ok $? "pg objects $name: re-diff is empty"; then
		so_diag_file "script applied" "$T/up.$i.sql"
		so_diag_file "remaining changes" "$T/resa.$i.txt"
		so_diag_file "errors" "$T/after.log.$i"
	fi
	norm_dump up "o_${i}_a" "$T/d.$i.a"
	norm_dump up "o_${i}_b" "$T/d.$i.b"
	[ -s "$T/d.$i.a" ] && diff -u "$T/d.$i.a" "$T/d.$i.b" >"$T/d.$i.diff"
	if ! so_ok $? "pg objects $name: pg_dump -s of a and b agree (lines sorted)"; then
		so_diag_file "script applied" "$T/up.$i.sql"
		so_diag_file "dump a vs b" "$T/d.$i.diff" 40
	fi
	[ "$(cat "$T/marker.$i.txt" 2>/dev/null)" = 1 ]
	so_ok $? "pg objects $name: marker row kept"
done

# ---- roll back with the down scripts ----
: >"$T/down.sql"
rolled=()
for i in "${applied[@]}"; do
	if grep -q '^BEGIN;' "$T/down.$i.sql"; then
		printf '\\warn @@ %d\n\\i %s\n' "$i" "$T/down.$i.sql" >>"$T/down.sql"
		rolled+=("$i")
	else
		so_skip "a step has no exact inverse (lossy or none)" "pg objects ${SO_OBJ_NAMES[$i]}: down script round trip"
	fi
done
if [ ${#rolled[@]} -gt 0 ]; then
	batch "$T/down.sql" "$T/downapply.log"
	split_dump down
	for i in "${rolled[@]}"; do
		name=${SO_OBJ_NAMES[$i]}
		! failed "$T/downapply.log.$i"
		if ! so_ok $? "pg objects $name: down script applies"; then
			so_diag_file "down script" "$T/down.$i.sql"
			so_diag_file "psql" "$T/downapply.log.$i" 20
			continue
		fi
		norm_dump down "o_${i}_a" "$T/dd.$i.a"
		norm_dump before "o_${i}_a" "$T/dd.$i.o"
		[ -s "$T/dd.$i.a" ] && diff -u "$T/dd.$i.a" "$T/dd.$i.o" >"$T/dd.$i.diff"
		if ! so_ok $? "pg objects $name: after the down script, pg_dump -s equals the original's"; then
			so_diag_file "down script" "$T/down.$i.sql"
			so_diag_file "dump a (rolled back) vs original" "$T/dd.$i.diff" 40
		fi
	done
fi

so_diag "objects_pg: ${#cases[@]} mutations, $SO_TAP_N checks in $(($(date +%s) - started))s"
so_done_testing
