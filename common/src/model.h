/*
 * model.h (internal to common/): the in-memory schema document that the reader builds, normalization
 * rewrites, the diff engine compares and the renderers read. See docs/document-format.md.
 *
 * Conventions: every string is arena-owned and NUL-terminated; NULL means "absent / null in the document".
 * Lists are (pointer, count) pairs. `line`/`column` are the 1-based position of the object's node in the
 * source text (0 for objects that did not come from a text), used in error messages.
 * After normalization, lists that are sets are sorted by name (strcmp), and columns keep table order.
 */
#ifndef SCHEMAOPS_MODEL_H
#define SCHEMAOPS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "schemaops/document.h"

typedef struct so_pos {
	int line;
	int column;
} so_pos;

typedef struct so_strlist {
	const char **items;
	size_t n;
} so_strlist;

typedef struct so_column {
	const char *name;
	const char *type; /* normalized type spelling */
	bool nullable;
	const char *default_expr; /* normalized expression text or NULL */
	const char *on_update;    /* MariaDB ON UPDATE: "current_timestamp()" / "current_timestamp(N)", or NULL */
	const char *identity;     /* PostgreSQL: "always" | "by default" | NULL */
	bool auto_increment;      /* MariaDB */
	const char *generated;    /* generation expression or NULL */
	bool generated_stored;
	bool invisible; /* MariaDB INVISIBLE (left out of SELECT * and of INSERT without a column list) */
	const char *collation;
	const char *comment;
	const char *renamed_from;
	so_pos pos;
} so_column;

typedef struct so_key { /* primary key or unique constraint */
	const char *name;
	so_strlist columns;
	bool deferrable;
	bool initially_deferred;
	so_pos pos;
} so_key;

typedef struct so_index_key {
	const char *column;     /* exactly one of column / expression is set */
	const char *expression; /* normalized expression text */
	bool desc;
	const char *nulls;     /* NULL (the default for the direction) | "first" | "last" */
	int length;            /* MariaDB prefix length, 0 = whole column */
	const char *opclass;   /* NULL = default operator class */
	const char *collation; /* NULL = column's collation */
} so_index_key;

typedef struct so_index {
	const char *name;
	bool unique;
	const char *method; /* lower case; "btree" is the default and is always filled in */
	so_index_key *keys;
	size_t n_keys;
	so_strlist include; /* PostgreSQL INCLUDE columns */
	const char *where;  /* normalized predicate or NULL */
	const char *comment;
	bool implied_by_fk; /* MariaDB: the index the server created for the foreign key of the same name */
	so_pos pos;
} so_index;

typedef struct so_foreign_key {
	const char *name;
	so_strlist columns;
	const char *ref_schema; /* NULL = the document's own schema/database */
	const char *ref_table;
	so_strlist ref_columns;
	const char *on_update; /* "no action" | "restrict" | "cascade" | "set null" | "set default" */
	const char *on_delete;
	const char *match; /* "simple" | "full" | "partial" */
	bool deferrable;
	bool initially_deferred;
	so_pos pos;
} so_foreign_key;

typedef struct so_check {
	const char *name;
	const char *expression; /* normalized, without CHECK */
	bool no_inherit;
	so_pos pos;
} so_check;

/* An object of a kind this format version does not model: compared as a whole by its canonical JSON. */
typedef struct so_opaque {
	const char *kind;      /* the document key, e.g. "views", "triggers" */
	const char *name;      /* the object's name; for a table-level mapping value, the key itself */
	const char *canonical; /* canonical JSON of the whole node (keys sorted), used for equality */
	so_pos pos;
	bool whole_value; /* table level: the key's whole value was one mapping (name == kind) */
	/* the object's node in the document's tree (same arena), read by the diff engine for the kinds it
	   handles (diff_objects.c); NULL for objects not read from a text */
	const struct so_node *node;
} so_opaque;

typedef struct so_table_option {
	const char *key; /* "engine", "collation", "row_format", ... (MariaDB) */
	const char *value;
} so_table_option;

typedef struct so_table {
	const char *name;
	const char *renamed_from;
	long long rows; /* -1 when unknown */
	const char *comment;
	const char *partition_by;       /* PostgreSQL, or NULL */
	const char *partition_of_table; /* PostgreSQL partition: parent table, or NULL */
	const char *partition_bound;    /* "FOR VALUES ..." or "DEFAULT" */
	so_table_option *options;       /* sorted by key */
	size_t n_options;
	so_column *columns; /* table order */
	size_t n_columns;
	so_key *primary_key; /* NULL when none */
	so_key *uniques;
	size_t n_uniques;
	so_index *indexes;
	size_t n_indexes;
	so_foreign_key *foreign_keys;
	size_t n_foreign_keys;
	so_check *checks;
	size_t n_checks;
	so_opaque *opaque; /* table-level kinds not modelled (triggers, policies, ...), sorted kind, name */
	size_t n_opaque;
	so_pos pos;
	/*
	 * The tree mapping it was read from, and whether so_model_normalize() has normalized it: a table of an
	 * earlier document read from the very same node (a subtree shared with so_tree_reuse) is taken as it
	 * is by so_document_from_tree_reusing() and not read or normalized again.
	 */
	const struct so_node *node;
	bool normalized;
} so_table;

typedef struct so_sequence {
	const char *name;
	const char *type;                                  /* normalized, NULL = bigint */
	const char *start, *increment, *min, *max, *cache; /* decimal text or NULL (server default) */
	bool cycle;
	const char *owned_by; /* "table.column" or NULL */
	const char *comment;
	so_pos pos;
} so_sequence;

struct so_document {
	int format_version;
	so_dialect dialect;
	const char *name;
	so_table *tables; /* sorted by name */
	size_t n_tables;
	so_sequence *sequences; /* sorted by name */
	size_t n_sequences;
	so_opaque *opaque; /* top-level kinds not modelled, sorted by kind then name */
	size_t n_opaque;
	/* A multi-schema document (top-level `schemas:`, PostgreSQL): `name` is NULL, the lists above are empty
	   and `schemas` holds one document per schema (each with its name, lists, owner and comment), sorted by
	   name. A schema body carries `schema_owner` / `schema_comment` (NULL: absent). */
	bool multi;
	so_document *schemas;
	size_t n_schemas;
	const char *schema_owner;
	const char *schema_comment;
	const char *schema_renamed_from;  /* a schema body's `renamed_from` hint (desired state) */
	const char *schema_rename_source; /* diff.c only: the source schema's name when it is renamed */
	so_pos pos;                       /* of the schema body (multi-schema documents), for duplicate-name errors */
};

/* Lookups used by the diff engine and normalization (binary search on sorted lists; NULL if absent). */
const so_table *so_model_find_table(const so_document *doc, const char *name);
const so_column *so_model_find_column(const so_table *t, const char *name);
const so_sequence *so_model_find_sequence(const so_document *doc, const char *name);

/* Normalization entry point (document_normalize.c); called by so_document_parse(). */
so_status so_model_normalize(so_arena *arena, so_document *doc, so_error *err);

/* Expression/type normalizers, exposed for unit tests and for the diff engine. */
const char *so_normalize_expression(so_arena *arena, const char *expr);
const char *so_normalize_type(so_arena *arena, so_dialect dialect, const char *type, so_error *err, so_pos pos);

/*
 * Additions (document_read.c / document_normalize.c):
 * so_model_read() turns a node tree into an unnormalized document (contract checks with positions);
 * so_document_parse() = so_node_parse + so_model_read + so_model_normalize.
 * so_model_find_opaque() finds an opaque object by kind and name in a sorted list (NULL if absent).
 */
struct so_node;
so_status so_model_read(so_arena *arena, const struct so_node *root, so_document **out, so_error *err);
const so_opaque *so_model_find_opaque(const so_opaque *list, size_t n, const char *kind, const char *name);

#endif
