// Forward/back substitution with the block factors.
#pragma once

#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// x = op(A)⁻¹ b for one right-hand side. b and x may alias. `w` has n entries and
/// `scratch` solve_block_scratch_size entries.
template <class Scalar, class Index>
void solve_one(const NumericData<Scalar, Index>& data, const Scalar* b, Scalar* x, Scalar* w,
               Scalar* scratch, Transpose transpose);

/// X = op(A)⁻¹ B for `count` right-hand sides (B and X n x count with leading dimension ld;
/// they may alias). W holds n * count scalars, `scratch` count * solve_block_scratch_size.
template <class Scalar, class Index>
void solve_columns(const NumericData<Scalar, Index>& data, const Scalar* B, Scalar* X, Index count,
                   Index ld, Scalar* W, Scalar* scratch, Transpose transpose);

/// How many right-hand sides one solve_columns call takes at most (1 without supernodal
/// blocks, where nothing is gained by taking several).
template <class Scalar, class Index>
Index solve_chunk(const NumericData<Scalar, Index>& data, Index nrhs);

/// Workspace of the solve routines: for one right-hand side at a time, w (n), the block
/// scratch (the largest dense block, or twice the largest supernodal block), then four more
/// vectors of n for refinement (residual, previous x, denominator, and b when X = B); for `chunk`
/// at a time, chunk * (n + block scratch).
template <class Scalar, class Index>
std::size_t solve_scratch_size(const NumericData<Scalar, Index>& data, Index chunk);
template <class Scalar, class Index>
std::size_t solve_block_scratch_size(const NumericData<Scalar, Index>& data);

}  // namespace lupine::detail
