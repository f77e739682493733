/*
 * test_diff_user_casts.c: the PostgreSQL "casts" member (docs/document-format.md): CREATE CAST after the
 * functions and types it uses, DROP CAST before them, a change as drop + create in one step, what cannot be
 * spelled stays UNSUPPORTED. PostgreSQL 15 runs these plans in tests/e2e/objects_pg.t (obj_cast_*).
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: postgres\nname: app\n"
#define TYPE "types: [{name: price, kind: composite, attributes: [{name: amount, type: numeric}]}]\n"
#define FUNC                                                                                                           \
	"functions: [{name: price_text(price), kind: function, definition: \"CREATE OR REPLACE FUNCTION "              \
	"price_text(price)\\n RETURNS text\\n LANGUAGE sql\\nAS $f$SELECT 'x'$f$\\n\"}]\n"
#define CAST(extra)                                                                                                    \
	"casts: [{name: price AS text, source: price, target: text, function: price_text(price), method: "             \
	"function" extra "}]\n"

static void t_add_drop(void)
{
	const char *a = HEAD TYPE FUNC;
	const char *b = HEAD TYPE FUNC CAST(", context: assignment");
	so_changeset *cs = tu_diff(a, b, "{strategy: full}");
	const so_change *c = tu_find(cs, SO_ACTION_ADD, "cast", "price AS text");

	is_str(tu_up(c), "CREATE CAST (price AS text) WITH FUNCTION price_text(price) AS ASSIGNMENT;", "CREATE CAST");
	is_str(tu_down(c), "DROP CAST (price AS text);", "its down drops it");
	cs = tu_diff(HEAD, b, "{strategy: full}");
	is_str(tu_summary(cs), "1 ADD type price\n2 ADD function price_text(price)\n3 ADD cast price AS text\n",
	       "created after its type and function");
	cs = tu_diff(b, HEAD, "{strategy: full}");
	is_str(tu_summary(cs), "1 DROP cast price AS text\n2 DROP function price_text(price)\n3 DROP type price\n",
	       "dropped before its function and type");
	c = tu_find(cs, SO_ACTION_DROP, "cast", "price AS text");
	is_str(tu_down(c), "CREATE CAST (price AS text) WITH FUNCTION price_text(price) AS ASSIGNMENT;",
	       "down creates");
	cs = tu_diff(b, a, NULL);
	ok(tu_find(cs, SO_ACTION_DROP, "cast", "price AS text")->skipped, "a drop is skipped under additive");
}

static void t_change(void)
{
	const char *a = HEAD TYPE FUNC CAST("");
	const char *b = HEAD TYPE FUNC CAST(", context: implicit");
	const char *inout = HEAD TYPE FUNC
	    "casts: [{name: price AS text, source: price, target: text, method: inout, context: explicit}]\n";
	const char *bin = HEAD "casts: [{name: a AS b, source: a, target: b, method: binary}]\n";
	const char *bad =
	    HEAD "casts: [{name: a AS b, source: a, target: b, method: binary, context: \"implicit; x\"}]\n";
	const char *odd = HEAD "casts: [{name: a AS b, source: a, target: b, method: binary, owner: x}]\n";
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *c = tu_find(cs, SO_ACTION_RECREATE, "cast", "price AS text");

	is_str(tu_up(c),
	       "DROP CAST (price AS text);\nCREATE CAST (price AS text) WITH FUNCTION price_text(price) AS IMPLICIT;",
	       "another context: drop and create in one step");
	is_str(tu_down(c), "DROP CAST (price AS text);\nCREATE CAST (price AS text) WITH FUNCTION price_text(price);",
	       "and back");
	ok(c && !c->skipped, "runs under additive (nothing stored is lost)");
	cs = tu_diff(a, inout, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_RECREATE, "cast", "price AS text")),
	       "DROP CAST (price AS text);\nCREATE CAST (price AS text) WITH INOUT;", "WITH INOUT");
	cs = tu_diff(HEAD, bin, NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_ADD, "cast", "a AS b")), "CREATE CAST (a AS b) WITHOUT FUNCTION;",
	       "binary: WITHOUT FUNCTION");
	cs = tu_diff(HEAD, bad, NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "cast", "a AS b") && !tu_find(cs, SO_ACTION_ADD, "cast", NULL),
	   "a context that is not one of PostgreSQL's words: UNSUPPORTED, never spelled into DDL");
	cs = tu_diff(HEAD, odd, NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "cast", "a AS b") != NULL, "an unknown member: UNSUPPORTED");
	cs = tu_diff(a, a, NULL);
	is_int(so_changeset_count(cs), 0, "equal casts: nothing");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_add_drop();
	t_change();
	so_arena_destroy(tu_arena);
	return done_testing();
}
