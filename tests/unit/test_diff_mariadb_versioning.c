/*
 * test_diff_mariadb_versioning.c: system-versioned MariaDB tables (table-level kind system_versioning,
 * diff_objects_mariadb.c): ADD SYSTEM VERSIONING after the table's other changes, DROP SYSTEM VERSIONING before
 * them (data_loss, skipped under additive), a new versioned table, explicit period columns UNSUPPORTED; and the
 * DROP INDEX IF EXISTS of a plain index an added one covers (diff.c my_covered_by_added). The e2e cases
 * adv_system_versioning_* and plan_generated_index_covered run the same plans on the server. Also the online
 * clause of down statements (diff.c D()).
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: mariadb\nname: shop\n"
#define T(cols, extra)                                                                                                 \
	HEAD "tables:\n"                                                                                               \
	     "  - name: t\n"                                                                                           \
	     "    columns:\n"                                                                                          \
	     "      - {name: id, type: int, nullable: false}\n" cols                                                   \
	     "    primary_key: {name: PRIMARY, columns: [id]}\n" extra
#define SV "    system_versioning: {period: SYSTEM_TIME}\n"

static void t_add(void)
{
	so_changeset *cs = tu_diff(T("", ""), T("      - {name: v, type: int}\n", SV), "{\"strategy\": \"full\"}");
	const so_change *col = tu_find(cs, SO_ACTION_ADD, "column", "t.v");
	const so_change *sv = tu_find(cs, SO_ACTION_ADD, "system_versioning", "t");
	if (!ok(col && sv && tu_seq(col) < tu_seq(sv), "ADD SYSTEM VERSIONING after the column add"))
		diag("%s", tu_summary(cs));
	if (!sv)
		return;
	ok(strstr(tu_up(sv), "ALGORITHM=COPY, LOCK=SHARED, ADD SYSTEM VERSIONING;") != NULL, "up: %s", tu_up(sv));
	ok(strstr(tu_down(sv), "DROP SYSTEM VERSIONING;") != NULL, "down drops it");
	ok(tu_has_hazard(sv, "table_copy") && !tu_has_hazard(sv, "data_loss"), "table_copy, no data_loss");
	ok(sv->down_lossy, "the down is lossy (the history made since goes)");
}

static void t_drop(void)
{
	so_changeset *cs = tu_diff(T("      - {name: v, type: int}\n", SV), T("", ""), "{\"strategy\": \"full\"}");
	const so_change *col = tu_find(cs, SO_ACTION_DROP, "column", "t.v");
	const so_change *sv = tu_find(cs, SO_ACTION_DROP, "system_versioning", "t");
	if (!ok(col && sv && tu_seq(sv) < tu_seq(col), "DROP SYSTEM VERSIONING before the column drop"))
		diag("%s", tu_summary(cs));
	ok(sv && tu_has_hazard(sv, "data_loss"), "dropping it is data_loss (the history goes)");
	cs = tu_diff(T("", SV), T("", ""), "{\"strategy\": \"additive\"}");
	sv = tu_find(cs, SO_ACTION_DROP, "system_versioning", "t");
	ok(sv && sv->skipped, "skipped under additive");
}

static void t_new_table(void)
{
	so_changeset *cs = tu_diff(HEAD "tables: []\n", T("", SV), "{\"strategy\": \"full\"}");
	const so_change *tab = tu_find(cs, SO_ACTION_ADD, "table", "t");
	const so_change *sv = tu_find(cs, SO_ACTION_ADD, "system_versioning", "t");
	if (!ok(tab && sv && tu_seq(tab) < tu_seq(sv) && tu_find(cs, 0, "unsupported", NULL) == NULL,
	        "a new versioned table: CREATE TABLE, then ADD SYSTEM VERSIONING"))
		diag("%s", tu_summary(cs));
}

static void t_explicit(void)
{
	so_changeset *cs = tu_diff(
	    T("", ""),
	    T("      - {name: rs, type: timestamp(6), nullable: false, generated: ROW START, generated_stored: true}\n"
	      "      - {name: re, type: timestamp(6), nullable: false, generated: ROW END, generated_stored: true}\n",
	      SV),
	    "{\"strategy\": \"full\"}");
	if (!ok(tu_find(cs, 0, "system_versioning", NULL) != NULL &&
	            tu_find(cs, SO_ACTION_ADD, "system_versioning", "t") == NULL,
	        "explicit period columns: UNSUPPORTED, not planned"))
		diag("%s", tu_summary(cs));
}

static void t_covered_index(void)
{
	const char *from = T("      - {name: p, type: int}\n", "    indexes:\n      - {name: gx, columns: [p]}\n");
	const char *to = T("      - {name: p, type: int}\n", "    indexes:\n      - {name: gx2, columns: [p, id]}\n");
	so_changeset *cs = tu_diff(from, to, "{\"strategy\": \"full\"}");
	const so_change *drop = tu_find(cs, SO_ACTION_DROP, "index", "t.gx");
	if (!ok(drop && strstr(tu_up(drop), "DROP INDEX IF EXISTS `gx`;") != NULL,
	        "a covered plain index is dropped IF EXISTS"))
		diag("%s", tu_up(drop));
	to = T("      - {name: p, type: int}\n", "    indexes:\n      - {name: gx2, columns: [id, p]}\n");
	cs = tu_diff(from, to, "{\"strategy\": \"full\"}");
	drop = tu_find(cs, SO_ACTION_DROP, "index", "t.gx");
	ok(drop && strstr(tu_up(drop), "IF EXISTS") == NULL, "an index not covered is dropped plainly");
	/* down statements carry the online clause where the way back's class is known (diff.c D()) */
	if (!ok(drop && strstr(tu_down(drop), "ALGORITHM=NOCOPY, LOCK=NONE, ADD INDEX `gx` (`p`);") != NULL,
	        "a dropped B-tree index comes back NOCOPY, LOCK=NONE"))
		diag("%s", tu_down(drop));
	drop = tu_find(cs, SO_ACTION_ADD, "index", "t.gx2");
	ok(drop && strstr(tu_down(drop), "ALGORITHM=NOCOPY, LOCK=NONE, DROP INDEX `gx2`;") != NULL,
	   "an added B-tree index goes back NOCOPY, LOCK=NONE");
	cs = tu_diff(T("      - {name: p, type: int, default: '1'}\n", ""),
	             T("      - {name: p, type: int, default: '2'}\n", ""), "{\"strategy\": \"full\"}");
	drop = tu_find(cs, SO_ACTION_MODIFY, "column", "t.p");
	if (!ok(drop && strstr(tu_down(drop), "ALGORITHM=INSTANT, LOCK=NONE") != NULL,
	        "a DEFAULT change goes back INSTANT"))
		diag("%s", tu_down(drop));
	cs = tu_diff(T("      - {name: p, type: int}\n", ""), T("      - {name: p, type: bigint}\n", ""),
	             "{\"strategy\": \"full\"}");
	drop = tu_find(cs, SO_ACTION_MODIFY, "column", "t.p");
	/* the way back's own class (diff.c my_modify_algo with the columns swapped): a narrowing copies */
	if (!ok(drop && strstr(tu_down(drop), "ALGORITHM=COPY, LOCK=SHARED, MODIFY COLUMN `p` int NULL;") != NULL,
	        "a type change goes back by copying (bigint -> int narrows)"))
		diag("%s", drop ? tu_down(drop) : "(none)");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_add();
	t_drop();
	t_new_table();
	t_explicit();
	t_covered_index();
	so_arena_destroy(tu_arena);
	return done_testing();
}
