/*
 * schemaops.c: the module's magic block and its version function.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "schemaops/document.h"

#ifndef SO_VERSION
#error "SO_VERSION must be defined by the build (pg_extension/Makefile reads schemaops.control)"
#endif

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(so_pg_version);

/* schemaops.version() -> text: "schemaops <extension version> (document format <n>)". */
Datum so_pg_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(
	    cstring_to_text(psprintf("schemaops %s (document format %d)", SO_VERSION, SO_DOCUMENT_FORMAT_VERSION)));
}
