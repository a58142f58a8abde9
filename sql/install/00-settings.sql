-- okr install script.  Built by the Makefile from sql/preamble.sql and
-- sql/install/*.sql, in order.

-- Settings (GUCs) live in C (src/okr.c); this function is the default of
-- every tenant column and loads the library that defines okr.tenant.
CREATE FUNCTION okr.current_tenant() RETURNS text
    AS 'MODULE_PATHNAME', 'okr_current_tenant'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.current_tenant() IS
    'The setting okr.tenant: the tenant new rows belong to by default.';

CREATE FUNCTION okr.library_loaded() RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_library_loaded'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.library_loaded() IS
    'True. Folded by the planner, a call of it loads okr''s library before the rest of the query is planned (okr.verify(), okr.lint()).';

CREATE FUNCTION okr.setting(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'okr_setting'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.setting(text) IS
    'Current value of one of okr''s settings (okr.*), e.g. okr.setting(''okr.stale_after'').';
