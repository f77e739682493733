/*
 * test_diff_plans.c: online recipes (PostgreSQL CONCURRENTLY / NOT VALID + VALIDATE / SET NOT NULL through a
 * check / unique via USING INDEX / index swap; MariaDB ALGORITHM and LOCK), step metadata (lock level,
 * algorithm, outside_transaction, phase), the script's transaction blocks, and the plan options (phase,
 * allowed_hazards, include/exclude, statement_timeout).
 */
#include "tap.h"
#include "diff_test_util.h"
#include "render.h"

#define PG "schemaops: 1\ndialect: postgres\nname: shop\n"
#define MY "schemaops: 1\ndialect: mariadb\nname: shop\n"

static const char *PBASE = PG "tables:\n"
                              "  - name: item\n"
                              "    rows: 500000\n"
                              "    columns:\n"
                              "      - {name: id, type: integer, nullable: false}\n"
                              "      - {name: title, type: text}\n"
                              "      - {name: price, type: integer}\n"
                              "      - {name: owner, type: integer}\n"
                              "    primary_key: {name: item_pkey, columns: [id]}\n"
                              "    indexes: [{name: item_price_idx, columns: [price]}, {name: item_old_idx, "
                              "columns: [owner]}]\n"
                              "  - name: person\n"
                              "    columns: [{name: id, type: integer, nullable: false}]\n"
                              "    primary_key: {name: person_pkey, columns: [id]}\n";

static const char *PNEXT =
    PG "tables:\n"
       "  - name: item\n"
       "    rows: 500000\n"
       "    columns:\n"
       "      - {name: id, type: integer, nullable: false}\n"
       "      - {name: title, type: text, nullable: false}\n"
       "      - {name: price, type: integer}\n"
       "      - {name: owner, type: integer}\n"
       "    primary_key: {name: item_pkey, columns: [id]}\n"
       "    unique: [{name: item_title_key, columns: [title]}]\n"
       "    indexes: [{name: item_price_idx, columns: [price], where: price > 0, comment: priced}, "
       "{name: item_owner_idx, columns: [owner]}]\n"
       "    checks: [{name: item_price_check, expression: price >= 0}]\n"
       "    foreign_keys: [{name: item_owner_fk, columns: [owner], references: {table: person, columns: [id]}}]\n"
       "  - name: person\n"
       "    columns: [{name: id, type: integer, nullable: false}]\n"
       "    primary_key: {name: person_pkey, columns: [id]}\n";

static void t_pg_recipes(void)
{
	so_changeset *cs = tu_diff(PBASE, PNEXT, "{strategy: full}");
	const so_change *c;

	/* CREATE INDEX CONCURRENTLY, outside the transaction, its own statement */
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_owner_idx");
	is_str(tu_up(c), "CREATE INDEX CONCURRENTLY item_owner_idx ON shop.item USING btree (owner);", "CIC up");
	is_str(tu_down(c), "DROP INDEX CONCURRENTLY shop.item_owner_idx;", "CIC down");
	ok(c && c->outside_transaction && strcmp(c->lock_level, "SHARE UPDATE EXCLUSIVE") == 0 && !c->algorithm,
	   "CIC: outside a transaction, SHARE UPDATE EXCLUSIVE");
	ok(c && tu_has_hazard(c, "runs_outside_transaction") && !tu_has_hazard(c, "blocking_index_build"),
	   "CIC does not block writes");

	/* DROP INDEX CONCURRENTLY, contract phase */
	c = tu_find(cs, SO_ACTION_DROP, "index", "item.item_old_idx");
	is_str(tu_up(c), "DROP INDEX CONCURRENTLY shop.item_old_idx;", "DIC up");
	is_str(tu_down(c), "CREATE INDEX CONCURRENTLY item_old_idx ON shop.item USING btree (owner);", "DIC down");
	ok(c && c->outside_transaction && c->phase == SO_PHASE_CONTRACT && tu_has_hazard(c, "index_dropped"),
	   "DIC: outside, contract, index_dropped");

	/* index swap: build new under a temporary name, drop old, rename, then the comment */
	c = tu_find(cs, SO_ACTION_RECREATE, "index", "item.item_price_idx_so_new");
	is_str(tu_up(c),
	       "CREATE INDEX CONCURRENTLY item_price_idx_so_new ON shop.item USING btree (price) WHERE price > 0;",
	       "swap: build");
	c = tu_find(cs, SO_ACTION_RECREATE, "index", "item.item_price_idx");
	is_str(tu_up(c), "DROP INDEX CONCURRENTLY shop.item_price_idx;", "swap: drop old");
	is_str(tu_down(c), "CREATE INDEX CONCURRENTLY item_price_idx ON shop.item USING btree (price);",
	       "swap: drop old, down rebuilds it");
	c = tu_find(cs, SO_ACTION_RENAME, "index", "item.item_price_idx");
	is_str(tu_up(c), "ALTER INDEX shop.item_price_idx_so_new RENAME TO item_price_idx;", "swap: rename");
	is_str(tu_down(c), "ALTER INDEX shop.item_price_idx RENAME TO item_price_idx_so_new;", "swap: rename back");
	ok(c && c->outside_transaction, "swap: rename outside too");
	c = tu_find(cs, SO_ACTION_MODIFY, "comment", "item.item_price_idx");
	is_str(tu_up(c), "COMMENT ON INDEX shop.item_price_idx IS 'priced';", "swap: comment after the rename");

	/* unique: CREATE UNIQUE INDEX CONCURRENTLY + ADD CONSTRAINT USING INDEX */
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_title_key");
	is_str(tu_up(c), "CREATE UNIQUE INDEX CONCURRENTLY item_title_key ON shop.item USING btree (title);",
	       "unique: concurrent build");
	ok(c && c->outside_transaction && tu_has_hazard(c, "unique_on_existing_data"), "unique build: outside, MF101");
	c = tu_find(cs, SO_ACTION_ADD, "unique", "item.item_title_key");
	is_str(tu_up(c), "ALTER TABLE shop.item ADD CONSTRAINT item_title_key UNIQUE USING INDEX item_title_key;",
	       "unique: attach");
	is_str(tu_down(c), "ALTER TABLE shop.item DROP CONSTRAINT item_title_key;", "unique: detach drops the index");
	ok(c && !c->outside_transaction && strcmp(c->lock_level, "ACCESS EXCLUSIVE") == 0 &&
	       !tu_has_hazard(c, "blocking_index_build"),
	   "unique attach: brief ACCESS EXCLUSIVE, no build");

	/* CHECK: NOT VALID, then VALIDATE */
	c = tu_find(cs, SO_ACTION_ADD, "check", "item.item_price_check");
	is_str(tu_up(c), "ALTER TABLE shop.item ADD CONSTRAINT item_price_check CHECK (price >= 0) NOT VALID;",
	       "check NOT VALID");
	ok(c && !tu_has_hazard(c, "validation_scan") && !tu_has_hazard(c, "long_lock"), "NOT VALID: no scan");
	c = tu_find(cs, SO_ACTION_MODIFY, "check", "item.item_price_check");
	is_str(tu_up(c), "ALTER TABLE shop.item VALIDATE CONSTRAINT item_price_check;", "check VALIDATE");
	ok(c && c->outside_transaction && strcmp(c->lock_level, "SHARE UPDATE EXCLUSIVE") == 0 && !c->ddl_down,
	   "VALIDATE: outside, SHARE UPDATE EXCLUSIVE, no down");

	/* FK: NOT VALID, then VALIDATE */
	c = tu_find(cs, SO_ACTION_ADD, "foreign_key", "item.item_owner_fk");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item ADD CONSTRAINT item_owner_fk FOREIGN KEY (owner) REFERENCES shop.person (id) NOT "
	       "VALID;",
	       "FK NOT VALID");
	ok(c && strcmp(c->lock_level, "SHARE ROW EXCLUSIVE") == 0, "FK add: SHARE ROW EXCLUSIVE");
	c = tu_find(cs, SO_ACTION_MODIFY, "foreign_key", "item.item_owner_fk");
	is_str(tu_up(c), "ALTER TABLE shop.item VALIDATE CONSTRAINT item_owner_fk;", "FK VALIDATE");

	/* SET NOT NULL through a validated check */
	c = tu_find(cs, SO_ACTION_ADD, "check", "item.title_not_null_so");
	is_str(tu_up(c), "ALTER TABLE shop.item ADD CONSTRAINT title_not_null_so CHECK (title IS NOT NULL) NOT VALID;",
	       "not null: check NOT VALID");
	c = tu_find(cs, SO_ACTION_MODIFY, "check", "item.title_not_null_so");
	is_str(tu_up(c), "ALTER TABLE shop.item VALIDATE CONSTRAINT title_not_null_so;", "not null: validate");
	ok(c && tu_has_hazard(c, "not_null_on_existing_data"), "not null: MF104 on the validation");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.title");
	is_str(tu_up(c),
	       "ALTER TABLE shop.item ALTER COLUMN title SET NOT NULL;\n"
	       "ALTER TABLE shop.item DROP CONSTRAINT title_not_null_so;",
	       "not null: set, then drop the check");
	is_str(tu_down(c),
	       "ALTER TABLE shop.item ADD CONSTRAINT title_not_null_so CHECK (title IS NOT NULL) NOT VALID;\n"
	       "ALTER TABLE shop.item ALTER COLUMN title DROP NOT NULL;",
	       "not null: down restores the check for the earlier steps' downs");
	ok(c && !tu_has_hazard(c, "long_lock") && !tu_has_hazard(c, "validation_scan"), "SET NOT NULL: no scan");

	/* online: false keeps the plain statements */
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, online: false}");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_owner_idx");
	is_str(tu_up(c), "CREATE INDEX item_owner_idx ON shop.item USING btree (owner);", "online false: plain build");
	ok(c && !c->outside_transaction && strcmp(c->lock_level, "SHARE") == 0, "plain build: SHARE, inside");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.title");
	is_str(tu_up(c), "ALTER TABLE shop.item ALTER COLUMN title SET NOT NULL;", "online false: plain SET NOT NULL");
	ok(c && tu_has_hazard(c, "long_lock"), "plain SET NOT NULL: long_lock");
}

/* a partitioned table keeps the plain forms: PostgreSQL 15 has no CONCURRENTLY / NOT VALID FK there */
static void t_pg_partitioned(void)
{
	const char *a = PG "tables:\n  - name: ev\n    partition_by: RANGE (at)\n"
	                   "    columns: [{name: at, type: date}, {name: n, type: integer}]\n";
	const char *b = PG "tables:\n  - name: ev\n    partition_by: RANGE (at)\n"
	                   "    columns: [{name: at, type: date}, {name: n, type: integer}]\n"
	                   "    indexes: [{name: ev_n_idx, columns: [n]}]\n";
	so_changeset *cs = tu_diff(a, b, NULL);
	const so_change *c = tu_find(cs, SO_ACTION_ADD, "index", "ev.ev_n_idx");
	is_str(tu_up(c), "CREATE INDEX ev_n_idx ON shop.ev USING btree (n);", "partitioned: plain CREATE INDEX");
	ok(c && !c->outside_transaction && tu_has_hazard(c, "blocking_index_build"), "partitioned: inside, blocking");
}

static void t_pg_script_blocks(void)
{
	so_changeset *cs = tu_diff(PBASE, PNEXT, "{strategy: full, statement_timeout: 1min}");
	char *s = NULL, *d = NULL;
	so_error err;
	const char *p, *q;

	ok(so_changeset_script(tu_arena, cs, false, &s, &err) == SO_OK, "online script renders");
	ok(s && strstr(s, "SET lock_timeout = '5s';\nSET statement_timeout = '1min';\nSET search_path = shop, "
	                  "pg_catalog;\n"),
	   "session-level settings when steps run outside a transaction");
	ok(s && !strstr(s, "SET LOCAL"), "no SET LOCAL in a grouped script");
	ok(s && strstr(s, "RESET lock_timeout;\nRESET statement_timeout;\nRESET search_path;\n"), "settings reset");
	ok(s && strstr(s, "run this script as it is (psql -f), not as one transaction"), "the script says so");
	/* every CONCURRENTLY statement lies outside BEGIN ... COMMIT */
	{
		bool inside = false, bad = false;
		char line[512];
		for (p = s; p && *p; p = q ? q + 1 : NULL) {
			size_t n;
			q = strchr(p, '\n');
			n = q ? (size_t)(q - p) : strlen(p);
			if (n >= sizeof line)
				n = sizeof line - 1;
			memcpy(line, p, n);
			line[n] = '\0';
			if (strncmp(p, "BEGIN;", 6) == 0)
				inside = true;
			else if (strncmp(p, "COMMIT;", 7) == 0)
				inside = false;
			else if (inside && (strncmp(p, "CREATE INDEX CONCURRENTLY", 25) == 0 ||
			                    strncmp(p, "CREATE UNIQUE INDEX CONCURRENTLY", 32) == 0 ||
			                    strncmp(p, "DROP INDEX CONCURRENTLY", 23) == 0 ||
			                    strstr(line, "VALIDATE CONSTRAINT")))
				bad = true;
		}
		ok(!bad && !inside, "CONCURRENTLY and VALIDATE steps are outside every transaction block");
	}
	ok(s && strstr(s, "ADD CONSTRAINT title_not_null_so") < strstr(s, "VALIDATE CONSTRAINT title_not_null_so") &&
	       strstr(s, "VALIDATE CONSTRAINT title_not_null_so") < strstr(s, "SET NOT NULL"),
	   "not null recipe in order");
	ok(s && strstr(s, "contract phase") &&
	       strstr(s, "contract phase") < strstr(s, "DROP INDEX CONCURRENTLY "
	                                               "shop.item_old_idx"),
	   "contract steps after the contract banner");
	ok(so_changeset_script(tu_arena, cs, true, &d, &err) == SO_OK && d && strstr(d, "BEGIN;") &&
	       strstr(d, "RESET search_path;"),
	   "down script grouped the same way");
}

static const char *MBASE = MY "tables:\n"
                              "  - name: item\n"
                              "    columns:\n"
                              "      - {name: id, type: int, nullable: false}\n"
                              "      - {name: title, type: varchar(20)}\n"
                              "      - {name: n, type: int}\n"
                              "      - {name: e, type: varchar(100)}\n"
                              "    primary_key: {name: PRIMARY, columns: [id]}\n"
                              "    indexes: [{name: k_n, columns: [n]}]\n"
                              "    checks: [{name: ck_n, expression: n > 0}]\n"
                              "  - name: doc\n"
                              "    columns: [{name: id, type: int, nullable: false}, {name: body, type: text}]\n"
                              "    primary_key: {name: PRIMARY, columns: [id]}\n"
                              "    indexes: [{name: ft, columns: [body], method: fulltext}]\n";

static void t_mariadb_algorithms(void)
{
	const char *to = MY "tables:\n"
	                    "  - name: item\n"
	                    "    columns:\n"
	                    "      - {name: id, type: int, nullable: false}\n"
	                    "      - {name: extra, type: int}\n"
	                    "      - {name: title, type: varchar(20), nullable: false}\n"
	                    "      - {name: n, type: bigint, default: '1'}\n"
	                    "      - {name: e, type: varchar(200), comment: wide}\n"
	                    "    primary_key: {name: PRIMARY, columns: [id]}\n"
	                    "    indexes: [{name: k_t, columns: [title]}]\n"
	                    "    checks: [{name: ck_t, expression: title <> ''}]\n"
	                    "  - name: doc\n"
	                    "    columns: [{name: id, type: int, nullable: false}, {name: body, type: text}, "
	                    "{name: added, type: int}]\n"
	                    "    primary_key: {name: PRIMARY, columns: [id]}\n"
	                    "    indexes: [{name: ft, columns: [body], method: fulltext}]\n";
	so_changeset *cs = tu_diff(MBASE, to, "{strategy: full}");
	const so_change *c;

	c = tu_find(cs, SO_ACTION_ADD, "column", "item.extra");
	is_str(tu_up(c),
	       "ALTER TABLE `shop`.`item` ALGORITHM=INSTANT, LOCK=NONE, ADD COLUMN `extra` int NULL AFTER `id`;",
	       "add column: instant");
	is_str(tu_down(c), "ALTER TABLE `shop`.`item` ALGORITHM=INSTANT, LOCK=NONE, DROP COLUMN `extra`;",
	       "down: dropped in the class it was added in");
	ok(c && strcmp(c->algorithm, "INSTANT") == 0 && strcmp(c->lock_level, "NONE") == 0, "metadata: INSTANT/NONE");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.title");
	ok(c && strcmp(c->algorithm, "INPLACE") == 0 && strstr(c->ddl_up, "ALGORITHM=INPLACE, LOCK=NONE, MODIFY"),
	   "NOT NULL: inplace");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.n");
	ok(c && strcmp(c->algorithm, "COPY") == 0 && strcmp(c->lock_level, "SHARED") == 0 &&
	       tu_has_hazard(c, "table_copy"),
	   "int -> bigint: copy, table_copy");
	c = tu_find(cs, SO_ACTION_MODIFY, "column", "item.e");
	ok(c && strcmp(c->algorithm, "INSTANT") == 0, "varchar widening within its length prefix: instant");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.k_t");
	ok(c && strstr(c->ddl_up, "ALGORITHM=NOCOPY, LOCK=NONE, ADD INDEX"), "add index: nocopy");
	c = tu_find(cs, SO_ACTION_DROP, "index", "item.k_n");
	ok(c && strstr(c->ddl_up, "ALGORITHM=NOCOPY, LOCK=NONE, DROP INDEX") && c->phase == SO_PHASE_CONTRACT,
	   "drop index: nocopy, contract");
	c = tu_find(cs, SO_ACTION_ADD, "check", "item.ck_t");
	ok(c && strstr(c->ddl_up, "ALGORITHM=COPY, LOCK=SHARED, ADD CONSTRAINT") && tu_has_hazard(c, "table_copy"),
	   "add check: copy");
	c = tu_find(cs, SO_ACTION_DROP, "check", "item.ck_n");
	ok(c && strstr(c->ddl_up, "ALGORITHM=INSTANT, LOCK=NONE, DROP CONSTRAINT"), "drop check: instant");
	c = tu_find(cs, SO_ACTION_ADD, "column", "doc.added");
	ok(c && strcmp(c->algorithm, "COPY") == 0, "a table with a FULLTEXT index copies to add a column");
	ok(tu_find(cs, SO_ACTION_DROP, "column", "item.x") == NULL, "nothing invented");

	cs = tu_diff(MBASE, to, "{strategy: full, online: false}");
	c = tu_find(cs, SO_ACTION_ADD, "column", "item.extra");
	is_str(tu_up(c), "ALTER TABLE `shop`.`item` ADD COLUMN `extra` int NULL AFTER `id`;",
	       "online false: no clause");
}

static void t_options(void)
{
	so_diff_options o;
	so_error err;
	so_changeset *cs;
	const so_change *c;
	size_t i, n;
	bool only;

#define P(text) so_diff_options_parse(tu_arena, text, strlen(text), &o, &err)
	so_diff_options_init(&o);
	ok(o.online && o.phase == SO_PHASES_ALL && !o.restrict_hazards && !o.statement_timeout, "defaults");
	ok(P("{online: false, phase: contract, statement_timeout: 30s, on_refused: error}") == SO_OK && !o.online &&
	       o.phase == SO_PHASES_CONTRACT && strcmp(o.statement_timeout, "30s") == 0 && o.refuse_error,
	   "new options parse");
	ok(P("{phase: later}") == SO_ERR_ARGUMENT && strstr(err.message, "phase"), "bad phase");
	ok(P("{statement_timeout: \"1s; DROP\"}") == SO_ERR_ARGUMENT, "statement_timeout must be a duration");
	ok(P("{allowed_hazards: [data_loss, nope]}") == SO_ERR_ARGUMENT && strstr(err.message, "\"nope\""),
	   "unknown hazard code named");
	ok(P("{allowed_hazards: [data_loss, table_rewrite]}") == SO_OK && o.restrict_hazards &&
	       o.n_allowed_hazards == 2,
	   "allowed_hazards list");
	ok(P("{allowed_hazards: all}") == SO_OK && !o.restrict_hazards, "allowed_hazards all");
	ok(P("{include: {table: [\"it*\"], index: [\"*_idx\"]}, exclude: [\"*_old_*\"]}") == SO_OK &&
	       o.n_include == 2 && o.n_exclude == 1 && strcmp(o.include[1].object_type, "index") == 0,
	   "include/exclude");
	ok(P("{include: [\"\"]}") == SO_ERR_ARGUMENT, "empty pattern refused");
	ok(P("{include: 5}") == SO_ERR_ARGUMENT, "pattern list required");
#undef P

	/* phase filter */
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, phase: expand}");
	n = so_changeset_count(cs);
	for (i = 0, only = n > 0; i < n; i++)
		only = only && so_changeset_get(cs, i)->phase == SO_PHASE_EXPAND;
	ok(only && !tu_find(cs, SO_ACTION_DROP, "index", "item.item_old_idx"), "phase expand: no contract step");
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, phase: contract}");
	is_int(so_changeset_count(cs), 1, "phase contract: the index drop only");
	{
		char *s = NULL;
		ok(so_changeset_script(tu_arena, cs, false, &s, &err) == SO_OK && s &&
		       strstr(s, "-- phase: contract (") &&
		       strstr(s, "steps of the other phase are not in this script"),
		   "the script names the phase and what it left out");
	}

	/* allowed hazards: refused steps become comments, or an error */
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, allowed_hazards: [runs_outside_transaction, index_dropped]}");
	c = tu_find(cs, SO_ACTION_MODIFY, "check", "item.item_price_check");
	ok(c && c->skipped && strcmp(c->skip_reason, "hazard") == 0 && tu_has_hazard(c, "refused_hazard"),
	   "validation_scan not allowed: refused");
	c = tu_find(cs, SO_ACTION_ADD, "index", "item.item_owner_idx");
	ok(c && !c->skipped, "allowed hazards pass");
	{
		char *s = NULL;
		ok(so_changeset_script(tu_arena, cs, false, &s, &err) == SO_OK && s &&
		       strstr(s, "-- refused: a hazard of this step is not in allowed_hazards:\n-- ALTER TABLE "
		                 "shop.item VALIDATE CONSTRAINT item_price_check;"),
		   "a refused step is a comment");
	}
	ok(tu_diff_err(PBASE, PNEXT, "{strategy: full, allowed_hazards: [], on_refused: error}", &err) == NULL &&
	       err.code == SO_ERR_ARGUMENT && strstr(err.message, "which allowed_hazards does not allow"),
	   "on_refused error fails the diff, naming the step");

	/* include / exclude */
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, include: {index: [\"item_owner*\"]}}");
	is_int(so_changeset_count(cs), 1, "include one index pattern: one change");
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, exclude: {table: [item]}}");
	is_int(so_changeset_count(cs), 0, "exclude the table: nothing left");
	cs = tu_diff(PBASE, PNEXT, "{strategy: full, exclude: [\"*_idx*\"]}");
	ok(cs && !tu_find(cs, 0, "index", "item.item_owner_idx") && tu_find(cs, 0, "check", "item.item_price_check"),
	   "exclude by name for any type");
	ok(so_diff_glob("a*b?d", "axxbcd") && !so_diff_glob("a*b", "ab_") && so_diff_glob("*", "") &&
	       so_diff_glob("**x", "x"),
	   "glob");
}

static void t_json_fields(void)
{
	so_changeset *cs = tu_diff(PBASE, PNEXT, "{strategy: full}");
	char *j = NULL;
	size_t len = 0;
	so_error err;
	ok(so_changeset_to_json(tu_arena, cs, &j, &len, &err) == SO_OK && j &&
	       strstr(j, "\"lock_level\":\"SHARE UPDATE EXCLUSIVE\",\"algorithm\":null,\"outside_transaction\":true,"
	                 "\"phase\":\"expand\"}") &&
	       strstr(j, "\"phase\":\"contract\"") && strstr(j, "\"skip_reason\":null"),
	   "json carries the step metadata");
}

static void t_rename_suggestion(void)
{
	const char *a = PG "tables:\n  - name: t\n    columns: [{name: id, type: integer}, {name: title, type: text}, "
	                   "{name: n, type: integer}]\n";
	const char *b =
	    PG "tables:\n  - name: t\n    columns: [{name: id, type: integer}, {name: subject, type: text}, "
	       "{name: n, type: integer}]\n";
	const char *c2 = PG "tables:\n  - name: t\n    columns: [{name: id, type: integer}, {name: subject, type: "
	                    "integer}, {name: n, type: integer}]\n";
	const char *hinted = PG "tables:\n  - name: t\n    columns: [{name: id, type: integer}, {name: subject, type: "
	                        "text, renamed_from: title}, {name: n, type: integer}]\n";
	so_changeset *cs = tu_diff(a, b, "{strategy: full}");
	const so_change *add = tu_find(cs, SO_ACTION_ADD, "column", "t.subject"),
	                *drop = tu_find(cs, SO_ACTION_DROP, "column", "t.title");
	ok(add && drop && tu_has_hazard(add, "rename_suggestion") && tu_has_hazard(drop, "rename_suggestion"),
	   "same position, same type: a rename suggestion on both steps");
	ok(add && drop && !tu_find(cs, SO_ACTION_RENAME, NULL, NULL), "... and never a silent rename");
	ok(add && add->severity == SO_SEVERITY_INFO, "the suggestion alone does not raise the severity");
	cs = tu_diff(a, c2, "{strategy: full}");
	add = tu_find(cs, SO_ACTION_ADD, "column", "t.subject");
	ok(add && !tu_has_hazard(add, "rename_suggestion"), "another type: no suggestion");
	cs = tu_diff(a, hinted, "{strategy: full}");
	ok(tu_find(cs, SO_ACTION_RENAME, "column", "t.subject") && so_changeset_count(cs) == 1,
	   "renamed_from: applied as RENAME COLUMN");
	is_str(tu_up(tu_find(cs, SO_ACTION_RENAME, "column", "t.subject")),
	       "ALTER TABLE shop.t RENAME COLUMN title TO subject;", "rename DDL");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_pg_recipes();
	t_pg_partitioned();
	t_pg_script_blocks();
	t_mariadb_algorithms();
	t_options();
	t_json_fields();
	t_rename_suggestion();
	so_arena_destroy(tu_arena);
	return done_testing();
}
