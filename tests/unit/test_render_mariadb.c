/*
 * test_render_mariadb.c: exact MariaDB DDL for every change kind, quoting, and the script frame.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: mariadb\nname: shop\n"

static const char *BASE =
    HEAD "tables:\n"
         "  - name: item\n"
         "    options: {engine: InnoDB, collation: utf8mb4_general_ci}\n"
         "    columns:\n"
         "      - {name: id, type: int unsigned, nullable: false, auto_increment: true}\n"
         "      - {name: title, type: varchar(50), nullable: false}\n"
         "      - {name: price, type: \"decimal(6,2)\", default: '0.00'}\n"
         "      - {name: note, type: text}\n"
         "    primary_key: {name: PRIMARY, columns: [id]}\n"
         "    indexes:\n"
         "      - {name: item_title_key, unique: true, columns: [title]}\n"
         "      - {name: item_note_idx, columns: [note(10)]}\n"
         "    checks: [{name: item_price_check, expression: price >= 0}]\n"
         "  - name: tag\n"
         "    columns:\n"
         "      - {name: id, type: int, nullable: false}\n"
         "      - {name: item_id, type: int unsigned}\n"
         "    primary_key: {name: PRIMARY, columns: [id]}\n"
         "    foreign_keys: [{name: tag_item_fk, columns: [item_id], references: {table: item, columns: [id]}}]\n";

static void t_columns(void)
{
	const char *to = HEAD
	    "tables:\n"
	    "  - name: item\n"
	    "    options: {engine: InnoDB, collation: utf8mb4_general_ci}\n"
	    "    columns:\n"
	    "      - {name: id, type: int unsigned, nullable: false, auto_increment: true}\n"
	    "      - {name: code, type: char(3), nullable: false, default: \"'abc'\"}\n"
	    "      - {name: title, type: varchar(200), nullable: false, collation: utf8mb4_bin}\n"
	    "      - {name: price, type: \"decimal(8,2)\", default: '0.00', comment: \"it's \\\\ priced\"}\n"
	    "      - {name: note, type: text, comment: a note}\n"
	    "      - {name: created, type: datetime, default: current_timestamp()}\n"
	    "    primary_key: {name: PRIMARY, columns: [id]}\n"
	    "    indexes:\n"
	    "      - {name: item_title_key, unique: true, columns: [title]}\n"
	    "      - {name: item_note_idx, columns: [note(10)]}\n"
	    "    checks: [{name: item_price_check, expression: price >= 0}]\n"
	    "  - name: tag\n"
	    "    columns:\n"
	    "      - {name: id, type: int, nullable: false}\n"
	    "      - {name: item_id, type: int unsigned}\n"
	    "    primary_key: {name: PRIMARY, columns: [id]}\n"
	    "    foreign_keys: [{name: tag_item_fk, columns: [item_id], references: {table: item, columns: [id]}}]\n";
	so_changeset *cs = tu_diff(BASE, to, "{online: false}");
	const so_change *c;

	ok(cs != NULL, "column changes diff");
	c = tu_find(cs, SO_ACTION_ADD, "column", "item.code");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` ADD COLUMN `code` char(3) NOT NULL DEFAULT 'abc' AFTER `id`;",
	       "add column keeps its position");
	is_str(tu_down(c), "ALTER TABLE `shop`.`item` DROP COLUMN `code`;", "add column down");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.title");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` MODIFY COLUMN `title` varchar(200) COLLATE `utf8mb4_bin` NOT NULL;",
	       "modify re-renders the definition");
	is_str(tu_down(c), "ALTER TABLE `shop`.`item` MODIFY COLUMN `title` varchar(50) NOT NULL;", "modify down");
	ok(tu_has_hazard(c, "table_rewrite") && !tu_has_hazard(c, "incompatible_type_cast"),
	   "varchar(50) -> varchar(200) widens across the length-byte boundary");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.price");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`item` MODIFY COLUMN `price` decimal(8,2) NULL DEFAULT 0.00 COMMENT 'it''s \\\\ "
	       "priced';",
	       "decimal widening with an escaped comment");
	c = tu_find(cs, SO_ACTION_MODIFY, "comment", "item.note");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` MODIFY COLUMN `note` text NULL COMMENT 'a note';",
	       "column comment re-renders the column");
	c = tu_find(cs, SO_ACTION_ADD, "column", "item.created");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`item` ADD COLUMN `created` datetime NULL DEFAULT current_timestamp() AFTER `note`;",
	       "function default as is");
}

static void t_keys(void)
{
	const char *to = HEAD "tables:\n"
	                      "  - name: item\n"
	                      "    options: {engine: InnoDB, collation: utf8mb4_general_ci}\n"
	                      "    columns:\n"
	                      "      - {name: id, type: int unsigned, nullable: false, auto_increment: true}\n"
	                      "      - {name: title, type: varchar(50), nullable: false}\n"
	                      "      - {name: price, type: \"decimal(6,2)\", default: '0.00'}\n"
	                      "      - {name: note, type: text}\n"
	                      "    primary_key: {name: PRIMARY, columns: [id, title]}\n"
	                      "    indexes:\n"
	                      "      - {name: item_title_key, unique: true, columns: [title DESC]}\n"
	                      "      - {name: item_ft, method: fulltext, columns: [note]}\n"
	                      "      - {name: item_price_idx, method: hash, columns: [price], comment: by price}\n"
	                      "    checks: [{name: item_price_check, expression: price > 0}]\n"
	                      "  - name: tag\n"
	                      "    columns:\n"
	                      "      - {name: id, type: int, nullable: false}\n"
	                      "      - {name: item_id, type: int unsigned}\n"
	                      "    primary_key: {name: PRIMARY, columns: [id]}\n";
	so_changeset *cs = tu_diff(BASE, to, "{strategy: full, online: false}");
	const so_change *c;

	ok(cs != NULL, "keys diff");
	c = tu_find(cs, SO_ACTION_RECREATE, "primary_key", "item.PRIMARY");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `title`);",
	       "primary key replaced in one statement");
	ok(tu_has_hazard(c, "table_rewrite"), "primary key change rebuilds");
	is_int(c ? c->severity : 0, SO_SEVERITY_WARNING, "primary key rebuild is a warning");
	c = tu_find(cs, SO_ACTION_RECREATE, "index", "item.item_title_key");
	is_str(
	    tu_up(c),
	    "ALTER TABLE `shop`.`item` DROP INDEX `item_title_key`, ADD UNIQUE INDEX `item_title_key` (`title` DESC);",
	    "index replaced in one statement");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_ft");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` ADD FULLTEXT INDEX `item_ft` (`note`);", "fulltext index");
	ok(tu_has_hazard(c, "blocking_index_build"), "fulltext blocks writes");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_price_idx");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`item` ADD INDEX `item_price_idx` (`price`) USING HASH COMMENT 'by price';",
	       "hash index with comment");
	c = tu_find(cs, SO_ACTION_DROP, "index", "item.item_note_idx");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` DROP INDEX `item_note_idx`;", "drop index");
	is_str(tu_down(c), "ALTER TABLE `shop`.`item` ADD INDEX `item_note_idx` (`note`(10));", "prefix length");
	c = tu_find_nth(cs, SO_ACTION_RECREATE, "check", "item.item_price_check", 1);
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` ADD CONSTRAINT `item_price_check` CHECK (price > 0);", "check add");
	c = tu_find_nth(cs, SO_ACTION_RECREATE, "check", "item.item_price_check", 0);
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` DROP CONSTRAINT `item_price_check`;", "check drop half");
	c = tu_find(cs, SO_ACTION_DROP, "foreign_key", "tag.tag_item_fk");
	ok(c && strncmp(c->ddl_up, "ALTER TABLE `shop`.`tag` DROP FOREIGN KEY `tag_item_fk`;", 56) == 0,
	   "drop foreign key");
	is_str(tu_down(c),
	       "ALTER TABLE `shop`.`tag` ADD CONSTRAINT `tag_item_fk` FOREIGN KEY (`item_id`) REFERENCES `shop`.`item` "
	       "(`id`);",
	       "drop foreign key down");
}

static void t_tables(void)
{
	const char *from = "schemaops: 1\ndialect: mariadb\nname: shop\n";
	const char *to = HEAD "tables:\n"
	                      "  - name: \"we`ird\"\n"
	                      "    comment: \"a 'table'\"\n"
	                      "    options: {engine: InnoDB, collation: utf8mb4_unicode_ci, row_format: Dynamic}\n"
	                      "    columns:\n"
	                      "      - {name: id, type: bigint unsigned, nullable: false, auto_increment: true}\n"
	                      "      - {name: order, type: int, generated: id * 2, generated_stored: false}\n"
	                      "    primary_key: {name: PRIMARY, columns: [id]}\n"
	                      "    indexes: [{name: k_order, columns: [order]}]\n"
	                      "  - name: child\n"
	                      "    columns:\n"
	                      "      - {name: id, type: int, nullable: false}\n"
	                      "      - {name: p, type: bigint unsigned}\n"
	                      "    foreign_keys: [{name: child_p_fk, columns: [p], references: {table: \"we`ird\", "
	                      "columns: [id]}, on_delete: cascade}]\n";
	so_changeset *cs = tu_diff(from, to, "{online: false}");
	const so_change *c;
	char *s = NULL;
	so_error err;

	ok(cs != NULL, "tables diff");
	c = tu_find(cs, SO_ACTION_ADD, "table", "we`ird");
	is_str(tu_up(c),
	       "CREATE TABLE `shop`.`we``ird` (\n"
	       "  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n"
	       "  `order` int GENERATED ALWAYS AS (id * 2) VIRTUAL,\n"
	       "  PRIMARY KEY (`id`)\n"
	       ") DEFAULT COLLATE=utf8mb4_unicode_ci ENGINE=InnoDB ROW_FORMAT=Dynamic COMMENT='a ''table''';",
	       "create table with options and comment");
	c = tu_find(cs, SO_ACTION_ADD, "foreign_key", "child.child_p_fk");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`child` ADD CONSTRAINT `child_p_fk` FOREIGN KEY (`p`) REFERENCES `shop`.`we``ird` "
	       "(`id`) ON DELETE CASCADE;",
	       "foreign key with backquoted names");
	ok(tu_seq(c) > tu_seq(tu_find(cs, SO_ACTION_ADD, "table", "we`ird")) &&
	       tu_seq(c) > tu_seq(tu_find(cs, SO_ACTION_ADD, "table", "child")),
	   "FK after both tables");
	ok(so_changeset_script(tu_arena, cs, false, &s, &err) == SO_OK, "script renders");
	ok(s && strstr(s, "SET SESSION lock_wait_timeout = 5;\nUSE `shop`;\n") && !strstr(s, "BEGIN"),
	   "mariadb preamble, no transaction");
}

/* ON UPDATE is part of the column definition: every statement that restates the column must carry it */
static void t_on_update(void)
{
	const char *from =
	    HEAD "tables:\n"
	         "  - name: film\n"
	         "    columns:\n"
	         "      - {name: id, type: int, nullable: false}\n"
	         "      - {name: last_update, type: timestamp, nullable: false, default: current_timestamp(), "
	         "on_update: current_timestamp()}\n"
	         "      - {name: seen, type: datetime(3), on_update: now(3)}\n"
	         "      - {name: stamp, type: datetime}\n"
	         "    primary_key: {name: PRIMARY, columns: [id]}\n";
	const char *to =
	    HEAD "tables:\n"
	         "  - name: film\n"
	         "    columns:\n"
	         "      - {name: id, type: int, nullable: false}\n"
	         "      - {name: last_update, type: timestamp, default: current_timestamp(), "
	         "on_update: current_timestamp(), comment: touched}\n"
	         "      - {name: seen, type: datetime(3), on_update: current_timestamp(3), comment: seen}\n"
	         "      - {name: stamp, type: datetime, on_update: current_timestamp}\n"
	         "      - {name: changed, type: \"timestamp(6)\", nullable: false, default: \"'2000-01-01 "
	         "00:00:00.000000'\", "
	         "on_update: current_timestamp(6)}\n"
	         "    primary_key: {name: PRIMARY, columns: [id]}\n"
	         "  - name: staff\n"
	         "    columns:\n"
	         "      - {name: id, type: int, nullable: false}\n"
	         "      - {name: last_update, type: timestamp, nullable: false, default: current_timestamp(), "
	         "on_update: current_timestamp()}\n"
	         "    primary_key: {name: PRIMARY, columns: [id]}\n";
	so_changeset *cs = tu_diff(from, to, "{strategy: full, online: false}");
	const so_change *c;

	ok(cs != NULL, "on_update diff");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "film.last_update");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`film` MODIFY COLUMN `last_update` timestamp NULL DEFAULT current_timestamp() "
	       "ON UPDATE current_timestamp() COMMENT 'touched';",
	       "MODIFY of another attribute keeps ON UPDATE");
	is_str(tu_down(c),
	       "ALTER TABLE `shop`.`film` MODIFY COLUMN `last_update` timestamp NOT NULL DEFAULT current_timestamp() "
	       "ON UPDATE current_timestamp();",
	       "MODIFY down keeps ON UPDATE");
	c = tu_find(cs, 0, NULL, "film.seen");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`film` MODIFY COLUMN `seen` datetime(3) NULL ON UPDATE current_timestamp(3) "
	       "COMMENT 'seen';",
	       "comment change keeps ON UPDATE with its precision");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "film.stamp");
	is_str(tu_up(c), "ALTER TABLE `shop`.`film` MODIFY COLUMN `stamp` datetime NULL ON UPDATE current_timestamp();",
	       "on_update added: MODIFY");
	is_str(tu_down(c), "ALTER TABLE `shop`.`film` MODIFY COLUMN `stamp` datetime NULL;",
	       "on_update added: down drops it");
	c = tu_find(cs, SO_ACTION_ADD, "column", "film.changed");
	is_str(
	    tu_up(c),
	    "ALTER TABLE `shop`.`film` ADD COLUMN `changed` timestamp(6) NOT NULL DEFAULT '2000-01-01 00:00:00.000000' "
	    "ON UPDATE current_timestamp(6) AFTER `stamp`;",
	    "ADD COLUMN with ON UPDATE");
	c = tu_find(cs, SO_ACTION_ADD, "table", "staff");
	ok(c && strstr(tu_up(c), "  `last_update` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE "
	                         "current_timestamp(),\n"),
	   "CREATE TABLE with ON UPDATE");
	c = tu_find(cs, SO_ACTION_DROP, "table", "staff");
	ok(c == NULL, "no drop of the new table");

	/* the way back: a DROP TABLE's down recreates ON UPDATE */
	cs = tu_diff(to, from, "{strategy: full, online: false}");
	c = tu_find(cs, SO_ACTION_DROP, "table", "staff");
	ok(c && strstr(tu_down(c), "ON UPDATE current_timestamp()"), "DROP TABLE down carries ON UPDATE");
	c = tu_find(cs, SO_ACTION_DROP, "column", "film.changed");
	ok(c && strstr(tu_down(c), "ON UPDATE current_timestamp(6)"), "DROP COLUMN down carries ON UPDATE");
}

/* MariaDB refuses an AUTO_INCREMENT column that does not start a key (error 1075): setting it waits for the key,
   clearing it comes before the key goes; the rollback, in reverse order, stays valid */
static void t_auto_increment_order(void)
{
	const char *from = HEAD "tables:\n"
	                        "  - name: a\n"
	                        "    columns: [{name: id, type: int, nullable: false}, {name: v, type: int}]\n"
	                        "  - name: b\n"
	                        "    columns: [{name: id, type: int, nullable: false, auto_increment: true}]\n"
	                        "    primary_key: {name: PRIMARY, columns: [id]}\n";
	const char *to = HEAD "tables:\n"
	                      "  - name: a\n"
	                      "    columns: [{name: id, type: int, nullable: false, auto_increment: true}, "
	                      "{name: v, type: int}]\n"
	                      "    primary_key: {name: PRIMARY, columns: [id]}\n"
	                      "  - name: b\n"
	                      "    columns: [{name: id, type: int, nullable: false}]\n";
	so_changeset *cs = tu_diff(from, to, "{strategy: full, online: false}");
	const so_change *pk_add, *ai_on, *pk_drop, *ai_off;

	ok(cs != NULL, "auto_increment diff computed");
	if (!cs)
		return;
	pk_add = tu_find(cs, SO_ACTION_ADD, "primary_key", "a.PRIMARY");
	ai_on = tu_find(cs, SO_ACTION_MODIFY, "column", "a.id");
	pk_drop = tu_find(cs, SO_ACTION_DROP, "primary_key", "b.PRIMARY");
	ai_off = tu_find(cs, SO_ACTION_MODIFY, "column", "b.id");
	ok(pk_add && ai_on && tu_seq(pk_add) < tu_seq(ai_on), "AUTO_INCREMENT is set after its key is added");
	is_str(tu_up(ai_on), "ALTER TABLE `shop`.`a` MODIFY COLUMN `id` int NOT NULL AUTO_INCREMENT;", "set up");
	ok(pk_drop && ai_off && tu_seq(ai_off) < tu_seq(pk_drop),
	   "AUTO_INCREMENT is cleared before its key is dropped");
	is_str(tu_up(ai_off), "ALTER TABLE `shop`.`b` MODIFY COLUMN `id` int NOT NULL;", "clear up");
	is_str(tu_down(ai_off), "ALTER TABLE `shop`.`b` MODIFY COLUMN `id` int NOT NULL AUTO_INCREMENT;", "clear down");
}

/* a key column whose name is not a plain word is read from the mapping form and quoted, never an expression */
static void t_index_odd_names(void)
{
	const char *from = HEAD "tables:\n"
	                        "  - name: t\n"
	                        "    columns: [{name: \"nick name\", type: int}, {name: \"a`b\", type: text}]\n";
	const char *to = HEAD "tables:\n"
	                      "  - name: t\n"
	                      "    columns: [{name: \"nick name\", type: int}, {name: \"a`b\", type: text}]\n"
	                      "    indexes: [{name: \"i x\", columns: [{column: \"nick name\"}, "
	                      "{column: \"a`b\", length: 5, desc: true}]}]\n";
	so_changeset *cs = tu_diff(from, to, "{online: false}");
	const so_change *c = cs ? tu_find(cs, SO_ACTION_ADD, "index", "t.i x") : NULL;
	is_str(tu_up(c), "ALTER TABLE `shop`.`t` ADD INDEX `i x` (`nick name`, `a``b`(5) DESC);",
	       "index on columns with a space and a backquote");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_columns();
	t_keys();
	t_tables();
	t_on_update();
	t_auto_increment_order();
	t_index_odd_names();
	so_arena_destroy(tu_arena);
	return done_testing();
}
