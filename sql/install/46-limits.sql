-- Limits on every request (C: src/limits.c): hostile input is refused at the
-- statement that writes it, with a SQLSTATE, message, detail and hint.

CREATE FUNCTION okr.limits() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_limits' LANGUAGE C;
COMMENT ON FUNCTION okr.limits() IS
    'Trigger: bounded tenant names, weights, caps, amounts, values and target numbers; finite dates from year 1; check-ins at most okr.check_in_max_future ahead; usable maintained values on insert.';
REVOKE EXECUTE ON FUNCTION okr.limits() FROM PUBLIC;

-- After the guards (triggers fire in name order): the row as it is stored.
CREATE TRIGGER limits BEFORE INSERT OR UPDATE ON okr.objective
    FOR EACH ROW EXECUTE FUNCTION okr.limits();
CREATE TRIGGER limits BEFORE INSERT OR UPDATE ON okr.alignment
    FOR EACH ROW EXECUTE FUNCTION okr.limits();
CREATE TRIGGER limits BEFORE INSERT OR UPDATE ON okr.key_result
    FOR EACH ROW EXECUTE FUNCTION okr.limits();
CREATE TRIGGER limits BEFORE INSERT OR UPDATE ON okr.output
    FOR EACH ROW EXECUTE FUNCTION okr.limits();
CREATE TRIGGER limits BEFORE INSERT OR UPDATE ON okr.check_in
    FOR EACH ROW EXECUTE FUNCTION okr.limits();

CREATE FUNCTION okr.series_start(from_at timestamptz, to_at timestamptz, step interval)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'okr_series_start'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.series_start(timestamptz, timestamptz, interval) IS
    'from_at, after checking that from_at, from_at + step, ... up to to_at is finite, moves forward and has at most 10000 points (okr.score_series).';
