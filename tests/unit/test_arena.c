/* test_arena.c: so_arena, so_error and so_strbuf. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemaops/arena.h"
#include "schemaops/error.h"
#include "schemaops/strbuf.h"
#include "tap.h"

/* A host allocator that counts and can be told to fail, like palloc_extended(NO_OOM) running dry. */
typedef struct counting {
	size_t live;
	size_t calls;
	size_t fail_after; /* 0 = never */
} counting;

static void *count_alloc(void *ctx, size_t size)
{
	counting *c = ctx;
	void *p;
	if (c->fail_after && c->calls >= c->fail_after)
		return NULL;
	c->calls++;
	/* 8-byte aligned like palloc: offset a 16-aligned block by 8 */
	p = malloc(size + 8);
	if (!p)
		return NULL;
	c->live++;
	return (char *)p + 8;
}

static void count_free(void *ctx, void *ptr)
{
	counting *c = ctx;
	c->live--;
	free((char *)ptr - 8);
}

int main(void)
{
	so_arena *a = so_arena_create(&so_malloc_allocator);
	counting cnt = {0, 0, 0};
	so_allocator ca = {count_alloc, count_free, &cnt};
	so_error err;
	so_strbuf sb;
	int i, aligned = 1;
	char *s;

	ok(a != NULL, "arena created");
	for (i = 1; i < 2000; i++) {
		void *p = so_arena_alloc(a, (size_t)(i % 97) + 1);
		if (!p || ((uintptr_t)p & 15) != 0)
			aligned = 0;
		memset(p, 0xAB, (size_t)(i % 97) + 1);
	}
	ok(aligned, "allocations are 16-byte aligned");
	ok(so_arena_alloc(a, 1 << 20) != NULL, "a 1 MiB block (own chunk)");
	ok(so_arena_alloc(a, SIZE_MAX) == NULL, "SIZE_MAX fails cleanly");
	ok(so_arena_alloc(a, SIZE_MAX - 8) == NULL, "SIZE_MAX - 8 fails cleanly");
	ok(so_arena_calloc(a, SIZE_MAX / 2, 3) == NULL, "calloc overflow detected");
	{
		unsigned char *z = so_arena_calloc(a, 100, 3);
		int zero = z != NULL;
		for (i = 0; z && i < 300; i++)
			zero &= z[i] == 0;
		ok(zero, "calloc zeroes");
	}
	is_str(so_arena_strdup(a, "hello"), "hello", "strdup");
	is_str(so_arena_strndup(a, "hello", 3), "hel", "strndup");
	ok(so_arena_strdup(a, NULL) == NULL, "strdup(NULL) is NULL");
	ok(so_arena_used(a) > (1 << 20), "used counts bytes obtained");
	so_arena_destroy(a);
	so_arena_destroy(NULL);
	ok(so_arena_alloc(NULL, 1) == NULL, "alloc on NULL arena");

	/* limits and a host allocator with 8-byte alignment */
	a = so_arena_create(&ca);
	ok(a != NULL, "arena over a counting allocator");
	so_arena_set_limit(a, 256 * 1024);
	aligned = 1;
	for (i = 0; i < 100; i++) {
		void *p = so_arena_alloc(a, 24);
		if (!p || ((uintptr_t)p & 15) != 0)
			aligned = 0;
	}
	ok(aligned, "16-byte alignment over an 8-byte aligned host allocator");
	ok(so_arena_alloc(a, 100 * 1024) != NULL, "100 KiB under the limit");
	ok(so_arena_alloc(a, 200 * 1024) == NULL, "200 KiB more is over the 256 KiB limit");
	ok(so_arena_used(a) <= 256 * 1024, "used stays under the limit");
	ok(so_arena_alloc(a, 16) != NULL, "small allocations still work after a refused one");
	so_arena_destroy(a);
	is_int(cnt.live, 0, "every chunk handed back");

	cnt.calls = 0;
	cnt.fail_after = 1;
	a = so_arena_create(&ca);
	ok(a != NULL, "first chunk allocated");
	ok(so_arena_alloc(a, 1 << 20) == NULL, "host allocator failure -> NULL");
	so_arena_destroy(a);
	is_int(cnt.live, 0, "no leak after a failure");
	cnt.calls = 0;
	cnt.fail_after = 0;
	{
		so_allocator none = {NULL, NULL, NULL};
		ok(so_arena_create(&none) == NULL, "allocator without alloc refused");
		ok(so_arena_create(NULL) == NULL, "NULL allocator refused");
	}

	/* errors */
	so_error_clear(&err);
	is_int(err.code, SO_OK, "cleared");
	is_int(so_error_set(&err, SO_ERR_INVALID, 3, 4, "bad %s", "thing"), SO_ERR_INVALID, "set returns code");
	is_str(err.message, "bad thing", "message formatted");
	is_int(err.line, 3, "line");
	is_int(err.column, 4, "column");
	so_error_detail(&err, "more %d", 7);
	is_str(err.detail, "more 7", "detail");
	{
		char big[1000];
		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = 0;
		so_error_set(&err, SO_ERR_LIMIT, 0, 0, "%s", big);
		is_int(strlen(err.message), SO_ERROR_MESSAGE_MAX - 1, "message truncated");
	}
	is_int(so_error_set(NULL, SO_ERR_SYNTAX, 0, 0, "x"), SO_ERR_SYNTAX, "NULL err is fine");
	is_str(so_status_name(SO_ERR_SYNTAX), "syntax error", "status name");
	is_str(so_status_name(SO_OK), "ok", "status name ok");

	/* strbuf */
	a = so_arena_create(&so_malloc_allocator);
	so_strbuf_init(&sb, a);
	is_str(sb.data, "", "empty strbuf is an empty string");
	for (i = 0; i < 1000; i++)
		so_strbuf_appendf(&sb, "%d,", i % 10);
	is_int(sb.len, 2000, "appendf grows");
	so_strbuf_append(&sb, "end");
	so_strbuf_append_char(&sb, '!');
	so_strbuf_append_n(&sb, "xyz", 2);
	ok(strcmp(sb.data + 2000, "end!xy") == 0, "append variants");
	{
		char big[600];
		memset(big, 'y', sizeof big - 1);
		big[sizeof big - 1] = 0;
		so_strbuf_appendf(&sb, "<%s>", big);
		is_int(sb.len, 2006 + 601, "appendf longer than the stack buffer");
		s = sb.data + sb.len - 1;
		ok(*s == '>' && s[1] == 0, "terminated");
	}
	is_int(so_strbuf_status(&sb), SO_OK, "status ok");
	so_arena_destroy(a);

	cnt.calls = 0;
	cnt.fail_after = 2;
	a = so_arena_create(&ca);
	so_strbuf_init(&sb, a);
	for (i = 0; i < 100000; i++)
		so_strbuf_append(&sb, "0123456789");
	is_int(so_strbuf_status(&sb), SO_ERR_NOMEM, "out of memory is sticky");
	so_arena_destroy(a);
	is_int(cnt.live, 0, "no leak");
	return done_testing();
}
