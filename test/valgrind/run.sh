#!/bin/bash
# The pg_regress and pgTAP suites against a server running under Valgrind
# memcheck, with PostgreSQL's suppressions (test/valgrind/valgrind.supp, and
# test/valgrind/debian.supp: the same for Debian's stripped binary).
# Prints TAP and the figures; `make valgrind-check` runs it.  Needs root (or
# the postgres user) and okr installed (make install).
#   OKR_TEST_PORT (default 5512): the server's port.
#   VALGRIND_PGTAP (default test/pgtap/*.sql): the pgTAP files to run, e.g.
#   test/pgtap/history.sql after a change to src/history.c.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=/usr/lib/postgresql/${OKR_PG_VERSION:-15}/bin
port=${OKR_TEST_PORT:-5512}
work=$(mktemp -d --tmpdir=/tmp --suffix=.okr-valgrind)
logs=${VALGRIND_LOGS:-test/logs/valgrind}
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)
rm -f "$logs"/*
chmod 755 "$work"
. test/lib/tap.sh
[ "$(id -u)" -eq 0 ] && chown postgres "$work" "$logs"
as_pg "$bin/initdb -A trust -U postgres -D $work/data" >"$logs/initdb.log" 2>&1
# One log per process; the markers delimit each error.
as_pg "valgrind --quiet --trace-children=yes --track-origins=yes --read-var-info=yes \
    --leak-check=no --num-callers=30 --suppressions=$PWD/test/valgrind/valgrind.supp \
    --suppressions=$PWD/test/valgrind/debian.supp \
    --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END --log-file=$logs/%p.log \
    $bin/postgres -D $work/data -p $port -k $work -c listen_addresses= \
    -c shared_buffers=32MB -c max_connections=20 -c statement_timeout=0" >"$logs/server.log" 2>&1 &
server=$!
export PGHOST=$work PGPORT=$port PGUSER=postgres
for _ in $(seq 120); do psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
if ! psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    echo "1..1"
    echo "not ok 1 - the server did not start under valgrind (see $logs/server.log)"
    exit 1
fi
start=$(date +%s)
make -s installcheck ISOLATION= PGHOST="$work" PGPORT="$port" >"$logs/regress.log" 2>&1
regress_rc=$?
createdb okr_test && psql -X -q -d okr_test -c 'CREATE EXTENSION okr; CREATE EXTENSION pgtap;'
pg_prove -d okr_test ${VALGRIND_PGTAP:-test/pgtap/*.sql} >"$logs/pgtap.log" 2>&1
pgtap_rc=$?
elapsed=$(( $(date +%s) - start ))
as_pg "$bin/pg_ctl -D $work/data -m fast -w -t 300 stop" >>"$logs/server.log" 2>&1
wait "$server"
errors=$(cat "$logs"/[0-9]*.log 2>/dev/null | grep -c VALGRINDERROR-BEGIN)
# of them, errors with a frame in okr's library
okr_errors=$(cat "$logs"/[0-9]*.log 2>/dev/null | sed -n '/VALGRINDERROR-BEGIN/,/VALGRINDERROR-END/p' \
    | awk '/VALGRINDERROR-BEGIN/ { hit = 0 } /okr\.so/ { hit = 1 } /VALGRINDERROR-END/ { n += hit } END { print n + 0 }')
processes=$(ls "$logs"/[0-9]*.log 2>/dev/null | wc -l)
tests=$(grep -o 'Tests=[0-9]*' "$logs/pgtap.log" | grep -o '[0-9]*')
echo "1..3"
[ "$regress_rc" -eq 0 ] && echo "ok 1 - pg_regress under valgrind: $(grep -cE '(\.\.\.|^ok) ' "$logs/regress.log") tests pass" \
    || echo "not ok 1 - pg_regress under valgrind (see $logs/regress.log)"
[ "$pgtap_rc" -eq 0 ] && echo "ok 2 - pgTAP under valgrind: ${tests:-0} tests pass" \
    || echo "not ok 2 - pgTAP under valgrind (see $logs/pgtap.log)"
[ "$errors" -eq 0 ] && [ "$processes" -gt 0 ] && echo "ok 3 - memcheck: 0 errors in $processes server processes (${elapsed}s)" \
    || echo "not ok 3 - memcheck: $errors errors ($okr_errors in okr.so) in $processes server processes (see $logs/<pid>.log)"
rm -rf "$work"
[ "$regress_rc" -eq 0 ] && [ "$pgtap_rc" -eq 0 ] && [ "$errors" -eq 0 ]
