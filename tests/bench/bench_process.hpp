// Runs the built lupine-bench and captures what it prints, for the tests of the app.
#pragma once

#include <string>

#include "support/process.hpp"

namespace bench_test {

using lupine_test::Outcome;
using lupine_test::read_text;
using lupine_test::TemporaryFolder;

/// Runs lupine-bench with `arguments` (already shell-quoted where needed).
inline Outcome run_bench(const std::string& arguments) {
  return lupine_test::run_program(LUPINE_BENCH_EXE, arguments);
}

}  // namespace bench_test
