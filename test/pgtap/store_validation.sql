-- Validation: alignment cycles and self-edges, nested periods, the number
-- of key results per objective, weights and caps, maintained columns.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(67);
SET LOCAL okr.tenant = 'default';

\ir lib/flushed.psql
\ir lib/try.psql

INSERT INTO okr.objective (id, title, period) VALUES
    (1, 'Year', '2026'), (2, 'Q4', '2026-Q4'), (4, 'H2', '2026-H2'), (5, 'Next year', '2027'),
    (6, 'q4 a', '2026-Q4'), (7, 'q4 b', '2026-Q4'), (8, 'q4 c', '2026-Q4'), (9, 'year b', '2026'),
    (10, 'q4 d', '2026-Q4'), (11, 'q4 e', '2026-Q4'), (12, 'Q1', '2026-Q1'), (13, 'November', '2026-11'),
    (14, 'W47', '2026-W47'), (15, 'Autumn', '[2026-10-01,2026-12-31]');

-- ---------- alignment: no self-edges, no cycles ----------
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 1)'),
          '23514 | objective 1 cannot be aligned to itself | An objective''s score would be an input of itself. | Align it to a different objective.',
          'self-alignment: refused');
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (6, 7), (7, 8)', 'a chain 6 -> 7 -> 8');
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (8, 6)'),
          '23514 | aligning objective 8 to objective 6 would create a cycle | Objective 6 already contributes to objective 8, directly or through other objectives. | Remove one of the alignments on the cycle first.',
          'closing the chain into a cycle: refused, with detail and hint');
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (7, 6)', '23514',
                 'aligning objective 7 to objective 6 would create a cycle', 'a two-objective cycle: refused');
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (8, 9)', 'extending the chain upwards: 8 -> 9');
SELECT throws_ok('UPDATE okr.alignment SET parent_id = 6 WHERE child_id = 8 AND parent_id = 9', '23514',
                 'aligning objective 8 to objective 6 would create a cycle', 're-parenting into a cycle: refused');
SELECT throws_ok('UPDATE okr.alignment SET child_id = 9 WHERE child_id = 6 AND parent_id = 7', '23514',
                 NULL, 'moving the child end of an edge into a cycle (9 -> 7 -> 8 -> 9): refused');
SELECT throws_ok('UPDATE okr.alignment SET parent_id = child_id WHERE child_id = 6', '23514',
                 'objective 6 cannot be aligned to itself', 'updating an edge into a self-edge: refused');
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (10, 11), (11, 10)', '23514',
                 NULL, 'two edges forming a cycle in one statement: refused');
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (10, 6), (10, 7), (10, 11)',
                'several parents (a DAG, not a tree) are fine');
SELECT is((SELECT count(*) FROM okr.alignment), 6::bigint, 'only the accepted edges exist');

-- ---------- periods nest ----------
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (5, 1)'),
          '23514 | period 2027 of objective 5 does not lie within period 2026 of objective 1 it is aligned to | An objective contributes to the objectives it is aligned to during their period, so its period must lie within each of theirs. | An aligned objective''s period must lie within its parent''s: change a period or the alignment.',
          'a child period outside its parent''s: refused, with hint');
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 2)', '23514',
                 'period 2026 of objective 1 does not lie within period 2026-Q4 of objective 2 it is aligned to',
                 'a year aligned to a quarter: refused');
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (12, 4)', '23514', NULL,
                 'Q1 aligned to H2: refused');
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 4), (4, 1), (13, 2), (14, 13), (15, 4)',
                'Q4 in H2 in 2026, November in Q4, W47 in November, a date range in H2');
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (13, 15)', 'the same period twice is fine: November in Oct-Dec');
SELECT is(pg_temp.try($$UPDATE okr.objective SET period = '[2026-11-01,2027-01-31]' WHERE id = 2$$),
          '23514 | period [2026-11-01,2027-01-31] of objective 2 does not lie within period 2026-H2 of objective 4 it is aligned to | An objective contributes to the objectives it is aligned to during their period, so its period must lie within each of theirs. | An aligned objective''s period must lie within its parent''s: change a period or the alignment.',
          'moving a child''s period out of its parent''s: refused');
SELECT throws_ok($$UPDATE okr.objective SET period = '2026-Q3' WHERE id = 4$$, '23514', NULL,
                 'narrowing a parent''s period below its child''s: refused');
SELECT throws_ok($$UPDATE okr.objective SET period = '2026-10' WHERE id = 2$$, '23514',
                 'period 2026-11 of objective 13 does not lie within period 2026-10 of objective 2 it is aligned to',
                 'a middle objective checked against its child too');
SELECT lives_ok($$UPDATE okr.objective SET period = '2026-11' WHERE id = 2$$, 'a period change that still nests is fine');
SELECT lives_ok($$UPDATE okr.objective SET period = '2026' WHERE id = 4$$, 'widening a parent''s period is fine');
SELECT throws_ok('UPDATE okr.alignment SET parent_id = 12 WHERE child_id = 15 AND parent_id = 4', '23514', NULL,
                 're-parenting under a parent whose period does not contain the child''s: refused');
SELECT is((SELECT period::text FROM okr.objective WHERE id = 2), '2026-11', 'the refused updates left the periods alone');

-- ---------- at most okr.max_key_results key results ----------
INSERT INTO okr.objective (id, title, period) VALUES (20, 'Full', '2026-Q4'), (21, 'Six', '2026-Q4'), (22, 'Two', '2026-Q4');
SELECT is(current_setting('okr.max_key_results'), '5', 'okr.max_key_results defaults to 5');
SELECT lives_ok($$INSERT INTO okr.key_result (id, objective_id, title, target)
                  SELECT 200 + i, 20, 'kr ' || i, '0 -> 1' FROM generate_series(1, 5) AS i$$, 'five key results');
SELECT is(pg_temp.try($$INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (206, 20, 'kr 6', '0 -> 1')$$),
          '23514 | objective 20 would have 6 key results, more than okr.max_key_results (5) | The limit is the tenant''s max_key_results in okr.tenant_config, else the setting okr.max_key_results. | Keep the few key results that matter most, or raise okr.max_key_results (0 = unlimited).',
          'a sixth key result: refused, with hint');
SELECT throws_ok($$INSERT INTO okr.key_result (id, objective_id, title, target)
                   SELECT 210 + i, 21, 'kr ' || i, '0 -> 1' FROM generate_series(1, 6) AS i$$, '23514',
                 'objective 21 would have 6 key results, more than okr.max_key_results (5)',
                 'six key results in one statement: refused');
SELECT is((SELECT count(*) FROM okr.key_result WHERE objective_id = 21), 0::bigint, '... none of them inserted');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (221, 22, 'two a', '0 -> 1');
SELECT throws_ok('UPDATE okr.key_result SET objective_id = 20 WHERE id = 221', '23514', NULL,
                 'moving a key result into a full objective: refused');
SET LOCAL okr.max_key_results = 0;
SELECT lives_ok($$INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (206, 20, 'kr 6', '0 -> 1'), (207, 20, 'kr 7', '0 -> 1')$$,
                'okr.max_key_results = 0: unlimited');
SET LOCAL okr.max_key_results = 2;
SELECT lives_ok($$INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (222, 22, 'two b', '0 -> 1')$$,
                'okr.max_key_results = 2: a second key result');
SELECT throws_ok($$INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (223, 22, 'two c', '0 -> 1')$$, '23514',
                 'objective 22 would have 3 key results, more than okr.max_key_results (2)', '... a third: refused');
SELECT lives_ok('UPDATE okr.key_result SET title = ''kr 7 renamed'' WHERE id = 207',
                'editing a key result of an objective over a since-lowered limit: accepted (it gains none)');
SELECT throws_ok('UPDATE okr.key_result SET objective_id = 22 WHERE id = 207', '23514',
                 'objective 22 would have 3 key results, more than okr.max_key_results (2)',
                 '... moving one into a full objective: refused');
SET LOCAL okr.max_key_results = 5;

-- ---------- weights and caps > 0, finite ----------
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, weight) VALUES (2, 'w', '0 -> 1', 0)$$, '23514',
                 'new row for relation "key_result" violates check constraint "weight_positive"', 'key-result weight 0: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, weight) VALUES (2, 'w', '0 -> 1', -1)$$, '23514', NULL, 'negative weight: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, weight) VALUES (2, 'w', '0 -> 1', 'Infinity')$$, '23514', NULL, 'infinite weight: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, weight) VALUES (2, 'w', '0 -> 1', 'NaN')$$, '23514', NULL, 'NaN weight: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, cap) VALUES (2, 'c', '0 -> 1', 0)$$, '23514',
                 'new row for relation "key_result" violates check constraint "cap_positive"', 'cap 0: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, cap) VALUES (2, 'c', '0 -> 1', 'Infinity')$$, '23514', NULL, 'infinite cap: refused');
SELECT throws_ok('UPDATE okr.key_result SET weight = 0 WHERE id = 201', '23514', NULL, 'updating a weight to 0: refused');
SELECT throws_ok('UPDATE okr.key_result SET cap = -0.5 WHERE id = 201', '23514', NULL, 'updating a cap below 0: refused');
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (12, 1, 0)', '23514',
                 'new row for relation "alignment" violates check constraint "weight_positive"', 'alignment weight 0: refused');
SELECT throws_ok('UPDATE okr.alignment SET weight = -2 WHERE child_id = 2', '23514', NULL, 'updating an alignment weight below 0: refused');
SELECT throws_ok($$INSERT INTO okr.check_in (key_result_id, value) VALUES (201, 'Infinity')$$, '23514', NULL, 'infinite check-in value: refused');
SELECT throws_ok($$INSERT INTO okr.check_in (key_result_id, value, confidence) VALUES (201, 1, 1.5)$$, '23514', NULL, 'confidence above 1: refused');
SELECT throws_ok($$INSERT INTO okr.output (key_result_id, title, amount) VALUES (201, 'x', '-Infinity')$$, '23514', NULL, 'infinite output amount: refused');
SELECT throws_ok($$INSERT INTO okr.output (key_result_id, title, status) VALUES (201, 'x', 'finished')$$, '23514', NULL, 'unknown output status: refused');
SELECT throws_ok($$UPDATE okr.objective SET state = 'archived' WHERE id = 1$$, '23514', NULL, 'unknown objective state: refused');
SELECT throws_ok($$UPDATE okr.objective SET rollup = 'all' WHERE id = 1$$, '23514', NULL, 'unknown rollup: refused');

-- ---------- maintained columns ----------
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (221, '2026-10-01', 0.5);
SELECT is(pg_temp.kr(221), 'value 0.5, score 0.500000', 'k221 has a value');
SELECT is(pg_temp.try('UPDATE okr.key_result SET value = 5 WHERE id = 221'),
          '428C9 | column "value" of okr.key_result is maintained by okr | okr computes it from its check-ins or outputs. | Change those instead; okr.rebuild() recomputes every maintained value.',
          'writing a key result''s value: refused, with detail and hint');
SELECT throws_ok('UPDATE okr.key_result SET score = 1 WHERE id = 221', '428C9',
                 'column "score" of okr.key_result is maintained by okr', 'writing a key result''s score: refused');
SELECT throws_ok('UPDATE okr.key_result SET value = NULL WHERE id = 221', '428C9', NULL, 'clearing a key result''s value: refused');
SELECT throws_ok('UPDATE okr.objective SET score = 0.9 WHERE id = 20', '428C9',
                 'column "score" of okr.objective is maintained by okr', 'writing an objective''s score: refused');
SELECT lives_ok('UPDATE okr.key_result SET value = value, score = score, title = ''same values'' WHERE id = 221',
                'assigning maintained columns their current values is harmless');
-- objectives' and key results' keys key what okr maintains: changed, they
-- left paths, shapes, pace (verify()) and key-result versions behind
SELECT is(pg_temp.try('UPDATE okr.objective SET id = 500 WHERE id = 20'),
          '0A000 | column "id" of okr.objective cannot be changed | okr keys what it maintains (paths, shapes, pace, key-result versions) by a row''s tenant and id. | Insert the row anew under the new key, move what refers to it, then delete the old one.',
          'changing an objective''s id: refused, with detail and hint');
SELECT throws_ok($$UPDATE okr.objective SET tenant = 'elsewhere' WHERE id = 20$$, '0A000',
                 'column "tenant" of okr.objective cannot be changed', 'moving an objective to another tenant: refused');
SELECT throws_ok($$UPDATE okr.key_result SET tenant = 'elsewhere' WHERE id = 221$$, '0A000',
                 'column "tenant" of okr.key_result cannot be changed', 'moving a key result to another tenant: refused');
SELECT throws_ok('UPDATE okr.key_result SET id = 9221 WHERE id = 221', '0A000',
                 'column "id" of okr.key_result cannot be changed', 'changing a key result''s id: refused (its versions would stay behind)');
-- INSERT may carry maintained values (that is how pg_dump restores them);
-- an active objective's are still recomputed.
SELECT lives_ok($$INSERT INTO okr.objective (id, title, period, score) VALUES (30, 'scored', '2026', 0.9)$$,
                'an active objective inserted with a score is accepted (restore) ...');
SELECT ok(pg_temp.no_score(30), '... and its score is recomputed: nothing to average');
CREATE FUNCTION pg_temp.born_closed() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF pg_temp.try($i$INSERT INTO okr.objective (id, title, period, state) VALUES (32, 'born closed', '2026', 'closed')$i$) <> 'accepted' THEN
        RETURN true;
    END IF;
    RETURN (SELECT closed_at IS NOT NULL FROM okr.objective WHERE id = 32);
END $$;
SELECT is(pg_temp.born_closed(), true, 'an objective inserted already closed is refused or gets closed_at');
SELECT lives_ok($$INSERT INTO okr.key_result (id, objective_id, title, target, value, score) VALUES (224, 22, 'claims', '0 -> 10', 9, 0.9)$$,
                'a key result inserted with value and score ...');
SELECT is(pg_temp.kr(224), 'value NULL, score 0.000000', '... gets them recomputed from its (absent) check-ins');
SELECT throws_ok('SELECT okr.rollup_at_commit()', '39P01', NULL, 'okr.rollup_at_commit() outside a trigger: refused');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after all the refusals');

SELECT * FROM finish();
ROLLBACK;
