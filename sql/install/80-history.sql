-- History and time travel, series and explanations.
--
-- okr.scores_at(at) is the one place that recomputes the rollup as of a past
-- instant; okr.scorecard_at, okr.score_series and okr.explain(..., at) use it.
-- It follows the rules of okr.key_result_computed and okr.objective_computed
-- (40-store.sql), applied to the data as it stood at "at":
--   * objectives and key results created after "at" do not exist yet, nor do
--     alignments that touch such an objective;
--   * a key result fed by check-ins has the value of its latest check-in with
--     at <= the instant (by at, then id); one fed by outputs has baseline
--     (0 if none) + the amounts of outputs done with done_at <= the instant;
--     no value yet means score 0, as in the live rollup;
--   * an objective closed by then (closed_at <= the instant) keeps the score
--     it was frozen with; any other objective is the weighted mean of its
--     key results' and/or children's scores per its rollup, children without
--     a score left out, NULL when there is nothing to average.
-- Objectives are computed children before parents: each round computes every
-- objective whose inputs are all known, so a DAG of height h takes h + 1
-- rounds.  The state of a round is two arrays indexed by the objective's
-- ordinal: done flags and scores.  A score not known (or NULL) is stored as
-- NaN, which scores never are, so that the arrays have no NULLs and reading
-- an element is O(1).
--
-- These functions SET jit = off: their plans are large (recursive CTEs, many
-- subplans) but fast to run, and JIT-compiling them took a second where
-- running them took milliseconds.

CREATE FUNCTION okr.scores_at(at timestamptz, for_tenant text DEFAULT NULL,
                              root bigint DEFAULT NULL)
    RETURNS TABLE (tenant text, kind text, id bigint,
                   value double precision, score double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    WITH RECURSIVE
    sub (tenant, id) AS (
        SELECT o.tenant, o.id
          FROM okr.objective o
         WHERE o.id = scores_at.root
           AND (scores_at.for_tenant IS NULL OR o.tenant = scores_at.for_tenant)
        UNION
        SELECT a.tenant, a.child_id
          FROM sub JOIN okr.alignment a ON a.tenant = sub.tenant AND a.parent_id = sub.id),
    obj AS MATERIALIZED (
        SELECT o.tenant, o.id, o.rollup,
               (o.state = 'closed' AND o.closed_at <= scores_at.at) AS frozen,
               o.score AS frozen_score,
               pg_catalog.row_number() OVER (ORDER BY o.tenant, o.id)::integer AS ord
          FROM okr.objective o
         WHERE o.created_at <= scores_at.at
           AND (scores_at.for_tenant IS NULL OR o.tenant = scores_at.for_tenant)
           AND (scores_at.root IS NULL
                OR EXISTS (SELECT FROM sub WHERE sub.tenant = o.tenant AND sub.id = o.id))),
    krv AS MATERIALIZED (
        SELECT k.tenant, k.id, b.ord, b.rollup, k.weight, k.target, k.cap,
               CASE k.source
               WHEN 'check_ins' THEN
                   (SELECT c.value FROM okr.check_in c
                     WHERE c.tenant = k.tenant AND c.key_result_id = k.id
                       AND c.at <= scores_at.at
                     ORDER BY c.at DESC, c.id DESC LIMIT 1)
               ELSE
                   COALESCE(okr.baseline(k.target), 0)
                   + (SELECT COALESCE(pg_catalog.sum(d.amount), 0) FROM okr.output d
                       WHERE d.tenant = k.tenant AND d.key_result_id = k.id
                         AND d.status = 'done' AND d.done_at <= scores_at.at)
               END AS value
          FROM okr.key_result k
          JOIN obj b ON b.tenant = k.tenant AND b.id = k.objective_id
         WHERE k.created_at <= scores_at.at),
    kr AS MATERIALIZED (
        SELECT v.tenant, v.id, v.ord, v.rollup, v.weight, v.value,
               CASE WHEN v.value IS NULL THEN 0::double precision
                    ELSE okr.score(v.target, v.value, v.cap) END AS score
          FROM krv v),
    node AS MATERIALIZED (
        SELECT b.ord, b.frozen, b.frozen_score,
               ki.scores AS kr_scores, ki.weights AS kr_weights,
               ci.ords AS child_ords, ci.weights AS child_weights
          FROM obj b
          LEFT JOIN (SELECT kr.ord,
                            pg_catalog.array_agg(kr.score ORDER BY kr.id) AS scores,
                            pg_catalog.array_agg(kr.weight ORDER BY kr.id) AS weights
                       FROM kr
                      WHERE kr.rollup <> 'children'
                      GROUP BY kr.ord) ki ON ki.ord = b.ord
          LEFT JOIN (SELECT p.ord,
                            pg_catalog.array_agg(c.ord ORDER BY c.id) AS ords,
                            pg_catalog.array_agg(a.weight ORDER BY c.id) AS weights
                       FROM okr.alignment a
                       JOIN obj p ON p.tenant = a.tenant AND p.id = a.parent_id
                       JOIN obj c ON c.tenant = a.tenant AND c.id = a.child_id
                      WHERE p.rollup <> 'key_results' AND NOT p.frozen
                      GROUP BY p.ord) ci ON ci.ord = b.ord),
    rounds (n, done, scores) AS (
        SELECT 0,
               pg_catalog.array_fill(false, ARRAY[(SELECT pg_catalog.count(*)::integer FROM obj)]),
               pg_catalog.array_fill('NaN'::double precision, ARRAY[(SELECT pg_catalog.count(*)::integer FROM obj)])
        UNION ALL
        SELECT r.n + 1, nx.done, nx.scores
          FROM rounds r
         CROSS JOIN LATERAL (
               SELECT pg_catalog.array_agg(x.ready ORDER BY x.ord) AS done,
                      pg_catalog.array_agg(
                          CASE WHEN r.done[x.ord] OR NOT x.ready THEN r.scores[x.ord]
                               WHEN x.frozen THEN COALESCE(x.frozen_score, 'NaN')
                               ELSE COALESCE(
                                   (SELECT okr.weighted_score(i.score, i.weight)
                                      FROM (SELECT u.score, u.weight
                                              FROM ROWS FROM (pg_catalog.unnest(x.kr_scores),
                                                              pg_catalog.unnest(x.kr_weights)) AS u (score, weight)
                                            UNION ALL
                                            SELECT NULLIF(r.scores[u.ord], 'NaN'), u.weight
                                              FROM ROWS FROM (pg_catalog.unnest(x.child_ords),
                                                              pg_catalog.unnest(x.child_weights)) AS u (ord, weight)) i),
                                   'NaN')
                          END ORDER BY x.ord) AS scores
                 FROM (SELECT m.*,
                              r.done[m.ord]
                              OR (SELECT pg_catalog.bool_and(r.done[u.ord])
                                    FROM pg_catalog.unnest(m.child_ords) AS u (ord)) IS NOT FALSE AS ready
                         FROM node m) x) nx
         WHERE false = ANY (r.done)
           AND r.n < pg_catalog.cardinality(r.done)),
    final AS (
        SELECT r.scores FROM rounds r ORDER BY r.n DESC LIMIT 1)
    SELECT b.tenant, 'objective', b.id, NULL::double precision,
           NULLIF(f.scores[b.ord], 'NaN')
      FROM obj b, final f
    UNION ALL
    SELECT kr.tenant, 'key_result', kr.id, kr.value, kr.score
      FROM kr;
END;
COMMENT ON FUNCTION okr.scores_at(timestamptz, text, bigint) IS
    'Every objective''s score and every key result''s value and score as they stood at "at", recomputed from check-ins (at) and done outputs (done_at); objects created after "at" are left out, objectives closed by then keep their frozen score. Optional for_tenant restricts to one tenant (NULL = all), root to that objective and the objectives aligned under it. The engine of okr.scorecard_at, okr.score_series and okr.explain(id, at).';

CREATE FUNCTION okr.scorecard_at(at timestamptz)
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
COMMENT ON FUNCTION okr.scorecard_at(timestamptz) IS
    'okr.scorecard as it stood at "at": scores recomputed from the check-in and output history (okr.scores_at), expected = okr.elapsed(period, at), key_results / parent_ids / child_ids counting only what existed then. Objectives created after "at" are left out; one closed after "at" shows state active and no final grade. Titles, owners and other descriptive columns are today''s (their history is not kept). For burn-up charts without snapshots.';

CREATE FUNCTION okr.score_series(objective_id bigint, from_at timestamptz,
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
COMMENT ON FUNCTION okr.score_series(bigint, timestamptz, timestamptz, interval, text) IS
    'Burn-up data: the objective''s score and its key results'' values and scores at from_at, from_at + step, ... up to to_at (okr.scores_at at each instant), with the expected pace and status. Rows appear from the instant each object exists. Tenant defaults to okr.tenant.';

-- How a score was produced: the tree of inputs below one objective.
CREATE FUNCTION okr.explain(objective_id bigint, at timestamptz DEFAULT NULL,
                            tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (depth integer, path text, kind text, id bigint, title text,
                   weight double precision, score double precision,
                   share_of_parent double precision, contribution double precision,
                   value double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    WITH RECURSIVE
    sc AS MATERIALIZED (
        SELECT 'objective' AS kind, o.id, NULL::double precision AS value, o.score,
               o.state = 'closed' AS frozen
          FROM okr.objective o
         WHERE explain.at IS NULL AND o.tenant = explain.tenant
        UNION ALL
        SELECT 'key_result', k.id, k.value, k.score, false
          FROM okr.key_result k
         WHERE explain.at IS NULL AND k.tenant = explain.tenant
        UNION ALL
        SELECT s.kind, s.id, s.value, s.score,
               s.kind = 'objective' AND EXISTS (
                   SELECT FROM okr.objective o
                    WHERE o.tenant = s.tenant AND o.id = s.id
                      AND o.state = 'closed' AND o.closed_at <= explain.at)
          FROM okr.scores_at(explain.at, explain.tenant, explain.objective_id) s
         WHERE explain.at IS NOT NULL),
    input AS MATERIALIZED (
        SELECT x.parent_id, x.kind, x.id, x.weight, x.score, x.value, x.frozen,
               CASE WHEN x.score IS NOT NULL
                    THEN x.weight / pg_catalog.sum(x.weight) FILTER (WHERE x.score IS NOT NULL)
                                    OVER (PARTITION BY x.parent_id)
                    ELSE 0 END AS share
          FROM (SELECT k.objective_id AS parent_id, 'key_result' AS kind, k.id, k.weight,
                       s.score, s.value, false AS frozen
                  FROM okr.key_result k
                  JOIN okr.objective p ON p.tenant = k.tenant AND p.id = k.objective_id
                  JOIN sc s ON s.kind = 'key_result' AND s.id = k.id
                 WHERE k.tenant = explain.tenant AND p.rollup <> 'children'
                UNION ALL
                SELECT a.parent_id, 'objective', a.child_id, a.weight, s.score, NULL, s.frozen
                  FROM okr.alignment a
                  JOIN okr.objective p ON p.tenant = a.tenant AND p.id = a.parent_id
                  JOIN sc s ON s.kind = 'objective' AND s.id = a.child_id
                 WHERE a.tenant = explain.tenant AND p.rollup <> 'key_results'
                   AND EXISTS (SELECT FROM sc q WHERE q.kind = 'objective' AND q.id = a.parent_id)) x),
    tree (depth, path, sort, kind, id, weight, score, share, contribution, value,
          descend, ids) AS (
        SELECT 0, 'O' || s.id::pg_catalog.text,
               pg_catalog.lpad(s.id::pg_catalog.text, 19, '0'),
               'objective', s.id, NULL::double precision, s.score,
               1::double precision, s.score, NULL::double precision,
               true, ARRAY[s.id]
          FROM sc s
         WHERE s.kind = 'objective' AND s.id = explain.objective_id
        UNION ALL
        SELECT t.depth + 1,
               t.path || ' > ' || CASE i.kind WHEN 'objective' THEN 'O' ELSE 'KR' END
                      || i.id::pg_catalog.text,
               t.sort || '/' || CASE i.kind WHEN 'objective' THEN '1' ELSE '0' END
                      || pg_catalog.lpad(i.id::pg_catalog.text, 19, '0'),
               i.kind, i.id, i.weight, i.score, i.share,
               CASE WHEN i.score IS NULL THEN 0 ELSE i.share * i.score END,
               i.value,
               i.kind = 'objective' AND NOT i.frozen,
               t.ids || i.id
          FROM tree t
          JOIN input i ON i.parent_id = t.id
         WHERE t.kind = 'objective' AND t.descend
           AND NOT (i.kind = 'objective' AND i.id = ANY (t.ids)))
    SELECT t.depth, t.path, t.kind, t.id, COALESCE(o.title, k.title),
           t.weight, t.score, t.share, t.contribution, t.value
      FROM tree t
      LEFT JOIN okr.objective o ON t.kind = 'objective' AND o.tenant = explain.tenant AND o.id = t.id
      LEFT JOIN okr.key_result k ON t.kind = 'key_result' AND k.tenant = explain.tenant AND k.id = t.id
     ORDER BY t.sort;
END;
COMMENT ON FUNCTION okr.explain(bigint, timestamptz, text) IS
    'How an objective''s score was produced: the objective (depth 0, share 1), then every input down the tree per each objective''s rollup - key results and aligned objectives - with its weight, score, share_of_parent = weight / sum of the weights of the parent''s scored inputs, and contribution = share_of_parent * score, so that the contributions of a node''s inputs add up to its score. path lists ids from the objective, O for objectives and KR for key results (''O1 > O2 > KR5''). Inputs without a score have share 0; objectives closed below the root are leaves (their score is frozen); for a closed root its current inputs are shown, which may no longer add up to its frozen score. at NULL (default) explains the maintained scores, else the scores as of at (okr.scores_at). Tenant defaults to okr.tenant.';
