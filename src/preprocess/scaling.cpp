#include "preprocess/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>

namespace lupine::detail {

template <class Scalar, class Index>
void compute_row_scaling(Index n, const Index* col_ptr, const Index* rows, const Scalar* values,
                         Scaling scaling, real_type_t<Scalar>* row_scale) {
  using Real = real_type_t<Scalar>;
  std::fill(row_scale, row_scale + n, Real{0});
  if (scaling == Scaling::none) {
    std::fill(row_scale, row_scale + n, Real{1});
    return;
  }
  const Index nnz = col_ptr[n];
  if (scaling == Scaling::max) {
    for (Index p = 0; p < nnz; ++p) {
      row_scale[rows[p]] = std::max(row_scale[rows[p]], static_cast<Real>(std::abs(values[p])));
    }
  } else {
    for (Index p = 0; p < nnz; ++p) row_scale[rows[p]] += std::abs(values[p]);
  }
  for (Index i = 0; i < n; ++i) {
    const Real size = row_scale[i];
    if (!(size > 0) || !std::isfinite(size)) {
      row_scale[i] = 1;
      continue;
    }
    // 2^-e with size = m 2^e, m in [0.5, 1): the scaled row maximum lies in [0.5, 1).
    int exponent = 0;
    std::frexp(size, &exponent);
    row_scale[i] = std::ldexp(Real{1}, -exponent);
  }
}

template void compute_row_scaling(std::int32_t, const std::int32_t*, const std::int32_t*,
                                  const double*, Scaling, double*);
template void compute_row_scaling(std::int64_t, const std::int64_t*, const std::int64_t*,
                                  const double*, Scaling, double*);
template void compute_row_scaling(std::int32_t, const std::int32_t*, const std::int32_t*,
                                  const std::complex<double>*, Scaling, double*);
template void compute_row_scaling(std::int64_t, const std::int64_t*, const std::int64_t*,
                                  const std::complex<double>*, Scaling, double*);

}  // namespace lupine::detail
