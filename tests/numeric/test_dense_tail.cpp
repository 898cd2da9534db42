// Dense tails of column-path blocks: the trailing columns that fill in densely are eliminated
// as one dense front. They must give what the column kernel gives, refactor to the same bits
// at any thread count, guard their reused pivots, and fall back where the front cannot finish.
#include <catch2/catch.hpp>
#include <complex>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "support/test_matrices.hpp"

using lupine::CscMatrix;
using lupine::FactorPath;
using lupine::RefactorStatus;

namespace {

lupine::Options column_options(bool tails, int threads = 1) {
  lupine::Options options;
  options.path = FactorPath::column;
  options.threads = threads;
  if (!tails) options.dense_tail_min_order = 0;
  return options;
}

// The factor as a dense n x n array (explicit zeros of a dense tail add nothing).
std::vector<double> dense(const CscMatrix<double>& m) {
  std::vector<double> full(static_cast<std::size_t>(m.rows()) * static_cast<std::size_t>(m.cols()));
  for (int j = 0; j < m.cols(); ++j) {
    for (int p = m.col_ptr()[j]; p < m.col_ptr()[j + 1]; ++p) {
      full[static_cast<std::size_t>(j) * static_cast<std::size_t>(m.rows()) +
           static_cast<std::size_t>(m.row_indices()[p])] += m.values()[static_cast<std::size_t>(p)];
    }
  }
  return full;
}

// With and without dense tails: the same pivots give the same factors to rounding, and both
// solve A x = b to a small backward error.
void check_against_column_kernel(const CscMatrix<double>& a, std::int64_t expected_tail_min) {
  const lupine::Options with = column_options(true);
  const lupine::Options without = column_options(false);
  const lupine::Numeric<> tail(lupine::analyze(a, with), a, with);
  const lupine::Numeric<> scalar(lupine::analyze(a, without), a, without);
  CHECK(tail.stats().dense_tail_columns >= expected_tail_min);
  CHECK(scalar.stats().dense_tail_columns == 0);
  const std::vector<double> b = lupine_test::row_sums(a);
  for (const auto* numeric : {&tail, &scalar}) {
    lupine::SolveReport report;
    numeric->solve(b, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error <= 1e-14);
    numeric->solve(b, lupine::Transpose::yes, 1, &report);
    CHECK(report.backward_error <= 1e-14);
  }
  const auto f = tail.factors();
  const auto g = scalar.factors();
  CHECK(f.col_perm == g.col_perm);
  if (f.row_perm != g.row_perm) {
    // The kernels break ties between equal candidates differently; both are valid.
    WARN("the dense tail chose other pivots than the column kernel");
    return;
  }
  for (const auto& pair : {std::make_pair(&f.L, &g.L), std::make_pair(&f.U, &g.U)}) {
    const std::vector<double> x = dense(*pair.first);
    const std::vector<double> y = dense(*pair.second);
    double largest = 0, difference = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      largest = std::max(largest, std::abs(y[i]));
      difference = std::max(difference, std::abs(x[i] - y[i]));
    }
    CHECK(difference <= 1e-12 * largest);
  }
}

// A ring of `regular` nodes (no fill to speak of) and a clique of `tail` nodes, each tied to
// two ring nodes: AMD orders the clique last, and it is the block's dense tail. Clique
// entries are (1 + i + j) / (100 tail) off the diagonal and `diagonal` on it; the clique's
// last column holds `last_column` times its values (ring rows included).
CscMatrix<double> clique_tail(int regular, int tail, double diagonal, double last_column) {
  const int n = regular + tail;
  lupine::TripletBuilder<double> builder(n, n);
  for (int v = 0; v < regular; ++v) {
    builder.add(v, v, 4.0 + 0.01 * (v % 7));
    builder.add(v, (v + 1) % regular, -1.0);
    builder.add((v + 1) % regular, v, -1.0 - 0.001 * (v % 5));
  }
  for (int i = 0; i < tail; ++i) {
    for (int j = 0; j < tail; ++j) {
      double value = i == j ? diagonal : (1.0 + i + j) / (100.0 * tail);
      if (j == tail - 1) value *= last_column;
      builder.add(regular + i, regular + j, value);
    }
    for (const int v : {(7 * i) % regular, (7 * i + 3) % regular}) {
      builder.add(regular + i, v, 0.01);
      builder.add(v, regular + i, i == tail - 1 ? -0.01 * last_column : -0.01);
    }
  }
  return builder.build();
}

}  // namespace

TEST_CASE("a block whose last columns fill in densely factors them as one dense front",
          "[numeric][dense_tail]") {
  SECTION("rails whose diagonals are kept as pivots") {
    check_against_column_kernel(lupine_test::supplied_circuit(300, 40, 1.0, 1), 40);
  }
  SECTION("rails with small diagonals") {
    check_against_column_kernel(lupine_test::supplied_circuit(300, 40, 1e-3, 2), 40);
  }
  SECTION("pivots from other rows inside the front") {
    const CscMatrix<double> a = clique_tail(400, 40, 1e-14, 1.0);
    check_against_column_kernel(a, 40);
    const lupine::Options options = column_options(true);
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    CHECK(numeric.stats().off_diagonal_pivots > 0);
  }
  SECTION("a clique ordered last") {
    check_against_column_kernel(clique_tail(400, 36, 2.0, 1.0), 36);
  }
  SECTION("no tail where the fill stays sparse") {
    const CscMatrix<double> a = clique_tail(400, 0, 2.0, 1.0);
    const lupine::Options options = column_options(true);
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    CHECK(numeric.stats().dense_tail_columns == 0);
  }
  SECTION("a tail shorter than dense_tail_min_order stays sparse") {
    const CscMatrix<double> a = lupine_test::supplied_circuit(300, 40, 1.0, 4);
    lupine::Options options = column_options(true);
    options.dense_tail_min_order = 400;
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    CHECK(numeric.stats().dense_tail_columns == 0);
  }
}

TEST_CASE("memplus's supply nets make a dense tail that matches the column kernel",
          "[numeric][dense_tail][real]") {
  const std::string shared = lupine_test::shared_matrices_dir();
  const std::string path = shared + "/circuit/memplus.mtx.gz";
  if (shared.empty() || !std::ifstream(path)) {
    WARN("../shared/matrices/circuit/memplus.mtx.gz not found: skipped");
    return;
  }
  check_against_column_kernel(lupine::read_matrix<double>(path), 32);
}

TEST_CASE("the bit-for-bit refactor cases of test_refactor.cpp have dense tails",
          "[numeric][dense_tail][refactor]") {
  // test_refactor.cpp checks that these refactor to the same bits at 1 and 2 threads; that
  // covers dense tails only while they have them: the supply rails a tail factored on the
  // diagonal, the 2D grid (its top separators) one whose front exchanged rows, which the
  // factorization then replays in pivot order.
  const lupine::Options options = column_options(true);
  const CscMatrix<double> rails = lupine_test::supplied_circuit(2000, 48, 1e-3, 5);
  const lupine::Numeric<> first(lupine::analyze(rails, options), rails, options);
  CHECK(first.stats().dense_tail_columns >= 48);
  CscMatrix<double> grid = lupine::generate::laplacian_2d(160, 160);
  for (std::size_t k = 0; k < grid.values().size(); ++k) {
    grid.values()[k] *= 1.0 + 0.05 * std::sin(static_cast<double>(k));  // as test_refactor.cpp
  }
  const lupine::Numeric<> second(lupine::analyze(grid, options), grid, options);
  CHECK(second.stats().dense_tail_columns >= 100);
  CHECK(second.stats().off_diagonal_pivots > 0);
}

TEST_CASE("a dense tail's reused pivots are guarded", "[numeric][dense_tail][refactor]") {
  // Factored where the clique's diagonals are good pivots, refactored where they are 1e-14
  // (pivots near 1e-3 of their columns once updated): a guard of 0.1 rejects the reuse and
  // pivots afresh, with and without the tail; nearby values keep the pivots, and the pivot
  // ratio and growth of the reuse are those of the column kernel.
  const CscMatrix<double> good = clique_tail(400, 40, 2.0, 1.0);
  const CscMatrix<double> weak = clique_tail(400, 40, 1e-14, 1.0);
  REQUIRE(good.row_indices() == weak.row_indices());
  CscMatrix<double> near = good;
  for (std::size_t k = 0; k < near.values().size(); ++k) {
    near.values()[k] *= 1.0 + 1e-3 * std::sin(static_cast<double>(k));
  }
  lupine::RefactorOptions strict;
  strict.refactor_threshold = 0.1;
  double ratio[2] = {0, 0}, growth[2] = {0, 0};
  for (const bool tails : {true, false}) {
    INFO("tails " << tails);
    const lupine::Options options = column_options(tails);
    lupine::Numeric<> numeric(lupine::analyze(good, options), good, options);
    CHECK((numeric.stats().dense_tail_columns >= 40) == tails);
    CHECK(numeric.stats().off_diagonal_pivots == 0);
    CHECK(numeric.refactor(weak.values().data(), strict) == RefactorStatus::repivoted);
    CHECK(numeric.stats().refactor_fallbacks == 1);
    CHECK(numeric.stats().off_diagonal_pivots > 0);
    lupine::SolveReport report;
    numeric.solve(lupine_test::row_sums(weak), lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error <= 1e-14);

    numeric.factor(good);
    CHECK(numeric.refactor(near.values().data(), strict) == RefactorStatus::reused_pivots);
    numeric.solve(lupine_test::row_sums(near), lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error <= 1e-14);
    ratio[tails ? 0 : 1] = numeric.stats().smallest_pivot_ratio;
    growth[tails ? 0 : 1] = numeric.stats().pivot_growth;
  }
  CHECK(ratio[0] == Approx(ratio[1]).epsilon(1e-10));
  CHECK(growth[0] == Approx(growth[1]).epsilon(1e-10));
}

TEST_CASE("a singular dense tail is reported as the column kernel reports it",
          "[numeric][dense_tail][errors]") {
  // The clique's last column holds zeros: the front cannot finish it, the column kernel
  // takes over and names the column, as it does without dense tails; with perturbation the
  // front perturbs the pivot itself.
  const CscMatrix<double> singular = clique_tail(400, 40, 2.0, 0.0);
  std::int64_t columns[2] = {-1, -1};
  for (const bool tails : {true, false}) {
    INFO("tails " << tails);
    const lupine::Options options = column_options(tails);
    const lupine::Symbolic<> symbolic = lupine::analyze(singular, options);
    try {
      lupine::Numeric<> numeric(symbolic, singular, options);
      FAIL("a singular matrix was factored");
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
      columns[tails ? 0 : 1] = error.column();
    }
    lupine::Options perturbing = options;
    perturbing.perturb_singular_pivots = true;
    const lupine::Numeric<> perturbed(symbolic, singular, perturbing);
    CHECK(perturbed.stats().perturbed_pivots >= 1);
    CHECK((perturbed.stats().dense_tail_columns >= 40) == tails);
  }
  CHECK(columns[0] == columns[1]);
  CHECK(columns[0] >= 0);
}

TEST_CASE("complex values go through the dense tail", "[numeric][dense_tail][complex]") {
  using Complex = std::complex<double>;
  const CscMatrix<double> real = lupine_test::supplied_circuit(300, 40, 1e-3, 8);
  std::vector<Complex> values(real.values().size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    values[k] = real.values()[k] * Complex(1.0, 0.3 * std::cos(static_cast<double>(k)));
  }
  const CscMatrix<Complex> a(real.rows(), real.cols(), real.col_ptr(), real.row_indices(), values);
  const lupine::Options options = column_options(true);
  lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
  CHECK(numeric.stats().dense_tail_columns >= 40);
  const std::vector<Complex> b = lupine_test::row_sums(a);
  for (const auto transpose :
       {lupine::Transpose::no, lupine::Transpose::yes, lupine::Transpose::conjugate}) {
    lupine::SolveReport report;
    numeric.solve(b, transpose, 1, &report);
    CHECK(report.backward_error <= 1e-14);
  }
  CHECK(numeric.refactor(a) == RefactorStatus::reused_pivots);
}
