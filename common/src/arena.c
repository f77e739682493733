/*
 * arena.c: a chunked bump allocator over the host's allocator (see schemaops/arena.h).
 *
 * Chunks are obtained from the host allocator and linked so so_arena_destroy() can hand each back.
 * Every size computation is checked for overflow because sizes can come from untrusted input lengths.
 */
#include "schemaops/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SO_ARENA_ALIGN ((size_t)16)
#define SO_ARENA_CHUNK ((size_t)64 * 1024)

/*
 * Under AddressSanitizer the free part of every chunk is poisoned and each block is unpoisoned to exactly its
 * size, with a poisoned red zone behind it: an overrun of an arena block is then reported like a heap
 * overflow, instead of silently landing in the neighbouring block of the same chunk.
 */
#if defined(__SANITIZE_ADDRESS__)
#define SO_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SO_ARENA_ASAN 1
#endif
#endif
#ifdef SO_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define SO_ARENA_REDZONE SO_ARENA_ALIGN
#define poison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SO_ARENA_REDZONE ((size_t)0)
#define poison(p, n) ((void)(p), (void)(n))
#define unpoison(p, n) ((void)(p), (void)(n))
#endif

typedef struct so_chunk {
	struct so_chunk *next;
	size_t size; /* bytes obtained from the allocator for this chunk, header included */
} so_chunk;

struct so_arena {
	so_allocator allocator;
	so_chunk *chunks;
	unsigned char *cur; /* next free byte in the current chunk */
	unsigned char *end; /* one past the current chunk's payload */
	size_t used;        /* bytes obtained from the allocator */
	size_t limit;
};

static size_t align_up(size_t n)
{
	return (n + (SO_ARENA_ALIGN - 1)) & ~(SO_ARENA_ALIGN - 1);
}

static void *malloc_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void malloc_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

const so_allocator so_malloc_allocator = {malloc_alloc, malloc_free, NULL};

/*
 * Obtains a chunk with at least `payload` usable bytes behind its header, or NULL (allocator failure, limit,
 * overflow). The host allocator may align to 8 only (palloc's MAXALIGN), so one alignment unit of slack is
 * added and the payload start is rounded up.
 */
static so_chunk *chunk_new(const so_allocator *a, size_t used, size_t limit, size_t payload, size_t *obtained)
{
	size_t size;
	so_chunk *c;

	if (payload > SIZE_MAX - sizeof(so_chunk) - 3 * SO_ARENA_ALIGN)
		return NULL;
	size = align_up(sizeof(so_chunk) + payload) + SO_ARENA_ALIGN;
	if (size > limit || used > limit - size)
		return NULL;
	c = a->alloc(a->ctx, size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size;
	*obtained = size;
	return c;
}

static unsigned char *payload_start(so_chunk *c)
{
	uintptr_t p = (uintptr_t)c + sizeof(so_chunk);
	p = (p + (SO_ARENA_ALIGN - 1)) & ~(uintptr_t)(SO_ARENA_ALIGN - 1);
	return (unsigned char *)p;
}

so_arena *so_arena_create(const so_allocator *allocator)
{
	so_chunk *c;
	so_arena *arena;
	size_t obtained = 0;
	unsigned char *p;

	if (!allocator || !allocator->alloc)
		return NULL;
	c = chunk_new(allocator, 0, SO_ARENA_DEFAULT_LIMIT, SO_ARENA_CHUNK, &obtained);
	if (!c)
		return NULL;
	p = payload_start(c);
	arena = (so_arena *)p;
	arena->allocator = *allocator;
	arena->chunks = c;
	arena->cur = p + align_up(sizeof(so_arena));
	arena->end = (unsigned char *)c + c->size;
	arena->used = obtained;
	arena->limit = SO_ARENA_DEFAULT_LIMIT;
	poison(arena->cur, (size_t)(arena->end - arena->cur));
	return arena;
}

void so_arena_set_limit(so_arena *arena, size_t max_bytes)
{
	if (arena)
		arena->limit = max_bytes;
}

/*
 * `size` bytes at the current position rounded up to a multiple of `align` (a power of two, at most
 * SO_ARENA_ALIGN), or in a new chunk. Blocks that need no alignment (string copies: half a million in a large
 * document) are packed byte to byte; under ASan every block keeps its aligned red zone.
 */
static void *arena_alloc(so_arena *arena, size_t size, size_t align)
{
	void *p;
	size_t need, pad, obtained = 0;
	so_chunk *c;

	if (!arena)
		return NULL;
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - 2 * SO_ARENA_ALIGN)
		return NULL;
#ifdef SO_ARENA_ASAN
	align = SO_ARENA_ALIGN;
#endif
	need = align == SO_ARENA_ALIGN ? align_up(size) + SO_ARENA_REDZONE : size;
	pad = (size_t)(-(uintptr_t)arena->cur & (uintptr_t)(align - 1));
	if ((size_t)(arena->end - arena->cur) >= need && (size_t)(arena->end - arena->cur) - need >= pad) {
		p = arena->cur + pad;
		arena->cur += pad + need;
		unpoison(p, size);
		return p;
	}
	if (need > SO_ARENA_CHUNK / 4) {
		/* a big block gets its own chunk so the current chunk's free space is not wasted */
		c = chunk_new(&arena->allocator, arena->used, arena->limit, need, &obtained);
		if (!c)
			return NULL;
		arena->used += obtained;
		/* link behind the head: the current chunk stays current */
		c->next = arena->chunks->next;
		arena->chunks->next = c;
		p = payload_start(c);
		poison(p, (size_t)((unsigned char *)c + c->size - (unsigned char *)p));
		unpoison(p, size);
		return p;
	}
	c = chunk_new(&arena->allocator, arena->used, arena->limit, SO_ARENA_CHUNK, &obtained);
	if (!c)
		return NULL;
	arena->used += obtained;
	/* the first chunk holds the arena itself; new current chunks go right behind it */
	c->next = arena->chunks->next;
	arena->chunks->next = c;
	arena->cur = payload_start(c);
	arena->end = (unsigned char *)c + c->size;
	poison(arena->cur, (size_t)(arena->end - arena->cur));
	p = arena->cur;
	arena->cur += need;
	unpoison(p, size);
	return p;
}

void *so_arena_alloc(so_arena *arena, size_t size)
{
	return arena_alloc(arena, size, SO_ARENA_ALIGN);
}

void *so_arena_alloc_aligned(so_arena *arena, size_t size, size_t align)
{
	if (align != 1 && align != 2 && align != 4 && align != 8)
		align = SO_ARENA_ALIGN;
	return arena_alloc(arena, size, align);
}

void *so_arena_calloc(so_arena *arena, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	p = so_arena_alloc(arena, n * size);
	if (p)
		memset(p, 0, (n * size) != 0 ? n * size : 1);
	return p;
}

char *so_arena_strndup(so_arena *arena, const char *s, size_t n)
{
	char *p;

	if (!s || n == SIZE_MAX)
		return NULL;
	p = arena_alloc(arena, n + 1, 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *so_arena_strdup(so_arena *arena, const char *s)
{
	if (!s)
		return NULL;
	return so_arena_strndup(arena, s, strlen(s));
}

size_t so_arena_used(const so_arena *arena)
{
	return arena ? arena->used : 0;
}

void so_arena_destroy(so_arena *arena)
{
	so_chunk *c, *next, *first;
	so_allocator a;

	if (!arena)
		return;
	a = arena->allocator;
	first = arena->chunks;
	if (!a.free)
		return;
	/* the arena lives in the first chunk: free it last */
	for (c = first->next; c; c = next) {
		next = c->next;
		unpoison(c, c->size);
		a.free(a.ctx, c);
	}
	unpoison(first, first->size);
	a.free(a.ctx, first);
}
