/*
 * document_write.c: so_document -> canonical compact JSON.
 *
 * Keys come in the fixed order of docs/document-format.md and values equal to the format's defaults are
 * left out, so two equal documents always print byte-identical text and reading the text again yields an
 * equal document (the writer's output is a fixed point). Opaque objects are inlined from their canonical
 * JSON, which keeps them across a round trip.
 */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "node.h"
#include "schemaops/strbuf.h"

typedef struct so_writer {
	so_strbuf sb;
	so_dialect dialect;
	bool bad_utf8;
} so_writer;

static void w_raw(so_writer *w, const char *s)
{
	so_strbuf_append(&w->sb, s);
}

static void w_str(so_writer *w, const char *s)
{
	if (!s) {
		w_raw(w, "null");
		return;
	}
	if (!so_json_append_string(&w->sb, s, strlen(s)))
		w->bad_utf8 = true;
}

/* `"key":` preceded by a comma unless it is the first member. */
static void w_key(so_writer *w, bool *first, const char *key)
{
	if (!*first)
		so_strbuf_append_char(&w->sb, ',');
	*first = false;
	w_str(w, key);
	so_strbuf_append_char(&w->sb, ':');
}

static void w_kstr(so_writer *w, bool *first, const char *key, const char *val)
{
	if (!val)
		return;
	w_key(w, first, key);
	w_str(w, val);
}

static void w_ktrue(so_writer *w, bool *first, const char *key, bool val)
{
	if (!val)
		return;
	w_key(w, first, key);
	w_raw(w, "true");
}

static void w_strlist(so_writer *w, const so_strlist *l)
{
	size_t i;
	so_strbuf_append_char(&w->sb, '[');
	for (i = 0; i < l->n; i++) {
		if (i)
			so_strbuf_append_char(&w->sb, ',');
		w_str(w, l->items[i]);
	}
	so_strbuf_append_char(&w->sb, ']');
}

static bool plain_ident(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!*p)
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '$' || *p >= 0x80))
			return false;
	return true;
}

static void w_key_element(so_writer *w, const so_index_key *k)
{
	bool first = true;

	if (k->column && !k->opclass && !k->collation && (k->length == 0 || w->dialect == SO_DIALECT_MARIADB)) {
		/* the string form, as people write it: name, "(N)", " DESC", " NULLS FIRST|LAST" */
		so_strbuf s;
		const char *c;
		so_strbuf_init(&s, w->sb.arena);
		if (plain_ident(k->column))
			so_strbuf_append(&s, k->column);
		else {
			so_strbuf_append_char(&s, '"');
			for (c = k->column; *c; c++) {
				if (*c == '"')
					so_strbuf_append_char(&s, '"');
				so_strbuf_append_char(&s, *c);
			}
			so_strbuf_append_char(&s, '"');
		}
		if (k->length > 0)
			so_strbuf_appendf(&s, "(%d)", k->length);
		if (k->desc)
			so_strbuf_append(&s, " DESC");
		if (k->nulls)
			so_strbuf_append(&s, !strcmp(k->nulls, "first") ? " NULLS FIRST" : " NULLS LAST");
		if (so_strbuf_status(&s) != SO_OK) {
			w->sb.failed = true;
			return;
		}
		w_str(w, s.data);
		return;
	}
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "column", k->column);
	w_kstr(w, &first, "expression", k->expression);
	w_ktrue(w, &first, "desc", k->desc);
	w_kstr(w, &first, "nulls", k->nulls);
	if (k->length > 0) {
		w_key(w, &first, "length");
		so_strbuf_appendf(&w->sb, "%d", k->length);
	}
	w_kstr(w, &first, "opclass", k->opclass);
	w_kstr(w, &first, "collation", k->collation);
	so_strbuf_append_char(&w->sb, '}');
}

static void w_column(so_writer *w, const so_column *c)
{
	bool first = true;
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", c->name);
	w_kstr(w, &first, "type", c->type);
	if (!c->nullable) {
		w_key(w, &first, "nullable");
		w_raw(w, "false");
	}
	w_kstr(w, &first, "default", c->default_expr);
	w_kstr(w, &first, "on_update", c->on_update);
	w_kstr(w, &first, "identity", c->identity);
	w_ktrue(w, &first, "auto_increment", c->auto_increment);
	w_kstr(w, &first, "generated", c->generated);
	if (c->generated) {
		w_key(w, &first, "generated_stored");
		w_raw(w, c->generated_stored ? "true" : "false");
	}
	w_ktrue(w, &first, "invisible", c->invisible);
	w_kstr(w, &first, "collation", c->collation);
	w_kstr(w, &first, "comment", c->comment);
	w_kstr(w, &first, "renamed_from", c->renamed_from);
	so_strbuf_append_char(&w->sb, '}');
}

static void w_keyobj(so_writer *w, const so_key *k)
{
	bool first = true;
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", k->name);
	w_key(w, &first, "columns");
	w_strlist(w, &k->columns);
	w_ktrue(w, &first, "deferrable", k->deferrable);
	w_ktrue(w, &first, "initially_deferred", k->initially_deferred);
	so_strbuf_append_char(&w->sb, '}');
}

static void w_index(so_writer *w, const so_index *x)
{
	bool first = true;
	size_t i;
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", x->name);
	w_ktrue(w, &first, "unique", x->unique);
	if (x->method && strcmp(x->method, "btree") != 0)
		w_kstr(w, &first, "method", x->method);
	w_key(w, &first, "columns");
	so_strbuf_append_char(&w->sb, '[');
	for (i = 0; i < x->n_keys; i++) {
		if (i)
			so_strbuf_append_char(&w->sb, ',');
		w_key_element(w, &x->keys[i]);
	}
	so_strbuf_append_char(&w->sb, ']');
	if (x->include.n) {
		w_key(w, &first, "include");
		w_strlist(w, &x->include);
	}
	w_kstr(w, &first, "where", x->where);
	w_kstr(w, &first, "comment", x->comment);
	so_strbuf_append_char(&w->sb, '}');
}

static void w_fk(so_writer *w, const so_foreign_key *fk)
{
	bool first = true, rfirst = true;
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", fk->name);
	w_key(w, &first, "columns");
	w_strlist(w, &fk->columns);
	w_key(w, &first, "references");
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &rfirst, "schema", fk->ref_schema);
	w_kstr(w, &rfirst, "table", fk->ref_table);
	w_key(w, &rfirst, "columns");
	w_strlist(w, &fk->ref_columns);
	so_strbuf_append_char(&w->sb, '}');
	if (fk->on_update && strcmp(fk->on_update, "no action") != 0)
		w_kstr(w, &first, "on_update", fk->on_update);
	if (fk->on_delete && strcmp(fk->on_delete, "no action") != 0)
		w_kstr(w, &first, "on_delete", fk->on_delete);
	if (fk->match && strcmp(fk->match, "simple") != 0)
		w_kstr(w, &first, "match", fk->match);
	w_ktrue(w, &first, "deferrable", fk->deferrable);
	w_ktrue(w, &first, "initially_deferred", fk->initially_deferred);
	so_strbuf_append_char(&w->sb, '}');
}

static void w_check(so_writer *w, const so_check *c)
{
	bool first = true;
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", c->name);
	w_kstr(w, &first, "expression", c->expression);
	w_ktrue(w, &first, "no_inherit", c->no_inherit);
	so_strbuf_append_char(&w->sb, '}');
}

/* Opaque objects grouped by kind (the list is sorted by kind, then name). */
static void w_opaque(so_writer *w, bool *first, const so_opaque *o, size_t n)
{
	size_t i = 0, j;
	while (i < n) {
		w_key(w, first, o[i].kind);
		if (o[i].whole_value) {
			w_raw(w, o[i].canonical);
			i++;
			continue;
		}
		so_strbuf_append_char(&w->sb, '[');
		for (j = i; j < n && !strcmp(o[j].kind, o[i].kind) && !o[j].whole_value; j++) {
			if (j > i)
				so_strbuf_append_char(&w->sb, ',');
			w_raw(w, o[j].canonical);
		}
		so_strbuf_append_char(&w->sb, ']');
		i = j;
	}
}

#define W_LIST(w, first, key, arr, n, fn)                                                                              \
	do {                                                                                                           \
		size_t i_;                                                                                             \
		if ((n) == 0)                                                                                          \
			break;                                                                                         \
		w_key((w), (first), (key));                                                                            \
		so_strbuf_append_char(&(w)->sb, '[');                                                                  \
		for (i_ = 0; i_ < (n); i_++) {                                                                         \
			if (i_)                                                                                        \
				so_strbuf_append_char(&(w)->sb, ',');                                                  \
			fn((w), &(arr)[i_]);                                                                           \
		}                                                                                                      \
		so_strbuf_append_char(&(w)->sb, ']');                                                                  \
	} while (0)

static void w_table(so_writer *w, const so_table *t)
{
	bool first = true;
	size_t i;

	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", t->name);
	w_kstr(w, &first, "renamed_from", t->renamed_from);
	if (t->rows >= 0) {
		w_key(w, &first, "rows");
		so_strbuf_appendf(&w->sb, "%lld", t->rows);
	}
	w_kstr(w, &first, "comment", t->comment);
	w_kstr(w, &first, "partition_by", t->partition_by);
	if (t->partition_of_table) {
		bool pfirst = true;
		w_key(w, &first, "partition_of");
		so_strbuf_append_char(&w->sb, '{');
		w_kstr(w, &pfirst, "table", t->partition_of_table);
		w_kstr(w, &pfirst, "bound", t->partition_bound);
		so_strbuf_append_char(&w->sb, '}');
	}
	if (t->n_options) {
		bool ofirst = true;
		w_key(w, &first, "options");
		so_strbuf_append_char(&w->sb, '{');
		for (i = 0; i < t->n_options; i++)
			w_kstr(w, &ofirst, t->options[i].key, t->options[i].value);
		so_strbuf_append_char(&w->sb, '}');
	}
	w_key(w, &first, "columns");
	so_strbuf_append_char(&w->sb, '[');
	for (i = 0; i < t->n_columns; i++) {
		if (i)
			so_strbuf_append_char(&w->sb, ',');
		w_column(w, &t->columns[i]);
	}
	so_strbuf_append_char(&w->sb, ']');
	if (t->primary_key) {
		w_key(w, &first, "primary_key");
		w_keyobj(w, t->primary_key);
	}
	W_LIST(w, &first, "unique", t->uniques, t->n_uniques, w_keyobj);
	W_LIST(w, &first, "indexes", t->indexes, t->n_indexes, w_index);
	W_LIST(w, &first, "foreign_keys", t->foreign_keys, t->n_foreign_keys, w_fk);
	W_LIST(w, &first, "checks", t->checks, t->n_checks, w_check);
	w_opaque(w, &first, t->opaque, t->n_opaque);
	so_strbuf_append_char(&w->sb, '}');
}

/* Sequence numbers: JSON numbers while every reader keeps them exact (2^53), strings beyond. */
static void w_seqnum(so_writer *w, bool *first, const char *key, const char *v)
{
	size_t digits;
	if (!v)
		return;
	w_key(w, first, key);
	digits = strlen(v) - (v[0] == '-');
	if (digits <= 15)
		w_raw(w, v);
	else
		w_str(w, v);
}

static void w_sequence(so_writer *w, const so_sequence *q)
{
	bool first = true;
	so_strbuf_append_char(&w->sb, '{');
	w_kstr(w, &first, "name", q->name);
	w_kstr(w, &first, "type", q->type);
	w_seqnum(w, &first, "start", q->start);
	w_seqnum(w, &first, "increment", q->increment);
	w_seqnum(w, &first, "min", q->min);
	w_seqnum(w, &first, "max", q->max);
	w_seqnum(w, &first, "cache", q->cache);
	w_ktrue(w, &first, "cycle", q->cycle);
	w_kstr(w, &first, "owned_by", q->owned_by);
	w_kstr(w, &first, "comment", q->comment);
	so_strbuf_append_char(&w->sb, '}');
}

/* tables, sequences and the opaque kinds of one schema */
static void w_body(so_writer *w, bool *first, const so_document *doc)
{
	size_t i;

	w_key(w, first, "tables");
	so_strbuf_append_char(&w->sb, '[');
	for (i = 0; i < doc->n_tables; i++) {
		if (i)
			so_strbuf_append_char(&w->sb, ',');
		w_table(w, &doc->tables[i]);
	}
	so_strbuf_append_char(&w->sb, ']');
	W_LIST(w, first, "sequences", doc->sequences, doc->n_sequences, w_sequence);
	w_opaque(w, first, doc->opaque, doc->n_opaque);
}

so_status so_document_to_json(so_arena *arena, const so_document *doc, char **out, size_t *out_len, so_error *err)
{
	so_writer w;
	bool first = true;
	size_t i;

	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!arena || !doc || !out)
		return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "so_document_to_json: missing argument");
	so_strbuf_init(&w.sb, arena);
	w.dialect = doc->dialect;
	w.bad_utf8 = false;
	so_strbuf_append_char(&w.sb, '{');
	w_key(&w, &first, "schemaops");
	so_strbuf_appendf(&w.sb, "%d", doc->format_version ? doc->format_version : SO_DOCUMENT_FORMAT_VERSION);
	w_kstr(&w, &first, "dialect", so_dialect_name(doc->dialect));
	if (doc->multi) {
		/* a multi-schema document: one body per schema, sorted by name (docs/document-format.md) */
		w_key(&w, &first, "schemas");
		so_strbuf_append_char(&w.sb, '[');
		for (i = 0; i < doc->n_schemas; i++) {
			bool bfirst = true;
			if (i)
				so_strbuf_append_char(&w.sb, ',');
			so_strbuf_append_char(&w.sb, '{');
			w_kstr(&w, &bfirst, "name", doc->schemas[i].name);
			w_kstr(&w, &bfirst, "renamed_from", doc->schemas[i].schema_renamed_from);
			w_kstr(&w, &bfirst, "owner", doc->schemas[i].schema_owner);
			w_kstr(&w, &bfirst, "comment", doc->schemas[i].schema_comment);
			w_body(&w, &bfirst, &doc->schemas[i]);
			so_strbuf_append_char(&w.sb, '}');
		}
		so_strbuf_append_char(&w.sb, ']');
	} else {
		w_kstr(&w, &first, "name", doc->name);
		w_body(&w, &first, doc);
	}
	so_strbuf_append_char(&w.sb, '}');
	if (so_strbuf_status(&w.sb) != SO_OK)
		return so_error_set(err, SO_ERR_NOMEM, 0, 0, "out of memory while writing the document");
	if (w.bad_utf8)
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "the document holds a string that is not valid UTF-8");
	*out = w.sb.data;
	if (out_len)
		*out_len = w.sb.len;
	return SO_OK;
}
