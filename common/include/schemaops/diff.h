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

typedef struct so_diff_options {
	so_strategy strategy;
	bool production;            /* adds seed 003's "production" risk factor (+10) to every change */
	long long large_table_rows; /* "large table" threshold for risk, default 100000 */
	const char *lock_timeout;   /* preamble value, default "5s"; NULL or "" for none */
} so_diff_options;

/* Defaults: additive, not production, 100000 rows, lock_timeout "5s". */
void so_diff_options_init(so_diff_options *opts);

/*
 * Parses options from a JSON/YAML object text (e.g. `{"strategy":"full"}`); unknown keys and bad values
 * are SO_ERR_ARGUMENT naming the key. A NULL or empty text leaves the defaults.
 * Keys: strategy ("additive"|"full"), production (bool), large_table_rows (int), lock_timeout (string|null).
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

/* A read-only view of one step. All strings live in the change set's arena. */
typedef struct so_change {
	int seq; /* 1-based execution order */
	so_action action;
	const char *object_type; /* "table", "column", "primary_key", "unique", "index", "foreign_key",
	                            "check", "sequence", "comment", or an opaque kind such as "view" */
	const char *object_name; /* qualified: "table", "table.column", "table.constraint" */
	so_severity severity;
	int risk;                   /* 0..100 */
	const char *const *hazards; /* codes, e.g. "data_loss", "table_rewrite", "long_lock",
	                               "blocking_index_build", "validation_scan", "incompatible_type_cast",
	                               "unsupported", "skipped_by_strategy" */
	size_t n_hazards;
	const char *ddl_up;   /* one or more ';'-terminated statements, or a "-- ..." comment */
	const char *ddl_down; /* the inverse; NULL when there is none */
	bool down_lossy;      /* the up step destroys data the down step cannot bring back */
	bool skipped;         /* not in the script because of the strategy (e.g. a DROP under additive) */
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
 * (PostgreSQL: BEGIN, SET LOCAL lock_timeout, SET LOCAL search_path; MariaDB: USE), the steps in order
 * (skipped ones as comments), COMMIT. An empty change set yields a script that says "no changes".
 */
so_status so_changeset_script(so_arena *arena, const so_changeset *cs, bool down, char **out, so_error *err);

/* The change list as a JSON array of objects with the so_change fields (for MariaDB's schema_changes_json). */
so_status so_changeset_to_json(so_arena *arena, const so_changeset *cs, char **out, size_t *out_len, so_error *err);

const char *so_action_name(so_action action);       /* "ADD", "MODIFY", ... */
const char *so_severity_name(so_severity severity); /* "info", "warning", "critical" */

#endif
