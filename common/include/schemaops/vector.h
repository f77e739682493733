/*
 * schemaops/vector.h: float32 vectors: text and binary forms, distance kernels.
 *
 * A vector is `n` float32 values, 1 <= n <= SO_VECTOR_MAX_DIM (pgvector's VECTOR_MAX_DIM), none NaN or
 * infinite. Three external forms are read and written:
 *
 *   text       "[1,2.5,-3e-05]": pgvector's vector_in/vector_out and MariaDB 11.7's VEC_FromText/VEC_ToText
 *              format. Input: optional white space around '[', ']', ',' and numbers; numbers as strtof()
 *              reads them in the C locale (decimal point '.'). Output: each element as the shortest %g
 *              spelling (1 to 9 significant digits) that strtof() reads back to the same float, so
 *              text -> vector -> text -> vector is exact.
 *   LE bytes   4 * n bytes, each element an IEEE 754 binary32 in little-endian order: MariaDB 11.7's VECTOR
 *              column layout (what its VEC_FromText returns).
 *   pgvector   pgvector's binary send/recv layout (COPY BINARY, binary protocol): int16 dim, int16 unused
 *              (0), then dim float4, all big-endian.
 *
 * Kernels (no validation, n >= 0, pointers need only float alignment) accumulate in double precision:
 * every product of two float32 values is exact in a double, so the only rounding is the summation over 16
 * interleaved double lanes combined in a fixed order. No finite input overflows: 16000 * (2 * FLT_MAX)^2 is
 * about 7e81, far below DBL_MAX, where pgvector's float accumulator gives Infinity for [3e38]. The result is
 * bit-identical on every CPU: the AVX-512, AVX2 and portable clones run the same operations in the same
 * order (no fused multiply-add: the core is compiled in ISO C mode, -ffp-contract=off).
 * Dispatch is by GCC/clang function multiversioning (target_clones: avx512f, avx2, default), resolved once
 * by the dynamic loader (ifunc).
 */
#ifndef SCHEMAOPS_VECTOR_H
#define SCHEMAOPS_VECTOR_H

#include <stddef.h>

#include "schemaops/error.h"

/* pgvector's VECTOR_MAX_DIM (src/vector.h). */
#define SO_VECTOR_MAX_DIM 16000

/* The longest text one element takes, its separator included: "-1.17549435e-38," is 15 bytes. */
#define SO_VECTOR_TEXT_ELEMENT_MAX 16

/* Bytes so_vector_format_text() needs for n elements, the terminating NUL included. */
#define SO_VECTOR_TEXT_SIZE(n) (3 + (size_t)(n)*SO_VECTOR_TEXT_ELEMENT_MAX)

/* Bytes of pgvector's binary form for n elements. */
#define SO_VECTOR_PGVECTOR_SIZE(n) (4 + 4 * (size_t)(n))

typedef enum so_vector_metric {
	SO_VECTOR_L2,                     /* sqrt(sum (a_i - b_i)^2): pgvector <-> */
	SO_VECTOR_L2_SQUARED,             /* sum (a_i - b_i)^2 */
	SO_VECTOR_INNER_PRODUCT,          /* sum a_i * b_i */
	SO_VECTOR_NEGATIVE_INNER_PRODUCT, /* -(sum a_i * b_i): pgvector <#> */
	SO_VECTOR_COSINE,                 /* 1 - cosine similarity: pgvector <=>, see so_vector_distance() */
	SO_VECTOR_L1                      /* sum |a_i - b_i|: pgvector <+> */
} so_vector_metric;

/* ---- kernels: no checks; n may be 0 (the sums are then 0) ---- */

/* sum (a_i - b_i)^2 in double. */
double so_vector_l2_squared(const float *a, const float *b, size_t n);

/* sum a_i * b_i in double. */
double so_vector_dot(const float *a, const float *b, size_t n);

/* sum |a_i - b_i| in double. */
double so_vector_l1(const float *a, const float *b, size_t n);

/* sum a_i^2 in double. */
double so_vector_norm_squared(const float *a, size_t n);

/* One pass: *dot = sum a_i b_i, *aa = sum a_i^2, *bb = sum b_i^2. */
void so_vector_cosine_parts(const float *a, const float *b, size_t n, double *dot, double *aa, double *bb);

/*
 * Asks the CPU to start loading the n floats at a into cache (one prefetch per 64-byte line, no effect on
 * results). A vector read from a table row is a short stream (3 KB at 768 dims) that the hardware
 * prefetchers only pick up after several misses; requesting every line before the kernel runs lets the
 * loads proceed in parallel. Bench: bench/vector (see docs/vectors.md, "Speed").
 */
void so_vector_prefetch(const float *a, size_t n);

/*
 * The same kernels against a second vector b already widened to double (b[i] == (double)b_f[i] for the
 * float vector b_f, see so_vector_widen()): bit-identical results to the float/float kernels with b_f, about
 * half the conversion work. For a query vector compared with many rows.
 */
double so_vector_l2_squared_q(const float *a, const double *b, size_t n);
double so_vector_dot_q(const float *a, const double *b, size_t n);
double so_vector_l1_q(const float *a, const double *b, size_t n);
/* *dot = sum a_i b_i, *aa = sum a_i^2 (b's squared norm is the caller's, computed once). */
void so_vector_dot_norm_q(const float *a, const double *b, size_t n, double *dot, double *aa);

/* out[i] = (double)a[i], exact. */
void so_vector_widen(const float *a, size_t n, double *out);

/* ---- checked operations ---- */

/*
 * SO_OK when 1 <= n <= SO_VECTOR_MAX_DIM. Errors: SO_ERR_INVALID "vector must have at least 1 dimension",
 * SO_ERR_LIMIT "vector cannot have more than 16000 dimensions" (pgvector's wording).
 */
so_status so_vector_check_dims(size_t n, so_error *err);

/* SO_OK when no element is NaN or infinite; else SO_ERR_INVALID "NaN not allowed in vector" or
 * "infinite value not allowed in vector" (pgvector's wording). */
so_status so_vector_check_finite(const float *a, size_t n, so_error *err);

/*
 * The distance `metric` between a (na elements) and b (nb elements) into *out.
 * Errors: SO_ERR_INCOMPATIBLE "different vector dimensions %zu and %zu" when na != nb (pgvector's wording);
 * so_vector_check_dims() errors for na; SO_ERR_INVALID when an element is NaN or infinite. Elements are
 * checked only when the result is not finite (a finite input never gives a non-finite double sum), so valid
 * input costs no extra pass.
 * Cosine: similarity = dot / (sqrt(aa) * sqrt(bb)) clamped to [-1, 1], distance = 1 - similarity, in [0, 2].
 * When a or b is the zero vector the similarity is undefined; we return distance 1 (similarity 0, as for
 * orthogonal vectors) where pgvector returns NaN, which sorts after every number and breaks ORDER BY ... LIMIT.
 * Every metric is symmetric bit for bit: (a, b) and (b, a) give the same double (products and |differences|
 * commute exactly in IEEE arithmetic; cosine's sqrt(aa) * sqrt(bb) too). Tested in tests/unit/test_vector.c.
 */
so_status so_vector_distance(so_vector_metric metric, const float *a, size_t na, const float *b, size_t nb, double *out,
                             so_error *err);

/*
 * so_vector_distance(metric, a, na, b_f, nb) for a query b_f given as q = its widened elements
 * (so_vector_widen) and q_norm = sqrt(so_vector_norm_squared(b_f, nb)) (used by cosine only, so a cached
 * query spends no square root per row): the same result bit for bit and the same errors, except that b_f
 * must already be known finite (checked once when the query was read): a NaN/Inf is looked for in a only.
 */
so_status so_vector_distance_q(so_vector_metric metric, const float *a, size_t na, const double *q, size_t nb,
                               double q_norm, double *out, so_error *err);

/* The Euclidean norm sqrt(sum a_i^2) into *out; errors as so_vector_distance (n == 0 allowed: 0). */
so_status so_vector_norm(const float *a, size_t n, double *out, so_error *err);

/*
 * out_i = a_i / norm(a) (norm in double, rounded once per element). The zero vector gives the zero vector
 * (as pgvector's l2_normalize). out may equal a. Errors as so_vector_norm.
 */
so_status so_vector_normalize(const float *a, size_t n, float *out, so_error *err);

/* ---- text ---- */

/*
 * An upper bound of the element count of `text` (commas + 1), capped at SO_VECTOR_MAX_DIM + 1: the capacity
 * to give so_vector_parse_text() (more than SO_VECTOR_MAX_DIM means the text is too long anyway).
 */
size_t so_vector_text_capacity(const char *text, size_t len);

/*
 * Parses `len` bytes of `text` (NUL not required; an embedded NUL is malformed) into out[0..*dims).
 * Errors: SO_ERR_SYNTAX "malformed vector literal" with a detail naming what was expected and where;
 * SO_ERR_INVALID "vector must have at least 1 dimension", "NaN not allowed in vector", "infinite value not
 * allowed in vector"; SO_ERR_ARGUMENT "\"<number>\" is out of range for type vector" (overflow; underflow to
 * a denormal or zero is accepted, as strtof; pgvector raises 22003 numeric_value_out_of_range here, the
 * only vector error with that status); SO_ERR_LIMIT when there are more than min(cap, SO_VECTOR_MAX_DIM)
 * elements; SO_ERR_NOMEM when the "C" locale object cannot be had. Numbers are read with strtof_l() in
 * the "C" locale, so the process's LC_NUMERIC never changes what a literal means.
 */
so_status so_vector_parse_text(const char *text, size_t len, float *out, size_t cap, size_t *dims, so_error *err);

/*
 * Writes "[e1,e2,...]" and a NUL into buf (cap >= SO_VECTOR_TEXT_SIZE(n)); *len gets the length without the
 * NUL. Errors: SO_ERR_LIMIT when cap is too small; SO_ERR_INVALID for NaN/Inf elements or n out of range;
 * SO_ERR_NOMEM when the "C" locale object cannot be had. Written in the "C" locale ('.' decimal point)
 * whatever the process's LC_NUMERIC (the calling thread's locale is switched with uselocale() and restored).
 */
so_status so_vector_format_text(const float *a, size_t n, char *buf, size_t cap, size_t *len, so_error *err);

/* ---- binary ---- */

/*
 * Reads the little-endian float32 layout (MariaDB VECTOR): len must be a positive multiple of 4, at most
 * 4 * SO_VECTOR_MAX_DIM; out needs len / 4 floats. Errors: SO_ERR_INVALID "vector byte length %zu is not a
 * multiple of 4", the so_vector_check_dims() and so_vector_check_finite() errors.
 */
so_status so_vector_from_le_bytes(const void *bytes, size_t len, float *out, size_t *dims, so_error *err);

/* Writes a[0..n) as 4 * n little-endian bytes. */
void so_vector_to_le_bytes(const float *a, size_t n, void *out);

/*
 * Reads pgvector's binary form; out needs SO_VECTOR_MAX_DIM floats or (len - 4) / 4. Errors: SO_ERR_INVALID
 * "pgvector binary vector of %zu bytes is truncated", "expected unused to be 0, not %d" (pgvector's
 * vector_recv), "pgvector binary vector of dimension %d needs %zu bytes, not %zu", and the dims/finite
 * errors.
 */
so_status so_vector_from_pgvector_binary(const void *bytes, size_t len, float *out, size_t *dims, so_error *err);

/* Writes pgvector's binary form (SO_VECTOR_PGVECTOR_SIZE(n) bytes); n must be <= SO_VECTOR_MAX_DIM. */
void so_vector_to_pgvector_binary(const float *a, size_t n, void *out);

#endif
