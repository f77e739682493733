/*
 * diff_objects_mariadb.c: the MariaDB object kinds a schema document carries as opaque lists
 * (sql/mariadb/10_snapshot.sql, docs/document-format.md "MariaDB object kinds"), diffed as first-class
 * objects: views, stored functions, stored procedures, events (top level) and triggers (table level); and
 * the table options engine and row_format of an existing table (ALTER TABLE ... ENGINE=, ROW_FORMAT=; a
 * collation change is diff.c's diff_charset: DEFAULT CHARSET= or CONVERT TO CHARACTER SET).
 *
 * Each object is compared as a whole (its canonical JSON). MariaDB 10.11 has an OR REPLACE form for every
 * one of these kinds (MariaDB KB "CREATE VIEW", "CREATE FUNCTION", "CREATE PROCEDURE", "CREATE TRIGGER",
 * "CREATE EVENT"), so a changed object is one CREATE OR REPLACE step that gives exactly the target; a new
 * one is a CREATE, a dropped one a DROP (skipped under strategy additive). A trigger that moves to another
 * table is dropped and created. A value the renderer cannot spell safely (a keyword field holding something
 * other than the server's own words) leaves the object as an UNSUPPORTED step that names it.
 *
 * Bodies (view definitions, routine, trigger and event bodies) are written as the server reports them, with
 * unqualified names: the script's preamble makes the migrated database the current one. A body holding ';'
 * is wrapped in mariadb client DELIMITER lines (as mariadb-dump does), so the script runs with the mariadb
 * client; the step's ddl_up then holds those client lines too. Each create starts with SET NAMES utf8mb4.
 *
 * Order (phases between diff.c's own):
 *    5 views and events dropped      6 triggers dropped (while their table still exists)
 *   39 functions and procedures created / replaced (before the views that call them)
 *   65 table options (ENGINE=, ROW_FORMAT=) of existing tables, after their keys, before foreign keys
 *   75 views created / replaced, by ascending level (a view on views after them)
 *   76 triggers created / replaced, per table by ACTION_ORDER (after the table and its columns)
 *   81 events created / replaced   115 functions and procedures dropped
 * A view's level is 1 + the highest level of the document's views its definition names (`name`, the server
 * quotes every identifier in VIEW_DEFINITION); drops run by descending level.
 *
 * Dependents. MariaDB neither pins a view nor a trigger to the columns it reads (a view is re-resolved when
 * used, MariaDB KB "CREATE VIEW"), so a column dropped or retyped under an unchanged view needs no
 * recreation: the view's stored text is unchanged, and a view whose text changes is replaced at phase 75,
 * after every column add or change and before every column or table drop.
 *
 * Not covered: DEFINER (objects are created with the applying user as definer), a trigger's ACTION_ORDER
 * is only honoured through creation order (no FOLLOWS / PRECEDES), an event's STARTS / ENDS (not in the
 * document: a recreated recurring event starts when it is created), sequences (still UNSUPPORTED).
 *
 * System versioning (table-level kind `system_versioning`, implicit period columns only): see
 * diff_versioning; ADD at phase 105 (after the column drops), DROP at 42 (before any other ALTER of the table).
 * Partitioning (table-level kind `partitioning`, no subpartitions): see diff_partitioning; REMOVE PARTITIONING
 * at 43 (before key drops), PARTITION BY / ADD PARTITION at 67 (after the keys), DROP PARTITION at 101.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"
#include "model.h"
#include "node.h"
#include "render.h"

enum {
	PM_VIEW_DROP = 5,
	PM_TRIGGER_DROP = 6,
	PM_ROUTINE_ADD = 39,
	PM_VIEW_ADD = 75,
	PM_TABLE_OPTIONS = 65,
	PM_TRIGGER_ADD = 76,
	PM_EVENT_ADD = 81,
	PM_ROUTINE_DROP = 115,
	PM_VERSIONING_DROP = 42,  /* before any other ALTER of the table (refused on a versioned table) */
	PM_PARTITION_REMOVE = 43, /* REMOVE PARTITIONING before the keys the scheme needed are dropped */
	PM_PARTITION_SET = 67,    /* PARTITION BY / ADD PARTITION after the keys the scheme needs exist */
	PM_PARTITION_DROP = 101,  /* DROP PARTITION (rows go): contract phase */
	PM_VERSIONING_ADD = 105   /* after every other ALTER of the table, column drops included */
};

#define MAX_LEVEL 64

static const char *const top_kinds[] = {"events", "functions", "procedures", "views", NULL};
static const char *const table_kinds[] = {"triggers", "system_versioning", "partitioning", NULL};

static bool in_list(const char *const *l, const char *s)
{
	size_t i;
	for (i = 0; l[i]; i++)
		if (strcmp(l[i], s) == 0)
			return true;
	return false;
}

bool so_diffm_handles(so_dialect dialect, bool table_level, const char *kind)
{
	if (dialect != SO_DIALECT_MARIADB || !kind)
		return false;
	return table_level ? in_list(table_kinds, kind) : in_list(top_kinds, kind);
}

typedef struct mctx {
	struct dctx *d;
	const so_rctx *r;
	so_arena *a;
} mctx;

static const char *sval(const so_opaque *o, const char *key)
{
	const so_node *n = o && o->node ? so_node_get(o->node, key) : NULL;
	if (!n || n->type != SO_NODE_SCALAR || so_node_is_null(n))
		return NULL;
	return n->scalar;
}

static bool bval(const so_opaque *o, const char *key)
{
	const so_node *n = o && o->node ? so_node_get(o->node, key) : NULL;
	so_error scratch;
	bool b;
	if (!n || so_node_is_null(n) || so_node_bool(n, key, &b, &scratch) != SO_OK)
		return false;
	return b;
}

/* s is one of the words in l (the server's own spelling), or NULL and allowed to be */
static bool word_ok(const char *s, const char *const *l, bool nullable)
{
	if (!s)
		return nullable;
	return in_list(l, s);
}

static void ident(so_strbuf *sb, const char *s)
{
	so_render_mariadb.ident(sb, s);
}

static void literal(so_strbuf *sb, const char *s)
{
	so_render_mariadb.literal(sb, s);
}

static void qname(const mctx *m, so_strbuf *sb, const char *name)
{
	so_render_qname(sb, so_render_mariadb.ident, m->r, name);
}

/* appends the body without trailing blanks and semicolons */
static void append_trimmed(so_strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 &&
	       (s[n - 1] == ';' || s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	so_strbuf_append_n(sb, s, n);
}

/* the client delimiter for a statement whose body is `body`: ";" when it holds none, else one it lacks */
static const char *delimiter_for(const char *body)
{
	static const char *const cand[] = {"$$", ";;", "//", "$$$$", "@@@@", NULL};
	size_t i;
	if (!strchr(body, ';'))
		return ";";
	for (i = 0; cand[i]; i++)
		if (!strstr(body, cand[i]))
			return cand[i];
	return NULL;
}

/* SET NAMES first: the server stores the session's character_set_client / collation_connection with a view,
   trigger, routine or event (mariadb-dump restores them per object), and the document is utf8mb4 text */
static void open_statement(so_strbuf *sb, const char *delim)
{
	so_render_sep(sb);
	so_strbuf_append(sb, "SET NAMES utf8mb4;\n");
	if (strcmp(delim, ";") != 0) {
		so_strbuf_append(sb, "DELIMITER ");
		so_strbuf_append(sb, delim);
		so_strbuf_append_char(sb, '\n');
	}
}

static void close_statement(so_strbuf *sb, const char *delim)
{
	so_strbuf_append(sb, delim);
	if (strcmp(delim, ";") != 0)
		so_strbuf_append(sb, "\nDELIMITER ;");
}

/* ---------- views ---------- */

static const char *const algorithms[] = {"UNDEFINED", "MERGE", "TEMPTABLE", NULL};
static const char *const securities[] = {"DEFINER", "INVOKER", NULL};
static const char *const check_options[] = {"NONE", "CASCADED", "LOCAL", NULL};

static bool view_ok(const so_opaque *o)
{
	return sval(o, "definition") && word_ok(sval(o, "algorithm"), algorithms, true) &&
	       word_ok(sval(o, "security"), securities, true) && word_ok(sval(o, "check_option"), check_options, true);
}

static void view_create(const mctx *m, so_strbuf *sb, const so_opaque *o, bool replace)
{
	const char *alg = sval(o, "algorithm"), *sec = sval(o, "security"), *chk = sval(o, "check_option");
	const char *def = sval(o, "definition");
	open_statement(sb, ";");
	so_strbuf_append(sb, replace ? "CREATE OR REPLACE" : "CREATE");
	if (alg)
		so_strbuf_appendf(sb, " ALGORITHM=%s", alg);
	if (sec)
		so_strbuf_appendf(sb, " SQL SECURITY %s", sec);
	so_strbuf_append(sb, " VIEW ");
	qname(m, sb, o->name);
	so_strbuf_append(sb, " AS ");
	append_trimmed(sb, def);
	if (chk && strcmp(chk, "NONE") != 0)
		so_strbuf_appendf(sb, " WITH %s CHECK OPTION", chk);
	close_statement(sb, ";");
}

static void view_drop(const mctx *m, so_strbuf *sb, const so_opaque *o)
{
	so_render_sep(sb);
	so_strbuf_append(sb, "DROP VIEW ");
	qname(m, sb, o->name);
	so_strbuf_append_char(sb, ';');
}

/* true when `def` names view `name` as `name` (backquoted, `` doubled) */
static bool names_view(so_arena *a, const char *def, const char *name)
{
	so_strbuf sb;
	bool hit;
	so_strbuf_init(&sb, a);
	ident(&sb, name);
	if (so_strbuf_status(&sb) != SO_OK)
		return false;
	hit = strstr(def, sb.data) != NULL;
	return hit;
}

/* level of view i among the views of doc (opaque indexes in `idx`), memoized in lv (-1 unknown, -2 busy) */
static int view_level(so_arena *a, const so_opaque *const *v, size_t n, int *lv, size_t i, int depth)
{
	size_t j;
	int best = 0;
	const char *def = sval(v[i], "definition");
	if (lv[i] >= 0)
		return lv[i];
	if (lv[i] == -2 || depth > MAX_LEVEL || !def)
		return 1; /* a cycle (the server refuses one) or too deep: no further order */
	lv[i] = -2;
	for (j = 0; j < n; j++)
		if (j != i && names_view(a, def, v[j]->name)) {
			int l = view_level(a, v, n, lv, j, depth + 1);
			if (l > best)
				best = l;
		}
	lv[i] = best + 1 > MAX_LEVEL ? MAX_LEVEL : best + 1;
	return lv[i];
}

/* the views of a document and their levels; returns the count (0 when out of memory: m->d is told) */
static size_t doc_views(const mctx *m, const so_document *doc, const so_opaque ***out, int **levels)
{
	size_t i, n = 0, k = 0;
	const so_opaque **v;
	int *lv;
	for (i = 0; i < doc->n_opaque; i++)
		if (strcmp(doc->opaque[i].kind, "views") == 0)
			n++;
	*out = NULL;
	*levels = NULL;
	if (!n)
		return 0;
	v = so_arena_calloc(m->a, n, sizeof *v);
	lv = so_arena_calloc(m->a, n, sizeof *lv);
	if (!v || !lv) {
		so_diffx_oom(m->d);
		return 0;
	}
	for (i = 0; i < doc->n_opaque; i++)
		if (strcmp(doc->opaque[i].kind, "views") == 0)
			v[k++] = &doc->opaque[i];
	for (i = 0; i < n; i++)
		lv[i] = -1;
	for (i = 0; i < n; i++)
		view_level(m->a, v, n, lv, i, 0);
	*out = v;
	*levels = lv;
	return n;
}

static int level_of(const so_opaque *const *v, const int *lv, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->name, name) == 0)
			return lv[i];
	return 1;
}

static void diff_views(const mctx *m)
{
	const so_document *from = so_diffx_from(m->d), *to = so_diffx_to(m->d);
	const so_opaque **fv, **tv;
	int *fl, *tl;
	size_t nf = doc_views(m, from, &fv, &fl), nt = doc_views(m, to, &tv, &tl), i;
	struct chg *c;

	for (i = 0; i < nt; i++) {
		const so_opaque *t = tv[i], *f = so_model_find_opaque(from->opaque, from->n_opaque, "views", t->name);
		if (f && strcmp(f->canonical, t->canonical) == 0)
			continue;
		if (!view_ok(t) || (f && !view_ok(f))) {
			so_diffx_unsupported(m->d, NULL, "view", t->name, f ? "was changed" : "was added", "views");
			continue;
		}
		c = so_diffx_add(m->d, PM_VIEW_ADD, NULL, tl[i], t->name, f ? SO_ACTION_MODIFY : SO_ACTION_ADD, "view",
		                 t->name);
		if (!c)
			return;
		view_create(m, so_diffx_up(c), t, f != NULL);
		if (f)
			view_create(m, so_diffx_down(c), f, true);
		else
			view_drop(m, so_diffx_down(c), t);
	}
	for (i = 0; i < nf; i++) {
		const so_opaque *f = fv[i];
		if (so_model_find_opaque(to->opaque, to->n_opaque, "views", f->name))
			continue;
		if (!view_ok(f)) {
			so_diffx_unsupported(m->d, NULL, "view", f->name, "was dropped", "views");
			continue;
		}
		c = so_diffx_add(m->d, PM_VIEW_DROP, NULL, MAX_LEVEL + 1 - level_of(fv, fl, nf, f->name), f->name,
		                 SO_ACTION_DROP, "view", f->name);
		if (!c)
			return;
		view_drop(m, so_diffx_up(c), f);
		view_create(m, so_diffx_down(c), f, false);
		so_diffx_droppy(m->d, c);
	}
}

/* ---------- functions and procedures ---------- */

static const char *const data_access[] = {"CONTAINS SQL", "NO SQL", "READS SQL DATA", "MODIFIES SQL DATA", NULL};

static bool routine_ok(const so_opaque *o, bool function)
{
	const so_node *p = o->node ? so_node_get(o->node, "parameters") : NULL;
	size_t i;
	if (!sval(o, "definition") || (function && !sval(o, "returns")) ||
	    !word_ok(sval(o, "data_access"), data_access, true) || !word_ok(sval(o, "security"), securities, true))
		return false;
	if (p && !so_node_is_null(p)) {
		if (p->type != SO_NODE_SEQUENCE)
			return false;
		for (i = 0; i < p->n_items; i++) {
			const char *s = p->items[i]->scalar;
			if (p->items[i]->type != SO_NODE_SCALAR || !s || !strchr(s, ' ') || strchr(s, '`') ||
			    strchr(s, ')') != strrchr(s, ')'))
				return false;
		}
	}
	return true;
}

/* one parameter as the snapshot writes it, "[IN|OUT|INOUT ]name type" (functions too: 10.8+ allows a mode
   there and information_schema reports IN): mode, backquoted name (routine_ok refused backquotes, so no
   doubling is needed), type as information_schema spells it. The name is the text up to the first blank: the
   snapshot's CONCAT_WS cannot tell a blank inside a name from its separator. */
static void parameter(so_strbuf *sb, const char *s, bool function)
{
	static const char *const modes[] = {"IN ", "OUT ", "INOUT ", NULL};
	size_t i;
	const char *sp;
	for (i = 0; modes[i]; i++)
		if (strncmp(s, modes[i], strlen(modes[i])) == 0) {
			if (!function || i > 0) /* a function's IN is the default and usually not written */
				so_strbuf_append(sb, modes[i]);
			s += strlen(modes[i]);
			break;
		}
	sp = strchr(s, ' ');
	if (!sp) {
		so_strbuf_append(sb, s);
		return;
	}
	so_strbuf_append_char(sb, '`');
	so_strbuf_append_n(sb, s, (size_t)(sp - s));
	so_strbuf_append_char(sb, '`');
	so_strbuf_append(sb, sp);
}

static void routine_create(const mctx *m, so_strbuf *sb, const so_opaque *o, bool function, bool replace)
{
	const so_node *p = o->node ? so_node_get(o->node, "parameters") : NULL;
	const char *body = sval(o, "definition"), *acc = sval(o, "data_access"), *sec = sval(o, "security");
	const char *cmt = sval(o, "comment"), *delim = delimiter_for(body);
	size_t i;
	if (!delim) {
		so_diffx_oom(m->d); /* unreachable for a body that is no run of every candidate */
		return;
	}
	open_statement(sb, delim);
	so_strbuf_append(sb, replace ? "CREATE OR REPLACE " : "CREATE ");
	so_strbuf_append(sb, function ? "FUNCTION " : "PROCEDURE ");
	qname(m, sb, o->name);
	so_strbuf_append_char(sb, '(');
	if (p && p->type == SO_NODE_SEQUENCE)
		for (i = 0; i < p->n_items; i++) {
			if (i)
				so_strbuf_append(sb, ", ");
			parameter(sb, p->items[i]->scalar, function);
		}
	so_strbuf_append_char(sb, ')');
	if (function) {
		so_strbuf_append(sb, " RETURNS ");
		so_strbuf_append(sb, sval(o, "returns"));
	}
	so_strbuf_append(sb, bval(o, "deterministic") ? " DETERMINISTIC" : " NOT DETERMINISTIC");
	if (acc)
		so_strbuf_appendf(sb, " %s", acc);
	if (sec)
		so_strbuf_appendf(sb, " SQL SECURITY %s", sec);
	if (cmt) {
		so_strbuf_append(sb, " COMMENT ");
		literal(sb, cmt);
	}
	so_strbuf_append_char(sb, '\n');
	append_trimmed(sb, body);
	close_statement(sb, delim);
}

static void routine_drop(const mctx *m, so_strbuf *sb, const so_opaque *o, bool function)
{
	so_render_sep(sb);
	so_strbuf_append(sb, function ? "DROP FUNCTION " : "DROP PROCEDURE ");
	qname(m, sb, o->name);
	so_strbuf_append_char(sb, ';');
}

/* ---------- events ---------- */

static const char *const statuses[] = {"ENABLED", "DISABLED", "SLAVESIDE_DISABLED", NULL};
static const char *const completions[] = {"PRESERVE", "NOT PRESERVE", NULL};
static const char *const event_types[] = {"ONE TIME", "RECURRING", NULL};

/* "value UNIT" as the snapshot writes EVENTS.INTERVAL_VALUE / INTERVAL_FIELD: a value of digits and the
   separators of composite units, a unit of CREATE EVENT's list (MariaDB KB "CREATE EVENT") */
static bool interval_ok(const char *s)
{
	static const char *const units[] = {"YEAR",        "QUARTER",     "MONTH",         "DAY",
	                                    "HOUR",        "MINUTE",      "WEEK",          "SECOND",
	                                    "YEAR_MONTH",  "DAY_HOUR",    "DAY_MINUTE",    "DAY_SECOND",
	                                    "HOUR_MINUTE", "HOUR_SECOND", "MINUTE_SECOND", NULL};
	const char *sp = s ? strrchr(s, ' ') : NULL;
	const char *p;
	if (!sp || sp == s || !in_list(units, sp + 1))
		return false;
	for (p = s; p < sp; p++)
		if (!strchr("0123456789 :-.", *p))
			return false;
	return true;
}

static bool event_ok(const so_opaque *o)
{
	const char *type = sval(o, "type");
	if (!sval(o, "definition") || !word_ok(type, event_types, false) ||
	    !word_ok(sval(o, "status"), statuses, true) || !word_ok(sval(o, "on_completion"), completions, true))
		return false;
	return strcmp(type, "ONE TIME") == 0 ? sval(o, "execute_at") != NULL : interval_ok(sval(o, "interval"));
}

static void event_create(const mctx *m, so_strbuf *sb, const so_opaque *o, bool replace)
{
	const char *body = sval(o, "definition"), *st = sval(o, "status"), *oc = sval(o, "on_completion");
	const char *cmt = sval(o, "comment"), *delim = delimiter_for(body);
	if (!delim) {
		so_diffx_oom(m->d);
		return;
	}
	open_statement(sb, delim);
	so_strbuf_append(sb, replace ? "CREATE OR REPLACE EVENT " : "CREATE EVENT ");
	qname(m, sb, o->name);
	so_strbuf_append(sb, " ON SCHEDULE ");
	if (strcmp(sval(o, "type"), "ONE TIME") == 0) {
		so_strbuf_append(sb, "AT ");
		literal(sb, sval(o, "execute_at"));
	} else {
		const char *iv = sval(o, "interval"), *sp = strrchr(iv, ' ');
		so_strbuf_append(sb, "EVERY ");
		literal(sb, so_arena_strndup(m->a, iv, (size_t)(sp - iv)));
		so_strbuf_append(sb, sp);
	}
	so_strbuf_append(sb,
	                 oc && strcmp(oc, "PRESERVE") == 0 ? " ON COMPLETION PRESERVE" : " ON COMPLETION NOT PRESERVE");
	if (st)
		so_strbuf_append(sb, strcmp(st, "ENABLED") == 0    ? " ENABLE"
		                     : strcmp(st, "DISABLED") == 0 ? " DISABLE"
		                                                   : " DISABLE ON SLAVE");
	if (cmt) {
		so_strbuf_append(sb, " COMMENT ");
		literal(sb, cmt);
	}
	so_strbuf_append(sb, " DO ");
	append_trimmed(sb, body);
	close_statement(sb, delim);
}

static void event_drop(const mctx *m, so_strbuf *sb, const so_opaque *o)
{
	so_render_sep(sb);
	so_strbuf_append(sb, "DROP EVENT ");
	qname(m, sb, o->name);
	so_strbuf_append_char(sb, ';');
}

/* ---------- top-level kinds: routines and events ---------- */

static bool top_ok(const char *kind, const so_opaque *o)
{
	if (strcmp(kind, "events") == 0)
		return event_ok(o);
	return routine_ok(o, strcmp(kind, "functions") == 0);
}

static void top_create(const mctx *m, so_strbuf *sb, const char *kind, const so_opaque *o, bool replace)
{
	if (strcmp(kind, "events") == 0)
		event_create(m, sb, o, replace);
	else
		routine_create(m, sb, o, strcmp(kind, "functions") == 0, replace);
}

static void top_drop(const mctx *m, so_strbuf *sb, const char *kind, const so_opaque *o)
{
	if (strcmp(kind, "events") == 0)
		event_drop(m, sb, o);
	else
		routine_drop(m, sb, o, strcmp(kind, "functions") == 0);
}

static void diff_top(const mctx *m, const char *kind, const char *otype)
{
	const so_document *from = so_diffx_from(m->d), *to = so_diffx_to(m->d);
	bool event = strcmp(kind, "events") == 0;
	size_t i;
	struct chg *c;

	for (i = 0; i < to->n_opaque; i++) {
		const so_opaque *t = &to->opaque[i], *f;
		if (strcmp(t->kind, kind) != 0)
			continue;
		f = so_model_find_opaque(from->opaque, from->n_opaque, kind, t->name);
		if (f && strcmp(f->canonical, t->canonical) == 0)
			continue;
		if (!top_ok(kind, t) || (f && !top_ok(kind, f))) {
			so_diffx_unsupported(m->d, NULL, otype, t->name, f ? "was changed" : "was added", kind);
			continue;
		}
		c = so_diffx_add(m->d, event ? PM_EVENT_ADD : PM_ROUTINE_ADD, NULL, 0, t->name,
		                 f ? SO_ACTION_MODIFY : SO_ACTION_ADD, otype, t->name);
		if (!c)
			return;
		top_create(m, so_diffx_up(c), kind, t, f != NULL);
		if (f)
			top_create(m, so_diffx_down(c), kind, f, true);
		else
			top_drop(m, so_diffx_down(c), kind, t);
	}
	for (i = 0; i < from->n_opaque; i++) {
		const so_opaque *f = &from->opaque[i];
		if (strcmp(f->kind, kind) != 0 || so_model_find_opaque(to->opaque, to->n_opaque, kind, f->name))
			continue;
		if (!top_ok(kind, f)) {
			so_diffx_unsupported(m->d, NULL, otype, f->name, "was dropped", kind);
			continue;
		}
		c = so_diffx_add(m->d, event ? PM_VIEW_DROP : PM_ROUTINE_DROP, NULL, 0, f->name, SO_ACTION_DROP, otype,
		                 f->name);
		if (!c)
			return;
		top_drop(m, so_diffx_up(c), kind, f);
		top_create(m, so_diffx_down(c), kind, f, false);
		so_diffx_droppy(m->d, c);
	}
}

/* ---------- triggers ---------- */

static const char *const timings[] = {"BEFORE", "AFTER", NULL};
static const char *const events[] = {"INSERT", "UPDATE", "DELETE", NULL};

typedef struct trg {
	const so_opaque *o;
	const char *table; /* its table, named as the target document names it (source: mapped through pairs) */
} trg;

static bool trigger_ok(const so_opaque *o)
{
	return sval(o, "statement") && word_ok(sval(o, "timing"), timings, false) &&
	       word_ok(sval(o, "event"), events, false);
}

static int trigger_order(const so_opaque *o)
{
	const char *s = sval(o, "order");
	long v = s ? strtol(s, NULL, 10) : 0;
	return v > 0 && v < 1000 ? (int)v : 0;
}

static void trigger_create(const mctx *m, so_strbuf *sb, const trg *g, bool replace)
{
	const char *body = sval(g->o, "statement"), *delim = delimiter_for(body);
	if (!delim) {
		so_diffx_oom(m->d);
		return;
	}
	open_statement(sb, delim);
	/* unqualified (the preamble's USE names the database, which the body needs anyway): the server keeps
	   the statement's text from the trigger name on, and mariadb-dump shows it */
	so_strbuf_append(sb, replace ? "CREATE OR REPLACE TRIGGER " : "CREATE TRIGGER ");
	ident(sb, g->o->name);
	so_strbuf_appendf(sb, " %s %s ON ", sval(g->o, "timing"), sval(g->o, "event"));
	ident(sb, g->table);
	so_strbuf_append(sb, " FOR EACH ROW ");
	append_trimmed(sb, body);
	close_statement(sb, delim);
}

static void trigger_drop(const mctx *m, so_strbuf *sb, const so_opaque *o)
{
	so_render_sep(sb);
	so_strbuf_append(sb, "DROP TRIGGER ");
	qname(m, sb, o->name);
	so_strbuf_append_char(sb, ';');
}

static const trg *find_trg(const trg *v, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].o->name, name) == 0)
			return &v[i];
	return NULL;
}

/* every trigger of every table of doc; source tables named as the target names them (NULL: dropped) */
static size_t doc_triggers(const mctx *m, const so_document *doc, bool source, trg **out)
{
	size_t i, j, n = 0, k = 0, np = so_diffx_npairs(m->d);
	trg *v;
	for (i = 0; i < doc->n_tables; i++)
		for (j = 0; j < doc->tables[i].n_opaque; j++)
			if (strcmp(doc->tables[i].opaque[j].kind, "triggers") == 0)
				n++;
	*out = NULL;
	if (!n)
		return 0;
	v = so_arena_calloc(m->a, n, sizeof *v);
	if (!v) {
		so_diffx_oom(m->d);
		return 0;
	}
	for (i = 0; i < doc->n_tables; i++) {
		const so_table *tab = &doc->tables[i];
		const char *tname = tab->name;
		if (source) {
			size_t p;
			tname = NULL;
			for (p = 0; p < np; p++) {
				const so_table *f, *t;
				const char *const *map;
				so_diffx_pair(m->d, p, &f, &t, &map);
				if (f == tab)
					tname = t->name;
			}
		}
		for (j = 0; j < tab->n_opaque; j++)
			if (strcmp(tab->opaque[j].kind, "triggers") == 0) {
				v[k].o = &tab->opaque[j];
				v[k].table = tname;
				k++;
			}
	}
	*out = v;
	return n;
}

static void diff_triggers(const mctx *m)
{
	trg *fv, *tv;
	size_t nf = doc_triggers(m, so_diffx_from(m->d), true, &fv),
	       nt = doc_triggers(m, so_diffx_to(m->d), false, &tv);
	size_t i;
	struct chg *c;

	for (i = 0; i < nt; i++) {
		const trg *t = &tv[i], *f = find_trg(fv, nf, t->o->name);
		bool same_table = f && so_render_streq(f->table, t->table);
		if (same_table && strcmp(f->o->canonical, t->o->canonical) == 0)
			continue;
		if (!trigger_ok(t->o) || (f && !trigger_ok(f->o))) {
			so_diffx_unsupported(m->d, t->table, "trigger", t->o->name, f ? "was changed" : "was added",
			                     "triggers");
			continue;
		}
		c = so_diffx_add(m->d, PM_TRIGGER_ADD, t->table, trigger_order(t->o), t->o->name,
		                 same_table ? SO_ACTION_MODIFY : SO_ACTION_ADD, "trigger", t->o->name);
		if (!c)
			return;
		trigger_create(m, so_diffx_up(c), t, same_table);
		if (same_table) {
			trg back = {f->o, t->table};
			trigger_create(m, so_diffx_down(c), &back, true);
		} else
			trigger_drop(m, so_diffx_down(c), t->o);
	}
	for (i = 0; i < nf; i++) {
		const trg *f = &fv[i], *t = find_trg(tv, nt, f->o->name);
		const so_table *ft = NULL;
		size_t k;
		trg back;
		if (t && so_render_streq(f->table, t->table))
			continue; /* unchanged or replaced above */
		if (!trigger_ok(f->o)) {
			so_diffx_unsupported(m->d, f->table, "trigger", f->o->name, "was dropped", "triggers");
			continue;
		}
		/* the source table's name: the drop runs before any table rename, its down after the rename back */
		for (k = 0; k < so_diffx_from(m->d)->n_tables && !ft; k++) {
			const so_table *tab = &so_diffx_from(m->d)->tables[k];
			if (f->o >= tab->opaque && f->o < tab->opaque + tab->n_opaque)
				ft = tab;
		}
		c = so_diffx_add(m->d, PM_TRIGGER_DROP, ft ? ft->name : NULL, 0, f->o->name, SO_ACTION_DROP, "trigger",
		                 f->o->name);
		if (!c)
			return;
		back.o = f->o;
		back.table = ft ? ft->name : f->table;
		trigger_drop(m, so_diffx_up(c), f->o);
		trigger_create(m, so_diffx_down(c), &back, false);
		if (!t) /* a trigger moving to another table is created again: no drop to skip under additive */
			so_diffx_droppy(m->d, c);
	}
}

/* ---------- table options ---------- */

static const char *opt(const so_table *t, const char *key)
{
	size_t i;
	for (i = 0; i < t->n_options; i++)
		if (strcmp(t->options[i].key, key) == 0)
			return t->options[i].value;
	return NULL;
}

/* an engine or row format name: letters, digits, '_' (as the server prints them), not empty */
static bool option_word(const char *s)
{
	const char *p;
	if (!s || !*s)
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static void table_options(const mctx *m, so_strbuf *sb, const char *table, const so_table *from, const so_table *to)
{
	const char *fe = opt(from, "engine"), *te = opt(to, "engine");
	const char *fr = opt(from, "row_format"), *tr = opt(to, "row_format");
	bool first = true;
	so_render_alter_table(sb, so_render_mariadb.ident, m->r, table);
	if (!so_render_streq(fe, te)) {
		so_strbuf_appendf(sb, "ENGINE=%s", te);
		first = false;
	}
	if (!so_render_streq(fr, tr))
		so_strbuf_appendf(sb, "%sROW_FORMAT=%s", first ? "" : ", ", tr ? tr : "DEFAULT");
	so_strbuf_append_char(sb, ';');
}

bool so_diffm_table_options(struct dctx *d, const so_table *f, const so_table *t)
{
	mctx mc;
	size_t i;
	struct chg *c;
	const so_table *both[2] = {f, t};
	int k;
	if (so_diffx_rctx(d)->dialect != SO_DIALECT_MARIADB)
		return false;
	for (k = 0; k < 2; k++)
		for (i = 0; i < both[k]->n_options; i++) {
			const char *key = both[k]->options[i].key;
			/* a collation both name (as words) is diff.c's (diff_charset); one side only: UNSUPPORTED */
			if (strcmp(key, "collation") == 0 && (so_render_streq(opt(f, key), opt(t, key)) ||
			                                      (option_word(opt(f, key)) && option_word(opt(t, key)))))
				continue;
			if (strcmp(key, "fts_doc_id") == 0)
				continue; /* history, not a table option: never compared (diff.c my_fts_doc_id) */
			if (strcmp(key, "engine") != 0 && strcmp(key, "row_format") != 0)
				return false;
			if (!option_word(both[k]->options[i].value))
				return false;
		}
	if (!opt(t, "engine") && opt(f, "engine"))
		return false; /* no engine in the target: nothing exact to ask for */
	mc.d = d;
	mc.r = so_diffx_rctx(d);
	mc.a = so_diffx_arena(d);
	c = so_diffx_add(d, PM_TABLE_OPTIONS, t->name, 0, t->name, SO_ACTION_MODIFY, "table_options", t->name);
	if (!c)
		return true;
	table_options(&mc, so_diffx_up(c), t->name, f, t);
	table_options(&mc, so_diffx_down(c), t->name, t, f);
	so_diffx_hazard(c, "table_rewrite"); /* ENGINE= and ROW_FORMAT= rebuild the table */
	so_diffx_hazard(c, "table_copy");    /* by copying it (ALGORITHM=COPY): writes wait */
	so_diffx_rows(c, f->rows);
	return true;
}

/* ---------- system versioning ---------- */

static bool versioned(const so_table *t)
{
	size_t i;
	for (i = 0; t && i < t->n_opaque; i++)
		if (strcmp(t->opaque[i].kind, "system_versioning") == 0)
			return true;
	return false;
}

/* explicit period columns (GENERATED ALWAYS AS ROW START / ROW END): the snapshot writes them as stored
   generated columns whose expression is "ROW START" / "ROW END", which no column step can recreate */
static bool explicit_period(const so_table *t)
{
	size_t i;
	for (i = 0; t && i < t->n_columns; i++)
		if (t->columns[i].generated && (strcmp(t->columns[i].generated, "ROW START") == 0 ||
		                                strcmp(t->columns[i].generated, "ROW END") == 0))
			return true;
	return false;
}

static void versioning_alter(so_strbuf *sb, const so_rctx *r, const char *table, bool add)
{
	so_render_alter_table(sb, so_render_mariadb.ident, r, table);
	so_strbuf_append(sb, add ? "ADD SYSTEM VERSIONING;" : "DROP SYSTEM VERSIONING;");
}

/* one table whose versioning differs (f NULL: a new table) */
static void versioning_step(const mctx *m, const so_table *f, const so_table *t, bool add)
{
	const char *name = t->name; /* both run after a table rename (phase 30) */
	struct chg *c;
	if (explicit_period(f) || explicit_period(t)) {
		so_diffx_unsupported(m->d, t->name, "system_versioning", t->name,
		                     add ? "was added (explicit period columns)"
		                         : "was dropped (explicit period columns)",
		                     "system versioning");
		return;
	}
	c = so_diffx_add(m->d, add ? PM_VERSIONING_ADD : PM_VERSIONING_DROP, name, 0, name,
	                 add ? SO_ACTION_ADD : SO_ACTION_DROP, "system_versioning", name);
	if (!c)
		return;
	so_diffx_rows(c, f ? f->rows : 0);
	/* both copy the table on 10.11 ("Not implemented for system-versioned timestamp tables. Try
	   ALGORITHM=COPY"; DROP: "Try LOCK=SHARED") */
	versioning_alter(so_diffx_up(c), so_diffx_my_alg(m->d, c, "COPY", "SHARED"), name, add);
	versioning_alter(so_diffx_down(c), m->r, name, !add);
	so_diffx_hazard(c, "table_rewrite");
	/* dropping versioning drops every historical row; the way back starts an empty history */
	so_diffx_down_lossy(c);
	if (!add) {
		so_diffx_hazard(c, "data_loss");
		so_diffx_droppy(m->d, c);
	}
}

/* WITH SYSTEM VERSIONING with implicit period columns (MariaDB KB "System-Versioned Tables"): the table-level
   kind `system_versioning` of the snapshot. Added: ALTER TABLE ... ADD SYSTEM VERSIONING after every other
   change of the table (the server refuses most ALTERs of a versioned table while
   system_versioning_alter_history = ERROR, the default); dropped: DROP SYSTEM VERSIONING before any (hazard
   data_loss: the history goes). A table whose period columns are explicit is reported UNSUPPORTED. */
static void diff_versioning(const mctx *m)
{
	const so_document *to = so_diffx_to(m->d);
	size_t i, j, np = so_diffx_npairs(m->d);
	for (i = 0; i < np; i++) {
		const so_table *f, *t;
		const char *const *map;
		so_diffx_pair(m->d, i, &f, &t, &map);
		if (versioned(f) != versioned(t))
			versioning_step(m, f, t, versioned(t));
	}
	for (i = 0; i < to->n_tables; i++) {
		const so_table *t = &to->tables[i];
		bool paired = false;
		if (!versioned(t))
			continue;
		for (j = 0; j < np && !paired; j++) {
			const so_table *pf, *pt;
			const char *const *map;
			so_diffx_pair(m->d, j, &pf, &pt, &map);
			paired = pt == t;
		}
		if (!paired)
			versioning_step(m, NULL, t, true);
	}
}

/* ---------- partitioning ---------- */

/* the partitioning methods the renderer spells (information_schema.PARTITIONS.PARTITION_METHOD) */
static const char *const part_methods[] = {
    "RANGE", "LIST", "RANGE COLUMNS", "LIST COLUMNS", "HASH", "LINEAR HASH", "KEY", "LINEAR KEY", NULL};

typedef struct pscheme {
	const char *method, *expr;
	const so_node *parts; /* sequence of {name, subpartition, bound} */
} pscheme;

static const char *node_str(const so_node *n, const char *key)
{
	const so_node *v = n && n->type == SO_NODE_MAPPING ? so_node_get(n, key) : NULL;
	if (!v || v->type != SO_NODE_SCALAR || so_node_is_null(v))
		return NULL;
	return v->scalar;
}

static bool ranged(const pscheme *p)
{
	return strncmp(p->method, "RANGE", 5) == 0 || strncmp(p->method, "LIST", 4) == 0;
}

/* reads the opaque `partitioning` value; false when the renderer cannot spell it (subpartitions, an unknown
   method, a partition without name or, for RANGE / LIST, without bound, a ';' in a server-written text) */
static bool pscheme_read(const so_opaque *o, pscheme *p)
{
	size_t i;
	p->method = sval(o, "method");
	p->expr = sval(o, "expression");
	p->parts = o && o->node ? so_node_get(o->node, "partitions") : NULL;
	if (!word_ok(p->method, part_methods, false) || sval(o, "subpartition_method") || !p->parts ||
	    p->parts->type != SO_NODE_SEQUENCE || p->parts->n_items == 0 || (p->expr && strchr(p->expr, ';')))
		return false;
	if (!p->expr && strstr(p->method, "KEY") == NULL)
		return false;
	for (i = 0; i < p->parts->n_items; i++) {
		const so_node *it = p->parts->items[i];
		const char *b = node_str(it, "bound");
		if (!node_str(it, "name") || node_str(it, "subpartition") || (b && strchr(b, ';')) ||
		    (ranged(p) != !!b))
			return false;
	}
	return true;
}

static void partition_def(so_strbuf *sb, const pscheme *p, const so_node *it)
{
	const char *b = node_str(it, "bound");
	so_strbuf_append(sb, "PARTITION ");
	ident(sb, node_str(it, "name"));
	if (!b)
		return;
	if (strncmp(p->method, "RANGE", 5) == 0) {
		if (strcmp(p->method, "RANGE") == 0 && strcmp(b, "MAXVALUE") == 0)
			so_strbuf_append(sb, " VALUES LESS THAN MAXVALUE");
		else
			so_strbuf_appendf(sb, " VALUES LESS THAN (%s)", b);
	} else if (strcmp(b, "DEFAULT") == 0 || strcmp(b, "MAXVALUE") == 0)
		so_strbuf_append(sb, " DEFAULT"); /* 10.11 describes a LIST COLUMNS DEFAULT partition as MAXVALUE */
	else
		so_strbuf_appendf(sb, " VALUES IN (%s)", b);
}

/* "ALTER TABLE t [ALGORITHM=..., LOCK=... ]": partition clauses take no comma after the online clause, and
   ADD / DROP PARTITION take none at all (both checked on 10.11: syntax errors) */
static void part_alter(so_strbuf *sb, const so_rctx *r, const char *table)
{
	so_rctx plain = *r;
	plain.alter_clause = NULL;
	so_render_alter_table(sb, so_render_mariadb.ident, &plain, table);
	if (r->alter_clause) {
		so_strbuf_append(sb, r->alter_clause);
		so_strbuf_append_char(sb, ' ');
	}
}

static void partition_by(so_strbuf *sb, const so_rctx *r, const char *table, const pscheme *p)
{
	size_t i;
	char dflt[32];
	bool numbered = !ranged(p);
	part_alter(sb, r, table);
	so_strbuf_appendf(sb, "PARTITION BY %s (%s) ", p->method, p->expr ? p->expr : "");
	/* HASH / KEY partitions named p0, p1, ... as the server names them: "PARTITIONS n", as a DBA writes it
	   (SHOW CREATE TABLE keeps the spelling) */
	for (i = 0; numbered && i < p->parts->n_items; i++) {
		snprintf(dflt, sizeof dflt, "p%zu", i);
		numbered = strcmp(node_str(p->parts->items[i], "name"), dflt) == 0;
	}
	if (numbered) {
		so_strbuf_appendf(sb, "PARTITIONS %zu;", p->parts->n_items);
		return;
	}
	so_strbuf_append_char(sb, '(');
	for (i = 0; i < p->parts->n_items; i++) {
		if (i)
			so_strbuf_append(sb, ", ");
		partition_def(sb, p, p->parts->items[i]);
	}
	so_strbuf_append(sb, ");");
}

static void remove_partitioning(so_strbuf *sb, const so_rctx *r, const char *table)
{
	part_alter(sb, r, table);
	so_strbuf_append(sb, "REMOVE PARTITIONING;");
}

static const so_node *find_part(const pscheme *p, const char *name)
{
	size_t i;
	for (i = 0; i < p->parts->n_items; i++)
		if (strcmp(node_str(p->parts->items[i], "name"), name) == 0)
			return p->parts->items[i];
	return NULL;
}

static const so_opaque *table_opaque(const so_table *t, const char *kind)
{
	size_t i;
	for (i = 0; t && i < t->n_opaque; i++)
		if (strcmp(t->opaque[i].kind, kind) == 0)
			return &t->opaque[i];
	return NULL;
}

/* the whole scheme set or replaced (PARTITION BY, a table copy; rows outside the new bounds make it fail,
   never vanish), or removed (REMOVE PARTITIONING); f / t NULL: none */
static void partition_whole(const mctx *m, const so_table *tab, long long rows, const pscheme *f, const pscheme *t)
{
	struct chg *c =
	    so_diffx_add(m->d, t ? PM_PARTITION_SET : PM_PARTITION_REMOVE, tab->name, 0, tab->name,
	                 t ? (f ? SO_ACTION_RECREATE : SO_ACTION_ADD) : SO_ACTION_DROP, "partitioning", tab->name);
	const so_rctx *r;
	if (!c)
		return;
	so_diffx_rows(c, rows);
	r = so_diffx_my_alg(m->d, c, "COPY", "SHARED");
	so_diffx_hazard(c, "table_rewrite");
	if (t)
		partition_by(so_diffx_up(c), r, tab->name, t);
	else
		remove_partitioning(so_diffx_up(c), r, tab->name);
	if (f)
		partition_by(so_diffx_down(c), m->r, tab->name, f);
	else
		remove_partitioning(so_diffx_down(c), m->r, tab->name);
}

/* RANGE / LIST with the same method and expression: partitions only added at the end (ADD PARTITION) or only
   dropped (DROP PARTITION: hazard data_loss, the rows go); true when planned that way */
static bool partition_steps(const mctx *m, const so_table *tab, long long rows, const pscheme *f, const pscheme *t)
{
	size_t i, nkept = 0, nadd = 0, ndrop = 0;
	struct chg *c;
	if (!ranged(f) || strcmp(f->method, t->method) != 0 || !so_render_streq(f->expr, t->expr))
		return false;
	for (i = 0; i < f->parts->n_items; i++) {
		const so_node *fp = f->parts->items[i], *tp = find_part(t, node_str(fp, "name"));
		if (!tp)
			ndrop++;
		else if (!so_render_streq(node_str(fp, "bound"), node_str(tp, "bound")))
			return false;
	}
	for (i = 0; i < t->parts->n_items; i++) {
		const so_node *tp = t->parts->items[i];
		if (find_part(f, node_str(tp, "name"))) {
			if (nadd) /* a kept partition after an added one: not an append */
				return false;
			nkept++;
		} else
			nadd++;
	}
	if ((nadd && ndrop) || !nkept)
		return false;
	if (nadd) {
		/* appended: the source's order is kept (the kept ones are all of the source) */
		c = so_diffx_add(m->d, PM_PARTITION_SET, tab->name, 0, tab->name, SO_ACTION_ADD, "partition",
		                 tab->name);
		if (!c)
			return true;
		so_diffx_rows(c, rows);
		part_alter(so_diffx_up(c), m->r, tab->name);
		so_strbuf_append(so_diffx_up(c), "ADD PARTITION (");
		part_alter(so_diffx_down(c), m->r, tab->name);
		so_strbuf_append(so_diffx_down(c), "DROP PARTITION ");
		for (i = nkept; i < t->parts->n_items; i++) {
			if (i > nkept) {
				so_strbuf_append(so_diffx_up(c), ", ");
				so_strbuf_append(so_diffx_down(c), ", ");
			}
			partition_def(so_diffx_up(c), t, t->parts->items[i]);
			ident(so_diffx_down(c), node_str(t->parts->items[i], "name"));
		}
		so_strbuf_append(so_diffx_up(c), ");");
		so_strbuf_append_char(so_diffx_down(c), ';');
		so_diffx_down_lossy(c); /* rows written into the new partitions go with them */
		return true;
	}
	c = so_diffx_add(m->d, PM_PARTITION_DROP, tab->name, 0, tab->name, SO_ACTION_DROP, "partition", tab->name);
	if (!c)
		return true;
	so_diffx_rows(c, rows);
	part_alter(so_diffx_up(c), m->r, tab->name);
	so_strbuf_append(so_diffx_up(c), "DROP PARTITION ");
	for (i = 0, nkept = 0; i < f->parts->n_items; i++) {
		const char *n = node_str(f->parts->items[i], "name");
		if (find_part(t, n))
			continue;
		if (nkept++)
			so_strbuf_append(so_diffx_up(c), ", ");
		ident(so_diffx_up(c), n);
	}
	so_strbuf_append_char(so_diffx_up(c), ';');
	/* the way back: the source's scheme again (its rows are gone) */
	partition_by(so_diffx_down(c), m->r, tab->name, f);
	so_diffx_hazard(c, "data_loss");
	so_diffx_down_lossy(c);
	so_diffx_droppy(m->d, c);
	return true;
}

static void partition_table(const mctx *m, const so_table *f, const so_table *t)
{
	const so_opaque *fo = table_opaque(f, "partitioning"), *to = table_opaque(t, "partitioning");
	pscheme fp, tp;
	if (!fo && !to)
		return;
	if (fo && to && strcmp(fo->canonical, to->canonical) == 0)
		return;
	if ((fo && !pscheme_read(fo, &fp)) || (to && !pscheme_read(to, &tp))) {
		so_diffx_unsupported(m->d, t->name, "partitioning", t->name,
		                     !fo   ? "was added"
		                     : !to ? "was dropped"
		                           : "was changed",
		                     "partitioning");
		return;
	}
	if (fo && to && partition_steps(m, t, f->rows, &fp, &tp))
		return;
	partition_whole(m, to ? t : (f ? f : t), f ? f->rows : 0, fo ? &fp : NULL, to ? &tp : NULL);
}

/* PARTITION BY RANGE / LIST [COLUMNS] / [LINEAR] HASH / [LINEAR] KEY (MariaDB KB "Partitioning Types",
   "ALTER TABLE": ADD / DROP PARTITION, REMOVE PARTITIONING): the table-level kind `partitioning`. Subpartitions
   are UNSUPPORTED. A new partitioned table is created, then partitioned (empty: cheap). */
static void diff_partitioning(const mctx *m)
{
	const so_document *to = so_diffx_to(m->d);
	size_t i, j, np = so_diffx_npairs(m->d);
	for (i = 0; i < np; i++) {
		const so_table *f, *t;
		const char *const *map;
		so_diffx_pair(m->d, i, &f, &t, &map);
		partition_table(m, f, t);
	}
	for (i = 0; i < to->n_tables; i++) {
		const so_table *t = &to->tables[i];
		bool paired = false;
		if (!table_opaque(t, "partitioning"))
			continue;
		for (j = 0; j < np && !paired; j++) {
			const so_table *pf, *pt;
			const char *const *map;
			so_diffx_pair(m->d, j, &pf, &pt, &map);
			paired = pt == t;
		}
		if (!paired)
			partition_table(m, NULL, t);
	}
}

void so_diffm_objects(struct dctx *d)
{
	mctx mc;
	if (so_diffx_rctx(d)->dialect != SO_DIALECT_MARIADB)
		return;
	mc.d = d;
	mc.r = so_diffx_rctx(d);
	mc.a = so_diffx_arena(d);
	diff_views(&mc);
	diff_top(&mc, "functions", "function");
	diff_top(&mc, "procedures", "procedure");
	diff_top(&mc, "events", "event");
	diff_triggers(&mc);
	diff_versioning(&mc);
	diff_partitioning(&mc);
}
