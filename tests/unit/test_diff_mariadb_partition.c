/*
 * test_diff_mariadb_partition.c: MariaDB partitioning (table-level kind `partitioning`,
 * diff_objects_mariadb.c): PARTITION BY for a table that gains a scheme (and a new table), REMOVE PARTITIONING,
 * ADD PARTITION for partitions appended to a RANGE / LIST scheme, DROP PARTITION (data_loss, skipped under
 * additive), a re-partition for anything else, subpartitions UNSUPPORTED. The e2e cases adv_partition_* run the
 * same plans on the server.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: mariadb\nname: shop\n"
#define T(extra)                                                                                                       \
	HEAD "tables:\n"                                                                                               \
	     "  - name: t\n"                                                                                           \
	     "    columns:\n"                                                                                          \
	     "      - {name: id, type: int, nullable: false}\n"                                                        \
	     "    primary_key: {name: PRIMARY, columns: [id]}\n" extra
#define PART(method, expr, parts)                                                                                      \
	"    partitioning: {method: " method ", expression: '" expr                                                    \
	"', subpartition_method: null, partitions: [" parts "]}\n"
#define P(name, bound) "{name: " name ", subpartition: null, bound: '" bound "'}"
#define R2 PART("RANGE", "`id`", P("p0", "10") ", " P("p1", "20"))
#define R3 PART("RANGE", "`id`", P("p0", "10") ", " P("p1", "20") ", " P("p2", "MAXVALUE"))

static const so_change *one(so_changeset *cs, const char *what)
{
	const so_change *c = tu_find(cs, 0, NULL, NULL);
	if (!ok(cs && so_changeset_count(cs) == 1, "%s: one step", what))
		diag("%s", tu_summary(cs));
	return c;
}

int main(void)
{
	so_changeset *cs;
	const so_change *c;
	tu_arena = so_arena_create(&so_malloc_allocator);

	c = one(tu_diff(T(""), T(R2), "{\"strategy\": \"full\"}"), "partitioned");
	if (!ok(c && strstr(tu_up(c), "ALGORITHM=COPY, LOCK=SHARED PARTITION BY RANGE (`id`) (PARTITION `p0` VALUES "
	                              "LESS THAN (10), PARTITION `p1` VALUES LESS THAN (20));") != NULL,
	        "PARTITION BY with the online clause, no comma"))
		diag("%s", tu_up(c));
	ok(c && strstr(tu_down(c), "REMOVE PARTITIONING;") != NULL && tu_has_hazard(c, "table_copy"),
	   "down REMOVE PARTITIONING; table_copy");

	c = one(tu_diff(T(R2), T(""), "{\"strategy\": \"full\"}"), "unpartitioned");
	ok(c && strstr(tu_up(c), "REMOVE PARTITIONING;") != NULL && strstr(tu_down(c), "PARTITION BY RANGE") != NULL &&
	       !tu_has_hazard(c, "data_loss"),
	   "REMOVE PARTITIONING keeps the rows; down partitions again");

	c = one(tu_diff(T(R2), T(R3), "{\"strategy\": \"full\"}"), "appended");
	if (!ok(c && strstr(tu_up(c), "`t` ADD PARTITION (PARTITION `p2` VALUES LESS THAN MAXVALUE);") != NULL &&
	            strstr(tu_down(c), "DROP PARTITION `p2`;") != NULL,
	        "ADD PARTITION, down DROP PARTITION (no ALGORITHM clause: the server takes none)"))
		diag("%s\n%s", tu_up(c), tu_down(c));

	c = one(tu_diff(T(R3), T(R2), "{\"strategy\": \"full\"}"), "dropped");
	ok(c && strstr(tu_up(c), "DROP PARTITION `p2`;") != NULL && tu_has_hazard(c, "data_loss") && c->down_lossy,
	   "DROP PARTITION: data_loss, down lossy");
	cs = tu_diff(T(R3), T(R2), "{\"strategy\": \"additive\"}");
	c = tu_find(cs, 0, "partition", NULL);
	ok(c && c->skipped, "DROP PARTITION skipped under additive");

	c = one(tu_diff(T(R2), T(PART("RANGE", "`id`", P("p0", "5") ", " P("p1", "20"))), "{\"strategy\": \"full\"}"),
	        "bound changed");
	ok(c && c->action == SO_ACTION_RECREATE && strstr(tu_up(c), "VALUES LESS THAN (5)") != NULL,
	   "a changed bound re-partitions");

	c = one(tu_diff(T(""),
	                T(PART("HASH", "`id`",
	                       "{name: p0, subpartition: null, bound: null}, {name: p1, subpartition: "
	                       "null, bound: null}")),
	                "{\"strategy\": \"full\"}"),
	        "hash");
	ok(c && strstr(tu_up(c), "PARTITION BY HASH (`id`) PARTITIONS 2;") != NULL, "HASH p0, p1: %s", tu_up(c));
	c = one(tu_diff(T(""),
	                T(PART("KEY", "",
	                       "{name: a, subpartition: null, bound: null}, {name: b, subpartition: null, bound: "
	                       "null}")),
	                "{\"strategy\": \"full\"}"),
	        "key");
	ok(c && strstr(tu_up(c), "PARTITION BY KEY () (PARTITION `a`, PARTITION `b`);") != NULL, "KEY a, b: %s",
	   tu_up(c));

	c = one(
	    tu_diff(T(""), T(PART("LIST", "`id`", P("a", "1,2") ", " P("d", "DEFAULT"))), "{\"strategy\": \"full\"}"),
	    "list");
	ok(c && strstr(tu_up(c), "(PARTITION `a` VALUES IN (1,2), PARTITION `d` DEFAULT);") != NULL, "LIST: %s",
	   tu_up(c));
	c = one(tu_diff(T(""), T(PART("LIST COLUMNS", "`id`", P("a", "1,2") ", " P("d", "MAXVALUE"))),
	                "{\"strategy\": \"full\"}"),
	        "list columns");
	ok(c && strstr(tu_up(c), "PARTITION `d` DEFAULT);") != NULL, "LIST COLUMNS MAXVALUE is the DEFAULT partition");

	cs = tu_diff(T(""),
	             T("    partitioning: {method: RANGE, expression: '`id`', subpartition_method: HASH, partitions: "
	               "[{name: p0, subpartition: p0sp0, bound: '10'}]}\n"),
	             "{\"strategy\": \"full\"}");
	ok(tu_find(cs, 0, "partitioning", NULL) && !strstr(tu_up(tu_find(cs, 0, "partitioning", NULL)), "PARTITION BY"),
	   "subpartitions: UNSUPPORTED");

	cs = tu_diff(HEAD "tables: []\n", T(R2), "{\"strategy\": \"full\"}");
	c = tu_find(cs, SO_ACTION_ADD, "partitioning", "t");
	ok(c && tu_seq(tu_find(cs, SO_ACTION_ADD, "table", "t")) < tu_seq(c), "a new table: created, then partitioned");

	so_arena_destroy(tu_arena);
	return done_testing();
}
