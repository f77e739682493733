/*
 * vector.c: checked vector operations, the text form and the binary forms of schemaops/vector.h.
 * The kernels are in vector_kernels.c.
 */
/* strtof_l() (glibc, FreeBSD, macOS; POSIX.1-2024) and newlocale() (POSIX.1-2008) */
#define _GNU_SOURCE
#include "schemaops/vector.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

so_status so_vector_check_dims(size_t n, so_error *err)
{
	if (n < 1)
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "vector must have at least 1 dimension");
	if (n > SO_VECTOR_MAX_DIM)
		return so_error_set(err, SO_ERR_LIMIT, 0, 0, "vector cannot have more than %d dimensions",
		                    SO_VECTOR_MAX_DIM);
	return SO_OK;
}

so_status so_vector_check_finite(const float *a, size_t n, so_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (isnan(a[i]))
			return so_error_set(err, SO_ERR_INVALID, 0, 0, "NaN not allowed in vector");
		if (isinf(a[i]))
			return so_error_set(err, SO_ERR_INVALID, 0, 0, "infinite value not allowed in vector");
	}
	return SO_OK;
}

/* Called when a result is not finite: names the NaN/Inf element (there must be one). */
static so_status non_finite(const float *a, size_t na, const float *b, size_t nb, so_error *err)
{
	if (so_vector_check_finite(a, na, err) != SO_OK)
		return err ? err->code : SO_ERR_INVALID;
	if (b && so_vector_check_finite(b, nb, err) != SO_OK)
		return err ? err->code : SO_ERR_INVALID;
	return so_error_set(err, SO_ERR_INTERNAL, 0, 0, "vector result is not finite for finite input");
}

/*
 * The cosine distance from its parts (see so_vector_distance): dot, aa = |a|^2 and b_norm = |b| (the square
 * root of bb, which a cached query has computed once). SO_OK or a non-finite part (the caller names it).
 */
static int cosine_from_parts(double dot, double aa, double b_norm, double *r)
{
	double sim;

	if (!isfinite(dot) || !isfinite(aa) || !isfinite(b_norm))
		return 0;
	if (aa == 0.0 || b_norm == 0.0) {
		*r = 1.0;
		return 1;
	}
	/* sqrt of each factor: aa * bb could overflow a double near the element limits */
	sim = dot / (sqrt(aa) * b_norm);
	if (sim > 1.0)
		sim = 1.0;
	else if (sim < -1.0)
		sim = -1.0;
	*r = 1.0 - sim;
	return 1;
}

so_status so_vector_distance(so_vector_metric metric, const float *a, size_t na, const float *b, size_t nb, double *out,
                             so_error *err)
{
	double r, dot, aa, bb;
	so_status st;

	if (na != nb)
		return so_error_set(err, SO_ERR_INCOMPATIBLE, 0, 0, "different vector dimensions %zu and %zu", na, nb);
	if ((st = so_vector_check_dims(na, err)) != SO_OK)
		return st;
	switch (metric) {
	case SO_VECTOR_L2:
		r = sqrt(so_vector_l2_squared(a, b, na));
		break;
	case SO_VECTOR_L2_SQUARED:
		r = so_vector_l2_squared(a, b, na);
		break;
	case SO_VECTOR_INNER_PRODUCT:
		r = so_vector_dot(a, b, na);
		break;
	case SO_VECTOR_NEGATIVE_INNER_PRODUCT:
		r = -so_vector_dot(a, b, na);
		break;
	case SO_VECTOR_L1:
		r = so_vector_l1(a, b, na);
		break;
	case SO_VECTOR_COSINE:
		so_vector_cosine_parts(a, b, na, &dot, &aa, &bb);
		if (!cosine_from_parts(dot, aa, sqrt(bb), &r))
			return non_finite(a, na, b, nb, err);
		break;
	default:
		return so_error_set(err, SO_ERR_INTERNAL, 0, 0, "unknown vector metric %d", (int)metric);
	}
	if (!isfinite(r))
		return non_finite(a, na, b, nb, err);
	*out = r;
	return SO_OK;
}

so_status so_vector_distance_q(so_vector_metric metric, const float *a, size_t na, const double *q, size_t nb,
                               double q_norm, double *out, so_error *err)
{
	double r, dot, aa;
	so_status st;

	if (na != nb)
		return so_error_set(err, SO_ERR_INCOMPATIBLE, 0, 0, "different vector dimensions %zu and %zu", na, nb);
	if ((st = so_vector_check_dims(na, err)) != SO_OK)
		return st;
	switch (metric) {
	case SO_VECTOR_L2:
		r = sqrt(so_vector_l2_squared_q(a, q, na));
		break;
	case SO_VECTOR_L2_SQUARED:
		r = so_vector_l2_squared_q(a, q, na);
		break;
	case SO_VECTOR_INNER_PRODUCT:
		r = so_vector_dot_q(a, q, na);
		break;
	case SO_VECTOR_NEGATIVE_INNER_PRODUCT:
		r = -so_vector_dot_q(a, q, na);
		break;
	case SO_VECTOR_L1:
		r = so_vector_l1_q(a, q, na);
		break;
	case SO_VECTOR_COSINE:
		so_vector_dot_norm_q(a, q, na, &dot, &aa);
		if (!cosine_from_parts(dot, aa, q_norm, &r))
			return non_finite(a, na, NULL, 0, err);
		break;
	default:
		return so_error_set(err, SO_ERR_INTERNAL, 0, 0, "unknown vector metric %d", (int)metric);
	}
	if (!isfinite(r))
		return non_finite(a, na, NULL, 0, err);
	*out = r;
	return SO_OK;
}

so_status so_vector_norm(const float *a, size_t n, double *out, so_error *err)
{
	double r;

	if (n > SO_VECTOR_MAX_DIM)
		return so_vector_check_dims(n, err);
	r = sqrt(so_vector_norm_squared(a, n));
	if (!isfinite(r))
		return non_finite(a, n, NULL, 0, err);
	*out = r;
	return SO_OK;
}

so_status so_vector_normalize(const float *a, size_t n, float *out, so_error *err)
{
	double norm;
	so_status st;
	size_t i;

	if ((st = so_vector_norm(a, n, &norm, err)) != SO_OK)
		return st;
	for (i = 0; i < n; i++)
		out[i] = norm > 0.0 ? (float)((double)a[i] / norm) : 0.0f;
	return SO_OK;
}

/* ---- text ---- */

size_t so_vector_text_capacity(const char *text, size_t len)
{
	size_t i, n = 1;

	for (i = 0; i < len && n <= SO_VECTOR_MAX_DIM; i++)
		if (text[i] == ',')
			n++;
	return n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The length of a decimal number at s (at most `len` bytes): [+-] digits [. digits] [(e|E) [+-] digits],
 * at least one digit in the mantissa; 0 when there is none. strtof() would also take hex floats, "inf",
 * "nan" and locale-specific points: scanning first keeps the accepted language this one.
 */
static size_t number_length(const char *s, size_t len)
{
	size_t i = 0, digits = 0, j;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && is_digit(s[i]))
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		j = i + 1;
		if (j < len && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < len && is_digit(s[j])) {
			while (j < len && is_digit(s[j]))
				j++;
			i = j;
		}
	}
	return i;
}

/* The longest number we copy for strtof(); longer ones (e.g. 10000 zeros) are refused as malformed. */
#define SO_VECTOR_NUMBER_MAX 127

static so_status malformed(so_error *err, size_t pos, const char *what)
{
	so_error_set(err, SO_ERR_SYNTAX, 0, 0, "malformed vector literal");
	so_error_detail(err, "%s at byte %zu", what, pos + 1);
	return SO_ERR_SYNTAX;
}

/*
 * The numbers of the text form are read and written in the "C" locale whatever the process's LC_NUMERIC
 * (a MariaDB server or a client library may run under a locale whose decimal point is ','): strtof_l()
 * with a "C" locale object. glibc's newlocale() returns its static C locale for "C" without allocating
 * (locale/newlocale.c), so the per-call cost is a few compares.
 */
static so_status c_locale(locale_t *loc, so_error *err)
{
	*loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (*loc == (locale_t)0)
		return so_error_set(err, SO_ERR_NOMEM, 0, 0, "cannot create the \"C\" locale for vector text");
	return SO_OK;
}

static so_status parse_text(const char *text, size_t len, float *out, size_t cap, size_t *dims, locale_t loc,
                            so_error *err)
{
	char num[SO_VECTOR_NUMBER_MAX + 1];
	size_t i = 0, n = 0, k;
	char *end;
	float v;

	if (cap > SO_VECTOR_MAX_DIM)
		cap = SO_VECTOR_MAX_DIM;
	while (i < len && is_space(text[i]))
		i++;
	if (i >= len || text[i] != '[')
		return malformed(err, i, "vector contents must start with \"[\"");
	i++;
	while (i < len && is_space(text[i]))
		i++;
	if (i < len && text[i] == ']') {
		i++;
		while (i < len && is_space(text[i]))
			i++;
		if (i < len)
			return malformed(err, i, "junk after closing right brace");
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "vector must have at least 1 dimension");
	}
	for (;;) {
		while (i < len && is_space(text[i]))
			i++;
		k = number_length(text + i, len - i);
		if (k == 0)
			return malformed(err, i, "expected a number");
		if (k > SO_VECTOR_NUMBER_MAX)
			return malformed(err, i, "number too long");
		if (n >= cap) {
			if (cap == SO_VECTOR_MAX_DIM)
				return so_error_set(err, SO_ERR_LIMIT, 0, 0,
				                    "vector cannot have more than %d dimensions", SO_VECTOR_MAX_DIM);
			return so_error_set(err, SO_ERR_LIMIT, 0, 0, "vector has more than %zu elements", cap);
		}
		memcpy(num, text + i, k);
		num[k] = '\0';
		errno = 0;
		v = strtof_l(num, &end, loc);
		if (end != num + k)
			return malformed(err, i, "number not readable");
		if (isinf(v)) /* ERANGE on overflow; underflow (denormal or 0, also ERANGE) is accepted */
			return so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "\"%s\" is out of range for type vector", num);
		out[n++] = v;
		i += k;
		while (i < len && is_space(text[i]))
			i++;
		if (i < len && text[i] == ',') {
			i++;
			continue;
		}
		if (i < len && text[i] == ']') {
			i++;
			break;
		}
		return malformed(err, i, "expected \",\" or \"]\"");
	}
	while (i < len && is_space(text[i]))
		i++;
	if (i < len)
		return malformed(err, i, "junk after closing right brace");
	*dims = n;
	return SO_OK;
}

so_status so_vector_parse_text(const char *text, size_t len, float *out, size_t cap, size_t *dims, so_error *err)
{
	locale_t loc;
	so_status st;

	if ((st = c_locale(&loc, err)) != SO_OK)
		return st;
	st = parse_text(text, len, out, cap, dims, loc, err);
	freelocale(loc);
	return st;
}

so_status so_vector_format_text(const float *a, size_t n, char *buf, size_t cap, size_t *len, so_error *err)
{
	size_t pos = 0, i;
	so_status st;
	locale_t loc, prev;
	int prec, w;

	if ((st = so_vector_check_dims(n, err)) != SO_OK || (st = so_vector_check_finite(a, n, err)) != SO_OK)
		return st;
	if (cap < SO_VECTOR_TEXT_SIZE(n))
		return so_error_set(err, SO_ERR_LIMIT, 0, 0, "vector text buffer of %zu bytes is too small", cap);
	if ((st = c_locale(&loc, err)) != SO_OK)
		return st;
	/* snprintf() has no _l variant: the calling thread uses the C locale for the loop (uselocale() is
	 * per thread) and gets its own back after it */
	prev = uselocale(loc);
	buf[pos++] = '[';
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf[pos++] = ',';
		/* the shortest %g spelling that reads back exactly; 9 significant digits always do (FLT_DECIMAL_DIG) */
		for (prec = 1; prec <= 9; prec++) {
			w = snprintf(buf + pos, cap - pos, "%.*g", prec, (double)a[i]);
			if (w < 0 || (size_t)w >= cap - pos) {
				uselocale(prev);
				freelocale(loc);
				return so_error_set(err, SO_ERR_INTERNAL, 0, 0,
				                    "vector element does not fit its buffer");
			}
			if (prec == 9 || strtof_l(buf + pos, NULL, loc) == a[i])
				break;
		}
		pos += (size_t)w;
	}
	buf[pos++] = ']';
	buf[pos] = '\0';
	*len = pos;
	uselocale(prev);
	freelocale(loc);
	return SO_OK;
}

/* ---- binary ---- */

static uint32_t load_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

static float bits_to_float(uint32_t u)
{
	float f;

	memcpy(&f, &u, sizeof f);
	return f;
}

static uint32_t float_to_bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof u);
	return u;
}

so_status so_vector_from_le_bytes(const void *bytes, size_t len, float *out, size_t *dims, so_error *err)
{
	const unsigned char *p = bytes;
	size_t n = len / 4, i;
	so_status st;

	if (len % 4 != 0)
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "vector byte length %zu is not a multiple of 4", len);
	if ((st = so_vector_check_dims(n, err)) != SO_OK)
		return st;
	for (i = 0; i < n; i++)
		out[i] = bits_to_float(load_le32(p + 4 * i));
	if ((st = so_vector_check_finite(out, n, err)) != SO_OK)
		return st;
	*dims = n;
	return SO_OK;
}

void so_vector_to_le_bytes(const float *a, size_t n, void *out)
{
	unsigned char *p = out;
	size_t i;
	uint32_t u;

	for (i = 0; i < n; i++) {
		u = float_to_bits(a[i]);
		p[4 * i] = (unsigned char)u;
		p[4 * i + 1] = (unsigned char)(u >> 8);
		p[4 * i + 2] = (unsigned char)(u >> 16);
		p[4 * i + 3] = (unsigned char)(u >> 24);
	}
}

so_status so_vector_from_pgvector_binary(const void *bytes, size_t len, float *out, size_t *dims, so_error *err)
{
	const unsigned char *p = bytes;
	int16_t dim, unused;
	size_t n, i;
	so_status st;

	if (len < 4)
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "pgvector binary vector of %zu bytes is truncated", len);
	dim = (int16_t)(uint16_t)((unsigned)p[0] << 8 | p[1]);
	unused = (int16_t)(uint16_t)((unsigned)p[2] << 8 | p[3]);
	if (dim < 1)
		return so_vector_check_dims(0, err);
	n = (size_t)dim;
	if ((st = so_vector_check_dims(n, err)) != SO_OK)
		return st;
	if (unused != 0)
		return so_error_set(err, SO_ERR_INVALID, 0, 0, "expected unused to be 0, not %d", (int)unused);
	if (len != SO_VECTOR_PGVECTOR_SIZE(n))
		return so_error_set(err, SO_ERR_INVALID, 0, 0,
		                    "pgvector binary vector of dimension %zu needs %zu bytes, not %zu", n,
		                    SO_VECTOR_PGVECTOR_SIZE(n), len);
	for (i = 0; i < n; i++)
		out[i] = bits_to_float(load_be32(p + 4 + 4 * i));
	if ((st = so_vector_check_finite(out, n, err)) != SO_OK)
		return st;
	*dims = n;
	return SO_OK;
}

void so_vector_to_pgvector_binary(const float *a, size_t n, void *out)
{
	unsigned char *p = out;
	size_t i;
	uint32_t u;

	p[0] = (unsigned char)(n >> 8);
	p[1] = (unsigned char)n;
	p[2] = 0;
	p[3] = 0;
	for (i = 0; i < n; i++) {
		u = float_to_bits(a[i]);
		p[4 + 4 * i] = (unsigned char)(u >> 24);
		p[4 + 4 * i + 1] = (unsigned char)(u >> 16);
		p[4 + 4 * i + 2] = (unsigned char)(u >> 8);
		p[4 + 4 * i + 3] = (unsigned char)u;
	}
}
