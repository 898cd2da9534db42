#include "distributed/refinement.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "distributed/collective.hpp"

namespace lupine::distributed {
namespace {

double magnitude_of(double value) {
  return std::abs(value);
}
double magnitude_of(const std::complex<double>& value) {
  return std::abs(value);
}

/// Adds op(A) x and |op(A)| |x| over this rank's entries to y and scale (n x nrhs each,
/// contiguous, like x).
template <class Scalar>
void add_local_products(const detail::DistributedState<Scalar>& state, const Scalar* x,
                        std::int64_t nrhs, Transpose transpose, Scalar* y, double* scale) {
  const std::int64_t n = state.n;
  for (std::int64_t k = 0; k < nrhs; ++k) {
    for (std::size_t e = 0; e < state.rows.size(); ++e) {
      std::int64_t to = state.rows[e];
      std::int64_t from = state.columns[e];
      Scalar a = state.values[e];
      if (transpose != Transpose::no) std::swap(to, from);
      if constexpr (is_complex<Scalar>::value) {
        if (transpose == Transpose::conjugate) a = std::conj(a);
      }
      y[k * n + to] += a * x[k * n + from];
      scale[k * n + to] += magnitude_of(a) * magnitude_of(x[k * n + from]);
    }
  }
}

/// Collective: R = B - op(A) X on rank 0 (all n x nrhs, contiguous, on rank 0), from the
/// entries where they are; returns the componentwise backward error on every rank.
template <class Scalar>
double residual(const detail::DistributedState<Scalar>& state, const Scalar* B, const Scalar* X,
                std::int64_t nrhs, Transpose transpose, std::vector<Scalar>& R) {
  const bool is_root = state.rank == 0;
  const std::size_t size = static_cast<std::size_t>(state.n * nrhs);
  std::vector<Scalar> y(state.centralized && !is_root ? 0 : size, Scalar(0));
  std::vector<double> scale(y.size(), 0.0);
  if (state.centralized) {
    if (is_root) add_local_products(state, X, nrhs, transpose, y.data(), scale.data());
  } else {
    // Every rank needs all of x for its entries; the products are summed on rank 0.
    std::vector<Scalar> x(is_root ? X : nullptr, is_root ? X + size : nullptr);
    x.resize(size);
    const int count = static_cast<int>(size) * doubles_per_scalar<Scalar>;
    MPI_Bcast(x.data(), count, MPI_DOUBLE, 0, state.communicator);
    add_local_products(state, x.data(), nrhs, transpose, y.data(), scale.data());
    MPI_Reduce(is_root ? MPI_IN_PLACE : y.data(), y.data(), count, MPI_DOUBLE, MPI_SUM, 0,
               state.communicator);
    MPI_Reduce(is_root ? MPI_IN_PLACE : scale.data(), scale.data(), static_cast<int>(size),
               MPI_DOUBLE, MPI_SUM, 0, state.communicator);
  }
  double worst = 0;
  if (is_root) {
    R.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      R[i] = B[i] - y[i];
      const double r = magnitude_of(R[i]);
      const double denominator = scale[i] + magnitude_of(B[i]);
      if (r > 0) worst = std::max(worst, denominator > 0 ? r / denominator : INFINITY);
    }
  }
  return broadcast(state.communicator, worst);
}

}  // namespace

template <class Scalar>
void solve_on_root(detail::DistributedState<Scalar>& state, Scalar* X, std::int64_t nrhs,
                   std::int64_t ld, Transpose transpose) {
  const bool is_root = state.rank == 0;
  const std::int64_t n = state.n;
  const int steps = state.options.refine_steps;
  together(state.communicator, [&] {
    if (steps > 0 && n * nrhs * doubles_per_scalar < Scalar >> std::numeric_limits<int>::max()) {
      throw Error(ErrorKind::size_overflow,
                  "refinement moves n * nrhs scalars in one MPI message; n * nrhs = " +
                      std::to_string(n * nrhs) + " passes 2^31 doubles (set refine_steps 0)");
    }
  });
  // Contiguous copies on rank 0: B, the best X so far, the residual.
  auto pack = [&](std::vector<Scalar>& to) {
    to.resize(static_cast<std::size_t>(n * nrhs));
    for (std::int64_t k = 0; k < nrhs; ++k) {
      std::copy(X + k * ld, X + k * ld + n, to.begin() + k * n);
    }
  };
  std::vector<Scalar> B, current, best, R;
  if (steps > 0 && is_root) pack(B);
  const double start = MPI_Wtime();
  state.backend->solve(is_root ? X : nullptr, nrhs, ld, transpose);
  int taken = 0;
  double error = std::numeric_limits<double>::quiet_NaN();
  if (steps > 0) {
    double previous = INFINITY;
    for (;;) {
      if (is_root) pack(current);
      error = residual(state, B.data(), current.data(), nrhs, transpose, R);
      if (taken > 0 && !(error < previous)) {
        // The last correction did not help (or gave NaN): keep the one before.
        if (is_root) {
          for (std::int64_t k = 0; k < nrhs; ++k) {
            std::copy(best.begin() + k * n, best.begin() + (k + 1) * n, X + k * ld);
          }
        }
        error = previous;
        --taken;
        break;
      }
      if (error <= std::numeric_limits<double>::epsilon() || taken == steps) break;
      if (is_root) best.swap(current);
      previous = error;
      state.backend->solve(is_root ? R.data() : nullptr, nrhs, n, transpose);
      if (is_root) {
        for (std::int64_t k = 0; k < nrhs; ++k) {
          for (std::int64_t i = 0; i < n; ++i)
            X[k * ld + i] += R[static_cast<std::size_t>(k * n + i)];
        }
      }
      ++taken;
    }
  }
  state.stats.solve_seconds = MPI_Wtime() - start;
  state.stats.refinement_steps = taken;
  state.stats.backward_error = error;
  const double limit = state.backend->accuracy_limit(transpose);
  if (steps > 0 && std::isfinite(limit) && !(error <= limit)) {
    // error is the same on every rank (broadcast by residual): every rank throws.
    char text[320];
    std::snprintf(text, sizeof text,
                  "the %s backend's solution is inaccurate: backward error %.3g after %d "
                  "refinement step(s), above %.0e (%lld pivot(s) replaced by static pivoting): "
                  "the matrix is numerically singular or too ill-conditioned for this backend "
                  "(try more refine_steps or the mumps backend)",
                  to_string(state.options.backend), error, taken, limit,
                  static_cast<long long>(state.stats.replaced_pivots));
    throw Error(ErrorKind::numerically_singular, text);
  }
}

template void solve_on_root<double>(detail::DistributedState<double>&, double*, std::int64_t,
                                    std::int64_t, Transpose);
template void solve_on_root<std::complex<double>>(detail::DistributedState<std::complex<double>>&,
                                                  std::complex<double>*, std::int64_t, std::int64_t,
                                                  Transpose);

}  // namespace lupine::distributed
