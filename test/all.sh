#!/bin/bash
# Runs every test suite against a throwaway PostgreSQL cluster (version
# $OKR_PG_VERSION, default 15: test/matrix/run.sh runs the others) and ends
# with "N passed, N failed"; exits non-zero on any failure.
#   unit        pure-C parser tests (TAP)            test/unit/
#   regress     pg_regress golden files              sql/, expected/
#   isolation   concurrency specs                    test/isolation/
#   pgtap       behaviour, through pg_prove          test/pgtap/
#   bi          views as a BI driver sees them       test/bi/
set -euo pipefail
cd "$(dirname "$0")/.."
test/setup.sh
# OKR_TEST_PORT: the throwaway cluster's port, for parallel runs (chroots share the network).
port=()
[ -n "${OKR_TEST_PORT:-}" ] && port=(-c "-p $OKR_TEST_PORT")
# Two-phase commit needs prepared transactions (test/isolation/specs/store_prepared.spec).
exec pg_virtualenv "${port[@]}" -o max_prepared_transactions=10 -v "${OKR_PG_VERSION:-15}" test/suites.sh
