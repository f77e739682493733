/* test_vector.c: schemaops/vector.h against double / long double references, adversarial values, forms. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemaops/vector.h"
#include "tap.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd32(void)
{
	/* xorshift64*: reproducible without libc's rand() */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static float rnd_unit(void)
{
	return (float)((double)rnd32() / 4294967296.0 * 2.0 - 1.0);
}

/* A random finite float from its bit pattern: every exponent, denormals included. */
static float rnd_bits_finite(void)
{
	uint32_t u;
	float f;

	do {
		u = rnd32();
		memcpy(&f, &u, sizeof f);
	} while (!isfinite(f));
	return f;
}

/* The exact order the kernels document: lane j of 16 sums elements i = j (mod 16), lanes k and k + 8 are
 * added, then lanes 0..7 in order. */
static double lane_order_l2(const float *a, const float *b, size_t n)
{
	double acc[16] = {0}, r = 0.0, d;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		d = (double)a[i] - (double)b[i];
		acc[i % 16] += d * d;
	}
	for (k = 0; k < 8; k++)
		r += acc[k] + acc[k + 8];
	return r;
}

static double lane_order_dot(const float *a, const float *b, size_t n)
{
	double acc[16] = {0}, r = 0.0;
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		acc[i % 16] += (double)a[i] * (double)b[i];
	for (k = 0; k < 8; k++)
		r += acc[k] + acc[k + 8];
	return r;
}

static double lane_order_l1(const float *a, const float *b, size_t n)
{
	double acc[16] = {0}, r = 0.0;
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		acc[i % 16] += fabs((double)a[i] - (double)b[i]);
	for (k = 0; k < 8; k++)
		r += acc[k] + acc[k + 8];
	return r;
}

static int close_rel(double got, long double want, long double scale, double tol)
{
	long double diff = fabsl((long double)got - want);
	if (scale < fabsl(want))
		scale = fabsl(want);
	return diff <= scale * tol || diff == 0;
}

/*
 * so_vector_distance_q (the query widened to double once) gives so_vector_distance's result bit for bit, and
 * every metric is symmetric bit for bit (the servers pass a cached query in either argument position).
 */
static void check_query_form(const float *a, const float *b, size_t n, const char *label)
{
	static const so_vector_metric metrics[] = {
	    SO_VECTOR_L2,     SO_VECTOR_L2_SQUARED, SO_VECTOR_INNER_PRODUCT, SO_VECTOR_NEGATIVE_INNER_PRODUCT,
	    SO_VECTOR_COSINE, SO_VECTOR_L1};
	double *q = malloc((n ? n : 1) * sizeof(double)), r1 = 0, r2 = 0, r3 = 0, nn;
	so_error err;
	size_t m;
	int okall = q != NULL;

	if (q) {
		so_vector_widen(b, n, q);
		nn = sqrt(so_vector_norm_squared(b, n));
		for (m = 0; m < sizeof metrics / sizeof metrics[0]; m++) {
			so_status s1 = so_vector_distance(metrics[m], a, n, b, n, &r1, &err);
			so_status s2 = so_vector_distance_q(metrics[m], a, n, q, n, nn, &r2, &err);
			so_status s3 = so_vector_distance(metrics[m], b, n, a, n, &r3, &err);

			if (s1 != s2 || s1 != s3 ||
			    (s1 == SO_OK && (memcmp(&r1, &r2, sizeof r1) != 0 || memcmp(&r1, &r3, sizeof r1) != 0))) {
				diag("metric %d: %d %.17g, query form %d %.17g, swapped %d %.17g", (int)metrics[m],
				     (int)s1, r1, (int)s2, r2, (int)s3, r3);
				okall = 0;
			}
		}
	}
	free(q);
	ok(okall, "%s, %zu dims: query-widened kernels and swapped arguments give the same bits", label, n);
}

static void check_metrics(const float *a, const float *b, size_t n, const char *label)
{
	long double l2 = 0, dot = 0, l1 = 0, aa = 0, bb = 0, absdot = 0, d, ref_cos;
	double got, gd, ga, gb;
	so_error err;
	size_t i;
	int okall = 1;

	for (i = 0; i < n; i++) {
		d = (long double)a[i] - (long double)b[i];
		l2 += d * d;
		l1 += fabsl(d);
		dot += (long double)a[i] * b[i];
		absdot += fabsl((long double)a[i] * b[i]);
		aa += (long double)a[i] * a[i];
		bb += (long double)b[i] * b[i];
	}
	/* 16000 terms summed in double: relative error well below 1e-11 for sums of non-negative terms */
	okall &=
	    so_vector_distance(SO_VECTOR_L2_SQUARED, a, n, b, n, &got, &err) == SO_OK && close_rel(got, l2, 0, 1e-11);
	okall &=
	    so_vector_distance(SO_VECTOR_L2, a, n, b, n, &got, &err) == SO_OK && close_rel(got, sqrtl(l2), 0, 1e-11);
	okall &= so_vector_distance(SO_VECTOR_L1, a, n, b, n, &got, &err) == SO_OK && close_rel(got, l1, 0, 1e-11);
	okall &= so_vector_distance(SO_VECTOR_INNER_PRODUCT, a, n, b, n, &got, &err) == SO_OK &&
	         close_rel(got, dot, absdot, 1e-11);
	okall &= so_vector_distance(SO_VECTOR_NEGATIVE_INNER_PRODUCT, a, n, b, n, &got, &err) == SO_OK &&
	         close_rel(got, -dot, absdot, 1e-11);
	ref_cos = (aa == 0 || bb == 0) ? 1.0L : 1.0L - fmaxl(-1.0L, fminl(1.0L, dot / (sqrtl(aa) * sqrtl(bb))));
	okall &= so_vector_distance(SO_VECTOR_COSINE, a, n, b, n, &got, &err) == SO_OK &&
	         fabsl((long double)got - ref_cos) <= 1e-11L * (1 + absdot / (sqrtl(aa) * sqrtl(bb) + 1e-300L));
	okall &= so_vector_norm(a, n, &got, &err) == SO_OK && close_rel(got, sqrtl(aa), 0, 1e-11);
	/* bit-exact documented summation order */
	okall &= so_vector_l2_squared(a, b, n) == lane_order_l2(a, b, n);
	okall &= so_vector_dot(a, b, n) == lane_order_dot(a, b, n);
	okall &= so_vector_l1(a, b, n) == lane_order_l1(a, b, n);
	so_vector_cosine_parts(a, b, n, &gd, &ga, &gb);
	okall &= gd == lane_order_dot(a, b, n) && ga == lane_order_dot(a, a, n) && gb == lane_order_dot(b, b, n);
	okall &= so_vector_norm_squared(a, n) == lane_order_dot(a, a, n);
	ok(okall, "%s, %zu dims: all metrics match the long double reference and the documented lane order", label, n);
	check_query_form(a, b, n, label);
}

static void text_roundtrip(const float *a, size_t n, const char *label)
{
	char *buf = malloc(SO_VECTOR_TEXT_SIZE(n));
	float *back = malloc(n * sizeof(float) + 4);
	size_t len = 0, dims = 0;
	so_error err;
	int same;

	same = so_vector_format_text(a, n, buf, SO_VECTOR_TEXT_SIZE(n), &len, &err) == SO_OK && len == strlen(buf) &&
	       so_vector_parse_text(buf, len, back, n, &dims, &err) == SO_OK && dims == n &&
	       memcmp(a, back, n * sizeof(float)) == 0;
	ok(same, "text round trip is bit-exact: %s (%zu dims)", label, n);
	free(buf);
	free(back);
}

static so_status parse(const char *s, float *out, size_t cap, size_t *dims, so_error *err)
{
	return so_vector_parse_text(s, strlen(s), out, cap, dims, err);
}

int main(void)
{
	static const size_t dims_list[] = {1, 3, 7, 16, 17, 768, 1536, 16000};
	float *a = malloc(SO_VECTOR_MAX_DIM * 2 * sizeof(float));
	float *b = malloc(SO_VECTOR_MAX_DIM * sizeof(float));
	float out[16];
	char buf[256], *big;
	unsigned char bytes[64];
	size_t i, k, n, dims, len;
	double r;
	so_error err;
	int shortest;

	for (k = 0; k < sizeof dims_list / sizeof dims_list[0]; k++) {
		n = dims_list[k];
		for (i = 0; i < n; i++) {
			a[i] = rnd_unit();
			b[i] = rnd_unit();
		}
		check_metrics(a, b, n, "random [-1, 1]");
		for (i = 0; i < n; i++) {
			a[i] = rnd_unit() * 1e-39f; /* denormals */
			b[i] = rnd_unit() * 1e-42f;
		}
		check_metrics(a, b, n, "denormals");
		for (i = 0; i < n; i++) {
			a[i] = (i % 2 ? -1 : 1) * FLT_MAX * (0.5f + 0.5f * fabsf(rnd_unit()));
			b[i] = -a[i];
		}
		check_metrics(a, b, n, "near FLT_MAX, opposite signs");
		for (i = 0; i < n; i++) {
			a[i] = rnd_bits_finite();
			b[i] = rnd_bits_finite();
		}
		check_metrics(a, b, n, "random bit patterns (every exponent)");
		text_roundtrip(a, n, "random bit patterns");
	}
	/* [3e38]: pgvector's float accumulators overflow here */
	a[0] = 3e38f;
	b[0] = -3e38f;
	ok(so_vector_distance(SO_VECTOR_L2, a, 1, b, 1, &r, &err) == SO_OK && isfinite(r) && r == 2.0 * (double)3e38f,
	   "l2([3e38], [-3e38]) = 6e38, finite");
	ok(so_vector_distance(SO_VECTOR_INNER_PRODUCT, a, 1, a, 1, &r, &err) == SO_OK && isfinite(r) &&
	       fabs(r / ((double)3e38f * (double)3e38f) - 1) < 1e-15,
	   "inner_product([3e38], [3e38]) = 9e76, finite");
	ok(so_vector_distance(SO_VECTOR_COSINE, a, 1, a, 1, &r, &err) == SO_OK && r == 0.0,
	   "cosine([3e38], [3e38]) = 0");
	ok(so_vector_distance(SO_VECTOR_COSINE, a, 1, b, 1, &r, &err) == SO_OK && r == 2.0,
	   "cosine([3e38], [-3e38]) = 2");
	/* zero vectors and clamping */
	memset(a, 0, 8 * sizeof(float));
	for (i = 0; i < 8; i++)
		b[i] = (float)i + 1;
	ok(so_vector_distance(SO_VECTOR_COSINE, a, 8, b, 8, &r, &err) == SO_OK && r == 1.0,
	   "cosine distance with a zero vector is 1 (defined)");
	ok(so_vector_distance(SO_VECTOR_COSINE, a, 8, a, 8, &r, &err) == SO_OK && r == 1.0,
	   "cosine distance of two zero vectors is 1");
	{
		int clamped = 1;
		for (k = 0; k < 2000; k++) {
			for (i = 0; i < 7; i++)
				a[i] = rnd_bits_finite();
			if (so_vector_distance(SO_VECTOR_COSINE, a, 7, a, 7, &r, &err) != SO_OK || r < 0.0 || r > 2.0)
				clamped = 0;
			if (so_vector_norm_squared(a, 7) > 0 && r != 0.0 && fabs(r) > 1e-15)
				clamped = 0;
		}
		ok(clamped, "cosine distance of a vector with itself is in [0, 2] and ~0 (2000 random)");
	}
	/* normalize */
	a[0] = 3;
	a[1] = 4;
	ok(so_vector_normalize(a, 2, out, &err) == SO_OK && out[0] == 0.6f && out[1] == 0.8f,
	   "normalize([3,4]) = [0.6,0.8]");
	a[0] = a[1] = 0;
	ok(so_vector_normalize(a, 2, out, &err) == SO_OK && out[0] == 0 && out[1] == 0, "normalize(zero) = zero");
	a[0] = 3e38f;
	a[1] = 3e38f;
	ok(so_vector_normalize(a, 2, out, &err) == SO_OK && fabsf(out[0] - 0.70710678f) < 1e-7f,
	   "normalize([3e38,3e38]) does not overflow");
	/* errors */
	ok(so_vector_distance(SO_VECTOR_L2, a, 2, b, 3, &r, &err) == SO_ERR_INCOMPATIBLE, "dimension mismatch");
	is_str(err.message, "different vector dimensions 2 and 3", "pgvector's wording");
	ok(so_vector_distance(SO_VECTOR_L2, a, 0, b, 0, &r, &err) == SO_ERR_INVALID, "empty vectors refused");
	is_str(err.message, "vector must have at least 1 dimension", "empty: wording");
	ok(so_vector_distance(SO_VECTOR_L2, a, 16001, a, 16001, &r, &err) == SO_ERR_LIMIT, "16001 dims refused");
	is_str(err.message, "vector cannot have more than 16000 dimensions", "limit: wording");
	a[0] = 1;
	a[1] = NAN;
	b[0] = b[1] = 1;
	ok(so_vector_distance(SO_VECTOR_L2, b, 2, a, 2, &r, &err) == SO_ERR_INVALID &&
	       strcmp(err.message, "NaN not allowed in vector") == 0,
	   "NaN element: NaN not allowed in vector");
	a[1] = INFINITY;
	ok(so_vector_distance(SO_VECTOR_COSINE, b, 2, a, 2, &r, &err) == SO_ERR_INVALID &&
	       strcmp(err.message, "infinite value not allowed in vector") == 0,
	   "Inf element in cosine: infinite value not allowed in vector");
	memset(b, 0, 2 * sizeof(float));
	ok(so_vector_distance(SO_VECTOR_COSINE, b, 2, a, 2, &r, &err) == SO_ERR_INVALID,
	   "Inf against zero vector still refused");
	ok(so_vector_norm(a, 2, &r, &err) == SO_ERR_INVALID, "norm of Inf refused");
	/* text */
	ok(parse(" [ 1 , 2.5,-3e-05 ] ", out, 16, &dims, &err) == SO_OK && dims == 3 && out[0] == 1 && out[1] == 2.5f &&
	       out[2] == -3e-05f,
	   "parse with white space");
	ok(so_vector_format_text(out, 3, buf, sizeof buf, &len, &err) == SO_OK, "format");
	is_str(buf, "[1,2.5,-3e-05]", "shortest spelling");
	out[0] = 0.1f;
	out[1] = 1.0f / 3.0f;
	out[2] = FLT_MAX;
	out[3] = -0.0f;
	out[4] = FLT_TRUE_MIN;
	ok(so_vector_format_text(out, 5, buf, sizeof buf, &len, &err) == SO_OK, "format extremes");
	is_str(buf, "[0.1,0.33333334,3.4028235e+38,-0,1e-45]", "0.1, 1/3, FLT_MAX, -0, FLT_TRUE_MIN");
	shortest = 1;
	for (k = 0; k < 20000; k++) {
		float f = rnd_bits_finite(), g;
		int p;
		so_vector_format_text(&f, 1, buf, sizeof buf, &len, &err);
		g = strtof(buf + 1, NULL);
		if (g != f)
			shortest = 0;
		/* one digit fewer must not read back (unless already 1 digit) */
		for (p = 1; p < 9; p++) {
			char t[64];
			snprintf(t, sizeof t, "%.*g", p, (double)f);
			if (strtof(t, NULL) == f)
				break;
		}
		snprintf(buf + 100, 64, "%.*g", p, (double)f);
		buf[len - 1] = '\0';
		if (strcmp(buf + 1, buf + 100) != 0)
			shortest = 0;
	}
	ok(shortest, "20000 random floats: formatted with the fewest digits that read back exactly");
	{
		static const char *bad[] = {"",      "[]",  " [ ] ",  "[1,]",    "[1 2]", "[,1]",    "1,2",
		                            "[1]x",  "[1",  "[nan]",  "[inf]",   "[NaN]", "[0x1p3]", "[1e]x",
		                            "[--1]", "[.]", "[1e39]", "[-1e39]", "[1;2]", "{1,2}",   "[1,2]]"};
		int all = 1;
		for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			so_status st = parse(bad[k], out, 16, &dims, &err);
			if (st == SO_OK) {
				diag("accepted: '%s'", bad[k]);
				all = 0;
			}
		}
		ok(all, "%zu malformed literals refused", sizeof bad / sizeof bad[0]);
	}
	ok(parse("[1e39]", out, 16, &dims, &err) == SO_ERR_ARGUMENT, "overflow: out of range (SO_ERR_ARGUMENT)");
	is_str(err.message, "\"1e39\" is out of range for type vector", "overflow wording");
	ok(parse("[1e-50]", out, 16, &dims, &err) == SO_OK && out[0] == 0.0f, "underflow reads as 0");
	ok(parse("[1e-40]", out, 16, &dims, &err) == SO_OK && out[0] == 1e-40f, "denormal literal kept");
	ok(parse("[]", out, 16, &dims, &err) == SO_ERR_INVALID, "[] is an empty vector");
	ok(parse("[1,2", out, 16, &dims, &err) == SO_ERR_SYNTAX && strcmp(err.message, "malformed vector literal") == 0,
	   "unterminated: malformed vector literal (%s)", err.detail);
	ok(so_vector_parse_text("[1,\0"
	                        "2]",
	                        6, out, 16, &dims, &err) == SO_ERR_SYNTAX,
	   "embedded NUL refused");
	ok(parse("[1,2,3]", out, 2, &dims, &err) == SO_ERR_LIMIT, "more elements than capacity: limit");
	big = malloc(16001 * 2 + 8);
	len = 0;
	big[len++] = '[';
	for (k = 0; k < 16001; k++) {
		big[len++] = '1';
		big[len++] = ',';
	}
	big[len - 1] = ']';
	ok(so_vector_text_capacity(big, len) == SO_VECTOR_MAX_DIM + 1, "capacity of a 16001-element text is capped");
	ok(so_vector_parse_text(big, len, a, SO_VECTOR_MAX_DIM * 2, &dims, &err) == SO_ERR_LIMIT &&
	       strcmp(err.message, "vector cannot have more than 16000 dimensions") == 0,
	   "16001-element text refused");
	ok(so_vector_parse_text(big, len - 2, a, SO_VECTOR_MAX_DIM, &dims, &err) != SO_OK,
	   "truncated big text refused");
	big[len - 3] = ']';
	ok(so_vector_parse_text(big, len - 2, a, SO_VECTOR_MAX_DIM, &dims, &err) == SO_OK && dims == 16000,
	   "16000-element text accepted");
	free(big);
	ok(so_vector_format_text(out, 1, buf, 4, &len, &err) == SO_ERR_LIMIT, "small format buffer refused");
	/* little-endian bytes */
	out[0] = 1.0f;
	out[1] = -2.0f;
	so_vector_to_le_bytes(out, 2, bytes);
	ok(memcmp(bytes, "\x00\x00\x80\x3f\x00\x00\x00\xc0", 8) == 0, "[1,-2] as LE float32 bytes");
	ok(so_vector_from_le_bytes(bytes, 8, out + 4, &dims, &err) == SO_OK && dims == 2 && out[4] == 1.0f &&
	       out[5] == -2.0f,
	   "LE bytes read back");
	ok(so_vector_from_le_bytes(bytes, 7, out + 4, &dims, &err) == SO_ERR_INVALID, "7 bytes refused");
	is_str(err.message, "vector byte length 7 is not a multiple of 4", "byte length wording");
	ok(so_vector_from_le_bytes(bytes, 0, out + 4, &dims, &err) == SO_ERR_INVALID, "0 bytes refused");
	memcpy(bytes, "\x00\x00\xc0\x7f", 4);
	ok(so_vector_from_le_bytes(bytes, 4, out + 4, &dims, &err) == SO_ERR_INVALID &&
	       strcmp(err.message, "NaN not allowed in vector") == 0,
	   "NaN bytes refused");
	/* pgvector binary */
	out[0] = 1.0f;
	out[1] = 2.0f;
	so_vector_to_pgvector_binary(out, 2, bytes);
	ok(memcmp(bytes, "\x00\x02\x00\x00\x3f\x80\x00\x00\x40\x00\x00\x00", 12) == 0,
	   "[1,2] in pgvector's binary form");
	ok(so_vector_from_pgvector_binary(bytes, 12, out + 4, &dims, &err) == SO_OK && dims == 2 && out[4] == 1.0f &&
	       out[5] == 2.0f,
	   "pgvector binary read back");
	ok(so_vector_from_pgvector_binary(bytes, 11, out + 4, &dims, &err) == SO_ERR_INVALID,
	   "short pgvector binary refused");
	ok(so_vector_from_pgvector_binary(bytes, 3, out + 4, &dims, &err) == SO_ERR_INVALID, "3 bytes refused");
	bytes[3] = 1;
	ok(so_vector_from_pgvector_binary(bytes, 12, out + 4, &dims, &err) == SO_ERR_INVALID &&
	       strcmp(err.message, "expected unused to be 0, not 1") == 0,
	   "unused != 0 refused");
	memcpy(bytes, "\xff\xff\x00\x00", 4);
	ok(so_vector_from_pgvector_binary(bytes, 12, out + 4, &dims, &err) == SO_ERR_INVALID, "negative dim refused");
	memcpy(bytes, "\x3e\x81\x00\x00", 4); /* 16001 */
	ok(so_vector_from_pgvector_binary(bytes, 12, out + 4, &dims, &err) == SO_ERR_LIMIT, "dim 16001 refused");
	free(a);
	free(b);
	return done_testing();
}
