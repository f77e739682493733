/*
 * schemaops/document.h: reading, normalizing and writing schema documents.
 * The format is specified in docs/document-format.md (format version SO_DOCUMENT_FORMAT_VERSION).
 */
#ifndef SCHEMAOPS_DOCUMENT_H
#define SCHEMAOPS_DOCUMENT_H

#include <stddef.h>

#include "schemaops/arena.h"
#include "schemaops/error.h"

#define SO_DOCUMENT_FORMAT_VERSION 1

/* Bounds that keep a hostile document from exhausting the server (docs/document-format.md, "Limits"). */
#define SO_DOCUMENT_MAX_BYTES ((size_t)64 << 20)
#define SO_DOCUMENT_MAX_DEPTH 64
/* 2,000,000 nodes: a 10,000-table schema is about 1,400,000 (bench/diff/gen_pg.sh); at least 32 bytes of text
 * per node on average within SO_DOCUMENT_MAX_BYTES */
#define SO_DOCUMENT_MAX_NODES 2000000

typedef enum so_dialect { SO_DIALECT_POSTGRES = 1, SO_DIALECT_MARIADB = 2 } so_dialect;

typedef struct so_document so_document;

/*
 * Parses a YAML or JSON text of `len` bytes (need not be NUL-terminated) into a normalized document
 * allocated in `arena`.
 * Errors: SO_ERR_LIMIT (size, depth, node count), SO_ERR_SYNTAX (libyaml's message, with line/column),
 * SO_ERR_VERSION, SO_ERR_INVALID (contract broken, with the offending node's line/column), SO_ERR_NOMEM.
 */
so_status so_document_parse(so_arena *arena, const char *text, size_t len, so_document **out, so_error *err);

/*
 * Writes the normalized document as compact JSON (keys in a fixed order, defaults omitted, objects sorted
 * as the format says) into the arena: *out is NUL-terminated, *out_len its length.
 * Parsing the output again yields an equal document. Errors: SO_ERR_NOMEM.
 */
so_status so_document_to_json(so_arena *arena, const so_document *doc, char **out, size_t *out_len, so_error *err);

/*
 * Converts any YAML/JSON text to JSON without interpreting it as a schema document (for
 * schema_from_yaml when the caller wants the text as written). Same limits and errors as parsing.
 */
so_status so_yaml_to_json(so_arena *arena, const char *text, size_t len, char **out, size_t *out_len, so_error *err);

so_dialect so_document_dialect(const so_document *doc);
const char *so_document_name(const so_document *doc);
const char *so_dialect_name(so_dialect dialect); /* "postgres" | "mariadb" */

#endif
