#!/usr/bin/env bash
# tests/lib/rls_mariadb.t: the MariaDB row-level security emulation on a real server (docs/rls.md, MariaDB).
#
# Starts its own throwaway MariaDB (build/run/rls-mariadb, socket only) with the hardened-mode key given as a
# server option (--loose-schemaops-tenant-secret), installs the plugin and schemaops.sql, and checks:
#   1. the key is invisible to SQL (SHOW VARIABLES, information_schema, @@, SET GLOBAL);
#   2. the leak matrix, plain mode: roles (application, owner = view definer, privileged DBA) x commands
#      (SELECT, INSERT, UPDATE, UPDATE moving a row to another tenant, DELETE, REPLACE, INSERT ... ON DUPLICATE
#      KEY UPDATE, LOAD DATA) x tenant settings (unset, empty, blanks, own, other, other spelt in upper case,
#      injection-like strings), on a text and an integer tenant column; each cell states exactly which rows
#      are seen, changed, added or deleted;
#   3. the same in hardened mode with signed tokens (own, other, tampered, expired, unsigned, injection-like,
#      the plain variable set instead); tokens are signed here with Perl's Digest::SHA, independently of the core;
#   4. rls_apply_database over the 23 tables of seed 000 (integer tenant) and the 16 tables of Sakila (text
#      tenant): every table's view shows exactly its tenant's rows, refuses another tenant's row, deletes only
#      its tenant's rows, and the application account cannot touch the base table.
# About 25 s on the 2-core CI machine (most of it the server start).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"

DIR=$ROOT/build/run/rls-mariadb
PLUGIN_DIR=$ROOT/build/run/rls-mariadb-plugin
SECRET=rls-test-secret-0123456789abcdef0123456789
[ -f "$ROOT/mariadb_plugin/schemaops.so" ] || so_bail "mariadb_plugin/schemaops.so is not built"
perl -MDigest::SHA -e1 2>/dev/null || so_bail "perl's Digest::SHA not found (signs the test tokens)"

mkdir -p "$PLUGIN_DIR"
rm -f "$PLUGIN_DIR/schemaops.so"
cp "$ROOT/mariadb_plugin/schemaops.so" "$PLUGIN_DIR/"
stop() { SO_MARIADB_PLUGIN_DIR=$PLUGIN_DIR bash "$ROOT/scripts/mariadb_instance.sh" stop "$DIR" >/dev/null 2>&1 || true; }
[ -n "${SO_RLS_KEEP:-}" ] || trap stop EXIT
SO_MARIADB_PORT=0 SO_MARIADB_PLUGIN_DIR=$PLUGIN_DIR SO_MARIADB_EXTRA_ARGS="--loose-schemaops-tenant-secret=$SECRET --local-infile=1" \
	bash "$ROOT/scripts/mariadb_instance.sh" start "$DIR" >/dev/null || so_bail "cannot start MariaDB in $DIR"
eval "$(SO_MARIADB_PORT=0 SO_MARIADB_PLUGIN_DIR=$PLUGIN_DIR bash "$ROOT/scripts/mariadb_instance.sh" env "$DIR")"
SO_MARIADB_USER=root
TMP=$(mktemp -d)
[ -n "${SO_RLS_KEEP:-}" ] || trap 'stop; rm -rf "$TMP"' EXIT


root() { mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -uroot --batch --raw --skip-column-names "$@"; }
# as(USER, SQL): runs SQL as USER (password pw), prints the output, or "ERR <errno>" for the first error
as() {
	local out
	out=$(mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -u"$1" -ppw --batch --raw --skip-column-names \
		--local-infile=1 -e "$2" 2>&1)
	if [[ $out =~ ERROR\ ([0-9]+) ]]; then echo "ERR ${BASH_REMATCH[1]}"; else printf '%s\n' "$out"; fi
}
is() { # is GOT EXPECTED NAME
	if [ "$1" = "$2" ]; then so_ok 0 "$3"; else
		so_ok 1 "$3"
		so_diag "got:      $1" "expected: $2"
	fi
}

root -e "INSTALL SONAME 'schemaops'" || so_bail "INSTALL SONAME failed"
root <"$ROOT/mariadb_plugin/schemaops.sql" || so_bail "schemaops.sql failed"

# ---------------------------------------------------------------------------------------------------------
# 1. the key is never shown
is "$(root -e "SHOW GLOBAL VARIABLES LIKE '%secret%'" | wc -l)" 0 "SHOW VARIABLES does not list the secret"
is "$(root -e "SELECT COUNT(*) FROM information_schema.SYSTEM_VARIABLES WHERE VARIABLE_NAME LIKE '%SECRET%'")" 0 \
	"information_schema.SYSTEM_VARIABLES does not list it"
is "$(root -e "SELECT COUNT(*) FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_VALUE LIKE '%$SECRET%'")" 0 \
	"no global variable holds its value"
is "$(root -e "SELECT @@schemaops_tenant_secret" 2>&1 | grep -o 'ERROR [0-9]*')" "ERROR 1193" "@@schemaops_tenant_secret is unknown"
is "$(root -e "SET GLOBAL schemaops_tenant_secret = 'x'" 2>&1 | grep -o 'ERROR [0-9]*')" "ERROR 1193" "SET GLOBAL cannot change it"

# ---------------------------------------------------------------------------------------------------------
# 2. leak matrix, plain mode
root <<'SQL' || so_bail "leak matrix setup failed"
CREATE USER app@localhost IDENTIFIED BY 'pw';
CREATE USER owner@localhost IDENTIFIED BY 'pw';
CREATE USER dba@localhost IDENTIFIED BY 'pw';
CREATE DATABASE lm;
CREATE DATABASE lm_app;
GRANT ALL ON lm.* TO owner@localhost;
GRANT ALL ON lm_app.* TO owner@localhost;
GRANT EXECUTE ON schemaops.* TO owner@localhost;
GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO dba@localhost;
CREATE TABLE lm.docs (id INT PRIMARY KEY, tenant VARCHAR(32) NOT NULL, body VARCHAR(32) NOT NULL, KEY (tenant)) ENGINE=InnoDB;
CREATE TABLE lm.orders (id INT PRIMARY KEY, org_id BIGINT NOT NULL, body VARCHAR(32) NOT NULL, KEY (org_id)) ENGINE=InnoDB;
-- the application account had full access to the base tables before; rls_apply moves it to the views
GRANT ALL ON lm.docs TO app@localhost;
GRANT ALL ON lm.orders TO app@localhost;
CALL schemaops.rls_apply('lm', 'docs', 'tenant', '{"view_db": "lm_app", "grantees": ["app@localhost"], "definer": "owner@localhost"}');
CALL schemaops.rls_apply('lm', 'orders', 'org_id', '{"view_db": "lm_app", "grantees": "app@localhost", "definer": "owner@localhost"}');
-- applying again changes nothing and does not fail (idempotent)
CALL schemaops.rls_apply('lm', 'docs', 'tenant', '{"view_db": "lm_app", "grantees": ["app@localhost"], "definer": "owner@localhost"}');
SQL

# Test instruments (not part of the emulation): root-defined functions that show the base tables inside the
# application's own transaction, so that each matrix cell runs in one session and is rolled back.
root <<'SQL' || so_bail "observer setup failed"
CREATE FUNCTION lm.peek_docs() RETURNS TEXT SQL SECURITY DEFINER READS SQL DATA
	RETURN (SELECT GROUP_CONCAT(CONCAT_WS(':', id, tenant, body) ORDER BY id SEPARATOR ' ') FROM lm.docs);
CREATE FUNCTION lm.peek_orders() RETURNS TEXT SQL SECURITY DEFINER READS SQL DATA
	RETURN (SELECT GROUP_CONCAT(CONCAT_WS(':', id, org_id, body) ORDER BY id SEPARATOR ' ') FROM lm.orders);
CREATE FUNCTION lm.peek_ids(what VARCHAR(10)) RETURNS TEXT SQL SECURITY DEFINER READS SQL DATA
	RETURN (SELECT IFNULL(GROUP_CONCAT(id ORDER BY id), '-') FROM lm.docs
		WHERE what = 'all' OR what = 'changed' AND body = 'changed' OR what = 'loaded' AND id >= 100);
CREATE FUNCTION lm.peek_order_ids() RETURNS TEXT SQL SECURITY DEFINER READS SQL DATA
	RETURN (SELECT IFNULL(GROUP_CONCAT(id ORDER BY id), '-') FROM lm.orders);
CREATE TABLE lm.clear (x INT);
GRANT SELECT ON lm.clear TO app@localhost, owner@localhost, dba@localhost;
GRANT EXECUTE ON FUNCTION lm.peek_docs TO app@localhost;
GRANT EXECUTE ON FUNCTION lm.peek_orders TO app@localhost;
GRANT EXECUTE ON FUNCTION lm.peek_ids TO app@localhost;
GRANT EXECUTE ON FUNCTION lm.peek_order_ids TO app@localhost;
INSERT INTO lm.docs VALUES (1, 'acme', 'a1'), (2, 'acme', 'a2'), (3, 'globex', 'g3'), (4, 'globex', 'g4'), (5, '', 'e5');
INSERT INTO lm.orders VALUES (1, 1, 'o1'), (2, 1, 'o2'), (3, 2, 'o3'), (4, 0, 'z4');
SQL
INIT_DOCS="1:acme:a1 2:acme:a2 3:globex:g3 4:globex:g4 5::e5"
INIT_ORDERS="1:1:o1 2:1:o2 3:2:o3 4:0:z4"
printf '100\tacme\tl100\n101\tglobex\tl101\n' >"$TMP/docs.tsv"
chmod 644 "$TMP/docs.tsv"

# A batch of checks runs in ONE session of USER (mariadb --force): each check is "SET...; START TRANSACTION;
# <statement>; observe; ROLLBACK" and prints "R|<n>|<first error or ok> / <observed>"; `check` queues one,
# `run_checks USER` runs the queue and compares every result with its expectation.
Q_SQL=""
Q_N=0
declare -a Q_NAME Q_WANT
check() { # check NAME SETSQL STATEMENT OBSERVE_EXPR EXPECTED [COMMIT]
	Q_N=$((Q_N + 1))
	Q_NAME[Q_N]=$1
	Q_WANT[Q_N]=$5
	Q_SQL+="SET @so_obs = NULL, @so_rc = NULL;
SELECT x FROM lm.clear;
SET schemaops_tenant = DEFAULT; SET schemaops_tenant_token = DEFAULT; $2
START TRANSACTION;
SELECT x FROM lm.clear;
${3:-DO 0};
SET @so_rc = ROW_COUNT();
SHOW ERRORS;
SET @so_obs = ($4);
SHOW ERRORS;
SELECT CONCAT('R|', $Q_N, '|', IFNULL(@so_obs, '-'));
${6:-ROLLBACK};
"
}
run_checks() { # run_checks USER
	local out k line got
	declare -A res=()
	out=$(printf '%s' "$Q_SQL" | mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -u"$1" -ppw --batch --raw \
		--skip-column-names --force --local-infile=1 2>/dev/null |
		awk -F'\t' '/^Error\t/ { if (err == "") err = "ERR " $2; next }
			/^R\|/ { split($0, a, "|"); v = substr($0, length(a[1]) + length(a[2]) + 3);
				print a[2] "|" (err == "" ? "ok" : err) " / " v; err = ""; next }')
	while IFS= read -r line; do res[${line%%|*}]=${line#*|}; done <<<"$out"
	for ((k = 1; k <= Q_N; k++)); do
		got=${res[$k]:-<no result>}
		is "$got" "${Q_WANT[k]}" "${Q_NAME[k]}"
	done
	Q_SQL=""
	Q_N=0
	Q_NAME=()
	Q_WANT=()
}

# ---- the matrix, plain mode, text tenant column lm.docs (view lm_app.docs) ----
# expected results, per tenant setting, of:
#   select    the ids the view shows
#   ins       INSERT of an acme row (id 10)                     -> error or not / base table after
#   upd       UPDATE of every row the view shows                -> ids changed
#   mv_out    UPDATE moving acme's row 1 to globex              -> error or not / base table after
#   mv_in     UPDATE moving globex's row 3 to acme
#   del       DELETE of every row the view shows                -> ids left
#   replace   REPLACE of globex's row 3 as an acme row
#   odku      INSERT of row 3 as acme ON DUPLICATE KEY UPDATE tenant = 'acme', body = 'stolen'
#   load      LOAD DATA LOCAL of row 100 (acme) and row 101 (globex) -> ids >= 100 after
#   load_ign  the same with IGNORE
docs_row() { # LABEL SETSQL SELECT INS UPD MV_OUT MV_IN DEL REPLACE ODKU LOAD LOAD_IGN
	local l="plain docs [$1]" set=$2
	check "$l SELECT sees $3" "$set" "" "SELECT IFNULL(GROUP_CONCAT(id ORDER BY id), '-') FROM lm_app.docs" "ok / $3"
	check "$l INSERT of an acme row" "$set" "INSERT INTO lm_app.docs VALUES (10, 'acme', 'n10')" "lm.peek_docs()" "$4"
	check "$l UPDATE of every visible row changes $5" "$set" "UPDATE lm_app.docs SET body = 'changed'" \
		"lm.peek_ids('changed')" "ok / $5"
	check "$l UPDATE moving acme's row 1 to globex" "$set" "UPDATE lm_app.docs SET tenant = 'globex' WHERE id = 1" "lm.peek_docs()" "$6"
	check "$l UPDATE moving globex's row 3 to acme" "$set" "UPDATE lm_app.docs SET tenant = 'acme' WHERE id = 3" "lm.peek_docs()" "$7"
	check "$l DELETE of every visible row leaves $8" "$set" "DELETE FROM lm_app.docs" \
		"lm.peek_ids('all')" "ok / $8"
	check "$l REPLACE of globex's row 3 as acme" "$set" "REPLACE INTO lm_app.docs VALUES (3, 'acme', 'stolen')" "lm.peek_docs()" "$9"
	check "$l INSERT ... ON DUPLICATE KEY UPDATE taking globex's row 3" "$set" \
		"INSERT INTO lm_app.docs VALUES (3, 'acme', 'x') ON DUPLICATE KEY UPDATE tenant = 'acme', body = 'stolen'" "lm.peek_docs()" "${10}"
	check "$l LOAD DATA LOCAL of an acme and a globex row adds ${11}" "$set" "LOAD DATA LOCAL INFILE '$TMP/docs.tsv' INTO TABLE lm_app.docs" \
		"lm.peek_ids('loaded')" "${11}"
	check "$l LOAD DATA LOCAL ... IGNORE adds ${12}" "$set" "LOAD DATA LOCAL INFILE '$TMP/docs.tsv' IGNORE INTO TABLE lm_app.docs" \
		"lm.peek_ids('loaded')" "ok / ${12}"
}
U="ok / $INIT_DOCS"       # ran, changed nothing (the row is not visible)
C="ERR 1369 / $INIT_DOCS" # CHECK OPTION refused the row, nothing changed
G="ERR 1644 / $INIT_DOCS" # a guard trigger refused, nothing changed
# LOAD DATA LOCAL: the server cannot stop the client's upload, so MariaDB treats errors as with IGNORE: the rows
# CHECK OPTION refuses are skipped with a warning (plain LOAD DATA INFILE, without LOCAL, fails instead)
none=(- "$C" - "$U" "$U" 1,2,3,4,5 "$C" "$C" "ok / -" -)
docs_row "unset" "" "${none[@]}"
docs_row "NULL" "SET schemaops_tenant = NULL;" "${none[@]}"
docs_row "empty" "SET schemaops_tenant = '';" "${none[@]}"
docs_row "blanks" "SET schemaops_tenant = '   ';" "${none[@]}"
docs_row "own acme" "SET schemaops_tenant = 'acme';" 1,2 "ok / 1:acme:a1 2:acme:a2 3:globex:g3 4:globex:g4 5::e5 10:acme:n10" \
	1,2 "$C" "$U" 3,4,5 "$G" "$G" "ok / 100" 100
docs_row "other globex" "SET schemaops_tenant = 'globex';" 3,4 "$C" 3,4 "$U" "$C" 1,2,5 "$C" "$C" "ok / 101" 101
# the column's collation (utf8mb4_general_ci) decides equality, as in the application's own WHERE
docs_row "ACME, other case" "SET schemaops_tenant = 'ACME';" 1,2 "ok / 1:acme:a1 2:acme:a2 3:globex:g3 4:globex:g4 5::e5 10:acme:n10" \
	1,2 "$C" "$U" 3,4,5 "$G" "$G" "ok / 100" 100
for inj in "acme' OR '1'='1" "' OR 1=1 -- " "%" "acme%" "*" "acme;globex" "acme') OR ('1'='1"; do
	docs_row "injection $inj" "SET schemaops_tenant = '${inj//\'/\'\'}';" "${none[@]}"
done
run_checks app

# ---- integer tenant column lm.orders: only the canonical spelling of an integer names a tenant ----
orders_row() { # LABEL SETSQL SELECT LEFT_AFTER_DELETE [MOVE_RESULT]
	local l="plain orders [$1]"
	check "$l SELECT sees $3" "$2" "" "SELECT IFNULL(GROUP_CONCAT(id ORDER BY id), '-') FROM lm_app.orders" "ok / $3"
	check "$l row 1 cannot move to org 2" "$2" "UPDATE lm_app.orders SET org_id = 2 WHERE id = 1" "lm.peek_orders()" "${5:-ok} / $INIT_ORDERS"
	check "$l DELETE of every visible row leaves $4" "$2" "DELETE FROM lm_app.orders" "lm.peek_order_ids()" "ok / $4"
}
orders_row "unset" "" - 1,2,3,4
orders_row "own 1" "SET schemaops_tenant = '1';" 1,2 3,4 "ERR 1369"
orders_row "other 2" "SET schemaops_tenant = '2';" 3 1,2,4
orders_row "0" "SET schemaops_tenant = '0';" 4 1,2,3
for v in "" " " "abc" "0x1" "1abc" "01" "1 " " 1" "1.0" "1e0" "+1" "-0" "1 OR 1=1" "99999999999999999999"; do
	orders_row "'$v'" "SET schemaops_tenant = '$v';" - 1,2,3,4
done
run_checks app

# ---- roles ----
for stmt in "SELECT COUNT(*) FROM lm.docs" "INSERT INTO lm.docs VALUES (9, 'acme', 'x')" "UPDATE lm.docs SET body = 'x'" \
	"DELETE FROM lm.docs" "LOAD DATA LOCAL INFILE '$TMP/docs.tsv' INTO TABLE lm.docs"; do
	check "app: ${stmt%% lm.docs*} on the base table is denied" "SET schemaops_tenant = 'acme';" "$stmt" "lm.peek_docs()" "ERR 1142 / $INIT_DOCS"
done
run_checks app
is "$(as app "SHOW GRANTS" | grep -c 'lm`.`docs`')" 0 "app holds no grant on the base table after rls_apply"
# the owner (view definer) and a privileged account reach every row of the base table: the emulation binds
# only accounts that reach the data through the views (docs/rls.md); through the views they are filtered too
for who in owner dba; do
	root -e "GRANT EXECUTE ON FUNCTION lm.peek_docs TO $who@localhost"
	check "$who reads every row of the base table (not covered by the emulation)" "" "" \
		"SELECT GROUP_CONCAT(id ORDER BY id) FROM lm.docs" "ok / 1,2,3,4,5"
	check "$who through the view as acme sees 1,2" "SET schemaops_tenant = 'acme';" "" \
		"SELECT GROUP_CONCAT(id ORDER BY id) FROM lm_app.docs" "ok / 1,2"
	check "$who through the view without a tenant sees nothing" "" "" \
		"SELECT IFNULL(GROUP_CONCAT(id ORDER BY id), '-') FROM lm_app.docs" "ok / -"
	check "$who with tenant acme cannot update globex's row in the base table (guard)" "SET schemaops_tenant = 'acme';" \
		"UPDATE lm.docs SET body = 'x' WHERE id = 3" "lm.peek_docs()" "$G"
	check "$who without a tenant updates any row of the base table (not covered)" "" \
		"UPDATE lm.docs SET body = 'x' WHERE id = 3" "lm.peek_docs()" "ok / 1:acme:a1 2:acme:a2 3:globex:x 4:globex:g4 5::e5"
	run_checks $who
done
# a server-wide default tenant is refused
root -e "SET GLOBAL schemaops_tenant = 'acme'"
is "$(as app "SELECT COUNT(*) FROM lm_app.docs")" "ERR 1644" "a non-empty @@GLOBAL.schemaops_tenant makes the views fail"
root -e "SET GLOBAL schemaops_tenant = DEFAULT"
is "$(as app "SELECT COUNT(*) FROM lm_app.docs")" "0" "with the global reset, an unset session sees no row"
# (COM_RESET_CONNECTION resets session variables; the mariadb client cannot send it, so it is not tested here)

# without the guard triggers ({"guard_triggers": false}) CHECK OPTION alone does not see the conflicting row of
# REPLACE and INSERT ... ON DUPLICATE KEY UPDATE: this is why the guards exist (docs/rls.md)
root -e "CALL schemaops.rls_apply('lm', 'docs', 'tenant', '{\"view_db\": \"lm_app\", \"view_name\": \"udocs\", \"guard_triggers\": false, \"grantees\": \"app@localhost\", \"definer\": \"owner@localhost\"}');
	DROP TRIGGER lm.so_rls_bu_docs; DROP TRIGGER lm.so_rls_bd_docs"
check "unguarded: REPLACE as acme deletes globex's row 3" "SET schemaops_tenant = 'acme';" "REPLACE INTO lm_app.udocs VALUES (3, 'acme', 'stolen')" \
	"lm.peek_docs()" "ok / 1:acme:a1 2:acme:a2 3:acme:stolen 4:globex:g4 5::e5"
check "unguarded: ON DUPLICATE KEY UPDATE as acme takes globex's row 3" "SET schemaops_tenant = 'acme';" \
	"INSERT INTO lm_app.udocs VALUES (3, 'acme', 'x') ON DUPLICATE KEY UPDATE tenant = 'acme', body = 'stolen'" \
	"lm.peek_docs()" "ok / 1:acme:a1 2:acme:a2 3:acme:stolen 4:globex:g4 5::e5"
check "unguarded: a duplicate key reveals that globex has a row 3" "SET schemaops_tenant = 'acme';" "INSERT INTO lm_app.udocs VALUES (3, 'acme', 'x')" \
	"lm.peek_docs()" "ERR 1062 / $INIT_DOCS"
run_checks app
root -e "CALL schemaops.rls_apply('lm', 'docs', 'tenant', '{\"view_db\": \"lm_app\", \"grantees\": \"app@localhost\", \"definer\": \"owner@localhost\"}'); DROP VIEW lm_app.udocs"


# ---------------------------------------------------------------------------------------------------------
# 3. hardened mode: view lm_app.hdocs over the same table
root -e "CALL schemaops.rls_apply('lm', 'docs', 'tenant', '{\"view_db\": \"lm_app\", \"view_name\": \"hdocs\", \"hardened\": true, \"grantees\": \"app@localhost\", \"definer\": \"owner@localhost\"}')" ||
	so_bail "hardened rls_apply failed"
token() { # token TENANT EXPIRY [SECRET]: signed here with Perl's core Digest::SHA, independently of the core
	perl -MDigest::SHA=hmac_sha256_hex -e 'my $m = "v1." . unpack("H*", $ARGV[0]) . ".$ARGV[1]";
		print "$m." . hmac_sha256_hex($m, $ARGV[2]) . "\n"' "$1" "$2" "${3:-$SECRET}"
}
FUT=$(($(date +%s) + 3600))
T_ACME=$(token acme $FUT)
T_GLOBEX=$(token globex $FUT)
T_EXPIRED=$(token acme $(($(date +%s) - 10)))
T_OTHERKEY=$(token acme $FUT other-secret-0123456789abcdef0123456789abcdef)
T_TAMPERED=${T_ACME/v1.61636d65./v1.676c6f626578.} # globex's hex under acme's signature
T_UNSIGNED=${T_ACME%.*}
T_UPPER=$(echo "$T_ACME" | tr 'a-f' 'A-F')
hard_row() { # LABEL SETSQL SELECT UPD MV_OUT REPLACE
	local l="hardened [$1]"
	check "$l SELECT: $3" "$2" "" "SELECT IFNULL(GROUP_CONCAT(id ORDER BY id), '-') FROM lm_app.hdocs" "$3"
	check "$l UPDATE of every visible row" "$2" "UPDATE lm_app.hdocs SET body = 'changed'" \
		"lm.peek_ids('changed')" "$4"
	check "$l UPDATE moving row 1 to globex" "$2" "UPDATE lm_app.hdocs SET tenant = 'globex' WHERE id = 1" "lm.peek_docs()" "$5"
	check "$l REPLACE of globex's row 3" "$2" "REPLACE INTO lm_app.hdocs VALUES (3, 'acme', 'stolen')" "lm.peek_docs()" "$6"
}
E="ERR 1105 / $INIT_DOCS" # the token is refused: the statement fails, nothing changed
hard_row "no token" "" "ok / -" "ok / -" "$U" "$C"
hard_row "empty token" "SET schemaops_tenant_token = '';" "ok / -" "ok / -" "$U" "$C"
hard_row "the plain variable instead of a token" "SET schemaops_tenant = 'acme';" "ok / -" "ok / -" "$U" "$C"
hard_row "own token" "SET schemaops_tenant_token = '$T_ACME';" "ok / 1,2" "ok / 1,2" "$C" "$G"
hard_row "other tenant's token" "SET schemaops_tenant_token = '$T_GLOBEX';" "ok / 3,4" "ok / 3,4" "$U" "$C"
for t in "tampered:$T_TAMPERED" "expired:$T_EXPIRED" "unsigned:$T_UNSIGNED" "signed with another key:$T_OTHERKEY" \
	"upper-case hex:$T_UPPER" "injection:acme'' OR ''1''=''1"; do
	hard_row "${t%%:*}" "SET schemaops_tenant_token = '${t#*:}';" "ERR 1105 / -" "ERR 1105 / -" "$E" "$E"
done
run_checks app
for t in "expired:$T_EXPIRED" "bad signature:$T_TAMPERED" "unsigned:$T_UNSIGNED" "malformed:acme"; do
	is "$(mariadb --no-defaults --socket="$SO_MARIADB_SOCKET" -uapp -ppw -e "SET schemaops_tenant_token = '${t#*:}'; SELECT 1 FROM lm_app.hdocs" 2>&1 |
		grep -o 'rls_token_tenant: token refused: .*')" "rls_token_tenant: token refused: ${t%%:*}" "a ${t%%:*} token: a clear error"
done

# ---------------------------------------------------------------------------------------------------------
# 4. seed 000 (23 tables, integer tenant) and Sakila (16 tables, text tenant)
root -e "CREATE DATABASE seed000; CREATE DATABASE seed000_app; GRANT ALL ON seed000.* TO owner@localhost; GRANT ALL ON seed000_app.* TO owner@localhost"
root seed000 <"$ROOT/tests/mariadb/fixtures/rls_seed000.sql" || so_bail "seed 000 schema failed"
so_mariadb_fixture_sql sakila_rls "$TMP/sakila.sql"
root <"$TMP/sakila.sql" || so_bail "Sakila schema failed"
root sakila_rls <<'SQL' || so_bail "Sakila tenant columns failed"
CREATE DATABASE sakila_rls_app;
GRANT ALL ON sakila_rls.* TO owner@localhost;
GRANT ALL ON sakila_rls_app.* TO owner@localhost;
DELIMITER $$
BEGIN NOT ATOMIC
	FOR t IN (SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila_rls' AND TABLE_TYPE = 'BASE TABLE') DO
		EXECUTE IMMEDIATE CONCAT('ALTER TABLE `', t.n, '` ADD COLUMN tenant VARCHAR(32) NOT NULL DEFAULT '''', ADD KEY ix_tenant (tenant)');
	END FOR;
END$$
-- Sakila's ins_film trigger copies rows into film_text: a tenant-aware schema copies the tenant too (else the
-- guard refuses to let a tenant delete its film, whose film_text row would belong to no tenant)
CREATE OR REPLACE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW
	INSERT INTO film_text (film_id, title, description, tenant) VALUES (new.film_id, new.title, new.description, new.tenant)$$
DELIMITER ;
SQL
root -e "CALL schemaops.rls_apply_database('seed000', 'tenant_id', '{\"view_db\": \"seed000_app\", \"grantees\": \"app@localhost\", \"definer\": \"owner@localhost\"}')" ||
	so_bail "rls_apply_database seed000 failed"
root -e "CALL schemaops.rls_apply_database('sakila_rls', 'tenant', '{\"view_db\": \"sakila_rls_app\", \"grantees\": \"app@localhost\", \"definer\": \"owner@localhost\"}')" ||
	so_bail "rls_apply_database sakila_rls failed"
is "$(root -e "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'seed000_app' AND CHECK_OPTION = 'CASCADED' AND SECURITY_TYPE = 'DEFINER'")" 23 \
	"seed 000: 23 tenant views (CASCADED CHECK OPTION, SQL SECURITY DEFINER)"
is "$(root -e "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'seed000' AND TRIGGER_NAME LIKE 'so\\_rls\\_%'")" 46 \
	"seed 000: 46 guard triggers"
is "$(root -e "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'sakila_rls_app' AND CHECK_OPTION = 'CASCADED'")" 16 \
	"Sakila: 16 tenant views"

# Rows: n = 10i+1, 10i+2 of tenant A and n = 10i+3 of tenant B (i: the table's position), every integer column
# n, string column 'r<n>', date column 2020-01-01 + n days, geometry POINT(n, n), so that unique keys do not
# collide and no table shares ids with another (Sakila's del_film trigger deletes film_text rows by film_id);
# foreign keys off (as root).
schema_checks() { # DB COL A B
	local db=$1 col=$2 a=$3 b=$4 t names vals v="${1}_app"
	local fill="SET SESSION sql_mode = ''; SET foreign_key_checks = 0;"
	local tables=() i=0
	while IFS=$'\t' read -r t names vals; do
		tables+=("$t")
		i=$((i + 1))
		[ "$names" != NULL ] || { names=""; vals=""; }
		fill+="DELETE FROM \`$t\`;"
		for n in 1 2 3; do
			fill+="SET @n = $((10 * i + n)); INSERT INTO \`$t\` (\`$col\`${names:+, $names}) VALUES ('$([ $n = 3 ] && echo "$b" || echo "$a")'${vals:+, $vals});"
		done
		check "$db.$t: app sees no row without a tenant" "" "" "SELECT COUNT(*) FROM \`$v\`.\`$t\`" "ok / 0"
		check "$db.$t: app as $a sees exactly its 2 rows" "SET schemaops_tenant = '$a';" "" \
			"SELECT CONCAT(COUNT(*), ' of ', SUM(\`$col\` = '$a')) FROM \`$v\`.\`$t\`" "ok / 2 of 2"
		check "$db.$t: app as $b sees exactly its 1 row" "SET schemaops_tenant = '$b';" "" \
			"SELECT CONCAT(COUNT(*), ' of ', SUM(\`$col\` = '$b')) FROM \`$v\`.\`$t\`" "ok / 1 of 1"
		check "$db.$t: app cannot read the base table" "SET schemaops_tenant = '$a';" "" "SELECT COUNT(*) FROM \`$db\`.\`$t\`" "ERR 1142 / -"
		check "$db.$t: app as $a cannot insert a row of $b" "SET sql_mode = ''; SET foreign_key_checks = 0; SET schemaops_tenant = '$a'; SET @n = $((10 * i + 4));" \
			"INSERT INTO \`$v\`.\`$t\` (\`$col\`${names:+, $names}) VALUES ('$b'${vals:+, $vals})" "@so_rc" "ERR 1369 / -1"
		check "$db.$t: app as $a deletes its 2 rows" "SET foreign_key_checks = 0; SET schemaops_tenant = '$a';" \
			"DELETE FROM \`$v\`.\`$t\`" "@so_rc" "ok / 2" COMMIT
	done < <(root -e "SELECT TABLE_NAME,
		IFNULL(GROUP_CONCAT(CASE WHEN c.COLUMN_NAME IS NOT NULL THEN CONCAT('\`', c.COLUMN_NAME, '\`') END ORDER BY c.ORDINAL_POSITION), 'NULL'),
		IFNULL(GROUP_CONCAT(CASE WHEN DATA_TYPE IN ('tinyint','smallint','mediumint','int','bigint') THEN '@n'
			WHEN DATA_TYPE IN ('varchar','char') THEN CONCAT('LEFT(CONCAT(''r'', @n), ', CHARACTER_MAXIMUM_LENGTH, ')')
			WHEN DATA_TYPE IN ('date','datetime','timestamp') THEN 'DATE_ADD(''2020-01-01'', INTERVAL @n DAY)'
			WHEN DATA_TYPE IN ('geometry','point') THEN 'POINT(@n, @n)' END ORDER BY c.ORDINAL_POSITION), 'NULL')
		FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c USING (TABLE_SCHEMA, TABLE_NAME)
		WHERE t.TABLE_SCHEMA = '$db' AND t.TABLE_TYPE = 'BASE TABLE' AND c.COLUMN_NAME <> '$col' AND c.EXTRA NOT LIKE '%auto_increment%'
			AND c.DATA_TYPE IN ('tinyint','smallint','mediumint','int','bigint','varchar','char','date','datetime','timestamp','geometry','point')
		GROUP BY TABLE_NAME ORDER BY TABLE_NAME")
	root "$db" -e "$fill" || so_ok 1 "$db: rows inserted"
	is "${#tables[@]}" "$5" "$db: $5 tables checked"
	run_checks app
	# after the committed DELETEs: no row of A left, B's row untouched, in every table
	local q=""
	for t in "${tables[@]}"; do
		q+="${q:+ UNION ALL }SELECT '$t', SUM(\`$col\` = '$a'), SUM(\`$col\` = '$b') FROM \`$db\`.\`$t\`"
	done
	is "$(root -e "$q" | awk -F'\t' '$2 != 0 || $3 != 1' | head -5)" "" "$db: every table lost exactly its $a rows and kept its $b row"
}
schema_checks seed000 tenant_id 1 2 23
schema_checks sakila_rls tenant acme globex 16

so_done_testing
