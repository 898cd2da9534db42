// The bench's JSON helpers are the apps' shared ones.
#pragma once

#include "common/json.hpp"

namespace lupine_bench {

using lupine_apps::json_count;
using lupine_apps::json_number;
using lupine_apps::json_string;

}  // namespace lupine_bench
