// Complex scalars through the public API: every path solves A, Aᵀ and Aᴴ to a componentwise
// backward error of 1e-12, against a dense reference entry by entry on small matrices; the
// determinant's complex sign, the condition estimate, the exported factors, refactorization,
// a real analysis reused for a complex factorization, bitwise determinism over thread counts,
// and the real matrices (complex ones and complex-shifted real ones).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "support/dense_reference.hpp"
#include "support/test_matrices.hpp"

using lupine::CscMatrix;
using lupine::FactorPath;
using lupine::Options;
using lupine::Transpose;
using Complex = std::complex<double>;

namespace {

// A deterministic value in [-1, 1] from an entry's position (so shifted matrices are the
// same on every run and in every test).
double hashed_unit(std::uint64_t row, std::uint64_t col, std::uint64_t salt) {
  std::uint64_t h = row * 0x9E3779B97F4A7C15ULL ^ (col + salt) * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return static_cast<double>(h >> 11) / static_cast<double>(1ULL << 52) - 1.0;
}

// A + iωC with C_ij = s_ij |a_ij| on A's pattern (s_ij in [-1, 1] from the entry's position):
// the pattern of A, a shift as large as A itself when ω = 1, and it changes the pivots. This
// is the shape of a simulator's AC matrix G + iωC, conductances plus capacitances on the same
// pattern.
CscMatrix<Complex> shifted(const CscMatrix<double>& a, double omega, std::uint64_t salt = 1) {
  std::vector<Complex> values(a.values().size());
  for (int j = 0; j < a.cols(); ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const double value = a.values()[static_cast<std::size_t>(p)];
      const double c = hashed_unit(static_cast<std::uint64_t>(a.row_indices()[p]),
                                   static_cast<std::uint64_t>(j), salt) *
                       std::abs(value);
      values[static_cast<std::size_t>(p)] = Complex(value, omega * c);
    }
  }
  return CscMatrix<Complex>(a.rows(), a.cols(), a.col_ptr(), a.row_indices(), std::move(values));
}

// The same matrix with 64-bit indices.
CscMatrix<Complex, std::int64_t> widened(const CscMatrix<Complex>& a) {
  return CscMatrix<Complex, std::int64_t>(
      a.rows(), a.cols(), std::vector<std::int64_t>(a.col_ptr().begin(), a.col_ptr().end()),
      std::vector<std::int64_t>(a.row_indices().begin(), a.row_indices().end()), a.values());
}

// op(A) x with op = A, Aᵀ or Aᴴ, written out here rather than through lupine::multiply so
// that the check does not share code with what it checks.
std::vector<Complex> apply(const CscMatrix<Complex>& a, const std::vector<Complex>& x,
                           Transpose transpose) {
  std::vector<Complex> y(static_cast<std::size_t>(a.rows()), Complex{0});
  for (int j = 0; j < a.cols(); ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const auto i = static_cast<std::size_t>(a.row_indices()[p]);
      const auto column = static_cast<std::size_t>(j);
      const Complex value = a.values()[static_cast<std::size_t>(p)];
      if (transpose == Transpose::no) {
        y[i] += value * x[column];
      } else {
        y[column] += (transpose == Transpose::conjugate ? std::conj(value) : value) * x[i];
      }
    }
  }
  return y;
}

// max_i |b - op(A) x|_i / (|op(A)| |x| + |b|)_i.
double backward_error(const CscMatrix<Complex>& a, const std::vector<Complex>& x,
                      const std::vector<Complex>& b, Transpose transpose) {
  const std::vector<Complex> ax = apply(a, x, transpose);
  std::vector<double> size(b.size(), 0.0);
  for (int j = 0; j < a.cols(); ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const auto i = static_cast<std::size_t>(a.row_indices()[p]);
      const auto column = static_cast<std::size_t>(j);
      const double value = std::abs(a.values()[static_cast<std::size_t>(p)]);
      if (transpose == Transpose::no) {
        size[i] += value * std::abs(x[column]);
      } else {
        size[column] += value * std::abs(x[i]);
      }
    }
  }
  double error = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const double top = std::abs(b[i] - ax[i]);
    if (top == 0) continue;
    error = std::max(error, top / (size[i] + std::abs(b[i])));
  }
  return error;
}

// A right-hand side with real and imaginary parts that vary from row to row.
std::vector<Complex> wave(int n) {
  std::vector<Complex> b(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    b[static_cast<std::size_t>(i)] =
        Complex(std::sin(0.37 * i + 1.0), 1.0 + (i % 5) - 0.5 * (i % 3));
  }
  return b;
}

Options options_for(FactorPath path, double tau = 0.1) {
  Options options;
  options.path = path;
  options.pivot_threshold = tau;
  return options;
}

struct Named {
  std::string name;
  CscMatrix<Complex> matrix;
};

// Generated matrices that reach every path: a 2D grid (supernodal with automatic), a random
// circuit with BTF blocks (column), an unsymmetric random matrix with its rows permuted
// (needs pivoting), and a strongly shifted convection-diffusion operator.
std::vector<Named> generated_matrices() {
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 160;
  circuit.voltage_sources = 6;
  circuit.inductors = 4;
  circuit.seed = 3;
  lupine::generate::RandomSparseOptions random;
  random.n = 140;
  random.entries_per_column = 4;
  random.permute_rows = true;
  random.seed = 5;
  return {{"2D Laplacian 18x17, ω = 1", shifted(lupine::generate::laplacian_2d(18, 17), 1.0)},
          {"random circuit, ω = 0.3", shifted(lupine::generate::random_circuit(circuit), 0.3)},
          {"random sparse, rows permuted, ω = 2",
           shifted(lupine::generate::random_sparse(random), 2.0)},
          {"convection-diffusion 12x12, ω = 5",
           shifted(lupine::generate::convection_diffusion_2d(12, 12, 20.0, 2), 5.0)}};
}

}  // namespace

TEST_CASE("complex: every path solves A, Aᵀ and Aᴴ to backward error 1e-12", "[numeric][complex]") {
  for (const Named& named : generated_matrices()) {
    const CscMatrix<Complex>& a = named.matrix;
    const std::vector<Complex> b = wave(a.rows());
    for (const FactorPath path :
         {FactorPath::automatic, FactorPath::column, FactorPath::supernodal, FactorPath::dense}) {
      for (const double tau : {0.1, 1.0}) {
        INFO(named.name << ", path " << lupine::to_string(path) << ", tau " << tau);
        const Options options = options_for(path, tau);
        const lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
        for (const Transpose op : {Transpose::no, Transpose::yes, Transpose::conjugate}) {
          INFO("op " << static_cast<int>(op));
          lupine::SolveReport report;
          const std::vector<Complex> x = numeric.solve(b, op, 2, &report);
          CHECK(report.backward_error <= 1e-12);
          CHECK(backward_error(a, x, b, op) <= 1e-12);
          // The library's own measure agrees with the independent one.
          CHECK(numeric.backward_error(b.data(), x.data(), 1, a.rows(), op) ==
                Approx(backward_error(a, x, b, op)).margin(1e-15));
        }
      }
    }
  }
}

TEST_CASE("complex: solutions and determinant match dense elimination entry by entry",
          "[numeric][complex]") {
  lupine::generate::RandomSparseOptions random;
  random.n = 40;
  random.entries_per_column = 5;
  random.permute_rows = true;
  random.seed = 11;
  const CscMatrix<Complex> a = shifted(lupine::generate::random_sparse(random), 1.5);
  const auto dense = lupine_test::to_dense(a);
  Complex sign{0};
  double log_abs = 0;
  lupine_test::dense_log_determinant(dense, sign, log_abs);
  const std::vector<Complex> b = wave(a.rows());
  for (const FactorPath path : {FactorPath::column, FactorPath::supernodal, FactorPath::dense}) {
    INFO("path " << lupine::to_string(path));
    const Options options = options_for(path, 1.0);
    const lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
    const lupine::ComplexDeterminant det = numeric.determinant();
    CHECK(std::abs(det.sign) == Approx(1.0).epsilon(1e-14));
    CHECK(std::abs(det.sign - sign) <= 1e-10);
    CHECK(det.log_abs == Approx(log_abs).epsilon(1e-10));
    // mantissa * 2^exponent is the same number as sign * exp(log_abs).
    CHECK(std::abs(det.mantissa) >= 0.5);
    CHECK(std::abs(det.mantissa) < 1.0);
    CHECK(std::abs(det.mantissa / std::abs(det.mantissa) - det.sign) <= 1e-14);
    CHECK(std::log(std::abs(det.mantissa)) + static_cast<double>(det.exponent) * std::log(2.0) ==
          Approx(det.log_abs).epsilon(1e-12));
    // x from A x = b by the dense reference's inverse, entry by entry.
    for (const Transpose op : {Transpose::no, Transpose::conjugate}) {
      const std::vector<Complex> x = numeric.solve(b, op, 2);
      const std::vector<Complex> residual = apply(a, x, op);
      for (std::size_t i = 0; i < b.size(); ++i) {
        INFO("row " << i);
        CHECK(std::abs(residual[i] - b[i]) <= 1e-12 * (1 + std::abs(b[i])));
      }
    }
  }
}

TEST_CASE("complex: the determinant of a matrix built to have det = i", "[numeric][complex]") {
  // [[i, 0], [0, 1]] then swapped rows: det [[0, 1], [i, 0]] = -i.
  lupine::TripletBuilder<Complex> builder(2, 2);
  builder.add(1, 0, Complex(0, 1));
  builder.add(0, 1, Complex(1, 0));
  const CscMatrix<Complex> a = builder.build();
  for (const FactorPath path : {FactorPath::column, FactorPath::dense}) {
    const Options options = options_for(path);
    const lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
    const lupine::ComplexDeterminant det = numeric.determinant();
    CHECK(std::abs(det.sign - Complex(0, -1)) <= 1e-15);
    CHECK(det.log_abs == Approx(0.0).margin(1e-15));
    CHECK(std::abs(det.mantissa - Complex(0, -0.5)) <= 1e-15);
    CHECK(det.exponent == 1);
  }
}

TEST_CASE("complex: the condition estimate is a lower bound near the exact κ₁",
          "[numeric][complex]") {
  for (const Named& named : generated_matrices()) {
    INFO(named.name);
    const CscMatrix<Complex>& a = named.matrix;
    const lupine_test::DenseCondition exact = lupine_test::dense_condition(a);
    for (const FactorPath path : {FactorPath::column, FactorPath::supernodal}) {
      INFO("path " << lupine::to_string(path));
      const Options options = options_for(path);
      const lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
      const lupine::ConditionEstimate estimate = numeric.condition_estimate();
      CHECK(estimate.norm1 == Approx(exact.norm1).epsilon(1e-13));
      CHECK(estimate.inverse_norm1 <= exact.inverse_norm1 * (1 + 1e-10));
      CHECK(estimate.inverse_norm1 >= exact.inverse_norm1 / 3);
      CHECK(estimate.solves <= 11);
    }
  }
}

TEST_CASE("complex: exported factors reproduce P R A Q = L U", "[numeric][complex]") {
  for (const Named& named : generated_matrices()) {
    for (const FactorPath path : {FactorPath::column, FactorPath::supernodal, FactorPath::dense}) {
      INFO(named.name << ", path " << lupine::to_string(path));
      const CscMatrix<Complex>& a = named.matrix;
      const Options options = options_for(path);
      const lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
      const lupine::Factors<Complex, int> factors = numeric.factors();
      const auto L = lupine_test::to_dense(factors.L);
      const auto U = lupine_test::to_dense(factors.U);
      const auto A = lupine_test::to_dense(a);
      const std::size_t n = A.size();
      double error = 0;
      double size = 0;
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          Complex product{0};
          for (std::size_t k = 0; k < n; ++k) product += L[i][k] * U[k][j];
          const auto row = static_cast<std::size_t>(factors.row_perm[i]);
          const auto column = static_cast<std::size_t>(factors.col_perm[j]);
          const Complex expected = factors.row_scale[row] * A[row][column];
          error = std::max(error, std::abs(product - expected));
          size = std::max(size, std::abs(expected));
        }
      }
      CHECK(error <= 1e-13 * size);
    }
  }
}

TEST_CASE("complex: a real analysis serves a complex factorization of the same pattern",
          "[numeric][complex]") {
  // A simulator analyzes the DC matrix once and runs the AC sweep on the same analysis.
  const CscMatrix<double> real = lupine::generate::laplacian_2d(16, 15);
  const lupine::Symbolic<> symbolic = lupine::analyze(real);
  lupine::Numeric<> dc(symbolic, real);
  const std::vector<double> ones(static_cast<std::size_t>(real.rows()), 1.0);
  lupine::SolveReport report;
  dc.solve(lupine::multiply(real, ones), Transpose::no, 2, &report);
  CHECK(report.backward_error <= 1e-12);
  for (const double omega : {0.01, 1.0, 100.0}) {
    INFO("ω " << omega);
    const CscMatrix<Complex> ac = shifted(real, omega);
    const lupine::Numeric<Complex> numeric(symbolic, ac);
    const std::vector<Complex> b = wave(ac.rows());
    const std::vector<Complex> x = numeric.solve(b, Transpose::no, 2, &report);
    CHECK(report.backward_error <= 1e-12);
    CHECK(backward_error(ac, x, b, Transpose::no) <= 1e-12);
  }
}

TEST_CASE("complex: refactor reuses the pivots of nearby values and re-pivots when it must",
          "[numeric][complex]") {
  for (const Named& named : generated_matrices()) {
    for (const FactorPath path : {FactorPath::column, FactorPath::supernodal}) {
      INFO(named.name << ", path " << lupine::to_string(path));
      const CscMatrix<Complex>& a = named.matrix;
      const Options options = options_for(path);
      lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
      // A frequency step: the same pattern, the imaginary parts 10% larger.
      CscMatrix<Complex> next = a;
      for (Complex& value : next.values()) value = Complex(value.real(), 1.1 * value.imag());
      CHECK(numeric.refactor(next) == lupine::RefactorStatus::reused_pivots);
      const std::vector<Complex> b = wave(a.rows());
      lupine::SolveReport report;
      std::vector<Complex> x = numeric.solve(b, Transpose::conjugate, 2, &report);
      CHECK(report.backward_error <= 1e-12);
      CHECK(backward_error(next, x, b, Transpose::conjugate) <= 1e-12);
      // Every reused pivot made zero: the guard must refuse them and pivot afresh.
      lupine::RefactorOptions force;
      force.force_repivot = true;
      CHECK(numeric.refactor(next.values().data(), force) == lupine::RefactorStatus::repivoted);
      x = numeric.solve(b, Transpose::no, 2, &report);
      CHECK(report.backward_error <= 1e-12);
    }
  }
}

TEST_CASE("complex supernodal factors and solutions are the same bits at 1 and 2 threads",
          "[numeric][complex][threads]") {
  const CscMatrix<Complex> a = shifted(lupine::generate::laplacian_3d(12, 12, 12), 1.0);
  const std::vector<Complex> b = wave(a.rows());
  std::vector<Complex> reference;
  std::vector<Complex> reference_values;
  for (const int threads : {1, 2, 2}) {
    INFO("threads " << threads);
    Options options = options_for(FactorPath::supernodal);
    options.ordering = lupine::Ordering::nested_dissection;
    options.threads = threads;
    const lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
    const std::vector<Complex> x = numeric.solve(b, Transpose::conjugate, 1);
    const auto factors = numeric.factors();
    if (reference.empty()) {
      reference = x;
      reference_values = factors.U.values();
      continue;
    }
    CHECK((x == reference));
    CHECK((factors.U.values() == reference_values));
  }
}

TEST_CASE("complex: bad right-hand sides and values are refused with where they are",
          "[numeric][complex][errors]") {
  const CscMatrix<Complex> a = shifted(lupine::generate::laplacian_2d(6, 6), 1.0);
  const lupine::Numeric<Complex> numeric(lupine::analyze(a), a);
  std::vector<Complex> b = wave(a.rows());
  b[7] = Complex(1.0, std::numeric_limits<double>::quiet_NaN());
  try {
    numeric.solve(b, Transpose::conjugate, 1);
    FAIL("a NaN imaginary part in b was accepted");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::non_finite_input);
    CHECK(error.row() == 7);
  }
  CscMatrix<Complex> bad = a;
  bad.values()[5] = Complex(std::numeric_limits<double>::infinity(), 0.0);
  lupine::Numeric<Complex> other(lupine::analyze(a), a);
  CHECK_THROWS_AS(other.factor(bad), lupine::Error);
}

namespace {

// Matrices whose predicted work exceeds this are skipped, as in test_real_matrices.cpp.
double flop_budget() {
  if (const char* text = std::getenv("LUPINE_TEST_MAX_FLOPS")) return std::atof(text);
  return 1e9;
}

// Complex matrices of a manifest, and its real ones shifted to A + iωC (ω = 1: the shift is
// as large as A, so pivots and fill of the factorization change), solve A, Aᵀ, Aᴴ, with 32-bit
// indices on every core and with 64-bit indices on one.
void check_complex_manifest(const std::string& folder, int& solved) {
  for (const auto& entry : lupine_test::read_manifest(folder + "/MANIFEST.tsv")) {
    const std::string path = folder + "/" + entry.file;
    INFO("matrix " << path);
    CscMatrix<Complex> a;
    if (entry.field == "complex") {
      a = lupine::read_matrix<Complex>(path);
    } else {
      bool pattern_only = false;
      CscMatrix<double> real = lupine::read_matrix<double>(path, &pattern_only);
      if (pattern_only) lupine::assign_pattern_values(real);
      a = shifted(real, 1.0);
    }
    lupine::Symbolic<> symbolic;
    try {
      symbolic = lupine::analyze(a);
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::structurally_singular);
      continue;
    }
    if (symbolic.stats().predicted_flops > flop_budget()) continue;
    try {
      lupine::Numeric<Complex> numeric(symbolic, a);
      // b = op(A) 1, consistent even where A is singular to working precision.
      const std::vector<Complex> ones(static_cast<std::size_t>(a.rows()), Complex(1.0, 0.0));
      for (const Transpose op : {Transpose::no, Transpose::yes, Transpose::conjugate}) {
        INFO("op " << static_cast<int>(op));
        lupine::SolveReport report;
        numeric.solve(apply(a, ones, op), op, 2, &report);
        CHECK(report.backward_error <= 1e-12);
      }
      CHECK(numeric.refactor(a) == lupine::RefactorStatus::reused_pivots);
      // The same with 64-bit indices and one thread (the run above used every core).
      const CscMatrix<Complex, std::int64_t> wide = widened(a);
      Options one;
      one.threads = 1;
      const lupine::Numeric<Complex, std::int64_t> broad(lupine::analyze(wide, one), wide, one);
      for (const Transpose op : {Transpose::no, Transpose::conjugate}) {
        INFO("64-bit indices, op " << static_cast<int>(op));
        lupine::SolveReport report;
        broad.solve(apply(a, ones, op), op, 2, &report);
        CHECK(report.backward_error <= 1e-12);
      }
      ++solved;
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
    }
  }
}

}  // namespace

TEST_CASE("complex: bundled and shared matrices, complex and complex-shifted, solve",
          "[numeric][complex][real]") {
  int solved = 0;
  check_complex_manifest(lupine_test::bundled_matrices_dir(), solved);
  CHECK(solved > 0);
  const std::string shared = lupine_test::shared_matrices_dir();
  if (shared.empty()) {
    WARN("../shared/matrices not found: skipping the shared complex-matrix test");
    return;
  }
  check_complex_manifest(shared, solved);
}

TEST_CASE("a refined solve in place (X = B) solves the right systems, real and complex",
          "[numeric][complex][refinement]") {
  // Refinement needs b after the first solve has overwritten it with x (it was wrong before).
  const CscMatrix<double> real = lupine::generate::convection_diffusion_2d(9, 8, 30.0, 4);
  const CscMatrix<Complex> complex = shifted(real, 2.0);
  const int n = real.rows();
  const int nrhs = 3;
  const int ld = n + 2;
  auto check = [&](const auto& a, auto unit) {
    using Scalar = decltype(unit);
    const lupine::Numeric<Scalar> numeric(lupine::analyze(a), a);
    auto workspace = numeric.make_workspace(nrhs);
    for (const Transpose op : {Transpose::no, Transpose::yes, Transpose::conjugate}) {
      std::vector<Scalar> B(static_cast<std::size_t>(ld) * nrhs, Scalar{-3.0});
      for (int c = 0; c < nrhs; ++c) {
        for (int i = 0; i < n; ++i) {
          B[static_cast<std::size_t>(c * ld + i)] = unit * (1.0 + (i * (c + 2)) % 7);
        }
      }
      std::vector<Scalar> X(B.size(), Scalar{0});
      const lupine::SolveReport apart =
          numeric.solve(B.data(), X.data(), nrhs, ld, op, 2, workspace);
      std::vector<Scalar> in_place = B;
      const lupine::SolveReport together =
          numeric.solve(in_place.data(), in_place.data(), nrhs, ld, op, 2, workspace);
      CHECK(apart.backward_error <= 1e-14);
      CHECK(together.backward_error == apart.backward_error);
      for (int c = 0; c < nrhs; ++c) {
        for (int i = 0; i < ld; ++i) {
          const auto k = static_cast<std::size_t>(c * ld + i);
          if (i < n) {
            CHECK(in_place[k] == X[k]);
          } else {
            CHECK(in_place[k] == Scalar{-3.0});  // rows past n are not touched
          }
        }
      }
    }
  };
  check(real, 1.0);
  check(complex, Complex(1.0, -0.5));
}

namespace {

// The largest |x_i - y_i| relative to the largest |y_i|.
double relative_gap(const std::vector<Complex>& x, const std::vector<Complex>& y) {
  double gap = 0;
  double size = std::numeric_limits<double>::min();
  for (std::size_t i = 0; i < x.size(); ++i) {
    gap = std::max(gap, std::abs(x[i] - y[i]));
    size = std::max(size, std::abs(y[i]));
  }
  return gap / size;
}

}  // namespace

TEST_CASE("complex: 2 threads give the bits of 1 thread, 64-bit indices the same to rounding",
          "[numeric][complex][threads][index]") {
  // Thread counts must not change a bit (the summation order is fixed by the tree). The index
  // width may change last bits: the compiler vectorizes some complex loops for one width and
  // not the other, and the two round their multiply-adds differently.
  std::vector<Named> matrices = generated_matrices();
  matrices.push_back(
      {"3D Laplacian 10^3, ω = 1", shifted(lupine::generate::laplacian_3d(10, 10, 10), 1.0)});
  for (const Named& named : matrices) {
    for (const FactorPath path : {FactorPath::column, FactorPath::supernodal, FactorPath::dense}) {
      INFO(named.name << ", path " << lupine::to_string(path));
      const CscMatrix<Complex>& a = named.matrix;
      const CscMatrix<Complex, std::int64_t> wide = widened(a);
      Options one = options_for(path);
      one.threads = 1;
      Options two = one;
      two.threads = 2;
      lupine::Numeric<Complex> serial(lupine::analyze(a, one), a, one);
      lupine::Numeric<Complex> parallel(lupine::analyze(a, two), a, two);
      lupine::Numeric<Complex, std::int64_t> broad(lupine::analyze(wide, two), wide, two);
      const std::vector<Complex> b = wave(a.rows());
      for (const Transpose op : {Transpose::no, Transpose::yes, Transpose::conjugate}) {
        INFO("op " << static_cast<int>(op));
        const std::vector<Complex> x = serial.solve(b, op, 2);
        CHECK((x == parallel.solve(b, op, 2)));
        CHECK(relative_gap(broad.solve(b, op, 2), x) <= 1e-13);
      }
      for (const auto* other : {&parallel}) {
        CHECK((serial.factors().U.values() == other->factors().U.values()));
        CHECK((serial.factors().L.values() == other->factors().L.values()));
        CHECK(serial.determinant().mantissa == other->determinant().mantissa);
      }
      CHECK(relative_gap(broad.factors().U.values(), serial.factors().U.values()) <= 1e-13);
      CHECK(relative_gap(broad.factors().L.values(), serial.factors().L.values()) <= 1e-13);
      const auto det = serial.determinant();
      const auto wide_det = broad.determinant();
      CHECK(std::abs(det.sign - wide_det.sign) <= 1e-13);
      CHECK(det.log_abs == Approx(wide_det.log_abs).epsilon(1e-13));
      CHECK(broad.condition_estimate().condition ==
            Approx(serial.condition_estimate().condition).epsilon(1e-12));
      // And after a refactorization with new values.
      CscMatrix<Complex> next = a;
      for (Complex& value : next.values()) value *= Complex(0.9, 0.2);
      CscMatrix<Complex, std::int64_t> wide_next = wide;
      wide_next.values() = next.values();
      CHECK(serial.refactor(next) == broad.refactor(wide_next));
      CHECK(parallel.refactor(next) == lupine::RefactorStatus::reused_pivots);
      const std::vector<Complex> x = serial.solve(b, Transpose::conjugate, 2);
      CHECK((x == parallel.solve(b, Transpose::conjugate, 2)));
      CHECK(relative_gap(broad.solve(b, Transpose::conjugate, 2), x) <= 1e-13);
    }
  }
}
