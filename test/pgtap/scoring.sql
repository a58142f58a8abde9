-- pgTAP: scoring — okr.progress, okr.score, okr.status, okr.grade and
-- okr.weighted_score: values, errors, catalog properties and invariants.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(46);

-- The seed's examples and Quantive's.
SELECT is(okr.progress('72 -> 2', 37), 0.5::float8, 'recovery 72 -> 2 h at 37 h: progress 0.5');
SELECT is(okr.progress('72 -> 2', 1), 71 / 70::float8, 'recovery at 1 h: progress 71/70');
SELECT is(okr.score('72 -> 2', 1), 1::float8, 'recovery at 1 h: score capped at 1');
SELECT is(okr.score('72 -> 2', 72), 0::float8, 'recovery at the baseline: score 0');
SELECT is(okr.score('0 -> 30', 12), 0.4::float8, '12 of 30 VMs: 0.4');
SELECT is(okr.progress('100 -> 60', 70), 0.75::float8, 'bugs 100 -> 60 at 70: 0.75');
SELECT is(okr.progress('100 -> 60', 50), 1.25::float8, 'bugs at 50: progress 1.25');
SELECT is(okr.score('100 -> 60', 50), 1::float8, 'bugs at 50: score 1');
SELECT is(okr.score('100 -> 60', 50, 1.5), 1.25::float8, 'bugs at 50, cap 1.5: score 1.25');
SELECT is(okr.score('>= 99.9', 99.9), 1::float8, '>= is inclusive');
SELECT is(okr.score('<= 2', 2.0001), 0::float8, '<= misses just above');
SELECT is(okr.score('10 .. 20', 20), 1::float8, 'a band is inclusive');
SELECT is(okr.score('milestone', 0.5), 0::float8, 'a milestone half done is not done');
SELECT is(okr.score('milestone', 1, 1.5), 1::float8, 'a met threshold scores 1 whatever the cap');

-- Errors.
SELECT throws_ok($$SELECT okr.progress('0 -> 30', 'NaN')$$, '22023', 'value must be a number, not NaN', 'progress refuses NaN');
SELECT throws_ok($$SELECT okr.score('0 -> 30', 'NaN')$$, '22023', NULL, 'score refuses NaN');
SELECT throws_ok($$SELECT okr.score('0 -> 30', 1, 0)$$, '22023', NULL, 'a cap of 0 is refused');
SELECT throws_ok($$SELECT okr.score('0 -> 30', 1, -1)$$, '22023', NULL, 'a negative cap is refused');
SELECT throws_ok($$SELECT okr.score('0 -> 30', 1, 'infinity')$$, '22023', NULL, 'an infinite cap is refused');
SELECT throws_ok($$SELECT okr.status('NaN', 0.5)$$, '22023', NULL, 'status refuses NaN');
SELECT throws_ok($$SELECT okr.weighted_score(s, w) FROM (VALUES (0.5::float8, -1::float8)) v(s, w)$$,
                 '22023', NULL, 'a negative weight is refused');
SELECT throws_ok($$SELECT okr.weighted_score(s, w) FROM (VALUES (0.5::float8, 'NaN'::float8)) v(s, w)$$,
                 '22023', NULL, 'a NaN weight is refused');

-- Invariants over a grid of targets, values and caps.
CREATE TEMP TABLE grid AS
SELECT t, v, cap
FROM unnest('{"0 -> 30", "72 -> 2", "100 -> 60", "-5 -> 5", "0.1 -> 0.3", ">= 99.9", "<= 2", "10 .. 20", "milestone"}'::okr.target[]) t,
     (SELECT i / 4.0::float8 AS v FROM generate_series(-400, 600) i
      UNION ALL VALUES ('infinity'::float8), ('-infinity'), (1e300), (-1e300)) vs,
     unnest('{0.5, 1, 1.5, 3}'::float8[]) cap;
SELECT is(count(*) FILTER (WHERE NOT (okr.score(t, v, cap) BETWEEN 0 AND cap)), 0::bigint,
          'the score is always in [0, cap]') FROM grid;
SELECT is(count(*) FILTER (WHERE okr.score(t, v, cap)
                                 <> greatest(0, least(cap, okr.progress(t, v)))), 0::bigint,
          'the score is the progress clamped to [0, cap]') FROM grid;
SELECT is(count(*) FILTER (WHERE okr.score(t, v) <> okr.score(t, v, 1)), 0::bigint,
          'the default cap is 1') FROM grid;
SELECT is(count(*) FILTER (WHERE okr.is_met(t, v) <> (okr.progress(t, v) >= 1)), 0::bigint,
          'met exactly when progress reaches 1') FROM grid WHERE cap = 1;
SELECT is(count(*) FILTER (WHERE okr.direction(t) IN ('at_least', 'at_most', 'within', 'milestone')
                               AND okr.progress(t, v) NOT IN (0, 1)), 0::bigint,
          'thresholds, bands and milestones progress 0 or 1') FROM grid WHERE cap = 1;
SELECT is(count(*) FILTER (WHERE p < prev), 0::bigint, 'progress is monotonic in the value for an increase')
FROM (SELECT okr.progress(t, v) AS p, lag(okr.progress(t, v)) OVER (PARTITION BY t::text ORDER BY v) AS prev
      FROM grid WHERE cap = 1 AND okr.direction(t) = 'increase') s;
SELECT is(count(*) FILTER (WHERE p > prev), 0::bigint, 'progress is antitone in the value for a decrease')
FROM (SELECT okr.progress(t, v) AS p, lag(okr.progress(t, v)) OVER (PARTITION BY t::text ORDER BY v) AS prev
      FROM grid WHERE cap = 1 AND okr.direction(t) = 'decrease') s;
SELECT is(count(*) FILTER (WHERE okr.progress(t, okr.baseline(t)) <> 0 OR okr.progress(t, okr.goal(t)) <> 1),
          0::bigint, 'a -> b: progress 0 at the baseline and 1 at the goal')
FROM unnest('{"0 -> 30", "72 -> 2", "100 -> 60", "-5 -> 5", "0.1 -> 0.3", "1e-300 -> 1e300"}'::okr.target[]) t;

-- Status and grade: defaults, then changed settings.
SELECT is(okr.status(0.4, 0.5), 'on_track', 'on_track exactly at expected - at_risk_gap');
SELECT is(okr.status(0.3, 0.4), 'on_track', 'the boundary is inclusive despite binary rounding');
SELECT is(okr.status(0.25, 0.5), 'at_risk', 'at_risk exactly at expected - off_track_gap');
SELECT is(okr.status(0.2499, 0.5), 'off_track', 'off_track below it');
SET LOCAL okr.at_risk_gap = 0.2;
SELECT is(okr.status(0.3, 0.5), 'on_track', 'a wider at_risk_gap moves the boundary');
SET LOCAL okr.off_track_gap = 0.3;
SELECT is(okr.status(0.19, 0.5), 'off_track', 'a narrower off_track_gap moves the other');
RESET okr.at_risk_gap;
RESET okr.off_track_gap;
SELECT is(ARRAY[okr.grade(0.39), okr.grade(0.4), okr.grade(0.69), okr.grade(0.7)],
          '{red,yellow,yellow,green}', 'grade bands at 0.39, 0.4, 0.69, 0.7');
SET LOCAL okr.grade_green = 0.9;
SELECT is(okr.grade(0.8), 'yellow', 'okr.grade_green is read at call time');

-- The aggregate.
SELECT is(okr.weighted_score(s, w), 0.625::float8, 'weighted mean (1*1 + 0.5*3) / 4')
FROM (VALUES (1::float8, 1::float8), (0.5, 3), (NULL, 9), (0.9, NULL), (0.1, 0)) v(s, w);
SELECT is(okr.weighted_score(s, w), NULL, 'all weights 0: NULL')
FROM (VALUES (1::float8, 0::float8), (0.5, 0)) v(s, w);
SELECT is(okr.weighted_score(s, w), NULL, 'all NULL: NULL')
FROM (VALUES (NULL::float8, 1::float8), (0.5, NULL)) v(s, w);

-- Catalog properties.
SELECT is(concat_ws(' ', provolatile, proisstrict, proparallel), expected,
          format('%s: volatility, strictness, parallel safety', oid::regprocedure))
FROM (VALUES ('okr.progress(okr.target, float8)'::regprocedure, 'i t s'),
             ('okr.score(okr.target, float8, float8)', 'i t s'),
             ('okr.status(float8, float8)', 's t s'),
             ('okr.grade(float8)', 's t s')) v(fn, expected)
JOIN pg_proc ON pg_proc.oid = fn;
SELECT is(concat_ws(' ', proparallel, aggcombinefn, agginitval), 's okr.weighted_score_combine {0,0}',
          'okr.weighted_score is parallel safe, with a combine function and initial state {0,0}')
FROM pg_aggregate JOIN pg_proc ON pg_proc.oid = aggfnoid
WHERE aggfnoid = 'okr.weighted_score(float8, float8)'::regprocedure;

SELECT * FROM finish();
ROLLBACK;
