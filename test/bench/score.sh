#!/usr/bin/env bash
# test/bench/score.sh — how fast is okr.score?
#
# Compares, over an unlogged table of ROWS float8 values (default 10 million),
#   (0) sum(v)                                       the cost of the scan alone
#   (1) sum(okr.score('0 -> 30'::okr.target, v))     the C function
#   (2) sum(greatest(0, least(1, (v - 0) / (30 - 0))))  the formula in plain SQL
#   (3) sum(plpgsql_score(0, 30, 1, v))              the formula in PL/pgSQL
# with parallelism and JIT off, each repeated REPS times (PL/pgSQL:
# PLPGSQL_REPS times) in alternating order, and prints the medians and the
# ratios okr/plain (goal <= 1.3) and plpgsql/okr (goal >= 5).
#
# Runs against the PostgreSQL the environment points at (PGHOST, PGPORT,
# PGDATABASE, ...), e.g.:  pg_virtualenv test/bench/score.sh
# Exits non-zero only when the three formulas disagree (a wrong answer), not
# when a goal is missed.  KEEP=1 keeps the table for another run.
set -euo pipefail

ROWS=${ROWS:-10000000}
REPS=${REPS:-5}
PLPGSQL_REPS=${PLPGSQL_REPS:-3}
KEEP=${KEEP:-0}

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

psql_run() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}

echo "okr.score benchmark: $ROWS rows, $REPS runs ($PLPGSQL_REPS for PL/pgSQL), parallelism and JIT off"
psql_run -At -c "SELECT 'server: ' || version()"

psql_run -v rows="$ROWS" <<'SQL'
CREATE EXTENSION IF NOT EXISTS okr;
CREATE SCHEMA IF NOT EXISTS okr_bench;
CREATE OR REPLACE FUNCTION okr_bench.plpgsql_score(a float8, b float8, cap float8, v float8)
    RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN greatest(0, least(cap, (v - a) / (b - a)));
END $$;
DROP TABLE IF EXISTS okr_bench.data;
CREATE UNLOGGED TABLE okr_bench.data (v float8);
\echo loading :rows rows
INSERT INTO okr_bench.data SELECT random() * 40 FROM generate_series(1, :rows);
VACUUM ANALYZE okr_bench.data;
SQL

out=$(psql_run -v reps="$REPS" -v plpgsql_reps="$PLPGSQL_REPS" <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SET okr_bench.reps = :reps;
SET okr_bench.plpgsql_reps = :plpgsql_reps;
CREATE TEMP TABLE timing (query text, rep int, ms float8, result float8);
-- Warm the cache once.
SELECT sum(v) IS NOT NULL AS warmed FROM okr_bench.data \gset
DO $$
DECLARE
    queries text[] := ARRAY[
        'SELECT sum(v) FROM okr_bench.data',
        'SELECT sum(okr.score(''0 -> 30''::okr.target, v)) FROM okr_bench.data',
        'SELECT sum(greatest(0, least(1, (v - 0) / (30 - 0)))) FROM okr_bench.data',
        'SELECT sum(okr_bench.plpgsql_score(0, 30, 1, v)) FROM okr_bench.data'];
    names text[] := ARRAY['(0) sum(v)', '(1) okr.score', '(2) plain SQL', '(3) PL/pgSQL'];
    reps int := current_setting('okr_bench.reps')::int;
    plpgsql_reps int := current_setting('okr_bench.plpgsql_reps')::int;
    q int;
    t0 timestamptz;
    res float8;
BEGIN
    FOR r IN 1 .. reps LOOP
        FOR k IN 1 .. 4 LOOP
            -- alternate the order: forwards on odd runs, backwards on even ones
            q := CASE WHEN r % 2 = 1 THEN k ELSE 5 - k END;
            CONTINUE WHEN q = 4 AND r > plpgsql_reps;
            t0 := clock_timestamp();
            EXECUTE queries[q] INTO res;
            INSERT INTO timing VALUES (names[q], r,
                extract(epoch FROM clock_timestamp() - t0) * 1000, res);
        END LOOP;
    END LOOP;
END $$;
CREATE TEMP VIEW med AS
SELECT query, count(*) AS runs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       min(ms) AS min_ms, max(ms) AS max_ms,
       min(result) AS result, max(result) AS result_max
FROM timing GROUP BY query;
\pset footer off
SELECT query, runs, round(median_ms::numeric, 1) AS median_ms,
       round(min_ms::numeric, 1) AS min_ms, round(max_ms::numeric, 1) AS max_ms,
       round((median_ms - (SELECT median_ms FROM med WHERE query = '(0) sum(v)'))::numeric, 1)
           AS over_scan_ms,
       result
FROM med ORDER BY query;
-- Every run of a formula gives the same sum, and the three formulas agree.
SELECT CASE WHEN count(*) FILTER (WHERE result IS DISTINCT FROM result_max) = 0
             AND max(result) FILTER (WHERE query <> '(0) sum(v)')
                 - min(result) FILTER (WHERE query <> '(0) sum(v)')
                 <= 1e-9 * abs(max(result) FILTER (WHERE query <> '(0) sum(v)'))
             AND count(*) FILTER (WHERE query <> '(0) sum(v)') = 3
            THEN 'CHECK ok: the three sums agree'
            ELSE 'CHECK WRONG ANSWER: the sums differ' END
FROM med \g (format=unaligned tuples_only)
SELECT format('okr/plain    = %s (goal <= 1.3): %s', round(o.m / p.m, 2),
              CASE WHEN o.m / p.m <= 1.3 THEN 'GOAL MET' ELSE 'GOAL MISSED' END),
       format('plpgsql/okr  = %s (goal >= 5): %s', round(l.m / o.m, 2),
              CASE WHEN l.m / o.m >= 5 THEN 'GOAL MET' ELSE 'GOAL MISSED' END),
       format('over the scan: okr %s ms, plain %s ms, plpgsql %s ms; (okr-scan)/(plain-scan) = %s',
              round(o.m - b.m), round(p.m - b.m), round(l.m - b.m),
              round((o.m - b.m) / nullif(p.m - b.m, 0), 2))
FROM (SELECT median_ms::numeric AS m FROM med WHERE query = '(0) sum(v)') b,
     (SELECT median_ms::numeric AS m FROM med WHERE query = '(1) okr.score') o,
     (SELECT median_ms::numeric AS m FROM med WHERE query = '(2) plain SQL') p,
     (SELECT median_ms::numeric AS m FROM med WHERE query = '(3) PL/pgSQL') l
\g (format=unaligned tuples_only fieldsep='\n')
SQL
)
echo "$out"

if [ "$KEEP" != 1 ]; then
	psql_run -c "DROP SCHEMA okr_bench CASCADE"
fi

if grep -q '^CHECK ok' <<<"$out"; then
	exit 0
fi
echo "score.sh: wrong answer" >&2
exit 1
