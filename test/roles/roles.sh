#!/bin/bash
# No superuser needed: a database owner who is not a superuser creates okr
# (a trusted extension), owns its tables and views, grants them to an
# application role and a BI role, sets okr.tenant for the database, and each
# role does its work logged in as itself.  What runs as whom is in the
# README ("Without a superuser").  Prints TAP.  Needs PGHOST etc. (run
# inside pg_virtualenv, as test/suites.sh does), as a superuser.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/tap.sh
db=okr_roles
# as ROLE SQL...: run SQL logged in as ROLE (password = role name) in $db.
as() {
    local role=$1; shift
    PGPASSWORD=$role psql -X -q -A -t -v ON_ERROR_STOP=1 -h "${PGHOST:-localhost}" -U "$role" -d "$db" "$@"
}
# fails_with SQLSTATE ROLE SQL: the statement fails with that SQLSTATE.
fails_with() {
    local out
    out=$(as "$2" -v VERBOSITY=verbose -c "$3" 2>&1)
    [[ $out == *"ERROR:  $1:"* ]] || { echo "# expected $1, got: $out"; return 1; }
}
is() { [ "$1" = "$2" ] || { echo "# got '$1', expected '$2'"; return 1; }; }

echo "1..24"
dropdb --if-exists "$db" >/dev/null 2>&1
for r in okr_dbo okr_app okr_bi okr_t1 okr_t2; do psql -X -q -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
psql -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE okr_dbo LOGIN PASSWORD 'okr_dbo' NOSUPERUSER NOCREATEDB NOCREATEROLE" \
    -c "CREATE ROLE okr_app LOGIN PASSWORD 'okr_app'" \
    -c "CREATE ROLE okr_bi LOGIN PASSWORD 'okr_bi'" \
    -c "CREATE ROLE okr_t1 LOGIN PASSWORD 'okr_t1'" -c "CREATE ROLE okr_t2" -c "GRANT okr_t2 TO okr_t1" \
    -c "CREATE DATABASE $db OWNER okr_dbo" >/dev/null

# The database owner attacks the install script, which runs as the bootstrap
# superuser: a schema okr created beforehand, with a format(text, text) and
# an = (oid, regclass) that match the script's calls better than
# pg_catalog's, and that make okr_dbo a superuser if they run as one.
as okr_dbo >/dev/null 2>&1 <<'SQL'
CREATE SCHEMA okr;
CREATE FUNCTION okr.format(text, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE okr_dbo SUPERUSER';
    END IF;
    RETURN pg_catalog.format($1, $2);
END $$;
CREATE FUNCTION okr.planted_eq(oid, regclass) RETURNS boolean LANGUAGE sql
    AS $$ SELECT okr.format('%s', 'x') IS NOT NULL AND $1 OPERATOR(pg_catalog.=) $2::oid $$;
CREATE OPERATOR okr.= (FUNCTION = okr.planted_eq, LEFTARG = oid, RIGHTARG = regclass);
SQL
check "CREATE EXTENSION okr refuses a schema okr holding objects okr did not create (42501)" \
    fails_with 42501 okr_dbo 'CREATE EXTENSION okr'
check "nothing planted in schema okr ran as the superuser" \
    is "$(psql -X -A -t -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'okr_dbo'")" f
check "0.1.0's install script (search_path = okr) is not installable: CREATE EXTENSION okr VERSION '0.1.0' fails" \
    fails_with 22023 okr_dbo "CREATE EXTENSION okr VERSION '0.1.0'"
as okr_dbo -c 'DROP SCHEMA okr CASCADE' >/dev/null 2>&1

# The database owner: the extension, the grants, the tenant of the database.
check "a database owner who is not a superuser can CREATE EXTENSION okr" as okr_dbo -c 'CREATE EXTENSION okr'
check "okr's tables, views and SQL and PL/pgSQL functions belong to the database owner, its C functions (and its aggregate) to the bootstrap superuser" \
    is "$(as okr_dbo -c "SELECT string_agg(DISTINCT kind || ':' || owner, ' ' ORDER BY kind || ':' || owner) FROM (
            SELECT 'relation' AS kind, c.relowner::regrole::text AS owner FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind IN ('r', 'v')
            UNION ALL SELECT CASE WHEN l.lanname IN ('sql', 'plpgsql') THEN 'sql' ELSE 'c' END, p.proowner::regrole::text
              FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = 'okr'::regnamespace) o")" \
       "c:postgres relation:okr_dbo sql:okr_dbo"
grants=$(as okr_dbo -c "GRANT USAGE ON SCHEMA okr TO okr_app, okr_bi" \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA okr TO okr_app" \
    -c "GRANT INSERT, UPDATE, DELETE ON okr.objective, okr.alignment, okr.key_result, okr.check_in, okr.output TO okr_app" \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA okr TO okr_bi" 2>&1)
check "the database owner grants okr's tables and views to the app and BI roles, without a warning" is "$grants" ""
check "so granted, the app role cannot LOCK okr.tenant_role, which every tenant's sessions read (42501)" \
    fails_with 42501 okr_app 'BEGIN; LOCK TABLE okr.tenant_role IN ACCESS EXCLUSIVE MODE; COMMIT'
# okr's own grants and revokes are its initial privileges, recorded under the
# owner: a dump names no bootstrap superuser, which a restore elsewhere lacks
bootstrap=$(psql -X -A -t -c "SELECT rolname FROM pg_roles WHERE oid = 10")
check "a dump of the database grants or revokes nothing of the bootstrap superuser's" \
    is "$(pg_dump --schema-only "$db" | grep -E '^(GRANT|REVOKE) ' | grep -cw "$bootstrap")" 0
# A setting of okr's library is known to a session once an okr function ran
# in it (here okr.setting()); before that PostgreSQL refuses a non-superuser
# ALTER DATABASE ... SET of the unknown placeholder.
check "the database owner sets okr.tenant for the database (after an okr call in the session)" \
    as okr_dbo -o /dev/null -c "SELECT okr.setting('okr.tenant')" -c "ALTER DATABASE $db SET okr.tenant = 'acme'"
check "a role that is not a superuser sets its own okr.tenant in the database" \
    as okr_bi -o /dev/null -c "SELECT okr.setting('okr.tenant')" -c "ALTER ROLE okr_bi IN DATABASE $db SET okr.tenant = 'acme'"
check "a new session of another role writes as tenant acme" is "$(as okr_app -c 'SELECT okr.current_tenant()')" acme

# The application: writes; okr's rollup maintains the scores at commit.
check "the app role writes objectives, key results and check-ins" as okr_app \
    -c "INSERT INTO okr.objective (title, period) VALUES ('Faster recovery', '2026-Q4')" \
    -c "INSERT INTO okr.key_result (objective_id, title, target) SELECT id, 'Recovery hours', '72 -> 2' FROM okr.objective" \
    -c "INSERT INTO okr.check_in (key_result_id, value, at) SELECT id, 37, '2026-11-01' FROM okr.key_result"
check "its commit rolled the check-in up (72 -> 2 at 37: 0.5)" \
    is "$(as okr_app -c "SELECT tenant || ' ' || score FROM okr.objective")" "acme 0.5"
check "the app role may not rebuild (42501)" fails_with 42501 okr_app 'SELECT okr.rebuild()'
check "the app role may not write a maintained column (428C9)" fails_with 428C9 okr_app 'UPDATE okr.objective SET score = 1'

# BI: reads the views, writes nothing.
check "the BI role reads the scorecard" is "$(as okr_bi -c "SELECT title || ' ' || score || ' ' || grade FROM okr.scorecard")" "Faster recovery 0.5 yellow"
check "the BI role may not write (42501)" fails_with 42501 okr_bi "INSERT INTO okr.check_in (key_result_id, value) VALUES (1, 2)"

# The owner repairs and checks.
check "the database owner runs okr.rebuild()" as okr_dbo -o /dev/null -c 'SELECT okr.rebuild()'
check "okr.verify() is empty" is "$(as okr_dbo -c 'SELECT count(*) FROM okr.verify()')" 0

# The database owner attacks: its own trigger and CHECK on the tables okr's
# SECURITY DEFINER structure triggers write, a function that makes it a
# superuser if it runs as one.  Those triggers run as the owner, never as the
# bootstrap superuser (they did: okr_dbo became a superuser).
as okr_dbo >/dev/null 2>&1 <<'SQL'
CREATE FUNCTION public.escalate() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE okr_dbo SUPERUSER';
    END IF;
    RETURN true;
END $$;
CREATE FUNCTION public.escalate_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM public.escalate(); RETURN NULL; END $$;
CREATE TRIGGER escalate AFTER INSERT ON okr.key_result_version FOR EACH STATEMENT EXECUTE FUNCTION public.escalate_trigger();
ALTER TABLE okr.objective_path ADD CONSTRAINT escalate CHECK (public.escalate());
SQL
as okr_dbo -o /dev/null -c "INSERT INTO okr.objective (title, period) VALUES ('Second', '2026-Q4')" \
    -c "UPDATE okr.key_result SET weight = 2" >/dev/null 2>&1
check "okr's structure triggers run the owner's own trigger and CHECK as the owner: it is no superuser" \
    is "$(psql -X -A -t -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'okr_dbo'")" f

# A role the owner granted TRIGGER cannot make its own function fire as the
# owner (okr.trigger_guard()): okr's rollup, structure triggers and foreign
# keys' cascades write okr's tables as their owner.
as okr_dbo -c "GRANT CREATE ON SCHEMA public TO okr_app" -c "GRANT TRIGGER ON okr.check_in TO okr_app" >/dev/null
as okr_app -c 'CREATE FUNCTION public.app_trigger() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$' >/dev/null
check "a role granted TRIGGER cannot put a trigger of its own function on an okr table (42501)" \
    fails_with 42501 okr_app 'CREATE TRIGGER app AFTER DELETE ON okr.check_in FOR EACH STATEMENT EXECUTE FUNCTION public.app_trigger()'

# Tenancy as a boundary, with an owner row security applies to (not a
# superuser): a login bound to one tenant, SET ROLE to a role bound to
# another, writes as the current role's tenant, and okr's SECURITY DEFINER
# structure triggers (as the owner, bound to none) maintain that tenant's
# paths.  They took the session role's binding: row security refused the
# new path (42501).
as okr_dbo -o /dev/null -c "DROP TRIGGER escalate ON okr.key_result_version" -c "ALTER TABLE okr.objective_path DROP CONSTRAINT escalate" \
    -c "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA okr TO okr_t2" \
    -c "GRANT USAGE ON SCHEMA okr TO okr_t1, okr_t2" -c "GRANT USAGE ON ALL SEQUENCES IN SCHEMA okr TO okr_t2" \
    -c "INSERT INTO okr.tenant_role VALUES ('okr_t1', 't1'), ('okr_t2', 't2')" -c "SELECT okr.enable_tenant_isolation()"
check "a role bound to t1, SET ROLE to one bound to t2, writes t2's objectives and alignments under isolation" \
    as okr_t1 -c "SET ROLE okr_t2" -c "INSERT INTO okr.objective (id, title, period) VALUES (101, 'T2 top', '2026-Q4'), (102, 'T2 team', '2026-Q4')" \
    -c "INSERT INTO okr.alignment (child_id, parent_id) VALUES (102, 101)"
check "... okr maintained t2's paths and shapes: okr.verify() (paths and shapes too) is empty" \
    is "$(as okr_dbo -c "SELECT count(*) FROM okr.verify()")" 0
check "... t2 reads the new path" is "$(as okr_t1 -c "SET ROLE okr_t2" -c "SELECT path FROM okr.alignment_tree WHERE objective_id = 102")" "101 > 102"

dropdb "$db"
for r in okr_dbo okr_app okr_bi okr_t1 okr_t2; do psql -X -q -c "DROP ROLE $r" >/dev/null; done
