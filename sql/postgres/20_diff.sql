-- Schema diffing: schema_diff (the script) and schema_changes (one row per change), each over two schema
-- documents (C, deterministic) and over two live schemas (SQL wrappers around snapshot()), plus
-- schema_from_yaml. NULL handling: a NULL document or schema name gives NULL (schema_diff) or no rows
-- (schema_changes); a NULL options argument means the defaults, like '{}'.

CREATE FUNCTION @extschema@.schema_diff(from_doc pg_catalog.jsonb, to_doc pg_catalog.jsonb,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_schema_diff_docs'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.schema_diff(pg_catalog.jsonb, pg_catalog.jsonb, pg_catalog.jsonb) IS
'the migration script (BEGIN ... COMMIT; online steps such as CREATE INDEX CONCURRENTLY between transaction '
'blocks) that turns the schema described by from_doc into the one described by to_doc; options: '
'{"strategy": "additive"|"full", "production": bool, "large_table_rows": int, "lock_timeout": text|null, '
'"statement_timeout": text|null, "online": bool, "phase": "all"|"expand"|"contract", "allowed_hazards": [codes], '
'"on_refused": "comment"|"error", "include": [globs]|{type: [globs]}, "exclude": ...} (docs/sql-postgres.md)';

CREATE FUNCTION @extschema@.schema_diff(from_schema pg_catalog.text, to_schema pg_catalog.text,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.text
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $diff$
DECLARE
	v_opts pg_catalog.jsonb := options;
	v_mode pg_catalog.text := 'off';
	v_from pg_catalog.jsonb;
	v_to pg_catalog.jsonb;
	v_script pg_catalog.text;
	v_result pg_catalog.jsonb;
	v_ok pg_catalog.bool;
BEGIN
	-- option "verify" (docs/verify.md, "schema_diff option verify"): off | true / "comment" | "error"; the
	-- other options go to schema_diff and schema_diff_verify unchanged (the C parser checks them)
	IF pg_catalog.jsonb_typeof(v_opts) OPERATOR(pg_catalog.=) 'object' AND v_opts ? 'verify' THEN
		v_mode := CASE v_opts OPERATOR(pg_catalog.->) 'verify'
			WHEN 'false'::pg_catalog.jsonb THEN 'off' WHEN 'null'::pg_catalog.jsonb THEN 'off'
			WHEN 'true'::pg_catalog.jsonb THEN 'comment' WHEN '"comment"'::pg_catalog.jsonb THEN 'comment'
			WHEN '"error"'::pg_catalog.jsonb THEN 'error' END;
		IF v_mode IS NULL THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = pg_catalog.format('option "verify" must be true, false, "comment" or "error", not %s',
					v_opts OPERATOR(pg_catalog.->) 'verify');
		END IF;
		v_opts := v_opts OPERATOR(pg_catalog.-) 'verify';
	END IF;
	v_from := @extschema@.snapshot(from_schema);
	v_to := @extschema@.snapshot(to_schema);
	v_script := @extschema@.schema_diff(v_from, v_to, v_opts);
	IF v_mode OPERATOR(pg_catalog.=) 'off' OR v_script IS NULL THEN
		RETURN v_script;
	END IF;
	v_result := @extschema@.schema_diff_verify(v_from, v_to, v_opts);
	v_ok := (v_result OPERATOR(pg_catalog.->>) 'verified')::pg_catalog.bool;
	IF NOT v_ok AND v_mode OPERATOR(pg_catalog.=) 'error' THEN
		RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
			MESSAGE = pg_catalog.format('schema_diff: the plan from schema %s to schema %s did not verify on a '
				'scratch copy', from_schema, to_schema),
			DETAIL = v_result::pg_catalog.text,
			HINT = 'see schemaops.schema_diff_verify() (docs/verify.md); option "verify": true writes the '
				'result into the script instead';
	END IF;
	-- one JSON line: jsonb's text form escapes line breaks, so the header stays comments
	RETURN pg_catalog.concat('-- verify: ', CASE WHEN v_ok THEN 'passed' ELSE 'FAILED' END,
		' (the plan applied to a scratch copy of ', from_schema, ' and rolled back; schema_diff_verify)', E'\n',
		'-- verify result: ', v_result::pg_catalog.text, E'\n', v_script);
END
$diff$;

COMMENT ON FUNCTION @extschema@.schema_diff(pg_catalog.text, pg_catalog.text, pg_catalog.jsonb) IS
'the migration script that turns live schema from_schema into the shape of live schema to_schema '
'(schema_diff(snapshot(from_schema), snapshot(to_schema), options)); the script only touches from_schema; '
'option "verify": true (or "comment") first runs schema_diff_verify and writes its result as a two-line comment '
'header, "error" raises SQLSTATE 55000 when the plan does not verify (docs/verify.md)';

CREATE FUNCTION @extschema@.schema_changes(from_doc pg_catalog.jsonb, to_doc pg_catalog.jsonb,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS TABLE (seq pg_catalog.int4, action pg_catalog.text, object_type pg_catalog.text,
	object_name pg_catalog.text, severity pg_catalog.text, risk pg_catalog.int4, hazards pg_catalog.text[],
	ddl_up pg_catalog.text, ddl_down pg_catalog.text, down_lossy pg_catalog.bool, skipped pg_catalog.bool,
	skip_reason pg_catalog.text, lock_level pg_catalog.text, outside_transaction pg_catalog.bool,
	phase pg_catalog.text)
AS 'MODULE_PATHNAME', 'so_pg_schema_changes_docs'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION @extschema@.schema_changes(pg_catalog.jsonb, pg_catalog.jsonb, pg_catalog.jsonb) IS
'the changes between two schema documents, one row per step in execution order (seq), with action, object, '
'severity, risk (0..100), hazards, up and down DDL, whether the down step is lossy, whether it is skipped and why '
'(strategy, hazard), the strongest lock it takes (PostgreSQL lock mode name), whether it runs outside a '
'transaction block and its phase (expand, contract)';

CREATE FUNCTION @extschema@.schema_changes(from_schema pg_catalog.text, to_schema pg_catalog.text,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS TABLE (seq pg_catalog.int4, action pg_catalog.text, object_type pg_catalog.text,
	object_name pg_catalog.text, severity pg_catalog.text, risk pg_catalog.int4, hazards pg_catalog.text[],
	ddl_up pg_catalog.text, ddl_down pg_catalog.text, down_lossy pg_catalog.bool, skipped pg_catalog.bool,
	skip_reason pg_catalog.text, lock_level pg_catalog.text, outside_transaction pg_catalog.bool,
	phase pg_catalog.text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL UNSAFE ROWS 20
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT * FROM @extschema@.schema_changes(@extschema@.snapshot(from_schema),
		@extschema@.snapshot(to_schema), options)
$$;

COMMENT ON FUNCTION @extschema@.schema_changes(pg_catalog.text, pg_catalog.text, pg_catalog.jsonb) IS
'the changes between live schemas from_schema and to_schema '
'(schema_changes(snapshot(from_schema), snapshot(to_schema), options))';

CREATE FUNCTION @extschema@.schema_from_yaml(doc pg_catalog.text)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'so_pg_schema_from_yaml'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.schema_from_yaml(pg_catalog.text) IS
'a schema document written in YAML or JSON, checked against the format, normalized and returned as canonical '
'jsonb (usable as from_doc / to_doc of schema_diff and schema_changes)';
