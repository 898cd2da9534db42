// Block triangular form and row scaling.
#include <catch2/catch.hpp>
#include <cmath>

#include "lupine/generate.hpp"
#include "lupine/sparse.hpp"
#include "preprocess/btf.hpp"
#include "preprocess/scaling.hpp"

using lupine::TripletBuilder;

TEST_CASE("BTF finds the diagonal blocks of a permuted block triangular matrix", "[preprocess]") {
  // Blocks {0,1}, {2}, {3,4,5} coupled upward only, then rows and columns shuffled.
  const int row_of[6] = {4, 0, 5, 2, 1, 3};
  const int col_of[6] = {2, 5, 0, 3, 1, 4};
  TripletBuilder<double> builder(6, 6);
  auto add = [&](int i, int j) { builder.add(row_of[i], col_of[j], 1.0 + i + 10 * j); };
  add(0, 0), add(1, 1), add(0, 1), add(1, 0);                        // block 1
  add(2, 2);                                                         // block 2
  add(3, 3), add(4, 4), add(5, 5), add(3, 4), add(4, 5), add(5, 3);  // block 3 (a cycle)
  add(0, 2), add(2, 4), add(1, 5);  // couplings above the diagonal blocks
  const auto a = builder.build();
  const auto form =
      lupine::detail::block_triangular_form(6, a.col_ptr().data(), a.row_indices().data(), true);
  REQUIRE(form.block_start.size() == 4);
  std::vector<int> sizes;
  for (std::size_t b = 0; b + 1 < form.block_start.size(); ++b) {
    sizes.push_back(form.block_start[b + 1] - form.block_start[b]);
  }
  std::sort(sizes.begin(), sizes.end());
  CHECK(sizes == std::vector<int>{1, 2, 3});
  // Permuted, every entry lies in or above its diagonal block, and the diagonal is full.
  std::vector<int> inverse_row(6), block_of(6);
  for (int k = 0; k < 6; ++k)
    inverse_row[static_cast<std::size_t>(form.row_perm[static_cast<std::size_t>(k)])] = k;
  for (std::size_t b = 0; b + 1 < form.block_start.size(); ++b) {
    for (int k = form.block_start[b]; k < form.block_start[b + 1]; ++k)
      block_of[static_cast<std::size_t>(k)] = static_cast<int>(b);
  }
  for (int k = 0; k < 6; ++k) {
    const int column = form.col_perm[static_cast<std::size_t>(k)];
    bool diagonal = false;
    for (int p = a.col_ptr()[column]; p < a.col_ptr()[column + 1]; ++p) {
      const int row = inverse_row[static_cast<std::size_t>(a.row_indices()[p])];
      CHECK(block_of[static_cast<std::size_t>(row)] <= block_of[static_cast<std::size_t>(k)]);
      diagonal = diagonal || row == k;
    }
    CHECK(diagonal);
  }
}

TEST_CASE("BTF off still checks the structural rank", "[preprocess]") {
  TripletBuilder<double> builder(3, 3);
  builder.add(0, 0, 1.0);
  builder.add(0, 1, 1.0);
  builder.add(0, 2, 1.0);
  builder.add(1, 2, 1.0);
  builder.add(2, 2, 1.0);
  const auto a = builder.build();
  try {
    lupine::detail::block_triangular_form(3, a.col_ptr().data(), a.row_indices().data(), false);
    FAIL("expected structurally_singular");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::structurally_singular);
    CHECK(error.structural_rank() == 2);
  }
}

TEST_CASE("row scaling uses powers of two and brings row maxima into [0.5, 1)", "[preprocess]") {
  lupine::generate::RandomSparseOptions options;
  options.n = 50;
  options.seed = 3;
  auto a = lupine::generate::random_sparse(options);
  for (std::size_t p = 0; p < a.values().size(); ++p)
    a.values()[p] *= std::pow(10.0, static_cast<double>(p % 13) - 6);
  for (const auto scaling : {lupine::Scaling::max, lupine::Scaling::sum}) {
    std::vector<double> scale(50);
    lupine::detail::compute_row_scaling(50, a.col_ptr().data(), a.row_indices().data(),
                                        a.values().data(), scaling, scale.data());
    std::vector<double> size(50, 0.0);
    for (int p = 0; p < a.nnz(); ++p) {
      const auto i = static_cast<std::size_t>(a.row_indices()[p]);
      const double scaled = std::abs(a.values()[static_cast<std::size_t>(p)]) * scale[i];
      size[i] = scaling == lupine::Scaling::max ? std::max(size[i], scaled) : size[i] + scaled;
    }
    for (std::size_t i = 0; i < 50; ++i) {
      int exponent = 0;
      CHECK(std::frexp(scale[i], &exponent) == 0.5);  // an exact power of two
      CHECK(size[i] >= 0.5);
      CHECK(size[i] < 1.0);
    }
  }
  std::vector<double> none(50);
  lupine::detail::compute_row_scaling(50, a.col_ptr().data(), a.row_indices().data(),
                                      a.values().data(), lupine::Scaling::none, none.data());
  CHECK(none == std::vector<double>(50, 1.0));
}
