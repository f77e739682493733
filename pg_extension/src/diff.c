/*
 * diff.c: the SQL entry points of schema diffing (docs/sql-postgres.md).
 *
 * Documents arrive as jsonb and are walked straight into the core's document tree (JsonbIterator ->
 * schemaops/tree.h): printing a 13 MB jsonb to text only for libyaml to parse it again cost more than the
 * diff itself. The tree gets the same checks and limits as text; when a document is refused (or the diff
 * fails) the error is reproduced from the document's text form (JsonbToCString, the core's YAML/JSON reader),
 * so error messages keep their line/column exactly as before. Options are small and still go as text.
 * The C functions are not STRICT so that a NULL options argument means "the defaults"; a NULL document
 * gives a NULL script / no rows.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

#include "schemaops/diff.h"
#include "schemaops/document.h"
#include "schemaops/tree.h"
#include "so_pg.h"

PG_FUNCTION_INFO_V1(so_pg_schema_diff_docs);
PG_FUNCTION_INFO_V1(so_pg_schema_changes_docs);
PG_FUNCTION_INFO_V1(so_pg_schema_from_yaml);

#define SO_CHANGES_NATTS 15

static char *jsonb_arg_text(FunctionCallInfo fcinfo, int n, size_t *len)
{
	Jsonb *jb = PG_GETARG_JSONB_P(n);
	char *s = JsonbToCString(NULL, &jb->root, VARSIZE(jb));
	*len = strlen(s);
	return s;
}

static const so_document *parse_doc(so_pg_arena *a, const char *text, size_t len, const char *context)
{
	so_document *doc = NULL;
	so_error err;

	so_error_clear(&err);
	if (so_document_parse(a->arena, text, len, &doc, &err) != SO_OK)
		so_pg_raise(&err, context);
	return doc;
}

/* Length of s as escape_json() writes it, quotes excluded (PostgreSQL 15, utils/adt/json.c). */
static size_t escaped_len(const char *s, int len)
{
	size_t n = 0;
	int i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '"' || c == '\\')
			n += 2;
		else if (c < ' ')
			n += 6;
		else
			n++;
	}
	return n;
}

/*
 * One scalar of the jsonb into the tree; *text_len grows by its length in the text form. Strings are quoted
 * scalars (as the reader sees a JSON string); numbers, booleans and null are plain scalars spelled as
 * JsonbToCString spells them.
 */
static so_status tree_scalar(so_tree *t, const JsonbValue *v, size_t *text_len)
{
	so_status st;
	char *num;

	switch (v->type) {
	case jbvString:
		*text_len += escaped_len(v->val.string.val, v->val.string.len) + 2;
		return so_tree_scalar(t, v->val.string.val, (size_t)v->val.string.len, true);
	case jbvNumeric:
		num = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		*text_len += strlen(num);
		st = so_tree_scalar(t, num, strlen(num), false);
		pfree(num);
		return st;
	case jbvBool:
		*text_len += v->val.boolean ? 4 : 5;
		return so_tree_scalar(t, v->val.boolean ? "true" : "false", v->val.boolean ? 4 : 5, false);
	case jbvNull:
		*text_len += 4;
		return so_tree_scalar(t, "null", 4, false);
	default:
		/* not a scalar of a jsonb value read by the iterator: let the text path judge the document */
		return SO_ERR_INTERNAL;
	}
}

/*
 * Argument n (jsonb) walked into a document tree and read as a document. Returns NULL, without raising,
 * when the tree path refuses it (the caller then reads the text form, which gives the exact error) or when
 * the text form would exceed SO_DOCUMENT_MAX_BYTES (counted exactly as JsonbToCString writes it: ", "
 * between members, ": " after keys).
 */
static const so_document *tree_doc(FunctionCallInfo fcinfo, so_pg_arena *a, int n)
{
	Jsonb *jb = PG_GETARG_JSONB_P(n);
	JsonbIterator *it;
	JsonbIteratorToken tok;
	JsonbValue v;
	so_document *doc = NULL;
	so_error err;
	so_tree *t;
	so_status st = SO_OK;
	size_t text_len = 0, n_tokens = 0;
	bool first = true; /* JsonbToCString_worker's own flag: ", " goes before all but a container's first */

	/* only an object can be a document: everything else goes to the text path for its message */
	if (!JB_ROOT_IS_OBJECT(jb))
		return NULL;
	so_error_clear(&err);
	t = so_tree_create(a->arena, &err);
	if (!t)
		return NULL;
	it = JsonbIteratorInit(&jb->root);
	while (st == SO_OK && (tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE) {
		if (!first && (tok == WJB_BEGIN_OBJECT || tok == WJB_BEGIN_ARRAY || tok == WJB_KEY || tok == WJB_ELEM))
			text_len += 2;
		switch (tok) {
		case WJB_BEGIN_OBJECT:
			text_len += 2; /* { } */
			first = true;
			st = so_tree_mapping_begin(t, (size_t)v.val.object.nPairs);
			break;
		case WJB_BEGIN_ARRAY:
			text_len += 2; /* [ ] */
			first = true;
			st = so_tree_sequence_begin(t, (size_t)v.val.array.nElems);
			break;
		case WJB_END_OBJECT:
		case WJB_END_ARRAY:
			first = false;
			st = so_tree_end(t);
			break;
		case WJB_KEY:
			text_len += escaped_len(v.val.string.val, v.val.string.len) + 4; /* "key": */
			first = true;
			st = so_tree_key(t, v.val.string.val, (size_t)v.val.string.len);
			break;
		case WJB_ELEM:
		case WJB_VALUE:
			first = false;
			st = tree_scalar(t, &v, &text_len);
			break;
		default:
			st = SO_ERR_INTERNAL;
			break;
		}
		if ((++n_tokens & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (st != SO_OK)
		return NULL;
	if (text_len > SO_DOCUMENT_MAX_BYTES)
		return NULL;
	if (so_document_from_tree(a->arena, t, &doc, &err) != SO_OK)
		return NULL;
	return doc;
}

/* Argument n read as a document: the jsonb walk, or on refusal its text form (raising its exact error). */
static const so_document *arg_doc(FunctionCallInfo fcinfo, so_pg_arena *a, int n, bool text, const char *context)
{
	const so_document *doc = text ? NULL : tree_doc(fcinfo, a, n);
	size_t len;
	char *s;

	if (doc)
		return doc;
	s = jsonb_arg_text(fcinfo, n, &len);
	return parse_doc(a, s, len, context);
}

/*
 * The common part of schema_diff and schema_changes: both documents parsed, options applied, diffed.
 * Returns NULL when a document argument is NULL. A failing diff is run again on the documents read from
 * their text form, so that its error carries the line/column of the offending node.
 */
static so_changeset *diff_args(FunctionCallInfo fcinfo, so_pg_arena *a)
{
	so_diff_options opts;
	so_changeset *cs = NULL;
	const so_document *from, *to;
	so_error err;
	char *text;
	size_t len;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return NULL;

	so_error_clear(&err);
	so_diff_options_init(&opts);
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2)) {
		text = jsonb_arg_text(fcinfo, 2, &len);
		if (so_diff_options_parse(a->arena, text, len, &opts, &err) != SO_OK)
			so_pg_raise(&err, "while reading the options argument");
	}
	CHECK_FOR_INTERRUPTS();
	from = arg_doc(fcinfo, a, 0, false, "while reading the from document");
	CHECK_FOR_INTERRUPTS();
	to = arg_doc(fcinfo, a, 1, false, "while reading the to document");
	CHECK_FOR_INTERRUPTS();
	if (so_diff(a->arena, from, to, &opts, &cs, &err) != SO_OK) {
		so_error_clear(&err);
		from = arg_doc(fcinfo, a, 0, true, "while reading the from document");
		to = arg_doc(fcinfo, a, 1, true, "while reading the to document");
		if (so_diff(a->arena, from, to, &opts, &cs, &err) != SO_OK)
			so_pg_raise(&err, "while comparing the documents");
		ereport(ERROR,
		        (errcode(ERRCODE_INTERNAL_ERROR),
		         errmsg("schema_diff failed on the documents read from jsonb but not on their text form")));
	}
	CHECK_FOR_INTERRUPTS();
	return cs;
}

/* schemaops.schema_diff(from_doc jsonb, to_doc jsonb, options jsonb) -> text: the migration script. */
Datum so_pg_schema_diff_docs(PG_FUNCTION_ARGS)
{
	so_pg_arena a;
	so_changeset *cs;
	so_error err;
	char *script = NULL;
	text *result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	so_pg_arena_init(&a, "schemaops schema_diff");
	cs = diff_args(fcinfo, &a);
	so_error_clear(&err);
	if (so_changeset_script(a.arena, cs, false, &script, &err) != SO_OK)
		so_pg_raise(&err, "while rendering the script");
	/* cstring_to_text copies into the caller's context before the arena goes */
	result = cstring_to_text(script);
	so_pg_arena_done(&a);
	PG_RETURN_TEXT_P(result);
}

static Datum nullable_text(const char *s, bool *isnull)
{
	*isnull = (s == NULL);
	return s ? CStringGetTextDatum(s) : (Datum)0;
}

/*
 * schemaops.schema_changes(from_doc jsonb, to_doc jsonb, options jsonb) -> SETOF record: one row per change
 * (seq, action, object_type, object_name, severity, risk, hazards, ddl_up, ddl_down, down_lossy, skipped,
 * skip_reason, lock_level, outside_transaction, phase).
 */
Datum so_pg_schema_changes_docs(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
	so_pg_arena a;
	so_changeset *cs;
	size_t i, n;

	InitMaterializedSRF(fcinfo, 0);
	if (rsinfo->setDesc->natts != SO_CHANGES_NATTS)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
		                errmsg("schema_changes must be declared with %d result columns, not %d",
		                       SO_CHANGES_NATTS, rsinfo->setDesc->natts)));
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum)0;

	so_pg_arena_init(&a, "schemaops schema_changes");
	cs = diff_args(fcinfo, &a);
	n = so_changeset_count(cs);
	for (i = 0; i < n; i++) {
		const so_change *c = so_changeset_get(cs, i);
		Datum values[SO_CHANGES_NATTS];
		bool nulls[SO_CHANGES_NATTS];
		Datum *hz;
		size_t h;

		if (!c)
			ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
			                errmsg("change %zu of %zu is missing from the change set", i + 1, n)));
		memset(nulls, 0, sizeof nulls);
		values[0] = Int32GetDatum(c->seq);
		values[1] = CStringGetTextDatum(so_action_name(c->action));
		values[2] = nullable_text(c->object_type, &nulls[2]);
		values[3] = nullable_text(c->object_name, &nulls[3]);
		values[4] = CStringGetTextDatum(so_severity_name(c->severity));
		values[5] = Int32GetDatum(c->risk);
		hz = palloc((c->n_hazards ? c->n_hazards : 1) * sizeof(Datum));
		for (h = 0; h < c->n_hazards; h++)
			hz[h] = CStringGetTextDatum(c->hazards[h] ? c->hazards[h] : "");
		values[6] = PointerGetDatum(construct_array(hz, (int)c->n_hazards, TEXTOID, -1, false, TYPALIGN_INT));
		values[7] = nullable_text(c->ddl_up, &nulls[7]);
		values[8] = nullable_text(c->ddl_down, &nulls[8]);
		values[9] = BoolGetDatum(c->down_lossy);
		values[10] = BoolGetDatum(c->skipped);
		values[11] = nullable_text(c->skip_reason, &nulls[11]);
		values[12] = nullable_text(c->lock_level, &nulls[12]);
		values[13] = BoolGetDatum(c->outside_transaction);
		values[14] = CStringGetTextDatum(so_phase_name(c->phase));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		if ((i & 255) == 255)
			CHECK_FOR_INTERRUPTS();
	}
	so_pg_arena_done(&a);
	return (Datum)0;
}

/*
 * schemaops.schema_from_yaml(doc text) -> jsonb: the document read (YAML or JSON), checked against the
 * format, normalized and written in its canonical JSON form.
 */
Datum so_pg_schema_from_yaml(PG_FUNCTION_ARGS)
{
	text *in = PG_GETARG_TEXT_PP(0);
	so_pg_arena a;
	const so_document *doc;
	so_error err;
	char *json = NULL;
	size_t len = 0;
	Datum result;

	so_pg_arena_init(&a, "schemaops schema_from_yaml");
	doc = parse_doc(&a, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), "while reading the document");
	CHECK_FOR_INTERRUPTS();
	so_error_clear(&err);
	if (so_document_to_json(a.arena, doc, &json, &len, &err) != SO_OK)
		so_pg_raise(&err, "while writing the document");
	result = DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
	so_pg_arena_done(&a);
	PG_RETURN_DATUM(result);
}
