/* pg_partition.c: the CHECK expression of a simple partition bound (pg_partition.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pg_partition.h"
#include "schemaops/strbuf.h"

/* s starts with `prefix`: returns what follows, else NULL */
static const char *after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* the length of the parenthesized text that starts at s[0] == '(' (quotes respected), 0 if unbalanced; sets
 *top_comma when a comma sits at the outermost level */
static size_t group_len(const char *s, bool *top_comma)
{
	size_t i;
	int depth = 0;
	char q = 0;
	*top_comma = false;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (q) {
			if (c == q)
				q = 0;
			continue;
		}
		if (c == '\'' || c == '"')
			q = c;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return i + 1;
		else if (c == ',' && depth == 1)
			*top_comma = true;
	}
	return 0;
}

/* a single column name: a plain identifier or one double-quoted identifier */
static bool single_column(const char *s, size_t n)
{
	size_t i;
	if (n == 0)
		return false;
	if (s[0] == '"') {
		for (i = 1; i < n - 1; i++)
			if (s[i] == '"' && s[i + 1] != '"')
				return false;
			else if (s[i] == '"')
				i++;
		return n >= 2 && s[n - 1] == '"';
	}
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' || (i && s[i] >= '0' && s[i] <= '9') ||
		      (unsigned char)s[i] >= 0x80))
			return false;
	return true;
}

/* does the list text (without its parentheses) hold a NULL outside quotes? */
static bool has_null(const char *s, size_t n)
{
	size_t i;
	char q = 0;
	for (i = 0; i < n; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
			continue;
		}
		if (s[i] == '\'' || s[i] == '"')
			q = s[i];
		else if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == ',') && n - i >= 4 &&
		         strncmp(s + i, "NULL", 4) == 0 && (i + 4 == n || s[i + 4] == ',' || s[i + 4] == ' '))
			return true;
	}
	return false;
}

const char *so_pg_partition_check(so_arena *a, const char *partition_by, const char *bound)
{
	const char *key, *rest, *lo, *hi;
	size_t klen, glen, lolen, hilen;
	bool range, comma;
	so_strbuf sb;

	if (!a || !partition_by || !bound)
		return NULL;
	if ((key = after(partition_by, "RANGE ")) != NULL)
		range = true;
	else if ((key = after(partition_by, "LIST ")) != NULL)
		range = false;
	else
		return NULL;
	if (key[0] != '(' || !(glen = group_len(key, &comma)) || comma || key[glen] != '\0')
		return NULL;
	key++;
	klen = glen - 2;
	if (!single_column(key, klen))
		return NULL;

	so_strbuf_init(&sb, a);
	so_strbuf_append_n(&sb, key, klen);
	so_strbuf_append(&sb, " IS NOT NULL");
	if (range) {
		if (!(rest = after(bound, "FOR VALUES FROM ")) || rest[0] != '(' ||
		    !(lolen = group_len(rest, &comma)) || comma)
			return NULL;
		lo = rest + 1;
		lolen -= 2;
		if (!(rest = after(rest + lolen + 2, " TO ")) || rest[0] != '(' || !(hilen = group_len(rest, &comma)) ||
		    comma || rest[hilen] != '\0')
			return NULL;
		hi = rest + 1;
		hilen -= 2;
		if (!(lolen == 8 && !strncmp(lo, "MINVALUE", 8))) {
			so_strbuf_append(&sb, " AND ");
			so_strbuf_append_n(&sb, key, klen);
			so_strbuf_append(&sb, " >= ");
			so_strbuf_append_n(&sb, lo, lolen);
		}
		if (!(hilen == 8 && !strncmp(hi, "MAXVALUE", 8))) {
			so_strbuf_append(&sb, " AND ");
			so_strbuf_append_n(&sb, key, klen);
			so_strbuf_append(&sb, " < ");
			so_strbuf_append_n(&sb, hi, hilen);
		}
	} else {
		if (!(rest = after(bound, "FOR VALUES IN ")) || rest[0] != '(' || !(glen = group_len(rest, &comma)) ||
		    rest[glen] != '\0' || has_null(rest + 1, glen - 2))
			return NULL;
		so_strbuf_append(&sb, " AND ");
		so_strbuf_append_n(&sb, key, klen);
		so_strbuf_append(&sb, " IN ");
		so_strbuf_append_n(&sb, rest, glen);
	}
	return so_strbuf_status(&sb) == SO_OK ? sb.data : NULL;
}
