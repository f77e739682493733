/*
 * test_diff_mariadb_autoinc.c: MariaDB plans keep an AUTO_INCREMENT column the first column of a key, and the
 * only one, at every step (error 1075; diff.c, "MariaDB AUTO_INCREMENT and keys"). The e2e cases
 * adv_auto_increment_* run the same plans on the server; these pin the steps and their order.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: mariadb\nname: shop\n"
#define T_AI(extra)                                                                                                    \
	HEAD "tables:\n"                                                                                               \
	     "  - name: t\n"                                                                                           \
	     "    columns:\n"                                                                                          \
	     "      - {name: id, type: int, nullable: false, auto_increment: true}\n"                                  \
	     "      - {name: v, type: int, nullable: false}\n" extra

static const char *FROM = T_AI("    primary_key: {name: PRIMARY, columns: [id]}\n");

/* a dropped AUTO_INCREMENT column loses the attribute before its key goes; the down re-adds it without,
   numbered */
static void t_drop_column(void)
{
	const char *to = HEAD "tables:\n"
	                      "  - name: t\n"
	                      "    columns:\n"
	                      "      - {name: v, type: int, nullable: false}\n";
	so_changeset *cs = tu_diff(FROM, to, "{\"strategy\": \"full\"}");
	const so_change *off = tu_find(cs, SO_ACTION_MODIFY, "column", "t.id");
	const so_change *pk = tu_find(cs, SO_ACTION_DROP, "primary_key", NULL);
	const so_change *drop = tu_find(cs, SO_ACTION_DROP, "column", "t.id");
	if (!ok(off && pk && drop, "dropped auto column: MODIFY, DROP PRIMARY KEY, DROP COLUMN"))
		diag("%s", tu_summary(cs));
	ok(tu_seq(off) < tu_seq(pk) && tu_seq(pk) < tu_seq(drop), "the attribute goes first, the column last");
	if (!ok(strstr(tu_up(off), "MODIFY COLUMN `id` int NOT NULL;") != NULL, "MODIFY without AUTO_INCREMENT"))
		diag("%s", tu_up(off));
	ok(strstr(tu_down(off), "AUTO_INCREMENT") != NULL, "its down puts AUTO_INCREMENT back");
	if (!ok(drop && strstr(tu_down(drop), "ADD COLUMN `id` int NOT NULL FIRST;") != NULL,
	        "the drop's down re-adds the column without AUTO_INCREMENT"))
		diag("%s", tu_down(drop));
	/* then numbers the rows 1..N, so the key re-added after it gets no duplicate 0 */
	if (!ok(drop &&
	            strstr(tu_down(drop),
	                   "SET @so_ai_row = 0;\nUPDATE `shop`.`t` SET `id` = (@so_ai_row := @so_ai_row + 1);") != NULL,
	        "the drop's down numbers the rows before the key comes back"))
		diag("%s", tu_down(drop));
	ok(drop && drop->down_lossy, "the drop's down stays lossy (the original values are gone)");
}

/* renamed without a hint: the old column's attribute goes, the new one comes with a temporary index */
static void t_rename_nohint(void)
{
	const char *to = HEAD "tables:\n"
	                      "  - name: t\n"
	                      "    columns:\n"
	                      "      - {name: id2, type: int, nullable: false, auto_increment: true}\n"
	                      "      - {name: v, type: int, nullable: false}\n"
	                      "    primary_key: {name: PRIMARY, columns: [id2]}\n";
	so_changeset *cs = tu_diff(FROM, to, "{\"strategy\": \"full\"}");
	const so_change *off = tu_find(cs, SO_ACTION_MODIFY, "column", "t.id");
	const so_change *add = tu_find(cs, SO_ACTION_ADD, "column", "t.id2");
	const so_change *pk = tu_find(cs, SO_ACTION_RECREATE, "primary_key", NULL);
	const so_change *tmp = tu_find(cs, SO_ACTION_DROP, "index", "t.id2_so_ai");
	const so_change *drop = tu_find(cs, SO_ACTION_DROP, "column", "t.id");
	if (!ok(off && add && pk && tmp && drop, "five steps"))
		diag("%s", tu_summary(cs));
	if (!ok(tu_seq(off) < tu_seq(add) && tu_seq(add) < tu_seq(pk) && tu_seq(pk) < tu_seq(tmp) &&
	            tu_seq(tmp) < tu_seq(drop),
	        "attribute off, add with index, key, temporary index dropped, old column dropped"))
		diag("%s", tu_summary(cs));
	if (!ok(add && strstr(tu_up(add), "AUTO_INCREMENT FIRST, ADD INDEX `id2_so_ai` (`id2`);") != NULL,
	        "the new column is added together with its temporary index"))
		diag("%s", tu_up(add));
	ok(tmp && strstr(tu_down(tmp), "ADD INDEX `id2_so_ai` (`id2`);") != NULL,
	   "the temporary index comes back in the down, before the old key does");
}

/* kept, but its only key moves to another column: a temporary index around the key change */
static void t_key_moves(void)
{
	const char *to = T_AI("    primary_key: {name: PRIMARY, columns: [v]}\n"
	                      "    indexes:\n"
	                      "      - {name: t_id, unique: true, columns: [id]}\n");
	so_changeset *cs = tu_diff(FROM, to, "{\"strategy\": \"full\"}");
	const so_change *g1 = tu_find(cs, SO_ACTION_ADD, "index", "t.id_so_ai");
	const so_change *pk = tu_find(cs, SO_ACTION_RECREATE, "primary_key", NULL);
	const so_change *g2 = tu_find(cs, SO_ACTION_DROP, "index", "t.id_so_ai");
	if (!ok(g1 && pk && g2, "temporary index added and dropped"))
		diag("%s", tu_summary(cs));
	ok(tu_seq(g1) < tu_seq(pk) && tu_seq(pk) < tu_seq(g2), "around the key change");
}

/* a key recreated with the column still first needs no temporary index (one ALTER TABLE) */
static void t_key_widened(void)
{
	const char *to = T_AI("    primary_key: {name: PRIMARY, columns: [id, v]}\n");
	so_changeset *cs = tu_diff(FROM, to, "{\"strategy\": \"full\"}");
	if (!ok(tu_find(cs, SO_ACTION_RECREATE, "primary_key", NULL) != NULL && tu_find(cs, 0, "index", NULL) == NULL,
	        "primary key widened in one step, no temporary index"))
		diag("%s", tu_summary(cs));
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_drop_column();
	t_rename_nohint();
	t_key_moves();
	t_key_widened();
	so_arena_destroy(tu_arena);
	return done_testing();
}
