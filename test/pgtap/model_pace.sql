-- Pace across periods: an objective's expected progress is the weighted mean
-- of its counted inputs' expected progress (57-pace.sql), maintained in
-- okr.objective_pace.  Values hand-computed at 2026-12-01 00:00 UTC:
-- elapsed(2026-Q4) = 61/92, elapsed(2026-Q3) = 1, elapsed(2026) = 334/365.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(33);
SET LOCAL okr.tenant = 'default';
SET LOCAL timezone = 'UTC';
\ir lib/try.psql
\ir lib/flushed.psql

-- an objective's expected progress at the test's instant, from its pace
CREATE FUNCTION pg_temp.expected(bigint) RETURNS numeric LANGUAGE sql AS
  $$ SELECT pg_temp.r(okr.pace_expected(periods, shares, '2026-12-01 00:00+00'))
       FROM okr.objective_pace WHERE tenant = 'default' AND objective_id = $1 $$;
-- its pace as readers take it: no row is unscored, at its own period
CREATE FUNCTION pg_temp.pace(bigint) RETURNS text LANGUAGE sql AS
  $$ SELECT format('%s %s %s', COALESCE(p.scored, false), COALESCE(p.periods, ARRAY[o.period]),
                   (SELECT array_agg(round(s::numeric, 6)) FROM unnest(COALESCE(p.shares, '{1}')) s))
       FROM okr.objective o
       LEFT JOIN okr.objective_pace p ON p.tenant = o.tenant AND p.objective_id = o.id
      WHERE o.tenant = 'default' AND o.id = $1 $$;
CREATE FUNCTION pg_temp.card(bigint) RETURNS text LANGUAGE sql AS
  $$ SELECT okr.flush();
     SELECT format('%s %s %s', round(score::numeric, 4), round(expected::numeric, 4), status)
       FROM okr.scorecard_at('2026-12-01 00:00+00', 'default', $1) WHERE objective_id = $1 $$;

-- ---------- the issue's case: a yearly objective over on-pace Q4 children ----------
-- Y(1) 2026, children; A(2) Q4: a1 '0 -> 100' at 60; C(3) Q4: c1 '0 -> 10' at 6
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'Y', '2026', 'children'), (2, 'A', '2026-Q4', 'key_results'), (3, 'C', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (21, 2, 'a1', '0 -> 100'), (31, 3, 'c1', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (21, '2026-11-30', 60), (31, '2026-11-30', 6);
SELECT is(pg_temp.card(2), '0.6000 0.6630 on_track', 'A: 0.6 against 61/92 of Q4, on track');
SELECT is(pg_temp.card(3), '0.6000 0.6630 on_track', 'C: the same');
SELECT is(pg_temp.card(1), '0.6000 0.6630 on_track',
          'Y: expected is its children''s pace (61/92), not the year''s (334/365), so it is on track too');
SELECT is(okr.status(0.6, okr.elapsed('2026', '2026-12-01 00:00+00')), 'off_track',
          '... where the year''s elapsed share would have called it off track');
SELECT is(pg_temp.pace(1), 't {2026-Q4} {1.000000}', 'Y''s pace: all of it Q4');
SELECT is(pg_temp.pace(2), 't {2026-Q4} {1.000000}', 'A''s pace: its key result, at its own period');

-- ---------- weights: a finished Q3 child of weight 2 ----------
INSERT INTO okr.objective (id, title, period, rollup) VALUES (4, 'B', '2026-Q3', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (41, 4, 'b1', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (41, '2026-09-30', 10);
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (4, 1, 2);
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.500000,0.500000}', 'Y''s pace: Q3 2/4, Q4 2/4 (the alignment weights)');
SELECT is(pg_temp.expected(1), pg_temp.r((2 * 61 / 92.0 + 2) / 4), 'Y expected = (61/92 + 61/92 + 2 * 1) / 4');
SELECT is(pg_temp.card(1), '0.8000 0.8315 on_track', 'Y = (0.6 + 0.6 + 2 * 1) / 4 against it');
UPDATE okr.alignment SET weight = 1 WHERE child_id = 4;
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.333333,0.666667}', 'a weight change moves the shares');
UPDATE okr.alignment SET weight = 2 WHERE child_id = 4;

-- ---------- drafts, key results without a target, children without a score ----------
INSERT INTO okr.objective (id, title, period, rollup, state) VALUES (5, 'D', '2026-Q4', 'key_results', 'draft');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (51, 5, 'd1', '0 -> 10');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (5, 1);
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.500000,0.500000}', 'a draft child does not count (as in the score)');
UPDATE okr.objective SET state = 'active' WHERE id = 5;
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.400000,0.600000}', '... and counts once active: Q3 2/5, Q4 3/5');
SELECT is(pg_temp.card(1), '0.6400 0.7978 at_risk', 'Y = (0.6 + 0.6 + 0 + 2) / 5 against (3 * 61/92 + 2) / 5');
UPDATE okr.objective SET state = 'draft' WHERE id = 5;
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.500000,0.500000}', '... and not again once a draft');
INSERT INTO okr.objective (id, title, period) VALUES (6, 'empty', '2026-Q4');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (6, 1);
SELECT is(pg_temp.pace(6), 'f {2026-Q4} {1.000000}', 'nothing to average: not scored, its own period');
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.500000,0.500000}', 'a child without a score does not count');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (61, 6, 'later', NULL);
SELECT is(pg_temp.pace(6), 'f {2026-Q4} {1.000000}', 'a key result without a target does not count');
UPDATE okr.key_result SET target = '0 -> 1' WHERE id = 61;
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.400000,0.600000}', 'setting its target makes the child count');
DELETE FROM okr.key_result WHERE id = 61;
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.500000,0.500000}', '... deleting it, not any more');

-- ---------- closed children count with their score ----------
UPDATE okr.objective SET state = 'closed', final_score = 0.5 WHERE id = 6;
SELECT is(pg_temp.pace(6), 't {2026-Q4} {1.000000}', 'closed with a final score and no inputs: scored, at its own period');
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.400000,0.600000}', '... and counts in its parent, as its score does');
UPDATE okr.objective SET state = 'active' WHERE id = 6;
SELECT is(pg_temp.pace(1), 't {2026-Q3,2026-Q4} {0.500000,0.500000}', 'reopened without inputs: not any more');

-- ---------- rollup both, nesting, removal ----------
UPDATE okr.objective SET rollup = 'both' WHERE id = 1;
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (11, 1, 'y1', '0 -> 1');
SELECT is(pg_temp.pace(1), 't {2026,2026-Q3,2026-Q4} {0.200000,0.400000,0.400000}',
          'rollup both: its own key result at the year, pooled with the children');
INSERT INTO okr.objective (id, title, period, rollup) VALUES (7, 'G', '2026-11', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (71, 7, 'g1', '0 -> 1');
UPDATE okr.objective SET rollup = 'both' WHERE id = 2;
INSERT INTO okr.alignment (child_id, parent_id) VALUES (7, 2);
SELECT is(pg_temp.pace(2), 't {2026-Q4,2026-11} {0.500000,0.500000}', 'a grandchild: A is half Q4, half November');
SELECT is(pg_temp.pace(1), 't {2026,2026-Q3,2026-Q4,2026-11} {0.200000,0.400000,0.300000,0.100000}',
          '... and Y has it through A (recursively, same weights)');
DELETE FROM okr.objective WHERE id = 7;
SELECT is(pg_temp.pace(1), 't {2026,2026-Q3,2026-Q4} {0.200000,0.400000,0.400000}', 'deleting it takes it out up the tree');
SELECT is((SELECT count(*) FROM okr.objective_pace WHERE objective_id = 7), 0::bigint, '... and its own row');

-- ---------- one definition: views, history, rebuild ----------
SELECT is((SELECT pg_temp.r(expected) FROM okr.scorecard WHERE tenant = 'default' AND objective_id = 1),
          (SELECT pg_temp.r(okr.pace_expected(periods, shares, now())) FROM okr.objective_pace WHERE tenant = 'default' AND objective_id = 1),
          'okr.scorecard''s expected is the maintained pace, now');
SELECT is((SELECT pg_temp.r(expected) FROM okr.score_series(1, '2026-12-01 00:00+00', '2026-12-01 00:00+00', '1 day')
            WHERE kind = 'objective'), pg_temp.expected(1), 'okr.score_series uses it too');
-- rows a rebuild must write above children that have none: a parent with
-- a key result of its own, a closed one with a final score
INSERT INTO okr.objective (id, title, period, rollup) VALUES (8, 'P', '2026', 'both'), (9, 'Q', '2026', 'both'),
    (10, 'p child', '2026-Q4', 'key_results'), (11, 'q child', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (10, 8), (11, 9);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (81, 8, 'p1', '0 -> 1');
UPDATE okr.objective SET state = 'closed', final_score = 0.5 WHERE id = 9;
SELECT is((SELECT string_agg(objective_id::text, ',' ORDER BY objective_id) FROM okr.objective_pace
            WHERE tenant = 'default' AND objective_id >= 8),
          '8,9', 'the triggers: rows for those two, none for their children without inputs');
-- every objective's pace as read, before and after (a rebuild need not
-- keep a row that says what no row says: objective 6's, reopened)
CREATE TEMP VIEW paces AS SELECT o.id, pg_temp.pace(o.id) FROM okr.objective o WHERE o.tenant = 'default';
CREATE TEMP TABLE before AS SELECT * FROM paces;
SELECT okr.rebuild_pace();
SELECT is((SELECT count(*) FROM ((SELECT * FROM paces EXCEPT SELECT * FROM before)
                                 UNION ALL (SELECT * FROM before EXCEPT SELECT * FROM paces)) d),
          0::bigint, 'okr.rebuild_pace() recomputes exactly what the triggers maintained');
SELECT is(pg_temp.try($$SELECT okr.pace_expected('{2026}', '{0.5,0.5}')$$),
          '22023 | okr.pace_expected: periods and shares do not match | The periods and shares of a pace are one-dimensional arrays of equal length without NULLs, as okr.objective_pace holds them. | Read them from okr.objective_pace.',
          'mismatched arrays: 22023');
SELECT ok(okr.pace_expected('{}', '{}') IS NULL, 'an empty pace: NULL');

SELECT * FROM finish();
ROLLBACK;
