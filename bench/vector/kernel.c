/*
 * kernel.c: the bare kernels of common/ over ROWS x DIMS float32 vectors in memory (one query vector against
 * every row, as a full scan does), against this machine's single-thread read bandwidth measured on the same
 * buffer. Also a float32-accumulating L2 kernel (same 16 lanes, same dispatch) to price the documented
 * double accumulation. The "query widened" lines are the kernels the servers use for a constant query vector
 * (so_vector_*_q: the query converted to double once). Prints ns/row for each and the bandwidth bound
 * (row bytes / GB/s). ROWS small enough for the cache (e.g. 40) prices the arithmetic alone.
 * Usage: kernel ROWS DIMS
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schemaops/vector.h"

#define NM 7 /* kernels timed */

typedef float v8f __attribute__((vector_size(32)));

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The read bound: 64-bit XOR over the buffer (vectorizes to full-width loads; no arithmetic limit). */
__attribute__((target_clones("avx512f", "avx2", "default"))) static uint64_t stream(const uint64_t *p, size_t n)
{
	uint64_t acc[8] = {0};
	size_t i;
	int k;

	for (i = 0; i + 8 <= n; i += 8)
		for (k = 0; k < 8; k++)
			acc[k] ^= p[i + k];
	return acc[0] ^ acc[1] ^ acc[2] ^ acc[3] ^ acc[4] ^ acc[5] ^ acc[6] ^ acc[7];
}

/* L2 squared with float32 accumulators: what pgvector does (for comparison only; overflows for [3e38]). */
__attribute__((target_clones("avx512f", "avx2", "default"))) static float l2_float(const float *a, const float *b,
                                                                                   size_t n)
{
	v8f acc0 = {0}, acc1 = {0}, x0, x1, y0, y1, d0, d1;
	size_t i = 0;
	float r = 0;
	int k;

	for (; i + 16 <= n; i += 16) {
		memcpy(&x0, a + i, 32);
		memcpy(&x1, a + i + 8, 32);
		memcpy(&y0, b + i, 32);
		memcpy(&y1, b + i + 8, 32);
		d0 = x0 - y0;
		d1 = x1 - y1;
		acc0 += d0 * d0;
		acc1 += d1 * d1;
	}
	for (; i < n; i++)
		r += (a[i] - b[i]) * (a[i] - b[i]);
	for (k = 0; k < 8; k++)
		r += acc0[k] + acc1[k];
	return r;
}

int main(int argc, char **argv)
{
	long rows, dims, r;
	int rep, reps = 7;
	float *data, *q;
	double t, bests[NM + 1], sink = 0, gbs = 0, dot, aa, bb, *qd, qbb;
	size_t total, i;
	const char *names[NM] = {"l2 (double acc)",
	                         "cosine (double acc)",
	                         "inner product (double acc)",
	                         "l2 (double, query widened)",
	                         "cosine (double, query widened)",
	                         "inner product (double, q. widened)",
	                         "l2 (float acc, comparison)"};
	int m;

	if (argc != 3 || (rows = atol(argv[1])) < 1 || (dims = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: kernel ROWS DIMS\n");
		return 2;
	}
	total = (size_t)rows * (size_t)dims;
	data = aligned_alloc(64, (total * sizeof(float) + 63) / 64 * 64);
	q = malloc((size_t)dims * sizeof(float));
	qd = malloc((size_t)dims * sizeof(double));
	if (!data || !q || !qd)
		return 1;
	for (i = 0; i < total; i++)
		data[i] = (float)((double)((i * 2654435761u) % 1000003) / 500001.5 - 1.0);
	for (i = 0; i < (size_t)dims; i++)
		q[i] = (float)i / (float)dims;
	so_vector_widen(q, (size_t)dims, qd);
	qbb = so_vector_norm_squared(q, (size_t)dims);
	/* interleaved repetitions (the machine is shared): each figure is its best of `reps` */
	for (m = 0; m <= NM; m++)
		bests[m] = 1e30;
	for (rep = 0; rep < reps; rep++) {
		t = now();
		sink += (double)stream((const uint64_t *)data, total / 2);
		t = now() - t;
		if (t < bests[NM])
			bests[NM] = t;
		for (m = 0; m < NM; m++) {
			t = now();
			for (r = 0; r < rows; r++) {
				const float *row = data + (size_t)r * (size_t)dims;
				switch (m) {
				case 0:
					sink += so_vector_l2_squared(row, q, (size_t)dims);
					break;
				case 1:
					so_vector_cosine_parts(row, q, (size_t)dims, &dot, &aa, &bb);
					sink += dot + aa + bb;
					break;
				case 2:
					sink += so_vector_dot(row, q, (size_t)dims);
					break;
				case 3:
					sink += so_vector_l2_squared_q(row, qd, (size_t)dims);
					break;
				case 4:
					so_vector_dot_norm_q(row, qd, (size_t)dims, &dot, &aa);
					sink += dot + aa + qbb;
					break;
				case 5:
					sink += so_vector_dot_q(row, qd, (size_t)dims);
					break;
				default:
					sink += l2_float(row, q, (size_t)dims);
				}
			}
			t = now() - t;
			if (t < bests[m])
				bests[m] = t;
		}
	}
	gbs = (double)(total / 2 * 8) / bests[NM] / 1e9;
	printf("read bandwidth: %.1f GB/s single thread; bound %.0f ns/row at %ld dims (%ld bytes a row)\n", gbs,
	       (double)dims * 4 / gbs, dims, dims * 4);
	for (m = 0; m < NM; m++)
		printf("kernel %-34s %7.1f ns/row  (%.2fx the bandwidth bound)\n", names[m],
		       bests[m] * 1e9 / (double)rows, bests[m] * 1e9 / (double)rows / ((double)dims * 4 / gbs));
	fprintf(stderr, "(checksum %g)\n", sink);
	free(data);
	free(q);
	free(qd);
	return 0;
}
