-- Writes with okr.maintenance off (a restore; superuser only) take no
-- tenant lock and bump no structure version, so the transaction that made
-- them must not answer from the backend's structure cache: a check-in under
-- an objective it closed so is refused, as the rows say.  The rows are
-- committed first, so that the cache is warm and the test transaction edits
-- no structure with maintenance on.
\set QUIET on
\set ON_ERROR_STOP on
SET okr.tenant = 'unmaintained';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'Open', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (11, 1, 'k', '0 -> 10');
-- two check-ins: the first loads the cache (k11's objective, Open's node), the second answers from it
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2026-10-01', 1);
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2026-10-02', 2);
\set ON_ERROR_STOP off

BEGIN;
SELECT plan(2);
\ir lib/try.psql
SAVEPOINT closing;
SET LOCAL okr.maintenance = off;
UPDATE okr.objective SET state = 'closed' WHERE id = 1;
SET LOCAL okr.maintenance = on;
SELECT is(pg_temp.try($$INSERT INTO okr.check_in (key_result_id, at, value) VALUES (11, '2026-10-03', 3)$$),
          '55000 | cannot change check-ins of key result 11: objective 1 is closed | A closed objective is frozen with its final grade. | Reopen it first: UPDATE okr.objective SET state = ''active'' WHERE id = 1.',
          'closed with maintenance off in this transaction: a check-in under it is refused, not let through by the cache');
ROLLBACK TO SAVEPOINT closing;

SELECT is((SELECT state FROM okr.objective WHERE tenant = 'unmaintained' AND id = 1), 'active',
          'the closing was rolled back with its savepoint');
SELECT * FROM finish();
ROLLBACK;

SET okr.maintenance = off;
DELETE FROM okr.check_in WHERE tenant = 'unmaintained';
DELETE FROM okr.key_result WHERE tenant = 'unmaintained';
DELETE FROM okr.objective WHERE tenant = 'unmaintained';
DELETE FROM okr.structure_version WHERE tenant = 'unmaintained';
