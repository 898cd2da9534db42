// The DC modified-nodal-analysis matrix of an on-chip power-delivery grid: stacked metal
// layers of resistive wires joined by vias, loads on the bottom layer and ideal supply pads
// on the top one.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "generate/arguments.hpp"
#include "generate/log_uniform.hpp"
#include "generate/random_stream.hpp"
#include "lupine/checked.hpp"
#include "lupine/generate.hpp"

namespace lupine {
namespace generate {
namespace {

/// Real chips stack up to about 15 metal layers; with conductances growing 4x per layer, more
/// than 16 would spread them beyond 4^16 ~ 4e9.
constexpr int most_layers = 16;

}  // namespace

Problem power_grid(const PowerGridOptions& options) {
  const char* function = "power_grid";
  const int layers = options.layers, nx = options.nx, ny = options.ny;
  require_positive(layers, function, "layers");
  require_positive(nx, function, "nx");
  require_positive(ny, function, "ny");
  require_positive(options.via_pitch, function, "via_pitch");
  require_positive(options.cross_pitch, function, "cross_pitch");
  require_nonnegative(options.pads, function, "pads");
  if (layers > most_layers) {
    throw Error(ErrorKind::invalid_argument, std::string(function) + ": layers must be at most " +
                                                 std::to_string(most_layers) + ", got " +
                                                 std::to_string(layers));
  }
  const int plane = checked_mul(nx, ny, "power_grid: nodes per layer nx * ny");
  const int nodes = checked_mul(plane, layers, "power_grid: nodes nx * ny * layers");
  const int n = checked_add(nodes, options.pads, "power_grid: unknowns");
  if (options.pads > plane) {
    // Two sources on one node would make their branch columns equal: a singular matrix.
    throw Error(ErrorKind::invalid_argument,
                std::string(function) + ": pads = " + std::to_string(options.pads) +
                    " exceeds the nx * ny = " + std::to_string(plane) +
                    " nodes of the top layer, and two pads on one node make the matrix singular");
  }

  // Conductance of the wire from a node to node + 1 (east) and to node + nx (north), and of
  // the via to node + plane (up); 0 where there is none. Drawn node by node, in that order.
  RandomStream random(options.seed);
  std::vector<double> east(static_cast<std::size_t>(nodes), 0.0);
  std::vector<double> north(static_cast<std::size_t>(nodes), 0.0);
  std::vector<double> up(static_cast<std::size_t>(nodes), 0.0);
  std::vector<double> ground(static_cast<std::size_t>(plane), 0.0);
  const LogUniform load_conductance(std::ldexp(1.0, -12), std::ldexp(1.0, -8));
  std::int64_t edges = 0;
  std::size_t node = 0;
  for (int layer = 0; layer < layers; ++layer) {
    // Upper layers are thicker: 4x the conductance per layer, vias in between.
    const LogUniform wire(std::ldexp(1.0, 2 * layer), std::ldexp(1.0, 2 * layer + 1));
    const LogUniform via(std::ldexp(1.0, 2 * layer + 1), std::ldexp(1.0, 2 * layer + 2));
    const bool along_x = layer % 2 == 0;
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i, ++node) {
        if (i + 1 < nx && (along_x || j % options.cross_pitch == 0)) {
          east[node] = wire(random);
          ++edges;
        }
        if (j + 1 < ny && (!along_x || i % options.cross_pitch == 0)) {
          north[node] = wire(random);
          ++edges;
        }
        if (layer + 1 < layers && i % options.via_pitch == 0 && j % options.via_pitch == 0) {
          up[node] = via(random);
          ++edges;
        }
        if (layer == 0) ground[node] = load_conductance(random);
      }
    }
  }

  // Pads: `pads` distinct top-layer positions by Floyd's sampling, numbered in increasing
  // order. pad_branch[position] is the branch unknown of the pad there, or -1.
  std::vector<int> pad_branch(static_cast<std::size_t>(plane), -1);
  for (int top = plane - options.pads; top < plane; ++top) {
    auto candidate = static_cast<std::size_t>(random.below(static_cast<std::uint64_t>(top) + 1));
    if (pad_branch[candidate] >= 0) candidate = static_cast<std::size_t>(top);
    pad_branch[candidate] = 0;
  }
  std::vector<int> pad_node;
  pad_node.reserve(static_cast<std::size_t>(options.pads));
  const int top_layer = nodes - plane;
  for (int position = 0; position < plane; ++position) {
    if (pad_branch[static_cast<std::size_t>(position)] < 0) continue;
    pad_branch[static_cast<std::size_t>(position)] = nodes + static_cast<int>(pad_node.size());
    pad_node.push_back(top_layer + position);
  }

  // Column by column in increasing row order: the conductance block G (a diagonal and one
  // negative entry per incident wire or via), the pad incidence below it, and the branch
  // columns B^T. Each of the n columns has at most 8 entries.
  const int branch_diagonals = options.explicit_zeros ? options.pads : 0;
  const std::int64_t nnz = static_cast<std::int64_t>(nodes) + 2 * edges +
                           2 * static_cast<std::int64_t>(options.pads) + branch_diagonals;
  const auto capacity = static_cast<std::size_t>(checked_cast<int>(nnz, "power_grid: entries"));
  std::vector<int> col_ptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<int> rows;
  std::vector<double> values;
  rows.reserve(capacity);
  values.reserve(capacity);
  auto add = [&](int row, double value) {
    rows.push_back(row);
    values.push_back(value);
  };
  const auto unsigned_plane = static_cast<std::size_t>(plane);
  const auto unsigned_nx = static_cast<std::size_t>(nx);
  for (std::size_t column = 0; column < static_cast<std::size_t>(nodes); ++column) {
    const bool has_below = column >= unsigned_plane && up[column - unsigned_plane] > 0;
    const bool has_south =
        column % unsigned_plane >= unsigned_nx && north[column - unsigned_nx] > 0;
    const bool has_west = column % unsigned_nx > 0 && east[column - 1] > 0;
    const double g_below = has_below ? up[column - unsigned_plane] : 0;
    const double g_south = has_south ? north[column - unsigned_nx] : 0;
    const double g_west = has_west ? east[column - 1] : 0;
    const double g_ground = column < unsigned_plane ? ground[column] : 0;
    const double diagonal =
        g_ground + g_below + g_south + g_west + east[column] + north[column] + up[column];
    const int self = static_cast<int>(column);
    if (has_below) add(self - plane, -g_below);
    if (has_south) add(self - nx, -g_south);
    if (has_west) add(self - 1, -g_west);
    add(self, diagonal);
    if (east[column] > 0) add(self + 1, -east[column]);
    if (north[column] > 0) add(self + nx, -north[column]);
    if (up[column] > 0) add(self + plane, -up[column]);
    if (self >= top_layer) {
      const int branch = pad_branch[column - static_cast<std::size_t>(top_layer)];
      if (branch >= 0) add(branch, 1);
    }
    col_ptr[column + 1] = static_cast<int>(rows.size());
  }
  // Branch p: v_pad - v_ground = supply voltage. No diagonal (an ideal source has no branch
  // resistance); the explicit zero stands where a simulator's pattern keeps room for one.
  for (int pad = 0; pad < options.pads; ++pad) {
    const int branch = nodes + pad;
    add(pad_node[static_cast<std::size_t>(pad)], 1);
    if (options.explicit_zeros) add(branch, 0);
    col_ptr[static_cast<std::size_t>(branch) + 1] = static_cast<int>(rows.size());
  }

  Problem problem;
  problem.matrix = CscMatrix<double>(n, n, std::move(col_ptr), std::move(rows), std::move(values));
  // Right-hand side: each bottom node sinks a load current (drawn after the matrix, so that
  // the matrix of a seed does not depend on it) and each pad holds the 1 V supply.
  problem.rhs.assign(static_cast<std::size_t>(n), 0.0);
  for (std::size_t bottom = 0; bottom < unsigned_plane; ++bottom) {
    problem.rhs[bottom] = 0 - random.uniform(0, std::ldexp(1.0, -10));
  }
  for (int pad = 0; pad < options.pads; ++pad) {
    problem.rhs[static_cast<std::size_t>(nodes + pad)] = 1;
  }
  return problem;
}

}  // namespace generate
}  // namespace lupine
