// Random modified-nodal-analysis (MNA) matrices of resistor networks with voltage sources and
// inductors, shaped like the DC matrices of a circuit simulator.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "generate/arguments.hpp"
#include "generate/random_stream.hpp"
#include "lupine/checked.hpp"
#include "lupine/generate.hpp"

namespace lupine {
namespace generate {
namespace {

/// A random order of 0..count-1 (Fisher-Yates).
std::vector<int> random_order(int count, RandomStream& random) {
  std::vector<int> order(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) order[static_cast<std::size_t>(k)] = k;
  for (int k = count - 1; k > 0; --k) {
    const auto other = static_cast<std::size_t>(random.below(static_cast<std::uint64_t>(k) + 1));
    std::swap(order[static_cast<std::size_t>(k)], order[other]);
  }
  return order;
}

/// Conductances spread over four decades, m * 2^e with e uniform in [-7, 6] and m uniform in
/// [1, 2): close to log-uniform, and built with ldexp (exact) rather than pow, whose last bit
/// differs between math libraries.
double random_conductance(RandomStream& random) {
  const int exponent = static_cast<int>(random.below(14)) - 7;
  return std::ldexp(random.uniform(1, 2), exponent);
}

int random_node(int nodes, RandomStream& random) {
  return static_cast<int>(random.below(static_cast<std::uint64_t>(nodes)));
}

/// Stamps of a resistor between two nodes, or from `from` to ground when `to` is negative.
void stamp_resistor(TripletBuilder<double>& builder, int from, int to, double conductance) {
  builder.add(from, from, conductance);
  if (to < 0) return;
  builder.add(to, to, conductance);
  builder.add(from, to, -conductance);
  builder.add(to, from, -conductance);
}

/// Incidence stamps of a branch current unknown `branch` flowing from `from` to `to` (ground
/// when negative): the KCL rows of the nodes get +1/-1 in the branch column, and the branch
/// equation v_from - v_to (= source voltage, or = 0 for an inductor in DC) gets them in its row.
void stamp_branch(TripletBuilder<double>& builder, int branch, int from, int to) {
  builder.add(from, branch, 1);
  builder.add(branch, from, 1);
  if (to < 0) return;
  builder.add(to, branch, -1);
  builder.add(branch, to, -1);
}

}  // namespace

CscMatrix<double> random_circuit(const RandomCircuitOptions& options) {
  const char* function = "random_circuit";
  const int nodes = options.nodes;
  require_positive(nodes, function, "nodes");
  require_positive(options.resistors_per_node, function, "resistors_per_node");
  require_nonnegative(options.voltage_sources, function, "voltage_sources");
  require_nonnegative(options.inductors, function, "inductors");
  const int branches = checked_add(options.voltage_sources, options.inductors,
                                   "random_circuit: voltage_sources + inductors");
  if (branches > nodes) {
    // More branch elements than nodes cannot avoid a loop of sources and inductors, which
    // would make the incidence columns dependent and the matrix singular.
    throw Error(ErrorKind::invalid_argument,
                std::string(function) + ": voltage_sources + inductors = " +
                    std::to_string(branches) + " exceeds nodes = " + std::to_string(nodes) +
                    "; they would form a loop and make the matrix singular");
  }
  const int n = checked_add(nodes, branches, "random_circuit: unknowns");
  const int resistors =
      checked_mul(options.resistors_per_node, nodes, "random_circuit: resistors_per_node * nodes");
  const int entry_bound =
      checked_add(checked_mul(resistors, 4, "random_circuit: entries"),
                  checked_mul(branches, 5, "random_circuit: entries"), "random_circuit: entries");

  RandomStream random(options.seed);
  TripletBuilder<double> builder(n, n);
  builder.reserve(static_cast<std::size_t>(entry_bound));

  // A random spanning tree keeps the network connected; with at least one resistor to ground
  // the conductance block is then an irreducibly diagonally dominant, SPD matrix.
  const std::vector<int> order = random_order(nodes, random);
  for (int k = 1; k < nodes; ++k) {
    const int earlier =
        order[static_cast<std::size_t>(random.below(static_cast<std::uint64_t>(k)))];
    stamp_resistor(builder, order[static_cast<std::size_t>(k)], earlier,
                   random_conductance(random));
  }
  int remaining = resistors - (nodes - 1);
  const int to_ground = std::min(remaining, 1 + nodes / 32);
  for (int k = 0; k < to_ground; ++k) {
    const int node = random_node(nodes, random);
    stamp_resistor(builder, node, -1, random_conductance(random));
  }
  remaining -= to_ground;
  for (int k = 0; k < remaining; ++k) {
    const int from = random_node(nodes, random);
    int to = -1;
    if (nodes > 1) {
      // Draw from the other nodes-1 nodes: no resistor from a node to itself.
      to = random_node(nodes - 1, random);
      if (to >= from) ++to;
    }
    stamp_resistor(builder, from, to, random_conductance(random));
  }

  // Sources and inductors are the edges of a random forest on the nodes plus ground: every
  // node joins the tree at ground or at an earlier node, and a random subset of those edges
  // becomes the branch elements. A forest has no loop, so the incidence columns are linearly
  // independent, and [G B; B^T 0] with G SPD and B of full column rank is nonsingular.
  std::vector<std::pair<int, int>> tree_edges;
  tree_edges.reserve(static_cast<std::size_t>(nodes));
  const std::vector<int> branch_order = random_order(nodes, random);
  for (int k = 0; k < nodes; ++k) {
    const int node = branch_order[static_cast<std::size_t>(k)];
    int parent = -1;
    if (k > 0 && random.below(2) == 0) {
      parent = branch_order[static_cast<std::size_t>(random.below(static_cast<std::uint64_t>(k)))];
    }
    tree_edges.emplace_back(node, parent);
  }
  for (int k = 0; k < branches; ++k) {
    const auto pick = static_cast<std::size_t>(k) +
                      static_cast<std::size_t>(random.below(static_cast<std::uint64_t>(nodes - k)));
    std::swap(tree_edges[static_cast<std::size_t>(k)], tree_edges[pick]);
    std::pair<int, int> edge = tree_edges[static_cast<std::size_t>(k)];
    if (edge.second >= 0 && random.below(2) == 0) std::swap(edge.first, edge.second);
    const int branch = nodes + k;
    stamp_branch(builder, branch, edge.first, edge.second);
    // DC inductor: v_from - v_to = 0 with the inductance term L/h * i absent; the diagonal
    // stays in the pattern as an explicit zero, where the transient stamp would put it.
    if (k >= options.voltage_sources) builder.add(branch, branch, 0);
  }
  return builder.build();
}

}  // namespace generate
}  // namespace lupine
