/*
 * test_node_layout.c: what the diff-speed work relies on in the node tree and the arena. Packed blocks
 * (so_arena_alloc_aligned), short strings stored once per document, members gathered per depth and copied
 * into exact arrays (libyaml path), quiet message contexts read again on error (document_read.c), the
 * normalization memo (document_normalize.c): each keeps the result of the plain way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "schemaops/arena.h"
#include "schemaops/document.h"
#include "schemaops/error.h"
#include "schemaops/tree.h"
#include "tap.h"

/* A document of n tables, each with the same column names, types and defaults (the interning case). */
static char *tables_doc(int n, size_t *len)
{
	size_t cap = (size_t)n * 400 + 200, l = 0;
	char *s = malloc(cap);
	int i;

	l += (size_t)snprintf(s + l, cap - l,
	                      "{\"schemaops\": 1, \"dialect\": \"postgres\", \"name\": \"s\", \"tables\": [");
	for (i = 0; i < n; i++)
		l += (size_t)snprintf(s + l, cap - l,
		                      "%s{\"name\": \"t%05d\", \"columns\": [{\"name\": \"id\", \"type\": \"int8\", "
		                      "\"nullable\": false}, {\"name\": \"code\", \"type\": \"character varying(32)\", "
		                      "\"default\": \"'x'::character varying\"}, {\"name\": \"n\", \"type\": \"int4\", "
		                      "\"default\": \"( 0 )\"}], \"indexes\": [{\"name\": \"t%05d_code\", \"columns\": "
		                      "[\"code\"]}]}",
		                      i ? ", " : "", i, i);
	l += (size_t)snprintf(s + l, cap - l, "]}");
	*len = l;
	return s;
}

int main(void)
{
	so_arena *A = so_arena_create(&so_malloc_allocator);
	so_error err;
	so_node *root;
	so_document *doc;
	size_t len, i;
	char *text;

	so_error_clear(&err);
	ok(sizeof(so_node) <= 32, "so_node is at most 32 bytes (%zu)", sizeof(so_node));

	/* ---- so_arena_alloc_aligned ---- */
	{
		char *a = so_arena_alloc_aligned(A, 3, 1), *b = so_arena_alloc_aligned(A, 5, 1);
		void *p8 = so_arena_alloc_aligned(A, 24, 8), *p16 = so_arena_alloc_aligned(A, 7, 3);
		void *q = so_arena_alloc(A, 1);
		ok(a && b, "1-aligned blocks");
#ifndef __SANITIZE_ADDRESS__
		ok(b == a + 3, "1-aligned blocks are packed byte to byte");
#else
		ok(b != a, "1-aligned blocks are distinct (ASan keeps red zones)");
#endif
		ok(p8 && ((uintptr_t)p8 & 7) == 0, "8-aligned block");
		ok(p16 && ((uintptr_t)p16 & 15) == 0, "an alignment that is not 1/2/4/8 is taken as 16");
		ok(q && ((uintptr_t)q & 15) == 0, "so_arena_alloc stays 16-aligned after packed blocks");
		memset(a, 'a', 3);
		memset(b, 'b', 5);
		ok(a[2] == 'a' && b[0] == 'b', "packed blocks do not overlap");
		for (i = 0; i < 100000; i++) {
			char *s = so_arena_strndup(A, "abcdefg", i % 8);
			if (!s || strlen(s) != i % 8)
				break;
		}
		is_int(i, 100000, "100,000 packed string copies across chunks, each NUL-terminated");
		ok(so_arena_alloc_aligned(A, SIZE_MAX - 8, 1) == NULL, "SIZE_MAX - 8 packed fails cleanly");
	}

	/* ---- interning and exact arrays (libyaml path) ---- */
	text = tables_doc(600, &len);
	is_int(so_node_parse(A, text, len, &root, &err), SO_OK, "600-table document parses");
	{
		const so_node *tabs = so_node_get(root, "tables");
		const so_node *c0 = so_node_get(tabs->items[0], "columns"),
		              *c599 = so_node_get(tabs->items[599], "columns");
		is_int(tabs->n_items, 600, "600 tables gathered through the depth's scratch buffer");
		is_str(so_node_get(tabs->items[599], "name")->scalar, "t00599", "last table in place");
		is_str(so_node_get(tabs->items[0], "name")->scalar, "t00000", "first table in place");
		is_int(c599->n_items, 3, "three columns");
		is_str(so_node_get(c599->items[2], "default")->scalar, "( 0 )", "a nested scalar in place");
		ok(so_node_get(c599->items[1], "type")->scalar == so_node_get(c0->items[1], "type")->scalar ||
		       so_node_get(c0->items[1], "type")->scalar[0] == 'c',
		   "same text: same string (or an equal copy in the first nodes)");
		ok(so_node_get(c599->items[1], "type")->scalar ==
		       so_node_get(tabs->items[598], "columns")->items[1]->pairs[1].value->scalar,
		   "a repeated short scalar is stored once");
		is_int(so_node_get(c599->items[0], "nullable")->scalar_len, 5, "scalar_len kept");
		ok(so_node_get(tabs->items[3], "columns")->type == SO_NODE_SEQUENCE &&
		       so_node_get(tabs->items[3], "columns")->n_pairs == 0,
		   "a sequence has no pairs");
	}

	/* ---- the same document read twice gives the same normalized result (memo) ---- */
	{
		so_document *d2;
		char *j1, *j2;
		size_t l1, l2;
		is_int(so_document_parse(A, text, len, &doc, &err), SO_OK, "document reads");
		is_int(so_document_parse(A, text, len, &d2, &err), SO_OK, "document reads again");
		is_int(so_document_to_json(A, doc, &j1, &l1, &err), SO_OK, "written");
		is_int(so_document_to_json(A, d2, &j2, &l2, &err), SO_OK, "written again");
		ok(l1 == l2 && !memcmp(j1, j2, l1), "same canonical JSON");
		ok(strstr(j1, "\"type\":\"bigint\"") && strstr(j1, "\"type\":\"character varying(32)\"") &&
		       strstr(j1, "\"default\":\"0\""),
		   "types and defaults normalized in every table (memo hits give the normalized text)");
		ok(!strstr(j1, "int8") && !strstr(j1, "( 0 )"), "no table kept an unnormalized spelling");
	}
	free(text);

	/* ---- quiet contexts: the error of a bad column or index is the one the plain reader gave ---- */
	{
		static const char bad_col[] = "schemaops: 1\ndialect: postgres\nname: s\ntables:\n  - name: film\n"
		                              "    columns:\n      - name: a\n        type: int\n      - name: b\n"
		                              "        typ: int\n";
		static const char bad_ix[] = "schemaops: 1\ndialect: postgres\nname: s\ntables:\n  - name: film\n"
		                             "    columns:\n      - name: a\n        type: int\n    indexes:\n"
		                             "      - name: ix\n        colums: [a]\n";
		static const char no_name[] = "schemaops: 1\ndialect: postgres\nname: s\ntables:\n  - name: film\n"
		                              "    columns:\n      - type: int\n";
		is_int(so_document_parse(A, bad_col, strlen(bad_col), &doc, &err), SO_ERR_INVALID, "bad column key");
		is_str(err.message, "line 10, column 9: column \"b\" of table \"film\": unknown key \"typ\"",
		       "column error names the column and table");
		is_int(so_document_parse(A, bad_ix, strlen(bad_ix), &doc, &err), SO_ERR_INVALID, "bad index key");
		ok(strstr(err.message, "index \"ix\" of table \"film\"") != NULL, "index error names the index: %s",
		   err.message);
		is_int(so_document_parse(A, no_name, strlen(no_name), &doc, &err), SO_ERR_INVALID,
		       "column without name");
		is_str(err.message, "line 7, column 9: column #1 of table \"film\": \"name\" is required",
		       "nameless column is numbered");
	}

	/* ---- tree path: same interning, direct arrays ---- */
	{
		so_tree *t = so_tree_create(A, &err);
		so_node *r;
		ok(t != NULL, "tree");
		so_tree_sequence_begin(t, 0); /* size unknown: scratch buffer */
		for (i = 0; i < 3000; i++) {
			so_tree_mapping_begin(t, 2);
			so_tree_key(t, "k", 1);
			so_tree_scalar(t, "same", 4, true);
			so_tree_key(t, "i", 1);
			so_tree_scalar(t, i % 2 ? "1" : "0", 1, false);
			so_tree_end(t);
		}
		is_int(so_tree_end(t), SO_OK, "3,000 mappings built");
		is_int(so_tree_root(t, &r), SO_OK, "complete");
		is_int(r->n_items, 3000, "3,000 items through the scratch buffer");
		ok(r->items[2999]->pairs[0].value->scalar == r->items[2000]->pairs[0].value->scalar,
		   "tree scalars interned too");
		is_str(r->items[2999]->pairs[1].value->scalar, "1", "last item's value");
		is_str(r->items[0]->pairs[1].value->scalar, "0", "first item's value");
	}

	so_arena_destroy(A);
	return done_testing();
}
