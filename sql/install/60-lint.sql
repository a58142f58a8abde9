-- okr.lint(): advice on OKR practice, as rows a BI tool or an app can show.

CREATE FUNCTION okr.lint()
    RETURNS TABLE (tenant text, object text, severity text, rule text, message text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off  -- lookups per row, as okr.verify(): compiling them costs seconds, saves nothing
    SET okr.plan_lookups = on  -- statistics taken during a bulk load made it a scan per row (src/query.c)
BEGIN ATOMIC
    SELECT o.tenant, 'objective ' || o.id, 'warning', 'no_key_results',
           format('Objective %s "%s" has no key results: nothing says when it is achieved.', o.id, o.title)
      FROM okr.objective o
     WHERE okr.library_loaded()  -- folded first: okr.plan_lookups' hooks exist before the rest is planned
       AND o.state <> 'closed' AND o.rollup <> 'children'
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
COMMENT ON FUNCTION okr.lint() IS
    'Advice rows (tenant, object, severity, rule, message): objectives without key results, objectives measured only by outputs, stale key results (okr.stale_after), owners with too many objectives (okr.max_objectives_per_owner).';
