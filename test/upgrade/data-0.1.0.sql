-- Data written through okr 0.1.0's tables (the 0.1.0 demo's tree, a second
-- tenant and a closed objective): test/upgrade/upgrade.sh loads it into an
-- okr 0.1.0 install, then upgrades.  Uses only what 0.1.0 had.
-- A fresh database: the objectives get ids 1 and 2, the key results 1 to 4.
INSERT INTO okr.objective (title, owner, period, rollup) VALUES
    ('Improve application uptime and minimise losses from downtime', 'CEO', '2026', 'children'),
    ('Get off the legacy infrastructure platform', 'IT', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1);
INSERT INTO okr.key_result (objective_id, title, measures, target, unit, source) VALUES
    (2, 'Incident recovery time', 'outcome', '72 -> 2', 'hours', 'check_ins'),
    (2, 'Cloud VMs installed', 'output', '0 -> 30', 'VMs', 'outputs'),
    (2, 'Databases migrated to the cloud', 'output', '0 -> 50', 'databases', 'outputs'),
    (2, 'Disaster-recovery audit passed', 'outcome', 'milestone', NULL, 'check_ins');

-- Deliverables: 30 VMs (12 done), 50 databases (20 done) over the quarter.
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT 2, 'VM ' || i, CASE WHEN i <= 12 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 12 THEN timestamptz '2026-10-01' + i * interval '4 days' END
  FROM generate_series(1, 30) AS i;
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT 3, 'Database ' || i, CASE WHEN i <= 20 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 20 THEN timestamptz '2026-10-01' + i * interval '2 days' END
  FROM generate_series(1, 50) AS i;

-- Measurements of the outcome.
INSERT INTO okr.check_in (key_result_id, at, value, confidence, note) VALUES
    (1, '2026-10-02', 72, 0.5, 'Baseline: last outage took three days to recover'),
    (1, '2026-10-23', 48, 0.6, 'Runbooks for the first migrated services'),
    (1, '2026-11-13', 37, 0.7, 'Failover drill on the cloud VMs'),
    (4, '2026-11-13', 0, 0.8, 'Audit scheduled for December');

INSERT INTO okr.objective (title, owner, period) VALUES ('Run the migration project', 'PMO', '2026-Q4');
INSERT INTO okr.key_result (objective_id, title, measures, target, unit) VALUES
    (3, 'Project milestones delivered', 'output', '0 -> 5', 'milestones');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (5, '2026-10-20', 2);
UPDATE okr.objective SET state = 'closed' WHERE id = 3;
SET okr.tenant = 'other';
INSERT INTO okr.objective (title, period) VALUES ('Another tenant''s objective', '2026-H2');
INSERT INTO okr.key_result (objective_id, title, target) VALUES (4, 'Its key result', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, value, at) VALUES (6, 4, '2026-09-01');
RESET okr.tenant;
