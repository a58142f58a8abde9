
-- okr.target: what a key result must reach (src/target.c, src/target_parse.c).
-- Text forms: 'a -> b' (increase or decrease from a to b), '>= x', '<= x',
-- 'lo .. hi' (within the inclusive band) and 'milestone' (done or not);
-- '>= x from w', '<= x from w' and 'lo .. hi from w' give partial credit
-- down to the worst value w (a band: the same distance on both sides).
CREATE TYPE okr.target;

CREATE FUNCTION okr.target_in(pg_catalog.cstring) RETURNS okr.target
    AS 'MODULE_PATHNAME', 'okr_target_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_in(pg_catalog.cstring) IS
    'Text input of okr.target: ''a -> b'', ''>= x [from w]'', ''<= x [from w]'', ''lo .. hi [from w]'' or ''milestone''.';

CREATE FUNCTION okr.target_out(okr.target) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'okr_target_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_out(okr.target) IS
    'Text output of okr.target: the canonical form, numbers as the shortest decimal that reads back exactly.';

CREATE FUNCTION okr.target_recv(pg_catalog.internal) RETURNS okr.target
    AS 'MODULE_PATHNAME', 'okr_target_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_recv(pg_catalog.internal) IS
    'Binary input of okr.target: direction (int4: 0 increase, 1 decrease, 2 at_least, 3 at_most, 4 within, 5 milestone, 6 at_least from, 7 at_most from, 8 within from), then from and to (float8), and for 8 the worst value (float8); checked like text input.';

CREATE FUNCTION okr.target_send(okr.target) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'okr_target_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.target_send(okr.target) IS
    'Binary output of okr.target: direction (int4), then from and to (float8), and for a band with partial credit (8) its worst value (float8).';

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
    'What a key result must reach: ''a -> b'' (from baseline a to goal b, up or down), ''>= x'', ''<= x'', ''lo .. hi'' (inclusive band) or ''milestone'' (done at 1); thresholds and bands take partial credit down to a worst value: ''<= 3 from 10'', ''10 .. 20 from 5''.';

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
    'Where progress starts: a for ''a -> b'', the worst value w of ''... from w'', 0 for milestone, NULL for other thresholds and bands.';

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
