#!/usr/bin/env bash
# A bounded libFuzzer run of the core harnesses (document reader, diff engine + renderers, tenant-token
# verifier, vector parsers) under ASan/UBSan, SO_FUZZ_TIME seconds each (default 20; the token verifier and
# the vector parsers a third of it, at least 5 s). A crash, a sanitizer report or a broken property fails.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
echo "1..1"
log=build/tests/fuzz.log
mkdir -p build/tests
if FUZZ_TIME="${SO_FUZZ_TIME:-20}" make -s -C tests/fuzz run >"$log" 2>&1; then
	runs=$(grep -oE 'Done [0-9]+ runs' "$log" | awk '{s += $2} END {print s + 0}')
	echo "ok 1 - libFuzzer: $runs inputs through the document reader, the diff engine, the tenant-token verifier and the vector parsers, no crash"
else
	echo "not ok 1 - libFuzzer run failed"
	grep -vE '^#[0-9]+' "$log" | tail -n 40 | sed 's/^/# /'
fi
