/*
 * node.h (internal to common/): a generic YAML/JSON tree built with libyaml, the first stage of reading a
 * document or an options object. Bounded by SO_DOCUMENT_MAX_BYTES / _DEPTH / _NODES (document.h).
 */
#ifndef SCHEMAOPS_NODE_H
#define SCHEMAOPS_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "schemaops/arena.h"
#include "schemaops/error.h"
#include "schemaops/tree.h"

typedef enum so_node_type { SO_NODE_SCALAR = 1, SO_NODE_SEQUENCE, SO_NODE_MAPPING } so_node_type;

typedef struct so_node so_node;

typedef struct so_node_pair {
	const char *key; /* mapping keys must be scalars; duplicates are an SO_ERR_INVALID */
	so_pos key_pos;
	so_node *value;
} so_node_pair;

/*
 * 40 bytes, 8-aligned (a large document has about a million nodes: their size is most of the memory a diff
 * touches). The three pointers share their storage: only the one of the node's type may be read. The counts
 * do not, and are 0 for the other types, so a loop over n_items / n_pairs of a node of another type reads
 * nothing. scalar_len and n_pairs fit 32 bits: a document has at most SO_DOCUMENT_MAX_BYTES bytes.
 */
struct so_node {
	so_node_type type;
	bool quoted; /* SCALAR written in quotes: never null/bool/number, always a string */
	so_pos pos;
	union {
		const char *scalar;  /* SCALAR: NUL-terminated; may contain NUL bytes only if scalar_len says so */
		so_node **items;     /* SEQUENCE */
		so_node_pair *pairs; /* MAPPING, in document order */
	};
	size_t n_items;
	uint32_t scalar_len;
	uint32_t n_pairs;
};

/* Parses YAML or JSON (first document only; a second document is an error). */
so_status so_node_parse(so_arena *arena, const char *text, size_t len, so_node **out, so_error *err);

/* The root of a complete tree built with the schemaops/tree.h calls; SO_ERR_ARGUMENT if it is not complete. */
so_status so_tree_root(so_tree *t, so_node **out);

/* Mapping lookup by key (NULL if absent or not a mapping). */
const so_node *so_node_get(const so_node *map, const char *key);

/* Scalar classification following YAML 1.1 core / JSON: unquoted null, ~, empty -> null; true/false. */
bool so_node_is_null(const so_node *n);
/* Returns SO_ERR_INVALID with position and `what` in the message when the node is not of the kind. */
so_status so_node_bool(const so_node *n, const char *what, bool *out, so_error *err);
so_status so_node_int(const so_node *n, const char *what, long long *out, so_error *err);
/* String: any non-null scalar (numbers and booleans as written). Null -> *out = NULL. */
so_status so_node_string(const so_node *n, const char *what, const char **out, so_error *err);

/* Canonical compact JSON of a node (mapping keys sorted, scalars as JSON strings/numbers/bools/null). */
so_status so_node_to_json(so_arena *arena, const so_node *n, bool sort_keys, char **out, size_t *out_len,
                          so_error *err);

/* Additions (node.c): helpers shared by the document reader/writer. */
#include "schemaops/strbuf.h"

/*
 * Sets err with `code` and the message prefixed by "line L, column C: " when pos.line > 0 (so the message
 * alone reads as the format's errors do); err->line/column are set too. Returns code.
 */
so_status so_node_fail(so_error *err, so_status code, so_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Appends s (len bytes) as a JSON string literal. Returns false (nothing sensible appended) on invalid UTF-8. */
bool so_json_append_string(so_strbuf *sb, const char *s, size_t len);

#endif
