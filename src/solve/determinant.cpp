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
template <class Index>
double permutation_sign(const std::vector<Index>& perm) {
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

void accumulate(double pivot, double& sign, double& log_abs) {
  if (pivot < 0) sign = -sign;
  log_abs += std::log(std::abs(pivot));
}

}  // namespace
}  // namespace detail

template <class Scalar, class Index>
Determinant Numeric<Scalar, Index>::determinant() const {
  static_assert(!is_complex<Scalar>::value, "complex determinants come with complex support");
  using namespace detail;
  const NumericData<Scalar, Index>& numeric = require_factored(data());
  const SymbolicData<Index>& symbolic = numeric.symbolic.data();
  double sign = permutation_sign(numeric.pivot_row_perm) * permutation_sign(symbolic.col_perm);
  double log_abs = 0;
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    const BlockFactor<Scalar, Index>& factor = numeric.blocks[b];
    if (plan.size > 1 && factor.path == FactorPath::supernodal) {
      sign *= permutation_sign(factor.supernodal.pivot_rows) *
              permutation_sign(factor.supernodal.pivot_cols);
      for (const auto& front : factor.supernodal.fronts) {
        const std::size_t m = static_cast<std::size_t>(front.order);
        for (std::size_t k = 0; k < static_cast<std::size_t>(front.eliminated); ++k) {
          accumulate(front.panel[k * m + k], sign, log_abs);
        }
      }
    } else if (plan.size > 1 && factor.path == FactorPath::dense) {
      sign *= permutation_sign(factor.dense.perm);
      const std::size_t order = static_cast<std::size_t>(plan.size);
      for (std::size_t k = 0; k < order; ++k) {
        accumulate(factor.dense.lu[k * order + k], sign, log_abs);
      }
    } else {
      for (Index k = plan.start; k < plan.start + plan.size; ++k) {
        accumulate(numeric.diagonal[k], sign, log_abs);
      }
    }
  }
  for (const auto scale : numeric.row_scale) log_abs -= std::log(scale);
  if (!std::isfinite(log_abs) && log_abs < 0) return Determinant{0, log_abs};
  return Determinant{sign, log_abs};
}

template Determinant Numeric<double, std::int32_t>::determinant() const;

}  // namespace lupine
