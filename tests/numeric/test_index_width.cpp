// 64-bit indices end to end, and what 32-bit indices cannot address: an analysis whose
// predicted nnz(L+U) passes 2^31 - 1 is refused with size_overflow (the prediction and the
// advice to use 64-bit indices in the message) and succeeds with 64-bit indices; the column
// path's growth past its index limit during pivoting is refused the same way and leaves its
// workspace usable; and the two widths compute the same bits.
#include <sys/resource.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "numeric/numeric_column.hpp"
#include "support/capture.hpp"
#include "support/index_width.hpp"

using Catch::Contains;
using lupine::CscMatrix;
using lupine::ErrorKind;

namespace {

constexpr std::int64_t kInt32Limit = std::numeric_limits<std::int32_t>::max();

using lupine_test::capture;

// The count a size_overflow message gives: the number after " is ".
std::int64_t reported_count(const std::string& message) {
  const std::size_t at = message.find(" is ");
  return at == std::string::npos ? -1 : std::stoll(message.substr(at + 4));
}

// Peak resident memory of this process, bytes.
double peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

}  // namespace

TEST_CASE("a predicted fill past 2^31 - 1 is refused with 32-bit indices, analyzed with 64-bit",
          "[numeric][index][overflow]") {
  // Random: the diagonal and 9 random rows per column. AMD's order of B + Bᵀ fills it to
  // nearly dense (~3e9 entries predicted, 46% of n^2): far past 32-bit indices, from 800k
  // entries. Only analyses run: the factor (~47 GB) is never made.
  lupine::generate::RandomSparseOptions random;
  random.n = 80000;
  random.entries_per_column = 10;
  random.seed = 1;
  const CscMatrix<double> a = lupine::generate::random_sparse(random);
  lupine::Options options;
  options.ordering = lupine::Ordering::amd;

  const auto start = std::chrono::steady_clock::now();
  const lupine::Error error = capture([&] { lupine::analyze(a, options); });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(error.what());
  CHECK(error.kind() == ErrorKind::size_overflow);
  CHECK_THAT(error.what(), Contains("predicted nnz(L+U)"));
  CHECK_THAT(error.what(), Contains("32-bit indices"));
  CHECK_THAT(error.what(), Contains("use 64-bit indices"));
  CHECK_THAT(error.what(), Contains("std::int64_t"));
  CHECK_THAT(error.what(), Contains("lupine_analyze_i64"));
  const std::int64_t refused = reported_count(error.what());
  CHECK(refused > kInt32Limit);
  WARN("32-bit analysis refused in " << seconds << " s");

  const CscMatrix<double, std::int64_t> wide = lupine_test::with_indices<std::int64_t>(a);
  const lupine::Symbolic<std::int64_t> symbolic = lupine::analyze(wide, options);
  const lupine::Stats& stats = symbolic.stats();
  CHECK(stats.predicted_lu_nnz > kInt32Limit);
  // The refusal counted the blocks up to the one that passed the limit.
  CHECK(refused <= stats.predicted_lu_nnz);
  CHECK(refused >= stats.predicted_lu_nnz - stats.n - stats.nnz);
  // Values and 64-bit row indices for every predicted entry.
  CHECK(static_cast<double>(stats.predicted_factor_bytes) >=
        16.0 * static_cast<double>(stats.predicted_lu_nnz) - 16.0 * static_cast<double>(stats.n));
  // Nothing of the factor's size was allocated: the process stayed small.
  CHECK(peak_resident_bytes() < 1e9);
  // And a memory limit refuses the factorization before any numeric work.
  lupine::Options limited = options;
  limited.memory_limit = std::int64_t{1} << 32;
  const lupine::Error too_big =
      capture([&] { lupine::Numeric<double, std::int64_t> numeric(symbolic, wide, limited); });
  CHECK(too_big.kind() == ErrorKind::memory_limit_exceeded);
}

TEST_CASE("the column path refuses to fill past its index limit and stays usable",
          "[numeric][index][overflow]") {
  // Pivoting fill of a random unsymmetric block, factored by the column kernel with the limit
  // of what its indices address lowered below the fill (a 32-bit Index at 2^31 - 1 entries,
  // scaled down).
  lupine::generate::RandomSparseOptions random;
  random.n = 120;
  random.entries_per_column = 4;
  random.seed = 3;
  random.permute_rows = true;
  const CscMatrix<double> a = lupine::generate::random_sparse(random);
  const int n = a.rows();
  std::vector<int> source(static_cast<std::size_t>(a.nnz()));
  for (std::size_t p = 0; p < source.size(); ++p) source[p] = static_cast<int>(p);
  const std::vector<double> unit_scale(static_cast<std::size_t>(n), 1.0);
  lupine::detail::BlockValues<double, int> block;
  block.size = n;
  block.col_ptr = a.col_ptr().data();
  block.rows = a.row_indices().data();
  block.source = source.data();
  block.values = a.values().data();
  block.row_scale = unit_scale.data();
  block.predicted_lu_nnz = a.nnz();
  const lupine::Options options;

  struct Run {
    lupine::detail::ColumnFactor<double, int> factor;
    std::vector<double> diagonal;
    std::vector<int> pivot_of_row;
    lupine::detail::BlockOutcome outcome;
  };
  lupine::detail::ColumnWorkspace<double, int> workspace(n);
  auto factor = [&](Run& run) {
    run.diagonal.assign(static_cast<std::size_t>(n), 0.0);
    run.pivot_of_row.assign(static_cast<std::size_t>(n), -1);
    run.outcome = {};
    lupine::detail::factor_column_block(block, options, workspace, run.factor, run.diagonal.data(),
                                        run.pivot_of_row.data(), run.outcome);
  };
  Run reference;
  factor(reference);
  REQUIRE(reference.outcome.singular_column < 0);
  const std::int64_t L_entries = reference.factor.L_col_ptr.back();
  const std::int64_t U_entries = reference.factor.U_col_ptr.back();
  REQUIRE(L_entries + U_entries + n > a.nnz());  // it fills

  for (const std::int64_t limit :
       {std::min(L_entries, U_entries) - 1, L_entries / 2, std::int64_t{0}}) {
    INFO("limit " << limit);
    block.entry_limit = limit;
    Run limited;
    const lupine::Error error = capture([&] { factor(limited); });
    INFO(error.what());
    CHECK(error.kind() == ErrorKind::size_overflow);
    CHECK_THAT(error.what(), Contains("of a column-path block of order 120"));
    CHECK_THAT(error.what(), Contains("predicted nnz(L+U) " + std::to_string(a.nnz())));
    CHECK_THAT(error.what(), Contains("use 64-bit indices"));
    CHECK(reported_count(error.what()) > limit);
    CHECK(reported_count(error.what()) <= limit + n);
    // The dense accumulator is zero again, and the next factorization in the same workspace
    // and factor arrays gives the same bits as the first.
    bool clean = true;
    for (const double value : workspace.x) clean = clean && value == 0.0;
    CHECK(clean);
    block.entry_limit = lupine::detail::index_limit<int>();
    factor(limited);
    CHECK(limited.outcome.singular_column < 0);
    CHECK(limited.diagonal == reference.diagonal);
    CHECK(limited.pivot_of_row == reference.pivot_of_row);
    CHECK(limited.factor.L_col_ptr == reference.factor.L_col_ptr);
    CHECK(limited.factor.U_col_ptr == reference.factor.U_col_ptr);
    const std::size_t L_count = static_cast<std::size_t>(L_entries);
    CHECK(std::equal(limited.factor.L_values.begin(), limited.factor.L_values.begin() + L_count,
                     reference.factor.L_values.begin()));
  }
}

TEST_CASE("Solver<double, int64_t> gives the bits of Solver<double, int32_t>", "[numeric][index]") {
  const CscMatrix<double> a = lupine::generate::convection_diffusion_2d(30, 20, 40.0, 2);
  const std::vector<double> b(static_cast<std::size_t>(a.rows()), 1.0);
  lupine::Solver<double, std::int32_t> narrow;
  lupine::Solver<double, std::int64_t> wide;
  const CscMatrix<double, std::int64_t> a64 = lupine_test::with_indices<std::int64_t>(a);
  narrow.factor(a);
  wide.factor(a64);
  for (const auto transpose : {lupine::Transpose::no, lupine::Transpose::yes}) {
    lupine::SolveReport narrow_report, wide_report;
    CHECK(narrow.solve(b, transpose, &narrow_report) == wide.solve(b, transpose, &wide_report));
    CHECK(narrow_report.backward_error == wide_report.backward_error);
    CHECK(narrow_report.refinement_steps == wide_report.refinement_steps);
  }
  CscMatrix<double> shifted = a;
  shifted.values() = lupine_test::nearby_values(a, 0.05);
  CscMatrix<double, std::int64_t> shifted64 = a64;
  shifted64.values() = shifted.values();
  CHECK(narrow.refactor(shifted) == wide.refactor(shifted64));
  CHECK(narrow.solve(b) == wide.solve(b));
  CHECK(wide.numeric().size() == std::int64_t{a.rows()});
}
