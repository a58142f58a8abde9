-- Policy per tenant (okr.tenant_config), owner-controlled; the okr.* policy
-- settings are superuser-only defaults (issue 7, finding 11).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(35);
SET LOCAL okr.tenant = 'policy_a';

\ir lib/try.psql
SELECT r.rolname AS owner FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_roles r ON r.oid = e.extowner
 WHERE e.extname = 'okr' \gset

-- ---------- the table, as contract 3 says ----------
SELECT columns_are('okr', 'tenant_config',
    ARRAY['tenant', 'grade_yellow', 'grade_green', 'at_risk_gap', 'off_track_gap', 'max_key_results',
          'stale_after', 'max_objectives_per_owner', 'check_in_max_future', 'confidence_min',
          'confidence_max', 'notify'],
    'okr.tenant_config has the contract''s columns');
SELECT col_is_pk('okr', 'tenant_config', 'tenant', '... keyed by tenant');
SELECT is((SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = 'okr.tenant_config'::regclass AND attnum > 0 AND NOT attisdropped),
          'text,double precision,double precision,double precision,double precision,integer,interval,integer,interval,double precision,double precision,boolean',
          '... with the contract''s types');
SELECT ok(has_table_privilege('public', 'okr.tenant_config', 'SELECT'), 'everyone may read it');
SELECT ok(NOT has_table_privilege('public', 'okr.tenant_config', 'INSERT'), '... nobody but the owner is granted writes');

-- a role granted everything still cannot write it (okr.owner_only())
CREATE ROLE okr_policy_app;
GRANT USAGE ON SCHEMA okr TO okr_policy_app;
\ir lib/hold_tables.psql
GRANT ALL ON ALL TABLES IN SCHEMA okr TO okr_policy_app;
SET LOCAL ROLE okr_policy_app;
SELECT is(pg_temp.try($$INSERT INTO okr.tenant_config (tenant, grade_green) VALUES ('policy_a', 0.1)$$),
          '42501 | permission denied to change okr.tenant_config | okr.tenant_config decides what tenants'' roles see and how they are graded: only its owner, ' || :'owner' || ', changes it. | Ask the owner of the okr extension to make the change.',
          'GRANT ALL does not let a role insert a policy');
SELECT is(pg_temp.try($$UPDATE okr.tenant_config SET grade_green = 0.1$$),
          '42501 | permission denied to change okr.tenant_config | okr.tenant_config decides what tenants'' roles see and how they are graded: only its owner, ' || :'owner' || ', changes it. | Ask the owner of the okr extension to make the change.', '... nor update one');
SELECT is(pg_temp.try($$TRUNCATE okr.tenant_config$$),
          '42501 | permission denied to change okr.tenant_config | okr.tenant_config decides what tenants'' roles see and how they are graded: only its owner, ' || :'owner' || ', changes it. | Ask the owner of the okr extension to make the change.', '... nor truncate them');
SELECT is(pg_temp.try($$INSERT INTO okr.tenant_role VALUES (current_user, 'policy_b')$$),
          '42501 | permission denied to change okr.tenant_role | okr.tenant_role decides what tenants'' roles see and how they are graded: only its owner, ' || :'owner' || ', changes it. | Ask the owner of the okr extension to make the change.', '... nor bind itself to a tenant');

-- ---------- the settings are superuser-only ----------
SELECT is(pg_temp.try($$SET okr.grade_green = 0.1$$),
          '42501 | permission denied to set parameter "okr.grade_green"', 'a session cannot move the grading bands');
SELECT is(pg_temp.try($$SET okr.at_risk_gap = 1$$),
          '42501 | permission denied to set parameter "okr.at_risk_gap"', '... nor the pace gaps');
SELECT is(pg_temp.try($$SET okr.max_key_results = 0$$),
          '42501 | permission denied to set parameter "okr.max_key_results"', '... nor lift the key-result limit');
SELECT is(pg_temp.try($$SET okr.check_in_max_future = '100 years'$$),
          '42501 | permission denied to set parameter "okr.check_in_max_future"', '... nor the check-in skew');
SELECT is(pg_temp.try($$SET okr.tenant = 'policy_b'$$), 'accepted', 'okr.tenant stays settable (bound roles ignore it)');
SELECT is(pg_temp.try(format($$SET okr.tenant = %L$$, repeat('x', 129))),
          '22023 | invalid value for parameter "okr.tenant": "' || repeat('x', 129) || '" | A tenant name has 1 to 128 bytes; this one has 129. | Use a short key for the tenant, such as its id or slug.',
          'a tenant name over 128 bytes is refused at SET');
RESET ROLE;
SET LOCAL okr.tenant = 'policy_a';

-- ---------- grade and status by tenant ----------
SELECT is(okr.grade(0.5, 'policy_a'), 'yellow', 'a tenant without a row: the default bands');
INSERT INTO okr.tenant_config (tenant, grade_yellow, grade_green, at_risk_gap, off_track_gap, max_key_results)
    VALUES ('policy_a', 0.2, 0.5, 0.3, 0.5, 2);
SELECT is(okr.grade(0.5, 'policy_a'), 'green', 'its own bands apply at once (the cache is forgotten on write)');
SELECT is(okr.grade(0.5, 'policy_b'), 'yellow', '... not to another tenant');
SELECT is(okr.grade(0.5), 'yellow', '... nor to the one-argument form (server-wide defaults)');
SELECT is(okr.grade(0.15, 'policy_a'), 'red', 'below its grade_yellow: red');
SELECT is(okr.status(0.45, 0.7, 'policy_a'), 'on_track', 'its at_risk_gap: 0.25 behind is on track');
SELECT is(okr.status(0.45, 0.7), 'at_risk', '... 0.25 behind by the defaults is at risk');
SELECT is(okr.status(0.1, 0.7, 'policy_a'), 'off_track', 'beyond its off_track_gap: off track');
SAVEPOINT s;
UPDATE okr.tenant_config SET grade_green = 0.9 WHERE tenant = 'policy_a';
SELECT is(okr.grade(0.5, 'policy_a'), 'yellow', 'an update applies at once');
ROLLBACK TO s;
SELECT is(okr.grade(0.5, 'policy_a'), 'green', '... and a rolled-back one is forgotten');
SELECT is((okr.tenant_policy('policy_a')).grade_green, 0.5::float8, 'okr.tenant_policy(): the row''s value');
SELECT is((okr.tenant_policy('policy_a')).stale_after, interval '14 days', '... the default where the row has NULL');
SELECT throws_ok($$INSERT INTO okr.tenant_config (tenant, grade_yellow, grade_green) VALUES ('policy_c', 0.8, 0.5)$$,
                 '23514', NULL, 'bands out of order: refused');

-- ---------- the key-result limit, the views and the final grade follow the tenant ----------
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'A', '2026', 'key_results'), (2, 'B', '2026', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'k1', '0 -> 10'), (2, 1, 'k2', '0 -> 10');
SELECT throws_ok($$INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (3, 1, 'k3', '0 -> 10')$$,
                 '23514', 'objective 1 would have 3 key results, more than okr.max_key_results (2)',
                 'the tenant''s max_key_results (2) applies');
SET LOCAL okr.tenant = 'policy_b';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'B1', '2026', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target)
    SELECT i, 1, 'k' || i, '0 -> 10' FROM generate_series(1, 5) AS i;
SELECT is((SELECT count(*) FROM okr.key_result WHERE tenant = 'policy_b'), 5::bigint,
          '... another tenant keeps the default limit (5)');
SET LOCAL okr.tenant = 'policy_a';
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (4, 2, 'k4', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-06-01', 5), (2, '2026-06-01', 5), (4, '2026-06-01', 5);
SELECT okr.flush();
SELECT is((SELECT grade FROM okr.scorecard WHERE tenant = 'policy_a' AND objective_id = 1), 'green',
          'okr.scorecard grades by the tenant''s bands');
SELECT is((SELECT grade FROM okr.key_result_progress WHERE tenant = 'policy_a' AND key_result_id = 1), 'green',
          'okr.key_result_progress too');
SELECT is((SELECT grade FROM okr.alignment_tree WHERE tenant = 'policy_a' AND objective_id = 1), 'green',
          'okr.alignment_tree too');
SELECT is((SELECT grade FROM okr.scorecard_at(now()) WHERE tenant = 'policy_a' AND objective_id = 1), 'green',
          'okr.scorecard_at too');
UPDATE okr.objective SET state = 'closed' WHERE id = 2;
SELECT okr.flush();
SELECT is((SELECT final_grade FROM okr.objective WHERE tenant = 'policy_a' AND id = 2), 'green',
          'the final grade at closing is the tenant''s');

SELECT * FROM finish();
ROLLBACK;
