/*
 * so_pg.h: PostgreSQL glue shared by the extension's C functions.
 *
 * Every core call gets its own arena whose chunks come from a dedicated memory context (a child of the
 * caller's CurrentMemoryContext), so an ERROR thrown anywhere releases the core's memory with the context
 * tree and no PG_TRY is needed.
 */
#ifndef SO_PG_H
#define SO_PG_H

#include "postgres.h"

#include "schemaops/arena.h"
#include "schemaops/error.h"

typedef struct so_pg_arena {
	MemoryContext mcxt;
	so_arena *arena;
} so_pg_arena;

/* Creates the memory context and the arena over it; ereports ERRCODE_OUT_OF_MEMORY on failure. */
void so_pg_arena_init(so_pg_arena *a, const char *name);

/* Frees the arena and deletes its context. Safe to call twice. */
void so_pg_arena_done(so_pg_arena *a);

/*
 * ereport(ERROR) for a failed core call: SQLSTATE from err->code (see docs/sql-postgres.md, "Errors"),
 * errmsg from err->message (which already carries "line L, column C" for document positions), errdetail
 * from err->detail, errcontext from `context` (may be NULL), e.g. "while reading from_doc". Never returns.
 */
pg_attribute_noreturn() void so_pg_raise(const so_error *err, const char *context);

/* The SQLSTATE for a status (exposed for tests and docs). */
int so_pg_sqlstate(so_status code);

/* Per-feature initialisation called from _PG_init (schemaops.c): defines the feature's GUCs. */
void so_pg_rls_init(void);

#endif
