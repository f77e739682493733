/*
 * test_diff_extensions.c: the PostgreSQL "extensions" member (docs/document-format.md): CREATE EXTENSION IF NOT
 * EXISTS before anything else, DROP EXTENSION last with its hazard, ALTER EXTENSION ... UPDATE TO / SET SCHEMA,
 * a target without a version, members version 1 does not know (UNSUPPORTED, never skipped). That PostgreSQL
 * 15 runs these plans is checked end to end by tests/e2e/extensions_pg.t.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: postgres\nname: app\n"

/* the first statement of a step's up (CREATE EXTENSION is followed by its schema guard) */
static const char *first_line(const char *s)
{
	static char buf[512];
	size_t n = 0;
	if (!s)
		return NULL;
	while (s[n] && s[n] != '\n' && n + 1 < sizeof buf) {
		buf[n] = s[n];
		n++;
	}
	buf[n] = '\0';
	return buf;
}
#define TABLE(type)                                                                                                    \
	"tables:\n"                                                                                                    \
	"  - name: t\n"                                                                                                \
	"    columns: [{name: id, type: integer, nullable: false}, {name: code, type: " type "}]\n"

static void t_add_drop(void)
{
	const char *a = HEAD TABLE("text");
	const char *b = HEAD TABLE("citext") "extensions: [{name: citext, version: '1.6'},"
	                                     " {name: hstore, version: '1.8', schema: public}]\n";
	so_changeset *cs = tu_diff(a, b, "{strategy: full}");
	const so_change *c = tu_find(cs, SO_ACTION_ADD, "extension", "citext");

	ok(cs && so_changeset_count(cs) == 3 && so_changeset_get(cs, 0)->action == SO_ACTION_ADD &&
	       strcmp(so_changeset_get(cs, 0)->object_type, "extension") == 0 &&
	       strcmp(so_changeset_get(cs, 1)->object_type, "extension") == 0,
	   "extensions are created before the column that uses them");
	is_str(first_line(tu_up(c)), "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA app VERSION '1.6';",
	       "no schema: the document's own schema");
	ok(tu_up(c) && strstr(tu_up(c), "\nDO $so_ext$ ") &&
	       strstr(tu_up(c), "IF s OPERATOR(pg_catalog.<>) 'app' THEN RAISE EXCEPTION 'extension % is installed in "
	                        "schema %, the target wants it in schema %', 'citext', s, 'app' USING ERRCODE = "
	                        "'object_not_in_prerequisite_state'"),
	   "then a guard: installed in another schema already (IF NOT EXISTS left it there), the script stops");
	is_str(tu_down(c), "DROP EXTENSION citext;", "its down drops it");
	is_str(c ? c->lock_level : NULL, "none", "creating an extension locks no existing table");
	is_str(first_line(tu_up(tu_find(cs, SO_ACTION_ADD, "extension", "hstore"))),
	       "CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public VERSION '1.8';", "another schema");

	cs = tu_diff(b, a, "{strategy: full}");
	c = tu_find(cs, SO_ACTION_DROP, "extension", "citext");
	ok(cs && so_changeset_count(cs) == 3 && so_changeset_get(cs, 2)->action == SO_ACTION_DROP &&
	       strcmp(so_changeset_get(cs, 1)->object_type, "extension") == 0,
	   "extensions are dropped after the column that used them");
	is_str(tu_up(c), "DROP EXTENSION citext;", "DROP EXTENSION (no CASCADE)");
	is_str(tu_down(c), "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA app VERSION '1.6';", "down creates it");
	ok(c && tu_has_hazard(c, "extension_dropped") && c->severity == SO_SEVERITY_WARNING,
	   "a dropped extension carries extension_dropped (warning)");
	ok(c && c->phase == SO_PHASE_CONTRACT, "in the contract phase");

	cs = tu_diff(b, a, NULL);
	c = tu_find(cs, SO_ACTION_DROP, "extension", "citext");
	ok(c && c->skipped, "skipped under strategy additive");
}

static void t_modify(void)
{
	const char *a = HEAD "extensions: [{name: hstore, version: '1.7', schema: public}]\n";
	const char *b = HEAD "extensions: [{name: hstore, version: '1.8', schema: public}]\n";
	const char *c2 = HEAD "extensions: [{name: hstore, version: '1.8', schema: ext}]\n";
	const char *nov = HEAD "extensions: [{name: hstore, schema: public}]\n";
	const char *odd = HEAD "extensions: [{name: hstore, version: '1.7', schema: public, cascade: true}]\n";
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *c = tu_find(cs, SO_ACTION_MODIFY, "extension", "hstore");

	is_str(tu_up(c), "ALTER EXTENSION hstore UPDATE TO '1.8';", "another version: ALTER EXTENSION ... UPDATE TO");
	ok(c && c->down_lossy && strncmp(tu_down(c), "--", 2) == 0,
	   "its down is a comment, flagged lossy (no way back)");

	cs = tu_diff(a, c2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "extension", "hstore");
	is_str(tu_up(c), "ALTER EXTENSION hstore UPDATE TO '1.8';\nALTER EXTENSION hstore SET SCHEMA ext;",
	       "version and schema: UPDATE TO, then SET SCHEMA");
	cs = tu_diff(b, c2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "extension", "hstore");
	is_str(tu_up(c), "ALTER EXTENSION hstore SET SCHEMA ext;", "another schema: SET SCHEMA");
	is_str(tu_down(c), "ALTER EXTENSION hstore SET SCHEMA public;", "and back");
	ok(c && !c->down_lossy, "moving is exact both ways");
	ok(cs && so_changeset_count(cs) == 2 && so_changeset_get(cs, 0) == c &&
	       !strcmp(tu_up(so_changeset_get(cs, 1)), "ALTER EXTENSION hstore SET SCHEMA ext;") &&
	       !strcmp(tu_down(so_changeset_get(cs, 1)), "ALTER EXTENSION hstore SET SCHEMA public;"),
	   "a last step repeats the move (no-op up): the down script moves it back before anything else");

	cs = tu_diff(a, nov, NULL);
	is_int(so_changeset_count(cs), 0, "a target without a version takes the installed one");
	cs = tu_diff(a, odd, "{strategy: full}");
	c = tu_find(cs, SO_ACTION_UNSUPPORTED, "extension", "hstore");
	ok(c && tu_has_hazard(c, "unsupported") && so_changeset_count(cs) == 1,
	   "a member version 1 does not know: one UNSUPPORTED step naming the extension");
	cs = tu_diff(HEAD, HEAD "extensions: [{name: \"my ext\"}]\n", NULL);
	is_str(first_line(tu_up(tu_find(cs, SO_ACTION_ADD, "extension", "my ext"))),
	       "CREATE EXTENSION IF NOT EXISTS \"my ext\" WITH SCHEMA app;",
	       "names are quoted; no version: none given");
	cs = tu_diff(HEAD "extensions: [{name: x, version: \"1'0\"}]\n",
	             HEAD "extensions: [{name: x, version: \"2'0\"}]\n", NULL);
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "extension", "x")), "ALTER EXTENSION x UPDATE TO '2''0';",
	       "versions are literals");
}

static void t_requires(void)
{
	/* names sort the other way round on purpose: a requires b requires c */
	const char *b = HEAD "extensions: [{name: a, requires: [b]}, {name: b, requires: [c, plpgsql]}, {name: c},"
	                     " {name: d, requires: [d]}]\n";
	so_changeset *cs = tu_diff(HEAD, b, NULL);
	ok(cs && so_changeset_count(cs) == 4 && !strcmp(so_changeset_get(cs, 0)->object_name, "c") &&
	       !strcmp(so_changeset_get(cs, 1)->object_name, "b") && !strcmp(so_changeset_get(cs, 2)->object_name, "a"),
	   "created in requirement order (what an extension requires first), not name order");
	cs = tu_diff(b, HEAD, "{strategy: full}");
	ok(cs && so_changeset_count(cs) == 4 && !strcmp(so_changeset_get(cs, 1)->object_name, "a") &&
	       !strcmp(so_changeset_get(cs, 2)->object_name, "b") && !strcmp(so_changeset_get(cs, 3)->object_name, "c"),
	   "dropped the other way round; a cycle (d requires d) is bounded");
	cs = tu_diff(HEAD "extensions: [{name: a, version: '1', requires: [b]}, {name: b, version: '1'}]\n",
	             HEAD "extensions: [{name: a, version: '1'}, {name: b, version: '1'}]\n", NULL);
	is_int(so_changeset_count(cs), 0, "requires alone is no change");
}

static void t_allowed_hazards(void)
{
	const char *a = HEAD "extensions: [{name: citext}]\n";
	so_changeset *cs = tu_diff(a, HEAD, "{strategy: full, allowed_hazards: [data_loss]}");
	const so_change *c = tu_find(cs, SO_ACTION_DROP, "extension", "citext");
	ok(c && c->skipped && tu_has_hazard(c, "refused_hazard"),
	   "allowed_hazards without extension_dropped refuses it");
	cs = tu_diff(a, HEAD, "{strategy: full, allowed_hazards: [extension_dropped]}");
	c = tu_find(cs, SO_ACTION_DROP, "extension", "citext");
	ok(c && !c->skipped, "extension_dropped is a known hazard code that allowed_hazards accepts");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_add_drop();
	t_modify();
	t_requires();
	t_allowed_hazards();
	so_arena_destroy(tu_arena);
	return done_testing();
}
