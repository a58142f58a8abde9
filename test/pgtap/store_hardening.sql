-- Hardening: NULLs reaching the row guards, trigger functions on foreign
-- tables, a flush rolled back with its savepoint, the key-result limit on
-- mixed moves, and a role that may only check in.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(18);
SET LOCAL okr.tenant = 'default';

INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'Root', '2026', 'children'), (2, 'Two', '2026-Q4', 'key_results'), (3, 'Three', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES
    (1, 2, 'a', '0 -> 10'), (2, 2, 'b', '0 -> 10'),
    (3, 3, 'c', '0 -> 10'), (4, 3, 'd', '0 -> 10'), (5, 3, 'e', '0 -> 10'), (6, 3, 'f', '0 -> 10');
INSERT INTO okr.output (id, key_result_id, title) VALUES (1, 1, 'o');
DO $$ BEGIN PERFORM okr.flush(); END $$;

-- NULLs in the columns the row guards read are refused by NOT NULL, not a crash.
SELECT throws_ok($$INSERT INTO okr.objective (title, period, state) VALUES ('x', '2026', NULL)$$, '23502', NULL,
                 'an objective with a NULL state: NOT NULL violation');
SELECT throws_ok('UPDATE okr.objective SET state = NULL WHERE id = 2', '23502', NULL, '... set to NULL: NOT NULL violation');
SELECT throws_ok($$INSERT INTO okr.objective (tenant, title, period) VALUES (NULL, 'x', '2026')$$, '23502', NULL,
                 'an objective with a NULL tenant: NOT NULL violation');
SELECT throws_ok($$UPDATE okr.objective SET tenant = NULL, rollup = 'both' WHERE id = 3$$, '0A000', NULL,
                 '... tenant set to NULL along with a rollup change: refused (a tenant never changes)');
SELECT throws_ok($$INSERT INTO okr.output (key_result_id, title, status) VALUES (1, 'o', NULL)$$, '23502', NULL,
                 'an output with a NULL status: NOT NULL violation');
SELECT throws_ok('UPDATE okr.output SET status = NULL', '23502', NULL, '... set to NULL: NOT NULL violation');

-- okr's trigger functions refuse to serve other tables.
CREATE FUNCTION pg_temp.fired_on_t(f text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE t record;
BEGIN
    -- only f's trigger on t fires (PostgreSQL fires them in name order: disable the others)
    FOR t IN SELECT tgname FROM pg_trigger WHERE tgrelid = 'pg_temp.t'::regclass LOOP
        EXECUTE format('ALTER TABLE pg_temp.t %s TRIGGER %I',
                       CASE WHEN t.tgname = left(f, 1) THEN 'ENABLE' ELSE 'DISABLE' END, t.tgname);
    END LOOP;
    INSERT INTO pg_temp.t VALUES ('done', NULL);
    RETURN 'accepted';
EXCEPTION WHEN trigger_protocol_violated THEN
    RETURN SQLERRM;
END $$;
CREATE TEMP TABLE t (status text, done_at text);
CREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION okr.output_guard();
SELECT throws_ok($$INSERT INTO t VALUES ('done', NULL)$$, '39P01', NULL,
                 'okr.output_guard() on another table: refused');
DROP TRIGGER g ON t;
CREATE TRIGGER l BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION okr.limits();
CREATE TRIGGER m BEFORE INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();
CREATE TRIGGER o BEFORE INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION okr.owner_only();
CREATE TRIGGER r AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION okr.rollup_at_commit();
SELECT is(pg_temp.fired_on_t(f), 'function okr.' || f || '() fired on table "t"',
          'okr.' || f || '() on another table: refused')
  FROM unnest(ARRAY['maintained_guard', 'owner_only', 'limits', 'rollup_at_commit']) f;
SELECT is((SELECT count(*) FROM pg_catalog.pg_proc p
            WHERE p.pronamespace = 'okr'::regnamespace
              AND p.proname IN ('lock_tenant', 'objective_guard', 'key_result_guard', 'output_guard',
                                'after_statement', 'rollup_at_commit', 'after_truncate', 'rebuild',
                                'maintained_guard', 'owner_only', 'limits', 'trigger_guard',
                                'refuse_foreign_triggers')
              AND pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')), 0::bigint,
          'PUBLIC may not execute the trigger functions, okr.rebuild() nor okr.refuse_foreign_triggers() (its locks would block the owner''s DDL)');

-- A flush rolled back with its savepoint leaves the work to be done again.
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-01', 9);
SAVEPOINT s;
DO $$ BEGIN PERFORM okr.flush(); END $$;
ROLLBACK TO s;
DO $$ BEGIN PERFORM okr.flush(); END $$;
SELECT is((SELECT round(score::numeric, 6) FROM okr.key_result WHERE id = 1), 0.9, 'the rolled-back flush is redone');
SELECT is_empty('SELECT * FROM okr.verify()', '... and everything is consistent');

-- The key-result limit counts key results moved in, even by a statement
-- that also touches the target's own.
SELECT throws_ok('UPDATE okr.key_result SET objective_id = 2 WHERE objective_id IN (2, 3)', '23514',
                 'objective 2 would have 6 key results, more than okr.max_key_results (5)',
                 'moving key results into a full objective within a mixed update: refused');

-- A role that may only check in still gets exact scores: the rollup runs as
-- the owner of okr's tables.
CREATE ROLE okr_test_checker;
GRANT USAGE ON SCHEMA okr TO okr_test_checker;
\ir lib/hold_tables.psql
GRANT SELECT ON ALL TABLES IN SCHEMA okr TO okr_test_checker;
GRANT INSERT ON okr.check_in TO okr_test_checker;
SET LOCAL ROLE okr_test_checker;
SELECT lives_ok($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (3, '2026-11-02', 5)$$,
                'a check-in by a role that may only insert check-ins ...');
SELECT lives_ok('SELECT okr.flush()', '... is rolled up ...');
RESET ROLE;
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective WHERE id = 3), 0.125,
          '... exactly: objective 3 = (0.5 + 0 + 0 + 0) / 4');

SELECT * FROM finish();
ROLLBACK;
