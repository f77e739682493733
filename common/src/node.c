/*
 * node.c: YAML/JSON text -> so_node tree, built from libyaml's event API.
 *
 * The event API (not yaml_parser_load) is used so that the depth and node-count limits apply while the
 * text is read: a hostile document is stopped at its 65th level or its 1,000,001st node before it costs
 * more memory. Anchors and aliases are rejected outright (no "billion laughs" expansion is possible), and
 * the tree is built with an explicit stack, so no C recursion depends on the input.
 */
#include "node.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "schemaops/document.h"
#include "schemaops/strbuf.h"
#include "schemaops/tree.h"

so_status so_node_fail(so_error *err, so_status code, so_pos pos, const char *fmt, ...)
{
	char msg[SO_ERROR_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (pos.line > 0)
		return so_error_set(err, code, pos.line, pos.column, "line %d, column %d: %s", pos.line, pos.column,
		                    msg);
	return so_error_set(err, code, 0, 0, "%s", msg);
}

static so_pos mark_pos(yaml_mark_t m)
{
	so_pos p;
	/* libyaml marks are 0-based; size_t values beyond int are clamped rather than wrapped */
	p.line = m.line < 100000000 ? (int)m.line + 1 : 100000000;
	p.column = m.column < 100000000 ? (int)m.column + 1 : 100000000;
	return p;
}

/* Line/column of a byte offset (libyaml's reader errors carry only the offset). */
static so_pos offset_pos(const char *text, size_t len, size_t offset)
{
	so_pos p = {1, 1};
	size_t i;

	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			p.line++;
			p.column = 1;
		} else if ((c & 0xC0) != 0x80) {
			p.column++;
		}
		if (p.line >= 100000000)
			break;
	}
	return p;
}

typedef struct so_frame {
	so_node *node;
	size_t cap;
	bool have_key; /* mapping: a key was read, its value is next */
	const char *key;
	so_pos key_pos;
	bool direct;       /* members go straight into the node's own array (its size was given: so_tree_*_begin) */
	size_t first_node; /* the builder's node count with this collection counted: its subtree's size on close */
	int height;        /* levels of collections in its subtree, itself included (1: no nested collection) */
} so_frame;

/*
 * Members of a collection whose size is not known in advance (libyaml's events) are gathered in a buffer
 * kept per depth and reused by every collection at that depth, then copied once into an array of exactly
 * the right size when it closes: growing each node's own array by doubling left half of it unused.
 */
typedef struct so_scratch {
	unsigned char *buf;
	size_t cap; /* bytes */
} so_scratch;

/*
 * Short strings (keys and scalars) are stored once per document: a schema document repeats the same
 * column names, types, defaults and comments in every table, and each copy is memory the host must fault
 * in. The table starts after SO_INTERN_AFTER nodes, so small documents (options) never pay for it; when
 * its probes are exhausted a string is simply copied.
 */
#define SO_INTERN_SLOTS 16384 /* a power of two */
#define SO_INTERN_MAX_LEN 32
#define SO_INTERN_AFTER 1024
#define SO_INTERN_PROBES 8

typedef struct so_interned {
	const char *s;
	uint32_t len;
	uint32_t hash;
} so_interned;

typedef struct so_builder {
	so_arena *arena;
	so_error *err;
	so_frame stack[SO_DOCUMENT_MAX_DEPTH];
	int sp; /* number of open collections */
	size_t n_nodes;
	so_node *root;
	so_interned *intern; /* SO_INTERN_SLOTS entries once n_nodes passes SO_INTERN_AFTER, else NULL */
	so_scratch scratch[SO_DOCUMENT_MAX_DEPTH];
	so_tree_part last; /* the collection the last on_end() closed (its node is NULL before any) */
} so_builder;

/* An arena copy of val (len bytes, NUL added), shared with earlier equal short strings; NULL: no memory. */
static const char *builder_strndup(so_builder *b, const char *val, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i, k;
	char *copy;

	if (len > SO_INTERN_MAX_LEN || b->n_nodes < SO_INTERN_AFTER)
		return so_arena_strndup(b->arena, val, len);
	if (!b->intern) {
		b->intern = so_arena_calloc(b->arena, SO_INTERN_SLOTS, sizeof *b->intern);
		if (!b->intern)
			return NULL;
	}
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)val[i]) * 16777619u; /* FNV-1a */
	for (k = 0; k < SO_INTERN_PROBES; k++) {
		so_interned *e = &b->intern[(h + k) & (SO_INTERN_SLOTS - 1)];
		if (!e->s) {
			copy = so_arena_strndup(b->arena, val, len);
			if (copy) {
				e->s = copy;
				e->len = (uint32_t)len;
				e->hash = h;
			}
			return copy;
		}
		if (e->hash == h && e->len == len && memcmp(e->s, val, len) == 0)
			return e->s;
	}
	return so_arena_strndup(b->arena, val, len);
}

static so_status nomem(so_error *err)
{
	return so_error_set(err, SO_ERR_NOMEM, 0, 0, "out of memory while reading the document");
}

/* Grows an arena array of `elem` sized items to hold at least one more than `n`. */
static void *grow(so_arena *arena, void *old, size_t n, size_t *cap, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return old;
	ncap = *cap ? *cap * 2 : 4;
	if (ncap < *cap || ncap > (size_t)-1 / elem)
		return NULL;
	p = so_arena_alloc(arena, ncap * elem);
	if (!p)
		return NULL;
	if (old && n)
		memcpy(p, old, n * elem);
	*cap = ncap;
	return p;
}

static so_node *new_node(so_builder *b, so_node_type type, so_pos pos, so_status *st)
{
	so_node *n;

	if (++b->n_nodes > SO_DOCUMENT_MAX_NODES) {
		*st = so_node_fail(b->err, SO_ERR_LIMIT, pos, "document has more than %d nodes", SO_DOCUMENT_MAX_NODES);
		return NULL;
	}
	/* every field is set here: no memset of a million nodes */
	n = so_arena_alloc_aligned(b->arena, sizeof *n, 8);
	if (!n) {
		*st = nomem(b->err);
		return NULL;
	}
	n->type = type;
	n->quoted = false;
	n->pos = pos;
	n->scalar = NULL;
	n->scalar_len = 0;
	n->n_items = 0;
	n->n_pairs = 0;
	*st = SO_OK;
	return n;
}

/* Attaches a value node to the open collection (or makes it the root). */
static so_status attach(so_builder *b, so_node *n)
{
	so_frame *f;
	so_node *parent;
	so_node **items = NULL;
	so_node_pair *pairs = NULL;

	if (b->sp == 0) {
		b->root = n;
		return SO_OK;
	}
	f = &b->stack[b->sp - 1];
	parent = f->node;
	if (!f->direct) {
		/* into the depth's scratch buffer; on_end() gives the node its own array */
		so_scratch *sc = &b->scratch[b->sp - 1];
		size_t elem = parent->type == SO_NODE_SEQUENCE ? sizeof *items : sizeof *pairs;
		size_t have = parent->type == SO_NODE_SEQUENCE ? parent->n_items : parent->n_pairs;
		if (have + 1 > sc->cap / elem) {
			size_t ncap = sc->cap ? sc->cap * 2 : 64 * sizeof *pairs;
			unsigned char *nb = ncap > sc->cap ? so_arena_alloc(b->arena, ncap) : NULL;
			if (!nb)
				return nomem(b->err);
			if (have)
				memcpy(nb, sc->buf, have * elem);
			sc->buf = nb;
			sc->cap = ncap;
		}
		items = (so_node **)(void *)sc->buf;
		pairs = (so_node_pair *)(void *)sc->buf;
	} else if (parent->type == SO_NODE_SEQUENCE) {
		items = grow(b->arena, parent->items, parent->n_items, &f->cap, sizeof *items);
		if (!items)
			return nomem(b->err);
		parent->items = items;
	} else {
		pairs = grow(b->arena, parent->pairs, parent->n_pairs, &f->cap, sizeof *pairs);
		if (!pairs)
			return nomem(b->err);
		parent->pairs = pairs;
	}
	if (parent->type == SO_NODE_SEQUENCE) {
		items[parent->n_items++] = n;
	} else {
		pairs[parent->n_pairs].key = f->key;
		pairs[parent->n_pairs].key_pos = f->key_pos;
		pairs[parent->n_pairs].value = n;
		parent->n_pairs++;
		f->have_key = false;
		f->key = NULL;
	}
	return SO_OK;
}

/* True when the next node of the open collection is a mapping key. */
static bool expecting_key(const so_builder *b)
{
	const so_frame *f;

	if (b->sp == 0)
		return false;
	f = &b->stack[b->sp - 1];
	return f->node->type == SO_NODE_MAPPING && !f->have_key;
}

typedef struct so_keyref {
	const char *key;
	size_t idx;
} so_keyref;

static int keyref_cmp(const void *a, const void *b)
{
	const so_keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Duplicate keys: sorting a copy keeps this O(n log n), so a mapping with a million keys cannot make the
 * check quadratic. The duplicate reported is the earliest repeated key in document order.
 */
static so_status check_duplicates(so_builder *b, const so_node *map)
{
	so_keyref *refs;
	size_t i, best = (size_t)-1;

	if (map->n_pairs < 2)
		return SO_OK;
	if (map->n_pairs <= 8) {
		size_t j;
		for (j = 1; j < map->n_pairs; j++)
			for (i = 0; i < j; i++)
				if (strcmp(map->pairs[i].key, map->pairs[j].key) == 0)
					return so_node_fail(b->err, SO_ERR_INVALID, map->pairs[j].key_pos,
					                    "duplicate key \"%s\"", map->pairs[j].key);
		return SO_OK;
	}
	refs = so_arena_calloc(b->arena, map->n_pairs, sizeof *refs);
	if (!refs)
		return nomem(b->err);
	for (i = 0; i < map->n_pairs; i++) {
		refs[i].key = map->pairs[i].key;
		refs[i].idx = i;
	}
	qsort(refs, map->n_pairs, sizeof *refs, keyref_cmp);
	for (i = 1; i < map->n_pairs; i++) {
		/* within a run the first entry is the original; the second is the first repeat */
		/* cppcheck-suppress arrayIndexThenCheck ; i >= 2 is checked before refs[i - 2] is read */
		if (strcmp(refs[i].key, refs[i - 1].key) == 0 && (i < 2 || strcmp(refs[i - 2].key, refs[i].key) != 0))
			if (refs[i].idx < best)
				best = refs[i].idx;
	}
	if (best != (size_t)-1)
		return so_node_fail(b->err, SO_ERR_INVALID, map->pairs[best].key_pos, "duplicate key \"%s\"",
		                    map->pairs[best].key);
	return SO_OK;
}

static bool tag_is(const yaml_char_t *tag, const char *name)
{
	return tag && strcmp((const char *)tag, name) == 0;
}

/* Only the YAML core schema's own tags are allowed: application tags could mean anything. */
static bool tag_allowed(const yaml_char_t *tag)
{
	static const char *const ok_tags[] = {"!",
	                                      "tag:yaml.org,2002:str",
	                                      "tag:yaml.org,2002:int",
	                                      "tag:yaml.org,2002:float",
	                                      "tag:yaml.org,2002:bool",
	                                      "tag:yaml.org,2002:null",
	                                      "tag:yaml.org,2002:seq",
	                                      "tag:yaml.org,2002:map"};
	size_t i;

	if (!tag)
		return true;
	for (i = 0; i < sizeof ok_tags / sizeof ok_tags[0]; i++)
		if (tag_is(tag, ok_tags[i]))
			return true;
	return false;
}

static so_status build_scalar(so_builder *b, so_pos pos, const char *val, size_t len, bool quoted);

static so_status on_scalar(so_builder *b, const yaml_event_t *ev)
{
	so_pos pos = mark_pos(ev->start_mark);
	const char *val = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (ev->data.scalar.anchor)
		return so_node_fail(b->err, SO_ERR_INVALID, pos,
		                    "anchors and aliases are not supported (anchor \"%s\")", ev->data.scalar.anchor);
	if (!tag_allowed(ev->data.scalar.tag))
		return so_node_fail(b->err, SO_ERR_INVALID, pos, "tag \"%s\" is not supported",
		                    (const char *)ev->data.scalar.tag);
	return build_scalar(b, pos, val, len,
	                    ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag_is(ev->data.scalar.tag, "!") ||
	                        tag_is(ev->data.scalar.tag, "tag:yaml.org,2002:str"));
}

/* A scalar read at pos: the pending key of the open mapping when one is expected, else a value. */
static so_status build_scalar(so_builder *b, so_pos pos, const char *val, size_t len, bool quoted)
{
	so_status st;
	so_node *n;
	const char *copy;

	if (expecting_key(b)) {
		so_frame *f = &b->stack[b->sp - 1];
		if (memchr(val, '\0', len))
			return so_node_fail(b->err, SO_ERR_INVALID, pos, "mapping key contains a NUL character");
		if (++b->n_nodes > SO_DOCUMENT_MAX_NODES)
			return so_node_fail(b->err, SO_ERR_LIMIT, pos, "document has more than %d nodes",
			                    SO_DOCUMENT_MAX_NODES);
		f->key = builder_strndup(b, val, len);
		if (!f->key)
			return nomem(b->err);
		f->key_pos = pos;
		f->have_key = true;
		return SO_OK;
	}
	n = new_node(b, SO_NODE_SCALAR, pos, &st);
	if (!n)
		return st;
	copy = builder_strndup(b, val, len);
	if (!copy)
		return nomem(b->err);
	n->scalar = copy;
	n->scalar_len = (uint32_t)len; /* at most SO_DOCUMENT_MAX_BYTES: so_node_parse(), so_tree_scalar() */
	n->quoted = quoted;
	return attach(b, n);
}

static so_status build_start(so_builder *b, so_pos pos, so_node_type type);

static so_status on_start(so_builder *b, const yaml_event_t *ev, so_node_type type)
{
	so_pos pos = mark_pos(ev->start_mark);
	const yaml_char_t *anchor =
	    type == SO_NODE_SEQUENCE ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
	const yaml_char_t *tag = type == SO_NODE_SEQUENCE ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;

	if (anchor)
		return so_node_fail(b->err, SO_ERR_INVALID, pos,
		                    "anchors and aliases are not supported (anchor \"%s\")", anchor);
	if (!tag_allowed(tag))
		return so_node_fail(b->err, SO_ERR_INVALID, pos, "tag \"%s\" is not supported", (const char *)tag);
	return build_start(b, pos, type);
}

/* A mapping or sequence opened at pos, as a value of the open collection (or the root). */
static so_status build_start(so_builder *b, so_pos pos, so_node_type type)
{
	so_status st;
	so_node *n;
	so_frame *f;

	if (expecting_key(b))
		return so_node_fail(b->err, SO_ERR_INVALID, pos, "mapping keys must be scalars");
	if (b->sp >= SO_DOCUMENT_MAX_DEPTH)
		return so_node_fail(b->err, SO_ERR_LIMIT, pos, "document is nested deeper than %d levels",
		                    SO_DOCUMENT_MAX_DEPTH);
	n = new_node(b, type, pos, &st);
	if (!n)
		return st;
	st = attach(b, n);
	if (st != SO_OK)
		return st;
	f = &b->stack[b->sp++];
	memset(f, 0, sizeof *f);
	f->node = n;
	f->first_node = b->n_nodes;
	f->height = 1;
	return SO_OK;
}

static so_status on_end(so_builder *b)
{
	so_frame *f;

	if (b->sp == 0)
		return so_error_set(b->err, SO_ERR_INTERNAL, 0, 0, "unbalanced collection end");
	f = &b->stack[b->sp - 1];
	if (!f->direct) {
		/* the members gathered in the depth's scratch buffer, copied into an array of their own */
		so_node *node = f->node;
		size_t elem = node->type == SO_NODE_SEQUENCE ? sizeof *node->items : sizeof *node->pairs;
		size_t n = node->type == SO_NODE_SEQUENCE ? node->n_items : node->n_pairs;
		if (n) {
			void *own = so_arena_alloc_aligned(b->arena, n * elem, 8);
			if (!own)
				return nomem(b->err);
			memcpy(own, b->scratch[b->sp - 1].buf, n * elem);
			if (node->type == SO_NODE_SEQUENCE)
				node->items = own;
			else
				node->pairs = own;
		}
	}
	if (f->node->type == SO_NODE_MAPPING) {
		so_status st = check_duplicates(b, f->node);
		if (st != SO_OK)
			return st;
	}
	b->last.node = f->node;
	b->last.n_nodes = b->n_nodes - f->first_node + 1;
	b->last.height = f->height;
	if (b->sp > 1 && b->stack[b->sp - 2].height < f->height + 1)
		b->stack[b->sp - 2].height = f->height + 1;
	b->sp--;
	return SO_OK;
}

static so_status syntax_error(const yaml_parser_t *p, const char *text, size_t len, so_error *err)
{
	so_pos pos;
	const char *problem = p->problem ? p->problem : "malformed text";

	if (p->error == YAML_MEMORY_ERROR)
		return nomem(err);
	if (p->error == YAML_READER_ERROR) {
		pos = offset_pos(text, len, p->problem_offset);
		so_node_fail(err, SO_ERR_SYNTAX, pos, "invalid YAML/JSON text: %s", problem);
		if (p->problem_value != -1)
			so_error_detail(err, "byte offset %zu, value 0x%X", p->problem_offset,
			                (unsigned)p->problem_value);
		return SO_ERR_SYNTAX;
	}
	pos = mark_pos(p->problem_mark);
	if (p->context) {
		so_pos cpos = mark_pos(p->context_mark);
		so_node_fail(err, SO_ERR_SYNTAX, pos, "invalid YAML/JSON text: %s", problem);
		/* the message already carries the position: repeat it only when the context starts elsewhere */
		if (cpos.line == pos.line && cpos.column == pos.column)
			so_error_detail(err, "%s", p->context);
		else
			so_error_detail(err, "%s (line %d, column %d)", p->context, cpos.line, cpos.column);
		return SO_ERR_SYNTAX;
	}
	return so_node_fail(err, SO_ERR_SYNTAX, pos, "invalid YAML/JSON text: %s", problem);
}

so_status so_node_parse(so_arena *arena, const char *text, size_t len, so_node **out, so_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	so_builder *b;
	so_status st = SO_OK;
	int documents = 0;
	bool done = false;

	if (out)
		*out = NULL;
	if (!arena || !out || (!text && len))
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_node_parse: missing argument");
	if (len > SO_DOCUMENT_MAX_BYTES)
		return so_error_set(err, SO_ERR_LIMIT, 0, 0, "document is larger than %zu bytes (%zu bytes)",
		                    SO_DOCUMENT_MAX_BYTES, len);
	b = so_arena_calloc(arena, 1, sizeof *b);
	if (!b)
		return nomem(err);
	b->arena = arena;
	b->err = err;

	if (!yaml_parser_initialize(&parser))
		return nomem(err);
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text ? text : ""), len);
	/* schema documents are UTF-8; a UTF-16 BOM must not switch the reader to another encoding */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			st = syntax_error(&parser, text ? text : "", len, err);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1)
				st = so_node_fail(err, SO_ERR_INVALID, mark_pos(ev.start_mark),
				                  "more than one document in the text");
			break;
		case YAML_ALIAS_EVENT:
			st = so_node_fail(err, SO_ERR_INVALID, mark_pos(ev.start_mark),
			                  "anchors and aliases are not supported (alias \"%s\")",
			                  (const char *)ev.data.alias.anchor);
			break;
		case YAML_SCALAR_EVENT:
			st = on_scalar(b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			st = on_start(b, &ev, SO_NODE_SEQUENCE);
			break;
		case YAML_MAPPING_START_EVENT:
			st = on_start(b, &ev, SO_NODE_MAPPING);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			st = on_end(b);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (st != SO_OK)
			break;
	}
	yaml_parser_delete(&parser);
	if (st != SO_OK)
		return st;
	if (!b->root) {
		/* an empty text is an empty (null) document, as in YAML */
		so_pos p = {1, 1};
		b->root = new_node(b, SO_NODE_SCALAR, p, &st);
		if (!b->root)
			return st;
		b->root->scalar = "";
		b->root->scalar_len = 0;
	}
	*out = b->root;
	return SO_OK;
}

/* ---------- building a tree without text (schemaops/tree.h) ---------- */

#define SO_TREE_KEYS 256 /* interned mapping keys: a document repeats a few dozen keys a million times */

struct so_tree {
	so_builder b;
	int seq;      /* synthetic positions: line 1, column = the node's number in document order */
	bool last_ok; /* the last call was a successful so_tree_end(): b.last is what so_tree_last() gives */
	const char *keys[SO_TREE_KEYS];
	size_t key_len[SO_TREE_KEYS];
};

so_tree *so_tree_create(so_arena *arena, so_error *err)
{
	so_tree *t;

	if (!arena) {
		so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_tree_create: missing argument");
		return NULL;
	}
	t = so_arena_calloc(arena, 1, sizeof *t);
	if (!t) {
		nomem(err);
		return NULL;
	}
	t->b.arena = arena;
	t->b.err = err;
	return t;
}

static so_pos tree_pos(so_tree *t)
{
	so_pos p;
	p.line = 1;
	p.column = t->seq < 100000000 ? ++t->seq : t->seq;
	return p;
}

/*
 * True when the UTF-8 text s is something the YAML reader accepts inside a JSON string as written by a
 * JSON writer that escapes only the C0 controls, '"' and '\\' (PostgreSQL's escape_json): well-formed
 * UTF-8 without DEL, C1 controls other than NEL, U+FFFE and U+FFFF (libyaml's reader, yaml_parser_update_buffer;
 * YAML 1.1, "Character Set"). Control characters below U+0020 are escaped by such a writer, so allowed.
 */
static bool yaml_text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	while (p < e) {
		unsigned c = *p, v;
		size_t w, i;
		if (c < 0x80) {
			if (c == 0x7F)
				return false;
			p++;
			continue;
		}
		w = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!w || (size_t)(e - p) < w)
			return false;
		v = w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
		for (i = 1; i < w; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			v = (v << 6) | (p[i] & 0x3F);
		}
		/* overlong forms, surrogates, beyond U+10FFFF, and the characters YAML does not allow */
		if ((w == 2 && v < 0x80) || (w == 3 && v < 0x800) || (w == 4 && v < 0x10000) || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF) || (v < 0xA0 && v != 0x85) || v == 0xFFFE || v == 0xFFFF)
			return false;
		p += w;
	}
	return true;
}

static so_status tree_text_check(so_tree *t, so_pos pos, const char *s, size_t len)
{
	if (!yaml_text_ok(s, len))
		return so_node_fail(t->b.err, SO_ERR_SYNTAX, pos,
		                    "invalid YAML/JSON text: not UTF-8 or a character YAML does not allow");
	return SO_OK;
}

/* Opens a collection with room for `size` members when the caller knows it (no regrowing, no slack). */
static so_status tree_begin(so_tree *t, so_node_type type, size_t size)
{
	so_status st;
	so_frame *f;
	so_node *n;

	t->last_ok = false;
	st = build_start(&t->b, tree_pos(t), type);
	if (st != SO_OK || size == 0 || size > SO_DOCUMENT_MAX_NODES)
		return st;
	f = &t->b.stack[t->b.sp - 1];
	f->direct = true;
	n = f->node;
	if (type == SO_NODE_SEQUENCE)
		n->items = so_arena_alloc(t->b.arena, size * sizeof *n->items);
	else
		n->pairs = so_arena_alloc(t->b.arena, size * sizeof *n->pairs);
	if (!n->items) /* the pointers share their storage (node.h) */
		return nomem(t->b.err);
	f->cap = size;
	return SO_OK;
}

so_status so_tree_mapping_begin(so_tree *t, size_t size)
{
	return tree_begin(t, SO_NODE_MAPPING, size);
}

so_status so_tree_sequence_begin(so_tree *t, size_t size)
{
	return tree_begin(t, SO_NODE_SEQUENCE, size);
}

/* The arena copy of a key, shared by every mapping that uses the same key (FNV-1a, linear probing). */
static const char *tree_intern(so_tree *t, const char *key, size_t len)
{
	unsigned long h = 2166136261UL;
	size_t i, k;
	char *copy;

	for (i = 0; i < len; i++)
		h = ((h ^ (unsigned char)key[i]) * 16777619UL) & 0xFFFFFFFFUL;
	for (k = 0; k < SO_TREE_KEYS; k++) {
		size_t slot = (h + k) % SO_TREE_KEYS;
		if (!t->keys[slot]) {
			copy = so_arena_strndup(t->b.arena, key, len);
			t->keys[slot] = copy;
			t->key_len[slot] = len;
			return copy;
		}
		if (t->key_len[slot] == len && memcmp(t->keys[slot], key, len) == 0)
			return t->keys[slot];
	}
	return so_arena_strndup(t->b.arena, key, len); /* table full: a plain copy */
}

so_status so_tree_key(so_tree *t, const char *key, size_t len)
{
	so_pos pos = tree_pos(t);
	so_status st;
	so_frame *f;

	t->last_ok = false;
	if (!expecting_key(&t->b) || (!key && len))
		return so_error_set(t->b.err, SO_ERR_ARGUMENT, 0, 0, "so_tree_key: no mapping is waiting for a key");
	if (!key)
		key = "";
	st = tree_text_check(t, pos, key, len);
	if (st != SO_OK)
		return st;
	/* as build_scalar() does for a key, with the copy interned */
	if (memchr(key, '\0', len))
		return so_node_fail(t->b.err, SO_ERR_INVALID, pos, "mapping key contains a NUL character");
	if (++t->b.n_nodes > SO_DOCUMENT_MAX_NODES)
		return so_node_fail(t->b.err, SO_ERR_LIMIT, pos, "document has more than %d nodes",
		                    SO_DOCUMENT_MAX_NODES);
	f = &t->b.stack[t->b.sp - 1];
	f->key = tree_intern(t, key, len);
	if (!f->key)
		return nomem(t->b.err);
	f->key_pos = pos;
	f->have_key = true;
	return SO_OK;
}

so_status so_tree_scalar(so_tree *t, const char *s, size_t len, bool quoted)
{
	so_pos pos = tree_pos(t);
	so_status st;

	t->last_ok = false;
	if (expecting_key(&t->b) || (!s && len) || (t->b.sp == 0 && t->b.root))
		return so_error_set(t->b.err, SO_ERR_ARGUMENT, 0, 0, "so_tree_scalar: a mapping key is expected");
	if (len > SO_DOCUMENT_MAX_BYTES)
		return so_node_fail(t->b.err, SO_ERR_LIMIT, pos, "document is larger than %zu bytes",
		                    SO_DOCUMENT_MAX_BYTES);
	st = tree_text_check(t, pos, s ? s : "", len);
	return st != SO_OK ? st : build_scalar(&t->b, pos, s ? s : "", len, quoted);
}

so_status so_tree_end(so_tree *t)
{
	so_status st;

	t->last_ok = false;
	if (t->b.sp == 0)
		return so_error_set(t->b.err, SO_ERR_ARGUMENT, 0, 0, "so_tree_end: no collection is open");
	if (t->b.stack[t->b.sp - 1].have_key)
		return so_error_set(t->b.err, SO_ERR_ARGUMENT, 0, 0, "so_tree_end: a key has no value");
	st = on_end(&t->b);
	t->last_ok = (st == SO_OK);
	return st;
}

bool so_tree_last(const so_tree *t, so_tree_part *out)
{
	if (!t || !out || !t->last_ok)
		return false;
	*out = t->b.last;
	return true;
}

so_status so_tree_reuse(so_tree *t, const so_tree_part *part)
{
	so_pos pos = tree_pos(t);
	so_builder *b = &t->b;
	so_status st;

	t->last_ok = false;
	if (!part || !part->node || part->height < 1 || expecting_key(b) || (b->sp == 0 && b->root))
		return so_error_set(b->err, SO_ERR_ARGUMENT, 0, 0, "so_tree_reuse: no value is expected here");
	/* the checks build_start() and new_node() make for every collection and node of the part */
	if (b->sp + part->height > SO_DOCUMENT_MAX_DEPTH)
		return so_node_fail(b->err, SO_ERR_LIMIT, pos, "document is nested deeper than %d levels",
		                    SO_DOCUMENT_MAX_DEPTH);
	if (part->n_nodes > SO_DOCUMENT_MAX_NODES - b->n_nodes)
		return so_node_fail(b->err, SO_ERR_LIMIT, pos, "document has more than %d nodes",
		                    SO_DOCUMENT_MAX_NODES);
	b->n_nodes += part->n_nodes;
	/* later positions as if the part's nodes had been numbered here (they keep their own) */
	t->seq = part->n_nodes < (size_t)(100000000 - t->seq) ? t->seq + (int)part->n_nodes - 1 : 100000000;
	st = attach(b, (so_node *)part->node); /* attach() links it; nothing in it is written */
	if (st != SO_OK)
		return st;
	if (b->sp > 0 && b->stack[b->sp - 1].height < part->height + 1)
		b->stack[b->sp - 1].height = part->height + 1;
	return SO_OK;
}

so_status so_tree_root(so_tree *t, so_node **out)
{
	*out = NULL;
	if (!t->b.root || t->b.sp != 0)
		return so_error_set(t->b.err, SO_ERR_ARGUMENT, 0, 0, "so_tree_root: the tree is not complete");
	*out = t->b.root;
	return SO_OK;
}

const so_node *so_node_get(const so_node *map, const char *key)
{
	size_t i;

	if (!map || !key || map->type != SO_NODE_MAPPING)
		return NULL;
	for (i = 0; i < map->n_pairs; i++)
		if (strcmp(map->pairs[i].key, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

bool so_node_is_null(const so_node *n)
{
	if (!n)
		return true;
	if (n->type != SO_NODE_SCALAR || n->quoted)
		return false;
	return n->scalar_len == 0 || strcmp(n->scalar, "~") == 0 || strcmp(n->scalar, "null") == 0 ||
	       strcmp(n->scalar, "Null") == 0 || strcmp(n->scalar, "NULL") == 0;
}

/* Unquoted true/false in the three spellings YAML and JSON share; returns -1 for anything else. */
static int scalar_bool(const so_node *n)
{
	if (!n || n->type != SO_NODE_SCALAR || n->quoted)
		return -1;
	if (!strcmp(n->scalar, "true") || !strcmp(n->scalar, "True") || !strcmp(n->scalar, "TRUE"))
		return 1;
	if (!strcmp(n->scalar, "false") || !strcmp(n->scalar, "False") || !strcmp(n->scalar, "FALSE"))
		return 0;
	return -1;
}

/* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? over the whole scalar. */
static bool scalar_is_json_number(const char *s, size_t len)
{
	size_t i = 0;

	if (i < len && s[i] == '-')
		i++;
	if (i >= len)
		return false;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < len && s[i] == '.') {
		size_t start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t start;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	return i == len;
}

static const char *kind_name(const so_node *n)
{
	if (!n)
		return "missing";
	switch (n->type) {
	case SO_NODE_SEQUENCE:
		return "a list";
	case SO_NODE_MAPPING:
		return "a mapping";
	default:
		return so_node_is_null(n) ? "null" : "a scalar";
	}
}

so_status so_node_bool(const so_node *n, const char *what, bool *out, so_error *err)
{
	int v = scalar_bool(n);
	so_pos none = {0, 0};

	if (v < 0) {
		if (n && n->type == SO_NODE_SCALAR && !so_node_is_null(n))
			return so_node_fail(err, SO_ERR_INVALID, n->pos, "%s must be true or false, not \"%s\"",
			                    what ? what : "value", n->scalar);
		return so_node_fail(err, SO_ERR_INVALID, n ? n->pos : none, "%s must be true or false, not %s",
		                    what ? what : "value", kind_name(n));
	}
	*out = v == 1;
	return SO_OK;
}

so_status so_node_int(const so_node *n, const char *what, long long *out, so_error *err)
{
	so_pos none = {0, 0};
	const char *s;
	size_t i = 0;
	bool neg = false;
	unsigned long long v = 0, lim;

	if (!n || n->type != SO_NODE_SCALAR || n->quoted || n->scalar_len == 0)
		goto bad;
	s = n->scalar;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	if (i >= n->scalar_len)
		goto bad;
	lim = neg ? (unsigned long long)9223372036854775807LL + 1 : 9223372036854775807ULL;
	for (; i < n->scalar_len; i++) {
		unsigned d;
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		d = (unsigned)(s[i] - '0');
		if (v > (lim - d) / 10)
			return so_node_fail(err, SO_ERR_INVALID, n->pos, "%s is out of range: %s",
			                    what ? what : "value", s);
		v = v * 10 + d;
	}
	if (neg)
		*out =
		    v == (unsigned long long)9223372036854775807LL + 1 ? (-9223372036854775807LL - 1) : -(long long)v;
	else
		*out = (long long)v;
	return SO_OK;
bad:
	if (n && n->type == SO_NODE_SCALAR)
		return so_node_fail(err, SO_ERR_INVALID, n->pos, "%s must be an integer, not \"%s\"",
		                    what ? what : "value", n->scalar);
	return so_node_fail(err, SO_ERR_INVALID, n ? n->pos : none, "%s must be an integer, not %s",
	                    what ? what : "value", kind_name(n));
}

so_status so_node_string(const so_node *n, const char *what, const char **out, so_error *err)
{
	so_pos none = {0, 0};

	if (so_node_is_null(n)) {
		*out = NULL;
		return SO_OK;
	}
	if (n->type != SO_NODE_SCALAR)
		return so_node_fail(err, SO_ERR_INVALID, n->pos, "%s must be a string, not %s", what ? what : "value",
		                    kind_name(n));
	if (strlen(n->scalar) != n->scalar_len)
		return so_node_fail(err, SO_ERR_INVALID, n ? n->pos : none, "%s contains a NUL character",
		                    what ? what : "value");
	*out = n->scalar;
	return SO_OK;
}

/* ---- JSON output ---- */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not valid UTF-8 (overlong, surrogate, ...). */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned c = s[0];
	unsigned cp;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

bool so_json_append_string(so_strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	so_strbuf_append_char(sb, '"');
	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		const char *esc = NULL;
		char u[7];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
			i++;
			run++;
			continue;
		}
		if (c >= 0x80) {
			unsigned cp;
			n = utf8_seq(p + i, len - i);
			if (n == 0)
				return false;
			cp = n == 2   ? ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu)
			     : n == 3 ? ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu)
			              : 0;
			/* YAML (which reads this JSON back) takes NEL, LS and PS as line breaks and refuses C1 controls
			   and U+FFFE/U+FFFF: those are written escaped (found by fuzzing) */
			if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE ||
			    cp == 0xFFFF) {
				so_strbuf_append_n(sb, (const char *)p + i - run, run);
				run = 0;
				so_strbuf_appendf(sb, "\\u%04x", cp);
				i += n;
				continue;
			}
			i += n;
			run += n;
			continue;
		}
		so_strbuf_append_n(sb, (const char *)p + i - run, run);
		run = 0;
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4], u[5] = hex[c & 15],
			u[6] = 0;
			esc = u;
			break;
		}
		so_strbuf_append(sb, esc);
		i++;
	}
	so_strbuf_append_n(sb, (const char *)p + i - run, run);
	so_strbuf_append_char(sb, '"');
	return true;
}

static int pair_cmp(const void *a, const void *b)
{
	const so_node_pair *const *x = a, *const *y = b;
	return strcmp((*x)->key, (*y)->key);
}

static so_status to_json(so_arena *arena, so_strbuf *sb, const so_node *n, bool sort_keys, int depth, so_error *err)
{
	size_t i;
	so_status st;

	if (!n)
		return so_error_set(err, SO_ERR_INTERNAL, 0, 0, "missing node");
	/* trees from so_node_parse are at most SO_DOCUMENT_MAX_DEPTH deep; this guards hand-built ones */
	if (depth > SO_DOCUMENT_MAX_DEPTH + 1)
		return so_node_fail(err, SO_ERR_LIMIT, n->pos, "document is nested deeper than %d levels",
		                    SO_DOCUMENT_MAX_DEPTH);
	switch (n->type) {
	case SO_NODE_SCALAR:
		if (so_node_is_null(n))
			so_strbuf_append(sb, "null");
		else if (scalar_bool(n) >= 0)
			so_strbuf_append(sb, scalar_bool(n) ? "true" : "false");
		else if (!n->quoted && scalar_is_json_number(n->scalar, n->scalar_len))
			so_strbuf_append_n(sb, n->scalar, n->scalar_len);
		else if (!so_json_append_string(sb, n->scalar, n->scalar_len))
			return so_node_fail(err, SO_ERR_SYNTAX, n->pos, "invalid UTF-8 in a string");
		return SO_OK;
	case SO_NODE_SEQUENCE:
		so_strbuf_append_char(sb, '[');
		for (i = 0; i < n->n_items; i++) {
			if (i)
				so_strbuf_append_char(sb, ',');
			st = to_json(arena, sb, n->items[i], sort_keys, depth + 1, err);
			if (st != SO_OK)
				return st;
		}
		so_strbuf_append_char(sb, ']');
		return SO_OK;
	case SO_NODE_MAPPING: {
		const so_node_pair **order;
		order = so_arena_calloc(arena, n->n_pairs ? n->n_pairs : 1, sizeof *order);
		if (!order)
			return nomem(err);
		for (i = 0; i < n->n_pairs; i++)
			order[i] = &n->pairs[i];
		if (sort_keys && n->n_pairs > 1)
			qsort(order, n->n_pairs, sizeof *order, pair_cmp);
		so_strbuf_append_char(sb, '{');
		for (i = 0; i < n->n_pairs; i++) {
			if (i)
				so_strbuf_append_char(sb, ',');
			if (!so_json_append_string(sb, order[i]->key, strlen(order[i]->key)))
				return so_node_fail(err, SO_ERR_SYNTAX, order[i]->key_pos, "invalid UTF-8 in a key");
			so_strbuf_append_char(sb, ':');
			st = to_json(arena, sb, order[i]->value, sort_keys, depth + 1, err);
			if (st != SO_OK)
				return st;
		}
		so_strbuf_append_char(sb, '}');
		return SO_OK;
	}
	}
	return so_error_set(err, SO_ERR_INTERNAL, 0, 0, "unknown node type");
}

so_status so_node_to_json(so_arena *arena, const so_node *n, bool sort_keys, char **out, size_t *out_len, so_error *err)
{
	so_strbuf sb;
	so_status st;

	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!arena || !out)
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_node_to_json: missing argument");
	so_strbuf_init(&sb, arena);
	st = to_json(arena, &sb, n, sort_keys, 0, err);
	if (st != SO_OK)
		return st;
	if (so_strbuf_status(&sb) != SO_OK)
		return nomem(err);
	*out = sb.data;
	if (out_len)
		*out_len = sb.len;
	return SO_OK;
}
