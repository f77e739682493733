-- Torture: every C-backed SQL function of the extension called with NULLs, empty values, wrong shapes,
-- malformed text, huge sizes and mismatched lengths. Each call must end in a clean ERROR (shown with its
-- SQLSTATE through pg_temp.try) or a value; the last query proves the backend survived.
-- Known wrong results are kept out of this file (they would fail every run): tests/pg/known_bugs/.
SET search_path = schemaops, public;
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
	st text;
	msg text;
BEGIN
	EXECUTE q INTO r;
	RETURN coalesce(left(r, 60), '<null>');
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	RETURN st || ': ' || msg;
END
$$;
CREATE TEMP TABLE q(n serial, sql text);

-- vectors: every form, bad shapes and sizes
INSERT INTO q(sql) VALUES
	($$SELECT vector_dims(''::text)$$),
	($$SELECT vector_dims(''::bytea)$$),
	($$SELECT vector_dims('{}'::real[])$$),
	($$SELECT vector_dims('{{1,2},{3,4}}'::real[])$$),
	($$SELECT vector_dims('[2:3]={1,2}'::real[])$$),
	($$SELECT vector_dims('{1,NULL}'::real[])$$),
	($$SELECT vector_dims('{NaN}'::real[])$$),
	($$SELECT vector_dims('{-Infinity}'::real[])$$),
	($$SELECT vector_dims(array_fill(1::real, ARRAY[16001]))$$),
	($$SELECT vector_dims(array_fill(1::real, ARRAY[16000]))$$),
	($$SELECT vector_dims(repeat('1,', 20000) || '1')$$),
	($$SELECT vector_dims('[' || repeat('1,', 20000) || '1]')$$),
	($$SELECT vector_dims('[' || repeat('1,', 15999) || '1]')$$),
	($$SELECT vector_dims('[' || repeat('0', 200) || ']')$$),
	($$SELECT vector_dims('[' || repeat(' ', 100000) || '1]')$$),
	($$SELECT vector_dims('[1e99999999999999999999]')$$),
	($$SELECT vector_dims('[nan]')$$),
	($$SELECT vector_dims('[inf]')$$),
	($$SELECT vector_dims('[0x10]')$$),
	($$SELECT vector_dims('[1,,2]')$$),
	($$SELECT vector_dims('[1,2,]')$$),
	($$SELECT vector_dims('[1 2]')$$),
	($$SELECT vector_dims('[1]]')$$),
	($$SELECT vector_dims('[]')$$),
	($$SELECT vector_dims('[')$$),
	($$SELECT vector_dims(']')$$),
	($$SELECT vector_dims(decode(repeat('00', 64004), 'hex'))$$),
	($$SELECT vector_dims(decode(repeat('00', 64000), 'hex'))$$),
	($$SELECT vector_dims(decode(repeat('00', 3), 'hex'))$$),
	($$SELECT vector_dims(decode('0000c07f', 'hex'))$$),
	($$SELECT vector_dims(decode('0000807f', 'hex'))$$),
	($$SELECT vector_dims(decode(repeat('00', 50000000), 'hex'))$$),
	($$SELECT vector_l2_distance(NULL::real[], '{1}'::real[])$$),
	($$SELECT vector_l2_distance('{1}'::real[], '{1,2}'::real[])$$),
	($$SELECT vector_l2_distance('\x0000803f'::bytea, '[1,2]'::text)$$),
	($$SELECT vector_l2_distance('{NaN}'::real[], '{1}'::real[])$$),
	($$SELECT vector_l2_distance('{Infinity}'::real[], '{1}'::real[])$$),
	($$SELECT vector_l2_distance('{3e38}'::real[], '{-3e38}'::real[])$$),
	($$SELECT (vector_l2_squared_distance(array_fill(3e38::real, ARRAY[16000]), array_fill(-3e38::real, ARRAY[16000])) / 5.76e81)::numeric(6,4)::text$$),
	($$SELECT (vector_inner_product(array_fill(3e38::real, ARRAY[16000]), array_fill(3e38::real, ARRAY[16000])) / 1.44e81)::numeric(6,4)::text$$),
	($$SELECT vector_cosine_distance('{3e38,3e38}'::real[], '{3e38,3e38}'::real[])$$),
	($$SELECT vector_cosine_distance('{0,0}'::real[], '{1,1}'::real[])$$),
	($$SELECT vector_l1_distance('{1e-45}'::real[], '{-1e-45}'::real[])$$),
	($$SELECT vector_negative_inner_product('[1]'::text, '[1'::text)$$),
	($$SELECT (vector_norm(array_fill(3e38::real, ARRAY[16000])) / 3.7947332e40)::numeric(6,4)::text$$),
	($$SELECT vector_normalize('{0,0}'::real[])::text$$),
	($$SELECT vector_normalize('{1e-45}'::real[])::text$$),
	($$SELECT vector_normalize('\x'::bytea)::text$$),
	($$SELECT vector_to_text('{-3.4028235e+38,1.4e-45}'::real[])$$),
	($$SELECT length(vector_to_text(array_fill(-1.17549435e-38::real, ARRAY[16000])))::text$$),
	($$SELECT vector_to_real('[1,2]'::text)::text$$),
	($$SELECT vector_to_bytea('{1}'::real[])::text$$),
	($$SELECT vector_from_text('')::text$$),
	($$SELECT vector_to_pgvector_binary('{1}'::real[])::text$$),
	($$SELECT vector_from_pgvector_binary(''::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\x000100'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\x0001000000000000'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\x000100000000000000'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\xffff0000'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\x7fff0000'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\x00010001'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary('\x000100007fc00000'::bytea)::text$$),
	($$SELECT vector_from_pgvector_binary(decode('3e80' || repeat('00', 64002), 'hex'))::text$$),
	($$SELECT vector_avg(v)::text FROM (VALUES ('{1,2}'::real[]), ('{1,2,3}'::real[])) t(v)$$),
	($$SELECT vector_avg(v)::text FROM (VALUES ('\x0000803f'::bytea), (NULL)) t(v)$$),
	($$SELECT vector_avg(v)::text FROM (VALUES ('{NaN}'::real[])) t(v)$$),
	($$SELECT vector_avg(v)::text FROM (SELECT '{1}'::real[] WHERE false) t(v)$$),
	($$SELECT vector_avg_accum('{0}'::float8[], '{1}'::real[])::text$$),
	($$SELECT vector_avg_combine('{0}'::float8[], '{0}'::float8[])::text$$),
	($$SELECT vector_avg_final('{2,1,2}'::float8[])::text$$),
	($$SELECT vector_avg_final('{}'::float8[])::text$$),
	($$SELECT vector_avg_final('{{1,2}}'::float8[])::text$$),
	($$SELECT vector_avg_final('{0,1}'::float8[])::text$$),
	($$SELECT vector_avg_final('{-1,1}'::float8[])::text$$),
	($$SELECT vector_avg_final('{1,NULL}'::float8[])::text$$),
	($$SELECT vector_avg_final_bytea('{1,NULL}'::float8[])::text$$);

-- diff, YAML, RLS, outbox
INSERT INTO q(sql) VALUES
	($$SELECT schema_diff(NULL::jsonb, NULL::jsonb, NULL::jsonb)$$),
	($$SELECT schema_diff('{}'::jsonb, NULL::jsonb)$$),
	($$SELECT schema_diff('{}'::jsonb, '{}'::jsonb)$$),
	($$SELECT schema_diff('[]'::jsonb, '1'::jsonb)$$),
	($$SELECT schema_diff('{"schemaops":1}'::jsonb, '{"schemaops":1}'::jsonb, '"x"'::jsonb)$$),
	($$SELECT schema_diff('{"schemaops":1}'::jsonb, '{"schemaops":1}'::jsonb, '{"bogus": true}'::jsonb)$$),
	($$SELECT schema_diff('{"schemaops":1}'::jsonb, '{"schemaops":1}'::jsonb, '[]'::jsonb)$$),
	($$SELECT count(*)::text FROM schema_changes(NULL::jsonb, '{}'::jsonb)$$),
	($$SELECT count(*)::text FROM schema_changes('{"a":1}'::jsonb, '{}'::jsonb)$$),
	($$SELECT schema_from_yaml('')::text$$),
	($$SELECT schema_from_yaml(E'\t')::text$$),
	($$SELECT schema_from_yaml(repeat('{a: ', 10000))::text$$),
	($$SELECT schema_from_yaml(repeat('- ', 10000))::text$$),
	($$SELECT schema_from_yaml(E'a: &x 1\nb: *x')::text$$),
	($$SELECT schema_from_yaml(E'a: !!binary "eA=="')::text$$),
	($$SELECT schema_from_yaml(E'a: 1\na: 2')::text$$),
	($$SELECT rls_spec_parse('')::text$$),
	($$SELECT rls_spec_parse(repeat('[', 100000))::text$$),
	($$SELECT rls_spec_parse(E'a: &x [1]\nb: *x')::text$$),
	($$SELECT rls_spec_parse('a: .nan')::text$$),
	($$SELECT rls_spec_parse('{"a": "\ud800"}')::text$$),
	($$SELECT rls_spec_parse(E'"\\u0000"')::text$$),
	($$SELECT length(rls_spec_parse('[' || repeat('"a",', 100000) || '"b"]')::text)::text$$),
	($$SELECT rls_expr_facts(NULL)::text$$),
	($$SELECT rls_expr_facts(NULL, NULL)::text$$),
	($$SELECT bool_and(rls_expr_facts(ev_action) IS NOT NULL)::text FROM pg_rewrite$$),
	($$SELECT bool_and(rls_expr_facts(proargdefaults) IS NOT NULL)::text FROM pg_proc WHERE proargdefaults IS NOT NULL$$),
	($$SELECT bool_and(rls_expr_facts(conbin, 0::regprocedure) IS NOT NULL)::text FROM pg_constraint WHERE conbin IS NOT NULL$$),
	($$SELECT rls_set_tenant_token(NULL)$$),
	($$SELECT rls_set_tenant_token('')$$),
	($$SELECT rls_set_tenant_token(repeat('x', 100000))$$),
	($$SELECT rls_tenant()$$),
	($$SELECT rls_clear_tenant()::text$$),
	($$SELECT rls_tenant_token(NULL, now())$$),
	($$SELECT rls_tenant_token('a', 'infinity')$$),
	($$SELECT rls_tenant_token('a', '-infinity')$$),
	($$SELECT outbox_options(NULL, '{}')::text$$),
	($$SELECT outbox_options('pg_class', NULL)::text$$),
	($$SELECT outbox_options(0::regclass, '{}')::text$$),
	($$SELECT outbox_capture()::text$$);

SELECT n, sql, pg_temp.try(sql) AS result FROM q ORDER BY n;

-- tenant tokens with a secret: bounds of the tenant and of the expiry
SET schemaops.tenant_secret = '0123456789abcdef0123456789abcdef0123';
TRUNCATE q;
INSERT INTO q(sql) VALUES
	($$SELECT rls_tenant_token('', now())$$),
	($$SELECT rls_tenant_token('a', '1900-01-01')$$),
	($$SELECT rls_tenant_token(repeat('a', 257), '2100-01-01')$$),
	($$SELECT length(rls_tenant_token(repeat('é', 128), '2100-01-01'))::text$$),
	($$SELECT rls_set_tenant_token(rls_tenant_token(repeat('é', 128), '2100-01-01'))$$),
	($$SELECT rls_set_tenant_token(rls_tenant_token('acme', '1971-01-01'))$$),
	($$SELECT rls_set_tenant_token(rls_tenant_token('acme', '294276-01-01'))$$),
	($$SELECT rls_set_tenant_token('v1.00.4102444800.' || repeat('0', 64))$$),
	($$SELECT rls_set_tenant_token('v1.zz.4102444800.' || repeat('0', 64))$$),
	($$SELECT rls_set_tenant_token('v1.61.99999999999999999999999.' || repeat('0', 64))$$),
	($$SELECT rls_set_tenant_token('v1.61.-1.' || repeat('0', 64))$$),
	($$SELECT rls_set_tenant_token('v1...')$$),
	($$SELECT rls_tenant()$$);
SELECT n, sql, pg_temp.try(sql) AS result FROM q ORDER BY n;
RESET schemaops.tenant_secret;

-- outbox options and misplaced capture triggers
CREATE TABLE torture_nopk(a int);
CREATE TABLE torture_pk(a int PRIMARY KEY, b text);
CREATE VIEW torture_v AS SELECT * FROM torture_pk;
TRUNCATE q;
INSERT INTO q(sql) VALUES
	($$SELECT outbox_options('torture_nopk', '{}')::text$$),
	($$SELECT outbox_options('torture_v', '{}')::text$$),
	($$SELECT outbox_options('torture_pk_pkey', '{}')::text$$),
	($$SELECT outbox_options('torture_pk', '[]')::text$$),
	($$SELECT outbox_options('torture_pk', 'null')::text$$),
	($$SELECT outbox_options('torture_pk', '{"bogus":1}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"type":1}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"type":""}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"exclude":"a"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"exclude":[null]}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"exclude":["a"]}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"exclude":["nope"]}')::text$$),
	($$SELECT outbox_options('torture_pk', jsonb_build_object('notify', repeat('x', 64)))::text$$),
	($$SELECT outbox_options('torture_pk', '{"outbox":"a.b.c.d"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"outbox":"\"unterminated"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"outbox":"torture_pk"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"outbox":"pg_class"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"outbox":"torture_v"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"update_payload":"x"}')::text$$),
	($$SELECT outbox_options('torture_pk', '{"aggregate_type":null}')::text$$);
SELECT n, sql, pg_temp.try(sql) AS result FROM q ORDER BY n;
\set VERBOSITY terse
CREATE TRIGGER t_before BEFORE INSERT ON torture_pk FOR EACH ROW EXECUTE FUNCTION outbox_capture();
INSERT INTO torture_pk VALUES (1, 'x');
DROP TRIGGER t_before ON torture_pk;
CREATE TRIGGER t_badjson AFTER INSERT ON torture_pk FOR EACH ROW EXECUTE FUNCTION outbox_capture('not json');
INSERT INTO torture_pk VALUES (2, 'x');
DROP TRIGGER t_badjson ON torture_pk;
CREATE TRIGGER t_twoargs AFTER INSERT ON torture_pk FOR EACH ROW EXECUTE FUNCTION outbox_capture('{}', 'extra');
INSERT INTO torture_pk VALUES (3, 'x');
DROP TRIGGER t_twoargs ON torture_pk;
CREATE TRIGGER t_instead INSTEAD OF INSERT ON torture_v FOR EACH ROW EXECUTE FUNCTION outbox_capture();
INSERT INTO torture_v VALUES (4, 'x');
DROP TRIGGER t_instead ON torture_v;
CREATE TRIGGER t_nopk AFTER INSERT ON torture_nopk FOR EACH ROW EXECUTE FUNCTION outbox_capture();
INSERT INTO torture_nopk VALUES (1);
DROP TRIGGER t_nopk ON torture_nopk;
\set VERBOSITY default
DROP VIEW torture_v;
DROP TABLE torture_pk, torture_nopk;

-- vector_avg under a parallel plan (combine function) and as a window aggregate (state reused in place)
CREATE TABLE torture_pv AS SELECT i, ARRAY[i, -i, 0.5]::real[] AS v, vector_to_bytea(ARRAY[i, 1]::real[]) AS b
FROM generate_series(1, 20000) i;
ANALYZE torture_pv;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT vector_avg(v) AS avg_real, vector_avg(b) AS avg_bytea FROM torture_pv;
SELECT vector_avg(v) AS no_rows FROM torture_pv WHERE i < 0;
INSERT INTO torture_pv VALUES (0, '{1,2}', '\x00');
SELECT pg_temp.try('SELECT vector_avg(v)::text FROM torture_pv') AS mixed_dims,
       pg_temp.try('SELECT vector_avg(b)::text FROM torture_pv') AS bad_bytes;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT i, vector_avg(v) OVER (ORDER BY i ROWS 1 PRECEDING) AS moving,
       vector_avg(v) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS previous
FROM torture_pv WHERE i BETWEEN 1 AND 4 ORDER BY i;
DROP TABLE torture_pv;

-- outbox capture of a table with awkward columns: composite, domain, array with NULL, generated, dropped and
-- added columns, NaN/Infinity, large toasted text, a two-column key, savepoints, TRUNCATE, COPY
CREATE TYPE torture_comp AS (x int, y text);
CREATE DOMAIN torture_posint AS int CHECK (VALUE > 0);
CREATE TABLE torture_w(id int, id2 text, a int[], c torture_comp, d torture_posint,
	g int GENERATED ALWAYS AS (id * 2) STORED, big text, js json, f float8, n numeric, tz timestamptz, dropme int,
	PRIMARY KEY (id, id2));
ALTER TABLE torture_w DROP COLUMN dropme;
SELECT outbox_attach('torture_w', '{"update_payload": "changed", "type": "torture.{op}"}') IS NOT NULL AS attached;
INSERT INTO torture_w VALUES (1, 'a', '{1,NULL}', ROW(1, 'x'), 5, DEFAULT, repeat('x', 100000), '{"a":[1,2]}', 'NaN', 'NaN', 'infinity');
INSERT INTO torture_w VALUES (2, 'b', NULL, NULL, NULL, DEFAULT, NULL, 'null', '-Infinity', '1e-100', '-infinity');
UPDATE torture_w SET big = repeat('y', 200000), f = 1 WHERE id = 1;
UPDATE torture_w SET id2 = id2 WHERE id = 2;
DELETE FROM torture_w;
INSERT INTO torture_w (id, id2, d) SELECT i, 'k' || i, 1 FROM generate_series(1, 5000) i;
UPDATE torture_w SET d = 2;
TRUNCATE torture_w;
ALTER TABLE torture_w ADD COLUMN late int DEFAULT 7;
ALTER TABLE torture_w DROP COLUMN big;
ALTER TABLE torture_w ALTER COLUMN f TYPE text;
INSERT INTO torture_w (id, id2, f) VALUES (9, 'z', 'str');
BEGIN;
INSERT INTO torture_w (id, id2) VALUES (12, 'z');
SAVEPOINT s;
INSERT INTO torture_w (id, id2) VALUES (13, 'z');
ROLLBACK TO s;
INSERT INTO torture_w (id, id2) VALUES (14, 'z');
COMMIT;
BEGIN;
INSERT INTO torture_w (id, id2) VALUES (15, 'z');
ROLLBACK;
COPY torture_w (id, id2) FROM stdin;
100	c
101	d
\.
SELECT type, count(*), min(length(payload::text)) AS min_len, max(length(payload::text)) AS max_len
FROM outbox_events WHERE aggregatetype = 'torture_w' GROUP BY type ORDER BY type;
SELECT aggregateid, type, left(payload::text, 200) AS payload FROM outbox_events
WHERE aggregatetype = 'torture_w' AND aggregateid !~ '"k[0-9]+"' ORDER BY id;
SELECT outbox_detach('torture_w') AS detached;
DELETE FROM outbox_events WHERE aggregatetype = 'torture_w';
DROP TABLE torture_w;
DROP DOMAIN torture_posint;
DROP TYPE torture_comp;

-- the backend survived all of the above
SELECT 'alive' AS backend, count(*) AS rows_after FROM pg_class WHERE relname = 'pg_class';
