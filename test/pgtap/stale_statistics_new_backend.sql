-- okr.verify() and okr.lint() SET okr.plan_lookups, whose planner hooks
-- exist only once okr's library is loaded (src/query.c).  In a backend that
-- had not loaded it, the first call's body used to be planned before the
-- library was loaded, on whatever statistics there were: stale statistics
-- then gave that first call another plan than every later one.  Here, in a
-- database of its own on the statistics a stalled autoanalyze leaves, each
-- function's first call in a new backend must read the same rows as its
-- second (okr.library_loaded() in their bodies loads the library while they
-- are planned).  psql variables carry the counts across the reconnections.
\set QUIET on
\set ON_ERROR_STOP on
SELECT current_database() AS test_db \gset
DROP DATABASE IF EXISTS okr_new_backend;
CREATE DATABASE okr_new_backend;
\c okr_new_backend
CREATE EXTENSION okr;
SET okr.tenant = 'stale';
INSERT INTO okr.objective (id, title, period) SELECT i, 'objective ' || i, '2026' FROM generate_series(1, 2000) i;
INSERT INTO okr.key_result (id, objective_id, title, target)
SELECT i, 1 + i % 2000, 'kr ' || i, '0 -> 10' FROM generate_series(1, 4000) i;
SET okr.tenant = 'other';
INSERT INTO okr.objective (id, title, period) SELECT i, 'other ' || i, '2026' FROM generate_series(1, 14) i;
INSERT INTO okr.key_result (id, objective_id, title, target)
SELECT i, i, 'kr ' || i, '0 -> 10' FROM generate_series(1, 14) i;
VACUUM ANALYZE;  -- no dead index entries: a first scan would count them, a second not
UPDATE pg_class SET reltuples = 1, relpages = pg_relation_size(oid) / 8192
 WHERE oid IN ('okr.key_result'::regclass, 'okr.key_result_pkey'::regclass,
               'okr.key_result_objective'::regclass, 'okr.key_result_external_id'::regclass);
-- fn's rows and what a call of it reads from okr's tables (scans) and
-- indexes (entries), relation by relation
CREATE FUNCTION public.reads_of(fn text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    before bigint[];
    n bigint;
BEGIN
    SELECT array_agg(pg_stat_get_xact_tuples_returned(c.oid) ORDER BY c.oid) INTO before
      FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind IN ('r', 'i');
    EXECUTE format('SELECT count(*) FROM %s', fn) INTO n;
    RETURN n || ' rows; read: ' || (
        SELECT string_agg(c.relname || ' ' || (pg_stat_get_xact_tuples_returned(c.oid) - b.n), ', ' ORDER BY c.relname)
          FROM (SELECT oid, relname, row_number() OVER (ORDER BY oid) AS i FROM pg_class
                 WHERE relnamespace = 'okr'::regnamespace AND relkind IN ('r', 'i')) c
          JOIN unnest(before) WITH ORDINALITY b(n, i) USING (i)
         WHERE pg_stat_get_xact_tuples_returned(c.oid) > b.n);
END $$;

-- in a new backend each: the first call, then the second
\c okr_new_backend
SELECT public.reads_of('okr.verify()') AS first, public.reads_of('okr.verify()') AS second \gset verify_
\c okr_new_backend
SELECT public.reads_of('okr.lint()') AS first, public.reads_of('okr.lint()') AS second \gset lint_

\c :test_db
DROP DATABASE okr_new_backend;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(3);
SELECT alike(:'verify_first'::text, '0 rows;%', 'okr.verify() in a new backend: every score exact');
SELECT is(:'verify_first'::text, :'verify_second'::text,
          '... its first call reads what its second does (planned with okr.plan_lookups'' hooks)');
SELECT is(:'lint_first'::text, :'lint_second'::text,
          'okr.lint() in a new backend: its first call gives and reads what its second does');
SELECT * FROM finish();
ROLLBACK;
