-- Maintenance (issue 9): okr.rebuild(), okr.rebuild_pace(), okr.verify()
-- and okr.lint() cost O(the organisation), whatever the statistics say.
-- Counted, not timed, as shapes_bulk.sql counts: the index entries and heap
-- rows okr's tables return and the buffers they are read from in this
-- transaction (pg_stat_get_xact_*), for an organisation of n objectives
-- restored with okr's triggers disabled, at n = 1,250 and n = 5,000.
-- Linear work reads each table or index a few dozen times per objective at
-- either size (at most 200 here) and about 4 times as much at four times the
-- size (at most 5).  A probe that reads the tenant's index range per objective is n^2: a lookup
-- of a parent's children planned as a scan of the primary key (tenant,
-- child_id, parent_id) by the tenant alone reads none of the entries it
-- skips but every page (okr.shapes_of in okr.rebuild() at 20,000 objectives
-- not ANALYZEd: 22 s, 2.2 s ANALYZEd); buffers count it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(5);

-- per relation of okr's (table or index)
CREATE FUNCTION pg_temp.reads() RETURNS TABLE (rel regclass, reads bigint) LANGUAGE sql AS $$
    SELECT c.oid, pg_stat_get_xact_tuples_returned(c.oid) + pg_stat_get_xact_tuples_fetched(c.oid)
                  + pg_stat_get_xact_blocks_fetched(c.oid)
      FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind IN ('r', 'i') $$;

-- An organisation of n objectives as a restore with okr's triggers disabled
-- and a VACUUM without ANALYZE leave it: in new files (TRUNCATE), without
-- statistics, its pages all-visible (what makes a scan of the primary key
-- by the tenant alone index-only, so cheaper on paper than a probe of
-- alignment_parent that visits the heap): a tree of fan-out 10, every 20th objective with a second
-- parent, three key results each (the third fed by outputs), two
-- check-ins on each of the others, two outputs on the third.
CREATE FUNCTION pg_temp.restore(n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['objective', 'alignment', 'key_result', 'check_in', 'output'] LOOP
        EXECUTE format('ALTER TABLE okr.%I DISABLE TRIGGER USER', t);
    END LOOP;
    TRUNCATE okr.check_in, okr.output, okr.key_result, okr.alignment, okr.objective,
             okr.objective_path, okr.objective_shape, okr.objective_pace, okr.pending_score,
             okr.structure_version;
    DELETE FROM pg_statistic
     WHERE starelid IN (SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace);
    INSERT INTO okr.objective (id, title, owner, period)
    SELECT i, 'o' || i, 'owner ' || i % 100, (CASE WHEN i < 11 THEN '2026' ELSE '2026-Q4' END)::okr.period
      FROM generate_series(0, n - 1) i;
    INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(1, n - 1) i;
    INSERT INTO okr.alignment (child_id, parent_id, weight)
    SELECT i, i / 10 + 1, 0.5 FROM generate_series(20, n - 1, 20) i;
    INSERT INTO okr.key_result (id, objective_id, title, target, source)
    SELECT j, j / 3, 'k' || j, '0 -> 100', CASE WHEN j % 3 = 2 THEN 'outputs' ELSE 'check_ins' END
      FROM generate_series(0, 3 * n - 1) j;
    INSERT INTO okr.check_in (key_result_id, at, value)
    SELECT j, timestamptz '2026-10-01' + d * interval '1 week', 10 * d + j % 7
      FROM generate_series(0, 3 * n - 1) j, generate_series(1, 2) d WHERE j % 3 <> 2;
    INSERT INTO okr.output (key_result_id, title, status, done_at)
    SELECT j, 'd' || d, CASE WHEN d = 1 THEN 'done' ELSE 'planned' END,
           CASE WHEN d = 1 THEN timestamptz '2026-10-03' END
      FROM generate_series(2, 3 * n - 1, 3) j, generate_series(1, 2) d;
    FOREACH t IN ARRAY ARRAY['objective', 'alignment', 'key_result', 'check_in', 'output'] LOOP
        EXECUTE format('ALTER TABLE okr.%I ENABLE TRIGGER USER', t);
    END LOOP;
    UPDATE pg_class SET relallvisible = 1000000  -- >= its pages: all of them
     WHERE relnamespace = 'okr'::regnamespace AND relkind = 'r';
END $$;

-- What each of the statements reads, per table and index, on the
-- organisation of 1,250 objectives restored, then on that of 5,000:
-- 'linear' (each relation read at most 200 times per objective at either
-- size, and at most 5 times as much, plus 100, at four times the size) or
-- the relations that grew faster, with their counts.
CREATE TEMPORARY TABLE counts (n integer, step integer, rel regclass, reads bigint);
CREATE FUNCTION pg_temp.run(n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    steps text[] := ARRAY['SELECT okr.rebuild()', 'SELECT okr.rebuild_pace()',
                          'SELECT count(*) FROM okr.verify()', 'SELECT count(*) FROM okr.lint()'];
BEGIN
    PERFORM pg_temp.restore(n);
    FOR i IN 1 .. cardinality(steps) LOOP
        CREATE TEMPORARY TABLE before ON COMMIT DROP AS SELECT * FROM pg_temp.reads();
        EXECUTE steps[i];
        INSERT INTO counts
        SELECT n, i, r.rel, r.reads - coalesce(b.reads, 0)
          FROM pg_temp.reads() r LEFT JOIN before b ON b.rel = r.rel;
        DROP TABLE before;
    END LOOP;
END $$;
SELECT pg_temp.run(1250);
SELECT pg_temp.run(5000);
CREATE FUNCTION pg_temp.growth(step integer) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(format('%s: %s read at n = 1,250, %s at 5,000', a.rel, a.reads, b.reads),
                               '; ' ORDER BY a.rel::text), 'linear')
      FROM counts a JOIN counts b ON b.step = a.step AND b.rel = a.rel AND b.n = 5000
     WHERE a.n = 1250 AND a.step = growth.step
       AND NOT (a.reads <= 200 * 1250 AND b.reads <= 200 * 5000 AND b.reads <= 5 * a.reads + 100) $$;

SELECT is(pg_temp.growth(1), 'linear', 'okr.rebuild() after a restore without statistics');
SELECT is(pg_temp.growth(2), 'linear', 'okr.rebuild_pace() after it');
SELECT is(pg_temp.growth(3), 'linear', 'okr.verify() then');
SELECT is(pg_temp.growth(4), 'linear', 'okr.lint() then');
SELECT is_empty('SELECT * FROM okr.verify()', 'the restored organisation of 5,000 rebuilt exactly');

SELECT * FROM finish();
ROLLBACK;
