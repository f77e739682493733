/*
 * vector_pg.c: the vector functions, operators and the vector_avg aggregate (sql/postgres/40_vector.sql).
 *
 * One C entry point per SQL function name serves every overload: the argument forms (real[], bytea holding
 * little-endian float32, text '[1,2,3]') are looked up once per call site with get_fn_expr_argtype() and
 * kept in fn_extra with the vectors of arguments that are stable for the call site, so a query vector is
 * parsed and checked once per statement, not once per row. A Const argument is cached outright. Any other
 * stable argument (get_fn_expr_arg_stable(): an external Param) is cached together with a copy of its raw
 * bytes and reused only while the bytes are equal: PL/pgSQL keeps one expression state, hence one fn_extra,
 * for a whole transaction while the values of its variables (Params) change between calls. Per-row arguments are read
 * in place when their bytes are float-aligned (a real[] is; a bytea is unless stored with a 1-byte header) and copied
 * into a scratch buffer otherwise.
 *
 * Errors follow pgvector (src/vector.c) in wording and SQLSTATE: "different vector dimensions %d and %d"
 * (22000 data_exception), "NaN not allowed in vector", "infinite value not allowed in vector" (22000),
 * "vector must have at least 1 dimension" (22000), "vector cannot have more than 16000 dimensions" (54000),
 * "array must be 1-D", "array must not contain nulls" (22000 as pgvector's array_to_vector),
 * "malformed vector literal" (22P02, with a detail saying where), "\"1e39\" is out of range for type vector"
 * (22003 numeric_value_out_of_range). See docs/vectors.md.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "schemaops/vector.h"

#include "so_pg.h"

/*
 * ARR_DATA_PTR without its signed/unsigned ?: (which -Wsign-compare refuses in array.h's macro): a null
 * bitmap (even one with no null set) moves the data to dataoffset.
 */
static inline char *arr_data(ArrayType *a)
{
	return (char *)a + (ARR_HASNULL(a) ? (size_t)a->dataoffset : (size_t)ARR_OVERHEAD_NONULLS(ARR_NDIM(a)));
}

typedef enum vec_form { VEC_ARRAY, VEC_BYTEA, VEC_TEXT } vec_form;

typedef struct vec_arg {
	vec_form form;
	bool constant; /* a Const: parsed once into `cached` for the life of fn_extra */
	bool stable;   /* a Param: `cached` is valid while the argument's bytes equal `raw` */
	float *cached; /* in fn_mcxt, when constant or stable and already read */
	int cached_n;
	double *cached_q;   /* `cached` widened to double (so_vector_distance_q), in fn_mcxt */
	double cached_norm; /* its norm, sqrt(so_vector_norm_squared) */
	char *raw;          /* stable only: the bytes `cached` was read from (in fn_mcxt) */
	size_t raw_len;
	float *scratch; /* per-row buffer (fn_mcxt) for copies of misaligned or text input */
	int scratch_cap;
} vec_arg;

typedef struct vec_state {
	int nargs;
	vec_arg arg[2];
} vec_state;

/*
 * A core vector error as an ereport. SO_ERR_ARGUMENT is only a number out of the float32 range in the text
 * form here (schemaops/vector.h): 22003 numeric_value_out_of_range, as pgvector's vector_in and float4in.
 */
static pg_attribute_noreturn() void raise_core(const so_error *err)
{
	if (err->code == SO_ERR_ARGUMENT)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("%s", err->message)));
	so_pg_raise(err, NULL);
}

static vec_form form_of(Oid type)
{
	switch (type) {
	case FLOAT4ARRAYOID:
		return VEC_ARRAY;
	case BYTEAOID:
		return VEC_BYTEA;
	case TEXTOID:
	case VARCHAROID:
	case UNKNOWNOID:
		return VEC_TEXT;
	default:
		elog(ERROR, "schemaops vector function called with argument type %u", type);
	}
	pg_unreachable();
}

/* Whether argument i of the call site is a Const (possibly under a binary-compatible relabeling). */
static bool arg_is_const(FmgrInfo *flinfo, int i)
{
	Node *expr = flinfo->fn_expr;
	List *args;
	Node *arg;

	if (expr == NULL)
		return false;
	if (IsA(expr, FuncExpr))
		args = ((FuncExpr *)expr)->args;
	else if (IsA(expr, OpExpr))
		args = ((OpExpr *)expr)->args;
	else
		return false;
	if (i < 0 || i >= list_length(args))
		return false;
	arg = (Node *)list_nth(args, i);
	while (arg != NULL && IsA(arg, RelabelType))
		arg = (Node *)((RelabelType *)arg)->arg;
	return arg != NULL && IsA(arg, Const);
}

/* The bytes argument i is read from (detoasted), for comparing a stable argument with its cached copy. */
static void arg_bytes(FunctionCallInfo fcinfo, vec_arg *a, int i, const char **p, size_t *len)
{
	if (a->form == VEC_ARRAY) {
		ArrayType *arr = PG_GETARG_ARRAYTYPE_P(i);

		*p = (const char *)arr;
		*len = VARSIZE(arr);
	} else {
		struct varlena *v = PG_GETARG_VARLENA_PP(i);

		*p = VARDATA_ANY(v);
		*len = VARSIZE_ANY_EXHDR(v);
	}
}

static vec_state *get_state(FunctionCallInfo fcinfo, int nargs)
{
	vec_state *st = (vec_state *)fcinfo->flinfo->fn_extra;
	int i;

	if (st == NULL) {
		st = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(vec_state));
		st->nargs = nargs;
		for (i = 0; i < nargs; i++) {
			st->arg[i].form = form_of(get_fn_expr_argtype(fcinfo->flinfo, i));
			st->arg[i].constant = arg_is_const(fcinfo->flinfo, i);
			st->arg[i].stable = !st->arg[i].constant && get_fn_expr_arg_stable(fcinfo->flinfo, i);
		}
		fcinfo->flinfo->fn_extra = st;
	}
	return st;
}

static float *scratch(FunctionCallInfo fcinfo, vec_arg *a, int n)
{
	if (a->scratch_cap < n) {
		if (a->scratch)
			pfree(a->scratch);
		a->scratch = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, (Size)n * sizeof(float));
		a->scratch_cap = n;
	}
	return a->scratch;
}

/*
 * Reads argument i into (*out, *n): a pointer into the datum, into the scratch buffer or into the cache.
 * Elements of real[] and aligned bytea are not checked for NaN/Inf here: the core checks them when a result
 * is not finite (so_vector_distance), which a finite input never gives.
 */
static void read_arg(FunctionCallInfo fcinfo, vec_state *st, int i, const float **out, int *n)
{
	vec_arg *a = &st->arg[i];
	so_error err;
	size_t dims = 0;
	float *buf;

	if (a->cached && a->stable) {
		const char *p;
		size_t len;

		arg_bytes(fcinfo, a, i, &p, &len);
		if (len != a->raw_len || memcmp(p, a->raw, len) != 0) {
			/* the Param changed since the vector was cached (e.g. a PL/pgSQL variable) */
			pfree(a->cached);
			pfree(a->cached_q);
			pfree(a->raw);
			a->cached = NULL;
			a->cached_q = NULL;
			a->raw = NULL;
		}
	}
	if (a->cached) {
		*out = a->cached;
		*n = a->cached_n;
		return;
	}
	switch (a->form) {
	case VEC_ARRAY: {
		ArrayType *arr = PG_GETARG_ARRAYTYPE_P(i);
		int nd = ARR_NDIM(arr);

		if (nd == 0)
			ereport(ERROR,
			        (errcode(ERRCODE_DATA_EXCEPTION), errmsg("vector must have at least 1 dimension")));
		if (nd > 1)
			ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("array must be 1-D")));
		if (ARR_HASNULL(arr) && array_contains_nulls(arr))
			ereport(ERROR,
			        (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("array must not contain nulls")));
		dims = (size_t)ARR_DIMS(arr)[0];
		if (so_vector_check_dims(dims, &err) != SO_OK)
			raise_core(&err);
		*out = (const float *)arr_data(arr);
		*n = (int)dims;
		break;
	}
	case VEC_BYTEA: {
		bytea *b = PG_GETARG_BYTEA_PP(i);
		const char *p = VARDATA_ANY(b);
		size_t len = VARSIZE_ANY_EXHDR(b);

		if (len % 4 != 0 || len == 0 || len > 4 * (size_t)SO_VECTOR_MAX_DIM ||
		    ((uintptr_t)p % sizeof(float)) != 0 || a->constant || a->stable) {
			/* checks the length and every element; copies (to aligned memory on every host) */
			buf = scratch(fcinfo, a, (int)(len / 4 > 0 ? len / 4 : 1));
			if (so_vector_from_le_bytes(p, len, buf, &dims, &err) != SO_OK)
				raise_core(&err);
			*out = buf;
		} else {
#ifdef WORDS_BIGENDIAN
#error "schemaops vectors read bytea in place, which assumes a little-endian host"
#endif
			*out = (const float *)p;
			dims = len / 4;
		}
		*n = (int)dims;
		break;
	}
	case VEC_TEXT: {
		text *t = PG_GETARG_TEXT_PP(i);
		const char *p = VARDATA_ANY(t);
		size_t len = VARSIZE_ANY_EXHDR(t);
		size_t cap = so_vector_text_capacity(p, len);

		buf = scratch(fcinfo, a, (int)cap);
		if (so_vector_parse_text(p, len, buf, cap, &dims, &err) != SO_OK)
			raise_core(&err);
		*out = buf;
		*n = (int)dims;
		break;
	}
	}
	if (a->constant || a->stable) {
		/* keep a checked copy for the rest of the statement (for a Param: while its bytes stay equal) */
		if (so_vector_check_finite(*out, (size_t)*n, &err) != SO_OK)
			raise_core(&err);
		if (a->stable) {
			const char *p;
			size_t len;

			arg_bytes(fcinfo, a, i, &p, &len);
			a->raw = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len > 0 ? len : 1);
			memcpy(a->raw, p, len);
			a->raw_len = len;
		}
		a->cached = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, (Size)*n * sizeof(float));
		memcpy(a->cached, *out, (size_t)*n * sizeof(float));
		a->cached_n = *n;
		a->cached_q = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, (Size)*n * sizeof(double));
		so_vector_widen(a->cached, (size_t)*n, a->cached_q);
		a->cached_norm = sqrt(so_vector_norm_squared(a->cached, (size_t)*n));
		*out = a->cached;
	}
}

/*
 * Argument i, the row of the common case, read in place, or NULL: a datum with an uncompressed inline 4-byte
 * header (PLAIN or MAIN storage of a vector over 126 bytes) holding a bytea of 1..SO_VECTOR_MAX_DIM aligned
 * floats or a 1-D real[] of 1..SO_VECTOR_MAX_DIM elements without a NULL bitmap: exactly the rows read_arg()
 * would read in place without an error, minus its detoasting call and its checks for cached arguments.
 * Anything else (TOAST, a 1-byte header, a NULL bitmap, a bad length or shape) gives NULL and goes through
 * read_arg(), which raises the errors.
 */
static const float *row_in_place(FunctionCallInfo fcinfo, int i, vec_form form, int *n)
{
	const struct varlena *v = (const struct varlena *)DatumGetPointer(PG_GETARG_DATUM(i));

	if (!VARATT_IS_4B_U(v))
		return NULL;
	if (form == VEC_BYTEA) {
		size_t len = VARSIZE(v) - VARHDRSZ;

		if (len % 4 != 0 || len == 0 || len > 4 * (size_t)SO_VECTOR_MAX_DIM ||
		    ((uintptr_t)VARDATA(v) % sizeof(float)) != 0)
			return NULL;
		*n = (int)(len / 4);
		return (const float *)VARDATA(v);
	}
	if (form == VEC_ARRAY) {
		ArrayType *arr = (ArrayType *)v;

		if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_DIMS(arr)[0] < 1 ||
		    ARR_DIMS(arr)[0] > SO_VECTOR_MAX_DIM)
			return NULL;
		*n = ARR_DIMS(arr)[0];
		return (const float *)arr_data(arr);
	}
	return NULL;
}

static Datum distance(FunctionCallInfo fcinfo, so_vector_metric metric)
{
	vec_state *st = get_state(fcinfo, 2);
	const float *a, *b;
	int na, nb, row;
	double r;
	so_error err;

	/*
	 * The common case first: a per-row argument against a constant query already cached (every row after
	 * the first), the query in either position. Same checks, errors and result as the general path below
	 * (every metric is symmetric bit for bit), fewer instructions a row.
	 */
	for (row = 0; row < 2; row++) {
		vec_arg *q = &st->arg[1 - row];

		if (q->constant && q->cached_q && !st->arg[row].constant && !st->arg[row].stable &&
		    (a = row_in_place(fcinfo, row, st->arg[row].form, &na)) != NULL) {
			if (na != q->cached_n)
				ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
				                errmsg("different vector dimensions %d and %d",
				                       row == 0 ? na : q->cached_n, row == 0 ? q->cached_n : na)));
			so_vector_prefetch(a, (size_t)na);
			if (so_vector_distance_q(metric, a, (size_t)na, q->cached_q, (size_t)na, q->cached_norm, &r,
			                         &err) != SO_OK)
				raise_core(&err);
			PG_RETURN_FLOAT8(r);
		}
	}
	read_arg(fcinfo, st, 0, &a, &na);
	read_arg(fcinfo, st, 1, &b, &nb);
	if (na != nb)
		ereport(ERROR,
		        (errcode(ERRCODE_DATA_EXCEPTION), errmsg("different vector dimensions %d and %d", na, nb)));
	/*
	 * A row against a cached query (the common case): the query's double form; every metric is symmetric
	 * bit for bit (schemaops/vector.h), so a query in either position takes this path. The row's lines are
	 * requested before the kernel runs (so_vector_prefetch).
	 */
	if (st->arg[1].cached_q && b == st->arg[1].cached) {
		so_vector_prefetch(a, (size_t)na);
		if (so_vector_distance_q(metric, a, (size_t)na, st->arg[1].cached_q, (size_t)nb, st->arg[1].cached_norm,
		                         &r, &err) != SO_OK)
			raise_core(&err);
	} else if (st->arg[0].cached_q && a == st->arg[0].cached) {
		so_vector_prefetch(b, (size_t)nb);
		if (so_vector_distance_q(metric, b, (size_t)nb, st->arg[0].cached_q, (size_t)na, st->arg[0].cached_norm,
		                         &r, &err) != SO_OK)
			raise_core(&err);
	} else if (so_vector_distance(metric, a, (size_t)na, b, (size_t)nb, &r, &err) != SO_OK)
		raise_core(&err);
	PG_RETURN_FLOAT8(r);
}

PG_FUNCTION_INFO_V1(so_pg_vector_l2_distance);
Datum so_pg_vector_l2_distance(PG_FUNCTION_ARGS)
{
	return distance(fcinfo, SO_VECTOR_L2);
}

PG_FUNCTION_INFO_V1(so_pg_vector_l2_squared_distance);
Datum so_pg_vector_l2_squared_distance(PG_FUNCTION_ARGS)
{
	return distance(fcinfo, SO_VECTOR_L2_SQUARED);
}

PG_FUNCTION_INFO_V1(so_pg_vector_inner_product);
Datum so_pg_vector_inner_product(PG_FUNCTION_ARGS)
{
	return distance(fcinfo, SO_VECTOR_INNER_PRODUCT);
}

PG_FUNCTION_INFO_V1(so_pg_vector_negative_inner_product);
Datum so_pg_vector_negative_inner_product(PG_FUNCTION_ARGS)
{
	return distance(fcinfo, SO_VECTOR_NEGATIVE_INNER_PRODUCT);
}

PG_FUNCTION_INFO_V1(so_pg_vector_cosine_distance);
Datum so_pg_vector_cosine_distance(PG_FUNCTION_ARGS)
{
	return distance(fcinfo, SO_VECTOR_COSINE);
}

PG_FUNCTION_INFO_V1(so_pg_vector_l1_distance);
Datum so_pg_vector_l1_distance(PG_FUNCTION_ARGS)
{
	return distance(fcinfo, SO_VECTOR_L1);
}

/* Reads the single argument, checked for NaN/Inf (unary functions return vectors or need exact checks). */
static void read_checked(FunctionCallInfo fcinfo, const float **a, int *n)
{
	vec_state *st = get_state(fcinfo, 1);
	so_error err;

	read_arg(fcinfo, st, 0, a, n);
	if (so_vector_check_finite(*a, (size_t)*n, &err) != SO_OK)
		raise_core(&err);
}

PG_FUNCTION_INFO_V1(so_pg_vector_dims);
Datum so_pg_vector_dims(PG_FUNCTION_ARGS)
{
	const float *a;
	int n;

	read_checked(fcinfo, &a, &n);
	PG_RETURN_INT32(n);
}

PG_FUNCTION_INFO_V1(so_pg_vector_norm);
Datum so_pg_vector_norm(PG_FUNCTION_ARGS)
{
	const float *a;
	int n;
	double r;
	so_error err;

	read_checked(fcinfo, &a, &n);
	if (so_vector_norm(a, (size_t)n, &r, &err) != SO_OK)
		raise_core(&err);
	PG_RETURN_FLOAT8(r);
}

static ArrayType *make_array(const float *a, int n)
{
	ArrayType *arr;
	Size size = ARR_OVERHEAD_NONULLS(1) + (Size)n * sizeof(float);

	arr = (ArrayType *)palloc(size);
	SET_VARSIZE(arr, size);
	arr->ndim = 1;
	arr->dataoffset = 0;
	arr->elemtype = FLOAT4OID;
	ARR_DIMS(arr)[0] = n;
	ARR_LBOUND(arr)[0] = 1;
	memcpy(arr_data(arr), a, (size_t)n * sizeof(float));
	return arr;
}

static bytea *make_bytea(const float *a, int n)
{
	bytea *b = (bytea *)palloc(VARHDRSZ + (Size)n * 4);

	SET_VARSIZE(b, VARHDRSZ + (Size)n * 4);
	so_vector_to_le_bytes(a, (size_t)n, VARDATA(b));
	return b;
}

/* vector_normalize(x): the same form as x (real[] or bytea). */
PG_FUNCTION_INFO_V1(so_pg_vector_normalize);
Datum so_pg_vector_normalize(PG_FUNCTION_ARGS)
{
	vec_state *st;
	const float *a;
	float *out;
	int n;
	so_error err;

	read_checked(fcinfo, &a, &n);
	st = (vec_state *)fcinfo->flinfo->fn_extra;
	out = palloc((Size)n * sizeof(float));
	if (so_vector_normalize(a, (size_t)n, out, &err) != SO_OK)
		raise_core(&err);
	if (st->arg[0].form == VEC_BYTEA)
		PG_RETURN_BYTEA_P(make_bytea(out, n));
	PG_RETURN_ARRAYTYPE_P(make_array(out, n));
}

PG_FUNCTION_INFO_V1(so_pg_vector_to_text);
Datum so_pg_vector_to_text(PG_FUNCTION_ARGS)
{
	const float *a;
	int n;
	size_t len, cap;
	text *t;
	so_error err;

	read_checked(fcinfo, &a, &n);
	cap = SO_VECTOR_TEXT_SIZE(n);
	t = (text *)palloc(VARHDRSZ + cap);
	if (so_vector_format_text(a, (size_t)n, VARDATA(t), cap, &len, &err) != SO_OK)
		raise_core(&err);
	SET_VARSIZE(t, VARHDRSZ + len);
	PG_RETURN_TEXT_P(t);
}

/* vector_from_text(text) -> real[] and vector_to_real(any form) -> real[]. */
PG_FUNCTION_INFO_V1(so_pg_vector_to_real);
Datum so_pg_vector_to_real(PG_FUNCTION_ARGS)
{
	const float *a;
	int n;

	read_checked(fcinfo, &a, &n);
	PG_RETURN_ARRAYTYPE_P(make_array(a, n));
}

/* vector_to_bytea(any form) -> bytea (little-endian float32). */
PG_FUNCTION_INFO_V1(so_pg_vector_to_bytea);
Datum so_pg_vector_to_bytea(PG_FUNCTION_ARGS)
{
	const float *a;
	int n;

	read_checked(fcinfo, &a, &n);
	PG_RETURN_BYTEA_P(make_bytea(a, n));
}

/* vector_to_pgvector_binary(any form) -> bytea in pgvector's send/recv layout. */
PG_FUNCTION_INFO_V1(so_pg_vector_to_pgvector_binary);
Datum so_pg_vector_to_pgvector_binary(PG_FUNCTION_ARGS)
{
	const float *a;
	int n;
	bytea *b;

	read_checked(fcinfo, &a, &n);
	b = (bytea *)palloc(VARHDRSZ + SO_VECTOR_PGVECTOR_SIZE(n));
	SET_VARSIZE(b, VARHDRSZ + SO_VECTOR_PGVECTOR_SIZE(n));
	so_vector_to_pgvector_binary(a, (size_t)n, VARDATA(b));
	PG_RETURN_BYTEA_P(b);
}

/* vector_from_pgvector_binary(bytea) -> real[]. */
PG_FUNCTION_INFO_V1(so_pg_vector_from_pgvector_binary);
Datum so_pg_vector_from_pgvector_binary(PG_FUNCTION_ARGS)
{
	bytea *b = PG_GETARG_BYTEA_PP(0);
	size_t len = VARSIZE_ANY_EXHDR(b), dims = 0;
	float *out = palloc(len >= 4 ? len : 4);
	so_error err;

	if (so_vector_from_pgvector_binary(VARDATA_ANY(b), len, out, &dims, &err) != SO_OK)
		raise_core(&err);
	PG_RETURN_ARRAYTYPE_P(make_array(out, (int)dims));
}

/*
 * vector_avg: the transition state is a float8[] {count, sum_1, ..., sum_d} (as pgvector's vector_accum), so
 * the combine function needs no serialization and the aggregate is PARALLEL SAFE. Inside an aggregate the
 * state is updated in place (it belongs to the aggregate's memory context).
 */
static float8 *state_values(ArrayType *s, int *n)
{
	if (ARR_NDIM(s) != 1 || ARR_HASNULL(s) || ARR_ELEMTYPE(s) != FLOAT8OID || ARR_DIMS(s)[0] < 1)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("malformed vector_avg state")));
	*n = ARR_DIMS(s)[0] - 1;
	return (float8 *)arr_data(s);
}

static ArrayType *new_state(MemoryContext mcxt, int dims)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	Size size = ARR_OVERHEAD_NONULLS(1) + (Size)(dims + 1) * sizeof(float8);
	ArrayType *s = (ArrayType *)palloc0(size);

	MemoryContextSwitchTo(old);
	SET_VARSIZE(s, size);
	s->ndim = 1;
	s->dataoffset = 0;
	s->elemtype = FLOAT8OID;
	ARR_DIMS(s)[0] = dims + 1;
	ARR_LBOUND(s)[0] = 1;
	return s;
}

PG_FUNCTION_INFO_V1(so_pg_vector_avg_accum);
Datum so_pg_vector_avg_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ArrayType *s;
	float8 *v;
	const float *a;
	int n, dims, i;
	vec_state *st;
	so_error err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "vector_avg_accum called in non-aggregate context");
	s = PG_GETARG_ARRAYTYPE_P(0);
	/* only argument 1 is a vector: set the state up for it */
	st = (vec_state *)fcinfo->flinfo->fn_extra;
	if (st == NULL) {
		st = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(vec_state));
		st->nargs = 2;
		st->arg[1].form = form_of(get_fn_expr_argtype(fcinfo->flinfo, 1));
		fcinfo->flinfo->fn_extra = st;
	}
	read_arg(fcinfo, st, 1, &a, &n);
	if (so_vector_check_finite(a, (size_t)n, &err) != SO_OK)
		raise_core(&err);
	v = state_values(s, &dims);
	if (dims == 0) {
		s = new_state(aggcxt, n);
		v = state_values(s, &dims);
	} else if (dims != n)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("expected %d dimensions, not %d", dims, n)));
	v[0] += 1.0;
	for (i = 0; i < n; i++)
		v[i + 1] += (double)a[i];
	PG_RETURN_ARRAYTYPE_P(s);
}

PG_FUNCTION_INFO_V1(so_pg_vector_avg_combine);
Datum so_pg_vector_avg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ArrayType *s1, *s2, *r;
	float8 *v1, *v2, *vr;
	int n1, n2, i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "vector_avg_combine called in non-aggregate context");
	s1 = PG_GETARG_ARRAYTYPE_P(0);
	s2 = PG_GETARG_ARRAYTYPE_P(1);
	v1 = state_values(s1, &n1);
	v2 = state_values(s2, &n2);
	if (n2 == 0)
		PG_RETURN_ARRAYTYPE_P(s1);
	if (n1 == 0) {
		r = new_state(aggcxt, n2);
		vr = state_values(r, &n1);
		memcpy(vr, v2, (size_t)(n2 + 1) * sizeof(float8));
		PG_RETURN_ARRAYTYPE_P(r);
	}
	if (n1 != n2)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("expected %d dimensions, not %d", n1, n2)));
	for (i = 0; i <= n1; i++)
		v1[i] += v2[i];
	PG_RETURN_ARRAYTYPE_P(s1);
}

/*
 * The element-wise mean of a state, NULL for an empty one. The mean of finite floats is finite, but the
 * final functions are callable on any float8[] (vector_avg_final('{1,1e300}')): a mean outside the float
 * range (or NaN) is refused with the input functions' errors, as pgvector's vector_avg (CheckElement).
 */
static float *avg_values(FunctionCallInfo fcinfo, int *n)
{
	ArrayType *s = PG_GETARG_ARRAYTYPE_P(0);
	float8 *v;
	float *out;
	int i;
	so_error err;

	v = state_values(s, n);
	if (*n == 0 || !(v[0] >= 1.0))
		return NULL;
	out = palloc((Size)*n * sizeof(float));
	for (i = 0; i < *n; i++)
		out[i] = (float)(v[i + 1] / v[0]);
	if (so_vector_check_finite(out, (size_t)*n, &err) != SO_OK)
		raise_core(&err);
	return out;
}

PG_FUNCTION_INFO_V1(so_pg_vector_avg_final);
Datum so_pg_vector_avg_final(PG_FUNCTION_ARGS)
{
	int n;
	float *out = avg_values(fcinfo, &n);

	if (out == NULL)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(make_array(out, n));
}

PG_FUNCTION_INFO_V1(so_pg_vector_avg_final_bytea);
Datum so_pg_vector_avg_final_bytea(PG_FUNCTION_ARGS)
{
	int n;
	float *out = avg_values(fcinfo, &n);

	if (out == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(make_bytea(out, n));
}
