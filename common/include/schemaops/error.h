/*
 * schemaops/error.h: status codes and the error record every fallible core function fills.
 *
 * The core never prints, aborts or longjmps: it returns an so_status and, on failure, fills an so_error
 * that the host glue turns into ereport() (PostgreSQL) or the UDF error path (MariaDB).
 */
#ifndef SCHEMAOPS_ERROR_H
#define SCHEMAOPS_ERROR_H

#include <stddef.h>

typedef enum so_status {
	SO_OK = 0,
	SO_ERR_NOMEM,        /* the arena's allocator failed or the arena limit was reached */
	SO_ERR_LIMIT,        /* input over a documented bound (size, depth, node count) */
	SO_ERR_SYNTAX,       /* malformed YAML/JSON text */
	SO_ERR_INVALID,      /* well-formed text that breaks the document contract (docs/document-format.md) */
	SO_ERR_VERSION,      /* unknown "schemaops" format version */
	SO_ERR_ARGUMENT,     /* bad option or argument (e.g. unknown strategy) */
	SO_ERR_INCOMPATIBLE, /* valid inputs that cannot be combined (e.g. documents of two dialects) */
	SO_ERR_INTERNAL      /* a broken invariant inside the core: a bug */
} so_status;

#define SO_ERROR_MESSAGE_MAX 256
#define SO_ERROR_DETAIL_MAX 512

typedef struct so_error {
	so_status code;
	char message[SO_ERROR_MESSAGE_MAX]; /* one line, lower case, no trailing period */
	char detail[SO_ERROR_DETAIL_MAX];   /* optional, may be empty */
	int line;                           /* 1-based position in the document, 0 when not applicable */
	int column;
} so_error;

/* Clears *err to SO_OK with empty texts. err may be NULL. */
void so_error_clear(so_error *err);

/*
 * Sets err (if not NULL) and returns code, so callers can write `return so_error_set(err, ...)`.
 * The message is printf-formatted and truncated to fit.
 */
so_status so_error_set(so_error *err, so_status code, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Sets err->detail (printf-formatted, truncated). */
void so_error_detail(so_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A stable lower-case name for a status, e.g. "syntax error". */
const char *so_status_name(so_status code);

#endif
