-- schemaops.snapshot(schema text) -> jsonb: the schema document (docs/document-format.md, dialect postgres)
-- of one live schema, built from pg_catalog with one query per object kind over the whole schema.
-- The "tables" member is built in C (schemaops._snapshot_tables, pg_extension/src/snapshot_tables.c: catalog
-- index scans, jsonb built directly); the other kinds by the per-kind queries of _snapshot_kinds() below.
-- schemaops._snapshot_sql(schema) is the all-SQL reference of the same document: its tables query is what the C
-- code reproduces byte for byte, and tests/lib/snapshot_c_pg.t compares the two documents on every fixture, a
-- generated schema and the e2e mutation states. A field added to the tables query must be added to the C code
-- too (the comparison test fails until it is).

-- schemaops._snapshot_viewdef(view oid) -> text: pg_get_viewdef(view, true) without keeping the locks it takes
-- (the view and every relation it reads) to the end of the transaction: a snapshot of a schema with thousands
-- of views would otherwise run out of lock slots ("out of shared memory" at the default
-- max_locks_per_transaction). Internal (snapshot()); pg_extension/src/snapshot_viewdef.c.
CREATE FUNCTION @extschema@._snapshot_viewdef(view pg_catalog.oid)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_snapshot_viewdef'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;

-- schemaops._snapshot_tables(schema oid) -> jsonb: the "tables" array of the document of the schema, in C.
-- Internal: called by snapshot() with its settings (search_path for deparsing, DateStyle...) in place.
CREATE FUNCTION @extschema@._snapshot_tables(nsp pg_catalog.oid)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'so_pg_snapshot_tables'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;

-- schemaops._snapshot_document(schema oid, kinds jsonb) -> jsonb: the document: the members of kinds (the other
-- kinds, _snapshot_kinds()) plus "tables" from _snapshot_tables(), as jsonb_build_object('tables', ...) || kinds
-- would give it, without encoding the parts again. Internal (snapshot()); SQLSTATE 22023 when kinds is not an
-- object or has "tables".
CREATE FUNCTION @extschema@._snapshot_document(nsp pg_catalog.oid, kinds pg_catalog.jsonb)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'so_pg_snapshot_document'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;

-- schemaops._snapshot_prepare(schema text) -> oid: the schema's oid, after setting what both snapshot() and
-- _snapshot_sql() deparse and plan with: search_path = <schema>, pg_catalog and, over more than 100 relations,
-- enable_nestloop = off (see snapshot()'s SET clauses). set_config(..., true) here lasts until the calling
-- function returns: the caller's SET clauses restore both. Internal. Error: 3F000 when the schema does not exist.
CREATE FUNCTION @extschema@._snapshot_prepare(schema pg_catalog.text)
RETURNS pg_catalog.oid
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
AS $prepare$
DECLARE
	v_name pg_catalog.text := schema;
	v_nsp pg_catalog.oid;
BEGIN
	SELECT n.oid INTO v_nsp FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) v_name;
	IF v_nsp IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_schema_name',
			MESSAGE = pg_catalog.format('schema "%s" does not exist', v_name),
			HINT = 'schemaops.snapshot() takes the name of an existing schema, e.g. ''public''.';
	END IF;

	-- no nested-loop joins over a large schema (see the SET clauses above; function-local like them)
	IF (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) v_nsp)
		OPERATOR(pg_catalog.>) 100 THEN
		PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
	END IF;

	-- Deparse relative to the schema, as the migration script (SET LOCAL search_path = <schema>, pg_catalog)
	-- will resolve the names: two schemas loaded from the same SQL then give equal documents.
	PERFORM pg_catalog.set_config('search_path',
		pg_catalog.concat(pg_catalog.quote_ident(v_name), ', pg_catalog'), true);
	RETURN v_nsp;
END
$prepare$;

CREATE FUNCTION @extschema@.snapshot(schema pg_catalog.text)
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
-- The SET clauses make the set_config(..., true) below function-local (PostgreSQL restores the caller's
-- search_path when the function returns or fails) and pin the settings deparsed constants depend on, so
-- the document does not change with the session's DateStyle (pg_dump pins the same ones).
SET search_path = pg_catalog, pg_temp
SET datestyle = 'ISO, YMD'
SET intervalstyle = 'postgres'
SET extra_float_digits = 1
SET bytea_output = 'hex'
-- JIT compiling the big per-kind queries costs seconds (their estimated cost passes jit_above_cost as soon as
-- the catalog holds a few thousand relations) and saves nothing: the time goes to catalog lookups and deparsing
SET jit = off
-- Plan robustness (issue 3): the queries below join whole sets (the schema's relations, their columns,
-- constraints, indexes) with each other, and a nested loop over two such sets costs their product. The planner
-- picks one whenever it believes a side has one row, which is what the catalog statistics say right after a
-- migration created the schema (pg_class/pg_attribute analysed before it: 3,000 new tables took over 10
-- minutes instead of 0.6 s). So on a schema of more than 100 relations nested-loop joins are turned off below
-- (hash and merge joins cost the sum of their sides whatever the estimates); on a smaller one they stay on,
-- since a nested loop over at most ~100 rows is cheap whatever the plan, while hash joins read whole catalogs
-- (a snapshot of a small schema in a database of thousands of relations). Every call plans afresh
-- (force_custom_plan), so a plan cached for a small schema is never reused for a large one. Lookups that must
-- stay per row are correlated subqueries over ONE catalog each (an index probe; enable_nestloop does not apply
-- to them): a subquery joining two catalogs would become a hash join over a whole catalog per row. LATERAL
-- unnest/generate_series run as nested loops whatever the setting. Inherited by _snapshot_objects().
SET enable_nestloop = on
SET plan_cache_mode = force_custom_plan
AS $snapshot$
DECLARE
	v_name pg_catalog.text := schema;
	v_nsp pg_catalog.oid;
	-- The tables come from C (_snapshot_document), every other kind from _snapshot_kinds(), the same queries
	-- as the reference _snapshot_sql(). The settings pinned by the SET clauses above and set_config() below
	-- (search_path, enable_nestloop) are function-local and apply to both: they are called from here.
BEGIN
	v_nsp := @extschema@._snapshot_prepare(v_name);

	-- the tables from C (pg_extension/src/snapshot_tables.c), put together with the other kinds' encoded members
	-- as bytes: jsonb_build_object('tables', ...) || ... would walk and encode the whole document twice more
	-- and the sequences from C (pg_extension/src/snapshot_sequences.c) and the dependencies
	-- (snapshot_dependencies.c) and extensions (snapshot_extensions.c): _snapshot_kinds() leaves them out
	RETURN @extschema@._snapshot_document(v_nsp,
		@extschema@._snapshot_kinds(v_nsp, v_name, '{sequences,dependencies,extensions}'));
END
$snapshot$;

-- schemaops._snapshot_kinds(schema_oid oid, schema_name text, skip text[]) -> jsonb: every member of the schema
-- document but "tables": sequences, views, materialized views, functions, types, domains (below) and
-- _snapshot_objects()'s, but the kinds named in skip (built in C by snapshot(): sequences, dependencies,
-- extensions; the queries being the reference _snapshot_sql() runs, with '{}'). Internal: called by snapshot() and _snapshot_sql() with
-- their settings in place (no SET clause of its own but jit, so the caller's search_path, relative to which
-- names are deparsed, and enable_nestloop apply).
CREATE FUNCTION @extschema@._snapshot_kinds(schema_oid pg_catalog.oid, schema_name pg_catalog.text,
	skip pg_catalog.text[])
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
SET jit = off
AS $kinds$
DECLARE
	v_name pg_catalog.text := schema_name;
	v_nsp pg_catalog.oid := schema_oid;
	v_sequences pg_catalog.json;
	v_views pg_catalog.json;
	v_matviews pg_catalog.json;
	v_functions pg_catalog.json;
	v_types pg_catalog.json;
	v_domains pg_catalog.json;
BEGIN
	-- Sequences, without the ones identity columns own (the column's "identity" carries them). In C for
	-- snapshot() (pg_extension/src/snapshot_sequences.c: a field added here must be added there too).
	SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
		'name', c.relname,
		'type', pg_catalog.format_type(s.seqtypid, NULL),
		'start', s.seqstart, 'increment', s.seqincrement, 'min', s.seqmin, 'max', s.seqmax,
		'cache', s.seqcache,
		'cycle', CASE WHEN s.seqcycle THEN true END,
		-- OWNED BY: the sequence's auto dependency on a table column (one-catalog lookups, no join: see
		-- enable_nestloop above)
		'owned_by', (SELECT pg_catalog.concat(
				(SELECT tc.relname FROM pg_catalog.pg_class tc WHERE tc.oid OPERATOR(pg_catalog.=) dp.refobjid),
				'.',
				(SELECT ta.attname FROM pg_catalog.pg_attribute ta
				 WHERE ta.attrelid OPERATOR(pg_catalog.=) dp.refobjid
				   AND ta.attnum OPERATOR(pg_catalog.=) dp.refobjsubid::pg_catalog.int2))
			FROM pg_catalog.pg_depend dp
			WHERE dp.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			  AND dp.objid OPERATOR(pg_catalog.=) c.oid
			  AND dp.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			  AND dp.refobjsubid OPERATOR(pg_catalog.>) 0
			  AND dp.deptype OPERATOR(pg_catalog.=) 'a' LIMIT 1),
		'comment', d.description)
		ORDER BY c.relname)
	INTO v_sequences
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_sequence s ON s.seqrelid OPERATOR(pg_catalog.=) c.oid
	LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) c.oid
		AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
		AND d.objsubid OPERATOR(pg_catalog.=) 0
	WHERE c.relnamespace OPERATOR(pg_catalog.=) v_nsp
	  AND c.relkind OPERATOR(pg_catalog.=) 'S'
	  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend dp
		WHERE dp.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
		  AND dp.objid OPERATOR(pg_catalog.=) c.oid
		  AND dp.deptype OPERATOR(pg_catalog.=) ANY ('{i,e}'::pg_catalog."char"[]))
	  -- a constant: a one-time filter, nothing is scanned when snapshot() builds them in C
	  AND NOT 'sequences' OPERATOR(pg_catalog.=) ANY (skip);

	-- Views and materialized views (opaque kinds in format version 1).
	SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
		'name', c.relname,
		'definition', @extschema@._snapshot_viewdef(c.oid),
		'options', CASE WHEN c.reloptions IS NOT NULL THEN pg_catalog.to_json(c.reloptions) END,
		'comment', d.description) ORDER BY c.relname) FILTER (WHERE c.relkind OPERATOR(pg_catalog.=) 'v'),
	       pg_catalog.json_agg(pg_catalog.json_build_object(
		'name', c.relname,
		'definition', @extschema@._snapshot_viewdef(c.oid),
		'indexes', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', mi.relname,
				'definition', pg_catalog.pg_get_indexdef(mi.indexrelid, 0, true)) ORDER BY mi.relname)
			FROM (SELECT i.indexrelid, (SELECT ic.relname FROM pg_catalog.pg_class ic
					WHERE ic.oid OPERATOR(pg_catalog.=) i.indexrelid) AS relname
			      FROM pg_catalog.pg_index i WHERE i.indrelid OPERATOR(pg_catalog.=) c.oid) AS mi),
		'comment', d.description) ORDER BY c.relname) FILTER (WHERE c.relkind OPERATOR(pg_catalog.=) 'm')
	INTO v_views, v_matviews
	FROM pg_catalog.pg_class c
	LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) c.oid
		AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
		AND d.objsubid OPERATOR(pg_catalog.=) 0
	WHERE c.relnamespace OPERATOR(pg_catalog.=) v_nsp
	  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog."char"[])
	  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
		WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
		  AND e.objid OPERATOR(pg_catalog.=) c.oid AND e.deptype OPERATOR(pg_catalog.=) 'e');

	-- Functions, procedures and aggregates, named by signature. pg_get_functiondef() always qualifies the
	-- function's own name with its schema; that prefix is cut so equal schemas give equal definitions.
	SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
		-- name(argument types), as regprocedure prints it relative to the schema
		'name', p.oid::pg_catalog.regprocedure::pg_catalog.text,
		'kind', ('{function,procedure,aggregate,window}'::pg_catalog.text[])
			[pg_catalog.strpos('fpaw', p.prokind::pg_catalog.text)],
		'definition', CASE WHEN p.prokind OPERATOR(pg_catalog.=) 'a' THEN
			(SELECT pg_catalog.json_build_object(
				'arguments', pg_catalog.pg_get_function_arguments(p.oid),
				'result', pg_catalog.format_type(p.prorettype, NULL),
				'sfunc', ag.aggtransfn::pg_catalog.text,
				'stype', pg_catalog.format_type(ag.aggtranstype, NULL),
				'finalfunc', CASE WHEN ag.aggfinalfn::pg_catalog.oid OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
					THEN ag.aggfinalfn::pg_catalog.text END,
				'combinefunc', CASE WHEN ag.aggcombinefn::pg_catalog.oid OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
					THEN ag.aggcombinefn::pg_catalog.text END,
				'initcond', ag.agginitval,
				'kind', ag.aggkind::pg_catalog.text)
			 FROM pg_catalog.pg_aggregate ag WHERE ag.aggfnoid OPERATOR(pg_catalog.=) p.oid)
		ELSE pg_catalog.to_json(pg_catalog.replace(pg_catalog.pg_get_functiondef(p.oid),
			pg_catalog.concat(' ', pg_catalog.quote_ident(v_name), '.', pg_catalog.quote_ident(p.proname), '('),
			pg_catalog.concat(' ', pg_catalog.quote_ident(p.proname), '('))) END,
		'comment', d.description)
		ORDER BY p.oid::pg_catalog.regprocedure::pg_catalog.text)
	INTO v_functions
	FROM pg_catalog.pg_proc p
	LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) p.oid
		AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
	WHERE p.pronamespace OPERATOR(pg_catalog.=) v_nsp
	  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
		WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
		  AND e.objid OPERATOR(pg_catalog.=) p.oid AND e.deptype OPERATOR(pg_catalog.=) 'e');

	-- Types: enums, composite types, ranges and base types (not the implicit ones: array types, row
	-- types of tables, multiranges); domains separately.
	SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
		'name', t.typname,
		'kind', ('{base,composite,enum,range}'::pg_catalog.text[])
			[pg_catalog.strpos('bcer', t.typtype::pg_catalog.text)],
		'labels', CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'e' THEN
			(SELECT pg_catalog.json_agg(en.enumlabel ORDER BY en.enumsortorder)
			 FROM pg_catalog.pg_enum en WHERE en.enumtypid OPERATOR(pg_catalog.=) t.oid) END,
		'attributes', CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'c' THEN
			(SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', a.attname,
				'type', pg_catalog.format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
			 FROM pg_catalog.pg_attribute a WHERE a.attrelid OPERATOR(pg_catalog.=) t.typrelid
			   AND a.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2 AND NOT a.attisdropped) END,
		'subtype', CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'r' THEN
			(SELECT pg_catalog.format_type(rg.rngsubtype, NULL) FROM pg_catalog.pg_range rg
			 WHERE rg.rngtypid OPERATOR(pg_catalog.=) t.oid) END,
		'comment', d.description) ORDER BY t.typname)
	INTO v_types
	FROM pg_catalog.pg_type t
	LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) t.oid
		AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
	WHERE t.typnamespace OPERATOR(pg_catalog.=) v_nsp
	  AND (t.typtype OPERATOR(pg_catalog.=) ANY ('{e,r}'::pg_catalog."char"[])
	       OR (t.typtype OPERATOR(pg_catalog.=) 'b' AND t.typcategory OPERATOR(pg_catalog.<>) 'A')
	       OR (t.typtype OPERATOR(pg_catalog.=) 'c' AND EXISTS (SELECT FROM pg_catalog.pg_class tc
			WHERE tc.oid OPERATOR(pg_catalog.=) t.typrelid AND tc.relkind OPERATOR(pg_catalog.=) 'c')))
	  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
		WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
		  AND e.objid OPERATOR(pg_catalog.=) t.oid AND e.deptype OPERATOR(pg_catalog.=) 'e');

	SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
		'name', t.typname,
		'type', pg_catalog.format_type(t.typbasetype, t.typtypmod),
		'nullable', CASE WHEN t.typnotnull THEN false END,
		'default', t.typdefault,
		'collation', CASE WHEN t.typcollation OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
			AND t.typcollation OPERATOR(pg_catalog.<>) bt.typcollation
			THEN (SELECT co.collname FROM pg_catalog.pg_collation co
			      WHERE co.oid OPERATOR(pg_catalog.=) t.typcollation) END,
		'checks', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname,
				'expression', pg_catalog.pg_get_constraintdef(k.oid, true)) ORDER BY k.conname)
			FROM pg_catalog.pg_constraint k WHERE k.contypid OPERATOR(pg_catalog.=) t.oid),
		'comment', d.description) ORDER BY t.typname)
	INTO v_domains
	FROM pg_catalog.pg_type t
	JOIN pg_catalog.pg_type bt ON bt.oid OPERATOR(pg_catalog.=) t.typbasetype
	LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) t.oid
		AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
	WHERE t.typnamespace OPERATOR(pg_catalog.=) v_nsp AND t.typtype OPERATOR(pg_catalog.=) 'd'
	  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
		WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
		  AND e.objid OPERATOR(pg_catalog.=) t.oid AND e.deptype OPERATOR(pg_catalog.=) 'e');

	-- Absent values are JSON nulls above; json_strip_nulls leaves the document with the keys that say
	-- something (the format's defaults) and keeps nulls inside arrays, where there are none.
	-- The pieces are built as json (text, appended as is) and converted to jsonb once here: building them as
	-- jsonb re-encodes every nested value at every level, which was most of the time on large schemas.
	RETURN pg_catalog.json_strip_nulls(pg_catalog.json_build_object(
		'schemaops', 1,
		'dialect', 'postgres',
		'name', v_name,
		'sequences', v_sequences,
		'views', v_views,
		'materialized_views', v_matviews,
		'functions', v_functions,
		'types', v_types,
		'domains', v_domains))::pg_catalog.jsonb
		OPERATOR(pg_catalog.||) @extschema@._snapshot_objects(v_nsp, skip); -- 15_snapshot_objects.sql
END
$kinds$;

-- schemaops._snapshot_sql(schema text) -> jsonb: the same document as snapshot(), the tables built by the SQL
-- query below instead of C: the reference the C code is tested against (tests/lib/snapshot_c_pg.t). Internal.
CREATE FUNCTION @extschema@._snapshot_sql(schema pg_catalog.text)
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
-- the same settings as snapshot() above, for the same reasons (see the comments there)
SET search_path = pg_catalog, pg_temp
SET datestyle = 'ISO, YMD'
SET intervalstyle = 'postgres'
SET extra_float_digits = 1
SET bytea_output = 'hex'
SET jit = off
SET enable_nestloop = on
SET plan_cache_mode = force_custom_plan
AS $snapshot$
DECLARE
	v_name pg_catalog.text := schema;
	v_nsp pg_catalog.oid;
	v_tables pg_catalog.json;
BEGIN
	v_nsp := @extschema@._snapshot_prepare(v_name);

	WITH rel AS (
		SELECT c.oid, c.relname, c.relkind, c.reltuples, c.relispartition, c.relpartbound,
		       c.relrowsecurity, c.relforcerowsecurity, c.reloptions, c.reltoastrelid, c.relpersistence,
		       c.relreplident
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace OPERATOR(pg_catalog.=) v_nsp
		  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'::pg_catalog."char"[])
		  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
			WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			  AND e.objid OPERATOR(pg_catalog.=) c.oid AND e.deptype OPERATOR(pg_catalog.=) 'e')
	),
	-- The live columns of the schema's tables, read once (the column lists, and key columns of constraints and
	-- indexes looked up by hash, set-based, instead of one catalog index scan per key).
	att AS (
		SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attgenerated,
		       a.attidentity, a.attcollation, a.attstattarget, a.attstorage
		FROM rel r
		JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) r.oid
			AND a.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2 AND NOT a.attisdropped
	),
	cols AS (
		SELECT a.attrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object(
			'name', a.attname,
			'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
			'nullable', CASE WHEN a.attnotnull THEN false END,
			-- A column default cannot reference columns, so it is deparsed without the table as context
			-- (relid 0): giving pg_get_expr the table makes it open the relation, which costs more than the
			-- rest of the snapshot on a cold session. Generated columns do reference columns.
			'default', CASE WHEN a.attgenerated OPERATOR(pg_catalog.=) '' AND a.attidentity OPERATOR(pg_catalog.=) ''
				THEN pg_catalog.pg_get_expr(ad.adbin, 0::pg_catalog.oid, true) END,
			'identity', CASE WHEN a.attidentity OPERATOR(pg_catalog.=) 'a' THEN 'always'
				WHEN a.attidentity OPERATOR(pg_catalog.=) 'd' THEN 'by default' END,
			'generated', CASE WHEN a.attgenerated OPERATOR(pg_catalog.<>) ''
				THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) END,
			'generated_stored', CASE WHEN a.attgenerated OPERATOR(pg_catalog.=) 's' THEN true END,
			'collation', CASE WHEN a.attcollation OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
				AND a.attcollation OPERATOR(pg_catalog.<>) t.typcollation THEN co.collname END,
			'comment', d.description) ORDER BY a.attnum) AS j
		FROM att a
		JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.atttypid
		LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid OPERATOR(pg_catalog.=) a.attrelid
			AND ad.adnum OPERATOR(pg_catalog.=) a.attnum
		LEFT JOIN pg_catalog.pg_collation co ON co.oid OPERATOR(pg_catalog.=) a.attcollation
		LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) a.attrelid
			AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			AND d.objsubid OPERATOR(pg_catalog.=) a.attnum::pg_catalog.int4
		GROUP BY a.attrelid
	),
	-- Constraints defined on the table itself: a partition's clones of its parent's constraints
	-- (conparentid) and inherited checks (not conislocal) are the parent's, not the partition's.
	con AS (
		SELECT k.oid, k.conname, k.contype, k.conrelid, k.conkey, k.confkey, k.confrelid, k.condeferrable,
		       k.condeferred, k.confupdtype, k.confdeltype, k.confmatchtype, k.connoinherit, k.conbin,
		       k.convalidated
		FROM rel r
		JOIN pg_catalog.pg_constraint k ON k.conrelid OPERATOR(pg_catalog.=) r.oid
		WHERE k.conparentid OPERATOR(pg_catalog.=) 0::pg_catalog.oid AND k.conislocal
	),
	-- the column names of a constraint's key, in key order
	conkeys AS (
		SELECT k.oid, pg_catalog.json_agg(a.attname ORDER BY u.ord) AS cols
		FROM con k
		CROSS JOIN LATERAL pg_catalog.unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
		JOIN att a ON a.attrelid OPERATOR(pg_catalog.=) k.conrelid AND a.attnum OPERATOR(pg_catalog.=) u.attnum
		WHERE k.contype OPERATOR(pg_catalog.=) ANY ('{p,u,f}'::pg_catalog."char"[])
		GROUP BY k.oid
	),
	pk AS (
		SELECT k.conrelid AS relid, pg_catalog.json_build_object('name', k.conname, 'columns', kk.cols,
			'deferrable', CASE WHEN k.condeferrable THEN true END,
			'initially_deferred', CASE WHEN k.condeferred THEN true END) AS j
		FROM con k JOIN conkeys kk ON kk.oid OPERATOR(pg_catalog.=) k.oid
		WHERE k.contype OPERATOR(pg_catalog.=) 'p'
	),
	uq AS (
		SELECT k.conrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname,
			'columns', kk.cols,
			'deferrable', CASE WHEN k.condeferrable THEN true END,
			'initially_deferred', CASE WHEN k.condeferred THEN true END) ORDER BY k.conname) AS j
		FROM con k JOIN conkeys kk ON kk.oid OPERATOR(pg_catalog.=) k.oid
		WHERE k.contype OPERATOR(pg_catalog.=) 'u'
		GROUP BY k.conrelid
	),
	fk AS (
		SELECT k.conrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname,
			'columns', kk.cols,
			'references', pg_catalog.json_build_object(
				'schema', CASE WHEN rc.relnamespace OPERATOR(pg_catalog.<>) v_nsp THEN rn.nspname END,
				-- the referenced key's column names: one index probe per column (the table may be in
				-- another schema, so not in att)
				'table', rc.relname, 'columns', (SELECT pg_catalog.json_agg(
					(SELECT oa.attname FROM pg_catalog.pg_attribute oa
					 WHERE oa.attrelid OPERATOR(pg_catalog.=) k.confrelid
					   AND oa.attnum OPERATOR(pg_catalog.=) u.attnum) ORDER BY u.ord)
					FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord))),
			-- code -> word by position (a simple CASE would look its "=" up in the schema's search_path)
			'on_update', ('{NULL,restrict,cascade,"set null","set default"}'::pg_catalog.text[])
				[pg_catalog.strpos('arcnd', k.confupdtype::pg_catalog.text)],
			'on_delete', ('{NULL,restrict,cascade,"set null","set default"}'::pg_catalog.text[])
				[pg_catalog.strpos('arcnd', k.confdeltype::pg_catalog.text)],
			'match', ('{NULL,full,partial}'::pg_catalog.text[])
				[pg_catalog.strpos('sfp', k.confmatchtype::pg_catalog.text)],
			'deferrable', CASE WHEN k.condeferrable THEN true END,
			'initially_deferred', CASE WHEN k.condeferred THEN true END) ORDER BY k.conname) AS j
		FROM con k
		JOIN conkeys kk ON kk.oid OPERATOR(pg_catalog.=) k.oid
		JOIN pg_catalog.pg_class rc ON rc.oid OPERATOR(pg_catalog.=) k.confrelid
		JOIN pg_catalog.pg_namespace rn ON rn.oid OPERATOR(pg_catalog.=) rc.relnamespace
		WHERE k.contype OPERATOR(pg_catalog.=) 'f'
		GROUP BY k.conrelid
	),
	ck AS (
		SELECT k.conrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname,
			'expression', pg_catalog.pg_get_expr(k.conbin, k.conrelid, true),
			'no_inherit', CASE WHEN k.connoinherit THEN true END) ORDER BY k.conname) AS j
		FROM con k
		WHERE k.contype OPERATOR(pg_catalog.=) 'c'
		GROUP BY k.conrelid
	),
	-- exclusion constraints are not modelled by format version 1: kept whole, so a difference is reported
	excl AS (
		SELECT k.conrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname,
			'definition', pg_catalog.pg_get_constraintdef(k.oid, true)) ORDER BY k.conname) AS j
		FROM con k
		WHERE k.contype OPERATOR(pg_catalog.=) 'x'
		GROUP BY k.conrelid
	),
	-- indexes that back no constraint and, on a partition, are not attached to an index of the parent
	ix AS (
		SELECT i.indexrelid, i.indrelid, i.indisunique, i.indnkeyatts, i.indnatts, i.indkey, i.indclass,
		       i.indoption, i.indcollation, i.indpred, ic.relname, am.amname
		FROM rel r
		JOIN pg_catalog.pg_index i ON i.indrelid OPERATOR(pg_catalog.=) r.oid
		JOIN pg_catalog.pg_class ic ON ic.oid OPERATOR(pg_catalog.=) i.indexrelid
		JOIN pg_catalog.pg_am am ON am.oid OPERATOR(pg_catalog.=) ic.relam
		WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k
			WHERE k.conindid OPERATOR(pg_catalog.=) i.indexrelid
			  AND k.conrelid OPERATOR(pg_catalog.=) i.indrelid
			  AND k.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog."char"[]))
		  AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits h
			WHERE h.inhrelid OPERATOR(pg_catalog.=) i.indexrelid)
	),
	ixkeys AS (
		SELECT x.indexrelid, pg_catalog.json_agg(
			pg_catalog.json_build_object(
			-- one of column and expression (the other is null and stripped)
			'column', a.attname,
			'expression', CASE WHEN x.indkey[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.=) 0::pg_catalog.int2
				THEN pg_catalog.pg_get_indexdef(x.indexrelid, g.n, true) END,
			'desc', CASE WHEN (x.indoption[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.&) 1::pg_catalog.int2)
				OPERATOR(pg_catalog.<>) 0::pg_catalog.int2 THEN true END,
			-- NULLS is written only where it differs from the direction's default (FIRST for DESC)
			'nulls', CASE WHEN ((x.indoption[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.&) 1::pg_catalog.int2)
					OPERATOR(pg_catalog.<>) 0::pg_catalog.int2)
				   OPERATOR(pg_catalog.<>) ((x.indoption[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.&) 2::pg_catalog.int2)
					OPERATOR(pg_catalog.<>) 0::pg_catalog.int2)
				THEN CASE WHEN (x.indoption[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.&) 2::pg_catalog.int2)
					OPERATOR(pg_catalog.<>) 0::pg_catalog.int2 THEN 'first' ELSE 'last' END END,
			'opclass', CASE WHEN NOT oc.opcdefault THEN
				CASE WHEN oc.opcnamespace OPERATOR(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace
				     THEN pg_catalog.quote_ident(oc.opcname)
				     ELSE pg_catalog.concat(pg_catalog.quote_ident(ocn.nspname), '.',
					pg_catalog.quote_ident(oc.opcname)) END END,
			'collation', CASE WHEN x.indcollation[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
				AND x.indcollation[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.<>) COALESCE(a.attcollation,
					-- an expression: the collation of its type, as the index's own attribute has it
					-- (nested one-catalog lookups, not a join: see enable_nestloop above)
					(SELECT t.typcollation FROM pg_catalog.pg_type t
					 WHERE t.oid OPERATOR(pg_catalog.=) (SELECT ia.atttypid FROM pg_catalog.pg_attribute ia
						WHERE ia.attrelid OPERATOR(pg_catalog.=) x.indexrelid
						  AND ia.attnum OPERATOR(pg_catalog.=) g.n::pg_catalog.int2)))
				THEN co.collname END)
			ORDER BY g.n) AS keys
		FROM ix x
		CROSS JOIN LATERAL pg_catalog.generate_series(1, x.indnkeyatts::pg_catalog.int4) AS g(n)
		LEFT JOIN att a ON a.attrelid OPERATOR(pg_catalog.=) x.indrelid
			AND a.attnum OPERATOR(pg_catalog.=) x.indkey[g.n OPERATOR(pg_catalog.-) 1]
			AND x.indkey[g.n OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.<>) 0::pg_catalog.int2
		LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid OPERATOR(pg_catalog.=) x.indclass[g.n OPERATOR(pg_catalog.-) 1]
		LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid OPERATOR(pg_catalog.=) oc.opcnamespace
		LEFT JOIN pg_catalog.pg_collation co ON co.oid OPERATOR(pg_catalog.=) x.indcollation[g.n OPERATOR(pg_catalog.-) 1]
		GROUP BY x.indexrelid
	),
	ixinc AS (
		SELECT x.indexrelid, pg_catalog.json_agg(a.attname ORDER BY g.n) AS cols
		FROM ix x
		CROSS JOIN LATERAL pg_catalog.generate_series(x.indnkeyatts::pg_catalog.int4 OPERATOR(pg_catalog.+) 1,
			x.indnatts::pg_catalog.int4) AS g(n)
		JOIN att a ON a.attrelid OPERATOR(pg_catalog.=) x.indrelid
			AND a.attnum OPERATOR(pg_catalog.=) x.indkey[g.n OPERATOR(pg_catalog.-) 1]
		GROUP BY x.indexrelid
	),
	idx AS (
		SELECT x.indrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', x.relname,
			'unique', CASE WHEN x.indisunique THEN true END,
			'method', CASE WHEN x.amname OPERATOR(pg_catalog.<>) 'btree' THEN x.amname::pg_catalog.text END,
			'columns', k.keys,
			'include', inc.cols,
			'where', pg_catalog.pg_get_expr(x.indpred, x.indrelid, true),
			'comment', d.description) ORDER BY x.relname) AS j
		FROM ix x
		JOIN ixkeys k ON k.indexrelid OPERATOR(pg_catalog.=) x.indexrelid
		LEFT JOIN ixinc inc ON inc.indexrelid OPERATOR(pg_catalog.=) x.indexrelid
		LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) x.indexrelid
			AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			AND d.objsubid OPERATOR(pg_catalog.=) 0
		GROUP BY x.indrelid
	),
	trg AS (
		SELECT tg.tgrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', tg.tgname,
			'definition', pg_catalog.pg_get_triggerdef(tg.oid, true),
			'enabled', CASE WHEN tg.tgenabled OPERATOR(pg_catalog.<>) 'O' THEN tg.tgenabled::pg_catalog.text END,
			'comment', d.description) ORDER BY tg.tgname) AS j
		FROM rel r
		JOIN pg_catalog.pg_trigger tg ON tg.tgrelid OPERATOR(pg_catalog.=) r.oid
		LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) tg.oid
			AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_trigger'::pg_catalog.regclass
		WHERE NOT tg.tgisinternal AND tg.tgparentid OPERATOR(pg_catalog.=) 0::pg_catalog.oid
		GROUP BY tg.tgrelid
	),
	-- Properties format version 1 does not model, carried as opaque table-level lists so that a difference is
	-- reported (UNSUPPORTED) rather than missed: NULLS NOT DISTINCT and storage parameters of any index
	-- (constraint-backing ones included), comments on constraints, and identity sequences whose options are
	-- not the defaults. Written only where present, so tables without them carry no such key.
	ixopt AS (
		SELECT i.indrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', ic.relname,
			'nulls_not_distinct', CASE WHEN i.indnullsnotdistinct THEN true END,
			'storage', pg_catalog.to_json(ic.reloptions)) ORDER BY ic.relname) AS j
		FROM rel r
		JOIN pg_catalog.pg_index i ON i.indrelid OPERATOR(pg_catalog.=) r.oid
		JOIN pg_catalog.pg_class ic ON ic.oid OPERATOR(pg_catalog.=) i.indexrelid
		WHERE (i.indnullsnotdistinct OR ic.reloptions IS NOT NULL)
		  AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits h
			WHERE h.inhrelid OPERATOR(pg_catalog.=) i.indexrelid)
		GROUP BY i.indrelid
	),
	concom AS (
		SELECT k.conrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname,
			'comment', d.description) ORDER BY k.conname) AS j
		FROM con k
		JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) k.oid
			AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass
		GROUP BY k.conrelid
	),
	idopt AS (
		SELECT a.attrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', a.attname,
			'start', s.seqstart, 'increment', s.seqincrement, 'min', s.seqmin, 'max', s.seqmax,
			'cache', s.seqcache, 'cycle', s.seqcycle) ORDER BY a.attname) AS j
		FROM att a
		JOIN pg_catalog.pg_depend dp ON dp.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			AND dp.refobjid OPERATOR(pg_catalog.=) a.attrelid
			AND dp.refobjsubid OPERATOR(pg_catalog.=) a.attnum::pg_catalog.int4
			AND dp.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			AND dp.deptype OPERATOR(pg_catalog.=) 'i'
		JOIN pg_catalog.pg_sequence s ON s.seqrelid OPERATOR(pg_catalog.=) dp.objid
		WHERE a.attidentity OPERATOR(pg_catalog.<>) ''
		  AND NOT (s.seqstart OPERATOR(pg_catalog.=) 1::pg_catalog.int8
			AND s.seqincrement OPERATOR(pg_catalog.=) 1::pg_catalog.int8
			AND s.seqmin OPERATOR(pg_catalog.=) 1::pg_catalog.int8
			AND s.seqmax OPERATOR(pg_catalog.=) ('{32767,2147483647,9223372036854775807}'::pg_catalog.int8[])
				[pg_catalog.array_position('{21,23,20}'::pg_catalog.oid[], s.seqtypid)] -- int2, int4, int8
			AND s.seqcache OPERATOR(pg_catalog.=) 1::pg_catalog.int8 AND NOT s.seqcycle)
		GROUP BY a.attrelid
	),
	pol AS (
		SELECT p.polrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', p.polname,
			'command', ('{select,insert,update,delete,all}'::pg_catalog.text[])
				[pg_catalog.strpos('rawd*', p.polcmd::pg_catalog.text)],
			'permissive', p.polpermissive,
			'roles', (SELECT pg_catalog.json_agg(rr.rn ORDER BY rr.rn)
				FROM (SELECT CASE WHEN u.r OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'public'
					ELSE (SELECT ro.rolname::pg_catalog.text FROM pg_catalog.pg_roles ro
						WHERE ro.oid OPERATOR(pg_catalog.=) u.r) END AS rn
				      FROM pg_catalog.unnest(p.polroles) AS u(r)) AS rr),
			'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid, true),
			'with_check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true)) ORDER BY p.polname) AS j
		FROM rel r
		JOIN pg_catalog.pg_policy p ON p.polrelid OPERATOR(pg_catalog.=) r.oid
		GROUP BY p.polrelid
	),
	-- More table properties version 1 does not model, opaque in the same way and written only where they
	-- differ from what CREATE TABLE gives, so tables without them carry no such key: storage parameters
	-- (the table's and its TOAST table's, as ALTER TABLE ... SET (toast.x = ...) names them), per-column
	-- SET STATISTICS / SET STORAGE, CHECK and foreign-key constraints left NOT VALID (checks and
	-- foreign_keys carry no validity), and (in the final SELECT) UNLOGGED and REPLICA IDENTITY.
	relopt AS (
		SELECT r.oid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', o.name,
			'value', o.value) ORDER BY o.name) AS j
		FROM rel r
		CROSS JOIN LATERAL (
			SELECT pg_catalog.split_part(u.opt, '=', 1) AS name,
			       pg_catalog.substr(u.opt, pg_catalog.strpos(u.opt, '=') OPERATOR(pg_catalog.+) 1) AS value
			FROM pg_catalog.unnest(r.reloptions) AS u(opt)
			UNION ALL
			SELECT pg_catalog.concat('toast.', pg_catalog.split_part(u.opt, '=', 1)),
			       pg_catalog.substr(u.opt, pg_catalog.strpos(u.opt, '=') OPERATOR(pg_catalog.+) 1)
			FROM pg_catalog.pg_class tc
			CROSS JOIN LATERAL pg_catalog.unnest(tc.reloptions) AS u(opt)
			WHERE tc.oid OPERATOR(pg_catalog.=) r.reltoastrelid) AS o
		GROUP BY r.oid
	),
	colopt AS (
		SELECT a.attrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', a.attname,
			-- -1 (PostgreSQL 16 and older) or NULL (17 and newer) is the default target
			'statistics', CASE WHEN a.attstattarget OPERATOR(pg_catalog.>=) 0 THEN a.attstattarget END,
			'storage', CASE WHEN a.attstorage OPERATOR(pg_catalog.<>) t.typstorage
				THEN ('{plain,external,main,extended}'::pg_catalog.text[])
					[pg_catalog.strpos('pemx', a.attstorage::pg_catalog.text)] END) ORDER BY a.attname) AS j
		FROM att a
		JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.atttypid
		WHERE a.attstattarget OPERATOR(pg_catalog.>=) 0 OR a.attstorage OPERATOR(pg_catalog.<>) t.typstorage
		GROUP BY a.attrelid
	),
	notvalid AS (
		SELECT k.conrelid AS relid, pg_catalog.json_agg(pg_catalog.json_build_object('name', k.conname)
			ORDER BY k.conname) AS j
		FROM con k
		WHERE k.contype OPERATOR(pg_catalog.=) ANY ('{c,f}'::pg_catalog."char"[]) AND NOT k.convalidated
		GROUP BY k.conrelid
	)
	SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
		'name', r.relname,
		'rows', CASE WHEN r.reltuples OPERATOR(pg_catalog.>=) 0::pg_catalog.float4
			THEN r.reltuples::pg_catalog.int8 END,
		'comment', d.description,
		'partition_by', CASE WHEN r.relkind OPERATOR(pg_catalog.=) 'p' THEN pg_catalog.pg_get_partkeydef(r.oid) END,
		'partition_of', CASE WHEN r.relispartition THEN pg_catalog.json_build_object(
			'table', (SELECT pc.relname FROM pg_catalog.pg_class pc
				WHERE pc.oid OPERATOR(pg_catalog.=) (SELECT h.inhparent FROM pg_catalog.pg_inherits h
					WHERE h.inhrelid OPERATOR(pg_catalog.=) r.oid)),
			'bound', pg_catalog.pg_get_expr(r.relpartbound, r.oid, true)) END,
		'columns', COALESCE(cols.j, '[]'::pg_catalog.json),
		'primary_key', pk.j,
		'unique', uq.j,
		'indexes', idx.j,
		'foreign_keys', fk.j,
		'checks', ck.j,
		'exclusion_constraints', excl.j,
		'index_options', ixopt.j,
		'constraint_comments', concom.j,
		'identity_options', idopt.j,
		'triggers', trg.j,
		'policies', pol.j,
		'rls', CASE WHEN r.relrowsecurity OR r.relforcerowsecurity THEN pg_catalog.json_build_object(
			'enabled', r.relrowsecurity, 'forced', r.relforcerowsecurity) END,
		'storage_parameters', relopt.j,
		'column_options', colopt.j,
		'not_valid_constraints', notvalid.j,
		'persistence', CASE WHEN r.relpersistence OPERATOR(pg_catalog.=) 'u'
			THEN pg_catalog.json_build_object('unlogged', true) END,
		-- d (default: the primary key) is what CREATE TABLE gives
		'replica_identity', CASE WHEN r.relreplident OPERATOR(pg_catalog.<>) 'd' THEN pg_catalog.json_build_object(
			'mode', ('{nothing,full,index}'::pg_catalog.text[])
				[pg_catalog.strpos('nfi', r.relreplident::pg_catalog.text)],
			'index', CASE WHEN r.relreplident OPERATOR(pg_catalog.=) 'i' THEN
				(SELECT ic.relname FROM pg_catalog.pg_class ic
				 WHERE ic.oid OPERATOR(pg_catalog.=) (SELECT i.indexrelid FROM pg_catalog.pg_index i
					WHERE i.indrelid OPERATOR(pg_catalog.=) r.oid AND i.indisreplident)) END) END)
		ORDER BY r.relname)
	INTO v_tables
	FROM rel r
	LEFT JOIN cols ON cols.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN pk ON pk.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN uq ON uq.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN idx ON idx.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN fk ON fk.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN ck ON ck.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN excl ON excl.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN ixopt ON ixopt.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN concom ON concom.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN idopt ON idopt.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN trg ON trg.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN pol ON pol.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN relopt ON relopt.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN colopt ON colopt.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN notvalid ON notvalid.relid OPERATOR(pg_catalog.=) r.oid
	LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) r.oid
		AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
		AND d.objsubid OPERATOR(pg_catalog.=) 0;

	RETURN pg_catalog.jsonb_build_object('tables',
			pg_catalog.json_strip_nulls(COALESCE(v_tables, '[]'::pg_catalog.json))::pg_catalog.jsonb)
		OPERATOR(pg_catalog.||) @extschema@._snapshot_kinds(v_nsp, v_name, '{}');
END
$snapshot$;


COMMENT ON FUNCTION @extschema@.snapshot(pg_catalog.text) IS
'the schema document (docs/document-format.md, dialect postgres) of one live schema: tables, sequences and, as '
'opaque kinds, views, materialized views, functions, types, domains, triggers, policies; NULL for NULL; '
'SQLSTATE 3F000 if the schema does not exist';

COMMENT ON FUNCTION @extschema@._snapshot_sql(pg_catalog.text) IS
'internal: the document of snapshot() with the tables built by SQL instead of C (the reference tests/lib/snapshot_c_pg.t compares them with)';
