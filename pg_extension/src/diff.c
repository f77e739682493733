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

#include <sys/mman.h>
#include <unistd.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
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

/*
 * The arena of a diff takes its chunks from blocks of growing size (DIFF_BLOCK_FIRST to DIFF_BLOCK_MAX) in its
 * memory context, each populated with one madvise(MADV_POPULATE_WRITE) (Linux 5.14+; elsewhere, or when it
 * fails, the pages are faulted in one by one on first write as before). A 10,000-table diff writes ~100 MB of
 * fresh memory; page by page that is ~28,000 page faults, each a trap into the kernel that costs more than
 * the zeroing of its page on a virtual machine. Chunks are never freed one by one: the context goes as a
 * whole (so_pg_arena_done).
 */
#define DIFF_BLOCK_FIRST ((size_t)256 << 10)
#define DIFF_BLOCK_MAX ((size_t)8 << 20)

typedef struct diff_blocks {
	MemoryContext mcxt;
	char *cur, *end;
	size_t next; /* size of the next block */
} diff_blocks;

static void populate(char *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1), to = ((uintptr_t)p + len) & ~(page - 1);

	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* advice only: failure is harmless */
#else
	(void)p;
	(void)len;
#endif
}

static void *diff_alloc(void *ctx, size_t size)
{
	diff_blocks *b = ctx;
	char *p;

	if (size == 0 || !AllocHugeSizeIsValid(size))
		return NULL;
	size = MAXALIGN(size);
	if (size > (size_t)(b->end - b->cur)) {
		size_t bs = b->next;
		if (size > bs / 4) {
			/* a big request gets its own block; the current one stays */
			p = MemoryContextAllocExtended(b->mcxt, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
			if (p)
				populate(p, size);
			return p;
		}
		p = MemoryContextAllocExtended(b->mcxt, bs, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
		if (!p)
			return NULL;
		populate(p, bs);
		b->cur = p;
		b->end = p + bs;
		if (b->next < DIFF_BLOCK_MAX)
			b->next *= 2;
	}
	p = b->cur;
	b->cur += size;
	return p;
}

/* so_pg_arena_init() for a diff: the same context and arena, with chunks from populated blocks. */
static void diff_arena_init(so_pg_arena *a, const char *name)
{
	so_allocator alloc;
	diff_blocks *b;

	a->mcxt = AllocSetContextCreate(CurrentMemoryContext, "schemaops core", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSetIdentifier(a->mcxt, name);
	b = MemoryContextAllocZero(a->mcxt, sizeof *b);
	b->mcxt = a->mcxt;
	b->next = DIFF_BLOCK_FIRST;
	alloc.alloc = diff_alloc;
	alloc.free = NULL; /* the context is deleted as a whole */
	alloc.ctx = b;
	a->arena = so_arena_create(&alloc);
	if (!a->arena) {
		MemoryContextDelete(a->mcxt);
		a->mcxt = NULL;
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("schemaops: out of memory creating an arena")));
	}
}

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
 * Collections shared by the two documents of a diff. The first document's tree registers every mapping or
 * sequence that is an item of a sequence (a table, a schema of a multi-schema document, ...), at most
 * SHARE_MAX_DEPTH levels deep and at least SHARE_MIN_BYTES of jsonb, under a hash of its jsonb bytes; when
 * the second document has a byte-equal container at the same depth (jsonb is canonical: equal bytes are equal
 * values, nested containers are position-independent), its already built subtree is reused
 * (so_tree_reuse) instead of being built again. About nine tables in ten are unchanged in a typical pair.
 */
#define SHARE_MIN_BYTES 256
#define SHARE_MAX_DEPTH 4

typedef struct share_key {
	uint64 hash;
	uint32 len;
	int32 depth;
} share_key;

typedef struct share_entry {
	share_key key; /* dynahash: the key comes first */
	const JsonbContainer *jc;
	so_tree_part part;
	size_t text_len; /* the container's length in the text form (see tree_doc) */
} share_entry;

typedef struct tree_walk {
	so_tree *t;
	HTAB *share;    /* NULL: no sharing */
	bool register_; /* true: register containers into share; false: look them up */
	size_t n_tokens;
} tree_walk;

static so_status walk_container(tree_walk *w, const JsonbContainer *jc, int depth, size_t *text_len);

/* A nested container value: reused from the registry, or walked (and then registered). */
static so_status walk_nested(tree_walk *w, const JsonbValue *v, int depth, bool item, size_t *text_len)
{
	const JsonbContainer *jc = (const JsonbContainer *)v->val.binary.data;
	share_key key;
	share_entry *e;
	bool found;
	size_t len = 0;
	so_status st;

	if (!w->share || !item || depth > SHARE_MAX_DEPTH || v->val.binary.len < SHARE_MIN_BYTES)
		return walk_container(w, jc, depth, text_len);
	memset(&key, 0, sizeof key);
	key.hash = hash_bytes_extended((const unsigned char *)jc, v->val.binary.len, 0);
	key.len = (uint32)v->val.binary.len;
	key.depth = depth;
	if (!w->register_) {
		e = hash_search(w->share, &key, HASH_FIND, NULL);
		if (e && memcmp(e->jc, jc, key.len) == 0) {
			*text_len += e->text_len;
			return so_tree_reuse(w->t, &e->part);
		}
		return walk_container(w, jc, depth, text_len);
	}
	st = walk_container(w, jc, depth, &len);
	*text_len += len;
	if (st != SO_OK)
		return st;
	e = hash_search(w->share, &key, HASH_ENTER, &found);
	if (!found) { /* a colliding or repeated container keeps the first one */
		e->jc = jc;
		e->text_len = len;
		if (!so_tree_last(w->t, &e->part))
			return SO_ERR_INTERNAL;
	}
	return SO_OK;
}

/*
 * One container of the jsonb into the tree, members one level at a time (nested containers come back as
 * jbvBinary and are walked by walk_nested). *text_len grows by its length in the text form, counted exactly
 * as JsonbToCString writes it: brackets, ", " between members, "\"key\": " before values.
 */
static so_status walk_container(tree_walk *w, const JsonbContainer *jc, int depth, size_t *text_len)
{
	JsonbIterator *it = JsonbIteratorInit((JsonbContainer *)jc);
	JsonbIteratorToken tok;
	JsonbValue v;
	so_status st = SO_OK;
	bool first = true;

	check_stack_depth();
	while (st == SO_OK && (tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
		if ((++w->n_tokens & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		switch (tok) {
		case WJB_BEGIN_OBJECT:
			*text_len += 2; /* { } */
			st = so_tree_mapping_begin(w->t, (size_t)v.val.object.nPairs);
			break;
		case WJB_BEGIN_ARRAY:
			*text_len += 2; /* [ ] */
			st = so_tree_sequence_begin(w->t, (size_t)v.val.array.nElems);
			break;
		case WJB_END_OBJECT:
		case WJB_END_ARRAY:
			st = so_tree_end(w->t);
			break;
		case WJB_KEY:
			*text_len += (first ? 0 : 2) + escaped_len(v.val.string.val, v.val.string.len) + 4; /* "key": */
			first = false;
			st = so_tree_key(w->t, v.val.string.val, (size_t)v.val.string.len);
			break;
		case WJB_ELEM:
		case WJB_VALUE:
			if (tok == WJB_ELEM) {
				*text_len += first ? 0 : 2;
				first = false;
			}
			if (v.type == jbvBinary)
				st = walk_nested(w, &v, depth + 1, tok == WJB_ELEM, text_len);
			else
				st = tree_scalar(w->t, &v, text_len);
			break;
		default:
			st = SO_ERR_INTERNAL;
			break;
		}
	}
	return st;
}

/*
 * Argument n (jsonb) walked into a document tree and read as a document. Returns NULL, without raising,
 * when the tree path refuses it (the caller then reads the text form, which gives the exact error) or when
 * the text form would exceed SO_DOCUMENT_MAX_BYTES. share: NULL, or the registry of shared containers
 * (register_: fill it with this document's; else reuse its subtrees).
 */
static const so_document *tree_doc(FunctionCallInfo fcinfo, so_pg_arena *a, int n, HTAB *share, bool register_,
                                   const so_document *prev)
{
	Jsonb *jb = PG_GETARG_JSONB_P(n);
	so_document *doc = NULL;
	so_error err;
	tree_walk w;
	size_t text_len = 0;

	/* only an object can be a document: everything else goes to the text path for its message */
	if (!JB_ROOT_IS_OBJECT(jb))
		return NULL;
	so_error_clear(&err);
	w.t = so_tree_create(a->arena, &err);
	if (!w.t)
		return NULL;
	w.share = share;
	w.register_ = register_;
	w.n_tokens = 0;
	if (walk_container(&w, &jb->root, 0, &text_len) != SO_OK)
		return NULL;
	if (text_len > SO_DOCUMENT_MAX_BYTES)
		return NULL;
	if (so_document_from_tree_reusing(a->arena, w.t, prev, &doc, &err) != SO_OK)
		return NULL;
	return doc;
}

/* Argument n read as a document: the jsonb walk, or on refusal its text form (raising its exact error). */
static const so_document *arg_doc(FunctionCallInfo fcinfo, so_pg_arena *a, int n, bool text, HTAB *share,
                                  const so_document *prev, const char *context)
{
	const so_document *doc = text ? NULL : tree_doc(fcinfo, a, n, share, false, prev);
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
	HASHCTL hctl;
	HTAB *share;

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
	memset(&hctl, 0, sizeof hctl);
	hctl.keysize = sizeof(share_key);
	hctl.entrysize = sizeof(share_entry);
	hctl.hcxt = a->mcxt;
	share = hash_create("schemaops shared containers", 1024, &hctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	from = tree_doc(fcinfo, a, 0, share, true, NULL);
	if (!from) {
		/* refused: its text form gives the exact error (or reads); nothing of it is shared */
		hash_destroy(share);
		share = NULL;
		from = arg_doc(fcinfo, a, 0, true, NULL, NULL, "while reading the from document");
	}
	CHECK_FOR_INTERRUPTS();
	/* the tables shared with the from document are taken from it, not read again */
	to = arg_doc(fcinfo, a, 1, false, share, share ? from : NULL, "while reading the to document");
	CHECK_FOR_INTERRUPTS();
	if (so_diff(a->arena, from, to, &opts, &cs, &err) != SO_OK) {
		so_error_clear(&err);
		from = arg_doc(fcinfo, a, 0, true, NULL, NULL, "while reading the from document");
		to = arg_doc(fcinfo, a, 1, true, NULL, NULL, "while reading the to document");
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
	diff_arena_init(&a, "schemaops schema_diff");
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

	diff_arena_init(&a, "schemaops schema_changes");
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
