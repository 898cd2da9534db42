#include "preprocess/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#if defined(__AVX__)
#include <immintrin.h>
#endif

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

template <class Scalar>
ValueRange copy_values_with_range(const Scalar* values, std::size_t count, Scalar* copy) {
  // The parts as one array of doubles (std::complex<double> is laid out as two).
  const double* parts = reinterpret_cast<const double*>(values);
  double* copy_parts = reinterpret_cast<double*>(copy);
  const std::size_t part_count = count * (sizeof(Scalar) / sizeof(double));
  double largest = 0;
  double smallest = HUGE_VAL;
  std::size_t k = 0;
#if defined(__AVX__)
  // Compilers do not vectorize a min/max reduction without -ffast-math (it would reorder
  // it), and this pass is a sixth of a circuit's refactorization: lanes by hand. (Builds
  // without AVX, the sanitizer ones among them, take the loop below for every part.)
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d huge = _mm256_set1_pd(HUGE_VAL);
  const __m256d zero = _mm256_setzero_pd();
  __m256d largest_lanes[2] = {zero, zero};
  __m256d smallest_lanes[2] = {huge, huge};
  for (; k + 8 <= part_count; k += 8) {
    for (int half = 0; half < 2; ++half) {
      const __m256d part = _mm256_loadu_pd(parts + k + 4 * half);
      _mm256_storeu_pd(copy_parts + k + 4 * half, part);
      const __m256d size = _mm256_andnot_pd(sign, part);
      largest_lanes[half] = _mm256_max_pd(size, largest_lanes[half]);  // a NaN is skipped
      const __m256d positive = _mm256_cmp_pd(size, zero, _CMP_GT_OQ);  // false for NaN
      smallest_lanes[half] =
          _mm256_min_pd(_mm256_blendv_pd(huge, size, positive), smallest_lanes[half]);
    }
  }
  double lanes[8];
  _mm256_storeu_pd(lanes, _mm256_max_pd(largest_lanes[0], largest_lanes[1]));
  _mm256_storeu_pd(lanes + 4, _mm256_min_pd(smallest_lanes[0], smallest_lanes[1]));
  largest = *std::max_element(lanes, lanes + 4);
  smallest = *std::min_element(lanes + 4, lanes + 8);
#endif
  for (; k < part_count; ++k) {
    const double part = parts[k];
    copy_parts[k] = part;
    const double size = std::fabs(part);
    if (size > largest) largest = size;
    if (size > 0 && size < smallest) smallest = size;
  }
  return {smallest, largest};
}

template ValueRange copy_values_with_range(const double*, std::size_t, double*);
template ValueRange copy_values_with_range(const std::complex<double>*, std::size_t,
                                           std::complex<double>*);

bool scaling_keeps_range(const ValueRange& range, double smallest_scale, double largest_scale) {
  const double floor = std::ldexp(1.0, -960);
  const double ceiling = std::ldexp(1.0, 960);
  if (!(largest_scale <= ceiling) || !(smallest_scale >= floor)) return false;
  if (range.largest == 0) return true;  // no nonzero part: nothing to scale
  return range.smallest_nonzero * smallest_scale >= floor &&
         range.largest * largest_scale <= ceiling;
}

#define LUPINE_INSTANTIATE_COPY_SCALE(Scalar, Index)                                         \
  template void copy_values_and_scale_rows(Index, const Index*, const Index*, const Scalar*, \
                                           Scalar*, Scaling, real_type_t<Scalar>*);
LUPINE_INSTANTIATE_COPY_SCALE(double, std::int32_t)
LUPINE_INSTANTIATE_COPY_SCALE(double, std::int64_t)
LUPINE_INSTANTIATE_COPY_SCALE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_COPY_SCALE(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
