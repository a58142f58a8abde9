-- The rollup engine: delta propagation against hand-computed values (several
-- parents, weights, a hub), drafts and closed objectives in the middle of a
-- tree, and okr's own writes firing no user trigger (issue 7, finding 1).
-- One transaction that edits structure: the flushes recompute (the delta
-- path, in transactions that edit no structure, is exercised by the
-- isolation specs store_checkins and store_cache and by test/soak).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(17);
SET LOCAL okr.tenant = 'engine';

\ir lib/flushed.psql

--   R (1, children) <- A (2, weight 1), B (3, weight 3)
--   A <- C (4, weight 1);  B <- C (4, weight 1): C has two parents
--   A: ka (21);  B: kb (31, weight 2);  C: kc (41)
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'R', '2026', 'children'), (2, 'A', '2026', 'both'), (3, 'B', '2026', 'both'), (4, 'C', '2026-Q4', 'both');
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (2, 1, 1), (3, 1, 3), (4, 2, 1), (4, 3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target, weight) VALUES
    (21, 2, 'ka', '0 -> 10', 1), (31, 3, 'kb', '0 -> 10', 2), (41, 4, 'kc', '0 -> 10', 1);
SELECT okr.flush();

INSERT INTO okr.check_in (key_result_id, at, value) VALUES (41, '2026-10-01', 6);
SELECT is(pg_temp.obj(4), 0.6, 'C = kc = 0.6');
SELECT is(pg_temp.obj(2), 0.3, 'A = (0 + 0.6) / 2');
SELECT is(pg_temp.obj(3), 0.2, 'B = (2 * 0 + 0.6) / 3');
SELECT is(pg_temp.obj(1), 0.225, 'R = (0.3 + 3 * 0.2) / 4: reached along both paths');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (31, '2026-10-01', 9), (21, '2026-10-01', 1);
SELECT is(pg_temp.obj(1), 0.6875, 'two key results in one statement: R = ((0.1 + 0.6) / 2 + 3 * (1.8 + 0.6) / 3) / 4');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (41, '2026-09-01', 0);
SELECT is(pg_temp.obj(1), 0.6875, 'a back-dated check-in changes nothing');
DELETE FROM okr.check_in WHERE key_result_id = 41 AND at = '2026-10-01';
SELECT is(pg_temp.obj(3), 0.6, 'deleting the latest check-in: kc = 0, B = 1.8 / 3');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after delta propagation');

-- A hub: 2,000 children of H, one check-in moves H by Δ / 2000.
INSERT INTO okr.objective (id, title, period, rollup) VALUES (100, 'H', '2026', 'children');
INSERT INTO okr.objective (id, title, period) SELECT 1000 + i, 'h' || i, '2026' FROM generate_series(1, 2000) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT 1000 + i, 100 FROM generate_series(1, 2000) i;
INSERT INTO okr.key_result (id, objective_id, title, target) SELECT 10000 + i, 1000 + i, 'k', '0 -> 10' FROM generate_series(1, 2000) i;
SELECT okr.flush();
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (10007, '2026-10-01', 10);
SELECT is(pg_temp.obj(100), 0.0005, 'hub: H = 1 / 2000');

-- Drafts do not count toward their parents until active (issue 11).
INSERT INTO okr.objective (id, title, period, rollup) VALUES (200, 'P', '2026', 'children'), (201, 'live', '2026', 'both'), (202, 'draft', '2026', 'both');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (201, 200), (202, 200);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (2011, 201, 'k', '0 -> 10'), (2021, 202, 'k', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (2011, '2026-10-01', 8);
UPDATE okr.objective SET state = 'draft' WHERE id = 202;
SELECT is(pg_temp.obj(200), 0.8, 'a draft child does not pull its parent down: 0.8, not 0.4');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (2021, '2026-10-01', 2);
SELECT is(pg_temp.obj(200), 0.8, '... nor does a check-in under it move the parent');
SELECT is(pg_temp.obj(202), 0.2, '... though the draft has its own score');
UPDATE okr.objective SET state = 'active' WHERE id = 202;
SELECT is(pg_temp.obj(200), 0.5, 'active again, it counts: (0.8 + 0.2) / 2');

-- A closed objective in the middle stops propagation.
UPDATE okr.objective SET state = 'closed' WHERE id = 3;
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (21, '2026-10-02', 5);
SELECT is(pg_temp.obj(1), 0.5125, 'closed B keeps 0.6: R = ((0.5 + 0) / 2 + 3 * 0.6) / 4');

-- okr's writes of maintained values fire no user trigger (issue 7, finding
-- 1): here the owner's own, since a role granted TRIGGER on okr's tables may
-- not create one (okr.trigger_guard(); test/security/hostile.sh).
CREATE ROLE okr_engine_mallory;
GRANT USAGE ON SCHEMA okr TO okr_engine_mallory;
\ir lib/hold_tables.psql
GRANT SELECT, INSERT, TRIGGER ON ALL TABLES IN SCHEMA okr TO okr_engine_mallory;
CREATE TABLE public.okr_engine_spy (who name, tbl name);
GRANT INSERT ON public.okr_engine_spy TO PUBLIC;
CREATE FUNCTION public.okr_engine_spy() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO public.okr_engine_spy VALUES (current_user, TG_TABLE_NAME); RETURN NULL; END $$;
CREATE TRIGGER spy AFTER UPDATE ON okr.key_result FOR EACH STATEMENT EXECUTE FUNCTION public.okr_engine_spy();
CREATE TRIGGER spy AFTER UPDATE ON okr.objective FOR EACH STATEMENT EXECUTE FUNCTION public.okr_engine_spy();
CREATE TRIGGER spy_row AFTER UPDATE ON okr.objective FOR EACH ROW EXECUTE FUNCTION public.okr_engine_spy();
SET LOCAL ROLE okr_engine_mallory;
SELECT throws_ok($$CREATE TRIGGER spy2 AFTER UPDATE ON okr.objective FOR EACH ROW EXECUTE FUNCTION public.okr_engine_spy()$$,
                 '42501', 'only the owner of okr.objective may create a trigger on it',
                 'a role granted TRIGGER may not create a trigger on an okr table');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (41, '2026-10-05', 7);
SELECT okr.flush();
RESET ROLE;
SELECT is((SELECT count(*) FROM public.okr_engine_spy), 0::bigint,
          'the rollup''s writes fired none of the owner''s triggers');
SELECT is(pg_temp.obj(4), 0.7, '... and the scores are up to date: C = 0.7');

SELECT * FROM finish();
ROLLBACK;
