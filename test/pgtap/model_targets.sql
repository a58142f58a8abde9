-- Partial credit for thresholds (">= x from w", "<= x from w") and key
-- results whose target is set later (target NULL).  Values hand-computed.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(71);
SET LOCAL okr.tenant = 'default';

\ir lib/flushed.psql
\ir lib/try.psql

-- ---------- partial credit: the type ----------
SELECT is('<=3 FROM 10'::okr.target::text, '<= 3 from 10', 'a threshold with a worst value prints canonically');
SELECT is('>= 99.9 from 95'::okr.target::text, '>= 99.9 from 95', '... at least, too');
SELECT ok('<= 3 from 10'::okr.target OPERATOR(okr.=) '<=3 from 10.0', 'equal values are equal');
SELECT ok('<= 3 from 10'::okr.target OPERATOR(okr.<>) '<= 3', '... and differ from the all-or-nothing threshold');
SELECT is(okr.direction('<= 3 from 10'), 'at_most', 'its direction is still at_most');
SELECT is(okr.baseline('<= 3 from 10'), 10::float8, 'its baseline is the worst value (progress 0)');
SELECT is(okr.goal('<= 3 from 10'), 3::float8, 'its goal is the threshold');
SELECT ok(okr.goal_low('<= 3 from 10') IS NULL AND okr.goal_high('<= 3 from 10') = 3, 'values up to 3 meet it');
SELECT ok(okr.goal_low('>= 99.9 from 95') = 99.9 AND okr.goal_high('>= 99.9 from 95') IS NULL, 'values from 99.9 meet >= 99.9 from 95');

-- ---------- partial credit: scoring ----------
SELECT is(okr.score('<= 3', 5), 0::float8, 'the issue''s case: <= 3 at 5 still scores 0 without a worst value');
SELECT is(pg_temp.r(okr.score('<= 3 from 10', 5)), 0.714286, '<= 3 from 10 at 5: (5 - 10) / (3 - 10) = 5/7');
SELECT is(okr.score('<= 3 from 10', 3), 1::float8, '... at 3: 1 (met)');
SELECT is(okr.score('<= 3 from 10', 2, 1.5), 1::float8, '... at 2: 1 — a threshold does not over-achieve, whatever the cap');
SELECT is(okr.score('<= 3 from 10', 10), 0::float8, '... at 10 (the worst value): 0');
SELECT is(okr.score('<= 3 from 10', 12), 0::float8, '... beyond it: 0');
SELECT is(pg_temp.r(okr.progress('<= 3 from 10', 12)), -0.285714, '... its progress is uncapped: (12 - 10) / -7');
SELECT is(pg_temp.r(okr.score('>= 99.9 from 95', 97)), 0.408163, '>= 99.9 from 95 at 97: 2 / 4.9');
SELECT is(okr.score('>= 99.9 from 95', 99.95), 1::float8, '... at 99.95: 1');
SELECT ok(okr.is_met('>= 99.9 from 95', 99.9) AND NOT okr.is_met('>= 99.9 from 95', 99.89), 'is_met: the threshold, inclusive');

-- ---------- partial credit: errors ----------
SELECT is(pg_temp.try($$SELECT '>= 5 from 7'::okr.target$$),
          '22023 | invalid value for type okr.target: ">= 5 from 7" | The worst value of ">= 5" must lie below it, not at 7. | Partial credit falls from 1 at the threshold to 0 at the worst value: below it for ">=", above it for "<=".',
          'a worst value on the wrong side: 22023 with detail and hint');
SELECT throws_ok($$SELECT '<= 5 from 5'::okr.target$$, '22023', NULL, 'a worst value at the threshold: 22023');
SELECT throws_ok($$SELECT '>= 5 from'::okr.target$$, '22P02', NULL, 'no worst value after from: 22P02');
SELECT throws_ok($$SELECT '>= 1e308 from -1e308'::okr.target$$, '22003', NULL, 'a distance out of range: 22003');
SELECT is(pg_temp.try($$SELECT '0 -> 10 from 5'::okr.target$$),
          '22P02 | invalid input syntax for type okr.target: "0 -> 10 from 5" | Only a threshold or a band takes a worst value, not "0 -> 10 from 5". | Partial credit needs a threshold or a band: ">= x from w", "<= x from w" or "lo .. hi from w".',
          'an arrow takes no worst value: 22P02, with the forms that do');

-- ---------- partial credit for bands: lo .. hi from w ----------
-- 10 .. 20 from 5: tolerance 5 on both sides, 0 at 5 and at 25.
SELECT is('10..20 FROM 5.0'::okr.target::text, '10 .. 20 from 5', 'a band with a worst value prints canonically');
SELECT is('10 .. 20 from 26'::okr.target::text, '10 .. 20 from 26', '... a worst value above the band is kept as given');
SELECT ok('10 .. 20 from 5'::okr.target OPERATOR(okr.=) '10 .. 20 from 5.0', 'equal bands with worst values are equal');
SELECT ok('10 .. 20 from 5'::okr.target OPERATOR(okr.<>) '10 .. 20' AND '10 .. 20 from 5'::okr.target OPERATOR(okr.<>) '10 .. 20 from 4'
          AND '10 .. 20 from 5'::okr.target OPERATOR(okr.<>) '10 .. 20 from 25',
          '... and differ from the band without one, and with another worst value (25: same credit, another target)');
SELECT is((SELECT count(*) FROM (SELECT t FROM (VALUES ('10 .. 20 from 5'::okr.target), ('10..20 from 5'), ('10 .. 20'), ('10 .. 20 from 4'), ('10 .. 20 from 25')) v(t) GROUP BY t) g),
          4::bigint, 'hashing (GROUP BY) agrees with equality');
SELECT is(okr.direction('10 .. 20 from 5'), 'within', 'its direction is within');
SELECT ok(okr.baseline('10 .. 20 from 5') = 5 AND okr.goal('10 .. 20 from 5') IS NULL
          AND okr.goal_low('10 .. 20 from 5') = 10 AND okr.goal_high('10 .. 20 from 5') = 20,
          'baseline is the worst value, goal NULL, the band meets the goal');
SELECT is(okr.score('10 .. 20 from 5', 15), 1::float8, 'inside the band: 1');
SELECT is(okr.score('10 .. 20 from 5', 10), 1::float8, '... at its low bound: 1 (inclusive)');
SELECT is(okr.score('10 .. 20 from 5', 20, 2), 1::float8, '... at its high bound: 1, whatever the cap');
SELECT is(okr.score('10 .. 20 from 5', 7.5), 0.5::float8, 'below: 1 - 2.5 / 5 = 0.5');
SELECT is(okr.score('10 .. 20 from 5', 22), 0.6::float8, 'above: 1 - 2 / 5 = 0.6 (the same tolerance)');
SELECT is(okr.score('10 .. 20 from 5', 5), 0::float8, 'at the worst value: 0');
SELECT is(okr.score('10 .. 20 from 5', 25), 0::float8, 'as far above: 0');
SELECT is(okr.score('10 .. 20 from 5', -100), 0::float8, 'beyond: 0');
SELECT is(okr.progress('10 .. 20 from 5', 30), -1::float8, 'its progress is uncapped: 1 - 10 / 5');
SELECT is(okr.score('10 .. 20 from 26', 7), 0.5::float8, 'a worst value given above: tolerance 6 below too, 1 - 3 / 6');
SELECT is(okr.score('10 .. 20', 7.5), 0::float8, 'the band without a worst value stays all or nothing');
SELECT ok(okr.is_met('10 .. 20 from 5', 10) AND NOT okr.is_met('10 .. 20 from 5', 9.99), 'is_met: the band, inclusive');
SELECT is(pg_temp.try($$SELECT '10 .. 20 from 15'::okr.target$$),
          '22023 | invalid value for type okr.target: "10 .. 20 from 15" | The worst value 15 lies within the band 10 .. 20. | Partial credit falls from 1 at the band to 0 at the worst value, below it or above it (the same distance on both sides).',
          'a worst value inside the band: 22023 with detail and hint');
SELECT throws_ok($$SELECT '10 .. 20 from 20'::okr.target$$, '22023', NULL, 'a worst value at a bound: 22023');
SELECT throws_ok($$SELECT '-1.7e308 .. -1e308 from 1.7e308'::okr.target$$, '22003', NULL, 'a tolerance out of range: 22003');
SELECT is(okr.target_send('10 .. 20 from 5'), '\x00000008402400000000000040340000000000004014000000000000'::bytea,
          'binary: kind 8, low, high, worst value (28 bytes)');
SELECT is(okr.target_send('10 .. 20'), '\x0000000440240000000000004034000000000000'::bytea,
          '... a band without one keeps 0.1.0''s 20 bytes');

-- Binary round trip (COPY FORMAT binary).
CREATE TEMP TABLE targets_out (t okr.target);
CREATE TEMP TABLE targets_in (t okr.target);
INSERT INTO targets_out VALUES ('<= 3 from 10'), ('>= 99.9 from 95'), ('<= -1 from 0'),
    ('10 .. 20 from 5'), ('0 .. 0 from -0.5'), ('-1.5e-300 .. 1e300 from 1.7976931348623157e308');
-- in the data directory: private to the cluster (COPY TO takes absolute paths only)
SELECT current_setting('data_directory') || '/okr_model_targets.bin' AS bin_file \gset
COPY targets_out TO :'bin_file' (FORMAT binary);
COPY targets_in FROM :'bin_file' (FORMAT binary);
SELECT is(ARRAY(SELECT t::text FROM targets_in), ARRAY['<= 3 from 10', '>= 99.9 from 95', '<= -1 from 0',
          '10 .. 20 from 5', '0 .. 0 from -0.5', '-1.5e-300 .. 1e+300 from 1.7976931348623157e+308'],
          'partial thresholds and bands survive the binary format');
SELECT ok((SELECT bool_and(i.t OPERATOR(okr.=) o.t) FROM (SELECT t, row_number() OVER () FROM targets_in) i (t, n)
            JOIN (SELECT t, row_number() OVER () FROM targets_out) o (t, n) USING (n)), '... equal to what was sent');

-- ---------- partial credit: in the rollup ----------
-- A(1): k11 '<= 3 from 10' at 5 -> 5/7; k12 '0 -> 10' at 4 -> 0.4
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'A', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (11, 1, 'incidents', '<= 3 from 10'), (12, 1, 'drills', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2026-10-01', 5), (12, '2026-10-01', 4);
SELECT is(pg_temp.kr(11), 'value 5, score 0.714286', 'a partial threshold''s key result scores 5/7');
SELECT is(pg_temp.obj(1), 0.557143, 'A = (5/7 + 0.4) / 2');
UPDATE okr.key_result SET target = '<= 3' WHERE id = 11;
SELECT is(pg_temp.obj(1), 0.2, 'the same key result all or nothing: A = (0 + 0.4) / 2');
UPDATE okr.key_result SET target = '1 .. 3 from 9' WHERE id = 11;
SELECT is(pg_temp.kr(11), 'value 5, score 0.666667', 'a band with partial credit in the rollup: 1 - 2 / 6');
SELECT is(pg_temp.obj(1), 0.533333, 'A = (2/3 + 0.4) / 2');
SELECT is((SELECT pg_temp.r(score) FROM okr.scores_at(now(), 'default') WHERE kind = 'key_result' AND id = 11),
          0.666667, 'history scores it the same way (now: the target in force)');
UPDATE okr.key_result SET target = '<= 3' WHERE id = 11;

-- ---------- a target set later ----------
-- B(2): k21 '0 -> 10' at 4 -> 0.4; k22 no target yet, at 42; k23 outputs, no target, 3 done
INSERT INTO okr.objective (id, title, period, rollup) VALUES (2, 'B', '2026-Q4', 'key_results'), (3, 'C', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES
    (21, 2, 'scored', '0 -> 10', 'check_ins'), (22, 2, 'baseline first', NULL, 'check_ins'),
    (23, 2, 'deliveries', NULL, 'outputs'), (31, 3, 'only untargeted', NULL, 'check_ins');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (21, '2026-10-01', 4), (22, '2026-10-01', 40), (22, '2026-10-08', 42), (31, '2026-10-01', 7);
INSERT INTO okr.output (key_result_id, title, status, amount) VALUES (23, 'one', 'done', 3), (23, 'two', 'planned', 5);
SELECT is(pg_temp.kr(22), 'value 42, score NULL', 'a key result without a target tracks its value, has no score');
SELECT is(pg_temp.kr(23), 'value 3, score NULL', '... fed by outputs too (value = done amounts)');
SELECT is(pg_temp.obj(2), 0.4, 'its objective''s mean leaves it out: B = 0.4');
SELECT ok(pg_temp.no_score(3), 'an objective with only untargeted key results has no score');
SELECT is((SELECT status FROM okr.key_result_progress WHERE tenant = 'default' AND key_result_id = 22), 'no_target',
          'key_result_progress: status no_target');
SELECT ok((SELECT score IS NULL AND grade IS NULL AND value = 42 FROM okr.key_result_progress WHERE tenant = 'default' AND key_result_id = 22),
          '... with its value and no score or grade');
SELECT is(ARRAY(SELECT status || ' ' || coalesce(score::text, 'NULL') FROM okr.check_in_history WHERE tenant = 'default' AND key_result_id = 22 ORDER BY at),
          ARRAY['no_target NULL', 'no_target NULL'], 'check_in_history: its check-ins are not scored, status no_target');
SELECT is((SELECT count(*) FROM okr.verify()), 0::bigint, 'verify() agrees');
UPDATE okr.key_result SET target = '0 -> 84' WHERE id = 22;
SELECT is(pg_temp.kr(22), 'value 42, score 0.500000', 'the target is set: k22 = 42 / 84');
SELECT is(pg_temp.obj(2), 0.45, '... and now counts: B = (0.4 + 0.5) / 2');
UPDATE okr.key_result SET target = '0 -> 6' WHERE id = 23;
SELECT is(pg_temp.obj(2), 0.466667, 'k23 targeted at 0 -> 6 (3 done: 0.5): B = (0.4 + 0.5 + 0.5) / 3');
UPDATE okr.key_result SET target = NULL WHERE id = 21;
SELECT is(pg_temp.kr(21), 'value 4, score NULL', 'a target removed again: no score');
SELECT is(pg_temp.obj(2), 0.5, '... B = (0.5 + 0.5) / 2');
SELECT is(okr.rebuild(), 0::bigint, 'okr.rebuild() agrees with every maintained value');
SELECT is((SELECT count(*) FROM okr.verify()), 0::bigint, 'verify() is empty');

SELECT * FROM finish();
ROLLBACK;
