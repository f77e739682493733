-- KNOWN BUG (not run by tests/lib/pg_regress.t, which reads tests/pg/sql/ only): wrong results, no crash.
-- pg_extension/src/vector_pg.c get_state() marks an argument "constant" with get_fn_expr_arg_stable(), which
-- is true for every PARAM_EXTERN Param, and read_arg() then caches its vector in fn_extra for the life of
-- the FmgrInfo. PL/pgSQL evaluates "simple expressions" with one ExprState reused for the whole transaction
-- and passes its variables as PARAM_EXTERN Params, so the vector read on the first call is reused on every
-- later call with a different value.
-- Run: psql -d DB -f tests/pg/known_bugs/vector_stale_constant.sql (after CREATE EXTENSION schemaops).
-- Expected: l2 1 / l2 2 / l2 3, dims 2 / 3 / 4, dims 1 / 2 / 3. Observed (12:20 UTC): 1 1 1, 2 2 2, 1 1 1.
SET search_path = schemaops, public;
DO $$ DECLARE v real[]; r float8; BEGIN
	FOR i IN 1..3 LOOP v := ARRAY[i, 0]::real[]; r := vector_l2_distance(v, '{0,0}'::real[]); RAISE NOTICE 'l2 %', r; END LOOP;
END $$;
DO $$ DECLARE v text; r int; BEGIN
	FOR i IN 1..3 LOOP v := '[' || repeat('1,', i) || '1]'; r := vector_dims(v); RAISE NOTICE 'dims %', r; END LOOP;
END $$;
DO $$ DECLARE v bytea; r int; BEGIN
	FOR i IN 1..3 LOOP v := vector_to_bytea(array_fill(1::real, ARRAY[i])); r := vector_dims(v); RAISE NOTICE 'dims %', r; END LOOP;
END $$;
