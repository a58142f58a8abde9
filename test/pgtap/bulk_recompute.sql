-- The flush of a structure edit recomputes each objective it reaches from
-- its inputs in C (src/rollup.c, computed_score), as okr.objective_computed
-- defines it: the weighted mean of the objective's scored key results
-- (unless rollup = 'children') and its children's current scores (unless
-- rollup = 'key_results'), drafts left out, closed children with their
-- frozen score.  One statement of key results of two tenants with the same
-- ids, under objectives that already have key results, children and
-- weights; every expected score worked out by hand below.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(14);
SET LOCAL okr.tenant = 'rc_a';
\ir lib/flushed.psql

INSERT INTO okr.objective (tenant, id, title, period, rollup) VALUES
    ('rc_a', 1, 'root', '2026', 'both'),
    ('rc_a', 2, 'both', '2026-Q4', 'both'),
    ('rc_a', 3, 'draft', '2026-Q4', 'both'),
    ('rc_a', 4, 'key results only', '2026-Q4', 'key_results'),
    ('rc_a', 5, 'children only', '2026-Q4', 'children'),
    ('rc_a', 6, 'under 5', '2026-Q4', 'both'),
    ('rc_a', 7, 'closed', '2026-Q4', 'both'),
    ('rc_b', 1, 'root of b', '2026', 'both'),
    ('rc_b', 2, 'child of b', '2026-Q4', 'both');
UPDATE okr.objective SET state = 'draft' WHERE tenant = 'rc_a' AND id = 3;
INSERT INTO okr.alignment (tenant, child_id, parent_id, weight) VALUES
    ('rc_a', 2, 1, 3), ('rc_a', 3, 1, 1), ('rc_a', 4, 1, 2), ('rc_a', 5, 1, 1),
    ('rc_a', 6, 5, 1), ('rc_a', 7, 1, 1), ('rc_b', 2, 1, 4);
-- before the load: objective 2 has a key result at 0.5 (weight 2), 7 is
-- closed with a final score of 0.9
INSERT INTO okr.key_result (tenant, id, objective_id, title, target, weight) VALUES
    ('rc_a', 21, 2, 'kr', '0 -> 10', 2);
INSERT INTO okr.check_in (tenant, key_result_id, value) VALUES ('rc_a', 21, 5);
UPDATE okr.objective SET state = 'closed', final_score = 0.9 WHERE tenant = 'rc_a' AND id = 7;
SELECT is(pg_temp.obj(1), 0.600000, 'before: root = (3 * 0.5 + 1 * 0.9) / (3 + 1)');

-- the load: one statement, both tenants, then their check-ins
INSERT INTO okr.key_result (tenant, id, objective_id, title, target, weight) VALUES
    ('rc_a', 11, 1, 'root kr', '0 -> 10', 1),
    ('rc_a', 22, 2, 'at 0', '0 -> 10', 1),
    ('rc_a', 23, 2, 'no target: not scored', NULL, 5),
    ('rc_a', 31, 3, 'under the draft', '0 -> 10', 1),
    ('rc_a', 41, 4, 'kr of 4', '0 -> 4', 3),
    ('rc_a', 51, 5, 'not counted by 5', '0 -> 10', 1),
    ('rc_a', 61, 6, 'kr of 6', '0 -> 10', 1),
    ('rc_b', 11, 1, 'root kr of b', '0 -> 100', 1),
    ('rc_b', 21, 2, 'kr of b', '0 -> 100', 1);
INSERT INTO okr.check_in (tenant, key_result_id, value) VALUES
    ('rc_a', 11, 2), ('rc_a', 31, 7), ('rc_a', 41, 1), ('rc_a', 51, 0), ('rc_a', 61, 10),
    ('rc_b', 11, 50), ('rc_b', 21, 100);

SELECT is(pg_temp.obj(2), 0.333333, 'both: (2 * 0.5 + 1 * 0) / 3; the key result without a target is left out');
SELECT is(pg_temp.obj(3), 0.700000, 'the draft has its own score');
SELECT is(pg_temp.obj(4), 0.250000, 'key_results: its key result''s 1 of 4');
SELECT is(pg_temp.obj(6), 1.000000, 'a child at 10 of 10');
SELECT is(pg_temp.obj(5), 1.000000, 'children: its child''s score, its own key result at 0 not counted');
SELECT is(pg_temp.obj(7), 0.900000, 'the closed objective keeps its final score');
SELECT is(pg_temp.obj(1), 0.450000,
          'root: (1 * 0.2 + 3 * 1/3 + 2 * 0.25 + 1 * 1.0 + 1 * 0.9) / 8, the draft left out');
SET LOCAL okr.tenant = 'rc_b';
SELECT is(pg_temp.obj(2), 1.000000, 'the other tenant''s child, with the same ids');
SELECT is(pg_temp.obj(1), 0.900000, 'the other tenant''s root: (1 * 0.5 + 4 * 1.0) / 5');

-- the load recounted the shapes' key results (okr.refresh_shape_counts),
-- and a shape row that went missing is made whole again
SET LOCAL okr.tenant = 'rc_a';
SELECT is((SELECT key_results FROM okr.objective_shape WHERE tenant = 'rc_a' AND objective_id = 2), 3::bigint,
          'objective 2''s shape counts its three key results');
DELETE FROM okr.objective_shape WHERE tenant = 'rc_a' AND objective_id = 4;
INSERT INTO okr.key_result (tenant, id, objective_id, title, target) VALUES ('rc_a', 42, 4, 'second of 4', '0 -> 4');
SELECT is((SELECT (key_results, parent_ids, child_ids)::text FROM okr.objective_shape
            WHERE tenant = 'rc_a' AND objective_id = 4), '(2,1,)',
          'a missing shape row is recomputed whole: two key results, parent 1, no children');

-- a draft activated and a child removed: the structure edits' flush again
SET LOCAL okr.tenant = 'rc_a';
UPDATE okr.objective SET state = 'active' WHERE tenant = 'rc_a' AND id = 3;
DELETE FROM okr.alignment WHERE tenant = 'rc_a' AND child_id = 5;
SELECT is(pg_temp.obj(1), 0.396875,
          'root: (0.2 + 3 * 1/3 + 1 * 0.7 + 2 * (3 * 0.25 + 1 * 0) / 4 + 0.9) / 8, the activated draft in, objective 5 out');
SELECT is_empty('SELECT * FROM okr.verify() WHERE tenant IN (''rc_a'', ''rc_b'')', 'okr.verify() finds nothing');

SELECT * FROM finish();
ROLLBACK;
