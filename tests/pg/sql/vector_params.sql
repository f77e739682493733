-- vector_params: a query vector that arrives as a Param (PL/pgSQL variables, prepared statements) is cached
-- per call site only while its bytes stay the same; a Const is cached outright. Regression test for stale
-- results in PL/pgSQL loops, where one expression state (one fn_extra) serves a whole transaction while the
-- variables change (found by the torture review). Expected: 1 2 3, then dims 2 3 4, then dims 1 2 3.
CREATE EXTENSION IF NOT EXISTS schemaops;
SET search_path = schemaops, public;
DO $$ DECLARE v real[]; r float8; BEGIN
	FOR i IN 1..3 LOOP v := ARRAY[i, 0]::real[]; r := vector_l2_distance(v, '{0,0}'::real[]); RAISE NOTICE 'l2 %', r; END LOOP;
END $$;
DO $$ DECLARE v real[]; r float8; BEGIN
	FOR i IN 1..3 LOOP v := ARRAY[0, i]::real[]; r := vector_l2_distance('{0,0}'::real[], v); RAISE NOTICE 'l2 second arg %', r; END LOOP;
END $$;
DO $$ DECLARE v text; r int; BEGIN
	FOR i IN 1..3 LOOP v := '[' || repeat('1,', i) || '1]'; r := vector_dims(v); RAISE NOTICE 'dims %', r; END LOOP;
END $$;
DO $$ DECLARE v bytea; r int; BEGIN
	FOR i IN 1..3 LOOP v := vector_to_bytea(array_fill(1::real, ARRAY[i])); r := vector_dims(v); RAISE NOTICE 'dims %', r; END LOOP;
END $$;
-- the same Param value twice in a row still gives the right answer (cache hit), then a new value
DO $$ DECLARE v text; BEGIN
	FOREACH v IN ARRAY ARRAY['[3,4]', '[3,4]', '[6,8]'] LOOP
		RAISE NOTICE 'cosine %, l2 %', round(vector_cosine_distance(v, '[3,4]')::numeric, 6), vector_l2_distance(v, '[0,0]');
	END LOOP;
END $$;
-- a prepared statement with a generic plan: every execution sees its own parameter
PREPARE q(real[]) AS SELECT vector_l2_distance($1, '{0,0}'::real[]) AS d FROM generate_series(1, 2);
SET plan_cache_mode = force_generic_plan;
EXECUTE q('{3,4}');
EXECUTE q('{6,8}');
RESET plan_cache_mode;
DEALLOCATE q;
-- a bad value after a good one is still refused
DO $$ DECLARE v text; r int; BEGIN
	FOREACH v IN ARRAY ARRAY['[1,2]', '[1,NaN]'] LOOP r := vector_dims(v); RAISE NOTICE 'dims %', r; END LOOP;
END $$;
