/*
 * render.h (internal to common/): the per-dialect DDL renderers the diff engine drives
 * (render_postgres.c, render_mariadb.c).
 *
 * Every function appends one or more complete statements, each ending in ';' and separated by '\n', to a
 * strbuf (out of memory is sticky in the strbuf and checked once by the caller). Object names are qualified
 * with `so_rctx.schema`, the name of the document the migration is applied to (the "from" document): a
 * script generated for schema `pagila_v1` only ever touches `pagila_v1`, whatever search_path or current
 * database the session has. Expressions and types are emitted as the document spells them; the script's
 * preamble sets search_path (PostgreSQL) / the current database (MariaDB) so unqualified names inside them
 * resolve to the same schema.
 */
#ifndef SCHEMAOPS_RENDER_H
#define SCHEMAOPS_RENDER_H

#include <stdbool.h>

#include "model.h"
#include "schemaops/strbuf.h"

typedef struct so_rctx {
	so_dialect dialect;
	const char *schema; /* qualifier for every object name */
	/* MariaDB online DDL: "ALGORITHM=INPLACE, LOCK=NONE" or NULL; so_render_alter_table puts it first in
	   every ALTER TABLE's list of alter specifications (the MariaDB ALTER TABLE grammar allows them in any
	   position: mariadb.com/kb/en/alter-table/#algorithm, #lock) */
	const char *alter_clause;
} so_rctx;

/* What changed in a column (so_renderer.alter_column). */
enum {
	SO_COLCHG_TYPE = 1 << 0,
	SO_COLCHG_NULL = 1 << 1,
	SO_COLCHG_DEFAULT = 1 << 2,
	SO_COLCHG_IDENTITY = 1 << 3,
	SO_COLCHG_COLLATION = 1 << 4,
	SO_COLCHG_AUTOINC = 1 << 5,
	SO_COLCHG_COMMENT = 1 << 6,
	/* PostgreSQL: a stored generated column becomes a plain one that keeps its values (DROP EXPRESSION) */
	SO_COLCHG_DROP_EXPRESSION = 1 << 7,
	/* PostgreSQL type change without a cast path (pg_casts.h): USING col::text::type */
	SO_COLCHG_VIA_TEXT = 1 << 8,
	/* MariaDB: INVISIBLE <-> VISIBLE (MODIFY COLUMN restates the whole definition, visibility included) */
	SO_COLCHG_VISIBILITY = 1 << 9
};

typedef struct so_renderer {
	/* an identifier, quoted as the dialect needs */
	void (*ident)(so_strbuf *sb, const char *name);
	/* a string literal (comments); NULL renders as the dialect's "no comment" value */
	void (*literal)(so_strbuf *sb, const char *s);
	/* CREATE TABLE with columns, primary key, unique constraints, checks, options and comments (no FKs,
	   no indexes); `indexes` also appends CREATE INDEX for t's own indexes (for a DROP TABLE's down) */
	void (*create_table)(so_strbuf *sb, const so_rctx *r, const so_table *t, bool indexes);
	void (*drop_table)(so_strbuf *sb, const so_rctx *r, const char *table);
	void (*rename_table)(so_strbuf *sb, const so_rctx *r, const char *from, const char *to);
	/* adds column c named `name` with its comment; MariaDB places it AFTER `after` (FIRST when NULL) */
	void (*add_column)(so_strbuf *sb, const so_rctx *r, const char *table, const char *name, const so_column *c,
	                   const char *after);
	void (*drop_column)(so_strbuf *sb, const so_rctx *r, const char *table, const char *column);
	void (*rename_column)(so_strbuf *sb, const so_rctx *r, const char *table, const char *from, const char *to);
	/* changes column `name` from `from` to `to`; `flags` says what differs (SO_COLCHG_*) */
	void (*alter_column)(so_strbuf *sb, const so_rctx *r, const char *table, const char *name,
	                     const so_column *from, const so_column *to, unsigned flags);
	void (*add_key)(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary);
	void (*drop_key)(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary);
	void (*create_index)(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix);
	/* optional (NULL: drop then create): replace a key or index in one statement, which MariaDB needs
	   (one table rebuild; an AUTO_INCREMENT column may never be left without a key) */
	void (*replace_key)(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *from, const so_key *to,
	                    bool primary);
	void (*replace_index)(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *from,
	                      const so_index *to);
	void (*drop_index)(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix);
	void (*add_fk)(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk);
	/* drop_implied_index: MariaDB also drops the index the server created for the key */
	void (*drop_fk)(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk,
	                bool drop_implied_index);
	void (*add_check)(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c);
	void (*drop_check)(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c);
	/* sets the comment of `table` to `comment` (NULL removes it); `t` gives MariaDB nothing else to keep */
	void (*table_comment)(so_strbuf *sb, const so_rctx *r, const char *table, const char *comment);
	/* sets the comment of column `name` to c->comment (MariaDB re-renders the whole definition) */
	void (*column_comment)(so_strbuf *sb, const so_rctx *r, const char *table, const char *name,
	                       const so_column *c);
	/* PostgreSQL only (MariaDB index comments change by recreation) */
	void (*index_comment)(so_strbuf *sb, const so_rctx *r, const so_index *ix, const char *comment);
	/* Sequences: PostgreSQL only, NULL for MariaDB (the reader rejects sequences in MariaDB documents). */
	/* CREATE SEQUENCE without OWNED BY (the owning column may not exist yet) */
	void (*create_sequence)(so_strbuf *sb, const so_rctx *r, const so_sequence *s);
	/* ALTER SEQUENCE from -> to, OWNED BY included; from may be NULL (all options of to, then OWNED BY) */
	void (*alter_sequence)(so_strbuf *sb, const so_rctx *r, const so_sequence *from, const so_sequence *to);
	void (*drop_sequence)(so_strbuf *sb, const so_rctx *r, const so_sequence *s);
	/* PostgreSQL online recipes (NULL for MariaDB). Each appends exactly one statement. */
	/* CREATE [UNIQUE] INDEX CONCURRENTLY `name` (NULL: ix->name) ..., without the index comment */
	void (*create_index_concurrently)(so_strbuf *sb, const so_rctx *r, const char *table, const so_index *ix,
	                                  const char *name);
	void (*drop_index_concurrently)(so_strbuf *sb, const so_rctx *r, const char *index);
	void (*rename_index)(so_strbuf *sb, const so_rctx *r, const char *from, const char *to);
	/* ADD CONSTRAINT k PRIMARY KEY / UNIQUE USING INDEX index */
	void (*add_key_using_index)(so_strbuf *sb, const so_rctx *r, const char *table, const so_key *k, bool primary,
	                            const char *index);
	void (*add_fk_not_valid)(so_strbuf *sb, const so_rctx *r, const char *table, const so_foreign_key *fk);
	void (*add_check_not_valid)(so_strbuf *sb, const so_rctx *r, const char *table, const so_check *c);
	void (*validate_constraint)(so_strbuf *sb, const so_rctx *r, const char *table, const char *name);
	/* ALTER COLUMN name SET NOT NULL / DROP NOT NULL alone */
	void (*set_not_null)(so_strbuf *sb, const so_rctx *r, const char *table, const char *column, bool not_null);
	/* the script preamble after the header comment (transaction, timeouts, search path / USE);
	   `in_transaction`: PostgreSQL SET LOCAL inside BEGIN, else session-level SET (no BEGIN) */
	void (*preamble)(so_strbuf *sb, const so_rctx *r, const char *lock_timeout, const char *statement_timeout,
	                 bool in_transaction);
	void (*postamble)(so_strbuf *sb, const so_rctx *r);
} so_renderer;

extern const so_renderer so_render_postgres;
extern const so_renderer so_render_mariadb;

/* Shared helpers (render_common.c). */
typedef void (*so_render_ident_fn)(so_strbuf *sb, const char *name);
/* a newline before the next statement unless sb is empty */
void so_render_sep(so_strbuf *sb);
/* schema.name, each part quoted by `ident` */
void so_render_qname(so_strbuf *sb, so_render_ident_fn ident, const so_rctx *r, const char *name);
/* "ALTER TABLE schema.table " on a new line */
void so_render_alter_table(so_strbuf *sb, so_render_ident_fn ident, const so_rctx *r, const char *table);
/* "(a, b, c)" */
void so_render_ident_list(so_strbuf *sb, so_render_ident_fn ident, const so_strlist *l);
/* ASCII upper case (FK actions, match types) */
void so_render_upper(so_strbuf *sb, const char *s);
/* Appends s with every control character replaced by '?', so a name can never end a "--" comment line. */
void so_render_comment_text(so_strbuf *sb, const char *s);
bool so_render_streq(const char *a, const char *b); /* NULL-safe equality */
/* the hazard codes of docs/hazards.md (diff_options.c) */
bool so_diff_hazard_known(const char *code);
/* glob match: `*` any run, `?` one byte, everything else literal */
bool so_diff_glob(const char *pattern, const char *name);
/* lock_timeout text ("5s", "500ms", "1min", "2h", "1d", plain number = ms) -> whole seconds (rounded up);
   -1 if it is not of that form */
long long so_render_timeout_seconds(const char *text);

/* PostgreSQL partitions (render_postgres.c): ALTER TABLE parent ATTACH PARTITION table bound (bound "FOR VALUES
   ..." or NULL / "DEFAULT"), and ALTER TABLE parent DETACH PARTITION table [CONCURRENTLY] */
void so_render_pg_attach_partition(so_strbuf *sb, const so_rctx *r, const char *parent, const char *table,
                                   const char *bound);
void so_render_pg_detach_partition(so_strbuf *sb, const so_rctx *r, const char *parent, const char *table,
                                   bool concurrently);

#endif
