/*
 * test_render_postgres.c: exact PostgreSQL DDL for every change kind, quoting, and the script frame.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: postgres\nname: shop\n"

static const char *BASE = HEAD "tables:\n"
                               "  - name: item\n"
                               "    rows: 10\n"
                               "    columns:\n"
                               "      - {name: id, type: integer, nullable: false}\n"
                               "      - {name: title, type: varchar(50), nullable: false}\n"
                               "      - {name: price, type: \"numeric(6,2)\", default: '0'}\n"
                               "      - {name: note, type: text}\n"
                               "    primary_key: {name: item_pkey, columns: [id]}\n"
                               "    unique: [{name: item_title_key, columns: [title]}]\n"
                               "    indexes: [{name: item_price_idx, columns: [price]}]\n"
                               "    checks: [{name: item_price_check, expression: price >= 0}]\n";

static void t_columns(void)
{
	const char *to = HEAD "tables:\n"
	                      "  - name: item\n"
	                      "    columns:\n"
	                      "      - {name: id, type: integer, nullable: false, identity: always}\n"
	                      "      - {name: title, type: varchar(80), nullable: false, collation: C}\n"
	                      "      - {name: price, type: \"numeric(8,2)\", nullable: false, default: '1'}\n"
	                      "      - {name: note, type: integer, comment: \"it's a note\"}\n"
	                      "      - {name: created, type: timestamptz, nullable: false, default: now()}\n"
	                      "      - {name: token, type: uuid, default: gen_random_uuid()}\n"
	                      "    primary_key: {name: item_pkey, columns: [id]}\n"
	                      "    unique: [{name: item_title_key, columns: [title]}]\n"
	                      "    indexes: [{name: item_price_idx, columns: [price]}]\n"
	                      "    checks: [{name: item_price_check, expression: price >= 0}]\n";
	so_changeset *cs = tu_diff(BASE, to, "{online: false}");
	const so_change *c;

	ok(cs != NULL, "column changes diff");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.id");
	is_str(tu_up(c), "ALTER TABLE shop.item ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;", "add identity");
	is_str(tu_down(c), "ALTER TABLE shop.item ALTER COLUMN id DROP IDENTITY;", "add identity down");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.title");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item ALTER COLUMN title TYPE character varying(80) COLLATE \"C\" USING "
	       "title::character varying(80);",
	       "widen varchar with collation");
	ok(!tu_has_hazard(c, "table_rewrite") && !tu_has_hazard(c, "incompatible_type_cast"),
	   "varchar widening is binary coercible");
	is_str(tu_down(c),
	       "ALTER TABLE shop.item ALTER COLUMN title TYPE character varying(50) COLLATE \"default\" USING "
	       "title::character varying(50);",
	       "collation back to default");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.price");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item ALTER COLUMN price DROP DEFAULT;\n"
	       "ALTER TABLE shop.item ALTER COLUMN price TYPE numeric(8,2) USING price::numeric(8,2);\n"
	       "ALTER TABLE shop.item ALTER COLUMN price SET NOT NULL;\n"
	       "ALTER TABLE shop.item ALTER COLUMN price SET DEFAULT 1;",
	       "numeric widening, not null, default");
	ok(tu_has_hazard(c, "validation_scan") && tu_has_hazard(c, "long_lock"), "SET NOT NULL scans");
	is_int(c ? c->severity : 0, SO_SEVERITY_WARNING, "SET NOT NULL is a warning");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.note");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item ALTER COLUMN note TYPE integer USING note::integer;\n"
	       "COMMENT ON COLUMN shop.item.note IS 'it''s a note';",
	       "incompatible type with comment");
	ok(tu_has_hazard(c, "incompatible_type_cast") && tu_has_hazard(c, "table_rewrite"), "text -> integer hazards");
	is_int(c ? c->severity : 0, SO_SEVERITY_CRITICAL, "incompatible cast is critical");
	is_int(c ? c->risk : 0, 40, "incompatible cast risk 40");
	ok(c && c->down_lossy, "incompatible cast down is lossy");
	c = tu_find(cs, SO_ACTION_ADD, "column", "item.created");
	is_str(tu_up(c), "ALTER TABLE shop.item ADD COLUMN created timestamp with time zone DEFAULT now() NOT NULL;",
	       "add column with stable default");
	ok(c && c->n_hazards == 0, "now() default adds without rewrite");
	is_str(tu_down(c), "ALTER TABLE shop.item DROP COLUMN created;", "add column down");
	c = tu_find(cs, SO_ACTION_ADD, "column", "item.token");
	ok(tu_has_hazard(c, "volatile_default") && tu_has_hazard(c, "table_rewrite"), "volatile default rewrites");
}

static void t_keys_indexes(void)
{
	const char *to =
	    HEAD "tables:\n"
	         "  - name: item\n"
	         "    columns:\n"
	         "      - {name: id, type: integer, nullable: false}\n"
	         "      - {name: title, type: varchar(50), nullable: false}\n"
	         "      - {name: price, type: \"numeric(6,2)\", default: '0'}\n"
	         "      - {name: note, type: text}\n"
	         "    primary_key: {name: item_pk, columns: [id, title]}\n"
	         "    unique: [{name: item_note_key, columns: [note], deferrable: true, initially_deferred: true}]\n"
	         "    indexes:\n"
	         "      - {name: item_price_idx, columns: [price DESC NULLS LAST], where: price > 0, include: [note]}\n"
	         "      - {name: item_lower_idx, unique: true, method: hash, columns: [{expression: lower(note)}]}\n"
	         "      - {name: item_note_trgm, method: gin, columns: [{column: note, opclass: gin_trgm_ops}]}\n"
	         "    checks: [{name: item_price_check, expression: price > 0, no_inherit: true}]\n";
	so_changeset *cs = tu_diff(BASE, to, "{strategy: full, online: false}");
	const so_change *c;

	ok(cs != NULL, "keys diff");
	c = tu_find(cs, SO_ACTION_RECREATE, "primary_key", "item.item_pk");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item DROP CONSTRAINT item_pkey;\n"
	       "ALTER TABLE shop.item ADD CONSTRAINT item_pk PRIMARY KEY (id, title);",
	       "primary key recreate");
	is_str(tu_down(c),
	       "ALTER TABLE shop.item DROP CONSTRAINT item_pk;\n"
	       "ALTER TABLE shop.item ADD CONSTRAINT item_pkey PRIMARY KEY (id);",
	       "primary key recreate down");
	c = tu_find(cs, SO_ACTION_ADD, "unique", "item.item_note_key");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item ADD CONSTRAINT item_note_key UNIQUE (note) DEFERRABLE INITIALLY DEFERRED;",
	       "deferrable unique");
	c = tu_find(cs, SO_ACTION_DROP, "unique", "item.item_title_key");
	is_str(tu_up(c), "ALTER TABLE shop.item DROP CONSTRAINT item_title_key;", "unique drop");
	is_str(tu_down(c), "ALTER TABLE shop.item ADD CONSTRAINT item_title_key UNIQUE (title);", "unique drop down");
	c = tu_find_nth(cs, SO_ACTION_RECREATE, "index", "item.item_price_idx", 0);
	is_str(tu_up(c), "DROP INDEX shop.item_price_idx;", "index recreate: drop half");
	c = tu_find_nth(cs, SO_ACTION_RECREATE, "index", "item.item_price_idx", 1);
	is_str(tu_up(c),
	       "CREATE INDEX item_price_idx ON shop.item USING btree (price DESC NULLS LAST) INCLUDE (note) WHERE "
	       "price > 0;",
	       "partial covering index");
	ok(tu_has_hazard(c, "blocking_index_build"), "index build blocks");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_lower_idx");
	is_str(tu_up(c), "CREATE UNIQUE INDEX item_lower_idx ON shop.item USING hash ((lower(note)));",
	       "expression index");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_note_trgm");
	is_str(tu_up(c), "CREATE INDEX item_note_trgm ON shop.item USING gin (note gin_trgm_ops);", "opclass");
	c = tu_find_nth(cs, SO_ACTION_RECREATE, "check", "item.item_price_check", 1);
	is_str(tu_up(c), "ALTER TABLE shop.item ADD CONSTRAINT item_price_check CHECK (price > 0) NO INHERIT;",
	       "check no inherit");
	ok(tu_has_hazard(c, "validation_scan"), "check scans");
}

static void t_tables_fks(void)
{
	const char *to =
	    HEAD "sequences:\n"
	         "  - {name: order_no, type: integer, start: 100, increment: 5, cache: 10, cycle: true, owned_by: "
	         "orders.no}\n"
	         "tables:\n"
	         "  - name: item\n"
	         "    comment: Items\n"
	         "    columns:\n"
	         "      - {name: id, type: integer, nullable: false}\n"
	         "      - {name: title, type: varchar(50), nullable: false}\n"
	         "      - {name: price, type: \"numeric(6,2)\", default: '0'}\n"
	         "      - {name: note, type: text}\n"
	         "    primary_key: {name: item_pkey, columns: [id]}\n"
	         "    unique: [{name: item_title_key, columns: [title]}]\n"
	         "    indexes: [{name: item_price_idx, columns: [price]}]\n"
	         "    checks: [{name: item_price_check, expression: price >= 0}]\n"
	         "  - name: orders\n"
	         "    comment: Orders\n"
	         "    partition_by: RANGE (placed)\n"
	         "    columns:\n"
	         "      - {name: no, type: integer, nullable: false, default: \"nextval('order_no'::regclass)\"}\n"
	         "      - {name: item_id, type: integer, comment: the item}\n"
	         "      - {name: placed, type: date, nullable: false}\n"
	         "      - {name: total, type: numeric, generated: \"(no * 2)\", generated_stored: true}\n"
	         "    primary_key: {name: orders_pkey, columns: [no, placed]}\n"
	         "    foreign_keys:\n"
	         "      - {name: orders_item_fk, columns: [item_id], references: {table: item, columns: [id]},\n"
	         "         on_delete: set null, on_update: cascade, match: full, deferrable: true}\n"
	         "  - name: orders_2024\n"
	         "    partition_of: {table: orders, bound: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"}\n"
	         "    columns:\n"
	         "      - {name: no, type: integer, nullable: false}\n"
	         "      - {name: item_id, type: integer}\n"
	         "      - {name: placed, type: date, nullable: false}\n"
	         "      - {name: total, type: numeric}\n";
	so_changeset *cs = tu_diff(BASE, to, "{online: false}");
	const so_change *c;

	ok(cs != NULL, "tables diff");
	c = tu_find(cs, SO_ACTION_ADD, "sequence", "order_no");
	is_str(tu_up(c), "CREATE SEQUENCE shop.order_no AS integer INCREMENT BY 5 START WITH 100 CACHE 10 CYCLE;",
	       "create sequence");
	is_str(tu_down(c), "DROP SEQUENCE IF EXISTS shop.order_no;", "create sequence down");
	c = tu_find(cs, SO_ACTION_MODIFY, "sequence", "order_no");
	is_str(tu_up(c), "ALTER SEQUENCE shop.order_no OWNED BY shop.orders.no;", "owned by after the table");
	c = tu_find(cs, SO_ACTION_ADD, "table", "orders");
	is_str(tu_up(c),
	       "CREATE TABLE shop.orders (\n"
	       "    no integer DEFAULT nextval('order_no'::regclass) NOT NULL,\n"
	       "    item_id integer,\n"
	       "    placed date NOT NULL,\n"
	       "    total numeric GENERATED ALWAYS AS (no * 2) STORED,\n"
	       "    CONSTRAINT orders_pkey PRIMARY KEY (no, placed)\n"
	       ") PARTITION BY RANGE (placed);\n"
	       "COMMENT ON TABLE shop.orders IS 'Orders';\n"
	       "COMMENT ON COLUMN shop.orders.item_id IS 'the item';",
	       "create partitioned table");
	is_str(tu_down(c), "DROP TABLE shop.orders;", "create table down");
	c = tu_find(cs, SO_ACTION_ADD, "table", "orders_2024");
	is_str(tu_up(c),
	       "CREATE TABLE shop.orders_2024 PARTITION OF shop.orders FOR VALUES FROM ('2024-01-01') TO "
	       "('2025-01-01');",
	       "create partition");
	ok(tu_seq(c) > tu_seq(tu_find(cs, SO_ACTION_ADD, "table", "orders")), "partition after its parent");
	c = tu_find(cs, SO_ACTION_ADD, "foreign_key", "orders.orders_item_fk");
	is_str(tu_up(c),
	       "ALTER TABLE shop.orders ADD CONSTRAINT orders_item_fk FOREIGN KEY (item_id) REFERENCES shop.item (id) "
	       "MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE;",
	       "foreign key");
	is_str(tu_down(c), "ALTER TABLE shop.orders DROP CONSTRAINT orders_item_fk;", "foreign key down");
	is_int(c ? c->risk : 0, 15, "FK change risk 15");
	c = tu_find(cs, SO_ACTION_MODIFY, "comment", "item");
	is_str(tu_up(c), "COMMENT ON TABLE shop.item IS 'Items';", "table comment");
	is_str(tu_down(c), "COMMENT ON TABLE shop.item IS NULL;", "table comment down");
}

static void t_quoting(void)
{
	const char *from = "schemaops: 1\ndialect: postgres\nname: My Schema\n";
	const char *to = "schemaops: 1\ndialect: postgres\nname: My Schema\n"
	                 "tables:\n"
	                 "  - name: \"Weird Name\"\n"
	                 "    columns:\n"
	                 "      - {name: select, type: text}\n"
	                 "      - {name: \"has\\\"quote\", type: text}\n"
	                 "      - {name: Upper, type: text}\n"
	                 "      - {name: ok_name1, type: text}\n"
	                 "      - {name: user, type: text}\n"
	                 "      - {name: \"1abc\", type: text}\n";
	so_changeset *cs = tu_diff(from, to, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_ADD, "table", "Weird Name");
	is_str(tu_up(c),
	       "CREATE TABLE \"My Schema\".\"Weird Name\" (\n"
	       "    \"select\" text,\n"
	       "    \"has\"\"quote\" text,\n"
	       "    \"Upper\" text,\n"
	       "    ok_name1 text,\n"
	       "    \"user\" text,\n"
	       "    \"1abc\" text\n"
	       ");",
	       "quote_ident rules");
}

static void t_script(void)
{
	const char *to = HEAD "tables:\n"
	                      "  - name: item\n"
	                      "    columns:\n"
	                      "      - {name: id, type: integer, nullable: false}\n"
	                      "      - {name: title, type: varchar(50), nullable: false}\n"
	                      "      - {name: price, type: \"numeric(6,2)\", default: '0'}\n"
	                      "      - {name: extra, type: text}\n"
	                      "    primary_key: {name: item_pkey, columns: [id]}\n"
	                      "    unique: [{name: item_title_key, columns: [title]}]\n"
	                      "    indexes: [{name: item_price_idx, columns: [price]}]\n"
	                      "    checks: [{name: item_price_check, expression: price >= 0}]\n";
	so_changeset *cs = tu_diff(BASE, to, "{lock_timeout: 2s, online: false}");
	char *s = NULL;
	so_error err;

	ok(so_changeset_script(tu_arena, cs, false, &s, &err) == SO_OK, "script renders");
	is_str(s,
	       "-- schemaops 0.1.0 migration (up)\n"
	       "-- from: shop\n"
	       "-- to: shop\n"
	       "-- dialect: postgres\n"
	       "-- strategy: additive\n"
	       "-- changes: 2 (skipped: 1, unsupported: 0), highest risk: 30\n"
	       "-- WARNING: rename_suggestion: a dropped and an added object look like a rename; add a renamed_from "
	       "hint to rename\n"
	       "-- WARNING: skipped_by_strategy: steps are skipped by the strategy and appear only as comments\n"
	       "\n"
	       "BEGIN;\n"
	       "SET LOCAL lock_timeout = '2s';\n"
	       "SET LOCAL search_path = shop, pg_catalog;\n"
	       "\n"
	       "-- ======== expand phase: safe for the application version running now ========\n"
	       "\n"
	       "-- [1] ADD column item.extra (info, risk 0; rename_suggestion)\n"
	       "-- lock: ACCESS EXCLUSIVE\n"
	       "ALTER TABLE shop.item ADD COLUMN extra text;\n"
	       "\n"
	       "-- ======== contract phase: run after the application deploy that stops using what it removes "
	       "========\n"
	       "\n"
	       "-- [2] DROP column item.note (critical, risk 30; data_loss, skipped_by_strategy, rename_suggestion)\n"
	       "-- lock: ACCESS EXCLUSIVE\n"
	       "-- skipped by strategy additive (run with strategy full):\n"
	       "-- ALTER TABLE shop.item DROP COLUMN note;\n"
	       "\n"
	       "COMMIT;\n",
	       "additive script");
	ok(so_changeset_script(tu_arena, cs, true, &s, &err) == SO_OK, "down script renders");
	ok(s && strstr(s, "-- [1] ADD column item.extra (info, risk 0; rename_suggestion)\n-- lock: ACCESS EXCLUSIVE\n"
	                  "ALTER TABLE shop.item DROP COLUMN extra;\n"),
	   "down script drops the added column");
	ok(s && strstr(s, "-- [2] DROP column") < strstr(s, "-- [1] ADD column"), "down script runs in reverse");
	cs = tu_diff(BASE, BASE, "{online: false}");
	ok(so_changeset_script(tu_arena, cs, false, &s, &err) == SO_OK, "empty script renders");
	ok(s && strstr(s, "-- no changes") && !strstr(s, "BEGIN"), "empty script says no changes");
}

/* sequence comments: carried by the document, changed with COMMENT ON SEQUENCE, alone or with options */
static void t_sequence_comment(void)
{
	const char *a = HEAD "sequences: [{name: s1, start: 1}, {name: s2, start: 1, comment: old}]\n";
	const char *b =
	    HEAD "sequences: [{name: s1, start: 1, comment: \"it's new\"}, {name: s2, start: 1, cycle: true},\n"
	         "  {name: s3, comment: fresh}]\n";
	so_changeset *cs = tu_diff(a, b, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_MODIFY, "sequence", "s1");
	is_str(tu_up(c), "COMMENT ON SEQUENCE shop.s1 IS 'it''s new';", "comment added to a sequence");
	is_str(tu_down(c), "COMMENT ON SEQUENCE shop.s1 IS NULL;", "comment added to a sequence: down");
	c = tu_find(cs, SO_ACTION_MODIFY, "sequence", "s2");
	is_str(tu_up(c), "ALTER SEQUENCE shop.s2 CYCLE;\nCOMMENT ON SEQUENCE shop.s2 IS NULL;",
	       "options and comment changed together");
	c = tu_find(cs, SO_ACTION_MODIFY, "sequence", "s3");
	is_str(tu_up(c), "COMMENT ON SEQUENCE shop.s3 IS 'fresh';", "new sequence: its comment after the create");
	is_int(so_changeset_count(tu_diff(b, b, "{online: false}")), 0, "equal sequence comments: no change");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_columns();
	t_keys_indexes();
	t_tables_fks();
	t_quoting();
	t_sequence_comment();
	t_script();
	so_arena_destroy(tu_arena);
	return done_testing();
}
