-- Row-level security: fail-closed tenant policies generated (rls_policy_ddl), applied (rls_enable,
-- rls_apply_spec) and audited (rls_audit); the hardened tenant context (rls_set_tenant_token, rls_tenant).
-- Reference: docs/rls.md; PostgreSQL 15 manual, 5.8 "Row Security Policies" and CREATE POLICY.

-- ---------------------------------------------------------------------------------------------------------
-- hardened mode: C functions (pg_extension/src/rls.c)

CREATE FUNCTION @extschema@.rls_set_tenant_token(token pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_rls_set_tenant_token'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.rls_set_tenant_token(pg_catalog.text) IS
'verifies a signed tenant token (v1.<tenant-hex>.<expiry>.<hmac-sha256-hex>, secret schemaops.tenant_secret) and makes its tenant the session''s tenant context, read by rls_tenant(); returns the tenant. Any error clears the context';

CREATE FUNCTION @extschema@.rls_tenant()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_rls_tenant'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION @extschema@.rls_tenant() IS
'the tenant set by rls_set_tenant_token(), or NULL (none, expired, or reset by RESET ALL / DISCARD ALL / rollback); hardened policies read it once per query';

CREATE FUNCTION @extschema@.rls_clear_tenant()
RETURNS void
AS 'MODULE_PATHNAME', 'so_pg_rls_clear_tenant'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.rls_clear_tenant() IS 'forgets the session''s tenant context';

CREATE FUNCTION @extschema@.rls_tenant_token(tenant pg_catalog.text, expires_at pg_catalog.timestamptz)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_rls_tenant_token'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

REVOKE ALL ON FUNCTION @extschema@.rls_tenant_token(pg_catalog.text, pg_catalog.timestamptz) FROM PUBLIC;

COMMENT ON FUNCTION @extschema@.rls_tenant_token(pg_catalog.text, pg_catalog.timestamptz) IS
'a tenant token signed with schemaops.tenant_secret, valid until expires_at (EXECUTE revoked from PUBLIC: whoever may call it can act as any tenant)';

-- ---------------------------------------------------------------------------------------------------------
-- C helpers (pg_extension/src/rls_audit.c)

CREATE FUNCTION @extschema@.rls_expr_facts(expr pg_catalog.pg_node_tree,
	tenant_fn pg_catalog.regprocedure DEFAULT NULL)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'so_pg_rls_expr_facts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.rls_expr_facts(pg_catalog.pg_node_tree, pg_catalog.regprocedure) IS
'facts about a policy expression (pg_policy.polqual/polwithcheck): constant_true, reads_tenant, per_row, setting_without_missing_ok, setting_without_empty_guard';

CREATE FUNCTION @extschema@.rls_spec_parse(doc pg_catalog.text)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'so_pg_rls_spec_parse'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.rls_spec_parse(pg_catalog.text) IS
'a YAML or JSON text read with the core''s libyaml reader, as jsonb (the input of rls_apply_spec)';

-- ---------------------------------------------------------------------------------------------------------
-- generation

-- rls_policy_statements(table, tenant_column, options) -> text[]: the statements of rls_policy_ddl, one per
-- element, in the order they must run. Options (jsonb object; an unknown key is an error, so a typo cannot
-- silently weaken a policy):
--   setting        name of the setting holding the tenant (default "app.tenant"; a custom setting: a.b)
--   roles          role name or array of role names the tenant policies apply to (default PUBLIC)
--   bypass_role    a role that gets its own policy USING (true) WITH CHECK (true): sees and writes every tenant
--   as             "permissive" (default) or "restrictive" (ANDed with the table's other permissive policies)
--   hardened       true: read the tenant from schemaops.rls_tenant() (signed tokens) instead of the setting
--   policy_prefix  prefix of the policy names (default "so_tenant"): <prefix>_select/_insert/_update/_delete/_bypass
-- Errors: 42809 not a table; 42703 no such column; 22023 bad option; 42704 no such role.
CREATE FUNCTION @extschema@.rls_policy_statements(tbl pg_catalog.regclass, tenant_column pg_catalog.name,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $rls_stmts$
DECLARE
	v_opts jsonb := coalesce(options, '{}'::jsonb);
	v_key text;
	v_rel text;
	v_kind "char";
	v_type text;
	v_setting text := 'app.tenant';
	v_roles text[] := '{}';
	v_roles_sql text := 'PUBLIC';
	v_bypass text;
	v_as text := 'PERMISSIVE';
	v_hardened boolean := false;
	v_prefix text := 'so_tenant';
	v_col text;
	v_tenant text;
	v_cmp text;
	v_r text;
	v_out text[] := '{}';
	v_cmd text;
BEGIN
	IF tbl IS NULL OR tenant_column IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'table and tenant_column must not be NULL';
	END IF;
	IF jsonb_typeof(v_opts) <> 'object' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'RLS options must be a JSON object';
	END IF;
	FOR v_key IN SELECT jsonb_object_keys(v_opts) LOOP
		IF v_key NOT IN ('setting', 'roles', 'bypass_role', 'as', 'hardened', 'policy_prefix') THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('unknown RLS option "%s"', v_key),
				HINT = 'The options are setting, roles, bypass_role, as, hardened, policy_prefix.';
		END IF;
	END LOOP;

	SELECT format('%I.%I', n.nspname, c.relname), c.relkind INTO v_rel, v_kind
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
	IF v_kind IS NULL OR v_kind NOT IN ('r', 'p') THEN
		RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
			MESSAGE = format('"%s" is not a table', tbl::text),
			HINT = 'Row-level security applies to ordinary and partitioned tables.';
	END IF;
	-- the type without its modifier: a cast to varchar(n) would truncate the setting and match another tenant
	SELECT format_type(a.atttypid, NULL) INTO v_type
	FROM pg_attribute a
	WHERE a.attrelid = tbl AND a.attname = tenant_column AND a.attnum > 0 AND NOT a.attisdropped;
	IF v_type IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'undefined_column',
			MESSAGE = format('column "%s" of relation "%s" does not exist', tenant_column, tbl::text);
	END IF;

	IF v_opts ? 'setting' THEN
		IF jsonb_typeof(v_opts->'setting') <> 'string'
		   OR (v_opts->>'setting') !~ '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('RLS option "setting" must be a custom setting name such as "app.tenant", not %s',
					v_opts->'setting');
		END IF;
		v_setting := v_opts->>'setting';
	END IF;
	IF v_opts ? 'roles' THEN
		IF jsonb_typeof(v_opts->'roles') = 'string' THEN
			v_roles := ARRAY[v_opts->>'roles'];
		ELSIF jsonb_typeof(v_opts->'roles') = 'array'
		      AND NOT EXISTS (SELECT FROM jsonb_array_elements(v_opts->'roles') e WHERE jsonb_typeof(e) <> 'string') THEN
			SELECT coalesce(array_agg(e ORDER BY o), '{}') INTO v_roles
			FROM jsonb_array_elements_text(v_opts->'roles') WITH ORDINALITY AS t(e, o);
		ELSE
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS option "roles" must be a role name or an array of role names';
		END IF;
		IF cardinality(v_roles) = 0 THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS option "roles" must not be empty (leave it out for PUBLIC)';
		END IF;
		v_roles_sql := '';
		FOREACH v_r IN ARRAY v_roles LOOP
			IF lower(v_r) = 'public' THEN
				v_roles_sql := v_roles_sql || CASE WHEN v_roles_sql = '' THEN '' ELSE ', ' END || 'PUBLIC';
				CONTINUE;
			END IF;
			IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = v_r) THEN
				RAISE EXCEPTION USING ERRCODE = 'undefined_object', MESSAGE = format('role "%s" does not exist', v_r);
			END IF;
			v_roles_sql := v_roles_sql || CASE WHEN v_roles_sql = '' THEN '' ELSE ', ' END || quote_ident(v_r);
		END LOOP;
	END IF;
	IF v_opts ? 'bypass_role' AND jsonb_typeof(v_opts->'bypass_role') <> 'null' THEN
		IF jsonb_typeof(v_opts->'bypass_role') <> 'string' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS option "bypass_role" must be a role name';
		END IF;
		v_bypass := v_opts->>'bypass_role';
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = v_bypass) THEN
			RAISE EXCEPTION USING ERRCODE = 'undefined_object', MESSAGE = format('role "%s" does not exist', v_bypass);
		END IF;
	END IF;
	IF v_opts ? 'as' THEN
		IF jsonb_typeof(v_opts->'as') <> 'string' OR lower(v_opts->>'as') NOT IN ('permissive', 'restrictive') THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS option "as" must be "permissive" or "restrictive"';
		END IF;
		v_as := upper(v_opts->>'as');
	END IF;
	IF v_opts ? 'hardened' THEN
		IF jsonb_typeof(v_opts->'hardened') <> 'boolean' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS option "hardened" must be true or false';
		END IF;
		v_hardened := (v_opts->>'hardened')::boolean;
		IF v_hardened AND v_opts ? 'setting' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS options "hardened" and "setting" exclude each other',
				HINT = 'Hardened policies read the tenant from schemaops.rls_tenant(), never from a setting.';
		END IF;
	END IF;
	IF v_opts ? 'policy_prefix' THEN
		IF jsonb_typeof(v_opts->'policy_prefix') <> 'string'
		   OR (v_opts->>'policy_prefix') !~ '^[a-z_][a-z0-9_]{0,40}$' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = 'RLS option "policy_prefix" must be a lower-case identifier of at most 41 characters';
		END IF;
		v_prefix := v_opts->>'policy_prefix';
	END IF;
	IF v_as = 'RESTRICTIVE' AND v_bypass IS NOT NULL AND (v_roles_sql ~ '(^|, )PUBLIC(,|$)' OR v_bypass = ANY (v_roles)) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'restrictive tenant policies for PUBLIC (or for the bypass role) would restrict the bypass role too',
			HINT = 'Name the application roles in "roles", without the bypass role.';
	END IF;

	v_col := quote_ident(tenant_column);
	-- computed once per query: a sub-select the planner turns into an initplan (not once per row);
	-- unset (NULL) and empty ('') both give NULL, which equals nothing: fail-closed
	IF v_hardened THEN
		v_tenant := format('(SELECT @extschema@.rls_tenant()::%s)', v_type);
	ELSE
		v_tenant := format('(SELECT NULLIF(pg_catalog.current_setting(%L, true), '''')::%s)', v_setting, v_type);
	END IF;
	v_cmp := format('%s = %s', v_col, v_tenant);

	v_out := v_out || format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_rel)
		|| format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_rel);
	IF v_hardened THEN
		v_out := v_out || format('GRANT USAGE ON SCHEMA @extschema@ TO %s', v_roles_sql);
	END IF;
	FOREACH v_cmd IN ARRAY ARRAY['select', 'insert', 'update', 'delete', 'bypass'] LOOP
		v_out := v_out || format('DROP POLICY IF EXISTS %I ON %s', v_prefix || '_' || v_cmd, v_rel);
	END LOOP;
	v_out := v_out
		|| format('CREATE POLICY %I ON %s AS %s FOR SELECT TO %s USING (%s)',
			v_prefix || '_select', v_rel, v_as, v_roles_sql, v_cmp)
		|| format('CREATE POLICY %I ON %s AS %s FOR INSERT TO %s WITH CHECK (%s)',
			v_prefix || '_insert', v_rel, v_as, v_roles_sql, v_cmp)
		|| format('CREATE POLICY %I ON %s AS %s FOR UPDATE TO %s USING (%s) WITH CHECK (%s)',
			v_prefix || '_update', v_rel, v_as, v_roles_sql, v_cmp, v_cmp)
		|| format('CREATE POLICY %I ON %s AS %s FOR DELETE TO %s USING (%s)',
			v_prefix || '_delete', v_rel, v_as, v_roles_sql, v_cmp);
	IF v_bypass IS NOT NULL THEN
		v_out := v_out || format('CREATE POLICY %I ON %s AS PERMISSIVE FOR ALL TO %I USING (true) WITH CHECK (true)',
			v_prefix || '_bypass', v_rel, v_bypass);
	END IF;
	RETURN v_out;
END
$rls_stmts$;

COMMENT ON FUNCTION @extschema@.rls_policy_statements(pg_catalog.regclass, pg_catalog.name, pg_catalog.jsonb) IS
'the statements of rls_policy_ddl() as an array, in execution order';

-- rls_policy_ddl(table, tenant_column, options) -> text: the DDL (one statement per line, each ending in ";")
-- that isolates tenants on the table: ENABLE and FORCE ROW LEVEL SECURITY, then one policy per command:
-- SELECT and DELETE with USING, INSERT with WITH CHECK, UPDATE with both (a row cannot be moved to another
-- tenant). DROP POLICY IF EXISTS of schemaops' own policy names first, so running it again is harmless.
-- Options and errors: rls_policy_statements().
CREATE FUNCTION @extschema@.rls_policy_ddl(tbl pg_catalog.regclass, tenant_column pg_catalog.name,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.string_agg(s OPERATOR(pg_catalog.||) ';', E'\n' ORDER BY o)
	FROM pg_catalog.unnest(@extschema@.rls_policy_statements(tbl, tenant_column, options)) WITH ORDINALITY AS t(s, o)
$$;

COMMENT ON FUNCTION @extschema@.rls_policy_ddl(pg_catalog.regclass, pg_catalog.name, pg_catalog.jsonb) IS
'DDL for fail-closed tenant isolation of a table: ENABLE + FORCE ROW LEVEL SECURITY and one policy per command; options: setting, roles, bypass_role, as, hardened, policy_prefix';

-- rls_enable(table, tenant_column, options) -> text: runs rls_policy_ddl()'s statements (idempotent: only
-- schemaops' own policy names are dropped and recreated) and returns them. Needs the table's ownership.
CREATE FUNCTION @extschema@.rls_enable(tbl pg_catalog.regclass, tenant_column pg_catalog.name,
	options pg_catalog.jsonb DEFAULT '{}')
RETURNS pg_catalog.text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $rls_enable$
DECLARE
	v_stmts text[] := @extschema@.rls_policy_statements(tbl, tenant_column, options);
	v_s text;
BEGIN
	FOREACH v_s IN ARRAY v_stmts LOOP
		EXECUTE v_s;
	END LOOP;
	RETURN array_to_string(ARRAY(SELECT s || ';' FROM unnest(v_stmts) s), E'\n');
END
$rls_enable$;

COMMENT ON FUNCTION @extschema@.rls_enable(pg_catalog.regclass, pg_catalog.name, pg_catalog.jsonb) IS
'applies rls_policy_ddl() to the table (idempotent) and returns the DDL it ran';

-- rls_apply_spec(doc text) -> SETOF (relation, tenant_column, action, ddl): applies tenant policies to many
-- tables from a YAML or JSON spec (docs/rls.md, "Specs"):
--   dry_run: false            # true: return the DDL, change nothing
--   options: {setting: app.org_id}          # defaults for every rule (rls_policy_ddl options)
--   rules:
--     - {schema: app, column: org_id, except: [audit_log], options: {roles: [app_user]}}   # every table with the column
--     - {table: public.threads, column: territory, options: {setting: app.territory}}
-- A rule's options are merged over the defaults. action is 'enabled' or 'planned' (dry run). A table matched
-- by two rules is an error. Errors: 22023 bad spec, 3F000 no such schema, 42P01 no such table, and those of
-- rls_policy_ddl().
-- (rls_apply_spec_in does the work; the wrapper hands it the caller's search_path for table names.)
CREATE FUNCTION @extschema@.rls_apply_spec_in(doc pg_catalog.text, caller_search_path pg_catalog.text)
RETURNS TABLE (relation pg_catalog.text, tenant_column pg_catalog.name, action pg_catalog.text, ddl pg_catalog.text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $rls_spec$
DECLARE
	v_spec jsonb := @extschema@.rls_spec_parse(doc);
	v_dry boolean := false;
	v_defaults jsonb := '{}';
	v_rule jsonb;
	v_n integer := 0;
	v_key text;
	v_col name;
	v_opts jsonb;
	v_rel regclass;
	v_except text[];
	v_seen regclass[] := '{}';
	v_targets regclass[];
	v_t regclass;
BEGIN
	IF v_spec IS NULL OR jsonb_typeof(v_spec) <> 'object' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'the RLS spec must be a mapping';
	END IF;
	FOR v_key IN SELECT jsonb_object_keys(v_spec) LOOP
		IF v_key NOT IN ('dry_run', 'options', 'rules') THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('unknown key "%s" in the RLS spec', v_key),
				HINT = 'The keys are dry_run, options, rules.';
		END IF;
	END LOOP;
	IF v_spec ? 'dry_run' THEN
		IF jsonb_typeof(v_spec->'dry_run') <> 'boolean' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'dry_run must be true or false';
		END IF;
		v_dry := (v_spec->>'dry_run')::boolean;
	END IF;
	IF v_spec ? 'options' THEN
		IF jsonb_typeof(v_spec->'options') <> 'object' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'options must be a mapping';
		END IF;
		v_defaults := v_spec->'options';
	END IF;
	IF jsonb_typeof(v_spec->'rules') IS DISTINCT FROM 'array' OR jsonb_array_length(v_spec->'rules') = 0 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'the RLS spec needs a non-empty list "rules"';
	END IF;

	FOR v_rule IN SELECT e FROM jsonb_array_elements(v_spec->'rules') e LOOP
		v_n := v_n + 1;
		IF jsonb_typeof(v_rule) <> 'object' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = format('rule %s is not a mapping', v_n);
		END IF;
		FOR v_key IN SELECT jsonb_object_keys(v_rule) LOOP
			IF v_key NOT IN ('schema', 'table', 'column', 'except', 'options') THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('unknown key "%s" in rule %s', v_key, v_n),
					HINT = 'A rule has schema or table, column, and optionally except and options.';
			END IF;
		END LOOP;
		IF (v_rule ? 'schema') = (v_rule ? 'table') THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('rule %s must name either a schema or a table', v_n);
		END IF;
		IF jsonb_typeof(v_rule->'column') IS DISTINCT FROM 'string' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('rule %s needs "column", the tenant column', v_n);
		END IF;
		v_col := v_rule->>'column';
		v_opts := v_defaults;
		IF v_rule ? 'options' THEN
			IF jsonb_typeof(v_rule->'options') <> 'object' THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('options of rule %s must be a mapping', v_n);
			END IF;
			v_opts := v_opts || (v_rule->'options');
		END IF;

		IF v_rule ? 'table' THEN
			IF jsonb_typeof(v_rule->'table') <> 'string' OR v_rule ? 'except' THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('rule %s: "table" must be a (schema-qualified) table name, without "except"', v_n);
			END IF;
			-- resolved with the caller's search_path, as a regclass literal would be (function-local settings)
			PERFORM set_config('search_path', caller_search_path, true);
			v_rel := to_regclass(v_rule->>'table');
			PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
			IF v_rel IS NULL THEN
				RAISE EXCEPTION USING ERRCODE = 'undefined_table',
					MESSAGE = format('rule %s: table "%s" does not exist', v_n, v_rule->>'table');
			END IF;
			v_targets := ARRAY[v_rel];
		ELSE
			IF jsonb_typeof(v_rule->'schema') <> 'string' THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('rule %s: "schema" must be a schema name', v_n);
			END IF;
			IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = v_rule->>'schema') THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_schema_name',
					MESSAGE = format('rule %s: schema "%s" does not exist', v_n, v_rule->>'schema');
			END IF;
			v_except := '{}';
			IF v_rule ? 'except' THEN
				IF jsonb_typeof(v_rule->'except') <> 'array'
				   OR EXISTS (SELECT FROM jsonb_array_elements(v_rule->'except') e WHERE jsonb_typeof(e) <> 'string') THEN
					RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
						MESSAGE = format('rule %s: "except" must be a list of table names', v_n);
				END IF;
				SELECT array_agg(e) INTO v_except FROM jsonb_array_elements_text(v_rule->'except') e;
			END IF;
			SELECT coalesce(array_agg(c.oid::regclass ORDER BY c.relname), '{}') INTO v_targets
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = v_rule->>'schema' AND c.relkind IN ('r', 'p')
			  AND c.relname <> ALL (v_except)
			  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = v_col
				AND a.attnum > 0 AND NOT a.attisdropped)
			  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
				AND d.objid = c.oid AND d.deptype = 'e');
		END IF;

		FOREACH v_t IN ARRAY v_targets LOOP
			IF v_t = ANY (v_seen) THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('table %s is matched by more than one rule (rule %s)', v_t::text, v_n);
			END IF;
			v_seen := v_seen || v_t;
			SELECT format('%I.%I', n.nspname, c.relname) INTO relation
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = v_t;
			tenant_column := v_col;
			IF v_dry THEN
				action := 'planned';
				ddl := @extschema@.rls_policy_ddl(v_t, v_col, v_opts);
			ELSE
				action := 'enabled';
				ddl := @extschema@.rls_enable(v_t, v_col, v_opts);
			END IF;
			RETURN NEXT;
		END LOOP;
	END LOOP;
END
$rls_spec$;

CREATE FUNCTION @extschema@.rls_apply_spec(doc pg_catalog.text)
RETURNS TABLE (relation pg_catalog.text, tenant_column pg_catalog.name, action pg_catalog.text, ddl pg_catalog.text)
LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$
	SELECT * FROM @extschema@.rls_apply_spec_in(doc, pg_catalog.current_setting('search_path'))
$$;

COMMENT ON FUNCTION @extschema@.rls_apply_spec(pg_catalog.text) IS
'applies tenant policies to many tables from a YAML/JSON spec (rules by schema + column or by table); returns one row per table';

-- ---------------------------------------------------------------------------------------------------------
-- audit

-- rls_rewrite_setting_reads(expr text) -> text: a deparsed policy expression with every current_setting(x),
-- current_setting(x, b) and NULLIF(current_setting(...), '') read turned into the once-per-query, fail-closed
-- form ( SELECT NULLIF(current_setting(x, true), '')); the fix DDL of rls_audit() uses it.
CREATE FUNCTION @extschema@.rls_rewrite_setting_reads(expr pg_catalog.text)
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT pg_catalog.regexp_replace(
		pg_catalog.regexp_replace(
		pg_catalog.regexp_replace(
		pg_catalog.regexp_replace(expr,
			$re$\( SELECT NULLIF\(current_setting\(('(?:[^']|'')*'::text), true\), ''::text\) AS "?nullif"?\)$re$,
			E'\x01\\1\x02', 'g'),
			$re$NULLIF\(current_setting\(('(?:[^']|'')*'::text)(?:, (?:true|false))?\), ''::text\)$re$,
			E'\x01\\1\x02', 'g'),
			$re$current_setting\(('(?:[^']|'')*'::text)(?:, (?:true|false))?\)$re$,
			E'\x01\\1\x02', 'g'),
		E'\x01([^\x02]*)\x02', $r$( SELECT NULLIF(current_setting(\1, true), ''::text))$r$, 'g')
$$;

-- rls_audit(schema text DEFAULT NULL, options jsonb DEFAULT '{}') -> SETOF (code, severity, object, message,
-- fix_ddl, reference): one row per finding in the schema (NULL: every schema but the system's and
-- schemaops'), ordered by object and code. Codes are stable; severity is error (rows can leak or RLS is not in
-- force), warning (fragile or slow), info. Options:
--   tenant_columns     column names that mark a tenant table (default tenant_id, tenant, org_id,
--                      organization_id, territory)
--   application_roles  the roles the application connects as (default: roles with LOGIN that were granted
--                      SELECT/INSERT/UPDATE/DELETE on the table and do not own it)
--   setting            the setting used in fix DDL (default app.tenant)
-- Codes (splinter = Supabase's database linter, github.com/supabase/splinter, where the rule is the same):
--   tenant_table_without_rls     error    a table with a tenant column and RLS off (splinter 0013 rls_disabled_in_public, for any schema)
--   policy_exists_rls_disabled   error    policies exist but RLS is off (splinter 0007 policy_exists_rls_disabled)
--   rls_enabled_no_policy        info     RLS on, no policy: every row hidden from non-owners (splinter 0008 rls_enabled_no_policy)
--   rls_not_forced               warning  RLS on but not forced: the owner bypasses it
--   permissive_true              error    a permissive policy USING (true) / WITH CHECK (true) for PUBLIC (warning for named roles)
--   setting_without_missing_ok   warning  current_setting(x) without missing_ok = true: raises when unset
--   setting_without_empty_guard  warning  current_setting() not inside NULLIF(..., ''): an empty setting matches rows whose tenant is ''
--   per_row_setting_call         warning  a setting read evaluated per row, not once per query (splinter 0003 auth_rls_initplan)
--   missing_with_check           error    INSERT policy without WITH CHECK; warning for UPDATE/ALL (USING is reused implicitly)
--   multiple_permissive_policies warning  several permissive policies for one role and command (splinter 0006 multiple_permissive_policies)
--   owner_is_application_role    error    the table owner is an application role (warning: owner can log in, no roles given)
--   bypassrls_application_role   error    an application role has BYPASSRLS or is superuser: policies never apply to it
--   view_bypasses_rls            error    a view (without security_invoker) or materialized view over an RLS table, owned by
--                                         a superuser, a BYPASSRLS role or the owner of an unforced table
--   secret_readable_by_application_role error  hardened policies, and an application role can read schemaops.tenant_secret
--                                         (privileges of pg_read_all_settings)
CREATE FUNCTION @extschema@.rls_audit(schema pg_catalog.text DEFAULT NULL, options pg_catalog.jsonb DEFAULT '{}')
RETURNS TABLE (code pg_catalog.text, severity pg_catalog.text, object pg_catalog.text, message pg_catalog.text,
	fix_ddl pg_catalog.text, reference pg_catalog.text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $rls_audit$
DECLARE
	v_opts jsonb := coalesce(options, '{}'::jsonb);
	v_key text;
	v_cols text[] := '{tenant_id,tenant,org_id,organization_id,territory}';
	v_app text[];
	v_setting text := 'app.tenant';
	v_tenant_fn regprocedure := '@extschema@.rls_tenant()'::regprocedure;
BEGIN
	IF jsonb_typeof(v_opts) <> 'object' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'audit options must be a JSON object';
	END IF;
	FOR v_key IN SELECT jsonb_object_keys(v_opts) LOOP
		IF v_key NOT IN ('tenant_columns', 'application_roles', 'setting') THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('unknown audit option "%s"', v_key),
				HINT = 'The options are tenant_columns, application_roles, setting.';
		END IF;
	END LOOP;
	IF v_opts ? 'tenant_columns' THEN
		IF jsonb_typeof(v_opts->'tenant_columns') <> 'array' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'tenant_columns must be an array of names';
		END IF;
		SELECT coalesce(array_agg(e), '{}') INTO v_cols FROM jsonb_array_elements_text(v_opts->'tenant_columns') e;
	END IF;
	IF v_opts ? 'application_roles' THEN
		IF jsonb_typeof(v_opts->'application_roles') <> 'array' THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'application_roles must be an array of names';
		END IF;
		SELECT coalesce(array_agg(e), '{}') INTO v_app FROM jsonb_array_elements_text(v_opts->'application_roles') e;
	END IF;
	IF v_opts ? 'setting' THEN
		v_setting := v_opts->>'setting';
	END IF;
	IF schema IS NOT NULL AND NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = schema) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_schema_name', MESSAGE = format('schema "%s" does not exist', schema);
	END IF;

	RETURN QUERY
	WITH tbl AS (
		SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS name, c.relrowsecurity AS rls,
		       c.relforcerowsecurity AS forced, c.relowner, c.relacl,
		       (SELECT a.attname FROM pg_attribute a
		        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname::text = ANY (v_cols)
		        ORDER BY array_position(v_cols, a.attname::text) LIMIT 1) AS tenant_col
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p')
		  AND (CASE WHEN schema IS NULL
		       THEN n.nspname NOT IN ('pg_catalog', 'information_schema', '@extschema@')
		            AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
		       ELSE n.nspname = schema END)
		  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
			AND d.objid = c.oid AND d.deptype = 'e')
	),
	pol AS (
		SELECT t.oid AS rel, t.name AS tname, t.tenant_col, p.polname, p.polcmd, p.polpermissive, p.polroles,
		       format('policy %I on %s', p.polname, t.name) AS obj,
		       pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS wcheck,
		       coalesce(@extschema@.rls_expr_facts(p.polqual, v_tenant_fn), '{}')
		         || coalesce(@extschema@.rls_expr_facts(p.polwithcheck, v_tenant_fn), '{}') AS facts,
		       @extschema@.rls_expr_facts(p.polqual, v_tenant_fn) AS qfacts,
		       @extschema@.rls_expr_facts(p.polwithcheck, v_tenant_fn) AS wfacts,
		       0::oid = ANY (p.polroles) AS for_public
		FROM tbl t JOIN pg_policy p ON p.polrelid = t.oid
	),
	-- the application roles of each table: given, or login roles granted DML on it that do not own it
	app AS (
		SELECT t.oid AS rel, r.oid AS roleid, r.rolname, r.rolsuper, r.rolbypassrls
		FROM tbl t JOIN pg_roles r ON (
			CASE WHEN v_app IS NOT NULL THEN r.rolname = ANY (v_app)
			ELSE r.rolcanlogin AND r.oid <> t.relowner AND EXISTS (
				SELECT FROM aclexplode(t.relacl) x
				WHERE x.grantee = r.oid AND x.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE'))
			END)
	),
	findings AS (
		-- tenant table, RLS off
		SELECT 'tenant_table_without_rls' AS code, 'error' AS severity, 'table ' || t.name AS object,
		       format('table %s has tenant column %I but row-level security is disabled: every role with a grant reads every tenant',
		              t.name, t.tenant_col) AS message,
		       @extschema@.rls_policy_ddl(t.oid, t.tenant_col, jsonb_build_object('setting', v_setting)) AS fix_ddl,
		       'splinter 0013 rls_disabled_in_public (same rule, any schema)' AS reference
		FROM tbl t WHERE t.tenant_col IS NOT NULL AND NOT t.rls
		  AND NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = t.oid)
		UNION ALL
		SELECT 'policy_exists_rls_disabled', 'error', 'table ' || t.name,
		       format('table %s has policies but row-level security is disabled: the policies are not applied', t.name),
		       format(E'ALTER TABLE %s ENABLE ROW LEVEL SECURITY;\nALTER TABLE %s FORCE ROW LEVEL SECURITY;', t.name, t.name),
		       'splinter 0007 policy_exists_rls_disabled'
		FROM tbl t WHERE NOT t.rls AND EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = t.oid)
		UNION ALL
		SELECT 'rls_enabled_no_policy', 'info', 'table ' || t.name,
		       format('table %s has row-level security enabled but no policy: non-owners see and change no rows', t.name),
		       CASE WHEN t.tenant_col IS NOT NULL
		            THEN @extschema@.rls_policy_ddl(t.oid, t.tenant_col, jsonb_build_object('setting', v_setting)) END,
		       'splinter 0008 rls_enabled_no_policy'
		FROM tbl t WHERE t.rls AND NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = t.oid)
		UNION ALL
		SELECT 'rls_not_forced', 'warning', 'table ' || t.name,
		       format('table %s has row-level security enabled but not forced: its owner %I bypasses every policy',
		              t.name, pg_get_userbyid(t.relowner)),
		       format('ALTER TABLE %s FORCE ROW LEVEL SECURITY;', t.name),
		       NULL
		FROM tbl t WHERE t.rls AND NOT t.forced
		UNION ALL
		SELECT 'permissive_true', CASE WHEN p.for_public THEN 'error' ELSE 'warning' END, p.obj,
		       format('permissive policy %I on %s is %s for %s: it lets %s',
		              p.polname, p.tname,
		              concat_ws(' and ', CASE WHEN 'constant_true' = ANY (p.qfacts) THEN 'USING (true)' END,
		                        CASE WHEN 'constant_true' = ANY (p.wfacts) THEN 'WITH CHECK (true)' END),
		              CASE WHEN p.for_public THEN 'PUBLIC' ELSE 'named roles' END,
		              CASE WHEN p.for_public THEN 'every role read or write every tenant''s rows'
		                   ELSE 'those roles read or write every tenant''s rows (intended for a bypass role only)' END),
		       format('DROP POLICY %I ON %s;', p.polname, p.tname),
		       NULL
		FROM pol p WHERE p.polpermissive AND ('constant_true' = ANY (p.qfacts) OR 'constant_true' = ANY (p.wfacts))
		UNION ALL
		SELECT 'setting_without_missing_ok', 'warning', p.obj,
		       format('policy %I on %s calls current_setting() without missing_ok = true: queries fail with an error while the setting is unset',
		              p.polname, p.tname),
		       format('ALTER POLICY %I ON %s%s%s;', p.polname, p.tname,
		              ' USING (' || @extschema@.rls_rewrite_setting_reads(p.qual) || ')',
		              ' WITH CHECK (' || @extschema@.rls_rewrite_setting_reads(p.wcheck) || ')'),
		       NULL
		FROM pol p WHERE 'setting_without_missing_ok' = ANY (p.facts)
		UNION ALL
		SELECT 'setting_without_empty_guard', 'warning', p.obj,
		       format('policy %I on %s compares with current_setting() without NULLIF(..., ''''): an empty setting (also what RESET leaves) matches rows whose tenant is empty instead of none',
		              p.polname, p.tname),
		       format('ALTER POLICY %I ON %s%s%s;', p.polname, p.tname,
		              ' USING (' || @extschema@.rls_rewrite_setting_reads(p.qual) || ')',
		              ' WITH CHECK (' || @extschema@.rls_rewrite_setting_reads(p.wcheck) || ')'),
		       NULL
		FROM pol p WHERE 'setting_without_empty_guard' = ANY (p.facts)
		UNION ALL
		SELECT 'per_row_setting_call', 'warning', p.obj,
		       format('policy %I on %s reads the tenant setting once per row: wrap the call in a sub-select, ( SELECT ... ), so it becomes an initplan evaluated once per query',
		              p.polname, p.tname),
		       format('ALTER POLICY %I ON %s%s%s;', p.polname, p.tname,
		              ' USING (' || @extschema@.rls_rewrite_setting_reads(p.qual) || ')',
		              ' WITH CHECK (' || @extschema@.rls_rewrite_setting_reads(p.wcheck) || ')'),
		       'splinter 0003 auth_rls_initplan'
		FROM pol p WHERE 'per_row' = ANY (p.facts)
		UNION ALL
		SELECT 'missing_with_check', CASE WHEN p.polcmd = 'a' THEN 'error' ELSE 'warning' END, p.obj,
		       CASE WHEN p.polcmd = 'a'
		            THEN format('INSERT policy %I on %s has no WITH CHECK: it does not constrain the tenant of new rows',
		                        p.polname, p.tname)
		            ELSE format('%s policy %I on %s has no WITH CHECK: PostgreSQL reuses USING for new rows; state it, so a later change of USING cannot open writes to other tenants',
		                        CASE p.polcmd WHEN 'w' THEN 'UPDATE' ELSE 'ALL' END, p.polname, p.tname) END,
		       CASE WHEN p.qual IS NOT NULL
		            THEN format('ALTER POLICY %I ON %s WITH CHECK (%s);', p.polname, p.tname,
		                        CASE WHEN p.qfacts && '{per_row,setting_without_missing_ok,setting_without_empty_guard}'::text[]
		                             THEN @extschema@.rls_rewrite_setting_reads(p.qual) ELSE p.qual END)
		            WHEN p.tenant_col IS NOT NULL
		            THEN format('ALTER POLICY %I ON %s WITH CHECK (%I = (SELECT NULLIF(pg_catalog.current_setting(%L, true), '''')));',
		                        p.polname, p.tname, p.tenant_col, v_setting) END,
		       NULL
		FROM pol p WHERE p.polcmd IN ('a', 'w', '*') AND p.wcheck IS NULL
		UNION ALL
		SELECT 'multiple_permissive_policies', 'warning', format('table %s', m.tname),
		       format('table %s has %s permissive %s policies for role %s (%s): each is evaluated and ORed, which is slow and easy to widen by mistake',
		              m.tname, m.n, m.cmd, m.rolname, m.names),
		       format('-- merge %s into one policy per command, e.g. with the USING expressions ORed', m.names),
		       'splinter 0006 multiple_permissive_policies'
		FROM (
			SELECT p.tname, c.cmd, CASE WHEN r.roleid = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.roleid) END AS rolname,
			       count(*) AS n, string_agg(quote_ident(p.polname), ', ' ORDER BY p.polname) AS names
			FROM pol p
			CROSS JOIN LATERAL unnest(p.polroles) AS r(roleid)
			CROSS JOIN LATERAL unnest(CASE p.polcmd WHEN '*' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']
				WHEN 'r' THEN ARRAY['SELECT'] WHEN 'a' THEN ARRAY['INSERT'] WHEN 'w' THEN ARRAY['UPDATE']
				ELSE ARRAY['DELETE'] END) AS c(cmd)
			WHERE p.polpermissive
			GROUP BY p.tname, c.cmd, r.roleid
			HAVING count(*) > 1
		) m
		UNION ALL
		SELECT 'owner_is_application_role', CASE WHEN v_app IS NOT NULL THEN 'error' ELSE 'warning' END, 'table ' || t.name,
		       CASE WHEN v_app IS NOT NULL
		            THEN format('table %s is owned by application role %I: the owner can disable or un-force row-level security and, unless forced, bypasses it',
		                        t.name, r.rolname)
		            ELSE format('table %s is owned by %I, which can log in: if the application connects as the owner it can disable or un-force row-level security',
		                        t.name, r.rolname) END,
		       format('-- create a NOLOGIN owner role and hand the table to it:%sALTER TABLE %s OWNER TO table_owner;', E'\n', t.name),
		       NULL
		FROM tbl t JOIN pg_roles r ON r.oid = t.relowner
		WHERE (t.tenant_col IS NOT NULL OR t.rls) AND NOT r.rolsuper
		  AND CASE WHEN v_app IS NOT NULL THEN r.rolname = ANY (v_app) ELSE r.rolcanlogin END
		UNION ALL
		SELECT 'bypassrls_application_role', 'error', 'table ' || t.name,
		       format('application role %I of table %s %s: row-level security never applies to it',
		              a.rolname, t.name, CASE WHEN a.rolsuper THEN 'is a superuser' ELSE 'has BYPASSRLS' END),
		       CASE WHEN a.rolsuper THEN format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS;', a.rolname)
		            ELSE format('ALTER ROLE %I NOBYPASSRLS;', a.rolname) END,
		       NULL
		FROM tbl t JOIN app a ON a.rel = t.oid
		WHERE (t.tenant_col IS NOT NULL OR t.rls) AND (a.rolsuper OR a.rolbypassrls)
		UNION ALL
		-- a view runs with its owner's rights (unless security_invoker), a materialized view stores what its owner saw
		SELECT 'view_bypasses_rls', 'error', format('%s %I.%I', w.kind, w.nspname, w.relname),
		       format('%s %I.%I reads %s with the rights of its owner %I, to whom the policies %s: every tenant''s rows are visible through it',
		              w.kind, w.nspname, w.relname, w.tables, w.rolname,
		              CASE WHEN w.rolsuper THEN 'never apply (superuser)' WHEN w.rolbypassrls THEN 'never apply (BYPASSRLS)'
		                   ELSE 'do not apply (owner of an unforced table)' END),
		       CASE WHEN w.relkind = 'v' THEN format('ALTER VIEW %I.%I SET (security_invoker = true);', w.nspname, w.relname)
		            ELSE format('-- a materialized view cannot apply the reader''s policies; revoke it from the application roles:%sREVOKE SELECT ON %I.%I FROM PUBLIC;', E'\n', w.nspname, w.relname) END,
		       NULL
		FROM (
			SELECT v.relkind, CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS kind, vn.nspname, v.relname,
			       o.rolname, o.rolsuper, o.rolbypassrls, string_agg(DISTINCT t.name, ', ') AS tables
			FROM tbl t
			JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid AND d.classid = 'pg_rewrite'::regclass
			JOIN pg_rewrite rw ON rw.oid = d.objid
			JOIN pg_class v ON v.oid = rw.ev_class AND v.oid <> t.oid AND v.relkind IN ('v', 'm')
			JOIN pg_namespace vn ON vn.oid = v.relnamespace
			JOIN pg_roles o ON o.oid = v.relowner
			WHERE t.rls AND (o.rolsuper OR o.rolbypassrls OR (o.oid = t.relowner AND NOT t.forced))
			  AND (v.relkind = 'm' OR NOT coalesce((SELECT lower(x.option_value) IN ('true', 'on', '1', 'yes')
				FROM pg_options_to_table(v.reloptions) x WHERE x.option_name = 'security_invoker'), false))
			GROUP BY v.oid, v.relkind, vn.nspname, v.relname, o.rolname, o.rolsuper, o.rolbypassrls
		) w
		UNION ALL
		-- hardened policies are only as safe as the secret: pg_read_all_settings members can read it
		SELECT 'secret_readable_by_application_role', 'error', 'table ' || t.name,
		       format('application role %I of table %s, whose policies read schemaops.rls_tenant(), has the privileges of pg_read_all_settings and can read schemaops.tenant_secret, i.e. sign tokens for any tenant',
		              a.rolname, t.name),
		       format('REVOKE pg_read_all_settings FROM %I;', a.rolname),
		       NULL
		FROM tbl t JOIN app a ON a.rel = t.oid
		WHERE NOT a.rolsuper AND pg_has_role(a.roleid, 'pg_read_all_settings', 'USAGE')
		  AND EXISTS (SELECT FROM pg_policy p JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = p.oid
			WHERE p.polrelid = t.oid AND d.refclassid = 'pg_proc'::regclass AND d.refobjid = v_tenant_fn::oid)
	)
	SELECT f.code, f.severity, f.object, f.message, f.fix_ddl, f.reference
	FROM findings f
	ORDER BY f.object, f.code, f.message;
END
$rls_audit$;

COMMENT ON FUNCTION @extschema@.rls_audit(pg_catalog.text, pg_catalog.jsonb) IS
'one row per RLS finding (code, severity, object, message, fix_ddl, reference to the Supabase splinter lint where the rule is the same)';
