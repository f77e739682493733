-- schemaops: NULL arguments, bad arguments and malformed documents, with the SQLSTATE of each error.
-- pg_temp.try() runs a statement and prints its outcome, so the expected output pins the SQLSTATE, the
-- message and the detail without the server's file/line locations.
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text;
	msg text;
	det text;
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || msg || CASE WHEN det <> '' THEN ' [detail: ' || det || ']' ELSE '' END;
END
$$;

-- NULL in, NULL out (or no rows); NULL options mean the defaults
SELECT schemaops.snapshot(NULL) IS NULL AS snapshot_null;
SELECT schemaops.schema_from_yaml(NULL) IS NULL AS from_yaml_null;
SELECT schemaops.schema_diff(NULL::jsonb, '{}'::jsonb) IS NULL AS diff_null_from;
SELECT schemaops.schema_diff('{}'::jsonb, NULL::jsonb) IS NULL AS diff_null_to;
SELECT schemaops.schema_diff(NULL::text, 'public') IS NULL AS diff_null_schema;
SELECT count(*) AS changes_null_from FROM schemaops.schema_changes(NULL::jsonb, '{}'::jsonb);
SELECT count(*) AS changes_null_schema FROM schemaops.schema_changes('public', NULL::text);
SELECT schemaops.schema_diff('public', 'public', NULL) = schemaops.schema_diff('public', 'public')
	AS null_options_are_defaults;

-- a missing schema: 3F000 invalid_schema_name
SELECT pg_temp.try($$SELECT schemaops.snapshot('no_such_schema')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_diff('public', 'no_such_schema')$$);
SELECT pg_temp.try($$SELECT * FROM schemaops.schema_changes('no_such_schema', 'public')$$);

-- bad options: 22023 invalid_parameter_value
SELECT pg_temp.try($$SELECT schemaops.schema_diff('public', 'public', '{"strategy": "reckless"}')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_diff('public', 'public', '{"no_such_option": 1}')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_diff('public', 'public', '[1, 2]')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_diff('public', 'public', '{"production": "maybe"}')$$);

-- malformed YAML: 22P02 invalid_text_representation, with line and column
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: postgres\nname: [unclosed\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml('')$$);
-- documents that break the contract: 22000 data_exception, with the offending node's position
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: postgres\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: oracle\nname: x\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: postgres\nname: x\ntables:\n  - name: t\n    columns:\n      - {name: a}\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: postgres\nname: x\ntables:\n  - name: t\n    columns: [{name: a, type: serial}]\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: postgres\nname: x\ntables:\n  - name: t\n    colums: [{name: a, type: int}]\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 1\ndialect: postgres\nname: x\ntables:\n  - {name: t, columns: [{name: a, type: int}]}\n  - {name: t, columns: [{name: b, type: int}]}\n')$$);
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml('{"schemaops": 1, "dialect": "postgres", "name": "x", "mystery": 42}')$$);
-- an unknown format version: 22023
SELECT pg_temp.try($$SELECT schemaops.schema_from_yaml(E'schemaops: 99\ndialect: postgres\nname: x\n')$$);
-- a document nested deeper than the limit: 54000 program_limit_exceeded
SELECT pg_temp.try(format($$SELECT schemaops.schema_from_yaml(%L)$$,
	'{"schemaops": 1, "dialect": "postgres", "name": "x", "views": ' || repeat('[', 100) || repeat(']', 100) || '}'));

-- the jsonb overloads check both documents (the CONTEXT line, shown at the end, names the argument)
SELECT pg_temp.try($$SELECT schemaops.schema_diff('{"schemaops": 1}', schemaops.snapshot('public'))$$);
SELECT pg_temp.try($$SELECT schemaops.schema_diff(schemaops.snapshot('public'), '"just a string"')$$);
SELECT pg_temp.try($$SELECT * FROM schemaops.schema_changes(schemaops.snapshot('public'), '{"schemaops": 2, "dialect": "postgres", "name": "x"}')$$);
-- two dialects cannot be compared: 22000
SELECT pg_temp.try($$SELECT schemaops.schema_diff(schemaops.snapshot('public'), '{"schemaops": 1, "dialect": "mariadb", "name": "x"}')$$);

-- the CONTEXT line says which argument was wrong
\set VERBOSITY default
SELECT schemaops.schema_diff(schemaops.snapshot('public'), '{"schemaops": 1, "dialect": "postgres"}');
SELECT schemaops.schema_diff('public', 'public', '{"strategy": 1}');
