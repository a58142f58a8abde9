-- Views that several concerns of 0.2.0 change, in their final form (they
-- need every column the parts above add).  Keep each identical to its
-- definition in sql/install/.

-- Drafts do not count toward their parents until active (core); a closed
-- objective's manual final score is its score (model); security_invoker, so
-- row-level security applies (security).
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
