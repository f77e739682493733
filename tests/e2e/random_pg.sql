-- tests/e2e/random_pg.sql: the in-server half of tests/e2e/random_pg.t (randomized diff/apply/re-diff on
-- PostgreSQL). Test helpers only, created in schema so_rnd of the test database; not part of the extension.
--
-- so_rnd.mutate(base, seed, nmut, wide): applies nmut random mutations, drawn from a catalogue of 24 kinds, to the
--   live schema `base`. Choices come from a MINSTD generator (x := x * 48271 mod 2^31-1) seeded by `seed` and
--   from the catalog read in name order, so a seed always gives the same statements on the same schema. A
--   statement the server refuses (a column a view pins, a type a default cannot follow, a table something
--   depends on...) is rolled back on its own and counted as refused; the others are returned in order.
--   Without `wide`, areas with known gaps are left out: partitioned tables (the diff treats a partition's
--   inherited columns as its own), renaming a column a view reads and indexes of materialized views (views
--   and materialized views are opaque: UNSUPPORTED).
-- so_rnd.run_case(base, seed, nmut[, wide]): one case, one round trip, nothing left behind:
--   1. in a subtransaction that is rolled back: mutate `base`, d1 := snapshot(base);
--   2. in a second one, also rolled back: apply the steps of schema_changes(snapshot(base), d1, full) to the
--      unchanged `base` (CONCURRENTLY removed: a function runs inside a transaction), d2 := snapshot(base),
--      and list what schema_changes(d2, d1, full) still finds.
--   Returns one line: "ok|seed|applied|refused|steps" or "fail|seed|reason|mutations" (reason: the step that
--   failed and its error, an UNSUPPORTED change, or the residual changes).

DROP SCHEMA IF EXISTS so_rnd CASCADE;
CREATE SCHEMA so_rnd;

-- the document of the unchanged base schema, taken once by the test (so_rnd.run_case takes it itself if absent)
CREATE TABLE so_rnd.base_doc (base text PRIMARY KEY, doc jsonb NOT NULL);

CREATE FUNCTION so_rnd.nxt(s bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS 'SELECT (s * 48271) % 2147483647';

CREATE FUNCTION so_rnd.mutate(base text, seed bigint, nmut int, wide boolean, OUT applied text[], OUT refused int)
LANGUAGE plpgsql AS $mutate$
DECLARE
	s bigint := 1 + (abs(seed) % 2147483646);
	r bigint;
	kind int;
	i int;
	nsp oid := base::regnamespace;
	t text;
	t2 text;
	c text;
	c2 text;
	ctype text;
	tabs text[];
	cols text[];
	stmt text;
	k text;
	types text[] := ARRAY['integer', 'bigint', 'smallint', 'text', 'character varying(40)', 'numeric(12,2)',
		'boolean', 'date', 'timestamp with time zone', 'timestamp without time zone', 'jsonb', 'uuid', 'real',
		'double precision', 'character(3)', 'bytea', 'interval', 'time without time zone', 'inet', 'text[]',
		'integer[]'];
	-- a type and a default of that type, for NOT NULL columns
	typed_defaults text[] := ARRAY['integer|42', 'bigint|-7', 'text|''n/a''', 'boolean|true',
		'numeric(8,2)|1.50', 'timestamp with time zone|now()', 'date|CURRENT_DATE', 'character varying(20)|''x''''y''',
		'jsonb|''{}''::jsonb', 'text[]|''{}''::text[]'];
	comments text[] := ARRAY['plain comment', 'it''s quoted', 'unicode: é ü 東京', 'two
lines', 'back\slash', NULL];
	fkact text[] := ARRAY['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];
BEGIN
	applied := '{}';
	refused := 0;
	FOR i IN 1..nmut LOOP
		s := so_rnd.nxt(s);
		kind := s % 24;
		-- a table: ordinary tables, and with `wide` partitioned parents too (never partitions: changes to a
		-- partitioned table reach its partitions through it)
		SELECT array_agg(cl.relname::text ORDER BY cl.relname) INTO tabs
		FROM pg_class cl WHERE cl.relnamespace = nsp AND NOT cl.relispartition
		  AND cl.relkind IN ('r', 'p');
		s := so_rnd.nxt(s);
		t := tabs[1 + s % array_length(tabs, 1)];
		s := so_rnd.nxt(s);
		t2 := tabs[1 + s % array_length(tabs, 1)];
		SELECT array_agg(a.attname::text ORDER BY a.attnum) INTO cols
		FROM pg_attribute a WHERE a.attrelid = format('%I.%I', base, t)::regclass AND a.attnum > 0
		  AND NOT a.attisdropped;
		s := so_rnd.nxt(s);
		c := cols[1 + s % array_length(cols, 1)];
		s := so_rnd.nxt(s);
		c2 := cols[1 + s % array_length(cols, 1)];
		SELECT format_type(a.atttypid, a.atttypmod) INTO ctype FROM pg_attribute a
		WHERE a.attrelid = format('%I.%I', base, t)::regclass AND a.attname = c;
		s := so_rnd.nxt(s);
		r := s;
		stmt := NULL;
		CASE kind
		WHEN 0, 1 THEN
			stmt := format('ALTER TABLE %I ADD COLUMN %I %s', t, 'rc' || i || '_' || r % 997,
				types[1 + r % array_length(types, 1)]);
		WHEN 2 THEN
			k := typed_defaults[1 + r % array_length(typed_defaults, 1)];
			stmt := format('ALTER TABLE %I ADD COLUMN %I %s NOT NULL DEFAULT %s', t, 'rd' || i || '_' || r % 997,
				split_part(k, '|', 1), substr(k, strpos(k, '|') + 1));
		WHEN 3 THEN
			stmt := format('ALTER TABLE %I DROP COLUMN %I', t, c);
		WHEN 4 THEN
			k := types[1 + r % array_length(types, 1)];
			stmt := format('ALTER TABLE %I ALTER COLUMN %I TYPE %s USING %I::text::%s', t, c, k, c, k);
		WHEN 5 THEN
			stmt := format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT %s', t, c,
				CASE WHEN ctype IN ('integer', 'bigint', 'smallint', 'real', 'double precision')
					OR ctype LIKE 'numeric%' THEN (r % 100)::text
				WHEN ctype IN ('text', 'character varying') OR ctype LIKE 'character%' THEN quote_literal('d' || r % 10)
				WHEN ctype = 'boolean' THEN 'false'
				WHEN ctype LIKE 'timestamp%' THEN 'now()'
				WHEN ctype = 'date' THEN 'CURRENT_DATE'
				ELSE NULL END);
		WHEN 6 THEN
			stmt := format('ALTER TABLE %I ALTER COLUMN %I DROP DEFAULT', t, c);
		WHEN 7 THEN
			stmt := format('ALTER TABLE %I ALTER COLUMN %I SET NOT NULL', t, c);
		WHEN 8 THEN
			stmt := format('ALTER TABLE %I ALTER COLUMN %I DROP NOT NULL', t, c);
		WHEN 9, 10 THEN
			stmt := format('CREATE %sINDEX %I ON %I (%I%s%s)%s', CASE WHEN r % 5 = 0 THEN 'UNIQUE ' ELSE '' END,
				'ri' || i || '_' || r % 997, t, c, CASE WHEN r % 3 = 0 THEN ' DESC' ELSE '' END,
				CASE WHEN r % 4 = 1 AND c2 <> c THEN format(', %I', c2) ELSE '' END,
				CASE WHEN r % 7 = 2 THEN format(' WHERE %I IS NOT NULL', c) ELSE '' END);
		WHEN 11 THEN
			SELECT format('DROP INDEX %I', ic.relname) INTO stmt
			FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class tc ON tc.oid = x.indrelid
			WHERE ic.relnamespace = nsp AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid)
			  AND (tc.relkind IN ('r', 'p') OR (wide AND tc.relkind = 'm'))
			  AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
			ORDER BY ic.relname OFFSET r % greatest(1, (SELECT count(*) FROM pg_class ic2
				WHERE ic2.relnamespace = nsp AND ic2.relkind IN ('i', 'I'))) LIMIT 1;
		WHEN 12, 13 THEN
			-- a new column referencing a single-column primary key or unique key of a table
			SELECT format('ALTER TABLE %I ADD COLUMN %I %s REFERENCES %I (%I) ON DELETE %s', t,
				'rf' || i || '_' || r % 997, format_type(a.atttypid, a.atttypmod), rc.relname, a.attname,
				fkact[1 + r % 4]) INTO stmt
			FROM pg_constraint k JOIN pg_class rc ON rc.oid = k.conrelid
			JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
			WHERE rc.relnamespace = nsp AND k.contype IN ('p', 'u') AND cardinality(k.conkey) = 1
			  AND NOT rc.relispartition AND rc.relkind = 'r'
			ORDER BY rc.relname, k.conname OFFSET r % 11 LIMIT 1;
		WHEN 14 THEN
			SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', cl.relname, k.conname) INTO stmt
			FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid
			WHERE cl.relnamespace = nsp AND k.contype IN ('f', 'c', 'u') AND k.conparentid = 0
			  AND NOT cl.relispartition AND (wide OR cl.relkind IN ('r', 'p'))
			ORDER BY cl.relname, k.conname OFFSET r % greatest(1, (SELECT count(*) FROM pg_constraint k2
				JOIN pg_class c3 ON c3.oid = k2.conrelid WHERE c3.relnamespace = nsp AND k2.contype IN ('f', 'c', 'u')
				AND k2.conparentid = 0 AND NOT c3.relispartition)) LIMIT 1;
		WHEN 15 THEN
			stmt := format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%s)', t, 'rk' || i || '_' || r % 997,
				CASE WHEN ctype IN ('integer', 'bigint', 'smallint', 'real', 'double precision')
					OR ctype LIKE 'numeric%' THEN format('%I > %s', c, -(r % 50))
				WHEN ctype IN ('text', 'character varying') THEN format('length(%I) < %s', c, 100 + r % 900)
				ELSE format('%I IS NOT NULL OR %I IS NULL', c, c2) END);
		WHEN 16 THEN
			stmt := format('ALTER TABLE %I ADD CONSTRAINT %I UNIQUE (%I)', t, 'ru' || i || '_' || r % 997, c);
		WHEN 17 THEN
			stmt := format('COMMENT ON TABLE %I IS %s', t,
				coalesce(quote_literal(comments[1 + r % array_length(comments, 1)]), 'NULL'));
		WHEN 18 THEN
			stmt := format('COMMENT ON COLUMN %I.%I IS %s', t, c,
				coalesce(quote_literal(comments[1 + r % array_length(comments, 1)]), 'NULL'));
		WHEN 19 THEN
			stmt := format('CREATE TABLE %I (id %s PRIMARY KEY, name text NOT NULL%s, note %s, ref_%s %s%s)',
				'rt' || i || '_' || r % 997,
				CASE r % 3 WHEN 0 THEN 'bigserial' WHEN 1 THEN 'integer GENERATED BY DEFAULT AS IDENTITY'
					ELSE 'uuid' END,
				CASE WHEN r % 2 = 0 THEN ' DEFAULT ''none''' ELSE '' END,
				types[1 + r % array_length(types, 1)], i, 'integer',
				CASE WHEN r % 5 = 0 THEN format(', CONSTRAINT %I CHECK (ref_%s > 0)', 'rtk' || i || '_' || r % 997, i)
					ELSE '' END);
		WHEN 20 THEN
			stmt := format('DROP TABLE %I', t);
		WHEN 21 THEN
			stmt := format('CREATE SEQUENCE %I AS %s INCREMENT BY %s START WITH %s%s', 'rs' || i || '_' || r % 997,
				(ARRAY['integer', 'bigint', 'smallint'])[1 + r % 3], 1 + r % 5, 1 + r % 100,
				CASE WHEN r % 4 = 0 THEN ' CACHE 10 CYCLE' ELSE '' END);
		WHEN 22 THEN
			SELECT format('ALTER SEQUENCE %I %s', sc.relname,
				(ARRAY['INCREMENT BY 3', 'MAXVALUE 99999', 'CACHE 5', 'NO CYCLE', 'CYCLE', 'RESTART WITH 7'])[1 + r % 6])
				INTO stmt
			FROM pg_class sc WHERE sc.relnamespace = nsp AND sc.relkind = 'S'
			  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = sc.oid AND d.deptype = 'i')
			ORDER BY sc.relname OFFSET r % 13 LIMIT 1;
		WHEN 23 THEN
			-- without `wide`, not a column a view reads (the view's definition would change with it)
			IF wide OR NOT EXISTS (SELECT FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid
				AND a.attnum = d.refobjsubid
				WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = format('%I.%I', base, t)::regclass
				  AND a.attname = c) THEN
				stmt := format('ALTER TABLE %I RENAME COLUMN %I TO %I', t, c, 'rn' || i || '_' || r % 997);
			END IF;
		END CASE;
		IF stmt IS NULL THEN
			refused := refused + 1;
			CONTINUE;
		END IF;
		BEGIN
			EXECUTE stmt;
			applied := applied || stmt;
		EXCEPTION WHEN OTHERS THEN
			refused := refused + 1;
		END;
	END LOOP;
END
$mutate$;

CREATE FUNCTION so_rnd.run_case(base text, seed bigint, nmut int, wide boolean DEFAULT false) RETURNS text
LANGUAGE plpgsql AS $case$
DECLARE
	full_opts constant jsonb := '{"strategy":"full"}';
	doc0 jsonb;
	d1 jsonb;
	d2 jsonb;
	m record;
	ch record;
	nsteps int := 0;
	step text;
	reason text;
BEGIN
	PERFORM set_config('search_path', quote_ident(base) || ', pg_catalog', true);
	SELECT b.doc INTO doc0 FROM so_rnd.base_doc b WHERE b.base = run_case.base;
	IF doc0 IS NULL THEN
		doc0 := schemaops.snapshot(base);
	END IF;
	BEGIN
		SELECT * INTO m FROM so_rnd.mutate(base, seed, nmut, wide);
		d1 := schemaops.snapshot(base);
		RAISE SQLSTATE 'SOR01';
	EXCEPTION WHEN SQLSTATE 'SOR01' THEN
		NULL;
	END;
	IF cardinality(m.applied) = 0 THEN
		RETURN format('ok|%s|0|%s|0', seed, m.refused);
	END IF;

	BEGIN
		FOR ch IN SELECT * FROM schemaops.schema_changes(doc0, d1, full_opts) ORDER BY seq LOOP
			IF ch.action = 'UNSUPPORTED' THEN
				reason := format('UNSUPPORTED change %s %s', ch.object_type, ch.object_name);
				RAISE SQLSTATE 'SOR01';
			END IF;
			IF ch.skipped THEN
				CONTINUE;
			END IF;
			step := format('[%s] %s %s %s: %s', ch.seq, ch.action, ch.object_type, ch.object_name, ch.ddl_up);
			EXECUTE regexp_replace(ch.ddl_up, '\mCONCURRENTLY\M', '', 'g');
			nsteps := nsteps + 1;
		END LOOP;
		step := NULL;
		d2 := schemaops.snapshot(base);
		SELECT string_agg(format('%s %s %s', c.action, c.object_type, c.object_name), '; ' ORDER BY c.seq)
			INTO reason FROM schemaops.schema_changes(d2, d1, full_opts) c;
		IF reason IS NOT NULL THEN
			reason := 're-diff not empty: ' || reason;
		END IF;
		RAISE SQLSTATE 'SOR01';
	EXCEPTION WHEN OTHERS THEN
		IF SQLSTATE <> 'SOR01' THEN
			reason := format('step failed: %s -- %s', coalesce(step, '(re-snapshot/re-diff)'), SQLERRM);
		END IF;
	END;
	IF reason IS NULL THEN
		RETURN format('ok|%s|%s|%s|%s', seed, cardinality(m.applied), m.refused, nsteps);
	END IF;
	RETURN format('fail|%s|%s|%s', seed, replace(reason, E'\n', ' '),
		replace(array_to_string(m.applied, '; '), E'\n', ' '));
END
$case$;
