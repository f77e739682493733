/*
 * pg_casts.h (internal to common/): does PostgreSQL have a cast from one column type to another, or must
 * ALTER COLUMN ... TYPE convert through text?
 *
 * `ALTER TABLE ... ALTER COLUMN c TYPE t USING c::t` needs an explicit cast path from the old type to the new
 * one (PostgreSQL 15 manual, CREATE CAST, Notes and 10.3 "Type Conversion"): a pg_cast entry, a length
 * coercion within one type, an element-wise array coercion, or the automatic I/O conversion casts to and
 * from the string types. Anything else (integer -> time, an enum -> another enum, a domain over integer ->
 * interval) has none, and the server refuses `c::t` with "cannot cast type ...". Every type has a text
 * output and input function, so `c::text::t` always has a path; it is what the diff renders there (values
 * that do not read back fail the statement: the step carries the incompatible_type_cast hazard).
 *
 * The built-in casts are a static copy of PostgreSQL 15's pg_cast (pg_casts.c). Domains resolve to their base
 * types and types the documents define (enum, composite, range) are known through a callback over the
 * documents. A type neither built in nor defined by the documents (an extension's, another schema's) is
 * assumed to have a direct cast, as a user-defined CREATE CAST may provide one.
 */
#ifndef SCHEMAOPS_PG_CASTS_H
#define SCHEMAOPS_PG_CASTS_H

#include <stdbool.h>

/*
 * The documents' view of a type name without typmod or array suffix (`year`, `mood`): sets *base to the base
 * type of a domain of that name (as the document spells it, e.g. "integer", "character varying(40)") and
 * returns true; or returns true with *base = NULL for an enum, composite or range type the documents define;
 * returns false for a name the documents do not define.
 */
typedef bool (*so_pg_type_lookup)(const void *ctx, const char *name, const char **base);

/*
 * True when `USING col::to` has no cast path and the conversion must be written `col::text::to`.
 * `from` and `to` are type names as the documents spell them (format_type: "numeric(12,2)", "year[]",
 * "timestamp(3) with time zone"); lookup (may be NULL) resolves document-defined names. Pure: no catalog.
 */
bool so_pg_cast_via_text(const char *from, const char *to, so_pg_type_lookup lookup, const void *ctx);

/*
 * A so_pg_type_lookup over documents: ctx is `const so_document *docs[2]` (either may be NULL), searched in
 * order for a domain (its `type`) or a type (enum, composite, range, base) of that name.
 */
bool so_pg_docs_type_lookup(const void *ctx, const char *name, const char **base);

#endif
