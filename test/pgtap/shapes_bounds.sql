-- Shapes (issue 12): structure statements whose cost does not depend on when
-- statistics arrived, and the limits that bound them.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(26);
SET LOCAL okr.tenant = 'bounds';
\ir lib/try.psql

-- Reads of okr.objective_path in this transaction: entries of its primary
-- key, entries of the GIN index on okr.path_ids(path_sort), and live rows
-- fetched through either (pg_stat_get_xact_*, read between statements).
CREATE FUNCTION pg_temp.path_reads() RETURNS bigint[] LANGUAGE sql AS $$
    SELECT ARRAY[pg_stat_get_xact_tuples_returned('okr.objective_path_pkey'::regclass),
                 pg_stat_get_xact_tuples_returned('okr.objective_path_ids'::regclass),
                 pg_stat_get_xact_tuples_fetched('okr.objective_path'::regclass)] $$;
-- 'few' when fewer than most live rows were fetched (index entries count
-- dead rows too: of this transaction's rewrites, of other tests'
-- rolled-back rows), else what was read
CREATE FUNCTION pg_temp.reads_since(r0 bigint[], most integer) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN r[3] - r0[3] < most THEN 'few'
                ELSE format('pkey %s, gin %s, heap %s', r[1] - r0[1], r[2] - r0[2], r[3] - r0[3]) END
      FROM pg_temp.path_reads() r $$;

-- 1. okr.refresh_paths removes the paths through the touched objectives by
-- key (the objectives below them, their paths) whatever the statistics.  Without statistics (a load before
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
          'aligning a leaf under a 500-deep chain, no statistics: its own old path and its parent''s by key, nothing else');
SELECT pg_temp.path_reads() AS r0 \gset
INSERT INTO okr.alignment (child_id, parent_id) VALUES (502, 250);
SELECT is(pg_temp.reads_since(:'r0', 10), 'few', '... and a leaf halfway up');
-- re-parenting the middle of the chain rewrites the paths below it, and
-- reads only those
SELECT pg_temp.path_reads() AS r0 \gset
UPDATE okr.alignment SET parent_id = 1 WHERE child_id = 451;
SELECT is(pg_temp.reads_since(:'r0', 70), 'few',
          '... moving objective 451 (50 below it) reads its 51 paths and its new parent''s');

-- a statement aligning 2,000 new children reads their 2,000 old paths by
-- key: no GIN scan (one with 2,000 keys reads the index's pending list,
-- 2,000 fresh paths, once per key)
INSERT INTO okr.objective (id, title, period) SELECT i, 'h' || i, '2026' FROM generate_series(3001, 5000) i;
SELECT pg_temp.path_reads() AS r0 \gset
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, 1 FROM generate_series(3001, 5000) i;
SELECT is((SELECT (r[2] - (:'r0'::bigint[])[2], r[3] - (:'r0'::bigint[])[3] <= 2001) FROM pg_temp.path_reads() r)::text,
          '(0,t)', '2,000 children aligned in one statement: their old paths by key, no GIN scan');

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

-- 2b. No objective gets more than okr.max_paths paths in all, however many
-- statements add them: each statement may write up to the limit, and an
-- objective below several parents moved one by one under a stack of
-- diamonds gained 2^k paths with each, until okr.rebuild() (and TRUNCATE)
-- refused the whole database's structure.  Objective 730 below 731..733,
-- each moved under the bottom of 6 diamonds (64 paths).
\ir lib/diamonds.psql
INSERT INTO okr.objective (id, title, period) SELECT i, 'p' || i, '2026' FROM generate_series(700, 733) i;
SELECT lives_ok(pg_temp.diamonds(0, 6, 700, 'bounds'), '6 diamonds: 64 paths to their bottom, 718');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (730, 731), (730, 732), (730, 733);
SET LOCAL okr.max_paths = 150;
INSERT INTO okr.alignment (child_id, parent_id) VALUES (731, 718);
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (732, 718)',
                'okr.max_paths = 150: a second parent of 730 under the diamonds, 128 paths written, 129 for 730: accepted');
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (733, 718)'),
          '54000 | alignments would give objective 730 of tenant "bounds" more than 150 paths in okr.alignment_tree | The statement writes 64 of its paths and it keeps 87 or more through objectives the statement does not change; okr keeps at most okr.max_paths (150) paths per objective, the most okr.rebuild() takes. | Each objective below k objectives with two parents has 2^k paths: align fewer objectives to several parents, or have a superuser raise okr.max_paths.',
          '... the third (128 paths written, 192 for 730): refused (54000), naming the objective');
SELECT is((SELECT count(*) FROM okr.objective_path WHERE tenant = 'bounds' AND objective_id = 730), 129::bigint,
          '... 730 keeps its 129 paths');
SELECT is(pg_temp.try('SELECT okr.structure_bounds(150)'), 'accepted',
          '... which okr.rebuild() takes (its bounds, okr.structure_bounds)');
SET LOCAL okr.max_paths = 128;
SELECT lives_ok($$UPDATE okr.objective SET title = 'renamed' WHERE id = 731$$,
                'okr.max_paths lowered to 128, below 730''s 129: renaming its parent 731 (128 paths rewritten, 730 gains none) is accepted');
RESET okr.max_paths;
DELETE FROM okr.objective WHERE id BETWEEN 700 AND 733;

-- 3. okr.rebuild_structure() (okr.rebuild(), TRUNCATE) is bounded before it
-- walks: alignments restored with triggers disabled skipped every check of
-- the structure statements.
\ir lib/corrupt.psql
INSERT INTO okr.objective (tenant, id, title, period) SELECT 'dag', i, 'd' || i, '2026' FROM generate_series(0, 75) i;
SELECT pg_temp.corrupt(pg_temp.diamonds(0, 25, 0, 'dag'));
SET LOCAL okr.max_paths = 20000;
SELECT is(pg_temp.try('SELECT okr.rebuild_structure()'),
          '54000 | alignments of tenant "dag" would give one objective more than 20000 paths in okr.alignment_tree | Objective 75 alone has 33554432 paths from top-level objectives, and a structure statement writes at most okr.max_paths (20000): okr.rebuild_structure() refuses before writing any. | Each objective below k objectives with two parents has 2^k paths: remove alignments to several parents above it, or have a superuser raise okr.max_paths, then rebuild.',
          'rebuild_structure over 25 diamonds restored with triggers disabled (2^25 paths to the bottom): refused before the walk');
SELECT is(pg_temp.try('SELECT okr.rebuild()'),
          '54000 | alignments of tenant "dag" would give one objective more than 20000 paths in okr.alignment_tree | Objective 75 alone has 33554432 paths from top-level objectives, and a structure statement writes at most okr.max_paths (20000): okr.rebuild_structure() refuses before writing any. | Each objective below k objectives with two parents has 2^k paths: remove alignments to several parents above it, or have a superuser raise okr.max_paths, then rebuild.',
          '... and so is okr.rebuild()');
-- 6 diamonds: 253 paths in all, more than okr.max_paths = 100, but 64 at
-- most for one objective (what one structure statement may write)
SELECT pg_temp.corrupt($$DELETE FROM okr.alignment WHERE tenant = 'dag'$$);
SELECT pg_temp.corrupt(pg_temp.diamonds(0, 6, 0, 'dag'));
SET LOCAL okr.max_paths = 100;
SELECT cmp_ok(okr.rebuild_structure(), '>=', 253::bigint,
              '6 diamonds restored with triggers disabled: more paths than okr.max_paths in all, fewer for each objective: rebuilt');
SELECT is((SELECT count(*) FROM okr.objective_path WHERE tenant = 'dag'), 253::bigint + 76 - 19,
          '... every path written (253 through the diamonds, one each for the 57 objectives outside them)');
RESET okr.max_paths;
-- a cycle restored with triggers disabled
SELECT pg_temp.corrupt($$DELETE FROM okr.alignment WHERE tenant = 'dag'$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.alignment (tenant, child_id, parent_id) VALUES ('dag', 2, 1), ('dag', 3, 2), ('dag', 1, 3), ('dag', 4, 3), ('dag', 1, 0)$$);
SELECT is(pg_temp.try('SELECT okr.rebuild_structure()'),
          'XX001 | alignments of tenant "dag" form a cycle | 4 objectives lie on or below a cycle of alignments, objective 1 among them; okr.alignment_tree has no path for it. | okr refuses cycles when alignments are written; one can only come from writes with okr.maintenance off or triggers disabled. Remove an alignment on it.',
          'a cycle restored with triggers disabled: refused before the walk');
SELECT is(pg_temp.try($$INSERT INTO okr.alignment (tenant, child_id, parent_id) VALUES ('dag', 1, 10)$$),
          'XX001 | alignments of tenant "dag" already form a cycle through objective 3 | The statement''s new alignments reach the cycle; none of them is on it. | okr refuses cycles when alignments are written; one can only come from writes with okr.maintenance off or triggers disabled. Remove an alignment on it.',
          '... a new alignment below it: refused as corruption, with a detail and a hint');
SELECT pg_temp.corrupt($$DELETE FROM okr.alignment WHERE tenant = 'dag' AND child_id = 1 AND parent_id = 3$$);
SELECT cmp_ok(okr.rebuild_structure(), '>', 0::bigint, '... without it: rebuilt');
-- parents numbered after their children: the graph is not in id order
SELECT pg_temp.corrupt($$DELETE FROM okr.alignment WHERE tenant = 'dag'$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.alignment (tenant, child_id, parent_id) VALUES ('dag', 1, 2), ('dag', 5, 1), ('dag', 7, 5)$$);
SELECT lives_ok('SELECT okr.rebuild_structure()',
                'a chain 2 > 1 > 5 > 7 restored with triggers disabled (a parent numbered after its child): rebuilt, no cycle');
SELECT is((SELECT path FROM okr.objective_path WHERE tenant = 'dag' AND objective_id = 7), '2 > 1 > 5 > 7', '... its path');

-- a chain of 10,001 levels restored with triggers disabled
SELECT pg_temp.corrupt($$DELETE FROM okr.alignment WHERE tenant = 'dag'$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.objective (tenant, id, title, period)
                         SELECT 'dag', i, 'c' || i, '2026' FROM generate_series(100000, 110000) i$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.alignment (tenant, child_id, parent_id)
                         SELECT 'dag', i, i - 1 FROM generate_series(100001, 110000) i$$);
SELECT is(pg_temp.try('SELECT okr.rebuild_structure()'),
          '54000 | alignments of tenant "dag" nest objectives more than 10000 levels deep | Objective 110000 is on level 10001 below a top-level objective (itself level 1), and okr takes at most 10000 levels (okr.max_depth()). | okr refuses such chains when alignments are written; this one comes from writes with okr.maintenance off or triggers disabled. Remove a level of the chain above it, then rebuild.',
          'a 10,001-level chain restored with triggers disabled: refused before the walk');
SELECT pg_temp.corrupt($$DELETE FROM okr.alignment WHERE tenant = 'dag'$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.alignment (tenant, child_id, parent_id)
                         SELECT 'dag', i - 1, i FROM generate_series(100001, 110000) i$$);
SELECT is(pg_temp.try('SELECT okr.rebuild_structure()'),
          '54000 | alignments of tenant "dag" nest objectives more than 10000 levels deep | Objective 100000 is on level 10001 below a top-level objective (itself level 1), and okr takes at most 10000 levels (okr.max_depth()). | okr refuses such chains when alignments are written; this one comes from writes with okr.maintenance off or triggers disabled. Remove a level of the chain above it, then rebuild.',
          '... the same chain numbered downwards: refused too');

SELECT * FROM finish();
ROLLBACK;
