// DistributedOrdering::lupine: Lupine's own analysis as the backend's pivot order.
#pragma once

#include <cstdint>
#include <vector>

#include "distributed/state.hpp"

namespace lupine::distributed {

/// Collective. Lupine's fill-reducing order of A's pattern, computed on rank 0 (which gathers
/// the entries of a distributed matrix for it): order[i] is variable i's 0-based position, on
/// rank 0; empty elsewhere. Instantiated for double and std::complex<double>.
template <class Scalar>
std::vector<std::int64_t> lupine_order(const detail::DistributedState<Scalar>& state);

}  // namespace lupine::distributed
