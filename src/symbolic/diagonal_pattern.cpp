#include "symbolic/diagonal_pattern.hpp"

#include <algorithm>
#include <complex>
#include <cstdint>
#include <vector>

#include "core/index_limit.hpp"
#include "core/scalar.hpp"
#include "preprocess/scaling.hpp"
#include "symbolic/column_reach.hpp"
#include "symbolic/symbolic_data.hpp"

namespace lupine::detail {
namespace {

// Blocks whose predicted nnz(L+U) is at most this many times their entries get a pattern.
// The searches are most of the column kernel's time where fill is low (every circuit here has
// nnz(L+U) <= 1.6 nnz(A)); with more fill the updates are, and the pattern, held in the
// Symbolic, would cost memory (and analysis time) for little.
constexpr double kMostFillPresumed = 4;

template <class Index>
void grow_to(UninitializedVector<Index>& array, std::size_t needed) {
  if (needed > array.size()) array.resize(std::max(2 * array.size(), needed));
}

// The kernel's searches (column_reach, prune_columns) with row i pivotal in column i once
// column i is done: the same visits in the same order, so the same patterns and update orders.
// Appends the block's pattern to `patterns` (the arrays' sizes are their capacity; `L_used`
// and `U_used` what is filled) and returns its entry.
// The dense tail's searches (the kernel's factor_tail): after `first` columns, which took their
// diagonal, each tail column's reach through them, without pruning, appended to the tail
// arrays of `patterns`.
template <class Index>
void append_tail_reaches(Index size, Index first, const Index* col_ptr, const Index* rows,
                         const Index* L_col_ptr, const Index* L_rows,
                         const ReachSpace<Index>& space, DiagonalPivotPatterns<Index>& patterns) {
  auto pivot_before_tail = [first](Index i) { return i < first ? i : Index{-1}; };
  patterns.tail_reach_ptr.push_back(0);
  const std::size_t begin = patterns.tail_reach.size();
  for (Index k = first; k < size; ++k) {
    const Index top = column_reach(size, rows + col_ptr[k], col_ptr[k + 1] - col_ptr[k], k,
                                   pivot_before_tail, L_col_ptr, L_rows, space);
    patterns.tail_reach.insert(patterns.tail_reach.end(), space.reach + top, space.reach + size);
    patterns.tail_reach_ptr.push_back(static_cast<Index>(patterns.tail_reach.size() - begin));
  }
}

template <class Index>
typename DiagonalPivotPatterns<Index>::Block append_pattern(
    Index size, Index start, Index wanted, Index tail, const Index* col_ptr, const Index* rows,
    DiagonalPivotPatterns<Index>& patterns, std::size_t& L_used, std::size_t& U_used,
    std::vector<Index>& space_arrays) {
  typename DiagonalPivotPatterns<Index>::Block block;
  block.col_ptr_start = patterns.L_col_ptr.size();
  block.L_start = L_used;
  block.U_start = U_used;
  const std::size_t n = static_cast<std::size_t>(size);
  std::fill(space_arrays.begin(), space_arrays.begin() + n, Index{-1});  // visited
  ReachSpace<Index> space;
  space.visited = space_arrays.data();
  space.stack = space.visited + n;
  space.next_child = space.stack + n;
  space.reach = space.next_child + n;
  Index* pruned_length = patterns.pruned_length.data() + start;
  Index* pruned_after = patterns.pruned_after.data() + start;
  std::fill(pruned_length, pruned_length + n, Index{-1});
  space.pruned_length = pruned_length;
  const std::size_t first_pointer = block.col_ptr_start;
  patterns.L_col_ptr.resize(first_pointer + static_cast<std::size_t>(wanted) + 1);
  patterns.U_col_ptr.resize(first_pointer + static_cast<std::size_t>(wanted) + 1);
  Index* L_col_ptr = patterns.L_col_ptr.data() + first_pointer;
  Index* U_col_ptr = patterns.U_col_ptr.data() + first_pointer;
  const std::size_t limit = static_cast<std::size_t>(index_limit<Index>());
  std::size_t L_count = 0;
  std::size_t U_count = 0;
  L_col_ptr[0] = 0;
  U_col_ptr[0] = 0;
  Index k = 0;
  for (; k < wanted; ++k) {
    // Rows before k are pivotal (in their own columns); k is not yet.
    auto pivot_before_k = [k](Index i) { return i < k ? i : Index{-1}; };
    const Index top =
        column_reach(size, rows + col_ptr[k], col_ptr[k + 1] - col_ptr[k], k, pivot_before_k,
                     L_col_ptr, patterns.L_rows.data() + L_used, space);
    if (space.visited[k] != k) break;  // the diagonal is not in the column's pattern
    const std::size_t reach = static_cast<std::size_t>(size - top);
    if (L_count + reach > limit || U_count + reach > limit) break;
    grow_to(patterns.L_rows, L_used + L_count + reach);
    grow_to(patterns.U_rows, U_used + U_count + reach);
    Index* L_rows = patterns.L_rows.data() + L_used;
    Index* U_rows = patterns.U_rows.data() + U_used;
    const std::size_t U_begin = U_count;
    for (Index t = top; t < size; ++t) {
      const Index i = space.reach[t];
      if (i < k) {
        U_rows[U_count++] = i;
      } else if (i != k) {
        L_rows[L_count++] = i;
      }
    }
    L_col_ptr[k + 1] = static_cast<Index>(L_count);
    U_col_ptr[k + 1] = static_cast<Index>(U_count);
    prune_columns(
        k, U_rows, static_cast<Index>(U_begin), static_cast<Index>(U_count),
        [k](Index i) { return i <= k ? i : Index{-1}; }, L_col_ptr, L_rows, pruned_length,
        [](Index, Index) {}, [&](Index j) { pruned_after[j] = k; });
  }
  block.columns = k;
  // The reaches of the tail's columns cannot pass what Index addresses: the tail's front,
  // tail x tail, already fits (analysis checked nnz(L+U)).
  if (tail > 0 && k == size - tail) {
    block.tail = tail;
    block.tail_ptr_start = patterns.tail_reach_ptr.size();
    block.tail_reach_start = patterns.tail_reach.size();
    append_tail_reaches(size, k, col_ptr, rows, L_col_ptr, patterns.L_rows.data() + L_used, space,
                        patterns);
  }
  for (Index j = 0; j < size; ++j) {
    if (pruned_length[j] < 0) pruned_after[j] = k;
  }
  patterns.L_col_ptr.resize(first_pointer + static_cast<std::size_t>(k) + 1);
  patterns.U_col_ptr.resize(first_pointer + static_cast<std::size_t>(k) + 1);
  L_used += L_count;
  U_used += U_count;
  return block;
}

// The first column of the block whose scaled diagonal fails |a_kk| >= tau max_i |a_ik| (or
// is zero) before elimination; `limit` when none before it does.
template <class Scalar, class Index>
Index first_failing_diagonal(const SymbolicData<Index>& data, const BlockPlan<Index>& plan,
                             const Scalar* values, const real_type_t<Scalar>* row_scale,
                             Index limit) {
  using Real = real_type_t<Scalar>;
  const Real tau = static_cast<Real>(data.options.pivot_threshold);
  for (Index k = 0; k < limit; ++k) {
    Real diagonal = 0;
    Real largest = 0;
    for (Index p = data.block_col_ptr[plan.start + k]; p < data.block_col_ptr[plan.start + k + 1];
         ++p) {
      const Index row = data.block_rows[p];
      const Real size =
          magnitude(values[data.block_source[p]]) * row_scale[data.row_perm[plan.start + row]];
      largest = std::max(largest, size);
      if (row == k) diagonal = size;
    }
    if (!(diagonal > 0) || diagonal < tau * largest) return k;
  }
  return limit;
}

}  // namespace

template <class Index>
DiagonalPivotPattern<Index> DiagonalPivotPatterns<Index>::pattern(std::int64_t index,
                                                                  Index start) const {
  const Block& block = blocks[static_cast<std::size_t>(index)];
  DiagonalPivotPattern<Index> view;
  view.columns = block.columns;
  view.L_col_ptr = L_col_ptr.data() + block.col_ptr_start;
  view.U_col_ptr = U_col_ptr.data() + block.col_ptr_start;
  view.L_rows = L_rows.data() + block.L_start;
  view.U_rows = U_rows.data() + block.U_start;
  view.pruned_after = pruned_after.data() + start;
  view.pruned_length = pruned_length.data() + start;
  view.tail = block.tail;
  if (block.tail > 0) {
    view.tail_reach_ptr = tail_reach_ptr.data() + block.tail_ptr_start;
    view.tail_reach = tail_reach.data() + block.tail_reach_start;
  }
  return view;
}

template <class Scalar, class Index>
void find_diagonal_pivot_patterns(SymbolicData<Index>& data, const Scalar* values) {
  DiagonalPivotPatterns<Index>& patterns = data.diagonal_patterns;
  patterns = DiagonalPivotPatterns<Index>{};
  if (!data.options.presume_diagonal_pivots) return;
  auto eligible = [&data](const BlockPlan<Index>& plan) {
    if (plan.size < 2 || plan.path != FactorPath::column || plan.size - plan.dense_tail <= 0) {
      return false;
    }
    const double entries = static_cast<double>(data.block_col_ptr[plan.start + plan.size] -
                                               data.block_col_ptr[plan.start]);
    return static_cast<double>(plan.predicted_lu_nnz) <= kMostFillPresumed * entries;
  };
  // The prediction (Cholesky counts of B + Bᵀ) bounds the pattern of diagonal pivots, so the
  // arrays are sized once.
  std::size_t bound = 0;
  std::size_t pointers = 0;
  Index largest = 0;
  for (const BlockPlan<Index>& plan : data.blocks) {
    if (!eligible(plan)) continue;
    bound +=
        static_cast<std::size_t>(std::max<std::int64_t>(plan.predicted_lu_nnz - plan.size, 0) / 2) +
        1;
    pointers += static_cast<std::size_t>(plan.size) + 1;
    largest = std::max(largest, plan.size);
  }
  if (largest == 0) return;
  patterns.L_rows.resize(bound);
  patterns.U_rows.resize(bound);
  patterns.L_col_ptr.reserve(pointers);
  patterns.U_col_ptr.reserve(pointers);
  patterns.pruned_after.resize(static_cast<std::size_t>(data.n));
  patterns.pruned_length.resize(static_cast<std::size_t>(data.n));
  std::vector<real_type_t<Scalar>> row_scale;
  if (values != nullptr) {
    row_scale.resize(static_cast<std::size_t>(data.n));
    compute_row_scaling(data.n, data.col_ptr.data(), data.row_indices.data(), values,
                        data.options.scaling, row_scale.data());
  }
  std::vector<Index> space(4 * static_cast<std::size_t>(largest));
  std::size_t L_used = 0;
  std::size_t U_used = 0;
  for (BlockPlan<Index>& plan : data.blocks) {
    plan.diagonal_pattern = -1;
    if (!eligible(plan)) continue;
    Index wanted = plan.size - plan.dense_tail;
    if (values != nullptr) {
      wanted = first_failing_diagonal(data, plan, values, row_scale.data(), wanted);
      if (wanted == 0) continue;
    }
    const auto block = append_pattern(plan.size, plan.start, wanted, plan.dense_tail,
                                      data.block_col_ptr.data() + plan.start,
                                      data.block_rows.data(), patterns, L_used, U_used, space);
    if (block.columns == 0) {
      patterns.L_col_ptr.resize(block.col_ptr_start);
      patterns.U_col_ptr.resize(block.col_ptr_start);
      continue;
    }
    plan.diagonal_pattern = static_cast<std::int64_t>(patterns.blocks.size());
    patterns.blocks.push_back(block);
  }
  patterns.L_rows.resize(L_used);
  patterns.U_rows.resize(U_used);
}

template struct DiagonalPivotPatterns<std::int32_t>;
template struct DiagonalPivotPatterns<std::int64_t>;
template void find_diagonal_pivot_patterns(SymbolicData<std::int32_t>&, const double*);
template void find_diagonal_pivot_patterns(SymbolicData<std::int64_t>&, const double*);
template void find_diagonal_pivot_patterns(SymbolicData<std::int32_t>&,
                                           const std::complex<double>*);
template void find_diagonal_pivot_patterns(SymbolicData<std::int64_t>&,
                                           const std::complex<double>*);

}  // namespace lupine::detail
