/*
 * render_mariadb.c: MariaDB (10.5+) DDL for the diff engine (see render.h).
 *
 * Every identifier is backquoted (embedded backquotes doubled) and every table name is qualified with the
 * database the migration applies to, so a script cannot touch another database whatever the session's
 * current database is. MariaDB's MODIFY COLUMN replaces the whole column definition, so any column change
 * re-renders the complete target definition (type, collation, NULL, DEFAULT, AUTO_INCREMENT, COMMENT).
 * DDL autocommits on MariaDB: the script has no transaction.
 */
#include <string.h>

#include "render.h"

static void my_ident(so_strbuf *sb, const char *name)
{
	const char *p;

	so_strbuf_append_char(sb, '`');
	for (p = name ? name : ""; *p; p++) {
		if (*p == '`')
			so_strbuf_append_char(sb, '`');
		so_strbuf_append_char(sb, *p);
	}
	so_strbuf_append_char(sb, '`');
}

/* both the quote and the backslash: NO_BACKSLASH_ESCAPES may be off (the default) */
static void my_literal(so_strbuf *sb, const char *s)
{
	if (!s)
		s = "";
	so_strbuf_append_char(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			so_strbuf_append_char(sb, '\'');
		else if (*s == '\\')
			so_strbuf_append_char(sb, '\\');
		so_strbuf_append_char(sb, *s);
	}
	so_strbuf_append_char(sb, '\'');
}

/* the shared helpers of render_common.c, bound to this dialect's quoting */
#define sep(sb) so_render_sep(sb)
#define qname(sb, r, name) so_render_qname(sb, my_ident, r, name)
#define alter_table(sb, r, table) so_render_alter_table(sb, my_ident, r, table)
#define ident_list(sb, l) so_render_ident_list(sb, my_ident, l)
#define upper_words(sb, s) so_render_upper(sb, s)

static bool is_word(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/*
 * information_schema reports literals quoted ('abc', 0, NULL) and functions as calls
 * (current_timestamp()); those are valid as written. Anything else is an expression default, which
 * MariaDB accepts in parentheses.
 */
static bool default_as_is(const char *d)
{
	const char *p;
	if (d[0] == '\'' || d[0] == '-' || d[0] == '+' || (d[0] >= '0' && d[0] <= '9'))
		return true;
	if (strcmp(d, "NULL") == 0 || strcmp(d, "null") == 0)
		return true;
	for (p = d; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'; p++)
		;
	if (p == d || *p != '(')
		return false;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	return p[0] == ')' && p[1] == '\0';
}

static void column_def(so_strbuf *sb, const char *name, const so_column *c)
{
	my_ident(sb, name);
	so_strbuf_append_char(sb, ' ');
	so_strbuf_append(sb, c->type);
	if (c->collation) {
		so_strbuf_append(sb, " COLLATE ");
		my_ident(sb, c->collation);
	}
	if (c->generated) {
		/* MariaDB allows no NULL / NOT NULL / DEFAULT on generated columns */
		so_strbuf_appendf(sb, " GENERATED ALWAYS AS (%s) %s", c->generated,
		                  c->generated_stored ? "STORED" : "VIRTUAL");
		if (c->invisible)
			so_strbuf_append(sb, " INVISIBLE");
	} else {
		so_strbuf_append(sb, c->nullable ? " NULL" : " NOT NULL");
		/* the attribute order SHOW CREATE TABLE writes (MariaDB KB "Invisible Columns") */
		if (c->invisible)
			so_strbuf_append(sb, " INVISIBLE");
		if (c->default_expr) {
			if (default_as_is(c->default_expr))
				so_strbuf_appendf(sb, " DEFAULT %s", c->default_expr);
			else
				so_strbuf_appendf(sb, " DEFAULT (%s)", c->default_expr);
		}
		/* normalization admits only current_timestamp[(N)], so the text is safe to splice */
		if (c->on_update)
			so_strbuf_appendf(sb, " ON UPDATE %s", c->on_update);
		if (c->auto_increment)
			so_strbuf_append(sb, " AUTO_INCREMENT");
	}
	if (c->comment) {
		so_strbuf_append(sb, " COMMENT ");
		my_literal(sb, c->comment);
	}
}

static void index_body(so_strbuf *sb, const so_index *ix)
{
	size_t i;
	const char *m = ix->method ? ix->method : "btree";

	if (strcmp(m, "fulltext") == 0)
		so_strbuf_append(sb, "FULLTEXT INDEX ");
	else if (strcmp(m, "spatial") == 0)
		so_strbuf_append(sb, "SPATIAL INDEX ");
	else
		so_strbuf_append(sb, ix->unique ? "UNIQUE INDEX " : "INDEX ");
	my_ident(sb, ix->name);
	so_strbuf_append(sb, " (");
	for (i = 0; i < ix->n_keys; i++) {
		const so_index_key *k = &ix->keys[i];
		if (i)
			so_strbuf_append(sb, ", ");
		if (k->column)
			my_ident(sb, k->column);
		else
			so_strbuf_appendf(sb, "(%s)", k->expression ? k->expression : "");
		if (k->length > 0)
			so_strbuf_appendf(sb, "(%d)", k->length);
		if (k->desc)
			so_strbuf_append(sb, " DESC");
	}
	so_strbuf_append_char(sb, ')');
	if (strcmp(m, "hash") == 0)
		so_strbuf_append(sb, " USING HASH");
	if (ix->comment) {
		so_strbuf_append(sb, " COMMENT ");
		my_literal(sb, ix->comment);
	}
}

static void my_table_options(so_strbuf *sb, const so_table *t)
{
	size_t i;
	for (i = 0; i < t->n_options; i++) {
		const char *k = t->options[i].key, *v = t->options[i].value;
		/* values are spliced as words: anything else could not be a valid option value anyway */
		if (!is_word(v))
			continue;
		if (strcmp(k, "engine") == 0)
			so_strbuf_appendf(sb, " ENGINE=%s", v);
		else if (strcmp(k, "charset") == 0 || strcmp(k, "character_set") == 0)
			so_strbuf_appendf(sb, " DEFAULT CHARSET=%s", v);
		else if (strcmp(k, "collation") == 0)
			so_strbuf_appendf(sb, " DEFAULT COLLATE=%s", v);
		else if (strcmp(k, "row_format") == 0)
			so_strbuf_appendf(sb, " ROW_FORMAT=%s", v);
	}
	if (t->comment) {
		so_strbuf_append(sb, " COMMENT=");
		my_literal(sb, t->comment);
	}
}

static void my_create_table(so_strbuf *sb, const so_rctx *r, const so_table *t, bool indexes)
{
	size_t i;

	sep(sb);
	so_strbuf_append(sb, "CREATE TABLE ");
	qname(sb, r, t->name);
	so_strbuf_append(sb, " (\n");
	for (i = 0; i < t->n_columns; i++) {
		so_strbuf_append(sb, i ? ",\n  " : "  ");
		column_def(sb, t->columns[i].name, &t->columns[i]);
	}
	if (t->primary_key) {
		so_strbuf_append(sb, ",\n  PRIMARY KEY ");
		ident_list(sb, &t->primary_key->columns);
	}
	for (i = 0; i < t->n_uniques; i++) {
		so_strbuf_append(sb, ",\n  UNIQUE KEY ");
		my_ident(sb, t->uniques[i].name);
		so_strbuf_append_char(sb, ' ');
		ident_list(sb, &t->uniques[i].columns);
	}
	if (indexes)
		for (i = 0; i < t->n_indexes; i++) {
			if (t->indexes[i].implied_by_fk)
				continue; /* ADD FOREIGN KEY creates it */
			so_strbuf_append(sb, ",\n  ");
			index_body(sb, &t->indexes[i]);
		}
	for (i = 0; i < t->n_checks; i++) {
		so_strbuf_append(sb, ",\n  CONSTRAINT ");
		my_ident(sb, t->checks[i].name);
		so_strbuf_appendf(sb, " CHECK (%s)", t->checks[i].expression);
	}
	so_strbuf_append(sb, "\n)");
	my_table_options(sb, t);
	so_strbuf_append_char(sb, ';');
}

static void my_drop_table(so_strbuf *sb, const so_rctx *r, const char *table)
{
	sep(sb);
	so_strbuf_append(sb, "DROP TABLE ");
	qname(sb, r, table);
	so_strbuf_append_char(sb, ';');
}

static void my_rename_table(so_strbuf *sb, const so_rctx *r, const char *from, const char *to)
{
	sep(sb);
	so_strbuf_append(sb, "RENAME TABLE ");
	qname(sb, r, from);
	so_strbuf_append(sb, " TO ");
	qname(sb, r, to);
	so_strbuf_append_char(sb, ';');
}

static void my_add_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *c,
                          const char *after)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD COLUMN ");
	column_def(sb, name, c);
	if (!after)
		so_strbuf_append(sb, " FIRST");
	else {
		so_strbuf_append(sb, " AFTER ");
		my_ident(sb, after);
	}
	so_strbuf_append_char(sb, ';');
}

static void my_drop_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *column)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP COLUMN ");
	my_ident(sb, column);
	so_strbuf_append_char(sb, ';');
}

static void my_rename_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *from, const char *to)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "RENAME COLUMN ");
	my_ident(sb, from);
	so_strbuf_append(sb, " TO ");
	my_ident(sb, to);
	so_strbuf_append_char(sb, ';');
}

static void my_alter_column(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *from,
                            const so_column *to, unsigned flags)
{
	(void)from;
	(void)flags;
	alter_table(sb, r, table);
	so_strbuf_append(sb, "MODIFY COLUMN ");
	column_def(sb, name, to);
	so_strbuf_append_char(sb, ';');
}

static void my_add_key(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary)
{
	alter_table(sb, r, table);
	if (primary)
		so_strbuf_append(sb, "ADD PRIMARY KEY ");
	else {
		so_strbuf_append(sb, "ADD UNIQUE INDEX ");
		my_ident(sb, k->name);
		so_strbuf_append_char(sb, ' ');
	}
	ident_list(sb, &k->columns);
	so_strbuf_append_char(sb, ';');
}

static void drop_key_clause(so_strbuf *sb, const so_key *k, bool primary)
{
	if (primary)
		so_strbuf_append(sb, "DROP PRIMARY KEY");
	else {
		so_strbuf_append(sb, "DROP INDEX ");
		my_ident(sb, k->name);
	}
}

static void my_drop_key(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary)
{
	alter_table(sb, r, table);
	drop_key_clause(sb, k, primary);
	so_strbuf_append_char(sb, ';');
}

static void my_replace_key(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *from, const so_key *to,
                           bool primary)
{
	alter_table(sb, r, table);
	drop_key_clause(sb, from, primary);
	if (primary)
		so_strbuf_append(sb, ", ADD PRIMARY KEY ");
	else {
		so_strbuf_append(sb, ", ADD UNIQUE INDEX ");
		my_ident(sb, to->name);
		so_strbuf_append_char(sb, ' ');
	}
	ident_list(sb, &to->columns);
	so_strbuf_append_char(sb, ';');
}

static void my_create_index(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD ");
	index_body(sb, ix);
	so_strbuf_append_char(sb, ';');
}

static void my_drop_index(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP INDEX ");
	my_ident(sb, ix->name);
	so_strbuf_append_char(sb, ';');
}

static void my_replace_index(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *from,
                             const so_index *to)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP INDEX ");
	my_ident(sb, from->name);
	so_strbuf_append(sb, ", ADD ");
	index_body(sb, to);
	so_strbuf_append_char(sb, ';');
}

static void my_add_fk(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD CONSTRAINT ");
	my_ident(sb, fk->name);
	so_strbuf_append(sb, " FOREIGN KEY ");
	ident_list(sb, &fk->columns);
	so_strbuf_append(sb, " REFERENCES ");
	my_ident(sb, fk->ref_schema ? fk->ref_schema : r->schema);
	so_strbuf_append_char(sb, '.');
	my_ident(sb, fk->ref_table);
	so_strbuf_append_char(sb, ' ');
	ident_list(sb, &fk->ref_columns);
	/* MATCH is parsed and ignored by InnoDB: not rendered */
	if (fk->on_delete && strcmp(fk->on_delete, "no action") != 0) {
		so_strbuf_append(sb, " ON DELETE ");
		upper_words(sb, fk->on_delete);
	}
	if (fk->on_update && strcmp(fk->on_update, "no action") != 0) {
		so_strbuf_append(sb, " ON UPDATE ");
		upper_words(sb, fk->on_update);
	}
	so_strbuf_append_char(sb, ';');
}

static void my_drop_fk(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk,
                       bool drop_implied_index)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP FOREIGN KEY ");
	my_ident(sb, fk->name);
	so_strbuf_append_char(sb, ';');
	if (drop_implied_index) {
		alter_table(sb, r, table);
		so_strbuf_append(sb, "DROP INDEX ");
		my_ident(sb, fk->name);
		so_strbuf_append_char(sb, ';');
	}
}

static void my_add_check(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "ADD CONSTRAINT ");
	my_ident(sb, c->name);
	so_strbuf_appendf(sb, " CHECK (%s);", c->expression);
}

static void my_drop_check(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "DROP CONSTRAINT ");
	my_ident(sb, c->name);
	so_strbuf_append_char(sb, ';');
}

static void my_table_comment(so_strbuf *sb, const so_rctx *r, const char *table, const char *comment)
{
	alter_table(sb, r, table);
	so_strbuf_append(sb, "COMMENT = ");
	my_literal(sb, comment);
	so_strbuf_append_char(sb, ';');
}

static void my_column_comment(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *c)
{
	my_alter_column(sb, r, table, name, c, c, SO_COLCHG_COMMENT);
}

/* lock_wait_timeout and max_statement_time are in seconds (mariadb.com/kb/en/server-system-variables/) */
static void my_preamble(so_strbuf *sb, const so_rctx *r, const char *lock_timeout, const char *statement_timeout,
                        bool in_transaction)
{
	long long secs = so_render_timeout_seconds(lock_timeout);
	(void)in_transaction; /* DDL commits implicitly on MariaDB: there is no script transaction */
	if (secs > 0)
		so_strbuf_appendf(sb, "SET SESSION lock_wait_timeout = %lld;\n", secs);
	secs = so_render_timeout_seconds(statement_timeout);
	if (secs > 0)
		so_strbuf_appendf(sb, "SET SESSION max_statement_time = %lld;\n", secs);
	so_strbuf_append(sb, "USE ");
	my_ident(sb, r->schema);
	so_strbuf_append(sb, ";\n");
}

static void my_postamble(so_strbuf *sb, const so_rctx *r)
{
	(void)sb;
	(void)r;
}

const so_renderer so_render_mariadb = {
    .ident = my_ident,
    .literal = my_literal,
    .create_table = my_create_table,
    .drop_table = my_drop_table,
    .rename_table = my_rename_table,
    .add_column = my_add_column,
    .drop_column = my_drop_column,
    .rename_column = my_rename_column,
    .alter_column = my_alter_column,
    .add_key = my_add_key,
    .drop_key = my_drop_key,
    .create_index = my_create_index,
    .replace_key = my_replace_key,
    .replace_index = my_replace_index,
    .drop_index = my_drop_index,
    .add_fk = my_add_fk,
    .drop_fk = my_drop_fk,
    .add_check = my_add_check,
    .drop_check = my_drop_check,
    .table_comment = my_table_comment,
    .column_comment = my_column_comment,
    .index_comment = NULL,
    /* no sequences: the reader rejects them in MariaDB documents (10.11 has no SEQUENCES view) */
    .create_sequence = NULL,
    .alter_sequence = NULL,
    .drop_sequence = NULL,
    .preamble = my_preamble,
    .postamble = my_postamble,
};
