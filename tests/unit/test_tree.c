/*
 * test_tree.c: schemaops/tree.h, documents built from events instead of text: the same document as the
 * text gives, the same limits and checks (depth, duplicate keys, NUL in keys, text YAML refuses), calls out
 * of order refused.
 */
#include <stdlib.h>
#include <string.h>

#include "schemaops/document.h"
#include "schemaops/tree.h"
#include "tap.h"

static so_arena *A;

#define K(t, s) so_tree_key((t), (s), strlen(s))
#define S(t, s) so_tree_scalar((t), (s), strlen(s), true)
#define P(t, s) so_tree_scalar((t), (s), strlen(s), false)

/* {"schemaops": 1, "dialect": "postgres", "name": "app", "tables": [{"name": "t", "columns": [...]}]} */
static so_status build_doc(so_tree *t, const char *col_type, bool nullable)
{
	so_status st = SO_OK;
#define DO(x)                                                                                                          \
	do {                                                                                                           \
		if (st == SO_OK)                                                                                       \
			st = (x);                                                                                      \
	} while (0)
	DO(so_tree_mapping_begin(t, 0));
	DO(K(t, "schemaops"));
	DO(P(t, "1"));
	DO(K(t, "dialect"));
	DO(S(t, "postgres"));
	DO(K(t, "name"));
	DO(S(t, "app"));
	DO(K(t, "tables"));
	DO(so_tree_sequence_begin(t, 0));
	DO(so_tree_mapping_begin(t, 0));
	DO(K(t, "name"));
	DO(S(t, "t"));
	DO(K(t, "comment"));
	DO(S(t, "tab\there \xc3\xa9"));
	DO(K(t, "columns"));
	DO(so_tree_sequence_begin(t, 1)); /* with a size: the same tree */
	DO(so_tree_mapping_begin(t, 0));
	DO(K(t, "name"));
	DO(S(t, "id"));
	DO(K(t, "type"));
	DO(S(t, col_type));
	DO(K(t, "nullable"));
	DO(P(t, nullable ? "true" : "false"));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
#undef DO
	return st;
}

static const char *json_of_doc(const so_document *doc)
{
	char *out = NULL;
	size_t len;
	so_error err;
	if (so_document_to_json(A, doc, &out, &len, &err) != SO_OK)
		return "ERR";
	return out;
}

int main(void)
{
	const char *text = "{\"schemaops\": 1, \"dialect\": \"postgres\", \"name\": \"app\", \"tables\": [{\"name\": "
	                   "\"t\", \"comment\": \"tab\\there \xc3\xa9\", \"columns\": [{\"name\": \"id\", \"type\": "
	                   "\"bigint\", \"nullable\": false}]}]}";
	so_document *from_text = NULL, *from_tree = NULL;
	so_error err;
	so_tree *t;
	int i;

	A = so_arena_create(&so_malloc_allocator);

	/* the same document as its text */
	is_int(so_document_parse(A, text, strlen(text), &from_text, &err), SO_OK, "text parses");
	t = so_tree_create(A, &err);
	ok(t != NULL, "tree created");
	is_int(build_doc(t, "bigint", false), SO_OK, "events accepted");
	is_int(so_document_from_tree(A, t, &from_tree, &err), SO_OK, "tree read as a document");
	is_str(json_of_doc(from_tree), json_of_doc(from_text), "tree and text give the same document");

	/* the document's own checks still apply (a type the format refuses) */
	t = so_tree_create(A, &err);
	is_int(build_doc(t, "serial", false), SO_OK, "events accepted (serial)");
	is_int(so_document_from_tree(A, t, &from_tree, &err), SO_ERR_INVALID, "serial refused as with text");
	ok(strstr(err.message, "\"serial\" is not a type") != NULL, "message names the type: %s", err.message);
	ok(from_tree == NULL, "*out is NULL after an error");

	/* an incomplete tree */
	t = so_tree_create(A, &err);
	so_tree_mapping_begin(t, 0);
	is_int(so_document_from_tree(A, t, &from_tree, &err), SO_ERR_ARGUMENT, "open mapping: incomplete");

	/* calls out of order */
	t = so_tree_create(A, &err);
	is_int(so_tree_end(t), SO_ERR_ARGUMENT, "end with nothing open");
	is_int(K(t, "a"), SO_ERR_ARGUMENT, "key outside a mapping");
	so_tree_mapping_begin(t, 0);
	is_int(S(t, "v"), SO_ERR_ARGUMENT, "value where a key is expected");
	K(t, "a");
	is_int(K(t, "b"), SO_ERR_ARGUMENT, "key where a value is expected");
	is_int(so_tree_end(t), SO_ERR_ARGUMENT, "end with a key waiting for its value");
	S(t, "v");
	is_int(so_tree_end(t), SO_OK, "end of the mapping");
	is_int(S(t, "x"), SO_ERR_ARGUMENT, "a second root");

	/* duplicate keys, NUL in a key */
	t = so_tree_create(A, &err);
	so_tree_mapping_begin(t, 0);
	K(t, "a");
	P(t, "1");
	K(t, "a");
	P(t, "2");
	is_int(so_tree_end(t), SO_ERR_INVALID, "duplicate key refused");
	ok(strstr(err.message, "duplicate key \"a\"") != NULL, "duplicate message: %s", err.message);
	t = so_tree_create(A, &err);
	so_tree_mapping_begin(t, 0);
	is_int(so_tree_key(t, "a\0b", 3), SO_ERR_INVALID, "NUL in a key refused");

	/* text the YAML reader refuses: DEL, C1 controls, U+FFFE, invalid and overlong UTF-8 */
	{
		static const char *const bad[] = {"a\x7f",    "\xc2\x80", "\xef\xbf\xbe", "\xff",
		                                  "\xc0\xaf", "\xe2\x82", "\xed\xa0\x80"};
		static const char *const good[] = {"\x01\t\n", "\xc2\x85", "\xc2\xa0", "\xf0\x9f\x98\x80", ""};
		size_t j;
		for (j = 0; j < sizeof bad / sizeof bad[0]; j++) {
			t = so_tree_create(A, &err);
			so_tree_sequence_begin(t, 0);
			is_int(S(t, bad[j]), SO_ERR_SYNTAX, "refused text #%zu", j + 1);
		}
		for (j = 0; j < sizeof good / sizeof good[0]; j++) {
			t = so_tree_create(A, &err);
			so_tree_sequence_begin(t, 0);
			is_int(S(t, good[j]), SO_OK, "accepted text #%zu", j + 1);
		}
	}

	/* depth limit, as for text */
	t = so_tree_create(A, &err);
	for (i = 0; i < SO_DOCUMENT_MAX_DEPTH; i++)
		if (so_tree_sequence_begin(t, 0) != SO_OK)
			break;
	is_int(i, SO_DOCUMENT_MAX_DEPTH, "%d levels accepted", SO_DOCUMENT_MAX_DEPTH);
	is_int(so_tree_sequence_begin(t, 0), SO_ERR_LIMIT, "one level more refused");
	ok(strstr(err.message, "nested deeper than") != NULL, "depth message: %s", err.message);

	is_int(so_document_from_tree(NULL, t, &from_tree, &err), SO_ERR_ARGUMENT, "NULL arena");
	ok(so_tree_create(NULL, &err) == NULL, "so_tree_create(NULL)");

	so_arena_destroy(A);
	return done_testing();
}
