-- Closing and reopening objectives: the final grade, the frozen score, and
-- the refusal (55000) of every change under a closed objective.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(107);
SET LOCAL okr.tenant = 'default';

\ir lib/flushed.psql
CREATE FUNCTION pg_temp.grade(bigint) RETURNS text LANGUAGE sql AS
  $$ SELECT okr.flush();
     SELECT final_grade FROM okr.objective WHERE tenant = 'default' AND id = $1 $$;
CREATE FUNCTION pg_temp.closed_at(bigint) RETURNS timestamptz LANGUAGE sql AS
  $$ SELECT closed_at FROM okr.objective WHERE tenant = 'default' AND id = $1 $$;
\ir lib/try.psql

-- P(1, children) <- C(2): k21 '0 -> 10' check-ins (7), k22 '0 -> 10' outputs (3)
--                <- E(3): k31 '0 -> 10' check-ins (10)
-- F(4): k41 '0 -> 10' check-ins (4), k42 '0 -> 10' outputs (1)
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'P', '2026', 'children'), (2, 'C', '2026-Q4', 'key_results'),
    (3, 'E', '2026-Q4', 'key_results'), (4, 'F', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES
    (21, 2, 'c1', '0 -> 10', 'check_ins'), (22, 2, 'c2', '0 -> 10', 'outputs'),
    (31, 3, 'e1', '0 -> 10', 'check_ins'),
    (41, 4, 'f1', '0 -> 10', 'check_ins'), (42, 4, 'f2', '0 -> 10', 'outputs');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES
    (211, 21, '2026-10-01', 7), (311, 31, '2026-10-01', 10), (401, 41, '2026-10-01', 4);
INSERT INTO okr.output (id, key_result_id, title, status, amount) VALUES
    (101, 22, 'c-out', 'done', 3), (102, 42, 'f-out', 'done', 1);
SELECT is(pg_temp.obj(2), 0.5, 'C = (0.7 + 0.3) / 2');
SELECT is(pg_temp.obj(1), 0.75, 'P = (0.5 + 1) / 2');
SELECT ok(pg_temp.grade(2) IS NULL AND pg_temp.closed_at(2) IS NULL, 'an active objective has no final grade, no closed_at');

-- ---------- closing ----------
UPDATE okr.objective SET state = 'closed' WHERE id = 2;
SELECT ok(pg_temp.closed_at(2) BETWEEN now() AND clock_timestamp(), 'closing sets closed_at to the time of closing');
SELECT is(pg_temp.obj(2), 0.5, 'closing keeps the score');
SELECT is(pg_temp.grade(2), 'yellow', 'final grade = okr.grade(0.5)');
SELECT is(pg_temp.obj(1), 0.75, 'the parent still counts the closed child''s score');

-- ---------- frozen: every change under a closed objective is refused ----------
-- (Whatever they are dated: see the end of this file for restores.)
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (213, 21, now() + interval '1 day', 1)$$),
          '55000 | cannot change check-ins of key result 21: objective 2 is closed | A closed objective is frozen with its final grade. | Reopen it first: UPDATE okr.objective SET state = ''active'' WHERE id = 2.',
          'check-in on a closed objective''s key result: refused, with detail and hint');
SELECT throws_ok($$UPDATE okr.check_in SET value = 1 WHERE key_result_id = 21$$, '55000', NULL, 'editing a check-in: refused');
SELECT throws_ok($$UPDATE okr.check_in SET at = '2026-12-01' WHERE key_result_id = 21$$, '55000', NULL, 'moving a check-in in time: refused');
SELECT throws_ok($$DELETE FROM okr.check_in WHERE key_result_id = 21$$, '55000', NULL, 'deleting a check-in: refused');
SELECT throws_ok($$UPDATE okr.check_in SET key_result_id = 21 WHERE id = 401$$, '55000', NULL, 'moving a check-in into it: refused');
SELECT throws_ok($$UPDATE okr.check_in SET key_result_id = 41 WHERE id = 211$$, '55000', NULL, 'moving a check-in out of it: refused');
SELECT is(pg_temp.try($$INSERT INTO okr.output (id, key_result_id, title, status, amount, created_at) VALUES (103, 22, 'late', 'done', 5, now() + interval '1 day')$$),
          '55000 | cannot change outputs of key result 22: objective 2 is closed | A closed objective is frozen with its final grade. | Reopen it first: UPDATE okr.objective SET state = ''active'' WHERE id = 2.',
          'new output: refused, with detail and hint');
SELECT throws_ok($$UPDATE okr.output SET status = 'planned' WHERE id = 101$$, '55000', NULL, 'undoing an output: refused');
SELECT throws_ok($$UPDATE okr.output SET amount = 9 WHERE id = 101$$, '55000', NULL, 'changing an output''s amount: refused');
SELECT throws_ok($$UPDATE okr.output SET title = 'renamed' WHERE id = 101$$, '55000', NULL, 'even renaming an output: refused');
SELECT throws_ok($$DELETE FROM okr.output WHERE id = 101$$, '55000', NULL, 'deleting an output: refused');
SELECT throws_ok($$UPDATE okr.output SET key_result_id = 22 WHERE id = 102$$, '55000', NULL, 'moving an output into it: refused');
SELECT is(pg_temp.try($$UPDATE okr.key_result SET title = 'renamed' WHERE id = 21$$),
          '55000 | cannot change key results of objective 2: it is closed | A closed objective is frozen with its final grade. | Reopen it first: UPDATE okr.objective SET state = ''active'' WHERE id = 2.',
          'editing a key result: refused, with detail and hint');
SELECT throws_ok($$UPDATE okr.key_result SET target = '0 -> 20' WHERE id = 21$$, '55000', NULL, 'changing a key result''s target: refused');
SELECT throws_ok($$UPDATE okr.key_result SET weight = 2 WHERE id = 21$$, '55000', NULL, 'changing a key result''s weight: refused');
SELECT throws_ok($$UPDATE okr.key_result SET cap = 2 WHERE id = 21$$, '55000', NULL, 'changing a key result''s cap: refused');
SELECT throws_ok($$UPDATE okr.key_result SET source = 'outputs' WHERE id = 21$$, '55000', NULL, 'changing a key result''s source: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (id, objective_id, title, target, created_at) VALUES (29, 2, 'new', '0 -> 1', now() + interval '1 day')$$, '55000', NULL, 'adding a key result: refused');
SELECT throws_ok($$DELETE FROM okr.key_result WHERE id = 21$$, '55000', NULL, 'deleting a key result: refused');
SELECT throws_ok($$UPDATE okr.key_result SET objective_id = 2 WHERE id = 41$$, '55000', NULL, 'moving a key result into it: refused');
SELECT throws_ok($$UPDATE okr.key_result SET objective_id = 4 WHERE id = 21$$, '55000', NULL, 'moving a key result out of it: refused');
SELECT is(pg_temp.val(21), 7::double precision, 'after the refusals: k21 still 7');
SELECT is((SELECT count(*) FROM okr.check_in WHERE key_result_id = 21), 1::bigint, '... still one check-in');
SELECT is((SELECT count(*) FROM okr.check_in WHERE key_result_id = 41), 1::bigint, '... F''s check-in not moved');
SELECT is((SELECT status FROM okr.output WHERE id = 101), 'done', '... output still done');
SELECT is(pg_temp.obj(2), 0.5, '... C still 0.5');
SELECT is(pg_temp.grade(2), 'yellow', '... still yellow');

-- Maintained columns stay maintained.
SELECT is(pg_temp.try($$UPDATE okr.objective SET final_grade = 'green' WHERE id = 2$$),
          '428C9 | column "final_grade" of okr.objective is maintained by okr | okr computes it from its score when it is closed. | Change those instead; okr.rebuild() recomputes every maintained value.',
          'writing final_grade: refused');
SELECT throws_ok($$UPDATE okr.objective SET closed_at = now() - interval '1 day' WHERE id = 2$$, '428C9',
                 'column "closed_at" of okr.objective is maintained by okr', 'writing closed_at: refused');
SELECT throws_ok($$UPDATE okr.objective SET score = 1 WHERE id = 2$$, '428C9',
                 'column "score" of okr.objective is maintained by okr', 'writing a closed objective''s score: refused');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent with C closed');

-- ---------- a closed parent ignores its children's changes ----------
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (312, 31, '2026-10-05', 2);
UPDATE okr.objective SET state = 'closed' WHERE id = 1;
SELECT is(pg_temp.obj(1), 0.35, 'closing P in the same transaction as a child''s check-in: (0.5 + 0.2) / 2');
SELECT is(pg_temp.grade(1), 'red', '... graded red');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (313, 31, '2026-10-09', 8);
SELECT is(pg_temp.obj(3), 0.8, 'a child of a closed objective still takes check-ins: E = 0.8');
SELECT is(pg_temp.obj(1), 0.35, '... the closed parent stays frozen');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: a frozen score is not a mismatch');
SELECT is(okr.rebuild(), 0::bigint, 'okr.rebuild() leaves closed objectives frozen');
SELECT is(pg_temp.obj(1), 0.35, '... P still 0.35');

-- ---------- reopening ----------
UPDATE okr.objective SET state = 'active' WHERE id = 1;
SELECT ok(pg_temp.grade(1) IS NULL AND pg_temp.closed_at(1) IS NULL, 'reopening clears final_grade and closed_at');
SELECT is(pg_temp.obj(1), 0.65, 'reopening recomputes: P = (0.5 + 0.8) / 2');
-- a closing rolled back to a savepoint, or refused by a CHECK, leaves no closing behind
SAVEPOINT before_close;
UPDATE okr.objective SET state = 'closed' WHERE id = 1;
ROLLBACK TO SAVEPOINT before_close;
SELECT ok(pg_temp.grade(1) IS NULL AND pg_temp.closed_at(1) IS NULL,
          'closing P rolled back to a savepoint: P stays open, no final grade');
SELECT is(pg_temp.obj(1), 0.65, '... its score still computed');
SELECT throws_ok($$INSERT INTO okr.objective (id, title, period, state, final_score) VALUES (1, 'x', '2026', 'closed', -0.1)$$,
                 '23514', NULL, 'an objective inserted closed under P''s id with a bad final score: refused by the CHECK');
SELECT ok(pg_temp.grade(1) IS NULL, '... P gets no final grade from it');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the rolled-back closings');
UPDATE okr.objective SET state = 'active' WHERE id = 2;
SELECT lives_ok($$INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (212, 21, '2026-10-10', 9)$$,
                'after reopening, check-ins are accepted again');
SELECT is(pg_temp.obj(2), 0.6, 'C = (0.9 + 0.3) / 2');
SELECT is(pg_temp.obj(1), 0.7, 'P = (0.6 + 0.8) / 2');
UPDATE okr.objective SET state = 'closed' WHERE id = 2;
SELECT is(pg_temp.grade(2), 'yellow', 'closed again: yellow (0.6)');
UPDATE okr.objective SET state = 'draft' WHERE id = 2;
SELECT ok(pg_temp.grade(2) IS NULL AND pg_temp.closed_at(2) IS NULL, 'closed -> draft also reopens');
SELECT lives_ok($$UPDATE okr.key_result SET weight = 3 WHERE id = 21$$, '... and key results can be edited');
SELECT is(pg_temp.obj(2), 0.75, 'C = (3 * 0.9 + 0.3) / 4');

-- ---------- grades at the boundaries ----------
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (5, 'G', '2026-Q4', 'key_results'), (6, 'H', '2026-Q4', 'key_results'),
    (7, 'I', '2026-Q4', 'key_results'), (8, 'J', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES
    (51, 5, 'g', '0 -> 10'), (61, 6, 'h', '0 -> 10'), (71, 7, 'i', '0 -> 10');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (511, 51, '2026-10-01', 4), (611, 61, '2026-10-01', 7), (711, 71, '2026-10-01', 3.9);
UPDATE okr.objective SET state = 'closed' WHERE id IN (5, 6, 7, 8);
SELECT is(pg_temp.grade(5), 'yellow', 'score 0.4 closes yellow (boundary inclusive)');
SELECT is(pg_temp.grade(6), 'green', 'score 0.7 closes green (boundary inclusive)');
SELECT is(pg_temp.grade(7), 'red', 'score 0.39 closes red');
SELECT ok(pg_temp.grade(8) IS NULL AND pg_temp.obj(8) IS NULL, 'an objective with nothing to score closes without a grade');
SELECT ok(pg_temp.closed_at(8) BETWEEN now() AND clock_timestamp(), '... but with closed_at');

-- Check-in and closing in one transaction: the grade includes the check-in.
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (402, 41, '2026-10-02', 6);
UPDATE okr.objective SET state = 'closed' WHERE id = 4;
SELECT is(pg_temp.obj(4), 0.35, 'closed right after a check-in: F = (0.6 + 0.1) / 2');
SELECT is(pg_temp.grade(4), 'red', '... red');

-- ---------- deleting a closed objective is allowed ----------
UPDATE okr.objective SET state = 'closed' WHERE id = 2;
SELECT lives_ok($$DELETE FROM okr.objective WHERE id = 2$$, 'deleting a closed objective with its key results, check-ins and outputs');
SELECT is((SELECT count(*) FROM okr.key_result WHERE id IN (21, 22)), 0::bigint, '... its key results are gone');
SELECT is((SELECT count(*) FROM okr.check_in WHERE key_result_id = 21) + (SELECT count(*) FROM okr.output WHERE key_result_id = 22),
          0::bigint, '... with their check-ins and outputs');
SELECT is(pg_temp.obj(1), 0.8, '... its parent is recomputed: P = E');
-- ---------- history dated before closing is refused too ----------
-- The issue's hole: a back-dated check-in moved a closed objective's input.
SELECT throws_ok($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (41, '2026-09-01', 10)$$, '55000', NULL,
                 'a check-in dated before closed_at: refused');
SELECT throws_ok($$INSERT INTO okr.output (key_result_id, title, status, created_at) VALUES (42, 'old', 'done', '2026-01-01')$$, '55000', NULL,
                 'an output dated before closed_at: refused');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target, created_at) VALUES (4, 'old', '0 -> 1', '2026-01-01')$$, '55000', NULL,
                 'a key result dated before closed_at: refused');
-- Ordinary inserts cannot bring a frozen score either.
INSERT INTO okr.objective (id, title, period, rollup, state, score, final_grade, closed_at)
    VALUES (9, 'Claims', '2026-Q3', 'key_results', 'closed', 0.55, 'yellow', '2026-10-01 12:00+00');
SELECT ok(pg_temp.obj(9) IS NULL AND pg_temp.grade(9) IS NULL, 'an objective inserted closed with a score gets none: it has nothing to score');
SELECT ok(pg_temp.closed_at(9) BETWEEN now() AND clock_timestamp(), '... and closed_at is when it was inserted');
SELECT throws_ok($$INSERT INTO okr.key_result (objective_id, title, target) VALUES (9, 'r', '0 -> 10')$$, '55000', NULL,
                 '... and it takes no key results');
INSERT INTO okr.objective (id, title, period, score, closed_at)
    VALUES (19, 'Claimed', '2026-Q3', 0.9, '2026-10-01 12:00+00');
SELECT ok(pg_temp.obj(19) IS NULL AND pg_temp.closed_at(19) IS NULL,
          'an objective inserted active with a score and closed_at gets neither');

-- ---------- a manual final score ----------
-- M(10, key_results): k101 '0 -> 10' at 3 -> 0.3; parent N(11, children) <- M
INSERT INTO okr.objective (id, title, period, rollup) VALUES (10, 'M', '2026-Q4', 'key_results'), (11, 'N', '2026', 'children');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (10, 11);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (101, 10, 'm', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (101, '2026-10-01', 3);
SELECT is(pg_temp.obj(10), 0.3, 'M = 0.3 computed');
SELECT throws_ok($$UPDATE okr.objective SET final_score = 0.6 WHERE id = 10$$, '23514',
                 'new row for relation "objective" violates check constraint "final_score_when_closed"',
                 'a final score on an open objective: refused by a CHECK');
UPDATE okr.objective SET state = 'closed', final_score = 0.6 WHERE id = 10;
SELECT is(pg_temp.obj(10), 0.6, 'closed with final_score 0.6: the frozen score is 0.6');
SELECT is(pg_temp.grade(10), 'yellow', '... graded from it: yellow');
SELECT is(pg_temp.obj(11), 0.6, '... and the parent counts it');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: a manual final score is not a mismatch');
SELECT is(okr.rebuild(), 0::bigint, 'okr.rebuild() keeps it');
SELECT is(pg_temp.try($$UPDATE okr.objective SET final_score = 0.9 WHERE id = 10$$),
          '55000 | cannot change the final score of objective 10: it is closed | A closed objective is frozen with its final grade. | Reopen it, then close it with the new score: UPDATE okr.objective SET state = ''active'' WHERE id = 10.',
          'changing the final score of a closed objective: refused');
SELECT is(pg_temp.try($$UPDATE okr.objective SET final_score = NULL WHERE id = 10$$), pg_temp.try($$UPDATE okr.objective SET final_score = 0.9 WHERE id = 10$$),
          '... clearing it too');
SELECT lives_ok($$UPDATE okr.objective SET title = 'M renamed' WHERE id = 10$$, '... renaming it is fine');
SELECT throws_ok($$UPDATE okr.objective SET state = 'active', final_score = 0.7 WHERE id = 10$$, '23514', NULL,
                 'reopening with a final score: refused by the CHECK');
UPDATE okr.objective SET state = 'active' WHERE id = 10;
SELECT ok((SELECT final_score IS NULL FROM okr.objective WHERE id = 10), 'reopening forgets the final score');
SELECT is(pg_temp.obj(10), 0.3, '... and the score is computed again: 0.3');
SELECT is(pg_temp.obj(11), 0.3, '... in the parent too');
UPDATE okr.objective SET state = 'closed' WHERE id = 10;
SELECT is(pg_temp.obj(10), 0.3, 'closed again without a final score: the computed 0.3');
SELECT is(pg_temp.grade(10), 'red', '... red');
SELECT throws_ok($$INSERT INTO okr.objective (title, period, state, final_score) VALUES ('x', '2026', 'closed', -0.1)$$, '23514', NULL,
                 'a negative final score: refused');
INSERT INTO okr.objective (id, title, period, state, final_score) VALUES (12, 'Imported, closed', '2026-Q3', 'closed', 0.8);
SELECT is(pg_temp.obj(12), 0.8, 'an objective inserted closed with a final score: scored 0.8');
SELECT is(pg_temp.grade(12), 'green', '... green');
-- The final grade follows the tenant's bands (okr.grade(score, tenant)).
INSERT INTO okr.tenant_config (tenant, grade_yellow) VALUES ('default', 0.5);
INSERT INTO okr.objective (id, title, period, state, final_score) VALUES (14, 'Graded by the tenant', '2026-Q3', 'closed', 0.45);
SELECT is(pg_temp.grade(14), 'red', 'a final score of 0.45 under the tenant''s grade_yellow 0.5: red (yellow by the defaults)');
DELETE FROM okr.tenant_config WHERE tenant = 'default';

-- ---------- a restore: okr.maintenance off (superuser only), then okr.rebuild() ----------
CREATE ROLE okr_closing_app;
GRANT USAGE ON SCHEMA okr TO okr_closing_app;
SET LOCAL ROLE okr_closing_app;
SELECT throws_ok($$SET okr.maintenance = off$$, '42501', NULL, 'an ordinary role cannot turn okr.maintenance off');
RESET ROLE;
SET LOCAL okr.maintenance = off;
INSERT INTO okr.objective (id, title, period, rollup, state, score, final_grade, closed_at)
    VALUES (13, 'Restored', '2026-Q3', 'key_results', 'closed', 0.55, 'yellow', '2026-10-01 12:00+00');
INSERT INTO okr.key_result (id, objective_id, title, target, created_at) VALUES (131, 13, 'r', '0 -> 10', '2026-07-01');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1311, 131, '2026-09-30', 5), (1312, 131, '2026-10-02', 9);
INSERT INTO okr.key_result (id, objective_id, title, target, source, value, score, created_at)
    VALUES (132, 13, 'r2', '0 -> 10', 'outputs', 6, 0.6, '2026-07-01');
INSERT INTO okr.output (id, key_result_id, title, status, amount, done_at) VALUES (1321, 132, 'o', 'done', 6, '2026-08-01');
SELECT is(pg_temp.obj(13), 0.55, 'maintenance off: a closed objective is written with its frozen score');
SELECT is(pg_temp.grade(13) || ' ' || pg_temp.closed_at(13), 'yellow 2026-10-01 12:00:00+00', '... its grade and closed_at');
SELECT is((SELECT value FROM okr.key_result WHERE id = 131), NULL::float8, '... its key results and check-ins as given, not rolled up');
RESET okr.maintenance;
SELECT is((SELECT string_agg(field, ',' ORDER BY field) FROM okr.verify() WHERE id = 131), 'score,value', 'until okr.rebuild(), verify() sees what is missing');
SELECT is(okr.rebuild(), 1::bigint, 'okr.rebuild() repairs one row (k131)');
SELECT is(pg_temp.val(131), 9::double precision, '... k131 = its latest check-in');
SELECT is(pg_temp.obj(13), 0.55, '... the restored objective keeps its frozen score');
SELECT throws_ok($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (131, '2026-09-01', 1)$$, '55000', NULL,
                 'maintenance on again: the restored objective is frozen');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent at the end');

SELECT * FROM finish();
ROLLBACK;
