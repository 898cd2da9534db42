// refactor() and solve_in_place() must not allocate: simulators call them in their inner loop.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"

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
}  // namespace

#if LUPINE_COUNT_ALLOCATIONS
// Counting replacements of the global allocation functions (for this test executable).
void* operator new(std::size_t size) {
  ++allocations;
  if (void* pointer = std::malloc(size == 0 ? 1 : size)) return pointer;
  throw std::bad_alloc();
}
void operator delete(void* pointer) noexcept {
  std::free(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept {
  std::free(pointer);
}
#endif

TEST_CASE("refactor and solve do not allocate", "[numeric][refactor][allocation]") {
  if (!LUPINE_COUNT_ALLOCATIONS) {
    WARN("allocation counting is off under AddressSanitizer; the Release build checks it");
    return;
  }
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 400;
  circuit.voltage_sources = 12;
  circuit.inductors = 6;
  auto a = lupine::generate::random_circuit(circuit);
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
