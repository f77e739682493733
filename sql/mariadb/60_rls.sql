-- sql/mariadb/60_rls.sql: row-level security emulation for MariaDB (piece of mariadb_plugin/schemaops.sql; see
-- 00_udfs.sql). Reference: docs/rls.md (MariaDB section), which also lists what the emulation does not cover.
--
-- MariaDB has no row-level security. The emulation: the application account loses its privileges on the base
-- table and gets them on a tenant view instead:
--
--   CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY DEFINER VIEW v AS
--     SELECT * FROM t WHERE tenant_col = schemaops.rls_tenant() WITH CASCADED CHECK OPTION
--
-- A view may not read a variable (ER_VIEW_SELECT_VARIABLE), a stored function it calls may: rls_tenant() reads
-- the plugin's session variable @@schemaops_tenant; unset, empty or all blanks: NULL, and `col = NULL` matches
-- no row (fail-closed). CHECK OPTION refuses INSERT, UPDATE and LOAD DATA rows of another tenant. Two BEFORE
-- UPDATE / BEFORE DELETE guard triggers on the base table close what CHECK OPTION does not see: REPLACE and
-- INSERT ... ON DUPLICATE KEY UPDATE through the view reach a conflicting row of another tenant (REPLACE deletes
-- it, ON DUPLICATE KEY UPDATE can move it to the own tenant); the guard refuses to change or delete a row of
-- another tenant whenever the session has a tenant.
--
-- Hardened mode ({"hardened": true}): the views read schemaops.rls_verified_tenant() instead, the tenant of the
-- signed token in @@schemaops_tenant_token, verified on every statement by the UDF rls_token_tenant with the
-- key from the server option schemaops_tenant_secret. Any SQL may SET the token variable, but only a token
-- signed with the key gives a tenant: an SQL injection cannot switch to a tenant it has no token for.
--
-- The tenant functions are DETERMINISTIC without arguments: the optimizer treats the call as a constant, so
-- `tenant_col = schemaops.rls_tenant()` is an index lookup (EXPLAIN: ref, const), as a hand-written WHERE is.
-- (They are deterministic within a statement: nothing in a statement changes the session variable.)

CREATE FUNCTION IF NOT EXISTS rls_token_tenant RETURNS STRING SONAME 'schemaops.so';

DROP FUNCTION IF EXISTS schemaops.rls_tenant;
DROP FUNCTION IF EXISTS schemaops.rls_tenant_int;
DROP FUNCTION IF EXISTS schemaops.rls_verified_tenant;
DROP FUNCTION IF EXISTS schemaops.rls_verified_tenant_int;
DROP FUNCTION IF EXISTS schemaops.rls_int_or_null;
DROP FUNCTION IF EXISTS schemaops.rls_refuse;
DROP PROCEDURE IF EXISTS schemaops.rls_guard;
DROP FUNCTION IF EXISTS schemaops.rls_policy_statements;
DROP FUNCTION IF EXISTS schemaops.rls_policy_ddl;
DROP PROCEDURE IF EXISTS schemaops.rls_apply;
DROP PROCEDURE IF EXISTS schemaops.rls_apply_database;

DELIMITER $$

-- schemaops.rls_refuse(msg): raises SQLSTATE 28000 with msg (used by the tenant functions; never returns).
-- NOT DETERMINISTIC on purpose: a deterministic call with a constant argument is a constant, which the
-- server evaluates while preparing the statement, whichever CASE branch it sits in.
CREATE FUNCTION schemaops.rls_refuse(msg VARCHAR(255) CHARSET utf8mb4)
	RETURNS VARCHAR(255) CHARSET utf8mb4
	NOT DETERMINISTIC
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'raises SQLSTATE 28000 with msg; see docs/rls.md'
BEGIN
	SIGNAL SQLSTATE '28000' SET MESSAGE_TEXT = msg;
	RETURN NULL;
END$$

-- schemaops.rls_tenant(): the session's tenant, @@SESSION.schemaops_tenant; NULL when unset, empty, all blanks
-- or longer than 255 characters (no row matches NULL). A non-empty @@GLOBAL.schemaops_tenant (a server-wide
-- default every new session would inherit) is refused: SQLSTATE 28000. One RETURN expression: the view calls
-- the function for every statement (and the server again for the row it re-checks), so each statement of a
-- stored function body costs (bench/rls/run_mariadb.sh).
CREATE FUNCTION schemaops.rls_tenant()
	RETURNS VARCHAR(255) CHARSET utf8mb4
	DETERMINISTIC
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'tenant of the session (@@schemaops_tenant) or NULL; see docs/rls.md'
RETURN CASE
	WHEN NULLIF(@@GLOBAL.schemaops_tenant, '') IS NOT NULL THEN schemaops.rls_refuse(
		'schemaops: @@GLOBAL.schemaops_tenant is set; a server-wide default tenant is refused (SET GLOBAL schemaops_tenant = DEFAULT)')
	WHEN CHAR_LENGTH(@@SESSION.schemaops_tenant) > 255 THEN NULL
	ELSE NULLIF(@@SESSION.schemaops_tenant, '') END$$

-- schemaops.rls_int_or_null(v): v as BIGINT when it is exactly the canonical decimal spelling of one
-- (`42`, `-7`; not `042`, `4 `, `4x`, `1e3`), else NULL. For integer tenant columns: comparing an integer
-- column with an arbitrary string converts the string to a number ('abc' = 0, '5abc' = 5).
CREATE FUNCTION schemaops.rls_int_or_null(v VARCHAR(255) CHARSET utf8mb4)
	RETURNS BIGINT
	DETERMINISTIC
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'v as BIGINT if canonical decimal, else NULL; see docs/rls.md'
RETURN CASE WHEN v REGEXP '^-?[0-9]{1,19}$' AND BINARY CAST(CAST(v AS SIGNED) AS CHAR) = BINARY v
	THEN CAST(v AS SIGNED) END$$

-- schemaops.rls_tenant_int(): rls_tenant() for integer tenant columns (rls_int_or_null of it).
CREATE FUNCTION schemaops.rls_tenant_int()
	RETURNS BIGINT
	DETERMINISTIC
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'integer tenant of the session or NULL; see docs/rls.md'
RETURN schemaops.rls_int_or_null(schemaops.rls_tenant())$$

-- schemaops.rls_verified_tenant(): hardened mode's tenant: the tenant of the signed token in
-- @@SESSION.schemaops_tenant_token (1..256 bytes of UTF-8), verified by the UDF rls_token_tenant. NULL when the token is unset or
-- empty. A tampered, expired or malformed token, or a server without schemaops_tenant_secret: the UDF's error
-- (the statement fails, no row is read). A non-empty @@GLOBAL.schemaops_tenant_token: SQLSTATE 28000.
CREATE FUNCTION schemaops.rls_verified_tenant()
	RETURNS VARCHAR(256) CHARSET utf8mb4
	DETERMINISTIC
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'tenant of the verified token in @@schemaops_tenant_token or NULL; see docs/rls.md'
RETURN CASE
	WHEN NULLIF(@@GLOBAL.schemaops_tenant_token, '') IS NOT NULL THEN schemaops.rls_refuse(
		'schemaops: @@GLOBAL.schemaops_tenant_token is set; a server-wide default token is refused')
	ELSE NULLIF(CONVERT(rls_token_tenant(NULLIF(@@SESSION.schemaops_tenant_token, '')) USING utf8mb4), '') END$$

-- schemaops.rls_verified_tenant_int(): rls_verified_tenant() for integer tenant columns.
CREATE FUNCTION schemaops.rls_verified_tenant_int()
	RETURNS BIGINT
	DETERMINISTIC
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'integer tenant of the verified token or NULL; see docs/rls.md'
BEGIN
	RETURN schemaops.rls_int_or_null(schemaops.rls_verified_tenant());
END$$

-- schemaops.rls_guard(allowed, relation): the body of the generated guard triggers. Raises SQLSTATE 42000
-- (error 1644) "schemaops: row of another tenant in <relation>" unless `allowed` is true; the trigger passes
-- `tenant() IS NULL OR OLD.col <=> tenant()`, computed in the trigger with the column's own collation.
CREATE PROCEDURE schemaops.rls_guard(allowed BOOLEAN, relation VARCHAR(200) CHARSET utf8mb4)
	NO SQL
	SQL SECURITY INVOKER
	COMMENT 'guard trigger body: refuses to change a row of another tenant; see docs/rls.md'
BEGIN
	DECLARE msg VARCHAR(255) CHARSET utf8mb4;
	IF allowed IS NULL OR NOT allowed THEN
		SET msg = CONCAT('schemaops: row of another tenant in ', LEFT(relation, 200), ' (update/delete refused)');
		SIGNAL SQLSTATE '42000' SET MESSAGE_TEXT = msg;
	END IF;
END$$

-- schemaops.rls_policy_statements(db, tbl, tenant_column, options): the statements of rls_policy_ddl as a
-- JSON array of strings, in order. rls_apply runs them. See rls_policy_ddl for arguments and errors.
CREATE FUNCTION schemaops.rls_policy_statements(db VARCHAR(64) CHARSET utf8mb4, tbl VARCHAR(64) CHARSET utf8mb4,
		tenant_column VARCHAR(64) CHARSET utf8mb4, options LONGTEXT CHARSET utf8mb4)
	RETURNS LONGTEXT CHARSET utf8mb4 COLLATE utf8mb4_bin
	NOT DETERMINISTIC
	READS SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'statements of the tenant view for db.tbl (JSON array); see docs/rls.md'
BEGIN
	DECLARE v_msg VARCHAR(512) CHARSET utf8mb4;
	DECLARE v_opts LONGTEXT CHARSET utf8mb4;
	DECLARE v_keys LONGTEXT CHARSET utf8mb4;
	DECLARE v_key VARCHAR(255) CHARSET utf8mb4;
	DECLARE v_type VARCHAR(64) CHARSET utf8mb4;
	DECLARE v_view_db, v_view_name VARCHAR(64) CHARSET utf8mb4;
	DECLARE v_definer, v_grantee VARCHAR(512) CHARSET utf8mb4;
	DECLARE v_hardened BOOLEAN DEFAULT FALSE;
	DECLARE v_guard BOOLEAN DEFAULT TRUE;
	DECLARE v_fn, v_base, v_view, v_col, v_trg, v_privs, v_to VARCHAR(1024) CHARSET utf8mb4;
	DECLARE v_rel VARCHAR(1100) CHARSET utf8mb4;
	DECLARE v_out LONGTEXT CHARSET utf8mb4;
	DECLARE v_list LONGTEXT CHARSET utf8mb4;
	DECLARE v_n, v_i INT;
	DECLARE v_at INT;

	IF db IS NULL OR tbl IS NULL OR tenant_column IS NULL THEN
		RETURN NULL;
	END IF;
	SET v_opts = COALESCE(options, '{}');
	IF NOT JSON_VALID(v_opts) OR JSON_TYPE(v_opts) <> 'OBJECT' THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: options must be a JSON object';
	END IF;
	-- unknown options are errors, so that a misspelt "hardened" is not silently plain mode
	SET v_keys = COALESCE(JSON_KEYS(v_opts), '[]');
	SET v_i = 0;
	WHILE v_i < JSON_LENGTH(v_keys) DO
		SET v_key = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']'));
		IF v_key NOT IN ('view_db', 'view_name', 'grantees', 'privileges', 'hardened', 'guard_triggers', 'definer') THEN
			SET v_msg = CONCAT('schemaops.rls_policy_ddl: unknown option "', LEFT(v_key, 64),
				'" (known: view_db, view_name, grantees, privileges, hardened, guard_triggers, definer)');
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = v_msg;
		END IF;
		SET v_i = v_i + 1;
	END WHILE;
	IF JSON_EXISTS(v_opts, '$.hardened') THEN
		IF JSON_TYPE(JSON_EXTRACT(v_opts, '$.hardened')) <> 'BOOLEAN' THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "hardened" must be true or false';
		END IF;
		SET v_hardened = JSON_EXTRACT(v_opts, '$.hardened') = 'true';
	END IF;
	IF JSON_EXISTS(v_opts, '$.guard_triggers') THEN
		IF JSON_TYPE(JSON_EXTRACT(v_opts, '$.guard_triggers')) <> 'BOOLEAN' THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "guard_triggers" must be true or false';
		END IF;
		SET v_guard = JSON_EXTRACT(v_opts, '$.guard_triggers') = 'true';
	END IF;
	IF JSON_EXISTS(v_opts, '$.view_db') AND JSON_TYPE(JSON_EXTRACT(v_opts, '$.view_db')) <> 'STRING'
		OR JSON_EXISTS(v_opts, '$.view_name') AND JSON_TYPE(JSON_EXTRACT(v_opts, '$.view_name')) <> 'STRING'
		OR JSON_EXISTS(v_opts, '$.definer') AND JSON_TYPE(JSON_EXTRACT(v_opts, '$.definer')) <> 'STRING' THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: options "view_db", "view_name" and "definer" must be strings';
	END IF;

	-- the relation and the tenant column, matched exactly as the server stores them
	IF NOT EXISTS (SELECT 1 FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = db AND t.TABLE_NAME = tbl
			AND BINARY t.TABLE_SCHEMA = BINARY db AND BINARY t.TABLE_NAME = BINARY tbl AND t.TABLE_TYPE = 'BASE TABLE') THEN
		SET v_msg = CONCAT('schemaops.rls_policy_ddl: no base table ', LEFT(db, 64), '.', LEFT(tbl, 64));
		SIGNAL SQLSTATE '42S02' SET MESSAGE_TEXT = v_msg, MYSQL_ERRNO = 1146;
	END IF;
	SET v_type = (SELECT c.DATA_TYPE FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = db AND c.TABLE_NAME = tbl
		AND c.COLUMN_NAME = tenant_column AND BINARY c.TABLE_SCHEMA = BINARY db AND BINARY c.TABLE_NAME = BINARY tbl LIMIT 1);
	IF v_type IS NULL THEN
		SET v_msg = CONCAT('schemaops.rls_policy_ddl: table ', LEFT(db, 64), '.', LEFT(tbl, 64), ' has no column ',
			LEFT(tenant_column, 64));
		SIGNAL SQLSTATE '42S22' SET MESSAGE_TEXT = v_msg, MYSQL_ERRNO = 1054;
	END IF;
	IF v_type IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint') THEN
		SET v_fn = IF(v_hardened, 'schemaops.rls_verified_tenant_int()', 'schemaops.rls_tenant_int()');
	ELSEIF v_type IN ('char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum') THEN
		SET v_fn = IF(v_hardened, 'schemaops.rls_verified_tenant()', 'schemaops.rls_tenant()');
	ELSE
		SET v_msg = CONCAT('schemaops.rls_policy_ddl: tenant column ', LEFT(tenant_column, 64), ' has type ', v_type,
			'; supported: integer types, CHAR, VARCHAR, TEXT, ENUM');
		SIGNAL SQLSTATE '0A000' SET MESSAGE_TEXT = v_msg;
	END IF;

	SET v_view_db = COALESCE(JSON_VALUE(v_opts, '$.view_db'), db);
	IF NOT EXISTS (SELECT 1 FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = v_view_db
			AND BINARY s.SCHEMA_NAME = BINARY v_view_db) THEN
		SET v_msg = CONCAT('schemaops.rls_policy_ddl: unknown database ''', LEFT(v_view_db, 64), ''' (view_db)');
		SIGNAL SQLSTATE '42000' SET MESSAGE_TEXT = v_msg, MYSQL_ERRNO = 1049;
	END IF;
	-- default view name: the table's own name in another database, else <table>_tenant
	SET v_view_name = COALESCE(JSON_VALUE(v_opts, '$.view_name'),
		IF(BINARY v_view_db = BINARY db, CONCAT(LEFT(tbl, 57), '_tenant'), tbl));
	IF v_view_name = '' OR CHAR_LENGTH(v_view_name) > 64 OR (BINARY v_view_db = BINARY db AND BINARY v_view_name = BINARY tbl) THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: the view needs a name of 1..64 characters other than the table''s';
	END IF;

	SET v_base = CONCAT('`', REPLACE(db, '`', '``'), '`.`', REPLACE(tbl, '`', '``'), '`');
	SET v_view = CONCAT('`', REPLACE(v_view_db, '`', '``'), '`.`', REPLACE(v_view_name, '`', '``'), '`');
	SET v_col = CONCAT('`', REPLACE(tenant_column, '`', '``'), '`');

	SET v_definer = JSON_VALUE(v_opts, '$.definer');
	IF v_definer IS NOT NULL THEN
		SET v_at = CHAR_LENGTH(v_definer) - LOCATE('@', REVERSE(v_definer)) + 1;
		IF LOCATE('@', v_definer) = 0 OR v_at = 1 THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "definer" must be user@host';
		END IF;
		-- accounts as quoted identifiers (`user`@`host`): QUOTE() escapes with backslashes, which a session with
		-- sql_mode NO_BACKSLASH_ESCAPES reads differently; backtick quoting reads the same under every sql_mode
		SET v_definer = CONCAT('DEFINER = `', REPLACE(LEFT(v_definer, v_at - 1), '`', '``'), '`@`',
			REPLACE(SUBSTRING(v_definer, v_at + 1), '`', '``'), '` ');
	ELSE
		SET v_definer = '';
	END IF;

	SET v_out = JSON_ARRAY(CONCAT('CREATE OR REPLACE ALGORITHM=MERGE ', v_definer, 'SQL SECURITY DEFINER VIEW ', v_view,
		' AS SELECT * FROM ', v_base, ' WHERE ', v_col, ' = ', v_fn, ' WITH CASCADED CHECK OPTION'));

	IF v_guard THEN
		-- the relation named in the guard's error message, as a string literal that reads the same under every
		-- sql_mode (the install script's literal helper, sql/mariadb/50_outbox.sql)
		SET v_rel = schemaops.outbox_sql_string(CONCAT(db, '.', tbl));
		-- so_rls_bu_<tbl> / so_rls_bd_<tbl> (hardened: so_rlsh_...), a long name cut and made unique by its MD5;
		-- plain and hardened guards are distinct triggers, so views of both modes over one table are both guarded
		SET v_key = IF(v_hardened, 'so_rlsh_', 'so_rls_');
		SET v_trg = IF(CHAR_LENGTH(tbl) <= 61 - CHAR_LENGTH(v_key), tbl,
			CONCAT(LEFT(tbl, 52 - CHAR_LENGTH(v_key)), '_', LEFT(MD5(tbl), 8)));
		SET v_out = JSON_ARRAY_APPEND(v_out, '$', CONCAT('CREATE OR REPLACE ', v_definer, 'TRIGGER `', REPLACE(db, '`', '``'), '`.`', v_key, 'bu_',
			REPLACE(v_trg, '`', '``'), '` BEFORE UPDATE ON ', v_base, ' FOR EACH ROW CALL schemaops.rls_guard(', v_fn,
			' IS NULL OR OLD.', v_col, ' <=> ', v_fn, ', ', v_rel, ')'));
		SET v_out = JSON_ARRAY_APPEND(v_out, '$', CONCAT('CREATE OR REPLACE ', v_definer, 'TRIGGER `', REPLACE(db, '`', '``'), '`.`', v_key, 'bd_',
			REPLACE(v_trg, '`', '``'), '` BEFORE DELETE ON ', v_base, ' FOR EACH ROW CALL schemaops.rls_guard(', v_fn,
			' IS NULL OR OLD.', v_col, ' <=> ', v_fn, ', ', v_rel, ')'));
	END IF;

	-- privileges on the view (default SELECT, INSERT, UPDATE, DELETE)
	SET v_privs = 'SELECT, INSERT, UPDATE, DELETE';
	IF JSON_EXISTS(v_opts, '$.privileges') THEN
		SET v_list = JSON_EXTRACT(v_opts, '$.privileges');
		IF JSON_TYPE(v_list) <> 'ARRAY' OR JSON_LENGTH(v_list) = 0 THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "privileges" must be a non-empty array of SELECT, INSERT, UPDATE, DELETE';
		END IF;
		SET v_privs = '';
		SET v_i = 0;
		WHILE v_i < JSON_LENGTH(v_list) DO
			SET v_key = UPPER(JSON_VALUE(v_list, CONCAT('$[', v_i, ']')));
			IF v_key IS NULL OR v_key NOT IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE') THEN
				SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "privileges" must be a non-empty array of SELECT, INSERT, UPDATE, DELETE';
			END IF;
			SET v_privs = CONCAT(v_privs, IF(v_i = 0, '', ', '), v_key);
			SET v_i = v_i + 1;
		END WHILE;
	END IF;

	-- grantees: "user@host" accounts or role names; each gets the view and loses the base table
	IF JSON_EXISTS(v_opts, '$.grantees') THEN
		SET v_list = JSON_EXTRACT(v_opts, '$.grantees');
		IF JSON_TYPE(v_list) = 'STRING' THEN
			SET v_list = JSON_ARRAY(JSON_VALUE(v_opts, '$.grantees'));
		ELSEIF JSON_TYPE(v_list) <> 'ARRAY' THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "grantees" must be a string or an array of strings (user@host or a role)';
		END IF;
		SET v_n = JSON_LENGTH(v_list);
		SET v_i = 0;
		WHILE v_i < v_n DO
			IF JSON_TYPE(JSON_EXTRACT(v_list, CONCAT('$[', v_i, ']'))) <> 'STRING' THEN
				SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: option "grantees" must be a string or an array of strings (user@host or a role)';
			END IF;
			SET v_grantee = JSON_VALUE(v_list, CONCAT('$[', v_i, ']'));
			IF v_grantee = '' THEN
				SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_policy_ddl: empty grantee';
			END IF;
			IF LOCATE('@', v_grantee) > 0 THEN
				SET v_at = CHAR_LENGTH(v_grantee) - LOCATE('@', REVERSE(v_grantee)) + 1;
				SET v_to = CONCAT('`', REPLACE(LEFT(v_grantee, v_at - 1), '`', '``'), '`@`', REPLACE(SUBSTRING(v_grantee, v_at + 1), '`', '``'), '`');
			ELSE
				SET v_to = CONCAT('`', REPLACE(v_grantee, '`', '``'), '`');
			END IF;
			SET v_out = JSON_ARRAY_APPEND(v_out, '$', CONCAT('GRANT ', v_privs, ' ON ', v_view, ' TO ', v_to));
			SET v_out = JSON_ARRAY_APPEND(v_out, '$', CONCAT('REVOKE ALL PRIVILEGES ON ', v_base, ' FROM ', v_to));
			SET v_i = v_i + 1;
		END WHILE;
	END IF;
	RETURN v_out;
END$$

-- schemaops.rls_policy_ddl(db, tbl, tenant_column [JSON options]): the DDL of the tenant view for db.tbl, one
-- statement per line, each ending in ';' (no DELIMITER needed). A stored function, not a UDF: it reads the
-- catalog (the table, the column and its type) as the caller, and UDFs never read catalogs (docs/rls.md).
--
-- Statements, in order: CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY DEFINER VIEW ... WITH CASCADED CHECK
-- OPTION; the guard triggers so_rls_bu_<tbl> and so_rls_bd_<tbl> (hardened: so_rlsh_bu_/bd_; CREATE OR REPLACE
-- TRIGGER); per grantee
-- GRANT <privileges> ON the view and REVOKE ALL PRIVILEGES ON the base table.
-- Options (JSON object; NULL = {}):
--   view_db         database of the view (default: db)
--   view_name       name of the view (default: tbl when view_db differs from db, else <tbl>_tenant)
--   grantees        "user@host" or a role name, or an array of them (default: none, no GRANT/REVOKE)
--   privileges      array of SELECT/INSERT/UPDATE/DELETE granted on the view (default: all four)
--   hardened        true: filter on the verified token (rls_verified_tenant[_int]) (default false)
--   guard_triggers  false: no guard triggers (REPLACE / ON DUPLICATE KEY UPDATE then reach other tenants' rows)
--   definer         "user@host": DEFINER of the view and triggers (default: the account that runs the DDL)
-- NULL db, tbl or tenant_column: NULL.
-- Errors: options not a JSON object, an unknown option or a wrong value: SQLSTATE 22023; no base table db.tbl
-- (as the caller sees it): 42S02 (1146); no such column: 42S22 (1054); a column type other than integer,
-- CHAR/VARCHAR/TEXT/ENUM: 0A000; unknown view_db: 42000 (1049).
CREATE FUNCTION schemaops.rls_policy_ddl(db VARCHAR(64) CHARSET utf8mb4, tbl VARCHAR(64) CHARSET utf8mb4,
		tenant_column VARCHAR(64) CHARSET utf8mb4, options LONGTEXT CHARSET utf8mb4)
	RETURNS LONGTEXT CHARSET utf8mb4 COLLATE utf8mb4_bin
	NOT DETERMINISTIC
	READS SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'DDL of the tenant view, guard triggers and grants for db.tbl; see docs/rls.md'
BEGIN
	DECLARE v_stmts LONGTEXT CHARSET utf8mb4 DEFAULT schemaops.rls_policy_statements(db, tbl, tenant_column, options);
	DECLARE v_out LONGTEXT CHARSET utf8mb4 DEFAULT '';
	DECLARE v_i INT DEFAULT 0;
	IF v_stmts IS NULL THEN
		RETURN NULL;
	END IF;
	WHILE v_i < JSON_LENGTH(v_stmts) DO
		SET v_out = CONCAT(v_out, JSON_VALUE(v_stmts, CONCAT('$[', v_i, ']')), ';\n');
		SET v_i = v_i + 1;
	END WHILE;
	RETURN v_out;
END$$

-- schemaops.rls_apply(db, tbl, tenant_column, options): runs the statements of rls_policy_ddl (idempotent:
-- CREATE OR REPLACE; a REVOKE of a grant that does not exist is skipped). Runs as the caller, who needs the
-- privileges the statements need (CREATE VIEW, TRIGGER, GRANT OPTION, and SET USER for a definer).
-- Refuses (SQLSTATE 42000, before changing anything) when a grantee holds SELECT, INSERT, UPDATE or DELETE on
-- the database db or globally: privileges are additive in MariaDB, and the base table would stay reachable.
-- Roles granted to a grantee are not examined (docs/rls.md). Errors: those of rls_policy_ddl, and the server's.
CREATE PROCEDURE schemaops.rls_apply(db VARCHAR(64) CHARSET utf8mb4, tbl VARCHAR(64) CHARSET utf8mb4,
		tenant_column VARCHAR(64) CHARSET utf8mb4, options LONGTEXT CHARSET utf8mb4)
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'applies rls_policy_ddl(db, tbl, tenant_column, options); see docs/rls.md'
BEGIN
	DECLARE v_stmts LONGTEXT CHARSET utf8mb4;
	DECLARE v_stmt LONGTEXT CHARSET utf8mb4;
	DECLARE v_list LONGTEXT CHARSET utf8mb4;
	DECLARE v_grantee, v_q VARCHAR(512) CHARSET utf8mb4;
	DECLARE v_msg VARCHAR(512) CHARSET utf8mb4;
	DECLARE v_i, v_at INT;
	DECLARE v_no_grant BOOLEAN DEFAULT FALSE;

	IF db IS NULL OR tbl IS NULL OR tenant_column IS NULL THEN
		SIGNAL SQLSTATE '22004' SET MESSAGE_TEXT = 'schemaops.rls_apply: db, tbl and tenant_column must not be NULL';
	END IF;
	SET v_stmts = schemaops.rls_policy_statements(db, tbl, tenant_column, options);

	-- grantees with database-level or global privileges would still reach the base table
	SET v_list = JSON_EXTRACT(COALESCE(options, '{}'), '$.grantees');
	IF v_list IS NOT NULL AND JSON_TYPE(v_list) = 'STRING' THEN
		SET v_list = JSON_ARRAY(JSON_VALUE(options, '$.grantees'));
	END IF;
	SET v_i = 0;
	WHILE v_list IS NOT NULL AND v_i < JSON_LENGTH(v_list) DO
		SET v_grantee = JSON_VALUE(v_list, CONCAT('$[', v_i, ']'));
		IF LOCATE('@', v_grantee) > 0 THEN
			SET v_at = CHAR_LENGTH(v_grantee) - LOCATE('@', REVERSE(v_grantee)) + 1;
			SET v_q = CONCAT('''', LEFT(v_grantee, v_at - 1), '''@''', SUBSTRING(v_grantee, v_at + 1), '''');
		ELSE
			SET v_q = CONCAT('''', v_grantee, '''@''''');
		END IF;
		IF EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p WHERE p.GRANTEE = v_q
				AND p.PRIVILEGE_TYPE IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE'))
			OR EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES p WHERE p.GRANTEE = v_q
				AND db LIKE p.TABLE_SCHEMA AND p.PRIVILEGE_TYPE IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')) THEN
			SET v_msg = CONCAT('schemaops.rls_apply: ', LEFT(v_q, 200), ' has database-level or global privileges on ',
				LEFT(db, 64), '; revoke them first (the base table would stay readable)');
			SIGNAL SQLSTATE '42000' SET MESSAGE_TEXT = v_msg;
		END IF;
		SET v_i = v_i + 1;
	END WHILE;

	SET v_i = 0;
	WHILE v_i < JSON_LENGTH(v_stmts) DO
		SET v_stmt = JSON_VALUE(v_stmts, CONCAT('$[', v_i, ']'));
		IF v_stmt LIKE 'REVOKE %' THEN
			BEGIN
				-- ER_NONEXISTING_TABLE_GRANT: the grantee had no grant on the base table; nothing to revoke
				DECLARE CONTINUE HANDLER FOR 1147 SET v_no_grant = TRUE;
				EXECUTE IMMEDIATE v_stmt;
			END;
		ELSE
			EXECUTE IMMEDIATE v_stmt;
		END IF;
		SET v_i = v_i + 1;
	END WHILE;
END$$

-- schemaops.rls_apply_database(db, tenant_column, options): rls_apply for every base table of db that has a
-- column named tenant_column (the view names follow the options' defaults; "view_name" is refused here).
-- Returns nothing; errors as rls_apply (the first failing table stops the loop; tables done stay done).
CREATE PROCEDURE schemaops.rls_apply_database(db VARCHAR(64) CHARSET utf8mb4, tenant_column VARCHAR(64) CHARSET utf8mb4,
		options LONGTEXT CHARSET utf8mb4)
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'rls_apply for every table of db with column tenant_column; see docs/rls.md'
BEGIN
	DECLARE v_done BOOLEAN DEFAULT FALSE;
	DECLARE v_tbl VARCHAR(64) CHARSET utf8mb4;
	DECLARE cur CURSOR FOR
		SELECT t.TABLE_NAME FROM information_schema.TABLES t JOIN information_schema.COLUMNS c
			ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
		WHERE t.TABLE_SCHEMA = db AND BINARY t.TABLE_SCHEMA = BINARY db AND t.TABLE_TYPE = 'BASE TABLE'
			AND c.COLUMN_NAME = tenant_column
		ORDER BY t.TABLE_NAME;
	DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = TRUE;

	IF db IS NULL OR tenant_column IS NULL THEN
		SIGNAL SQLSTATE '22004' SET MESSAGE_TEXT = 'schemaops.rls_apply_database: db and tenant_column must not be NULL';
	END IF;
	IF options IS NOT NULL AND JSON_VALID(options) AND JSON_EXISTS(options, '$.view_name') THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.rls_apply_database: option "view_name" names one view; not allowed for a whole database';
	END IF;
	OPEN cur;
	fetch_loop: LOOP
		FETCH cur INTO v_tbl;
		IF v_done THEN
			LEAVE fetch_loop;
		END IF;
		CALL schemaops.rls_apply(db, v_tbl, tenant_column, options);
	END LOOP;
	CLOSE cur;
END$$

DELIMITER ;
