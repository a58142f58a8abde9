#!/bin/bash
# okr through the real drivers BI tools and applications use: pgJDBC
# (OkrJdbc.java) and psqlODBC (odbc.py), each with and without the
# connection options the README documents, logged in as a role that is not
# a superuser.  Prints TAP (the two programs' plans, renumbered).  Needs
# PGHOST etc. (run inside pg_virtualenv, as test/suites.sh does).
set -uo pipefail
cd "$(dirname "$0")/../.."
db=okr_drivers
role=okr_driver
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
host=${PGHOST:-localhost}
[[ $host == /* ]] && host=localhost
fresh() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    psql -X -q -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN PASSWORD '$role'" >/dev/null
    createdb -O "$role" "$db"
    PGPASSWORD=$role psql -X -q -h "$host" -U "$role" -d "$db" -c 'CREATE EXTENSION okr' >/dev/null
}

fresh
javac -d "$tmp" -cp /usr/share/java/postgresql.jar test/drivers/OkrJdbc.java >"$tmp/javac.log" 2>&1 ||
    { cat "$tmp/javac.log"; echo "not ok - OkrJdbc.java does not compile"; exit 1; }
java -cp "/usr/share/java/postgresql.jar:$tmp" OkrJdbc \
    "jdbc:postgresql://$host:$PGPORT/$db?user=$role&password=$role" >"$tmp/jdbc.tap" 2>&1
jdbc=$?
fresh
/usr/bin/python3 test/drivers/odbc.py \
    "Driver={PostgreSQL Unicode};Server=$host;Port=$PGPORT;Database=$db;Uid=$role;Pwd=$role" >"$tmp/odbc.tap" 2>&1
odbc=$?
# One TAP stream: jdbc's tests, then odbc's, numbered on.
awk '/^1\.\./ { next }
     /^(not )?ok [0-9]+ - / { sub(/ok [0-9]+ - /, "ok " ++n " - " (FILENAME ~ /jdbc/ ? "pgJDBC" : "psqlODBC") ": ") }
     { print } END { print "1.." n }' "$tmp/jdbc.tap" "$tmp/odbc.tap"
dropdb "$db"
psql -X -q -c "DROP ROLE $role" >/dev/null
[ "$jdbc" -eq 0 ] && [ "$odbc" -eq 0 ]
