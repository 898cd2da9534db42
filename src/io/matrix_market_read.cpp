// Matrix Market reader: the whole (decompressed) file in one buffer, a hand-written scanner
// with a fast path for well-formed entry lines, and a careful path that re-reads a line the
// fast path did not accept, to either take it (e.g. "+1.5", "inf" when allowed) or say
// exactly what is wrong with it.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "core/allocation.hpp"
#include "io/assemble.hpp"
#include "io/number_scan.hpp"
#include "io/text_file.hpp"
#include "io/text_readers.hpp"
#include "lupine/checked.hpp"
#include "lupine/io.hpp"

namespace lupine {

const char* to_string(MatrixMarketFormat format) noexcept {
  switch (format) {
    case MatrixMarketFormat::coordinate:
      return "coordinate";
    case MatrixMarketFormat::array:
      return "array";
  }
  return "unknown";
}

const char* to_string(MatrixMarketField field) noexcept {
  switch (field) {
    case MatrixMarketField::real:
      return "real";
    case MatrixMarketField::integer:
      return "integer";
    case MatrixMarketField::complex:
      return "complex";
    case MatrixMarketField::pattern:
      return "pattern";
  }
  return "unknown";
}

const char* to_string(MatrixMarketSymmetry symmetry) noexcept {
  switch (symmetry) {
    case MatrixMarketSymmetry::general:
      return "general";
    case MatrixMarketSymmetry::symmetric:
      return "symmetric";
    case MatrixMarketSymmetry::skew_symmetric:
      return "skew-symmetric";
    case MatrixMarketSymmetry::hermitian:
      return "hermitian";
  }
  return "unknown";
}

namespace {

using io_detail::is_blank;
using io_detail::is_digit;
using io_detail::quote_token;

struct Token {
  const char* begin;
  const char* end;
  std::string quoted() const { return quote_token(begin, end); }
  bool equals_word(const char* word) const {  // case-insensitive
    const char* p = begin;
    for (; *word != '\0'; ++word, ++p) {
      if (p == end || (*p | 0x20) != *word) return false;
    }
    return p == end;
  }
};

/// The blank-separated tokens of the line starting at p.
std::vector<Token> split_line(const char* p) {
  std::vector<Token> tokens;
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p == '\n') return tokens;
    const char* begin = p;
    while (!is_blank(*p) && *p != '\n') ++p;
    tokens.push_back({begin, p});
  }
}

/// Position in the text, with the line number for messages. The text comes in windows of
/// whole lines; a line stays valid until the cursor moves past its end.
class Cursor {
 public:
  explicit Cursor(io_detail::LineWindow& window)
      : p(window.begin()), window_(window), end_(window.end()) {}

  const char* p;
  std::int64_t line = 1;

  const std::string& name() const noexcept { return window_.name(); }
  /// End of the whole lines held: scanners may read up to here.
  const char* limit() const noexcept { return end_; }

  /// Makes sure p is on a line (refilling the window at its end); false at the end of text.
  bool has_line() {
    if (p != end_) return true;
    if (!window_.refill(p)) return false;
    end_ = window_.end();
    return true;
  }

  /// Bytes of text that can still come, at most.
  std::uint64_t remaining_bound() const {
    return static_cast<std::uint64_t>(end_ - p) + window_.size_bound();
  }

  void next_line() {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end_ - p))) + 1;
    ++line;
  }

  /// Moves to the first non-blank character of the next line that holds data, past blank
  /// lines and % comment lines; false at the end of the text.
  bool next_data_line() {
    for (;;) {
      if (!has_line()) return false;
      const char* q = p;
      while (is_blank(*q)) ++q;
      if (*q == '\n') {
        p = q + 1;
        ++line;
      } else if (*q == '%') {
        p = q;
        next_line();
      } else {
        p = q;
        return true;
      }
    }
  }

  [[noreturn]] void fail(const std::string& message) const { fail_at(line, message); }
  [[noreturn]] void fail_at(std::int64_t at_line, const std::string& message,
                            ErrorKind kind = ErrorKind::parse_error) const {
    throw Error(kind, name() + ":" + std::to_string(at_line) + ": " + message, -1, -1, at_line);
  }

 private:
  io_detail::LineWindow& window_;
  const char* end_;
};

struct ParsedHeader {
  MatrixMarketHeader header;
  std::int64_t size_line = 0;
};

/// A nonnegative size from the size line (rows, columns or entries).
std::int64_t parse_size(const Cursor& cursor, const Token& token, const char* what) {
  const char* p = token.begin;
  if (*p == '-' && p + 1 < token.end && is_digit(p[1])) {
    cursor.fail(std::string("expected a nonnegative number of ") + what +
                " on the size line, found " + token.quoted());
  }
  if (*p == '+') ++p;
  std::uint64_t value = 0;
  bool overflow = false;
  const char* end = is_digit(*p) ? io_detail::scan_unsigned(p, value, overflow) : p;
  if (end == p || end != token.end) {
    cursor.fail(std::string("expected the number of ") + what +
                " (a nonnegative integer) on the size line, found " + token.quoted());
  }
  if (overflow || value > static_cast<std::uint64_t>(INT64_MAX)) {
    cursor.fail_at(cursor.line,
                   std::string("the number of ") + what + " " + token.quoted() +
                       " on the size line does not fit a 64-bit integer",
                   ErrorKind::size_overflow);
  }
  return static_cast<std::int64_t>(value);
}

ParsedHeader parse_header(Cursor& cursor) {
  ParsedHeader parsed;
  MatrixMarketHeader& header = parsed.header;
  const std::string banner_form = "'%%MatrixMarket matrix <format> <field> <symmetry>'";
  if (!cursor.has_line()) {
    cursor.fail("expected the banner " + banner_form + " on the first line, found an empty file");
  }
  const std::vector<Token> words = split_line(cursor.p);
  static const char* const keyword = "%%matrixmarket";
  if (words.empty() || cursor.p != words[0].begin || !words[0].equals_word(keyword)) {
    const char* line_end = std::strchr(cursor.p, '\n');
    const std::string found = words.empty() ? "an empty line" : quote_token(cursor.p, line_end);
    cursor.fail("expected the banner " + banner_form + " on the first line, found " + found);
  }
  auto word = [&](std::size_t k, const char* what) -> const Token& {
    if (k >= words.size()) {
      cursor.fail(std::string("expected ") + what + " in the banner " + banner_form +
                  ", found the end of the line");
    }
    return words[k];
  };
  const Token& object = word(1, "the object 'matrix'");
  if (!object.equals_word("matrix")) {
    cursor.fail("expected the object 'matrix' in the banner, found " + object.quoted());
  }
  const Token& format = word(2, "the format 'coordinate' or 'array'");
  if (format.equals_word("coordinate")) {
    header.format = MatrixMarketFormat::coordinate;
  } else if (format.equals_word("array")) {
    header.format = MatrixMarketFormat::array;
  } else {
    cursor.fail("expected the format 'coordinate' or 'array' in the banner, found " +
                format.quoted());
  }
  const Token& field = word(3, "the field 'real', 'integer', 'complex' or 'pattern'");
  if (field.equals_word("real")) {
    header.field = MatrixMarketField::real;
  } else if (field.equals_word("integer")) {
    header.field = MatrixMarketField::integer;
  } else if (field.equals_word("complex")) {
    header.field = MatrixMarketField::complex;
  } else if (field.equals_word("pattern")) {
    header.field = MatrixMarketField::pattern;
  } else {
    cursor.fail(
        "expected the field 'real', 'integer', 'complex' or 'pattern' in the banner, "
        "found " +
        field.quoted());
  }
  const Token& symmetry =
      word(4, "the symmetry 'general', 'symmetric', 'skew-symmetric' or 'hermitian'");
  if (symmetry.equals_word("general")) {
    header.symmetry = MatrixMarketSymmetry::general;
  } else if (symmetry.equals_word("symmetric")) {
    header.symmetry = MatrixMarketSymmetry::symmetric;
  } else if (symmetry.equals_word("skew-symmetric")) {
    header.symmetry = MatrixMarketSymmetry::skew_symmetric;
  } else if (symmetry.equals_word("hermitian")) {
    header.symmetry = MatrixMarketSymmetry::hermitian;
  } else {
    cursor.fail(
        "expected the symmetry 'general', 'symmetric', 'skew-symmetric' or 'hermitian' in the "
        "banner, found " +
        symmetry.quoted());
  }
  if (words.size() > 5) {
    cursor.fail("expected the end of the banner after the symmetry, found " + words[5].quoted());
  }
  if (header.field == MatrixMarketField::pattern && header.format == MatrixMarketFormat::array) {
    cursor.fail(
        "expected the field 'real', 'integer' or 'complex' for the array format "
        "(an array file stores values), found 'pattern'");
  }
  if (header.symmetry == MatrixMarketSymmetry::hermitian &&
      header.field != MatrixMarketField::complex) {
    cursor.fail(std::string("expected the field 'complex' with the symmetry 'hermitian', found ") +
                "'" + to_string(header.field) + "'");
  }
  if (header.symmetry == MatrixMarketSymmetry::skew_symmetric &&
      header.field == MatrixMarketField::pattern) {
    cursor.fail(
        "expected the symmetry 'general' or 'symmetric' for a pattern file (a pattern "
        "has no signs to negate), found 'skew-symmetric'");
  }
  cursor.next_line();

  const bool coordinate = header.format == MatrixMarketFormat::coordinate;
  const char* size_form = coordinate ? "'rows columns entries'" : "'rows columns'";
  if (!cursor.next_data_line()) {
    cursor.fail(std::string("expected the size line ") + size_form + ", found the end of the file");
  }
  parsed.size_line = cursor.line;
  const std::vector<Token> sizes = split_line(cursor.p);
  const std::size_t expected = coordinate ? 3 : 2;
  if (sizes.size() != expected) {
    cursor.fail(std::string("expected the size line ") + size_form + " (" +
                std::to_string(expected) + " numbers), found " + std::to_string(sizes.size()) +
                (sizes.size() == 1 ? " number" : " numbers"));
  }
  header.rows = parse_size(cursor, sizes[0], "rows");
  header.cols = parse_size(cursor, sizes[1], "columns");
  const bool symmetric_storage = header.symmetry != MatrixMarketSymmetry::general;
  if (symmetric_storage && header.rows != header.cols) {
    cursor.fail(std::string("expected a square matrix for the symmetry '") +
                to_string(header.symmetry) + "', found " + std::to_string(header.rows) + " x " +
                std::to_string(header.cols));
  }
  if (coordinate) {
    header.stored_entries = parse_size(cursor, sizes[2], "entries");
  } else {
    const std::int64_t n = header.rows;
    std::int64_t stored = 0;
    bool overflow = false;
    switch (header.symmetry) {
      case MatrixMarketSymmetry::general:
        overflow = __builtin_mul_overflow(header.rows, header.cols, &stored);
        break;
      case MatrixMarketSymmetry::symmetric:
      case MatrixMarketSymmetry::hermitian:
        overflow = __builtin_mul_overflow(n, n + 1, &stored);
        stored /= 2;
        break;
      case MatrixMarketSymmetry::skew_symmetric:
        overflow = __builtin_mul_overflow(n, n == 0 ? 0 : n - 1, &stored);
        stored /= 2;
        break;
    }
    if (overflow) {
      cursor.fail_at(cursor.line,
                     "the array of " + std::to_string(header.rows) + " x " +
                         std::to_string(header.cols) + " values does not fit a 64-bit count",
                     ErrorKind::size_overflow);
    }
    header.stored_entries = stored;
  }
  cursor.next_line();
  return parsed;
}

/// Entries go to a sink: a list for CSC assembly, or a dense matrix.
template <class Scalar, class Index>
struct SparseSink {
  io_detail::EntryCollector<Scalar, Index>& collector;

  void add(std::int64_t row, std::int64_t col, const Scalar& value) {
    collector.add(static_cast<Index>(row), static_cast<Index>(col), value);
  }
};

template <class Scalar>
struct DenseSink {
  DenseMatrix<Scalar>* matrix;
  io_detail::Mirror mirror;
  // Coordinate files may repeat an entry (summed); array files give each once, and assigning
  // keeps a -0 value, which 0 + (-0) would turn into +0.
  bool accumulate;

  void add(std::int64_t row, std::int64_t col, const Scalar& value) {
    put((*matrix)(row, col), value);
    if (mirror != io_detail::Mirror::none && row != col) {
      put((*matrix)(col, row), io_detail::mirror_value(value, mirror));
    }
  }
  void put(Scalar& target, const Scalar& value) const {
    if (accumulate) {
      target += value;
    } else {
      target = value;
    }
  }
};

io_detail::Mirror mirror_of(MatrixMarketSymmetry symmetry) {
  switch (symmetry) {
    case MatrixMarketSymmetry::general:
      break;
    case MatrixMarketSymmetry::symmetric:
      return io_detail::Mirror::symmetric;
    case MatrixMarketSymmetry::skew_symmetric:
      return io_detail::Mirror::skew_symmetric;
    case MatrixMarketSymmetry::hermitian:
      return io_detail::Mirror::hermitian;
  }
  return io_detail::Mirror::none;
}

/// Reads the values of one entry for field F into a Scalar: a fast scan of well-formed text,
/// and a careful one that accepts or explains any token.
template <MatrixMarketField F, class Scalar>
struct ValueReader {
  static constexpr int tokens = F == MatrixMarketField::pattern   ? 0
                                : F == MatrixMarketField::complex ? 2
                                                                  : 1;

  /// Fast path at the first value token: the position after the values, or nullptr to
  /// hand the line to the careful path.
  static const char* scan(const char* p, const char* limit, Scalar& value) {
    if constexpr (F == MatrixMarketField::pattern) {
      value = Scalar(1);
      return p;
    } else if constexpr (F == MatrixMarketField::integer) {
      std::int64_t integer = 0;
      p = io_detail::scan_signed(p, integer);
      value = Scalar(static_cast<double>(integer));
      return p;
    } else {
      double real = 0;
      p = io_detail::scan_real_fast(p, limit, real);
      if (p == nullptr) return nullptr;
      if constexpr (F == MatrixMarketField::complex) {
        if (!is_blank(*p)) return nullptr;
        do ++p;
        while (is_blank(*p));
        double imaginary = 0;
        p = io_detail::scan_real_fast(p, limit, imaginary);
        if (p == nullptr) return nullptr;
        if constexpr (is_complex<Scalar>::value) value = Scalar(real, imaginary);
      } else {
        value = Scalar(real);
      }
      return p;
    }
  }

  static double careful_real(const Cursor& cursor, const Token& token, const char* what,
                             const ReadOptions& options) {
    double value = 0;
    const char* end = io_detail::parse_decimal(token.begin, value);
    if (end == token.end) {
      if (std::isfinite(value) || options.allow_non_finite) return value;
      cursor.fail(std::string("expected ") + what + " within the range of double, found " +
                  token.quoted() + ", which overflows (Inf values are rejected)");
    }
    if (io_detail::parse_non_finite(token.begin, token.end, value)) {
      if (options.allow_non_finite) return value;
      cursor.fail(std::string("expected ") + what + " that is finite, found " + token.quoted() +
                  " (NaN and Inf values are rejected)");
    }
    cursor.fail(std::string("expected ") + what + ", found " + token.quoted());
  }

  /// Careful path: the value tokens of the line, already counted.
  static Scalar careful(const Cursor& cursor, const Token* token, const ReadOptions& options) {
    if constexpr (F == MatrixMarketField::pattern) {
      return Scalar(1);
    } else if constexpr (F == MatrixMarketField::integer) {
      std::int64_t integer = 0;
      const char* end = io_detail::scan_signed(token->begin, integer);
      if (end == token->end) return Scalar(static_cast<double>(integer));
      const char* digits = token->begin + (*token->begin == '-' || *token->begin == '+');
      bool all_digits = digits < token->end;
      for (const char* p = digits; p < token->end; ++p) all_digits = all_digits && is_digit(*p);
      if (all_digits) {
        cursor.fail("expected an integer value that fits 64 bits, found " + token->quoted());
      }
      cursor.fail("expected an integer value, found " + token->quoted());
    } else if constexpr (F == MatrixMarketField::complex) {
      const double real = careful_real(cursor, token[0], "a real part (a real number)", options);
      const double imaginary =
          careful_real(cursor, token[1], "an imaginary part (a real number)", options);
      if constexpr (is_complex<Scalar>::value) {
        return Scalar(real, imaginary);
      } else {
        return Scalar(real);  // not reached: complex files need a complex Scalar
      }
    } else {
      return Scalar(careful_real(cursor, token[0], "a real value", options));
    }
  }
};

const char* value_names(MatrixMarketField field) {
  switch (field) {
    case MatrixMarketField::pattern:
      return "";
    case MatrixMarketField::complex:
      return " real imaginary";
    case MatrixMarketField::integer:
    case MatrixMarketField::real:
      break;
  }
  return " value";
}

/// Index token of the careful path: 1-based, checked against its bound.
std::int64_t careful_index(const Cursor& cursor, const Token& token, const char* what,
                           std::int64_t bound) {
  std::uint64_t value = 0;
  bool overflow = false;
  const char* end =
      is_digit(*token.begin) ? io_detail::scan_unsigned(token.begin, value, overflow) : token.begin;
  if (end != token.end) {
    const bool negative = *token.begin == '-';
    cursor.fail(std::string("expected a ") + what + " index (a positive integer)" +
                (negative ? " in 1.." + std::to_string(bound) : std::string()) + ", found " +
                token.quoted());
  }
  if (overflow || value == 0 || value > static_cast<std::uint64_t>(bound)) {
    cursor.fail(std::string(what) + " index " + std::string(token.begin, token.end) +
                " out of range: expected 1 <= " + what + " <= " + std::to_string(bound) +
                (value == 0 && !overflow ? " (indices are 1-based)" : ""));
  }
  return static_cast<std::int64_t>(value);
}

[[noreturn]] void fail_index_range(const Cursor& cursor, std::uint64_t index, const char* what,
                                   std::int64_t bound) {
  cursor.fail(std::string(what) + " index " + std::to_string(index) +
              " out of range: expected 1 <= " + what + " <= " + std::to_string(bound) +
              (index == 0 ? " (indices are 1-based)" : ""));
}

/// Symmetric storage rules, checked entry by entry: one triangle only, no diagonal in a
/// skew-symmetric file, a real diagonal in a hermitian one.
class TriangleCheck {
 public:
  explicit TriangleCheck(MatrixMarketSymmetry symmetry) : symmetry_(symmetry) {}

  template <class Scalar>
  void check(const Cursor& cursor, std::int64_t row, std::int64_t col, const Scalar& value) {
    if (row > col) {
      if (lower_line_ < 0) lower_line_ = cursor.line;
      if (upper_line_ >= 0) fail_mixed(cursor, row, col, "below", "above", upper_line_);
    } else if (row < col) {
      if (upper_line_ < 0) upper_line_ = cursor.line;
      if (lower_line_ >= 0) fail_mixed(cursor, row, col, "above", "below", lower_line_);
    } else if (symmetry_ == MatrixMarketSymmetry::skew_symmetric) {
      cursor.fail(
          "expected an entry off the diagonal (the diagonal of a skew-symmetric matrix "
          "is zero and is not stored), found entry (" +
          std::to_string(row + 1) + ", " + std::to_string(col + 1) + ")");
    } else if constexpr (is_complex<Scalar>::value) {
      if (symmetry_ == MatrixMarketSymmetry::hermitian && value.imag() != 0) {
        cursor.fail("expected a real diagonal entry in a hermitian matrix, found entry (" +
                    std::to_string(row + 1) + ", " + std::to_string(col + 1) +
                    ") with imaginary part " + std::to_string(value.imag()));
      }
    }
  }

 private:
  [[noreturn]] void fail_mixed(const Cursor& cursor, std::int64_t row, std::int64_t col,
                               const char* side, const char* other_side,
                               std::int64_t other_line) const {
    cursor.fail("expected entries of one triangle only (a " + std::string(to_string(symmetry_)) +
                " file stores either the lower or the upper triangle), found entry (" +
                std::to_string(row + 1) + ", " + std::to_string(col + 1) + ") " + side +
                " the diagonal after one " + other_side + " it on line " +
                std::to_string(other_line));
  }

  MatrixMarketSymmetry symmetry_;
  std::int64_t lower_line_ = -1;
  std::int64_t upper_line_ = -1;
};

template <MatrixMarketField F, bool kSymmetric, class Scalar, class Sink>
void read_coordinate_entries(Cursor& cursor, const ParsedHeader& parsed, const ReadOptions& options,
                             Sink& sink) {
  using Reader = ValueReader<F, Scalar>;
  const MatrixMarketHeader& header = parsed.header;
  const auto rows = static_cast<std::uint64_t>(header.rows);
  const auto cols = static_cast<std::uint64_t>(header.cols);
  TriangleCheck triangle(header.symmetry);
  const std::string form = std::string("'row column") + value_names(F) + "'";
  for (std::int64_t k = 0; k < header.stored_entries; ++k) {
    if (!cursor.next_data_line()) {
      cursor.fail("expected entry " + std::to_string(k + 1) + " of the " +
                  std::to_string(header.stored_entries) + " declared on line " +
                  std::to_string(parsed.size_line) + ", found the end of the file");
    }
    std::uint64_t row = 0;
    std::uint64_t col = 0;
    Scalar value{};
    // Fast path: digits, blanks, digits, blanks, values, end of line.
    const char* p = cursor.p;
    bool fast = false;
    bool overflow = false;
    if (is_digit(*p)) {
      p = io_detail::scan_unsigned(p, row, overflow);
      if (is_blank(*p)) {
        do ++p;
        while (is_blank(*p));
        if (is_digit(*p)) {
          p = io_detail::scan_unsigned(p, col, overflow);
          if (Reader::tokens == 0 || is_blank(*p)) {
            while (is_blank(*p)) ++p;
            p = Reader::scan(p, cursor.limit(), value);
            if (p != nullptr) {
              while (is_blank(*p)) ++p;
              fast = *p == '\n' && !overflow;
            }
          }
        }
      }
    }
    if (fast) {
      if (row - 1 >= rows) fail_index_range(cursor, row, "row", header.rows);
      if (col - 1 >= cols) fail_index_range(cursor, col, "column", header.cols);
      cursor.p = p;
    } else {
      const std::vector<Token> tokens = split_line(cursor.p);
      const std::size_t expected = 2 + static_cast<std::size_t>(Reader::tokens);
      if (tokens.size() != expected) {
        cursor.fail("expected " + std::to_string(expected) + " numbers " + form +
                    " on an entry line, found " + std::to_string(tokens.size()));
      }
      row = static_cast<std::uint64_t>(careful_index(cursor, tokens[0], "row", header.rows));
      col = static_cast<std::uint64_t>(careful_index(cursor, tokens[1], "column", header.cols));
      value = Reader::careful(cursor, tokens.data() + 2, options);
      cursor.p = tokens.back().end;
      while (*cursor.p != '\n') ++cursor.p;
    }
    if constexpr (kSymmetric) {
      triangle.check(cursor, static_cast<std::int64_t>(row - 1), static_cast<std::int64_t>(col - 1),
                     value);
    }
    sink.add(static_cast<std::int64_t>(row - 1), static_cast<std::int64_t>(col - 1), value);
    ++cursor.p;  // past the '\n'
    ++cursor.line;
  }
  if (cursor.next_data_line()) {
    cursor.fail("expected the end of the file after the " + std::to_string(header.stored_entries) +
                " entries declared on line " + std::to_string(parsed.size_line) +
                ", found another line of data");
  }
}

template <MatrixMarketField F, class Scalar, class Sink>
void read_array_entries(Cursor& cursor, const ParsedHeader& parsed, const ReadOptions& options,
                        Sink& sink) {
  using Reader = ValueReader<F, Scalar>;
  const MatrixMarketHeader& header = parsed.header;
  const std::int64_t first_offset = header.symmetry == MatrixMarketSymmetry::general          ? -1
                                    : header.symmetry == MatrixMarketSymmetry::skew_symmetric ? 1
                                                                                              : 0;
  const std::string form =
      F == MatrixMarketField::complex ? "2 numbers 'real imaginary'" : "1 number 'value'";
  TriangleCheck triangle(header.symmetry);
  std::int64_t count = 0;
  for (std::int64_t j = 0; j < header.cols; ++j) {
    // General files store whole columns; the others the lower triangle, column by column.
    for (std::int64_t i = first_offset < 0 ? 0 : j + first_offset; i < header.rows; ++i) {
      if (!cursor.next_data_line()) {
        cursor.fail("expected value " + std::to_string(count + 1) + " of the " +
                    std::to_string(header.stored_entries) + " that the size line (line " +
                    std::to_string(parsed.size_line) + ") declares, found the end of the file");
      }
      Scalar value{};
      const char* p = Reader::scan(cursor.p, cursor.limit(), value);
      if (p != nullptr) {
        while (is_blank(*p)) ++p;
      }
      if (p != nullptr && *p == '\n') {
        cursor.p = p;
      } else {
        const std::vector<Token> tokens = split_line(cursor.p);
        if (tokens.size() != static_cast<std::size_t>(Reader::tokens)) {
          cursor.fail("expected " + form + " on a line of an array file, found " +
                      std::to_string(tokens.size()) +
                      (tokens.size() == 1 ? " number" : " numbers"));
        }
        value = Reader::careful(cursor, tokens.data(), options);
        cursor.p = tokens.back().end;
        while (*cursor.p != '\n') ++cursor.p;
      }
      if (header.symmetry == MatrixMarketSymmetry::hermitian) {
        triangle.check(cursor, i, j, value);
      }
      sink.add(i, j, value);
      ++cursor.p;
      ++cursor.line;
      ++count;
    }
  }
  if (cursor.next_data_line()) {
    cursor.fail("expected the end of the file after the " + std::to_string(header.stored_entries) +
                " values that the size line (line " + std::to_string(parsed.size_line) +
                ") declares, found another line of data");
  }
}

template <class Scalar, class Sink>
void read_entries(Cursor& cursor, const ParsedHeader& parsed, const ReadOptions& options,
                  Sink& sink) {
  const MatrixMarketHeader& header = parsed.header;
  const bool symmetric = header.symmetry != MatrixMarketSymmetry::general;
  using Field = MatrixMarketField;
  if (header.format == MatrixMarketFormat::array) {
    switch (header.field) {
      case Field::real:
        return read_array_entries<Field::real, Scalar>(cursor, parsed, options, sink);
      case Field::integer:
        return read_array_entries<Field::integer, Scalar>(cursor, parsed, options, sink);
      case Field::complex:
        return read_array_entries<Field::complex, Scalar>(cursor, parsed, options, sink);
      case Field::pattern:
        break;  // rejected with the banner
    }
    return;
  }
  switch (header.field) {
    case Field::real:
      return symmetric
                 ? read_coordinate_entries<Field::real, true, Scalar>(cursor, parsed, options, sink)
                 : read_coordinate_entries<Field::real, false, Scalar>(cursor, parsed, options,
                                                                       sink);
    case Field::integer:
      return symmetric ? read_coordinate_entries<Field::integer, true, Scalar>(cursor, parsed,
                                                                               options, sink)
                       : read_coordinate_entries<Field::integer, false, Scalar>(cursor, parsed,
                                                                                options, sink);
    case Field::complex:
      return symmetric ? read_coordinate_entries<Field::complex, true, Scalar>(cursor, parsed,
                                                                               options, sink)
                       : read_coordinate_entries<Field::complex, false, Scalar>(cursor, parsed,
                                                                                options, sink);
    case Field::pattern:
      return symmetric ? read_coordinate_entries<Field::pattern, true, Scalar>(cursor, parsed,
                                                                               options, sink)
                       : read_coordinate_entries<Field::pattern, false, Scalar>(cursor, parsed,
                                                                                options, sink);
  }
}

template <class Scalar>
void require_scalar_for(const Cursor& cursor, const MatrixMarketHeader& header) {
  if (header.field == MatrixMarketField::complex && !is_complex<Scalar>::value) {
    throw Error(ErrorKind::unsupported,
                "complex values need a complex scalar type: " + cursor.name() +
                    " is complex; read it with Scalar = std::complex<double>",
                -1, -1, 1);
  }
}

template <class Scalar>
DenseMatrix<Scalar> parse_dense(io_detail::LineWindow& window, const ReadOptions& options,
                                MatrixMarketHeader* header_out) {
  Cursor cursor(window);
  const ParsedHeader parsed = parse_header(cursor);
  const MatrixMarketHeader& header = parsed.header;
  if (header_out != nullptr) *header_out = header;
  require_scalar_for<Scalar>(cursor, header);
  std::int64_t size = 0;
  if (__builtin_mul_overflow(header.rows, header.cols, &size) ||
      static_cast<std::uint64_t>(size) > SIZE_MAX / sizeof(Scalar)) {
    cursor.fail_at(parsed.size_line,
                   "a dense " + std::to_string(header.rows) + " x " + std::to_string(header.cols) +
                       " matrix does not fit in memory",
                   ErrorKind::size_overflow);
  }
  DenseMatrix<Scalar> matrix;
  try {
    matrix = DenseMatrix<Scalar>(header.rows, header.cols);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorKind::out_of_memory, "cannot allocate a dense " + std::to_string(header.rows) +
                                              " x " + std::to_string(header.cols) + " matrix for " +
                                              cursor.name());
  }
  DenseSink<Scalar> sink{&matrix, mirror_of(header.symmetry),
                         header.format == MatrixMarketFormat::coordinate};
  read_entries<Scalar>(cursor, parsed, options, sink);
  return matrix;
}

}  // namespace

namespace io_detail {

template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_matrix_market_text(LineWindow& window, const ReadOptions& options,
                                                  MatrixMarketHeader* header_out) {
  Cursor cursor(window);
  const ParsedHeader parsed = parse_header(cursor);
  const MatrixMarketHeader& header = parsed.header;
  if (header_out != nullptr) *header_out = header;
  require_scalar_for<Scalar>(cursor, header);
  auto fits = [&](std::int64_t value, const std::string& what) {
    if (value > static_cast<std::int64_t>(std::numeric_limits<Index>::max())) {
      cursor.fail_at(parsed.size_line,
                     what + " " + std::to_string(value) + " does not fit the " +
                         std::to_string(8 * sizeof(Index)) + "-bit index type",
                     ErrorKind::size_overflow);
    }
  };
  fits(header.rows, "the number of rows");
  fits(header.cols, "the number of columns");
  fits(header.stored_entries, "the number of entries");

  // The declared count sizes the arrays, bounded by what the text can hold (at least four
  // bytes per entry line) so that a corrupt count cannot claim all memory.
  const std::uint64_t expected = std::min<std::uint64_t>(
      static_cast<std::uint64_t>(header.stored_entries), cursor.remaining_bound() / 4 + 1);
  const bool unit_values = header.field == MatrixMarketField::pattern;
  EntryCollector<Scalar, Index> collector(
      static_cast<Index>(header.rows), static_cast<Index>(header.cols), mirror_of(header.symmetry),
      unit_values, static_cast<std::size_t>(expected));
  SparseSink<Scalar, Index> sink{collector};
  read_entries<Scalar>(cursor, parsed, options, sink);
  try {
    return collector.finish("'" + cursor.name() + "'");
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::size_overflow) throw;
    throw Error(ErrorKind::size_overflow, std::string(error.what()) + " (after expansion)", -1, -1,
                parsed.size_line);
  }
}

template CscMatrix<double, std::int32_t> parse_matrix_market_text(LineWindow&, const ReadOptions&,
                                                                  MatrixMarketHeader*);
template CscMatrix<double, std::int64_t> parse_matrix_market_text(LineWindow&, const ReadOptions&,
                                                                  MatrixMarketHeader*);
template CscMatrix<std::complex<double>, std::int32_t> parse_matrix_market_text(
    LineWindow&, const ReadOptions&, MatrixMarketHeader*);
template CscMatrix<std::complex<double>, std::int64_t> parse_matrix_market_text(
    LineWindow&, const ReadOptions&, MatrixMarketHeader*);

}  // namespace io_detail

MatrixMarketHeader read_matrix_market_header(const std::string& path) {
  // The window reads (and decompresses) only the first lines of the file.
  io_detail::LineWindow window = io_detail::LineWindow::open_file(path);
  Cursor cursor(window);
  return parse_header(cursor).header;
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> read_matrix_market(const std::string& path, const ReadOptions& options,
                                            MatrixMarketHeader* header) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + path + "'"; },
      [&] {
        io_detail::LineWindow window = io_detail::LineWindow::open_file(path);
        return io_detail::parse_matrix_market_text<Scalar, Index>(window, options, header);
      });
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> read_matrix_market(const std::string& path, MatrixMarketHeader* header) {
  return read_matrix_market<Scalar, Index>(path, ReadOptions(), header);
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_matrix_market(const std::string& text, const std::string& name,
                                             const ReadOptions& options,
                                             MatrixMarketHeader* header) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + name + "'"; },
      [&] {
        io_detail::LineWindow window = io_detail::LineWindow::over_memory(text, name);
        return io_detail::parse_matrix_market_text<Scalar, Index>(window, options, header);
      });
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_matrix_market(const std::string& text, const std::string& name,
                                             MatrixMarketHeader* header) {
  return parse_matrix_market<Scalar, Index>(text, name, ReadOptions(), header);
}

template <class Scalar>
DenseMatrix<Scalar> read_matrix_market_dense(const std::string& path, const ReadOptions& options,
                                             MatrixMarketHeader* header) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + path + "'"; },
      [&] {
        io_detail::LineWindow window = io_detail::LineWindow::open_file(path);
        return parse_dense<Scalar>(window, options, header);
      });
}

template <class Scalar>
DenseMatrix<Scalar> read_matrix_market_dense(const std::string& path, MatrixMarketHeader* header) {
  return read_matrix_market_dense<Scalar>(path, ReadOptions(), header);
}

template <class Scalar>
DenseMatrix<Scalar> parse_matrix_market_dense(const std::string& text, const std::string& name,
                                              const ReadOptions& options,
                                              MatrixMarketHeader* header) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + name + "'"; },
      [&] {
        io_detail::LineWindow window = io_detail::LineWindow::over_memory(text, name);
        return parse_dense<Scalar>(window, options, header);
      });
}

#define LUPINE_INSTANTIATE_MM_READ(Scalar, Index)                                           \
  template CscMatrix<Scalar, Index> read_matrix_market<Scalar, Index>(const std::string&,   \
                                                                      MatrixMarketHeader*); \
  template CscMatrix<Scalar, Index> read_matrix_market<Scalar, Index>(                      \
      const std::string&, const ReadOptions&, MatrixMarketHeader*);                         \
  template CscMatrix<Scalar, Index> parse_matrix_market<Scalar, Index>(                     \
      const std::string&, const std::string&, MatrixMarketHeader*);                         \
  template CscMatrix<Scalar, Index> parse_matrix_market<Scalar, Index>(                     \
      const std::string&, const std::string&, const ReadOptions&, MatrixMarketHeader*);

LUPINE_INSTANTIATE_MM_READ(double, std::int32_t)
LUPINE_INSTANTIATE_MM_READ(double, std::int64_t)
LUPINE_INSTANTIATE_MM_READ(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_MM_READ(std::complex<double>, std::int64_t)

#define LUPINE_INSTANTIATE_MM_READ_DENSE(Scalar)                                      \
  template DenseMatrix<Scalar> read_matrix_market_dense<Scalar>(const std::string&,   \
                                                                MatrixMarketHeader*); \
  template DenseMatrix<Scalar> read_matrix_market_dense<Scalar>(                      \
      const std::string&, const ReadOptions&, MatrixMarketHeader*);                   \
  template DenseMatrix<Scalar> parse_matrix_market_dense<Scalar>(                     \
      const std::string&, const std::string&, const ReadOptions&, MatrixMarketHeader*);

LUPINE_INSTANTIATE_MM_READ_DENSE(double)
LUPINE_INSTANTIATE_MM_READ_DENSE(std::complex<double>)

}  // namespace lupine
