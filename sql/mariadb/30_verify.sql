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
