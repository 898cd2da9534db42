// Allocation-failure injection: the k-th allocation of an operation fails, for k = 1, 2, ...
// until the operation completes without reaching k. Every failure must come out as a
// lupine::Error of kind out_of_memory (C API: LUPINE_ERROR_OUT_OF_MEMORY), never as a crash or
// a bare std::bad_alloc, and must leave the objects either unchanged or clearly invalidated
// (a solve then reports api_misuse), never half-updated; a later call without the failure
// works. Nothing may leak: the ASan build runs this under LeakSanitizer.
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/lupine.h"
#include "lupine/solver.hpp"
#include "support/test_matrices.hpp"

namespace {

// < 0: no failure armed; otherwise the allocations left before the one that fails.
std::atomic<long> allocations_left{-1};
std::atomic<long> failures_injected{0};

bool fail_this_allocation() {
  if (allocations_left.load(std::memory_order_relaxed) < 0) return false;
  if (allocations_left.fetch_sub(1) != 0) return false;
  ++failures_injected;
  return true;
}

void* allocate(std::size_t size) {
  if (fail_this_allocation()) return nullptr;
  return std::malloc(size == 0 ? 1 : size);
}

void* allocate_aligned(std::size_t size, std::size_t alignment) {
  if (fail_this_allocation()) return nullptr;
  void* pointer = nullptr;
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  if (::posix_memalign(&pointer, alignment, size == 0 ? 1 : size) != 0) return nullptr;
  return pointer;
}

}  // namespace

// Every replaceable allocation function, so that no memory crosses between these and the
// runtime's (AddressSanitizer's) own versions. Not inlined: where GCC inlines them it sees
// std::free of memory from operator new and warns (-Wmismatched-new-delete).
[[gnu::noinline]] void* operator new(std::size_t size) {
  if (void* pointer = allocate(size)) return pointer;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t size) {
  if (void* pointer = allocate(size)) return pointer;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size);
}
[[gnu::noinline]] void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size);
}
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t alignment) {
  if (void* pointer = allocate_aligned(size, static_cast<std::size_t>(alignment))) return pointer;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t size, std::align_val_t alignment) {
  if (void* pointer = allocate_aligned(size, static_cast<std::size_t>(alignment))) return pointer;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t alignment,
                                     const std::nothrow_t&) noexcept {
  return allocate_aligned(size, static_cast<std::size_t>(alignment));
}
[[gnu::noinline]] void* operator new[](std::size_t size, std::align_val_t alignment,
                                       const std::nothrow_t&) noexcept {
  return allocate_aligned(size, static_cast<std::size_t>(alignment));
}
[[gnu::noinline]] void operator delete(void* pointer) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete[](void* pointer) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete(void* pointer, std::size_t) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete[](void* pointer, std::size_t) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete(void* pointer, const std::nothrow_t&) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete[](void* pointer, const std::nothrow_t&) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete(void* pointer, std::align_val_t) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete[](void* pointer, std::align_val_t) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete(void* pointer, std::size_t, std::align_val_t) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete[](void* pointer, std::size_t, std::align_val_t) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete(void* pointer, std::align_val_t,
                                       const std::nothrow_t&) noexcept {
  std::free(pointer);
}
[[gnu::noinline]] void operator delete[](void* pointer, std::align_val_t,
                                         const std::nothrow_t&) noexcept {
  std::free(pointer);
}

namespace {

using lupine::CscMatrix;
using lupine::ErrorKind;

long total_failures = 0;  // over the run of this process

// The count so far, shown by the test (ctest runs each case in a process of its own).
void report_failures() {
  WARN("allocation failures injected and handled so far: " << total_failures);
  CHECK(total_failures > 0);
}

// Runs `operation` with its k-th allocation failing, k = 1, 2, ..., until it completes without
// reaching k. After each attempt `check(failed)` verifies the objects: `failed` says whether
// the operation reported the failure (it may absorb one and still succeed). A failure must
// be Error(out_of_memory); `operation` returns false for a failure it saw as a status code.
// Returns the number of failures injected.
long inject(const std::string& what, const std::function<bool()>& operation,
            const std::function<void(bool failed)>& check) {
  // oneTBB 2021.8 initializes itself once, lazily, and a std::bad_alloc inside that
  // initialization leaves it spinning forever on the next call: it is started here, before any
  // allocation can fail (docs/errors.md).
  static const bool tbb_started = [] {
    tbb::task_arena arena(2);
    arena.execute([] { tbb::parallel_for(0, 64, [](int) {}); });
    return tbb::info::default_concurrency() > 0;
  }();
  REQUIRE(tbb_started);
  long injected = 0;
  for (long k = 1;; ++k) {
    INFO(what << ": allocation " << k << " fails");
    failures_injected = 0;
    allocations_left = k - 1;
    bool failed = false;
    bool escaped = false;
    std::string message;
    try {
      failed = !operation();
    } catch (const lupine::Error& error) {
      failed = true;
      message = error.what();
      allocations_left = -1;
      CHECK(error.kind() == ErrorKind::out_of_memory);
      CHECK_THAT(message, Catch::Contains("out of memory"));
    } catch (const std::bad_alloc&) {
      escaped = true;
    }
    allocations_left = -1;
    const bool reached = failures_injected.load() > 0;
    CHECK_FALSE(escaped);  // a bare std::bad_alloc is not an error report
    failed = failed || escaped;
    if (!reached) {
      CHECK_FALSE(failed);
      check(false);
      break;
    }
    ++injected;
    check(failed);
  }
  total_failures += injected;
  return injected;
}

std::vector<double> ones(std::size_t n) {
  return std::vector<double>(n, 1.0);
}

double residual(const CscMatrix<double>& a, const std::vector<double>& x,
                const std::vector<double>& b) {
  const auto ax = lupine::multiply(a, x);
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    worst = std::max(worst, std::abs(ax[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return worst / scale;
}

// Whether a solve with `numeric` reports api_misuse (it was invalidated).
bool invalidated(const lupine::Numeric<>& numeric) {
  try {
    numeric.solve(ones(static_cast<std::size_t>(numeric.size())));
    return false;
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == ErrorKind::api_misuse);
    return true;
  }
}

// Whether `numeric` solves with `a` (to 1e-10 after refinement).
bool solves(const lupine::Numeric<>& numeric, const CscMatrix<double>& a) {
  const auto b = ones(static_cast<std::size_t>(a.rows()));
  return residual(a, numeric.solve(b, lupine::Transpose::no, 2), b) < 1e-10;
}

CscMatrix<double> scaled(const CscMatrix<double>& a, double factor) {
  CscMatrix<double> b = a;
  std::size_t p = 0;
  for (auto& value : b.values()) value *= (p++ % 7 == 0 ? factor : 1.0);
  return b;
}

struct Case {
  std::string name;
  CscMatrix<double> a;
  lupine::Options options;
};

std::vector<Case> cases() {
  std::vector<Case> result;
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 40;
  circuit.voltage_sources = 3;
  circuit.inductors = 2;
  for (const int threads : {1, 2}) {
    const std::string suffix = ", " + std::to_string(threads) + " thread(s)";
    Case column{"circuit, column path" + suffix, lupine::generate::random_circuit(circuit), {}};
    column.options.threads = threads;
    result.push_back(column);
    Case supernodal{"grid, supernodal path" + suffix, lupine::generate::laplacian_2d(9, 8), {}};
    supernodal.options.path = lupine::FactorPath::supernodal;
    supernodal.options.threads = threads;
    result.push_back(supernodal);
    Case blocks{"two BTF blocks" + suffix, lupine_test::two_block_matrix(5), {}};
    blocks.options.threads = threads;
    result.push_back(blocks);
  }
  lupine::generate::RandomSparseOptions random;
  random.n = 24;
  random.entries_per_column = 8;
  random.diagonal_dominance = 0.5;
  Case dense{"dense path", lupine::generate::random_sparse(random), {}};
  dense.options.path = lupine::FactorPath::dense;
  result.push_back(dense);
  return result;
}

}  // namespace

TEST_CASE("every failed allocation is an out-of-memory error that leaves the objects usable",
          "[robustness][allocation]") {
  for (const Case& test : cases()) {
    SECTION(test.name) {
      const CscMatrix<double>& a = test.a;
      const std::size_t n = static_cast<std::size_t>(a.rows());
      const lupine::Options& options = test.options;

      inject(
          "analyze", [&] { return !lupine::analyze(a, options).empty(); }, [](bool) {});
      const lupine::Symbolic<> symbolic = lupine::analyze(a, options);

      std::optional<lupine::Numeric<>> made;  // (no allocation of the test's own)
      inject(
          "construct a Numeric",
          [&] {
            made.reset();
            made.emplace(symbolic, a, options);
            return true;
          },
          [&](bool failed) {
            if (!failed) CHECK(solves(*made, a));
          });

      lupine::Numeric<> numeric(symbolic, a, options);
      const CscMatrix<double> other = scaled(a, 1.5);
      inject(
          "factor",
          [&] {
            numeric.factor(other);
            return true;
          },
          [&](bool failed) {
            if (failed) CHECK(invalidated(numeric));  // ...until the next factor
            numeric.factor(other);
            CHECK(solves(numeric, other));
          });

      // Refactor reusing the pivots, and refactor forced to pivot afresh. A failure leaves
      // the factorization of `other` or invalidates it.
      const CscMatrix<double> changed = scaled(a, 1.01);
      for (const bool repivot : {false, true}) {
        lupine::RefactorOptions call;
        call.force_repivot = repivot;
        inject(
            repivot ? "refactor, re-pivoting" : "refactor",
            [&] {
              numeric.refactor(changed.values().data(), call);
              return true;
            },
            [&](bool failed) {
              if (failed) {
                CHECK((invalidated(numeric) || solves(numeric, other)));
              } else {
                CHECK(solves(numeric, changed));
              }
              numeric.factor(other);
            });
      }

      numeric.factor(a);
      const auto b = ones(n);
      const auto reference = numeric.solve(b, lupine::Transpose::yes, 2);
      std::vector<double> x;
      inject(
          "solve with refinement",
          [&] {
            x = numeric.solve(b, lupine::Transpose::yes, 2);
            return true;
          },
          [&](bool failed) {
            if (!failed) CHECK(x == reference);
            CHECK(numeric.solve(b, lupine::Transpose::yes, 2) == reference);  // unchanged
          });
      const auto plain = numeric.solve(b, lupine::Transpose::no, 0);
      std::vector<double> block(3 * n);
      inject(
          "make_workspace and solve_in_place",
          [&] {
            std::fill(block.begin(), block.end(), 1.0);
            auto workspace = numeric.make_workspace(3);
            numeric.solve_in_place(block.data(), 3, a.rows(), lupine::Transpose::no, workspace);
            return true;
          },
          [&](bool failed) {
            if (failed) return;
            for (std::size_t i = 0; i < n; ++i) {
              CHECK(block[2 * n + i] == Approx(plain[i]).epsilon(1e-12));
            }
            CHECK(solves(numeric, a));
          });
      inject(
          "factors", [&] { return numeric.factors().L.rows() == a.rows(); },
          [&](bool) { CHECK(solves(numeric, a)); });
      const double condition = numeric.condition_estimate().condition;
      double estimate = 0;
      inject(
          "condition_estimate",
          [&] {
            estimate = numeric.condition_estimate().condition;
            return true;
          },
          [&](bool failed) {
            if (!failed) CHECK(estimate == condition);
          });
    }
  }
  report_failures();
}

TEST_CASE("the C API reports every failed allocation as LUPINE_ERROR_OUT_OF_MEMORY",
          "[robustness][allocation]") {
  const CscMatrix<double> a = lupine::generate::laplacian_2d(7, 6);
  const std::int64_t n = a.rows();
  const std::vector<std::int32_t> col_ptr(a.col_ptr().begin(), a.col_ptr().end());
  const std::vector<std::int32_t> rows(a.row_indices().begin(), a.row_indices().end());
  const std::vector<double>& values = a.values();
  auto status_check = [](lupine_status status) {
    if (status == LUPINE_OK) return true;
    CHECK(status == LUPINE_ERROR_OUT_OF_MEMORY);
    return false;
  };

  lupine_options* options = nullptr;
  REQUIRE(lupine_options_create(&options) == LUPINE_OK);
  REQUIRE(lupine_options_set(options, LUPINE_OPTION_PATH, LUPINE_PATH_SUPERNODAL) == LUPINE_OK);
  lupine_symbolic* symbolic = nullptr;
  inject(
      "lupine_analyze",
      [&] {
        lupine_symbolic_destroy(symbolic);
        symbolic = nullptr;
        return status_check(lupine_analyze(options, n, col_ptr.data(), rows.data(), 0, &symbolic));
      },
      [&](bool failed) {
        if (failed) CHECK(symbolic == nullptr);
      });
  REQUIRE(symbolic != nullptr);

  lupine_numeric* numeric = nullptr;
  inject(
      "lupine_factor",
      [&] {
        lupine_numeric_destroy(numeric);
        numeric = nullptr;
        return status_check(lupine_factor(symbolic, values.data(), &numeric));
      },
      [&](bool failed) {
        if (failed) CHECK(numeric == nullptr);
      });
  REQUIRE(numeric != nullptr);

  std::size_t size = 0;
  REQUIRE(lupine_solve_workspace_size(numeric, 1, &size) == LUPINE_OK);
  std::vector<double> workspace(size);
  const std::vector<double> b(static_cast<std::size_t>(n), 1.0);
  std::vector<double> x(b.size());
  auto solves = [&] {
    x = b;
    return lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x.data(), n, workspace.data(), size);
  };
  REQUIRE(solves() == LUPINE_OK);
  const std::vector<double> first = x;
  std::vector<double> changed = values;
  for (auto& value : changed) value *= 1.25;
  inject(
      "lupine_refactor",
      [&] {
        int reused = 0;
        return status_check(lupine_refactor(numeric, changed.data(), &reused));
      },
      [&](bool failed) {
        // Invalidated by a failure (LUPINE_ERROR_CALL_ORDER), or on the values of `changed`
        // (the previous round's refactor left it there).
        if (failed && solves() != LUPINE_OK) {
          int reused = 0;
          REQUIRE(lupine_refactor(numeric, changed.data(), &reused) == LUPINE_OK);
        }
        REQUIRE(solves() == LUPINE_OK);
        for (std::size_t i = 0; i < x.size(); ++i) CHECK(x[i] == Approx(first[i] / 1.25));
      });
  inject(
      "lupine_solve_refined",
      [&] {
        double backward = 0;
        return status_check(lupine_solve_refined(numeric, LUPINE_TRANSPOSE, 1, b.data(), x.data(),
                                                 n, 2, &backward, workspace.data(), size));
      },
      [&](bool) { CHECK(solves() == LUPINE_OK); });
  lupine_numeric_destroy(numeric);
  lupine_symbolic_destroy(symbolic);
  lupine_options_destroy(options);
  report_failures();
}

TEST_CASE("the complex C API reports every failed allocation as LUPINE_ERROR_OUT_OF_MEMORY",
          "[robustness][allocation][complex]") {
  const CscMatrix<double> a = lupine::generate::laplacian_2d(7, 6);
  const std::int64_t n = a.rows();
  const std::vector<std::int32_t> col_ptr(a.col_ptr().begin(), a.col_ptr().end());
  const std::vector<std::int32_t> rows(a.row_indices().begin(), a.row_indices().end());
  // G + iC: interleaved (re, im), as a C caller passes them.
  std::vector<double> values;
  for (std::size_t k = 0; k < a.values().size(); ++k) {
    values.push_back(a.values()[k]);
    values.push_back(0.25 * static_cast<double>(k % 5) - 0.5);
  }
  auto status_check = [](lupine_status status) {
    if (status == LUPINE_OK) return true;
    CHECK(status == LUPINE_ERROR_OUT_OF_MEMORY);
    return false;
  };

  lupine_options* options = nullptr;
  REQUIRE(lupine_options_create(&options) == LUPINE_OK);
  REQUIRE(lupine_options_set(options, LUPINE_OPTION_PATH, LUPINE_PATH_SUPERNODAL) == LUPINE_OK);
  lupine_symbolic* symbolic = nullptr;
  REQUIRE(lupine_analyze(options, n, col_ptr.data(), rows.data(), 0, &symbolic) == LUPINE_OK);
  lupine_znumeric* numeric = nullptr;
  inject(
      "lupine_zfactor",
      [&] {
        lupine_znumeric_destroy(numeric);
        numeric = nullptr;
        return status_check(lupine_zfactor(symbolic, values.data(), &numeric));
      },
      [&](bool failed) {
        if (failed) CHECK(numeric == nullptr);
      });
  REQUIRE(numeric != nullptr);

  std::size_t size = 0;
  REQUIRE(lupine_zsolve_workspace_size(numeric, 1, &size) == LUPINE_OK);
  std::vector<double> workspace(size);
  std::vector<double> b(2 * static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = i % 2 == 0 ? 1.0 : -0.5;
  std::vector<double> x(b.size());
  auto solves = [&] {
    x = b;
    return lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, x.data(), n, workspace.data(), size);
  };
  REQUIRE(solves() == LUPINE_OK);
  const std::vector<double> first = x;
  std::vector<double> changed = values;
  for (auto& value : changed) value *= 1.25;
  inject(
      "lupine_zrefactor",
      [&] {
        int reused = 0;
        return status_check(lupine_zrefactor(numeric, changed.data(), &reused));
      },
      [&](bool failed) {
        if (failed && solves() != LUPINE_OK) {
          int reused = 0;
          REQUIRE(lupine_zrefactor(numeric, changed.data(), &reused) == LUPINE_OK);
        }
        REQUIRE(solves() == LUPINE_OK);
        for (std::size_t i = 0; i < x.size(); ++i) CHECK(x[i] == Approx(first[i] / 1.25));
      });
  inject(
      "lupine_zsolve_refined",
      [&] {
        double backward = 0;
        return status_check(lupine_zsolve_refined(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, b.data(),
                                                  x.data(), n, 2, &backward, workspace.data(),
                                                  size));
      },
      [&](bool) { CHECK(solves() == LUPINE_OK); });
  double condition = 0;
  REQUIRE(lupine_zcondition_estimate(numeric, &condition) == LUPINE_OK);
  inject(
      "lupine_zcondition_estimate",
      [&] {
        double estimate = 0;
        const bool done = status_check(lupine_zcondition_estimate(numeric, &estimate));
        if (done) CHECK(estimate == condition);
        return done;
      },
      [&](bool) { CHECK(solves() == LUPINE_OK); });
  lupine_znumeric_destroy(numeric);
  lupine_symbolic_destroy(symbolic);
  lupine_options_destroy(options);
  report_failures();
}

TEST_CASE("reading a file under failing allocations", "[robustness][allocation]") {
  const CscMatrix<double> a = lupine::generate::laplacian_2d(6, 5);
  const std::string path = std::string(LUPINE_BINARY_DIR) + "/allocation_failure_read.mtx";
  lupine::write_matrix_market(path, a);
  CscMatrix<double> read;
  inject(
      "read_matrix_market",
      [&] {
        read = lupine::read_matrix_market<double>(path);
        return true;
      },
      [&](bool failed) {
        if (!failed) CHECK(read.values() == a.values());
      });
  inject(
      "read_matrix",
      [&] {
        read = lupine::read_matrix<double>(path);
        return true;
      },
      [&](bool failed) {
        if (!failed) CHECK(read.values() == a.values());
      });
  std::remove(path.c_str());
  report_failures();
}
