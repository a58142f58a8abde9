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

-- Score changes not folded into okr.objective.score yet (40-store.sql): a
-- flush appends here rather than wait for another transaction's commit.
CREATE TABLE okr.pending_score (
    tenant       text NOT NULL,
    objective_id bigint NOT NULL,
    delta        double precision NOT NULL
);
CREATE INDEX pending_score_objective ON okr.pending_score (tenant, objective_id);
CREATE FUNCTION okr.maintained_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_maintained_guard' LANGUAGE C;
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.objective
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
