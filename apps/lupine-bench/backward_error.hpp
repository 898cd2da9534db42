// The accuracy measure the bench applies to every solver's solution, real or complex.
#pragma once

#include "adapter.hpp"

namespace lupine_bench {

/// Componentwise (Oettli-Prager) backward error max_i |b - A x|_i / (|A| |x| + |b|)_i, where
/// 0/0 counts as 0 and r/0 as infinity, |.| the modulus for complex values. NaN when x or the
/// residual holds a NaN. Instantiated for double and Complex, as is the normwise measure.
template <class Scalar>
double backward_error(const MatrixOf<Scalar>& matrix, const Scalar* values, const Scalar* x,
                      const Scalar* b);

/// Normwise backward error ||b - A x||_inf / (||A||_inf ||x||_inf + ||b||_inf); 0/0 counts as
/// 0, NaN as above. Unlike the componentwise measure it stays small for a backward stable
/// solve even where a row of |A||x| + |b| is tiny through cancellation (a zero component of
/// the exact solution computed as 1e-17), so it is the one that says whether x is a solution
/// at all.
template <class Scalar>
double normwise_backward_error(const MatrixOf<Scalar>& matrix, const Scalar* values,
                               const Scalar* x, const Scalar* b);

}  // namespace lupine_bench
