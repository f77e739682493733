#!/usr/bin/env bash
# The core's unit tests under valgrind memcheck (errors and definite leaks fail), one TAP line each.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
bins=(build/tests/unit/test_*)
[ -x "${bins[0]}" ] || { echo "1..1"; echo "not ok 1 - no unit test binaries in build/tests/unit (run make)"; exit 0; }
echo "1..${#bins[@]}"
n=0
for b in "${bins[@]}"; do
	n=$((n + 1))
	log=$(mktemp)
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$b" >"$log" 2>&1; then
		echo "ok $n - valgrind $(basename "$b")"
	else
		echo "not ok $n - valgrind $(basename "$b")"
		grep -E '^==|not ok' "$log" | head -n 40 | sed 's/^/# /'
	fi
	rm -f "$log"
done
