#!/bin/bash
# Instructions of a bulk load through okr's tables (issue 9: "bulk loads at
# least 0.5x the trigger-less COPY"), counted by callgrind in
# `postgres --single` (repeatable whatever else the machine does): for each
# table in load order, one COPY of an organisation's rows into okr's table
# (triggers on) and the same COPY into a trigger-less copy (LIKE ...
# INCLUDING ALL: the same indexes, defaults and checks), each on a fresh
# copy of a cluster holding the tables loaded before it; then the same
# table is loaded for the next one.  Organisation: N objectives as in
# test/bench/scale.sh (fan-out 10; every 50th from level 3 down with a
# second parent; 3 key results each, every 6th fed by 10 outputs, the others
# by 8 check-ins), tables ANALYZEd before each COPY.  A third COPY goes into
# a keyed copy: the trigger-less copy with okr's foreign keys added (the
# part of okr's cost that is PostgreSQL's own referential integrity).
# Run as a user that may run postgres (e.g. postgres), with valgrind:
#   test/bench/copy_callgrind.sh      (N=5000 objectives; TABLES="objective alignment": those only)
# PROFILE=DIR keeps each COPY's callgrind file there as MODE-TABLE.out
# (callgrind_annotate DIR/okr-key_result.out: where a COPY's rows go).
set -euo pipefail
N=${N:-5000}
TABLES=${TABLES:-objective alignment key_result check_in output}
bin=$(pg_config --bindir)
dir=$(mktemp -d --tmpdir=/tmp --suffix=.okr-copy-callgrind)
trap 'rm -rf "$dir"' EXIT
single() { "$bin/postgres" --single -D "$1" -c fsync=off -c jit=off -c okr.max_paths=1000000000 okr_bench 2>/dev/null; }
declare -A cols=(
    [objective]="id, title, owner, period, created_at"
    [alignment]="child_id, parent_id, weight"
    [key_result]="id, objective_id, title, target, source, created_at"
    [check_in]="key_result_id, at, value, confidence"
    [output]="key_result_id, title, status, done_at")
# the organisation's rows, one file per table (parent(i) = (i + 8) / 10 as
# long as N <= 11111, scale.sh's shape)
declare -A rows=(
    [objective]="SELECT i, 'Objective ' || i, 'owner ' || (i % greatest($N / 5, 1)),
                        CASE WHEN i <= 111 THEN '2026' ELSE '2026-Q4' END, timestamptz '2026-09-01'
                   FROM generate_series(1, $N) i"
    [alignment]="SELECT i, (i + 8) / 10, 1.0 FROM generate_series(2, $N) i
                 UNION ALL
                 SELECT i, CASE WHEN (i + 8) / 10 + 1 IN (12, 112, 1112) THEN (i + 8) / 10 - 1 ELSE (i + 8) / 10 + 1 END, 0.5
                   FROM generate_series(112, $N) i WHERE i % 50 = 0"
    [key_result]="SELECT j, (j + 2) / 3, 'Key result ' || j, '0 -> 100',
                         CASE WHEN j % 6 = 0 THEN 'outputs' ELSE 'check_ins' END, timestamptz '2026-09-01'
                    FROM generate_series(1, 3 * $N) j"
    [check_in]="SELECT j, timestamptz '2026-10-01' + n * interval '8 days' + (j % 97) * interval '1 hour',
                       n * (5 + j % 7), 0.5 + (j % 5) / 10.0
                  FROM generate_series(1, 3 * $N) j, generate_series(0, 7) n WHERE j % 6 <> 0"
    [output]="SELECT j, 'Output ' || n, CASE WHEN n < 7 THEN 'done' WHEN n < 9 THEN 'planned' ELSE 'in_progress' END,
                     CASE WHEN n < 7 THEN timestamptz '2026-10-03' + n * interval '7 days' + (j % 89) * interval '1 hour' END
                FROM generate_series(6, 3 * $N, 6) j, generate_series(0, 9) n")
"$bin/initdb" -D "$dir/base" -A trust >/dev/null
echo "CREATE DATABASE okr_bench" | "$bin/postgres" --single -D "$dir/base" postgres >/dev/null 2>&1
echo "CREATE EXTENSION okr" | single "$dir/base" >/dev/null
for t in $TABLES; do
    echo "COPY ($(tr '\n' ' ' <<<"${rows[$t]}")) TO '$dir/$t.tsv'" | single "$dir/base" >/dev/null
done
# SQL [NAME] -> instructions of a run of SQL in $dir/data (kept as
# $PROFILE/NAME.out if both are given)
instructions() {
    echo "$1" >"$dir/run.sql"
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$bin/postgres" --single -D "$dir/data" \
        -c fsync=off -c jit=off -c okr.max_paths=1000000000 okr_bench <"$dir/run.sql" >"$dir/cg.log" 2>&1
    if grep -q ERROR "$dir/cg.log"; then cat "$dir/cg.log" >&2; exit 1; fi
    [ -z "${PROFILE:-}" ] || [ -z "${2:-}" ] || cp "$dir/cg.out" "$PROFILE/$2.out"
    callgrind_annotate "$dir/cg.out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
}
# MODE TABLE -> instructions of one COPY into okr.TABLE (okr), its
# trigger-less copy (plain) or that copy with okr.TABLE's foreign keys
# (keyed), on a fresh copy of the base cluster, less those of a run of
# "SELECT 1" there (start-up, shut-down)
count() {
    local target=okr.$2 idle
    rm -rf "$dir/data"; cp -a "$dir/base" "$dir/data"
    if [ "$1" != okr ]; then
        target=public.$1_$2
        echo "CREATE TABLE $target (LIKE okr.$2 INCLUDING ALL)" | single "$dir/data" >/dev/null
    fi
    if [ "$1" = keyed ]; then
        echo "DO \$\$DECLARE c record; BEGIN FOR c IN SELECT conname, pg_get_constraintdef(oid) AS def
              FROM pg_constraint WHERE conrelid = 'okr.$2'::regclass AND contype = 'f' LOOP
              EXECUTE format('ALTER TABLE $target ADD CONSTRAINT %I %s', c.conname, c.def); END LOOP; END\$\$" |
            tr '\n' ' ' | "$bin/postgres" --single -D "$dir/data" okr_bench >"$dir/keys.log" 2>&1
        if grep -q ERROR "$dir/keys.log"; then cat "$dir/keys.log" >&2; exit 1; fi
    fi
    echo "ANALYZE" | single "$dir/data" >/dev/null
    idle=$(instructions "SELECT 1")
    echo $(( $(instructions "COPY $target (${cols[$2]}) FROM '$dir/$2.tsv'" "$1-$2") - idle ))
}
echo "instructions of one COPY (N=$N objectives), okr's table against a trigger-less copy (the goal) and a keyed one:"
for t in $TABLES; do
    okr=$(count okr "$t")
    plain=$(count plain "$t")
    keyed=$(count keyed "$t")
    n=$(wc -l <"$dir/$t.tsv")
    awk -v t="$t" -v n="$n" -v a="$okr" -v b="$plain" -v k="$keyed" 'BEGIN {
        printf "copy %-11s %8d rows: okr %7.0f, plain %6.0f, keyed %6.0f instructions per row: plain/okr %.3f %s (>= 0.5), keyed/okr %.3f\n",
               t, n, a / n, b / n, k / n, b / a, (b / a >= 0.5 ? "ok" : "NOT OK"), k / a }'
    # loaded through okr for the tables that follow
    echo "COPY okr.$t (${cols[$t]}) FROM '$dir/$t.tsv'" | single "$dir/base" >/dev/null
done
echo "SELECT 'verify: ' || count(*) FROM okr.verify()" | single "$dir/base" |
    sed -n 's/.*"verify: \([0-9]*\)".*/okr.verify() rows after the loads (must be 0): \1/p'
