#!/usr/bin/env python3
"""Runs every .cir netlist under ngspice's tests/ with two ngspice binaries (stock Sparse and
Lupine) and compares their printed output number by number.

    compare.py --stock BIN --lupine BIN --tests DIR [--work DIR] [--rtol 1e-3] [--atol 1e-9]
               [--timeout 300]

The checked-in .out files are stale (other versions, other platforms), so the two builds are
compared with each other. Each netlist runs in batch mode (ngspice -b) in its own folder;
lines that vary from run to run (times, dates, memory, the solver's name) are dropped, the
rest split into words: the words must match, numbers within |a - b| <= atol + rtol max(|a|, |b|)
(rtol 1e-3 is ngspice's default reltol: two solvers' Newton iterations may stop anywhere
within it). Prints one line per netlist (same / within 1e-9 / within tolerance / DIFFERENT /
an error) with the largest relative difference and where, then a summary line.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import time

VOLATILE = re.compile(
    r"time|Time|Date|date|memory|Memory|pages|context switches|Stack|CPU|"
    r"Matrix solver|Library|DRAM|Maximum ngspice|Shared ngspice|Text \(code\)|"
    r"^Circuit: |Note: |Doing analysis|No\. of Data Rows|binary raw file|ngspice-|"
    r"Warning: |Trying|Reference value|Total |Notice|\d\d:\d\d:\d\d"
)
NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def words(text):
    out = []
    for line_number, line in enumerate(text.splitlines(), 1):
        if VOLATILE.search(line):
            continue
        for word in re.split(r"[\s,()=]+", line.strip()):
            if word:
                out.append((line_number, word))
    return out


def scripts_folder(binary, work):
    """A folder with a spinit that loads the build's XSPICE code models (as make check's)."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(binary)))
    folder = os.path.join(work, "spinit-" + os.path.basename(os.path.dirname(build)))
    os.makedirs(folder, exist_ok=True)
    models = sorted(os.path.join(d, n) for d, _, names in os.walk(os.path.join(build, "src", "xspice"))
                    for n in names if n.endswith(".cm"))
    with open(os.path.join(folder, "spinit"), "w") as f:
        f.write("set sourcepath = ( $ngspice_vpath . )\n")
        for model in models:
            f.write("codemodel %s\n" % model)
    return folder


def run(binary, netlist, timeout, scripts):
    start = time.time()
    environment = dict(os.environ, SPICE_SCRIPTS=scripts,
                       ngspice_vpath=os.path.dirname(os.path.abspath(netlist)))
    try:
        result = subprocess.run([binary, "-b", os.path.basename(netlist)],
                                cwd=os.path.dirname(netlist), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=timeout,
                                stdin=subprocess.DEVNULL, env=environment)
        # stdout, then stderr: merged, their interleaving would vary from run to run
        output = (result.stdout.decode("utf-8", "replace") + "\n---- stderr\n" +
                  result.stderr.decode("utf-8", "replace"))
        return output, result.returncode, time.time() - start
    except subprocess.TimeoutExpired:
        return "", "timeout", time.time() - start


def compare(stock, lupine, rtol, atol):
    """(verdict, largest relative difference, where)."""
    a, b = words(stock), words(lupine)
    worst, where = 0.0, ""
    if len(a) != len(b):
        return "DIFFERENT (%d vs %d words)" % (len(a), len(b)), math.inf, ""
    for (line_a, word_a), (line_b, word_b) in zip(a, b):
        if word_a == word_b:
            continue
        if NUMBER.match(word_a) and NUMBER.match(word_b):
            x, y = float(word_a), float(word_b)
            scale = max(abs(x), abs(y))
            difference = abs(x - y)
            relative = difference / scale if scale > 0 else 0.0
            if difference > atol + rtol * scale:
                return ("DIFFERENT (line %d: %s vs %s)" % (line_a, word_a, word_b), relative,
                        "line %d" % line_a)
            if difference > atol and relative > worst:
                worst, where = relative, "line %d: %s vs %s" % (line_a, word_a, word_b)
        else:
            return ("DIFFERENT (line %d: '%s' vs '%s')" % (line_a, word_a, word_b), math.inf,
                    "line %d" % line_a)
    if worst == 0.0:
        return "same", 0.0, ""
    if worst <= 1e-9:
        return "within 1e-9", worst, where
    return "within tolerance", worst, where


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stock", required=True)
    parser.add_argument("--lupine", required=True)
    parser.add_argument("--tests", required=True)
    parser.add_argument("--work", default=None, help="keep both outputs of each netlist here")
    parser.add_argument("--rtol", type=float, default=1e-3)
    parser.add_argument("--atol", type=float, default=1e-9)
    parser.add_argument("--timeout", type=float, default=300)
    arguments = parser.parse_args()

    netlists = sorted(os.path.join(folder, name)
                      for folder, _, names in os.walk(arguments.tests)
                      for name in names if name.endswith(".cir"))
    work = arguments.work or os.path.join(os.getcwd(), "compare-work")
    stock_scripts = scripts_folder(arguments.stock, work)
    lupine_scripts = scripts_folder(arguments.lupine, work)
    if stock_scripts == lupine_scripts:
        lupine_scripts = scripts_folder(arguments.lupine, os.path.join(work, "lupine"))
    counts = {}
    stock_seconds = lupine_seconds = 0.0
    for netlist in netlists:
        name = os.path.relpath(netlist, arguments.tests)
        stock, stock_status, t_stock = run(os.path.abspath(arguments.stock), netlist,
                                           arguments.timeout, stock_scripts)
        lupine, lupine_status, t_lupine = run(os.path.abspath(arguments.lupine), netlist,
                                              arguments.timeout, lupine_scripts)
        stock_seconds += t_stock
        lupine_seconds += t_lupine
        if arguments.work:
            base = os.path.join(arguments.work, name.replace(os.sep, "__"))
            os.makedirs(arguments.work, exist_ok=True)
            with open(base + ".stock", "w") as f:
                f.write(stock)
            with open(base + ".lupine", "w") as f:
                f.write(lupine)
        if stock_status == "timeout" or lupine_status == "timeout":
            verdict, worst, where = ("timeout (stock %s, lupine %s)" %
                                     (stock_status, lupine_status)), math.inf, ""
        elif stock_status != lupine_status:
            verdict, worst, where = ("DIFFERENT exit status (stock %s, lupine %s)" %
                                     (stock_status, lupine_status)), math.inf, ""
        else:
            verdict, worst, where = compare(stock, lupine, arguments.rtol, arguments.atol)
        key = verdict.split(" (")[0]
        counts[key] = counts.get(key, 0) + 1
        print("%-52s %-22s max rel %-9.2g %5.2fs %5.2fs %s" %
              (name, verdict, worst if worst != math.inf else float("nan"), t_stock, t_lupine,
               where if verdict in ("within 1e-9", "within tolerance") else
               verdict[len(key):].strip()))
        sys.stdout.flush()
    print("%d netlists: %s; run time stock %.1f s, lupine %.1f s" %
          (len(netlists), ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())),
           stock_seconds, lupine_seconds))


if __name__ == "__main__":
    main()
