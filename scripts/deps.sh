#!/usr/bin/env bash
# scripts/deps.sh: install the Debian 12 packages needed to build and test schemaops (idempotent).
#
# A second run only asks dpkg (fast, no network). Missing packages are installed only when running as root;
# otherwise the missing list is printed and the script fails, so a developer knows what to install.
# We never use the system PostgreSQL/MariaDB services (our scripts start throwaway instances on their own
# ports and sockets), so service start-up is suppressed during the install with a temporary policy-rc.d.
set -euo pipefail

PACKAGES=(
	build-essential pkg-config libyaml-dev
	perl                                           # prove (TAP::Harness is in perl's core modules)
	postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
	mariadb-server mariadb-client mariadb-test libmariadb-dev libmariadbd-dev
	clang libclang-rt-14-dev                       # ASan/UBSan and libFuzzer (fuzzer runtime is in -rt-dev)
	libssl-dev                                     # OpenSSL libcrypto: HMAC-SHA256 tenant tokens (RLS hardened mode)
	libdbd-mariadb-perl                             # Perl DBI driver: the relay of tests/lib/outbox_durability_mariadb.t
	valgrind cppcheck clang-format                             # memcheck of the unit tests; static analysis (tests/lib)
)

# One dpkg-query for all (fast); "install ok installed" is the only state in which the files are really there.
# (dpkg-query exits 1 when some package is unknown to it: that is an answer, not an error)
installed=" $({ dpkg-query -W -f='${Package}=${Status}\n' "${PACKAGES[@]}" 2>/dev/null || true; } |
	sed -n 's/=install ok installed$//p' | tr '\n' ' ') "
missing=()
for p in "${PACKAGES[@]}"; do
	[[ $installed == *" $p "* ]] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PACKAGES[@]} packages present"
	exit 0
fi

echo "deps: missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi

# Keep postinst scripts from starting system database services: there is no init system on CI containers,
# and a running system server would only waste memory. Exit 101 = "action forbidden" (invoke-rc.d then
# skips the start and still exits 0). Only add our own policy file if none exists, and remove only ours.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# temporary, from schemaops scripts/deps.sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# --force-confold: never stop for a conffile question (there is no stdin on CI)
apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold "${missing[@]}"
echo "deps: installed ${missing[*]}"
