# tests/e2e/lib.sh: helpers shared by the end-to-end tests and scripts/demo.sh (sourced, bash only).
#
# Connections come from the environment the infrastructure scripts export:
#   PostgreSQL: PGHOST, PGPORT, PGUSER (libpq's own variables); the database is SO_E2E_PGDATABASE
#               (default so_e2e), created by so_pg_prepare_db.
#   MariaDB:    SO_MARIADB_SOCKET (Unix socket), SO_MARIADB_USER (default root).
# Fixtures are read from $SO_REPO/../shared/fixtures (CI clones the repository with shared/ beside it).

SO_E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SO_REPO=${SO_REPO:-$(cd "$SO_E2E_DIR/../.." && pwd)}
SO_FIXTURES=${SO_FIXTURES:-$SO_REPO/../shared/fixtures}
SO_PG_FIXTURE=$SO_FIXTURES/pg/pagila-schema.sql
SO_MARIADB_FIXTURE=$SO_FIXTURES/mariadb/sakila-schema.sql
SO_E2E_PGDATABASE=${SO_E2E_PGDATABASE:-so_e2e}
SO_MARIADB_USER=${SO_MARIADB_USER:-root}

# ---------------------------------------------------------------------------------------------------------
# TAP. Counters live in the sourcing shell; so_done_testing prints the plan at the end, so a test that dies
# early is reported by prove as a wrong plan rather than passing silently.

SO_TAP_N=0
SO_TAP_FAILED=0

# SO_TAP_TODO, when set, marks the next results as TODO (a known bug of someone else's code, named in the
# reason): prove reports them but they do not fail the run, and it says "TODO passed" once the bug is fixed.
SO_TAP_TODO=""

so_ok() { # so_ok STATUS NAME: STATUS 0 is a pass
	local status=$1
	shift
	SO_TAP_N=$((SO_TAP_N + 1))
	if [ -n "$SO_TAP_TODO" ]; then
		if [ "$status" -eq 0 ]; then printf 'ok %d - %s # TODO %s\n' "$SO_TAP_N" "$*" "$SO_TAP_TODO"
		else printf 'not ok %d - %s # TODO %s\n' "$SO_TAP_N" "$*" "$SO_TAP_TODO"; fi
		return "$status"
	fi
	if [ "$status" -eq 0 ]; then
		printf 'ok %d - %s\n' "$SO_TAP_N" "$*"
	else
		SO_TAP_FAILED=$((SO_TAP_FAILED + 1))
		printf 'not ok %d - %s\n' "$SO_TAP_N" "$*"
	fi
	return "$status"
}

so_skip() { # so_skip REASON NAME
	SO_TAP_N=$((SO_TAP_N + 1))
	printf 'ok %d - %s # SKIP %s\n' "$SO_TAP_N" "$2" "$1"
}

so_diag() { # so_diag TEXT...: each line as a TAP comment (on stderr, as Test::More does for failures)
	printf '%s\n' "$@" | sed 's/^/# /' >&2
}

so_diag_file() { # so_diag_file TITLE FILE [MAXLINES]
	local max=${3:-200}
	so_diag "---- $1 ----"
	if [ -s "$2" ]; then
		head -n "$max" "$2" | sed 's/^/# /' >&2
		[ "$(wc -l <"$2")" -gt "$max" ] && so_diag "(truncated at $max lines)"
	else
		so_diag "(empty)"
	fi
	return 0
}

so_bail() { # so_bail REASON: stops the whole prove run with a readable reason
	printf 'Bail out! %s\n' "$*"
	exit 255
}

so_done_testing() {
	printf '1..%d\n' "$SO_TAP_N"
	[ "$SO_TAP_FAILED" -eq 0 ]
}

so_require_fixture() { # so_require_fixture FILE
	[ -r "$1" ] || so_bail "fixture missing: $1 (CI clones the repository with shared/ beside it; expected \$REPO/../shared/fixtures)"
}

so_check_ident() { # identifiers we paste into SQL must be plain lower-case names
	[[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || so_bail "not a plain identifier: '$1'"
}

# ---------------------------------------------------------------------------------------------------------
# PostgreSQL

so_psql() { # so_psql [psql args...]: quiet, no psqlrc, stop at the first error, against the e2e database
	psql -X -q -v ON_ERROR_STOP=1 -d "$SO_E2E_PGDATABASE" "$@"
}

so_psql_val() { # so_psql_val SQL: one value, unaligned, no headers
	psql -X -q -v ON_ERROR_STOP=1 -At -d "$SO_E2E_PGDATABASE" -c "$1"
}

so_pg_require_server() {
	command -v psql >/dev/null || so_bail "psql not found (run make deps)"
	[ -n "${PGHOST:-}" ] || so_bail "PGHOST is not set: run the tests through scripts/run-tests.sh (it starts the servers)"
	psql -X -q -At -d postgres -c 'select 1' >/dev/null 2>&1 ||
		so_bail "cannot connect to PostgreSQL at PGHOST=$PGHOST PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}"
}

# Creates the e2e database afresh (UTF8: Pagila has a domain named "bıgınt") and installs the extension.
so_pg_prepare_db() {
	psql -X -q -v ON_ERROR_STOP=1 -d postgres \
		-c "DROP DATABASE IF EXISTS $SO_E2E_PGDATABASE" \
		-c "CREATE DATABASE $SO_E2E_PGDATABASE TEMPLATE template0 ENCODING 'UTF8'" >/dev/null ||
		so_bail "cannot create database $SO_E2E_PGDATABASE"
	so_psql -c 'CREATE EXTENSION schemaops' >/dev/null 2>"${TMPDIR:-/tmp}/so_e2e_ext.$$" || {
		cat "${TMPDIR:-/tmp}/so_e2e_ext.$$" >&2
		rm -f "${TMPDIR:-/tmp}/so_e2e_ext.$$"
		so_bail "CREATE EXTENSION schemaops failed (is the extension built and installed?)"
	}
	rm -f "${TMPDIR:-/tmp}/so_e2e_ext.$$"
}

# Writes the Pagila dump rewritten to build everything in schema SCHEMA instead of `public`.
# pg_dump qualifies every object it creates or references with `public.` (tables, sequences in
# nextval('public.x_seq'::regclass), types in casts ('G'::public.mpaa_rating), functions in views and
# aggregates); function bodies are not qualified and are not touched (they resolve through search_path at run
# time, and check_function_bodies is off in the dump). Statements about the schema itself (ALTER SCHEMA public
# OWNER, GRANT/REVOKE ON SCHEMA public) are dropped, as are OWNER TO lines (the test user owns everything).
# The result is checked: no `public` may remain outside comments, so a new kind of reference in a future dump
# fails loudly here instead of silently creating objects in public.
so_pg_fixture_sql() { # so_pg_fixture_sql SCHEMA OUTFILE
	local schema=$1 out=$2
	so_check_ident "$schema"
	so_require_fixture "$SO_PG_FIXTURE"
	{
		printf 'CREATE SCHEMA %s;\n' "$schema"
		sed -E \
			-e '/^ALTER SCHEMA public /d' \
			-e '/^(GRANT|REVOKE) .* ON SCHEMA public /d' \
			-e '/^ALTER [A-Z ]+ .* OWNER TO [^ ;]+;$/d' \
			-e "s/(^|[^A-Za-z0-9_\"])public\\./\\1$schema./g" \
			"$SO_PG_FIXTURE"
	} >"$out"
	if grep -v '^--' "$out" | grep -Eq '(^|[^A-Za-z0-9_])public([^A-Za-z0-9_]|$)'; then
		grep -nv '^--' "$out" | grep -E '(^|[^A-Za-z0-9_])public([^A-Za-z0-9_]|$)' | head -5 >&2
		so_bail "pagila rewrite left references to schema public (see above)"
	fi
}

# Loads Pagila into SCHEMA (dropped first). Uses a cached rewritten file per schema name.
so_pg_load_fixture() { # so_pg_load_fixture SCHEMA
	local schema=$1 cache=${SO_E2E_TMP:?}/pagila.$1.sql
	[ -s "$cache" ] || so_pg_fixture_sql "$schema" "$cache"
	so_psql -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "SET client_min_messages = warning" >/dev/null 2>&1
	so_psql -f "$cache" >/dev/null
}

# ---------------------------------------------------------------------------------------------------------
# MariaDB

so_mariadb() { # so_mariadb [mariadb args...]
	mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -u"$SO_MARIADB_USER" "$@"
}

so_mariadb_val() { # so_mariadb_val SQL: raw value(s), no headers
	mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -u"$SO_MARIADB_USER" --batch --raw --skip-column-names -e "$1"
}

so_mariadb_require_server() {
	command -v mariadb >/dev/null || so_bail "mariadb client not found (run make deps)"
	[ -n "${SO_MARIADB_SOCKET:-}" ] || so_bail "SO_MARIADB_SOCKET is not set: run the tests through scripts/run-tests.sh (it starts the servers)"
	so_mariadb_val 'select 1' >/dev/null 2>&1 || so_bail "cannot connect to MariaDB at socket $SO_MARIADB_SOCKET"
}

# Installs the plugin, the UDFs and the SQL layer unless they are there already (the infrastructure may have
# done it). The install script is run as is; it is expected to be idempotent.
so_mariadb_install_schemaops() {
	local have
	have=$(so_mariadb_val "SELECT COUNT(*) FROM mysql.func WHERE name = 'schema_diff'") ||
		so_bail "cannot query mysql.func"
	if [ "$have" = 0 ] &&
		[ "$(so_mariadb_val "SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'schemaops'")" = 0 ]; then
		# mariadb_instance.sh leaves copying the plugin to its caller. Only while the server has not loaded it:
		# overwriting a loaded shared object in place would crash the server.
		local pdir=${SO_MARIADB_PLUGIN_DIR:-}
		[ -n "$pdir" ] || pdir=$(so_mariadb_val "SELECT @@plugin_dir")
		if [ -n "$pdir" ] && [ "$SO_REPO/mariadb_plugin/schemaops.so" -nt "$pdir/schemaops.so" ]; then
			rm -f "$pdir/schemaops.so"
			cp "$SO_REPO/mariadb_plugin/schemaops.so" "$pdir/" || so_bail "cannot copy schemaops.so into $pdir"
		fi
		so_mariadb -e "INSTALL SONAME 'schemaops'" ||
			so_bail "INSTALL SONAME 'schemaops' failed (is the plugin built and in the server's plugin_dir?)"
	fi
	[ -r "$SO_REPO/mariadb_plugin/schemaops.sql" ] || so_bail "mariadb_plugin/schemaops.sql is missing"
	if [ "$(so_mariadb_val "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'schemaops' AND ROUTINE_NAME = 'snapshot'")" = 0 ] ||
		[ "$have" = 0 ]; then
		so_mariadb <"$SO_REPO/mariadb_plugin/schemaops.sql" || so_bail "mariadb_plugin/schemaops.sql failed"
	fi
	[ "$(so_mariadb_val "SELECT COUNT(*) FROM mysql.func WHERE name = 'schema_diff'")" != 0 ] ||
		so_bail "UDF schema_diff is not installed after running mariadb_plugin/schemaops.sql"
}

# Writes the Sakila script rewritten to create database DB instead of `sakila`: the DROP/CREATE SCHEMA and USE
# lines and the `sakila.` qualifiers of the actor_info view. Checked like the Pagila rewrite.
so_mariadb_fixture_sql() { # so_mariadb_fixture_sql DB OUTFILE
	local db=$1 out=$2
	so_check_ident "$db"
	so_require_fixture "$SO_MARIADB_FIXTURE"
	sed -E \
		-e "s/^DROP SCHEMA IF EXISTS sakila;/DROP SCHEMA IF EXISTS $db;/" \
		-e "s/^CREATE SCHEMA sakila;/CREATE SCHEMA $db;/" \
		-e "s/^USE sakila;/USE $db;/" \
		-e "s/(^|[^A-Za-z0-9_\`])sakila\\./\\1$db./g" \
		"$SO_MARIADB_FIXTURE" >"$out"
	if grep -v '^--' "$out" | grep -Eq '(^|[^A-Za-z0-9_])sakila([^A-Za-z0-9_]|$)'; then
		grep -nv '^--' "$out" | grep -E '(^|[^A-Za-z0-9_])sakila([^A-Za-z0-9_]|$)' | head -5 >&2
		so_bail "sakila rewrite left references to database sakila (see above)"
	fi
}

so_mariadb_load_fixture() { # so_mariadb_load_fixture DB (the script drops DB first)
	local db=$1 cache=${SO_E2E_TMP:?}/sakila.$1.sql
	[ -s "$cache" ] || so_mariadb_fixture_sql "$db" "$cache"
	so_mariadb <"$cache"
}

# ---------------------------------------------------------------------------------------------------------
# Scripts

# A script is "empty" when nothing but the wrapper is left once comments and blank lines are removed:
# BEGIN/START TRANSACTION, COMMIT, SET [LOCAL] name = value / TO value, RESET name, USE db. (so_changeset_script
# wraps even an empty change set: a header comment saying "no changes", the preamble and COMMIT; a script with
# steps that run outside a transaction (CREATE INDEX CONCURRENTLY) sets the timeouts for the session, opens and
# commits its own transaction blocks and RESETs the settings at the end. Such a script is applied as it is, by
# psql -f in autocommit mode: never with --single-transaction.)
so_script_statements() { # so_script_statements FILE: prints the statements that are not the wrapper
	grep -Eiv '^[[:space:]]*(--.*)?$|^[[:space:]]*(BEGIN|COMMIT|START TRANSACTION)[[:space:]]*;[[:space:]]*$|^[[:space:]]*SET[[:space:]]+(LOCAL[[:space:]]+|SESSION[[:space:]]+)?[A-Za-z_.@]+[[:space:]]*(=|TO)[[:space:]]*.*;[[:space:]]*$|^[[:space:]]*RESET[[:space:]]+[A-Za-z_.]+[[:space:]]*;[[:space:]]*$|^[[:space:]]*USE[[:space:]]+[^[:space:]]+[[:space:]]*;[[:space:]]*$' "$1"
	return 0
}

so_script_is_empty() { # so_script_is_empty FILE
	[ -z "$(so_script_statements "$1")" ]
}

# ---------------------------------------------------------------------------------------------------------
# An oracle independent of schemaops: the servers' own dump tools. Two schemas have converged when their
# schema-only dumps, with the schema name replaced and the lines sorted, are equal. Sorting makes the check
# blind to column order (PostgreSQL cannot reorder columns: a column dropped and added again comes last) and to
# the order in which the server lists keys; trailing commas are dropped for the same reason. It still sees any
# column, default, ON UPDATE clause, collation, comment, index, constraint, trigger or view the snapshot might
# not read.
so_pg_catalog_dump() { # so_pg_catalog_dump SCHEMA OUT
	# \restrict/\unrestrict carry a random key (pg_dump 15.14+)
	pg_dump -s --no-owner --no-privileges -n "$1" -d "$SO_E2E_PGDATABASE" 2>&1 |
		sed -E -e '/^--/d' -e '/^\\(un)?restrict /d' -e '/^[[:space:]]*$/d' -e "s/(^|[^A-Za-z0-9_])$1([^A-Za-z0-9_]|$)/\\1SCHEMA\\2/g" \
			-e 's/,[[:space:]]*$//' | LC_ALL=C sort >"$2"
}

so_mariadb_catalog_dump() { # so_mariadb_catalog_dump DB OUT
	mariadb-dump --no-defaults --socket="$SO_MARIADB_SOCKET" -u"$SO_MARIADB_USER" --no-data --skip-comments \
		--routines --triggers --skip-dump-date "$1" 2>&1 |
		sed -E -e '/^--/d' -e '/^[[:space:]]*$/d' -e "s/(^|[^A-Za-z0-9_])$1([^A-Za-z0-9_]|$)/\\1SCHEMA\\2/g" \
			-e 's/ AUTO_INCREMENT=[0-9]+//' -e 's/,[[:space:]]*$//' | LC_ALL=C sort >"$2"
}
