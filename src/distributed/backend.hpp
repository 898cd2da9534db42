// The seam between DistributedSolver and the library that factors: MUMPS or SuperLU_DIST. A backend
// sees assembled (row, column) entries, 0-based, either all on rank 0 (centralized) or spread over
// the ranks, and solves with the right-hand sides on rank 0. Every member is collective and throws
// the same lupine::Error on every rank.
#pragma once

#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "lupine/distributed.hpp"

namespace lupine::distributed {

template <class Scalar>
class Backend {
 public:
  virtual ~Backend() = default;

  /// The pattern: `rows` and `columns` of this rank's entries (all of them on rank 0 when
  /// `centralized`, none elsewhere), validated by the caller. `values` (the same count, or
  /// null) may guide the analysis (MUMPS's matching) when centralized.
  /// With `given` (on every rank), `order` (on rank 0) is the pivot order to use: order[i]
  /// is the 0-based position of variable i; otherwise the options' ordering is used.
  virtual void analyze(std::int64_t n, const std::vector<std::int64_t>& rows,
                       const std::vector<std::int64_t>& columns, const Scalar* values,
                       bool centralized, bool given, const std::vector<std::int64_t>& order) = 0;
  /// Values of this rank's analyzed entries, in their order; kept until the next factor.
  virtual void factor(const Scalar* values) = 0;
  /// In place on rank 0: B (n x nrhs, leading dimension ld) becomes op(A)⁻¹ B. Other ranks
  /// pass null.
  virtual void solve(Scalar* B, std::int64_t nrhs, std::int64_t ld, Transpose transpose) = 0;
  /// Fills the backend's fields of `stats` (collective: gathers the per-rank figures).
  virtual void collect(DistributedStats& stats) const = 0;
  /// The largest backward error a refined solve with op(A) may keep before it is refused as
  /// numerically singular (a backend with static pivoting cannot tell otherwise); infinity:
  /// no limit (MUMPS pivots and reports zero pivots itself).
  virtual double accuracy_limit(Transpose) const { return INFINITY; }
};

template <class Scalar>
std::unique_ptr<Backend<Scalar>> make_mumps_backend(MPI_Comm communicator,
                                                    const DistributedOptions& options);
/// Builds with SuperLU_DIST only (LUPINE_HAVE_SUPERLU_DIST); pdgssvx and pzgssvx.
template <class Scalar>
std::unique_ptr<Backend<Scalar>> make_superlu_dist_backend(MPI_Comm communicator,
                                                           const DistributedOptions& options);

}  // namespace lupine::distributed
