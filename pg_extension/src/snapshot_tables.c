/*
 * snapshot_tables.c: schemaops._snapshot_tables(schema oid) -> jsonb, the "tables" member of the schema
 * document (docs/document-format.md, dialect postgres) built in C (issue 3: snapshot speed).
 *
 * The SQL reference is the tables query of schemaops._snapshot_sql() (sql/postgres/10_snapshot.sql); this
 * function gives the same jsonb byte for byte (tests/lib/snapshot_c_pg.t compares both on every fixture, a
 * generated schema and the e2e mutation states). The relations of the schema are read with one scan of
 * pg_class; everything per relation with index scans of the per-relation catalogs (pg_attribute,
 * pg_attrdef, pg_description, pg_constraint, pg_index, pg_trigger, pg_policy, pg_depend, pg_inherits) and
 * the catalog caches. Text is deparsed by the functions the SQL calls (pg_get_expr, format_type,
 * pg_get_indexdef, pg_get_triggerdef, pg_get_constraintdef, pg_get_partkeydef), called directly, so every
 * string is the SQL's; they run with the caller's settings: snapshot() pins search_path (the schema, then
 * pg_catalog), DateStyle and the rest before calling this. Like the SQL, column defaults are deparsed without
 * the table as context (a default cannot reference a column); CHECK expressions, index predicates, policies
 * and generated columns are deparsed with it, as pg_get_expr(expr, relid) needs (it opens the relation and
 * closes it again: no lock is kept).
 *
 * Memory: the jsonb under construction lives in the caller's context; all reading and deparsing of one
 * relation happens in a scratch context reset after it. CHECK_FOR_INTERRUPTS once per relation.
 * Catalogs are readable by every role, as for the SQL function (SECURITY INVOKER); role names are those
 * pg_roles shows to everyone.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_description.h"
#include "catalog/pg_index.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_sequence.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "snapshot.h"

PG_FUNCTION_INFO_V1(so_pg_snapshot_tables);
PG_FUNCTION_INFO_V1(so_pg_snapshot_document);

/* What the document needs of one pg_class row of the schema. */
typedef struct snap_rel {
	Oid oid;
	char *name;
	char relkind;
	float4 reltuples;
	bool relispartition;
	bool rowsecurity;
	bool forcerowsecurity;
	char persistence;
	char replident;
	bool hastriggers;
	Oid toastrelid;
	Datum reloptions; /* text[], 0 when NULL */
	Datum partbound;  /* pg_node_tree, 0 when NULL */
} snap_rel;

static int rel_cmp(const void *a, const void *b)
{
	/* ORDER BY relname: name compares with the C collation */
	return strcmp(((const snap_rel *)a)->name, ((const snap_rel *)b)->name);
}

/* whether (classid, objid) is a member of an extension (a pg_depend row of deptype 'e') */
static bool is_extension_member(Relation depend, Oid classid, Oid objid)
{
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tup;
	bool member = false;

	ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(classid));
	ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objid));
	scan = systable_beginscan(depend, DependDependerIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
		if (((Form_pg_depend)GETSTRUCT(tup))->deptype == DEPENDENCY_EXTENSION) {
			member = true;
			break;
		}
	systable_endscan(scan);
	return member;
}

/* the tables (relkind r and p) of the schema that are no extension's, sorted by name, in the current context */
static snap_rel *read_relations(Oid nsp, int *count)
{
	Relation pg_class = table_open(RelationRelationId, AccessShareLock);
	Relation depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	snap_rel *rels;
	int n = 0;
	int cap = 64;

	rels = palloc(cap * sizeof(snap_rel));
	/* no index leads with relnamespace: one sequential scan of pg_class */
	ScanKeyInit(&key, Anum_pg_class_relnamespace, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(nsp));
	scan = systable_beginscan(pg_class, InvalidOid, false, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_class c = (Form_pg_class)GETSTRUCT(tup);
		snap_rel *r;
		bool isnull;
		Datum d;

		if (c->relkind != RELKIND_RELATION && c->relkind != RELKIND_PARTITIONED_TABLE)
			continue;
		if (is_extension_member(depend, RelationRelationId, c->oid))
			continue;
		if (n == cap) {
			cap *= 2;
			rels = repalloc_huge(rels, (Size)cap * sizeof(snap_rel));
		}
		r = &rels[n++];
		r->oid = c->oid;
		r->name = pstrdup(NameStr(c->relname));
		r->relkind = c->relkind;
		r->reltuples = c->reltuples;
		r->relispartition = c->relispartition;
		r->rowsecurity = c->relrowsecurity;
		r->forcerowsecurity = c->relforcerowsecurity;
		r->persistence = c->relpersistence;
		r->replident = c->relreplident;
		r->hastriggers = c->relhastriggers;
		r->toastrelid = c->reltoastrelid;
		d = heap_getattr(tup, Anum_pg_class_reloptions, RelationGetDescr(pg_class), &isnull);
		r->reloptions = isnull ? (Datum)0 : PointerGetDatum(PG_DETOAST_DATUM_COPY(d));
		d = heap_getattr(tup, Anum_pg_class_relpartbound, RelationGetDescr(pg_class), &isnull);
		r->partbound = isnull ? (Datum)0 : PointerGetDatum(PG_DETOAST_DATUM_COPY(d));
	}
	systable_endscan(scan);
	table_close(depend, AccessShareLock);
	table_close(pg_class, AccessShareLock);
	if (n > 1)
		qsort(rels, n, sizeof(snap_rel), rel_cmp);
	*count = n;
	return rels;
}

/* the live columns of relid in attnum order (pg_attribute by its (attrelid, attnum) index) */
static void read_attributes(so_snap *s, Oid relid, so_snap_atts *atts)
{
	Relation rel = s->attribute;
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tup;
	int cap = 16;

	atts->n = 0;
	atts->att = palloc(cap * sizeof(so_snap_att));
	ScanKeyInit(&key[0], Anum_pg_attribute_attrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	ScanKeyInit(&key[1], Anum_pg_attribute_attnum, BTGreaterStrategyNumber, F_INT2GT, Int16GetDatum(0));
	scan = systable_beginscan(rel, AttributeRelidNumIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_attribute a = (Form_pg_attribute)GETSTRUCT(tup);
		so_snap_att *o;

		if (a->attisdropped)
			continue;
		if (atts->n == cap) {
			cap *= 2;
			atts->att = repalloc(atts->att, cap * sizeof(so_snap_att));
		}
		o = &atts->att[atts->n++];
		o->attnum = a->attnum;
		o->name = pstrdup(NameStr(a->attname));
		o->typid = a->atttypid;
		o->typmod = a->atttypmod;
		o->collation = a->attcollation;
		o->notnull = a->attnotnull;
		o->generated = a->attgenerated;
		o->identity = a->attidentity;
		o->stattarget = a->attstattarget;
		o->storage = a->attstorage;
	}
	systable_endscan(scan);
}

/* adbin of every default of relid, indexed by attnum (1..maxatt); NULL where none */
static text **read_defaults(so_snap *s, Oid relid, int maxatt)
{
	Relation rel = s->attrdef;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	text **defs = palloc0((maxatt + 1) * sizeof(text *));

	ScanKeyInit(&key, Anum_pg_attrdef_adrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, AttrDefaultIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_attrdef ad = (Form_pg_attrdef)GETSTRUCT(tup);
		bool isnull;
		Datum d = heap_getattr(tup, Anum_pg_attrdef_adbin, RelationGetDescr(rel), &isnull);

		if (!isnull && ad->adnum > 0 && ad->adnum <= maxatt)
			defs[ad->adnum] = (text *)PG_DETOAST_DATUM_COPY(d);
	}
	systable_endscan(scan);
	return defs;
}

/* "columns": [{name, type, nullable, default, identity, generated, generated_stored, collation, comment}] */
static void emit_columns(so_snap *s, Oid relid, const so_snap_atts *atts, char **comments)
{
	int maxatt = atts->n ? atts->att[atts->n - 1].attnum : 0;
	text **defs = read_defaults(s, relid, maxatt);
	int i;

	so_snap_begin_array(s, "columns");
	for (i = 0; i < atts->n; i++) {
		const so_snap_att *a = &atts->att[i];
		text *def = defs[a->attnum];

		so_snap_begin_object(s, NULL);
		so_snap_str(s, "name", a->name);
		so_snap_str(s, "type",
		            so_snap_call_text(format_type, 2, ObjectIdGetDatum(a->typid), Int32GetDatum(a->typmod), 0));
		if (a->notnull)
			so_snap_bool(s, "nullable", false);
		if (def && a->generated == '\0' && a->identity == '\0')
			so_snap_str(s, "default",
			            so_snap_call_text(pg_get_expr_ext, 3, PointerGetDatum(def),
			                              ObjectIdGetDatum(InvalidOid), BoolGetDatum(true)));
		if (a->identity == ATTRIBUTE_IDENTITY_ALWAYS)
			so_snap_str(s, "identity", "always");
		else if (a->identity == ATTRIBUTE_IDENTITY_BY_DEFAULT)
			so_snap_str(s, "identity", "by default");
		if (def && a->generated != '\0')
			so_snap_str(s, "generated",
			            so_snap_call_text(pg_get_expr_ext, 3, PointerGetDatum(def), ObjectIdGetDatum(relid),
			                              BoolGetDatum(true)));
		if (a->generated == ATTRIBUTE_GENERATED_STORED)
			so_snap_bool(s, "generated_stored", true);
		if (OidIsValid(a->collation) && a->collation != get_typcollation(a->typid))
			so_snap_str(s, "collation", get_collation_name(a->collation));
		so_snap_str(s, "comment", comments[a->attnum]);
		so_snap_end_object(s);
	}
	so_snap_end_array(s);
}

static int att_name_cmp(const void *a, const void *b)
{
	return strcmp((*(const so_snap_att *const *)a)->name, (*(const so_snap_att *const *)b)->name);
}

/* "column_options": SET STATISTICS / SET STORAGE that differ from what CREATE TABLE gives, by column name */
static void emit_column_options(so_snap *s, const so_snap_atts *atts)
{
	const so_snap_att **sel = palloc(Max(atts->n, 1) * sizeof(so_snap_att *));
	int n = 0;
	int i;

	for (i = 0; i < atts->n; i++)
		if (atts->att[i].stattarget >= 0 || atts->att[i].storage != get_typstorage(atts->att[i].typid))
			sel[n++] = &atts->att[i];
	if (n == 0)
		return;
	qsort(sel, n, sizeof(so_snap_att *), att_name_cmp);
	so_snap_begin_array(s, "column_options");
	for (i = 0; i < n; i++) {
		const so_snap_att *a = sel[i];

		so_snap_begin_object(s, NULL);
		so_snap_str(s, "name", a->name);
		if (a->stattarget >= 0)
			so_snap_int(s, "statistics", a->stattarget);
		if (a->storage != get_typstorage(a->typid)) {
			const char *w = a->storage == TYPSTORAGE_PLAIN      ? "plain"
			                : a->storage == TYPSTORAGE_EXTERNAL ? "external"
			                : a->storage == TYPSTORAGE_MAIN     ? "main"
			                : a->storage == TYPSTORAGE_EXTENDED ? "extended"
			                                                    : NULL;
			so_snap_str(s, "storage", w);
		}
		so_snap_end_object(s);
	}
	so_snap_end_array(s);
}

typedef struct snap_idopt {
	const char *name;
	Form_pg_sequence seq;
} snap_idopt;

static int idopt_cmp(const void *a, const void *b)
{
	return strcmp(((const snap_idopt *)a)->name, ((const snap_idopt *)b)->name);
}

/* the largest value of an identity column's type (int2, int4, int8); 0 for another type */
static bool identity_max(Oid typid, int64 *max)
{
	switch (typid) {
	case INT2OID:
		*max = PG_INT16_MAX;
		return true;
	case INT4OID:
		*max = PG_INT32_MAX;
		return true;
	case INT8OID:
		*max = PG_INT64_MAX;
		return true;
	default:
		return false;
	}
}

/*
 * "identity_options": identity columns whose sequence (pg_depend deptype 'i' on the column) has options other
 * than the defaults (start, increment, min, cache 1, max of the sequence type, no cycle), by column name.
 */
static void emit_identity_options(so_snap *s, Oid relid, const so_snap_atts *atts)
{
	Relation depend = s->depend;
	snap_idopt *sel = NULL;
	int n = 0;
	int cap = 0;
	int i;

	for (i = 0; i < atts->n; i++) {
		const so_snap_att *a = &atts->att[i];
		ScanKeyData key[3];
		SysScanDesc scan;
		HeapTuple tup;

		if (a->identity == '\0')
			continue;
		ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
		            ObjectIdGetDatum(RelationRelationId));
		ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
		ScanKeyInit(&key[2], Anum_pg_depend_refobjsubid, BTEqualStrategyNumber, F_INT4EQ,
		            Int32GetDatum((int32)a->attnum));
		scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 3, key);
		while (HeapTupleIsValid(tup = systable_getnext(scan))) {
			Form_pg_depend dp = (Form_pg_depend)GETSTRUCT(tup);
			HeapTuple st;
			Form_pg_sequence q;
			int64 max;

			if (dp->classid != RelationRelationId || dp->deptype != DEPENDENCY_INTERNAL)
				continue;
			st = SearchSysCache1(SEQRELID, ObjectIdGetDatum(dp->objid));
			if (!HeapTupleIsValid(st))
				continue;
			q = palloc(sizeof(FormData_pg_sequence));
			memcpy(q, GETSTRUCT(st), sizeof(FormData_pg_sequence));
			ReleaseSysCache(st);
			/* the SQL's NOT (defaults): a type without a known maximum compares as NULL: no entry */
			if (!identity_max(q->seqtypid, &max))
				continue;
			if (q->seqstart == 1 && q->seqincrement == 1 && q->seqmin == 1 && q->seqmax == max &&
			    q->seqcache == 1 && !q->seqcycle)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 4;
				sel = sel ? repalloc(sel, cap * sizeof(snap_idopt)) : palloc(cap * sizeof(snap_idopt));
			}
			sel[n].name = a->name;
			sel[n].seq = q;
			n++;
		}
		systable_endscan(scan);
	}
	if (n == 0)
		return;
	qsort(sel, n, sizeof(snap_idopt), idopt_cmp);
	so_snap_begin_array(s, "identity_options");
	for (i = 0; i < n; i++) {
		so_snap_begin_object(s, NULL);
		so_snap_str(s, "name", sel[i].name);
		so_snap_int(s, "start", sel[i].seq->seqstart);
		so_snap_int(s, "increment", sel[i].seq->seqincrement);
		so_snap_int(s, "min", sel[i].seq->seqmin);
		so_snap_int(s, "max", sel[i].seq->seqmax);
		so_snap_int(s, "cache", sel[i].seq->seqcache);
		so_snap_bool(s, "cycle", sel[i].seq->seqcycle);
		so_snap_end_object(s);
	}
	so_snap_end_array(s);
}

typedef struct snap_opt {
	char *name;
	char *value;
} snap_opt;

static int opt_cmp(const void *a, const void *b)
{
	return strcmp(((const snap_opt *)a)->name, ((const snap_opt *)b)->name);
}

/* appends the name=value items of a reloptions text[] (name prefixed) to opts */
static void split_options(Datum reloptions, const char *prefix, snap_opt **opts, int *n, int *cap)
{
	Datum *elems;
	bool *nulls;
	int ne;
	int i;

	deconstruct_array(DatumGetArrayTypeP(reloptions), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &ne);
	for (i = 0; i < ne; i++) {
		char *opt;
		char *eq;

		if (nulls[i])
			continue;
		opt = TextDatumGetCString(elems[i]);
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			*opts = *opts ? repalloc(*opts, *cap * sizeof(snap_opt)) : palloc(*cap * sizeof(snap_opt));
		}
		/* split_part(opt, '=', 1) and what follows the first '=' (all of opt when there is none) */
		eq = strchr(opt, '=');
		(*opts)[*n].value = eq ? pstrdup(eq + 1) : pstrdup(opt);
		if (eq)
			*eq = '\0';
		(*opts)[*n].name = psprintf("%s%s", prefix, opt);
		(*n)++;
	}
}

/* "storage_parameters": the table's reloptions and its TOAST table's (as toast.name), by name */
static void emit_storage_parameters(so_snap *s, const snap_rel *r)
{
	snap_opt *opts = NULL;
	int n = 0;
	int cap = 0;
	int i;

	if (r->reloptions)
		split_options(r->reloptions, "", &opts, &n, &cap);
	if (OidIsValid(r->toastrelid)) {
		HeapTuple tt = SearchSysCache1(RELOID, ObjectIdGetDatum(r->toastrelid));

		if (HeapTupleIsValid(tt)) {
			bool isnull;
			Datum d = SysCacheGetAttr(RELOID, tt, Anum_pg_class_reloptions, &isnull);

			if (!isnull)
				split_options(d, "toast.", &opts, &n, &cap);
			ReleaseSysCache(tt);
		}
	}
	if (n == 0)
		return;
	qsort(opts, n, sizeof(snap_opt), opt_cmp);
	so_snap_begin_array(s, "storage_parameters");
	for (i = 0; i < n; i++) {
		so_snap_begin_object(s, NULL);
		so_snap_str(s, "name", opts[i].name);
		so_snap_str(s, "value", opts[i].value);
		so_snap_end_object(s);
	}
	so_snap_end_array(s);
}

/* the parent of a partition (pg_inherits by inhrelid), InvalidOid if none */
static Oid partition_parent(so_snap *s, Oid relid)
{
	Relation rel = s->inherits;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	Oid parent = InvalidOid;

	ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, InheritsRelidSeqnoIndexId, true, NULL, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)))
		parent = ((Form_pg_inherits)GETSTRUCT(tup))->inhparent;
	systable_endscan(scan);
	return parent;
}

/* one table object, built in s->doc_cxt (the current context): its root value */
static JsonbValue *emit_table(so_snap *s, const snap_rel *r)
{
	so_snap_atts atts;
	List *conindids;
	char **comments;

	read_attributes(s, r->oid, &atts);
	comments = so_snap_descriptions(s, r->oid, atts.n ? atts.att[atts.n - 1].attnum : 0);
	so_snap_begin_object(s, NULL);
	so_snap_str(s, "name", r->name);
	if (r->reltuples >= 0)
		so_snap_int(s, "rows", DatumGetInt64(DirectFunctionCall1(ftoi8, Float4GetDatum(r->reltuples))));
	so_snap_str(s, "comment", comments[0]);
	if (r->relkind == RELKIND_PARTITIONED_TABLE)
		so_snap_str(s, "partition_by", so_snap_call_text(pg_get_partkeydef, 1, ObjectIdGetDatum(r->oid), 0, 0));
	if (r->relispartition) {
		Oid parent = partition_parent(s, r->oid);

		so_snap_begin_object(s, "partition_of");
		so_snap_str(s, "table", OidIsValid(parent) ? get_rel_name(parent) : NULL);
		if (r->partbound)
			so_snap_str(s, "bound",
			            so_snap_call_text(pg_get_expr_ext, 3, r->partbound, ObjectIdGetDatum(r->oid),
			                              BoolGetDatum(true)));
		so_snap_end_object(s);
	}
	emit_columns(s, r->oid, &atts, comments);
	conindids = so_snap_constraints(s, r->oid, &atts);
	so_snap_indexes(s, r->oid, r->replident, &atts, conindids);
	emit_identity_options(s, r->oid, &atts);
	if (r->hastriggers)
		so_snap_triggers(s, r->oid);
	so_snap_policies(s, r->oid);
	if (r->rowsecurity || r->forcerowsecurity) {
		so_snap_begin_object(s, "rls");
		so_snap_bool(s, "enabled", r->rowsecurity);
		so_snap_bool(s, "forced", r->forcerowsecurity);
		so_snap_end_object(s);
	}
	emit_storage_parameters(s, r);
	emit_column_options(s, &atts);
	if (r->persistence == RELPERSISTENCE_UNLOGGED) {
		so_snap_begin_object(s, "persistence");
		so_snap_bool(s, "unlogged", true);
		so_snap_end_object(s);
	}
	return pushJsonbValue(&s->state, WJB_END_OBJECT, NULL);
}

/*
 * The "tables" array of the schema document: each table object is built in a scratch context (the JsonbValue
 * tree of one table), encoded, and the tree freed; the array is assembled from the encoded objects. Allocated
 * in the caller's context.
 */
static Jsonb *snapshot_tables(Oid nsp)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext scratch;
	so_jb_member *members;
	snap_rel *rels;
	so_snap s;
	int n;
	int i;

	scratch = AllocSetContextCreate(caller, "schemaops snapshot", ALLOCSET_DEFAULT_SIZES);
	rels = read_relations(nsp, &n);
	members = palloc0(Max(n, 1) * sizeof(so_jb_member));
	s.nsp = nsp;
	s.doc_cxt = scratch;
	s.attribute = table_open(AttributeRelationId, AccessShareLock);
	s.attrdef = table_open(AttrDefaultRelationId, AccessShareLock);
	s.description = table_open(DescriptionRelationId, AccessShareLock);
	s.constraint = table_open(ConstraintRelationId, AccessShareLock);
	s.index = table_open(IndexRelationId, AccessShareLock);
	s.inherits = table_open(InheritsRelationId, AccessShareLock);
	s.trigger = table_open(TriggerRelationId, AccessShareLock);
	s.policy = table_open(PolicyRelationId, AccessShareLock);
	s.depend = table_open(DependRelationId, AccessShareLock);
	for (i = 0; i < n; i++) {
		JsonbValue *root;
		Jsonb *jb;

		CHECK_FOR_INTERRUPTS();
		MemoryContextSwitchTo(scratch);
		s.state = NULL;
		root = emit_table(&s, &rels[i]);
		MemoryContextSwitchTo(caller);
		jb = JsonbValueToJsonb(root);
		members[i].container = &jb->root;
		members[i].container_len = VARSIZE(jb) - VARHDRSZ;
		MemoryContextReset(scratch);
	}
	MemoryContextDelete(scratch);
	table_close(s.depend, AccessShareLock);
	table_close(s.policy, AccessShareLock);
	table_close(s.trigger, AccessShareLock);
	table_close(s.inherits, AccessShareLock);
	table_close(s.index, AccessShareLock);
	table_close(s.constraint, AccessShareLock);
	table_close(s.description, AccessShareLock);
	table_close(s.attrdef, AccessShareLock);
	table_close(s.attribute, AccessShareLock);
	return so_jb_assemble(members, n, false);
}

/*
 * schemaops._snapshot_tables(schema oid) -> jsonb: the "tables" array of the schema document, [] when the
 * schema has no tables (or does not exist: snapshot() checks the name first). Internal; callers pin the
 * settings deparsing depends on, as snapshot() does (sql/postgres/10_snapshot.sql).
 */
Datum so_pg_snapshot_tables(PG_FUNCTION_ARGS)
{
	PG_RETURN_JSONB_P(snapshot_tables(PG_GETARG_OID(0)));
}

/*
 * schemaops._snapshot_document(schema oid, kinds jsonb) -> jsonb: the schema document: the members of kinds
 * (an object: the other kinds, _snapshot_kinds(..., '{sequences}')) plus "tables" and the kinds built in C
 * (snapshot.h: "sequences", "dependencies", "extensions"). The result is the jsonb that
 * jsonb_build_object('tables', tables) || kinds gives, assembled from the encoded parts without walking them
 * again (13 MB for 10,000 tables). Internal (snapshot()). ERRCODE_INVALID_PARAMETER_VALUE when kinds is not an
 * object or already has "tables".
 */
Datum so_pg_snapshot_document(PG_FUNCTION_ARGS)
{
	Oid nsp = PG_GETARG_OID(0);
	Jsonb *kinds = PG_GETARG_JSONB_P(1);
	Jsonb *tables;
	Jsonb *sequences;
	Jsonb *dependencies;
	Jsonb *extensions;
	so_jb_member *members;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	JsonbValue v;
	int n = 0;
	int cap;

	if (!JB_ROOT_IS_OBJECT(kinds))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("schemaops._snapshot_document: the other kinds must be a jsonb object")));
	cap = (int)JB_ROOT_COUNT(kinds) + 4; /* + tables, sequences, dependencies, extensions */
	members = palloc0(cap * sizeof(so_jb_member));
	it = JsonbIteratorInit(&kinds->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
		if (tok == WJB_KEY) {
			Assert(n < cap - 1);
			members[n].key = v.val.string.val;
			members[n].keylen = v.val.string.len;
			if (v.val.string.len == 6 && memcmp(v.val.string.val, "tables", 6) == 0)
				ereport(
				    ERROR,
				    (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				     errmsg("schemaops._snapshot_document: the other kinds already have \"tables\"")));
		} else if (tok == WJB_VALUE) {
			if (v.type == jbvBinary) {
				members[n].container = v.val.binary.data;
				members[n].container_len = (uint32)v.val.binary.len;
			} else
				members[n].scalar = v;
			n++;
		}
	}
	tables = snapshot_tables(nsp);
	members[n].key = "tables";
	members[n].keylen = 6;
	members[n].container = &tables->root;
	members[n].container_len = VARSIZE(tables) - VARHDRSZ;
	n++;
	/* the other kinds built in C (snapshot_<kind>.c), absent when empty; a duplicate key is an internal error */
	if ((sequences = so_snap_sequences(nsp)) != NULL) {
		members[n].key = "sequences";
		members[n].keylen = 9;
		members[n].container = &sequences->root;
		members[n].container_len = VARSIZE(sequences) - VARHDRSZ;
		n++;
	}
	if ((dependencies = so_snap_dependencies(nsp)) != NULL) {
		members[n].key = "dependencies";
		members[n].keylen = 12;
		members[n].container = &dependencies->root;
		members[n].container_len = VARSIZE(dependencies) - VARHDRSZ;
		n++;
	}
	if ((extensions = so_snap_extensions(nsp)) != NULL) {
		members[n].key = "extensions";
		members[n].keylen = 10;
		members[n].container = &extensions->root;
		members[n].container_len = VARSIZE(extensions) - VARHDRSZ;
		n++;
	}
	PG_RETURN_JSONB_P(so_jb_assemble(members, n, true));
}
