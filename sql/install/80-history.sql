-- History and time travel, series and explanations.
--
-- okr.scores_over(steps, ...) is the one place that recomputes the rollup as
-- of past instants, all of them in one pass; okr.scores_at, okr.scorecard_at,
-- okr.score_series and okr.explain(..., at) use it.  It follows the rules of
-- okr.key_result_computed and okr.objective_computed (40-store.sql), applied
-- to the dated inputs as they stand at each instant:
--   * the structure is today's: every objective, key result and alignment
--     counts, whenever it was created or entered (created_at plays no part),
--     so history imported today shows in the past it describes;
--   * a key result fed by check-ins has the value of its latest check-in with
--     at <= the instant (by at, then id); one fed by outputs has baseline
--     (0 if none) + the amounts of outputs done with done_at <= the instant;
--     no value yet means score 0, as in the live rollup;
--   * a key result is scored against the target, weight and cap in force at
--     the instant (okr.key_result_version keeps those it had before each
--     change);
--   * an objective closed by then (closed_at <= the instant) keeps the score
--     it was frozen with; any other objective is the weighted mean of its
--     key results' and/or children's scores per its rollup, children without
--     a score and draft children left out, NULL when there is nothing to
--     average.
-- Key results are read once for all instants: okr.key_result_steps gives,
-- per key result, one row per step in which its value changed (by lookups;
-- for a large subtree src/history.c reads the same from one ordered scan of
-- the tenant's check-ins and outputs).  Objectives
-- are then computed children first (a topological sort of the alignments
-- read) in C arrays of float8 per (objective, step), src/history.c: a
-- child's scores are final before any parent reads them, so one pass
-- suffices.
--
-- These functions SET jit = off: their plans are large but fast to run, and
-- JIT-compiling them took a second where running them took milliseconds.

-- Effective-dated targets: a key result keeps the target, weight and cap it
-- had before each change, with the instant the change took effect (the
-- transaction's now()), so that every past score uses what was in force
-- then.  Only changed key results have rows: the rest read key_result.
CREATE TABLE okr.key_result_version (
    tenant        text NOT NULL,
    key_result_id bigint NOT NULL,
    valid_until   timestamptz NOT NULL,
    target        okr.target,
    weight        double precision NOT NULL,
    cap           double precision NOT NULL,
    PRIMARY KEY (tenant, key_result_id, valid_until)
);
COMMENT ON TABLE okr.key_result_version IS
    'History of key results'' targets, weights and caps: each row was in force until valid_until (exclusive), from the previous row''s valid_until (or forever before); the key result''s own row is in force from its latest valid_until on. Written by a trigger when target, weight or cap change.';
SELECT pg_catalog.pg_extension_config_dump('okr.key_result_version', '');

CREATE FUNCTION okr.key_result_versioned() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    IF TG_OP = 'UPDATE' THEN
        -- the values of before this transaction, if it changes them twice
        INSERT INTO okr.key_result_version
        VALUES (OLD.tenant, OLD.id, now(), OLD.target, OLD.weight, OLD.cap)
            ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM okr.key_result_version v USING old_rows o
         WHERE v.tenant = o.tenant AND v.key_result_id = o.id;
    ELSE  -- TRUNCATE
        TRUNCATE okr.key_result_version;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.key_result_versioned() IS
    'Trigger: keeps okr.key_result_version (the values before a change of target, weight or cap; none for deleted key results).';
CREATE TRIGGER versioned AFTER UPDATE OF target, weight, cap ON okr.key_result
    FOR EACH ROW WHEN (OLD.target::text IS DISTINCT FROM NEW.target::text
                       OR OLD.weight IS DISTINCT FROM NEW.weight OR OLD.cap IS DISTINCT FROM NEW.cap)
    EXECUTE FUNCTION okr.key_result_versioned();
CREATE TRIGGER versions_after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.key_result_versioned();
CREATE TRIGGER versions_after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.key_result_versioned();
REVOKE EXECUTE ON FUNCTION okr.key_result_versioned() FROM PUBLIC;

-- For the objectives (tenants[i], ids[i]), i = ordinal: each key result's
-- value and score at the end of every step (steps ascending) in which it
-- changed, with delta = the change of weight * score and dden = the change
-- of weight at that step; first marks the row that brings the key result's
-- weight in from step 1 (dden then is 0).  A key result without a value by
-- the last step gives one row with step NULL.  A key result whose target,
-- weight or cap changed (okr.key_result_version) gives a row for every
-- step, each with what was in force then.
CREATE FUNCTION okr.key_result_steps(steps timestamptz[], tenants text[], ids bigint[])
    RETURNS TABLE (tenant text, id bigint, ord bigint, weight double precision, step integer,
                   value double precision, score double precision, delta double precision,
                   dden double precision, first boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    WITH o AS (
        SELECT o.tenant, o.id, o.ord
          FROM ROWS FROM (pg_catalog.unnest(key_result_steps.tenants), pg_catalog.unnest(key_result_steps.ids))
               WITH ORDINALITY AS o (tenant, id, ord)),
    k AS (
        SELECT o.ord, k.tenant, k.id, k.source, k.target, k.weight, k.cap,
               pg_catalog.cardinality(key_result_steps.steps) AS n,
               key_result_steps.steps[pg_catalog.cardinality(key_result_steps.steps)] AS last,
               EXISTS (SELECT FROM okr.key_result_version x
                        WHERE x.tenant = k.tenant AND x.key_result_id = k.id) AS versioned
          FROM o JOIN okr.key_result k ON k.tenant = o.tenant AND k.objective_id = o.id)
    -- one instant: the latest check-in by then, or the done outputs' sum
    -- (a key result without a target yet has no score and does not count)
    SELECT k.tenant, k.id, k.ord, k.weight, CASE WHEN v.value IS NOT NULL THEN 1 END, v.value,
           CASE WHEN k.target IS NOT NULL THEN COALESCE(okr.score(k.target, v.value, k.cap), 0) END,
           COALESCE(k.weight * okr.score(k.target, v.value, k.cap), 0), 0, k.target IS NOT NULL
      FROM k
     CROSS JOIN LATERAL (
           SELECT CASE k.source
                  WHEN 'check_ins' THEN
                      (SELECT c.value FROM okr.check_in c
                        WHERE c.tenant = k.tenant AND c.key_result_id = k.id AND c.at <= k.last
                        ORDER BY c.at DESC, c.id DESC LIMIT 1)
                  ELSE COALESCE(okr.baseline(k.target), 0)
                       + (SELECT COALESCE(pg_catalog.sum(d.amount), 0) FROM okr.output d
                           WHERE d.tenant = k.tenant AND d.key_result_id = k.id
                             AND d.status = 'done' AND d.done_at <= k.last)
                  END AS value
           OFFSET 0) v  -- evaluate value once per row, not once per use
     WHERE k.n = 1 AND NOT k.versioned
    UNION ALL
    -- several instants, check-ins: the latest of each step in which one
    -- falls (read newest first, one pass)
    SELECT k.tenant, k.id, k.ord, k.weight, v.step, v.value, COALESCE(v.score, 0),
           COALESCE(k.weight * (v.score - COALESCE(v.before, 0)), 0), 0, v.first IS NOT FALSE
      FROM k
      LEFT JOIN LATERAL (
           SELECT x.step, x.value, x.score,
                  pg_catalog.lag(x.score) OVER (ORDER BY x.step) AS before,
                  pg_catalog.row_number() OVER (ORDER BY x.step) = 1 AS first
             FROM (SELECT c.step, c.value, okr.score(k.target, c.value, k.cap) AS score
                     FROM (SELECT 1 + pg_catalog.width_bucket(c.at - interval '1 microsecond',
                                                              key_result_steps.steps) AS step,
                                  c.value,
                                  pg_catalog.lag(1 + pg_catalog.width_bucket(c.at - interval '1 microsecond',
                                                                             key_result_steps.steps))
                                      OVER (ORDER BY c.at DESC, c.id DESC) AS later_step
                             FROM okr.check_in c
                            WHERE c.tenant = k.tenant AND c.key_result_id = k.id AND c.at <= k.last) c
                    WHERE c.later_step IS DISTINCT FROM c.step) x) v ON true
     WHERE k.n > 1 AND NOT k.versioned AND k.target IS NOT NULL AND k.source = 'check_ins'
    UNION ALL
    -- several instants, outputs: baseline + the running sum of amounts done
    SELECT k.tenant, k.id, k.ord, k.weight, v.step, v.value, v.score,
           k.weight * (v.score - COALESCE(v.before, 0)), 0, v.first
      FROM k
     CROSS JOIN LATERAL (
           SELECT x.step, x.value, x.score,
                  pg_catalog.lag(x.score) OVER (ORDER BY x.step) AS before,
                  pg_catalog.row_number() OVER (ORDER BY x.step) = 1 AS first
             FROM (SELECT x.step, x.value, okr.score(k.target, x.value, k.cap) AS score
             FROM (SELECT u.step, COALESCE(okr.baseline(k.target), 0)
                                  + pg_catalog.sum(pg_catalog.sum(u.amount)) OVER (ORDER BY u.step) AS value
                     FROM (SELECT 1 AS step, 0::double precision AS amount
                           UNION ALL
                           SELECT 1 + pg_catalog.width_bucket(d.done_at - interval '1 microsecond',
                                                              key_result_steps.steps),
                                  d.amount
                             FROM okr.output d
                            WHERE d.tenant = k.tenant AND d.key_result_id = k.id
                              AND d.status = 'done' AND d.done_at <= k.last) u
                    GROUP BY u.step) x) x) v
     WHERE k.n > 1 AND NOT k.versioned AND k.target IS NOT NULL AND k.source = 'outputs'
    UNION ALL
    -- several instants, no target yet: no score, does not count
    SELECT k.tenant, k.id, k.ord, k.weight, NULL, NULL, NULL, 0, 0, false
      FROM k
     WHERE k.n > 1 AND NOT k.versioned AND k.target IS NULL
    UNION ALL
    -- a key result whose target, weight or cap changed: every step, each
    -- with what was in force then
    -- (without a target then: no score, and a weight that counts 0)
    SELECT k.tenant, k.id, k.ord, x.weight, x.step, x.value, x.score,
           x.weight * COALESCE(x.score, 0) - COALESCE(pg_catalog.lag(x.weight * COALESCE(x.score, 0)) OVER w, 0),
           x.weight - COALESCE(pg_catalog.lag(x.weight) OVER w, 0), false
      FROM k
     CROSS JOIN LATERAL (
           SELECT n.step, val.value,
                  CASE WHEN f.target IS NULL THEN 0 ELSE f.weight END AS weight,
                  CASE WHEN f.target IS NULL THEN NULL
                       WHEN val.value IS NULL THEN 0
                       ELSE okr.score(f.target, val.value, f.cap) END AS score
             FROM pg_catalog.generate_series(1, k.n) AS n (step)
            CROSS JOIN LATERAL (
                  SELECT CASE WHEN ver.found THEN ver.target ELSE k.target END AS target,
                         COALESCE(ver.weight, k.weight) AS weight, COALESCE(ver.cap, k.cap) AS cap
                    FROM (SELECT) AS one
                    LEFT JOIN LATERAL (
                         SELECT true AS found, ver.target, ver.weight, ver.cap FROM okr.key_result_version ver
                          WHERE ver.tenant = k.tenant AND ver.key_result_id = k.id
                            AND ver.valid_until > key_result_steps.steps[n.step]
                          ORDER BY ver.valid_until LIMIT 1) ver ON true) f
            CROSS JOIN LATERAL (
                  SELECT CASE k.source
                         WHEN 'check_ins' THEN
                             (SELECT c.value FROM okr.check_in c
                               WHERE c.tenant = k.tenant AND c.key_result_id = k.id
                                 AND c.at <= key_result_steps.steps[n.step]
                               ORDER BY c.at DESC, c.id DESC LIMIT 1)
                         ELSE COALESCE(okr.baseline(f.target), 0)
                              + (SELECT COALESCE(pg_catalog.sum(d.amount), 0) FROM okr.output d
                                  WHERE d.tenant = k.tenant AND d.key_result_id = k.id
                                    AND d.status = 'done' AND d.done_at <= key_result_steps.steps[n.step])
                         END AS value) val) x
     WHERE k.versioned
    WINDOW w AS (PARTITION BY k.tenant, k.id ORDER BY x.step);
END;
COMMENT ON FUNCTION okr.key_result_steps(timestamptz[], text[], bigint[]) IS
    'For the key results of the objectives (tenants[i], ids[i]): value and score at the end of each of the ascending instants steps in which the value changed (step = its index; every step for a key result whose target, weight or cap changed), delta = the change of weight * score, dden = the change of weight, first = the row that counts the weight from step 1; step NULL for a key result without a value by the last instant. Used by okr.scores_over.';

-- Every key result of for_tenant (NULL = every tenant) at one instant, read
-- set-wise: the latest check-in by then of every key result in one ordered
-- scan of check_in_latest, the done outputs summed in one pass, the target,
-- weight and cap in force then in one pass over okr.key_result_version.
-- The same values as okr.key_result_steps for one instant, which looks each
-- key result up (the cheaper way for a subtree); okr.scores_over reads this
-- one for a whole organisation.  weight is the weight that counts: 0
-- without a target.
CREATE FUNCTION okr.key_results_at(at timestamptz, for_tenant text DEFAULT NULL)
    RETURNS TABLE (tenant text, id bigint, objective_id bigint, value double precision,
                   score double precision, weight double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT k.tenant, k.id, k.objective_id, v.value,
           CASE WHEN f.target IS NOT NULL THEN COALESCE(okr.score(f.target, v.value, f.cap), 0) END,
           CASE WHEN f.target IS NOT NULL THEN f.weight ELSE 0 END
      FROM okr.key_result k
      LEFT JOIN (SELECT DISTINCT ON (c.tenant, c.key_result_id) c.tenant, c.key_result_id, c.value
                   FROM okr.check_in c
                  WHERE (key_results_at.for_tenant IS NULL OR c.tenant = key_results_at.for_tenant)
                    AND c.at <= key_results_at.at
                  ORDER BY c.tenant, c.key_result_id, c.at DESC, c.id DESC) l
             ON l.tenant = k.tenant AND l.key_result_id = k.id
      LEFT JOIN (SELECT d.tenant, d.key_result_id, pg_catalog.sum(d.amount) AS amount
                   FROM okr.output d
                  WHERE (key_results_at.for_tenant IS NULL OR d.tenant = key_results_at.for_tenant)
                    AND d.status = 'done' AND d.done_at <= key_results_at.at
                  GROUP BY d.tenant, d.key_result_id) d
             ON d.tenant = k.tenant AND d.key_result_id = k.id
      -- the values a later change replaced: the first row valid until after "at"
      LEFT JOIN (SELECT DISTINCT ON (x.tenant, x.key_result_id) x.tenant, x.key_result_id,
                        x.target, x.weight, x.cap
                   FROM okr.key_result_version x
                  WHERE x.valid_until > key_results_at.at
                  ORDER BY x.tenant, x.key_result_id, x.valid_until) ver
             ON ver.tenant = k.tenant AND ver.key_result_id = k.id
     CROSS JOIN LATERAL (
           SELECT CASE WHEN ver.key_result_id IS NOT NULL THEN ver.target ELSE k.target END AS target,
                  COALESCE(ver.weight, k.weight) AS weight, COALESCE(ver.cap, k.cap) AS cap) f
     CROSS JOIN LATERAL (
           SELECT CASE k.source WHEN 'check_ins' THEN l.value
                  ELSE COALESCE(okr.baseline(f.target), 0) + COALESCE(d.amount, 0) END AS value) v
     WHERE key_results_at.for_tenant IS NULL OR k.tenant = key_results_at.for_tenant;
END;
COMMENT ON FUNCTION okr.key_results_at(timestamptz, text) IS
    'Every key result of for_tenant (NULL = every tenant) as it stood at "at": value (the latest check-in by then, or baseline + the done outputs by then), score and the weight that counts (0 without a target), with the target, weight and cap in force then. Read set-wise, for a whole organisation (okr.scores_over).';

-- The objectives history reads: all (of one tenant, or every tenant), or
-- one and those aligned under it.
-- (The subtree's rows are read by a lookup each: a join with the whole
-- table would scan it for a leaf.)
CREATE FUNCTION okr.objectives_under(for_tenant text, root bigint)
    RETURNS SETOF okr.objective
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE sub (tenant, id) AS (
        SELECT t.tenant, t.id FROM okr.objective t
         WHERE t.id = objectives_under.root
           AND (objectives_under.for_tenant IS NULL OR t.tenant = objectives_under.for_tenant)
        UNION
        SELECT a.tenant, a.child_id
          FROM sub JOIN okr.alignment a ON a.tenant = sub.tenant AND a.parent_id = sub.id)
    SELECT o.* FROM okr.objective o
     WHERE objectives_under.root IS NULL
       AND (objectives_under.for_tenant IS NULL OR o.tenant = objectives_under.for_tenant)
    UNION ALL
    SELECT o.*
      FROM sub
     CROSS JOIN LATERAL (SELECT o.* FROM okr.objective o
                          WHERE o.tenant = sub.tenant AND o.id = sub.id OFFSET 0) o
     WHERE objectives_under.root IS NOT NULL;
END;
COMMENT ON FUNCTION okr.objectives_under(text, bigint) IS
    'The objectives of for_tenant (NULL = every tenant), or with root that objective and those aligned under it: what okr.scores_over and okr.scores_at read.';

CREATE FUNCTION okr.scores_over(steps timestamptz[], for_tenant text DEFAULT NULL,
                                root bigint DEFAULT NULL, only_root boolean DEFAULT false)
    RETURNS TABLE (tenant text, id bigint, step integer, score double precision)
    AS 'MODULE_PATHNAME', 'okr_scores_over'
    -- restricted: its one pass would be repeated whole in every worker
    LANGUAGE C STABLE PARALLEL RESTRICTED
    ROWS 100
    SET search_path = pg_catalog, pg_temp
    SET jit = off;
COMMENT ON FUNCTION okr.scores_over(timestamptz[], text, bigint, boolean) IS
    'Every objective''s score at each of the ascending instants steps (step = its index), in one pass over the key results'' check-ins and outputs. Optional for_tenant restricts to one tenant (NULL = all), root to that objective and the objectives aligned under it, only_root to the root''s own rows. The engine of okr.scores_at, okr.scorecard_at, okr.score_series and okr.explain(id, at).';

CREATE FUNCTION okr.scores_at(at timestamptz, for_tenant text DEFAULT NULL,
                              root bigint DEFAULT NULL)
    RETURNS TABLE (tenant text, kind text, id bigint,
                   value double precision, score double precision)
    -- src/history.c: okr.scores_over's pass at one instant, the key
    -- results' rows given as they are read (a subtree is read once)
    AS 'MODULE_PATHNAME', 'okr_scores_at'
    LANGUAGE C STABLE PARALLEL RESTRICTED
    ROWS 1000
    SET search_path = pg_catalog, pg_temp
    SET jit = off;
COMMENT ON FUNCTION okr.scores_at(timestamptz, text, bigint) IS
    'Every objective''s score and every key result''s value and score as they stood at "at", recomputed from check-ins (at) and done outputs (done_at) over today''s structure (objects entered later count, so back-filled history shows); objectives closed by then keep their frozen score. Optional for_tenant restricts to one tenant (NULL = all), root to that objective and the objectives aligned under it.';

CREATE FUNCTION okr.scorecard_at(at timestamptz, for_tenant text DEFAULT NULL,
                                 root bigint DEFAULT NULL)
    RETURNS TABLE (tenant text, objective_id bigint, title text, owner text,
                   commitment text, state text, rollup text, period text,
                   period_start date, period_end date,
                   score double precision, expected double precision,
                   status text, grade text, key_results bigint,
                   parent_ids text, child_ids text, final_grade text,
                   closed_at timestamptz, created_at timestamptz)
    -- PARALLEL UNSAFE: it sets enable_nestloop for its own query (below)
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    -- planned at each call, under the call's enable_nestloop; the SET
    -- clause confines the set_config below to the call
    SET plan_cache_mode = force_custom_plan
    SET enable_nestloop = on
AS $$
#variable_conflict use_column
BEGIN
    IF scorecard_at.root IS NULL THEN
        -- every objective: joined by hashing, not one lookup per objective
        -- in each table (a subtree's few are looked up)
        PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
    END IF;
    RETURN QUERY
    SELECT o.tenant, o.id, o.title, o.owner, o.commitment,
           CASE WHEN o.state = 'closed' AND o.closed_at <= scorecard_at.at THEN 'closed'
                WHEN o.state = 'closed' THEN 'active'
                ELSE o.state END,
           o.rollup,
           o.period::pg_catalog.text,
           okr.period_start(o.period), okr.period_end(o.period),
           s.score,
           e.expected,
           CASE WHEN s.score IS NULL THEN 'no_data'
                ELSE okr.status(s.score, e.expected, o.tenant) END,
           okr.grade(s.score, o.tenant),
           COALESCE(sh.key_results, 0), sh.parent_ids, sh.child_ids,
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.final_grade END,
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.closed_at END,
           o.created_at
      FROM okr.scores_over(ARRAY[scorecard_at.at], scorecard_at.for_tenant, scorecard_at.root) s
      JOIN okr.objective o ON o.tenant = s.tenant AND o.id = s.id
      -- today's structure, as maintained (55-structure.sql; no row: empty)
      LEFT JOIN okr.objective_shape sh ON sh.tenant = o.tenant AND sh.objective_id = o.id
      -- the pace of okr.scorecard (57-pace.sql), at "at"
      LEFT JOIN okr.objective_pace pc ON pc.tenant = o.tenant AND pc.objective_id = o.id
     CROSS JOIN LATERAL (SELECT COALESCE(okr.pace_expected(pc.periods, pc.shares, scorecard_at.at),
                                         okr.elapsed(o.period, scorecard_at.at)) AS expected) e
     ORDER BY o.tenant, o.id;
END
$$;
COMMENT ON FUNCTION okr.scorecard_at(timestamptz, text, bigint) IS
    'okr.scorecard as it stood at "at": scores recomputed from the check-in and output history (okr.scores_at), expected = the objective''s pace at "at" (okr.objective_pace, as okr.scorecard); the structure (key_results, parent_ids, child_ids) is today''s, so back-filled history shows. One closed after "at" shows state active and no final grade. Titles, owners and other descriptive columns are today''s (their history is not kept). Optional for_tenant and root (that objective and those aligned under it) restrict it, at a cost proportional to what they select. For burn-up charts without snapshots.';

CREATE FUNCTION okr.score_series(objective_id bigint, from_at timestamptz,
                                 to_at timestamptz, step interval,
                                 tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (at timestamptz, kind text, id bigint, title text,
                   value double precision, score double precision,
                   expected double precision, status text)
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    SET jit = off
BEGIN ATOMIC
    WITH g AS MATERIALIZED (
        SELECT pg_catalog.array_agg(g.at ORDER BY g.at) AS steps
          FROM pg_catalog.generate_series(okr.series_start(score_series.from_at, score_series.to_at,
                                                           score_series.step),
                                          score_series.to_at, score_series.step) AS g (at)),
    kr AS MATERIALIZED (  -- once (inlined, it ran again per key result and step)
        SELECT v.id, v.step, v.value, v.score
          FROM g, okr.key_result_steps(g.steps, ARRAY[score_series.tenant],
                                       ARRAY[score_series.objective_id]) v),
    s AS (
        SELECT 'objective' AS kind, x.id, NULL::text AS title, x.step,
               NULL::double precision AS value, x.score
          FROM g, okr.scores_over(g.steps, score_series.tenant, score_series.objective_id, true) x
        UNION ALL
        -- each key result at each step: its latest change at or before it,
        -- carried forward in one pass (changes = how many it had by then)
        SELECT 'key_result', f.id, f.title, f.step, pg_catalog.first_value(f.value) OVER w,
               CASE WHEN f.scored THEN COALESCE(pg_catalog.first_value(f.score) OVER w, 0) END
          FROM (SELECT k.id, k.title, n.step, k.target IS NOT NULL AS scored, kr.value, kr.score,
                       pg_catalog.count(kr.step) OVER (PARTITION BY k.id ORDER BY n.step) AS changes
                  FROM g
                 CROSS JOIN pg_catalog.generate_series(1, pg_catalog.cardinality(g.steps)) AS n (step)
                  JOIN okr.key_result k ON k.tenant = score_series.tenant
                                       AND k.objective_id = score_series.objective_id
                  LEFT JOIN kr ON kr.id = k.id AND kr.step = n.step) f
        WINDOW w AS (PARTITION BY f.id, f.changes ORDER BY f.step))
    SELECT g.steps[s.step], s.kind, s.id, COALESCE(s.title, o.title), s.value, s.score,
           e.expected,
           CASE WHEN (s.kind = 'objective' AND s.score IS NULL)
                  OR (s.kind = 'key_result' AND s.value IS NULL) THEN 'no_data'
                ELSE okr.status(s.score, e.expected, o.tenant) END
      FROM g, s
      JOIN okr.objective o ON o.tenant = score_series.tenant AND o.id = score_series.objective_id
      LEFT JOIN okr.objective_pace pc ON pc.tenant = o.tenant AND pc.objective_id = o.id
     -- the objective at its pace (57-pace.sql), its key results at its period's
     CROSS JOIN LATERAL (
           SELECT CASE WHEN s.kind = 'objective'
                       THEN COALESCE(okr.pace_expected(pc.periods, pc.shares, g.steps[s.step]),
                                     okr.elapsed(o.period, g.steps[s.step]))
                       ELSE okr.elapsed(o.period, g.steps[s.step]) END AS expected) e
     ORDER BY 1, 2 DESC, 3;
END;
COMMENT ON FUNCTION okr.score_series(bigint, timestamptz, timestamptz, interval, text) IS
    'Burn-up data: the objective''s score and its key results'' values and scores at from_at, from_at + step, ... up to to_at (okr.scores_over: one pass over all instants), with the expected pace and status. Every object counts at every instant (back-filled history shows). Tenant defaults to okr.tenant.';

-- What okr.explain walks: for the objectives ids (the subtree under root,
-- with their rollups), each one's inputs per its rollup - its key results
-- unless children, its aligned children unless key_results - with weight,
-- score, value, frozen (a closed child: a leaf of the explanation) and
-- counts (a draft child does not), and root's own row (parent_id NULL).  at
-- NULL: the maintained values; else those as of at (okr.scores_at of the
-- subtree) with the key results' weights in force then.  Given constant
-- arrays (src/explain.c), the planner knows how many objectives: a leaf's
-- inputs are looked up, a whole organisation's joined set-wise.
CREATE FUNCTION okr.explain_inputs(tenant text, root bigint, ids bigint[], rollups text[],
                                   at timestamptz)
    RETURNS TABLE (parent_id bigint, kind text, id bigint, title text,
                   weight double precision, score double precision,
                   value double precision, frozen boolean, counts boolean)
    LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    WITH u AS (
        SELECT u.id, u.rollup
          FROM ROWS FROM (pg_catalog.unnest(explain_inputs.ids), pg_catalog.unnest(explain_inputs.rollups))
               AS u (id, rollup)),
    sc AS MATERIALIZED (
        SELECT s.kind, s.id, s.value, s.score
          FROM okr.scores_at(explain_inputs.at, explain_inputs.tenant, explain_inputs.root) s
         WHERE explain_inputs.at IS NOT NULL)
    -- the maintained values
    SELECT NULL::bigint, 'objective', o.id, o.title, NULL::double precision, o.score,
           NULL::double precision, false, true
      FROM okr.objective_current o
     WHERE explain_inputs.at IS NULL
       AND o.tenant = explain_inputs.tenant AND o.id = explain_inputs.root
    UNION ALL
    SELECT k.objective_id, 'key_result', k.id, k.title, k.weight, k.score, k.value, false, true
      FROM u JOIN okr.key_result k ON k.tenant = explain_inputs.tenant AND k.objective_id = u.id
     WHERE explain_inputs.at IS NULL AND u.rollup <> 'children'
    UNION ALL
    SELECT a.parent_id, 'objective', c.id, c.title, a.weight, c.score, NULL,
           c.state = 'closed', c.state <> 'draft'
      FROM u
      JOIN okr.alignment a ON a.tenant = explain_inputs.tenant AND a.parent_id = u.id
      JOIN okr.objective_current c ON c.tenant = a.tenant AND c.id = a.child_id
     WHERE explain_inputs.at IS NULL AND u.rollup <> 'key_results'
    UNION ALL
    -- the values as of at
    SELECT NULL, 'objective', s.id, o.title, NULL, s.score, NULL, false, true
      FROM sc s JOIN okr.objective o ON o.tenant = explain_inputs.tenant AND o.id = s.id
     WHERE s.kind = 'objective' AND s.id = explain_inputs.root
    UNION ALL
    -- a key result's weight as it was in force at "at"
    SELECT k.objective_id, 'key_result', k.id, k.title,
           COALESCE((SELECT v.weight FROM okr.key_result_version v
                      WHERE v.tenant = k.tenant AND v.key_result_id = k.id
                        AND v.valid_until > explain_inputs.at
                      ORDER BY v.valid_until LIMIT 1), k.weight),
           s.score, s.value, false, true
      FROM sc s
      JOIN okr.key_result k ON k.tenant = explain_inputs.tenant AND k.id = s.id
      JOIN u ON u.id = k.objective_id
     WHERE s.kind = 'key_result' AND u.rollup <> 'children'
    UNION ALL
    SELECT a.parent_id, 'objective', a.child_id, c.title, a.weight, s.score, NULL,
           c.state = 'closed' AND c.closed_at <= explain_inputs.at, c.state <> 'draft'
      FROM sc s
      JOIN okr.objective c ON c.tenant = explain_inputs.tenant AND c.id = s.id
      JOIN okr.alignment a ON a.tenant = c.tenant AND a.child_id = c.id
      JOIN u ON u.id = a.parent_id
     WHERE s.kind = 'objective' AND u.rollup <> 'key_results';
END;
COMMENT ON FUNCTION okr.explain_inputs(text, bigint, bigint[], text[], timestamptz) IS
    'The inputs okr.explain walks: for the objectives ids (with their rollups) of tenant, each one''s key results and aligned children per its rollup, with weight, score, value, frozen and counts, and root''s own row (parent_id NULL); at NULL the maintained values, else those as of at.';

CREATE FUNCTION okr.explain_walk(tenant text, root bigint, at timestamptz)
    RETURNS TABLE (depth integer, path text, kind text, id bigint, title text,
                   weight double precision, score double precision,
                   share_of_parent double precision, contribution double precision,
                   value double precision)
    AS 'MODULE_PATHNAME', 'okr_explain_walk'
    LANGUAGE C STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    SET jit = off;
COMMENT ON FUNCTION okr.explain_walk(text, bigint, timestamptz) IS
    'The rows of okr.explain(root, at, tenant), depth first (src/explain.c).';

-- How a score was produced: the tree of inputs below one objective, walked
-- by okr.explain_walk (a leaf costs as little as a leaf).
CREATE FUNCTION okr.explain(objective_id bigint, at timestamptz DEFAULT NULL,
                            tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (depth integer, path text, kind text, id bigint, title text,
                   weight double precision, score double precision,
                   share_of_parent double precision, contribution double precision,
                   value double precision)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    SET jit = off
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM okr.objective o
                    WHERE o.tenant = explain.tenant AND o.id = explain.objective_id) THEN
        RAISE EXCEPTION 'objective % does not exist in tenant %',
                        explain.objective_id, quote_literal(explain.tenant)
              USING ERRCODE = 'no_data_found',
                    DETAIL = 'okr.explain() explains one objective of okr.objective.',
                    HINT = 'Check the id and the tenant (the third argument, okr.tenant by default).';
    END IF;
    RETURN QUERY SELECT * FROM okr.explain_walk(explain.tenant, explain.objective_id, explain.at);
END
$$;
COMMENT ON FUNCTION okr.explain(bigint, timestamptz, text) IS
    'How an objective''s score was produced: the objective (depth 0, share 1), then every input down the tree per each objective''s rollup - key results and aligned objectives - with its weight, score, share_of_parent = weight / sum of the weights of the parent''s scored inputs, and contribution = share_of_parent * score, so that the contributions of a node''s inputs add up to its score. path lists ids from the objective, O for objectives and KR for key results (''O1 > O2 > KR5''). Inputs without a score have share 0; objectives closed below the root are leaves (their score is frozen); for a closed root its current inputs are shown, which may no longer add up to its frozen score. at NULL (default) explains the maintained scores, else the scores as of at (okr.scores_at). Raises no_data_found for an objective that does not exist in the tenant. Tenant defaults to okr.tenant.';
