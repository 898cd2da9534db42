// lupine-transient: a small SPICE-like transient simulator on Lupine's C API (the example
// simulator of README "Example simulators").
//
//   lupine-transient NETLIST [--out WAVEFORM.csv] [--threads N] [--quiet]
//   lupine-transient --generate rc-grid NX NY | rlc-ladder N | diode-chain N   (netlist on stdout)
//
// The waveform CSV has the time and the voltage of every node named on a .print line;
// statistics go to stderr as one line of JSON. Exit status 0 ok, 1 simulation failure,
// 2 bad usage or netlist.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "netlist.hpp"
#include "simulator.hpp"

namespace {

int usage(const char* message) {
  std::fprintf(stderr,
               "lupine-transient: %s\n"
               "usage: lupine-transient NETLIST [--out WAVEFORM.csv] [--threads N] [--quiet]\n"
               "       lupine-transient --generate rc-grid NX NY | rlc-ladder N | diode-chain N\n",
               message);
  return 2;
}

int positive(const char* text) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return (end && *end == 0 && value > 0 && value < 100000000) ? static_cast<int>(value) : -1;
}

// An RC power grid: resistive mesh, a capacitor at every node, a pulsed supply at one corner
// and loads drawing current at every seventh node.
void generate_rc_grid(int nx, int ny) {
  auto node = [](int i, int j) { return "n" + std::to_string(i) + "_" + std::to_string(j); };
  std::printf("* RC power grid %d x %d\n", nx, ny);
  std::printf("V1 vdd 0 PULSE(0 1 0 1n 1n 1 2)\nRs vdd %s 0.05\n", node(0, 0).c_str());
  long count = 0;
  for (int i = 0; i < nx; ++i) {
    for (int j = 0; j < ny; ++j) {
      if (i + 1 < nx)
        std::printf("R%ld %s %s 0.1\n", count++, node(i, j).c_str(), node(i + 1, j).c_str());
      if (j + 1 < ny)
        std::printf("R%ld %s %s 0.1\n", count++, node(i, j).c_str(), node(i, j + 1).c_str());
      std::printf("C%d_%d %s 0 10p\n", i, j, node(i, j).c_str());
      if ((i * ny + j) % 7 == 3) std::printf("I%d_%d %s 0 0.1m\n", i, j, node(i, j).c_str());
    }
  }
  std::printf(".tran 0.1n 5n\n.print tran %s %s\n.end\n", node(nx - 1, ny - 1).c_str(),
              node(nx / 2, ny / 2).c_str());
}

// A transmission-line-like ladder of series R-L sections and shunt capacitors.
void generate_rlc_ladder(int sections) {
  std::printf("* RLC ladder, %d sections\nV1 n0 0 PULSE(0 1 0 1n 1n 1 2)\n", sections);
  for (int k = 1; k <= sections; ++k) {
    std::printf("R%d n%d m%d 0.5\nL%d m%d n%d 10n\nC%d n%d 0 4p\n", k, k - 1, k, k, k, k, k, k);
  }
  // about 0.2 ns per section for the wave to travel: run long enough to see the far end
  std::printf("Rload n%d 0 50\n.tran 0.05n %gn\n.print tran n%d n%d\n.end\n", sections,
              0.3 * sections, sections / 2, sections);
}

// Diode clippers in a chain, driven by a sine: Newton on every diode, every time step.
void generate_diode_chain(int stages) {
  std::printf("* diode chain, %d stages\nV1 n0 0 SIN(0 5 10meg)\n", stages);
  for (int k = 1; k <= stages; ++k) {
    std::printf("R%d n%d n%d 100\nD%d n%d 0 IS=1e-14\nDr%d 0 n%d IS=1e-14\nC%d n%d 0 1p\n", k,
                k - 1, k, k, k, k, k, k, k);
  }
  std::printf(".tran 1n 200n\n.print tran n1 n%d\n.end\n", stages);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty()) return usage("no netlist given");
  if (arguments[0] == "--generate") {
    if (arguments.size() == 4 && arguments[1] == "rc-grid") {
      const int nx = positive(arguments[2].c_str());
      const int ny = positive(arguments[3].c_str());
      if (nx < 2 || ny < 2) return usage("rc-grid needs NX and NY >= 2");
      generate_rc_grid(nx, ny);
      return 0;
    }
    if (arguments.size() == 3 && (arguments[1] == "rlc-ladder" || arguments[1] == "diode-chain")) {
      const int count = positive(arguments[2].c_str());
      if (count < 2) return usage("the generator needs a count >= 2");
      (arguments[1] == "rlc-ladder" ? generate_rlc_ladder : generate_diode_chain)(count);
      return 0;
    }
    return usage("unknown generator (rc-grid NX NY, rlc-ladder N or diode-chain N)");
  }
  std::string netlist_file, out_file;
  int threads = 1;
  bool quiet = false;
  for (std::size_t k = 0; k < arguments.size(); ++k) {
    const std::string& argument = arguments[k];
    if (argument == "--out" && k + 1 < arguments.size()) {
      out_file = arguments[++k];
    } else if (argument == "--threads" && k + 1 < arguments.size()) {
      threads = positive(arguments[++k].c_str());
      if (threads < 0 && arguments[k] != "0") return usage("--threads needs a count");
      if (threads < 0) threads = 0;
    } else if (argument == "--quiet") {
      quiet = true;
    } else if (!argument.empty() && argument[0] != '-' && netlist_file.empty()) {
      netlist_file = argument;
    } else {
      return usage(("unexpected argument '" + argument + "'").c_str());
    }
  }
  if (netlist_file.empty()) return usage("no netlist given");
  std::ifstream input(netlist_file);
  if (!input) return usage(("cannot open '" + netlist_file + "'").c_str());
  transient::Netlist netlist;
  try {
    netlist = transient::parse_netlist(input, netlist_file);
  } catch (const transient::NetlistError& error) {
    std::fprintf(stderr, "lupine-transient: %s\n", error.what());
    return 2;
  }
  std::ofstream out;
  if (!out_file.empty()) {
    out.open(out_file);
    if (!out) return usage(("cannot write '" + out_file + "'").c_str());
    out << "time";
    for (const int node : netlist.probes) out << ",v(" << netlist.node_names[node] << ")";
    out << "\n";
    out.precision(12);
  }
  try {
    transient::Simulator simulator(netlist, threads);
    simulator.run([&](double time, const std::vector<double>& solution) {
      if (!out.is_open()) return;
      out << time;
      for (const int node : netlist.probes) out << "," << simulator.voltage(solution, node);
      out << "\n";
    });
    const transient::Statistics& s = simulator.statistics();
    if (!quiet) {
      std::fprintf(stderr,
                   "{\"unknowns\": %lld, \"pattern_entries\": %lld, \"lu_entries\": %lld, "
                   "\"time_points\": %d, \"newton_iterations\": %d, \"factorizations\": %d, "
                   "\"refactorizations\": %d, \"analyze_s\": %.6g, \"factor_s\": %.6g, "
                   "\"solve_s\": %.6g, \"stamp_s\": %.6g}\n",
                   static_cast<long long>(s.unknowns), static_cast<long long>(s.pattern_entries),
                   static_cast<long long>(s.lu_entries), s.time_points, s.newton_iterations,
                   s.factorizations, s.refactorizations, s.analyze_seconds, s.factor_seconds,
                   s.solve_seconds, s.stamp_seconds);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lupine-transient: %s\n", error.what());
    return 1;
  }
  return 0;
}
