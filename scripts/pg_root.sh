#!/usr/bin/env bash
# scripts/pg_root.sh DIR: a private, relocatable copy of the PostgreSQL 15 installation with this tree's
# extension installed into it; prints `export SO_PG_BIN=DIR/usr/lib/postgresql/15/bin` for eval.
#
# Why: CREATE EXTENSION reads schemaops.control, the script and the .so only from the server's own
# directories (PostgreSQL 15 has no extension_control_path). Installing into /usr would make two checkouts
# (or a test run and a benchmark) overwrite each other's extension and needs root. PostgreSQL binaries are
# relocatable (share and lib directories are found relative to the executable, see get_share_path() in
# src/port/path.c), so a copy of /usr/lib/postgresql/15 and /usr/share/postgresql/15 under DIR/usr/ is a
# complete server whose extension directory is ours. Packaged extensions (pgTAP, PgQ...) installed before the
# copy is made are included. The copy is refreshed on every call (about 50 MB, well under a second).
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=$(realpath -m "$1")
SYS_LIB=${SO_PG_SYS_LIB:-/usr/lib/postgresql/15}
SYS_SHARE=${SO_PG_SYS_SHARE:-/usr/share/postgresql/15}
[ -x "$SYS_LIB/bin/postgres" ] || { echo "pg_root: $SYS_LIB/bin/postgres not found (postgresql-15)" >&2; exit 1; }

rm -rf "$DIR"
mkdir -p "$DIR/usr/lib/postgresql" "$DIR/usr/share/postgresql"
cp -a "$SYS_LIB" "$DIR/usr/lib/postgresql/"
cp -a "$SYS_SHARE" "$DIR/usr/share/postgresql/"
# the server runs as the postgres OS user when we are root: it must be able to read the copy
chmod -R a+rX "$DIR"
d=$DIR
while [ "$d" != / ]; do
	d=$(dirname "$d")
	[ -x "$d" ] || { echo "pg_root: $d is not searchable by other users; use a DIR under /tmp" >&2; exit 1; }
done

log=$DIR/install.log
if ! make -s -C "$ROOT/pg_extension" install DESTDIR="$DIR" >"$log" 2>&1; then
	cat "$log" >&2
	echo "pg_root: make -C pg_extension install DESTDIR=$DIR failed" >&2
	exit 1
fi
# the copy must really be the one that serves: its sharedir has to be under DIR
share=$("$DIR/usr/lib/postgresql/15/bin/pg_config" --sharedir)
case $share in
"$DIR"/*) ;;
*) echo "pg_root: the copied server reports sharedir $share, not under $DIR (not relocatable?)" >&2; exit 1 ;;
esac
[ -f "$share/extension/schemaops.control" ] || { echo "pg_root: schemaops.control missing in $share/extension" >&2; exit 1; }
echo "export SO_PG_BIN=$DIR/usr/lib/postgresql/15/bin"
