/*
 * rls.c: the hardened tenant context of the RLS functions (docs/rls.md, "PostgreSQL: hardened mode").
 *
 * schemaops.tenant_secret (PGC_SUSET, GUC_SUPERUSER_ONLY, GUC_NO_SHOW_ALL) holds the HMAC secret; only a
 * superuser (or postgresql.conf) sets it, and only superusers and members of pg_read_all_settings can read it.
 * rls_set_tenant_token(token) verifies a signed token with the core (common/src/tenant_token.c) and keeps the
 * tenant in this backend's memory, where no SQL can write it; rls_tenant() returns it for the policies.
 *
 * The context is tied to a nonce kept in schemaops.tenant_context (PGC_SUSET, not settable by ordinary roles):
 * rls_tenant() returns the tenant only while that setting still holds the nonce of the last successful
 * rls_set_tenant_token(). So the tenant disappears with the setting: RESET ALL and DISCARD ALL (what
 * connection poolers run between clients), ROLLBACK of the transaction that set it, ROLLBACK TO a savepoint
 * taken before it. Every failure is fail-closed: no tenant.
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "port.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "schemaops/tenant_token.h"

#include "so_pg.h"

PG_FUNCTION_INFO_V1(so_pg_rls_set_tenant_token);
PG_FUNCTION_INFO_V1(so_pg_rls_tenant);
PG_FUNCTION_INFO_V1(so_pg_rls_clear_tenant);
PG_FUNCTION_INFO_V1(so_pg_rls_tenant_token);

#define CONTEXT_GUC "schemaops.tenant_context"
#define NONCE_BYTES 16

/* GUC storage (owned by guc.c) */
static char *so_tenant_secret = NULL;
static char *so_tenant_context_guc = NULL;

/* The tenant context: TopMemoryContext copies, or NULL. */
static char *so_tenant = NULL;
static char so_tenant_nonce[2 * NONCE_BYTES + 1];
static int64 so_tenant_expiry = 0; /* unix seconds */

void so_pg_rls_init(void)
{
	DefineCustomStringVariable(
	    "schemaops.tenant_secret",
	    "Secret (32 to 4096 bytes) that signs tenant tokens for schemaops' hardened RLS mode.",
	    "Set it in postgresql.conf or with ALTER SYSTEM; only superusers can set or read it.", &so_tenant_secret,
	    "", PGC_SUSET, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
	DefineCustomStringVariable(CONTEXT_GUC, "Internal: nonce of the tenant context set by rls_set_tenant_token().",
	                           NULL, &so_tenant_context_guc, "", PGC_SUSET,
	                           GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE | GUC_DISALLOW_IN_FILE, NULL, NULL, NULL);
}

static void clear_context(void)
{
	if (so_tenant) {
		pfree(so_tenant);
		so_tenant = NULL;
	}
	so_tenant_nonce[0] = '\0';
	so_tenant_expiry = 0;
}

static int64 unix_now(void)
{
	/* the statement's start: one value for a whole statement, as a STABLE function must return */
	return (int64)timestamptz_to_time_t(GetCurrentStatementStartTimestamp());
}

static int token_sqlstate(so_tenant_token_result r)
{
	switch (r) {
	case SO_TOKEN_NO_SECRET:
	case SO_TOKEN_WEAK_SECRET:
		return ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE;
	case SO_TOKEN_BAD_SIGNATURE:
	case SO_TOKEN_EXPIRED:
		return ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION;
	case SO_TOKEN_TOO_LONG:
	case SO_TOKEN_MALFORMED:
	case SO_TOKEN_UNSIGNED:
	case SO_TOKEN_BAD_ARGUMENT:
		return ERRCODE_INVALID_PARAMETER_VALUE;
	case SO_TOKEN_OK:
	case SO_TOKEN_CRYPTO_FAILED:
	default:
		return ERRCODE_INTERNAL_ERROR;
	}
}

static const char *secret_hint(so_tenant_token_result r)
{
	if (r == SO_TOKEN_NO_SECRET || r == SO_TOKEN_WEAK_SECRET)
		return "A superuser sets schemaops.tenant_secret (postgresql.conf or ALTER SYSTEM, e.g. the output of "
		       "openssl rand -hex 32); load schemaops with session_preload_libraries so it is defined in every "
		       "session.";
	return NULL;
}

/*
 * schemaops.rls_set_tenant_token(token text) -> text
 * Verifies the token (docs/rls.md, "Tenant tokens") against schemaops.tenant_secret and makes its tenant the
 * session's tenant context; returns the tenant. The previous context is cleared first, so after any error
 * there is no tenant. Errors: 55000 no/weak secret; 22023 NULL, malformed, unsigned or over-long token;
 * 28000 bad signature, expired; 22021 tenant bytes that are not valid text in the database encoding.
 */
Datum so_pg_rls_set_tenant_token(PG_FUNCTION_ARGS)
{
	unsigned char tenant[SO_TENANT_MAX_BYTES + 1];
	unsigned char nonce[NONCE_BYTES];
	char nonce_hex[2 * NONCE_BYTES + 1];
	size_t tenant_len = 0;
	int64_t expiry = 0;
	const char *secret = so_tenant_secret ? so_tenant_secret : "";
	text *token;
	so_error err;
	so_tenant_token_result r;
	int i;

	clear_context();
	if (PG_ARGISNULL(0))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("tenant token must not be NULL")));
	token = PG_GETARG_TEXT_PP(0);
	r = so_tenant_token_verify(secret, strlen(secret), VARDATA_ANY(token), VARSIZE_ANY_EXHDR(token), unix_now(),
	                           tenant, SO_TENANT_MAX_BYTES, &tenant_len, &expiry, &err);
	if (r != SO_TOKEN_OK) {
		const char *hint = secret_hint(r);
		ereport(ERROR, (errcode(token_sqlstate(r)), errmsg("tenant token refused: %s", err.message),
		                hint ? errhint("%s", hint) : 0));
	}
	if (memchr(tenant, '\0', tenant_len) != NULL || !pg_verifymbstr((const char *)tenant, (int)tenant_len, true))
		ereport(ERROR, (errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
		                errmsg("tenant token refused: the tenant is not valid text in the database encoding")));
	tenant[tenant_len] = '\0';

	if (!pg_strong_random(nonce, sizeof nonce))
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not generate a random nonce")));
	for (i = 0; i < NONCE_BYTES; i++)
		snprintf(nonce_hex + 2 * i, 3, "%02x", nonce[i]);
	/* PGC_SUSET context: this function may set it for any caller; SET by the caller is refused */
	(void)set_config_option(CONTEXT_GUC, nonce_hex, PGC_SUSET, PGC_S_SESSION, GUC_ACTION_SET, true, ERROR, false);

	so_tenant = MemoryContextStrdup(TopMemoryContext, (const char *)tenant);
	memcpy(so_tenant_nonce, nonce_hex, sizeof so_tenant_nonce);
	so_tenant_expiry = expiry;
	PG_RETURN_TEXT_P(cstring_to_text_with_len((const char *)tenant, (int)tenant_len));
}

/*
 * schemaops.rls_tenant() -> text: the tenant set by rls_set_tenant_token(), or NULL when there is none, the
 * token has expired since, or the context was reset (RESET ALL, DISCARD ALL, rollback). The generated
 * hardened policies call it once per query as an initplan: (SELECT schemaops.rls_tenant()::<type>).
 */
Datum so_pg_rls_tenant(PG_FUNCTION_ARGS)
{
	if (so_tenant == NULL || so_tenant_context_guc == NULL || so_tenant_nonce[0] == '\0' ||
	    strcmp(so_tenant_context_guc, so_tenant_nonce) != 0 || unix_now() >= so_tenant_expiry)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(so_tenant));
}

/* schemaops.rls_clear_tenant() -> void: forgets the tenant context. */
Datum so_pg_rls_clear_tenant(PG_FUNCTION_ARGS)
{
	clear_context();
	PG_RETURN_VOID();
}

/*
 * schemaops.rls_tenant_token(tenant text, expires_at timestamptz) -> text: a token signed with
 * schemaops.tenant_secret (for tests and for applications that sign in the database; EXECUTE is revoked from
 * PUBLIC). Errors: 55000 no/weak secret; 22023 empty or over-long (256 bytes) tenant, expiry before 1970.
 */
Datum so_pg_rls_tenant_token(PG_FUNCTION_ARGS)
{
	text *tenant = PG_GETARG_TEXT_PP(0);
	TimestampTz expires = PG_GETARG_TIMESTAMPTZ(1);
	const char *secret = so_tenant_secret ? so_tenant_secret : "";
	char out[SO_TENANT_TOKEN_BUFSIZE];
	size_t len = 0;
	so_error err;
	so_tenant_token_result r;

	if (TIMESTAMP_NOT_FINITE(expires))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("the expiry must be a finite time")));
	r = so_tenant_token_sign(secret, strlen(secret), VARDATA_ANY(tenant), VARSIZE_ANY_EXHDR(tenant),
	                         (int64_t)timestamptz_to_time_t(expires), out, sizeof out, &len, &err);
	if (r != SO_TOKEN_OK) {
		const char *hint = secret_hint(r);
		ereport(ERROR, (errcode(token_sqlstate(r)), errmsg("cannot sign a tenant token: %s", err.message),
		                hint ? errhint("%s", hint) : 0));
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int)len));
}
