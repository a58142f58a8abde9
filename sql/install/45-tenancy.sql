-- Tenancy as a boundary, and policy per tenant (C: src/policy.c).
--
-- okr.tenant_config holds each tenant's policy; a NULL column means the
-- server-wide default, the okr.* setting of the same name.  okr.tenant_role
-- binds roles to tenants: a bound role writes as its tenant whatever
-- okr.tenant says, and once okr.enable_tenant_isolation() has run it sees
-- and writes its tenant's rows only.  Both tables belong to okr's owner:
-- okr.owner_only() refuses every other role's writes, whatever was granted.

CREATE TABLE okr.tenant_config (
    tenant                   text PRIMARY KEY
                             CONSTRAINT tenant_bounded CHECK (octet_length(tenant) BETWEEN 1 AND 128),
    grade_yellow             double precision
                             CONSTRAINT grade_yellow_fraction CHECK (grade_yellow >= 0 AND grade_yellow <= 1),
    grade_green              double precision
                             CONSTRAINT grade_green_fraction CHECK (grade_green >= 0 AND grade_green <= 1),
    at_risk_gap              double precision
                             CONSTRAINT at_risk_gap_fraction CHECK (at_risk_gap >= 0 AND at_risk_gap <= 1),
    off_track_gap            double precision
                             CONSTRAINT off_track_gap_fraction CHECK (off_track_gap >= 0 AND off_track_gap <= 1),
    max_key_results          integer
                             CONSTRAINT max_key_results_not_negative CHECK (max_key_results >= 0),
    stale_after              interval
                             CONSTRAINT stale_after_positive CHECK (stale_after > interval '0'),
    max_objectives_per_owner integer
                             CONSTRAINT max_objectives_per_owner_not_negative CHECK (max_objectives_per_owner >= 0),
    check_in_max_future      interval
                             CONSTRAINT check_in_max_future_bounded
                             CHECK (check_in_max_future >= interval '0' AND check_in_max_future <= interval '100 years'),
    confidence_min           double precision
                             CONSTRAINT confidence_min_finite CHECK (confidence_min > '-Infinity' AND confidence_min < 'Infinity'),
    confidence_max           double precision
                             CONSTRAINT confidence_max_finite CHECK (confidence_max > '-Infinity' AND confidence_max < 'Infinity'),
    notify                   boolean,
    CONSTRAINT grades_ordered CHECK (grade_yellow <= grade_green),
    CONSTRAINT gaps_ordered CHECK (at_risk_gap <= off_track_gap),
    CONSTRAINT confidence_ordered CHECK (confidence_min < confidence_max)
);
COMMENT ON TABLE okr.tenant_config IS
    'Policy per tenant: grading bands, pace gaps, limits. NULL = the server-wide default (the okr.* setting of the same name). Written by okr''s owner only.';
COMMENT ON COLUMN okr.tenant_config.grade_yellow IS 'Lowest score graded yellow (default okr.grade_yellow).';
COMMENT ON COLUMN okr.tenant_config.grade_green IS 'Lowest score graded green (default okr.grade_green).';
COMMENT ON COLUMN okr.tenant_config.at_risk_gap IS 'How far a score may trail the expected pace before it is at_risk (default okr.at_risk_gap).';
COMMENT ON COLUMN okr.tenant_config.off_track_gap IS 'How far a score may trail the expected pace before it is off_track (default okr.off_track_gap).';
COMMENT ON COLUMN okr.tenant_config.max_key_results IS 'Most key results per objective, 0 = unlimited (default okr.max_key_results).';
COMMENT ON COLUMN okr.tenant_config.stale_after IS 'A key result without a check-in for longer is stale in okr.lint (default okr.stale_after).';
COMMENT ON COLUMN okr.tenant_config.max_objectives_per_owner IS 'Active objectives per owner and period before okr.lint advises, 0 = no advice (default okr.max_objectives_per_owner).';
COMMENT ON COLUMN okr.tenant_config.check_in_max_future IS 'How far into the future a check-in may be dated, at most 100 years (default okr.check_in_max_future).';
COMMENT ON COLUMN okr.tenant_config.confidence_min IS 'Lowest confidence on the tenant''s scale (default 0).';
COMMENT ON COLUMN okr.tenant_config.confidence_max IS 'Highest confidence on the tenant''s scale (default 1).';
COMMENT ON COLUMN okr.tenant_config.notify IS 'Whether changed scores of the tenant are announced with NOTIFY (default false).';

CREATE TABLE okr.tenant_role (
    role   name PRIMARY KEY,
    tenant text NOT NULL
           CONSTRAINT tenant_bounded CHECK (octet_length(tenant) BETWEEN 1 AND 128)
);
COMMENT ON TABLE okr.tenant_role IS
    'Roles bound to a tenant: such a role (as current or session user) writes as its tenant whatever okr.tenant says, and under okr.enable_tenant_isolation() sees its tenant''s rows only. Written and read by okr''s owner only; a role reads its own binding with okr.bound_tenant().';

-- Row-level security without a policy: nobody but the owner reads the
-- bindings, whatever GRANT ON ALL TABLES gave.
ALTER TABLE okr.tenant_role ENABLE ROW LEVEL SECURITY;

SELECT pg_catalog.pg_extension_config_dump('okr.tenant_config', '');
SELECT pg_catalog.pg_extension_config_dump('okr.tenant_role', '');

CREATE FUNCTION okr.owner_only() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_owner_only' LANGUAGE C;
COMMENT ON FUNCTION okr.owner_only() IS
    'Trigger: only the table''s owner writes okr.tenant_config and okr.tenant_role; forgets their cached rows in every backend.';
CREATE TRIGGER owner_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.tenant_config
    FOR EACH STATEMENT EXECUTE FUNCTION okr.owner_only();
CREATE TRIGGER owner_only_after AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.tenant_config
    FOR EACH STATEMENT EXECUTE FUNCTION okr.owner_only();
CREATE TRIGGER owner_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.tenant_role
    FOR EACH STATEMENT EXECUTE FUNCTION okr.owner_only();
CREATE TRIGGER owner_only_after AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.tenant_role
    FOR EACH STATEMENT EXECUTE FUNCTION okr.owner_only();
-- Every written row also invalidates every backend's cached rows (policy.c):
-- a row trigger ENABLE ALWAYS, so that a write under session_replication_role
-- = replica does too (a logical replication apply fires row triggers only).
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE ON okr.tenant_config
    FOR EACH ROW EXECUTE FUNCTION okr.owner_only();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE ON okr.tenant_role
    FOR EACH ROW EXECUTE FUNCTION okr.owner_only();
ALTER TABLE okr.tenant_config ENABLE ALWAYS TRIGGER invalidate;
ALTER TABLE okr.tenant_role ENABLE ALWAYS TRIGGER invalidate;

REVOKE ALL ON TABLE okr.tenant_config, okr.tenant_role FROM PUBLIC;
GRANT SELECT ON TABLE okr.tenant_config TO PUBLIC;
REVOKE EXECUTE ON FUNCTION okr.owner_only() FROM PUBLIC;

CREATE FUNCTION okr.bound_tenant() RETURNS text
    AS 'MODULE_PATHNAME', 'okr_bound_tenant_sql'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.bound_tenant() IS
    'The tenant the current role (else the session role) is bound to in okr.tenant_role; NULL when unbound.';

-- okr.bound_tenant() IS NULL, planned as false for a bound role under
-- row-level security, so that its isolation policy is an index condition
-- (src/isolation.c).
CREATE FUNCTION okr.sees_every_tenant_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'okr_sees_every_tenant_support'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.sees_every_tenant_support(internal) IS
    'Planner support of okr.sees_every_tenant(): planned under row-level security for a bound role, false.';
CREATE FUNCTION okr.sees_every_tenant() RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_sees_every_tenant'
    LANGUAGE C STABLE PARALLEL SAFE SUPPORT okr.sees_every_tenant_support;
COMMENT ON FUNCTION okr.sees_every_tenant() IS
    'Whether the caller sees every tenant''s rows under isolation: okr.bound_tenant() IS NULL.';

-- The effective policy of a tenant: its row, defaults filled in.
CREATE FUNCTION okr.tenant_policy(tenant text) RETURNS okr.tenant_config
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT tenant_policy.tenant,
           COALESCE(c.grade_yellow, okr.setting('okr.grade_yellow')::double precision),
           COALESCE(c.grade_green, okr.setting('okr.grade_green')::double precision),
           COALESCE(c.at_risk_gap, okr.setting('okr.at_risk_gap')::double precision),
           COALESCE(c.off_track_gap, okr.setting('okr.off_track_gap')::double precision),
           COALESCE(c.max_key_results, okr.setting('okr.max_key_results')::integer),
           COALESCE(c.stale_after, okr.setting('okr.stale_after')::interval),
           COALESCE(c.max_objectives_per_owner, okr.setting('okr.max_objectives_per_owner')::integer),
           COALESCE(c.check_in_max_future, okr.setting('okr.check_in_max_future')::interval),
           COALESCE(c.confidence_min, 0),
           COALESCE(c.confidence_max, 1),
           COALESCE(c.notify, false)
      FROM (SELECT) AS one
      LEFT JOIN okr.tenant_config c ON c.tenant = tenant_policy.tenant;
END;
COMMENT ON FUNCTION okr.tenant_policy(text) IS
    'The policy that applies to a tenant: its okr.tenant_config row with every NULL replaced by the server-wide default.';

-- Row-level security: FORCE'd on every table of okr with a tenant column,
-- with one policy each: a bound role's own tenant; unbound roles (the owner,
-- BI roles) every row.  okr's rollup and validation run as the owner with
-- row security off, so scores stay exact.
CREATE FUNCTION okr.enable_tenant_isolation() RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass;
    n integer := 0;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant' AND NOT a.attisdropped
              WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind IN ('r', 'p')
                AND c.relname <> 'tenant_role'
              ORDER BY c.relname
    LOOP
        -- created, or made what this version says
        EXECUTE format(CASE WHEN EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = t AND p.polname = 'tenant_isolation')
                            THEN 'ALTER' ELSE 'CREATE' END || ' POLICY tenant_isolation ON %s'
                       ' USING (okr.sees_every_tenant() OR tenant OPERATOR(pg_catalog.=) okr.bound_tenant())'
                       ' WITH CHECK (okr.sees_every_tenant() OR tenant OPERATOR(pg_catalog.=) okr.bound_tenant())', t);
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;
COMMENT ON FUNCTION okr.enable_tenant_isolation() IS
    'Turns tenancy into a boundary: FORCE''d row-level security on every okr table with a tenant column, so that a role bound in okr.tenant_role sees and writes its tenant''s rows only, through every table, view and function; code running as okr''s owner (okr''s own triggers, and any SECURITY DEFINER function of the owner''s) sees every tenant. Idempotent; returns the number of tables. Run it in a transaction of its own (ALTER TABLE waits for no pending rollup), and again after a restore.';

CREATE FUNCTION okr.disable_tenant_isolation() RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass;
    n integer := 0;
BEGIN
    FOR t IN SELECT p.polrelid::regclass FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
              WHERE c.relnamespace = 'okr'::regnamespace AND p.polname = 'tenant_isolation'
    LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON %s', t);
        EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY', t);
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;
COMMENT ON FUNCTION okr.disable_tenant_isolation() IS
    'Undoes okr.enable_tenant_isolation(): drops its policies and turns row-level security off; returns the number of tables.';
REVOKE EXECUTE ON FUNCTION okr.enable_tenant_isolation(), okr.disable_tenant_isolation() FROM PUBLIC;
