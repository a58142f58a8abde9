-- okr quick-start demo: the seed articles' IT-infrastructure example.
-- Run by test/demo.sh in a throwaway cluster.
\pset footer off
CREATE EXTENSION okr;

\echo
\echo '== Scoring the seed example =='
SELECT target, value,
       round(okr.progress(target, value)::numeric, 4) AS progress,
       okr.score(target, value) AS score
  FROM (VALUES ('72 -> 2'::okr.target, 72), ('72 -> 2', 37), ('72 -> 2', 2),
               ('72 -> 2', 1), ('0 -> 30', 12)) AS v (target, value);

SELECT okr.period_of('quarter', current_date) AS current_quarter,
       round(okr.elapsed(okr.period_of('quarter', current_date))::numeric, 3) AS elapsed;

\echo
\echo '== The OKR tree, entered through okr''s tables =='
-- A fresh database: the objectives get ids 1 and 2, the key results 1 to 4.
-- Owners, a team, custom fields and tags (attributes) and the keys of the
-- tracker the company syncs from (external_id) are okr's columns too.
INSERT INTO okr.objective (title, owner, team, period, rollup, external_id, attributes) VALUES
    ('Improve application uptime and minimise losses from downtime', 'CEO', 'Leadership', '2026', 'children',
     'OKR-1', '{"tags": ["reliability"], "okr_cycle": "2026"}'),
    ('Get off the legacy infrastructure platform', 'IT', 'Infrastructure', '2026-Q4', 'key_results',
     'OKR-2', '{"tags": ["reliability", "cloud"], "budget_eur": 250000}');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1);
INSERT INTO okr.key_result (objective_id, title, measures, target, unit, source, owner, external_id) VALUES
    (2, 'Incident recovery time', 'outcome', '72 -> 2', 'hours', 'check_ins', 'SRE lead', 'OKR-2-KR-1'),
    (2, 'Cloud VMs installed', 'output', '0 -> 30', 'VMs', 'outputs', 'Cloud team', 'OKR-2-KR-2'),
    (2, 'Databases migrated to the cloud', 'output', '0 -> 50', 'databases', 'outputs', 'DBA team', 'OKR-2-KR-3'),
    (2, 'Disaster-recovery audit passed', 'outcome', 'milestone', NULL, 'check_ins', 'CISO', 'OKR-2-KR-4');

-- Deliverables: 30 VMs (12 done), 50 databases (20 done) over the quarter,
-- each with the ticket it comes from.
INSERT INTO okr.output (key_result_id, title, status, done_at, owner, external_id, attributes)
SELECT 2, 'VM ' || i, CASE WHEN i <= 12 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 12 THEN timestamptz '2026-10-01' + i * interval '4 days' END,
       'Cloud team', 'INFRA-' || (100 + i), '{"tags": ["vm"]}'
  FROM generate_series(1, 30) AS i;
INSERT INTO okr.output (key_result_id, title, status, done_at, owner, external_id)
SELECT 3, 'Database ' || i, CASE WHEN i <= 20 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 20 THEN timestamptz '2026-10-01' + i * interval '2 days' END,
       'DBA team', 'INFRA-' || (200 + i)
  FROM generate_series(1, 50) AS i;

-- Measurements of the outcome, with confidence on the company's 0-10 scale.
INSERT INTO okr.tenant_config (tenant, confidence_min, confidence_max) VALUES ('default', 0, 10);
INSERT INTO okr.check_in (key_result_id, at, value, confidence, note, external_id) VALUES
    (1, '2026-10-02', 72, 5, 'Baseline: last outage took three days to recover', 'sheet-1'),
    (1, '2026-10-23', 48, 6, 'Runbooks for the first migrated services', 'sheet-2'),
    (1, '2026-11-13', 37, 7, 'Failover drill on the cloud VMs', 'sheet-3'),
    (4, '2026-11-13', 0, 8, 'Audit scheduled for December', 'sheet-4');
-- The sync runs again: the same keys update their rows instead of adding new ones.
INSERT INTO okr.check_in (key_result_id, at, value, confidence, note, external_id) VALUES
    (1, '2026-11-13', 37, 7.5, 'Failover drill on the cloud VMs: passed', 'sheet-3')
ON CONFLICT (tenant, external_id) DO UPDATE
    SET value = excluded.value, confidence = excluded.confidence, note = excluded.note;

-- A project plan written as an objective, measured only by deliverables;
-- cancelled early, it is closed with a manual final score.
INSERT INTO okr.objective (title, owner, team, period, external_id) VALUES
    ('Run the cloud migration project', 'PMO', 'PMO', '2026-Q4', 'OKR-3');
INSERT INTO okr.key_result (objective_id, title, measures, target, unit, owner) VALUES
    (3, 'Project milestones delivered', 'output', '0 -> 5', 'milestones', 'PMO');
UPDATE okr.objective SET state = 'closed', final_score = 0.3 WHERE id = 3;

\echo
\echo '== Scorecard (maintained by okr at each commit) =='
SELECT repeat('  ', t.depth) || t.title AS objective, s.period,
       round(s.score::numeric, 3) AS score, round(s.expected::numeric, 3) AS expected,
       s.status, s.grade
  FROM okr.alignment_tree t
  JOIN okr.scorecard s ON s.tenant = t.tenant AND s.objective_id = t.objective_id
 ORDER BY t.path_sort;

SELECT key_result_id AS id, title, measures, target, value, unit,
       round(score::numeric, 3) AS score, status,
       round(forecast_value::numeric, 1) AS forecast
  FROM okr.key_result_progress ORDER BY key_result_id;

\echo
\echo '== Owners, teams, tags and external keys =='
SELECT o.external_id, o.title, o.team, o.owner, o.attributes -> 'tags' AS tags,
       o.state, o.final_score, o.final_grade
  FROM okr.objective o ORDER BY o.id;
SELECT p.external_id, p.title, p.owner, p.last_confidence AS confidence,
       p.last_confidence_fraction AS of_scale,
       (SELECT count(*) FROM okr.output d WHERE d.tenant = p.tenant AND d.key_result_id = p.key_result_id
           AND d.attributes @> '{"tags": ["vm"]}') AS vm_outputs
  FROM okr.key_result_progress p ORDER BY p.key_result_id;

\echo
\echo '== Why does the company objective score what it scores? (okr.explain) =='
SELECT repeat('  ', depth) || title AS input, weight,
       round(score::numeric, 3) AS score, round(share_of_parent::numeric, 3) AS share,
       round(contribution::numeric, 3) AS contribution
  FROM okr.explain(1);

\echo
\echo '== Advice (okr.lint) =='
SELECT severity, rule, message FROM okr.lint();

\echo
\echo '== Consistency (okr.verify: no rows = every maintained value is exact) =='
SELECT * FROM okr.verify();
