/*
 * schemaops/tree.h: building a document tree from a host's own parsed value (a PostgreSQL jsonb, say)
 * instead of from text, so the host does not print its value only for the core to parse it again.
 *
 * The calls mirror the events of a YAML/JSON reader, in document order: open a mapping or sequence, give a
 * mapping its keys and values, close it. The tree gets the same checks and limits as text read with
 * so_document_parse(): depth SO_DOCUMENT_MAX_DEPTH, SO_DOCUMENT_MAX_NODES nodes, duplicate keys, NUL in keys.
 * Keys and scalars must be text the YAML/JSON reader would accept inside a JSON string (well-formed UTF-8
 * without DEL, C1 controls other than NEL, U+FFFE, U+FFFF; control characters below U+0020 are allowed
 * because a JSON writer escapes them). Nodes carry synthetic positions (line 1, column = the node's number
 * in document order), so error messages carry no meaningful line/column: a host that needs the reader's
 * exact message for a bad document can read its text form with so_document_parse() when a call here fails.
 *
 * Every call returns SO_OK or an error status with err (given to so_tree_create) set: SO_ERR_LIMIT (depth,
 * node count), SO_ERR_INVALID (duplicate key, NUL in a key), SO_ERR_SYNTAX (text the reader would refuse),
 * SO_ERR_ARGUMENT (calls out of order), SO_ERR_NOMEM. After an error the tree must not be used further.
 */
#ifndef SCHEMAOPS_TREE_H
#define SCHEMAOPS_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "schemaops/arena.h"
#include "schemaops/document.h"
#include "schemaops/error.h"

typedef struct so_tree so_tree;

/* A new, empty tree allocated in arena; NULL (err set: SO_ERR_NOMEM or SO_ERR_ARGUMENT) on failure. */
so_tree *so_tree_create(so_arena *arena, so_error *err);

/*
 * Opens a mapping / a sequence: the root, an item of the open sequence or the value of the pending key.
 * size: the number of pairs / items it will get when known (room is made for them at once), else 0.
 */
so_status so_tree_mapping_begin(so_tree *t, size_t size);
so_status so_tree_sequence_begin(so_tree *t, size_t size);

/* The next key (len bytes, not NUL-terminated) of the open mapping; its value is the next node. */
so_status so_tree_key(so_tree *t, const char *key, size_t len);

/*
 * A scalar value of len bytes. quoted: the value is a string (a JSON string, a quoted YAML scalar), never
 * read as null, a boolean or a number; unquoted scalars are classified as the reader classifies plain ones
 * (null, true, false, numbers as written).
 */
so_status so_tree_scalar(so_tree *t, const char *s, size_t len, bool quoted);

/* Closes the innermost open mapping or sequence (the duplicate-key check of a mapping runs here). */
so_status so_tree_end(so_tree *t);

/*
 * Reusing a collection of one tree as a value of another, when a host sees that both hold the same content
 * (the two documents of a diff share most of their tables): nothing is copied and nothing is re-checked.
 * so_tree_part describes a closed mapping or sequence: its node, the number of nodes in it (itself, keys,
 * scalars and nested collections: what it adds to SO_DOCUMENT_MAX_NODES) and its height (levels of
 * collections, itself included: 1 when nothing in it is a collection).
 */
struct so_node;
typedef struct so_tree_part {
	const struct so_node *node;
	size_t n_nodes;
	int height;
} so_tree_part;

/*
 * The collection closed by the last call on t when that call was a successful so_tree_end(): *out set,
 * true. Otherwise false (after any other call, or a failed one).
 */
bool so_tree_last(const so_tree *t, so_tree_part *out);

/*
 * part (from so_tree_last() on any tree built in the same arena, or in one that outlives t's documents)
 * as the next value of t: the root, an item of the open sequence or the value of the pending key, exactly
 * as if the calls that built it were repeated on t. The limits are checked as those calls would: SO_ERR_LIMIT
 * when t would exceed SO_DOCUMENT_MAX_DEPTH or SO_DOCUMENT_MAX_NODES; SO_ERR_ARGUMENT when no value is
 * expected (a key is) or part is empty. The part's nodes keep their own synthetic positions. Nodes are
 * never written once closed, so a part can be reused any number of times, by any number of trees.
 */
so_status so_tree_reuse(so_tree *t, const so_tree_part *part);

/*
 * The complete tree read as a schema document, checked and normalized exactly as so_document_parse() does
 * with text: same document, same errors (without meaningful positions, see above).
 */
so_status so_document_from_tree(so_arena *arena, so_tree *t, so_document **out, so_error *err);

/*
 * so_document_from_tree(), taking the tables of prev (a document read from a tree in the same arena, of the
 * same dialect; NULL: none) whose mapping node t reuses (so_tree_reuse) as they are instead of reading and
 * normalizing them again: a table is read by rules that depend on nothing but its node and the dialect, so
 * the result is the document so_document_from_tree() gives. prev must stay unchanged while the document is
 * in use (they share the tables' contents). A prev of another dialect lends nothing.
 */
so_status so_document_from_tree_reusing(so_arena *arena, so_tree *t, const so_document *prev, so_document **out,
                                        so_error *err);

#endif
