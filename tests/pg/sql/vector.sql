-- Vector-distance helpers: every form (real[], bytea LE float32, text), against a double-precision SQL
-- reference on random and adversarial vectors, the operators, vector_avg, and bad input with SQLSTATEs.
SET search_path = schemaops, public;
SET extra_float_digits = 0;
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

-- basics, pgvector's examples
SELECT vector_l2_distance('{1,2,3}'::real[], '{4,5,6}'::real[]) AS l2,
       vector_inner_product('{1,2,3}'::real[], '{4,5,6}'::real[]) AS ip,
       vector_negative_inner_product('{1,2,3}'::real[], '{4,5,6}'::real[]) AS nip,
       vector_cosine_distance('{1,2,3}'::real[], '{4,5,6}'::real[]) AS cos,
       vector_l1_distance('{1,2,3}'::real[], '{4,5,6}'::real[]) AS l1,
       vector_l2_squared_distance('{1,2,3}'::real[], '{4,5,6}'::real[]) AS l2sq;
SELECT '{1,2,3}'::real[] <-> '{4,5,6}'::real[] AS l2, '{1,2,3}'::real[] <=> '{4,5,6}'::real[] AS cos,
       '{1,2,3}'::real[] <#> '{4,5,6}'::real[] AS nip, '{1,2,3}'::real[] <+> '{4,5,6}'::real[] AS l1,
       '{1,2,3}'::real[] <-> '[4,5,6]'::text AS l2_text;
-- the same through text and bytea, mixed
SELECT vector_l2_distance('[1,2,3]', '[4,5,6]') AS text_text,
       vector_l2_distance(vector_to_bytea('[1,2,3]'), '[4,5,6]') AS bytea_text,
       vector_l2_distance('{1,2,3}'::real[], '[4,5,6]') AS real_text,
       vector_l2_distance(vector_to_bytea('{1,2,3}'::real[]), vector_to_bytea('[4,5,6]'::text)) AS bytea_bytea;
SELECT vector_to_bytea('[1,-2]'::text) AS le_bytes, vector_to_pgvector_binary('[1,2]'::text) AS pgvector_binary,
       vector_from_pgvector_binary('\x000200003f80000040000000') AS from_pgvector,
       vector_to_real('\x0000803f000000c0'::bytea) AS from_le;
SELECT vector_dims('[1,2,3]'::text), vector_dims('{1,2}'::real[]), vector_dims('\x0000803f'::bytea),
       vector_norm('[3,4]'::text), vector_normalize('{3,4}'::real[]), vector_normalize('{0,0}'::real[]),
       vector_to_text(vector_normalize(vector_to_bytea('[3,4]'::text)));
-- text form: shortest round trip, white space, extremes
SELECT vector_to_text('{0.1,0.33333334,3.4028235e+38,-0,1e-45,1e-40,123456789}'::real[]);
SELECT vector_from_text(' [ 1 , 2.5 ,-3e-05 ] ');
SELECT bool_and(vector_from_text(vector_to_text(v)) = v AND vector_to_real(vector_to_bytea(v)) = v AND
                vector_from_pgvector_binary(vector_to_pgvector_binary(v)) = v) AS round_trips
FROM (SELECT array_agg(((random() - 0.5) * 10 ^ (random() * 60 - 30))::real) AS v
      FROM generate_series(1, 5000) i GROUP BY i % 10) s;

-- correctness against a float8 reference (unnest in SQL), random vectors of every size
SELECT setseed(0.42);
CREATE TEMP TABLE ref AS
SELECT d, k, array_agg((random() * 2 - 1)::real ORDER BY i) AS a, array_agg((random() * 2 - 1)::real ORDER BY i) AS b
FROM unnest('{1,3,7,16,768,1536,16000}'::int[]) d, generate_series(1, 3) k, generate_series(1, d) i
GROUP BY d, k;
-- adversarial rows: denormals, large magnitudes (pgvector gives Infinity for [3e38]), zero vectors
INSERT INTO ref
SELECT 1536, 10, array_agg((random() * 1e-39)::real), array_agg((random() * -1e-41)::real) FROM generate_series(1, 1536)
UNION ALL
SELECT 768, 11, array_agg((3e38 * (random() * 0.1 + 0.9))::real), array_agg((-3e38 * random())::real) FROM generate_series(1, 768)
UNION ALL
SELECT 16000, 12, array_agg(3e38::real), array_agg(-3e38::real) FROM generate_series(1, 16000);
CREATE TEMP TABLE want AS
SELECT d, k, sqrt(sum((x::float8 - y::float8) ^ 2)) AS l2, sum(x::float8 * y::float8) AS ip,
       sum(abs(x::float8 - y::float8)) AS l1, sum(abs(x::float8 * y::float8)) AS absip,
       sqrt(sum(x::float8 ^ 2)) AS na, sqrt(sum(y::float8 ^ 2)) AS nb
FROM ref, unnest(a, b) u(x, y) GROUP BY d, k;
SELECT r.d, r.k,
       abs(vector_l2_distance(a, b) - l2) <= 1e-12 * l2 AS l2_ok,
       abs(vector_l2_distance(vector_to_bytea(a), vector_to_bytea(b)) - l2) <= 1e-12 * l2 AS l2_bytea_ok,
       abs(vector_l2_distance(vector_to_text(a), vector_to_text(b)) - l2) <= 1e-12 * l2 AS l2_text_ok,
       abs(vector_inner_product(a, b) - ip) <= 1e-12 * absip AS ip_ok,
       abs((a <#> b) + ip) <= 1e-12 * absip AS nip_ok,
       abs(vector_l1_distance(vector_to_bytea(a), vector_to_bytea(b)) - l1) <= 1e-12 * l1 AS l1_ok,
       abs((a <=> b) - (1 - greatest(-1, least(1, ip / (na * nb))))) <= 1e-12 * (1 + absip / (na * nb)) AS cos_ok,
       abs(vector_norm(a) - na) <= 1e-12 * na AS norm_ok,
       (a <-> b) < 'Infinity' AND (a <#> b) > '-Infinity' AS finite
FROM ref r JOIN want w USING (d, k) ORDER BY d, k;
-- a column against a constant, a prepared parameter and another column: the cache never leaks across rows
PREPARE q(text) AS SELECT k, round((a <-> $1)::numeric, 6) FROM ref WHERE d = 3 ORDER BY k;
EXECUTE q('[1,1,1]');
EXECUTE q('[0,0,0]');
SELECT k, round((a <-> '[1,1,1]'::text)::numeric, 6) AS const_text, round((a <-> b)::numeric, 6) AS columns
FROM ref WHERE d = 3 ORDER BY k;
SELECT k FROM ref WHERE d = 768 ORDER BY a <=> (SELECT a FROM ref WHERE d = 768 AND k = 2) LIMIT 1;

-- defined where pgvector is not: zero vectors, clamping
SELECT vector_cosine_distance('[0,0]', '[1,2]') AS zero_cos, vector_cosine_distance('[0,0]', '[0,0]') AS zeros,
       vector_cosine_distance('[1,1,1]', '[1,1,1]') AS same, vector_cosine_distance('[3e38]', '[-3e38]') AS opposite,
       vector_inner_product('[3e38]', '[3e38]') AS big_ip, vector_l2_distance('[3e38]', '[-3e38]') AS big_l2;

-- vector_avg (also with a parallel plan: combine function)
SELECT vector_avg(v) FROM (VALUES ('{1,2,3}'::real[]), ('{3,4,5}'), (NULL)) t(v);
SELECT vector_to_text(vector_avg(v)) FROM (VALUES (vector_to_bytea('[1,2]'::text)), (vector_to_bytea('[2,3]'::text))) t(v);
SELECT vector_avg(v) IS NULL AS empty FROM (SELECT '{1}'::real[] v WHERE false) t;
SELECT vector_avg(v) FROM (VALUES ('{3e38}'::real[]), ('{3e38}')) t(v);
CREATE TEMP TABLE many AS SELECT ARRAY[i::real, (i % 7)::real] AS v FROM generate_series(1, 100000) i;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SELECT vector_avg(v) FROM many;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;

-- labels: every vector function IMMUTABLE, STRICT, PARALLEL SAFE; the aggregates PARALLEL SAFE with a combine
SELECT prokind, count(*) AS functions,
       bool_and(provolatile = 'i' AND (proisstrict OR prokind = 'a') AND proparallel = 's') AS labels_ok
FROM pg_proc WHERE pronamespace = 'schemaops'::regnamespace AND proname LIKE 'vector\_%' GROUP BY prokind ORDER BY 1;
SELECT aggfnoid::regprocedure, aggcombinefn FROM pg_aggregate WHERE aggfnoid::text LIKE '%vector_avg%' ORDER BY 1;

-- bad input: a clear error with its SQLSTATE, never a crash
SELECT pg_temp.try(q) FROM (VALUES
	($$SELECT vector_l2_distance('{1,2}'::real[], '{1,2,3}'::real[])$$),
	($$SELECT '{1,2}'::real[] <=> '[1,2,3]'::text$$),
	($$SELECT '{1,2}'::real[] <=> '[1,2,3]'$$),
	($$SELECT vector_l2_distance('{}'::real[], '{}'::real[])$$),
	($$SELECT vector_l2_distance('{1,NULL}'::real[], '{1,2}'::real[])$$),
	($$SELECT vector_l2_distance('{{1,2},{3,4}}'::real[], '{1,2}'::real[])$$),
	($$SELECT vector_l2_distance('{1,NaN}'::real[], '{1,2}'::real[])$$),
	($$SELECT vector_cosine_distance('{1,Infinity}'::real[], '{1,2}'::real[])$$),
	($$SELECT vector_norm('{-Infinity}'::real[])$$),
	($$SELECT vector_l2_distance('\x00000000ff'::bytea, '\x00000000'::bytea)$$),
	($$SELECT vector_l2_distance(''::bytea, ''::bytea)$$),
	($$SELECT vector_dims('\x0000c07f'::bytea)$$),
	($$SELECT vector_from_text('')$$),
	($$SELECT vector_from_text('[]')$$),
	($$SELECT vector_from_text('[1,]')$$),
	($$SELECT vector_from_text('[1 2]')$$),
	($$SELECT vector_from_text('{1,2}')$$),
	($$SELECT vector_from_text('[1,2]x')$$),
	($$SELECT vector_from_text('[nan]')$$),
	($$SELECT vector_from_text('[inf]')$$),
	($$SELECT vector_from_text('[1e39]')$$),
	($$SELECT vector_from_text('[-1e39]')$$),
	($$SELECT vector_avg_final('{1,1e300}')$$),
	($$SELECT vector_avg_final_bytea('{2,NaN,1}')$$),
	($$SELECT vector_avg_final('{1,-Infinity}')$$),
	($$SELECT vector_from_text('[0x10]')$$),
	($$SELECT vector_from_text('[' || repeat('1,', 16000) || '1]')$$),
	($$SELECT vector_dims(array_fill(1::real, ARRAY[16001]))$$),
	($$SELECT vector_from_pgvector_binary('\x0002000100000000'::bytea)$$),
	($$SELECT vector_from_pgvector_binary('\x00020000'::bytea)$$),
	($$SELECT vector_from_pgvector_binary('\x00'::bytea)$$),
	($$SELECT vector_avg(v) FROM (VALUES ('{1,2}'::real[]), ('{1,2,3}')) t(v)$$)
) t(q);
SELECT vector_dims(array_fill(1::real, ARRAY[16000])) AS max_dims;

-- a column against a constant query: rows stored inline with a 4-byte header take the per-row fast path,
-- the others (compressed, out of line) the general one, and both give what a column against a column gives
-- (the general path) bit for bit, for every metric, both forms and either argument order
SELECT array_agg(((i * 37 % 101) / 50.0 - 1)::real ORDER BY i)::text AS qv FROM generate_series(1, 768) i \gset
CREATE TEMP TABLE qcol AS SELECT :'qv'::real[] AS q, vector_to_bytea(:'qv'::real[]) AS qb;
CREATE TEMP TABLE inline_rows (k int, a real[], b bytea);
ALTER TABLE inline_rows ALTER COLUMN a SET STORAGE PLAIN, ALTER COLUMN b SET STORAGE PLAIN;
INSERT INTO inline_rows SELECT k, a, vector_to_bytea(a) FROM ref WHERE d = 768;
CREATE TEMP TABLE toast_rows (k int, a real[], b bytea); -- EXTENDED: random rows out of line, k = 20 compressed
INSERT INTO toast_rows SELECT k, a, vector_to_bytea(a) FROM ref WHERE d = 768
UNION ALL SELECT 20, array_fill(0.5::real, ARRAY[768]), vector_to_bytea(array_fill(0.5::real, ARRAY[768]));
SELECT t, k, pg_column_size(a) AS stored_size,
       (a <-> :'qv'::real[]) = (a <-> q) AND (:'qv'::real[] <-> a) = (a <-> q) AND
       vector_l2_distance(b, vector_to_bytea(:'qv'::real[])) = (a <-> q) AS l2,
       (a <=> :'qv'::real[]) = (a <=> q) AND vector_cosine_distance(b, vector_to_bytea(:'qv'::real[])) = (a <=> q) AS cos,
       (a <#> :'qv'::real[]) = (a <#> q) AND vector_negative_inner_product(b, vector_to_bytea(:'qv'::real[])) = (a <#> q) AS nip,
       vector_inner_product(a, :'qv'::real[]) = vector_inner_product(b, qb) AS ip,
       (a <+> :'qv'::real[]) = (a <+> q) AND vector_l1_distance(b, vector_to_bytea(:'qv'::real[])) = (a <+> q) AS l1,
       vector_l2_squared_distance(b, vector_to_bytea(:'qv'::real[])) = vector_l2_squared_distance(a, q) AS l2sq
FROM (SELECT 'inline' t, * FROM inline_rows UNION ALL SELECT 'toast', * FROM toast_rows) s, qcol ORDER BY t, k;
-- bad rows inline against a constant query: the same errors as anywhere else
CREATE TEMP TABLE bad_rows (k int, a real[], b bytea);
ALTER TABLE bad_rows ALTER COLUMN a SET STORAGE PLAIN, ALTER COLUMN b SET STORAGE PLAIN;
INSERT INTO bad_rows VALUES
	(1, array_fill(1::real, ARRAY[769]), decode(repeat('00', 3073), 'hex')),
	(2, array_fill(1::real, ARRAY[2, 384]), ''::bytea),
	(3, array_append(array_fill(1::real, ARRAY[767]), NULL), vector_to_bytea(array_fill(1::real, ARRAY[769]))),
	(4, array_append(array_fill(1::real, ARRAY[767]), 'NaN'), decode(repeat('0000c07f', 768), 'hex')),
	(5, array_append(array_fill(1::real, ARRAY[767]), '-Infinity'), decode(repeat('0000807f', 768), 'hex'));
SELECT k, pg_temp.try(format('SELECT a <-> %L::real[] FROM bad_rows WHERE k = %s', :'qv', k)) AS real_row,
       pg_temp.try(format('SELECT vector_cosine_distance(b, vector_to_bytea(%L::real[])) FROM bad_rows WHERE k = %s',
                          :'qv', k)) AS bytea_row,
       pg_temp.try(format('SELECT %L::real[] <#> a FROM bad_rows WHERE k = %s', :'qv', k)) AS query_first
FROM bad_rows ORDER BY k;
