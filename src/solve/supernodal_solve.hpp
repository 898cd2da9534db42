// Forward and back substitution with the fronts of a supernodal block.
#pragma once

#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// y = B⁻¹ y for one supernodal block B = P_bᵀ L U Q_bᵀ: y comes indexed by the block's rows
/// and leaves indexed by its columns (both block-local, analysis order). `scratch` holds 2 n
/// scalars, n the block's order.
template <class Scalar, class Index>
void solve_supernodal_block(const SupernodalFactor<Scalar, Index>& factor, Index size, Scalar* y,
                            Scalar* scratch);

/// y = B⁻ᵀ y: y comes indexed by the block's columns and leaves indexed by its rows.
template <class Scalar, class Index>
void solve_supernodal_block_transpose(const SupernodalFactor<Scalar, Index>& factor, Index size,
                                      Scalar* y, Scalar* scratch);

}  // namespace lupine::detail
