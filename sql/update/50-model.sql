-- model (issue 11): owners, a team, custom fields, natural keys, a manual
-- final score.  Columns are added in the order of the install script's
-- CREATE TABLEs (sql/install/40-store.sql), after every earlier part's.
ALTER TABLE okr.objective
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT attributes_object CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD COLUMN team text,
    ADD COLUMN final_score double precision
        CONSTRAINT final_score_valid CHECK (final_score >= 0 AND final_score < 'Infinity'),
    ADD CONSTRAINT objective_external_id UNIQUE (tenant, external_id),
    ADD CONSTRAINT final_score_when_closed CHECK (final_score IS NULL OR state = 'closed');
ALTER TABLE okr.key_result
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT attributes_object CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD COLUMN owner text,
    ADD CONSTRAINT key_result_external_id UNIQUE (tenant, external_id);
ALTER TABLE okr.output
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT attributes_object CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD COLUMN owner text,
    ADD CONSTRAINT output_external_id UNIQUE (tenant, external_id);
ALTER TABLE okr.check_in
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD CONSTRAINT check_in_external_id UNIQUE (tenant, external_id);

-- The application's own data on okr's rows: owners, a team, custom fields
-- and tags (attributes, a JSON object), and natural keys from the systems an
-- application syncs with (external_id, unique per tenant, so that
-- INSERT ... ON CONFLICT (tenant, external_id) works).  Owners and teams are
-- free text, like objective.owner: applications keep their people and teams
-- in their own directory.
CREATE INDEX objective_owner ON okr.objective (tenant, owner);
CREATE INDEX objective_team ON okr.objective (tenant, team);
CREATE INDEX key_result_owner ON okr.key_result (tenant, owner);
CREATE INDEX output_owner ON okr.output (tenant, owner);
CREATE INDEX objective_attributes ON okr.objective USING gin (attributes);
CREATE INDEX key_result_attributes ON okr.key_result USING gin (attributes);
CREATE INDEX output_attributes ON okr.output USING gin (attributes);
COMMENT ON COLUMN okr.objective.owner IS 'Who is accountable for the objective (free text).';
COMMENT ON COLUMN okr.objective.team IS 'The team that owns the objective (free text).';
COMMENT ON COLUMN okr.objective.final_score IS
    'A manual final score given when closing (UPDATE ... SET state = ''closed'', final_score = 0.6): the frozen score instead of the computed one. NULL while open.';
COMMENT ON COLUMN okr.key_result.owner IS 'Who is accountable for the key result (free text).';
COMMENT ON COLUMN okr.output.owner IS 'Who delivers the output (free text).';
COMMENT ON COLUMN okr.objective.attributes IS
    'The application''s custom fields and tags: a JSON object, GIN-indexed (attributes @> ''{"tags": ["infra"]}'').';
COMMENT ON COLUMN okr.key_result.attributes IS
    'The application''s custom fields and tags: a JSON object, GIN-indexed.';
COMMENT ON COLUMN okr.output.attributes IS
    'The application''s custom fields and tags: a JSON object, GIN-indexed.';
COMMENT ON COLUMN okr.objective.external_id IS
    'Key in an external system (Jira, a spreadsheet, another OKR tool); unique per tenant.';
COMMENT ON COLUMN okr.key_result.external_id IS
    'Key in an external system; unique per tenant.';
COMMENT ON COLUMN okr.output.external_id IS
    'Key in an external system (e.g. a Jira issue); unique per tenant.';
COMMENT ON COLUMN okr.check_in.external_id IS
    'Key in an external system; unique per tenant.';


-- Key results whose target is set later: not scored until then.
ALTER TABLE okr.key_result ALTER COLUMN target DROP NOT NULL, ALTER COLUMN score DROP NOT NULL;
COMMENT ON COLUMN okr.key_result.target IS
    'What it must reach (okr.target); NULL until it is set: the value is tracked, the key result is not scored.';
COMMENT ON COLUMN okr.key_result.score IS
    'Maintained: okr.score(target, value, cap), 0 until there is a value; NULL without a target (left out of its objective''s mean).';

-- Confidence on each tenant's scale (sql/install/48-confidence.sql).
ALTER TABLE okr.check_in DROP CONSTRAINT confidence_fraction,
    ADD CONSTRAINT confidence_finite CHECK (confidence > '-Infinity' AND confidence < 'Infinity');
COMMENT ON COLUMN okr.check_in.confidence IS
    'How confident the author is that the key result will be met, on the tenant''s scale (okr.tenant_config.confidence_min .. confidence_max, default 0 to 1).';
CREATE FUNCTION okr.confidence_fraction(confidence pg_catalog.float8, tenant pg_catalog.text)
    RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_confidence_fraction'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.confidence_fraction(pg_catalog.float8, pg_catalog.text) IS
    'Where a confidence lies on the tenant''s scale (okr.tenant_config.confidence_min .. confidence_max, default 0 .. 1): 0 at its lowest, 1 at its highest.';

-- ---- views (as in sql/install/40-store.sql and 70-views.sql) ----
-- A manual final score is a closed objective's score, a key result without a
-- target has none (the *_computed views); the views show the new columns
-- (CREATE OR REPLACE appends them) and no_target.
CREATE OR REPLACE VIEW okr.key_result_computed WITH (security_invoker = true) AS
SELECT k.tenant, k.id, v.value,
       CASE WHEN k.target IS NULL THEN NULL  -- not scored until it has one (model)
            WHEN v.value IS NULL THEN 0::double precision
            ELSE okr.score(k.target, v.value, k.cap) END AS score
  FROM okr.key_result k
 CROSS JOIN LATERAL (
       SELECT CASE k.source
              WHEN 'check_ins' THEN
                  (SELECT c.value FROM okr.check_in c
                    WHERE c.tenant = k.tenant AND c.key_result_id = k.id
                    ORDER BY c.at DESC, c.id DESC LIMIT 1)
              ELSE
                  COALESCE(okr.baseline(k.target), 0)
                  + (SELECT COALESCE(pg_catalog.sum(o.amount), 0) FROM okr.output o
                      WHERE o.tenant = k.tenant AND o.key_result_id = k.id
                        AND o.status = 'done')
              END AS value
       OFFSET 0) v;  -- evaluate value once per row, not once per use
COMMENT ON VIEW okr.key_result_computed IS
    'The value and score each key result should have, computed from its check-ins or outputs.';

CREATE OR REPLACE VIEW okr.objective_computed WITH (security_invoker = true) AS
SELECT o.tenant, o.id,
       -- a closed objective's manual final score is its score (model)
       CASE WHEN o.state = 'closed' AND o.final_score IS NOT NULL THEN o.final_score ELSE
       (SELECT okr.weighted_score(x.score, x.weight)
          FROM (SELECT k.score, k.weight
                  FROM okr.key_result k
                 WHERE k.tenant = o.tenant AND k.objective_id = o.id
                   AND o.rollup <> 'children'
                UNION ALL
                -- a lookup per edge: index (tenant, id), whatever the estimates
                -- drafts do not count until active; closed children count with their frozen score
                SELECT (SELECT c.score FROM okr.objective c
                         WHERE c.tenant = a.tenant AND c.id = a.child_id AND c.state <> 'draft'), a.weight
                  FROM okr.alignment a
                 WHERE a.tenant = o.tenant AND a.parent_id = o.id
                   AND o.rollup <> 'key_results') x) END AS score
  FROM okr.objective o;

CREATE OR REPLACE VIEW okr.scorecard WITH (security_invoker = true) AS
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
       (SELECT pg_catalog.count(*) FROM okr.key_result k
         WHERE k.tenant = o.tenant AND k.objective_id = o.id) AS key_results,
       (SELECT pg_catalog.string_agg(a.parent_id::pg_catalog.text, ',' ORDER BY a.parent_id)
          FROM okr.alignment a
         WHERE a.tenant = o.tenant AND a.child_id = o.id) AS parent_ids,
       (SELECT pg_catalog.string_agg(a.child_id::pg_catalog.text, ',' ORDER BY a.child_id)
          FROM okr.alignment a
         WHERE a.tenant = o.tenant AND a.parent_id = o.id) AS child_ids,
       o.final_grade,
       o.closed_at,
       o.created_at,
       o.team,
       o.external_id,
       o.attributes::pg_catalog.text AS attributes,
       o.final_score
  FROM okr.objective o
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p;
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
COMMENT ON COLUMN okr.scorecard.expected IS 'Expected progress now: the share of the period elapsed (0 before it starts, 1 after it ends).';
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

CREATE OR REPLACE VIEW okr.key_result_progress WITH (security_invoker = true) AS
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
       c.check_ins,
       c.last_check_in_at,
       c.last_confidence,
       f.forecast_value,
       CASE WHEN f.forecast_value IS NOT NULL
            THEN okr.score(k.target, f.forecast_value, k.cap) END AS forecast_score,
       k.created_at,
       k.owner,
       k.external_id,
       k.attributes::pg_catalog.text AS attributes,
       okr.confidence_fraction(c.last_confidence, k.tenant) AS last_confidence_fraction
  FROM okr.key_result k
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p
 CROSS JOIN LATERAL (
       SELECT (SELECT pg_catalog.count(*) FROM okr.check_in c
                WHERE c.tenant = k.tenant AND c.key_result_id = k.id) AS check_ins,
              l.at AS last_check_in_at,
              l.confidence AS last_confidence
         FROM (SELECT NULL) AS one
         LEFT JOIN LATERAL (
              SELECT c.at, c.confidence FROM okr.check_in c
               WHERE c.tenant = k.tenant AND c.key_result_id = k.id
               ORDER BY c.at DESC, c.id DESC LIMIT 1) l ON true) c
 CROSS JOIN LATERAL (
       SELECT pg_catalog.regr_intercept(m.value, m.x)
              + pg_catalog.regr_slope(m.value, m.x)
                * pg_catalog.date_part('epoch',
                      ((okr.period_end(o.period) + 1)::pg_catalog.timestamptz)) AS forecast_value
         FROM (SELECT pg_catalog.date_part('epoch', c.at) AS x, c.value
                 FROM okr.check_in c
                WHERE k.source = 'check_ins'
                  AND c.tenant = k.tenant AND c.key_result_id = k.id
               UNION ALL
               SELECT pg_catalog.date_part('epoch', d.done_at),
                      COALESCE(okr.baseline(k.target), 0)
                      + pg_catalog.sum(d.amount) OVER (ORDER BY d.done_at, d.id)
                 FROM okr.output d
                WHERE k.source = 'outputs'
                  AND d.tenant = k.tenant AND d.key_result_id = k.id
                  AND d.status = 'done' AND d.done_at IS NOT NULL) m) f;
COMMENT ON COLUMN okr.key_result_progress.tenant IS 'Tenant the key result belongs to.';
COMMENT ON COLUMN okr.key_result_progress.key_result_id IS 'Key result id (unique within the tenant).';
COMMENT ON COLUMN okr.key_result_progress.objective_id IS 'The objective the key result measures.';
COMMENT ON COLUMN okr.key_result_progress.objective_title IS 'Title of that objective.';
COMMENT ON COLUMN okr.key_result_progress.title IS 'Key result title.';
COMMENT ON COLUMN okr.key_result_progress.measures IS 'outcome (a change in the world) or output (a deliverable).';
COMMENT ON COLUMN okr.key_result_progress.source IS 'What feeds value: check_ins (latest check-in) or outputs (baseline + amounts of done outputs).';
COMMENT ON COLUMN okr.key_result_progress.unit IS 'Unit of value, baseline and goal (free text, e.g. hours, VMs).';
COMMENT ON COLUMN okr.key_result_progress.target IS 'The target as text: ''a -> b'', ''>= x'', ''<= x'', ''>= x from w'', ''<= x from w'' (partial credit from the worst value w), ''lo .. hi'' or ''milestone''; NULL until it is set.';
COMMENT ON COLUMN okr.key_result_progress.direction IS 'Kind of target: increase, decrease, at_least, at_most, within or milestone.';
COMMENT ON COLUMN okr.key_result_progress.baseline IS 'Where progress starts (a of ''a -> b''; w of ''>= x from w'' or ''<= x from w''; 0 for a milestone; NULL for other thresholds and bands).';
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
COMMENT ON COLUMN okr.key_result_progress.forecast_value IS 'Projected value at the end of the period (00:00 after its last day): least-squares line (regr_slope, regr_intercept) through the check-ins, or through the value after each done output for output-fed key results; NULL with fewer than 2 measurements at distinct times.';
COMMENT ON COLUMN okr.key_result_progress.forecast_score IS 'Score the forecast value would get (okr.score with the key result''s cap); NULL without a forecast.';
COMMENT ON COLUMN okr.key_result_progress.created_at IS 'When the key result was created.';
COMMENT ON COLUMN okr.key_result_progress.owner IS 'Who is accountable for the key result (free text; NULL if unassigned).';
COMMENT ON COLUMN okr.key_result_progress.external_id IS 'The key result''s key in an external system (unique per tenant); NULL if none.';
COMMENT ON COLUMN okr.key_result_progress.attributes IS 'The application''s custom fields and tags, as JSON text (an object; ''{}'' when none).';

CREATE OR REPLACE VIEW okr.check_in_history WITH (security_invoker = true) AS
SELECT c.tenant,
       c.id AS check_in_id,
       c.key_result_id,
       k.objective_id,
       k.title AS key_result_title,
       k.unit,
       c.at,
       c.value,
       c.value - pg_catalog.lag(c.value) OVER w AS change,
       c.confidence,
       c.note,
       c.author,
       okr.progress(k.target, c.value) AS progress,
       okr.score(k.target, c.value, k.cap) AS score,
       okr.elapsed(o.period, c.at) AS expected,
       okr.status(okr.score(k.target, c.value, k.cap), okr.elapsed(o.period, c.at), c.tenant) AS status,
       pg_catalog.row_number() OVER w = pg_catalog.count(*) OVER (PARTITION BY c.tenant, c.key_result_id) AS is_latest,
       c.external_id,
       okr.confidence_fraction(c.confidence, c.tenant) AS confidence_fraction
  FROM okr.check_in c
  JOIN okr.key_result k ON k.tenant = c.tenant AND k.id = c.key_result_id
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
WINDOW w AS (PARTITION BY c.tenant, c.key_result_id ORDER BY c.at, c.id);
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
COMMENT ON COLUMN okr.check_in_history.status IS 'Pace at the time of the check-in: on_track, at_risk or off_track (score against expected).';
COMMENT ON COLUMN okr.check_in_history.external_id IS 'The check-in''s key in an external system (unique per tenant); NULL if none.';
COMMENT ON COLUMN okr.check_in_history.is_latest IS 'True for the key result''s latest check-in (by at, then id): the one that gives its current value.';
