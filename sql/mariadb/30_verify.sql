-- sql/mariadb/30_verify.sql: schemaops.schema_diff_verify, a migration plan checked on a scratch copy (piece of
-- mariadb_plugin/schemaops.sql; see 00_udfs.sql and docs/verify.md).

DROP PROCEDURE IF EXISTS schemaops.schema_run_step;
DROP PROCEDURE IF EXISTS schemaops.schema_run_step_begin;
DROP PROCEDURE IF EXISTS schemaops.schema_run_step_end;

DELIMITER $$

-- CALL schemaops.schema_run_step(db, ddl): runs one step's ddl_up or ddl_down (schema_changes_json) without the
-- mariadb client, in database `db`, statement by statement. A step may hold several statements, and the object
-- renderer writes client lines around a body that holds ';' (SET NAMES utf8mb4; DELIMITER $$ ... $$
-- DELIMITER ;, as mariadb-dump does): each statement is cut out (a ';' inside a quoted literal or identifier
-- does not end one; a DELIMITER block is one statement, however many ';' its body holds) and run through
-- `db`.schemaops_run_exec, a procedure of `db` itself (CALL schema_run_step_begin(db) first and
-- schema_run_step_end(db) after): dynamic SQL in a stored routine runs with the routine's database as the
-- current one, so the unqualified names of trigger statements and of routine and view bodies resolve in `db`,
-- as the client's USE db does for the script (a procedure cannot run USE). NULL ddl: nothing. Errors: the
-- server's, from the statement that fails; the statements before it have run (MariaDB DDL is not
-- transactional). Used by schema_diff_verify and the MariaDB e2e tests.
CREATE PROCEDURE schemaops.schema_run_step(IN db VARCHAR(64), IN ddl LONGTEXT)
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'runs the statements of a ddl_up / ddl_down in database db (DELIMITER blocks understood)'
BEGIN
	DECLARE v_rest LONGTEXT DEFAULT COALESCE(ddl, '');
	DECLARE v_stmt, v_delim LONGTEXT;
	DECLARE v_end, v_i, v_n INT;
	DECLARE v_q, v_ch VARCHAR(1);
	SET @so_run_call = CONCAT('CALL `', REPLACE(db, '`', '``'), '`.`schemaops_run_exec`(?)');
	WHILE v_rest <> '' DO
		SET v_rest = TRIM(LEADING '\n' FROM TRIM(LEADING ' ' FROM v_rest));
		SET v_stmt = NULL;
		IF v_rest = '' THEN
			SET v_stmt = NULL;
		ELSEIF v_rest LIKE 'DELIMITER %' THEN
			SET v_end = LOCATE('\n', v_rest);
			SET v_delim = TRIM(SUBSTRING(v_rest, 11, IF(v_end = 0, CHAR_LENGTH(v_rest), v_end - 11)));
			SET v_rest = IF(v_end = 0, '', SUBSTRING(v_rest, v_end + 1));
			IF v_delim <> ';' THEN
				SET v_end = LOCATE(CONCAT(v_delim, '\nDELIMITER ;'), v_rest);
				IF v_end = 0 THEN
					SET v_end = LOCATE(v_delim, v_rest);
				END IF;
				IF v_end = 0 THEN
					SET v_stmt = v_rest, v_rest = '';
				ELSE
					SET v_stmt = LEFT(v_rest, v_end - 1);
					SET v_rest = SUBSTRING(v_rest, v_end + CHAR_LENGTH(v_delim));
					IF v_rest LIKE '\nDELIMITER ;%' THEN
						SET v_rest = SUBSTRING(v_rest, 13);
					END IF;
				END IF;
			END IF;
		ELSE
			-- up to the first ';' outside '...', "..." and `...` (backslash escapes in the first two)
			SET v_i = 1, v_n = CHAR_LENGTH(v_rest), v_q = '', v_end = 0;
			WHILE v_end = 0 AND v_i <= v_n DO
				SET v_ch = SUBSTRING(v_rest, v_i, 1);
				IF v_q = '' THEN
					IF v_ch IN ('''', '"', '`') THEN
						SET v_q = v_ch;
					ELSEIF v_ch = ';' THEN
						SET v_end = v_i;
					END IF;
				ELSEIF v_ch = '\\' AND v_q <> '`' THEN
					SET v_i = v_i + 1;
				ELSEIF v_ch = v_q THEN
					SET v_q = '';
				END IF;
				SET v_i = v_i + 1;
			END WHILE;
			IF v_end = 0 THEN
				SET v_stmt = v_rest, v_rest = '';
			ELSE
				SET v_stmt = LEFT(v_rest, v_end - 1), v_rest = SUBSTRING(v_rest, v_end + 1);
			END IF;
		END IF;
		IF TRIM(COALESCE(v_stmt, '')) <> '' THEN
			SET @so_run_stmt = v_stmt;
			PREPARE so_run_call FROM @so_run_call;
			EXECUTE so_run_call USING @so_run_stmt;
			DEALLOCATE PREPARE so_run_call;
		END IF;
	END WHILE;
END$$

-- CALL schemaops.schema_run_step_begin(db): creates (or replaces) `db`.schemaops_run_exec, the procedure
-- schema_run_step runs statements through. Drop it with schema_run_step_end(db) before snapshotting `db`.
CREATE PROCEDURE schemaops.schema_run_step_begin(IN db VARCHAR(64))
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'creates db.schemaops_run_exec for schema_run_step'
BEGIN
	SET @so_run_sql = CONCAT('CREATE OR REPLACE PROCEDURE `', REPLACE(db, '`', '``'),
		'`.`schemaops_run_exec`(IN s LONGTEXT) MODIFIES SQL DATA SQL SECURITY INVOKER ',
		'BEGIN SET @so_run_exec = s; PREPARE so_run_exec FROM @so_run_exec; EXECUTE so_run_exec; ',
		'DEALLOCATE PREPARE so_run_exec; END');
	PREPARE so_run_stmt FROM @so_run_sql;
	EXECUTE so_run_stmt;
	DEALLOCATE PREPARE so_run_stmt;
END$$

-- CALL schemaops.schema_run_step_end(db): drops `db`.schemaops_run_exec (no error when it is not there).
CREATE PROCEDURE schemaops.schema_run_step_end(IN db VARCHAR(64))
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'drops db.schemaops_run_exec'
BEGIN
	SET @so_run_sql = CONCAT('DROP PROCEDURE IF EXISTS `', REPLACE(db, '`', '``'), '`.`schemaops_run_exec`');
	PREPARE so_run_stmt FROM @so_run_sql;
	EXECUTE so_run_stmt;
	DEALLOCATE PREPARE so_run_stmt;
END$$

DELIMITER ;

DROP PROCEDURE IF EXISTS schemaops.schema_diff_verify;

DELIMITER $$

-- CALL schemaops.schema_diff_verify(from_doc, to_doc, options, @result): builds a scratch database
-- `schemaops_verify_<connection id>` from from_doc (the plan of an empty document to from_doc, strategy full),
-- checks that the copy equals from_doc, runs the steps of schema_changes_json(from_doc, to_doc, options) on it
-- one by one (schema_run_step: statement by statement, DELIMITER blocks of routine, trigger and event bodies
-- understood, unqualified names resolved in the scratch database; steps the strategy skips are not run), and
-- re-diffs the copy against to_doc.
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
		IF v_err IS NULL THEN
			CALL schemaops.schema_run_step_begin(v_scratch);
		END IF;

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
				CALL schemaops.schema_run_step(v_scratch, @so_verify_sql);
			END IF;
		END WHILE;
		-- (the runner procedure is not part of the copy: gone while the copy is read, back for the plan)
		IF v_err IS NULL THEN
			CALL schemaops.schema_run_step_end(v_scratch);
		END IF;
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
			CALL schemaops.schema_run_step_begin(v_scratch);
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
					CALL schemaops.schema_run_step(v_scratch, @so_verify_sql);
					IF v_err IS NULL THEN
						SET v_steps = v_steps + 1;
					END IF;
				END IF;
			END WHILE;
			-- 3. the re-diff (steps the strategy skips are not left over)
			IF v_err IS NULL THEN
				CALL schemaops.schema_run_step_end(v_scratch);
			END IF;
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
