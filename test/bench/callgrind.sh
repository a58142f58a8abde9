#!/bin/bash
# Instructions per check-in with okr against the same insert without okr's
# triggers, counted by callgrind in `postgres --single` (repeatable whatever
# else the machine does).  Bench tree of issue 8: one root -> 40 objectives
# -> 200 key results, ANALYZEd.  Each count is the difference between a run of
# N2 and a run of N1 check-ins, divided by N2 - N1 (start-up cancels out).
# Run as a user that may run postgres (e.g. postgres), with valgrind installed:
#   test/bench/callgrind.sh
set -euo pipefail
N1=${N1:-50}
N2=${N2:-250}
bin=$(pg_config --bindir)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin/initdb" -D "$dir/data" -A trust >/dev/null
single() { "$bin/postgres" --single -D "$dir/data" -c fsync=off -c jit=off okr_bench >/dev/null 2>&1; }
echo "CREATE DATABASE okr_bench" | "$bin/postgres" --single -D "$dir/data" postgres >/dev/null 2>&1
cat <<'SQL' | single
CREATE EXTENSION okr;
INSERT INTO okr.objective (title, period, rollup) VALUES ('Root', '2026', 'children');
INSERT INTO okr.objective (title, period, rollup) SELECT 'Objective ' || i, '2026-Q4', 'key_results' FROM generate_series(1, 40) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT id, 1 FROM okr.objective WHERE id > 1;
INSERT INTO okr.key_result (objective_id, title, target) SELECT 2 + (i - 1) / 5, 'Key result ' || i, '0 -> 100' FROM generate_series(1, 200) i;
ANALYZE;
SQL
count() {  # MODE N -> total instructions
    local sql="$dir/run.sql" out="$dir/cg.out"
    : >"$sql"
    [ "$1" = plain ] && echo "ALTER TABLE okr.check_in DISABLE TRIGGER USER;" >>"$sql"
    # warm-up: every key result once (plans prepared, structure cached)
    for i in $(seq 200); do
        echo "INSERT INTO okr.check_in (key_result_id, value) VALUES ($i, 1);" >>"$sql"
    done
    for i in $(seq "$2"); do
        echo "INSERT INTO okr.check_in (key_result_id, value) VALUES ($(( (i * 37) % 200 + 1 )), $(( i % 100 )));" >>"$sql"
    done
    [ "$1" = plain ] && echo "ALTER TABLE okr.check_in ENABLE TRIGGER USER;" >>"$sql"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin/postgres" --single -D "$dir/data" \
        -c fsync=off -c jit=off okr_bench <"$sql" >/dev/null 2>&1
    callgrind_annotate "$out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
}
per() {
    local a b
    a=$(count "$1" "$N1"); b=$(count "$1" "$N2")
    echo "# $1: $N1 check-ins $a instructions, $N2 check-ins $b" >&2
    echo $(( (b - a) / (N2 - N1) ))
}
count okr 10 >/dev/null    # a first run pays for what the setup left (first flushes, hint bits)
okr=$(per okr)
plain=$(per plain)
printf 'instructions per check-in: plain insert %d, with okr %d, ratio %.2f (goal <= 3)\n' \
    "$plain" "$okr" "$(awk -v a="$okr" -v b="$plain" 'BEGIN { print a / b }')"
