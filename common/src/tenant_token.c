/*
 * tenant_token.c: HMAC-SHA256 signed tenant tokens (schemaops/tenant_token.h; format in docs/rls.md).
 * The MAC is OpenSSL's HMAC() with EVP_sha256(); the comparison is CRYPTO_memcmp. Nothing here allocates.
 */
#include "schemaops/tenant_token.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define MAC_BYTES 32 /* SHA-256 output */
#define MAC_HEX (2 * MAC_BYTES)
#define EXPIRY_MAX_DIGITS 18

static const char hexdigits[] = "0123456789abcdef";

static so_tenant_token_result fail(so_error *err, so_tenant_token_result r, so_status code, const char *msg)
{
	so_error_set(err, code, 0, 0, "%s", msg);
	return r;
}

/* Lower-case hex digit value, or -1 (upper case is refused: one spelling per token). */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static so_tenant_token_result check_secret(const void *secret, size_t secret_len, so_error *err)
{
	if (secret == NULL || secret_len == 0)
		return fail(err, SO_TOKEN_NO_SECRET, SO_ERR_ARGUMENT, "no tenant secret is configured");
	if (secret_len < SO_TENANT_SECRET_MIN_BYTES || secret_len > SO_TENANT_SECRET_MAX_BYTES) {
		so_error_set(err, SO_ERR_ARGUMENT, 0, 0, "the tenant secret must be %d to %d bytes long, it has %zu",
		             SO_TENANT_SECRET_MIN_BYTES, SO_TENANT_SECRET_MAX_BYTES, secret_len);
		return SO_TOKEN_WEAK_SECRET;
	}
	return SO_TOKEN_OK;
}

/* HMAC-SHA256(secret, msg) into mac[MAC_BYTES]. */
static int compute_mac(const void *secret, size_t secret_len, const char *msg, size_t msg_len,
                       unsigned char mac[MAC_BYTES])
{
	unsigned int mac_len = 0;
	if (HMAC(EVP_sha256(), secret, (int)secret_len, (const unsigned char *)msg, msg_len, mac, &mac_len) == NULL)
		return 0;
	return mac_len == MAC_BYTES;
}

so_tenant_token_result so_tenant_token_sign(const void *secret, size_t secret_len, const void *tenant,
                                            size_t tenant_len, int64_t expiry, char *out, size_t out_size,
                                            size_t *out_len, so_error *err)
{
	const unsigned char *t = tenant;
	unsigned char mac[MAC_BYTES];
	char digits[EXPIRY_MAX_DIGITS];
	size_t n = 0, nd = 0, i, need;
	int64_t e;
	so_tenant_token_result r;

	so_error_clear(err);
	if (out_len)
		*out_len = 0;
	if (out && out_size > 0)
		out[0] = '\0';
	r = check_secret(secret, secret_len, err);
	if (r != SO_TOKEN_OK)
		return r;
	if (tenant == NULL || tenant_len == 0)
		return fail(err, SO_TOKEN_BAD_ARGUMENT, SO_ERR_ARGUMENT, "the tenant must not be empty");
	if (tenant_len > SO_TENANT_MAX_BYTES) {
		so_error_set(err, SO_ERR_LIMIT, 0, 0, "the tenant is %zu bytes long, the limit is %d", tenant_len,
		             SO_TENANT_MAX_BYTES);
		return SO_TOKEN_TOO_LONG;
	}
	if (expiry < 1 || expiry > SO_TENANT_EXPIRY_MAX)
		return fail(err, SO_TOKEN_BAD_ARGUMENT, SO_ERR_ARGUMENT,
		            "the expiry must be a unix time between 1 and 999999999999999999");
	for (e = expiry; e > 0; e /= 10)
		digits[nd++] = (char)('0' + (int)(e % 10));
	need = 3 + 2 * tenant_len + 1 + nd + 1 + MAC_HEX + 1;
	if (out == NULL || out_size < need)
		return fail(err, SO_TOKEN_BAD_ARGUMENT, SO_ERR_ARGUMENT, "the token buffer is too small");

	memcpy(out, "v1.", 3);
	n = 3;
	for (i = 0; i < tenant_len; i++) {
		out[n++] = hexdigits[t[i] >> 4];
		out[n++] = hexdigits[t[i] & 15];
	}
	out[n++] = '.';
	while (nd > 0)
		out[n++] = digits[--nd];
	if (!compute_mac(secret, secret_len, out, n, mac)) {
		out[0] = '\0';
		return fail(err, SO_TOKEN_CRYPTO_FAILED, SO_ERR_INTERNAL, "HMAC-SHA256 failed");
	}
	out[n++] = '.';
	for (i = 0; i < MAC_BYTES; i++) {
		out[n++] = hexdigits[mac[i] >> 4];
		out[n++] = hexdigits[mac[i] & 15];
	}
	out[n] = '\0';
	OPENSSL_cleanse(mac, sizeof mac);
	if (out_len)
		*out_len = n;
	return SO_TOKEN_OK;
}

so_tenant_token_result so_tenant_token_verify(const void *secret, size_t secret_len, const char *token,
                                              size_t token_len, int64_t now, unsigned char *tenant_out,
                                              size_t tenant_size, size_t *tenant_len, int64_t *expiry, so_error *err)
{
	unsigned char want[MAC_BYTES], got[MAC_BYTES];
	size_t p, tenant_start, tenant_hex, expiry_start, signed_len, i;
	int64_t e = 0;
	so_tenant_token_result r;
	int diff;

	so_error_clear(err);
	if (tenant_len)
		*tenant_len = 0;
	if (expiry)
		*expiry = 0;
	r = check_secret(secret, secret_len, err);
	if (r != SO_TOKEN_OK)
		return r;
	if (token == NULL || token_len == 0)
		return fail(err, SO_TOKEN_MALFORMED, SO_ERR_SYNTAX, "the tenant token is empty");
	if (token_len > SO_TENANT_TOKEN_MAX_LEN) {
		so_error_set(err, SO_ERR_LIMIT, 0, 0, "the tenant token is %zu bytes long, the limit is %d", token_len,
		             SO_TENANT_TOKEN_MAX_LEN);
		return SO_TOKEN_TOO_LONG;
	}
	if (token_len < 3 || memcmp(token, "v1.", 3) != 0)
		return fail(err, SO_TOKEN_MALFORMED, SO_ERR_SYNTAX,
		            "the tenant token is not a schemaops v1 token (v1.<tenant-hex>.<expiry>.<signature>)");

	/* tenant: pairs of lower-case hex digits up to the next dot */
	tenant_start = p = 3;
	while (p < token_len && hexval(token[p]) >= 0)
		p++;
	tenant_hex = p - tenant_start;
	if (tenant_hex == 0 || tenant_hex % 2 != 0 || p >= token_len || token[p] != '.')
		return fail(err, SO_TOKEN_MALFORMED, SO_ERR_SYNTAX,
		            "the tenant field of the token is not an even number of lower-case hex digits");
	if (tenant_hex / 2 > SO_TENANT_MAX_BYTES)
		return fail(err, SO_TOKEN_TOO_LONG, SO_ERR_LIMIT, "the tenant in the token is too long");
	p++;

	/* expiry: 1..18 decimal digits, no leading zero */
	expiry_start = p;
	while (p < token_len && token[p] >= '0' && token[p] <= '9' && p - expiry_start < EXPIRY_MAX_DIGITS) {
		e = e * 10 + (token[p] - '0');
		p++;
	}
	/* a 19th digit stops the loop and fails the "." test below (no overflow: at most 18 digits are read) */
	if (p == expiry_start || token[expiry_start] == '0' || (p < token_len && token[p] != '.'))
		return fail(err, SO_TOKEN_MALFORMED, SO_ERR_SYNTAX,
		            "the expiry field of the token is not a unix time (1 to 18 digits, no leading zero)");
	signed_len = p;

	/* signature */
	if (p == token_len || p + 1 == token_len)
		return fail(err, SO_TOKEN_UNSIGNED, SO_ERR_SYNTAX, "the tenant token is not signed");
	p++;
	if (token_len - p != MAC_HEX)
		return fail(err, SO_TOKEN_MALFORMED, SO_ERR_SYNTAX,
		            "the signature field of the token is not 64 lower-case hex digits");
	for (i = 0; i < MAC_BYTES; i++) {
		int hi = hexval(token[p + 2 * i]), lo = hexval(token[p + 2 * i + 1]);
		if (hi < 0 || lo < 0)
			return fail(err, SO_TOKEN_MALFORMED, SO_ERR_SYNTAX,
			            "the signature field of the token is not 64 lower-case hex digits");
		got[i] = (unsigned char)(hi << 4 | lo);
	}

	if (!compute_mac(secret, secret_len, token, signed_len, want))
		return fail(err, SO_TOKEN_CRYPTO_FAILED, SO_ERR_INTERNAL, "HMAC-SHA256 failed");
	diff = CRYPTO_memcmp(want, got, MAC_BYTES);
	OPENSSL_cleanse(want, sizeof want);
	if (diff != 0)
		return fail(err, SO_TOKEN_BAD_SIGNATURE, SO_ERR_INVALID,
		            "the tenant token's signature does not match (tampered, or signed with another secret)");
	if (now >= e)
		return fail(err, SO_TOKEN_EXPIRED, SO_ERR_INVALID, "the tenant token has expired");

	if (tenant_out == NULL || tenant_size < tenant_hex / 2)
		return fail(err, SO_TOKEN_BAD_ARGUMENT, SO_ERR_ARGUMENT, "the tenant buffer is too small");
	for (i = 0; i < tenant_hex / 2; i++)
		tenant_out[i] =
		    (unsigned char)(hexval(token[tenant_start + 2 * i]) << 4 | hexval(token[tenant_start + 2 * i + 1]));
	if (tenant_len)
		*tenant_len = tenant_hex / 2;
	if (expiry)
		*expiry = e;
	return SO_TOKEN_OK;
}

const char *so_tenant_token_result_name(so_tenant_token_result r)
{
	switch (r) {
	case SO_TOKEN_OK:
		return "ok";
	case SO_TOKEN_NO_SECRET:
		return "no secret";
	case SO_TOKEN_WEAK_SECRET:
		return "weak secret";
	case SO_TOKEN_TOO_LONG:
		return "too long";
	case SO_TOKEN_MALFORMED:
		return "malformed";
	case SO_TOKEN_UNSIGNED:
		return "unsigned";
	case SO_TOKEN_BAD_SIGNATURE:
		return "bad signature";
	case SO_TOKEN_EXPIRED:
		return "expired";
	case SO_TOKEN_BAD_ARGUMENT:
		return "bad argument";
	case SO_TOKEN_CRYPTO_FAILED:
		return "crypto failed";
	}
	return "unknown";
}
