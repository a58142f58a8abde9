#!/bin/bash
# pg_upgrade from PostgreSQL 15 to 18 of a cluster with okr data keeps every
# row and score.  No Debian suite ships both servers, so this runs in the
# sid chroot of `test/matrix/run.sh --pg-upgrade` (as root): 18 is sid's
# package, 15 is built from Debian's own source package of it (bookworm's
# postgresql-15, fetched with apt-get source into /opt/postgresql-15, once).
# okr is built for both.  Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/tap.sh
old=/opt/postgresql-15
new=/usr/lib/postgresql/18
port=${OKR_TEST_PORT:-5432}
work=/var/tmp/okr-pg-upgrade
export DEBIAN_FRONTEND=noninteractive

# PostgreSQL 15 from bookworm's source package, unoptimised for a shorter
# build: it only runs the old cluster for pg_upgrade.
build_15() {
    [ -x "$old/bin/postgres" ] && return 0
    local mirror src=/var/tmp/postgresql-15-src
    mirror=$(sed -n 's/^deb \([^ ]*\) .*/\1/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)
    [ -n "$mirror" ] || mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
    echo "deb-src $mirror bookworm main" >/etc/apt/sources.list.d/okr-bookworm-src.list
    apt-get update -qq && apt-get install -y -qq --no-install-recommends dpkg-dev build-essential >/dev/null || return 1
    rm -rf "$src" && mkdir -p "$src" && (cd "$src" && apt-get source -qq --only-source postgresql-15) >/dev/null 2>&1 || return 1
    (cd "$src"/postgresql-15-*/ &&
        ./configure -q --prefix="$old" --without-readline --without-zlib --without-icu --without-llvm \
            CFLAGS="-O0 -g0" &&
        make -s -j2 && make -s install) >"$src.log" 2>&1 || { tail -20 "$src.log"; return 1; }
    rm -rf "$src"
}

# okr built and installed for the server whose pg_config is $1, from a copy.
install_okr() {
    local dir
    dir=$(mktemp -d)
    git ls-files -z -co --exclude-standard | tar --null -T - -c | tar -x -C "$dir"
    make -C "$dir" -s PG_CONFIG="$1" install >/dev/null
    local rc=$?
    rm -rf "$dir"
    return $rc
}

as_pg() { runuser -u postgres -- "$@"; }
sql() { as_pg "$new/bin/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$work" -p "$port" -d okr_pg_upgrade "$@"; }
# Every row of every table of okr's, in key order, as text; and verify().
snapshot() {
    local t
    for t in $(sql -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind = 'r' ORDER BY 1"); do
        echo "== $t"
        sql -c "SELECT t::text FROM okr.$t t ORDER BY 1"
    done
    echo "== verify: $(sql -c 'SELECT count(*) FROM okr.verify()')"
}

echo "1..7"
check "PostgreSQL 15 (built from Debian's source package) and 18, each with okr" \
    eval 'OKR_PG_VERSION=18 test/setup.sh >/dev/null && build_15 && install_okr "$old/bin/pg_config"'
rm -rf "$work" && mkdir -p "$work" && chown postgres: "$work"
as_pg "$old/bin/initdb" -D "$work/15" -U postgres --encoding=UTF8 --locale=C.UTF-8 -k >"$work/initdb-15.log" 2>&1
as_pg "$new/bin/initdb" -D "$work/18" -U postgres --encoding=UTF8 --locale=C.UTF-8 -k >"$work/initdb-18.log" 2>&1
as_pg "$old/bin/pg_ctl" -D "$work/15" -l "$work/15.log" -w -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
as_pg "$new/bin/createdb" -h "$work" -p "$port" okr_pg_upgrade
sql -c 'CREATE EXTENSION okr' -f test/upgrade/data-0.1.0.sql >/dev/null
# More history: 40 weekly check-ins on key result 1, all before its latest.
sql -c "INSERT INTO okr.check_in (key_result_id, at, value) SELECT 1, timestamptz '2026-01-01' + i * interval '1 week', 72 - i FROM generate_series(1, 40) i" >/dev/null
before=$(snapshot)
check "a PostgreSQL 15 cluster holds okr data (46 check-ins) with a consistent rollup" \
    test "$(sql -c "SELECT current_setting('server_version_num')::int / 10000 || ' ' || (SELECT count(*) FROM okr.check_in) || ' ' || count(*) FROM okr.verify()")" = "15 46 0"
as_pg "$old/bin/pg_ctl" -D "$work/15" -w stop >/dev/null
check "pg_upgrade from 15 to 18 succeeds" \
    as_pg bash -c "cd $work && $new/bin/pg_upgrade -b $old/bin -B $new/bin -d $work/15 -D $work/18 -p $port -P $((port + 1)) -s $work >$work/pg_upgrade.log 2>&1" ||
    tail -20 "$work/pg_upgrade.log"
as_pg "$new/bin/pg_ctl" -D "$work/18" -l "$work/18.log" -w -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
check "the cluster now runs PostgreSQL 18" test "$(sql -c "SELECT current_setting('server_version_num')::int / 10000")" = 18
check "every row and score of every okr table is the same on 18" diff <(echo "$before") <(snapshot)
check "okr.verify() is empty on 18" test "$(sql -c 'SELECT count(*) FROM okr.verify()')" -eq 0
# Key result 1 (72 -> 2) reaching 2 scores 1; its objective 2 then averages
# 1, 0.4, 0.4 and 0.
sql -c "INSERT INTO okr.check_in (key_result_id, value) VALUES (1, 2)" >/dev/null
check "okr's 18 library rolls up a new check-in on the upgraded data" \
    test "$(sql -c "SELECT k.score = 1 AND abs(o.score - 0.45) < 1e-9 FROM okr.key_result k JOIN okr.objective o ON o.id = k.objective_id WHERE k.id = 1")" = t
as_pg "$new/bin/pg_ctl" -D "$work/18" -w stop >/dev/null
rm -rf "$work"
