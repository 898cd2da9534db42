// Small dense reference computations for checking sparse results in tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "lupine/sparse.hpp"

namespace lupine_test {

/// Row-major dense copy of a (small) sparse matrix.
template <class Scalar>
std::vector<std::vector<Scalar>> to_dense(const lupine::CscMatrix<Scalar>& matrix) {
  std::vector<std::vector<Scalar>> dense(
      static_cast<std::size_t>(matrix.rows()),
      std::vector<Scalar>(static_cast<std::size_t>(matrix.cols()), Scalar{0}));
  for (int j = 0; j < matrix.cols(); ++j) {
    for (int p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      dense[static_cast<std::size_t>(matrix.row_indices()[p])][static_cast<std::size_t>(j)] =
          matrix.values()[static_cast<std::size_t>(p)];
    }
  }
  return dense;
}

/// log|det| and sign (det / |det|, complex for a complex matrix) by dense Gaussian
/// elimination with partial pivoting.
template <class Scalar>
void dense_log_determinant(std::vector<std::vector<Scalar>> a, Scalar& sign, double& log_abs) {
  const std::size_t n = a.size();
  sign = 1;
  log_abs = 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i) {
      if (std::abs(a[i][k]) > std::abs(a[pivot][k])) pivot = i;
    }
    if (a[pivot][k] == Scalar{0}) {
      sign = 0;
      log_abs = -INFINITY;
      return;
    }
    if (pivot != k) {
      std::swap(a[pivot], a[k]);
      sign = -sign;
    }
    const double size = std::abs(a[k][k]);
    sign *= a[k][k] / size;
    log_abs += std::log(size);
    for (std::size_t i = k + 1; i < n; ++i) {
      const Scalar factor = a[i][k] / a[k][k];
      for (std::size_t j = k; j < n; ++j) a[i][j] -= factor * a[k][j];
    }
  }
}

/// κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁ and its two factors, exactly up to rounding.
struct DenseCondition {
  double norm1 = 0;
  double inverse_norm1 = 0;
  double condition = 0;
};

/// κ₁ of a sparse matrix with A⁻¹ from a dense LU with partial pivoting (column-major, so the
/// inner loops run down columns), one solve per column of the identity: O(n³), meant for
/// n up to a few hundred. +inf when a pivot is exactly zero.
template <class Scalar>
DenseCondition dense_condition(const lupine::CscMatrix<Scalar>& matrix) {
  const std::size_t n = static_cast<std::size_t>(matrix.rows());
  DenseCondition result;
  std::vector<Scalar> lu(n * n, Scalar{0});
  for (std::size_t j = 0; j < n; ++j) {
    double column = 0;
    for (int p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      const Scalar value = matrix.values()[static_cast<std::size_t>(p)];
      lu[j * n + static_cast<std::size_t>(matrix.row_indices()[p])] = value;
      column += std::abs(value);
    }
    result.norm1 = std::max(result.norm1, column);
  }
  // P A = L U: perm[k] is the row of A at position k.
  std::vector<std::size_t> perm(n);
  for (std::size_t i = 0; i < n; ++i) perm[i] = i;
  for (std::size_t k = 0; k < n; ++k) {
    Scalar* column_k = lu.data() + k * n;
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i) {
      if (std::abs(column_k[i]) > std::abs(column_k[pivot])) pivot = i;
    }
    if (column_k[pivot] == Scalar{0}) {
      result.inverse_norm1 = result.condition = std::numeric_limits<double>::infinity();
      return result;
    }
    if (pivot != k) {
      for (std::size_t j = 0; j < n; ++j) std::swap(lu[j * n + k], lu[j * n + pivot]);
      std::swap(perm[k], perm[pivot]);
    }
    for (std::size_t i = k + 1; i < n; ++i) column_k[i] /= column_k[k];
    for (std::size_t j = k + 1; j < n; ++j) {
      Scalar* column_j = lu.data() + j * n;
      const Scalar factor = column_j[k];
      if (factor == Scalar{0}) continue;
      for (std::size_t i = k + 1; i < n; ++i) column_j[i] -= column_k[i] * factor;
    }
  }
  std::vector<Scalar> x(n);
  for (std::size_t e = 0; e < n; ++e) {
    for (std::size_t k = 0; k < n; ++k) x[k] = perm[k] == e ? Scalar{1} : Scalar{0};
    for (std::size_t k = 0; k < n; ++k) {
      const Scalar* column_k = lu.data() + k * n;
      const Scalar xk = x[k];
      if (xk == Scalar{0}) continue;
      for (std::size_t i = k + 1; i < n; ++i) x[i] -= column_k[i] * xk;
    }
    for (std::size_t k = n; k-- > 0;) {
      const Scalar* column_k = lu.data() + k * n;
      const Scalar xk = x[k] / column_k[k];
      x[k] = xk;
      for (std::size_t i = 0; i < k; ++i) x[i] -= column_k[i] * xk;
    }
    double sum = 0;
    for (const Scalar& value : x) sum += std::abs(value);
    result.inverse_norm1 = std::max(result.inverse_norm1, sum);
  }
  result.condition = result.norm1 * result.inverse_norm1;
  return result;
}

}  // namespace lupine_test
