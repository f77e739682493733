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

/* option column_order: ignore (default) | warn | enforce */
static void t_column_order(void)
{
	const char *from =
	    T("      - {name: a, type: int}\n      - {name: b, type: int}\n      - {name: c, type: int}\n", "");
	const char *to =
	    T("      - {name: c, type: int}\n      - {name: a, type: int}\n      - {name: b, type: int}\n", "");
	so_changeset *cs = tu_diff(from, to, FULL);
	const so_change *c;
	ok(cs && so_changeset_count(cs) == 0, "default (ignore): only the order differs -> no change");
	cs = tu_diff(from, to, "{\"strategy\": \"full\", \"column_order\": \"ignore\"}");
	ok(cs && so_changeset_count(cs) == 0, "ignore: no change");

	cs = tu_diff(from, to, "{\"strategy\": \"full\", \"column_order\": \"enforce\"}");
	c = tu_find(cs, SO_ACTION_MODIFY, "column_position", "t.c");
	if (!ok(cs && so_changeset_count(cs) == 1 && c &&
	            strstr(tu_up(c), "ALGORITHM=INSTANT, LOCK=NONE, MODIFY COLUMN `c` int NULL AFTER `id`;") &&
	            strstr(tu_down(c), "ALGORITHM=INSTANT, LOCK=NONE, MODIFY COLUMN `c` int NULL AFTER `b`;") &&
	            tu_has_hazard(c, "column_reorder") && !c->skipped,
	        "enforce: one instant MODIFY ... AFTER, back after its old neighbour"))
		diag("%s", tu_summary(cs));

	cs = tu_diff(from, to, "{\"strategy\": \"full\", \"column_order\": \"warn\"}");
	c = tu_find(cs, SO_ACTION_MODIFY, "column_position", "t.c");
	ok(c && c->skipped && c->skip_reason && strcmp(c->skip_reason, "column_order") == 0,
	   "warn: the same step, listed but skipped (skip_reason column_order)");

	/* moved to the front, an added and a dropped column around it, a renamed one */
	cs =
	    tu_diff(T("      - {name: a, type: int}\n      - {name: x, type: int}\n      - {name: b, type: int}\n", ""),
	            HEAD "tables:\n  - name: t\n    columns:\n      - {name: b2, type: int, renamed_from: b}\n"
	                 "      - {name: id, type: int, nullable: false}\n      - {name: n, type: int}\n"
	                 "      - {name: a, type: int}\n    primary_key: {name: PRIMARY, columns: [id]}\n",
	            "{\"strategy\": \"full\", \"column_order\": \"enforce\"}");
	c = tu_find(cs, SO_ACTION_MODIFY, "column_position", "t.b2");
	if (!ok(c && strstr(tu_up(c), "MODIFY COLUMN `b2` int NULL FIRST;") &&
	            tu_find(cs, 0, "column_position", "t.id") == NULL &&
	            tu_find(cs, 0, "column_position", "t.a") == NULL,
	        "a renamed column moved FIRST; the others follow without a step"))
		diag("%s", tu_summary(cs));

#define PGT(cols) "schemaops: 1\ndialect: postgres\nname: s\ntables:\n  - name: t\n    columns:\n" cols
	cs = tu_diff(PGT("      - {name: a, type: integer}\n      - {name: b, type: integer}\n"),
	             PGT("      - {name: b, type: integer}\n      - {name: a, type: integer}\n"),
	             "{\"column_order\": \"enforce\"}");
	c = tu_find(cs, SO_ACTION_UNSUPPORTED, "column_order", "t");
	if (!ok(cs && so_changeset_count(cs) == 1 && c, "PostgreSQL, enforce: the table's order is UNSUPPORTED"))
		diag("%s", tu_summary(cs));
	cs = tu_diff(PGT("      - {name: a, type: integer}\n      - {name: b, type: integer}\n"),
	             PGT("      - {name: b, type: integer}\n      - {name: a, type: integer}\n"), NULL);
	ok(cs && so_changeset_count(cs) == 0, "PostgreSQL, default: no change");
	ok(tu_diff_err(from, to, "{\"column_order\": \"sometimes\"}", &(so_error){0}) == NULL,
	   "an unknown column_order value is an error");
}

/* the table's default collation: CONVERT TO CHARACTER SET or DEFAULT CHARSET= only, decided from the columns */
#define CT(coll, cols)                                                                                                 \
	HEAD "tables:\n  - name: t\n    options: {engine: InnoDB, collation: " coll "}\n    columns:\n"                \
	     "      - {name: id, type: int, nullable: false}\n" cols                                                   \
	     "    primary_key: {name: PRIMARY, columns: [id]}\n"
static void t_charset(void)
{
	so_changeset *cs = tu_diff(CT("latin1_swedish_ci", "      - {name: s, type: varchar(10)}\n"),
	                           CT("utf8mb4_general_ci", "      - {name: s, type: varchar(10)}\n"), FULL);
	const so_change *c = tu_find(cs, SO_ACTION_MODIFY, "table_charset", "t");
	if (!ok(cs && so_changeset_count(cs) == 1 && c &&
	            !strcmp(tu_up(c), "ALTER TABLE `shop`.`t` ALGORITHM=COPY, LOCK=SHARED, CONVERT TO CHARACTER SET "
	                              "utf8mb4 COLLATE utf8mb4_general_ci;") &&
	            !strcmp(tu_down(c), "ALTER TABLE `shop`.`t` ALGORITHM=COPY, LOCK=SHARED, CONVERT TO CHARACTER SET "
	                                "latin1 COLLATE latin1_swedish_ci;"),
	        "the columns followed the default: CONVERT TO CHARACTER SET, one step"))
		diag("%s", tu_summary(cs));
	ok(c && tu_has_hazard(c, "table_copy") && !tu_has_hazard(c, "incompatible_type_cast") && !c->down_lossy,
	   "to utf8mb4: a copy, not lossy");
	cs = tu_diff(CT("utf8mb4_general_ci", "      - {name: s, type: varchar(10)}\n"),
	             CT("latin1_swedish_ci", "      - {name: s, type: varchar(10)}\n"), FULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "table_charset", "t");
	ok(c && tu_has_hazard(c, "incompatible_type_cast") && c->down_lossy, "to latin1: data-dependent, lossy");

	cs = tu_diff(CT("latin1_swedish_ci", "      - {name: s, type: varchar(10)}\n      - {name: n, type: int}\n"),
	             CT("utf8mb4_general_ci", "      - {name: s, type: varchar(10), collation: latin1_swedish_ci}\n"
	                                      "      - {name: n, type: int}\n      - {name: a, type: text}\n"),
	             FULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "table_charset", "t");
	if (!ok(c &&
	            !strcmp(tu_up(c), "ALTER TABLE `shop`.`t` ALGORITHM=INSTANT, LOCK=NONE, DEFAULT "
	                              "CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;") &&
	            tu_find(cs, SO_ACTION_MODIFY, "column", "t.s") == NULL &&
	            tu_find(cs, SO_ACTION_ADD, "column", "t.a") &&
	            tu_seq(c) < tu_seq(tu_find(cs, SO_ACTION_ADD, "column", "t.a")),
	        "the columns kept theirs: DEFAULT CHARSET= only (instant), before the column steps, no column MODIFY"))
		diag("%s", tu_summary(cs));
	c = tu_find(cs, SO_ACTION_ADD, "column", "t.a");
	ok(c && strstr(tu_up(c), "`a` text COLLATE `utf8mb4_general_ci`"), "an added text column names its collation");
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, NULL, NULL) == NULL, "nothing UNSUPPORTED");
}

static void t_snapshot_notes(void)
{
	so_changeset *cs =
	    tu_diff(HEAD "snapshot_notes: [\"options.fts_doc_id not read\"]\ntables: []\n", HEAD "tables: []\n", FULL);
	ok(cs && so_changeset_count(cs) == 0, "snapshot_notes are read and never compared");
	ok(tu_parse_fails(HEAD "snapshot_notes: [{a: 1}]\n", "\"snapshot_notes\" must be a list of texts"),
	   "snapshot_notes must be texts");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_invisible();
	t_versioned_keep();
	t_down_classes();
	t_column_order();
	t_charset();
	t_snapshot_notes();
	so_arena_destroy(tu_arena);
	return done_testing();
}
