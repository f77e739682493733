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
	DECLARE v_tables, v_views, v_functions, v_procedures, v_events, v_sequences LONGTEXT CHARSET utf8mb4;
	DECLARE v_fts LONGTEXT CHARSET utf8mb4;
	DECLARE v_fts_denied INT DEFAULT 0;
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

	-- Tables that keep InnoDB's hidden FTS_DOC_ID column although they have no FULLTEXT index any more (it
	-- stays from a dropped one until the table is rebuilt): InnoDB then refuses ALGORITHM=INSTANT for ADD and
	-- DROP COLUMN ("Try ALGORITHM=INPLACE"), so the diff must know (options.fts_doc_id = 'hidden', never
	-- compared). Only the InnoDB dictionary shows it: such a table keeps its full-text auxiliary tables, among
	-- them db/FTS_<table id, 16 hex digits>_CONFIG (checked on 10.11), so one pass over INNODB_SYS_TABLES finds
	-- them (rows grouped by table id: the table's own row and its CONFIG row), without reading the server's
	-- every column in INNODB_SYS_COLUMNS as before. Reading the dictionary needs the PROCESS privilege: without
	-- it the document says so in snapshot_notes. Names are matched as InnoDB stores them (db/table), which
	-- holds for plain names.
	BEGIN
		DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET v_fts = NULL, v_fts_denied = 1;
		SELECT JSON_ARRAYAGG(x.tn)
		INTO v_fts
		FROM (
			SELECT MAX(y.tn) AS tn, MAX(y.cfg) AS cfg
			FROM (
				SELECT IF(y.cfg, CONV(SUBSTRING(y.rest, 5, 16), 16, 10), y.TABLE_ID) AS tid,
					IF(y.cfg, NULL, y.rest) AS tn, y.cfg
				FROM (
					SELECT st.TABLE_ID, SUBSTRING(st.NAME, CHAR_LENGTH(v_name) + 2) AS rest,
						BINARY SUBSTRING(st.NAME, CHAR_LENGTH(v_name) + 2) LIKE 'FTS\_________________\_CONFIG' AS cfg
					FROM information_schema.INNODB_SYS_TABLES st
					WHERE BINARY LEFT(st.NAME, CHAR_LENGTH(v_name) + 1) = BINARY CONCAT(v_name, '/')
				) y
			) y
			GROUP BY y.tid
		) x
		WHERE x.cfg = 1 AND x.tn IS NOT NULL;
	END;
	IF v_fts IS NOT NULL THEN
		-- rare: only then the tables whose FTS_DOC_ID is a visible column or serves a FULLTEXT index are
		-- removed (one pass over each information_schema table, not one per candidate)
		SELECT JSON_ARRAYAGG(j.tn) INTO v_fts
		FROM JSON_TABLE(v_fts, '$[*]' COLUMNS (tn VARCHAR(64) CHARSET utf8mb4 PATH '$')) j
		WHERE BINARY j.tn NOT IN (SELECT BINARY c.TABLE_NAME FROM information_schema.COLUMNS c
				WHERE c.TABLE_SCHEMA = v_name AND c.COLUMN_NAME = 'FTS_DOC_ID')
			AND BINARY j.tn NOT IN (SELECT BINARY x.TABLE_NAME FROM information_schema.STATISTICS x
				WHERE x.TABLE_SCHEMA = v_name AND x.INDEX_TYPE = 'FULLTEXT');
	END IF;

	-- How the document is written (speed: docs/verify.md, "MariaDB snapshot speed"). The JSON text is built
	-- with string functions: a member is CONCAT('"key":', value), NULL when the value is, and CONCAT_WS skips
	-- NULLs, so a member whose value is null is left out without parsing JSON again (JSON_MERGE_PATCH and
	-- JSON_EXTRACT on every object took most of the time before). Strings go through JSON_QUOTE, which escapes
	-- as JSON_OBJECT does; members of objects that keep their nulls use COALESCE(..., 'null').
	--
	-- Tables: each information_schema table is read once and grouped per table into the members it provides
	-- (COLUMNS: columns; STATISTICS: primary_key, indexes and ignored_indexes; ...). The
	-- branches are stacked with UNION ALL, one row per source and table with the other members NULL, and GROUP BY
	-- on the exact table name folds them into one row per table (MAX of the one non-NULL value). There is no join
	-- between per-table lists, which the optimizer ran as nested loops comparing every table with every other
	-- one: the cost now grows with the size of the schema (times a log, for sorting). A new table-level kind is
	-- one more member column and one more UNION ALL branch.
	SELECT GROUP_CONCAT(CONCAT('{', CONCAT_WS(',', g.head, g.cols, g.pk, g.idx, g.fks, g.cks, g.trs, g.ign,
			g.part, g.sysver), '}') ORDER BY BINARY g.tn SEPARATOR ',')
	INTO v_tables
	FROM (
		SELECT MAX(u.tn) AS tn, MAX(u.head) AS head, MAX(u.cols) AS cols, MAX(u.pk) AS pk, MAX(u.idx) AS idx,
			MAX(u.fks) AS fks, MAX(u.cks) AS cks, MAX(u.trs) AS trs, MAX(u.ign) AS ign,
			MAX(u.part) AS part, MAX(u.sysver) AS sysver
		FROM (
			-- name, rows, comment, options; system_versioning (no format field either: an opaque table-level
			-- value, so that it is reported, never lost)
			SELECT t.TABLE_NAME AS tn,
				CONCAT_WS(',',
					CONCAT('"name":', JSON_QUOTE(t.TABLE_NAME)),
					CONCAT('"rows":', t.TABLE_ROWS),
					CONCAT('"comment":', JSON_QUOTE(NULLIF(t.TABLE_COMMENT, ''))),
					CONCAT('"options":{', CONCAT_WS(',',
						CONCAT('"engine":', JSON_QUOTE(t.ENGINE)),
						CONCAT('"collation":', JSON_QUOTE(t.TABLE_COLLATION)),
						-- TABLES.ROW_FORMAT is the effective format; only an explicit ROW_FORMAT= belongs in
						-- the document
						CONCAT('"row_format":', JSON_QUOTE(NULLIF(
							REGEXP_SUBSTR(t.CREATE_OPTIONS, '(?<=row_format=)[A-Za-z_]+'), ''))),
						IF(JSON_CONTAINS(v_fts, JSON_QUOTE(t.TABLE_NAME)), '"fts_doc_id":"hidden"', NULL)), '}')) AS head,
				NULL AS cols, NULL AS pk, NULL AS idx, NULL AS fks, NULL AS cks, NULL AS trs, NULL AS ign, NULL AS part,
				IF(t.TABLE_TYPE = 'SYSTEM VERSIONED', '"system_versioning":{"period":"SYSTEM_TIME"}', NULL) AS sysver
			FROM information_schema.TABLES t
			WHERE t.TABLE_SCHEMA = v_name AND BINARY t.TABLE_SCHEMA = BINARY v_name
				AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
			UNION ALL
			-- columns (an INVISIBLE column: EXTRA 'INVISIBLE', after ', ' when it holds more)
			SELECT c.TABLE_NAME, NULL,
				CONCAT('"columns":[', GROUP_CONCAT(CONCAT('{', CONCAT_WS(',',
					CONCAT('"name":', JSON_QUOTE(c.COLUMN_NAME)),
					CONCAT('"type":', JSON_QUOTE(c.COLUMN_TYPE)),
					CONCAT('"nullable":', IF(c.IS_NULLABLE = 'YES', 'true', 'false')),
					-- 10.11 writes literal defaults quoted ('abc'), NULL as the word NULL, expressions as text
					CONCAT('"default":', JSON_QUOTE(
						IF(c.IS_GENERATED = 'ALWAYS' OR c.COLUMN_DEFAULT = 'NULL', NULL, c.COLUMN_DEFAULT))),
					-- 10.11: EXTRA = 'on update current_timestamp(N)' (N only with a precision), maybe
					-- followed by ', INVISIBLE'; '' from REGEXP_SUBSTR (no clause) becomes NULL, left out
					CONCAT('"on_update":',
						JSON_QUOTE(NULLIF(SUBSTRING(REGEXP_SUBSTR(c.EXTRA, 'on update [^,]+'), 11), ''))),
					IF(c.EXTRA LIKE '%auto_increment%', '"auto_increment":true', NULL),
					CONCAT('"generated":', JSON_QUOTE(IF(c.IS_GENERATED = 'ALWAYS', c.GENERATION_EXPRESSION, NULL))),
					IF(c.EXTRA LIKE '%STORED GENERATED%', '"generated_stored":true', NULL),
					IF(c.EXTRA REGEXP '(^|, )INVISIBLE', '"invisible":true', NULL),
					CONCAT('"collation":',
						JSON_QUOTE(IF(c.COLLATION_NAME <> ct.TABLE_COLLATION, c.COLLATION_NAME, NULL))),
					CONCAT('"comment":', JSON_QUOTE(NULLIF(c.COLUMN_COMMENT, '')))), '}')
					ORDER BY c.ORDINAL_POSITION SEPARATOR ','), ']'),
				NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
			FROM information_schema.COLUMNS c
			-- the table's collation, from a derived table the server materializes with a key on the name
			-- (GROUP BY keeps it from being merged into this join, which would compare every column with
			-- every table)
			JOIN (SELECT MAX(x.TABLE_NAME) AS tn, MAX(x.TABLE_COLLATION) AS TABLE_COLLATION
				FROM information_schema.TABLES x
				WHERE x.TABLE_SCHEMA = v_name GROUP BY BINARY x.TABLE_NAME) ct
				ON ct.tn = c.TABLE_NAME AND BINARY ct.tn = BINARY c.TABLE_NAME
			WHERE c.TABLE_SCHEMA = v_name
			GROUP BY BINARY c.TABLE_NAME
			UNION ALL
			-- primary_key, indexes, ignored_indexes from one pass over STATISTICS, one row per index first.
			-- Unique keys are written as unique indexes (the one spelling the format normalizes to). IGNORED
			-- indexes (10.6+) have no format field: reported as UNSUPPORTED, never lost.
			SELECT MAX(i.tn), NULL, NULL,
				CONCAT('"primary_key":', GROUP_CONCAT(IF(i.iname = 'PRIMARY',
					CONCAT('{"name":"PRIMARY","columns":[', i.cols, ']}'), NULL) SEPARATOR ',')),
				CONCAT('"indexes":[', GROUP_CONCAT(IF(i.iname = 'PRIMARY', NULL, i.ix)
					ORDER BY BINARY i.iname SEPARATOR ','), ']'),
				NULL, NULL, NULL,
				CONCAT('"ignored_indexes":[', GROUP_CONCAT(IF(i.ignored = 'YES',
					CONCAT('{"name":', JSON_QUOTE(i.iname), '}'), NULL) ORDER BY BINARY i.iname SEPARATOR ','), ']'),
				NULL, NULL
			FROM (
				SELECT MAX(s.TABLE_NAME) AS tn, MAX(s.INDEX_NAME) AS iname, MAX(s.IGNORED) AS ignored,
					GROUP_CONCAT(JSON_QUOTE(s.COLUMN_NAME) ORDER BY s.SEQ_IN_INDEX SEPARATOR ',') AS cols,
					CONCAT('{', CONCAT_WS(',',
						CONCAT('"name":', JSON_QUOTE(MAX(s.INDEX_NAME))),
						IF(MAX(s.NON_UNIQUE) = 0, '"unique":true', NULL),
						CONCAT('"method":',
							JSON_QUOTE(IF(MAX(s.INDEX_TYPE) = 'BTREE', NULL, LOWER(MAX(s.INDEX_TYPE))))),
						-- SUB_PART is the prefix length; SPATIAL keys report one (32) that is no prefix. The
						-- string form is read as "name [ASC|DESC]" or else an expression, so only a plain name
						-- may use it; any other name (`nick name`, `x desc`, `a``b`) is a {column: ...} mapping.
						CONCAT('"columns":[', GROUP_CONCAT(
							IF((s.SUB_PART IS NULL OR s.INDEX_TYPE = 'SPATIAL') AND NOT s.COLLATION <=> 'D'
									AND BINARY s.COLUMN_NAME REGEXP '^[A-Za-z0-9_$]+$',
								JSON_QUOTE(s.COLUMN_NAME),
								CONCAT('{', CONCAT_WS(',',
									CONCAT('"column":', JSON_QUOTE(s.COLUMN_NAME)),
									CONCAT('"length":', IF(s.INDEX_TYPE = 'SPATIAL', NULL, s.SUB_PART)),
									IF(s.COLLATION <=> 'D', '"desc":true', NULL)), '}'))
							ORDER BY s.SEQ_IN_INDEX SEPARATOR ','), ']'),
						CONCAT('"comment":', JSON_QUOTE(NULLIF(MAX(s.INDEX_COMMENT), '')))), '}') AS ix
				FROM information_schema.STATISTICS s
				WHERE s.TABLE_SCHEMA = v_name
				GROUP BY BINARY s.TABLE_NAME, BINARY s.INDEX_NAME
			) i
			GROUP BY BINARY i.tn
			UNION ALL
			-- foreign_keys: REFERENTIAL_CONSTRAINTS (referenced table, rules) and KEY_COLUMN_USAGE (columns)
			-- folded per constraint the same way (no join), then per table
			SELECT MAX(f.tn), NULL, NULL, NULL, NULL,
				CONCAT('"foreign_keys":[', GROUP_CONCAT(f.fk ORDER BY BINARY f.cn SEPARATOR ','), ']'),
				NULL, NULL, NULL, NULL, NULL
			FROM (
				SELECT MAX(x.tn) AS tn, MAX(x.cn) AS cn,
					CONCAT('{',
						'"name":', JSON_QUOTE(MAX(x.cn)),
						',"columns":[', MAX(x.cols), ']',
						',"references":{', CONCAT_WS(',',
							CONCAT('"schema":',
								JSON_QUOTE(IF(BINARY MAX(x.rschema) = BINARY v_name, NULL, MAX(x.rschema)))),
							CONCAT('"table":', JSON_QUOTE(MAX(x.rtable))),
							CONCAT('"columns":[', MAX(x.rcols), ']')), '}',
						',"on_update":', COALESCE(JSON_QUOTE(LOWER(MAX(x.on_update))), 'null'),
						',"on_delete":', COALESCE(JSON_QUOTE(LOWER(MAX(x.on_delete))), 'null'), '}') AS fk,
					MAX(x.is_fk) AS is_fk, MAX(x.cols) AS cols
				FROM (
					SELECT r.TABLE_NAME AS tn, r.CONSTRAINT_NAME AS cn, 1 AS is_fk, r.REFERENCED_TABLE_NAME AS rtable,
						r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete,
						NULL AS rschema, NULL AS cols, NULL AS rcols
					FROM information_schema.REFERENTIAL_CONSTRAINTS r
					WHERE r.CONSTRAINT_SCHEMA = v_name
					UNION ALL
					SELECT MAX(k.TABLE_NAME), MAX(k.CONSTRAINT_NAME), NULL, NULL, NULL, NULL,
						MAX(k.REFERENCED_TABLE_SCHEMA),
						GROUP_CONCAT(JSON_QUOTE(k.COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','),
						GROUP_CONCAT(JSON_QUOTE(k.REFERENCED_COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ',')
					FROM information_schema.KEY_COLUMN_USAGE k
					WHERE k.CONSTRAINT_SCHEMA = v_name AND k.TABLE_SCHEMA = v_name
						AND k.REFERENCED_TABLE_NAME IS NOT NULL
					GROUP BY BINARY k.TABLE_NAME, BINARY k.CONSTRAINT_NAME
				) x
				GROUP BY BINARY x.tn, BINARY x.cn
			) f
			-- both halves present, as with the inner join this replaces
			WHERE f.is_fk = 1 AND f.cols IS NOT NULL
			GROUP BY BINARY f.tn
			UNION ALL
			-- checks: column-level CHECKs (LEVEL = 'Column', named after their column, e.g. JSON's
			-- json_valid()) are listed with the table's: the server treats both alike and a re-created one
			-- comes back table-level.
			SELECT MAX(k.TABLE_NAME), NULL, NULL, NULL, NULL, NULL,
				CONCAT('"checks":[', GROUP_CONCAT(CONCAT('{"name":', COALESCE(JSON_QUOTE(k.CONSTRAINT_NAME), 'null'),
					',"expression":', COALESCE(JSON_QUOTE(k.CHECK_CLAUSE), 'null'), '}')
					ORDER BY BINARY k.CONSTRAINT_NAME SEPARATOR ','), ']'),
				NULL, NULL, NULL, NULL
			FROM information_schema.CHECK_CONSTRAINTS k
			WHERE k.CONSTRAINT_SCHEMA = v_name
			GROUP BY BINARY k.TABLE_NAME
			UNION ALL
			-- triggers: a table-level kind the diff plans as objects (diff_objects_mariadb.c)
			SELECT MAX(g.EVENT_OBJECT_TABLE), NULL, NULL, NULL, NULL, NULL, NULL,
				CONCAT('"triggers":[', GROUP_CONCAT(CONCAT(
					'{"name":', COALESCE(JSON_QUOTE(g.TRIGGER_NAME), 'null'),
					',"timing":', COALESCE(JSON_QUOTE(g.ACTION_TIMING), 'null'),
					',"event":', COALESCE(JSON_QUOTE(g.EVENT_MANIPULATION), 'null'),
					',"order":', COALESCE(g.ACTION_ORDER, 'null'),
					',"statement":', COALESCE(JSON_QUOTE(g.ACTION_STATEMENT), 'null'), '}')
					ORDER BY BINARY g.TRIGGER_NAME SEPARATOR ','), ']'),
				NULL, NULL, NULL
			FROM information_schema.TRIGGERS g
			WHERE g.EVENT_OBJECT_SCHEMA = v_name
			GROUP BY BINARY g.EVENT_OBJECT_TABLE
			UNION ALL
			-- partitioning is not diffed by format version 1: the whole scheme is one opaque table-level
			-- value (method, expression, partitions with their bounds), so a change is reported as UNSUPPORTED
			SELECT MAX(p.TABLE_NAME), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
				CONCAT('"partitioning":{', CONCAT_WS(',',
					CONCAT('"method":', JSON_QUOTE(MAX(p.PARTITION_METHOD))),
					CONCAT('"expression":', JSON_QUOTE(MAX(p.PARTITION_EXPRESSION))),
					CONCAT('"subpartition_method":', JSON_QUOTE(MAX(p.SUBPARTITION_METHOD))),
					CONCAT('"subpartition_expression":', JSON_QUOTE(MAX(p.SUBPARTITION_EXPRESSION))),
					CONCAT('"partitions":[', GROUP_CONCAT(CONCAT(
						'{"name":', COALESCE(JSON_QUOTE(p.PARTITION_NAME), 'null'),
						',"subpartition":', COALESCE(JSON_QUOTE(p.SUBPARTITION_NAME), 'null'),
						',"bound":', COALESCE(JSON_QUOTE(p.PARTITION_DESCRIPTION), 'null'), '}')
						ORDER BY p.PARTITION_ORDINAL_POSITION, p.SUBPARTITION_ORDINAL_POSITION SEPARATOR ','),
						']')), '}'),
				NULL
			FROM information_schema.PARTITIONS p
			WHERE p.TABLE_SCHEMA = v_name AND p.PARTITION_NAME IS NOT NULL
			GROUP BY BINARY p.TABLE_NAME
		) u
		GROUP BY BINARY u.tn
	) g
	-- COLUMNS, STATISTICS ... also list views and sequences: only the tables of the first branch count
	WHERE g.head IS NOT NULL;

	-- Views, routines and events are diffed as objects (diff_objects_mariadb.c), sequences stay opaque
	-- (UNSUPPORTED when they differ). The server qualifies every name in VIEW_DEFINITION with the database;
	-- the own database's qualifier is removed so that two databases with the same views compare equal.
	SELECT GROUP_CONCAT(CONCAT(
			'{"name":', COALESCE(JSON_QUOTE(v.TABLE_NAME), 'null'),
			',"definition":', COALESCE(JSON_QUOTE(
				REPLACE(v.VIEW_DEFINITION, CONCAT('`', REPLACE(v_name, '`', '``'), '`.'), '')), 'null'),
			',"check_option":', COALESCE(JSON_QUOTE(v.CHECK_OPTION), 'null'),
			',"algorithm":', COALESCE(JSON_QUOTE(v.ALGORITHM), 'null'),
			',"security":', COALESCE(JSON_QUOTE(v.SECURITY_TYPE), 'null'), '}')
		ORDER BY BINARY v.TABLE_NAME SEPARATOR ',')
	INTO v_views
	FROM information_schema.VIEWS v
	WHERE v.TABLE_SCHEMA = v_name AND BINARY v.TABLE_SCHEMA = BINARY v_name;

	-- Functions and procedures are two kinds: they have separate name spaces. One pass over ROUTINES and one
	-- over PARAMETERS (grouped per routine, looked up by key) serve both.
	SELECT
		GROUP_CONCAT(IF(r.ROUTINE_TYPE = 'FUNCTION', r.o, NULL) ORDER BY BINARY r.ROUTINE_NAME SEPARATOR ','),
		GROUP_CONCAT(IF(r.ROUTINE_TYPE = 'PROCEDURE', r.o, NULL) ORDER BY BINARY r.ROUTINE_NAME SEPARATOR ',')
	INTO v_functions, v_procedures
	FROM (
		SELECT r.ROUTINE_NAME, r.ROUTINE_TYPE,
			CONCAT('{', CONCAT_WS(',',
				CONCAT('"name":', JSON_QUOTE(r.ROUTINE_NAME)),
				CONCAT('"parameters":[', COALESCE(p.params, ''), ']'),
				CONCAT('"returns":', JSON_QUOTE(IF(r.ROUTINE_TYPE = 'FUNCTION', r.DTD_IDENTIFIER, NULL))),
				CONCAT('"definition":', JSON_QUOTE(r.ROUTINE_DEFINITION)),
				CONCAT('"deterministic":', IF(r.IS_DETERMINISTIC = 'YES', 'true', 'false')),
				CONCAT('"data_access":', JSON_QUOTE(r.SQL_DATA_ACCESS)),
				CONCAT('"security":', JSON_QUOTE(r.SECURITY_TYPE)),
				CONCAT('"comment":', JSON_QUOTE(NULLIF(r.ROUTINE_COMMENT, '')))), '}') AS o
		FROM information_schema.ROUTINES r
		LEFT JOIN (
			SELECT MAX(p.SPECIFIC_NAME) AS sn, p.ROUTINE_TYPE AS rt,
				GROUP_CONCAT(JSON_QUOTE(CONCAT_WS(' ', p.PARAMETER_MODE, p.PARAMETER_NAME, p.DTD_IDENTIFIER))
					ORDER BY p.ORDINAL_POSITION SEPARATOR ',') AS params
			FROM information_schema.PARAMETERS p
			WHERE p.SPECIFIC_SCHEMA = v_name AND p.ORDINAL_POSITION > 0
			GROUP BY BINARY p.SPECIFIC_NAME, p.ROUTINE_TYPE
		) p ON p.sn = r.SPECIFIC_NAME AND BINARY p.sn = BINARY r.SPECIFIC_NAME AND p.rt = r.ROUTINE_TYPE
		WHERE r.ROUTINE_SCHEMA = v_name AND BINARY r.ROUTINE_SCHEMA = BINARY v_name
			AND r.ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')
	) r;

	SELECT GROUP_CONCAT(CONCAT('{', CONCAT_WS(',',
			CONCAT('"name":', JSON_QUOTE(e.EVENT_NAME)),
			CONCAT('"definition":', JSON_QUOTE(e.EVENT_DEFINITION)),
			CONCAT('"type":', JSON_QUOTE(e.EVENT_TYPE)),
			CONCAT('"execute_at":', JSON_QUOTE(CAST(e.EXECUTE_AT AS CHAR))),
			CONCAT('"interval":', JSON_QUOTE(IF(e.INTERVAL_VALUE IS NULL, NULL,
				CONCAT(e.INTERVAL_VALUE, ' ', e.INTERVAL_FIELD)))),
			CONCAT('"status":', JSON_QUOTE(e.STATUS)),
			CONCAT('"on_completion":', JSON_QUOTE(e.ON_COMPLETION)),
			CONCAT('"comment":', JSON_QUOTE(NULLIF(e.EVENT_COMMENT, '')))), '}')
		ORDER BY BINARY e.EVENT_NAME SEPARATOR ',')
	INTO v_events
	FROM information_schema.EVENTS e
	WHERE e.EVENT_SCHEMA = v_name AND BINARY e.EVENT_SCHEMA = BINARY v_name;

	-- 10.11 has no information_schema.SEQUENCES: sequences are listed by name only, as an opaque kind.
	SELECT GROUP_CONCAT(CONCAT('{"name":', JSON_QUOTE(s.TABLE_NAME), '}') ORDER BY BINARY s.TABLE_NAME SEPARATOR ',')
	INTO v_sequences
	FROM information_schema.TABLES s
	WHERE s.TABLE_SCHEMA = v_name AND BINARY s.TABLE_SCHEMA = BINARY v_name AND s.TABLE_TYPE = 'SEQUENCE';

	SET SESSION group_concat_max_len = v_saved;
	-- JSON_COMPACT parses the document once: text that is not valid JSON would fail here, not in the diff
	RETURN JSON_COMPACT(CONCAT('{', CONCAT_WS(',',
		'"schemaops":1',
		'"dialect":"mariadb"',
		CONCAT('"name":', JSON_QUOTE(v_name)),
		CONCAT('"tables":[', COALESCE(v_tables, ''), ']'),
		CONCAT('"views":[', v_views, ']'),
		CONCAT('"functions":[', v_functions, ']'),
		CONCAT('"procedures":[', v_procedures, ']'),
		CONCAT('"events":[', v_events, ']'),
		CONCAT('"mariadb_sequences":[', v_sequences, ']'),
		IF(v_fts_denied, '"snapshot_notes":["options.fts_doc_id not read: the InnoDB dictionary (information_schema.INNODB_SYS_TABLES) needs the PROCESS privilege; a table keeping a hidden FTS_DOC_ID then gets ALGORITHM=INSTANT column steps that InnoDB refuses"]', NULL)), '}'));
END$$

DELIMITER ;
