/*
 * pg_casts.c: is there a PostgreSQL cast path between two column types (pg_casts.h)?
 *
 * Rules (PostgreSQL 15 manual, CREATE CAST, Notes; 10.3 "Type Conversion"; parse_coerce.c
 * find_coercion_pathway): a type converts to itself (a typmod change is a length coercion); a domain converts as
 * its base type; an array converts to an array element by element when the elements convert; every type
 * converts to and from the string types (text, character varying, character, name) through its I/O functions;
 * otherwise only a pg_cast entry gives a path.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "node.h"
#include "pg_casts.h"

typedef struct cast_pair {
	const char *source, *target;
} cast_pair;

/* PostgreSQL 15's built-in pg_cast, sorted by (source, target) in byte order; from
   SELECT format_type(castsource, NULL), format_type(casttarget, NULL) FROM pg_cast
   WHERE castsource < 10000 AND casttarget < 10000 AND castsource <> casttarget */
static const cast_pair builtin_casts[] = {
    {"\"char\"", "character"},
    {"\"char\"", "character varying"},
    {"\"char\"", "integer"},
    {"\"char\"", "text"},
    {"bigint", "bit"},
    {"bigint", "double precision"},
    {"bigint", "integer"},
    {"bigint", "money"},
    {"bigint", "numeric"},
    {"bigint", "oid"},
    {"bigint", "real"},
    {"bigint", "regclass"},
    {"bigint", "regcollation"},
    {"bigint", "regconfig"},
    {"bigint", "regdictionary"},
    {"bigint", "regnamespace"},
    {"bigint", "regoper"},
    {"bigint", "regoperator"},
    {"bigint", "regproc"},
    {"bigint", "regprocedure"},
    {"bigint", "regrole"},
    {"bigint", "regtype"},
    {"bigint", "smallint"},
    {"bit", "bigint"},
    {"bit", "bit varying"},
    {"bit", "integer"},
    {"bit varying", "bit"},
    {"boolean", "character"},
    {"boolean", "character varying"},
    {"boolean", "integer"},
    {"boolean", "text"},
    {"box", "circle"},
    {"box", "lseg"},
    {"box", "point"},
    {"box", "polygon"},
    {"character", "\"char\""},
    {"character", "character varying"},
    {"character", "name"},
    {"character", "text"},
    {"character", "xml"},
    {"character varying", "\"char\""},
    {"character varying", "character"},
    {"character varying", "name"},
    {"character varying", "regclass"},
    {"character varying", "text"},
    {"character varying", "xml"},
    {"cidr", "character"},
    {"cidr", "character varying"},
    {"cidr", "inet"},
    {"cidr", "text"},
    {"circle", "box"},
    {"circle", "point"},
    {"circle", "polygon"},
    {"date", "timestamp with time zone"},
    {"date", "timestamp without time zone"},
    {"daterange", "datemultirange"},
    {"double precision", "bigint"},
    {"double precision", "integer"},
    {"double precision", "numeric"},
    {"double precision", "real"},
    {"double precision", "smallint"},
    {"inet", "character"},
    {"inet", "character varying"},
    {"inet", "cidr"},
    {"inet", "text"},
    {"int4range", "int4multirange"},
    {"int8range", "int8multirange"},
    {"integer", "\"char\""},
    {"integer", "bigint"},
    {"integer", "bit"},
    {"integer", "boolean"},
    {"integer", "double precision"},
    {"integer", "money"},
    {"integer", "numeric"},
    {"integer", "oid"},
    {"integer", "real"},
    {"integer", "regclass"},
    {"integer", "regcollation"},
    {"integer", "regconfig"},
    {"integer", "regdictionary"},
    {"integer", "regnamespace"},
    {"integer", "regoper"},
    {"integer", "regoperator"},
    {"integer", "regproc"},
    {"integer", "regprocedure"},
    {"integer", "regrole"},
    {"integer", "regtype"},
    {"integer", "smallint"},
    {"interval", "time without time zone"},
    {"json", "jsonb"},
    {"jsonb", "bigint"},
    {"jsonb", "boolean"},
    {"jsonb", "double precision"},
    {"jsonb", "integer"},
    {"jsonb", "json"},
    {"jsonb", "numeric"},
    {"jsonb", "real"},
    {"jsonb", "smallint"},
    {"lseg", "point"},
    {"macaddr", "macaddr8"},
    {"macaddr8", "macaddr"},
    {"money", "numeric"},
    {"name", "character"},
    {"name", "character varying"},
    {"name", "text"},
    {"numeric", "bigint"},
    {"numeric", "double precision"},
    {"numeric", "integer"},
    {"numeric", "money"},
    {"numeric", "real"},
    {"numeric", "smallint"},
    {"numrange", "nummultirange"},
    {"oid", "bigint"},
    {"oid", "integer"},
    {"oid", "regclass"},
    {"oid", "regcollation"},
    {"oid", "regconfig"},
    {"oid", "regdictionary"},
    {"oid", "regnamespace"},
    {"oid", "regoper"},
    {"oid", "regoperator"},
    {"oid", "regproc"},
    {"oid", "regprocedure"},
    {"oid", "regrole"},
    {"oid", "regtype"},
    {"path", "polygon"},
    {"pg_dependencies", "bytea"},
    {"pg_dependencies", "text"},
    {"pg_mcv_list", "bytea"},
    {"pg_mcv_list", "text"},
    {"pg_ndistinct", "bytea"},
    {"pg_ndistinct", "text"},
    {"pg_node_tree", "text"},
    {"point", "box"},
    {"polygon", "box"},
    {"polygon", "circle"},
    {"polygon", "path"},
    {"polygon", "point"},
    {"real", "bigint"},
    {"real", "double precision"},
    {"real", "integer"},
    {"real", "numeric"},
    {"real", "smallint"},
    {"regclass", "bigint"},
    {"regclass", "integer"},
    {"regclass", "oid"},
    {"regcollation", "bigint"},
    {"regcollation", "integer"},
    {"regcollation", "oid"},
    {"regconfig", "bigint"},
    {"regconfig", "integer"},
    {"regconfig", "oid"},
    {"regdictionary", "bigint"},
    {"regdictionary", "integer"},
    {"regdictionary", "oid"},
    {"regnamespace", "bigint"},
    {"regnamespace", "integer"},
    {"regnamespace", "oid"},
    {"regoper", "bigint"},
    {"regoper", "integer"},
    {"regoper", "oid"},
    {"regoper", "regoperator"},
    {"regoperator", "bigint"},
    {"regoperator", "integer"},
    {"regoperator", "oid"},
    {"regoperator", "regoper"},
    {"regproc", "bigint"},
    {"regproc", "integer"},
    {"regproc", "oid"},
    {"regproc", "regprocedure"},
    {"regprocedure", "bigint"},
    {"regprocedure", "integer"},
    {"regprocedure", "oid"},
    {"regprocedure", "regproc"},
    {"regrole", "bigint"},
    {"regrole", "integer"},
    {"regrole", "oid"},
    {"regtype", "bigint"},
    {"regtype", "integer"},
    {"regtype", "oid"},
    {"smallint", "bigint"},
    {"smallint", "double precision"},
    {"smallint", "integer"},
    {"smallint", "numeric"},
    {"smallint", "oid"},
    {"smallint", "real"},
    {"smallint", "regclass"},
    {"smallint", "regcollation"},
    {"smallint", "regconfig"},
    {"smallint", "regdictionary"},
    {"smallint", "regnamespace"},
    {"smallint", "regoper"},
    {"smallint", "regoperator"},
    {"smallint", "regproc"},
    {"smallint", "regprocedure"},
    {"smallint", "regrole"},
    {"smallint", "regtype"},
    {"text", "\"char\""},
    {"text", "character"},
    {"text", "character varying"},
    {"text", "name"},
    {"text", "regclass"},
    {"text", "xml"},
    {"time with time zone", "time without time zone"},
    {"time without time zone", "interval"},
    {"time without time zone", "time with time zone"},
    {"timestamp with time zone", "date"},
    {"timestamp with time zone", "time with time zone"},
    {"timestamp with time zone", "time without time zone"},
    {"timestamp with time zone", "timestamp without time zone"},
    {"timestamp without time zone", "date"},
    {"timestamp without time zone", "time without time zone"},
    {"timestamp without time zone", "timestamp with time zone"},
    {"tsrange", "tsmultirange"},
    {"tstzrange", "tstzmultirange"},
    {"xid8", "xid"},
    {"xml", "character"},
    {"xml", "character varying"},
    {"xml", "text"},
};

/* PostgreSQL 15's built-in scalar types (format_type spelling, byte order): oid < 10000, not arrays */
static const char *const builtin_types[] = {
    "\"any\"",
    "\"char\"",
    "aclitem",
    "anyarray",
    "anycompatible",
    "anycompatiblearray",
    "anycompatiblemultirange",
    "anycompatiblenonarray",
    "anycompatiblerange",
    "anyelement",
    "anyenum",
    "anymultirange",
    "anynonarray",
    "anyrange",
    "bigint",
    "bit",
    "bit varying",
    "boolean",
    "box",
    "bytea",
    "character",
    "character varying",
    "cid",
    "cidr",
    "circle",
    "cstring",
    "date",
    "datemultirange",
    "daterange",
    "double precision",
    "event_trigger",
    "fdw_handler",
    "gtsvector",
    "index_am_handler",
    "inet",
    "int4multirange",
    "int4range",
    "int8multirange",
    "int8range",
    "integer",
    "internal",
    "interval",
    "json",
    "jsonb",
    "jsonpath",
    "language_handler",
    "line",
    "lseg",
    "macaddr",
    "macaddr8",
    "money",
    "name",
    "numeric",
    "nummultirange",
    "numrange",
    "oid",
    "path",
    "pg_brin_bloom_summary",
    "pg_brin_minmax_multi_summary",
    "pg_ddl_command",
    "pg_dependencies",
    "pg_lsn",
    "pg_mcv_list",
    "pg_ndistinct",
    "pg_node_tree",
    "pg_snapshot",
    "point",
    "polygon",
    "real",
    "record",
    "refcursor",
    "regclass",
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
    "regrole",
    "regtype",
    "smallint",
    "table_am_handler",
    "text",
    "tid",
    "time with time zone",
    "time without time zone",
    "timestamp with time zone",
    "timestamp without time zone",
    "trigger",
    "tsm_handler",
    "tsmultirange",
    "tsquery",
    "tsrange",
    "tstzmultirange",
    "tstzrange",
    "tsvector",
    "txid_snapshot",
    "unknown",
    "uuid",
    "void",
    "xid",
    "xid8",
    "xml",
};

static const char *const string_types[] = {"character", "character varying", "name", "text"};

enum { NAME_MAX_LEN = 256, RESOLVE_DEPTH = 16 };

typedef enum { TYPE_UNKNOWN, TYPE_BUILTIN, TYPE_DOCUMENT } type_origin;

typedef struct rtype {
	char name[NAME_MAX_LEN]; /* without typmod and array suffix */
	int dims;
	type_origin origin;
} rtype;

static int cmp_str(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

static int cmp_cast(const void *key, const void *elem)
{
	const cast_pair *k = key, *e = elem;
	int c = strcmp(k->source, e->source);
	return c ? c : strcmp(k->target, e->target);
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	return bsearch(name, list, n, sizeof *list, cmp_str) != NULL;
}

static bool is_string(const rtype *t)
{
	return t->dims == 0 && t->origin == TYPE_BUILTIN &&
	       in_list(t->name, string_types, sizeof string_types / sizeof *string_types);
}

/* `in` without typmods ("(...)" outside quotes), array suffixes (counted into *dims), interval fields and
   extra blanks; false when it does not fit */
static bool strip_type(const char *in, char *out, int *dims)
{
	size_t n = 0;
	int depth = 0;
	bool quoted = false, blank = false;
	const char *p;

	for (p = in; *p; p++) {
		char ch = *p;
		if (!quoted && ch == '(') {
			depth++;
			continue;
		}
		if (!quoted && ch == ')') {
			depth -= depth > 0;
			continue;
		}
		if (depth)
			continue;
		if (ch == '"')
			quoted = !quoted;
		if (!quoted && (ch == ' ' || ch == '\t' || ch == '\n')) {
			blank = n > 0;
			continue;
		}
		if (n + 2 >= NAME_MAX_LEN)
			return false;
		if (blank && !(ch == '[' && !quoted))
			out[n++] = ' ';
		blank = false;
		out[n++] = ch;
	}
	out[n] = '\0';
	while (n >= 2 && out[n - 2] == '[' && out[n - 1] == ']') {
		n -= 2;
		out[n] = '\0';
		(*dims)++;
		while (n && out[n - 1] == ' ')
			out[--n] = '\0';
	}
	if (!strncmp(out, "interval ", 9))
		out[8] = '\0'; /* interval year to month, interval day to second ... */
	return n > 0;
}

/* "name" -> name (a quoted identifier as format_type writes it), for the documents' lookup */
static void unquote(const char *in, char *out)
{
	size_t len = strlen(in), i, n = 0;
	if (len < 2 || in[0] != '"' || in[len - 1] != '"') {
		memcpy(out, in, len + 1);
		return;
	}
	for (i = 1; i + 1 < len; i++) {
		out[n++] = in[i];
		if (in[i] == '"' && in[i + 1] == '"')
			i++;
	}
	out[n] = '\0';
}

static void resolve(const char *type, so_pg_type_lookup lookup, const void *ctx, rtype *t)
{
	int depth;
	t->dims = 0;
	t->origin = TYPE_UNKNOWN;
	if (!type || !strip_type(type, t->name, &t->dims))
		return;
	for (depth = 0; depth < RESOLVE_DEPTH; depth++) {
		char plain[NAME_MAX_LEN];
		const char *base = NULL;
		unquote(t->name, plain);
		if (lookup && lookup(ctx, plain, &base)) {
			if (!base) {
				t->origin = TYPE_DOCUMENT;
				return;
			}
			if (!strip_type(base, t->name, &t->dims))
				return; /* unknown */
			continue;
		}
		if (in_list(t->name, builtin_types, sizeof builtin_types / sizeof *builtin_types))
			t->origin = TYPE_BUILTIN;
		return;
	}
}

bool so_pg_cast_via_text(const char *from, const char *to, so_pg_type_lookup lookup, const void *ctx)
{
	rtype f, t;
	cast_pair key;

	resolve(from, lookup, ctx, &f);
	resolve(to, lookup, ctx, &t);
	if (f.origin == TYPE_UNKNOWN || t.origin == TYPE_UNKNOWN)
		return false; /* a CREATE CAST may provide the path: write the direct cast */
	if (is_string(&f) || is_string(&t))
		return false; /* I/O conversion, arrays included */
	if ((f.dims > 0) != (t.dims > 0))
		return true; /* an array and a scalar: no cast between them */
	/* scalars, or arrays compared element by element */
	if (!strcmp(f.name, t.name))
		return false;
	if (f.origin != TYPE_BUILTIN || t.origin != TYPE_BUILTIN)
		return true; /* a document's enum, composite or range type and another type */
	if (in_list(f.name, string_types, sizeof string_types / sizeof *string_types) ||
	    in_list(t.name, string_types, sizeof string_types / sizeof *string_types))
		return false; /* arrays of strings: element-wise I/O conversion */
	key.source = f.name;
	key.target = t.name;
	return bsearch(&key, builtin_casts, sizeof builtin_casts / sizeof *builtin_casts, sizeof *builtin_casts,
	               cmp_cast) == NULL;
}

bool so_pg_docs_type_lookup(const void *ctx, const char *name, const char **base)
{
	const so_document *const *docs = ctx;
	size_t i;
	for (i = 0; i < 2; i++) {
		const so_document *doc = docs[i];
		const so_opaque *o;
		if (!doc)
			continue;
		o = so_model_find_opaque(doc->opaque, doc->n_opaque, "domains", name);
		if (o) {
			const so_node *n = o->node ? so_node_get(o->node, "type") : NULL;
			*base = n && n->type == SO_NODE_SCALAR && !so_node_is_null(n) ? n->scalar : NULL;
			/* a domain without a readable base type: not resolved (unknown: the direct cast is written) */
			return *base != NULL;
		}
		o = so_model_find_opaque(doc->opaque, doc->n_opaque, "types", name);
		if (o) {
			*base = NULL;
			return true;
		}
	}
	return false;
}
