-- core: the rollup engine (delta propagation, structure cache, drafts).

-- Drafts do not count toward their parents until active: okr.objective_computed
-- in 90-views.sql.

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
