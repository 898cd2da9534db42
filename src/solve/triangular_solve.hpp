// Forward/back substitution with the block factors.
#pragma once

#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// x = op(A)⁻¹ b for one right-hand side. b and x may alias. `w` has n entries and
/// `scratch` solve_block_scratch_size entries.
template <class Scalar, class Index>
void solve_one(const NumericData<Scalar, Index>& data, const Scalar* b, Scalar* x, Scalar* w,
               Scalar* scratch, Transpose transpose);

/// Workspace layout shared by the solve routines: w (n), the block scratch (the largest dense
/// block, or twice the largest supernodal block), then three more vectors of n for refinement.
template <class Scalar, class Index>
std::size_t solve_scratch_size(const NumericData<Scalar, Index>& data);
template <class Scalar, class Index>
std::size_t solve_block_scratch_size(const NumericData<Scalar, Index>& data);

}  // namespace lupine::detail
