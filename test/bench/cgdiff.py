#!/usr/bin/env python3
"""Per-call cost, function by function, of what differs between two callgrind
runs (test/bench/callgrind.sh PROFILE=DIR): inclusive instructions of run B
minus run A, divided by N (the number of extra check-ins in B).
  cgdiff.py A.out B.out N [TOP]"""
import re
import subprocess
import sys


def inclusive(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    costs = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*?)(?: \[.*\])?$", line)
        if m:
            costs[m.group(2)] = costs.get(m.group(2), 0) + int(m.group(1).replace(",", ""))
    return costs


a, b = inclusive(sys.argv[1]), inclusive(sys.argv[2])
n = int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 60
rows = sorted(((b.get(f, 0) - a.get(f, 0)) / n, f) for f in set(a) | set(b))
for cost, f in reversed(rows[-top:]):
    print(f"{cost:12,.0f}  {f}")
