/*
 * test_objects_mariadb.c: the MariaDB object kinds of diff_objects_mariadb.c: views (order of views on
 * views, CREATE OR REPLACE, options), triggers (CREATE / CREATE OR REPLACE / DROP, a body with ';' in
 * DELIMITER lines, a trigger following its renamed table), functions and procedures (parameters, modes,
 * characteristics), events (AT / EVERY, status), strategy additive, and what stays UNSUPPORTED.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: mariadb\nname: app\n"
#define TABLE_T                                                                                                        \
	"tables:\n"                                                                                                    \
	"  - name: t\n"                                                                                                \
	"    columns: [{name: id, type: int(11), nullable: false}, {name: code, type: varchar(20)}]\n"                 \
	"    primary_key: {name: PRIMARY, columns: [id]}\n"

static void t_views(void)
{
	/* names chosen so that name order is the reverse of dependency order */
	const char *views = "views:\n"
	                    "  - {name: a_top, definition: 'select `b_mid`.`code` AS `code` from `b_mid`', "
	                    "check_option: NONE, algorithm: UNDEFINED, security: DEFINER}\n"
	                    "  - {name: b_mid, definition: 'select `c_base`.`code` AS `code` from `c_base`', "
	                    "check_option: NONE, algorithm: UNDEFINED, security: DEFINER}\n"
	                    "  - {name: c_base, definition: 'select `t`.`id` AS `id`,`t`.`code` AS `code` from `t`', "
	                    "check_option: CASCADED, algorithm: MERGE, security: INVOKER}\n";
	char from[2048], to[4096], to2[4096];
	so_changeset *cs;
	const so_change *c;
	char *p;

	snprintf(from, sizeof from, "%s%s", HEAD, TABLE_T);
	snprintf(to, sizeof to, "%s%s%s", HEAD, TABLE_T, views);
	cs = tu_diff(from, to, "{strategy: full}");
	is_str(tu_summary(cs), "1 ADD view c_base\n2 ADD view b_mid\n3 ADD view a_top\n",
	       "views created in dependency order (views on views after them)");
	c = tu_find(cs, SO_ACTION_ADD, "view", "c_base");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nCREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `app`.`c_base` AS select `t`.`id` "
	       "AS `id`,`t`.`code` AS `code` from `t` WITH CASCADED CHECK OPTION;",
	       "CREATE VIEW with algorithm, security and check option");
	is_str(tu_down(c), "DROP VIEW `app`.`c_base`;", "its down drops it");

	cs = tu_diff(to, from, "{strategy: full}");
	is_str(tu_summary(cs), "1 DROP view a_top\n2 DROP view b_mid\n3 DROP view c_base\n",
	       "views dropped dependents first");
	c = tu_find(cs, SO_ACTION_DROP, "view", "a_top");
	ok(c && strstr(tu_down(c), "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `app`.`a_top` AS") != NULL,
	   "a dropped view's down creates it again");
	cs = tu_diff(to, from, NULL);
	ok(tu_find(cs, SO_ACTION_DROP, "view", "a_top") && tu_find(cs, SO_ACTION_DROP, "view", "a_top")->skipped,
	   "strategy additive skips view drops");

	snprintf(to2, sizeof to2, "%s", to);
	p = strstr(to2, "check_option: CASCADED");
	memcpy(p, "check_option: LOCAL   ", 22);
	cs = tu_diff(to, to2, NULL);
	is_str(tu_summary(cs), "1 MODIFY view c_base\n", "a changed view is one step");
	c = tu_find(cs, SO_ACTION_MODIFY, "view", "c_base");
	ok(c && strstr(tu_up(c), "CREATE OR REPLACE ALGORITHM=MERGE") && strstr(tu_up(c), "WITH LOCAL CHECK OPTION"),
	   "CREATE OR REPLACE VIEW with the new check option");
	ok(c && strstr(tu_down(c), "CREATE OR REPLACE") && strstr(tu_down(c), "WITH CASCADED CHECK OPTION"),
	   "its down replaces it with the old definition");

	/* a keyword field holding something else is never spelled into DDL */
	snprintf(to2, sizeof to2, "%s%s%s", HEAD, TABLE_T,
	         "views: [{name: v, definition: select 1, algorithm: 'MERGE; DROP TABLE t'}]\n");
	cs = tu_diff(from, to2, NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "view", "v") && !tu_find(cs, SO_ACTION_ADD, "view", "v"),
	   "an algorithm the server does not know: UNSUPPORTED, not rendered");
}

static void t_triggers(void)
{
	const char *trg1 = "    triggers:\n"
	                   "      - {name: trg_bi, timing: BEFORE, event: INSERT, order: 1, "
	                   "statement: 'SET NEW.code = TRIM(NEW.code)'}\n";
	const char *trg2 = "    triggers:\n"
	                   "      - {name: trg_bi, timing: BEFORE, event: INSERT, order: 1, "
	                   "statement: \"BEGIN\\n  SET NEW.code = TRIM(NEW.code);\\n  SET @n = 1;\\nEND\"}\n";
	char from[2048], to[2048], to2[2048], ren[2048];
	so_changeset *cs;
	const so_change *c;

	snprintf(from, sizeof from, "%s%s", HEAD, TABLE_T);
	snprintf(to, sizeof to, "%s%s%s", HEAD, TABLE_T, trg1);
	snprintf(to2, sizeof to2, "%s%s%s", HEAD, TABLE_T, trg2);

	cs = tu_diff(from, to, NULL);
	c = tu_find(cs, SO_ACTION_ADD, "trigger", "trg_bi");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nCREATE TRIGGER `trg_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.code = "
	       "TRIM(NEW.code);",
	       "CREATE TRIGGER");
	is_str(tu_down(c), "DROP TRIGGER `app`.`trg_bi`;", "its down drops it");

	cs = tu_diff(to, to2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "trigger", "trg_bi");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nDELIMITER $$\nCREATE OR REPLACE TRIGGER `trg_bi` BEFORE INSERT ON `t` FOR EACH ROW "
	       "BEGIN\n  SET NEW.code = TRIM(NEW.code);\n  SET @n = 1;\nEND$$\nDELIMITER ;",
	       "a changed trigger: CREATE OR REPLACE TRIGGER, a body with ';' between DELIMITER lines");
	ok(c && strstr(tu_down(c), "CREATE OR REPLACE TRIGGER `trg_bi`") && !strstr(tu_down(c), "DELIMITER"),
	   "its down replaces it with the old body");

	cs = tu_diff(to, from, "{strategy: full}");
	c = tu_find(cs, SO_ACTION_DROP, "trigger", "trg_bi");
	is_str(tu_up(c), "DROP TRIGGER `app`.`trg_bi`;", "DROP TRIGGER");
	ok(c && strstr(tu_down(c), "CREATE TRIGGER `trg_bi`"), "its down creates it again");

	/* the table is renamed (hint): the trigger goes with it, nothing to do */
	snprintf(ren, sizeof ren, "%s", to);
	{
		char *p = strstr(ren, "  - name: t\n");
		char buf[2048];
		snprintf(buf, sizeof buf, "%.*s  - name: u\n    renamed_from: t\n%s", (int)(p - ren), ren, p + 12);
		snprintf(ren, sizeof ren, "%s", buf);
	}
	cs = tu_diff(to, ren, NULL);
	ok(tu_find(cs, SO_ACTION_RENAME, "table", NULL) != NULL, "the table is renamed");
	ok(!tu_find(cs, 0, "trigger", "trg_bi"), "its unchanged trigger follows it (no trigger step)");

	/* a trigger of a table created by the plan comes after the table */
	cs = tu_diff(HEAD "tables: []\n", to, NULL);
	is_str(tu_summary(cs), "1 ADD table t\n2 ADD trigger trg_bi\n", "trigger created after its new table");

	snprintf(to2, sizeof to2, "%s%s%s", HEAD, TABLE_T,
	         "    triggers: [{name: x, timing: INSTEAD OF, event: INSERT, statement: SET @a = 1}]\n");
	cs = tu_diff(from, to2, NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "trigger", NULL) != NULL,
	   "a timing MariaDB does not have stays UNSUPPORTED");
}

static void t_routines(void)
{
	const char *f1 =
	    HEAD "functions:\n"
	         "  - {name: twice, parameters: ['IN x int(11)'], returns: int(11), definition: RETURN x * 2,"
	         " deterministic: true, data_access: CONTAINS SQL, security: DEFINER}\n";
	const char *f2 =
	    HEAD "functions:\n"
	         "  - {name: twice, parameters: ['IN x int(11)'], returns: bigint(20), definition: RETURN x "
	         "+ x, deterministic: true, data_access: NO SQL, security: DEFINER, comment: \"it's\"}\n";
	const char *p1 =
	    HEAD "procedures:\n"
	         "  - {name: cnt, parameters: ['IN p_min int(11)', 'OUT p_n int(11)'], definition: \"BEGIN\\n"
	         "SELECT COUNT(*) INTO p_n FROM t WHERE id >= p_min;\\nEND\", deterministic: false, "
	         "data_access: READS SQL DATA, security: INVOKER}\n";
	so_changeset *cs;
	const so_change *c;

	cs = tu_diff(HEAD, f1, NULL);
	c = tu_find(cs, SO_ACTION_ADD, "function", "twice");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nCREATE FUNCTION `app`.`twice`(`x` int(11)) RETURNS int(11) DETERMINISTIC CONTAINS "
	       "SQL SQL SECURITY DEFINER\nRETURN x * 2;",
	       "CREATE FUNCTION: parameters (IN left implicit), result, characteristics, body");
	is_str(tu_down(c), "DROP FUNCTION `app`.`twice`;", "its down drops it");

	cs = tu_diff(f1, f2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "function", "twice");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nCREATE OR REPLACE FUNCTION `app`.`twice`(`x` int(11)) RETURNS bigint(20) "
	       "DETERMINISTIC NO SQL SQL SECURITY DEFINER COMMENT 'it''s'\nRETURN x + x;",
	       "a changed function: CREATE OR REPLACE FUNCTION, comment quoted");

	cs = tu_diff(HEAD, p1, NULL);
	c = tu_find(cs, SO_ACTION_ADD, "procedure", "cnt");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nDELIMITER $$\nCREATE PROCEDURE `app`.`cnt`(IN `p_min` int(11), OUT `p_n` int(11)) "
	       "NOT DETERMINISTIC READS SQL DATA SQL SECURITY INVOKER\nBEGIN\nSELECT COUNT(*) INTO p_n FROM t WHERE id "
	       ">= p_min;\nEND$$\nDELIMITER ;",
	       "CREATE PROCEDURE with modes, a compound body in DELIMITER lines");
	cs = tu_diff(p1, HEAD, "{strategy: full}");
	c = tu_find(cs, SO_ACTION_DROP, "procedure", "cnt");
	is_str(tu_up(c), "DROP PROCEDURE `app`.`cnt`;", "DROP PROCEDURE");
	ok(c && strstr(tu_down(c), "CREATE PROCEDURE `app`.`cnt`"), "its down creates it again");

	/* functions before the views that call them; views dropped before the functions */
	{
		const char *fv = HEAD "functions: [{name: twice, parameters: ['IN x int(11)'], returns: int(11), "
		                      "definition: RETURN x * 2}]\n"
		                      "views: [{name: v, definition: 'select `twice`(1) AS `n`'}]\n";
		cs = tu_diff(HEAD, fv, NULL);
		is_str(tu_summary(cs), "1 ADD function twice\n2 ADD view v\n", "function created before the view");
		cs = tu_diff(fv, HEAD, "{strategy: full}");
		is_str(tu_summary(cs), "1 DROP view v\n2 DROP function twice\n", "view dropped before the function");
	}
}

static void t_events(void)
{
	const char *e1 =
	    HEAD "events:\n"
	         "  - {name: nightly, definition: DELETE FROM t WHERE 1 = 0, type: RECURRING, interval: 1 DAY,"
	         " status: DISABLED, on_completion: NOT PRESERVE, comment: purge}\n";
	const char *e2 = HEAD "events:\n"
	                      "  - {name: nightly, definition: DELETE FROM t WHERE 1 = 0, type: RECURRING, interval: 2 "
	                      "HOUR, status: ENABLED, on_completion: PRESERVE}\n";
	const char *e3 = HEAD "events:\n"
	                      "  - {name: once, definition: 'BEGIN DELETE FROM t; DELETE FROM t; END', type: ONE TIME, "
	                      "execute_at: '2037-01-01 00:00:00', status: DISABLED, on_completion: NOT PRESERVE}\n";
	so_changeset *cs;
	const so_change *c;

	cs = tu_diff(HEAD, e1, NULL);
	c = tu_find(cs, SO_ACTION_ADD, "event", "nightly");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nCREATE EVENT `app`.`nightly` ON SCHEDULE EVERY '1' DAY ON COMPLETION NOT PRESERVE "
	       "DISABLE COMMENT 'purge' DO DELETE FROM t WHERE 1 = 0;",
	       "CREATE EVENT ... EVERY");
	cs = tu_diff(e1, e2, NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "event", "nightly");
	is_str(tu_up(c),
	       "SET NAMES utf8mb4;\nCREATE OR REPLACE EVENT `app`.`nightly` ON SCHEDULE EVERY '2' HOUR ON COMPLETION "
	       "PRESERVE ENABLE DO DELETE FROM t WHERE 1 = 0;",
	       "a changed event: CREATE OR REPLACE EVENT");
	cs = tu_diff(HEAD, e3, NULL);
	c = tu_find(cs, SO_ACTION_ADD, "event", "once");
	ok(c && strstr(tu_up(c), "ON SCHEDULE AT '2037-01-01 00:00:00'") && strstr(tu_up(c), "DELIMITER $$"),
	   "CREATE EVENT ... AT, a compound body in DELIMITER lines");
	cs = tu_diff(e3, HEAD, "{strategy: full}");
	c = tu_find(cs, SO_ACTION_DROP, "event", "once");
	is_str(tu_up(c), "DROP EVENT `app`.`once`;", "DROP EVENT");
	cs = tu_diff(HEAD, HEAD "events: [{name: bad, definition: x, type: RECURRING, interval: '1 DAY; DROP'}]\n",
	             NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, "event", "bad") != NULL,
	   "an interval unit not of the server's: UNSUPPORTED");
}

static void t_table_options(void)
{
#define OPT_T(opts) HEAD "tables: [{name: t, columns: [{name: id, type: int(11)}], options: " opts "}]\n"
	so_changeset *cs;
	const so_change *c;

	cs = tu_diff(OPT_T("{engine: InnoDB, collation: utf8mb4_general_ci}"),
	             OPT_T("{engine: MyISAM, collation: utf8mb4_general_ci, row_format: Fixed}"), NULL);
	c = tu_find(cs, SO_ACTION_MODIFY, "table_options", "t");
	is_str(tu_up(c), "ALTER TABLE `app`.`t` ENGINE=MyISAM, ROW_FORMAT=Fixed;",
	       "ENGINE= and ROW_FORMAT= in one step");
	is_str(tu_down(c), "ALTER TABLE `app`.`t` ENGINE=InnoDB, ROW_FORMAT=DEFAULT;", "its down puts both back");
	ok(tu_has_hazard(c, "table_rewrite") && tu_has_hazard(c, "table_copy"), "hazards table_rewrite, table_copy");
	cs = tu_diff(OPT_T("{engine: InnoDB, collation: utf8mb4_general_ci}"),
	             OPT_T("{engine: InnoDB, collation: latin1_swedish_ci}"), NULL);
	/* planned by diff.c diff_charset since (test_diff_mariadb_columns.c) */
	ok(!tu_find(cs, SO_ACTION_UNSUPPORTED, NULL, NULL) && !tu_find(cs, SO_ACTION_MODIFY, "table_options", "t") &&
	       tu_find(cs, SO_ACTION_MODIFY, "table_charset", "t"),
	   "a changed table collation is a table_charset step, not table_options");
	cs = tu_diff(OPT_T("{engine: InnoDB}"), OPT_T("{engine: 'InnoDB; DROP TABLE x'}"), NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, NULL, NULL) && !tu_find(cs, SO_ACTION_MODIFY, "table_options", "t"),
	   "an engine name that is no word is never rendered");
#undef OPT_T
}

static void t_still_unsupported(void)
{
	so_changeset *cs = tu_diff(HEAD, HEAD "mariadb_sequences: [{name: s}]\n", NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, NULL, NULL) != NULL, "MariaDB sequences stay UNSUPPORTED");
	cs = tu_diff("schemaops: 1\ndialect: postgres\nname: app\n",
	             "schemaops: 1\ndialect: postgres\nname: app\nevents: [{name: e}]\n", NULL);
	ok(tu_find(cs, SO_ACTION_UNSUPPORTED, NULL, NULL) != NULL, "PostgreSQL documents are not read as MariaDB");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_views();
	t_triggers();
	t_routines();
	t_events();
	t_table_options();
	t_still_unsupported();
	so_arena_destroy(tu_arena);
	return done_testing();
}
