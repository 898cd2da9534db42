// Row equilibration before factorization.
#pragma once

#include "lupine/solver.hpp"

namespace lupine::detail {

/// Fills row_scale[i] (the multiplier of row i) for Scaling::max (1 / max_j |a_ij|) or
/// Scaling::sum (1 / sum_j |a_ij|), rounded to a power of two so that scaling adds no
/// rounding error; 1 for Scaling::none and for rows without a nonzero.
template <class Scalar, class Index>
void compute_row_scaling(Index n, const Index* col_ptr, const Index* rows, const Scalar* values,
                         Scaling scaling, real_type_t<Scalar>* row_scale);

/// The same as copying `values` to `copy` and then compute_row_scaling on it, in one pass.
template <class Scalar, class Index>
void copy_values_and_scale_rows(Index n, const Index* col_ptr, const Index* rows,
                                const Scalar* values, Scalar* copy, Scaling scaling,
                                real_type_t<Scalar>* row_scale);

}  // namespace lupine::detail
