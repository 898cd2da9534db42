// Fill-reducing orderings of one block, and the automatic choice between them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "ordering/ordering.hpp"
#include "symbolic/column_counts.hpp"
#include "symbolic/etree.hpp"

namespace {

bool is_permutation_of_n(std::vector<int> perm, int n) {
  std::sort(perm.begin(), perm.end());
  std::vector<int> identity(static_cast<std::size_t>(n));
  std::iota(identity.begin(), identity.end(), 0);
  return perm == identity;
}

}  // namespace

TEST_CASE("AMD orders the hub of an arrow matrix last", "[ordering]") {
  // Column 0 and row 0 are full: eliminating node 0 first would fill the whole matrix.
  lupine::TripletBuilder<double> builder(30, 30);
  for (int k = 0; k < 30; ++k) {
    builder.add(k, k, 4.0);
    if (k > 0) {
      builder.add(0, k, 1.0);
      builder.add(k, 0, 1.0);
    }
  }
  const auto a = builder.build();
  const auto order =
      lupine::detail::order_block(30, a.col_ptr().data(), a.row_indices().data(),
                                  a.col_ptr().data(), a.row_indices().data(), lupine::Ordering::amd)
          .perm;
  REQUIRE(is_permutation_of_n(order, 30));
  CHECK(order.back() == 0);
  const auto natural = lupine::detail::order_block(30, a.col_ptr().data(), a.row_indices().data(),
                                                   a.col_ptr().data(), a.row_indices().data(),
                                                   lupine::Ordering::natural)
                           .perm;
  CHECK(natural.front() == 0);
}

TEST_CASE("COLAMD returns a permutation and reduces fill on a random block", "[ordering]") {
  lupine::generate::RandomSparseOptions options;
  options.n = 200;
  options.entries_per_column = 4;
  options.seed = 11;
  const auto a = lupine::generate::random_sparse(options);
  const auto order = lupine::detail::order_block(200, a.col_ptr().data(), a.row_indices().data(),
                                                 a.col_ptr().data(), a.row_indices().data(),
                                                 lupine::Ordering::colamd)
                         .perm;
  REQUIRE(is_permutation_of_n(order, 200));
  lupine::Options natural;
  natural.ordering = lupine::Ordering::natural;
  natural.path = lupine::FactorPath::column;
  lupine::Options colamd = natural;
  colamd.ordering = lupine::Ordering::colamd;
  const lupine::Numeric<> with_natural(lupine::analyze(a, natural), a, natural);
  const lupine::Numeric<> with_colamd(lupine::analyze(a, colamd), a, colamd);
  CHECK(with_colamd.stats().lu_nnz < with_natural.stats().lu_nnz);
}

TEST_CASE("automatic ordering follows the measured symmetry rule", "[ordering]") {
  using lupine::Ordering;
  CHECK(lupine::detail::choose_block_ordering(Ordering::automatic, 1.0) == Ordering::amd);
  CHECK(lupine::detail::choose_block_ordering(
            Ordering::automatic, lupine::detail::kAmdSymmetryThreshold) == Ordering::amd);
  CHECK(lupine::detail::choose_block_ordering(Ordering::automatic, 0.1) == Ordering::colamd);
  CHECK(lupine::detail::choose_block_ordering(Ordering::colamd, 1.0) == Ordering::colamd);
}

TEST_CASE("AMD's own fill count agrees with the column counts of its order", "[ordering]") {
  // A 2D grid has no dense rows, so AMD's count is the exact Cholesky count of its order.
  const auto a = lupine::generate::laplacian_2d(12, 9);
  const int n = a.rows();
  const auto order =
      lupine::detail::order_block(n, a.col_ptr().data(), a.row_indices().data(), a.col_ptr().data(),
                                  a.row_indices().data(), lupine::Ordering::amd);
  std::vector<int> inverse(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    inverse[static_cast<std::size_t>(order.perm[static_cast<std::size_t>(k)])] = k;
  const auto parent = lupine::detail::elimination_tree(
      n, a.col_ptr().data(), a.row_indices().data(), order.perm.data(), inverse.data());
  const auto counts = lupine::detail::column_counts(n, a.col_ptr().data(), a.row_indices().data(),
                                                    parent, lupine::detail::postorder(parent),
                                                    order.perm.data(), inverse.data());
  double below = 0;
  double squares = 0;
  for (const int count : counts) {
    below += count - 1;
    squares += static_cast<double>(count - 1) * (count - 1);
  }
  CHECK(order.cholesky_off_diagonal == below);
  CHECK(order.divisions == below);
  CHECK(order.multiply_subtracts == squares);
}
