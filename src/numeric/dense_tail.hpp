// Dense tails of column-path blocks: the trailing columns whose fill is nearly dense (a net
// that reaches most of a circuit, ordered last) are eliminated as one dense front with the
// supernodal path's kernel instead of column by column (docs/paths.md, "Dense tails").
//
// The column kernel brings each tail column up to date with the L columns before the tail
// (its U entries above the tail) and leaves its Schur complement column in the front; the
// helpers here set the front up, eliminate it and copy its L and U into the column factor,
// whose tail columns are stored like any others, so that solves, factors() and condition
// estimates do not know tails exist.
#pragma once

#include "numeric/front.hpp"
#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// Sizes the tail storage of `factor` for the last `tail` of `order` columns and zeroes the
/// front.
template <class Scalar, class Index>
void prepare_dense_tail(ColumnFactor<Scalar, Index>& factor, Index order, Index tail);

/// Eliminates the tail front of `factor` (tail_front, tail_rows and tail_cols set up):
/// threshold partial pivoting with `threshold` and `perturbation` (0: none) in pivoting
/// mode; the reused pivot order, checked with the guard `threshold`, in fixed mode.
template <class Scalar, class Index>
void eliminate_dense_tail(ColumnFactor<Scalar, Index>& factor, FrontMode mode,
                          real_type_t<Scalar> threshold, real_type_t<Scalar> perturbation,
                          FrontOutcome& outcome);

/// Whether a pivoting elimination completed the tail as it stands: every column got a pivot
/// in its own place (the front did not reorder columns) and nothing was non-finite.
template <class Scalar, class Index>
bool dense_tail_complete(const ColumnFactor<Scalar, Index>& factor, const FrontOutcome& outcome);

/// Copies the eliminated front into the values of the tail's L and U columns (whose
/// structure is set: U's entries inside the tail last in each column, L's in front order),
/// the pivots into diagonal[order - tail ...], and folds the tail's pivot growth and
/// smallest pivot ratio into `growth` and `smallest_pivot_ratio`.
template <class Scalar, class Index>
void store_dense_tail(ColumnFactor<Scalar, Index>& factor, Index order, Scalar* diagonal,
                      double& growth, double& smallest_pivot_ratio);

}  // namespace lupine::detail
