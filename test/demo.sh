#!/bin/bash
# Quick start: install everything, start a throwaway PostgreSQL 15 cluster,
# create the extension and run the seed example (test/demo.sql).
set -euo pipefail
cd "$(dirname "$0")/.."
test/setup.sh
exec pg_virtualenv -v 15 psql -X -q -v ON_ERROR_STOP=1 -f test/demo.sql
