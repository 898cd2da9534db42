// Argument checks shared by the generators: one message format, naming the function and the
// argument, so that a bad command line of lupine-generate reads as what was wrong.
#pragma once

#include <cmath>
#include <string>

#include "lupine/error.hpp"

namespace lupine {
namespace generate {

inline void require_positive(int value, const char* function, const char* argument) {
  if (value <= 0) {
    throw Error(ErrorKind::invalid_argument, std::string(function) + ": " + argument +
                                                 " must be positive, got " + std::to_string(value));
  }
}

inline void require_nonnegative(int value, const char* function, const char* argument) {
  if (value < 0) {
    throw Error(ErrorKind::invalid_argument, std::string(function) + ": " + argument +
                                                 " must not be negative, got " +
                                                 std::to_string(value));
  }
}

/// A finite real in [low, high].
inline void require_in_range(double value, double low, double high, const char* function,
                             const char* argument) {
  if (!std::isfinite(value) || value < low || value > high) {
    throw Error(ErrorKind::invalid_argument, std::string(function) + ": " + argument +
                                                 " must be a finite number in [" +
                                                 std::to_string(low) + ", " + std::to_string(high) +
                                                 "], got " + std::to_string(value));
  }
}

/// A finite real >= low.
inline void require_at_least(double value, double low, const char* function, const char* argument) {
  if (!std::isfinite(value) || value < low) {
    throw Error(ErrorKind::invalid_argument,
                std::string(function) + ": " + argument + " must be a finite number >= " +
                    std::to_string(low) + ", got " + std::to_string(value));
  }
}

/// A finite real > 0.
inline void require_positive_real(double value, const char* function, const char* argument) {
  if (!std::isfinite(value) || value <= 0) {
    throw Error(ErrorKind::invalid_argument, std::string(function) + ": " + argument +
                                                 " must be a finite positive number, got " +
                                                 std::to_string(value));
  }
}

/// A finite real in the open interval (low, high).
inline void require_in_open_range(double value, double low, double high, const char* function,
                                  const char* argument) {
  if (!std::isfinite(value) || value <= low || value >= high) {
    throw Error(ErrorKind::invalid_argument, std::string(function) + ": " + argument +
                                                 " must be a finite number in (" +
                                                 std::to_string(low) + ", " + std::to_string(high) +
                                                 "), got " + std::to_string(value));
  }
}

}  // namespace generate
}  // namespace lupine
