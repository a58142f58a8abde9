#!/bin/bash
# pg_dump keeps okr's data: dump the demo (with a closed objective), restore
# it into a new database, compare.  Prints TAP.  Needs PGHOST etc.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/tap.sh
snapshot() {
    q "$1" -c "SELECT o.tenant, o.id, o.title, o.period, o.state, o.score, o.closed_at, o.final_grade FROM okr.objective o ORDER BY 1, 2" \
           -c "SELECT k.tenant, k.id, k.target, k.value, k.score FROM okr.key_result k ORDER BY 1, 2" \
           -c "SELECT count(*), sum(value) FROM okr.check_in" \
           -c "SELECT count(*), sum(amount) FILTER (WHERE status = 'done') FROM okr.output" \
           -c "SELECT * FROM okr.alignment ORDER BY 1, 2, 3"
}
echo "1..5"
for db in okr_dump_src okr_dump_dst; do dropdb --if-exists "$db" 2>/dev/null; createdb "$db"; done
q okr_dump_src -f test/demo.sql >/dev/null
q okr_dump_src -c "UPDATE okr.objective SET state = 'closed' WHERE id = 2" >/dev/null
dump=$(mktemp)
pg_dump okr_dump_src >"$dump"
errors=$(psql -X -q -d okr_dump_dst -f "$dump" 2>&1 | grep -c ERROR)
check "plain restore raises no error" test "$errors" -eq 0
check "restored data equals the original, closed objective included" \
    diff <(snapshot okr_dump_src) <(snapshot okr_dump_dst)
check "okr.verify() is empty after restore" test "$(q okr_dump_dst -c 'SELECT count(*) FROM okr.verify()')" -eq 0
check "identity sequences continue after restore" \
    test "$(q okr_dump_dst -c "INSERT INTO okr.objective (title, period) VALUES ('next', '2027') RETURNING id")" -eq 4
check "the restored closed objective stays frozen" \
    bash -c "! psql -X -q -d okr_dump_dst -c 'INSERT INTO okr.check_in (key_result_id, value) VALUES (1, 10)' 2>/dev/null"
rm -f "$dump"
for db in okr_dump_src okr_dump_dst; do dropdb "$db"; done
