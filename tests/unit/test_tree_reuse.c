/*
 * test_tree_reuse.c: so_tree_last() / so_tree_reuse() (schemaops/tree.h), a closed collection of one tree
 * reused as a value of another: the document read is the one the repeated calls give, the node count and
 * height of a part, the depth limit checked as the repeated calls would check it, calls out of order;
 * so_document_from_tree_reusing() taking the tables of the reused nodes from the earlier document (same
 * document as reading them again; only with the same dialect).
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "schemaops/diff.h"
#include "schemaops/document.h"
#include "schemaops/tree.h"
#include "tap.h"

static so_arena *A;

#define K(t, s) so_tree_key((t), (s), strlen(s))
#define S(t, s) so_tree_scalar((t), (s), strlen(s), true)
#define P(t, s) so_tree_scalar((t), (s), strlen(s), false)
#define DO(x)                                                                                                          \
	do {                                                                                                           \
		if (st == SO_OK)                                                                                       \
			st = (x);                                                                                      \
	} while (0)

/* {"name": NAME, "columns": [{"name": "id", "type": TYPE}, {"name": "v", "type": "text"}]} */
static so_status build_table(so_tree *t, const char *name, const char *type)
{
	so_status st = SO_OK;
	DO(so_tree_mapping_begin(t, 2));
	DO(K(t, "name"));
	DO(S(t, name));
	DO(K(t, "columns"));
	DO(so_tree_sequence_begin(t, 0));
	DO(so_tree_mapping_begin(t, 0));
	DO(K(t, "name"));
	DO(S(t, "id"));
	DO(K(t, "type"));
	DO(S(t, type));
	DO(so_tree_end(t));
	DO(so_tree_mapping_begin(t, 2));
	DO(K(t, "name"));
	DO(S(t, "v"));
	DO(K(t, "type"));
	DO(S(t, "text"));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
	return st;
}

/* The document of tables a (type bigint) and b (type b_type); a is reused from *a_part when it is given. */
static so_status build_doc(so_tree *t, const char *b_type, const so_tree_part *a_part, so_tree_part *a_out)
{
	so_status st = SO_OK;
	DO(so_tree_mapping_begin(t, 0));
	DO(K(t, "schemaops"));
	DO(P(t, "1"));
	DO(K(t, "dialect"));
	DO(S(t, "postgres"));
	DO(K(t, "name"));
	DO(S(t, "app"));
	DO(K(t, "tables"));
	DO(so_tree_sequence_begin(t, 2));
	if (a_part) {
		DO(so_tree_reuse(t, a_part));
	} else {
		DO(build_table(t, "a", "bigint"));
		if (st == SO_OK && a_out && !so_tree_last(t, a_out))
			st = SO_ERR_INTERNAL;
	}
	DO(build_table(t, "b", b_type));
	DO(so_tree_end(t));
	DO(so_tree_end(t));
	return st;
}

static const char *json_of_doc(const so_document *doc)
{
	char *out = NULL;
	size_t len;
	so_error err;
	if (!doc || so_document_to_json(A, doc, &out, &len, &err) != SO_OK)
		return "ERR";
	return out;
}

/* n sequences opened one inside the other */
static so_status open_seqs(so_tree *t, int n)
{
	so_status st = SO_OK;
	int i;
	for (i = 0; i < n; i++)
		DO(so_tree_sequence_begin(t, 0));
	return st;
}

int main(void)
{
	so_document *d1 = NULL, *d2 = NULL, *d3 = NULL;
	so_tree_part part, p2, deep;
	so_error err;
	so_tree *t1, *t2, *t;
	so_changeset *cs = NULL;
	so_diff_options opts;
	char *script = NULL;

	A = so_arena_create(&so_malloc_allocator);

	/* a table of one document reused in a second: the same document as building it again */
	t1 = so_tree_create(A, &err);
	is_int(build_doc(t1, "text", NULL, &part), SO_OK, "first document built, table a kept");
	is_int(so_document_from_tree(A, t1, &d1, &err), SO_OK, "first document reads");
	is_int((int)part.n_nodes, 15, "table a: 15 nodes (3 mappings, a sequence, 6 keys, 5 scalars)");
	is_int(part.height, 3, "table a: height 3 (table, columns, column)");
	t2 = so_tree_create(A, &err);
	is_int(build_doc(t2, "integer", &part, NULL), SO_OK, "second document built with table a reused");
	is_int(so_document_from_tree(A, t2, &d2, &err), SO_OK, "second document reads");
	t = so_tree_create(A, &err);
	is_int(build_doc(t, "integer", NULL, NULL), SO_OK, "second document built without reuse");
	is_int(so_document_from_tree(A, t, &d3, &err), SO_OK, "and reads");
	is_str(json_of_doc(d2), json_of_doc(d3), "reused and rebuilt give the same document");
	ok(strstr(json_of_doc(d2), "\"bigint\"") != NULL, "table a is in it: %s", json_of_doc(d2));
	so_diff_options_init(&opts);
	is_int(so_diff(A, d1, d2, &opts, &cs, &err), SO_OK, "diff of the two documents");
	is_int(so_changeset_script(A, cs, false, &script, &err), SO_OK, "script");
	ok(script && strstr(script, "ALTER TABLE app.b ALTER COLUMN id TYPE integer") != NULL,
	   "the script changes table b");
	ok(script && strstr(script, "bigint") == NULL, "and nothing of table a");
	/* the first document is unchanged by the reuse (nodes are never written once closed) */
	{
		so_document *again = NULL;
		is_int(so_document_from_tree(A, t1, &again, &err), SO_OK, "first tree reads again");
		is_str(json_of_doc(again), json_of_doc(d1), "to the same document");
	}

	/* the tables of the reused nodes taken from the first document: the same document, their contents shared */
	{
		so_document *d4 = NULL;
		is_int(so_document_from_tree_reusing(A, t2, d1, &d4, &err), SO_OK,
		       "second tree read reusing the first document");
		is_str(json_of_doc(d4), json_of_doc(d3), "the same document as read alone");
		ok(d4 && d4->n_tables == 2 && d1->n_tables == 2, "two tables each");
		ok(d4 && d4->tables[0].columns == d1->tables[0].columns,
		   "table a: the first document's columns (taken)");
		ok(d4 && d4->tables[1].columns != d1->tables[1].columns, "table b: its own columns (read)");
		ok(d4 && d4->tables[0].normalized && d4->tables[1].normalized, "both normalized");
		is_int(so_diff(A, d1, d4, &opts, &cs, &err), SO_OK, "diff against it");
		is_int(so_changeset_script(A, cs, false, &script, &err), SO_OK, "script");
		ok(script && strstr(script, "ALTER TABLE app.b ALTER COLUMN id TYPE integer") != NULL &&
		       !strstr(script, "bigint"),
		   "the same change of table b only");
		is_int(so_document_from_tree_reusing(A, t2, NULL, &d4, &err), SO_OK, "no earlier document: read alone");
		ok(d4 && d4->tables[0].columns != d1->tables[0].columns, "table a read again");
	}
	/* another dialect lends nothing: the same tree read as a MariaDB document after a PostgreSQL one */
	{
		so_document *pg = NULL, *my = NULL;
		so_tree *tp = so_tree_create(A, &err), *tm = so_tree_create(A, &err);
		so_status st = SO_OK;
		so_tree_part tab;
		DO(so_tree_mapping_begin(tp, 0));
		DO(K(tp, "schemaops"));
		DO(P(tp, "1"));
		DO(K(tp, "dialect"));
		DO(S(tp, "postgres"));
		DO(K(tp, "name"));
		DO(S(tp, "app"));
		DO(K(tp, "tables"));
		DO(so_tree_sequence_begin(tp, 1));
		DO(build_table(tp, "a", "integer"));
		if (st == SO_OK && !so_tree_last(tp, &tab))
			st = SO_ERR_INTERNAL;
		DO(so_tree_end(tp));
		DO(so_tree_end(tp));
		DO(so_tree_mapping_begin(tm, 0));
		DO(K(tm, "schemaops"));
		DO(P(tm, "1"));
		DO(K(tm, "dialect"));
		DO(S(tm, "mariadb"));
		DO(K(tm, "name"));
		DO(S(tm, "app"));
		DO(K(tm, "tables"));
		DO(so_tree_sequence_begin(tm, 1));
		DO(so_tree_reuse(tm, &tab));
		DO(so_tree_end(tm));
		DO(so_tree_end(tm));
		is_int(st, SO_OK, "a PostgreSQL and a MariaDB tree sharing a table");
		is_int(so_document_from_tree(A, tp, &pg, &err), SO_OK, "PostgreSQL document reads");
		is_int(so_document_from_tree_reusing(A, tm, pg, &my, &err), SO_OK, "MariaDB document reads");
		ok(pg && my && my->tables[0].columns != pg->tables[0].columns, "its table read by the MariaDB rules");
		is_str(pg ? pg->tables[0].columns[0].type : "", "integer", "PostgreSQL spelling");
		is_str(my ? my->tables[0].columns[0].type : "", "int", "MariaDB spelling");
	}

	/* so_tree_last: only right after a successful so_tree_end */
	t = so_tree_create(A, &err);
	ok(!so_tree_last(t, &p2), "nothing closed yet");
	so_tree_sequence_begin(t, 0);
	ok(!so_tree_last(t, &p2), "after a begin: nothing");
	so_tree_mapping_begin(t, 0);
	K(t, "k");
	S(t, "v");
	ok(!so_tree_last(t, &p2), "after a scalar: nothing");
	is_int(so_tree_end(t), SO_OK, "mapping closed");
	ok(so_tree_last(t, &p2), "after the end: the mapping");
	is_int((int)p2.n_nodes, 3, "mapping, key, scalar: 3 nodes");
	is_int(p2.height, 1, "no nested collection: height 1");
	is_int(so_tree_reuse(t, &p2), SO_OK, "reused in the same sequence");
	ok(!so_tree_last(t, &p2), "after a reuse: nothing");
	is_int(so_tree_reuse(t, &part), SO_OK, "a part of another tree too");
	is_int(so_tree_end(t), SO_OK, "sequence closed");
	ok(so_tree_last(t, &p2), "the sequence");
	is_int((int)p2.n_nodes, 1 + 3 + 3 + 15, "its count includes the reused parts");
	is_int(p2.height, 4, "and its height theirs (1 + table a's 3)");

	/* calls out of order */
	t = so_tree_create(A, &err);
	so_tree_mapping_begin(t, 0);
	is_int(so_tree_reuse(t, &part), SO_ERR_ARGUMENT, "a key is expected: refused");
	is_int(so_tree_reuse(t, NULL), SO_ERR_ARGUMENT, "no part: refused");
	t = so_tree_create(A, &err);
	is_int(so_tree_reuse(t, &part), SO_OK, "a part as the root");
	is_int(so_tree_reuse(t, &part), SO_ERR_ARGUMENT, "a second root refused");

	/* depth: refused exactly where building the same collections would be refused */
	t = so_tree_create(A, &err);
	open_seqs(t, 3);
	so_tree_end(t);
	so_tree_end(t);
	is_int(so_tree_end(t), SO_OK, "three nested sequences closed");
	ok(so_tree_last(t, &deep) && deep.height == 3, "height 3");
	t = so_tree_create(A, &err);
	is_int(open_seqs(t, SO_DOCUMENT_MAX_DEPTH - 3), SO_OK, "MAX_DEPTH - 3 open");
	is_int(so_tree_reuse(t, &deep), SO_OK, "the part fits exactly");
	t = so_tree_create(A, &err);
	is_int(open_seqs(t, SO_DOCUMENT_MAX_DEPTH - 3), SO_OK, "MAX_DEPTH - 3 open");
	is_int(open_seqs(t, 3), SO_OK, "building it there fits too");
	t = so_tree_create(A, &err);
	is_int(open_seqs(t, SO_DOCUMENT_MAX_DEPTH - 2), SO_OK, "MAX_DEPTH - 2 open");
	is_int(so_tree_reuse(t, &deep), SO_ERR_LIMIT, "one level too deep: refused");
	ok(strstr(err.message, "nested deeper than") != NULL, "message: %s", err.message);
	t = so_tree_create(A, &err);
	is_int(open_seqs(t, SO_DOCUMENT_MAX_DEPTH - 2), SO_OK, "MAX_DEPTH - 2 open");
	is_int(open_seqs(t, 3), SO_ERR_LIMIT, "building it there is refused the same way");

	so_arena_destroy(A);
	return done_testing();
}
