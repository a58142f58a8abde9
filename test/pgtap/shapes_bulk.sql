-- Shapes (issue 12): one structure statement costs O(its rows), whatever the
-- statistics say.  Counted, not timed: the index entries and heap rows okr's
-- tables return in this transaction (pg_stat_get_xact_*) for a statement of
-- n rows and its flush, at n = 1,250 and n = 5,000.  Linear work reads a
-- few dozen per row at either size (at most 100 here) and about 4 times as
-- much at four times the rows (at most 5: deeper indexes; none at either
-- size is linear too: inserted objectives write their derived rows without
-- reading); a probe by the tenant alone that filters the rest reads the tenant per row (thousands).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(5);

-- okr's tables as a new database has them, in this transaction only: empty
-- (TRUNCATE gives each new, empty files), never ANALYZEd or VACUUMed
-- (reltuples -1) and without statistics.  The statement triggers' lookups,
-- joined directly, were planned on them as probes of another index by the
-- tenant alone (objective_external_id for an objective by its id,
-- alignment_parent for a child's parents), and those plans were kept as
-- the tables grew: one scan of the tenant per row (in a new database, 5,000
-- children aligned in one statement took 16 s, a 5,000-objective tree 40 s).
TRUNCATE okr.check_in, okr.output, okr.key_result, okr.alignment, okr.objective,
         okr.objective_path, okr.objective_shape, okr.objective_pace, okr.pending_score,
         okr.structure_version;
DELETE FROM pg_statistic
 WHERE starelid IN (SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace);

CREATE FUNCTION pg_temp.reads() RETURNS bigint LANGUAGE sql AS $$
    SELECT sum(pg_stat_get_xact_tuples_returned(c.oid) + pg_stat_get_xact_tuples_fetched(c.oid))::bigint
      FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind IN ('r', 'i') $$;
-- what running sql (with %1$s for n and %2$s for the tenant) and flushing
-- reads, at n = 1,250 and 5,000, each in a tenant of its own: 'linear' or
-- the two counts
CREATE FUNCTION pg_temp.growth(setup text, sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    counts bigint[] := '{}';
    r0 bigint;
    n integer;
BEGIN
    FOREACH n IN ARRAY ARRAY[1250, 5000] LOOP
        PERFORM set_config('okr.tenant', 'bulk' || n || md5(sql), true);
        EXECUTE format(setup, n, current_setting('okr.tenant'));
        PERFORM okr.flush();
        r0 := pg_temp.reads();
        EXECUTE format(sql, n, current_setting('okr.tenant'));
        PERFORM okr.flush();
        counts := counts || (pg_temp.reads() - r0);
    END LOOP;
    RETURN CASE WHEN counts[1] <= 100 * 1250 AND counts[2] <= 100 * 5000 AND counts[2] <= 5 * counts[1]
                THEN 'linear'
                ELSE format('%s rows read at n = 1,250, %s at 5,000', counts[1], counts[2]) END;
END $$;

\set objectives 'INSERT INTO okr.objective (id, title, period) SELECT i, ''o'' || i, ''2026'' FROM generate_series(0, %1$s) i'
SELECT is(pg_temp.growth('SELECT 1', :'objectives'), 'linear', 'n objectives inserted in one statement');
SELECT is(pg_temp.growth(:'objectives',
              'INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i %% 20 FROM generate_series(20, %1$s) i'),
          'linear', 'n children aligned to 20 parents in one statement');
SELECT is(pg_temp.growth(:'objectives',
              'INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(1, %1$s) i'),
          'linear', 'a tree of n alignments (fan-out 10) in one statement');
SELECT is(pg_temp.growth(:'objectives' || '; INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(1, %1$s) i',
              'INSERT INTO okr.key_result (id, objective_id, title, target) SELECT i, i, ''k'' || i, ''0 -> 10'' FROM generate_series(1, %1$s) i'),
          'linear', 'n key results under that tree in one statement');
SELECT is(pg_temp.growth(:'objectives' || '; INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(1, %1$s) i',
              'DELETE FROM okr.alignment WHERE tenant = %2$L'),
          'linear', 'that tree''s n alignments deleted in one statement');

SELECT * FROM finish();
ROLLBACK;
