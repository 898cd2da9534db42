// refactor() and solve_in_place() must not allocate: simulators call them in their inner loop.
#include <atomic>
#include <catch2/catch.hpp>
#include <complex>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/lupine.h"
#include "lupine/solver.hpp"
#include "support/test_matrices.hpp"

// AddressSanitizer owns operator new/delete (memory from its allocator freed by a
// replacement is reported as a mismatch), so the counting replacements exist only in the
// other builds.
#if defined(__SANITIZE_ADDRESS__)
#define LUPINE_COUNT_ALLOCATIONS 0
#else
#define LUPINE_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<long> allocations{0};

lupine::CscMatrix<double> test_circuit() {
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 400;
  circuit.voltage_sources = 12;
  circuit.inductors = 6;
  return lupine::generate::random_circuit(circuit);
}
}  // namespace

#if LUPINE_COUNT_ALLOCATIONS
// Counting replacements of the global allocation functions (for this test executable). Not
// inlined: where GCC inlines them it sees std::free of memory from operator new and warns
// (-Wmismatched-new-delete), not knowing the two are replaced together.
[[gnu::noinline]] void* operator new(std::size_t size) {
  ++allocations;
  if (void* pointer = std::malloc(size == 0 ? 1 : size)) return pointer;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* pointer) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete(void* pointer, std::size_t) noexcept {
  std::free(pointer);
}
#endif

TEST_CASE("refactor and solve do not allocate", "[numeric][refactor][allocation]") {
  if (!LUPINE_COUNT_ALLOCATIONS) {
    WARN("allocation counting is off under AddressSanitizer; the Release build checks it");
    return;
  }
  auto a = test_circuit();
  lupine::Numeric<> numeric(lupine::analyze(a), a);
  auto workspace = numeric.make_workspace(1);
  std::vector<double> b(static_cast<std::size_t>(a.rows()), 1.0);
  for (auto& value : a.values()) value *= 1.01;
  const double* values = a.values().data();

  const long before = allocations.load();
  const auto status = numeric.refactor(values);
  numeric.solve_in_place(b.data(), 1, a.rows(), lupine::Transpose::no, workspace);
  numeric.solve_in_place(b.data(), 1, a.rows(), lupine::Transpose::yes, workspace);
  const long during = allocations.load() - before;

  CHECK(status == lupine::RefactorStatus::reused_pivots);
  CHECK(during == 0);
}

TEST_CASE("complex refactor and solves with A, Aᵀ and Aᴴ do not allocate",
          "[numeric][refactor][allocation][complex]") {
  if (!LUPINE_COUNT_ALLOCATIONS) {
    WARN("allocation counting is off under AddressSanitizer; the Release build checks it");
    return;
  }
  using Complex = std::complex<double>;
  // An AC-like G + iωC on the column path (a circuit) and the supernodal path (a 3D grid).
  const lupine::CscMatrix<double> circuit = test_circuit();
  const lupine::CscMatrix<double> grid = lupine::generate::laplacian_3d(10, 10, 10);
  for (const auto* real : {&circuit, &grid}) {
    for (const int threads : {1, 2}) {
      INFO("n " << real->rows() << ", threads " << threads);
      std::vector<Complex> values(real->values().size());
      for (std::size_t p = 0; p < values.size(); ++p) {
        values[p] = Complex(real->values()[p], 0.3 * real->values()[p] * ((p % 3) - 1.0));
      }
      const lupine::CscMatrix<Complex> a(real->rows(), real->cols(), real->col_ptr(),
                                         real->row_indices(), values);
      lupine::Options options;
      options.threads = threads;
      lupine::Numeric<Complex> numeric(lupine::analyze(a, options), a, options);
      auto workspace = numeric.make_workspace(1);
      std::vector<Complex> b(static_cast<std::size_t>(a.rows()), Complex(1.0, -0.5));
      std::vector<Complex> x(b.size());
      for (auto& value : values) value *= Complex(1.01, 0.01);
      const long before = allocations.load();
      const auto status = numeric.refactor(values.data());
      for (const auto op :
           {lupine::Transpose::no, lupine::Transpose::yes, lupine::Transpose::conjugate}) {
        numeric.solve(b.data(), x.data(), 1, a.rows(), op, 2, workspace);
      }
      const long during = allocations.load() - before;
      CHECK(status == lupine::RefactorStatus::reused_pivots);
      CHECK(during == 0);
    }
  }
}

TEST_CASE("refactor of a dense-path block does not allocate", "[numeric][refactor][allocation]") {
  if (!LUPINE_COUNT_ALLOCATIONS) {
    WARN("allocation counting is off under AddressSanitizer; the Release build checks it");
    return;
  }
  lupine::generate::RandomSparseOptions random;
  random.n = 120;
  random.entries_per_column = 60;
  random.seed = 4;
  auto a = lupine::generate::random_sparse(random);
  lupine::Options options;
  options.path = lupine::FactorPath::dense;
  lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  REQUIRE(numeric.stats().dense_blocks == 1);
  for (auto& value : a.values()) value *= 0.99;
  const long before = allocations.load();
  numeric.refactor(a.values().data());
  CHECK(allocations.load() - before == 0);
}

TEST_CASE("refactor of a large column-path block, with or without a dense tail, does not allocate",
          "[numeric][refactor][allocation][dense_tail]") {
  if (!LUPINE_COUNT_ALLOCATIONS) {
    WARN("allocation counting is off under AddressSanitizer; the Release build checks it");
    return;
  }
  // At 2 threads the block refactors as a column pipeline: the first one must not allocate
  // either (TBB's first parallel loop does; the factorization runs one for it).
  for (const std::int64_t tail_min_order : {32, 0})
    for (const int threads : {1, 2}) {
      INFO("dense_tail_min_order " << tail_min_order << ", threads " << threads);
      auto a = lupine_test::supplied_circuit(2000, 48, 1.0, 9);
      lupine::Options options;
      options.path = lupine::FactorPath::column;
      options.threads = threads;
      options.dense_tail_min_order = tail_min_order;
      lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
      REQUIRE((numeric.stats().dense_tail_columns >= 48) == (tail_min_order > 0));
      auto workspace = numeric.make_workspace(1);
      std::vector<double> b(static_cast<std::size_t>(a.rows()), 1.0);
      for (auto& value : a.values()) value *= 1.01;
      const long before = allocations.load();
      const auto status = numeric.refactor(a.values().data());
      numeric.solve_in_place(b.data(), 1, a.rows(), lupine::Transpose::no, workspace);
      CHECK(allocations.load() - before == 0);
      CHECK(status == lupine::RefactorStatus::reused_pivots);
    }
}

TEST_CASE("the C API's refactor and solves do not allocate", "[numeric][refactor][allocation]") {
  if (!LUPINE_COUNT_ALLOCATIONS) {
    WARN("allocation counting is off under AddressSanitizer; the Release build checks it");
    return;
  }
  // a circuit on the column path and on the automatic choice, a 3D grid on the supernodal path
  const lupine::CscMatrix<double> circuit_matrix = test_circuit();
  const lupine::CscMatrix<double> grid = lupine::generate::laplacian_3d(12, 12, 12);
  const lupine::CscMatrix<double> two_blocks = lupine_test::two_block_matrix(40);
  const std::vector<std::pair<const lupine::CscMatrix<double>*, lupine_factor_path>> cases{
      {&circuit_matrix, LUPINE_PATH_COLUMN},
      {&circuit_matrix, LUPINE_PATH_AUTOMATIC},
      {&grid, LUPINE_PATH_SUPERNODAL},
      {&two_blocks, LUPINE_PATH_AUTOMATIC}};
  for (const auto& [matrix, path] : cases) {
    const auto& a = *matrix;
    for (const int threads : {1, 2}) {
      INFO("n " << a.rows() << ", path " << path << ", threads " << threads);
      lupine_options* options = nullptr;
      lupine_symbolic* symbolic = nullptr;
      lupine_numeric* numeric = nullptr;
      REQUIRE(lupine_options_create(&options) == LUPINE_OK);
      REQUIRE(lupine_options_set(options, LUPINE_OPTION_THREADS, threads) == LUPINE_OK);
      REQUIRE(lupine_options_set(options, LUPINE_OPTION_PATH, path) == LUPINE_OK);
      REQUIRE(lupine_analyze(options, a.rows(), a.col_ptr().data(), a.row_indices().data(), 0,
                             &symbolic) == LUPINE_OK);
      REQUIRE(lupine_factor(symbolic, a.values().data(), &numeric) == LUPINE_OK);
      lupine_stats stats;
      REQUIRE(lupine_numeric_stats(numeric, &stats) == LUPINE_OK);
      if (path == LUPINE_PATH_COLUMN) CHECK(stats.supernodal_blocks == 0);
      if (path == LUPINE_PATH_SUPERNODAL) CHECK(stats.supernodal_blocks == 1);
      const int nrhs = 3;
      std::size_t size = 0;
      REQUIRE(lupine_solve_workspace_size(numeric, nrhs, &size) == LUPINE_OK);
      std::vector<double> workspace(size);
      const std::size_t n = static_cast<std::size_t>(a.rows());
      std::vector<double> b(n * nrhs, 1.0), x(n * nrhs, 0.0);
      std::vector<double> values = a.values();
      for (double& value : values) value *= 1.01;
      int reused = -1;
      double backward_error = -1;

      const long before = allocations.load();
      const lupine_status refactored = lupine_refactor(numeric, values.data(), &reused);
      const lupine_status solved =
          lupine_solve(numeric, LUPINE_TRANSPOSE, nrhs, b.data(), a.rows(), workspace.data(), size);
      const lupine_status refined =
          lupine_solve_refined(numeric, LUPINE_NO_TRANSPOSE, nrhs, b.data(), x.data(), a.rows(), 2,
                               &backward_error, workspace.data(), size);
      const long during = allocations.load() - before;

      CHECK(refactored == LUPINE_OK);
      CHECK(solved == LUPINE_OK);
      CHECK(refined == LUPINE_OK);
      CHECK(reused == 1);
      CHECK(backward_error < 1e-14);
      CHECK(during == 0);
      lupine_numeric_destroy(numeric);
      lupine_symbolic_destroy(symbolic);
      lupine_options_destroy(options);
    }
  }
}
