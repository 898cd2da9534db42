// Supernodal LU of one block: the multifrontal method over the block's assembly tree.
//
// Why multifrontal (as MUMPS) and not left/right-looking supernodal (as SuperLU, PARDISO):
// threshold pivoting with delayed pivots needs a place to put a column that cannot be
// pivoted, and a front's parent is exactly that place; contribution blocks make the
// dependencies between subtrees explicit, which is what tree parallelism needs; and all
// flops happen inside dense fronts (BLAS-3), with sparse work reduced to assembly. The
// price is the memory of contribution blocks, which the stack order of the analysis keeps
// small. docs/paths.md has the measurements behind the choice.
//
// Fronts below the analysis's subtree roots are factored by one task per subtree with a
// private stack; the fronts above are tasks of their own whose children run in parallel,
// and large fronts also split their trailing updates into tiles. Nothing in the arithmetic
// depends on the thread count or the schedule: the same input gives the same bits.
#pragma once

#include "numeric/numeric_column.hpp"
#include "numeric/numeric_data.hpp"
#include "symbolic/supernodes.hpp"

namespace lupine::detail {

/// Sizes the factor's storage and sweep state from the analysis.
template <class Scalar, class Index>
void prepare_supernodal_factor(const SupernodalStructure<Index>& structure,
                               SupernodalFactor<Scalar, Index>& factor);

/// Pivoting factorization of the block (threshold `options.pivot_threshold`, delayed pivots).
/// A column that no pivot can eliminate, even at a root, sets outcome.singular_column (its
/// block-local index) unless pivot perturbation is on.
template <class Scalar, class Index>
void factor_supernodal_block(const BlockValues<Scalar, Index>& block,
                             const SupernodalStructure<Index>& structure, const Options& options,
                             bool parallel, SupernodalFactor<Scalar, Index>& factor,
                             BlockOutcome& outcome);

/// Recomputes the factor with the pivot sequence and delays of the last factorization.
/// Returns false as soon as a reused pivot fails |u_kk| >= threshold * max |column k|, is zero
/// or meets a non-finite value (the factor is then unusable until the next factorization).
template <class Scalar, class Index>
bool refactor_supernodal_block(const BlockValues<Scalar, Index>& block,
                               const SupernodalStructure<Index>& structure,
                               real_type_t<Scalar> threshold, bool parallel,
                               SupernodalFactor<Scalar, Index>& factor, BlockOutcome& outcome);

/// Entries of L (strictly lower) and U (diagonal included) held by the block's fronts.
template <class Scalar, class Index>
void count_supernodal_entries(const SupernodalFactor<Scalar, Index>& factor, std::int64_t& L,
                              std::int64_t& U);

}  // namespace lupine::detail
