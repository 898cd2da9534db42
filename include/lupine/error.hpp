// Typed errors: every failure says what went wrong and where, in the caller's numbering.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lupine {

enum class ErrorKind {
  invalid_argument,  // an option or argument is out of range (or a null pointer)
  invalid_matrix,    // negative dimensions, bad column pointers, index range, duplicates
  pattern_mismatch,  // values given for a pattern other than the analyzed one
  file_error,        // cannot open/read/write a file, or a truncated/corrupt gzip stream
  parse_error,       // malformed file content (the line is set)
  unsupported,       // valid input that this build cannot handle (e.g. complex values read as real)
  structurally_singular,  // no zero-free diagonal exists (structural rank < n)
  numerically_singular,   // an exactly zero or non-finite pivot column
  size_overflow,          // a size computation does not fit the index type
  out_of_memory,          // an allocation failed (the message says what and how many bytes)
  internal,
  dimension_mismatch,     // sizes that must agree do not (non-square A, b of another length)
  non_finite_input,       // a NaN or infinity in A's values or in a right-hand side (where set)
  memory_limit_exceeded,  // the predicted memory exceeds Options::memory_limit
  api_misuse              // a call out of order: solve before factor, an empty object, a
                          // workspace too small
};

const char* to_string(ErrorKind kind) noexcept;

/// The one exception type Lupine throws. Indices are 0-based in the caller's numbering
/// (the matrix as given, before any permutation); -1 means "not applicable".
/// `line` is the 1-based line of a file for parse errors.
class Error : public std::runtime_error {
 public:
  explicit Error(ErrorKind kind, const std::string& message, std::int64_t row = -1,
                 std::int64_t column = -1, std::int64_t line = -1);

  ErrorKind kind() const noexcept { return kind_; }
  std::int64_t row() const noexcept { return row_; }
  std::int64_t column() const noexcept { return column_; }
  std::int64_t line() const noexcept { return line_; }

  /// For structurally singular matrices: the structural rank; -1 otherwise.
  std::int64_t structural_rank() const noexcept { return structural_rank_; }
  Error& with_structural_rank(std::int64_t rank) noexcept {
    structural_rank_ = rank;
    return *this;
  }

 private:
  ErrorKind kind_;
  std::int64_t row_;
  std::int64_t column_;
  std::int64_t line_;
  std::int64_t structural_rank_ = -1;
};

}  // namespace lupine
