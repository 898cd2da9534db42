// The pattern of L and U of a column-path block when every pivot is the block's diagonal
// entry, found in analysis so that a factorization whose diagonal pivots pass the threshold
// test needs no search (docs/paths.md, "Presumed diagonal pivots").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/allocation.hpp"

namespace lupine::detail {

template <class Index>
struct SymbolicData;

/// What the column kernel would build for a block's first `columns` columns if each took its
/// diagonal as pivot: L's rows (local, in the kernel's final order of each column) and U's
/// rows (in the kernel's update order), and the pruning state its searches would have. It
/// stops before the dense tail, at a column whose diagonal is not in its pattern, or where
/// the counts would pass what Index addresses. Column pointers start at 0 for each block.
template <class Index>
struct DiagonalPivotPattern {
  Index columns = 0;                 // 0: none
  const Index* L_col_ptr = nullptr;  // columns + 1
  const Index* L_rows = nullptr;
  const Index* U_col_ptr = nullptr;  // columns + 1
  const Index* U_rows = nullptr;
  /// The column whose elimination pruned L(:,j) (searches scan only its first
  /// pruned_length[j] rows from then on), or `columns` when none of the first did.
  const Index* pruned_after = nullptr;
  const Index* pruned_length = nullptr;
  /// When the pattern reaches the block's dense tail: the tail's columns (0: none) and, for
  /// tail column c, the rows its search reaches through the columns before the tail, in the
  /// kernel's order: tail_reach[tail_reach_ptr[c] .. tail_reach_ptr[c+1]).
  Index tail = 0;
  const Index* tail_reach_ptr = nullptr;  // tail + 1
  const Index* tail_reach = nullptr;
};

/// Every block's pattern, in shared arrays (a few allocations, not several per block).
template <class Index>
struct DiagonalPivotPatterns {
  struct Block {
    Index columns = 0;
    std::size_t col_ptr_start = 0;  // into L_col_ptr and U_col_ptr
    std::size_t L_start = 0;        // into L_rows
    std::size_t U_start = 0;        // into U_rows
    Index tail = 0;
    std::size_t tail_ptr_start = 0;    // into tail_reach_ptr
    std::size_t tail_reach_start = 0;  // into tail_reach
  };
  std::vector<Block> blocks;  // indexed by BlockPlan::diagonal_pattern
  UninitializedVector<Index> L_col_ptr;
  UninitializedVector<Index> L_rows;
  UninitializedVector<Index> U_col_ptr;
  UninitializedVector<Index> U_rows;
  /// By permuted position (block start + local column), for all n.
  UninitializedVector<Index> pruned_after;
  UninitializedVector<Index> pruned_length;
  UninitializedVector<Index> tail_reach_ptr;
  UninitializedVector<Index> tail_reach;

  /// Block `index`'s pattern; `start` is the block's first position.
  DiagonalPivotPattern<Index> pattern(std::int64_t index, Index start) const;
};

/// Finds the pattern of every column-path block of order >= 2 whose predicted fill is low
/// (BlockPlan::diagonal_pattern indexes data.diagonal_patterns.blocks); needs the split
/// permuted matrix. With A's values (null when analysis has none), a block's pattern stops at
/// its first column whose diagonal already fails the pivot test before elimination (scaled
/// as factorization will scale it): there the kernel will most likely take another row, and
/// the pattern after it would go unused.
template <class Scalar, class Index>
void find_diagonal_pivot_patterns(SymbolicData<Index>& data, const Scalar* values);

}  // namespace lupine::detail
