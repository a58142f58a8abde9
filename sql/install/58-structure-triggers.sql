-- The statement triggers that keep the structure for reads: the paths and
-- shapes of 55-structure.sql and the pace of 57-pace.sql.  One trigger per
-- table and event gathers the objectives a statement touched from its
-- transition tables once and hands them to okr.refresh_paths,
-- okr.refresh_shapes and okr.refresh_pace (three triggers per statement,
-- each scanning the transition tables, before).  Named structure_* so that
-- they fire after the rollup's after_* triggers (same-event triggers fire in
-- name order); the rollup's own writes of scores and values fire none.
-- Their statements look rows up from the touched ones, and okr.plan_lookups
-- plans them so whatever the statistics (src/query.c).

CREATE FUNCTION okr.structure_after_objective() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET okr.plan_lookups = on
AS $$
DECLARE
    tenants text[];
    ids bigint[];
    renamed_t text[];
    renamed bigint[];
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    IF TG_OP = 'INSERT' THEN
        -- a new objective has no alignments or key results yet (their
        -- foreign keys need it first): a root of its own.  Its empty shape
        -- and its unscored pace are what a missing row means
        -- (55-structure.sql, 57-pace.sql): not written, as those two rows
        -- were a third of a COPY of objectives; only one closed with a
        -- score, which counts for its parents, gets its pace row
        INSERT INTO okr.objective_path
        SELECT n.tenant, n.id, n.id, NULL, NULL, 0, ARRAY[n.id], n.id::text, n.title,
               lpad(n.id::text, 19, '0'), okr.path_key(NULL, n.id)
          FROM new_rows n;
        INSERT INTO okr.objective_pace
        SELECT n.tenant, n.id, true, ARRAY[n.period], ARRAY[1::double precision]
          FROM new_rows n
         WHERE n.state = 'closed' AND (n.final_score IS NOT NULL OR n.score IS NOT NULL);
    ELSIF TG_OP = 'DELETE' THEN
        -- paths through it and its parents' pace follow with its alignments
        DELETE FROM okr.objective_path p USING old_rows o
         WHERE p.tenant = o.tenant AND p.objective_id = o.id;
        DELETE FROM okr.objective_shape s USING old_rows o
         WHERE s.tenant = o.tenant AND s.objective_id = o.id;
        DELETE FROM okr.objective_pace p USING old_rows o
         WHERE p.tenant = o.tenant AND p.objective_id = o.id;
    ELSE
        -- a rename: the titles on its paths and below; a new period, state,
        -- rollup or final score: its pace and above
        SELECT array_agg(n.tenant) FILTER (WHERE o.title IS DISTINCT FROM n.title),
               array_agg(n.id) FILTER (WHERE o.title IS DISTINCT FROM n.title),
               array_agg(n.tenant) FILTER (WHERE (o.period::text, o.state, o.rollup, o.final_score)
                                                 IS DISTINCT FROM (n.period::text, n.state, n.rollup, n.final_score)),
               array_agg(n.id) FILTER (WHERE (o.period::text, o.state, o.rollup, o.final_score)
                                             IS DISTINCT FROM (n.period::text, n.state, n.rollup, n.final_score))
          INTO renamed_t, renamed, tenants, ids
          FROM new_rows n JOIN old_rows o ON o.tenant = n.tenant AND o.id = n.id;
        IF renamed IS NOT NULL THEN  -- most updates rename nothing
            PERFORM okr.refresh_paths(renamed_t, renamed);
        END IF;
    END IF;
    PERFORM okr.refresh_pace(tenants, ids);  -- NULL: nothing to do
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.structure_after_objective() IS
    'Trigger: okr.objective_path, okr.objective_shape and okr.objective_pace for inserted and deleted objectives; paths of renamed ones, pace of those whose period, state, rollup or final score changed.';

CREATE FUNCTION okr.structure_after_alignment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET okr.plan_lookups = on
AS $$
DECLARE
    tenants text[] := '{}';
    children bigint[] := '{}';
    parents bigint[] := '{}';
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT tenants || array_agg(n.tenant), children || array_agg(n.child_id),
               parents || array_agg(n.parent_id)
          INTO tenants, children, parents FROM new_rows n;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT tenants || array_agg(o.tenant), children || array_agg(o.child_id),
               parents || array_agg(o.parent_id)
          INTO tenants, children, parents FROM old_rows o;
    END IF;
    -- paths below the children, shapes of both ends, pace from the parents up
    PERFORM okr.refresh_paths(tenants, children),
            okr.refresh_shapes(tenants || tenants, children || parents),
            okr.refresh_pace(tenants, parents);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.structure_after_alignment() IS
    'Trigger: okr.objective_path for the children of inserted, updated and deleted alignments, okr.objective_shape for both ends, okr.objective_pace for the parents (and above).';

CREATE FUNCTION okr.structure_after_key_result() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET okr.plan_lookups = on
AS $$
DECLARE
    shape_t text[];
    shape_ids bigint[];
    pace_t text[];
    pace_ids bigint[];
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.tenant), array_agg(n.objective_id) INTO pace_t, pace_ids FROM new_rows n;
        shape_t := pace_t;
        shape_ids := pace_ids;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.tenant), array_agg(o.objective_id) INTO pace_t, pace_ids FROM old_rows o;
        shape_t := pace_t;
        shape_ids := pace_ids;
    ELSE
        -- both objectives of a moved key result (shape and pace); the
        -- objective of one reweighted, or given or relieved of a target (pace)
        SELECT array_agg(c.tenant) FILTER (WHERE o.objective_id IS DISTINCT FROM n.objective_id),
               array_agg(c.objective_id) FILTER (WHERE o.objective_id IS DISTINCT FROM n.objective_id),
               array_agg(c.tenant), array_agg(c.objective_id)
          INTO shape_t, shape_ids, pace_t, pace_ids
          FROM new_rows n JOIN old_rows o ON o.tenant = n.tenant AND o.id = n.id
         CROSS JOIN LATERAL (VALUES (n.tenant, n.objective_id), (o.tenant, o.objective_id)) AS c (tenant, objective_id)
         WHERE (o.objective_id, o.weight, o.target IS NULL)
               IS DISTINCT FROM (n.objective_id, n.weight, n.target IS NULL);
    END IF;
    PERFORM okr.refresh_shape_counts(shape_t, shape_ids), okr.refresh_pace(pace_t, pace_ids);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.structure_after_key_result() IS
    'Trigger: okr.objective_shape''s counts and okr.objective_pace for the objectives whose key results were inserted, deleted or moved; pace also for reweighted ones and those given or relieved of a target (and above).';

CREATE FUNCTION okr.structure_after_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    PERFORM okr.rebuild_structure(), okr.rebuild_pace();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION okr.structure_after_truncate() IS
    'Trigger: recomputes okr.objective_path, okr.objective_shape and okr.objective_pace after TRUNCATE of okr.objective, okr.alignment or okr.key_result.';

-- The same four triggers on each table, okr.structure_after_<table>() for
-- rows and okr.structure_after_truncate() for TRUNCATE.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['objective', 'alignment', 'key_result'] LOOP
        EXECUTE format('CREATE TRIGGER structure_after_insert AFTER INSERT ON okr.%1$I
                            REFERENCING NEW TABLE AS new_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION okr.structure_after_%1$s()', t);
        EXECUTE format('CREATE TRIGGER structure_after_update AFTER UPDATE ON okr.%1$I
                            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION okr.structure_after_%1$s()', t);
        EXECUTE format('CREATE TRIGGER structure_after_delete AFTER DELETE ON okr.%1$I
                            REFERENCING OLD TABLE AS old_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION okr.structure_after_%1$s()', t);
        EXECUTE format('CREATE TRIGGER structure_after_truncate AFTER TRUNCATE ON okr.%I
                            FOR EACH STATEMENT EXECUTE FUNCTION okr.structure_after_truncate()', t);
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION okr.structure_after_objective(), okr.structure_after_alignment(),
    okr.structure_after_key_result(), okr.structure_after_truncate() FROM PUBLIC;
