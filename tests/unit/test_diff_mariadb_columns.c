/*
 * test_diff_mariadb_columns.c: MariaDB column attributes and column-level plans (diff.c, render_mariadb.c):
 * INVISIBLE columns (column attribute `invisible`), column steps of a table that stays system-versioned
 * (system_versioning_alter_history = KEEP around them, hazard history_altered). The e2e cases adv_invisible_*
 * and adv_system_versioning_columns / _drop_column run the same plans on the server.
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
#define FULL "{\"strategy\": \"full\"}"

/* the document is refused with a message containing `what` */
static bool tu_parse_fails(const char *yaml, const char *what)
{
	so_document *doc = NULL;
	so_error err;
	if (so_document_parse(tu_arena, yaml, strlen(yaml), &doc, &err) == SO_OK)
		return false;
	if (!strstr(err.message, what))
		diag("message: %s", err.message);
	return strstr(err.message, what) != NULL;
}

static void t_invisible(void)
{
	so_changeset *cs = tu_diff(T("", ""), T("      - {name: v, type: int, invisible: true}\n", ""), FULL);
	const so_change *c = tu_find(cs, SO_ACTION_ADD, "column", "t.v");
	if (!ok(c && strstr(tu_up(c), "ALGORITHM=INSTANT, LOCK=NONE, ADD COLUMN `v` int NULL INVISIBLE AFTER `id`;"),
	        "ADD COLUMN ... INVISIBLE, instant"))
		diag("%s", tu_summary(cs));

	cs = tu_diff(T("      - {name: v, type: int}\n", ""), T("      - {name: v, type: int, invisible: true}\n", ""),
	             FULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	if (!ok(c && strstr(tu_up(c), "ALGORITHM=INSTANT, LOCK=NONE, MODIFY COLUMN `v` int NULL INVISIBLE;") &&
	            strstr(tu_down(c), "ALGORITHM=INSTANT, LOCK=NONE, MODIFY COLUMN `v` int NULL;"),
	        "made invisible: MODIFY ... INVISIBLE, instant both ways"))
		diag("%s", tu_summary(cs));
	ok(c && c->n_hazards == 0, "no hazard for a visibility change");

	cs = tu_diff(
	    T("      - {name: v, type: int, generated: id * 2, generated_stored: true}\n", ""),
	    T("      - {name: v, type: int, generated: id * 2, generated_stored: true, invisible: true}\n", ""), FULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	if (!ok(c &&
	            strstr(tu_up(c), "ALGORITHM=COPY, LOCK=SHARED, MODIFY COLUMN `v` int GENERATED ALWAYS AS "
	                             "(id * 2) STORED INVISIBLE;") &&
	            tu_has_hazard(c, "table_copy"),
	        "a stored generated column is restated by copying"))
		diag("%s", tu_summary(cs));

	cs = tu_diff(T("      - {name: v, type: int, invisible: true}\n", ""),
	             T("      - {name: v, type: int, invisible: true}\n", ""), FULL);
	ok(cs && so_changeset_count(cs) == 0, "equal invisible columns: no change");

	ok(tu_parse_fails("schemaops: 1\ndialect: postgres\nname: s\ntables:\n  - name: t\n    columns:\n"
	                  "      - {name: v, type: integer, invisible: true}\n",
	                  "\"invisible\" is MariaDB only"),
	   "invisible in a postgres document: an error");
}

static void t_versioned_keep(void)
{
	so_changeset *cs = tu_diff(T("      - {name: v, type: int}\n", SV),
	                           T("      - {name: v, type: bigint}\n      - {name: w, type: int}\n", SV), FULL);
	const so_change *m = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	const so_change *a = tu_find(cs, SO_ACTION_ADD, "column", "t.w");
	const char *keep = "SET @so_svah = @@SESSION.system_versioning_alter_history;\n"
	                   "SET SESSION system_versioning_alter_history = KEEP;\n";
	const char *back = "\nSET SESSION system_versioning_alter_history = @so_svah;";
	if (!ok(m && a && strncmp(tu_up(m), keep, strlen(keep)) == 0 && strstr(tu_up(m), back) &&
	            strncmp(tu_up(a), keep, strlen(keep)) == 0 && strncmp(tu_down(a), keep, strlen(keep)) == 0,
	        "column steps of a versioned table set KEEP (up and down) and put the session's value back"))
		diag("%s", tu_summary(cs));
	ok(m && a && tu_has_hazard(m, "history_altered") && tu_has_hazard(a, "history_altered"),
	   "hazard history_altered");
	ok(tu_find(cs, 0, "system_versioning", NULL) == NULL, "versioning itself unchanged");

	/* versioning dropped (before the column steps) or added (after them): no KEEP needed */
	cs = tu_diff(T("      - {name: v, type: int}\n", SV), T("      - {name: v, type: bigint}\n", ""), FULL);
	m = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	ok(m && !strstr(tu_up(m), "KEEP") && !tu_has_hazard(m, "history_altered"),
	   "versioning dropped first: plain column step");
	cs = tu_diff(T("      - {name: v, type: int}\n", ""), T("      - {name: v, type: bigint}\n", SV), FULL);
	m = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	ok(m && !strstr(tu_up(m), "KEEP"), "versioning added last: plain column step");
}

/* down statements carry the class of the way back (diff.c my_modify_algo / my_add_algo / D()) */
static void t_down_classes(void)
{
	so_changeset *cs = tu_diff(T("      - {name: v, type: int}\n", ""), T("", ""), FULL);
	const so_change *c = tu_find(cs, SO_ACTION_DROP, "column", "t.v");
	if (!ok(c && strstr(tu_down(c), "ALGORITHM=INSTANT, LOCK=NONE, ADD COLUMN `v` int NULL AFTER `id`;"),
	        "a dropped column comes back instantly"))
		diag("%s", tu_summary(cs));
	cs = tu_diff(T("      - {name: v, type: int, generated: id + 1, generated_stored: true}\n", ""), T("", ""),
	             FULL);
	c = tu_find(cs, SO_ACTION_DROP, "column", "t.v");
	ok(c && strstr(tu_down(c), "ALGORITHM=COPY, LOCK=SHARED, ADD COLUMN"), "a stored generated one by copying");

	cs = tu_diff(T("      - {name: v, type: int, nullable: false, default: '0'}\n", ""),
	             T("      - {name: v, type: int, default: '0'}\n", ""), FULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	if (!ok(c && strstr(tu_up(c), "ALGORITHM=INPLACE, LOCK=NONE") &&
	            strstr(tu_down(c), "ALGORITHM=INPLACE, LOCK=NONE, MODIFY COLUMN `v` int NOT NULL DEFAULT 0;"),
	        "NOT NULL dropped and back: in place both ways"))
		diag("%s", tu_summary(cs));
	cs = tu_diff(T("      - {name: v, type: varchar(20)}\n", ""), T("      - {name: v, type: varchar(40)}\n", ""),
	             FULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "t.v");
	if (!ok(c && strstr(tu_up(c), "ALGORITHM=INSTANT") && strstr(tu_down(c), "ALGORITHM=COPY, LOCK=SHARED"),
	        "a VARCHAR widened instantly comes back narrowed by copying"))
		diag("%s", tu_summary(cs));

	cs = tu_diff(
	    T("      - {name: v, type: text}\n", ""),
	    T("      - {name: v, type: text}\n", "    indexes:\n      - {name: fv, columns: [v], method: fulltext}\n"),
	    FULL);
	c = tu_find(cs, SO_ACTION_ADD, "index", "t.fv");
	if (!ok(c && strstr(tu_down(c), "ALGORITHM=INPLACE, LOCK=SHARED, DROP INDEX `fv`;"),
	        "a FULLTEXT index added INPLACE, LOCK=SHARED is dropped the same way"))
		diag("%s", tu_summary(cs));
	cs = tu_diff(
	    T("      - {name: v, type: text}\n", "    indexes:\n      - {name: fv, columns: [v], method: fulltext}\n"),
	    T("      - {name: v, type: text}\n", ""), FULL);
	c = tu_find(cs, SO_ACTION_DROP, "index", "t.fv");
	if (!ok(c && strstr(tu_down(c), "ALGORITHM=INPLACE, LOCK=SHARED, ADD FULLTEXT INDEX `fv`"),
	        "a dropped FULLTEXT index comes back INPLACE, LOCK=SHARED"))
		diag("%s", tu_summary(cs));
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_invisible();
	t_versioned_keep();
	t_down_classes();
	so_arena_destroy(tu_arena);
	return done_testing();
}
