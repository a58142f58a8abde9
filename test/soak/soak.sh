#!/bin/bash
# Bounded concurrency soak (issue 8): CLIENTS clients for SECONDS seconds
# mixing check-ins (back-dated too), edits, deletes, output status changes,
# target and weight edits, re-parenting, closing and drafts under one root;
# then okr.verify() must be empty and no transaction may have died of a
# deadlock.  TAP output.  Run inside a cluster (PGHOST/PGPORT set), e.g. by
# test/suites.sh; longer: CLIENTS=64 SECONDS_TO_RUN=600 test/soak/soak.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
clients=${CLIENTS:-16}
seconds=${SECONDS_TO_RUN:-45}
db=okr_soak
dropdb --if-exists $db >/dev/null 2>&1
createdb $db && psql -X -q -v ON_ERROR_STOP=1 -d $db -c 'CREATE EXTENSION okr' -f test/soak/setup.sql >/dev/null || exit 1
one=$(mktemp) two=$(mktemp)
echo '\set op random(1, 100)
SELECT soak.step(:op);' >"$one"
# two check-ins in one transaction, in random order
echo 'BEGIN;
SELECT soak.step(1);
SELECT soak.step(50);
COMMIT;' >"$two"
out=$(pgbench -n -c "$clients" -j 2 -T "$seconds" --failures-detailed -f "$one@4" -f "$two@1" "$db" 2>&1)
rm -f "$one" "$two"
echo "$out" | sed 's/^/# /'
processed=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
deadlocks=$(echo "$out" | sed -n 's/^number of deadlock failures: \([0-9]*\).*/\1/p')
aborted=$(echo "$out" | grep -c 'aborted')
mismatches=$(psql -X -At -d $db -c 'SELECT count(*) FROM okr.verify()')
# changes appended instead of waited for are folded by the next flush that
# holds the objective: what is left is bounded by the last transactions
pending=$(psql -X -At -d $db -c 'SELECT count(*) FROM okr.pending_score')
echo "1..5"
[ "${processed:-0}" -gt 0 ] && echo "ok 1 - $clients clients ran $processed transactions in ${seconds}s" || echo "not ok 1 - no transaction ran"
[ "$aborted" -eq 0 ] && echo "ok 2 - no client aborted on an error" || echo "not ok 2 - $aborted clients aborted"
[ "${deadlocks:-0}" -eq 0 ] && [ "${failed:-0}" -eq 0 ] && echo "ok 3 - 0 deadlocks, 0 failed transactions" \
    || echo "not ok 3 - ${deadlocks:-?} deadlocks, ${failed:-?} failed transactions"
[ "$mismatches" = 0 ] && echo "ok 4 - okr.verify() is empty" || echo "not ok 4 - okr.verify(): $mismatches mismatches"
[ "$pending" -le $((clients * 10)) ] && echo "ok 5 - $pending pending score changes left (folded as they go)" \
    || echo "not ok 5 - $pending pending score changes left: they are not being folded"
psql -X -d $db -c 'SELECT * FROM okr.verify() LIMIT 10' | sed 's/^/# /'
dropdb $db
