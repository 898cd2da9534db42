// Deterministic values for pattern-only matrices (the rule is stated in io.hpp).
#include <cmath>
#include <cstdint>
#include <vector>

#include "lupine/io.hpp"

namespace lupine {
namespace {

// One SplitMix64 step (Steele, Lea and Flood, OOPSLA 2014): a bijection of 64-bit integers
// whose output bits all depend on all input bits, so neighbouring (i, j) get unrelated values.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

double off_diagonal_value(std::uint64_t row, std::uint64_t col) {
  const std::uint64_t z = mix(mix(row) ^ col);
  const double h = static_cast<double>(z >> 11) * 0x1p-53;
  return (z & 1) != 0 ? -(0.5 + h) : 0.5 + h;
}

}  // namespace

template <class Index>
void assign_pattern_values(CscMatrix<double, Index>& matrix) {
  const auto& col_ptr = matrix.col_ptr();
  const auto& row_indices = matrix.row_indices();
  std::vector<double>& values = matrix.values();
  values.assign(static_cast<std::size_t>(matrix.nnz()), 0.0);
  for (Index j = 0; j < matrix.cols(); ++j) {
    double column_sum = 0;
    Index diagonal = -1;
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const Index i = row_indices[p];
      if (i == j) {
        diagonal = p;
        continue;
      }
      values[p] = off_diagonal_value(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j));
      column_sum += std::fabs(values[p]);
    }
    if (diagonal >= 0) values[diagonal] = 1 + column_sum;
  }
}

template void assign_pattern_values(CscMatrix<double, std::int32_t>&);
template void assign_pattern_values(CscMatrix<double, std::int64_t>&);

}  // namespace lupine
