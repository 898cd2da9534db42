// What analysis hands to the numeric phase. Immutable once built.
#pragma once

#include <cstdint>
#include <vector>

#include "core/allocation.hpp"
#include "lupine/solver.hpp"
#include "symbolic/diagonal_pattern.hpp"
#include "symbolic/supernodes.hpp"

namespace lupine::detail {

template <class Index>
struct BlockPlan {
  Index start = 0;  // first row/column of the block in the permuted matrix
  Index size = 0;
  FactorPath path = FactorPath::column;
  Ordering ordering = Ordering::natural;
  double symmetry = 1;
  std::int64_t predicted_lu_nnz = 0;
  double predicted_flops = 0;
  /// Column-path blocks: how many trailing columns are factored as one dense front, because
  /// the fill predicted for them is nearly dense (0: none; docs/paths.md, "Dense tails").
  Index dense_tail = 0;
  /// The largest predicted column count of L, diagonal included, when the ordering (AMD)
  /// reported it; -1 when not known.
  double largest_column = -1;
  /// Supernodal blocks: index into SymbolicData::supernodal, else -1.
  std::int64_t supernodal = -1;
  /// Column-path blocks: index into SymbolicData::diagonal_patterns.blocks, else -1.
  std::int64_t diagonal_pattern = -1;
};

template <class Index>
struct SymbolicData {
  Index n = 0;
  Options options;
  Stats stats;

  /// The analyzed pattern: factor/refactor values must follow it.
  UninitializedVector<Index> col_ptr;
  UninitializedVector<Index> row_indices;

  /// Row k of the permuted matrix is row row_perm[k] of A, column k is col_perm[k] (before
  /// any pivoting). Within each block the ordering is symmetric: the block's diagonal is the
  /// diagonal of the transversal.
  std::vector<Index> row_perm;
  std::vector<Index> col_perm;
  std::vector<Index> inverse_row_perm;
  std::vector<BlockPlan<Index>> blocks;
  /// Supernodes and assembly tree of each supernodal block.
  std::vector<SupernodalStructure<Index>> supernodal;
  /// L and U's pattern for diagonal pivots of column-path blocks
  /// (Options::presume_diagonal_pivots).
  DiagonalPivotPatterns<Index> diagonal_patterns;
  Index largest_block = 0;
  std::int64_t largest_dense_block = 0;
  std::int64_t largest_supernodal_block = 0;

  /// The permuted matrix split in two CSC parts indexed by permuted column:
  /// entries inside the column's diagonal block (row relative to the block start), and
  /// entries above it (permuted row). `*_source` is the entry's position in A's values.
  UninitializedVector<Index> block_col_ptr;
  UninitializedVector<Index> block_rows;
  UninitializedVector<Index> block_source;
  UninitializedVector<Index> off_col_ptr;
  UninitializedVector<Index> off_rows;
  UninitializedVector<Index> off_source;

  /// Position of A(j, j) in the values, or -1 when the pattern lacks it (diagonal shifts).
  std::vector<Index> diagonal_slot;
};

}  // namespace lupine::detail
