#include "numeric/numeric_dense.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numeric>

#include "lupine/checked.hpp"

extern "C" {
void dgetrf_(const int* rows, const int* cols, double* a, const int* lda, int* pivots, int* info);
void zgetrf_(const int* rows, const int* cols, std::complex<double>* a, const int* lda, int* pivots,
             int* info);
}

namespace lupine::detail {
namespace {

// LAPACK wants a leading dimension >= 1 even for an empty block (a 0 x 0 matrix forced onto
// the dense path); with 0 its xerbla prints an error and nothing is factored.
void getrf(int size, double* a, int* pivots, int* info) {
  const int lda = std::max(size, 1);
  dgetrf_(&size, &size, a, &lda, pivots, info);
}
void getrf(int size, std::complex<double>* a, int* pivots, int* info) {
  const int lda = std::max(size, 1);
  zgetrf_(&size, &size, a, &lda, pivots, info);
}

}  // namespace

template <class Scalar, class Index>
void factor_dense_block(const BlockValues<Scalar, Index>& block, DenseFactor<Scalar, Index>& factor,
                        BlockOutcome& outcome) {
  using Real = real_type_t<Scalar>;
  const int n = checked_cast<int>(block.size, "dense block order (LAPACK uses int)");
  const std::size_t order = static_cast<std::size_t>(n);
  factor.lu.assign(checked_mul<std::size_t>(order, order, "dense block size"), Scalar{0});
  factor.column_max.assign(order, Real{0});
  Real* column_max_a = factor.column_max.data();
  for (int k = 0; k < n; ++k) {
    Scalar* column = factor.lu.data() + static_cast<std::size_t>(k) * order;
    for (Index p = block.col_ptr[k]; p < block.col_ptr[k + 1]; ++p) {
      const Index i = block.rows[p];
      column[i] = block.values[block.source[p]] * block.row_scale[i];
      const Real size = std::abs(column[i]);
      if (!std::isfinite(size)) {
        outcome.singular_column = k;
        outcome.non_finite = true;
        return;
      }
      column_max_a[k] = std::max(column_max_a[k], size);
    }
  }
  factor.lapack_pivots.assign(order, 0);
  int info = 0;
  getrf(n, factor.lu.data(), factor.lapack_pivots.data(), &info);
  if (info > 0) {
    outcome.singular_column = info - 1;
    return;
  }
  factor.perm.resize(order);
  std::iota(factor.perm.begin(), factor.perm.end(), Index{0});
  for (int k = 0; k < n; ++k) {
    const int other = factor.lapack_pivots[k] - 1;
    if (other != k) {
      std::swap(factor.perm[k], factor.perm[other]);
      ++outcome.off_diagonal_pivots;
    }
  }
  for (int k = 0; k < n; ++k) {
    const Scalar* column = factor.lu.data() + static_cast<std::size_t>(k) * order;
    Real column_max_u = 0;
    for (int i = 0; i <= k; ++i) column_max_u = std::max<Real>(column_max_u, std::abs(column[i]));
    if (column_max_a[k] > 0) {
      outcome.growth = std::max<double>(outcome.growth, column_max_u / column_max_a[k]);
    }
  }
  const double size = static_cast<double>(n);
  outcome.flops += 2.0 * size * size * size / 3.0;
}

template void factor_dense_block(const BlockValues<double, std::int32_t>&,
                                 DenseFactor<double, std::int32_t>&, BlockOutcome&);
template void factor_dense_block(const BlockValues<double, std::int64_t>&,
                                 DenseFactor<double, std::int64_t>&, BlockOutcome&);
template void factor_dense_block(const BlockValues<std::complex<double>, std::int32_t>&,
                                 DenseFactor<std::complex<double>, std::int32_t>&, BlockOutcome&);
template void factor_dense_block(const BlockValues<std::complex<double>, std::int64_t>&,
                                 DenseFactor<std::complex<double>, std::int64_t>&, BlockOutcome&);

}  // namespace lupine::detail
