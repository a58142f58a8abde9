-- Every okr code path, run with public first in search_path after
-- test/security/plant.sql: writes (check-in, output, structure, closing and
-- reopening: the rollup and the validation), then reads, each digested twice
-- in one transaction (so now() is one instant): with a clean search_path and
-- with the trap's.  The digests must agree and no planted object may run.
-- Names and operators of this script itself are qualified, so that a
-- PLANTED warning can only come from okr.  psql variable: writer (victim or
-- mallory; only the victim rebuilds).
SET search_path = public, pg_catalog, okr;
SET okr.tenant = 'default';

BEGIN;
INSERT INTO okr.check_in (key_result_id, at, value, note) VALUES (1, '2026-11-20', 30, :'writer');
INSERT INTO okr.output (key_result_id, title, status, done_at) VALUES (2, 'VM planted', 'done', '2026-11-20');
UPDATE okr.output SET status = 'dropped' WHERE title OPERATOR(pg_catalog.=) 'VM 30';
INSERT INTO okr.objective (title, period, rollup) VALUES ('Planted ' OPERATOR(pg_catalog.||) :'writer', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id)
    SELECT o.id, 1 FROM okr.objective o WHERE o.title OPERATOR(pg_catalog.=) ('Planted ' OPERATOR(pg_catalog.||) :'writer');
INSERT INTO okr.key_result (objective_id, title, target)
    SELECT o.id, 'planted kr', '0 -> 10' FROM okr.objective o WHERE o.title OPERATOR(pg_catalog.=) ('Planted ' OPERATOR(pg_catalog.||) :'writer');
UPDATE okr.key_result SET weight = 2 WHERE id OPERATOR(pg_catalog.=) 4;
SELECT okr.flush() IS NOT NULL AS flushed;
UPDATE okr.objective SET state = 'closed' WHERE id OPERATOR(pg_catalog.=) 3;
COMMIT;
UPDATE okr.objective SET state = 'active' WHERE id OPERATOR(pg_catalog.=) 3;
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (4, '2026-11-21', 1);
SET CONSTRAINTS ALL DEFERRED;
\if :rebuild
SELECT okr.rebuild() IS NOT NULL AS rebuilt;
\endif

BEGIN;
CREATE FUNCTION pg_temp.digest(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE pg_catalog.format('SELECT pg_catalog.md5(pg_catalog.string_agg(x::pg_catalog.text, ''|'' ORDER BY x::pg_catalog.text)) FROM (%s) x', q)
       INTO d;
    RETURN COALESCE(d, 'empty');
END $$;
CREATE TEMP TABLE queries (q text);
INSERT INTO queries VALUES
    ('SELECT * FROM okr.verify()'), ('SELECT * FROM okr.lint()'),
    ('SELECT * FROM okr.scorecard_at(''2026-11-25'')'), ('SELECT * FROM okr.scores_at(''2026-11-25'')'),
    ('SELECT * FROM okr.score_series(1, ''2026-10-01'', ''2026-12-01'', ''1 week'', ''default'')'),
    ('SELECT * FROM okr.explain(1)'), ('SELECT * FROM okr.explain(1, ''2026-11-25'')'),
    ('SELECT okr.tenant_policy(''default''), okr.grade(0.5, ''default''), okr.status(0.5, 0.6, ''default'')');
INSERT INTO queries
    SELECT pg_catalog.format('SELECT * FROM okr.%I', c.relname)
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace OPERATOR(pg_catalog.=) 'okr'::pg_catalog.regnamespace
       AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}');
SET LOCAL search_path = pg_catalog, pg_temp;
CREATE TEMP TABLE clean AS SELECT q, pg_temp.digest(q) AS d FROM queries;
SET LOCAL search_path = public, pg_catalog, okr;
-- one line per query whose result differs under the trap
SELECT 'DIFFERS: ' OPERATOR(pg_catalog.||) c.q FROM clean c
 WHERE pg_temp.digest(c.q) OPERATOR(pg_catalog.<>) c.d;
SELECT 'READ PATHS: ' OPERATOR(pg_catalog.||) pg_catalog.count(*) FROM clean;
COMMIT;
