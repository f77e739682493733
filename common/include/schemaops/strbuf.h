/*
 * schemaops/strbuf.h: a growable string in an arena, used by renderers and writers.
 * Out of memory is sticky: after a failed append, every further append is a no-op and so_strbuf_status()
 * returns SO_ERR_NOMEM, so callers check once at the end.
 */
#ifndef SCHEMAOPS_STRBUF_H
#define SCHEMAOPS_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "schemaops/arena.h"
#include "schemaops/error.h"

typedef struct so_strbuf {
	so_arena *arena;
	char *data; /* always NUL-terminated when len > 0 or after so_strbuf_init */
	size_t len;
	size_t cap;
	bool failed;
} so_strbuf;

void so_strbuf_init(so_strbuf *sb, so_arena *arena);
void so_strbuf_append(so_strbuf *sb, const char *s);
void so_strbuf_append_n(so_strbuf *sb, const char *s, size_t n);
void so_strbuf_append_char(so_strbuf *sb, char c);
void so_strbuf_appendf(so_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* SO_OK or SO_ERR_NOMEM. */
so_status so_strbuf_status(const so_strbuf *sb);

#endif
