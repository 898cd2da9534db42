#!/usr/bin/env python3
"""One ngspice run of bench-ngspice.sh, summarized: reads the run's output (.options acct
figures and the .print tables), its stderr (the Lupine layer's NGSPICE_LUPINE_STATS line)
and /usr/bin/time's "wall seconds, max RSS KiB" line; writes the figures as JSON next to the
output, prints one Markdown table row and appends one CSV row.

    summarize_run.py --label L --case C --build B --threads T --out OUT --err ERR
                     --time TIME --status RC [--reference STOCK.json] --csv FILE

With --reference (the stock run of the same netlist), the row also gives this run's wall
time as a fraction of the stock run's and how far its waveforms are from the stock ones:
every printed vector, this run's values interpolated (linearly) at the stock time points,
the largest |difference| absolute and relative to the signal swing (the largest
max - min of the printed vectors in the stock run), and whether every point is within ngspice's own tolerance
reltol * max(|a|, |b|) + vntol (1e-3, 1e-6: the defaults, which the netlists keep).
"""
import argparse
import bisect
import csv
import json
import os
import re

RELTOL, VNTOL = 1e-3, 1e-6

ACCT = {  # .options acct line -> key
    "Circuit Equations": "equations",
    "Circuit original non-zeroes": "original_nz",
    "Circuit fill-in non-zeroes": "fillin_nz",
    "Total analysis time (seconds)": "analysis_s",
    "Transient analysis time": "tran_s",
    "Matrix load time": "load_s",
    "Matrix reorder time": "reorder_s",
    "Matrix factor time": "factor_s",
    "Matrix solve time": "solve_s",
    "AC factor time": "ac_factor_s",
    "AC solve time": "ac_solve_s",
    "Total iterations": "newton",
    "Transient iterations": "tran_newton",
    "Accepted timepoints": "timepoints",
    "Rejected timepoints": "rejected",
    "Matrix solver": "solver",
}

STATS = re.compile(r"Lupine SMP: order (\d+), (\d+) elements, (\d+) analyses; real: (\d+) pivoting "
                   r"factors, (\d+) refactors \((\d+) re-pivoted\); complex: (\d+) pivoting "
                   r"factors, (\d+) refactors \((\d+) re-pivoted\)")


def read_acct(name):
    figures = {}
    for line in open(name, errors="replace"):
        key, sep, value = line.partition(" = ")
        if sep and key.strip() in ACCT:
            value = value.strip()
            try:
                value = float(value)
            except ValueError:
                pass
            figures[ACCT[key.strip()]] = value  # the last one wins (the totals come last)
    return figures


def read_vectors(name):
    """.print tables: vector name -> ([time], [value]). ngspice splits wide tables and
    repeats the header every page; each row belongs to the header above it."""
    vectors, columns = {}, None
    for line in open(name, errors="replace"):
        words = line.split()
        if len(words) >= 2 and words[0] == "Index":
            columns = words[1:]
            continue
        if columns and len(words) == len(columns) + 1 and words[0].isdigit():
            try:
                numbers = [float(w) for w in words[1:]]
            except ValueError:
                continue
            for column, value in zip(columns[1:], numbers[1:]):
                times, values = vectors.setdefault(column, ([], []))
                if times and numbers[0] <= times[-1]:
                    continue  # a repeated row (page break)
                times.append(numbers[0])
                values.append(value)
    return vectors


def interpolate(times, values, t):
    k = bisect.bisect_left(times, t)
    if k == 0:
        return values[0]
    if k >= len(times):
        return values[-1]
    t0, t1 = times[k - 1], times[k]
    if t1 == t0:
        return values[k]
    return values[k - 1] + (values[k] - values[k - 1]) * (t - t0) / (t1 - t0)


def agreement(reference, run):
    """Largest |difference|, the same relative to the vector's range, and whether every
    point is within reltol * max(|a|, |b|) + vntol."""
    worst_abs, within = 0.0, True
    if not reference or set(reference) != set(run):
        return None
    # the signal swing: the largest range of the printed vectors (one of them may be flat,
    # e.g. an inverter the input edge has not reached yet)
    swing = max(max(values) - min(values) for times, values in reference.values())
    for name, (times, values) in reference.items():
        other_times, other_values = run[name]
        if not times or not other_times:
            return None
        for t, a in zip(times, values):
            b = interpolate(other_times, other_values, t)
            d = abs(a - b)
            worst_abs = max(worst_abs, d)
            if d > RELTOL * max(abs(a), abs(b)) + VNTOL:
                within = False
    return worst_abs, (worst_abs / swing if swing > 0 else 0.0), within


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in ("--label", "--case", "--build", "--threads", "--out", "--err", "--time",
                   "--status", "--csv"):
        p.add_argument(option, required=True)
    p.add_argument("--reference")
    a = p.parse_args()

    run = read_acct(a.out)
    run.update(case=a.case, build=a.build, threads=int(a.threads), status=int(a.status))
    try:
        wall, rss = open(a.time).read().split()[-2:]
        run["wall_s"], run["rss_mib"] = float(wall), float(rss) / 1024
    except (OSError, ValueError):
        run["wall_s"], run["rss_mib"] = None, None
    if run["status"] in (124, 137):
        run["wall_s"] = None  # killed by timeout
    solver = sum(run.get(k, 0.0) for k in ("reorder_s", "factor_s", "solve_s"))
    run["solver_s"] = solver
    run["solver_share"] = solver / run["analysis_s"] if run.get("analysis_s") else None
    run["op_s"] = (run["analysis_s"] - run.get("tran_s", 0.0)) if "analysis_s" in run else None
    stats = [STATS.search(line) for line in open(a.err, errors="replace")]
    stats = [m for m in stats if m]
    if stats:
        # the circuit's matrix is the largest one alive at exit
        m = max(stats, key=lambda m: int(m.group(1)))
        (run["analyses"], run["factors"], run["refactors"], run["repivots"]) = (
            int(m.group(3)), int(m.group(4)), int(m.group(5)), int(m.group(6)))
    vectors = read_vectors(a.out)
    run["vectors"] = len(vectors)

    ratio = agree = None
    if a.reference and os.path.exists(a.reference):
        stock = json.load(open(a.reference))
        if stock.get("wall_s") and run.get("wall_s"):
            ratio = run["wall_s"] / stock["wall_s"]
        stock_vectors = read_vectors(stock["out"])
        agree = agreement(stock_vectors, vectors)
        if stock.get("newton") and run.get("newton"):
            run["newton_vs_stock"] = run["newton"] / stock["newton"] - 1
    run["wall_vs_stock"] = ratio
    if agree:
        run["max_abs_diff"], run["max_rel_diff"], run["within_tol"] = agree
    run["out"] = os.path.abspath(a.out)
    json.dump(run, open(os.path.splitext(a.out)[0] + ".json", "w"), indent=1)

    fields = ["case", "build", "threads", "status", "equations", "fillin_nz", "wall_s",
              "rss_mib", "analysis_s", "op_s", "tran_s", "load_s", "reorder_s", "factor_s",
              "solve_s", "solver_share", "newton", "timepoints", "rejected", "analyses",
              "factors", "refactors", "repivots", "wall_vs_stock", "newton_vs_stock",
              "max_abs_diff", "max_rel_diff", "within_tol"]
    new_file = not os.path.exists(a.csv)
    with open(a.csv, "a", newline="") as f:
        w = csv.writer(f)
        if new_file:
            w.writerow(fields)
        w.writerow(["" if run.get(k) is None else run.get(k, "") for k in fields])

    def num(key, fmt="%.3g"):
        v = run.get(key)
        return "–" if v is None or v == "" else fmt % v

    status = "" if run["status"] == 0 else (" **timeout**" if run["status"] in (124, 137)
                                             else " **exit %d**" % run["status"])
    counts = "–"
    if "factors" in run:
        counts = "%d / %d / %d" % (run["factors"], run["refactors"], run["repivots"])
    agree_text = "–"
    if agree:
        agree_text = "%.2g (%.2g of the swing)%s" % (agree[0], agree[1], "" if agree[2] else ", **beyond tol**")
    elif a.reference:
        agree_text = "not comparable"
    # run | equations | wall | op + tran | load | solver (share) | Newton | points |
    # factors / refactors / re-pivots | wall vs stock | waveforms vs stock
    print("| %s%s | %s | %s s | %s + %s s | %s s | %s s (%s) | %s | %s | %s | %s | %s |" % (
        a.label, status, num("equations", "%d"), num("wall_s", "%.2f"),
        num("op_s", "%.2f"), num("tran_s", "%.2f"), num("load_s", "%.2f"),
        num("solver_s", "%.2f"),
        "–" if run["solver_share"] is None else "%.0f%%" % (100 * run["solver_share"]),
        num("newton", "%d"), num("timepoints", "%d"), counts,
        "–" if ratio is None else "%.2f×" % ratio, agree_text))

if __name__ == "__main__":
    main()
