/*
 * test_diff_detach.c: a PostgreSQL partition that becomes a plain table (diff.c partition_detach): DETACH
 * PARTITION ... CONCURRENTLY online, then the CHECK the server adds for the bound dropped; the plain DETACH
 * offline, with a DEFAULT sibling, or when that CHECK's name cannot be predicted; what the table inherited
 * from its parent is not planned again. PostgreSQL 15 runs these plans in tests/e2e/objects_pg.t
 * (obj_partition_detach*).
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: postgres\nname: app\n"
#define PARENT                                                                                                         \
	"  - name: m\n"                                                                                                \
	"    partition_by: RANGE (at)\n"                                                                               \
	"    columns: [{name: id, type: integer, nullable: false}, {name: at, type: date, nullable: false}]\n"         \
	"    primary_key: {name: m_pkey, columns: [id, at]}\n"                                                         \
	"    indexes: [{name: m_at, columns: [{column: at}]}]\n"
#define COLS "    columns: [{name: id, type: integer, nullable: false}, {name: at, type: date, nullable: false}]\n"
#define PART                                                                                                           \
	"  - name: m1\n"                                                                                               \
	"    partition_of: {table: m, bound: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"}\n" COLS
#define PLAIN                                                                                                          \
	"  - name: m1\n" COLS "    primary_key: {name: m1_pkey, columns: [id, at]}\n"                                  \
	"    indexes: [{name: m1_at_idx, columns: [{column: at}]}]\n"

static void t_online(void)
{
	const char *a = HEAD "tables:\n" PARENT PART;
	const char *b = HEAD "tables:\n" PARENT PLAIN;
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *c = tu_find(cs, SO_ACTION_DROP, "partition", "m1");

	is_str(tu_summary(cs), "1 DROP partition m1\n2 DROP check m1.m1_at_check\n",
	       "DETACH, the server's CHECK dropped; the inherited key and index are not planned again");
	is_str(tu_up(c), "ALTER TABLE app.m DETACH PARTITION app.m1 CONCURRENTLY;", "online: CONCURRENTLY");
	ok(c && c->outside_transaction && tu_has_hazard(c, "runs_outside_transaction"), "outside a transaction block");
	is_str(c ? c->lock_level : NULL, "SHARE UPDATE EXCLUSIVE", "SHARE UPDATE EXCLUSIVE on the parent");
	is_str(tu_down(c),
	       "ALTER TABLE app.m ATTACH PARTITION app.m1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
	       "ALTER TABLE app.m1 DROP CONSTRAINT IF EXISTS m1_at_check;",
	       "down: ATTACH with the source bound, then the proving CHECK goes");
	c = tu_find(cs, SO_ACTION_DROP, "check", "m1.m1_at_check");
	is_str(tu_up(c), "ALTER TABLE app.m1 DROP CONSTRAINT IF EXISTS m1_at_check;",
	       "the CHECK DETACH CONCURRENTLY adds, by the name PostgreSQL gives it");
	is_str(tu_down(c),
	       "ALTER TABLE app.m1 ADD CONSTRAINT m1_at_check CHECK (at IS NOT NULL AND at >= '2024-01-01' AND at < "
	       "'2025-01-01');",
	       "its down puts it back, so the ATTACH of the down skips its scan");
	ok(!tu_find(cs, SO_ACTION_DROP, "check", "m1.m1_at_check")->skipped &&
	       !tu_find(cs, SO_ACTION_DROP, "partition", "m1")->skipped,
	   "nothing is lost: runs under additive");
}

static void t_plain(void)
{
	const char *a = HEAD "tables:\n" PARENT PART;
	const char *b = HEAD "tables:\n" PARENT PLAIN;
	const char *adef = HEAD "tables:\n" PARENT PART "  - name: m_rest\n"
	                        "    partition_of: {table: m, bound: DEFAULT}\n" COLS;
	const char *bdef = HEAD "tables:\n" PARENT PLAIN "  - name: m_rest\n"
	                        "    partition_of: {table: m, bound: DEFAULT}\n" COLS;
	const char *ataken =
	    HEAD "tables:\n" PARENT PART "  - name: z\n" COLS "    checks: [{name: m1_at_check, expression: id > 0}]\n";
	const char *btaken = HEAD "tables:\n" PARENT PLAIN "  - name: z\n" COLS
	                          "    checks: [{name: m1_at_check, expression: id > 0}]\n";
	so_changeset *cs = tu_diff(a, b, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_DROP, "partition", "m1");

	is_str(tu_up(c), "ALTER TABLE app.m DETACH PARTITION app.m1;", "offline: the plain DETACH");
	ok(c && !c->outside_transaction && !tu_find(cs, SO_ACTION_DROP, "check", NULL), "in the transaction, no CHECK");
	is_str(tu_down(c),
	       "ALTER TABLE app.m ATTACH PARTITION app.m1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
	       "down: ATTACH");
	cs = tu_diff(adef, bdef, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_DROP, "partition", "m1")), "ALTER TABLE app.m DETACH PARTITION app.m1;",
	       "a DEFAULT sibling: the plain DETACH (PostgreSQL refuses CONCURRENTLY)");
	cs = tu_diff(ataken, btaken, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_DROP, "partition", "m1")), "ALTER TABLE app.m DETACH PARTITION app.m1;",
	       "the CHECK's name is taken in the schema: the plain DETACH");
}

static void t_detach_lacking_key(void)
{
	const char *a = HEAD "tables:\n" PARENT PART;
	const char *b = HEAD "tables:\n" PARENT "  - name: m1\n" COLS;
	so_changeset *cs = tu_diff(a, b, "{online: false}");
	const so_change *c = tu_find(cs, SO_ACTION_DROP, "primary_key", "m1.m_pkey");
	ok(c && tu_up(c) && strstr(tu_up(c), "k.contype OPERATOR(pg_catalog.=) 'p'") &&
	       strstr(tu_up(c), "unnest(ARRAY['id', 'at']::pg_catalog.text[])"),
	   "the inherited primary key the target lacks: dropped after the DETACH, looked up by kind and columns");
	is_str(tu_down(c), "ALTER TABLE app.m1 ADD PRIMARY KEY (id, at);", "its down adds it back");
}

static void t_repartition(void)
{
	const char *a = HEAD "tables:\n" PARENT;
	const char *b = HEAD "tables:\n"
	                     "  - name: m\n"
	                     "    partition_by: LIST (at)\n" COLS "    primary_key: {name: m_pkey, columns: [id, at]}\n"
	                     "    indexes: [{name: m_at, columns: [{column: at}]}]\n";
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *c = tu_find(cs, SO_ACTION_UNSUPPORTED, "table", "m");
	ok(c && strstr(tu_up(c),
	               "changed its partition key (RANGE (at) -> LIST (at): PostgreSQL cannot change it in place"),
	   "a changed PARTITION BY: UNSUPPORTED, naming both keys and why");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_online();
	t_plain();
	t_detach_lacking_key();
	t_repartition();
	so_arena_destroy(tu_arena);
	return done_testing();
}
