-- security (issue 7): the views, lint and history functions that grade or
-- pace switched to the tenant forms okr.grade(score, tenant) and
-- okr.status(score, expected, tenant); okr.score_series bounded
-- (okr.series_start).  Copies of sql/install/60-lint.sql, 70-views.sql and
-- 80-history.sql.
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
       o.created_at
  FROM okr.objective o
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p;

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
       CASE WHEN k.value IS NULL THEN 'no_data'
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
       k.created_at
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

CREATE OR REPLACE VIEW okr.alignment_tree WITH (security_invoker = true) AS
WITH RECURSIVE walk (tenant, objective_id, root_id, parent_id, weight, depth,
                     path, title_path, path_sort, ids) AS (
    SELECT o.tenant, o.id, o.id, NULL::bigint, NULL::double precision, 0,
           o.id::pg_catalog.text, o.title,
           pg_catalog.lpad(o.id::pg_catalog.text, 19, '0'),
           ARRAY[o.id]
      FROM okr.objective o
     WHERE NOT EXISTS (SELECT FROM okr.alignment a
                        WHERE a.tenant = o.tenant AND a.child_id = o.id)
    UNION ALL
    SELECT w.tenant, c.id, w.root_id, w.objective_id, a.weight, w.depth + 1,
           w.path || ' > ' || c.id::pg_catalog.text,
           w.title_path || ' > ' || c.title,
           w.path_sort || '/' || pg_catalog.lpad(c.id::pg_catalog.text, 19, '0'),
           w.ids || c.id
      FROM walk w
      JOIN okr.alignment a ON a.tenant = w.tenant AND a.parent_id = w.objective_id
      JOIN okr.objective c ON c.tenant = a.tenant AND c.id = a.child_id
     WHERE c.id <> ALL (w.ids)
)
SELECT w.tenant,
       w.objective_id,
       o.title,
       o.owner,
       o.state,
       o.period::pg_catalog.text AS period,
       o.score,
       okr.grade(o.score, o.tenant) AS grade,
       w.depth,
       w.root_id,
       w.parent_id,
       w.weight,
       w.path,
       w.title_path,
       w.path_sort,
       NOT EXISTS (SELECT FROM okr.alignment a
                    WHERE a.tenant = w.tenant AND a.parent_id = w.objective_id) AS is_leaf
  FROM walk w
  JOIN okr.objective o ON o.tenant = w.tenant AND o.id = w.objective_id;

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
       pg_catalog.row_number() OVER w = pg_catalog.count(*) OVER (PARTITION BY c.tenant, c.key_result_id) AS is_latest
  FROM okr.check_in c
  JOIN okr.key_result k ON k.tenant = c.tenant AND k.id = c.key_result_id
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
WINDOW w AS (PARTITION BY c.tenant, c.key_result_id ORDER BY c.at, c.id);

CREATE OR REPLACE FUNCTION okr.lint()
    RETURNS TABLE (tenant text, object text, severity text, rule text, message text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT o.tenant, 'objective ' || o.id, 'warning', 'no_key_results',
           format('Objective %s "%s" has no key results: nothing says when it is achieved.', o.id, o.title)
      FROM okr.objective o
     WHERE o.state <> 'closed' AND o.rollup <> 'children'
       AND NOT EXISTS (SELECT FROM okr.key_result k
                        WHERE k.tenant = o.tenant AND k.objective_id = o.id)
    UNION ALL
    SELECT o.tenant, 'objective ' || o.id, 'warning', 'only_outputs',
           format('All key results of objective %s "%s" measure outputs. Outputs matter only as far as they move outcomes: add a key result that measures the outcome.', o.id, o.title)
      FROM okr.objective o
     WHERE o.state <> 'closed'
       AND EXISTS (SELECT FROM okr.key_result k
                    WHERE k.tenant = o.tenant AND k.objective_id = o.id)
       AND NOT EXISTS (SELECT FROM okr.key_result k
                        WHERE k.tenant = o.tenant AND k.objective_id = o.id
                          AND k.measures = 'outcome')
    UNION ALL
    SELECT k.tenant, 'key_result ' || k.id, 'notice', 'stale',
           format('Key result %s "%s" has had no check-in since %s.', k.id, k.title,
                  COALESCE(to_char(last.at, 'YYYY-MM-DD'), 'it was created'))
      FROM okr.key_result k
      JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
      LEFT JOIN LATERAL (SELECT max(c.at) AS at FROM okr.check_in c
                          WHERE c.tenant = k.tenant AND c.key_result_id = k.id) last ON true
     WHERE o.state = 'active' AND k.source = 'check_ins'
       AND COALESCE(last.at, k.created_at) < now() - (okr.tenant_policy(k.tenant)).stale_after
    UNION ALL
    SELECT o.tenant, 'owner ' || o.owner, 'notice', 'too_many_objectives',
           format('%s owns %s active objectives for %s (okr.max_objectives_per_owner = %s): focus on fewer.',
                  o.owner, count(*), o.period::text, (okr.tenant_policy(o.tenant)).max_objectives_per_owner)
      FROM okr.objective o
     WHERE o.state = 'active' AND o.owner IS NOT NULL
     GROUP BY o.tenant, o.owner, o.period::text
    HAVING (okr.tenant_policy(o.tenant)).max_objectives_per_owner > 0
       AND count(*) > (okr.tenant_policy(o.tenant)).max_objectives_per_owner
     ORDER BY 1, 2, 4;
END;

CREATE OR REPLACE FUNCTION okr.scorecard_at(at timestamptz)
    RETURNS TABLE (tenant text, objective_id bigint, title text, owner text,
                   commitment text, state text, rollup text, period text,
                   period_start date, period_end date,
                   score double precision, expected double precision,
                   status text, grade text, key_results bigint,
                   parent_ids text, child_ids text, final_grade text,
                   closed_at timestamptz, created_at timestamptz)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    SELECT o.tenant, o.id, o.title, o.owner, o.commitment,
           CASE WHEN o.state = 'closed' AND o.closed_at <= scorecard_at.at THEN 'closed'
                WHEN o.state = 'closed' THEN 'active'
                ELSE o.state END,
           o.rollup,
           o.period::pg_catalog.text,
           okr.period_start(o.period), okr.period_end(o.period),
           s.score,
           okr.elapsed(o.period, scorecard_at.at),
           CASE WHEN s.score IS NULL THEN 'no_data'
                ELSE okr.status(s.score, okr.elapsed(o.period, scorecard_at.at), o.tenant) END,
           okr.grade(s.score, o.tenant),
           (SELECT pg_catalog.count(*) FROM okr.key_result k
             WHERE k.tenant = o.tenant AND k.objective_id = o.id
               AND k.created_at <= scorecard_at.at),
           (SELECT pg_catalog.string_agg(a.parent_id::pg_catalog.text, ',' ORDER BY a.parent_id)
              FROM okr.alignment a
              JOIN okr.objective p ON p.tenant = a.tenant AND p.id = a.parent_id
             WHERE a.tenant = o.tenant AND a.child_id = o.id
               AND p.created_at <= scorecard_at.at),
           (SELECT pg_catalog.string_agg(a.child_id::pg_catalog.text, ',' ORDER BY a.child_id)
              FROM okr.alignment a
              JOIN okr.objective c ON c.tenant = a.tenant AND c.id = a.child_id
             WHERE a.tenant = o.tenant AND a.parent_id = o.id
               AND c.created_at <= scorecard_at.at),
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.final_grade END,
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.closed_at END,
           o.created_at
      FROM okr.scores_at(scorecard_at.at) s
      JOIN okr.objective o ON o.tenant = s.tenant AND o.id = s.id
     WHERE s.kind = 'objective'
     ORDER BY o.tenant, o.id;
END;

CREATE OR REPLACE FUNCTION okr.score_series(objective_id bigint, from_at timestamptz,
                                 to_at timestamptz, step interval,
                                 tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (at timestamptz, kind text, id bigint, title text,
                   value double precision, score double precision,
                   expected double precision, status text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    SELECT g.at, s.kind, s.id, COALESCE(k.title, o.title), s.value, s.score,
           okr.elapsed(o.period, g.at),
           CASE WHEN (s.kind = 'objective' AND s.score IS NULL)
                  OR (s.kind = 'key_result' AND s.value IS NULL) THEN 'no_data'
                ELSE okr.status(s.score, okr.elapsed(o.period, g.at), o.tenant) END
      FROM pg_catalog.generate_series(okr.series_start(score_series.from_at, score_series.to_at, score_series.step), score_series.to_at,
                                      score_series.step) AS g (at)
     CROSS JOIN LATERAL okr.scores_at(g.at, score_series.tenant, score_series.objective_id) s
      JOIN okr.objective o ON o.tenant = score_series.tenant AND o.id = score_series.objective_id
      LEFT JOIN okr.key_result k ON k.tenant = s.tenant AND k.id = s.id AND s.kind = 'key_result'
     WHERE (s.kind = 'objective' AND s.id = score_series.objective_id)
        OR (s.kind = 'key_result' AND k.objective_id = score_series.objective_id)
     ORDER BY g.at, s.kind DESC, s.id;
END;
