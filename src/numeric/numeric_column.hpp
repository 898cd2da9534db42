// Left-looking sparse LU of one block (Gilbert-Peierls) with threshold partial pivoting.
#pragma once

#include "core/index_limit.hpp"
#include "numeric/numeric_data.hpp"
#include "symbolic/diagonal_pattern.hpp"

namespace lupine::detail {

/// The values of one diagonal block, scaled on the fly: entry p of local column k is
/// row rows[p] with value values[source[p]] * row_scale[rows[p]], for p in
/// [col_ptr[k], col_ptr[k+1]).
template <class Scalar, class Index>
struct BlockValues {
  Index size = 0;
  const Index* col_ptr = nullptr;
  const Index* rows = nullptr;
  const Index* source = nullptr;
  const Scalar* values = nullptr;
  const real_type_t<Scalar>* row_scale = nullptr;
  real_type_t<Scalar> perturbation = 0;  // pivot size used for a singular column, when enabled
  std::int64_t predicted_lu_nnz = 0;     // from analysis: the first size of the L/U arrays
  /// The most entries the column path's L or U of the block may hold: their counts are Index.
  std::int64_t entry_limit = index_limit<Index>();
  /// Factorization: the block's last dense_tail columns go through one dense front.
  Index dense_tail = 0;
  /// Factorization: L and U's pattern for diagonal pivots, followed while they are acceptable.
  DiagonalPivotPattern<Index> presumed;
};

/// Factors the block using `workspace` (at least the block's order; x zero on entry and
/// exit). `pivot_of_row[r]` receives the pivoted local position of pre-pivot
/// local row r; `diagonal[k]` the k-th pivot. On a singular column, outcome.singular_column
/// is set and the factor is incomplete.
template <class Scalar, class Index>
void factor_column_block(const BlockValues<Scalar, Index>& block, const Options& options,
                         ColumnWorkspace<Scalar, Index>& workspace,
                         ColumnFactor<Scalar, Index>& factor, Scalar* diagonal, Index* pivot_of_row,
                         BlockOutcome& outcome);

/// Recomputes the values of an existing factor with the same pivots. `pivot_of_row` as
/// returned by factor_column_block; `work` holds `block.size` zeros on entry and on exit.
/// Returns false (leaving `work` zero) as soon as a reused pivot fails the check
/// |pivot| >= threshold * max|column|, is zero, or anything in the column is not finite.
template <class Scalar, class Index>
bool refactor_column_block(const BlockValues<Scalar, Index>& block, real_type_t<Scalar> threshold,
                           const Index* pivot_of_row, ColumnFactor<Scalar, Index>& factor,
                           Scalar* diagonal, Scalar* work, BlockOutcome& outcome);

/// refactor_column_block on the tasks of the calling arena (space.tasks of them): the same
/// arithmetic column by column, so the same bits as the sequential one. Columns go to tasks
/// in increasing order; a task waits for the columns its column needs. `space` is sized for
/// the block; its work vectors are zero on entry and on exit.
template <class Scalar, class Index>
bool refactor_column_block_parallel(const BlockValues<Scalar, Index>& block,
                                    real_type_t<Scalar> threshold, const Index* pivot_of_row,
                                    ColumnFactor<Scalar, Index>& factor, Scalar* diagonal,
                                    ParallelRefactorSpace<Scalar>& space, BlockOutcome& outcome);

}  // namespace lupine::detail
