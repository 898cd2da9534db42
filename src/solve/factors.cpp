// Export of the factors as explicit matrices, P R A Q = L U in the caller's numbering.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numeric>
#include <utility>

#include "core/index_limit.hpp"
#include "lupine/solver.hpp"
#include "numeric/numeric_data.hpp"

namespace lupine {
namespace detail {
namespace {

template <class Scalar, class Index>
struct ColumnBuilder {
  std::vector<Index> col_ptr{0};
  std::vector<Index> rows;
  std::vector<Scalar> values;
  std::vector<std::pair<Index, Scalar>> column;

  void add(Index row, Scalar value) { column.emplace_back(row, value); }
  void finish_column() {
    std::sort(column.begin(), column.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [row, value] : column) {
      rows.push_back(row);
      values.push_back(value);
    }
    column.clear();
    col_ptr.push_back(
        to_index<Index>(static_cast<std::int64_t>(rows.size()), "nnz of the exported L or U"));
  }
  CscMatrix<Scalar, Index> build(Index n) {
    return CscMatrix<Scalar, Index>(n, n, std::move(col_ptr), std::move(rows), std::move(values));
  }
};

// Solves L_bb y = f for the entries of one off-diagonal column that fall in block b, in
// the export numbering; appends the nonzero pattern of y (the reach) to `touched`.
template <class Scalar, class Index>
void lower_solve_in_block(const BlockPlan<Index>& plan, const BlockFactor<Scalar, Index>& factor,
                          std::vector<Scalar>& y, std::vector<char>& marked,
                          std::vector<Index>& touched) {
  const Index start = plan.start;
  if (factor.path == FactorPath::dense) {
    Index lowest = start + plan.size;
    for (std::size_t t = 0; t < touched.size(); ++t) lowest = std::min(lowest, touched[t]);
    const std::size_t order = static_cast<std::size_t>(plan.size);
    for (Index k = lowest - start; k < plan.size; ++k) {
      const Scalar yk = y[start + k];
      if (yk == Scalar{0}) continue;
      const Scalar* column = factor.dense->lu.data() + static_cast<std::size_t>(k) * order;
      for (Index i = k + 1; i < plan.size; ++i) {
        if (column[i] == Scalar{0}) continue;
        y[start + i] -= column[i] * yk;
        if (!marked[start + i]) {
          marked[start + i] = 1;
          touched.push_back(start + i);
        }
      }
    }
    return;
  }
  // Column path: process touched rows in increasing order; new rows appear only below the
  // one being processed, so a sorted frontier suffices.
  const auto& L = factor.column;
  std::vector<Index> frontier(touched.begin(), touched.end());
  std::make_heap(frontier.begin(), frontier.end(), std::greater<Index>());
  while (!frontier.empty()) {
    std::pop_heap(frontier.begin(), frontier.end(), std::greater<Index>());
    const Index row = frontier.back();
    frontier.pop_back();
    const Index k = row - start;
    const Scalar yk = y[row];
    for (Index p = L.L_col_ptr[k]; p < L.L_col_ptr[k + 1]; ++p) {
      const Index target = start + L.L_rows[p];
      y[target] -= L.L_values[p] * yk;
      if (!marked[target]) {
        marked[target] = 1;
        touched.push_back(target);
        frontier.push_back(target);
        std::push_heap(frontier.begin(), frontier.end(), std::greater<Index>());
      }
    }
  }
}

// A supernodal block's fronts as sparse columns in the block's pivot order (rows of L and U
// as pivot positions, the diagonal of U apart), the form the column path stores.
template <class Scalar, class Index>
void supernodal_as_columns(const SupernodalFactor<Scalar, Index>& factor, Index size,
                           ColumnFactor<Scalar, Index>& columns, Scalar* diagonal) {
  std::vector<Index> pivot_of_row(static_cast<std::size_t>(size));
  std::vector<Index> pivot_of_col(static_cast<std::size_t>(size));
  for (Index k = 0; k < size; ++k) {
    pivot_of_row[factor.pivot_rows[k]] = k;
    pivot_of_col[factor.pivot_cols[k]] = k;
  }
  columns.L_col_ptr.assign(static_cast<std::size_t>(size) + 1, 0);
  columns.U_col_ptr.assign(static_cast<std::size_t>(size) + 1, 0);
  for (const auto& front : factor.fronts) {
    const Index m = front.order;
    const Index e = front.eliminated;
    for (Index k = 0; k < e; ++k) {
      const Index pivot = pivot_of_col[front.cols[k]];
      columns.L_col_ptr[pivot + 1] = m - k - 1;
      columns.U_col_ptr[pivot + 1] += k;
    }
    for (Index j = e; j < m; ++j) columns.U_col_ptr[pivot_of_col[front.cols[j]] + 1] += e;
  }
  std::int64_t L_entries = 0;
  std::int64_t U_entries = 0;
  for (Index k = 0; k < size; ++k) {
    L_entries += columns.L_col_ptr[k + 1];
    U_entries += columns.U_col_ptr[k + 1];
  }
  require_index_range<Index>(std::max(L_entries, U_entries),
                             "nnz(L) or nnz(U) of a supernodal block, exported");
  for (Index k = 0; k < size; ++k) {
    columns.L_col_ptr[k + 1] += columns.L_col_ptr[k];
    columns.U_col_ptr[k + 1] += columns.U_col_ptr[k];
  }
  columns.L_rows.resize(static_cast<std::size_t>(columns.L_col_ptr[size]));
  columns.L_values.resize(columns.L_rows.size());
  columns.U_rows.resize(static_cast<std::size_t>(columns.U_col_ptr[size]));
  columns.U_values.resize(columns.U_rows.size());
  std::vector<Index> next_u(columns.U_col_ptr.begin(), columns.U_col_ptr.end() - 1);
  for (const auto& front : factor.fronts) {
    const std::int64_t m = front.order;
    const std::int64_t e = front.eliminated;
    for (std::int64_t k = 0; k < e; ++k) {
      const Index pivot = pivot_of_col[front.cols[k]];
      const Scalar* column = front.panel + k * m;
      Index next_l = columns.L_col_ptr[pivot];
      for (std::int64_t i = k + 1; i < m; ++i, ++next_l) {
        columns.L_rows[next_l] = pivot_of_row[front.rows[i]];
        columns.L_values[next_l] = column[i];
      }
      for (std::int64_t i = 0; i < k; ++i) {
        const Index slot = next_u[pivot]++;
        columns.U_rows[slot] = pivot_of_row[front.rows[i]];
        columns.U_values[slot] = column[i];
      }
      diagonal[pivot] = column[k];
    }
    for (std::int64_t j = e; j < m; ++j) {
      const Index pivot = pivot_of_col[front.cols[j]];
      const Scalar* column = front.upper + (j - e) * e;
      for (std::int64_t i = 0; i < e; ++i) {
        const Index slot = next_u[pivot]++;
        columns.U_rows[slot] = pivot_of_row[front.rows[i]];
        columns.U_values[slot] = column[i];
      }
    }
  }
}

template <class Scalar, class Index>
Factors<Scalar, Index> export_factors(const NumericData<Scalar, Index>& numeric) {
  const SymbolicData<Index>& symbolic = numeric.symbolic.data();
  const Index n = symbolic.n;
  Factors<Scalar, Index> result;
  result.row_scale.assign(numeric.row_scale.begin(), numeric.row_scale.end());
  result.col_perm = symbolic.col_perm;
  result.row_perm.assign(numeric.pivot_row_perm.begin(), numeric.pivot_row_perm.end());

  // Export position of each pivoted row (dense blocks pivot locally) and the block of each
  // position.
  std::vector<Index> export_position(static_cast<std::size_t>(n));
  std::iota(export_position.begin(), export_position.end(), Index{0});
  std::vector<std::size_t> block_of(static_cast<std::size_t>(n));
  // Supernodal blocks are exported through their column form, with their own permutations.
  std::vector<Scalar> diagonal = numeric.diagonal;
  std::vector<BlockFactor<Scalar, Index>> as_columns(symbolic.blocks.size());
  auto factor_of = [&](std::size_t b) -> const BlockFactor<Scalar, Index>& {
    return numeric.blocks[b].path == FactorPath::supernodal ? as_columns[b] : numeric.blocks[b];
  };
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    for (Index k = plan.start; k < plan.start + plan.size; ++k) block_of[k] = b;
    const BlockFactor<Scalar, Index>& factor = numeric.blocks[b];
    if (plan.size > 1 && factor.path == FactorPath::supernodal) {
      const auto& fronts = *factor.supernodal;
      as_columns[b].path = FactorPath::column;
      supernodal_as_columns(fronts, plan.size, as_columns[b].column, diagonal.data() + plan.start);
      for (Index k = 0; k < plan.size; ++k) {
        const Index row = plan.start + fronts.pivot_rows[k];
        result.row_perm[plan.start + k] = symbolic.row_perm[row];
        result.col_perm[plan.start + k] = symbolic.col_perm[plan.start + fronts.pivot_cols[k]];
        export_position[row] = plan.start + k;
      }
    }
    if (plan.size > 1 && factor.path == FactorPath::dense) {
      for (Index m = 0; m < plan.size; ++m) {
        const Index row = plan.start + factor.dense->perm[m];
        result.row_perm[plan.start + m] = symbolic.row_perm[row];
        export_position[row] = plan.start + m;
      }
    }
  }

  ColumnBuilder<Scalar, Index> L;
  ColumnBuilder<Scalar, Index> U;
  std::vector<Scalar> y(static_cast<std::size_t>(n), Scalar{0});
  std::vector<char> marked(static_cast<std::size_t>(n), 0);
  std::vector<Index> touched;
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    const BlockFactor<Scalar, Index>& factor = factor_of(b);
    const std::size_t order = static_cast<std::size_t>(plan.size);
    for (Index k = 0; k < plan.size; ++k) {
      const Index column = plan.start + k;
      L.add(column, Scalar{1});
      if (plan.size == 1) {
        U.add(column, diagonal[column]);
      } else if (factor.path == FactorPath::dense) {
        const Scalar* lu = factor.dense->lu.data() + static_cast<std::size_t>(k) * order;
        for (Index i = 0; i < plan.size; ++i) {
          if (lu[i] == Scalar{0} && i != k) continue;
          (i > k ? L : U).add(plan.start + i, lu[i]);
        }
      } else {
        const auto& f = factor.column;
        for (Index p = f.L_col_ptr[k]; p < f.L_col_ptr[k + 1]; ++p) {
          L.add(plan.start + f.L_rows[p], f.L_values[p]);
        }
        for (Index p = f.U_col_ptr[k]; p < f.U_col_ptr[k + 1]; ++p) {
          U.add(plan.start + f.U_rows[p], f.U_values[p]);
        }
        U.add(column, diagonal[column]);
      }
      // Off-diagonal blocks of this column: U_cb = L_cc⁻¹ F_cb for each earlier block c. A
      // supernodal block's column k is its analysis column pivot_cols[k].
      touched.clear();
      const Index source = numeric.blocks[b].path == FactorPath::supernodal && plan.size > 1
                               ? plan.start + numeric.blocks[b].supernodal->pivot_cols[k]
                               : column;
      for (Index p = symbolic.off_col_ptr[source]; p < symbolic.off_col_ptr[source + 1]; ++p) {
        const Index row = export_position[numeric.off_rows[p]];
        y[row] += numeric.off_values[p];
        if (!marked[row]) {
          marked[row] = 1;
          touched.push_back(row);
        }
      }
      std::sort(touched.begin(), touched.end());
      const std::size_t initial = touched.size();
      std::size_t t = 0;
      while (t < initial) {
        const std::size_t c = block_of[touched[t]];
        std::size_t end = t;
        while (end < initial && block_of[touched[end]] == c) ++end;
        if (symbolic.blocks[c].size > 1) {
          // Solve on this block's slice of the touched rows, appending newly reached rows.
          std::vector<Index> slice(touched.begin() + static_cast<std::ptrdiff_t>(t),
                                   touched.begin() + static_cast<std::ptrdiff_t>(end));
          lower_solve_in_block(symbolic.blocks[c], factor_of(c), y, marked, slice);
          touched.insert(touched.end(), slice.begin() + static_cast<std::ptrdiff_t>(end - t),
                         slice.end());
        }
        t = end;
      }
      for (const Index row : touched) {
        if (y[row] != Scalar{0}) U.add(row, y[row]);
        y[row] = Scalar{0};
        marked[row] = 0;
      }
      L.finish_column();
      U.finish_column();
    }
  }
  result.L = L.build(n);
  result.U = U.build(n);
  return result;
}

}  // namespace
}  // namespace detail

template <class Scalar, class Index>
Factors<Scalar, Index> Numeric<Scalar, Index>::factors() const {
  const auto& numeric = detail::require_factored(data());
  return detail::converting_allocation_failure("factors()", numeric.symbolic.data().n,
                                               [&] { return detail::export_factors(numeric); });
}

template Factors<double, std::int32_t> Numeric<double, std::int32_t>::factors() const;
template Factors<double, std::int64_t> Numeric<double, std::int64_t>::factors() const;
template Factors<std::complex<double>, std::int32_t>
Numeric<std::complex<double>, std::int32_t>::factors() const;
template Factors<std::complex<double>, std::int64_t>
Numeric<std::complex<double>, std::int64_t>::factors() const;

}  // namespace lupine
