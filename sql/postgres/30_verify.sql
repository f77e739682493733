-- Verification of a migration plan in a scratch schema (docs/verify.md): schema_diff_verify builds a copy of the
-- source schema from its document, applies the plan to the copy, snapshots the copy and diffs it against the
-- target, all inside a subtransaction that is always rolled back: nothing it creates survives the call, and it
-- takes no lock on the schemas being compared.

CREATE FUNCTION @extschema@.schema_diff_verify(from_doc pg_catalog.jsonb, to_doc pg_catalog.jsonb,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $verify$
DECLARE
	v_opts pg_catalog.jsonb := COALESCE(options, '{}');
	-- a name no user object has: the scratch schema exists only inside this call's subtransaction
	v_scratch pg_catalog.text := pg_catalog.concat('schemaops_verify_', pg_catalog.substr(pg_catalog.md5(
		pg_catalog.concat(pg_catalog.pg_backend_pid(), ' ', pg_catalog.clock_timestamp())), 1, 16));
	v_from pg_catalog.jsonb;
	v_src pg_catalog.text := pg_catalog.quote_ident(from_doc OPERATOR(pg_catalog.->>) 'name');
	v_to pg_catalog.jsonb;
	v_copy_plan pg_catalog.jsonb;
	v_copy_missing pg_catalog.jsonb;
	v_after pg_catalog.jsonb;
	v_residual pg_catalog.jsonb;
	v_error pg_catalog.jsonb;
	v_unsupported pg_catalog.jsonb := '[]';
	v_rewritten pg_catalog.jsonb := '[]';
	v_steps pg_catalog.int4 := 0;
	v_skipped pg_catalog.int4 := 0;
	v_stage pg_catalog.text;
	v_stmt pg_catalog.text;
	v_seq pg_catalog.int4;
	v_ddl pg_catalog.text;
	v_state pg_catalog.text;
	v_msg pg_catalog.text;
	ch record;
BEGIN
	IF from_doc IS NULL OR to_doc IS NULL THEN
		RETURN NULL;
	END IF;
	IF pg_catalog.jsonb_typeof(from_doc) OPERATOR(pg_catalog.<>) 'object'
	   OR pg_catalog.jsonb_typeof(to_doc) OPERATOR(pg_catalog.<>) 'object' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'schema_diff_verify: from_doc and to_doc must be schema documents (JSON objects)';
	END IF;
	IF pg_catalog.jsonb_typeof(v_opts) OPERATOR(pg_catalog.<>) 'object' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'schema_diff_verify: options must be a JSON object';
	END IF;
	-- multi-schema documents (docs/document-format.md): not verified yet, said plainly rather than failing later
	IF from_doc ? 'schemas' OR to_doc ? 'schemas' THEN
		RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
			MESSAGE = 'schema_diff_verify does not support multi-schema documents ("schemas") yet',
			HINT = 'verify each schema''s plan on its own (schema_diff_verify of the single-schema documents)';
	END IF;
	-- The same plan, re-targeted: both documents renamed to the scratch schema, so every step names the copy.
	-- schema_from_yaml checks and normalizes the documents first (a malformed document fails here, with the
	-- parser's error, before anything is created).
	v_from := pg_catalog.jsonb_set(@extschema@.schema_from_yaml(from_doc::pg_catalog.text), '{name}',
		pg_catalog.to_jsonb(v_scratch));
	v_to := pg_catalog.jsonb_set(@extschema@.schema_from_yaml(to_doc::pg_catalog.text), '{name}',
		pg_catalog.to_jsonb(v_scratch));

	BEGIN
		-- 1. the copy: an empty scratch schema brought to from_doc by a full-strategy diff
		v_stage := 'copy';
		EXECUTE pg_catalog.format('CREATE SCHEMA %I', v_scratch);
		PERFORM pg_catalog.set_config('search_path', pg_catalog.concat(pg_catalog.quote_ident(v_scratch),
			', pg_catalog'), true);
		FOR ch IN SELECT * FROM @extschema@.schema_changes(
				pg_catalog.jsonb_build_object('schemaops', 1, 'dialect', 'postgres', 'name', v_scratch,
					'tables', '[]'::pg_catalog.jsonb),
				v_from, '{"strategy":"full"}') c ORDER BY c.seq LOOP
			IF ch.action OPERATOR(pg_catalog.=) 'UNSUPPORTED' THEN
				CONTINUE; -- reported below: the copy then differs from from_doc
			END IF;
			v_seq := ch.seq;
			v_ddl := ch.ddl_up;
			EXECUTE pg_catalog.regexp_replace(ch.ddl_up, '\mCONCURRENTLY\M', '', 'g');
		END LOOP;
		-- the copy must equal from_doc, or the verification would prove nothing
		SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('action', c.action, 'object_type', c.object_type,
				'object_name', c.object_name) ORDER BY c.seq)
			INTO v_copy_missing
			FROM @extschema@.schema_changes(@extschema@.snapshot(v_scratch), v_from, '{"strategy":"full"}') c;

		-- 2. the plan, applied to the copy in order; skipped steps (strategy) are not run. CONCURRENTLY cannot run
		-- inside a transaction: such a step runs in its plain (transactional) form and is listed in "rewritten".
		v_stage := 'plan';
		IF v_copy_missing IS NULL THEN
			FOR ch IN SELECT * FROM @extschema@.schema_changes(v_from, v_to, v_opts) c ORDER BY c.seq LOOP
				IF ch.action OPERATOR(pg_catalog.=) 'UNSUPPORTED' THEN
					v_unsupported := v_unsupported OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
						'seq', ch.seq, 'object_type', ch.object_type, 'object_name', ch.object_name);
					CONTINUE;
				END IF;
				IF ch.skipped THEN
					v_skipped := v_skipped OPERATOR(pg_catalog.+) 1;
					CONTINUE;
				END IF;
				v_seq := ch.seq;
				v_ddl := ch.ddl_up;
				v_stmt := pg_catalog.regexp_replace(ch.ddl_up, '\mCONCURRENTLY\M', '', 'g');
				IF v_stmt OPERATOR(pg_catalog.<>) ch.ddl_up THEN
					v_rewritten := v_rewritten OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('seq', ch.seq,
						'object_name', ch.object_name, 'note', 'run without CONCURRENTLY');
				END IF;
				EXECUTE v_stmt;
				v_steps := v_steps OPERATOR(pg_catalog.+) 1;
			END LOOP;

			-- 3. the re-diff: what the same options would still do to the migrated copy
			v_stage := 'rediff';
			v_after := @extschema@.snapshot(v_scratch);
			SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('action', c.action,
					'object_type', c.object_type, 'object_name', c.object_name,
					'ddl_up', pg_catalog.replace(c.ddl_up, v_scratch, v_src)) ORDER BY c.seq)
				INTO v_residual
				FROM @extschema@.schema_changes(v_after, v_to, v_opts) c
				WHERE NOT c.skipped;
		END IF;
		RAISE SQLSTATE 'SOV01';
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
		IF v_state OPERATOR(pg_catalog.<>) 'SOV01' THEN
			-- reported with the source schema's name in place of the scratch one
			v_error := pg_catalog.jsonb_build_object('stage', v_stage, 'seq', v_seq,
				'statement', pg_catalog.replace(v_ddl, v_scratch, v_src), 'sqlstate', v_state,
				'message', pg_catalog.replace(v_msg, v_scratch, v_src));
		END IF;
	END;

	RETURN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
		'verified', v_error IS NULL AND v_copy_missing IS NULL AND v_residual IS NULL
			AND pg_catalog.jsonb_array_length(v_unsupported) OPERATOR(pg_catalog.=) 0,
		'steps_applied', v_steps,
		'steps_skipped', v_skipped,
		'copy_incomplete', v_copy_missing,
		'unsupported', CASE WHEN pg_catalog.jsonb_array_length(v_unsupported) OPERATOR(pg_catalog.>) 0
			THEN v_unsupported END,
		'rewritten', CASE WHEN pg_catalog.jsonb_array_length(v_rewritten) OPERATOR(pg_catalog.>) 0
			THEN v_rewritten END,
		'error', v_error,
		'residual', v_residual));
END
$verify$;

COMMENT ON FUNCTION @extschema@.schema_diff_verify(pg_catalog.jsonb, pg_catalog.jsonb, pg_catalog.jsonb) IS
'applies the plan schema_changes(from_doc, to_doc, options) to a scratch copy of from_doc inside a subtransaction '
'that is rolled back and reports {verified, steps_applied, steps_skipped, copy_incomplete, unsupported, '
'rewritten, error, residual}; NULL for a NULL document; SQLSTATE 22023 for a non-object argument';

CREATE FUNCTION @extschema@.schema_diff_verify(from_schema pg_catalog.text, to_schema pg_catalog.text,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.jsonb
LANGUAGE sql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.schema_diff_verify(@extschema@.snapshot(from_schema), @extschema@.snapshot(to_schema),
		options)
$$;

COMMENT ON FUNCTION @extschema@.schema_diff_verify(pg_catalog.text, pg_catalog.text, pg_catalog.jsonb) IS
'schema_diff_verify(snapshot(from_schema), snapshot(to_schema), options): verifies the plan between two live '
'schemas on a scratch copy; neither schema is touched or locked';
