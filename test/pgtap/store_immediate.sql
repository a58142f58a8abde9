-- SET CONSTRAINTS okr.rollup_at_commit IMMEDIATE (or ALL IMMEDIATE): the
-- rollup then runs at the end of every statement, so each statement's own
-- changes are visible to the next one without okr.flush().  No helper here
-- flushes (stored_score, stored_value): every value is read exactly as the
-- statement left it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(20);
SET LOCAL okr.tenant = 'default';

CREATE FUNCTION pg_temp.stored_score(bigint) RETURNS numeric LANGUAGE sql AS
  $$ SELECT round(score::numeric, 6) FROM okr.objective WHERE tenant = 'default' AND id = $1 $$;
CREATE FUNCTION pg_temp.stored_value(bigint) RETURNS double precision LANGUAGE sql AS
  $$ SELECT value FROM okr.key_result WHERE tenant = 'default' AND id = $1 $$;

-- Pending work is flushed when the constraint becomes immediate.
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'Root', '2026', 'children'), (2, 'A', '2026-Q4', 'key_results'), (3, 'B', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES
    (21, 2, 'a1', '0 -> 10', 'check_ins'), (22, 2, 'a2', '0 -> 100', 'outputs'),
    (31, 3, 'b1', '0 -> 10', 'check_ins');
SELECT ok(EXISTS (SELECT FROM okr.objective WHERE tenant = 'default' AND id = 1 AND score IS NULL), 'deferred: nothing computed yet');
SET CONSTRAINTS okr.rollup_at_commit IMMEDIATE;
SELECT is(pg_temp.stored_score(1), 0::numeric, 'SET CONSTRAINTS okr.rollup_at_commit IMMEDIATE flushes the pending work');
SELECT is(pg_temp.stored_value(22), 0::double precision, '... the outputs key result has its baseline value');

-- From now on, every statement flushes its own changes.
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1, 21, '2026-10-01', 5);
SELECT is(pg_temp.stored_value(21), 5::double precision, 'immediate: a check-in is the value when the statement ends');
SELECT is(pg_temp.stored_score(2), 0.25, 'immediate: A = (0.5 + 0) / 2');
SELECT is(pg_temp.stored_score(1), 0.125, 'immediate: R = (0.25 + 0) / 2');

INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (2, 31, '2026-10-01', 8);
SELECT is(pg_temp.stored_value(31), 8::double precision, 'immediate: a check-in on another objective''s key result');
SELECT is(pg_temp.stored_score(3), 0.8, 'immediate: B = 0.8');
SELECT is(pg_temp.stored_score(1), 0.525, 'immediate: R = (0.25 + 0.8) / 2');

INSERT INTO okr.output (id, key_result_id, title, status, amount) VALUES (1, 22, 'o', 'done', 50);
SELECT is(pg_temp.stored_score(2), 0.5, 'immediate: a done output: A = (0.5 + 0.5) / 2');

DELETE FROM okr.check_in WHERE id = 2;
SELECT ok(EXISTS (SELECT FROM okr.key_result WHERE tenant = 'default' AND id = 31 AND value IS NULL), 'immediate: deleting the only check-in');
SELECT is(pg_temp.stored_score(1), 0.25, 'immediate: R = (0.5 + 0) / 2');

INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES (32, 3, 'b2', '0 -> 4', 'outputs');
SELECT is(pg_temp.stored_value(32), 0::double precision, 'immediate: a new outputs key result has its baseline value');

UPDATE okr.alignment SET weight = 3 WHERE child_id = 2;
SELECT is(pg_temp.stored_score(1), 0.375, 'immediate: alignment weight: R = (3 * 0.5 + 0) / 4');

SELECT is_empty('SELECT * FROM okr.verify()', 'immediate: consistent after every statement, without okr.flush()');
SELECT is(okr.flush(), 0::bigint, 'immediate: okr.flush() finds nothing left to do');

-- A statement refused in a savepoint (pgTAP's throws_ok runs it in one)
-- leaves nothing dirty: the next statement's flush event, which fires
-- before that statement is validated, has nothing to read its structure for
-- (it read the cycle the statement made and failed with 54000, found by
-- test/pgtap/store_random.sql).
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 2)', '23514', NULL,
                 'immediate: a cycle is refused ...');
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 2)', '23514', NULL,
                 '... and refused as a cycle again after that refusal');
-- ... and so does a savepoint whose own changes were flushed before it
-- rolled back (IMMEDIATE: at its statement's end): objective 1 is not dirty
-- again, as its change is gone too
SAVEPOINT reweighted;
UPDATE okr.alignment SET weight = 2 WHERE child_id = 3;
ROLLBACK TO SAVEPOINT reweighted;
SELECT throws_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 2)', '23514', NULL,
                 '... and after a savepoint whose flushed edit rolled back');

-- Back to deferred: changes wait for commit again.
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (3, 31, '2026-10-02', 2);
SELECT ok(EXISTS (SELECT FROM okr.key_result WHERE tenant = 'default' AND id = 31 AND value IS NULL), 'deferred again: the check-in waits for commit');

SELECT * FROM finish();
ROLLBACK;
