/*
 * snapshot_json.c: the jsonb builder of the C snapshot (snapshot.h) and calls of the server's deparse
 * functions.
 *
 * Members are pushed with pushJsonbValue (src/backend/utils/adt/jsonb_util.c), which sorts and de-duplicates
 * an object's keys when the object ends: the order of the pushes does not matter, and the flattened jsonb is
 * the one jsonb_in gives for the same document. A member whose value is absent is not pushed at all, which is
 * what json_strip_nulls() does to the SQL document.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_description.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/numeric.h"
#include "utils/rel.h"

#include "snapshot.h"

static void push_key(so_snap *s, const char *key)
{
	JsonbValue k;

	if (key == NULL)
		return;
	k.type = jbvString;
	k.val.string.len = (int)strlen(key);
	k.val.string.val = (char *)key; /* keys are string literals */
	pushJsonbValue(&s->state, WJB_KEY, &k);
}

/* pushes v as the value of key, or as an array element when key is NULL */
static void push_value(so_snap *s, const char *key, JsonbValue *v)
{
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	push_key(s, key);
	pushJsonbValue(&s->state, key ? WJB_VALUE : WJB_ELEM, v);
	MemoryContextSwitchTo(old);
}

void so_snap_begin_object(so_snap *s, const char *key)
{
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	push_key(s, key);
	pushJsonbValue(&s->state, WJB_BEGIN_OBJECT, NULL);
	MemoryContextSwitchTo(old);
}

void so_snap_end_object(so_snap *s)
{
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	pushJsonbValue(&s->state, WJB_END_OBJECT, NULL);
	MemoryContextSwitchTo(old);
}

void so_snap_begin_array(so_snap *s, const char *key)
{
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	push_key(s, key);
	pushJsonbValue(&s->state, WJB_BEGIN_ARRAY, NULL);
	MemoryContextSwitchTo(old);
}

void so_snap_end_array(so_snap *s)
{
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	pushJsonbValue(&s->state, WJB_END_ARRAY, NULL);
	MemoryContextSwitchTo(old);
}

void so_snap_str(so_snap *s, const char *key, const char *value)
{
	JsonbValue v;
	size_t len;

	if (value == NULL)
		return;
	len = strlen(value);
	if (len > JENTRY_OFFLENMASK)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
		                errmsg("string too long to represent as jsonb string"),
		                errdetail("Due to an implementation restriction, jsonb strings cannot exceed %d bytes.",
		                          JENTRY_OFFLENMASK)));
	v.type = jbvString;
	v.val.string.len = (int)len;
	v.val.string.val = MemoryContextStrdup(s->doc_cxt, value);
	push_value(s, key, &v);
}

void so_snap_bool(so_snap *s, const char *key, bool value)
{
	JsonbValue v;

	v.type = jbvBool;
	v.val.boolean = value;
	push_value(s, key, &v);
}

void so_snap_int(so_snap *s, const char *key, int64 value)
{
	JsonbValue v;
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	v.type = jbvNumeric;
	v.val.numeric = int64_to_numeric(value);
	MemoryContextSwitchTo(old);
	push_value(s, key, &v);
}

void so_snap_null(so_snap *s)
{
	JsonbValue v;

	v.type = jbvNull;
	push_value(s, NULL, &v);
}

void so_snap_text_array(so_snap *s, const char *key, Datum array)
{
	ArrayType *arr = DatumGetArrayTypeP(array);
	Datum *elems;
	bool *nulls;
	int n;
	int i;

	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	so_snap_begin_array(s, key);
	for (i = 0; i < n; i++) {
		if (nulls[i])
			so_snap_null(s);
		else
			so_snap_str(s, NULL, TextDatumGetCString(elems[i]));
	}
	so_snap_end_array(s);
}

char *so_snap_call_text(PGFunction fn, int nargs, Datum a0, Datum a1, Datum a2)
{
	LOCAL_FCINFO(fcinfo, 3);
	Datum result;

	Assert(nargs >= 1 && nargs <= 3);
	InitFunctionCallInfoData(*fcinfo, NULL, nargs, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = a0;
	fcinfo->args[0].isnull = false;
	fcinfo->args[1].value = a1;
	fcinfo->args[1].isnull = false;
	fcinfo->args[2].value = a2;
	fcinfo->args[2].isnull = false;
	result = (*fn)(fcinfo);
	if (fcinfo->isnull)
		return NULL;
	return TextDatumGetCString(result);
}

char *so_snap_description(Oid objoid, Oid classoid, int32 objsubid)
{
	Relation rel;
	ScanKeyData key[3];
	SysScanDesc scan;
	HeapTuple tup;
	char *result = NULL;
	int nkeys = objsubid >= 0 ? 3 : 2;

	ScanKeyInit(&key[0], Anum_pg_description_objoid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objoid));
	ScanKeyInit(&key[1], Anum_pg_description_classoid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(classoid));
	ScanKeyInit(&key[2], Anum_pg_description_objsubid, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(objsubid));
	rel = table_open(DescriptionRelationId, AccessShareLock);
	scan = systable_beginscan(rel, DescriptionObjIndexId, true, NULL, nkeys, key);
	if (HeapTupleIsValid(tup = systable_getnext(scan))) {
		bool isnull;
		Datum d = heap_getattr(tup, Anum_pg_description_description, RelationGetDescr(rel), &isnull);

		if (!isnull)
			result = TextDatumGetCString(d);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

const char *so_snap_att_name(const so_snap_atts *atts, int16 attnum)
{
	int lo = 0;
	int hi = atts->n - 1;

	/* atts are in attnum order */
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (atts->att[mid].attnum == attnum)
			return atts->att[mid].name;
		if (atts->att[mid].attnum < attnum)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}
