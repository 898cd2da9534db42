// det(A) from P R A Q = L U: det(A) = sign(P) sign(Q) prod(u_kk) / prod(r_i).
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <vector>

#include "lupine/solver.hpp"
#include "numeric/numeric_data.hpp"

namespace lupine {
namespace detail {
namespace {

// +1 or -1: the parity of a permutation from its cycle decomposition.
template <class Index, class Allocator>
double permutation_sign(const std::vector<Index, Allocator>& perm) {
  std::vector<char> seen(perm.size(), 0);
  double sign = 1;
  for (std::size_t start = 0; start < perm.size(); ++start) {
    if (seen[start]) continue;
    std::size_t length = 0;
    for (std::size_t k = start; !seen[k]; k = static_cast<std::size_t>(perm[k])) {
      seen[k] = 1;
      ++length;
    }
    if (length % 2 == 0) sign = -sign;
  }
  return sign;
}

// The product of the pivots as log|.| and, exactly up to rounding of each multiplication, as
// sign * fraction * 2^exponent (no overflow or underflow however many pivots there are). For
// complex pivots the sign is the product of their phases p / |p|, renormalized to modulus 1
// after each factor so that rounding does not let it drift.
template <class Scalar>
struct Product {
  Scalar sign = 1;
  double log_abs = 0;
  // The empty product 1 = 0.5 * 2^1, already normalized: a 0 x 0 matrix has mantissa 0.5.
  double fraction = 0.5;  // in [0.5, 1), or 0
  std::int64_t exponent = 1;

  void multiply(Scalar factor) {
    const double size = std::abs(factor);
    if constexpr (is_complex<Scalar>::value) {
      if (size > 0) {
        sign *= factor / size;
        sign /= std::abs(sign);
      }
    } else {
      if (factor < 0) sign = -sign;
    }
    log_abs += std::log(size);
    int shift = 0;
    fraction *= std::frexp(size, &shift);  // frexp(0) is 0
    exponent += shift;
    normalize();
  }
  void divide(double divisor) {
    log_abs -= std::log(divisor);
    int shift = 0;
    fraction /= std::frexp(divisor, &shift);
    exponent -= shift;
    normalize();
  }
  void normalize() {
    int shift = 0;
    fraction = std::frexp(fraction, &shift);
    exponent += shift;
  }
};

}  // namespace
}  // namespace detail

template <class Scalar, class Index>
DeterminantOf<Scalar> Numeric<Scalar, Index>::determinant() const {
  using namespace detail;
  const NumericData<Scalar, Index>& numeric = require_factored(data());
  const SymbolicData<Index>& symbolic = numeric.symbolic.data();
  Product<Scalar> product;
  product.sign = permutation_sign(numeric.pivot_row_perm) * permutation_sign(symbolic.col_perm);
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    const BlockFactor<Scalar, Index>& factor = numeric.blocks[b];
    if (plan.size > 1 && factor.path == FactorPath::supernodal) {
      product.sign *= permutation_sign(factor.supernodal->pivot_rows) *
                      permutation_sign(factor.supernodal->pivot_cols);
      for (const auto& front : factor.supernodal->fronts) {
        const std::size_t m = static_cast<std::size_t>(front.order);
        for (std::size_t k = 0; k < static_cast<std::size_t>(front.eliminated); ++k) {
          product.multiply(front.panel[k * m + k]);
        }
      }
    } else if (plan.size > 1 && factor.path == FactorPath::dense) {
      product.sign *= permutation_sign(factor.dense->perm);
      const std::size_t order = static_cast<std::size_t>(plan.size);
      for (std::size_t k = 0; k < order; ++k) {
        product.multiply(factor.dense->lu[k * order + k]);
      }
    } else {
      for (Index k = plan.start; k < plan.start + plan.size; ++k) {
        product.multiply(numeric.diagonal[k]);
      }
    }
  }
  for (const auto scale : numeric.row_scale) product.divide(scale);
  DeterminantOf<Scalar> determinant;
  determinant.log_abs = product.log_abs;
  if (product.fraction == 0 || (!std::isfinite(product.log_abs) && product.log_abs < 0)) {
    determinant.log_abs = -std::numeric_limits<double>::infinity();
    return determinant;
  }
  determinant.sign = product.sign;
  determinant.mantissa = product.sign * product.fraction;
  determinant.exponent = product.exponent;
  return determinant;
}

template Determinant Numeric<double, std::int32_t>::determinant() const;
template Determinant Numeric<double, std::int64_t>::determinant() const;
template ComplexDeterminant Numeric<std::complex<double>, std::int32_t>::determinant() const;
template ComplexDeterminant Numeric<std::complex<double>, std::int64_t>::determinant() const;

}  // namespace lupine
