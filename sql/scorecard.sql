-- okr for BI tools, on the seed example of test/demo.sql: the scorecard as
-- it stood at fixed instants (okr.scorecard_at), key results as of those
-- instants (okr.scores_at), a weekly burn-up (okr.score_series), how scores
-- were produced (okr.explain), and the views that do not depend on the time
-- of the query (okr.alignment_tree, okr.check_in_history,
-- okr.output_progress).  okr.scorecard and okr.key_result_progress measure
-- pace against now(), so they are tested in test/pgtap/views.sql instead.
SET TIME ZONE 'UTC';
SET DateStyle = 'ISO, YMD';
BEGIN;
SET LOCAL okr.tenant = 'bi_seed';
INSERT INTO okr.objective (id, title, owner, period, rollup, created_at) VALUES
    (1, 'Improve application uptime and minimise losses from downtime', 'CEO', '2026', 'children', '2026-09-15'),
    (2, 'Get off the legacy infrastructure platform', 'IT', '2026-Q4', 'key_results', '2026-09-15'),
    (3, 'Run the cloud migration project', 'PMO', '2026-Q4', 'both', '2026-11-01');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1);
INSERT INTO okr.key_result (id, objective_id, title, measures, target, unit, source, created_at) VALUES
    (1, 2, 'Incident recovery time', 'outcome', '72 -> 2', 'hours', 'check_ins', '2026-09-15'),
    (2, 2, 'Cloud VMs installed', 'output', '0 -> 30', 'VMs', 'outputs', '2026-09-15'),
    (3, 2, 'Databases migrated to the cloud', 'output', '0 -> 50', 'databases', 'outputs', '2026-09-15'),
    (4, 2, 'Disaster-recovery audit passed', 'outcome', 'milestone', NULL, 'check_ins', '2026-09-15'),
    (5, 3, 'Project milestones delivered', 'output', '0 -> 5', 'milestones', 'check_ins', '2026-11-01');
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT 2, 'VM ' || i, CASE WHEN i <= 12 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 12 THEN timestamptz '2026-10-01' + i * interval '4 days' END
  FROM generate_series(1, 30) AS i;
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT 3, 'Database ' || i, CASE WHEN i <= 20 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 20 THEN timestamptz '2026-10-01' + i * interval '2 days' END
  FROM generate_series(1, 50) AS i;
INSERT INTO okr.check_in (key_result_id, at, value, confidence, note) VALUES
    (1, '2026-10-02', 72, 0.5, 'Baseline: last outage took three days to recover'),
    (1, '2026-10-23', 48, 0.6, 'Runbooks for the first migrated services'),
    (1, '2026-11-13', 37, 0.7, 'Failover drill on the cloud VMs'),
    (4, '2026-11-13', 0, 0.8, 'Audit scheduled for December');
SELECT okr.flush() > 0 AS flushed;

-- The scorecard before the quarter, at 2026-10-24, at 2026-11-15 and after
-- the quarter.  Objective 3, entered on 2026-11-01, counts before that too
-- (back-filled history: the past is what the dated inputs say).
SELECT s.at::date AS at, c.objective_id AS id, c.period, c.state,
       round(c.score::numeric, 4) AS score, round(c.expected::numeric, 4) AS expected,
       c.status, c.grade, c.key_results AS krs, c.parent_ids, c.child_ids
  FROM (VALUES (timestamptz '2026-09-20'), ('2026-10-24'), ('2026-11-15'), ('2027-01-01')) AS s (at),
       okr.scorecard_at(s.at) AS c
 WHERE c.tenant = 'bi_seed'
 ORDER BY s.at, c.objective_id;

-- Key results as of the same instants.
SELECT s.at::date AS at, k.id, k.title, v.value, round(v.score::numeric, 4) AS score
  FROM (VALUES (timestamptz '2026-09-20'), ('2026-10-24'), ('2026-11-15'), ('2027-01-01')) AS s (at),
       okr.scores_at(s.at, 'bi_seed') AS v
  JOIN okr.key_result k ON k.tenant = v.tenant AND k.id = v.id
 WHERE v.kind = 'key_result'
 ORDER BY s.at, k.id;

-- Burn-up of objective 2, weekly through the quarter.
SELECT at::date AS week,
       round(max(score) FILTER (WHERE kind = 'objective')::numeric, 4) AS objective,
       round(max(expected) FILTER (WHERE kind = 'objective')::numeric, 4) AS expected,
       max(status) FILTER (WHERE kind = 'objective') AS status,
       max(value) FILTER (WHERE id = 1 AND kind = 'key_result') AS recovery_h,
       max(value) FILTER (WHERE id = 2 AND kind = 'key_result') AS vms,
       max(value) FILTER (WHERE id = 3 AND kind = 'key_result') AS dbs,
       max(value) FILTER (WHERE id = 4 AND kind = 'key_result') AS audit
  FROM okr.score_series(2, '2026-10-01', '2026-12-31', '1 week')
 GROUP BY at
 ORDER BY at;

-- How objective 1's score was produced at 2026-10-24, and now (from the
-- maintained scores, which do not depend on the time of the query).
SELECT depth, path, kind, id, weight, round(score::numeric, 4) AS score,
       round(share_of_parent::numeric, 4) AS share, round(contribution::numeric, 4) AS contribution, value
  FROM okr.explain(1, '2026-10-24');
SELECT depth, path, kind, id, title, weight, round(score::numeric, 4) AS score,
       round(share_of_parent::numeric, 4) AS share, round(contribution::numeric, 4) AS contribution, value
  FROM okr.explain(1);
SELECT round(sum(contribution)::numeric, 12) AS inputs_of_root, (SELECT round(score::numeric, 12) FROM okr.objective WHERE tenant = 'bi_seed' AND id = 1) AS root_score
  FROM okr.explain(1) WHERE depth = 1;

-- The views that do not depend on the time of the query.
SELECT objective_id, depth, root_id, parent_id, weight, path, title_path, is_leaf
  FROM okr.alignment_tree WHERE tenant = 'bi_seed' ORDER BY path_sort;
SELECT key_result_id AS kr, at::date AS at, value, change, confidence,
       round(progress::numeric, 4) AS progress, round(score::numeric, 4) AS score,
       round(expected::numeric, 4) AS expected, status, is_latest
  FROM okr.check_in_history WHERE tenant = 'bi_seed' ORDER BY key_result_id, at;
SELECT key_result_id AS kr, key_result_title, source, planned, in_progress, done, dropped,
       planned_amount, done_amount, done_share, last_done_at::date AS last_done
  FROM okr.output_progress WHERE tenant = 'bi_seed' ORDER BY key_result_id;
ROLLBACK;
