/*
 * mariadb_plugin/src/glue.h: what the plugin declaration (plugin.c) shares with the UDFs (udf.c).
 * The only state shared between them is the read-only sysvar schemaops_max_document_size, written by the
 * server when the plugin is loaded and never afterwards, so UDF threads may read it without locking.
 */
#ifndef SCHEMAOPS_MARIADB_GLUE_H
#define SCHEMAOPS_MARIADB_GLUE_H

#include <stddef.h>

/* The largest document (in bytes) a UDF accepts: @@schemaops_max_document_size. */
size_t so_my_max_document_size(void);

/*
 * The tenant-token HMAC key (the option schemaops_tenant_secret), or NULL when it was not given or the plugin
 * is not installed. Written only at plugin load (read-only option), so UDF threads read it without locking.
 */
const char *so_my_tenant_secret(void);

/* Reports an error to the client through the server's my_print_error service, if the service is wired. */
void so_my_report_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
