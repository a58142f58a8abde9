#!/bin/bash
# Pace benchmark (issue 11): what the maintained pace (okr.objective_pace,
# sql/install/57-pace.sql) costs at the size of a large organisation, against
# baselines measured in the same run.
#   shape: a yearly root (2026) -> 100 yearly departments -> N - 101 quarterly
#   teams (2026-Q4), one key result ('0 -> 100') each.
# Measures:
#   load     loading the alignments and key results with the pace triggers on,
#            against the same statements with them off (okr.rebuild_pace()
#            afterwards, timed apart);
#   lookup   okr.scorecard for one objective (the root, with 100 children):
#            its plan (EXPLAIN ANALYZE, BUFFERS) and time;
#   view     the whole okr.scorecard (count(status)) against the status the
#            view computed before, by okr.elapsed(period, now()), same join;
#   edit     one key result inserted under a team (its pace, its department's
#            with ~1,000 children, the root's recomputed) against the same
#            insert with the pace triggers off: median of RUNS.
# Run:  pg_virtualenv -t test/bench/pace.sh          (N=100000 by default)
set -euo pipefail
N=${N:-100000}
RUNS=${RUNS:-15}
db=${DB:-okr_bench_pace}
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { q -c '\timing on' "$@" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
q -v n="$N" <<'SQL'
CREATE EXTENSION okr;
INSERT INTO okr.objective (id, title, period, rollup)
SELECT i, 'Objective ' || i, CASE WHEN i <= 101 THEN '2026' ELSE '2026-Q4' END::okr.period,
       CASE WHEN i <= 101 THEN 'children' ELSE 'key_results' END
  FROM generate_series(1, :n) i;
ANALYZE okr.objective;
CREATE TABLE edges AS
SELECT i AS child, CASE WHEN i <= 101 THEN 1 ELSE 2 + i % 100 END AS parent FROM generate_series(2, :n) i;
SQL

load() {  # the alignments and key results, in statements of 10,000 rows
    q -v n="$N" <<'SQL'
SELECT format('INSERT INTO okr.alignment (child_id, parent_id) SELECT child, parent FROM edges WHERE child BETWEEN %s AND %s',
              b, b + 9999) FROM generate_series(2, :n, 10000) b \gexec
SELECT format($f$INSERT INTO okr.key_result (id, objective_id, title, target)
               SELECT j, j, 'Key result ' || j, '0 -> 100' FROM generate_series(%s, %s) j$f$, b, least(b + 9999, :n))
  FROM generate_series(102, :n, 10000) b \gexec
SQL
}
# okr.refresh_pace made a no-op and back: the structure triggers
# (58-structure-triggers.sql) maintain paths and shapes in the same call
pace_def=$(q -c "SELECT pg_get_functiondef('okr.refresh_pace(text[], bigint[])'::regprocedure)")
pace_triggers() {
    if [ "$1" = DISABLE ]; then
        q -c "CREATE OR REPLACE FUNCTION okr.refresh_pace(tenants text[], objective_ids bigint[]) RETURNS void LANGUAGE sql AS ''"
    else
        q -c "$pace_def"
    fi
}

t0=$(date +%s%N); load; t1=$(date +%s%N)
with_pace=$(( (t1 - t0) / 1000000 ))
q -c 'TRUNCATE okr.key_result, okr.alignment CASCADE'
pace_triggers DISABLE
t0=$(date +%s%N); load; t1=$(date +%s%N)
without_pace=$(( (t1 - t0) / 1000000 ))
pace_triggers ENABLE
rebuild=$(ms -c 'SELECT okr.rebuild_pace()')
q -c 'ANALYZE'
echo "objectives: $(q -c 'SELECT count(*) FROM okr.objective'), pace rows: $(q -c 'SELECT count(*) FROM okr.objective_pace')"
echo "root: $(q -c "SELECT format('periods %s shares %s', periods, shares) FROM okr.objective_pace WHERE objective_id = 1")"
echo
echo "load (alignments + key results): ${with_pace} ms with pace, ${without_pace} ms without: ratio $(ratio "$with_pace" "$without_pace")"
echo "okr.rebuild_pace() of everything: ${rebuild} ms"

lookup=$(for i in $(seq "$RUNS"); do ms -c "SELECT expected FROM okr.scorecard WHERE tenant = 'default' AND objective_id = 1"; done | median)
view=$(for i in 1 2 3; do ms -c "SELECT count(status) FROM okr.scorecard"; done | median)
# the scorecard's status as it was computed before: the own period's share
base=$(for i in 1 2 3; do ms -c "SELECT count(status) FROM (SELECT CASE WHEN o.score IS NULL THEN 'no_data'
      ELSE okr.status(o.score, okr.elapsed(o.period, now()), o.tenant) END AS status FROM okr.objective o
      JOIN okr.objective_shape s ON s.tenant = o.tenant AND s.objective_id = o.id) v"; done | median)
echo "scorecard of one objective: ${lookup} ms (median of $RUNS)"
echo "whole scorecard (count(status)): ${view} ms; status by the own period's share over the same join: ${base} ms: ratio $(ratio "$view" "$base")"

edit() {  # one key result in, one out, under team objective N/2
    for i in $(seq "$RUNS"); do
        ms -c "INSERT INTO okr.key_result (id, objective_id, title, target) VALUES ($((N + i)), $((N / 2)), 'extra', '0 -> 1')"
        q -c "DELETE FROM okr.key_result WHERE id = $((N + i))"
    done | median
}
with_edit=$(edit)
pace_triggers DISABLE
without_edit=$(edit)
pace_triggers ENABLE
echo "one key result inserted under a team: ${with_edit} ms with pace, ${without_edit} ms without (median of $RUNS)"
echo
echo "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM okr.scorecard WHERE tenant = 'default' AND objective_id = 1:"
q -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM okr.scorecard WHERE tenant = 'default' AND objective_id = 1"
