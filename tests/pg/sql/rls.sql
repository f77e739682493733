-- rls: generation (rls_policy_ddl, options and their errors), rls_enable (idempotent), rls_apply_spec,
-- rls_audit (every code, and its fix DDL), the once-per-query plan, and the hardened tenant context.
\set VERBOSITY terse
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS rls_t CASCADE;
DROP SCHEMA IF EXISTS rls_audit_t CASCADE;
DROP ROLE IF EXISTS so_rls_t_app;
DROP ROLE IF EXISTS so_rls_t_admin;
DROP ROLE IF EXISTS so_rls_t_login;
DROP ROLE IF EXISTS so_rls_t_reader;
RESET client_min_messages;
CREATE ROLE so_rls_t_app NOLOGIN;
CREATE ROLE so_rls_t_admin NOLOGIN;
CREATE SCHEMA rls_t;
SET search_path = rls_t, public;
CREATE TABLE threads (id int PRIMARY KEY, territory text NOT NULL, subject text);
CREATE TABLE "Odd Name" ("Org-Id" uuid NOT NULL, id int);
CREATE TABLE short_codes (code varchar(4) NOT NULL, v int);
CREATE VIEW threads_v AS SELECT * FROM threads;
GRANT USAGE ON SCHEMA rls_t TO so_rls_t_app, so_rls_t_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA rls_t TO so_rls_t_app, so_rls_t_admin;
INSERT INTO threads VALUES (1, 'north', 'a'), (2, 'north', 'b'), (3, 'south', 'c');

-- the issue's call, as written
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"setting":"app.territory"}');
-- options: roles, bypass role, restrictive, prefix; quoting of odd names; uuid cast
SELECT schemaops.rls_policy_ddl('"Odd Name"'::regclass, 'Org-Id',
	'{"setting": "app.org_id", "roles": ["so_rls_t_app"], "bypass_role": "so_rls_t_admin", "policy_prefix": "tenant"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory',
	'{"setting": "app.territory", "as": "restrictive", "roles": "so_rls_t_app"}');
-- varchar(4): cast without the length, which would truncate the setting and match another tenant's rows
SELECT schemaops.rls_policy_ddl('short_codes'::regclass, 'code', '{}');
-- hardened: the tenant from schemaops.rls_tenant(), USAGE on the schema for the policy roles
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"hardened": true, "roles": ["so_rls_t_app"]}');

-- errors
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"setings": "app.x"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"setting": "x''); DROP TABLE threads; --"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"setting": "notcustom"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"setting": 5}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"roles": []}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"roles": ["no_such_role"]}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"bypass_role": "no_such_role"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"as": "sometimes"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"as": "restrictive", "bypass_role": "so_rls_t_admin"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"hardened": "yes"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"hardened": true, "setting": "app.x"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '{"policy_prefix": "Bad Prefix"}');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'territory', '[1]');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'no_such_column');
SELECT schemaops.rls_policy_ddl('threads'::regclass, 'ctid');
SELECT schemaops.rls_policy_ddl('threads_v'::regclass, 'territory');
SELECT schemaops.rls_policy_ddl(NULL, 'territory');

-- rls_enable applies it; a second run changes nothing; a policy of someone else's survives
CREATE POLICY keep_me ON threads FOR SELECT TO so_rls_t_admin USING (id > 0);
SELECT schemaops.rls_enable('threads'::regclass, 'territory', '{"setting":"app.territory"}') IS NOT NULL AS applied;
SELECT polname, polcmd, polpermissive, pg_get_expr(polqual, polrelid) AS using_expr,
	pg_get_expr(polwithcheck, polrelid) AS check_expr
FROM pg_policy WHERE polrelid = 'threads'::regclass ORDER BY polname;
SELECT schemaops.rls_enable('threads'::regclass, 'territory', '{"setting":"app.territory"}') IS NOT NULL AS applied_again;
SELECT count(*) AS policies FROM pg_policy WHERE polrelid = 'threads'::regclass;
-- changing the options replaces our policies (here: add a bypass role, then remove it again)
SELECT schemaops.rls_enable('threads'::regclass, 'territory', '{"setting":"app.territory", "bypass_role": "so_rls_t_admin"}') IS NOT NULL;
SELECT string_agg(polname, ', ' ORDER BY polname) FROM pg_policy WHERE polrelid = 'threads'::regclass;
SELECT schemaops.rls_enable('threads'::regclass, 'territory', '{"setting":"app.territory"}') IS NOT NULL;
SELECT string_agg(polname, ', ' ORDER BY polname) FROM pg_policy WHERE polrelid = 'threads'::regclass;
DROP POLICY keep_me ON threads;

-- the setting is read once per query: an InitPlan, not a call per row
SET ROLE so_rls_t_app;
SET app.territory = 'north';
EXPLAIN (COSTS OFF) SELECT * FROM threads;
SELECT * FROM threads ORDER BY id;
RESET ROLE;

-- restrictive: the tenant policies are ANDed with the table's own permissive policy (here: own rows by author)
CREATE TABLE notes (id int, territory text NOT NULL, author name NOT NULL);
INSERT INTO notes VALUES (1, 'north', 'so_rls_t_app'), (2, 'north', 'so_rls_t_admin'), (3, 'south', 'so_rls_t_app');
GRANT SELECT, INSERT ON notes TO so_rls_t_app;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes USING (author = current_user) WITH CHECK (author = current_user);
SELECT schemaops.rls_enable('notes'::regclass, 'territory',
	'{"setting": "app.territory", "as": "restrictive", "roles": ["so_rls_t_app"]}') IS NOT NULL;
SET ROLE so_rls_t_app;
SET app.territory = 'north';
SELECT id FROM notes ORDER BY id;                      -- north AND own: 1
INSERT INTO notes VALUES (4, 'south', 'so_rls_t_app'); -- own but another tenant: refused
INSERT INTO notes VALUES (4, 'north', 'so_rls_t_admin'); -- own tenant but not own author: refused
SET app.territory = '';
SELECT id FROM notes ORDER BY id;                      -- no tenant: none
RESET ROLE;
RESET app.territory;

-- rls_apply_spec: every table of a schema with the column, except some; one table by name; dry run first
CREATE SCHEMA rls_spec;
CREATE TABLE rls_spec.a (id int, org_id int NOT NULL);
CREATE TABLE rls_spec.b (id int, org_id int NOT NULL);
CREATE TABLE rls_spec.c (id int);
CREATE TABLE rls_spec.skip_me (id int, org_id int NOT NULL);
SELECT relation, tenant_column, action, array_length(string_to_array(ddl, E'\n'), 1) AS statements,
	ddl = schemaops.rls_policy_ddl(relation::regclass, tenant_column,
		CASE WHEN relation = 'rls_t.short_codes' THEN '{"setting": "app.code", "roles": ["so_rls_t_app"]}'
		ELSE '{"setting": "app.org_id"}' END) AS same_as_rls_policy_ddl
FROM schemaops.rls_apply_spec($$
dry_run: true
options: {setting: app.org_id}
rules:
  - schema: rls_spec
    column: org_id
    except: [skip_me]
  - table: short_codes
    column: code
    options: {setting: app.code, roles: [so_rls_t_app]}
$$);
SELECT count(*) AS policies_after_dry_run FROM pg_policy WHERE polrelid IN ('rls_spec.a'::regclass, 'short_codes'::regclass);
SELECT relation, tenant_column, action, length(ddl) > 0 AS has_ddl FROM schemaops.rls_apply_spec($$
{"options": {"setting": "app.org_id"},
 "rules": [{"schema": "rls_spec", "column": "org_id", "except": ["skip_me"]},
           {"table": "short_codes", "column": "code", "options": {"setting": "app.code", "roles": ["so_rls_t_app"]}}]}
$$);
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, count(p.*) AS policies
FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid
WHERE c.oid IN ('rls_spec.a'::regclass, 'rls_spec.b'::regclass, 'rls_spec.c'::regclass, 'rls_spec.skip_me'::regclass,
	'short_codes'::regclass)
GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity ORDER BY c.relname;
-- spec errors
SELECT * FROM schemaops.rls_apply_spec('rules: [{schema: rls_spec}]');
SELECT * FROM schemaops.rls_apply_spec('rules: [{schema: rls_spec, table: a, column: org_id}]');
SELECT * FROM schemaops.rls_apply_spec('rules: [{schema: no_such_schema, column: org_id}]');
SELECT * FROM schemaops.rls_apply_spec('rules: [{table: no_such_table, column: org_id}]');
SELECT * FROM schemaops.rls_apply_spec('rules: [{schema: rls_spec, column: org_id, colour: red}]');
SELECT * FROM schemaops.rls_apply_spec('rulez: []');
SELECT * FROM schemaops.rls_apply_spec('rules: []');
SELECT * FROM schemaops.rls_apply_spec('rules: [{schema: rls_spec, column: org_id}, {table: rls_spec.a, column: org_id}]');
SELECT * FROM schemaops.rls_apply_spec('rules: [{schema: rls_spec, column: org_id, options: {setting: bad}}]');
SELECT * FROM schemaops.rls_apply_spec('rules: [ {schema: rls_spec');
SELECT * FROM schemaops.rls_apply_spec('just a string');
DROP SCHEMA rls_spec CASCADE;

-- rls_audit: one schema with each problem the issue lists
CREATE ROLE so_rls_t_login LOGIN BYPASSRLS;
CREATE SCHEMA rls_audit_t;
SET search_path = rls_audit_t, public;
CREATE TABLE no_rls (id int, tenant_id int);                          -- tenant column, RLS off
CREATE TABLE not_forced (id int, tenant_id int);                      -- enabled, not forced
ALTER TABLE not_forced ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON not_forced USING (tenant_id = (SELECT NULLIF(current_setting('app.tenant', true), '')::int));
CREATE TABLE disabled_with_policy (id int, tenant_id int);            -- policies, RLS off
CREATE POLICY p ON disabled_with_policy USING (tenant_id = (SELECT NULLIF(current_setting('app.tenant', true), '')::int));
CREATE TABLE no_policy (id int, tenant_id int);                       -- enabled, forced, no policy
ALTER TABLE no_policy ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE TABLE bad_policies (id int, tenant_id int);
ALTER TABLE bad_policies ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY open_read ON bad_policies FOR SELECT USING (true);                                 -- permissive true
CREATE POLICY strict_setting ON bad_policies FOR SELECT TO so_rls_t_app
	USING (tenant_id = current_setting('app.tenant')::int);                                       -- no missing_ok, per row, no guard
CREATE POLICY no_guard ON bad_policies FOR DELETE USING (tenant_id = (SELECT current_setting('app.tenant', true)::int));
CREATE POLICY ins ON bad_policies FOR INSERT WITH CHECK (true);                                   -- permissive true on insert
CREATE POLICY second_read ON bad_policies FOR SELECT USING (id > 0);                              -- a 2nd permissive SELECT for PUBLIC
CREATE POLICY upd ON bad_policies FOR UPDATE USING (tenant_id = (SELECT NULLIF(current_setting('app.tenant', true), '')::int));
CREATE TABLE good (id int, tenant_id int);
SELECT schemaops.rls_enable('good'::regclass, 'tenant_id', '{}') IS NOT NULL;
CREATE TABLE owned_by_app (id int, org_id int);
SELECT schemaops.rls_enable('owned_by_app'::regclass, 'org_id', '{}') IS NOT NULL;
ALTER TABLE owned_by_app OWNER TO so_rls_t_login;
GRANT SELECT ON good TO so_rls_t_login;
CREATE TABLE unrelated (id int);                                        -- no tenant column, no RLS: no finding
CREATE VIEW good_v AS SELECT * FROM good;                               -- owned by the superuser: bypasses the policies
CREATE VIEW good_v_invoker WITH (security_invoker = true) AS SELECT * FROM good;   -- fine
CREATE MATERIALIZED VIEW good_mv AS SELECT * FROM good;                 -- stores every tenant's rows
CREATE TABLE hardened (id int, tenant_id int);                         -- hardened, read by a pg_read_all_settings member
CREATE ROLE so_rls_t_reader LOGIN IN ROLE pg_read_all_settings;
GRANT SELECT ON hardened TO so_rls_t_reader;
SELECT schemaops.rls_enable('hardened'::regclass, 'tenant_id', '{"hardened": true, "roles": ["so_rls_t_reader"]}') IS NOT NULL;
SELECT code, severity, object, message, reference FROM schemaops.rls_audit('rls_audit_t');
SELECT code, object, fix_ddl FROM schemaops.rls_audit('rls_audit_t') WHERE code IN
	('setting_without_missing_ok', 'per_row_setting_call', 'setting_without_empty_guard', 'missing_with_check',
	 'owner_is_application_role', 'bypassrls_application_role', 'rls_not_forced', 'policy_exists_rls_disabled')
ORDER BY object, code;
-- application roles named explicitly: the owner is one
SELECT code, severity, object FROM schemaops.rls_audit('rls_audit_t', '{"application_roles": ["so_rls_t_login"]}')
WHERE code IN ('owner_is_application_role', 'bypassrls_application_role');
-- the fix DDL works: applying every fix (but the DROPs and ownership changes) leaves none of those findings (the
-- materialized view's fix only revokes it, so it stays reported)
SET client_min_messages = warning;
DO $$
DECLARE f record;
BEGIN
	FOR f IN SELECT DISTINCT fix_ddl FROM schemaops.rls_audit('rls_audit_t')
		WHERE code IN ('tenant_table_without_rls', 'rls_not_forced', 'policy_exists_rls_disabled',
			'setting_without_missing_ok', 'per_row_setting_call', 'setting_without_empty_guard', 'missing_with_check',
			'view_bypasses_rls')
	LOOP
		EXECUTE f.fix_ddl;
	END LOOP;
END
$$;
RESET client_min_messages;
SELECT code, object FROM schemaops.rls_audit('rls_audit_t');
SELECT pg_get_expr(polqual, polrelid) FROM pg_policy WHERE polname = 'strict_setting';
-- custom tenant columns; bad options
SELECT code, object FROM schemaops.rls_audit('rls_audit_t', '{"tenant_columns": ["id"]}') WHERE code = 'tenant_table_without_rls';
SELECT * FROM schemaops.rls_audit('rls_audit_t', '{"tenant_column": ["id"]}');
SELECT * FROM schemaops.rls_audit('no_such_schema');
-- the expression facts directly
SELECT schemaops.rls_expr_facts(polqual, 'schemaops.rls_tenant()'::regprocedure), polname
FROM pg_policy WHERE polrelid = 'rls_audit_t.good'::regclass ORDER BY polname;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA rls_audit_t CASCADE;
RESET client_min_messages;
SET search_path = rls_t, public;

-- hardened mode: signed tenant tokens
CREATE TABLE secure_threads (id int PRIMARY KEY, territory text NOT NULL);
INSERT INTO secure_threads VALUES (1, 'north'), (2, 'north'), (3, 'south');
GRANT SELECT, INSERT, UPDATE, DELETE ON secure_threads TO so_rls_t_app;
SELECT schemaops.rls_enable('secure_threads'::regclass, 'territory', '{"hardened": true, "roles": ["so_rls_t_app"]}') IS NOT NULL;
-- no secret yet
SELECT schemaops.rls_tenant_token('north', now() + interval '5 minutes');
SET schemaops.tenant_secret = 'short';
SELECT schemaops.rls_tenant_token('north', now() + interval '5 minutes');
SET schemaops.tenant_secret = 'test-secret-0123456789abcdef0123456789abcdef';
SELECT schemaops.rls_tenant_token('north', now() + interval '5 minutes') AS north \gset
SELECT schemaops.rls_tenant_token('south', now() + interval '5 minutes') AS south \gset
SELECT schemaops.rls_tenant_token('north', now() - interval '1 second') AS expired \gset
SET schemaops.tenant_secret = 'attacker-0123456789abcdef0123456789abcdef';
SELECT schemaops.rls_tenant_token('south', now() + interval '5 minutes') AS attacker \gset
SET schemaops.tenant_secret = 'test-secret-0123456789abcdef0123456789abcdef';
SELECT schemaops.rls_tenant_token('', now() + interval '5 minutes');
SELECT :'north' ~ '^v1\.6e6f727468\.[0-9]+\.[0-9a-f]{64}$' AS token_shape;
SET ROLE so_rls_t_app;
-- no tenant: nothing; a setting does not help in hardened mode
SELECT schemaops.rls_tenant() IS NULL AS no_tenant;
SET app.territory = 'north';
SELECT * FROM secure_threads;
-- the application can neither read the secret, nor sign, nor set the context directly
SHOW schemaops.tenant_secret;
SELECT current_setting('schemaops.tenant_secret');
SELECT schemaops.rls_tenant_token('north', now() + interval '5 minutes');
SET schemaops.tenant_secret = 'attacker-0123456789abcdef0123456789abcdef';
SET schemaops.tenant_context = 'anything';
SELECT count(*) AS visible_in_show_all FROM pg_settings WHERE name LIKE 'schemaops.%';
-- a valid token: own rows only, writes only to the own tenant
SELECT schemaops.rls_set_tenant_token(:'north');
SELECT schemaops.rls_tenant();
SELECT * FROM secure_threads ORDER BY id;
INSERT INTO secure_threads VALUES (4, 'south');
UPDATE secure_threads SET territory = 'south' WHERE id = 1;
INSERT INTO secure_threads VALUES (4, 'north');
DELETE FROM secure_threads WHERE id = 4 RETURNING *;
-- tampered: the tenant field changed to south's, signature kept
SELECT regexp_replace(:'north', '^v1\.[0-9a-f]+\.', 'v1.736f757468.') AS tampered \gset
SELECT schemaops.rls_set_tenant_token(:'tampered');
SELECT schemaops.rls_tenant() IS NULL AS no_tenant_after_error, count(*) AS rows FROM secure_threads;
SELECT schemaops.rls_set_tenant_token(:'south');
SELECT * FROM secure_threads ORDER BY id;
SELECT schemaops.rls_set_tenant_token(:'expired');
SELECT count(*) AS rows_after_expired FROM secure_threads;
SELECT schemaops.rls_set_tenant_token(split_part(:'north', '.', 1) || '.' || split_part(:'north', '.', 2) || '.' ||
	split_part(:'north', '.', 3));
SELECT schemaops.rls_set_tenant_token('north');
SELECT schemaops.rls_set_tenant_token(NULL);
SELECT schemaops.rls_set_tenant_token('v1.6e6f727468.99999999999.' || repeat('0', 64));
SELECT schemaops.rls_set_tenant_token(repeat('a', 1000));
-- validly signed (HMAC computed outside the database) but the tenant bytes are not text: invalid UTF-8, a NUL
SELECT schemaops.rls_set_tenant_token('v1.fffe.999999999999999999.514fbf3d558d4ae6eef555101bd38a124ae650fb4de859e55865cf77fb552902');
SELECT schemaops.rls_set_tenant_token('v1.610062.999999999999999999.f54ad4a1b4e741fe66eca533679d7b4ec61452d02493e6fd4a60f09ad45be015');
SELECT count(*) AS rows_after_errors FROM secure_threads;
-- RESET ALL and DISCARD ALL (what poolers run) end the context; so do ROLLBACK and ROLLBACK TO SAVEPOINT
SELECT schemaops.rls_set_tenant_token(:'north');
SELECT count(*) FROM secure_threads;
RESET ALL;
SELECT schemaops.rls_tenant() IS NULL AS cleared_by_reset_all;
RESET ROLE;  -- (RESET ALL leaves the role)
SET search_path = rls_t, public;
SET schemaops.tenant_secret = 'test-secret-0123456789abcdef0123456789abcdef';
SET ROLE so_rls_t_app;
SELECT schemaops.rls_set_tenant_token(:'attacker');
BEGIN;
SELECT schemaops.rls_set_tenant_token(:'south');
SELECT schemaops.rls_tenant();
ROLLBACK;
SELECT schemaops.rls_tenant() IS NULL AS cleared_by_rollback;
BEGIN;
SAVEPOINT s;
SELECT schemaops.rls_set_tenant_token(:'south');
SELECT count(*) FROM secure_threads;
ROLLBACK TO SAVEPOINT s;
SELECT schemaops.rls_tenant() IS NULL AS cleared_by_rollback_to_savepoint, count(*) AS rows FROM secure_threads;
COMMIT;
SELECT schemaops.rls_set_tenant_token(:'north');
SELECT schemaops.rls_clear_tenant();
SELECT schemaops.rls_tenant() IS NULL AS cleared;
SELECT schemaops.rls_set_tenant_token(:'north');
RESET ROLE;
DISCARD ALL;
SELECT schemaops.rls_tenant() IS NULL AS cleared_by_discard_all;

-- a fresh session: a non-superuser's SET of the secret before the library is loaded is discarded when it loads
\c
SET search_path = rls_t, public;
SET ROLE so_rls_t_app;
SET schemaops.tenant_secret = 'attacker-0123456789abcdef0123456789abcdef';
SELECT schemaops.rls_set_tenant_token(:'attacker');
SELECT count(*) AS rows FROM secure_threads;
RESET ROLE;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA rls_t CASCADE;
REVOKE USAGE ON SCHEMA schemaops FROM so_rls_t_app, so_rls_t_reader;
DROP ROLE so_rls_t_app;
DROP ROLE so_rls_t_admin;
DROP ROLE so_rls_t_login;
DROP ROLE so_rls_t_reader;
