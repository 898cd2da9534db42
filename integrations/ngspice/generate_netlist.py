#!/usr/bin/env python3
"""Writes large SPICE netlists for timing ngspice's matrix solver (stock Sparse vs Lupine).

    generate_netlist.py grid N [--tran STEPS]   N x N RC power grid: resistors between
                                                neighbours, a capacitor and a switching load
                                                current at every node, supply pads every 8th
                                                node on the edges (voltage sources)
    generate_netlist.py inverters N [--model M] a chain of N CMOS inverters with a pulse
                                                input, transient (M: level1, the default,
                                                bsim3 or bsim4)
    generate_netlist.py adder N [--model M]     an N-bit ripple-carry adder of static CMOS
                                                mirror full adders (28 transistors a bit),
                                                input pulses that make the carry ripple
                                                (M: bsim3 or bsim4, the default)
    generate_netlist.py sram N [--model M]      an N x N array of 6T SRAM cells: distributed
                                                RC word lines (one pulse source a row) and bit
                                                line pairs (precharge and equalize at the
                                                top), a stored pattern set by .ic (the
                                                transient starts from it: uic), read cycles
                                                (M: bsim3, the default, or bsim4)
    generate_netlist.py ladder N [--ac]         an RLC ladder of N sections, transient (or AC)

--tstop overrides the transient length (seconds, SPICE suffixes allowed) of the transistor
circuits. Output on stdout. Every netlist ends with .options acct (ngspice prints its iteration
counts, matrix size, solver name and the time spent in load, reorder, factor and solve).
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


# MOSFET model cards, written for these benchmarks (not taken from a foundry or a PTM file):
# a modest parameter set each, the rest left at the models' defaults.
#  level1: the 3.3 V, 0.35 um card of the first campaign (kept, so that its figures repeat).
#  bsim3:  BSIM3v3.3 (ngspice level=8), 130 nm-like: tox 3.2 nm, |vth0| 0.36 / 0.34 V, 1.2 V.
#  bsim4:  BSIM4 (level=54), 90 nm-like: toxe 2.0 nm, |vth0| 0.32 / 0.30 V, 1.2 V.
# Each entry: model lines, supply, channel length, NMOS and PMOS width of a unit inverter.
MODELS = {
    "level1": ([".model nm nmos level=1 vto=0.7 kp=110u gamma=0.4 lambda=0.04 cgso=0.3n cgdo=0.3n",
                ".model pm pmos level=1 vto=-0.7 kp=50u gamma=0.57 lambda=0.05 cgso=0.3n cgdo=0.3n"],
               3.3, "0.35u", "2u", "4u"),
    "bsim3": ([".model nm nmos level=8 version=3.3 tox=3.2n vth0=0.36 k1=0.53 k2=-0.01 nch=2.6e17"
               " xj=1e-7 u0=380 ua=-1e-9 ub=2.4e-18 uc=4e-11 vsat=9e4 a0=1.1 rdsw=200 pclm=1.3"
               " dvt0=2.2 dvt1=0.55 voff=-0.09 nfactor=1.4 eta0=0.01 etab=-0.01"
               " cgso=3e-10 cgdo=3e-10 cgbo=1e-12",
               ".model pm pmos level=8 version=3.3 tox=3.2n vth0=-0.34 k1=0.50 k2=0.0 nch=2.2e17"
               " xj=1e-7 u0=110 ua=1e-9 ub=1e-18 uc=-5e-11 vsat=8e4 a0=1.0 rdsw=450 pclm=1.0"
               " dvt0=2.0 dvt1=0.5 voff=-0.1 nfactor=1.5 eta0=0.01 etab=-0.01"
               " cgso=3e-10 cgdo=3e-10 cgbo=1e-12"],
              1.2, "0.13u", "0.4u", "0.8u"),
    "bsim4": ([".model nm nmos level=54 version=4.8 toxe=2.0n toxp=1.7n toxm=2.0n vth0=0.32 k1=0.45"
               " k2=0.0 ndep=2e18 xj=3e-8 u0=0.035 ua=1e-10 ub=1e-18 uc=-1e-11 vsat=1.1e5"
               " rdsw=180 pclm=1.2 dvt0=1.5 dvt1=0.6 voff=-0.1 nfactor=1.6 eta0=0.01"
               " etab=-0.03 cgso=2.5e-10 cgdo=2.5e-10 cgbo=0",
               ".model pm pmos level=54 version=4.8 toxe=2.1n toxp=1.8n toxm=2.1n vth0=-0.30"
               " k1=0.40 k2=0.0 ndep=1.5e18 xj=3e-8 u0=0.009 ua=1e-9 ub=1e-18 uc=-1e-11"
               " vsat=9e4 rdsw=400 pclm=1.0 dvt0=1.5 dvt1=0.6 voff=-0.11 nfactor=1.7"
               " eta0=0.01 etab=-0.03 cgso=2.5e-10 cgdo=2.5e-10 cgbo=0"],
              1.2, "90n", "0.3u", "0.6u"),
}


# Drain and source diffusion length (um) of the BSIM cards: gives each device its junction
# areas and perimeters (ad/as/pd/ps), so the junction capacitances count, and BSIM3 does not
# warn that the perimeter is smaller than the width.
DIFFUSION = {"bsim3": 0.26, "bsim4": 0.2}


def fet_line(name, drain, gate, source, bulk, kind, width, length, model):
    line = "m%s %s %s %s %s %s w=%s l=%s" % (name, drain, gate, source, bulk, kind, width, length)
    if model in DIFFUSION:
        w, d = float(width.rstrip("u")), DIFFUSION[model]
        line += " ad=%.4gp as=%.4gp pd=%.4gu ps=%.4gu" % (w * d, w * d, 2 * (w + d), 2 * (w + d))
    return line

def inverters(n, model, tstop):
    cards, vdd, length, wn, wp = MODELS[model]
    lines = ["* chain of %d CMOS inverters (%s)" % (n, model)] + cards + [
        "vdd vdd 0 %g" % vdd]
    if model == "level1":
        lines.append("vin s0 0 pulse(0 3.3 0 100p 100p 2n 4n)")
    else:
        lines.append("vin s0 0 pulse(0 %g 50p 20p 20p 0.5n 1n)" % vdd)
    for k in range(n):
        a, b = "s%d" % k, "s%d" % (k + 1)
        lines.append(fet_line("p%d" % k, b, a, "vdd", "vdd", "pm", wp, length, model))
        lines.append(fet_line("n%d" % k, b, a, "0", "0", "nm", wn, length, model))
        lines.append("c%d %s 0 %s" % (k, b, "5f" if model == "level1" else "1f"))
    if model == "level1":
        lines.append(".tran 20p %s" % (tstop or "8n"))
    else:
        lines.append(".tran 5p %s" % (tstop or "1.5n"))
    lines.append(".print tran v(s%d) v(s%d)" % (min(n, 10), min(n, 40)))
    return lines


def adder(n, model, tstop):
    """An n-bit ripple-carry adder. Bit k's A and B come from one of four source pairs,
    all low at first (every bit kills its carry: the operating point is local, where a long
    propagate chain would defeat Newton's method from the zero guess). The A sources rise
    (staggered by 40 ps): every bit propagates and its gates switch; then carry-in rises and
    the carry ripples down the chain; at 0.7 ns the B sources rise (every bit generates)."""
    cards, vdd, length, wn, wp = MODELS[model]
    lines = ["* %d-bit ripple-carry adder, static CMOS mirror full adders (%s)" % (n, model)]
    lines += cards + ["vdd vdd 0 %g" % vdd,
                      "vcin c0 0 pulse(0 %g 0.25n 20p 20p 2n 4n)" % vdd]
    for k in range(4):
        lines.append("va%d a%d 0 pulse(0 %g %dp 20p 20p 2n 4n)" % (k, k, vdd, 100 + 40 * k))
        lines.append("vb%d b%d 0 pulse(0 %g %dp 20p 20p 2n 4n)" % (k, k, vdd, 700 + 40 * k))

    def fet(name, kind, d, g, s, w):
        bulk = "vdd" if kind == "pm" else "0"
        lines.append(fet_line(name, d, g, s, bulk, kind, w, length, model))

    for k in range(n):
        a, b, ci, co = "a%d" % (k % 4), "b%d" % (k % 4), "c%d" % k, "c%d" % (k + 1)
        x = lambda name: "%s_%d" % (name, k)  # this bit's internal nodes
        cob, sob = x("cob"), x("sob")
        # carry: cob = not(a.b + ci.(a + b))
        fet(x("p1"), "pm", x("u1"), a, "vdd", wp)
        fet(x("p2"), "pm", x("u1"), b, "vdd", wp)
        fet(x("p3"), "pm", cob, ci, x("u1"), wp)
        fet(x("p4"), "pm", x("u2"), a, "vdd", wp)
        fet(x("p5"), "pm", cob, b, x("u2"), wp)
        fet(x("n1"), "nm", x("d1"), a, "0", wn)
        fet(x("n2"), "nm", x("d1"), b, "0", wn)
        fet(x("n3"), "nm", cob, ci, x("d1"), wn)
        fet(x("n4"), "nm", x("d2"), a, "0", wn)
        fet(x("n5"), "nm", cob, b, x("d2"), wn)
        # sum: sob = not(a.b.ci + cob.(a + b + ci))
        fet(x("p6"), "pm", x("u3"), a, "vdd", wp)
        fet(x("p7"), "pm", x("u3"), b, "vdd", wp)
        fet(x("p8"), "pm", x("u3"), ci, "vdd", wp)
        fet(x("p9"), "pm", sob, cob, x("u3"), wp)
        fet(x("p10"), "pm", x("u4"), a, "vdd", wp)
        fet(x("p11"), "pm", x("u5"), b, x("u4"), wp)
        fet(x("p12"), "pm", sob, ci, x("u5"), wp)
        fet(x("n6"), "nm", x("d3"), a, "0", wn)
        fet(x("n7"), "nm", x("d3"), b, "0", wn)
        fet(x("n8"), "nm", x("d3"), ci, "0", wn)
        fet(x("n9"), "nm", sob, cob, x("d3"), wn)
        fet(x("n10"), "nm", x("d4"), a, "0", wn)
        fet(x("n11"), "nm", x("d5"), b, x("d4"), wn)
        fet(x("n12"), "nm", sob, ci, x("d5"), wn)
        # output inverters: carry out (the next bit's carry in) and sum
        fet(x("p13"), "pm", co, cob, "vdd", wp)
        fet(x("n13"), "nm", co, cob, "0", wn)
        fet(x("p14"), "pm", x("s"), sob, "vdd", wp)
        fet(x("n14"), "nm", x("s"), sob, "0", wn)
        lines.append("cs%d %s 0 1f" % (k, x("s")))
    lines.append(".tran 5p %s" % (tstop or "1n"))
    lines.append(".print tran v(c%d) v(s_%d) v(c%d)" % (min(n, 8), min(n, 8) - 1, n))
    return lines


def sram(n, model, tstop):
    """An n x n array of 6T cells. Cell (i, j) has storage nodes q, qb and its own segment
    of word line i (horizontal RC) and of bit lines j (vertical RC), so the matrix is a 2-D
    mesh, as on a real die. Precharge and equalize PMOS at the top of each bit-line pair;
    rows are read one after the other, a row every 0.5 ns.

    The stored pattern is set by .ic and the transient starts from it (uic), without an
    operating point: with .nodeset instead, ngspice's CKTload calls ZeroNoncurRow for every
    nodeset node, which looks up the node's row against every node of the circuit
    (O(nodesets x nodes) SMPfindElt calls per load), and the operating point of the 128 x 128
    array would take longer than the whole campaign in either build."""
    cards, vdd, length, wn, wp = MODELS[model]
    # cell ratio 1.5 (pull-down / access), pull-up half the access device
    wax = wn
    wpd = "%gu" % (1.5 * float(wn.rstrip("u")))
    wpu = "%gu" % (0.5 * float(wn.rstrip("u")))
    lines = ["* %d x %d 6T SRAM array (%s)" % (n, n, model)] + cards
    lines += ["vdd vdd 0 %g" % vdd,
              # precharge (active low): on until 0.2 ns, off during each 0.5 ns read window
              "vpre pre 0 pulse(0 %g 0.2n 20p 20p 0.22n 0.5n)" % vdd]
    node = lambda name, i, j: "%s%d_%d" % (name, i, j)
    initial = []  # .ic: the stored bits, precharged bit lines, word lines low
    for i in range(n):
        # row i's word line rises in read window i (rows past the transient never rise)
        lines.append("vwl%d w%d 0 pulse(0 %g %gp 20p 20p 150p 1)" % (i, i, vdd, 240 + 500 * i))
        lines.append("rwd%d w%d %s 50" % (i, i, node("wl", i, 0)))
        for j in range(n):
            q, qb, wl = node("q", i, j), node("qb", i, j), node("wl", i, j)
            bl, blb = node("bl", i, j), node("blb", i, j)
            c = "%d_%d" % (i, j)
            lines.append(fet_line("pu1_" + c, q, qb, "vdd", "vdd", "pm", wpu, length, model))
            lines.append(fet_line("pd1_" + c, q, qb, "0", "0", "nm", wpd, length, model))
            lines.append(fet_line("pu2_" + c, qb, q, "vdd", "vdd", "pm", wpu, length, model))
            lines.append(fet_line("pd2_" + c, qb, q, "0", "0", "nm", wpd, length, model))
            lines.append(fet_line("ax1_" + c, bl, wl, q, "0", "nm", wax, length, model))
            lines.append(fet_line("ax2_" + c, blb, wl, qb, "0", "nm", wax, length, model))
            if j + 1 < n:  # word line segment to the next cell, and its wire capacitance
                lines.append("rw%s %s %s 20" % (c, wl, node("wl", i, j + 1)))
            lines.append("cw%s %s 0 0.3f" % (c, wl))
            if i + 1 < n:  # bit line segments to the cell below
                lines.append("rb%s %s %s 5" % (c, bl, node("bl", i + 1, j)))
                lines.append("rbb%s %s %s 5" % (c, blb, node("blb", i + 1, j)))
            lines.append("cb%s %s 0 1f" % (c, bl))
            lines.append("cbb%s %s 0 1f" % (c, blb))
            # a fixed pseudo-random pattern of stored bits
            bit = (i * 7 + j * 13 + (i * j) % 3) % 2
            initial.append("v(%s)=%g v(%s)=%g" % (q, vdd * bit, qb, vdd * (1 - bit)))
            initial.append("v(%s)=%g v(%s)=%g v(%s)=0" % (bl, vdd, blb, vdd, wl))
    for j in range(n):
        top, topb = node("bl", 0, j), node("blb", 0, j)
        lines.append(fet_line("pc%d" % j, top, "pre", "vdd", "vdd", "pm", wn, length, model))
        lines.append(fet_line("pcb%d" % j, topb, "pre", "vdd", "vdd", "pm", wn, length, model))
        lines.append(fet_line("eq%d" % j, top, "pre", topb, "vdd", "pm", wn, length, model))
    for k in range(0, len(initial), 8):
        lines.append(".ic " + " ".join(initial[k:k + 8]))
    lines.append(".tran 5p %s uic" % (tstop or "1n"))
    last = n - 1
    lines.append(".print tran v(%s) v(%s) v(%s) v(%s)" % (
        node("bl", last, 0), node("blb", last, 0), node("q", 0, 0), node("wl", 0, last)))
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
        # the far end, and a node the pulse reaches within the 20 ns (about 31 ps a section)
        lines.append(".print tran v(a%d) v(a%d)" % (n, min(n, 300)))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["grid", "inverters", "adder", "sram", "ladder"])
    parser.add_argument("n", type=int)
    parser.add_argument("--tran", type=int, default=50, help="grid: time steps of 10 ps")
    parser.add_argument("--ac", action="store_true", help="ladder: an AC analysis")
    parser.add_argument("--model", choices=sorted(MODELS), help="MOSFET model of the logic")
    parser.add_argument("--tstop", help="transient length of the transistor circuits")
    arguments = parser.parse_args()
    default_model = {"inverters": "level1", "adder": "bsim4", "sram": "bsim3"}
    model = arguments.model or default_model.get(arguments.kind)
    if arguments.kind == "grid":
        lines = grid(arguments.n, arguments.tran)
    elif arguments.kind == "inverters":
        lines = inverters(arguments.n, model, arguments.tstop)
    elif arguments.kind == "adder":
        lines = adder(arguments.n, model, arguments.tstop)
    elif arguments.kind == "sram":
        lines = sram(arguments.n, model, arguments.tstop)
    else:
        lines = ladder(arguments.n, "ac" if arguments.ac else "tran")
    lines += [".options acct", ".end"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
