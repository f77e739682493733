#!/usr/bin/env bash
# bench/diff/gen_mariadb.sh DB NTABLES a|b: prints SQL creating database DB with NTABLES generated tables, the
# MariaDB counterpart of gen_pg.sh (same shapes and the same differences between variants a and b).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 DB NTABLES a|b" >&2; exit 2; }
db=$1 n=$2 variant=$3
[[ $db =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "gen_mariadb: bad database name" >&2; exit 2; }
[[ $n =~ ^[0-9]+$ ]] || { echo "gen_mariadb: bad table count" >&2; exit 2; }
case $variant in a | b) ;; *) echo "gen_mariadb: variant is a or b" >&2; exit 2 ;; esac

awk -v D="$db" -v N="$n" -v V="$variant" 'BEGIN {
	extra = int(N / 100)
	printf "DROP DATABASE IF EXISTS %s;\nCREATE DATABASE %s;\nUSE %s;\nSET foreign_key_checks = 0;\n", D, D, D
	last = (V == "a") ? N : N + extra
	for (i = 1; i <= last; i++) {
		if (V == "b" && i <= extra) continue
		t = sprintf("t%05d", i)
		b = (V == "b")
		printf "CREATE TABLE %s (\n  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n", t
		printf "  parent_id bigint unsigned NULL,\n"
		printf "  name varchar(200) NOT NULL COMMENT \x27display name\x27,\n"
		printf "  code varchar(%d) NOT NULL DEFAULT \x27x\x27,\n", (b && i % 10 == 3) ? 64 : 32
		printf "  amount decimal(12,2) NOT NULL DEFAULT %s,\n", (b && i % 10 == 5) ? "1" : "0"
		printf "  qty int NULL,\n"
		printf "  state enum(\x27new\x27,\x27active\x27,\x27closed\x27) NOT NULL DEFAULT \x27new\x27,\n"
		printf "  created_at timestamp NOT NULL DEFAULT current_timestamp(),\n"
		printf "  payload longtext NULL%s", (b && i % 10 == 1) ? ",\n  note text NULL" : ""
		if (!(b && i % 20 == 9)) printf ",\n  CONSTRAINT %s_qty_check CHECK (qty >= 0)", t
		printf ",\n  KEY %s_name_idx (name)", t
		if (i % 3 == 0) printf ",\n  KEY %s_state_created_idx (state, created_at DESC)", t
		if (b && i % 20 == 7) printf ",\n  KEY %s_code_idx (code)", t
		if (i > 1 && !(b && i - 1 <= extra)) printf ",\n  CONSTRAINT %s_parent_fk FOREIGN KEY (parent_id) REFERENCES t%05d (id) ON DELETE CASCADE", t, i - 1
		printf "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT=\x27generated table %d%s\x27;\n", i, (b && i % 20 == 11) ? " (v2)" : ""
	}
	printf "SET foreign_key_checks = 1;\n"
}'
