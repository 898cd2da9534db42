// Elimination tree, postorder and column counts against a brute-force symbolic Cholesky.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <set>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "lupine/sparse.hpp"
#include "symbolic/column_counts.hpp"
#include "symbolic/etree.hpp"
#include "symbolic/symbolic_data.hpp"

namespace {

using Pattern = std::vector<std::set<int>>;  // column j -> rows (lower part, diagonal included)

// Symbolic Cholesky by the definition: struct(L(:,j)) = struct(S(j:n, j)) ∪ struct of the
// children's columns below j.
Pattern brute_force_cholesky(const lupine::CscMatrix<double>& s, const std::vector<int>& perm) {
  const int n = s.cols();
  std::vector<int> inverse(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    inverse[static_cast<std::size_t>(perm[static_cast<std::size_t>(k)])] = k;
  Pattern L(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    const int column = perm[static_cast<std::size_t>(j)];
    L[static_cast<std::size_t>(j)].insert(j);
    for (int p = s.col_ptr()[column]; p < s.col_ptr()[column + 1]; ++p) {
      const int i = inverse[static_cast<std::size_t>(s.row_indices()[p])];
      if (i > j) L[static_cast<std::size_t>(j)].insert(i);
    }
  }
  for (int j = 0; j < n; ++j) {
    // The parent of j is the smallest row below the diagonal; it inherits j's structure.
    const auto& column = L[static_cast<std::size_t>(j)];
    auto it = column.upper_bound(j);
    if (it == column.end()) continue;
    const int parent = *it;
    for (; it != column.end(); ++it) L[static_cast<std::size_t>(parent)].insert(*it);
  }
  return L;
}

lupine::CscMatrix<double> symmetric_pattern(const lupine::CscMatrix<double>& a) {
  return lupine::pattern_plus_transpose(a);
}

}  // namespace

TEST_CASE("etree and counts of a 5-point Laplacian match brute force", "[symbolic]") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    lupine::generate::RandomSparseOptions options;
    options.n = 40;
    options.entries_per_column = 3;
    options.seed = seed;
    const auto s = symmetric_pattern(lupine::generate::random_sparse(options));
    const int n = s.cols();
    std::vector<int> identity(static_cast<std::size_t>(n));
    std::iota(identity.begin(), identity.end(), 0);
    std::vector<int> reversed(identity.rbegin(), identity.rend());
    for (const auto& perm : {identity, reversed}) {
      std::vector<int> inverse(static_cast<std::size_t>(n));
      for (int k = 0; k < n; ++k)
        inverse[static_cast<std::size_t>(perm[static_cast<std::size_t>(k)])] = k;
      const auto parent = lupine::detail::elimination_tree(
          n, s.col_ptr().data(), s.row_indices().data(), perm.data(), inverse.data());
      const auto post = lupine::detail::postorder(parent);
      const auto counts = lupine::detail::column_counts(
          n, s.col_ptr().data(), s.row_indices().data(), parent, post, perm.data(), inverse.data());
      const Pattern L = brute_force_cholesky(s, perm);
      for (int j = 0; j < n; ++j) {
        INFO("seed " << seed << " column " << j);
        const auto& column = L[static_cast<std::size_t>(j)];
        const auto below = column.upper_bound(j);
        CHECK(parent[static_cast<std::size_t>(j)] == (below == column.end() ? -1 : *below));
        CHECK(counts[static_cast<std::size_t>(j)] == static_cast<int>(column.size()));
      }
    }
  }
}

TEST_CASE("postorder lists children before parents", "[symbolic]") {
  // Forest: 0 -> 2, 1 -> 2, 2 -> 4, 3 -> 4, 5 alone.
  const std::vector<int> parent{2, 2, 4, 4, -1, -1};
  const auto post = lupine::detail::postorder(parent);
  REQUIRE(post.size() == parent.size());
  std::vector<int> position(parent.size());
  for (std::size_t k = 0; k < post.size(); ++k)
    position[static_cast<std::size_t>(post[k])] = static_cast<int>(k);
  for (std::size_t j = 0; j < parent.size(); ++j) {
    if (parent[j] >= 0) CHECK(position[j] < position[static_cast<std::size_t>(parent[j])]);
  }
  CHECK(post == std::vector<int>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("a tridiagonal matrix has a path as its tree and two entries per column", "[symbolic]") {
  const auto s = lupine::generate::laplacian_2d(7, 1);
  const int n = s.cols();
  const auto parent =
      lupine::detail::elimination_tree(n, s.col_ptr().data(), s.row_indices().data());
  const auto counts = lupine::detail::column_counts(n, s.col_ptr().data(), s.row_indices().data(),
                                                    parent, lupine::detail::postorder(parent));
  for (int j = 0; j < n; ++j) {
    CHECK(parent[static_cast<std::size_t>(j)] == (j + 1 < n ? j + 1 : -1));
    CHECK(counts[static_cast<std::size_t>(j)] == (j + 1 < n ? 2 : 1));
  }
}

TEST_CASE("analysis finds the slot of every diagonal entry, and -1 where the pattern has none",
          "[symbolic]") {
  lupine::generate::RandomSparseOptions options;
  options.n = 60;
  options.entries_per_column = 4;
  options.permute_rows = GENERATE(false, true);  // with: most diagonals are missing
  options.seed = 7;
  const auto a = lupine::generate::random_sparse(options);
  const auto symbolic = lupine::analyze(a);
  const auto& slots = symbolic.data().diagonal_slot;
  REQUIRE(slots.size() == static_cast<std::size_t>(a.cols()));
  int missing = 0;
  for (int j = 0; j < a.cols(); ++j) {
    CHECK(slots[static_cast<std::size_t>(j)] == a.find(j, j));
    missing += a.find(j, j) < 0;
  }
  CHECK((missing > 0) == options.permute_rows);
}
