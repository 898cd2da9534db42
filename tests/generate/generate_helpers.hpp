// Helpers shared by the generator tests.
#pragma once

#include <catch2/catch.hpp>
#include <cstddef>
#include <vector>

#include "lupine/error.hpp"
#include "lupine/sparse.hpp"

namespace generate_test {

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;

using Dense = std::vector<std::vector<double>>;  // dense[row][col]

inline Dense to_dense(const CscMatrix<double>& a) {
  Dense dense(static_cast<std::size_t>(a.rows()),
              std::vector<double>(static_cast<std::size_t>(a.cols()), 0.0));
  for (int j = 0; j < a.cols(); ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      dense[static_cast<std::size_t>(a.row_indices()[p])][static_cast<std::size_t>(j)] =
          a.values()[p];
    }
  }
  return dense;
}

inline double entry(const CscMatrix<double>& a, int row, int col) {
  const int p = a.find(row, col);
  return p < 0 ? 0.0 : a.values()[p];
}

/// True when the Cholesky factorization of the symmetric `a` succeeds (a is SPD).
inline bool cholesky_succeeds(Dense a) {
  const std::size_t n = a.size();
  for (std::size_t k = 0; k < n; ++k) {
    double diagonal = a[k][k];
    for (std::size_t m = 0; m < k; ++m) diagonal -= a[k][m] * a[k][m];
    if (!(diagonal > 0)) return false;
    a[k][k] = std::sqrt(diagonal);
    for (std::size_t i = k + 1; i < n; ++i) {
      double value = a[i][k];
      for (std::size_t m = 0; m < k; ++m) value -= a[i][m] * a[k][m];
      a[i][k] = value / a[k][k];
    }
  }
  return true;
}

inline bool identical(const CscMatrix<double>& a, const CscMatrix<double>& b) {
  return a.same_pattern(b) && a.values() == b.values();
}

template <class Function>
void check_error(Function function, ErrorKind kind) {
  try {
    function();
    FAIL("no error thrown");
  } catch (const Error& error) {
    CHECK(error.kind() == kind);
  }
}

}  // namespace generate_test
