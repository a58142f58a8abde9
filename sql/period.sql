--
-- okr.period: goal-setting periods (src/period.c, src/period_parse.c)
--
-- Self-contained settings (pg_regress itself defaults to PST8PDT, Postgres/MDY).
SET search_path = okr, public;
SET TIME ZONE 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/lib/try.psql

--
-- Every form in and out, with its days.
--
SELECT input, p AS output, period_kind(p) AS kind,
       period_start(p) AS first, period_end(p) AS last, period_days(p) AS days
FROM (VALUES ('2026'), ('2026-H1'), ('2026-H2'),
             ('2026-Q1'), ('2026-Q2'), ('2026-Q3'), ('2026-Q4'),
             ('2026-01'), ('2026-04'), ('2026-11'), ('2026-12'),
             ('2026-W01'), ('2026-W47'), ('2026-W53'), ('2025-W01'), ('2020-W53'),
             ('[2026-10-01,2026-12-31]'), ('[2026-10-01,2026-10-01]'),
             ('FY2027'), ('FY2027-H1'), ('FY2027-Q1'),
             ('0001'), ('0001-W01'), ('9999-12'), ('[0001-01-01,9999-12-31]'))
     v(input),
     LATERAL (SELECT input::okr.period AS p) x;

-- Letters in any case, whitespace around the value and inside a span.
SELECT replace(replace(format('%L', input), E'\t', '\t'), E'\n', '\n') AS input,
       input::okr.period AS output
FROM (VALUES ('2026-q4'), ('2026-h2'), ('2026-w05'), ('fy2027-q1'), ('Fy2027-H2'),
             ('  2026-Q4  '), (E'\t2026-H1\n'), ('[ 2026-10-01 , 2026-12-31 ]'),
             (E'[\t2026-10-01,\n2026-12-31 ]'), ('2026-1'), ('2026-W1'), ('02026'))
     v(input);

-- Quarter ends and leap Februaries.
SELECT input, period_end(input::okr.period) AS last, period_days(input::okr.period) AS days
FROM (VALUES ('2026-Q1'), ('2026-Q2'), ('2026-Q3'), ('2026-Q4'),
             ('2024-Q1'), ('2024-02'), ('2023-02'), ('2000-02'), ('1900-02'),
             ('2024'), ('2023'), ('2024-H1'), ('2023-H1'))
     v(input);

-- ISO weeks: 2026 and 2020 have a week 53, 2025 does not; 2025-W01 starts
-- in 2024 and 2026-W53 ends in 2027.
SELECT y, max(w) AS last_week
FROM (VALUES (2020), (2024), (2025), (2026), (2027)) v(y),
     generate_series(1, 54) w,
     pg_temp.try(format('SELECT %L::okr.period', format('%s-W%s', y, w))) t
WHERE t.sqlstate = 'accepted'
GROUP BY y ORDER BY y;
SELECT period_start('2026-W53') AS first, period_end('2026-W53') AS last,
       to_char(period_start('2026-W53'), 'Dy') AS first_dow,
       to_char(period_end('2026-W53'), 'Dy') AS last_dow,
       period_start('2025-W01') AS w01_2025_first,
       period_start('2020-W53') AS w53_2020_first;

--
-- Fiscal periods: FY2027 is the fiscal year that ends in 2027.
--
SET okr.fiscal_year_start = 10;
SELECT input, p AS output, period_start(p) AS first, period_end(p) AS last, period_days(p) AS days
FROM (VALUES ('FY2027'), ('FY2027-H1'), ('FY2027-H2'),
             ('FY2027-Q1'), ('FY2027-Q2'), ('FY2027-Q3'), ('FY2027-Q4'), ('FY2024-Q2'))
     v(input),
     LATERAL (SELECT input::okr.period AS p) x;
CREATE TEMP TABLE fiscal AS SELECT 'FY2027-Q1'::okr.period AS p;
-- The value keeps its fiscal start month: after RESET it still prints as
-- FY2027-Q1 and still holds October..December 2026 ...
RESET okr.fiscal_year_start;
SHOW okr.fiscal_year_start;
SELECT p, period_start(p) AS first, period_end(p) AS last, period_kind(p) AS kind,
       p = '2026-Q4' AS "= 2026-Q4", p = '[2026-10-01,2026-12-31]' AS "= span"
FROM fiscal;
-- ... while new input follows the setting: FY2027-Q1 is now January..March 2027.
SELECT 'FY2027-Q1'::okr.period AS p, period_start('FY2027-Q1') AS first,
       period_end('FY2027-Q1') AS last, 'FY2027-Q1'::okr.period = (SELECT p FROM fiscal) AS same;
SET okr.fiscal_year_start = 2;
SELECT 'FY2027'::okr.period AS p, period_start('FY2027') AS first, period_end('FY2027') AS last,
       period_start('FY2027-Q4') AS q4_first, period_end('FY2027-Q4') AS q4_last;
RESET okr.fiscal_year_start;

--
-- period_of(kind, day) for every kind.
--
SELECT d, k, period_of(k, d) AS period, period_start(period_of(k, d)) AS first,
       period_end(period_of(k, d)) AS last
FROM (VALUES (date '2026-12-31'), (date '2027-01-01'), (date '2024-02-29')) v(d),
     unnest(ARRAY['year', 'half', 'quarter', 'month', 'week',
                  'fiscal_year', 'fiscal_half', 'fiscal_quarter']) k
ORDER BY d, k;
SET okr.fiscal_year_start = 10;
SELECT d, k, period_of(k, d) AS period, period_start(period_of(k, d)) AS first,
       period_end(period_of(k, d)) AS last
FROM (VALUES (date '2026-09-30'), (date '2026-10-01')) v(d),
     unnest(ARRAY['fiscal_year', 'fiscal_half', 'fiscal_quarter']) k
ORDER BY d, k;
RESET okr.fiscal_year_start;
-- kind names are case-insensitive
SELECT period_of('Quarter', '2026-05-05') AS quarter, period_of('WEEK', '2026-05-05') AS week;
-- the custom span constructor
SELECT okr.period('2026-10-01', '2026-12-31') AS span,
       okr.period('2026-10-01', '2026-10-01') AS one_day,
       period_kind(okr.period('2026-10-01', '2026-12-31')) AS kind;
-- a function-style cast still reads text
SELECT okr.period('2026-Q4') AS function_style_cast;

--
-- Operators.
--
SELECT test, result FROM (VALUES
    ('2026-Q4 = [2026-10-01,2026-12-31]',   '2026-Q4'::okr.period = '[2026-10-01,2026-12-31]'),
    ('2026-Q4 = 2026-Q3',                   '2026-Q4'::okr.period = '2026-Q3'),
    ('2026-Q4 <> 2026-Q3',                  '2026-Q4'::okr.period <> '2026-Q3'),
    ('2026-Q4 <> [2026-10-01,2026-12-31]',  '2026-Q4'::okr.period <> '[2026-10-01,2026-12-31]'),
    ('2026-Q3 < 2026-Q4',                   '2026-Q3'::okr.period < '2026-Q4'),
    ('2026-Q4 < 2026-Q3',                   '2026-Q4'::okr.period < '2026-Q3'),
    ('2026-10 < 2026-Q4 (same start)',      '2026-10'::okr.period < '2026-Q4'),
    ('2026-Q4 < 2026-Q4',                   '2026-Q4'::okr.period < '2026-Q4'),
    ('2026-Q4 <= 2026-Q4',                  '2026-Q4'::okr.period <= '2026-Q4'),
    ('2026-Q4 <= 2026-10',                  '2026-Q4'::okr.period <= '2026-10'),
    ('2026-Q4 > 2026-10',                   '2026-Q4'::okr.period > '2026-10'),
    ('2026-Q4 > 2026-Q4',                   '2026-Q4'::okr.period > '2026-Q4'),
    ('2026-Q4 >= 2026-Q4',                  '2026-Q4'::okr.period >= '2026-Q4'),
    ('2026-Q3 >= 2026-Q4',                  '2026-Q3'::okr.period >= '2026-Q4'),
    ('2026-Q4 @> 2026-11-15',               '2026-Q4'::okr.period @> date '2026-11-15'),
    ('2026-Q4 @> 2026-12-31',               '2026-Q4'::okr.period @> date '2026-12-31'),
    ('2026-Q4 @> 2027-01-01',               '2026-Q4'::okr.period @> date '2027-01-01'),
    ('2026-Q4 @> infinity',                 '2026-Q4'::okr.period @> date 'infinity'),
    ('2026-10-01 <@ 2026-Q4',               date '2026-10-01' <@ '2026-Q4'::okr.period),
    ('2026-09-30 <@ 2026-Q4',               date '2026-09-30' <@ '2026-Q4'::okr.period),
    ('2026 @> 2026-Q4',                     '2026'::okr.period @> '2026-Q4'::okr.period),
    ('2026 @> 2026-W53',                    '2026'::okr.period @> '2026-W53'::okr.period),
    ('2026-Q4 @> 2026-Q4',                  '2026-Q4'::okr.period @> '2026-Q4'::okr.period),
    ('2026-W47 <@ 2026-11',                 '2026-W47'::okr.period <@ '2026-11'::okr.period),
    ('2026-W53 <@ 2026-12',                 '2026-W53'::okr.period <@ '2026-12'::okr.period),
    ('2026-W53 && 2027-01',                 '2026-W53'::okr.period && '2027-01'::okr.period),
    ('2026-W53 && 2026-H2',                 '2026-W53'::okr.period && '2026-H2'::okr.period),
    ('2026-Q3 && 2026-Q4 (adjacent)',       '2026-Q3'::okr.period && '2026-Q4'::okr.period),
    ('[..09-30,..10-01] && 2026-Q3',        '[2026-09-30,2026-10-01]'::okr.period && '2026-Q3'::okr.period),
    ('[..09-30,..10-01] && 2026-Q4',        '[2026-09-30,2026-10-01]'::okr.period && '2026-Q4'::okr.period)
) t(test, result);

-- Ordering: by first day, then last day (shorter first).
SELECT p, period_start(p) AS first, period_end(p) AS last
FROM (VALUES ('2026'), ('2026-H1'), ('2026-Q1'), ('2026-01'), ('2026-W01'),
             ('2026-Q4'), ('FY2027-Q2'), ('[2026-01-01,2026-01-01]'), ('2025-12'),
             ('[2025-12-29,2026-01-04]'), ('2026-W53'), ('2027'))
     v(input),
     LATERAL (SELECT input::okr.period AS p) x
ORDER BY p, p::text COLLATE "C";

--
-- Equal periods group together whatever their form; hashing agrees.
--
CREATE TEMP TABLE spellings (p okr.period);
INSERT INTO spellings VALUES ('2026-Q4'), ('[2026-10-01,2026-12-31]'), ('2026-q4'),
    ('2026-W01'), ('[2025-12-29,2026-01-04]'), ('2026-11');
SET okr.fiscal_year_start = 10;
INSERT INTO spellings VALUES ('FY2027-Q1');
RESET okr.fiscal_year_start;
SET enable_hashagg = on;
EXPLAIN (COSTS OFF)
SELECT period_start(p), count(*) FROM spellings GROUP BY p;
SELECT period_start(p) AS first, period_end(p) AS last, count(*),
       string_agg(p::text, ' ' ORDER BY p::text COLLATE "C") AS spellings
FROM spellings GROUP BY p ORDER BY 1;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT period_start(p), count(*) FROM spellings GROUP BY p;
SELECT period_start(p) AS first, period_end(p) AS last, count(*),
       string_agg(p::text, ' ' ORDER BY p::text COLLATE "C") AS spellings
FROM spellings GROUP BY p ORDER BY 1;
RESET enable_hashagg;
SELECT count(DISTINCT p) AS distinct_periods, count(*) AS rows FROM spellings;
SELECT p::text, period_hash(p), period_hash_extended(p, 0) & 4294967295 = period_hash(p)::bigint & 4294967295 AS low_bits_agree,
       period_hash_extended(p, 1) <> period_hash_extended(p, 0) AS seed_matters
FROM spellings ORDER BY p, p::text COLLATE "C";

-- a hash join and a merge join on =
CREATE TEMP TABLE goals (name text, p okr.period);
INSERT INTO goals VALUES ('ship v2', '[2026-10-01,2026-12-31]'), ('hire', '2026-W01'),
                         ('audit', '2026-Q3');
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT g.name, s.p FROM goals g JOIN spellings s ON g.p = s.p;
SELECT g.name, g.p AS goal_period, s.p AS spelling
FROM goals g JOIN spellings s ON g.p = s.p ORDER BY g.name COLLATE "C", s.p::text COLLATE "C";
SET enable_mergejoin = on;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF)
SELECT g.name, s.p FROM goals g JOIN spellings s ON g.p = s.p;
SELECT g.name, g.p AS goal_period, s.p AS spelling
FROM goals g JOIN spellings s ON g.p = s.p ORDER BY g.name COLLATE "C", s.p::text COLLATE "C";
RESET enable_mergejoin;
RESET enable_nestloop;
RESET enable_hashjoin;

-- a btree index answers a range query; a hash index answers =
CREATE TEMP TABLE weeks AS
    SELECT i, period_of('week', date '2000-01-03' + 7 * i) AS p
    FROM generate_series(0, 2000) i;
CREATE INDEX weeks_p ON weeks (p);
CREATE INDEX weeks_p_hash ON weeks USING hash (p);
ANALYZE weeks;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT i, p FROM weeks WHERE p >= '2026-11' AND p < '2026-12' ORDER BY p;
SELECT i, p, period_start(p) AS first FROM weeks WHERE p >= '2026-11' AND p < '2026-12' ORDER BY p;
DROP INDEX weeks_p;
EXPLAIN (COSTS OFF)
SELECT i, p FROM weeks WHERE p = '[2026-11-16,2026-11-22]';
SELECT i, p FROM weeks WHERE p = '[2026-11-16,2026-11-22]';
RESET enable_seqscan;
RESET enable_bitmapscan;

--
-- okr.elapsed: the fraction of the period gone, on the session's local clock.
--
SELECT at, elapsed('2026-Q1', at)
FROM (VALUES (timestamptz '2025-12-31 23:59:59+00'), ('2026-01-01 00:00+00'),
             ('2026-01-01 12:00+00'), ('2026-02-15 00:00+00'), ('2026-03-31 12:00+00'),
             ('2026-04-01 00:00+00'), ('2027-06-01 00:00+00'),
             ('-infinity'), ('infinity')) v(at);
-- 2026-01 in New York: the month starts at 05:00 UTC
SET TIME ZONE 'America/New_York';
SELECT at, at AT TIME ZONE 'UTC' AS utc, elapsed('2026-01', at)
FROM (VALUES (timestamptz '2026-01-01 00:00+00'), ('2026-01-01 05:00+00'),
             ('2026-01-16 17:00+00'), ('2026-02-01 04:00+00'), ('2026-02-01 05:00+00')) v(at);
-- the wall clock counts: at local noon on the DST change day (23 hours long),
-- a one-day span is half gone
SELECT elapsed('[2026-03-08,2026-03-08]', '2026-03-08 12:00') AS dst_day_noon;
SET TIME ZONE 'UTC';
SELECT elapsed('[0001-01-01,9999-12-31]') BETWEEN 0 AND 1 AS default_now_in_range,
       elapsed('1999') AS past, elapsed('9999') AS future;

--
-- Casts to and from daterange (explicit only).
--
SELECT p, p::daterange AS range, p::daterange::okr.period AS back
FROM (VALUES ('2026-Q4'::okr.period), ('2026-W53'), ('[2026-10-01,2026-10-01]'),
             ('[0001-01-01,9999-12-31]')) v(p);
SELECT r, r::okr.period AS period
FROM (VALUES (daterange '[2026-10-01,2027-01-01)'), ('(2026-09-30,2026-12-31]'),
             ('[2026-02-28,2026-03-01)')) v(r);
\x on
SELECT input, t.*
FROM (VALUES ('SELECT daterange ''empty''::okr.period'),
             ('SELECT daterange ''[2026-01-01,)''::okr.period'),
             ('SELECT daterange ''(,2026-01-01)''::okr.period'),
             ('SELECT daterange ''[2026-01-01,infinity)''::okr.period'),
             ('SELECT daterange ''[0001-12-31 BC,2026-01-01)''::okr.period'),
             ('SELECT ''2026-Q4''::okr.period::daterange @> date ''2026-12-31'''),
             ('CREATE TEMP TABLE r AS SELECT daterange ''[2026-01-01,2026-02-01)'' AS r; INSERT INTO r VALUES (''2026-Q1''::okr.period)'))
     v(input),
     pg_temp.try(input) t;
\x off

--
-- Bad input: one row per value.
--
\x on
SELECT label, t.*
FROM (VALUES ('2026-Q5', '2026-Q5'), ('2025-W53', '2025-W53'), ('2026-W00', '2026-W00'),
             ('2026-13', '2026-13'), ('2026-H3', '2026-H3'),
             ('[2026-12-31,2026-10-01]', '[2026-12-31,2026-10-01]'),
             ('[2026-02-30,2026-03-01]', '[2026-02-30,2026-03-01]'),
             ('10000', '10000'), ('0000', '0000'), ('FY0001 (start month 1)', 'FY0001'),
             ('2026-Q4 junk', '2026-Q4 junk'), ('empty string', ''), ('three spaces', '   '),
             ('repeat(''9'', 100000)', repeat('9', 100000)),
             ('repeat(''x'', 100000)', repeat('x', 100000)),
             ('2026-Q1 + 100 kB of x', '2026-Q1' || repeat('x', 100000)),
             ('[2026-10-01,2026-12-31', '[2026-10-01,2026-12-31'),
             ('FY', 'FY'), ('FY2027-Q5', 'FY2027-Q5'), ('FY2027-W01', 'FY2027-W01'),
             ('2026-10-01', '2026-10-01'), ('Q4 2026', 'Q4 2026'), ('26', '26'),
             ('101 bytes', '[2026-10-01,' || repeat(' ', 78) || '2026-12-31]'),
             ('100 bytes (valid)', '[2026-10-01,' || repeat(' ', 77) || '2026-12-31]'),
             ('2026-q4 (valid)', '2026-q4'))
     v(label, input),
     pg_temp.try(format('SELECT %L::okr.period', input)) t;
SET okr.fiscal_year_start = 10;
SELECT label, t.*
FROM (VALUES ('FY0001 (start month 10)', 'SELECT ''FY0001''::okr.period'),
             ('fiscal year of 9999-10-01', 'SELECT okr.period_of(''fiscal_year'', ''9999-10-01'')'))
     v(label, input),
     pg_temp.try(input) t;
RESET okr.fiscal_year_start;
SELECT label, t.*
FROM (VALUES ('reversed span', 'SELECT okr.period(''2026-12-31'', ''2026-10-01'')'),
             ('span to infinity', 'SELECT okr.period(''2026-12-31'', ''infinity'')'),
             ('span before year 1', 'SELECT okr.period(''0001-12-31 BC'', ''2026-01-01'')'),
             ('unknown kind', 'SELECT okr.period_of(''decade'', ''2026-01-01'')'),
             ('kind span', 'SELECT okr.period_of(''span'', ''2026-01-01'')'),
             ('week of 9999-12-31', 'SELECT okr.period_of(''week'', ''9999-12-31'')'),
             ('month of infinity', 'SELECT okr.period_of(''month'', ''infinity'')'))
     v(label, input),
     pg_temp.try(input) t;
\x off

-- NULLs
SELECT NULL::okr.period AS p, period_start(NULL) AS first, period_days(NULL) AS days,
       period_of(NULL, '2026-01-01') AS of_null_kind, period_of('year', NULL) AS of_null_day,
       okr.period(NULL, '2026-01-01') AS span, elapsed(NULL) AS elapsed,
       elapsed('2026', NULL) AS elapsed_null_at,
       '2026'::okr.period = NULL AS eq, NULL::daterange::okr.period AS from_range;

--
-- Binary I/O: a round trip through COPY ... (FORMAT binary).
--
CREATE TEMP TABLE bin (id serial, p okr.period);
INSERT INTO bin (p) VALUES ('2026'), ('2026-H2'), ('2026-Q4'), ('2026-11'), ('2026-W47'),
    ('2026-W53'), ('[2026-10-01,2026-12-31]'), ('0001-W01'), ('[0001-01-01,9999-12-31]'), ('FY2027');
SET okr.fiscal_year_start = 10;
INSERT INTO bin (p) VALUES ('FY2027'), ('FY2027-H1'), ('FY2027-Q1');
RESET okr.fiscal_year_start;
-- The files go in the data directory: private to this cluster, and COPY TO
-- takes absolute paths only.
SELECT current_setting('data_directory') || '/okr_period.bin' AS bin_file \gset
COPY bin TO :'bin_file' (FORMAT binary);
CREATE TEMP TABLE bin2 (LIKE bin);
COPY bin2 FROM :'bin_file' (FORMAT binary);
SELECT a.id, a.p, b.p AS copied, a.p = b.p AS equal, a.p::text = b.p::text AS same_text,
       period_kind(b.p) AS kind, period_start(b.p) AS first
FROM bin a JOIN bin2 b USING (id) ORDER BY a.id;
SELECT period_send('FY2027-Q1') AS fy2027_q1_start_month_1, period_send('2026-Q4') AS q4;

-- Bad binary values, written as bytea fields of the same length.
-- Bytes: start and end (int4, days since 2000-01-01), kind, fiscal start.
-- 2026-10-01 is day 9770 (0x262A), 2026-12-31 day 9861 (0x2685).
CREATE TEMP TABLE bad_bin (p okr.period);
CREATE FUNCTION pg_temp.copy_bytes(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    file text := current_setting('data_directory') || '/okr_period_bad.bin';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', bytes, file);
    TRUNCATE bad_bin;
    EXECUTE format('COPY bad_bin FROM %L (FORMAT binary)', file);
    RETURN (SELECT p::text FROM bad_bin);
END
$$;
\x on
SELECT label, t.*
FROM (VALUES ('good span', '\x0000262a000026850601'),
             ('good quarter 2026-Q4', '\x0000262a000026850301'),
             ('good fiscal quarter, start 10', '\x0000262a00002685090a'),
             ('reversed', '\x000026850000262a0601'),
             ('kind 0', '\x0000262a000026850001'),
             ('kind 10', '\x0000262a000026850a01'),
             ('calendar quarter with fiscal start 2', '\x0000262a000026850302'),
             ('fiscal quarter with fiscal start 13', '\x0000262a00002685090d'),
             ('fiscal quarter misaligned (start 11)', '\x0000262a00002685090b'),
             ('month holding a quarter''s days', '\x0000262a000026850401'),
             ('start at int4 minimum', '\x80000000000026850601'),
             ('9 bytes', '\x0000262a0000268506'),
             ('11 bytes', '\x0000262a00002685060100'))
     v(label, bytes),
     pg_temp.try(format('SELECT pg_temp.copy_bytes(%L)', bytes)) t;
\x off
SELECT pg_temp.copy_bytes('\x0000262a000026850601') AS good_span,
       pg_temp.copy_bytes('\x0000262a000026850301') AS good_quarter,
       pg_temp.copy_bytes('\x0000262a00002685090a') AS good_fiscal_quarter;

-- The operator classes are valid.
SELECT opcname, amname, amvalidate(c.oid)
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE opcnamespace = 'okr'::regnamespace AND opcintype = 'okr.period'::regtype
ORDER BY 1;
