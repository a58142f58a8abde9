#!/bin/bash
# pg_upgrade of a cluster with okr data into a fresh cluster of the same
# major version (the installed server, $PG_CONFIG): the binary-upgrade dump
# and restore of okr's schema, which every major upgrade goes through too
# (test/matrix/pg_upgrade.sh does 15 -> 18 in CI).  It catches what a plain
# dump/restore does not: pg_upgrade restores an extension's members one by
# one, in pg_dump's order, so a view or BEGIN ATOMIC body that groups,
# sorts or DISTINCTs by an okr type fails to restore (its operator class is
# restored later).  Runs as root (the clusters as postgres) or as postgres,
# on ports OKR_PG_UPGRADE_PORT and the next one (default 5438).  Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/tap.sh
bin=$("${PG_CONFIG:-pg_config}" --bindir)
port=${OKR_PG_UPGRADE_PORT:-5438}
work=$(mktemp -d --tmpdir=/var/tmp --suffix=.okr-pg-upgrade-same)
chmod 755 "$work"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work"
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { run "$bin/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$work" -p "$port" "$@"; }
stop() { run "$bin/pg_ctl" -D "$1" -w -m fast stop >/dev/null 2>&1; }
trap 'stop "$work/old"; stop "$work/new"; rm -rf "$work"' EXIT
# Every row of every table of okr's, in key order, as text; and verify().
snapshot() {
    local db=$1 t
    for t in $(sql -d "$db" -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind = 'r' ORDER BY 1"); do
        echo "== $t"
        sql -d "$db" -c "SELECT t::text FROM okr.$t t ORDER BY 1"
    done
    echo "== verify: $(sql -d "$db" -c 'SELECT count(*) FROM okr.verify()')"
}
snapshots() { snapshot okr_demo; snapshot okr_data; }

echo "1..6"
for c in old new; do
    run "$bin/initdb" -D "$work/$c" -U postgres --encoding=UTF8 --locale=C.UTF-8 -k >"$work/initdb-$c.log" 2>&1
done
run "$bin/pg_ctl" -D "$work/old" -l "$work/old.log" -w -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
# The demo (every kind of object, pace, history), and 0.1.0's data with more
# history and a pending change planted as a concurrent flush leaves one.
sql -d postgres -c 'CREATE DATABASE okr_demo' -c 'CREATE DATABASE okr_data' >/dev/null
sql -d okr_demo -f test/demo.sql >"$work/demo.log" 2>&1
sql -d okr_data -c 'CREATE EXTENSION okr' -f test/upgrade/data-0.1.0.sql >/dev/null
sql -d okr_data -c "INSERT INTO okr.check_in (key_result_id, at, value) SELECT 1, timestamptz '2026-01-01' + i * interval '1 week', 72 - i FROM generate_series(1, 40) i" >/dev/null
before=$(snapshots)
check "an okr cluster (the demo; 0.1.0's data) with a consistent rollup" \
    test "$(sql -d okr_demo -c 'SELECT count(*) FROM okr.verify()') $(sql -d okr_data -c 'SELECT count(*) FROM okr.verify()')" = "0 0"
stop "$work/old"
upgraded=true
run bash -c "cd $work && $bin/pg_upgrade -b $bin -B $bin -d $work/old -D $work/new -p $port -P $((port + 1)) -s $work >$work/pg_upgrade.log 2>&1" ||
    upgraded=false
check "pg_upgrade into a fresh cluster of the same version succeeds" $upgraded
if ! $upgraded; then
    # the restore's error, from the logs pg_upgrade keeps when it fails
    grep -h -B1 -A6 'ERROR' "$work"/new/pg_upgrade_output.d/*/log/pg_upgrade_dump_*.log 2>/dev/null | head -30 | sed 's/^/# /'
    for d in "the upgraded cluster runs" "the rows and scores after pg_upgrade" "okr.verify() after pg_upgrade" "a new check-in after pg_upgrade"; do
        check "$d (not run: pg_upgrade failed)" false
    done
    exit 1
fi
run "$bin/pg_ctl" -D "$work/new" -l "$work/new.log" -w -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
check "the upgraded cluster runs" test "$(sql -d okr_data -c 'SELECT 1')" = 1
check "every row and score of every okr table is the same after pg_upgrade" diff <(echo "$before") <(snapshots)
check "okr.verify() is empty after pg_upgrade" \
    test "$(sql -d okr_demo -c 'SELECT count(*) FROM okr.verify()') $(sql -d okr_data -c 'SELECT count(*) FROM okr.verify()')" = "0 0"
# Key result 1 (72 -> 2) reaching 2 scores 1; its objective 2 then averages
# 1, 0.4, 0.4 and 0.
sql -d okr_data -c "INSERT INTO okr.check_in (key_result_id, value) VALUES (1, 2)" >/dev/null
check "a new check-in rolls up on the upgraded data" \
    test "$(sql -d okr_data -c "SELECT k.score = 1 AND abs(o.score - 0.45) < 1e-9 FROM okr.key_result k JOIN okr.objective o ON o.id = k.objective_id WHERE k.id = 1")" = t
