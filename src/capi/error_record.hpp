// The C API's per-thread error record, for entry points defined outside lupine_c.cpp (the
// distributed solver's, in lupine_distributed): they report through lupine_last_error too.
#pragma once

#include <string>

#include "lupine/error.hpp"
#include "lupine/lupine.h"

namespace lupine::c_api {

/// Records `error` (its row and column shifted by `base`) and returns its status.
lupine_status record_error(const lupine::Error& error, int base) noexcept;
/// Records a failure with no index and returns `status`.
lupine_status record_failure(lupine_status status, const std::string& message) noexcept;

}  // namespace lupine::c_api
