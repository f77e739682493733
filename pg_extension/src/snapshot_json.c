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
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "catalog/pg_description.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
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

/* pushes tok (with v) in the document's context, after key when key is not NULL */
static void push_token(so_snap *s, const char *key, JsonbIteratorToken tok, JsonbValue *v)
{
	MemoryContext old = MemoryContextSwitchTo(s->doc_cxt);

	push_key(s, key);
	pushJsonbValue(&s->state, tok, v);
	MemoryContextSwitchTo(old);
}

/* pushes v as the value of key, or as an array element when key is NULL */
static void push_value(so_snap *s, const char *key, JsonbValue *v)
{
	push_token(s, key, key ? WJB_VALUE : WJB_ELEM, v);
}

void so_snap_begin_object(so_snap *s, const char *key)
{
	push_token(s, key, WJB_BEGIN_OBJECT, NULL);
}

void so_snap_end_object(so_snap *s)
{
	push_token(s, NULL, WJB_END_OBJECT, NULL);
}

void so_snap_begin_array(so_snap *s, const char *key)
{
	push_token(s, key, WJB_BEGIN_ARRAY, NULL);
}

void so_snap_end_array(so_snap *s)
{
	push_token(s, NULL, WJB_END_ARRAY, NULL);
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

char *so_snap_description(so_snap *s, Oid objoid, Oid classoid, int32 objsubid)
{
	ScanKeyData key[3];
	SysScanDesc scan;
	HeapTuple tup;
	char *result = NULL;
	int nkeys = objsubid >= 0 ? 3 : 2;

	ScanKeyInit(&key[0], Anum_pg_description_objoid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objoid));
	ScanKeyInit(&key[1], Anum_pg_description_classoid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(classoid));
	ScanKeyInit(&key[2], Anum_pg_description_objsubid, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(objsubid));
	scan = systable_beginscan(s->description, DescriptionObjIndexId, true, NULL, nkeys, key);
	if (HeapTupleIsValid(tup = systable_getnext(scan))) {
		bool isnull;
		Datum d = heap_getattr(tup, Anum_pg_description_description, RelationGetDescr(s->description), &isnull);

		if (!isnull)
			result = TextDatumGetCString(d);
	}
	systable_endscan(scan);
	return result;
}

char **so_snap_descriptions(so_snap *s, Oid relid, int maxsub)
{
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tup;
	char **result = palloc0((maxsub + 1) * sizeof(char *));

	ScanKeyInit(&key[0], Anum_pg_description_objoid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	ScanKeyInit(&key[1], Anum_pg_description_classoid, BTEqualStrategyNumber, F_OIDEQ,
	            ObjectIdGetDatum(RelationRelationId));
	scan = systable_beginscan(s->description, DescriptionObjIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_description d = (Form_pg_description)GETSTRUCT(tup);
		bool isnull;
		Datum txt;

		if (d->objsubid < 0 || d->objsubid > maxsub || result[d->objsubid])
			continue;
		txt = heap_getattr(tup, Anum_pg_description_description, RelationGetDescr(s->description), &isnull);
		if (!isnull)
			result[d->objsubid] = TextDatumGetCString(txt);
	}
	systable_endscan(scan);
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

/*
 * Binary assembly. A jsonb container is a header (count | JB_FOBJECT or JB_FARRAY), one JEntry per key and
 * value (keys first in an object), then the keys' and values' data; nested containers and numerics start on a
 * 4-byte boundary (zero padding counted in the preceding entry's length); every JB_OFFSET_STRIDE'th JEntry
 * holds the end offset instead of the length. This is convertJsonbArray / convertJsonbObject /
 * convertJsonbScalar of src/backend/utils/adt/jsonb_util.c (PostgreSQL 15), which are static: reproduced here
 * so that already-encoded containers (a table's object, a member of the other kinds' document) are copied as
 * bytes instead of being walked and encoded again. A container starts 4-byte aligned in any jsonb, and its
 * internal padding is relative to that start, so its bytes can be copied to another aligned position as they
 * are.
 */
static int pad_to_int(StringInfo buf)
{
	int padlen = INTALIGN(buf->len) - buf->len;

	if (padlen > 0)
		appendBinaryStringInfo(buf, "\0\0\0", padlen);
	return padlen;
}

static uint32 encode_value(StringInfo buf, const so_jb_member *m)
{
	if (m->container) {
		int base = buf->len;

		pad_to_int(buf);
		appendBinaryStringInfo(buf, (const char *)m->container, (int)m->container_len);
		return JENTRY_ISCONTAINER | (uint32)(buf->len - base);
	}
	switch (m->scalar.type) {
	case jbvNull:
		return JENTRY_ISNULL;
	case jbvString:
		appendBinaryStringInfo(buf, m->scalar.val.string.val, m->scalar.val.string.len);
		return JENTRY_ISSTRING | (uint32)m->scalar.val.string.len;
	case jbvNumeric: {
		int numlen = (int)VARSIZE_ANY(m->scalar.val.numeric);
		int padlen = pad_to_int(buf);

		appendBinaryStringInfo(buf, (const char *)m->scalar.val.numeric, numlen);
		return JENTRY_ISNUMERIC | (uint32)(padlen + numlen);
	}
	case jbvBool:
		return m->scalar.val.boolean ? JENTRY_ISBOOL_TRUE : JENTRY_ISBOOL_FALSE;
	default:
		elog(ERROR, "schemaops: unexpected jsonb value type %d", (int)m->scalar.type);
	}
	return 0; /* not reached */
}

/* jsonb's key order: shorter first, then bytewise (lengthCompareJsonbString) */
static int member_cmp(const void *a, const void *b)
{
	const so_jb_member *x = a;
	const so_jb_member *y = b;

	if (x->keylen != y->keylen)
		return x->keylen > y->keylen ? 1 : -1;
	return memcmp(x->key, y->key, x->keylen);
}

/* writes JEntry idx (type and length in meta), turning every JB_OFFSET_STRIDE'th into an end offset */
static void set_entry(StringInfo buf, int entries, int idx, uint32 meta, uint32 *totallen)
{
	*totallen += JBE_OFFLENFLD(meta);
	if (*totallen > JENTRY_OFFLENMASK)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
		                errmsg("total size of jsonb array elements exceeds the maximum of %u bytes",
		                       JENTRY_OFFLENMASK)));
	if (idx % JB_OFFSET_STRIDE == 0)
		meta = (meta & JENTRY_TYPEMASK) | *totallen | JENTRY_HAS_OFF;
	memcpy(buf->data + entries + idx * sizeof(JEntry), &meta, sizeof(JEntry));
}

Jsonb *so_jb_assemble(so_jb_member *m, int n, bool object)
{
	StringInfoData buf;
	uint32 header = (uint32)n | (object ? JB_FOBJECT : JB_FARRAY);
	int nentries = object ? 2 * n : n;
	uint32 totallen = 0;
	int entries;
	int i;

	if (n > (int)JB_CMASK)
		ereport(ERROR,
		        (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
		         errmsg("number of jsonb elements exceeds the maximum allowed (%zu)", (size_t)JB_CMASK)));
	if (object && n > 1) {
		qsort(m, n, sizeof(so_jb_member), member_cmp);
		for (i = 1; i < n; i++)
			if (member_cmp(&m[i - 1], &m[i]) == 0)
				elog(ERROR, "schemaops: duplicate key \"%.*s\" in an assembled jsonb object",
				     m[i].keylen, m[i].key);
	}
	initStringInfo(&buf);
	{
		/* one allocation: header, entries, keys, values with their alignment padding (at most 3 bytes each) */
		Size total = VARHDRSZ + sizeof(uint32) + (Size)nentries * sizeof(JEntry);

		for (i = 0; i < n; i++)
			total += (Size)m[i].keylen + 3 +
			         (m[i].container                   ? m[i].container_len
			          : m[i].scalar.type == jbvString  ? (Size)m[i].scalar.val.string.len
			          : m[i].scalar.type == jbvNumeric ? VARSIZE_ANY(m[i].scalar.val.numeric)
			                                           : 0);
		if (total >= MaxAllocSize)
			ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			                errmsg("total size of jsonb array elements exceeds the maximum of %u bytes",
			                       JENTRY_OFFLENMASK)));
		enlargeStringInfo(&buf, (int)total);
	}
	appendBinaryStringInfo(&buf, "\0\0\0\0", VARHDRSZ);
	appendBinaryStringInfo(&buf, (const char *)&header, sizeof(uint32));
	entries = buf.len;
	enlargeStringInfo(&buf, nentries * (int)sizeof(JEntry));
	buf.len += nentries * (int)sizeof(JEntry);
	if (object)
		for (i = 0; i < n; i++) {
			appendBinaryStringInfo(&buf, m[i].key, m[i].keylen);
			set_entry(&buf, entries, i, JENTRY_ISSTRING | (uint32)m[i].keylen, &totallen);
		}
	for (i = 0; i < n; i++) {
		CHECK_FOR_INTERRUPTS();
		set_entry(&buf, entries, (object ? n : 0) + i, encode_value(&buf, &m[i]), &totallen);
	}
	SET_VARSIZE(buf.data, buf.len);
	return (Jsonb *)buf.data;
}
