-- okr install script.  Built by the Makefile from sql/install/*.sql, in order.
\echo Use "CREATE EXTENSION okr" to load this file. \quit

-- Settings (GUCs) live in C (src/okr.c); this function is the default of
-- every tenant column and loads the library that defines okr.tenant.
CREATE FUNCTION okr.current_tenant() RETURNS text
    AS 'MODULE_PATHNAME', 'okr_current_tenant'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION okr.current_tenant() IS
    'The setting okr.tenant: the tenant new rows belong to by default.';

CREATE FUNCTION okr.setting(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'okr_setting'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.setting(text) IS
    'Current value of one of okr''s settings (okr.*), e.g. okr.setting(''okr.stale_after'').';

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

-- okr.target: what a key result must reach (src/target.c, src/target_parse.c).
-- Text forms: 'a -> b' (increase or decrease from a to b), '>= x', '<= x',
-- 'lo .. hi' (within the inclusive band) and 'milestone' (done or not).
CREATE TYPE okr.target;

CREATE FUNCTION okr.target_in(pg_catalog.cstring) RETURNS okr.target
    AS 'MODULE_PATHNAME', 'okr_target_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_in(pg_catalog.cstring) IS
    'Text input of okr.target: ''a -> b'', ''>= x'', ''<= x'', ''lo .. hi'' or ''milestone''.';

CREATE FUNCTION okr.target_out(okr.target) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'okr_target_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_out(okr.target) IS
    'Text output of okr.target: the canonical form, numbers as the shortest decimal that reads back exactly.';

CREATE FUNCTION okr.target_recv(pg_catalog.internal) RETURNS okr.target
    AS 'MODULE_PATHNAME', 'okr_target_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_recv(pg_catalog.internal) IS
    'Binary input of okr.target: direction (int4), then from and to (float8), checked like text input.';

CREATE FUNCTION okr.target_send(okr.target) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'okr_target_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_send(okr.target) IS
    'Binary output of okr.target: direction (int4), then from and to (float8).';

CREATE TYPE okr.target (
    INTERNALLENGTH = 24,
    INPUT = okr.target_in,
    OUTPUT = okr.target_out,
    RECEIVE = okr.target_recv,
    SEND = okr.target_send,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE okr.target IS
    'What a key result must reach: ''a -> b'' (from baseline a to goal b, up or down), ''>= x'', ''<= x'', ''lo .. hi'' (inclusive band) or ''milestone'' (done at 1).';

-- Equality and hashing (no ordering: targets have no natural order).
CREATE FUNCTION okr.target_eq(okr.target, okr.target) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'okr_target_eq'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_eq(okr.target, okr.target) IS
    'Implementation of okr.target = okr.target: same direction and same numbers.';

CREATE FUNCTION okr.target_ne(okr.target, okr.target) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'okr_target_ne'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_ne(okr.target, okr.target) IS
    'Implementation of okr.target <> okr.target.';

CREATE OPERATOR okr.= (
    LEFTARG = okr.target,
    RIGHTARG = okr.target,
    FUNCTION = okr.target_eq,
    COMMUTATOR = OPERATOR(okr.=),
    NEGATOR = OPERATOR(okr.<>),
    RESTRICT = pg_catalog.eqsel,
    JOIN = pg_catalog.eqjoinsel,
    HASHES
);
COMMENT ON OPERATOR okr.= (okr.target, okr.target) IS
    'Targets are equal when they have the same direction and the same numbers.';

CREATE OPERATOR okr.<> (
    LEFTARG = okr.target,
    RIGHTARG = okr.target,
    FUNCTION = okr.target_ne,
    COMMUTATOR = OPERATOR(okr.<>),
    NEGATOR = OPERATOR(okr.=),
    RESTRICT = pg_catalog.neqsel,
    JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR okr.<> (okr.target, okr.target) IS
    'Targets differ in direction or in a number.';

CREATE FUNCTION okr.target_hash(okr.target) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'okr_target_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_hash(okr.target) IS
    'Hash of an okr.target (hash opclass support 1), consistent with =.';

CREATE FUNCTION okr.target_hash_extended(okr.target, pg_catalog.int8) RETURNS pg_catalog.int8
    AS 'MODULE_PATHNAME', 'okr_target_hash_extended'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_hash_extended(okr.target, pg_catalog.int8) IS
    '64-bit seeded hash of an okr.target (hash opclass support 2), consistent with =.';

CREATE OPERATOR CLASS okr.target_hash_ops
    DEFAULT FOR TYPE okr.target USING hash AS
        OPERATOR 1 okr.= (okr.target, okr.target),
        FUNCTION 1 okr.target_hash(okr.target),
        FUNCTION 2 okr.target_hash_extended(okr.target, pg_catalog.int8);
COMMENT ON OPERATOR CLASS okr.target_hash_ops USING hash IS
    'Hashing of okr.target: GROUP BY, DISTINCT, hash joins and hash indexes.';
COMMENT ON OPERATOR FAMILY okr.target_hash_ops USING hash IS
    'Hashing of okr.target.';

-- Accessors, for BI tools that want plain numbers.
CREATE FUNCTION okr.direction(okr.target) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_target_direction'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.direction(okr.target) IS
    'The kind of target: increase, decrease, at_least, at_most, within or milestone.';

CREATE FUNCTION okr.baseline(okr.target) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_target_baseline'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.baseline(okr.target) IS
    'Where progress starts: a for ''a -> b'', 0 for milestone, NULL for thresholds and bands.';

CREATE FUNCTION okr.goal(okr.target) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_target_goal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.goal(okr.target) IS
    'The goal: b for ''a -> b'', x for ''>= x'' and ''<= x'', 1 for milestone, NULL for a band (see okr.goal_low and okr.goal_high).';

CREATE FUNCTION okr.goal_low(okr.target) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_target_goal_low'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.goal_low(okr.target) IS
    'Lowest value that meets the goal (inclusive); NULL when there is no lower limit.';

CREATE FUNCTION okr.goal_high(okr.target) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_target_goal_high'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.goal_high(okr.target) IS
    'Highest value that meets the goal (inclusive); NULL when there is no upper limit.';

CREATE FUNCTION okr.is_met(okr.target, value pg_catalog.float8) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'okr_target_is_met'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.is_met(okr.target, pg_catalog.float8) IS
    'Whether the value meets the goal (bounds inclusive; a milestone is met at 1 or more).';

-- Scoring: how far a key result is (src/scoring.c).
CREATE FUNCTION okr.progress(okr.target, value pg_catalog.float8) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'okr_progress'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.progress(okr.target, pg_catalog.float8) IS
    'Uncapped progress: (value - a) / (b - a) for ''a -> b'' (below 0 or above 1 possible); 1 or 0 (met or not) for thresholds, bands and milestones.';

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
    'Pace: on_track when score >= expected - okr.at_risk_gap, at_risk when score >= expected - okr.off_track_gap, else off_track (boundaries inclusive, within 1e-9 for binary rounding); expected is the share of the period elapsed.';

CREATE FUNCTION okr.grade(score pg_catalog.float8) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'okr_grade'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.grade(pg_catalog.float8) IS
    'Google''s bands: red below okr.grade_yellow (0.4), yellow below okr.grade_green (0.7), green from okr.grade_green (boundaries inclusive, within 1e-9 for binary rounding).';

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
-- The OKR store: objectives, their alignment, key results, outputs and
-- check-ins.  Columns marked "maintained" are written by okr's rollup
-- (src/rollup.c) at commit; the triggers that drive it are in 50-rollup.sql.
-- Every key includes tenant, so one tenant's tree never references another's.

CREATE TABLE okr.objective (
    tenant      text NOT NULL DEFAULT okr.current_tenant(),
    id          bigint GENERATED BY DEFAULT AS IDENTITY,
    title       text NOT NULL CONSTRAINT title_not_empty CHECK (title <> ''),
    description text,
    owner       text,
    period      okr.period NOT NULL,
    commitment  text NOT NULL DEFAULT 'committed'
                CONSTRAINT commitment_valid CHECK (commitment IN ('committed', 'aspirational')),
    state       text NOT NULL DEFAULT 'active'
                CONSTRAINT state_valid CHECK (state IN ('draft', 'active', 'closed')),
    rollup      text NOT NULL DEFAULT 'both'
                CONSTRAINT rollup_valid CHECK (rollup IN ('key_results', 'children', 'both')),
    score       double precision,
    closed_at   timestamptz,
    final_grade text,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (tenant, id)
);
COMMENT ON TABLE okr.objective IS
    'Objectives: desired outcomes for a period. score is maintained by okr.';
COMMENT ON COLUMN okr.objective.rollup IS
    'What the score averages: key_results, children (aligned objectives) or both pooled.';
COMMENT ON COLUMN okr.objective.score IS
    'Maintained: weighted mean of its key results'' and/or children''s scores; NULL when there is nothing to average; frozen while closed.';
COMMENT ON COLUMN okr.objective.closed_at IS 'Maintained: when the objective was closed.';
COMMENT ON COLUMN okr.objective.final_grade IS 'Maintained: okr.grade(score) at closing.';

CREATE TABLE okr.alignment (
    tenant    text NOT NULL DEFAULT okr.current_tenant(),
    child_id  bigint NOT NULL,
    parent_id bigint NOT NULL,
    weight    double precision NOT NULL DEFAULT 1
              CONSTRAINT weight_positive CHECK (weight > 0 AND weight < 'Infinity'),
    PRIMARY KEY (tenant, child_id, parent_id),
    FOREIGN KEY (tenant, child_id) REFERENCES okr.objective ON DELETE CASCADE,
    FOREIGN KEY (tenant, parent_id) REFERENCES okr.objective ON DELETE CASCADE
);
CREATE INDEX alignment_parent ON okr.alignment (tenant, parent_id);
COMMENT ON TABLE okr.alignment IS
    'Objective child contributes to objective parent with weight; an objective may have several parents. Acyclic; a child''s period lies within its parents''.';

CREATE TABLE okr.key_result (
    tenant       text NOT NULL DEFAULT okr.current_tenant(),
    id           bigint GENERATED BY DEFAULT AS IDENTITY,
    objective_id bigint NOT NULL,
    title        text NOT NULL CONSTRAINT title_not_empty CHECK (title <> ''),
    measures     text NOT NULL DEFAULT 'outcome'
                 CONSTRAINT measures_valid CHECK (measures IN ('outcome', 'output')),
    target       okr.target NOT NULL,
    unit         text,
    source       text NOT NULL DEFAULT 'check_ins'
                 CONSTRAINT source_valid CHECK (source IN ('check_ins', 'outputs')),
    weight       double precision NOT NULL DEFAULT 1
                 CONSTRAINT weight_positive CHECK (weight > 0 AND weight < 'Infinity'),
    cap          double precision NOT NULL DEFAULT 1
                 CONSTRAINT cap_positive CHECK (cap > 0 AND cap < 'Infinity'),
    value        double precision,
    score        double precision NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, objective_id) REFERENCES okr.objective ON DELETE CASCADE
);
CREATE INDEX key_result_objective ON okr.key_result (tenant, objective_id);
COMMENT ON TABLE okr.key_result IS
    'Key results: measurable results of an objective. value and score are maintained by okr.';
COMMENT ON COLUMN okr.key_result.measures IS
    'outcome (a change in the world) or output (a deliverable). Objectives whose key results all measure outputs get lint advice.';
COMMENT ON COLUMN okr.key_result.source IS
    'What feeds value: check_ins (latest check-in by at) or outputs (baseline + amounts of done outputs).';
COMMENT ON COLUMN okr.key_result.value IS 'Maintained: current value; NULL until there is one.';
COMMENT ON COLUMN okr.key_result.score IS 'Maintained: okr.score(target, value, cap), 0 until there is a value.';

CREATE TABLE okr.output (
    tenant        text NOT NULL DEFAULT okr.current_tenant(),
    id            bigint GENERATED BY DEFAULT AS IDENTITY,
    key_result_id bigint NOT NULL,
    title         text NOT NULL CONSTRAINT title_not_empty CHECK (title <> ''),
    status        text NOT NULL DEFAULT 'planned'
                  CONSTRAINT status_valid CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    amount        double precision NOT NULL DEFAULT 1
                  CONSTRAINT amount_finite CHECK (amount > '-Infinity' AND amount < 'Infinity'),
    done_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, key_result_id) REFERENCES okr.key_result ON DELETE CASCADE
);
CREATE INDEX output_key_result ON okr.output (tenant, key_result_id);
COMMENT ON TABLE okr.output IS
    'Outputs: deliverables that feed a key result whose source is outputs.';
COMMENT ON COLUMN okr.output.done_at IS
    'When the output was done: set to now() when status becomes done (unless given), cleared when it leaves done.';

CREATE TABLE okr.check_in (
    tenant        text NOT NULL DEFAULT okr.current_tenant(),
    id            bigint GENERATED BY DEFAULT AS IDENTITY,
    key_result_id bigint NOT NULL,
    at            timestamptz NOT NULL DEFAULT pg_catalog.now(),
    value         double precision NOT NULL
                  CONSTRAINT value_finite CHECK (value > '-Infinity' AND value < 'Infinity'),
    confidence    double precision
                  CONSTRAINT confidence_fraction CHECK (confidence >= 0 AND confidence <= 1),
    note          text,
    author        text,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, key_result_id) REFERENCES okr.key_result ON DELETE CASCADE
);
CREATE INDEX check_in_latest ON okr.check_in (tenant, key_result_id, at DESC, id DESC);
COMMENT ON TABLE okr.check_in IS
    'Check-ins: measurements of a key result over time. The latest by at is its value.';
COMMENT ON COLUMN okr.check_in.confidence IS 'How confident the author is that the key result will be met, 0 to 1.';

-- pg_dump keeps the user data, and the identity sequences' positions.
SELECT pg_catalog.pg_extension_config_dump('okr.objective', '');
SELECT pg_catalog.pg_extension_config_dump('okr.alignment', '');
SELECT pg_catalog.pg_extension_config_dump('okr.key_result', '');
SELECT pg_catalog.pg_extension_config_dump('okr.output', '');
SELECT pg_catalog.pg_extension_config_dump('okr.check_in', '');
SELECT pg_catalog.pg_extension_config_dump('okr.objective_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('okr.key_result_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('okr.output_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('okr.check_in_id_seq', '');

-- What every maintained column should hold, from its direct inputs.  The
-- rollup writes these; okr.verify() compares against them.
CREATE VIEW okr.key_result_computed AS
SELECT k.tenant, k.id, v.value,
       CASE WHEN v.value IS NULL THEN 0::double precision
            ELSE okr.score(k.target, v.value, k.cap) END AS score
  FROM okr.key_result k
 CROSS JOIN LATERAL (
       SELECT CASE k.source
              WHEN 'check_ins' THEN
                  (SELECT c.value FROM okr.check_in c
                    WHERE c.tenant = k.tenant AND c.key_result_id = k.id
                    ORDER BY c.at DESC, c.id DESC LIMIT 1)
              ELSE
                  COALESCE(okr.baseline(k.target), 0)
                  + (SELECT COALESCE(pg_catalog.sum(o.amount), 0) FROM okr.output o
                      WHERE o.tenant = k.tenant AND o.key_result_id = k.id
                        AND o.status = 'done')
              END AS value
       OFFSET 0) v;  -- evaluate value once per row, not once per use
COMMENT ON VIEW okr.key_result_computed IS
    'The value and score each key result should have, computed from its check-ins or outputs.';

CREATE VIEW okr.objective_computed AS
SELECT o.tenant, o.id,
       (SELECT okr.weighted_score(x.score, x.weight)
          FROM (SELECT k.score, k.weight
                  FROM okr.key_result k
                 WHERE k.tenant = o.tenant AND k.objective_id = o.id
                   AND o.rollup <> 'children'
                UNION ALL
                -- a lookup per edge: index (tenant, id), whatever the estimates
                SELECT (SELECT c.score FROM okr.objective c
                         WHERE c.tenant = a.tenant AND c.id = a.child_id), a.weight
                  FROM okr.alignment a
                 WHERE a.tenant = o.tenant AND a.parent_id = o.id
                   AND o.rollup <> 'key_results') x) AS score
  FROM okr.objective o;
COMMENT ON VIEW okr.objective_computed IS
    'The score each objective should have from its key results'' and children''s current scores (per its rollup).';
-- Rollup and validation triggers (C: src/triggers.c, src/rollup.c).

CREATE FUNCTION okr.lock_tenant() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_lock_tenant_trigger' LANGUAGE C;
CREATE FUNCTION okr.objective_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_objective_guard' LANGUAGE C;
CREATE FUNCTION okr.key_result_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_key_result_guard' LANGUAGE C;
CREATE FUNCTION okr.output_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_output_guard' LANGUAGE C;
CREATE FUNCTION okr.after_statement() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_after_statement' LANGUAGE C;
CREATE FUNCTION okr.rollup_queue() RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_rollup_queue' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION okr.rollup_at_commit() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_rollup_at_commit' LANGUAGE C;
COMMENT ON FUNCTION okr.lock_tenant() IS
    'Trigger: takes the tenant lock before a statement (share for check-ins and outputs, exclusive for structure).';
COMMENT ON FUNCTION okr.objective_guard() IS
    'Trigger: protects maintained columns of okr.objective; closing freezes the score, reopening thaws it.';
COMMENT ON FUNCTION okr.key_result_guard() IS
    'Trigger: protects the maintained value and score of okr.key_result.';
COMMENT ON FUNCTION okr.output_guard() IS
    'Trigger: sets done_at when an output becomes done, clears it when it leaves done.';
COMMENT ON FUNCTION okr.after_statement() IS
    'Trigger: records what the rollup must recompute and validates structure, once per statement.';
COMMENT ON FUNCTION okr.rollup_queue() IS
    'WHEN condition of the rollup_at_commit triggers: true once per transaction.';
COMMENT ON FUNCTION okr.rollup_at_commit() IS
    'Deferred trigger: recomputes every maintained value this transaction affected, at commit.';

-- Tenant locks: before any row is touched.
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.check_in
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('data');
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.output
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('data');
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('structure');
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.alignment
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('structure');
CREATE TRIGGER lock_tenant BEFORE UPDATE OR DELETE ON okr.objective
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('structure');

-- Row guards.
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON okr.objective
    FOR EACH ROW EXECUTE FUNCTION okr.objective_guard();
CREATE TRIGGER guard BEFORE UPDATE ON okr.key_result
    FOR EACH ROW EXECUTE FUNCTION okr.key_result_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON okr.output
    FOR EACH ROW EXECUTE FUNCTION okr.output_guard();

-- Set-wise marking and validation (transition tables allow one event each).
CREATE TRIGGER after_insert AFTER INSERT ON okr.check_in
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.check_in
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.check_in
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_insert AFTER INSERT ON okr.output
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.output
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.output
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_insert AFTER INSERT ON okr.key_result
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_insert AFTER INSERT ON okr.alignment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.objective
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();

-- One flush per transaction, at commit (SET CONSTRAINTS okr.rollup_at_commit
-- IMMEDIATE flushes at the end of each statement instead).
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.check_in
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.output
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.key_result
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.alignment
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE ON okr.objective
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();

CREATE FUNCTION okr.after_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_after_truncate' LANGUAGE C;
COMMENT ON FUNCTION okr.after_truncate() IS
    'Trigger: after TRUNCATE of an okr table, recomputes every maintained value.';
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.check_in
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.output
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.alignment
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();

CREATE FUNCTION okr.flush() RETURNS bigint
    AS 'MODULE_PATHNAME', 'okr_flush' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION okr.flush() IS
    'Recomputes now what this transaction changed (normally done at commit); returns the number of maintained rows updated.';
CREATE FUNCTION okr.rebuild() RETURNS bigint
    AS 'MODULE_PATHNAME', 'okr_rebuild' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION okr.rebuild() IS
    'Recomputes every maintained value from scratch; returns the number of rows repaired. Closed objectives keep their frozen scores.';

-- Equal within 1e-9 relative: sums of doubles depend on their order.
CREATE FUNCTION okr.same_score(a double precision, b double precision) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (a IS NULL AND b IS NULL)
        OR (a IS NOT NULL AND b IS NOT NULL AND abs(a - b) <= 1e-9 * greatest(1, abs(b)));
COMMENT ON FUNCTION okr.same_score(double precision, double precision) IS
    'True when two maintained values agree (both NULL, or equal within 1e-9 relative).';

CREATE FUNCTION okr.verify()
    RETURNS TABLE (tenant text, kind text, id bigint, field text,
                   stored double precision, expected double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT k.tenant, 'key_result', k.id, 'value', k.value, c.value
      FROM okr.key_result k JOIN okr.key_result_computed c ON c.tenant = k.tenant AND c.id = k.id
     WHERE NOT okr.same_score(k.value, c.value)
    UNION ALL
    SELECT k.tenant, 'key_result', k.id, 'score', k.score, c.score
      FROM okr.key_result k JOIN okr.key_result_computed c ON c.tenant = k.tenant AND c.id = k.id
     WHERE NOT okr.same_score(k.score, c.score)
    UNION ALL
    SELECT o.tenant, 'objective', o.id, 'score', o.score, c.score
      FROM okr.objective o JOIN okr.objective_computed c ON c.tenant = o.tenant AND c.id = o.id
     WHERE o.state <> 'closed' AND NOT okr.same_score(o.score, c.score)
     ORDER BY 1, 2, 3, 4;
END;
COMMENT ON FUNCTION okr.verify() IS
    'Recomputes every maintained value from its inputs and returns one row per mismatch (empty = consistent).';

-- The trigger functions serve okr's tables only (they also check it), and
-- rebuilding everything is for the owner; EXECUTE is checked when a trigger
-- is created, so okr's own triggers still fire for every role.
REVOKE EXECUTE ON FUNCTION okr.lock_tenant(), okr.objective_guard(), okr.key_result_guard(),
    okr.output_guard(), okr.after_statement(), okr.rollup_at_commit(), okr.after_truncate(),
    okr.rebuild() FROM PUBLIC;
-- okr.lint(): advice on OKR practice, as rows a BI tool or an app can show.

CREATE FUNCTION okr.lint()
    RETURNS TABLE (tenant text, object text, severity text, rule text, message text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT o.tenant, 'objective ' || o.id, 'warning', 'no_key_results',
           format('Objective %s "%s" has no key results: nothing says when it is achieved.', o.id, o.title)
      FROM okr.objective o
     WHERE o.state <> 'closed' AND o.rollup <> 'children'
       AND NOT EXISTS (SELECT FROM okr.key_result k
                        WHERE k.tenant = o.tenant AND k.objective_id = o.id)
    UNION ALL
    SELECT o.tenant, 'objective ' || o.id, 'warning', 'only_outputs',
           format('All key results of objective %s "%s" measure outputs. Outputs matter only as far as they move outcomes: add a key result that measures the outcome.', o.id, o.title)
      FROM okr.objective o
     WHERE o.state <> 'closed'
       AND EXISTS (SELECT FROM okr.key_result k
                    WHERE k.tenant = o.tenant AND k.objective_id = o.id)
       AND NOT EXISTS (SELECT FROM okr.key_result k
                        WHERE k.tenant = o.tenant AND k.objective_id = o.id
                          AND k.measures = 'outcome')
    UNION ALL
    SELECT k.tenant, 'key_result ' || k.id, 'notice', 'stale',
           format('Key result %s "%s" has had no check-in since %s.', k.id, k.title,
                  COALESCE(to_char(last.at, 'YYYY-MM-DD'), 'it was created'))
      FROM okr.key_result k
      JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
      LEFT JOIN LATERAL (SELECT max(c.at) AS at FROM okr.check_in c
                          WHERE c.tenant = k.tenant AND c.key_result_id = k.id) last ON true
     WHERE o.state = 'active' AND k.source = 'check_ins'
       AND COALESCE(last.at, k.created_at) < now() - okr.setting('okr.stale_after')::interval
    UNION ALL
    SELECT o.tenant, 'owner ' || o.owner, 'notice', 'too_many_objectives',
           format('%s owns %s active objectives for %s (okr.max_objectives_per_owner = %s): focus on fewer.',
                  o.owner, count(*), o.period::text, okr.setting('okr.max_objectives_per_owner'))
      FROM okr.objective o
     WHERE o.state = 'active' AND o.owner IS NOT NULL
       AND okr.setting('okr.max_objectives_per_owner')::integer > 0
     GROUP BY o.tenant, o.owner, o.period::text
    HAVING count(*) > okr.setting('okr.max_objectives_per_owner')::integer
     ORDER BY 1, 2, 4;
END;
COMMENT ON FUNCTION okr.lint() IS
    'Advice rows (tenant, object, severity, rule, message): objectives without key results, objectives measured only by outputs, stale key results (okr.stale_after), owners with too many objectives (okr.max_objectives_per_owner).';
-- Views for BI tools and applications.  Every column has a standard SQL type
-- (text, bigint, integer, double precision, boolean, date, timestamptz): no
-- okr types and no arrays, so any driver (JDBC, ODBC, psycopg2...) reads them
-- as plain values.  Every view and column has a COMMENT, which BI tools show
-- as descriptions.  Tested through psycopg2 by test/bi/views.py.
--
-- Pace and status.  expected is the share of the period elapsed at the time
-- of the query (okr.elapsed(period, now())).  A key result's or objective's
-- status is okr.status(score, expected): on_track while the score trails
-- expected by at most okr.at_risk_gap, at_risk up to okr.off_track_gap,
-- off_track beyond.  An objective's status is that of its own score, which
-- already is the weighted mean of its key results (and/or children, per its
-- rollup), so it follows from them without a second rule.  Nothing to judge
-- gives 'no_data': an objective without a score (nothing to average) or a
-- key result without a value yet (no check-in, no output).  grade is
-- okr.grade(score): red / yellow / green by okr.grade_yellow, okr.grade_green.
--
-- The views are security_invoker: they read the tables with the privileges
-- (and under the row-level security policies, if any) of the user querying
-- them, not of the extension's owner.

CREATE VIEW okr.scorecard WITH (security_invoker = true) AS
SELECT o.tenant,
       o.id AS objective_id,
       o.title,
       o.owner,
       o.commitment,
       o.state,
       o.rollup,
       o.period::pg_catalog.text AS period,
       okr.period_start(o.period) AS period_start,
       okr.period_end(o.period) AS period_end,
       o.score,
       p.expected,
       CASE WHEN o.score IS NULL THEN 'no_data'
            ELSE okr.status(o.score, p.expected) END AS status,
       okr.grade(o.score) AS grade,
       (SELECT pg_catalog.count(*) FROM okr.key_result k
         WHERE k.tenant = o.tenant AND k.objective_id = o.id) AS key_results,
       (SELECT pg_catalog.string_agg(a.parent_id::pg_catalog.text, ',' ORDER BY a.parent_id)
          FROM okr.alignment a
         WHERE a.tenant = o.tenant AND a.child_id = o.id) AS parent_ids,
       (SELECT pg_catalog.string_agg(a.child_id::pg_catalog.text, ',' ORDER BY a.child_id)
          FROM okr.alignment a
         WHERE a.tenant = o.tenant AND a.parent_id = o.id) AS child_ids,
       o.final_grade,
       o.closed_at,
       o.created_at
  FROM okr.objective o
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p;

COMMENT ON VIEW okr.scorecard IS
    'One row per objective: its score against the pace expected now, status, grade, key-result count and alignment. Scores are the ones okr maintains at each commit.';
COMMENT ON COLUMN okr.scorecard.tenant IS 'Tenant the objective belongs to.';
COMMENT ON COLUMN okr.scorecard.objective_id IS 'Objective id (unique within the tenant).';
COMMENT ON COLUMN okr.scorecard.title IS 'Objective title.';
COMMENT ON COLUMN okr.scorecard.owner IS 'Who owns the objective (free text; NULL if unassigned).';
COMMENT ON COLUMN okr.scorecard.commitment IS 'committed (expected to be fully met) or aspirational (stretch: 0.7 is a success).';
COMMENT ON COLUMN okr.scorecard.state IS 'draft, active or closed.';
COMMENT ON COLUMN okr.scorecard.rollup IS 'What the score averages: key_results, children (aligned objectives) or both.';
COMMENT ON COLUMN okr.scorecard.period IS 'The objective''s period as text, e.g. 2026-Q4, 2026, FY2027-H1.';
COMMENT ON COLUMN okr.scorecard.period_start IS 'First day of the period.';
COMMENT ON COLUMN okr.scorecard.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN okr.scorecard.score IS 'Score 0..1 (above 1 only with key-result caps above 1): weighted mean of its key results and/or children; NULL when there is nothing to average; frozen once closed.';
COMMENT ON COLUMN okr.scorecard.expected IS 'Expected progress now: the share of the period elapsed (0 before it starts, 1 after it ends).';
COMMENT ON COLUMN okr.scorecard.status IS 'Pace: on_track, at_risk or off_track, comparing score with expected (settings okr.at_risk_gap, okr.off_track_gap); no_data when score is NULL.';
COMMENT ON COLUMN okr.scorecard.grade IS 'red, yellow or green by score (settings okr.grade_yellow, okr.grade_green); NULL when score is NULL.';
COMMENT ON COLUMN okr.scorecard.key_results IS 'Number of key results of the objective.';
COMMENT ON COLUMN okr.scorecard.parent_ids IS 'Ids of the objectives this one is aligned to (contributes to), comma-separated in ascending order, e.g. ''1,4''; NULL for a top-level objective.';
COMMENT ON COLUMN okr.scorecard.child_ids IS 'Ids of the objectives aligned to this one, comma-separated in ascending order; NULL when none.';
COMMENT ON COLUMN okr.scorecard.final_grade IS 'Grade recorded when the objective was closed; NULL while it is not closed.';
COMMENT ON COLUMN okr.scorecard.closed_at IS 'When the objective was closed; NULL while it is not closed.';
COMMENT ON COLUMN okr.scorecard.created_at IS 'When the objective was created.';

-- Forecast: a straight line through the key result's measurements, read at
-- the end of its period.  Measurements are its check-ins (at, value) or, for
-- a key result fed by outputs, its value after each done output (done_at,
-- baseline + running sum of amounts).
CREATE VIEW okr.key_result_progress WITH (security_invoker = true) AS
SELECT k.tenant,
       k.id AS key_result_id,
       k.objective_id,
       o.title AS objective_title,
       k.title,
       k.measures,
       k.source,
       k.unit,
       k.target::pg_catalog.text AS target,
       okr.direction(k.target) AS direction,
       okr.baseline(k.target) AS baseline,
       okr.goal(k.target) AS goal,
       okr.goal_low(k.target) AS goal_low,
       okr.goal_high(k.target) AS goal_high,
       k.weight,
       k.cap,
       k.value,
       okr.progress(k.target, k.value) AS progress,
       k.score,
       p.expected,
       CASE WHEN k.value IS NULL THEN 'no_data'
            ELSE okr.status(k.score, p.expected) END AS status,
       okr.grade(k.score) AS grade,
       o.period::pg_catalog.text AS period,
       okr.period_start(o.period) AS period_start,
       okr.period_end(o.period) AS period_end,
       c.check_ins,
       c.last_check_in_at,
       c.last_confidence,
       f.forecast_value,
       CASE WHEN f.forecast_value IS NOT NULL
            THEN okr.score(k.target, f.forecast_value, k.cap) END AS forecast_score,
       k.created_at
  FROM okr.key_result k
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
 CROSS JOIN LATERAL (SELECT okr.elapsed(o.period, pg_catalog.now()) AS expected) p
 CROSS JOIN LATERAL (
       SELECT (SELECT pg_catalog.count(*) FROM okr.check_in c
                WHERE c.tenant = k.tenant AND c.key_result_id = k.id) AS check_ins,
              l.at AS last_check_in_at,
              l.confidence AS last_confidence
         FROM (SELECT NULL) AS one
         LEFT JOIN LATERAL (
              SELECT c.at, c.confidence FROM okr.check_in c
               WHERE c.tenant = k.tenant AND c.key_result_id = k.id
               ORDER BY c.at DESC, c.id DESC LIMIT 1) l ON true) c
 CROSS JOIN LATERAL (
       SELECT pg_catalog.regr_intercept(m.value, m.x)
              + pg_catalog.regr_slope(m.value, m.x)
                * pg_catalog.date_part('epoch',
                      ((okr.period_end(o.period) + 1)::pg_catalog.timestamptz)) AS forecast_value
         FROM (SELECT pg_catalog.date_part('epoch', c.at) AS x, c.value
                 FROM okr.check_in c
                WHERE k.source = 'check_ins'
                  AND c.tenant = k.tenant AND c.key_result_id = k.id
               UNION ALL
               SELECT pg_catalog.date_part('epoch', d.done_at),
                      COALESCE(okr.baseline(k.target), 0)
                      + pg_catalog.sum(d.amount) OVER (ORDER BY d.done_at, d.id)
                 FROM okr.output d
                WHERE k.source = 'outputs'
                  AND d.tenant = k.tenant AND d.key_result_id = k.id
                  AND d.status = 'done' AND d.done_at IS NOT NULL) m) f;

COMMENT ON VIEW okr.key_result_progress IS
    'One row per key result: target as plain numbers, current value, progress, score against the pace expected now, status, last check-in, and a linear forecast of the value at the end of the period.';
COMMENT ON COLUMN okr.key_result_progress.tenant IS 'Tenant the key result belongs to.';
COMMENT ON COLUMN okr.key_result_progress.key_result_id IS 'Key result id (unique within the tenant).';
COMMENT ON COLUMN okr.key_result_progress.objective_id IS 'The objective the key result measures.';
COMMENT ON COLUMN okr.key_result_progress.objective_title IS 'Title of that objective.';
COMMENT ON COLUMN okr.key_result_progress.title IS 'Key result title.';
COMMENT ON COLUMN okr.key_result_progress.measures IS 'outcome (a change in the world) or output (a deliverable).';
COMMENT ON COLUMN okr.key_result_progress.source IS 'What feeds value: check_ins (latest check-in) or outputs (baseline + amounts of done outputs).';
COMMENT ON COLUMN okr.key_result_progress.unit IS 'Unit of value, baseline and goal (free text, e.g. hours, VMs).';
COMMENT ON COLUMN okr.key_result_progress.target IS 'The target as text: ''a -> b'', ''>= x'', ''<= x'', ''lo .. hi'' or ''milestone''.';
COMMENT ON COLUMN okr.key_result_progress.direction IS 'Kind of target: increase, decrease, at_least, at_most, within or milestone.';
COMMENT ON COLUMN okr.key_result_progress.baseline IS 'Where progress starts (a of ''a -> b''; 0 for a milestone; NULL for thresholds and bands).';
COMMENT ON COLUMN okr.key_result_progress.goal IS 'The goal (b of ''a -> b'', x of ''>= x'' or ''<= x'', 1 for a milestone; NULL for a band).';
COMMENT ON COLUMN okr.key_result_progress.goal_low IS 'Lowest value that meets the goal (inclusive); NULL when there is no lower limit.';
COMMENT ON COLUMN okr.key_result_progress.goal_high IS 'Highest value that meets the goal (inclusive); NULL when there is no upper limit.';
COMMENT ON COLUMN okr.key_result_progress.weight IS 'Weight of the key result in its objective''s score.';
COMMENT ON COLUMN okr.key_result_progress.cap IS 'Highest score the key result can reach (1 unless overachievement counts).';
COMMENT ON COLUMN okr.key_result_progress.value IS 'Current value; NULL until the first check-in or done output.';
COMMENT ON COLUMN okr.key_result_progress.progress IS 'Uncapped progress toward the goal (can be below 0 or above 1); NULL without a value.';
COMMENT ON COLUMN okr.key_result_progress.score IS 'Score: progress clamped to 0..cap; 0 until there is a value.';
COMMENT ON COLUMN okr.key_result_progress.expected IS 'Expected progress now: the share of the objective''s period elapsed.';
COMMENT ON COLUMN okr.key_result_progress.status IS 'Pace: on_track, at_risk or off_track comparing score with expected (okr.at_risk_gap, okr.off_track_gap); no_data without a value.';
COMMENT ON COLUMN okr.key_result_progress.grade IS 'red, yellow or green by score (okr.grade_yellow, okr.grade_green).';
COMMENT ON COLUMN okr.key_result_progress.period IS 'The objective''s period as text, e.g. 2026-Q4.';
COMMENT ON COLUMN okr.key_result_progress.period_start IS 'First day of the period.';
COMMENT ON COLUMN okr.key_result_progress.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN okr.key_result_progress.check_ins IS 'Number of check-ins recorded.';
COMMENT ON COLUMN okr.key_result_progress.last_check_in_at IS 'Time of the latest check-in; NULL without check-ins.';
COMMENT ON COLUMN okr.key_result_progress.last_confidence IS 'Confidence (0..1) given with the latest check-in; NULL if none was given.';
COMMENT ON COLUMN okr.key_result_progress.forecast_value IS 'Projected value at the end of the period (00:00 after its last day): least-squares line (regr_slope, regr_intercept) through the check-ins, or through the value after each done output for output-fed key results; NULL with fewer than 2 measurements at distinct times.';
COMMENT ON COLUMN okr.key_result_progress.forecast_score IS 'Score the forecast value would get (okr.score with the key result''s cap); NULL without a forecast.';
COMMENT ON COLUMN okr.key_result_progress.created_at IS 'When the key result was created.';

-- Every path from a top-level objective down the alignment graph.
CREATE VIEW okr.alignment_tree WITH (security_invoker = true) AS
WITH RECURSIVE walk (tenant, objective_id, root_id, parent_id, weight, depth,
                     path, title_path, path_sort, ids) AS (
    SELECT o.tenant, o.id, o.id, NULL::bigint, NULL::double precision, 0,
           o.id::pg_catalog.text, o.title,
           pg_catalog.lpad(o.id::pg_catalog.text, 19, '0'),
           ARRAY[o.id]
      FROM okr.objective o
     WHERE NOT EXISTS (SELECT FROM okr.alignment a
                        WHERE a.tenant = o.tenant AND a.child_id = o.id)
    UNION ALL
    SELECT w.tenant, c.id, w.root_id, w.objective_id, a.weight, w.depth + 1,
           w.path || ' > ' || c.id::pg_catalog.text,
           w.title_path || ' > ' || c.title,
           w.path_sort || '/' || pg_catalog.lpad(c.id::pg_catalog.text, 19, '0'),
           w.ids || c.id
      FROM walk w
      JOIN okr.alignment a ON a.tenant = w.tenant AND a.parent_id = w.objective_id
      JOIN okr.objective c ON c.tenant = a.tenant AND c.id = a.child_id
     WHERE c.id <> ALL (w.ids)
)
SELECT w.tenant,
       w.objective_id,
       o.title,
       o.owner,
       o.state,
       o.period::pg_catalog.text AS period,
       o.score,
       okr.grade(o.score) AS grade,
       w.depth,
       w.root_id,
       w.parent_id,
       w.weight,
       w.path,
       w.title_path,
       w.path_sort,
       NOT EXISTS (SELECT FROM okr.alignment a
                    WHERE a.tenant = w.tenant AND a.parent_id = w.objective_id) AS is_leaf
  FROM walk w
  JOIN okr.objective o ON o.tenant = w.tenant AND o.id = w.objective_id;

COMMENT ON VIEW okr.alignment_tree IS
    'Every objective with its path from the top-level objective(s) it is aligned under, for drill-down. An objective with several parents appears once per path; order by path_sort for a depth-first listing.';
COMMENT ON COLUMN okr.alignment_tree.tenant IS 'Tenant of the tree.';
COMMENT ON COLUMN okr.alignment_tree.objective_id IS 'The objective at the end of the path.';
COMMENT ON COLUMN okr.alignment_tree.title IS 'Its title.';
COMMENT ON COLUMN okr.alignment_tree.owner IS 'Its owner.';
COMMENT ON COLUMN okr.alignment_tree.state IS 'Its state: draft, active or closed.';
COMMENT ON COLUMN okr.alignment_tree.period IS 'Its period as text.';
COMMENT ON COLUMN okr.alignment_tree.score IS 'Its score (maintained); NULL when there is nothing to average.';
COMMENT ON COLUMN okr.alignment_tree.grade IS 'red, yellow or green by score.';
COMMENT ON COLUMN okr.alignment_tree.depth IS 'Number of alignment steps from the root: 0 for a top-level objective.';
COMMENT ON COLUMN okr.alignment_tree.root_id IS 'The top-level objective (one without parents) this path starts at.';
COMMENT ON COLUMN okr.alignment_tree.parent_id IS 'The objective one step up this path; NULL at the root.';
COMMENT ON COLUMN okr.alignment_tree.weight IS 'Weight of the alignment to parent_id in the parent''s score; NULL at the root.';
COMMENT ON COLUMN okr.alignment_tree.path IS 'Objective ids from the root to this objective, e.g. ''1 > 2 > 5''.';
COMMENT ON COLUMN okr.alignment_tree.title_path IS 'Titles from the root to this objective, separated by '' > ''.';
COMMENT ON COLUMN okr.alignment_tree.path_sort IS 'Sort key: the path''s ids zero-padded to 19 digits and joined by ''/''; ORDER BY it lists the tree depth-first.';
COMMENT ON COLUMN okr.alignment_tree.is_leaf IS 'True when no objective is aligned to this one.';

CREATE VIEW okr.check_in_history WITH (security_invoker = true) AS
SELECT c.tenant,
       c.id AS check_in_id,
       c.key_result_id,
       k.objective_id,
       k.title AS key_result_title,
       k.unit,
       c.at,
       c.value,
       c.value - pg_catalog.lag(c.value) OVER w AS change,
       c.confidence,
       c.note,
       c.author,
       okr.progress(k.target, c.value) AS progress,
       okr.score(k.target, c.value, k.cap) AS score,
       okr.elapsed(o.period, c.at) AS expected,
       okr.status(okr.score(k.target, c.value, k.cap), okr.elapsed(o.period, c.at)) AS status,
       pg_catalog.row_number() OVER w = pg_catalog.count(*) OVER (PARTITION BY c.tenant, c.key_result_id) AS is_latest
  FROM okr.check_in c
  JOIN okr.key_result k ON k.tenant = c.tenant AND k.id = c.key_result_id
  JOIN okr.objective o ON o.tenant = k.tenant AND o.id = k.objective_id
WINDOW w AS (PARTITION BY c.tenant, c.key_result_id ORDER BY c.at, c.id);

COMMENT ON VIEW okr.check_in_history IS
    'Time series: one row per check-in, with the score that value earns and the pace expected at that moment.';
COMMENT ON COLUMN okr.check_in_history.tenant IS 'Tenant of the check-in.';
COMMENT ON COLUMN okr.check_in_history.check_in_id IS 'Check-in id.';
COMMENT ON COLUMN okr.check_in_history.key_result_id IS 'The key result measured.';
COMMENT ON COLUMN okr.check_in_history.objective_id IS 'The objective of that key result.';
COMMENT ON COLUMN okr.check_in_history.key_result_title IS 'Title of the key result.';
COMMENT ON COLUMN okr.check_in_history.unit IS 'Unit of value.';
COMMENT ON COLUMN okr.check_in_history.at IS 'When the measurement was taken.';
COMMENT ON COLUMN okr.check_in_history.value IS 'The measured value.';
COMMENT ON COLUMN okr.check_in_history.change IS 'value minus the previous check-in''s value (by at); NULL for the first.';
COMMENT ON COLUMN okr.check_in_history.confidence IS 'Author''s confidence (0..1) that the key result will be met; NULL if not given.';
COMMENT ON COLUMN okr.check_in_history.note IS 'Free-text note.';
COMMENT ON COLUMN okr.check_in_history.author IS 'Who checked in.';
COMMENT ON COLUMN okr.check_in_history.progress IS 'Uncapped progress of this value toward the goal.';
COMMENT ON COLUMN okr.check_in_history.score IS 'Score this value earns (progress clamped to 0..cap).';
COMMENT ON COLUMN okr.check_in_history.expected IS 'Share of the period elapsed at the time of the check-in.';
COMMENT ON COLUMN okr.check_in_history.status IS 'Pace at the time of the check-in: on_track, at_risk or off_track (score against expected).';
COMMENT ON COLUMN okr.check_in_history.is_latest IS 'True for the key result''s latest check-in (by at, then id): the one that gives its current value.';

CREATE VIEW okr.output_progress WITH (security_invoker = true) AS
SELECT k.tenant,
       k.id AS key_result_id,
       k.objective_id,
       k.title AS key_result_title,
       k.source,
       k.unit,
       pg_catalog.count(d.id) FILTER (WHERE d.status = 'planned') AS planned,
       pg_catalog.count(d.id) FILTER (WHERE d.status = 'in_progress') AS in_progress,
       pg_catalog.count(d.id) FILTER (WHERE d.status = 'done') AS done,
       pg_catalog.count(d.id) FILTER (WHERE d.status = 'dropped') AS dropped,
       COALESCE(pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'planned'), 0) AS planned_amount,
       COALESCE(pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'in_progress'), 0) AS in_progress_amount,
       COALESCE(pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'done'), 0) AS done_amount,
       COALESCE(pg_catalog.sum(d.amount) FILTER (WHERE d.status = 'dropped'), 0) AS dropped_amount,
       pg_catalog.count(d.id) FILTER (WHERE d.status = 'done')::double precision
         / NULLIF(pg_catalog.count(d.id) FILTER (WHERE d.status <> 'dropped'), 0) AS done_share,
       pg_catalog.max(d.done_at) AS last_done_at
  FROM okr.key_result k
  LEFT JOIN okr.output d ON d.tenant = k.tenant AND d.key_result_id = k.id
 WHERE k.source = 'outputs'
    OR EXISTS (SELECT FROM okr.output x WHERE x.tenant = k.tenant AND x.key_result_id = k.id)
 GROUP BY k.tenant, k.id;

COMMENT ON VIEW okr.output_progress IS
    'Delivery counts: one row per key result that is fed by outputs or has outputs, with the number and amount of outputs in each status.';
COMMENT ON COLUMN okr.output_progress.tenant IS 'Tenant of the key result.';
COMMENT ON COLUMN okr.output_progress.key_result_id IS 'The key result the outputs feed.';
COMMENT ON COLUMN okr.output_progress.objective_id IS 'The objective of that key result.';
COMMENT ON COLUMN okr.output_progress.key_result_title IS 'Title of the key result.';
COMMENT ON COLUMN okr.output_progress.source IS 'What feeds the key result''s value: outputs, or check_ins (its outputs then are tracked but do not move the value).';
COMMENT ON COLUMN okr.output_progress.unit IS 'Unit of the amounts.';
COMMENT ON COLUMN okr.output_progress.planned IS 'Number of outputs planned.';
COMMENT ON COLUMN okr.output_progress.in_progress IS 'Number of outputs in progress.';
COMMENT ON COLUMN okr.output_progress.done IS 'Number of outputs done.';
COMMENT ON COLUMN okr.output_progress.dropped IS 'Number of outputs dropped.';
COMMENT ON COLUMN okr.output_progress.planned_amount IS 'Sum of the amounts of planned outputs (0 if none).';
COMMENT ON COLUMN okr.output_progress.in_progress_amount IS 'Sum of the amounts of outputs in progress (0 if none).';
COMMENT ON COLUMN okr.output_progress.done_amount IS 'Sum of the amounts of done outputs (0 if none); for a key result fed by outputs, value = baseline + done_amount.';
COMMENT ON COLUMN okr.output_progress.dropped_amount IS 'Sum of the amounts of dropped outputs (0 if none).';
COMMENT ON COLUMN okr.output_progress.done_share IS 'done / (planned + in_progress + done): share of the outputs still wanted that are done (dropped ones left out); NULL when there are none.';
COMMENT ON COLUMN okr.output_progress.last_done_at IS 'When the most recently done output was done; NULL if none is done.';
-- History and time travel, series and explanations.
--
-- okr.scores_at(at) is the one place that recomputes the rollup as of a past
-- instant; okr.scorecard_at, okr.score_series and okr.explain(..., at) use it.
-- It follows the rules of okr.key_result_computed and okr.objective_computed
-- (40-store.sql), applied to the data as it stood at "at":
--   * objectives and key results created after "at" do not exist yet, nor do
--     alignments that touch such an objective;
--   * a key result fed by check-ins has the value of its latest check-in with
--     at <= the instant (by at, then id); one fed by outputs has baseline
--     (0 if none) + the amounts of outputs done with done_at <= the instant;
--     no value yet means score 0, as in the live rollup;
--   * an objective closed by then (closed_at <= the instant) keeps the score
--     it was frozen with; any other objective is the weighted mean of its
--     key results' and/or children's scores per its rollup, children without
--     a score left out, NULL when there is nothing to average.
-- Objectives are computed children before parents: each round computes every
-- objective whose inputs are all known, so a DAG of height h takes h + 1
-- rounds.  The state of a round is two arrays indexed by the objective's
-- ordinal: done flags and scores.  A score not known (or NULL) is stored as
-- NaN, which scores never are, so that the arrays have no NULLs and reading
-- an element is O(1).
--
-- These functions SET jit = off: their plans are large (recursive CTEs, many
-- subplans) but fast to run, and JIT-compiling them took a second where
-- running them took milliseconds.

CREATE FUNCTION okr.scores_at(at timestamptz, for_tenant text DEFAULT NULL,
                              root bigint DEFAULT NULL)
    RETURNS TABLE (tenant text, kind text, id bigint,
                   value double precision, score double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    WITH RECURSIVE
    sub (tenant, id) AS (
        SELECT o.tenant, o.id
          FROM okr.objective o
         WHERE o.id = scores_at.root
           AND (scores_at.for_tenant IS NULL OR o.tenant = scores_at.for_tenant)
        UNION
        SELECT a.tenant, a.child_id
          FROM sub JOIN okr.alignment a ON a.tenant = sub.tenant AND a.parent_id = sub.id),
    obj AS MATERIALIZED (
        SELECT o.tenant, o.id, o.rollup,
               (o.state = 'closed' AND o.closed_at <= scores_at.at) AS frozen,
               o.score AS frozen_score,
               pg_catalog.row_number() OVER (ORDER BY o.tenant, o.id)::integer AS ord
          FROM okr.objective o
         WHERE o.created_at <= scores_at.at
           AND (scores_at.for_tenant IS NULL OR o.tenant = scores_at.for_tenant)
           AND (scores_at.root IS NULL
                OR EXISTS (SELECT FROM sub WHERE sub.tenant = o.tenant AND sub.id = o.id))),
    krv AS MATERIALIZED (
        SELECT k.tenant, k.id, b.ord, b.rollup, k.weight, k.target, k.cap,
               CASE k.source
               WHEN 'check_ins' THEN
                   (SELECT c.value FROM okr.check_in c
                     WHERE c.tenant = k.tenant AND c.key_result_id = k.id
                       AND c.at <= scores_at.at
                     ORDER BY c.at DESC, c.id DESC LIMIT 1)
               ELSE
                   COALESCE(okr.baseline(k.target), 0)
                   + (SELECT COALESCE(pg_catalog.sum(d.amount), 0) FROM okr.output d
                       WHERE d.tenant = k.tenant AND d.key_result_id = k.id
                         AND d.status = 'done' AND d.done_at <= scores_at.at)
               END AS value
          FROM okr.key_result k
          JOIN obj b ON b.tenant = k.tenant AND b.id = k.objective_id
         WHERE k.created_at <= scores_at.at),
    kr AS MATERIALIZED (
        SELECT v.tenant, v.id, v.ord, v.rollup, v.weight, v.value,
               CASE WHEN v.value IS NULL THEN 0::double precision
                    ELSE okr.score(v.target, v.value, v.cap) END AS score
          FROM krv v),
    node AS MATERIALIZED (
        SELECT b.ord, b.frozen, b.frozen_score,
               ki.scores AS kr_scores, ki.weights AS kr_weights,
               ci.ords AS child_ords, ci.weights AS child_weights
          FROM obj b
          LEFT JOIN (SELECT kr.ord,
                            pg_catalog.array_agg(kr.score ORDER BY kr.id) AS scores,
                            pg_catalog.array_agg(kr.weight ORDER BY kr.id) AS weights
                       FROM kr
                      WHERE kr.rollup <> 'children'
                      GROUP BY kr.ord) ki ON ki.ord = b.ord
          LEFT JOIN (SELECT p.ord,
                            pg_catalog.array_agg(c.ord ORDER BY c.id) AS ords,
                            pg_catalog.array_agg(a.weight ORDER BY c.id) AS weights
                       FROM okr.alignment a
                       JOIN obj p ON p.tenant = a.tenant AND p.id = a.parent_id
                       JOIN obj c ON c.tenant = a.tenant AND c.id = a.child_id
                      WHERE p.rollup <> 'key_results' AND NOT p.frozen
                      GROUP BY p.ord) ci ON ci.ord = b.ord),
    rounds (n, done, scores) AS (
        SELECT 0,
               pg_catalog.array_fill(false, ARRAY[(SELECT pg_catalog.count(*)::integer FROM obj)]),
               pg_catalog.array_fill('NaN'::double precision, ARRAY[(SELECT pg_catalog.count(*)::integer FROM obj)])
        UNION ALL
        SELECT r.n + 1, nx.done, nx.scores
          FROM rounds r
         CROSS JOIN LATERAL (
               SELECT pg_catalog.array_agg(x.ready ORDER BY x.ord) AS done,
                      pg_catalog.array_agg(
                          CASE WHEN r.done[x.ord] OR NOT x.ready THEN r.scores[x.ord]
                               WHEN x.frozen THEN COALESCE(x.frozen_score, 'NaN')
                               ELSE COALESCE(
                                   (SELECT okr.weighted_score(i.score, i.weight)
                                      FROM (SELECT u.score, u.weight
                                              FROM ROWS FROM (pg_catalog.unnest(x.kr_scores),
                                                              pg_catalog.unnest(x.kr_weights)) AS u (score, weight)
                                            UNION ALL
                                            SELECT NULLIF(r.scores[u.ord], 'NaN'), u.weight
                                              FROM ROWS FROM (pg_catalog.unnest(x.child_ords),
                                                              pg_catalog.unnest(x.child_weights)) AS u (ord, weight)) i),
                                   'NaN')
                          END ORDER BY x.ord) AS scores
                 FROM (SELECT m.*,
                              r.done[m.ord]
                              OR (SELECT pg_catalog.bool_and(r.done[u.ord])
                                    FROM pg_catalog.unnest(m.child_ords) AS u (ord)) IS NOT FALSE AS ready
                         FROM node m) x) nx
         WHERE false = ANY (r.done)
           AND r.n < pg_catalog.cardinality(r.done)),
    final AS (
        SELECT r.scores FROM rounds r ORDER BY r.n DESC LIMIT 1)
    SELECT b.tenant, 'objective', b.id, NULL::double precision,
           NULLIF(f.scores[b.ord], 'NaN')
      FROM obj b, final f
    UNION ALL
    SELECT kr.tenant, 'key_result', kr.id, kr.value, kr.score
      FROM kr;
END;
COMMENT ON FUNCTION okr.scores_at(timestamptz, text, bigint) IS
    'Every objective''s score and every key result''s value and score as they stood at "at", recomputed from check-ins (at) and done outputs (done_at); objects created after "at" are left out, objectives closed by then keep their frozen score. Optional for_tenant restricts to one tenant (NULL = all), root to that objective and the objectives aligned under it. The engine of okr.scorecard_at, okr.score_series and okr.explain(id, at).';

CREATE FUNCTION okr.scorecard_at(at timestamptz)
    RETURNS TABLE (tenant text, objective_id bigint, title text, owner text,
                   commitment text, state text, rollup text, period text,
                   period_start date, period_end date,
                   score double precision, expected double precision,
                   status text, grade text, key_results bigint,
                   parent_ids text, child_ids text, final_grade text,
                   closed_at timestamptz, created_at timestamptz)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    SELECT o.tenant, o.id, o.title, o.owner, o.commitment,
           CASE WHEN o.state = 'closed' AND o.closed_at <= scorecard_at.at THEN 'closed'
                WHEN o.state = 'closed' THEN 'active'
                ELSE o.state END,
           o.rollup,
           o.period::pg_catalog.text,
           okr.period_start(o.period), okr.period_end(o.period),
           s.score,
           okr.elapsed(o.period, scorecard_at.at),
           CASE WHEN s.score IS NULL THEN 'no_data'
                ELSE okr.status(s.score, okr.elapsed(o.period, scorecard_at.at)) END,
           okr.grade(s.score),
           (SELECT pg_catalog.count(*) FROM okr.key_result k
             WHERE k.tenant = o.tenant AND k.objective_id = o.id
               AND k.created_at <= scorecard_at.at),
           (SELECT pg_catalog.string_agg(a.parent_id::pg_catalog.text, ',' ORDER BY a.parent_id)
              FROM okr.alignment a
              JOIN okr.objective p ON p.tenant = a.tenant AND p.id = a.parent_id
             WHERE a.tenant = o.tenant AND a.child_id = o.id
               AND p.created_at <= scorecard_at.at),
           (SELECT pg_catalog.string_agg(a.child_id::pg_catalog.text, ',' ORDER BY a.child_id)
              FROM okr.alignment a
              JOIN okr.objective c ON c.tenant = a.tenant AND c.id = a.child_id
             WHERE a.tenant = o.tenant AND a.parent_id = o.id
               AND c.created_at <= scorecard_at.at),
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.final_grade END,
           CASE WHEN o.closed_at <= scorecard_at.at THEN o.closed_at END,
           o.created_at
      FROM okr.scores_at(scorecard_at.at) s
      JOIN okr.objective o ON o.tenant = s.tenant AND o.id = s.id
     WHERE s.kind = 'objective'
     ORDER BY o.tenant, o.id;
END;
COMMENT ON FUNCTION okr.scorecard_at(timestamptz) IS
    'okr.scorecard as it stood at "at": scores recomputed from the check-in and output history (okr.scores_at), expected = okr.elapsed(period, at), key_results / parent_ids / child_ids counting only what existed then. Objectives created after "at" are left out; one closed after "at" shows state active and no final grade. Titles, owners and other descriptive columns are today''s (their history is not kept). For burn-up charts without snapshots.';

CREATE FUNCTION okr.score_series(objective_id bigint, from_at timestamptz,
                                 to_at timestamptz, step interval,
                                 tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (at timestamptz, kind text, id bigint, title text,
                   value double precision, score double precision,
                   expected double precision, status text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    SELECT g.at, s.kind, s.id, COALESCE(k.title, o.title), s.value, s.score,
           okr.elapsed(o.period, g.at),
           CASE WHEN (s.kind = 'objective' AND s.score IS NULL)
                  OR (s.kind = 'key_result' AND s.value IS NULL) THEN 'no_data'
                ELSE okr.status(s.score, okr.elapsed(o.period, g.at)) END
      FROM pg_catalog.generate_series(score_series.from_at, score_series.to_at,
                                      score_series.step) AS g (at)
     CROSS JOIN LATERAL okr.scores_at(g.at, score_series.tenant, score_series.objective_id) s
      JOIN okr.objective o ON o.tenant = score_series.tenant AND o.id = score_series.objective_id
      LEFT JOIN okr.key_result k ON k.tenant = s.tenant AND k.id = s.id AND s.kind = 'key_result'
     WHERE (s.kind = 'objective' AND s.id = score_series.objective_id)
        OR (s.kind = 'key_result' AND k.objective_id = score_series.objective_id)
     ORDER BY g.at, s.kind DESC, s.id;
END;
COMMENT ON FUNCTION okr.score_series(bigint, timestamptz, timestamptz, interval, text) IS
    'Burn-up data: the objective''s score and its key results'' values and scores at from_at, from_at + step, ... up to to_at (okr.scores_at at each instant), with the expected pace and status. Rows appear from the instant each object exists. Tenant defaults to okr.tenant.';

-- How a score was produced: the tree of inputs below one objective.
CREATE FUNCTION okr.explain(objective_id bigint, at timestamptz DEFAULT NULL,
                            tenant text DEFAULT okr.current_tenant())
    RETURNS TABLE (depth integer, path text, kind text, id bigint, title text,
                   weight double precision, score double precision,
                   share_of_parent double precision, contribution double precision,
                   value double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET jit = off
BEGIN ATOMIC
    WITH RECURSIVE
    sc AS MATERIALIZED (
        SELECT 'objective' AS kind, o.id, NULL::double precision AS value, o.score,
               o.state = 'closed' AS frozen
          FROM okr.objective o
         WHERE explain.at IS NULL AND o.tenant = explain.tenant
        UNION ALL
        SELECT 'key_result', k.id, k.value, k.score, false
          FROM okr.key_result k
         WHERE explain.at IS NULL AND k.tenant = explain.tenant
        UNION ALL
        SELECT s.kind, s.id, s.value, s.score,
               s.kind = 'objective' AND EXISTS (
                   SELECT FROM okr.objective o
                    WHERE o.tenant = s.tenant AND o.id = s.id
                      AND o.state = 'closed' AND o.closed_at <= explain.at)
          FROM okr.scores_at(explain.at, explain.tenant, explain.objective_id) s
         WHERE explain.at IS NOT NULL),
    input AS MATERIALIZED (
        SELECT x.parent_id, x.kind, x.id, x.weight, x.score, x.value, x.frozen,
               CASE WHEN x.score IS NOT NULL
                    THEN x.weight / pg_catalog.sum(x.weight) FILTER (WHERE x.score IS NOT NULL)
                                    OVER (PARTITION BY x.parent_id)
                    ELSE 0 END AS share
          FROM (SELECT k.objective_id AS parent_id, 'key_result' AS kind, k.id, k.weight,
                       s.score, s.value, false AS frozen
                  FROM okr.key_result k
                  JOIN okr.objective p ON p.tenant = k.tenant AND p.id = k.objective_id
                  JOIN sc s ON s.kind = 'key_result' AND s.id = k.id
                 WHERE k.tenant = explain.tenant AND p.rollup <> 'children'
                UNION ALL
                SELECT a.parent_id, 'objective', a.child_id, a.weight, s.score, NULL, s.frozen
                  FROM okr.alignment a
                  JOIN okr.objective p ON p.tenant = a.tenant AND p.id = a.parent_id
                  JOIN sc s ON s.kind = 'objective' AND s.id = a.child_id
                 WHERE a.tenant = explain.tenant AND p.rollup <> 'key_results'
                   AND EXISTS (SELECT FROM sc q WHERE q.kind = 'objective' AND q.id = a.parent_id)) x),
    tree (depth, path, sort, kind, id, weight, score, share, contribution, value,
          descend, ids) AS (
        SELECT 0, 'O' || s.id::pg_catalog.text,
               pg_catalog.lpad(s.id::pg_catalog.text, 19, '0'),
               'objective', s.id, NULL::double precision, s.score,
               1::double precision, s.score, NULL::double precision,
               true, ARRAY[s.id]
          FROM sc s
         WHERE s.kind = 'objective' AND s.id = explain.objective_id
        UNION ALL
        SELECT t.depth + 1,
               t.path || ' > ' || CASE i.kind WHEN 'objective' THEN 'O' ELSE 'KR' END
                      || i.id::pg_catalog.text,
               t.sort || '/' || CASE i.kind WHEN 'objective' THEN '1' ELSE '0' END
                      || pg_catalog.lpad(i.id::pg_catalog.text, 19, '0'),
               i.kind, i.id, i.weight, i.score, i.share,
               CASE WHEN i.score IS NULL THEN 0 ELSE i.share * i.score END,
               i.value,
               i.kind = 'objective' AND NOT i.frozen,
               t.ids || i.id
          FROM tree t
          JOIN input i ON i.parent_id = t.id
         WHERE t.kind = 'objective' AND t.descend
           AND NOT (i.kind = 'objective' AND i.id = ANY (t.ids)))
    SELECT t.depth, t.path, t.kind, t.id, COALESCE(o.title, k.title),
           t.weight, t.score, t.share, t.contribution, t.value
      FROM tree t
      LEFT JOIN okr.objective o ON t.kind = 'objective' AND o.tenant = explain.tenant AND o.id = t.id
      LEFT JOIN okr.key_result k ON t.kind = 'key_result' AND k.tenant = explain.tenant AND k.id = t.id
     ORDER BY t.sort;
END;
COMMENT ON FUNCTION okr.explain(bigint, timestamptz, text) IS
    'How an objective''s score was produced: the objective (depth 0, share 1), then every input down the tree per each objective''s rollup - key results and aligned objectives - with its weight, score, share_of_parent = weight / sum of the weights of the parent''s scored inputs, and contribution = share_of_parent * score, so that the contributions of a node''s inputs add up to its score. path lists ids from the objective, O for objectives and KR for key results (''O1 > O2 > KR5''). Inputs without a score have share 0; objectives closed below the root are leaves (their score is frozen); for a closed root its current inputs are shown, which may no longer add up to its frozen score. at NULL (default) explains the maintained scores, else the scores as of at (okr.scores_at). Tenant defaults to okr.tenant.';
