#include "solve/supernodal_solve.hpp"

#include <algorithm>
#include <complex>
#include <cstdint>

#include "numeric/blas.hpp"

namespace lupine::detail {
namespace {

// Fronts with at most this many pivots solve one right-hand side in place (circuits' fronts
// are mostly of one to a few pivots, where gathering costs more than it saves).
constexpr std::int64_t kDirectPivots = 4;

// G(0:length, r) = Y(ids[0:length], r) for every right-hand side r.
template <class Scalar, class Index>
void gather(const Scalar* Y, std::int64_t ld, Index count, const Index* ids, std::int64_t length,
            Scalar* G, std::int64_t ldg) {
  for (Index r = 0; r < count; ++r) {
    const Scalar* y = Y + r * ld;
    Scalar* g = G + r * ldg;
    for (std::int64_t i = 0; i < length; ++i) g[i] = y[ids[i]];
  }
}

// Y(ids[0:length], r) = G(0:length, r) for every right-hand side r.
template <class Scalar, class Index>
void scatter(const Scalar* G, std::int64_t ldg, Index count, const Index* ids, std::int64_t length,
             Scalar* Y, std::int64_t ld) {
  for (Index r = 0; r < count; ++r) {
    Scalar* y = Y + r * ld;
    const Scalar* g = G + r * ldg;
    for (std::int64_t i = 0; i < length; ++i) y[ids[i]] = g[i];
  }
}

}  // namespace

// Each front gathers the entries it touches into a dense block G (its rows, or its columns,
// for every right-hand side), works on G with its panel and U block, and scatters the result
// back.
template <class Scalar, class Index>
void solve_supernodal_block(const SupernodalFactor<Scalar, Index>& factor, Index size, Scalar* Y,
                            Index ld, Index count, Scalar* scratch) {
  const std::int64_t n = size;
  const std::int64_t stride = ld;
  Scalar* X = scratch;              // solution by column, n x count
  Scalar* G = scratch + n * count;  // gathered front entries, m x count
  // L: fronts in postorder; each front's pivot rows become final here.
  for (const auto& front : factor.fronts) {
    const std::int64_t m = front.order;
    const std::int64_t e = front.eliminated;
    if (e == 0) continue;
    if (count == 1 && e <= kDirectPivots) {
      // A few pivots and one right-hand side: update Y in place, no gather and scatter.
      for (std::int64_t k = 0; k < e; ++k) {
        const Scalar* column = front.panel + k * m;
        const Scalar yk = Y[front.rows[k]];
        for (std::int64_t i = k + 1; i < m; ++i) Y[front.rows[i]] -= column[i] * yk;
      }
      continue;
    }
    gather(Y, stride, count, front.rows, m, G, m);
    blas::trsm_left(true, false, e, count, front.panel, m, G, m);
    blas::gemm_op_minus(false, m - e, count, e, front.panel + e, m, G, m, G + e, m);
    scatter(G, m, count, front.rows, m, Y, stride);
  }
  // U: fronts in reverse postorder; the columns after a front's pivots are already solved.
  for (auto front = factor.fronts.rbegin(); front != factor.fronts.rend(); ++front) {
    const std::int64_t m = front->order;
    const std::int64_t e = front->eliminated;
    if (e == 0) continue;
    if (count == 1 && e <= kDirectPivots) {
      // x(cols[k]) for the front's pivots, last first: y minus U12 x over the solved columns,
      // then the triangle U11 backwards.
      const std::int64_t ld_upper = std::max<std::int64_t>(e, 1);
      for (std::int64_t k = e - 1; k >= 0; --k) {
        Scalar sum = Y[front->rows[k]];
        for (std::int64_t j = e; j < m; ++j) {
          sum = minus_product(sum, front->upper[k + (j - e) * ld_upper], X[front->cols[j]]);
        }
        for (std::int64_t j = k + 1; j < e; ++j) {
          sum = minus_product(sum, front->panel[k + j * m], X[front->cols[j]]);
        }
        X[front->cols[k]] = sum / front->panel[k + k * m];
      }
      continue;
    }
    gather(Y, stride, count, front->rows, e, G, m);
    gather(X, n, count, front->cols + e, m - e, G + e, m);
    blas::gemm_op_minus(false, e, count, m - e, front->upper, std::max<std::int64_t>(e, 1), G + e,
                        m, G, m);
    blas::trsm_left(false, false, e, count, front->panel, m, G, m);
    scatter(G, m, count, front->cols, e, X, n);
  }
  for (Index r = 0; r < count; ++r) std::copy(X + r * n, X + (r + 1) * n, Y + r * stride);
}

template <class Scalar, class Index>
void solve_supernodal_block_transpose(const SupernodalFactor<Scalar, Index>& factor, Index size,
                                      Scalar* Y, Index ld, Index count, Scalar* scratch) {
  const std::int64_t n = size;
  const std::int64_t stride = ld;
  Scalar* X = scratch;              // solution by row, n x count
  Scalar* G = scratch + n * count;  // gathered front entries, m x count
  // Uᵀ (lower): fronts in postorder, by columns.
  for (const auto& front : factor.fronts) {
    const std::int64_t m = front.order;
    const std::int64_t e = front.eliminated;
    if (e == 0) continue;
    if (count == 1 && e <= kDirectPivots) {
      // In place: z = U11⁻ᵀ y(cols[0:e]) forwards, then y(cols[e:m]) -= U12ᵀ z.
      const std::int64_t ld_upper = std::max<std::int64_t>(e, 1);
      for (std::int64_t k = 0; k < e; ++k) {
        const Scalar* column = front.panel + k * m;
        Scalar sum = Y[front.cols[k]];
        for (std::int64_t j = 0; j < k; ++j) sum = minus_product(sum, column[j], Y[front.cols[j]]);
        Y[front.cols[k]] = sum / column[k];
      }
      for (std::int64_t i = e; i < m; ++i) {
        const Scalar* u = front.upper + (i - e) * ld_upper;
        Scalar sum = Y[front.cols[i]];
        for (std::int64_t k = 0; k < e; ++k) sum = minus_product(sum, u[k], Y[front.cols[k]]);
        Y[front.cols[i]] = sum;
      }
      continue;
    }
    gather(Y, stride, count, front.cols, m, G, m);
    blas::trsm_left(false, true, e, count, front.panel, m, G, m);
    blas::gemm_op_minus(true, m - e, count, e, front.upper, std::max<std::int64_t>(e, 1), G, m,
                        G + e, m);
    scatter(G, m, count, front.cols, m, Y, stride);
  }
  // Lᵀ (unit upper): fronts in reverse postorder, by rows.
  for (auto front = factor.fronts.rbegin(); front != factor.fronts.rend(); ++front) {
    const std::int64_t m = front->order;
    const std::int64_t e = front->eliminated;
    if (e == 0) continue;
    if (count == 1 && e <= kDirectPivots) {
      // x(rows[k]) for the front's pivots, last first: column k of L below the diagonal
      // meets rows already solved.
      for (std::int64_t k = e - 1; k >= 0; --k) {
        const Scalar* column = front->panel + k * m;
        Scalar sum = Y[front->cols[k]];
        for (std::int64_t i = k + 1; i < m; ++i)
          sum = minus_product(sum, column[i], X[front->rows[i]]);
        X[front->rows[k]] = sum;
      }
      continue;
    }
    gather(Y, stride, count, front->cols, e, G, m);
    gather(X, n, count, front->rows + e, m - e, G + e, m);
    blas::gemm_op_minus(true, e, count, m - e, front->panel + e, m, G + e, m, G, m);
    blas::trsm_left(true, true, e, count, front->panel, m, G, m);
    scatter(G, m, count, front->rows, e, X, n);
  }
  for (Index r = 0; r < count; ++r) std::copy(X + r * n, X + (r + 1) * n, Y + r * stride);
}

#define LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(Scalar, Index)                                      \
  template void solve_supernodal_block(const SupernodalFactor<Scalar, Index>&, Index, Scalar*,  \
                                       Index, Index, Scalar*);                                  \
  template void solve_supernodal_block_transpose(const SupernodalFactor<Scalar, Index>&, Index, \
                                                 Scalar*, Index, Index, Scalar*);

LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(double, std::int32_t)
LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(double, std::int64_t)
LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
