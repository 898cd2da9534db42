// The lupine::Error a call throws, for tests that check its kind, indices and message.
#pragma once

#include <catch2/catch.hpp>

#include "lupine/error.hpp"

namespace lupine_test {

/// Runs `function` and returns the lupine::Error it throws; fails the test when it throws
/// none.
template <class F>
lupine::Error capture(F&& function) {
  try {
    function();
  } catch (const lupine::Error& error) {
    return error;
  }
  FAIL("expected a lupine::Error");
  return lupine::Error(lupine::ErrorKind::internal, "unreachable");
}

}  // namespace lupine_test
