-- History over random organisations: okr.scores_over read in one scan of a
-- tenant (okr.history_scan = on) gives the scores the lookups give (off),
-- and both, at the present, give what the rollup maintains.
--
-- 24 tenants of 5 to 30 objectives each, their ids a random permutation of
-- their place in the tree (so a scan, which reads by id, meets parents
-- before their children as often as after: they wait), 1 or 2 parents of
-- random weight, every rollup, drafts, objectives closed (frozen), key
-- results fed by check-ins or by outputs, weights changed afterwards (those
-- key results are looked up even in a scan).  history.sql checks the same
-- against hand-computed values; this covers the shapes no one wrote down.
-- Seeded: the same organisations every run of a given PostgreSQL.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(9);
SET LOCAL TIME ZONE 'UTC';
SELECT setseed(0.42);

\ir lib/random_organisations.psql
UPDATE okr.key_result SET weight = weight + 1 WHERE tenant LIKE 'rnd%' AND random() < 0.1;
UPDATE okr.objective SET state = 'closed' WHERE tenant LIKE 'rnd%' AND state = 'active' AND random() < 0.1;
SELECT okr.flush();

-- the organisations have the shapes this file is about
SELECT cmp_ok((SELECT count(*) FROM okr.alignment a
                WHERE a.tenant LIKE 'rnd%' AND a.parent_id < a.child_id), '>', 50::bigint,
              'random organisations: many parents with a lower id than their child (read before it) ...');
SELECT cmp_ok((SELECT count(*) FROM okr.alignment a
                WHERE a.tenant LIKE 'rnd%' AND a.parent_id > a.child_id), '>', 50::bigint,
              '... and many with a higher one');
SELECT ok(c.drafts > 20 AND c.closed > 20 AND c.second_parents > 50 AND c.reweighted > 30
          AND c.output_fed > 80,
          '... with drafts, closed objectives, second parents, changed weights and output-fed key results')
  FROM (SELECT (SELECT count(*) FROM okr.objective WHERE tenant LIKE 'rnd%' AND state = 'draft') AS drafts,
               (SELECT count(*) FROM okr.objective WHERE tenant LIKE 'rnd%' AND state = 'closed') AS closed,
               (SELECT count(*) FROM (SELECT FROM okr.alignment WHERE tenant LIKE 'rnd%'
                                       GROUP BY tenant, child_id HAVING count(*) = 2) a) AS second_parents,
               (SELECT count(DISTINCT (v.tenant, v.key_result_id)) FROM okr.key_result_version v
                 WHERE v.tenant LIKE 'rnd%') AS reweighted,
               (SELECT count(*) FROM okr.key_result
                 WHERE tenant LIKE 'rnd%' AND source = 'outputs') AS output_fed) c;

-- scan = lookups, monthly over 2026 and now: all tenants, each tenant's
-- root, and a subtree of each from its middle
\ir lib/steps_2026.psql
CREATE TEMP VIEW rnd_scores AS
SELECT 'all' AS q, s.tenant, s.id, s.step, round(s.score::numeric, 10) AS score
  FROM steps_2026, okr.scores_over(steps) s
 WHERE s.tenant LIKE 'rnd%'
UNION ALL
SELECT 'from ' || r.id, s.tenant, s.id, s.step, round(s.score::numeric, 10)
  FROM steps_2026,
       (SELECT tenant, id FROM rnd_objective WHERE pos IN (1, 4)) r,
       okr.scores_over(steps, r.tenant, r.id) s;
SET LOCAL okr.history_scan = off;
CREATE TEMP TABLE rnd_looked_up AS SELECT * FROM rnd_scores;
SET LOCAL okr.history_scan = on;
CREATE TEMP TABLE rnd_scanned AS SELECT * FROM rnd_scores;
RESET okr.history_scan;
SELECT set_eq('SELECT * FROM rnd_scanned', 'SELECT * FROM rnd_looked_up',
              'history read in one scan of each tenant = by lookups, to 10 digits');
SELECT cmp_ok((SELECT count(*) FROM rnd_looked_up WHERE score IS NOT NULL), '>', 5000::bigint,
              '... over many scores');
SELECT cmp_ok((SELECT count(DISTINCT score) FROM rnd_looked_up), '>', 300::bigint,
              '... of many values');

-- at the present, the history is what the rollup maintains
SELECT set_eq('SELECT * FROM rnd_objectives_from_history', 'SELECT * FROM rnd_objectives_maintained',
              'every objective''s score now, from its history = the maintained score');
SELECT set_eq('SELECT * FROM rnd_key_results_from_history', 'SELECT * FROM rnd_key_results_maintained',
              'every key result''s value and score now, from its history = the maintained ones');
SELECT is_empty($$SELECT * FROM okr.verify() WHERE tenant LIKE 'rnd%'$$,
                'okr.verify() finds nothing to repair in the random organisations');

SELECT * FROM finish();
ROLLBACK;
