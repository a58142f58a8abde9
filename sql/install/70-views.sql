-- Views for BI tools and applications.  Every column has a standard SQL type
-- (text, bigint, integer, double precision, boolean, date, timestamptz): no
-- okr types and no arrays, so any driver (JDBC, ODBC, psycopg2...) reads them
-- as plain values.  Every view and column has a COMMENT, which BI tools show
-- as descriptions.  Tested through psycopg2 by test/bi/views.py.
--
-- Pace and status.  A key result's expected progress is the share of its
-- objective's period elapsed at the time of the query (okr.elapsed(period,
-- now())); an objective's is the weighted mean of its counted inputs'
-- expected progress, with the weights and rules of its score (57-pace.sql:
-- maintained in okr.objective_pace, read by okr.pace_expected), so that a
-- yearly objective over quarterly children is measured against their pace,
-- not the year's.  A key result's or objective's status is okr.status(score,
-- expected): on_track while the score trails expected by at most
-- okr.at_risk_gap, at_risk up to okr.off_track_gap, off_track beyond.  Score
-- and expected are means over the same inputs with the same weights, so an
-- objective is on track when the weighted whole below it is.  Nothing to judge
-- gives 'no_data': an objective without a score (nothing to average) or a
-- key result without a value yet (no check-in, no output).  grade is
-- okr.grade(score): red / yellow / green by okr.grade_yellow, okr.grade_green.
--
-- Structure (key-result counts, parent and child ids, paths) is read from
-- the tables 55-structure.sql maintains, so that filters reach indexes.
--
-- The views are security_invoker: they read the tables with the privileges
-- (and under the row-level security policies, if any) of the user querying
-- them, not of the extension's owner.

CREATE VIEW okr.scorecard WITH (security_invoker = true) AS
SELECT o.tenant,
       o.id AS objective_id,
       o.title,
       o.owner,
       o.commitment,
       o.state,
       o.rollup,
       o.period::pg_catalog.text AS period,
       okr.period_start(o.period) AS period_start,
       okr.period_end(o.period) AS period_end,
       o.score,
       p.expected,
       CASE WHEN o.score IS NULL THEN 'no_data'
            ELSE okr.status(o.score, p.expected, o.tenant) END AS status,
       okr.grade(o.score, o.tenant) AS grade,
       COALESCE(s.key_results, 0) AS key_results,
       s.parent_ids,
       s.child_ids,
       o.final_grade,
       o.closed_at,
       o.created_at,
       o.team,
       o.external_id,
       o.attributes::pg_catalog.text AS attributes,
       o.final_score
  FROM okr.objective_current o
  -- the maintained shape and pace; a missing row is an empty shape, and
  -- the pace of its own period (55-structure.sql, 57-pace.sql)
  LEFT JOIN okr.objective_shape s ON s.tenant = o.tenant AND s.objective_id = o.id
  LEFT JOIN okr.objective_pace pc ON pc.tenant = o.tenant AND pc.objective_id = o.id
 CROSS JOIN LATERAL (SELECT COALESCE(okr.pace_expected(pc.periods, pc.shares, pg_catalog.now()),
                                     okr.elapsed(o.period, pg_catalog.now())) AS expected) p;

COMMENT ON VIEW okr.scorecard IS
    'One row per objective: its score against the pace expected now, status, grade, key-result count and alignment. Scores are the ones okr maintains at each commit.';
COMMENT ON COLUMN okr.scorecard.tenant IS 'Tenant the objective belongs to.';
COMMENT ON COLUMN okr.scorecard.objective_id IS 'Objective id (unique within the tenant).';
COMMENT ON COLUMN okr.scorecard.title IS 'Objective title.';
COMMENT ON COLUMN okr.scorecard.owner IS 'Who owns the objective (free text; NULL if unassigned).';
COMMENT ON COLUMN okr.scorecard.commitment IS 'committed (expected to be fully met) or aspirational (stretch: 0.7 is a success).';
COMMENT ON COLUMN okr.scorecard.state IS 'draft, active or closed.';
COMMENT ON COLUMN okr.scorecard.rollup IS 'What the score averages: key_results, children (aligned objectives) or both.';
COMMENT ON COLUMN okr.scorecard.period IS 'The objective''s period as text, e.g. 2026-Q4, 2026, FY2027-H1.';
COMMENT ON COLUMN okr.scorecard.period_start IS 'First day of the period.';
COMMENT ON COLUMN okr.scorecard.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN okr.scorecard.score IS 'Score 0..1 (above 1 only with key-result caps above 1): weighted mean of its key results and/or children; NULL when there is nothing to average; frozen once closed.';
COMMENT ON COLUMN okr.scorecard.expected IS 'Expected progress now, 0..1: the weighted mean of the expected progress of what its score averages, with the same weights - key results at the share of this objective''s period elapsed, aligned children (not drafts) at their own expected progress - so a yearly objective over quarterly children follows their pace; with nothing to average, the share of its own period elapsed.';
COMMENT ON COLUMN okr.scorecard.status IS 'Pace: on_track, at_risk or off_track, comparing score with expected (settings okr.at_risk_gap, okr.off_track_gap); no_data when score is NULL.';
COMMENT ON COLUMN okr.scorecard.grade IS 'red, yellow or green by score (settings okr.grade_yellow, okr.grade_green); NULL when score is NULL.';
COMMENT ON COLUMN okr.scorecard.key_results IS 'Number of key results of the objective.';
COMMENT ON COLUMN okr.scorecard.parent_ids IS 'Ids of the objectives this one is aligned to (contributes to), comma-separated in ascending order, e.g. ''1,4''; NULL for a top-level objective.';
COMMENT ON COLUMN okr.scorecard.child_ids IS 'Ids of the objectives aligned to this one, comma-separated in ascending order; NULL when none.';
COMMENT ON COLUMN okr.scorecard.final_grade IS 'Grade recorded when the objective was closed; NULL while it is not closed.';
COMMENT ON COLUMN okr.scorecard.closed_at IS 'When the objective was closed; NULL while it is not closed.';
COMMENT ON COLUMN okr.scorecard.created_at IS 'When the objective was created.';
COMMENT ON COLUMN okr.scorecard.team IS 'The team that owns the objective (free text; NULL if unassigned).';
COMMENT ON COLUMN okr.scorecard.external_id IS 'The objective''s key in an external system (unique per tenant); NULL if none.';
COMMENT ON COLUMN okr.scorecard.attributes IS 'The application''s custom fields and tags, as JSON text (an object; ''{}'' when none).';
COMMENT ON COLUMN okr.scorecard.final_score IS 'Manual final score given when closing, which is then its score; NULL if it closed with its computed score or is not closed.';

-- Forecast: a straight line through the key result's measurements, read at
-- the end of its period.  Measurements are its check-ins (at, value) or, for
-- a key result fed by outputs, its value after each done output (done_at,
-- baseline + running sum of amounts).
CREATE VIEW okr.key_result_progress WITH (security_invoker = true) AS
SELECT k.tenant,
       k.id AS key_result_id,
       k.objective_id,
       o.title AS objective_title,
       k.title,
       k.measures,
       k.source,
       k.unit,
       k.target::pg_catalog.text AS target,
       okr.direction(k.target) AS direction,
       okr.baseline(k.target) AS baseline,
       okr.goal(k.target) AS goal,
       okr.goal_low(k.target) AS goal_low,
       okr.goal_high(k.target) AS goal_high,
       k.weight,
       k.cap,
       k.value,
       okr.progress(k.target, k.value) AS progress,
       k.score,
       p.expected,
       CASE WHEN k.target IS NULL THEN 'no_target'  -- model: not scored yet
            WHEN k.value IS NULL THEN 'no_data'
            ELSE okr.status(k.score, p.expected, k.tenant) END AS status,
       okr.grade(k.score, k.tenant) AS grade,
       o.period::pg_catalog.text AS period,
       okr.period_start(o.period) AS period_start,
       okr.period_end(o.period) AS period_end,
       COALESCE(s.check_ins, 0) AS check_ins,
       s.at AS last_check_in_at,
       s.confidence AS last_confidence,
       f.forecast_value,
       CASE WHEN f.forecast_value IS NOT NULL
            THEN okr.score(k.target, f.forecast_value, k.cap) END AS forecast_score,
       k.created_at,
       k.owner,
       k.external_id,
       k.attributes::pg_catalog.text AS attributes,
       okr.confidence_fraction(s.confidence, k.tenant) AS last_confidence_fraction
  FROM okr.key_result k
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p
 -- one index scan of the key result's check-ins, latest first: the latest
 -- one with their number and the line through them (window aggregates over
 -- all of them); no row without check-ins
 LEFT JOIN LATERAL (
       SELECT pg_catalog.count(*) OVER w AS check_ins,
              pg_catalog.regr_intercept(c.value, pg_catalog.date_part('epoch', c.at)) OVER w AS intercept,
              pg_catalog.regr_slope(c.value, pg_catalog.date_part('epoch', c.at)) OVER w AS slope,
              c.at, c.confidence
         FROM okr.check_in c
        WHERE c.tenant = k.tenant AND c.key_result_id = k.id
       WINDOW w AS ()
        ORDER BY c.at DESC, c.id DESC LIMIT 1) s ON true
 LEFT JOIN LATERAL (
       SELECT pg_catalog.regr_intercept(m.value, m.x) AS intercept,
              pg_catalog.regr_slope(m.value, m.x) AS slope
         FROM (SELECT pg_catalog.date_part('epoch', d.done_at) AS x,
                      COALESCE(okr.baseline(k.target), 0)
                      + pg_catalog.sum(d.amount) OVER (ORDER BY d.done_at, d.id) AS value
                 FROM okr.output d
                WHERE d.tenant = k.tenant AND d.key_result_id = k.id
                  AND d.status = 'done' AND d.done_at IS NOT NULL) m
        WHERE k.source = 'outputs') d ON true
 -- the line read at the end of the period, kept within the values a target
 -- 'a -> b' can score on (between a and a + cap * (b - a))
 CROSS JOIN LATERAL (
       SELECT CASE k.source WHEN 'check_ins' THEN s.intercept + s.slope * e.x
                            ELSE d.intercept + d.slope * e.x END AS raw,
              okr.baseline(k.target) AS a,
              okr.baseline(k.target) + k.cap * (okr.goal(k.target) - okr.baseline(k.target)) AS b
         FROM (SELECT pg_catalog.date_part('epoch',
                      (okr.period_end(o.period) + 1)::pg_catalog.timestamptz) AS x) e) r
 CROSS JOIN LATERAL (
       SELECT CASE WHEN r.raw IS NULL OR okr.direction(k.target) NOT IN ('increase', 'decrease')
                   THEN r.raw
                   ELSE LEAST(GREATEST(r.raw, LEAST(r.a, r.b)), GREATEST(r.a, r.b)) END AS forecast_value) f;

COMMENT ON VIEW okr.key_result_progress IS
    'One row per key result: target as plain numbers, current value, progress, score against the pace expected now, status, last check-in, and a linear forecast of the value at the end of the period.';
COMMENT ON COLUMN okr.key_result_progress.tenant IS 'Tenant the key result belongs to.';
COMMENT ON COLUMN okr.key_result_progress.key_result_id IS 'Key result id (unique within the tenant).';
COMMENT ON COLUMN okr.key_result_progress.objective_id IS 'The objective the key result measures.';
COMMENT ON COLUMN okr.key_result_progress.objective_title IS 'Title of that objective.';
COMMENT ON COLUMN okr.key_result_progress.title IS 'Key result title.';
COMMENT ON COLUMN okr.key_result_progress.measures IS 'outcome (a change in the world) or output (a deliverable).';
COMMENT ON COLUMN okr.key_result_progress.source IS 'What feeds value: check_ins (latest check-in) or outputs (baseline + amounts of done outputs).';
COMMENT ON COLUMN okr.key_result_progress.unit IS 'Unit of value, baseline and goal (free text, e.g. hours, VMs).';
COMMENT ON COLUMN okr.key_result_progress.target IS 'The target as text: ''a -> b'', ''>= x'', ''<= x'', ''>= x from w'', ''<= x from w'' (partial credit from the worst value w), ''lo .. hi'', ''lo .. hi from w'' (partial credit, the same distance on both sides) or ''milestone''; NULL until it is set.';
COMMENT ON COLUMN okr.key_result_progress.direction IS 'Kind of target: increase, decrease, at_least, at_most, within or milestone.';
COMMENT ON COLUMN okr.key_result_progress.baseline IS 'Where progress starts (a of ''a -> b''; w of ''>= x from w'', ''<= x from w'' or ''lo .. hi from w''; 0 for a milestone; NULL for other thresholds and bands).';
COMMENT ON COLUMN okr.key_result_progress.goal IS 'The goal (b of ''a -> b'', x of ''>= x'' or ''<= x'', 1 for a milestone; NULL for a band).';
COMMENT ON COLUMN okr.key_result_progress.goal_low IS 'Lowest value that meets the goal (inclusive); NULL when there is no lower limit.';
COMMENT ON COLUMN okr.key_result_progress.goal_high IS 'Highest value that meets the goal (inclusive); NULL when there is no upper limit.';
COMMENT ON COLUMN okr.key_result_progress.weight IS 'Weight of the key result in its objective''s score.';
COMMENT ON COLUMN okr.key_result_progress.cap IS 'Highest score the key result can reach (1 unless overachievement counts).';
COMMENT ON COLUMN okr.key_result_progress.value IS 'Current value; NULL until the first check-in or done output.';
COMMENT ON COLUMN okr.key_result_progress.progress IS 'Uncapped progress toward the goal (can be below 0 or above 1); NULL without a value.';
COMMENT ON COLUMN okr.key_result_progress.score IS 'Score: progress clamped to 0..cap; 0 until there is a value; NULL without a target.';
COMMENT ON COLUMN okr.key_result_progress.expected IS 'Expected progress now: the share of the objective''s period elapsed.';
COMMENT ON COLUMN okr.key_result_progress.status IS 'Pace: on_track, at_risk or off_track comparing score with expected (okr.at_risk_gap, okr.off_track_gap); no_data without a value; no_target without a target (not scored).';
COMMENT ON COLUMN okr.key_result_progress.grade IS 'red, yellow or green by score (okr.grade_yellow, okr.grade_green).';
COMMENT ON COLUMN okr.key_result_progress.period IS 'The objective''s period as text, e.g. 2026-Q4.';
COMMENT ON COLUMN okr.key_result_progress.period_start IS 'First day of the period.';
COMMENT ON COLUMN okr.key_result_progress.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN okr.key_result_progress.check_ins IS 'Number of check-ins recorded.';
COMMENT ON COLUMN okr.key_result_progress.last_check_in_at IS 'Time of the latest check-in; NULL without check-ins.';
COMMENT ON COLUMN okr.key_result_progress.last_confidence IS 'Confidence given with the latest check-in, on the tenant''s scale (default 0..1); NULL if none was given.';
COMMENT ON COLUMN okr.key_result_progress.last_confidence_fraction IS 'last_confidence on 0..1: (confidence - confidence_min) / (confidence_max - confidence_min) of the tenant''s scale; NULL if none was given.';
COMMENT ON COLUMN okr.key_result_progress.forecast_value IS 'Projected value at the end of the period (00:00 after its last day): least-squares line (regr_slope, regr_intercept) through the check-ins, or through the value after each done output for output-fed key results, kept for a target ''a -> b'' between a and a + cap * (b - a) (the values that score 0 to cap); NULL with fewer than 2 measurements at distinct times.';
COMMENT ON COLUMN okr.key_result_progress.forecast_score IS 'Score the forecast value would get (okr.score with the key result''s cap); NULL without a forecast.';
COMMENT ON COLUMN okr.key_result_progress.created_at IS 'When the key result was created.';
COMMENT ON COLUMN okr.key_result_progress.owner IS 'Who is accountable for the key result (free text; NULL if unassigned).';
COMMENT ON COLUMN okr.key_result_progress.external_id IS 'The key result''s key in an external system (unique per tenant); NULL if none.';
COMMENT ON COLUMN okr.key_result_progress.attributes IS 'The application''s custom fields and tags, as JSON text (an object; ''{}'' when none).';

-- Every path from a top-level objective down the alignment graph, as
-- maintained in okr.objective_path (55-structure.sql): a filter on
-- objective_id, root_id or okr.path_ids(path_sort) @> '{x}' (the paths
-- through x; one path's subtree adds starts_with(path_sort, its path_sort))
-- is an index lookup.
CREATE VIEW okr.alignment_tree WITH (security_invoker = true) AS
SELECT p.tenant,
       p.objective_id,
       o.title,
       o.owner,
       o.state,
       o.period::pg_catalog.text AS period,
       o.score,
       okr.grade(o.score, o.tenant) AS grade,
       p.depth,
       p.root_id,
       p.parent_id,
       p.weight,
       p.path,
       p.title_path,
       p.path_sort,
       NOT EXISTS (SELECT FROM okr.alignment a
                    WHERE a.tenant = p.tenant AND a.parent_id = p.objective_id) AS is_leaf
  FROM okr.objective_path p
  JOIN okr.objective_current o ON o.tenant = p.tenant AND o.id = p.objective_id;

COMMENT ON VIEW okr.alignment_tree IS
    'Every objective with its path from the top-level objective(s) it is aligned under, for drill-down. An objective with several parents appears once per path; order by path_sort for a depth-first listing.';
COMMENT ON COLUMN okr.alignment_tree.tenant IS 'Tenant of the tree.';
COMMENT ON COLUMN okr.alignment_tree.objective_id IS 'The objective at the end of the path.';
COMMENT ON COLUMN okr.alignment_tree.title IS 'Its title.';
COMMENT ON COLUMN okr.alignment_tree.owner IS 'Its owner.';
COMMENT ON COLUMN okr.alignment_tree.state IS 'Its state: draft, active or closed.';
COMMENT ON COLUMN okr.alignment_tree.period IS 'Its period as text.';
COMMENT ON COLUMN okr.alignment_tree.score IS 'Its score (maintained); NULL when there is nothing to average.';
COMMENT ON COLUMN okr.alignment_tree.grade IS 'red, yellow or green by score.';
COMMENT ON COLUMN okr.alignment_tree.depth IS 'Number of alignment steps from the root: 0 for a top-level objective.';
COMMENT ON COLUMN okr.alignment_tree.root_id IS 'The top-level objective (one without parents) this path starts at.';
COMMENT ON COLUMN okr.alignment_tree.parent_id IS 'The objective one step up this path; NULL at the root.';
COMMENT ON COLUMN okr.alignment_tree.weight IS 'Weight of the alignment to parent_id in the parent''s score; NULL at the root.';
COMMENT ON COLUMN okr.alignment_tree.path IS 'Objective ids from the root to this objective, e.g. ''1 > 2 > 5''.';
COMMENT ON COLUMN okr.alignment_tree.title_path IS 'Titles from the root to this objective, separated by '' > ''.';
COMMENT ON COLUMN okr.alignment_tree.path_sort IS 'Sort key: the path''s ids zero-padded to 19 digits and joined by ''/''; ORDER BY it lists the tree depth-first.';
COMMENT ON COLUMN okr.alignment_tree.is_leaf IS 'True when no objective is aligned to this one.';

-- The previous value and is_latest come from a window over one key
-- result's check-ins at a time (read in index order), so a filter on a key
-- result or an objective reads only its check-ins.
CREATE VIEW okr.check_in_history WITH (security_invoker = true) AS
SELECT k.tenant,
       c.id AS check_in_id,
       k.id AS key_result_id,
       k.objective_id,
       k.title AS key_result_title,
       k.unit,
       c.at,
       c.value,
       c.change,
       c.confidence,
       c.note,
       c.author,
       okr.progress(k.target, c.value) AS progress,
       okr.score(k.target, c.value, k.cap) AS score,
       okr.elapsed(o.period, c.at) AS expected,
       CASE WHEN k.target IS NULL THEN 'no_target'  -- model: not scored yet
            ELSE okr.status(okr.score(k.target, c.value, k.cap), okr.elapsed(o.period, c.at), k.tenant) END AS status,
       c.is_latest,
       c.external_id,
       okr.confidence_fraction(c.confidence, k.tenant) AS confidence_fraction
  FROM okr.key_result k
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
 CROSS JOIN LATERAL (
       SELECT c.id, c.at, c.value, c.confidence, c.note, c.author, c.external_id,
              c.value - pg_catalog.lag(c.value) OVER w AS change,
              pg_catalog.lead(c.id) OVER w IS NULL AS is_latest
         FROM okr.check_in c
        WHERE c.tenant = k.tenant AND c.key_result_id = k.id
       WINDOW w AS (ORDER BY c.at, c.id)) c;

COMMENT ON VIEW okr.check_in_history IS
    'Time series: one row per check-in, with the score that value earns and the pace expected at that moment.';
COMMENT ON COLUMN okr.check_in_history.tenant IS 'Tenant of the check-in.';
COMMENT ON COLUMN okr.check_in_history.check_in_id IS 'Check-in id.';
COMMENT ON COLUMN okr.check_in_history.key_result_id IS 'The key result measured.';
COMMENT ON COLUMN okr.check_in_history.objective_id IS 'The objective of that key result.';
COMMENT ON COLUMN okr.check_in_history.key_result_title IS 'Title of the key result.';
COMMENT ON COLUMN okr.check_in_history.unit IS 'Unit of value.';
COMMENT ON COLUMN okr.check_in_history.at IS 'When the measurement was taken.';
COMMENT ON COLUMN okr.check_in_history.value IS 'The measured value.';
COMMENT ON COLUMN okr.check_in_history.change IS 'value minus the previous check-in''s value (by at); NULL for the first.';
COMMENT ON COLUMN okr.check_in_history.confidence IS 'Author''s confidence that the key result will be met, on the tenant''s scale (default 0..1); NULL if not given.';
COMMENT ON COLUMN okr.check_in_history.confidence_fraction IS 'confidence on 0..1: (confidence - confidence_min) / (confidence_max - confidence_min) of the tenant''s scale; NULL if not given.';
COMMENT ON COLUMN okr.check_in_history.note IS 'Free-text note.';
COMMENT ON COLUMN okr.check_in_history.author IS 'Who checked in.';
COMMENT ON COLUMN okr.check_in_history.progress IS 'Uncapped progress of this value toward the goal.';
COMMENT ON COLUMN okr.check_in_history.score IS 'Score this value earns (progress clamped to 0..cap).';
COMMENT ON COLUMN okr.check_in_history.expected IS 'Share of the period elapsed at the time of the check-in.';
COMMENT ON COLUMN okr.check_in_history.status IS 'Pace at the time of the check-in: on_track, at_risk or off_track (score against expected); no_target while the key result has no target.';
COMMENT ON COLUMN okr.check_in_history.external_id IS 'The check-in''s key in an external system (unique per tenant); NULL if none.';
COMMENT ON COLUMN okr.check_in_history.is_latest IS 'True for the key result''s latest check-in (by at, then id): the one that gives its current value.';

-- Outputs counted per key result in one grouped pass; a filter on the key
-- result reaches the grouping through the join (an index lookup).
CREATE VIEW okr.output_progress WITH (security_invoker = true) AS
SELECT k.tenant,
       k.id AS key_result_id,
       k.objective_id,
       k.title AS key_result_title,
       k.source,
       k.unit,
       COALESCE(d.planned, 0) AS planned,
       COALESCE(d.in_progress, 0) AS in_progress,
       COALESCE(d.done, 0) AS done,
       COALESCE(d.dropped, 0) AS dropped,
       COALESCE(d.planned_amount, 0) AS planned_amount,
       COALESCE(d.in_progress_amount, 0) AS in_progress_amount,
       COALESCE(d.done_amount, 0) AS done_amount,
       COALESCE(d.dropped_amount, 0) AS dropped_amount,
       d.done::double precision / NULLIF(d.planned + d.in_progress + d.done, 0) AS done_share,
       d.last_done_at
  FROM okr.key_result k
  LEFT JOIN (
       SELECT d.tenant, d.key_result_id,
              pg_catalog.count(*) FILTER (WHERE d.status = 'planned') AS planned,
              pg_catalog.count(*) FILTER (WHERE d.status = 'in_progress') AS in_progress,
              pg_catalog.count(*) FILTER (WHERE d.status = 'done') AS done,
              pg_catalog.count(*) FILTER (WHERE d.status = 'dropped') AS dropped,
              pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'planned') AS planned_amount,
              pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'in_progress') AS in_progress_amount,
              pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'done') AS done_amount,
              pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'dropped') AS dropped_amount,
              pg_catalog.max(d.done_at) AS last_done_at
         FROM okr.output d
        GROUP BY d.tenant, d.key_result_id) d ON d.tenant = k.tenant AND d.key_result_id = k.id
 WHERE k.source = 'outputs' OR d.key_result_id IS NOT NULL;

COMMENT ON VIEW okr.output_progress IS
    'Delivery counts: one row per key result that is fed by outputs or has outputs, with the number and amount of outputs in each status.';
COMMENT ON COLUMN okr.output_progress.tenant IS 'Tenant of the key result.';
COMMENT ON COLUMN okr.output_progress.key_result_id IS 'The key result the outputs feed.';
COMMENT ON COLUMN okr.output_progress.objective_id IS 'The objective of that key result.';
COMMENT ON COLUMN okr.output_progress.key_result_title IS 'Title of the key result.';
COMMENT ON COLUMN okr.output_progress.source IS 'What feeds the key result''s value: outputs, or check_ins (its outputs then are tracked but do not move the value).';
COMMENT ON COLUMN okr.output_progress.unit IS 'Unit of the amounts.';
COMMENT ON COLUMN okr.output_progress.planned IS 'Number of outputs planned.';
COMMENT ON COLUMN okr.output_progress.in_progress IS 'Number of outputs in progress.';
COMMENT ON COLUMN okr.output_progress.done IS 'Number of outputs done.';
COMMENT ON COLUMN okr.output_progress.dropped IS 'Number of outputs dropped.';
COMMENT ON COLUMN okr.output_progress.planned_amount IS 'Sum of the amounts of planned outputs (0 if none).';
COMMENT ON COLUMN okr.output_progress.in_progress_amount IS 'Sum of the amounts of outputs in progress (0 if none).';
COMMENT ON COLUMN okr.output_progress.done_amount IS 'Sum of the amounts of done outputs (0 if none); for a key result fed by outputs, value = baseline + done_amount.';
COMMENT ON COLUMN okr.output_progress.dropped_amount IS 'Sum of the amounts of dropped outputs (0 if none).';
COMMENT ON COLUMN okr.output_progress.done_share IS 'done / (planned + in_progress + done): share of the outputs still wanted that are done (dropped ones left out); NULL when there are none.';
COMMENT ON COLUMN okr.output_progress.last_done_at IS 'When the most recently done output was done; NULL if none is done.';
