/*
 * gen.c: writes ROWS lines "id<TAB>[v1,...,vDIMS]" of reproducible random float32 vectors (uniform in
 * [-1, 1), xorshift64*, fixed seed) in the shortest round-trip text form: the same data for every server.
 * Usage: gen ROWS DIMS > file
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "schemaops/vector.h"

int main(int argc, char **argv)
{
	uint64_t s = 0x9E3779B97F4A7C15ULL;
	long rows, dims, r, i;
	float *v;
	char *buf;
	size_t len;
	so_error err;

	if (argc != 3 || (rows = atol(argv[1])) < 1 || (dims = atol(argv[2])) < 1 || dims > SO_VECTOR_MAX_DIM) {
		fprintf(stderr, "usage: gen ROWS DIMS\n");
		return 2;
	}
	v = malloc((size_t)dims * sizeof(float));
	buf = malloc(SO_VECTOR_TEXT_SIZE(dims));
	if (!v || !buf)
		return 1;
	for (r = 1; r <= rows; r++) {
		for (i = 0; i < dims; i++) {
			s ^= s >> 12;
			s ^= s << 25;
			s ^= s >> 27;
			v[i] = (float)((double)((s * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0 * 2.0 - 1.0);
		}
		if (so_vector_format_text(v, (size_t)dims, buf, SO_VECTOR_TEXT_SIZE(dims), &len, &err) != SO_OK)
			return 1;
		printf("%ld\t%s\n", r, buf);
	}
	free(v);
	free(buf);
	return 0;
}
