#!/usr/bin/python3
"""Plots a lupine-bench results CSV: a performance profile and a per-matrix ratio chart.

  bench/plot.py bench/results/2025-01-01-host.csv [--out-dir DIR] [--reference SOLVER]

Writes, beside the CSV unless --out-dir says otherwise:
  <stem>-profile.png/.svg  Dolan-More performance profiles, one panel per phase (factor,
                           refactor, solve): for each solver, the fraction of matrices it
                           solves within a factor x of the fastest solver on that matrix.
  <stem>-ratios.png/.svg   time(reference)/time(peer) per matrix and phase, log scale; below
                           1 the reference (Lupine by default) is faster.

Lupine rows at different thread counts are separate solvers ("lupine 1t", "lupine 2t"), and
so are Lupine rows with other --lupine-path or --lupine-ordering settings
("lupine[path=column]"). Complex rows (field 'complex': complex files, --complex-shift) are
kept apart from the real rows of the same matrix, in the group '<group>/complex'. CSV files
from before the field and complex_shift columns (all real) and from before the path and
ordering columns are read too.
A solver with several ok rows for one matrix counts with its fastest. Failed rows count as
never solved. Needs python3-matplotlib (Debian), hence /usr/bin/python3.
"""

import argparse
import collections
import csv
import math
import os
import sys

PHASES = ("factor", "refactor", "solve")
LEGACY_COLUMNS = ("matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,"
                  "solve_s,lu_nnz,factor_flops,backward_error,peak_rss_bytes").split(",")
# The columns added later go at the end: path and ordering are Lupine's settings; field is
# real or complex.
REAL_ONLY_COLUMNS = LEGACY_COLUMNS + ["path", "ordering", "delayed_pivots", "supernodal_blocks"]
COLUMNS = REAL_ONLY_COLUMNS + ["field", "complex_shift"]
HEADERS = (COLUMNS, REAL_ONLY_COLUMNS, LEGACY_COLUMNS)


def read_rows(path):
    """Rows of the CSV as dicts; repeated header lines (concatenated runs) are skipped.

    Each header line, of any of the formats, names the columns of the rows after it.
    """
    rows = []
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        columns = next(reader, None)
        if columns not in HEADERS:
            sys.exit(f"plot.py: {path} does not start with the lupine-bench CSV header")
        for line_number, fields in enumerate(reader, start=2):
            if not fields:
                continue
            if fields in HEADERS:
                columns = fields
                continue
            if len(fields) != len(columns):
                sys.exit(f"plot.py: {path} line {line_number}: {len(fields)} fields, "
                         f"expected {len(columns)}")
            row = dict(zip(columns, fields))
            if row["solver"] == "lupine":
                row["path"] = row.get("path") or "auto"
                row["ordering"] = row.get("ordering") or "auto"
            if row.get("field") == "complex":
                row["group"] += "/complex"
            rows.append(row)
    return rows


def lupine_settings(row):
    """'' at the default path and ordering, else '[path=column]' and the like."""
    words = [f"{name}={row[name]}" for name in ("path", "ordering") if row[name] != "auto"]
    return f"[{','.join(words)}]" if words else ""


def solver_label(row, lupine_thread_counts):
    if row["solver"] != "lupine":
        return row["solver"]
    label = "lupine" + lupine_settings(row)
    if len(lupine_thread_counts) < 2:
        return label
    return f"{label} {row['threads']}t"


def is_reference(label, reference):
    return label == reference or label.startswith((reference + " ", reference + "["))


def best_times(rows):
    """{phase: {(group, matrix): {label: seconds}}} over ok rows with a positive time."""
    lupine_threads = sorted({int(r["threads"]) for r in rows if r["solver"] == "lupine"})
    times = {phase: collections.OrderedDict() for phase in PHASES}
    labels = []
    for row in rows:
        label = solver_label(row, lupine_threads)
        if label not in labels:
            labels.append(label)
        key = (row["group"], row["matrix"])
        for phase in PHASES:
            per_matrix = times[phase].setdefault(key, {})
            if row["status"] != "ok" or not row[phase + "_s"]:
                continue
            value = float(row[phase + "_s"])
            if not math.isfinite(value) or value <= 0:
                continue
            per_matrix[label] = min(value, per_matrix.get(label, math.inf))
    return times, labels


def draw_profiles(times, labels, title, stem, out_dir, plt):
    figure, axes = plt.subplots(1, len(PHASES), figsize=(5 * len(PHASES), 4.2), sharey=True)
    for ax, phase in zip(axes, PHASES):
        ratios = {label: [] for label in labels}
        for per_matrix in times[phase].values():
            if not per_matrix:
                continue  # nobody solved it: it says nothing about the solvers
            fastest = min(per_matrix.values())
            for label in labels:
                ratios[label].append(per_matrix.get(label, math.inf) / fastest)
        count = len(next(iter(ratios.values()), []))
        ax.set_title(f"{phase} ({count} matrices)")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("within a factor x of the fastest")
        ax.grid(True, which="both", alpha=0.3)
        if count == 0:
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center")
            continue
        finite = [r for values in ratios.values() for r in values if math.isfinite(r)]
        right = max(2.0, max(finite) * 1.25)
        for label in labels:
            # rho(x) = (matrices with ratio <= x) / count, a step function of x.
            solved = sorted(v for v in ratios[label] if math.isfinite(v))
            xs = [1.0]
            ys = [sum(1 for v in solved if v <= 1.0) / count]
            for k, value in enumerate(solved):
                if value > 1.0:
                    xs.append(value)
                    ys.append((k + 1) / count)
            xs.append(right)
            ys.append(len(solved) / count)
            ax.step(xs, ys, where="post", label=label, linewidth=1.8)
        ax.set_xlim(1, right)
        ax.set_ylim(0, 1.02)
    axes[0].set_ylabel("fraction of matrices")
    put_legend(figure, axes, f"Performance profile: {title}")
    return save(figure, out_dir, stem + "-profile", plt)


def draw_ratios(times, labels, reference, title, stem, out_dir, plt):
    references = [label for label in labels if is_reference(label, reference)]
    peers = [label for label in labels if label not in references]
    keys = sorted(times[PHASES[0]].keys(), key=lambda key: (key[0], key[1]))
    figure, axes = plt.subplots(len(PHASES), 1, figsize=(max(8, 0.22 * len(keys) + 3), 10),
                                sharex=True)
    markers = "os^vD<>p*"
    for ax, phase in zip(axes, PHASES):
        ax.set_yscale("log")
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_ylabel(f"{phase}: {reference} / peer")
        ax.grid(True, axis="y", which="both", alpha=0.3)
        plotted = False
        for r, ref in enumerate(references):
            for p, peer in enumerate(peers):
                xs, ys = [], []
                for x, key in enumerate(keys):
                    per_matrix = times[phase].get(key, {})
                    if ref in per_matrix and peer in per_matrix:
                        xs.append(x)
                        ys.append(per_matrix[ref] / per_matrix[peer])
                if xs:
                    name = f"vs {peer}" if len(references) == 1 else f"{ref} vs {peer}"
                    ax.scatter(xs, ys, s=18, marker=markers[r % len(markers)],
                               color=f"C{p}", alpha=0.8, label=name)
                    plotted = True
        if not plotted:
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center")
        # Group boundaries.
        for x in range(1, len(keys)):
            if keys[x][0] != keys[x - 1][0]:
                ax.axvline(x - 0.5, color="grey", linewidth=0.6, linestyle="--")
    axes[-1].set_xticks(range(len(keys)))
    axes[-1].set_xticklabels([f"{m} ({g})" for g, m in keys], rotation=90, fontsize="x-small")
    put_legend(figure, axes, f"Time ratio per matrix: {title} (below 1: {reference} is faster)")
    return save(figure, out_dir, stem + "-ratios", plt)


def put_legend(figure, axes, title):
    """One legend for all panels, between the title and the panels, so it hides no data."""
    handles, names = [], []
    for ax in axes:
        for handle, name in zip(*ax.get_legend_handles_labels()):
            if name not in names:
                handles.append(handle)
                names.append(name)
    figure.suptitle(title)
    height = figure.get_figheight()
    columns = max(1, min(len(names), int(figure.get_figwidth() / 2.2)))
    rows = math.ceil(len(names) / columns) if names else 0
    title_inches, row_inches = 0.4, 0.2
    if handles:
        figure.legend(handles, names, loc="upper center", ncol=columns, fontsize="small",
                      frameon=False, bbox_to_anchor=(0.5, 1 - title_inches / height))
    figure.tight_layout(rect=(0, 0, 1, 1 - (title_inches + rows * row_inches) / height))


def save(figure, out_dir, name, plt):
    paths = []
    for extension in ("png", "svg"):
        path = os.path.join(out_dir, f"{name}.{extension}")
        figure.savefig(path, dpi=130)
        paths.append(path)
    plt.close(figure)
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", help="a lupine-bench results CSV")
    parser.add_argument("--out-dir", help="where the plots go (default: beside the CSV)")
    parser.add_argument("--reference",
                        help="solver whose time is the numerator of the ratio chart "
                             "(default lupine; without Lupine rows the chart is left out "
                             "unless another solver is named)")
    arguments = parser.parse_args()

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("plot.py: matplotlib is missing: apt-get install -y python3-matplotlib "
                 "and run with /usr/bin/python3")

    rows = read_rows(arguments.csv)
    if not rows:
        sys.exit(f"plot.py: {arguments.csv} has no rows")
    times, labels = best_times(rows)
    out_dir = arguments.out_dir or os.path.dirname(os.path.abspath(arguments.csv))
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(arguments.csv))[0]
    written = draw_profiles(times, labels, stem, stem, out_dir, plt)
    reference = arguments.reference or "lupine"
    if any(is_reference(label, reference) for label in labels):
        written += draw_ratios(times, labels, reference, stem, stem, out_dir, plt)
    for path in written:
        print(path)
    if len(written) == 2:
        message = (f"plot.py: no '{reference}' rows, so no ratio chart (solvers here: "
                   f"{', '.join(labels)}; name one with --reference)")
        if arguments.reference:
            sys.exit(message)
        print(message, file=sys.stderr)


if __name__ == "__main__":
    main()
