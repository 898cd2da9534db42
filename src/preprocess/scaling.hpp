// Row equilibration before factorization.
#pragma once

#include <cstddef>

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

/// The largest magnitude and the smallest nonzero one among the real (and imaginary) parts of
/// `values` (HUGE_VAL and 0 when there is none). NaN parts are left out: they fail the
/// factorization's checks under any scaling.
struct ValueRange {
  double smallest_nonzero;
  double largest;
};

/// Copies `count` values to `copy` and returns their range, in one pass.
template <class Scalar>
ValueRange copy_values_with_range(const Scalar* values, std::size_t count, Scalar* copy);

/// Whether row multipliers in [smallest_scale, largest_scale] put every nonzero part of values
/// in `range` inside [2^-960, 2^960]: far from underflow and overflow, where scaling by powers
/// of two changes no bit of the arithmetic but the exponents.
bool scaling_keeps_range(const ValueRange& range, double smallest_scale, double largest_scale);

}  // namespace lupine::detail
