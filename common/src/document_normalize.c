/*
 * document_normalize.c: the "Normalization" section of docs/document-format.md.
 *
 * Normalizing both documents the same way is what makes a diff of a schema with itself empty: type aliases
 * become the catalog's spelling, expressions lose insignificant white space and parentheses, defaults the
 * server fills in are made explicit, and set-like lists are sorted by name so output is deterministic.
 * Duplicate names are detected here, after sorting, in O(n log n).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "node.h"

static so_status nomem(so_error *err)
{
	return so_error_set(err, SO_ERR_NOMEM, 0, 0, "out of memory while normalizing the document");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ident_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/*
 * If s[i] starts a quoted token ('...', E'...', "...", `...`, $tag$...$tag$), returns the index just past it
 * (the end of the text when it is unterminated); otherwise returns i. `prev` is the character before s[i]
 * in the text being scanned (0 at the start), used to tell E'..' strings and $ inside identifiers apart.
 */
static size_t skip_quoted(const char *s, size_t len, size_t i, char prev, char prevprev)
{
	char q = s[i];

	if (q == '\'' || q == '"' || q == '`') {
		/* E'...' (PostgreSQL escape string): backslash escapes the quote */
		bool backslash = q == '\'' && (prev == 'E' || prev == 'e') && !ident_char((unsigned char)prevprev);
		size_t j = i + 1;
		while (j < len) {
			if (backslash && s[j] == '\\' && j + 1 < len) {
				j += 2;
				continue;
			}
			if (s[j] == q) {
				if (j + 1 < len && s[j + 1] == q) {
					j += 2;
					continue;
				}
				return j + 1;
			}
			j++;
		}
		return len;
	}
	if (q == '$' && !ident_char((unsigned char)prev) && prev != '$') {
		size_t j = i + 1, tl;
		if (j < len && s[j] >= '0' && s[j] <= '9')
			return i; /* $1: a parameter */
		while (j < len && ident_char((unsigned char)s[j]))
			j++;
		if (j >= len || s[j] != '$')
			return i;
		tl = j - i + 1; /* "$tag$" */
		j++;
		while (j + tl <= len) {
			if (memcmp(s + j, s + i, tl) == 0)
				return j + tl;
			j++;
		}
		return len;
	}
	return i;
}

/* Index of the parenthesis matching s[open] ('('), honouring quotes; len if none. */
static size_t match_paren(const char *s, size_t len, size_t open)
{
	size_t i = open, depth = 0;

	while (i < len) {
		size_t q = skip_quoted(s, len, i, i ? s[i - 1] : 0, i > 1 ? s[i - 2] : 0);
		if (q != i) {
			i = q;
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')') {
			if (--depth == 0)
				return i;
		}
		i++;
	}
	return len;
}

const char *so_normalize_expression(so_arena *arena, const char *expr)
{
	size_t len, i = 0, o = 0, start, end;
	char *out;

	if (!expr)
		return NULL;
	len = strlen(expr);
	out = so_arena_alloc(arena, len + 1);
	if (!out)
		return NULL;
	while (i < len) {
		size_t q = skip_quoted(expr, len, i, o ? out[o - 1] : 0, o > 1 ? out[o - 2] : 0);
		if (q != i) {
			memcpy(out + o, expr + i, q - i);
			o += q - i;
			i = q;
			continue;
		}
		if (is_space(expr[i])) {
			while (i < len && is_space(expr[i]))
				i++;
			if (o > 0)
				out[o++] = ' ';
			continue;
		}
		out[o++] = expr[i++];
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	/* redundant outer parentheses: only when the first "(" closes at the very end */
	start = 0;
	end = o;
	while (end - start >= 2 && out[start] == '(' && match_paren(out, end, start) == end - 1) {
		start++;
		end--;
		while (start < end && out[start] == ' ')
			start++;
		while (end > start && out[end - 1] == ' ')
			end--;
	}
	out[end] = '\0';
	return out + start;
}

/* ---- types ---- */

typedef enum { TOK_WORD, TOK_PAREN, TOK_BRACKET } tok_kind;

typedef struct so_tok {
	tok_kind kind;
	char *text; /* normalized text of the token (parens/brackets included) */
} so_tok;

#define SO_TYPE_MAX_TOKENS 16

/*
 * Splits a type into words (lower-cased outside double quotes; `public."My Type"` is one word),
 * parenthesized modifiers and array brackets (white space outside quotes removed). Returns the count or -1.
 */
static int tokenize_type(so_arena *arena, const char *s, so_tok *toks, int max)
{
	size_t len = strlen(s), i = 0;
	int n = 0;

	while (i < len) {
		size_t j, o = 0;
		char *t;
		if (is_space(s[i])) {
			i++;
			continue;
		}
		if (n == max)
			return -1;
		if (s[i] == '(' || s[i] == '[') {
			char close = s[i] == '(' ? ')' : ']';
			j = s[i] == '(' ? match_paren(s, len, i) : i;
			if (close == ']')
				while (j < len && s[j] != ']')
					j++;
			if (j >= len)
				return -1;
			t = so_arena_alloc(arena, j - i + 2);
			if (!t)
				return -1;
			while (i <= j) {
				size_t q = skip_quoted(s, len, i, i ? s[i - 1] : 0, i > 1 ? s[i - 2] : 0);
				/* a quote that match_paren did not see as one may run past the group: t holds the
				   group only (found by fuzzing: the copy overran t inside the arena chunk) */
				if (q > j + 1)
					q = j + 1;
				if (q != i) {
					memcpy(t + o, s + i, q - i);
					o += q - i;
					i = q;
					continue;
				}
				if (!is_space(s[i]))
					t[o++] = lower(s[i]);
				i++;
			}
			t[o] = '\0';
			toks[n].kind = close == ')' ? TOK_PAREN : TOK_BRACKET;
			toks[n++].text = t;
			continue;
		}
		j = i;
		while (j < len && !is_space(s[j]) && s[j] != '(' && s[j] != '[') {
			if (s[j] == '"') {
				size_t q = skip_quoted(s, len, j, 0, 0);
				j = q;
				continue;
			}
			j++;
		}
		t = so_arena_alloc(arena, j - i + 1);
		if (!t)
			return -1;
		for (; i < j; i++) {
			if (s[i] == '"') {
				size_t q = skip_quoted(s, len, i, 0, 0);
				memcpy(t + o, s + i, q - i);
				o += q - i;
				i = q - 1;
				continue;
			}
			t[o++] = lower(s[i]);
		}
		t[o] = '\0';
		toks[n].kind = TOK_WORD;
		toks[n++].text = t;
	}
	return n;
}

typedef struct so_alias {
	const char *from;
	const char *to;
	int mod_after_first_word; /* timestamp(3) with time zone */
} so_alias;

static const so_alias pg_aliases[] = {
    {"int", "integer", 0},
    {"int4", "integer", 0},
    {"integer", "integer", 0},
    {"int2", "smallint", 0},
    {"smallint", "smallint", 0},
    {"int8", "bigint", 0},
    {"bigint", "bigint", 0},
    {"float8", "double precision", 0},
    {"double precision", "double precision", 0},
    {"float4", "real", 0},
    {"real", "real", 0},
    {"bool", "boolean", 0},
    {"boolean", "boolean", 0},
    {"varchar", "character varying", 0},
    {"character varying", "character varying", 0},
    {"char varying", "character varying", 0},
    {"char", "character", 0},
    {"character", "character", 0},
    {"bpchar", "character", 0},
    {"decimal", "numeric", 0},
    {"numeric", "numeric", 0},
    {"timestamp", "timestamp without time zone", 1},
    {"timestamp without time zone", "timestamp without time zone", 1},
    {"timestamptz", "timestamp with time zone", 1},
    {"timestamp with time zone", "timestamp with time zone", 1},
    {"time", "time without time zone", 1},
    {"time without time zone", "time without time zone", 1},
    {"timetz", "time with time zone", 1},
    {"time with time zone", "time with time zone", 1},
    {"varbit", "bit varying", 0},
    {"bit varying", "bit varying", 0},
};

static const so_alias *find_alias(const so_alias *tab, size_t n, const char *base)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(tab[i].from, base) == 0)
			return &tab[i];
	return NULL;
}

/* Joins words[from..to) with single spaces. */
static char *join_words(so_arena *arena, so_tok *w, int from, int to)
{
	size_t len = 1;
	int i;
	char *out;

	for (i = from; i < to; i++)
		len += strlen(w[i].text) + 1;
	out = so_arena_alloc(arena, len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = from; i < to; i++) {
		if (i > from)
			strcat(out, " ");
		strcat(out, w[i].text);
	}
	return out;
}

/* The tokens back in order: words separated by spaces, modifiers and brackets attached. */
static char *rebuild(so_arena *arena, so_tok *t, int n)
{
	size_t len = 1;
	int i;
	char *out;

	for (i = 0; i < n; i++)
		len += strlen(t[i].text) + 1;
	out = so_arena_alloc(arena, len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0 && t[i].kind == TOK_WORD)
			strcat(out, " ");
		strcat(out, t[i].text);
	}
	return out;
}

/* Places a modifier after the first word of `name` (or at its end) and appends `suffix`. */
static char *compose(so_arena *arena, const char *name, const char *mod, bool after_first, const char *suffix)
{
	size_t nl = strlen(name), ml = mod ? strlen(mod) : 0, sl = suffix ? strlen(suffix) : 0;
	size_t cut = nl;
	char *out;

	if (after_first && mod) {
		const char *sp = strchr(name, ' ');
		if (sp)
			cut = (size_t)(sp - name);
	}
	out = so_arena_alloc(arena, nl + ml + sl + 1);
	if (!out)
		return NULL;
	memcpy(out, name, cut);
	if (ml)
		memcpy(out + cut, mod, ml);
	memcpy(out + cut + ml, name + cut, nl - cut);
	if (sl)
		memcpy(out + nl + ml, suffix, sl);
	out[nl + ml + sl] = '\0';
	return out;
}

static const char *normalize_pg_type(so_arena *arena, so_tok *t, int n, const char *orig, so_error *err, so_pos pos)
{
	so_tok words[SO_TYPE_MAX_TOKENS];
	int nw = 0, i, mod_at = -1, n_mods = 0;
	bool array = false, bad_order = false;
	const char *mod = NULL;
	char *base;
	const so_alias *a;

	/* trailing array brackets (any dimensions: the catalog prints one "[]") and `ARRAY` */
	while (n > 0 && t[n - 1].kind == TOK_BRACKET) {
		array = true;
		n--;
	}
	if (n > 1 && t[n - 1].kind == TOK_WORD && strcmp(t[n - 1].text, "array") == 0) {
		array = true;
		n--;
	}
	for (i = 0; i < n; i++) {
		if (t[i].kind == TOK_WORD)
			words[nw++] = t[i];
		else if (t[i].kind == TOK_PAREN) {
			mod = t[i].text;
			mod_at = nw;
			n_mods++;
		} else
			bad_order = true;
	}
	if (nw == 0 || n_mods > 1 || bad_order)
		return rebuild(arena, t, n);
	if (strncmp(words[0].text, "pg_catalog.", 11) == 0 && words[0].text[11] && words[0].text[11] != '"')
		words[0].text += 11;
	base = join_words(arena, words, 0, nw);
	if (!base)
		return NULL;
	if (!strcmp(base, "serial") || !strcmp(base, "bigserial") || !strcmp(base, "smallserial") ||
	    !strcmp(base, "serial2") || !strcmp(base, "serial4") || !strcmp(base, "serial8")) {
		so_node_fail(
		    err, SO_ERR_INVALID, pos,
		    "type \"%s\" is not a type: write the underlying integer type with an identity or a default", orig);
		return NULL;
	}
	if (!strcmp(base, "float")) {
		/* float(p): real for p <= 24, double precision above (as PostgreSQL resolves it) */
		const char *name = "double precision";
		if (mod) {
			long p = strtol(mod + 1, NULL, 10);
			if (p >= 1 && p <= 24)
				name = "real";
		}
		return compose(arena, name, NULL, false, array ? "[]" : NULL);
	}
	a = find_alias(pg_aliases, sizeof pg_aliases / sizeof pg_aliases[0], base);
	if (a) {
		const char *to = a->to;
		if (!mod && !strcmp(base, "bpchar"))
			to = "bpchar"; /* unlimited blank-padded char: format_type prints bpchar */
		else if (!mod && !strcmp(a->to, "character"))
			mod = "(1)"; /* char means char(1) */
		return compose(arena, to, mod, a->mod_after_first_word != 0, array ? "[]" : NULL);
	}
	/* other types keep their words; the modifier stays where it was written */
	if (mod) {
		char *head = join_words(arena, words, 0, mod_at), *tail = join_words(arena, words, mod_at, nw);
		char *name;
		if (!head || !tail)
			return NULL;
		name = so_arena_alloc(arena, strlen(head) + strlen(mod) + strlen(tail) + 2);
		if (!name)
			return NULL;
		snprintf(name, strlen(head) + strlen(mod) + strlen(tail) + 2, "%s%s%s%s", head, mod, *tail ? " " : "",
		         tail);
		base = name;
	}
	return compose(arena, base, NULL, false, array ? "[]" : NULL);
}

static const so_alias maria_numeric[] = {
    {"int", "int", 0},         {"integer", "int", 0},
    {"int4", "int", 0},        {"tinyint", "tinyint", 0},
    {"int1", "tinyint", 0},    {"smallint", "smallint", 0},
    {"int2", "smallint", 0},   {"mediumint", "mediumint", 0},
    {"int3", "mediumint", 0},  {"middleint", "mediumint", 0},
    {"bigint", "bigint", 0},   {"int8", "bigint", 0},
    {"decimal", "decimal", 1}, {"dec", "decimal", 1},
    {"numeric", "decimal", 1}, {"fixed", "decimal", 1},
    {"double", "double", 2},   {"double precision", "double", 2},
    {"real", "double", 2},     {"float8", "double", 2},
    {"float", "float", 2},     {"float4", "float", 2},
};

/* the display width MariaDB gives an integer ZEROFILL column declared without one (ZEROFILL implies UNSIGNED) */
static const char *maria_zerofill_width(const char *type)
{
	if (!strcmp(type, "tinyint"))
		return "(3)";
	if (!strcmp(type, "smallint"))
		return "(5)";
	if (!strcmp(type, "mediumint"))
		return "(8)";
	if (!strcmp(type, "bigint"))
		return "(20)";
	return "(10)";
}

static const char *normalize_maria_type(so_arena *arena, so_tok *t, int n)
{
	so_tok words[SO_TYPE_MAX_TOKENS];
	int nw = 0, i, n_mods = 0, n_other = 0;
	bool is_unsigned = false, zerofill = false;
	const char *mod = NULL;
	char *base;
	const so_alias *a;

	for (i = 0; i < n; i++) {
		if (t[i].kind == TOK_WORD) {
			if (i > 0 && !strcmp(t[i].text, "unsigned"))
				is_unsigned = true;
			else if (i > 0 && !strcmp(t[i].text, "zerofill"))
				zerofill = true;
			else if (i > 0 && !strcmp(t[i].text, "signed"))
				;
			else if (n_mods == 0)
				words[nw++] = t[i];
			else
				n_other++;
		} else if (t[i].kind == TOK_PAREN) {
			mod = t[i].text;
			n_mods++;
		} else
			n_other++;
	}
	if (nw == 0)
		return rebuild(arena, t, n);
	base = join_words(arena, words, 0, nw);
	if (!base)
		return NULL;
	if ((!strcmp(base, "bool") || !strcmp(base, "boolean")) && n == 1)
		return "tinyint(1)";
	a = find_alias(maria_numeric, sizeof maria_numeric / sizeof maria_numeric[0], base);
	if (a && n_mods <= 1 && n_other == 0) {
		char suffix[32] = "";
		if (is_unsigned || zerofill)
			strcat(suffix, " unsigned");
		if (zerofill)
			strcat(suffix, " zerofill");
		if (a->mod_after_first_word == 0) {
			/* integer display widths are dropped, except tinyint(1), the boolean spelling, and with
			   ZEROFILL, where the width is the padding the server applies (absent: the type's full width,
			   as information_schema spells it) */
			if (zerofill) {
				if (!mod)
					mod = maria_zerofill_width(a->to);
			} else if (!(mod && !strcmp(a->to, "tinyint") && !strcmp(mod, "(1)")))
				mod = NULL;
		} else if (a->mod_after_first_word == 1) {
			if (!mod)
				mod = "(10,0)";
			else if (!strchr(mod, ',')) {
				char *m = so_arena_alloc(arena, strlen(mod) + 3);
				if (!m)
					return NULL;
				memcpy(m, mod, strlen(mod) - 1);
				strcpy(m + strlen(mod) - 1, ",0)");
				mod = m;
			}
		}
		return compose(arena, a->to, mod, false, suffix);
	}
	if (n_mods <= 1 && n_other == 0 && !is_unsigned && !zerofill) {
		if (!strcmp(base, "character varying") || !strcmp(base, "char varying"))
			return compose(arena, "varchar", mod, false, NULL);
		if (!strcmp(base, "character") || !strcmp(base, "char"))
			return compose(arena, "char", mod ? mod : "(1)", false, NULL);
	}
	return rebuild(arena, t, n);
}

const char *so_normalize_type(so_arena *arena, so_dialect dialect, const char *type, so_error *err, so_pos pos)
{
	so_tok toks[SO_TYPE_MAX_TOKENS];
	int n;
	const char *out;

	if (!type)
		return NULL;
	n = tokenize_type(arena, type, toks, SO_TYPE_MAX_TOKENS);
	if (n <= 0) {
		/* unparsable or too long to be a type name: compared as written (white space collapsed) */
		out = so_normalize_expression(arena, type);
		if (!out)
			nomem(err);
		else if (!*out) {
			so_node_fail(err, SO_ERR_INVALID, pos, "empty type");
			return NULL;
		}
		return out;
	}
	if (dialect == SO_DIALECT_MARIADB)
		out = normalize_maria_type(arena, toks, n);
	else
		out = normalize_pg_type(arena, toks, n, type, err, pos);
	if (!out && (!err || err->code == SO_OK))
		nomem(err);
	return out;
}

/* ---- the document ---- */

/*
 * Results of so_normalize_type / so_normalize_expression by their input text: a large document spells the
 * same few types and defaults in thousands of columns (a memo, not a limit: when the probes are exhausted
 * the text is normalized again). Both functions are pure for a given dialect; failures are not remembered.
 */
#define SO_MEMO_SLOTS 4096 /* a power of two */
#define SO_MEMO_PROBES 8
#define SO_MEMO_AFTER 256 /* calls before the table is made: small documents never pay for it */

typedef struct so_memo {
	const char *in;
	const char *out;
	uint32_t hash;
	uint32_t is_type;
} so_memo;

typedef struct so_norm {
	so_arena *arena;
	so_error *err;
	so_dialect dialect;
	so_memo *memo; /* SO_MEMO_SLOTS entries, made after SO_MEMO_AFTER calls */
	size_t calls;
} so_norm;

/* The memo slot holding (in, is_type), or the empty slot where it goes, or NULL (no table, probes used). */
static so_memo *memo_slot(so_norm *z, const char *in, bool is_type)
{
	uint32_t h = 2166136261u;
	const unsigned char *p;
	size_t k;

	if (!z->memo && ++z->calls > SO_MEMO_AFTER)
		z->memo = so_arena_calloc(z->arena, SO_MEMO_SLOTS, sizeof *z->memo);
	if (!z->memo)
		return NULL;
	for (p = (const unsigned char *)in; *p; p++)
		h = (h ^ *p) * 16777619u; /* FNV-1a */
	h ^= is_type;
	for (k = 0; k < SO_MEMO_PROBES; k++) {
		so_memo *m = &z->memo[(h + k) & (SO_MEMO_SLOTS - 1)];
		if (!m->in ||
		    (m->hash == h && m->is_type == (uint32_t)is_type && (m->in == in || !strcmp(m->in, in)))) {
			m->hash = h;
			m->is_type = is_type;
			return m;
		}
	}
	return NULL;
}

/* so_normalize_type through the memo. */
static const char *norm_type(so_norm *z, const char *type, so_pos pos)
{
	so_memo *m = type ? memo_slot(z, type, true) : NULL;
	const char *out;

	if (m && m->in)
		return m->out;
	out = so_normalize_type(z->arena, z->dialect, type, z->err, pos);
	if (m && out) {
		m->in = type;
		m->out = out;
	}
	return out;
}

/* so_normalize_expression (through the memo) with out-of-memory reported; NULL in stays NULL. */
static so_status norm_expr(so_norm *z, const char **expr)
{
	so_memo *m;
	const char *out;

	if (!*expr)
		return SO_OK;
	m = memo_slot(z, *expr, false);
	if (m && m->in) {
		*expr = m->out;
		return SO_OK;
	}
	out = so_normalize_expression(z->arena, *expr);
	if (!out)
		return nomem(z->err);
	if (m) {
		m->in = *expr;
		m->out = out;
	}
	*expr = out;
	return SO_OK;
}

static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

/* MariaDB spells the current time in several ways; information_schema prints current_timestamp(). */
static const char *maria_default(so_arena *arena, const char *d)
{
	size_t len = strlen(d), i, open = 0;
	const char *p;

	if (ieq(d, "null"))
		return NULL;
	if (ieq(d, "now()") || ieq(d, "current_timestamp") || ieq(d, "current_timestamp()") ||
	    ieq(d, "localtimestamp") || ieq(d, "localtimestamp()") || ieq(d, "localtime") || ieq(d, "localtime()"))
		return "current_timestamp()";
	/* now(N) / current_timestamp(N) */
	p = strchr(d, '(');
	if (p && len > 2 && d[len - 1] == ')') {
		char name[32];
		open = (size_t)(p - d);
		if (open < sizeof name) {
			for (i = 0; i < open; i++)
				name[i] = lower(d[i]);
			name[open] = '\0';
			if (!strcmp(name, "now") || !strcmp(name, "current_timestamp")) {
				char *out;
				for (i = open + 1; i < len - 1; i++)
					if (d[i] < '0' || d[i] > '9')
						return d;
				out = so_arena_alloc(arena, len - open + 18);
				if (!out)
					return d;
				snprintf(out, len - open + 18, "current_timestamp%s", d + open);
				return out;
			}
		}
	}
	return d;
}

/* the only ON UPDATE values MariaDB accepts, in maria_default's spelling: current_timestamp() or (N) */
static bool maria_timestamp_call(const char *s)
{
	static const char fn[] = "current_timestamp(";
	size_t i = sizeof fn - 1;

	if (!s || strncmp(s, fn, i) != 0)
		return false;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return s[i] == ')' && s[i + 1] == '\0';
}

static so_status lower_word(so_norm *z, const char **s, const char *dflt, const char *const *allowed, const char *ctx,
                            const char *key, so_pos pos)
{
	const char *v = *s;
	char *o;
	size_t i, j;

	if (!v) {
		*s = dflt;
		return SO_OK;
	}
	v = so_normalize_expression(z->arena, v);
	if (!v)
		return nomem(z->err);
	o = so_arena_strdup(z->arena, v);
	if (!o)
		return nomem(z->err);
	for (i = 0; o[i]; i++)
		o[i] = lower(o[i]);
	if (allowed) {
		for (j = 0; allowed[j]; j++)
			if (!strcmp(allowed[j], o)) {
				*s = allowed[j];
				return SO_OK;
			}
		return so_node_fail(z->err, SO_ERR_INVALID, pos, "%s: invalid \"%s\" value \"%s\"", ctx, key, *s);
	}
	*s = o;
	return SO_OK;
}

static const char *const fk_actions[] = {"no action", "restrict", "cascade", "set null", "set default", NULL};
static const char *const fk_matches[] = {"simple", "full", "partial", NULL};

static so_status need_column(so_norm *z, const so_table *t, const char *col, const char *what, const char *name,
                             so_pos pos)
{
	if (so_model_find_column(t, col))
		return SO_OK;
	return so_node_fail(z->err, SO_ERR_INVALID, pos, "%s%s%s%s of table \"%s\": unknown column \"%s\"", what,
	                    name ? " \"" : "", name ? name : "", name ? "\"" : "", t->name, col);
}

static so_status need_columns(so_norm *z, const so_table *t, const so_strlist *l, const char *what, const char *name,
                              so_pos pos)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		so_status st = need_column(z, t, l->items[i], what, name, pos);
		if (st != SO_OK)
			return st;
	}
	return SO_OK;
}

static int pos_cmp(so_pos a, so_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.column != b.column)
		return a.column < b.column ? -1 : 1;
	return 0;
}

/* Comparators: by name, ties by position so the later duplicate is the one reported. */
#define NAME_CMP(fn, type)                                                                                             \
	static int fn(const void *a, const void *b)                                                                    \
	{                                                                                                              \
		const type *x = a, *y = b;                                                                             \
		int c = strcmp(x->name, y->name);                                                                      \
		return c ? c : pos_cmp(x->pos, y->pos);                                                                \
	}
NAME_CMP(cmp_table, so_table)
NAME_CMP(cmp_key, so_key)
NAME_CMP(cmp_index, so_index)
NAME_CMP(cmp_fk, so_foreign_key)
NAME_CMP(cmp_check, so_check)
NAME_CMP(cmp_sequence, so_sequence)

static int cmp_opaque(const void *a, const void *b)
{
	const so_opaque *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);
	if (!c)
		c = strcmp(x->name, y->name);
	return c ? c : pos_cmp(x->pos, y->pos);
}

static int cmp_option(const void *a, const void *b)
{
	const so_table_option *x = a, *y = b;
	return strcmp(x->key, y->key);
}

typedef struct so_named_ref {
	const char *name;
	so_pos pos;
} so_named_ref;

static int cmp_ref(const void *a, const void *b)
{
	const so_named_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : pos_cmp(x->pos, y->pos);
}

/* Finds a duplicate among refs (sorted here); returns it or NULL. */
static const so_named_ref *dup_ref(so_named_ref *refs, size_t n)
{
	size_t i;
	if (n > 1)
		qsort(refs, n, sizeof *refs, cmp_ref);
	for (i = 1; i < n; i++)
		if (!strcmp(refs[i].name, refs[i - 1].name))
			return &refs[i];
	return NULL;
}

static so_status normalize_index(so_norm *z, so_table *t, so_index *x)
{
	size_t i;
	so_status st;
	const char *ctx = "index";

	st = lower_word(z, &x->method, "btree", NULL, ctx, "method", x->pos);
	if (st != SO_OK)
		return st;
	st = norm_expr(z, &x->where);
	if (st != SO_OK)
		return st;
	for (i = 0; i < x->n_keys; i++) {
		so_index_key *k = &x->keys[i];
		if (k->column) {
			st = need_column(z, t, k->column, "index", x->name, x->pos);
			if (st != SO_OK)
				return st;
		}
		st = norm_expr(z, &k->expression);
		if (st != SO_OK)
			return st;
		/* NULLS LAST is the default for ASC and NULLS FIRST for DESC: spell the default as absent */
		if (k->nulls && ((!k->desc && !strcmp(k->nulls, "last")) || (k->desc && !strcmp(k->nulls, "first"))))
			k->nulls = NULL;
	}
	return need_columns(z, t, &x->include, "index", x->name, x->pos);
}

static so_status normalize_table(so_norm *z, so_table *t)
{
	size_t i, j;
	so_status st;
	so_named_ref *refs;
	const so_named_ref *dup;
	size_t n_refs;

	for (i = 0; i < t->n_columns; i++) {
		so_column *c = &t->columns[i];
		const char *ty = norm_type(z, c->type, c->pos);
		if (!ty)
			return z->err ? z->err->code : SO_ERR_INVALID;
		c->type = ty;
		st = norm_expr(z, &c->default_expr);
		if (st == SO_OK)
			st = norm_expr(z, &c->generated);
		if (st != SO_OK)
			return st;
		if (z->dialect == SO_DIALECT_MARIADB && c->default_expr)
			c->default_expr = maria_default(z->arena, c->default_expr);
		if (c->on_update) {
			const char *raw = c->on_update;
			st = norm_expr(z, &c->on_update);
			if (st != SO_OK)
				return st;
			c->on_update = maria_default(z->arena, c->on_update);
			if (!maria_timestamp_call(c->on_update))
				return so_node_fail(z->err, SO_ERR_INVALID, c->pos,
				                    "column \"%s\" of table \"%s\": \"on_update\" must be "
				                    "current_timestamp() or current_timestamp(N), not \"%s\"",
				                    c->name, t->name, raw);
		}
		if (z->dialect == SO_DIALECT_POSTGRES)
			c->generated_stored = c->generated != NULL;
		else if (!c->generated)
			c->generated_stored = false;
	}
	refs = so_arena_calloc(z->arena, t->n_columns, sizeof *refs);
	if (!refs)
		return nomem(z->err);
	for (i = 0; i < t->n_columns; i++) {
		refs[i].name = t->columns[i].name;
		refs[i].pos = t->columns[i].pos;
	}
	dup = dup_ref(refs, t->n_columns);
	if (dup)
		return so_node_fail(z->err, SO_ERR_INVALID, dup->pos, "table \"%s\": duplicate column \"%s\"", t->name,
		                    dup->name);

	if (t->primary_key) {
		st = need_columns(z, t, &t->primary_key->columns, "primary key", NULL, t->primary_key->pos);
		if (st != SO_OK)
			return st;
		for (i = 0; i < t->primary_key->columns.n; i++)
			for (j = 0; j < t->n_columns; j++)
				if (!strcmp(t->columns[j].name, t->primary_key->columns.items[i]))
					t->columns[j].nullable = false;
	}
	for (i = 0; i < t->n_uniques; i++) {
		st = need_columns(z, t, &t->uniques[i].columns, "unique constraint", t->uniques[i].name,
		                  t->uniques[i].pos);
		if (st != SO_OK)
			return st;
	}
	if (z->dialect == SO_DIALECT_MARIADB && t->n_uniques) {
		/* MariaDB has no unique constraints apart from unique indexes: one spelling */
		so_index *all = so_arena_calloc(z->arena, t->n_indexes + t->n_uniques, sizeof *all);
		if (!all)
			return nomem(z->err);
		if (t->n_indexes)
			memcpy(all, t->indexes, t->n_indexes * sizeof *all);
		for (i = 0; i < t->n_uniques; i++) {
			so_index *x = &all[t->n_indexes + i];
			so_key *u = &t->uniques[i];
			x->name = u->name;
			x->unique = true;
			x->pos = u->pos;
			x->n_keys = u->columns.n;
			x->keys = so_arena_calloc(z->arena, u->columns.n, sizeof *x->keys);
			if (!x->keys)
				return nomem(z->err);
			for (j = 0; j < u->columns.n; j++)
				x->keys[j].column = u->columns.items[j];
		}
		t->indexes = all;
		t->n_indexes += t->n_uniques;
		t->uniques = NULL;
		t->n_uniques = 0;
	}
	for (i = 0; i < t->n_indexes; i++) {
		st = normalize_index(z, t, &t->indexes[i]);
		if (st != SO_OK)
			return st;
	}
	for (i = 0; i < t->n_foreign_keys; i++) {
		so_foreign_key *fk = &t->foreign_keys[i];
		char ctx[SO_ERROR_MESSAGE_MAX];
		snprintf(ctx, sizeof ctx, "foreign key \"%s\" of table \"%s\"", fk->name, t->name);
		st = need_columns(z, t, &fk->columns, "foreign key", fk->name, fk->pos);
		if (st == SO_OK)
			st = lower_word(z, &fk->on_update, "no action", fk_actions, ctx, "on_update", fk->pos);
		if (st == SO_OK)
			st = lower_word(z, &fk->on_delete, "no action", fk_actions, ctx, "on_delete", fk->pos);
		if (st == SO_OK)
			st = lower_word(z, &fk->match, "simple", fk_matches, ctx, "match", fk->pos);
		if (st != SO_OK)
			return st;
	}
	for (i = 0; i < t->n_checks; i++) {
		st = norm_expr(z, &t->checks[i].expression);
		if (st != SO_OK)
			return st;
	}

	if (t->n_options > 1)
		qsort(t->options, t->n_options, sizeof *t->options, cmp_option);
	if (t->n_uniques > 1)
		qsort(t->uniques, t->n_uniques, sizeof *t->uniques, cmp_key);
	if (t->n_indexes > 1)
		qsort(t->indexes, t->n_indexes, sizeof *t->indexes, cmp_index);
	if (t->n_foreign_keys > 1)
		qsort(t->foreign_keys, t->n_foreign_keys, sizeof *t->foreign_keys, cmp_fk);
	if (t->n_checks > 1)
		qsort(t->checks, t->n_checks, sizeof *t->checks, cmp_check);
	if (t->n_opaque > 1)
		qsort(t->opaque, t->n_opaque, sizeof *t->opaque, cmp_opaque);

	/* primary key, unique constraints and indexes share one name space (each is an index on the server) */
	n_refs = t->n_uniques + t->n_indexes + (t->primary_key ? 1 : 0);
	refs = so_arena_calloc(z->arena, n_refs ? n_refs : 1, sizeof *refs);
	if (!refs)
		return nomem(z->err);
	n_refs = 0;
	if (t->primary_key) {
		refs[n_refs].name = t->primary_key->name;
		refs[n_refs++].pos = t->primary_key->pos;
	}
	for (i = 0; i < t->n_uniques; i++) {
		refs[n_refs].name = t->uniques[i].name;
		refs[n_refs++].pos = t->uniques[i].pos;
	}
	for (i = 0; i < t->n_indexes; i++) {
		refs[n_refs].name = t->indexes[i].name;
		refs[n_refs++].pos = t->indexes[i].pos;
	}
	dup = dup_ref(refs, n_refs);
	if (dup)
		return so_node_fail(z->err, SO_ERR_INVALID, dup->pos,
		                    "table \"%s\": duplicate key or index name \"%s\"", t->name, dup->name);
	for (i = 1; i < t->n_foreign_keys; i++)
		if (!strcmp(t->foreign_keys[i].name, t->foreign_keys[i - 1].name))
			return so_node_fail(z->err, SO_ERR_INVALID, t->foreign_keys[i].pos,
			                    "table \"%s\": duplicate foreign key \"%s\"", t->name,
			                    t->foreign_keys[i].name);
	for (i = 1; i < t->n_checks; i++)
		if (!strcmp(t->checks[i].name, t->checks[i - 1].name))
			return so_node_fail(z->err, SO_ERR_INVALID, t->checks[i].pos,
			                    "table \"%s\": duplicate check \"%s\"", t->name, t->checks[i].name);
	for (i = 1; i < t->n_opaque; i++)
		if (!strcmp(t->opaque[i].kind, t->opaque[i - 1].kind) &&
		    !strcmp(t->opaque[i].name, t->opaque[i - 1].name))
			return so_node_fail(z->err, SO_ERR_INVALID, t->opaque[i].pos,
			                    "table \"%s\": duplicate %s \"%s\"", t->name, t->opaque[i].kind,
			                    t->opaque[i].name);

	/* MariaDB creates an index named after a foreign key for it; that index belongs to the key */
	if (z->dialect == SO_DIALECT_MARIADB) {
		for (i = 0; i < t->n_indexes; i++) {
			so_index *x = &t->indexes[i];
			const so_foreign_key *fk = NULL;
			bool leading = true;
			x->implied_by_fk = false;
			for (j = 0; j < t->n_foreign_keys && !fk; j++)
				if (!strcmp(t->foreign_keys[j].name, x->name))
					fk = &t->foreign_keys[j];
			if (!fk || fk->columns.n > x->n_keys)
				continue;
			for (j = 0; j < fk->columns.n; j++)
				if (!x->keys[j].column || strcmp(x->keys[j].column, fk->columns.items[j]) != 0)
					leading = false;
			x->implied_by_fk = leading;
		}
	}
	return SO_OK;
}

static int cmp_schema(const void *a, const void *b)
{
	return strcmp(((const so_document *)a)->name, ((const so_document *)b)->name);
}

/* A multi-schema document: every schema normalized as a document of its own, sorted by name, names unique. */
static so_status normalize_schemas(so_arena *arena, so_document *doc, so_error *err)
{
	size_t i;
	so_status st;

	for (i = 0; i < doc->n_schemas; i++) {
		st = so_model_normalize(arena, &doc->schemas[i], err);
		if (st != SO_OK)
			return st;
	}
	if (doc->n_schemas > 1)
		qsort(doc->schemas, doc->n_schemas, sizeof *doc->schemas, cmp_schema);
	for (i = 1; i < doc->n_schemas; i++)
		if (!strcmp(doc->schemas[i].name, doc->schemas[i - 1].name))
			return so_node_fail(err, SO_ERR_INVALID, doc->schemas[i].pos, "duplicate schema \"%s\"",
			                    doc->schemas[i].name);
	return SO_OK;
}

so_status so_model_normalize(so_arena *arena, so_document *doc, so_error *err)
{
	so_norm z;
	size_t i;
	so_status st;

	if (!arena || !doc)
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_model_normalize: missing argument");
	if (doc->multi)
		return normalize_schemas(arena, doc, err);
	z.arena = arena;
	z.err = err;
	z.dialect = doc->dialect;
	z.memo = NULL;
	z.calls = 0;
	for (i = 0; i < doc->n_tables; i++) {
		if (doc->tables[i].normalized) /* taken from an earlier document (so_document_from_tree_reusing) */
			continue;
		st = normalize_table(&z, &doc->tables[i]);
		if (st != SO_OK)
			return st;
		doc->tables[i].normalized = true;
	}
	if (doc->n_tables > 1)
		qsort(doc->tables, doc->n_tables, sizeof *doc->tables, cmp_table);
	for (i = 1; i < doc->n_tables; i++)
		if (!strcmp(doc->tables[i].name, doc->tables[i - 1].name))
			return so_node_fail(err, SO_ERR_INVALID, doc->tables[i].pos, "duplicate table \"%s\"",
			                    doc->tables[i].name);
	for (i = 0; i < doc->n_sequences; i++) {
		so_sequence *q = &doc->sequences[i];
		if (q->type) {
			q->type = so_normalize_type(arena, doc->dialect, q->type, err, q->pos);
			if (!q->type)
				return err ? err->code : SO_ERR_INVALID;
			if (!strcmp(q->type, "bigint"))
				q->type = NULL;
		}
	}
	if (doc->n_sequences > 1)
		qsort(doc->sequences, doc->n_sequences, sizeof *doc->sequences, cmp_sequence);
	for (i = 1; i < doc->n_sequences; i++)
		if (!strcmp(doc->sequences[i].name, doc->sequences[i - 1].name))
			return so_node_fail(err, SO_ERR_INVALID, doc->sequences[i].pos, "duplicate sequence \"%s\"",
			                    doc->sequences[i].name);
	if (doc->n_opaque > 1)
		qsort(doc->opaque, doc->n_opaque, sizeof *doc->opaque, cmp_opaque);
	for (i = 1; i < doc->n_opaque; i++)
		if (!strcmp(doc->opaque[i].kind, doc->opaque[i - 1].kind) &&
		    !strcmp(doc->opaque[i].name, doc->opaque[i - 1].name))
			return so_node_fail(err, SO_ERR_INVALID, doc->opaque[i].pos, "duplicate %s \"%s\"",
			                    doc->opaque[i].kind, doc->opaque[i].name);
	return SO_OK;
}
