-- The rollup under random edits: 24 seeded random organisations
-- (lib/random_organisations.psql), then 2,400 random edits of every kind an
-- application makes - check-ins (back-dated too) edited and deleted,
-- outputs added, done, dropped and deleted, key results added, moved,
-- deleted, retargeted, reweighted and switched between check-ins and
-- outputs, alignments added (cycles refused), deleted, reweighted and
-- moved, objectives added, deleted, closed with or without a final score,
-- reopened, drafted, given another rollup or period - in transactions of 1 to 3
-- edits that commit (so that check-ins take the delta path: a transaction
-- that edited a tenant's structure recomputes instead), with flushes in
-- between, savepoints rolled back after a flush, and the second half
-- flushed at every statement (IMMEDIATE).  Every 100 edits okr.verify()
-- must find nothing; no edit may fail but with a documented refusal.  At
-- the end the history as of now (okr.scores_over, okr.scores_at,
-- okr.scorecard_at, okr.explain) must say what is maintained, and every
-- explanation add up to its objective's score.
-- store_rollup.sql and the soak check the same on shapes written down or
-- fixed; this covers those no one wrote down.  The edits commit, so they
-- run in a database of their own, dropped at the end.
\set home :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS okr_random_edits;
CREATE DATABASE okr_random_edits;
\c okr_random_edits
SET client_min_messages = warning;
CREATE EXTENSION okr;
CREATE EXTENSION pgtap;
SELECT plan(11);
SET TIME ZONE 'UTC';
SELECT setseed(0.17);

BEGIN;
\ir lib/random_organisations.psql
COMMIT;

CREATE TEMP TABLE rnd_applied (kind text);
CREATE TEMP TABLE rnd_unexpected (kind text, sqlstate text, message text);
CREATE TEMP TABLE rnd_mismatch (after_op int, mismatches bigint);

-- a random row id of the tenant's table, or NULL
CREATE FUNCTION pg_temp.any_objective(t text) RETURNS bigint LANGUAGE sql AS
  $$ SELECT id FROM okr.objective WHERE tenant = t ORDER BY random() LIMIT 1 $$;
CREATE FUNCTION pg_temp.any_key_result(t text) RETURNS bigint LANGUAGE sql AS
  $$ SELECT id FROM okr.key_result WHERE tenant = t ORDER BY random() LIMIT 1 $$;
CREATE FUNCTION pg_temp.any_check_in(t text) RETURNS bigint LANGUAGE sql AS
  $$ SELECT id FROM okr.check_in WHERE tenant = t ORDER BY random() LIMIT 1 $$;
CREATE FUNCTION pg_temp.any_output(t text) RETURNS bigint LANGUAGE sql AS
  $$ SELECT id FROM okr.output WHERE tenant = t ORDER BY random() LIMIT 1 $$;
CREATE FUNCTION pg_temp.any_at() RETURNS timestamptz LANGUAGE sql AS
  $$ SELECT CASE WHEN random() < 0.3 THEN now() ELSE timestamptz '2026-01-02' + random() * interval '330 days' END $$;

-- One random operation on tenant t; its kind, or NULL if nothing fitted.
CREATE FUNCTION pg_temp.edit(t text, op int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    o bigint := pg_temp.any_objective(t);
    p bigint := pg_temp.any_objective(t);
    k bigint := pg_temp.any_key_result(t);
    n bigint;
BEGIN
    PERFORM set_config('okr.tenant', t, true);
    CASE
    WHEN op <= 22 THEN
        INSERT INTO okr.check_in (key_result_id, at, value) VALUES (k, pg_temp.any_at(), floor(random() * 110));
        RETURN 'check-in';
    WHEN op <= 27 THEN
        UPDATE okr.check_in SET value = floor(random() * 110), at = CASE WHEN random() < 0.5 THEN at ELSE pg_temp.any_at() END
         WHERE tenant = t AND id = pg_temp.any_check_in(t);
        RETURN 'check-in edited';
    WHEN op <= 31 THEN
        DELETE FROM okr.check_in WHERE tenant = t AND id = pg_temp.any_check_in(t);
        RETURN 'check-in deleted';
    WHEN op <= 39 THEN
        UPDATE okr.output SET status = (ARRAY['planned', 'in_progress', 'done', 'dropped'])[1 + floor(random() * 4)::int]
         WHERE tenant = t AND id = pg_temp.any_output(t);
        RETURN 'output status';
    WHEN op <= 42 THEN
        INSERT INTO okr.output (key_result_id, title, status, amount)
        VALUES (k, 'new', CASE WHEN random() < 0.6 THEN 'done' ELSE 'planned' END, 1 + floor(random() * 3));
        RETURN 'output added';
    WHEN op <= 44 THEN
        UPDATE okr.output SET amount = floor(random() * 5) WHERE tenant = t AND id = pg_temp.any_output(t);
        RETURN 'output amount';
    WHEN op <= 46 THEN
        DELETE FROM okr.output WHERE tenant = t AND id = pg_temp.any_output(t);
        RETURN 'output deleted';
    WHEN op <= 50 THEN
        UPDATE okr.key_result
           SET target = CASE WHEN random() < 0.2 THEN NULL
                             ELSE (ARRAY['0 -> 10', '0 -> 100', '50 -> 0', '0 -> 4'])[1 + floor(random() * 4)::int]::okr.target END
         WHERE tenant = t AND id = k;
        RETURN 'key result target';
    WHEN op <= 54 THEN
        UPDATE okr.key_result SET weight = 1 + floor(random() * 4), cap = (ARRAY[1, 1, 1.5])[1 + floor(random() * 3)::int]
         WHERE tenant = t AND id = k;
        RETURN 'key result weight';
    WHEN op <= 56 THEN
        UPDATE okr.key_result SET source = CASE source WHEN 'outputs' THEN 'check_ins' ELSE 'outputs' END
         WHERE tenant = t AND id = k;
        RETURN 'key result source';
    WHEN op <= 59 THEN
        UPDATE okr.key_result SET objective_id = o WHERE tenant = t AND id = k;
        RETURN 'key result moved';
    WHEN op <= 61 THEN
        DELETE FROM okr.key_result WHERE tenant = t AND id = k;
        RETURN 'key result deleted';
    WHEN op <= 64 THEN
        INSERT INTO okr.key_result (objective_id, title, target, weight, source)
        VALUES (o, 'new', '0 -> 10', 1 + floor(random() * 3), CASE WHEN random() < 0.3 THEN 'outputs' ELSE 'check_ins' END);
        RETURN 'key result added';
    WHEN op <= 68 THEN
        INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (o, p, 1 + floor(random() * 3));
        RETURN 'alignment added';
    WHEN op <= 70 THEN
        DELETE FROM okr.alignment WHERE tenant = t AND child_id = o;
        RETURN 'alignment deleted';
    WHEN op <= 73 THEN
        UPDATE okr.alignment SET weight = 1 + floor(random() * 4) WHERE tenant = t AND child_id = o;
        RETURN 'alignment weight';
    WHEN op <= 76 THEN
        UPDATE okr.alignment SET parent_id = p
         WHERE tenant = t AND child_id = o
           AND parent_id = (SELECT a.parent_id FROM okr.alignment a WHERE a.tenant = t AND a.child_id = o LIMIT 1);
        RETURN 'alignment moved';
    WHEN op <= 81 THEN
        UPDATE okr.objective
           SET state = CASE WHEN state = 'closed' OR random() < 0.3 THEN (ARRAY['active', 'draft'])[1 + floor(random() * 2)::int]
                            ELSE 'closed' END,
               final_score = NULL
         WHERE tenant = t AND id = o;
        RETURN 'objective state';
    WHEN op <= 83 THEN
        UPDATE okr.objective SET state = 'closed', final_score = round(random()::numeric, 2)
         WHERE tenant = t AND id = o;
        RETURN 'objective closed with a final score';
    WHEN op <= 85 THEN
        UPDATE okr.objective SET rollup = (ARRAY['key_results', 'children', 'both'])[1 + floor(random() * 3)::int]
         WHERE tenant = t AND id = o;
        RETURN 'objective rollup';
    WHEN op <= 86 THEN
        -- refused unless it lies within its parents' and its children's within it
        UPDATE okr.objective SET period = (ARRAY['2026', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026-H2'])[1 + floor(random() * 6)::int]::okr.period
         WHERE tenant = t AND id = o;
        RETURN 'objective period';
    WHEN op <= 87 THEN
        DELETE FROM okr.objective WHERE tenant = t AND id = o;
        RETURN 'objective deleted';
    WHEN op <= 89 THEN
        INSERT INTO okr.objective (title, period, rollup) VALUES ('new', '2026', 'both') RETURNING id INTO n;
        INSERT INTO okr.alignment (child_id, parent_id) VALUES (n, p);
        INSERT INTO okr.key_result (objective_id, title, target) VALUES (n, 'new', '0 -> 10');
        RETURN 'objective added';
    WHEN op <= 95 THEN
        PERFORM okr.flush();
        RETURN 'flush';
    ELSE
        -- a savepoint rolled back after a flush: its rows are to be done again
        BEGIN
            PERFORM pg_temp.edit(t, 1 + floor(random() * 89)::int), okr.flush(),
                    pg_temp.edit(t, 1 + floor(random() * 89)::int);
            RAISE EXCEPTION USING ERRCODE = 'OKRRB';
        EXCEPTION WHEN SQLSTATE 'OKRRB' THEN
            RETURN 'savepoint rolled back';
        END;
    END CASE;
END $$;

-- Edit op on tenant t, its kind recorded (or its refusal, or an error
-- that is none)
CREATE FUNCTION pg_temp.try_edit(t text, op int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rnd_applied VALUES (pg_temp.edit(t, op));
EXCEPTION
    -- refusals: a closed objective, a cycle, a duplicate, a row gone
    WHEN object_not_in_prerequisite_state OR check_violation OR unique_violation
      OR foreign_key_violation OR not_null_violation THEN
        INSERT INTO rnd_applied VALUES ('refused');
    WHEN OTHERS THEN
        INSERT INTO rnd_unexpected VALUES (op::text, SQLSTATE, SQLERRM);
END $$;

-- edits first .. last on random tenants, 1 to 3 a transaction (committed,
-- each flushed at its end or, immediate, at each statement's); verify()
-- after every 100th
CREATE PROCEDURE pg_temp.run(first int, last int, immediate boolean) LANGUAGE plpgsql AS $$
DECLARE
    i int := first;
    j int;
    check_now boolean;
BEGIN
    WHILE i <= last LOOP
        IF immediate THEN
            SET CONSTRAINTS okr.rollup_at_commit IMMEDIATE;
        END IF;
        check_now := false;
        FOR j IN 1 .. 1 + floor(random() * 3)::int LOOP
            EXIT WHEN i > last;
            PERFORM pg_temp.try_edit('rnd' || (1 + floor(random() * 24)::int), 1 + floor(random() * 100)::int);
            check_now := check_now OR i % 100 = 0;
            i := i + 1;
        END LOOP;
        COMMIT;
        IF check_now THEN
            INSERT INTO rnd_mismatch SELECT i - 1, count(*) FROM okr.verify() v WHERE v.tenant LIKE 'rnd%';
            COMMIT;
        END IF;
    END LOOP;
END $$;

CALL pg_temp.run(1, 1200, false);
CALL pg_temp.run(1201, 2400, true);

SELECT is((SELECT count(*) FROM rnd_mismatch WHERE mismatches > 0), 0::bigint,
          '2,400 random edits of 24 random organisations: okr.verify() finds nothing at each of its 24 checks');
SELECT is((SELECT count(*) FROM rnd_mismatch), 24::bigint, '... which all ran');
SELECT is_empty('SELECT * FROM rnd_unexpected',
                '... and no edit failed but with a documented refusal');
SELECT is((SELECT count(DISTINCT kind) FROM rnd_applied WHERE kind NOT IN ('refused')), 25::bigint,
          '... and every one of the 25 kinds of edit was made');
SELECT cmp_ok((SELECT count(*) FROM rnd_applied WHERE kind <> 'refused'), '>',
              (SELECT 4 * count(*) FROM rnd_applied WHERE kind = 'refused'),
              '... nearly all of them, not refused');
-- and at the present the history is what the rollup maintains
SELECT set_eq('SELECT * FROM rnd_objectives_from_history', 'SELECT * FROM rnd_objectives_maintained',
              'after the edits every objective''s score now, from its history = the maintained score');
SELECT set_eq('SELECT * FROM rnd_key_results_from_history', 'SELECT * FROM rnd_key_results_maintained',
              'after the edits every key result''s value and score now, from its history = the maintained ones');
SELECT set_eq(
    $$SELECT objective_id, state, round(score::numeric, 10) AS score, round(expected::numeric, 10) AS expected, status, grade,
             key_results, parent_ids, child_ids, final_grade, closed_at
        FROM okr.scorecard_at(now()) WHERE tenant LIKE 'rnd%'$$,
    $$SELECT objective_id, state, round(score::numeric, 10) AS score, round(expected::numeric, 10) AS expected, status, grade,
             key_results, parent_ids, child_ids, final_grade, closed_at
        FROM okr.scorecard WHERE tenant LIKE 'rnd%'$$,
    '... and okr.scorecard_at(now()) = okr.scorecard, column by column');
-- and every open objective's explanation adds up to its score (NULL when
-- no input counts: none scored, drafts), now as maintained and as of now
-- from the history alike
CREATE TEMP TABLE rnd_explained AS
SELECT o.tenant, o.id, a.at IS NULL AS maintained, e.depth, e.path, e.score, e.share_of_parent, e.contribution
  FROM okr.objective o
 CROSS JOIN (VALUES (NULL::timestamptz), (clock_timestamp())) a (at)
 CROSS JOIN LATERAL okr.explain(o.id, a.at, o.tenant) e
 WHERE o.tenant LIKE 'rnd%' AND o.state <> 'closed';
SELECT is_empty(
    $$SELECT r.tenant, r.id, r.maintained FROM rnd_explained r
       WHERE r.depth = 0
         AND round(r.score::numeric, 9) IS DISTINCT FROM
             (SELECT round(sum(i.contribution)::numeric, 9) FROM rnd_explained i
               WHERE i.tenant = r.tenant AND i.id = r.id AND i.maintained = r.maintained AND i.depth = 1
              HAVING count(*) FILTER (WHERE i.share_of_parent > 0) > 0)$$,
    '... every open objective''s explanation: its inputs'' contributions add up to its score');
SELECT cmp_ok((SELECT count(DISTINCT (tenant, id)) FROM rnd_explained WHERE depth = 1 AND share_of_parent > 0),
              '>', 150::bigint, '... over many objectives with inputs that count');
SELECT set_eq(
    $$SELECT tenant, id, path, round(score::numeric, 10) FROM rnd_explained WHERE maintained$$,
    $$SELECT tenant, id, path, round(score::numeric, 10) FROM rnd_explained WHERE NOT maintained$$,
    '... and is the same from the history as of now as from the maintained scores');

SELECT * FROM finish();
\c :home
DROP DATABASE okr_random_edits;
