/*
 * fuzz_vector.c: libFuzzer harness for the vector parsers of schemaops/vector.h.
 *
 * Every input goes through so_vector_parse_text, so_vector_from_le_bytes and so_vector_from_pgvector_binary;
 * none may crash. Properties (a violation traps, which libFuzzer reports as a crash with the input saved):
 * text that parses formats and parses back to the same bits and the same text; accepted bytes write back
 * byte-identically; every distance of an accepted vector with itself is finite and L2 is 0.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemaops/vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_self(const float *a, size_t n)
{
	so_error err;
	double r;

	if (so_vector_distance(SO_VECTOR_L2, a, n, a, n, &r, &err) != SO_OK || r != 0.0)
		__builtin_trap();
	if (so_vector_distance(SO_VECTOR_COSINE, a, n, a, n, &r, &err) != SO_OK || !(r >= 0.0 && r <= 2.0))
		__builtin_trap();
	if (so_vector_distance(SO_VECTOR_INNER_PRODUCT, a, n, a, n, &r, &err) != SO_OK || !(r >= 0.0))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t cap = so_vector_text_capacity(text, size), n = 0, n2 = 0, len = 0, len2 = 0;
	float *a = malloc(SO_VECTOR_MAX_DIM * sizeof(float)), *b = malloc(SO_VECTOR_MAX_DIM * sizeof(float));
	char *buf = NULL, *buf2 = NULL;
	unsigned char *bytes = malloc(SO_VECTOR_PGVECTOR_SIZE(SO_VECTOR_MAX_DIM));
	so_error err;

	if (!a || !b || !bytes)
		goto out;
	if (so_vector_parse_text(text, size, a, cap, &n, &err) == SO_OK) {
		buf = malloc(SO_VECTOR_TEXT_SIZE(n));
		buf2 = malloc(SO_VECTOR_TEXT_SIZE(n));
		if (!buf || !buf2)
			goto out;
		if (so_vector_format_text(a, n, buf, SO_VECTOR_TEXT_SIZE(n), &len, &err) != SO_OK)
			__builtin_trap();
		if (so_vector_parse_text(buf, len, b, n, &n2, &err) != SO_OK || n2 != n || memcmp(a, b, n * 4) != 0)
			__builtin_trap();
		if (so_vector_format_text(b, n2, buf2, SO_VECTOR_TEXT_SIZE(n2), &len2, &err) != SO_OK || len2 != len ||
		    memcmp(buf, buf2, len) != 0)
			__builtin_trap();
		check_self(a, n);
	}
	if (so_vector_from_le_bytes(data, size, a, &n, &err) == SO_OK) {
		so_vector_to_le_bytes(a, n, bytes);
		if (n * 4 != size || memcmp(bytes, data, size) != 0)
			__builtin_trap();
		check_self(a, n);
	}
	if (so_vector_from_pgvector_binary(data, size, a, &n, &err) == SO_OK) {
		so_vector_to_pgvector_binary(a, n, bytes);
		if (SO_VECTOR_PGVECTOR_SIZE(n) != size || memcmp(bytes, data, size) != 0)
			__builtin_trap();
		check_self(a, n);
	}
out:
	free(a);
	free(b);
	free(buf);
	free(buf2);
	free(bytes);
	return 0;
}
