-- readpath (issue 9, history of issue 11): maintained structure for reads
-- (okr.objective_path, okr.objective_shape) and the history of key results'
-- targets and weights (okr.key_result_version).  The views and functions
-- themselves come from sql/install/ (sql/replaceable.pl, after the parts).

-- okr.scorecard_at gained for_tenant and root
DROP FUNCTION okr.scorecard_at(timestamptz);

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

CREATE TABLE okr.objective_shape (
    tenant       text NOT NULL,
    objective_id bigint NOT NULL,
    key_results  bigint NOT NULL,
    parent_ids   text,
    child_ids    text,
    PRIMARY KEY (tenant, objective_id)
);

-- lz4 where the server has it (as 55-structure.sql says why)
DO $$
BEGIN
    ALTER TABLE okr.objective_path ALTER ids SET COMPRESSION lz4, ALTER path SET COMPRESSION lz4,
        ALTER title_path SET COMPRESSION lz4, ALTER path_sort SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;

-- Effective-dated targets: a key result keeps the target, weight and cap it
-- had before each change, with the instant the change took effect (the
-- transaction's now()), so that every past score uses what was in force
-- then.  Only changed key results have rows: the rest read key_result.
CREATE TABLE okr.key_result_version (
    tenant        text NOT NULL,
    key_result_id bigint NOT NULL,
    valid_until   timestamptz NOT NULL,
    target        okr.target,
    weight        double precision NOT NULL,
    cap           double precision NOT NULL,
    PRIMARY KEY (tenant, key_result_id, valid_until)
);

SELECT pg_catalog.pg_extension_config_dump('okr.key_result_version', '');

-- The trigger functions, defined by sql/replaceable.pl after the parts; the
-- triggers need them now.
CREATE FUNCTION okr.paths_after_objective() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE FUNCTION okr.paths_after_alignment() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE FUNCTION okr.shapes_after_key_result() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE FUNCTION okr.paths_after_truncate() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE FUNCTION okr.key_result_versioned() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';

CREATE TRIGGER paths_after_insert AFTER INSERT ON okr.objective
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_objective();
CREATE TRIGGER paths_after_delete AFTER DELETE ON okr.objective
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_objective();
-- per row and only on renames: the rollup's updates of score do not fire it
CREATE TRIGGER paths_after_rename AFTER UPDATE OF title ON okr.objective
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION okr.paths_after_objective();
CREATE TRIGGER shapes_after_insert AFTER INSERT ON okr.key_result
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.shapes_after_key_result();
CREATE TRIGGER shapes_after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.shapes_after_key_result();
-- per row and only on moves: the rollup's updates of value and score do not fire it
CREATE TRIGGER shapes_after_move AFTER UPDATE OF objective_id ON okr.key_result
    FOR EACH ROW WHEN (OLD.objective_id IS DISTINCT FROM NEW.objective_id)
    EXECUTE FUNCTION okr.shapes_after_key_result();
CREATE TRIGGER paths_after_insert AFTER INSERT ON okr.alignment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_alignment();
CREATE TRIGGER paths_after_update AFTER UPDATE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_alignment();
CREATE TRIGGER paths_after_delete AFTER DELETE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_alignment();
CREATE TRIGGER paths_after_truncate AFTER TRUNCATE ON okr.alignment
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_truncate();
CREATE TRIGGER paths_after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_truncate();
CREATE TRIGGER paths_after_truncate AFTER TRUNCATE ON okr.objective
    FOR EACH STATEMENT EXECUTE FUNCTION okr.paths_after_truncate();
CREATE TRIGGER versioned AFTER UPDATE OF target, weight, cap ON okr.key_result
    FOR EACH ROW WHEN (OLD.target::text IS DISTINCT FROM NEW.target::text
                       OR OLD.weight IS DISTINCT FROM NEW.weight OR OLD.cap IS DISTINCT FROM NEW.cap)
    EXECUTE FUNCTION okr.key_result_versioned();
CREATE TRIGGER versions_after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.key_result_versioned();
CREATE TRIGGER versions_after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.key_result_versioned();
