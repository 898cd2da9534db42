// The accuracy measure the bench applies to every solver's solution.
#pragma once

#include "adapter.hpp"

namespace lupine_bench {

/// Componentwise (Oettli-Prager) backward error max_i |b - A x|_i / (|A| |x| + |b|)_i, where
/// 0/0 counts as 0 and r/0 as infinity. NaN when x or the residual holds a NaN.
double backward_error(const Matrix& matrix, const double* values, const double* x, const double* b);

/// Normwise backward error ||b - A x||_inf / (||A||_inf ||x||_inf + ||b||_inf); 0/0 counts as
/// 0, NaN as above. Unlike the componentwise measure it stays small for a backward stable
/// solve even where a row of |A||x| + |b| is tiny through cancellation (a zero component of
/// the exact solution computed as 1e-17), so it is the one that says whether x is a solution
/// at all.
double normwise_backward_error(const Matrix& matrix, const double* values, const double* x,
                               const double* b);

}  // namespace lupine_bench
