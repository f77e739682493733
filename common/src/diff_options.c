/*
 * diff_options.c: the options object of schema_diff / schema_changes (schemaops/diff.h).
 */
#include <string.h>

#include "schemaops/diff.h"
#include "node.h"
#include "render.h"

static so_status bad(so_error *err, const char *key, const char *what)
{
	return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "option \"%s\": %s", key, what);
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
		} else if (strcmp(key, "production") == 0) {
			bool b;
			if (so_node_bool(v, key, &b, &sub) != SO_OK)
				return bad(err, key, "must be true or false");
			opts->production = b;
		} else if (strcmp(key, "large_table_rows") == 0) {
			long long n;
			if (so_node_int(v, key, &n, &sub) != SO_OK || n < 0)
				return bad(err, key, "must be a non-negative integer");
			opts->large_table_rows = n;
		} else if (strcmp(key, "lock_timeout") == 0) {
			const char *s = NULL;
			if (so_node_is_null(v)) {
				opts->lock_timeout = NULL;
				continue;
			}
			/* the value is spliced into SET lock_timeout: only the forms both servers understand */
			if (so_node_string(v, key, &s, &sub) != SO_OK || !s || so_render_timeout_seconds(s) < 0)
				return bad(err, key, "must be a duration such as \"5s\", \"500ms\", \"1min\" or null");
			opts->lock_timeout = s;
		} else
			return so_error_set(err, SO_ERR_ARGUMENT, 0, 0,
			                    "unknown option \"%s\" (known: strategy, production, large_table_rows, "
			                    "lock_timeout)",
			                    key);
	}
	return SO_OK;
}
