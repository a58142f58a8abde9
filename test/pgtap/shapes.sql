-- Shapes (issue 12): the alignment cycle check costs the smaller side of a
-- statement's new edges, not their depth.  Counted in index scans of
-- okr.alignment in this transaction (pg_stat_xact_user_tables, read between
-- statements), which do
-- not depend on the machine: 0.1.0's per-edge walk up from the new parent
-- cost one scan per level above it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(21);
SET LOCAL okr.tenant = 'shapes';
\ir lib/try.psql
CREATE FUNCTION pg_temp.plan(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || sql LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END $$;

CREATE FUNCTION pg_temp.alignment_scans() RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(idx_scan), 0)::bigint FROM pg_stat_xact_user_tables
     WHERE schemaname = 'okr' AND relname = 'alignment' $$;
-- a chain 1 <- 2 <- ... <- 600, one statement
INSERT INTO okr.objective (id, title, period) SELECT i, 'c' || i, '2026' FROM generate_series(1, 601) i;
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i - 1 FROM generate_series(2, 600) i',
                'a 600-deep chain in one statement');
-- statistics of this very shape (ANALYZE counts this transaction's rows), so
-- that no plan of the other triggers depends on what ran before
ANALYZE okr.objective, okr.alignment, okr.objective_path, okr.objective_shape;

-- a new objective aligned at the bottom: its subtree is empty, so the check
-- reads it and stops (the old walk read the 600 objectives above)
SELECT pg_temp.alignment_scans() AS s0 \gset
INSERT INTO okr.alignment (child_id, parent_id) VALUES (601, 600);
SELECT cmp_ok(pg_temp.alignment_scans() - :s0, '<', 40::bigint, 'aligning a leaf under a 600-deep chain: a bounded number of alignment lookups');
SELECT pg_temp.alignment_scans() AS s0 \gset
INSERT INTO okr.alignment (child_id, parent_id) VALUES (601, 300);
SELECT cmp_ok(pg_temp.alignment_scans() - :s0, '<', 40::bigint, 'a second parent halfway up: bounded too');

SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 601)'),
          '23514 | aligning objective 1 to objective 601 would create a cycle | Objective 601 already contributes to objective 1, directly or through other objectives. | Remove one of the alignments on the cycle first.',
          'closing the 600-deep chain into a cycle: refused, with the edge that closes it');

-- a cycle both of whose sides are larger than the first budget (1,024):
-- 1000 <- q (1,100 of them) <- 2000; then 1000 aligned to 2000
INSERT INTO okr.objective (id, title, period)
SELECT i, 'd' || i, '2026' FROM generate_series(1000, 2100) i UNION ALL SELECT 3000, 'bottom', '2026'::okr.period;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, 1000 FROM generate_series(1001, 2100) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT 3000, i FROM generate_series(1001, 2100) i;
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1000, 3000)'),
          '23514 | aligning objective 1000 to objective 3000 would create a cycle | Objective 3000 already contributes to objective 1000, directly or through other objectives. | Remove one of the alignments on the cycle first.',
          'a cycle whose both sides exceed the first budget: refused');
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1000, 2)',
                'the same wide diamond aligned into the chain: no cycle, accepted');

-- a cycle among many edges of one statement, and a self-edge among them
INSERT INTO okr.objective (id, title, period) SELECT i, 'e' || i, '2026' FROM generate_series(5000, 8000) i;
-- (every edge of the cycle 5000 -> 7000 -> ... -> 5000 is new: any may be named)
SELECT ok(e[1] = '23514' AND e[2]::int BETWEEN 5000 AND 7000
          AND (e[3]::int = e[2]::int - 1 OR (e[2], e[3]) = ('5000', '7000')),
          'one closing edge among 3,001 new ones: refused, naming an edge of the cycle')
  FROM regexp_match(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id)
                                  SELECT i, i - 1 FROM generate_series(5001, 8000) i UNION ALL SELECT 5000, 7000'),
                    '^(\d+) \| aligning objective (\d+) to objective (\d+) would create a cycle') e;
SELECT is(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id)
                        SELECT i, i - 1 FROM generate_series(5001, 8000) i UNION ALL SELECT 6500, 6500'),
          '23514 | objective 6500 cannot be aligned to itself | An objective''s score would be an input of itself. | Align it to a different objective.',
          'a self-edge among 3,001 new ones: refused');
SELECT is((SELECT count(*) FROM okr.alignment WHERE child_id >= 5000), 0::bigint,
          'nothing of the refused statements remains');
-- A chain deeper than a btree key on path_sort took (about 600 levels, in
-- 0.1.0 and before the GIN design): 1,000 levels in one statement, each path
-- stored in full, and a subtree read by index.
INSERT INTO okr.objective (id, title, period) SELECT i, 'f' || i, '2026' FROM generate_series(10001, 11000) i;
SELECT lives_ok('INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i - 1 FROM generate_series(10002, 11000) i',
                'a 1,000-deep chain in one statement');
SELECT is((SELECT (count(*), min(depth), max(depth), bool_and(okr.path_ids(path_sort) = ARRAY(SELECT generate_series(10001, objective_id))),
                   bool_and(path_sort = (SELECT string_agg(lpad(g::text, 19, '0'), '/' ORDER BY g)
                                           FROM generate_series(10001, objective_id) g)))::text
             FROM okr.alignment_tree WHERE tenant = 'shapes' AND root_id = 10001),
          '(1000,0,999,t,t)', '... 1,000 paths, depths 0 to 999, each with its ids and path_sort from the root');
SELECT is((SELECT (count(*), min(objective_id), max(objective_id))::text
             FROM okr.alignment_tree
            WHERE tenant = 'shapes' AND okr.path_ids(path_sort) @> '{10900}'
              AND starts_with(path_sort, (SELECT path_sort FROM okr.alignment_tree
                                           WHERE tenant = 'shapes' AND objective_id = 10900))),
          '(101,10900,11000)', '... the subtree of level 899: its 101 paths');
SET LOCAL enable_seqscan = off;  -- the index is there, whatever this small table's statistics say
SELECT ok(pg_temp.plan($$SELECT * FROM okr.alignment_tree WHERE tenant = 'shapes' AND okr.path_ids(path_sort) @> '{10900}'$$)
          ~ 'Bitmap Index Scan on objective_path_ids',
          '... read through the GIN index on okr.path_ids(path_sort)');
RESET enable_seqscan;
SELECT lives_ok($$UPDATE okr.objective SET title = 'top' WHERE tenant = 'shapes' AND id = 10001$$,
                '... renaming its top rewrites its 1,000 paths');
SELECT is((SELECT count(*) FROM okr.alignment_tree
            WHERE tenant = 'shapes' AND root_id = 10001 AND starts_with(title_path, 'top')),
          1000::bigint, '... each with the new title');

-- Multi-parent alignments multiply paths: 25 diamonds in sequence give the
-- bottom 2^25.  The walk stops at okr.max_paths + 1 paths, before writing.
INSERT INTO okr.objective (id, title, period) SELECT 20000 + i, 'd' || i, '2026' FROM generate_series(0, 75) i;
\ir lib/diamonds.psql
SET LOCAL okr.max_paths = 20000;
SELECT is(pg_temp.try(pg_temp.diamonds(0, 25, 20000, 'shapes')),
          '54000 | alignments would give okr.alignment_tree more than 20000 paths in one statement | okr.alignment_tree lists every path from a top-level objective; objective 20036 of tenant "shapes" alone would have 4096 or more, and the statement writes at most okr.max_paths (20000). | Each objective below k objectives with two parents has 2^k paths: align fewer objectives to several parents, write them in smaller statements, or have a superuser raise okr.max_paths.',
          '25 diamonds in sequence (2^25 paths to the bottom): refused (54000), naming the objective with the most paths');
SELECT is((SELECT count(*) FROM okr.alignment WHERE tenant = 'shapes' AND child_id >= 20000), 0::bigint,
          '... nothing of it remains');
SELECT lives_ok(pg_temp.diamonds(0, 12, 20000, 'shapes'), '12 diamonds (4,096 paths to the bottom, 16,381 in all): under the limit, accepted');
SELECT is((SELECT count(*) FROM okr.alignment_tree WHERE tenant = 'shapes' AND objective_id = 20036),
          4096::bigint, '... the bottom has its 4,096 paths');
SELECT is(pg_temp.try(pg_temp.diamonds(12, 2, 20000, 'shapes')),
          '54000 | alignments would give okr.alignment_tree more than 20000 paths in one statement | okr.alignment_tree lists every path from a top-level objective; objective 20039 of tenant "shapes" alone would have 8192 or more, and the statement writes at most okr.max_paths (20000). | Each objective below k objectives with two parents has 2^k paths: align fewer objectives to several parents, write them in smaller statements, or have a superuser raise okr.max_paths.',
          '... two more diamonds below it (49,152 more paths): refused');
RESET okr.max_paths;
SELECT lives_ok($$INSERT INTO okr.alignment (child_id, parent_id)
                   SELECT 20000 + d * 3 + m, 20000 + d * 3 FROM generate_series(12, 13) d, generate_series(1, 2) m
                   UNION ALL SELECT 20000 + (d + 1) * 3, 20000 + d * 3 + m FROM generate_series(12, 13) d, generate_series(1, 2) m$$,
                '... accepted under the default limit (100,000)');
SELECT * FROM finish();
ROLLBACK;
