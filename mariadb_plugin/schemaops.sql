-- sql/mariadb/00_udfs.sql: registers the UDFs of schemaops.so (first piece of the install script).
--
-- The install script mariadb_plugin/schemaops.sql is built by `make` from sql/mariadb/*.sql, sorted by name.
-- Run it with the mariadb client after `INSTALL SONAME 'schemaops'` (the plugin must be in the server's
-- plugin_dir). Idempotent: it may be run again to upgrade the stored routines. Reference:
-- docs/sql-mariadb.md. The document format is docs/document-format.md (dialect mariadb).
--
-- The UDFs are global (mysql.func); their symbols in schemaops.so equal the SQL names. Each concern's piece
-- registers its own UDFs; mariadb_plugin/Makefile (check-symbols) verifies that every name registered with
-- SONAME 'schemaops.so' in these pieces is exported with its _init/_deinit.
CREATE FUNCTION IF NOT EXISTS schema_diff RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS schema_changes_json RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS schema_from_yaml RETURNS STRING SONAME 'schemaops.so';

CREATE DATABASE IF NOT EXISTS schemaops;
-- sql/mariadb/10_snapshot.sql: schemaops.snapshot(db), the stored function that reads a database into a
-- schema document (piece of mariadb_plugin/schemaops.sql; see 00_udfs.sql).

DROP FUNCTION IF EXISTS schemaops.snapshot;

DELIMITER $$

-- schemaops.snapshot(db): the schema document of database `db`, built only from information_schema, so the
-- caller sees exactly what information_schema shows the caller (SQL SECURITY INVOKER): objects the caller has
-- no privilege on are absent, a database the caller cannot see is "unknown".
--
-- Result: compact JSON (LONGTEXT utf8mb4), members whose value would be null or the default left out.
-- NULL db: NULL. Unknown or invisible database: SQLSTATE 42000, error 1049 (ER_BAD_DB_ERROR).
-- Names are matched exactly (case-sensitively), as the server stores them.
--
-- JSON_ARRAYAGG obeys group_concat_max_len and truncates with only a warning, so the function raises it to
-- the maximum for its own duration and puts the caller's value back, also when it fails. Each list is
-- ordered by name inside JSON_ARRAYAGG, so equal schemas give byte-identical documents.
CREATE FUNCTION schemaops.snapshot(db VARCHAR(64))
	RETURNS LONGTEXT CHARSET utf8mb4 COLLATE utf8mb4_bin
	NOT DETERMINISTIC
	READS SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'schema document (JSON) of database db from information_schema; see docs/sql-mariadb.md'
BEGIN
	DECLARE v_saved BIGINT UNSIGNED DEFAULT @@SESSION.group_concat_max_len;
	DECLARE v_name VARCHAR(64) CHARSET utf8mb3;
	DECLARE v_msg VARCHAR(255);
	DECLARE v_doc LONGTEXT CHARSET utf8mb4;
	DECLARE v_tables, v_views, v_functions, v_procedures, v_events, v_sequences LONGTEXT CHARSET utf8mb4;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		SET SESSION group_concat_max_len = v_saved;
		RESIGNAL;
	END;

	IF db IS NULL THEN
		RETURN NULL;
	END IF;
	SET v_name = (SELECT s.SCHEMA_NAME FROM information_schema.SCHEMATA s
		WHERE s.SCHEMA_NAME = db AND BINARY s.SCHEMA_NAME = BINARY db);
	IF v_name IS NULL THEN
		SET v_msg = CONCAT('schemaops.snapshot: unknown database ''', LEFT(db, 64), '''');
		SIGNAL SQLSTATE '42000' SET MESSAGE_TEXT = v_msg, MYSQL_ERRNO = 1049;
	END IF;

	SET SESSION group_concat_max_len = 4294967295;

	-- Tables: one row per table, its parts aggregated per table in derived tables joined by exact name. Each
	-- join also states the plain (case-insensitive) name equality: the optimizer can then look a derived table
	-- up by a key it builds on the name (derived_with_keys) instead of comparing every pair of rows, which made
	-- the snapshot grow with the square of the table count; the BINARY equality keeps the match exact.
	SELECT JSON_ARRAYAGG(JSON_MERGE_PATCH('{}', JSON_OBJECT(
			'name', t.TABLE_NAME,
			'rows', t.TABLE_ROWS,
			'comment', NULLIF(t.TABLE_COMMENT, ''),
			'options', JSON_MERGE_PATCH('{}', JSON_OBJECT(
				'engine', t.ENGINE,
				'collation', t.TABLE_COLLATION,
				-- TABLES.ROW_FORMAT is the effective format; only an explicit ROW_FORMAT= belongs in the document
				'row_format', NULLIF(REGEXP_SUBSTR(t.CREATE_OPTIONS, '(?<=row_format=)[A-Za-z_]+'), ''))),
			'columns', JSON_EXTRACT(c.cols, '$'),
			'primary_key', JSON_EXTRACT(pk.pk, '$'),
			'indexes', JSON_EXTRACT(ix.idx, '$'),
			'foreign_keys', JSON_EXTRACT(fk.fks, '$'),
			'checks', JSON_EXTRACT(ck.cks, '$'),
			'triggers', JSON_EXTRACT(tr.trs, '$'),
			'invisible_columns', JSON_EXTRACT(iv.inv, '$'),
			'ignored_indexes', JSON_EXTRACT(ig.ign, '$'),
			'partitioning', JSON_EXTRACT(pa.part, '$'),
			-- no format field either: an opaque table-level value, so that it is reported, never lost
			'system_versioning', IF(t.TABLE_TYPE = 'SYSTEM VERSIONED', JSON_OBJECT('period', 'SYSTEM_TIME'), NULL)))
		ORDER BY BINARY t.TABLE_NAME)
	INTO v_tables
	FROM information_schema.TABLES t
	LEFT JOIN (
		SELECT c.TABLE_NAME AS tn,
			JSON_ARRAYAGG(JSON_MERGE_PATCH('{}', JSON_OBJECT(
				'name', c.COLUMN_NAME,
				'type', c.COLUMN_TYPE,
				'nullable', c.IS_NULLABLE = 'YES',
				-- 10.11 writes literal defaults quoted ('abc'), NULL as the word NULL, expressions as text
				'default', IF(c.IS_GENERATED = 'ALWAYS' OR c.COLUMN_DEFAULT = 'NULL', NULL, c.COLUMN_DEFAULT),
				-- 10.11: EXTRA = 'on update current_timestamp(N)' (N only with a precision), maybe followed
				-- by ', INVISIBLE'; '' from REGEXP_SUBSTR (no clause) becomes NULL and is left out
				'on_update', NULLIF(SUBSTRING(REGEXP_SUBSTR(c.EXTRA, 'on update [^,]+'), 11), ''),
				'auto_increment', JSON_EXTRACT(IF(c.EXTRA LIKE '%auto_increment%', 'true', NULL), '$'),
				'generated', IF(c.IS_GENERATED = 'ALWAYS', c.GENERATION_EXPRESSION, NULL),
				'generated_stored', JSON_EXTRACT(IF(c.EXTRA LIKE '%STORED GENERATED%', 'true', NULL), '$'),
				'collation', IF(c.COLLATION_NAME <> ct.TABLE_COLLATION, c.COLLATION_NAME, NULL),
				'comment', NULLIF(c.COLUMN_COMMENT, '')))
				ORDER BY c.ORDINAL_POSITION) AS cols
		FROM information_schema.COLUMNS c
		JOIN (SELECT x.TABLE_NAME, x.TABLE_COLLATION FROM information_schema.TABLES x
			WHERE x.TABLE_SCHEMA = v_name) ct
			ON ct.TABLE_NAME = c.TABLE_NAME AND BINARY ct.TABLE_NAME = BINARY c.TABLE_NAME
		WHERE c.TABLE_SCHEMA = v_name
		GROUP BY BINARY c.TABLE_NAME
	) c ON c.tn = t.TABLE_NAME AND BINARY c.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		SELECT s.TABLE_NAME AS tn,
			JSON_OBJECT('name', 'PRIMARY',
				'columns', JSON_ARRAYAGG(s.COLUMN_NAME ORDER BY s.SEQ_IN_INDEX)) AS pk
		FROM information_schema.STATISTICS s
		WHERE s.TABLE_SCHEMA = v_name AND s.INDEX_NAME = 'PRIMARY'
		GROUP BY BINARY s.TABLE_NAME
	) pk ON pk.tn = t.TABLE_NAME AND BINARY pk.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		-- Unique keys are written as unique indexes (the one spelling the format normalizes to).
		SELECT i.tn, JSON_ARRAYAGG(JSON_EXTRACT(i.ix, '$') ORDER BY BINARY i.iname) AS idx
		FROM (
			SELECT s.TABLE_NAME AS tn, s.INDEX_NAME AS iname,
				JSON_MERGE_PATCH('{}', JSON_OBJECT(
					'name', s.INDEX_NAME,
					'unique', JSON_EXTRACT(IF(MAX(s.NON_UNIQUE) = 0, 'true', NULL), '$'),
					'method', IF(MAX(s.INDEX_TYPE) = 'BTREE', NULL, LOWER(MAX(s.INDEX_TYPE))),
					-- SUB_PART is the prefix length; SPATIAL keys report one (32) that is no prefix. The
					-- string form is read as "name [ASC|DESC]" or else an expression, so only a plain name
					-- may use it; any other name (`nick name`, `x desc`, `a``b`) is a {column: ...} mapping.
					'columns', JSON_ARRAYAGG(JSON_EXTRACT(
						IF((s.SUB_PART IS NULL OR s.INDEX_TYPE = 'SPATIAL') AND NOT s.COLLATION <=> 'D'
								AND BINARY s.COLUMN_NAME REGEXP '^[A-Za-z0-9_$]+$',
							JSON_QUOTE(s.COLUMN_NAME),
							JSON_MERGE_PATCH('{}', JSON_OBJECT(
								'column', s.COLUMN_NAME,
								'length', IF(s.INDEX_TYPE = 'SPATIAL', NULL, s.SUB_PART),
								'desc', JSON_EXTRACT(IF(s.COLLATION <=> 'D', 'true', NULL), '$')))),
						'$') ORDER BY s.SEQ_IN_INDEX),
					'comment', NULLIF(MAX(s.INDEX_COMMENT), ''))) AS ix
			FROM information_schema.STATISTICS s
			WHERE s.TABLE_SCHEMA = v_name AND s.INDEX_NAME <> 'PRIMARY'
			GROUP BY BINARY s.TABLE_NAME, BINARY s.INDEX_NAME
		) i
		GROUP BY BINARY i.tn
	) ix ON ix.tn = t.TABLE_NAME AND BINARY ix.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		SELECT f.tn, JSON_ARRAYAGG(JSON_EXTRACT(f.fk, '$') ORDER BY BINARY f.fname) AS fks
		FROM (
			SELECT r.TABLE_NAME AS tn, r.CONSTRAINT_NAME AS fname,
				JSON_OBJECT(
					'name', r.CONSTRAINT_NAME,
					'columns', JSON_ARRAYAGG(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION),
					'references', JSON_MERGE_PATCH('{}', JSON_OBJECT(
						'schema', IF(BINARY MAX(k.REFERENCED_TABLE_SCHEMA) = BINARY v_name, NULL,
							MAX(k.REFERENCED_TABLE_SCHEMA)),
						'table', r.REFERENCED_TABLE_NAME,
						'columns', JSON_ARRAYAGG(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION))),
					'on_update', LOWER(r.UPDATE_RULE),
					'on_delete', LOWER(r.DELETE_RULE)) AS fk
			FROM information_schema.REFERENTIAL_CONSTRAINTS r
			JOIN information_schema.KEY_COLUMN_USAGE k
				ON k.CONSTRAINT_SCHEMA = v_name AND k.TABLE_SCHEMA = v_name
				AND BINARY k.TABLE_NAME = BINARY r.TABLE_NAME
				AND BINARY k.CONSTRAINT_NAME = BINARY r.CONSTRAINT_NAME
				AND k.REFERENCED_TABLE_NAME IS NOT NULL
			WHERE r.CONSTRAINT_SCHEMA = v_name
			GROUP BY BINARY r.TABLE_NAME, BINARY r.CONSTRAINT_NAME
		) f
		GROUP BY BINARY f.tn
	) fk ON fk.tn = t.TABLE_NAME AND BINARY fk.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		-- Column-level CHECKs (LEVEL = 'Column', named after their column, e.g. JSON's json_valid()) are
		-- listed with the table's: the server treats both alike and a re-created one comes back table-level.
		SELECT k.TABLE_NAME AS tn,
			JSON_ARRAYAGG(JSON_OBJECT('name', k.CONSTRAINT_NAME, 'expression', k.CHECK_CLAUSE)
				ORDER BY BINARY k.CONSTRAINT_NAME) AS cks
		FROM information_schema.CHECK_CONSTRAINTS k
		WHERE k.CONSTRAINT_SCHEMA = v_name
		GROUP BY BINARY k.TABLE_NAME
	) ck ON ck.tn = t.TABLE_NAME AND BINARY ck.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		-- Triggers: a table-level kind the diff plans as objects (diff_objects_mariadb.c).
		SELECT g.EVENT_OBJECT_TABLE AS tn,
			JSON_ARRAYAGG(JSON_OBJECT(
				'name', g.TRIGGER_NAME,
				'timing', g.ACTION_TIMING,
				'event', g.EVENT_MANIPULATION,
				'order', g.ACTION_ORDER,
				'statement', g.ACTION_STATEMENT)
				ORDER BY BINARY g.TRIGGER_NAME) AS trs
		FROM information_schema.TRIGGERS g
		WHERE g.EVENT_OBJECT_SCHEMA = v_name
		GROUP BY BINARY g.EVENT_OBJECT_TABLE
	) tr ON tr.tn = t.TABLE_NAME AND BINARY tr.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		-- Format version 1 has no column attribute for INVISIBLE: the invisible columns are a table-level
		-- opaque kind, so making a column (in)visible is reported as UNSUPPORTED instead of being lost (the
		-- column itself is still diffed as a visible one).
		SELECT c.TABLE_NAME AS tn,
			JSON_ARRAYAGG(JSON_OBJECT('name', c.COLUMN_NAME) ORDER BY BINARY c.COLUMN_NAME) AS inv
		FROM information_schema.COLUMNS c
		WHERE c.TABLE_SCHEMA = v_name AND c.EXTRA REGEXP '(^|, )INVISIBLE'
		GROUP BY BINARY c.TABLE_NAME
	) iv ON iv.tn = t.TABLE_NAME AND BINARY iv.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		-- IGNORED indexes (10.6+) have no format field either: reported as UNSUPPORTED, never lost.
		SELECT x.TABLE_NAME AS tn,
			JSON_ARRAYAGG(JSON_OBJECT('name', x.INDEX_NAME) ORDER BY BINARY x.INDEX_NAME) AS ign
		FROM (SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS
			WHERE TABLE_SCHEMA = v_name AND IGNORED = 'YES') x
		GROUP BY BINARY x.TABLE_NAME
	) ig ON ig.tn = t.TABLE_NAME AND BINARY ig.tn = BINARY t.TABLE_NAME
	LEFT JOIN (
		-- Partitioning is not diffed by format version 1: the whole scheme is one opaque table-level value
		-- (method, expression, partitions with their bounds), so a change is reported as UNSUPPORTED.
		SELECT p.TABLE_NAME AS tn,
			JSON_OBJECT(
				'method', MAX(p.PARTITION_METHOD),
				'expression', MAX(p.PARTITION_EXPRESSION),
				'subpartition_method', MAX(p.SUBPARTITION_METHOD),
				'subpartition_expression', MAX(p.SUBPARTITION_EXPRESSION),
				'partitions', JSON_ARRAYAGG(JSON_OBJECT(
					'name', p.PARTITION_NAME,
					'subpartition', p.SUBPARTITION_NAME,
					'bound', p.PARTITION_DESCRIPTION)
					ORDER BY p.PARTITION_ORDINAL_POSITION, p.SUBPARTITION_ORDINAL_POSITION)) AS part
		FROM information_schema.PARTITIONS p
		WHERE p.TABLE_SCHEMA = v_name AND p.PARTITION_NAME IS NOT NULL
		GROUP BY BINARY p.TABLE_NAME
	) pa ON pa.tn = t.TABLE_NAME AND BINARY pa.tn = BINARY t.TABLE_NAME
	WHERE t.TABLE_SCHEMA = v_name AND BINARY t.TABLE_SCHEMA = BINARY v_name
		AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED');

	-- Views, routines and events are diffed as objects (diff_objects_mariadb.c), sequences stay opaque
	-- (UNSUPPORTED when they differ). The server qualifies every
	-- name in VIEW_DEFINITION with the database; the own database's qualifier is removed so that two
	-- databases with the same views compare equal.
	SELECT JSON_ARRAYAGG(JSON_OBJECT(
			'name', v.TABLE_NAME,
			'definition', REPLACE(v.VIEW_DEFINITION, CONCAT('`', REPLACE(v_name, '`', '``'), '`.'), ''),
			'check_option', v.CHECK_OPTION,
			'algorithm', v.ALGORITHM,
			'security', v.SECURITY_TYPE)
		ORDER BY BINARY v.TABLE_NAME)
	INTO v_views
	FROM information_schema.VIEWS v
	WHERE v.TABLE_SCHEMA = v_name AND BINARY v.TABLE_SCHEMA = BINARY v_name;

	-- Functions and procedures are two kinds: they have separate name spaces.
	SELECT
		JSON_ARRAYAGG(JSON_EXTRACT(r.o, '$') ORDER BY BINARY r.ROUTINE_NAME)
	INTO v_functions
	FROM (
		SELECT r.ROUTINE_NAME, r.ROUTINE_TYPE,
			JSON_MERGE_PATCH('{}', JSON_OBJECT(
				'name', r.ROUTINE_NAME,
				'parameters', JSON_EXTRACT(COALESCE((
					SELECT JSON_ARRAYAGG(CONCAT_WS(' ', p.PARAMETER_MODE, p.PARAMETER_NAME, p.DTD_IDENTIFIER)
						ORDER BY p.ORDINAL_POSITION)
					FROM information_schema.PARAMETERS p
					WHERE p.SPECIFIC_SCHEMA = v_name AND BINARY p.SPECIFIC_NAME = BINARY r.SPECIFIC_NAME
						AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0), '[]'), '$'),
				'returns', IF(r.ROUTINE_TYPE = 'FUNCTION', r.DTD_IDENTIFIER, NULL),
				'definition', r.ROUTINE_DEFINITION,
				'deterministic', r.IS_DETERMINISTIC = 'YES',
				'data_access', r.SQL_DATA_ACCESS,
				'security', r.SECURITY_TYPE,
				'comment', NULLIF(r.ROUTINE_COMMENT, ''))) AS o
		FROM information_schema.ROUTINES r
		WHERE r.ROUTINE_SCHEMA = v_name AND BINARY r.ROUTINE_SCHEMA = BINARY v_name
			AND r.ROUTINE_TYPE = 'FUNCTION'
	) r;

	SELECT JSON_ARRAYAGG(JSON_EXTRACT(r.o, '$') ORDER BY BINARY r.ROUTINE_NAME)
	INTO v_procedures
	FROM (
		SELECT r.ROUTINE_NAME, r.ROUTINE_TYPE,
			JSON_MERGE_PATCH('{}', JSON_OBJECT(
				'name', r.ROUTINE_NAME,
				'parameters', JSON_EXTRACT(COALESCE((
					SELECT JSON_ARRAYAGG(CONCAT_WS(' ', p.PARAMETER_MODE, p.PARAMETER_NAME, p.DTD_IDENTIFIER)
						ORDER BY p.ORDINAL_POSITION)
					FROM information_schema.PARAMETERS p
					WHERE p.SPECIFIC_SCHEMA = v_name AND BINARY p.SPECIFIC_NAME = BINARY r.SPECIFIC_NAME
						AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0), '[]'), '$'),
				'returns', IF(r.ROUTINE_TYPE = 'FUNCTION', r.DTD_IDENTIFIER, NULL),
				'definition', r.ROUTINE_DEFINITION,
				'deterministic', r.IS_DETERMINISTIC = 'YES',
				'data_access', r.SQL_DATA_ACCESS,
				'security', r.SECURITY_TYPE,
				'comment', NULLIF(r.ROUTINE_COMMENT, ''))) AS o
		FROM information_schema.ROUTINES r
		WHERE r.ROUTINE_SCHEMA = v_name AND BINARY r.ROUTINE_SCHEMA = BINARY v_name
			AND r.ROUTINE_TYPE = 'PROCEDURE'
	) r;

	SELECT JSON_ARRAYAGG(JSON_MERGE_PATCH('{}', JSON_OBJECT(
			'name', e.EVENT_NAME,
			'definition', e.EVENT_DEFINITION,
			'type', e.EVENT_TYPE,
			'execute_at', CAST(e.EXECUTE_AT AS CHAR),
			'interval', IF(e.INTERVAL_VALUE IS NULL, NULL, CONCAT(e.INTERVAL_VALUE, ' ', e.INTERVAL_FIELD)),
			'status', e.STATUS,
			'on_completion', e.ON_COMPLETION,
			'comment', NULLIF(e.EVENT_COMMENT, '')))
		ORDER BY BINARY e.EVENT_NAME)
	INTO v_events
	FROM information_schema.EVENTS e
	WHERE e.EVENT_SCHEMA = v_name AND BINARY e.EVENT_SCHEMA = BINARY v_name;

	-- 10.11 has no information_schema.SEQUENCES: sequences are listed by name only, as an opaque kind.
	SELECT JSON_ARRAYAGG(JSON_OBJECT('name', s.TABLE_NAME) ORDER BY BINARY s.TABLE_NAME)
	INTO v_sequences
	FROM information_schema.TABLES s
	WHERE s.TABLE_SCHEMA = v_name AND BINARY s.TABLE_SCHEMA = BINARY v_name AND s.TABLE_TYPE = 'SEQUENCE';

	SET v_doc = JSON_MERGE_PATCH('{}', JSON_OBJECT(
		'schemaops', 1,
		'dialect', 'mariadb',
		'name', v_name,
		'tables', JSON_EXTRACT(COALESCE(v_tables, '[]'), '$'),
		'views', JSON_EXTRACT(v_views, '$'),
		'functions', JSON_EXTRACT(v_functions, '$'),
		'procedures', JSON_EXTRACT(v_procedures, '$'),
		'events', JSON_EXTRACT(v_events, '$'),
		'mariadb_sequences', JSON_EXTRACT(v_sequences, '$')));
	SET SESSION group_concat_max_len = v_saved;
	RETURN JSON_COMPACT(v_doc);
END$$

DELIMITER ;
-- sql/mariadb/30_verify.sql: schemaops.schema_diff_verify, a migration plan checked on a scratch copy (piece of
-- mariadb_plugin/schemaops.sql; see 00_udfs.sql and docs/verify.md).

DROP PROCEDURE IF EXISTS schemaops.schema_diff_verify;

DELIMITER $$

-- CALL schemaops.schema_diff_verify(from_doc, to_doc, options, @result): builds a scratch database
-- `schemaops_verify_<connection id>` from from_doc (the plan of an empty document to from_doc, strategy full),
-- checks that the copy equals from_doc, runs the steps of schema_changes_json(from_doc, to_doc, options) on it
-- one by one (PREPARE/EXECUTE; steps the strategy skips are not run), and re-diffs the copy against to_doc.
-- MariaDB DDL is not transactional: the scratch database is dropped at the end, on success and on error alike.
--
-- @result (JSON): {"verified": bool, "steps_applied": n, "steps_skipped": n, "copy_incomplete": [...],
-- "unsupported": [...], "error": {"stage", "seq", "statement", "message"}, "residual": [...]} with the empty
-- members left out; statements and messages name the source database instead of the scratch one.
-- NULL documents: NULL result. Errors: SQLSTATE 45000 when the scratch database already exists (another call
-- on the same connection id is running, or one was killed), or the documents are not JSON objects; the
-- UDF's errors for malformed documents or options. Needs CREATE and DROP on the scratch database's name.
CREATE PROCEDURE schemaops.schema_diff_verify(IN from_doc LONGTEXT, IN to_doc LONGTEXT, IN options LONGTEXT,
	OUT result LONGTEXT)
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'applies the plan from_doc -> to_doc to a scratch copy and reports whether the re-diff is empty'
BEGIN
	DECLARE v_scratch VARCHAR(64) DEFAULT CONCAT('schemaops_verify_', CONNECTION_ID());
	DECLARE v_src VARCHAR(64);
	DECLARE v_from, v_to, v_changes, v_ch, v_opts LONGTEXT;
	DECLARE v_missing, v_residual LONGTEXT DEFAULT NULL;
	DECLARE v_unsupported LONGTEXT DEFAULT '[]';
	DECLARE v_error LONGTEXT DEFAULT NULL;
	DECLARE v_err TEXT DEFAULT NULL;
	DECLARE v_stage VARCHAR(10) DEFAULT 'copy';
	DECLARE v_n, v_k, v_steps, v_skipped INT DEFAULT 0;
	DECLARE v_created INT DEFAULT 0;

	SET result = NULL;
	IF from_doc IS NULL OR to_doc IS NULL THEN
		SET v_stage = 'done';
	ELSEIF JSON_TYPE(from_doc) <=> 'OBJECT' = 0 OR JSON_TYPE(to_doc) <=> 'OBJECT' = 0 THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'schema_diff_verify: from_doc and to_doc must be schema documents (JSON objects)';
	ELSEIF (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = v_scratch) > 0 THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'schema_diff_verify: the scratch database already exists (drop schemaops_verify_<connection id> if a killed call left it)';
	END IF;
	IF v_stage = 'copy' THEN
	BEGIN
		-- any error from here on: remembered, the steps stop, the scratch database is still dropped below
		DECLARE CONTINUE HANDLER FOR SQLEXCEPTION
			BEGIN
				GET DIAGNOSTICS CONDITION 1 v_err = MESSAGE_TEXT;
				SET v_err = COALESCE(v_err, 'unknown error');
			END;
		SET v_src = JSON_VALUE(from_doc, '$.name');
		SET v_opts = COALESCE(options, '{}');
		SET v_from = JSON_SET(from_doc, '$.name', v_scratch);
		SET v_to = JSON_SET(to_doc, '$.name', v_scratch);
		SET @so_verify_sql = CONCAT('CREATE DATABASE `', v_scratch, '`');
		PREPARE so_verify_stmt FROM @so_verify_sql;
		EXECUTE so_verify_stmt;
		DEALLOCATE PREPARE so_verify_stmt;
		SET v_created = (v_err IS NULL);

		-- 1. the copy
		IF v_err IS NULL THEN
			SET v_changes = schema_changes_json(JSON_OBJECT('schemaops', 1, 'dialect', 'mariadb', 'name', v_scratch,
				'tables', JSON_ARRAY()), v_from, '{"strategy":"full"}');
		END IF;
		SET v_n = COALESCE(JSON_LENGTH(v_changes), 0), v_k = 0;
		WHILE v_err IS NULL AND v_k < v_n DO
			SET v_ch = JSON_EXTRACT(v_changes, CONCAT('$[', v_k, ']'));
			SET v_k = v_k + 1;
			IF JSON_VALUE(v_ch, '$.action') <> 'UNSUPPORTED' THEN
				SET @so_verify_sql = JSON_VALUE(v_ch, '$.ddl_up');
				PREPARE so_verify_stmt FROM @so_verify_sql;
				IF v_err IS NULL THEN
					EXECUTE so_verify_stmt;
					DEALLOCATE PREPARE so_verify_stmt;
				END IF;
			END IF;
		END WHILE;
		IF v_err IS NULL THEN
			SET v_changes = schema_changes_json(schemaops.snapshot(v_scratch), v_from, '{"strategy":"full"}');
			IF JSON_LENGTH(v_changes) > 0 THEN
				SET v_missing = (SELECT JSON_ARRAYAGG(JSON_OBJECT('action', j.action, 'object_type', j.otype,
					'object_name', j.oname)) FROM JSON_TABLE(v_changes, '$[*]' COLUMNS (action VARCHAR(20) PATH '$.action',
					otype VARCHAR(64) PATH '$.object_type', oname VARCHAR(300) PATH '$.object_name')) j);
			END IF;
		END IF;

		-- 2. the plan
		IF v_err IS NULL AND v_missing IS NULL THEN
			SET v_stage = 'plan';
			SET v_changes = schema_changes_json(v_from, v_to, v_opts);
			SET v_n = COALESCE(JSON_LENGTH(v_changes), 0), v_k = 0;
			WHILE v_err IS NULL AND v_k < v_n DO
				SET v_ch = JSON_EXTRACT(v_changes, CONCAT('$[', v_k, ']'));
				SET v_k = v_k + 1;
				IF JSON_VALUE(v_ch, '$.action') = 'UNSUPPORTED' THEN
					SET v_unsupported = JSON_ARRAY_APPEND(v_unsupported, '$', JSON_OBJECT('seq',
						CAST(JSON_VALUE(v_ch, '$.seq') AS INT), 'object_type', JSON_VALUE(v_ch, '$.object_type'),
						'object_name', JSON_VALUE(v_ch, '$.object_name')));
				ELSEIF JSON_EXTRACT(v_ch, '$.skipped') = 'true' THEN
					SET v_skipped = v_skipped + 1;
				ELSE
					SET @so_verify_sql = JSON_VALUE(v_ch, '$.ddl_up');
					PREPARE so_verify_stmt FROM @so_verify_sql;
					IF v_err IS NULL THEN
						EXECUTE so_verify_stmt;
						DEALLOCATE PREPARE so_verify_stmt;
					END IF;
					IF v_err IS NULL THEN
						SET v_steps = v_steps + 1;
					END IF;
				END IF;
			END WHILE;
			-- 3. the re-diff (steps the strategy skips are not left over)
			IF v_err IS NULL THEN
				SET v_stage = 'rediff';
				SET v_changes = schema_changes_json(schemaops.snapshot(v_scratch), v_to, v_opts);
				SET v_residual = (SELECT JSON_ARRAYAGG(JSON_OBJECT('action', j.action, 'object_type', j.otype,
					'object_name', j.oname, 'ddl_up', REPLACE(j.ddl, CONCAT('`', v_scratch, '`'), CONCAT('`', v_src, '`'))))
					FROM JSON_TABLE(v_changes, '$[*]' COLUMNS (action VARCHAR(20) PATH '$.action',
						otype VARCHAR(64) PATH '$.object_type', oname VARCHAR(300) PATH '$.object_name',
						ddl LONGTEXT PATH '$.ddl_up', skipped VARCHAR(5) PATH '$.skipped')) j
					WHERE j.skipped NOT IN ('true', '1'));
			END IF;
		END IF;
		IF v_err IS NOT NULL THEN
			SET v_error = JSON_OBJECT('stage', v_stage, 'seq', CAST(JSON_VALUE(v_ch, '$.seq') AS INT),
				'statement', REPLACE(@so_verify_sql, CONCAT('`', v_scratch, '`'), CONCAT('`', v_src, '`')),
				'message', REPLACE(v_err, v_scratch, v_src));
		END IF;

		-- always: the scratch database goes away
		IF v_created THEN
			SET v_err = NULL;
			SET @so_verify_sql = CONCAT('DROP DATABASE `', v_scratch, '`');
			PREPARE so_verify_stmt FROM @so_verify_sql;
			EXECUTE so_verify_stmt;
			DEALLOCATE PREPARE so_verify_stmt;
		END IF;
		SET result = JSON_COMPACT(JSON_MERGE_PATCH('{}', JSON_OBJECT(
			'verified', JSON_EXTRACT(IF(v_error IS NULL AND v_missing IS NULL AND v_residual IS NULL
				AND JSON_LENGTH(v_unsupported) = 0, 'true', 'false'), '$'),
			-- (a routine's INT variable would be written as a JSON string)
			'steps_applied', JSON_EXTRACT(CONCAT(v_steps), '$'),
			'steps_skipped', JSON_EXTRACT(CONCAT(v_skipped), '$'),
			'copy_incomplete', JSON_EXTRACT(v_missing, '$'),
			'unsupported', JSON_EXTRACT(IF(JSON_LENGTH(v_unsupported) = 0, NULL, v_unsupported), '$'),
			'error', JSON_EXTRACT(v_error, '$'),
			'residual', JSON_EXTRACT(v_residual, '$'))));
	END;
	END IF;
END$$

DELIMITER ;
-- sql/mariadb/40_vector.sql: the vector UDFs (docs/vectors.md). Vectors are binary strings in MariaDB 11.7's
-- VECTOR byte layout (little-endian float32); store them in VARBINARY(4 * dims) or BLOB columns.
-- NULL for a NULL argument, mismatched dimensions, a bad byte length or a NaN/Inf element (as 11.7's
-- VEC_DISTANCE_*); vector_from_text raises an error on malformed text.
CREATE FUNCTION IF NOT EXISTS vector_l2_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_l2_squared_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_cosine_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_inner_product RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_negative_inner_product RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_l1_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_norm RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_dims RETURNS INTEGER SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_normalize RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_from_text RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_to_text RETURNS STRING SONAME 'schemaops.so';
-- sql/mariadb/50_outbox.sql: the transactional outbox on MariaDB (piece of mariadb_plugin/schemaops.sql; see
-- 00_udfs.sql). Shared semantics (columns, payload, type template, claim/ack/fail, retention): docs/outbox.md;
-- the MariaDB specifics are in its "MariaDB" section.
--
--   schemaops.outbox_events                         the outbox table (InnoDB)
--   schemaops.outbox_trigger_ddl(db, tbl, options)  the CREATE TRIGGER script (text) for one table
--   schemaops.outbox_trigger_statements(...)        the same statements as a JSON array
--   CALL schemaops.outbox_attach(db, tbl, options)  creates / replaces the triggers (idempotent)
--   CALL schemaops.outbox_detach(db, tbl)           drops them (idempotent)
--   CALL schemaops.outbox_claim(consumer, batch_size, lease_seconds)      result set of claimed events
--   schemaops.outbox_ack(ids)                       events acknowledged now (BIGINT)
--   schemaops.outbox_fail(id, error, retry_after_seconds, max_attempts)  'retry' | 'dead' | NULL
--   CALL schemaops.outbox_cleanup(retention_seconds)  deletes acknowledged events; result row `deleted`
--
-- Capture is three generated row triggers (AFTER INSERT / UPDATE / DELETE) per table, each one INSERT into
-- the outbox table: the event is part of the writing transaction, so a rollback (or ROLLBACK TO SAVEPOINT)
-- removes it with the row change. MariaDB fires no trigger on TRUNCATE: a TRUNCATE writes no event.

-- The outbox table. id .. payload are the columns Debezium's outbox event router reads. The index
-- (acked_at, dead_at, id) serves both the claim (acked_at IS NULL AND dead_at IS NULL, in id order: pending
-- events only, however many acknowledged ones the table holds) and the cleanup (range on acked_at).
CREATE TABLE IF NOT EXISTS schemaops.outbox_events (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	aggregatetype VARCHAR(255) CHARSET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	aggregateid TEXT CHARSET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	type VARCHAR(255) CHARSET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	payload JSON NOT NULL,
	-- NULL on MariaDB: SQL cannot read the current InnoDB transaction id reliably (docs/outbox.md, MariaDB)
	txid BIGINT UNSIGNED NULL,
	created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	attempts INT UNSIGNED NOT NULL DEFAULT 0,
	claimed_by VARCHAR(255) CHARSET utf8mb4 COLLATE utf8mb4_bin NULL,
	lease_until DATETIME(6) NULL,
	last_error TEXT CHARSET utf8mb4 NULL,
	acked_at DATETIME(6) NULL,
	dead_at DATETIME(6) NULL,
	PRIMARY KEY (id),
	KEY outbox_events_pending (acked_at, dead_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='schemaops transactional outbox; see docs/outbox.md';

DROP FUNCTION IF EXISTS schemaops.outbox_sql_string;
DROP FUNCTION IF EXISTS schemaops.outbox_sql_ident;
DROP FUNCTION IF EXISTS schemaops.outbox_trigger_name;
DROP FUNCTION IF EXISTS schemaops.outbox_value_sql;
DROP FUNCTION IF EXISTS schemaops.outbox_trigger_statements;
DROP FUNCTION IF EXISTS schemaops.outbox_trigger_ddl;
DROP PROCEDURE IF EXISTS schemaops.outbox_attach;
DROP PROCEDURE IF EXISTS schemaops.outbox_detach;
DROP PROCEDURE IF EXISTS schemaops.outbox_claim;
DROP FUNCTION IF EXISTS schemaops.outbox_ack;
DROP FUNCTION IF EXISTS schemaops.outbox_fail;
DROP PROCEDURE IF EXISTS schemaops.outbox_cleanup;

DELIMITER $$

-- schemaops.outbox_sql_string(s): s as an SQL string literal that reads the same under every sql_mode
-- ('abc'; a string holding a quote or a backslash, whose reading depends on NO_BACKSLASH_ESCAPES, becomes a
-- utf8mb4 hex literal). NULL: the word NULL.
CREATE FUNCTION schemaops.outbox_sql_string(s LONGTEXT CHARSET utf8mb4)
	RETURNS LONGTEXT CHARSET utf8mb4
	DETERMINISTIC NO SQL SQL SECURITY INVOKER
	COMMENT 'SQL string literal of s, independent of sql_mode (internal, outbox)'
BEGIN
	IF s IS NULL THEN
		RETURN 'NULL';
	END IF;
	IF LOCATE('''', s) = 0 AND LOCATE(CHAR(92 USING utf8mb4), s) = 0 THEN
		RETURN CONCAT('''', s, '''');
	END IF;
	RETURN CONCAT('_utf8mb4 X''', HEX(s), '''');
END$$

-- schemaops.outbox_sql_ident(s): s as a quoted identifier (`a``b`).
CREATE FUNCTION schemaops.outbox_sql_ident(s VARCHAR(64) CHARSET utf8mb4)
	RETURNS VARCHAR(200) CHARSET utf8mb4
	DETERMINISTIC NO SQL SQL SECURITY INVOKER
	COMMENT 'quoted identifier (internal, outbox)'
	RETURN CONCAT('`', REPLACE(s, '`', '``'), '`')$$

-- schemaops.outbox_trigger_name(tbl, op): the name of the generated trigger for op 'insert' | 'update' |
-- 'delete': so_outbox_<tbl>_<i|u|d>; a table name too long for the 64-character limit is shortened and made
-- unique again with 8 hex digits of its MD5.
CREATE FUNCTION schemaops.outbox_trigger_name(tbl VARCHAR(64) CHARSET utf8mb4, op VARCHAR(6))
	RETURNS VARCHAR(64) CHARSET utf8mb4
	DETERMINISTIC NO SQL SQL SECURITY INVOKER
	COMMENT 'name of the outbox trigger of tbl for op insert|update|delete (internal, outbox)'
	RETURN IF(CHAR_LENGTH(tbl) <= 50,
		CONCAT('so_outbox_', tbl, '_', LEFT(op, 1)),
		CONCAT('so_outbox_', LEFT(tbl, 41), '_', LEFT(MD5(tbl), 8), '_', LEFT(op, 1)))$$

-- schemaops.outbox_value_sql(ref, col_type): the SQL expression that gives column reference ref (NEW.`c`)
-- its JSON value. Binary strings (BINARY, VARBINARY, BLOB kinds) become "\x<hex>" like PostgreSQL's bytea
-- in to_jsonb (raw bytes are not valid JSON text: JSON_OBJECT would fail the writer's statement); BIT(n)
-- becomes its n binary digits ("00101", like PostgreSQL's bit); spatial types become GeoJSON objects; every
-- other type is left to JSON_OBJECT (numbers, strings, temporal values as 'YYYY-MM-DD hh:mm:ss[.f]', JSON
-- columns nested as JSON). NULL stays NULL (JSON null).
CREATE FUNCTION schemaops.outbox_value_sql(ref TEXT CHARSET utf8mb4, col_type TEXT CHARSET utf8mb4)
	RETURNS TEXT CHARSET utf8mb4
	DETERMINISTIC NO SQL SQL SECURITY INVOKER
	COMMENT 'JSON value expression of a column reference by its type (internal, outbox)'
BEGIN
	DECLARE t TEXT CHARSET utf8mb4 DEFAULT LOWER(col_type);
	IF t REGEXP '^(binary|varbinary|tinyblob|blob|mediumblob|longblob)([( ]|$)' THEN
		RETURN CONCAT('CONCAT(CHAR(92 USING utf8mb4), ''x'', LOWER(HEX(', ref, ')))');
	END IF;
	IF t REGEXP '^bit[(]' THEN
		RETURN CONCAT('LPAD(BIN(', ref, '), ', CAST(REGEXP_SUBSTR(t, '[0-9]+') AS UNSIGNED), ', ''0'')');
	END IF;
	IF t REGEXP '^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)([( ]|$)' THEN
		RETURN CONCAT('JSON_EXTRACT(ST_AsGeoJSON(', ref, '), ''$'')');
	END IF;
	RETURN ref;
END$$

-- schemaops.outbox_trigger_statements(db, tbl, options): JSON array of the three CREATE OR REPLACE TRIGGER
-- statements (AFTER INSERT, AFTER UPDATE, AFTER DELETE, in that order) that capture the row changes of db.tbl
-- into schemaops.outbox_events. Built from the table as schemaops.snapshot(db) sees it (columns in ordinal
-- order, primary key columns in key order), so SQL SECURITY INVOKER: only what the caller may see.
--
-- options: JSON object or NULL ('{}'); keys, all optional (docs/outbox.md, "Attach / detach"):
--   type            event type template, {table} = aggregate type, {op} = created|updated|deleted;
--                   default "{table}.{op}"; the expanded type must fit VARCHAR(255)
--   update_payload  "new" (default) | "old_new" | "changed"
--   exclude         array of column names left out of every payload (not key columns)
--   aggregate_type  default the table's name (at most 255 characters)
--   outbox          only "schemaops.outbox_events" is accepted on MariaDB
-- Errors (SIGNAL): NULL db or tbl, unknown or invisible database: 42000/1049 (from snapshot); unknown table:
-- 42S02/1146; options not a JSON object, unknown key, wrong JSON type, bad value: 22023; unknown column in
-- exclude: 42S22/1054; excluded key column, table without primary key, table not InnoDB (a rollback would
-- not undo the row change but would undo its event), the outbox table itself: 55000.
CREATE FUNCTION schemaops.outbox_trigger_statements(db VARCHAR(64), tbl VARCHAR(64), options LONGTEXT)
	RETURNS LONGTEXT CHARSET utf8mb4 COLLATE utf8mb4_bin
	NOT DETERMINISTIC
	READS SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'JSON array of the CREATE TRIGGER statements of the outbox capture of db.tbl; see docs/outbox.md'
BEGIN
	DECLARE v_doc, v_cols, v_pk, v_exclude, v_msg, v_key LONGTEXT CHARSET utf8mb4;
	DECLARE v_engine, v_type_tpl, v_mode, v_aggtype, v_tname, v_ins_type, v_upd_type, v_del_type
		VARCHAR(1024) CHARSET utf8mb4;
	DECLARE v_new, v_old, v_changed, v_key_new, v_key_old, v_head, v_target LONGTEXT CHARSET utf8mb4;
	DECLARE v_n INT;
	DECLARE v_saved BIGINT UNSIGNED DEFAULT @@SESSION.group_concat_max_len;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		SET SESSION group_concat_max_len = v_saved;
		RESIGNAL;
	END;

	IF db IS NULL OR tbl IS NULL THEN
		SIGNAL SQLSTATE '42000' SET MESSAGE_TEXT = 'schemaops.outbox: database and table must not be NULL',
			MYSQL_ERRNO = 1049;
	END IF;
	IF options IS NULL OR TRIM(options) = '' THEN
		SET options = '{}';
	END IF;
	IF NOT JSON_VALID(options) OR JSON_TYPE(options) <> 'OBJECT' THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox: options must be a JSON object';
	END IF;
	SET v_key = (SELECT k.k FROM JSON_TABLE(JSON_KEYS(options), '$[*]' COLUMNS (k VARCHAR(255) PATH '$')) k
		WHERE k.k NOT IN ('type', 'update_payload', 'exclude', 'aggregate_type', 'outbox') LIMIT 1);
	IF v_key IS NOT NULL THEN
		SET v_msg = CONCAT('schemaops.outbox: unknown option "', LEFT(v_key, 64), '"',
			IF(v_key = 'notify', ' (PostgreSQL only)', ''));
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = v_msg;
	END IF;
	IF JSON_EXISTS(options, '$.outbox')
		AND NOT (JSON_TYPE(JSON_EXTRACT(options, '$.outbox')) = 'STRING'
			AND JSON_VALUE(options, '$.outbox') = 'schemaops.outbox_events') THEN
		SIGNAL SQLSTATE '22023'
			SET MESSAGE_TEXT = 'schemaops.outbox: option "outbox": only "schemaops.outbox_events" on MariaDB';
	END IF;
	SET v_type_tpl = '{table}.{op}';
	IF JSON_EXISTS(options, '$.type') THEN
		IF JSON_TYPE(JSON_EXTRACT(options, '$.type')) <> 'STRING' OR JSON_VALUE(options, '$.type') = '' THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox: option "type" must be a non-empty string';
		END IF;
		SET v_type_tpl = JSON_VALUE(options, '$.type');
	END IF;
	SET v_mode = 'new';
	IF JSON_EXISTS(options, '$.update_payload') THEN
		SET v_mode = JSON_VALUE(options, '$.update_payload');
		IF JSON_TYPE(JSON_EXTRACT(options, '$.update_payload')) <> 'STRING'
			OR v_mode NOT IN ('new', 'old_new', 'changed') THEN
			SIGNAL SQLSTATE '22023'
				SET MESSAGE_TEXT = 'schemaops.outbox: option "update_payload" must be "new", "old_new" or "changed"';
		END IF;
	END IF;
	SET v_aggtype = tbl;
	IF JSON_EXISTS(options, '$.aggregate_type') THEN
		IF JSON_TYPE(JSON_EXTRACT(options, '$.aggregate_type')) <> 'STRING'
			OR JSON_VALUE(options, '$.aggregate_type') = ''
			OR CHAR_LENGTH(JSON_VALUE(options, '$.aggregate_type')) > 255 THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT =
				'schemaops.outbox: option "aggregate_type" must be a string of 1 to 255 characters';
		END IF;
		SET v_aggtype = JSON_VALUE(options, '$.aggregate_type');
	END IF;
	SET v_exclude = '[]';
	IF JSON_EXISTS(options, '$.exclude') THEN
		SET v_exclude = JSON_EXTRACT(options, '$.exclude');
		IF JSON_TYPE(v_exclude) <> 'ARRAY' OR EXISTS (SELECT 1 FROM JSON_TABLE(v_exclude, '$[*]'
				COLUMNS (v JSON PATH '$')) x WHERE JSON_TYPE(x.v) IS NULL OR JSON_TYPE(x.v) <> 'STRING') THEN
			SIGNAL SQLSTATE '22023'
				SET MESSAGE_TEXT = 'schemaops.outbox: option "exclude" must be an array of column names';
		END IF;
	END IF;
	-- the expanded event types ({op} first, so that a table name holding "{op}" stays as it is)
	SET v_ins_type = REPLACE(REPLACE(v_type_tpl, '{op}', 'created'), '{table}', v_aggtype);
	SET v_upd_type = REPLACE(REPLACE(v_type_tpl, '{op}', 'updated'), '{table}', v_aggtype);
	SET v_del_type = REPLACE(REPLACE(v_type_tpl, '{op}', 'deleted'), '{table}', v_aggtype);
	IF GREATEST(CHAR_LENGTH(v_ins_type), CHAR_LENGTH(v_upd_type), CHAR_LENGTH(v_del_type)) > 255 THEN
		SIGNAL SQLSTATE '22023'
			SET MESSAGE_TEXT = 'schemaops.outbox: option "type": the expanded event type exceeds 255 characters';
	END IF;

	IF db = 'schemaops' AND tbl = 'outbox_events' THEN
		SIGNAL SQLSTATE '55000' SET MESSAGE_TEXT = 'schemaops.outbox: the outbox table cannot capture itself';
	END IF;

	SET v_doc = schemaops.snapshot(db);
	SELECT t.engine, t.cols, t.pk INTO v_engine, v_cols, v_pk
	FROM JSON_TABLE(v_doc, '$.tables[*]' COLUMNS (
		name VARCHAR(64) CHARSET utf8mb4 PATH '$.name',
		engine VARCHAR(64) PATH '$.options.engine',
		cols JSON PATH '$.columns',
		pk JSON PATH '$.primary_key.columns')) t
	WHERE BINARY t.name = BINARY tbl;
	IF v_cols IS NULL THEN
		SET v_msg = CONCAT('schemaops.outbox: table ''', LEFT(db, 64), '.', LEFT(tbl, 64), ''' doesn''t exist');
		SIGNAL SQLSTATE '42S02' SET MESSAGE_TEXT = v_msg, MYSQL_ERRNO = 1146;
	END IF;
	IF v_engine IS NULL OR v_engine <> 'InnoDB' THEN
		SET v_msg = CONCAT('schemaops.outbox: table ''', LEFT(tbl, 64), ''' uses engine ', IFNULL(v_engine, '?'),
			'; only InnoDB tables can be captured (a rollback must undo the event with the change)');
		SIGNAL SQLSTATE '55000' SET MESSAGE_TEXT = v_msg;
	END IF;
	IF v_pk IS NULL THEN
		SET v_msg = CONCAT('schemaops.outbox: table ''', LEFT(tbl, 64), ''' has no primary key');
		SIGNAL SQLSTATE '55000' SET MESSAGE_TEXT = v_msg;
	END IF;

	SET SESSION group_concat_max_len = 4294967295;

	-- excluded names that are no column, then excluded key columns
	SET v_key = (SELECT x.v FROM JSON_TABLE(v_exclude, '$[*]' COLUMNS (v VARCHAR(64) CHARSET utf8mb4 PATH '$')) x
		WHERE NOT EXISTS (SELECT 1 FROM JSON_TABLE(v_cols, '$[*]' COLUMNS (n VARCHAR(64) CHARSET utf8mb4
			PATH '$.name')) c WHERE BINARY c.n = BINARY x.v) LIMIT 1);
	IF v_key IS NOT NULL THEN
		SET v_msg = CONCAT('schemaops.outbox: option "exclude": unknown column ''', LEFT(v_key, 64), '''');
		SIGNAL SQLSTATE '42S22' SET MESSAGE_TEXT = v_msg, MYSQL_ERRNO = 1054;
	END IF;
	SET v_key = (SELECT x.v FROM JSON_TABLE(v_exclude, '$[*]' COLUMNS (v VARCHAR(64) CHARSET utf8mb4 PATH '$')) x
		JOIN JSON_TABLE(v_pk, '$[*]' COLUMNS (k VARCHAR(64) CHARSET utf8mb4 PATH '$')) p
			ON BINARY p.k = BINARY x.v LIMIT 1);
	IF v_key IS NOT NULL THEN
		SET v_msg = CONCAT('schemaops.outbox: option "exclude": key column ''', LEFT(v_key, 64),
			''' cannot be excluded');
		SIGNAL SQLSTATE '55000' SET MESSAGE_TEXT = v_msg;
	END IF;

	-- payload objects of NEW and OLD, the "changed" object, and the aggregate id expressions
	SELECT
		CONCAT('JSON_OBJECT(', GROUP_CONCAT(CONCAT(schemaops.outbox_sql_string(c.n), ', ',
			schemaops.outbox_value_sql(CONCAT('NEW.', schemaops.outbox_sql_ident(c.n)), c.t))
			ORDER BY c.ord SEPARATOR ', '), ')'),
		CONCAT('JSON_OBJECT(', GROUP_CONCAT(CONCAT(schemaops.outbox_sql_string(c.n), ', ',
			schemaops.outbox_value_sql(CONCAT('OLD.', schemaops.outbox_sql_ident(c.n)), c.t))
			ORDER BY c.ord SEPARATOR ', '), ')'),
		-- JSON_REMOVE drops the unchanged columns; an unchanged one yields the path of the key " ", which no
		-- column can have (MariaDB refuses names ending in a space), so removing it does nothing
		CONCAT('JSON_REMOVE(JSON_OBJECT(', GROUP_CONCAT(CONCAT(schemaops.outbox_sql_string(c.n), ', ',
			schemaops.outbox_value_sql(CONCAT('NEW.', schemaops.outbox_sql_ident(c.n)), c.t))
			ORDER BY c.ord SEPARATOR ', '), '), ',
			GROUP_CONCAT(CONCAT('IF(OLD.', schemaops.outbox_sql_ident(c.n), ' <=> NEW.',
				schemaops.outbox_sql_ident(c.n), ', ', schemaops.outbox_sql_string(CONCAT('$."',
				REPLACE(REPLACE(c.n, CHAR(92 USING utf8mb4), CONCAT(CHAR(92 USING utf8mb4), CHAR(92 USING utf8mb4))),
					'"', CONCAT(CHAR(92 USING utf8mb4), '"')), '"')), ', ''$." "'')')
				ORDER BY c.ord SEPARATOR ', '), ')')
	INTO v_new, v_old, v_changed
	FROM JSON_TABLE(v_cols, '$[*]' COLUMNS (ord FOR ORDINALITY,
		n VARCHAR(64) CHARSET utf8mb4 PATH '$.name',
		t TEXT CHARSET utf8mb4 PATH '$.type')) c
	WHERE NOT EXISTS (SELECT 1 FROM JSON_TABLE(v_exclude, '$[*]' COLUMNS (v VARCHAR(64) CHARSET utf8mb4 PATH '$')) x
		WHERE BINARY x.v = BINARY c.n);

	SELECT COUNT(*),
		GROUP_CONCAT(schemaops.outbox_value_sql(CONCAT('NEW.', schemaops.outbox_sql_ident(p.k)), c.t)
			ORDER BY p.ord SEPARATOR ', '),
		GROUP_CONCAT(schemaops.outbox_value_sql(CONCAT('OLD.', schemaops.outbox_sql_ident(p.k)), c.t)
			ORDER BY p.ord SEPARATOR ', ')
	INTO v_n, v_key_new, v_key_old
	FROM JSON_TABLE(v_pk, '$[*]' COLUMNS (ord FOR ORDINALITY, k VARCHAR(64) CHARSET utf8mb4 PATH '$')) p
	JOIN JSON_TABLE(v_cols, '$[*]' COLUMNS (n VARCHAR(64) CHARSET utf8mb4 PATH '$.name',
		t TEXT CHARSET utf8mb4 PATH '$.type')) c ON BINARY c.n = BINARY p.k;
	-- one key column: its text form; a composite key: a JSON array of the key values in key order
	IF v_n = 1 THEN
		SET v_key_new = CONCAT('CAST(', v_key_new, ' AS CHAR CHARACTER SET utf8mb4)');
		SET v_key_old = CONCAT('CAST(', v_key_old, ' AS CHAR CHARACTER SET utf8mb4)');
	ELSE
		SET v_key_new = CONCAT('JSON_ARRAY(', v_key_new, ')');
		SET v_key_old = CONCAT('JSON_ARRAY(', v_key_old, ')');
	END IF;

	SET v_target = CONCAT(' FOR EACH ROW INSERT INTO `schemaops`.`outbox_events` ',
		'(`aggregatetype`, `aggregateid`, `type`, `payload`) VALUES (',
		schemaops.outbox_sql_string(v_aggtype), ', ');
	SET v_head = CONCAT(schemaops.outbox_sql_ident(db), '.');
	SET v_tname = CONCAT(schemaops.outbox_sql_ident(db), '.', schemaops.outbox_sql_ident(tbl));

	SET v_doc = JSON_ARRAY(
		CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'insert')),
			' AFTER INSERT ON ', v_tname, v_target, v_key_new, ', ', schemaops.outbox_sql_string(v_ins_type), ', ',
			v_new, ')'),
		CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'update')),
			' AFTER UPDATE ON ', v_tname, v_target, v_key_new, ', ', schemaops.outbox_sql_string(v_upd_type), ', ',
			CASE v_mode
				WHEN 'new' THEN v_new
				WHEN 'old_new' THEN CONCAT('JSON_OBJECT(''old'', ', v_old, ', ''new'', ', v_new, ')')
				ELSE v_changed
			END, ')'),
		CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'delete')),
			' AFTER DELETE ON ', v_tname, v_target, v_key_old, ', ', schemaops.outbox_sql_string(v_del_type), ', ',
			v_old, ')'));
	SET SESSION group_concat_max_len = v_saved;
	RETURN v_doc;
END$$

-- schemaops.outbox_trigger_ddl(db, tbl, options): the statements of outbox_trigger_statements as a script for
-- the mariadb client, one statement per line, each ending with ';' (every trigger body is one statement, so no
-- DELIMITER is needed). Same arguments and errors. CREATE OR REPLACE TRIGGER swaps a trigger under the
-- table's metadata lock, so re-running it never leaves a moment without capture.
CREATE FUNCTION schemaops.outbox_trigger_ddl(db VARCHAR(64), tbl VARCHAR(64), options LONGTEXT)
	RETURNS LONGTEXT CHARSET utf8mb4 COLLATE utf8mb4_bin
	NOT DETERMINISTIC
	READS SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'CREATE TRIGGER script of the outbox capture of db.tbl; see docs/outbox.md'
BEGIN
	DECLARE v_saved BIGINT UNSIGNED DEFAULT @@SESSION.group_concat_max_len;
	DECLARE v_out LONGTEXT CHARSET utf8mb4;
	DECLARE v_stmts LONGTEXT CHARSET utf8mb4 DEFAULT schemaops.outbox_trigger_statements(db, tbl, options);
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		SET SESSION group_concat_max_len = v_saved;
		RESIGNAL;
	END;
	SET SESSION group_concat_max_len = 4294967295;
	SELECT GROUP_CONCAT(s.s, ';' ORDER BY s.ord SEPARATOR '\n') INTO v_out
	FROM JSON_TABLE(v_stmts, '$[*]' COLUMNS (ord FOR ORDINALITY, s LONGTEXT CHARSET utf8mb4 PATH '$')) s;
	SET SESSION group_concat_max_len = v_saved;
	RETURN CONCAT(v_out, '\n');
END$$

-- CALL schemaops.outbox_attach(db, tbl, options): creates (or replaces, with new options) the three capture
-- triggers of db.tbl; idempotent. The triggers' DEFINER is the caller: it needs TRIGGER on the table, INSERT
-- on schemaops.outbox_events; the writers need no privilege on the outbox. Implicitly commits (CREATE TRIGGER is DDL), so it refuses to run inside a transaction (25000).
-- CREATE TRIGGER waits for the table's metadata lock up to lock_wait_timeout: set it low in the session on a
-- busy table. Errors: those of outbox_trigger_statements.
CREATE PROCEDURE schemaops.outbox_attach(IN db VARCHAR(64), IN tbl VARCHAR(64), IN options LONGTEXT)
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'install (or replace) the outbox capture triggers of db.tbl; see docs/outbox.md'
BEGIN
	DECLARE v_stmts LONGTEXT CHARSET utf8mb4;
	DECLARE v_i INT DEFAULT 0;
	IF @@in_transaction THEN
		SIGNAL SQLSTATE '25000'
			SET MESSAGE_TEXT = 'schemaops.outbox_attach: cannot run inside a transaction (CREATE TRIGGER commits it)';
	END IF;
	SET v_stmts = schemaops.outbox_trigger_statements(db, tbl, options);
	WHILE v_i < JSON_LENGTH(v_stmts) DO
		SET @schemaops_outbox_stmt = JSON_VALUE(v_stmts, CONCAT('$[', v_i, ']'));
		PREPARE schemaops_outbox_ps FROM @schemaops_outbox_stmt;
		EXECUTE schemaops_outbox_ps;
		DEALLOCATE PREPARE schemaops_outbox_ps;
		SET v_i = v_i + 1;
	END WHILE;
	SET @schemaops_outbox_stmt = NULL;
END$$

-- CALL schemaops.outbox_detach(db, tbl): drops the capture triggers of db.tbl (DROP TRIGGER IF EXISTS: a table
-- that is not attached is left as it is). Same transaction rule as outbox_attach. NULL arguments: 42000.
CREATE PROCEDURE schemaops.outbox_detach(IN db VARCHAR(64), IN tbl VARCHAR(64))
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'drop the outbox capture triggers of db.tbl; see docs/outbox.md'
BEGIN
	DECLARE v_op VARCHAR(6);
	DECLARE v_i INT DEFAULT 0;
	IF db IS NULL OR tbl IS NULL THEN
		SIGNAL SQLSTATE '42000' SET MESSAGE_TEXT = 'schemaops.outbox: database and table must not be NULL',
			MYSQL_ERRNO = 1049;
	END IF;
	IF @@in_transaction THEN
		SIGNAL SQLSTATE '25000'
			SET MESSAGE_TEXT = 'schemaops.outbox_detach: cannot run inside a transaction (DROP TRIGGER commits it)';
	END IF;
	WHILE v_i < 3 DO
		SET v_op = ELT(v_i + 1, 'insert', 'update', 'delete');
		SET @schemaops_outbox_stmt = CONCAT('DROP TRIGGER IF EXISTS ', schemaops.outbox_sql_ident(db), '.',
			schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, v_op)));
		PREPARE schemaops_outbox_ps FROM @schemaops_outbox_stmt;
		EXECUTE schemaops_outbox_ps;
		DEALLOCATE PREPARE schemaops_outbox_ps;
		SET v_i = v_i + 1;
	END WHILE;
	SET @schemaops_outbox_stmt = NULL;
END$$

-- CALL schemaops.outbox_claim(consumer, batch_size, lease_seconds): hands out up to batch_size events, lowest
-- id first, that are neither acked nor dead and whose lease_until is NULL or past; sets claimed_by =
-- consumer, lease_until = now + lease_seconds (fractions allowed), attempts = attempts + 1; returns them as
-- one result set (all columns of outbox_events, id order). Runs its own READ COMMITTED transaction and
-- commits it, so it refuses to run inside one (25000): the claim is visible to other consumers at once and
-- its locking read takes no gap locks (which would block the writers' inserts into the outbox).
--
-- No event is ever skipped: there is no "last id seen" cursor. An event whose transaction has not committed
-- is locked by that transaction, and FOR UPDATE SKIP LOCKED passes over it; it stays pending and is handed
-- out by a later claim once committed (or vanishes with a rollback). Rows being claimed by a concurrent
-- claim are skipped the same way, so two consumers never get the same event while its lease runs.
-- Ordering: see docs/outbox.md, MariaDB: a committed event may be handed out before a lower id that commits
-- later. Errors: consumer NULL or empty, batch_size outside 1..100000, lease_seconds NULL or <= 0: 22023.
CREATE PROCEDURE schemaops.outbox_claim(IN consumer VARCHAR(255), IN batch_size INT, IN lease_seconds DECIMAL(20, 6))
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'claim up to batch_size pending outbox events for consumer; see docs/outbox.md'
BEGIN
	DECLARE v_ids LONGTEXT;
	DECLARE v_now DATETIME(6);
	IF consumer IS NULL OR consumer = '' THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_claim: consumer must be a non-empty name';
	END IF;
	IF batch_size IS NULL OR batch_size < 1 OR batch_size > 100000 THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_claim: batch_size must be 1 to 100000';
	END IF;
	IF lease_seconds IS NULL OR lease_seconds <= 0 THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_claim: lease_seconds must be positive';
	END IF;
	IF @@in_transaction THEN
		SIGNAL SQLSTATE '25000'
			SET MESSAGE_TEXT = 'schemaops.outbox_claim: cannot run inside a transaction (it commits its claim)';
	END IF;
	BEGIN
		DECLARE EXIT HANDLER FOR SQLEXCEPTION
		BEGIN
			ROLLBACK;
			RESIGNAL;
		END;
		SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
		START TRANSACTION;
		SET v_now = SYSDATE(6);
		SELECT JSON_ARRAYAGG(c.id) INTO v_ids
		FROM (SELECT e.id FROM schemaops.outbox_events e FORCE INDEX (outbox_events_pending)
			WHERE e.acked_at IS NULL AND e.dead_at IS NULL AND (e.lease_until IS NULL OR e.lease_until <= v_now)
			ORDER BY e.id LIMIT batch_size
			FOR UPDATE SKIP LOCKED) c;
		-- by primary key (IN of literal ids): a join with JSON_TABLE would be planned as a scan of the
		-- outbox and wait for the row locks of uncommitted events
		SET v_ids = REPLACE(IFNULL(v_ids, '[]'), ' ', '');
		SET v_ids = IFNULL(NULLIF(SUBSTRING(v_ids, 2, CHAR_LENGTH(v_ids) - 2), ''), 'NULL');
		SET v_ids = IF(v_ids REGEXP '^([0-9]+,)*[0-9]+$|^NULL$', v_ids, 'NULL');
		SET @schemaops_outbox_stmt = CONCAT('UPDATE schemaops.outbox_events SET claimed_by = ?, ',
			'lease_until = ? + INTERVAL ? SECOND, attempts = attempts + 1 WHERE id IN (', v_ids, ')');
		PREPARE schemaops_outbox_ps FROM @schemaops_outbox_stmt;
		EXECUTE schemaops_outbox_ps USING consumer, v_now, lease_seconds;
		SET @schemaops_outbox_stmt = CONCAT('SELECT * FROM schemaops.outbox_events WHERE id IN (', v_ids,
			') ORDER BY id');
		PREPARE schemaops_outbox_ps FROM @schemaops_outbox_stmt;
		EXECUTE schemaops_outbox_ps;
		DEALLOCATE PREPARE schemaops_outbox_ps;
		SET @schemaops_outbox_stmt = NULL;
		COMMIT;
	END;
END$$

-- schemaops.outbox_ack(ids): marks the events whose ids are in the JSON array ids ('[1, 2, 3]') acknowledged
-- (acked_at = now); returns how many it acknowledged now (an id already acked or absent counts 0; an id given
-- twice once). Allowed after the lease expired (at-least-once delivery: consumers deduplicate by id). Runs in
-- the caller's transaction (ack together with the consumer's own bookkeeping, or alone in autocommit).
-- NULL ids: NULL. Errors: ids not a JSON array of non-negative integers: 22023.
CREATE FUNCTION schemaops.outbox_ack(ids LONGTEXT)
	RETURNS BIGINT
	NOT DETERMINISTIC
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'acknowledge outbox events (JSON array of ids); returns how many were acknowledged now'
BEGIN
	DECLARE v_bad, v_i, v_n INT DEFAULT 0;
	DECLARE v_done BIGINT DEFAULT 0;
	IF ids IS NULL THEN
		RETURN NULL;
	END IF;
	IF NOT JSON_VALID(ids) OR JSON_TYPE(ids) <> 'ARRAY' THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_ack: ids must be a JSON array of event ids';
	END IF;
	SELECT COUNT(*) INTO v_bad FROM JSON_TABLE(ids, '$[*]' COLUMNS (v JSON PATH '$')) x
	WHERE JSON_TYPE(x.v) IS NULL OR JSON_TYPE(x.v) NOT IN ('INTEGER', 'UNSIGNED INTEGER') OR x.v < 0;
	IF v_bad > 0 THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_ack: ids must be a JSON array of event ids';
	END IF;
	-- one primary-key update per id: a join with JSON_TABLE would be planned as a scan of the outbox and
	-- wait for the row locks of uncommitted events
	SET v_n = JSON_LENGTH(ids);
	WHILE v_i < v_n DO
		UPDATE schemaops.outbox_events e SET e.acked_at = SYSDATE(6), e.lease_until = NULL
		WHERE e.id = CAST(JSON_VALUE(ids, CONCAT('$[', v_i, ']')) AS UNSIGNED) AND e.acked_at IS NULL;
		SET v_done = v_done + ROW_COUNT();
		SET v_i = v_i + 1;
	END WHILE;
	RETURN v_done;
END$$

-- schemaops.outbox_fail(event_id, error_text, retry_after_seconds, max_attempts): the consumer could not
-- deliver event event_id. Records last_error and releases the claim: when attempts >= max_attempts the event is dead-lettered
-- (dead_at = now; never handed out again) and 'dead' is returned, else it becomes available again after
-- retry_after_seconds and 'retry' is returned. NULL retry_after_seconds: 60; NULL max_attempts: 5. An id
-- that is absent, acked or already dead: NULL (nothing changed). Requeue a dead event by hand:
-- UPDATE schemaops.outbox_events SET dead_at = NULL, attempts = 0 WHERE id = ...
-- Errors: NULL id, retry_after_seconds < 0, max_attempts < 1: 22023.
CREATE FUNCTION schemaops.outbox_fail(event_id BIGINT UNSIGNED, error_text TEXT, retry_after_seconds DECIMAL(20, 6),
	max_attempts INT)
	RETURNS VARCHAR(5)
	NOT DETERMINISTIC
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'record a failed delivery: retry after a delay or dead-letter; returns retry|dead|NULL'
BEGIN
	DECLARE v_attempts INT UNSIGNED;
	DECLARE v_now DATETIME(6) DEFAULT SYSDATE(6);
	IF event_id IS NULL THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_fail: event_id must not be NULL';
	END IF;
	SET retry_after_seconds = IFNULL(retry_after_seconds, 60);
	SET max_attempts = IFNULL(max_attempts, 5);
	IF retry_after_seconds < 0 THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_fail: retry_after_seconds must not be negative';
	END IF;
	IF max_attempts < 1 THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_fail: max_attempts must be at least 1';
	END IF;
	SELECT e.attempts INTO v_attempts FROM schemaops.outbox_events e
	WHERE e.id = event_id AND e.acked_at IS NULL AND e.dead_at IS NULL FOR UPDATE;
	IF v_attempts IS NULL THEN
		RETURN NULL;
	END IF;
	IF v_attempts >= max_attempts THEN
		UPDATE schemaops.outbox_events e SET e.last_error = error_text, e.lease_until = NULL, e.dead_at = v_now
		WHERE e.id = event_id;
		RETURN 'dead';
	END IF;
	UPDATE schemaops.outbox_events e
	SET e.last_error = error_text, e.lease_until = v_now + INTERVAL retry_after_seconds SECOND
	WHERE e.id = event_id;
	RETURN 'retry';
END$$

-- CALL schemaops.outbox_cleanup(retention_seconds): deletes the events acknowledged more than
-- retention_seconds ago (NULL: 86400, one day), in READ COMMITTED transactions of at most 10,000 rows each
-- (short locks, no gap locks against the writers), and returns one row `deleted` with the count.
-- Dead-lettered and pending events are never deleted. Refuses to run inside a transaction (25000);
-- retention_seconds < 0: 22023.
CREATE PROCEDURE schemaops.outbox_cleanup(IN retention_seconds DECIMAL(20, 6))
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'delete outbox events acknowledged more than retention_seconds ago; see docs/outbox.md'
BEGIN
	DECLARE v_cutoff DATETIME(6);
	DECLARE v_n, v_total BIGINT DEFAULT 0;
	SET retention_seconds = IFNULL(retention_seconds, 86400);
	IF retention_seconds < 0 THEN
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'schemaops.outbox_cleanup: retention_seconds must not be negative';
	END IF;
	IF @@in_transaction THEN
		SIGNAL SQLSTATE '25000'
			SET MESSAGE_TEXT = 'schemaops.outbox_cleanup: cannot run inside a transaction (it commits in batches)';
	END IF;
	SET v_cutoff = SYSDATE(6) - INTERVAL retention_seconds SECOND;
	BEGIN
		DECLARE EXIT HANDLER FOR SQLEXCEPTION
		BEGIN
			ROLLBACK;
			RESIGNAL;
		END;
		REPEAT
			SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
			START TRANSACTION;
			DELETE FROM schemaops.outbox_events WHERE acked_at < v_cutoff ORDER BY acked_at LIMIT 10000;
			SET v_n = ROW_COUNT();
			COMMIT;
			SET v_total = v_total + v_n;
		UNTIL v_n < 10000 END REPEAT;
	END;
	SELECT v_total AS deleted;
END$$

DELIMITER ;
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
		SET v_definer = CONCAT('DEFINER = ', QUOTE(LEFT(v_definer, v_at - 1)), '@', QUOTE(SUBSTRING(v_definer, v_at + 1)), ' ');
	ELSE
		SET v_definer = '';
	END IF;

	SET v_out = JSON_ARRAY(CONCAT('CREATE OR REPLACE ALGORITHM=MERGE ', v_definer, 'SQL SECURITY DEFINER VIEW ', v_view,
		' AS SELECT * FROM ', v_base, ' WHERE ', v_col, ' = ', v_fn, ' WITH CASCADED CHECK OPTION'));

	IF v_guard THEN
		-- so_rls_bu_<tbl> / so_rls_bd_<tbl> (hardened: so_rlsh_...), a long name cut and made unique by its MD5;
		-- plain and hardened guards are distinct triggers, so views of both modes over one table are both guarded
		SET v_key = IF(v_hardened, 'so_rlsh_', 'so_rls_');
		SET v_trg = IF(CHAR_LENGTH(tbl) <= 61 - CHAR_LENGTH(v_key), tbl,
			CONCAT(LEFT(tbl, 52 - CHAR_LENGTH(v_key)), '_', LEFT(MD5(tbl), 8)));
		SET v_out = JSON_ARRAY_APPEND(v_out, '$', CONCAT('CREATE OR REPLACE ', v_definer, 'TRIGGER `', REPLACE(db, '`', '``'), '`.`', v_key, 'bu_',
			REPLACE(v_trg, '`', '``'), '` BEFORE UPDATE ON ', v_base, ' FOR EACH ROW CALL schemaops.rls_guard(', v_fn,
			' IS NULL OR OLD.', v_col, ' <=> ', v_fn, ', ', QUOTE(CONCAT(db, '.', tbl)), ')'));
		SET v_out = JSON_ARRAY_APPEND(v_out, '$', CONCAT('CREATE OR REPLACE ', v_definer, 'TRIGGER `', REPLACE(db, '`', '``'), '`.`', v_key, 'bd_',
			REPLACE(v_trg, '`', '``'), '` BEFORE DELETE ON ', v_base, ' FOR EACH ROW CALL schemaops.rls_guard(', v_fn,
			' IS NULL OR OLD.', v_col, ' <=> ', v_fn, ', ', QUOTE(CONCAT(db, '.', tbl)), ')'));
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
				SET v_to = CONCAT(QUOTE(LEFT(v_grantee, v_at - 1)), '@', QUOTE(SUBSTRING(v_grantee, v_at + 1)));
			ELSE
				SET v_to = QUOTE(v_grantee);
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
