#!/bin/bash
# Called by test/all.sh inside pg_virtualenv (PGHOST, PGPORT, PGUSER set).
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=/usr/lib/postgresql/${OKR_PG_VERSION:-15}/bin/pg_config
logs=test/logs
rm -rf "$logs" && mkdir -p "$logs"
total_pass=0
total_fail=0

# count SUITE LOG EXIT PASS_REGEX FAIL_REGEX
count() {
    local suite=$1 log=$2 rc=$3 pass fail
    pass=$(grep -cE "$4" "$log" || true)
    fail=$(grep -cE "$5" "$log" || true)
    # A runner that died without reporting a failure still failed.
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
    printf '%-10s %5d passed, %d failed   (%s)\n' "$suite" "$pass" "$fail" "$log"
    if [ "$fail" -ne 0 ]; then
        grep -E "$5" "$log" | head -20 | sed 's/^/    /'
        [ -f regression.diffs ] && [ "$suite" != unit ] && head -60 regression.diffs | sed 's/^/    /'
    fi
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
}

make -s unittest >"$logs/unit.log" 2>&1
count unit "$logs/unit.log" $? '^ok ' '^not ok '

# libFuzzer with ASan and UBSan over both parsers, round trips checked
if make -s fuzz FUZZ_SECONDS=15 >"$logs/fuzz.log" 2>&1; then
    echo "ok 1 - fuzz: $(grep -o 'Done [0-9]* runs' "$logs/fuzz.log")" >>"$logs/fuzz.log"
else
    echo "not ok 1 - fuzz: a crash or a failed round trip, see the log" >>"$logs/fuzz.log"
fi
count fuzz "$logs/fuzz.log" 0 '^ok ' '^not ok '

# pg_regress prints "test name ... ok" up to 15, TAP ("ok 1 - name") from 16.
regress_ok='\.\.\. ok|^ok [0-9]'
regress_failed='\.\.\. FAILED|^not ok [0-9]'
make -s installcheck ISOLATION= >"$logs/regress.log" 2>&1
count regress "$logs/regress.log" $? "$regress_ok" "$regress_failed"

make -s installcheck REGRESS= >"$logs/isolation.log" 2>&1
count isolation "$logs/isolation.log" $? "$regress_ok" "$regress_failed"

dropdb --if-exists okr_test >/dev/null 2>&1
createdb okr_test && psql -X -q -d okr_test -c 'CREATE EXTENSION okr; CREATE EXTENSION pgtap;'
pg_prove -v -d okr_test test/pgtap/*.sql >"$logs/pgtap.log" 2>&1
count pgtap "$logs/pgtap.log" $? '^ok ' '^not ok '

test/dump/roundtrip.sh >"$logs/dump.log" 2>&1
count dump "$logs/dump.log" $? '^ok ' '^not ok '

# core: a bounded concurrency soak (16 clients, 45 s): verify() empty, 0 deadlocks
test/soak/soak.sh >"$logs/soak.log" 2>&1
count soak "$logs/soak.log" $? '^ok ' '^not ok '

test/upgrade/upgrade.sh >"$logs/upgrade.log" 2>&1
count upgrade "$logs/upgrade.log" $? '^ok ' '^not ok '

# pg_upgrade into a fresh cluster of this version: the binary-upgrade restore
# of okr's schema (member by member, in pg_dump's order)
OKR_PG_UPGRADE_PORT=$((${OKR_TEST_PORT:-5432} + 8)) test/upgrade/pg_upgrade_same.sh >"$logs/pg_upgrade.log" 2>&1
count pg_upgrade "$logs/pg_upgrade.log" $? '^ok ' '^not ok '

test/roles/roles.sh >"$logs/roles.log" 2>&1
count roles "$logs/roles.log" $? '^ok ' '^not ok '

test/drivers/drivers.sh >"$logs/drivers.log" 2>&1
count drivers "$logs/drivers.log" $? '^ok ' '^not ok '

test/readme/readme.sh >"$logs/readme.log" 2>&1
count readme "$logs/readme.log" $? '^ok ' '^not ok '

test/dist/dist.sh >"$logs/dist.log" 2>&1
count dist "$logs/dist.log" $? '^ok ' '^not ok '

# the hostile suite (issue 7)
test/security/hostile.sh >"$logs/security.log" 2>&1
count security "$logs/security.log" $? '^ok ' '^not ok '

# crash hunting: SQLsmith for a minute (test/sqlsmith/run.sh QUERIES SECONDS)
test/sqlsmith/run.sh 20000 "${OKR_SQLSMITH_SECONDS:-60}" >"$logs/sqlsmith.log" 2>&1
count sqlsmith "$logs/sqlsmith.log" $? '^ok ' '^not ok '

# a hot standby (pg_basebackup -R; port + 100) answers what the primary does
test/standby/standby.sh >"$logs/standby.log" 2>&1
count standby "$logs/standby.log" $? '^ok ' '^not ok '

if ls test/bi/*.py >/dev/null 2>&1; then
    rc=0
    for t in test/bi/*.py; do /usr/bin/python3 "$t" okr_test || rc=$?; done >"$logs/bi.log" 2>&1
    count bi "$logs/bi.log" $rc '^ok ' '^not ok '
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
