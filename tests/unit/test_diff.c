/*
 * test_diff.c: the diff engine independent of dialect details: ordering, strategies, renames, unsupported
 * objects, risk and severity, options, JSON output, determinism.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: postgres\nname: app\n"

static const char *V1 = HEAD
    "sequences: [{name: old_seq, start: 1}]\n"
    "tables:\n"
    "  - name: author\n"
    "    rows: 500000\n"
    "    columns:\n"
    "      - {name: id, type: integer, nullable: false}\n"
    "      - {name: name, type: text}\n"
    "      - {name: legacy, type: text}\n"
    "    primary_key: {name: author_pkey, columns: [id]}\n"
    "  - name: book\n"
    "    columns:\n"
    "      - {name: id, type: integer, nullable: false}\n"
    "      - {name: author_id, type: integer}\n"
    "      - {name: isbn, type: text}\n"
    "    primary_key: {name: book_pkey, columns: [id]}\n"
    "    unique: [{name: book_isbn_key, columns: [isbn]}]\n"
    "    foreign_keys: [{name: book_author_fk, columns: [author_id], references: {table: author, columns: [id]}}]\n"
    "    rules: [{name: trg_touch, definition: CREATE RULE a}]\n"
    "  - name: shelf\n"
    "    columns: [{name: id, type: integer, nullable: false}, {name: book_isbn, type: text}]\n"
    "    foreign_keys: [{name: shelf_book_fk, columns: [book_isbn], references: {table: book, columns: [isbn]}}]\n"
    "  - name: zz_parent\n"
    "    columns: [{name: id, type: integer, nullable: false}]\n"
    "    primary_key: {name: zz_parent_pkey, columns: [id]}\n"
    "  - name: aa_child\n"
    "    columns: [{name: pid, type: integer}]\n"
    "    foreign_keys: [{name: aa_child_fk, columns: [pid], references: {table: zz_parent, columns: [id]}}]\n"
    "event_triggers: [{name: v_books, definition: select 1}, {name: v_old, definition: select 2}]\n";

static const char *V2 =
    HEAD "sequences: [{name: new_seq, start: 5}]\n"
         "tables:\n"
         "  - name: writer\n"
         "    renamed_from: author\n"
         "    rows: 500000\n"
         "    columns:\n"
         "      - {name: id, type: integer, nullable: false}\n"
         "      - {name: full_name, type: text, renamed_from: name}\n"
         "    primary_key: {name: author_pkey, columns: [id]}\n"
         "  - name: book\n"
         "    columns:\n"
         "      - {name: id, type: integer, nullable: false}\n"
         "      - {name: author_id, type: integer}\n"
         "      - {name: isbn, type: text}\n"
         "      - {name: publisher_id, type: integer}\n"
         "    primary_key: {name: book_pkey, columns: [id]}\n"
         "    unique: [{name: book_isbn_key, columns: [isbn], deferrable: true}]\n"
         "    foreign_keys:\n"
         "      - {name: book_author_fk, columns: [author_id], references: {table: writer, columns: [id]}}\n"
         "      - {name: book_publisher_fk, columns: [publisher_id], references: {table: publisher, columns: [id]}}\n"
         "    rules: [{name: trg_touch, definition: CREATE RULE b}]\n"
         "  - name: publisher\n"
         "    columns: [{name: id, type: integer, nullable: false}]\n"
         "    primary_key: {name: publisher_pkey, columns: [id]}\n"
         "  - name: shelf\n"
         "    columns: [{name: id, type: integer, nullable: false}, {name: book_isbn, type: text}]\n"
         "    foreign_keys: [{name: shelf_book_fk, columns: [book_isbn], references: {table: book, columns: [isbn]}}]\n"
         "event_triggers: [{name: v_books, definition: select 1}, {name: v_new, definition: select 3}]\n";

static void t_order_full(void)
{
	so_changeset *cs = tu_diff(V1, V2, "{strategy: full, online: false}");
	const char *want = "1 DROP foreign_key aa_child.aa_child_fk\n"
	                   "2 RECREATE foreign_key shelf.shelf_book_fk\n"
	                   "3 ADD sequence new_seq\n"
	                   "4 RENAME table writer\n"
	                   "5 ADD table publisher\n"
	                   "6 RENAME column writer.full_name\n"
	                   "7 ADD column book.publisher_id\n"
	                   "8 RECREATE unique book.book_isbn_key\n"
	                   "9 ADD foreign_key book.book_publisher_fk\n"
	                   "10 RECREATE foreign_key shelf.shelf_book_fk\n"
	                   "11 UNSUPPORTED event_trigger v_new\n"
	                   "12 UNSUPPORTED event_trigger v_old\n"
	                   "13 UNSUPPORTED rule book.trg_touch\n"
	                   "14 DROP column writer.legacy\n"
	                   "15 DROP table aa_child\n"
	                   "16 DROP table zz_parent\n"
	                   "17 DROP sequence old_seq\n";
	const so_change *c;

	is_str(tu_summary(cs), want, "full strategy: phases and dependency order");
	c = tu_find(cs, SO_ACTION_RENAME, "table", "writer");
	is_str(tu_up(c), "ALTER TABLE app.author RENAME TO writer;", "table rename, not drop + add");
	is_str(tu_down(c), "ALTER TABLE app.writer RENAME TO author;", "table rename down");
	c = tu_find(cs, SO_ACTION_RENAME, "column", "writer.full_name");
	is_str(tu_up(c), "ALTER TABLE app.writer RENAME COLUMN name TO full_name;", "column rename on the new name");
	ok(tu_find(cs, SO_ACTION_RECREATE, "foreign_key", "book.book_author_fk") == NULL,
	   "an FK whose target was only renamed is unchanged");
	c = tu_find(cs, SO_ACTION_RECREATE, "foreign_key", "shelf.shelf_book_fk");
	is_str(tu_up(c), "ALTER TABLE app.shelf DROP CONSTRAINT shelf_book_fk;",
	       "an FK on a recreated unique key is dropped first");
	c = tu_find(cs, SO_ACTION_UNSUPPORTED, "event_trigger", "v_new");
	is_str(tu_up(c),
	       "-- UNSUPPORTED: event_trigger v_new was added; schemaops 0.1 does not diff event_triggers, change it "
	       "by hand",
	       "unsupported object comment");
	ok(c && tu_has_hazard(c, "unsupported") && c->severity == SO_SEVERITY_WARNING && !c->skipped && !c->ddl_down,
	   "unsupported: hazard, warning, no down");
	c = tu_find(cs, SO_ACTION_UNSUPPORTED, "rule", "book.trg_touch");
	ok(c && strstr(c->ddl_up, "was changed"), "table-level opaque object changed");
	c = tu_find(cs, SO_ACTION_DROP, "column", "writer.legacy");
	ok(c && !c->skipped && c->down_lossy && tu_has_hazard(c, "data_loss"), "full: drops run, lossy");
	is_int(c ? c->risk : 0, 50, "data loss on a large table: 30 + 20");
	is_int(c ? c->severity : 0, SO_SEVERITY_CRITICAL, "data loss is critical");
	c = tu_find(cs, SO_ACTION_DROP, "table", "zz_parent");
	ok(c && c->ddl_down && strstr(c->ddl_down, "CREATE TABLE app.zz_parent"), "drop table down recreates it");
}

static void t_additive(void)
{
	so_changeset *cs = tu_diff(V1, V2, "{online: false}");
	const so_change *c;
	size_t i, skipped = 0;

	for (i = 0; i < so_changeset_count(cs); i++)
		if (so_changeset_get(cs, i)->skipped)
			skipped++;
	is_int(skipped, 5, "additive: every DROP is skipped");
	c = tu_find(cs, SO_ACTION_DROP, "table", "zz_parent");
	ok(c && c->skipped && tu_has_hazard(c, "skipped_by_strategy"), "dropped table listed as skipped");
	c = tu_find(cs, SO_ACTION_RECREATE, "unique", "book.book_isbn_key");
	ok(c && !c->skipped, "recreating a key runs under additive");
}

static void t_rename_errors(void)
{
	so_error err;
	const char *to = HEAD "tables:\n"
	                      "  - name: writer\n"
	                      "    renamed_from: nobody\n"
	                      "    columns: [{name: id, type: integer}]\n";
	const char *to2 = HEAD "tables:\n"
	                       "  - name: author\n"
	                       "    columns:\n"
	                       "      - {name: id, type: integer, nullable: false}\n"
	                       "      - {name: nick, type: text, renamed_from: nickname}\n";
	ok(tu_diff_err(V1, to, NULL, &err) == NULL, "bad table hint fails");
	diag("%d %d:%d %s", err.code, err.line, err.column, err.message);
	ok(err.code == SO_ERR_INVALID && err.line == 5,
	   "renamed_from naming a missing table is invalid, with its line");
	ok(strstr(err.message, "renamed_from names table \"nobody\"") != NULL, "message names the missing table");
	ok(tu_diff_err(V1, to2, NULL, &err) == NULL, "bad column hint fails");
	diag("%d %d:%d %s", err.code, err.line, err.column, err.message);
	ok(err.code == SO_ERR_INVALID && err.line == 8,
	   "renamed_from naming a missing column is invalid, with its line");
}

static void t_empty_and_determinism(void)
{
	so_changeset *cs = tu_diff(V1, V1, "{online: false}"), *a, *b;
	char *ja, *jb;
	size_t la, lb;
	so_error err;
	so_document *pg = tu_doc(HEAD), *my = tu_doc("schemaops: 1\ndialect: mariadb\nname: app\n");

	is_int(so_changeset_count(cs), 0, "a document diffed with itself is empty");
	a = tu_diff(V1, V2, "{online: false}");
	b = tu_diff(V1, V2, "{online: false}");
	ok(so_changeset_to_json(tu_arena, a, &ja, &la, &err) == SO_OK &&
	       so_changeset_to_json(tu_arena, b, &jb, &lb, &err) == SO_OK && la == lb && memcmp(ja, jb, la) == 0,
	   "same inputs, same output");
	ok(ja &&
	       strncmp(ja,
	               "[{\"seq\":1,\"action\":\"DROP\",\"object_type\":\"foreign_key\",\"object_name\":"
	               "\"aa_child.aa_child_fk\",\"severity\":\"info\",\"risk\":15,\"hazards\":"
	               "[\"skipped_by_strategy\"],\"ddl_up\":\"ALTER TABLE app.aa_child DROP CONSTRAINT aa_child_fk;\","
	               "\"ddl_down\":\"ALTER TABLE app.aa_child ADD CONSTRAINT aa_child_fk FOREIGN KEY (pid) "
	               "REFERENCES app.zz_parent (id);\",\"down_lossy\":false,\"skipped\":true}",
	               345) == 0,
	   "json shape");
	ok(so_diff(tu_arena, pg, my, NULL, &cs, &err) == SO_ERR_INCOMPATIBLE, "dialects must match");
}

static void t_options_risk(void)
{
	so_diff_options o;
	so_error err;
	so_changeset *cs;
	const so_change *c;

	so_diff_options_init(&o);
	ok(o.strategy == SO_STRATEGY_ADDITIVE && !o.production && o.large_table_rows == 100000 &&
	       strcmp(o.lock_timeout, "5s") == 0,
	   "defaults");
	ok(so_diff_options_parse(tu_arena,
	                         "{\"strategy\":\"full\",\"production\":true,\"large_table_rows\":10,"
	                         "\"lock_timeout\":null}",
	                         79, &o, &err) == SO_OK &&
	       o.strategy == SO_STRATEGY_FULL && o.production && o.large_table_rows == 10 && !o.lock_timeout,
	   "json options");
	ok(so_diff_options_parse(tu_arena, "{\"strategy\":\"yolo\"}", 19, &o, &err) == SO_ERR_ARGUMENT &&
	       strstr(err.message, "strategy"),
	   "bad strategy");
	ok(so_diff_options_parse(tu_arena, "{\"nope\":1}", 10, &o, &err) == SO_ERR_ARGUMENT &&
	       strstr(err.message, "nope"),
	   "unknown key named");
	ok(so_diff_options_parse(tu_arena, "{lock_timeout: \"1s'; DROP TABLE x; --\"}", 39, &o, &err) ==
	       SO_ERR_ARGUMENT,
	   "lock_timeout must be a duration");
	ok(so_diff_options_parse(tu_arena, NULL, 0, &o, &err) == SO_OK, "no options text");

	cs = tu_diff(V1, V2, "{strategy: full, production: true, online: false}");
	c = tu_find(cs, SO_ACTION_DROP, "column", "writer.legacy");
	is_int(c ? c->risk : 0, 60, "production adds 10");
	c = tu_find(cs, SO_ACTION_ADD, "foreign_key", "book.book_publisher_fk");
	is_int(c ? c->risk : 0, 25, "FK change 15 + production 10");
	cs = tu_diff(V1, V2, "{strategy: full, large_table_rows: 1000000, online: false}");
	c = tu_find(cs, SO_ACTION_DROP, "column", "writer.legacy");
	is_int(c ? c->risk : 0, 30, "below the large-table threshold");
}

static void t_generated_recreate(void)
{
	const char *a = HEAD "tables:\n  - name: t\n    columns:\n"
	                     "      - {name: a, type: integer}\n"
	                     "      - {name: b, type: integer, generated: a * 2}\n"
	                     "      - {name: c, type: integer}\n";
	const char *b = HEAD "tables:\n  - name: t\n    columns:\n"
	                     "      - {name: a, type: integer}\n"
	                     "      - {name: b, type: integer, generated: a * 3}\n"
	                     "      - {name: c, type: integer, generated: a + 1}\n";
	so_changeset *cs = tu_diff(a, b, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_RECREATE, "column", "t.b");
	is_str(tu_up(c),
	       "ALTER TABLE app.t DROP COLUMN b;\nALTER TABLE app.t ADD COLUMN b integer GENERATED ALWAYS AS (a * 3) "
	       "STORED;",
	       "generated expression change: drop + add");
	ok(c && !c->skipped, "generated -> generated loses nothing stored: runs under additive");
	c = tu_find(cs, SO_ACTION_RECREATE, "column", "t.c");
	ok(c && c->skipped && tu_has_hazard(c, "data_loss") && c->down_lossy,
	   "plain -> generated loses data: skipped under additive");
}

/* PostgreSQL generated -> plain keeps the stored values (DROP EXPRESSION) instead of drop + add */
static void t_generated_drop_expression(void)
{
	const char *a = HEAD "tables:\n  - name: t\n    columns:\n"
	                     "      - {name: a, type: integer}\n"
	                     "      - {name: b, type: integer, generated: a * 2}\n";
	const char *b = HEAD "tables:\n  - name: t\n    columns:\n"
	                     "      - {name: a, type: integer}\n"
	                     "      - {name: b, type: bigint, default: '0', comment: was a * 2}\n";
	so_changeset *cs = tu_diff(a, b, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_MODIFY, "column", "t.b");
	is_int(so_changeset_count(cs), 1, "generated -> plain: one change");
	is_str(tu_up(c),
	       "ALTER TABLE app.t ALTER COLUMN b DROP EXPRESSION;\n"
	       "ALTER TABLE app.t ALTER COLUMN b TYPE bigint USING b::bigint;\n"
	       "ALTER TABLE app.t ALTER COLUMN b SET DEFAULT 0;\n"
	       "COMMENT ON COLUMN app.t.b IS 'was a * 2';",
	       "generated -> plain: DROP EXPRESSION, then the other column changes");
	ok(c && !c->skipped && !tu_has_hazard(c, "data_loss") && c->down_lossy,
	   "generated -> plain loses nothing: runs under additive; the way back recomputes the column");
	is_str(tu_down(c),
	       "ALTER TABLE app.t DROP COLUMN b;\nALTER TABLE app.t ADD COLUMN b integer GENERATED ALWAYS AS (a * 2) "
	       "STORED;",
	       "generated -> plain: down drops and adds the generated column");
}

/* MariaDB ON UPDATE: a change of it alone is a column MODIFY; spellings of the same value are no change */
/* UNSUPPORTED changes name the object kind in the singular: indexes -> index, policies -> policy */
static void t_opaque_kind_names(void)
{
	const char *a = "{schemaops: 1, dialect: mariadb, name: d, tables: [{name: t, columns: [{name: id, type: int}],"
	                " indexes: [{name: k, columns: [id]}]}]}";
	const char *b = "{schemaops: 1, dialect: mariadb, name: d, tables: [{name: t, columns: [{name: id, type: int}],"
	                " indexes: [{name: k, columns: [id]}], ignored_indexes: [{name: k}],"
	                " row_policies: [{name: p}]}]}";
	so_changeset *cs = tu_diff(a, b, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_UNSUPPORTED, "ignored_index", "t.k");
	ok(c != NULL, "ignored_indexes -> ignored_index");
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "row_policy", "t.p") != NULL, "row_policies -> row_policy");
}

static void t_on_update(void)
{
#define MYT                                                                                                            \
	"schemaops: 1\ndialect: mariadb\nname: app\ntables:\n  - name: t\n    columns:\n"                              \
	"      - {name: id, type: int, nullable: false}\n"
	const char *plain = MYT "      - {name: u, type: datetime(3), default: now(3)}\n";
	const char *upd = MYT "      - {name: u, type: datetime(3), default: now(3), on_update: now(3)}\n";
	const char *upd2 = MYT "      - {name: u, type: DATETIME(3), default: CURRENT_TIMESTAMP(3), "
	                       "on_update: CURRENT_TIMESTAMP(3)}\n";
	const char *upd0 = MYT "      - {name: u, type: datetime(3), default: now(3), on_update: now()}\n";
	so_changeset *cs;
	const so_change *c;
	so_error err;

	cs = tu_diff(plain, upd, "{online: false}");
	is_int(so_changeset_count(cs), 1, "on_update added: one change");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "t.u");
	ok(c != NULL && !c->skipped && c->n_hazards == 0, "on_update added: a column MODIFY without hazards");
	is_str(tu_up(c),
	       "ALTER TABLE `app`.`t` MODIFY COLUMN `u` datetime(3) NULL DEFAULT current_timestamp(3) "
	       "ON UPDATE current_timestamp(3);",
	       "on_update added: up");
	is_str(tu_down(c), "ALTER TABLE `app`.`t` MODIFY COLUMN `u` datetime(3) NULL DEFAULT current_timestamp(3);",
	       "on_update added: down");
	cs = tu_diff(upd, plain, "{online: false}");
	ok(tu_find(cs, SO_ACTION_MODIFY, "column", "t.u") != NULL, "on_update removed: a column MODIFY");
	cs = tu_diff(upd, upd0, "{online: false}");
	ok(tu_find(cs, SO_ACTION_MODIFY, "column", "t.u") != NULL, "on_update precision changed: a column MODIFY");
	cs = tu_diff(upd, upd2, "{online: false}");
	is_int(so_changeset_count(cs), 0, "on_update spellings of the same value: no change");
	ok(tu_diff_err(HEAD "tables:\n  - name: t\n    columns: [{name: u, type: timestamp, on_update: now()}]\n", HEAD,
	               NULL, &err) == NULL,
	   "on_update in a postgres document is refused");
#undef MYT
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_order_full();
	t_additive();
	t_rename_errors();
	t_empty_and_determinism();
	t_options_risk();
	t_generated_recreate();
	t_generated_drop_expression();
	t_on_update();
	t_opaque_kind_names();
	so_arena_destroy(tu_arena);
	return done_testing();
}
