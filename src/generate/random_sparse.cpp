// Random sparse matrices with a guaranteed transversal.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "generate/arguments.hpp"
#include "generate/random_stream.hpp"
#include "lupine/checked.hpp"
#include "lupine/generate.hpp"

namespace lupine {
namespace generate {

CscMatrix<double> random_sparse(const RandomSparseOptions& options) {
  const char* function = "random_sparse";
  const int n = options.n;
  require_positive(n, function, "n");
  require_in_range(options.entries_per_column, 1, static_cast<double>(n), function,
                   "entries_per_column");
  require_in_range(options.diagonal_dominance, 0, std::numeric_limits<double>::max(), function,
                   "diagonal_dominance");
  const double off_diagonal = options.entries_per_column - 1;
  const auto whole = static_cast<int>(std::floor(off_diagonal));
  const double fraction = off_diagonal - whole;
  const int per_column_bound = whole + (fraction > 0 ? 1 : 0) + 1;
  const int entry_bound = checked_mul(n, per_column_bound, "random_sparse: entries");

  RandomStream random(options.seed);
  std::vector<int> col_ptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<int> rows;
  std::vector<double> values;
  rows.reserve(static_cast<std::size_t>(entry_bound));
  values.reserve(static_cast<std::size_t>(entry_bound));
  // chosen_in[r] == j marks candidate r as already drawn for column j.
  std::vector<int> chosen_in(static_cast<std::size_t>(n), -1);
  std::vector<int> column_rows;
  for (int j = 0; j < n; ++j) {
    int count = whole;
    if (fraction > 0 && random.uniform() < fraction) ++count;
    count = std::min(count, n - 1);
    // Floyd's sampling: `count` distinct candidates out of the n-1 off-diagonal rows with
    // exactly `count` draws, however dense the column. Candidate r stands for row r, or r+1
    // at and past the diagonal.
    column_rows.assign(1, j);
    for (int top = n - 1 - count; top < n - 1; ++top) {
      int candidate = static_cast<int>(random.below(static_cast<std::uint64_t>(top) + 1));
      if (chosen_in[static_cast<std::size_t>(candidate)] == j) candidate = top;
      chosen_in[static_cast<std::size_t>(candidate)] = j;
      column_rows.push_back(candidate < j ? candidate : candidate + 1);
    }
    std::sort(column_rows.begin(), column_rows.end());
    double off_diagonal_sum = 0;
    std::size_t diagonal = 0;
    for (const int row : column_rows) {
      // The diagonal is always drawn, even when it is then replaced, so that the other
      // entries of a seed do not depend on diagonal_dominance.
      const double value = random.uniform(-1, 1);
      if (row == j) {
        diagonal = values.size();
      } else {
        off_diagonal_sum += std::fabs(value);
      }
      rows.push_back(row);
      values.push_back(value);
    }
    if (options.diagonal_dominance > 0) {
      values[diagonal] = options.diagonal_dominance * off_diagonal_sum + 1;
    }
    col_ptr[static_cast<std::size_t>(j) + 1] = static_cast<int>(rows.size());
  }

  if (options.permute_rows && n > 1) {
    // Sattolo's shuffle: a uniformly random permutation with one cycle through all n rows,
    // so no row keeps its place. Drawn after the values, so that a seed gives P*A for the A
    // it gives without permute_rows.
    std::vector<int> new_row(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) new_row[static_cast<std::size_t>(k)] = k;
    for (int k = n - 1; k > 0; --k) {
      const auto other = static_cast<std::size_t>(random.below(static_cast<std::uint64_t>(k)));
      std::swap(new_row[static_cast<std::size_t>(k)], new_row[other]);
    }
    std::vector<std::pair<int, double>> column;
    for (int j = 0; j < n; ++j) {
      const auto begin = static_cast<std::size_t>(col_ptr[static_cast<std::size_t>(j)]);
      const auto end = static_cast<std::size_t>(col_ptr[static_cast<std::size_t>(j) + 1]);
      column.clear();
      for (std::size_t p = begin; p < end; ++p) {
        column.emplace_back(new_row[static_cast<std::size_t>(rows[p])], values[p]);
      }
      std::sort(column.begin(), column.end());
      for (std::size_t p = begin; p < end; ++p) {
        rows[p] = column[p - begin].first;
        values[p] = column[p - begin].second;
      }
    }
  }
  return CscMatrix<double>(n, n, std::move(col_ptr), std::move(rows), std::move(values));
}

}  // namespace generate
}  // namespace lupine
