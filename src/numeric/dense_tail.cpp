#include "numeric/dense_tail.hpp"

#include <algorithm>
#include <complex>
#include <cstdint>

#include "core/scalar.hpp"

namespace lupine::detail {

template <class Scalar, class Index>
void prepare_dense_tail(ColumnFactor<Scalar, Index>& factor, Index order, Index tail) {
  const std::size_t t = static_cast<std::size_t>(tail);
  factor.tail_front.resize(t * t);
  std::fill(factor.tail_front.begin(), factor.tail_front.end(), Scalar{0});
  factor.tail_rows.resize(t);
  factor.tail_cols.resize(t);
  factor.tail_scratch.resize(t);
  factor.tail_before_pivoting.resize(t * t);
  factor.tail_column_max.resize(2 * t);
  for (Index c = 0; c < tail; ++c) factor.tail_cols[static_cast<std::size_t>(c)] = order - tail + c;
}

template <class Scalar, class Index>
void eliminate_dense_tail(ColumnFactor<Scalar, Index>& factor, FrontMode mode,
                          real_type_t<Scalar> threshold, real_type_t<Scalar> perturbation,
                          FrontOutcome& outcome) {
  const Index tail = static_cast<Index>(factor.tail_rows.size());
  FrontProblem<Scalar, Index> problem;
  problem.front = factor.tail_front.data();
  problem.order = tail;
  problem.fully_summed = tail;
  problem.row_ids = factor.tail_rows.data();
  problem.col_ids = factor.tail_cols.data();
  problem.column_scratch = factor.tail_scratch.data();
  problem.mode = mode;
  problem.fixed_eliminated = tail;
  problem.pivot_threshold = threshold;
  problem.guard_threshold = threshold;
  problem.perturbation = perturbation;
  factor_front(problem, outcome);
}

template <class Scalar, class Index>
bool dense_tail_complete(const ColumnFactor<Scalar, Index>& factor, const FrontOutcome& outcome) {
  const std::size_t tail = factor.tail_cols.size();
  if (outcome.non_finite_at >= 0 || outcome.eliminated != static_cast<std::int64_t>(tail)) {
    return false;
  }
  for (std::size_t c = 1; c < tail; ++c) {
    if (factor.tail_cols[c] != factor.tail_cols[c - 1] + 1) return false;
  }
  return true;
}

template <class Scalar, class Index>
void store_dense_tail(ColumnFactor<Scalar, Index>& factor, Index order, Scalar* diagonal,
                      double& growth, double& smallest_pivot_ratio) {
  using Real = real_type_t<Scalar>;
  const Index tail = static_cast<Index>(factor.tail_rows.size());
  const Index start = order - tail;
  const Scalar* front = factor.tail_front.data();
  for (Index c = 0; c < tail; ++c) {
    const Index k = start + c;
    const Scalar* column = front + static_cast<std::size_t>(c) * static_cast<std::size_t>(tail);
    Scalar* upper = factor.U_values.data() + factor.U_col_ptr[k + 1] - c;
    Real column_max_u = factor.tail_column_max[2 * static_cast<std::size_t>(c) + 1];
    for (Index r = 0; r <= c; ++r)
      column_max_u = std::max<Real>(column_max_u, magnitude(column[r]));
    std::copy(column, column + c, upper);
    diagonal[k] = column[c];
    Real lower_max = 0;
    Scalar* lower = factor.L_values.data() + factor.L_col_ptr[k];
    for (Index r = c + 1; r < tail; ++r)
      lower_max = std::max<Real>(lower_max, magnitude(column[r]));
    std::copy(column + c + 1, column + tail, lower);
    // |l_ik| = |a_ik| / |pivot|: the pivot over the largest candidate is 1 / max(1, max |l|).
    smallest_pivot_ratio =
        std::min<double>(smallest_pivot_ratio, 1.0 / std::max<Real>(1, lower_max));
    const Real column_max_a = factor.tail_column_max[2 * static_cast<std::size_t>(c)];
    if (column_max_a > 0) growth = std::max<double>(growth, column_max_u / column_max_a);
  }
}

#define LUPINE_INSTANTIATE_DENSE_TAIL(Scalar, Index)                                               \
  template void prepare_dense_tail(ColumnFactor<Scalar, Index>&, Index, Index);                    \
  template void eliminate_dense_tail(ColumnFactor<Scalar, Index>&, FrontMode, real_type_t<Scalar>, \
                                     real_type_t<Scalar>, FrontOutcome&);                          \
  template bool dense_tail_complete(const ColumnFactor<Scalar, Index>&, const FrontOutcome&);      \
  template void store_dense_tail(ColumnFactor<Scalar, Index>&, Index, Scalar*, double&, double&);

LUPINE_INSTANTIATE_DENSE_TAIL(double, std::int32_t)
LUPINE_INSTANTIATE_DENSE_TAIL(double, std::int64_t)
LUPINE_INSTANTIATE_DENSE_TAIL(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_DENSE_TAIL(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
