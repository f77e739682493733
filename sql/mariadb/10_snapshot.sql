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
	DECLARE v_fts LONGTEXT CHARSET utf8mb4;
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
	-- compared). Only the InnoDB dictionary shows it, and reading that needs the PROCESS privilege: without it
	-- the list stays empty. Names are matched as InnoDB stores them (db/table), which holds for plain names.
	BEGIN
		DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET v_fts = NULL;
		SELECT JSON_ARRAYAGG(SUBSTRING(st.NAME, CHAR_LENGTH(v_name) + 2))
		INTO v_fts
		FROM (SELECT sc.TABLE_ID FROM information_schema.INNODB_SYS_COLUMNS sc
			WHERE BINARY sc.NAME = 'FTS_DOC_ID') sc
		JOIN information_schema.INNODB_SYS_TABLES st ON st.TABLE_ID = sc.TABLE_ID
		WHERE BINARY LEFT(st.NAME, CHAR_LENGTH(v_name) + 1) = BINARY CONCAT(v_name, '/');
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
				'row_format', NULLIF(REGEXP_SUBSTR(t.CREATE_OPTIONS, '(?<=row_format=)[A-Za-z_]+'), ''),
				'fts_doc_id', IF(JSON_CONTAINS(v_fts, JSON_QUOTE(t.TABLE_NAME)), 'hidden', NULL))),
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
