/* test_diff_casts.c: so_pg_cast_via_text (pg_casts.h), which ALTER COLUMN ... TYPE conversions PostgreSQL 15
   has a cast for and which must go through text. The expectations were checked against a PostgreSQL 15 server
   (`SELECT x::target` accepted or refused with "cannot cast type"). */
#include <string.h>

#include "pg_casts.h"
#include "tap.h"

/* a document with domain year (integer), domain short_name (character varying(20)), domain dom_of_dom (year),
   enum mood, composite pair */
static bool lookup(const void *ctx, const char *name, const char **base)
{
	(void)ctx;
	if (!strcmp(name, "year")) {
		*base = "integer";
		return true;
	}
	if (!strcmp(name, "short_name")) {
		*base = "character varying(20)";
		return true;
	}
	if (!strcmp(name, "dom_of_dom")) {
		*base = "year";
		return true;
	}
	if (!strcmp(name, "loop")) { /* a cycle no server allows: resolution gives up, no crash */
		*base = "loop";
		return true;
	}
	if (!strcmp(name, "mood") || !strcmp(name, "pair") || !strcmp(name, "Mixed Case")) {
		*base = NULL;
		return true;
	}
	return false;
}

static void direct(const char *from, const char *to)
{
	ok(!so_pg_cast_via_text(from, to, lookup, NULL), "%s -> %s: direct cast", from, to);
}

static void via_text(const char *from, const char *to)
{
	ok(so_pg_cast_via_text(from, to, lookup, NULL), "%s -> %s: through text", from, to);
}

int main(void)
{
	/* pg_cast entries */
	direct("integer", "bigint");
	direct("numeric(12,2)", "integer");
	direct("boolean", "integer");
	direct("integer", "boolean");
	direct("timestamp with time zone", "date");
	direct("timestamp(3) without time zone", "time(2) without time zone");
	direct("double precision", "real");
	direct("json", "jsonb");
	direct("bit varying(8)", "bit(8)");
	direct("interval day to second", "time without time zone");
	/* same type, another typmod: a length coercion */
	direct("character varying(40)", "character varying(10)");
	direct("numeric(12,2)", "numeric");
	/* strings: I/O conversion both ways, arrays included */
	direct("uuid", "text");
	direct("text", "uuid");
	direct("character(3)", "jsonb");
	direct("integer[]", "text");
	direct("text", "integer[]");
	direct("text[]", "integer[]");
	direct("mood", "character varying(10)");
	direct("short_name", "mood");
	/* arrays element by element */
	direct("integer[]", "bigint[]");
	direct("year[]", "numeric[]");
	/* domains resolve to their base type */
	direct("year", "bigint");
	direct("dom_of_dom", "numeric(6,0)");
	direct("bigint", "year");
	/* no cast */
	via_text("integer", "time without time zone");
	via_text("year", "time without time zone");
	via_text("dom_of_dom", "interval");
	via_text("uuid", "bytea");
	via_text("jsonb", "integer[]");
	via_text("integer[]", "integer");
	via_text("integer", "integer[]");
	via_text("date", "integer");
	via_text("time without time zone[]", "integer[]");
	via_text("mood", "pair");
	via_text("mood", "integer");
	via_text("boolean", "\"Mixed Case\"");
	/* unknown types (an extension's, another schema's): the direct cast, a CREATE CAST may exist */
	direct("citext", "integer");
	direct("integer", "other.t");
	direct("loop", "integer");
	/* bad input never crashes */
	direct(NULL, "integer");
	direct("", "integer");
	direct("((((", "integer");
	direct("[][][]", "[]");
	{
		char big[1000];
		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		direct(big, "integer");
	}
	/* the real lookup over no documents: built-ins only */
	{
		const void *docs[2] = {NULL, NULL};
		ok(so_pg_cast_via_text("integer", "time without time zone", so_pg_docs_type_lookup, docs),
		   "docs lookup without documents: integer -> time through text");
		ok(!so_pg_cast_via_text("year", "time without time zone", so_pg_docs_type_lookup, docs),
		   "docs lookup without documents: an undefined name is unknown (direct)");
	}
	return done_testing();
}
