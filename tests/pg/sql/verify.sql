-- schema_diff_verify: a plan applied to a scratch copy inside a rolled-back subtransaction (docs/verify.md)
SET client_min_messages = warning;
CREATE SCHEMA vf_from;
CREATE TABLE vf_from.account (id integer PRIMARY KEY, email text NOT NULL, score numeric(5,2));
CREATE INDEX account_email_idx ON vf_from.account (email);
CREATE TABLE vf_from.note (id bigserial PRIMARY KEY, account_id integer REFERENCES vf_from.account (id),
	body text CHECK (length(body) < 200));
COMMENT ON TABLE vf_from.note IS 'notes';
CREATE SCHEMA vf_to;
CREATE TABLE vf_to.account (id integer PRIMARY KEY, email varchar(200), created date NOT NULL DEFAULT CURRENT_DATE);
CREATE UNIQUE INDEX account_email_key2 ON vf_to.account (email);
CREATE TABLE vf_to.tag (id integer PRIMARY KEY, account_id integer REFERENCES vf_to.account (id) ON DELETE CASCADE);
CREATE TEMP TABLE before AS SELECT schemaops.snapshot('vf_from') AS doc;

-- full strategy: every step runs, the re-diff is empty
SELECT schemaops.schema_diff_verify('vf_from', 'vf_to', '{"strategy":"full"}');
-- additive: the drops are skipped (not run) and not counted as left over
SELECT schemaops.schema_diff_verify('vf_from', 'vf_to');
-- document overload, same result
SELECT schemaops.schema_diff_verify(schemaops.snapshot('vf_from'), schemaops.snapshot('vf_to'), '{"strategy":"full"}')
	->> 'verified' AS verified;
-- a step the server refuses: reported with its statement and SQLSTATE, verified false
SELECT jsonb_pretty(schemaops.schema_diff_verify(schemaops.snapshot('vf_from'),
	jsonb_set(schemaops.snapshot('vf_from'), '{tables,0,columns}',
		(schemaops.snapshot('vf_from') #> '{tables,0,columns}') || '[{"name": "bad", "type": "no_such_type"}]'),
	'{"strategy":"full"}'));
-- nothing is left behind, and the source schema is untouched
SELECT count(*) AS scratch_schemas_left FROM pg_namespace WHERE nspname LIKE 'schemaops_verify%';
SELECT (SELECT doc FROM before) = schemaops.snapshot('vf_from') AS source_unchanged;
-- NULL documents give NULL; arguments that are not documents are refused
SELECT schemaops.schema_diff_verify(NULL::jsonb, '{}'::jsonb) IS NULL AS null_in_null_out;
SELECT schemaops.schema_diff_verify('[]'::jsonb, '{}'::jsonb);
SELECT schemaops.schema_diff_verify('{"schemaops":1,"dialect":"postgres","name":"x","tables":[]}'::jsonb,
	'{"schemaops":1,"dialect":"postgres","name":"x","tables":[]}'::jsonb, '[1]');
SELECT schemaops.schema_diff_verify('no_such_schema', 'vf_to');
DROP SCHEMA vf_from CASCADE;
DROP SCHEMA vf_to CASCADE;
