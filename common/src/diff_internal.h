/*
 * diff_internal.h (internal to common/): what diff.c lends to the object-kind code in diff_objects.c.
 *
 * diff.c owns the change list, its phases and its sort; diff_objects.c adds the steps for the PostgreSQL
 * object kinds that the document carries as opaque lists (views, functions, types, domains, triggers,
 * policies, ...) through these calls. `struct dctx` and `struct chg` stay private to diff.c.
 */
#ifndef SCHEMAOPS_DIFF_INTERNAL_H
#define SCHEMAOPS_DIFF_INTERNAL_H

#include <stdbool.h>

#include "model.h"
#include "render.h"
#include "schemaops/diff.h"
#include "schemaops/strbuf.h"

struct dctx;
struct chg;

/* ---- provided by diff.c ---- */

/* A new step in `phase` (see the phase list at the top of diff.c), sorted inside the phase by table name
   ("" / NULL for schema-level objects), `ord`, `name`; NULL when out of memory (sticky, reported once). */
struct chg *so_diffx_add(struct dctx *d, int phase, const char *table, int ord, const char *name, so_action action,
                         const char *object_type, const char *object_name);
so_strbuf *so_diffx_up(struct chg *c);
so_strbuf *so_diffx_down(struct chg *c);
void so_diffx_hazard(struct chg *c, const char *code);
void so_diffx_down_lossy(struct chg *c);
/* the step's lock_level (a static string, as docs/hazards.md names them); ACCESS EXCLUSIVE unless set */
void so_diffx_lock(struct chg *c, const char *lock);
/* MariaDB: sets c's online DDL class (algo INSTANT | NOCOPY | INPLACE | COPY, lock NONE | SHARED; COPY adds the
   hazard table_copy) and returns the rendering context of its up DDL (ALGORITHM=..., LOCK=... when online) */
const so_rctx *so_diffx_my_alg(struct dctx *d, struct chg *c, const char *algo, const char *lock);
void so_diffx_rows(struct chg *c, long long rows);
/* a DROP: skipped (listed as a comment) under strategy additive */
void so_diffx_droppy(struct dctx *d, struct chg *c);
/* the "-- UNSUPPORTED: ..." step diff_opaque() writes for kinds nobody diffs */
void so_diffx_unsupported(struct dctx *d, const char *table, const char *object_type, const char *object_name,
                          const char *what, const char *kind_plural);
so_arena *so_diffx_arena(struct dctx *d);
void so_diffx_oom(struct dctx *d);
const so_document *so_diffx_from(const struct dctx *d);
const so_document *so_diffx_to(const struct dctx *d);
const so_rctx *so_diffx_rctx(const struct dctx *d);
/* the matched tables (same name or renamed_from): source, target, and per source column its target name
   (NULL when the column is dropped) */
size_t so_diffx_npairs(const struct dctx *d);
void so_diffx_pair(const struct dctx *d, size_t i, const so_table **from, const so_table **to,
                   const char *const **colmap);

/* multi-schema documents: columns of other schemas' tables that the plan drops or retypes, as
   ("schema.table", column) pairs; a dependencies item [columns, "schema.table", column] on one of them makes
   its dependent view be dropped and created around the change like a same-schema one */
size_t so_diffx_n_foreign_columns(const struct dctx *d);
void so_diffx_foreign_column(const struct dctx *d, size_t i, const char **table, const char **column);

/* ---- provided by diff_objects.c ---- */

/* true when diff_objects.c diffs opaque objects of `kind` (table-level when `table_level`) in this dialect:
   diff_opaque() then leaves them alone */
bool so_diffx_handles(so_dialect dialect, bool table_level, const char *kind);
/* adds the steps for every handled kind of both documents; called once, after the table changes */
void so_diffx_objects(struct dctx *d);

/* ---- provided by diff_objects_mariadb.c: the same two calls for the MariaDB kinds (views, functions,
   procedures, events, triggers) ---- */
bool so_diffm_handles(so_dialect dialect, bool table_level, const char *kind);
void so_diffm_objects(struct dctx *d);
/* the step for a MariaDB table whose options differ in engine / row_format only; false: not planned (the
   caller reports UNSUPPORTED) */
bool so_diffm_table_options(struct dctx *d, const so_table *from, const so_table *to);

#endif
