/*
 * mariadb_plugin/src/udf_vector.c: the vector UDFs (registered by sql/mariadb/40_vector.sql).
 *
 * Vectors are binary strings in MariaDB 11.7's VECTOR byte layout (little-endian float32, 4 bytes a
 * dimension), so VEC_FromText() output of 11.7 and ours are interchangeable; vector_from_text and
 * vector_to_text convert from and to the text form '[1,2,3]'. The names never collide with 11.7's
 * VEC_DISTANCE*, VEC_FromText, VEC_ToText.
 *
 *   REAL    vector_l2_distance(a, b), vector_l2_squared_distance(a, b), vector_cosine_distance(a, b),
 *           vector_inner_product(a, b), vector_negative_inner_product(a, b), vector_l1_distance(a, b),
 *           vector_norm(v)
 *   INTEGER vector_dims(v)
 *   STRING  vector_normalize(v) (binary), vector_from_text(text) (binary), vector_to_text(v) (text)
 *
 * NULL semantics follow 11.7's VEC_DISTANCE_*: a NULL argument, vectors of different dimensions, a byte
 * length that is not a positive multiple of 4 (at most 4 * 16000) or a NaN/Inf element give NULL without an
 * error. 11.7 does so because its distance functions are used in ORDER BY ... LIMIT over a whole table,
 * where one bad row must not abort the query (and its VECTOR(N) column type already guarantees valid rows on
 * insert); with a plain VARBINARY/BLOB column we cannot guarantee that, so NULL also marks a bad row.
 * vector_from_text on malformed text raises an error (ER_UNKNOWN_ERROR) naming what is wrong and where: a
 * typo in a query vector is a mistake to report, not a row to skip.
 *
 * Constant arguments (args->args[i] != NULL in _init: literals, not columns or nested UDF calls) are read
 * once in _init and kept in initid->ptr, widened to double with their norm (so_vector_distance_q). A nested
 * `vector_from_text('[...]')` is not constant for the outer _init (the server marks every UDF call
 * "expensive" and evaluates it per row), but vector_from_text parses its own constant argument once, in its
 * _init, and returns the same bytes every row; the distance UDFs then keep the bytes of the last query they
 * widened and reuse the widened form while a row's argument has the same bytes (one memcmp instead of a
 * check, a copy and a conversion: see "query reuse" below). Per-call buffers are malloc'ed in _init and freed
 * in _deinit; no mutable globals (the server calls UDFs from many threads).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "schemaops/vector.h"

#include "glue.h"

#define SO_INIT_MSG_MAX 80

/*
 * Query reuse (distance UDFs): argument i's last bytes are kept (raw[i]) together with their widened form
 * (q[i], norm qnorm[i]) while the argument keeps repeating. A row whose argument has the same bytes reuses
 * them; different bytes are read as usual. An argument that changes on SO_QUERY_TRIES rows (a column, or
 * vector_from_text(column)) stops being kept, so per-row arguments pay the keeping only on their first rows.
 * The result never depends on the cache: it is used only for byte-equal input, and the _q kernels give the
 * float kernels' result bit for bit (schemaops/vector.h).
 */
#define SO_QUERY_TRIES 4

typedef struct vec_udf {
	unsigned nargs;
	float *buf[2];      /* SO_VECTOR_MAX_DIM floats each: the row's vectors (aligned copies), always both */
	bool constant[2];   /* read in _init */
	int const_state[2]; /* 1 valid, 0 NULL or invalid (the result is NULL every row) */
	size_t const_n[2];
	char *out; /* result buffer of STRING functions */
	size_t out_cap;
	/* distance UDFs only: query reuse (NULL otherwise) */
	double *q[2];       /* SO_VECTOR_MAX_DIM doubles each: argument i widened */
	char *raw[2];       /* 4 * SO_VECTOR_MAX_DIM bytes each: the bytes q[i] was read from */
	size_t raw_len[2];  /* 0: nothing kept */
	size_t q_n[2];      /* dimensions of q[i] */
	double qnorm[2];    /* sqrt(sum q_i^2) */
	unsigned misses[2]; /* rows on which argument i differed from the kept bytes */
} vec_udf;

static my_bool vec_init(UDF_INIT *initid, UDF_ARGS *args, char *message, const char *name, unsigned nargs,
                        const char *usage, size_t out_cap)
{
	vec_udf *st;
	unsigned i;

	if (args->arg_count != nargs) {
		snprintf(message, SO_INIT_MSG_MAX, "%s takes %u argument%s: %s", name, nargs, nargs == 1 ? "" : "s",
		         usage);
		return true;
	}
	for (i = 0; i < nargs; i++) {
		if (args->arg_type[i] != STRING_RESULT) {
			snprintf(message, SO_INIT_MSG_MAX, "%s: argument %u must be a binary vector string", name,
			         i + 1);
			return true;
		}
	}
	st = calloc(1, sizeof *st);
	if (st == NULL)
		goto oom;
	initid->ptr = (char *)st;
	st->nargs = nargs;
	/* both buffers always: the unary functions use buf[1] for their output vector */
	for (i = 0; i < 2; i++) {
		st->buf[i] = malloc(SO_VECTOR_MAX_DIM * sizeof(float));
		if (st->buf[i] == NULL)
			goto oom;
	}
	if (out_cap) {
		st->out = malloc(out_cap);
		if (st->out == NULL)
			goto oom;
		st->out_cap = out_cap;
	}
	initid->maybe_null = 1;
	initid->const_item = 0;
	return false;
oom:
	snprintf(message, SO_INIT_MSG_MAX, "%s: out of memory", name);
	return true;
}

static void vec_deinit(UDF_INIT *initid)
{
	vec_udf *st = (vec_udf *)initid->ptr;

	if (st == NULL)
		return;
	free(st->buf[0]);
	free(st->buf[1]);
	free(st->q[0]);
	free(st->q[1]);
	free(st->raw[0]);
	free(st->raw[1]);
	free(st->out);
	free(st);
	initid->ptr = NULL;
}

/* Reads binary argument i into st->buf[i]; false (the result is NULL) for NULL or an invalid vector. */
static bool read_bytes(const char *p, unsigned long len, float *out, size_t *n)
{
	so_error err;

	if (p == NULL)
		return false;
	return so_vector_from_le_bytes(p, (size_t)len, out, n, &err) == SO_OK;
}

/* Reads the constant binary arguments once (after the type checks of vec_init). */
static void read_constants(UDF_INIT *initid, UDF_ARGS *args)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	unsigned i;

	for (i = 0; i < st->nargs; i++) {
		if (args->args[i] != NULL) {
			st->constant[i] = true;
			st->const_state[i] = read_bytes(args->args[i], args->lengths[i], st->buf[i], &st->const_n[i]);
		}
	}
}

static bool get_vec(vec_udf *st, UDF_ARGS *args, unsigned i, size_t *n)
{
	if (st->constant[i]) {
		*n = st->const_n[i];
		return st->const_state[i] == 1;
	}
	return read_bytes(args->args[i], args->lengths[i], st->buf[i], n);
}

/* Widens st->buf[i] (n elements, valid) into q[i] and its norm. */
static void widen(vec_udf *st, unsigned i, size_t n)
{
	so_vector_widen(st->buf[i], n, st->q[i]);
	st->q_n[i] = n;
	st->qnorm[i] = sqrt(so_vector_norm_squared(st->buf[i], n));
}

/*
 * Whether argument i can serve as the query of this row (q[i] valid for its bytes): a valid constant, bytes
 * equal to the kept ones, or (while the argument has differed on fewer than SO_QUERY_TRIES rows) a valid
 * vector read now and kept for the next rows.
 */
static bool query_arg(vec_udf *st, UDF_ARGS *args, unsigned i)
{
	const char *p = args->args[i];
	size_t len = (size_t)args->lengths[i], n;

	if (st->constant[i])
		return st->const_state[i] == 1;
	if (p == NULL)
		return false;
	if (st->raw_len[i] != 0 && len == st->raw_len[i] && memcmp(p, st->raw[i], len) == 0)
		return true;
	st->raw_len[i] = 0;
	if (st->misses[i] >= SO_QUERY_TRIES)
		return false;
	st->misses[i]++;
	if (!read_bytes(p, args->lengths[i], st->buf[i], &n))
		return false;
	memcpy(st->raw[i], p, len);
	st->raw_len[i] = len;
	widen(st, i, n);
	return true;
}

/*
 * The row's argument j as floats: in place when float-aligned (not checked for NaN/Inf here: the _q kernels'
 * result is then not finite and so_vector_distance_q reports it, which gives NULL as read_bytes would), else
 * copied into buf[j]. False (NULL result) for NULL or a byte length that is not a positive multiple of 4 up
 * to 4 * SO_VECTOR_MAX_DIM.
 */
static bool row_arg(vec_udf *st, UDF_ARGS *args, unsigned j, const float **a, size_t *n)
{
	const char *p = args->args[j];
	size_t len = (size_t)args->lengths[j];

	if (p == NULL || len == 0 || len % 4 != 0 || len > 4 * (size_t)SO_VECTOR_MAX_DIM)
		return false;
#ifdef WORDS_BIGENDIAN
#error "schemaops vectors read VECTOR bytes in place, which assumes a little-endian host"
#endif
	if ((uintptr_t)p % sizeof(float) == 0) {
		*a = (const float *)(const void *)p;
	} else {
		memcpy(st->buf[j], p, len);
		*a = st->buf[j];
	}
	*n = len / 4;
	return true;
}

static double vec_distance(UDF_INIT *initid, UDF_ARGS *args, char *is_null, so_vector_metric metric)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	const float *a;
	size_t na, nb;
	double r;
	so_error err;
	unsigned qi;

	/* the query in either position: every metric is symmetric bit for bit (schemaops/vector.h) */
	if (query_arg(st, args, 1))
		qi = 1;
	else if (query_arg(st, args, 0))
		qi = 0;
	else {
		if (!get_vec(st, args, 0, &na) || !get_vec(st, args, 1, &nb) || na != nb ||
		    so_vector_distance(metric, st->buf[0], na, st->buf[1], nb, &r, &err) != SO_OK) {
			*is_null = 1;
			return 0.0;
		}
		return r;
	}
	if (!row_arg(st, args, 1 - qi, &a, &na) ||
	    so_vector_distance_q(metric, a, na, st->q[qi], st->q_n[qi], st->qnorm[qi], &r, &err) != SO_OK) {
		*is_null = 1;
		return 0.0;
	}
	return r;
}

static my_bool dist_init(UDF_INIT *initid, UDF_ARGS *args, char *message, const char *name)
{
	vec_udf *st;
	unsigned i;

	if (vec_init(initid, args, message, name, 2, "(vector, vector)", 0))
		return true;
	st = (vec_udf *)initid->ptr;
	for (i = 0; i < 2; i++) {
		st->q[i] = malloc(SO_VECTOR_MAX_DIM * sizeof(double));
		st->raw[i] = malloc(4 * SO_VECTOR_MAX_DIM);
		if (st->q[i] == NULL || st->raw[i] == NULL) {
			vec_deinit(initid);
			snprintf(message, SO_INIT_MSG_MAX, "%s: out of memory", name);
			return true;
		}
	}
	read_constants(initid, args);
	for (i = 0; i < 2; i++)
		if (st->constant[i] && st->const_state[i] == 1)
			widen(st, i, st->const_n[i]);
	initid->decimals = 31; /* NOT_FIXED_DEC: print the double in full */
	return false;
}

#define SO_DISTANCE_UDF(fn, metric)                                                                                    \
	my_bool fn##_init(UDF_INIT *initid, UDF_ARGS *args, char *message);                                            \
	void fn##_deinit(UDF_INIT *initid);                                                                            \
	double fn(UDF_INIT *initid, UDF_ARGS *args, char *is_null, char *error);                                       \
	my_bool fn##_init(UDF_INIT *initid, UDF_ARGS *args, char *message)                                             \
	{                                                                                                              \
		return dist_init(initid, args, message, #fn);                                                          \
	}                                                                                                              \
	void fn##_deinit(UDF_INIT *initid)                                                                             \
	{                                                                                                              \
		vec_deinit(initid);                                                                                    \
	}                                                                                                              \
	double fn(UDF_INIT *initid, UDF_ARGS *args, char *is_null, char *error)                                        \
	{                                                                                                              \
		(void)error;                                                                                           \
		return vec_distance(initid, args, is_null, metric);                                                    \
	}

SO_DISTANCE_UDF(vector_l2_distance, SO_VECTOR_L2)
SO_DISTANCE_UDF(vector_l2_squared_distance, SO_VECTOR_L2_SQUARED)
SO_DISTANCE_UDF(vector_cosine_distance, SO_VECTOR_COSINE)
SO_DISTANCE_UDF(vector_inner_product, SO_VECTOR_INNER_PRODUCT)
SO_DISTANCE_UDF(vector_negative_inner_product, SO_VECTOR_NEGATIVE_INNER_PRODUCT)
SO_DISTANCE_UDF(vector_l1_distance, SO_VECTOR_L1)

/* ---- vector_norm(v) REAL, vector_dims(v) INTEGER ---- */

my_bool vector_norm_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void vector_norm_deinit(UDF_INIT *initid);
double vector_norm(UDF_INIT *initid, UDF_ARGS *args, char *is_null, char *error);

my_bool vector_norm_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	if (vec_init(initid, args, message, "vector_norm", 1, "(vector)", 0))
		return true;
	initid->decimals = 31;
	return false;
}

void vector_norm_deinit(UDF_INIT *initid)
{
	vec_deinit(initid);
}

double vector_norm(UDF_INIT *initid, UDF_ARGS *args, char *is_null, char *error)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	size_t n;
	double r;
	so_error err;

	(void)error;
	if (!get_vec(st, args, 0, &n) || so_vector_norm(st->buf[0], n, &r, &err) != SO_OK) {
		*is_null = 1;
		return 0.0;
	}
	return r;
}

my_bool vector_dims_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void vector_dims_deinit(UDF_INIT *initid);
long long vector_dims(UDF_INIT *initid, UDF_ARGS *args, char *is_null, char *error);

my_bool vector_dims_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	return vec_init(initid, args, message, "vector_dims", 1, "(vector)", 0);
}

void vector_dims_deinit(UDF_INIT *initid)
{
	vec_deinit(initid);
}

long long vector_dims(UDF_INIT *initid, UDF_ARGS *args, char *is_null, char *error)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	size_t n;

	(void)error;
	if (!get_vec(st, args, 0, &n)) {
		*is_null = 1;
		return 0;
	}
	return (long long)n;
}

/* ---- vector_normalize(v) -> binary ---- */

my_bool vector_normalize_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void vector_normalize_deinit(UDF_INIT *initid);
char *vector_normalize(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error);

my_bool vector_normalize_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	if (vec_init(initid, args, message, "vector_normalize", 1, "(vector)", 4 * SO_VECTOR_MAX_DIM))
		return true;
	initid->max_length = 4 * SO_VECTOR_MAX_DIM;
	return false;
}

void vector_normalize_deinit(UDF_INIT *initid)
{
	vec_deinit(initid);
}

char *vector_normalize(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	size_t n;
	so_error err;

	(void)result;
	(void)error;
	if (!get_vec(st, args, 0, &n) || so_vector_normalize(st->buf[0], n, st->buf[1], &err) != SO_OK) {
		*is_null = 1;
		return NULL;
	}
	so_vector_to_le_bytes(st->buf[1], n, st->out);
	*length = (unsigned long)(4 * n);
	return st->out;
}

/* ---- vector_to_text(v) -> text ---- */

my_bool vector_to_text_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void vector_to_text_deinit(UDF_INIT *initid);
char *vector_to_text(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null, char *error);

my_bool vector_to_text_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	if (vec_init(initid, args, message, "vector_to_text", 1, "(vector)", SO_VECTOR_TEXT_SIZE(SO_VECTOR_MAX_DIM)))
		return true;
	initid->max_length = SO_VECTOR_TEXT_SIZE(SO_VECTOR_MAX_DIM);
	return false;
}

void vector_to_text_deinit(UDF_INIT *initid)
{
	vec_deinit(initid);
}

char *vector_to_text(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null, char *error)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	size_t n, len;
	so_error err;

	(void)result;
	(void)error;
	if (!get_vec(st, args, 0, &n) ||
	    so_vector_format_text(st->buf[0], n, st->out, st->out_cap, &len, &err) != SO_OK) {
		*is_null = 1;
		return NULL;
	}
	*length = (unsigned long)len;
	return st->out;
}

/* ---- vector_from_text(text) -> binary; a constant text is parsed once, in _init ---- */

my_bool vector_from_text_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void vector_from_text_deinit(UDF_INIT *initid);
char *vector_from_text(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error);

/* Parses text into st->out (binary); on failure fills err. */
static so_status parse_into(vec_udf *st, const char *p, unsigned long len, size_t *n, so_error *err)
{
	so_status rc = so_vector_parse_text(p, (size_t)len, st->buf[0], SO_VECTOR_MAX_DIM, n, err);

	if (rc == SO_OK)
		so_vector_to_le_bytes(st->buf[0], *n, st->out);
	return rc;
}

my_bool vector_from_text_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	vec_udf *st;
	so_error err;

	if (vec_init(initid, args, message, "vector_from_text", 1, "('[1,2,3]')", 4 * SO_VECTOR_MAX_DIM))
		return true;
	st = (vec_udf *)initid->ptr;
	initid->max_length = 4 * SO_VECTOR_MAX_DIM;
	if (args->args[0] != NULL) {
		st->constant[0] = true;
		if (parse_into(st, args->args[0], args->lengths[0], &st->const_n[0], &err) != SO_OK) {
			/* a constant malformed literal: refuse the statement up front, with the reason */
			snprintf(message, SO_INIT_MSG_MAX, "vector_from_text: %.60s", err.message);
			vec_deinit(initid);
			return true;
		}
		st->const_state[0] = 1;
	}
	return false;
}

void vector_from_text_deinit(UDF_INIT *initid)
{
	vec_deinit(initid);
}

char *vector_from_text(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error)
{
	vec_udf *st = (vec_udf *)initid->ptr;
	size_t n;
	so_error err;

	(void)result;
	if (st->constant[0]) {
		*length = (unsigned long)(4 * st->const_n[0]);
		return st->out;
	}
	if (args->args[0] == NULL) {
		*is_null = 1;
		return NULL;
	}
	if (parse_into(st, args->args[0], args->lengths[0], &n, &err) != SO_OK) {
		so_my_report_error("vector_from_text: %s%s%s", err.message, err.detail[0] ? ": " : "", err.detail);
		*is_null = 1;
		*error = 1;
		return NULL;
	}
	*length = (unsigned long)(4 * n);
	return st->out;
}
