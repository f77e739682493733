/*
 * render_common.c: the statement-building helpers both dialect renderers share (see render.h).
 */
#include <string.h>

#include "render.h"

void so_render_sep(so_strbuf *sb)
{
	if (sb->len > 0)
		so_strbuf_append_char(sb, '\n');
}

void so_render_qname(so_strbuf *sb, so_render_ident_fn ident, const so_rctx *r, const char *name)
{
	ident(sb, r->schema);
	so_strbuf_append_char(sb, '.');
	ident(sb, name);
}

void so_render_alter_table(so_strbuf *sb, so_render_ident_fn ident, const so_rctx *r, const char *table)
{
	so_render_sep(sb);
	so_strbuf_append(sb, "ALTER TABLE ");
	so_render_qname(sb, ident, r, table);
	so_strbuf_append_char(sb, ' ');
	if (r->alter_clause) {
		so_strbuf_append(sb, r->alter_clause);
		so_strbuf_append(sb, ", ");
	}
}

void so_render_ident_list(so_strbuf *sb, so_render_ident_fn ident, const so_strlist *l)
{
	size_t i;
	so_strbuf_append_char(sb, '(');
	for (i = 0; i < l->n; i++) {
		if (i)
			so_strbuf_append(sb, ", ");
		ident(sb, l->items[i]);
	}
	so_strbuf_append_char(sb, ')');
}

void so_render_upper(so_strbuf *sb, const char *s)
{
	for (; *s; s++)
		so_strbuf_append_char(sb, (*s >= 'a' && *s <= 'z') ? (char)(*s - 'a' + 'A') : *s);
}

void so_render_comment_text(so_strbuf *sb, const char *s)
{
	if (!s) {
		so_strbuf_append(sb, "(null)");
		return;
	}
	for (; *s; s++)
		so_strbuf_append_char(sb, ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
}

bool so_render_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

long long so_render_timeout_seconds(const char *text)
{
	long long v = 0, ms;
	const char *p = text;

	if (!p || !(*p >= '0' && *p <= '9'))
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (v > 100000000000LL)
			return -1;
		v = v * 10 + (*p - '0');
		p++;
	}
	if (*p == '\0' || strcmp(p, "ms") == 0)
		ms = v;
	else if (strcmp(p, "s") == 0)
		ms = v * 1000;
	else if (strcmp(p, "min") == 0)
		ms = v * 60000;
	else if (strcmp(p, "h") == 0)
		ms = v * 3600000;
	else if (strcmp(p, "d") == 0)
		ms = v * 86400000;
	else
		return -1;
	return (ms + 999) / 1000;
}
