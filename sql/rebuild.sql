--
-- okr.rebuild_in_batches(batch_size): the recompute of okr.rebuild(), one
-- transaction per batch (src/rollup.c); it must repair what rebuild() does.
--
SET client_min_messages = notice;
CREATE FUNCTION pg_temp.broken() RETURNS bigint LANGUAGE sql
    RETURN (SELECT count(*) FROM okr.verify());
INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(1, 200) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(10, 200) i;
INSERT INTO okr.key_result (id, objective_id, title, target)
SELECT j, (j + 1) / 2, 'k' || j, '0 -> 10' FROM generate_series(1, 400) j;
INSERT INTO okr.check_in (key_result_id, at, value) SELECT j, '2026-10-01', j % 11 FROM generate_series(1, 400) j;
SELECT pg_temp.broken() AS broken_before;
-- wrong values written behind okr's back (as a restore with triggers off would)
SET okr.maintenance = off;
UPDATE okr.objective SET score = 0.5 WHERE id % 7 = 0;
UPDATE okr.key_result SET score = 0.9, value = 1 WHERE id % 5 = 0;
RESET okr.maintenance;
SELECT pg_temp.broken() > 0 AS broken;
-- 400 key results and 200 objectives in batches of 64: 7 + 4 transactions
CALL okr.rebuild_in_batches(64);
SELECT pg_temp.broken() AS broken_after;
-- one transaction per batch: not inside a transaction block, not below 1
BEGIN;
CALL okr.rebuild_in_batches(64);
ROLLBACK;
CALL okr.rebuild_in_batches(0);
CALL okr.rebuild_in_batches(NULL);
TRUNCATE okr.check_in, okr.output, okr.key_result, okr.alignment, okr.objective;
CALL okr.rebuild_in_batches();
