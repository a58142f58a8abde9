#!/bin/bash
# Rollup benchmark: throughput of check-ins with okr's triggers against the
# same tables with okr's triggers disabled (FKs stay), in one run.
#   one root -> 40 objectives -> 200 key results, 8 pgbench clients
#   (a) one check-in per transaction
#   (b) two check-ins on random key results, in random order
#   each with fsync off, then fsync and synchronous_commit on (FSYNC="off on");
#   then (NOTIFY=1) (a) with the tenant opted in to notifications, nobody
#   listening, against not opted in (the default)
#   CLIENTS=64, DURATION=600 for the long runs
#   COPY of 1,000,000 check-ins
#   SAMPLE=1: during each run, pg_stat_activity of the pgbench clients
#   sampled every 50 ms; prints what they waited on (wait_event_type:event,
#   "CPU" for none) - do check-ins wait on locks or on the WAL? - and the
#   WAL each run wrote per transaction, and its WAL syncs (pg_stat_wal:
#   transactions per sync, time per sync; at fsync on their ratio is the tps)
# then single-client check-in latency with okr (FLAT=1, the default):
#   a root with 10 vs 10,000 direct children; a tree of 10^3 vs 10^5
#   objectives, ANALYZEd; each pair measured in one run, as a ratio
#   (PAIRS="fan size", the default; PAIRS=fan skips loading the 10^5 tree).
#   FAST=1 loads those trees as a restore does (okr's triggers disabled,
#   then okr.rebuild() and okr.rebuild_pace(); okr.verify() must be empty):
#   minutes instead of the structure triggers' hours at 10^5.  PACE=0 then
#   skips okr.rebuild_pace() (> 6 min on these trees; a check-in does not
#   read or write pace), and the verify lines leave out field pace.
# Run it against a scratch database:  pg_virtualenv test/bench/rollup.sh
# Prints ratios; exits non-zero only if okr.verify() finds a wrong value.
set -euo pipefail
cd "$(dirname "$0")"
DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-8}
ROUNDS=${ROUNDS:-2}
ROWS=${ROWS:-1000000}
FSYNC=${FSYNC-off on}  # FSYNC= (empty): no throughput runs
FLAT=${FLAT:-1}
PAIRS=${PAIRS:-fan size}  # FLAT's pairs: fan (10 vs 10,000 children), size (10^3 vs 10^5 objectives)
NOTIFY=${NOTIFY:-1}
SAMPLE=${SAMPLE:-0}
FAST=${FAST:-0}
PACE=${PACE:-1}
db=okr_bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d $db "$@"; }
q <<'SQL'
CREATE EXTENSION okr;
INSERT INTO okr.objective (title, period, rollup) VALUES ('Root', '2026', 'children');
INSERT INTO okr.objective (title, period, rollup)
    SELECT 'Objective ' || i, '2026-Q4', 'key_results' FROM generate_series(1, 40) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT id, 1 FROM okr.objective WHERE id > 1;
INSERT INTO okr.key_result (objective_id, title, target)
    SELECT 2 + (i - 1) / 5, 'Key result ' || i, '0 -> 100' FROM generate_series(1, 200) i;
ANALYZE;
SQL

cat >"$out/one.sql" <<'EOF2'
\set k random(1, 200)
INSERT INTO okr.check_in (key_result_id, value) VALUES (:k, random() * 100);
EOF2
cat >"$out/two.sql" <<'EOF2'
\set k1 random(1, 200)
\set k2 random(1, 200)
BEGIN;
INSERT INTO okr.check_in (key_result_id, value) VALUES (:k1, random() * 100);
INSERT INTO okr.check_in (key_result_id, value) VALUES (:k2, random() * 100);
COMMIT;
EOF2

triggers() {  # enable|disable okr's own triggers (FK triggers stay)
    q -c "ALTER TABLE okr.check_in $1 TRIGGER USER" >/dev/null
    # what was written without them is repaired before okr is measured
    [ "$1" = disable ] || q -c "SELECT okr.rebuild()" >/dev/null
}

# the pgbench clients' wait events, every 50 ms, until pgbench ends
sample() {
    local i
    for i in $(seq $((DURATION * 20))); do
        q -c "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity
               WHERE application_name = 'pgbench' AND state = 'active'" || true
        sleep 0.05
    done >"$out/samples"
}
waits() {
    sort "$out/samples" | uniq -c | sort -rn | head -8 | awk '{ printf "%s %s  ", $1, $2 } END { print "" }'
}

# pgbench SCRIPT -> "tps failed deadlocks"
bench() {
    local sampler= lsn
    if [ "$SAMPLE" = 1 ]; then sample & sampler=$!; fi
    lsn=$(q -c "SELECT pg_current_wal_lsn()")
    [ "$SAMPLE" = 0 ] || q -c "SELECT pg_stat_reset_shared('wal')" >/dev/null
    pgbench -n -c "$CLIENTS" -j 2 -T "$DURATION" --failures-detailed -f "$out/$1.sql" $db >"$out/pgbench.log" 2>&1 || true
    [ -z "$sampler" ] || { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; echo "  waits of the clients ($1, ${2:-plain}): $(waits)" >&2; }
    if [ "$SAMPLE" = 1 ]; then  # WAL written per transaction (more WAL, longer flushes)
        local n
        n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/pgbench.log")
        echo "  WAL per transaction ($1, ${2:-plain}): $(q -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn') / greatest(${n:-0}, 1))") bytes" >&2
        # at fsync on, tps = transactions per WAL sync / time per sync
        sleep 0.5  # the clients' statistics reach pg_stat_wal as they exit
        echo "  WAL syncs ($1, ${2:-plain}): $(q -c "SELECT format('%s transactions per sync, %s ms per sync',
            round(${n:-0} / greatest(wal_sync, 1)::numeric, 2), round((wal_sync_time / greatest(wal_sync, 1))::numeric, 3)) FROM pg_stat_wal")" >&2
    fi
    local tps failed deadlocks
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench.log")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out/pgbench.log")
    deadlocks=$(sed -n 's/^number of deadlock failures: \([0-9]*\).*/\1/p' "$out/pgbench.log")
    if grep -q 'aborted' "$out/pgbench.log"; then failed="${failed:-0}+aborted"; fi
    echo "${tps:-0} ${failed:-?} ${deadlocks:-?}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

fsync() {  # off|on: fsync and synchronous_commit
    q -c "ALTER SYSTEM SET fsync = $1" -c "ALTER SYSTEM SET synchronous_commit = $1" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
}

status=0
[ "$SAMPLE" = 0 ] || q -c "ALTER SYSTEM SET track_wal_io_timing = on" >/dev/null
for mode in $FSYNC; do
fsync "$mode"
echo "fsync = $mode, synchronous_commit = $mode"
for script in one two; do
    plain_tps=0; okr_tps=0; failed=0; deadlocks=0; rounds=
    for round in $(seq "$ROUNDS"); do
        triggers disable; read -r p f d < <(bench "$script"); plain_tps=$(awk -v a="$plain_tps" -v b="$p" 'BEGIN{print a+b}')
        triggers enable;  read -r t f d < <(bench "$script" okr); okr_tps=$(awk -v a="$okr_tps" -v b="$t" 'BEGIN{print a+b}')
        failed="$failed+$f"; deadlocks="$deadlocks+$d"; rounds="$rounds $(ratio "$t" "$p")"
    done
    echo "  ratio of each round:$rounds  median $(median $rounds)" >&2
    failed=$(echo "$failed" | sed 's/+aborted//g' | awk -F+ '{ s = 0; for (i = 1; i <= NF; i++) s += $i; print s }')
    deadlocks=$(echo "$deadlocks" | awk -F+ '{ s = 0; for (i = 1; i <= NF; i++) s += $i; print s }')
    mismatches=$(q -c "SELECT count(*) FROM okr.verify()")
    [ "$mismatches" -eq 0 ] || status=1
    pending=$(q -c "SELECT count(*) FROM okr.pending_score")
    label=$([ $script = one ] && echo "(a) 1 check-in/xact " || echo "(b) 2 check-ins/xact")
    printf '%s  plain %8.0f tps  okr %8.0f tps  ratio %s  (goal >= 0.5/0.6 fsync off, 0.8 on)  failed %s  deadlocks %s  verify mismatches %s  pending left %s\n' \
        "$label" "$(awk -v a=$plain_tps -v r=$ROUNDS 'BEGIN{print a/r}')" "$(awk -v a=$okr_tps -v r=$ROUNDS 'BEGIN{print a/r}')" \
        "$(ratio "$okr_tps" "$plain_tps")" "$failed" "$deadlocks" "$mismatches" "$pending"
done
# Notifications, nobody listening: the tenant opted in (okr.tenant_config.notify)
# against the default (not opted in), one check-in per transaction, okr on.
if [ "$NOTIFY" = 1 ]; then
    off_tps=0; on_tps=0
    for round in $(seq "$ROUNDS"); do
        read -r t f d < <(bench one); off_tps=$(awk -v a="$off_tps" -v b="$t" 'BEGIN{print a+b}')
        q -c "INSERT INTO okr.tenant_config (tenant, notify) VALUES ('default', true)" >/dev/null
        read -r t f d < <(bench one); on_tps=$(awk -v a="$on_tps" -v b="$t" 'BEGIN{print a+b}')
        q -c "DELETE FROM okr.tenant_config WHERE tenant = 'default'" >/dev/null
    done
    printf 'notify, nobody listening   not opted in %8.0f tps  opted in %8.0f tps  ratio %s  (opt-in: the default costs nothing)\n' \
        "$(awk -v a=$off_tps -v r=$ROUNDS 'BEGIN{print a/r}')" "$(awk -v a=$on_tps -v r=$ROUNDS 'BEGIN{print a/r}')" \
        "$(ratio "$on_tps" "$off_tps")"
fi
done
fsync off

# COPY: the same million rows, triggers off then on.
q -c "\\copy (SELECT 1 + (i % 200), timestamptz '2026-10-01' + i * interval '1 second', (i % 100)::float8 FROM generate_series(1, $ROWS) i) TO '$out/check_ins.csv' (FORMAT csv)"
copy_time() {
    q -c "TRUNCATE okr.check_in" >/dev/null
    q -c "CHECKPOINT" >/dev/null
    local start end
    start=$(date +%s.%N)
    q -c "\\copy okr.check_in (key_result_id, at, value) FROM '$out/check_ins.csv' (FORMAT csv)"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
# two alternating runs each, the faster counts (a checkpoint can land on one)
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
triggers disable; plain=$(copy_time)
triggers enable;  with=$(copy_time)
triggers disable; plain=$(min "$plain" "$(copy_time)")
triggers enable;  with=$(min "$with" "$(copy_time)")
mismatches=$(q -c "SELECT count(*) FROM okr.verify()")
[ "$mismatches" -eq 0 ] || status=1
printf 'COPY %d check-ins      plain %7.2f s    okr %7.2f s    ratio %s  (goal >= 0.9, as plain time / okr time)  verify mismatches %s\n' \
    "$ROWS" "$plain" "$with" "$(ratio "$plain" "$with")" "$mismatches"

# Flat cost: single-client latency of one check-in, okr on, pairs of shapes
# in tenants of their own; ratio = latency(big) / latency(small).
shape() {  # tenant, children of the root, objectives in all (the rest hang below)
    q <<SQL
SET okr.tenant = '$1';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'Root', '2026', 'children');
INSERT INTO okr.objective (id, title, period) SELECT i, 'o', '2026' FROM generate_series(2, $3 + 1) i;
INSERT INTO okr.alignment (child_id, parent_id)
    SELECT i, CASE WHEN i <= $2 + 1 THEN 1 ELSE 2 + (i - $2 - 2) % $2 END FROM generate_series(2, $3 + 1) i;
INSERT INTO okr.key_result (id, objective_id, title, target) SELECT i, i, 'k', '0 -> 100' FROM generate_series(2, $3 + 1) i;
SQL
}
latency() {  # tenant -> average latency in ms
    PGOPTIONS="-c okr.tenant=$1" pgbench -n -c 1 -T "$DURATION" -f "$out/flat.sql" $db 2>/dev/null \
        | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p'
}
if [ "$FLAT" = 1 ]; then
    cat >"$out/flat.sql" <<'EOF2'
\set k random(2, 11)
INSERT INTO okr.check_in (key_result_id, value) VALUES (:k, random() * 100);
EOF2
    fast_tables="objective alignment key_result"
    unpaced=$([ "$PACE" = 0 ] && echo "WHERE field <> 'pace'" || true)
    [ "$FAST" = 1 ] && for t in $fast_tables; do q -c "ALTER TABLE okr.$t DISABLE TRIGGER USER" >/dev/null; done
    for pair in $PAIRS; do
        case $pair in
            fan) shape fan10 10 10; shape fan10k 10000 10000 ;;
            size) shape size3 10 1000; shape size5 10 100000 ;;
        esac
    done
    if [ "$FAST" = 1 ]; then
        for t in $fast_tables; do q -c "ALTER TABLE okr.$t ENABLE TRIGGER USER" >/dev/null; done
        q -c "ANALYZE" -c "SELECT okr.rebuild()" >/dev/null
        [ "$PACE" = 0 ] || q -c "SELECT okr.rebuild_pace()" >/dev/null
        echo "fast load: verify mismatches $(q -c "SELECT count(*) FROM okr.verify() $unpaced")"
    fi
    q -c "ANALYZE" >/dev/null
    for pair in $PAIRS; do
        pair=$([ "$pair" = fan ] && echo "fan10 fan10k" || echo "size3 size5")
        set -- $pair
        a=$(latency "$1"); b=$(latency "$2"); a2=$(latency "$1"); b2=$(latency "$2")
        a=$(min "$a" "$a2"); b=$(min "$b" "$b2")
        printf 'check-in latency  %-7s %7.3f ms  %-7s %7.3f ms  ratio %s  (goal <= 1.5)\n' "$1" "$a" "$2" "$b" "$(ratio "$b" "$a")"
    done
    mismatches=$(q -c "SELECT count(*) FROM okr.verify() $unpaced")
    [ "$mismatches" -eq 0 ] || status=1
    echo "verify mismatches after the latency runs: $mismatches"
fi
psql -X -q -c "DROP DATABASE $db" >/dev/null
exit $status
