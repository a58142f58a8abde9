-- pgTAP: okr.target — forms, round trips, errors, equality/hash, accessors,
-- catalog properties.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(77);

-- The type.
SELECT has_type('okr', 'target', 'okr.target exists');
SELECT is(typlen, 24::int2, 'okr.target is 24 bytes') FROM pg_type WHERE oid = 'okr.target'::regtype;
SELECT is(typbyval, false, 'okr.target is passed by reference') FROM pg_type WHERE oid = 'okr.target'::regtype;
SELECT is(typalign, 'd', 'okr.target is double-aligned') FROM pg_type WHERE oid = 'okr.target'::regtype;
SELECT is(typstorage, 'p', 'okr.target has plain storage') FROM pg_type WHERE oid = 'okr.target'::regtype;

-- Canonical output.
SELECT is(input::okr.target::text, output, format('%L prints as %L', input, output))
FROM (VALUES ('0->30', '0 -> 30'), ('  72 ->  2 ', '72 -> 2'), ('>=99.9', '>= 99.9'),
             ('<= 2', '<= 2'), ('10..20', '10 .. 20'), ('1.50 .. 2', '1.5 .. 2'),
             ('MILESTONE', 'milestone'), ('0.1 -> 0.3', '0.1 -> 0.3'), ('-5 -> 5', '-5 -> 5'),
             ('1e3 -> 2e3', '1000 -> 2000'), ('-0 -> 1', '0 -> 1'), ('1e20 .. 1e21', '1e+20 .. 1e+21'),
             ('2.5e-7 -> 1', '2.5e-07 -> 1')) v(input, output);

-- Text -> value -> text -> value is the identity, for 2000 random values of every form.
SELECT is(count(*) FILTER (WHERE t::text::okr.target OPERATOR(okr.<>) t
                              OR t::text::okr.target::text <> t::text), 0::bigint,
          'random targets round-trip through text')
FROM (SELECT CASE i % 4
             WHEN 0 THEN format('%s -> %s', x, x + 1 + abs(y))
             WHEN 1 THEN format('>= %s', x)
             WHEN 2 THEN format('%s .. %s', least(x, y), greatest(x, y))
             ELSE format('%s -> %s', x * 1e-5, -y * 1e12) END::okr.target AS t
      FROM (SELECT i, (random() - 0.5) * 10 ^ (random() * 20 - 5) AS x,
                      (random() - 0.5) * 10 ^ (random() * 20 - 5) AS y
            FROM generate_series(1, 2000) i) r
      WHERE x * 1e-5 <> -y * 1e12) s;

-- Bad inputs and their SQLSTATEs.
SELECT throws_ok(format('SELECT %L::okr.target', input), code, NULL,
                 format('%s is refused with %s', label, code))
FROM (VALUES ('"72 ->"', '72 ->', '22P02'), ('"-> 2"', '-> 2', '22P02'),
             ('"5 -> 5"', '5 -> 5', '22023'), ('"NaN -> 2"', 'NaN -> 2', '22P02'),
             ('"inf -> 2"', 'inf -> 2', '22P02'), ('"1e400 -> 2"', '1e400 -> 2', '22003'),
             ('"1e-400 -> 2"', '1e-400 -> 2', '22003'), ('"20 .. 10"', '20 .. 10', '22023'),
             ('"0 -> 30 junk"', '0 -> 30 junk', '22P02'), ('">="', '>=', '22P02'),
             ('"=> 3"', '=> 3', '22P02'), ('"0x10 -> 2"', '0x10 -> 2', '22P02'),
             ('"milestone 2"', 'milestone 2', '22P02'), ('the empty string', '', '22P02'),
             ('blanks', '   ', '22P02'), ('100000 digits', repeat('1', 100000), '22P02'))
     v(label, input, code);
SELECT throws_ok($$SELECT '72 ->'::okr.target$$, '22P02',
                 'invalid input syntax for type okr.target: "72 ->"',
                 'the syntax error names the type and the input');
SELECT throws_ok(format('SELECT %L::okr.target', repeat('7', 1000)), '22P02',
                 format('invalid input syntax for type okr.target: "%s..."', repeat('7', 40)),
                 'a long input is echoed in part');

-- Equality and hashing.
SELECT ok('0 -> 30'::okr.target OPERATOR(okr.=) '0->30', 'equal texts are equal targets');
SELECT ok('-0 -> 1'::okr.target OPERATOR(okr.=) '0 -> 1', '-0 = 0');
SELECT ok('>= 5'::okr.target OPERATOR(okr.<>) '<= 5', 'direction matters');
SELECT ok('5 .. 5'::okr.target OPERATOR(okr.<>) '>= 5', 'a band is not a threshold');
SELECT is(count(*) FILTER (WHERE a OPERATOR(okr.=) b
                              AND (okr.target_hash(a) <> okr.target_hash(b)
                                   OR okr.target_hash_extended(a, 7) <> okr.target_hash_extended(b, 7))),
          0::bigint, 'equal targets hash equal')
FROM (SELECT a.t AS a, b.t AS b
      FROM unnest('{"0 -> 30", "0->30", "-0 -> 30", "72 -> 2", ">= 0", ">= -0", "<= 0", "0 .. 0", "-0 .. 0", "milestone", "MILESTONE"}'::okr.target[]) a(t),
           unnest('{"0 -> 30", "0->30", "-0 -> 30", "72 -> 2", ">= 0", ">= -0", "<= 0", "0 .. 0", "-0 .. 0", "milestone", "MILESTONE"}'::okr.target[]) b(t)) p;
SELECT is(count(DISTINCT okr.target_hash(t)), 6::bigint, 'distinct targets hash apart here')
FROM unnest('{"0 -> 30", "0 -> 31", "72 -> 2", ">= 0", "<= 0", "0 .. 0"}'::okr.target[]) t;
SELECT is((SELECT count(*) FROM (SELECT DISTINCT t FROM unnest('{"0 -> 30", "0->30", "-0 -> 30", "milestone", "Milestone"}'::okr.target[]) t) d),
          2::bigint, 'DISTINCT uses equality');
SELECT ok(oprcanhash, 'okr.= supports hashing') FROM pg_operator
WHERE oprname = '=' AND oprleft = 'okr.target'::regtype AND oprright = 'okr.target'::regtype;
SELECT ok(amvalidate(oid), 'the hash opclass is valid') FROM pg_opclass
WHERE opcname = 'target_hash_ops' AND opcnamespace = 'okr'::regnamespace;

-- Accessors.
SELECT is(ARRAY[okr.direction(t)::text, okr.baseline(t)::text, okr.goal(t)::text,
                okr.goal_low(t)::text, okr.goal_high(t)::text], expected,
          format('accessors of %s', t))
FROM (VALUES ('0 -> 30'::okr.target, '{increase,0,30,30,NULL}'::text[]),
             ('72 -> 2', '{decrease,72,2,NULL,2}'),
             ('>= 99.9', '{at_least,NULL,99.9,99.9,NULL}'),
             ('<= 2', '{at_most,NULL,2,NULL,2}'),
             ('10 .. 20', '{within,NULL,NULL,10,20}'),
             ('milestone', '{milestone,0,1,1,NULL}')) v(t, expected);
SELECT is(okr.is_met(t, v), met, format('is_met(%s, %s) = %s', t, v, met))
FROM (VALUES ('0 -> 30'::okr.target, 30::float8, true), ('0 -> 30', 29.99, false),
             ('72 -> 2', 2, true), ('72 -> 2', 2.01, false),
             ('10 .. 20', 10, true), ('10 .. 20', 20, true), ('10 .. 20', 20.01, false),
             ('milestone', 1, true), ('milestone', 0.999, false)) v(t, v, met);
SELECT throws_ok($$SELECT okr.is_met('0 -> 30', 'NaN')$$, '22023', NULL, 'is_met refuses NaN');
-- goal_low / goal_high bound exactly the values that meet the goal.
SELECT is(count(*) FILTER (WHERE okr.is_met(t, v)
                               <> (v >= coalesce(okr.goal_low(t), '-infinity')
                                   AND v <= coalesce(okr.goal_high(t), 'infinity'))),
          0::bigint, 'is_met agrees with [goal_low, goal_high]')
FROM unnest('{"0 -> 30", "72 -> 2", ">= 99.9", "<= 2", "10 .. 20", "3 .. 3", "milestone"}'::okr.target[]) t,
     generate_series(-10, 110) i, LATERAL (SELECT i::float8 AS v UNION ALL SELECT i + 0.9) x;

-- Functions: volatility, strictness, parallel safety.
SELECT is(concat_ws(' ', provolatile, proisstrict, proparallel), 'i t s',
          format('%s is IMMUTABLE STRICT PARALLEL SAFE', oid::regprocedure))
FROM pg_proc
WHERE oid IN ('okr.target_in(cstring)'::regprocedure, 'okr.target_out(okr.target)'::regprocedure,
              'okr.target_recv(internal)'::regprocedure, 'okr.target_send(okr.target)'::regprocedure,
              'okr.target_eq(okr.target, okr.target)'::regprocedure,
              'okr.target_ne(okr.target, okr.target)'::regprocedure,
              'okr.target_hash(okr.target)'::regprocedure,
              'okr.target_hash_extended(okr.target, int8)'::regprocedure,
              'okr.direction(okr.target)'::regprocedure, 'okr.baseline(okr.target)'::regprocedure,
              'okr.goal(okr.target)'::regprocedure, 'okr.goal_low(okr.target)'::regprocedure,
              'okr.goal_high(okr.target)'::regprocedure, 'okr.is_met(okr.target, float8)'::regprocedure)
ORDER BY oid::regprocedure::text;

SELECT * FROM finish();
ROLLBACK;
