#!/usr/bin/env bash
# Static analysis of the core and both glue layers with cppcheck (warning, portability, performance).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
echo "1..1"
command -v cppcheck >/dev/null || { echo "not ok 1 - cppcheck not installed (make deps)"; exit 0; }
out=$(cppcheck --quiet --std=c11 --enable=warning,portability,performance --inline-suppr \
-I common/include -I common/src common/src 2>&1)
if [ -z "$out" ]; then
	echo "ok 1 - cppcheck: no findings in common/"
else
	echo "not ok 1 - cppcheck findings in common/"
	printf '%s\n' "$out" | head -n 60 | sed 's/^/# /'
fi
