
-- ---------------------------------------------------------------------------
-- okr.period: a goal-setting period, a run of consecutive whole days
-- (src/period.c, src/period_parse.c).
-- ---------------------------------------------------------------------------

CREATE TYPE okr.period;

CREATE FUNCTION okr.period_in(pg_catalog.cstring) RETURNS okr.period
    AS 'MODULE_PATHNAME', 'okr_period_in'
    LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_in(pg_catalog.cstring) IS
    'Input function of okr.period. STABLE: the FY forms read the setting okr.fiscal_year_start.';

CREATE FUNCTION okr.period_out(okr.period) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'okr_period_out'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_out(okr.period) IS
    'Output function of okr.period: the canonical text of the form the period was written in (FY periods keep the fiscal year start they were made with).';

CREATE FUNCTION okr.period_recv(pg_catalog.internal) RETURNS okr.period
    AS 'MODULE_PATHNAME', 'okr_period_recv'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_recv(pg_catalog.internal) IS
    'Binary input of okr.period: start and end (int4, days since 2000-01-01), kind and fiscal start month (one byte each); checked like text input.';

CREATE FUNCTION okr.period_send(okr.period) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'okr_period_send'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_send(okr.period) IS
    'Binary output of okr.period: start and end (int4, days since 2000-01-01), kind and fiscal start month (one byte each).';

CREATE TYPE okr.period (
    INPUT = okr.period_in,
    OUTPUT = okr.period_out,
    RECEIVE = okr.period_recv,
    SEND = okr.period_send,
    INTERNALLENGTH = 12,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE okr.period IS
    'A goal-setting period: consecutive whole days, written 2026, 2026-H1, 2026-Q1, 2026-01, 2026-W01 (ISO week), '
    'FY2027, FY2027-H1, FY2027-Q1 (fiscal, by okr.fiscal_year_start; FY2027 ends in 2027) or [2026-10-01,2026-12-31]. '
    'Periods compare by their days only: ''2026-Q4'' = ''[2026-10-01,2026-12-31]'' although they print differently.';

-- accessors and constructors

CREATE FUNCTION okr.period_start(okr.period) RETURNS pg_catalog.date
    AS 'MODULE_PATHNAME', 'okr_period_start'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_start(okr.period) IS
    'The first day of the period.';

CREATE FUNCTION okr.period_end(okr.period) RETURNS pg_catalog.date
    AS 'MODULE_PATHNAME', 'okr_period_end'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_end(okr.period) IS
    'The last day of the period (inclusive).';

CREATE FUNCTION okr.period_days(okr.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'okr_period_days'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_days(okr.period) IS
    'The number of days in the period.';

CREATE FUNCTION okr.period_kind(okr.period) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_period_kind'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_kind(okr.period) IS
    'The form the period was written in: year, half, quarter, month, week, span, fiscal_year, fiscal_half or fiscal_quarter.';

CREATE FUNCTION okr.period(first pg_catalog.date, last pg_catalog.date) RETURNS okr.period
    AS 'MODULE_PATHNAME', 'okr_period_make'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period(pg_catalog.date, pg_catalog.date) IS
    'The custom span of days from first to last, both included (an error if last is before first).';

CREATE FUNCTION okr.period_of(kind pg_catalog.text, d pg_catalog.date) RETURNS okr.period
    AS 'MODULE_PATHNAME', 'okr_period_of'
    LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_of(pg_catalog.text, pg_catalog.date) IS
    'The period of the given kind (year, half, quarter, month, week, fiscal_year, fiscal_half, fiscal_quarter) that contains the day. STABLE: the fiscal kinds read okr.fiscal_year_start.';

CREATE FUNCTION okr.elapsed(p okr.period, at pg_catalog.timestamptz DEFAULT pg_catalog.now())
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'okr_period_elapsed'
    LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.elapsed(okr.period, pg_catalog.timestamptz) IS
    'The fraction of the period gone at "at" (default now()), on the local clock of the session TimeZone: 0 until 00:00 of the first day, 1 from 00:00 of the day after the last day.';

-- comparison: by start, then end; the kind does not take part

CREATE FUNCTION okr.period_cmp(okr.period, okr.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'okr_period_cmp'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_cmp(okr.period, okr.period) IS
    'B-tree comparison of periods: -1, 0 or 1, ordering by first day, then last day.';

CREATE FUNCTION okr.period_sortsupport(pg_catalog.internal) RETURNS pg_catalog.void
    AS 'MODULE_PATHNAME', 'okr_period_sortsupport'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_sortsupport(pg_catalog.internal) IS
    'B-tree sort support of periods (a direct comparator).';

CREATE FUNCTION okr.period_eq(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_eq'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_eq(okr.period, okr.period) IS
    'Implementation of = on okr.period: the same days (whatever the form).';

CREATE FUNCTION okr.period_ne(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_ne'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_ne(okr.period, okr.period) IS
    'Implementation of <> on okr.period.';

CREATE FUNCTION okr.period_lt(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_lt'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_lt(okr.period, okr.period) IS
    'Implementation of < on okr.period.';

CREATE FUNCTION okr.period_le(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_le'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_le(okr.period, okr.period) IS
    'Implementation of <= on okr.period.';

CREATE FUNCTION okr.period_gt(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_gt'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_gt(okr.period, okr.period) IS
    'Implementation of > on okr.period.';

CREATE FUNCTION okr.period_ge(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_ge'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_ge(okr.period, okr.period) IS
    'Implementation of >= on okr.period.';

CREATE FUNCTION okr.period_hash(okr.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'okr_period_hash'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_hash(okr.period) IS
    'Hash of a period''s days (not its form), agreeing with =.';

CREATE FUNCTION okr.period_hash_extended(okr.period, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'okr_period_hash_extended'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_hash_extended(okr.period, bigint) IS
    '64-bit seeded hash of a period''s days, agreeing with =; with seed 0 its low 32 bits are okr.period_hash.';

CREATE OPERATOR okr.= (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_eq,
    COMMUTATOR = OPERATOR(okr.=), NEGATOR = OPERATOR(okr.<>),
    RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel,
    HASHES, MERGES
);
COMMENT ON OPERATOR okr.= (okr.period, okr.period) IS
    'Same days: the same first and last day, whatever the form (''2026-Q4'' = ''[2026-10-01,2026-12-31]'').';

CREATE OPERATOR okr.<> (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_ne,
    COMMUTATOR = OPERATOR(okr.<>), NEGATOR = OPERATOR(okr.=),
    RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR okr.<> (okr.period, okr.period) IS
    'Different days: a different first or last day.';

CREATE OPERATOR okr.< (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_lt,
    COMMUTATOR = OPERATOR(okr.>), NEGATOR = OPERATOR(okr.>=),
    RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR okr.< (okr.period, okr.period) IS
    'Sorts before: an earlier first day, or the same first day and an earlier last day.';

CREATE OPERATOR okr.<= (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_le,
    COMMUTATOR = OPERATOR(okr.>=), NEGATOR = OPERATOR(okr.>),
    RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR okr.<= (okr.period, okr.period) IS
    'Sorts before or has the same days.';

CREATE OPERATOR okr.> (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_gt,
    COMMUTATOR = OPERATOR(okr.<), NEGATOR = OPERATOR(okr.<=),
    RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR okr.> (okr.period, okr.period) IS
    'Sorts after: a later first day, or the same first day and a later last day.';

CREATE OPERATOR okr.>= (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_ge,
    COMMUTATOR = OPERATOR(okr.<=), NEGATOR = OPERATOR(okr.<),
    RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR okr.>= (okr.period, okr.period) IS
    'Sorts after or has the same days.';

CREATE OPERATOR CLASS okr.period_ops
    DEFAULT FOR TYPE okr.period USING btree AS
        OPERATOR 1 okr.<,
        OPERATOR 2 okr.<=,
        OPERATOR 3 okr.=,
        OPERATOR 4 okr.>=,
        OPERATOR 5 okr.>,
        FUNCTION 1 okr.period_cmp(okr.period, okr.period),
        FUNCTION 2 okr.period_sortsupport(pg_catalog.internal);
COMMENT ON OPERATOR CLASS okr.period_ops USING btree IS
    'B-tree ordering of periods by first day, then last day. (No equalimage support: equal periods may differ in form, so B-tree deduplication stays off.)';
COMMENT ON OPERATOR FAMILY okr.period_ops USING btree IS
    'B-tree ordering of periods by first day, then last day.';

CREATE OPERATOR CLASS okr.period_hash_ops
    DEFAULT FOR TYPE okr.period USING hash AS
        OPERATOR 1 okr.=,
        FUNCTION 1 okr.period_hash(okr.period),
        FUNCTION 2 okr.period_hash_extended(okr.period, bigint);
COMMENT ON OPERATOR CLASS okr.period_hash_ops USING hash IS
    'Hashing of periods by their days, for hash joins, hash aggregation and hash indexes.';
COMMENT ON OPERATOR FAMILY okr.period_hash_ops USING hash IS
    'Hashing of periods by their days.';

-- containment and overlap

CREATE FUNCTION okr.period_contains_date(okr.period, pg_catalog.date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_contains_date'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_contains_date(okr.period, pg_catalog.date) IS
    'Implementation of okr.period @> date.';

CREATE FUNCTION okr.date_contained_by_period(pg_catalog.date, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_date_contained_by_period'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.date_contained_by_period(pg_catalog.date, okr.period) IS
    'Implementation of date <@ okr.period.';

CREATE FUNCTION okr.period_contains(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_contains'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_contains(okr.period, okr.period) IS
    'Implementation of okr.period @> okr.period.';

CREATE FUNCTION okr.period_contained_by(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_contained_by'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_contained_by(okr.period, okr.period) IS
    'Implementation of okr.period <@ okr.period.';

CREATE FUNCTION okr.period_overlaps(okr.period, okr.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_period_overlaps'
    LANGUAGE C STRICT IMMUTABLE LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_overlaps(okr.period, okr.period) IS
    'Implementation of okr.period && okr.period.';

CREATE OPERATOR okr.@> (
    LEFTARG = okr.period, RIGHTARG = pg_catalog.date,
    FUNCTION = okr.period_contains_date,
    COMMUTATOR = OPERATOR(okr.<@),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR okr.@> (okr.period, pg_catalog.date) IS
    'The period contains the day.';

CREATE OPERATOR okr.<@ (
    LEFTARG = pg_catalog.date, RIGHTARG = okr.period,
    FUNCTION = okr.date_contained_by_period,
    COMMUTATOR = OPERATOR(okr.@>),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR okr.<@ (pg_catalog.date, okr.period) IS
    'The day lies in the period.';

CREATE OPERATOR okr.@> (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_contains,
    COMMUTATOR = OPERATOR(okr.<@),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR okr.@> (okr.period, okr.period) IS
    'The left period contains every day of the right one.';

CREATE OPERATOR okr.<@ (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_contained_by,
    COMMUTATOR = OPERATOR(okr.@>),
    RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR okr.<@ (okr.period, okr.period) IS
    'Every day of the left period lies in the right one.';

CREATE OPERATOR okr.&& (
    LEFTARG = okr.period, RIGHTARG = okr.period,
    FUNCTION = okr.period_overlaps,
    COMMUTATOR = OPERATOR(okr.&&),
    RESTRICT = pg_catalog.areasel, JOIN = pg_catalog.areajoinsel
);
COMMENT ON OPERATOR okr.&& (okr.period, okr.period) IS
    'The periods share at least one day.';

-- casts to and from daterange

CREATE FUNCTION okr.period_to_daterange(okr.period) RETURNS pg_catalog.daterange
    AS 'MODULE_PATHNAME', 'okr_period_to_daterange'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_to_daterange(okr.period) IS
    'The period as daterange [first day, last day + 1) (the cast okr.period AS daterange).';

CREATE FUNCTION okr.period_from_daterange(pg_catalog.daterange) RETURNS okr.period
    AS 'MODULE_PATHNAME', 'okr_period_from_daterange'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.period_from_daterange(pg_catalog.daterange) IS
    'The daterange as a custom span (the cast daterange AS okr.period); empty and unbounded ranges are errors.';

CREATE CAST (okr.period AS pg_catalog.daterange)
    WITH FUNCTION okr.period_to_daterange(okr.period);
COMMENT ON CAST (okr.period AS pg_catalog.daterange) IS
    'Explicit: the period''s days as daterange [first, last + 1).';

CREATE CAST (pg_catalog.daterange AS okr.period)
    WITH FUNCTION okr.period_from_daterange(pg_catalog.daterange);
COMMENT ON CAST (pg_catalog.daterange AS okr.period) IS
    'Explicit: a bounded, non-empty daterange as a custom span of its days.';
