/*
 * diff_options.c: the options object of schema_diff / schema_changes (schemaops/diff.h), and the hazard
 * codes and name patterns they refer to.
 */
#include <string.h>

#include "schemaops/diff.h"
#include "node.h"
#include "render.h"

#define MAX_PATTERNS 256

static so_status bad(so_error *err, const char *key, const char *what)
{
	return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "option \"%s\": %s", key, what);
}

/* Every hazard code the engine emits (docs/hazards.md); allowed_hazards may name only these. */
static const char *const known_hazards[] = {"data_loss",
                                            "incompatible_type_cast",
                                            "table_rewrite",
                                            "table_copy",
                                            "long_lock",
                                            "blocking_index_build",
                                            "validation_scan",
                                            "volatile_default",
                                            "not_null_without_default",
                                            "unique_on_existing_data",
                                            "not_null_on_existing_data",
                                            "backward_incompatible",
                                            "index_dropped",
                                            "extension_dropped",
                                            "history_altered",
                                            "column_reorder",
                                            "runs_outside_transaction",
                                            "unsupported",
                                            "skipped_by_strategy",
                                            "rename_suggestion",
                                            "refused_hazard",
                                            NULL};

bool so_diff_hazard_known(const char *code)
{
	size_t i;
	for (i = 0; code && known_hazards[i]; i++)
		if (strcmp(code, known_hazards[i]) == 0)
			return true;
	return false;
}

bool so_diff_glob(const char *pattern, const char *name)
{
	/* iterative `*` / `?` matcher with one backtrack point: linear in practice, no recursion */
	const char *star = NULL, *resume = NULL;
	while (*name) {
		if (*pattern == '*') {
			star = pattern++;
			resume = name;
		} else if (*pattern == '?' || *pattern == *name) {
			pattern++;
			name++;
		} else if (star) {
			pattern = star + 1;
			name = ++resume;
		} else
			return false;
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}

static so_status duration(const so_node *v, const char *key, const char **out, so_error *err)
{
	const char *s = NULL;
	so_error sub;
	so_error_clear(&sub);
	if (so_node_is_null(v)) {
		*out = NULL;
		return SO_OK;
	}
	/* the value is spliced into SET ...: only the forms both servers understand */
	if (so_node_string(v, key, &s, &sub) != SO_OK || !s || so_render_timeout_seconds(s) < 0)
		return bad(err, key, "must be a duration such as \"5s\", \"500ms\", \"1min\" or null");
	*out = s;
	return SO_OK;
}

static so_status glob_list(so_arena *arena, const so_node *v, const char *key, const char *otype, so_name_pattern *out,
                           size_t *n, so_error *err)
{
	size_t i;
	so_error sub;
	if (v->type != SO_NODE_SEQUENCE)
		return bad(err, key, "must be a list of name patterns or an object {object_type: [patterns]}");
	for (i = 0; i < v->n_items; i++) {
		const char *s = NULL;
		so_error_clear(&sub);
		if (so_node_string(v->items[i], key, &s, &sub) != SO_OK || !s || !*s)
			return bad(err, key, "patterns must be non-empty strings");
		if (*n >= MAX_PATTERNS)
			return bad(err, key, "at most 256 patterns");
		out[*n].object_type = otype;
		out[*n].glob = s;
		(*n)++;
	}
	(void)arena;
	return SO_OK;
}

static so_status patterns(so_arena *arena, const so_node *v, const char *key, const so_name_pattern **out,
                          size_t *n_out, so_error *err)
{
	so_name_pattern *p = so_arena_calloc(arena, MAX_PATTERNS, sizeof *p);
	size_t n = 0, i;
	so_status st;
	if (!p)
		return so_error_set(err, SO_ERR_NOMEM, 0, 0, "out of memory while reading the options");
	if (so_node_is_null(v)) {
		*out = NULL;
		*n_out = 0;
		return SO_OK;
	}
	if (v->type == SO_NODE_MAPPING) {
		for (i = 0; i < v->n_pairs; i++) {
			const char *otype = v->pairs[i].key;
			if (strcmp(otype, "*") == 0 || strcmp(otype, "all") == 0)
				otype = NULL;
			st = glob_list(arena, v->pairs[i].value, key, otype, p, &n, err);
			if (st != SO_OK)
				return st;
		}
	} else {
		st = glob_list(arena, v, key, NULL, p, &n, err);
		if (st != SO_OK)
			return st;
	}
	*out = p;
	*n_out = n;
	return SO_OK;
}

static so_status hazard_list(so_arena *arena, const so_node *v, so_diff_options *opts, so_error *err)
{
	const char **l;
	size_t i;
	so_error sub;
	if (so_node_is_null(v)) {
		opts->restrict_hazards = false;
		return SO_OK;
	}
	if (v->type == SO_NODE_SCALAR) {
		const char *s = NULL;
		so_error_clear(&sub);
		if (so_node_string(v, "allowed_hazards", &s, &sub) == SO_OK && s && strcmp(s, "all") == 0) {
			opts->restrict_hazards = false;
			return SO_OK;
		}
	}
	if (v->type != SO_NODE_SEQUENCE)
		return bad(err, "allowed_hazards", "must be a list of hazard codes (docs/hazards.md) or \"all\"");
	l = so_arena_calloc(arena, v->n_items ? v->n_items : 1, sizeof *l);
	if (!l)
		return so_error_set(err, SO_ERR_NOMEM, 0, 0, "out of memory while reading the options");
	for (i = 0; i < v->n_items; i++) {
		const char *s = NULL;
		so_error_clear(&sub);
		if (so_node_string(v->items[i], "allowed_hazards", &s, &sub) != SO_OK || !s)
			return bad(err, "allowed_hazards", "must be a list of hazard codes");
		if (!so_diff_hazard_known(s))
			return so_error_set(err, SO_ERR_ARGUMENT, 0, 0,
			                    "option \"allowed_hazards\": unknown hazard code \"%s\" (docs/hazards.md)",
			                    s);
		l[i] = s;
	}
	opts->restrict_hazards = true;
	opts->allowed_hazards = l;
	opts->n_allowed_hazards = v->n_items;
	return SO_OK;
}

so_status so_diff_options_parse(so_arena *arena, const char *text, size_t len, so_diff_options *opts, so_error *err)
{
	so_node *root = NULL;
	so_status st;
	size_t i;

	so_error_clear(err);
	if (!opts)
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "no options to fill");
	if (!text || len == 0)
		return SO_OK;
	if (!arena)
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "no arena given");
	st = so_node_parse(arena, text, len, &root, err);
	if (st == SO_ERR_SYNTAX || st == SO_ERR_INVALID || st == SO_ERR_LIMIT) {
		char msg[SO_ERROR_MESSAGE_MAX];
		memcpy(msg, err->message, sizeof msg);
		msg[sizeof msg - 1] = '\0';
		return so_error_set(err, SO_ERR_ARGUMENT, err->line, err->column, "invalid options: %s", msg);
	}
	if (st != SO_OK)
		return st;
	if (!root || so_node_is_null(root))
		return SO_OK;
	if (root->type != SO_NODE_MAPPING)
		return so_error_set(err, SO_ERR_ARGUMENT, root->pos.line, root->pos.column,
		                    "options must be an object such as {\"strategy\": \"full\"}");
	for (i = 0; i < root->n_pairs; i++) {
		const char *key = root->pairs[i].key;
		const so_node *v = root->pairs[i].value;
		so_error sub;

		so_error_clear(&sub);
		if (strcmp(key, "strategy") == 0) {
			const char *s = NULL;
			if (so_node_string(v, key, &s, &sub) != SO_OK || !s)
				return bad(err, key, "must be \"additive\" or \"full\"");
			if (strcmp(s, "additive") == 0)
				opts->strategy = SO_STRATEGY_ADDITIVE;
			else if (strcmp(s, "full") == 0)
				opts->strategy = SO_STRATEGY_FULL;
			else
				return bad(err, key, "must be \"additive\" or \"full\"");
		} else if (strcmp(key, "production") == 0 || strcmp(key, "online") == 0) {
			bool b;
			if (so_node_bool(v, key, &b, &sub) != SO_OK)
				return bad(err, key, "must be true or false");
			if (key[0] == 'p')
				opts->production = b;
			else
				opts->online = b;
		} else if (strcmp(key, "large_table_rows") == 0) {
			long long n;
			if (so_node_int(v, key, &n, &sub) != SO_OK || n < 0)
				return bad(err, key, "must be a non-negative integer");
			opts->large_table_rows = n;
		} else if (strcmp(key, "lock_timeout") == 0) {
			if ((st = duration(v, key, &opts->lock_timeout, err)) != SO_OK)
				return st;
		} else if (strcmp(key, "statement_timeout") == 0) {
			if ((st = duration(v, key, &opts->statement_timeout, err)) != SO_OK)
				return st;
		} else if (strcmp(key, "phase") == 0) {
			const char *s = NULL;
			if (so_node_string(v, key, &s, &sub) != SO_OK || !s)
				return bad(err, key, "must be \"all\", \"expand\" or \"contract\"");
			if (strcmp(s, "all") == 0)
				opts->phase = SO_PHASES_ALL;
			else if (strcmp(s, "expand") == 0)
				opts->phase = SO_PHASES_EXPAND;
			else if (strcmp(s, "contract") == 0)
				opts->phase = SO_PHASES_CONTRACT;
			else
				return bad(err, key, "must be \"all\", \"expand\" or \"contract\"");
		} else if (strcmp(key, "column_order") == 0) {
			const char *s = NULL;
			if (so_node_string(v, key, &s, &sub) != SO_OK || !s)
				return bad(err, key, "must be \"ignore\", \"warn\" or \"enforce\"");
			if (strcmp(s, "ignore") == 0)
				opts->column_order = SO_COLUMN_ORDER_IGNORE;
			else if (strcmp(s, "warn") == 0)
				opts->column_order = SO_COLUMN_ORDER_WARN;
			else if (strcmp(s, "enforce") == 0)
				opts->column_order = SO_COLUMN_ORDER_ENFORCE;
			else
				return bad(err, key, "must be \"ignore\", \"warn\" or \"enforce\"");
		} else if (strcmp(key, "allowed_hazards") == 0) {
			if ((st = hazard_list(arena, v, opts, err)) != SO_OK)
				return st;
		} else if (strcmp(key, "on_refused") == 0) {
			const char *s = NULL;
			if (so_node_string(v, key, &s, &sub) != SO_OK || !s ||
			    (strcmp(s, "comment") != 0 && strcmp(s, "error") != 0))
				return bad(err, key, "must be \"comment\" or \"error\"");
			opts->refuse_error = strcmp(s, "error") == 0;
		} else if (strcmp(key, "include") == 0) {
			if ((st = patterns(arena, v, key, &opts->include, &opts->n_include, err)) != SO_OK)
				return st;
		} else if (strcmp(key, "exclude") == 0) {
			if ((st = patterns(arena, v, key, &opts->exclude, &opts->n_exclude, err)) != SO_OK)
				return st;
		} else
			return so_error_set(
			    err, SO_ERR_ARGUMENT, 0, 0,
			    "unknown option \"%s\" (known: strategy, production, large_table_rows, "
			    "lock_timeout, statement_timeout, online, phase, allowed_hazards, on_refused, "
			    "include, exclude)",
			    key);
	}
	return SO_OK;
}
