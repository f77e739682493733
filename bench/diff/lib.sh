# bench/diff/lib.sh: timing helpers shared by bench/diff/run.sh (PostgreSQL) and run_mariadb.sh (MariaDB).
# Sourced after the caller defines RUNS, ms COMMAND... and server_ms ARG1 ARG2 (each server times differently).
best() { # best COMMAND...: the smallest of RUNS timings
	local b="" v i
	for ((i = 0; i < RUNS; i++)); do
		v=$("$@")
		case $v in ">"* | failed) echo "$v"; return ;; esac
		if [ -z "$b" ] || [ "$v" -lt "$b" ]; then b=$v; fi
		[ "$v" -lt 60000 ] || break
	done
	echo "$b"
}

best_server() { # best_server ARG1 ARG2: the smallest of RUNS server_ms timings
	local b="" v i
	for ((i = 0; i < RUNS; i++)); do
		v=$(server_ms "$1" "$2")
		if [ -z "$b" ] || [ "$v" -lt "$b" ]; then b=$v; fi
	done
	echo "$b"
}

ratio() { # ratio PEER_MS OURS_MS ("> N" peer: a lower bound)
	case $1 in
	failed) echo "-" ;;
	">"*) awk -v a="${1#> }" -v b="$2" 'BEGIN { printf ">%.1fx", a / (b > 0 ? b : 1) }' ;;
	*) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / (b > 0 ? b : 1) }' ;;
	esac
}
