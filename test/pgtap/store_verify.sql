-- okr.verify() finds every maintained value that disagrees with its inputs;
-- okr.rebuild() repairs them.  Corruption is made with triggers bypassed
-- (session_replication_role = replica, superuser only).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(40);
SET LOCAL okr.tenant = 'default';

\ir lib/flushed.psql
-- verify() after a flush, numbers rounded.
CREATE FUNCTION pg_temp.verify_rows() RETURNS TABLE (tenant text, kind text, id bigint, field text, stored numeric, expected numeric)
    LANGUAGE sql AS
  $$ SELECT okr.flush();
     SELECT tenant, kind, id, field, round(stored::numeric, 6), round(expected::numeric, 6) FROM okr.verify() $$;
\ir lib/corrupt.psql

-- R(1, children) <- A(2): k11 '0 -> 10' check-ins (4), k12 '0 -> 100' outputs (50)
--                <- B(3): k31 '0 -> 10' check-ins (8)
INSERT INTO okr.objective (id, title, period, rollup) VALUES
    (1, 'R', '2026', 'children'), (2, 'A', '2026-Q4', 'key_results'), (3, 'B', '2026-Q4', 'key_results');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1), (3, 1);
INSERT INTO okr.key_result (id, objective_id, title, target, source) VALUES
    (11, 2, 'a1', '0 -> 10', 'check_ins'), (12, 2, 'a2', '0 -> 100', 'outputs'), (31, 3, 'b1', '0 -> 10', 'check_ins');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2026-10-01', 4), (31, '2026-10-01', 8);
INSERT INTO okr.output (key_result_id, title, status, amount) VALUES (12, 'half', 'done', 50);
SELECT is(pg_temp.obj(1), 0.625, 'R = ((0.4 + 0.5) / 2 + 0.8) / 2');
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', 'verify: consistent');
SELECT is(okr.rebuild(), 0::bigint, 'rebuild of a consistent store repairs nothing');

-- A key result's score.
SELECT pg_temp.corrupt('UPDATE okr.key_result SET score = 0.99 WHERE id = 11');
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'key_result', 11::bigint, 'score', 0.99, 0.4),
             ('default', 'objective', 2::bigint, 'score', 0.45, 0.745)$$,
    'corrupt key-result score: verify reports it, and its objective computed from it');
SELECT is(okr.rebuild(), 1::bigint, 'rebuild repairs one row');
SELECT is(pg_temp.ks(11), 0.4, '... the score is 0.4 again');
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', '... verify: consistent');

-- An objective's score.
SELECT pg_temp.corrupt('UPDATE okr.objective SET score = 0.1 WHERE id = 2');
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'objective', 1::bigint, 'score', 0.625, 0.45),
             ('default', 'objective', 2::bigint, 'score', 0.1, 0.45)$$,
    'corrupt objective score: verify reports it and its parent');
SELECT is(okr.rebuild(), 1::bigint, 'rebuild repairs one row');
SELECT is(pg_temp.obj(2), 0.45, '... A is 0.45 again');

-- A key result's value (its score left right).
SELECT pg_temp.corrupt('UPDATE okr.key_result SET value = 7 WHERE id = 11');
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'key_result', 11::bigint, 'value', 7::numeric, 4::numeric)$$,
    'corrupt value: verify reports the value only');
SELECT is(okr.rebuild(), 1::bigint, 'rebuild repairs it');
SELECT is(pg_temp.val(11), 4::double precision, '... 4 again');
SELECT pg_temp.corrupt('UPDATE okr.key_result SET value = 10 WHERE id = 12');
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'key_result', 12::bigint, 'value', 10::numeric, 50::numeric)$$,
    'corrupt value of an outputs key result: reported against baseline + done amounts');
SELECT is(okr.rebuild(), 1::bigint, 'rebuild repairs it');

-- NULL against a number is a mismatch too.
SELECT pg_temp.corrupt('UPDATE okr.key_result SET value = NULL WHERE id = 11');
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'key_result', 11::bigint, 'value', NULL::numeric, 4::numeric)$$,
    'a value wrongly NULL: verify reports it');
SELECT is(okr.rebuild(), 1::bigint, 'rebuild repairs it');
SELECT pg_temp.corrupt('UPDATE okr.objective SET score = NULL WHERE id = 3');
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'objective', 1::bigint, 'score', 0.625, 0.45),
             ('default', 'objective', 3::bigint, 'score', NULL::numeric, 0.8)$$,
    'an objective score wrongly NULL: verify reports it (and its parent, which now averages A alone)');
SELECT is(okr.rebuild(), 1::bigint, 'rebuild repairs it');
SELECT pg_temp.corrupt('DELETE FROM okr.check_in WHERE key_result_id = 31');
SELECT results_eq('SELECT kind, id, field, stored, expected FROM pg_temp.verify_rows()',
    $$VALUES ('key_result', 31::bigint, 'score', 0.8, 0::numeric),
             ('key_result', 31::bigint, 'value', 8::numeric, NULL::numeric)$$,
    'check-ins deleted behind okr''s back: the value should be NULL, the score 0 (B agrees with the stored 0.8)');
SELECT is(okr.rebuild(), 3::bigint, 'rebuild repairs the key result, B and R');
SELECT is(pg_temp.obj(1), 0.225, '... R = (0.45 + 0) / 2');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (31, '2026-10-01', 8);
SELECT is(pg_temp.obj(1), 0.625, 'R back to 0.625');

-- okr.objective_pace (57-pace.sql): a row missing, stale or left over; a
-- mix is no number, so stored and expected are NULL.
SELECT pg_temp.corrupt($$DELETE FROM okr.objective_pace WHERE tenant = 'default' AND objective_id = 2$$);
SELECT pg_temp.corrupt($$UPDATE okr.objective_pace SET shares = '{0.5}' WHERE tenant = 'default' AND objective_id = 3$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.objective_pace VALUES ('default', 99, true, '{2026}', '{1}')$$);
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'objective', 2::bigint, 'pace', NULL::numeric, NULL::numeric),
             ('default', 'objective', 3::bigint, 'pace', NULL, NULL),
             ('default', 'objective', 99::bigint, 'pace', NULL, NULL)$$,
    'verify reports a pace row missing (A), stale (B) and left over (an objective that is gone)');
SELECT pg_temp.corrupt($$UPDATE okr.objective_pace SET scored = false WHERE tenant = 'default' AND objective_id = 3$$);
SELECT results_eq('SELECT id, field FROM pg_temp.verify_rows()',
    $$VALUES (1::bigint, 'pace'), (2::bigint, 'pace'), (3::bigint, 'pace'), (99::bigint, 'pace')$$,
    '... and R, whose mix no longer counts B');
SELECT is(okr.rebuild_pace(), 3::bigint, 'rebuild_pace() writes the three objectives'' rows');
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', '... verify: consistent');

-- okr.objective_shape and okr.objective_path (55-structure.sql): a shape
-- stale or left over; a path missing, wrong in a column, or left over.
SELECT pg_temp.corrupt($$UPDATE okr.objective_shape SET child_ids = '2' WHERE tenant = 'default' AND objective_id = 1$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.objective_shape VALUES ('default', 99, 1, NULL, NULL)$$);
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'objective', 1::bigint, 'shape', NULL::numeric, NULL::numeric),
             ('default', 'objective', 99::bigint, 'shape', NULL, NULL)$$,
    'verify reports a shape stale (R lost a child) and one left over (an objective that is gone)');
SELECT is(okr.rebuild_structure(), 2::bigint, 'rebuild_structure() repairs both');
SELECT pg_temp.corrupt($$DELETE FROM okr.objective_path WHERE tenant = 'default' AND objective_id = 3$$);
SELECT pg_temp.corrupt($$UPDATE okr.objective_path SET title_path = 'R > X' WHERE tenant = 'default' AND objective_id = 2$$);
SELECT pg_temp.corrupt($$INSERT INTO okr.objective_path
    SELECT tenant, 99, root_id, parent_id, weight, depth, ids, path, title_path, path_sort, path_key
      FROM okr.objective_path WHERE tenant = 'default' AND objective_id = 1$$);
SELECT results_eq('SELECT * FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'objective', 2::bigint, 'paths', NULL::numeric, NULL::numeric),
             ('default', 'objective', 3::bigint, 'paths', NULL, NULL),
             ('default', 'objective', 99::bigint, 'paths', 1, 0)$$,
    'verify reports a path wrong (A''s titles), one missing (B''s) and one left over (stored 1, expected 0)');
SELECT is(okr.rebuild_structure(), 3::bigint, 'rebuild_structure() repairs the three');
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', '... verify: consistent');

-- Several at once, in two tenants.
INSERT INTO okr.objective (tenant, id, title, period) VALUES ('other', 2, 'Other A', '2026-Q4');
INSERT INTO okr.key_result (tenant, id, objective_id, title, target) VALUES ('other', 11, 2, 'other k', '0 -> 10');
INSERT INTO okr.check_in (tenant, key_result_id, at, value) VALUES ('other', 11, '2026-10-01', 1);
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', 'a second tenant with the same ids: consistent');
SELECT pg_temp.corrupt($$UPDATE okr.key_result SET score = 0 WHERE id = 31 AND tenant = 'default'$$);
SELECT pg_temp.corrupt($$UPDATE okr.objective SET score = 0 WHERE id = 1 AND tenant = 'default'$$);
SELECT pg_temp.corrupt($$UPDATE okr.key_result SET score = 0.5 WHERE id = 11 AND tenant = 'other'$$);
SELECT results_eq('SELECT tenant, kind, id, field FROM pg_temp.verify_rows()',
    $$VALUES ('default', 'key_result', 31::bigint, 'score'), ('default', 'objective', 1::bigint, 'score'),
             ('default', 'objective', 3::bigint, 'score'),
             ('other', 'key_result', 11::bigint, 'score'), ('other', 'objective', 2::bigint, 'score')$$,
    'verify reports rows of every tenant, each with its tenant');
SELECT is(okr.rebuild(), 3::bigint, 'rebuild repairs k31 and R of default, and k11 of other');
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', '... verify: consistent');

-- A failed flush inside a savepoint must not lose the pending work: a cycle
-- made behind okr's back makes the flush fail (54000).
SELECT pg_temp.corrupt('INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 2)');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2026-10-02', 6);
SELECT throws_like('SELECT okr.flush()', 'alignments above objective _ nest 10000 levels deep or form a cycle',
                   'a cycle in okr.alignment stops the flush');
SELECT throws_ok('SELECT okr.flush()', '54000', NULL, '... with SQLSTATE 54000, again on a second try');
SELECT pg_temp.corrupt('DELETE FROM okr.alignment WHERE child_id = 1 AND parent_id = 2');
SELECT is(pg_temp.val(11), 6::double precision, 'after the cycle is removed, the check-in is still flushed');
SELECT is_empty('SELECT * FROM pg_temp.verify_rows()', 'verify: consistent at the end');

SELECT * FROM finish();
ROLLBACK;
