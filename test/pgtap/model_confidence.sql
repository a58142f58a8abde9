-- Confidence on each tenant's scale: okr.tenant_config.confidence_min ..
-- confidence_max (default 0 .. 1), checked at the statement that writes a
-- check-in, shown on its scale and as a fraction in the views.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(24);

\ir lib/try.psql

-- One key result per tenant: 'plain' (no config: 0 .. 1), 'tens' (0 .. 10),
-- 'koan' (1 .. 10), 'broken' (confidence_min 5 with the default maximum 1).
INSERT INTO okr.tenant_config (tenant, confidence_min, confidence_max) VALUES
    ('tens', 0, 10), ('koan', 1, 10), ('broken', 5, NULL);
INSERT INTO okr.objective (tenant, id, title, period, rollup)
SELECT t, 1, 'O', '2026-Q4', 'key_results' FROM unnest(ARRAY['plain', 'tens', 'koan', 'broken']) t;
INSERT INTO okr.key_result (tenant, id, objective_id, title, target)
SELECT t, 1, 1, 'K', '0 -> 10' FROM unnest(ARRAY['plain', 'tens', 'koan', 'broken']) t;

-- ---------- the default scale, 0 to 1 ----------
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('plain', 1, '2026-10-01', 1, 0.5)$$),
          'accepted', 'a tenant without a scale: 0.5 is accepted');
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('plain', 1, '2026-10-02', 1, 7)$$),
          '23514 | confidence 7 is outside the confidence scale of tenant "plain" | Tenant "plain" rates confidence from 0 to 1 (okr.tenant_config.confidence_min and confidence_max). | Give a confidence from 0 to 1, or none (NULL).',
          '... 7 is refused at the statement: 23514, message, detail, hint');
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('plain', 1, '2026-10-02', 1, NULL)$$),
          'accepted', '... no confidence is fine');
SELECT throws_ok($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('plain', 1, '2026-10-02', 1, 'NaN')$$,
                 '23514', 'confidence NaN is outside the confidence scale of tenant "plain"', 'NaN: refused');

-- ---------- 0 to 10 ----------
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('tens', 1, '2026-10-01', 2, 7)$$),
          'accepted', 'tenant tens (0 .. 10): 7 is accepted');
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('tens', 1, '2026-10-02', 2, 10), ('tens', 1, '2026-10-03', 2, 0)$$),
          'accepted', '... so are both ends, 10 and 0');
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('tens', 1, '2026-10-04', 2, 5), ('tens', 1, '2026-10-05', 2, 10.5)$$),
          '23514 | confidence 10.5 is outside the confidence scale of tenant "tens" | Tenant "tens" rates confidence from 0 to 10 (okr.tenant_config.confidence_min and confidence_max). | Give a confidence from 0 to 10, or none (NULL).',
          '... 10.5 in a statement of two rows refuses the statement');
SELECT is((SELECT count(*) FROM okr.check_in WHERE tenant = 'tens'), 3::bigint, '... which wrote nothing');
SELECT throws_ok($$UPDATE okr.check_in SET confidence = -1 WHERE tenant = 'tens'$$, '23514', NULL, 'an update to -1: refused');
SELECT throws_ok($$COPY okr.check_in (tenant, key_result_id, at, value, confidence) FROM PROGRAM 'printf "tens\t1\t2026-10-06\t3\t11\n"'$$,
                 '23514', NULL, 'COPY of 11: refused');

-- ---------- 1 to 10 ----------
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('koan', 1, '2026-10-01', 3, 0.5)$$),
          '23514 | confidence 0.5 is outside the confidence scale of tenant "koan" | Tenant "koan" rates confidence from 1 to 10 (okr.tenant_config.confidence_min and confidence_max). | Give a confidence from 1 to 10, or none (NULL).',
          'tenant koan (1 .. 10): 0.5 is refused');
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('koan', 1, '2026-10-01', 3, 4)$$),
          'accepted', '... 4 is accepted');

-- ---------- a scale that is empty ----------
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('broken', 1, '2026-10-01', 3, 5)$$),
          '22023 | the confidence scale of tenant "broken" is empty | confidence_min is 5 and confidence_max 1 (a NULL is the default, 0 or 1). | Set both in okr.tenant_config, the lower one first.',
          'confidence_min 5 with the default maximum 1: refused, saying why');

-- ---------- the fraction ----------
SELECT is(okr.confidence_fraction(7, 'tens'), 0.7::float8, 'okr.confidence_fraction(7, tens) = 7 / 10');
SELECT is(round(okr.confidence_fraction(4, 'koan')::numeric, 9), 0.333333333, 'okr.confidence_fraction(4, koan) = (4 - 1) / 9');
SELECT is(okr.confidence_fraction(0.5, 'plain'), 0.5::float8, '... on the default scale, the confidence itself');
SELECT is((SELECT last_confidence || ' ' || last_confidence_fraction FROM okr.key_result_progress WHERE tenant = 'tens'), '0 0',
          'key_result_progress: the latest check-in''s confidence and its fraction (at 2026-10-03: 0)');
SELECT is(ARRAY(SELECT confidence_fraction FROM okr.check_in_history WHERE tenant = 'tens' ORDER BY at), ARRAY[0.7, 1, 0]::float8[],
          'check_in_history: each check-in''s fraction');
SELECT is((SELECT round(confidence_fraction::numeric, 9) FROM okr.check_in_history WHERE tenant = 'koan'), 0.333333333,
          '... on the 1 .. 10 scale');

-- A changed scale checks new check-ins; old ones keep their values.
UPDATE okr.tenant_config SET confidence_max = 5 WHERE tenant = 'tens';
SELECT throws_ok($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('tens', 1, '2026-10-07', 2, 7)$$,
                 '23514', NULL, 'after the scale of tens became 0 .. 5, 7 is refused in the same transaction');
SELECT is(ARRAY(SELECT confidence_fraction FROM okr.check_in_history WHERE tenant = 'tens' ORDER BY at), ARRAY[1.4, 2, 0]::float8[],
          '... and the old check-ins keep their values, their fractions on the new scale');

-- ---------- a restore: okr.maintenance off writes check-ins before tenant_config ----------
DO $$ BEGIN PERFORM okr.flush(); END $$;
SET LOCAL okr.maintenance = off;
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (tenant, key_result_id, at, value, confidence) VALUES ('plain', 1, '2026-10-08', 9, 7)$$),
          'accepted', 'maintenance off: a confidence is written as given');
RESET okr.maintenance;
SELECT is(okr.rebuild(), 2::bigint, 'okr.rebuild() then brings plain''s key result (now 9) and objective up to date');
SELECT is((SELECT count(*) FROM okr.verify()), 0::bigint, 'verify() is empty');

SELECT * FROM finish();
ROLLBACK;
