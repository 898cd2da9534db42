// The 1-norm condition estimate (Numeric::condition_estimate, Options::estimate_condition)
// against κ₁ = ‖A‖₁ ‖A⁻¹‖₁ from a dense inverse: never above it beyond rounding (the estimate
// of ‖A⁻¹‖₁ is ‖A⁻¹ x‖₁ / ‖x‖₁ for some x), never 10 times below it, on ill-conditioned
// families over every factor path, BTF blocks and singletons, row scalings, 1 and 2 threads,
// after refactor, and on the real matrices of ../shared/matrices when present.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "support/dense_reference.hpp"
#include "support/test_matrices.hpp"

using lupine::CscMatrix;
using lupine::FactorPath;
using lupine::Options;
using lupine::TripletBuilder;

namespace {

struct Named {
  std::string name;
  CscMatrix<double> matrix;
};

// Uniform in [0, 1) from the raw mt19937 stream (whose output the standard fixes, unlike its
// distributions'), so every platform builds the same matrices.
double uniform(std::mt19937& random) {
  return static_cast<double>(random()) / 4294967296.0;
}

// H_ij = 1 / (i + j + 1): κ₁ from 3e7 (n = 6) to 3.5e13 (n = 10).
CscMatrix<double> hilbert(int n) {
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) builder.add(i, j, 1.0 / (i + j + 1));
  }
  return builder.build();
}

// Kahan's matrix diag(1, s, ..., s^(n-1)) (I - c N), N the strictly upper triangle of ones,
// s² + c² = 1: upper triangular (BTF makes it n singletons), κ grows like (1 + c)^n / s^n.
CscMatrix<double> kahan(int n, double theta) {
  const double s = std::sin(theta);
  const double c = std::cos(theta);
  TripletBuilder<double> builder(n, n);
  double scale = 1;
  for (int i = 0; i < n; ++i) {
    builder.add(i, i, scale);
    for (int j = i + 1; j < n; ++j) builder.add(i, j, -c * scale);
    scale *= s;
  }
  return builder.build();
}

// A well-conditioned random sparse matrix: a diagonal of about 2 to 3 times the off-diagonal
// sum of its column, a cycle through all unknowns (one strong component) and two more
// random entries per column.
CscMatrix<double> random_well_conditioned(int n, std::uint32_t seed) {
  std::mt19937 random(seed);
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    double sum = 0;
    const int rows[] = {(j + 1) % n, static_cast<int>(random() % static_cast<unsigned>(n)),
                        static_cast<int>(random() % static_cast<unsigned>(n))};
    for (const int i : rows) {
      if (i == j) continue;
      const double value = uniform(random) - 0.5;
      builder.add(i, j, value);
      sum += std::abs(value);
    }
    builder.add(j, j, (2 + uniform(random)) * sum + 0.1);
  }
  return builder.build();
}

// Row i (or column i) of `matrix` times 10^(-digits i / (n - 1)): κ about 10^digits.
CscMatrix<double> graded(const CscMatrix<double>& matrix, double digits, bool rows) {
  const int n = matrix.rows();
  std::vector<double> values = matrix.values();
  for (int j = 0; j < n; ++j) {
    for (int p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      const int k = rows ? matrix.row_indices()[p] : j;
      values[static_cast<std::size_t>(p)] *= std::pow(10.0, -digits * k / (n - 1));
    }
  }
  return CscMatrix<double>(n, n, matrix.col_ptr(), matrix.row_indices(), std::move(values));
}

// L + δ e_0 e_0ᵀ with L a strongly connected directed graph Laplacian (columns summing to
// zero, so 1ᵀ L = 0 and rank L = n - 1): nonsingular, κ about 1/δ.
CscMatrix<double> nearly_singular(int n, double delta, std::uint32_t seed) {
  std::mt19937 random(seed);
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    double sum = 0;
    const int rows[] = {(j + 1) % n, static_cast<int>(random() % static_cast<unsigned>(n))};
    for (const int i : rows) {
      if (i == j) continue;
      const double weight = 0.5 + uniform(random);
      builder.add(i, j, -weight);
      sum += weight;
    }
    builder.add(j, j, sum + (j == 0 ? delta : 0.0));
  }
  return builder.build();
}

// P A Q for pseudo-random P and Q: the structure BTF has to find again.
CscMatrix<double> permuted(const CscMatrix<double>& matrix, std::uint32_t seed) {
  const int n = matrix.rows();
  std::vector<int> row_of(static_cast<std::size_t>(n));
  std::vector<int> col_of(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    row_of[static_cast<std::size_t>(i)] = col_of[static_cast<std::size_t>(i)] = i;
  std::mt19937 random(seed);
  for (int i = n - 1; i > 0; --i) {
    std::swap(row_of[static_cast<std::size_t>(i)], row_of[random() % static_cast<unsigned>(i + 1)]);
    std::swap(col_of[static_cast<std::size_t>(i)], col_of[random() % static_cast<unsigned>(i + 1)]);
  }
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    for (int p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      builder.add(row_of[static_cast<std::size_t>(matrix.row_indices()[p])],
                  col_of[static_cast<std::size_t>(j)],
                  matrix.values()[static_cast<std::size_t>(p)]);
    }
  }
  return builder.build();
}

// Block upper triangular, permuted: a Hilbert block (κ 3e7), a graded random block, a
// Kahan block (singletons), a random block, with couplings from each block to the later ones.
CscMatrix<double> several_blocks() {
  const std::vector<CscMatrix<double>> blocks = {hilbert(6),
                                                 graded(random_well_conditioned(40, 11), 4, false),
                                                 kahan(12, 1.2), random_well_conditioned(30, 12)};
  int n = 0;
  for (const auto& block : blocks) n += block.rows();
  TripletBuilder<double> builder(n, n);
  int start = 0;
  std::mt19937 random(5);
  for (const auto& block : blocks) {
    for (int j = 0; j < block.cols(); ++j) {
      for (int p = block.col_ptr()[j]; p < block.col_ptr()[j + 1]; ++p) {
        builder.add(start + block.row_indices()[p], start + j,
                    block.values()[static_cast<std::size_t>(p)]);
      }
      for (int k = 0; k < 2 && start > 0; ++k) {
        builder.add(static_cast<int>(random() % static_cast<unsigned>(start)), start + j,
                    uniform(random) - 0.5);
      }
    }
    start += block.rows();
  }
  return permuted(builder.build(), 7);
}

std::vector<Named> families() {
  std::vector<Named> matrices;
  for (int n = 6; n <= 10; ++n) matrices.push_back({"hilbert " + std::to_string(n), hilbert(n)});
  matrices.push_back({"kahan 40, theta 1.0", kahan(40, 1.0)});
  matrices.push_back({"kahan 60, theta 1.4", kahan(60, 1.4)});
  const CscMatrix<double> base = random_well_conditioned(120, 3);
  matrices.push_back({"random 120", base});
  matrices.push_back({"random 300", random_well_conditioned(300, 4)});
  matrices.push_back({"rows graded 1e-8", graded(base, 8, true)});
  matrices.push_back({"columns graded 1e-8", graded(base, 8, false)});
  matrices.push_back({"rows and columns graded 1e-5", graded(graded(base, 5, true), 5, false)});
  matrices.push_back({"laplacian + 1e-8 e0 e0'", nearly_singular(150, 1e-8, 8)});
  matrices.push_back({"laplacian + 1e-12 e0 e0'", nearly_singular(80, 1e-12, 9)});
  matrices.push_back({"several BTF blocks", several_blocks()});
  matrices.push_back({"two grid blocks", lupine_test::two_block_matrix(6)});
  return matrices;
}

// Both inverses carry rounding errors of relative size about n κ ε (LU's backward error
// amplified by κ), so "estimate <= exact" holds up to that, and 1e-8 beyond.
double upper_bound(const lupine_test::DenseCondition& exact, int n) {
  const double eps = std::numeric_limits<double>::epsilon();
  return exact.condition * (1 + 1e-8 + n * exact.condition * eps);
}

void check_estimate(const lupine::ConditionEstimate& estimate,
                    const lupine_test::DenseCondition& exact, int n) {
  CHECK(estimate.norm1 == Approx(exact.norm1).epsilon(1e-14));
  CHECK(estimate.condition <= upper_bound(exact, n));
  CHECK(estimate.condition >= exact.condition / 10);
  CHECK(estimate.condition == Approx(estimate.norm1 * estimate.inverse_norm1).epsilon(1e-15));
  CHECK(estimate.solves >= (n > 1 ? 3 : 1));
  CHECK(estimate.solves <= 11);
}

Options path_options(FactorPath path, int threads, bool btf) {
  Options options;
  options.path = path;
  options.threads = threads;
  options.btf = btf;
  return options;
}

// The forced path is the one that ran (blocks of order 1 always take the column path).
void check_path(const lupine::Stats& stats, FactorPath path) {
  const std::int64_t large = stats.btf_blocks - stats.singleton_blocks;
  if (large == 0) return;
  if (path == FactorPath::dense) CHECK(stats.dense_blocks == large);
  if (path == FactorPath::supernodal) CHECK(stats.supernodal_blocks == large);
  if (path == FactorPath::column) CHECK(stats.column_blocks == large);
}

const FactorPath kPaths[] = {FactorPath::column, FactorPath::dense, FactorPath::supernodal};

}  // namespace

TEST_CASE("condition estimate brackets the exact condition number on every path", "[condition]") {
  for (const Named& entry : families()) {
    const CscMatrix<double>& a = entry.matrix;
    const lupine_test::DenseCondition exact = lupine_test::dense_condition(a);
    REQUIRE(std::isfinite(exact.condition));
    for (const FactorPath path : kPaths) {
      for (const int threads : {1, 2}) {
        for (const bool btf : {true, false}) {
          INFO(entry.name << ", path " << lupine::to_string(path) << ", " << threads
                          << " threads, btf " << btf << ", exact κ₁ " << exact.condition);
          const Options options = path_options(path, threads, btf);
          const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
          check_path(numeric.stats(), path);
          if (btf && entry.name == "several BTF blocks") {
            CHECK(numeric.stats().btf_blocks == 3 + 12);  // Kahan's block is 12 singletons
          }
          check_estimate(numeric.condition_estimate(), exact, a.rows());
        }
      }
    }
  }
}

TEST_CASE("condition estimate is of A as given, whatever the row scaling", "[condition]") {
  const CscMatrix<double> a = graded(random_well_conditioned(100, 21), 10, true);
  const lupine_test::DenseCondition exact = lupine_test::dense_condition(a);
  REQUIRE(exact.condition > 1e9);
  for (const lupine::Scaling scaling :
       {lupine::Scaling::none, lupine::Scaling::max, lupine::Scaling::sum}) {
    INFO("scaling " << lupine::to_string(scaling));
    Options options;
    options.scaling = scaling;
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    check_estimate(numeric.condition_estimate(), exact, a.rows());
  }
}

TEST_CASE("condition estimate follows refactor and fills Stats on request", "[condition]") {
  const CscMatrix<double> base = random_well_conditioned(150, 31);
  const CscMatrix<double> first = graded(base, 3, false);
  const CscMatrix<double> second = graded(base, 9, false);
  const lupine_test::DenseCondition exact_first = lupine_test::dense_condition(first);
  const lupine_test::DenseCondition exact_second = lupine_test::dense_condition(second);
  REQUIRE(exact_second.condition > 1e3 * exact_first.condition);
  for (const FactorPath path : kPaths) {
    for (const int threads : {1, 2}) {
      INFO("path " << lupine::to_string(path) << ", " << threads << " threads");
      Options options = path_options(path, threads, true);
      options.estimate_condition = true;
      const lupine::Symbolic<> symbolic = lupine::analyze(first, options);
      lupine::Numeric<> numeric(symbolic, first, options);
      check_estimate(numeric.condition_estimate(), exact_first, first.rows());
      CHECK(numeric.stats().condition_estimate == numeric.condition_estimate().condition);

      numeric.refactor(second);
      check_estimate(numeric.condition_estimate(), exact_second, second.rows());
      CHECK(numeric.stats().condition_estimate == numeric.condition_estimate().condition);

      lupine::RefactorOptions repivot;
      repivot.force_repivot = true;
      CHECK(numeric.refactor(first.values().data(), repivot) == lupine::RefactorStatus::repivoted);
      check_estimate(numeric.condition_estimate(), exact_first, first.rows());
      CHECK(numeric.stats().condition_estimate == numeric.condition_estimate().condition);

      numeric.factor(second);
      CHECK(numeric.stats().condition_estimate == numeric.condition_estimate().condition);
      CHECK(numeric.stats().condition_estimate > 1e3 * exact_first.condition);

      // Off by default: Stats keeps 0, the explicit call still answers.
      const lupine::Numeric<> plain(symbolic, second, path_options(path, threads, true));
      CHECK(plain.stats().condition_estimate == 0);
      check_estimate(plain.condition_estimate(), exact_second, second.rows());
    }
  }
}

TEST_CASE("condition estimate of small and singular cases", "[condition]") {
  SECTION("order 1: exact") {
    TripletBuilder<double> builder(1, 1);
    builder.add(0, 0, -4.0);
    const CscMatrix<double> a = builder.build();
    const lupine::Numeric<> numeric(lupine::analyze(a), a);
    const lupine::ConditionEstimate estimate = numeric.condition_estimate();
    CHECK(estimate.norm1 == 4);
    CHECK(estimate.inverse_norm1 == 0.25);
    CHECK(estimate.condition == 1);
    CHECK(estimate.solves == 1);
  }
  SECTION("a diagonal matrix: exact, max |d| / min |d|") {
    TripletBuilder<double> builder(5, 5);
    const double diagonal[] = {2, -1e-6, 3, 1e3, 0.5};
    for (int i = 0; i < 5; ++i) builder.add(i, i, diagonal[i]);
    const CscMatrix<double> a = builder.build();
    const lupine::Numeric<> numeric(lupine::analyze(a), a);
    CHECK(numeric.condition_estimate().condition == Approx(1e9).epsilon(1e-14));
  }
  SECTION("a zero matrix factored with perturbed pivots: infinite") {
    TripletBuilder<double> builder(3, 3);
    for (int i = 0; i < 3; ++i) builder.add(i, i, 0.0);
    const CscMatrix<double> a = builder.build();
    Options options;
    options.perturb_singular_pivots = true;
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    CHECK(numeric.condition_estimate().condition == std::numeric_limits<double>::infinity());
  }
  SECTION("no factorization: an error, not an estimate") {
    const lupine::Numeric<> empty;
    CHECK_THROWS_AS(empty.condition_estimate(), lupine::Error);
    const CscMatrix<double> a = kahan(4, 1.0);
    lupine::Numeric<> numeric(lupine::analyze(a), a);
    std::vector<double> zeros(a.values().size(), 0.0);
    CHECK_THROWS_AS(numeric.factor(zeros.data()), lupine::Error);
    try {
      numeric.condition_estimate();
      FAIL("condition_estimate after a failed factor did not throw");
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::api_misuse);
    }
  }
}

TEST_CASE("concurrent condition estimates on one factorization agree", "[condition][threads]") {
  const CscMatrix<double> a = several_blocks();
  const lupine::Numeric<> numeric(lupine::analyze(a), a);
  const double serial = numeric.condition_estimate().condition;
  std::vector<double> results(4, 0.0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] { results[t] = numeric.condition_estimate().condition; });
  }
  for (auto& thread : threads) thread.join();
  for (const double result : results) CHECK(result == serial);
}

// Small real matrices with bad condition numbers; the dense reference stays under a second.
TEST_CASE("condition estimate on real matrices", "[condition][real][shared]") {
  const std::string folder = lupine_test::shared_matrices_dir();
  if (folder.empty()) {
    WARN("../shared/matrices not found: skipping the real-matrix condition test");
    return;
  }
  const std::vector<std::string> names = {"west0381", "west0479", "west0655", "rajat11",
                                          "rajat14",  "e05r0500", "steam2",   "impcol_a",
                                          "arc130",   "fs_183_6", "lns_131",  "oscil_dcop_01"};
  int checked = 0;
  for (const auto& entry : lupine_test::read_manifest(folder + "/MANIFEST.tsv")) {
    if (std::find(names.begin(), names.end(), entry.name) == names.end()) continue;
    INFO("matrix " << entry.name);
    bool pattern_only = false;
    auto a = lupine::read_matrix<double>(folder + "/" + entry.file, &pattern_only);
    if (pattern_only) lupine::assign_pattern_values(a);
    const lupine_test::DenseCondition exact = lupine_test::dense_condition(a);
    REQUIRE(std::isfinite(exact.condition));
    for (const FactorPath path : {FactorPath::automatic, FactorPath::column}) {
      const Options options = path_options(path, 1, true);
      const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
      check_estimate(numeric.condition_estimate(), exact, a.rows());
    }
    ++checked;
  }
  CHECK(checked >= 6);
}

// Not run by default: `test_numeric "[.condition-table]" -s` prints estimate against exact.
TEST_CASE("condition estimate table", "[.condition-table]") {
  std::vector<Named> matrices = families();
  const std::string folder = lupine_test::shared_matrices_dir();
  if (!folder.empty()) {
    for (const auto& entry : lupine_test::read_manifest(folder + "/MANIFEST.tsv")) {
      if (entry.rows > 700 || entry.field == "complex") continue;
      bool pattern_only = false;
      auto a = lupine::read_matrix<double>(folder + "/" + entry.file, &pattern_only);
      if (pattern_only) lupine::assign_pattern_values(a);
      matrices.push_back({entry.name, std::move(a)});
    }
  }
  std::printf("| matrix | n | exact κ₁ | estimate | estimate / exact | solves |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  for (const Named& entry : matrices) {
    const lupine_test::DenseCondition exact = lupine_test::dense_condition(entry.matrix);
    try {
      const lupine::Numeric<> numeric(lupine::analyze(entry.matrix), entry.matrix);
      const lupine::ConditionEstimate estimate = numeric.condition_estimate();
      std::printf("| %s | %d | %.3e | %.3e | %.6f | %d |\n", entry.name.c_str(),
                  entry.matrix.rows(), exact.condition, estimate.condition,
                  estimate.condition / exact.condition, estimate.solves);
    } catch (const lupine::Error& error) {
      std::printf("| %s | %d | %.3e | (%s) | | |\n", entry.name.c_str(), entry.matrix.rows(),
                  exact.condition, lupine::to_string(error.kind()));
    }
  }
}
