/*
 * snapshot_dependencies.c: the "dependencies" member of the schema document (docs/document-format.md) built in
 * C (issue 3: snapshot speed). The SQL reference is the first query of schemaops._snapshot_objects()
 * (sql/postgres/15_snapshot_objects.sql), which _snapshot_sql() still runs; snapshot() leaves it out (skip
 * '{dependencies}') and _snapshot_document() adds this one: tests/lib/snapshot_c_pg.t checks that both documents
 * are the same jsonb with the same text.
 *
 * The rules, as the SQL has them:
 *   - the objects of the schema the document names, (catalog, oid) -> ident, a JSON array [kind, name(, name)]:
 *     relations of relkind r, p, v, m, c (["tables"|"views"|"materialized_views", relname], a composite type
 *     ["types", typname]); types of typtype b, c, d, e, r but arrays (["domains", typname], ["types", typname],
 *     a row type standing for its relation: the relation's ident, none when the relation is not one of those);
 *     functions (["functions", regprocedure text, relative to the caller's search_path]); the rewrite rules of
 *     the views and materialized views (the view's ident); triggers that are not internal (["triggers", relname,
 *     tgname]); policies (["policies", relname, polname]);
 *   - an edge src -> ref for every pg_depend row of deptype n or a (PostgreSQL documentation, "pg_depend") from
 *     an object whose ident is not a table's to an object of the map, the ref being ["columns", relname,
 *     attname] when the row names a column (refobjsubid <> 0) of a relation (not of a composite type), the
 *     object's ident otherwise; an edge whose src equals the referenced object's ident is left out; edges are
 *     distinct;
 *   - one entry per src: {name: "kind/name(/name)", object: src, on: [refs]}, entries and refs in jsonb order
 *     (compareJsonbContainers: the order of the SQL's ORDER BY over jsonb).
 * The schema's relations come from one scan of pg_class, its types and functions from one scan of pg_type and of
 * pg_proc (no index leads with the namespace), rewrite rules and triggers by index per view / relation that has
 * them, policies from one scan of pg_policy; the dependencies by index (pg_depend's depender index) per object
 * that can be a src. Everything is built in a scratch context deleted at the end; CHECK_FOR_INTERRUPTS per
 * object. Catalogs are readable by every role: the same document for every role, as for the SQL.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

#include "snapshot.h"

typedef struct dep_key {
	Oid classid;
	Oid objid;
} dep_key;

/* one object of the schema: its ident ([kind, name(, name)]; NULL where the SQL's is NULL) */
typedef struct dep_obj {
	dep_key key;
	Jsonb *ident;
	const char *kind;
	const char *name;
	bool is_rel; /* a relation but a composite type: a sub-id names one of its columns */
} dep_obj;

/* a relation of the schema (relkind r, p, v, m, c) */
typedef struct dep_rel {
	Oid oid;
	char *relname;
	char relkind;
	Oid reltype;
	bool hastriggers;
} dep_rel;

/* relmap's entries: relation oid -> the dep_rel */
typedef struct dep_rel_slot {
	Oid oid;
	dep_rel *rel;
} dep_rel_slot;

typedef struct dep_edge {
	Jsonb *src;
	Jsonb *ref;
} dep_edge;

static const char *rel_kind(char relkind)
{
	switch (relkind) {
	case RELKIND_RELATION:
	case RELKIND_PARTITIONED_TABLE:
		return "tables";
	case RELKIND_VIEW:
		return "views";
	case RELKIND_MATVIEW:
		return "materialized_views";
	default:
		return "types";
	}
}

/* the jsonb array [a, b(, c)] (n elements), a NULL string a JSON null */
static Jsonb *ident_jsonb(const char *a, const char *b, const char *c, int n)
{
	JsonbParseState *state = NULL;
	const char *v[3] = {a, b, c};
	JsonbValue *root;
	int i;

	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < n; i++) {
		JsonbValue e;

		if (v[i] == NULL)
			e.type = jbvNull;
		else {
			e.type = jbvString;
			e.val.string.val = (char *)v[i];
			e.val.string.len = (int)strlen(v[i]);
		}
		pushJsonbValue(&state, WJB_ELEM, &e);
	}
	root = pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	return JsonbValueToJsonb(root);
}

static dep_obj *add_obj(HTAB *objs, Oid classid, Oid objid)
{
	dep_key key = {classid, objid};
	bool found;
	dep_obj *o = hash_search(objs, &key, HASH_ENTER, &found);

	if (!found) {
		o->ident = NULL;
		o->kind = NULL;
		o->name = NULL;
		o->is_rel = false;
	}
	return o;
}

static void set_ident(dep_obj *o, const char *kind, const char *name, const char *name2, int n, bool is_rel)
{
	o->kind = kind;
	o->name = name;
	o->is_rel = is_rel;
	o->ident = ident_jsonb(kind, name, name2, n);
}

/* the relations of the schema (relkind r, p, v, m, c) */
static dep_rel *read_rels(Oid nsp, int *count)
{
	Relation pg_class = table_open(RelationRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	int cap = 64;
	int n = 0;
	dep_rel *rels = palloc(cap * sizeof(dep_rel));

	ScanKeyInit(&key, Anum_pg_class_relnamespace, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(nsp));
	scan = systable_beginscan(pg_class, InvalidOid, false, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_class c = (Form_pg_class)GETSTRUCT(tup);

		if (c->relkind != RELKIND_RELATION && c->relkind != RELKIND_PARTITIONED_TABLE &&
		    c->relkind != RELKIND_VIEW && c->relkind != RELKIND_MATVIEW && c->relkind != RELKIND_COMPOSITE_TYPE)
			continue;
		if (n == cap) {
			cap *= 2;
			rels = repalloc_huge(rels, (Size)cap * sizeof(dep_rel));
		}
		rels[n].oid = c->oid;
		rels[n].relname = pstrdup(NameStr(c->relname));
		rels[n].relkind = c->relkind;
		rels[n].reltype = c->reltype;
		rels[n].hastriggers = c->relhastriggers;
		n++;
	}
	systable_endscan(scan);
	table_close(pg_class, AccessShareLock);
	*count = n;
	return rels;
}

/* the name of type typid, NULL if there is none (the SQL's scalar subquery) */
static char *type_name(Oid typid)
{
	HeapTuple tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	char *name;

	if (!HeapTupleIsValid(tup))
		return NULL;
	name = pstrdup(NameStr(((Form_pg_type)GETSTRUCT(tup))->typname));
	ReleaseSysCache(tup);
	return name;
}

/* the relations' idents, their rewrite rules' and triggers' */
static void add_rels(HTAB *objs, HTAB *relmap, dep_rel *rels, int n)
{
	Relation rewrite = table_open(RewriteRelationId, AccessShareLock);
	Relation trigger = table_open(TriggerRelationId, AccessShareLock);
	int i;

	for (i = 0; i < n; i++) {
		dep_rel *r = &rels[i];
		dep_obj *o = add_obj(objs, RelationRelationId, r->oid);
		dep_rel_slot *slot = hash_search(relmap, &r->oid, HASH_ENTER, NULL);
		ScanKeyData key;
		SysScanDesc scan;
		HeapTuple tup;

		CHECK_FOR_INTERRUPTS();
		slot->rel = r;
		if (r->relkind == RELKIND_COMPOSITE_TYPE)
			set_ident(o, "types", type_name(r->reltype), NULL, 2, false);
		else
			set_ident(o, rel_kind(r->relkind), r->relname, NULL, 2, true);
		if (r->relkind == RELKIND_VIEW || r->relkind == RELKIND_MATVIEW) {
			/* a view's rewrite rule carries the view's dependencies */
			ScanKeyInit(&key, Anum_pg_rewrite_ev_class, BTEqualStrategyNumber, F_OIDEQ,
			            ObjectIdGetDatum(r->oid));
			scan = systable_beginscan(rewrite, RewriteRelRulenameIndexId, true, NULL, 1, &key);
			while (HeapTupleIsValid(tup = systable_getnext(scan)))
				set_ident(add_obj(objs, RewriteRelationId, ((Form_pg_rewrite)GETSTRUCT(tup))->oid),
				          rel_kind(r->relkind), r->relname, NULL, 2, false);
			systable_endscan(scan);
		}
		/* relhastriggers is false when the relation never had a trigger */
		if (r->hastriggers) {
			ScanKeyInit(&key, Anum_pg_trigger_tgrelid, BTEqualStrategyNumber, F_OIDEQ,
			            ObjectIdGetDatum(r->oid));
			scan = systable_beginscan(trigger, TriggerRelidNameIndexId, true, NULL, 1, &key);
			while (HeapTupleIsValid(tup = systable_getnext(scan))) {
				Form_pg_trigger tg = (Form_pg_trigger)GETSTRUCT(tup);

				if (!tg->tgisinternal)
					set_ident(add_obj(objs, TriggerRelationId, tg->oid), "triggers", r->relname,
					          pstrdup(NameStr(tg->tgname)), 3, false);
			}
			systable_endscan(scan);
		}
	}
	table_close(trigger, AccessShareLock);
	table_close(rewrite, AccessShareLock);
}

/* the policies of the schema's relations (one scan of pg_policy) */
static void add_policies(HTAB *objs, HTAB *relmap)
{
	Relation policy = table_open(PolicyRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(policy, InvalidOid, false, NULL, 0, NULL);
	HeapTuple tup;

	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_policy p = (Form_pg_policy)GETSTRUCT(tup);
		dep_rel_slot *r = hash_search(relmap, &p->polrelid, HASH_FIND, NULL);

		if (r)
			set_ident(add_obj(objs, PolicyRelationId, p->oid), "policies", r->rel->relname,
			          pstrdup(NameStr(p->polname)), 3, false);
	}
	systable_endscan(scan);
	table_close(policy, AccessShareLock);
}

/* the schema's types but arrays (typtype b, c, d, e, r) */
static void add_types(HTAB *objs, HTAB *relmap, Oid nsp)
{
	Relation pg_type = table_open(TypeRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;

	ScanKeyInit(&key, Anum_pg_type_typnamespace, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(nsp));
	scan = systable_beginscan(pg_type, InvalidOid, false, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_type t = (Form_pg_type)GETSTRUCT(tup);
		dep_obj *o;

		if (t->typcategory == TYPCATEGORY_ARRAY ||
		    (t->typtype != TYPTYPE_BASE && t->typtype != TYPTYPE_COMPOSITE && t->typtype != TYPTYPE_DOMAIN &&
		     t->typtype != TYPTYPE_ENUM && t->typtype != TYPTYPE_RANGE))
			continue;
		o = add_obj(objs, TypeRelationId, t->oid);
		if (t->typtype == TYPTYPE_DOMAIN)
			set_ident(o, "domains", pstrdup(NameStr(t->typname)), NULL, 2, false);
		else if (OidIsValid(t->typrelid)) {
			/* a table's, view's or composite type's row type stands for the relation */
			dep_rel_slot *r = hash_search(relmap, &t->typrelid, HASH_FIND, NULL);

			if (r)
				set_ident(o, rel_kind(r->rel->relkind),
				          r->rel->relkind == RELKIND_COMPOSITE_TYPE ? pstrdup(NameStr(t->typname))
				                                                    : r->rel->relname,
				          NULL, 2, false);
		} else
			set_ident(o, "types", pstrdup(NameStr(t->typname)), NULL, 2, false);
	}
	systable_endscan(scan);
	table_close(pg_type, AccessShareLock);
}

/* the schema's functions, procedures and aggregates, by signature (regprocedure) */
static void add_functions(HTAB *objs, Oid nsp)
{
	Relation pg_proc = table_open(ProcedureRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;

	ScanKeyInit(&key, Anum_pg_proc_pronamespace, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(nsp));
	scan = systable_beginscan(pg_proc, InvalidOid, false, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Oid oid = ((Form_pg_proc)GETSTRUCT(tup))->oid;

		set_ident(add_obj(objs, ProcedureRelationId, oid), "functions", format_procedure(oid), NULL, 2, false);
	}
	systable_endscan(scan);
	table_close(pg_proc, AccessShareLock);
}

static int edge_cmp(const void *a, const void *b)
{
	const dep_edge *x = a;
	const dep_edge *y = b;
	int c = compareJsonbContainers(&x->src->root, &y->src->root);

	return c != 0 ? c : compareJsonbContainers(&x->ref->root, &y->ref->root);
}

static bool jsonb_same(Jsonb *a, Jsonb *b)
{
	return compareJsonbContainers(&a->root, &b->root) == 0;
}

/* the edges from object s (pg_depend rows of deptype n or a to objects of the map) */
static void add_edges(Relation depend, HTAB *objs, const dep_obj *s, dep_edge **edges, int *n, int *cap)
{
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tup;

	ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(s->key.classid));
	ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(s->key.objid));
	scan = systable_beginscan(depend, DependDependerIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_depend d = (Form_pg_depend)GETSTRUCT(tup);
		dep_key tkey = {d->refclassid, d->refobjid};
		dep_obj *t;
		Jsonb *ref;

		if (d->deptype != DEPENDENCY_NORMAL && d->deptype != DEPENDENCY_AUTO)
			continue;
		t = hash_search(objs, &tkey, HASH_FIND, NULL);
		if (t == NULL || t->ident == NULL || jsonb_same(s->ident, t->ident))
			continue;
		if (d->refobjsubid != 0 && t->is_rel)
			ref = ident_jsonb("columns", t->name,
			                  get_attname(d->refobjid, (AttrNumber)d->refobjsubid, true), 3);
		else
			ref = t->ident;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*edges = *edges ? repalloc_huge(*edges, (Size)*cap * sizeof(dep_edge))
			                : palloc((Size)*cap * sizeof(dep_edge));
		}
		(*edges)[*n].src = s->ident;
		(*edges)[*n].ref = ref;
		(*n)++;
	}
	systable_endscan(scan);
}

/* "kind/name(/name)": concat() of the ident's elements (->> of a null element is NULL: '') */
static char *entry_name(Jsonb *ident)
{
	StringInfoData buf;
	int n = (int)JB_ROOT_COUNT(ident);
	int i;

	initStringInfo(&buf);
	for (i = 0; i < n; i++) {
		JsonbValue *v = getIthJsonbValueFromContainer(&ident->root, (uint32)i);

		if (i > 0)
			appendStringInfoChar(&buf, '/');
		if (v->type == jbvString)
			appendBinaryStringInfo(&buf, v->val.string.val, v->val.string.len);
	}
	return buf.data;
}

static void set_container(so_jb_member *m, const char *key, Jsonb *jb)
{
	m->key = key;
	m->keylen = (int)strlen(key);
	m->container = &jb->root;
	m->container_len = VARSIZE(jb) - VARHDRSZ;
}

/* one entry {name, object, on} for the edges [from, to) (one src), in the current context */
static Jsonb *entry(dep_edge *edges, int from, int to)
{
	so_jb_member *refs = palloc0((to - from) * sizeof(so_jb_member));
	so_jb_member m[3];
	int nrefs = 0;
	int i;

	for (i = from; i < to; i++) {
		if (i > from && jsonb_same(edges[i - 1].ref, edges[i].ref))
			continue; /* DISTINCT */
		refs[nrefs].container = &edges[i].ref->root;
		refs[nrefs].container_len = VARSIZE(edges[i].ref) - VARHDRSZ;
		nrefs++;
	}
	memset(m, 0, sizeof(m));
	m[0].key = "name";
	m[0].keylen = 4;
	m[0].scalar.type = jbvString;
	m[0].scalar.val.string.val = entry_name(edges[from].src);
	m[0].scalar.val.string.len = (int)strlen(m[0].scalar.val.string.val);
	set_container(&m[1], "object", edges[from].src);
	set_container(&m[2], "on", so_jb_assemble(refs, nrefs, false));
	return so_jb_assemble(m, 3, true);
}

Jsonb *so_snap_dependencies(Oid nsp)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext scratch =
	    AllocSetContextCreate(caller, "schemaops snapshot dependencies", ALLOCSET_DEFAULT_SIZES);
	HASHCTL ctl;
	HTAB *objs;
	HTAB *relmap;
	HASH_SEQ_STATUS seq;
	dep_obj *o;
	dep_rel *rels;
	int nrels;
	dep_edge *edges = NULL;
	int nedges = 0;
	int cap = 0;
	so_jb_member *entries;
	int nentries = 0;
	Relation depend;
	Jsonb *result = NULL;
	int i;

	MemoryContextSwitchTo(scratch);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(dep_key);
	ctl.entrysize = sizeof(dep_obj);
	ctl.hcxt = scratch;
	objs = hash_create("schemaops dependencies objects", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(dep_rel_slot);
	ctl.hcxt = scratch;
	relmap = hash_create("schemaops dependencies relations", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	rels = read_rels(nsp, &nrels);
	add_rels(objs, relmap, rels, nrels);
	add_types(objs, relmap, nsp);
	add_functions(objs, nsp);
	add_policies(objs, relmap);

	/* the edges from every object whose ident is not a table's */
	depend = table_open(DependRelationId, AccessShareLock);
	hash_seq_init(&seq, objs);
	while ((o = hash_seq_search(&seq)) != NULL) {
		CHECK_FOR_INTERRUPTS();
		if (o->ident == NULL || strcmp(o->kind, "tables") == 0)
			continue;
		add_edges(depend, objs, o, &edges, &nedges, &cap);
	}
	table_close(depend, AccessShareLock);

	if (nedges > 0) {
		if (nedges > 1)
			qsort(edges, nedges, sizeof(dep_edge), edge_cmp);
		entries = palloc0(nedges * sizeof(so_jb_member));
		for (i = 0; i < nedges;) {
			int j = i + 1;
			Jsonb *e;

			while (j < nedges && jsonb_same(edges[i].src, edges[j].src))
				j++;
			e = entry(edges, i, j);
			entries[nentries].container = &e->root;
			entries[nentries].container_len = VARSIZE(e) - VARHDRSZ;
			nentries++;
			i = j;
		}
		MemoryContextSwitchTo(caller);
		result = so_jb_assemble(entries, nentries, false);
	}
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(scratch);
	return result;
}
