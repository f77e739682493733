/*
 * fuzz_diff.c: libFuzzer harness for the diff engine and both renderers.
 *
 * The input is two documents separated by a line "---8<---" (without it, the input is diffed against
 * itself). When both parse, so_diff runs under both strategies and the up and down scripts and the JSON
 * change list are rendered. Properties: no crash, no failure without an error record, and a document
 * diffed with itself yields no change (docs/document-format.md, "Normalization").
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "schemaops/arena.h"
#include "schemaops/diff.h"
#include "schemaops/document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char separator[] = "\n---8<---\n";

static void check_failure(const so_error *err)
{
	if (err->code == SO_OK || err->message[0] == '\0') {
		fprintf(stderr, "failure without an error record\n");
		__builtin_trap();
	}
}

static void run_diff(so_arena *arena, const so_document *a, const so_document *b, so_strategy strategy,
                     int expect_empty)
{
	so_diff_options opts;
	so_changeset *cs = NULL;
	so_error err;
	char *out = NULL;
	size_t len = 0;

	so_diff_options_init(&opts);
	opts.strategy = strategy;
	if (so_diff(arena, a, b, &opts, &cs, &err) != SO_OK) {
		check_failure(&err);
		return;
	}
	if (expect_empty && so_changeset_count(cs) != 0) {
		fprintf(stderr, "a document diffed with itself gave %zu changes\n", so_changeset_count(cs));
		__builtin_trap();
	}
	if (so_changeset_script(arena, cs, 0, &out, &err) != SO_OK)
		check_failure(&err);
	if (so_changeset_script(arena, cs, 1, &out, &err) != SO_OK)
		check_failure(&err);
	if (so_changeset_to_json(arena, cs, &out, &len, &err) != SO_OK)
		check_failure(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *cut = NULL;
	size_t i, len_a = size;
	so_document *a = NULL, *b = NULL;
	so_error err;
	so_arena *arena = so_arena_create(&so_malloc_allocator);

	if (!arena)
		return 0;
	so_arena_set_limit(arena, (size_t)256 << 20);
	for (i = 0; i + sizeof separator - 1 <= size; i++) {
		if (memcmp(text + i, separator, sizeof separator - 1) == 0) {
			cut = text + i;
			len_a = i;
			break;
		}
	}
	if (so_document_parse(arena, text, len_a, &a, &err) != SO_OK) {
		check_failure(&err);
		goto out;
	}
	run_diff(arena, a, a, SO_STRATEGY_FULL, 1);
	if (cut) {
		const char *tb = cut + sizeof separator - 1;
		if (so_document_parse(arena, tb, size - (size_t)(tb - text), &b, &err) != SO_OK) {
			check_failure(&err);
			goto out;
		}
		run_diff(arena, a, b, SO_STRATEGY_ADDITIVE, 0);
		run_diff(arena, a, b, SO_STRATEGY_FULL, 0);
		run_diff(arena, b, a, SO_STRATEGY_FULL, 0);
	}
out:
	so_arena_destroy(arena);
	return 0;
}
