-- tests/e2e/random_mariadb.sql: the in-server half of tests/e2e/random_mariadb.t (randomized
-- diff/apply/re-diff on MariaDB). Test helpers only, in database so_rnd; not part of the plugin.
--
-- MariaDB DDL is not transactional, so cases are chained over two copies of Sakila, A and B, kept equal:
-- a case mutates B, plans A -> B with schema_changes_json (strategy full), runs each step on A (schema_run_step),
-- and requires the re-diff A -> B to be empty; A and B are then equal again for the next case. Case i is
-- therefore reproduced by replaying cases 1..i with the same seed (the test prints how).
--
-- so_rnd.mutate(db, seed, nmut, OUT applied, OUT napplied, OUT refused): nmut mutations from 20 kinds (columns added with
--   FIRST/AFTER, some INVISIBLE, dropped, renamed, retyped, defaults, NULL / NOT NULL, column and table comments, indexes,
--   unique keys, foreign keys, checks, tables created and dropped; ROW_FORMAT with @so_rnd_wide = 1), choices from a MINSTD generator
--   seeded by `seed` and from information_schema read in name order. A statement the server refuses counts as
--   refused. Columns of tables a view reads are not renamed or dropped (MariaDB would leave the view invalid).
-- so_rnd.run_case(a, b, seed, nmut, OUT result): "ok|seed|applied|refused|steps" or "fail|seed|reason|mutations"
--   (steps run by schemaops.schema_run_step, as schema_diff_verify runs them);
--   after a failure every later call in the session returns "blocked|seed" until the copies are reloaded.

DROP DATABASE IF EXISTS so_rnd;
CREATE DATABASE so_rnd;

DELIMITER $$

CREATE PROCEDURE so_rnd.mutate(IN db VARCHAR(64), IN seed BIGINT, IN nmut INT, OUT applied LONGTEXT,
	OUT napplied INT, OUT refused INT)
BEGIN
	DECLARE s BIGINT DEFAULT 1 + MOD(ABS(seed), 2147483646);
	DECLARE r BIGINT;
	DECLARE i INT DEFAULT 0;
	DECLARE kind INT;
	DECLARE ntab INT;
	DECLARE ncol INT;
	DECLARE t, t2, c, c2, nm VARCHAR(64);
	DECLARE ctype, cdef LONGTEXT;
	DECLARE cnull, cextra VARCHAR(100);
	DECLARE failed INT DEFAULT 0;
	DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET failed = 1;

	SET applied = '', refused = 0, napplied = 0;
	WHILE i < nmut DO
		SET i = i + 1;
		SET s = MOD(s * 48271, 2147483647), kind = MOD(s, 20);
		SET ntab = (SELECT COUNT(*) FROM information_schema.TABLES
			WHERE TABLE_SCHEMA = db AND TABLE_TYPE = 'BASE TABLE');
		SET s = MOD(s * 48271, 2147483647);
		SET @o = MOD(s, ntab);
		SET t = (SELECT x.TABLE_NAME FROM (SELECT TABLE_NAME, ROW_NUMBER() OVER (ORDER BY BINARY TABLE_NAME) - 1 AS n
			FROM information_schema.TABLES WHERE TABLE_SCHEMA = db AND TABLE_TYPE = 'BASE TABLE') x WHERE x.n = @o);
		SET s = MOD(s * 48271, 2147483647), @o = MOD(s, ntab);
		SET t2 = (SELECT x.TABLE_NAME FROM (SELECT TABLE_NAME, ROW_NUMBER() OVER (ORDER BY BINARY TABLE_NAME) - 1 AS n
			FROM information_schema.TABLES WHERE TABLE_SCHEMA = db AND TABLE_TYPE = 'BASE TABLE') x WHERE x.n = @o);
		SET ncol = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = db AND TABLE_NAME = t);
		SET s = MOD(s * 48271, 2147483647), @o = MOD(s, ncol);
		SELECT x.COLUMN_NAME, x.COLUMN_TYPE, x.IS_NULLABLE, x.COLUMN_DEFAULT, x.EXTRA
			INTO c, ctype, cnull, cdef, cextra
			FROM (SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
				ROW_NUMBER() OVER (ORDER BY ORDINAL_POSITION) - 1 AS n
				FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = db AND TABLE_NAME = t) x WHERE x.n = @o;
		SET s = MOD(s * 48271, 2147483647), @o = MOD(s, ncol);
		SET c2 = (SELECT x.COLUMN_NAME FROM (SELECT COLUMN_NAME, ROW_NUMBER() OVER (ORDER BY ORDINAL_POSITION) - 1 AS n
			FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = db AND TABLE_NAME = t) x WHERE x.n = @o);
		SET s = MOD(s * 48271, 2147483647), r = s;
		SET nm = CONCAT('r', kind, '_', i, '_', MOD(r, 997));
		SET @types = JSON_ARRAY('int', 'bigint', 'smallint unsigned', 'varchar(40)', 'text', 'decimal(10,2)', 'date',
			'datetime', 'timestamp NULL', 'tinyint(1)', 'char(3)', 'double', 'blob', 'enum(''a'',''b'',''c'')',
			'varchar(100) CHARACTER SET latin1', 'time', 'year', 'mediumtext');
		SET @ty = JSON_UNQUOTE(JSON_EXTRACT(@types, CONCAT('$[', MOD(r, JSON_LENGTH(@types)), ']')));
		SET @defs = JSON_ARRAY('int|42', 'varchar(20)|''n/a''', 'tinyint(1)|1', 'decimal(8,2)|1.50',
			'datetime|current_timestamp()', 'date|''2020-01-01''', 'char(2)|''xy''', 'bigint|-7');
		SET @dd = JSON_UNQUOTE(JSON_EXTRACT(@defs, CONCAT('$[', MOD(r, JSON_LENGTH(@defs)), ']')));
		SET @viewed = (SELECT COUNT(*) FROM information_schema.VIEWS
			WHERE TABLE_SCHEMA = db AND VIEW_DEFINITION LIKE CONCAT('%`', t, '`%'));
		SET @sql = NULL;
		CASE
		WHEN kind IN (0) THEN
			-- one in seven INVISIBLE
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ADD COLUMN `', nm, '` ', @ty,
				IF(MOD(r, 7) = 3, ' INVISIBLE', ''), ELT(1 + MOD(r, 3), '', ' FIRST', CONCAT(' AFTER `', c, '`')));
		WHEN kind IN (1) THEN
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ADD COLUMN `', nm, '` ', SUBSTRING_INDEX(@dd, '|', 1),
				' NOT NULL DEFAULT ', SUBSTRING(@dd, LOCATE('|', @dd) + 1));
		WHEN kind IN (2) THEN
			IF @viewed = 0 THEN
				SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` DROP COLUMN `', c, '`');
			END IF;
		WHEN kind IN (3) THEN
			IF cextra = '' THEN
				SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` MODIFY COLUMN `', c, '` ', @ty, ' NULL');
			END IF;
		WHEN kind IN (4) THEN
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ALTER COLUMN `', c, '` SET DEFAULT ',
				CASE WHEN ctype REGEXP '^(tiny|small|medium|big)?int|^decimal|^double' THEN MOD(r, 100)
				WHEN ctype REGEXP '^(var)?char' THEN '''d'''
				WHEN ctype REGEXP '^(datetime|timestamp)' THEN 'current_timestamp()'
				ELSE NULL END);
		WHEN kind IN (5) THEN
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ALTER COLUMN `', c, '` DROP DEFAULT');
		WHEN kind IN (6, 7) THEN
			-- NULL <-> NOT NULL and a column comment (one in five also made INVISIBLE: refused when it was the
			-- table's last visible column), through MODIFY with the rest of the definition kept
			IF cextra = '' OR cextra LIKE 'on update%' THEN
				SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` MODIFY COLUMN `', c, '` ', ctype,
					IF(kind = 6, IF(cnull = 'YES', ' NOT NULL', ' NULL'), IF(cnull = 'YES', ' NULL', ' NOT NULL')),
					IF(cdef IS NULL OR (cdef = 'NULL' AND (kind <> 6 OR cnull = 'NO')), '',
						IF(cdef = 'NULL', '', CONCAT(' DEFAULT ', cdef))),
					IF(cextra LIKE 'on update%', ' ON UPDATE current_timestamp()', ''),
					IF(kind = 7 AND MOD(r, 5) = 2, ' INVISIBLE', ''),
					IF(kind = 7, CONCAT(' COMMENT ', QUOTE(ELT(1 + MOD(r, 4), 'a comment', 'it''s', 'üñí 東京', ''))), ''));
			END IF;
		WHEN kind IN (8, 9) THEN
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ADD ', IF(MOD(r, 4) = 0, 'UNIQUE ', ''), 'INDEX `', nm,
				'` (`', c, '`', IF(MOD(r, 3) = 0, ' DESC', ''), IF(MOD(r, 5) = 1 AND c2 <> c, CONCAT(', `', c2, '`'), ''),
				')');
		WHEN kind IN (10) THEN
			SET @o = MOD(r, GREATEST(1, (SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS
				WHERE TABLE_SCHEMA = db AND INDEX_NAME <> 'PRIMARY')));
			SET @sql = (SELECT CONCAT('ALTER TABLE `', db, '`.`', x.TABLE_NAME, '` DROP INDEX `', x.INDEX_NAME, '`')
				FROM (SELECT TABLE_NAME, INDEX_NAME, ROW_NUMBER() OVER (ORDER BY BINARY TABLE_NAME, BINARY INDEX_NAME) - 1 AS n
					FROM (SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS
						WHERE TABLE_SCHEMA = db AND INDEX_NAME <> 'PRIMARY') d) x WHERE x.n = @o);
		WHEN kind IN (11, 12) THEN
			-- a new column referencing a single-column primary key of another table
			SET @o = MOD(r, 7);
			SET @sql = (SELECT CONCAT('ALTER TABLE `', db, '`.`', t, '` ADD COLUMN `', nm, '` ', k.COLUMN_TYPE,
					' NULL, ADD CONSTRAINT `fk_', nm, '` FOREIGN KEY (`', nm, '`) REFERENCES `', k.TABLE_NAME, '` (`',
					k.COLUMN_NAME, '`) ON DELETE ', ELT(1 + MOD(r, 3), 'RESTRICT', 'CASCADE', 'SET NULL'))
				FROM (SELECT col.TABLE_NAME, col.COLUMN_NAME, col.COLUMN_TYPE,
					ROW_NUMBER() OVER (ORDER BY BINARY col.TABLE_NAME) - 1 AS n
					FROM information_schema.COLUMNS col JOIN information_schema.TABLES tb
						ON tb.TABLE_SCHEMA = col.TABLE_SCHEMA AND tb.TABLE_NAME = col.TABLE_NAME AND tb.ENGINE = 'InnoDB'
					WHERE col.TABLE_SCHEMA = db AND col.COLUMN_KEY = 'PRI'
					  AND (SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE u WHERE u.TABLE_SCHEMA = db
						AND u.TABLE_NAME = col.TABLE_NAME AND u.CONSTRAINT_NAME = 'PRIMARY') = 1) k
				WHERE k.n = @o);
		WHEN kind IN (13) THEN
			SET @o = MOD(r, GREATEST(1, (SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS
				WHERE CONSTRAINT_SCHEMA = db AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK'))));
			SET @sql = (SELECT CONCAT('ALTER TABLE `', db, '`.`', x.TABLE_NAME, '` DROP ',
					IF(x.CONSTRAINT_TYPE = 'CHECK', 'CONSTRAINT', 'FOREIGN KEY'), ' `', x.CONSTRAINT_NAME, '`')
				FROM (SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE,
					ROW_NUMBER() OVER (ORDER BY BINARY TABLE_NAME, BINARY CONSTRAINT_NAME) - 1 AS n
					FROM information_schema.TABLE_CONSTRAINTS
					WHERE CONSTRAINT_SCHEMA = db AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK')) x WHERE x.n = @o);
		WHEN kind IN (14) THEN
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ADD CONSTRAINT `', nm, '` CHECK (',
				CASE WHEN ctype REGEXP '^(tiny|small|medium|big)?int|^decimal|^double' THEN CONCAT('`', c, '` > -', MOD(r, 50))
				WHEN ctype REGEXP '^(var)?char|text' THEN CONCAT('char_length(`', c, '`) < ', 100 + MOD(r, 900))
				ELSE CONCAT('`', c, '` IS NOT NULL OR `', c2, '` IS NULL') END, ')');
		WHEN kind IN (15) THEN
			SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` COMMENT = ',
				QUOTE(ELT(1 + MOD(r, 4), 'table comment', 'quote''d', 'ünï', '')));
		WHEN kind IN (16) THEN
			SET @sql = CONCAT('CREATE TABLE `', db, '`.`', nm, '` (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, ',
				'name varchar(50) NOT NULL', IF(MOD(r, 2) = 0, ' DEFAULT ''none''', ''), ', note ', @ty,
				', ref_id smallint unsigned NULL', IF(MOD(r, 3) = 0, ', KEY ix_ref (ref_id)', ''),
				') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4', IF(MOD(r, 5) = 0, ' COMMENT=''made by the generator''', ''));
		WHEN kind IN (17) THEN
			IF @viewed = 0 THEN
				SET @sql = CONCAT('DROP TABLE `', db, '`.`', t, '`');
			END IF;
		WHEN kind IN (18) THEN
			IF @viewed = 0 THEN
				SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` RENAME COLUMN `', c, '` TO `', nm, '`');
			END IF;
		WHEN kind IN (19) THEN
			-- ROW_FORMAT changes are UNSUPPORTED by the diff today: only with @so_rnd_wide = 1
			IF COALESCE(@so_rnd_wide, 0) = 1 THEN
				SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ROW_FORMAT=', ELT(1 + MOD(r, 3), 'DYNAMIC', 'COMPACT', 'DEFAULT'));
			ELSE
				SET @sql = CONCAT('ALTER TABLE `', db, '`.`', t, '` ADD COLUMN `', nm, '` ', @ty, ' COMMENT ''added'' AFTER `', c2, '`');
			END IF;
		END CASE;
		IF @sql IS NULL THEN
			SET refused = refused + 1;
		ELSE
			SET failed = 0;
			PREPARE so_rnd_stmt FROM @sql;
			IF failed = 0 THEN
				EXECUTE so_rnd_stmt;
				DEALLOCATE PREPARE so_rnd_stmt;
			END IF;
			IF failed = 0 THEN
				SET applied = CONCAT(applied, IF(applied = '', '', '; '), @sql), napplied = napplied + 1;
			ELSE
				SET refused = refused + 1;
			END IF;
		END IF;
	END WHILE;
END$$

CREATE PROCEDURE so_rnd.run_case(IN a VARCHAR(64), IN b VARCHAR(64), IN seed BIGINT, IN nmut INT,
	OUT result LONGTEXT)
BEGIN
	DECLARE v_applied LONGTEXT;
	DECLARE v_refused, v_napplied INT;
	DECLARE v_changes LONGTEXT;
	DECLARE v_n, v_k, v_steps INT DEFAULT 0;
	DECLARE v_reason LONGTEXT DEFAULT NULL;
	DECLARE v_err TEXT DEFAULT NULL;
	DECLARE v_ch LONGTEXT;
	DECLARE CONTINUE HANDLER FOR SQLEXCEPTION
		BEGIN
			GET DIAGNOSTICS CONDITION 1 v_err = MESSAGE_TEXT;
			IF v_err IS NULL THEN SET v_err = 'unknown error'; END IF;
		END;

	-- after a failure A and B differ: the cases that follow wait for the test to reload both
	IF COALESCE(@so_rnd_blocked, 0) = 1 THEN
		SET result = CONCAT_WS('|', 'blocked', seed);
	ELSE
	CALL so_rnd.mutate(b, seed, nmut, v_applied, v_napplied, v_refused);
	SET v_err = NULL;
	-- A's document is the one the previous case ended with (@so_rnd_doc_a), when there is one: A has not
	-- changed since. B's document is taken once: B does not change after the mutations.
	IF @so_rnd_doc_a IS NULL THEN
		SET @so_rnd_doc_a = schemaops.snapshot(a);
	END IF;
	SET @so_rnd_doc_b = schemaops.snapshot(b);
	SET v_changes = schema_changes_json(@so_rnd_doc_a, @so_rnd_doc_b, '{"strategy":"full"}');
	IF v_err IS NOT NULL THEN
		SET v_reason = CONCAT('diff failed: ', v_err);
	END IF;
	SET v_n = COALESCE(JSON_LENGTH(v_changes), 0);
	CALL schemaops.schema_run_step_begin(a);
	WHILE v_reason IS NULL AND v_k < v_n DO
		SET v_ch = JSON_EXTRACT(v_changes, CONCAT('$[', v_k, ']'));
		SET v_k = v_k + 1;
		IF JSON_VALUE(v_ch, '$.action') = 'UNSUPPORTED' THEN
			SET v_reason = CONCAT('UNSUPPORTED change ', JSON_VALUE(v_ch, '$.object_type'), ' ',
				JSON_VALUE(v_ch, '$.object_name'));
		ELSEIF JSON_EXTRACT(v_ch, '$.skipped') <> 'true' THEN
			SET @so_rnd_ddl = JSON_VALUE(v_ch, '$.ddl_up');
			SET v_err = NULL;
			-- a step may hold several statements (and DELIMITER blocks): the runner of schema_diff_verify
			CALL schemaops.schema_run_step(a, @so_rnd_ddl);
			IF v_err IS NOT NULL THEN
				SET v_reason = CONCAT('step failed: [', JSON_VALUE(v_ch, '$.seq'), '] ', JSON_VALUE(v_ch, '$.action'),
					' ', JSON_VALUE(v_ch, '$.object_type'), ' ', JSON_VALUE(v_ch, '$.object_name'), ': ',
					@so_rnd_ddl, ' -- ', v_err);
			END IF;
			SET v_steps = v_steps + 1;
		END IF;
	END WHILE;
	SET v_err = NULL;
	CALL schemaops.schema_run_step_end(a);
	IF v_reason IS NULL AND v_err IS NOT NULL THEN
		SET v_reason = CONCAT('schema_run_step_end failed: ', v_err);
	END IF;
	IF v_reason IS NULL THEN
		SET v_err = NULL;
		SET @so_rnd_doc_a = schemaops.snapshot(a);
		SET v_changes = schema_changes_json(@so_rnd_doc_a, @so_rnd_doc_b, '{"strategy":"full"}');
		IF v_err IS NOT NULL THEN
			SET v_reason = CONCAT('re-diff failed: ', v_err);
		ELSEIF COALESCE(JSON_LENGTH(v_changes), 0) > 0 THEN
			SET v_reason = CONCAT('re-diff not empty: ', (SELECT GROUP_CONCAT(CONCAT(j.action, ' ', j.otype, ' ', j.oname)
				SEPARATOR '; ') FROM JSON_TABLE(v_changes, '$[*]' COLUMNS (action VARCHAR(20) PATH '$.action',
				otype VARCHAR(64) PATH '$.object_type', oname VARCHAR(300) PATH '$.object_name')) j));
		END IF;
	END IF;
	IF v_reason IS NOT NULL THEN
		SET @so_rnd_doc_a = NULL, @so_rnd_blocked = 1;
	END IF;
	IF v_reason IS NULL THEN
		SET result = CONCAT_WS('|', 'ok', seed, v_napplied, v_refused, v_steps);
	ELSE
		SET result = CONCAT_WS('|', 'fail', seed, REPLACE(v_reason, '\n', ' '), REPLACE(v_applied, '\n', ' '));
	END IF;
	END IF;
END$$

DELIMITER ;
