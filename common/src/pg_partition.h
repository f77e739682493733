/*
 * pg_partition.h (internal to common/): the CHECK expression that proves a PostgreSQL partition bound, for the
 * online ATTACH PARTITION recipe (PostgreSQL 15 manual, 5.11.2.2 "Partition Maintenance": "it is possible to
 * avoid the scan ... by adding a valid CHECK constraint to the table that allows only rows satisfying the
 * desired partition constraint before running the command").
 */
#ifndef SCHEMAOPS_PG_PARTITION_H
#define SCHEMAOPS_PG_PARTITION_H

#include "schemaops/arena.h"

/*
 * `partition_by` as pg_get_partkeydef prints it ("RANGE (at)", "LIST (region)") and `bound` as
 * pg_get_expr(relpartbound) prints it ("FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)", "FOR VALUES IN (1, 2)").
 * Returns the partition constraint PostgreSQL derives for the bound, as a CHECK expression
 * ("at IS NOT NULL AND at >= '2024-01-01' AND at < '2025-01-01'", "region IS NOT NULL AND region IN ('de')"),
 * or NULL when there is no simple one: a key of several columns or an expression, HASH, DEFAULT, a list that
 * holds NULL, out of memory. Pure text work; the values are copied as the bound spells them.
 */
const char *so_pg_partition_check(so_arena *a, const char *partition_by, const char *bound);

#endif
