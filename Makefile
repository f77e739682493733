# schemaops top-level Makefile.
#
#   make / make all   build the core, the PostgreSQL extension, the MariaDB plugin and the unit tests
#   make deps         install the Debian 12 packages needed to build and test (scripts/deps.sh; root)
#   make test         build, then scripts/run-tests.sh: throwaway servers + one prove run (unit, pg_regress,
#                     mysqltest, e2e); `make test TESTS="tests/lib/pg_regress.t"` restricts it
#   make check-asan   unit tests against the ASan/UBSan build of the core
#   make check-valgrind  unit tests under valgrind
#   make fuzz         libFuzzer run over the document parser (FUZZ_TIME seconds)
#   make demo         deps, build, then scripts/demo.sh
#   make bench        every bench/*/run.sh
#   make install      install the PostgreSQL extension (PGXS)
#   make clean
#
# The version's single source of truth is default_version in pg_extension/schemaops.control; it is exported
# as SO_VERSION so that sub-makes can pass -DSO_VERSION.

SO_VERSION := $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" pg_extension/schemaops.control)
ifeq ($(SO_VERSION),)
$(error cannot read default_version from pg_extension/schemaops.control)
endif
export SO_VERSION

TESTS ?=

.PHONY: all deps test check-asan check-valgrind fuzz demo bench install clean version

all:
	$(MAKE) -C common && $(MAKE) -C pg_extension && $(MAKE) -C mariadb_plugin && $(MAKE) -C tests/unit

deps:
	bash scripts/deps.sh

# the ASan/UBSan build of the unit tests runs inside make test too (build/tests/unit-asan/*)
test: all
	$(MAKE) -C tests/unit asan
	bash scripts/run-tests.sh $(TESTS)

check-asan:
	$(MAKE) -C tests/unit asan
	prove --timer -f -o build/tests/unit-asan/*

check-valgrind:
	$(MAKE) -C tests/unit valgrind

fuzz:
	$(MAKE) -C tests/fuzz run

# sequential on purpose: deps must be in place before anything is compiled, even under make -j
demo:
	$(MAKE) deps
	$(MAKE) all
	bash scripts/demo.sh

bench:
	@set -e; found=0; for r in bench/*/run.sh; do \
		[ -f "$$r" ] || continue; found=1; echo "== $$r"; bash "$$r"; done; \
	[ $$found = 1 ] || echo "bench: no benchmarks yet (bench/*/run.sh)"

install:
	$(MAKE) -C pg_extension install

version:
	@echo $(SO_VERSION)

# servers first: build/run holds their data directories
clean:
	-bash scripts/mariadb_instance.sh stop build/run/mariadb
	-bash scripts/pg_instance.sh stop build/run/pg
	-$(MAKE) -C common clean
	-$(MAKE) -C pg_extension clean
	-$(MAKE) -C mariadb_plugin clean
	-$(MAKE) -C tests/unit clean
	rm -rf build
