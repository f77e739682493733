/*
 * test_diff_mariadb_fts.c: a MariaDB table that keeps InnoDB's hidden FTS_DOC_ID column without a FULLTEXT
 * index (options.fts_doc_id: hidden, written by schemaops.snapshot) adds and drops columns INPLACE, not
 * INSTANT (diff.c my_fts_doc_id), and the option itself is never compared. The e2e case
 * plan_fts_doc_id_hidden runs the same plan on the server.
 */
#include "tap.h"
#include "diff_test_util.h"

#define HEAD "schemaops: 1\ndialect: mariadb\nname: shop\n"
#define T(opts, cols)                                                                                                  \
	HEAD "tables:\n"                                                                                               \
	     "  - name: t\n" opts "    columns:\n"                                                                     \
	     "      - {name: id, type: int, nullable: false}\n" cols                                                   \
	     "    primary_key: {name: PRIMARY, columns: [id]}\n"

#define HIDDEN "    options: {engine: InnoDB, fts_doc_id: hidden}\n"
#define PLAIN "    options: {engine: InnoDB}\n"

static void t_add_drop(const char *from_opts, const char *algo, const char *clause)
{
	const char *from = from_opts[0] == 'h' ? T(HIDDEN, "      - {name: v, type: int}\n")
	                                       : T(PLAIN, "      - {name: v, type: int}\n");
	const char *to = T(PLAIN, "      - {name: w, type: int}\n");
	so_changeset *cs = tu_diff(from, to, "{\"strategy\": \"full\", \"online\": true}");
	const so_change *add = tu_find(cs, SO_ACTION_ADD, "column", "t.w");
	const so_change *drop = tu_find(cs, SO_ACTION_DROP, "column", "t.v");
	if (!ok(add && drop && tu_find(cs, 0, "table_options", NULL) == NULL &&
	            tu_find(cs, 0, "unsupported", NULL) == NULL,
	        "%s: one ADD and one DROP COLUMN, no table option change", from_opts))
		diag("%s", tu_summary(cs));
	if (!add || !drop)
		return;
	ok(add->algorithm && strcmp(add->algorithm, algo) == 0 && drop->algorithm && strcmp(drop->algorithm, algo) == 0,
	   "%s: ADD and DROP COLUMN are %s", from_opts, algo);
	ok(tu_has_hazard(add, "table_rewrite") == (algo[2] == 'P'), "%s: table_rewrite hazard only when INPLACE",
	   from_opts);
	if (!ok(strstr(tu_up(add), clause) != NULL && strstr(tu_up(drop), clause) != NULL, "%s: rendered as %s",
	        from_opts, clause))
		diag("%s\n%s", tu_up(add), tu_up(drop));
}

static void t_not_compared(void)
{
	so_changeset *cs = tu_diff(T(HIDDEN, ""), T(PLAIN, ""), "{\"strategy\": \"full\"}");
	if (!ok(cs && so_changeset_count(cs) == 0, "options.fts_doc_id alone is no difference"))
		diag("%s", tu_summary(cs));
	cs = tu_diff(T(PLAIN, ""), T(HIDDEN, ""), "{\"strategy\": \"full\"}");
	ok(cs && so_changeset_count(cs) == 0, "nor the other way round");
}

int main(void)
{
	tu_arena = so_arena_create(&so_malloc_allocator);
	t_add_drop("hidden", "INPLACE", "ALGORITHM=INPLACE, LOCK=NONE");
	t_add_drop("plain", "INSTANT", "ALGORITHM=INSTANT, LOCK=NONE");
	t_not_compared();
	so_arena_destroy(tu_arena);
	return done_testing();
}
