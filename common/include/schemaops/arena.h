/*
 * schemaops/arena.h: the per-call arena every core allocation comes from.
 *
 * The host supplies the backing allocator (palloc in a PostgreSQL memory context, malloc in a MariaDB UDF,
 * freed in *_deinit). The arena hands out blocks from large chunks and frees everything at once in
 * so_arena_destroy(); nothing is freed individually. There is no global state: one arena per call.
 */
#ifndef SCHEMAOPS_ARENA_H
#define SCHEMAOPS_ARENA_H

#include <stddef.h>

typedef struct so_allocator {
	/* Returns NULL on failure (PostgreSQL hosts should use palloc_extended(..., MCXT_ALLOC_NO_OOM)). */
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr); /* may be NULL when the host frees in bulk (memory contexts) */
	void *ctx;
} so_allocator;

typedef struct so_arena so_arena;

/* The default cap on all chunks of one arena: 1 GiB. Allocations beyond it fail (SO_ERR_NOMEM). */
#define SO_ARENA_DEFAULT_LIMIT ((size_t)1 << 30)

/* Creates an arena over `allocator` (copied). Returns NULL if the first chunk cannot be allocated. */
so_arena *so_arena_create(const so_allocator *allocator);

/* Caps the total bytes the arena may obtain from its allocator. */
void so_arena_set_limit(so_arena *arena, size_t max_bytes);

/* Returns `size` bytes aligned for any type, or NULL (out of memory or over the limit). */
void *so_arena_alloc(so_arena *arena, size_t size);

/*
 * `size` bytes aligned to `align` (1, 2, 4, 8 or 16; anything else is taken as 16), or NULL: for blocks of
 * many small objects that need less than any type's alignment (8 for pointers, 1 for text), packed tighter.
 */
void *so_arena_alloc_aligned(so_arena *arena, size_t size, size_t align);

/* Zeroed so_arena_alloc(n * size) with overflow check. */
void *so_arena_calloc(so_arena *arena, size_t n, size_t size);

/* Copies of strings into the arena; NULL in gives NULL out; NULL also on out of memory. */
char *so_arena_strdup(so_arena *arena, const char *s);
char *so_arena_strndup(so_arena *arena, const char *s, size_t n);

/* Bytes obtained from the host allocator so far (for tests and limits). */
size_t so_arena_used(const so_arena *arena);

/* Releases every chunk. arena may be NULL. */
void so_arena_destroy(so_arena *arena);

/* An allocator over malloc/free, for MariaDB and tests. */
extern const so_allocator so_malloc_allocator;

#endif
