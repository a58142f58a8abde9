-- BI views: okr.scorecard, okr.key_result_progress, okr.alignment_tree,
-- okr.check_in_history, okr.output_progress.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(40);

SET LOCAL okr.tenant = 'bi_views';
SET LOCAL TIME ZONE 'UTC';

-- The seed example of test/demo.sql (explicit ids, fixed creation times),
-- plus a second parent (5) of objective 2.
INSERT INTO okr.objective (id, title, owner, period, rollup, created_at) VALUES
    (1, 'Improve application uptime and minimise losses from downtime', 'CEO', '2026', 'children', '2026-09-15'),
    (2, 'Get off the legacy infrastructure platform', 'IT', '2026-Q4', 'key_results', '2026-09-15'),
    (3, 'Run the cloud migration project', 'PMO', '2026-Q4', 'both', '2026-11-01'),
    (5, 'Cut infrastructure cost', 'CFO', '2026', 'children', '2026-09-15');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (2, 5);
INSERT INTO okr.key_result (id, objective_id, title, measures, target, unit, source, created_at) VALUES
    (1, 2, 'Incident recovery time', 'outcome', '72 -> 2', 'hours', 'check_ins', '2026-09-15'),
    (2, 2, 'Cloud VMs installed', 'output', '0 -> 30', 'VMs', 'outputs', '2026-09-15'),
    (3, 2, 'Databases migrated to the cloud', 'output', '0 -> 50', 'databases', 'outputs', '2026-09-15'),
    (4, 2, 'Disaster-recovery audit passed', 'outcome', 'milestone', NULL, 'check_ins', '2026-09-15'),
    (5, 3, 'Project milestones delivered', 'output', '0 -> 5', 'milestones', 'check_ins', '2026-11-01'),
    (18, 3, 'Vendor contracts signed', 'output', '0 -> 5', 'contracts', 'outputs', '2026-11-01');
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

-- Pace fixtures whose expected progress does not depend on today's date:
-- 2020-Q1 is over (expected 1), 2099-Q1 has not begun (expected 0).
INSERT INTO okr.objective (id, title, period, rollup, created_at) VALUES
    (10, 'Past, nearly met', '2020-Q1', 'key_results', '2020-01-01'),
    (11, 'Past, behind', '2020-Q1', 'key_results', '2020-01-01'),
    (12, 'Past, far behind', '2020-Q1', 'key_results', '2020-01-01'),
    (13, 'Future', '2099-Q1', 'key_results', '2020-01-01'),
    (14, 'Nothing to average', '2020-Q1', 'children', '2020-01-01');
INSERT INTO okr.key_result (id, objective_id, title, target, created_at) VALUES
    (10, 10, 'a', '0 -> 10', '2020-01-01'), (11, 10, 'b', '0 -> 10', '2020-01-01'),
    (12, 11, 'c', '0 -> 10', '2020-01-01'), (13, 12, 'd', '0 -> 10', '2020-01-01'),
    (14, 13, 'no value yet', '0 -> 10', '2020-01-01'),
    (15, 13, 'two check-ins at one instant', '>= 10', '2020-01-01'),
    (16, 13, 'a band', '5 .. 8', '2020-01-01'),
    (17, 13, 'two check-ins', '0 -> 20', '2020-01-01');
-- check-ins dated in 2099 need the tenant to allow them (okr.check_in_max_future)
INSERT INTO okr.tenant_config (tenant, check_in_max_future) VALUES (okr.current_tenant(), '100 years');
INSERT INTO okr.check_in (key_result_id, at, value, confidence) VALUES
    (10, '2020-02-01', 10, NULL), (11, '2020-02-01', 9, NULL), (12, '2020-02-01', 8, NULL),
    (13, '2020-02-01', 5, NULL), (15, '2020-02-01', 3, NULL), (15, '2020-02-01', 4, 0.9),
    (17, '2099-01-10', 1, NULL), (17, '2099-01-20', 2, NULL);
SELECT okr.flush();

CREATE TEMP VIEW sc AS SELECT * FROM okr.scorecard WHERE tenant = 'bi_views';
CREATE TEMP VIEW kp AS SELECT * FROM okr.key_result_progress WHERE tenant = 'bi_views';
-- Share of 2026-Q4 elapsed now, computed independently of okr.elapsed.
CREATE TEMP VIEW q4 AS
SELECT greatest(0, least(1, extract(epoch FROM now() - timestamptz '2026-10-01')
                             / extract(epoch FROM interval '92 days')))::float8 AS expected;

-- ---------- okr.scorecard ----------
SELECT set_eq('SELECT objective_id FROM sc', ARRAY[1, 2, 3, 5, 10, 11, 12, 13, 14]::bigint[],
              'scorecard: one row per objective');
SELECT results_eq(
    $$SELECT objective_id, title, owner, period, period_start, period_end, key_results, parent_ids, child_ids
        FROM sc WHERE objective_id <= 5 ORDER BY objective_id$$,
    $$VALUES (1::bigint, 'Improve application uptime and minimise losses from downtime', 'CEO', '2026', date '2026-01-01', date '2026-12-31', 0::bigint, NULL, '2'),
             (2, 'Get off the legacy infrastructure platform', 'IT', '2026-Q4', '2026-10-01', '2026-12-31', 4, '1,5', NULL),
             (3, 'Run the cloud migration project', 'PMO', '2026-Q4', '2026-10-01', '2026-12-31', 2, NULL, NULL),
             (5, 'Cut infrastructure cost', 'CFO', '2026', '2026-01-01', '2026-12-31', 0, NULL, '2')$$,
    'scorecard: titles, period label and dates, key-result counts, parent and child ids as text');
SELECT results_eq(
    $$SELECT objective_id, round(score::numeric, 9) FROM sc WHERE objective_id <= 5 ORDER BY objective_id$$,
    $$VALUES (1::bigint, 0.325), (2, 0.325), (3, 0), (5, 0.325)$$,
    'scorecard: maintained scores of the seed ((0.5 + 0.4 + 0.4 + 0) / 4 = 0.325)');
SELECT ok((SELECT abs(s.expected - q4.expected) < 1e-6 FROM sc s, q4 WHERE s.objective_id = 2),
          'scorecard: expected is the share of 2026-Q4 elapsed now');
SELECT is((SELECT status FROM sc WHERE objective_id = 2),
          (SELECT okr.status(0.325, expected) FROM q4),
          'scorecard: status of the seed objective is okr.status(score, expected)');
SELECT results_eq(
    $$SELECT objective_id, round(score::numeric, 9), expected, status, grade
        FROM sc WHERE objective_id >= 10 ORDER BY objective_id$$,
    $$VALUES (10::bigint, 0.95, 1::float8, 'on_track', 'green'),
             (11, 0.8, 1, 'at_risk', 'green'),
             (12, 0.5, 1, 'off_track', 'yellow'),
             (13, 0.025, 0, 'on_track', 'red'),
             (14, NULL, 1, 'no_data', NULL)$$,
    'scorecard: pace of past and future periods; no score gives no_data and no grade');

SET LOCAL okr.at_risk_gap = 0.25;
SET LOCAL okr.off_track_gap = 0.6;
SET LOCAL okr.grade_green = 0.9;
SELECT results_eq(
    $$SELECT objective_id, status, grade FROM sc WHERE objective_id IN (10, 11, 12) ORDER BY objective_id$$,
    $$VALUES (10::bigint, 'on_track', 'green'), (11, 'on_track', 'yellow'), (12, 'at_risk', 'yellow')$$,
    'scorecard: status and grade follow okr.at_risk_gap, okr.off_track_gap, okr.grade_green');
RESET okr.at_risk_gap;
RESET okr.off_track_gap;
RESET okr.grade_green;

SELECT results_eq(
    $$SELECT state, final_grade, closed_at IS NULL FROM sc WHERE objective_id = 12$$,
    $$VALUES ('active', NULL::text, true)$$,
    'scorecard: no final grade while active');
UPDATE okr.objective SET state = 'closed' WHERE id = 12;
SELECT okr.flush();
SELECT results_eq(
    $$SELECT state, final_grade, closed_at BETWEEN now() AND clock_timestamp() FROM sc WHERE objective_id = 12$$,
    $$VALUES ('closed', 'yellow', true)$$,
    'scorecard: closing records the final grade and the time');

-- ---------- okr.key_result_progress ----------
SELECT set_eq('SELECT key_result_id FROM kp',
              ARRAY[1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18]::bigint[],
              'key_result_progress: one row per key result');
SELECT results_eq(
    $$SELECT key_result_id, objective_title, target, direction, baseline, goal, goal_low, goal_high, unit
        FROM kp WHERE key_result_id IN (1, 2, 4, 15, 16) ORDER BY key_result_id$$,
    $$VALUES (1::bigint, 'Get off the legacy infrastructure platform', '72 -> 2', 'decrease', 72::float8, 2::float8, NULL::float8, 2::float8, 'hours'),
             (2, 'Get off the legacy infrastructure platform', '0 -> 30', 'increase', 0, 30, 30, NULL, 'VMs'),
             (4, 'Get off the legacy infrastructure platform', 'milestone', 'milestone', 0, 1, 1, NULL, NULL),
             (15, 'Future', '>= 10', 'at_least', NULL, 10, 10, NULL, NULL),
             (16, 'Future', '5 .. 8', 'within', NULL, NULL, 5, 8, NULL)$$,
    'key_result_progress: targets as plain numbers');
SELECT results_eq(
    $$SELECT key_result_id, value, progress, score FROM kp WHERE key_result_id IN (1, 2, 3, 4, 5) ORDER BY key_result_id$$,
    $$VALUES (1::bigint, 37::float8, 0.5::float8, 0.5::float8), (2, 12, 0.4, 0.4), (3, 20, 0.4, 0.4),
             (4, 0, 0, 0), (5, NULL, NULL, 0)$$,
    'key_result_progress: value, uncapped progress and score');
SELECT results_eq(
    $$SELECT key_result_id, check_ins, last_check_in_at, last_confidence FROM kp
       WHERE key_result_id IN (1, 2, 4, 15) ORDER BY key_result_id$$,
    $$VALUES (1::bigint, 3::bigint, timestamptz '2026-11-13', 0.7::float8), (2, 0, NULL, NULL),
             (4, 1, '2026-11-13', 0.8), (15, 2, '2020-02-01', 0.9)$$,
    'key_result_progress: check-in count, latest check-in (by at, then id) and its confidence');
SELECT results_eq(
    $$SELECT key_result_id, expected, status FROM kp WHERE key_result_id IN (10, 12, 13, 14, 17) ORDER BY key_result_id$$,
    $$VALUES (10::bigint, 1::float8, 'on_track'), (12, 1, 'at_risk'), (13, 1, 'off_track'),
             (14, 0, 'no_data'), (17, 0, 'on_track')$$,
    'key_result_progress: status against the pace; no value gives no_data');
SELECT ok((SELECT k.status = okr.status(0.5, q4.expected) AND abs(k.expected - q4.expected) < 1e-6
             FROM kp k, q4 WHERE k.key_result_id = 1),
          'key_result_progress: expected and status of a seed key result');
-- Hand-computed least-squares lines.  Recovery time, days after 2026-10-02:
-- (0, 72), (21, 48), (42, 37): slope -735/882 = -5/6 per day, through
-- (21, 157/3); at 2027-01-01 (day 91): 157/3 - 70 * 5/6 = -6 hours, which
-- no recovery time can be: kept within 72 .. 2 (cap 1), so 2, score 1.
-- VMs: value i at day 4i after 2026-10-01: 92 / 4 = 23 at 2027-01-01.
-- Databases: value i at day 2i: 46.  Key result 17: 1 on 2099-01-10, 2 on
-- 2099-01-20, so 1 + 81 / 10 = 9.1 on 2099-04-01, score 9.1 / 20 = 0.455.
SELECT results_eq(
    $$SELECT key_result_id, round(forecast_value::numeric, 9), round(forecast_score::numeric, 9)
        FROM kp WHERE key_result_id IN (1, 2, 3, 4, 5, 15, 17, 18) ORDER BY key_result_id$$,
    $$VALUES (1::bigint, 2::numeric, 1::numeric), (2, 23, 0.766666667), (3, 46, 0.92),
             (4, NULL, NULL), (5, NULL, NULL), (15, NULL, NULL), (17, 9.1, 0.455), (18, NULL, NULL)$$,
    'key_result_progress: forecast from the trend, kept between a and a + cap * (b - a); NULL with fewer than 2 measurements at distinct times');

-- ---------- okr.alignment_tree ----------
SELECT results_eq(
    $$SELECT path FROM okr.alignment_tree WHERE tenant = 'bi_views' ORDER BY path_sort$$,
    ARRAY['1', '1 > 2', '3', '5', '5 > 2', '10', '11', '12', '13', '14'],
    'alignment_tree: one row per path; path_sort lists the tree depth-first in numeric order');
SELECT results_eq(
    $$SELECT objective_id, depth, root_id, parent_id, weight, title_path, is_leaf
        FROM okr.alignment_tree WHERE tenant = 'bi_views' AND root_id IN (1, 5) ORDER BY path_sort$$,
    $$VALUES (1::bigint, 0, 1::bigint, NULL::bigint, NULL::float8, 'Improve application uptime and minimise losses from downtime', false),
             (2, 1, 1, 1, 1, 'Improve application uptime and minimise losses from downtime > Get off the legacy infrastructure platform', true),
             (5, 0, 5, NULL, NULL, 'Cut infrastructure cost', false),
             (2, 1, 5, 5, 1, 'Cut infrastructure cost > Get off the legacy infrastructure platform', true)$$,
    'alignment_tree: an objective with two parents appears once per path, with depth, root, parent, weight and title path');
INSERT INTO okr.objective (id, title, period, created_at) VALUES (6, 'Automate failover', '2026-Q4', '2026-09-15');
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES (6, 2, 3);
SELECT results_eq(
    $$SELECT path, depth, root_id, parent_id, weight FROM okr.alignment_tree
       WHERE tenant = 'bi_views' AND objective_id = 6 ORDER BY path_sort$$,
    $$VALUES ('1 > 2 > 6', 2, 1::bigint, 2::bigint, 3::float8), ('5 > 2 > 6', 2, 5, 2, 3)$$,
    'alignment_tree: a grandchild under a two-parent objective has one path per root');
SELECT is((SELECT bool_and(NOT is_leaf) FROM okr.alignment_tree WHERE tenant = 'bi_views' AND objective_id = 2),
          true, 'alignment_tree: is_leaf turns false once an objective is aligned under it');

-- ---------- okr.check_in_history ----------
SELECT is((SELECT count(*) FROM okr.check_in_history WHERE tenant = 'bi_views'), 12::bigint,
          'check_in_history: one row per check-in');
SELECT results_eq(
    $$SELECT at, value, change, confidence, round(score::numeric, 9), round(expected::numeric, 9), status, is_latest
        FROM okr.check_in_history WHERE tenant = 'bi_views' AND key_result_id = 1 ORDER BY at$$,
    $$VALUES (timestamptz '2026-10-02', 72::float8, NULL::float8, 0.5::float8, 0::numeric, round(1 / 92.0, 9), 'on_track', false),
             ('2026-10-23', 48, -24, 0.6, 0.342857143, round(22 / 92.0, 9), 'on_track', false),
             ('2026-11-13', 37, -11, 0.7, 0.5, round(43 / 92.0, 9), 'on_track', true)$$,
    'check_in_history: value, change, score of each value and pace at that moment');
SELECT results_eq(
    $$SELECT value, is_latest FROM okr.check_in_history WHERE tenant = 'bi_views' AND key_result_id = 15 ORDER BY check_in_id$$,
    $$VALUES (3::float8, false), (4, true)$$,
    'check_in_history: of two check-ins at one instant the later id is the latest, as in the rollup');
SELECT results_eq(
    $$SELECT key_result_title, objective_id, unit, progress FROM okr.check_in_history
       WHERE tenant = 'bi_views' AND key_result_id = 4$$,
    $$VALUES ('Disaster-recovery audit passed', 2::bigint, NULL::text, 0::float8)$$,
    'check_in_history: key result title, objective and unit');

-- ---------- okr.output_progress ----------
SELECT set_eq($$SELECT key_result_id FROM okr.output_progress WHERE tenant = 'bi_views'$$,
              ARRAY[2, 3, 18]::bigint[],
              'output_progress: key results fed by outputs, with or without outputs');
SELECT results_eq(
    $$SELECT key_result_id, planned, in_progress, done, dropped, planned_amount, in_progress_amount,
             done_amount, dropped_amount, done_share, last_done_at
        FROM okr.output_progress WHERE tenant = 'bi_views' ORDER BY key_result_id$$,
    $$VALUES (2::bigint, 18::bigint, 0::bigint, 12::bigint, 0::bigint, 18::float8, 0::float8, 12::float8, 0::float8, 0.4::float8, timestamptz '2026-11-18'),
             (3, 30, 0, 20, 0, 30, 0, 20, 0, 0.4, '2026-11-10'),
             (18, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL)$$,
    'output_progress: counts and amounts per status, done share, last done');
UPDATE okr.output SET status = 'dropped' WHERE key_result_id = 2 AND title = 'VM 30';
UPDATE okr.output SET status = 'in_progress', amount = 2 WHERE key_result_id = 2 AND title = 'VM 29';
UPDATE okr.output SET amount = 3 WHERE key_result_id = 2 AND title = 'VM 1';
INSERT INTO okr.output (key_result_id, title, status) VALUES (1, 'Runbook', 'in_progress');
SELECT results_eq(
    $$SELECT key_result_id, source, planned, in_progress, done, dropped, planned_amount, in_progress_amount,
             done_amount, dropped_amount, round(done_share::numeric, 9)
        FROM okr.output_progress WHERE tenant = 'bi_views' AND key_result_id IN (1, 2) ORDER BY key_result_id$$,
    $$VALUES (1::bigint, 'check_ins', 0::bigint, 1::bigint, 0::bigint, 0::bigint, 0::float8, 1::float8, 0::float8, 0::float8, 0::numeric),
             (2, 'outputs', 16, 1, 12, 1, 16, 2, 14, 1, round(12 / 29.0, 9))$$,
    'output_progress: dropped outputs are left out of the done share; a key result fed by check-ins appears once it has outputs');
SELECT okr.flush();
SELECT is((SELECT value FROM kp WHERE key_result_id = 2), 14::float8,
          'output_progress: done_amount is what the value of an output-fed key result adds to its baseline');

-- ---------- every view: standard types, comments ----------
SELECT is_empty(
    $$SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = 'okr'::regnamespace
         AND c.relname IN ('scorecard', 'key_result_progress', 'alignment_tree', 'check_in_history', 'output_progress')
         AND a.attnum > 0
         AND a.atttypid NOT IN ('text'::regtype, 'bigint'::regtype, 'integer'::regtype, 'double precision'::regtype,
                                'numeric'::regtype, 'boolean'::regtype, 'date'::regtype, 'timestamptz'::regtype)$$,
    'views: every column has a standard SQL type');
SELECT is_empty(
    $$SELECT c.relname || '.' || coalesce(a.attname, '')
        FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
       WHERE c.relnamespace = 'okr'::regnamespace
         AND c.relname IN ('scorecard', 'key_result_progress', 'alignment_tree', 'check_in_history', 'output_progress')
         AND (obj_description(c.oid, 'pg_class') IS NULL OR col_description(c.oid, a.attnum) IS NULL)$$,
    'views: every view and column has a comment');

-- ---------- security_invoker: the querying user's privileges apply ----------
CREATE ROLE okr_bi_views_reader NOLOGIN;
GRANT USAGE ON SCHEMA okr TO okr_bi_views_reader;
GRANT SELECT ON okr.scorecard, okr.key_result_progress, okr.alignment_tree,
                okr.check_in_history, okr.output_progress TO okr_bi_views_reader;
SET LOCAL ROLE okr_bi_views_reader;
DO $$
DECLARE
    v text;
    denied text := '';
BEGIN
    FOREACH v IN ARRAY ARRAY['scorecard', 'key_result_progress', 'alignment_tree', 'check_in_history', 'output_progress'] LOOP
        BEGIN
            EXECUTE format('SELECT count(*) FROM okr.%I', v);
        EXCEPTION WHEN insufficient_privilege THEN
            denied := denied || v || ' ';
        END;
    END LOOP;
    PERFORM set_config('okr_test.denied', denied, true);
END $$;
RESET ROLE;
SELECT is(current_setting('okr_test.denied'),
          'scorecard key_result_progress alignment_tree check_in_history output_progress ',
          'views are security_invoker: SELECT on a view without SELECT on its tables is refused');

-- ---------- the views read maintained values: they agree with okr.verify ----------
SELECT is_empty('SELECT * FROM okr.verify()', 'the maintained values the views show are consistent');

-- ---------- views are usable whatever the search_path ----------
SET LOCAL search_path = pg_catalog;
CREATE TEMP TABLE with_catalog_path AS
SELECT (SELECT count(*) FROM okr.scorecard WHERE tenant = 'bi_views') AS scorecard,
       (SELECT count(*) FROM okr.key_result_progress WHERE tenant = 'bi_views') AS key_results,
       (SELECT count(*) FROM okr.alignment_tree WHERE tenant = 'bi_views') AS paths;
RESET search_path;
SELECT results_eq('SELECT scorecard, key_results, paths FROM with_catalog_path',
                  $$VALUES (10::bigint, 14::bigint, 12::bigint)$$,
                  'views work with search_path = pg_catalog');

-- ---------- tenants are kept apart ----------
INSERT INTO okr.objective (tenant, id, title, period) VALUES ('bi_other', 1, 'Another tenant', '2026');
INSERT INTO okr.key_result (tenant, id, objective_id, title, target) VALUES ('bi_other', 1, 1, 'x', '0 -> 1');
SELECT okr.flush();
SELECT results_eq(
    $$SELECT key_results, parent_ids, child_ids FROM okr.scorecard WHERE tenant = 'bi_other'$$,
    $$VALUES (1::bigint, NULL::text, NULL::text)$$,
    'scorecard: counts and ids stay within the tenant');
SELECT is((SELECT count(*) FROM okr.alignment_tree WHERE tenant = 'bi_other'), 1::bigint,
          'alignment_tree: paths stay within the tenant');
SELECT is((SELECT key_results FROM okr.scorecard WHERE tenant = 'bi_views' AND objective_id = 1), 0::bigint,
          'scorecard: another tenant''s key result of objective 1 is not counted');

-- ---------- check_in_history follows edits ----------
UPDATE okr.check_in SET at = '2026-11-20' WHERE key_result_id = 1 AND value = 48;
SELECT results_eq(
    $$SELECT value, change, is_latest FROM okr.check_in_history
       WHERE tenant = 'bi_views' AND key_result_id = 1 ORDER BY at$$,
    $$VALUES (72::float8, NULL::float8, false), (37, -35, false), (48, 11, true)$$,
    'check_in_history: changes and latest follow the order of at');
SELECT okr.flush();
SELECT is((SELECT value FROM kp WHERE key_result_id = 1), 48::float8,
          'key_result_progress: value follows the latest check-in');

-- ---------- scorecard of a draft, and closed objectives keep their score ----------
INSERT INTO okr.objective (id, title, period, state, created_at) VALUES (20, 'Draft', '2020-Q1', 'draft', '2020-01-01');
INSERT INTO okr.key_result (id, objective_id, title, target, created_at) VALUES (20, 20, 'x', '0 -> 10', '2020-01-01');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (20, '2020-02-01', 10);
SELECT okr.flush();
SELECT results_eq(
    $$SELECT state, score, status, grade, final_grade FROM sc WHERE objective_id = 20$$,
    $$VALUES ('draft', 1::float8, 'on_track', 'green', NULL::text)$$,
    'scorecard: a draft objective is scored like any other');
-- A closed objective keeps its score while an aligned objective moves on.
INSERT INTO okr.objective (id, title, period, rollup, created_at) VALUES (21, 'Parent of 10', '2020', 'children', '2020-01-01');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (10, 21);
SELECT okr.flush();
UPDATE okr.objective SET state = 'closed' WHERE id = 21;
SELECT okr.flush();
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2020-03-01', 10);
SELECT okr.flush();
SELECT results_eq(
    $$SELECT objective_id, round(score::numeric, 9), state, final_grade FROM sc WHERE objective_id IN (10, 21) ORDER BY 1$$,
    $$VALUES (10::bigint, 1::numeric, 'active', NULL::text), (21, 0.95, 'closed', 'green')$$,
    'scorecard: a closed objective keeps its frozen score and final grade');
SELECT * FROM finish();
ROLLBACK;
