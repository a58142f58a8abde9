#!/usr/bin/python3
"""okr's BI surface as a BI tool's driver sees it.

Connects with psycopg2 (the driver behind many Python BI tools, e.g.
Superset) and checks, for every BI view and table function of okr:

  * the columns and their types, as the driver reports them
    (cursor.description type codes, named through pg_type): standard SQL
    types only, no okr types, no arrays;
  * that the view or function and every column has a COMMENT (BI tools show
    them as descriptions), and so every other view of okr;
  * that rows come back as plain Python values (float, int, str, date,
    datetime, bool), on the seed example of test/demo.sql, in a transaction
    that is rolled back.

Usage: /usr/bin/python3 test/bi/views.py DBNAME
Connects through libpq's environment (PGHOST, PGPORT, PGUSER...), prints TAP
and exits non-zero on any failure.
"""
import datetime
import sys

import psycopg2

DP = "double precision"
TS = "timestamptz"

SCORECARD = [
    ("tenant", "text"), ("objective_id", "bigint"), ("title", "text"), ("owner", "text"),
    ("commitment", "text"), ("state", "text"), ("rollup", "text"), ("period", "text"),
    ("period_start", "date"), ("period_end", "date"), ("score", DP), ("expected", DP),
    ("status", "text"), ("grade", "text"), ("key_results", "bigint"), ("parent_ids", "text"),
    ("child_ids", "text"), ("final_grade", "text"), ("closed_at", TS), ("created_at", TS),
]
# okr.scorecard also shows the application's columns (scorecard_at does not).
SCORECARD_NOW = SCORECARD + [
    ("team", "text"), ("external_id", "text"), ("attributes", "text"), ("final_score", DP),
]

VIEWS = {
    "scorecard": SCORECARD_NOW,
    "key_result_progress": [
        ("tenant", "text"), ("key_result_id", "bigint"), ("objective_id", "bigint"),
        ("objective_title", "text"), ("title", "text"), ("measures", "text"), ("source", "text"),
        ("unit", "text"), ("target", "text"), ("direction", "text"), ("baseline", DP),
        ("goal", DP), ("goal_low", DP), ("goal_high", DP), ("weight", DP), ("cap", DP),
        ("value", DP), ("progress", DP), ("score", DP), ("expected", DP), ("status", "text"),
        ("grade", "text"), ("period", "text"), ("period_start", "date"), ("period_end", "date"),
        ("check_ins", "bigint"), ("last_check_in_at", TS), ("last_confidence", DP),
        ("forecast_value", DP), ("forecast_score", DP), ("created_at", TS),
        ("owner", "text"), ("external_id", "text"), ("attributes", "text"),
        ("last_confidence_fraction", DP),
    ],
    "alignment_tree": [
        ("tenant", "text"), ("objective_id", "bigint"), ("title", "text"), ("owner", "text"),
        ("state", "text"), ("period", "text"), ("score", DP), ("grade", "text"),
        ("depth", "integer"), ("root_id", "bigint"), ("parent_id", "bigint"), ("weight", DP),
        ("path", "text"), ("title_path", "text"), ("path_sort", "text"), ("is_leaf", "boolean"),
    ],
    "check_in_history": [
        ("tenant", "text"), ("check_in_id", "bigint"), ("key_result_id", "bigint"),
        ("objective_id", "bigint"), ("key_result_title", "text"), ("unit", "text"),
        ("at", TS), ("value", DP), ("change", DP), ("confidence", DP), ("note", "text"),
        ("author", "text"), ("progress", DP), ("score", DP), ("expected", DP),
        ("status", "text"), ("is_latest", "boolean"), ("external_id", "text"),
        ("confidence_fraction", DP),
    ],
    "output_progress": [
        ("tenant", "text"), ("key_result_id", "bigint"), ("objective_id", "bigint"),
        ("key_result_title", "text"), ("source", "text"), ("unit", "text"),
        ("planned", "bigint"), ("in_progress", "bigint"), ("done", "bigint"),
        ("dropped", "bigint"), ("planned_amount", DP), ("in_progress_amount", DP),
        ("done_amount", DP), ("dropped_amount", DP), ("done_share", DP),
        ("last_done_at", TS),
    ],
}

# Table functions: (call, signature for the comment lookup, columns).
FUNCTIONS = {
    "scorecard_at": ("okr.scorecard_at(now())", "okr.scorecard_at(timestamptz, text, bigint)", SCORECARD),
    "score_series": (
        "okr.score_series(2, '2026-10-01', '2026-12-31', '1 week')",
        "okr.score_series(bigint, timestamptz, timestamptz, interval, text)",
        [("at", TS), ("kind", "text"), ("id", "bigint"), ("title", "text"), ("value", DP),
         ("score", DP), ("expected", DP), ("status", "text")]),
    "explain": (
        "okr.explain(1)", "okr.explain(bigint, timestamptz, text)",
        [("depth", "integer"), ("path", "text"), ("kind", "text"), ("id", "bigint"),
         ("title", "text"), ("weight", DP), ("score", DP), ("share_of_parent", DP),
         ("contribution", DP), ("value", DP)]),
    "scores_at": (
        "okr.scores_at(now())", "okr.scores_at(timestamptz, text, bigint)",
        [("tenant", "text"), ("kind", "text"), ("id", "bigint"), ("value", DP), ("score", DP)]),
}

# What psycopg2 turns each type into.
PYTHON_TYPES = {
    "text": str, "bigint": int, "integer": int, DP: float, "boolean": bool,
    "date": datetime.date, TS: datetime.datetime,
}

SHORT = {"timestamp with time zone": TS}

SEED = """
SET LOCAL okr.tenant = 'bi_driver';
SET LOCAL TIME ZONE 'UTC';
INSERT INTO okr.objective (id, title, owner, period, rollup, created_at) VALUES
    (1, 'Improve application uptime and minimise losses from downtime', 'CEO', '2026', 'children', '2026-09-15'),
    (2, 'Get off the legacy infrastructure platform', 'IT', '2026-Q4', 'key_results', '2026-09-15');
INSERT INTO okr.alignment (child_id, parent_id) VALUES (2, 1);
INSERT INTO okr.key_result (id, objective_id, title, measures, target, unit, source, created_at) VALUES
    (1, 2, 'Incident recovery time', 'outcome', '72 -> 2', 'hours', 'check_ins', '2026-09-15'),
    (2, 2, 'Cloud VMs installed', 'output', '0 -> 30', 'VMs', 'outputs', '2026-09-15'),
    (3, 2, 'Databases migrated to the cloud', 'output', '0 -> 50', 'databases', 'outputs', '2026-09-15'),
    (4, 2, 'Disaster-recovery audit passed', 'outcome', 'milestone', NULL, 'check_ins', '2026-09-15');
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT 2, 'VM ' || i, CASE WHEN i <= 12 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 12 THEN timestamptz '2026-10-01' + i * interval '4 days' END
  FROM generate_series(1, 30) AS i;
INSERT INTO okr.output (key_result_id, title, status, done_at)
SELECT 3, 'Database ' || i, CASE WHEN i <= 20 THEN 'done' ELSE 'planned' END,
       CASE WHEN i <= 20 THEN timestamptz '2026-10-01' + i * interval '2 days' END
  FROM generate_series(1, 50) AS i;
INSERT INTO okr.check_in (key_result_id, at, value, confidence, note, author) VALUES
    (1, '2026-10-02', 72, 0.5, 'Baseline', 'ops'),
    (1, '2026-10-23', 48, 0.6, 'Runbooks', 'ops'),
    (1, '2026-11-13', 37, 0.7, 'Failover drill', 'ops'),
    (4, '2026-11-13', 0, 0.8, 'Audit scheduled', 'ops');
SELECT okr.flush();
"""


class Tap:
    def __init__(self):
        self.lines = []
        self.failed = 0

    def ok(self, cond, description, diag=None):
        n = len(self.lines) + 1
        if cond:
            self.lines.append("ok %d - %s" % (n, description))
        else:
            self.failed += 1
            line = "not ok %d - %s" % (n, description)
            if diag:
                line += "\n" + "\n".join("#   " + d for d in str(diag).splitlines())
            self.lines.append(line)

    def finish(self):
        print("1..%d" % len(self.lines))
        for line in self.lines:
            print(line)
        if self.failed:
            print("# %d of %d tests failed" % (self.failed, len(self.lines)))
        return 1 if self.failed else 0


def type_names(cur, description):
    """Driver-reported columns as (name, type name) via pg_type."""
    oids = sorted({d.type_code for d in description})
    cur.execute("SELECT oid, format_type(oid, NULL) FROM pg_catalog.pg_type WHERE oid = ANY(%s)",
                (oids,))
    names = {oid: SHORT.get(name, name) for oid, name in cur.fetchall()}
    return [(d.name, names.get(d.type_code, "unknown oid %s" % d.type_code)) for d in description]


def check_columns(tap, label, got, expected):
    tap.ok([n for n, _ in got] == [n for n, _ in expected],
           "%s has the expected columns, in order" % label,
           "got:      %s\nexpected: %s" % ([n for n, _ in got], [n for n, _ in expected]))
    got_types = dict(got)
    for name, typ in expected:
        tap.ok(got_types.get(name) == typ, "%s.%s is %s" % (label, name, typ),
               "driver reports %s" % got_types.get(name))


def check_values(tap, label, rows, columns):
    """Every non-NULL value is the plain Python type of its column."""
    bad = []
    for row in rows:
        for (name, typ), value in zip(columns, row):
            if value is None:
                continue
            want = PYTHON_TYPES[typ]
            # datetime is a subclass of date: a date column must not hold one.
            if not isinstance(value, want) or (typ == "date" and isinstance(value, datetime.datetime)):
                bad.append("%s = %r (%s, expected %s)" % (name, value, type(value).__name__, want.__name__))
            elif typ == TS and value.tzinfo is None:
                bad.append("%s = %r has no time zone" % (name, value))
    tap.ok(rows and not bad, "%s: %d rows read as plain Python values" % (label, len(rows)),
           "\n".join(bad[:10]) or "no rows")


def main():
    if len(sys.argv) != 2:
        print("usage: %s DBNAME" % sys.argv[0], file=sys.stderr)
        return 2
    tap = Tap()
    conn = psycopg2.connect(dbname=sys.argv[1])
    try:
        cur = conn.cursor()

        # Types as the driver reports them, and comments.
        for view, columns in VIEWS.items():
            cur.execute("SELECT * FROM okr.%s LIMIT 0" % view)
            check_columns(tap, view, type_names(cur, cur.description), columns)
            cur.execute("SELECT obj_description('okr.%s'::regclass, 'pg_class')" % view)
            comment = cur.fetchone()[0]
            tap.ok(bool(comment), "okr.%s has a comment" % view)
            cur.execute("""SELECT a.attname FROM pg_attribute a
                            WHERE a.attrelid = 'okr.%s'::regclass AND a.attnum > 0
                              AND NOT a.attisdropped
                              AND coalesce(col_description(a.attrelid, a.attnum), '') = ''
                            ORDER BY a.attnum""" % view)
            missing = [r[0] for r in cur.fetchall()]
            tap.ok(not missing, "every column of okr.%s has a comment" % view,
                   "no comment: %s" % ", ".join(missing))
        # every other view of okr too (okr.objective_current, the *_computed ones)
        cur.execute("""SELECT c.relname, obj_description(c.oid, 'pg_class') IS NOT NULL,
                              array_agg(a.attname ORDER BY a.attnum)
                                  FILTER (WHERE coalesce(col_description(c.oid, a.attnum), '') = '')
                         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                        WHERE c.relnamespace = 'okr'::regnamespace AND c.relkind = 'v'
                        GROUP BY c.oid, c.relname ORDER BY c.relname""")
        undocumented = ["%s (%s)" % (view, "view" if not commented else ", ".join(missing))
                        for view, commented, missing in cur.fetchall() if not commented or missing]
        tap.ok(not undocumented, "every view of schema okr and each of its columns has a comment",
               "no comment: %s" % "; ".join(undocumented))
        for fn, (call, signature, columns) in FUNCTIONS.items():
            cur.execute("SELECT * FROM %s LIMIT 0" % call)
            check_columns(tap, fn, type_names(cur, cur.description), columns)
            cur.execute("SELECT obj_description(%s::regprocedure, 'pg_proc')", (signature,))
            tap.ok(bool(cur.fetchone()[0]), "%s has a comment" % signature)
        conn.rollback()

        # Values through the driver, on the seed example (rolled back).
        cur.execute(SEED)
        for view, columns in VIEWS.items():
            cur.execute("SELECT * FROM okr.%s WHERE tenant = 'bi_driver'" % view)
            check_values(tap, view, cur.fetchall(), columns)
        for fn, (call, _, columns) in FUNCTIONS.items():
            cur.execute("SELECT * FROM %s" % call.replace("now()", "'2026-10-24'"))
            check_values(tap, fn, cur.fetchall(), columns)

        cur.execute("""SELECT score, period, period_start, parent_ids, key_results
                         FROM okr.scorecard WHERE tenant = 'bi_driver' AND objective_id = 2""")
        row = cur.fetchone()
        tap.ok(row is not None and abs(row[0] - 0.325) < 1e-12 and row[1:] ==
               ("2026-Q4", datetime.date(2026, 10, 1), "1", 4),
               "scorecard: score 0.325, period '2026-Q4' from 2026-10-01, parent_ids '1', 4 key results",
               repr(row))
        cur.execute("""SELECT score FROM okr.scorecard_at('2026-10-24')
                        WHERE tenant = 'bi_driver' AND objective_id = 2""")
        row = cur.fetchone()
        tap.ok(row is not None and abs(row[0] - 383 / 2100) < 1e-12,
               "scorecard_at('2026-10-24'): score 383/2100 as a float", repr(row))
        cur.execute("""SELECT at, value FROM okr.check_in_history
                        WHERE tenant = 'bi_driver' AND key_result_id = 1 ORDER BY at""")
        rows = cur.fetchall()
        tap.ok([(r[0].isoformat(), r[1]) for r in rows] ==
               [("2026-10-02T00:00:00+00:00", 72.0), ("2026-10-23T00:00:00+00:00", 48.0),
                ("2026-11-13T00:00:00+00:00", 37.0)],
               "check_in_history: time series as timezone-aware datetimes and floats", repr(rows))
        conn.rollback()
    except Exception as e:  # report, don't crash without TAP
        tap.ok(False, "no error", "%s: %s" % (type(e).__name__, e))
    finally:
        conn.close()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
