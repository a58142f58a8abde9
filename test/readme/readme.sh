#!/bin/bash
# Every SQL block of README.md works as written on a fresh database: a
# database app owned by a role that is not a superuser (with CREATEROLE, as a
# managed database's owner has), which creates okr; then each ```sql block,
# in order, in a new session of that role, stopping at the first error.
# Prints TAP.  Needs PGHOST etc. (run inside pg_virtualenv, as
# test/suites.sh does), as a superuser.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
owner=okr_readme
host=${PGHOST:-localhost}
[[ $host == /* ]] && host=localhost
# README.md's ```sql blocks, one file each: $tmp/01.sql ...
awk -v dir="$tmp" '/^```sql$/ { f = sprintf("%s/%02d.sql", dir, ++i); next }
                   /^```/ { f = ""; next }
                   f { print > f }' README.md
blocks=("$tmp"/*.sql)
roles_before=$(q postgres -c "SELECT string_agg(quote_ident(rolname), ',') FROM pg_roles")
dropdb --if-exists app >/dev/null 2>&1
psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $owner" \
    -c "CREATE ROLE $owner LOGIN CREATEROLE PASSWORD '$owner'" -c "CREATE DATABASE app OWNER $owner" >/dev/null
as_owner() { PGPASSWORD=$owner psql -X -q -v ON_ERROR_STOP=1 -h "$host" -U "$owner" -d app "$@"; }

echo "1..$((${#blocks[@]} + 1))"
check "the database owner creates okr in a fresh database app" as_owner -c 'CREATE EXTENSION okr'
for f in "${blocks[@]}"; do
    first=$(grep -m1 -v '^ *--' "$f" | cut -c1-60)
    check "README block $(basename "$f" .sql) works as written: $first" as_owner -o /dev/null -f "$f"
done
dropdb app
# The roles the README created, and the owner (all created after roles_before).
q postgres -c "SELECT 'DROP ROLE ' || quote_ident(rolname) || ';' FROM pg_roles WHERE quote_ident(rolname) <> ALL (string_to_array('$roles_before', ','))" |
    psql -X -q >/dev/null
