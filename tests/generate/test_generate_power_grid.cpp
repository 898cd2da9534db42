// The power-grid generator: its layered structure, the MNA conventions of its supply pads,
// and a nonsingular matrix whose solution is a plausible IR drop.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "generate_helpers.hpp"
#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "lupine/sparse.hpp"

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;
namespace generate = lupine::generate;

using namespace generate_test;

namespace {

generate::PowerGridOptions grid_options(int layers, int nx, int ny, int pads,
                                        std::uint64_t seed = 1) {
  generate::PowerGridOptions options;
  options.layers = layers;
  options.nx = nx;
  options.ny = ny;
  options.pads = pads;
  options.seed = seed;
  return options;
}

int multiples_below(int count, int pitch) {
  return (count + pitch - 1) / pitch;
}

/// Wires and vias of the grid, counted from the documented layout.
int expected_edges(const generate::PowerGridOptions& o) {
  int edges = 0;
  for (int layer = 0; layer < o.layers; ++layer) {
    if (layer % 2 == 0) {
      edges += (o.nx - 1) * o.ny + multiples_below(o.nx, o.cross_pitch) * (o.ny - 1);
    } else {
      edges += o.nx * (o.ny - 1) + multiples_below(o.ny, o.cross_pitch) * (o.nx - 1);
    }
  }
  return edges +
         (o.layers - 1) * multiples_below(o.nx, o.via_pitch) * multiples_below(o.ny, o.via_pitch);
}

}  // namespace

TEST_CASE("power_grid: dimensions, entry count, symmetry", "[generate][power_grid]") {
  struct Case {
    int layers, nx, ny, via_pitch, cross_pitch, pads;
  };
  for (const Case& c : std::vector<Case>{{1, 1, 1, 1, 1, 1},
                                         {1, 5, 4, 2, 3, 0},
                                         {2, 9, 7, 4, 8, 3},
                                         {4, 12, 10, 3, 5, 7},
                                         {5, 6, 13, 2, 4, 78}}) {
    for (const bool explicit_zeros : {false, true}) {
      generate::PowerGridOptions options = grid_options(c.layers, c.nx, c.ny, c.pads, 9);
      options.via_pitch = c.via_pitch;
      options.cross_pitch = c.cross_pitch;
      options.explicit_zeros = explicit_zeros;
      const generate::Problem problem = generate::power_grid(options);
      const CscMatrix<double>& a = problem.matrix;
      INFO(c.layers << " layers of " << c.nx << " x " << c.ny << ", " << c.pads << " pads");
      a.validate(true);
      const int nodes = c.layers * c.nx * c.ny;
      CHECK(a.rows() == nodes + c.pads);
      CHECK(a.cols() == nodes + c.pads);
      CHECK(a.nnz() ==
            nodes + 2 * expected_edges(options) + 2 * c.pads + (explicit_zeros ? c.pads : 0));
      CHECK(identical(a, lupine::transpose(a)));
      CHECK(problem.rhs.size() == static_cast<std::size_t>(a.rows()));
    }
  }
}

TEST_CASE("power_grid: wires, vias and conductances follow the layer layout",
          "[generate][power_grid]") {
  generate::PowerGridOptions options = grid_options(4, 11, 9, 6, 4);
  options.via_pitch = 3;
  options.cross_pitch = 4;
  const CscMatrix<double> a = generate::power_grid(options).matrix;
  const int nx = options.nx, ny = options.ny, plane = nx * ny;
  // Wires of layer l are log-uniform in [4^l, 2 4^l], vias above it in [2 4^l, 4^(l+1)]; the
  // draws are rounded, hence the slack.
  auto in_range = [](double value, double low, double high) {
    return value >= low * (1 - 1e-12) && value <= high * (1 + 1e-12);
  };
  for (int layer = 0; layer < options.layers; ++layer) {
    const double wire = std::ldexp(1.0, 2 * layer);
    const bool along_x = layer % 2 == 0;
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const int node = i + nx * (j + ny * layer);
        INFO("layer " << layer << " node (" << i << ", " << j << ")");
        if (i + 1 < nx) {
          const bool wired = along_x || j % options.cross_pitch == 0;
          CHECK((a.find(node + 1, node) >= 0) == wired);
          if (wired) CHECK(in_range(-entry(a, node + 1, node), wire, 2 * wire));
        }
        if (j + 1 < ny) {
          const bool wired = !along_x || i % options.cross_pitch == 0;
          CHECK((a.find(node + nx, node) >= 0) == wired);
          if (wired) CHECK(in_range(-entry(a, node + nx, node), wire, 2 * wire));
        }
        if (layer + 1 < options.layers) {
          const bool via = i % options.via_pitch == 0 && j % options.via_pitch == 0;
          CHECK((a.find(node + plane, node) >= 0) == via);
          if (via) CHECK(in_range(-entry(a, node + plane, node), 2 * wire, 4 * wire));
        }
        // Kirchhoff's current law: the conductances leaving a node sum to its diagonal, plus
        // the conductance to ground on the bottom layer.
        double sum = 0;
        for (int p = a.col_ptr()[node]; p < a.col_ptr()[node + 1]; ++p) {
          if (a.row_indices()[p] < options.layers * plane) sum += a.values()[p];
        }
        if (layer == 0) {
          CHECK(in_range(sum, std::ldexp(1.0, -12) * (1 - 1e-3), std::ldexp(1.0, -8) * (1 + 1e-3)));
        } else {
          CHECK(sum == Approx(0).margin(1e-13 * entry(a, node, node)));
        }
      }
    }
  }
}

TEST_CASE("power_grid pads follow the MNA conventions of random_circuit",
          "[generate][power_grid]") {
  generate::PowerGridOptions options = grid_options(3, 8, 6, 10, 21);
  const generate::Problem problem = generate::power_grid(options);
  options.explicit_zeros = true;
  const generate::Problem with_zeros = generate::power_grid(options);
  const CscMatrix<double>& a = problem.matrix;
  const int nodes = 3 * 8 * 6, top = nodes - 8 * 6;

  std::set<int> pad_nodes;
  int previous = -1;
  for (int branch = nodes; branch < a.rows(); ++branch) {
    INFO("branch " << branch);
    // Column: a single +1 in the pad node's KCL row, a top-layer node; increasing with the
    // branch number. No diagonal.
    REQUIRE(a.col_ptr()[branch + 1] - a.col_ptr()[branch] == 1);
    const int pad = a.row_indices()[a.col_ptr()[branch]];
    CHECK(a.values()[a.col_ptr()[branch]] == 1);
    CHECK(pad >= top);
    CHECK(pad < nodes);
    CHECK(pad > previous);
    previous = pad;
    pad_nodes.insert(pad);
    // Row: the same +1 (v_pad = supply) and nothing else.
    CHECK(entry(a, branch, pad) == 1);
    for (int col = 0; col < a.cols(); ++col) {
      if (col != pad) CHECK(a.find(branch, col) == -1);
    }
    CHECK(problem.rhs[static_cast<std::size_t>(branch)] == 1);
    // With explicit zeros the diagonal is stored, as a zero, and nothing else changes.
    const int diagonal = with_zeros.matrix.find(branch, branch);
    REQUIRE(diagonal >= 0);
    CHECK(with_zeros.matrix.values()[diagonal] == 0);
  }
  CHECK(pad_nodes.size() == 10);
  CHECK(with_zeros.matrix.nnz() == a.nnz() + 10);
  CHECK(with_zeros.rhs == problem.rhs);
  for (int j = 0; j < nodes; ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      CHECK(entry(with_zeros.matrix, a.row_indices()[p], j) == a.values()[p]);
    }
  }

  // Loads: the bottom nodes sink up to 2^-10 A, the other nodes none.
  for (int node = 0; node < nodes; ++node) {
    const double load = problem.rhs[static_cast<std::size_t>(node)];
    if (node < 8 * 6) {
      CHECK(load <= 0);
      CHECK(load > -std::ldexp(1.0, -10));
    } else {
      CHECK(load == 0);
    }
  }
}

TEST_CASE("power_grid is nonsingular and its solution is an IR drop", "[generate][power_grid]") {
  for (const bool explicit_zeros : {false, true}) {
    generate::PowerGridOptions options = grid_options(4, 24, 20, 6, 5);
    options.explicit_zeros = explicit_zeros;
    const generate::Problem problem = generate::power_grid(options);
    const CscMatrix<double>& a = problem.matrix;
    const lupine::Numeric<> numeric(lupine::analyze(a), a);
    lupine::SolveReport report;
    const std::vector<double> x = numeric.solve(problem.rhs, lupine::Transpose::no, 2, &report);
    INFO("explicit zeros " << explicit_zeros);
    CHECK(report.backward_error < 1e-14);
    const std::vector<double> product = lupine::multiply(a, x);
    double residual = 0, scale = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      residual = std::max(residual, std::fabs(product[i] - problem.rhs[i]));
      scale = std::max(scale, std::fabs(problem.rhs[i]));
    }
    CHECK(residual <= 1e-12 * scale);

    // Every node sits a little below the 1 V supply; the pads at it exactly. The pads
    // deliver what the loads and the conductances to ground draw.
    const int nodes = 4 * 24 * 20, plane = 24 * 20;
    double drawn = 0;
    for (int node = 0; node < nodes; ++node) {
      CHECK(x[static_cast<std::size_t>(node)] > 0.5);
      CHECK(x[static_cast<std::size_t>(node)] <= 1 + 1e-12);
    }
    for (int node = 0; node < plane; ++node) {
      // The column sum of a bottom node is its conductance to ground.
      double conductance_to_ground = 0;
      for (int p = a.col_ptr()[node]; p < a.col_ptr()[node + 1]; ++p) {
        conductance_to_ground += a.values()[p];
      }
      drawn += conductance_to_ground * x[static_cast<std::size_t>(node)] -
               problem.rhs[static_cast<std::size_t>(node)];
    }
    double supplied = 0;
    for (int branch = nodes; branch < a.rows(); ++branch) {
      CHECK(x[static_cast<std::size_t>(a.row_indices()[a.col_ptr()[branch]])] ==
            Approx(1).epsilon(1e-13));
      supplied -= x[static_cast<std::size_t>(branch)];
    }
    CHECK(supplied == Approx(drawn).epsilon(1e-10));
  }

  // A single node with its pad: [g 1; 1 0].
  const CscMatrix<double> tiny = generate::power_grid(grid_options(1, 1, 1, 1)).matrix;
  REQUIRE(tiny.rows() == 2);
  CHECK(tiny.nnz() == 3);
  CHECK(entry(tiny, 0, 1) == 1);
  CHECK(entry(tiny, 1, 0) == 1);
  CHECK(tiny.find(1, 1) == -1);
}

TEST_CASE("power_grid is deterministic for a seed", "[generate][power_grid]") {
  const generate::Problem a = generate::power_grid(grid_options(3, 30, 20, 12, 77));
  const generate::Problem b = generate::power_grid(grid_options(3, 30, 20, 12, 77));
  CHECK(identical(a.matrix, b.matrix));
  CHECK(a.rhs == b.rhs);
  const generate::Problem other = generate::power_grid(grid_options(3, 30, 20, 12, 78));
  CHECK_FALSE(identical(a.matrix, other.matrix));
  CHECK(a.rhs != other.rhs);
}

TEST_CASE("power_grid rejects bad arguments", "[generate][power_grid]") {
  check_error([] { generate::power_grid(grid_options(0, 4, 4, 1)); }, ErrorKind::invalid_argument);
  check_error([] { generate::power_grid(grid_options(17, 4, 4, 1)); }, ErrorKind::invalid_argument);
  check_error([] { generate::power_grid(grid_options(2, 0, 4, 1)); }, ErrorKind::invalid_argument);
  check_error([] { generate::power_grid(grid_options(2, 4, -4, 1)); }, ErrorKind::invalid_argument);
  check_error([] { generate::power_grid(grid_options(2, 4, 4, -1)); }, ErrorKind::invalid_argument);
  // Two pads on one node would make two branch columns equal.
  check_error([] { generate::power_grid(grid_options(2, 4, 4, 17)); }, ErrorKind::invalid_argument);
  generate::PowerGridOptions options = grid_options(2, 4, 4, 1);
  options.via_pitch = 0;
  check_error([&] { generate::power_grid(options); }, ErrorKind::invalid_argument);
  options.via_pitch = 1;
  options.cross_pitch = -2;
  check_error([&] { generate::power_grid(options); }, ErrorKind::invalid_argument);
  check_error([] { generate::power_grid(grid_options(4, 50000, 50000, 1)); },
              ErrorKind::size_overflow);
  check_error([] { generate::power_grid(grid_options(16, 20000, 20000, 1)); },
              ErrorKind::size_overflow);
}
