#!/bin/bash
# pg_dump keeps okr's data: dump the demo (with a closed objective), restore
# it into a new database as README ("Restoring a dump") says — with
# okr.maintenance off, then okr.rebuild() — and compare; then as its
# owner alone, as on a managed service ("Without a superuser").  Prints TAP.
# Needs PGHOST etc. and a superuser (run inside pg_virtualenv, as test/suites.sh
# does): the owner logs in over TCP with a password.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/tap.sh
snapshot() {  # every row of every table, all columns
    q "$1" -c "SELECT * FROM okr.objective ORDER BY 1, 2" \
           -c "SELECT * FROM okr.key_result ORDER BY 1, 2" \
           -c "SELECT * FROM okr.check_in ORDER BY 1, 2" \
           -c "SELECT * FROM okr.output ORDER BY 1, 2" \
           -c "SELECT * FROM okr.alignment ORDER BY 1, 2, 3"
}
echo "1..14"
# okr created by a database owner who is not a superuser, as in the README
psql -X -q -c "DROP ROLE IF EXISTS okr_dump_owner" -c "CREATE ROLE okr_dump_owner LOGIN PASSWORD 'okr_dump_owner'" 2>/dev/null
for db in okr_dump_src okr_dump_dst okr_dump_plain; do dropdb --if-exists "$db" 2>/dev/null; createdb -O okr_dump_owner "$db"; done
PGPASSWORD=okr_dump_owner psql -X -q -h "${PGHOST:-localhost}" -U okr_dump_owner -d okr_dump_src -f test/demo.sql >/dev/null
q okr_dump_src -c "UPDATE okr.objective SET state = 'closed' WHERE id = 2" >/dev/null
q okr_dump_src -c "SET okr.tenant = 'acme'" -c "INSERT INTO okr.objective (title, period) VALUES ('A second tenant''s', '2026')" >/dev/null
dump=$(mktemp)
pg_dump okr_dump_src >"$dump"
# Without the switch, a closed objective's history cannot come back in.
plain=$(psql -X -q -d okr_dump_plain -f "$dump" 2>&1)
check "a plain restore is refused under the closed objective" \
    grep -q 'ERROR:  cannot change key results of objective [23]: it is closed' <<<"$plain"
errors=$({ echo 'SET ROLE okr_dump_owner;'; cat "$dump"; } | PGOPTIONS='-c okr.maintenance=off' psql -X -q -d okr_dump_dst 2>&1 | grep -c ERROR)
check "restore with okr.maintenance off raises no error" test "$errors" -eq 0
check "okr and its tables belong to the database owner again" \
    test "$(q okr_dump_dst -c "SELECT e.extowner::regrole || ' ' || c.relowner::regrole FROM pg_extension e, pg_class c WHERE e.extname = 'okr' AND c.oid = 'okr.objective'::regclass")" = 'okr_dump_owner okr_dump_owner'
check "okr.rebuild() after the restore has nothing to repair" test "$(q okr_dump_dst -c 'SELECT okr.rebuild()')" -eq 0
check "restored data equals the original, closed objective included" \
    diff <(snapshot okr_dump_src) <(snapshot okr_dump_dst)
check "okr.verify() is empty after restore" test "$(q okr_dump_dst -c 'SELECT count(*) FROM okr.verify()')" -eq 0
check "identity sequences continue after restore" \
    test "$(q okr_dump_dst -c "INSERT INTO okr.objective (title, period) VALUES ('next', '2027') RETURNING id")" -eq 5
check "the restored closed objective stays frozen" \
    grep -q 'ERROR:  cannot change .* of key result 1: objective [0-9]* is closed' \
    <<<"$(psql -X -q -d okr_dump_dst -c "INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-10-01', 10)" 2>&1)"
# Set before the library is loaded, PostgreSQL drops the placeholder with a
# warning when it defines the (superuser-only) setting; after, it refuses.
q okr_dump_dst -c "CREATE ROLE okr_dump_app; GRANT USAGE ON SCHEMA okr TO okr_dump_app" >/dev/null
check "an ordinary role cannot turn maintenance off" \
    test "$(q okr_dump_dst -c 'SET ROLE okr_dump_app' -c 'SET okr.maintenance = off' -c "SELECT okr.setting('okr.maintenance')" 2>/dev/null)" = on
q okr_dump_dst -c "DROP OWNED BY okr_dump_app; DROP ROLE okr_dump_app" >/dev/null

# Without a superuser: the owner dumps under tenant isolation and restores
# alone, okr's triggers disabled while the data loads, as the README says.
as_owner() { PGPASSWORD=okr_dump_owner "$@" -h "${PGHOST:-localhost}" -U okr_dump_owner; }
q okr_dump_src -c "SELECT okr.enable_tenant_isolation()" >/dev/null
as_owner pg_dump --enable-row-security -Fc -f "$dump" okr_dump_src
dropdb okr_dump_dst; createdb -O okr_dump_owner okr_dump_dst
okr_triggers() {  # ENABLE|DISABLE the owner's triggers on okr's tables
    as_owner psql -X -q -A -t -v ON_ERROR_STOP=1 -d okr_dump_dst <<SQL
SELECT format('ALTER TABLE %s $1 TRIGGER USER', c.oid::regclass)
  FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'okr'
 WHERE c.relkind = 'r' \gexec
SQL
}
restore=$({ as_owner pg_restore --section=pre-data -d okr_dump_dst "$dump" && okr_triggers DISABLE &&
            as_owner pg_restore --section=data -d okr_dump_dst "$dump" && okr_triggers ENABLE &&
            as_owner psql -X -q -A -t -v ON_ERROR_STOP=1 -d okr_dump_dst -c 'SELECT okr.rebuild()' -c 'SELECT okr.rebuild_pace()' >/dev/null &&
            as_owner pg_restore --section=post-data -d okr_dump_dst "$dump" &&
            as_owner psql -X -q -A -t -v ON_ERROR_STOP=1 -d okr_dump_dst -c 'SELECT okr.enable_tenant_isolation()' >/dev/null; } 2>&1 && echo restored)
check "the owner alone dumps and restores a tenant-isolated database" test "$restore" = restored
check "restored by the owner: data equals the original, closed objective included" \
    diff <(snapshot okr_dump_src) <(snapshot okr_dump_dst)
check "restored by the owner: okr.verify() is empty" test "$(q okr_dump_dst -c 'SELECT count(*) FROM okr.verify()')" -eq 0
check "restored by the owner: the closed objective stays frozen" \
    grep -q 'ERROR:  cannot change .* of key result 1: objective [0-9]* is closed' \
    <<<"$(psql -X -q -d okr_dump_dst -c "INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-10-01', 10)" 2>&1)"
check "restored by the owner: okr's triggers and tenant isolation are on again" \
    test "$(q okr_dump_dst -c "SELECT count(*) FILTER (WHERE tgenabled <> 'O') || ' ' || bool_and(relforcerowsecurity) FROM pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid WHERE c.oid = 'okr.check_in'::regclass")" = '0 true'
rm -f "$dump"
for db in okr_dump_src okr_dump_dst okr_dump_plain; do dropdb "$db"; done
psql -X -q -c "DROP ROLE okr_dump_owner"
