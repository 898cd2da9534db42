// Forward and back substitution with the fronts of a supernodal block.
#pragma once

#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// Y = B⁻¹ Y for one supernodal block B = P_bᵀ L U Q_bᵀ and `count` right-hand sides (the
/// columns of Y, leading dimension ld): each comes indexed by the block's rows and leaves
/// indexed by its columns (block-local, analysis order). `scratch` holds 2 n count scalars,
/// n the block's order. One right-hand side uses TRSV/GEMV, several TRSM/GEMM.
template <class Scalar, class Index>
void solve_supernodal_block(const SupernodalFactor<Scalar, Index>& factor, Index size, Scalar* Y,
                            Index ld, Index count, Scalar* scratch);

/// Y = B⁻ᵀ Y: columns come indexed by the block's columns and leave indexed by its rows.
template <class Scalar, class Index>
void solve_supernodal_block_transpose(const SupernodalFactor<Scalar, Index>& factor, Index size,
                                      Scalar* Y, Index ld, Index count, Scalar* scratch);

}  // namespace lupine::detail
