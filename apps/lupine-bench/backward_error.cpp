#include "backward_error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace lupine_bench {

template <class Scalar>
double backward_error(const MatrixOf<Scalar>& matrix, const Scalar* values, const Scalar* x,
                      const Scalar* b) {
  const std::int32_t n = matrix.rows();
  std::vector<Scalar> residual(b, b + n);
  std::vector<double> scale(static_cast<std::size_t>(n));
  for (std::int32_t i = 0; i < n; ++i) scale[i] = std::abs(b[i]);
  const std::vector<std::int32_t>& col_ptr = matrix.col_ptr();
  const std::vector<std::int32_t>& row_indices = matrix.row_indices();
  for (std::int32_t j = 0; j < matrix.cols(); ++j) {
    for (std::int32_t p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const std::int32_t i = row_indices[p];
      residual[i] -= values[p] * x[j];
      scale[i] += std::abs(values[p]) * std::abs(x[j]);
    }
  }
  double worst = 0;
  for (std::int32_t i = 0; i < n; ++i) {
    const double r = std::abs(residual[i]);
    if (r == 0) continue;
    const double ratio = scale[i] == 0 ? std::numeric_limits<double>::infinity() : r / scale[i];
    if (std::isnan(ratio)) return std::numeric_limits<double>::quiet_NaN();
    if (ratio > worst) worst = ratio;
  }
  return worst;
}

template <class Scalar>
double normwise_backward_error(const MatrixOf<Scalar>& matrix, const Scalar* values,
                               const Scalar* x, const Scalar* b) {
  const std::int32_t n = matrix.rows();
  std::vector<Scalar> residual(b, b + n);
  std::vector<double> row_sums(static_cast<std::size_t>(n), 0.0);
  const std::vector<std::int32_t>& col_ptr = matrix.col_ptr();
  const std::vector<std::int32_t>& row_indices = matrix.row_indices();
  double x_norm = 0;
  for (std::int32_t j = 0; j < matrix.cols(); ++j) {
    const double x_magnitude = std::abs(x[j]);
    if (std::isnan(x_magnitude)) return std::numeric_limits<double>::quiet_NaN();
    x_norm = std::max(x_norm, x_magnitude);
    for (std::int32_t p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const std::int32_t i = row_indices[p];
      residual[i] -= values[p] * x[j];
      row_sums[i] += std::abs(values[p]);
    }
  }
  double residual_norm = 0, matrix_norm = 0, b_norm = 0;
  for (std::int32_t i = 0; i < n; ++i) {
    const double r = std::abs(residual[i]);
    if (std::isnan(r)) return std::numeric_limits<double>::quiet_NaN();
    residual_norm = std::max(residual_norm, r);
    matrix_norm = std::max(matrix_norm, row_sums[i]);
    b_norm = std::max(b_norm, static_cast<double>(std::abs(b[i])));
  }
  if (residual_norm == 0) return 0;
  const double ratio = residual_norm / (matrix_norm * x_norm + b_norm);
  return std::isnan(ratio) ? std::numeric_limits<double>::quiet_NaN() : ratio;
}

template double backward_error<double>(const Matrix&, const double*, const double*, const double*);
template double backward_error<Complex>(const ComplexMatrix&, const Complex*, const Complex*,
                                        const Complex*);
template double normwise_backward_error<double>(const Matrix&, const double*, const double*,
                                                const double*);
template double normwise_backward_error<Complex>(const ComplexMatrix&, const Complex*,
                                                 const Complex*, const Complex*);

}  // namespace lupine_bench
