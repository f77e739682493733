/*
 * schemaops/diff.h: document x document -> change list -> migration script.
 *
 * so_diff() compares two normalized documents of the same dialect and returns an ordered change set:
 * one so_change per step, each with its up and down DDL for that dialect, severity, hazards and a risk
 * score (seed 003: data loss +30, table over 100,000 rows +20, incompatible type change +40, foreign-key
 * change +15, production +10; capped at 100). so_changeset_script() renders the whole migration script.
 */
#ifndef SCHEMAOPS_DIFF_H
#define SCHEMAOPS_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "schemaops/arena.h"
#include "schemaops/document.h"
#include "schemaops/error.h"

typedef enum so_strategy {
	SO_STRATEGY_ADDITIVE = 0, /* default: never drops anything (drops are listed as skipped, not run) */
	SO_STRATEGY_FULL = 1      /* drops included */
} so_strategy;

/* Which phase of an expand/contract migration a script holds (seed 001: contract runs after the deploy). */
typedef enum so_phase_filter {
	SO_PHASES_ALL = 0, /* every step, grouped: the expand steps first, then the contract steps */
	SO_PHASES_EXPAND,  /* only the steps the running application version tolerates */
	SO_PHASES_CONTRACT /* only the steps that remove what the previous application version still used */
} so_phase_filter;

/* What a column order that differs (columns both documents have, in another relative order) becomes. */
typedef enum so_column_order {
	SO_COLUMN_ORDER_IGNORE = 0, /* nothing (the default; added columns still go AFTER their predecessor) */
	SO_COLUMN_ORDER_WARN,       /* a step per moved column, listed but skipped (skip_reason "column_order") */
	SO_COLUMN_ORDER_ENFORCE     /* MariaDB: MODIFY COLUMN ... FIRST / AFTER; PostgreSQL: UNSUPPORTED */
} so_column_order;

/* One include/exclude pattern: a glob (`*`, `?`) on object names of one object type (NULL: any type). */
typedef struct so_name_pattern {
	const char *object_type; /* "table", "column", "index", ... as in so_change.object_type; NULL = any */
	const char *glob;
} so_name_pattern;

typedef struct so_diff_options {
	so_strategy strategy;
	bool production;               /* adds seed 003's "production" risk factor (+10) to every change */
	long long large_table_rows;    /* "large table" threshold for risk, default 100000 */
	const char *lock_timeout;      /* preamble value, default "5s"; NULL or "" for none */
	const char *statement_timeout; /* preamble value, default NULL (none) */
	bool online;                   /* default true: online recipes (PostgreSQL CONCURRENTLY / NOT VALID +
	                                  VALIDATE; MariaDB ALGORITHM/LOCK clauses); false: plain statements */
	so_phase_filter phase;         /* default SO_PHASES_ALL */
	so_column_order column_order;  /* default SO_COLUMN_ORDER_IGNORE */
	/* allowed hazards: when `restrict_hazards` is set, a change carrying a hazard code not in the list is
	   refused: skipped (a comment in the script, skip_reason "hazard"), or the diff fails with
	   SO_ERR_ARGUMENT when `refuse_error` is set. "unsupported", "skipped_by_strategy", "rename_suggestion"
	   and "refused_hazard" are informational and never refuse a change. */
	bool restrict_hazards;
	const char *const *allowed_hazards;
	size_t n_allowed_hazards;
	bool refuse_error;
	/* include / exclude: a change is kept when it matches an include pattern (or there is none) and no
	   exclude pattern. A "table" pattern also covers everything on the tables it matches. */
	const so_name_pattern *include;
	size_t n_include;
	const so_name_pattern *exclude;
	size_t n_exclude;
} so_diff_options;

/* Defaults: additive, not production, 100000 rows, lock_timeout "5s", no statement_timeout, online, all
   phases, every hazard allowed, no patterns. */
void so_diff_options_init(so_diff_options *opts);

/*
 * Parses options from a JSON/YAML object text (e.g. `{"strategy":"full"}`); unknown keys and bad values
 * are SO_ERR_ARGUMENT naming the key. A NULL or empty text leaves the defaults. Keys (docs/sql-postgres.md):
 * strategy ("additive"|"full"), production (bool), large_table_rows (int), lock_timeout (duration|null),
 * statement_timeout (duration|null), online (bool), phase ("all"|"expand"|"contract"),
 * allowed_hazards (list of hazard codes), on_refused ("comment"|"error"),
 * column_order ("ignore"|"warn"|"enforce"),
 * include / exclude (a list of globs for any object type, or an object {object_type: [globs]}).
 */
so_status so_diff_options_parse(so_arena *arena, const char *text, size_t len, so_diff_options *opts, so_error *err);

typedef enum so_action {
	SO_ACTION_ADD = 1,
	SO_ACTION_MODIFY,
	SO_ACTION_DROP,
	SO_ACTION_RECREATE,
	SO_ACTION_RENAME,
	SO_ACTION_UNSUPPORTED /* an object kind this version does not diff; ddl_up is an explanatory comment */
} so_action;

typedef enum so_severity { SO_SEVERITY_INFO = 1, SO_SEVERITY_WARNING, SO_SEVERITY_CRITICAL } so_severity;

typedef enum so_phase { SO_PHASE_EXPAND = 1, SO_PHASE_CONTRACT } so_phase;

/* A read-only view of one step. All strings live in the change set's arena. */
typedef struct so_change {
	int seq; /* 1-based execution order */
	so_action action;
	const char *object_type; /* "table", "column", "primary_key", "unique", "index", "foreign_key",
	                            "check", "sequence", "comment", or an opaque kind such as "view" */
	const char *object_name; /* qualified: "table", "table.column", "table.constraint" */
	so_severity severity;
	int risk;                   /* 0..100 */
	const char *const *hazards; /* codes from docs/hazards.md, e.g. "data_loss", "table_rewrite" */
	size_t n_hazards;
	const char *ddl_up;      /* one or more ';'-terminated statements, or a "-- ..." comment */
	const char *ddl_down;    /* the inverse; NULL when there is none */
	bool down_lossy;         /* the up step destroys data the down step cannot bring back */
	bool skipped;            /* not run: a comment in the script (see skip_reason) */
	const char *skip_reason; /* NULL, "strategy" (a DROP under additive) or "hazard" (allowed_hazards) */
	/* The strongest lock the step takes on an existing relation. PostgreSQL: the lock mode name of the
	   "Explicit Locking" chapter (13.3.1), e.g. "ACCESS EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE",
	   "SHARE UPDATE EXCLUSIVE"; for ALTER TABLE "the strictest required by any subcommand". MariaDB: the
	   LOCK of the online DDL ("NONE", "SHARED", "EXCLUSIVE"). "none" when no existing relation is locked. */
	const char *lock_level;
	const char *algorithm;    /* MariaDB: "INSTANT", "NOCOPY", "INPLACE" or "COPY"; NULL on PostgreSQL */
	bool outside_transaction; /* the step runs outside BEGIN/COMMIT, one statement (CONCURRENTLY, or a
	                             VALIDATE that must not hold the lock of the step before it) */
	so_phase phase;           /* expand (the running application tolerates it) or contract */
	/* multi-schema documents (docs/document-format.md): the schema the step belongs to; object_name is then
	   "schema.name" and the DDL expects search_path = schema, pg_catalog (the script sets it per step).
	   NULL for single-schema documents. */
	const char *schema;
} so_change;

typedef struct so_changeset so_changeset;

/*
 * Compares `from` (the current state) with `to` (the desired state). Both must have the same dialect
 * (SO_ERR_INCOMPATIBLE otherwise). Output order is deterministic for equal inputs.
 */
so_status so_diff(so_arena *arena, const so_document *from, const so_document *to, const so_diff_options *opts,
                  so_changeset **out, so_error *err);

size_t so_changeset_count(const so_changeset *cs);
const so_change *so_changeset_get(const so_changeset *cs, size_t i);

/*
 * The runnable migration script (up) or its rollback (down): a header comment, the preamble
 * (PostgreSQL: BEGIN, SET LOCAL lock_timeout / statement_timeout, SET LOCAL search_path; MariaDB: the
 * session timeouts and USE), the steps in order (skipped ones as comments), COMMIT. On PostgreSQL, steps
 * with outside_transaction run between transaction blocks (the timeouts and search_path are then set
 * for the session and RESET at the end). An empty change set yields a script that says "no changes".
 */
so_status so_changeset_script(so_arena *arena, const so_changeset *cs, bool down, char **out, so_error *err);

/* The change list as a JSON array of objects with the so_change fields (for MariaDB's schema_changes_json). */
so_status so_changeset_to_json(so_arena *arena, const so_changeset *cs, char **out, size_t *out_len, so_error *err);

const char *so_action_name(so_action action);       /* "ADD", "MODIFY", ... */
const char *so_severity_name(so_severity severity); /* "info", "warning", "critical" */
const char *so_phase_name(so_phase phase);          /* "expand", "contract" */

#endif
