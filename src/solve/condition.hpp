// The 1-norm condition estimate, also run by factor/refactor under Options::estimate_condition.
#pragma once

#include "numeric/numeric_data.hpp"

namespace lupine::detail {

/// κ₁(A) of a factored `data` (see Numeric::condition_estimate). Allocates its vectors.
template <class Scalar, class Index>
ConditionEstimate estimate_condition(const NumericData<Scalar, Index>& data);

}  // namespace lupine::detail
