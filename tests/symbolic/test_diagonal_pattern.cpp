// The pattern of L and U for diagonal pivots that analysis finds for column-path blocks, against
// elimination by the definition on the block's pattern, and against what the column kernel
// builds when its pivots are the diagonal.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "numeric/numeric_data.hpp"
#include "support/test_matrices.hpp"
#include "symbolic/symbolic_data.hpp"

namespace {

using Pattern = std::vector<std::set<int>>;

// Boolean Gaussian elimination without pivoting on block b's local pattern: column k of L
// holds the rows below k, column k of U the rows above it, once columns before k are applied.
void eliminate_by_definition(const lupine::detail::SymbolicData<int>& data,
                             const lupine::detail::BlockPlan<int>& plan, Pattern& L, Pattern& U) {
  const int n = plan.size;
  std::vector<std::vector<char>> full(static_cast<std::size_t>(n),
                                      std::vector<char>(static_cast<std::size_t>(n), 0));
  for (int k = 0; k < n; ++k) {
    for (int p = data.block_col_ptr[plan.start + k]; p < data.block_col_ptr[plan.start + k + 1];
         ++p) {
      full[static_cast<std::size_t>(k)][static_cast<std::size_t>(data.block_rows[p])] = 1;
    }
  }
  L.assign(static_cast<std::size_t>(n), {});
  U.assign(static_cast<std::size_t>(n), {});
  for (int k = 0; k < n; ++k) {
    for (int i = 0; i < n; ++i) {
      if (!full[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)]) continue;
      if (i < k) U[static_cast<std::size_t>(k)].insert(i);
      if (i > k) L[static_cast<std::size_t>(k)].insert(i);
    }
    // Column k's entries below the diagonal fill every later column j with a U(k, j).
    for (int j = k + 1; j < n; ++j) {
      if (!full[static_cast<std::size_t>(j)][static_cast<std::size_t>(k)]) continue;
      for (const int i : L[static_cast<std::size_t>(k)]) {
        full[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)] = 1;
      }
    }
  }
}

lupine::Options column_options(bool presume) {
  lupine::Options options;
  options.path = lupine::FactorPath::column;
  options.scaling = lupine::Scaling::none;
  options.dense_tail_min_order = 0;
  options.presume_diagonal_pivots = presume;
  options.threads = 1;
  return options;
}

// Circuit-like fill (nnz(L+U) well under 4 nnz(A)), every pivot the diagonal.
lupine::CscMatrix<double> dominant_random(int n, int bandwidth, std::uint64_t seed) {
  return lupine_test::banded_random(n, bandwidth, 0.5, 2, seed);
}

}  // namespace

TEST_CASE("the pattern for diagonal pivots is elimination's pattern without pivoting",
          "[symbolic][presumed]") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const int n = 20 + static_cast<int>(seed) * 7;
    const lupine::CscMatrix<double> a = dominant_random(n, 2 + static_cast<int>(seed % 3), seed);
    const lupine::Symbolic<> symbolic = lupine::analyze(a, column_options(true));
    const auto& data = symbolic.data();
    std::size_t blocks_checked = 0;
    for (const auto& plan : data.blocks) {
      if (plan.size < 2) continue;
      REQUIRE(plan.diagonal_pattern >= 0);
      const auto structure = data.diagonal_patterns.pattern(plan.diagonal_pattern, plan.start);
      // The transversal is the diagonal, so every column's diagonal is in its pattern.
      REQUIRE(structure.columns == plan.size);
      Pattern L, U;
      eliminate_by_definition(data, plan, L, U);
      for (int k = 0; k < plan.size; ++k) {
        const std::set<int> L_rows(structure.L_rows + structure.L_col_ptr[k],
                                   structure.L_rows + structure.L_col_ptr[k + 1]);
        const std::set<int> U_rows(structure.U_rows + structure.U_col_ptr[k],
                                   structure.U_rows + structure.U_col_ptr[k + 1]);
        INFO("seed " << seed << ", column " << k);
        CHECK(L_rows == L[static_cast<std::size_t>(k)]);
        CHECK(U_rows == U[static_cast<std::size_t>(k)]);
        // No row twice, and U's order is a valid update order: column k's entry j is updated
        // only by the entries before it.
        CHECK(L_rows.size() ==
              static_cast<std::size_t>(structure.L_col_ptr[k + 1] - structure.L_col_ptr[k]));
        CHECK(U_rows.size() ==
              static_cast<std::size_t>(structure.U_col_ptr[k + 1] - structure.U_col_ptr[k]));
      }
      // The pruned part of a column holds exactly the rows pivotal when it was pruned.
      for (int j = 0; j < plan.size; ++j) {
        const int length = structure.pruned_length[static_cast<std::size_t>(j)];
        if (length < 0) continue;
        const int after = structure.pruned_after[static_cast<std::size_t>(j)];
        for (int q = 0; q < structure.L_col_ptr[j + 1] - structure.L_col_ptr[j]; ++q) {
          const int row = structure.L_rows[static_cast<std::size_t>(structure.L_col_ptr[j] + q)];
          CHECK((q < length) == (row <= after));
        }
      }
      ++blocks_checked;
    }
    CHECK(blocks_checked >= 1);
  }
}

TEST_CASE("the pattern for diagonal pivots is the column kernel's, update order and all",
          "[symbolic][presumed]") {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const lupine::CscMatrix<double> a = dominant_random(150, 3, seed);
    const lupine::Symbolic<> symbolic = lupine::analyze(a, column_options(true));
    const lupine::Options searching = column_options(false);
    const lupine::Numeric<> numeric(symbolic, a, searching);
    REQUIRE(numeric.stats().off_diagonal_pivots == 0);
    CHECK(numeric.stats().presumed_pivot_columns == 0);
    const auto& data = symbolic.data();
    for (std::size_t b = 0; b < data.blocks.size(); ++b) {
      const auto& plan = data.blocks[b];
      if (plan.size < 2) continue;
      const auto structure = data.diagonal_patterns.pattern(plan.diagonal_pattern, plan.start);
      const auto& factor = numeric.data().blocks[b].column;
      INFO("seed " << seed << ", block " << b);
      REQUIRE(structure.columns == plan.size);
      const int L_count = structure.L_col_ptr[plan.size];
      const int U_count = structure.U_col_ptr[plan.size];
      CHECK(std::equal(structure.L_col_ptr, structure.L_col_ptr + plan.size + 1,
                       factor.L_col_ptr.begin()));
      CHECK(std::equal(structure.U_col_ptr, structure.U_col_ptr + plan.size + 1,
                       factor.U_col_ptr.begin()));
      CHECK(std::equal(structure.L_rows, structure.L_rows + L_count, factor.L_rows.begin()));
      CHECK(std::equal(structure.U_rows, structure.U_rows + U_count, factor.U_rows.begin()));
    }
  }
}

TEST_CASE(
    "analysis finds no pattern for diagonal pivots when told not to, or for fill-heavy blocks",
    "[symbolic][presumed]") {
  const lupine::CscMatrix<double> a = dominant_random(200, 3, 5);
  const lupine::Symbolic<> without = lupine::analyze(a, column_options(false));
  CHECK(without.data().diagonal_patterns.blocks.empty());
  for (const auto& plan : without.data().blocks) CHECK(plan.diagonal_pattern == -1);

  // A 2D grid's blocks fill in far more than 4x their entries: no pattern, the kernel searches.
  const lupine::CscMatrix<double> grid = lupine::generate::laplacian_2d(40, 40);
  const lupine::Symbolic<> filled = lupine::analyze(grid, column_options(true));
  CHECK(filled.data().diagonal_patterns.blocks.empty());
  const lupine::Numeric<> numeric(filled, grid, column_options(true));
  CHECK(numeric.stats().presumed_pivot_columns == 0);
}

TEST_CASE("analysis's values end a block's pattern at a diagonal that fails before elimination",
          "[symbolic][presumed]") {
  lupine::Options options = column_options(true);
  options.btf = false;
  options.ordering = lupine::Ordering::natural;
  lupine::CscMatrix<double> a = dominant_random(120, 3, 7);
  const auto full = lupine::analyze(a, options);
  REQUIRE(full.data().diagonal_patterns.blocks.size() == 1);
  CHECK(full.data().diagonal_patterns.blocks[0].columns == 120);
  // An explicit zero on the diagonal of column 30: the kernel must take another row there.
  a.values()[static_cast<std::size_t>(a.find(30, 30))] = 0;
  const auto cut = lupine::analyze(a, options);
  REQUIRE(cut.data().diagonal_patterns.blocks.size() == 1);
  CHECK(cut.data().diagonal_patterns.blocks[0].columns == 30);
  const lupine::Numeric<> numeric(cut, a, options);
  CHECK(numeric.stats().presumed_pivot_columns == 30);
  CHECK(numeric.stats().off_diagonal_pivots >= 1);
  // Without values (a pattern), analysis cannot tell: the whole block gets its pattern.
  const lupine::CscMatrix<double> pattern(a.rows(), a.cols(), a.col_ptr(), a.row_indices(), {});
  const auto unknown = lupine::analyze(pattern, options);
  CHECK(unknown.data().diagonal_patterns.blocks[0].columns == 120);
}
