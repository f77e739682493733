/*
 * mariadb_plugin/src/rls.c: the UDF rls_token_tenant, the verifier of hardened-mode tenant tokens
 * (docs/rls.md: "Tenant tokens" for the format, "MariaDB" for the design).
 *
 *   rls_token_tenant(token) -> the tenant (a string of 1..256 bytes, valid UTF-8)
 *
 * The key is the plugin option schemaops_tenant_secret (plugin.c): read only from the server's option file
 * or command line when the plugin is loaded, invisible to SQL. The token is checked by the core
 * (so_tenant_token_verify: HMAC-SHA256 by OpenSSL, constant-time comparison, expiry against the current time).
 *
 * Why no per-connection state: the generated views call this UDF (through schemaops.rls_verified_tenant())
 * with @@schemaops_tenant_token once per statement, so the tenant is re-derived from the signed token every
 * time instead of being remembered by the plugin. A UDF has no handle on its connection; state kept in the
 * plugin keyed by CONNECTION_ID() would need a lock, would outlive a COM_CHANGE_USER / COM_RESET_CONNECTION
 * of a pooled connection, and would be inherited by a later connection that reuses the id. The session
 * variable is reset by the server in all those cases, and any SQL may set it, but only to a token that was
 * signed with the key: SQL that the application runs (or an attacker injects) cannot name another tenant.
 *
 * NULL or empty token: NULL (no tenant, no rows). Any refused token, or no key configured: a real error
 * (ER_UNKNOWN_ERROR, SQLSTATE HY000) "rls_token_tenant: token refused: <reason>" and a NULL result, so the
 * statement that reads a tenant view fails instead of running without a tenant. Thread safe: no mutable
 * globals; the key is written only at plugin load.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include "schemaops/error.h"
#include "schemaops/tenant_token.h"

#include "glue.h"

#define SO_INIT_MSG_MAX 80

my_bool rls_token_tenant_init(UDF_INIT *initid, UDF_ARGS *args, char *message);
void rls_token_tenant_deinit(UDF_INIT *initid);
char *rls_token_tenant(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error);

/* True when s[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF) without
 * NUL or other C0 control characters. Tenants leave the UDF as utf8mb4 text: bytes that are not UTF-8 would be
 * converted to '?' and could then equal another tenant's name. */
static bool tenant_text_ok(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;
		size_t k;

		if (c < 0x20 || c == 0x7F)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1Fu;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0Fu;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07u;
		} else {
			return false;
		}
		if (len - i - 1 < n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3Fu);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

my_bool rls_token_tenant_init(UDF_INIT *initid, UDF_ARGS *args, char *message)
{
	if (args->arg_count != 1) {
		snprintf(message, SO_INIT_MSG_MAX, "rls_token_tenant(token) takes exactly 1 argument");
		return true;
	}
	if (args->arg_type[0] != STRING_RESULT) {
		snprintf(message, SO_INIT_MSG_MAX, "rls_token_tenant: the token must be a string");
		return true;
	}
	initid->ptr = malloc(SO_TENANT_MAX_BYTES);
	if (initid->ptr == NULL) {
		snprintf(message, SO_INIT_MSG_MAX, "rls_token_tenant: out of memory");
		return true;
	}
	initid->maybe_null = 1;
	initid->max_length = SO_TENANT_MAX_BYTES;
	/* a constant token (a session variable is one within a statement) may be evaluated once per statement */
	initid->const_item = 1;
	return false;
}

void rls_token_tenant_deinit(UDF_INIT *initid)
{
	free(initid->ptr);
	initid->ptr = NULL;
}

char *rls_token_tenant(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length, char *is_null,
                       char *error)
{
	const char *secret = so_my_tenant_secret();
	unsigned char *tenant = (unsigned char *)initid->ptr;
	size_t tenant_len = 0;
	so_tenant_token_result r;
	so_error err;

	(void)result;
	*length = 0;
	*is_null = 1;
	if (tenant == NULL) {
		*error = 1;
		return NULL;
	}
	if (args->args[0] == NULL || args->lengths[0] == 0)
		return NULL; /* no token: no tenant (fail-closed, as an unset @@schemaops_tenant) */

	so_error_clear(&err);
	r = so_tenant_token_verify(secret, secret != NULL ? strlen(secret) : 0, args->args[0], (size_t)args->lengths[0],
	                           (int64_t)time(NULL), tenant, SO_TENANT_MAX_BYTES, &tenant_len, NULL, &err);
	if (r == SO_TOKEN_NO_SECRET) {
		so_my_report_error("rls_token_tenant: token refused: no secret: start the server with "
		                   "schemaops_tenant_secret in its option file (INSTALL SONAME 'schemaops' reads it)");
		*error = 1;
		return NULL;
	}
	if (r != SO_TOKEN_OK) {
		so_my_report_error("rls_token_tenant: token refused: %s", so_tenant_token_result_name(r));
		*error = 1;
		return NULL;
	}
	if (!tenant_text_ok(tenant, tenant_len)) {
		so_my_report_error("rls_token_tenant: token refused: the tenant is not UTF-8 text without control "
		                   "characters");
		*error = 1;
		return NULL;
	}
	*is_null = 0;
	*length = (unsigned long)tenant_len;
	return (char *)tenant;
}
