-- Tenancy as a boundary (issue 7, findings 2, 4 and 11): roles bound to a
-- tenant in okr.tenant_role write as it whatever okr.tenant says; under
-- okr.enable_tenant_isolation() they see and write their tenant's rows only,
-- through the tables, the *_computed views and okr.verify(); rollups stay
-- exact.  (test/security/ scans every relation and function the same way.)
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(33);

CREATE ROLE okr_tn_a;
CREATE ROLE okr_tn_b;
CREATE ROLE okr_tn_bi;
GRANT USAGE ON SCHEMA okr TO okr_tn_a, okr_tn_b, okr_tn_bi;
\ir lib/hold_tables.psql
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA okr TO okr_tn_a, okr_tn_b;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA okr TO okr_tn_a, okr_tn_b;
GRANT SELECT ON ALL TABLES IN SCHEMA okr TO okr_tn_bi;
INSERT INTO okr.tenant_role VALUES ('okr_tn_a', 'tn_a'), ('okr_tn_b', 'tn_b');

SET LOCAL ROLE okr_tn_a;
SET LOCAL okr.tenant = 'tn_b';
SELECT is(okr.bound_tenant(), 'tn_a', 'okr.bound_tenant(): the role''s tenant');
SELECT is(okr.current_tenant(), 'tn_a', 'a bound role writes as its tenant whatever okr.tenant says');
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'A one', '2026', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'a k', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-06-01', 5);
SELECT is((SELECT tenant FROM okr.objective WHERE id = 1 AND title = 'A one'), 'tn_a', '... its rows get its tenant');
SELECT is_empty($$SELECT * FROM okr.tenant_role$$, '... it cannot read the bindings');
RESET ROLE;

SET LOCAL ROLE okr_tn_b;
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'B one', '2026', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'b k', '0 -> 10');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-06-01', 8);
RESET ROLE;
SELECT okr.flush();

-- ---------- before isolation: tenancy is a default, rows are visible ----------
SET LOCAL ROLE okr_tn_a;
SELECT is((SELECT count(*) FROM okr.objective WHERE tenant LIKE 'tn_%'), 2::bigint,
          'without isolation a bound role still reads every tenant (opt-in)');
RESET ROLE;

-- ---------- okr.enable_tenant_isolation() ----------
SET CONSTRAINTS ALL IMMEDIATE;  -- ALTER TABLE wants no pending rollup
SET CONSTRAINTS ALL DEFERRED;
SELECT cmp_ok(okr.enable_tenant_isolation(), '>=', 6, 'okr.enable_tenant_isolation() covers okr''s tables');
SELECT is_empty($$SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant'
                   WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind = 'r' AND c.relname <> 'tenant_role'
                     AND NOT (c.relrowsecurity AND c.relforcerowsecurity)$$,
                '... every one with a tenant column has FORCE''d row-level security');
SELECT is(okr.enable_tenant_isolation(), okr.enable_tenant_isolation(), '... and it is idempotent');
INSERT INTO okr.tenant_config (tenant, grade_green) VALUES ('tn_a', 0.5), ('tn_b', 0.6);

SET LOCAL ROLE okr_tn_a;
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.objective), ARRAY['tn_a'], 'a bound role reads its own objectives only');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.key_result), ARRAY['tn_a'], '... key results');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.check_in), ARRAY['tn_a'], '... check-ins');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.tenant_config), ARRAY['tn_a'], '... its own policy');
SELECT is(okr.grade(0.65, 'tn_b'), 'yellow', '... nor is it graded by (nor can it probe) another tenant''s policy');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.key_result_computed), ARRAY['tn_a'],
          'okr.key_result_computed no longer bypasses row-level security (finding 2)');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.objective_computed), ARRAY['tn_a'],
          '... nor okr.objective_computed');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM okr.scorecard), ARRAY['tn_a'], 'okr.scorecard: its own rows');
SELECT is_empty($$SELECT * FROM okr.verify() WHERE tenant <> 'tn_a'$$, 'okr.verify(): nothing of other tenants');
SELECT throws_ok($$INSERT INTO okr.objective (tenant, title, period) VALUES ('tn_b', 'forged', '2026')$$, '42501', NULL,
                 'writing a row of another tenant: refused');
SELECT is((SELECT count(*) FROM (SELECT FROM okr.objective WHERE tenant = 'tn_b' FOR UPDATE) x), 0::bigint,
          '... another tenant''s rows cannot even be locked');
UPDATE okr.objective SET title = 'hijacked' WHERE tenant = 'tn_b';
DELETE FROM okr.check_in WHERE tenant = 'tn_b';
SET LOCAL okr.tenant = 'tn_b';
SELECT is(okr.current_tenant(), 'tn_a', 'SET okr.tenant does not move it (nor its tenant lock: test/security/)');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-07-01', 9);
SELECT okr.flush();
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective WHERE id = 1), 0.9, 'its rollup is exact');
SELECT is((SELECT grade FROM okr.scorecard WHERE objective_id = 1), 'green', '... graded by its policy');
RESET ROLE;

SELECT is((SELECT title FROM okr.objective WHERE tenant = 'tn_b' AND id = 1), 'B one', 'the other tenant''s rows were not changed');
SELECT is((SELECT count(*) FROM okr.check_in WHERE tenant = 'tn_b'), 1::bigint, '... nor deleted');
SELECT is((SELECT round(score::numeric, 6) FROM okr.objective WHERE tenant = 'tn_b' AND id = 1), 0.8, '... and its score stands');

-- ---------- SET ROLE from one bound role to another ----------
-- (okr's structure triggers under it, with an owner row security applies
-- to: test/roles/roles.sh)
GRANT okr_tn_b TO okr_tn_a;
SET LOCAL SESSION AUTHORIZATION okr_tn_a;
SET LOCAL ROLE okr_tn_b;
SELECT is(okr.current_tenant(), 'tn_b', 'SET ROLE from a bound role to another: it writes as the current role''s tenant');
INSERT INTO okr.objective (id, title, period) VALUES (2, 'B two', '2026-Q4');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1);
SELECT is((SELECT path FROM okr.alignment_tree WHERE objective_id = 2), '1 > 2', '... its new path');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT okr.flush();
SELECT is_empty($$SELECT * FROM okr.verify() WHERE tenant LIKE 'tn_%'$$, '... okr.verify() (paths and shapes too) is empty');

-- ---------- TRUNCATE ignores row-level security ----------
GRANT TRUNCATE ON ALL TABLES IN SCHEMA okr TO okr_tn_a;
SET CONSTRAINTS ALL IMMEDIATE;  -- TRUNCATE wants no pending rollup
SET CONSTRAINTS ALL DEFERRED;
SET LOCAL ROLE okr_tn_a;
SELECT throws_ok($$TRUNCATE okr.check_in$$, '42501', 'a role bound to a tenant cannot truncate okr''s tables',
                 'a bound role may not TRUNCATE (it would empty every tenant)');
RESET ROLE;
SELECT is((SELECT count(*) FROM okr.check_in WHERE tenant = 'tn_b'), 1::bigint, '... the other tenant''s check-ins stand');

SET LOCAL ROLE okr_tn_bi;
SELECT is((SELECT count(DISTINCT tenant) FROM okr.scorecard WHERE tenant LIKE 'tn_%'), 2::bigint,
          'an unbound role (BI) reads every tenant');
RESET ROLE;
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;
SELECT cmp_ok(okr.disable_tenant_isolation(), '>=', 6, 'okr.disable_tenant_isolation() undoes it');
SELECT is_empty($$SELECT FROM pg_class WHERE relnamespace = 'okr'::regnamespace AND relrowsecurity AND relname <> 'tenant_role'$$,
                '... row-level security is off again');

SELECT * FROM finish();
ROLLBACK;
