-- schema_diff(from_schema, to_schema, options) with option "verify" (docs/verify.md): the plan is first applied
-- to a scratch copy (schema_diff_verify) and the result heads the script, or fails the call
SET client_min_messages = warning;
\set SHOW_CONTEXT never
CREATE SCHEMA vo_from;
CREATE TABLE vo_from.account (id integer PRIMARY KEY, email text);
CREATE TYPE vo_from.mood AS ENUM ('calm', 'busy');
CREATE SCHEMA vo_to;
CREATE TABLE vo_to.account (id integer PRIMARY KEY, email text NOT NULL, score integer);
CREATE TYPE vo_to.mood AS ENUM ('calm', 'busy', 'away');
CREATE TEMP TABLE before AS SELECT schemaops.snapshot('vo_from') AS doc;

-- a plan that verifies: two comment lines, then the same script as without the option
SELECT split_part(s, E'\n', 1) AS line1, split_part(s, E'\n', 2) AS line2
FROM schemaops.schema_diff('vo_from', 'vo_to', '{"verify": true, "strategy": "full"}') AS s;
SELECT substr(schemaops.schema_diff('vo_from', 'vo_to', '{"verify": "comment"}'),
	strpos(schemaops.schema_diff('vo_from', 'vo_to', '{"verify": "comment"}'), '-- schemaops '))
	= schemaops.schema_diff('vo_from', 'vo_to') AS same_script;
-- "error" returns the script when it verifies (with the header)
SELECT left(schemaops.schema_diff('vo_from', 'vo_to', '{"verify": "error"}'), 17) AS head;
-- false (or null) is the plain script
SELECT schemaops.schema_diff('vo_from', 'vo_to', '{"verify": false}') = schemaops.schema_diff('vo_from', 'vo_to')
	AS verify_false_is_plain;
SELECT schemaops.schema_diff('vo_from', 'vo_to', '{"verify": null}') = schemaops.schema_diff('vo_from', 'vo_to')
	AS verify_null_is_plain;

-- a plan that does not verify (an enum label removed: UNSUPPORTED, so the re-diff is not empty)
DROP TYPE vo_to.mood;
CREATE TYPE vo_to.mood AS ENUM ('calm');
SELECT split_part(s, E'\n', 1) AS line1, split_part(s, E'\n', 2) AS line2,
	split_part(s, E'\n', 3) AS line3
FROM schemaops.schema_diff('vo_from', 'vo_to', '{"verify": true, "strategy": "full"}') AS s;
-- with "error": SQLSTATE 55000 (object_not_in_prerequisite_state), the result in DETAIL
SELECT schemaops.schema_diff('vo_from', 'vo_to', '{"verify": "error", "strategy": "full"}');
DO $$
BEGIN
	PERFORM schemaops.schema_diff('vo_from', 'vo_to', '{"verify": "error", "strategy": "full"}');
EXCEPTION WHEN object_not_in_prerequisite_state THEN
	RAISE WARNING 'SQLSTATE %', SQLSTATE;
END
$$;

-- bad values; the option belongs to the live-schema overload (the jsonb one is IMMUTABLE and runs no DDL)
SELECT schemaops.schema_diff('vo_from', 'vo_to', '{"verify": 1}');
SELECT schemaops.schema_diff('vo_from', 'vo_to', '{"verify": "yes"}');
SELECT schemaops.schema_diff(schemaops.snapshot('vo_from'), schemaops.snapshot('vo_to'), '{"verify": true}');
-- other options are still checked by the diff itself
SELECT schemaops.schema_diff('vo_from', 'vo_to', '{"verify": true, "strategy": "sideways"}');
-- NULL schema names give NULL, as without the option; NULL options are the defaults
SELECT schemaops.schema_diff(NULL, 'vo_to', '{"verify": true}') IS NULL AS null_in_null_out;
SELECT schemaops.schema_diff('vo_from', 'vo_to', NULL) = schemaops.schema_diff('vo_from', 'vo_to') AS null_options;

-- nothing is left behind, and the source schema is untouched
SELECT count(*) AS scratch_schemas_left FROM pg_namespace WHERE nspname LIKE 'schemaops_verify%';
SELECT (SELECT doc FROM before) = schemaops.snapshot('vo_from') AS source_unchanged;
DROP SCHEMA vo_from CASCADE;
DROP SCHEMA vo_to CASCADE;
