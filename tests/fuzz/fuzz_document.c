/*
 * fuzz_document.c: libFuzzer harness for the document reader/normalizer/writer.
 *
 * For every input: so_document_parse must return a status without crashing; when it succeeds,
 * so_document_to_json's output must parse again and print byte-identically (the round-trip property of
 * docs/document-format.md). so_yaml_to_json runs on the same input. A broken property traps, which libFuzzer
 * reports as a crash with the input saved.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "schemaops/arena.h"
#include "schemaops/document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	so_arena *arena = so_arena_create(&so_malloc_allocator);
	so_document *doc = NULL, *doc2 = NULL;
	so_error err;
	char *json = NULL, *json2 = NULL, *plain = NULL;
	size_t len = 0, len2 = 0, plain_len = 0;

	if (!arena)
		return 0;
	so_arena_set_limit(arena, (size_t)256 << 20);
	(void)so_yaml_to_json(arena, (const char *)data, size, &plain, &plain_len, &err);
	if (so_document_parse(arena, (const char *)data, size, &doc, &err) == SO_OK) {
		if (so_document_to_json(arena, doc, &json, &len, &err) != SO_OK) {
			fprintf(stderr, "to_json failed: %s\n", err.message);
			__builtin_trap();
		}
		if (so_document_parse(arena, json, len, &doc2, &err) != SO_OK) {
			fprintf(stderr, "re-parse failed: %s\n%s\n", err.message, json);
			__builtin_trap();
		}
		if (so_document_to_json(arena, doc2, &json2, &len2, &err) != SO_OK || len != len2 ||
		    memcmp(json, json2, len) != 0) {
			fprintf(stderr, "round trip differs:\n%s\n%s\n", json, json2 ? json2 : "(null)");
			__builtin_trap();
		}
	} else if (err.code == SO_OK || err.message[0] == '\0') {
		fprintf(stderr, "failure without an error record\n");
		__builtin_trap();
	}
	so_arena_destroy(arena);
	return 0;
}
