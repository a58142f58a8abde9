-- core: the rollup engine (delta propagation, structure cache, drafts).

-- Drafts do not count toward their parents until active.
CREATE OR REPLACE VIEW okr.objective_computed AS
SELECT o.tenant, o.id,
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
                   AND o.rollup <> 'key_results') x) AS score
  FROM okr.objective o;

-- One row per tenant whose structure was ever edited: every transaction that
-- edits a tenant's structure bumps its version (written by the rollup, which
-- fires no trigger), so each backend's structure cache knows when it is stale.
CREATE TABLE okr.structure_version (
    tenant  text PRIMARY KEY,
    version bigint NOT NULL
);
COMMENT ON TABLE okr.structure_version IS
    'Internal: version of each tenant''s structure (alignments, key results, objective states), for the rollup''s per-backend caches.';
REVOKE ALL ON okr.structure_version FROM PUBLIC;
