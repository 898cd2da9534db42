#include "solve/supernodal_solve.hpp"

#include <algorithm>
#include <complex>
#include <cstdint>

#include "numeric/blas.hpp"

namespace lupine::detail {

// Each front gathers the entries it touches into a dense vector g (its rows, or its columns),
// works on g with BLAS-2 on its panel and U block, and scatters the result back.
template <class Scalar, class Index>
void solve_supernodal_block(const SupernodalFactor<Scalar, Index>& factor, Index size, Scalar* y,
                            Scalar* scratch) {
  Scalar* x = scratch;         // solution, by column
  Scalar* g = scratch + size;  // gathered front entries
  // L: fronts in postorder; each front's pivot rows become final here.
  for (const auto& front : factor.fronts) {
    const std::int64_t m = front.order;
    const std::int64_t e = front.eliminated;
    if (e == 0) continue;
    for (std::int64_t i = 0; i < m; ++i) g[i] = y[front.rows[i]];
    blas::trsv(true, false, e, front.panel, m, g);
    blas::gemv_minus(m - e, e, front.panel + e, m, g, g + e);
    for (std::int64_t i = 0; i < m; ++i) y[front.rows[i]] = g[i];
  }
  // U: fronts in reverse postorder; the columns after a front's pivots are already solved.
  for (auto front = factor.fronts.rbegin(); front != factor.fronts.rend(); ++front) {
    const std::int64_t m = front->order;
    const std::int64_t e = front->eliminated;
    if (e == 0) continue;
    for (std::int64_t i = 0; i < e; ++i) g[i] = y[front->rows[i]];
    for (std::int64_t j = e; j < m; ++j) g[j] = x[front->cols[j]];
    blas::gemv_minus(e, m - e, front->upper, std::max<std::int64_t>(e, 1), g + e, g);
    blas::trsv(false, false, e, front->panel, m, g);
    for (std::int64_t i = 0; i < e; ++i) x[front->cols[i]] = g[i];
  }
  std::copy(x, x + size, y);
}

template <class Scalar, class Index>
void solve_supernodal_block_transpose(const SupernodalFactor<Scalar, Index>& factor, Index size,
                                      Scalar* y, Scalar* scratch) {
  Scalar* x = scratch;         // solution, by row
  Scalar* g = scratch + size;  // gathered front entries
  // Uᵀ (lower): fronts in postorder, by columns.
  for (const auto& front : factor.fronts) {
    const std::int64_t m = front.order;
    const std::int64_t e = front.eliminated;
    if (e == 0) continue;
    for (std::int64_t i = 0; i < m; ++i) g[i] = y[front.cols[i]];
    blas::trsv(false, true, e, front.panel, m, g);
    blas::gemv_transpose_minus(e, m - e, front.upper, std::max<std::int64_t>(e, 1), g, g + e);
    for (std::int64_t i = 0; i < m; ++i) y[front.cols[i]] = g[i];
  }
  // Lᵀ (unit upper): fronts in reverse postorder, by rows.
  for (auto front = factor.fronts.rbegin(); front != factor.fronts.rend(); ++front) {
    const std::int64_t m = front->order;
    const std::int64_t e = front->eliminated;
    if (e == 0) continue;
    for (std::int64_t i = 0; i < e; ++i) g[i] = y[front->cols[i]];
    for (std::int64_t j = e; j < m; ++j) g[j] = x[front->rows[j]];
    blas::gemv_transpose_minus(m - e, e, front->panel + e, m, g + e, g);
    blas::trsv(true, true, e, front->panel, m, g);
    for (std::int64_t i = 0; i < e; ++i) x[front->rows[i]] = g[i];
  }
  std::copy(x, x + size, y);
}

#define LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(Scalar, Index)                                      \
  template void solve_supernodal_block(const SupernodalFactor<Scalar, Index>&, Index, Scalar*,  \
                                       Scalar*);                                                \
  template void solve_supernodal_block_transpose(const SupernodalFactor<Scalar, Index>&, Index, \
                                                 Scalar*, Scalar*);

LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(double, std::int32_t)
LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(double, std::int64_t)
LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_SUPERNODAL_SOLVE(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
