#!/bin/bash
# Model benchmark: what model's features cost, against a baseline in the
# same run.
#   (a) COPY of ROWS check-ins with a confidence (checked against a 0-10
#       tenant scale) against the same COPY without confidences, alternating
#   (b) okr.score over SCORES values: a threshold with partial credit
#       ('<= 3 from 10') against the all-or-nothing threshold ('<= 3')
#   (c) EXPLAIN (ANALYZE, BUFFERS) of a tag lookup on OBJECTIVES objectives
#       (attributes @>, GIN) and of a team's objectives (tenant, team)
# Run it against a scratch cluster:  pg_virtualenv test/bench/model.sh
set -euo pipefail
ROWS=${ROWS:-200000}
SCORES=${SCORES:-2000000}
OBJECTIVES=${OBJECTIVES:-50000}
db=okr_bench_model
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d $db "$@"; }
q <<SQL
CREATE EXTENSION okr;
INSERT INTO okr.tenant_config (tenant, confidence_min, confidence_max) VALUES ('default', 0, 10);
INSERT INTO okr.objective (title, period, rollup) VALUES ('Root', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (objective_id, title, target)
    SELECT 1, 'Key result ' || i, '0 -> 100' FROM generate_series(1, 5) i;
INSERT INTO okr.objective (title, period, team, attributes)
    SELECT 'Objective ' || i, '2026-Q4', 'team ' || (i % 500),
           jsonb_build_object('tags', jsonb_build_array('tag' || (i % 1000)), 'n', i)
      FROM generate_series(1, $OBJECTIVES) i;
ANALYZE;
SQL
# (a) the same rows, with and without confidences, each COPY timed by psql
data=$(mktemp -d); chmod 777 "$data"
trap 'rm -rf "$data"' EXIT
q -c "COPY (SELECT 1 + i % 5, '2026-10-01', i % 100, i % 11 FROM generate_series(1, $ROWS) i) TO '$data/with.tsv'" \
  -c "COPY (SELECT 1 + i % 5, '2026-10-01', i % 100, NULL FROM generate_series(1, $ROWS) i) TO '$data/without.tsv'"
copy_ms() {  # copy_ms FILE
    q -c "TRUNCATE okr.check_in" >/dev/null
    psql -X -q -d $db -c '\timing on' -c "COPY okr.check_in (key_result_id, at, value, confidence) FROM '$data/$1'" |
        sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
best() { printf '%s\n' "$@" | sort -n | head -1; }
with1=$(copy_ms with.tsv); without1=$(copy_ms without.tsv)
with2=$(copy_ms with.tsv); without2=$(copy_ms without.tsv)
with3=$(copy_ms with.tsv); without3=$(copy_ms without.tsv)
with=$(best "$with1" "$with2" "$with3"); without=$(best "$without1" "$without2" "$without3")
echo "(a) COPY $ROWS check-ins (fastest of 3, alternating): with confidences ${with1}/${with2}/${with3} ms, without ${without1}/${without2}/${without3} ms;" \
     "with / without = $(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.2f", a / b }')"
# (b) scoring
score_ms() {
    psql -X -q -d $db -c 'SET max_parallel_workers_per_gather = 0' -c 'SET jit = off' -c '\timing on' \
        -c "SELECT sum(okr.score('$1', v)) FROM generate_series(1, $SCORES) g, LATERAL (SELECT (g % 13)::float8 AS v) x" |
        sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
p1=$(score_ms '<= 3 from 10'); a1=$(score_ms '<= 3'); p2=$(score_ms '<= 3 from 10'); a2=$(score_ms '<= 3')
p=$(best "$p1" "$p2"); a=$(best "$a1" "$a2")
echo "(b) okr.score over $SCORES values: '<= 3 from 10' ${p1}/${p2} ms, '<= 3' ${a1}/${a2} ms;" \
     "partial / all-or-nothing = $(awk -v a="$p" -v b="$a" 'BEGIN { printf "%.2f", a / b }')"
# (c) plans
echo "(c) a tag among $OBJECTIVES objectives:"
q -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT id FROM okr.objective WHERE attributes @> '{\"tags\": [\"tag7\"]}'"
echo "    a team's objectives:"
q -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT id FROM okr.objective WHERE tenant = 'default' AND team = 'team 7'"
test "$(q -c 'SELECT count(*) FROM okr.verify()')" -eq 0 || { echo "okr.verify() found wrong values"; exit 1; }
psql -X -q -c "DROP DATABASE $db" >/dev/null
