-- readpath (history of issue 11): the history of key results' targets and
-- weights (okr.key_result_version).  The maintained structure for reads
-- (issue 9: okr.objective_path, okr.objective_shape) is 41-structure.sql,
-- the install part itself.  The views and functions come from sql/install/
-- (sql/replaceable.pl, after the parts).

-- okr.scorecard_at gained for_tenant and root
DROP FUNCTION okr.scorecard_at(timestamptz);

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

-- The trigger function, defined by sql/replaceable.pl after the parts; the
-- triggers need it now.
CREATE FUNCTION okr.key_result_versioned() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';

CREATE TRIGGER versioned AFTER UPDATE OF target, weight, cap ON okr.key_result
    FOR EACH ROW WHEN (OLD.target::text IS DISTINCT FROM NEW.target::text
                       OR OLD.weight IS DISTINCT FROM NEW.weight OR OLD.cap IS DISTINCT FROM NEW.cap)
    EXECUTE FUNCTION okr.key_result_versioned();
CREATE TRIGGER versions_after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.key_result_versioned();
CREATE TRIGGER versions_after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.key_result_versioned();
