// Inputs the fuzz targets (tests/fuzz, docs/fuzzing.md) found to break the library, reduced to
// the smallest case that still did, with what must happen instead.
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "lupine/solver.hpp"

using lupine::CscMatrix;
using lupine::FactorPath;

namespace {

// [4 1 0; 1 4 1; 0 1 4]
CscMatrix<double> tridiagonal() {
  lupine::TripletBuilder<double> builder(3, 3);
  for (int j = 0; j < 3; ++j) {
    for (int i = std::max(j - 1, 0); i <= std::min(j + 1, 2); ++i) {
      builder.add(i, j, i == j ? 4.0 : 1.0);
    }
  }
  return builder.build();
}

}  // namespace

TEST_CASE("refactor after a failed factor pivots afresh instead of reusing a partial sequence",
          "[numeric][refactor][errors][fuzz]") {
  // fuzz_capi: lupine_factor, lupine_numeric_factor of singular values, lupine_refactor. The
  // failed factorization had pivoted column 0 only; the refactor reused the rows of columns 1
  // and 2, which had no pivot (-1), and wrote before its work array.
  for (const FactorPath path : {FactorPath::column, FactorPath::supernodal, FactorPath::dense}) {
    INFO("path " << lupine::to_string(path));
    const CscMatrix<double> a = tridiagonal();
    lupine::Options options;
    options.path = path;
    options.btf = false;
    options.ordering = lupine::Ordering::natural;
    options.scaling = lupine::Scaling::none;
    const lupine::Symbolic<> symbolic = lupine::analyze(a, options);
    lupine::Numeric<> numeric(symbolic, a, options);
    // Column 1 equals column 0 on rows 0 and 1 and a_21 = 0: no pivot left in column 1.
    const std::vector<double> singular = {1, 1, 1, 1, 0, 1, 1};
    CHECK_THROWS_AS(numeric.factor(singular.data()), lupine::Error);
    CHECK(numeric.refactor(a.values().data()) == lupine::RefactorStatus::repivoted);
    const std::vector<double> x = numeric.solve(std::vector<double>{5, 6, 5});
    for (const double xi : x) CHECK(xi == Approx(1.0).epsilon(1e-14));
  }
}

TEST_CASE("a 0 x 0 matrix factors on every path and has determinant 1 = 0.5 * 2^1",
          "[numeric][determinant][fuzz]") {
  // fuzz_pipeline: the dense path called dgetrf with leading dimension 0, which LAPACK
  // rejects (xerbla prints "parameter number 4 had an illegal value"), and the determinant's
  // mantissa was 1, outside the documented [0.5, 1).
  const CscMatrix<double> empty(0, 0);
  for (const FactorPath path :
       {FactorPath::automatic, FactorPath::column, FactorPath::supernodal, FactorPath::dense}) {
    INFO("path " << lupine::to_string(path));
    lupine::Options options;
    options.path = path;
    const lupine::Symbolic<> symbolic = lupine::analyze(empty, options);
    const lupine::Numeric<> numeric(symbolic, empty, options);
    const lupine::Determinant det = numeric.determinant();
    CHECK(det.sign == 1);
    CHECK(det.log_abs == 0);
    CHECK(det.mantissa == 0.5);
    CHECK(det.exponent == 1);
    CHECK(numeric.solve(std::vector<double>{}).empty());
  }
}

TEST_CASE("a supernodal contribution block grown by delayed pivots fits its subtree stack",
          "[numeric][supernodal][fuzz]") {
  // fuzz_pipeline: the re-pivoting factorization of a refactor whose values are all zero but
  // one delays columns; the contribution block, larger than the front's trailing columns,
  // was copied past the end of the subtree's stack (heap-buffer-overflow).
  const int entries[][2] = {{0, 0}, {7, 0}, {1, 1}, {2, 1}, {3, 1}, {1, 2}, {2, 2}, {3, 2},
                            {3, 3}, {2, 4}, {4, 4}, {5, 5}, {6, 6}, {2, 7}, {7, 7}};
  const double values[] = {6.75, 4.5, 22.75, 2.25, 2.25, 2.25, -1.5, 1,
                           7.5,  2.5, -1.5,  -1.5, -1.5, -5,   -1.5};
  lupine::TripletBuilder<double> builder(8, 8);
  for (int k = 0; k < 15; ++k) builder.add(entries[k][0], entries[k][1], values[k]);
  const CscMatrix<double> a = builder.build();
  lupine::Options options;
  options.ordering = lupine::Ordering::colamd;
  options.btf = false;
  options.path = FactorPath::supernodal;
  options.pivot_threshold = 1;
  options.perturb_singular_pivots = true;
  options.pivot_perturbation = 1e-3;
  options.threads = 2;
  const lupine::Symbolic<> symbolic = lupine::analyze(a, options);
  lupine::Numeric<> numeric(symbolic, a, options);
  std::vector<double> zero_but_one(15, 0.0);
  zero_but_one[0] = 27.10546875;
  lupine::RefactorOptions call;
  call.refactor_threshold = 0.5;
  call.refactor_growth_limit = 0.5;
  call.pivot_threshold = 0.5;
  CHECK(numeric.refactor(zero_but_one.data(), call) == lupine::RefactorStatus::repivoted);
  CHECK(numeric.stats().delayed_pivots > 0);
  CHECK(numeric.stats().perturbed_pivots == 7);
}
