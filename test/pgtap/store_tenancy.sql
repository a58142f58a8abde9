-- Tenancy: every row has a tenant (default: the setting okr.tenant), every
-- key includes it, and no reference crosses tenants.  Also: the tenant locks
-- okr takes, and what pg_dump keeps (extconfig).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(35);

\ir lib/flushed.psql
-- okr's tenant locks held by this session: object locks whose class is
-- okr.objective (no SQL function takes those), objsubid 1 = a tenant's,
-- 2 = the database-wide one.
CREATE FUNCTION pg_temp.tenant_locks(kind int DEFAULT 1) RETURNS text[] LANGUAGE sql AS
  $$ SELECT array_agg(DISTINCT mode ORDER BY mode) FROM pg_locks
      WHERE locktype = 'object' AND classid = 'okr.objective'::regclass AND objsubid = kind
        AND pid = pg_backend_pid() AND granted $$;

-- ---------- the setting okr.tenant ----------
-- (okr.tenant is defined when the library loads; okr.setting() loads it.)
SELECT is(okr.setting('okr.tenant'), 'default', 'okr.tenant defaults to ''default'' (okr.setting)');
SELECT is(current_setting('okr.tenant'), 'default', '... current_setting agrees');
SELECT is(okr.current_tenant(), 'default', 'okr.current_tenant() reads it');
SELECT is(
    (SELECT string_agg(c.relname || ': ' || pg_get_expr(d.adbin, d.adrelid), ', ' ORDER BY c.relname COLLATE "C")
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant'
       JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind = 'r'),
    'alignment: okr.current_tenant(), check_in: okr.current_tenant(), key_result: okr.current_tenant(), '
    'objective: okr.current_tenant(), output: okr.current_tenant()',
    'every table''s tenant defaults to okr.current_tenant()');
SELECT ok(pg_temp.tenant_locks() IS NULL, 'no tenant lock before any write');

INSERT INTO okr.objective (id, title, period) VALUES (1, 'Default one', '2026'), (2, 'Default two', '2026-Q4');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'default k1', '0 -> 10'), (5, 2, 'default k5', '0 -> 10');
SELECT is(pg_temp.tenant_locks(), ARRAY['ExclusiveLock'], 'a structure edit (key results) holds the tenant lock exclusively');
INSERT INTO okr.output (id, key_result_id, title) VALUES (1, 5, 'default out');
SELECT is(pg_temp.tenant_locks(), ARRAY['ExclusiveLock', 'ShareLock'], 'an output adds the tenant lock in share mode');
SELECT is((SELECT tenant FROM okr.objective WHERE id = 1), 'default', 'rows get the default tenant');
SELECT is((SELECT tenant FROM okr.output WHERE id = 1), 'default', '... outputs too');

SET LOCAL okr.tenant = 'acme';
SELECT is(okr.current_tenant(), 'acme', 'SET okr.tenant changes the default');
INSERT INTO okr.objective (id, title, period) VALUES (1, 'Acme one', '2026');
SELECT is((SELECT count(*) FROM okr.objective WHERE id = 1), 2::bigint, 'the same id in two tenants: two objectives');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'acme k1', '0 -> 10');
SELECT is((SELECT o.title FROM okr.key_result kr JOIN okr.objective o ON o.tenant = kr.tenant AND o.id = kr.objective_id
            WHERE kr.tenant = 'acme' AND kr.id = 1), 'Acme one', 'acme''s key result 1 belongs to acme''s objective 1');

-- ---------- no reference crosses tenants ----------
SELECT throws_ok($$INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (99, 2, 'cross', '0 -> 1')$$, '23503',
                 'insert or update on table "key_result" violates foreign key constraint "key_result_tenant_objective_id_fkey"',
                 'a key result cannot reference another tenant''s objective');
SELECT throws_ok($$INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 2)$$, '23503', NULL,
                 'an alignment cannot reach another tenant''s objective');
SELECT throws_ok($$INSERT INTO okr.check_in (id, key_result_id, value) VALUES (99, 5, 1)$$, '23503', NULL,
                 'a check-in cannot reference another tenant''s key result');
SELECT throws_ok($$INSERT INTO okr.output (id, key_result_id, title) VALUES (99, 5, 'cross')$$, '23503', NULL,
                 'an output cannot reference another tenant''s key result');
SELECT throws_ok($$UPDATE okr.key_result SET tenant = 'acme' WHERE tenant = 'default' AND id = 5$$, '0A000', NULL,
                 'a key result cannot move to another tenant');
SELECT throws_ok($$UPDATE okr.objective SET tenant = 'acme' WHERE tenant = 'default' AND id = 2$$, '0A000', NULL,
                 'an objective cannot move to another tenant');
SELECT throws_ok($$INSERT INTO okr.alignment (tenant, child_id, parent_id) VALUES ('nobody', 1, 1)$$, '23503', NULL,
                 'an alignment in a tenant without those objectives');

-- ---------- the rollup keeps tenants apart ----------
INSERT INTO okr.check_in (tenant, key_result_id, at, value) VALUES ('default', 1, '2026-10-01', 5);
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-10-01', 9);
SELECT is(pg_temp.val('default', 1), 5::double precision, 'default''s key result 1 = 5');
SELECT is(pg_temp.val('acme', 1), 9::double precision, 'acme''s key result 1 = 9');
SELECT is(pg_temp.obj('default', 1), 0.5, 'default''s objective 1 = 0.5');
SELECT is(pg_temp.obj('acme', 1), 0.9, 'acme''s objective 1 = 0.9');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-10-02', 2);
SELECT is(pg_temp.obj('acme', 1), 0.2, 'a later acme check-in: acme 0.2');
SELECT is(pg_temp.obj('default', 1), 0.5, '... default untouched');
-- Rows written with an explicit tenant other than the setting.
INSERT INTO okr.objective (tenant, id, title, period) VALUES ('globex', 1, 'Globex one', '2026');
INSERT INTO okr.key_result (tenant, id, objective_id, title, target) VALUES ('globex', 1, 1, 'globex k1', '0 -> 10');
INSERT INTO okr.check_in (tenant, key_result_id, at, value) VALUES ('globex', 1, '2026-10-01', 3);
SELECT is(pg_temp.obj('globex', 1), 0.3, 'rows given an explicit tenant are rolled up in that tenant');
SELECT is((SELECT count(DISTINCT objid) FROM pg_locks WHERE locktype = 'object' AND classid = 'okr.objective'::regclass
             AND objsubid = 1 AND pid = pg_backend_pid())::int, 2,
          'a tenant lock only for the session''s tenants (default, acme), none for globex''s rows');
SELECT ok('ExclusiveLock' = ANY (pg_temp.tenant_locks(2)) AND NOT 'ShareLock' = ANY (pg_temp.tenant_locks(2)),
          '... whose rows take the database-wide lock: exclusive for globex''s objective and key result, which covers its check-in (no share lock besides)');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent in three tenants');
DELETE FROM okr.objective WHERE tenant = 'acme' AND id = 1;
SELECT is((SELECT count(*) FROM okr.key_result WHERE id = 1), 2::bigint, 'deleting acme''s objective 1 leaves the other tenants'' key results 1');
SELECT is(pg_temp.obj('default', 1), 0.5, '... default''s objective 1 still 0.5');
SELECT is_empty('SELECT * FROM pg_temp.verify()', 'verify: consistent after the delete');

-- ---------- pg_dump: the tables and sequences are extension configuration ----------
SELECT set_eq(
    $$SELECT c::regclass::text FROM pg_extension, unnest(extconfig) AS c WHERE extname = 'okr'$$,
    ARRAY['okr.objective', 'okr.alignment', 'okr.key_result', 'okr.output', 'okr.check_in',
          'okr.objective_id_seq', 'okr.key_result_id_seq', 'okr.output_id_seq', 'okr.check_in_id_seq',
          'okr.tenant_config', 'okr.tenant_role', 'okr.key_result_version'],
    'extconfig registers the 5 tables, their 4 identity sequences, the 2 tenancy tables and the target history (not the pending score changes: a restore recomputes the scores they complete)');
SELECT is((SELECT array_length(extconfig, 1) FROM pg_extension WHERE extname = 'okr'), 12, '... and nothing else');
SELECT is((SELECT array_agg(DISTINCT c) FROM pg_extension, unnest(extcondition) AS c WHERE extname = 'okr'), ARRAY[''],
          '... each dumped whole (no filter condition)');

SELECT * FROM finish();
ROLLBACK;
