// Solves with iterative refinement for every backend: the residual is computed where the
// entries are (each rank its own) and summed on rank 0, so it serves spread matrices and many
// right-hand sides alike.
#pragma once

#include <cstdint>

#include "distributed/state.hpp"

namespace lupine::distributed {

/// Collective: X (n x nrhs, leading dimension ld, on rank 0; null elsewhere) holds B and
/// becomes op(A)⁻¹ B, refined (DistributedOptions::refine_steps); records the steps, the
/// backward error and the time in state.stats. Instantiated for double and complex.
template <class Scalar>
void solve_on_root(detail::DistributedState<Scalar>& state, Scalar* X, std::int64_t nrhs,
                   std::int64_t ld, Transpose transpose);

}  // namespace lupine::distributed
