#!/usr/bin/env python3
"""The campaign's summary tables from bench-ngspice.sh's CSV: one row per case, the stock
run next to the Lupine runs of the same netlist (the last run of each case and build wins).

    campaign_table.py results.csv [--builds lupine,lupine-quiet]

Table 1 (stock vs Lupine, 1 thread): wall time of the whole ngspice run and the ratio,
analysis time, the solver's share of it (reorder + factor + solve), Newton iterations
(and Lupine's difference in %), time points, Lupine's pivoting factors / refactors /
re-pivots, and the waveforms' largest difference relative to the signal swing
(all within ngspice's tolerance unless marked).
Table 2 (threads): the Lupine runs at each thread count of the builds named by --threads
(TAG'd series such as lupine-quiet), with their solver time (ngspice measures it as CPU
time: both threads added).
"""
import argparse
import csv


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fmt(value, pattern="%.2f", missing="–"):
    return missing if value is None else pattern % value


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("csv")
    p.add_argument("--threads", default="lupine-quiet",
                   help="build names (comma-separated) for the thread table")
    a = p.parse_args()

    runs, order = {}, []
    for row in csv.DictReader(open(a.csv)):
        key = (row["case"], row["build"], row["threads"])
        if row["case"] not in order:
            order.append(row["case"])
        runs[key] = row

    # families in the order they first ran, each from its smallest case up
    families = []
    for case in order:
        if case.split(":")[0] not in families:
            families.append(case.split(":")[0])
    order.sort(key=lambda c: (families.index(c.split(":")[0]), int(c.split(":")[1])))

    print("| case | equations | stock wall | Lupine wall | Lupine / stock | stock analysis "
          "(solver share) | Lupine analysis (solver share) | Newton stock / Lupine | time points "
          "stock / Lupine | Lupine factors / refactors / re-pivots | waveforms: max diff / swing |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for case in order:
        s, l = runs.get((case, "stock", "1")), runs.get((case, "lupine", "1"))
        if not l:
            continue
        g = lambda r, k: number(r[k]) if r else None
        status = lambda r: "" if not r or r["status"] == "0" else (
            " (timeout)" if r["status"] in ("124", "137") else " (exit %s)" % r["status"])
        newton_s, newton_l = g(s, "newton"), g(l, "newton")
        newton = "%s / %s" % (fmt(newton_s, "%d"), fmt(newton_l, "%d"))
        if newton_s and newton_l:
            newton += " (%+.1f%%)" % (100 * (newton_l / newton_s - 1))
        share = lambda r: "%s s (%s)" % (fmt(g(r, "analysis_s")), fmt(
            None if g(r, "solver_share") is None else 100 * g(r, "solver_share"), "%.0f%%"))
        counts = "%s / %s / %s" % (fmt(g(l, "factors"), "%d"), fmt(g(l, "refactors"), "%d"),
                                   fmt(g(l, "repivots"), "%d"))
        agree = "–"
        if l.get("max_rel_diff"):
            agree = "%.2g%s" % (number(l["max_rel_diff"]),
                                "" if l["within_tol"] == "True" else " (beyond tol)")
        print("| %s | %s | %s%s | %s%s | %s | %s | %s | %s | %s / %s | %s | %s |" % (
            case, fmt(g(l, "equations"), "%d"), fmt(g(s, "wall_s"), "%.1f s"), status(s),
            fmt(g(l, "wall_s"), "%.1f s"), status(l), fmt(g(l, "wall_vs_stock"), "%.2f×"),
            share(s) if s else "–", share(l), newton, fmt(g(s, "timepoints"), "%d"),
            fmt(g(l, "timepoints"), "%d"), counts, agree))

    builds = a.threads.split(",")
    rows = [(case, b) for case in order for b in builds
            if any((case, b, t) in runs for t in ("1", "2"))]
    if rows:
        print()
        print("| case | build | 1 thread: wall / solver CPU | 2 threads: wall / solver CPU | "
              "2 threads / 1 thread (wall) |")
        print("|---|---|---|---|---|")
        for case, b in rows:
            one, two = runs.get((case, b, "1")), runs.get((case, b, "2"))
            cell = lambda r: "–" if not r else "%s / %s" % (
                fmt(number(r["wall_s"]), "%.1f s"),
                fmt(sum(number(r[k]) or 0 for k in ("reorder_s", "factor_s", "solve_s")),
                    "%.2f s"))
            ratio = "–"
            if one and two and number(one["wall_s"]) and number(two["wall_s"]):
                ratio = "%.2f" % (number(two["wall_s"]) / number(one["wall_s"]))
            print("| %s | %s | %s | %s | %s |" % (case, b, cell(one), cell(two), ratio))


if __name__ == "__main__":
    main()
