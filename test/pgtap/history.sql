-- Time travel (okr.scores_at, okr.scorecard_at), series (okr.score_series)
-- and explanations (okr.explain), against hand-computed values.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(66);

SET LOCAL TIME ZONE 'UTC';

-- ---------- the seed example of test/demo.sql, tenant bi_hist ----------
SET LOCAL okr.tenant = 'bi_hist';
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

-- ---------- an alignment DAG, tenant bi_dag, all in period 2026 ----------
--   O10 (both):        KR101 w1, children O11 w2, O12 w1, O13 w1, O18 w1
--   O11 (key_results): KR111 w3, KR112 w1; child O16 ignored
--   O12 (children):    O13 w1, O14 w1, O17 w2  (O13 has two parents)
--   O13 (key_results): KR131;  O14 (children): nothing, score NULL
--   O17 (key_results): KR171;  O18 created 2026-08-15: KR181
INSERT INTO okr.objective (tenant, id, title, period, rollup, created_at) VALUES
    ('bi_dag', 10, 'O10', '2026', 'both', '2026-01-01'),
    ('bi_dag', 11, 'O11', '2026', 'key_results', '2026-01-01'),
    ('bi_dag', 12, 'O12', '2026', 'children', '2026-01-01'),
    ('bi_dag', 13, 'O13', '2026', 'key_results', '2026-01-01'),
    ('bi_dag', 14, 'O14', '2026', 'children', '2026-01-01'),
    ('bi_dag', 16, 'O16', '2026', 'key_results', '2026-01-01'),
    ('bi_dag', 17, 'O17', '2026', 'key_results', '2026-01-01'),
    ('bi_dag', 18, 'O18', '2026', 'key_results', '2026-08-15');
INSERT INTO okr.alignment (tenant, child_id, parent_id, weight) VALUES
    ('bi_dag', 11, 10, 2), ('bi_dag', 12, 10, 1), ('bi_dag', 13, 10, 1), ('bi_dag', 18, 10, 1),
    ('bi_dag', 16, 11, 1),
    ('bi_dag', 13, 12, 1), ('bi_dag', 14, 12, 1), ('bi_dag', 17, 12, 2);
INSERT INTO okr.key_result (tenant, id, objective_id, title, target, weight, created_at) VALUES
    ('bi_dag', 101, 10, 'KR101', '0 -> 10', 1, '2026-01-01'),
    ('bi_dag', 111, 11, 'KR111', '0 -> 4', 3, '2026-01-01'),
    ('bi_dag', 112, 11, 'KR112', '0 -> 4', 1, '2026-01-01'),
    ('bi_dag', 131, 13, 'KR131', '0 -> 10', 1, '2026-01-01'),
    ('bi_dag', 161, 16, 'KR161', '0 -> 1', 1, '2026-01-01'),
    ('bi_dag', 171, 17, 'KR171', '0 -> 10', 1, '2026-01-01'),
    ('bi_dag', 181, 18, 'KR181', '0 -> 10', 1, '2026-08-15');
INSERT INTO okr.check_in (tenant, key_result_id, at, value) VALUES
    ('bi_dag', 101, '2026-06-01', 5), ('bi_dag', 111, '2026-06-01', 4), ('bi_dag', 112, '2026-06-01', 0),
    ('bi_dag', 131, '2026-06-01', 2), ('bi_dag', 161, '2026-06-01', 1),
    ('bi_dag', 171, '2026-06-01', 5), ('bi_dag', 171, '2026-08-01', 10),
    ('bi_dag', 181, '2026-08-20', 10);
SELECT okr.flush();
-- O12 is closed now (frozen at (0.2 + 2 * 1) / 3 = 11/15); afterwards a
-- check-in dated 2026-09-01 moves O13 to 0.8, which O12 no longer follows.
UPDATE okr.objective SET state = 'closed' WHERE tenant = 'bi_dag' AND id = 12;
SELECT okr.flush();
INSERT INTO okr.check_in (tenant, key_result_id, at, value) VALUES ('bi_dag', 131, '2026-09-01', 8);
SELECT okr.flush();

-- ---------- okr.scores_at: the seed at 2026-10-24 ----------
-- Recovery time: latest check-in by then is 48 (2026-10-23): (72 - 48) / 70 = 12/35.
-- VMs done at 2026-10-01 + 4i days: i = 1..5 by 2026-10-24, 5/30.
-- Databases done at 2026-10-01 + 2i days: i = 1..11, 11/50.
-- Audit: first check-in on 2026-11-13, so no value, score 0.
-- Objective 2: (12/35 + 1/6 + 11/50 + 0) / 4 = 383/2100; objective 1 = objective 2.
-- Objective 3 and key result 5 were entered on 2026-11-01 but count in the
-- past too (back-filled history): no check-in by then, score 0.
SELECT results_eq(
    $$SELECT kind, id, value, round(score::numeric, 12) FROM okr.scores_at('2026-10-24', 'bi_hist') ORDER BY kind, id$$,
    $$VALUES ('key_result', 1::bigint, 48::float8, round(12 / 35.0, 12)),
             ('key_result', 2, 5, round(1 / 6.0, 12)),
             ('key_result', 3, 11, 0.22),
             ('key_result', 4, NULL, 0),
             ('key_result', 5, NULL, 0),
             ('objective', 1, NULL, round(383 / 2100.0, 12)),
             ('objective', 2, NULL, round(383 / 2100.0, 12)),
             ('objective', 3, NULL, 0)$$,
    'scores_at: the seed at 2026-10-24, by hand (objective 3, entered later, counts)');
SELECT is((SELECT score FROM okr.scores_at('2026-10-24', 'bi_hist') WHERE kind = 'key_result' AND id = 1),
          (72 - 48) / 70.0::float8, 'scores_at: the recovery-time score is (72 - 48) / 70');
SELECT results_eq(
    $$SELECT kind, id, value, score FROM okr.scores_at('2026-09-14', 'bi_hist') ORDER BY kind, id$$,
    $$VALUES ('key_result', 1::bigint, NULL::float8, 0::float8), ('key_result', 2, 0, 0), ('key_result', 3, 0, 0),
             ('key_result', 4, NULL, 0), ('key_result', 5, NULL, 0),
             ('objective', 1, NULL, 0), ('objective', 2, NULL, 0), ('objective', 3, NULL, 0)$$,
    'scores_at: back-filled history, every object counts before its created_at too');
SELECT results_eq(
    $$SELECT kind, id, value, score FROM okr.scores_at('2026-09-20', 'bi_hist') ORDER BY kind, id$$,
    $$VALUES ('key_result', 1::bigint, NULL::float8, 0::float8), ('key_result', 2, 0, 0), ('key_result', 3, 0, 0),
             ('key_result', 4, NULL, 0), ('key_result', 5, NULL, 0),
             ('objective', 1, NULL, 0), ('objective', 2, NULL, 0), ('objective', 3, NULL, 0)$$,
    'scores_at: before any check-in or done output, output-fed key results are at their baseline, others have no value');
SELECT results_eq(
    $$SELECT kind, id, value, round(score::numeric, 12) FROM okr.scores_at('2026-11-15', 'bi_hist') ORDER BY kind, id$$,
    $$VALUES ('key_result', 1::bigint, 37::float8, 0.5),
             ('key_result', 2, 11, round(11 / 30.0, 12)),
             ('key_result', 3, 20, 0.4),
             ('key_result', 4, 0, 0),
             ('key_result', 5, NULL, 0),
             ('objective', 1, NULL, round(19 / 60.0, 12)),
             ('objective', 2, NULL, round(19 / 60.0, 12)),
             ('objective', 3, NULL, 0)$$,
    'scores_at: the seed at 2026-11-15 ((0.5 + 11/30 + 0.4 + 0) / 4 = 19/60), objective 3 now exists');

-- ---------- okr.scores_at: the DAG ----------
SELECT results_eq(
    $$SELECT id, round(score::numeric, 12) FROM okr.scores_at('2026-07-01', 'bi_dag') WHERE kind = 'objective' ORDER BY id$$,
    $$VALUES (10::bigint, round(2.6 / 6, 12)), (11, 0.75), (12, 0.4), (13, 0.2), (14, NULL), (16, 1), (17, 0.5), (18, 0)$$,
    'scores_at 2026-07-01: weights of key results and edges, rollup modes, NULL child left out, O18 (entered 2026-08-15) at 0 (O10 = (0.5 + 2 * 0.75 + 0.4 + 0.2 + 0) / 6)');
SELECT results_eq(
    $$SELECT id, round(score::numeric, 12) FROM okr.scores_at('2026-10-01', 'bi_dag') WHERE kind = 'objective' ORDER BY id$$,
    $$VALUES (10::bigint, round(71 / 90.0, 12)), (11, 0.75), (12, round(14 / 15.0, 12)), (13, 0.8), (14, NULL),
             (16, 1), (17, 1), (18, 1)$$,
    'scores_at 2026-10-01: O12 was not closed yet, so it follows O13 (O10 = (0.5 + 1.5 + 14/15 + 0.8 + 1) / 6)');
SELECT results_eq(
    $$SELECT id, round(score::numeric, 12) FROM okr.scores_at(clock_timestamp(), 'bi_dag') WHERE kind = 'objective' ORDER BY id$$,
    $$VALUES (10::bigint, round(34 / 45.0, 12)), (11, 0.75), (12, round(11 / 15.0, 12)), (13, 0.8), (14, NULL),
             (16, 1), (17, 1), (18, 1)$$,
    'scores_at now (the clock: O12 was closed after the transaction began): O12 closed keeps its frozen 11/15 (O10 = (0.5 + 1.5 + 11/15 + 0.8 + 1) / 6)');
SELECT results_eq(
    $$SELECT id, score FROM okr.scores_at('2026-05-01', 'bi_dag') WHERE kind = 'objective' ORDER BY id$$,
    $$VALUES (10::bigint, 0::float8), (11, 0), (12, 0), (13, 0), (14, NULL), (16, 0), (17, 0), (18, 0)$$,
    'scores_at before any check-in: key results score 0, objectives average them');
SELECT is_empty(
    $$SELECT * FROM (SELECT * FROM okr.scores_at(clock_timestamp()) WHERE tenant IN ('bi_hist', 'bi_dag')) s
        FULL JOIN (SELECT tenant, 'objective' AS kind, id, NULL::float8 AS value, score FROM okr.objective
                    WHERE tenant IN ('bi_hist', 'bi_dag')
                   UNION ALL SELECT tenant, 'key_result', id, value, score FROM okr.key_result
                    WHERE tenant IN ('bi_hist', 'bi_dag')) m
          USING (tenant, kind, id)
       WHERE s.tenant IS NULL OR m.tenant IS NULL
          OR NOT okr.same_score(s.score, m.score) OR NOT okr.same_score(s.value, m.value)$$,
    'scores_at(clock_timestamp()) agrees with every value and score the rollup maintains');
SELECT set_eq(
    $$SELECT kind || id FROM okr.scores_at(now(), 'bi_dag', 12)$$,
    ARRAY['objective12', 'objective13', 'objective14', 'objective17', 'key_result131', 'key_result171'],
    'scores_at with root: only that objective and those aligned under it');
SELECT is((SELECT count(*) FROM okr.scores_at(now(), 'bi_dag')), 15::bigint,
          'scores_at with a tenant: only that tenant');

-- ---------- okr.scorecard_at ----------
CREATE TEMP VIEW sca AS
SELECT 'oct24' AS at, * FROM okr.scorecard_at('2026-10-24') WHERE tenant = 'bi_hist'
UNION ALL
SELECT 'nov15', * FROM okr.scorecard_at('2026-11-15') WHERE tenant = 'bi_hist';
-- Expected: 2026-Q4 at 2026-10-24 is 23/92 = 0.25, at 2026-11-15 45/92;
-- objective 1 (2026) averages only its Q4 child 2, so its pace is Q4's
-- (57-pace.sql), not the year's 296/365 and 318/365, which called it off
-- track while its child was on track.
SELECT results_eq(
    $$SELECT at, objective_id, round(score::numeric, 12), round(expected::numeric, 12), status, grade, key_results, parent_ids, child_ids
        FROM sca ORDER BY at DESC, objective_id$$,
    $$VALUES ('oct24', 1::bigint, round(383 / 2100.0, 12), 0.25, 'on_track', 'red', 0::bigint, NULL, '2'),
             ('oct24', 2, round(383 / 2100.0, 12), 0.25, 'on_track', 'red', 4, '1', NULL),
             ('oct24', 3, 0, 0.25, 'at_risk', 'red', 1, NULL, NULL),
             ('nov15', 1, round(19 / 60.0, 12), round(45 / 92.0, 12), 'at_risk', 'red', 0, NULL, '2'),
             ('nov15', 2, round(19 / 60.0, 12), round(45 / 92.0, 12), 'at_risk', 'red', 4, '1', NULL),
             ('nov15', 3, 0, round(45 / 92.0, 12), 'off_track', 'red', 1, NULL, NULL)$$,
    'scorecard_at: scores, pace, status, grade and structure as they stood');
SELECT results_eq(
    $$SELECT title, owner, commitment, state, rollup, period, period_start, period_end, final_grade, closed_at, created_at
        FROM okr.scorecard_at('2026-10-24') WHERE tenant = 'bi_hist' AND objective_id = 2$$,
    $$VALUES ('Get off the legacy infrastructure platform', 'IT', 'committed', 'active', 'key_results', '2026-Q4',
              date '2026-10-01', date '2026-12-31', NULL::text, NULL::timestamptz, timestamptz '2026-09-15')$$,
    'scorecard_at: descriptive columns');
SELECT results_eq(
    $$SELECT state, final_grade, closed_at, round(score::numeric, 12) FROM okr.scorecard_at('2026-10-01')
       WHERE tenant = 'bi_dag' AND objective_id = 12$$,
    $$VALUES ('active', NULL::text, NULL::timestamptz, round(14 / 15.0, 12))$$,
    'scorecard_at: an objective closed later shows as active, without final grade, with its score of then');
SELECT results_eq(
    $$SELECT state, final_grade, closed_at BETWEEN now() AND clock_timestamp(), round(score::numeric, 12)
        FROM okr.scorecard_at(clock_timestamp()) WHERE tenant = 'bi_dag' AND objective_id = 12$$,
    $$VALUES ('closed', 'green', true, round(11 / 15.0, 12))$$,
    'scorecard_at: once closed, its frozen score and final grade');
SELECT results_eq(
    $$SELECT objective_id, score, status, grade FROM okr.scorecard_at('2026-09-20') WHERE tenant = 'bi_hist' ORDER BY 1$$,
    $$VALUES (1::bigint, 0::float8, 'on_track', 'red'), (2, 0, 'on_track', 'red'), (3, 0, 'on_track', 'red')$$,
    'scorecard_at: before the quarter starts nothing is expected of it yet, nor of the year over it');
SELECT results_eq(
    $$SELECT status, grade FROM okr.scorecard_at('2026-07-01') WHERE tenant = 'bi_dag' AND objective_id = 14$$,
    $$VALUES ('no_data', NULL::text)$$,
    'scorecard_at: no score gives no_data');
SELECT is_empty(
    $$SELECT objective_id, a.score, s.score FROM okr.scorecard_at(clock_timestamp()) a JOIN okr.scorecard s USING (tenant, objective_id)
       WHERE tenant IN ('bi_hist', 'bi_dag')
         AND (NOT okr.same_score(a.score, s.score) OR a.status <> s.status OR a.grade IS DISTINCT FROM s.grade
              OR a.key_results <> s.key_results OR a.parent_ids IS DISTINCT FROM s.parent_ids
              OR a.child_ids IS DISTINCT FROM s.child_ids OR a.state <> s.state
              OR a.final_grade IS DISTINCT FROM s.final_grade)$$,
    'scorecard_at(clock_timestamp()) agrees with okr.scorecard');
SELECT is(
    (SELECT string_agg(DISTINCT c.format, ',' ORDER BY c.format) FROM (
        SELECT format_type(t, NULL) AS format
          FROM unnest((SELECT proallargtypes FROM pg_proc WHERE oid = 'okr.scorecard_at'::regproc)) t) c),
    'bigint,date,double precision,text,timestamp with time zone',
    'scorecard_at: standard column types only');

-- ---------- okr.score_series ----------
-- Weekly from 2026-10-03: recovery time 72, 72, 72, 48, 48; VMs done 0, 2,
-- 4, 5, 7 (done at 2026-10-01 + 4i days).
SELECT results_eq(
    $$SELECT id, array_agg(value ORDER BY at) FROM okr.score_series(2, '2026-10-03', '2026-10-31', '1 week', 'bi_hist')
       WHERE kind = 'key_result' AND id IN (1, 2) GROUP BY id ORDER BY id$$,
    $$VALUES (1::bigint, ARRAY[72, 72, 72, 48, 48]::float8[]), (2, ARRAY[0, 2, 4, 5, 7]::float8[])$$,
    'score_series: key-result values over time');
SELECT is((SELECT count(*) FROM okr.score_series(2, '2026-10-03', '2026-10-31', '1 week', 'bi_hist')), 25::bigint,
          'score_series: one row for the objective and each of its 4 key results per instant');
SELECT results_eq(
    $$SELECT at, kind, id, title, round(score::numeric, 12), expected, status
        FROM okr.score_series(2, '2026-10-24', '2026-10-24', '1 day', 'bi_hist') ORDER BY kind DESC, id$$,
    $$VALUES (timestamptz '2026-10-24', 'objective', 2::bigint, 'Get off the legacy infrastructure platform', round(383 / 2100.0, 12), 0.25::float8, 'on_track'),
             ('2026-10-24', 'key_result', 1, 'Incident recovery time', round(12 / 35.0, 12), 0.25, 'on_track'),
             ('2026-10-24', 'key_result', 2, 'Cloud VMs installed', round(1 / 6.0, 12), 0.25, 'on_track'),
             ('2026-10-24', 'key_result', 3, 'Databases migrated to the cloud', 0.22, 0.25, 'on_track'),
             ('2026-10-24', 'key_result', 4, 'Disaster-recovery audit passed', 0, 0.25, 'no_data')$$,
    'score_series: one instant, objective first, with title, expected and status');
SELECT is_empty(
    $$SELECT * FROM okr.score_series(10, '2026-05-01', '2026-10-01', '1 month', 'bi_dag') s
        JOIN LATERAL okr.scorecard_at(s.at) a ON a.tenant = 'bi_dag' AND a.objective_id = s.id
       WHERE s.kind = 'objective'
         AND (NOT okr.same_score(s.score, a.score) OR s.expected <> a.expected OR s.status <> a.status)$$,
    'score_series: objective rows agree with scorecard_at at each instant');
SELECT is_empty(
    $$SELECT * FROM okr.score_series(2, '2026-10-01', '2026-12-31', '1 week', 'bi_hist') s
        JOIN LATERAL okr.scorecard_at(s.at, 'bi_hist') a ON a.objective_id = s.id
       WHERE s.kind = 'objective' AND NOT okr.same_score(s.score, a.score)$$,
    'score_series: so do they for key results fed by outputs and by check-ins, week by week');
SELECT results_eq(
    $$SELECT round(score::numeric, 12) FROM okr.score_series(10, '2026-05-01', '2026-10-01', '1 month', 'bi_dag')
       WHERE kind = 'objective' ORDER BY at$$,
    $$VALUES (0::numeric), (round(13 / 30.0, 12)), (round(13 / 30.0, 12)), (round(22 / 45.0, 12)),
             (round(71 / 90.0, 12)), (round(71 / 90.0, 12))$$,
    'score_series: the DAG root month by month (check-ins of 2026-06-01 count from then: (0.5 + 1.5 + 0.4 + 0.2 + 0) / 6; O17 reaches 1 on 2026-08-01: (2.2 + 11/15) / 6; O18 and O13 move on 2026-08-20 and 2026-09-01)');
SET LOCAL okr.tenant = 'bi_dag';
SELECT results_eq(
    $$SELECT at, kind, id, score FROM okr.score_series(10, '2026-07-01', '2026-07-01', '1 day')$$,
    $$SELECT at, kind, id, score FROM okr.score_series(10, '2026-07-01', '2026-07-01', '1 day', 'bi_dag')$$,
    'score_series: tenant defaults to okr.tenant');
SELECT is((SELECT count(*) FROM okr.score_series(10, '2026-07-01', '2026-07-01', '1 day', 'bi_hist')), 0::bigint,
          'score_series: another tenant''s objective is not found');

-- ---------- okr.explain ----------
CREATE TEMP TABLE ex_now AS SELECT * FROM okr.explain(10);
CREATE TEMP TABLE ex_oct AS SELECT * FROM okr.explain(10, '2026-10-01');
CREATE TEMP TABLE ex_seed AS SELECT * FROM okr.explain(1, '2026-10-24', 'bi_hist');
SELECT results_eq(
    $$SELECT depth, path, kind, id, title, weight, round(score::numeric, 12), round(share_of_parent::numeric, 12),
             round(contribution::numeric, 12), value
        FROM ex_now ORDER BY path$$,
    $$VALUES (0, 'O10', 'objective', 10::bigint, 'O10', NULL::float8, round(34 / 45.0, 12), 1::numeric, round(34 / 45.0, 12), NULL::float8),
             (1, 'O10 > KR101', 'key_result', 101, 'KR101', 1, 0.5, round(1 / 6.0, 12), round(0.5 / 6, 12), 5),
             (1, 'O10 > O11', 'objective', 11, 'O11', 2, 0.75, round(2 / 6.0, 12), 0.25, NULL),
             (2, 'O10 > O11 > KR111', 'key_result', 111, 'KR111', 3, 1, 0.75, 0.75, 4),
             (2, 'O10 > O11 > KR112', 'key_result', 112, 'KR112', 1, 0, 0.25, 0, 0),
             (1, 'O10 > O12', 'objective', 12, 'O12', 1, round(11 / 15.0, 12), round(1 / 6.0, 12), round(11 / 90.0, 12), NULL),
             (1, 'O10 > O13', 'objective', 13, 'O13', 1, 0.8, round(1 / 6.0, 12), round(0.8 / 6, 12), NULL),
             (2, 'O10 > O13 > KR131', 'key_result', 131, 'KR131', 1, 0.8, 1, 0.8, 8),
             (1, 'O10 > O18', 'objective', 18, 'O18', 1, 1, round(1 / 6.0, 12), round(1 / 6.0, 12), NULL),
             (2, 'O10 > O18 > KR181', 'key_result', 181, 'KR181', 1, 1, 1, 1, 10)$$,
    'explain: every input down the tree with weight, score, share and contribution; O11''s aligned O16 is ignored (rollup key_results); closed O12 is a leaf');
SELECT is((SELECT sum(contribution) FROM ex_now WHERE depth = 1)::numeric(20, 12),
          (34 / 45.0)::numeric(20, 12), 'explain: the contributions of the root''s inputs add up to its score');
SELECT results_eq(
    $$SELECT path, weight, score, round(share_of_parent::numeric, 12), round(contribution::numeric, 12)
        FROM ex_oct WHERE path LIKE 'O10 > O12 > %' AND depth = 2 ORDER BY path$$,
    $$VALUES ('O10 > O12 > O13', 1::float8, 0.8::float8, round(1 / 3.0, 12), round(0.8 / 3, 12)),
             ('O10 > O12 > O14', 1, NULL, 0, 0),
             ('O10 > O12 > O17', 2, 1, round(2 / 3.0, 12), round(2 / 3.0, 12))$$,
    'explain at 2026-10-01: O12 was open; an input without score has share 0 and the others share its weight');
SELECT is(
    (SELECT count(*) FROM ex_now) || ',' || (SELECT count(*) FROM ex_oct) || ',' || (SELECT count(*) FROM ex_seed),
    '10,15,6', 'explain: row counts (O13 appears under each of its parents)');
-- For every objective row, its inputs (the rows one level below on its
-- path) contribute exactly its score.
CREATE TEMP TABLE ex_all AS
SELECT 'now' AS src, * FROM ex_now UNION ALL SELECT 'oct', * FROM ex_oct UNION ALL SELECT 'seed', * FROM ex_seed;
SELECT is_empty(
    $$SELECT e.src, e.path, e.score, sum(c.contribution)
        FROM ex_all e
        JOIN ex_all c ON c.src = e.src AND c.depth = e.depth + 1 AND starts_with(c.path, e.path || ' > ')
       WHERE e.kind = 'objective'
       GROUP BY e.src, e.path, e.score
      HAVING NOT okr.same_score(sum(c.contribution), e.score)$$,
    'explain: at every node the contributions of its inputs add up to its score');
SELECT is((SELECT count(*) FROM ex_all e
            WHERE e.kind = 'objective' AND EXISTS (SELECT FROM ex_all c WHERE c.src = e.src AND c.depth = e.depth + 1
                                                     AND starts_with(c.path, e.path || ' > '))),
          13::bigint, 'explain: that was checked at all 13 nodes with inputs');
SELECT results_eq(
    $$SELECT path, round(contribution::numeric, 12) FROM ex_seed ORDER BY path$$,
    $$VALUES ('O1', round(383 / 2100.0, 12)), ('O1 > O2', round(383 / 2100.0, 12)),
             ('O1 > O2 > KR1', round(12 / 35.0 / 4, 12)), ('O1 > O2 > KR2', round(1 / 6.0 / 4, 12)),
             ('O1 > O2 > KR3', 0.055), ('O1 > O2 > KR4', 0)$$,
    'explain of the seed at 2026-10-24');
SELECT throws_ok($$SELECT * FROM okr.explain(99)$$, 'P0002',
                 'objective 99 does not exist in tenant ''bi_dag''',
                 'explain: an unknown objective is an error, not an empty answer');
SELECT throws_ok($$SELECT * FROM okr.explain(10, tenant => 'bi_hist')$$, 'P0002',
                 'objective 10 does not exist in tenant ''bi_hist''',
                 'explain: another tenant''s objective is not found');

-- ---------- effective-dated targets and weights; drafts ----------
-- O20 (key_results): KR201 '0 -> 100' w1, KR202 '0 -> 10' w1, both checked
-- in at 2026-03-01 (50 and 5).  Then, now, KR201 becomes '0 -> 200' w3.
-- Before now: (0.5 + 0.5) / 2 = 0.5; after: (3 * 0.25 + 0.5) / 4 = 0.3125.
-- O21 (children) over O20 and a draft O22 (KR221 at its goal): the draft
-- does not count, so O21 = O20.
SET LOCAL okr.tenant = 'bi_ver';
INSERT INTO okr.objective (id, title, period, rollup, state) VALUES
    (20, 'O20', '2026', 'key_results', 'active'), (21, 'O21', '2026', 'children', 'active'),
    (22, 'O22', '2026', 'key_results', 'draft');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (20, 21), (22, 21);
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES
    (201, 20, 'KR201', '0 -> 100'), (202, 20, 'KR202', '0 -> 10'), (221, 22, 'KR221', '0 -> 1');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES
    (201, '2026-03-01', 50), (202, '2026-03-01', 5), (221, '2026-03-01', 1);
SELECT okr.flush();
UPDATE okr.key_result SET target = '0 -> 200', weight = 3 WHERE id = 201;
UPDATE okr.key_result SET weight = 4 WHERE id = 201;
UPDATE okr.key_result SET weight = 3 WHERE id = 201;
SELECT okr.flush();
SELECT results_eq(
    $$SELECT key_result_id, valid_until = now(), target::text, weight, cap FROM okr.key_result_version
       WHERE tenant = 'bi_ver'$$,
    $$VALUES (201::bigint, true, '0 -> 100', 1::float8, 1::float8)$$,
    'key_result_version: one row with what was in force before this transaction''s changes');
SELECT results_eq(
    $$SELECT kind, id, round(score::numeric, 12) FROM okr.scores_at('2026-06-01', 'bi_ver') ORDER BY kind, id$$,
    $$VALUES ('key_result', 201::bigint, 0.5), ('key_result', 202, 0.5), ('key_result', 221, 1),
             ('objective', 20, 0.5), ('objective', 21, 0.5), ('objective', 22, 1)$$,
    'scores_at in the past: the old target and weight of KR201; the draft O22 does not count in O21');
SELECT results_eq(
    $$SELECT kind, id, round(score::numeric, 12) FROM okr.scores_at(clock_timestamp(), 'bi_ver') ORDER BY kind, id$$,
    $$VALUES ('key_result', 201::bigint, 0.25), ('key_result', 202, 0.5), ('key_result', 221, 1),
             ('objective', 20, 0.3125), ('objective', 21, 0.3125), ('objective', 22, 1)$$,
    'scores_at after the change: the new target and weight');
SELECT is_empty(
    $$SELECT * FROM okr.scores_at(clock_timestamp(), 'bi_ver') s
        JOIN (SELECT 'objective' AS kind, id, score FROM okr.objective WHERE tenant = 'bi_ver'
              UNION ALL SELECT 'key_result', id, score FROM okr.key_result WHERE tenant = 'bi_ver') m USING (kind, id)
       WHERE NOT okr.same_score(s.score, m.score)$$,
    'scores_at after the change agrees with the maintained scores');
-- bi_untarget: KR301 (5 of 0 -> 10) relieved of its target now: before,
-- it scores 0.5 and O30 (0.5 + 1) / 2; now it has a value and no score,
-- and O30 is KR302's 1 (a versioned key result without a target then
-- showed score 0, found by test/pgtap/store_random.sql)
SET LOCAL okr.tenant = 'bi_untarget';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (30, 'O30', '2026', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES
    (301, 30, 'KR301', '0 -> 10'), (302, 30, 'KR302', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (301, '2026-03-01', 5), (302, '2026-03-01', 10);
SELECT okr.flush();
UPDATE okr.key_result SET target = NULL WHERE id = 301;
SELECT okr.flush();
SELECT results_eq(
    $$SELECT at > '2026-06-01', kind, id, value, round(score::numeric, 12)
        FROM (VALUES (timestamptz '2026-06-01'), (clock_timestamp())) t (at),
             okr.scores_at(t.at, 'bi_untarget') ORDER BY 1, 2, 3$$,
    $$VALUES (false, 'key_result', 301::bigint, 5::float8, 0.5), (false, 'key_result', 302, 10, 1),
             (false, 'objective', 30, NULL, 0.75),
             (true, 'key_result', 301, 5, NULL), (true, 'key_result', 302, 10, 1),
             (true, 'objective', 30, NULL, 1)$$,
    'scores_at of a key result relieved of its target: scored before, a value without a score after');
-- the same tree (a draft child under O21) through every history function:
-- now, each agrees with what okr maintains
SELECT is_empty(
    $$SELECT * FROM okr.scorecard_at(clock_timestamp(), 'bi_ver') h
        JOIN okr.scorecard m USING (tenant, objective_id)
       WHERE NOT okr.same_score(h.score, m.score) OR h.state <> m.state$$,
    'scorecard_at now agrees with okr.scorecard (the draft O22 left out of O21)');
SELECT is_empty(
    $$SELECT * FROM okr.score_series(21, now() + interval '1 hour', now() + interval '1 hour', interval '1 day', 'bi_ver') h
        JOIN (SELECT 'objective' AS kind, id, score FROM okr.objective WHERE tenant = 'bi_ver'
              UNION ALL SELECT 'key_result', id, score FROM okr.key_result WHERE tenant = 'bi_ver') m USING (kind, id)
       WHERE NOT okr.same_score(h.score, m.score)$$,
    'score_series now agrees with the maintained scores');
SELECT is((SELECT count(*) FROM okr.score_series(21, now() + interval '1 hour', now() + interval '1 hour',
                                                 interval '1 day', 'bi_ver')), 1::bigint,
          '... (one instant, O21 only: it has no key results of its own)');
SELECT is_empty(
    $$(SELECT path, round(share_of_parent::numeric, 12), round(contribution::numeric, 12)
         FROM okr.explain(21, clock_timestamp(), 'bi_ver')
       EXCEPT SELECT path, round(share_of_parent::numeric, 12), round(contribution::numeric, 12)
         FROM okr.explain(21, NULL, 'bi_ver'))
      UNION ALL
      (SELECT path, round(share_of_parent::numeric, 12), round(contribution::numeric, 12)
         FROM okr.explain(21, NULL, 'bi_ver')
       EXCEPT SELECT path, round(share_of_parent::numeric, 12), round(contribution::numeric, 12)
         FROM okr.explain(21, clock_timestamp(), 'bi_ver'))$$,
    'explain(at now) agrees with explain of the maintained scores (the draft''s share 0 in both)');
SELECT results_eq(
    $$SELECT kind, id, round(score::numeric, 12) FROM okr.score_series(21, now() - interval '200 days',
             now() + interval '1 hour', interval '200 days 1 hour', 'bi_ver') ORDER BY at, kind DESC, id$$,
    $$VALUES ('objective', 21::bigint, 0.5), ('objective', 21, 0.3125)$$,
    'score_series: one pass over both sides of the change');
SELECT results_eq(
    $$SELECT path, weight, round(contribution::numeric, 12) FROM okr.explain(21, '2026-06-01', 'bi_ver') ORDER BY path$$,
    $$VALUES ('O21', NULL::float8, 0.5), ('O21 > O20', 1, 0.5), ('O21 > O20 > KR201', 1, 0.25),
             ('O21 > O20 > KR202', 1, 0.25), ('O21 > O22', 1, 0), ('O21 > O22 > KR221', 1, 1)$$,
    'explain in the past: the weight in force then; a draft child contributes 0');
SET LOCAL okr.tenant = 'bi_dag';

-- ---------- batches (okr.history_batch): the same scores at every batch size ----------
-- okr.scores_over reads key results a batch of objectives at a time, children
-- first; with batches of 1 and 2 every parent is in a later batch than some
-- of its children and O13's two parents in different ones.
CREATE TEMP TABLE batch_steps AS
SELECT ARRAY['2026-05-01', '2026-07-01', '2026-10-01', clock_timestamp()]::timestamptz[] AS steps;
CREATE TEMP VIEW batch_results AS
SELECT 'all' AS q, s.tenant, s.id, s.step, s.score FROM batch_steps, okr.scores_over(steps, 'bi_dag') s
UNION ALL
SELECT 'root', s.tenant, s.id, s.step, s.score FROM batch_steps, okr.scores_over(steps, 'bi_dag', 12) s
UNION ALL
SELECT 'series', 'bi_dag', x.id, extract(epoch FROM x.at)::integer, x.score
  FROM okr.score_series(10, '2026-05-01', '2026-12-31', '1 month', 'bi_dag') x
UNION ALL
SELECT 'explain', 'bi_dag', e.id, e.depth, e.contribution FROM okr.explain(10, '2026-10-01', 'bi_dag') e;
CREATE TEMP TABLE batch_default AS SELECT * FROM batch_results;
SET LOCAL okr.history_batch = 1;
SELECT set_eq('SELECT * FROM batch_results', 'SELECT * FROM batch_default',
              'history in batches of one objective: the same scores, series and explanation');
SET LOCAL okr.history_batch = 2;
SELECT set_eq('SELECT * FROM batch_results', 'SELECT * FROM batch_default',
              'history in batches of two objectives: the same scores, series and explanation');
RESET okr.history_batch;
-- the batched pass over several instants agrees with the set-wise read of each one
SELECT set_eq(
    $$SELECT s.id, s.step, round(s.score::numeric, 12) FROM batch_steps, okr.scores_over(steps, 'bi_dag') s$$,
    $$SELECT s.id, n.step::integer, round(s.score::numeric, 12) FROM batch_steps,
             unnest(steps) WITH ORDINALITY AS n (at, step), okr.scores_over(ARRAY[n.at], 'bi_dag') s$$,
    'scores_over at several instants (batches) = at each instant alone (set-wise), to 12 digits (sums of changes against sums of values)');
SELECT results_eq(
    $$SELECT id, step FROM batch_steps, okr.scores_over(steps, 'bi_dag', 10, true)$$,
    $$VALUES (10::bigint, 1), (10, 2), (10, 3), (10, 4)$$,
    'scores_over only_root: the root''s rows only, in step order');

-- ---------- one scan of the tenant (okr.history_scan): the same scores as lookups ----------
-- A large subtree's key results are read in one ordered scan of the
-- tenant's check-ins and one of its outputs (src/history.c) rather than
-- looked up (okr.key_result_steps): every tenant above - outputs, check-ins,
-- closings, drafts, changed targets and weights (bi_ver, looked up even in
-- the scan), rollups - monthly over 2026 and now, whole and from roots.
-- bi_lu: two objectives looked up (O1, O3, their weights changed now) on
-- either side of one scanned (O2), under O4: a scan keeps one sum of
-- weights per scanned objective and per step for those looked up, each at
-- its own place among them.
SET LOCAL okr.tenant = 'bi_lu';
INSERT INTO okr.objective (id, title, period) VALUES
    (1, 'O1', '2026'), (2, 'O2', '2026'), (3, 'O3', '2026'), (4, 'O4', '2026');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 4), (2, 4), (3, 4);
INSERT INTO okr.key_result (id, objective_id, title, target, weight) VALUES
    (11, 1, 'KR11', '0 -> 100', 1), (12, 1, 'KR12', '0 -> 10', 1), (21, 2, 'KR21', '0 -> 100', 2),
    (22, 2, 'KR22', '0 -> 10', 1), (31, 3, 'KR31', '0 -> 100', 1), (32, 3, 'KR32', '0 -> 10', 1);
INSERT INTO okr.check_in (key_result_id, at, value) VALUES
    (11, '2026-03-01', 20), (12, '2026-05-01', 5), (21, '2026-03-01', 40), (22, '2026-07-01', 10),
    (31, '2026-03-01', 20), (32, '2026-06-01', 10);
SELECT okr.flush();
UPDATE okr.key_result SET weight = 2 WHERE id = 11;
UPDATE okr.key_result SET weight = 5 WHERE id = 31;
SELECT okr.flush();
SELECT results_eq(
    $$SELECT DISTINCT k.objective_id FROM okr.key_result_version v
        JOIN okr.key_result k ON k.tenant = v.tenant AND k.id = v.key_result_id
       WHERE v.tenant = 'bi_lu' ORDER BY 1$$,
    $$VALUES (1::bigint), (3)$$,
    'bi_lu: the key results of O1 and O3 changed weights (looked up in a scan), O2''s not');
-- bi_park: a scan reads by objective and scores each once it and its
-- children are read.  O1 and O2 are read before their children and wait
-- (O2 looked up: its changes per step wait with it), O6 after its child
-- O3; O4 has two parents; O2's key results 8, 10 and 11 (outputs) are
-- split by O3's 9, and O6's 13 and 15 (outputs; scanned, not looked up)
-- by O3's 14.
SET LOCAL okr.tenant = 'bi_park';
INSERT INTO okr.objective (id, title, period) VALUES
    (1, 'P1', '2026'), (2, 'P2', '2026'), (3, 'P3', '2026'), (4, 'P4', '2026'),
    (5, 'P5', '2026'), (6, 'P6', '2026');
INSERT INTO okr.alignment (child_id, parent_id, weight) VALUES
    (2, 1, 1), (5, 1, 2), (4, 1, 1), (3, 2, 1), (4, 2, 3), (3, 6, 1);
INSERT INTO okr.key_result (id, objective_id, title, target, weight, source) VALUES
    (7, 5, 'KR7', '0 -> 10', 1, 'check_ins'), (8, 2, 'KR8', '0 -> 100', 1, 'check_ins'),
    (9, 3, 'KR9', '0 -> 10', 1, 'check_ins'), (10, 2, 'KR10', '0 -> 10', 2, 'check_ins'),
    (11, 2, 'KR11', '0 -> 4', 1, 'outputs'), (12, 4, 'KR12', '0 -> 10', 1, 'check_ins'),
    (13, 6, 'KR13', '0 -> 10', 2, 'check_ins'), (14, 3, 'KR14', '0 -> 10', 1, 'check_ins'),
    (15, 6, 'KR15', '0 -> 2', 1, 'outputs');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES
    (7, '2026-02-01', 3), (7, '2026-08-01', 9), (8, '2026-03-01', 40), (9, '2026-04-01', 5),
    (10, '2026-05-01', 2), (10, '2026-09-01', 7), (12, '2026-06-01', 10),
    (13, '2026-02-15', 4), (13, '2026-10-01', 8), (14, '2026-05-15', 6);
INSERT INTO okr.output (key_result_id, title, status, done_at) VALUES
    (11, 'D1', 'done', '2026-03-15'), (11, 'D2', 'done', '2026-07-15'), (11, 'D3', 'planned', NULL),
    (15, 'E1', 'done', '2026-04-15'), (15, 'E2', 'done', '2026-11-15');
SELECT okr.flush();
UPDATE okr.key_result SET weight = 3 WHERE id = 8;
SELECT okr.flush();
SET LOCAL okr.tenant = 'bi_dag';
\ir lib/steps_2026.psql
CREATE TEMP VIEW scan_results AS
SELECT 'all' AS q, s.tenant, s.id, s.step, round(s.score::numeric, 12) AS score
  FROM steps_2026, okr.scores_over(steps) s
UNION ALL
SELECT 'root ' || r.root, s.tenant, s.id, s.step, round(s.score::numeric, 12)
  FROM steps_2026, (VALUES ('bi_hist', 1::bigint), ('bi_dag', 10), ('bi_dag', 12), ('bi_ver', 21), ('bi_lu', 4), ('bi_park', 1)) r (tenant, root),
       okr.scores_over(steps, r.tenant, r.root) s
UNION ALL
SELECT 'one instant', s.tenant, s.id, s.step, round(s.score::numeric, 12)
  FROM okr.scores_over(ARRAY['2026-10-15']::timestamptz[], 'bi_dag', 10) s
UNION ALL
SELECT 'series', 'bi_hist', x.id, extract(epoch FROM x.at)::integer, round(x.score::numeric, 12)
  FROM okr.score_series(1, '2026-09-01', '2026-12-31', '1 week', 'bi_hist') x;
SET LOCAL okr.history_scan = off;
CREATE TEMP TABLE scan_off AS SELECT * FROM scan_results;
SET LOCAL okr.history_scan = on;
SELECT set_eq('SELECT * FROM scan_results', 'SELECT * FROM scan_off',
              'history read in one scan of the tenant = by lookups, to 12 digits');
RESET okr.history_scan;
SELECT cmp_ok((SELECT count(*) FROM scan_off), '>', 400::bigint, '... over many rows');

-- ---------- explain over a temporary file of many blocks ----------
-- okr.explain writes the inputs to a temporary file and reads each parent's
-- back as the walk reaches it: 300 children with 2,000-byte titles span many
-- of its 8 kB blocks, read back out of order (each child's key result after
-- the parent's list).
INSERT INTO okr.objective (tenant, id, title, period, created_at)
SELECT 'bi_file', i, 'O' || i || ' ' || repeat(md5(i::text), 60), '2026', '2026-01-01'
  FROM generate_series(1, 301) i;
INSERT INTO okr.alignment (tenant, child_id, parent_id) SELECT 'bi_file', i, 1 FROM generate_series(2, 301) i;
INSERT INTO okr.key_result (tenant, id, objective_id, title, target, created_at)
SELECT 'bi_file', i, i, 'KR' || i || ' ' || repeat(md5(i::text), 60), '0 -> 10', '2026-01-01'
  FROM generate_series(2, 301) i;
INSERT INTO okr.check_in (tenant, key_result_id, at, value)
SELECT 'bi_file', i, '2026-03-01', i % 11 FROM generate_series(2, 301) i;
SELECT okr.flush();
SELECT results_eq(
    $$SELECT depth, path, kind, id, title, round(contribution::numeric, 12) FROM okr.explain(1, tenant => 'bi_file')$$,
    $$SELECT 0, 'O1', 'objective', 1::bigint, o.title, round(o.score::numeric, 12)
        FROM okr.objective o WHERE o.tenant = 'bi_file' AND o.id = 1
      UNION ALL
      SELECT * FROM (
      SELECT x.depth, x.path, x.kind, x.id, x.title, x.c FROM (
        SELECT 1 AS depth, 'O1 > O' || o.id AS path, 'objective' AS kind, o.id, o.title,
               round((o.score / 300)::numeric, 12) AS c, o.id AS k, 0 AS m
          FROM okr.objective o WHERE o.tenant = 'bi_file' AND o.id > 1
        UNION ALL
        SELECT 2, 'O1 > O' || k.objective_id || ' > KR' || k.id, 'key_result', k.id, k.title,
               round(k.score::numeric, 12), k.objective_id, 1
          FROM okr.key_result k WHERE k.tenant = 'bi_file') x ORDER BY x.k, x.m) y$$,
    'explain: 600 inputs with long titles read back from the temporary file in depth-first order');
SELECT results_eq(
    $$SELECT count(*), round(sum(contribution) FILTER (WHERE depth = 1)::numeric, 12)
        FROM okr.explain(1, '2026-06-01', 'bi_file')$$,
    $$SELECT 601::bigint, round(score::numeric, 12) FROM okr.objective WHERE tenant = 'bi_file' AND id = 1$$,
    'explain at an instant over the temporary file: every row, the contributions add up to the score');

-- ---------- the functions do not depend on the caller's search_path ----------
SET LOCAL search_path = pg_catalog;
CREATE TEMP TABLE with_catalog_path AS
SELECT (SELECT count(*) FROM okr.scorecard_at('2026-10-24') WHERE tenant = 'bi_hist') AS scorecard,
       (SELECT count(*) FROM okr.score_series(2, '2026-10-03', '2026-10-31', '1 week', 'bi_hist')) AS series,
       (SELECT count(*) FROM okr.explain(10)) AS explained;
RESET search_path;
SELECT results_eq('SELECT scorecard, series, explained FROM with_catalog_path',
                  $$VALUES (3::bigint, 25::bigint, 10::bigint)$$,
                  'scorecard_at, score_series and explain work with search_path = pg_catalog');

-- ---------- bounded history ----------
-- A key result whose weight changed (okr.key_result_version) has a row at
-- every step of okr.key_result_steps; okr.score_series read them again per
-- key result and step (20 daily steps: 85 runs; 1,000 took minutes).
SAVEPOINT versioned;
UPDATE okr.key_result SET weight = 2 WHERE tenant = 'bi_hist' AND id = 1;
SET LOCAL track_functions = 'all';
SELECT COALESCE(pg_stat_get_xact_function_calls('okr.key_result_steps'::regproc), 0) AS steps0 \gset
CREATE TEMP TABLE versioned_series AS
SELECT * FROM okr.score_series(2, '2026-10-01', '2026-11-30', '1 day', 'bi_hist');
SELECT is(pg_stat_get_xact_function_calls('okr.key_result_steps'::regproc) - :steps0, 2::bigint,
          'score_series over 61 days with a versioned key result: okr.key_result_steps runs twice (the key results'' rows, okr.scores_over''s pass), not per key result and step');
SELECT is_empty(
    $$SELECT * FROM versioned_series s
        JOIN LATERAL okr.scores_at(s.at, 'bi_hist', 2) a ON a.kind = 'key_result' AND a.id = s.id
       WHERE s.kind = 'key_result'
         AND (s.value IS DISTINCT FROM a.value OR round(s.score::numeric, 12) IS DISTINCT FROM round(a.score::numeric, 12))$$,
    '... its key-result rows are okr.scores_at''s at each step');
ROLLBACK TO SAVEPOINT versioned;
-- okr.scores_over buckets times by its instants, which must be a sorted
-- one-dimensional array from index 1 (unsorted or shifted ones gave wrong
-- scores without an error), and holds a bounded number of them
SELECT throws_ok($$SELECT * FROM okr.scores_over(ARRAY['2026-11-01', '2026-10-01']::timestamptz[], 'bi_hist')$$,
                 '22023', 'the instants of okr.scores_over must be in ascending order',
                 'scores_over: descending instants refused');
SELECT throws_ok($$SELECT * FROM okr.scores_over('[0:1]={2026-10-01,2026-11-01}'::timestamptz[], 'bi_hist')$$,
                 '22023', 'the instants of okr.scores_over must be a one-dimensional array from index 1',
                 '... an array from index 0');
SELECT throws_ok($$SELECT * FROM okr.scores_over('{{2026-10-01},{2026-11-01}}'::timestamptz[], 'bi_hist', 2)$$,
                 '22023', 'the instants of okr.scores_over must be a one-dimensional array from index 1',
                 '... a two-dimensional one');
SELECT throws_ok($$SELECT * FROM okr.scores_over(ARRAY['2026-10-01', NULL]::timestamptz[], 'bi_hist')$$,
                 '22004', 'instant 2 of okr.scores_over is NULL', '... a NULL among several');
SELECT throws_ok($$SELECT * FROM okr.scores_over(ARRAY(SELECT timestamptz '2026-01-01' + i * interval '1 hour'
                                                         FROM generate_series(1, 10001) i), 'bi_hist')$$,
                 '54000', 'okr.scores_over takes at most 10000 instants, not 10001', '... 10,001 instants');
SELECT is((SELECT count(*) FROM okr.scores_at(NULL, 'bi_hist') WHERE kind = 'objective'), 3::bigint,
          '... while okr.scores_at(NULL) keeps its one NULL instant');

SELECT * FROM finish();
ROLLBACK;
