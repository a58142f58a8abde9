
-- Scoring: how far a key result is (src/scoring.c).
CREATE FUNCTION okr.progress(okr.target, value pg_catalog.float8) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_progress'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.progress(okr.target, pg_catalog.float8) IS
    'Uncapped progress: (value - a) / (b - a) for ''a -> b'' (below 0 or above 1 possible); for ''>= x from w'' and ''<= x from w'' 1 when met, else (value - w) / (x - w); for ''lo .. hi from w'' 1 within the band, else 1 - distance / tolerance (the tolerance is the worst value''s distance from the band, on both sides); 1 or 0 (met or not) for other thresholds, bands and milestones.';

CREATE FUNCTION okr.score(okr.target, value pg_catalog.float8, cap pg_catalog.float8 DEFAULT 1)
    RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_score'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.score(okr.target, pg_catalog.float8, pg_catalog.float8) IS
    'Score: progress clamped to [0, cap]; cap (default 1) must be finite and above 0.';

CREATE FUNCTION okr.status(score pg_catalog.float8, expected pg_catalog.float8) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_status'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.status(pg_catalog.float8, pg_catalog.float8) IS
    'Pace by the server-wide defaults: on_track when score >= expected - okr.at_risk_gap, at_risk when score >= expected - okr.off_track_gap, else off_track (boundaries inclusive, within 1e-9 for binary rounding); expected is the share of the period elapsed.';

CREATE FUNCTION okr.status(score pg_catalog.float8, expected pg_catalog.float8, tenant pg_catalog.text)
    RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_status'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.status(pg_catalog.float8, pg_catalog.float8, pg_catalog.text) IS
    'Pace by the tenant''s policy: as okr.status(score, expected), with the gaps of okr.tenant_config where the tenant sets them.';

CREATE FUNCTION okr.grade(score pg_catalog.float8) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_grade'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.grade(pg_catalog.float8) IS
    'Google''s bands by the server-wide defaults: red below okr.grade_yellow (0.4), yellow below okr.grade_green (0.7), green from okr.grade_green (boundaries inclusive, within 1e-9 for binary rounding).';

CREATE FUNCTION okr.grade(score pg_catalog.float8, tenant pg_catalog.text) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_grade'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.grade(pg_catalog.float8, pg_catalog.text) IS
    'Grade by the tenant''s policy: as okr.grade(score), with the bands of okr.tenant_config where the tenant sets them.';

-- okr.weighted_score(score, weight) = sum(weight * score) / sum(weight).
-- State float8[2] = {sum(weight * score), sum(weight)}.
CREATE FUNCTION okr.weighted_score_accum(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8)
    RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'okr_weighted_score_accum'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.weighted_score_accum(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8) IS
    'Transition function of okr.weighted_score: adds weight * score and weight to the state.';

CREATE FUNCTION okr.weighted_score_combine(pg_catalog.float8[], pg_catalog.float8[])
    RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'okr_weighted_score_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.weighted_score_combine(pg_catalog.float8[], pg_catalog.float8[]) IS
    'Combine function of okr.weighted_score: adds two partial states (parallel aggregation).';

CREATE FUNCTION okr.weighted_score_final(pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_weighted_score_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.weighted_score_final(pg_catalog.float8[]) IS
    'Final function of okr.weighted_score: sum(weight * score) / sum(weight), NULL when the weights sum to 0.';

CREATE AGGREGATE okr.weighted_score(score pg_catalog.float8, weight pg_catalog.float8) (
    SFUNC = okr.weighted_score_accum,
    STYPE = pg_catalog.float8[],
    FINALFUNC = okr.weighted_score_final,
    COMBINEFUNC = okr.weighted_score_combine,
    INITCOND = '{0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE okr.weighted_score(pg_catalog.float8, pg_catalog.float8) IS
    'Weighted mean of scores: sum(weight * score) / sum(weight); rows with a NULL score or weight are skipped, weights must be finite and >= 0, NULL when the weights sum to 0.';
