/*
 * mariadb_plugin/src/plugin.c: the "schemaops" daemon plugin declaration.
 *
 * The plugin itself does no work: INSTALL SONAME 'schemaops' registers it so that the server wires the
 * plugin services (my_print_error, used by the UDFs to raise real errors), exposes the version as the
 * status variable Schemaops_version and the read-only sysvar schemaops_max_document_size. The UDFs in
 * the same library are registered separately with CREATE FUNCTION (sql/mariadb/schemaops.sql).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include <mysql_version.h>
#include <mysql/plugin.h>
#include <mysql/service_my_print_error.h>
#include <mysqld_error.h>

#include "schemaops/document.h"

#include "glue.h"

#ifndef SO_VERSION
#error "SO_VERSION must be defined by the Makefile (from pg_extension/schemaops.control)"
#endif
#ifndef SO_VERSION_HEX
#error "SO_VERSION_HEX must be defined by the Makefile"
#endif

#define SO_MIB ((unsigned long)1 << 20)

/*
 * Written by the server from the option/config file when the plugin is loaded (PLUGIN_VAR_READONLY: never
 * at run time). The initial value matters when the UDFs were created without INSTALL SONAME.
 */
static unsigned long max_document_size = (unsigned long)SO_DOCUMENT_MAX_BYTES;

static MYSQL_SYSVAR_ULONG(max_document_size, max_document_size, PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_READONLY,
                          "Largest schema document, in bytes, that the schemaops UDFs accept (the core's hard limit "
                          "is 64 MiB)",
                          NULL, NULL, (unsigned long)SO_DOCUMENT_MAX_BYTES, 1024UL,
                          (unsigned long)SO_DOCUMENT_MAX_BYTES, 1024UL);

/*
 * Row-level security emulation (docs/rls.md, MariaDB section). schemaops_tenant: the session's tenant, read by
 * the stored functions behind the generated tenant views (a view may not read a variable, a function it calls
 * may). schemaops_tenant_token: hardened mode's signed tenant token, verified by the UDF rls_token_tenant on
 * every statement. NOCMDOPT: no server-wide default tenant from the config (the generated functions also
 * refuse a non-empty global value). MEMALLOC: the server copies and frees the strings.
 */
static MYSQL_THDVAR_STR(tenant, PLUGIN_VAR_MEMALLOC | PLUGIN_VAR_NOCMDOPT,
                        "The session's tenant for the schemaops tenant views; unset or empty: no rows", NULL, NULL,
                        NULL);
static MYSQL_THDVAR_STR(tenant_token, PLUGIN_VAR_MEMALLOC | PLUGIN_VAR_NOCMDOPT,
                        "The session's signed tenant token for hardened schemaops tenant views", NULL, NULL, NULL);

/*
 * The HMAC key of hardened mode. Only from the server's option file or command line, when the plugin is
 * loaded (READONLY); NOSYSVAR keeps it out of SHOW VARIABLES, information_schema.*_VARIABLES and @@ syntax.
 */
static char *tenant_secret;
static MYSQL_SYSVAR_STR(tenant_secret, tenant_secret,
                        PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_READONLY | PLUGIN_VAR_NOSYSVAR | PLUGIN_VAR_MEMALLOC,
                        "HMAC-SHA256 key for schemaops tenant tokens (option file only; never shown)", NULL, NULL,
                        NULL);

static struct st_mysql_sys_var *so_sysvars[] = {MYSQL_SYSVAR(max_document_size), MYSQL_SYSVAR(tenant),
                                                MYSQL_SYSVAR(tenant_token), MYSQL_SYSVAR(tenant_secret), NULL};

const char *so_my_tenant_secret(void)
{
	return tenant_secret;
}

static struct st_mysql_show_var so_status_vars[] = {
    {"Schemaops_version", (char *)SO_VERSION, SHOW_CHAR},
    {NULL, NULL, SHOW_UNDEF},
};

static struct st_mysql_daemon so_daemon = {MYSQL_DAEMON_INTERFACE_VERSION};

size_t so_my_max_document_size(void)
{
	return (size_t)max_document_size;
}

/*
 * The server replaces the service pointer (which libmysqlservices.a initialises to the service's version
 * number, a small integer) with the real table when it loads the library as a plugin. UDFs may also run
 * from a library the server only dlopen()ed for CREATE FUNCTION (the plugin never installed): then the
 * pointer is still the version number and must not be followed.
 */
static int so_print_error_wired(void)
{
	return (uintptr_t)my_print_error_service > (uintptr_t)0xFFFFF;
}

void so_my_report_error(const char *fmt, ...)
{
	char msg[MYSQL_ERRMSG_SIZE];
	va_list ap;

	if (!so_print_error_wired())
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	my_printf_error(ER_UNKNOWN_ERROR, "%s", 0, msg);
}

maria_declare_plugin(schemaops){
    MYSQL_DAEMON_PLUGIN,
    &so_daemon,
    "schemaops",
    "schemaops project",
    "Schema diffs into safe migration scripts (UDFs schema_diff, schema_changes_json, schema_from_yaml)",
    PLUGIN_LICENSE_GPL,
    NULL,
    NULL,
    SO_VERSION_HEX,
    so_status_vars,
    so_sysvars,
    SO_VERSION,
    MariaDB_PLUGIN_MATURITY_GAMMA,
} maria_declare_plugin_end;
