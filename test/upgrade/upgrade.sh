#!/bin/bash
# ALTER EXTENSION okr UPDATE from 0.1.0, with data in it, gives exactly a
# fresh install of the current version, and keeps the data.  Prints TAP.
# Needs PGHOST etc. (run inside pg_virtualenv, as test/suites.sh does).
set -uo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" okr.control)
n=0
check() {  # check DESCRIPTION COMMAND...
    n=$((n + 1))
    if "${@:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"; }

# The 0.1.0 columns of every table, as text.
data() {
    q "$1" -c "SELECT tenant, id, title, description, owner, period, commitment, state, rollup, round(score::numeric, 12), closed_at, final_grade, created_at FROM okr.objective ORDER BY 1, 2" \
           -c "SELECT tenant, child_id, parent_id, weight FROM okr.alignment ORDER BY 1, 2, 3" \
           -c "SELECT tenant, id, objective_id, title, measures, target, unit, source, weight, cap, value, round(score::numeric, 12), created_at FROM okr.key_result ORDER BY 1, 2" \
           -c "SELECT tenant, id, key_result_id, title, status, amount, done_at, created_at FROM okr.output ORDER BY 1, 2" \
           -c "SELECT tenant, id, key_result_id, at, value, confidence, note, author FROM okr.check_in ORDER BY 1, 2"
}

# Everything in schema okr, as pg_dump would write it were it not an
# extension's: in a copy of the database, membership is dropped first.
# Also what pg_dump keeps of the extension itself (its config tables).
schema() {
    local copy="${1}_schema"
    dropdb --if-exists "$copy" >/dev/null 2>&1
    createdb -T "$1" "$copy"
    q "$copy" -c "SELECT pg_catalog.array_agg(c::regclass::text ORDER BY c::regclass::text), pg_catalog.array_agg(c::regclass::text || ':' || coalesce(w, '') ORDER BY c::regclass::text) FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u (c, w) WHERE e.extname = 'okr'"
    q "$copy" -c "DELETE FROM pg_depend WHERE deptype = 'e' AND refclassid = 'pg_extension'::regclass AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'okr')"
    pg_dump --schema-only --schema=okr --no-owner "$copy" | grep -v '^--' | grep -v '^$' | grep -v '^SET \|^SELECT pg_catalog.set_config\|^\\restrict\|^\\unrestrict'
    dropdb "$copy"
}

echo "1..6"
for db in okr_up_old okr_up_new; do dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"; done
q okr_up_old -c "CREATE EXTENSION okr VERSION '0.1.0'" -f test/upgrade/data-0.1.0.sql >/dev/null
before=$(data okr_up_old)
check "0.1.0 data loads with a consistent rollup" test "$(q okr_up_old -c 'SELECT count(*) FROM okr.verify()')" -eq 0
check "ALTER EXTENSION okr UPDATE succeeds" q okr_up_old -c 'ALTER EXTENSION okr UPDATE'
check "the extension is now at $version" test "$(q okr_up_old -c "SELECT extversion FROM pg_extension WHERE extname = 'okr'")" = "$version"
q okr_up_new -c 'CREATE EXTENSION okr' >/dev/null
diff -u <(schema okr_up_new) <(schema okr_up_old) >test/logs/upgrade-schema.diff 2>&1
check "the upgraded schema equals a fresh install (diff in test/logs/upgrade-schema.diff)" test ! -s test/logs/upgrade-schema.diff
check "the data is intact" diff <(echo "$before") <(data okr_up_old)
check "okr.verify() is empty after the upgrade" test "$(q okr_up_old -c 'SELECT count(*) FROM okr.verify()')" -eq 0
for db in okr_up_old okr_up_new; do dropdb "$db"; done
