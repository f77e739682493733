/*
 * error.c: filling so_error records (see schemaops/error.h).
 */
#include "schemaops/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void so_error_clear(so_error *err)
{
	if (!err)
		return;
	err->code = SO_OK;
	err->message[0] = '\0';
	err->detail[0] = '\0';
	err->line = 0;
	err->column = 0;
}

so_status so_error_set(so_error *err, so_status code, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	err->detail[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	} else {
		snprintf(err->message, sizeof err->message, "%s", so_status_name(code));
	}
	return code;
}

void so_error_detail(so_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err || !fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
}

const char *so_status_name(so_status code)
{
	switch (code) {
	case SO_OK:
		return "ok";
	case SO_ERR_NOMEM:
		return "out of memory";
	case SO_ERR_LIMIT:
		return "limit exceeded";
	case SO_ERR_SYNTAX:
		return "syntax error";
	case SO_ERR_INVALID:
		return "invalid document";
	case SO_ERR_VERSION:
		return "unsupported format version";
	case SO_ERR_ARGUMENT:
		return "invalid argument";
	case SO_ERR_INCOMPATIBLE:
		return "incompatible inputs";
	case SO_ERR_INTERNAL:
		return "internal error";
	}
	return "unknown error";
}
