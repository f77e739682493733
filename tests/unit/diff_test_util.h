/*
 * diff_test_util.h: helpers shared by test_diff.c and the renderer tests: parse two YAML documents, diff
 * them, and look changes up by action, object type and name.
 */
#ifndef SCHEMAOPS_DIFF_TEST_UTIL_H
#define SCHEMAOPS_DIFF_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "schemaops/diff.h"
#include "schemaops/document.h"

static so_arena *tu_arena;

__attribute__((unused)) static so_document *tu_doc(const char *yaml)
{
	so_document *doc = NULL;
	so_error err;
	if (so_document_parse(tu_arena, yaml, strlen(yaml), &doc, &err) != SO_OK) {
		printf("# document did not parse: %s\n", err.message);
		return NULL;
	}
	return doc;
}

/* Returns the change set, or NULL (with the error in *err) */
__attribute__((unused)) static so_changeset *tu_diff_err(const char *from, const char *to, const char *opts,
                                                         so_error *err)
{
	so_document *f = tu_doc(from), *t = tu_doc(to);
	so_diff_options o;
	so_changeset *cs = NULL;
	so_diff_options_init(&o);
	so_error_clear(err);
	if (!f || !t) {
		so_error_set(err, SO_ERR_INVALID, 0, 0, "a test document did not parse");
		return NULL;
	}
	if (opts && so_diff_options_parse(tu_arena, opts, strlen(opts), &o, err) != SO_OK)
		return NULL;
	if (so_diff(tu_arena, f, t, &o, &cs, err) != SO_OK)
		return NULL;
	return cs;
}

__attribute__((unused)) static so_changeset *tu_diff(const char *from, const char *to, const char *opts)
{
	so_error err;
	so_changeset *cs = tu_diff_err(from, to, opts, &err);
	if (!cs)
		printf("# diff failed: %s\n", err.message);
	return cs;
}

/* the n-th (0-based) change matching action/type/name; action 0 or NULL type/name match anything */
__attribute__((unused)) static const so_change *tu_find_nth(const so_changeset *cs, so_action action, const char *type,
                                                            const char *name, int nth)
{
	size_t i;
	for (i = 0; cs && i < so_changeset_count(cs); i++) {
		const so_change *c = so_changeset_get(cs, i);
		if ((action == 0 || c->action == action) && (!type || strcmp(c->object_type, type) == 0) &&
		    (!name || strcmp(c->object_name, name) == 0) && nth-- == 0)
			return c;
	}
	return NULL;
}

__attribute__((unused)) static const so_change *tu_find(const so_changeset *cs, so_action action, const char *type,
                                                        const char *name)
{
	return tu_find_nth(cs, action, type, name, 0);
}

__attribute__((unused)) static const char *tu_up(const so_change *c)
{
	return c ? c->ddl_up : "(no such change)";
}

__attribute__((unused)) static const char *tu_down(const so_change *c)
{
	return c ? c->ddl_down : "(no such change)";
}

__attribute__((unused)) static int tu_seq(const so_change *c)
{
	return c ? c->seq : -1;
}

__attribute__((unused)) static bool tu_has_hazard(const so_change *c, const char *code)
{
	size_t i;
	for (i = 0; c && i < c->n_hazards; i++)
		if (strcmp(c->hazards[i], code) == 0)
			return true;
	return false;
}

/* "seq ACTION type name" lines of the whole set, for order assertions */
__attribute__((unused)) static const char *tu_summary(const so_changeset *cs)
{
	static char buf[8192];
	size_t i, len = 0;
	buf[0] = '\0';
	for (i = 0; cs && i < so_changeset_count(cs); i++) {
		const so_change *c = so_changeset_get(cs, i);
		int n = snprintf(buf + len, sizeof buf - len, "%d %s %s %s%s\n", c->seq, so_action_name(c->action),
		                 c->object_type, c->object_name, c->skipped ? " (skipped)" : "");
		if (n < 0 || (size_t)n >= sizeof buf - len)
			break;
		len += (size_t)n;
	}
	return buf;
}

#endif
