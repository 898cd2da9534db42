#!/usr/bin/env python3
"""Writes large SPICE netlists for timing ngspice's matrix solver (stock Sparse vs Lupine).

    generate_netlist.py grid N [--tran STEPS]   N x N RC power grid: resistors between
                                                neighbours, a capacitor and a switching load
                                                current at every node, supply pads every 8th
                                                node on the edges (voltage sources)
    generate_netlist.py inverters N             a chain of N CMOS inverters (level-1 MOSFETs)
                                                with a pulse input, transient
    generate_netlist.py ladder N [--ac]         an RLC ladder of N sections, transient (or AC)

Output on stdout. Every netlist ends with .options acct (ngspice prints its iteration counts,
matrix size, solver name and the time spent in load, reorder, factor and solve).
"""
import argparse


def grid(n, steps):
    lines = ["* %d x %d RC power grid" % (n, n)]
    node = lambda i, j: "n%d_%d" % (i, j)
    for i in range(n):
        for j in range(n):
            if j + 1 < n:
                lines.append("rh%d_%d %s %s 0.05" % (i, j, node(i, j), node(i, j + 1)))
            if i + 1 < n:
                lines.append("rv%d_%d %s %s 0.05" % (i, j, node(i, j), node(i + 1, j)))
            lines.append("c%d_%d %s 0 10f" % (i, j, node(i, j)))
            # loads switch at staggered times, so that the waveforms are not all alike
            delay = (7 * i + 13 * j) % 50
            lines.append("i%d_%d %s 0 pulse(0 1u %dp 20p 20p 200p 1n)" %
                         (i, j, node(i, j), delay * 10))
    pads = 0
    for k in range(0, n, 8):
        for (i, j) in ((0, k), (n - 1, k), (k, 0), (k, n - 1)):
            lines.append("rp%d %s p%d 0.1" % (pads, node(i, j), pads))
            lines.append("vp%d p%d 0 1.0" % (pads, pads))
            pads += 1
    lines.append(".tran 10p %dp" % (10 * steps))
    lines.append(".print tran v(%s) v(%s)" % (node(n // 2, n // 2), node(n // 3, 2 * n // 3)))
    return lines


def inverters(n):
    lines = ["* chain of %d CMOS inverters" % n,
             ".model nm nmos level=1 vto=0.7 kp=110u gamma=0.4 lambda=0.04 cgso=0.3n cgdo=0.3n",
             ".model pm pmos level=1 vto=-0.7 kp=50u gamma=0.57 lambda=0.05 cgso=0.3n cgdo=0.3n",
             "vdd vdd 0 3.3",
             "vin s0 0 pulse(0 3.3 0 100p 100p 2n 4n)"]
    for k in range(n):
        a, b = "s%d" % k, "s%d" % (k + 1)
        lines.append("mp%d %s %s vdd vdd pm w=4u l=0.35u" % (k, b, a))
        lines.append("mn%d %s %s 0 0 nm w=2u l=0.35u" % (k, b, a))
        lines.append("c%d %s 0 5f" % (k, b))
    lines.append(".tran 20p 8n")
    lines.append(".print tran v(s%d) v(s%d)" % (min(n, 10), min(n, 40)))
    return lines


def ladder(n, analysis):
    lines = ["* RLC ladder of %d sections" % n, "vin in 0 dc 0 ac 1 pulse(0 1 0 1n 1n 50n 100n)",
             "rs in a0 50"]
    for k in range(n):
        lines.append("l%d a%d b%d 1n" % (k, k, k))
        lines.append("r%d b%d a%d 0.1" % (k, k, k + 1))
        lines.append("c%d a%d 0 1p" % (k, k + 1))
    lines.append("rl a%d 0 50" % n)
    # one analysis per netlist: ngspice 39 in batch mode drops the .ac data when a .tran follows
    if analysis == "ac":
        lines.append(".ac dec 10 1meg 1g")
        lines.append(".print ac vdb(a%d) vp(a%d)" % (n, n))
    else:
        lines.append(".tran 0.1n 20n")
        lines.append(".print tran v(a%d)" % n)
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["grid", "inverters", "ladder"])
    parser.add_argument("n", type=int)
    parser.add_argument("--tran", type=int, default=50, help="grid: time steps of 10 ps")
    parser.add_argument("--ac", action="store_true", help="ladder: an AC analysis")
    arguments = parser.parse_args()
    if arguments.kind == "grid":
        lines = grid(arguments.n, arguments.tran)
    elif arguments.kind == "inverters":
        lines = inverters(arguments.n)
    else:
        lines = ladder(arguments.n, "ac" if arguments.ac else "tran")
    lines += [".options acct", ".end"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
