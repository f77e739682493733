/* test_diff_partition.c: so_pg_partition_check (pg_partition.h), the CHECK that proves a partition bound for
   the online ATTACH PARTITION recipe. That PostgreSQL 15 accepts these as proofs ("partition constraint ... is
   implied by existing constraints") is checked end to end by tests/e2e/objects_pg.t (obj_partition_*). */
#include <stdlib.h>
#include <string.h>

#include "pg_partition.h"
#include "schemaops/arena.h"
#include "tap.h"

static so_arena *A;

static void check(const char *by, const char *bound, const char *want)
{
	const char *got = so_pg_partition_check(A, by, bound);
	if (want)
		is_str(got, want, "%s %s", by, bound);
	else
		ok(got == NULL, "%s %s: no simple check", by ? by : "(null)", bound ? bound : "(null)");
}

int main(void)
{
	A = so_arena_create(&so_malloc_allocator);
	check("RANGE (at)", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
	      "at IS NOT NULL AND at >= '2024-01-01' AND at < '2025-01-01'");
	check("RANGE (at)", "FOR VALUES FROM (MINVALUE) TO ('2025-01-01')", "at IS NOT NULL AND at < '2025-01-01'");
	check("RANGE (at)", "FOR VALUES FROM ('2025-01-01') TO (MAXVALUE)", "at IS NOT NULL AND at >= '2025-01-01'");
	check("RANGE (n)", "FOR VALUES FROM (10) TO (20)", "n IS NOT NULL AND n >= 10 AND n < 20");
	check("RANGE (\"Created At\")", "FOR VALUES FROM ('a, b') TO ('c)')",
	      "\"Created At\" IS NOT NULL AND \"Created At\" >= 'a, b' AND \"Created At\" < 'c)'");
	check("LIST (region)", "FOR VALUES IN ('de', 'fr')", "region IS NOT NULL AND region IN ('de', 'fr')");
	check("LIST (region)", "FOR VALUES IN ('NULL')", "region IS NOT NULL AND region IN ('NULL')");
	/* no simple check */
	check("LIST (region)", "FOR VALUES IN (NULL, 'de')", NULL);
	check("LIST (region)", "FOR VALUES IN ('de', NULL)", NULL);
	check("LIST (region)", "DEFAULT", NULL);
	check("RANGE (a, b)", "FOR VALUES FROM (1, 2) TO (3, 4)", NULL);
	check("RANGE (lower(code))", "FOR VALUES FROM ('a') TO ('b')", NULL);
	check("LIST (lower(code))", "FOR VALUES IN ('a')", NULL);
	check("HASH (id)", "FOR VALUES WITH (modulus 4, remainder 0)", NULL);
	check("RANGE (at)", "FOR VALUES FROM ('2024-01-01') TO", NULL);
	check("RANGE (at)", "FOR VALUES FROM ('2024-01-01' TO ('x')", NULL);
	check("RANGE (at", "FOR VALUES FROM (1) TO (2)", NULL);
	check("RANGE (at)", "FOR VALUES FROM (1) TO (2) junk", NULL);
	check(NULL, "FOR VALUES IN (1)", NULL);
	check("LIST (x)", NULL, NULL);
	check("", "", NULL);
	so_arena_destroy(A);
	return done_testing();
}
