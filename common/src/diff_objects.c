/*
 * diff_objects.c: the PostgreSQL object kinds a schema document carries as opaque lists (document-format.md),
 * diffed as first-class objects: views, materialized views, functions / procedures / aggregates, types
 * (enum, composite, range), domains, and per table triggers, policies, row level security, exclusion
 * constraints, replica identity, constraint comments, storage parameters, UNLOGGED, identity sequence
 * options, column statistics / storage and NOT VALID constraints.
 *
 * Each object is compared as a whole (its canonical JSON); a difference becomes the server's in-place form
 * where PostgreSQL has one that gives exactly the target (CREATE OR REPLACE FUNCTION with the same signature
 * and result, ALTER TYPE ... ADD VALUE / ADD|DROP|ALTER ATTRIBUTE, ALTER DOMAIN, CREATE OR REPLACE TRIGGER,
 * ALTER POLICY, ALTER TABLE ... SET / RESET / REPLICA IDENTITY / [NO] FORCE ROW LEVEL SECURITY, COMMENT ON),
 * else a drop and a create. What has no exact form (an enum losing or reordering labels, a base type, a
 * storage mode reset to the type's default) stays an UNSUPPORTED step that names the object.
 *
 * Order. The document's "dependencies" (15_snapshot_objects.sql: pg_depend, per object) give every object a
 * level (1 + the highest level of what it depends on among these objects); creates run in ascending level
 * inside their phase, drops in descending level. The phases (numbers between diff.c's own):
 *
 *    2 extensions created, updated, moved (before anything that may use their types, functions, operators)
 *    5 views / materialized views dropped (also the drop half of recreations)
 *    6 triggers and policies dropped; casts whose function or type is dropped and recreated (before it)
 *    7 functions dropped for recreation
 *    8 types / domains dropped for recreation
 *   21 types and domains created / altered (before any table or column uses them)
 *   39 functions created / replaced (check_function_bodies off, as pg_dump does), 52 when their signature
 *      uses a table's row type (after the table and its columns)
 *   53 casts created / changed (after the functions and types they use)
 *   46 exclusion constraints dropped          63 exclusion constraints added
 *   64 table properties (replica identity, storage parameters, UNLOGGED, identity options, column options,
 *      VALIDATE CONSTRAINT)
 *   75 views / materialized views created     76 triggers created       77 policies created / altered
 *   78 row level security switched            79 privileges granted / revoked (top-level "grants")
 *   80 comments
 *  105 functions dropped whose signature uses a table's row type (before the table: 110)
 *  112 casts dropped
 *  115 functions dropped                      125 types / domains dropped
 *  130 extensions dropped (after everything that used them)
 *  131 extensions moved: the move again (a no-op on the way up) whose down moves the extension back first
 *
 * Dependents. A view, materialized view, trigger, policy, function or domain that is itself unchanged but
 * depends (per the source document's dependencies) on a column that is dropped or changes type, collation or
 * generation, or on an object that is dropped and recreated, is dropped and recreated around the change
 * (PostgreSQL refuses ALTER COLUMN TYPE under a view or policy and DROP under any dependent), transitively:
 * views on views follow.
 */
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"
#include "model.h"
#include "node.h"
#include "render.h"

enum {
	PX_EXT_ADD = 2,
	PX_VIEW_DROP = 5,
	PX_CAST_REDROP = 6,
	PX_TRIGGER_DROP = 6,
	PX_FUNC_REDROP = 7,
	PX_TYPE_REDROP = 8,
	PX_TYPE_ADD = 21,
	PX_FUNC_ADD = 39,
	PX_EXCL_DROP = 46,
	PX_FUNC_ADD_LATE = 52,
	PX_CAST_ADD = 53,
	PX_EXCL_ADD = 63,
	PX_TABLE_PROPS = 64,
	PX_VIEW_ADD = 75,
	PX_TRIGGER_ADD = 76,
	PX_POLICY_ADD = 77,
	PX_RLS = 78,
	PX_GRANT = 79,
	PX_COMMENT = 80,
	PX_CAST_DROP = 112,
	PX_FUNC_DROP_EARLY = 105, /* a function whose signature uses a table's row type: before the table drops */
	PX_FUNC_DROP = 115,
	PX_TYPE_DROP = 125,
	PX_EXT_DROP = 130,
	PX_EXT_MOVE_BACK = 131
};

#define MAX_LEVEL 64
#define SEP "\x1f" /* separates the parts of an identity key; never in a name the catalog prints */

/* The kinds this file handles. */
static const char *const top_kinds[] = {"casts",      "default_privileges", "dependencies", "domains",
                                        "extensions", "functions",          "grants",       "materialized_views",
                                        "types",      "view_columns",       "views",        NULL};
static const char *const table_kinds[] = {"column_options",
                                          "constraint_comments",
                                          "exclusion_constraints",
                                          "identity_options",
                                          "not_valid_constraints",
                                          "persistence",
                                          "policies",
                                          "replica_identity",
                                          "rls",
                                          "storage_parameters",
                                          "triggers",
                                          NULL};

typedef struct xobj {
	const char *kind;             /* the document key: "views", "triggers", ... */
	const char *name;             /* the object's name (inside its table for table-level kinds) */
	const so_opaque *f, *t;       /* source / target object; either may be NULL */
	const so_table *ftab, *ttab;  /* table-level: the source / target table */
	const char *fkey, *tkey;      /* identity keys in the source / target document */
	const so_node *fdeps, *tdeps; /* "on" lists from the dependencies (NULL: none known) */
	int flevel, tlevel;           /* -1: not computed yet; -2: being computed */
	bool recreate;                /* dropped and created again */
	bool newtab;                  /* table-level: the table is created by the plan */
	bool dependent;               /* recreated only because something it depends on is */
} xobj;

typedef struct depent {
	const char *key;
	const so_node *on;
} depent;

typedef struct keyent {
	const char *key;
	size_t obj;
} keyent;

typedef struct xctx {
	struct dctx *d;
	so_arena *a;
	const so_rctx *r;
	const so_document *from, *to;
	xobj *v;
	size_t n, cap;
	depent *fdep, *tdep; /* sorted by key */
	size_t nfdep, ntdep;
	keyent *fkeys, *tkeys; /* object keys -> index in v, sorted */
	size_t nfkeys, ntkeys;
	const char **dist; /* disturbed source keys, sorted after each round */
	size_t ndist, capdist;
	bool oom;
} xctx;

static bool in_list(const char *const *l, const char *s)
{
	size_t i;
	for (i = 0; l[i]; i++)
		if (strcmp(l[i], s) == 0)
			return true;
	return false;
}

bool so_diffx_handles(so_dialect dialect, bool table_level, const char *kind)
{
	if (dialect != SO_DIALECT_POSTGRES || !kind)
		return false;
	return in_list(table_level ? table_kinds : top_kinds, kind);
}

/* ---------- small helpers ---------- */

static const char *cat(xctx *x, const char *a, const char *b, const char *c, const char *e)
{
	so_strbuf sb;
	so_strbuf_init(&sb, x->a);
	so_strbuf_append(&sb, a);
	if (b) {
		so_strbuf_append(&sb, SEP);
		so_strbuf_append(&sb, b);
	}
	if (c) {
		so_strbuf_append(&sb, SEP);
		so_strbuf_append(&sb, c);
	}
	if (e) {
		so_strbuf_append(&sb, SEP);
		so_strbuf_append(&sb, e);
	}
	if (so_strbuf_status(&sb) != SO_OK) {
		x->oom = true;
		return "";
	}
	return sb.data ? sb.data : "";
}

static const char *sval(const so_node *m, const char *key)
{
	const so_node *n = m ? so_node_get(m, key) : NULL;
	if (!n || n->type != SO_NODE_SCALAR || so_node_is_null(n))
		return NULL;
	return n->scalar;
}

/* sval(), "" for absent */
static const char *svz(const so_node *m, const char *key)
{
	const char *s = sval(m, key);
	return s ? s : "";
}

static bool bval(const so_node *m, const char *key, bool dflt)
{
	const so_node *n = m ? so_node_get(m, key) : NULL;
	so_error scratch;
	bool b;
	if (!n || so_node_is_null(n) || so_node_bool(n, key, &b, &scratch) != SO_OK)
		return dflt;
	return b;
}

static const so_node *lval(const so_node *m, const char *key)
{
	const so_node *n = m ? so_node_get(m, key) : NULL;
	return n && n->type == SO_NODE_SEQUENCE ? n : NULL;
}

static bool streq(const char *a, const char *b)
{
	return so_render_streq(a, b);
}

static void ident(so_strbuf *sb, const char *s)
{
	so_render_postgres.ident(sb, s);
}

static void literal(so_strbuf *sb, const char *s)
{
	so_render_postgres.literal(sb, s);
}

static void qname(xctx *x, so_strbuf *sb, const char *name)
{
	so_render_qname(sb, so_render_postgres.ident, x->r, name);
}

/* appends text without trailing blanks and semicolons */
static void append_trimmed(so_strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 &&
	       (s[n - 1] == ';' || s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	so_strbuf_append_n(sb, s, n);
}

static const so_node *node_of(const so_opaque *o)
{
	return o ? o->node : NULL;
}

static const char *canon(const so_opaque *o)
{
	return o ? o->canonical : NULL;
}

/* ---------- identity keys and the dependency graph ---------- */

static int depent_cmp(const void *a, const void *b)
{
	return strcmp(((const depent *)a)->key, ((const depent *)b)->key);
}

static int keyent_cmp(const void *a, const void *b)
{
	return strcmp(((const keyent *)a)->key, ((const keyent *)b)->key);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* the key of a dependency list item ["views", "v"] / ["columns", "t", "c"]; NULL if malformed */
static const char *dep_item_key(xctx *x, const so_node *item)
{
	const char *p[3] = {NULL, NULL, NULL};
	size_t i;
	if (!item || item->type != SO_NODE_SEQUENCE || item->n_items < 2 || item->n_items > 3)
		return NULL;
	for (i = 0; i < item->n_items; i++) {
		if (item->items[i]->type != SO_NODE_SCALAR || so_node_is_null(item->items[i]))
			return NULL;
		p[i] = item->items[i]->scalar;
	}
	return cat(x, p[0], p[1], p[2], NULL);
}

static void load_deps(xctx *x, const so_document *doc, depent **out, size_t *nout)
{
	size_t i, n = 0;
	depent *v;
	for (i = 0; i < doc->n_opaque; i++)
		if (strcmp(doc->opaque[i].kind, "dependencies") == 0)
			n++;
	*out = NULL;
	*nout = 0;
	if (!n)
		return;
	v = so_arena_calloc(x->a, n, sizeof *v);
	if (!v) {
		x->oom = true;
		return;
	}
	n = 0;
	for (i = 0; i < doc->n_opaque; i++) {
		const so_opaque *o = &doc->opaque[i];
		const char *k;
		if (strcmp(o->kind, "dependencies") != 0 || !o->node)
			continue;
		k = dep_item_key(x, so_node_get(o->node, "object"));
		if (!k)
			continue;
		v[n].key = k;
		v[n].on = lval(o->node, "on");
		n++;
	}
	qsort(v, n, sizeof *v, depent_cmp);
	*out = v;
	*nout = n;
}

static const so_node *find_deps(const depent *v, size_t n, const char *key)
{
	depent k = {key, NULL};
	const depent *e = key && n ? bsearch(&k, v, n, sizeof *v, depent_cmp) : NULL;
	return e ? e->on : NULL;
}

static const keyent *find_key(const keyent *v, size_t n, const char *key)
{
	keyent k = {key, 0};
	return key && n ? bsearch(&k, v, n, sizeof *v, keyent_cmp) : NULL;
}

static bool disturbed(const xctx *x, const char *key)
{
	return key && x->ndist && bsearch(&key, x->dist, x->ndist, sizeof *x->dist, str_cmp);
}

static bool disturb(xctx *x, const char *key)
{
	if (!key || disturbed(x, key))
		return false;
	if (x->ndist == x->capdist) {
		size_t ncap = x->capdist ? x->capdist * 2 : 16;
		const char **nv = so_arena_calloc(x->a, ncap, sizeof *nv);
		if (!nv) {
			x->oom = true;
			return false;
		}
		if (x->ndist)
			memcpy(nv, x->dist, x->ndist * sizeof *nv);
		x->dist = nv;
		x->capdist = ncap;
	}
	x->dist[x->ndist++] = key;
	qsort(x->dist, x->ndist, sizeof *x->dist, str_cmp);
	return true;
}

/* does any dependency in `on` (source document) name something disturbed? */
static bool deps_disturbed(xctx *x, const so_node *on)
{
	size_t i;
	for (i = 0; on && i < on->n_items; i++) {
		const so_node *it = on->items[i];
		const char *k = dep_item_key(x, it);
		if (!k)
			continue;
		if (disturbed(x, k))
			return true;
		if (it->n_items == 3 && strcmp(it->items[0]->scalar, "columns") == 0) {
			const char *rel = it->items[1]->scalar;
			if (disturbed(x, cat(x, "tables", rel, NULL, NULL)) ||
			    disturbed(x, cat(x, "views", rel, NULL, NULL)) ||
			    disturbed(x, cat(x, "materialized_views", rel, NULL, NULL)))
				return true;
		}
	}
	return false;
}

static int level_of(xctx *x, size_t i, bool target, int depth);

/* the level of the object a dependency item names (0 when it is not one of ours) */
static int dep_level(xctx *x, const so_node *it, bool target, int depth)
{
	const keyent *e;
	const char *k;
	if (!it || it->type != SO_NODE_SEQUENCE || it->n_items < 2)
		return -1;
	if (it->n_items == 3 && it->items[0]->type == SO_NODE_SCALAR && strcmp(it->items[0]->scalar, "columns") == 0) {
		int a, b;
		if (it->items[1]->type != SO_NODE_SCALAR)
			return -1;
		k = cat(x, "views", it->items[1]->scalar, NULL, NULL);
		e = target ? find_key(x->tkeys, x->ntkeys, k) : find_key(x->fkeys, x->nfkeys, k);
		a = e ? level_of(x, e->obj, target, depth + 1) : -1;
		k = cat(x, "materialized_views", it->items[1]->scalar, NULL, NULL);
		e = target ? find_key(x->tkeys, x->ntkeys, k) : find_key(x->fkeys, x->nfkeys, k);
		b = e ? level_of(x, e->obj, target, depth + 1) : -1;
		return a > b ? a : b;
	}
	k = dep_item_key(x, it);
	e = target ? find_key(x->tkeys, x->ntkeys, k) : find_key(x->fkeys, x->nfkeys, k);
	return e ? level_of(x, e->obj, target, depth + 1) : -1;
}

static int level_of(xctx *x, size_t i, bool target, int depth)
{
	xobj *o = &x->v[i];
	int *lv = target ? &o->tlevel : &o->flevel;
	const so_node *on = target ? o->tdeps : o->fdeps;
	size_t j;
	int best = 0;
	if (*lv >= 0)
		return *lv;
	if (*lv == -2 || depth > MAX_LEVEL) /* a cycle (not in a real catalog) or too deep: stop here */
		return 0;
	*lv = -2;
	for (j = 0; on && j < on->n_items; j++) {
		int l = dep_level(x, on->items[j], target, depth);
		if (l >= 0 && l + 1 > best)
			best = l + 1;
	}
	if (best > MAX_LEVEL)
		best = MAX_LEVEL;
	*lv = best;
	return best;
}

/* ---------- collecting the objects ---------- */

static xobj *push(xctx *x, const char *kind, const char *name)
{
	xobj *o;
	if (x->oom)
		return NULL;
	if (x->n == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 64;
		xobj *nv = so_arena_calloc(x->a, ncap, sizeof *nv);
		if (!nv) {
			x->oom = true;
			return NULL;
		}
		if (x->n)
			memcpy(nv, x->v, x->n * sizeof *nv);
		x->v = nv;
		x->cap = ncap;
	}
	o = &x->v[x->n++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->name = name;
	o->flevel = o->tlevel = -1;
	return o;
}

/* merges two sorted (kind, name) opaque lists, keeping the handled kinds */
static void collect(xctx *x, bool table_level, const so_table *ft, const so_opaque *f, size_t nf, const so_table *tt,
                    const so_opaque *t, size_t nt)
{
	size_t i = 0, j = 0;
	while (i < nf || j < nt) {
		const so_opaque *a = i < nf ? &f[i] : NULL, *b = j < nt ? &t[j] : NULL;
		int c;
		xobj *o;
		if (a && b) {
			c = strcmp(a->kind, b->kind);
			if (c == 0)
				c = strcmp(a->name, b->name);
		} else
			c = a ? -1 : 1;
		if (c < 0)
			b = NULL, i++;
		else if (c > 0)
			a = NULL, j++;
		else
			i++, j++;
		if (!so_diffx_handles(SO_DIALECT_POSTGRES, table_level, a ? a->kind : b->kind) ||
		    strcmp(a ? a->kind : b->kind, "dependencies") == 0 ||
		    strcmp(a ? a->kind : b->kind, "grants") == 0 ||
		    strcmp(a ? a->kind : b->kind, "view_columns") == 0 ||
		    strcmp(a ? a->kind : b->kind, "default_privileges") == 0 ||
		    strcmp(a ? a->kind : b->kind, "extensions") == 0 || strcmp(a ? a->kind : b->kind, "casts") == 0)
			continue;
		o = push(x, a ? a->kind : b->kind, a ? a->name : b->name);
		if (!o)
			return;
		o->f = a;
		o->t = b;
		o->ftab = a ? ft : NULL;
		o->ttab = b ? tt : NULL;
	}
}

static const char *obj_key(xctx *x, const xobj *o, bool target)
{
	const so_table *tab = target ? o->ttab : o->ftab;
	if (target ? !o->t : !o->f)
		return NULL;
	if (tab)
		return cat(x, o->kind, tab->name, o->name, NULL);
	return cat(x, o->kind, o->name, NULL, NULL);
}

static void build_keys(xctx *x, bool target)
{
	size_t i, n = 0;
	keyent *v = so_arena_calloc(x->a, x->n ? x->n : 1, sizeof *v);
	if (!v) {
		x->oom = true;
		return;
	}
	for (i = 0; i < x->n; i++) {
		const char *k = target ? x->v[i].tkey : x->v[i].fkey;
		if (!k)
			continue;
		v[n].key = k;
		v[n].obj = i;
		n++;
	}
	qsort(v, n, sizeof *v, keyent_cmp);
	if (target) {
		x->tkeys = v;
		x->ntkeys = n;
	} else {
		x->fkeys = v;
		x->nfkeys = n;
	}
}

/* ---------- rendering ---------- */

static void comment_on(xctx *x, so_strbuf *sb, const char *what, const char *name, const char *table,
                       const char *comment, bool raw_name)
{
	so_render_sep(sb);
	so_strbuf_appendf(sb, "COMMENT ON %s ", what);
	if (table) {
		ident(sb, name);
		so_strbuf_append(sb, " ON ");
		qname(x, sb, table);
	} else if (raw_name) { /* a function signature as regprocedure prints it */
		ident(sb, x->r->schema);
		so_strbuf_append_char(sb, '.');
		so_strbuf_append(sb, name);
	} else
		qname(x, sb, name);
	so_strbuf_append(sb, " IS ");
	literal(sb, comment);
	so_strbuf_append_char(sb, ';');
}

static const char *func_kind_word(const so_node *n)
{
	const char *k = sval(n, "kind");
	if (k && strcmp(k, "procedure") == 0)
		return "PROCEDURE";
	if (k && strcmp(k, "aggregate") == 0)
		return "AGGREGATE";
	return "FUNCTION";
}

/* "name(args)" as regprocedure prints it: the length of the name part (up to the '(' outside quotes) */
static size_t sig_name_len(const char *s)
{
	size_t i;
	bool q = false;
	for (i = 0; s[i]; i++) {
		if (s[i] == '"')
			q = !q;
		else if (s[i] == '(' && !q)
			return i;
	}
	return i;
}

static void render_create(xctx *x, so_strbuf *sb, const xobj *o, const so_opaque *op, const so_table *tab)
{
	const so_node *n = op->node;
	const char *k = o->kind, *def = sval(n, "definition"), *cm = sval(n, "comment");
	size_t i;

	so_render_sep(sb);
	if (!strcmp(k, "views") || !strcmp(k, "materialized_views")) {
		const so_node *opts = lval(n, "options"), *ix = lval(n, "indexes");
		so_strbuf_append(sb, !strcmp(k, "views") ? "CREATE VIEW " : "CREATE MATERIALIZED VIEW ");
		qname(x, sb, o->name);
		if (opts && opts->n_items) {
			so_strbuf_append(sb, " WITH (");
			for (i = 0; i < opts->n_items; i++) {
				if (i)
					so_strbuf_append(sb, ", ");
				if (opts->items[i]->type == SO_NODE_SCALAR)
					so_strbuf_append(sb, opts->items[i]->scalar);
			}
			so_strbuf_append_char(sb, ')');
		}
		so_strbuf_append(sb, " AS\n");
		append_trimmed(sb, def ? def : "");
		so_strbuf_append_char(sb, ';');
		for (i = 0; ix && i < ix->n_items; i++) {
			const char *idef = sval(ix->items[i], "definition");
			if (!idef)
				continue;
			so_render_sep(sb);
			append_trimmed(sb, idef);
			so_strbuf_append_char(sb, ';');
		}
		if (cm)
			comment_on(x, sb, !strcmp(k, "views") ? "VIEW" : "MATERIALIZED VIEW", o->name, NULL, cm, false);
	} else if (!strcmp(k, "functions")) {
		const so_node *agg = so_node_get(n, "definition");
		if (agg && agg->type == SO_NODE_MAPPING) {
			const char *v;
			so_strbuf_append(sb, "CREATE AGGREGATE ");
			ident(sb, x->r->schema);
			so_strbuf_append_char(sb, '.');
			so_strbuf_append_n(sb, o->name, sig_name_len(o->name));
			so_strbuf_appendf(sb, "(%s) (SFUNC = %s, STYPE = %s", svz(agg, "arguments"), svz(agg, "sfunc"),
			                  svz(agg, "stype"));
			if ((v = sval(agg, "finalfunc")) != NULL)
				so_strbuf_appendf(sb, ", FINALFUNC = %s", v);
			if ((v = sval(agg, "combinefunc")) != NULL)
				so_strbuf_appendf(sb, ", COMBINEFUNC = %s", v);
			if ((v = sval(agg, "initcond")) != NULL) {
				so_strbuf_append(sb, ", INITCOND = ");
				literal(sb, v);
			}
			so_strbuf_append(sb, ");");
		} else {
			/* pg_dump does the same: bodies may name objects created later in the script */
			so_strbuf_append(sb, "SET LOCAL check_function_bodies = off;\n");
			append_trimmed(sb, def ? def : "");
			so_strbuf_append_char(sb, ';');
		}
		if (cm)
			comment_on(x, sb, func_kind_word(n), o->name, NULL, cm, true);
	} else if (!strcmp(k, "types")) {
		const char *tk = sval(n, "kind");
		so_strbuf_append(sb, "CREATE TYPE ");
		qname(x, sb, o->name);
		if (tk && !strcmp(tk, "enum")) {
			const so_node *l = lval(n, "labels");
			so_strbuf_append(sb, " AS ENUM (");
			for (i = 0; l && i < l->n_items; i++) {
				if (i)
					so_strbuf_append(sb, ", ");
				literal(sb, l->items[i]->type == SO_NODE_SCALAR ? l->items[i]->scalar : "");
			}
			so_strbuf_append(sb, ");");
		} else if (tk && !strcmp(tk, "composite")) {
			const so_node *l = lval(n, "attributes");
			so_strbuf_append(sb, " AS (");
			for (i = 0; l && i < l->n_items; i++) {
				if (i)
					so_strbuf_append(sb, ", ");
				ident(sb, svz(l->items[i], "name"));
				so_strbuf_appendf(sb, " %s", svz(l->items[i], "type"));
			}
			so_strbuf_append(sb, ");");
		} else {
			so_strbuf_appendf(sb, " AS RANGE (SUBTYPE = %s);", svz(n, "subtype"));
		}
		if (cm)
			comment_on(x, sb, "TYPE", o->name, NULL, cm, false);
	} else if (!strcmp(k, "domains")) {
		const so_node *l = lval(n, "checks");
		const char *v;
		so_strbuf_append(sb, "CREATE DOMAIN ");
		qname(x, sb, o->name);
		so_strbuf_appendf(sb, " AS %s", svz(n, "type"));
		if ((v = sval(n, "collation")) != NULL) {
			so_strbuf_append(sb, " COLLATE ");
			ident(sb, v);
		}
		if ((v = sval(n, "default")) != NULL)
			so_strbuf_appendf(sb, " DEFAULT %s", v);
		if (!bval(n, "nullable", true))
			so_strbuf_append(sb, " NOT NULL");
		for (i = 0; l && i < l->n_items; i++) {
			so_strbuf_append(sb, " CONSTRAINT ");
			ident(sb, svz(l->items[i], "name"));
			so_strbuf_appendf(sb, " %s", svz(l->items[i], "expression"));
		}
		so_strbuf_append_char(sb, ';');
		if (cm)
			comment_on(x, sb, "DOMAIN", o->name, NULL, cm, false);
	} else if (!strcmp(k, "triggers")) {
		const char *en = sval(n, "enabled");
		append_trimmed(sb, def ? def : "");
		so_strbuf_append_char(sb, ';');
		if (en) {
			so_render_alter_table(sb, so_render_postgres.ident, x->r, tab->name);
			so_strbuf_append(sb, !strcmp(en, "D")   ? "DISABLE TRIGGER "
			                     : !strcmp(en, "R") ? "ENABLE REPLICA TRIGGER "
			                                        : "ENABLE ALWAYS TRIGGER ");
			ident(sb, o->name);
			so_strbuf_append_char(sb, ';');
		}
		if (cm)
			comment_on(x, sb, "TRIGGER", o->name, tab->name, cm, false);
	} else if (!strcmp(k, "policies")) {
		const so_node *roles = lval(n, "roles");
		const char *cmd = sval(n, "command"), *v;
		so_strbuf_append(sb, "CREATE POLICY ");
		ident(sb, o->name);
		so_strbuf_append(sb, " ON ");
		qname(x, sb, tab->name);
		so_strbuf_append(sb, bval(n, "permissive", true) ? " AS PERMISSIVE FOR " : " AS RESTRICTIVE FOR ");
		so_render_upper(sb, cmd ? cmd : "all");
		so_strbuf_append(sb, " TO ");
		for (i = 0; roles && i < roles->n_items; i++) {
			const char *rn = roles->items[i]->type == SO_NODE_SCALAR ? roles->items[i]->scalar : "";
			if (i)
				so_strbuf_append(sb, ", ");
			if (!strcmp(rn, "public"))
				so_strbuf_append(sb, "PUBLIC");
			else
				ident(sb, rn);
		}
		if (!roles || !roles->n_items)
			so_strbuf_append(sb, "PUBLIC");
		if ((v = sval(n, "using")) != NULL)
			so_strbuf_appendf(sb, " USING (%s)", v);
		if ((v = sval(n, "with_check")) != NULL)
			so_strbuf_appendf(sb, " WITH CHECK (%s)", v);
		so_strbuf_append_char(sb, ';');
	} else if (!strcmp(k, "exclusion_constraints")) {
		so_render_alter_table(sb, so_render_postgres.ident, x->r, tab->name);
		so_strbuf_append(sb, "ADD CONSTRAINT ");
		ident(sb, o->name);
		so_strbuf_appendf(sb, " %s;", def ? def : "");
	}
}

static void render_drop(xctx *x, so_strbuf *sb, const xobj *o, const so_opaque *op, const so_table *tab)
{
	const so_node *n = op->node;
	const char *k = o->kind;
	so_render_sep(sb);
	if (!strcmp(k, "views") || !strcmp(k, "materialized_views") || !strcmp(k, "types") || !strcmp(k, "domains")) {
		so_strbuf_appendf(sb, "DROP %s ",
		                  !strcmp(k, "views")                ? "VIEW"
		                  : !strcmp(k, "materialized_views") ? "MATERIALIZED VIEW"
		                  : !strcmp(k, "types")              ? "TYPE"
		                                                     : "DOMAIN");
		qname(x, sb, o->name);
		so_strbuf_append_char(sb, ';');
	} else if (!strcmp(k, "functions")) {
		so_strbuf_appendf(sb, "DROP %s ", func_kind_word(n));
		ident(sb, x->r->schema);
		so_strbuf_append_char(sb, '.');
		so_strbuf_append(sb, o->name);
		so_strbuf_append_char(sb, ';');
	} else if (!strcmp(k, "triggers") || !strcmp(k, "policies")) {
		so_strbuf_append(sb, !strcmp(k, "triggers") ? "DROP TRIGGER " : "DROP POLICY ");
		ident(sb, o->name);
		so_strbuf_append(sb, " ON ");
		qname(x, sb, tab->name);
		so_strbuf_append_char(sb, ';');
	} else if (!strcmp(k, "exclusion_constraints")) {
		so_render_alter_table(sb, so_render_postgres.ident, x->r, tab->name);
		so_strbuf_append(sb, "DROP CONSTRAINT ");
		ident(sb, o->name);
		so_strbuf_append_char(sb, ';');
	}
}

/* ---------- per kind ---------- */

static const char *otype_of(const char *kind)
{
	static const char *const map[][2] = {{"views", "view"},
	                                     {"materialized_views", "materialized_view"},
	                                     {"functions", "function"},
	                                     {"types", "type"},
	                                     {"domains", "domain"},
	                                     {"triggers", "trigger"},
	                                     {"policies", "policy"},
	                                     {"exclusion_constraints", "exclusion_constraint"},
	                                     {"constraint_comments", "comment"},
	                                     {"storage_parameters", "storage_parameter"},
	                                     {"identity_options", "identity"},
	                                     {"column_options", "column_option"},
	                                     {"not_valid_constraints", "constraint"},
	                                     {NULL, NULL}};
	size_t i;
	for (i = 0; map[i][0]; i++)
		if (!strcmp(map[i][0], kind))
			return map[i][1];
	return kind;
}

static bool creatable(const char *k)
{
	return !strcmp(k, "views") || !strcmp(k, "materialized_views") || !strcmp(k, "functions") ||
	       !strcmp(k, "types") || !strcmp(k, "domains") || !strcmp(k, "triggers") || !strcmp(k, "policies") ||
	       !strcmp(k, "exclusion_constraints");
}

/* a type the document cannot create (base types need C functions) */
static bool uncreatable(const so_opaque *op)
{
	const char *tk = sval(op->node, "kind");
	if (!op->node)
		return true;
	if (!strcmp(op->kind, "types"))
		return !tk || (strcmp(tk, "enum") && strcmp(tk, "composite") && strcmp(tk, "range"));
	if (!strcmp(op->kind, "functions")) {
		const so_node *agg = so_node_get(op->node, "definition");
		if (agg && agg->type == SO_NODE_MAPPING) {
			const char *ak = sval(agg, "kind");
			return ak && strcmp(ak, "n") != 0; /* ordered-set and hypothetical-set aggregates */
		}
		return !sval(op->node, "definition");
	}
	return false;
}

static bool uses_rowtype(const so_node *on)
{
	size_t i;
	for (i = 0; on && i < on->n_items; i++) {
		const so_node *it = on->items[i];
		if (it->type == SO_NODE_SEQUENCE && it->n_items == 2 && it->items[0]->type == SO_NODE_SCALAR &&
		    (!strcmp(it->items[0]->scalar, "tables") || !strcmp(it->items[0]->scalar, "views") ||
		     !strcmp(it->items[0]->scalar, "materialized_views")))
			return true;
	}
	return false;
}

static int create_phase(const xobj *o)
{
	const char *k = o->kind;
	if (!strcmp(k, "views") || !strcmp(k, "materialized_views"))
		return PX_VIEW_ADD;
	if (!strcmp(k, "functions"))
		return uses_rowtype(o->tdeps) ? PX_FUNC_ADD_LATE : PX_FUNC_ADD;
	if (!strcmp(k, "types") || !strcmp(k, "domains"))
		return PX_TYPE_ADD;
	if (!strcmp(k, "triggers"))
		return PX_TRIGGER_ADD;
	if (!strcmp(k, "policies"))
		return PX_POLICY_ADD;
	return PX_EXCL_ADD;
}

static int drop_phase(const xobj *o, bool recreate)
{
	const char *k = o->kind;
	if (!strcmp(k, "views") || !strcmp(k, "materialized_views"))
		return PX_VIEW_DROP;
	if (!strcmp(k, "functions"))
		return recreate ? PX_FUNC_REDROP : uses_rowtype(o->fdeps) ? PX_FUNC_DROP_EARLY : PX_FUNC_DROP;
	if (!strcmp(k, "types") || !strcmp(k, "domains"))
		return recreate ? PX_TYPE_REDROP : PX_TYPE_DROP;
	if (!strcmp(k, "triggers") || !strcmp(k, "policies"))
		return PX_TRIGGER_DROP;
	return PX_EXCL_DROP;
}

static const char *qual(xctx *x, const so_table *tab, const char *name)
{
	size_t lt, ln;
	char *s;
	if (!tab)
		return name;
	lt = strlen(tab->name);
	ln = strlen(name);
	s = so_arena_alloc(x->a, lt + ln + 2);
	if (!s) {
		x->oom = true;
		return name;
	}
	memcpy(s, tab->name, lt);
	s[lt] = '.';
	memcpy(s + lt + 1, name, ln + 1);
	return s;
}

static struct chg *step(xctx *x, int phase, const so_table *tab, int ord, const xobj *o, so_action action,
                        const char *otype)
{
	struct chg *c = so_diffx_add(x->d, phase, tab ? tab->name : NULL, ord, o->name, action,
	                             otype ? otype : otype_of(o->kind), qual(x, tab, o->name));
	if (!c)
		x->oom = true;
	return c;
}

static void privilege_delta(xctx *x, so_strbuf *sb, const char *rel, const char *kind, const so_node *a,
                            const so_node *b, bool grant);
static void routine_privileges_back(xctx *x, so_strbuf *sb, const char *name);

static void emit_create(xctx *x, const xobj *o, so_action action)
{
	struct chg *c = step(x, create_phase(o), o->ttab, o->tlevel, o, action, NULL);
	if (!c)
		return;
	render_create(x, so_diffx_up(c), o, o->t, o->ttab);
	render_drop(x, so_diffx_down(c), o, o->t, o->ttab);
	if (!strcmp(o->kind, "exclusion_constraints") && !o->newtab) {
		so_diffx_hazard(c, "blocking_index_build");
		so_diffx_hazard(c, "validation_scan");
		so_diffx_rows(c, o->ttab->rows);
	}
}

static void emit_drop(xctx *x, const xobj *o, so_action action, bool recreate)
{
	struct chg *c = step(x, drop_phase(o, recreate), o->ftab, -o->flevel, o, action, NULL);
	if (!c)
		return;
	render_drop(x, so_diffx_up(c), o, o->f, o->ftab);
	render_create(x, so_diffx_down(c), o, o->f, o->ftab);
	if (!strcmp(o->kind, "views") || !strcmp(o->kind, "materialized_views")) {
		/* the relation's privileges go with it: its down grants them again */
		const so_opaque *g = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "grants", o->name);
		if (g && g->node)
			privilege_delta(x, so_diffx_down(c), o->name, "view", lval(g->node, "privileges"), NULL, true);
	}
	if (!strcmp(o->kind, "functions")) /* created again with the default privileges: back to the source's */
		routine_privileges_back(x, so_diffx_down(c), o->name);
	if (!recreate)
		so_diffx_droppy(x->d, c);
	if (!strcmp(o->kind, "materialized_views")) {
		so_diffx_hazard(c, "data_loss"); /* the stored result until it is created (refreshed) again */
		so_diffx_down_lossy(c);
	}
}

static void emit_unsupported(xctx *x, const xobj *o, const char *what)
{
	const so_table *tab = o->ttab ? o->ttab : o->ftab;
	so_diffx_unsupported(x->d, tab ? tab->name : NULL, otype_of(o->kind), qual(x, tab, o->name), what, o->kind);
}

/* ---------- comparisons ---------- */

static const char *json_of(xctx *x, const so_node *n)
{
	char *out;
	size_t len;
	so_error scratch;
	if (!n)
		return NULL;
	if (so_node_to_json(x->a, n, true, &out, &len, &scratch) != SO_OK) {
		x->oom = true;
		return NULL;
	}
	return out;
}

/* equal mappings but for the keys in `ignore` */
static bool same_except(xctx *x, const so_node *a, const so_node *b, const char *const *ignore)
{
	size_t i;
	if (!a || !b || a->type != SO_NODE_MAPPING || b->type != SO_NODE_MAPPING)
		return false;
	for (i = 0; i < a->n_pairs; i++) {
		const so_node *bv;
		if (in_list(ignore, a->pairs[i].key))
			continue;
		bv = so_node_get(b, a->pairs[i].key);
		if (!bv && so_node_is_null(a->pairs[i].value))
			continue;
		if (!bv || !streq(json_of(x, a->pairs[i].value), json_of(x, bv)))
			return false;
	}
	for (i = 0; i < b->n_pairs; i++)
		if (!in_list(ignore, b->pairs[i].key) && !so_node_is_null(b->pairs[i].value) &&
		    !so_node_get(a, b->pairs[i].key))
			return false;
	return true;
}

static const char *const ign_comment[] = {"comment", NULL};

/* the length of a function definition's header: the CREATE line and, for functions, the RETURNS line */
static size_t header_len(const char *def)
{
	const char *p = strchr(def, '\n');
	if (!p)
		return strlen(def);
	if (strncmp(p + 1, " RETURNS ", 9) == 0) {
		const char *q = strchr(p + 1, '\n');
		return q ? (size_t)(q - def) : strlen(def);
	}
	return (size_t)(p - def);
}

static bool function_replaceable(const so_node *f, const so_node *t)
{
	const so_node *fd = so_node_get(f, "definition"), *td = so_node_get(t, "definition");
	size_t lf, lt;
	if (!fd || !td || fd->type != SO_NODE_SCALAR || td->type != SO_NODE_SCALAR || so_node_is_null(fd) ||
	    so_node_is_null(td) || !streq(sval(f, "kind"), sval(t, "kind")))
		return false;
	lf = header_len(fd->scalar);
	lt = header_len(td->scalar);
	return lf == lt && memcmp(fd->scalar, td->scalar, lf) == 0;
}

/* enum: the source labels are the target's in the same order, with additions only */
static bool enum_additions_only(const so_node *fl, const so_node *tl)
{
	size_t i, j = 0;
	if (!fl || !tl)
		return false;
	for (i = 0; i < tl->n_items && j < fl->n_items; i++)
		if (streq(tl->items[i]->scalar, fl->items[j]->scalar))
			j++;
	return j == fl->n_items;
}

static const so_node *find_named(const so_node *list, const char *name)
{
	size_t i;
	for (i = 0; list && i < list->n_items; i++)
		if (streq(sval(list->items[i], "name"), name))
			return list->items[i];
	return NULL;
}

/* composite: dropping the attributes the target lacks and appending the new ones gives the target order */
static bool composite_alterable(const so_node *fl, const so_node *tl)
{
	size_t i, j = 0;
	if (!fl || !tl)
		return false;
	for (i = 0; i < fl->n_items; i++)
		if (find_named(tl, sval(fl->items[i], "name"))) {
			if (j >= tl->n_items || !streq(sval(tl->items[j], "name"), sval(fl->items[i], "name")))
				return false;
			j++;
		}
	for (; j < tl->n_items; j++)
		if (find_named(fl, sval(tl->items[j], "name")))
			return false;
	return true;
}

static const char *const ign_view[] = {"comment", "definition", NULL};

/* CREATE OR REPLACE VIEW gives the target: same options, and the source's columns (view_columns) are the
   target's first ones, same names and types */
static bool view_replaceable(xctx *x, const xobj *o)
{
	const so_opaque *fc = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "view_columns", o->name);
	const so_opaque *tc = so_model_find_opaque(x->to->opaque, x->to->n_opaque, "view_columns", o->name);
	const so_node *fl = fc && fc->node ? lval(fc->node, "columns") : NULL;
	const so_node *tl = tc && tc->node ? lval(tc->node, "columns") : NULL;
	size_t i;
	if (!fl || !tl || fl->n_items > tl->n_items || !same_except(x, o->f->node, o->t->node, ign_view))
		return false;
	for (i = 0; i < fl->n_items; i++)
		if (!streq(json_of(x, fl->items[i]), json_of(x, tl->items[i])))
			return false;
	return true;
}

/* true when a changed object can only be dropped and created again */
static bool needs_recreate(xctx *x, const xobj *o)
{
	const so_node *f = o->f->node, *t = o->t->node;
	const char *k = o->kind;
	if (same_except(x, f, t, ign_comment))
		return false; /* a comment */
	if (!strcmp(k, "views"))
		return !view_replaceable(x, o);
	if (!strcmp(k, "materialized_views") || !strcmp(k, "exclusion_constraints"))
		return true;
	if (!strcmp(k, "functions"))
		return !function_replaceable(f, t);
	if (!strcmp(k, "types")) {
		const char *fk = sval(f, "kind"), *tk = sval(t, "kind");
		if (!streq(fk, tk))
			return true;
		if (fk && !strcmp(fk, "enum"))
			return false; /* additions, or an UNSUPPORTED step: never dropped (columns use it) */
		if (fk && !strcmp(fk, "composite"))
			return !composite_alterable(lval(f, "attributes"), lval(t, "attributes"));
		return true;
	}
	if (!strcmp(k, "domains"))
		return !streq(sval(f, "type"), sval(t, "type")) || !streq(sval(f, "collation"), sval(t, "collation"));
	if (!strcmp(k, "triggers")) {
		const char *fd = sval(f, "definition"), *td = sval(t, "definition");
		return !streq(fd, td) && (!td || strncmp(td, "CREATE TRIGGER ", 15) != 0);
	}
	if (!strcmp(k, "policies"))
		return !streq(sval(f, "command"), sval(t, "command")) ||
		       bval(f, "permissive", true) != bval(t, "permissive", true) ||
		       (sval(f, "using") && !sval(t, "using")) || (sval(f, "with_check") && !sval(t, "with_check"));
	return false;
}

/* ---------- in-place changes ---------- */

static void comment_step(xctx *x, const xobj *o, const char *what, bool raw)
{
	struct chg *c = step(x, PX_COMMENT, o->ttab, 0, o, SO_ACTION_MODIFY, "comment");
	const char *tn = o->ttab ? o->ttab->name : NULL;
	if (!c)
		return;
	comment_on(x, so_diffx_up(c), what, o->name, tn, sval(o->t->node, "comment"), raw);
	comment_on(x, so_diffx_down(c), what, o->name, tn, sval(o->f->node, "comment"), raw);
}

static void enum_add_values(xctx *x, so_strbuf *sb, const xobj *o)
{
	const so_node *fl = lval(o->f->node, "labels"), *tl = lval(o->t->node, "labels");
	size_t i;
	for (i = 0; i < tl->n_items; i++) {
		const char *lab = tl->items[i]->scalar;
		size_t j;
		bool have = false;
		for (j = 0; j < fl->n_items; j++)
			if (streq(fl->items[j]->scalar, lab))
				have = true;
		if (have)
			continue;
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER TYPE ");
		qname(x, sb, o->name);
		so_strbuf_append(sb, " ADD VALUE ");
		literal(sb, lab);
		/* placed after the previous label of the target (already there), or before the next one */
		if (i > 0) {
			so_strbuf_append(sb, " AFTER ");
			literal(sb, tl->items[i - 1]->scalar);
		} else if (tl->n_items > 1) {
			so_strbuf_append(sb, " BEFORE ");
			literal(sb, tl->items[1]->scalar);
		}
		so_strbuf_append_char(sb, ';');
	}
}

/* mode 0: ALTER and ADD ATTRIBUTE; 1: DROP ATTRIBUTE only; 2: ALTER and DROP (the inverse of mode 0) */
static void composite_alter(xctx *x, so_strbuf *sb, const xobj *o, const so_node *fl, const so_node *tl, int mode)
{
	size_t i;
	for (i = 0; i < fl->n_items; i++) {
		const char *an = sval(fl->items[i], "name");
		const so_node *ta = find_named(tl, an);
		if ((ta && streq(sval(ta, "type"), sval(fl->items[i], "type"))) || (!ta && mode == 0) ||
		    (ta && mode == 1))
			continue;
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER TYPE ");
		qname(x, sb, o->name);
		so_strbuf_append(sb, ta ? " ALTER ATTRIBUTE " : " DROP ATTRIBUTE ");
		ident(sb, an ? an : "");
		if (ta)
			so_strbuf_appendf(sb, " TYPE %s", svz(ta, "type"));
		so_strbuf_append_char(sb, ';');
	}
	for (i = 0; i < tl->n_items && mode == 0; i++) {
		const char *an = sval(tl->items[i], "name");
		if (find_named(fl, an))
			continue;
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER TYPE ");
		qname(x, sb, o->name);
		so_strbuf_append(sb, " ADD ATTRIBUTE ");
		ident(sb, an ? an : "");
		so_strbuf_appendf(sb, " %s;", svz(tl->items[i], "type"));
	}
}

static void domain_alter(xctx *x, so_strbuf *sb, const xobj *o, const so_node *f, const so_node *t)
{
	const so_node *fl = lval(f, "checks"), *tl = lval(t, "checks");
	const char *fd = sval(f, "default"), *td = sval(t, "default");
	size_t i;
	if (!streq(fd, td)) {
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER DOMAIN ");
		qname(x, sb, o->name);
		if (td)
			so_strbuf_appendf(sb, " SET DEFAULT %s;", td);
		else
			so_strbuf_append(sb, " DROP DEFAULT;");
	}
	if (bval(f, "nullable", true) != bval(t, "nullable", true)) {
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER DOMAIN ");
		qname(x, sb, o->name);
		so_strbuf_append(sb, bval(t, "nullable", true) ? " DROP NOT NULL;" : " SET NOT NULL;");
	}
	for (i = 0; fl && i < fl->n_items; i++) {
		const char *cn = sval(fl->items[i], "name");
		const so_node *tc = find_named(tl, cn);
		if (tc && streq(sval(tc, "expression"), sval(fl->items[i], "expression")))
			continue;
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER DOMAIN ");
		qname(x, sb, o->name);
		so_strbuf_append(sb, " DROP CONSTRAINT ");
		ident(sb, cn ? cn : "");
		so_strbuf_append_char(sb, ';');
	}
	for (i = 0; tl && i < tl->n_items; i++) {
		const char *cn = sval(tl->items[i], "name");
		const so_node *fc = find_named(fl, cn);
		if (fc && streq(sval(fc, "expression"), sval(tl->items[i], "expression")))
			continue;
		so_render_sep(sb);
		so_strbuf_append(sb, "ALTER DOMAIN ");
		qname(x, sb, o->name);
		so_strbuf_append(sb, " ADD CONSTRAINT ");
		ident(sb, cn ? cn : "");
		so_strbuf_appendf(sb, " %s;", svz(tl->items[i], "expression"));
	}
}

static void trigger_alter(xctx *x, so_strbuf *sb, const xobj *o, const so_node *f, const so_node *t)
{
	const char *fd = sval(f, "definition"), *td = sval(t, "definition");
	const char *fe = sval(f, "enabled"), *te = sval(t, "enabled");
	if (!streq(fd, td) && td) {
		so_render_sep(sb);
		so_strbuf_append(sb, "CREATE OR REPLACE TRIGGER ");
		append_trimmed(sb, td + 15);
		so_strbuf_append_char(sb, ';');
	}
	if (!streq(fe, te)) {
		so_render_alter_table(sb, so_render_postgres.ident, x->r, o->ttab->name);
		so_strbuf_append(sb, !te                ? "ENABLE TRIGGER "
		                     : !strcmp(te, "D") ? "DISABLE TRIGGER "
		                     : !strcmp(te, "R") ? "ENABLE REPLICA TRIGGER "
		                                        : "ENABLE ALWAYS TRIGGER ");
		ident(sb, o->name);
		so_strbuf_append_char(sb, ';');
	}
	if (!streq(sval(f, "comment"), sval(t, "comment")))
		comment_on(x, sb, "TRIGGER", o->name, o->ttab->name, sval(t, "comment"), false);
}

static void policy_alter(xctx *x, so_strbuf *sb, const xobj *o, const so_node *t)
{
	const so_node *roles = lval(t, "roles");
	const char *v;
	size_t i;
	so_render_sep(sb);
	so_strbuf_append(sb, "ALTER POLICY ");
	ident(sb, o->name);
	so_strbuf_append(sb, " ON ");
	qname(x, sb, o->ttab->name);
	so_strbuf_append(sb, " TO ");
	for (i = 0; roles && i < roles->n_items; i++) {
		const char *rn = roles->items[i]->type == SO_NODE_SCALAR ? roles->items[i]->scalar : "";
		if (i)
			so_strbuf_append(sb, ", ");
		if (!strcmp(rn, "public"))
			so_strbuf_append(sb, "PUBLIC");
		else
			ident(sb, rn);
	}
	if (!roles || !roles->n_items)
		so_strbuf_append(sb, "PUBLIC");
	if ((v = sval(t, "using")) != NULL)
		so_strbuf_appendf(sb, " USING (%s)", v);
	if ((v = sval(t, "with_check")) != NULL)
		so_strbuf_appendf(sb, " WITH CHECK (%s)", v);
	so_strbuf_append_char(sb, ';');
}

/* does any object of the target depend on view `name` (or one of its columns)? */
static bool view_has_dependents(xctx *x, const char *name)
{
	size_t i, j;
	for (i = 0; i < x->n; i++) {
		const so_node *on = x->v[i].tdeps;
		for (j = 0; on && j < on->n_items; j++) {
			const so_node *it = on->items[j];
			if (it->type == SO_NODE_SEQUENCE && it->n_items >= 2 && it->items[0]->type == SO_NODE_SCALAR &&
			    it->items[1]->type == SO_NODE_SCALAR &&
			    (!strcmp(it->items[0]->scalar, "views") || !strcmp(it->items[0]->scalar, "columns")) &&
			    !strcmp(it->items[1]->scalar, name) &&
			    !(x->v[i].t && !strcmp(x->v[i].kind, "views") && !strcmp(x->v[i].name, name)))
				return true;
		}
	}
	return false;
}

/* an in-place change of a changed object; `down` renders the inverse with from/to swapped */
static void modify_into(xctx *x, so_strbuf *sb, const xobj *o, bool down)
{
	xobj sw = *o;
	const so_node *f, *t;
	if (down) {
		sw.f = o->t;
		sw.t = o->f;
		sw.ftab = o->ttab;
		sw.ttab = o->ftab;
		o = &sw;
	}
	f = o->f->node;
	t = o->t->node;
	if (!strcmp(o->kind, "views") && !down) {
		so_strbuf tmp;
		so_strbuf_init(&tmp, x->a);
		render_create(x, &tmp, o, o->t, NULL);
		if (so_strbuf_status(&tmp) != SO_OK || !tmp.data || strncmp(tmp.data, "CREATE VIEW ", 12) != 0) {
			x->oom = true;
			return;
		}
		so_render_sep(sb);
		so_strbuf_append(sb, "CREATE OR REPLACE VIEW ");
		so_strbuf_append(sb, tmp.data + 12);
		if (sval(f, "comment") && !sval(t, "comment")) /* OR REPLACE keeps the comment */
			comment_on(x, sb, "VIEW", o->name, NULL, NULL, false);
	} else if (!strcmp(o->kind, "views")) {
		/* columns cannot be removed by CREATE OR REPLACE: drop and create the source's, with its privileges,
		   when nothing depends on the view; else there is no exact inverse in one step */
		const so_opaque *g = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "grants", o->name);
		if (view_has_dependents(x, o->name)) {
			so_strbuf_append(sb,
			                 "-- CREATE OR REPLACE VIEW cannot remove the added columns and other objects "
			                 "depend on the view: restore it by hand");
			return;
		}
		render_drop(x, sb, o, o->t, NULL);
		render_create(x, sb, o, o->t, NULL);
		if (g && g->node)
			privilege_delta(x, sb, o->name, "view", lval(g->node, "privileges"), NULL, true);
	} else if (!strcmp(o->kind, "functions")) {
		so_render_sep(sb);
		so_strbuf_append(sb, "SET LOCAL check_function_bodies = off;\n");
		append_trimmed(sb, svz(t, "definition"));
		so_strbuf_append_char(sb, ';');
		if (!streq(sval(f, "comment"), sval(t, "comment")))
			comment_on(x, sb, func_kind_word(t), o->name, NULL, sval(t, "comment"), true);
	} else if (!strcmp(o->kind, "types")) {
		const char *tk = sval(t, "kind");
		if (tk && !strcmp(tk, "enum"))
			enum_add_values(x, sb, o);
		else
			composite_alter(x, sb, o, lval(f, "attributes"), lval(t, "attributes"), down ? 2 : 0);
		if (!streq(sval(f, "comment"), sval(t, "comment")))
			comment_on(x, sb, "TYPE", o->name, NULL, sval(t, "comment"), false);
	} else if (!strcmp(o->kind, "domains")) {
		domain_alter(x, sb, o, f, t);
		if (!streq(sval(f, "comment"), sval(t, "comment")))
			comment_on(x, sb, "DOMAIN", o->name, NULL, sval(t, "comment"), false);
	} else if (!strcmp(o->kind, "triggers")) {
		trigger_alter(x, sb, o, f, t);
	} else if (!strcmp(o->kind, "policies")) {
		policy_alter(x, sb, o, t);
	}
}

static void modify(xctx *x, const xobj *o)
{
	const char *k = o->kind;
	struct chg *c;
	int phase;
	if (same_except(x, o->f->node, o->t->node, ign_comment)) {
		comment_step(x, o,
		             !strcmp(k, "views")                ? "VIEW"
		             : !strcmp(k, "materialized_views") ? "MATERIALIZED VIEW"
		             : !strcmp(k, "functions")          ? func_kind_word(o->t->node)
		             : !strcmp(k, "types")              ? "TYPE"
		             : !strcmp(k, "domains")            ? "DOMAIN"
		             : !strcmp(k, "triggers")           ? "TRIGGER"
		                                                : "POLICY",
		             !strcmp(k, "functions"));
		return;
	}
	if (!strcmp(k, "types") && !strcmp(svz(o->t->node, "kind"), "enum") &&
	    !enum_additions_only(lval(o->f->node, "labels"), lval(o->t->node, "labels"))) {
		emit_unsupported(x, o, "lost or reordered labels (PostgreSQL can only add enum values)");
		return;
	}
	phase = create_phase(o);
	if (!strcmp(k, "types") || !strcmp(k, "domains"))
		phase = PX_TYPE_ADD;
	if (!strcmp(k, "types") && !strcmp(svz(o->t->node, "kind"), "composite")) {
		/* dropped attributes: a DROP step of their own (their values in stored rows go), before the rest */
		const so_node *fl = lval(o->f->node, "attributes"), *tl = lval(o->t->node, "attributes");
		so_strbuf probe;
		c = NULL;
		so_strbuf_init(&probe, x->a);
		composite_alter(x, &probe, o, fl, tl, 1);
		if (probe.len) {
			c = step(x, phase, NULL, o->tlevel, o, SO_ACTION_DROP, "attribute");
			if (!c)
				return;
			composite_alter(x, so_diffx_up(c), o, fl, tl, 1);
			composite_alter(x, so_diffx_down(c), o, tl, fl, 0);
			so_diffx_hazard(c, "data_loss");
			so_diffx_down_lossy(c);
			so_diffx_droppy(x->d, c);
		}
		so_strbuf_init(&probe, x->a);
		composite_alter(x, &probe, o, fl, tl, 0);
		if (!probe.len && streq(sval(o->f->node, "comment"), sval(o->t->node, "comment")))
			return;
	}
	c = step(x, phase, o->ttab, o->tlevel, o, SO_ACTION_MODIFY, NULL);
	if (!c)
		return;
	modify_into(x, so_diffx_up(c), o, false);
	if (!strcmp(k, "types") && !strcmp(svz(o->t->node, "kind"), "enum")) {
		/* PostgreSQL has no ALTER TYPE ... DROP VALUE */
		so_strbuf_append(so_diffx_down(c), "-- PostgreSQL cannot remove enum values: the added labels stay");
		so_diffx_down_lossy(c);
	} else
		modify_into(x, so_diffx_down(c), o, true);
	if (!strcmp(k, "domains") && (!bval(o->t->node, "nullable", true) || lval(o->t->node, "checks")))
		so_diffx_hazard(c, "validation_scan");
}

/* ---------- table properties (table-level, no create/drop of their own) ---------- */

static bool has_constraint(const so_table *t, const char *name)
{
	size_t i;
	if (!t)
		return false;
	if (t->primary_key && streq(t->primary_key->name, name))
		return true;
	for (i = 0; i < t->n_uniques; i++)
		if (streq(t->uniques[i].name, name))
			return true;
	for (i = 0; i < t->n_foreign_keys; i++)
		if (streq(t->foreign_keys[i].name, name))
			return true;
	for (i = 0; i < t->n_checks; i++)
		if (streq(t->checks[i].name, name))
			return true;
	for (i = 0; i < t->n_opaque; i++)
		if (!strcmp(t->opaque[i].kind, "exclusion_constraints") && streq(t->opaque[i].name, name))
			return true;
	return false;
}

static const char *max_of_type(const char *type)
{
	if (type && !strcmp(type, "smallint"))
		return "32767";
	if (type && !strcmp(type, "integer"))
		return "2147483647";
	return "9223372036854775807";
}

static void identity_set(so_strbuf *sb, const so_node *n, const so_column *col)
{
	const char *v;
	so_strbuf_appendf(sb, " SET START WITH %s", (v = sval(n, "start")) ? v : "1");
	so_strbuf_appendf(sb, " SET INCREMENT BY %s", (v = sval(n, "increment")) ? v : "1");
	so_strbuf_appendf(sb, " SET MINVALUE %s", (v = sval(n, "min")) ? v : "1");
	so_strbuf_appendf(sb, " SET MAXVALUE %s", (v = sval(n, "max")) ? v : max_of_type(col->type));
	so_strbuf_appendf(sb, " SET CACHE %s", (v = sval(n, "cache")) ? v : "1");
	so_strbuf_append(sb, bval(n, "cycle", false) ? " SET CYCLE" : " SET NO CYCLE");
}

/* renders the property change from -> to (either node NULL = the default); false when there is none */
static bool prop_render(xctx *x, so_strbuf *sb, const xobj *o, const so_table *tab, const so_node *f, const so_node *t)
{
	const char *k = o->kind;
	so_render_ident_fn id = so_render_postgres.ident;
	if (!strcmp(k, "rls")) {
		bool fe = bval(f, "enabled", false), te = bval(t, "enabled", false);
		bool ff = bval(f, "forced", false), tf = bval(t, "forced", false);
		if (fe != te) {
			so_render_alter_table(sb, id, x->r, tab->name);
			so_strbuf_append(sb, te ? "ENABLE ROW LEVEL SECURITY;" : "DISABLE ROW LEVEL SECURITY;");
		}
		if (ff != tf) {
			so_render_alter_table(sb, id, x->r, tab->name);
			so_strbuf_append(sb, tf ? "FORCE ROW LEVEL SECURITY;" : "NO FORCE ROW LEVEL SECURITY;");
		}
		return fe != te || ff != tf;
	}
	if (!strcmp(k, "replica_identity")) {
		const char *m = sval(t, "mode");
		so_render_alter_table(sb, id, x->r, tab->name);
		so_strbuf_append(sb, "REPLICA IDENTITY ");
		if (m && !strcmp(m, "index") && sval(t, "index")) {
			so_strbuf_append(sb, "USING INDEX ");
			ident(sb, sval(t, "index"));
		} else
			so_render_upper(sb, m && strcmp(m, "index") ? m : "default");
		so_strbuf_append_char(sb, ';');
		return true;
	}
	if (!strcmp(k, "persistence")) {
		so_render_alter_table(sb, id, x->r, tab->name);
		so_strbuf_append(sb, bval(t, "unlogged", false) ? "SET UNLOGGED;" : "SET LOGGED;");
		return true;
	}
	if (!strcmp(k, "storage_parameters")) {
		so_render_alter_table(sb, id, x->r, tab->name);
		if (t && sval(t, "value"))
			so_strbuf_appendf(sb, "SET (%s = %s);", o->name, sval(t, "value"));
		else
			so_strbuf_appendf(sb, "RESET (%s);", o->name);
		return true;
	}
	if (!strcmp(k, "constraint_comments")) {
		comment_on(x, sb, "CONSTRAINT", o->name, tab->name, sval(t, "comment"), false);
		return true;
	}
	if (!strcmp(k, "identity_options")) {
		const so_column *col = so_model_find_column(tab, o->name);
		if (!col || !col->identity)
			return false;
		so_render_alter_table(sb, id, x->r, tab->name);
		so_strbuf_append(sb, "ALTER COLUMN ");
		ident(sb, o->name);
		identity_set(sb, t, col);
		so_strbuf_append_char(sb, ';');
		return true;
	}
	if (!strcmp(k, "column_options")) {
		const char *fs = sval(f, "statistics"), *ts = sval(t, "statistics");
		const char *fst = sval(f, "storage"), *tst = sval(t, "storage");
		bool any = false;
		if (!so_model_find_column(tab, o->name))
			return false;
		if (!streq(fs, ts)) {
			so_render_alter_table(sb, id, x->r, tab->name);
			so_strbuf_append(sb, "ALTER COLUMN ");
			ident(sb, o->name);
			so_strbuf_appendf(sb, " SET STATISTICS %s;", ts ? ts : "-1");
			any = true;
		}
		if (!streq(fst, tst) && tst) {
			so_render_alter_table(sb, id, x->r, tab->name);
			so_strbuf_append(sb, "ALTER COLUMN ");
			ident(sb, o->name);
			so_strbuf_append(sb, " SET STORAGE ");
			so_render_upper(sb, tst);
			so_strbuf_append_char(sb, ';');
			any = true;
		}
		return any;
	}
	return false;
}

static void prop(xctx *x, const xobj *o)
{
	const so_node *f = node_of(o->f), *t = node_of(o->t);
	const so_table *tab = o->ttab ? o->ttab : NULL;
	struct chg *c;
	int phase = PX_TABLE_PROPS;
	const char *k = o->kind;

	if (!tab) { /* the object is gone from a table that stays: find the target table by its pair */
		size_t i, np = so_diffx_npairs(x->d);
		for (i = 0; i < np; i++) {
			const so_table *pf, *pt;
			const char *const *map;
			so_diffx_pair(x->d, i, &pf, &pt, &map);
			if (pf == o->ftab)
				tab = pt;
		}
		if (!tab)
			return;
	}
	if (!strcmp(k, "not_valid_constraints")) {
		if (f && !t && has_constraint(tab, o->name) && has_constraint(o->ftab, o->name)) {
			c = step(x, PX_TABLE_PROPS, tab, 0, o, SO_ACTION_MODIFY, "constraint");
			if (!c)
				return;
			so_render_alter_table(so_diffx_up(c), so_render_postgres.ident, x->r, tab->name);
			so_strbuf_append(so_diffx_up(c), "VALIDATE CONSTRAINT ");
			ident(so_diffx_up(c), o->name);
			so_strbuf_append_char(so_diffx_up(c), ';');
			so_strbuf_append(so_diffx_down(c), "-- a validated constraint cannot be made NOT VALID again");
			so_diffx_hazard(c, "validation_scan");
			so_diffx_rows(c, tab->rows);
		} else if (t && !(f && has_constraint(o->ftab, o->name)))
			emit_unsupported(x, o, "is NOT VALID in the target (constraints are created validated)");
		else if (t)
			emit_unsupported(x, o, "is NOT VALID in the target but validated in the source");
		return;
	}
	if (!strcmp(k, "column_options") && t && sval(f, "storage") && !sval(t, "storage")) {
		emit_unsupported(
		    x, o, "storage mode goes back to the type's default (no SET STORAGE DEFAULT before PostgreSQL 16)");
		return;
	}
	if (!strcmp(k, "column_options") && !t && sval(f, "storage")) {
		emit_unsupported(
		    x, o, "storage mode goes back to the type's default (no SET STORAGE DEFAULT before PostgreSQL 16)");
		return;
	}
	if (!strcmp(k, "constraint_comments")) {
		if (!has_constraint(tab, o->name))
			return; /* the constraint goes, and its comment with it */
		phase = PX_COMMENT;
	}
	if (!strcmp(k, "rls"))
		phase = PX_RLS;
	c = step(x, phase, tab, 0, o, SO_ACTION_MODIFY, NULL);
	if (!c)
		return;
	if (!prop_render(x, so_diffx_up(c), o, tab, f, t)) {
		so_strbuf_append(so_diffx_up(c), "-- nothing to change");
		return;
	}
	if (!o->newtab)
		prop_render(x, so_diffx_down(c), o, tab, t, f);
	if (!strcmp(k, "persistence") && !o->newtab) {
		so_diffx_hazard(c, "table_rewrite");
		so_diffx_rows(c, tab->rows);
	}
}

/* ---------- privileges (top-level "grants": one entry per relation) ---------- */

/* the target name of a source table (renames), or the name itself */
static const char *to_name_of(xctx *x, const char *from_name)
{
	size_t i, np = so_diffx_npairs(x->d);
	for (i = 0; i < np; i++) {
		const so_table *f, *t;
		const char *const *map;
		so_diffx_pair(x->d, i, &f, &t, &map);
		if (!strcmp(f->name, from_name))
			return t->name;
	}
	return from_name;
}

static const char *from_name_of(xctx *x, const char *to_name)
{
	size_t i, np = so_diffx_npairs(x->d);
	for (i = 0; i < np; i++) {
		const so_table *f, *t;
		const char *const *map;
		so_diffx_pair(x->d, i, &f, &t, &map);
		if (!strcmp(t->name, to_name))
			return f->name;
	}
	return to_name;
}

static bool relation_in(const so_document *doc, const char *name)
{
	return so_model_find_table(doc, name) || so_model_find_sequence(doc, name) ||
	       so_model_find_opaque(doc->opaque, doc->n_opaque, "views", name) ||
	       so_model_find_opaque(doc->opaque, doc->n_opaque, "materialized_views", name);
}

/* a view or materialized view this plan creates anew (it starts without privileges) */
static bool relation_recreated(const xctx *x, const char *to_name)
{
	size_t i;
	for (i = 0; i < x->n; i++) {
		const xobj *o = &x->v[i];
		if ((!strcmp(o->kind, "views") || !strcmp(o->kind, "materialized_views")) && o->t &&
		    !strcmp(o->name, to_name) && (o->recreate || !o->f))
			return true;
	}
	return false;
}

static const so_node *find_privilege(xctx *x, const so_node *list, const so_node *p)
{
	size_t i;
	const char *k = json_of(x, p);
	for (i = 0; list && i < list->n_items; i++)
		if (streq(json_of(x, list->items[i]), k))
			return list->items[i];
	return NULL;
}

/* GRANT (grant) or REVOKE (only its grant option: option_only) of one [grantee, privilege, column, grantable] */
static void privilege_stmt(xctx *x, so_strbuf *sb, const char *rel, const char *kind, const so_node *p, bool grant,
                           bool option_only)
{
	const char *who, *priv, *col = NULL;
	so_error scratch;
	bool grantable = false;
	if (p->type != SO_NODE_SEQUENCE || p->n_items != 4 || p->items[0]->type != SO_NODE_SCALAR ||
	    p->items[1]->type != SO_NODE_SCALAR)
		return;
	who = p->items[0]->scalar;
	priv = p->items[1]->scalar;
	if (p->items[2]->type == SO_NODE_SCALAR && !so_node_is_null(p->items[2]))
		col = p->items[2]->scalar;
	if (so_node_bool(p->items[3], "grantable", &grantable, &scratch) != SO_OK)
		grantable = false;
	so_render_sep(sb);
	so_strbuf_append(sb, grant ? "GRANT " : option_only ? "REVOKE GRANT OPTION FOR " : "REVOKE ");
	so_render_upper(sb, priv);
	if (col) {
		so_strbuf_append(sb, " (");
		ident(sb, col);
		so_strbuf_append_char(sb, ')');
	}
	if (kind && (!strcmp(kind, "function") || !strcmp(kind, "procedure"))) {
		/* a signature as regprocedure prints it (GRANT, "ON { FUNCTION | PROCEDURE } name ( [ argtype ] )") */
		so_strbuf_append(sb, !strcmp(kind, "function") ? " ON FUNCTION " : " ON PROCEDURE ");
		ident(sb, x->r->schema);
		so_strbuf_append_char(sb, '.');
		so_strbuf_append(sb, rel);
	} else {
		so_strbuf_append(sb, kind && !strcmp(kind, "sequence") ? " ON SEQUENCE " : " ON TABLE ");
		qname(x, sb, rel);
	}
	so_strbuf_append(sb, grant ? " TO " : " FROM ");
	if (!strcmp(who, "public"))
		so_strbuf_append(sb, "PUBLIC");
	else
		ident(sb, who);
	so_strbuf_append(sb, grant && grantable ? " WITH GRANT OPTION;" : ";");
}

/* the same privilege but for its grant option: `a` held WITH GRANT OPTION (1), without (0), absent (-1) */
static int same_but_option(xctx *x, const so_node *list, const so_node *p)
{
	size_t i;
	const char *k;
	so_error scratch;
	bool g = false;
	if (!list || p->type != SO_NODE_SEQUENCE || p->n_items != 4)
		return -1;
	for (i = 0; i < list->n_items; i++) {
		const so_node *q = list->items[i];
		if (q->type != SO_NODE_SEQUENCE || q->n_items != 4)
			continue;
		k = json_of(x, q->items[0]);
		if (!streq(k, json_of(x, p->items[0])) || !streq(json_of(x, q->items[1]), json_of(x, p->items[1])) ||
		    !streq(json_of(x, q->items[2]), json_of(x, p->items[2])))
			continue;
		if (so_node_bool(q->items[3], "grantable", &g, &scratch) != SO_OK)
			g = false;
		return g ? 1 : 0;
	}
	return -1;
}

/*
 * The privileges of `a` that `b` lacks: grant == true: GRANT them (a privilege `b` holds WITH GRANT OPTION
 * and `a` without is left to the REVOKE GRANT OPTION FOR of the other direction); grant == false: REVOKE
 * them, or only their grant option when `b` holds them without it.
 */
static void privilege_delta(xctx *x, so_strbuf *sb, const char *rel, const char *kind, const so_node *a,
                            const so_node *b, bool grant)
{
	size_t i;
	for (i = 0; a && i < a->n_items; i++) {
		int other;
		if (find_privilege(x, b, a->items[i]))
			continue;
		other = same_but_option(x, b, a->items[i]);
		if (grant && other == 1)
			continue;
		if (!grant && other == 1)
			continue; /* a holds it without the option, b with: the GRANT of the other direction */
		if (!grant && other == 0) {
			privilege_stmt(x, sb, rel, kind, a->items[i], false, true);
			continue;
		}
		privilege_stmt(x, sb, rel, kind, a->items[i], grant, false);
	}
}

static void grant_steps(xctx *x, const char *rel, const char *kind, const so_node *fp, const so_node *tp)
{
	so_strbuf probe;
	struct chg *c;
	xobj o;
	memset(&o, 0, sizeof o);
	o.kind = "grants";
	o.name = rel;
	so_strbuf_init(&probe, x->a);
	privilege_delta(x, &probe, rel, kind, fp, tp, false);
	if (probe.len) { /* revokes: a DROP of privileges, skipped under additive */
		c = step(x, PX_GRANT, NULL, 0, &o, SO_ACTION_DROP, "grant");
		if (!c)
			return;
		privilege_delta(x, so_diffx_up(c), rel, kind, fp, tp, false);
		privilege_delta(x, so_diffx_down(c), rel, kind, fp, tp, true);
		so_diffx_droppy(x->d, c);
	}
	so_strbuf_init(&probe, x->a);
	privilege_delta(x, &probe, rel, kind, tp, fp, true);
	if (probe.len) {
		c = step(x, PX_GRANT, NULL, 1, &o, SO_ACTION_ADD, "grant");
		if (!c)
			return;
		privilege_delta(x, so_diffx_up(c), rel, kind, tp, fp, true);
		privilege_delta(x, so_diffx_down(c), rel, kind, tp, fp, false);
	}
}

/* a grants entry of a function, procedure or aggregate (kind "function" / "procedure") */
static bool routine_entry(const so_opaque *g)
{
	const char *k = sval(g->node, "kind");
	return k && (!strcmp(k, "function") || !strcmp(k, "procedure"));
}

/* what a routine without a grants entry has: the owner's privileges and PUBLIC's EXECUTE (acldefault) */
static const so_node *routine_default(xctx *x)
{
	static const char json[] = "[[\"public\", \"EXECUTE\", null, false]]";
	so_node *n = NULL;
	so_error scratch;
	if (so_node_parse(x->a, json, sizeof json - 1, &n, &scratch) != SO_OK) {
		x->oom = true;
		return NULL;
	}
	return n;
}

/* a function the plan creates, or drops and creates (it starts with the default privileges) */
static bool routine_created(const xctx *x, const char *name)
{
	size_t i;
	for (i = 0; i < x->n; i++) {
		const xobj *o = &x->v[i];
		if (!strcmp(o->kind, "functions") && o->t && !strcmp(o->name, name) && (o->recreate || !o->f))
			return true;
	}
	return false;
}

/* after a source function is created again (a down): REVOKE / GRANT from the default to its privileges */
static void routine_privileges_back(xctx *x, so_strbuf *sb, const char *name)
{
	const so_opaque *g = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "grants", name);
	const so_node *dflt;
	if (!g || !g->node || !routine_entry(g) || !(dflt = routine_default(x)))
		return;
	privilege_delta(x, sb, name, sval(g->node, "kind"), dflt, lval(g->node, "privileges"), false);
	privilege_delta(x, sb, name, sval(g->node, "kind"), lval(g->node, "privileges"), dflt, true);
}

/* routines: a missing entry is the default privileges; a routine the plan (re)creates starts from them */
static void diff_routine_grants(xctx *x)
{
	size_t i;
	const so_node *dflt = routine_default(x);
	if (!dflt)
		return;
	for (i = 0; i < x->to->n_opaque; i++) {
		const so_opaque *t = &x->to->opaque[i], *f;
		bool fresh;
		if (strcmp(t->kind, "grants") != 0 || !t->node || !routine_entry(t))
			continue;
		f = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "grants", t->name);
		fresh = routine_created(x, t->name) ||
		        !so_model_find_opaque(x->from->opaque, x->from->n_opaque, "functions", t->name);
		if (!fresh && f && streq(f->canonical, t->canonical))
			continue;
		grant_steps(x, t->name, sval(t->node, "kind"), fresh || !f ? dflt : lval(f->node, "privileges"),
		            lval(t->node, "privileges"));
	}
	for (i = 0; i < x->from->n_opaque; i++) {
		const so_opaque *f = &x->from->opaque[i];
		if (strcmp(f->kind, "grants") != 0 || !f->node || !routine_entry(f))
			continue;
		if (so_model_find_opaque(x->to->opaque, x->to->n_opaque, "grants", f->name) ||
		    !so_model_find_opaque(x->to->opaque, x->to->n_opaque, "functions", f->name) ||
		    routine_created(x, f->name))
			continue; /* compared above, or the function goes, or comes back with the default */
		grant_steps(x, f->name, sval(f->node, "kind"), lval(f->node, "privileges"), dflt);
	}
}

static void diff_grants(xctx *x)
{
	size_t i;
	for (i = 0; i < x->to->n_opaque; i++) {
		const so_opaque *t = &x->to->opaque[i], *f;
		bool fresh;
		if (strcmp(t->kind, "grants") != 0 || !t->node || routine_entry(t))
			continue;
		f = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "grants", from_name_of(x, t->name));
		if (f && streq(f->canonical, t->canonical) && !relation_recreated(x, t->name))
			continue;
		fresh = relation_recreated(x, t->name) || !relation_in(x->from, from_name_of(x, t->name));
		grant_steps(x, t->name, sval(t->node, "kind"), fresh || !f ? NULL : lval(f->node, "privileges"),
		            lval(t->node, "privileges"));
	}
	for (i = 0; i < x->from->n_opaque; i++) {
		const so_opaque *f = &x->from->opaque[i];
		const char *tn;
		if (strcmp(f->kind, "grants") != 0 || !f->node || routine_entry(f))
			continue;
		tn = to_name_of(x, f->name);
		if (so_model_find_opaque(x->to->opaque, x->to->n_opaque, "grants", tn) || !relation_in(x->to, tn) ||
		    relation_recreated(x, tn))
			continue; /* compared above, or the relation goes (and its privileges with it) */
		grant_steps(x, tn, sval(f->node, "kind"), lval(f->node, "privileges"), NULL);
	}
	diff_routine_grants(x);
}

/* ---------- default privileges (top-level "default_privileges": one entry per role and object kind) ---------- */

static const char *defacl_objects_word(const char *objects)
{
	static const char *const map[][2] = {
	    {"tables", "TABLES"}, {"sequences", "SEQUENCES"}, {"functions", "FUNCTIONS"}, {"types", "TYPES"}};
	size_t i;
	for (i = 0; objects && i < sizeof map / sizeof *map; i++)
		if (!strcmp(objects, map[i][0]))
			return map[i][1];
	return NULL;
}

/* ALTER DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA s GRANT / REVOKE [GRANT OPTION FOR] one
   [grantee, privilege, grantable] */
static void defacl_stmt(xctx *x, so_strbuf *sb, const so_node *entry, const so_node *p, bool grant, bool option_only)
{
	const char *role = sval(entry, "role"), *word = defacl_objects_word(sval(entry, "objects"));
	so_error scratch;
	bool grantable = false;
	if (!role || !word || p->type != SO_NODE_SEQUENCE || p->n_items != 3 || p->items[0]->type != SO_NODE_SCALAR ||
	    p->items[1]->type != SO_NODE_SCALAR)
		return;
	if (so_node_bool(p->items[2], "grantable", &grantable, &scratch) != SO_OK)
		grantable = false;
	so_render_sep(sb);
	so_strbuf_append(sb, "ALTER DEFAULT PRIVILEGES FOR ROLE ");
	ident(sb, role);
	so_strbuf_append(sb, " IN SCHEMA ");
	ident(sb, x->r->schema);
	so_strbuf_append(sb, grant ? " GRANT " : option_only ? " REVOKE GRANT OPTION FOR " : " REVOKE ");
	so_render_upper(sb, p->items[1]->scalar);
	so_strbuf_appendf(sb, " ON %s %s ", word, grant ? "TO" : "FROM");
	if (!strcmp(p->items[0]->scalar, "public"))
		so_strbuf_append(sb, "PUBLIC");
	else
		ident(sb, p->items[0]->scalar);
	so_strbuf_append(sb, grant && grantable ? " WITH GRANT OPTION;" : ";");
}

/* the same [grantee, privilege] in `list`: held WITH GRANT OPTION (1), without (0), absent (-1) */
static int defacl_option(xctx *x, const so_node *list, const so_node *p)
{
	size_t i;
	so_error scratch;
	bool g = false;
	if (!list || p->type != SO_NODE_SEQUENCE || p->n_items != 3)
		return -1;
	for (i = 0; i < list->n_items; i++) {
		const so_node *q = list->items[i];
		if (q->type != SO_NODE_SEQUENCE || q->n_items != 3 ||
		    !streq(json_of(x, q->items[0]), json_of(x, p->items[0])) ||
		    !streq(json_of(x, q->items[1]), json_of(x, p->items[1])))
			continue;
		if (so_node_bool(q->items[2], "grantable", &g, &scratch) != SO_OK)
			g = false;
		return g ? 1 : 0;
	}
	return -1;
}

/* the items of `a` that `b` lacks: GRANT them (grant), or REVOKE them, only their grant option when `b` holds
   them without it; a privilege `b` holds with the option and `a` without is the other direction's GRANT */
static void defacl_delta(xctx *x, so_strbuf *sb, const so_node *entry, const so_node *a, const so_node *b, bool grant)
{
	size_t i;
	for (i = 0; a && i < a->n_items; i++) {
		int other;
		if (find_privilege(x, b, a->items[i]))
			continue;
		other = defacl_option(x, b, a->items[i]);
		if (other == 1)
			continue;
		defacl_stmt(x, sb, entry, a->items[i], grant, !grant && other == 0);
	}
}

static void defacl_steps(xctx *x, const so_opaque *e, const so_node *fp, const so_node *tp)
{
	so_strbuf probe;
	struct chg *c;
	xobj o;
	memset(&o, 0, sizeof o);
	o.kind = "default_privileges";
	o.name = e->name;
	if (!defacl_objects_word(sval(e->node, "objects")) || !sval(e->node, "role")) {
		so_diffx_unsupported(x->d, NULL, "default_privileges", e->name,
		                     "has no role or an objects kind other than tables, sequences, functions, types",
		                     "default_privileges");
		return;
	}
	so_strbuf_init(&probe, x->a);
	defacl_delta(x, &probe, e->node, fp, tp, false);
	if (probe.len) {
		c = step(x, PX_GRANT, NULL, 2, &o, SO_ACTION_DROP, "default_privileges");
		if (!c)
			return;
		defacl_delta(x, so_diffx_up(c), e->node, fp, tp, false);
		defacl_delta(x, so_diffx_down(c), e->node, fp, tp, true);
		so_diffx_droppy(x->d, c);
	}
	so_strbuf_init(&probe, x->a);
	defacl_delta(x, &probe, e->node, tp, fp, true);
	if (probe.len) {
		c = step(x, PX_GRANT, NULL, 3, &o, SO_ACTION_ADD, "default_privileges");
		if (!c)
			return;
		defacl_delta(x, so_diffx_up(c), e->node, tp, fp, true);
		defacl_delta(x, so_diffx_down(c), e->node, tp, fp, false);
	}
}

static void diff_default_privileges(xctx *x)
{
	size_t i;
	for (i = 0; i < x->to->n_opaque; i++) {
		const so_opaque *t = &x->to->opaque[i], *f;
		if (strcmp(t->kind, "default_privileges") != 0 || !t->node)
			continue;
		f = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "default_privileges", t->name);
		if (f && streq(f->canonical, t->canonical))
			continue;
		defacl_steps(x, t, f && f->node ? lval(f->node, "privileges") : NULL, lval(t->node, "privileges"));
	}
	for (i = 0; i < x->from->n_opaque; i++) {
		const so_opaque *f = &x->from->opaque[i];
		if (strcmp(f->kind, "default_privileges") != 0 || !f->node ||
		    so_model_find_opaque(x->to->opaque, x->to->n_opaque, "default_privileges", f->name))
			continue;
		defacl_steps(x, f, lval(f->node, "privileges"), NULL);
	}
}

/* ---------- extensions (top-level "extensions": {name, version, schema}) ---------- */

/* CREATE EXTENSION IF NOT EXISTS name WITH SCHEMA s [VERSION 'v'] (CREATE EXTENSION: an extension is
   database-wide, so another schema's plan may have created it already) */
static void ext_create(xctx *x, so_strbuf *sb, const so_node *e)
{
	const char *schema = sval(e, "schema"), *version = sval(e, "version");
	so_render_sep(sb);
	so_strbuf_append(sb, "CREATE EXTENSION IF NOT EXISTS ");
	ident(sb, svz(e, "name"));
	so_strbuf_append(sb, " WITH SCHEMA ");
	ident(sb, schema ? schema : x->r->schema);
	if (version) {
		so_strbuf_append(sb, " VERSION ");
		literal(sb, version);
	}
	so_strbuf_append_char(sb, ';');
}

/* after CREATE EXTENSION IF NOT EXISTS: an extension the database already has in another schema stays there
   (IF NOT EXISTS), and every later step that names it in the wanted schema would fail on a name; this stops the
   script at once with the reason. Moving it is not the plan's call: it is database-wide and other schemas
   or the application may name its members with their schema. */
static void ext_schema_guard(xctx *x, so_strbuf *sb, const so_node *e)
{
	const char *schema = sval(e, "schema");
	if (strstr(svz(e, "name"), "$so_ext$") || strstr(schema ? schema : x->r->schema, "$so_ext$"))
		return; /* cannot be quoted in this body; the later steps still fail loudly */
	so_render_sep(sb);
	so_strbuf_append(sb, "DO $so_ext$ DECLARE s pg_catalog.name; BEGIN SELECT n.nspname INTO s "
	                     "FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n "
	                     "ON n.oid OPERATOR(pg_catalog.=) x.extnamespace WHERE x.extname OPERATOR(pg_catalog.=) ");
	literal(sb, svz(e, "name"));
	so_strbuf_append(sb, "; IF s OPERATOR(pg_catalog.<>) ");
	literal(sb, schema ? schema : x->r->schema);
	so_strbuf_append(sb, " THEN RAISE EXCEPTION 'extension % is installed in schema %, the target wants it in "
	                     "schema %', ");
	literal(sb, svz(e, "name"));
	so_strbuf_append(sb, ", s, ");
	literal(sb, schema ? schema : x->r->schema);
	so_strbuf_append(sb, " USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'ALTER EXTENSION ... SET "
	                     "SCHEMA moves it for the whole database; or let the document name the schema it is in'; "
	                     "END IF; END $so_ext$;");
}

static void ext_drop(so_strbuf *sb, const so_node *e)
{
	so_render_sep(sb);
	so_strbuf_append(sb, "DROP EXTENSION ");
	ident(sb, svz(e, "name"));
	so_strbuf_append_char(sb, ';');
}

static bool ext_moved(xctx *x, const so_node *f, const so_node *t)
{
	const char *fs = sval(f, "schema"), *ts = sval(t, "schema");
	return !streq(fs ? fs : x->r->schema, ts ? ts : x->r->schema);
}

/* ALTER EXTENSION ... SET SCHEMA from the schema of `f` to the one of `t`, when they differ */
static void ext_set_schema(xctx *x, so_strbuf *sb, const so_node *f, const so_node *t)
{
	const char *fs = sval(f, "schema"), *ts = sval(t, "schema");
	if (streq(fs ? fs : x->r->schema, ts ? ts : x->r->schema))
		return;
	so_render_sep(sb);
	so_strbuf_append(sb, "ALTER EXTENSION ");
	ident(sb, svz(t, "name"));
	so_strbuf_append(sb, " SET SCHEMA ");
	ident(sb, ts ? ts : x->r->schema);
	so_strbuf_append_char(sb, ';');
}

static const char *const ign_ext[] = {"requires", "schema", "version", NULL};

enum { EXT_DEPTH_MAX = 16 };

/* how deep the extension sits in its document's `requires` chains: 0 requires nothing listed, else 1 + the
   deepest one it requires (bounded: a cycle or a chain deeper than EXT_DEPTH_MAX stops there) */
static int ext_depth(const so_document *doc, const char *name, int guard)
{
	const so_opaque *e = so_model_find_opaque(doc->opaque, doc->n_opaque, "extensions", name);
	const so_node *req = e && e->node ? lval(e->node, "requires") : NULL;
	int depth = 0;
	size_t i;
	if (!req || guard >= EXT_DEPTH_MAX)
		return 0;
	for (i = 0; i < req->n_items; i++) {
		int d;
		if (req->items[i]->type != SO_NODE_SCALAR || so_node_is_null(req->items[i]))
			continue;
		d = 1 + ext_depth(doc, req->items[i]->scalar, guard + 1);
		if (d > depth)
			depth = d;
	}
	return depth;
}
static const char *const ign_version[] = {"requires", "version", NULL};
static const char *const ign_requires[] = {"requires", NULL};

static void ext_steps(xctx *x, const so_opaque *f, const so_opaque *t)
{
	struct chg *c;
	xobj o;
	const so_opaque *any = t ? t : f;
	if (!any)
		return;
	memset(&o, 0, sizeof o);
	o.kind = "extensions";
	o.name = any->name;
	if ((f && !f->node) || (t && !t->node) ||
	    (f && t && !same_except(x, f->node, t->node, ign_ext))) { /* members version 1 does not know */
		so_diffx_unsupported(x->d, NULL, "extension", o.name,
		                     !f   ? "was added"
		                     : !t ? "was dropped"
		                          : "was changed",
		                     "extensions");
		return;
	}
	if (!f) { /* what it requires first (the document lists them: `requires`) */
		c = step(x, PX_EXT_ADD, NULL, ext_depth(x->to, o.name, 0), &o, SO_ACTION_ADD, "extension");
		if (!c)
			return;
		ext_create(x, so_diffx_up(c), t->node);
		ext_schema_guard(x, so_diffx_up(c), t->node);
		ext_drop(so_diffx_down(c), t->node);
		so_diffx_lock(c, "none"); /* it creates its own objects; no existing table is locked */
		return;
	}
	if (!t) { /* the ones requiring it first */
		c = step(x, PX_EXT_DROP, NULL, -ext_depth(x->from, o.name, 0), &o, SO_ACTION_DROP, "extension");
		if (!c)
			return;
		ext_drop(so_diffx_up(c), f->node);
		ext_create(x, so_diffx_down(c), f->node);
		/* its members go with it: fails while anything else in the database (other schemas too) uses them */
		so_diffx_hazard(c, "extension_dropped");
		so_diffx_droppy(x->d, c);
		return;
	}
	c = step(x, PX_EXT_ADD, NULL, 0, &o, SO_ACTION_MODIFY, "extension");
	if (!c)
		return;
	if (sval(t->node, "version") && !streq(sval(f->node, "version"), sval(t->node, "version"))) {
		so_render_sep(so_diffx_up(c));
		so_strbuf_append(so_diffx_up(c), "ALTER EXTENSION ");
		ident(so_diffx_up(c), o.name);
		so_strbuf_append(so_diffx_up(c), " UPDATE TO ");
		literal(so_diffx_up(c), sval(t->node, "version"));
		so_strbuf_append_char(so_diffx_up(c), ';');
		/* the down: extensions ship update scripts forward (contrib has no path back) */
		so_render_sep(so_diffx_down(c));
		so_strbuf_appendf(so_diffx_down(c),
		                  "-- extension %s stays at version %s: PostgreSQL has no way back "
		                  "unless the extension ships a downgrade script",
		                  o.name, sval(t->node, "version"));
		so_diffx_down_lossy(c);
	}
	ext_set_schema(x, so_diffx_up(c), f->node, t->node);
	ext_set_schema(x, so_diffx_down(c), t->node, f->node);
	if (!ext_moved(x, f->node, t->node))
		return;
	/* objects that name the extension's members with their schema are rebuilt after the move, and their
	   downs name the old schema: the down script must move the extension back before them. The down is
	   the plan in reverse, so a last step repeats the move (a no-op: ALTER EXTENSION ... SET SCHEMA to the
	   schema it is in does nothing) and carries the move back as its down. */
	c = step(x, PX_EXT_MOVE_BACK, NULL, 0, &o, SO_ACTION_MODIFY, "extension");
	if (!c)
		return;
	ext_set_schema(x, so_diffx_up(c), f->node, t->node);
	ext_set_schema(x, so_diffx_down(c), t->node, f->node);
}

static void diff_extensions(xctx *x)
{
	size_t i;
	for (i = 0; i < x->to->n_opaque; i++) {
		const so_opaque *t = &x->to->opaque[i], *f;
		if (strcmp(t->kind, "extensions") != 0)
			continue;
		f = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "extensions", t->name);
		if (f && streq(f->canonical, t->canonical))
			continue;
		if (f && t->node && f->node && same_except(x, f->node, t->node, ign_requires))
			continue; /* `requires` orders the steps; the control file decides it */
		if (f && t->node && f->node && !sval(t->node, "version") &&
		    same_except(x, f->node, t->node, ign_version))
			continue; /* a target without a version takes any */
		ext_steps(x, f, t);
	}
	for (i = 0; i < x->from->n_opaque; i++) {
		const so_opaque *f = &x->from->opaque[i];
		if (strcmp(f->kind, "extensions") != 0 ||
		    so_model_find_opaque(x->to->opaque, x->to->n_opaque, "extensions", f->name))
			continue;
		ext_steps(x, f, NULL);
	}
}

/* ---------- casts (top-level "casts": {name, source, target, function, method, context}) ---------- */

static const char *const cast_keys[] = {"context", "function", "method", "name", "source", "target", NULL};

/* a cast the plan can spell: known members only, and method / context among PostgreSQL's words */
static bool cast_ok(const so_node *n)
{
	const char *m, *ctx;
	size_t i;
	if (!n || n->type != SO_NODE_MAPPING || !sval(n, "source") || !sval(n, "target"))
		return false;
	for (i = 0; i < n->n_pairs; i++)
		if (!in_list(cast_keys, n->pairs[i].key))
			return false;
	m = sval(n, "method");
	ctx = sval(n, "context");
	if (ctx && strcmp(ctx, "explicit") && strcmp(ctx, "assignment") && strcmp(ctx, "implicit"))
		return false;
	if (!m || !strcmp(m, "function"))
		return sval(n, "function") != NULL;
	return (!strcmp(m, "inout") || !strcmp(m, "binary")) && !sval(n, "function");
}

/* CREATE CAST (source AS target) WITH FUNCTION f(args) | WITH INOUT | WITHOUT FUNCTION [AS ASSIGNMENT |
   AS IMPLICIT] (PostgreSQL 15 manual, CREATE CAST) */
static void cast_create(so_strbuf *sb, const so_node *n)
{
	const char *m = sval(n, "method"), *ctx = sval(n, "context");
	so_render_sep(sb);
	so_strbuf_appendf(sb, "CREATE CAST (%s AS %s) ", svz(n, "source"), svz(n, "target"));
	if (m && !strcmp(m, "inout"))
		so_strbuf_append(sb, "WITH INOUT");
	else if (m && !strcmp(m, "binary"))
		so_strbuf_append(sb, "WITHOUT FUNCTION");
	else
		so_strbuf_appendf(sb, "WITH FUNCTION %s", svz(n, "function"));
	if (ctx && !strcmp(ctx, "assignment"))
		so_strbuf_append(sb, " AS ASSIGNMENT");
	else if (ctx && !strcmp(ctx, "implicit"))
		so_strbuf_append(sb, " AS IMPLICIT");
	so_strbuf_append_char(sb, ';');
}

static void cast_drop(so_strbuf *sb, const so_node *n)
{
	so_render_sep(sb);
	so_strbuf_appendf(sb, "DROP CAST (%s AS %s);", svz(n, "source"), svz(n, "target"));
}

/* "name" as format_type quotes an identifier -> name; anything else unchanged (into the arena) */
static const char *cast_unquote(xctx *x, const char *s)
{
	size_t len = s ? strlen(s) : 0, i, n = 0;
	char *out;
	if (len < 2 || s[0] != '"' || s[len - 1] != '"')
		return s;
	out = so_arena_alloc(x->a, len);
	if (!out) {
		x->oom = true;
		return s;
	}
	for (i = 1; i + 1 < len; i++) {
		out[n++] = s[i];
		if (s[i] == '"' && s[i + 1] == '"')
			i++;
	}
	out[n] = '\0';
	return out;
}

/* is the object of this kind and name (source document) dropped and created again by the plan? */
static bool recreated(xctx *x, const char *kind, const char *name)
{
	size_t i;
	if (!name)
		return false;
	for (i = 0; i < x->n; i++) {
		const xobj *o = &x->v[i];
		if (o->recreate && o->f && !o->ftab && !strcmp(o->kind, kind) && streq(o->name, name))
			return true;
	}
	return false;
}

/* a cast depends on its function and on its source and target types (pg_depend, CREATE CAST): when the plan
   drops and recreates one of them (phases 7 and 8), the DROP FUNCTION / DROP TYPE fails under the cast unless
   the cast goes first and comes back after them */
static bool cast_disturbed(xctx *x, const so_node *n)
{
	const char *src = cast_unquote(x, sval(n, "source")), *tgt = cast_unquote(x, sval(n, "target"));
	return recreated(x, "functions", sval(n, "function")) || recreated(x, "types", src) ||
	       recreated(x, "types", tgt) || recreated(x, "domains", src) || recreated(x, "domains", tgt);
}

static void cast_steps(xctx *x, const so_opaque *f, const so_opaque *t)
{
	struct chg *c;
	xobj o;
	const so_opaque *any = t ? t : f;
	bool early;
	if (!any)
		return;
	memset(&o, 0, sizeof o);
	o.kind = "casts";
	o.name = any->name;
	if ((f && !cast_ok(f->node)) || (t && !cast_ok(t->node))) {
		so_diffx_unsupported(x->d, NULL, "cast", o.name,
		                     !f   ? "was added"
		                     : !t ? "was dropped"
		                          : "was changed",
		                     "casts");
		return;
	}
	early = f && cast_disturbed(x, f->node);
	if (f && early) { /* the drop half before the function or type it uses is dropped for recreation */
		c = step(x, PX_CAST_REDROP, NULL, 0, &o, t ? SO_ACTION_RECREATE : SO_ACTION_DROP, "cast");
		if (!c)
			return;
		cast_drop(so_diffx_up(c), f->node);
		cast_create(so_diffx_down(c), f->node);
		if (!t)
			so_diffx_droppy(x->d, c);
		f = NULL; /* the create half below is a plain create */
		if (!t)
			return;
	}
	if (!t) {
		c = step(x, PX_CAST_DROP, NULL, 0, &o, SO_ACTION_DROP, "cast");
		if (!c)
			return;
		cast_drop(so_diffx_up(c), f->node);
		cast_create(so_diffx_down(c), f->node);
		so_diffx_droppy(x->d, c);
		return;
	}
	c = step(x, PX_CAST_ADD, NULL, 0, &o, f || early ? SO_ACTION_RECREATE : SO_ACTION_ADD, "cast");
	if (!c)
		return;
	if (f) { /* no ALTER CAST: drop and create in one step, one transaction */
		cast_drop(so_diffx_up(c), f->node);
		cast_drop(so_diffx_down(c), t->node);
		cast_create(so_diffx_down(c), f->node);
	} else
		cast_drop(so_diffx_down(c), t->node);
	cast_create(so_diffx_up(c), t->node);
}

static void diff_casts(xctx *x)
{
	size_t i;
	for (i = 0; i < x->to->n_opaque; i++) {
		const so_opaque *t = &x->to->opaque[i], *f;
		if (strcmp(t->kind, "casts") != 0)
			continue;
		f = so_model_find_opaque(x->from->opaque, x->from->n_opaque, "casts", t->name);
		if (!f || !streq(f->canonical, t->canonical) ||
		    (f->node && cast_ok(f->node) && cast_disturbed(x, f->node)))
			cast_steps(x, f, t);
	}
	for (i = 0; i < x->from->n_opaque; i++) {
		const so_opaque *f = &x->from->opaque[i];
		if (strcmp(f->kind, "casts") == 0 &&
		    !so_model_find_opaque(x->to->opaque, x->to->n_opaque, "casts", f->name))
			cast_steps(x, f, NULL);
	}
}

/* ---------- the driver ---------- */

static void disturb_columns(xctx *x)
{
	size_t i, j, np = so_diffx_npairs(x->d);
	bool *used = so_arena_calloc(x->a, x->from->n_tables ? x->from->n_tables : 1, sizeof *used);
	if (!used) {
		x->oom = true;
		return;
	}
	for (i = 0; i < np; i++) {
		const so_table *f, *t, *orig;
		const char *const *map;
		so_diffx_pair(x->d, i, &f, &t, &map);
		if (f >= x->from->tables && f < x->from->tables + x->from->n_tables)
			used[f - x->from->tables] = true;
		else if ((orig = so_model_find_table(x->from, f->name)) != NULL) /* a detached partition's copy */
			used[orig - x->from->tables] = true;
		for (j = 0; j < f->n_columns; j++) {
			const so_column *fc = &f->columns[j], *tc = map[j] ? so_model_find_column(t, map[j]) : NULL;
			if (!tc || !streq(fc->type, tc->type) || !streq(fc->collation, tc->collation) ||
			    !streq(fc->generated, tc->generated) || fc->generated_stored != tc->generated_stored)
				disturb(x, cat(x, "columns", f->name, fc->name, NULL));
		}
	}
	for (i = 0; i < x->from->n_tables; i++)
		if (!used[i])
			disturb(x, cat(x, "tables", x->from->tables[i].name, NULL, NULL));
}

static bool dependent_kind(const char *k)
{
	return !strcmp(k, "views") || !strcmp(k, "materialized_views") || !strcmp(k, "functions") ||
	       !strcmp(k, "triggers") || !strcmp(k, "policies") || !strcmp(k, "domains") || !strcmp(k, "types");
}

void so_diffx_objects(struct dctx *d)
{
	xctx xc, *x = &xc;
	size_t i, np, round;
	bool *paired;
	bool more;

	if (so_diffx_rctx(d)->dialect != SO_DIALECT_POSTGRES)
		return;
	memset(x, 0, sizeof *x);
	x->d = d;
	x->a = so_diffx_arena(d);
	x->r = so_diffx_rctx(d);
	x->from = so_diffx_from(d);
	x->to = so_diffx_to(d);

	load_deps(x, x->from, &x->fdep, &x->nfdep);
	load_deps(x, x->to, &x->tdep, &x->ntdep);
	collect(x, false, NULL, x->from->opaque, x->from->n_opaque, NULL, x->to->opaque, x->to->n_opaque);
	np = so_diffx_npairs(d);
	paired = so_arena_calloc(x->a, x->to->n_tables ? x->to->n_tables : 1, sizeof *paired);
	if (!paired) {
		so_diffx_oom(d);
		return;
	}
	for (i = 0; i < np; i++) {
		const so_table *f, *t;
		const char *const *map;
		so_diffx_pair(d, i, &f, &t, &map);
		if (t >= x->to->tables && t < x->to->tables + x->to->n_tables)
			paired[t - x->to->tables] = true;
		collect(x, true, f, f->opaque, f->n_opaque, t, t->opaque, t->n_opaque);
	}
	for (i = 0; i < x->to->n_tables; i++) {
		const so_table *t = &x->to->tables[i];
		size_t before = x->n, j;
		if (paired[i])
			continue;
		collect(x, true, NULL, NULL, 0, t, t->opaque, t->n_opaque);
		for (j = before; j < x->n; j++)
			x->v[j].newtab = true;
	}
	if (x->oom) {
		so_diffx_oom(d);
		return;
	}

	for (i = 0; i < x->n; i++) {
		xobj *o = &x->v[i];
		o->fkey = obj_key(x, o, false);
		o->tkey = obj_key(x, o, true);
		o->fdeps = find_deps(x->fdep, x->nfdep, o->fkey);
		o->tdeps = find_deps(x->tdep, x->ntdep, o->tkey);
	}
	build_keys(x, false);
	build_keys(x, true);
	for (i = 0; i < x->n && !x->oom; i++) {
		if (x->v[i].f)
			level_of(x, i, false, 0);
		if (x->v[i].t)
			level_of(x, i, true, 0);
	}

	/* what is dropped, retyped or recreated; then, transitively, what depends on it */
	disturb_columns(x);
	for (i = 0; i < so_diffx_n_foreign_columns(d); i++) { /* multi-schema: other schemas' columns */
		const char *ft, *fc;
		so_diffx_foreign_column(d, i, &ft, &fc);
		disturb(x, cat(x, "columns", ft, fc, NULL));
	}
	for (i = 0; i < x->n && !x->oom; i++) {
		xobj *o = &x->v[i];
		if (!o->f || !o->t || !creatable(o->kind) || streq(canon(o->f), canon(o->t)) || !o->f->node ||
		    !o->t->node)
			continue;
		if (needs_recreate(x, o)) {
			o->recreate = true;
			disturb(x, o->fkey);
		}
	}
	for (i = 0; i < x->n && !x->oom; i++) /* dropped objects */
		if (x->v[i].f && !x->v[i].t && dependent_kind(x->v[i].kind))
			disturb(x, x->v[i].fkey);
	for (round = 0, more = true; more && round <= x->n && !x->oom; round++) {
		more = false;
		for (i = 0; i < x->n; i++) {
			xobj *o = &x->v[i];
			if (!o->f || !o->t || o->recreate || !dependent_kind(o->kind) || !deps_disturbed(x, o->fdeps))
				continue;
			if (!strcmp(o->kind, "types") || !strcmp(o->kind, "domains"))
				continue; /* columns use them: never dropped for a dependency (PostgreSQL refuses) */
			o->recreate = true;
			o->dependent = true;
			disturb(x, o->fkey);
			more = true;
		}
	}

	for (i = 0; i < x->n && !x->oom; i++) {
		xobj *o = &x->v[i];
		if (!creatable(o->kind)) {
			if (!streq(canon(o->f), canon(o->t)))
				prop(x, o);
			continue;
		}
		if ((o->f && !o->f->node) || (o->t && !o->t->node)) {
			if (!streq(canon(o->f), canon(o->t)))
				emit_unsupported(x, o, !o->f ? "was added" : !o->t ? "was dropped" : "was changed");
			continue;
		}
		if ((o->f && uncreatable(o->f)) || (o->t && uncreatable(o->t))) {
			if (!streq(canon(o->f), canon(o->t)))
				emit_unsupported(x, o, !o->f ? "was added" : !o->t ? "was dropped" : "was changed");
			continue;
		}
		if (!o->f)
			emit_create(x, o, SO_ACTION_ADD);
		else if (!o->t)
			emit_drop(x, o, SO_ACTION_DROP, false);
		else if (o->recreate) {
			emit_drop(x, o, SO_ACTION_RECREATE, true);
			emit_create(x, o, SO_ACTION_RECREATE);
		} else if (!streq(canon(o->f), canon(o->t)))
			modify(x, o);
	}
	diff_grants(x);
	diff_default_privileges(x);
	diff_extensions(x);
	diff_casts(x);
	if (x->oom)
		so_diffx_oom(d);
}
