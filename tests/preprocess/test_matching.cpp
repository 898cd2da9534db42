// Maximum-product matching: the transversal itself against brute force, and
// Options::matching = max_product through analysis, factorization and solve.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "preprocess/matching.hpp"
#include "support/test_matrices.hpp"

using lupine::CscMatrix;
using lupine::TripletBuilder;
using lupine::detail::max_product_matching;

namespace {

std::vector<double> magnitudes_of(const CscMatrix<double>& a) {
  std::vector<double> magnitudes(a.values().begin(), a.values().end());
  for (double& value : magnitudes) value = std::abs(value);
  return magnitudes;
}

std::vector<int> match(const CscMatrix<double>& a) {
  const std::vector<double> magnitudes = magnitudes_of(a);
  return max_product_matching(a.rows(), a.col_ptr().data(), a.row_indices().data(),
                              magnitudes.data());
}

// log of the product of the matched magnitudes; -inf when a matched entry is absent or zero.
double log_product(const CscMatrix<double>& a, const std::vector<int>& row_of_column) {
  double sum = 0;
  for (int j = 0; j < a.cols(); ++j) {
    double entry = 0;
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      if (a.row_indices()[p] == row_of_column[static_cast<std::size_t>(j)]) {
        entry = std::abs(a.values()[static_cast<std::size_t>(p)]);
      }
    }
    if (entry == 0) return -INFINITY;
    sum += std::log(entry);
  }
  return sum;
}

bool is_permutation(std::vector<int> rows) {
  std::sort(rows.begin(), rows.end());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] != static_cast<int>(k)) return false;
  }
  return true;
}

// A random sparse n x n matrix, magnitudes spread over 12 decades, with a perfect matching
// hidden under a random permutation (so one always exists) and zeros sprinkled in.
CscMatrix<double> random_matrix(int n, double density, std::mt19937_64& random) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<int> hidden(static_cast<std::size_t>(n));
  std::iota(hidden.begin(), hidden.end(), 0);
  std::shuffle(hidden.begin(), hidden.end(), random);
  auto value = [&] {
    const double size = std::pow(10.0, 12.0 * uniform(random) - 6.0);
    return uniform(random) < 0.5 ? -size : size;
  };
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    builder.add(hidden[static_cast<std::size_t>(j)], j, value());
    for (int i = 0; i < n; ++i) {
      if (i == hidden[static_cast<std::size_t>(j)] || uniform(random) >= density) continue;
      builder.add(i, j, uniform(random) < 0.1 ? 0.0 : value());
    }
  }
  return builder.build();
}

double best_log_product_by_brute_force(const CscMatrix<double>& a) {
  std::vector<int> rows(static_cast<std::size_t>(a.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  double best = -INFINITY;
  do {
    best = std::max(best, log_product(a, rows));
  } while (std::next_permutation(rows.begin(), rows.end()));
  return best;
}

lupine::Options with_matching(lupine::Matching matching) {
  lupine::Options options;
  options.matching = matching;
  options.threads = 1;
  return options;
}

double normwise_residual(const CscMatrix<double>& a, const std::vector<double>& x,
                         const std::vector<double>& b) {
  std::vector<double> r(b);
  double a_norm = 0, x_norm = 0, b_norm = 0;
  for (int j = 0; j < a.cols(); ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const double value = a.values()[static_cast<std::size_t>(p)];
      r[static_cast<std::size_t>(a.row_indices()[p])] -= value * x[static_cast<std::size_t>(j)];
      a_norm = std::max(a_norm, std::abs(value));
    }
  }
  double r_norm = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    r_norm = std::max(r_norm, std::abs(r[i]));
    x_norm = std::max(x_norm, std::abs(x[i]));
    b_norm = std::max(b_norm, std::abs(b[i]));
  }
  return r_norm / (a_norm * x_norm * static_cast<double>(a.cols()) + b_norm);
}

}  // namespace

TEST_CASE("the max-product matching of a worked 3 x 3 example", "[preprocess][matching]") {
  // Each of columns 0 and 1 has its largest entry in row 0, and column 2 must take row 2.
  // Rows (0, 1, 2) give 6 * 1 * 3 = 18; the best is rows (1, 0, 2): 4 * 5 * 3 = 60.
  //   [ 6  5  .  ]
  //   [ 4  1  2  ]
  //   [ .  .  3  ]
  TripletBuilder<double> builder(3, 3);
  builder.add(0, 0, 6.0);
  builder.add(1, 0, 4.0);
  builder.add(0, 1, -5.0);
  builder.add(1, 1, 1.0);
  builder.add(1, 2, 2.0);
  builder.add(2, 2, 3.0);
  const auto a = builder.build();
  CHECK(match(a) == std::vector<int>{1, 0, 2});
}

TEST_CASE("the max-product matching equals brute force on random small matrices",
          "[preprocess][matching]") {
  std::mt19937_64 random(20261204);
  int checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 1 + trial % 7;
    const double density = 0.15 + 0.1 * (trial % 5);
    const auto a = random_matrix(n, density, random);
    const std::vector<int> rows = match(a);
    const double best = best_log_product_by_brute_force(a);
    REQUIRE(best > -INFINITY);  // the hidden matching is there
    REQUIRE(rows.size() == static_cast<std::size_t>(n));
    REQUIRE(is_permutation(rows));
    // Magnitudes span 1e-6 .. 1e6: logs up to ~14 per column, so an absolute tolerance.
    CHECK(log_product(a, rows) == Approx(best).margin(1e-9));
    ++checked;
  }
  CHECK(checked == 400);
}

TEST_CASE("no max-product matching when only zero entries would complete one",
          "[preprocess][matching]") {
  // Structurally the diagonal is there, but its (1,1) entry is an explicit zero and row 1 has
  // nothing else: no perfect matching on nonzeros.
  TripletBuilder<double> builder(2, 2);
  builder.add(0, 0, 1.0);
  builder.add(0, 1, 2.0);
  builder.add(1, 1, 0.0);
  const auto a = builder.build();
  CHECK(match(a).empty());
  // An empty column of nonzeros too.
  TripletBuilder<double> zero_column(2, 2);
  zero_column.add(0, 0, 1.0);
  zero_column.add(1, 0, 1.0);
  zero_column.add(0, 1, 0.0);
  zero_column.add(1, 1, 0.0);
  CHECK(match(zero_column.build()).empty());
}

TEST_CASE("analysis with max_product puts the large entries on the diagonal",
          "[preprocess][matching]") {
  // Each column's large entry sits in the next row (cyclically), its diagonal is 1e-3 of it:
  // the structural transversal keeps the weak diagonal and threshold pivoting leaves it for
  // the large entry, while the matching pairs every column with its large entry.
  const int n = 40;
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    builder.add(j, j, 1e-3 * (1 + j % 3));
    builder.add((j + 1) % n, j, 2.0 + j % 5);
    builder.add((j + 7) % n, j, 0.5);
  }
  const auto a = builder.build();
  const std::vector<double> b = lupine_test::row_sums(a);

  const auto structural_symbolic = lupine::analyze(a, with_matching(lupine::Matching::structural));
  const lupine::Numeric<> structural(structural_symbolic, a,
                                     with_matching(lupine::Matching::structural));
  const auto matched_symbolic = lupine::analyze(a, with_matching(lupine::Matching::max_product));
  const lupine::Numeric<> matched(matched_symbolic, a,
                                  with_matching(lupine::Matching::max_product));

  CHECK(structural_symbolic.stats().rematched_columns == 0);
  CHECK(matched_symbolic.stats().rematched_columns == n);
  CHECK(structural.stats().off_diagonal_pivots > 0);
  CHECK(matched.stats().off_diagonal_pivots == 0);
  for (const lupine::Numeric<>* numeric : {&structural, &matched}) {
    const std::vector<double> x = numeric->solve(b, lupine::Transpose::no, 0);
    for (double value : x) CHECK(value == Approx(1.0).epsilon(1e-10));
    CHECK(normwise_residual(a, x, b) < 1e-14);
    const std::vector<double> y = numeric->solve(b, lupine::Transpose::yes, 0);
    CHECK(std::isfinite(y[0]));
  }
  // Refactorization keeps the matching's pivots and stays exact.
  lupine::Numeric<> again(matched_symbolic, a, with_matching(lupine::Matching::max_product));
  CHECK(again.refactor(a.values().data()) == lupine::RefactorStatus::reused_pivots);
  const std::vector<double> x = again.solve(b, lupine::Transpose::no, 0);
  CHECK(normwise_residual(a, x, b) < 1e-14);
}

TEST_CASE("max_product matching on random matrices of every path solves accurately",
          "[preprocess][matching]") {
  std::mt19937_64 random(7);
  for (lupine::FactorPath path :
       {lupine::FactorPath::column, lupine::FactorPath::supernodal, lupine::FactorPath::dense}) {
    for (int trial = 0; trial < 6; ++trial) {
      const auto a = random_matrix(30 + 10 * trial, 0.08, random);
      lupine::Options options = with_matching(lupine::Matching::max_product);
      options.path = path;
      options.btf = trial % 2 == 0;
      const std::vector<double> b = lupine_test::row_sums(a);
      try {
        const auto symbolic = lupine::analyze(a, options);
        const lupine::Numeric<> numeric(symbolic, a, options);
        const std::vector<double> x = numeric.solve(b, lupine::Transpose::no, 2);
        INFO("path " << lupine::to_string(path) << " trial " << trial);
        CHECK(normwise_residual(a, x, b) < 1e-13);
      } catch (const lupine::Error& error) {
        // Random values may leave the matrix numerically singular; nothing else may fail.
        CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
      }
    }
  }
}

TEST_CASE("max_product matching is refused without values and with a given ordering",
          "[preprocess][matching]") {
  TripletBuilder<double> builder(2, 2);
  builder.add(0, 0, 1.0);
  builder.add(1, 0, 3.0);
  builder.add(0, 1, 2.0);
  builder.add(1, 1, 1.0);
  const auto a = builder.build();
  const CscMatrix<double> pattern(2, 2, a.col_ptr(), a.row_indices(), {});
  REQUIRE_FALSE(pattern.has_values());
  try {
    lupine::analyze(pattern, with_matching(lupine::Matching::max_product));
    FAIL("pattern-only analysis accepted max_product");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::invalid_argument);
    CHECK(std::string(error.what()).find("max_product") != std::string::npos);
    CHECK(std::string(error.what()).find("pattern-only") != std::string::npos);
  }
  CHECK_NOTHROW(lupine::analyze(pattern, with_matching(lupine::Matching::structural)));
  lupine::Options given = with_matching(lupine::Matching::max_product);
  given.ordering = lupine::Ordering::given;
  given.given_column_order = {1, 0};
  CHECK_THROWS_WITH(lupine::analyze(a, given), Catch::Contains("ordering = given"));
  CHECK(std::string(lupine::to_string(lupine::Matching::max_product)) == "max_product");
  CHECK(std::string(lupine::to_string(lupine::Matching::structural)) == "structural");
}

TEST_CASE("max_product matching on real matrices: fewer off-diagonal pivots, same answers",
          "[preprocess][matching][real]") {
  // Matrices whose structural diagonal is weak (docs/ordering.md, "Weighted matching"): two
  // bundled with the repository, two more from ../shared/matrices when it is there.
  std::vector<std::string> paths;
  for (const char* name : {"circuit/rajat19", "fem/e05r0500"}) {
    paths.push_back(lupine_test::bundled_matrices_dir() + "/" + name + ".mtx.gz");
  }
  const std::string shared = lupine_test::shared_matrices_dir();
  if (shared.empty()) WARN("../shared/matrices not found: sherman2 and ex6 skipped");
  for (const char* name : {"fem/sherman2", "fem/ex6"}) {
    if (!shared.empty()) paths.push_back(shared + "/" + name + ".mtx.gz");
  }
  for (const std::string& path : paths) {
    INFO(path);
    const auto a = lupine::read_matrix<double>(path);
    const std::vector<double> b = lupine_test::row_sums(a);
    const auto structural_symbolic =
        lupine::analyze(a, with_matching(lupine::Matching::structural));
    const lupine::Numeric<> structural(structural_symbolic, a,
                                       with_matching(lupine::Matching::structural));
    const auto matched_symbolic = lupine::analyze(a, with_matching(lupine::Matching::max_product));
    const lupine::Numeric<> matched(matched_symbolic, a,
                                    with_matching(lupine::Matching::max_product));
    CHECK(matched_symbolic.stats().rematched_columns > 0);
    CHECK(matched.stats().off_diagonal_pivots < structural.stats().off_diagonal_pivots);
    CHECK(matched.stats().off_diagonal_pivots + matched.stats().delayed_pivots <
          structural.stats().off_diagonal_pivots + structural.stats().delayed_pivots);
    const std::vector<double> x = matched.solve(b, lupine::Transpose::no, 2);
    CHECK(normwise_residual(a, x, b) < 1e-15);
  }
}
