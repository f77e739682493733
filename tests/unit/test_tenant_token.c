/*
 * test_tenant_token.c: so_tenant_token_sign / so_tenant_token_verify.
 * Known answers were computed independently (Python's hmac module and `openssl dgst -sha256 -hmac`).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "schemaops/error.h"
#include "schemaops/tenant_token.h"
#include "tap.h"

static const char SECRET[] = "0123456789abcdef0123456789abcdef"; /* 32 bytes */
#define SLEN (sizeof SECRET - 1)

static so_tenant_token_result verify(const char *secret, const char *token, int64_t now, char *tenant,
                                     size_t *tenant_len, so_error *err)
{
	unsigned char buf[SO_TENANT_MAX_BYTES];
	int64_t exp = -1;
	so_tenant_token_result r = so_tenant_token_verify(secret, secret ? strlen(secret) : 0, token, strlen(token),
	                                                  now, buf, sizeof buf, tenant_len, &exp, err);
	if (tenant) {
		size_t n = r == SO_TOKEN_OK ? *tenant_len : 0;
		memcpy(tenant, buf, n);
		tenant[n] = '\0';
	}
	return r;
}

int main(void)
{
	char tok[SO_TENANT_TOKEN_BUFSIZE], bad[SO_TENANT_TOKEN_BUFSIZE + 64], tenant[SO_TENANT_MAX_BYTES + 1];
	unsigned char bin[SO_TENANT_MAX_BYTES + 1], back[SO_TENANT_MAX_BYTES];
	size_t len = 0, tlen = 0;
	int64_t exp = 0;
	so_error err;
	so_tenant_token_result r;
	int i;

	/* known answer: HMAC-SHA256(SECRET, "v1.61636d65.4102444800") */
	r = so_tenant_token_sign(SECRET, SLEN, "acme", 4, INT64_C(4102444800), tok, sizeof tok, &len, &err);
	is_int(r, SO_TOKEN_OK, "sign ok");
	is_str(tok, "v1.61636d65.4102444800.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
	       "known-answer token for tenant acme");
	is_int(len, strlen(tok), "out_len is the token length");

	/* a second known answer: binary tenant bytes, a 40-byte key, expiry 1 */
	{
		char key[41];
		memset(key, 'k', 40);
		key[40] = '\0';
		r = so_tenant_token_sign(key, 40, "\x00\xff.", 3, 1, tok, sizeof tok, NULL, &err);
		is_str(tok, "v1.00ff2e.1.7c67031ccab3e18c34625b263c5d33858d5c453400c72d0bebb4bc73179887cf",
		       "known-answer token for binary tenant bytes");
	}

	/* round trip */
	r = so_tenant_token_sign(SECRET, SLEN, "acme", 4, 2000, tok, sizeof tok, &len, &err);
	r = verify(SECRET, tok, 1999, tenant, &tlen, &err);
	is_int(r, SO_TOKEN_OK, "verify ok one second before expiry");
	is_str(tenant, "acme", "tenant back");
	is_int(tlen, 4, "tenant length back");
	{
		unsigned char b2[8];
		r = so_tenant_token_verify(SECRET, SLEN, tok, len, 0, b2, sizeof b2, &tlen, &exp, &err);
		is_int(exp, 2000, "expiry back");
	}

	/* expiry */
	r = verify(SECRET, tok, 2000, tenant, &tlen, &err);
	is_int(r, SO_TOKEN_EXPIRED, "expired at the expiry second");
	is_int(err.code, SO_ERR_INVALID, "expired -> SO_ERR_INVALID");
	is_str(err.message, "the tenant token has expired", "expired message");
	is_int(tlen, 0, "no tenant when expired");
	is_str(tenant, "", "tenant buffer not reported when expired");
	is_str(so_tenant_token_result_name(r), "expired", "result name");

	/* tampering: every single-character change of a valid token is refused */
	{
		int refused = 0, total = 0;
		size_t k;
		so_tenant_token_sign(SECRET, SLEN, "acme", 4, 2000, tok, sizeof tok, &len, &err);
		for (k = 0; k < len; k++) {
			const char *alts = "0123456789abcdefv.AF";
			const char *a;
			for (a = alts; *a; a++) {
				if (*a == tok[k])
					continue;
				memcpy(bad, tok, len + 1);
				bad[k] = *a;
				total++;
				if (verify(SECRET, bad, 0, NULL, &tlen, &err) != SO_TOKEN_OK && tlen == 0)
					refused++;
			}
		}
		is_int(refused, total, "all %d single-character variants of a token are refused", total);
	}
	/* another tenant's token with the signature of ours */
	so_tenant_token_sign(SECRET, SLEN, "acme", 4, 2000, tok, sizeof tok, &len, &err);
	snprintf(bad, sizeof bad, "v1.%s.2000.%s", "65766c", tok + strlen("v1.61636d65.2000."));
	r = verify(SECRET, bad, 0, tenant, &tlen, &err);
	is_int(r, SO_TOKEN_BAD_SIGNATURE, "tenant swapped -> bad signature");
	is_int(err.code, SO_ERR_INVALID, "bad signature -> SO_ERR_INVALID");
	/* a later expiry with the old signature */
	snprintf(bad, sizeof bad, "v1.61636d65.9000.%s", tok + strlen("v1.61636d65.2000."));
	is_int(verify(SECRET, bad, 0, NULL, &tlen, &err), SO_TOKEN_BAD_SIGNATURE, "expiry extended -> bad signature");
	/* expired and tampered: the signature is checked first */
	is_int(verify(SECRET, bad, 99999, NULL, &tlen, &err), SO_TOKEN_BAD_SIGNATURE,
	       "expired and tampered -> bad signature (signature first)");
	/* another secret */
	is_int(verify("ffffffffffffffffffffffffffffffff", tok, 0, NULL, &tlen, &err), SO_TOKEN_BAD_SIGNATURE,
	       "other secret -> bad signature");
	/* upper-case signature: one spelling only */
	memcpy(bad, tok, len + 1);
	for (i = (int)len - 64; i < (int)len; i++)
		if (bad[i] >= 'a' && bad[i] <= 'f')
			bad[i] = (char)(bad[i] - 'a' + 'A');
	is_int(verify(SECRET, bad, 0, NULL, &tlen, &err), SO_TOKEN_MALFORMED, "upper-case hex refused");

	/* unsigned */
	is_int(verify(SECRET, "v1.61636d65.2000", 0, NULL, &tlen, &err), SO_TOKEN_UNSIGNED, "no signature field");
	is_int(err.code, SO_ERR_SYNTAX, "unsigned -> SO_ERR_SYNTAX");
	is_str(err.message, "the tenant token is not signed", "unsigned message");
	is_int(verify(SECRET, "v1.61636d65.2000.", 0, NULL, &tlen, &err), SO_TOKEN_UNSIGNED, "empty signature field");

	/* malformed */
	{
		static const char *const cases[] = {
		    "acme",
		    "",
		    "v1",
		    "v1.",
		    "v2.61636d65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1..2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.6163.6d65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.616.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636D65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636d65..76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636d65.02000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636d65.-2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636d65.+2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636d65.1234567890123456789.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "v1.61636d65.99999999999999999999999.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c4821",
		    "v1.61636d65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d9",
		    "v1.61636d65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d911",
		    "v1.61636d65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d9g",
		    "v1.61636d65.2000.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91.",
		    "v1.61636d65.2000 .76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91",
		    "' OR 1=1 --",
		};
		size_t k;
		int all = 1;
		for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
			r = verify(SECRET, cases[k], 0, NULL, &tlen, &err);
			if (r != SO_TOKEN_MALFORMED || err.code != SO_ERR_SYNTAX || tlen != 0) {
				all = 0;
				diag("case %zu (%s): %s", k, cases[k], so_tenant_token_result_name(r));
			}
		}
		ok(all, "%zu malformed tokens refused as malformed", sizeof cases / sizeof cases[0]);
	}
	/* a NUL inside the token */
	{
		static const char nul[] =
		    "v1.61636d65.2000\0.76c11783767cdc6b38bd66e00fc494ef911a81cabf29bbc74f4d6b0c48212d91";
		r = so_tenant_token_verify(SECRET, SLEN, nul, sizeof nul - 1, 0, back, sizeof back, &tlen, NULL, &err);
		is_int(r, SO_TOKEN_MALFORMED, "NUL byte inside the token -> malformed");
	}

	/* secrets */
	is_int(verify(NULL, tok, 0, NULL, &tlen, &err), SO_TOKEN_NO_SECRET, "NULL secret -> no secret");
	is_int(err.code, SO_ERR_ARGUMENT, "no secret -> SO_ERR_ARGUMENT");
	is_int(verify("", tok, 0, NULL, &tlen, &err), SO_TOKEN_NO_SECRET, "empty secret -> no secret");
	is_int(verify("short", tok, 0, NULL, &tlen, &err), SO_TOKEN_WEAK_SECRET, "short secret -> weak secret");
	is_int(so_tenant_token_sign("", 0, "acme", 4, 2000, tok, sizeof tok, &len, &err), SO_TOKEN_NO_SECRET,
	       "sign without a secret");
	is_str(tok, "", "no token written without a secret");
	is_int(
	    so_tenant_token_sign("0123456789abcdef0123456789abcde", 31, "acme", 4, 2000, tok, sizeof tok, &len, &err),
	    SO_TOKEN_WEAK_SECRET, "sign with a 31-byte secret refused");

	/* sign arguments and bounds */
	is_int(so_tenant_token_sign(SECRET, SLEN, "", 0, 2000, tok, sizeof tok, &len, &err), SO_TOKEN_BAD_ARGUMENT,
	       "empty tenant refused");
	is_int(so_tenant_token_sign(SECRET, SLEN, "a", 1, 0, tok, sizeof tok, &len, &err), SO_TOKEN_BAD_ARGUMENT,
	       "expiry 0 refused");
	is_int(so_tenant_token_sign(SECRET, SLEN, "a", 1, -5, tok, sizeof tok, &len, &err), SO_TOKEN_BAD_ARGUMENT,
	       "negative expiry refused");
	is_int(so_tenant_token_sign(SECRET, SLEN, "a", 1, SO_TENANT_EXPIRY_MAX + 1, tok, sizeof tok, &len, &err),
	       SO_TOKEN_BAD_ARGUMENT, "expiry over 18 digits refused");
	is_int(so_tenant_token_sign(SECRET, SLEN, "a", 1, 2000, tok, 20, &len, &err), SO_TOKEN_BAD_ARGUMENT,
	       "small buffer refused");
	memset(bin, 0xab, sizeof bin);
	is_int(so_tenant_token_sign(SECRET, SLEN, bin, SO_TENANT_MAX_BYTES + 1, 2000, tok, sizeof tok, &len, &err),
	       SO_TOKEN_TOO_LONG, "tenant over the limit refused");
	is_int(err.code, SO_ERR_LIMIT, "too long -> SO_ERR_LIMIT");
	for (i = 0; i < SO_TENANT_MAX_BYTES; i++)
		bin[i] = (unsigned char)i;
	r = so_tenant_token_sign(SECRET, SLEN, bin, SO_TENANT_MAX_BYTES, SO_TENANT_EXPIRY_MAX, tok, sizeof tok, &len,
	                         &err);
	is_int(r, SO_TOKEN_OK, "largest tenant and expiry sign");
	is_int(len, SO_TENANT_TOKEN_MAX_LEN, "largest token is SO_TENANT_TOKEN_MAX_LEN long");
	r = so_tenant_token_verify(SECRET, SLEN, tok, len, 0, back, sizeof back, &tlen, &exp, &err);
	ok(r == SO_TOKEN_OK && tlen == SO_TENANT_MAX_BYTES && memcmp(back, bin, tlen) == 0 &&
	       exp == SO_TENANT_EXPIRY_MAX,
	   "largest token verifies, all 256 byte values come back");
	r = so_tenant_token_verify(SECRET, SLEN, tok, len, 0, back, 10, &tlen, &exp, &err);
	is_int(r, SO_TOKEN_BAD_ARGUMENT, "small tenant buffer refused on verify");
	memset(bad, 'a', sizeof bad);
	bad[sizeof bad - 1] = '\0';
	memcpy(bad, "v1.", 3);
	is_int(verify(SECRET, bad, 0, NULL, &tlen, &err), SO_TOKEN_TOO_LONG, "token over the length limit");
	/* a tenant field of 264 bytes inside the length limit */
	memset(bad, 'a', sizeof bad);
	memcpy(bad, "v1.", 3);
	snprintf(bad + 3 + 528, sizeof bad - 3 - 528, ".1.%064d", 0);
	is_int(verify(SECRET, bad, 0, NULL, &tlen, &err), SO_TOKEN_TOO_LONG, "tenant field over 256 bytes");

	return done_testing();
}
