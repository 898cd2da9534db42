#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "generate/random_stream.hpp"
#include "generate_helpers.hpp"
#include "lupine/generate.hpp"
#include "lupine/sparse.hpp"

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;
namespace generate = lupine::generate;

using namespace generate_test;

namespace {

/// Smallest |u_kk| of Gaussian elimination with partial pivoting, relative to max |a_ij|:
/// 0 for a singular matrix, about 1/cond for a nonsingular one.
double relative_smallest_pivot(Dense a) {
  const std::size_t n = a.size();
  double largest = 0;
  for (const auto& row : a) {
    for (const double value : row) largest = std::max(largest, std::fabs(value));
  }
  double smallest = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i) {
      if (std::fabs(a[i][k]) > std::fabs(a[pivot][k])) pivot = i;
    }
    std::swap(a[k], a[pivot]);
    smallest = std::min(smallest, std::fabs(a[k][k]));
    if (a[k][k] == 0) return 0;
    for (std::size_t i = k + 1; i < n; ++i) {
      const double factor = a[i][k] / a[k][k];
      if (factor == 0) continue;
      for (std::size_t j = k; j < n; ++j) a[i][j] -= factor * a[k][j];
    }
  }
  return smallest / largest;
}

bool has_diagonal(const CscMatrix<double>& a, int j) {
  return a.find(j, j) >= 0;
}

}  // namespace

TEST_CASE("random stream reproduces the splitmix64 and xoshiro256** reference outputs",
          "[generate]") {
  std::uint64_t state = 1234567;
  CHECK(generate::splitmix64(state) == 6457827717110365317ULL);
  CHECK(generate::splitmix64(state) == 3203168211198807973ULL);
  CHECK(generate::splitmix64(state) == 9817491932198370423ULL);

  generate::RandomStream raw(1, 2, 3, 4);
  CHECK(raw.next() == 11520ULL);
  CHECK(raw.next() == 0ULL);
  CHECK(raw.next() == 1509978240ULL);
  CHECK(raw.next() == 1215971899390074240ULL);

  // The state of a seed is four splitmix64 outputs from that seed.
  generate::RandomStream seeded(42);
  CHECK(seeded.next() == 1546998764402558742ULL);
  CHECK(seeded.next() == 6990951692964543102ULL);

  generate::RandomStream digits(42);
  std::vector<std::uint64_t> drawn;
  for (int k = 0; k < 8; ++k) drawn.push_back(digits.below(10));
  CHECK(drawn == std::vector<std::uint64_t>{2, 2, 9, 3, 6, 4, 4, 7});

  generate::RandomStream reals(7);
  CHECK(reals.uniform() == 0x1.66b1f5ee9df2ep-1);
  CHECK(reals.uniform() == 0x1.1d70f6593d20ap-2);
}

TEST_CASE("random stream draws stay in range", "[generate]") {
  generate::RandomStream random(3);
  for (int k = 0; k < 10000; ++k) {
    const std::uint64_t small = random.below(3);
    REQUIRE(small < 3);
    const double value = random.uniform(-1, 1);
    REQUIRE(value >= -1);
    REQUIRE(value < 1);
  }
  CHECK(random.below(1) == 0);
}

TEST_CASE("laplacian_2d is the 5-point stencil, entry by entry", "[generate]") {
  // 3 x 2 grid, unknown (i, j) at i + 3 j:
  //   3 4 5
  //   0 1 2
  const CscMatrix<double> a = generate::laplacian_2d(3, 2);
  const Dense expected = {
      {4, -1, 0, -1, 0, 0}, {-1, 4, -1, 0, -1, 0}, {0, -1, 4, 0, 0, -1},
      {-1, 0, 0, 4, -1, 0}, {0, -1, 0, -1, 4, -1}, {0, 0, -1, 0, -1, 4},
  };
  CHECK(a.rows() == 6);
  CHECK(a.cols() == 6);
  CHECK(a.nnz() == 6 + 2 * 7);
  CHECK(to_dense(a) == expected);
  a.validate(true);
}

TEST_CASE("laplacians: sizes, entry counts, symmetry, positive definiteness", "[generate]") {
  for (const auto& size : std::vector<std::pair<int, int>>{{1, 1}, {1, 7}, {7, 1}, {5, 4}}) {
    const int nx = size.first, ny = size.second;
    const CscMatrix<double> a = generate::laplacian_2d(nx, ny);
    CHECK(a.rows() == nx * ny);
    CHECK(a.nnz() == nx * ny + 2 * ((nx - 1) * ny + nx * (ny - 1)));
    CHECK(identical(a, lupine::transpose(a)));
    CHECK(cholesky_succeeds(to_dense(a)));
  }
  const int nx = 4, ny = 3, nz = 2;
  const CscMatrix<double> a = generate::laplacian_3d(nx, ny, nz);
  const int n = nx * ny * nz;
  CHECK(a.rows() == n);
  CHECK(a.nnz() == n + 2 * ((nx - 1) * ny * nz + nx * (ny - 1) * nz + nx * ny * (nz - 1)));
  CHECK(identical(a, lupine::transpose(a)));
  CHECK(cholesky_succeeds(to_dense(a)));
  // Unknown (i, j, k) = (1, 2, 0) at 1 + 4 * 2 = 9: neighbours 8, 10, 5, 9 + 12 = 21.
  CHECK(entry(a, 9, 9) == 6);
  for (const int neighbour : {8, 10, 5, 21}) CHECK(entry(a, neighbour, 9) == -1);
  CHECK(a.find(13, 9) == -1);  // (1, 3, 0) is outside the grid
  CHECK(a.col_ptr()[10] - a.col_ptr()[9] == 5);
  // A single layer is the 2D grid with the 3D diagonal.
  const CscMatrix<double> layer = generate::laplacian_3d(5, 4, 1);
  const CscMatrix<double> plane = generate::laplacian_2d(5, 4);
  REQUIRE(layer.same_pattern(plane));
  for (int j = 0; j < plane.cols(); ++j) {
    for (int p = plane.col_ptr()[j]; p < plane.col_ptr()[j + 1]; ++p) {
      const bool diagonal = plane.row_indices()[p] == j;
      CHECK(layer.values()[p] == (diagonal ? 6.0 : plane.values()[p]));
    }
  }
}

TEST_CASE("convection-diffusion: symmetric part is the Laplacian, skew part the velocity",
          "[generate]") {
  CHECK(identical(generate::convection_diffusion_2d(6, 6, 0.0, 9), generate::laplacian_2d(6, 6)));

  const int nx = 6, ny = 5;
  const double peclet = 30;
  const CscMatrix<double> a = generate::convection_diffusion_2d(nx, ny, peclet, 4);
  CHECK(a.same_pattern(generate::laplacian_2d(nx, ny)));
  CHECK(lupine::pattern_symmetry(a) == 1.0);
  const double hx = 1.0 / (nx + 1), hy = 1.0 / (ny + 1);
  // Interior unknown k = (2, 2): a(k, k+1) - a(k+1, k) = w_x hy and similarly north.
  const int k = 2 + nx * 2;
  CHECK(entry(a, k, k) == Approx(2 * hy / hx + 2 * hx / hy));
  CHECK(entry(a, k, k + 1) + entry(a, k + 1, k) == Approx(-2 * hy / hx));
  CHECK(entry(a, k, k + nx) + entry(a, k + nx, k) == Approx(-2 * hx / hy));
  const double velocity_x = (entry(a, k, k + 1) - entry(a, k + 1, k)) / hy;
  const double velocity_y = (entry(a, k, k + nx) - entry(a, k + nx, k)) / hx;
  CHECK(std::hypot(velocity_x, velocity_y) == Approx(peclet));
  // The velocity is constant: every east coupling is the same.
  for (int column = 1; column < nx * ny; ++column) {
    if (column % nx != 0) CHECK(entry(a, column - 1, column) == entry(a, k, k + 1));
  }

  // Another seed turns the velocity.
  const CscMatrix<double> turned = generate::convection_diffusion_2d(nx, ny, peclet, 5);
  CHECK(turned.same_pattern(a));
  CHECK(turned.values() != a.values());
  CHECK(identical(generate::convection_diffusion_2d(nx, ny, peclet, 4), a));
}

TEST_CASE("convection-diffusion stays nonsingular far past cell Peclet 1", "[generate]") {
  for (const double peclet : {0.0, 1.0, 20.0, 1e3, 1e6}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const CscMatrix<double> a = generate::convection_diffusion_2d(7, 6, peclet, seed);
      INFO("peclet " << peclet << " seed " << seed);
      CHECK(relative_smallest_pivot(to_dense(a)) > 1e-10);
    }
  }
}

TEST_CASE("convection_diffusion_3d: the scaled Laplacian plus a constant velocity", "[generate]") {
  // Peclet 0 on a cubic grid: the 7-point Laplacian times the cell volume over h^2 = h.
  const double h = 1.0 / 6;
  const generate::Problem still = generate::convection_diffusion_3d(5, 5, 5, 0.0, 3);
  const CscMatrix<double> laplacian = generate::laplacian_3d(5, 5, 5);
  REQUIRE(still.matrix.same_pattern(laplacian));
  for (std::size_t p = 0; p < laplacian.values().size(); ++p) {
    CHECK(still.matrix.values()[p] == Approx(h * laplacian.values()[p]));
  }
  REQUIRE(still.rhs.size() == 125);
  for (const double value : still.rhs) CHECK(value == Approx(h * h * h));

  const int nx = 6, ny = 5, nz = 4;
  const double peclet = 40;
  const generate::Problem problem = generate::convection_diffusion_3d(nx, ny, nz, peclet, 8);
  const CscMatrix<double>& a = problem.matrix;
  a.validate(true);
  CHECK(a.rows() == nx * ny * nz);
  CHECK(a.same_pattern(generate::laplacian_3d(nx, ny, nz)));
  CHECK(lupine::pattern_symmetry(a) == 1.0);
  CHECK_FALSE(identical(a, lupine::transpose(a)));
  // Interior unknown k = (2, 2, 2): the symmetric part is the diffusion (face area over
  // spacing), the skew part the velocity times the face area.
  const double hx = 1.0 / (nx + 1), hy = 1.0 / (ny + 1), hz = 1.0 / (nz + 1);
  const int k = 2 + nx * (2 + ny * 2);
  const int steps[3] = {1, nx, nx * ny};
  const double face[3] = {hy * hz, hx * hz, hx * hy};
  const double spacing[3] = {hx, hy, hz};
  double speed_squared = 0, diagonal = 0;
  for (int d = 0; d < 3; ++d) {
    const int next = k + steps[d];
    CHECK(entry(a, k, next) + entry(a, next, k) == Approx(-2 * face[d] / spacing[d]));
    const double velocity = (entry(a, k, next) - entry(a, next, k)) / face[d];
    speed_squared += velocity * velocity;
    diagonal += 2 * face[d] / spacing[d];
    // Constant velocity: the same coupling everywhere along that axis.
    CHECK(entry(a, k - steps[d], k) == entry(a, k, next));
  }
  CHECK(entry(a, k, k) == Approx(diagonal));
  CHECK(std::sqrt(speed_squared) == Approx(peclet));

  const generate::Problem same = generate::convection_diffusion_3d(nx, ny, nz, peclet, 8);
  CHECK(identical(same.matrix, a));
  CHECK(same.rhs == problem.rhs);
  const generate::Problem turned = generate::convection_diffusion_3d(nx, ny, nz, peclet, 9);
  CHECK(turned.matrix.same_pattern(a));
  CHECK(turned.matrix.values() != a.values());
}

TEST_CASE("convection_diffusion_3d stays nonsingular far past cell Peclet 1", "[generate]") {
  for (const double peclet : {0.0, 1.0, 30.0, 1e3, 1e6}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const CscMatrix<double> a = generate::convection_diffusion_3d(5, 4, 3, peclet, seed).matrix;
      INFO("peclet " << peclet << " seed " << seed);
      CHECK(relative_smallest_pivot(to_dense(a)) > 1e-10);
    }
  }
}

TEST_CASE("random_circuit has the MNA structure", "[generate]") {
  generate::RandomCircuitOptions options;
  options.nodes = 40;
  options.resistors_per_node = 3;
  options.voltage_sources = 6;
  options.inductors = 4;
  options.seed = 11;
  const CscMatrix<double> a = generate::random_circuit(options);
  const int nodes = options.nodes;
  const int n = nodes + options.voltage_sources + options.inductors;
  REQUIRE(a.rows() == n);
  REQUIRE(a.cols() == n);
  a.validate(true);
  CHECK(lupine::pattern_symmetry(a) == 1.0);

  // Conductance block: symmetric, positive diagonal, nonpositive off-diagonal, and row sums
  // (the conductances to ground) nonnegative with at least one positive.
  const Dense dense = to_dense(a);
  double to_ground = 0;
  for (int i = 0; i < nodes; ++i) {
    double row_sum = 0;
    CHECK(dense[i][i] > 0);
    for (int j = 0; j < nodes; ++j) {
      CHECK(dense[i][j] == dense[j][i]);
      if (i != j) CHECK(dense[i][j] <= 0);
      row_sum += dense[i][j];
    }
    CHECK(row_sum >= -1e-12 * dense[i][i]);
    to_ground += row_sum;
  }
  CHECK(to_ground > 0);

  // Branch columns: +1 and at most one -1 in node rows, mirrored in the branch row; voltage
  // source rows have no diagonal, inductor rows an explicit zero one.
  for (int branch = nodes; branch < n; ++branch) {
    INFO("branch " << branch);
    int plus = 0, minus = 0;
    for (int p = a.col_ptr()[branch]; p < a.col_ptr()[branch + 1]; ++p) {
      const int row = a.row_indices()[p];
      const double value = a.values()[p];
      if (row >= nodes) {
        CHECK(row == branch);
        CHECK(value == 0);
        continue;
      }
      CHECK(entry(a, branch, row) == value);
      if (value == 1) ++plus;
      if (value == -1) ++minus;
    }
    CHECK(plus == 1);
    CHECK(minus <= 1);
    for (int other = nodes; other < n; ++other) {
      if (other != branch) CHECK(a.find(branch, other) == -1);
    }
    const bool inductor = branch >= nodes + options.voltage_sources;
    CHECK(has_diagonal(a, branch) == inductor);
  }
  CHECK(relative_smallest_pivot(dense) > 1e-12);
}

TEST_CASE("random_circuit is nonsingular for every mix of sources and inductors", "[generate]") {
  struct Case {
    int nodes, resistors, sources, inductors;
  };
  for (const Case& c : std::vector<Case>{{1, 1, 0, 0},
                                         {1, 1, 1, 0},
                                         {1, 2, 0, 1},
                                         {2, 1, 1, 1},
                                         {12, 1, 6, 6},
                                         {30, 2, 30, 0},
                                         {30, 4, 0, 30},
                                         {50, 3, 5, 0},
                                         {50, 3, 10, 10}}) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      generate::RandomCircuitOptions options;
      options.nodes = c.nodes;
      options.resistors_per_node = c.resistors;
      options.voltage_sources = c.sources;
      options.inductors = c.inductors;
      options.seed = seed;
      const CscMatrix<double> a = generate::random_circuit(options);
      INFO("nodes " << c.nodes << " sources " << c.sources << " inductors " << c.inductors
                    << " seed " << seed);
      CHECK(a.rows() == c.nodes + c.sources + c.inductors);
      CHECK(relative_smallest_pivot(to_dense(a)) > 1e-12);
    }
  }
}

TEST_CASE("random_circuit is deterministic for a seed", "[generate]") {
  generate::RandomCircuitOptions options;
  options.nodes = 200;
  options.inductors = 7;
  const CscMatrix<double> a = generate::random_circuit(options);
  CHECK(identical(a, generate::random_circuit(options)));
  options.seed = 2;
  CHECK_FALSE(identical(a, generate::random_circuit(options)));
  // At most 4 entries per resistor and 5 per branch; parallel resistors share entries.
  CHECK(a.nnz() <= 4 * 3 * 200 + 5 * 12);
  CHECK(a.nnz() > 200 + 2 * 199);
}

TEST_CASE("random_sparse: diagonal, entry count, values, determinism", "[generate]") {
  generate::RandomSparseOptions options;
  options.n = 300;
  options.entries_per_column = 4;
  options.seed = 5;
  const CscMatrix<double> a = generate::random_sparse(options);
  a.validate(true);
  CHECK(a.rows() == 300);
  CHECK(a.nnz() == 4 * 300);
  for (int j = 0; j < a.cols(); ++j) {
    CHECK(has_diagonal(a, j));
    CHECK(a.col_ptr()[j + 1] - a.col_ptr()[j] == 4);
  }
  for (const double value : a.values()) {
    CHECK(value >= -1);
    CHECK(value < 1);
  }
  CHECK(lupine::pattern_symmetry(a) < 0.5);
  CHECK(identical(a, generate::random_sparse(options)));
  options.seed = 6;
  CHECK_FALSE(identical(a, generate::random_sparse(options)));

  // A fractional count is met on average; a full count gives a dense matrix.
  options.entries_per_column = 2.5;
  const CscMatrix<double> fractional = generate::random_sparse(options);
  CHECK(fractional.nnz() > 2.3 * 300);
  CHECK(fractional.nnz() < 2.7 * 300);
  options.n = 9;
  options.entries_per_column = 9;
  CHECK(generate::random_sparse(options).nnz() == 81);
  options.entries_per_column = 1;
  CHECK(generate::random_sparse(options).nnz() == 9);
}

TEST_CASE("random_sparse diagonal dominance changes the diagonal only", "[generate]") {
  generate::RandomSparseOptions options;
  options.n = 60;
  options.entries_per_column = 5;
  options.seed = 8;
  const CscMatrix<double> plain = generate::random_sparse(options);
  options.diagonal_dominance = 2;
  const CscMatrix<double> dominant = generate::random_sparse(options);
  REQUIRE(dominant.same_pattern(plain));
  for (int j = 0; j < plain.cols(); ++j) {
    double off_diagonal = 0;
    for (int p = plain.col_ptr()[j]; p < plain.col_ptr()[j + 1]; ++p) {
      if (plain.row_indices()[p] == j) continue;
      CHECK(dominant.values()[p] == plain.values()[p]);
      off_diagonal += std::fabs(plain.values()[p]);
    }
    CHECK(entry(dominant, j, j) == Approx(2 * off_diagonal + 1));
  }
  CHECK(relative_smallest_pivot(to_dense(dominant)) > 1e-3);
}

TEST_CASE("random_sparse permute_rows moves every row off its place", "[generate]") {
  generate::RandomSparseOptions options;
  options.n = 80;
  options.entries_per_column = 3;
  options.seed = 21;
  const CscMatrix<double> a = generate::random_sparse(options);
  options.permute_rows = true;
  const CscMatrix<double> permuted = generate::random_sparse(options);
  permuted.validate(true);
  REQUIRE(permuted.nnz() == a.nnz());

  // Recover the row permutation from where each diagonal entry went, then check that it maps
  // every entry of A onto P*A and that it is a single cycle.
  const int n = options.n;
  std::vector<int> new_row(static_cast<std::size_t>(n), -1);
  for (int j = 0; j < n; ++j) {
    const double diagonal = entry(a, j, j);
    for (int p = permuted.col_ptr()[j]; p < permuted.col_ptr()[j + 1]; ++p) {
      if (permuted.values()[p] == diagonal)
        new_row[static_cast<std::size_t>(j)] = permuted.row_indices()[p];
    }
  }
  std::vector<int> sorted = new_row;
  std::sort(sorted.begin(), sorted.end());
  for (int k = 0; k < n; ++k) REQUIRE(sorted[static_cast<std::size_t>(k)] == k);
  for (int j = 0; j < n; ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const int row = a.row_indices()[p];
      CHECK(entry(permuted, new_row[static_cast<std::size_t>(row)], j) == a.values()[p]);
    }
  }
  int cycle_length = 0;
  int row = 0;
  do {
    row = new_row[static_cast<std::size_t>(row)];
    ++cycle_length;
  } while (row != 0 && cycle_length <= n);
  CHECK(cycle_length == n);
  int diagonals = 0;
  for (int j = 0; j < n; ++j) diagonals += has_diagonal(permuted, j) ? 1 : 0;
  CHECK(diagonals < n / 2);
}

TEST_CASE("generators reject bad arguments", "[generate]") {
  check_error([] { generate::laplacian_2d(0, 4); }, ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_2d(4, -1); }, ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_3d(3, 3, 0); }, ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_2d(50000, 50000); }, ErrorKind::size_overflow);
  check_error([] { generate::laplacian_3d(1300, 1300, 1300); }, ErrorKind::size_overflow);
  // n fits but the entries do not.
  check_error([] { generate::laplacian_3d(1000, 1000, 1000); }, ErrorKind::size_overflow);
  check_error([] { generate::convection_diffusion_2d(3, 3, -1.0); }, ErrorKind::invalid_argument);
  check_error([] { generate::convection_diffusion_2d(3, 3, std::nan("")); },
              ErrorKind::invalid_argument);
  check_error([] { generate::convection_diffusion_2d(0, 3, 1.0); }, ErrorKind::invalid_argument);
  check_error([] { generate::convection_diffusion_3d(3, 3, 3, -1.0); },
              ErrorKind::invalid_argument);
  check_error([] { generate::convection_diffusion_3d(3, 3, 3, HUGE_VAL); },
              ErrorKind::invalid_argument);
  check_error([] { generate::convection_diffusion_3d(3, 0, 3, 1.0); }, ErrorKind::invalid_argument);
  check_error([] { generate::convection_diffusion_3d(1300, 1300, 1300, 1.0); },
              ErrorKind::size_overflow);

  generate::RandomCircuitOptions circuit;
  circuit.nodes = 0;
  check_error([&] { generate::random_circuit(circuit); }, ErrorKind::invalid_argument);
  circuit.nodes = 5;
  circuit.voltage_sources = 3;
  circuit.inductors = 3;
  check_error([&] { generate::random_circuit(circuit); }, ErrorKind::invalid_argument);
  circuit.inductors = -1;
  check_error([&] { generate::random_circuit(circuit); }, ErrorKind::invalid_argument);
  circuit.inductors = 0;
  circuit.resistors_per_node = 0;
  check_error([&] { generate::random_circuit(circuit); }, ErrorKind::invalid_argument);
  circuit.resistors_per_node = 1 << 30;
  check_error([&] { generate::random_circuit(circuit); }, ErrorKind::size_overflow);

  generate::RandomSparseOptions sparse;
  sparse.n = 10;
  sparse.entries_per_column = 0.5;
  check_error([&] { generate::random_sparse(sparse); }, ErrorKind::invalid_argument);
  sparse.entries_per_column = 11;
  check_error([&] { generate::random_sparse(sparse); }, ErrorKind::invalid_argument);
  sparse.entries_per_column = std::numeric_limits<double>::infinity();
  check_error([&] { generate::random_sparse(sparse); }, ErrorKind::invalid_argument);
  sparse.entries_per_column = 3;
  sparse.diagonal_dominance = -1;
  check_error([&] { generate::random_sparse(sparse); }, ErrorKind::invalid_argument);
  sparse.diagonal_dominance = 0;
  sparse.n = -3;
  check_error([&] { generate::random_sparse(sparse); }, ErrorKind::invalid_argument);
}
