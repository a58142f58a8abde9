-- Shapes (issue 12): structure statements whose cost does not depend on when
-- statistics arrived, and the limits that bound them.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(8);
SET LOCAL okr.tenant = 'bounds';
\ir lib/try.psql

-- Reads of okr.objective_path in this transaction: entries of its primary
-- key, entries of the GIN index on okr.path_ids(path_sort), and live rows
-- fetched through either (pg_stat_get_xact_*, read between statements).
CREATE FUNCTION pg_temp.path_reads() RETURNS bigint[] LANGUAGE sql AS $$
    SELECT ARRAY[pg_stat_get_xact_tuples_returned('okr.objective_path_pkey'::regclass),
                 pg_stat_get_xact_tuples_returned('okr.objective_path_ids'::regclass),
                 pg_stat_get_xact_tuples_fetched('okr.objective_path'::regclass)] $$;
-- 'few' when fewer than most live rows were fetched and the GIN index was
-- read (index entries count dead rows too: of this transaction's rewrites,
-- of other tests' rolled-back rows), else what was read
CREATE FUNCTION pg_temp.reads_since(r0 bigint[], most integer) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN r[3] - r0[3] < most AND r[2] > r0[2] THEN 'few'
                ELSE format('pkey %s, gin %s, heap %s', r[1] - r0[1], r[2] - r0[2], r[3] - r0[3]) END
      FROM pg_temp.path_reads() r $$;

-- 1. okr.refresh_paths removes the paths through the touched objectives by
-- the GIN index whatever the statistics.  Without statistics (a load before
-- ANALYZE or autovacuum: emulated by removing them in this transaction), an
-- equality on the tenant is guessed more selective than the ids' overlap and
-- the DELETE read every path of the tenant by its primary-key range: O(depth)
-- rows, O(depth^2) bytes per level of a chain loaded level by level.
DELETE FROM pg_statistic
 WHERE starelid IN ('okr.objective_path'::regclass, 'okr.objective_path_pkey'::regclass,
                    'okr.objective_path_ids'::regclass);
INSERT INTO okr.objective (id, title, period) SELECT i, 'c' || i, '2026' FROM generate_series(1, 502) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i - 1 FROM generate_series(2, 500) i;
SELECT pg_temp.path_reads() AS r0 \gset
INSERT INTO okr.alignment (child_id, parent_id) VALUES (501, 500);
SELECT is(pg_temp.reads_since(:'r0', 10), 'few',
          'aligning a leaf under a 500-deep chain, no statistics: its own old path by the GIN index, its parent''s path by key, nothing else');
SELECT pg_temp.path_reads() AS r0 \gset
INSERT INTO okr.alignment (child_id, parent_id) VALUES (502, 250);
SELECT is(pg_temp.reads_since(:'r0', 10), 'few', '... and a leaf halfway up');
-- re-parenting the middle of the chain rewrites the paths below it, and
-- reads only those
SELECT pg_temp.path_reads() AS r0 \gset
UPDATE okr.alignment SET parent_id = 1 WHERE child_id = 451;
SELECT is(pg_temp.reads_since(:'r0', 70), 'few',
          '... moving objective 451 (50 below it) reads its 51 paths by the GIN index and its new parent''s by key');


-- 2. A path deeper than okr.max_depth() (10,000) levels is refused by the
-- alignment statement that makes it (54000), not at commit.  Each path's
-- depth is its parent path's stored depth plus one, so a stored path set 9,998
-- deep stands for a chain of 9,999 objectives (building one takes minutes;
-- test/bench/shapes.sh builds the real one and aligns one level more).
INSERT INTO okr.objective (id, title, period) SELECT i, 'd' || i, '2026' FROM generate_series(601, 606) i;
INSERT INTO okr.alignment (child_id, parent_id) VALUES (602, 601);
UPDATE okr.objective_path SET depth = 9998 WHERE tenant = 'bounds' AND objective_id = 602;
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (603, 602)'), 'accepted',
          'a path of 10,000 levels (depth 9,999): accepted');
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (604, 603)'),
          '54000 | alignments would nest objectives more than 10000 levels deep | Objective 604 of tenant "bounds" would be on level 10001 below top-level objective 601 (itself level 1), and okr takes at most 10000 levels. | Align it to an objective higher up, or remove a level of the chain above it.',
          'one level more: refused by the statement, naming the objective and its top-level objective');
-- 606 <- 605 aligned under 602 (level 9,999): 605 on level 10,000, and the
-- walk down from it puts 606 on level 10,001
INSERT INTO okr.alignment (child_id, parent_id) VALUES (606, 605);
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (605, 602)'),
          '54000 | alignments would nest objectives more than 10000 levels deep | Objective 606 of tenant "bounds" would be on level 10001 below top-level objective 601 (itself level 1), and okr takes at most 10000 levels. | Align it to an objective higher up, or remove a level of the chain above it.',
          'a subtree whose leaf would be one level too deep: refused, naming the leaf');
SELECT is((SELECT count(*) FROM okr.alignment WHERE tenant = 'bounds' AND child_id IN (604, 605)), 0::bigint,
          '... nothing of the refused statements remains');
SELECT is((SELECT max(depth) FROM okr.objective_path WHERE tenant = 'bounds' AND 601 = ANY (ids)), 9999,
          '... and no path deeper than 10,000 levels was written');

SELECT * FROM finish();
ROLLBACK;
