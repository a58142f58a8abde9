#!/usr/bin/python3
"""Example client for okr's real-time notifications.

When a transaction that changed key-result or objective scores commits, okr
sends one NOTIFY on the channel okr_score_changed per changed object, with a
JSON payload that names what changed, not its values (read those through
the tables and views, which apply your grants and row-level security):

    {"kind":"key_result","id":7}

kind is "key_result" or "objective".  Notifications are opt-in per tenant
(okr.tenant_config.notify = true); nothing is sent for other tenants, nor for a
transaction that rolls back, nor for a score that did not change.
Notifications are delivered to listeners only after the commit, in commit
order; a dashboard can LISTEN and refresh the objects it shows.

Usage (libpq environment: PGHOST, PGPORT, PGUSER...):

    /usr/bin/python3 test/bi/listen_example.py --follow [DBNAME]
        print every notification until interrupted (Ctrl-C)

    /usr/bin/python3 test/bi/listen_example.py DBNAME
        bounded self-test, as run by test/suites.sh: writes a small OKR tree
        in a tenant of its own, checks the notifications it receives (TAP
        output, exit status non-zero on failure) and deletes the tree.
"""
import json
import os
import select
import sys

import psycopg2
import psycopg2.extensions

CHANNEL = "okr_score_changed"


def listen(dbname):
    """Open an autocommit connection that listens on okr_score_changed."""
    conn = psycopg2.connect(dbname=dbname) if dbname else psycopg2.connect()
    conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
    conn.cursor().execute("LISTEN " + CHANNEL)
    return conn


def receive(conn, timeout):
    """Wait up to timeout seconds for notifications; return their payloads as dicts."""
    if not conn.notifies and select.select([conn], [], [], timeout) == ([], [], []):
        return []
    conn.poll()
    payloads = [json.loads(n.payload) for n in conn.notifies]
    conn.notifies.clear()
    return payloads


def follow(dbname):
    conn = listen(dbname)
    print("listening on %s; Ctrl-C to stop" % CHANNEL, flush=True)
    try:
        while True:
            for p in receive(conn, 60):
                print("%(kind)s %(id)s changed" % p, json.dumps(p), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        conn.close()


# ---------- bounded self-test ----------

def self_test(dbname):
    tenant = "bi_listen_%d" % os.getpid()
    results = []

    def ok(cond, description, diag=None):
        results.append((bool(cond), description, diag))

    ours = set()

    def mine(payloads):
        return sorted((p for p in payloads if (p.get("kind"), p.get("id")) in ours),
                      key=lambda p: (p["kind"], p["id"]))

    def collect(conn, want, timeout=10.0):
        """Payloads of this tenant until want of them arrived or time is up."""
        got, waited = [], 0.0
        while len(got) < want and waited < timeout:
            got += mine(receive(conn, 0.5))
            waited += 0.5
        return got

    listener = listen(dbname)
    writer = psycopg2.connect(dbname=dbname)
    cur = writer.cursor()
    try:
        cur.execute("SET okr.tenant = %s", (tenant,))
        # opt in (okr.tenant_config belongs to okr; created here only if it is missing)
        cur.execute("INSERT INTO okr.tenant_config (tenant, notify) VALUES (%s, true)", (tenant,))
        cur.execute("""INSERT INTO okr.objective (title, period, rollup)
                       VALUES ('Listen example', '2026', 'key_results') RETURNING id""")
        objective = cur.fetchone()[0]
        cur.execute("""INSERT INTO okr.key_result (objective_id, title, target)
                       VALUES (%s, 'Things done', '0 -> 10') RETURNING id""", (objective,))
        key_result = cur.fetchone()[0]
        ours.update({("key_result", key_result), ("objective", objective)})
        cur.execute("INSERT INTO okr.check_in (key_result_id, value) VALUES (%s, 5)", (key_result,))
        writer.commit()

        got = collect(listener, 2)
        ok(all(set(p) == {"kind", "id"} for p in got) and got,
           "payloads are JSON objects with kind and id only", got)
        ok(got == [{"kind": "key_result", "id": key_result}, {"kind": "objective", "id": objective}],
           "commit: one notification per changed key result and objective", got)

        cur.execute("INSERT INTO okr.check_in (key_result_id, value) VALUES (%s, 10)", (key_result,))
        writer.rollback()
        got = mine(receive(listener, 1.0))
        ok(got == [], "rollback: no notification", got)

        cur.execute("INSERT INTO okr.check_in (key_result_id, value) VALUES (%s, 10)", (key_result,))
        cur.execute("INSERT INTO okr.check_in (key_result_id, value) VALUES (%s, 10)", (key_result,))
        writer.commit()
        got = collect(listener, 2)
        got += mine(receive(listener, 0.5))  # anything extra would be a duplicate
        ok(got == [{"kind": "key_result", "id": key_result}, {"kind": "objective", "id": objective}],
           "two check-ins in one transaction: one notification per object", got)

        cur.execute("INSERT INTO okr.check_in (key_result_id, value) VALUES (%s, 12)", (key_result,))
        writer.commit()
        got = mine(receive(listener, 1.0))
        ok(got == [], "a change that leaves the score as it was (capped at 1): no notification", got)

        cur.execute("UPDATE okr.tenant_config SET notify = false WHERE tenant = %s", (tenant,))
        cur.execute("INSERT INTO okr.check_in (key_result_id, value) VALUES (%s, 2)", (key_result,))
        writer.commit()
        got = mine(receive(listener, 1.0))
        ok(got == [], "a tenant that did not opt in: no notification", got)
    except Exception as e:
        ok(False, "no error", "%s: %s" % (type(e).__name__, e))
    finally:
        writer.rollback()
        cur.execute("DELETE FROM okr.objective WHERE tenant = %s", (tenant,))
        cur.execute("DELETE FROM okr.tenant_config WHERE tenant = %s", (tenant,))
        writer.commit()
        writer.close()
        listener.close()

    print("1..%d" % len(results))
    for n, (passed, description, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if passed else "not ok", n, description))
        if not passed and diag is not None:
            print("#   got: %r" % (diag,))
    return 0 if all(r[0] for r in results) else 1


def main():
    args = sys.argv[1:]
    if args and args[0] == "--follow":
        follow(args[1] if len(args) > 1 else None)
        return 0
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    return self_test(args[0])


if __name__ == "__main__":
    sys.exit(main())
