// refactor() keeps the row scaling of the last pivoting factorization (Options::
// rescale_on_refactor = false): the same solutions, bit for bit, as recomputing it; the
// scaling recomputed when the new values would come near underflow or overflow under it; and
// a guard that still catches a reused pivot that the new values destroy.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "support/test_matrices.hpp"

using lupine::CscMatrix;
using lupine::RefactorStatus;

namespace {

using Complex = std::complex<double>;

CscMatrix<double> small_circuit(std::uint64_t seed) {
  lupine::generate::RandomCircuitOptions options;
  options.nodes = 150;
  options.voltage_sources = 6;
  options.inductors = 4;
  options.seed = seed;
  return lupine::generate::random_circuit(options);
}

// New values of a's pattern: every value moved by up to 5%, and a third of the rows multiplied
// by 2^e with e in [-largest_exponent, largest_exponent], so that the scaling of the new
// values differs from the old one by powers of two in those rows.
template <class Scalar>
std::vector<Scalar> rescaled_rows(const CscMatrix<Scalar>& a, std::uint64_t seed,
                                  int largest_exponent) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-largest_exponent, largest_exponent);
  std::vector<double> row_factor(static_cast<std::size_t>(a.rows()), 1.0);
  for (double& factor : row_factor) {
    if (random() % 3 == 0) factor = std::ldexp(1.0, exponent(random));
  }
  std::vector<Scalar> values = a.values();
  for (std::size_t p = 0; p < values.size(); ++p) {
    values[p] *=
        (1 + 0.05 * unit(random)) *
        row_factor[static_cast<std::size_t>(a.row_indices()[static_cast<std::ptrdiff_t>(p)])];
  }
  return values;
}

template <class Scalar>
bool same_bits(const std::vector<Scalar>& x, const std::vector<Scalar>& y) {
  return x.size() == y.size() &&
         (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(Scalar)) == 0);
}

// Refactors `a` (factored first) with `values` under `options` with rescale_on_refactor as
// given, and returns the refined solution of A x = 1 and Aᵀ x = 1.
template <class Scalar>
struct RefactorRun {
  RefactorStatus status;
  std::vector<double> row_scale;  // the factors' R after the refactorization
  std::vector<Scalar> x, xt;
  double backward_error;
};

template <class Scalar>
RefactorRun<Scalar> refactor_run(const CscMatrix<Scalar>& a, const std::vector<Scalar>& values,
                                 lupine::Options options, bool rescale) {
  options.rescale_on_refactor = rescale;
  lupine::Numeric<Scalar> numeric(lupine::analyze(a, options), a, options);
  RefactorRun<Scalar> run;
  run.status = numeric.refactor(values.data());
  run.row_scale = numeric.factors().row_scale;
  const std::vector<Scalar> rhs(static_cast<std::size_t>(a.rows()), Scalar(1));
  lupine::SolveReport report;
  run.x = numeric.solve(rhs, lupine::Transpose::no, 2, &report);
  run.backward_error = report.backward_error;
  run.xt = numeric.solve(rhs, lupine::Transpose::yes, 2);
  return run;
}

struct Case {
  std::string name;
  CscMatrix<double> matrix;
  lupine::FactorPath path;
};

std::vector<Case> reuse_cases() {
  return {{"circuit, column path", small_circuit(11), lupine::FactorPath::column},
          {"circuit, automatic", small_circuit(12), lupine::FactorPath::automatic},
          {"3D grid, supernodal", lupine::generate::laplacian_3d(9, 9, 9),
           lupine::FactorPath::supernodal},
          {"two blocks", lupine_test::two_block_matrix(30), lupine::FactorPath::automatic},
          {"supply rails, dense tail", lupine_test::supplied_circuit(1500, 40, 1e-3, 3),
           lupine::FactorPath::column}};
}

}  // namespace

TEST_CASE("refactor on the kept row scaling gives the bits of a rescaling one",
          "[numeric][refactor][scaling]") {
  for (const Case& test : reuse_cases()) {
    for (const auto scaling : {lupine::Scaling::max, lupine::Scaling::sum, lupine::Scaling::none}) {
      for (const int threads : {1, 2}) {
        INFO(test.name << ", scaling " << static_cast<int>(scaling) << ", threads " << threads);
        lupine::Options options;
        options.path = test.path;
        options.scaling = scaling;
        options.threads = threads;
        // Rows within 2^8 of their old size: the guard passes on the kept scaling.
        const std::vector<double> values = rescaled_rows(test.matrix, 5, 8);
        const auto kept = refactor_run(test.matrix, values, options, false);
        const auto rescaled = refactor_run(test.matrix, values, options, true);
        REQUIRE(kept.status == RefactorStatus::reused_pivots);
        REQUIRE(rescaled.status == RefactorStatus::reused_pivots);
        CHECK(kept.backward_error < 1e-14);
        CHECK(same_bits(kept.x, rescaled.x));
        CHECK(same_bits(kept.xt, rescaled.xt));
        // The kept scaling is that of the first factorization; the other one moved.
        lupine::Numeric<> first(lupine::analyze(test.matrix, options), test.matrix, options);
        CHECK(kept.row_scale == first.factors().row_scale);
        if (scaling == lupine::Scaling::none) {
          CHECK(rescaled.row_scale == kept.row_scale);
        } else {
          CHECK(rescaled.row_scale != kept.row_scale);
        }
      }
    }
  }
}

TEST_CASE("complex refactor on the kept row scaling gives the bits of a rescaling one",
          "[numeric][refactor][scaling][complex]") {
  const CscMatrix<double> real = small_circuit(21);
  std::vector<Complex> values(real.values().size());
  for (std::size_t p = 0; p < values.size(); ++p) {
    values[p] = real.values()[p] * Complex(1.0, 0.3 * std::sin(static_cast<double>(p)));
  }
  const CscMatrix<Complex> a(real.rows(), real.cols(), real.col_ptr(), real.row_indices(),
                             std::move(values));
  const std::vector<Complex> after = rescaled_rows(a, 9, 8);
  lupine::Options options;
  const auto kept = refactor_run(a, after, options, false);
  const auto rescaled = refactor_run(a, after, options, true);
  REQUIRE(kept.status == RefactorStatus::reused_pivots);
  REQUIRE(rescaled.status == RefactorStatus::reused_pivots);
  CHECK(kept.backward_error < 1e-14);
  CHECK(same_bits(kept.x, rescaled.x));
  CHECK(same_bits(kept.xt, rescaled.xt));
  CHECK(rescaled.row_scale != kept.row_scale);
}

TEST_CASE("rows that moved by orders of magnitude are judged again on their own scaling",
          "[numeric][refactor][scaling]") {
  // Rows multiplied by up to 2^±30: on the kept scaling their entries make reused pivots
  // look 2^-30 smaller than they are, and the guard rejects; on the new values' scaling it
  // passes, and refactor keeps the pivots with that scaling, as a rescaling refactor does.
  for (const Case& test : reuse_cases()) {
    INFO(test.name);
    lupine::Options options;
    options.path = test.path;
    const std::vector<double> values = rescaled_rows(test.matrix, 7, 30);
    const auto kept = refactor_run(test.matrix, values, options, false);
    const auto rescaled = refactor_run(test.matrix, values, options, true);
    REQUIRE(rescaled.status == RefactorStatus::reused_pivots);
    CHECK(kept.status == RefactorStatus::reused_pivots);
    CHECK(kept.row_scale == rescaled.row_scale);
    CHECK(same_bits(kept.x, rescaled.x));
    CHECK(same_bits(kept.xt, rescaled.xt));
    CHECK(kept.backward_error < 1e-14);
  }
}

TEST_CASE("refactor recomputes the row scaling when the kept one would near underflow or overflow",
          "[numeric][refactor][scaling]") {
  const CscMatrix<double> a = small_circuit(31);
  lupine::Options options;
  const lupine::Symbolic<> symbolic = lupine::analyze(a, options);
  lupine::Numeric<> numeric(symbolic, a, options);
  const std::vector<double> original_scale = numeric.factors().row_scale;
  const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
  const int row = a.rows() / 3;
  // 2^-8 and 2^8 are far inside the range: the scaling stays. 2^-1000 and 2^1000 put the
  // row's values, under the kept multipliers (about 1), within 2^60 of the ends of the
  // normal range: the scaling follows the values, and the answer stays accurate.
  for (const int exponent : {-8, 8, -1000, 1000}) {
    INFO("row multiplied by 2^" << exponent);
    std::vector<double> values = a.values();
    for (std::size_t p = 0; p < values.size(); ++p) {
      if (a.row_indices()[static_cast<std::ptrdiff_t>(p)] == row)
        values[p] = std::ldexp(values[p], exponent);
    }
    numeric.factor(a);  // back to the original scaling
    numeric.refactor(values.data());
    const std::vector<double> scale = numeric.factors().row_scale;
    const bool far = std::abs(exponent) > 100;
    CHECK((scale == original_scale) == !far);
    if (far) {
      CHECK(scale[static_cast<std::size_t>(row)] ==
            std::ldexp(original_scale[static_cast<std::size_t>(row)], -exponent));
    }
    // A x = 1 for the new values: rows other than `row` are unchanged, so is x.
    lupine::SolveReport report;
    const auto x = numeric.solve(rhs, lupine::Transpose::no, 2, &report);
    CHECK(report.backward_error < 1e-14);
    REQUIRE(std::isfinite(x[0]));
  }
}

TEST_CASE("the guard on the kept row scaling catches a reused pivot the new values destroy",
          "[numeric][refactor][scaling]") {
  for (const bool rescale : {false, true}) {
    for (const auto path : {lupine::FactorPath::column, lupine::FactorPath::supernodal}) {
      INFO("rescale_on_refactor " << rescale << ", path " << static_cast<int>(path));
      const CscMatrix<double> a = lupine::generate::laplacian_2d(24, 24);
      lupine::Options options;
      options.path = path;
      options.rescale_on_refactor = rescale;
      lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
      const auto factors = numeric.factors();
      // Subtract from A's entry at the reused pivot k its pivot, unscaled: the reused pivot of
      // the new values is a rounding error, under any scaling of the rows.
      const std::size_t k = static_cast<std::size_t>(a.rows() / 2);
      const int row = factors.row_perm[k];
      const int slot = a.find(row, factors.col_perm[k]);
      const int u_slot = factors.U.find(static_cast<int>(k), static_cast<int>(k));
      REQUIRE(slot >= 0);
      REQUIRE(u_slot >= 0);
      std::vector<double> values = a.values();
      values[static_cast<std::size_t>(slot)] -=
          factors.U.values()[static_cast<std::size_t>(u_slot)] /
          factors.row_scale[static_cast<std::size_t>(row)];
      CHECK(numeric.refactor(values.data()) == RefactorStatus::repivoted);
      CHECK(numeric.stats().refactor_fallbacks == 1);
      const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
      lupine::SolveReport report;
      numeric.solve(rhs, lupine::Transpose::no, 2, &report);
      CHECK(report.backward_error < 1e-14);
    }
  }
}
