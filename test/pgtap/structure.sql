-- The structure 55-structure.sql maintains for reads (okr.objective_path,
-- okr.objective_shape) follows every structure edit: after each one it
-- equals what a recursive walk and plain counts compute from the tables.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(37);
SET LOCAL okr.tenant = 'st';

-- The reference: every path by a recursive walk, every shape by counting.
CREATE TEMP VIEW path_ref AS
WITH RECURSIVE w (tenant, objective_id, root_id, parent_id, weight, depth, ids, path, title_path) AS (
    SELECT o.tenant, o.id, o.id, NULL::bigint, NULL::float8, 0, ARRAY[o.id], o.id::text, o.title
      FROM okr.objective o
     WHERE NOT EXISTS (SELECT FROM okr.alignment a WHERE a.tenant = o.tenant AND a.child_id = o.id)
    UNION ALL
    SELECT w.tenant, c.id, w.root_id, w.objective_id, a.weight, w.depth + 1, w.ids || c.id,
           w.path || ' > ' || c.id, w.title_path || ' > ' || c.title
      FROM w JOIN okr.alignment a ON a.tenant = w.tenant AND a.parent_id = w.objective_id
      JOIN okr.objective c ON c.tenant = a.tenant AND c.id = a.child_id)
SELECT * FROM w;
CREATE TEMP VIEW shape_ref AS
SELECT o.tenant, o.id AS objective_id,
       (SELECT count(*) FROM okr.key_result k WHERE k.tenant = o.tenant AND k.objective_id = o.id) AS key_results,
       (SELECT string_agg(a.parent_id::text, ',' ORDER BY a.parent_id) FROM okr.alignment a
         WHERE a.tenant = o.tenant AND a.child_id = o.id) AS parent_ids,
       (SELECT string_agg(a.child_id::text, ',' ORDER BY a.child_id) FROM okr.alignment a
         WHERE a.tenant = o.tenant AND a.parent_id = o.id) AS child_ids
  FROM okr.objective o;
-- The shapes as readers take them: a missing row is an empty shape.
CREATE TEMP VIEW shape_read AS
SELECT COALESCE(s.tenant, o.tenant) AS tenant, COALESCE(s.objective_id, o.id) AS objective_id,
       COALESCE(s.key_results, 0) AS key_results, s.parent_ids, s.child_ids
  FROM okr.objective_shape s
  FULL JOIN okr.objective o ON o.tenant = s.tenant AND o.id = s.objective_id;
CREATE FUNCTION pg_temp.consistent(what text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT * FROM (VALUES (is_empty(
        $q$(SELECT tenant, objective_id, root_id, parent_id, weight, depth, ids, path, title_path FROM okr.objective_path
            EXCEPT ALL SELECT * FROM path_ref)
           UNION ALL
           (SELECT * FROM path_ref
            EXCEPT ALL SELECT tenant, objective_id, root_id, parent_id, weight, depth, ids, path, title_path FROM okr.objective_path)$q$,
        what || ': objective_path equals a recursive walk')),
        (is_empty(
        $q$(SELECT * FROM shape_read EXCEPT ALL SELECT * FROM shape_ref)
           UNION ALL
           (SELECT * FROM shape_ref EXCEPT ALL SELECT * FROM shape_read)$q$,
        what || ': objective_shape equals the counts'))) t $$;

INSERT INTO okr.objective (id, title, period) VALUES
    (1, 'Top', '2026'), (2, 'A', '2026'), (3, 'B', '2026'), (4, 'C', '2026'), (5, 'D', '2026');
SELECT pg_temp.consistent('objectives inserted');
-- a new objective's empty shape and unscored pace are what no row means:
-- none written (a third of a COPY of objectives), one closed with a score
-- gets its pace row, as it counts for its parents
INSERT INTO okr.objective (id, title, period, state, final_score) VALUES (6, 'Done', '2026', 'closed', 0.5);
SELECT is((SELECT string_agg(format('%s %s', t, objective_id), ', ' ORDER BY t, objective_id)
             FROM (SELECT 'shape' AS t, objective_id FROM okr.objective_shape WHERE tenant = 'st'
                   UNION ALL SELECT 'pace', objective_id FROM okr.objective_pace WHERE tenant = 'st') r),
          'pace 6', 'new objectives: no shape rows, a pace row only for the one closed with a score');
SELECT results_eq($$SELECT key_results, parent_ids, child_ids, expected = okr.elapsed('2026', now())
                      FROM okr.scorecard WHERE tenant = 'st' AND objective_id = 1$$,
                  $$VALUES (0::bigint, NULL::text, NULL::text, true)$$,
                  'scorecard: a missing shape is empty, a missing pace its own period''s');
DELETE FROM okr.objective WHERE id = 6;
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (2, 1, 1), (3, 1, 2), (4, 2, 1), (4, 3, 1), (5, 4, 1);
SELECT pg_temp.consistent('a diamond aligned');
SELECT results_eq(
    $$SELECT path, title_path, path_sort FROM okr.alignment_tree WHERE tenant = 'st' AND objective_id = 5 ORDER BY path_sort$$,
    $$VALUES ('1 > 2 > 4 > 5', 'Top > A > C > D',
              '0000000000000000001/0000000000000000002/0000000000000000004/0000000000000000005'),
             ('1 > 3 > 4 > 5', 'Top > B > C > D',
              '0000000000000000001/0000000000000000003/0000000000000000004/0000000000000000005')$$,
    'alignment_tree: one row per path, by hand');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES
    (1, 4, 'k1', '0 -> 1'), (2, 4, 'k2', '0 -> 1'), (3, 5, 'k3', '0 -> 1');
SELECT pg_temp.consistent('key results inserted');
SELECT results_eq(
    $$SELECT objective_id, key_results, parent_ids, child_ids FROM okr.scorecard WHERE tenant = 'st' ORDER BY 1$$,
    $$VALUES (1::bigint, 0::bigint, NULL, '2,3'), (2, 0, '1', '4'), (3, 0, '1', '4'), (4, 2, '2,3', '5'), (5, 1, '4', NULL)$$,
    'scorecard: key-result counts and alignment ids, by hand');
UPDATE okr.objective SET title = 'C renamed' WHERE id = 4;
SELECT pg_temp.consistent('a renamed objective');
SELECT is((SELECT string_agg(title_path, '; ' ORDER BY path_sort) FROM okr.alignment_tree WHERE tenant = 'st' AND objective_id = 5),
          'Top > A > C renamed > D; Top > B > C renamed > D', 'alignment_tree: a rename shows below it');
-- one statement trigger per table and event (58-structure-triggers.sql)
-- handles a statement that is both a rename and a pace change
CREATE FUNCTION pg_temp.pace_consistent(what text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    kept text;
    rebuilt text;
BEGIN
    SELECT string_agg(format('%s %s %s %s', objective_id, scored, periods, shares), '; ' ORDER BY objective_id)
      INTO kept FROM okr.objective_pace WHERE tenant = 'st';
    PERFORM okr.rebuild_pace();
    SELECT string_agg(format('%s %s %s %s', objective_id, scored, periods, shares), '; ' ORDER BY objective_id)
      INTO rebuilt FROM okr.objective_pace WHERE tenant = 'st';
    RETURN is(kept, rebuilt, what || ': objective_pace equals a rebuild');
END $$;
UPDATE okr.objective SET title = CASE WHEN id = 2 THEN 'A renamed' ELSE title END,
                         period = CASE WHEN id = 5 THEN '2026-Q4' ELSE period END
 WHERE id IN (2, 5);
SELECT pg_temp.consistent('one UPDATE renaming one objective and moving another to a quarter');
SELECT pg_temp.pace_consistent('the same UPDATE');
SELECT is((SELECT periods::text FROM okr.objective_pace WHERE tenant = 'st' AND objective_id = 5), '{2026-Q4}',
          '... the quarter is objective 5''s pace');
UPDATE okr.alignment SET weight = 3 WHERE child_id = 4 AND parent_id = 3;
SELECT pg_temp.consistent('an edge reweighted');
DELETE FROM okr.alignment WHERE child_id = 4 AND parent_id = 2;
SELECT pg_temp.consistent('an edge removed');
UPDATE okr.key_result SET objective_id = 5 WHERE id = 2;
SELECT pg_temp.consistent('a key result moved');
DELETE FROM okr.key_result WHERE id = 1;
SELECT pg_temp.consistent('a key result deleted');
DELETE FROM okr.objective WHERE id = 3;
SELECT pg_temp.consistent('an objective deleted (its subtree becomes a root)');
SELECT is((SELECT string_agg(path, '; ' ORDER BY path_sort) FROM okr.alignment_tree WHERE tenant = 'st'),
          '1; 1 > 2; 4; 4 > 5', 'alignment_tree: objective 4 lost both parents and is a root');
-- okr.path_key in C (src/path_key.c) is the md5 formula it replaced, chained
SELECT is((SELECT count(*) FROM (
              SELECT okr.path_key(p, i) IS NOT DISTINCT FROM md5(COALESCE(p::text || '/', '') || i::text)::uuid AS same
                FROM (VALUES (NULL::uuid), (okr.path_key(NULL, 1)), (okr.path_key(okr.path_key(NULL, 7), 12)),
                             ('ffffffff-ffff-ffff-ffff-ffffffffffff'), ('00000000-0000-0000-0000-000000000000')) p (p),
                     (VALUES (1::bigint), (0), (-1), (9223372036854775807), (-9223372036854775808), (NULL)) i (i)) t
            WHERE same), 30::bigint, 'okr.path_key: md5(parent || ''/'' || id)::uuid, NULL for a NULL id');
CREATE ROLE okr_st_reader;
GRANT USAGE ON SCHEMA okr TO okr_st_reader;
SET LOCAL ROLE okr_st_reader;
SELECT throws_ok($$SELECT okr.refresh_paths(ARRAY['st'], ARRAY[1::bigint])$$, '42501', NULL,
                 'refresh_paths is not for PUBLIC');
RESET ROLE;
SELECT okr.flush();  -- the rollup of the edits above, due at commit
SELECT is(okr.rebuild(), 0::bigint, 'rebuild: nothing to repair on consistent data');
-- a restore with triggers disabled leaves paths out; a stray row and a wrong count
DELETE FROM okr.objective_path WHERE tenant = 'st';
INSERT INTO okr.objective_path VALUES ('st', 99, 99, NULL, NULL, 0, '{99}', '99', 'gone', lpad('99', 19, '0'), okr.path_key(NULL, 99));
UPDATE okr.objective_shape SET key_results = 7 WHERE tenant = 'st' AND objective_id = 5;
SELECT is(okr.rebuild(), 6::bigint, 'rebuild: also repairs the structure (4 paths missing, 1 left over, 1 wrong shape)');
SELECT pg_temp.consistent('rebuilt');
SELECT is(okr.rebuild_structure(), 0::bigint, 'rebuild_structure: nothing left to repair');
SET CONSTRAINTS ALL IMMEDIATE;  -- the rollup runs now, so TRUNCATE has no pending events
TRUNCATE okr.check_in, okr.output, okr.key_result, okr.alignment, okr.objective;
SELECT pg_temp.consistent('everything truncated');

SELECT * FROM finish();
ROLLBACK;
