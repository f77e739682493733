-- schemaops.snapshot(schemas text[]) -> jsonb: one multi-schema document (docs/document-format.md, "Several
-- schemas in one document") of several live schemas, each body written by the per-schema snapshot(text).
CREATE FUNCTION @extschema@.snapshot(schemas pg_catalog.text[])
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $snapshot_multi$
DECLARE
	v_bodies pg_catalog.jsonb := '[]';
	v_name pg_catalog.text;
	v_body pg_catalog.jsonb;
	v_owner pg_catalog.text;
	v_comment pg_catalog.text;
	v_nsp pg_catalog.oid;
	v_deps pg_catalog.jsonb;
	v_idx pg_catalog.int4;
	r record;
BEGIN
	IF pg_catalog.array_position(schemas, NULL) IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'schemaops.snapshot(text[]): a schema name is NULL';
	END IF;
	-- sorted as the document's normal form sorts them (byte order); a name given twice is one schema
	FOR v_name IN SELECT DISTINCT s COLLATE "C" FROM pg_catalog.unnest(schemas) AS s ORDER BY 1 LOOP
		-- the per-schema snapshot raises 3F000 (invalid_schema_name) for a missing schema; it deparses
		-- relative to search_path = <schema>, pg_catalog, which the multi-schema script sets per step
		v_body := @extschema@.snapshot(v_name);
		SELECT n.oid, pg_catalog.pg_get_userbyid(n.nspowner), pg_catalog.obj_description(n.oid, 'pg_namespace')
		  INTO v_nsp, v_owner, v_comment
		  FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) v_name;
		-- Cross-schema dependents: snapshot(text) lists what a view depends on in its own schema only. A view
		-- (or materialized view) of this schema on a column of another listed schema's table gets the item
		-- [columns, "schema.table", column] (pg_depend of its rewrite rule), so the diff drops and creates it
		-- around a change of that column (docs/document-format.md, "Several schemas in one document").
		v_deps := COALESCE(v_body OPERATOR(pg_catalog.->) 'dependencies', '[]');
		FOR r IN
			SELECT CASE v.relkind WHEN 'm' THEN 'materialized_views' ELSE 'views' END AS kind, v.relname::pg_catalog.text AS rel,
			       pg_catalog.jsonb_agg(DISTINCT pg_catalog.jsonb_build_array('columns',
			           pg_catalog.concat(tn.nspname, '.', t.relname), a.attname)) AS cols
			  FROM pg_catalog.pg_depend d
			  JOIN pg_catalog.pg_rewrite rw ON rw.oid OPERATOR(pg_catalog.=) d.objid
			  JOIN pg_catalog.pg_class v ON v.oid OPERATOR(pg_catalog.=) rw.ev_class
			  JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) d.refobjid
			  JOIN pg_catalog.pg_namespace tn ON tn.oid OPERATOR(pg_catalog.=) t.relnamespace
			  JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) t.oid
			   AND a.attnum OPERATOR(pg_catalog.=) d.refobjsubid
			 WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
			   AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			   AND d.refobjsubid OPERATOR(pg_catalog.>) 0
			   AND v.relnamespace OPERATOR(pg_catalog.=) v_nsp
			   AND t.relnamespace OPERATOR(pg_catalog.<>) v_nsp
			   AND tn.nspname OPERATOR(pg_catalog.=) ANY (schemas)
			   AND v.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.char[])
			 GROUP BY 1, 2 ORDER BY 1, 2
		LOOP
			SELECT e.i::pg_catalog.int4 OPERATOR(pg_catalog.-) 1 INTO v_idx
			  FROM pg_catalog.jsonb_array_elements(v_deps) WITH ORDINALITY AS e(dep, i)
			 WHERE e.dep OPERATOR(pg_catalog.->>) 'name' OPERATOR(pg_catalog.=) pg_catalog.concat(r.kind, '/', r.rel);
			IF v_idx IS NULL THEN
				v_deps := v_deps OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'name', pg_catalog.concat(r.kind, '/', r.rel), 'object', pg_catalog.jsonb_build_array(r.kind, r.rel),
					'on', r.cols));
			ELSE
				v_deps := pg_catalog.jsonb_set(v_deps, ARRAY[v_idx::pg_catalog.text, 'on'],
					COALESCE(v_deps OPERATOR(pg_catalog.->) v_idx OPERATOR(pg_catalog.->) 'on', '[]')
					OPERATOR(pg_catalog.||) r.cols);
			END IF;
		END LOOP;
		IF pg_catalog.jsonb_array_length(v_deps) OPERATOR(pg_catalog.>) 0 THEN
			v_body := pg_catalog.jsonb_set(v_body, '{dependencies}', v_deps);
		END IF;
		v_body := (v_body OPERATOR(pg_catalog.-) 'schemaops' OPERATOR(pg_catalog.-) 'dialect')
			OPERATOR(pg_catalog.||) pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('owner', v_owner,
				'comment', v_comment));
		v_bodies := v_bodies OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(v_body);
	END LOOP;
	RETURN pg_catalog.jsonb_build_object('schemaops', 1, 'dialect', 'postgres', 'schemas', v_bodies);
END
$snapshot_multi$;

COMMENT ON FUNCTION @extschema@.snapshot(pg_catalog.text[]) IS
'the multi-schema document of the given live schemas: {schemaops: 1, dialect: postgres, schemas: [{name, owner, '
'comment, tables, ...}, ...]}, one body per schema (sorted by name) as snapshot(text) writes it; a missing schema '
'raises SQLSTATE 3F000, a NULL name 22004 (docs/document-format.md, "Several schemas in one document")';
