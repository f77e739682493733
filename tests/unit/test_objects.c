/*
 * test_objects.c: the PostgreSQL object kinds of diff_objects.c: create / drop / in-place forms per kind,
 * dependency order from the document's "dependencies", recreation of dependents around a column retype or
 * an object recreated, what stays UNSUPPORTED, and that MariaDB documents are left alone.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: postgres\nname: app\n"
#define TABLE_T                                                                                                        \
	"tables:\n"                                                                                                    \
	"  - name: t\n"                                                                                                \
	"    columns: [{name: id, type: integer, nullable: false}, {name: code, type: varchar(20)}]\n"                 \
	"    primary_key: {name: t_pkey, columns: [id]}\n"

/* views on views: created by ascending level, dropped by descending level; column retype recreates them */
static void t_view_order(void)
{
	const char *deps = "dependencies:\n"
	                   "  - {name: views/v1, object: [views, v1], on: [[columns, t, code]]}\n"
	                   "  - {name: views/v2, object: [views, v2], on: [[columns, v1, code]]}\n"
	                   "  - {name: views/v3, object: [views, v3], on: [[views, v2]]}\n";
	char from[2048], to[2048], to2[2048];
	so_changeset *cs;
	const so_change *c;

	snprintf(from, sizeof from, "%s%s", HEAD, TABLE_T);
	/* names chosen so that name order is the reverse of dependency order */
	snprintf(to, sizeof to,
	         "%s%s%s"
	         "views:\n"
	         "  - {name: v3, definition: \" SELECT count(*) FROM v2;\"}\n"
	         "  - {name: v2, definition: \" SELECT code FROM v1;\"}\n"
	         "  - {name: v1, definition: \" SELECT id, code FROM t;\"}\n",
	         HEAD, TABLE_T, deps);
	cs = tu_diff(from, to, "{strategy: full}");
	is_str(tu_summary(cs), "1 ADD view v1\n2 ADD view v2\n3 ADD view v3\n", "views created in dependency order");
	c = tu_find(cs, SO_ACTION_ADD, "view", "v1");
	is_str(tu_up(c), "CREATE VIEW app.v1 AS\n SELECT id, code FROM t;", "CREATE VIEW from the definition");
	is_str(tu_down(c), "DROP VIEW app.v1;", "its down drops it");

	cs = tu_diff(to, from, "{strategy: full}");
	is_str(tu_summary(cs), "1 DROP view v3\n2 DROP view v2\n3 DROP view v1\n", "views dropped dependents first");

	/* the column v1 reads changes type: v1, v2, v3 are dropped before and created after */
	snprintf(to2, sizeof to2, "%s", to);
	{
		char *p = strstr(to2, "varchar(20)");
		memcpy(p, "varchar(40)", 11);
	}
	cs = tu_diff(to, to2, "{strategy: full}");
	is_str(tu_summary(cs),
	       "1 RECREATE view v3\n2 RECREATE view v2\n3 RECREATE view v1\n4 MODIFY column t.code\n"
	       "5 RECREATE view v1\n6 RECREATE view v2\n7 RECREATE view v3\n",
	       "a retyped column: its views on views are dropped around the change, transitively");
	cs = tu_diff(to, to2, NULL);
	ok(tu_find(cs, SO_ACTION_RECREATE, "view", "v1") && !tu_find(cs, SO_ACTION_RECREATE, "view", "v1")->skipped,
	   "recreating a dependent view runs under additive too (no data is lost)");
}

/* columns that only grow at the end: CREATE OR REPLACE VIEW, and views on it stay */
static void t_view_replace(void)
{
	const char *a = HEAD "views: [{name: v, definition: \" SELECT 1 AS x;\", comment: old}]\n"
	                     "view_columns: [{name: v, columns: [[x, integer]]}]\n";
	const char *b = HEAD "views: [{name: v, definition: \" SELECT 1 AS x, 2 AS y;\"}]\n"
	                     "view_columns: [{name: v, columns: [[x, integer], [y, integer]]}]\n";
	const char *c = HEAD "views: [{name: v, definition: \" SELECT 2 AS y;\"}]\n"
	                     "view_columns: [{name: v, columns: [[y, integer]]}]\n";
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *ch = tu_find(cs, SO_ACTION_MODIFY, "view", "v");
	is_str(tu_up(ch), "CREATE OR REPLACE VIEW app.v AS\n SELECT 1 AS x, 2 AS y;\nCOMMENT ON VIEW app.v IS NULL;",
	       "columns added at the end: CREATE OR REPLACE VIEW (and the comment it would keep removed)");
	is_str(tu_down(ch), "DROP VIEW app.v;\nCREATE VIEW app.v AS\n SELECT 1 AS x;\nCOMMENT ON VIEW app.v IS 'old';",
	       "its down drops and creates the old view");
	cs = tu_diff(a, c, NULL);
	ok(tu_find(cs, SO_ACTION_RECREATE, "view", "v") != NULL, "a column replaced: drop and create");
}

static void t_functions(void)
{
	const char *f1 = HEAD "functions:\n"
	                      "  - {name: 'f(integer)', kind: function, definition: \"CREATE OR REPLACE FUNCTION "
	                      "f(a integer)\\n RETURNS integer\\n LANGUAGE sql\\nAS $f$SELECT a$f$\\n\"}\n";
	const char *f2 = HEAD "functions:\n"
	                      "  - {name: 'f(integer)', kind: function, comment: doubles, definition: \"CREATE OR "
	                      "REPLACE FUNCTION f(a integer)\\n RETURNS integer\\n LANGUAGE sql\\nAS $f$SELECT a * "
	                      "2$f$\\n\"}\n";
	const char *f3 = HEAD "functions:\n"
	                      "  - {name: 'f(integer)', kind: function, definition: \"CREATE OR REPLACE FUNCTION "
	                      "f(a integer)\\n RETURNS bigint\\n LANGUAGE sql\\nAS $f$SELECT a$f$\\n\"}\n";
	const char *agg = HEAD "functions:\n"
	                       "  - {name: 's(integer)', kind: aggregate, definition: {arguments: integer, result: "
	                       "integer, sfunc: int4pl, stype: integer, initcond: '0', kind: n}}\n";
	so_changeset *cs;
	const so_change *c;

	cs = tu_diff(f1, f2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "function", "f(integer)");
	is_str(tu_up(c),
	       "SET LOCAL check_function_bodies = off;\nCREATE OR REPLACE FUNCTION f(a integer)\n RETURNS integer\n "
	       "LANGUAGE sql\nAS $f$SELECT a * 2$f$;\nCOMMENT ON FUNCTION app.f(integer) IS 'doubles';",
	       "same signature and result: CREATE OR REPLACE, with the comment");
	ok(c && c->ddl_down && strstr(c->ddl_down, "SELECT a$f$;") && strstr(c->ddl_down, "IS NULL;"),
	   "its down replaces it back and removes the comment");
	cs = tu_diff(f1, f3, NULL);
	is_str(tu_summary(cs), "1 RECREATE function f(integer)\n2 RECREATE function f(integer)\n",
	       "another result type: drop and create");
	is_str(tu_up(tu_find(cs, SO_ACTION_RECREATE, "function", "f(integer)")), "DROP FUNCTION app.f(integer);",
	       "dropped by signature");
	cs = tu_diff(HEAD, agg, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_ADD, "function", "s(integer)")),
	       "CREATE AGGREGATE app.s(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');",
	       "aggregate created from its parts");
	cs = tu_diff(agg, HEAD, "{strategy: full}");
	is_str(tu_up(tu_find(cs, SO_ACTION_DROP, "function", "s(integer)")), "DROP AGGREGATE app.s(integer);",
	       "aggregate dropped as an aggregate");
	cs = tu_diff(agg, HEAD, NULL);
	ok(tu_find(cs, SO_ACTION_DROP, "function", "s(integer)") &&
	       tu_find(cs, SO_ACTION_DROP, "function", "s(integer)")->skipped,
	   "additive: a function drop is skipped");
}

static void t_types(void)
{
	const char *e1 = HEAD "types: [{name: mood, kind: enum, labels: [sad, happy]}]\n";
	const char *e2 = HEAD "types: [{name: mood, kind: enum, labels: [meh, sad, ok, happy, great]}]\n";
	const char *e3 = HEAD "types: [{name: mood, kind: enum, labels: [happy, sad]}]\n";
	const char *c1 = HEAD "types: [{name: pt, kind: composite, attributes: [{name: x, type: integer}, {name: y, "
	                      "type: integer}]}]\n";
	const char *c2 = HEAD "types: [{name: pt, kind: composite, attributes: [{name: x, type: bigint}, {name: z, "
	                      "type: text}]}]\n";
	const char *b1 = HEAD "types: [{name: b, kind: base}]\n";
	const char *d1 = HEAD "domains: [{name: d, type: integer}]\n";
	const char *d2 = HEAD "domains: [{name: d, type: integer, nullable: false, default: '1', checks: [{name: "
	                      "d_pos, expression: CHECK (VALUE > 0)}]}]\n";
	so_changeset *cs;
	const so_change *c;

	cs = tu_diff(e1, e2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "type", "mood");
	is_str(tu_up(c),
	       "ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'sad';\nALTER TYPE app.mood ADD VALUE 'ok' AFTER "
	       "'sad';\nALTER TYPE app.mood ADD VALUE 'great' AFTER 'happy';",
	       "enum: ADD VALUE placed BEFORE / AFTER its neighbour");
	ok(c && c->down_lossy && c->ddl_down && strncmp(c->ddl_down, "--", 2) == 0,
	   "enum values cannot be removed: the down is a comment, lossy");
	cs = tu_diff(e1, e3, NULL);
	c = tu_find(cs, SO_ACTION_UNSUPPORTED, "type", "mood");
	ok(c && tu_has_hazard(c, "unsupported") && strstr(c->ddl_up, "reordered"),
	   "enum labels reordered: UNSUPPORTED, never a drop");
	cs = tu_diff(c1, c2, "{strategy: full}");
	is_str(tu_summary(cs), "1 DROP attribute pt\n2 MODIFY type pt\n",
	       "composite: dropped attribute first, then the rest");
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "type", "pt")),
	       "ALTER TYPE app.pt ALTER ATTRIBUTE x TYPE bigint;\nALTER TYPE app.pt ADD ATTRIBUTE z text;",
	       "composite: ALTER and ADD ATTRIBUTE");
	cs = tu_diff(c1, c2, NULL);
	ok(tu_find(cs, SO_ACTION_DROP, "attribute", "pt")->skipped, "additive: the attribute drop is skipped");
	cs = tu_diff(HEAD, b1, NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "type", "b") != NULL, "a base type is UNSUPPORTED");
	cs = tu_diff(d1, d2, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "domain", "d")),
	       "ALTER DOMAIN app.d SET DEFAULT 1;\nALTER DOMAIN app.d SET NOT NULL;\nALTER DOMAIN app.d ADD "
	       "CONSTRAINT d_pos CHECK (VALUE > 0);",
	       "domain: ALTER DOMAIN in place");
	is_str(tu_down(tu_find(cs, SO_ACTION_MODIFY, "domain", "d")),
	       "ALTER DOMAIN app.d DROP DEFAULT;\nALTER DOMAIN app.d DROP NOT NULL;\nALTER DOMAIN app.d DROP "
	       "CONSTRAINT d_pos;",
	       "domain: down undoes each");
	cs = tu_diff(HEAD, d2, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_ADD, "domain", "d")),
	       "CREATE DOMAIN app.d AS integer DEFAULT 1 NOT NULL CONSTRAINT d_pos CHECK (VALUE > 0);",
	       "domain created whole");
}

static void t_table_level(void)
{
	const char *p1 = HEAD TABLE_T
	    "    policies: [{name: p, command: select, permissive: true, roles: [public], using: id > 0}]\n";
	const char *p2 =
	    HEAD TABLE_T "    rls: {enabled: true, forced: true}\n"
	                 "    policies: [{name: p, command: select, permissive: true, roles: [app_user], "
	                 "using: id > 10}]\n"
	                 "    triggers: [{name: trg, definition: CREATE TRIGGER trg BEFORE UPDATE ON t FOR "
	                 "EACH ROW EXECUTE FUNCTION f(), enabled: D}]\n"
	                 "    replica_identity: {mode: full}\n"
	                 "    storage_parameters: [{name: fillfactor, value: '70'}]\n";
	const char *p3 = HEAD TABLE_T
	    "    policies: [{name: p, command: update, permissive: false, roles: [public], using: id > 0}]\n";
	so_changeset *cs;

	cs = tu_diff(p1, p2, NULL);
	is_str(tu_summary(cs),
	       "1 MODIFY storage_parameter t.fillfactor\n2 MODIFY replica_identity t.replica_identity\n"
	       "3 ADD trigger t.trg\n4 MODIFY policy t.p\n5 MODIFY rls t.rls\n",
	       "table properties, then triggers, policies, RLS");
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "policy", "t.p")),
	       "ALTER POLICY p ON app.t TO app_user USING (id > 10);", "policy: ALTER POLICY");
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "rls", "t.rls")),
	       "ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;\nALTER TABLE app.t FORCE ROW LEVEL SECURITY;",
	       "RLS enabled and forced");
	is_str(tu_down(tu_find(cs, SO_ACTION_MODIFY, "rls", "t.rls")),
	       "ALTER TABLE app.t DISABLE ROW LEVEL SECURITY;\nALTER TABLE app.t NO FORCE ROW LEVEL SECURITY;",
	       "RLS down");
	is_str(tu_up(tu_find(cs, SO_ACTION_ADD, "trigger", "t.trg")),
	       "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\nALTER TABLE app.t DISABLE "
	       "TRIGGER trg;",
	       "trigger created, then disabled");
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "replica_identity", "t.replica_identity")),
	       "ALTER TABLE app.t REPLICA IDENTITY FULL;", "replica identity");
	is_str(tu_down(tu_find(cs, SO_ACTION_MODIFY, "replica_identity", "t.replica_identity")),
	       "ALTER TABLE app.t REPLICA IDENTITY DEFAULT;", "replica identity back to default");
	is_str(tu_down(tu_find(cs, SO_ACTION_MODIFY, "storage_parameter", "t.fillfactor")),
	       "ALTER TABLE app.t RESET (fillfactor);", "storage parameter reset");
	cs = tu_diff(p1, p3, NULL);
	is_str(tu_summary(cs), "1 RECREATE policy t.p\n2 RECREATE policy t.p\n",
	       "policy command or permissiveness changed: drop and create");
	is_str(tu_up(tu_find_nth(cs, SO_ACTION_RECREATE, "policy", "t.p", 1)),
	       "CREATE POLICY p ON app.t AS RESTRICTIVE FOR UPDATE TO PUBLIC USING (id > 0);", "CREATE POLICY");
	/* a new table: its triggers and policies come after it */
	cs = tu_diff(HEAD, p2, NULL);
	ok(tu_seq(tu_find(cs, SO_ACTION_ADD, "table", "t")) < tu_seq(tu_find(cs, SO_ACTION_ADD, "trigger", "t.trg")) &&
	       tu_seq(tu_find(cs, SO_ACTION_ADD, "trigger", "t.trg")) <
	           tu_seq(tu_find(cs, SO_ACTION_ADD, "policy", "t.p")),
	   "new table: table, trigger, policy in that order");
}

static void t_mariadb_untouched(void)
{
	const char *m1 = "schemaops: 1\ndialect: mariadb\nname: app\n"
	                 "views: [{name: v, definition: select 1}]\n";
	const char *m2 = "schemaops: 1\ndialect: mariadb\nname: app\n"
	                 "views: [{name: v, definition: select 2}]\n";
	so_changeset *cs = tu_diff(m1, m2, NULL);
	ok(tu_find(cs, SO_ACTION_MODIFY, "view", "v") != NULL && !tu_find(cs, SO_ACTION_UNSUPPORTED, "view", "v"),
	   "MariaDB views are left to diff_objects_mariadb.c (one MODIFY, nothing from here)");
}

static void t_deps_not_compared(void)
{
	const char *a = HEAD "dependencies: [{name: views/v, object: [views, v], on: [[tables, t]]}]\n";
	so_changeset *cs = tu_diff(a, HEAD, NULL);
	is_int(so_changeset_count(cs), 0, "dependencies are metadata, never a change");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_view_order();
	t_view_replace();
	t_functions();
	t_types();
	t_table_level();
	t_mariadb_untouched();
	t_deps_not_compared();
	so_arena_destroy(tu_arena);
	return done_testing();
}
