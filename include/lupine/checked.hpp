// Checked integer arithmetic for sizes: an overflow is an Error, never undefined behaviour.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "lupine/error.hpp"

namespace lupine {

/// a + b in type T, or throw size_overflow naming `what`.
template <class T>
T checked_add(T a, T b, const char* what) {
  static_assert(std::is_integral<T>::value, "checked_add needs an integer type");
  T result;
  if (__builtin_add_overflow(a, b, &result)) {
    throw Error(ErrorKind::size_overflow, std::string(what) + ": " + std::to_string(a) + " + " +
                                              std::to_string(b) + " overflows the index type");
  }
  return result;
}

/// a * b in type T, or throw size_overflow naming `what`.
template <class T>
T checked_mul(T a, T b, const char* what) {
  static_assert(std::is_integral<T>::value, "checked_mul needs an integer type");
  T result;
  if (__builtin_mul_overflow(a, b, &result)) {
    throw Error(ErrorKind::size_overflow, std::string(what) + ": " + std::to_string(a) + " * " +
                                              std::to_string(b) + " overflows the index type");
  }
  return result;
}

/// Converts `value` to To, or throws size_overflow naming `what` when it does not fit.
template <class To, class From>
To checked_cast(From value, const char* what) {
  static_assert(std::is_integral<To>::value && std::is_integral<From>::value,
                "checked_cast converts between integer types");
  To result = static_cast<To>(value);
  if (static_cast<From>(result) != value || ((result < To{}) != (value < From{}))) {
    throw Error(ErrorKind::size_overflow,
                std::string(what) + ": " + std::to_string(value) + " does not fit the index type");
  }
  return result;
}

}  // namespace lupine
