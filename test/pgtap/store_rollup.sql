-- Behaviour of okr's rollup: every trigger path that changes a maintained
-- value (key_result.value/score, objective.score), checked against numbers
-- computed by hand.  The rollup runs at commit (deferred); the helpers below
-- call okr.flush() first, which does now what COMMIT would do.
-- (SET CONSTRAINTS ALL IMMEDIATE is tested in store_immediate.sql.)
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(186);
SET LOCAL okr.tenant = 'default';

-- Maintained values of the current tenant after a flush, rounded for comparison.
\ir lib/flushed.psql
-- okr.verify() after a flush: what a commit would leave.

-- The tree:  R(1, children) <- A(2, both) weight 1
--                           <- B(3, key_results) weight 3
--   A: k11 '0 -> 10' check-ins, k12 '0 -> 100' outputs
--   B: k13 '0 -> 10' check-ins weight 2, k14 '0 -> 10' check-ins
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'Root', '2026', 'children'),
    (2, 'A', '2026-H2', 'both'),
    (3, 'B', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (2, 1, 1), (3, 1, 3);
SELECT is(pg_temp.obj(1), NULL::numeric, 'objective whose children have no score yet: NULL');
INSERT INTO okr.key_result (id, objective_id, title, target, source, weight) VALUES
    (11, 2, 'a1', '0 -> 10', 'check_ins', 1),
    (12, 2, 'a2', '0 -> 100', 'outputs', 1),
    (13, 3, 'b1', '0 -> 10', 'check_ins', 2),
    (14, 3, 'b2', '0 -> 10', 'check_ins', 1);

SELECT ok(pg_temp.no_value(11), 'key result without check-ins: value NULL');
SELECT is(pg_temp.ks(11), 0::numeric, 'key result without check-ins: score 0');
SELECT is(pg_temp.val(12), 0::double precision, 'key result fed by outputs, none done: value = baseline 0');
SELECT is(pg_temp.ks(12), 0::numeric, '... score 0');
SELECT is(pg_temp.obj(2), 0::numeric, 'A = mean of its zero key results');
SELECT is(pg_temp.obj(3), 0::numeric, 'B = 0');
SELECT is(pg_temp.obj(1), 0::numeric, 'R = 0');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after building the tree');

-- ---------- check-ins ----------
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1001, 11, '2026-07-10', 4);
SELECT is(pg_temp.val(11), 4::double precision, 'check-in: value 4');
SELECT is(pg_temp.ks(11), 0.4, 'check-in: score 0.4');
SELECT is(pg_temp.obj(2), 0.2, 'A = (0.4 + 0) / 2');
SELECT is(pg_temp.obj(1), 0.05, 'R = (1 * 0.2 + 3 * 0) / 4');

INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1002, 11, '2026-07-01', 9);
SELECT is(pg_temp.val(11), 4::double precision, 'back-dated check-in does not become the value');
SELECT is(pg_temp.obj(1), 0.05, 'back-dated check-in: R unchanged');

INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1003, 11, '2026-07-20', 6);
SELECT is(pg_temp.val(11), 6::double precision, 'later check-in becomes the value');
SELECT is(pg_temp.obj(2), 0.3, 'A = 0.6 / 2');
SELECT is(pg_temp.obj(1), 0.075, 'R = 0.3 / 4');

UPDATE okr.check_in SET value = 8 WHERE id = 1003;
SELECT is(pg_temp.val(11), 8::double precision, 'editing the latest check-in''s value');
SELECT is(pg_temp.obj(1), 0.1, 'R = 0.4 / 4 after the edit');

UPDATE okr.check_in SET value = 5 WHERE id = 1001;
SELECT is(pg_temp.val(11), 8::double precision, 'editing an older check-in''s value leaves the value');

UPDATE okr.check_in SET at = '2026-06-01' WHERE id = 1003;
SELECT is(pg_temp.val(11), 5::double precision, 'moving the latest check-in back in time: the next latest (07-10) wins');
SELECT is(pg_temp.obj(2), 0.25, 'A = 0.5 / 2');
SELECT is(pg_temp.obj(1), 0.0625, 'R = 0.25 / 4');

UPDATE okr.check_in SET at = '2026-08-01' WHERE id = 1002;
SELECT is(pg_temp.val(11), 9::double precision, 'moving an old check-in forward in time makes it the value');
SELECT is(pg_temp.obj(1), 0.1125, 'R = 0.45 / 4');

INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1004, 11, '2026-08-01', 3);
SELECT is(pg_temp.val(11), 3::double precision, 'same at: the higher id wins');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (999, 11, '2026-08-01', 7);
SELECT is(pg_temp.val(11), 3::double precision, 'same at, lower id: does not win');

DELETE FROM okr.check_in WHERE id = 1004;
SELECT is(pg_temp.val(11), 9::double precision, 'deleting the latest check-in: falls back to the previous one (tie by id)');
DELETE FROM okr.check_in WHERE id IN (1002, 999);
SELECT is(pg_temp.val(11), 5::double precision, 'deleting two check-ins in one statement: falls back to 07-10');
SELECT is(pg_temp.obj(1), 0.0625, 'R = 0.25 / 4 again');
DELETE FROM okr.check_in WHERE key_result_id = 11;
SELECT ok(pg_temp.no_value(11), 'deleting every check-in: value NULL');
SELECT is(pg_temp.ks(11), 0::numeric, 'deleting every check-in: score 0');
SELECT is(pg_temp.obj(2), 0::numeric, 'A back to 0');
SELECT is(pg_temp.obj(1), 0::numeric, 'R back to 0');

INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1010, 13, '2026-10-05', 5);
SELECT is(pg_temp.obj(3), 0.333333, 'B = (2 * 0.5 + 0) / 3');
SELECT is(pg_temp.obj(1), 0.25, 'R = 3 * (1/3) / 4');
UPDATE okr.check_in SET key_result_id = 14 WHERE id = 1010;
SELECT ok(pg_temp.no_value(13), 'moving a check-in to another key result: the old one loses it');
SELECT is(pg_temp.val(14), 5::double precision, '... the new one gets it');
SELECT is(pg_temp.obj(3), 0.166667, 'B = (0 + 0.5) / 3');
SELECT is(pg_temp.obj(1), 0.125, 'R = 3 * (1/6) / 4');

-- Set-wise: one statement, several rows, several key results, any order.
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES
    (1020, 13, '2026-10-05', 2), (1021, 13, '2026-10-20', 7), (1022, 13, '2026-10-10', 5),
    (1023, 14, '2026-10-15', 10), (1024, 14, '2026-09-01', 1);
SELECT is(pg_temp.val(13), 7::double precision, 'multi-row insert: latest by at (10-20), not last inserted');
SELECT is(pg_temp.val(14), 10::double precision, 'multi-row insert: 10-15 beats the existing 10-05');
SELECT is(pg_temp.obj(3), 0.8, 'B = (2 * 0.7 + 1) / 3');
SELECT is(pg_temp.obj(1), 0.6, 'R = 3 * 0.8 / 4');
UPDATE okr.check_in SET value = value + 1 WHERE key_result_id IN (13, 14);
SELECT is(pg_temp.val(13), 8::double precision, 'multi-row update: 7 + 1');
SELECT is(pg_temp.val(14), 11::double precision, 'multi-row update: 10 + 1');
SELECT is(pg_temp.ks(14), 1::numeric, 'score clamped to cap 1');
SELECT is(pg_temp.obj(3), 0.866667, 'B = (1.6 + 1) / 3');
SELECT is(pg_temp.obj(1), 0.65, 'R = 2.6 / 4');
DELETE FROM okr.check_in WHERE id IN (1021, 1023);
SELECT is(pg_temp.val(13), 6::double precision, 'multi-row delete: k13 falls back to 10-10 (5 + 1)');
SELECT is(pg_temp.val(14), 6::double precision, 'multi-row delete: k14 falls back to 10-05 (5 + 1)');
SELECT is(pg_temp.obj(3), 0.6, 'B = (1.2 + 0.6) / 3');
SELECT is(pg_temp.obj(1), 0.45, 'R = 1.8 / 4');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the check-in scenarios');

-- ---------- outputs (k12: '0 -> 100', fed by outputs) ----------
INSERT INTO okr.output (id, key_result_id, title, status, amount) VALUES
    (2001, 12, 'o1', 'planned', 10), (2002, 12, 'o2', 'done', 20), (2003, 12, 'o3', 'in_progress', 30);
SELECT is(pg_temp.val(12), 20::double precision, 'outputs: only done ones count (20)');
SELECT is(pg_temp.obj(2), 0.1, 'A = (0 + 0.2) / 2');
SELECT is(pg_temp.obj(1), 0.475, 'R = (0.1 + 3 * 0.6) / 4');
SELECT is((SELECT done_at FROM okr.output WHERE id = 2002), now(), 'an output inserted done gets done_at = now()');
SELECT ok((SELECT done_at IS NULL FROM okr.output WHERE id = 2001), 'a planned output has no done_at');

UPDATE okr.output SET status = 'done' WHERE id = 2001;
SELECT is(pg_temp.val(12), 30::double precision, 'output becomes done: 30');
SELECT is((SELECT done_at FROM okr.output WHERE id = 2001), now(), '... and gets done_at');
SELECT is(pg_temp.obj(1), 0.4875, 'R = (0.15 + 1.8) / 4');
UPDATE okr.output SET status = 'planned' WHERE id = 2002;
SELECT is(pg_temp.val(12), 10::double precision, 'output undone: 10');
SELECT ok((SELECT done_at IS NULL FROM okr.output WHERE id = 2002), '... and loses its done_at');
UPDATE okr.output SET status = 'dropped' WHERE id = 2001;
SELECT is(pg_temp.val(12), 0::double precision, 'done output dropped: back to the baseline 0');
SELECT is(pg_temp.obj(1), 0.45, 'R = (0 + 1.8) / 4');
UPDATE okr.output SET status = 'done' WHERE id = 2003;
SELECT is(pg_temp.val(12), 30::double precision, 'in-progress output done: 30');
UPDATE okr.output SET amount = 45 WHERE id = 2003;
SELECT is(pg_temp.val(12), 45::double precision, 'amount of a done output changed: 45');
SELECT is(pg_temp.obj(2), 0.225, 'A = 0.45 / 2');
SELECT is(pg_temp.obj(1), 0.50625, 'R = (0.225 + 1.8) / 4');
UPDATE okr.output SET amount = 100 WHERE id = 2001;
SELECT is(pg_temp.val(12), 45::double precision, 'amount of a dropped output changed: no effect');

INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES (15, 3, 'b3', '0 -> 50', 'outputs');
SELECT is(pg_temp.val(15), 0::double precision, 'new key result fed by outputs: value = baseline');
SELECT is(pg_temp.obj(3), 0.45, 'inserting a key result: B = (1.2 + 0.6 + 0) / 4');
SELECT is(pg_temp.obj(1), 0.39375, 'R = (0.225 + 3 * 0.45) / 4');
UPDATE okr.output SET key_result_id = 15 WHERE id = 2003;
SELECT is(pg_temp.val(12), 0::double precision, 'moving a done output away: old key result back to baseline');
SELECT is(pg_temp.val(15), 45::double precision, '... new key result gets its amount');
SELECT is(pg_temp.ks(15), 0.9, '... score 45 / 50');
SELECT is(pg_temp.obj(2), 0::numeric, 'A = 0');
SELECT is(pg_temp.obj(3), 0.675, 'B = (1.2 + 0.6 + 0.9) / 4');
SELECT is(pg_temp.obj(1), 0.50625, 'R = 3 * 0.675 / 4');
DELETE FROM okr.output WHERE id = 2003;
SELECT is(pg_temp.val(15), 0::double precision, 'deleting a done output');
SELECT is(pg_temp.obj(1), 0.3375, 'R = 3 * 0.45 / 4');
INSERT INTO okr.output (id, key_result_id, title, status, amount, done_at)
    VALUES (2005, 12, 'o5', 'done', 5, '2026-10-01');
SELECT is((SELECT done_at FROM okr.output WHERE id = 2005), '2026-10-01'::timestamptz, 'a given done_at is kept');
SELECT is(pg_temp.val(12), 5::double precision, 'k12 = 5');
SELECT is(pg_temp.obj(1), 0.34375, 'R = (0.025 + 1.35) / 4');
INSERT INTO okr.output (id, key_result_id, title, status, amount) VALUES (2006, 15, 'rework', 'done', -5);
SELECT is(pg_temp.val(15), -5::double precision, 'negative amount: value below the baseline');
SELECT is(pg_temp.ks(15), 0::numeric, '... score clamped to 0');
DELETE FROM okr.output WHERE id = 2006;
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the output scenarios');

-- ---------- key-result edits ----------
-- Now: k11 NULL/0, k12 5/0.05, k13 6/0.6 (w2), k14 6/0.6, k15 0/0;
--      A = 0.025, B = 0.45, R = 0.34375.
UPDATE okr.key_result SET target = '0 -> 8' WHERE id = 13;
SELECT is(pg_temp.ks(13), 0.75, 'target changed: 6 / 8');
SELECT is(pg_temp.obj(3), 0.525, 'B = (1.5 + 0.6) / 4');
SELECT is(pg_temp.obj(1), 0.4, 'R = (0.025 + 1.575) / 4');
UPDATE okr.key_result SET target = '10 -> 0' WHERE id = 13;
SELECT is(pg_temp.ks(13), 0.4, 'decreasing target: (10 - 6) / 10');
UPDATE okr.key_result SET target = '>= 7' WHERE id = 13;
SELECT is(pg_temp.ks(13), 0::numeric, 'threshold target not met: 0');
SELECT is(pg_temp.obj(1), 0.11875, 'R = (0.025 + 3 * 0.15) / 4');
UPDATE okr.key_result SET target = '5 .. 6' WHERE id = 13;
SELECT is(pg_temp.ks(13), 1::numeric, 'band target met: 1');
UPDATE okr.key_result SET target = '0 -> 10' WHERE id = 13;
SELECT is(pg_temp.obj(3), 0.45, 'target restored: B = 0.45');

UPDATE okr.key_result SET weight = 5 WHERE id = 13;
SELECT is(pg_temp.obj(3), 0.514286, 'weight changed: B = (5 * 0.6 + 0.6) / 7');
SELECT is(pg_temp.obj(1), 0.391964, 'R = (0.025 + 3 * 3.6 / 7) / 4');
UPDATE okr.key_result SET weight = 2 WHERE id = 13;
SELECT is(pg_temp.obj(3), 0.45, 'weight restored');

UPDATE okr.key_result SET target = '0 -> 4' WHERE id = 14;
SELECT is(pg_temp.ks(14), 1::numeric, 'overachieved (6 of 4), cap 1: score 1');
UPDATE okr.key_result SET cap = 1.5 WHERE id = 14;
SELECT is(pg_temp.ks(14), 1.5, 'cap 1.5: score 1.5');
SELECT is(pg_temp.obj(3), 0.675, 'B = (1.2 + 1.5 + 0) / 4');
SELECT is(pg_temp.obj(1), 0.5125, 'R = (0.025 + 2.025) / 4');
UPDATE okr.key_result SET cap = 1.2 WHERE id = 14;
SELECT is(pg_temp.ks(14), 1.2, 'cap 1.2: score 1.2');
UPDATE okr.key_result SET target = '0 -> 10', cap = 1 WHERE id = 14;
SELECT is(pg_temp.ks(14), 0.6, 'target and cap restored');

UPDATE okr.key_result SET source = 'outputs' WHERE id = 14;
SELECT is(pg_temp.val(14), 0::double precision, 'source check_ins -> outputs: baseline, check-ins ignored');
SELECT is(pg_temp.obj(3), 0.3, 'B = 1.2 / 4');
SELECT is(pg_temp.obj(1), 0.23125, 'R = (0.025 + 0.9) / 4');
UPDATE okr.key_result SET source = 'check_ins' WHERE id = 14;
SELECT is(pg_temp.val(14), 6::double precision, 'source back to check_ins: latest check-in again');
UPDATE okr.key_result SET source = 'check_ins' WHERE id = 12;
SELECT ok(pg_temp.no_value(12), 'source outputs -> check_ins without check-ins: NULL');
SELECT is(pg_temp.obj(2), 0::numeric, 'A = 0');
UPDATE okr.key_result SET source = 'outputs' WHERE id = 12;
SELECT is(pg_temp.val(12), 5::double precision, 'source back to outputs: 5');
SELECT is(pg_temp.obj(1), 0.34375, 'R back to 0.34375');

UPDATE okr.key_result SET objective_id = 2 WHERE id = 14;
SELECT is(pg_temp.obj(3), 0.4, 'moving a key result away: B = (1.2 + 0) / 3');
SELECT is(pg_temp.obj(2), 0.216667, '... into A: (0 + 0.05 + 0.6) / 3');
SELECT is(pg_temp.obj(1), 0.354167, 'R = (0.65 / 3 + 1.2) / 4');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1030, 14, '2026-11-01', 9);
SELECT is(pg_temp.obj(2), 0.316667, 'a check-in on the moved key result updates its new objective: (0 + 0.05 + 0.9) / 3');
DELETE FROM okr.check_in WHERE id = 1030;
SELECT is(pg_temp.obj(2), 0.216667, '... and deleting it');

DELETE FROM okr.key_result WHERE id = 15;
SELECT is(pg_temp.obj(3), 0.6, 'deleting a key result: B = 1.2 / 2');
SELECT is(pg_temp.obj(1), 0.504167, 'R = (0.65 / 3 + 1.8) / 4');
DELETE FROM okr.key_result WHERE id = 13;
SELECT is((SELECT count(*) FROM okr.check_in WHERE key_result_id = 13), 0::bigint, 'deleting a key result deletes its check-ins');
SELECT is(pg_temp.obj(3), NULL::numeric, 'objective without key results: NULL');
SELECT is(pg_temp.obj(1), 0.216667, 'R skips the NULL child: A alone');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (16, 3, 'b4', '0 -> 10');
SELECT is(pg_temp.obj(3), 0::numeric, 'new key result without value: B = 0');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1040, 16, '2026-11-02', 8);
SELECT is(pg_temp.obj(3), 0.8, 'B = 0.8');
SELECT is(pg_temp.obj(1), 0.654167, 'R = (0.65 / 3 + 2.4) / 4');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the key-result scenarios');

-- ---------- alignment and rollup modes ----------
INSERT INTO okr.objective (id, title, period, rollup) VALUES (4, 'Root 2', '2026', 'children');
SELECT is(pg_temp.obj(4), NULL::numeric, 'a new objective has no score');
UPDATE okr.alignment SET parent_id = 4 WHERE child_id = 3 AND parent_id = 1;
SELECT is(pg_temp.obj(1), 0.216667, 're-parenting B: old parent R = A alone');
SELECT is(pg_temp.obj(4), 0.8, '... new parent R2 = B');
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (2, 4, 1);
SELECT is(pg_temp.obj(4), 0.654167, 'A now has two parents: R2 = (3 * 0.8 + 0.65 / 3) / 4');
SELECT is(pg_temp.obj(1), 0.216667, 'R = A');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1050, 11, '2026-11-03', 10);
SELECT is(pg_temp.obj(2), 0.55, 'check-in under A: A = (1 + 0.05 + 0.6) / 3');
SELECT is(pg_temp.obj(1), 0.55, '... reaches parent R');
SELECT is(pg_temp.obj(4), 0.7375, '... and parent R2 = (2.4 + 0.55) / 4');
UPDATE okr.alignment SET weight = 2 WHERE child_id = 2 AND parent_id = 4;
SELECT is(pg_temp.obj(4), 0.7, 'alignment weight changed: R2 = (2.4 + 2 * 0.55) / 5');
DELETE FROM okr.alignment WHERE child_id = 3 AND parent_id = 4;
SELECT is(pg_temp.obj(4), 0.55, 'alignment deleted: R2 = A');
DELETE FROM okr.alignment WHERE child_id = 2 AND parent_id = 1;
SELECT is(pg_temp.obj(1), NULL::numeric, 'last alignment deleted: R has nothing to average');

INSERT INTO okr.objective (id, title, period, rollup) VALUES (5, 'C', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (51, 5, 'c1', '0 -> 10');
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1060, 51, '2026-11-04', 2);
INSERT INTO okr.alignment (child_id, parent_id) VALUES (5, 2);
SELECT is(pg_temp.obj(5), 0.2, 'C = 0.2');
SELECT is(pg_temp.obj(2), 0.4625, 'A (both) pools key results and children: (1 + 0.05 + 0.6 + 0.2) / 4');
SELECT is(pg_temp.obj(4), 0.4625, 'R2 = A');
UPDATE okr.objective SET rollup = 'key_results' WHERE id = 2;
SELECT is(pg_temp.obj(2), 0.55, 'rollup key_results: A = (1 + 0.05 + 0.6) / 3');
SELECT is(pg_temp.obj(4), 0.55, '... R2 follows');
UPDATE okr.objective SET rollup = 'children' WHERE id = 2;
SELECT is(pg_temp.obj(2), 0.2, 'rollup children: A = C');
SELECT is(pg_temp.obj(4), 0.2, '... R2 follows');
UPDATE okr.objective SET rollup = 'both' WHERE id = 2;
SELECT is(pg_temp.obj(2), 0.4625, 'rollup both again');
UPDATE okr.objective SET title = 'A renamed', description = 'x', owner = 'me' WHERE id = 2;
SELECT is(pg_temp.obj(2), 0.4625, 'editing an objective''s title, description and owner keeps its score');
UPDATE okr.objective SET period = '2026-Q4' WHERE id = 2;
SELECT is(pg_temp.obj(2), 0.4625, 'editing an objective''s period keeps its score');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the alignment scenarios');

-- Deleting an objective in the middle: C -> A -> R2, and B -> R2.
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (3, 4, 1);
SELECT is(pg_temp.obj(4), 0.575, 'R2 = (2 * 0.4625 + 0.8) / 3');
DELETE FROM okr.objective WHERE id = 2;
SELECT is(pg_temp.obj(4), 0.8, 'deleting A: R2 = B');
SELECT is((SELECT count(*) FROM okr.key_result WHERE objective_id = 2), 0::bigint, '... its key results are gone');
SELECT is((SELECT count(*) FROM okr.check_in WHERE key_result_id IN (11, 14)), 0::bigint, '... and their check-ins');
SELECT is((SELECT count(*) FROM okr.output WHERE key_result_id = 12), 0::bigint, '... and their outputs');
SELECT is((SELECT count(*) FROM okr.alignment WHERE 2 IN (child_id, parent_id)), 0::bigint, '... and its alignments');
SELECT is(pg_temp.obj(5), 0.2, '... its child C keeps its score');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after deleting an objective in the middle');
DELETE FROM okr.objective WHERE id = 4;
SELECT is(pg_temp.obj(3), 0.8, 'deleting a root: its child keeps its score');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after deleting a root');

-- ---------- large statements (set-wise path) ----------
INSERT INTO okr.objective (id, title, period, rollup) VALUES (6, 'D', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES
    (61, 6, 'd1', '0 -> 8000', 'outputs'), (62, 6, 'd2', '0 -> 8000', 'outputs'),
    (63, 6, 'd3', '0 -> 4', 'check_ins');
INSERT INTO okr.output (id, key_result_id, title, status, amount)
SELECT 100000 + i, CASE WHEN i <= 6000 THEN 61 ELSE 62 END, 'bulk ' || i, 'planned', 1
  FROM generate_series(1, 10000) AS i;
SELECT is(pg_temp.val(61), 0::double precision, '10,000 planned outputs: nothing done');
UPDATE okr.output SET status = 'done' WHERE key_result_id IN (61, 62);
SELECT is((SELECT count(*) FROM okr.output WHERE status = 'done' AND key_result_id IN (61, 62)), 10000::bigint, 'one UPDATE of 10,000 outputs');
SELECT is(pg_temp.val(61), 6000::double precision, '... k61 = 6000');
SELECT is(pg_temp.val(62), 4000::double precision, '... k62 = 4000');
SELECT is(pg_temp.obj(6), 0.416667, '... D = (0.75 + 0.5 + 0) / 3');
UPDATE okr.output SET amount = amount * 1.5 WHERE key_result_id IN (61, 62);
SELECT is(pg_temp.val(61), 9000::double precision, '10,000 amounts * 1.5: k61 = 9000');
SELECT is(pg_temp.ks(61), 1::numeric, '... clamped to 1');
SELECT is(pg_temp.val(62), 6000::double precision, '... k62 = 6000');
UPDATE okr.output SET key_result_id = 62 WHERE key_result_id = 61 AND id <= 101000;
SELECT is(pg_temp.val(61), 7500::double precision, 'moving 1000 outputs: k61 = 5000 * 1.5');
SELECT is(pg_temp.val(62), 7500::double precision, '... k62 = 5000 * 1.5');
SELECT is(pg_temp.obj(6), 0.625, '... D = (0.9375 + 0.9375 + 0) / 3');
INSERT INTO okr.check_in (id, key_result_id, at, value)
SELECT 200000 + i, 63, timestamptz '2026-10-01' + (10000 - i) * interval '1 minute', i % 4
  FROM generate_series(1, 10000) AS i;
SELECT is(pg_temp.val(63), 1::double precision, 'one INSERT of 10,000 check-ins: the latest by at (the first row, 1 % 4)');
SELECT is(pg_temp.obj(6), 0.708333, '... D = (0.9375 + 0.9375 + 0.25) / 3');
UPDATE okr.check_in SET at = at + interval '10 days' WHERE id = 210000;
SELECT is(pg_temp.val(63), 0::double precision, 'moving the earliest check-in after all others: its value (10000 % 4)');
DELETE FROM okr.output WHERE key_result_id = 62;
SELECT is(pg_temp.val(62), 0::double precision, 'deleting 5000 outputs in one statement');
SELECT is(pg_temp.obj(6), 0.3125, '... D = (0.9375 + 0 + 0) / 3');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the large statements');

-- ---------- deferred: flushed at commit, or by okr.flush() ----------
INSERT INTO okr.check_in (id, key_result_id, at, value) VALUES (1070, 16, '2026-11-05', 4);
SELECT is((SELECT value FROM okr.key_result WHERE id = 16), 8::double precision,
          'deferred: the value is not recomputed before commit');
SELECT set_eq('SELECT kind, id, field FROM okr.verify()',
              $$VALUES ('key_result', 16::bigint, 'value'), ('key_result', 16, 'score')$$,
              'deferred: verify sees the pending change');
SELECT is(okr.flush(), 2::bigint, 'okr.flush() updates key result 16 and objective 3');
SELECT is(pg_temp.val(16), 4::double precision, '... value 4');
SELECT is(pg_temp.obj(3), 0.4, '... B = 0.4');
SELECT is(okr.flush(), 0::bigint, 'a second flush has nothing to do');
UPDATE okr.check_in SET value = 5 WHERE id = 1070;
UPDATE okr.check_in SET value = 6 WHERE id = 1070;
SELECT is(okr.flush(), 2::bigint, 'two statements, one flush');
SELECT is(pg_temp.obj(3), 0.6, '... B = 0.6');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent at the end');

SELECT * FROM finish();
ROLLBACK;
