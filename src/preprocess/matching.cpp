#include "preprocess/matching.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

namespace lupine::detail {

template <class Index>
std::vector<Index> max_product_matching(Index n, const Index* col_ptr, const Index* rows,
                                        const double* magnitudes) {
  constexpr double infinite = std::numeric_limits<double>::infinity();
  const std::size_t order = static_cast<std::size_t>(n);
  const std::size_t nnz = static_cast<std::size_t>(col_ptr[n]);

  // cost >= 0, zero at each column's largest entry; unusable (zero) entries cost infinity.
  std::vector<double> cost(nnz);
  std::vector<double> row_potential(order, infinite);
  for (Index j = 0; j < n; ++j) {
    double largest = 0;
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) largest = std::max(largest, magnitudes[p]);
    if (largest == 0) return {};  // a column without a nonzero entry
    const double log_largest = std::log(largest);
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      cost[p] = magnitudes[p] > 0 ? log_largest - std::log(magnitudes[p]) : infinite;
      row_potential[rows[p]] = std::min(row_potential[rows[p]], cost[p]);
    }
  }
  for (double potential : row_potential) {
    if (potential == infinite) return {};  // a row without a nonzero entry
  }

  // Column potentials from the row potentials, then a greedy matching on zero reduced costs
  // (cost - row - column, in that order, so each column's minimum is exactly zero), the
  // column's own row first: where the structural diagonal is already optimal it stays.
  std::vector<double> column_potential(order, 0.0);
  std::vector<Index> row_of_column(order, Index{-1});
  std::vector<Index> column_of_row(order, Index{-1});
  auto take = [&](Index i, Index j) {
    column_of_row[i] = j;
    row_of_column[j] = i;
  };
  for (Index j = 0; j < n; ++j) {
    double least = infinite;
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      least = std::min(least, cost[p] - row_potential[rows[p]]);
    }
    column_potential[j] = least;
  }
  auto tight = [&](Index j, Index p) {
    return (cost[p] - row_potential[rows[p]]) - column_potential[j] <= 0;
  };
  for (Index j = 0; j < n; ++j) {
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      if (rows[p] == j && column_of_row[j] < 0 && tight(j, p)) take(j, j);
    }
  }
  for (Index j = 0; j < n; ++j) {
    if (row_of_column[j] >= 0) continue;
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      if (column_of_row[rows[p]] < 0 && tight(j, p)) {
        take(rows[p], j);
        break;
      }
    }
  }

  // One shortest augmenting path per unmatched column. Distances are to rows; a matched row
  // leads on to its column at no cost (its reduced cost is zero).
  std::vector<double> distance(order, infinite);
  std::vector<Index> reached_from(order, Index{-1});
  std::vector<char> settled(order, 0);
  std::vector<Index> touched;
  std::vector<Index> settled_rows;
  using Candidate = std::pair<double, Index>;
  std::vector<Candidate> heap;
  const auto later = std::greater<Candidate>();
  for (Index start = 0; start < n; ++start) {
    if (row_of_column[start] >= 0) continue;
    auto relax = [&](Index j, double base) {
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
        const Index i = rows[p];
        if (settled[i] || cost[p] == infinite) continue;
        // Rounding can leave a reduced cost a hair below zero; it is zero.
        const double reduced = std::max(0.0, cost[p] - column_potential[j] - row_potential[i]);
        const double through = base + reduced;
        if (through < distance[i]) {
          if (distance[i] == infinite) touched.push_back(i);
          distance[i] = through;
          reached_from[i] = j;
          heap.emplace_back(through, i);
          std::push_heap(heap.begin(), heap.end(), later);
        }
      }
    };
    relax(start, 0.0);
    Index free_row = -1;
    double shortest = infinite;
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      const Candidate next = heap.back();
      heap.pop_back();
      const Index i = next.second;
      if (settled[i] || next.first > distance[i]) continue;
      settled[i] = 1;
      settled_rows.push_back(i);
      if (column_of_row[i] < 0) {
        free_row = i;
        shortest = next.first;
        break;
      }
      relax(column_of_row[i], next.first);
    }
    if (free_row < 0) return {};  // no augmenting path: no perfect matching on nonzeros
    // New potentials keep every reduced cost >= 0 and make the path's zero.
    column_potential[start] += shortest;
    for (Index i : settled_rows) {
      const double gap = shortest - distance[i];
      row_potential[i] -= gap;
      if (i != free_row) column_potential[column_of_row[i]] += gap;
    }
    for (Index i = free_row;;) {
      const Index j = reached_from[i];
      const Index previous = row_of_column[j];
      take(i, j);
      if (j == start) break;
      i = previous;
    }
    for (Index i : touched) {
      distance[i] = infinite;
      settled[i] = 0;
    }
    touched.clear();
    settled_rows.clear();
    heap.clear();
  }
  return row_of_column;
}

template std::vector<std::int32_t> max_product_matching(std::int32_t, const std::int32_t*,
                                                        const std::int32_t*, const double*);
template std::vector<std::int64_t> max_product_matching(std::int64_t, const std::int64_t*,
                                                        const std::int64_t*, const double*);

}  // namespace lupine::detail
