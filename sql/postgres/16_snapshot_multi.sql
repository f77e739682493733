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
		SELECT pg_catalog.pg_get_userbyid(n.nspowner), pg_catalog.obj_description(n.oid, 'pg_namespace')
		  INTO v_owner, v_comment
		  FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) v_name;
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
