/*
 * snapshot_extensions.c: the "extensions" member of the schema document (docs/document-format.md) built in C
 * (issue 3: snapshot speed). The SQL reference is the extensions query of schemaops._snapshot_objects()
 * (sql/postgres/15_snapshot_objects.sql), which _snapshot_sql() still runs; snapshot() leaves it out (skip
 * '{extensions}') and _snapshot_document() adds this one: tests/lib/snapshot_c_pg.t compares both documents.
 *
 * The rules, as the SQL has them: the extensions installed in the schema, plus those owning (pg_depend deptype
 * 'e') an object that an object of the schema depends on (deptype n or a) when that object of the schema is
 * not an extension's member itself, plus, transitively, the extensions those require (pg_depend extension ->
 * extension, deptype n); without the ones installed in pg_catalog. The objects of the schema are the rows of
 * pg_class, pg_type, pg_proc and pg_constraint in it and the rewrite rules, defaults, triggers and policies of
 * its relations. Each {name, version, schema (only when not this schema), requires (sorted names)}, by name.
 *
 * The SQL walks from the schema's objects (all of them) to what they depend on; this walks the other way,
 * from the extensions' members (pg_depend's referenced index) to the objects that depend on them, keeping the
 * ones in the schema: the cost follows the number of references to extension members in the database rather
 * than the size of the schema (a 10,000-table schema has ~100,000 objects; a database with schemaops and
 * plpgsql has a few hundred references to their members). The objects depending on the members of an
 * extension installed in pg_catalog that requires nothing (plpgsql: every PL/pgSQL function of the database
 * depends on its language) are not visited: such an extension is never listed and brings no other in.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
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
#include "utils/rel.h"
#include "utils/syscache.h"

#include "snapshot.h"

typedef struct ext_info {
	Oid oid;
	char *name;
	char *version; /* NULL when NULL */
	Oid nsp;
	bool needed;
	bool unlisted; /* in pg_catalog, requiring nothing: whether it is needed changes nothing */
} ext_info;

typedef struct ext_member_key {
	Oid classid;
	Oid objid;
} ext_member_key;

typedef struct ext_member {
	ext_member_key key;
	int ext; /* index in the extension array */
} ext_member;

static int ext_cmp(const void *a, const void *b)
{
	return strcmp(((const ext_info *)a)->name, ((const ext_info *)b)->name);
}

static ext_info *read_extensions(int *count)
{
	Relation rel = table_open(ExtensionRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple tup;
	int cap = 8;
	int n = 0;
	ext_info *exts = palloc(cap * sizeof(ext_info));

	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_extension x = (Form_pg_extension)GETSTRUCT(tup);
		bool isnull;
		Datum d = heap_getattr(tup, Anum_pg_extension_extversion, RelationGetDescr(rel), &isnull);

		if (n == cap) {
			cap *= 2;
			exts = repalloc(exts, cap * sizeof(ext_info));
		}
		exts[n].oid = x->oid;
		exts[n].name = pstrdup(NameStr(x->extname));
		exts[n].version = isnull ? NULL : TextDatumGetCString(d);
		exts[n].nsp = x->extnamespace;
		exts[n].needed = false;
		exts[n].unlisted = false;
		n++;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (n > 1)
		qsort(exts, n, sizeof(ext_info), ext_cmp);
	*count = n;
	return exts;
}

static int find_ext(const ext_info *exts, int n, Oid oid)
{
	int i;

	for (i = 0; i < n; i++)
		if (exts[i].oid == oid)
			return i;
	return -1;
}

/* the relation of row objid of a per-relation catalog (rules, defaults, triggers, policies), InvalidOid if none */
static Oid owning_relation(Oid classid, Oid objid)
{
	Relation rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	AttrNumber oidcol;
	AttrNumber relcol;
	Oid index;
	Oid relid = InvalidOid;

	switch (classid) {
	case RewriteRelationId:
		oidcol = Anum_pg_rewrite_oid;
		relcol = Anum_pg_rewrite_ev_class;
		index = RewriteOidIndexId;
		break;
	case AttrDefaultRelationId:
		oidcol = Anum_pg_attrdef_oid;
		relcol = Anum_pg_attrdef_adrelid;
		index = AttrDefaultOidIndexId;
		break;
	case TriggerRelationId:
		oidcol = Anum_pg_trigger_oid;
		relcol = Anum_pg_trigger_tgrelid;
		index = TriggerOidIndexId;
		break;
	case PolicyRelationId:
		oidcol = Anum_pg_policy_oid;
		relcol = Anum_pg_policy_polrelid;
		index = PolicyOidIndexId;
		break;
	default:
		return InvalidOid;
	}
	rel = table_open(classid, AccessShareLock);
	ScanKeyInit(&key, oidcol, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objid));
	scan = systable_beginscan(rel, index, true, NULL, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan))) {
		bool isnull;
		Datum d = heap_getattr(tup, relcol, RelationGetDescr(rel), &isnull);

		if (!isnull)
			relid = DatumGetObjectId(d);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return relid;
}

/* whether (classid, objid) is one of the schema's objects (the SQL's "mine") */
static bool in_schema(Oid classid, Oid objid, Oid nsp)
{
	HeapTuple tup;
	Oid owner = InvalidOid;

	switch (classid) {
	case RelationRelationId:
		return get_rel_namespace(objid) == nsp;
	case TypeRelationId:
		tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(objid));
		if (HeapTupleIsValid(tup)) {
			owner = ((Form_pg_type)GETSTRUCT(tup))->typnamespace;
			ReleaseSysCache(tup);
		}
		return OidIsValid(owner) && owner == nsp;
	case ProcedureRelationId:
		tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(objid));
		if (HeapTupleIsValid(tup)) {
			owner = ((Form_pg_proc)GETSTRUCT(tup))->pronamespace;
			ReleaseSysCache(tup);
		}
		return OidIsValid(owner) && owner == nsp;
	case ConstraintRelationId:
		tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(objid));
		if (HeapTupleIsValid(tup)) {
			owner = ((Form_pg_constraint)GETSTRUCT(tup))->connamespace;
			ReleaseSysCache(tup);
		}
		return OidIsValid(owner) && owner == nsp;
	case RewriteRelationId:
	case AttrDefaultRelationId:
	case TriggerRelationId:
	case PolicyRelationId: {
		Oid relid = owning_relation(classid, objid);

		return OidIsValid(relid) && get_rel_namespace(relid) == nsp;
	}
	default:
		return false;
	}
}

/* the extensions extension ext requires (pg_depend extension -> extension, deptype n), as indexes into exts */
static List *requirements(Relation depend, const ext_info *exts, int n, Oid ext)
{
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tup;
	List *req = NIL;

	ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
	            ObjectIdGetDatum(ExtensionRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(ext));
	scan = systable_beginscan(depend, DependDependerIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_depend d = (Form_pg_depend)GETSTRUCT(tup);
		int i;

		if (d->refclassid != ExtensionRelationId || d->deptype != DEPENDENCY_NORMAL)
			continue;
		if ((i = find_ext(exts, n, d->refobjid)) >= 0)
			req = lappend_int(req, i);
	}
	systable_endscan(scan);
	return req;
}

Jsonb *so_snap_extensions(Oid nsp)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext scratch = AllocSetContextCreate(caller, "schemaops snapshot extensions", ALLOCSET_DEFAULT_SIZES);
	Relation depend;
	ext_info *exts;
	int n;
	HASHCTL ctl;
	HTAB *members;
	HASH_SEQ_STATUS seq;
	ext_member *m;
	List *work = NIL;
	so_snap s;
	JsonbValue *root = NULL;
	Jsonb *result = NULL;
	int nout = 0;
	int i;

	MemoryContextSwitchTo(scratch);
	exts = read_extensions(&n);
	if (n == 0) {
		MemoryContextSwitchTo(caller);
		MemoryContextDelete(scratch);
		return NULL;
	}
	depend = table_open(DependRelationId, AccessShareLock);

	/* every extension's members: pg_depend rows of deptype e referencing it */
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(ext_member_key);
	ctl.entrysize = sizeof(ext_member);
	ctl.hcxt = scratch;
	members = hash_create("schemaops extension members", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (i = 0; i < n; i++) {
		ScanKeyData key[2];
		SysScanDesc scan;
		HeapTuple tup;

		if (exts[i].nsp == nsp)
			exts[i].needed = true; /* installed in the schema */
		/*
		 * An extension of the server's (plpgsql) is never listed; one that requires nothing brings nothing in:
		 * the objects depending on its members (every PL/pgSQL function of the database) need not be visited.
		 * Its members still count as extension members below.
		 */
		if (exts[i].nsp == PG_CATALOG_NAMESPACE && requirements(depend, exts, n, exts[i].oid) == NIL)
			exts[i].unlisted = true;
		ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
		            ObjectIdGetDatum(ExtensionRelationId));
		ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
		            ObjectIdGetDatum(exts[i].oid));
		scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 2, key);
		while (HeapTupleIsValid(tup = systable_getnext(scan))) {
			Form_pg_depend d = (Form_pg_depend)GETSTRUCT(tup);
			ext_member_key k = {d->classid, d->objid};

			if (d->deptype == DEPENDENCY_EXTENSION)
				((ext_member *)hash_search(members, &k, HASH_ENTER, NULL))->ext = i;
		}
		systable_endscan(scan);
	}

	/* the objects depending on a member (deptype n or a) that are the schema's and no extension's members */
	hash_seq_init(&seq, members);
	while ((m = hash_seq_search(&seq)) != NULL) {
		ScanKeyData key[2];
		SysScanDesc scan;
		HeapTuple tup;

		CHECK_FOR_INTERRUPTS();
		if (exts[m->ext].needed || exts[m->ext].unlisted)
			continue;
		ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
		            ObjectIdGetDatum(m->key.classid));
		ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
		            ObjectIdGetDatum(m->key.objid));
		scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 2, key);
		while (HeapTupleIsValid(tup = systable_getnext(scan))) {
			Form_pg_depend d = (Form_pg_depend)GETSTRUCT(tup);
			ext_member_key k = {d->classid, d->objid};

			if (d->deptype != DEPENDENCY_NORMAL && d->deptype != DEPENDENCY_AUTO)
				continue;
			if (hash_search(members, &k, HASH_FIND, NULL) != NULL)
				continue; /* a member of an extension itself */
			if (in_schema(d->classid, d->objid, nsp)) {
				exts[m->ext].needed = true;
				break;
			}
		}
		systable_endscan(scan);
	}

	/* and what those require, transitively */
	for (i = 0; i < n; i++)
		if (exts[i].needed)
			work = lappend_int(work, i);
	while (work != NIL) {
		int e = linitial_int(work);
		ListCell *lc;
		List *req;

		work = list_delete_first(work);
		req = requirements(depend, exts, n, exts[e].oid);
		foreach (lc, req)
			if (!exts[lfirst_int(lc)].needed) {
				exts[lfirst_int(lc)].needed = true;
				work = lappend_int(work, lfirst_int(lc));
			}
	}

	/* the document's entries, by name (exts are sorted), without the server's (in pg_catalog) */
	memset(&s, 0, sizeof(s));
	s.doc_cxt = scratch;
	for (i = 0; i < n; i++) {
		ListCell *lc;
		List *req;
		char *nspname;

		if (!exts[i].needed)
			continue;
		nspname = get_namespace_name(exts[i].nsp);
		if (nspname == NULL || strcmp(nspname, "pg_catalog") == 0)
			continue;
		if (nout++ == 0)
			so_snap_begin_array(&s, NULL);
		so_snap_begin_object(&s, NULL);
		so_snap_str(&s, "name", exts[i].name);
		so_snap_str(&s, "version", exts[i].version);
		if (exts[i].nsp != nsp)
			so_snap_str(&s, "schema", nspname);
		req = requirements(depend, exts, n, exts[i].oid);
		if (req != NIL) {
			/* exts are sorted by name: sorting the indexes sorts the names */
			list_sort(req, list_int_cmp);
			so_snap_begin_array(&s, "requires");
			foreach (lc, req)
				so_snap_str(&s, NULL, exts[lfirst_int(lc)].name);
			so_snap_end_array(&s);
		}
		so_snap_end_object(&s);
	}
	if (nout > 0)
		root = pushJsonbValue(&s.state, WJB_END_ARRAY, NULL);
	table_close(depend, AccessShareLock);
	MemoryContextSwitchTo(caller);
	if (root)
		result = JsonbValueToJsonb(root);
	MemoryContextDelete(scratch);
	return result;
}
