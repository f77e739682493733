#!/usr/bin/env bash
# The C sources follow .clang-format (fix with: clang-format -i <file>).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
echo "1..1"
command -v clang-format >/dev/null || { echo "not ok 1 - clang-format not installed (make deps)"; exit 0; }
mapfile -t files < <(git ls-files 'common/*.[ch]' 'pg_extension/src/*.[ch]' 'mariadb_plugin/src/*.[ch]' \
	'tests/unit/*.[ch]' 'tests/fuzz/*.c' 2>/dev/null)
[ ${#files[@]} -gt 0 ] || { echo "not ok 1 - no C sources found (not a git checkout?)"; exit 0; }
bad=$(clang-format --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
if [ -z "$bad" ]; then
	echo "ok 1 - clang-format: ${#files[@]} C files formatted"
else
	echo "not ok 1 - files not formatted per .clang-format"
	printf '# %s\n' $bad
fi
