-- schemaops._snapshot_objects(schema oid, skip text[]) -> jsonb: the members of the schema document that snapshot() adds
-- for dependency ordering, privileges and view replacement (docs/document-format.md, "dependencies",
-- "grants", "view_columns"). Internal:
-- snapshot() merges the result into its document with one `||`. The members named in skip are left out: snapshot()
-- builds "dependencies" and "extensions" in C (pg_extension/src/snapshot_dependencies.c, snapshot_extensions.c: a
-- change here must be made there too); the queries below are the reference _snapshot_sql() runs (skip '{}').
--
-- "dependencies" lists, for every view, materialized view, function/procedure/aggregate, type, domain,
-- trigger and policy of the schema, the schema objects it depends on according to pg_depend (deptype
-- normal or auto; PostgreSQL documentation, "pg_depend"): one query over the whole schema, so the cost
-- grows with the number of dependencies, not with a loop per object. Each dependency is a list
--   [kind, name]            a table, view, materialized view, function, type or domain of the schema
--   [kind, table, column]   kind "columns": one column of a table, view or materialized view
-- with the names spelled as the document spells them (functions by signature, as regprocedure prints it
-- relative to the schema). The diff engine uses them to order steps and to recreate the views, policies and
-- triggers whose dependencies it has to drop or retype; they are never compared themselves.

CREATE FUNCTION @extschema@._snapshot_objects(nsp pg_catalog.oid, skip pg_catalog.text[])
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- as in snapshot(): JIT compiling these queries costs seconds on a large catalog and saves nothing
SET jit = off
AS $objects$
DECLARE
	v_deps pg_catalog.jsonb;
	v_grants pg_catalog.jsonb;
	v_routine_grants pg_catalog.jsonb;
	v_default_privileges pg_catalog.jsonb;
	v_view_columns pg_catalog.jsonb;
	v_extensions pg_catalog.jsonb;
	v_casts pg_catalog.jsonb;
BEGIN
	-- names print relative to the schema, as snapshot() prints them (function-local: the SET clause above
	-- restores the caller's search_path on return)
	PERFORM pg_catalog.set_config('search_path',
		pg_catalog.concat(pg_catalog.quote_ident(n.nspname), ', pg_catalog'), true)
	FROM pg_catalog.pg_namespace n WHERE n.oid OPERATOR(pg_catalog.=) nsp;

	WITH rel AS (
		SELECT c.oid, c.relname::pg_catalog.text AS relname, c.relkind, c.reltype
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
		  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,c}'::pg_catalog."char"[])
	),
	-- every object of the schema that the document names, as (catalog, oid, sub-id) -> [kind, name(, column)]
	obj AS (
		SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, r.oid AS objid, 0 AS subid,
		       pg_catalog.jsonb_build_array(('{tables,tables,views,materialized_views,types}'::pg_catalog.text[])
				[pg_catalog.strpos('rpvmc', r.relkind::pg_catalog.text)],
			CASE WHEN r.relkind OPERATOR(pg_catalog.=) 'c'
			     THEN (SELECT t.typname::pg_catalog.text FROM pg_catalog.pg_type t
				   WHERE t.oid OPERATOR(pg_catalog.=) r.reltype)
			     ELSE r.relname END) AS ident,
		       r.relkind OPERATOR(pg_catalog.<>) 'c' AS is_rel
		FROM rel r
		UNION ALL
		-- a table's, view's or composite type's row type stands for the relation
		SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid, 0,
		       CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd'
			    THEN pg_catalog.jsonb_build_array('domains', t.typname::pg_catalog.text)
			    WHEN t.typrelid OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
			    THEN CASE WHEN r.oid IS NOT NULL THEN pg_catalog.jsonb_build_array(
					('{tables,tables,views,materialized_views,types}'::pg_catalog.text[])
						[pg_catalog.strpos('rpvmc', r.relkind::pg_catalog.text)],
					CASE WHEN r.relkind OPERATOR(pg_catalog.=) 'c' THEN t.typname::pg_catalog.text
					     ELSE r.relname END) END
			    ELSE pg_catalog.jsonb_build_array('types', t.typname::pg_catalog.text) END,
		       false
		FROM pg_catalog.pg_type t
		-- a join, not a subquery per type: a subquery scans the whole rel CTE once per row type (quadratic)
		LEFT JOIN rel r ON r.oid OPERATOR(pg_catalog.=) t.typrelid
		WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp
		  AND t.typtype OPERATOR(pg_catalog.=) ANY ('{b,c,d,e,r}'::pg_catalog."char"[])
		  AND t.typcategory OPERATOR(pg_catalog.<>) 'A'
		UNION ALL
		SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid, 0,
		       pg_catalog.jsonb_build_array('functions', p.oid::pg_catalog.regprocedure::pg_catalog.text), false
		FROM pg_catalog.pg_proc p
		WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		-- a view's rewrite rule carries the view's dependencies
		SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, rw.oid, 0,
		       pg_catalog.jsonb_build_array(CASE WHEN r.relkind OPERATOR(pg_catalog.=) 'm'
			THEN 'materialized_views' ELSE 'views' END, r.relname), false
		FROM pg_catalog.pg_rewrite rw
		JOIN rel r ON r.oid OPERATOR(pg_catalog.=) rw.ev_class
		WHERE r.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog."char"[])
		UNION ALL
		SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, tg.oid, 0,
		       pg_catalog.jsonb_build_array('triggers', r.relname, tg.tgname::pg_catalog.text), false
		FROM pg_catalog.pg_trigger tg
		JOIN rel r ON r.oid OPERATOR(pg_catalog.=) tg.tgrelid
		WHERE NOT tg.tgisinternal
		UNION ALL
		SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, po.oid, 0,
		       pg_catalog.jsonb_build_array('policies', r.relname, po.polname::pg_catalog.text), false
		FROM pg_catalog.pg_policy po
		JOIN rel r ON r.oid OPERATOR(pg_catalog.=) po.polrelid
	),
	edge AS (
		SELECT DISTINCT s.ident AS src,
		       CASE WHEN d.refobjsubid OPERATOR(pg_catalog.<>) 0 AND t.is_rel
			    THEN pg_catalog.jsonb_build_array('columns', t.ident OPERATOR(pg_catalog.->>) 1,
				(SELECT a.attname::pg_catalog.text FROM pg_catalog.pg_attribute a
				 WHERE a.attrelid OPERATOR(pg_catalog.=) d.refobjid
				   AND a.attnum::pg_catalog.int4 OPERATOR(pg_catalog.=) d.refobjsubid))
			    ELSE t.ident END AS ref
		FROM pg_catalog.pg_depend d
		JOIN obj s ON s.classid OPERATOR(pg_catalog.=) d.classid AND s.objid OPERATOR(pg_catalog.=) d.objid
		JOIN obj t ON t.classid OPERATOR(pg_catalog.=) d.refclassid
			AND t.objid OPERATOR(pg_catalog.=) d.refobjid
		WHERE d.deptype OPERATOR(pg_catalog.=) ANY ('{n,a}'::pg_catalog."char"[])
		  AND (s.ident OPERATOR(pg_catalog.->>) 0) OPERATOR(pg_catalog.<>) 'tables'
		  AND s.ident OPERATOR(pg_catalog.<>) t.ident
	)
	SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
		'name', pg_catalog.concat(e.src OPERATOR(pg_catalog.->>) 0, '/', e.src OPERATOR(pg_catalog.->>) 1,
			CASE WHEN pg_catalog.jsonb_array_length(e.src) OPERATOR(pg_catalog.>) 2
			     THEN pg_catalog.concat('/', e.src OPERATOR(pg_catalog.->>) 2) END),
		'object', e.src, 'on', e.refs) ORDER BY e.src)
	INTO v_deps
	FROM (SELECT edge.src, pg_catalog.jsonb_agg(edge.ref ORDER BY edge.ref) AS refs
	      FROM edge GROUP BY edge.src) AS e
	-- a constant: a one-time filter, nothing is read when snapshot() builds them in C
	WHERE NOT 'dependencies' OPERATOR(pg_catalog.=) ANY (skip);

	-- Privileges granted on the schema's tables, views, materialized views and sequences (relacl) and on their
	-- columns (attacl), without the owner's own (PostgreSQL documentation, "Privileges"; aclexplode). One
	-- entry per relation with any grant: [grantee, privilege, column or null, grantable], grantee "public" for
	-- PUBLIC, sorted.
	WITH g AS (
		SELECT c.oid, c.relname, c.relkind, x.grantee, x.privilege_type, NULL::pg_catalog.text AS col,
		       x.is_grantable
		FROM pg_catalog.pg_class c
		CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS x
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp AND c.relacl IS NOT NULL
		  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,S}'::pg_catalog."char"[])
		  AND x.grantee OPERATOR(pg_catalog.<>) c.relowner
		UNION ALL
		SELECT c.oid, c.relname, c.relkind, x.grantee, x.privilege_type, a.attname::pg_catalog.text,
		       x.is_grantable
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid
			AND a.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2 AND NOT a.attisdropped AND a.attacl IS NOT NULL
		CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) AS x
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
		  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m}'::pg_catalog."char"[])
		  AND x.grantee OPERATOR(pg_catalog.<>) c.relowner
	),
	named AS (
		SELECT g.relname, g.relkind,
		       pg_catalog.jsonb_build_array(
			CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'public'
			     ELSE (SELECT r.rolname::pg_catalog.text FROM pg_catalog.pg_roles r
				   WHERE r.oid OPERATOR(pg_catalog.=) g.grantee) END,
			g.privilege_type, g.col, g.is_grantable) AS p
		FROM g
	)
	SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', e.relname, 'kind', e.kind,
		'privileges', e.privs) ORDER BY e.relname)
	INTO v_grants
	FROM (SELECT n.relname::pg_catalog.text AS relname,
		     ('{table,table,view,materialized_view,sequence}'::pg_catalog.text[])
			[pg_catalog.strpos('rpvmS', n.relkind::pg_catalog.text)] AS kind,
		     pg_catalog.jsonb_agg(n.p ORDER BY n.p) AS privs
	      FROM named n GROUP BY n.relname, n.relkind) AS e;

	-- Functions, procedures and aggregates whose privileges are not the default: proacl set and, without the
	-- owner's own, other than PUBLIC's EXECUTE (acldefault('f'): PostgreSQL documentation, 5.7 "Privileges",
	-- Table 5.2). Named by signature as "functions" names them; kind "procedure" or "function" (aggregates and
	-- window functions too: GRANT ... ON FUNCTION); privileges [] when nobody but the owner may execute (REVOKE
	-- EXECUTE ... FROM PUBLIC). No entry means the default.
	SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', f.sig, 'kind', f.kind,
		'privileges', f.privs) ORDER BY f.sig)
	INTO v_routine_grants
	FROM (SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text AS sig,
		     CASE WHEN p.prokind OPERATOR(pg_catalog.=) 'p' THEN 'procedure' ELSE 'function' END AS kind,
		     COALESCE((SELECT pg_catalog.jsonb_agg(y.p ORDER BY y.p)
			FROM (SELECT pg_catalog.jsonb_build_array(
				CASE WHEN x.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'public'
				     ELSE (SELECT r.rolname::pg_catalog.text FROM pg_catalog.pg_roles r
					   WHERE r.oid OPERATOR(pg_catalog.=) x.grantee) END,
				x.privilege_type, NULL::pg_catalog.text, x.is_grantable) AS p
			      FROM pg_catalog.aclexplode(p.proacl) AS x
			      WHERE x.grantee OPERATOR(pg_catalog.<>) p.proowner) AS y), '[]'::pg_catalog.jsonb) AS privs
	      FROM pg_catalog.pg_proc p
	      WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp AND p.proacl IS NOT NULL
		AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
			WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
			  AND e.objid OPERATOR(pg_catalog.=) p.oid AND e.deptype OPERATOR(pg_catalog.=) 'e')) AS f
	WHERE f.privs OPERATOR(pg_catalog.<>) '[["public", "EXECUTE", null, false]]'::pg_catalog.jsonb;
	IF v_routine_grants IS NOT NULL THEN
		v_grants := COALESCE(v_grants, '[]'::pg_catalog.jsonb) OPERATOR(pg_catalog.||) v_routine_grants;
	END IF;

	-- Default privileges for objects created later in the schema (ALTER DEFAULT PRIVILEGES ... IN SCHEMA;
	-- pg_default_acl rows of the schema, which add to the global ones): one entry per role and object kind,
	-- named "role/objects", privileges [grantee, privilege, grantable], grantee "public" for PUBLIC, sorted.
	SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', pg_catalog.concat(d.rolname, '/', d.objects),
		'role', d.rolname, 'objects', d.objects, 'privileges', d.privs) ORDER BY d.rolname, d.objects)
	INTO v_default_privileges
	FROM (SELECT r.rolname::pg_catalog.text AS rolname,
		     CASE da.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
			WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS objects,
		     COALESCE((SELECT pg_catalog.jsonb_agg(y.p ORDER BY y.p)
			FROM (SELECT pg_catalog.jsonb_build_array(
				CASE WHEN x.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'public'
				     ELSE (SELECT g.rolname::pg_catalog.text FROM pg_catalog.pg_roles g
					   WHERE g.oid OPERATOR(pg_catalog.=) x.grantee) END,
				x.privilege_type, x.is_grantable) AS p
			      FROM pg_catalog.aclexplode(da.defaclacl) AS x) AS y), '[]'::pg_catalog.jsonb) AS privs
	      FROM pg_catalog.pg_default_acl da
	      JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) da.defaclrole
	      WHERE da.defaclnamespace OPERATOR(pg_catalog.=) nsp) AS d;

	-- The columns of each view, [name, type] in order: the diff replaces a view in place (CREATE OR REPLACE
	-- VIEW) when its columns only grow at the end (PostgreSQL documentation, CREATE VIEW). Never compared.
	SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', v.relname, 'columns', v.cols)
		ORDER BY v.relname)
	INTO v_view_columns
	FROM (SELECT c.relname::pg_catalog.text AS relname,
		     pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(a.attname::pg_catalog.text,
			pg_catalog.format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum) AS cols
	      FROM pg_catalog.pg_class c
	      JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid
		AND a.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2 AND NOT a.attisdropped
	      WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp AND c.relkind OPERATOR(pg_catalog.=) 'v'
	      GROUP BY c.relname) AS v;

	-- Extensions (docs/document-format.md, "extensions"): the ones installed in the schema and the ones whose
	-- member objects (types, functions, operator classes, ...) an object of the schema depends on according to
	-- pg_depend (a column's type, an index's operator class, a view's or a default's function, a domain's base
	-- type, a function's argument type), the schema's own extension members excepted. Extensions installed in
	-- pg_catalog (plpgsql) belong to the server and are not listed. `schema` only when the extension lives in
	-- another schema than this one, so two schemas loaded from the same SQL give equal documents.
	-- MATERIALIZED: computed once and hashed (inlined, the planner re-scanned the catalogs per dependency row)
	WITH RECURSIVE mine AS MATERIALIZED (
		SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, c.oid AS objid
		FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
		FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid
		FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, k.oid
		FROM pg_catalog.pg_constraint k WHERE k.connamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, rw.oid
		FROM pg_catalog.pg_rewrite rw
		JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) rw.ev_class
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, ad.oid
		FROM pg_catalog.pg_attrdef ad
		JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) ad.adrelid
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, tg.oid
		FROM pg_catalog.pg_trigger tg
		JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) tg.tgrelid
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
		UNION ALL
		SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, po.oid
		FROM pg_catalog.pg_policy po
		JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) po.polrelid
		WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
	),
	used AS (
		SELECT x.oid FROM pg_catalog.pg_extension x WHERE x.extnamespace OPERATOR(pg_catalog.=) nsp
		UNION
		SELECT e.refobjid
		FROM mine m
		JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) m.classid
			AND d.objid OPERATOR(pg_catalog.=) m.objid
			AND d.deptype OPERATOR(pg_catalog.=) ANY ('{n,a}'::pg_catalog."char"[])
		JOIN pg_catalog.pg_depend e ON e.classid OPERATOR(pg_catalog.=) d.refclassid
			AND e.objid OPERATOR(pg_catalog.=) d.refobjid
			AND e.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
			AND e.deptype OPERATOR(pg_catalog.=) 'e'
		WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend own
			WHERE own.classid OPERATOR(pg_catalog.=) m.classid AND own.objid OPERATOR(pg_catalog.=) m.objid
			  AND own.deptype OPERATOR(pg_catalog.=) 'e')
	),
	-- and what those require (the control file's `requires`: pg_depend extension -> extension, deptype n),
	-- transitively: earthdistance brings cube
	need (oid) AS (
		SELECT used.oid FROM used
		UNION
		SELECT r.refobjid
		FROM need
		JOIN pg_catalog.pg_depend r ON r.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
			AND r.objid OPERATOR(pg_catalog.=) need.oid
			AND r.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
			AND r.deptype OPERATOR(pg_catalog.=) 'n'
	)
	SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
		'name', x.extname::pg_catalog.text, 'version', x.extversion,
		'schema', CASE WHEN x.extnamespace OPERATOR(pg_catalog.<>) nsp THEN n.nspname::pg_catalog.text END,
		'requires', (SELECT pg_catalog.jsonb_agg(rx.extname::pg_catalog.text ORDER BY rx.extname)
			FROM pg_catalog.pg_depend r
			JOIN pg_catalog.pg_extension rx ON rx.oid OPERATOR(pg_catalog.=) r.refobjid
			WHERE r.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
			  AND r.objid OPERATOR(pg_catalog.=) x.oid
			  AND r.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
			  AND r.deptype OPERATOR(pg_catalog.=) 'n')))
		ORDER BY x.extname)
	INTO v_extensions
	FROM pg_catalog.pg_extension x
	JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) x.extnamespace
	WHERE x.oid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT need.oid FROM need))
	  AND n.nspname OPERATOR(pg_catalog.<>) 'pg_catalog'
	  -- a constant: a one-time filter, nothing is read when snapshot() builds them in C
	  AND NOT 'extensions' OPERATOR(pg_catalog.=) ANY (skip);

	-- User casts (CREATE CAST; docs/document-format.md, "casts"): the pg_cast rows created after initdb whose
	-- source or target type or whose function lives in the schema, not an extension's (deptype e) and not one
	-- the server made itself (deptype i: a range type's cast to its multirange, typecmds.c). Named
	-- "source AS target" with the types as format_type prints them relative to the schema; `function` as
	-- regprocedure prints it (method function only); method function | inout | binary (castmethod f, i, b);
	-- context explicit | assignment | implicit (castcontext e, a, i).
	SELECT pg_catalog.jsonb_agg(k.j ORDER BY k.name)
	INTO v_casts
	FROM (SELECT pg_catalog.concat(pg_catalog.format_type(c.castsource, NULL), ' AS ',
			pg_catalog.format_type(c.casttarget, NULL)) AS name, c.oid, c.castsource, c.casttarget, c.castfunc,
		     c.castmethod, c.castcontext
	      FROM pg_catalog.pg_cast c
	      WHERE c.oid OPERATOR(pg_catalog.>=) 16384::pg_catalog.oid -- FirstNormalObjectId: not built in
		AND (EXISTS (SELECT FROM pg_catalog.pg_type t
			WHERE (t.oid OPERATOR(pg_catalog.=) c.castsource OR t.oid OPERATOR(pg_catalog.=) c.casttarget)
			  AND t.typnamespace OPERATOR(pg_catalog.=) nsp)
		     OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.oid OPERATOR(pg_catalog.=) c.castfunc
			  AND p.pronamespace OPERATOR(pg_catalog.=) nsp))
		AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
			WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_cast'::pg_catalog.regclass
			  AND e.objid OPERATOR(pg_catalog.=) c.oid
			  AND e.deptype OPERATOR(pg_catalog.=) ANY ('{e,i}'::pg_catalog."char"[]))) AS c0
	CROSS JOIN LATERAL (SELECT c0.name, pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('name', c0.name,
		'source', pg_catalog.format_type(c0.castsource, NULL), 'target', pg_catalog.format_type(c0.casttarget, NULL),
		'function', CASE WHEN c0.castmethod OPERATOR(pg_catalog.=) 'f'
			THEN c0.castfunc::pg_catalog.regprocedure::pg_catalog.text END,
		'method', ('{function,inout,binary}'::pg_catalog.text[])[pg_catalog.strpos('fib', c0.castmethod::pg_catalog.text)],
		'context', ('{explicit,assignment,implicit}'::pg_catalog.text[])
			[pg_catalog.strpos('eai', c0.castcontext::pg_catalog.text)])) AS j) AS k;

	RETURN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('dependencies', v_deps,
		'grants', v_grants, 'view_columns', v_view_columns, 'default_privileges', v_default_privileges,
		'extensions', v_extensions, 'casts', v_casts));
END
$objects$;

COMMENT ON FUNCTION @extschema@._snapshot_objects(pg_catalog.oid, pg_catalog.text[]) IS
'internal (snapshot()): the "dependencies" (from pg_depend), "grants" (relacl, attacl, proacl), "default_privileges" (pg_default_acl), "view_columns", "extensions" (pg_extension) and "casts" (pg_cast) members of the schema document';
