// assign_pattern_values follows the rule documented in io.hpp exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "lupine/io.hpp"

namespace {

// The documented rule, written out again independently of the library.
std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

double documented_off_diagonal(std::uint64_t i, std::uint64_t j) {
  const std::uint64_t z = splitmix(splitmix(i) ^ j);
  const double h = static_cast<double>(z >> 11) / 9007199254740992.0;  // 2^53
  return ((z & 1) == 1 ? -1.0 : 1.0) * (0.5 + h);
}

template <class Index>
lupine::CscMatrix<double, Index> pattern(Index n) {
  lupine::TripletBuilder<double, Index> builder(n, n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < n; ++i) {
      if (i == j ? j % 4 != 3 : (i * 7 + j * 3) % 5 == 0) builder.add(i, j, 0.0);
    }
  }
  return builder.build(true);
}

}  // namespace

TEST_CASE("pattern values follow the documented rule", "[io][pattern]") {
  lupine::CscMatrix<double> a = pattern<std::int32_t>(40);
  REQUIRE(a.values().empty());
  lupine::assign_pattern_values(a);
  REQUIRE(a.values().size() == static_cast<std::size_t>(a.nnz()));
  int diagonals = 0;
  int negative = 0;
  for (std::int32_t j = 0; j < a.cols(); ++j) {
    double column_sum = 0;
    std::int32_t diagonal = -1;
    for (std::int32_t p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const std::int32_t i = a.row_indices()[p];
      if (i == j) {
        diagonal = p;
        continue;
      }
      const double value = a.values()[p];
      CHECK(value ==
            documented_off_diagonal(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j)));
      CHECK(std::fabs(value) >= 0.5);
      CHECK(std::fabs(value) < 1.5);
      negative += value < 0;
      column_sum += std::fabs(value);
    }
    if (diagonal >= 0) {
      ++diagonals;
      CHECK(a.values()[diagonal] == 1 + column_sum);
    }
  }
  CHECK(diagonals == 30);
  CHECK(negative > 20);  // both signs occur

  // The same pattern gives the same values with 64-bit indices, and again on a second call.
  lupine::CscMatrix<double, std::int64_t> b = pattern<std::int64_t>(40);
  lupine::assign_pattern_values(b);
  CHECK(b.values() == a.values());
  std::vector<double> first = a.values();
  lupine::assign_pattern_values(a);
  CHECK(a.values() == first);
}
