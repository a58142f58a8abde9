-- The application's own data on okr's rows: attributes (custom fields and
-- tags), external ids (natural keys for UPSERTs), owners and teams.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(40);
SET LOCAL okr.tenant = 'default';

-- SQLSTATE and constraint of a failing statement, or 'accepted'.
\ir lib/try.psql

-- ---------- the columns ----------
SELECT is(ARRAY(SELECT attname::text FROM (SELECT attname, attnum FROM pg_attribute
                  WHERE attrelid = 'okr.objective'::regclass AND attnum > 0 AND NOT attisdropped
                  ORDER BY attnum DESC LIMIT 4) a ORDER BY attnum),
          ARRAY['attributes', 'external_id', 'team', 'final_score'], 'objective ends with attributes, external_id, team, final_score');
SELECT col_type_is('okr', 'key_result', 'attributes', 'jsonb', 'key_result.attributes is jsonb');
SELECT col_not_null('okr', 'output', 'attributes', 'output.attributes is NOT NULL');
SELECT col_has_default('okr', 'objective', 'attributes', 'attributes has a default');
SELECT col_type_is('okr', 'check_in', 'external_id', 'text', 'check_in.external_id is text');
SELECT col_type_is('okr', 'key_result', 'owner', 'text', 'key_result.owner is text');
SELECT col_type_is('okr', 'output', 'owner', 'text', 'output.owner is text');
SELECT col_type_is('okr', 'objective', 'team', 'text', 'objective.team is text');
SELECT ok((SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE a.amname = 'gin' AND i.indrelid IN ('okr.objective'::regclass, 'okr.key_result'::regclass, 'okr.output'::regclass)) = 3,
          'a GIN index on the attributes of objectives, key results and outputs');
SELECT has_index('okr', 'objective', 'objective_team', ARRAY['tenant', 'team'], 'objectives by team');
SELECT has_index('okr', 'objective', 'objective_owner', ARRAY['tenant', 'owner'], 'objectives by owner');
SELECT has_index('okr', 'key_result', 'key_result_owner', ARRAY['tenant', 'owner'], 'key results by owner');
SELECT has_index('okr', 'output', 'output_owner', ARRAY['tenant', 'owner'], 'outputs by owner');

-- ---------- attributes ----------
INSERT INTO okr.objective (id, title, period, owner, team, attributes, external_id) VALUES
    (1, 'Uptime', '2026-Q4', 'ana', 'sre', '{"tags": ["infra", "q4"], "jira": "OPS-1"}', 'JIRA-OPS-1'),
    (2, 'Cost', '2026-Q4', 'bo', 'finops', DEFAULT, NULL);
SELECT is((SELECT attributes FROM okr.objective WHERE id = 2), '{}'::jsonb, 'attributes default to {}');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.objective (title, period, attributes) VALUES ('x', '2026', '[1, 2]')$$),
          '23514 attributes_object', 'attributes must be a JSON object, not an array');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.objective (title, period, attributes) VALUES ('x', '2026', '"tag"')$$),
          '23514 attributes_object', '... nor a string');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.objective (title, period, attributes) VALUES ('x', '2026', NULL)$$),
          '23502', '... nor NULL');
SELECT is(ARRAY(SELECT id FROM okr.objective WHERE tenant = 'default' AND attributes @> '{"tags": ["infra"]}'),
          ARRAY[1::bigint], 'tags are found with @>');
SELECT is(ARRAY(SELECT id FROM okr.objective WHERE tenant = 'default' AND attributes @> '{"jira": "OPS-1"}'),
          ARRAY[1::bigint], 'custom fields are found with @> too');
CREATE FUNCTION pg_temp.plan_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || sql LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;
SET LOCAL enable_seqscan = off;
SELECT matches(pg_temp.plan_of($$SELECT id FROM okr.objective WHERE attributes @> '{"tags": ["infra"]}'$$),
               'objective_attributes', 'the GIN index serves @>');
SELECT matches(pg_temp.plan_of($$SELECT id FROM okr.objective WHERE tenant = 'default' AND team = 'sre'$$),
               'objective_team', 'the team index serves a team''s objectives');
RESET enable_seqscan;

-- ---------- external ids: unique per tenant, UPSERT targets ----------
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.objective (title, period, external_id) VALUES ('dup', '2026', 'JIRA-OPS-1')$$),
          '23505 objective_external_id', 'an external id is unique per tenant');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.objective (tenant, title, period, external_id) VALUES ('other', 'same key', '2026', 'JIRA-OPS-1')$$),
          'accepted', '... but another tenant may use the same one');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.objective (title, period, external_id) VALUES ('empty', '2026', '')$$),
          '23514 external_id_not_empty', 'an external id is not empty');
SELECT is((SELECT count(*) FROM okr.objective WHERE tenant = 'default' AND external_id IS NULL), 1::bigint,
          'many rows may have no external id (one so far)');

-- An application syncing from another tool: insert, then the same rows again.
INSERT INTO okr.key_result (objective_id, title, target, external_id, owner, attributes)
VALUES (1, 'Recovery time', '72 -> 2', 'KR-1', 'cy', '{"unit_label": "h"}'),
       (1, 'Failover drills', '0 -> 4', 'KR-2', 'dee', '{}')
ON CONFLICT (tenant, external_id) DO UPDATE SET title = excluded.title, owner = excluded.owner;
INSERT INTO okr.key_result (objective_id, title, target, external_id, owner)
VALUES (1, 'Recovery time (hours)', '72 -> 2', 'KR-1', 'ed'),
       (1, 'Failover drills', '0 -> 4', 'KR-2', 'dee')
ON CONFLICT (tenant, external_id) DO UPDATE SET title = excluded.title, owner = excluded.owner;
SELECT is((SELECT count(*) FROM okr.key_result WHERE tenant = 'default'), 2::bigint, 'UPSERT of key results by external id: no duplicates');
SELECT is((SELECT title || '/' || owner || '/' || (attributes ->> 'unit_label') FROM okr.key_result WHERE external_id = 'KR-1'),
          'Recovery time (hours)/ed/h', 'the second UPSERT updated title and owner, kept the attributes');

INSERT INTO okr.check_in (key_result_id, at, value, external_id)
SELECT id, '2026-10-05', 48, 'sheet-row-7' FROM okr.key_result WHERE external_id = 'KR-1'
ON CONFLICT (tenant, external_id) DO UPDATE SET value = excluded.value;
INSERT INTO okr.check_in (key_result_id, at, value, external_id)
SELECT id, '2026-10-05', 37, 'sheet-row-7' FROM okr.key_result WHERE external_id = 'KR-1'
ON CONFLICT (tenant, external_id) DO UPDATE SET value = excluded.value;
SELECT okr.flush();
SELECT is((SELECT count(*) FROM okr.check_in), 1::bigint, 'UPSERT of a check-in by external id: one row');
SELECT is((SELECT value FROM okr.key_result WHERE external_id = 'KR-1'), 37::float8,
          'the key result''s value follows the updated check-in');
SELECT is((SELECT round(score::numeric, 6) FROM okr.key_result WHERE external_id = 'KR-1'), 0.5,
          '... and its score: (72 - 37) / (72 - 2) = 0.5');

INSERT INTO okr.output (key_result_id, title, status, external_id, owner)
SELECT id, 'Drill 1', 'planned', 'OPS-17', 'ana' FROM okr.key_result WHERE external_id = 'KR-2'
ON CONFLICT (tenant, external_id) DO UPDATE SET status = excluded.status;
INSERT INTO okr.output (key_result_id, title, status, external_id, owner)
SELECT id, 'Drill 1', 'done', 'OPS-17', 'ana' FROM okr.key_result WHERE external_id = 'KR-2'
ON CONFLICT (tenant, external_id) DO UPDATE SET status = excluded.status;
SELECT is((SELECT count(*) || ' ' || min(status) || ' ' || min(owner) FROM okr.output), '1 done ana',
          'UPSERT of an output by external id: one row, updated, with its owner');
SELECT ok((SELECT done_at IS NOT NULL FROM okr.output WHERE external_id = 'OPS-17'), 'the UPSERT that made it done set done_at');

INSERT INTO okr.objective (title, period, external_id, team)
VALUES ('Uptime, renamed', '2026-Q4', 'JIRA-OPS-1', 'platform')
ON CONFLICT (tenant, external_id) DO UPDATE SET title = excluded.title, team = excluded.team;
SELECT is((SELECT title || '/' || team FROM okr.objective WHERE tenant = 'default' AND external_id = 'JIRA-OPS-1'),
          'Uptime, renamed/platform', 'UPSERT of an objective by external id updates it');
SELECT is((SELECT id FROM okr.objective WHERE tenant = 'default' AND external_id = 'JIRA-OPS-1'), 1::bigint, '... in place');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.check_in (key_result_id, value, external_id) SELECT id, 1, 'sheet-row-7' FROM okr.key_result WHERE external_id = 'KR-2'$$),
          '23505 check_in_external_id', 'a plain INSERT of a known check-in external id is refused');
SELECT is(pg_temp.try_constraint($$INSERT INTO okr.output (key_result_id, title, external_id) SELECT id, 'again', 'OPS-17' FROM okr.key_result WHERE external_id = 'KR-2'$$),
          '23505 output_external_id', '... and of an output''s');

-- ---------- owners and teams ----------
SELECT is(ARRAY(SELECT title FROM okr.key_result WHERE tenant = 'default' AND owner = 'dee'), ARRAY['Failover drills'],
          'key results by owner');
SELECT is(ARRAY(SELECT title FROM okr.objective WHERE tenant = 'default' AND team = 'finops'), ARRAY['Cost'],
          'objectives by team');
SELECT is(pg_temp.try_constraint($$SELECT okr.flush()$$), 'accepted', 'the rollup is unaffected');
SELECT is((SELECT count(*) FROM okr.verify()), 0::bigint, 'verify() is empty');

SELECT * FROM finish();
ROLLBACK;
