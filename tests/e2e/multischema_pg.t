#!/usr/bin/env bash
# tests/e2e/multischema_pg.t: multi-schema documents on PostgreSQL (docs/document-format.md, "Several schemas in
# one document"): schemaops.snapshot(text[]) of several schemas, schema_diff of two such documents, the script
# applied. The schemas of a multi-schema document keep their names, so each case gets two databases:
#
#   so_ms_N_a   PRE + A + a marker row in hr.person: the database the plan migrates (schemas SA)
#   so_ms_N_b   PRE + B: the desired state (schemas SB)
#
# Checks per case: both load; schema_diff (strategy full) of snapshot(SA) in a -> snapshot(SB) of b has the
# expected statement (and hazard, when given); the script applies to a; the re-diff snapshot(SB) of a -> the
# document of b is empty; pg_dump -s of the SB schemas agrees between a and b (an oracle independent of
# schemaops); the marker row is kept; and, when every step has an exact inverse, the down script (ddl_down in
# reverse order, each step under search_path = its schema, taken before the migration) applies and the SA
# schemas diff empty against the original document.
set -u
. "$(dirname "$0")/lib.sh"

FULL='{"strategy":"full"}'
so_pg_require_server
SO_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/so_e2e_ms.XXXXXX")
if [ "${SO_E2E_KEEP:-0}" = 1 ]; then so_diag "keeping $SO_E2E_TMP (SO_E2E_KEEP=1)"; else trap 'rm -rf "$SO_E2E_TMP"' EXIT; fi
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
T=$SO_E2E_TMP
started=$(date +%s)

PRE="CREATE SCHEMA hr; CREATE SCHEMA sales;
CREATE TABLE hr.person (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric(10,2) NOT NULL DEFAULT 0);
INSERT INTO sales.orders VALUES (1, 9.5), (2, 3);"

NAMES=()
SA=()
A=()
SB=()
B=()
EXPECT=()
HAZARD=()
DOCFIX=() # per case: an SQL expression over D (the target document) giving the document the plan is made to
ORDERS=() # per case: the orders table after the migration (data check)
add_case() { # add_case NAME SA A-SQL SB B-SQL EXPECTED-STATEMENT (grep -E on the up script) [HAZARD [DOCFIX [ORDERS]]]
	DOCFIX+=("${8:-D}")
	ORDERS+=("${9:-sales.orders}")
	NAMES+=("$1")
	SA+=("$2")
	A+=("$3")
	SB+=("$4")
	B+=("$5")
	EXPECT+=("$6")
	HAZARD+=("${7:-}")
}

add_case two_schemas_columns hr,sales "" hr,sales \
	"ALTER TABLE hr.person ADD COLUMN email text; ALTER TABLE sales.orders ADD COLUMN note text;
	 CREATE INDEX orders_note ON sales.orders (note);" \
	'^ALTER TABLE sales\.orders ADD COLUMN note text;'
add_case cross_schema_fk hr,sales "" hr,sales \
	"ALTER TABLE sales.orders ADD COLUMN person_id int REFERENCES hr.person (id) ON DELETE SET NULL;" \
	'REFERENCES hr\.person \(id\)'
add_case cross_schema_view_and_type hr,sales "" hr,sales \
	"CREATE TYPE hr.level AS ENUM ('junior', 'senior'); ALTER TABLE sales.orders ADD COLUMN lvl hr.level;
	 CREATE VIEW sales.big_orders AS SELECT o.id, o.lvl, p.name FROM sales.orders o LEFT JOIN hr.person p ON p.id = o.id
	 WHERE o.amount > 5;" \
	'^ALTER TABLE sales\.orders ADD COLUMN lvl hr\.level;'
add_case schema_added_three hr,sales "" audit,hr,sales \
	"CREATE SCHEMA audit; COMMENT ON SCHEMA audit IS 'audit trail';
	 CREATE TABLE audit.log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id int REFERENCES sales.orders (id),
	   person_id int REFERENCES hr.person (id), at timestamptz NOT NULL DEFAULT now());
	 CREATE INDEX log_order ON audit.log (order_id);
	 CREATE VIEW audit.recent AS SELECT l.id, o.amount, p.name FROM audit.log l JOIN sales.orders o ON o.id = l.order_id
	   LEFT JOIN hr.person p ON p.id = l.person_id;
	 CREATE FUNCTION audit.total() RETURNS numeric LANGUAGE sql STABLE AS 'SELECT sum(amount) FROM sales.orders';" \
	'^CREATE SCHEMA audit AUTHORIZATION'
add_case schema_dropped audit,hr,sales \
	"CREATE SCHEMA audit; CREATE TABLE audit.log (id int PRIMARY KEY, order_id int REFERENCES sales.orders (id));
	 CREATE VIEW audit.v AS SELECT l.id, o.amount FROM audit.log l JOIN sales.orders o ON o.id = l.order_id;
	 CREATE SEQUENCE audit.s;" \
	hr,sales "" \
	'^DROP SCHEMA audit;' schema_dropped
add_case table_moved hr,sales "CREATE TABLE hr.contractor (id int PRIMARY KEY, rate numeric);" hr,sales \
	"CREATE TABLE sales.contractor (id int PRIMARY KEY, rate numeric);" \
	'^CREATE TABLE sales\.contractor' data_loss
add_case schema_comment hr,sales "" hr,sales "COMMENT ON SCHEMA hr IS 'people';" \
	"^COMMENT ON SCHEMA hr IS 'people';"
add_case fk_into_new_schema hr,sales "" hr,ref,sales \
	"CREATE SCHEMA ref; CREATE TABLE ref.currency (code char(3) PRIMARY KEY);
	 ALTER TABLE sales.orders ADD COLUMN currency char(3) REFERENCES ref.currency (code);" \
	'REFERENCES ref\.currency \(code\)'

# a view of sales (and a view on that view) reads a column of hr whose type changes: dropped before the
# ALTER, created after it (the cross-schema dependencies snapshot(text[]) writes)
VIEWS="CREATE VIEW sales.people AS SELECT p.id, p.name FROM hr.person p;
	 CREATE VIEW sales.people_n AS SELECT count(*) AS n, max(name) AS last FROM sales.people;
	 GRANT SELECT ON sales.people TO PUBLIC;"
add_case cross_schema_view_column_retype hr,sales "$VIEWS" hr,sales \
	"ALTER TABLE hr.person ALTER COLUMN name TYPE varchar(200); $VIEWS" \
	'^DROP VIEW sales\.people;'
add_case cross_schema_view_column_drop hr,sales "ALTER TABLE hr.person ADD COLUMN nick text;
	 CREATE VIEW sales.nicks AS SELECT p.id, p.nick FROM hr.person p;" hr,sales \
	"CREATE VIEW sales.nicks AS SELECT p.id, NULL::text AS nick FROM hr.person p;" \
	'^ALTER TABLE hr\.person DROP COLUMN nick;' data_loss

# views of two schemas created in one plan, one reading the other (hr < sales by name, yet hr.top comes last)
add_case cross_schema_view_on_view hr,sales "" hr,sales \
	"CREATE VIEW sales.base AS SELECT id, amount FROM sales.orders;
	 CREATE VIEW hr.top AS SELECT b.id, b.amount FROM sales.base b WHERE b.amount > 1;" \
	'^CREATE VIEW hr\.top AS'
# renamed_from on a schema (a hint the snapshot never writes: added to the target document here)
add_case schema_renamed hr,sales "" hr,shop \
	"ALTER SCHEMA sales RENAME TO shop; ALTER TABLE shop.orders ADD COLUMN note text;" \
	'^ALTER SCHEMA sales RENAME TO shop;' backward_incompatible \
	"jsonb_set(D, '{schemas,1,renamed_from}', '\"sales\"')" shop.orders

# the Pagila fixture as a new schema `store` beside a new schema `reporting` that reads it (view, FK, type)
so_pg_fixture_sql store "$T/store.sql"
add_case pagila_schemas_added hr,sales "" hr,reporting,sales,store \
	"\\i $T/store.sql
	 CREATE SCHEMA reporting;
	 CREATE VIEW reporting.film_titles AS SELECT f.film_id, f.title, l.name AS lang FROM store.film f JOIN store.language l USING (language_id);
	 CREATE TABLE reporting.snap (film_id int REFERENCES store.film (film_id), at date NOT NULL DEFAULT current_date, rating store.mpaa_rating);" \
	'^CREATE SCHEMA store AUTHORIZATION'
add_case pagila_schemas_dropped hr,reporting,sales,store \
	"\\i $T/store.sql
	 CREATE SCHEMA reporting;
	 CREATE VIEW reporting.film_titles AS SELECT f.film_id, f.title FROM store.film f;
	 CREATE TABLE reporting.snap (film_id int REFERENCES store.film (film_id), rating store.mpaa_rating);" \
	hr,sales "" \
	'^DROP SCHEMA store;' schema_dropped

db() { printf 'so_ms_%d_%s' "$1" "$2"; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
arr() { printf "ARRAY['%s']" "$(printf '%s' "$1" | sed "s/,/','/g")"; } # hr,sales -> ARRAY['hr','sales']
dump_schemas() { # dump_schemas DB SCHEMAS OUT: pg_dump -s of those schemas, lines sorted
	local args=() s
	for s in ${2//,/ }; do args+=(-n "$s"); done
	pg_dump -s --no-owner --no-privileges "${args[@]}" -d "$1" 2>&1 |
		sed -E -e '/^--/d' -e '/^\\(un)?restrict /d' -e '/^[[:space:]]*$/d' -e 's/,[[:space:]]*$//' | LC_ALL=C sort >"$3"
}

q -d postgres -c "DROP DATABASE IF EXISTS so_ms_tpl" -c "CREATE DATABASE so_ms_tpl TEMPLATE template0 ENCODING 'UTF8'" \
	>/dev/null 2>"$T/tpl.log" && q -d so_ms_tpl -c 'CREATE EXTENSION schemaops' -c "$PRE" >/dev/null 2>>"$T/tpl.log" ||
	{ cat "$T/tpl.log" >&2; so_bail "cannot create the template database so_ms_tpl"; }
for i in "${!NAMES[@]}"; do
	printf 'DROP DATABASE IF EXISTS %s;\nDROP DATABASE IF EXISTS %s;\nCREATE DATABASE %s TEMPLATE so_ms_tpl;\nCREATE DATABASE %s TEMPLATE so_ms_tpl;\n' \
		"$(db "$i" a)" "$(db "$i" b)" "$(db "$i" a)" "$(db "$i" b)"
done >"$T/dbs.sql"
q -d postgres -f "$T/dbs.sql" >/dev/null 2>"$T/dbs.log" || { cat "$T/dbs.log" >&2; so_bail "cannot create the case databases"; }

TU='\pset format unaligned
\pset tuples_only on'
changes_sql() { # changes_sql SCHEMAS DOCFILE OUT: the remaining changes of the live SCHEMAS -> the document
	printf "%s\n\\\\set doc \`cat %s\`\n\\\\o %s\nSELECT c.seq || ' ' || c.action || ' ' || c.object_type || ' ' || c.object_name
		FROM schemaops.schema_changes(schemaops.snapshot(%s), :'doc'::jsonb, '%s'::jsonb) AS c ORDER BY c.seq;\n\\\\o\n" \
		"$TU" "$2" "$3" "$(arr "$1")" "$FULL"
}

for i in "${!NAMES[@]}"; do
	name=${NAMES[$i]}
	a=$(db "$i" a)
	b=$(db "$i" b)
	{ printf '%s\n' "${A[$i]}" "INSERT INTO hr.person VALUES (1000, 'MARKER-ROW');"
		printf "%s\n\\\\o %s\nSELECT schemaops.snapshot(%s);\n\\\\o\n" "$TU" "$T/doc_a.$i.json" "$(arr "${SA[$i]}")"; } |
		q -d "$a" >"$T/setup.$i" 2>&1 &&
		{ printf '%s\n' "${B[$i]}"
			printf "%s\n\\\\o %s\nSELECT schemaops.snapshot(%s);\n\\\\o\n" "$TU" "$T/doc_b.$i.json" "$(arr "${SB[$i]}")"; } |
		q -d "$b" >>"$T/setup.$i" 2>&1
	so_ok $? "pg multischema $name: both databases load" || { so_diag_file setup "$T/setup.$i" 20; continue; }

	# the plan and the down script (every step's inverse in reverse order under its schema's search_path, when
	# each has one that is exact)
	printf "%s\n\\\\set doc \`cat %s\`\nCREATE TEMP TABLE so_doc AS SELECT schemaops.snapshot(%s) AS d, (%s) AS t FROM (SELECT :'doc'::jsonb AS D) AS x;
\\\\o %s\nSELECT schemaops.schema_diff(so_doc.d, so_doc.t, '%s'::jsonb) FROM so_doc;
\\\\o %s\nSELECT c.seq || ' ' || c.action || ' ' || c.object_type || ' ' || c.object_name || ' ' || c.hazards::text
	FROM so_doc, schemaops.schema_changes(so_doc.d, so_doc.t, '%s'::jsonb) AS c ORDER BY c.seq;
\\\\o %s\nSELECT CASE WHEN bool_and(c.ddl_down IS NOT NULL AND c.ddl_down NOT LIKE '--%%' AND NOT c.down_lossy)
	THEN '-- down' || chr(10) || string_agg('SET search_path = ' || quote_ident(split_part(c.object_name, '.', 1))
		|| ', pg_catalog;' || chr(10) || c.ddl_down, chr(10) ORDER BY c.seq DESC) END
	FROM so_doc, schemaops.schema_changes(so_doc.d, so_doc.t, '%s'::jsonb) AS c;\n\\\\o\n" \
		"$TU" "$T/doc_b.$i.json" "$(arr "${SA[$i]}")" "${DOCFIX[$i]}" "$T/up.$i.sql" "$FULL" "$T/changes.$i" "$FULL" \
		"$T/down.$i.sql" "$FULL" | q -d "$a" >"$T/plan.$i" 2>&1
	grep -Eq "${EXPECT[$i]}" "$T/up.$i.sql"
	so_ok $? "pg multischema $name: the plan has ${EXPECT[$i]}" ||
		{ so_diag_file plan "$T/plan.$i" 10; so_diag_file script "$T/up.$i.sql" 80; continue; }
	if [ -n "${HAZARD[$i]}" ]; then
		grep -q "${HAZARD[$i]}" "$T/changes.$i"
		so_ok $? "pg multischema $name: a step carries hazard ${HAZARD[$i]}" || so_diag_file changes "$T/changes.$i"
	fi

	q -d "$a" -f "$T/up.$i.sql" >"$T/apply.$i" 2>&1
	so_ok $? "pg multischema $name: script applies (no error)" ||
		{ so_diag_file script "$T/up.$i.sql" 80; so_diag_file psql "$T/apply.$i" 20; continue; }
	{ changes_sql "${SB[$i]}" "$T/doc_b.$i.json" "$T/rest.$i"
		printf "\\\\o %s\nSELECT count(*) FROM hr.person WHERE name = 'MARKER-ROW';\nSELECT sum(amount) FROM %s;\n\\\\o\n" \
			"$T/marker.$i" "${ORDERS[$i]}"; } | q -d "$a" >"$T/after.$i" 2>&1
	[ -f "$T/rest.$i" ] && [ ! -s "$T/rest.$i" ] && ! grep -q ERROR "$T/after.$i"
	so_ok $? "pg multischema $name: re-diff is empty" ||
		{ so_diag_file script "$T/up.$i.sql" 80; so_diag_file "remaining changes" "$T/rest.$i"; so_diag_file psql "$T/after.$i"; }
	dump_schemas "$a" "${SB[$i]}" "$T/dump_a.$i"
	dump_schemas "$b" "${SB[$i]}" "$T/dump_b.$i"
	diff -u "$T/dump_b.$i" "$T/dump_a.$i" >"$T/dump.$i.diff"
	so_ok $? "pg multischema $name: pg_dump -s of the schemas agrees with the target database" ||
		so_diag_file "pg_dump b vs a" "$T/dump.$i.diff" 40
	[ "$(tr '\n' ' ' <"$T/marker.$i" 2>/dev/null)" = "1 12.50 " ]
	so_ok $? "pg multischema $name: data kept (marker row, order amounts)" || so_diag_file marker "$T/marker.$i"

	if ! grep -q '^-- down' "$T/down.$i.sql"; then
		so_skip "a step has no exact inverse (lossy or none)" "pg multischema $name: down script round trip"
		continue
	fi
	q -d "$a" -f "$T/down.$i.sql" >"$T/downapply.$i" 2>&1
	if so_ok $? "pg multischema $name: down script applies"; then
		changes_sql "${SA[$i]}" "$T/doc_a.$i.json" "$T/back.$i" | q -d "$a" >"$T/backlog.$i" 2>&1
		[ -f "$T/back.$i" ] && [ ! -s "$T/back.$i" ]
		so_ok $? "pg multischema $name: after the down script, no change to the original document" ||
			{ so_diag_file "down script" "$T/down.$i.sql" 40; so_diag_file "remaining changes" "$T/back.$i"
				so_diag_file psql "$T/backlog.$i"; }
	else
		so_diag_file "down script" "$T/down.$i.sql" 40
		so_diag_file psql "$T/downapply.$i" 20
	fi
done

# snapshot(text[]) and the documents: errors as documented
q -d so_ms_tpl -At -c "SELECT schemaops.snapshot(ARRAY['hr', 'nope'])" >"$T/err1" 2>&1
grep -q 'schema "nope" does not exist' "$T/err1"
so_ok $? "pg multischema: snapshot(text[]) of a missing schema fails (3F000)" || so_diag_file out "$T/err1"
q -d so_ms_tpl -At -c "DO \$\$ BEGIN PERFORM schemaops.snapshot(ARRAY['hr', NULL]); EXCEPTION WHEN OTHERS THEN
	RAISE WARNING '% %', SQLSTATE, SQLERRM; END \$\$" >"$T/err0" 2>&1
grep -q '22004 schemaops.snapshot(text\[\]): a schema name is NULL' "$T/err0"
so_ok $? "pg multischema: snapshot(text[]) with a NULL element fails (22004)" || so_diag_file out "$T/err0"
q -d so_ms_tpl -At -c "SELECT schemaops.snapshot(NULL::text[]) IS NULL,
	schemaops.snapshot('{}'::text[]) OPERATOR(pg_catalog.->) 'schemas'" >"$T/empty" 2>&1
[ "$(cat "$T/empty")" = 't|[]' ]
so_ok $? "pg multischema: snapshot(NULL::text[]) is NULL (STRICT); an empty array gives schemas: []" || so_diag_file out "$T/empty"
q -d so_ms_tpl -At -c "SELECT jsonb_path_query_array(schemaops.snapshot(ARRAY['sales', 'hr', 'sales']), '\$.schemas[*].name')" >"$T/names" 2>&1
[ "$(cat "$T/names")" = '["hr", "sales"]' ]
so_ok $? "pg multischema: snapshot(text[]) sorts the schemas and lists each once" || so_diag_file out "$T/names"
q -d so_ms_tpl -At -c "SELECT schemaops.schema_diff(schemaops.snapshot(ARRAY['hr']), schemaops.snapshot('sales'))" >"$T/err2" 2>&1
grep -q 'multi-schema document' "$T/err2"
so_ok $? "pg multischema: a multi-schema document against a single-schema one is an error" || so_diag_file out "$T/err2"
q -d so_ms_tpl -At -c "SELECT schemaops.schema_diff_verify(schemaops.snapshot(ARRAY['hr']), schemaops.snapshot(ARRAY['hr']))" >"$T/err3" 2>&1
grep -q 'does not support multi-schema documents' "$T/err3"
so_ok $? "pg multischema: schema_diff_verify says it does not support multi-schema documents" || so_diag_file out "$T/err3"

sed -e 's/^CREATE DATABASE .*//' "$T/dbs.sql" | q -d postgres >/dev/null 2>&1
q -d postgres -c "DROP DATABASE IF EXISTS so_ms_tpl" >/dev/null 2>&1
so_diag "multischema_pg: ${#NAMES[@]} cases, $SO_TAP_N checks in $(($(date +%s) - started))s"
so_done_testing
