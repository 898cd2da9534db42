// Property tests on generated matrices: every option combination solves accurately, and the
// exported factors reproduce P R A Q.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "support/dense_reference.hpp"
#include "support/index_width.hpp"

using lupine::CscMatrix;
using lupine::Options;

namespace {

std::vector<double> ones_rhs(const CscMatrix<double>& a) {
  return lupine::multiply(a, std::vector<double>(static_cast<std::size_t>(a.cols()), 1.0));
}

// max |P R A Q - L U| / max |R A|
double factor_residual(const CscMatrix<double>& a, const lupine::Factors<double, int>& f) {
  const auto dense_a = lupine_test::to_dense(a);
  const auto L = lupine_test::to_dense(f.L);
  const auto U = lupine_test::to_dense(f.U);
  const std::size_t n = dense_a.size();
  double largest = 0;
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t row = static_cast<std::size_t>(f.row_perm[i]);
      const double pra = f.row_scale[row] * dense_a[row][static_cast<std::size_t>(f.col_perm[j])];
      double lu = 0;
      for (std::size_t k = 0; k < n; ++k) lu += L[i][k] * U[k][j];
      largest = std::max(largest, std::abs(pra));
      worst = std::max(worst, std::abs(pra - lu));
    }
  }
  return worst / largest;
}

std::vector<CscMatrix<double>> test_matrices() {
  std::vector<CscMatrix<double>> matrices;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    lupine::generate::RandomSparseOptions random;
    random.n = 60;
    random.entries_per_column = 4;
    random.seed = seed;
    random.permute_rows = seed % 2 == 1;
    matrices.push_back(lupine::generate::random_sparse(random));
    lupine::generate::RandomCircuitOptions circuit;
    circuit.nodes = 50;
    circuit.voltage_sources = 5;
    circuit.inductors = 3;
    circuit.seed = seed;
    matrices.push_back(lupine::generate::random_circuit(circuit));
  }
  matrices.push_back(lupine::generate::convection_diffusion_2d(8, 7, 50.0, 3));
  matrices.push_back(lupine::generate::laplacian_3d(4, 4, 3));
  return matrices;
}

}  // namespace

TEST_CASE("every option combination solves generated matrices", "[numeric][property]") {
  const auto matrices = test_matrices();
  const lupine::Ordering orderings[] = {lupine::Ordering::automatic, lupine::Ordering::amd,
                                        lupine::Ordering::colamd, lupine::Ordering::natural};
  const lupine::Scaling scalings[] = {lupine::Scaling::none, lupine::Scaling::max,
                                      lupine::Scaling::sum};
  const lupine::FactorPath paths[] = {lupine::FactorPath::automatic, lupine::FactorPath::column,
                                      lupine::FactorPath::dense};
  for (std::size_t m = 0; m < matrices.size(); ++m) {
    const auto& a = matrices[m];
    const auto b = ones_rhs(a);
    for (const auto ordering : orderings) {
      for (const bool btf : {false, true}) {
        for (const auto scaling : scalings) {
          for (const auto path : paths) {
            for (const double threshold : {0.001, 0.1, 1.0}) {
              Options options;
              options.ordering = ordering;
              options.btf = btf;
              options.scaling = scaling;
              options.path = path;
              options.pivot_threshold = threshold;
              INFO("matrix " << m << " ordering " << lupine::to_string(ordering) << " btf " << btf
                             << " scaling " << lupine::to_string(scaling) << " path "
                             << lupine::to_string(path) << " tau " << threshold);
              const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
              lupine::SolveReport report;
              const auto x = numeric.solve(b, lupine::Transpose::no, 2, &report);
              CHECK(report.backward_error <= 1e-13);
              const auto xt = numeric.solve(b, lupine::Transpose::yes, 2, &report);
              CHECK(report.backward_error <= 1e-13);
              if (threshold == 0.1) CHECK(factor_residual(a, numeric.factors()) < 1e-13);
            }
          }
        }
      }
    }
  }
}

TEST_CASE("a solve into another array leaves B alone and gives the in-place solve's bits",
          "[numeric][property]") {
  const int nrhs = 5;
  for (const lupine::FactorPath path :
       {lupine::FactorPath::column, lupine::FactorPath::dense, lupine::FactorPath::supernodal}) {
    for (const CscMatrix<double>& a : test_matrices()) {
      Options options;
      options.path = path;
      const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
      const int n = a.rows();
      const int ld = n + 3;
      std::vector<double> B(static_cast<std::size_t>(ld) * nrhs);
      for (std::size_t i = 0; i < B.size(); ++i) B[i] = std::sin(0.7 * static_cast<double>(i));
      const std::vector<double> original = B;
      // A workspace for all right-hand sides at once, and the smallest (one at a time).
      for (const int sized_for : {nrhs, 1}) {
        auto workspace = numeric.make_workspace(sized_for);
        for (const lupine::Transpose op : {lupine::Transpose::no, lupine::Transpose::yes}) {
          INFO("path " << static_cast<int>(path) << ", n " << n << ", workspace for " << sized_for
                       << ", transpose " << static_cast<int>(op));
          std::vector<double> X(B.size(), -7.0);
          numeric.solve(B.data(), X.data(), nrhs, ld, op, 0, workspace);
          CHECK(B == original);
          std::vector<double> in_place = B;
          numeric.solve_in_place(in_place.data(), nrhs, ld, op, workspace);
          for (int r = 0; r < nrhs; ++r) {
            for (int i = 0; i < n; ++i) {
              const std::size_t at = static_cast<std::size_t>(r) * ld + i;
              CHECK(X[at] == in_place[at]);
            }
            for (int i = n; i < ld; ++i) {  // rows past n belong to the caller
              CHECK(X[static_cast<std::size_t>(r) * ld + i] == -7.0);
            }
          }
          CHECK(numeric.backward_error(B.data(), X.data(), nrhs, ld, op) <= 1e-13);
        }
      }
    }
  }
}

TEST_CASE("determinant matches dense elimination", "[numeric][property]") {
  for (const auto& a : test_matrices()) {
    const lupine::Numeric<> numeric(lupine::analyze(a), a);
    double sign = 0;
    double log_abs = 0;
    lupine_test::dense_log_determinant(lupine_test::to_dense(a), sign, log_abs);
    const auto det = numeric.determinant();
    CHECK(det.sign == sign);
    CHECK(det.log_abs == Approx(log_abs).epsilon(1e-10));
  }
}

TEST_CASE("64-bit indices give the bits of 32-bit ones on every path, ordering and thread count",
          "[numeric][property][index][threads]") {
  const auto matrices = test_matrices();
  const lupine::Ordering orderings[] = {lupine::Ordering::automatic, lupine::Ordering::amd,
                                        lupine::Ordering::colamd,
                                        lupine::Ordering::nested_dissection};
  const lupine::FactorPath paths[] = {lupine::FactorPath::automatic, lupine::FactorPath::column,
                                      lupine::FactorPath::dense, lupine::FactorPath::supernodal};
  for (std::size_t m = 0; m < matrices.size(); ++m) {
    const auto& a = matrices[m];
    const std::vector<double> after = lupine_test::nearby_values(a, 0.05);
    lupine_test::PipelineParts parts;
    parts.values_after = &after;
    for (const auto ordering : orderings) {
      for (const bool btf : {false, true}) {
        for (const auto path : paths) {
          for (const int threads : {1, 2}) {
            Options options;
            options.ordering = ordering;
            options.btf = btf;
            options.path = path;
            options.threads = threads;
            INFO("matrix " << m << " ordering " << lupine::to_string(ordering) << " btf " << btf
                           << " path " << lupine::to_string(path) << " threads " << threads);
            lupine_test::check_same_bits(
                lupine_test::run_pipeline<std::int32_t>(a, options, parts),
                lupine_test::run_pipeline<std::int64_t>(a, options, parts));
          }
        }
      }
    }
  }
}
