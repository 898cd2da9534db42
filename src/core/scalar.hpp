// Scalar helpers shared by the real and complex instantiations.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "lupine/sparse.hpp"

namespace lupine::detail {

template <class Scalar>
bool is_finite_value(const Scalar& value) {
  if constexpr (is_complex<Scalar>::value) {
    return std::isfinite(value.real()) && std::isfinite(value.imag());
  } else {
    return std::isfinite(value);
  }
}

/// The complex conjugate, and the value itself for a real scalar (std::conj of a double would
/// be a std::complex).
template <class Scalar>
Scalar conjugate(const Scalar& value) {
  if constexpr (is_complex<Scalar>::value) {
    return std::conj(value);
  } else {
    return value;
  }
}

/// True when none of `count` values is a NaN or an infinity. It tests exponent bits with
/// integer operations, which the compiler vectorizes; a floating-point probe (sum of v * 0)
/// cannot be, its additions must stay in order, and cost 10% of a circuit refactorization.
inline bool all_finite(const double* values, std::size_t count) {
  constexpr std::uint64_t exponent = 0x7ff0000000000000ULL;
  std::uint64_t non_finite = 0;
  for (std::size_t k = 0; k < count; ++k) {
    std::uint64_t bits;
    std::memcpy(&bits, values + k, sizeof bits);
    non_finite |= static_cast<std::uint64_t>((bits & exponent) == exponent);
  }
  return non_finite == 0;
}
inline bool all_finite(const std::complex<double>* values, std::size_t count) {
  // std::complex<double> is laid out as two doubles (real, imaginary).
  return all_finite(reinterpret_cast<const double*>(values), 2 * count);
}

}  // namespace lupine::detail
