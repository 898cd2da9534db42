// Every real matrix we have solves to a backward error of 1e-12 within two refinement steps,
// or fails with a structural/numerical singularity error; refactor and transpose included;
// with 64-bit indices the same bits come out.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "support/index_width.hpp"
#include "support/test_matrices.hpp"

namespace {

// The solves checked below: A x = b and Aᵀ x = bᵀ with two refinement steps, then A x = b
// again after a refactorization with the same values.
struct Solves {
  std::vector<double> x, xt, x_refactored;
  double error = 0, error_t = 0, error_refactored = 0;
};

template <class Index>
Solves solve_with(const lupine::Symbolic<Index>& symbolic,
                  const lupine::CscMatrix<double, Index>& a, const std::vector<double>& b,
                  const std::vector<double>& bt) {
  Solves solves;
  lupine::Numeric<double, Index> numeric(symbolic, a);
  lupine::SolveReport report;
  solves.x = numeric.solve(b, lupine::Transpose::no, 2, &report);
  solves.error = report.backward_error;
  solves.xt = numeric.solve(bt, lupine::Transpose::yes, 2, &report);
  solves.error_t = report.backward_error;
  numeric.refactor(a);
  solves.x_refactored = numeric.solve(b, lupine::Transpose::no, 2, &report);
  solves.error_refactored = report.backward_error;
  return solves;
}

bool same_bits(const std::vector<double>& x, const std::vector<double>& y) {
  return x.size() == y.size() &&
         (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);
}
bool same_bits(double x, double y) {
  return std::memcmp(&x, &y, sizeof x) == 0;
}

// Matrices whose predicted factorization work exceeds this are skipped (with a message) to
// keep the suite's time bounded, twice over under the sanitizers. LUPINE_TEST_MAX_FLOPS
// raises it.
double flop_budget() {
  if (const char* text = std::getenv("LUPINE_TEST_MAX_FLOPS")) return std::atof(text);
  return 2e9;
}

void check_manifest(const std::string& folder) {
  const auto entries = lupine_test::read_manifest(folder + "/MANIFEST.tsv");
  REQUIRE_FALSE(entries.empty());
  int solved = 0;
  for (const auto& entry : entries) {
    if (entry.field == "complex") continue;  // test_complex.cpp solves these
    const std::string path = folder + "/" + entry.file;
    INFO("matrix " << path);
    bool pattern_only = false;
    auto a = lupine::read_matrix<double>(path, &pattern_only);
    if (pattern_only) lupine::assign_pattern_values(a);
    // Consistent right-hand sides (b = A 1 and Aᵀ 1): some of these matrices are singular to
    // working precision (ex6: smallest/largest pivot 2e-15), where only b in the range of A
    // has a small backward error.
    const std::vector<double> ones(static_cast<std::size_t>(a.rows()), 1.0);
    const std::vector<double> b = lupine::multiply(a, ones);
    const std::vector<double> bt = lupine::multiply(a, ones, lupine::Transpose::yes);
    lupine::Symbolic<> symbolic;
    try {
      symbolic = lupine::analyze(a);
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::structurally_singular);
      continue;
    }
    if (symbolic.stats().predicted_flops > flop_budget()) {
      WARN("skipping " << entry.name << ": predicted " << symbolic.stats().predicted_flops
                       << " flops exceed the test budget (LUPINE_TEST_MAX_FLOPS)");
      continue;
    }
    const auto a64 = lupine_test::with_indices<std::int64_t>(a);
    const lupine::Symbolic<std::int64_t> symbolic64 = lupine::analyze(a64);
    Solves narrow;
    try {
      narrow = solve_with(symbolic, a, b, bt);
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
      CHECK_THROWS_WITH((lupine::Numeric<double, std::int64_t>(symbolic64, a64)), error.what());
      continue;
    }
    CHECK(narrow.error <= 1e-12);
    CHECK(narrow.error_t <= 1e-12);
    CHECK(narrow.error_refactored <= 1e-12);
    ++solved;
    const Solves wide = solve_with(symbolic64, a64, b, bt);
    CHECK(same_bits(narrow.x, wide.x));
    CHECK(same_bits(narrow.xt, wide.xt));
    CHECK(same_bits(narrow.x_refactored, wide.x_refactored));
    CHECK(same_bits(narrow.error, wide.error));
    CHECK(same_bits(narrow.error_t, wide.error_t));
  }
  CHECK(solved > 0);
}

}  // namespace

TEST_CASE("bundled matrices solve to backward error 1e-12", "[numeric][real]") {
  check_manifest(lupine_test::bundled_matrices_dir());
}

TEST_CASE("shared matrices solve to backward error 1e-12", "[numeric][real][shared]") {
  const std::string folder = lupine_test::shared_matrices_dir();
  if (folder.empty()) {
    WARN("../shared/matrices not found: skipping the shared-matrix solve test");
    return;
  }
  check_manifest(folder);
}
