// Every real matrix we have solves to a backward error of 1e-12 within two refinement steps,
// or fails with a structural/numerical singularity error; refactor and transpose included.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "support/test_matrices.hpp"

namespace {

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
    try {
      lupine::Numeric<> numeric(symbolic, a);
      lupine::SolveReport report;
      numeric.solve(b, lupine::Transpose::no, 2, &report);
      CHECK(report.backward_error <= 1e-12);
      numeric.solve(bt, lupine::Transpose::yes, 2, &report);
      CHECK(report.backward_error <= 1e-12);
      numeric.refactor(a);
      numeric.solve(b, lupine::Transpose::no, 2, &report);
      CHECK(report.backward_error <= 1e-12);
      ++solved;
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
    }
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
