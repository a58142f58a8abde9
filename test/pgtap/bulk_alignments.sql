-- Bulk loads of alignments (issue 9): one statement of many edges, in any
-- order, gives what the same edges inserted one by one give, and its flush
-- recomputes no objective that cannot have a score.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(8);

-- Three tenants of 300 objectives each: a tree (fan-out 10 below 1), every
-- 7th objective from 12 on with a second parent, key results with check-ins
-- on every third leaf (so some subtrees score and others do not), one draft.
CREATE FUNCTION pg_temp.organisation(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('okr.tenant', t, true);
    INSERT INTO okr.objective (id, title, period, state)
    SELECT i, 'o' || i, '2026', CASE WHEN i = 40 THEN 'draft' ELSE 'active' END
      FROM generate_series(1, 300) i;
    INSERT INTO okr.key_result (id, objective_id, title, target)
    SELECT i, i, 'k' || i, '0 -> 10' FROM generate_series(112, 300) i WHERE i % 3 = 0;
END $$;
-- their check-ins, flushed with the alignments: the leaves gain their scores
-- in the same flush as their parents gain them as children
CREATE FUNCTION pg_temp.check_ins(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('okr.tenant', t, true);
    INSERT INTO okr.check_in (key_result_id, at, value)
    SELECT i, '2026-10-01', i % 11 FROM generate_series(112, 300) i WHERE i % 3 = 0;
END $$;
-- the edges: (child, parent, weight)
CREATE TEMP TABLE edge AS
SELECT i AS child, (i + 8) / 10 AS parent, 1.0::float8 AS weight FROM generate_series(2, 300) i
UNION ALL
SELECT i, (i + 8) / 10 + 1, 0.5 FROM generate_series(12, 300) i WHERE i % 7 = 0 AND (i + 8) / 10 + 1 < i;

SELECT pg_temp.organisation('bulk_align_a'), pg_temp.organisation('bulk_align_b'),
       pg_temp.organisation('bulk_align_one');
SELECT okr.flush() AS flushed \gset

-- one statement for both tenants, children before their parents (scores
-- compared to 12 digits: one edge at a time moves them by deltas)
RESET okr.tenant;
INSERT INTO okr.alignment (tenant, child_id, parent_id, weight)
SELECT t.tenant, e.child, e.parent, e.weight
  FROM edge e, (VALUES ('bulk_align_a'), ('bulk_align_b')) t (tenant)
 ORDER BY e.child DESC, t.tenant;
SELECT pg_temp.check_ins('bulk_align_a'), pg_temp.check_ins('bulk_align_b');
SELECT okr.flush() AS flushed \gset
-- the same edges one statement and flush each, parents first
DO $$
DECLARE
    e record;
BEGIN
    PERFORM set_config('okr.tenant', 'bulk_align_one', true);
    FOR e IN SELECT * FROM edge ORDER BY child LOOP
        INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (e.child, e.parent, e.weight);
        PERFORM okr.flush();
    END LOOP;
END $$;
SELECT pg_temp.check_ins('bulk_align_one');
SELECT okr.flush() AS flushed \gset

CREATE FUNCTION pg_temp.structure(t text)
    RETURNS TABLE (objective_id bigint, root_id bigint, parent_id bigint, weight float8, depth integer,
                   path text, title_path text, path_sort text, path_key uuid, score numeric)
    LANGUAGE sql AS $$
    SELECT p.objective_id, p.root_id, p.parent_id, p.weight, p.depth, p.path, p.title_path,
           p.path_sort, p.path_key, round(o.score::numeric, 12)
      FROM okr.objective_path p JOIN okr.objective o ON o.tenant = p.tenant AND o.id = p.objective_id
     WHERE p.tenant = t $$;
SELECT set_eq('SELECT * FROM pg_temp.structure(''bulk_align_a'')',
              'SELECT * FROM pg_temp.structure(''bulk_align_one'')',
              'one statement of edges, children first, gives the paths, depths and scores of one edge per statement');
SELECT set_eq('SELECT * FROM pg_temp.structure(''bulk_align_b'')',
              'SELECT * FROM pg_temp.structure(''bulk_align_one'')',
              '... in each of the statement''s tenants');
SELECT cmp_ok((SELECT count(*) FROM okr.objective o WHERE o.tenant = 'bulk_align_a' AND o.id = 1 AND o.score IS NOT NULL),
              '=', 1::bigint, 'the root is scored through its subtrees');
SELECT is_empty('SELECT * FROM okr.verify() WHERE tenant LIKE ''bulk_align%''',
                'okr.verify() finds nothing to correct');

-- 999 alignments of unscored objectives: the structure flush loads the
-- objectives it reached without reading their key results (it recomputes
-- every one, and never reads W), and recomputes each of the 100 parents in
-- C, one scan of key_result_objective each (200 when both the load and a
-- query per recompute read them).
SET LOCAL okr.tenant = 'bulk_align_unscored';
INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(1, 1000) i;
SELECT okr.flush() AS flushed \gset
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, (i + 8) / 10 FROM generate_series(2, 1000) i;
SELECT pg_stat_get_xact_numscans('okr.key_result_objective'::regclass) AS scans \gset
SELECT okr.flush() AS flushed \gset
SELECT is(pg_stat_get_xact_numscans('okr.key_result_objective'::regclass) - :scans, 100::bigint,
          'the flush after 999 alignments of unscored objectives: one scan of key_result_objective per parent, to recompute it');

-- The paths of 999 new children are found and walked by primary-key probes
-- of okr.objective_path: their own (to delete) and their parents' (to
-- extend), 2 per edge and a few; neither walk probes below or above a child
-- of the same statement, whose paths it rebuilds from that child (3,986
-- probes before: the deleting walk looked for each child's paths below its
-- parent's doomed ones, the new paths' seeds for each parent's deleted ones).
SET LOCAL okr.tenant = 'bulk_align_probes';
INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(1, 1000) i;
SELECT pg_stat_get_xact_numscans('okr.objective_path_pkey'::regclass) AS scans,
       pg_stat_get_xact_tuples_inserted('okr.objective_shape'::regclass) AS shapes \gset
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, (i + 8) / 10 FROM generate_series(2, 1000) i;
SELECT cmp_ok(pg_stat_get_xact_numscans('okr.objective_path_pkey'::regclass) - :scans, '<', 2100::bigint,
              '999 alignments of new objectives probe okr.objective_path_pkey about twice per edge (3,986 before)');
-- and write the 1,000 shapes the new objectives did not have (an empty
-- shape is no row: 55-structure.sql)
SELECT is(pg_stat_get_xact_tuples_inserted('okr.objective_shape'::regclass) - :shapes, 1000::bigint,
          '... and insert their 1,000 shapes, the objectives having none');
-- a second statement rewrites shapes it touched in place (HOT: no new index
-- entry), in the room fillfactor 50 left on their pages: second parents,
-- always of lower ids (no cycle)
SELECT pg_stat_get_xact_tuples_updated('okr.objective_shape'::regclass) AS upd,
       pg_stat_get_xact_tuples_hot_updated('okr.objective_shape'::regclass) AS hot \gset
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, (i + 8) / 10 + 1 FROM generate_series(12, 1000, 7) i;
SELECT cmp_ok(pg_stat_get_xact_tuples_hot_updated('okr.objective_shape'::regclass) - :hot, '>',
              (pg_stat_get_xact_tuples_updated('okr.objective_shape'::regclass) - :upd) * 9 / 10,
              '... and a second statement rewrites its shapes as HOT updates (228 of 228 in a run of its own, 169 at fillfactor 100)');

SELECT * FROM finish();
ROLLBACK;
