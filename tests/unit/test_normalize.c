/* test_normalize.c: type and expression normalization tables (docs/document-format.md, "Normalization"). */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "schemaops/document.h"
#include "tap.h"

static so_arena *A;

static void ty(so_dialect d, const char *in, const char *want)
{
	so_error err;
	so_pos pos = {3, 7};
	const char *got;
	so_error_clear(&err);
	got = so_normalize_type(A, d, in, &err, pos);
	is_str(got, want, "%s type \"%s\"", d == SO_DIALECT_POSTGRES ? "postgres" : "mariadb", in);
	if (got) {
		/* normalization is idempotent: a normalized spelling is a fixed point */
		is_str(so_normalize_type(A, d, got, &err, pos), got, "  idempotent");
	}
}

static void ex(const char *in, const char *want)
{
	const char *got = so_normalize_expression(A, in);
	is_str(got, want, "expression \"%s\"", in);
	if (got)
		is_str(so_normalize_expression(A, got), got, "  idempotent");
}

/* MariaDB ON UPDATE through a one-column document (the normalizer is internal to document_normalize.c) */
static void onupd(const char *in, const char *want)
{
	char text[512];
	so_document *d = NULL;
	so_error err;
	const char *got;

	snprintf(text, sizeof text,
	         "schemaops: 1\ndialect: mariadb\nname: db\ntables:\n  - name: t\n    columns:\n"
	         "      - {name: c, type: timestamp, on_update: \"%s\"}\n",
	         in);
	if (so_document_parse(A, text, strlen(text), &d, &err) != SO_OK)
		got = err.message;
	else
		got = d->tables[0].columns[0].on_update;
	is_str(got, want, "on_update \"%s\"", in);
}

int main(void)
{
	const so_dialect P = SO_DIALECT_POSTGRES, M = SO_DIALECT_MARIADB;
	so_error err;
	so_pos pos = {3, 7};

	A = so_arena_create(&so_malloc_allocator);

	/* PostgreSQL */
	ty(P, "int", "integer");
	ty(P, "INT4", "integer");
	ty(P, "integer", "integer");
	ty(P, "int2", "smallint");
	ty(P, "int8", "bigint");
	ty(P, "float8", "double precision");
	ty(P, "float4", "real");
	ty(P, "float", "double precision");
	ty(P, "float(10)", "real");
	ty(P, "float(25)", "double precision");
	ty(P, "Double   Precision", "double precision");
	ty(P, "bool", "boolean");
	ty(P, "varchar", "character varying");
	ty(P, "varchar(50)", "character varying(50)");
	ty(P, "VARCHAR (50)", "character varying(50)");
	ty(P, "character varying(10)[]", "character varying(10)[]");
	ty(P, "varchar(10) [ ]", "character varying(10)[]");
	ty(P, "char", "character(1)");
	ty(P, "char(3)", "character(3)");
	ty(P, "bpchar(3)", "character(3)");
	ty(P, "bpchar", "bpchar");
	ty(P, "decimal(10, 2)", "numeric(10,2)");
	ty(P, "numeric(10,2)", "numeric(10,2)");
	ty(P, "numeric", "numeric");
	ty(P, "timestamp", "timestamp without time zone");
	ty(P, "timestamptz", "timestamp with time zone");
	ty(P, "timestamptz(3)", "timestamp(3) with time zone");
	ty(P, "timestamp(3) with time zone", "timestamp(3) with time zone");
	ty(P, "TIMESTAMP (6) WITHOUT TIME ZONE", "timestamp(6) without time zone");
	ty(P, "time", "time without time zone");
	ty(P, "timetz", "time with time zone");
	ty(P, "time(2) with time zone", "time(2) with time zone");
	ty(P, "int[]", "integer[]");
	ty(P, "int4[][]", "integer[]");
	ty(P, "integer[3]", "integer[]");
	ty(P, "integer array", "integer[]");
	ty(P, "text", "text");
	ty(P, "uuid", "uuid");
	ty(P, "JSONB", "jsonb");
	ty(P, "pg_catalog.int4", "integer");
	ty(P, "public.citext", "public.citext");
	ty(P, "\"MyType\"", "\"MyType\"");
	ty(P, "public.\"My Type\"[]", "public.\"My Type\"[]");
	ty(P, "\"char\"", "\"char\"");
	ty(P, "interval day to second(3)", "interval day to second(3)");
	ty(P, "interval(2)", "interval(2)");
	ty(P, "bit varying(5)", "bit varying(5)");
	ty(P, "varbit", "bit varying");
	ty(P, "vector(3)", "vector(3)");
	ok(so_normalize_type(A, P, "serial", &err, pos) == NULL, "serial refused");
	is_int(err.code, SO_ERR_INVALID, "serial: SO_ERR_INVALID");
	is_int(err.line, 3, "serial: position");
	ok(so_normalize_type(A, P, "BIGSERIAL", &err, pos) == NULL, "bigserial refused");
	ok(so_normalize_type(A, P, NULL, &err, pos) == NULL, "NULL type stays NULL");

	/* MariaDB */
	ty(M, "INT(11)", "int");
	ty(M, "integer", "int");
	/* ZEROFILL pads to the display width: it is part of the type (absent: the type's full width) */
	ty(M, "int(11) unsigned zerofill", "int(11) unsigned zerofill");
	ty(M, "int(5) zerofill", "int(5) unsigned zerofill");
	ty(M, "int zerofill", "int(10) unsigned zerofill");
	ty(M, "smallint unsigned zerofill", "smallint(5) unsigned zerofill");
	ty(M, "BIGINT ZEROFILL", "bigint(20) unsigned zerofill");
	ty(M, "tinyint zerofill", "tinyint(3) unsigned zerofill");
	ty(M, "mediumint zerofill", "mediumint(8) unsigned zerofill");
	ty(M, "INT UNSIGNED", "int unsigned");
	ty(M, "int signed", "int");
	ty(M, "bigint(20)", "bigint");
	ty(M, "tinyint(1)", "tinyint(1)");
	ty(M, "tinyint(4)", "tinyint");
	ty(M, "tinyint(1) unsigned", "tinyint(1) unsigned");
	ty(M, "bool", "tinyint(1)");
	ty(M, "BOOLEAN", "tinyint(1)");
	ty(M, "smallint(6)", "smallint");
	ty(M, "mediumint(9)", "mediumint");
	ty(M, "decimal", "decimal(10,0)");
	ty(M, "decimal(5)", "decimal(5,0)");
	ty(M, "DECIMAL(10, 2)", "decimal(10,2)");
	ty(M, "numeric(10,2)", "decimal(10,2)");
	ty(M, "dec(8,3) unsigned", "decimal(8,3) unsigned");
	ty(M, "fixed(4,1)", "decimal(4,1)");
	ty(M, "double precision", "double");
	ty(M, "real", "double");
	ty(M, "double(10,2)", "double(10,2)");
	ty(M, "float", "float");
	ty(M, "varchar(50)", "varchar(50)");
	ty(M, "VARCHAR(50)", "varchar(50)");
	ty(M, "character varying(20)", "varchar(20)");
	ty(M, "char", "char(1)");
	ty(M, "char(10)", "char(10)");
	ty(M, "enum('a','B')", "enum('a','B')");
	ty(M, "ENUM('Small', 'Large Size')", "enum('Small','Large Size')");
	ty(M, "set('x','y')", "set('x','y')");
	ty(M, "enum('it''s','a)b')", "enum('it''s','a)b')");
	ty(M, "datetime(3)", "datetime(3)");
	ty(M, "TIMESTAMP", "timestamp");
	ty(M, "longtext", "longtext");
	ty(M, "varbinary(16)", "varbinary(16)");

	/* expressions */
	ex("  a   +   b  ", "a + b");
	ex("(a + b)", "a + b");
	ex("((a + b))", "a + b");
	ex("( (a) + (b) )", "(a) + (b)");
	ex("(a) + (b)", "(a) + (b)");
	ex("(a)+(b)", "(a)+(b)");
	ex("x\n\tIS   NOT\r\nNULL", "x IS NOT NULL");
	ex("'a   b'  ||  c", "'a   b' || c");
	ex("\"My   Col\"   =  1", "\"My   Col\" = 1");
	ex("'it''s  ' ||  x", "'it''s  ' || x");
	ex("E'a\\'  b'  ||  x", "E'a\\'  b' || x");
	ex("$$ a   b $$  ||  x", "$$ a   b $$ || x");
	ex("$fn$ a  $ b $fn$   ||  x", "$fn$ a  $ b $fn$ || x");
	ex("f($1,   $2)", "f($1, $2)");
	ex("('(' || x)", "'(' || x");
	ex("('a)' || ')')", "'a)' || ')'");
	ex("`my  col` + 1", "`my  col` + 1");
	ex("nextval('film_film_id_seq'::regclass)", "nextval('film_film_id_seq'::regclass)");
	ex("( price > 0 ) AND ( qty > 0 )", "( price > 0 ) AND ( qty > 0 )");
	ex("", "");
	ex("   ", "");
	ex("()", "");
	ex("'unterminated   x", "'unterminated   x");
	ok(so_normalize_expression(A, NULL) == NULL, "NULL expression stays NULL");

	/* MariaDB ON UPDATE: spelled like a current-time default, precision kept */
	onupd("current_timestamp()", "current_timestamp()");
	onupd("now()", "current_timestamp()");
	onupd("NOW()", "current_timestamp()");
	onupd("current_timestamp", "current_timestamp()");
	onupd("CURRENT_TIMESTAMP", "current_timestamp()");
	onupd("localtimestamp", "current_timestamp()");
	onupd("current_timestamp(3)", "current_timestamp(3)");
	onupd("CURRENT_TIMESTAMP(6)", "current_timestamp(6)");
	onupd("now(3)", "current_timestamp(3)");
	onupd(" ( current_timestamp(2) ) ", "current_timestamp(2)");
	onupd("current_timestamp() + 1",
	      "line 7, column 9: column \"c\" of table \"t\": \"on_update\" must be current_timestamp() or "
	      "current_timestamp(N), not \"current_timestamp() + 1\"");
	onupd("current_timestamp(x)",
	      "line 7, column 9: column \"c\" of table \"t\": \"on_update\" must be current_timestamp() or "
	      "current_timestamp(N), not \"current_timestamp(x)\"");

	/* found by fuzzing: a quote inside a parenthesized group that runs past the group's closing paren made
	   the tokenizer copy past its buffer (caught by the ASan build's arena poisoning) */
	ty(SO_DIALECT_MARIADB, "t [a, b'1)]}] k: [{c: [d(e], f, 2)", "t[a,b'1)] }] k:[{c:[d(e] , f, 2)");

	so_arena_destroy(A);
	return done_testing();
}
