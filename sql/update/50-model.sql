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
-- in their own directory.
CREATE INDEX objective_owner ON okr.objective (tenant, owner);
CREATE INDEX objective_team ON okr.objective (tenant, team);
CREATE INDEX key_result_owner ON okr.key_result (tenant, owner);
CREATE INDEX output_owner ON okr.output (tenant, owner);
CREATE INDEX objective_attributes ON okr.objective USING gin (attributes);
CREATE INDEX key_result_attributes ON okr.key_result USING gin (attributes);
CREATE INDEX output_attributes ON okr.output USING gin (attributes);
COMMENT ON COLUMN okr.objective.owner IS 'Who is accountable for the objective (free text).';
COMMENT ON COLUMN okr.objective.team IS 'The team that owns the objective (free text).';
COMMENT ON COLUMN okr.objective.final_score IS
    'A manual final score given when closing (UPDATE ... SET state = ''closed'', final_score = 0.6): the frozen score instead of the computed one. NULL while open.';
COMMENT ON COLUMN okr.key_result.owner IS 'Who is accountable for the key result (free text).';
COMMENT ON COLUMN okr.output.owner IS 'Who delivers the output (free text).';
COMMENT ON COLUMN okr.objective.attributes IS
    'The application''s custom fields and tags: a JSON object, GIN-indexed (attributes @> ''{"tags": ["infra"]}'').';
COMMENT ON COLUMN okr.key_result.attributes IS
    'The application''s custom fields and tags: a JSON object, GIN-indexed.';
COMMENT ON COLUMN okr.output.attributes IS
    'The application''s custom fields and tags: a JSON object, GIN-indexed.';
COMMENT ON COLUMN okr.objective.external_id IS
    'Key in an external system (Jira, a spreadsheet, another OKR tool); unique per tenant.';
COMMENT ON COLUMN okr.key_result.external_id IS
    'Key in an external system; unique per tenant.';
COMMENT ON COLUMN okr.output.external_id IS
    'Key in an external system (e.g. a Jira issue); unique per tenant.';
COMMENT ON COLUMN okr.check_in.external_id IS
    'Key in an external system; unique per tenant.';


-- Closing with a manual final score: okr.objective_computed in 90-views.sql.
