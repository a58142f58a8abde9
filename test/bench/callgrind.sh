#!/bin/bash
# Instructions per check-in with okr against the same insert without okr's
# triggers, counted by callgrind in `postgres --single` (repeatable whatever
# else the machine does).  Bench tree of issue 8: one root -> 40 objectives
# -> 200 key results, ANALYZEd.  Each count is the difference between a run of
# N2 and a run of N1 check-ins, divided by N2 - N1 (start-up cancels out).
# Run as a user that may run postgres (e.g. postgres), with valgrind installed:
#   test/bench/callgrind.sh
# PROFILE=DIR keeps each run's callgrind file there as MODE-N.out; what one
# check-in costs, function by function, is the difference of the N2 and N1
# runs (test/bench/cgdiff.py DIR/okr-50.out DIR/okr-250.out 200).
# COPY=1 then counts a COPY's instructions per row too (below).
set -euo pipefail
N1=${N1:-50}
N2=${N2:-250}
bin=$(pg_config --bindir)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
single() { "$bin/postgres" --single -D "$dir/data" -c fsync=off -c jit=off okr_bench >/dev/null 2>&1; }
# MODE -> a new data directory holding the bench tree (okr's triggers
# disabled for MODE plain): each mode starts from the same state, whatever
# the other one left (pruned pages, hint bits, plans chosen on its
# statistics), with the same warm-up counter
fresh() {
    rm -rf "$dir/data" "$dir/warm"
    "$bin/initdb" -D "$dir/data" -A trust >/dev/null
    echo "CREATE DATABASE okr_bench" | "$bin/postgres" --single -D "$dir/data" postgres >/dev/null 2>&1
    { cat <<'SQL'
CREATE EXTENSION okr;
INSERT INTO okr.objective (title, period, rollup) VALUES ('Root', '2026', 'children');
INSERT INTO okr.objective (title, period, rollup) SELECT 'Objective ' || i, '2026-Q4', 'key_results' FROM generate_series(1, 40) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT id, 1 FROM okr.objective WHERE id > 1;
INSERT INTO okr.key_result (objective_id, title, target) SELECT 2 + (i - 1) / 5, 'Key result ' || i, '0 -> 100' FROM generate_series(1, 200) i;
ANALYZE;
SQL
      if [ "$1" = plain ]; then echo "ALTER TABLE okr.check_in DISABLE TRIGGER USER;"; fi; } | single
}
# MODE SQLFILE PROFILE_NAME -> total instructions of one run of SQLFILE
run() {
    local out="$dir/cg.out"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin/postgres" --single -D "$dir/data" \
        -c fsync=off -c jit=off okr_bench <"$2" >/dev/null 2>&1
    [ -z "${PROFILE:-}" ] || cp "$out" "$PROFILE/$3.out"
    callgrind_annotate "$out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
}
count() {  # MODE N -> total instructions
    local sql="$dir/check_ins.sql" warm
    # warm-up: every key result once (plans prepared, structure cached), to a
    # value it never had (an unchanged key result would leave its objective
    # uncached, to be loaded in the measured part)
    warm=$(( $(cat "$dir/warm" 2>/dev/null || echo 0) + 1 )); echo "$warm" >"$dir/warm"
    for i in $(seq 200); do
        echo "INSERT INTO okr.check_in (key_result_id, value) VALUES ($i, $warm.5);"
    done >"$sql"
    for i in $(seq "$2"); do
        echo "INSERT INTO okr.check_in (key_result_id, value) VALUES ($(( (i * 37) % 200 + 1 )), $(( i % 100 )));"
    done >>"$sql"
    run "$1" "$sql" "$1-$2"
}
per() {  # COUNT MODE -> instructions per row: difference of N1 and N2 rows
    local a b
    a=$($1 "$2" "$N1"); b=$($1 "$2" "$N2")
    echo "# $1 $2: $N1 rows $a instructions, $N2 rows $b" >&2
    echo $(( (b - a) / (N2 - N1) ))
}
measure() {  # COUNT MODE -> instructions per row, in a data directory of its own
    fresh "$2"
    $1 "$2" 10 >/dev/null    # a first run pays for what the setup left (first flushes, hint bits)
    per "$1" "$2"
}
okr=$(measure count okr)
plain=$(measure count plain)
printf 'instructions per check-in: plain insert %d, with okr %d, ratio %.2f (goal <= 3)\n' \
    "$plain" "$okr" "$(awk -v a="$okr" -v b="$plain" 'BEGIN { print a / b }')"

# COPY=1: instructions per row of one COPY of C1 and of C2 check-ins (one
# transaction each), okr against plain
[ "${COPY:-0}" = 1 ] || exit 0
N1=${C1:-10000}
N2=${C2:-50000}
copy_count() {  # MODE ROWS -> total instructions
    seq "$2" | awk '{ print 1 + ($1 * 37) % 200 "," $1 % 100 }' >"$dir/rows.csv"
    echo "COPY okr.check_in (key_result_id, value) FROM '$dir/rows.csv' (FORMAT csv);" >"$dir/copy.sql"
    run "$1" "$dir/copy.sql" "copy-$1-$2"
}
okr=$(measure copy_count okr)
plain=$(measure copy_count plain)
printf 'instructions per COPY row: plain %d, with okr %d, ratio %.2f (plain/okr %.2f; goal: time >= 0.9 of plain)\n' \
    "$plain" "$okr" "$(awk -v a="$okr" -v b="$plain" 'BEGIN { print a / b }')" "$(awk -v a="$okr" -v b="$plain" 'BEGIN { print b / a }')"
