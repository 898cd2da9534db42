// Solve entry points of Numeric: workspace, in-place solves, iterative refinement and the
// componentwise backward error.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>

#include "core/allocation.hpp"
#include "core/flush_to_zero.hpp"
#include "core/scalar.hpp"
#include "lupine/checked.hpp"
#include "lupine/solver.hpp"
#include "numeric/numeric_data.hpp"
#include "solve/triangular_solve.hpp"

namespace lupine {
namespace detail {
namespace {

// r = b - op(A) x and denominator = |op(A)| |x| + |b|; returns the componentwise backward
// error max_i |r_i| / denominator_i (Oettli and Prager, 1964).
template <class Scalar, class Index>
double residual(const NumericData<Scalar, Index>& data, const Scalar* b, const Scalar* x,
                Transpose transpose, Scalar* r, Scalar* denominator) {
  using Real = real_type_t<Scalar>;
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const Index n = symbolic.n;
  const Index* col_ptr = symbolic.col_ptr.data();
  const Index* rows = symbolic.row_indices.data();
  const Scalar* values = data.values.data();
  if (transpose == Transpose::no) {
    for (Index i = 0; i < n; ++i) {
      r[i] = b[i];
      denominator[i] = std::abs(b[i]);
    }
    for (Index j = 0; j < n; ++j) {
      const Scalar xj = x[j];
      const Real size = std::abs(xj);
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
        r[rows[p]] -= values[p] * xj;
        denominator[rows[p]] += std::abs(values[p]) * size;
      }
    }
  } else {
    const bool conjugated = transpose == Transpose::conjugate;
    for (Index j = 0; j < n; ++j) {
      Scalar sum = b[j];
      Real size = std::abs(b[j]);
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
        sum = minus_product(sum, conjugated ? conjugate(values[p]) : values[p], x[rows[p]]);
        size = std::fma(std::abs(values[p]), std::abs(x[rows[p]]), size);
      }
      r[j] = sum;
      denominator[j] = size;
    }
  }
  double error = 0;
  for (Index i = 0; i < n; ++i) {
    const double top = static_cast<double>(std::abs(r[i]));
    const double bottom = static_cast<double>(std::abs(denominator[i]));
    if (top == 0) continue;
    if (!(bottom > 0) || !std::isfinite(top)) return std::numeric_limits<double>::infinity();
    error = std::max(error, top / bottom);
  }
  return error;
}

template <class Scalar, class Index>
void check_workspace(const NumericData<Scalar, Index>& data,
                     const SolveWorkspace<Scalar>& workspace) {
  const std::size_t needed = solve_scratch_size(data, Index{1});
  if (workspace.size() < needed) {
    throw Error(ErrorKind::api_misuse, "solve workspace has " + std::to_string(workspace.size()) +
                                           " entries, needs " + std::to_string(needed) +
                                           " (use make_workspace)");
  }
}

// A NaN or infinity in a right-hand side would spread through the whole solution: refused,
// with where it is, unless Options::check_finite is off.
template <class Scalar, class Index>
void check_right_hand_sides(const NumericData<Scalar, Index>& data, const Scalar* B, Index nrhs,
                            Index ld) {
  if (!data.options.check_finite) return;
  const Index n = data.symbolic.data().n;
  for (Index c = 0; c < nrhs; ++c) {
    const Scalar* b = B + static_cast<std::size_t>(c) * static_cast<std::size_t>(ld);
    if (all_finite(b, static_cast<std::size_t>(n))) continue;
    for (Index i = 0; i < n; ++i) {
      if (!is_finite_value(b[i])) {
        throw Error(ErrorKind::non_finite_input,
                    "non-finite value in right-hand side " + std::to_string(c) + " at row " +
                        std::to_string(i),
                    i, -1);
      }
    }
  }
}

template <class Index>
void check_block_arguments(Index n, Index nrhs, Index ld) {
  if (nrhs < 0) {
    throw Error(ErrorKind::invalid_argument,
                "number of right-hand sides must be >= 0, got " + std::to_string(nrhs));
  }
  if (ld < std::max<Index>(n, 1)) {
    throw Error(ErrorKind::dimension_mismatch, "leading dimension " + std::to_string(ld) +
                                                   " is smaller than the order " +
                                                   std::to_string(n));
  }
}

}  // namespace
}  // namespace detail

template <class Scalar, class Index>
std::size_t Numeric<Scalar, Index>::workspace_size(Index nrhs) const {
  return detail::solve_scratch_size(data(), detail::solve_chunk(data(), nrhs));
}

template <class Scalar, class Index>
SolveWorkspace<Scalar> Numeric<Scalar, Index>::make_workspace(Index nrhs) const {
  SolveWorkspace<Scalar> workspace;
  const std::size_t size = workspace_size(nrhs);
  detail::converting_allocation_failure("make_workspace()", this->size(),
                                        [&] { workspace.buffer.assign(size, Scalar{0}); });
  return workspace;
}

namespace detail {
namespace {

// X = op(A)⁻¹ B without refinement, B and X either the same array or apart: as many
// right-hand sides at once as the workspace holds (make_workspace(nrhs) sizes it for
// solve_chunk of them), else one at a time. solve_columns reads a chunk of B into the
// workspace before it writes that chunk of X.
template <class Scalar, class Index>
void solve_chunks(const NumericData<Scalar, Index>& numeric, const Scalar* B, Scalar* X, Index nrhs,
                  Index ld, Transpose transpose, SolveWorkspace<Scalar>& workspace) {
  const Index n = numeric.symbolic.data().n;
  Index chunk = solve_chunk(numeric, nrhs);
  while (chunk > 1 && workspace.size() < solve_scratch_size(numeric, chunk)) chunk /= 2;
  Scalar* w = workspace.data();
  Scalar* scratch = w + static_cast<std::size_t>(n) * static_cast<std::size_t>(chunk);
  for (Index c = 0; c < nrhs; c += chunk) {
    const Index count = std::min(chunk, nrhs - c);
    const std::size_t offset = static_cast<std::size_t>(c) * static_cast<std::size_t>(ld);
    solve_columns(numeric, B + offset, X + offset, count, ld, w, scratch, transpose);
  }
}

}  // namespace
}  // namespace detail

template <class Scalar, class Index>
void Numeric<Scalar, Index>::solve_in_place(Scalar* B, Index nrhs, Index ld, Transpose transpose,
                                            SolveWorkspace<Scalar>& workspace) const {
  const detail::NumericData<Scalar, Index>& numeric = detail::require_factored(data());
  const Index n = numeric.symbolic.data().n;
  detail::check_block_arguments(n, nrhs, ld);
  detail::check_workspace(numeric, workspace);
  detail::check_right_hand_sides(numeric, B, nrhs, ld);
  const detail::FlushToZeroScope flush(numeric.options.solve_flush_to_zero);
  detail::solve_chunks(numeric, B, B, nrhs, ld, transpose, workspace);
}

template <class Scalar, class Index>
SolveReport Numeric<Scalar, Index>::solve(const Scalar* B, Scalar* X, Index nrhs, Index ld,
                                          Transpose transpose, int refine_steps,
                                          SolveWorkspace<Scalar>& workspace) const {
  const detail::NumericData<Scalar, Index>& numeric = detail::require_factored(data());
  const Index n = numeric.symbolic.data().n;
  detail::check_block_arguments(n, nrhs, ld);
  detail::check_workspace(numeric, workspace);
  if (refine_steps < 0) {
    throw Error(ErrorKind::invalid_argument,
                "refine_steps must be >= 0, got " + std::to_string(refine_steps));
  }
  SolveReport report;
  const detail::FlushToZeroScope flush(numeric.options.solve_flush_to_zero);
  if (refine_steps == 0) {
    // No residuals: the right-hand sides can go through the triangular solves together.
    // B is read straight into the workspace: no copy of it into X first.
    report.backward_error = std::numeric_limits<double>::quiet_NaN();
    detail::check_right_hand_sides(numeric, B, nrhs, ld);
    detail::solve_chunks(numeric, B, X, nrhs, ld, transpose, workspace);
    return report;
  }
  detail::check_right_hand_sides(numeric, B, nrhs, ld);
  const double eps = std::numeric_limits<real_type_t<Scalar>>::epsilon();
  Scalar* w = workspace.data();
  Scalar* scratch = w + n;
  Scalar* r = scratch + detail::solve_block_scratch_size(numeric);
  Scalar* previous = r + n;
  Scalar* denominator = previous + n;
  Scalar* saved = denominator + n;
  for (Index c = 0; c < nrhs; ++c) {
    const std::size_t offset = static_cast<std::size_t>(c) * static_cast<std::size_t>(ld);
    const Scalar* b = B + offset;
    Scalar* x = X + offset;
    if (x == b) {
      // In place: every residual needs b after the first solve has replaced it by x.
      std::copy(b, b + n, saved);
      b = saved;
    }
    detail::solve_one(numeric, b, x, w, scratch, transpose);
    double error = detail::residual(numeric, b, x, transpose, r, denominator);
    for (int step = 0; step < refine_steps && error > eps; ++step) {
      std::copy(x, x + n, previous);
      detail::solve_one(numeric, r, r, w, scratch, transpose);
      for (Index i = 0; i < n; ++i) x[i] += r[i];
      const double refined = detail::residual(numeric, b, x, transpose, r, denominator);
      report.refinement_steps = std::max(report.refinement_steps, step + 1);
      if (!(refined <= error)) {
        // Refinement made it worse (e.g. an ill-conditioned system): keep the better x.
        std::copy(previous, previous + n, x);
        break;
      }
      const bool stalled = refined > 0.5 * error;
      error = refined;
      if (stalled) break;
    }
    report.backward_error = std::max(report.backward_error, error);
  }
  return report;
}

template <class Scalar, class Index>
std::vector<Scalar> Numeric<Scalar, Index>::solve(const std::vector<Scalar>& b, Transpose transpose,
                                                  int refine_steps, SolveReport* report) const {
  const Index n = size();
  if (b.size() != static_cast<std::size_t>(n)) {
    throw Error(ErrorKind::dimension_mismatch, "right-hand side has " + std::to_string(b.size()) +
                                                   " entries, the matrix has order " +
                                                   std::to_string(n));
  }
  return detail::converting_allocation_failure("solve()", n, [&] {
    std::vector<Scalar> x(b.size());
    SolveWorkspace<Scalar> workspace = make_workspace(1);
    const SolveReport result =
        solve(b.data(), x.data(), 1, std::max<Index>(n, 1), transpose, refine_steps, workspace);
    if (report) *report = result;
    return x;
  });
}

template <class Scalar, class Index>
DenseMatrix<Scalar> Numeric<Scalar, Index>::solve(const DenseMatrix<Scalar>& B, Transpose transpose,
                                                  int refine_steps, SolveReport* report) const {
  const Index n = size();
  if (B.rows != n) {
    throw Error(ErrorKind::dimension_mismatch, "right-hand sides have " + std::to_string(B.rows) +
                                                   " rows, the matrix has order " +
                                                   std::to_string(n));
  }
  return detail::converting_allocation_failure("solve()", n, [&] {
    DenseMatrix<Scalar> X(B.rows, B.cols);
    const Index nrhs = checked_cast<Index>(B.cols, "number of right-hand sides");
    SolveWorkspace<Scalar> workspace = make_workspace(nrhs);
    const SolveReport result = solve(B.data.data(), X.data.data(), nrhs, std::max<Index>(n, 1),
                                     transpose, refine_steps, workspace);
    if (report) *report = result;
    return X;
  });
}

template <class Scalar, class Index>
double Numeric<Scalar, Index>::backward_error(const Scalar* B, const Scalar* X, Index nrhs,
                                              Index ld, Transpose transpose) const {
  const detail::NumericData<Scalar, Index>& numeric = detail::require_factored(data());
  const Index n = numeric.symbolic.data().n;
  detail::check_block_arguments(n, nrhs, ld);
  std::vector<Scalar> r, denominator;
  detail::converting_allocation_failure("backward_error()", n, [&] {
    r.resize(static_cast<std::size_t>(n));
    denominator.resize(static_cast<std::size_t>(n));
  });
  double error = 0;
  for (Index c = 0; c < nrhs; ++c) {
    const std::size_t offset = static_cast<std::size_t>(c) * static_cast<std::size_t>(ld);
    error = std::max(error, detail::residual(numeric, B + offset, X + offset, transpose, r.data(),
                                             denominator.data()));
  }
  return error;
}

#define LUPINE_INSTANTIATE_NUMERIC_SOLVE(Scalar, Index)                                           \
  template std::size_t Numeric<Scalar, Index>::workspace_size(Index) const;                       \
  template SolveWorkspace<Scalar> Numeric<Scalar, Index>::make_workspace(Index) const;            \
  template void Numeric<Scalar, Index>::solve_in_place(Scalar*, Index, Index, Transpose,          \
                                                       SolveWorkspace<Scalar>&) const;            \
  template SolveReport Numeric<Scalar, Index>::solve(                                             \
      const Scalar*, Scalar*, Index, Index, Transpose, int, SolveWorkspace<Scalar>&) const;       \
  template std::vector<Scalar> Numeric<Scalar, Index>::solve(const std::vector<Scalar>&,          \
                                                             Transpose, int, SolveReport*) const; \
  template DenseMatrix<Scalar> Numeric<Scalar, Index>::solve(const DenseMatrix<Scalar>&,          \
                                                             Transpose, int, SolveReport*) const; \
  template double Numeric<Scalar, Index>::backward_error(const Scalar*, const Scalar*, Index,     \
                                                         Index, Transpose) const;

LUPINE_INSTANTIATE_NUMERIC_SOLVE(double, std::int32_t)
LUPINE_INSTANTIATE_NUMERIC_SOLVE(double, std::int64_t)
LUPINE_INSTANTIATE_NUMERIC_SOLVE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_NUMERIC_SOLVE(std::complex<double>, std::int64_t)

}  // namespace lupine
