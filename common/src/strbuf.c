/*
 * strbuf.c: growable arena strings (see schemaops/strbuf.h).
 *
 * Growth doubles the capacity and copies: the old block stays in the arena until the arena is destroyed,
 * which costs at most as much again as the final size.
 */
#include "schemaops/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void so_strbuf_init(so_strbuf *sb, so_arena *arena)
{
	if (!sb)
		return;
	sb->arena = arena;
	sb->len = 0;
	sb->cap = 64;
	sb->failed = false;
	sb->data = so_arena_alloc(arena, sb->cap);
	if (sb->data)
		sb->data[0] = '\0';
	else {
		sb->cap = 0;
		sb->failed = true;
	}
}

/* Makes room for `extra` more bytes plus the terminator. */
static bool reserve(so_strbuf *sb, size_t extra)
{
	size_t need, cap;
	char *p;

	if (sb->failed)
		return false;
	if (extra > SIZE_MAX - sb->len - 1) {
		sb->failed = true;
		return false;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	p = so_arena_alloc(sb->arena, cap);
	if (!p) {
		sb->failed = true;
		return false;
	}
	if (sb->data && sb->len)
		memcpy(p, sb->data, sb->len);
	p[sb->len] = '\0';
	sb->data = p;
	sb->cap = cap;
	return true;
}

void so_strbuf_append_n(so_strbuf *sb, const char *s, size_t n)
{
	if (!sb || !s || !reserve(sb, n))
		return;
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void so_strbuf_append(so_strbuf *sb, const char *s)
{
	if (!s)
		return;
	so_strbuf_append_n(sb, s, strlen(s));
}

void so_strbuf_append_char(so_strbuf *sb, char c)
{
	so_strbuf_append_n(sb, &c, 1);
}

void so_strbuf_appendf(so_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];

	if (!sb || !fmt || sb->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		so_strbuf_append_n(sb, small, (size_t)n);
		return;
	}
	if (!reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

so_status so_strbuf_status(const so_strbuf *sb)
{
	return (!sb || sb->failed) ? SO_ERR_NOMEM : SO_OK;
}
