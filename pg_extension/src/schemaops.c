/*
 * schemaops.c: the module's magic block and its version function.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "utils/guc.h"

#include "schemaops/document.h"

#include "so_pg.h"

#ifndef SO_VERSION
#error "SO_VERSION must be defined by the build (pg_extension/Makefile reads schemaops.control)"
#endif

PG_MODULE_MAGIC;

void _PG_init(void);

/*
 * Loads with the first call of any schemaops C function, or at session start with session_preload_libraries /
 * shared_preload_libraries = 'schemaops' (needed for GUCs that must exist before any call: docs/rls.md).
 * Each feature defines its GUCs in its own init function, called here; then the prefix is reserved.
 */
void _PG_init(void)
{
	so_pg_rls_init();
	MarkGUCPrefixReserved("schemaops");
}

PG_FUNCTION_INFO_V1(so_pg_version);

/* schemaops.version() -> text: "schemaops <extension version> (document format <n>)". */
Datum so_pg_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(
	    cstring_to_text(psprintf("schemaops %s (document format %d)", SO_VERSION, SO_DOCUMENT_FORMAT_VERSION)));
}
