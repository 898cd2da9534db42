// Scalar helpers shared by the real and complex instantiations.
#pragma once

#include <cmath>

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

}  // namespace lupine::detail
