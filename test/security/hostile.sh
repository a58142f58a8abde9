#!/bin/bash
# The hostile suite (issue 7): okr attacked the way a role that wants more
# than it was given would.  Prints TAP.  Needs PGHOST etc. of a superuser
# (run inside pg_virtualenv, as test/suites.sh does).
#   1. CVE-2018-1058: mallory plants functions, aggregates and operators in
#      public (test/security/plant.sql); every okr code path runs with public
#      first in search_path, as the superuser and as mallory
#      (test/security/paths.sql): nothing planted may run, no result change.
#   2. Escalation through a user trigger on okr.key_result / okr.objective
#      fired by the rollup (finding 1), and on each table okr writes as its
#      owner through SQL (the structure triggers' tables, pending scores):
#      refused, never fired; a granted role cannot write those tables.
#   3. Tenant locks: a bound role cannot take another tenant's lock through
#      okr.tenant, nor a role with nothing but CONNECT through advisory locks
#      (finding 4).
#   4. Under okr.enable_tenant_isolation(), a scan of every relation and
#      function from a bound role finds no other tenant's row, and no index
#      scan of hers reads one (test/security/scan.sql); her plans follow her
#      binding.
set -uo pipefail
cd "$(dirname "$0")/../.."
db=okr_hostile
logs=test/logs/security
mkdir -p "$logs"
. test/lib/tap.sh
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"; }
as() {  # as ROLE psql-args...: a login of ROLE (password = role name)
    local role=$1
    shift
    PGPASSWORD=$role psql -X -q -A -t -h localhost -U "$role" -d "$db" "$@"
}
absent() { ! grep -qE "$1" "$2"; }
superuser() { test "$(q -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$1'")" = t; }

echo "1..25"
dropdb --if-exists "$db" >/dev/null 2>&1
psql -X -q -d postgres -c "REVOKE SET ON PARAMETER session_replication_role FROM eve" >/dev/null 2>&1
for r in mallory eve alice nobody; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f test/demo.sql >"$logs/demo.log" 2>&1
q >/dev/null <<'SQL'
SET okr.tenant = 'victim';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'Victim''s secret', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'Victim''s revenue', '0 -> 100');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-01', 42);
INSERT INTO okr.tenant_config (tenant, grade_green) VALUES ('victim', 0.3);
SQL
q >/dev/null <<'SQL'
CREATE ROLE mallory LOGIN PASSWORD 'mallory';
CREATE ROLE eve LOGIN PASSWORD 'eve';
CREATE ROLE alice LOGIN PASSWORD 'alice';
CREATE ROLE nobody LOGIN PASSWORD 'nobody';
GRANT CREATE ON SCHEMA public TO mallory, eve;
GRANT USAGE ON SCHEMA okr TO mallory, eve, alice;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA okr TO mallory, alice;
GRANT ALL ON ALL TABLES IN SCHEMA okr TO eve;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA okr TO mallory, eve, alice;
INSERT INTO okr.tenant_role VALUES ('alice', 'default');
SQL

# ---------- 1. CVE-2018-1058 ----------
as mallory -v ON_ERROR_STOP=1 -f test/security/plant.sql >"$logs/plant.log" 2>&1
check "mallory plants functions, aggregates and operators in public" \
    test "$(q -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace")" -ge 30
for who in victim mallory; do
    rebuild=false
    run=(q)
    [ "$who" = victim ] && rebuild=true
    [ "$who" = mallory ] && run=(as mallory)
    "${run[@]}" -v ON_ERROR_STOP=1 -v writer="$who" -v rebuild="$rebuild" \
        -f test/security/paths.sql >"$logs/paths-$who.log" 2>&1
    rc=$?
    check "public first in search_path: every okr path runs for the $who (see $logs/paths-$who.log)" \
        test "$rc" -eq 0 -a "$(grep -c '^READ PATHS: ' "$logs/paths-$who.log")" -eq 1
    check "... and no planted object runs, as anyone (check-in, rollup, flush, closing, validation, rebuild, reads)" \
        absent PLANTED "$logs/paths-$who.log"
    check "... and no read path (verify, lint, every view, scorecard_at, scores_at, score_series, explain) answers differently" \
        absent '^DIFFERS' "$logs/paths-$who.log"
done
check "mallory is no superuser" not superuser mallory
check "okr.verify() is empty after the attack" test "$(q -c 'SELECT count(*) FROM okr.verify()')" -eq 0

# ---------- 2. escalation through a user trigger (finding 1) ----------
# eve holds TRIGGER (GRANT ALL).  Triggers fire as whoever writes the table,
# and okr's tables are written as their owner for other roles: by the
# rollup, the structure triggers, and the ON DELETE CASCADE of okr's foreign
# keys (alice deleting her objective deletes its key results and check-ins
# as the owner).  okr.trigger_guard() refuses every trigger of eve's at
# CREATE: her function, a superuser's function with her function in the
# WHEN clause, a replacement of okr's own after_truncate (OR REPLACE), one
# created inside REFRESH MATERIALIZED VIEW, one in replica mode.
q -c "GRANT SET ON PARAMETER session_replication_role TO eve" >/dev/null
as eve -v VERBOSITY=verbose >"$logs/escalation.log" 2>&1 <<'SQL'
CREATE FUNCTION public.evil() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE eve SUPERUSER;
    RETURN NULL;
END $$;
CREATE FUNCTION public.evil_when(bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE eve SUPERUSER;
    RETURN false;
END $$;
CREATE TRIGGER evil AFTER UPDATE ON okr.key_result FOR EACH STATEMENT EXECUTE FUNCTION public.evil();
CREATE TRIGGER evil AFTER UPDATE ON okr.objective FOR EACH STATEMENT EXECUTE FUNCTION public.evil();
CREATE TRIGGER "  evil" BEFORE DELETE ON okr.check_in FOR EACH STATEMENT EXECUTE FUNCTION public.evil();
CREATE TRIGGER evil BEFORE DELETE ON okr.alignment FOR EACH ROW EXECUTE FUNCTION public.evil();
CREATE TRIGGER evil_when AFTER DELETE ON okr.check_in FOR EACH ROW WHEN (public.evil_when(OLD.id))
    EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger();
CREATE OR REPLACE TRIGGER after_truncate AFTER TRUNCATE ON okr.check_in
    FOR EACH STATEMENT EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger();
-- inside REFRESH MATERIALIZED VIEW, where PostgreSQL collects no DDL commands
CREATE FUNCTION public.eve_plant() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'CREATE TRIGGER planted BEFORE DELETE ON okr.check_in FOR EACH STATEMENT EXECUTE FUNCTION public.evil()';
    RETURN 1;
END $$;
CREATE MATERIALIZED VIEW public.eve_plant AS SELECT public.eve_plant() WITH NO DATA;
REFRESH MATERIALIZED VIEW public.eve_plant;
-- in replica mode, which skips event triggers that are not ENABLE ALWAYS
SET session_replication_role = replica;
CREATE TRIGGER evil_replica BEFORE DELETE ON okr.check_in FOR EACH STATEMENT EXECUTE FUNCTION public.evil();
RESET session_replication_role;
SET okr.tenant = 'default';
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-22', 20);
SQL
as alice -c "SET okr.tenant = 'default'" -c "INSERT INTO okr.objective (id, title, period) VALUES (95, 'Alice''s', '2026-Q4')" \
    -c "INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (95, 95, 'Alice''s', '0 -> 10')" \
    -c "INSERT INTO okr.check_in (key_result_id, at, value) VALUES (95, '2026-11-22', 5)" \
    -c "DELETE FROM okr.objective WHERE id = 95" >"$logs/escalation-cascade.log" 2>&1
check "a role holding TRIGGER cannot put a trigger on an okr table, nor replace okr's (42501, 8 statements)" \
    test "$(grep -c "ERROR:  42501: only the owner of okr\.[a-z_]* may create a trigger on it" "$logs/escalation.log")" -eq 8
check "neither the rollup nor a bound role's cascaded delete ran eve's function as okr's owner (eve is no superuser)" not superuser eve
check "... alice's objective, key result, check-in and delete all went through (no error in escalation-cascade.log)" \
    test "$(grep -ci 'error' "$logs/escalation-cascade.log")" -eq 0
check "... and the bound role's delete went through" test "$(q -c 'SELECT count(*) FROM okr.key_result WHERE id = 95')" -eq 0
q -c "DROP TRIGGER IF EXISTS evil ON okr.key_result; DROP TRIGGER IF EXISTS evil ON okr.objective" >/dev/null 2>&1
q -c "ALTER ROLE eve NOSUPERUSER" >/dev/null
# Triggers that predate the guard (an upgrade from 0.1.0, or the event
# trigger disabled by a superuser): okr refuses to write its maintained
# tables while they are there, rather than fire them.
q -c "ALTER EVENT TRIGGER okr_trigger_guard DISABLE" >/dev/null
as eve -v VERBOSITY=verbose >"$logs/escalation-maintained.log" 2>&1 <<'SQL'
CREATE FUNCTION public.evil_maintained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE eve SUPERUSER;
    RETURN NULL;
END $$;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['objective_path', 'objective_shape', 'objective_pace', 'key_result_version', 'pending_score'] LOOP
        EXECUTE format('CREATE TRIGGER evil BEFORE INSERT OR UPDATE OR DELETE ON okr.%I FOR EACH STATEMENT EXECUTE FUNCTION public.evil_maintained()', t);
    END LOOP;
END $$;
SET okr.tenant = 'default';
INSERT INTO okr.objective (id, title, period) VALUES (90, 'Eve''s', '2026-Q4');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (90, 1, 'Eve''s', '0 -> 10');
UPDATE okr.key_result SET weight = 3 WHERE id = 1;
UPDATE okr.objective SET state = 'closed' WHERE id = 1;
SQL
q -c "ALTER EVENT TRIGGER okr_trigger_guard ENABLE" >/dev/null
check "user triggers on the tables okr writes as its owner never run as the owner (eve is no superuser)" not superuser eve
check "... okr refuses those writes while the triggers are there (42501, 4 statements)" \
    test "$(grep -c 'ERROR:  42501: okr will not write okr\.' "$logs/escalation-maintained.log")" -eq 4
q -c "DO \$\$DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['objective_path', 'objective_shape', 'objective_pace', 'key_result_version', 'pending_score'] LOOP
      EXECUTE format('DROP TRIGGER IF EXISTS evil ON okr.%I', t); END LOOP; END\$\$" >/dev/null
q -c "ALTER ROLE eve NOSUPERUSER" >/dev/null
as mallory -v VERBOSITY=verbose >"$logs/maintained-writes.log" 2>&1 <<'SQL'
SET okr.tenant = 'default';
UPDATE okr.objective_shape SET key_results = 7;
INSERT INTO okr.key_result_version VALUES ('default', 1, '2030-01-01', '0 -> 10', 1, 1);
DELETE FROM okr.objective_path;
UPDATE okr.objective_pace SET scored = NOT scored;
DELETE FROM okr.structure_version;
INSERT INTO okr.pending_score VALUES ('default', 1, 0.5);
SQL
check "a role granted every okr table cannot write the tables okr maintains (42501, 6 statements)" \
    test "$(grep -c 'ERROR:  42501: permission denied to change okr\.' "$logs/maintained-writes.log")" -eq 6

# ---------- 3. tenant locks (finding 4) ----------
# a structure write of tenant victim that must not wait for the holder
victim_write() {
    q -c "SET lock_timeout = '1500ms'; SET okr.tenant = 'victim'; UPDATE okr.key_result SET weight = 1 WHERE tenant = 'victim'" \
        >>"$logs/locks.log" 2>&1
}
# held_by ROLE SQL: while ROLE runs SQL (a transaction that sleeps 4 s), the
# victim's structure write does not wait.
held_by() {
    as "$1" -c "$2" >>"$logs/locks.log" 2>&1 &
    local holder=$! rc
    sleep 1
    victim_write
    rc=$?
    wait "$holder" || return 1     # a holder that failed held nothing
    return "$rc"
}
check "a role bound to another tenant cannot hold victim's tenant lock through okr.tenant" \
    held_by alice "BEGIN; SET LOCAL okr.tenant = 'victim'; DELETE FROM okr.alignment WHERE false; SELECT pg_sleep(4); COMMIT"
# ... nor in a foreign key's cascade, which runs as the owner (bound to none)
as alice -c "SET okr.tenant = 'default'" -c "INSERT INTO okr.objective (id, title, period) VALUES (96, 'Alice''s', '2026-Q4')" \
    -c "INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (96, 96, 'k', '0 -> 10')" >>"$logs/locks.log" 2>&1
check "... nor through the cascade of her objective's delete to its key results (run as the owner)" \
    held_by alice "BEGIN; SET LOCAL okr.tenant = 'victim'; DELETE FROM okr.objective WHERE id = 96; SELECT pg_sleep(4); COMMIT"
check "a role with nothing but CONNECT cannot block a tenant's writes with advisory locks" \
    held_by nobody "SELECT pg_advisory_lock(x'006F6B72'::int, hashtext('victim')), pg_advisory_lock(7302002, hashtext('victim')), pg_sleep(4)"

# ---------- 4. tenant isolation: scan everything as a bound role ----------
check "okr.enable_tenant_isolation() runs" test "$(q -c 'SELECT okr.enable_tenant_isolation()')" -ge 6
as alice -v ON_ERROR_STOP=1 -f test/security/scan.sql >"$logs/scan.log" 2>&1
rc=$?
check "the scan runs as alice, bound to tenant default ($(grep -o 'SCANNED: [0-9]*' "$logs/scan.log"))" \
    test "$rc" -eq 0 -a "$(grep -o 'SCANNED: [0-9]*' "$logs/scan.log" | grep -o '[0-9]*' || echo 0)" -ge 15
check "... no relation or function shows her another tenant's rows or policy" absent 'LEAK|UNCHECKED' "$logs/scan.log"
as alice -c "SET okr.tenant = 'victim'; INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-23', 25)" \
    >>"$logs/scan.log" 2>&1
check "under isolation her check-in rolls up exactly, victim's rows untouched" \
    test "$(q -c "SELECT count(*) FROM okr.verify()") $(q -c "SELECT count(*) FROM okr.check_in WHERE tenant = 'victim'")" = "0 1"
# A plan folds the role's binding into the policy (src/isolation.c): binding
# or unbinding the role plans its prepared statement again.
tenants_seen=$(q <<'SQL' | tr '\n' ' '
SET plan_cache_mode = force_generic_plan;
SET ROLE eve;
PREPARE tenants AS SELECT count(DISTINCT tenant) FROM okr.objective;
EXECUTE tenants;
RESET ROLE;
INSERT INTO okr.tenant_role VALUES ('eve', 'default');
SET ROLE eve;
EXECUTE tenants;
RESET ROLE;
DELETE FROM okr.tenant_role WHERE role = 'eve';
SET ROLE eve;
EXECUTE tenants;
SQL
)
check "a prepared statement sees every tenant unbound, its own once bound, every one once unbound ($tenants_seen)" \
    test "$tenants_seen" = "2 1 2 "
# A binding that comes from the session role is not planned in: the plan is
# cached for the current role (here eve's SECURITY DEFINER function), and the
# session role can change.
q >/dev/null <<'SQL'
SET ROLE eve;
CREATE FUNCTION public.eve_tenants() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog AS $$ BEGIN RETURN (SELECT count(DISTINCT tenant) FROM okr.objective); END $$;
SQL
tenants_seen=$(q <<'SQL' | tr '\n' ' '
SET SESSION AUTHORIZATION alice;
SELECT public.eve_tenants();
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION nobody;
SELECT public.eve_tenants();
SQL
)
check "an unbound role's function sees alice's tenant in her session, every one in an unbound one after ($tenants_seen)" \
    test "$tenants_seen" = "1 2 "

dropdb "$db"
psql -X -q -d postgres -c "REVOKE SET ON PARAMETER session_replication_role FROM eve" >/dev/null 2>&1
for r in mallory eve alice nobody; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
