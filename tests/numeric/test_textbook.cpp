// Worked examples checked entry by entry.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "lupine/solver.hpp"
#include "support/dense_reference.hpp"

using lupine::CscMatrix;
using lupine::TripletBuilder;

namespace {

CscMatrix<double> from_rows(const std::vector<std::vector<double>>& rows) {
  const int n = static_cast<int>(rows.size());
  TripletBuilder<double> builder(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] != 0) {
        builder.add(i, j, rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
      }
    }
  }
  return builder.build();
}

lupine::Options plain_options(double threshold, lupine::FactorPath path) {
  lupine::Options options;
  options.ordering = lupine::Ordering::natural;
  options.btf = false;
  options.scaling = lupine::Scaling::none;
  options.pivot_threshold = threshold;
  options.path = path;
  return options;
}

void check_dense_equal(const CscMatrix<double>& actual,
                       const std::vector<std::vector<double>>& expected) {
  const auto dense = lupine_test::to_dense(actual);
  REQUIRE(dense.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    for (std::size_t j = 0; j < expected.size(); ++j) {
      INFO("entry (" << i << ", " << j << ")");
      CHECK(dense[i][j] == Approx(expected[i][j]).margin(1e-15));
    }
  }
}

}  // namespace

TEST_CASE("2x2 without pivoting gives the textbook L and U", "[numeric][textbook]") {
  const auto a = from_rows({{2, 1}, {4, 3}});
  const auto options = plain_options(0.0, lupine::FactorPath::column);
  const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  const auto factors = numeric.factors();
  CHECK(factors.row_perm == std::vector<int>{0, 1});
  CHECK(factors.col_perm == std::vector<int>{0, 1});
  check_dense_equal(factors.L, {{1, 0}, {2, 1}});
  check_dense_equal(factors.U, {{2, 1}, {0, 1}});
  CHECK(numeric.stats().off_diagonal_pivots == 0);
}

TEST_CASE("3x3 with partial pivoting picks row 2 first", "[numeric][textbook]") {
  const auto a = from_rows({{2, 1, 1}, {4, -6, 0}, {-2, 7, 2}});
  for (const auto path : {lupine::FactorPath::column, lupine::FactorPath::dense}) {
    INFO("path " << lupine::to_string(path));
    const auto options = plain_options(1.0, path);
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    const auto factors = numeric.factors();
    CHECK(factors.row_perm == std::vector<int>{1, 0, 2});
    check_dense_equal(factors.L, {{1, 0, 0}, {0.5, 1, 0}, {-0.5, 1, 1}});
    check_dense_equal(factors.U, {{4, -6, 0}, {0, 4, 1}, {0, 0, 1}});
    const auto x = numeric.solve(std::vector<double>{5, -2, 9});
    CHECK(x[0] == Approx(1));
    CHECK(x[1] == Approx(1));
    CHECK(x[2] == Approx(2));
    const auto det = numeric.determinant();
    CHECK(det.sign == -1.0);  // det = -16: one row swap, pivots 4 * 4 * 1
    CHECK(det.log_abs == Approx(std::log(16.0)));
    CHECK(det.mantissa == -0.5);  // -16 = -0.5 * 2^5, exactly
    CHECK(det.exponent == 5);
  }
}

TEST_CASE("the base-2 determinant neither overflows nor underflows", "[numeric][textbook]") {
  // 400 pivots of 1e200 and one of -0.75: det = -0.75 * 1e200^400, about 10^80000, far outside
  // double; its log and its base-2 form are known in closed form.
  const int n = 401;
  TripletBuilder<double> builder(n, n);
  for (int i = 0; i < n - 1; ++i) builder.add(i, i, 1e200);
  builder.add(n - 1, n - 1, -0.75);
  const auto a = builder.build();
  const auto options = plain_options(1.0, lupine::FactorPath::column);
  const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  const auto det = numeric.determinant();
  CHECK(det.sign == -1.0);
  CHECK(det.log_abs == Approx(400 * std::log(1e200) + std::log(0.75)).epsilon(1e-14));
  // 1e200 = f * 2^e with f in [0.5, 1): det = -0.75 f^400 2^(400 e), renormalized.
  int e = 0;
  const double f = std::frexp(1e200, &e);
  const double log2_magnitude = std::log2(0.75) + 400 * (std::log2(f) + e);
  CHECK(static_cast<double>(det.exponent) == std::ceil(log2_magnitude));
  CHECK(std::log2(-det.mantissa) + static_cast<double>(det.exponent) ==
        Approx(log2_magnitude).epsilon(1e-14));
  CHECK(det.mantissa <= -0.5);
  CHECK(det.mantissa > -1.0);
}

TEST_CASE("Numeric from a values array equals Numeric from the matrix", "[numeric][textbook]") {
  const auto a = from_rows({{2, 1, 1}, {4, -6, 0}, {-2, 7, 2}});
  const auto options = plain_options(1.0, lupine::FactorPath::column);
  const auto symbolic = lupine::analyze(a, options);
  lupine::Numeric<> from_values(symbolic, a.values().data(), options);
  const lupine::Numeric<> from_matrix(symbolic, a, options);
  check_dense_equal(from_values.factors().U, {{4, -6, 0}, {0, 4, 1}, {0, 0, 1}});
  // factor(values) with doubled values doubles U.
  std::vector<double> doubled = a.values();
  for (double& value : doubled) value *= 2;
  from_values.factor(doubled.data());
  check_dense_equal(from_values.factors().U, {{8, -12, 0}, {0, 8, 2}, {0, 0, 2}});
  CHECK(from_values.stats().factor_count == 2);
  CHECK_THROWS_AS(from_values.factor(static_cast<const double*>(nullptr)), lupine::Error);
  CHECK_THROWS_AS(from_values.refactor(static_cast<const double*>(nullptr)), lupine::Error);
  // a workspace over caller memory solves like an owned one
  std::vector<double> memory(from_matrix.workspace_size(1));
  lupine::SolveWorkspace<double> workspace;
  workspace.use(memory.data(), memory.size());
  std::vector<double> b{5, -2, 9};
  from_matrix.solve_in_place(b.data(), 1, 3, lupine::Transpose::no, workspace);
  CHECK(b[0] == Approx(1));
  CHECK(b[1] == Approx(1));
  CHECK(b[2] == Approx(2));
  workspace.use(memory.data(), 0);
  CHECK_THROWS_AS(from_matrix.solve_in_place(b.data(), 1, 3, lupine::Transpose::no, workspace),
                  lupine::Error);
}

TEST_CASE("threshold pivoting keeps an acceptable diagonal", "[numeric][textbook]") {
  // |a11| = 3 is within tau = 0.5 of the column maximum 4: no row exchange.
  const auto a = from_rows({{3, 1}, {4, 2}});
  const auto options = plain_options(0.5, lupine::FactorPath::column);
  const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  CHECK(numeric.factors().row_perm == std::vector<int>{0, 1});
  // With tau = 0.9 the diagonal is rejected.
  const auto strict = plain_options(0.9, lupine::FactorPath::column);
  const lupine::Numeric<> pivoted(lupine::analyze(a, strict), a, strict);
  CHECK(pivoted.factors().row_perm == std::vector<int>{1, 0});
  // Both columns take their pivot from the other column's diagonal row.
  CHECK(pivoted.stats().off_diagonal_pivots == 2);
}
