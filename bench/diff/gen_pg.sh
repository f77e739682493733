#!/usr/bin/env bash
# bench/diff/gen_pg.sh SCHEMA NTABLES VARIANT: prints SQL creating a generated PostgreSQL schema of NTABLES
# tables (VARIANT a = the "from" side, b = the "to" side of a diff pair).
#
# Every table looks like an application table: a bigserial primary key (an owned sequence), 8 more columns of
# common types with NOT NULL, defaults and a collation-free text mix, a foreign key to the previous table, a
# secondary index, a partial or multi-column index on every 3rd table, a CHECK, a table comment and a column
# comment. Variant b differs from a in about 1 table in 10 (deterministic, so a pair always gives the same
# diff): a column added (i % 10 == 1), a type widened (i % 10 == 3), a default changed (i % 10 == 5), an index
# added (i % 20 == 7), a check dropped (i % 20 == 9), a comment changed (i % 20 == 11); plus NTABLES/100 tables
# only in b and NTABLES/100 only in a.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 SCHEMA NTABLES a|b" >&2; exit 2; }
schema=$1 n=$2 variant=$3
[[ $schema =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "gen_pg: bad schema name" >&2; exit 2; }
[[ $n =~ ^[0-9]+$ ]] || { echo "gen_pg: bad table count" >&2; exit 2; }
case $variant in a | b) ;; *) echo "gen_pg: variant is a or b" >&2; exit 2 ;; esac

awk -v S="$schema" -v N="$n" -v V="$variant" 'BEGIN {
	extra = int(N / 100)
	printf "SET client_min_messages = warning;\nDROP SCHEMA IF EXISTS %s CASCADE;\nCREATE SCHEMA %s;\nSET search_path = %s;\n", S, S, S
	printf "CREATE TYPE status AS ENUM (\x27new\x27, \x27active\x27, \x27closed\x27);\n"
	first = 1; last = N
	if (V == "a") last = N; else last = N + extra
	for (i = 1; i <= last; i++) {
		if (V == "b" && i <= extra) continue          # tables only in a
		if (V == "a" && i > N) continue
		t = sprintf("t%05d", i)
		b = (V == "b")
		printf "BEGIN;\n"
		printf "CREATE TABLE %s (\n  id bigserial PRIMARY KEY,\n", t
		printf "  parent_id bigint%s,\n", (i > 1 && !(b && i - 1 <= extra) ? sprintf(" REFERENCES t%05d (id) ON DELETE CASCADE", i - 1) : "")
		printf "  name text NOT NULL,\n"
		printf "  code varchar(%d) NOT NULL DEFAULT %s,\n", (b && i % 10 == 3) ? 64 : 32, "\x27x\x27"
		printf "  amount numeric(12,2) NOT NULL DEFAULT %s,\n", (b && i % 10 == 5) ? "1" : "0"
		printf "  qty integer,\n"
		printf "  state status NOT NULL DEFAULT \x27new\x27,\n"
		printf "  created_at timestamptz NOT NULL DEFAULT now(),\n"
		printf "  payload jsonb%s", (b && i % 10 == 1) ? ",\n  note text" : ""
		if (!(b && i % 20 == 9)) printf ",\n  CONSTRAINT %s_qty_check CHECK (qty >= 0)", t
		printf "\n);\n"
		printf "CREATE INDEX %s_name_idx ON %s (name);\n", t, t
		if (i % 3 == 0) printf "CREATE INDEX %s_state_created_idx ON %s (state, created_at DESC) WHERE qty IS NOT NULL;\n", t, t
		if (b && i % 20 == 7) printf "CREATE INDEX %s_code_idx ON %s (code);\n", t, t
		printf "COMMENT ON TABLE %s IS \x27generated table %d%s\x27;\n", t, i, (b && i % 20 == 11) ? " (v2)" : ""
		printf "COMMENT ON COLUMN %s.name IS \x27display name\x27;\n", t
		printf "COMMIT;\n"
	}
}'
