#!/bin/bash
# A hot standby of a database with okr (pg_basebackup -R over loopback from
# the primary on PGPORT; the standby on PGPORT + 100, unix socket only):
# after replay, every view and history function works on it and answers
# what the primary answers.  Prints TAP.  Needs PGHOST etc. of a superuser
# (run inside pg_virtualenv, as test/suites.sh does).
set -uo pipefail
cd "$(dirname "$0")/../.."
db=okr_standby
bin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -n "${PG_CONFIG:-}" ] && bin=$("$PG_CONFIG" --bindir)
sport=$((PGPORT + 100))
dir=$(mktemp -d --tmpdir=/tmp --suffix=.okr-standby)
logs=test/logs/standby
mkdir -p "$logs"
. test/lib/tap.sh
p() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"; }
s() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$dir" -p "$sport" -d "$db" "$@"; }

# Digest of every view (columns that depend on now() left out: the two
# servers' clocks differ) and history function (at a fixed instant); no
# temporary objects: the standby is read-only.
digests() {
    "$@" <<'SQL'
SELECT format($f$SELECT %L || ' ' || COALESCE(md5(string_agg(j, '|' ORDER BY j)), 'empty')
                   FROM (SELECT (to_jsonb(x) - 'expected' - 'status')::text AS j FROM (%s) x) d$f$, q, q)
  FROM (VALUES ('SELECT * FROM okr.verify()'), ('SELECT * FROM okr.lint()'),
               ('SELECT * FROM okr.scorecard_at(''2026-12-31'')'), ('SELECT * FROM okr.scores_at(''2026-12-31'')'),
               ('SELECT * FROM okr.score_series(1, ''2026-10-01'', ''2026-12-31'', ''1 week'', ''default'')'),
               ('SELECT * FROM okr.explain(1)'), ('SELECT * FROM okr.explain(1, ''2026-12-31'')'),
               ('SELECT okr.tenant_policy(''victim''), okr.grade(0.5, ''victim''), okr.status(0.5, 0.6, ''victim'')')
        UNION ALL
        SELECT format('SELECT * FROM okr.%I', relname) FROM pg_class
         WHERE relnamespace = 'okr'::regnamespace AND relkind IN ('v', 'm')) AS q (q)
 ORDER BY q
\gexec
SQL
}

echo "1..6"
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f test/demo.sql >"$logs/demo.log" 2>&1
p >/dev/null <<'SQL'
SET okr.tenant = 'victim';
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'Other tenant', '2026-Q4', 'key_results');
INSERT INTO okr.key_result (id, objective_id, title, target) VALUES (1, 1, 'Revenue', '0 -> 100');
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-01', 42);
INSERT INTO okr.tenant_config (tenant, grade_green) VALUES ('victim', 0.3);
SQL

[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
as_pg "PGPASSWORD=$PGPASSWORD $bin/pg_basebackup -h 127.0.0.1 -p $PGPORT -U $PGUSER -D $dir/data -R -X stream -c fast" \
    >"$logs/basebackup.log" 2>&1
check "pg_basebackup -R over loopback" test -f "$dir/data/standby.signal"
# Debian keeps the configuration outside the data directory: give the copy its own.
# A hot standby needs at least the primary's max_prepared_transactions (test/all.sh sets it).
as_pg "touch $dir/data/postgresql.conf && echo 'local all all trust' >$dir/data/pg_hba.conf"
prepared=$(p -c 'SHOW max_prepared_transactions')
as_pg "$bin/pg_ctl -D $dir/data -l $dir/server.log -w -t 60 \
    -o \"-p $sport -k $dir -c listen_addresses= -c hot_standby=on -c dynamic_shared_memory_type=mmap -c max_prepared_transactions=$prepared\" start" >"$logs/pg_ctl.log" 2>&1
check "the standby starts on port $sport" test "$(s -c 'SELECT pg_is_in_recovery()')" = t

# Changes after the backup arrive by streaming: a check-in (rollup at commit),
# a closing (final grade), a policy change.
p >/dev/null <<'SQL'
INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-24', 20);
UPDATE okr.objective SET state = 'closed' WHERE id = 3;
UPDATE okr.tenant_config SET grade_green = 0.6 WHERE tenant = 'victim';
SQL
lsn=$(p -c 'SELECT pg_current_wal_lsn()')
for _ in $(seq 60); do
    [ "$(s -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'" 2>/dev/null)" = t ] && break
    sleep 0.5
done
check "the standby replays the primary's changes" test "$(s -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t
digests p >"$logs/primary.txt" 2>&1
digests s >"$logs/standby.txt" 2>&1
check "every view and history function runs on the standby ($(wc -l <"$logs/standby.txt") queries)" \
    test "$(grep -c ' [0-9a-f]\{32\}$\| empty$' "$logs/standby.txt")" -ge 10 -a "$(grep -c ERROR "$logs/standby.txt")" -eq 0
check "... and answers what the primary answers (diff $logs/primary.txt $logs/standby.txt)" \
    diff -q "$logs/primary.txt" "$logs/standby.txt"
check "writes are refused on the standby (read-only)" \
    test "$(s -c "INSERT INTO okr.check_in (key_result_id, value) VALUES (1, 1)" 2>&1 | grep -c 'read-only transaction')" -eq 1

as_pg "$bin/pg_ctl -D $dir/data -m fast -w stop" >>"$logs/pg_ctl.log" 2>&1
cp "$dir/server.log" "$logs/server.log"
rm -rf "$dir"
dropdb "$db"
