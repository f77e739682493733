/*
 * schemaops/tenant_token.h: signed tenant tokens for the hardened RLS mode (docs/rls.md, "Tenant tokens").
 *
 * A tenant token lets an application prove which tenant a session serves without the session being able to
 * pick the tenant itself: the token is signed with a secret only the server knows (PostgreSQL: the
 * superuser-only GUC schemaops.tenant_secret; MariaDB: a read-only global plugin variable), so SQL that the
 * application runs (or an attacker injects) cannot forge one for another tenant.
 *
 * Format, version 1 (ASCII, no spaces):
 *
 *     v1.<tenant-hex>.<expiry>.<mac-hex>
 *
 *   tenant-hex  the tenant identifier (1..SO_TENANT_MAX_BYTES arbitrary bytes), lower-case hex, two digits
 *               per byte
 *   expiry      unix time in seconds (UTC) after which the token is refused: decimal, 1..18 digits, no sign,
 *               no leading zero
 *   mac-hex     HMAC-SHA256 (RFC 2104, FIPS 180-4; computed by OpenSSL) keyed with the secret over the
 *               ASCII bytes "v1.<tenant-hex>.<expiry>", lower-case hex, 64 digits
 *
 * Every field has exactly one spelling, so a token is canonical: sign(verify(t)) == t. The signature is
 * compared in constant time (CRYPTO_memcmp). Verification checks, in this order: secret present and long
 * enough, length bound, syntax, signature present, signature, expiry (so an expired token with a bad signature
 * is reported as a bad signature, and nothing is said about the content of a token whose signature is wrong).
 *
 * No state, no allocation, thread safe.
 */
#ifndef SCHEMAOPS_TENANT_TOKEN_H
#define SCHEMAOPS_TENANT_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "schemaops/error.h"

/* Longest tenant identifier, in bytes (before hex encoding). */
#define SO_TENANT_MAX_BYTES 256
/* Shortest secret accepted, in bytes: the HMAC-SHA256 output size (RFC 2104 section 3: L bytes at least). */
#define SO_TENANT_SECRET_MIN_BYTES 32
/* Longest secret accepted, in bytes. */
#define SO_TENANT_SECRET_MAX_BYTES 4096
/* Largest expiry (18 decimal digits). */
#define SO_TENANT_EXPIRY_MAX INT64_C(999999999999999999)
/* Longest token: "v1." + hex tenant + "." + 18 digits + "." + 64 hex digits. */
#define SO_TENANT_TOKEN_MAX_LEN (3 + 2 * SO_TENANT_MAX_BYTES + 1 + 18 + 1 + 64)
/* Buffer size for so_tenant_token_sign's output (the token plus its NUL). */
#define SO_TENANT_TOKEN_BUFSIZE (SO_TENANT_TOKEN_MAX_LEN + 1)

/* Why a token was refused. Each value has a stable name (so_tenant_token_result_name). */
typedef enum so_tenant_token_result {
	SO_TOKEN_OK = 0,
	SO_TOKEN_NO_SECRET,     /* no secret configured (NULL or empty) */
	SO_TOKEN_WEAK_SECRET,   /* secret shorter than SO_TENANT_SECRET_MIN_BYTES or longer than _MAX_BYTES */
	SO_TOKEN_TOO_LONG,      /* token longer than SO_TENANT_TOKEN_MAX_LEN, or tenant over SO_TENANT_MAX_BYTES */
	SO_TOKEN_MALFORMED,     /* not "v1.<tenant-hex>.<expiry>.<mac-hex>" (wrong version, field, digit, case) */
	SO_TOKEN_UNSIGNED,      /* "v1.<tenant-hex>.<expiry>" with the signature field missing or empty */
	SO_TOKEN_BAD_SIGNATURE, /* well formed, but the HMAC does not match: tampered or signed with another secret */
	SO_TOKEN_EXPIRED,       /* valid signature, but now >= expiry */
	SO_TOKEN_BAD_ARGUMENT,  /* sign: empty tenant, expiry out of range, output buffer too small */
	SO_TOKEN_CRYPTO_FAILED  /* OpenSSL's HMAC returned an error (should not happen) */
} so_tenant_token_result;

/*
 * Signs a token for `tenant` (tenant_len bytes, 1..SO_TENANT_MAX_BYTES, any bytes) valid until `expiry`
 * (unix seconds, 1..SO_TENANT_EXPIRY_MAX), keyed with `secret` (secret_len bytes).
 * Writes the NUL-terminated token to out (out_size >= SO_TENANT_TOKEN_BUFSIZE is always enough) and its
 * length to *out_len (may be NULL).
 * Returns SO_TOKEN_OK, SO_TOKEN_NO_SECRET, SO_TOKEN_WEAK_SECRET, SO_TOKEN_TOO_LONG (tenant),
 * SO_TOKEN_BAD_ARGUMENT or SO_TOKEN_CRYPTO_FAILED; err (may be NULL) gets a message and an so_status
 * (SO_ERR_ARGUMENT, SO_ERR_LIMIT or SO_ERR_INTERNAL).
 */
so_tenant_token_result so_tenant_token_sign(const void *secret, size_t secret_len, const void *tenant,
                                            size_t tenant_len, int64_t expiry, char *out, size_t out_size,
                                            size_t *out_len, so_error *err);

/*
 * Verifies `token` (token_len bytes, need not be NUL-terminated) against `secret` at time `now` (unix
 * seconds). On SO_TOKEN_OK the tenant's bytes are written to tenant_out (tenant_size >= SO_TENANT_MAX_BYTES is
 * always enough; not NUL-terminated), their count to *tenant_len, the expiry to *expiry (may be NULL).
 * On any other result nothing is written to tenant_out, *tenant_len is 0 and err (may be NULL) gets a
 * message (never containing the secret or the expected signature) and an so_status: SO_ERR_ARGUMENT
 * (no/weak secret), SO_ERR_LIMIT (too long), SO_ERR_SYNTAX (malformed, unsigned), SO_ERR_INVALID (bad
 * signature, expired), SO_ERR_INTERNAL (crypto failure).
 */
so_tenant_token_result so_tenant_token_verify(const void *secret, size_t secret_len, const char *token,
                                              size_t token_len, int64_t now, unsigned char *tenant_out,
                                              size_t tenant_size, size_t *tenant_len, int64_t *expiry, so_error *err);

/* A stable lower-case name for a result, e.g. "bad signature" (for messages and tests). */
const char *so_tenant_token_result_name(so_tenant_token_result r);

#endif
