/*
 * render_postgres.c: PostgreSQL DDL for the diff engine (see render.h).
 *
 * Names are quoted exactly when PostgreSQL's quote_ident() would quote them, so scripts read like
 * pg_dump output and round-trip through the catalog unchanged. The script runs in one transaction, so
 * nothing here uses CONCURRENTLY or NOT VALID (they cannot run inside a transaction block or need a
 * second step); the diff engine marks the hazards instead.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

/*
 * Every keyword of PostgreSQL 15 that is not UNRESERVED_KEYWORD (reserved, column-name and
 * type/function-name keywords, src/include/parser/kwlist.h): quote_ident() quotes these. Sorted.
 */
static const char *const pg_keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

static int kw_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

static bool pg_is_keyword(const char *s)
{
	return bsearch(s, pg_keywords, sizeof pg_keywords / sizeof pg_keywords[0], sizeof pg_keywords[0], kw_cmp) !=
	       NULL;
}

static void pg_ident(so_strbuf *sb, const char *name)
{
	const char *p;
	bool safe;

	if (!name)
		name = "";
	safe = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
	for (p = name; safe && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			safe = false;
	if (safe && !pg_is_keyword(name)) {
		so_strbuf_append(sb, name);
		return;
	}
	so_strbuf_append_char(sb, '"');
	for (p = name; *p; p++) {
		if (*p == '"')
			so_strbuf_append_char(sb, '"');
		so_strbuf_append_char(sb, *p);
	}
	so_strbuf_append_char(sb, '"');
}

/* standard_conforming_strings is on by default since 9.1: only the quote needs doubling */
static void pg_literal(so_strbuf *sb, const char *s)
{
	if (!s) {
		so_strbuf_append(sb, "NULL");
		return;
	}
	so_strbuf_append_char(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			so_strbuf_append_char(sb, '\'');
		so_strbuf_append_char(sb, *s);
	}
	so_strbuf_append_char(sb, '\'');
}

/* the shared helpers of render_common.c, bound to this dialect's quoting */
#define sep(sb) so_render_sep(sb)
#define qname(sb, r, name) so_render_qname(sb, pg_ident, r, name)
#define alter_table(sb, r, table) so_render_alter_table(sb, pg_ident, r, table)
#define ident_list(sb, l) so_render_ident_list(sb, pg_ident, l)
#define upper_words(sb, s) so_render_upper(sb, s)

static void deferrable(so_strbuf *sb, bool deferrable_, bool initially_deferred)
{
	if (deferrable_) {
		so_strbuf_append(sb, " DEFERRABLE");
		if (initially_deferred)
			so_strbuf_append(sb, " INITIALLY DEFERRED");
	}
}

static void column_def(so_strbuf *sb, const char *name, const so_column *c)
{
	pg_ident(sb, name);
	so_strbuf_append_char(sb, ' ');
	so_strbuf_append(sb, c->type);
	if (c->collation) {
		so_strbuf_append(sb, " COLLATE ");
		pg_ident(sb, c->collation);
	}
	if (c->generated)
		so_strbuf_appendf(sb, " GENERATED ALWAYS AS (%s) STORED", c->generated);
	else if (c->identity)
		so_strbuf_appendf(sb, " GENERATED %s AS IDENTITY",
		                  strcmp(c->identity, "always") == 0 ? "ALWAYS" : "BY DEFAULT");
	else if (c->default_expr)
		so_strbuf_appendf(sb, " DEFAULT %s", c->default_expr);
	if (!c->nullable)
		so_strbuf_append(sb, " NOT NULL");
}

static void key_def(so_strbuf *sb, const so_key *k, bool primary)
{
	so_strbuf_append(sb, "CONSTRAINT ");
	pg_ident(sb, k->name);
	so_strbuf_append(sb, primary ? " PRIMARY KEY " : " UNIQUE ");
	ident_list(sb, &k->columns);
	deferrable(sb, k->deferrable, k->initially_deferred);
}

static void check_def(so_strbuf *sb, const so_check *c)
{
	so_strbuf_append(sb, "CONSTRAINT ");
	pg_ident(sb, c->name);
	so_strbuf_appendf(sb, " CHECK (%s)", c->expression);
	if (c->no_inherit)
		so_strbuf_append(sb, " NO INHERIT");
}

static void pg_table_comment(so_strbuf *sb, const so_rctx *r, const char *table, const char *comment)
{
	sep(sb);
	so_strbuf_append(sb, "COMMENT ON TABLE ");
	qname(sb, r, table);
	so_strbuf_append(sb, " IS ");
	pg_literal(sb, comment);
	so_strbuf_append_char(sb, ';');
}

static void pg_column_comment(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *c)
{
	sep(sb);
	so_strbuf_append(sb, "COMMENT ON COLUMN ");
	qname(sb, r, table);
	so_strbuf_append_char(sb, '.');
	pg_ident(sb, name);
	so_strbuf_append(sb, " IS ");
	pg_literal(sb, c->comment);
	so_strbuf_append_char(sb, ';');
}

static void pg_index_comment(so_strbuf *sb, const so_rctx *r, const so_index *ix, const char *comment)
{
	sep(sb);
	so_strbuf_append(sb, "COMMENT ON INDEX ");
	qname(sb, r, ix->name);
	so_strbuf_append(sb, " IS ");
	pg_literal(sb, comment);
	so_strbuf_append_char(sb, ';');
}

/* CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON ...; without the comment */
static void create_index_stmt(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix, const char *name,
                              bool concurrently)
{
	size_t i;

	sep(sb);
	so_strbuf_append(sb, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (concurrently)
		so_strbuf_append(sb, "CONCURRENTLY ");
	pg_ident(sb, name ? name : ix->name);
	so_strbuf_append(sb, " ON ");
	qname(sb, r, table);
	so_strbuf_append(sb, " USING ");
	pg_ident(sb, ix->method ? ix->method : "btree");
	so_strbuf_append(sb, " (");
	for (i = 0; i < ix->n_keys; i++) {
		const so_index_key *k = &ix->keys[i];
		if (i)
			so_strbuf_append(sb, ", ");
		if (k->column)
			pg_ident(sb, k->column);
		else
			so_strbuf_appendf(sb, "(%s)", k->expression ? k->expression : "");
		if (k->collation) {
			so_strbuf_append(sb, " COLLATE ");
			pg_ident(sb, k->collation);
		}
		if (k->opclass) {
			so_strbuf_append_char(sb, ' ');
			so_strbuf_append(sb, k->opclass);
		}
		if (k->desc)
			so_strbuf_append(sb, " DESC");
		if (k->nulls)
			so_strbuf_append(sb, strcmp(k->nulls, "first") == 0 ? " NULLS FIRST" : " NULLS LAST");
	}
	so_strbuf_append_char(sb, ')');
	if (ix->include.n) {
		so_strbuf_append(sb, " INCLUDE ");
		ident_list(sb, &ix->include);
	}
	if (ix->where)
		so_strbuf_appendf(sb, " WHERE %s", ix->where);
	so_strbuf_append_char(sb, ';');
}

static void pg_create_index(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix)
{
	create_index_stmt(sb, r, table, ix, NULL, false);
	if (ix->comment)
		pg_index_comment(sb, r, ix, ix->comment);
}

static void pg_create_table(so_strbuf *sb, const so_rctx *r, const so_table *t, bool indexes)
{
	size_t i;
	bool first = true;

	sep(sb);
	so_strbuf_append(sb, "CREATE TABLE ");
	qname(sb, r, t->name);
	if (t->partition_of_table) {
		/* a partition takes its columns from the parent; only its own constraints are listed */
		so_strbuf_append(sb, " PARTITION OF ");
		qname(sb, r, t->partition_of_table);
		if (t->checks && t->n_checks) {
			so_strbuf_append(sb, " (\n");
			for (i = 0; i < t->n_checks; i++) {
				so_strbuf_append(sb, i ? ",\n    " : "    ");
				check_def(sb, &t->checks[i]);
			}
			so_strbuf_append(sb, "\n)");
		}
		so_strbuf_appendf(sb, " %s", t->partition_bound ? t->partition_bound : "DEFAULT");
	} else {
		so_strbuf_append(sb, " (\n");
		for (i = 0; i < t->n_columns; i++) {
			so_strbuf_append(sb, first ? "    " : ",\n    ");
			first = false;
			column_def(sb, t->columns[i].name, &t->columns[i]);
		}
		if (t->primary_key) {
			so_strbuf_append(sb, first ? "    " : ",\n    ");
			first = false;
			key_def(sb, t->primary_key, true);
		}
		for (i = 0; i < t->n_uniques; i++) {
			so_strbuf_append(sb, first ? "    " : ",\n    ");
			first = false;
			key_def(sb, &t->uniques[i], false);
		}
		for (i = 0; i < t->n_checks; i++) {
			so_strbuf_append(sb, first ? "    " : ",\n    ");
			first = false;
			check_def(sb, &t->checks[i]);
		}
		so_strbuf_append(sb, "\n)");
		if (t->partition_by)
			so_strbuf_appendf(sb, " PARTITION BY %s", t->partition_by);
	}
	so_strbuf_append_char(sb, ';');
	if (t->comment)
		pg_table_comment(sb, r, t->name, t->comment);
	if (!t->partition_of_table)
		for (i = 0; i < t->n_columns; i++)
			if (t->columns[i].comment)
				pg_column_comment(sb, r, t->name, t->columns[i].name, &t->columns[i]);
	if (indexes)
		for (i = 0; i < t->n_indexes; i++)
			pg_create_index(sb, r, t->name, &t->indexes[i]);
}

static void pg_drop_table(so_strbuf *sb, const so_rctx *r, const char *table)
{
	sep(sb);
	so_strbuf_append(sb, "DROP TABLE ");
	qname(sb, r, table);
	so_strbuf_append_char(sb, ';');
}

static void pg_rename_table(so_strbuf *sb, const so_rctx *r, const char *from, const char *to)
{
	alter_table(sb, r, from);
	so_strbuf_append(sb, "RENAME TO ");
	pg_ident(sb, to);
	so_strbuf_append_char(sb, ';');
}

static void pg_add_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *c,
                          const char *after)
{
	(void)after;
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD COLUMN ");
	column_def(sb, name, c);
	so_strbuf_append_char(sb, ';');
	if (c->comment)
		pg_column_comment(sb, r, table, name, c);
}

static void pg_drop_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *column)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP COLUMN ");
	pg_ident(sb, column);
	so_strbuf_append_char(sb, ';');
}

static void pg_rename_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *from, const char *to)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "RENAME COLUMN ");
	pg_ident(sb, from);
	so_strbuf_append(sb, " TO ");
	pg_ident(sb, to);
	so_strbuf_append_char(sb, ';');
}

static void alter_col(so_strbuf *sb, const so_rctx *r, const char *table, const char *name)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ALTER COLUMN ");
	pg_ident(sb, name);
	so_strbuf_append_char(sb, ' ');
}

/*
 * The order matters: a default that cannot be cast blocks ALTER TYPE, an identity column cannot drop
 * NOT NULL, and ADD GENERATED needs NOT NULL and no default.
 */
static void pg_alter_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *from,
                            const so_column *to, unsigned flags)
{
	bool type = (flags & SO_COLCHG_TYPE) != 0;
	/* SET DEFAULT replaces a default in place; it is dropped first only for a type change or for good */
	bool drop_default = from->default_expr && (type || ((flags & SO_COLCHG_DEFAULT) && !to->default_expr));
	bool set_default = to->default_expr && ((flags & SO_COLCHG_DEFAULT) || (type && from->default_expr));

	if (flags & SO_COLCHG_DROP_EXPRESSION) {
		alter_col(sb, r, table, name);
		so_strbuf_append(sb, "DROP EXPRESSION;");
	}
	if (drop_default) {
		alter_col(sb, r, table, name);
		so_strbuf_append(sb, "DROP DEFAULT;");
	}
	if ((flags & SO_COLCHG_IDENTITY) && from->identity && !to->identity) {
		alter_col(sb, r, table, name);
		so_strbuf_append(sb, "DROP IDENTITY;");
	}
	if (flags & (SO_COLCHG_TYPE | SO_COLCHG_COLLATION)) {
		alter_col(sb, r, table, name);
		so_strbuf_appendf(sb, "TYPE %s", to->type);
		if (to->collation || (flags & SO_COLCHG_COLLATION)) {
			so_strbuf_append(sb, " COLLATE ");
			pg_ident(sb, to->collation ? to->collation : "default");
		}
		if (type) {
			so_strbuf_append(sb, " USING ");
			pg_ident(sb, name);
			so_strbuf_appendf(sb, (flags & SO_COLCHG_VIA_TEXT) ? "::text::%s" : "::%s", to->type);
		}
		so_strbuf_append_char(sb, ';');
	}
	if ((flags & SO_COLCHG_NULL) && to->nullable) {
		alter_col(sb, r, table, name);
		so_strbuf_append(sb, "DROP NOT NULL;");
	}
	if ((flags & SO_COLCHG_NULL) && !to->nullable) {
		alter_col(sb, r, table, name);
		so_strbuf_append(sb, "SET NOT NULL;");
	}
	if (set_default) {
		alter_col(sb, r, table, name);
		so_strbuf_appendf(sb, "SET DEFAULT %s;", to->default_expr);
	}
	if ((flags & SO_COLCHG_IDENTITY) && to->identity) {
		const char *kind = strcmp(to->identity, "always") == 0 ? "ALWAYS" : "BY DEFAULT";
		alter_col(sb, r, table, name);
		if (from->identity)
			so_strbuf_appendf(sb, "SET GENERATED %s;", kind);
		else
			so_strbuf_appendf(sb, "ADD GENERATED %s AS IDENTITY;", kind);
	}
	if (flags & SO_COLCHG_COMMENT)
		pg_column_comment(sb, r, table, name, to);
}

static void pg_add_key(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD ");
	key_def(sb, k, primary);
	so_strbuf_append_char(sb, ';');
}

static void drop_constraint(so_strbuf *sb, const so_rctx *r, const char *table, const char *name)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP CONSTRAINT ");
	pg_ident(sb, name);
	so_strbuf_append_char(sb, ';');
}

static void pg_drop_key(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary)
{
	(void)primary;
	drop_constraint(sb, r, table, k->name);
}

static void pg_drop_index(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix)
{
	(void)table;
	sep(sb);
	so_strbuf_append(sb, "DROP INDEX ");
	qname(sb, r, ix->name);
	so_strbuf_append_char(sb, ';');
}

static void pg_add_fk(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD CONSTRAINT ");
	pg_ident(sb, fk->name);
	so_strbuf_append(sb, " FOREIGN KEY ");
	ident_list(sb, &fk->columns);
	so_strbuf_append(sb, " REFERENCES ");
	pg_ident(sb, fk->ref_schema ? fk->ref_schema : r->schema);
	so_strbuf_append_char(sb, '.');
	pg_ident(sb, fk->ref_table);
	so_strbuf_append_char(sb, ' ');
	ident_list(sb, &fk->ref_columns);
	if (fk->match && strcmp(fk->match, "simple") != 0) {
		so_strbuf_append(sb, " MATCH ");
		upper_words(sb, fk->match);
	}
	if (fk->on_update && strcmp(fk->on_update, "no action") != 0) {
		so_strbuf_append(sb, " ON UPDATE ");
		upper_words(sb, fk->on_update);
	}
	if (fk->on_delete && strcmp(fk->on_delete, "no action") != 0) {
		so_strbuf_append(sb, " ON DELETE ");
		upper_words(sb, fk->on_delete);
	}
	deferrable(sb, fk->deferrable, fk->initially_deferred);
	so_strbuf_append_char(sb, ';');
}

static void pg_drop_fk(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk,
                       bool drop_implied_index)
{
	(void)drop_implied_index;
	drop_constraint(sb, r, table, fk->name);
}

static void pg_add_check(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD ");
	check_def(sb, c);
	so_strbuf_append_char(sb, ';');
}

static void pg_drop_check(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c)
{
	drop_constraint(sb, r, table, c->name);
}

static void seq_options(so_strbuf *sb, const so_sequence *from, const so_sequence *s)
{
	/* on ALTER, an option that went back to the server default needs its explicit reset form */
	const char *ftype = from && from->type ? from->type : "bigint";
	const char *type = s->type ? s->type : "bigint";

	if (!from || strcmp(ftype, type) != 0)
		so_strbuf_appendf(sb, " AS %s", type);
	if (s->increment && (!from || !so_render_streq(from->increment, s->increment)))
		so_strbuf_appendf(sb, " INCREMENT BY %s", s->increment);
	else if (from && !s->increment && from->increment)
		so_strbuf_append(sb, " INCREMENT BY 1");
	if (s->min && (!from || !so_render_streq(from->min, s->min)))
		so_strbuf_appendf(sb, " MINVALUE %s", s->min);
	else if (from && !s->min && from->min)
		so_strbuf_append(sb, " NO MINVALUE");
	if (s->max && (!from || !so_render_streq(from->max, s->max)))
		so_strbuf_appendf(sb, " MAXVALUE %s", s->max);
	else if (from && !s->max && from->max)
		so_strbuf_append(sb, " NO MAXVALUE");
	if (s->start && (!from || !so_render_streq(from->start, s->start)))
		so_strbuf_appendf(sb, " START WITH %s", s->start);
	if (s->cache && (!from || !so_render_streq(from->cache, s->cache)))
		so_strbuf_appendf(sb, " CACHE %s", s->cache);
	else if (from && !s->cache && from->cache)
		so_strbuf_append(sb, " CACHE 1");
	if (!from ? s->cycle : from->cycle != s->cycle)
		so_strbuf_append(sb, s->cycle ? " CYCLE" : " NO CYCLE");
}

static void pg_create_sequence(so_strbuf *sb, const so_rctx *r, const so_sequence *s)
{
	sep(sb);
	so_strbuf_append(sb, "CREATE SEQUENCE ");
	qname(sb, r, s->name);
	seq_options(sb, NULL, s);
	so_strbuf_append_char(sb, ';');
}

/* "table.column" -> schema.table.column (the column part is everything after the first dot) */
static void owned_by(so_strbuf *sb, const so_rctx *r, const char *owner)
{
	const char *dot = owner ? strchr(owner, '.') : NULL;
	if (!dot) {
		so_strbuf_append(sb, "NONE");
		return;
	}
	pg_ident(sb, r->schema);
	so_strbuf_append_char(sb, '.');
	{
		char *table = so_arena_strndup(sb->arena, owner, (size_t)(dot - owner));
		if (!table) {
			sb->failed = true;
			return;
		}
		pg_ident(sb, table);
	}
	so_strbuf_append_char(sb, '.');
	pg_ident(sb, dot + 1);
}

static void pg_alter_sequence(so_strbuf *sb, const so_rctx *r, const so_sequence *from, const so_sequence *to)
{
	size_t before;

	sep(sb);
	before = sb->len;
	so_strbuf_append(sb, "ALTER SEQUENCE ");
	qname(sb, r, to->name);
	if (from) {
		size_t mark = sb->len;
		seq_options(sb, from, to);
		if (!so_render_streq(from->owned_by, to->owned_by)) {
			so_strbuf_append(sb, " OWNED BY ");
			owned_by(sb, r, to->owned_by);
		}
		if (sb->len == mark && !sb->failed) {
			/* nothing differs: keep the buffer as it was */
			sb->len = before > 0 ? before - 1 : 0;
			sb->data[sb->len] = '\0';
		} else
			so_strbuf_append_char(sb, ';');
	} else {
		so_strbuf_append(sb, " OWNED BY ");
		owned_by(sb, r, to->owned_by);
		so_strbuf_append_char(sb, ';');
	}
	if (!so_render_streq(from ? from->comment : NULL, to->comment)) {
		sep(sb);
		so_strbuf_append(sb, "COMMENT ON SEQUENCE ");
		qname(sb, r, to->name);
		so_strbuf_append(sb, " IS ");
		pg_literal(sb, to->comment);
		so_strbuf_append_char(sb, ';');
	}
}

static void pg_drop_sequence(so_strbuf *sb, const so_rctx *r, const so_sequence *s)
{
	/* IF EXISTS: a sequence OWNED BY a dropped column or table is already gone */
	sep(sb);
	so_strbuf_append(sb, "DROP SEQUENCE IF EXISTS ");
	qname(sb, r, s->name);
	so_strbuf_append_char(sb, ';');
}

/* ---- online recipes (one statement each; see render.h) ---- */

static void pg_create_index_concurrently(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix,
                                         const char *name)
{
	create_index_stmt(sb, r, table, ix, name, true);
}

static void pg_drop_index_concurrently(so_strbuf *sb, const so_rctx *r, const char *index)
{
	sep(sb);
	so_strbuf_append(sb, "DROP INDEX CONCURRENTLY ");
	qname(sb, r, index);
	so_strbuf_append_char(sb, ';');
}

static void pg_rename_index(so_strbuf *sb, const so_rctx *r, const char *from, const char *to)
{
	sep(sb);
	so_strbuf_append(sb, "ALTER INDEX ");
	qname(sb, r, from);
	so_strbuf_append(sb, " RENAME TO ");
	pg_ident(sb, to);
	so_strbuf_append_char(sb, ';');
}

static void pg_add_key_using_index(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary,
                                   const char *index)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD CONSTRAINT ");
	pg_ident(sb, k->name);
	so_strbuf_append(sb, primary ? " PRIMARY KEY USING INDEX " : " UNIQUE USING INDEX ");
	pg_ident(sb, index);
	deferrable(sb, k->deferrable, k->initially_deferred);
	so_strbuf_append_char(sb, ';');
}

/* the statement of pg_add_fk / pg_add_check with NOT VALID before its final ';' */
static void not_valid(so_strbuf *sb, size_t start)
{
	if (sb->failed || sb->len <= start || sb->data[sb->len - 1] != ';')
		return;
	sb->len--;
	sb->data[sb->len] = '\0';
	so_strbuf_append(sb, " NOT VALID;");
}

static void pg_add_fk_not_valid(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk)
{
	size_t start = sb->len;
	pg_add_fk(sb, r, table, fk);
	not_valid(sb, start);
}

static void pg_add_check_not_valid(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c)
{
	size_t start = sb->len;
	pg_add_check(sb, r, table, c);
	not_valid(sb, start);
}

static void pg_validate_constraint(so_strbuf *sb, const so_rctx *r, const char *table, const char *name)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "VALIDATE CONSTRAINT ");
	pg_ident(sb, name);
	so_strbuf_append_char(sb, ';');
}

static void pg_set_not_null(so_strbuf *sb, const so_rctx *r, const char *table, const char *column, bool not_null)
{
	alter_col(sb, r, table, column);
	so_strbuf_append(sb, not_null ? "SET NOT NULL;" : "DROP NOT NULL;");
}

/* SET LOCAL inside the script's transaction, or SET for the session when steps run between transactions */
static void pg_preamble(so_strbuf *sb, const so_rctx *r, const char *lock_timeout, const char *statement_timeout,
                        bool in_transaction)
{
	const char *set = in_transaction ? "SET LOCAL " : "SET ";
	if (in_transaction)
		so_strbuf_append(sb, "BEGIN;\n");
	if (lock_timeout && *lock_timeout) {
		so_strbuf_appendf(sb, "%slock_timeout = ", set);
		pg_literal(sb, lock_timeout);
		so_strbuf_append(sb, ";\n");
	}
	if (statement_timeout && *statement_timeout) {
		so_strbuf_appendf(sb, "%sstatement_timeout = ", set);
		pg_literal(sb, statement_timeout);
		so_strbuf_append(sb, ";\n");
	}
	so_strbuf_appendf(sb, "%ssearch_path = ", set);
	pg_ident(sb, r->schema);
	so_strbuf_append(sb, ", pg_catalog;\n");
}

static void pg_postamble(so_strbuf *sb, const so_rctx *r)
{
	(void)r;
	so_strbuf_append(sb, "COMMIT;\n");
}

const so_renderer so_render_postgres = {
    .ident = pg_ident,
    .literal = pg_literal,
    .create_table = pg_create_table,
    .drop_table = pg_drop_table,
    .rename_table = pg_rename_table,
    .add_column = pg_add_column,
    .drop_column = pg_drop_column,
    .rename_column = pg_rename_column,
    .alter_column = pg_alter_column,
    .add_key = pg_add_key,
    .drop_key = pg_drop_key,
    .create_index = pg_create_index,
    .drop_index = pg_drop_index,
    .add_fk = pg_add_fk,
    .drop_fk = pg_drop_fk,
    .add_check = pg_add_check,
    .drop_check = pg_drop_check,
    .table_comment = pg_table_comment,
    .column_comment = pg_column_comment,
    .index_comment = pg_index_comment,
    .create_sequence = pg_create_sequence,
    .alter_sequence = pg_alter_sequence,
    .drop_sequence = pg_drop_sequence,
    .create_index_concurrently = pg_create_index_concurrently,
    .drop_index_concurrently = pg_drop_index_concurrently,
    .rename_index = pg_rename_index,
    .add_key_using_index = pg_add_key_using_index,
    .add_fk_not_valid = pg_add_fk_not_valid,
    .add_check_not_valid = pg_add_check_not_valid,
    .validate_constraint = pg_validate_constraint,
    .set_not_null = pg_set_not_null,
    .preamble = pg_preamble,
    .postamble = pg_postamble,
};

/* ALTER TABLE parent ATTACH PARTITION table FOR VALUES ... | DEFAULT (PostgreSQL 15, ALTER TABLE) */
void so_render_pg_attach_partition(so_strbuf *sb, const so_rctx *r, const char *parent, const char *table,
                                   const char *bound)
{
	alter_table(sb, r, parent);
	so_strbuf_append(sb, "ATTACH PARTITION ");
	qname(sb, r, table);
	so_strbuf_appendf(sb, " %s;", bound ? bound : "DEFAULT");
}

/* ALTER TABLE parent DETACH PARTITION table [CONCURRENTLY] */
void so_render_pg_detach_partition(so_strbuf *sb, const so_rctx *r, const char *parent, const char *table,
                                   bool concurrently)
{
	alter_table(sb, r, parent);
	so_strbuf_append(sb, "DETACH PARTITION ");
	qname(sb, r, table);
	so_strbuf_append(sb, concurrently ? " CONCURRENTLY;" : ";");
}
