/*
 * vector_kernels.c: the distance kernels of schemaops/vector.h, with runtime CPU dispatch.
 *
 * Each kernel keeps 16 double accumulators: element i goes to lane i % 16, each float widened to double
 * before it is used, so every product is exact and the only rounding is the lane sums. At the end lanes k
 * and k + 8 are added and the 8 results summed in order 0..7. Written as plain loops over a 16-lane array,
 * which GCC's SLP vectorizer turns into two zmm accumulators (vcvtps2pd zmm <- ymm, vsubpd, vmulpd, vaddpd)
 * in the AVX-512 clone, four ymm in the AVX2 clone and eight xmm in the portable one; the lanes, their
 * operations and their order are the same in every clone (no FMA contraction: the core is built in ISO C
 * mode, -ffp-contract=off), so results are bit-identical on every CPU. target_clones compiles each kernel
 * three times and the dynamic loader picks one by CPUID (ifunc), once.
 * The cost of double accumulation against float accumulation is measured by bench/vector (kernel lines).
 *
 * The _q kernels take the second vector already widened to double (a query vector converted once per
 * statement, so_vector_widen): the float-to-double conversions, the kernels' bottleneck on x86 (vcvtps2pd
 * is one per 8 elements and port-bound), are halved, and since (double)b_i is exact the lanes, their order
 * and so the results are bit-identical to the float/float kernels.
 */
#include "schemaops/vector.h"

#include <math.h>

#define SO_LANES 16

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

/* Lanes k and k + 8 added, then the 8 sums in order. */
static double lanes_sum(const double *acc)
{
	double r = 0.0;
	int k;

	for (k = 0; k < SO_LANES / 2; k++)
		r += acc[k] + acc[k + SO_LANES / 2];
	return r;
}

SO_CLONES double so_vector_l2_squared(const float *a, const float *b, size_t n)
{
	double acc[SO_LANES] = {0}, d;
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++) {
			d = (double)a[i + k] - (double)b[i + k];
			acc[k] += d * d;
		}
	for (k = 0; i < n; i++, k++) {
		d = (double)a[i] - (double)b[i];
		acc[k] += d * d;
	}
	return lanes_sum(acc);
}

SO_CLONES double so_vector_dot(const float *a, const float *b, size_t n)
{
	double acc[SO_LANES] = {0};
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++)
			acc[k] += (double)a[i + k] * (double)b[i + k];
	for (k = 0; i < n; i++, k++)
		acc[k] += (double)a[i] * (double)b[i];
	return lanes_sum(acc);
}

SO_CLONES double so_vector_l1(const float *a, const float *b, size_t n)
{
	double acc[SO_LANES] = {0};
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++)
			acc[k] += fabs((double)a[i + k] - (double)b[i + k]);
	for (k = 0; i < n; i++, k++)
		acc[k] += fabs((double)a[i] - (double)b[i]);
	return lanes_sum(acc);
}

SO_CLONES double so_vector_norm_squared(const float *a, size_t n)
{
	double acc[SO_LANES] = {0};
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++)
			acc[k] += (double)a[i + k] * (double)a[i + k];
	for (k = 0; i < n; i++, k++)
		acc[k] += (double)a[i] * (double)a[i];
	return lanes_sum(acc);
}

SO_CLONES void so_vector_cosine_parts(const float *a, const float *b, size_t n, double *dot, double *aa, double *bb)
{
	double d[SO_LANES] = {0}, p[SO_LANES] = {0}, q[SO_LANES] = {0}, x, y;
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++) {
			x = (double)a[i + k];
			y = (double)b[i + k];
			d[k] += x * y;
			p[k] += x * x;
			q[k] += y * y;
		}
	for (k = 0; i < n; i++, k++) {
		x = (double)a[i];
		y = (double)b[i];
		d[k] += x * y;
		p[k] += x * x;
		q[k] += y * y;
	}
	*dot = lanes_sum(d);
	*aa = lanes_sum(p);
	*bb = lanes_sum(q);
}

void so_vector_prefetch(const float *a, size_t n)
{
#if defined(__GNUC__)
	const char *p = (const char *)a, *end = (const char *)(a + n);

	for (; p < end; p += 64)
		__builtin_prefetch(p, 0, 3);
#else
	(void)a;
	(void)n;
#endif
}

void so_vector_widen(const float *a, size_t n, double *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (double)a[i];
}

SO_CLONES double so_vector_l2_squared_q(const float *a, const double *b, size_t n)
{
	double acc[SO_LANES] = {0}, d;
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++) {
			d = (double)a[i + k] - b[i + k];
			acc[k] += d * d;
		}
	for (k = 0; i < n; i++, k++) {
		d = (double)a[i] - b[i];
		acc[k] += d * d;
	}
	return lanes_sum(acc);
}

SO_CLONES double so_vector_dot_q(const float *a, const double *b, size_t n)
{
	double acc[SO_LANES] = {0};
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++)
			acc[k] += (double)a[i + k] * b[i + k];
	for (k = 0; i < n; i++, k++)
		acc[k] += (double)a[i] * b[i];
	return lanes_sum(acc);
}

SO_CLONES double so_vector_l1_q(const float *a, const double *b, size_t n)
{
	double acc[SO_LANES] = {0};
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++)
			acc[k] += fabs((double)a[i + k] - b[i + k]);
	for (k = 0; i < n; i++, k++)
		acc[k] += fabs((double)a[i] - b[i]);
	return lanes_sum(acc);
}

SO_CLONES void so_vector_dot_norm_q(const float *a, const double *b, size_t n, double *dot, double *aa)
{
	double d[SO_LANES] = {0}, p[SO_LANES] = {0}, x;
	size_t i = 0;
	int k;

	for (; i + SO_LANES <= n; i += SO_LANES)
		for (k = 0; k < SO_LANES; k++) {
			x = (double)a[i + k];
			d[k] += x * b[i + k];
			p[k] += x * x;
		}
	for (k = 0; i < n; i++, k++) {
		x = (double)a[i];
		d[k] += x * b[i];
		p[k] += x * x;
	}
	*dot = lanes_sum(d);
	*aa = lanes_sum(p);
}
