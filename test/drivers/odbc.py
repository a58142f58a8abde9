#!/usr/bin/python3
"""okr through psqlODBC (unixODBC, pyodbc), as Excel or Power BI connect: the
connection options the README documents, with and without them.  Prints TAP.

    test/drivers/odbc.py 'Driver={PostgreSQL Unicode};Server=…;Port=…;Database=…;Uid=…;Pwd=…'
"""
import sys

import pyodbc

SQL_LONGVARCHAR, SQL_VARCHAR, SQL_WVARCHAR, SQL_WLONGVARCHAR, SQL_BIT = -1, 12, -9, -10, -7
n = 0


def ok(passed, description):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if passed else "not ok", n, description))


def column_types(conn, table):
    """The SQL data types psqlODBC reports for okr.TABLE's columns."""
    return {c.column_name: c.data_type for c in conn.cursor().columns(table=table, schema="okr")}


def main():
    base = sys.argv[1]
    print("1..6")
    plain = pyodbc.connect(base, autocommit=True)
    types = column_types(plain, "scorecard")
    ok(types["title"] in (SQL_LONGVARCHAR, SQL_WLONGVARCHAR),
       "without TextAsLongVarchar=0, a text column is a memo (LONGVARCHAR)")
    value = plain.cursor().execute("SELECT okr.is_met('0 -> 30', 31)").fetchone()[0]
    ok(value == "1", "without BoolsAsChar=0, a boolean arrives as the string '1'")

    conn = pyodbc.connect(base + ";BoolsAsChar=0;TextAsLongVarchar=0", autocommit=True)
    types = column_types(conn, "scorecard")
    ok(types["title"] in (SQL_VARCHAR, SQL_WVARCHAR) and types["status"] in (SQL_VARCHAR, SQL_WVARCHAR),
       "with TextAsLongVarchar=0, text columns are VARCHAR")
    value = conn.cursor().execute("SELECT okr.is_met('0 -> 30', 31)").fetchone()[0]
    ok(value is True, "with BoolsAsChar=0, a boolean arrives as a boolean")
    cur = conn.cursor()
    cur.execute("INSERT INTO okr.objective (title, period) VALUES (?, ?)", "Through ODBC", "2026-Q4")
    cur.execute("INSERT INTO okr.key_result (objective_id, title, target) "
                "SELECT id, 'VMs', ? FROM okr.objective WHERE title = 'Through ODBC'", "0 -> 30")
    cur.execute("INSERT INTO okr.check_in (key_result_id, value) "
                "SELECT k.id, ? FROM okr.key_result k WHERE k.title = 'VMs'", 12.0)
    row = cur.execute("SELECT o.period::text, k.target::text FROM okr.objective o "
                      "JOIN okr.key_result k ON k.objective_id = o.id WHERE o.title = 'Through ODBC'").fetchone()
    ok(tuple(row) == ("2026-Q4", "0 -> 30"), "text parameters bind to okr.period and okr.target columns")
    row = cur.execute("SELECT score, grade FROM okr.scorecard WHERE title = 'Through ODBC'").fetchone()
    ok(abs(row.score - 0.4) < 1e-9 and row.grade == "yellow",
       "the scorecard reads back the rolled-up score (12 of 0 -> 30: 0.4) as a number")


if __name__ == "__main__":
    try:
        main()
    except pyodbc.Error as e:
        print("not ok %d - %s" % (n + 1, e))
        sys.exit(1)
