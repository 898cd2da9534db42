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

/// The size the kernels pivot and guard by: |x| for a real x, |re| + |im| for a complex one
/// (LAPACK's cabs1, what izamax and KLU pivot by). Within a factor √2 of the modulus, it
/// makes every threshold test a test on a norm all the same, and it avoids hypot, whose cost
/// in the pivot searches and guards made complex factorizations 1.5-2× slower.
template <class Scalar>
real_type_t<Scalar> magnitude(const Scalar& value) {
  if constexpr (is_complex<Scalar>::value) {
    return std::abs(value.real()) + std::abs(value.imag());
  } else {
    return std::abs(value);
  }
}

/// sum - a * b, for the gathered dot products of the solves (sum -= a[p] * x[index[p]]).
/// Real: one fused multiply-add (one rounding), whatever the compiler does with the loop.
/// Left to itself GCC vectorizes such a gather reduction in order for 64-bit indices but not
/// for 32-bit ones (products first, then the subtractions: two roundings), while the scalar
/// loop contracts to FMAs, so the two index widths would give different last bits.
/// `(std::fma)` in parentheses: SuperLU_DIST's superlu_defs.h defines a function-like macro
/// `fma(A, B, C)`, which must not expand here when that header was included first.
template <class Scalar>
Scalar minus_product(Scalar sum, Scalar a, Scalar b) {
  if constexpr (is_complex<Scalar>::value) {
    return sum - a * b;
  } else {
    return (std::fma)(-a, b, sum);
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
