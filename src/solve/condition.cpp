// κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁: ‖A‖₁ exactly from the values, ‖A⁻¹‖₁ estimated from a few solves
// with A and Aᵀ (Aᴴ for complex A) by Hager's method (1984) with Higham's refinements ("FORTRAN
// codes for estimating the one-norm of a real or complex matrix", ACM TOMS 14(4), 1988): at most
// five steps of the gradient search, stopping on a repeated sign vector or on no progress, then one
// extra vector with alternating signs that catches the matrices for which the search is known to
// stall.
#include "solve/condition.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/allocation.hpp"
#include "solve/triangular_solve.hpp"

namespace lupine {
namespace detail {
namespace {

// The search almost always stops after two or three steps (Higham, 1988); five bounds the
// cost, as LAPACK's estimator does.
constexpr int kMaximumSteps = 5;

template <class Scalar, class Index>
double norm1_of_matrix(const NumericData<Scalar, Index>& data) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  double largest = 0;
  for (Index j = 0; j < symbolic.n; ++j) {
    double column = 0;
    for (Index p = symbolic.col_ptr[j]; p < symbolic.col_ptr[j + 1]; ++p) {
      column += static_cast<double>(std::abs(data.values[static_cast<std::size_t>(p)]));
    }
    largest = std::max(largest, column);
  }
  return largest;
}

template <class Scalar>
double norm1_of_vector(const std::vector<Scalar>& y) {
  double sum = 0;
  for (const Scalar& value : y) sum += std::abs(value);
  return sum;
}

// The index of the first entry of largest magnitude.
template <class Scalar>
std::size_t largest_entry(const std::vector<Scalar>& z) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < z.size(); ++i) {
    if (std::abs(z[i]) > std::abs(z[best])) best = i;
  }
  return best;
}

// signs = sign(y): ±1 for real entries, y / |y| for complex ones, with sign(0) = 1; returns
// whether they are the signs held before.
template <class Scalar>
bool take_signs(const std::vector<Scalar>& y, std::vector<Scalar>& signs) {
  bool repeated = true;
  for (std::size_t i = 0; i < y.size(); ++i) {
    Scalar sign{1};
    if constexpr (is_complex<Scalar>::value) {
      const double size = std::abs(y[i]);
      if (size > 0) sign = y[i] / size;
    } else {
      sign = y[i] >= 0 ? 1.0 : -1.0;
    }
    if (sign != signs[i]) repeated = false;
    signs[i] = sign;
  }
  return repeated;
}

// The real and the complex estimators differ in the sign vector (y / |y| for complex y), in
// the adjoint solve (Aᴴ instead of Aᵀ) and in the stopping test: a repeated complex sign
// vector is no sign of convergence, so only lack of progress stops the complex search
// (Higham, 1988, Algorithm 5.1).
template <class Scalar, class Index>
ConditionEstimate estimate(const NumericData<Scalar, Index>& data) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  constexpr bool complex = is_complex<Scalar>::value;
  const Transpose adjoint = complex ? Transpose::conjugate : Transpose::yes;
  ConditionEstimate result;
  const Index n = data.symbolic.data().n;
  if (n == 0) return result;
  result.norm1 = norm1_of_matrix(data);
  const std::size_t order = static_cast<std::size_t>(n);
  std::vector<Scalar> scratch(solve_scratch_size(data, Index{1}));
  std::vector<Scalar> x(order);
  std::vector<Scalar> y(order);
  std::vector<Scalar> z(order);
  std::vector<Scalar> signs(order, Scalar{0});
  // ‖op(A)⁻¹ x‖₁ into `out`; NaN (from inf - inf) counts as overflow.
  auto solve = [&](std::vector<Scalar>& out, Transpose transpose) {
    solve_one(data, x.data(), out.data(), scratch.data(), scratch.data() + order, transpose);
    ++result.solves;
    const double norm = norm1_of_vector(out);
    return std::isnan(norm) ? infinity : norm;
  };
  // Every candidate is ‖A⁻¹ x‖₁ / ‖x‖₁ for some x, so the estimate never exceeds ‖A⁻¹‖₁.
  std::fill(x.begin(), x.end(), Scalar{1.0 / static_cast<double>(n)});
  double estimate = solve(y, Transpose::no);
  if (n > 1 && estimate < infinity) {
    take_signs(y, signs);
    x = signs;
    solve(z, adjoint);
    std::size_t j = largest_entry(z);
    // z = A⁻ᴴ sign(A⁻¹ x) is a subgradient of ‖A⁻¹ x‖₁: the unit vector e_j at its largest
    // entry is the steepest ascent among the vertices of the unit ball.
    for (int step = 2; step <= kMaximumSteps; ++step) {
      std::fill(x.begin(), x.end(), Scalar{0});
      x[j] = 1;
      const double candidate = solve(y, Transpose::no);
      const bool progress = candidate > estimate;
      estimate = std::max(estimate, candidate);
      // A repeated sign vector is a local maximum; no increase means the search cycles.
      const bool repeated = take_signs(y, signs) && !complex;
      if (repeated || !progress || estimate == infinity) break;
      x = signs;
      solve(z, adjoint);
      const std::size_t previous = j;
      j = largest_entry(z);
      if (std::abs(z[previous]) >= std::abs(z[j])) break;  // the ascent leads back to e_j
    }
    if (estimate < infinity) {
      // x_i = (-1)^i (1 + i / (n - 1)), ‖x‖₁ = 3n/2: large where A⁻¹ has columns whose
      // cancellation the unit vectors miss (Higham's counterexamples to Hager's method).
      for (Index i = 0; i < n; ++i) {
        const double size = 1 + static_cast<double>(i) / static_cast<double>(n - 1);
        x[static_cast<std::size_t>(i)] = i % 2 == 0 ? size : -size;
      }
      const double alternating = solve(y, Transpose::no);
      estimate = std::max(estimate, 2 * alternating / (3 * static_cast<double>(n)));
    }
  }
  result.inverse_norm1 = estimate;
  // ‖A⁻¹ x‖₁ = 0 cannot come from a nonsingular A, and ‖A‖₁ = 0 means A = 0 (factored only
  // with perturbed pivots): singular either way.
  result.condition = result.norm1 > 0 && estimate > 0 ? result.norm1 * estimate : infinity;
  return result;
}

}  // namespace

template <class Scalar, class Index>
ConditionEstimate estimate_condition(const NumericData<Scalar, Index>& data) {
  return estimate(data);
}

template ConditionEstimate estimate_condition(const NumericData<double, std::int32_t>&);
template ConditionEstimate estimate_condition(const NumericData<double, std::int64_t>&);
template ConditionEstimate estimate_condition(
    const NumericData<std::complex<double>, std::int32_t>&);
template ConditionEstimate estimate_condition(
    const NumericData<std::complex<double>, std::int64_t>&);

}  // namespace detail

template <class Scalar, class Index>
ConditionEstimate Numeric<Scalar, Index>::condition_estimate() const {
  const auto& numeric = detail::require_factored(data());
  return detail::converting_allocation_failure("condition_estimate()", numeric.symbolic.data().n,
                                               [&] { return detail::estimate_condition(numeric); });
}

template ConditionEstimate Numeric<double, std::int32_t>::condition_estimate() const;
template ConditionEstimate Numeric<double, std::int64_t>::condition_estimate() const;
template ConditionEstimate Numeric<std::complex<double>, std::int32_t>::condition_estimate() const;
template ConditionEstimate Numeric<std::complex<double>, std::int64_t>::condition_estimate() const;

}  // namespace lupine
