-- okr.pending_score: changes a flush appends instead of waiting for another
-- transaction's commit (the concurrent cases are in
-- test/isolation/specs/store_pending.spec).  Here a committed change is
-- planted by the owner, as a concurrent flush would leave it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(17);
\ir lib/try.psql
SET LOCAL okr.tenant = 'pend';

INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'Root', '2026', 'children'), (2, 'A', '2026-Q4', 'key_results'), (3, 'B', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES
    (21, 2, 'a1', '0 -> 10'), (31, 3, 'b1', '0 -> 10');
SET CONSTRAINTS okr.rollup_at_commit IMMEDIATE;
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (21, '2026-10-01', 4);
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective_current WHERE tenant = 'pend' AND id = 1),
          0.2, 'objective_current: the stored score when nothing is pending');

-- B's check-in as a concurrent flush leaves it when Root is locked: B
-- stored, Root's +0.4 pending.
SET LOCAL session_replication_role = replica;  -- no trigger fires: planted as is
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (31, '2026-10-01', 8);
UPDATE okr.key_result SET value = 8, score = 0.8 WHERE tenant = 'pend' AND id = 31;
UPDATE okr.objective SET score = 0.8 WHERE tenant = 'pend' AND id = 3;
INSERT INTO okr.pending_score (tenant, objective_id, delta) VALUES ('pend', 1, 0.4);
RESET session_replication_role;
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective WHERE tenant = 'pend' AND id = 1),
          0.2, 'the stored score leaves the pending change out');
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective_current WHERE tenant = 'pend' AND id = 1),
          0.6, 'objective_current adds it');
SELECT is((SELECT round(score::numeric, 6) FROM okr.scorecard WHERE tenant = 'pend' AND objective_id = 1),
          0.6, 'scorecard reads it');
SELECT is((SELECT round(score::numeric, 6) FROM okr.alignment_tree WHERE tenant = 'pend' AND objective_id = 1),
          0.6, 'alignment_tree reads it');
SELECT is((SELECT count(*) FROM okr.verify() WHERE tenant = 'pend'), 0::bigint,
          'verify() compares stored + pending with the recomputed score');

-- A lookup reads its own objective's pending changes, whatever else is
-- pending (0.2.0's first view summed the whole table per lookup): rows of
-- okr.pending_score the plan reads, from EXPLAIN ANALYZE.
CREATE FUNCTION pg_temp.pending_rows_read(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    RETURN (SELECT coalesce(sum((n->>'Actual Loops')::numeric
                                * ((n->>'Actual Rows')::numeric
                                   + coalesce((n->>'Rows Removed by Filter')::numeric, 0))), 0)
              FROM jsonb_path_query(plan, 'strict $.**') n
             WHERE jsonb_typeof(n) = 'object' AND n->>'Relation Name' = 'pending_score');
END $$;
SET LOCAL session_replication_role = replica;
INSERT INTO okr.pending_score (tenant, objective_id, delta)
    SELECT 'pend_backlog', i % 500, 0.001 FROM generate_series(1, 5000) i;
RESET session_replication_role;
SELECT cmp_ok(pg_temp.pending_rows_read($$SELECT score FROM okr.objective_current WHERE tenant = 'pend' AND id = 1$$),
              '<=', 2::bigint, 'a lookup of one objective reads its pending row (and one to see the table is not empty)');
SELECT cmp_ok(pg_temp.pending_rows_read($$SELECT score FROM okr.objective_computed WHERE tenant = 'pend' AND id = 1$$),
              '<=', 3::bigint, '... and so does a lookup of its inputs (one per child)');
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective_current WHERE tenant = 'pend' AND id = 1),
          0.6, '... with the same score');
SET LOCAL session_replication_role = replica;
DELETE FROM okr.pending_score WHERE tenant = 'pend_backlog';
RESET session_replication_role;

-- The next flush that locks Root folds it, once.
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (21, '2026-10-02', 6);
SELECT is((SELECT count(*) FROM okr.pending_score WHERE tenant = 'pend'), 0::bigint,
          'a flush holding Root folds its pending change');
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective WHERE tenant = 'pend' AND id = 1),
          0.7, '... into the stored score, exactly once: (0.6 + 0.8) / 2');
SELECT is((SELECT count(*) FROM okr.verify() WHERE tenant = 'pend'), 0::bigint, '... verify() is empty');

-- Only okr writes it, whatever was granted.
CREATE ROLE okr_pend_app;
GRANT USAGE ON SCHEMA okr TO okr_pend_app;
\ir lib/hold_tables.psql
GRANT ALL ON ALL TABLES IN SCHEMA okr TO okr_pend_app;
SET LOCAL ROLE okr_pend_app;
SELECT is(pg_temp.try($$INSERT INTO okr.pending_score VALUES ('pend', 1, 1)$$),
          '42501 | permission denied to change okr.pending_score | okr maintains okr.pending_score from objectives, key results, alignments, check-ins and outputs: only okr writes it. | Write those instead; okr.rebuild() recomputes everything okr maintains.',
          'a role granted ALL cannot plant a score change');
SELECT is(pg_temp.try($$TRUNCATE okr.pending_score$$) LIKE '42501 | permission denied%', true,
          '... nor truncate the table');
RESET ROLE;
SELECT ok((SELECT NOT 'okr.pending_score'::regclass::oid = ANY (e.extconfig) FROM pg_extension e WHERE e.extname = 'okr'),
          'pg_dump leaves pending changes out: a restore recomputes the scores they complete (restored, they were counted twice)');
SELECT cmp_ok(okr.enable_tenant_isolation(), '>=', 7, 'enable_tenant_isolation() runs');
SELECT ok((SELECT c.relrowsecurity AND c.relforcerowsecurity FROM pg_class c WHERE c.oid = 'okr.pending_score'::regclass),
          '... and puts okr.pending_score under row-level security');

SELECT * FROM finish();
ROLLBACK;
