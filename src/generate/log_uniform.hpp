// Log-uniform draws (coefficients and conductances spread over decades) computed with the
// basic IEEE 754 operations only: exp and log of <cmath> may differ in their last bit between
// math libraries, which would change a seed's matrix from one platform to the next.
#pragma once

#include <cmath>

#include "generate/random_stream.hpp"

namespace lupine {
namespace generate {

/// ln 2 split into a head with 11 trailing zero bits (so that k * head is exact for |k| < 2^11)
/// and the rest.
constexpr double ln2_head = 0x1.62e42fefa3800p-1;
constexpr double ln2_tail = 0x1.ef35793c7673p-45;

/// The natural logarithm of a positive finite x. With x = m 2^e, m in [sqrt(1/2), sqrt(2)),
/// ln m = 2 atanh(s) for s = (m - 1) / (m + 1), |s| < 0.1716, whose odd series is cut after
/// s^25 (the next term is below 1e-20 relative). frexp is exact.
inline double portable_log(double x) {
  int exponent = 0;
  double mantissa = std::frexp(x, &exponent);
  if (mantissa < 0x1.6a09e667f3bcdp-1) {
    mantissa *= 2;
    --exponent;
  }
  const double s = (mantissa - 1) / (mantissa + 1);
  const double s_squared = s * s;
  double series = 1.0 / 25;
  for (int odd = 23; odd >= 1; odd -= 2) series = series * s_squared + 1.0 / odd;
  return exponent * ln2_head + (exponent * ln2_tail + 2 * s * series);
}

/// e^y for |y| < 700. With y = k ln 2 + r, |r| <= ln(2) / 2, e^r is its Taylor series cut
/// after r^17 (the next term is below 1e-22) and ldexp (exact) applies 2^k.
inline double portable_exp(double y) {
  const double k = std::floor(y / (ln2_head + ln2_tail) + 0.5);
  const double r = (y - k * ln2_head) - k * ln2_tail;
  double series = 1;
  for (int power = 17; power >= 1; --power) series = 1 + series * r / power;
  return std::ldexp(series, static_cast<int>(k));
}

/// Draws log-uniformly from [low, high], 0 < low <= high: low * (high / low)^u for u uniform
/// in [0, 1). low == high gives low exactly, for every u.
class LogUniform {
 public:
  LogUniform(double low, double high) : low_(low), log_ratio_(portable_log(high / low)) {}

  double operator()(RandomStream& random) const {
    return low_ * portable_exp(random.uniform() * log_ratio_);
  }

 private:
  double low_;
  double log_ratio_;
};

}  // namespace generate
}  // namespace lupine
