-- Scoring: okr.progress, okr.score, okr.status, okr.grade and the
-- aggregate okr.weighted_score.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/lib/try.psql

-- The seed's outcome: incident recovery time from 72 hours to 2 hours.
-- 37 h is half way; 1 h overshoots: progress 71/70, score capped at 1.
SELECT hours, okr.progress('72 -> 2', hours), okr.score('72 -> 2', hours)
FROM unnest('{72, 37, 2, 1}'::float8[]) hours;

-- The seed's output: 30 cloud VMs installed; 12 so far is 0.4.
SELECT okr.progress('0 -> 30', 12) AS progress, okr.score('0 -> 30', 12) AS score;

-- Quantive's example: open bugs from 100 down to 60.
SELECT bugs, okr.progress('100 -> 60', bugs) AS progress,
       okr.score('100 -> 60', bugs) AS score,
       okr.score('100 -> 60', bugs, 1.5) AS score_cap_1_5
FROM unnest('{100, 70, 60, 50, 110}'::float8[]) bugs;

-- Progress is uncapped, the score is clamped to [0, cap].
SELECT t, v, okr.progress(t, v), okr.score(t, v), okr.score(t, v, 2) AS score_cap_2
FROM (VALUES ('0 -> 30'::okr.target, -15), ('0 -> 30', 0), ('0 -> 30', 45), ('0 -> 30', 90),
             ('0.1 -> 0.3', 0.2),  -- 0.1 / 0.19999999999999998 in binary
             ('-5 -> 5', 0), ('-5 -> 5', -10),
             ('0 -> 30', 'infinity'), ('0 -> 30', '-infinity'),
             ('72 -> 2', '-infinity'), ('72 -> 2', 'infinity')) v(t, v);

-- Thresholds, bands and milestones score 1 when met (bounds inclusive), else 0.
SELECT t, v, okr.progress(t, v), okr.score(t, v), okr.score(t, v, 1.5) AS score_cap_1_5
FROM (VALUES ('>= 99.9'::okr.target, 99.89), ('>= 99.9', 99.9), ('>= 99.9', 100),
             ('<= 2', 2.01), ('<= 2', 2), ('<= 2', 0),
             ('10 .. 20', 9.99), ('10 .. 20', 10), ('10 .. 20', 15), ('10 .. 20', 20), ('10 .. 20', 20.01),
             ('3 .. 3', 3), ('3 .. 3', 3.0000001),
             ('milestone', 0), ('milestone', 0.99), ('milestone', 1), ('milestone', 7)) v(t, v);

-- STRICT: NULL in, NULL out.
SELECT okr.score(NULL, 1) IS NULL AS null_target, okr.score('0 -> 30', NULL) IS NULL AS null_value,
       okr.score('0 -> 30', 1, NULL) IS NULL AS null_cap, okr.progress('0 -> 30', NULL) IS NULL AS null_progress;

-- Bad values and caps (22023).
SELECT call, t.*
FROM (VALUES ($$SELECT okr.progress('0 -> 30', 'NaN')$$),
             ($$SELECT okr.score('0 -> 30', 'NaN')$$),
             ($$SELECT okr.score('0 -> 30', 10, 0)$$),
             ($$SELECT okr.score('0 -> 30', 10, -1)$$),
             ($$SELECT okr.score('0 -> 30', 10, 'NaN')$$),
             ($$SELECT okr.score('0 -> 30', 10, 'infinity')$$),
             ($$SELECT okr.score('0 -> 30', 10, 1e-300)$$)) v(call),
     pg_temp.try(call) t;

-- okr.status: on_track from expected - okr.at_risk_gap (0.1), at_risk from
-- expected - okr.off_track_gap (0.25), boundaries inclusive.
SELECT score, expected, okr.status(score, expected)
FROM (VALUES (0.5, 0.5), (0.6, 0.5), (0.4, 0.5), (0.39, 0.5), (0.25, 0.5), (0.24, 0.5),
             (0.3, 0.4), (0.15, 0.4), (0.14, 0.4), (0.9, 1), (0.75, 1), (0.7, 1),
             (0, 0), (0, 0.1), (0, 0.11), (0, 0.25), (0, 0.26), (1.2, 1)) v(score, expected);
SET okr.at_risk_gap = 0;
SET okr.off_track_gap = 0.5;
SELECT score, expected, okr.status(score, expected)
FROM (VALUES (0.5, 0.5), (0.49, 0.5), (0, 0.5), (0, 0.51), (0.7, 1), (0.5, 1), (0.49, 1)) v(score, expected);
RESET okr.at_risk_gap;
RESET okr.off_track_gap;
SELECT call, t.*
FROM (VALUES ($$SELECT okr.status('NaN', 0.5)$$), ($$SELECT okr.status(0.5, 'NaN')$$),
             ($$SELECT okr.grade('NaN')$$)) v(call),
     pg_temp.try(call) t;

-- okr.grade: red below 0.4, yellow below 0.7, green from 0.7.
SELECT score, okr.grade(score)
FROM unnest('{0, 0.39, 0.4, 0.69, 0.7, 1, 1.25, -1}'::float8[]) score;
-- A computed score exactly on a boundary: 21 of 30 is 0.7, green.
SELECT okr.score('0 -> 30', 21) AS score, okr.grade(okr.score('0 -> 30', 21));
SET okr.grade_yellow = 0.3;
SET okr.grade_green = 0.6;
SELECT score, okr.grade(score)
FROM unnest('{0.29, 0.3, 0.59, 0.6}'::float8[]) score;
RESET okr.grade_yellow;
RESET okr.grade_green;

-- okr.weighted_score = sum(weight * score) / sum(weight).
CREATE TEMP TABLE kr (objective text, score float8, weight float8);
INSERT INTO kr VALUES
    ('uptime', 1, 1), ('uptime', 0.5, 3),                      -- (1 + 1.5) / 4 = 0.625
    ('migrate', 0.4, 2), ('migrate', NULL, 5), ('migrate', 0.9, NULL),  -- NULLs skipped: 0.4
    ('audit', 0.2, 0), ('audit', 0.8, 1),                      -- zero weight adds nothing: 0.8
    ('unweighted', 0.3, 0), ('unweighted', 0.6, 0),            -- no weight at all: NULL
    ('unknown', NULL, 1), ('unknown', NULL, NULL);             -- nothing to average: NULL
SELECT objective, okr.weighted_score(score, weight) FROM kr GROUP BY objective ORDER BY objective;
SELECT okr.weighted_score(score, weight) AS all_rows FROM kr;  -- (1 + 1.5 + 0.8 + 0.8) / 7 = 4.1 / 7 = 0.58571428571...
SELECT okr.weighted_score(score, weight) AS no_rows FROM kr WHERE false;

-- Bad weights and scores (22023).
SELECT call, t.*
FROM (VALUES ('SELECT okr.weighted_score(s, w) FROM (VALUES (0.5, 1), (0.5, -1)) v(s, w)'),
             ($$SELECT okr.weighted_score(s, w) FROM (VALUES (0.5, 1), (0.5, 'NaN'::float8)) v(s, w)$$),
             ($$SELECT okr.weighted_score(s, w) FROM (VALUES (0.5, 'infinity'::float8)) v(s, w)$$),
             ($$SELECT okr.weighted_score(s, w) FROM (VALUES ('NaN'::float8, 1)) v(s, w)$$),
             ('SELECT okr.weighted_score(s, w) FROM (VALUES (1e300, 1e300)) v(s, w)'),
             ($$SELECT okr.weighted_score_accum('{1}', 0.5, 1)$$),
             ($$SELECT okr.weighted_score_final('{1,NULL}')$$)) v(call),
     pg_temp.try(call) t;

-- The support functions called directly.
SELECT okr.weighted_score_accum('{0,0}', 0.5, 2) AS accum,
       okr.weighted_score_accum('{1,2}', 0.5, 0) AS accum_zero_weight,
       okr.weighted_score_combine('{1,2}', '{3,4}') AS combine,
       okr.weighted_score_final('{3,4}') AS final,
       okr.weighted_score_final('{0,0}') AS final_no_weight;

-- In parallel: Partial Aggregate in the workers, Finalize Aggregate in the
-- leader (the combine function), and the same answer as a serial plan.
-- Scores are multiples of 0.25 and weights integers, so every sum is exact.
CREATE TABLE kr_many (score float8, weight float8);
INSERT INTO kr_many
SELECT (i % 5) * 0.25, i % 3 FROM generate_series(1, 100000) i;
ANALYZE kr_many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT okr.weighted_score(score, weight) FROM kr_many;
SELECT okr.weighted_score(score, weight) AS parallel_result FROM kr_many;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT okr.weighted_score(score, weight) FROM kr_many;
SELECT okr.weighted_score(score, weight) AS serial_result,
       sum(score * weight) / sum(weight) AS by_hand
FROM kr_many;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE kr_many;
