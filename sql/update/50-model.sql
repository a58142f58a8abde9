-- model (issue 11): owners, a team, custom fields, natural keys, a manual
-- final score.  Columns are added in the order of the install script's
-- CREATE TABLEs (sql/install/40-store.sql), after every earlier part's.
ALTER TABLE okr.objective
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT attributes_object CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD COLUMN team text,
    ADD COLUMN final_score double precision
        CONSTRAINT final_score_valid CHECK (final_score >= 0 AND final_score < 'Infinity'),
    ADD CONSTRAINT objective_external_id UNIQUE (tenant, external_id),
    ADD CONSTRAINT final_score_when_closed CHECK (final_score IS NULL OR state = 'closed');
ALTER TABLE okr.key_result
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT attributes_object CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD COLUMN owner text,
    ADD CONSTRAINT key_result_external_id UNIQUE (tenant, external_id);
ALTER TABLE okr.output
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT attributes_object CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD COLUMN owner text,
    ADD CONSTRAINT output_external_id UNIQUE (tenant, external_id);
ALTER TABLE okr.check_in
    ADD COLUMN external_id text CONSTRAINT external_id_not_empty CHECK (external_id <> ''),
    ADD CONSTRAINT check_in_external_id UNIQUE (tenant, external_id);

-- The application's own data on okr's rows: owners, a team, custom fields
-- and tags (attributes, a JSON object), and natural keys from the systems an
-- application syncs with (external_id, unique per tenant, so that
-- INSERT ... ON CONFLICT (tenant, external_id) works).  Owners and teams are
-- free text, like objective.owner: applications keep their people and teams
-- in their own directory.  (Comments, views and functions come from
-- sql/install/ through sql/replaceable.pl.)
CREATE INDEX objective_owner ON okr.objective (tenant, owner) WHERE owner IS NOT NULL;
CREATE INDEX objective_team ON okr.objective (tenant, team) WHERE team IS NOT NULL;
CREATE INDEX key_result_owner ON okr.key_result (tenant, owner) WHERE owner IS NOT NULL;
CREATE INDEX output_owner ON okr.output (tenant, owner) WHERE owner IS NOT NULL;
CREATE INDEX objective_attributes ON okr.objective USING gin (attributes jsonb_path_ops);
CREATE INDEX key_result_attributes ON okr.key_result USING gin (attributes jsonb_path_ops);
CREATE INDEX output_attributes ON okr.output USING gin (attributes jsonb_path_ops);

-- Key results whose target is set later: not scored until then.
ALTER TABLE okr.key_result ALTER COLUMN target DROP NOT NULL, ALTER COLUMN score DROP NOT NULL;

-- Confidence on each tenant's scale (okr.confidence_fraction: 48-confidence.sql).
ALTER TABLE okr.check_in DROP CONSTRAINT confidence_fraction,
    ADD CONSTRAINT confidence_finite CHECK (confidence > '-Infinity' AND confidence < 'Infinity');

-- Pace across periods (57-pace.sql) is 51-pace.sql, the install part
-- itself; sql/update/after/50-model.sql fills it.
