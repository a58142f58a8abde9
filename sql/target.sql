-- okr.target: text forms, canonical output, accessors, equality and
-- hashing, binary I/O and every kind of bad input.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/lib/try.psql

-- Every form, with and without whitespace, printed canonically.
SELECT replace(replace(input, E'\t', '\t'), E'\n', '\n') AS input, input::okr.target AS target
FROM (VALUES ('0 -> 30'), ('0->30'), ('  72  ->  2  '), (E'\t100->60\n'),
             ('>= 99.9'), ('>=99.9'), ('<= 2'), ('<=-2'),
             ('10 .. 20'), ('10..20'), ('1.50 .. 2'), ('3 .. 3'),
             ('milestone'), ('  MileStone  '), ('MILESTONE'),
             ('>= 99.9 from 95'), ('<=3 FROM 10'), ('  >=1from0  ')) v(input);

-- Numbers print as the shortest decimal that reads back to the same double.
SELECT input, input::okr.target AS target,
       (input::okr.target)::text::okr.target OPERATOR(okr.=) input::okr.target AS round_trip
FROM (VALUES ('0.1 -> 0.3'), ('-5 -> 5'), ('1e3 -> 2e3'), ('1E-3 -> 2.5e+2'),
             ('+5 -> -5'), ('-0 -> 1'), ('1. -> .5'), ('1.e2 -> 0'),
             ('-2.5 .. -1'), ('.5..1.5'), ('>= -0.000001'), ('<= 1e-5'),
             ('0 -> 123456789012345.6'), ('1e15 -> 1e20'), ('5e-324 -> 1'),
             ('1.7976931348623157e308 -> 0'), ('0.30000000000000004 -> 1'),
             ('1.0000000000000002 .. 2')) v(input);

-- Text -> value -> text is stable.
SELECT t, t::text::okr.target::text = t::text AS stable
FROM (VALUES ('0 -> 30'::okr.target), ('72 -> 2'), ('>= 99.9'), ('<= 2'),
             ('10 .. 20'), ('milestone'), ('0.1 -> 0.3')) v(t);

-- Accessors, for every direction.
SELECT t, okr.direction(t), okr.baseline(t), okr.goal(t),
       okr.goal_low(t), okr.goal_high(t)
FROM (VALUES ('0 -> 30'::okr.target), ('72 -> 2'), ('-5 -> 5'), ('>= 99.9'),
             ('<= 2'), ('10 .. 20'), ('3 .. 3'), ('milestone'),
             ('>= 99.9 from 95'), ('<= 3 from 10')) v(t);

-- okr.is_met: every bound is inclusive.
SELECT t, v, okr.is_met(t, v)
FROM (VALUES ('0 -> 30'::okr.target, 29.999), ('0 -> 30', 30), ('0 -> 30', 31),
             ('72 -> 2', 2.001), ('72 -> 2', 2), ('72 -> 2', 1),
             ('>= 99.9', 99.89), ('>= 99.9', 99.9), ('>= 99.9', 100),
             ('<= 2', 2.01), ('<= 2', 2), ('<= 2', -5),
             ('10 .. 20', 9.99), ('10 .. 20', 10), ('10 .. 20', 20), ('10 .. 20', 20.01),
             ('milestone', 0), ('milestone', 0.99), ('milestone', 1), ('milestone', 2),
             ('0 -> 30', 'infinity'), ('<= 2', '-infinity')) v(t, v);
SELECT * FROM pg_temp.try($$SELECT okr.is_met('0 -> 30', 'NaN')$$);
SELECT okr.is_met(NULL, 1) IS NULL AS strict_target, okr.is_met('milestone', NULL) IS NULL AS strict_value;

-- Equality: same direction and same numbers.
SELECT a, b, a OPERATOR(okr.=) b AS eq, a OPERATOR(okr.<>) b AS ne
FROM (VALUES ('0 -> 30'::okr.target, '0->30'::okr.target),
             ('0 -> 30', '0 -> 30.000000000000004'),
             ('-0 -> 1', '0 -> 1'),
             ('1e3 -> 2e3', '1000 -> 2000'),
             ('>= 5', '<= 5'),
             ('>= 5', '5 .. 5'),
             ('0 -> 1', 'milestone'),
             ('milestone', 'MILESTONE'),
             ('10 .. 20', '10 .. 20.5')) v(a, b);

-- With okr on the search path the operators need no qualification.
SET search_path = okr, public;
SELECT '0 -> 30'::target = '0->30'::target AS eq, '0 -> 30'::target <> '0 -> 31'::target AS ne;
RESET search_path;

-- Hashing agrees with equality (including -0 = 0), with and without a seed.
SELECT okr.target_hash('-0 -> 1') = okr.target_hash('0 -> 1') AS hash_eq,
       okr.target_hash_extended('-0 -> 1', 42) = okr.target_hash_extended('0 -> 1', 42) AS ext_eq,
       (okr.target_hash_extended('0 -> 1', 0) & 4294967295)
         = (okr.target_hash('0 -> 1')::int8 & 4294967295) AS seed0_low_bits_match,
       okr.target_hash_extended('0 -> 1', 1) <> okr.target_hash_extended('0 -> 1', 2) AS seed_matters,
       okr.target_hash('0 -> 1') <> okr.target_hash('1 -> 0') AS differs;

-- The hash opclass is valid, and the only opclass (no ordering).
SELECT opc.opcname, am.amname, opc.opcdefault, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'okr.target'::regtype;

-- GROUP BY and DISTINCT hash (there is no sort order).
CREATE TEMP TABLE kr (id int, target okr.target);
INSERT INTO kr VALUES (1, '0 -> 30'), (2, '0->30'), (3, '72 -> 2'), (4, '>= 99.9'),
    (5, '>=99.9'), (6, 'milestone'), (7, 'Milestone'), (8, '10 .. 20'), (9, '-0 -> 30'),
    (10, NULL);
ANALYZE kr;
EXPLAIN (COSTS OFF) SELECT target, count(*) FROM kr GROUP BY target;
SELECT target::text, count(*), min(id), max(id) FROM kr GROUP BY target ORDER BY 1;
SELECT count(*) AS distinct_targets FROM (SELECT DISTINCT target FROM kr) d;
-- What needs an ordering is refused: sort the text form instead.
SELECT call, t.*
FROM (VALUES ('SELECT * FROM kr ORDER BY target'),
             ('SELECT count(DISTINCT target) FROM kr')) v(call),
     pg_temp.try(call) t;

-- A forced hash join on okr.target.
CREATE TEMP TABLE kr2 (name text, target okr.target);
INSERT INTO kr2 VALUES ('vms', '0 -> 30'), ('recovery', '72 -> 2'), ('uptime', '>= 99.9'),
    ('audit', 'milestone'), ('none', '1 -> 2');
ANALYZE kr2;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT kr.id, kr2.name FROM kr JOIN kr2 ON kr.target OPERATOR(okr.=) kr2.target;
SELECT kr.id, kr2.name FROM kr JOIN kr2 ON kr.target OPERATOR(okr.=) kr2.target ORDER BY kr.id;
RESET enable_mergejoin;
RESET enable_nestloop;

-- A hash index.
CREATE INDEX kr_target_hash ON kr USING hash (target);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM kr WHERE target OPERATOR(okr.=) '0 -> 30';
SELECT id FROM kr WHERE target OPERATOR(okr.=) '0 -> 30' ORDER BY id;
RESET enable_seqscan;

-- Bad inputs: syntax (22P02), out of range (22003), meaningless (22023).
SELECT input, t.*
FROM (VALUES ('72 ->'), ('-> 2'), ('.. 2'), ('5 -> 5'), ('0 -> -0'), ('NaN -> 2'),
             ('inf -> 2'), ('1 -> Infinity'), ('1e400 -> 2'), ('1e-400 -> 2'),
             ('-1e308 -> 1e308'), ('20 .. 10'), ('0 -> 30 junk'), ('>='), ('<= x'),
             ('=> 3'), ('> 3'), ('0x10 -> 2'), ('milestone 2'), ('milestones'), (''),
             ('   '), ('30'), ('1 -> 2 -> 3'), ('1.2.3 -> 4'), ('1e -> 2'), ('1,5 -> 2'),
             ('1 → 2'), ('>= 5 from 7'), ('<= 5 from 5'), ('>= 5 from'), ('>= 5 fromage'),
             ('10 .. 20 from 15'), ('0 -> 10 from 5'), ('>= 1e308 from -1e308')) v(input),
     pg_temp.try(format('SELECT %L::okr.target', input)) t;
SELECT 'repeat(''1'', 100000)' AS input, t.*
FROM pg_temp.try(format('SELECT %L::okr.target', repeat('1', 100000))) t;
SELECT 'a 500-digit goal' AS input, t.*
FROM pg_temp.try(format('SELECT %L::okr.target', '0 -> ' || repeat('1', 500))) t;

-- Binary send/recv: a round trip through COPY (FORMAT binary).
CREATE TEMP TABLE bin_out (id int, target okr.target);
INSERT INTO bin_out SELECT id, target FROM kr;
INSERT INTO bin_out VALUES (11, '0.1 -> 0.3'), (12, '<= -2'), (13, '1.50 .. 2'), (14, '5e-324 -> 1'),
    (15, '<= 3 from 10'), (16, '>= 99.9 from 95');
-- The files go in the data directory: private to this cluster, and COPY TO
-- takes absolute paths only.
SELECT current_setting('data_directory') || '/okr_target.bin' AS bin_file \gset
COPY bin_out TO :'bin_file' (FORMAT binary);
CREATE TEMP TABLE bin_in (LIKE bin_out);
COPY bin_in FROM :'bin_file' (FORMAT binary);
SELECT count(*) AS rows_back,
       count(*) FILTER (WHERE o.target OPERATOR(okr.=) i.target
                           AND o.target::text = i.target::text) AS identical,
       count(*) FILTER (WHERE o.target IS NULL AND i.target IS NULL) AS nulls
FROM bin_out o JOIN bin_in i USING (id);
SELECT okr.target_send('72 -> 2') AS send_72_to_2, okr.target_send('milestone') AS send_milestone;

-- Malformed binary values are refused (22P03): the field bytes are written
-- as bytea, then read back as okr.target.
CREATE TEMP TABLE raw (b bytea);
CREATE FUNCTION pg_temp.recv(hex text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    file text := current_setting('data_directory') || '/okr_target_raw.bin';
BEGIN
    TRUNCATE raw;
    INSERT INTO raw VALUES (decode(hex, 'hex'));
    EXECUTE format('COPY raw TO %L (FORMAT binary)', file);
    RETURN format('COPY bin_in (target) FROM %L (FORMAT binary)', file);
END $$;
SELECT what, t.*
FROM (VALUES ('0 -> 30, well formed', '00000000' || '0000000000000000' || '403e000000000000'),
             ('direction 8', '00000008' || '0000000000000000' || '403e000000000000'),
             ('direction -1', 'ffffffff' || '0000000000000000' || '403e000000000000'),
             ('at most 30 from 0', '00000007' || '0000000000000000' || '403e000000000000'),
             ('at most 30 from 40', '00000007' || '4044000000000000' || '403e000000000000'),
             ('increase going down 30 -> 0', '00000000' || '403e000000000000' || '0000000000000000'),
             ('decrease 1 -> 1', '00000001' || '3ff0000000000000' || '3ff0000000000000'),
             ('NaN goal', '00000002' || '0000000000000000' || '7ff8000000000000'),
             ('infinite goal', '00000000' || '0000000000000000' || '7ff0000000000000'),
             ('>= 30 with a baseline of 1', '00000002' || '3ff0000000000000' || '403e000000000000'),
             ('band 30 .. 1', '00000004' || '403e000000000000' || '3ff0000000000000'),
             ('milestone 0 .. 30', '00000005' || '0000000000000000' || '403e000000000000'),
             ('19 bytes', '00000000' || '0000000000000000' || '403e0000000000'),
             ('21 bytes', '00000000' || '0000000000000000' || '403e00000000000000')) v(what, hex),
     pg_temp.try(pg_temp.recv(hex)) t;
SELECT target FROM bin_in WHERE id IS NULL;
