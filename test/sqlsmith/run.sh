#!/bin/bash
# Crash hunting with SQLsmith (Debian sqlsmith): random queries over okr's
# relations (--exclude-catalog) and every function, against a database
# holding okr and its demo, as a role that may read everything in okr.
# Prints TAP: no server crash, no internal error (XX000, "cache lookup
# failed", "unrecognized") but for PostgreSQL's own known ones, listed with
# their reasons in test/sqlsmith/upstream.txt.  Needs PGHOST etc. of a superuser (run inside
# pg_virtualenv).
#   test/sqlsmith/run.sh [QUERIES [SECONDS]]   (default 20000 queries, 90 s)
set -uo pipefail
cd "$(dirname "$0")/../.."
queries=${1:-20000}
seconds=${2:-90}
db=okr_smith
logs=${SQLSMITH_LOGS:-test/logs/sqlsmith}
mkdir -p "$logs"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
psql -X -q -d postgres -c "DROP ROLE IF EXISTS smith" >/dev/null 2>&1
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f test/demo.sql >"$logs/demo.log" 2>&1
q -d "$db" >/dev/null <<'SQL'
CREATE ROLE smith LOGIN PASSWORD 'smith';
ALTER ROLE smith SET statement_timeout = '2s';
GRANT USAGE ON SCHEMA okr TO smith;
GRANT SELECT ON ALL TABLES IN SCHEMA okr TO smith;
SQL
# okr's errors in the server's log with their SQLSTATE; the log from here on
q -d "$db" -c "ALTER ROLE smith SET log_error_verbosity = 'verbose'" >/dev/null
cluster=$(q -d postgres -c "SHOW cluster_name")   # e.g. 15/regress
serverlog=$(pg_lsclusters -h | awk -v v="${cluster%/*}" -v c="${cluster#*/}" '$1 == v && $2 == c { print $7 }')
offset=$(($(stat -c %s "$serverlog") + 1))
start=$(date +%s)
PGPASSWORD=smith timeout "$seconds" sqlsmith --verbose --exclude-catalog --seed="${SQLSMITH_SEED:-42}" --max-queries="$queries" \
    --target="host=$PGHOST port=$PGPORT dbname=$db user=smith" >"$logs/sqlsmith.log" 2>&1
rc=$?
elapsed=$(( $(date +%s) - start ))
# this role's lines only (and the postmasters': crashes), in a log that other
# clusters named regress may share
tail -c +"$offset" "$serverlog" | grep -E '^[0-9-]+ [0-9:.]+ [A-Z]+ \[[0-9]+\] (smith@okr_smith )?[A-Z]+:' >"$logs/server.log"
# sqlsmith's progress reports: "queries: N (...)", the last one counts all
total=$(grep -o 'queries: [0-9]*' "$logs/sqlsmith.log" | tail -1 | grep -o '[0-9]*' || true)
total=${total:-0}
grep -E 'ERROR:  [0-9A-Z]{5}:' "$logs/server.log" | sed -E 's/.*ERROR:  ([0-9A-Z]{5}): (.{0,90}).*/\1 \2/' \
    | sort | uniq -c | sort -rn >"$logs/errors.txt"
# internal errors, but for PostgreSQL's own known ones (test/sqlsmith/upstream.txt)
# ("unrecognized" with a user error's SQLSTATE, as 22023 "unrecognized
# privilege type" of has_table_privilege(), is an answer, not a bug)
internal_errors() {
    grep -E 'ERROR:  XX000|cache lookup failed|unrecognized' "$logs/server.log" \
        | grep -vE 'ERROR:  (22023|22P02|42601|42704): .*unrecognized'
}
internal_errors | grep -vFf <(grep -v '^#' test/sqlsmith/upstream.txt) >"$logs/internal.txt"
internal=$(wc -l <"$logs/internal.txt")
upstream=$(internal_errors | grep -cFf <(grep -v '^#' test/sqlsmith/upstream.txt) || true)
crashes=$(grep -cE 'terminated by signal|was terminated by|PANIC' "$logs/server.log" || true)
echo "1..3"
if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then
    echo "ok 1 - sqlsmith ran $total queries in ${elapsed}s (exit $rc; errors by kind in $logs/errors.txt)"
else
    echo "not ok 1 - sqlsmith exited with $rc after $total queries (see $logs/sqlsmith.log)"
fi
[ "$crashes" -eq 0 ] && echo "ok 2 - no crash" || echo "not ok 2 - $crashes crashes (see $logs/server.log)"
[ "$internal" -eq 0 ] && echo "ok 3 - no internal error (XX000, cache lookup failed, unrecognized; $upstream of PostgreSQL's own known ones left out)" \
    || echo "not ok 3 - $internal internal errors (see $logs/internal.txt, $logs/server.log)"
dropdb "$db"
psql -X -q -d postgres -c "DROP ROLE IF EXISTS smith" >/dev/null 2>&1
