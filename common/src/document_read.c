/*
 * document_read.c: node tree -> so_document, enforcing docs/document-format.md (required keys, types,
 * unknown keys, opaque kinds, dialect-only keys). Duplicate names are found by so_model_normalize() after it
 * sorts the lists, so documents built by other means get the same check.
 * Also the public entry points so_document_parse(), so_yaml_to_json() and the small accessors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "node.h"
#include "schemaops/document.h"
#include "schemaops/tree.h"

/* The tables of an earlier document by the node they were read from (open addressing, a power of two). */
typedef struct so_table_index {
	const so_table **slots;
	size_t mask;
} so_table_index;

typedef struct so_reader {
	so_arena *arena;
	so_error *err;
	so_dialect dialect;
	const so_table_index *reuse; /* NULL, or tables to take as they are when their node comes again */
} so_reader;

static so_status nomem(so_error *err)
{
	return so_error_set(err, SO_ERR_NOMEM, 0, 0, "out of memory while reading the document");
}

/* An arena copy of a printf result; NULL on out of memory. */
static char *aprintf(so_arena *arena, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static char *aprintf(so_arena *arena, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = so_arena_alloc(arena, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static const char *what(so_reader *r, const char *ctx, const char *key)
{
	char *w = aprintf(r->arena, "%s: \"%s\"", ctx, key);
	return w ? w : key;
}

/*
 * so_node_string/_bool/_int with the message context "<ctx>: \"<key>\"" built only when the value is
 * wrong: formatting it for every value read was a tenth of the time spent reading a large document.
 */
static so_status rd_string(so_reader *r, const so_node *n, const char *ctx, const char *key, const char **out)
{
	if (so_node_string(n, key, out, r->err) == SO_OK)
		return SO_OK;
	return so_node_string(n, what(r, ctx, key), out, r->err);
}

static so_status rd_bool(so_reader *r, const so_node *n, const char *ctx, const char *key, bool *out)
{
	if (so_node_bool(n, key, out, r->err) == SO_OK)
		return SO_OK;
	return so_node_bool(n, what(r, ctx, key), out, r->err);
}

static so_status rd_int(so_reader *r, const so_node *n, const char *ctx, const char *key, long long *out)
{
	if (so_node_int(n, key, out, r->err) == SO_OK)
		return SO_OK;
	return so_node_int(n, what(r, ctx, key), out, r->err);
}

static so_status unknown_key(so_reader *r, const char *ctx, const so_node_pair *p)
{
	return so_node_fail(r->err, SO_ERR_INVALID, p->key_pos, "%s: unknown key \"%s\"", ctx, p->key);
}

static so_status required(so_reader *r, const char *ctx, const so_node *map, const char *key)
{
	return so_node_fail(r->err, SO_ERR_INVALID, map->pos, "%s: \"%s\" is required", ctx, key);
}

static so_status expect_mapping(so_reader *r, const so_node *n, const char *ctx)
{
	if (n->type != SO_NODE_MAPPING)
		return so_node_fail(r->err, SO_ERR_INVALID, n->pos, "%s must be a mapping", ctx);
	return SO_OK;
}

/* A list value; null counts as an empty list. */
static so_status expect_list(so_reader *r, const so_node *n, const char *ctx, const char *key)
{
	if (so_node_is_null(n) || n->type == SO_NODE_SEQUENCE)
		return SO_OK;
	return so_node_fail(r->err, SO_ERR_INVALID, n->pos, "%s: \"%s\" must be a list", ctx, key);
}

static size_t list_len(const so_node *n)
{
	return n && n->type == SO_NODE_SEQUENCE ? n->n_items : 0;
}

/* A required non-empty string. */
static so_status req_string(so_reader *r, const so_node *n, const char *ctx, const char *key, const char **out)
{
	so_status st = rd_string(r, n, ctx, key, out);
	if (st != SO_OK)
		return st;
	if (!*out || !**out)
		return so_node_fail(r->err, SO_ERR_INVALID, n->pos, "%s: \"%s\" must be a non-empty string", ctx, key);
	return SO_OK;
}

/*
 * Message contexts of the many small objects (columns, indexes, ...) are formatted only when something is
 * wrong: the object is read once with SO_QUIET_CTX in their place, and when that fails (the error is then
 * complete but for its context) it is read again with the real contexts, which gives the exact message.
 * Formatting two contexts for each of the 200,000 columns of a large document cost a sixth of its reading.
 */
static const char SO_QUIET_CTX[] = "";

/* The object's name, read before the other keys so every later message can name the object. */
static so_status object_name_ctx(so_reader *r, const so_node *map, const char *kind, size_t idx, const char *parent,
                                 const char **out, bool quiet)
{
	const so_node *n = so_node_get(map, "name");
	const char *ctx = quiet    ? SO_QUIET_CTX
	                  : parent ? aprintf(r->arena, "%s #%zu of %s", kind, idx + 1, parent)
	                           : aprintf(r->arena, "%s #%zu", kind, idx + 1);

	if (!ctx)
		return nomem(r->err);
	if (!n)
		return required(r, ctx, map, "name");
	return req_string(r, n, ctx, "name", out);
}

static so_status object_name(so_reader *r, const so_node *map, const char *kind, size_t idx, const char *parent,
                             const char **out)
{
	return object_name_ctx(r, map, kind, idx, parent, out, false);
}

static so_status string_list(so_reader *r, const so_node *n, const char *ctx, const char *key, bool nonempty,
                             so_strlist *out)
{
	size_t i;
	so_status st;

	out->items = NULL;
	out->n = 0;
	if (so_node_is_null(n) || n->type != SO_NODE_SEQUENCE) {
		if (!so_node_is_null(n) || nonempty)
			return so_node_fail(r->err, SO_ERR_INVALID, n ? n->pos : (so_pos){0, 0},
			                    "%s: \"%s\" must be a%s list of names", ctx, key,
			                    nonempty ? " non-empty" : "");
		return SO_OK;
	}
	if (nonempty && n->n_items == 0)
		return so_node_fail(r->err, SO_ERR_INVALID, n->pos, "%s: \"%s\" must not be empty", ctx, key);
	out->items = so_arena_calloc(r->arena, n->n_items ? n->n_items : 1, sizeof *out->items);
	if (!out->items)
		return nomem(r->err);
	for (i = 0; i < n->n_items; i++) {
		const so_node *it = n->items[i];
		if (it->type != SO_NODE_SCALAR || so_node_is_null(it))
			return so_node_fail(r->err, SO_ERR_INVALID, it->pos, "%s: \"%s\" must be a list of names", ctx,
			                    key);
		st = req_string(r, it, ctx, key, &out->items[i]);
		if (st != SO_OK)
			return st;
	}
	out->n = n->n_items;
	return SO_OK;
}

static bool is_opaque_list(const so_node *n)
{
	size_t i;
	if (n->type != SO_NODE_SEQUENCE)
		return false;
	for (i = 0; i < n->n_items; i++) {
		const so_node *name;
		if (n->items[i]->type != SO_NODE_MAPPING)
			return false;
		name = so_node_get(n->items[i], "name");
		if (!name || name->type != SO_NODE_SCALAR || so_node_is_null(name))
			return false;
	}
	return true;
}

/* Growable arrays of opaque objects while reading. */
typedef struct so_opaque_vec {
	so_opaque *items;
	size_t n, cap;
} so_opaque_vec;

static so_status opaque_push(so_reader *r, so_opaque_vec *v, const char *kind, const char *name, const so_node *n,
                             bool whole)
{
	so_opaque *o;
	char *json;
	size_t len;
	so_status st;

	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 8;
		so_opaque *p = so_arena_calloc(r->arena, ncap, sizeof *p);
		if (!p)
			return nomem(r->err);
		if (v->n)
			memcpy(p, v->items, v->n * sizeof *p);
		v->items = p;
		v->cap = ncap;
	}
	st = so_node_to_json(r->arena, n, true, &json, &len, r->err);
	if (st != SO_OK)
		return st;
	o = &v->items[v->n++];
	o->kind = kind;
	o->name = name;
	o->canonical = json;
	o->pos = n->pos;
	o->whole_value = whole;
	o->node = n;
	return SO_OK;
}

static so_status read_opaque_list(so_reader *r, so_opaque_vec *v, const char *kind, const so_node *list,
                                  const char *ctx)
{
	size_t i;
	so_status st;

	for (i = 0; i < list->n_items; i++) {
		const char *name;
		const so_node *nn = so_node_get(list->items[i], "name");
		so_error scratch;
		bool b;
		st = req_string(r, nn, ctx, "name", &name);
		if (st != SO_OK)
			return st;
		/* the object is kept as its canonical JSON, which spells an unquoted True as true: a boolean name
		   would not survive a round trip (found by fuzzing), so it must be quoted */
		if (nn && !nn->quoted && so_node_bool(nn, "name", &b, &scratch) == SO_OK)
			return so_node_fail(r->err, SO_ERR_INVALID, nn->pos,
			                    "%s: \"%s\" item name %s is a boolean: quote it", ctx, kind, nn->scalar);
		st = opaque_push(r, v, kind, name, list->items[i], false);
		if (st != SO_OK)
			return st;
	}
	return SO_OK;
}

/* ---- columns ---- */

/* One column; quiet: contexts not formatted (see SO_QUIET_CTX). */
static so_status read_column_pass(so_reader *r, const so_node *map, const char *tctx, size_t idx, so_column *c,
                                  bool quiet)
{
	size_t i;
	so_status st = SO_OK;
	const char *ctx;
	bool has_type = false;

	if (map->type != SO_NODE_MAPPING)
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos, "%s: column #%zu must be a mapping", tctx,
		                    idx + 1);
	st = object_name_ctx(r, map, "column", idx, tctx, &c->name, quiet);
	if (st != SO_OK)
		return st;
	ctx = quiet ? SO_QUIET_CTX : aprintf(r->arena, "column \"%s\" of %s", c->name, tctx);
	if (!ctx)
		return nomem(r->err);
	c->nullable = true;
	c->pos = map->pos;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		const char *k = p->key;
		const so_node *v = p->value;
		if (!strcmp(k, "name"))
			continue;
		else if (!strcmp(k, "type")) {
			st = req_string(r, v, ctx, k, &c->type);
			has_type = true;
		} else if (!strcmp(k, "nullable"))
			st = rd_bool(r, v, ctx, k, &c->nullable);
		else if (!strcmp(k, "default"))
			st = rd_string(r, v, ctx, k, &c->default_expr);
		else if (!strcmp(k, "on_update")) {
			st = rd_string(r, v, ctx, k, &c->on_update);
			if (st == SO_OK && c->on_update && r->dialect != SO_DIALECT_MARIADB)
				st = so_node_fail(r->err, SO_ERR_INVALID, v->pos,
				                  "%s: \"on_update\" is MariaDB only (use a trigger)", ctx);
		} else if (!strcmp(k, "identity")) {
			st = rd_string(r, v, ctx, k, &c->identity);
			if (st == SO_OK && c->identity) {
				if (r->dialect != SO_DIALECT_POSTGRES)
					st = so_node_fail(r->err, SO_ERR_INVALID, v->pos,
					                  "%s: \"identity\" is PostgreSQL only (use auto_increment)",
					                  ctx);
				else if (!strcmp(c->identity, "always") || !strcmp(c->identity, "ALWAYS"))
					c->identity = "always";
				else if (!strcmp(c->identity, "by default") || !strcmp(c->identity, "BY DEFAULT"))
					c->identity = "by default";
				else
					st = so_node_fail(
					    r->err, SO_ERR_INVALID, v->pos,
					    "%s: \"identity\" must be always, by default or null, not \"%s\"", ctx,
					    c->identity);
			}
		} else if (!strcmp(k, "auto_increment")) {
			st = rd_bool(r, v, ctx, k, &c->auto_increment);
			if (st == SO_OK && c->auto_increment && r->dialect != SO_DIALECT_MARIADB)
				st = so_node_fail(r->err, SO_ERR_INVALID, v->pos,
				                  "%s: \"auto_increment\" is MariaDB only (use identity)", ctx);
		} else if (!strcmp(k, "generated"))
			st = rd_string(r, v, ctx, k, &c->generated);
		else if (!strcmp(k, "generated_stored"))
			st = rd_bool(r, v, ctx, k, &c->generated_stored);
		else if (!strcmp(k, "invisible")) {
			st = rd_bool(r, v, ctx, k, &c->invisible);
			if (st == SO_OK && c->invisible && r->dialect != SO_DIALECT_MARIADB)
				st = so_node_fail(r->err, SO_ERR_INVALID, v->pos, "%s: \"invisible\" is MariaDB only",
				                  ctx);
		} else if (!strcmp(k, "collation"))
			st = rd_string(r, v, ctx, k, &c->collation);
		else if (!strcmp(k, "comment"))
			st = rd_string(r, v, ctx, k, &c->comment);
		else if (!strcmp(k, "renamed_from"))
			st = rd_string(r, v, ctx, k, &c->renamed_from);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st != SO_OK)
		return st;
	if (!has_type)
		return required(r, ctx, map, "type");
	if (c->default_expr && (c->identity || c->generated))
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos,
		                    "%s: a column cannot have both \"default\" and \"%s\"", ctx,
		                    c->identity ? "identity" : "generated");
	if (c->identity && c->generated)
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos,
		                    "%s: a column cannot have both \"identity\" and \"generated\"", ctx);
	/* MariaDB refuses ON UPDATE on generated columns: say so here rather than in the migration */
	if (c->on_update && c->generated)
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos,
		                    "%s: a column cannot have both \"on_update\" and \"generated\"", ctx);
	return SO_OK;
}

static so_status read_column(so_reader *r, const so_node *map, const char *tctx, size_t idx, so_column *c)
{
	so_status st = read_column_pass(r, map, tctx, idx, c, true);

	if (st == SO_OK || st == SO_ERR_NOMEM)
		return st;
	memset(c, 0, sizeof *c);
	return read_column_pass(r, map, tctx, idx, c, false);
}

/* ---- keys, indexes, foreign keys, checks ---- */

static so_status read_key(so_reader *r, const so_node *map, const char *ctx, so_key *k)
{
	size_t i;
	so_status st = SO_OK;
	bool has_cols = false;

	k->pos = map->pos;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		if (!strcmp(p->key, "name"))
			continue;
		else if (!strcmp(p->key, "columns")) {
			st = string_list(r, p->value, ctx, p->key, true, &k->columns);
			has_cols = true;
		} else if (!strcmp(p->key, "deferrable"))
			st = rd_bool(r, p->value, ctx, p->key, &k->deferrable);
		else if (!strcmp(p->key, "initially_deferred"))
			st = rd_bool(r, p->value, ctx, p->key, &k->initially_deferred);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st == SO_OK && !has_cols)
		st = required(r, ctx, map, "columns");
	return st;
}

static bool ident_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       c >= 0x80;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* If s[0..*len) ends with whitespace + `word` (case-insensitive) with something before it, drops it. */
static bool strip_word(const char *s, size_t *len, const char *word)
{
	size_t wl = strlen(word), i;
	size_t l = *len;

	if (l < wl + 2)
		return false;
	for (i = 0; i < wl; i++) {
		char c = s[l - wl + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return false;
	}
	if (!is_space(s[l - wl - 1]))
		return false;
	l -= wl;
	while (l > 0 && is_space(s[l - 1]))
		l--;
	if (l == 0)
		return false;
	*len = l;
	return true;
}

/*
 * Parses a quoted identifier ("..." with "" doubling, or MariaDB `...` with `` doubling) spanning exactly
 * s[0..len). Returns the unquoted name or NULL if s is not exactly one quoted identifier.
 */
static char *quoted_ident(so_arena *arena, const char *s, size_t len)
{
	char q, *out;
	size_t i, o = 0;

	if (len < 2 || (s[0] != '"' && s[0] != '`'))
		return NULL;
	q = s[0];
	out = so_arena_alloc(arena, len);
	if (!out)
		return NULL;
	for (i = 1; i < len; i++) {
		if (s[i] == q) {
			if (i + 1 < len && s[i + 1] == q) {
				out[o++] = q;
				i++;
				continue;
			}
			if (i + 1 != len || o == 0)
				return NULL;
			out[o] = '\0';
			return out;
		}
		out[o++] = s[i];
	}
	return NULL;
}

/* The string form of an index key element (docs/document-format.md, "Keys, indexes"). */
static so_status parse_key_string(so_reader *r, const char *s, so_pos pos, const char *ctx, so_index_key *k)
{
	size_t len = strlen(s), start = 0, i;
	char *q;

	while (start < len && is_space(s[start]))
		start++;
	while (len > start && is_space(s[len - 1]))
		len--;
	s += start;
	len -= start;
	if (len == 0)
		return so_node_fail(r->err, SO_ERR_INVALID, pos, "%s: empty key element", ctx);
	{
		size_t save = len;
		if (strip_word(s, &len, "first") && strip_word(s, &len, "nulls"))
			k->nulls = "first";
		else if ((len = save, strip_word(s, &len, "last")) && strip_word(s, &len, "nulls"))
			k->nulls = "last";
		else
			len = save;
	}
	if (strip_word(s, &len, "desc"))
		k->desc = true;
	else
		(void)strip_word(s, &len, "asc");

	q = quoted_ident(r->arena, s, len);
	if (q) {
		k->column = q;
		return SO_OK;
	}
	for (i = 0; i < len && ident_char((unsigned char)s[i]); i++)
		;
	if (i == len) {
		k->column = so_arena_strndup(r->arena, s, len);
		return k->column ? SO_OK : nomem(r->err);
	}
	/* MariaDB prefix length: name(N) or `quoted name`(N) */
	if (r->dialect == SO_DIALECT_MARIADB && len > 0 && s[len - 1] == ')') {
		size_t open = len - 1, j;
		long long n = 0;
		while (open > 0 && s[open - 1] >= '0' && s[open - 1] <= '9')
			open--;
		if (open > 0 && s[open - 1] == '(' && open < len - 1 && len - 1 - open <= 9) {
			for (j = open; j < len - 1; j++)
				n = n * 10 + (s[j] - '0');
			open--;
			j = open;
			while (j > 0 && is_space(s[j - 1]))
				j--;
			q = quoted_ident(r->arena, s, j);
			if (!q) {
				for (i = 0; i < j && ident_char((unsigned char)s[i]); i++)
					;
				if (i == j && j > 0)
					q = so_arena_strndup(r->arena, s, j);
			}
			if (q && n > 0) {
				k->column = q;
				k->length = (int)n;
				return SO_OK;
			}
		}
	}
	/* anything else is an expression (e.g. "lower(email) DESC") */
	k->expression = so_arena_strndup(r->arena, s, len);
	return k->expression ? SO_OK : nomem(r->err);
}

static so_status read_index_key(so_reader *r, const so_node *n, const char *ctx, so_index_key *k)
{
	size_t i;
	so_status st = SO_OK;

	if (n->type == SO_NODE_SCALAR && !so_node_is_null(n)) {
		const char *s;
		st = rd_string(r, n, ctx, "columns", &s);
		if (st != SO_OK)
			return st;
		return parse_key_string(r, s, n->pos, ctx, k);
	}
	if (n->type != SO_NODE_MAPPING)
		return so_node_fail(r->err, SO_ERR_INVALID, n->pos, "%s: a key element must be a string or a mapping",
		                    ctx);
	for (i = 0; i < n->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &n->pairs[i];
		const so_node *v = p->value;
		if (!strcmp(p->key, "column"))
			st = req_string(r, v, ctx, p->key, &k->column);
		else if (!strcmp(p->key, "expression"))
			st = req_string(r, v, ctx, p->key, &k->expression);
		else if (!strcmp(p->key, "desc"))
			st = rd_bool(r, v, ctx, p->key, &k->desc);
		else if (!strcmp(p->key, "nulls")) {
			st = rd_string(r, v, ctx, p->key, &k->nulls);
			if (st == SO_OK && k->nulls) {
				if (!strcmp(k->nulls, "first") || !strcmp(k->nulls, "FIRST"))
					k->nulls = "first";
				else if (!strcmp(k->nulls, "last") || !strcmp(k->nulls, "LAST"))
					k->nulls = "last";
				else
					st = so_node_fail(r->err, SO_ERR_INVALID, v->pos,
					                  "%s: \"nulls\" must be first, last or null, not \"%s\"", ctx,
					                  k->nulls);
			}
		} else if (!strcmp(p->key, "length")) {
			long long len = 0;
			st = rd_int(r, v, ctx, p->key, &len);
			if (st == SO_OK && (len < 0 || len > 1000000))
				st =
				    so_node_fail(r->err, SO_ERR_INVALID, v->pos, "%s: \"length\" is out of range", ctx);
			k->length = (int)len;
		} else if (!strcmp(p->key, "opclass"))
			st = rd_string(r, v, ctx, p->key, &k->opclass);
		else if (!strcmp(p->key, "collation"))
			st = rd_string(r, v, ctx, p->key, &k->collation);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st != SO_OK)
		return st;
	if (!k->column == !k->expression)
		return so_node_fail(r->err, SO_ERR_INVALID, n->pos,
		                    "%s: a key element needs exactly one of \"column\" and \"expression\"", ctx);
	return SO_OK;
}

static so_status read_index(so_reader *r, const so_node *map, const char *ctx, so_index *x)
{
	size_t i, j;
	so_status st = SO_OK;
	bool has_cols = false;

	x->pos = map->pos;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		const so_node *v = p->value;
		if (!strcmp(p->key, "name"))
			continue;
		else if (!strcmp(p->key, "unique"))
			st = rd_bool(r, v, ctx, p->key, &x->unique);
		else if (!strcmp(p->key, "method"))
			st = rd_string(r, v, ctx, p->key, &x->method);
		else if (!strcmp(p->key, "columns")) {
			has_cols = true;
			if (v->type != SO_NODE_SEQUENCE || v->n_items == 0) {
				st = so_node_fail(r->err, SO_ERR_INVALID, v->pos,
				                  "%s: \"columns\" must be a non-empty list", ctx);
				break;
			}
			x->keys = so_arena_calloc(r->arena, v->n_items, sizeof *x->keys);
			if (!x->keys)
				return nomem(r->err);
			x->n_keys = v->n_items;
			for (j = 0; j < v->n_items && st == SO_OK; j++)
				st = read_index_key(r, v->items[j], ctx, &x->keys[j]);
		} else if (!strcmp(p->key, "include"))
			st = string_list(r, v, ctx, p->key, false, &x->include);
		else if (!strcmp(p->key, "where"))
			st = rd_string(r, v, ctx, p->key, &x->where);
		else if (!strcmp(p->key, "comment"))
			st = rd_string(r, v, ctx, p->key, &x->comment);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st == SO_OK && !has_cols)
		st = required(r, ctx, map, "columns");
	return st;
}

static so_status read_references(so_reader *r, const so_node *n, const char *ctx, so_foreign_key *fk)
{
	size_t i;
	so_status st = SO_OK;
	bool has_cols = false;
	char *rctx = aprintf(r->arena, "%s: \"references\"", ctx);

	if (!rctx)
		return nomem(r->err);
	st = expect_mapping(r, n, rctx);
	for (i = 0; st == SO_OK && i < n->n_pairs; i++) {
		const so_node_pair *p = &n->pairs[i];
		if (!strcmp(p->key, "schema"))
			st = rd_string(r, p->value, rctx, p->key, &fk->ref_schema);
		else if (!strcmp(p->key, "table"))
			st = req_string(r, p->value, rctx, p->key, &fk->ref_table);
		else if (!strcmp(p->key, "columns")) {
			st = string_list(r, p->value, rctx, p->key, true, &fk->ref_columns);
			has_cols = true;
		} else
			st = unknown_key(r, rctx, p);
	}
	if (st != SO_OK)
		return st;
	if (!fk->ref_table)
		return required(r, rctx, n, "table");
	if (!has_cols)
		return required(r, rctx, n, "columns");
	return SO_OK;
}

static so_status read_fk(so_reader *r, const so_node *map, const char *ctx, so_foreign_key *fk)
{
	size_t i;
	so_status st = SO_OK;
	bool has_cols = false, has_ref = false;

	fk->pos = map->pos;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		const so_node *v = p->value;
		if (!strcmp(p->key, "name"))
			continue;
		else if (!strcmp(p->key, "columns")) {
			st = string_list(r, v, ctx, p->key, true, &fk->columns);
			has_cols = true;
		} else if (!strcmp(p->key, "references")) {
			st = read_references(r, v, ctx, fk);
			has_ref = true;
		} else if (!strcmp(p->key, "on_update"))
			st = rd_string(r, v, ctx, p->key, &fk->on_update);
		else if (!strcmp(p->key, "on_delete"))
			st = rd_string(r, v, ctx, p->key, &fk->on_delete);
		else if (!strcmp(p->key, "match"))
			st = rd_string(r, v, ctx, p->key, &fk->match);
		else if (!strcmp(p->key, "deferrable"))
			st = rd_bool(r, v, ctx, p->key, &fk->deferrable);
		else if (!strcmp(p->key, "initially_deferred"))
			st = rd_bool(r, v, ctx, p->key, &fk->initially_deferred);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st != SO_OK)
		return st;
	if (!has_cols)
		return required(r, ctx, map, "columns");
	if (!has_ref)
		return required(r, ctx, map, "references");
	if (fk->columns.n != fk->ref_columns.n)
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos, "%s: %zu columns reference %zu columns", ctx,
		                    fk->columns.n, fk->ref_columns.n);
	return SO_OK;
}

static so_status read_check(so_reader *r, const so_node *map, const char *ctx, so_check *c)
{
	size_t i;
	so_status st = SO_OK;

	c->pos = map->pos;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		if (!strcmp(p->key, "name"))
			continue;
		else if (!strcmp(p->key, "expression"))
			st = req_string(r, p->value, ctx, p->key, &c->expression);
		else if (!strcmp(p->key, "no_inherit"))
			st = rd_bool(r, p->value, ctx, p->key, &c->no_inherit);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st == SO_OK && !c->expression)
		st = required(r, ctx, map, "expression");
	return st;
}

/*
 * Reads a list of named constraint-like objects: allocates `*out` (n items of `size` bytes) and calls
 * `fn` for each with a context such as `index "ix" of table "film"`; the name goes to the struct's first
 * member (every such struct starts with `const char *name`).
 */
typedef so_status (*so_item_reader)(so_reader *r, const so_node *map, const char *ctx, void *item);

static so_status read_named_list(so_reader *r, const so_node *list, const char *kind, const char *tctx, size_t size,
                                 so_item_reader fn, void **out, size_t *n_out)
{
	size_t i;
	unsigned char *items;
	so_status st;

	*out = NULL;
	*n_out = 0;
	if (so_node_is_null(list))
		return SO_OK;
	items = so_arena_calloc(r->arena, list->n_items ? list->n_items : 1, size);
	if (!items)
		return nomem(r->err);
	for (i = 0; i < list->n_items; i++) {
		const so_node *m = list->items[i];
		const char *name;
		const char *ctx;
		int pass;
		if (m->type != SO_NODE_MAPPING)
			return so_node_fail(r->err, SO_ERR_INVALID, m->pos, "%s: %s #%zu must be a mapping", tctx, kind,
			                    i + 1);
		/* pass 0 quiet, pass 1 (only after a failure) with the contexts: see SO_QUIET_CTX */
		for (pass = 0, st = SO_ERR_INVALID; pass < 2 && st != SO_OK && st != SO_ERR_NOMEM; pass++) {
			memset(items + i * size, 0, size);
			ctx = pass == 0 ? SO_QUIET_CTX : aprintf(r->arena, "%s #%zu of %s", kind, i + 1, tctx);
			if (!ctx)
				return nomem(r->err);
			if (!so_node_get(m, "name")) {
				st = required(r, ctx, m, "name");
				continue;
			}
			st = req_string(r, so_node_get(m, "name"), ctx, "name", &name);
			if (st != SO_OK)
				continue;
			ctx = pass == 0 ? SO_QUIET_CTX : aprintf(r->arena, "%s \"%s\" of %s", kind, name, tctx);
			if (!ctx)
				return nomem(r->err);
			memcpy(items + i * size, &name, sizeof name);
			st = fn(r, m, ctx, items + i * size);
		}
		if (st != SO_OK)
			return st;
	}
	*out = items;
	*n_out = list->n_items;
	return SO_OK;
}

static so_status rd_key(so_reader *r, const so_node *m, const char *ctx, void *it)
{
	return read_key(r, m, ctx, it);
}
static so_status rd_index(so_reader *r, const so_node *m, const char *ctx, void *it)
{
	return read_index(r, m, ctx, it);
}
static so_status rd_fk(so_reader *r, const so_node *m, const char *ctx, void *it)
{
	return read_fk(r, m, ctx, it);
}
static so_status rd_check(so_reader *r, const so_node *m, const char *ctx, void *it)
{
	return read_check(r, m, ctx, it);
}

/* ---- tables ---- */

static so_status read_partition_of(so_reader *r, const so_node *n, const char *tctx, so_table *t)
{
	size_t i;
	so_status st;
	char *ctx = aprintf(r->arena, "%s: \"partition_of\"", tctx);

	if (!ctx)
		return nomem(r->err);
	if (so_node_is_null(n))
		return SO_OK;
	st = expect_mapping(r, n, ctx);
	for (i = 0; st == SO_OK && i < n->n_pairs; i++) {
		const so_node_pair *p = &n->pairs[i];
		if (!strcmp(p->key, "table"))
			st = req_string(r, p->value, ctx, p->key, &t->partition_of_table);
		else if (!strcmp(p->key, "bound"))
			st = req_string(r, p->value, ctx, p->key, &t->partition_bound);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st != SO_OK)
		return st;
	if (!t->partition_of_table)
		return required(r, ctx, n, "table");
	if (!t->partition_bound)
		return required(r, ctx, n, "bound");
	return SO_OK;
}

static so_status read_options(so_reader *r, const so_node *n, const char *tctx, so_table *t)
{
	size_t i, k = 0;
	so_status st;
	char *ctx = aprintf(r->arena, "%s: \"options\"", tctx);

	if (!ctx)
		return nomem(r->err);
	if (so_node_is_null(n))
		return SO_OK;
	st = expect_mapping(r, n, ctx);
	if (st != SO_OK)
		return st;
	t->options = so_arena_calloc(r->arena, n->n_pairs ? n->n_pairs : 1, sizeof *t->options);
	if (!t->options)
		return nomem(r->err);
	for (i = 0; i < n->n_pairs; i++) {
		const char *v;
		st = rd_string(r, n->pairs[i].value, ctx, n->pairs[i].key, &v);
		if (st != SO_OK)
			return st;
		if (!v)
			continue; /* null: the server default, same as absent */
		t->options[k].key = n->pairs[i].key;
		t->options[k].value = v;
		k++;
	}
	t->n_options = k;
	return SO_OK;
}

static so_status read_table(so_reader *r, const so_node *map, size_t idx, so_table *t)
{
	size_t i;
	so_status st = SO_OK;
	const char *ctx;
	const so_node *cols = NULL;
	so_opaque_vec opq = {NULL, 0, 0};

	if (map->type != SO_NODE_MAPPING)
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos, "table #%zu must be a mapping", idx + 1);
	st = object_name(r, map, "table", idx, NULL, &t->name);
	if (st != SO_OK)
		return st;
	ctx = aprintf(r->arena, "table \"%s\"", t->name);
	if (!ctx)
		return nomem(r->err);
	t->pos = map->pos;
	t->rows = -1;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		const char *k = p->key;
		const so_node *v = p->value;
		if (!strcmp(k, "name"))
			continue;
		else if (!strcmp(k, "renamed_from"))
			st = rd_string(r, v, ctx, k, &t->renamed_from);
		else if (!strcmp(k, "rows")) {
			if (!so_node_is_null(v)) {
				st = rd_int(r, v, ctx, k, &t->rows);
				if (t->rows < 0)
					t->rows = -1;
			}
		} else if (!strcmp(k, "comment"))
			st = rd_string(r, v, ctx, k, &t->comment);
		else if (!strcmp(k, "partition_by") || !strcmp(k, "partition_of")) {
			if (r->dialect != SO_DIALECT_POSTGRES && !so_node_is_null(v))
				st = so_node_fail(r->err, SO_ERR_INVALID, p->key_pos, "%s: \"%s\" is PostgreSQL only",
				                  ctx, k);
			else if (k[10] == 'b')
				st = rd_string(r, v, ctx, k, &t->partition_by);
			else
				st = read_partition_of(r, v, ctx, t);
		} else if (!strcmp(k, "options")) {
			if (r->dialect != SO_DIALECT_MARIADB && !so_node_is_null(v))
				st = so_node_fail(r->err, SO_ERR_INVALID, p->key_pos, "%s: \"options\" is MariaDB only",
				                  ctx);
			else
				st = read_options(r, v, ctx, t);
		} else if (!strcmp(k, "columns"))
			cols = v;
		else if (!strcmp(k, "primary_key")) {
			if (!so_node_is_null(v)) {
				char *kctx;
				const char *name = NULL;
				st = expect_mapping(r, v, what(r, ctx, k));
				if (st != SO_OK)
					break;
				kctx = aprintf(r->arena, "primary key of %s", ctx);
				if (!kctx)
					return nomem(r->err);
				if (!so_node_get(v, "name"))
					st = required(r, kctx, v, "name");
				else
					st = req_string(r, so_node_get(v, "name"), kctx, "name", &name);
				if (st != SO_OK)
					break;
				t->primary_key = so_arena_calloc(r->arena, 1, sizeof *t->primary_key);
				if (!t->primary_key)
					return nomem(r->err);
				t->primary_key->name = name;
				st = read_key(r, v, kctx, t->primary_key);
			}
		} else if (!strcmp(k, "unique")) {
			st = expect_list(r, v, ctx, k);
			if (st == SO_OK)
				st = read_named_list(r, v, "unique constraint", ctx, sizeof(so_key), rd_key,
				                     (void **)&t->uniques, &t->n_uniques);
		} else if (!strcmp(k, "indexes")) {
			st = expect_list(r, v, ctx, k);
			if (st == SO_OK)
				st = read_named_list(r, v, "index", ctx, sizeof(so_index), rd_index,
				                     (void **)&t->indexes, &t->n_indexes);
		} else if (!strcmp(k, "foreign_keys")) {
			st = expect_list(r, v, ctx, k);
			if (st == SO_OK)
				st = read_named_list(r, v, "foreign key", ctx, sizeof(so_foreign_key), rd_fk,
				                     (void **)&t->foreign_keys, &t->n_foreign_keys);
		} else if (!strcmp(k, "checks")) {
			st = expect_list(r, v, ctx, k);
			if (st == SO_OK)
				st = read_named_list(r, v, "check", ctx, sizeof(so_check), rd_check,
				                     (void **)&t->checks, &t->n_checks);
		} else if (so_node_is_null(v))
			continue; /* an opaque kind with no objects */
		else if (v->type == SO_NODE_MAPPING)
			st = opaque_push(r, &opq, k, k, v, true);
		else if (is_opaque_list(v))
			st = read_opaque_list(r, &opq, k, v, ctx);
		else
			st = unknown_key(r, ctx, p);
	}
	if (st != SO_OK)
		return st;
	if (!cols)
		return required(r, ctx, map, "columns");
	if (cols->type != SO_NODE_SEQUENCE || cols->n_items == 0)
		return so_node_fail(r->err, SO_ERR_INVALID, cols->pos, "%s: \"columns\" must be a non-empty list", ctx);
	t->columns = so_arena_calloc(r->arena, cols->n_items, sizeof *t->columns);
	if (!t->columns)
		return nomem(r->err);
	t->n_columns = cols->n_items;
	for (i = 0; i < cols->n_items; i++) {
		st = read_column(r, cols->items[i], ctx, i, &t->columns[i]);
		if (st != SO_OK)
			return st;
	}
	t->opaque = opq.items;
	t->n_opaque = opq.n;
	return SO_OK;
}

/* ---- sequences ---- */

/* Decimal text of a sequence number written as an integer or a string. */
static so_status seq_number(so_reader *r, const so_node *v, const char *ctx, const char *key, const char **out)
{
	const char *s;
	so_status st = rd_string(r, v, ctx, key, &s);
	size_t i = 0, nd = 0;
	char *o;
	size_t oi = 0;
	bool neg = false;

	if (st != SO_OK || !s) {
		*out = NULL;
		return st;
	}
	while (is_space(s[i]))
		i++;
	if (s[i] == '-' || s[i] == '+')
		neg = s[i++] == '-';
	while (s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;
	o = so_arena_alloc(r->arena, strlen(s) + 2);
	if (!o)
		return nomem(r->err);
	if (neg)
		o[oi++] = '-';
	for (; s[i] >= '0' && s[i] <= '9'; i++, nd++)
		o[oi++] = s[i];
	while (is_space(s[i]))
		i++;
	if (s[i] || nd == 0 || nd > 40)
		return so_node_fail(r->err, SO_ERR_INVALID, v->pos, "%s: \"%s\" must be an integer, not \"%s\"", ctx,
		                    key, s);
	o[oi] = '\0';
	*out = (neg && strcmp(o, "-0") == 0) ? "0" : o;
	return SO_OK;
}

static so_status read_sequence(so_reader *r, const so_node *map, size_t idx, so_sequence *q)
{
	size_t i;
	so_status st;
	const char *ctx;

	if (map->type != SO_NODE_MAPPING)
		return so_node_fail(r->err, SO_ERR_INVALID, map->pos, "sequence #%zu must be a mapping", idx + 1);
	st = object_name(r, map, "sequence", idx, NULL, &q->name);
	if (st != SO_OK)
		return st;
	ctx = aprintf(r->arena, "sequence \"%s\"", q->name);
	if (!ctx)
		return nomem(r->err);
	q->pos = map->pos;
	for (i = 0; i < map->n_pairs && st == SO_OK; i++) {
		const so_node_pair *p = &map->pairs[i];
		const char *k = p->key;
		const so_node *v = p->value;
		if (!strcmp(k, "name"))
			continue;
		else if (!strcmp(k, "type"))
			st = rd_string(r, v, ctx, k, &q->type);
		else if (!strcmp(k, "start"))
			st = seq_number(r, v, ctx, k, &q->start);
		else if (!strcmp(k, "increment"))
			st = seq_number(r, v, ctx, k, &q->increment);
		else if (!strcmp(k, "min"))
			st = seq_number(r, v, ctx, k, &q->min);
		else if (!strcmp(k, "max"))
			st = seq_number(r, v, ctx, k, &q->max);
		else if (!strcmp(k, "cache"))
			st = seq_number(r, v, ctx, k, &q->cache);
		else if (!strcmp(k, "cycle"))
			st = rd_bool(r, v, ctx, k, &q->cycle);
		else if (!strcmp(k, "owned_by"))
			st = rd_string(r, v, ctx, k, &q->owned_by);
		else if (!strcmp(k, "comment"))
			st = rd_string(r, v, ctx, k, &q->comment);
		else
			st = unknown_key(r, ctx, p);
	}
	return st;
}

/* ---- top level ---- */

/*
 * The name and the object lists of one schema: the top level of a single-schema document, or one item of
 * a multi-schema document's `schemas` list (body: then `owner` and `comment` are the schema's, and the
 * top-level keys are refused).
 */
static size_t node_slot(const so_node *n, size_t mask)
{
	uint64_t h = (uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull; /* Fibonacci hashing of the address */
	return (size_t)(h >> 32) & mask;
}

/* The table of the index read from node n (NULL when none or no index). */
static const so_table *table_index_find(const so_table_index *ix, const so_node *n)
{
	size_t k;

	if (!ix)
		return NULL;
	for (k = node_slot(n, ix->mask); ix->slots[k]; k = (k + 1) & ix->mask)
		if (ix->slots[k]->node == n)
			return ix->slots[k];
	return NULL;
}

static so_status table_index_add(so_table_index *ix, const so_document *doc)
{
	size_t i, k;

	for (i = 0; i < doc->n_tables; i++) {
		const so_table *t = &doc->tables[i];
		if (!t->node || !t->normalized)
			continue;
		for (k = node_slot(t->node, ix->mask); ix->slots[k]; k = (k + 1) & ix->mask)
			if (ix->slots[k]->node == t->node)
				break;
		if (!ix->slots[k])
			ix->slots[k] = t;
	}
	return SO_OK;
}

/* An index of prev's tables (every schema of a multi-schema document), at most half full; NULL: no memory. */
static so_table_index *table_index_make(so_arena *arena, const so_document *prev)
{
	so_table_index *ix;
	size_t n = prev->n_tables, cap = 16, i;

	for (i = 0; i < prev->n_schemas; i++)
		n += prev->schemas[i].n_tables;
	while (cap < 2 * n)
		cap *= 2;
	ix = so_arena_alloc(arena, sizeof *ix);
	if (!ix)
		return NULL;
	ix->slots = so_arena_calloc(arena, cap, sizeof *ix->slots);
	if (!ix->slots)
		return NULL;
	ix->mask = cap - 1;
	table_index_add(ix, prev);
	for (i = 0; i < prev->n_schemas; i++)
		table_index_add(ix, &prev->schemas[i]);
	return ix;
}

static so_status read_body(so_reader *r, const so_node *root, so_document *doc, bool body)
{
	so_arena *arena = r->arena;
	so_error *err = r->err;
	const char *ctx = body ? "schema" : "document";
	const so_node *v, *tables = NULL, *seqs = NULL;
	so_opaque_vec opq = {NULL, 0, 0};
	size_t i;
	so_status st = SO_OK;

	doc->dialect = r->dialect;
	doc->pos = root->pos;
	v = so_node_get(root, "name");
	if (!v)
		return so_node_fail(err, SO_ERR_INVALID, root->pos,
		                    body ? "a schema of \"schemas\" needs a \"name\"" : "\"name\" is required");
	st = req_string(r, v, ctx, "name", &doc->name);
	if (st != SO_OK)
		return st;

	for (i = 0; i < root->n_pairs; i++) {
		const so_node_pair *p = &root->pairs[i];
		const char *k = p->key;
		v = p->value;
		if (!strcmp(k, "name"))
			continue;
		if (!body && (!strcmp(k, "schemaops") || !strcmp(k, "dialect")))
			continue;
		if (body && (!strcmp(k, "schemaops") || !strcmp(k, "dialect") || !strcmp(k, "schemas"))) {
			st = so_node_fail(err, SO_ERR_INVALID, p->key_pos,
			                  "schema \"%s\": \"%s\" belongs at the top level of the document", doc->name,
			                  k);
		} else if (body && !strcmp(k, "owner")) {
			st = so_node_is_null(v) ? SO_OK : req_string(r, v, ctx, k, &doc->schema_owner);
		} else if (body && !strcmp(k, "renamed_from")) {
			st = so_node_is_null(v) ? SO_OK : req_string(r, v, ctx, k, &doc->schema_renamed_from);
		} else if (body && !strcmp(k, "comment")) {
			st = so_node_is_null(v) ? SO_OK : req_string(r, v, ctx, k, &doc->schema_comment);
		} else if (!strcmp(k, "tables")) {
			st = expect_list(r, v, ctx, k);
			tables = v;
		} else if (!strcmp(k, "sequences")) {
			st = expect_list(r, v, ctx, k);
			if (st == SO_OK && doc->dialect != SO_DIALECT_POSTGRES && list_len(v) > 0)
				st = so_node_fail(err, SO_ERR_INVALID, p->key_pos, "\"sequences\" are PostgreSQL only");
			seqs = v;
		} else if (!strcmp(k, "snapshot_notes")) {
			/* what the snapshot could not read (a list of texts for the reader): never compared */
			size_t j;
			st = expect_list(r, v, ctx, k);
			for (j = 0; st == SO_OK && v->type == SO_NODE_SEQUENCE && j < v->n_items; j++)
				if (v->items[j]->type != SO_NODE_SCALAR)
					st = so_node_fail(err, SO_ERR_INVALID, v->items[j]->pos,
					                  "\"snapshot_notes\" must be a list of texts");
		} else if (so_node_is_null(v))
			continue;
		else if (is_opaque_list(v))
			st = read_opaque_list(r, &opq, k, v, ctx);
		else
			st = so_node_fail(
			    err, SO_ERR_INVALID, p->key_pos,
			    "unknown key \"%s\" (other object kinds must be lists of mappings with a name)", k);
		if (st != SO_OK)
			return st;
	}

	doc->n_tables = list_len(tables);
	if (doc->n_tables) {
		doc->tables = so_arena_calloc(arena, doc->n_tables, sizeof *doc->tables);
		if (!doc->tables)
			return nomem(err);
		for (i = 0; i < doc->n_tables; i++) {
			const so_table *same = table_index_find(r->reuse, tables->items[i]);
			if (same) {
				doc->tables[i] = *same;
				continue;
			}
			st = read_table(r, tables->items[i], i, &doc->tables[i]);
			if (st != SO_OK)
				return st;
			doc->tables[i].node = tables->items[i];
		}
	}
	doc->n_sequences = list_len(seqs);
	if (doc->n_sequences) {
		doc->sequences = so_arena_calloc(arena, doc->n_sequences, sizeof *doc->sequences);
		if (!doc->sequences)
			return nomem(err);
		for (i = 0; i < doc->n_sequences; i++) {
			st = read_sequence(r, seqs->items[i], i, &doc->sequences[i]);
			if (st != SO_OK)
				return st;
		}
	}
	doc->opaque = opq.items;
	doc->n_opaque = opq.n;
	return SO_OK;
}

/*
 * A multi-schema document (docs/document-format.md, "Several schemas in one document"): `schemas` is a
 * list of schema bodies and no single-schema key (name, tables, sequences, other kinds) may sit beside it.
 * Duplicate schema names are found by so_model_normalize() after it sorts the list.
 */
static so_status read_schemas(so_reader *r, const so_node *root, const so_node *list, so_document *doc)
{
	size_t i;
	so_status st;

	if (r->dialect != SO_DIALECT_POSTGRES)
		return so_node_fail(r->err, SO_ERR_INVALID, list->pos,
		                    "\"schemas\" (a multi-schema document) is PostgreSQL only");
	for (i = 0; i < root->n_pairs; i++) {
		const char *k = root->pairs[i].key;
		if (strcmp(k, "schemaops") != 0 && strcmp(k, "dialect") != 0 && strcmp(k, "schemas") != 0)
			return so_node_fail(
			    r->err, SO_ERR_INVALID, root->pairs[i].key_pos,
			    "\"%s\" cannot stand beside \"schemas\": a multi-schema document keeps each "
			    "schema's name and objects inside its item of \"schemas\"",
			    k);
	}
	st = expect_list(r, list, "document", "schemas");
	if (st != SO_OK)
		return st;
	doc->multi = true;
	doc->n_schemas = list_len(list);
	if (!doc->n_schemas)
		return SO_OK;
	doc->schemas = so_arena_calloc(r->arena, doc->n_schemas, sizeof *doc->schemas);
	if (!doc->schemas)
		return nomem(r->err);
	for (i = 0; i < doc->n_schemas; i++) {
		const so_node *item = list->items[i];
		if (item->type != SO_NODE_MAPPING)
			return so_node_fail(r->err, SO_ERR_INVALID, item->pos,
			                    "schemas[%zu]: a schema must be a mapping (name, tables, ...)", i);
		doc->schemas[i].format_version = doc->format_version;
		st = read_body(r, item, &doc->schemas[i], true);
		if (st != SO_OK)
			return st;
	}
	return SO_OK;
}

/* so_model_read(); prev: NULL, or a document whose tables are taken as they are when their node comes again */
static so_status model_read(so_arena *arena, const so_node *root, const so_document *prev, so_document **out,
                            so_error *err)
{
	so_reader rd, *r = &rd;
	so_document *doc;
	const so_node *v;
	long long version;
	const char *dialect;
	so_status st = SO_OK;

	*out = NULL;
	r->arena = arena;
	r->err = err;
	r->dialect = 0;
	r->reuse = NULL;
	if (!root)
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "empty document");
	if (root->type != SO_NODE_MAPPING)
		return so_node_fail(err, SO_ERR_INVALID, root->pos, "the document must be a mapping, not %s",
		                    root->type == SO_NODE_SEQUENCE ? "a list"
		                    : so_node_is_null(root)        ? "empty"
		                                                   : "a scalar");
	doc = so_arena_calloc(arena, 1, sizeof *doc);
	if (!doc)
		return nomem(err);

	v = so_node_get(root, "schemaops");
	if (!v)
		return so_node_fail(err, SO_ERR_INVALID, root->pos, "\"schemaops\" (the format version) is required");
	st = so_node_int(v, "\"schemaops\"", &version, err);
	if (st != SO_OK)
		return st;
	if (version != SO_DOCUMENT_FORMAT_VERSION)
		return so_node_fail(err, SO_ERR_VERSION, v->pos,
		                    "unsupported format version %lld (this build reads version %d)", version,
		                    SO_DOCUMENT_FORMAT_VERSION);
	doc->format_version = (int)version;

	v = so_node_get(root, "dialect");
	if (!v)
		return so_node_fail(err, SO_ERR_INVALID, root->pos, "\"dialect\" is required");
	st = so_node_string(v, "\"dialect\"", &dialect, err);
	if (st != SO_OK)
		return st;
	if (dialect && !strcmp(dialect, "postgres"))
		doc->dialect = SO_DIALECT_POSTGRES;
	else if (dialect && !strcmp(dialect, "mariadb"))
		doc->dialect = SO_DIALECT_MARIADB;
	else
		return so_node_fail(err, SO_ERR_INVALID, v->pos, "\"dialect\" must be postgres or mariadb, not \"%s\"",
		                    dialect ? dialect : "null");
	r->dialect = doc->dialect;
	/* a table is read by the rules of its dialect: only a document of the same dialect can lend its own */
	if (prev && prev->dialect == doc->dialect) {
		r->reuse = table_index_make(arena, prev);
		if (!r->reuse)
			return nomem(err);
	}

	v = so_node_get(root, "schemas");
	st = v ? read_schemas(r, root, v, doc) : read_body(r, root, doc, false);
	if (st != SO_OK)
		return st;
	*out = doc;
	return SO_OK;
}

so_status so_model_read(so_arena *arena, const so_node *root, so_document **out, so_error *err)
{
	return model_read(arena, root, NULL, out, err);
}

/* ---- public entry points ---- */

so_status so_document_parse(so_arena *arena, const char *text, size_t len, so_document **out, so_error *err)
{
	so_node *root;
	so_document *doc;
	so_status st;

	if (out)
		*out = NULL;
	if (!arena || !out || (!text && len))
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_document_parse: missing argument");
	so_error_clear(err);
	st = so_node_parse(arena, text, len, &root, err);
	if (st != SO_OK)
		return st;
	st = so_model_read(arena, root, &doc, err);
	if (st != SO_OK)
		return st;
	st = so_model_normalize(arena, doc, err);
	if (st != SO_OK)
		return st;
	*out = doc;
	return SO_OK;
}

so_status so_document_from_tree(so_arena *arena, so_tree *t, so_document **out, so_error *err)
{
	return so_document_from_tree_reusing(arena, t, NULL, out, err);
}

so_status so_document_from_tree_reusing(so_arena *arena, so_tree *t, const so_document *prev, so_document **out,
                                        so_error *err)
{
	so_node *root;
	so_document *doc;
	so_status st;

	if (out)
		*out = NULL;
	if (!arena || !t || !out)
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_document_from_tree: missing argument");
	so_error_clear(err);
	st = so_tree_root(t, &root);
	if (st == SO_OK)
		st = model_read(arena, root, prev, &doc, err);
	if (st == SO_OK)
		st = so_model_normalize(arena, doc, err);
	if (st != SO_OK)
		return st;
	*out = doc;
	return SO_OK;
}

so_status so_yaml_to_json(so_arena *arena, const char *text, size_t len, char **out, size_t *out_len, so_error *err)
{
	so_node *root;
	so_status st;

	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!arena || !out || (!text && len))
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_yaml_to_json: missing argument");
	so_error_clear(err);
	st = so_node_parse(arena, text, len, &root, err);
	if (st != SO_OK)
		return st;
	return so_node_to_json(arena, root, false, out, out_len, err);
}

so_dialect so_document_dialect(const so_document *doc)
{
	return doc ? doc->dialect : 0;
}

const char *so_document_name(const so_document *doc)
{
	return doc ? doc->name : NULL;
}

const char *so_dialect_name(so_dialect dialect)
{
	switch (dialect) {
	case SO_DIALECT_POSTGRES:
		return "postgres";
	case SO_DIALECT_MARIADB:
		return "mariadb";
	}
	return "unknown";
}

const so_table *so_model_find_table(const so_document *doc, const char *name)
{
	size_t lo = 0, hi;

	if (!doc || !name)
		return NULL;
	hi = doc->n_tables;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(doc->tables[mid].name, name);
		if (c == 0)
			return &doc->tables[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const so_column *so_model_find_column(const so_table *t, const char *name)
{
	size_t i;

	if (!t || !name)
		return NULL;
	for (i = 0; i < t->n_columns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return &t->columns[i];
	return NULL;
}

const so_sequence *so_model_find_sequence(const so_document *doc, const char *name)
{
	size_t lo = 0, hi;

	if (!doc || !name)
		return NULL;
	hi = doc->n_sequences;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(doc->sequences[mid].name, name);
		if (c == 0)
			return &doc->sequences[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const so_opaque *so_model_find_opaque(const so_opaque *list, size_t n, const char *kind, const char *name)
{
	size_t lo = 0, hi = n;

	if (!list || !kind || !name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(list[mid].kind, kind);
		if (c == 0)
			c = strcmp(list[mid].name, name);
		if (c == 0)
			return &list[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
