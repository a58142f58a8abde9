-- Bulk loads (issue 9): work per row, counted.
--
-- The derived rows a statement writes are computed without a call of an
-- okr function written in SQL per row.  Such a call
-- runs the function's body through its own executor (fmgr_sql); one that
-- can be inlined costs nothing of its own.  okr.path_ids, the expression of
-- the GIN index on okr.objective_path, was STRICT over a non-strict body
-- and so could not be inlined: every path written called it (8% of a COPY
-- of objectives, by callgrind).  Counted with track_functions = 'all'
-- (calls of functions not inlined) over statements of 2,000 rows.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(6);
SET LOCAL track_functions = 'all';
SET LOCAL okr.tenant = 'bulk_calls';

-- calls in this transaction of okr's functions in LANGUAGE sql
CREATE FUNCTION pg_temp.sql_calls() RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(pg_stat_get_xact_function_calls(p.oid)), 0)::bigint
      FROM pg_proc p
     WHERE p.pronamespace = 'okr'::regnamespace
       AND p.prolang = (SELECT l.oid FROM pg_language l WHERE l.lanname = 'sql') $$;

INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(1, 2000) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(10, 2000) i;
SELECT cmp_ok(pg_temp.sql_calls(), '<', 20::bigint,
              '2,000 objectives and 1,991 alignments written: a few calls of SQL functions per statement, none per row');
SELECT is((SELECT count(*) FROM okr.objective_path p
            WHERE p.tenant = 'bulk_calls' AND okr.path_ids(p.path_sort) @> '{12}'), 111::bigint,
          'the paths through objective 12 are found by the index expression (12, its 10 children and their 100)');

-- The flush after a statement of key results recomputes each of their
-- objectives from its inputs (as okr.objective_computed defines it): one
-- index scan of its key results, not three (the score and its grade each
-- had their own copy of the view's subplans), nor two (loading the
-- structure summed their weights, which a structure edit's flush never
-- reads).
SELECT okr.flush() AS flushed \gset
INSERT INTO okr.key_result (id, objective_id, title, target)
SELECT i, i, 'k' || i, '0 -> 10' FROM generate_series(1, 1000) i;
SELECT pg_stat_get_xact_numscans('okr.key_result_objective'::regclass) AS scans,
       pg_stat_get_xact_numscans('okr.alignment_pkey'::regclass) AS parent_scans \gset
SELECT pg_stat_get_xact_tuples_updated('okr.key_result'::regclass) AS updated,
       pg_stat_get_xact_tuples_updated('okr.objective'::regclass) AS objectives_updated,
       pg_stat_get_xact_tuples_hot_updated('okr.objective'::regclass) AS objectives_hot \gset
SELECT okr.flush() AS flushed \gset
SELECT is(pg_stat_get_xact_numscans('okr.key_result_objective'::regclass) - :scans, 1000::bigint,
          'the flush after 1,000 key results of 1,000 objectives: one scan of key_result_objective per objective');
-- loading their structure reads each objective's parents once for the walk
-- up and once for its parents and their weights (one scan, not two)
SELECT is(pg_stat_get_xact_numscans('okr.alignment_pkey'::regclass) - :parent_scans, 2000::bigint,
          '... and two scans of alignment_pkey per objective (3,000 before)');
-- and leaves the new key results, unchanged (no check-in yet), as they are:
-- this transaction wrote them, so no other can hold an older version to
-- write over (a rewrite is an update of each of their indexes)
SELECT is(pg_stat_get_xact_tuples_updated('okr.key_result'::regclass) - :updated, 0::bigint,
          '... and rewrites none of the 1,000 new key results (1,000 before)');

-- Their objectives' first scores are written in the room fillfactor 90
-- left on the objectives' pages where it suffices (one in ten here: 98 of
-- 1,000 HOT, 14 at fillfactor 100), so not every write adds an entry to
-- each of the objective's five indexes.
SELECT cmp_ok(pg_stat_get_xact_tuples_hot_updated('okr.objective'::regclass) - :objectives_hot, '>',
              (pg_stat_get_xact_tuples_updated('okr.objective'::regclass) - :objectives_updated) / 20,
              '... and writes their 1,000 objectives'' first scores in place where their pages have room (HOT)');

SELECT * FROM finish();
ROLLBACK;
