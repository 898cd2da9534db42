#!/usr/bin/env python3
"""Evaluates refactor guards on lupine-guard-study's CSV.

A reuse is good when the reused pivots give a backward error of at most 1e-12 after one
refinement step. A guard's false re-pivot rejects a good reuse; a miss accepts a bad one.

  bench/guard.py STUDY.csv [--per-matrix]
"""
import csv
import math
import sys
from collections import defaultdict

GOOD = 1e-12


def guards():
    yield "ratio>=1e-3 (old)", lambda r: r["ratio"] >= 1e-3
    for tau in (1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 0.0):
        yield f"ratio>={tau:g}", (lambda t: lambda r: r["ratio"] >= t)(tau)
    for tau in (0.0, 1e-6, 1e-8, 1e-10, 1e-12):
        for limit in (10.0, 100.0, 1e3, 1e4, 1e6):
            yield (f"ratio>{tau:g} & growth<={limit:g}x" if tau == 0 else
                   f"ratio>={tau:g} & growth<={limit:g}x",
                   (lambda t, g: lambda r: (r["ratio"] > 0 if t == 0 else r["ratio"] >= t) and
                    r["growth"] <= g * max(1.0, r["growth_pivoting"]))(tau, limit))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rows = []
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f):
            possible = row["reuse_possible"] == "1"
            berr = float(row["berr_reuse"]) if possible else math.inf
            rows.append({
                "matrix": row["matrix"], "kind": row["kind"], "possible": possible,
                "ratio": float(row["smallest_pivot_ratio"]) if possible else 0.0,
                "growth": float(row["growth_reuse"]) if possible else math.inf,
                "growth_pivoting": float(row["growth_pivoting"]),
                "good": possible and berr <= GOOD,
                "berr_pivoting": float(row["berr_pivoting"]),
                "refactor_s": float(row["refactor_s"]), "factor_s": float(row["factor_s"]),
            })
    kinds = sorted({r["kind"] for r in rows})
    print(f"{len(rows)} refactorizations; good reuses by kind:",
          ", ".join(f"{k} {sum(r['good'] for r in rows if r['kind'] == k)}/"
                    f"{sum(r['kind'] == k for r in rows)}" for k in kinds))
    hard = sum(r["berr_pivoting"] > GOOD for r in rows)
    print(f"pivoting afresh misses 1e-12 after one refinement step in {hard} of them")
    print()
    print("| guard | false re-pivots | misses | " + " | ".join(f"{k} (false/missed)" for k in kinds) + " |")
    print("|---|---:|---:|" + "---|" * len(kinds))
    for name, accept in guards():
        false = sum(1 for r in rows if r["possible"] and not accept(r) and r["good"])
        missed = sum(1 for r in rows if r["possible"] and accept(r) and not r["good"])
        by_kind = []
        for k in kinds:
            sub = [r for r in rows if r["kind"] == k]
            f_k = sum(1 for r in sub if r["possible"] and not accept(r) and r["good"])
            m_k = sum(1 for r in sub if r["possible"] and accept(r) and not r["good"])
            by_kind.append(f"{f_k}/{m_k}")
        print(f"| {name} | {false} | {missed} | " + " | ".join(by_kind) + " |")
    if "--per-matrix" in sys.argv:
        print()
        print("| matrix | trials | good | old guard false | old guard missed |")
        print("|---|---:|---:|---:|---:|")
        per = defaultdict(list)
        for r in rows:
            per[r["matrix"]].append(r)
        for m, sub in per.items():
            old = lambda r: r["ratio"] >= 1e-3
            print(f"| {m} | {len(sub)} | {sum(r['good'] for r in sub)} | "
                  f"{sum(1 for r in sub if r['possible'] and not old(r) and r['good'])} | "
                  f"{sum(1 for r in sub if r['possible'] and old(r) and not r['good'])} |")


if __name__ == "__main__":
    main()
