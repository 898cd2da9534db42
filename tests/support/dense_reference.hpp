// Small dense reference computations for checking sparse results in tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "lupine/sparse.hpp"

namespace lupine_test {

/// Row-major dense copy of a (small) sparse matrix.
inline std::vector<std::vector<double>> to_dense(const lupine::CscMatrix<double>& matrix) {
  std::vector<std::vector<double>> dense(
      static_cast<std::size_t>(matrix.rows()),
      std::vector<double>(static_cast<std::size_t>(matrix.cols()), 0.0));
  for (int j = 0; j < matrix.cols(); ++j) {
    for (int p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      dense[static_cast<std::size_t>(matrix.row_indices()[p])][static_cast<std::size_t>(j)] =
          matrix.values()[static_cast<std::size_t>(p)];
    }
  }
  return dense;
}

/// log|det| and sign by dense Gaussian elimination with partial pivoting.
inline void dense_log_determinant(std::vector<std::vector<double>> a, double& sign,
                                  double& log_abs) {
  const std::size_t n = a.size();
  sign = 1;
  log_abs = 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i) {
      if (std::abs(a[i][k]) > std::abs(a[pivot][k])) pivot = i;
    }
    if (a[pivot][k] == 0) {
      sign = 0;
      log_abs = -INFINITY;
      return;
    }
    if (pivot != k) {
      std::swap(a[pivot], a[k]);
      sign = -sign;
    }
    if (a[k][k] < 0) sign = -sign;
    log_abs += std::log(std::abs(a[k][k]));
    for (std::size_t i = k + 1; i < n; ++i) {
      const double factor = a[i][k] / a[k][k];
      for (std::size_t j = k; j < n; ++j) a[i][j] -= factor * a[k][j];
    }
  }
}

}  // namespace lupine_test
