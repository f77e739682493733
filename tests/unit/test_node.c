/* test_node.c: YAML/JSON -> so_node (limits, errors with positions, aliases) and so_node_to_json. */
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "schemaops/document.h"
#include "tap.h"

static so_arena *A;

static so_status parse(const char *text, so_node **n, so_error *err)
{
	return so_node_parse(A, text, strlen(text), n, err);
}

/* JSON of a text (sorted keys), or "ERR <code> <message>". */
static const char *json_of(const char *text, bool sorted)
{
	so_node *n;
	so_error err;
	char *out;
	size_t len;
	static char buf[600];
	if (parse(text, &n, &err) != SO_OK || so_node_to_json(A, n, sorted, &out, &len, &err) != SO_OK) {
		snprintf(buf, sizeof buf, "ERR %d %s", err.code, err.message);
		return buf;
	}
	return out;
}

static void expect_error(const char *text, size_t len, so_status code, int line, int column, const char *msg,
                         const char *name)
{
	so_node *n = (so_node *)1;
	so_error err;
	so_status st = so_node_parse(A, text, len, &n, &err);
	is_int(st, code, "%s: status", name);
	is_int(err.code, code, "%s: err.code", name);
	is_int(err.line, line, "%s: line", name);
	is_int(err.column, column, "%s: column", name);
	if (msg)
		is_str(err.message, msg, "%s: message", name);
	ok(n == NULL, "%s: *out is NULL", name);
}

#define ERR(text, code, line, col, msg, name) expect_error(text, strlen(text), code, line, col, msg, name)

int main(void)
{
	so_node *n;
	so_error err;
	so_status st;
	char *big;
	size_t i, len;

	A = so_arena_create(&so_malloc_allocator);

	/* structure and positions */
	st = parse("a: 1\nb:\n  - x\n  - {c: d}\n", &n, &err);
	is_int(st, SO_OK, "yaml parses");
	is_int(n->type, SO_NODE_MAPPING, "root mapping");
	is_int(n->n_pairs, 2, "two pairs");
	is_str(n->pairs[1].key, "b", "key order kept");
	is_int(n->pairs[1].key_pos.line, 2, "key line");
	is_int(n->pairs[1].key_pos.column, 1, "key column");
	is_int(so_node_get(n, "b")->items[1]->pos.line, 4, "nested node line");
	is_int(so_node_get(n, "b")->items[1]->pos.column, 5, "nested node column");
	is_str(so_node_get(so_node_get(n, "b")->items[1], "c")->scalar, "d", "nested scalar");
	ok(so_node_get(n, "zz") == NULL, "missing key");
	ok(so_node_get(NULL, "a") == NULL, "get on NULL");

	/* JSON through the same parser */
	is_str(json_of("{\"b\": [1, 2.5e3, -0.5, \"x\"], \"a\": {\"z\": null, \"y\": true}}", true),
	       "{\"a\":{\"y\":true,\"z\":null},\"b\":[1,2.5e3,-0.5,\"x\"]}", "json sorted");
	is_str(json_of("{\"b\": 1, \"a\": 2}", false), "{\"b\":1,\"a\":2}", "json unsorted keeps order");

	/* scalar classification */
	is_str(json_of("[~, null, Null, NULL, '', \"null\", nULL]", true),
	       "[null,null,null,null,\"\",\"null\",\"nULL\"]", "nulls");
	is_str(json_of("[true, True, TRUE, false, False, FALSE, yes, no, on, off, 'true']", true),
	       "[true,true,true,false,false,false,\"yes\",\"no\",\"on\",\"off\",\"true\"]", "booleans: JSON's only");
	is_str(json_of("[0, -0, 12, -12, 1.5, 1e10, 1.5E-3, 01, +1, 0x1F, 1_000, .5, 1., .inf, .nan, '12']", true),
	       "[0,-0,12,-12,1.5,1e10,1.5E-3,\"01\",\"+1\",\"0x1F\",\"1_000\",\".5\",\"1.\",\".inf\",\".nan\",\"12\"]",
	       "numbers: valid JSON numbers only");
	is_str(json_of("[!!str 12, ! 13, !!int 14]", true), "[\"12\",\"13\",14]", "core tags");
	is_str(json_of("a: |\n  x\n  y\n", true), "{\"a\":\"x\\ny\\n\"}", "block scalar");
	is_str(json_of("\"\\u0001\\t\\n\\r\\b\\f\\\"\\\\/\\u007f\\u00e9\\u2028\"", true),
	       "\"\\u0001\\t\\n\\r\\b\\f\\\"\\\\/\\u007f\xc3\xa9\\u2028\"",
	       "string escaping (U+2028 escaped: YAML would read it as a line break)");
	is_str(json_of("\"a\\0b\"", true), "\"a\\u0000b\"", "NUL inside a scalar is escaped");
	is_str(json_of("", true), "null", "empty text is null");
	is_str(json_of("# only a comment\n", true), "null", "comment-only text is null");

	/* errors with positions */
	ERR("a: 1\na: 2\n", SO_ERR_INVALID, 2, 1, "line 2, column 1: duplicate key \"a\"", "duplicate key");
	ERR("{k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k3: 0, k1: 0}", SO_ERR_INVALID, 1, 65,
	    "line 1, column 65: duplicate key \"k3\"", "duplicate key in a large mapping: earliest repeat");
	ERR("a: &x 1\nb: *x\n", SO_ERR_INVALID, 1, 4,
	    "line 1, column 4: anchors and aliases are not supported (anchor \"x\")", "anchor");
	ERR("a: &x [1]\n", SO_ERR_INVALID, 1, 4, NULL, "anchor on a sequence");
	ERR("a: &x {b: 1}\n", SO_ERR_INVALID, 1, 4, NULL, "anchor on a mapping");
	ERR("a:\n  b: *x\n", SO_ERR_INVALID, 2, 6, NULL, "undefined alias is refused too");
	ERR("- a\n---\n- b\n", SO_ERR_INVALID, 2, 1, "line 2, column 1: more than one document in the text",
	    "two documents");
	ERR("{a: [1, 2}", SO_ERR_SYNTAX, 1, 10,
	    "line 1, column 10: invalid YAML/JSON text: did not find expected ',' or ']'", "flow syntax error");
	st = parse("{a: [1, 2}", &n, &err);
	is_str(err.detail, "while parsing a flow sequence (line 1, column 5)", "syntax error context in detail");
	ERR("a:\n  b: 1\n c: 2\n", SO_ERR_SYNTAX, 3, 2, NULL, "bad indentation");
	ERR("a: 'open\n", SO_ERR_SYNTAX, 2, 1, NULL, "unterminated quote");
	ERR("? [a]\n: b\n", SO_ERR_INVALID, 1, 3, "line 1, column 3: mapping keys must be scalars", "non-scalar key");
	ERR("k: !foo x\n", SO_ERR_INVALID, 1, 4, "line 1, column 4: tag \"!foo\" is not supported", "custom tag");
	ERR("k: !!python/object:os.system x\n", SO_ERR_INVALID, 1, 4, NULL, "python tag");
	ERR("\"a\\0b\": 1\n", SO_ERR_INVALID, 1, 1, NULL, "NUL in a key");
	expect_error("a: \xff\xfe\n", 6, SO_ERR_SYNTAX, 1, 4, NULL, "invalid UTF-8");
	expect_error("a: \xc0\xaf\n", 6, SO_ERR_SYNTAX, 1, 4, NULL, "overlong UTF-8");
	expect_error("a: \xed\xa0\x80\n", 7, SO_ERR_SYNTAX, 1, 4, NULL, "UTF-8 surrogate");
	expect_error("a: b\0c\n", 7, SO_ERR_SYNTAX, 1, 5, NULL, "raw NUL byte");
	expect_error("\xff\xfe"
	             "a\0:\0 \0"
	             "1\0",
	             10, SO_ERR_SYNTAX, 1, 1, NULL, "UTF-16 is not accepted");
	ERR("a: \x01\n", SO_ERR_SYNTAX, 1, 4, NULL, "control character");

	/* limits */
	expect_error("a", SO_DOCUMENT_MAX_BYTES + 1, SO_ERR_LIMIT, 0, 0, NULL, "size limit (checked before reading)");
	{
		char deep[2 * 70 + 1];
		memset(deep, '[', 64);
		memset(deep + 64, ']', 64);
		deep[128] = 0;
		is_int(parse(deep, &n, &err), SO_OK, "64 levels are fine");
		memset(deep, '[', 65);
		memset(deep + 65, ']', 65);
		deep[130] = 0;
		ERR(deep, SO_ERR_LIMIT, 1, 65, "line 1, column 65: document is nested deeper than 64 levels",
		    "65 levels");
	}
	big = malloc(5 * 1000 * 1000);
	for (i = 0; i < 10000; i++)
		big[i] = '[';
	for (i = 0; i < 10000; i++)
		big[10000 + i] = ']';
	big[20000] = 0;
	ERR(big, SO_ERR_LIMIT, 1, 65, NULL, "10,000 levels of [ fail cleanly");
	len = 0;
	for (i = 0; i < 10000; i++) {
		memcpy(big + len, "- ", 2);
		len += 2;
	}
	memcpy(big + len, "x\n", 3);
	ERR(big, SO_ERR_LIMIT, 1, 129, NULL, "10,000 levels of block sequence fail cleanly");
	len = 0;
	for (i = 0; i < 10000; i++) {
		size_t k;
		for (k = 0; k < i * 2 && len < 3000000; k++)
			big[len++] = ' ';
		memcpy(big + len, "k:\n", 3);
		len += 3;
		if (len > 3000000)
			break;
	}
	big[len] = 0;
	ERR(big, SO_ERR_LIMIT, 65, 129, NULL, "deep block mappings fail cleanly");
	/* 2,000,001 nodes: a list of 2,000,000 scalars plus the list */
	big[0] = '[';
	len = 1;
	for (i = 0; i < 2000000; i++) {
		big[len++] = '0';
		big[len++] = ',';
	}
	big[len - 1] = ']';
	big[len] = 0;
	ERR(big, SO_ERR_LIMIT, 1, 4000000, "line 1, column 4000000: document has more than 2000000 nodes",
	    "node limit");
	big[len - 3] = ']';
	big[len - 2] = 0;
	is_int(parse(big, &n, &err), SO_OK, "exactly 2,000,000 nodes are fine");
	is_int(n->n_items, 1999999, "1,999,999 items");
	free(big);

	/* billion laughs: refused at the first anchor, before any expansion */
	ERR("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
	    SO_ERR_INVALID, 1, 4, NULL, "billion laughs");

	/* typed accessors */
	st = parse("{i: 42, neg: -9223372036854775808, big: 9223372036854775808, q: '7', f: 1.5, b: true, s: hi, "
	           "n: ~, l: [1], e: ''}",
	           &n, &err);
	is_int(st, SO_OK, "accessor doc");
	{
		long long v = 0;
		bool b = false;
		const char *s = "x";
		is_int(so_node_int(so_node_get(n, "i"), "\"i\"", &v, &err), SO_OK, "int");
		is_int(v, 42, "int value");
		is_int(so_node_int(so_node_get(n, "neg"), "\"neg\"", &v, &err), SO_OK, "int min");
		ok(v == (-9223372036854775807LL - 1), "int min value");
		is_int(so_node_int(so_node_get(n, "big"), "\"big\"", &v, &err), SO_ERR_INVALID, "int overflow");
		is_str(err.message, "line 1, column 41: \"big\" is out of range: 9223372036854775808",
		       "overflow message");
		is_int(so_node_int(so_node_get(n, "q"), "\"q\"", &v, &err), SO_ERR_INVALID, "quoted is not an int");
		is_int(so_node_int(so_node_get(n, "f"), "\"f\"", &v, &err), SO_ERR_INVALID, "float is not an int");
		is_int(so_node_int(so_node_get(n, "l"), "\"l\"", &v, &err), SO_ERR_INVALID, "list is not an int");
		is_str(err.message, "line 1, column 103: \"l\" must be an integer, not a list", "list message");
		is_int(so_node_bool(so_node_get(n, "b"), "\"b\"", &b, &err), SO_OK, "bool");
		ok(b, "bool value");
		is_int(so_node_bool(so_node_get(n, "s"), "\"s\"", &b, &err), SO_ERR_INVALID, "string is not a bool");
		is_str(err.message, "line 1, column 90: \"s\" must be true or false, not \"hi\"", "bool message");
		is_int(so_node_string(so_node_get(n, "f"), "\"f\"", &s, &err), SO_OK, "number as string");
		is_str(s, "1.5", "number as written");
		is_int(so_node_string(so_node_get(n, "n"), "\"n\"", &s, &err), SO_OK, "null string");
		ok(s == NULL, "null -> NULL");
		is_int(so_node_string(so_node_get(n, "e"), "\"e\"", &s, &err), SO_OK, "empty quoted string");
		is_str(s, "", "'' is an empty string, not null");
		is_int(so_node_string(so_node_get(n, "l"), "\"l\"", &s, &err), SO_ERR_INVALID, "list is not a string");
		ok(so_node_is_null(NULL), "NULL node is null");
	}
	st = parse("s: \"a\\0b\"", &n, &err);
	{
		const char *s;
		is_int(so_node_string(so_node_get(n, "s"), "\"s\"", &s, &err), SO_ERR_INVALID, "NUL in a string value");
	}
	/* invalid UTF-8 in a hand-built node is refused by the JSON writer */
	{
		so_node bad;
		char *out;
		memset(&bad, 0, sizeof bad);
		bad.type = SO_NODE_SCALAR;
		bad.scalar = "a\xff";
		bad.scalar_len = 2;
		bad.quoted = true;
		is_int(so_node_to_json(A, &bad, true, &out, &len, &err), SO_ERR_SYNTAX,
		       "invalid UTF-8 -> SO_ERR_SYNTAX");
	}
	is_int(so_node_parse(NULL, "a", 1, &n, &err), SO_ERR_ARGUMENT, "NULL arena");
	is_int(so_node_parse(A, NULL, 0, &n, &err), SO_OK, "NULL text with length 0 is empty");

	so_arena_destroy(A);
	return done_testing();
}
