-- readpath (issue 9, history of issue 11): maintained paths for reads,
-- views that filter through indexes, history in one pass over all instants.

-- (one owner's objectives: index objective_owner, created by the model part)

CREATE TABLE okr.objective_path (
    tenant       text NOT NULL,
    objective_id bigint NOT NULL,
    root_id      bigint NOT NULL,
    parent_id    bigint,
    weight       double precision,
    depth        integer NOT NULL,
    ids          bigint[] NOT NULL,
    path         text NOT NULL,
    title_path   text NOT NULL,
    path_sort    text NOT NULL,
    PRIMARY KEY (tenant, path_sort)
);
CREATE INDEX objective_path_objective ON okr.objective_path (tenant, objective_id);
-- a subtree: path_sort LIKE '<its path_sort>%', or the byte-wise range
-- [p, p || '0') (pattern ops: any collation)
CREATE INDEX objective_path_subtree ON okr.objective_path (tenant, path_sort text_pattern_ops);
COMMENT ON TABLE okr.objective_path IS
    'Maintained: every path from a top-level objective down the alignment graph (okr.alignment_tree reads it); ids lists the objectives on the path from the root.';

CREATE TABLE okr.objective_shape (
    tenant       text NOT NULL,
    objective_id bigint NOT NULL,
    key_results  bigint NOT NULL,
    parent_ids   text,
    child_ids    text,
    PRIMARY KEY (tenant, objective_id)
);
COMMENT ON TABLE okr.objective_shape IS
    'Maintained: per objective its number of key results and the ids of its parents and children, comma-separated in ascending order (okr.scorecard reads it).';

-- The shape of the objectives (tenant, id) given, recomputed.
CREATE FUNCTION okr.refresh_shapes(tenants text[], objective_ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET enable_hashjoin = off
    SET enable_mergejoin = off
BEGIN ATOMIC
    INSERT INTO okr.objective_shape AS s
    SELECT o.tenant, o.id,
           (SELECT count(*) FROM okr.key_result k
             WHERE k.tenant = o.tenant AND k.objective_id = o.id),
           (SELECT string_agg(a.parent_id::text, ',' ORDER BY a.parent_id) FROM okr.alignment a
             WHERE a.tenant = o.tenant AND a.child_id = o.id),
           (SELECT string_agg(a.child_id::text, ',' ORDER BY a.child_id) FROM okr.alignment a
             WHERE a.tenant = o.tenant AND a.parent_id = o.id)
      FROM (SELECT DISTINCT c.tenant, c.id
              FROM unnest(refresh_shapes.tenants, refresh_shapes.objective_ids) AS c (tenant, id)) c
      JOIN okr.objective o ON o.tenant = c.tenant AND o.id = c.id
        ON CONFLICT (tenant, objective_id) DO UPDATE
       SET key_results = excluded.key_results, parent_ids = excluded.parent_ids,
           child_ids = excluded.child_ids
     WHERE (s.key_results, s.parent_ids, s.child_ids)
           IS DISTINCT FROM (excluded.key_results, excluded.parent_ids, excluded.child_ids);
END;
COMMENT ON FUNCTION okr.refresh_shapes(text[], bigint[]) IS
    'Recomputes okr.objective_shape for the given objectives (tenant and id arrays of equal length).';

-- The paths through the objectives (tenant, id) given: removed (each path
-- of one of them and its extensions: a range of path_sort), then walked
-- again from each one's parents' remaining paths (or from itself when it has
-- no parent).  A path through several of them is rebuilt once, from the
-- first on it: paths of an objective below another one given are gone when
-- the walk reaches it, so they are no seed.
-- The maintenance functions touch few rows by index each; right after a
-- bulk load, before ANALYZE, the planner took them for scans joined by hash
-- (seconds per statement), so they plan nested loops only.
CREATE FUNCTION okr.refresh_paths(tenants text[], objective_ids bigint[]) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET enable_hashjoin = off
    SET enable_mergejoin = off
AS $$
BEGIN
    DELETE FROM okr.objective_path p
     USING (SELECT DISTINCT q.tenant, q.path_sort
              FROM unnest(tenants, objective_ids) AS c (tenant, id)
              JOIN okr.objective_path q ON q.tenant = c.tenant AND q.objective_id = c.id) q
     WHERE p.tenant = q.tenant
       AND p.path_sort OPERATOR(pg_catalog.~>=~) q.path_sort
       AND p.path_sort OPERATOR(pg_catalog.~<~) (q.path_sort || '0');
    INSERT INTO okr.objective_path
    WITH RECURSIVE
    changed AS (
        SELECT DISTINCT o.tenant, o.id, o.title
          FROM unnest(tenants, objective_ids) AS c (tenant, id)
          JOIN okr.objective o ON o.tenant = c.tenant AND o.id = c.id),
    seed (tenant, objective_id, root_id, parent_id, weight, depth, ids, path, title_path, path_sort) AS (
        SELECT c.tenant, c.id, p.root_id, a.parent_id, a.weight, p.depth + 1,
               p.ids || c.id, p.path || ' > ' || c.id::text,
               p.title_path || ' > ' || c.title,
               p.path_sort || '/' || lpad(c.id::text, 19, '0')
          FROM changed c
          JOIN okr.alignment a ON a.tenant = c.tenant AND a.child_id = c.id
          JOIN okr.objective_path p ON p.tenant = a.tenant AND p.objective_id = a.parent_id
        UNION ALL
        SELECT c.tenant, c.id, c.id, NULL, NULL, 0, ARRAY[c.id], c.id::text, c.title,
               lpad(c.id::text, 19, '0')
          FROM changed c
         WHERE NOT EXISTS (SELECT FROM okr.alignment a
                            WHERE a.tenant = c.tenant AND a.child_id = c.id)),
    walk AS (
        SELECT * FROM seed
        UNION ALL
        SELECT w.tenant, o.id, w.root_id, w.objective_id, a.weight, w.depth + 1,
               w.ids || o.id, w.path || ' > ' || o.id::text,
               w.title_path || ' > ' || o.title,
               w.path_sort || '/' || lpad(o.id::text, 19, '0')
          FROM walk w
          JOIN okr.alignment a ON a.tenant = w.tenant AND a.parent_id = w.objective_id
          JOIN okr.objective o ON o.tenant = a.tenant AND o.id = a.child_id
         WHERE o.id <> ALL (w.ids))
    SELECT * FROM walk;
END
$$;
COMMENT ON FUNCTION okr.refresh_paths(text[], bigint[]) IS
    'Recomputes okr.objective_path for every path through the given objectives (tenant and id arrays of equal length).';

CREATE FUNCTION okr.rebuild_structure() RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM okr.objective_path;
    PERFORM okr.refresh_paths(array_agg(o.tenant), array_agg(o.id))
       FROM okr.objective o
      WHERE NOT EXISTS (SELECT FROM okr.alignment a
                         WHERE a.tenant = o.tenant AND a.child_id = o.id);
    DELETE FROM okr.objective_shape;
    PERFORM okr.refresh_shapes(array_agg(o.tenant), array_agg(o.id)) FROM okr.objective o;
    SELECT (SELECT count(*) FROM okr.objective_path) + (SELECT count(*) FROM okr.objective_shape)
      INTO n;
    RETURN n;
END
$$;
COMMENT ON FUNCTION okr.rebuild_structure() IS
    'Recomputes okr.objective_path and okr.objective_shape from scratch (after a restore with okr''s triggers disabled); returns the number of rows written.';

-- Statement triggers: the objectives whose paths change.
CREATE FUNCTION okr.paths_after_objective() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- a new objective has no alignments or key results yet (their
        -- foreign keys need it first): a root of its own, empty shape
        INSERT INTO okr.objective_path
        SELECT n.tenant, n.id, n.id, NULL, NULL, 0, ARRAY[n.id], n.id::text, n.title,
               lpad(n.id::text, 19, '0')
          FROM new_rows n;
        INSERT INTO okr.objective_shape SELECT n.tenant, n.id, 0, NULL, NULL FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN  -- paths through it go with its alignments
        DELETE FROM okr.objective_path p USING old_rows o
         WHERE p.tenant = o.tenant AND p.objective_id = o.id;
        DELETE FROM okr.objective_shape s USING old_rows o
         WHERE s.tenant = o.tenant AND s.objective_id = o.id;
    ELSE  -- a rename: the titles on its paths and below
        PERFORM okr.refresh_paths(ARRAY[NEW.tenant], ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.paths_after_objective() IS
    'Trigger: refreshes okr.objective_path and okr.objective_shape for inserted, deleted and renamed objectives.';

CREATE FUNCTION okr.paths_after_alignment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tenants text[] := '{}';
    children bigint[] := '{}';
    parents bigint[] := '{}';
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(n.tenant), array_agg(n.child_id), array_agg(n.parent_id)
          INTO tenants, children, parents FROM new_rows n;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT tenants || array_agg(o.tenant), children || array_agg(o.child_id),
               parents || array_agg(o.parent_id)
          INTO tenants, children, parents FROM old_rows o;
    END IF;
    PERFORM okr.refresh_paths(tenants, children),
            okr.refresh_shapes(tenants || tenants, children || parents);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.paths_after_alignment() IS
    'Trigger: refreshes okr.objective_path for the children of inserted, updated and deleted alignments, and okr.objective_shape for both ends.';

CREATE FUNCTION okr.shapes_after_key_result() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN  -- moved to another objective
        PERFORM okr.refresh_shapes(ARRAY[OLD.tenant, NEW.tenant], ARRAY[OLD.objective_id, NEW.objective_id]);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM okr.refresh_shapes(array_agg(n.tenant), array_agg(n.objective_id)) FROM new_rows n;
    ELSE
        PERFORM okr.refresh_shapes(array_agg(o.tenant), array_agg(o.objective_id)) FROM old_rows o;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.shapes_after_key_result() IS
    'Trigger: refreshes okr.objective_shape for the objectives whose key results were inserted, deleted or moved.';

CREATE TRIGGER paths_after_insert AFTER INSERT ON okr.objective
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_objective();
CREATE TRIGGER paths_after_delete AFTER DELETE ON okr.objective
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_objective();
-- per row and only on renames: the rollup's updates of score do not fire it
CREATE TRIGGER paths_after_rename AFTER UPDATE OF title ON okr.objective
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION okr.paths_after_objective();
CREATE TRIGGER shapes_after_insert AFTER INSERT ON okr.key_result
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.shapes_after_key_result();
CREATE TRIGGER shapes_after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.shapes_after_key_result();
-- per row and only on moves: the rollup's updates of value and score do not fire it
CREATE TRIGGER shapes_after_move AFTER UPDATE OF objective_id ON okr.key_result
    FOR EACH ROW WHEN (OLD.objective_id IS DISTINCT FROM NEW.objective_id)
    EXECUTE FUNCTION okr.shapes_after_key_result();
CREATE TRIGGER paths_after_insert AFTER INSERT ON okr.alignment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_alignment();
CREATE TRIGGER paths_after_update AFTER UPDATE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_alignment();
CREATE TRIGGER paths_after_delete AFTER DELETE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_alignment();

CREATE FUNCTION okr.paths_after_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM okr.rebuild_structure();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.paths_after_truncate() IS
    'Trigger: recomputes okr.objective_path and okr.objective_shape after TRUNCATE of okr.objective, okr.alignment or okr.key_result.';
CREATE TRIGGER paths_after_truncate AFTER TRUNCATE ON okr.alignment
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_truncate();
CREATE TRIGGER paths_after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_truncate();
CREATE TRIGGER paths_after_truncate AFTER TRUNCATE ON okr.objective
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_truncate();

REVOKE EXECUTE ON FUNCTION okr.refresh_paths(text[], bigint[]), okr.refresh_shapes(text[], bigint[]),
    okr.rebuild_structure(), okr.paths_after_objective(), okr.paths_after_alignment(),
    okr.shapes_after_key_result(), okr.paths_after_truncate() FROM PUBLIC;

SELECT okr.rebuild_structure();

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
       s.key_results,
       s.parent_ids,
       s.child_ids,
       o.final_grade,
       o.closed_at,
       o.created_at
  FROM okr.objective o
  JOIN okr.objective_shape s ON s.tenant = o.tenant AND s.objective_id = o.id
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p;

-- Forecast: a straight line through the key result's measurements, read at
-- the end of its period.  Measurements are its check-ins (at, value) or, for
-- a key result fed by outputs, its value after each done output (done_at,
-- baseline + running sum of amounts).
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
       s.check_ins,
       l.at AS last_check_in_at,
       l.confidence AS last_confidence,
       f.forecast_value,
       CASE WHEN f.forecast_value IS NOT NULL
            THEN okr.score(k.target, f.forecast_value, k.cap) END AS forecast_score,
       k.created_at
  FROM okr.key_result k
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p
 -- one pass over the key result's check-ins: their number and the line
 -- through them; the latest one by an index lookup
 CROSS JOIN LATERAL (
       SELECT pg_catalog.count(*) AS check_ins,
              pg_catalog.regr_intercept(c.value, pg_catalog.date_part('epoch', c.at)) AS intercept,
              pg_catalog.regr_slope(c.value, pg_catalog.date_part('epoch', c.at)) AS slope
         FROM okr.check_in c
        WHERE c.tenant = k.tenant AND c.key_result_id = k.id) s
 LEFT JOIN LATERAL (
       SELECT c.at, c.confidence FROM okr.check_in c
        WHERE c.tenant = k.tenant AND c.key_result_id = k.id
        ORDER BY c.at DESC, c.id DESC LIMIT 1) l ON true
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

COMMENT ON COLUMN okr.key_result_progress.forecast_value IS 'Projected value at the end of the period (00:00 after its last day): least-squares line (regr_slope, regr_intercept) through the check-ins, or through the value after each done output for output-fed key results, kept for a target ''a -> b'' between a and a + cap * (b - a) (the values that score 0 to cap); NULL with fewer than 2 measurements at distinct times.';

-- Every path from a top-level objective down the alignment graph, as
-- maintained in okr.objective_path (55-structure.sql): a filter on
-- objective_id, root_id or a path_sort prefix is an index lookup.
CREATE OR REPLACE VIEW okr.alignment_tree WITH (security_invoker = true) AS
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
  JOIN okr.objective o ON o.tenant = p.tenant AND o.id = p.objective_id;

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
CREATE OR REPLACE VIEW okr.check_in_history WITH (security_invoker = true) AS
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
       okr.status(okr.score(k.target, c.value, k.cap), okr.elapsed(o.period, c.at), k.tenant) AS status,
       c.is_latest
  FROM okr.key_result k
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
 CROSS JOIN LATERAL (
       SELECT c.id, c.at, c.value, c.confidence, c.note, c.author,
              c.value - pg_catalog.lag(c.value) OVER w AS change,
              pg_catalog.lead(c.id) OVER w IS NULL AS is_latest
         FROM okr.check_in c
        WHERE c.tenant = k.tenant AND c.key_result_id = k.id
       WINDOW w AS (ORDER BY c.at, c.id)) c;


-- Outputs counted per key result in one grouped pass; a filter on the key
-- result reaches the grouping through the join (an index lookup).
CREATE OR REPLACE VIEW okr.output_progress WITH (security_invoker = true) AS
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


-- Effective-dated targets: a key result keeps the target, weight and cap it
-- had before each change, with the instant the change took effect (the
-- transaction's now()), so that every past score uses what was in force
-- then.  Only changed key results have rows: the rest read key_result.
CREATE TABLE okr.key_result_version (
    tenant        text NOT NULL,
    key_result_id bigint NOT NULL,
    valid_until   timestamptz NOT NULL,
    target        okr.target NOT NULL,
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
               EXISTS (SELECT FROM okr.key_result_version x
                        WHERE x.tenant = k.tenant AND x.key_result_id = k.id) AS versioned
          FROM o JOIN okr.key_result k ON k.tenant = o.tenant AND k.objective_id = o.id)
    SELECT k.tenant, k.id, k.ord, k.weight, v.step, v.value, COALESCE(v.score, 0),
           COALESCE(k.weight * (v.score - COALESCE(pg_catalog.lag(v.score) OVER w, 0)), 0),
           0, pg_catalog.row_number() OVER w = 1
      FROM k
      LEFT JOIN LATERAL (
           SELECT x.step, x.value, okr.score(k.target, x.value, k.cap) AS score
             FROM (-- check-ins: the latest of each step (read newest first)
                   SELECT c.step, c.value
                     FROM (SELECT 1 + pg_catalog.width_bucket(c.at - interval '1 microsecond',
                                                              key_result_steps.steps) AS step,
                                  c.value,
                                  pg_catalog.lag(1 + pg_catalog.width_bucket(c.at - interval '1 microsecond',
                                                                             key_result_steps.steps))
                                      OVER (ORDER BY c.at DESC, c.id DESC) AS later_step
                             FROM okr.check_in c
                            WHERE k.source = 'check_ins'
                              AND c.tenant = k.tenant AND c.key_result_id = k.id
                              AND c.at <= key_result_steps.steps[pg_catalog.cardinality(key_result_steps.steps)]) c
                    WHERE c.later_step IS DISTINCT FROM c.step
                   UNION ALL
                   -- outputs: baseline + the running sum of amounts done
                   SELECT d.step, COALESCE(okr.baseline(k.target), 0)
                                  + pg_catalog.sum(d.amount) OVER (ORDER BY d.step)
                     FROM (SELECT u.step, pg_catalog.sum(u.amount) AS amount
                             FROM (SELECT 1 AS step, 0::double precision AS amount
                                    WHERE k.source = 'outputs'
                                   UNION ALL
                                   SELECT 1 + pg_catalog.width_bucket(d.done_at - interval '1 microsecond',
                                                                      key_result_steps.steps),
                                          d.amount
                                     FROM okr.output d
                                    WHERE k.source = 'outputs'
                                      AND d.tenant = k.tenant AND d.key_result_id = k.id
                                      AND d.status = 'done'
                                      AND d.done_at <= key_result_steps.steps[pg_catalog.cardinality(key_result_steps.steps)]) u
                            GROUP BY u.step) d) x) v ON true
     WHERE NOT k.versioned
    WINDOW w AS (PARTITION BY k.tenant, k.id ORDER BY v.step)
    UNION ALL
    SELECT k.tenant, k.id, k.ord, x.weight, x.step, x.value, x.score,
           x.weight * x.score - COALESCE(pg_catalog.lag(x.weight * x.score) OVER w, 0),
           x.weight - COALESCE(pg_catalog.lag(x.weight) OVER w, 0), false
      FROM k
     CROSS JOIN LATERAL (
           SELECT n.step, val.value, f.weight,
                  CASE WHEN val.value IS NULL THEN 0 ELSE okr.score(f.target, val.value, f.cap) END AS score
             FROM pg_catalog.generate_series(1, pg_catalog.cardinality(key_result_steps.steps)) AS n (step)
            CROSS JOIN LATERAL (
                  SELECT COALESCE(ver.target, k.target) AS target, COALESCE(ver.weight, k.weight) AS weight,
                         COALESCE(ver.cap, k.cap) AS cap
                    FROM (SELECT) AS one
                    LEFT JOIN LATERAL (
                         SELECT ver.target, ver.weight, ver.cap FROM okr.key_result_version ver
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

CREATE FUNCTION okr.scores_over(steps timestamptz[], for_tenant text DEFAULT NULL,
                                root bigint DEFAULT NULL, only_root boolean DEFAULT false)
    RETURNS TABLE (tenant text, kind text, id bigint, step integer,
                   value double precision, score double precision)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    n_steps integer := cardinality(steps);
    tenants text[];
    ids bigint[];
    rollups text[];
    closed timestamptz[];
    frozen double precision[];
    kr_num double precision[];   -- per (objective, step): sum of key-result deltas
    kr_den double precision[];   -- per (objective, step): change of the sum of key-result weights
    drafts boolean[];
    ch_num double precision[];   -- per (objective, step): sum of weight * child score
    ch_den double precision[];   -- per (objective, step): sum of weights of scored children
    r record;
    base integer;
    pbase integer;
    cum double precision;
    cum_den double precision;
    x double precision;
    den double precision;
BEGIN
    IF n_steps IS NULL OR n_steps = 0 THEN
        RETURN;
    END IF;
    SELECT array_agg(o.tenant ORDER BY o.tenant, o.id), array_agg(o.id ORDER BY o.tenant, o.id),
           array_agg(o.rollup ORDER BY o.tenant, o.id),
           array_agg(CASE WHEN o.state = 'closed' THEN o.closed_at END ORDER BY o.tenant, o.id),
           array_agg(COALESCE(o.score, 'NaN') ORDER BY o.tenant, o.id),
           array_agg(o.state = 'draft' ORDER BY o.tenant, o.id)
      INTO tenants, ids, rollups, closed, frozen, drafts
      FROM okr.objective o
     WHERE (scores_over.for_tenant IS NULL OR o.tenant = scores_over.for_tenant)
       AND (scores_over.root IS NULL OR (o.tenant, o.id) IN (
            WITH RECURSIVE sub (tenant, id) AS (
                SELECT t.tenant, t.id FROM okr.objective t
                 WHERE t.id = scores_over.root
                   AND (scores_over.for_tenant IS NULL OR t.tenant = scores_over.for_tenant)
                UNION
                SELECT a.tenant, a.child_id
                  FROM sub JOIN okr.alignment a ON a.tenant = sub.tenant AND a.parent_id = sub.id)
            SELECT sub.tenant, sub.id FROM sub));
    IF ids IS NULL THEN
        RETURN;
    END IF;
    kr_num := array_fill(0::double precision, ARRAY[cardinality(ids) * n_steps]);
    kr_den := kr_num;
    ch_num := kr_num;
    ch_den := kr_num;

    FOR r IN SELECT * FROM okr.key_result_steps(steps, tenants, ids) LOOP
        IF rollups[r.ord] <> 'children' THEN
            base := (r.ord - 1) * n_steps;
            IF r.first THEN
                kr_den[base + 1] := kr_den[base + 1] + r.weight;
            END IF;
            IF r.step IS NOT NULL THEN
                kr_num[base + r.step] := kr_num[base + r.step] + r.delta;
                kr_den[base + r.step] := kr_den[base + r.step] + r.dden;
            END IF;
        END IF;
        IF n_steps = 1 AND NOT only_root THEN
            tenant := r.tenant; kind := 'key_result'; id := r.id; step := 1;
            value := r.value; score := r.score;
            RETURN NEXT;
        END IF;
    END LOOP;

    -- children first: each objective's scores, then added to its parents'
    FOR r IN WITH o AS (
                 SELECT u.tenant, u.id, u.ord::integer AS ord
                   FROM ROWS FROM (unnest(tenants), unnest(ids)) WITH ORDINALITY AS u (tenant, id, ord))
             SELECT c.ord, c.tenant, c.id,
                    array_agg(p.ord) FILTER (WHERE p.ord IS NOT NULL) AS parents,
                    array_agg(a.weight) FILTER (WHERE p.ord IS NOT NULL) AS weights
               FROM o c
               LEFT JOIN okr.alignment a ON a.tenant = c.tenant AND a.child_id = c.id
               LEFT JOIN o p ON p.tenant = a.tenant AND p.id = a.parent_id
              GROUP BY c.ord, c.tenant, c.id
              ORDER BY (SELECT max(q.depth) FROM okr.objective_path q
                         WHERE q.tenant = c.tenant AND q.objective_id = c.id) DESC
    LOOP
        base := (r.ord - 1) * n_steps;
        cum := 0;
        cum_den := 0;
        FOR s IN 1..n_steps LOOP
            cum := cum + kr_num[base + s];
            cum_den := cum_den + kr_den[base + s];
            IF closed[r.ord] <= steps[s] THEN
                x := frozen[r.ord];
            ELSE
                den := ch_den[base + s];
                x := ch_num[base + s];
                IF rollups[r.ord] <> 'children' THEN
                    den := den + cum_den;
                    x := x + cum;
                END IF;
                x := CASE WHEN den > 0 THEN x / den ELSE 'NaN' END;
            END IF;
            IF x <> 'NaN' AND r.parents IS NOT NULL AND NOT drafts[r.ord] THEN
                FOR j IN 1..cardinality(r.parents) LOOP
                    IF rollups[r.parents[j]] <> 'key_results' THEN
                        pbase := (r.parents[j] - 1) * n_steps + s;
                        ch_num[pbase] := ch_num[pbase] + r.weights[j] * x;
                        ch_den[pbase] := ch_den[pbase] + r.weights[j];
                    END IF;
                END LOOP;
            END IF;
            IF NOT only_root OR r.id = scores_over.root THEN
                tenant := r.tenant; kind := 'objective'; id := r.id; step := s;
                value := NULL; score := NULLIF(x, 'NaN');
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION okr.scores_over(timestamptz[], text, bigint, boolean) IS
    'Every objective''s score at each of the ascending instants steps (step = its index), in one pass over the key results'' check-ins and outputs; with one instant, every key result''s value and score too. Optional for_tenant restricts to one tenant (NULL = all), root to that objective and the objectives aligned under it, only_root to the root''s own rows. The engine of okr.scores_at, okr.scorecard_at, okr.score_series and okr.explain(id, at).';

CREATE OR REPLACE FUNCTION okr.scores_at(at timestamptz, for_tenant text DEFAULT NULL,
                              root bigint DEFAULT NULL)
    RETURNS TABLE (tenant text, kind text, id bigint,
                   value double precision, score double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    SELECT s.tenant, s.kind, s.id, s.value, s.score
      FROM okr.scores_over(ARRAY[scores_at.at], scores_at.for_tenant, scores_at.root) s;
END;
COMMENT ON FUNCTION okr.scores_at(timestamptz, text, bigint) IS
    'Every objective''s score and every key result''s value and score as they stood at "at", recomputed from check-ins (at) and done outputs (done_at) over today''s structure (objects entered later count, so back-filled history shows); objectives closed by then keep their frozen score. Optional for_tenant restricts to one tenant (NULL = all), root to that objective and the objectives aligned under it.';

DROP FUNCTION okr.scorecard_at(timestamptz);
CREATE FUNCTION okr.scorecard_at(at timestamptz, for_tenant text DEFAULT NULL,
                                 root bigint DEFAULT NULL)
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
             WHERE k.tenant = o.tenant AND k.objective_id = o.id),
           (SELECT pg_catalog.string_agg(a.parent_id::pg_catalog.text, ',' ORDER BY a.parent_id)
              FROM okr.alignment a
             WHERE a.tenant = o.tenant AND a.child_id = o.id),
           (SELECT pg_catalog.string_agg(a.child_id::pg_catalog.text, ',' ORDER BY a.child_id)
              FROM okr.alignment a
             WHERE a.tenant = o.tenant AND a.parent_id = o.id),
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.final_grade END,
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.closed_at END,
           o.created_at
      FROM okr.scores_over(ARRAY[scorecard_at.at], scorecard_at.for_tenant, scorecard_at.root) s
      JOIN okr.objective o ON o.tenant = s.tenant AND o.id = s.id
     WHERE s.kind = 'objective'
     ORDER BY o.tenant, o.id;
END;
COMMENT ON FUNCTION okr.scorecard_at(timestamptz, text, bigint) IS
    'okr.scorecard as it stood at "at": scores recomputed from the check-in and output history (okr.scores_at), expected = okr.elapsed(period, at); the structure (key_results, parent_ids, child_ids) is today''s, so back-filled history shows. One closed after "at" shows state active and no final grade. Titles, owners and other descriptive columns are today''s (their history is not kept). Optional for_tenant and root (that objective and those aligned under it) restrict it, at a cost proportional to what they select. For burn-up charts without snapshots.';

CREATE OR REPLACE FUNCTION okr.score_series(objective_id bigint, from_at timestamptz,
                                 to_at timestamptz, step interval,
                                 tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (at timestamptz, kind text, id bigint, title text,
                   value double precision, score double precision,
                   expected double precision, status text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    WITH g AS MATERIALIZED (
        SELECT pg_catalog.array_agg(g.at ORDER BY g.at) AS steps
          FROM pg_catalog.generate_series(okr.series_start(score_series.from_at, score_series.to_at,
                                                           score_series.step),
                                          score_series.to_at, score_series.step) AS g (at)),
    kr AS (
        SELECT v.id, v.step, v.value, v.score
          FROM g, okr.key_result_steps(g.steps, ARRAY[score_series.tenant],
                                       ARRAY[score_series.objective_id]) v),
    s AS (
        SELECT 'objective' AS kind, x.id, x.step, NULL::double precision AS value, x.score
          FROM g, okr.scores_over(g.steps, score_series.tenant, score_series.objective_id, true) x
        UNION ALL
        -- each key result at each step: its latest change at or before it
        SELECT 'key_result', k.id, n.step, l.value, COALESCE(l.score, 0)
          FROM g
         CROSS JOIN pg_catalog.generate_series(1, pg_catalog.cardinality(g.steps)) AS n (step)
          JOIN okr.key_result k ON k.tenant = score_series.tenant
                               AND k.objective_id = score_series.objective_id
          LEFT JOIN LATERAL (
               SELECT kr.value, kr.score FROM kr
                WHERE kr.id = k.id AND kr.step <= n.step
                ORDER BY kr.step DESC LIMIT 1) l ON true)
    SELECT g.steps[s.step], s.kind, s.id, COALESCE(k.title, o.title), s.value, s.score,
           okr.elapsed(o.period, g.steps[s.step]),
           CASE WHEN (s.kind = 'objective' AND s.score IS NULL)
                  OR (s.kind = 'key_result' AND s.value IS NULL) THEN 'no_data'
                ELSE okr.status(s.score, okr.elapsed(o.period, g.steps[s.step]), o.tenant) END
      FROM g, s
      JOIN okr.objective o ON o.tenant = score_series.tenant AND o.id = score_series.objective_id
      LEFT JOIN okr.key_result k ON k.tenant = score_series.tenant AND k.id = s.id AND s.kind = 'key_result'
     ORDER BY 1, 2 DESC, 3;
END;
COMMENT ON FUNCTION okr.score_series(bigint, timestamptz, timestamptz, interval, text) IS
    'Burn-up data: the objective''s score and its key results'' values and scores at from_at, from_at + step, ... up to to_at (okr.scores_over: one pass over all instants), with the expected pace and status. Every object counts at every instant (back-filled history shows). Tenant defaults to okr.tenant.';

-- How a score was produced: the tree of inputs below one objective, read by
-- lookups from it down (a leaf costs as little as a leaf).
CREATE OR REPLACE FUNCTION okr.explain(objective_id bigint, at timestamptz DEFAULT NULL,
                            tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (depth integer, path text, kind text, id bigint, title text,
                   weight double precision, score double precision,
                   share_of_parent double precision, contribution double precision,
                   value double precision)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    IF NOT EXISTS (SELECT FROM okr.objective o
                    WHERE o.tenant = explain.tenant AND o.id = explain.objective_id) THEN
        RAISE EXCEPTION 'objective % does not exist in tenant %',
                        explain.objective_id, quote_literal(explain.tenant)
              USING ERRCODE = 'no_data_found',
                    HINT = 'Check the id and the tenant (the third argument, okr.tenant by default).';
    END IF;
    RETURN QUERY
    WITH RECURSIVE
    sub (id) AS (
        SELECT explain.objective_id
        UNION
        SELECT a.child_id FROM sub JOIN okr.alignment a
            ON a.tenant = explain.tenant AND a.parent_id = sub.id),
    sc AS MATERIALIZED (
        SELECT 'objective' AS kind, o.id, NULL::double precision AS value, o.score
          FROM sub JOIN okr.objective o ON o.tenant = explain.tenant AND o.id = sub.id
         WHERE explain.at IS NULL
        UNION ALL
        SELECT 'key_result', k.id, k.value, k.score
          FROM sub JOIN okr.key_result k ON k.tenant = explain.tenant AND k.objective_id = sub.id
         WHERE explain.at IS NULL
        UNION ALL
        SELECT s.kind, s.id, s.value, s.score
          FROM okr.scores_over(ARRAY[explain.at], explain.tenant, explain.objective_id) s
         WHERE explain.at IS NOT NULL),
    input AS MATERIALIZED (
        SELECT x.parent_id, x.kind, x.id, x.title, x.weight, x.score, x.value, x.frozen,
               CASE WHEN x.score IS NOT NULL AND x.counts
                    THEN x.weight / sum(x.weight) FILTER (WHERE x.score IS NOT NULL AND x.counts)
                                    OVER (PARTITION BY x.parent_id)
                    ELSE 0 END AS share
          FROM (-- a key result's weight as it was in force at "at"
                SELECT k.objective_id AS parent_id, 'key_result' AS kind, k.id, k.title,
                       COALESCE((SELECT v.weight FROM okr.key_result_version v
                                  WHERE v.tenant = k.tenant AND v.key_result_id = k.id
                                    AND v.valid_until > explain.at
                                  ORDER BY v.valid_until LIMIT 1), k.weight) AS weight,
                       s.score, s.value, false AS frozen, true AS counts
                  FROM sc s
                  JOIN okr.key_result k ON k.tenant = explain.tenant AND k.id = s.id
                  JOIN okr.objective p ON p.tenant = k.tenant AND p.id = k.objective_id
                 WHERE s.kind = 'key_result' AND p.rollup <> 'children'
                UNION ALL
                -- a draft child does not count (share 0)
                SELECT a.parent_id, 'objective', a.child_id, c.title, a.weight, s.score, NULL,
                       c.state = 'closed' AND (explain.at IS NULL OR c.closed_at <= explain.at),
                       c.state <> 'draft'
                  FROM sc s
                  JOIN okr.objective c ON c.tenant = explain.tenant AND c.id = s.id
                  JOIN okr.alignment a ON a.tenant = c.tenant AND a.child_id = c.id
                  JOIN okr.objective p ON p.tenant = a.tenant AND p.id = a.parent_id
                 WHERE s.kind = 'objective' AND p.rollup <> 'key_results'
                   AND EXISTS (SELECT FROM sub WHERE sub.id = a.parent_id)) x),
    tree (depth, path, sort, kind, id, title, weight, score, share, contribution, value,
          descend, ids) AS (
        SELECT 0, 'O' || s.id::text, lpad(s.id::text, 19, '0'),
               'objective'::text, s.id, o.title, NULL::double precision, s.score,
               1::double precision, s.score, NULL::double precision,
               true, ARRAY[s.id]
          FROM sc s JOIN okr.objective o ON o.tenant = explain.tenant AND o.id = s.id
         WHERE s.kind = 'objective' AND s.id = explain.objective_id
        UNION ALL
        SELECT t.depth + 1,
               t.path || ' > ' || CASE i.kind WHEN 'objective' THEN 'O' ELSE 'KR' END || i.id::text,
               t.sort || '/' || CASE i.kind WHEN 'objective' THEN '1' ELSE '0' END
                      || lpad(i.id::text, 19, '0'),
               i.kind, i.id, i.title, i.weight, i.score, i.share,
               CASE WHEN i.score IS NULL THEN 0 ELSE i.share * i.score END,
               i.value,
               i.kind = 'objective' AND NOT i.frozen,
               t.ids || i.id
          FROM tree t
          JOIN input i ON i.parent_id = t.id
         WHERE t.kind = 'objective' AND t.descend
           AND NOT (i.kind = 'objective' AND i.id = ANY (t.ids)))
    SELECT t.depth, t.path, t.kind, t.id, t.title, t.weight, t.score, t.share,
           t.contribution, t.value
      FROM tree t
     ORDER BY t.sort;
END
$$;
COMMENT ON FUNCTION okr.explain(bigint, timestamptz, text) IS
    'How an objective''s score was produced: the objective (depth 0, share 1), then every input down the tree per each objective''s rollup - key results and aligned objectives - with its weight, score, share_of_parent = weight / sum of the weights of the parent''s scored inputs, and contribution = share_of_parent * score, so that the contributions of a node''s inputs add up to its score. path lists ids from the objective, O for objectives and KR for key results (''O1 > O2 > KR5''). Inputs without a score have share 0; objectives closed below the root are leaves (their score is frozen); for a closed root its current inputs are shown, which may no longer add up to its frozen score. at NULL (default) explains the maintained scores, else the scores as of at (okr.scores_at). Raises no_data_found for an objective that does not exist in the tenant. Tenant defaults to okr.tenant.';
