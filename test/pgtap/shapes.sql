-- Shapes (issue 12): the alignment cycle check costs the smaller side of a
-- statement's new edges, not their depth.  Counted in index scans of
-- okr.alignment in this transaction (pg_stat_xact_user_tables, read between
-- statements), which do
-- not depend on the machine: 0.1.0's per-edge walk up from the new parent
-- cost one scan per level above it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(10);
SET LOCAL okr.tenant = 'shapes';
\ir lib/try.psql

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
          '23514 | objective 6500 cannot be aligned to itself | Align it to a different objective.',
          'a self-edge among 3,001 new ones: refused');
SELECT is((SELECT count(*) FROM okr.alignment WHERE child_id >= 5000), 0::bigint,
          'nothing of the refused statements remains');
-- the depth okr.alignment_tree's index takes: a chain of 800 refused at the
-- statement that writes it, with okr's message (not the index's)
INSERT INTO okr.objective (id, title, period) SELECT i, 'f' || i, '2026' FROM generate_series(10001, 10800) i;
SELECT matches(pg_temp.try('INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i - 1 FROM generate_series(10002, 10800) i'),
               '^54000 \| alignments nest too deep \| okr\.alignment_tree stores every path .* \| Align the objective higher up the tree: okr supports about 600 levels\.$',
               'an 800-deep chain: refused (54000) with detail and hint');
SELECT * FROM finish();
ROLLBACK;
