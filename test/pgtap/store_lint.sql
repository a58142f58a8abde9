-- okr.lint(): advice rows for objectives without key results, objectives
-- measured only by outputs, stale key results and owners with too many
-- objectives, and the settings that tune them.  Everything lives in tenant
-- 'lint', so the expected rows are exact.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(20);
SET LOCAL okr.tenant = 'lint';
SET LOCAL TimeZone = 'UTC';

CREATE FUNCTION pg_temp.lint() RETURNS TABLE (object text, severity text, rule text, message text)
    LANGUAGE sql AS $$ SELECT object, severity, rule, message FROM okr.lint() WHERE tenant = 'lint' $$;
\ir lib/flushed.psql

INSERT INTO okr.objective (id, title, period, rollup, state, owner) VALUES
    (1, 'No KRs', '2026-Q4', 'both', 'active', NULL),
    (2, 'Children only', '2026-Q4', 'children', 'active', NULL),
    (3, 'Closed, no KRs', '2026-Q4', 'key_results', 'active', NULL),
    (4, 'Draft, no KRs', '2026-Q4', 'key_results', 'draft', NULL),
    (5, 'Outputs only', '2026-Q4', 'key_results', 'active', NULL),
    (6, 'Mixed', '2026-Q4', 'key_results', 'active', NULL),
    (7, 'Checked in', '2026-Q4', 'key_results', 'active', NULL),
    (8, 'Draft with an old KR', '2026-Q4', 'key_results', 'draft', NULL);
UPDATE okr.objective SET state = 'closed' WHERE id = 3;
INSERT INTO okr.key_result (id, objective_id, title, measures, target, source, created_at) VALUES
    (51, 5, 'Deliverables', 'output', '0 -> 5', 'outputs', now() - interval '60 days'),
    (52, 5, 'Milestones', 'output', '0 -> 3', 'check_ins', now()),
    (61, 6, 'Shipped', 'output', '0 -> 5', 'outputs', now()),
    (62, 6, 'Adoption', 'outcome', '0 -> 50', 'check_ins', now()),
    (71, 7, 'Quiet', 'outcome', '0 -> 10', 'check_ins', now() - interval '15 days'),
    (72, 7, 'Long ago', 'outcome', '0 -> 10', 'check_ins', now() - interval '700 days'),
    (73, 7, 'Yesterday', 'outcome', '0 -> 10', 'check_ins', now() - interval '60 days'),
    (74, 7, 'Fed by outputs', 'outcome', '0 -> 10', 'outputs', now() - interval '60 days'),
    (75, 7, 'New', 'outcome', '0 -> 10', 'check_ins', now()),
    (81, 8, 'Old', 'outcome', '0 -> 10', 'check_ins', now() - interval '60 days');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES
    (72, '2025-01-15 12:00+00', 1), (72, '2025-01-10 12:00+00', 2),
    (73, now() - interval '1 day', 3), (73, now() - interval '40 days', 2);

SELECT results_eq(
    'SELECT object, severity, rule FROM pg_temp.lint()',
    $$VALUES ('key_result 71', 'notice', 'stale'),
             ('key_result 72', 'notice', 'stale'),
             ('objective 1', 'warning', 'no_key_results'),
             ('objective 4', 'warning', 'no_key_results'),
             ('objective 5', 'warning', 'only_outputs')$$,
    'the advice, ordered by object and rule');
SELECT is((SELECT message FROM pg_temp.lint() WHERE object = 'objective 1'),
          'Objective 1 "No KRs" has no key results: nothing says when it is achieved.',
          'no_key_results message');
SELECT is((SELECT message FROM pg_temp.lint() WHERE object = 'objective 5'),
          'All key results of objective 5 "Outputs only" measure outputs. Outputs matter only as far as they move outcomes: add a key result that measures the outcome.',
          'only_outputs message');
SELECT is((SELECT message FROM pg_temp.lint() WHERE object = 'key_result 71'),
          'Key result 71 "Quiet" has had no check-in since it was created.',
          'stale message for a key result never checked in (created 15 days ago)');
SELECT is((SELECT message FROM pg_temp.lint() WHERE object = 'key_result 72'),
          'Key result 72 "Long ago" has had no check-in since 2025-01-15.',
          'stale message names the latest check-in''s date');

-- okr.stale_after
SET LOCAL okr.stale_after = '30d';
SELECT results_eq($$SELECT object FROM pg_temp.lint() WHERE rule = 'stale'$$, $$VALUES ('key_result 72')$$,
                  'okr.stale_after = 30d: 15 days without a check-in is not stale');
SET LOCAL okr.stale_after = '1h';
SELECT results_eq($$SELECT object FROM pg_temp.lint() WHERE rule = 'stale'$$,
                  $$VALUES ('key_result 71'), ('key_result 72'), ('key_result 73')$$,
                  'okr.stale_after = 1h: a check-in a day old is stale; a key result created now is not; outputs never are');
SET LOCAL okr.stale_after = '14d';
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (71, now(), 1);
SELECT results_eq($$SELECT object FROM pg_temp.lint() WHERE rule = 'stale'$$, $$VALUES ('key_result 72')$$,
                  'a check-in makes a key result fresh');
UPDATE okr.objective SET state = 'draft' WHERE id = 7;
SELECT is_empty($$SELECT * FROM pg_temp.lint() WHERE rule = 'stale'$$, 'key results of a draft objective are never stale');
UPDATE okr.objective SET state = 'active' WHERE id = 7;

-- only_outputs and no_key_results go away when fixed.
INSERT INTO okr.key_result (id, objective_id, title, measures, target) VALUES (53, 5, 'Customers served', 'outcome', '0 -> 100');
SELECT is_empty($$SELECT * FROM pg_temp.lint() WHERE rule = 'only_outputs'$$, 'an outcome key result silences only_outputs');
UPDATE okr.key_result SET measures = 'output' WHERE id = 53;
SELECT results_eq($$SELECT object FROM pg_temp.lint() WHERE rule = 'only_outputs'$$, $$VALUES ('objective 5')$$,
                  '... and switching it to an output brings it back');
UPDATE okr.objective SET state = 'closed' WHERE id = 5;
SELECT is_empty($$SELECT * FROM pg_temp.lint() WHERE rule = 'only_outputs'$$, 'closed objectives get no only_outputs advice');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (11, 1, 'Something measurable', '0 -> 1');
SELECT results_eq($$SELECT object FROM pg_temp.lint() WHERE rule = 'no_key_results'$$, $$VALUES ('objective 4')$$,
                  'a key result silences no_key_results');

-- too_many_objectives (okr.max_objectives_per_owner, default 3)
INSERT INTO okr.objective (id, title, period, rollup, state, owner) VALUES
    (21, 'a1', '2026-Q4', 'children', 'active', 'alice'), (22, 'a2', '2026-Q4', 'children', 'active', 'alice'),
    (23, 'a3', '2026-Q4', 'children', 'active', 'alice'), (24, 'a4', '2026-Q4', 'children', 'active', 'alice'),
    (31, 'b1', '2026-Q4', 'children', 'active', 'bob'), (32, 'b2', '2026-Q4', 'children', 'active', 'bob'),
    (33, 'b3', '2026-Q4', 'children', 'active', 'bob'),
    (41, 'c1', '2026-Q4', 'children', 'active', 'carol'), (42, 'c2', '2026-Q4', 'children', 'active', 'carol'),
    (43, 'c3', '2026-Q4', 'children', 'active', 'carol'), (44, 'c4', '2026-Q3', 'children', 'active', 'carol'),
    (51, 'd1', '2026-Q4', 'children', 'active', 'dave'), (52, 'd2', '2026-Q4', 'children', 'active', 'dave'),
    (53, 'd3', '2026-Q4', 'children', 'active', 'dave'), (54, 'd4', '2026-Q4', 'children', 'draft', 'dave');
SELECT is(current_setting('okr.max_objectives_per_owner'), '3', 'okr.max_objectives_per_owner defaults to 3');
SELECT results_eq($$SELECT object, severity, message FROM pg_temp.lint() WHERE rule = 'too_many_objectives'$$,
                  $$VALUES ('owner alice', 'notice', 'alice owns 4 active objectives for 2026-Q4 (okr.max_objectives_per_owner = 3): focus on fewer.')$$,
                  'four active objectives in one period: advice (three, or four spread over two periods, or one a draft: none)');
SET LOCAL okr.max_objectives_per_owner = 2;
SELECT results_eq($$SELECT object, message FROM pg_temp.lint() WHERE rule = 'too_many_objectives'$$,
                  $$VALUES ('owner alice', 'alice owns 4 active objectives for 2026-Q4 (okr.max_objectives_per_owner = 2): focus on fewer.'),
                           ('owner bob', 'bob owns 3 active objectives for 2026-Q4 (okr.max_objectives_per_owner = 2): focus on fewer.'),
                           ('owner carol', 'carol owns 3 active objectives for 2026-Q4 (okr.max_objectives_per_owner = 2): focus on fewer.'),
                           ('owner dave', 'dave owns 3 active objectives for 2026-Q4 (okr.max_objectives_per_owner = 2): focus on fewer.')$$,
                  'okr.max_objectives_per_owner = 2');
SET LOCAL okr.max_objectives_per_owner = 0;
SELECT is_empty($$SELECT * FROM pg_temp.lint() WHERE rule = 'too_many_objectives'$$, 'okr.max_objectives_per_owner = 0: no advice');
SET LOCAL okr.max_objectives_per_owner = 3;

-- Other tenants get their own advice, labelled with their tenant.
INSERT INTO okr.objective (tenant, id, title, period) VALUES ('lint-other', 1, 'Elsewhere', '2026-Q4');
SELECT results_eq($$SELECT tenant, object, rule FROM okr.lint() WHERE tenant LIKE 'lint%' AND rule = 'no_key_results'$$,
                  $$VALUES ('lint', 'objective 4', 'no_key_results'), ('lint-other', 'objective 1', 'no_key_results')$$,
                  'advice carries its tenant; same ids in two tenants are told apart');
SELECT is((SELECT count(*) FROM okr.lint() WHERE severity NOT IN ('warning', 'notice')), 0::bigint,
          'severities are warning or notice');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent');

SELECT * FROM finish();
ROLLBACK;
