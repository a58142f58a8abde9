-- Run by a role bound to tenant 'default' under okr.enable_tenant_isolation():
-- every relation of okr and every set-returning function, called with
-- arguments that name the other tenant ('victim') where they take text, must
-- show nothing of it, nor read it: asked by index for another tenant's rows,
-- no plan may read them and filter them out after (EXPLAIN ANALYZE's "Rows
-- Removed by Filter" would tell her they exist).  Prints 'LEAK: ...' per
-- finding, 'UNCHECKED: ...' per object it cannot judge, and 'SCANNED: n'.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
DO $$
DECLARE
    r record;
    n integer := 0;
    leaks bigint;
    args text;
    has_tenant boolean;
    plan jsonb;
BEGIN
    -- tables and views: no row of another tenant
    FOR r IN SELECT c.oid::regclass AS rel,
                    EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant'
                              AND NOT a.attisdropped) AS has_tenant
               FROM pg_class c
              WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
                AND has_table_privilege(c.oid, 'SELECT')
              ORDER BY 1::text
    LOOP
        n := n + 1;
        IF r.has_tenant THEN
            EXECUTE format('SELECT count(*) FROM %s WHERE tenant IS DISTINCT FROM %L', r.rel, 'default') INTO leaks;
            IF leaks > 0 THEN RAISE WARNING 'LEAK: % rows of other tenants in %', leaks, r.rel; END IF;
            CONTINUE WHEN r.rel = 'okr.tenant_role'::regclass;  -- no policy: a scan counts its rows, as pg_stat_all_tables does for everyone
            EXECUTE format('EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) SELECT * FROM %s WHERE tenant = %L',
                           r.rel, 'victim') INTO plan;
            SELECT sum(x::bigint) INTO leaks FROM jsonb_path_query(plan, 'strict $.**."Rows Removed by Filter"') x;
            IF leaks > 0 THEN RAISE WARNING 'LEAK: % rows of other tenants read and filtered out in %', leaks, r.rel; END IF;
            IF plan::text LIKE '%sees_every_tenant%' THEN RAISE WARNING 'LEAK: the isolation policy of % is a filter', r.rel; END IF;
        ELSE
            EXECUTE format('SELECT count(*) FROM %s', r.rel) INTO leaks;
            IF leaks > 0 THEN RAISE WARNING 'UNCHECKED: % has % rows and no tenant column', r.rel, leaks; END IF;
        END IF;
    END LOOP;
    -- set-returning functions: every argument given, text ones naming 'victim'
    FOR r IN SELECT p.oid::regprocedure AS fn, p.proname, p.proargtypes::oid[] AS types
               FROM pg_proc p
              WHERE p.pronamespace = 'okr'::regnamespace AND p.proretset AND p.prokind = 'f'
                AND has_function_privilege(p.oid, 'EXECUTE')
              ORDER BY 1::text
    LOOP
        SELECT string_agg(CASE t::regtype::text
                              WHEN 'bigint' THEN '1' WHEN 'integer' THEN '1'
                              WHEN 'text' THEN quote_literal('victim')
                              WHEN 'timestamp with time zone' THEN quote_literal('2026-11-25')
                              WHEN 'interval' THEN quote_literal('1 week')
                              WHEN 'double precision' THEN '0.5' WHEN 'boolean' THEN 'true'
                              -- arrays (the history engine's okr.scores_over, okr.key_result_steps)
                              WHEN 'bigint[]' THEN quote_literal('{1}')
                              WHEN 'text[]' THEN quote_literal('{victim}')
                              WHEN 'timestamp with time zone[]' THEN quote_literal('{2026-11-25}')
                          END || '::' || t::regtype::text, ', ' ORDER BY i)
          INTO args
          FROM unnest(r.types) WITH ORDINALITY AS u (t, i);
        IF args IS NULL AND cardinality(r.types) > 0 THEN
            RAISE WARNING 'UNCHECKED: % (argument types)', r.fn;
            CONTINUE;
        END IF;
        n := n + 1;
        SELECT EXISTS (SELECT FROM pg_proc p, unnest(p.proargnames, p.proargmodes) AS a (name, mode)
                        WHERE p.oid = r.fn AND a.name = 'tenant' AND a.mode IN ('o', 't'))
          INTO has_tenant;
        BEGIN
            IF has_tenant THEN
                EXECUTE format('SELECT count(*) FROM okr.%I(%s) x WHERE x.tenant IS DISTINCT FROM %L',
                               r.proname, coalesce(args, ''), 'default') INTO leaks;
            ELSE
                -- no tenant column: asked about 'victim', it must answer nothing
                EXECUTE format('SELECT count(*) FROM okr.%I(%s) x', r.proname, coalesce(args, '')) INTO leaks;
            END IF;
        EXCEPTION WHEN no_data_found THEN
            leaks := 0;  -- okr.explain: "objective 1 does not exist in tenant 'victim'" (for her it does not)
        END;
        IF leaks > 0 THEN RAISE WARNING 'LEAK: % rows of other tenants from %', leaks, r.fn; END IF;
    END LOOP;
    -- the same in a SQL function the planner inlines: a filter there read
    -- victim's objective 1 beside hers
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) SELECT * FROM okr.objectives_under(NULL, 1)' INTO plan;
    IF plan::text LIKE '%sees_every_tenant%' THEN
        RAISE WARNING 'LEAK: the isolation policy is a filter in okr.objectives_under (inlined)';
    END IF;
    -- policy lookups: another tenant's policy is not visible through them
    IF okr.grade(0.65, 'victim') IS DISTINCT FROM okr.grade(0.65, 'no such tenant')
       OR (okr.tenant_policy('victim')).grade_green IS DISTINCT FROM (okr.tenant_policy('no such tenant')).grade_green THEN
        RAISE WARNING 'LEAK: the policy of tenant victim shows through okr.grade / okr.tenant_policy';
    END IF;
    n := n + 1;
    RAISE WARNING 'SCANNED: %', n;
END $$;
