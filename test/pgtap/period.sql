-- pgTAP: okr.period behaviour, error codes and properties.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(77);
SET LOCAL search_path = public, okr;
SET LOCAL TIME ZONE 'UTC';

-- the catalogue
SELECT has_type('okr', 'period', 'type okr.period exists');
SELECT volatility_is('okr', 'period_in', ARRAY['cstring'], 'stable',
    'period_in is STABLE (FY forms read okr.fiscal_year_start)');
SELECT volatility_is('okr', 'period_out', 'immutable', 'period_out is IMMUTABLE');
SELECT volatility_is('okr', 'period_of', ARRAY['text', 'date'], 'stable', 'period_of is STABLE');
SELECT volatility_is('okr', 'elapsed', 'stable',
    'elapsed is STABLE');
SELECT volatility_is('okr', 'period_start', 'immutable', 'period_start is IMMUTABLE');
SELECT is((SELECT bool_and(amvalidate(oid)) FROM pg_opclass
           WHERE opcintype = 'okr.period'::regtype), true, 'btree and hash operator classes validate');
SELECT is((SELECT count(*) FROM pg_opclass
           WHERE opcintype = 'okr.period'::regtype AND opcdefault), 2::bigint,
    'a default btree and a default hash operator class');
SELECT is((SELECT oprcanhash AND oprcanmerge FROM pg_operator
           WHERE oprname = '=' AND oprleft = 'okr.period'::regtype AND oprright = 'okr.period'::regtype),
    true, '= is HASHES and MERGES');
SELECT is((SELECT count(*) FROM pg_cast
           WHERE castsource IN ('okr.period'::regtype, 'daterange'::regtype)
             AND casttarget IN ('okr.period'::regtype, 'daterange'::regtype) AND castcontext = 'e'),
    2::bigint, 'explicit casts to and from daterange');

-- text forms
SELECT is('2026-Q4'::okr.period::text, '2026-Q4', 'quarter round trip');
SELECT is('  2026-q4 '::okr.period::text, '2026-Q4', 'trimmed, case-insensitive, canonical output');
SELECT is('[ 2026-10-01 , 2026-12-31 ]'::okr.period::text, '[2026-10-01,2026-12-31]', 'span output has no spaces');
SELECT is('2026-W53'::okr.period::text, '2026-W53', 'ISO week 53 of 2026');
SELECT is(okr.period_start('2026-W53'), '2026-12-28'::date, '2026-W53 starts on Monday 2026-12-28');
SELECT is(okr.period_end('2026-W53'), '2027-01-03'::date, '2026-W53 ends on Sunday 2027-01-03');
SELECT is(okr.period_start('2025-W01'), '2024-12-30'::date, '2025-W01 starts in 2024');
SELECT is(okr.period_days('2024-02'), 29, 'February 2024 has 29 days');
SELECT is(okr.period_days('1900-02'), 28, 'February 1900 has 28 days');
SELECT is(okr.period_days('2000-02'), 29, 'February 2000 has 29 days');
SELECT is(okr.period_end('2026-Q2'), '2026-06-30'::date, 'Q2 ends on June 30');
SELECT is(okr.period_kind('FY2027-H1'), 'fiscal_half', 'kind of FY2027-H1');
SELECT is(okr.period_kind('[2026-10-01,2026-12-31]'), 'span', 'kind of a span');

-- fiscal periods keep their start month
SET LOCAL okr.fiscal_year_start = 10;
CREATE TEMP TABLE fy ON COMMIT DROP AS SELECT 'FY2027-Q1'::okr.period AS p;
SELECT is(okr.period_start(p), '2026-10-01'::date, 'FY2027-Q1 with start month 10 begins 2026-10-01') FROM fy;
SELECT is(okr.period_start('FY2027'), '2026-10-01'::date, 'FY2027 begins 2026-10-01');
SELECT is(okr.period_end('FY2027'), '2027-09-30'::date, 'FY2027 ends 2027-09-30');
SET LOCAL okr.fiscal_year_start = 1;
SELECT is(p::text, 'FY2027-Q1', 'output does not depend on the current fiscal setting') FROM fy;
SELECT is(okr.period_end(p), '2026-12-31'::date, 'nor do the days') FROM fy;
SELECT is(okr.period_start('FY2027-Q1'), '2027-01-01'::date, 'new input follows the setting');

-- operators
SELECT ok('2026-Q4'::okr.period = '[2026-10-01,2026-12-31]', 'two spellings of the same days are equal');
SELECT ok(NOT ('2026-Q4'::okr.period <> '[2026-10-01,2026-12-31]'), '... and not unequal');
SELECT ok('2026-10'::okr.period < '2026-Q4', 'same start: the shorter sorts first');
SELECT ok('2026-W53'::okr.period && '2027-01', '2026-W53 overlaps January 2027');
SELECT ok(NOT ('2026-Q3'::okr.period && '2026-Q4'), 'adjacent quarters do not overlap');
SELECT ok('2026'::okr.period @> '2026-Q4'::okr.period, 'the year contains its quarter');
SELECT ok(NOT ('2026'::okr.period @> '2026-W53'::okr.period), 'but not a week spilling into 2027');
SELECT ok(date '2026-12-31' <@ '2026-Q4'::okr.period, 'the last day is inside');
SELECT ok(NOT ('2026-Q4'::okr.period @> date '2027-01-01'), 'the day after is not');
SELECT is('2026-Q4'::okr.period::daterange, daterange '[2026-10-01,2027-01-01)', 'cast to daterange');
SELECT is(daterange '(2026-09-30,2026-12-31]'::okr.period::text, '[2026-10-01,2026-12-31]', 'cast from daterange');

-- elapsed
SELECT is(okr.elapsed('2026-Q1', '2026-01-01 00:00+00'), 0::float8, 'elapsed 0 at the start');
SELECT is(okr.elapsed('2026-Q1', '2026-02-15 00:00+00'), 0.5::float8, 'elapsed 0.5 after 45 of 90 days');
SELECT is(okr.elapsed('2026-Q1', '2026-04-01 00:00+00'), 1::float8, 'elapsed 1 at the day after the end');
SELECT is(okr.elapsed('2026-Q1', '2025-06-01 00:00+00'), 0::float8, 'elapsed 0 before');
SELECT is(okr.elapsed('2026-Q1', '2027-06-01 00:00+00'), 1::float8, 'elapsed 1 after');
SET LOCAL TIME ZONE 'Asia/Tokyo';
SELECT is(okr.elapsed('[2026-01-01,2026-01-01]', '2026-01-01 03:00+00'), 0.5::float8,
    'elapsed uses the session time zone: 03:00 UTC is noon in Tokyo');
SET LOCAL TIME ZONE 'UTC';

-- error codes
SELECT throws_ok($$SELECT '2026-Q5'::okr.period$$, '22023',
    'invalid value for type okr.period: "2026-Q5"', '2026-Q5: 22023');
SELECT throws_ok($$SELECT '2025-W53'::okr.period$$, '22023', NULL, '2025-W53: 22023');
SELECT throws_ok($$SELECT '2026-W00'::okr.period$$, '22023', NULL, '2026-W00: 22023');
SELECT throws_ok($$SELECT '2026-13'::okr.period$$, '22023', NULL, '2026-13: 22023');
SELECT throws_ok($$SELECT '2026-H3'::okr.period$$, '22023', NULL, '2026-H3: 22023');
SELECT throws_ok($$SELECT '[2026-12-31,2026-10-01]'::okr.period$$, '22023', NULL, 'reversed span: 22023');
SELECT throws_ok($$SELECT '[2026-02-30,2026-03-01]'::okr.period$$, '22023', NULL, 'February 30: 22023');
SELECT throws_ok($$SELECT 'FY2027-Q5'::okr.period$$, '22023', NULL, 'FY2027-Q5: 22023');
SELECT throws_ok($$SELECT '10000'::okr.period$$, '22003', 'okr.period out of range: "10000"', '10000: 22003');
SELECT throws_ok($$SELECT '0000'::okr.period$$, '22003', NULL, '0000: 22003');
SELECT throws_ok($$SELECT '2026-Q4 junk'::okr.period$$, '22P02',
    'invalid input syntax for type okr.period: "2026-Q4 junk"', 'trailing junk: 22P02');
SELECT throws_ok($$SELECT ''::okr.period$$, '22P02', NULL, 'empty: 22P02');
SELECT throws_ok($$SELECT '   '::okr.period$$, '22P02', NULL, 'blank: 22P02');
SELECT throws_ok($$SELECT repeat('9', 100000)::okr.period$$, '22P02',
    'invalid input syntax for type okr.period: "' || repeat('9', 40) || '..."',
    '100 kB: 22P02, input cut to 40 characters in the message');
SELECT throws_ok($$SELECT '[2026-10-01,2026-12-31'::okr.period$$, '22P02', NULL, 'unclosed span: 22P02');
SELECT throws_ok($$SELECT 'FY'::okr.period$$, '22P02', NULL, 'FY: 22P02');
SELECT throws_ok($$SELECT okr.period('2026-12-31', '2026-10-01')$$, '22023', NULL,
    'okr.period(first, last) reversed: 22023');
SELECT throws_ok($$SELECT okr.period_of('decade', '2026-01-01')$$, '22023',
    'unknown okr.period kind "decade"', 'unknown kind: 22023');
SELECT throws_ok($$SELECT okr.period_of('span', '2026-01-01')$$, '22023', NULL, 'kind span: 22023');
SELECT throws_ok($$SELECT daterange 'empty'::okr.period$$, '22023', NULL, 'empty daterange: 22023');
SELECT throws_ok($$SELECT daterange '[2026-01-01,)'::okr.period$$, '22023', NULL, 'unbounded daterange: 22023');
SELECT throws_ok($$SET LOCAL okr.fiscal_year_start = 10; SELECT 'FY0001'::okr.period$$, '22003', NULL,
    'FY0001 starting in October of year 0: 22003');
SET LOCAL okr.fiscal_year_start = 1;

-- properties over every day of 2024..2028 and every kind
CREATE TEMP TABLE prop ON COMMIT DROP AS
    SELECT d::date AS d, k, okr.period_of(k, d::date) AS p
    FROM generate_series(date '2024-01-01', date '2028-12-31', interval '1 day') d,
         unnest(ARRAY['year', 'half', 'quarter', 'month', 'week',
                      'fiscal_year', 'fiscal_half', 'fiscal_quarter']) k;
SELECT is((SELECT count(*) FROM prop WHERE NOT p @> d), 0::bigint,
    'period_of(kind, d) @> d for every day of 2024-2028 and every kind');
SELECT is((SELECT count(*) FROM prop
           WHERE p::text::okr.period <> p OR p::text::okr.period::text <> p::text
              OR okr.period_kind(p::text::okr.period) <> k),
    0::bigint, 'period_of results round-trip through text with their kind');
SELECT is((SELECT count(*) FROM prop
           WHERE okr.period_start(okr.period_of(k, okr.period_end(p) + 1)) <> okr.period_end(p) + 1),
    0::bigint, 'the periods of a kind tile the calendar: the next one starts the day after');
SELECT is((SELECT count(*) FROM prop
           WHERE okr.period_days(p) <> okr.period_end(p) - okr.period_start(p) + 1
              OR okr.period_days(p) NOT BETWEEN
                 CASE WHEN k IN ('year', 'fiscal_year') THEN 365 WHEN k IN ('half', 'fiscal_half') THEN 181
                      WHEN k IN ('quarter', 'fiscal_quarter') THEN 90 WHEN k = 'month' THEN 28 ELSE 7 END
                 AND
                 CASE WHEN k IN ('year', 'fiscal_year') THEN 366 WHEN k IN ('half', 'fiscal_half') THEN 184
                      WHEN k IN ('quarter', 'fiscal_quarter') THEN 92 WHEN k = 'month' THEN 31 ELSE 7 END),
    0::bigint, 'period_days is end - start + 1 and fits the kind');
SELECT is((SELECT count(*) FROM prop
           WHERE p::daterange::okr.period <> p
              OR okr.period_hash(p) <> okr.period_hash(okr.period(okr.period_start(p), okr.period_end(p)))),
    0::bigint, 'daterange round trip; a span of the same days hashes alike');
SELECT is((SELECT count(*) FROM prop
           WHERE okr.elapsed(p, (d::timestamp)::timestamptz)
                 <> (d - okr.period_start(p))::float8 / okr.period_days(p)),
    0::bigint, 'elapsed at 00:00 of each day is (days gone) / (days)');
SELECT is((SELECT count(*) FROM (SELECT DISTINCT p FROM prop) s), 
          (SELECT count(*) FROM (SELECT DISTINCT okr.period_start(p), okr.period_end(p) FROM prop) s),
    'DISTINCT on periods counts distinct (start, end) pairs');
SELECT is((SELECT count(*) FROM (SELECT DISTINCT p FROM prop) a, (SELECT DISTINCT p FROM prop) b
           WHERE (a.p < b.p) <> ((okr.period_start(a.p), okr.period_end(a.p)) < (okr.period_start(b.p), okr.period_end(b.p)))
              OR (a.p = b.p) <> (okr.period_start(a.p) = okr.period_start(b.p) AND okr.period_end(a.p) = okr.period_end(b.p))
              OR (a.p && b.p) <> (a.p::daterange && b.p::daterange)
              OR (a.p @> b.p) <> (a.p::daterange @> b.p::daterange)),
    0::bigint, 'ordering, equality, overlap and containment agree with (start, end) and daterange');

SET LOCAL okr.fiscal_year_start = 10;
SELECT is((SELECT count(*)
           FROM generate_series(date '2024-01-01', date '2028-12-31', interval '1 day') d,
                unnest(ARRAY['fiscal_year', 'fiscal_half', 'fiscal_quarter']) k,
                LATERAL (SELECT okr.period_of(k, d::date) AS p) x
           WHERE NOT p @> d::date OR p::text::okr.period <> p
              OR extract(month FROM okr.period_start(p)) NOT IN (1, 4, 7, 10)),
    0::bigint, 'with fiscal start 10: period_of holds the day, round-trips, starts on a fiscal quarter');

SELECT * FROM finish();
ROLLBACK;
