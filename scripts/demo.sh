#!/usr/bin/env bash
# scripts/demo.sh: what `make demo` runs after deps and build.
#
# Starts throwaway PostgreSQL 15 and MariaDB 10.11 instances (scripts/pg_instance.sh, scripts/mariadb_instance.sh),
# installs schemaops into both, loads Pagila into pagila_v1/pagila_v2 and Sakila into sakila_v1/sakila_v2, applies
# a realistic bundle of changes to the v2 copies and prints what schemaops makes of them:
#   PostgreSQL: SELECT schemaops.schema_diff('pagila_v1', 'pagila_v2');  and the schema_changes table
#   MariaDB:    SELECT schema_diff(schemaops.snapshot('sakila_v1'), schemaops.snapshot('sakila_v2'));
# Then stops both servers, unless SO_DEMO_KEEP=1: then they keep running and the script prints how to connect.
#
# Environment: SO_DEMO_DIR (default build/run/demo) holds the instances; SO_DEMO_KEEP=1 keeps them.
# Fixtures come from ../shared/fixtures beside the repository.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${SO_DEMO_DIR:-$REPO/build/run/demo}
export SO_E2E_PGDATABASE=${SO_DEMO_PGDATABASE:-schemaops_demo}
. "$REPO/tests/e2e/lib.sh"

for f in "$SO_PG_FIXTURE" "$SO_MARIADB_FIXTURE"; do
	[ -r "$f" ] || { echo "demo: fixture missing: $f (clone the repository with shared/ beside it)" >&2; exit 1; }
done
for s in pg_instance.sh mariadb_instance.sh; do
	[ -x "$REPO/scripts/$s" ] || { echo "demo: scripts/$s is missing" >&2; exit 1; }
done

started_pg=0
started_mariadb=0
stop_servers() {
	local rc=$?
	if [ "${SO_DEMO_KEEP:-0}" = 1 ] && [ "$rc" -eq 0 ]; then
		return
	fi
	[ "$started_mariadb" = 1 ] && "$REPO/scripts/mariadb_instance.sh" stop "$RUN/mariadb" >/dev/null 2>&1 || true
	[ "$started_pg" = 1 ] && "$REPO/scripts/pg_instance.sh" stop "$RUN/pg" >/dev/null 2>&1 || true
	[ "$rc" -eq 0 ] || echo "demo: failed (exit $rc); servers stopped" >&2
}
trap stop_servers EXIT

banner() { printf '\n\033[1m==== %s ====\033[0m\n\n' "$*"; }
show_query() { printf '\033[36m%s\033[0m %s\n\n' "$1" "$2"; }

mkdir -p "$RUN"
SO_E2E_TMP=$RUN/tmp
rm -rf "$SO_E2E_TMP"
mkdir -p "$SO_E2E_TMP"

banner "starting throwaway servers under $RUN"
"$REPO/scripts/pg_instance.sh" start "$RUN/pg"
started_pg=1
eval "$("$REPO/scripts/pg_instance.sh" env "$RUN/pg")"
"$REPO/scripts/mariadb_instance.sh" start "$RUN/mariadb"
started_mariadb=1
eval "$("$REPO/scripts/mariadb_instance.sh" env "$RUN/mariadb")"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# ------------------------------------------------------------------------------------------------------------
banner "PostgreSQL: Pagila -> pagila_v1, pagila_v2"
# CREATE EXTENSION reads the control file and script from the server's directories: install the build there
# unless the installed copy is already the built one.
[ -r "$REPO/pg_extension/schemaops.so" ] || { echo "demo: pg_extension/schemaops.so is not built" >&2; exit 1; }
pg_installed() {
	local f
	cmp -s "$REPO/pg_extension/schemaops.so" "$(pg_config --pkglibdir)/schemaops.so" || return 1
	for f in "$REPO/pg_extension/schemaops.control" "$REPO"/pg_extension/sql/schemaops--*.sql; do
		cmp -s "$f" "$(pg_config --sharedir)/extension/$(basename "$f")" || return 1
	done
}
if ! pg_installed; then
	make -s -C "$REPO/pg_extension" install >"$SO_E2E_TMP/pg_install.log" 2>&1 ||
		{ cat "$SO_E2E_TMP/pg_install.log" >&2; echo "demo: make -C pg_extension install failed" >&2; exit 1; }
fi
so_pg_prepare_db
so_pg_load_fixture pagila_v1
so_pg_load_fixture pagila_v2

# The kind of change set a release brings: new columns (one NOT NULL with a default), a dropped column, retyped
# columns, a tightened NOT NULL, a new default, new indexes (partial, expression) and a dropped one, a new table
# with identity, FK and check, an FK that now cascades, a new check and a comment. Targets avoid the columns
# Pagila's views read (PostgreSQL would refuse to retype or drop those).
cat >"$SO_E2E_TMP/pagila_changes.sql" <<'SQL'
SET search_path = pagila_v2;
ALTER TABLE customer ADD COLUMN loyalty_tier text;
ALTER TABLE customer ADD COLUMN marketing_opt_in boolean NOT NULL DEFAULT false;
ALTER TABLE customer DROP COLUMN active;
ALTER TABLE customer ALTER COLUMN email SET NOT NULL;
ALTER TABLE rental ALTER COLUMN staff_id TYPE bigint;
ALTER TABLE staff ALTER COLUMN password TYPE varchar(72);
ALTER TABLE film ALTER COLUMN rental_duration SET DEFAULT 5;
ALTER TABLE customer ALTER COLUMN create_date DROP DEFAULT;
CREATE INDEX idx_rental_open ON rental (inventory_id) WHERE return_date IS NULL;
CREATE INDEX idx_customer_lower_email ON customer (lower(email));
DROP INDEX idx_title;
CREATE TABLE film_review (
    review_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    film_id integer NOT NULL REFERENCES film (film_id) ON DELETE CASCADE,
    stars smallint NOT NULL CONSTRAINT film_review_stars_check CHECK (stars BETWEEN 1 AND 5),
    body text,
    created_at timestamp with time zone NOT NULL DEFAULT now()
);
ALTER TABLE film_actor DROP CONSTRAINT film_actor_film_id_fkey;
ALTER TABLE film_actor ADD CONSTRAINT film_actor_film_id_fkey FOREIGN KEY (film_id)
    REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE film ADD CONSTRAINT film_length_positive CHECK (length > 0);
COMMENT ON TABLE inventory IS 'one row per physical copy of a film';
SQL
echo "changes applied to pagila_v2:"
grep -v '^SET search_path' "$SO_E2E_TMP/pagila_changes.sql" | sed 's/^/    /'
so_psql -f "$SO_E2E_TMP/pagila_changes.sql" >/dev/null

banner "PostgreSQL: the migration script (default strategy: additive, drops listed but not run)"
show_query "psql>" "SELECT schemaops.schema_diff('pagila_v1', 'pagila_v2');"
so_psql -At -c "SELECT schemaops.schema_diff('pagila_v1', 'pagila_v2')"

banner "PostgreSQL: one row per change"
show_query "psql>" "SELECT seq, action, object_type, object_name, severity, risk, hazards FROM schemaops.schema_changes('pagila_v1', 'pagila_v2');"
so_psql -P pager=off -c "SELECT seq, action, object_type, object_name, severity, risk, hazards
	FROM schemaops.schema_changes('pagila_v1', 'pagila_v2') ORDER BY seq"

# ------------------------------------------------------------------------------------------------------------
banner "MariaDB: Sakila -> sakila_v1, sakila_v2"
[ -r "$REPO/mariadb_plugin/schemaops.so" ] || { echo "demo: mariadb_plugin/schemaops.so is not built" >&2; exit 1; }
so_mariadb_install_schemaops
so_mariadb_load_fixture sakila_v1
so_mariadb_load_fixture sakila_v2

cat >"$SO_E2E_TMP/sakila_changes.sql" <<'SQL'
USE sakila_v2;
ALTER TABLE customer ADD COLUMN loyalty_tier VARCHAR(20) NULL;
ALTER TABLE customer ADD COLUMN marketing_opt_in TINYINT(1) NOT NULL DEFAULT 0;
ALTER TABLE customer DROP COLUMN create_date;
ALTER TABLE customer MODIFY email VARCHAR(50) NOT NULL;
ALTER TABLE address MODIFY address2 VARCHAR(120) DEFAULT NULL;
ALTER TABLE film MODIFY length INT UNSIGNED DEFAULT NULL;
ALTER TABLE film ALTER COLUMN rental_duration SET DEFAULT 5;
CREATE INDEX idx_address_prefix ON address (address(10));
CREATE FULLTEXT INDEX ft_film_description ON film (description);
DROP INDEX idx_title ON film;
CREATE TABLE film_review (
    review_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    film_id SMALLINT UNSIGNED NOT NULL,
    stars TINYINT NOT NULL,
    body TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (review_id),
    KEY idx_fk_film_review_film (film_id),
    CONSTRAINT fk_film_review_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE CASCADE,
    CONSTRAINT chk_film_review_stars CHECK (stars BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE film_actor DROP FOREIGN KEY fk_film_actor_film;
ALTER TABLE film_actor ADD CONSTRAINT fk_film_actor_film FOREIGN KEY (film_id)
    REFERENCES film (film_id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE film ADD CONSTRAINT chk_film_rental_rate CHECK (rental_rate >= 0);
ALTER TABLE inventory COMMENT = 'one row per physical copy of a film';
SQL
echo "changes applied to sakila_v2:"
grep -v '^USE ' "$SO_E2E_TMP/sakila_changes.sql" | sed 's/^/    /'
so_mariadb <"$SO_E2E_TMP/sakila_changes.sql"

banner "MariaDB: the migration script (default strategy: additive)"
show_query "mariadb>" "SELECT schema_diff(schemaops.snapshot('sakila_v1'), schemaops.snapshot('sakila_v2'));"
so_mariadb --batch --raw --skip-column-names \
	-e "SELECT schema_diff(schemaops.snapshot('sakila_v1'), schemaops.snapshot('sakila_v2'))"

banner "MariaDB: one row per change (schema_changes_json through JSON_TABLE)"
show_query "mariadb>" "SELECT j.* FROM JSON_TABLE(schema_changes_json(schemaops.snapshot('sakila_v1'), schemaops.snapshot('sakila_v2')), '\$[*]' COLUMNS (...)) AS j;"
so_mariadb --table -e "SELECT j.* FROM JSON_TABLE(
	schema_changes_json(schemaops.snapshot('sakila_v1'), schemaops.snapshot('sakila_v2')), '\$[*]' COLUMNS (
		seq INT PATH '\$.seq', action VARCHAR(16) PATH '\$.action', object_type VARCHAR(24) PATH '\$.object_type',
		object_name VARCHAR(64) PATH '\$.object_name', severity VARCHAR(10) PATH '\$.severity',
		risk INT PATH '\$.risk', skipped VARCHAR(5) PATH '\$.skipped')) AS j ORDER BY j.seq"

# ------------------------------------------------------------------------------------------------------------
if [ "${SO_DEMO_KEEP:-0}" = 1 ]; then
	banner "servers kept running (SO_DEMO_KEEP=1)"
	cat <<EOF
PostgreSQL:  PGHOST=$PGHOST PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} psql -d $SO_E2E_PGDATABASE
MariaDB:     mariadb --socket=$SO_MARIADB_SOCKET -u$SO_MARIADB_USER sakila_v1
Stop them:   $REPO/scripts/pg_instance.sh stop $RUN/pg && $REPO/scripts/mariadb_instance.sh stop $RUN/mariadb
EOF
else
	banner "done; stopping the servers (SO_DEMO_KEEP=1 keeps them running)"
fi
