-- Check-in confidence on each tenant's scale (C: src/confidence.c): the
-- scale is okr.tenant_config's confidence_min .. confidence_max (default
-- 0 .. 1); okr.limits() refuses a check-in's confidence outside it.
CREATE FUNCTION okr.confidence_fraction(confidence pg_catalog.float8, tenant pg_catalog.text)
    RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_confidence_fraction'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.confidence_fraction(pg_catalog.float8, pg_catalog.text) IS
    'Where a confidence lies on the tenant''s scale (okr.tenant_config.confidence_min .. confidence_max, default 0 .. 1): 0 at its lowest, 1 at its highest.';
