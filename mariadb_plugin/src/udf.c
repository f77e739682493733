/*
 * mariadb_plugin/src/udf.c: the UDFs schema_diff, schema_changes_json and schema_from_yaml.
 *
 * Each UDF call owns one so_arena over malloc, kept in initid->ptr: it is destroyed and recreated for every
 * row (so a long SELECT does not accumulate memory) and destroyed in *_deinit. The result string lives in
 * that arena, which the server only reads until the next row. No mutable globals: the server calls UDFs
 * from many threads at once.
 *
 * NULL handling: a NULL document argument gives a NULL result; a NULL options argument means the defaults.
 * Row-time errors (a malformed document, bad options, documents of two dialects, over the size limit) raise
 * a real error (ER_UNKNOWN_ERROR, SQLSTATE HY000) whose message names the argument and, for documents, the
 * line and column; the result is NULL and *error is set.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "schemaops/arena.h"
#include "schemaops/diff.h"
#include "schemaops/document.h"
#include "schemaops/error.h"

#include "glue.h"

/*
 * The server types a UDF STRING result by max_length: above 16 MiB - 1 it is LONGBLOB, so scripts and
 * documents of any size the core accepts are returned whole.
 */
#define SO_UDF_MAX_LENGTH 4294967295UL

/* Message buffers of *_init hold MYSQL_ERRMSG_SIZE bytes; keep ours well below (udf_example: < 80). */
#define SO_INIT_MSG_MAX 80

typedef struct so_udf_state {
	so_arena *arena; /* the current row's arena; NULL between rows */
} so_udf_state;

typedef enum so_udf_kind { SO_UDF_DIFF, SO_UDF_CHANGES, SO_UDF_FROM_YAML } so_udf_kind;

static const char *kind_name(so_udf_kind kind)
{
	switch (kind) {
	case SO_UDF_DIFF:
		return "schema_diff";
	case SO_UDF_CHANGES:
		return "schema_changes_json";
	case SO_UDF_FROM_YAML:
		return "schema_from_yaml";
	}
	return "schemaops";
}

static my_bool udf_init_common(UDF_INIT *initid, UDF_ARGS *args, char *message, so_udf_kind kind)
{
	unsigned int min_args = kind == SO_UDF_FROM_YAML ? 1 : 2;
	unsigned int max_args = kind == SO_UDF_FROM_YAML ? 1 : 3;
	so_udf_state *st;
	unsigned int i;

	if (args->arg_count < min_args || args->arg_count > max_args) {
		if (kind == SO_UDF_FROM_YAML)
			snprintf(message, SO_INIT_MSG_MAX, "schema_from_yaml(doc) takes exactly 1 argument");
		else
			snprintf(message, SO_INIT_MSG_MAX, "%s(from_doc, to_doc [, options]) takes 2 or 3 arguments",
			         kind_name(kind));
		return true;
	}
	/* Documents and options are texts: numbers would only ever be malformed documents. */
	for (i = 0; i < args->arg_count; i++) {
		if (args->arg_type[i] == INT_RESULT || args->arg_type[i] == REAL_RESULT ||
		    args->arg_type[i] == DECIMAL_RESULT) {
			snprintf(message, SO_INIT_MSG_MAX, "%s: argument %u must be a string", kind_name(kind), i + 1);
			return true;
		}
		args->arg_type[i] = STRING_RESULT;
	}
	st = calloc(1, sizeof *st);
	if (st == NULL) {
		snprintf(message, SO_INIT_MSG_MAX, "%s: out of memory", kind_name(kind));
		return true;
	}
	initid->ptr = (char *)st;
	initid->maybe_null = 1;
	initid->max_length = SO_UDF_MAX_LENGTH;
	initid->const_item = 0;
	return false;
}

static void udf_deinit_common(UDF_INIT *initid)
{
	so_udf_state *st = (so_udf_state *)initid->ptr;

	if (st == NULL)
		return;
	so_arena_destroy(st->arena);
	free(st);
	initid->ptr = NULL;
}

/* Raises the core's error as the statement's error: "<udf>: <what>: line L, column C: message: detail". */
static void report(so_udf_kind kind, const char *what, const so_error *err)
{
	char pos[48] = "";

	/* the core's messages about a node already start with its position */
	if (err->line > 0 && strncmp(err->message, "line ", 5) != 0)
		snprintf(pos, sizeof pos, "line %d, column %d: ", err->line, err->column);
	so_my_report_error("%s: %s: %s%s%s%s", kind_name(kind), what, pos,
	                   err->message[0] ? err->message : so_status_name(err->code), err->detail[0] ? ": " : "",
	                   err->detail);
}

static bool parse_doc(so_arena *arena, so_udf_kind kind, const char *what, const char *text, unsigned long len,
                      so_document **out)
{
	so_error err;
	size_t max = so_my_max_document_size();

	so_error_clear(&err);
	if ((size_t)len > max) {
		so_error_set(&err, SO_ERR_LIMIT, 0, 0,
		             "document of %lu bytes is over schemaops_max_document_size (%zu bytes)", len, max);
		report(kind, what, &err);
		return false;
	}
	if (so_document_parse(arena, text, (size_t)len, out, &err) != SO_OK) {
		report(kind, what, &err);
		return false;
	}
	return true;
}

static char *udf_run(so_udf_kind kind, UDF_INIT *initid, UDF_ARGS *args, unsigned long *length, char *is_null,
                     char *error)
{
	so_udf_state *st = (so_udf_state *)initid->ptr;
	so_document *from = NULL, *to = NULL;
	so_diff_options opts;
	so_changeset *cs = NULL;
	so_error err;
	char *out = NULL;
	size_t out_len = 0;
	unsigned int n_docs = kind == SO_UDF_FROM_YAML ? 1 : 2;
	unsigned int i;

	*is_null = 0;
	*length = 0;
	so_error_clear(&err);
	if (st == NULL) {
		*error = 1;
		*is_null = 1;
		return NULL;
	}
	so_arena_destroy(st->arena);
	st->arena = NULL;

	for (i = 0; i < n_docs; i++) {
		if (args->args[i] == NULL) {
			*is_null = 1;
			return NULL;
		}
	}

	st->arena = so_arena_create(&so_malloc_allocator);
	if (st->arena == NULL) {
		so_error_set(&err, SO_ERR_NOMEM, 0, 0, "out of memory");
		report(kind, "arena", &err);
		goto fail;
	}

	if (kind == SO_UDF_FROM_YAML) {
		if (!parse_doc(st->arena, kind, "doc", args->args[0], args->lengths[0], &from))
			goto fail;
		if (so_document_to_json(st->arena, from, &out, &out_len, &err) != SO_OK) {
			report(kind, "doc", &err);
			goto fail;
		}
		*length = (unsigned long)out_len;
		return out;
	}

	if (!parse_doc(st->arena, kind, "from_doc", args->args[0], args->lengths[0], &from) ||
	    !parse_doc(st->arena, kind, "to_doc", args->args[1], args->lengths[1], &to))
		goto fail;

	so_diff_options_init(&opts);
	if (args->arg_count > 2 && args->args[2] != NULL &&
	    so_diff_options_parse(st->arena, args->args[2], (size_t)args->lengths[2], &opts, &err) != SO_OK) {
		report(kind, "options", &err);
		goto fail;
	}
	if (so_diff(st->arena, from, to, &opts, &cs, &err) != SO_OK) {
		report(kind, "diff", &err);
		goto fail;
	}
	if (kind == SO_UDF_DIFF) {
		if (so_changeset_script(st->arena, cs, false, &out, &err) != SO_OK) {
			report(kind, "script", &err);
			goto fail;
		}
		out_len = strlen(out);
	} else if (so_changeset_to_json(st->arena, cs, &out, &out_len, &err) != SO_OK) {
		report(kind, "changes", &err);
		goto fail;
	}
	*length = (unsigned long)out_len;
	return out;

fail:
	so_arena_destroy(st->arena);
	st->arena = NULL;
	*is_null = 1;
	*error = 1;
	return NULL;
}

/* The exported UDF ABI: symbol names equal the SQL names (CREATE FUNCTION ... SONAME 'schemaops.so'). */

my_bool schema_diff_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void schema_diff_deinit(UDF_INIT *initid);
char *schema_diff(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null, char *error);

my_bool schema_changes_json_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void schema_changes_json_deinit(UDF_INIT *initid);
char *schema_changes_json(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                          char *error);

my_bool schema_from_yaml_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void schema_from_yaml_deinit(UDF_INIT *initid);
char *schema_from_yaml(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error);

my_bool schema_diff_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	return udf_init_common(initid, args, message, SO_UDF_DIFF);
}

void schema_diff_deinit(UDF_INIT *initid)
{
	udf_deinit_common(initid);
}

char *schema_diff(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null, char *error)
{
	(void)result;
	return udf_run(SO_UDF_DIFF, initid, args, length, is_null, error);
}

my_bool schema_changes_json_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	return udf_init_common(initid, args, message, SO_UDF_CHANGES);
}

void schema_changes_json_deinit(UDF_INIT *initid)
{
	udf_deinit_common(initid);
}

char *schema_changes_json(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                          char *error)
{
	(void)result;
	return udf_run(SO_UDF_CHANGES, initid, args, length, is_null, error);
}

my_bool schema_from_yaml_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	return udf_init_common(initid, args, message, SO_UDF_FROM_YAML);
}

void schema_from_yaml_deinit(UDF_INIT *initid)
{
	udf_deinit_common(initid);
}

char *schema_from_yaml(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error)
{
	(void)result;
	return udf_run(SO_UDF_FROM_YAML, initid, args, length, is_null, error);
}
