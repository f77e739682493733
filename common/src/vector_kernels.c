/*
 * vector_kernels.c: the distance kernels of schemaops/vector.h, with runtime CPU dispatch.
 *
 * Each kernel is written once with GCC vector extensions: 8 floats are loaded (memcpy: any float alignment
 * works), widened to 8 doubles, and accumulated in two 8-lane double accumulators (16 lanes, so additions
 * of consecutive blocks do not wait on each other). The tail (n % 16 elements) is copied into a zero-padded
 * block and goes through the same lanes: zero pairs add exactly 0 to every sum. The lanes are combined in a
 * fixed order at the end. target_clones compiles each kernel three times (AVX-512F: one zmm per
 * accumulator; AVX2: two ymm; portable SSE2: four xmm) and the loader picks one by CPUID; since the
 * operations and their order are the same in every clone (no FMA contraction in ISO C mode), so are the
 * results. Measured cost of the double accumulation: see bench/vector (kernel figures) and docs/vectors.md.
 */
#include "schemaops/vector.h"

#include <string.h>

#define SO_LANES 8
#define SO_BLOCK (2 * SO_LANES)

typedef float so_v8f __attribute__((vector_size(SO_LANES * sizeof(float))));
typedef double so_v8d __attribute__((vector_size(SO_LANES * sizeof(double))));

/*
 * clang before 16 names the dispatcher "<name>.ifunc" instead of "<name>" (other files then cannot link to
 * it), so clang builds (only the fuzzing harness uses clang) get the portable kernels.
 */
#if defined(__x86_64__) && defined(__GNUC__) && (!defined(__clang__) || __clang_major__ >= 16) &&                      \
    !defined(SO_VECTOR_NO_CLONES)
#define SO_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SO_CLONES
#endif

/* 8 floats at p, widened to doubles. */
#define SO_LOAD(dst, p)                                                                                                \
	do {                                                                                                           \
		so_v8f f_;                                                                                             \
		memcpy(&f_, (p), sizeof f_);                                                                           \
		(dst) = __builtin_convertvector(f_, so_v8d);                                                           \
	} while (0)

/* Copies the last n % SO_BLOCK elements of x into a zero-padded block. */
#define SO_TAIL(blk, x, i, n)                                                                                          \
	do {                                                                                                           \
		memset((blk), 0, sizeof(blk));                                                                         \
		memcpy((blk), (x) + (i), ((n) - (i)) * sizeof(float));                                                 \
	} while (0)

/* The 16 lanes of two accumulators into one double, in a fixed order. */
#define SO_HSUM(out, acc0, acc1)                                                                                       \
	do {                                                                                                           \
		so_v8d s_ = (acc0) + (acc1);                                                                           \
		double r_ = 0.0;                                                                                       \
		int k_;                                                                                                \
		for (k_ = 0; k_ < SO_LANES; k_++)                                                                      \
			r_ += s_[k_];                                                                                  \
		(out) = r_;                                                                                            \
	} while (0)

SO_CLONES double so_vector_l2_squared(const float *a, const float *b, size_t n)
{
	so_v8d acc0 = {0}, acc1 = {0}, x0, x1, y0, y1, d0, d1;
	float ta[SO_BLOCK], tb[SO_BLOCK];
	size_t i = 0;
	double r;

	for (; i + SO_BLOCK <= n; i += SO_BLOCK) {
		SO_LOAD(x0, a + i);
		SO_LOAD(x1, a + i + SO_LANES);
		SO_LOAD(y0, b + i);
		SO_LOAD(y1, b + i + SO_LANES);
		d0 = x0 - y0;
		d1 = x1 - y1;
		acc0 += d0 * d0;
		acc1 += d1 * d1;
	}
	if (i < n) {
		SO_TAIL(ta, a, i, n);
		SO_TAIL(tb, b, i, n);
		SO_LOAD(x0, ta);
		SO_LOAD(x1, ta + SO_LANES);
		SO_LOAD(y0, tb);
		SO_LOAD(y1, tb + SO_LANES);
		d0 = x0 - y0;
		d1 = x1 - y1;
		acc0 += d0 * d0;
		acc1 += d1 * d1;
	}
	SO_HSUM(r, acc0, acc1);
	return r;
}

SO_CLONES double so_vector_dot(const float *a, const float *b, size_t n)
{
	so_v8d acc0 = {0}, acc1 = {0}, x0, x1, y0, y1;
	float ta[SO_BLOCK], tb[SO_BLOCK];
	size_t i = 0;
	double r;

	for (; i + SO_BLOCK <= n; i += SO_BLOCK) {
		SO_LOAD(x0, a + i);
		SO_LOAD(x1, a + i + SO_LANES);
		SO_LOAD(y0, b + i);
		SO_LOAD(y1, b + i + SO_LANES);
		acc0 += x0 * y0;
		acc1 += x1 * y1;
	}
	if (i < n) {
		SO_TAIL(ta, a, i, n);
		SO_TAIL(tb, b, i, n);
		SO_LOAD(x0, ta);
		SO_LOAD(x1, ta + SO_LANES);
		SO_LOAD(y0, tb);
		SO_LOAD(y1, tb + SO_LANES);
		acc0 += x0 * y0;
		acc1 += x1 * y1;
	}
	SO_HSUM(r, acc0, acc1);
	return r;
}

typedef long long so_v8l __attribute__((vector_size(SO_LANES * sizeof(long long))));

/* |x|: clears the sign bits (vector extensions have no fabs; a bit mask is branch-free in every clone). */
#define SO_ABS(v) ((so_v8d)((so_v8l)(v) & ((so_v8l){0} + 0x7fffffffffffffffLL)))

SO_CLONES double so_vector_l1(const float *a, const float *b, size_t n)
{
	so_v8d acc0 = {0}, acc1 = {0}, x0, x1, y0, y1, d0, d1;
	float ta[SO_BLOCK], tb[SO_BLOCK];
	size_t i = 0;
	double r;

	for (; i + SO_BLOCK <= n; i += SO_BLOCK) {
		SO_LOAD(x0, a + i);
		SO_LOAD(x1, a + i + SO_LANES);
		SO_LOAD(y0, b + i);
		SO_LOAD(y1, b + i + SO_LANES);
		d0 = x0 - y0;
		d1 = x1 - y1;
		acc0 += SO_ABS(d0);
		acc1 += SO_ABS(d1);
	}
	if (i < n) {
		SO_TAIL(ta, a, i, n);
		SO_TAIL(tb, b, i, n);
		SO_LOAD(x0, ta);
		SO_LOAD(x1, ta + SO_LANES);
		SO_LOAD(y0, tb);
		SO_LOAD(y1, tb + SO_LANES);
		d0 = x0 - y0;
		d1 = x1 - y1;
		acc0 += SO_ABS(d0);
		acc1 += SO_ABS(d1);
	}
	SO_HSUM(r, acc0, acc1);
	return r;
}

SO_CLONES double so_vector_norm_squared(const float *a, size_t n)
{
	so_v8d acc0 = {0}, acc1 = {0}, x0, x1;
	float ta[SO_BLOCK];
	size_t i = 0;
	double r;

	for (; i + SO_BLOCK <= n; i += SO_BLOCK) {
		SO_LOAD(x0, a + i);
		SO_LOAD(x1, a + i + SO_LANES);
		acc0 += x0 * x0;
		acc1 += x1 * x1;
	}
	if (i < n) {
		SO_TAIL(ta, a, i, n);
		SO_LOAD(x0, ta);
		SO_LOAD(x1, ta + SO_LANES);
		acc0 += x0 * x0;
		acc1 += x1 * x1;
	}
	SO_HSUM(r, acc0, acc1);
	return r;
}

SO_CLONES void so_vector_cosine_parts(const float *a, const float *b, size_t n, double *dot, double *aa, double *bb)
{
	so_v8d d0 = {0}, d1 = {0}, p0 = {0}, p1 = {0}, q0 = {0}, q1 = {0}, x0, x1, y0, y1;
	float ta[SO_BLOCK], tb[SO_BLOCK];
	size_t i = 0;

	for (; i + SO_BLOCK <= n; i += SO_BLOCK) {
		SO_LOAD(x0, a + i);
		SO_LOAD(x1, a + i + SO_LANES);
		SO_LOAD(y0, b + i);
		SO_LOAD(y1, b + i + SO_LANES);
		d0 += x0 * y0;
		d1 += x1 * y1;
		p0 += x0 * x0;
		p1 += x1 * x1;
		q0 += y0 * y0;
		q1 += y1 * y1;
	}
	if (i < n) {
		SO_TAIL(ta, a, i, n);
		SO_TAIL(tb, b, i, n);
		SO_LOAD(x0, ta);
		SO_LOAD(x1, ta + SO_LANES);
		SO_LOAD(y0, tb);
		SO_LOAD(y1, tb + SO_LANES);
		d0 += x0 * y0;
		d1 += x1 * y1;
		p0 += x0 * x0;
		p1 += x1 * x1;
		q0 += y0 * y0;
		q1 += y1 * y1;
	}
	SO_HSUM(*dot, d0, d1);
	SO_HSUM(*aa, p0, p1);
	SO_HSUM(*bb, q0, q1);
}
