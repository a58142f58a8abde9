-- Limits on every request (issue 7, findings 5 to 9): hostile input is
-- refused at the statement that writes it, with a SQLSTATE, message, detail
-- and hint.  0.1.0 accepted every one of these.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(41);
SET LOCAL okr.tenant = 'limits';

\ir lib/try.psql

INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'One', '2026', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'k', '0 -> 10');
INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES (2, 1, 'o', '0 -> 10', 'outputs');

-- ---------- 5: poisoned maintained values on insert ----------
-- Ordinary inserts leave maintained values to okr; a restore (okr.maintenance
-- off) writes them as given, and only usable ones get in.
INSERT INTO okr.objective (id, title, period, state, score, final_grade)
    VALUES (3, 'Given', '2026', 'active', 'NaN', 'purple');
SELECT is((SELECT row(score, final_grade)::text FROM okr.objective WHERE id = 3), '(,)',
          'an ordinary insert does not store the maintained values it gives');
DELETE FROM okr.objective WHERE id = 3;
SET LOCAL okr.maintenance = off;
SELECT is(pg_temp.try_shape($$INSERT INTO okr.objective (id, title, period, state, score, final_grade)
                         VALUES (2, 'Poison', '2026', 'closed', 'NaN', 'purple')$$),
          '22003 | detail | hint', 'a closed objective with score NaN: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.objective (id, title, period, state, score, final_grade)
                         VALUES (2, 'Poison', '2026', 'closed', 0.5, 'purple')$$),
          '23514 | detail | hint', '... with final_grade purple: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.objective (id, title, period, state, score)
                         VALUES (2, 'Poison', '2026', 'closed', 'Infinity')$$),
          '22003 | detail | hint', '... with an infinite score: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.objective (id, title, period, final_grade)
                         VALUES (2, 'Poison', '2026', 'green')$$),
          '23514 | detail | hint', 'a final grade on an objective that is not closed: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.key_result (id, objective_id, title, target, score)
                         VALUES (3, 1, 'p', '0 -> 1', 'NaN')$$),
          '22003 | detail | hint', 'a key result with score NaN: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.objective (id, title, period, state, score, final_grade)
                         VALUES (2, 'Restored', '2026', 'closed', 0.8, 'green')$$),
          'accepted', 'a restored closed objective with a real score and grade: accepted');
-- what got in around the triggers (0.1.0's data): okr.verify() does not skip it
SET LOCAL session_replication_role = replica;
INSERT INTO okr.objective (id, title, period, state, score, final_grade)
    VALUES (9, 'Old poison', '2026', 'closed', 'NaN', 'purple');
SET LOCAL session_replication_role = origin;
SELECT is((SELECT string_agg(field, ',' ORDER BY field) FROM okr.verify() WHERE tenant = 'limits' AND id = 9),
          'final_grade,pace,paths,score', 'okr.verify() reports a closed objective''s unusable score and grade (and the pace and path rows no trigger wrote)');
DELETE FROM okr.objective WHERE id = 9;
SET LOCAL okr.maintenance = on;
SELECT lives_ok('SELECT count(*) FROM okr.scorecard', 'okr.scorecard reads every row');
SELECT lives_ok('SELECT count(*) FROM okr.alignment_tree', 'okr.alignment_tree too');

-- ---------- 6: absurd dates ----------
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, 'infinity', 5)$$),
          '22008 | detail | hint', 'a check-in at infinity: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '-infinity', 5)$$),
          '22008 | detail | hint', '... at -infinity: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2200-01-01', 5)$$),
          '22008 | detail | hint', '... in 2200: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, now() + interval '1 hour', 5)$$),
          'accepted', '... an hour ahead (within okr.check_in_max_future, 1 day): accepted');
SELECT is(pg_temp.try_shape($$UPDATE okr.check_in SET at = '2200-01-01' WHERE key_result_id = 1$$),
          '22008 | detail | hint', 'moving a check-in to 2200: refused');
INSERT INTO okr.tenant_config (tenant, check_in_max_future) VALUES ('limits', '0');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, now() + interval '1 hour', 5)$$),
          '22008 | detail | hint', 'a tenant with check_in_max_future 0: an hour ahead is refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.output (key_result_id, title, status, done_at) VALUES (2, 'x', 'done', 'infinity')$$),
          '22008 | detail | hint', 'an output done at infinity: refused');
SELECT okr.flush();
SELECT is((SELECT value FROM okr.key_result WHERE tenant = 'limits' AND id = 1), 5::float8,
          'the maintained value follows the latest real check-in');
SELECT is_empty($$SELECT * FROM okr.verify() WHERE tenant = 'limits'$$, '... and verify() agrees');

-- ---------- 7: unbounded work ----------
SET LOCAL TimeZone = 'UTC';
SELECT is(pg_temp.try($$SELECT count(*) FROM okr.score_series(1, '-infinity', 'infinity', '1 year', 'limits')$$),
          '22008 | a score series needs finite bounds | from_at is -infinity, to_at is infinity. | '
          'Give the period of interest, e.g. okr.period_start(period) to okr.period_end(period) + 1.',
          'score_series over infinite bounds: refused, naming both bounds');
SELECT is(pg_temp.try($$SELECT count(*) FROM okr.score_series(1, '1900-01-01', '2100-01-01', '1 day', 'limits')$$),
          '54000 | a score series may have at most 10000 points | '
          'From 1900-01-01 00:00:00+00 to 2100-01-01 00:00:00+00 by 1 day is more. | Use a longer step or a shorter span.',
          '... over 10000 steps: refused, naming both bounds');
SELECT is(pg_temp.try_shape($$SELECT count(*) FROM okr.score_series(1, '2026-01-01', '2026-02-01', '0', 'limits')$$),
          '22023 | detail | hint', '... a step that does not move: refused');
SELECT is(pg_temp.try_shape($$SELECT count(*) FROM okr.score_series(1, '2026-01-01', '2026-01-01'::timestamptz + 9999 * interval '1 hour', '1 hour', 'limits')$$),
          'accepted', '... 10000 points: accepted');

-- ---------- 8: overflow at commit ----------
SELECT is(pg_temp.try_shape($$UPDATE okr.key_result SET weight = 1e300 WHERE id = 1$$),
          '22003 | detail | hint', 'a key-result weight of 1e300: refused');
SELECT is(pg_temp.try_shape($$UPDATE okr.key_result SET cap = 1e300 WHERE id = 1$$),
          '22003 | detail | hint', '... a cap of 1e300: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.output (key_result_id, title, amount) VALUES (2, 'x', 1e300)$$),
          '22003 | detail | hint', '... an output amount of 1e300: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, now(), -1e300)$$),
          '22003 | detail | hint', '... a check-in value of -1e300: refused');
INSERT INTO okr.objective (id, title, period, rollup) VALUES (3, 'Child', '2026', 'key_results');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (3, 1, 1e300)$$),
          '22003 | detail | hint', '... an alignment weight of 1e300: refused');
SELECT is(pg_temp.try_shape($$UPDATE okr.key_result SET target = '1e308 -> 1.7e308', cap = 2 WHERE id = 1$$),
          '22003 | detail | hint', '... a target of 1e308 -> 1.7e308 (its forecast''s range overflowed okr.key_result_progress for every reader): refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.key_result (objective_id, title, target) VALUES (1, 'band', '0 .. 10 from 2e15')$$),
          '22003 | detail | hint', '... a band''s worst value of 2e15: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '4714-11-24 00:00:00+00 BC', 1)$$),
          '22008 | detail | hint', '... a check-in dated 4714 BC (every history read of the tenant failed on it): refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.output (key_result_id, title, status, done_at) VALUES (2, 'x', 'done', '0001-12-31 23:59:59+00 BC')$$),
          '22008 | detail | hint', '... an output done in 1 BC: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '0001-01-01 00:00:00+00', 1)$$),
          'accepted', '... a check-in at the first instant of year 1: accepted');
SELECT lives_ok($$SELECT count(*) FROM okr.scores_over(ARRAY['0001-01-02', '2026-01-01']::timestamptz[], 'limits')$$,
                '... and the history reads it');
-- the largest accepted inputs commit without overflow
UPDATE okr.key_result SET weight = 1e6, cap = 1e3 WHERE id IN (1, 2);
INSERT INTO okr.key_result (id, objective_id, title, target, weight, cap) VALUES (4, 3, 'big', '-1e15 -> 1e15', 1e6, 1e3);
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (3, 1, 1e6);
INSERT INTO okr.output (key_result_id, title, status, amount) VALUES (2, 'huge', 'done', 1e15), (2, 'huge', 'done', 1e15);
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, now(), 1e15), (4, now(), 1e15);
SELECT lives_ok('SELECT okr.flush()', 'the largest accepted weights, caps, amounts, values and targets roll up without overflow');
SELECT lives_ok('SELECT count(*) FROM okr.key_result_progress', '... and okr.key_result_progress reads them');
SELECT is_empty($$SELECT * FROM okr.verify() WHERE tenant = 'limits'$$, '... consistently');

-- ---------- 9: long tenant names ----------
SELECT is(pg_temp.try_shape(format($$INSERT INTO okr.objective (tenant, title, period) VALUES (%L, 'x', '2026')$$, repeat('t', 129))),
          '22001 | detail | hint', 'a tenant name of 129 bytes: refused');
SELECT is(pg_temp.try_shape(format($$INSERT INTO okr.objective (tenant, title, period) VALUES (%L, 'x', '2026')$$, repeat('é', 65))),
          '22001 | detail | hint', '... 130 bytes in 65 characters: refused');
SELECT is(pg_temp.try_shape($$INSERT INTO okr.objective (tenant, title, period) VALUES ('', 'x', '2026')$$),
          '22001 | detail | hint', '... an empty one: refused');
SELECT is(pg_temp.try_shape(format($$INSERT INTO okr.objective (tenant, title, period) VALUES (%L, 'x', '2026')$$, repeat('t', 128))),
          'accepted', '... 128 bytes: accepted');

SELECT * FROM finish();
ROLLBACK;
