// Worked examples checked entry by entry.
#include <catch2/catch.hpp>

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
  }
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
