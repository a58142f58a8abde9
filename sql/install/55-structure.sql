-- Maintained structure for reads: every path from a top-level objective down
-- the alignment graph, one row per path, as okr.alignment_tree shows it; and
-- per objective its key-result count and parent and child ids, as
-- okr.scorecard shows them.  Recomputing them made every tree query walk the
-- whole tenant before its filter, and a whole scorecard three lookups per
-- objective; stored, a query about one objective or one subtree is an index
-- lookup and a whole view a join.  Structure edits are rare (and hold the
-- exclusive tenant lock), so they pay: a statement that changes alignments
-- or key results, inserts or deletes objectives or renames one recomputes
-- the rows of the objectives it touched, and only those (the statement
-- triggers are 58-structure-triggers.sql's).
--
-- No foreign keys to okr.objective, so that TRUNCATE of okr's tables works
-- as before: deletes and truncates are followed by triggers instead.
-- Derived data: not dumped (pg_extension_config_dump) since restoring the
-- objectives, alignments and key results rebuilds it through the same
-- triggers; okr.rebuild_structure() recomputes it from scratch.

-- A path is identified by its objective and path_key, a hash chained down
-- the path (okr.path_key): bounded, where a key on path_sort (19 digits a
-- level) outgrew btree's 2,704 bytes at about 600 levels.  The paths through
-- an objective are those whose ids contain it, by a GIN index on the ids
-- read from path_sort (okr.path_ids): a query of okr.alignment_tree, whose
-- columns are standard SQL types (no ids array), reaches it too.  One path's
-- subtree adds a path_sort prefix.
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
    path_key     uuid NOT NULL,
    PRIMARY KEY (tenant, objective_id, path_key)
);
-- A path's columns grow with its depth (a 10,000-deep chain's paths hold
-- 2 GB): lz4 compresses them several times faster than pglz, where the
-- server has it.
DO $$
BEGIN
    ALTER TABLE okr.objective_path ALTER ids SET COMPRESSION lz4, ALTER path SET COMPRESSION lz4,
        ALTER title_path SET COMPRESSION lz4, ALTER path_sort SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;  -- built without lz4: pglz, the default
END
$$;
COMMENT ON TABLE okr.objective_path IS
    'Maintained: every path from a top-level objective down the alignment graph (okr.alignment_tree reads it); ids lists the objectives on the path from the root, path_key identifies the path (okr.path_key).';

-- md5 of the parent path's key and the id: one hash per path, computed in
-- O(1) from its parent path's (a key of the ids themselves would cost the
-- path's length); distinct paths of one objective collide only if md5 does.
-- In C (src/path_key.c): md5(COALESCE(parent::text || '/', '') ||
-- id::text)::uuid, without the hex text and its parse.
CREATE FUNCTION okr.path_key(parent uuid, id bigint) RETURNS uuid
    AS 'MODULE_PATHNAME', 'okr_path_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.path_key(uuid, bigint) IS
    'Key of the path that extends the path keyed parent (NULL at a root) by objective id (okr.objective_path.path_key).';

-- Not STRICT: string_to_array is not, so a STRICT wrapper could not be
-- inlined, and every path written evaluated the index expression through a
-- SQL function call (8% of a COPY of objectives, by callgrind); NULL gives
-- NULL either way.
CREATE FUNCTION okr.path_ids(path_sort text) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN pg_catalog.string_to_array(path_sort, '/')::bigint[];
COMMENT ON FUNCTION okr.path_ids(text) IS
    'The objective ids of a path_sort of okr.alignment_tree, from the root: path_ids(path_sort) @> ''{5}'' selects the paths through objective 5, by index.';
CREATE INDEX objective_path_ids ON okr.objective_path USING gin (okr.path_ids(path_sort));

CREATE TABLE okr.objective_shape (
    tenant       text NOT NULL,
    objective_id bigint NOT NULL,
    key_results  bigint NOT NULL,
    parent_ids   text,
    child_ids    text,
    PRIMARY KEY (tenant, objective_id)
) WITH (fillfactor = 50);
-- Half of each page left free: a structure statement rewrites the shapes of
-- the objectives it touched, and a rewrite that finds room on its page is a
-- HOT update, without a new entry in the primary key (a bulk load of
-- alignments in several statements rewrites a parent's shape in each).
-- An objective without key results, parents or children may have no row
-- (a new one has none): readers take a missing row as (0, NULL, NULL).
COMMENT ON TABLE okr.objective_shape IS
    'Maintained: per objective its number of key results and the ids of its parents and children, comma-separated in ascending order (okr.scorecard reads it); no row = no key results, parents or children.';

-- The shape of the objectives (tenant, id) given, as it should be.
CREATE FUNCTION okr.shapes_of(tenants text[], objective_ids bigint[]) RETURNS SETOF okr.objective_shape
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.tenant, o.id,
           (SELECT count(*) FROM okr.key_result k
             WHERE k.tenant = o.tenant AND k.objective_id = o.id),
           (SELECT string_agg(a.parent_id::text, ',' ORDER BY a.parent_id) FROM okr.alignment a
             WHERE a.tenant = o.tenant AND a.child_id = o.id),
           (SELECT string_agg(a.child_id::text, ',' ORDER BY a.child_id) FROM okr.alignment a
             WHERE a.tenant = o.tenant AND a.parent_id = o.id)
      FROM (SELECT DISTINCT c.tenant, c.id
              FROM unnest(shapes_of.tenants, shapes_of.objective_ids) AS c (tenant, id)) c
     CROSS JOIN LATERAL (SELECT o.tenant, o.id FROM okr.objective o
                          WHERE o.tenant = c.tenant AND o.id = c.id OFFSET 0) o;
END;
COMMENT ON FUNCTION okr.shapes_of(text[], bigint[]) IS
    'What okr.objective_shape should hold for the given objectives (tenant and id arrays of equal length).';

-- The shape of the objectives (tenant, id) given, recomputed.
CREATE FUNCTION okr.refresh_shapes(tenants text[], objective_ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    SET enable_hashjoin = off
    SET enable_mergejoin = off
BEGIN ATOMIC
    INSERT INTO okr.objective_shape AS s
    SELECT * FROM okr.shapes_of(refresh_shapes.tenants, refresh_shapes.objective_ids)
        ON CONFLICT (tenant, objective_id) DO UPDATE
       SET key_results = excluded.key_results, parent_ids = excluded.parent_ids,
           child_ids = excluded.child_ids
     WHERE (s.key_results, s.parent_ids, s.child_ids)
           IS DISTINCT FROM (excluded.key_results, excluded.parent_ids, excluded.child_ids);
END;
COMMENT ON FUNCTION okr.refresh_shapes(text[], bigint[]) IS
    'Recomputes okr.objective_shape for the given objectives (tenant and id arrays of equal length).';

-- A statement of key results changes only their objectives' counts: those
-- recounted, their parents' and children's ids left alone (their sorted
-- string_agg lookups were two thirds of refresh_shapes on a bulk load of
-- key results).  An objective without a shape row gets a whole one first.
-- Not SECURITY DEFINER: only okr.structure_after_key_result() calls it,
-- as the owner; the joins are lookups by index (okr.plan_lookups, which
-- that trigger sets).
CREATE FUNCTION okr.refresh_shape_counts(tenants text[], objective_ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    SET enable_hashjoin = off
BEGIN ATOMIC
    SELECT okr.refresh_shapes(array_agg(u.tenant), array_agg(u.id))
      FROM (SELECT DISTINCT u.tenant, u.id
              FROM unnest(refresh_shape_counts.tenants, refresh_shape_counts.objective_ids) AS u (tenant, id)) u
     WHERE NOT EXISTS (SELECT FROM okr.objective_shape s WHERE s.tenant = u.tenant AND s.objective_id = u.id);
    UPDATE okr.objective_shape AS s SET key_results = c.n
      FROM (SELECT DISTINCT u.tenant, u.id
              FROM unnest(refresh_shape_counts.tenants, refresh_shape_counts.objective_ids) AS u (tenant, id)) u
     CROSS JOIN LATERAL (SELECT count(*) AS n FROM okr.key_result k
                          WHERE k.tenant = u.tenant AND k.objective_id = u.id) c
     WHERE s.tenant = u.tenant AND s.objective_id = u.id AND s.key_results <> c.n;
END;
COMMENT ON FUNCTION okr.refresh_shape_counts(text[], bigint[]) IS
    'Recounts okr.objective_shape.key_results for the given objectives (tenant and id arrays of equal length); a missing row is recomputed whole.';

-- The most levels a path from a top-level objective may have (depth 0 to
-- max_depth() - 1): src/structure.c's MAX_DEPTH, which the rollup's depth
-- pass holds to at commit; a structure statement refuses a deeper path when
-- it is written (okr.refresh_paths).
CREATE FUNCTION okr.max_depth() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 10000;
COMMENT ON FUNCTION okr.max_depth() IS
    'The most levels of alignments okr takes: a path from a top-level objective of at most this many objectives (okr.alignment_tree depths 0 to max_depth() - 1).';

-- Every path through the objectives (tenant, id) given, walked down from
-- each one's parents' paths in okr.objective_path (or from itself when it
-- has no parent); a parent that is itself one of them seeds nothing, since
-- the walk reaches the child from that parent's new paths (refresh_paths has
-- deleted its stored ones: a bulk load of alignments probed every child's
-- parents for them).  Each lookup from a row is a subquery of its own (LATERAL
-- ... OFFSET 0, planned with that row's values as parameters, so it can
-- only be probed from it).  Joined directly, a table never ANALYZEd (a
-- first load) had the planner probe alignment_parent by the tenant alone
-- and filter the children, or join the walk to all of the tenant's
-- objectives before their alignments: one scan of the tenant per objective
-- (5,000 children in one statement: 16 s; a 5,000-objective tree: 40 s).
CREATE FUNCTION okr.paths_through(tenants text[], objective_ids bigint[])
    RETURNS SETOF okr.objective_path
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE
    changed AS (
        SELECT c.tenant, c.id, o.title
          FROM (SELECT DISTINCT c.tenant, c.id
                  FROM unnest(paths_through.tenants, paths_through.objective_ids) AS c (tenant, id)) c
         CROSS JOIN LATERAL (SELECT o.title FROM okr.objective o
                              WHERE o.tenant = c.tenant AND o.id = c.id OFFSET 0) o),
    seed (tenant, objective_id, root_id, parent_id, weight, depth, ids, path, title_path, path_sort, path_key) AS (
        SELECT c.tenant, c.id, p.root_id, a.parent_id, a.weight, p.depth + 1,
               p.ids || c.id, p.path || ' > ' || c.id::text,
               p.title_path || ' > ' || c.title,
               p.path_sort || '/' || lpad(c.id::text, 19, '0'), okr.path_key(p.path_key, c.id)
          FROM changed c
         CROSS JOIN LATERAL (SELECT a.parent_id, a.weight FROM okr.alignment a
                              WHERE a.tenant = c.tenant AND a.child_id = c.id
                                AND (a.tenant, a.parent_id) NOT IN
                                    (SELECT * FROM unnest(paths_through.tenants, paths_through.objective_ids))
                             OFFSET 0) a
         CROSS JOIN LATERAL (SELECT * FROM okr.objective_path p
                              WHERE p.tenant = c.tenant AND p.objective_id = a.parent_id OFFSET 0) p
        UNION ALL
        SELECT c.tenant, c.id, c.id, NULL, NULL, 0, ARRAY[c.id], c.id::text, c.title,
               lpad(c.id::text, 19, '0'), okr.path_key(NULL, c.id)
          FROM changed c
         WHERE NOT EXISTS (SELECT FROM okr.alignment a
                            WHERE a.tenant = c.tenant AND a.child_id = c.id OFFSET 0)),
    walk AS (
        SELECT * FROM seed
        UNION ALL
        SELECT w.tenant, a.child_id, w.root_id, w.objective_id, a.weight, w.depth + 1,
               w.ids || a.child_id, w.path || ' > ' || a.child_id::text,
               w.title_path || ' > ' || a.title,
               w.path_sort || '/' || lpad(a.child_id::text, 19, '0'), okr.path_key(w.path_key, a.child_id)
          FROM walk w
         CROSS JOIN LATERAL (SELECT a.child_id, a.weight,
                                    (SELECT o.title FROM okr.objective o
                                      WHERE o.tenant = a.tenant AND o.id = a.child_id) AS title
                               FROM okr.alignment a
                              WHERE a.tenant = w.tenant AND a.parent_id = w.objective_id OFFSET 0) a
         WHERE a.child_id <> ALL (w.ids) AND w.depth < okr.max_depth())
    SELECT * FROM walk;
END;
COMMENT ON FUNCTION okr.paths_through(text[], bigint[]) IS
    'The paths okr.objective_path should hold through the given objectives (tenant and id arrays of equal length), walked from their parents'' stored paths; for top-level objectives, every path of their trees. The walk goes one level past okr.max_depth() at most (a path of that depth is one too deep).';

-- The paths through the objectives (tenant, id) given: removed (every path
-- whose ids contain one of them: each path of it and its extensions), then
-- walked again from each one's parents' remaining paths (or
-- from itself when it has no parent).  A path through several of them is
-- rebuilt once, from the first on it: paths of an objective below another
-- one given are gone when the walk reaches it, so they are no seed.
-- At most okr.max_paths paths per call (one structure statement): k
-- objectives with two parents above one give it 2^k paths, so one alignment
-- could make the walk enumerate millions.  The walk stops at the first path
-- over the limit (LIMIT stops the recursion), before anything is written.
-- Likewise a path deeper than okr.max_depth() levels is refused here, by the
-- statement that makes it: each path's depth is its parent path's plus one
-- (the walk stops one level past the limit), where the rollup's depth pass
-- found it only at commit.
-- The maintenance functions touch few rows by index each; right after a
-- bulk load, before ANALYZE, the planner took them for scans joined by hash
-- (seconds per statement), so they plan nested loops over indexes only.
CREATE FUNCTION okr.refresh_paths(tenants text[], objective_ids bigint[]) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    SET enable_seqscan = off
AS $$
DECLARE
    max_paths bigint := current_setting('okr.max_paths')::bigint;
    gone_tenants text[];  -- per objective, how many of its paths were removed
    gone_ids bigint[];
    gone_counts bigint[];
BEGIN
    -- The paths through the touched objectives: their own (by the primary
    -- key's prefix), then each one's extensions, one level at a time: the
    -- path extending key k by child c has key okr.path_key(k, c), one
    -- primary-key probe, whatever the statistics (seq scans and hash and
    -- merge joins are off).  Only stored paths are followed, so the walk is
    -- bounded by what is stored; every stored path through a touched
    -- objective is reached, since below its lowest touched objective every
    -- edge of it is unchanged (a changed edge's child is touched); the walk
    -- does not step into a touched objective (a hashed NOT IN), whose
    -- paths are all seeds (a bulk load of alignments touches every child it
    -- walked to).  Tested by each path's ids against all the touched ids
    -- instead (the walk's filter is one hash probe per step), a statement
    -- aligning n children cost O(n^2): 20,000 children took 7 s.
    WITH gone AS (
    DELETE FROM okr.objective_path p
     USING (WITH RECURSIVE doomed (tenant, objective_id, path_key) AS (
                SELECT s.tenant, s.objective_id, s.path_key
                  FROM (SELECT DISTINCT c.tenant, c.id
                          FROM unnest(tenants, objective_ids) AS c (tenant, id)) c
                  JOIN okr.objective_path s ON s.tenant = c.tenant AND s.objective_id = c.id
                UNION
                SELECT s.tenant, s.objective_id, s.path_key
                  FROM doomed d
                 CROSS JOIN LATERAL (SELECT a.child_id FROM okr.alignment a
                                      WHERE a.tenant = d.tenant AND a.parent_id = d.objective_id
                                        AND (a.tenant, a.child_id) NOT IN
                                            (SELECT * FROM unnest(tenants, objective_ids)) OFFSET 0) a
                 CROSS JOIN LATERAL (SELECT s.tenant, s.objective_id, s.path_key FROM okr.objective_path s
                                      WHERE s.tenant = d.tenant AND s.objective_id = a.child_id
                                        AND s.path_key = okr.path_key(d.path_key, a.child_id) OFFSET 0) s)
            SELECT * FROM doomed) d
     WHERE p.tenant = d.tenant AND p.objective_id = d.objective_id AND p.path_key = d.path_key
    RETURNING p.tenant, p.objective_id)
    SELECT array_agg(g.tenant), array_agg(g.objective_id), array_agg(g.n)
      INTO gone_tenants, gone_ids, gone_counts
      FROM (SELECT gone.tenant, gone.objective_id, count(*) AS n FROM gone
             GROUP BY gone.tenant, gone.objective_id) g;
    -- An objective the statement does not touch keeps its paths through
    -- objectives the statement leaves alone: one whose paths the statement
    -- adds to (more written than removed) may then have at most max_paths,
    -- so that no series of statements gives one objective more than
    -- okr.rebuild() takes (okr.structure_bounds); one that gains none (a
    -- moved subtree, a rename) is not counted, nor refused if over the limit
    -- already (okr.max_paths lowered since).  A touched objective's paths
    -- are all among the written ones.  Each counted one costs a probe of
    -- its kept paths, up to the limit.
    WITH w AS MATERIALIZED (
        SELECT * FROM okr.paths_through(tenants, objective_ids) LIMIT max_paths + 1),
    crowded AS (
        SELECT ARRAY[g.tenant, g.objective_id::text, g.n::text, k.kept::text] AS what
          FROM (SELECT x.tenant, x.objective_id, sum(x.n) AS n
                  FROM (SELECT w.tenant, w.objective_id, 1 AS n, 1 AS gained FROM w
                         WHERE (w.tenant, w.objective_id) NOT IN (SELECT * FROM unnest(tenants, objective_ids))
                        UNION ALL
                        SELECT r.tenant, r.id, 0, -r.n
                          FROM unnest(gone_tenants, gone_ids, gone_counts) AS r (tenant, id, n)) x
                 GROUP BY x.tenant, x.objective_id
                HAVING sum(x.gained) > 0) g
         CROSS JOIN LATERAL (SELECT count(*) AS kept
                               FROM (SELECT FROM okr.objective_path p
                                      WHERE p.tenant = g.tenant AND p.objective_id = g.objective_id
                                      LIMIT max_paths + 1 - g.n) p) k
         WHERE g.n + k.kept > max_paths
         LIMIT 1)
    INSERT INTO okr.objective_path
    SELECT * FROM w
     WHERE CASE WHEN (SELECT count(*) FROM w) > max_paths
                THEN okr.too_many_paths(max_paths,
                         (SELECT ARRAY[m.tenant, m.objective_id::text, m.n::text]
                            FROM (SELECT w.tenant, w.objective_id, count(*) AS n FROM w
                                   GROUP BY w.tenant, w.objective_id ORDER BY n DESC LIMIT 1) m))
                WHEN EXISTS (SELECT FROM crowded)
                THEN okr.too_many_paths_of(max_paths, (SELECT crowded.what FROM crowded))
                WHEN (SELECT max(w.depth) FROM w) >= okr.max_depth()
                THEN okr.too_deep((SELECT ARRAY[d.tenant, d.objective_id::text, d.root_id::text]
                                     FROM w d WHERE d.depth >= okr.max_depth() LIMIT 1))
                ELSE true
           END;
END
$$;
COMMENT ON FUNCTION okr.refresh_paths(text[], bigint[]) IS
    'Recomputes okr.objective_path for every path through the given objectives (tenant and id arrays of equal length); refuses to write more than okr.max_paths paths, to leave one objective with more than okr.max_paths in all, or a path deeper than okr.max_depth() levels.';

-- The error of a structure statement that would write more than max_paths
-- paths; most is {tenant, objective id, its paths} of the objective with
-- the most among the first max_paths + 1.
CREATE FUNCTION okr.too_many_paths(max_paths bigint, most text[]) RETURNS boolean
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
        MESSAGE = format('alignments would give okr.alignment_tree more than %s paths in one statement', max_paths),
        DETAIL = format('okr.alignment_tree lists every path from a top-level objective; objective %s of tenant "%s" alone would have %s or more, and the statement writes at most okr.max_paths (%s).',
                        most[2], most[1], most[3], max_paths),
        HINT = 'Each objective below k objectives with two parents has 2^k paths: align fewer objectives to several parents, write them in smaller statements, or have a superuser raise okr.max_paths.';
END
$$;
COMMENT ON FUNCTION okr.too_many_paths(bigint, text[]) IS
    'Raises okr.refresh_paths''s error (54000) for a statement over okr.max_paths paths.';

-- The error of a structure statement after which one objective would have
-- more than max_paths paths in all; crowded is {tenant, objective id, paths
-- the statement writes, paths it keeps (counted up to the limit)}.
CREATE FUNCTION okr.too_many_paths_of(max_paths bigint, crowded text[]) RETURNS boolean
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
        MESSAGE = format('alignments would give objective %s of tenant "%s" more than %s paths in okr.alignment_tree',
                         crowded[2], crowded[1], max_paths),
        DETAIL = format('The statement writes %s of its paths and it keeps %s or more through objectives the statement does not change; okr keeps at most okr.max_paths (%s) paths per objective, the most okr.rebuild() takes.',
                        crowded[3], crowded[4], max_paths),
        HINT = 'Each objective below k objectives with two parents has 2^k paths: align fewer objectives to several parents, or have a superuser raise okr.max_paths.';
END
$$;
COMMENT ON FUNCTION okr.too_many_paths_of(bigint, text[]) IS
    'Raises okr.refresh_paths''s error (54000) for a statement after which one objective would have more than okr.max_paths paths.';

-- The error of a structure statement that would make a path of more than
-- okr.max_depth() levels; deepest is {tenant, objective id, root id} of a
-- path one level too deep.
CREATE FUNCTION okr.too_deep(deepest text[]) RETURNS boolean
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
        MESSAGE = format('alignments would nest objectives more than %s levels deep', okr.max_depth()),
        DETAIL = format('Objective %s of tenant "%s" would be on level %s below top-level objective %s (itself level 1), and okr takes at most %s levels.',
                        deepest[2], deepest[1], okr.max_depth() + 1, deepest[3], okr.max_depth()),
        HINT = 'Align it to an objective higher up, or remove a level of the chain above it.';
END
$$;
COMMENT ON FUNCTION okr.too_deep(text[]) IS
    'Raises okr.refresh_paths''s error (54000) for a statement that would nest objectives more than okr.max_depth() levels deep.';

-- Before okr.rebuild_structure() walks every path: one pass over the
-- alignments, counting each objective's paths (and depth) from its parents'
-- in topological order, refusing what a structure statement would have
-- refused (src/structure.c).  Rows restored with triggers disabled skipped
-- those checks: 25 two-parent diamonds give 2^25 paths, which the walk
-- would enumerate for hours before writing one.
CREATE FUNCTION okr.structure_bounds(max_paths bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'okr_structure_bounds'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION okr.structure_bounds(bigint) IS
    'Refuses (54000) alignments that give one objective more than max_paths paths in okr.alignment_tree, or nest deeper than okr.max_depth() levels, and (XX001) a cycle; one pass over okr.alignment in topological order, before okr.rebuild_structure() writes.';

CREATE FUNCTION okr.rebuild_structure() RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET enable_seqscan = on  -- okr.rebuild() calls it with lookups-only settings
AS $$
DECLARE
    roots_t text[];
    roots_i bigint[];
    all_t text[];
    all_i bigint[];
    paths bigint;
    shapes bigint;
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    -- bounded before the walk: no objective with more paths than a structure
    -- statement may write, none deeper than okr.max_depth(), no cycle
    PERFORM okr.structure_bounds(current_setting('okr.max_paths')::bigint);
    SELECT array_agg(o.tenant), array_agg(o.id) INTO roots_t, roots_i
      FROM okr.objective o
     WHERE NOT EXISTS (SELECT FROM okr.alignment a
                        WHERE a.tenant = o.tenant AND a.child_id = o.id);
    SELECT array_agg(o.tenant), array_agg(o.id) INTO all_t, all_i FROM okr.objective o;
    -- rows missing, wrong or left over, counted before anything is written
    SELECT count(*) INTO paths
      FROM okr.objective_path p
      FULL JOIN okr.paths_through(roots_t, roots_i) w
        ON w.tenant = p.tenant AND w.objective_id = p.objective_id AND w.path_key = p.path_key
     WHERE ROW(p.*) IS DISTINCT FROM ROW(w.*);
    SELECT count(*) INTO shapes
      FROM okr.objective_shape s
      FULL JOIN okr.shapes_of(all_t, all_i) w
        ON w.tenant = s.tenant AND w.objective_id = s.objective_id
     WHERE CASE WHEN s.objective_id IS NULL  -- an empty shape needs no row
                THEN (w.key_results, w.parent_ids, w.child_ids) IS DISTINCT FROM (0::bigint, NULL::text, NULL::text)
                ELSE ROW(s.*) IS DISTINCT FROM ROW(w.*) END;
    IF paths > 0 THEN
        DELETE FROM okr.objective_path;
        INSERT INTO okr.objective_path SELECT * FROM okr.paths_through(roots_t, roots_i);
    END IF;
    IF shapes > 0 THEN
        DELETE FROM okr.objective_shape;
        INSERT INTO okr.objective_shape
        SELECT * FROM okr.shapes_of(all_t, all_i) w
         WHERE (w.key_results, w.parent_ids, w.child_ids) IS DISTINCT FROM (0::bigint, NULL::text, NULL::text);
    END IF;
    RETURN paths + shapes;
END
$$;
COMMENT ON FUNCTION okr.rebuild_structure() IS
    'Recomputes okr.objective_path and okr.objective_shape from scratch (after a restore with okr''s triggers disabled) when they differ from what the objectives, alignments and key results say; returns the number of rows that differed (missing, wrong or left over). Refuses first what okr.structure_bounds() refuses (an objective with more than okr.max_paths paths, a path deeper than okr.max_depth(), a cycle). okr.rebuild() calls it.';

-- okr.shapes_of stays executable: okr.verify() (anyone's, with the caller's
-- rights) compares the shapes with it.
REVOKE EXECUTE ON FUNCTION okr.refresh_paths(text[], bigint[]), okr.refresh_shapes(text[], bigint[]),
    okr.refresh_shape_counts(text[], bigint[]),
    okr.paths_through(text[], bigint[]),
    okr.too_many_paths(bigint, text[]), okr.too_many_paths_of(bigint, text[]), okr.too_deep(text[]), okr.structure_bounds(bigint),
    okr.rebuild_structure() FROM PUBLIC;
