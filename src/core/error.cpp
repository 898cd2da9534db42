#include "lupine/error.hpp"

namespace lupine {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument:
      return "invalid_argument";
    case ErrorKind::invalid_matrix:
      return "invalid_matrix";
    case ErrorKind::pattern_mismatch:
      return "pattern_mismatch";
    case ErrorKind::file_error:
      return "file_error";
    case ErrorKind::parse_error:
      return "parse_error";
    case ErrorKind::unsupported:
      return "unsupported";
    case ErrorKind::structurally_singular:
      return "structurally_singular";
    case ErrorKind::numerically_singular:
      return "numerically_singular";
    case ErrorKind::size_overflow:
      return "size_overflow";
    case ErrorKind::out_of_memory:
      return "out_of_memory";
    case ErrorKind::internal:
      return "internal";
    case ErrorKind::dimension_mismatch:
      return "dimension_mismatch";
    case ErrorKind::non_finite_input:
      return "non_finite_input";
    case ErrorKind::memory_limit_exceeded:
      return "memory_limit_exceeded";
    case ErrorKind::api_misuse:
      return "api_misuse";
  }
  return "unknown";
}

Error::Error(ErrorKind kind, const std::string& message, std::int64_t row, std::int64_t column,
             std::int64_t line)
    : std::runtime_error(message), kind_(kind), row_(row), column_(column), line_(line) {}

}  // namespace lupine
