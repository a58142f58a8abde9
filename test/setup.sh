#!/bin/bash
# Installs what okr needs from the Debian archive (as root, or through sudo),
# then builds and installs the extension for PostgreSQL $OKR_PG_VERSION
# (default 15, bookworm's; test/matrix/run.sh sets 17 or 18).  Sourced by
# test/demo.sh and test/all.sh; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
v=${OKR_PG_VERSION:-15}
pg_config=/usr/lib/postgresql/$v/bin/pg_config

packages=(make gcc libc6-dev perl clang libclang-rt-dev git
          postgresql-$v postgresql-server-dev-$v postgresql-common
          postgresql-$v-pgtap libtap-parser-sourcehandler-pgtap-perl
          python3 python3-psycopg2
          default-jdk-headless libpostgresql-jdbc-java                        # test/drivers (pgJDBC)
          odbc-postgresql unixodbc python3-pyodbc                             # test/drivers (psqlODBC)
          debootstrap    # test/matrix/run.sh
          sqlsmith valgrind)   # test/sqlsmith/run.sh, make valgrind-check
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
    echo "okr: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# OKR_TEST_PACKAGE=path/to/postgresql-NN-okr_*.deb (test/matrix/run.sh
# --packages): the suites test that installed package, not a build.
if [ -n "${OKR_TEST_PACKAGE:-}" ]; then
    $sudo apt-get install -y -qq --no-install-recommends "$OKR_TEST_PACKAGE" >/dev/null
    pkg=$(dpkg-deb -f "$OKR_TEST_PACKAGE" Package)
    dpkg -S "$($pg_config --pkglibdir)/okr.so" | grep -q "^$pkg:" ||
        { echo "okr: the installed okr.so is not $pkg's" >&2; exit 1; }
    exit 0
fi
make -s PG_CONFIG=$pg_config
$sudo make -s PG_CONFIG=$pg_config install >/dev/null
