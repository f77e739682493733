/*
 * test_document_multi.c: multi-schema documents (docs/document-format.md, "Several schemas in one document"):
 * the reader's contract (schemas list, no single-schema keys beside it, duplicate names, PostgreSQL only),
 * the normal form (schemas sorted, written back whole), and the diff: CREATE SCHEMA first, DROP SCHEMA last
 * (contract, skipped under additive), one dependency order across schemas, search_path per step in the script.
 * PostgreSQL 15 runs such plans in tests/e2e/multischema_pg.t.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "diff_test_util.h"

#define TOP "schemaops: 1\ndialect: postgres\n"

static const char *doc_json(const char *text)
{
	so_document *d;
	so_error err;
	char *out;
	size_t len;
	static char buf[600];
	if (so_document_parse(tu_arena, text, strlen(text), &d, &err) != SO_OK ||
	    so_document_to_json(tu_arena, d, &out, &len, &err) != SO_OK) {
		snprintf(buf, sizeof buf, "ERR %s", err.message);
		return buf;
	}
	return out;
}

static void t_reader(void)
{
	const char *two = TOP "schemas:\n"
	                      "  - {name: sales, tables: [{name: o, columns: [{name: id, type: int4}]}]}\n"
	                      "  - {name: hr, owner: hr_owner, comment: people, tables: []}\n";
	const char *j = doc_json(two);
	char *copy;

	is_str(j,
	       "{\"schemaops\":1,\"dialect\":\"postgres\",\"schemas\":[{\"name\":\"hr\",\"owner\":\"hr_owner\","
	       "\"comment\":\"people\",\"tables\":[]},{\"name\":\"sales\",\"tables\":[{\"name\":\"o\",\"columns\":"
	       "[{\"name\":\"id\",\"type\":\"integer\"}]}]}]}",
	       "schemas sorted by name, each normalized, owner and comment kept");
	copy = so_arena_strdup(tu_arena, j);
	is_str(doc_json(copy), copy, "the written form reads back the same");
	is_str(doc_json(TOP "schemas: []\n"), "{\"schemaops\":1,\"dialect\":\"postgres\",\"schemas\":[]}",
	       "no schemas at all is a valid (empty) multi-schema document");
	is_str(doc_json(TOP "name: x\nschemas: [{name: a}]\n"),
	       "ERR line 3, column 1: \"name\" cannot stand beside \"schemas\": a multi-schema document keeps each "
	       "schema's name and "
	       "objects inside its item of \"schemas\"",
	       "both forms at once: refused");
	is_str(doc_json(TOP "schemas: [{name: a}]\ntables: []\n"),
	       "ERR line 4, column 1: \"tables\" cannot stand beside \"schemas\": a multi-schema document keeps each "
	       "schema's name and "
	       "objects inside its item of \"schemas\"",
	       "a single-schema kind beside schemas: refused");
	is_str(doc_json(TOP "schemas: [{name: a}, {name: b}, {name: a}]\n"),
	       "ERR line 3, column 33: duplicate schema \"a\"", "duplicate schema name");
	is_str(doc_json(TOP "schemas: [{tables: []}]\n"),
	       "ERR line 3, column 11: a schema of \"schemas\" needs a \"name\"", "a schema without a name");
	is_str(doc_json(TOP "schemas: [x]\n"),
	       "ERR line 3, column 11: schemas[0]: a schema must be a mapping (name, tables, ...)",
	       "a schema that is not a mapping");
	is_str(doc_json(TOP "schemas: {name: a}\n"), "ERR line 3, column 10: document: \"schemas\" must be a list",
	       "schemas that is not a list");
	is_str(doc_json(TOP "schemas: [{name: a, dialect: postgres}]\n"),
	       "ERR line 3, column 21: schema \"a\": \"dialect\" belongs at the top level of the document",
	       "dialect inside a schema");
	is_str(doc_json(TOP "schemas: [{name: a, schemas: []}]\n"),
	       "ERR line 3, column 21: schema \"a\": \"schemas\" belongs at the top level of the document",
	       "no nesting");
	is_str(doc_json(TOP "name: a\nowner: x\n"),
	       "ERR line 4, column 1: unknown key \"owner\" (other object kinds must be lists of mappings with a name)",
	       "owner is a schema body's key, not a single-schema document's");
	is_str(doc_json("schemaops: 1\ndialect: mariadb\nschemas: [{name: a}]\n"),
	       "ERR line 3, column 10: \"schemas\" (a multi-schema document) is PostgreSQL only", "MariaDB: refused");
	is_str(doc_json(TOP "schemas: [{name: a, tables: [{name: t, columns: [{name: c, type: int4}]}, "
	                    "{name: t, columns: [{name: c, type: int4}]}]}]\n"),
	       "ERR line 3, column 75: duplicate table \"t\"", "a schema's own contract still holds");
}

#define T(name, cols) "{name: " name ", columns: [" cols "]}"

static void t_diff(void)
{
	const char *a =
	    TOP "schemas:\n"
	        "  - {name: hr, tables: [" T(
	            "person", "{name: id, type: int4, nullable: false}") "]}\n"
	                                                                 "  - {name: old, tables: [" T(
	                                                                     "junk", "{name: id, type: int4}") "]}\n";
	const char *b =
	    TOP "schemas:\n"
	        "  - {name: hr, tables: [{name: person, columns: [{name: id, type: int4, nullable: false}], "
	        "primary_key: {name: person_pkey, columns: [id]}}]}\n"
	        "  - {name: audit, owner: auditor, comment: trail, tables: [{name: log, columns: [{name: pid, type: "
	        "int4}], foreign_keys: [{name: log_pid_fkey, columns: [pid], references: {schema: hr, table: person, "
	        "columns: [id]}}]}]}\n";
	so_changeset *cs = tu_diff(a, b, "{strategy: full, online: false}");
	const so_change *c;
	so_error err;
	char *script = NULL;

	is_str(tu_summary(cs),
	       "1 ADD schema audit\n2 ADD table audit.log\n3 ADD primary_key hr.person.person_pkey\n"
	       "4 ADD foreign_key audit.log.log_pid_fkey\n5 DROP table old.junk\n6 DROP schema old\n",
	       "CREATE SCHEMA first, one dependency order over both schemas (the FK after the key it needs), "
	       "DROP SCHEMA after its objects");
	c = tu_find(cs, SO_ACTION_ADD, "schema", "audit");
	is_str(tu_up(c), "CREATE SCHEMA audit AUTHORIZATION auditor;\nCOMMENT ON SCHEMA audit IS 'trail';",
	       "CREATE SCHEMA with owner and comment");
	is_str(tu_down(c), "DROP SCHEMA audit;", "its down drops it");
	ok(c && c->schema && !strcmp(c->schema, "audit"), "the step carries its schema");
	c = tu_find(cs, SO_ACTION_ADD, "foreign_key", "audit.log.log_pid_fkey");
	is_str(tu_up(c),
	       "ALTER TABLE audit.log ADD CONSTRAINT log_pid_fkey FOREIGN KEY (pid) REFERENCES hr.person (id);",
	       "a cross-schema FK names the other schema's table");
	c = tu_find(cs, SO_ACTION_DROP, "schema", "old");
	is_str(tu_up(c), "DROP SCHEMA old;", "DROP SCHEMA without CASCADE");
	ok(c && c->phase == SO_PHASE_CONTRACT, "in the contract phase");
	ok(c && c->n_hazards >= 1 && !strcmp(c->hazards[0], "schema_dropped"), "hazard schema_dropped");
	is_str(tu_down(c), "CREATE SCHEMA old;", "its down creates it again");

	ok(so_changeset_script(tu_arena, cs, false, &script, &err) == SO_OK, "script renders");
	ok(script && strstr(script, "-- from: hr, old\n-- to: audit, hr\n") != NULL, "header names the schemas");
	ok(script && strstr(script, "SET LOCAL search_path = audit, pg_catalog;\n\n") != NULL,
	   "preamble: the first step's schema");
	ok(script && strstr(script, "SET LOCAL search_path = hr, pg_catalog;\nALTER TABLE hr.person ADD") != NULL,
	   "search_path switched before a step of another schema");

	cs = tu_diff(a, b, NULL);
	c = tu_find(cs, SO_ACTION_DROP, "schema", "old");
	ok(c && c->skipped, "additive: DROP SCHEMA skipped");
	ok(tu_find(cs, SO_ACTION_DROP, "table", "old.junk")->skipped, "additive: its tables' drops skipped too");

	cs = tu_diff(a, b, "{strategy: full, exclude: {table: [\"old.*\"]}}");
	ok(!tu_find(cs, SO_ACTION_DROP, "table", "old.junk") && tu_find(cs, SO_ACTION_ADD, "table", "audit.log"),
	   "a table pattern may name the schema");
	cs = tu_diff(a, b, "{strategy: full, include: [person*]}");
	ok(tu_find(cs, SO_ACTION_ADD, "primary_key", "hr.person.person_pkey") &&
	       !tu_find(cs, SO_ACTION_ADD, "table", "audit.log"),
	   "a pattern without a schema matches in every schema");

	cs = tu_diff(b, b, NULL);
	is_int(so_changeset_count(cs), 0, "equal documents: nothing");
	cs =
	    tu_diff(TOP "schemas: [{name: a, comment: x, owner: o1}]\n", TOP "schemas: [{name: a, owner: o2}]\n", NULL);
	is_str(tu_summary(cs), "1 MODIFY schema a\n2 MODIFY comment a\n", "owner and comment changes");
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "schema", "a")), "ALTER SCHEMA a OWNER TO o2;", "OWNER TO");
	is_str(tu_up(tu_find(cs, SO_ACTION_MODIFY, "comment", "a")), "COMMENT ON SCHEMA a IS NULL;", "comment removed");

	ok(tu_diff_err(a, TOP "name: hr\n", NULL, &err) == NULL && err.code == SO_ERR_INCOMPATIBLE,
	   "a multi-schema document against a single-schema one: SO_ERR_INCOMPATIBLE");
}

/* a view of sales on a column of hr that changes type: dropped before the ALTER, created after it */
static void t_cross_schema_view(void)
{
#define HR(type)                                                                                                       \
	"  - {name: hr, tables: [{name: person, columns: [{name: id, type: int4}, {name: name, type: " type "}]}]}\n"
#define SALES                                                                                                          \
	"  - name: sales\n"                                                                                            \
	"    views: [{name: people, definition: \" SELECT p.id, p.name FROM hr.person p;\"}]\n"                        \
	"    dependencies: [{name: views/people, object: [views, people], on: [[columns, hr.person, name]]}]\n"
	const char *a = TOP "schemas:\n" HR("text") SALES;
	const char *b = TOP "schemas:\n" HR("varchar(200)") SALES;
	so_changeset *cs = tu_diff(a, b, NULL);

	is_str(tu_summary(cs),
	       "1 RECREATE view sales.people\n2 MODIFY column hr.person.name\n3 RECREATE view sales.people\n",
	       "the view is dropped before the column of the other schema changes and created after it");
	cs = tu_diff(a, TOP "schemas:\n" HR("text") "  - {name: sales}\n", "{strategy: full}");
	is_str(tu_summary(cs), "1 DROP view sales.people\n",
	       "a view gone from the target: one DROP, nothing recreated");
#undef HR
#undef SALES
}

/* views of two schemas, one reading the other: created after it and dropped before it, whatever the names */
static void t_cross_schema_view_order(void)
{
	const char *base = TOP "schemas: [{name: hr}, {name: sales}]\n";
	const char *both =
	    TOP "schemas:\n"
	        "  - name: hr\n"
	        "    views: [{name: top, definition: \" SELECT b.id FROM sales.base b;\"}]\n"
	        "    dependencies: [{name: views/top, object: [views, top], on: [[columns, sales.base, id]]}]\n"
	        "  - name: sales\n"
	        "    views: [{name: base, definition: \" SELECT 1 AS id;\"}]\n";

	is_str(tu_summary(tu_diff(base, both, NULL)), "1 ADD view sales.base\n2 ADD view hr.top\n",
	       "the view of sales first, then the view of hr that reads it");
	is_str(tu_summary(tu_diff(both, base, "{strategy: full}")), "1 DROP view hr.top\n2 DROP view sales.base\n",
	       "dropped the other way round");
}

/* renamed_from on a schema: ALTER SCHEMA ... RENAME TO first, every later step names the new name */
static void t_rename(void)
{
	const char *a = TOP "schemas: [{name: crm, tables: [{name: person, columns: [{name: id, type: int4}]}]}]\n";
	const char *b = TOP "schemas: [{name: people, renamed_from: crm, tables: [{name: person, columns: [{name: "
	                    "id, type: int4}, {name: nick, type: text}]}]}]\n";
	const char *both = TOP "schemas: [{name: crm}, {name: people, renamed_from: crm}]\n";
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *c = tu_find(cs, SO_ACTION_RENAME, "schema", "people");
	so_error err;

	is_str(tu_summary(cs), "1 RENAME schema people\n2 ADD column people.person.nick\n",
	       "the rename first, then the schema's own changes");
	is_str(tu_up(c), "ALTER SCHEMA crm RENAME TO people;", "ALTER SCHEMA ... RENAME TO");
	is_str(tu_down(c), "ALTER SCHEMA people RENAME TO crm;", "its down renames back");
	ok(c && c->n_hazards == 1 && !strcmp(c->hazards[0], "backward_incompatible"), "hazard backward_incompatible");
	is_str(tu_up(tu_find(cs, SO_ACTION_ADD, "column", "people.person.nick")),
	       "ALTER TABLE people.person ADD COLUMN nick text;", "later steps name the new schema");
	is_str(doc_json(b),
	       "{\"schemaops\":1,\"dialect\":\"postgres\",\"schemas\":[{\"name\":\"people\","
	       "\"renamed_from\":\"crm\",\"tables\":[{\"name\":\"person\",\"columns\":[{\"name\":"
	       "\"id\",\"type\":\"integer\"},{\"name\":\"nick\",\"type\":\"text\"}]}]}]}",
	       "renamed_from is kept in the normal form");
	cs = tu_diff(b, b, NULL);
	is_int(so_changeset_count(cs), 0, "a hint whose source is gone: nothing (the schema exists by its name)");
	ok(tu_diff_err(a, TOP "schemas: [{name: people, renamed_from: nope}]\n", NULL, &err) &&
	       tu_find(tu_diff(a, TOP "schemas: [{name: people, renamed_from: nope}]\n", NULL), SO_ACTION_ADD, "schema",
	               "people"),
	   "a hint naming no source schema: the schema is created");
	ok(tu_diff_err(both, both, NULL, &err) != NULL, "a hint on a kept schema is ignored");
	ok(tu_diff_err(TOP "schemas: [{name: crm}]\n", both, NULL, &err) == NULL && err.code == SO_ERR_INVALID &&
	       strstr(err.message, "renamed_from \"crm\" names a schema the target still has") != NULL,
	   "renamed_from naming a schema the target keeps: an error");
}

/* a dropped schema holding a partitioned table: the partitions are dropped before their parent */
static void t_drop_partitioned(void)
{
	const char *a =
	    TOP "schemas:\n"
	        "  - name: old\n"
	        "    tables:\n"
	        "      - {name: a_pay, partition_by: RANGE (d), columns: [{name: d, type: date}]}\n"
	        "      - {name: a_pay_2024, partition_of: {table: a_pay, bound: \"FOR VALUES FROM ('2024-01-01') "
	        "TO ('2025-01-01')\"}, partition_by: LIST (d), columns: [{name: d, type: date}]}\n"
	        "      - {name: a_pay_2024_x, partition_of: {table: a_pay_2024, bound: DEFAULT}, columns: "
	        "[{name: d, type: date}]}\n"
	        "      - {name: b, columns: [{name: d, type: date}]}\n";
	so_changeset *cs = tu_diff(a, TOP "schemas: []\n", "{strategy: full}");
	const char *f =
	    TOP "schemas:\n"
	        "  - name: old\n"
	        "    tables: [{name: customer, columns: [{name: id, type: int4}]}]\n"
	        "    functions: [{name: report(integer), kind: function, definition: \"CREATE OR REPLACE "
	        "FUNCTION old.report(integer)\\n RETURNS SETOF customer\\n LANGUAGE sql\\nAS $f$SELECT * FROM "
	        "customer$f$\\n\"}]\n"
	        "    dependencies: [{name: functions/report(integer), object: [functions, report(integer)], on: "
	        "[[tables, customer]]}]\n";

	is_str(tu_summary(tu_diff(f, TOP "schemas: []\n", "{strategy: full}")),
	       "1 DROP function old.report(integer)\n2 DROP table old.customer\n3 DROP schema old\n",
	       "a function returning a table's row type is dropped before the table");
	is_str(
	    tu_summary(cs),
	    "1 DROP table old.a_pay_2024_x\n2 DROP table old.a_pay_2024\n3 DROP table old.a_pay\n4 DROP table old.b\n"
	    "5 DROP schema old\n",
	    "partitions before their parent, deeper levels first, then DROP SCHEMA");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_reader();
	t_diff();
	t_cross_schema_view();
	t_rename();
	t_drop_partitioned();
	t_cross_schema_view_order();
	so_arena_destroy(tu_arena);
	return done_testing();
}
