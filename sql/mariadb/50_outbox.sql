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

-- The relay's low-water mark (docs/outbox.md, MariaDB, "Low-water mark and sweep"): one row per outbox table.
--   low_water      every event with a lower id is acknowledged or dead (or, in a rare race, pending but not yet
--                  written when the mark moved: the sweep finds those); outbox_claim reads from here, so the
--                  index entries of acknowledged events below it (delete-marked until InnoDB's purge removes
--                  them) are never walked again. Only moves forward, by outbox_claim; a sweep may lower it.
--   swept_at       when a claim last scanned the whole pending range from id 0 (the sweep)
--   sweep_seconds  how often a claim sweeps (default 60 s); NULL: never (tests of the mark alone)
CREATE TABLE IF NOT EXISTS schemaops.outbox_state (
	outbox VARCHAR(129) CHARSET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	low_water BIGINT UNSIGNED NOT NULL DEFAULT 0,
	swept_at DATETIME(6) NULL,
	sweep_seconds DECIMAL(20, 6) NULL DEFAULT 60,
	PRIMARY KEY (outbox)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='schemaops outbox relay low-water mark; see docs/outbox.md';
INSERT IGNORE INTO schemaops.outbox_state (outbox) VALUES ('schemaops.outbox_events');

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
-- statements (AFTER INSERT, AFTER UPDATE, AFTER DELETE, in that order; preceded by a CREATE TABLE for an
-- "outbox" table that does not exist yet) that capture the row changes of db.tbl
-- into the outbox table (option "outbox"). Built from the table as schemaops.snapshot(db) sees it (columns in ordinal
-- order, primary key columns in key order), so SQL SECURITY INVOKER: only what the caller may see.
--
-- options: JSON object or NULL ('{}'); keys, all optional (docs/outbox.md, "Attach / detach"):
--   type            event type template, {table} = aggregate type, {op} = created|updated|deleted;
--                   default "{table}.{op}"; the expanded type must fit VARCHAR(255)
--   update_payload  "new" (default) | "old_new" | "changed"
--   key_update      "update" (default): an UPDATE that changes the primary key writes one "updated" event under
--                   the new key; "delete_create": it writes a "deleted" event (old key, old row) and then a
--                   "created" event (new key, new row), as Debezium does for a key change; "changes the key" =
--                   the aggregateid text differs
--   exclude         array of column names left out of every payload (not key columns)
--   aggregate_type  default the table's name (at most 255 characters)
--   outbox          "database.table" the events go to (default "schemaops.outbox_events"); a table that does
--                   not exist yet is created LIKE schemaops.outbox_events by an extra FIRST statement
--                   (CREATE TABLE IF NOT EXISTS); the relay routines (claim, ack, fail, cleanup) serve
--                   schemaops.outbox_events only
-- Errors (SIGNAL): NULL db or tbl, unknown or invisible database: 42000/1049 (from snapshot); unknown table:
-- 42S02/1146; options not a JSON object, unknown key, wrong JSON type, bad value: 22023; unknown column in
-- exclude: 42S22/1054; excluded key column, table without primary key, table not InnoDB (a rollback would
-- not undo the row change but would undo its event), the outbox table itself, an existing "outbox" table that
-- is not InnoDB or lacks the columns aggregatetype, aggregateid, type, payload: 55000.
CREATE FUNCTION schemaops.outbox_trigger_statements(db VARCHAR(64), tbl VARCHAR(64), options LONGTEXT)
	RETURNS LONGTEXT CHARSET utf8mb4 COLLATE utf8mb4_bin
	NOT DETERMINISTIC
	READS SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'JSON array of the CREATE TRIGGER statements of the outbox capture of db.tbl; see docs/outbox.md'
BEGIN
	DECLARE v_doc, v_cols, v_pk, v_exclude, v_msg, v_key LONGTEXT CHARSET utf8mb4;
	DECLARE v_engine, v_type_tpl, v_mode, v_keymode, v_aggtype, v_tname, v_ins_type, v_upd_type, v_del_type
		VARCHAR(1024) CHARSET utf8mb4;
	DECLARE v_new, v_old, v_changed, v_key_new, v_key_old, v_head, v_target, v_upd LONGTEXT CHARSET utf8mb4;
	DECLARE v_n INT;
	DECLARE v_odb, v_otbl VARCHAR(64) CHARSET utf8mb4;
	DECLARE v_create LONGTEXT CHARSET utf8mb4;
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
		WHERE k.k NOT IN ('type', 'update_payload', 'key_update', 'exclude', 'aggregate_type', 'outbox') LIMIT 1);
	IF v_key IS NOT NULL THEN
		SET v_msg = CONCAT('schemaops.outbox: unknown option "', LEFT(v_key, 64), '"',
			IF(v_key = 'notify', ' (PostgreSQL only)', ''));
		SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = v_msg;
	END IF;
	SET v_odb = 'schemaops';
	SET v_otbl = 'outbox_events';
	IF JSON_EXISTS(options, '$.outbox') THEN
		SET v_key = JSON_VALUE(options, '$.outbox');
		IF JSON_TYPE(JSON_EXTRACT(options, '$.outbox')) <> 'STRING' OR v_key IS NULL
			OR v_key NOT REGEXP '^[^.]{1,64}[.][^.]{1,64}$' THEN
			SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT =
				'schemaops.outbox: option "outbox" must be "database.table" (one dot, names of 1 to 64 characters)';
		END IF;
		SET v_odb = SUBSTRING_INDEX(v_key, '.', 1);
		SET v_otbl = SUBSTRING_INDEX(v_key, '.', -1);
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
	SET v_keymode = 'update';
	IF JSON_EXISTS(options, '$.key_update') THEN
		SET v_keymode = JSON_VALUE(options, '$.key_update');
		IF JSON_TYPE(JSON_EXTRACT(options, '$.key_update')) <> 'STRING'
			OR v_keymode NOT IN ('update', 'delete_create') THEN
			SIGNAL SQLSTATE '22023'
				SET MESSAGE_TEXT = 'schemaops.outbox: option "key_update" must be "update" or "delete_create"';
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

	IF (db = 'schemaops' AND tbl IN ('outbox_events', 'outbox_state'))
		OR (BINARY db = BINARY v_odb AND BINARY tbl = BINARY v_otbl) THEN
		SIGNAL SQLSTATE '55000' SET MESSAGE_TEXT = 'schemaops.outbox: the outbox table cannot capture itself';
	END IF;
	-- a table of one's own: created LIKE schemaops.outbox_events by the first statement, or, when it exists,
	-- an InnoDB table with the columns the triggers write (else every writer's statement would fail)
	SET v_create = NULL;
	IF NOT (v_odb = 'schemaops' AND v_otbl = 'outbox_events') THEN
		SET v_engine = (SELECT t.ENGINE FROM information_schema.TABLES t
			WHERE t.TABLE_SCHEMA = v_odb AND t.TABLE_NAME = v_otbl);
		IF v_engine IS NULL THEN
			SET v_create = CONCAT('CREATE TABLE IF NOT EXISTS ', schemaops.outbox_sql_ident(v_odb), '.',
				schemaops.outbox_sql_ident(v_otbl), ' LIKE `schemaops`.`outbox_events`');
		ELSEIF v_engine <> 'InnoDB' OR (SELECT COUNT(*) FROM information_schema.COLUMNS c
				WHERE c.TABLE_SCHEMA = v_odb AND c.TABLE_NAME = v_otbl
				AND c.COLUMN_NAME IN ('aggregatetype', 'aggregateid', 'type', 'payload')) <> 4 THEN
			SET v_msg = CONCAT('schemaops.outbox: option "outbox": table ''', LEFT(v_odb, 64), '.', LEFT(v_otbl, 64),
				''' is not an InnoDB table with the columns of schemaops.outbox_events');
			SIGNAL SQLSTATE '55000' SET MESSAGE_TEXT = v_msg;
		END IF;
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

	SET v_upd = CASE v_mode
		WHEN 'new' THEN v_new
		WHEN 'old_new' THEN CONCAT('JSON_OBJECT(''old'', ', v_old, ', ''new'', ', v_new, ')')
		ELSE v_changed
	END;
	SET v_target = CONCAT(' FOR EACH ROW INSERT INTO ', schemaops.outbox_sql_ident(v_odb), '.',
		schemaops.outbox_sql_ident(v_otbl), ' ',
		'(`aggregatetype`, `aggregateid`, `type`, `payload`) VALUES (',
		schemaops.outbox_sql_string(v_aggtype), ', ');
	SET v_head = CONCAT(schemaops.outbox_sql_ident(db), '.');
	SET v_tname = CONCAT(schemaops.outbox_sql_ident(db), '.', schemaops.outbox_sql_ident(tbl));

	SET v_doc = JSON_ARRAY(
		CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'insert')),
			' AFTER INSERT ON ', v_tname, v_target, v_key_new, ', ', schemaops.outbox_sql_string(v_ins_type), ', ',
			v_new, ')'),
		IF(v_keymode = 'update',
			CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'update')),
				' AFTER UPDATE ON ', v_tname, v_target, v_key_new, ', ', schemaops.outbox_sql_string(v_upd_type), ', ',
				v_upd, ')'),
			-- key_update "delete_create": row 1 (the delete of the old key) only when the aggregateid changes,
			-- row 2 the create of the new key then, the update otherwise; in that order (ids increase)
			CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'update')),
				' AFTER UPDATE ON ', v_tname, ' FOR EACH ROW INSERT INTO ', schemaops.outbox_sql_ident(v_odb), '.',
				schemaops.outbox_sql_ident(v_otbl), ' (`aggregatetype`, `aggregateid`, `type`, `payload`) SELECT ',
				schemaops.outbox_sql_string(v_aggtype), ', IF(`so_r`.`n` = 1, ', v_key_old, ', ', v_key_new, '), ',
				'IF(`so_r`.`n` = 1, ', schemaops.outbox_sql_string(v_del_type), ', IF(BINARY ', v_key_old, ' = BINARY ',
				v_key_new, ', ', schemaops.outbox_sql_string(v_upd_type), ', ', schemaops.outbox_sql_string(v_ins_type),
				')), IF(`so_r`.`n` = 1, ', v_old, ', IF(BINARY ', v_key_old, ' = BINARY ', v_key_new, ', ', v_upd, ', ',
				v_new, ')) FROM (SELECT 1 AS `n` UNION ALL SELECT 2) AS `so_r` WHERE `so_r`.`n` = 2 OR BINARY ',
				v_key_old, ' <> BINARY ', v_key_new, ' ORDER BY `so_r`.`n`')),
		CONCAT('CREATE OR REPLACE TRIGGER ', v_head, schemaops.outbox_sql_ident(schemaops.outbox_trigger_name(tbl, 'delete')),
			' AFTER DELETE ON ', v_tname, v_target, v_key_old, ', ', schemaops.outbox_sql_string(v_del_type), ', ',
			v_old, ')'));
	IF v_create IS NOT NULL THEN
		SET v_doc = JSON_ARRAY_INSERT(v_doc, '$[0]', v_create);
	END IF;
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
-- one result set (all columns of outbox_events, id order). Runs its own short transactions and commits them,
-- so it refuses to run inside one (25000): the claim is visible to other consumers at once and its locking
-- read (READ COMMITTED) takes no gap locks (which would block the writers' inserts into the outbox).
--
-- No event is ever skipped: there is no "last id seen" cursor. An event whose transaction has not committed
-- is locked by that transaction, and FOR UPDATE SKIP LOCKED passes over it; it stays pending and is handed
-- out by a later claim once committed (or vanishes with a rollback). Rows being claimed by a concurrent
-- claim are skipped the same way, so two consumers never get the same event while its lease runs.
--
-- The claim reads from the low-water mark in schemaops.outbox_state, not from id 0, so that the index
-- entries of acknowledged events (left delete-marked in the pending range until InnoDB's purge removes them)
-- are walked once, not by every claim. Before claiming it moves the mark forward to the lowest id that is
-- pending in either of two reads: a READ UNCOMMITTED read (sees events of transactions still running, and
-- acks not yet committed as acked) and then a READ COMMITTED read below that (sees events whose ack is not
-- committed yet as pending); so the mark never passes an event that is in the table and may still be
-- pending. Two things can still end up below the mark: an id that a writer took but had not yet written
-- when the mark moved (InnoDB hands out AUTO_INCREMENT ids before the row is inserted: a writer stalled in
-- between, e.g. waiting for a lock) and events made pending again by hand (or after TRUNCATE of the outbox).
-- For them, every sweep_seconds (outbox_state, default 60) one claim scans from id 0 (the sweep) and lowers
-- the mark to the lowest event it hands out: they are handed out late, never skipped.
-- Ordering: see docs/outbox.md, MariaDB: a committed event may be handed out before a lower id that commits
-- later. Errors: consumer NULL or empty, batch_size outside 1..100000, lease_seconds NULL or <= 0: 22023.
CREATE PROCEDURE schemaops.outbox_claim(IN consumer VARCHAR(255), IN batch_size INT, IN lease_seconds DECIMAL(20, 6))
	MODIFIES SQL DATA
	SQL SECURITY INVOKER
	COMMENT 'claim up to batch_size pending outbox events for consumer; see docs/outbox.md'
BEGIN
	DECLARE v_ids LONGTEXT;
	DECLARE v_now DATETIME(6);
	DECLARE v_lw, v_mark, v_below, v_from, v_first BIGINT UNSIGNED;
	DECLARE v_sweep INT;
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
		-- the mark, and whether this claim sweeps (an aggregate: one row even when the state row is missing)
		SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
		START TRANSACTION READ ONLY;
		SET v_now = SYSDATE(6);
		SELECT IFNULL(MAX(s.low_water), 0), IFNULL(MAX(s.sweep_seconds IS NOT NULL
				AND (s.swept_at IS NULL OR s.swept_at <= v_now - INTERVAL s.sweep_seconds SECOND)), 1)
		INTO v_lw, v_sweep
		FROM schemaops.outbox_state s WHERE s.outbox = 'schemaops.outbox_events';
		COMMIT;
		-- move it forward: first the lowest pending id as READ UNCOMMITTED sees it (uncommitted events
		-- included), or one past the highest id when nothing is pending ...
		SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
		START TRANSACTION READ ONLY;
		SELECT MIN(e.id) INTO v_mark FROM schemaops.outbox_events e FORCE INDEX (outbox_events_pending)
		WHERE e.acked_at IS NULL AND e.dead_at IS NULL AND e.id >= v_lw;
		IF v_mark IS NULL THEN
			SELECT MAX(e.id) + 1 INTO v_mark FROM schemaops.outbox_events e;
		END IF;
		COMMIT;
		-- ... then no further than the lowest pending id below it as READ COMMITTED sees it (an ack that is
		-- not committed yet may still roll back); compare-and-set: a concurrent claim may have moved it
		IF v_mark > v_lw THEN
			SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
			START TRANSACTION;
			SELECT MIN(e.id) INTO v_below FROM schemaops.outbox_events e FORCE INDEX (outbox_events_pending)
			WHERE e.acked_at IS NULL AND e.dead_at IS NULL AND e.id >= v_lw AND e.id < v_mark;
			SET v_mark = IFNULL(v_below, v_mark);
			IF v_mark > v_lw THEN
				UPDATE schemaops.outbox_state s SET s.low_water = v_mark
				WHERE s.outbox = 'schemaops.outbox_events' AND s.low_water = v_lw;
				IF ROW_COUNT() = 1 THEN
					SET v_lw = v_mark;
				END IF;
			END IF;
			COMMIT;
		END IF;

		SET v_from = IF(v_sweep, 0, v_lw);
		SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
		START TRANSACTION;
		SET v_now = SYSDATE(6);
		SELECT JSON_ARRAYAGG(c.id), MIN(c.id) INTO v_ids, v_first
		FROM (SELECT e.id FROM schemaops.outbox_events e FORCE INDEX (outbox_events_pending)
			WHERE e.acked_at IS NULL AND e.dead_at IS NULL AND e.id >= v_from
				AND (e.lease_until IS NULL OR e.lease_until <= v_now)
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
		IF v_sweep THEN
			-- events found below the mark (late writers, requeued or re-inserted events): the mark goes back
			-- to the lowest of them, so that the following claims read them without waiting for a sweep
			INSERT INTO schemaops.outbox_state (outbox, low_water, swept_at)
			VALUES ('schemaops.outbox_events', 0, v_now)
			ON DUPLICATE KEY UPDATE swept_at = v_now, low_water = LEAST(low_water, IFNULL(v_first, low_water));
		END IF;
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
