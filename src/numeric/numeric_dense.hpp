// Dense LU of one block with LAPACK getrf (partial pivoting), for small or dense blocks.
#pragma once

#include "numeric/numeric_column.hpp"
#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// Fills the dense block from `block` and factors it. A zero pivot sets
/// outcome.singular_column (the local column); non-finite input sets non_finite.
template <class Scalar, class Index>
void factor_dense_block(const BlockValues<Scalar, Index>& block, DenseFactor<Scalar, Index>& factor,
                        BlockOutcome& outcome);

}  // namespace lupine::detail
