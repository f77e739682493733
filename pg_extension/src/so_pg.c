/*
 * so_pg.c: the arena over palloc and the so_error -> ereport mapping.
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "so_pg.h"

static void *so_pg_alloc(void *ctx, size_t size)
{
	/*
	 * The core expects NULL on failure (it turns that into SO_ERR_NOMEM). MCXT_ALLOC_NO_OOM covers an
	 * exhausted allocator; requests beyond MaxAllocSize would still elog(ERROR), so refuse them here.
	 */
	if (size == 0 || !AllocSizeIsValid(size))
		return NULL;
	return MemoryContextAllocExtended((MemoryContext)ctx, size, MCXT_ALLOC_NO_OOM);
}

static void so_pg_free(void *ctx, void *ptr)
{
	(void)ctx;
	if (ptr)
		pfree(ptr);
}

void so_pg_arena_init(so_pg_arena *a, const char *name)
{
	so_allocator alloc;

	a->mcxt = AllocSetContextCreate(CurrentMemoryContext, "schemaops core", ALLOCSET_DEFAULT_SIZES);
	/* the caller's name shows up in MemoryContextStats() dumps */
	MemoryContextSetIdentifier(a->mcxt, name);
	alloc.alloc = so_pg_alloc;
	alloc.free = so_pg_free;
	alloc.ctx = a->mcxt;
	a->arena = so_arena_create(&alloc);
	if (!a->arena) {
		MemoryContextDelete(a->mcxt);
		a->mcxt = NULL;
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("schemaops: out of memory creating an arena")));
	}
}

void so_pg_arena_done(so_pg_arena *a)
{
	if (a->arena) {
		so_arena_destroy(a->arena);
		a->arena = NULL;
	}
	if (a->mcxt) {
		MemoryContextDelete(a->mcxt);
		a->mcxt = NULL;
	}
}

int so_pg_sqlstate(so_status code)
{
	switch (code) {
	case SO_ERR_NOMEM:
		return ERRCODE_OUT_OF_MEMORY;
	case SO_ERR_LIMIT:
		return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
	case SO_ERR_SYNTAX:
		return ERRCODE_INVALID_TEXT_REPRESENTATION;
	case SO_ERR_INVALID:
		return ERRCODE_DATA_EXCEPTION;
	case SO_ERR_VERSION:
		/* a well-formed document of a format version this build does not read */
		return ERRCODE_INVALID_PARAMETER_VALUE;
	case SO_ERR_ARGUMENT:
		return ERRCODE_INVALID_PARAMETER_VALUE;
	case SO_ERR_INCOMPATIBLE:
		return ERRCODE_DATA_EXCEPTION;
	case SO_OK:
	case SO_ERR_INTERNAL:
	default:
		return ERRCODE_INTERNAL_ERROR;
	}
}

void so_pg_raise(const so_error *err, const char *context)
{
	/* err lives on the caller's stack, never in the arena, so it survives the context cleanup */
	const char *msg = err->message[0] ? err->message : so_status_name(err->code);

	ereport(ERROR, (errcode(so_pg_sqlstate(err->code)), errmsg("%s", msg),
	                err->detail[0] ? errdetail("%s", err->detail) : 0, context ? errcontext("%s", context) : 0));
	pg_unreachable();
}
