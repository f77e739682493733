/*
 * gen.c: writes ROWS lines "id<TAB>[v1,...,vDIMS]" of reproducible random vectors (6-decimal numbers uniform
 * in [-1, 1], xorshift64*, fixed seed), formatted by hand for speed (100k x 1536 is 150 M numbers): the same
 * data for every server; each reads them as the nearest float32.
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
	char *buf;

	if (argc != 3 || (rows = atol(argv[1])) < 1 || (dims = atol(argv[2])) < 1 || dims > SO_VECTOR_MAX_DIM) {
		fprintf(stderr, "usage: gen ROWS DIMS\n");
		return 2;
	}
	buf = malloc(SO_VECTOR_TEXT_SIZE(dims));
	if (!buf)
		return 1;
	for (r = 1; r <= rows; r++) {
		char *p = buf;
		for (i = 0; i < dims; i++) {
			long x;
			s ^= s >> 12;
			s ^= s << 25;
			s ^= s >> 27;
			x = (long)((s * 0x2545F4914F6CDD1DULL) >> 33) % 2000001 - 1000000;
			*p++ = i ? ',' : '[';
			if (x < 0) {
				*p++ = '-';
				x = -x;
			}
			p += sprintf(p, "%ld.%06ld", x / 1000000, x % 1000000);
		}
		*p++ = ']';
		*p = '\0';
		printf("%ld\t%s\n", r, buf);
	}
	free(buf);
	return 0;
}
