-- security (issue 7), part 1: the tenant forms of okr.status and okr.grade
-- (as sql/install/30-scoring.sql), and row-level security no longer
-- bypassed through the *_computed views.  21- and 22- are the install parts
-- 45-tenancy.sql and 46-limits.sql themselves (symbolic links: new objects
-- only); 23- switches the readers to the tenant forms.

CREATE FUNCTION okr.status(score pg_catalog.float8, expected pg_catalog.float8, tenant pg_catalog.text)
    RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_status'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.status(pg_catalog.float8, pg_catalog.float8, pg_catalog.text) IS
    'Pace by the tenant''s policy: as okr.status(score, expected), with the gaps of okr.tenant_config where the tenant sets them.';

CREATE FUNCTION okr.grade(score pg_catalog.float8, tenant pg_catalog.text) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_grade'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.grade(pg_catalog.float8, pg_catalog.text) IS
    'Grade by the tenant''s policy: as okr.grade(score), with the bands of okr.tenant_config where the tenant sets them.';

COMMENT ON FUNCTION okr.status(pg_catalog.float8, pg_catalog.float8) IS
    'Pace by the server-wide defaults: on_track when score >= expected - okr.at_risk_gap, at_risk when score >= expected - okr.off_track_gap, else off_track (boundaries inclusive, within 1e-9 for binary rounding); expected is the share of the period elapsed.';

COMMENT ON FUNCTION okr.grade(pg_catalog.float8) IS
    'Google''s bands by the server-wide defaults: red below okr.grade_yellow (0.4), yellow below okr.grade_green (0.7), green from okr.grade_green (boundaries inclusive, within 1e-9 for binary rounding).';

COMMENT ON COLUMN okr.objective.final_grade IS 'Maintained: okr.grade(score, tenant) at closing.';

ALTER VIEW okr.key_result_computed SET (security_invoker = true);
ALTER VIEW okr.objective_computed SET (security_invoker = true);
