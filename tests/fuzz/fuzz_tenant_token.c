/*
 * fuzz_tenant_token.c: libFuzzer harness for the tenant-token verifier (schemaops/tenant_token.h).
 *
 * Every input is verified as a token (must return a result without crashing; a refusal must leave no
 * tenant). Properties that trap when broken:
 *   - a token that verifies is canonical: signing its tenant and expiry again gives the same bytes;
 *   - the input's bytes used as a tenant sign into a token that verifies back to the same tenant and expiry;
 *   - flipping any byte of that token makes verification fail.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "schemaops/tenant_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char SECRET[] = "fuzz-secret-0123456789abcdef0123456789";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char tenant[SO_TENANT_MAX_BYTES];
	char tok[SO_TENANT_TOKEN_BUFSIZE], again[SO_TENANT_TOKEN_BUFSIZE];
	size_t tlen = 1, len = 0, len2 = 0;
	int64_t exp = 0, now = 1000;
	so_error err;
	so_tenant_token_result r;

	r = so_tenant_token_verify(SECRET, sizeof SECRET - 1, (const char *)data, size, now, tenant, sizeof tenant,
	                           &tlen, &exp, &err);
	if (r != SO_TOKEN_OK) {
		if (tlen != 0 || err.message[0] == '\0') {
			fprintf(stderr, "refusal left a tenant or no message\n");
			__builtin_trap();
		}
	} else {
		if (so_tenant_token_sign(SECRET, sizeof SECRET - 1, tenant, tlen, exp, tok, sizeof tok, &len, &err) !=
		        SO_TOKEN_OK ||
		    len != size || memcmp(tok, data, size) != 0) {
			fprintf(stderr, "verified token is not canonical\n");
			__builtin_trap();
		}
	}

	/* the input as a tenant */
	if (size >= 1 && size <= SO_TENANT_MAX_BYTES) {
		int64_t expiry = 1 + (int64_t)(data[0] % 7) * 1000;
		r = so_tenant_token_sign(SECRET, sizeof SECRET - 1, data, size, expiry, tok, sizeof tok, &len, &err);
		if (r != SO_TOKEN_OK) {
			fprintf(stderr, "sign failed: %s\n", err.message);
			__builtin_trap();
		}
		r = so_tenant_token_verify(SECRET, sizeof SECRET - 1, tok, len, expiry - 1, tenant, sizeof tenant,
		                           &tlen, &exp, &err);
		if (r != SO_TOKEN_OK || tlen != size || memcmp(tenant, data, size) != 0 || exp != expiry) {
			fprintf(stderr, "round trip failed: %s\n", err.message);
			__builtin_trap();
		}
		memcpy(again, tok, len + 1);
		again[data[size - 1] % len] ^= (char)(1 + data[0] % 127);
		r = so_tenant_token_verify(SECRET, sizeof SECRET - 1, again, len, 0, tenant, sizeof tenant, &len2, &exp,
		                           &err);
		if (r == SO_TOKEN_OK) {
			fprintf(stderr, "a flipped byte still verifies: %s\n", again);
			__builtin_trap();
		}
	}
	return 0;
}
