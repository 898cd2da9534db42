#include "preprocess/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>

#include "core/scalar.hpp"

namespace lupine::detail {
namespace {

// 2^-e for size = m 2^e with m in [0.5, 1), so the scaled row maximum lies in [0.5, 1); 1 for
// zero and non-finite sizes. The exponent is read from the IEEE bits: frexp/ldexp cost more
// than the rest of the scaling pass.
double power_of_two_reciprocal(double size) {
  if (!(size > 0) || !std::isfinite(size)) return 1.0;
  std::uint64_t bits;
  std::memcpy(&bits, &size, sizeof bits);
  const std::int64_t biased = static_cast<std::int64_t>((bits >> 52) & 0x7ff);
  const std::int64_t result_biased = 2045 - biased;  // 2^-(biased - 1022)
  if (biased == 0 || result_biased <= 0 || result_biased >= 2047) {
    int exponent = 0;  // subnormal size or reciprocal out of range: the slow exact way
    std::frexp(size, &exponent);
    return std::ldexp(1.0, -exponent);
  }
  const std::uint64_t result_bits = static_cast<std::uint64_t>(result_biased) << 52;
  double result;
  std::memcpy(&result, &result_bits, sizeof result);
  return result;
}

}  // namespace

template <class Scalar, class Index>
void copy_values_and_scale_rows(Index n, const Index* col_ptr, const Index* rows,
                                const Scalar* values, Scalar* copy, Scaling scaling,
                                real_type_t<Scalar>* row_scale) {
  using Real = real_type_t<Scalar>;
  const Index nnz = col_ptr[n];
  if (scaling == Scaling::none) {
    if (copy) std::copy(values, values + nnz, copy);
    std::fill(row_scale, row_scale + n, Real{1});
    return;
  }
  std::fill(row_scale, row_scale + n, Real{0});
  if (scaling == Scaling::max) {
    for (Index p = 0; p < nnz; ++p) {
      const Scalar value = values[p];
      if (copy) copy[p] = value;
      row_scale[rows[p]] = std::max(row_scale[rows[p]], static_cast<Real>(magnitude(value)));
    }
  } else {
    for (Index p = 0; p < nnz; ++p) {
      const Scalar value = values[p];
      if (copy) copy[p] = value;
      row_scale[rows[p]] += magnitude(value);
    }
  }
  for (Index i = 0; i < n; ++i) row_scale[i] = power_of_two_reciprocal(row_scale[i]);
}

template <class Scalar, class Index>
void compute_row_scaling(Index n, const Index* col_ptr, const Index* rows, const Scalar* values,
                         Scaling scaling, real_type_t<Scalar>* row_scale) {
  copy_values_and_scale_rows<Scalar, Index>(n, col_ptr, rows, values, nullptr, scaling, row_scale);
}

template void compute_row_scaling(std::int32_t, const std::int32_t*, const std::int32_t*,
                                  const double*, Scaling, double*);
template void compute_row_scaling(std::int64_t, const std::int64_t*, const std::int64_t*,
                                  const double*, Scaling, double*);
template void compute_row_scaling(std::int32_t, const std::int32_t*, const std::int32_t*,
                                  const std::complex<double>*, Scaling, double*);
template void compute_row_scaling(std::int64_t, const std::int64_t*, const std::int64_t*,
                                  const std::complex<double>*, Scaling, double*);

#define LUPINE_INSTANTIATE_COPY_SCALE(Scalar, Index)                                         \
  template void copy_values_and_scale_rows(Index, const Index*, const Index*, const Scalar*, \
                                           Scalar*, Scaling, real_type_t<Scalar>*);
LUPINE_INSTANTIATE_COPY_SCALE(double, std::int32_t)
LUPINE_INSTANTIATE_COPY_SCALE(double, std::int64_t)
LUPINE_INSTANTIATE_COPY_SCALE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_COPY_SCALE(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
