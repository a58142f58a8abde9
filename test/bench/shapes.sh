#!/bin/bash
# Shapes benchmark (issue 12): organisations of unusual but legal shape,
# built through okr's tables with every trigger on (set-wise: one INSERT ...
# SELECT generate_series per level), ANALYZEd, each measured against a
# baseline in the same run:
#   chain    a check-in under a chain of CHAIN + 1 levels vs under a 10-deep
#            one; what a level costs aligned one statement each at the top
#            (the first EDGE levels) and at the bottom (the last EDGE), and
#            the levels between in one statement; okr.objective_path's size
#   paths    DIAMONDS two-parent diamonds in sequence (2^DIAMONDS paths to the
#            bottom) in one statement: refused at okr.max_paths, how fast
#   hub      a check-in under a parent of HUB children vs one of 10
#   update   an objective's title edit among OBJ objectives, with the plans
#            of okr's lookups inside it (auto_explain)
#   plans    a 10,000-edge load in a session whose plans were prepared
#            before ANALYZE vs after
#   jit      JIT inside the flush and the BI views' typical queries
#   bulk     COPY of BULK key results, then BULK check-ins, then the same
#            check-ins again: backend peak memory (VmHWM) and heap updates
#   rebuild  a check-in's wait while okr.rebuild() runs vs while
#            okr.rebuild_in_batches(1000) runs (OBJ objectives)
#   tenants  writes of TENANTS tenants in one statement (default
#            max_locks_per_transaction), time per tenant at TENANTS/4 and TENANTS
#   structure one structure statement of STRUCT rows and one of 4 x STRUCT,
#            with its commit, in a new database (okr's tables never ANALYZEd,
#            as on a first load): objectives, children aligned to 100
#            parents, a tree (fan-out 10, every 50th with a second parent),
#            key results under it, the tree's alignments deleted; us per row
#            at both sizes and their ratio (1 = linear, 4 = quadratic)
# Run:  pg_virtualenv -c "-p 5530" test/bench/shapes.sh
#       SIZE=small pg_virtualenv test/bench/shapes.sh   (a tenth of each size)
#       ONLY="chain hub" ... runs some sections
# Wall times (fastest of RUNS alternating runs): the machine is shared, so
# ratios measured in one run are the figures.  Exits 0 whatever the ratios
# say: it measures, the test suites check behaviour.
set -euo pipefail
if [ "${SIZE:-full}" = small ]; then d=10; else d=1; fi
# 9,999 alignments: 10,000 levels, the most okr takes (src/structure.c)
CHAIN=${CHAIN:-$((9999 / d))}
EDGE=${EDGE:-$((100 / d))}  # chain levels timed one by one, at the top and at the bottom
DIAMONDS=${DIAMONDS:-25}
HUB=${HUB:-$((100000 / d))}
OBJ=${OBJ:-$((100000 / d))}
BULK=${BULK:-$((300000 / d))}
TENANTS=${TENANTS:-$((20000 / d))}
STRUCT=${STRUCT:-$((20000 / d))}
RUNS=${RUNS:-3}
ONLY=${ONLY:-"chain paths hub update plans jit bulk rebuild tenants structure"}
db=${DB:-okr_bench_shapes}
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"; }
want() { [[ " $ONLY " == *" $1 "* ]]; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g ? "ok" : "NOT met") }'; }

psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
q <<'SQL'
CREATE EXTENSION okr;
-- µs per check-in over n transactions (one check-in each) on key result kr
-- of tenant t, after one untimed check-in that loads the backend's structure
-- cache; same: the value never changes (nothing to propagate)
CREATE PROCEDURE public.checkins(t text, kr bigint, n integer, same boolean, INOUT us float8 DEFAULT 0)
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    PERFORM set_config('okr.tenant', t, false);
    INSERT INTO okr.check_in (tenant, key_result_id, value) VALUES (t, kr, 5);
    COMMIT;
    t0 := clock_timestamp();
    FOR i IN 1..n LOOP
        INSERT INTO okr.check_in (tenant, key_result_id, value)
        VALUES (t, kr, CASE WHEN same THEN 5 ELSE 2 + 5 * (i % 2) END);
        COMMIT;
    END LOOP;
    us := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
END $$;
-- levels a..b of a chain, one alignment per statement and transaction: the
-- mean ms per level of the statement (the structure triggers: cycle check,
-- paths) and of its commit (the rollup's flush, which loads the structure
-- above the edited objective)
CREATE PROCEDURE public.chain_levels(a integer, b integer, INOUT stmt_ms float8 DEFAULT 0, INOUT commit_ms float8 DEFAULT 0)
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; t1 timestamptz;
BEGIN
    FOR i IN a..b LOOP
        t0 := clock_timestamp();
        INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i - 1;
        t1 := clock_timestamp();
        COMMIT;
        stmt_ms := stmt_ms + extract(epoch FROM t1 - t0) * 1000;
        commit_ms := commit_ms + extract(epoch FROM clock_timestamp() - t1) * 1000;
    END LOOP;
    stmt_ms := round((stmt_ms / (b - a + 1))::numeric, 2);
    commit_ms := round((commit_ms / (b - a + 1))::numeric, 2);
END $$;
-- µs of one statement and its commit
CREATE PROCEDURE public.timed(sql text, INOUT us float8 DEFAULT 0)
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE sql;
    COMMIT;
    us := round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1e6);
END $$;
CREATE FUNCTION public.vmhwm_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT substring(pg_read_file('/proc/' || pg_backend_pid() || '/status') FROM 'VmHWM:\s*(\d+)')::bigint $$;
SQL

# fastest of RUNS alternating runs of two check-in loops: "us_a us_b"
pair() {  # tenant_a kr_a tenant_b kr_b n same
    local best_a=1e18 best_b=1e18 a b i
    for i in $(seq "$RUNS"); do
        a=$(q -c "CALL checkins('$1', $2, $5, $6)")
        b=$(q -c "CALL checkins('$3', $4, $5, $6)")
        best_a=$(awk -v x="$a" -v y="$best_a" 'BEGIN { print (x < y ? x : y) }')
        best_b=$(awk -v x="$b" -v y="$best_b" 'BEGIN { print (x < y ? x : y) }')
    done
    echo "$best_a $best_b"
}

# A chain of depth + 1 levels in tenant t: objective 0 at the top, one key
# result on the bottom one (id depth) and one on the top (id 2 on 0).  The
# first EDGE and the last EDGE levels are aligned one statement (and
# transaction) each, the ones between in one statement; prints
# "first_stmt first_commit middle_us last_stmt last_commit" (ms per level).
chain() {  # tenant depth
    local e=$(( $2 > 2 * EDGE ? EDGE : $2 / 2 ))
    q -v t="$1" -v n="$2" -v e="$e" <<'SQL'
SET okr.tenant = :'t';
INSERT INTO okr.objective (id, title, period) SELECT i, 'level ' || i, '2026' FROM generate_series(0, :n) i;
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, :n, 'bottom', '0 -> 10'), (2, 0, 'top', '0 -> 10');
CALL chain_levels(1, :e) \gset first_
SELECT format('INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i - 1 FROM generate_series(%s, %s) i', :e + 1, :n - :e) AS middle \gset
CALL timed(:'middle') \gset middle_
CALL chain_levels(:n - :e + 1, :n) \gset last_
SELECT :'first_stmt_ms' || '|' || :'first_commit_ms' || '|' || :'middle_us' || '|' || :'last_stmt_ms' || '|' || :'last_commit_ms';
SQL
}

if want chain; then
    echo "== chain: a check-in under a $CHAIN-deep chain vs a 10-deep chain"
    chain chain10 10 >/dev/null
    t0=$SECONDS
    IFS='|' read -r fs fc mid ls lc < <(chain chainD "$CHAIN" | tail -1)
    echo "built $CHAIN alignments in $((SECONDS - t0)) s: the first $EDGE levels one statement each: ${fs} ms statement + ${fc} ms commit per level; the $((CHAIN - 2 * EDGE)) between in one statement (with commit): $(awk -v x="$mid" 'BEGIN { printf "%.1f", x / 1e6 }') s; the last $EDGE levels one statement each: ${ls} ms + ${lc} ms per level"
    echo "per level, last $EDGE / first $EDGE: statement $(ratio "$ls" "$fs"), commit $(ratio "$lc" "$fc"), both $(ratio "$(awk -v a="$ls" -v b="$lc" 'BEGIN { print a + b }')" "$(awk -v a="$fs" -v b="$fc" 'BEGIN { print a + b }')") (the statement writes the new objective's whole path; the commit loads the structure above it: both O(depth))"
    echo "okr.objective_path of the chain: $(q -c "SELECT count(*) || ' paths, ' || pg_size_pretty(pg_total_relation_size('okr.objective_path')) || ' with its indexes (' || pg_size_pretty(pg_relation_size('okr.objective_path_ids')) || ' GIN; O(depth^2): every path lists its whole path)' FROM okr.objective_path WHERE tenant = 'chainD'")"
    q -c "ANALYZE"
    q -c "CALL checkins('chain10', 1, 5, false)" -c "CALL checkins('chainD', 1, 5, false)" >/dev/null  # warm-up
    read -r deep shallow < <(pair chainD 1 chain10 1 50 false)
    r=$(ratio "$deep" "$shallow")
    p=$(ratio "$(ratio "$deep" $((CHAIN + 1)))" "$(ratio "$shallow" 11)")
    echo "check-in at the bottom, score changes: $deep us vs $shallow us: ratio $r, writing $((CHAIN + 1)) stored scores vs 11 (each objective above changes: O(depth) writes by definition); per objective written $p (goal <= 2: $(verdict "$p" 2))"
    read -r deep shallow < <(pair chainD 1 chain10 1 50 true)
    r=$(ratio "$deep" "$shallow")
    echo "check-in at the bottom, same value (score unchanged): $deep us vs $shallow us: ratio $r (goal <= 2: $(verdict "$r" 2))"
    read -r deep shallow < <(pair chainD 2 chain10 2 50 false)
    r=$(ratio "$deep" "$shallow")
    echo "check-in at the top objective: $deep us vs $shallow us: ratio $r (goal <= 2: $(verdict "$r" 2))"
    t0=$(date +%s%N)
    err=$(q -c "SET okr.tenant = 'chainD'" -c "INSERT INTO okr.objective (id, title, period) VALUES ($((CHAIN + 1)), 'one level more', '2026')" \
            -c "INSERT INTO okr.alignment (child_id, parent_id) VALUES ($((CHAIN + 1)), $CHAIN)" 2>&1 >/dev/null | head -3 | tr '\n' ' ' || true)
    echo "one level more: ${err:-accepted} ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
    q -c "SELECT 'verify(): ' || count(*) || ' mismatches' FROM okr.verify()"
fi

if want paths; then
    echo "== paths: $DIAMONDS two-parent diamonds in sequence in one statement (2^$DIAMONDS paths to the bottom; okr.max_paths = $(q -c "LOAD 'okr'" -c 'SHOW okr.max_paths'))"
    q -v n="$DIAMONDS" <<'SQL'
SET okr.tenant = 'dag';
INSERT INTO okr.objective (id, title, period) SELECT i, 'd' || i, '2026' FROM generate_series(0, 3 * :n) i;
SQL
    sql="INSERT INTO okr.alignment (child_id, parent_id) SELECT d * 3 + m, d * 3 FROM generate_series(0, $DIAMONDS - 1) d, generate_series(1, 2) m UNION ALL SELECT (d + 1) * 3, d * 3 + m FROM generate_series(0, $DIAMONDS - 1) d, generate_series(1, 2) m"
    t0=$(date +%s%N)
    err=$(q -c "SET okr.tenant = 'dag'" -c "$sql" 2>&1 >/dev/null | head -1 || true)
    echo "refused in $(( ($(date +%s%N) - t0) / 1000000 )) ms: ${err:-NOT refused}"
    for k in 10 14; do
        q -c "SET okr.tenant = 'dag'" -c "DELETE FROM okr.alignment WHERE tenant = 'dag'" >/dev/null
        t0=$(date +%s%N)
        q -c "SET okr.tenant = 'dag'" -c "${sql//$DIAMONDS - 1/$k - 1}" >/dev/null
        echo "$k diamonds ($(q -c "SELECT count(*) FROM okr.objective_path WHERE tenant = 'dag'") paths, $((1 << k)) to the bottom): written in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    done
fi

if want hub; then
    echo "== hub: a check-in under a parent of $HUB children vs one of 10"
    for t in hub10:10 hubN:$HUB; do
        q -v t="${t%%:*}" -v n="${t#*:}" <<'SQL'
SET okr.tenant = :'t';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (0, 'hub', '2026', 'children');
INSERT INTO okr.objective (id, title, period) SELECT i, 'child ' || i, '2026' FROM generate_series(1, :n) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, 0 FROM generate_series(1, :n) i;
INSERT INTO okr.key_result (id, objective_id, title, target) SELECT i, i, 'kr ' || i, '0 -> 10' FROM generate_series(1, :n) i;
SQL
    done
    q -c "ANALYZE"
    t0=$(date +%s%N)
    q -c "SET okr.tenant = 'hubN'" -c "INSERT INTO okr.check_in (key_result_id, value) SELECT i, i % 10 FROM generate_series(1, $HUB) i"
    echo "one INSERT of $HUB check-ins under the hub (one per child): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    q -c "CALL checkins('hubN', 7, 5, false)" -c "CALL checkins('hub10', 7, 5, false)" >/dev/null
    read -r big small < <(pair hubN 7 hub10 7 100 false)
    r=$(ratio "$big" "$small")
    echo "check-in under the hub (the backend's structure cache loaded): $big us vs $small us: ratio $r (goal <= 2: $(verdict "$r" 2))"
    cold() { q -c "SET okr.tenant = '$1'" -c "CALL timed(\$\$INSERT INTO okr.check_in (key_result_id, value) VALUES (8, 3)\$\$)"; }
    big=$(cold hubN); small=$(cold hub10)
    echo "the first check-in of a new backend (loads the hub and its W, a sum over its children): $big us vs $small us: ratio $(ratio "$big" "$small")"
    q -c "SELECT 'verify(): ' || count(*) || ' mismatches' FROM okr.verify()"
fi

if want update || want rebuild || want jit; then
    echo "== loading a tenant of $OBJ objectives (fan-out 10), one key result and one check-in each"
    t0=$SECONDS
    q -v n="$OBJ" <<'SQL'
SET okr.tenant = 'org';
INSERT INTO okr.objective (id, title, owner, period)
SELECT i, 'objective ' || i, 'owner ' || (i % 1000), CASE WHEN i < 112 THEN '2026' ELSE '2026-Q4' END::okr.period
  FROM generate_series(1, :n) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(10, :n) i;
INSERT INTO okr.key_result (id, objective_id, title, target) SELECT i, i, 'kr ' || i, '0 -> 100' FROM generate_series(1, :n) i;
INSERT INTO okr.check_in (key_result_id, at, value) SELECT i, '2026-10-01', i % 100 FROM generate_series(1, :n) i;
VACUUM ANALYZE;
SQL
    echo "loaded in $((SECONDS - t0)) s"
fi

if want update; then
    echo "== update: an objective's title edit among $OBJ objectives"
    leaf=$((OBJ - 1))
    q -c "SET okr.tenant = 'org'" -c "UPDATE okr.objective SET title = title || '.' WHERE tenant = 'org' AND id = $leaf" >/dev/null  # prepares the plans
    for target in "leaf $leaf" "level-2 objective 12" "root 1"; do
        id=${target##* }
        us=$(q -c "SET okr.tenant = 'org'" -c "CALL timed(\$\$UPDATE okr.objective SET title = title || '!' WHERE tenant = 'org' AND id = $id\$\$)")
        echo "title edit of the ${target% *} ($id), with its commit: $us us (okr.objective_path rewrites the paths through it: $(q -c "SELECT count(*) FROM okr.objective_path WHERE tenant = 'org' AND $id = ANY (ids)") rows)"
    done
    us=$(q -c "SET okr.tenant = 'org'" -c "CALL timed(\$\$UPDATE okr.objective SET owner = 'owner 8' WHERE tenant = 'org' AND id = 1\$\$)")
    echo "owner edit of the root (1), with its commit: $us us (no path rewrite: okr's own work is two index lookups)"
    echo "-- okr's lookups inside a title edit of the leaf (auto_explain, nested statements on okr.alignment):"
    q <<SQL 2>&1 | grep -E 'Query Text: .*alignment|Index|Seq Scan|Buffers|Execution Time' | grep -v 'Query Text: UPDATE' | head -30
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SET okr.tenant = 'org';
UPDATE okr.objective SET period = '2026-Q4' WHERE tenant = 'org' AND id = $leaf;
SQL
fi

if want plans; then
    echo "== plans: 10,000 objectives and alignments loaded in a session that prepared okr's plans before ANALYZE, vs after"
    for t in before after; do
        [ $t = after ] && q -c "ANALYZE"
        t0=$(date +%s%N)
        q -v t="plans_$t" <<'SQL'
SET okr.tenant = :'t';
-- prepare every validation plan on an empty tenant first
INSERT INTO okr.objective (id, title, period) VALUES (0, 'root', '2026'), (1, 'first', '2026');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (1, 0);
UPDATE okr.objective SET period = '2026' WHERE id = 1;
INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(2, 10000) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(2, 10000) i;
UPDATE okr.objective SET period = '2026' WHERE id BETWEEN 2 AND 10000;
SQL
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
        echo "$t ANALYZE: $ms ms"
        eval "plans_$t=$ms"
    done
    r=$(ratio "$plans_before" "$plans_after")
    echo "ratio before/after: $r (goal: ~1, plans do not depend on statistics: $(verdict "$r" 2))"
fi

if want jit; then
    echo "== jit: JIT inside the flush (jit_above_cost = 0, every nested plan logged) and in typical BI queries"
    # each JIT section, attributed to the statement whose plan it ends
    q <<'SQL' 2>&1 | awk '/Query Text:/ { t = substr($0, index($0, "Query Text:") + 12, 70) } /JIT:/ { print "  JIT in: " t }' | sort | uniq -c
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SET jit = on; SET jit_above_cost = 0; SET jit_inline_above_cost = 0; SET jit_optimize_above_cost = 0;
SET okr.tenant = 'org';
INSERT INTO okr.check_in (key_result_id, value) VALUES (5000, 42);
SQL
    echo "(okr's own statements — validation, key-result recompute, structure — run with jit off, src/query.c; what is listed is PostgreSQL's foreign-key check and the INSERT itself, under the session's settings)"
    echo "pg_jit_available(): $(q -c 'SELECT pg_jit_available()')"
    for query in "SELECT * FROM okr.scorecard WHERE tenant = 'org' AND owner = 'owner 7' AND period_start <= '2026-11-15' AND period_end >= '2026-11-15'" \
                 "SELECT * FROM okr.key_result_progress WHERE tenant = 'org' AND status IN ('at_risk', 'off_track')"; do
        on=$(q -c "SET jit = on" -c "EXPLAIN (ANALYZE, FORMAT TEXT) $query" | grep -E 'JIT:|Execution Time|Timing:' | tr '\n' ' ')
        off=$(q -c "SET jit = off" -c "EXPLAIN (ANALYZE, FORMAT TEXT) $query" | grep -E 'Execution Time' | tr '\n' ' ')
        echo "${query:0:60}...: jit on: ${on:-no JIT} | jit off (ALTER ROLE bi SET jit = off): $off"
    done
fi

if want bulk; then
    echo "== bulk: COPY of $BULK key results (3 per objective, $((BULK / 3)) objectives), then $BULK check-ins, then the same check-ins again"
    q -v n="$BULK" <<'SQL'
SET okr.tenant = 'bulk';
INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(1, :n / 3) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i / 10 FROM generate_series(10, :n / 3) i;
ANALYZE;
SQL
    stats="SELECT pg_stat_force_next_flush()"
    upd="SELECT string_agg(format('%s %s/%s', relname, n_tup_upd, n_tup_hot_upd), ', ' ORDER BY relname) FROM pg_stat_user_tables WHERE schemaname = 'okr' AND relname IN ('key_result', 'objective')"
    # one backend per load: its VmHWM is the load's peak
    load() {  # what, columns, generator
        local before after t0
        q -c "$stats" >/dev/null; sleep 1; before=$(q -c "$upd")
        t0=$(date +%s%N)
        out=$(eval "$3" | q -c "SET okr.tenant = 'bulk'" -c "\\copy $2 FROM STDIN" -c "SELECT vmhwm_kb()")
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
        q -c "$stats" >/dev/null; sleep 1; after=$(q -c "$upd")
        echo "COPY $1: $ms ms, backend VmHWM $((out / 1024)) MB; updates/HOT (cumulative) before: $before; after: $after"
    }
    idle=$(q -c "SELECT vmhwm_kb()")
    echo "an idle backend's VmHWM: $((idle / 1024)) MB"
    load "$BULK key results (no inputs yet: nothing to update)" "okr.key_result (id, objective_id, title, target)" \
        "seq 1 $BULK | awk '{ printf \"%d\\t%d\\tkr %d\\t0 -> 100\\n\", \$1, int((\$1 + 2) / 3), \$1 }'"
    load "$BULK check-ins (one per key result)" "okr.check_in (key_result_id, at, value)" \
        "seq 1 $BULK | awk '{ printf \"%d\\t2026-10-01\\t%d\\n\", \$1, \$1 % 100 }'"
    load "$BULK check-ins again, same values at a later time (no value changes)" "okr.check_in (key_result_id, at, value)" \
        "seq 1 $BULK | awk '{ printf \"%d\\t2026-10-02\\t%d\\n\", \$1, \$1 % 100 }'"
    q -c "SELECT 'verify(): ' || count(*) || ' mismatches' FROM okr.verify()"
fi

if want rebuild; then
    echo "== rebuild: a check-in's wait while a rebuild runs ($OBJ objectives, $OBJ key results)"
    # check-ins on key result 1 (the first a rebuild locks) and on the last
    # one, every 0.5 s while it runs: the longest wait of each
    for how in "SELECT okr.rebuild()" "CALL okr.rebuild_in_batches(1000)"; do
        t0=$(date +%s%N)
        q -c "$how" >/dev/null 2>&1 &
        pid=$!
        max=0; n=0
        sleep 0.5
        while kill -0 $pid 2>/dev/null; do
            for kr in 1 "$OBJ"; do
                us=$(q -c "SET okr.tenant = 'org'" -c "CALL timed(\$\$INSERT INTO okr.check_in (key_result_id, value) VALUES ($kr, 77)\$\$)")
                max=$(awk -v x="$us" -v y="$max" 'BEGIN { print (x > y ? x : y) }'); n=$((n + 1))
            done
            sleep 0.5
        done
        wait $pid
        echo "$how: ran $(( ($(date +%s%N) - t0) / 1000000 )) ms; $n check-ins while it ran, the longest took $(awk -v x="$max" 'BEGIN { printf "%.0f", x / 1000 }') ms"
    done
    q -c "SELECT 'verify(): ' || count(*) || ' mismatches' FROM okr.verify()"
fi

if want tenants; then
    echo "== tenants: writes of many tenants in one statement (max_locks_per_transaction = $(q -c 'SHOW max_locks_per_transaction'))"
    for n in $((TENANTS / 4)) "$TENANTS"; do
        t0=$(date +%s%N)
        q -v n="$n" <<'SQL'
INSERT INTO okr.objective (tenant, id, title, period) SELECT 'tenant ' || :n || '/' || i, 1, 'o', '2026' FROM generate_series(1, :n) i;
SQL
        t1=$(date +%s%N)
        q -v n="$n" -c "INSERT INTO okr.key_result (tenant, id, objective_id, title, target) SELECT 'tenant ' || $n || '/' || i, 1, 1, 'k', '0 -> 10' FROM generate_series(1, $n) i"
        t2=$(date +%s%N)
        out=$(q -c "INSERT INTO okr.check_in (tenant, key_result_id, value) SELECT 'tenant ' || $n || '/' || i, 1, 5 FROM generate_series(1, $n) i" -c "SELECT vmhwm_kb()")
        t3=$(date +%s%N)
        echo "$n tenants: objectives $(( (t1 - t0) / 1000 / n )) us/tenant, key results $(( (t2 - t1) / 1000 / n )) us/tenant, check-ins $(( (t3 - t2) / 1000 / n )) us/tenant (backend VmHWM $((out / 1024)) MB)"
    done
    q -c "SELECT 'verify(): ' || count(*) || ' mismatches' FROM okr.verify()"
fi

if want structure; then
    echo "== structure: one statement of $STRUCT rows vs one of $((4 * STRUCT)), each with its commit, in a new database (okr's tables never ANALYZEd): us per row, big / small (1 = linear, 4 = quadratic)"
    sdb=${db}_structure
    psql -X -q -c "DROP DATABASE IF EXISTS $sdb" -c "CREATE DATABASE $sdb" >/dev/null
    # a tree of n objectives is n paths in one statement: over okr.max_paths at 10^5
    sq() { PGOPTIONS="${PGOPTIONS:-} -c okr.max_paths=1000000000" psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$sdb" "$@"; }
    sq -c "CREATE EXTENSION okr"
    objectives="INSERT INTO okr.objective (id, title, period) SELECT i, 'o' || i, '2026' FROM generate_series(0, :n) i"
    tree="INSERT INTO okr.alignment (child_id, parent_id, weight) SELECT i, i / 10, 1 FROM generate_series(1, :n) i
          UNION ALL SELECT i, i / 10 + 1, 0.5 FROM generate_series(110, :n, 50) i"
    declare -A us
    for n in "$STRUCT" $((4 * STRUCT)); do
        # one psql (session and transaction) per statement: us per row
        run() {  # name tenant sql
            local t0
            t0=$(date +%s%N)
            sq -c "SET okr.tenant = '$2'" -c "${3//:n/$n}"
            us[$1.$n]=$(( ($(date +%s%N) - t0) / 1000 / n ))
        }
        run objectives "hub$n" "$objectives"
        run "children aligned to 100 parents" "hub$n" "INSERT INTO okr.alignment (child_id, parent_id) SELECT i, i % 100 FROM generate_series(100, :n) i"
        sq -c "SET okr.tenant = 'tree$n'" -c "${objectives//:n/$n}"
        run "a tree (fan-out 10, every 50th with two parents)" "tree$n" "$tree"
        run "key results under the tree" "tree$n" "INSERT INTO okr.key_result (id, objective_id, title, target) SELECT i, i, 'k' || i, '0 -> 10' FROM generate_series(1, :n) i"
        run "the tree's alignments deleted" "tree$n" "DELETE FROM okr.alignment WHERE tenant = 'tree$n'"
    done
    for what in objectives "children aligned to 100 parents" "a tree (fan-out 10, every 50th with two parents)" \
                "key results under the tree" "the tree's alignments deleted"; do
        small=${us[$what.$STRUCT]}; big=${us[$what.$((4 * STRUCT))]}
        echo "$what: $small us/row at $STRUCT, $big us/row at $((4 * STRUCT)): ratio $(ratio "$big" "$small")"
    done
    sq -c "SELECT 'verify(): ' || count(*) || ' mismatches' FROM okr.verify()"
    psql -X -q -c "DROP DATABASE $sdb" >/dev/null
fi
