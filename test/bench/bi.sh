#!/bin/bash
# BI benchmark: how long the BI views and the time-travel functions take on a
# larger tree, and whether time travel to the present agrees with the rollup.
#   2,000 objectives (fan-out 6, 4 levels, 200 with a second parent; rollup
#   both / key_results / children in turn), 6,000 key results (a quarter fed
#   by outputs), 36,000 check-ins, 15,000 done outputs
# Run it against a scratch database:  pg_virtualenv test/bench/bi.sh
# Prints the median of RUNS runs per query, in ms; exits non-zero if
# okr.scores_at(now) disagrees with a maintained score or okr.explain's
# contributions do not add up.
set -euo pipefail
RUNS=${RUNS:-5}
db=okr_bench_bi

psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d $db "$@"; }
q <<'SQL'
CREATE EXTENSION okr;
INSERT INTO okr.objective (id, title, period, rollup, created_at)
SELECT i, 'Objective ' || i, '2026', (ARRAY['both', 'key_results', 'children'])[1 + i % 3], '2026-01-01'
  FROM generate_series(1, 2000) i;
INSERT INTO okr.alignment (child_id, parent_id, weight)
SELECT i, i / 6, 1 + i % 3 FROM generate_series(6, 2000) i;
INSERT INTO okr.alignment (child_id, parent_id)
SELECT i, i / 7 FROM generate_series(1000, 1200) i WHERE i / 7 <> i / 6;
INSERT INTO okr.key_result (id, objective_id, title, target, source, created_at)
SELECT j, 1 + (j - 1) / 3, 'Key result ' || j, '0 -> 100',
       CASE WHEN j % 4 = 0 THEN 'outputs' ELSE 'check_ins' END, '2026-01-01'
  FROM generate_series(1, 6000) j;
INSERT INTO okr.check_in (key_result_id, at, value)
SELECT j, timestamptz '2026-01-01' + n * interval '30 days', n * 8
  FROM generate_series(1, 6000) j, generate_series(1, 8) n WHERE j % 4 <> 0;
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT j, 'Output', 'done', timestamptz '2026-01-01' + n * interval '20 days'
  FROM generate_series(4, 6000, 4) j, generate_series(1, 10) n;
SQL
q -c "ANALYZE" >/dev/null

# median of $RUNS runs of a query, in ms
time_query() {
    q -c "CREATE OR REPLACE FUNCTION pg_temp.t() RETURNS float8 LANGUAGE plpgsql AS \$f\$
          DECLARE t0 timestamptz; ms float8[] := '{}'; n bigint;
          BEGIN
              FOR i IN 1..$RUNS LOOP
                  t0 := clock_timestamp();
                  EXECUTE \$q\$SELECT count(*) FROM ($1) x WHERE x::text IS NOT NULL\$q\$ INTO n;
                  ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
              END LOOP;
              RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) FROM unnest(ms) m);
          END \$f\$;
          SELECT round(pg_temp.t()::numeric, 1);"
}

printf '%-72s %10s\n' query 'median ms'
while IFS= read -r sql; do
    printf '%-72s %10s\n' "$sql" "$(time_query "$sql" | tail -1)"
done <<'QUERIES'
SELECT * FROM okr.scorecard
SELECT * FROM okr.key_result_progress
SELECT * FROM okr.alignment_tree
SELECT * FROM okr.check_in_history
SELECT * FROM okr.output_progress
SELECT * FROM okr.scores_at('2026-06-01')
SELECT * FROM okr.scorecard_at('2026-06-01')
SELECT * FROM okr.score_series(3, '2026-01-01', '2026-12-31', '1 month')
SELECT * FROM okr.score_series(50, '2026-01-01', '2026-12-31', '1 week')
SELECT * FROM okr.explain(3)
SELECT * FROM okr.explain(3, '2026-06-01')
QUERIES

bad=$(q <<'SQL'
SELECT (SELECT count(*)
          FROM okr.scores_at(clock_timestamp()) s
          JOIN (SELECT tenant, 'objective' AS kind, id, score FROM okr.objective
                UNION ALL SELECT tenant, 'key_result', id, score FROM okr.key_result) m
            USING (tenant, kind, id)
         WHERE NOT okr.same_score(s.score, m.score))
     + (SELECT count(*) FROM (
            SELECT p.path
              FROM okr.explain(3) p
              JOIN okr.explain(3) c ON c.depth = p.depth + 1 AND starts_with(c.path, p.path || ' > ')
             WHERE p.kind = 'objective'
             GROUP BY p.path, p.score
            HAVING NOT okr.same_score(sum(c.contribution), p.score)) x);
SQL
)
psql -X -q -c "DROP DATABASE $db" >/dev/null
echo "inconsistencies: $bad"
[ "$bad" = 0 ]
