/*
 * snapshot_constraints.c: the constraint, index, trigger and policy members of one table object of the C
 * snapshot (snapshot.h; the SQL reference is the con/pk/uq/fk/ck/excl/ix/trg/pol/ixopt/concom/notvalid parts
 * of schemaops._snapshot_sql(), sql/postgres/10_snapshot.sql). Each list comes from one index scan of its
 * catalog on the relation; the (relid, name) indexes of pg_constraint, pg_trigger and pg_policy give the
 * lists already ordered by name (name compares with the C collation, as ORDER BY conname does).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_trigger.h"
#include "commands/defrem.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "snapshot.h"

/* What the document needs of one pg_constraint row. */
typedef struct snap_con {
	Oid oid;
	char *name;
	char contype;
	bool deferrable;
	bool deferred;
	bool validated;
	bool noinherit;
	Oid confrelid;
	char upd;
	char del;
	char match;
	int16 *key; /* conkey */
	int nkey;
	int16 *fkey; /* confkey */
	int nfkey;
	text *bin; /* conbin */
} snap_con;

/* an int2[] datum as a palloc'd array */
static int16 *int2_array(Datum d, int *n)
{
	ArrayType *arr = DatumGetArrayTypeP(d);
	Datum *elems;
	bool *nulls;
	int16 *out;
	int i;

	deconstruct_array(arr, INT2OID, sizeof(int16), true, TYPALIGN_SHORT, &elems, &nulls, n);
	out = palloc(Max(*n, 1) * sizeof(int16));
	for (i = 0; i < *n; i++)
		out[i] = nulls[i] ? 0 : DatumGetInt16(elems[i]);
	return out;
}

/* "columns": the key's column names in key order (columns that are not live are left out, as the join does) */
static void emit_key_columns(so_snap *s, const snap_con *k, const so_snap_atts *atts)
{
	int i;

	so_snap_begin_array(s, "columns");
	for (i = 0; i < k->nkey; i++) {
		const char *name = so_snap_att_name(atts, k->key[i]);

		if (name)
			so_snap_str(s, NULL, name);
	}
	so_snap_end_array(s);
}

/* whether any key column is live: the SQL's conkeys row exists (a key without one drops the constraint) */
static bool has_key_columns(const snap_con *k, const so_snap_atts *atts)
{
	int i;

	for (i = 0; i < k->nkey; i++)
		if (so_snap_att_name(atts, k->key[i]))
			return true;
	return false;
}

static void emit_deferrable(so_snap *s, const snap_con *k)
{
	if (k->deferrable)
		so_snap_bool(s, "deferrable", true);
	if (k->deferred)
		so_snap_bool(s, "initially_deferred", true);
}

/* on_update / on_delete words: 'a' (no action) is the default and absent */
static const char *fk_action(char c)
{
	switch (c) {
	case FKCONSTR_ACTION_RESTRICT:
		return "restrict";
	case FKCONSTR_ACTION_CASCADE:
		return "cascade";
	case FKCONSTR_ACTION_SETNULL:
		return "set null";
	case FKCONSTR_ACTION_SETDEFAULT:
		return "set default";
	default:
		return NULL;
	}
}

static void emit_foreign_key(so_snap *s, const snap_con *k, const so_snap_atts *atts)
{
	HeapTuple rt = SearchSysCache1(RELOID, ObjectIdGetDatum(k->confrelid));
	Form_pg_class rc;
	int i;

	if (!HeapTupleIsValid(rt)) /* the join with pg_class drops it */
		return;
	rc = (Form_pg_class)GETSTRUCT(rt);
	so_snap_begin_object(s, NULL);
	so_snap_str(s, "name", k->name);
	emit_key_columns(s, k, atts);
	so_snap_begin_object(s, "references");
	if (rc->relnamespace != s->nsp)
		so_snap_str(s, "schema", get_namespace_name(rc->relnamespace));
	so_snap_str(s, "table", NameStr(rc->relname));
	if (k->nfkey > 0) {
		so_snap_begin_array(s, "columns");
		for (i = 0; i < k->nfkey; i++) {
			char *name = get_attname(k->confrelid, k->fkey[i], true);

			if (name)
				so_snap_str(s, NULL, name);
			else
				so_snap_null(s);
		}
		so_snap_end_array(s);
	}
	so_snap_end_object(s);
	ReleaseSysCache(rt);
	so_snap_str(s, "on_update", fk_action(k->upd));
	so_snap_str(s, "on_delete", fk_action(k->del));
	so_snap_str(s, "match",
	            k->match == FKCONSTR_MATCH_FULL      ? "full"
	            : k->match == FKCONSTR_MATCH_PARTIAL ? "partial"
	                                                 : NULL);
	emit_deferrable(s, k);
	so_snap_end_object(s);
}

List *so_snap_constraints(so_snap *s, Oid relid, const so_snap_atts *atts)
{
	Relation rel = s->constraint;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	snap_con *cons;
	List *conindids = NIL;
	int n = 0;
	int cap = 8;
	int i;
	int count;
	char **comments;

	cons = palloc(cap * sizeof(snap_con));
	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, ConstraintRelidTypidNameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_constraint c = (Form_pg_constraint)GETSTRUCT(tup);
		snap_con *k;
		bool isnull;
		Datum d;

		/* any constraint's index, cloned ones included, is no stand-alone index */
		if ((c->contype == CONSTRAINT_PRIMARY || c->contype == CONSTRAINT_UNIQUE ||
		     c->contype == CONSTRAINT_EXCLUSION) &&
		    OidIsValid(c->conindid))
			conindids = lappend_oid(conindids, c->conindid);
		/* a partition's clones of its parent's constraints and inherited checks are the parent's */
		if (OidIsValid(c->conparentid) || !c->conislocal)
			continue;
		if (n == cap) {
			cap *= 2;
			cons = repalloc(cons, cap * sizeof(snap_con));
		}
		k = &cons[n++];
		k->oid = c->oid;
		k->name = pstrdup(NameStr(c->conname));
		k->contype = c->contype;
		k->deferrable = c->condeferrable;
		k->deferred = c->condeferred;
		k->validated = c->convalidated;
		k->noinherit = c->connoinherit;
		k->confrelid = c->confrelid;
		k->upd = c->confupdtype;
		k->del = c->confdeltype;
		k->match = c->confmatchtype;
		d = heap_getattr(tup, Anum_pg_constraint_conkey, RelationGetDescr(rel), &isnull);
		k->key = isnull ? NULL : int2_array(d, &k->nkey);
		if (isnull)
			k->nkey = 0;
		d = heap_getattr(tup, Anum_pg_constraint_confkey, RelationGetDescr(rel), &isnull);
		k->fkey = isnull ? NULL : int2_array(d, &k->nfkey);
		if (isnull)
			k->nfkey = 0;
		d = heap_getattr(tup, Anum_pg_constraint_conbin, RelationGetDescr(rel), &isnull);
		k->bin = isnull ? NULL : (text *)PG_DETOAST_DATUM_COPY(d);
	}
	systable_endscan(scan);
	if (n == 0)
		return conindids;

	/* primary_key: at most one */
	for (i = 0; i < n; i++)
		if (cons[i].contype == CONSTRAINT_PRIMARY && has_key_columns(&cons[i], atts)) {
			so_snap_begin_object(s, "primary_key");
			so_snap_str(s, "name", cons[i].name);
			emit_key_columns(s, &cons[i], atts);
			emit_deferrable(s, &cons[i]);
			so_snap_end_object(s);
		}

	for (count = 0, i = 0; i < n; i++)
		count += cons[i].contype == CONSTRAINT_UNIQUE && has_key_columns(&cons[i], atts);
	if (count) {
		so_snap_begin_array(s, "unique");
		for (i = 0; i < n; i++)
			if (cons[i].contype == CONSTRAINT_UNIQUE && has_key_columns(&cons[i], atts)) {
				so_snap_begin_object(s, NULL);
				so_snap_str(s, "name", cons[i].name);
				emit_key_columns(s, &cons[i], atts);
				emit_deferrable(s, &cons[i]);
				so_snap_end_object(s);
			}
		so_snap_end_array(s);
	}

	for (count = 0, i = 0; i < n; i++)
		count += cons[i].contype == CONSTRAINT_FOREIGN && has_key_columns(&cons[i], atts) &&
		         SearchSysCacheExists1(RELOID, ObjectIdGetDatum(cons[i].confrelid));
	if (count) {
		so_snap_begin_array(s, "foreign_keys");
		for (i = 0; i < n; i++)
			if (cons[i].contype == CONSTRAINT_FOREIGN && has_key_columns(&cons[i], atts))
				emit_foreign_key(s, &cons[i], atts);
		so_snap_end_array(s);
	}

	for (count = 0, i = 0; i < n; i++)
		count += cons[i].contype == CONSTRAINT_CHECK;
	if (count) {
		so_snap_begin_array(s, "checks");
		for (i = 0; i < n; i++)
			if (cons[i].contype == CONSTRAINT_CHECK) {
				so_snap_begin_object(s, NULL);
				so_snap_str(s, "name", cons[i].name);
				if (cons[i].bin)
					so_snap_str(s, "expression",
					            so_snap_call_text(pg_get_expr_ext, 3, PointerGetDatum(cons[i].bin),
					                              ObjectIdGetDatum(relid), BoolGetDatum(true)));
				if (cons[i].noinherit)
					so_snap_bool(s, "no_inherit", true);
				so_snap_end_object(s);
			}
		so_snap_end_array(s);
	}

	for (count = 0, i = 0; i < n; i++)
		count += cons[i].contype == CONSTRAINT_EXCLUSION;
	if (count) {
		so_snap_begin_array(s, "exclusion_constraints");
		for (i = 0; i < n; i++)
			if (cons[i].contype == CONSTRAINT_EXCLUSION) {
				so_snap_begin_object(s, NULL);
				so_snap_str(s, "name", cons[i].name);
				so_snap_str(s, "definition",
				            so_snap_call_text(pg_get_constraintdef_ext, 2,
				                              ObjectIdGetDatum(cons[i].oid), BoolGetDatum(true), 0));
				so_snap_end_object(s);
			}
		so_snap_end_array(s);
	}

	comments = palloc(n * sizeof(char *));
	for (count = 0, i = 0; i < n; i++) {
		comments[i] = so_snap_description(s, cons[i].oid, ConstraintRelationId, -1);
		count += comments[i] != NULL;
	}
	if (count) {
		so_snap_begin_array(s, "constraint_comments");
		for (i = 0; i < n; i++)
			if (comments[i]) {
				so_snap_begin_object(s, NULL);
				so_snap_str(s, "name", cons[i].name);
				so_snap_str(s, "comment", comments[i]);
				so_snap_end_object(s);
			}
		so_snap_end_array(s);
	}

	for (count = 0, i = 0; i < n; i++)
		count += (cons[i].contype == CONSTRAINT_CHECK || cons[i].contype == CONSTRAINT_FOREIGN) &&
		         !cons[i].validated;
	if (count) {
		so_snap_begin_array(s, "not_valid_constraints");
		for (i = 0; i < n; i++)
			if ((cons[i].contype == CONSTRAINT_CHECK || cons[i].contype == CONSTRAINT_FOREIGN) &&
			    !cons[i].validated) {
				so_snap_begin_object(s, NULL);
				so_snap_str(s, "name", cons[i].name);
				so_snap_end_object(s);
			}
		so_snap_end_array(s);
	}
	return conindids;
}

/* What the document needs of one pg_index row. */
typedef struct snap_index {
	Oid oid;
	char *name;
	char *amname;
	bool unique;
	bool nulls_not_distinct;
	bool replident;
	bool attached; /* a partition of an index of the parent (pg_inherits) */
	bool backs_constraint;
	int nkeyatts;
	int natts;
	int16 *indkey;
	Oid *indclass;
	Oid *indcollation;
	int16 *indoption;
	text *indpred;
	Datum reloptions; /* text[], 0 when NULL */
} snap_index;

static int index_cmp(const void *a, const void *b)
{
	return strcmp(((const snap_index *)a)->name, ((const snap_index *)b)->name);
}

static bool has_inherits_row(Relation inherits, Oid relid)
{
	ScanKeyData key;
	SysScanDesc scan;
	bool found;

	ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(inherits, InheritsRelidSeqnoIndexId, true, NULL, 1, &key);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	return found;
}

/* one element of an index's "columns" (key position n, 1-based) */
static void emit_index_key(so_snap *s, const snap_index *x, int n, const so_snap_atts *atts)
{
	int16 attnum = x->indkey[n - 1];
	int16 opt = x->indoption[n - 1];
	bool desc = (opt & INDOPTION_DESC) != 0;
	bool nulls_first = (opt & INDOPTION_NULLS_FIRST) != 0;
	const char *colname = attnum != 0 ? so_snap_att_name(atts, attnum) : NULL;
	Oid coll = x->indcollation[n - 1];
	HeapTuple oct;

	so_snap_begin_object(s, NULL);
	so_snap_str(s, "column", colname);
	if (attnum == 0)
		so_snap_str(s, "expression",
		            so_snap_call_text(pg_get_indexdef_ext, 3, ObjectIdGetDatum(x->oid), Int32GetDatum(n),
		                              BoolGetDatum(true)));
	if (desc)
		so_snap_bool(s, "desc", true);
	/* NULLS only where it differs from the direction's default (FIRST for DESC) */
	if (desc != nulls_first)
		so_snap_str(s, "nulls", nulls_first ? "first" : "last");
	oct = SearchSysCache1(CLAOID, ObjectIdGetDatum(x->indclass[n - 1]));
	if (HeapTupleIsValid(oct)) {
		Form_pg_opclass oc = (Form_pg_opclass)GETSTRUCT(oct);

		if (!oc->opcdefault) {
			if (oc->opcnamespace == PG_CATALOG_NAMESPACE)
				so_snap_str(s, "opclass", quote_identifier(NameStr(oc->opcname)));
			else {
				char *nsp = get_namespace_name(oc->opcnamespace);

				/* concat() skips a NULL */
				so_snap_str(s, "opclass",
				            psprintf("%s.%s", nsp ? quote_identifier(nsp) : "",
				                     quote_identifier(NameStr(oc->opcname))));
			}
		}
		ReleaseSysCache(oct);
	}
	if (OidIsValid(coll)) {
		/* the column's collation; for an expression the collation of the index attribute's type */
		bool known = true;
		Oid base = InvalidOid;
		int i;

		if (colname) {
			for (i = 0; i < atts->n; i++)
				if (atts->att[i].attnum == attnum)
					base = atts->att[i].collation;
		} else {
			Oid typid = get_atttype(x->oid, (AttrNumber)n);

			if (OidIsValid(typid) && SearchSysCacheExists1(TYPEOID, ObjectIdGetDatum(typid)))
				base = get_typcollation(typid);
			else
				known = false; /* NULL in the SQL: the comparison is not true */
		}
		if (known && coll != base)
			so_snap_str(s, "collation", get_collation_name(coll));
	}
	so_snap_end_object(s);
}

void so_snap_indexes(so_snap *s, Oid relid, char relreplident, const so_snap_atts *atts, List *conindids)
{
	Relation rel = s->index;
	Relation inherits = s->inherits;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	snap_index *ix;
	const char *replident_index = NULL;
	int n = 0;
	int cap = 4;
	int count;
	int i;
	int j;

	ix = palloc(cap * sizeof(snap_index));
	ScanKeyInit(&key, Anum_pg_index_indrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, IndexIndrelidIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_index i = (Form_pg_index)GETSTRUCT(tup);
		HeapTuple ct = SearchSysCache1(RELOID, ObjectIdGetDatum(i->indexrelid));
		Form_pg_class c;
		snap_index *x;
		bool isnull;
		Datum d;

		if (!HeapTupleIsValid(ct))
			continue;
		c = (Form_pg_class)GETSTRUCT(ct);
		if (n == cap) {
			cap *= 2;
			ix = repalloc(ix, cap * sizeof(snap_index));
		}
		x = &ix[n++];
		x->oid = i->indexrelid;
		x->name = pstrdup(NameStr(c->relname));
		x->amname = get_am_name(c->relam);
		d = SysCacheGetAttr(RELOID, ct, Anum_pg_class_reloptions, &isnull);
		x->reloptions = isnull ? (Datum)0 : PointerGetDatum(PG_DETOAST_DATUM_COPY(d));
		ReleaseSysCache(ct);
		x->unique = i->indisunique;
		x->nulls_not_distinct = i->indnullsnotdistinct;
		x->replident = i->indisreplident;
		x->attached = has_inherits_row(inherits, i->indexrelid);
		x->backs_constraint = list_member_oid(conindids, i->indexrelid);
		x->nkeyatts = i->indnkeyatts;
		x->natts = i->indnatts;
		x->indkey = palloc(Max(x->natts, 1) * sizeof(int16));
		memcpy(x->indkey, i->indkey.values, x->natts * sizeof(int16));
		x->indclass = palloc(Max(x->nkeyatts, 1) * sizeof(Oid));
		x->indcollation = palloc(Max(x->nkeyatts, 1) * sizeof(Oid));
		x->indoption = palloc(Max(x->nkeyatts, 1) * sizeof(int16));
		d = heap_getattr(tup, Anum_pg_index_indclass, RelationGetDescr(rel), &isnull);
		Assert(!isnull);
		memcpy(x->indclass, ((oidvector *)DatumGetPointer(d))->values, x->nkeyatts * sizeof(Oid));
		d = heap_getattr(tup, Anum_pg_index_indcollation, RelationGetDescr(rel), &isnull);
		Assert(!isnull);
		memcpy(x->indcollation, ((oidvector *)DatumGetPointer(d))->values, x->nkeyatts * sizeof(Oid));
		d = heap_getattr(tup, Anum_pg_index_indoption, RelationGetDescr(rel), &isnull);
		Assert(!isnull);
		memcpy(x->indoption, ((int2vector *)DatumGetPointer(d))->values, x->nkeyatts * sizeof(int16));
		d = heap_getattr(tup, Anum_pg_index_indpred, RelationGetDescr(rel), &isnull);
		x->indpred = isnull ? NULL : (text *)PG_DETOAST_DATUM_COPY(d);
		if (x->replident)
			replident_index = x->name;
	}
	systable_endscan(scan);
	if (n > 1)
		qsort(ix, n, sizeof(snap_index), index_cmp);

	for (count = 0, i = 0; i < n; i++)
		count += !ix[i].attached && !ix[i].backs_constraint;
	if (count) {
		so_snap_begin_array(s, "indexes");
		for (i = 0; i < n; i++) {
			const snap_index *x = &ix[i];
			int ninc = 0;

			if (x->attached || x->backs_constraint)
				continue;
			so_snap_begin_object(s, NULL);
			so_snap_str(s, "name", x->name);
			if (x->unique)
				so_snap_bool(s, "unique", true);
			if (strcmp(x->amname, "btree") != 0)
				so_snap_str(s, "method", x->amname);
			so_snap_begin_array(s, "columns");
			for (j = 1; j <= x->nkeyatts; j++)
				emit_index_key(s, x, j, atts);
			so_snap_end_array(s);
			for (j = x->nkeyatts; j < x->natts; j++)
				ninc += so_snap_att_name(atts, x->indkey[j]) != NULL;
			if (ninc) {
				so_snap_begin_array(s, "include");
				for (j = x->nkeyatts; j < x->natts; j++)
					so_snap_str(s, NULL, so_snap_att_name(atts, x->indkey[j]));
				so_snap_end_array(s);
			}
			if (x->indpred)
				so_snap_str(s, "where",
				            so_snap_call_text(pg_get_expr_ext, 3, PointerGetDatum(x->indpred),
				                              ObjectIdGetDatum(relid), BoolGetDatum(true)));
			so_snap_str(s, "comment", so_snap_description(s, x->oid, RelationRelationId, 0));
			so_snap_end_object(s);
		}
		so_snap_end_array(s);
	}

	for (count = 0, i = 0; i < n; i++)
		count += !ix[i].attached && (ix[i].nulls_not_distinct || ix[i].reloptions);
	if (count) {
		so_snap_begin_array(s, "index_options");
		for (i = 0; i < n; i++) {
			const snap_index *x = &ix[i];

			if (x->attached || !(x->nulls_not_distinct || x->reloptions))
				continue;
			so_snap_begin_object(s, NULL);
			so_snap_str(s, "name", x->name);
			if (x->nulls_not_distinct)
				so_snap_bool(s, "nulls_not_distinct", true);
			if (x->reloptions)
				so_snap_text_array(s, "storage", x->reloptions);
			so_snap_end_object(s);
		}
		so_snap_end_array(s);
	}

	/* REPLICA IDENTITY other than the default (d: the primary key) */
	if (relreplident != REPLICA_IDENTITY_DEFAULT) {
		so_snap_begin_object(s, "replica_identity");
		so_snap_str(s, "mode",
		            relreplident == REPLICA_IDENTITY_NOTHING ? "nothing"
		            : relreplident == REPLICA_IDENTITY_FULL  ? "full"
		            : relreplident == REPLICA_IDENTITY_INDEX ? "index"
		                                                     : NULL);
		if (relreplident == REPLICA_IDENTITY_INDEX)
			so_snap_str(s, "index", replident_index);
		so_snap_end_object(s);
	}
}

void so_snap_triggers(so_snap *s, Oid relid)
{
	Relation rel = s->trigger;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	bool any = false;

	ScanKeyInit(&key, Anum_pg_trigger_tgrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, TriggerRelidNameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_trigger tg = (Form_pg_trigger)GETSTRUCT(tup);
		char enabled[2];

		if (tg->tgisinternal || OidIsValid(tg->tgparentid))
			continue;
		if (!any) {
			so_snap_begin_array(s, "triggers");
			any = true;
		}
		so_snap_begin_object(s, NULL);
		so_snap_str(s, "name", NameStr(tg->tgname));
		so_snap_str(
		    s, "definition",
		    so_snap_call_text(pg_get_triggerdef_ext, 2, ObjectIdGetDatum(tg->oid), BoolGetDatum(true), 0));
		if (tg->tgenabled != TRIGGER_FIRES_ON_ORIGIN) {
			enabled[0] = tg->tgenabled;
			enabled[1] = '\0';
			so_snap_str(s, "enabled", enabled);
		}
		so_snap_str(s, "comment", so_snap_description(s, tg->oid, TriggerRelationId, -1));
		so_snap_end_object(s);
	}
	systable_endscan(scan);
	if (any)
		so_snap_end_array(s);
}

static int role_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a;
	const char *y = *(const char *const *)b;

	/* ORDER BY: NULLs last */
	if (x == NULL || y == NULL)
		return (x == NULL) - (y == NULL);
	return strcmp(x, y);
}

static const char *policy_command(char c)
{
	switch (c) {
	case 'r':
		return "select";
	case 'a':
		return "insert";
	case 'w':
		return "update";
	case 'd':
		return "delete";
	case '*':
		return "all";
	default:
		return NULL;
	}
}

void so_snap_policies(so_snap *s, Oid relid)
{
	Relation rel = s->policy;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	bool any = false;

	ScanKeyInit(&key, Anum_pg_policy_polrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, PolicyPolrelidPolnameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_policy p = (Form_pg_policy)GETSTRUCT(tup);
		bool isnull;
		Datum d;
		int i;

		if (!any) {
			so_snap_begin_array(s, "policies");
			any = true;
		}
		so_snap_begin_object(s, NULL);
		so_snap_str(s, "name", NameStr(p->polname));
		so_snap_str(s, "command", policy_command(p->polcmd));
		so_snap_bool(s, "permissive", p->polpermissive);
		d = heap_getattr(tup, Anum_pg_policy_polroles, RelationGetDescr(rel), &isnull);
		if (!isnull) {
			Datum *elems;
			bool *nulls;
			int nr;
			char **names;

			deconstruct_array(DatumGetArrayTypeP(d), OIDOID, sizeof(Oid), true, TYPALIGN_INT, &elems,
			                  &nulls, &nr);
			if (nr > 0) {
				names = palloc(nr * sizeof(char *));
				for (i = 0; i < nr; i++) {
					Oid r = nulls[i] ? InvalidOid : DatumGetObjectId(elems[i]);

					names[i] = r == InvalidOid ? "public" : GetUserNameFromId(r, true);
				}
				qsort(names, nr, sizeof(char *), role_cmp);
				so_snap_begin_array(s, "roles");
				for (i = 0; i < nr; i++) {
					if (names[i])
						so_snap_str(s, NULL, names[i]);
					else
						so_snap_null(s);
				}
				so_snap_end_array(s);
			}
		}
		d = heap_getattr(tup, Anum_pg_policy_polqual, RelationGetDescr(rel), &isnull);
		if (!isnull)
			so_snap_str(s, "using",
			            so_snap_call_text(pg_get_expr_ext, 3, PointerGetDatum(PG_DETOAST_DATUM(d)),
			                              ObjectIdGetDatum(relid), BoolGetDatum(true)));
		d = heap_getattr(tup, Anum_pg_policy_polwithcheck, RelationGetDescr(rel), &isnull);
		if (!isnull)
			so_snap_str(s, "with_check",
			            so_snap_call_text(pg_get_expr_ext, 3, PointerGetDatum(PG_DETOAST_DATUM(d)),
			                              ObjectIdGetDatum(relid), BoolGetDatum(true)));
		so_snap_end_object(s);
	}
	systable_endscan(scan);
	if (any)
		so_snap_end_array(s);
}
