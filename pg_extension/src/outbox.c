/*
 * outbox.c: transactional outbox capture (docs/outbox.md).
 *
 * schemaops.outbox_capture() is one C trigger function used at two levels:
 *
 *   - FOR EACH ROW, AFTER INSERT OR UPDATE OR DELETE: builds the event (aggregate type, aggregate id from the
 *     primary key, event type from the template, payload jsonb built directly with the JsonbValue API) and
 *     appends it to a per-transaction buffer;
 *   - FOR EACH STATEMENT, AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE: writes every buffered event with ONE
 *     cached SPI plan (INSERT ... SELECT FROM unnest(arrays)), so a 100,000-row statement costs one executor
 *     run for its events instead of 100,000; TRUNCATE adds one "<table>.truncated" event first.
 *
 * Per-row metadata (payload columns and how each one becomes jsonb, key columns, event types, target outbox)
 * is cached per trigger OID and dropped by a relcache callback. Buffered events carry the subtransaction
 * nesting level that wrote them, so ROLLBACK TO SAVEPOINT discards exactly the rolled-back part. A row trigger
 * whose statement trigger will not fire (a partition written directly, a disabled flush trigger) writes its
 * event at once; a buffer that is still non-empty at commit is a bug and fails the commit rather than losing
 * events.
 *
 * Ids are taken from the outbox's identity sequence here, then the next transaction id is read and stored as
 * `horizon`: every transaction that took a lower id already had an xid below it, so outbox_claim's
 * `horizon <= pg_snapshot_xmin(pg_current_snapshot())` never hands out an event while a lower id may still
 * commit (docs/outbox.md, "The horizon").
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/heapam.h"
#include "access/hio.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "commands/sequence.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/rls.h"
#include "utils/acl.h"
#include "miscadmin.h"
#include "optimizer/optimizer.h"
#include "rewrite/rewriteHandler.h"
#include "utils/xid8.h"

#define OUTBOX_DEFAULT_TABLE "schemaops.outbox_events"
#define OUTBOX_DEFAULT_TYPE "{table}.{op}"
/* a statement's buffer is written out when it reaches this many events (bounds memory) */
#define OUTBOX_FLUSH_EVENTS 10000

typedef enum { OP_CREATED = 0, OP_UPDATED, OP_DELETED, OP_TRUNCATED, OP_COUNT } OutboxOp;
static const char *const op_names[OP_COUNT] = {"created", "updated", "deleted", "truncated"};

typedef enum { UPD_NEW = 0, UPD_OLD_NEW, UPD_CHANGED } UpdatePayload;

/* an UPDATE that changes the primary key: one "updated" event, or "deleted" (old key) + "created" (new key) */
typedef enum { KEY_UPDATE = 0, KEY_DELETE_CREATE } KeyUpdate;

/* how one attribute becomes a jsonb value; the fast paths give exactly what to_jsonb() gives */
typedef enum {
	CONV_INT2,
	CONV_INT4,
	CONV_INT8,
	CONV_NUMERIC,
	CONV_BOOL,
	CONV_TEXT,
	CONV_DATETIME, /* date, timestamp, timestamptz: JsonEncodeDateTime(), as to_jsonb() does */
	CONV_JSONB,
	CONV_GENERIC
} ConvKind;

typedef struct OutboxColumn {
	AttrNumber attnum;
	char *name;
	int namelen;
	ConvKind conv;
	bool typbyval;
	int16 typlen;
	Oid basetype;
	FmgrInfo to_jsonb; /* CONV_GENERIC and the special numerics: to_jsonb() with fn_expr naming the type */
} OutboxColumn;

/* the parsed, validated options of one capture (shared by outbox_options() and the trigger cache) */
typedef struct OutboxOptions {
	char *aggregate_type;
	char *type_template;
	UpdatePayload update_payload;
	KeyUpdate key_update;
	List *exclude; /* of char * */
	char *outbox;  /* qualified name as given (normalized on output) */
	char *notify;  /* NULL: no NOTIFY */
} OutboxOptions;

/* per trigger OID */
typedef struct OutboxRel {
	Oid tgoid; /* hash key */
	Oid relid;
	Oid target;
	bool valid;
	MemoryContext cxt;
	int ncols; /* payload columns in attnum order */
	OutboxColumn *cols;
	int *keyorder; /* indexes into cols in jsonb key order (shorter names first, then bytewise) */
	int nkeys;
	int *keycol;     /* index into cols of each key attribute, in key order */
	FmgrInfo keyout; /* output function of the single key column */
	text *aggtype;
	text *types[OP_COUNT];
	UpdatePayload update_payload;
	KeyUpdate key_update;
	char *notify;
	char *target_name;
	/* tgenabled of our statement-level trigger on this relation per op (0: none), see stmt_will_fire */
	char stmt_enabled[3];
} OutboxRel;

/* per target outbox table */
/* the columns the capture writes, in this order */
enum { T_ID = 0, T_AGGTYPE, T_AGGID, T_TYPE, T_PAYLOAD, T_HORIZON, T_NCOLS };

typedef struct OutboxTarget {
	Oid relid; /* hash key */
	bool valid;
	Oid seqoid;
	SPIPlanPtr plan; /* the SPI path: INSERT ... SELECT FROM unnest(arrays) */
	char *name;
	/*
	 * The direct path (table_multi_insert + index inserts, no executor): taken for a plain table without
	 * triggers, row-level security, CHECK constraints or generated columns; anything else goes through SPI.
	 */
	bool direct;
	AttrNumber att[T_NCOLS];
	MemoryContext cxt; /* name and defaults */
	int natts;
	Expr **defaults; /* per attribute: the planned default of a column the capture does not write, or NULL */
	bool *defconst;  /* per attribute: that default is evaluated once per flush (see write_direct) */
} OutboxTarget;

typedef struct OutboxEvent {
	Oid target;
	int nest;
	text *aggtype;
	text *aggid;
	text *type;
	Jsonb *payload;
	const char *notify;
	const char *target_name;
} OutboxEvent;

static HTAB *rel_cache = NULL;
static HTAB *target_cache = NULL;
static MemoryContext cache_cxt = NULL;
static uint64 inval_count = 0;

/* the transaction's buffer (lives in a child of TopTransactionContext) */
static MemoryContext buf_cxt = NULL;
static OutboxEvent *buf = NULL;
static int buf_n = 0;
static int buf_cap = 0;

PG_FUNCTION_INFO_V1(so_pg_outbox_capture);
PG_FUNCTION_INFO_V1(so_pg_outbox_options);
PG_FUNCTION_INFO_V1(so_pg_outbox_horizon);

/* ---------------------------------------------------------------- callbacks */

/* cache entries replaced during a transaction stay alive until its end: buffered events point into them */
static List *graveyard = NIL;

static void graveyard_free(void)
{
	ListCell *lc;

	foreach (lc, graveyard)
		MemoryContextDelete((MemoryContext)lfirst(lc));
	list_free(graveyard);
	graveyard = NIL;
}

static void outbox_relcache_cb(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS st;
	OutboxRel *r;
	OutboxTarget *t;

	inval_count++;
	if (rel_cache) {
		hash_seq_init(&st, rel_cache);
		while ((r = hash_seq_search(&st)) != NULL)
			if (relid == InvalidOid || r->relid == relid || r->target == relid)
				r->valid = false;
	}
	if (target_cache) {
		hash_seq_init(&st, target_cache);
		while ((t = hash_seq_search(&st)) != NULL)
			if (relid == InvalidOid || t->relid == relid)
				t->valid = false;
	}
}

static void buffer_forget(void)
{
	/* the memory goes with TopTransactionContext */
	buf_cxt = NULL;
	buf = NULL;
	buf_n = 0;
	buf_cap = 0;
}

static void outbox_xact_cb(XactEvent event, void *arg)
{
	switch (event) {
	case XACT_EVENT_PRE_COMMIT:
	case XACT_EVENT_PRE_PREPARE:
		/* every statement trigger flushes; events left here would be lost with the commit */
		if (buf_n > 0)
			ereport(ERROR,
			        (errcode(ERRCODE_INTERNAL_ERROR),
			         errmsg("schemaops outbox: %d captured event(s) were not written before commit", buf_n),
			         errhint("The statement-level trigger schemaops_outbox_flush did not fire; "
			                 "re-run schemaops.outbox_attach() on the table.")));
		break;
	case XACT_EVENT_COMMIT:
	case XACT_EVENT_ABORT:
	case XACT_EVENT_PREPARE:
	case XACT_EVENT_PARALLEL_COMMIT:
	case XACT_EVENT_PARALLEL_ABORT:
		buffer_forget();
		graveyard_free();
		break;
	default:
		break;
	}
}

static void outbox_subxact_cb(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid, void *arg)
{
	int nest = GetCurrentTransactionNestLevel();
	int i, k;

	if (buf_n == 0)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB) {
		/* the rolled-back subtransaction's events are dropped; the rest keeps its order */
		for (i = 0, k = 0; i < buf_n; i++)
			if (buf[i].nest < nest)
				buf[k++] = buf[i];
		buf_n = k;
	} else if (event == SUBXACT_EVENT_COMMIT_SUB) {
		for (i = 0; i < buf_n; i++)
			if (buf[i].nest >= nest)
				buf[i].nest = nest - 1;
	}
}

static void outbox_init_once(void)
{
	HASHCTL ctl;

	if (cache_cxt)
		return;
	cache_cxt = AllocSetContextCreate(TopMemoryContext, "schemaops outbox cache", ALLOCSET_SMALL_SIZES);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(OutboxRel);
	ctl.hcxt = cache_cxt;
	rel_cache = hash_create("schemaops outbox relations", 32, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(OutboxTarget);
	ctl.hcxt = cache_cxt;
	target_cache = hash_create("schemaops outbox targets", 8, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	CacheRegisterRelcacheCallback(outbox_relcache_cb, (Datum)0);
	RegisterXactCallback(outbox_xact_cb, NULL);
	RegisterSubXactCallback(outbox_subxact_cb, NULL);
}

/* ---------------------------------------------------------------- options */

static pg_attribute_noreturn() void bad_option(const char *key, const char *what)
{
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("outbox option \"%s\" %s", key, what)));
}

static char *jbv_string(const JsonbValue *v, const char *key)
{
	if (v->type != jbvString)
		bad_option(key, "must be a string");
	if (v->val.string.len == 0)
		bad_option(key, "must not be empty");
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/* Parses an options object (NULL: all defaults). Errors: 22023. Catalog checks are in check_options. */
static void parse_options(Jsonb *jb, OutboxOptions *o)
{
	JsonbIterator *it;
	JsonbValue v;
	JsonbIteratorToken tok;
	char *key = NULL;

	memset(o, 0, sizeof(*o));
	o->type_template = pstrdup(OUTBOX_DEFAULT_TYPE);
	o->update_payload = UPD_NEW;
	o->outbox = pstrdup(OUTBOX_DEFAULT_TABLE);
	if (jb == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("outbox options must be a JSON object")));

	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
		if (tok == WJB_KEY) {
			key = pnstrdup(v.val.string.val, v.val.string.len);
			continue;
		}
		if (tok != WJB_VALUE)
			continue;
		if (strcmp(key, "aggregate_type") == 0)
			o->aggregate_type = jbv_string(&v, key);
		else if (strcmp(key, "type") == 0)
			o->type_template = jbv_string(&v, key);
		else if (strcmp(key, "outbox") == 0)
			o->outbox = jbv_string(&v, key);
		else if (strcmp(key, "notify") == 0) {
			if (v.type == jbvNull)
				o->notify = NULL;
			else {
				o->notify = jbv_string(&v, key);
				if (strlen(o->notify) >= NAMEDATALEN)
					bad_option(key, "is too long for a channel name");
			}
		} else if (strcmp(key, "update_payload") == 0) {
			char *s = jbv_string(&v, key);

			if (strcmp(s, "new") == 0)
				o->update_payload = UPD_NEW;
			else if (strcmp(s, "old_new") == 0)
				o->update_payload = UPD_OLD_NEW;
			else if (strcmp(s, "changed") == 0)
				o->update_payload = UPD_CHANGED;
			else
				bad_option(key, "must be \"new\", \"old_new\" or \"changed\"");
		} else if (strcmp(key, "key_update") == 0) {
			char *s = jbv_string(&v, key);

			if (strcmp(s, "update") == 0)
				o->key_update = KEY_UPDATE;
			else if (strcmp(s, "delete_create") == 0)
				o->key_update = KEY_DELETE_CREATE;
			else
				bad_option(key, "must be \"update\" or \"delete_create\"");
		} else if (strcmp(key, "exclude") == 0) {
			JsonbIterator *ait;
			JsonbValue e;
			JsonbIteratorToken atok;

			if (v.type != jbvBinary || !JsonContainerIsArray(v.val.binary.data) ||
			    JsonContainerIsScalar(v.val.binary.data))
				bad_option(key, "must be an array of column names");
			ait = JsonbIteratorInit(v.val.binary.data);
			while ((atok = JsonbIteratorNext(&ait, &e, true)) != WJB_DONE) {
				if (atok != WJB_ELEM)
					continue;
				if (e.type != jbvString)
					bad_option(key, "must be an array of column names");
				o->exclude = lappend(o->exclude, pnstrdup(e.val.string.val, e.val.string.len));
			}
		} else
			ereport(
			    ERROR,
			    (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("unknown outbox option \"%s\"", key),
			     errhint(
			         "Known options: aggregate_type, type, update_payload, key_update, exclude, outbox, "
			         "notify.")));
	}
}

static bool is_excluded(const OutboxOptions *o, const char *attname)
{
	ListCell *lc;

	foreach (lc, o->exclude)
		if (strcmp((const char *)lfirst(lc), attname) == 0)
			return true;
	return false;
}

/* the primary key's attribute numbers in key order; error 55000 when there is none */
static int primary_key(Relation rel, AttrNumber **keys)
{
	Oid pk = RelationGetPrimaryKeyIndex(rel);
	Relation idx;
	int n, i;

	if (!OidIsValid(pk))
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("relation \"%s\" has no primary key", RelationGetRelationName(rel)),
		                errdetail("The outbox aggregateid is the primary-key value of the changed row.")));
	idx = index_open(pk, AccessShareLock);
	n = idx->rd_index->indnkeyatts;
	*keys = palloc(sizeof(AttrNumber) * n);
	for (i = 0; i < n; i++)
		(*keys)[i] = idx->rd_index->indkey.values[i];
	index_close(idx, AccessShareLock);
	return n;
}

static Oid attr_type(Relation rel, const char *name, AttrNumber *attnum)
{
	TupleDesc td = RelationGetDescr(rel);
	int i;

	for (i = 0; i < td->natts; i++) {
		Form_pg_attribute a = TupleDescAttr(td, i);

		if (!a->attisdropped && strcmp(NameStr(a->attname), name) == 0) {
			if (attnum)
				*attnum = a->attnum;
			return a->atttypid;
		}
	}
	return InvalidOid;
}

/*
 * Resolves and checks the target outbox table: the columns the capture writes with their types, and an
 * identity id. Returns its OID; *seqoid gets the identity sequence. Errors: 42P01 (missing), 55000 (shape).
 */
static Oid check_target(const char *name, Oid source, Oid *seqoid)
{
	static const struct {
		const char *name;
		Oid type;
	} need[] = {{"id", INT8OID},   {"aggregatetype", TEXTOID}, {"aggregateid", TEXTOID},
	            {"type", TEXTOID}, {"payload", JSONBOID},      {"horizon", XID8OID}};
	List *names = stringToQualifiedNameList(name);
	Oid relid = RangeVarGetRelid(makeRangeVarFromNameList(names), AccessShareLock, false);
	Relation rel;
	AttrNumber idatt = InvalidAttrNumber;
	size_t i;

	if (relid == source)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("the outbox table \"%s\" cannot capture its own changes", name)));
	rel = table_open(relid, AccessShareLock);
	if (rel->rd_rel->relkind != RELKIND_RELATION && rel->rd_rel->relkind != RELKIND_PARTITIONED_TABLE)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("outbox target \"%s\" is not a table", name)));
	for (i = 0; i < lengthof(need); i++) {
		AttrNumber att;
		Oid t = attr_type(rel, need[i].name, &att);

		if (t != need[i].type)
			ereport(
			    ERROR,
			    (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			     errmsg("outbox table \"%s\" needs a column \"%s\" of type %s", name, need[i].name,
			            format_type_be(need[i].type)),
			     errhint("Create it with CREATE TABLE ... (LIKE schemaops.outbox_events INCLUDING ALL).")));
		if (i == 0)
			idatt = att;
	}
	*seqoid = getIdentitySequence(relid, idatt, true);
	if (!OidIsValid(*seqoid))
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("column \"id\" of outbox table \"%s\" must be an identity column", name)));
	table_close(rel, AccessShareLock);
	return relid;
}

/* Catalog checks of options against the captured relation. Errors: 42809, 42703, 55000, 42P01. */
static void check_options(Relation rel, OutboxOptions *o, Oid *target, Oid *seqoid)
{
	AttrNumber *keys;
	int nkeys, i;
	ListCell *lc;

	if (rel->rd_rel->relkind != RELKIND_RELATION && rel->rd_rel->relkind != RELKIND_PARTITIONED_TABLE)
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
		                errmsg("\"%s\" is not a table", RelationGetRelationName(rel)),
		                errdetail("Outbox capture works on ordinary and partitioned tables.")));
	foreach (lc, o->exclude) {
		const char *c = lfirst(lc);

		if (!OidIsValid(attr_type(rel, c, NULL)))
			ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
			                errmsg("column \"%s\" of relation \"%s\" does not exist", c,
			                       RelationGetRelationName(rel)),
			                errcontext("outbox option \"exclude\"")));
	}
	nkeys = primary_key(rel, &keys);
	for (i = 0; i < nkeys; i++) {
		Form_pg_attribute a = TupleDescAttr(RelationGetDescr(rel), keys[i] - 1);

		if (is_excluded(o, NameStr(a->attname)))
			ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			                errmsg("primary-key column \"%s\" cannot be excluded", NameStr(a->attname)),
			                errdetail("The aggregateid of every event is built from the primary key.")));
	}
	if (o->aggregate_type == NULL)
		o->aggregate_type = pstrdup(RelationGetRelationName(rel));
	*target = check_target(o->outbox, RelationGetRelid(rel), seqoid);
}

/* the template with {table} and {op} replaced */
static text *event_type(const char *tmpl, const char *table, const char *op)
{
	StringInfoData s;
	const char *p = tmpl;

	initStringInfo(&s);
	while (*p) {
		if (strncmp(p, "{table}", 7) == 0) {
			appendStringInfoString(&s, table);
			p += 7;
		} else if (strncmp(p, "{op}", 4) == 0) {
			appendStringInfoString(&s, op);
			p += 4;
		} else
			appendStringInfoChar(&s, *p++);
	}
	return cstring_to_text_with_len(s.data, s.len);
}

/* ---------------------------------------------------------------- jsonb values */

static void column_init(OutboxColumn *c, Form_pg_attribute a, MemoryContext cxt)
{
	Oid base = getBaseType(a->atttypid);

	c->attnum = a->attnum;
	c->name = MemoryContextStrdup(cxt, NameStr(a->attname));
	c->namelen = strlen(c->name);
	c->typbyval = a->attbyval;
	c->typlen = a->attlen;
	c->basetype = base;
	switch (base) {
	case INT2OID:
		c->conv = CONV_INT2;
		break;
	case INT4OID:
		c->conv = CONV_INT4;
		break;
	case INT8OID:
		c->conv = CONV_INT8;
		break;
	case NUMERICOID:
		c->conv = CONV_NUMERIC;
		break;
	case BOOLOID:
		c->conv = CONV_BOOL;
		break;
	case TEXTOID:
	case VARCHAROID:
		c->conv = CONV_TEXT;
		break;
	case DATEOID:
	case TIMESTAMPOID:
	case TIMESTAMPTZOID:
		c->conv = CONV_DATETIME;
		break;
	case JSONBOID:
		c->conv = CONV_JSONB;
		break;
	default:
		c->conv = CONV_GENERIC;
		break;
	}
	/* to_jsonb(anyelement) reads its argument type from fn_expr: give it one naming this column's type */
	fmgr_info_cxt(F_TO_JSONB, &c->to_jsonb, cxt);
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);

		c->to_jsonb.fn_expr = (Node *)makeFuncExpr(
		    F_TO_JSONB, JSONBOID, list_make1(makeNullConst(a->atttypid, a->atttypmod, a->attcollation)),
		    InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
		MemoryContextSwitchTo(old);
	}
}

static void push_jsonb(JsonbParseState **st, JsonbIteratorToken tok, Jsonb *j)
{
	JsonbValue v;

	v.type = jbvBinary;
	v.val.binary.data = &j->root;
	v.val.binary.len = VARSIZE(j) - VARHDRSZ;
	pushJsonbValue(st, tok, &v);
}

/*
 * One non-NULL attribute value as a jsonb scalar, exactly as to_jsonb() converts it. False when the value
 * is not a scalar (jsonb columns, NaN/infinite numerics, every other type): push_datum handles those.
 */
static bool datum_scalar(const OutboxColumn *c, Datum d, JsonbValue *v)
{
	switch (c->conv) {
	case CONV_INT2:
		v->type = jbvNumeric;
		v->val.numeric = int64_to_numeric(DatumGetInt16(d));
		return true;
	case CONV_INT4:
		v->type = jbvNumeric;
		v->val.numeric = int64_to_numeric(DatumGetInt32(d));
		return true;
	case CONV_INT8:
		v->type = jbvNumeric;
		v->val.numeric = int64_to_numeric(DatumGetInt64(d));
		return true;
	case CONV_NUMERIC: {
		Numeric n = DatumGetNumeric(d);

		/* NaN and infinities are not JSON numbers: to_jsonb makes them strings */
		if (numeric_is_nan(n) || numeric_is_inf(n))
			return false;
		v->type = jbvNumeric;
		v->val.numeric = n;
		return true;
	}
	case CONV_BOOL:
		v->type = jbvBool;
		v->val.boolean = DatumGetBool(d);
		return true;
	case CONV_TEXT: {
		text *t = DatumGetTextPP(d);

		v->type = jbvString;
		v->val.string.val = VARDATA_ANY(t);
		v->val.string.len = VARSIZE_ANY_EXHDR(t);
		return true;
	}
	case CONV_DATETIME:
		/* what datum_to_jsonb() does for JSONBTYPE_DATE / _TIMESTAMP / _TIMESTAMPTZ */
		v->type = jbvString;
		v->val.string.val = JsonEncodeDateTime(NULL, d, c->basetype, NULL);
		v->val.string.len = strlen(v->val.string.val);
		return true;
	default:
		return false;
	}
}

/* pushes one attribute value as WJB_VALUE or WJB_ELEM, exactly as to_jsonb() converts it */
static void push_datum(JsonbParseState **st, JsonbIteratorToken tok, OutboxColumn *c, Datum d, bool isnull)
{
	JsonbValue v;

	if (isnull) {
		v.type = jbvNull;
		pushJsonbValue(st, tok, &v);
		return;
	}
	if (datum_scalar(c, d, &v)) {
		pushJsonbValue(st, tok, &v);
		return;
	}
	if (c->conv == CONV_JSONB)
		push_jsonb(st, tok, DatumGetJsonbP(d));
	else
		push_jsonb(st, tok, DatumGetJsonbP(FunctionCall1(&c->to_jsonb, d)));
}

static void push_key(JsonbParseState **st, const OutboxColumn *c)
{
	JsonbValue k;

	k.type = jbvString;
	k.val.string.val = c->name;
	k.val.string.len = c->namelen;
	pushJsonbValue(st, WJB_KEY, &k);
}

/* the row as a jsonb object; with `other` (UPDATE "changed"), only the columns that differ from it */
static JsonbValue *push_row(JsonbParseState **st, OutboxRel *r, TupleTableSlot *slot, TupleTableSlot *other)
{
	int i;

	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < r->ncols; i++) {
		OutboxColumn *c = &r->cols[i];
		int a = c->attnum - 1;
		Datum d = slot->tts_values[a];
		bool n = slot->tts_isnull[a];

		if (other) {
			bool on = other->tts_isnull[a];

			if (n && on)
				continue;
			if (!n && !on && datumIsEqual(d, other->tts_values[a], c->typbyval, c->typlen))
				continue;
		}
		push_key(st, c);
		push_datum(st, WJB_VALUE, c, d, n);
	}
	return pushJsonbValue(st, WJB_END_OBJECT, NULL);
}

/*
 * The fast path of push_row: the row as an in-memory jbvObject whose pairs are already in jsonb key order
 * (r->keyorder; column names are unique), handed to JsonbValueToJsonb without the parse-state machinery
 * (no per-value pushJsonbValue, no key sort). False when a value is not a scalar (see datum_scalar): the
 * caller then uses push_row.
 */
static bool object_row(OutboxRel *r, TupleTableSlot *slot, TupleTableSlot *other, JsonbValue *obj)
{
	JsonbPair *pairs = palloc(sizeof(JsonbPair) * Max(r->ncols, 1));
	int i, n = 0;

	for (i = 0; i < r->ncols; i++) {
		OutboxColumn *c = &r->cols[r->keyorder[i]];
		int a = c->attnum - 1;
		Datum d = slot->tts_values[a];
		bool isnull = slot->tts_isnull[a];
		JsonbPair *p = &pairs[n];

		if (other) {
			bool on = other->tts_isnull[a];

			if (isnull && on)
				continue;
			if (!isnull && !on && datumIsEqual(d, other->tts_values[a], c->typbyval, c->typlen))
				continue;
		}
		p->key.type = jbvString;
		p->key.val.string.val = c->name;
		p->key.val.string.len = c->namelen;
		p->order = n;
		if (isnull)
			p->value.type = jbvNull;
		else if (!datum_scalar(c, d, &p->value)) {
			pfree(pairs);
			return false;
		}
		n++;
	}
	obj->type = jbvObject;
	obj->val.object.nPairs = n;
	obj->val.object.pairs = pairs;
	return true;
}

static Jsonb *row_payload(OutboxRel *r, OutboxOp op, TupleTableSlot *oldslot, TupleTableSlot *newslot)
{
	JsonbParseState *st = NULL;
	JsonbValue *res;
	JsonbValue obj;

	if (op == OP_UPDATED && r->update_payload == UPD_OLD_NEW) {
		JsonbValue o, nw;
		JsonbPair pairs[2];

		if (object_row(r, oldslot, NULL, &o) && object_row(r, newslot, NULL, &nw)) {
			/* "new" sorts before "old" (same length, bytewise) */
			pairs[0].key.type = jbvString;
			pairs[0].key.val.string.val = "new";
			pairs[0].key.val.string.len = 3;
			pairs[0].value = nw;
			pairs[0].order = 0;
			pairs[1].key.type = jbvString;
			pairs[1].key.val.string.val = "old";
			pairs[1].key.val.string.len = 3;
			pairs[1].value = o;
			pairs[1].order = 1;
			obj.type = jbvObject;
			obj.val.object.nPairs = 2;
			obj.val.object.pairs = pairs;
			return JsonbValueToJsonb(&obj);
		}
	} else if (object_row(r, op == OP_DELETED ? oldslot : newslot,
	                      op == OP_UPDATED && r->update_payload == UPD_CHANGED ? oldslot : NULL, &obj))
		return JsonbValueToJsonb(&obj);

	if (op == OP_UPDATED && r->update_payload == UPD_OLD_NEW) {
		JsonbValue k;

		res = pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
		k.type = jbvString;
		k.val.string.val = "old";
		k.val.string.len = 3;
		pushJsonbValue(&st, WJB_KEY, &k);
		push_row(&st, r, oldslot, NULL);
		k.val.string.val = "new";
		pushJsonbValue(&st, WJB_KEY, &k);
		push_row(&st, r, newslot, NULL);
		res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
		return JsonbValueToJsonb(res);
	}
	if (op == OP_UPDATED && r->update_payload == UPD_CHANGED)
		res = push_row(&st, r, newslot, oldslot);
	else
		res = push_row(&st, r, op == OP_DELETED ? oldslot : newslot, NULL);
	return JsonbValueToJsonb(res);
}

/* one key column: its text form; several: a JSON array of the key values, e.g. [42, "EU"] */
static text *aggregate_id(OutboxRel *r, TupleTableSlot *slot)
{
	JsonbParseState *st = NULL;
	JsonbValue *res = NULL;
	Jsonb *j;
	int i;

	if (r->nkeys == 1) {
		OutboxColumn *c = &r->cols[r->keycol[0]];
		int a = c->attnum - 1;

		if (slot->tts_isnull[a]) /* not for a primary key; kept total anyway */
			return cstring_to_text("");
		return cstring_to_text(OutputFunctionCall(&r->keyout, slot->tts_values[a]));
	}
	pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < r->nkeys; i++) {
		OutboxColumn *c = &r->cols[r->keycol[i]];

		push_datum(&st, WJB_ELEM, c, slot->tts_values[c->attnum - 1], slot->tts_isnull[c->attnum - 1]);
	}
	res = pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	j = JsonbValueToJsonb(res);
	return cstring_to_text(JsonbToCString(NULL, &j->root, VARSIZE(j)));
}

/* ---------------------------------------------------------------- caches */

static char *qualified_name(Oid relid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid));
}

static bool key_before(const OutboxColumn *a, const OutboxColumn *b)
{
	if (a->namelen != b->namelen)
		return a->namelen < b->namelen;
	return memcmp(a->name, b->name, a->namelen) < 0;
}

static void rel_fill(OutboxRel *r, Relation rel, Trigger *tg, Oid fnoid)
{
	MemoryContext old = MemoryContextSwitchTo(r->cxt);
	TupleDesc td = RelationGetDescr(rel);
	OutboxOptions o;
	Jsonb *jb = NULL;
	Oid seqoid;
	AttrNumber *keys;
	int i, k;

	if (tg->tgnargs > 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("outbox_capture takes at most one trigger argument (the options), got %d",
		                       tg->tgnargs)));
	if (tg->tgnargs == 1)
		jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(tg->tgargs[0])));
	parse_options(jb, &o);
	check_options(rel, &o, &r->target, &seqoid);
	r->relid = RelationGetRelid(rel);
	r->update_payload = o.update_payload;
	r->key_update = o.key_update;
	r->notify = o.notify;
	r->target_name = qualified_name(r->target);

	r->cols = palloc0(sizeof(OutboxColumn) * Max(td->natts, 1));
	r->ncols = 0;
	for (i = 0; i < td->natts; i++) {
		Form_pg_attribute a = TupleDescAttr(td, i);

		if (a->attisdropped || is_excluded(&o, NameStr(a->attname)))
			continue;
		column_init(&r->cols[r->ncols++], a, r->cxt);
	}
	/* jsonb object key order (lengthCompareJsonbStringValue in jsonb_util.c): length first, then bytes */
	r->keyorder = palloc(sizeof(int) * Max(r->ncols, 1));
	for (i = 0; i < r->ncols; i++) {
		int j = i;

		while (j > 0 && key_before(&r->cols[i], &r->cols[r->keyorder[j - 1]])) {
			r->keyorder[j] = r->keyorder[j - 1];
			j--;
		}
		r->keyorder[j] = i;
	}
	r->nkeys = primary_key(rel, &keys);
	r->keycol = palloc(sizeof(int) * r->nkeys);
	for (k = 0; k < r->nkeys; k++) {
		r->keycol[k] = -1;
		for (i = 0; i < r->ncols; i++)
			if (r->cols[i].attnum == keys[k])
				r->keycol[k] = i;
		if (r->keycol[k] < 0) /* check_options refused excluded key columns */
			elog(ERROR, "schemaops outbox: key attribute %d not among the payload columns", keys[k]);
	}
	if (r->nkeys == 1) {
		Oid out;
		bool varlena;

		getTypeOutputInfo(TupleDescAttr(td, keys[0] - 1)->atttypid, &out, &varlena);
		fmgr_info_cxt(out, &r->keyout, r->cxt);
	}
	r->aggtype = cstring_to_text(o.aggregate_type);
	for (i = 0; i < OP_COUNT; i++)
		r->types[i] = event_type(o.type_template, o.aggregate_type, op_names[i]);

	/* does our statement-level trigger exist for each row event? (stmt_will_fire reads tgenabled) */
	memset(r->stmt_enabled, 0, sizeof(r->stmt_enabled));
	if (rel->trigdesc) {
		for (i = 0; i < rel->trigdesc->numtriggers; i++) {
			Trigger *t = &rel->trigdesc->triggers[i];

			if (t->tgfoid != fnoid || TRIGGER_FOR_ROW(t->tgtype) || !TRIGGER_FOR_AFTER(t->tgtype))
				continue;
			if (TRIGGER_FOR_INSERT(t->tgtype) && r->stmt_enabled[OP_CREATED] != TRIGGER_FIRES_ALWAYS)
				r->stmt_enabled[OP_CREATED] = t->tgenabled;
			if (TRIGGER_FOR_UPDATE(t->tgtype) && r->stmt_enabled[OP_UPDATED] != TRIGGER_FIRES_ALWAYS)
				r->stmt_enabled[OP_UPDATED] = t->tgenabled;
			if (TRIGGER_FOR_DELETE(t->tgtype) && r->stmt_enabled[OP_DELETED] != TRIGGER_FIRES_ALWAYS)
				r->stmt_enabled[OP_DELETED] = t->tgenabled;
		}
	}
	MemoryContextSwitchTo(old);
}

static OutboxRel *rel_get(TriggerData *td, Oid fnoid)
{
	Oid tgoid = td->tg_trigger->tgoid;
	OutboxRel *r = hash_search(rel_cache, &tgoid, HASH_FIND, NULL);
	OutboxRel tmp;
	uint64 before;
	bool found;

	if (r && r->valid)
		return r;
	if (r) {
		MemoryContext dead = r->cxt;

		hash_search(rel_cache, &tgoid, HASH_REMOVE, NULL);
		MemoryContextSetParent(dead, TopMemoryContext);
		{
			MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

			graveyard = lappend(graveyard, dead);
			MemoryContextSwitchTo(old);
		}
	}
	memset(&tmp, 0, sizeof(tmp));
	/* built under the caller's context: an ERROR while filling leaks nothing into the cache */
	tmp.cxt = AllocSetContextCreate(CurrentMemoryContext, "schemaops outbox relation", ALLOCSET_SMALL_SIZES);
	before = inval_count;
	rel_fill(&tmp, td->tg_relation, td->tg_trigger, fnoid);
	MemoryContextSetParent(tmp.cxt, cache_cxt);
	r = hash_search(rel_cache, &tgoid, HASH_ENTER, &found);
	tmp.tgoid = tgoid;
	tmp.valid = (inval_count == before);
	*r = tmp;
	return r;
}

/* Can the direct path write into this table? Fills the attribute numbers of the written columns. */
static bool target_direct(Oid relid, AttrNumber *att, int *natts, Expr ***defaults, bool **defconst, MemoryContext cxt)
{
	static const char *const names[T_NCOLS] = {"id", "aggregatetype", "aggregateid", "type", "payload", "horizon"};
	static const Oid types[T_NCOLS] = {INT8OID, TEXTOID, TEXTOID, TEXTOID, JSONBOID, XID8OID};
	Relation rel = table_open(relid, AccessShareLock);
	TupleConstr *constr = RelationGetDescr(rel)->constr;
	bool ok = rel->rd_rel->relkind == RELKIND_RELATION && rel->trigdesc == NULL && !rel->rd_rel->relrowsecurity &&
	          !(constr && (constr->num_check > 0 || constr->has_generated_stored));
	int i;

	TupleDesc td = RelationGetDescr(rel);
	MemoryContext old;

	for (i = 0; i < T_NCOLS; i++)
		if (attr_type(rel, names[i], &att[i]) != types[i])
			ok = false;
	*natts = td->natts;
	*defaults = MemoryContextAllocZero(cxt, sizeof(Expr *) * Max(td->natts, 1));
	*defconst = MemoryContextAllocZero(cxt, sizeof(bool) * Max(td->natts, 1));
	if (ok) {
		/* planned once here (build_column_default reads the catalog's node trees), initialized per flush */
		old = MemoryContextSwitchTo(cxt);
		for (i = 0; i < td->natts; i++) {
			Form_pg_attribute a = TupleDescAttr(td, i);
			Node *def;
			bool ours = false;
			int k;

			for (k = 0; k < T_NCOLS; k++)
				if (att[k] == a->attnum)
					ours = true;
			if (a->attisdropped || ours)
				continue;
			def = build_column_default(rel, a->attnum);
			if (def == NULL)
				continue;
			(*defaults)[i] = expression_planner((Expr *)def);
			(*defconst)[i] = !contain_volatile_functions((Node *)(*defaults)[i]) ||
			                 (IsA((*defaults)[i], FuncExpr) &&
			                  ((FuncExpr *)(*defaults)[i])->funcid == F_PG_CURRENT_XACT_ID);
		}
		MemoryContextSwitchTo(old);
	}
	table_close(rel, AccessShareLock);
	return ok;
}

/* the target's identity sequence and the cached INSERT plan; needs an SPI connection */
static OutboxTarget *target_get(Oid relid)
{
	OutboxTarget *t = hash_search(target_cache, &relid, HASH_FIND, NULL);
	Oid argtypes[6] = {INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, JSONBARRAYOID, XID8OID};
	StringInfoData q;
	Oid seqoid;
	AttrNumber idatt;
	SPIPlanPtr plan;
	char *name;
	bool found;

	if (t && t->valid)
		return t;
	if (t) {
		if (t->plan)
			SPI_freeplan(t->plan);
		if (t->cxt)
			MemoryContextDelete(t->cxt);
		hash_search(target_cache, &relid, HASH_REMOVE, NULL);
	}
	idatt = get_attnum(relid, "id");
	seqoid = idatt == InvalidAttrNumber ? InvalidOid : getIdentitySequence(relid, idatt, true);
	name = qualified_name(relid);
	if (!OidIsValid(seqoid))
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("column \"id\" of outbox table %s must be an identity column", name)));
	initStringInfo(&q);
	appendStringInfo(
	    &q,
	    "INSERT INTO %s (id, aggregatetype, aggregateid, type, payload, horizon) OVERRIDING SYSTEM VALUE "
	    "SELECT u.i, u.a, u.k, u.t, u.p, $6 FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), "
	    "pg_catalog.unnest($3), pg_catalog.unnest($4), pg_catalog.unnest($5)) AS u(i, a, k, t, p)",
	    name);
	plan = SPI_prepare(q.data, 6, argtypes);
	if (plan == NULL)
		elog(ERROR, "schemaops outbox: SPI_prepare failed for %s: %s", name,
		     SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "schemaops outbox: SPI_keepplan failed");
	t = hash_search(target_cache, &relid, HASH_ENTER, &found);
	t->relid = relid;
	t->seqoid = seqoid;
	t->valid = false;
	t->cxt = NULL;
	t->plan = plan;
	t->cxt = AllocSetContextCreate(cache_cxt, "schemaops outbox target", ALLOCSET_SMALL_SIZES);
	t->name = MemoryContextStrdup(t->cxt, name);
	t->direct = target_direct(relid, t->att, &t->natts, &t->defaults, &t->defconst, t->cxt);
	t->valid = true;
	return t;
}

/* ---------------------------------------------------------------- buffer and flush */

static void buffer_add(OutboxRel *r, OutboxOp op, text *aggid, Jsonb *payload)
{
	MemoryContext old;
	OutboxEvent *e;

	if (buf_cxt == NULL) {
		buf_cxt =
		    AllocSetContextCreate(TopTransactionContext, "schemaops outbox buffer", ALLOCSET_DEFAULT_SIZES);
		buf_cap = 64;
		buf = MemoryContextAlloc(buf_cxt, sizeof(OutboxEvent) * buf_cap);
		buf_n = 0;
	} else if (buf_n == buf_cap) {
		buf_cap *= 2;
		buf = repalloc(buf, sizeof(OutboxEvent) * buf_cap);
	}
	old = MemoryContextSwitchTo(buf_cxt);
	e = &buf[buf_n];
	e->target = r->target;
	e->nest = GetCurrentTransactionNestLevel();
	e->aggtype = r->aggtype;
	e->type = r->types[op];
	e->notify = r->notify;
	e->target_name = r->target_name;
	/* both were just built here: plain 4-byte-header varlenas */
	e->aggid = palloc(VARSIZE(aggid));
	memcpy(e->aggid, aggid, VARSIZE(aggid));
	e->payload = palloc(VARSIZE(payload));
	memcpy(e->payload, payload, VARSIZE(payload));
	buf_n++;
	MemoryContextSwitchTo(old);
}

/* rows per table_multi_insert call (and slots made per flush); COPY FROM uses 1000, fewer slots cost less */
#define DIRECT_BATCH 128

/*
 * The direct path: the rows go in with table_multi_insert (one WAL record per page) and their index entries
 * with ExecInsertIndexTuples, like COPY FROM does, without planning or running an INSERT. Columns the capture
 * does not write get their defaults (txid, created_at, attempts...): evaluated once per flush when the
 * expression has no volatile function (now(), constants) or is pg_current_xact_id() (constant within a
 * transaction), per row otherwise. The checks the
 * executor would make are made here: INSERT privilege (42501) and NOT NULL (23502); target_direct() sent
 * tables with triggers, row-level security, CHECK constraints or generated columns to the SPI path.
 */
static void write_direct(OutboxTarget *t, Datum *ids, Datum *aggt, Datum *aggi, Datum *types, Datum *payloads, int m,
                         FullTransactionId horizon)
{
	Relation rel;
	TupleDesc td;
	EState *estate;
	ResultRelInfo *rri;
	ExprContext *econtext;
	ExprState **defaults;
	Datum *constval;
	bool *constnull, *isconst;
	TupleTableSlot **slots;
	BulkInsertState bistate;
	CommandId cid = GetCurrentCommandId(true);
	AclResult acl;
	int i, j, k, natts;

	rel = table_open(t->relid, RowExclusiveLock);
	acl = pg_class_aclcheck(t->relid, GetUserId(), ACL_INSERT);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_TABLE, RelationGetRelationName(rel));
	td = RelationGetDescr(rel);
	natts = td->natts;
	estate = CreateExecutorState();
	rri = makeNode(ResultRelInfo);
	InitResultRelInfo(rri, rel, 1, NULL, 0);
	ExecOpenIndices(rri, false);
	econtext = GetPerTupleExprContext(estate);

	if (natts != t->natts) /* the relcache callback drops the cache entry before this can happen */
		elog(ERROR, "schemaops outbox: outbox table %s changed shape", t->name);
	defaults = palloc0(sizeof(ExprState *) * natts);
	constval = palloc0(sizeof(Datum) * natts);
	constnull = palloc(sizeof(bool) * natts);
	isconst = palloc(sizeof(bool) * natts);
	for (i = 0; i < natts; i++) {
		constnull[i] = true;
		isconst[i] = t->defaults[i] == NULL || t->defconst[i];
		if (t->defaults[i] == NULL)
			continue;
		defaults[i] = ExecInitExpr(t->defaults[i], NULL);
		if (isconst[i]) { /* copied into the flush's context: lives until the last row is written */
			Form_pg_attribute a = TupleDescAttr(td, i);

			constval[i] = ExecEvalExpr(defaults[i], econtext, &constnull[i]);
			if (!constnull[i])
				constval[i] = datumCopy(constval[i], a->attbyval, a->attlen);
		}
	}
	/*
	 * A bulk-insert state keeps the current target page pinned from one multi-insert call to the next, but
	 * WITHOUT GetBulkInsertState()'s BAS_BULKWRITE ring: with a 16 MB ring every page the ring recycles has to
	 * be written out (and the WAL flushed up to it) inside the writer's statement; measured here, it made a
	 * 100,000-row INSERT about twice as slow as writing into shared buffers like any INSERT does.
	 */
	bistate = palloc(sizeof(BulkInsertStateData));
	bistate->strategy = NULL;
	bistate->current_buf = InvalidBuffer;
	slots = palloc(sizeof(TupleTableSlot *) * Min(m, DIRECT_BATCH));
	for (i = 0; i < Min(m, DIRECT_BATCH); i++)
		slots[i] = table_slot_create(rel, NULL);

	for (j = 0; j < m; j += DIRECT_BATCH) {
		int n = Min(DIRECT_BATCH, m - j);

		for (k = 0; k < n; k++) {
			TupleTableSlot *slot = slots[k];

			ExecClearTuple(slot);
			ResetPerTupleExprContext(estate);
			for (i = 0; i < natts; i++) {
				slot->tts_isnull[i] = constnull[i];
				slot->tts_values[i] = constval[i];
				if (!isconst[i])
					slot->tts_values[i] = ExecEvalExpr(defaults[i], econtext, &slot->tts_isnull[i]);
			}
#define SET(col, v)                                                                                                    \
	do {                                                                                                           \
		slot->tts_values[t->att[col] - 1] = (v);                                                               \
		slot->tts_isnull[t->att[col] - 1] = false;                                                             \
	} while (0)
			SET(T_ID, ids[j + k]);
			SET(T_AGGTYPE, aggt[j + k]);
			SET(T_AGGID, aggi[j + k]);
			SET(T_TYPE, types[j + k]);
			SET(T_PAYLOAD, payloads[j + k]);
			SET(T_HORIZON, FullTransactionIdGetDatum(horizon));
#undef SET
			for (i = 0; i < natts; i++) {
				Form_pg_attribute a = TupleDescAttr(td, i);

				if (a->attnotnull && slot->tts_isnull[i])
					ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION),
					                errmsg("null value in column \"%s\" of relation \"%s\" "
					                       "violates not-null constraint",
					                       NameStr(a->attname), RelationGetRelationName(rel))));
			}
			ExecStoreVirtualTuple(slot);
			/* the defaults live in the per-tuple context, reset for the next row */
			ExecMaterializeSlot(slot);
		}
		table_multi_insert(rel, slots, n, cid, 0, bistate);
		for (k = 0; k < n; k++) {
			ResetPerTupleExprContext(estate);
			if (rri->ri_NumIndices > 0)
				ExecInsertIndexTuples(rri, slots[k], estate, false, false, NULL, NIL);
		}
	}

	for (i = 0; i < Min(m, DIRECT_BATCH); i++)
		ExecDropSingleTupleTableSlot(slots[i]);
	FreeBulkInsertState(bistate); /* releases the pinned page; FreeAccessStrategy(NULL) does nothing */
	ExecCloseIndices(rri);
	FreeExecutorState(estate);
	table_close(rel, NoLock);
}

static bool stmt_will_fire(const OutboxRel *r, OutboxOp op)
{
	char c = r->stmt_enabled[op];

	if (c == 0 || c == TRIGGER_DISABLED)
		return false;
	if (SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA)
		return c == TRIGGER_FIRES_ALWAYS || c == TRIGGER_FIRES_ON_REPLICA;
	return c == TRIGGER_FIRES_ALWAYS || c == TRIGGER_FIRES_ON_ORIGIN;
}

/*
 * Writes the buffered events of the current subtransaction level (events of outer levels wait until their
 * level is current again: a later ROLLBACK TO SAVEPOINT must not take them along). One INSERT per target.
 */
static void outbox_flush(void)
{
	int nest = GetCurrentTransactionNestLevel();
	OutboxEvent *ev;
	int n, i, j, k, m;
	bool *done;

	if (buf_n == 0)
		return;
	/* take the events out first: triggers on the outbox table may capture (and buffer) new ones */
	ev = palloc(sizeof(OutboxEvent) * buf_n);
	for (i = 0, k = 0, n = 0; i < buf_n; i++) {
		if (buf[i].nest >= nest)
			ev[n++] = buf[i];
		else
			buf[k++] = buf[i];
	}
	buf_n = k;
	if (n == 0)
		return;

	done = palloc0(sizeof(bool) * n);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "schemaops outbox: SPI_connect failed");
	for (i = 0; i < n; i++) {
		OutboxTarget *t;
		Datum *ids, *aggt, *aggi, *types, *payloads;
		Datum values[6];
		FullTransactionId horizon;
		int rc;

		if (done[i])
			continue;
		t = target_get(ev[i].target);
		for (m = 0, j = i; j < n; j++)
			if (!done[j] && ev[j].target == ev[i].target)
				m++;
		ids = palloc(sizeof(Datum) * m);
		aggt = palloc(sizeof(Datum) * m);
		aggi = palloc(sizeof(Datum) * m);
		types = palloc(sizeof(Datum) * m);
		payloads = palloc(sizeof(Datum) * m);
		for (k = 0, j = i; j < n; j++) {
			if (done[j] || ev[j].target != ev[i].target)
				continue;
			done[j] = true;
			ids[k] = Int64GetDatum(nextval_internal(t->seqoid, true));
			aggt[k] = PointerGetDatum(ev[j].aggtype);
			aggi[k] = PointerGetDatum(ev[j].aggid);
			types[k] = PointerGetDatum(ev[j].type);
			payloads[k] = PointerGetDatum(ev[j].payload);
			k++;
		}
		/* read after the ids were taken: see the file comment */
		horizon = ReadNextFullTransactionId();
		if (t->direct)
			write_direct(t, ids, aggt, aggi, types, payloads, m, horizon);
		else {
			values[0] =
			    PointerGetDatum(construct_array(ids, m, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
			values[1] = PointerGetDatum(construct_array(aggt, m, TEXTOID, -1, false, TYPALIGN_INT));
			values[2] = PointerGetDatum(construct_array(aggi, m, TEXTOID, -1, false, TYPALIGN_INT));
			values[3] = PointerGetDatum(construct_array(types, m, TEXTOID, -1, false, TYPALIGN_INT));
			values[4] = PointerGetDatum(construct_array(payloads, m, JSONBOID, -1, false, TYPALIGN_INT));
			values[5] = FullTransactionIdGetDatum(horizon);
			rc = SPI_execute_plan(t->plan, values, NULL, false, 0);
			if (rc != SPI_OK_INSERT)
				elog(ERROR, "schemaops outbox: writing to %s failed: %s", t->name,
				     SPI_result_code_string(rc));
		}
		/* PostgreSQL folds identical notifications of one transaction into one */
		for (j = i; j < n; j++)
			if (ev[j].target == ev[i].target && ev[j].notify &&
			    (j == i || ev[j - 1].notify == NULL || strcmp(ev[j - 1].notify, ev[j].notify) != 0))
				Async_Notify(ev[j].notify, t->name);
	}
	SPI_finish();
	for (i = 0; i < n; i++) {
		pfree(ev[i].aggid);
		pfree(ev[i].payload);
	}
	pfree(ev);
	pfree(done);
}

/* ---------------------------------------------------------------- SQL functions */

/*
 * schemaops.outbox_capture() RETURNS trigger. Row level (AFTER INSERT/UPDATE/DELETE): captures one event.
 * Statement level (AFTER INSERT/UPDATE/DELETE/TRUNCATE): writes the buffered events (TRUNCATE: one event
 * "<table>.truncated" first). Trigger argument: the options object as text (optional).
 * Errors: 39P01 when not called as an AFTER trigger; option and catalog errors as outbox_options().
 */
Datum so_pg_outbox_capture(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	OutboxRel *r;
	TupleTableSlot *oldslot = NULL, *newslot = NULL;
	OutboxOp op, stmt_op;
	Jsonb *payload;
	text *aggid;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
		                errmsg("outbox_capture: not called by trigger manager")));
	td = (TriggerData *)fcinfo->context;
	if (!TRIGGER_FIRED_AFTER(td->tg_event))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
		                errmsg("outbox_capture: must be fired AFTER the change")));
	outbox_init_once();
	r = rel_get(td, fcinfo->flinfo->fn_oid);

	if (TRIGGER_FIRED_FOR_STATEMENT(td->tg_event)) {
		if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event)) {
			JsonbParseState *st = NULL;
			JsonbValue *res;

			pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
			res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
			buffer_add(r, OP_TRUNCATED, cstring_to_text(""), JsonbValueToJsonb(res));
		}
		outbox_flush();
		return PointerGetDatum(NULL);
	}

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event)) {
		op = OP_CREATED;
		newslot = td->tg_trigslot;
	} else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
		op = OP_UPDATED;
		oldslot = td->tg_trigslot;
		newslot = td->tg_newslot;
	} else if (TRIGGER_FIRED_BY_DELETE(td->tg_event)) {
		op = OP_DELETED;
		oldslot = td->tg_trigslot;
	} else
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
		                errmsg("outbox_capture: row-level triggers fire on INSERT, UPDATE or DELETE only")));
	if (oldslot)
		slot_getallattrs(oldslot);
	if (newslot)
		slot_getallattrs(newslot);

	stmt_op = op;
	aggid = aggregate_id(r, op == OP_DELETED ? oldslot : newslot);
	if (op == OP_UPDATED && r->key_update == KEY_DELETE_CREATE) {
		text *oldid = aggregate_id(r, oldslot);

		/* the key changed (its aggregateid did): Debezium's delete of the old key, then a create of the new */
		if (VARSIZE(oldid) != VARSIZE(aggid) ||
		    memcmp(VARDATA(oldid), VARDATA(aggid), VARSIZE(aggid) - VARHDRSZ) != 0) {
			buffer_add(r, OP_DELETED, oldid, row_payload(r, OP_DELETED, oldslot, NULL));
			op = OP_CREATED;
			oldslot = NULL;
		}
	}
	payload = row_payload(r, op, oldslot, newslot);
	buffer_add(r, op, aggid, payload);
	if (!stmt_will_fire(r, stmt_op) || buf_n >= OUTBOX_FLUSH_EVENTS)
		outbox_flush();
	return PointerGetDatum(NULL);
}

/*
 * schemaops.outbox_options(tbl regclass, options jsonb) RETURNS jsonb: the options a capture on tbl would
 * use, validated against the catalog and with every default filled in (outbox_attach stores this object in
 * the triggers). Errors: 22023 bad option, 42703 unknown excluded column, 42809 not a table, 55000 no
 * primary key / excluded key column / target without the outbox columns, 42P01 unknown target table.
 */
Datum so_pg_outbox_options(PG_FUNCTION_ARGS)
{
	Oid relid = PG_GETARG_OID(0);
	Jsonb *jb = PG_GETARG_JSONB_P(1);
	OutboxOptions o;
	Relation rel;
	Oid target, seqoid;
	JsonbParseState *st = NULL;
	JsonbValue k, v, *res;
	ListCell *lc;

	parse_options(jb, &o);
	rel = relation_open(relid, AccessShareLock);
	check_options(rel, &o, &target, &seqoid);
	relation_close(rel, AccessShareLock);

#define PUSH_KEY(s)                                                                                                    \
	do {                                                                                                           \
		k.type = jbvString;                                                                                    \
		k.val.string.val = (s);                                                                                \
		k.val.string.len = strlen(s);                                                                          \
		pushJsonbValue(&st, WJB_KEY, &k);                                                                      \
	} while (0)
#define PUSH_STR(s)                                                                                                    \
	do {                                                                                                           \
		v.type = jbvString;                                                                                    \
		v.val.string.val = (s);                                                                                \
		v.val.string.len = strlen(s);                                                                          \
		pushJsonbValue(&st, WJB_VALUE, &v);                                                                    \
	} while (0)

	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	PUSH_KEY("aggregate_type");
	PUSH_STR(o.aggregate_type);
	PUSH_KEY("type");
	PUSH_STR(o.type_template);
	PUSH_KEY("update_payload");
	PUSH_STR(o.update_payload == UPD_NEW ? "new" : o.update_payload == UPD_OLD_NEW ? "old_new" : "changed");
	PUSH_KEY("key_update");
	PUSH_STR(o.key_update == KEY_UPDATE ? "update" : "delete_create");
	PUSH_KEY("exclude");
	pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
	foreach (lc, o.exclude) {
		v.type = jbvString;
		v.val.string.val = lfirst(lc);
		v.val.string.len = strlen(lfirst(lc));
		pushJsonbValue(&st, WJB_ELEM, &v);
	}
	pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	PUSH_KEY("outbox");
	PUSH_STR(qualified_name(target));
	PUSH_KEY("notify");
	if (o.notify)
		PUSH_STR(o.notify);
	else {
		v.type = jbvNull;
		pushJsonbValue(&st, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
#undef PUSH_KEY
#undef PUSH_STR
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

/* schemaops.outbox_horizon() RETURNS xid8: the next transaction id to be assigned (the `horizon` default) */
Datum so_pg_outbox_horizon(PG_FUNCTION_ARGS)
{
	PG_RETURN_FULLTRANSACTIONID(ReadNextFullTransactionId());
}
