// Rutherford-Boeing / Harwell-Boeing reader for assembled matrices.
//
// The header gives fixed Fortran formats such as (13I6) or (1P,4D20.13); every number is
// read from its columns as a Fortran READ would, so numbers may touch. The sections
// (column pointers, row indices, values) follow one another, each starting on a new line;
// the card counts of line 2 are not needed for that and are not trusted.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
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
namespace {

using io_detail::is_blank;
using io_detail::is_digit;

/// A line of the file as [begin, end), without its '\n' (nor a '\r' before it).
struct Line {
  const char* begin = nullptr;
  const char* end = nullptr;
  std::int64_t number = 0;

  std::size_t length() const { return static_cast<std::size_t>(end - begin); }
  /// Columns [first, first + width) (0-based), cut at the end of the line.
  std::string columns(std::size_t first, std::size_t width) const {
    if (first >= length()) return std::string();
    return std::string(begin + first, begin + std::min(length(), first + width));
  }
};

class LineReader {
 public:
  explicit LineReader(io_detail::LineWindow& window)
      : window_(window), p_(window.begin()), end_(window.end()) {}

  /// The next line, or false at the end of the text. The line stays valid until the next
  /// call.
  bool next(Line& line) {
    if (p_ == end_) {
      if (!window_.refill(p_)) return false;
      end_ = window_.end();
    }
    const char* newline =
        static_cast<const char*>(std::memchr(p_, '\n', static_cast<std::size_t>(end_ - p_)));
    line.begin = p_;
    line.end = newline;
    if (line.end > line.begin && line.end[-1] == '\r') --line.end;
    line.number = ++number_;
    p_ = newline + 1;
    return true;
  }

  /// Line number of the line next() would return (for end-of-file messages).
  std::int64_t next_number() const { return number_ + 1; }
  const std::string& name() const { return window_.name(); }
  std::uint64_t remaining_bound() const {
    return static_cast<std::uint64_t>(end_ - p_) + window_.size_bound();
  }

  [[noreturn]] void fail(std::int64_t line, const std::string& message,
                         ErrorKind kind = ErrorKind::parse_error) const {
    throw Error(kind, name() + ":" + std::to_string(line) + ": " + message, -1, -1, line);
  }

 private:
  io_detail::LineWindow& window_;
  const char* p_;
  const char* end_;
  std::int64_t number_ = 0;
};

std::string trim(const std::string& text) {
  std::size_t first = 0;
  std::size_t last = text.size();
  while (first < last && is_blank(text[first])) ++first;
  while (last > first && is_blank(text[last - 1])) --last;
  return text.substr(first, last - first);
}

/// Text from the file, quoted for a message (control bytes escaped).
std::string quoted(const std::string& text) {
  return io_detail::quote_token(text.data(), text.data() + text.size());
}

std::string column_range(std::size_t first, std::size_t width) {
  return "columns " + std::to_string(first + 1) + "-" + std::to_string(first + width);
}

/// An integer field of a header line (Fortran In): blank means 0.
std::int64_t header_integer(const LineReader& reader, const Line& line, std::size_t first,
                            std::size_t width, const char* what) {
  const std::string text = trim(line.columns(first, width));
  if (text.empty()) return 0;
  std::int64_t value = 0;
  const char* end = io_detail::scan_signed(text.c_str(), value);
  if (end == nullptr || *end != '\0') {
    const bool digits_only = text.find_first_not_of("0123456789") == std::string::npos;
    if (digits_only) {
      reader.fail(line.number,
                  std::string(what) + " " + quoted(text) + " does not fit a 64-bit integer",
                  ErrorKind::size_overflow);
    }
    reader.fail(line.number, std::string("expected ") + what + " (an integer) in " +
                                 column_range(first, width) + ", found " + quoted(text));
  }
  if (value < 0) {
    reader.fail(line.number, std::string("expected a nonnegative ") + what + " in " +
                                 column_range(first, width) + ", found " + std::to_string(value));
  }
  return value;
}

// ---- Fortran edit descriptors ----

/// One number of a record: where it sits on the line and how to read it.
struct FieldSpec {
  std::size_t start = 0;
  std::size_t width = 0;
  int decimals = 0;  // d of Ew.d: digits after an implied decimal point
  int scale = 0;     // the kP scale factor in force
};

struct RecordFormat {
  std::string text;  // as written in the header, for messages
  char kind = 0;     // 'I' for integers, 'E' for E, D, F, G, ES, EN
  std::vector<FieldSpec> fields;
};

class FormatParser {
 public:
  FormatParser(const std::string& text, const LineReader& reader, std::int64_t line,
               const char* what)
      : text_(text), reader_(reader), line_(line), what_(what) {}

  RecordFormat parse() {
    RecordFormat format;
    format.text = text_;
    skip_blanks();
    if (peek() != '(') fail("a format starting with '('");
    ++pos_;
    std::vector<Item> items = parse_items(0);
    skip_blanks();
    if (pos_ != text_.size()) fail("the end of the format after its closing ')'");
    std::size_t column = 0;
    for (const Item& item : items) {
      if (item.kind == 'X') {
        column += item.width;
        continue;
      }
      if (format.kind == 0) format.kind = item.kind;
      if (format.kind != item.kind) fail("a format with one kind of number (I, or E/D/F/G)");
      FieldSpec field;
      field.start = column;
      field.width = item.width;
      field.decimals = item.decimals;
      field.scale = item.scale;
      format.fields.push_back(field);
      column += item.width;
    }
    if (format.fields.empty()) fail("a format with at least one number field");
    return format;
  }

 private:
  struct Item {
    char kind;  // 'I', 'E' (also D, F, G) or 'X'
    std::size_t width;
    int decimals;
    int scale;
  };

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  char upper_peek() const {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(peek())));
  }
  void skip_blanks() {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
  }
  bool read_number(long& value) {
    skip_blanks();
    if (!is_digit(peek())) return false;
    value = 0;
    while (is_digit(peek())) {
      value = value * 10 + (text_[pos_++] - '0');
      if (value > 100000) fail("a format with counts and widths below 100000");
    }
    return true;
  }

  [[noreturn]] void fail(const std::string& expected) const {
    reader_.fail(line_, std::string("expected ") + expected + " in the " + what_ + " format " +
                            quoted(trim(text_)) + " (at character " + std::to_string(pos_ + 1) +
                            ")");
  }

  std::vector<Item> parse_items(int depth) {
    if (depth > 8) fail("a format nested at most 8 groups deep");
    std::vector<Item> items;
    for (;;) {
      skip_blanks();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ')') {
        ++pos_;
        return items;
      }
      if (peek() == '\0') fail("a closing ')'");
      bool negative = false;
      if (peek() == '-' || peek() == '+') {
        negative = peek() == '-';
        ++pos_;
      }
      long count = 0;
      const bool has_count = read_number(count);
      skip_blanks();
      const char letter = upper_peek();
      if (letter == 'P') {
        if (!has_count) fail("a scale factor before P");
        ++pos_;
        scale_ = static_cast<int>(negative ? -count : count);
        continue;
      }
      if (negative) fail("a scale factor kP after a sign");
      if (has_count && count == 0) fail("a repeat count of at least 1");
      const std::size_t repeat = has_count ? static_cast<std::size_t>(count) : 1;
      if (letter == '(') {
        ++pos_;
        const std::vector<Item> group = parse_items(depth + 1);
        for (std::size_t r = 0; r < repeat; ++r)
          items.insert(items.end(), group.begin(), group.end());
        continue;
      }
      if (letter == 'X') {
        ++pos_;
        items.push_back({'X', repeat, 0, 0});
        continue;
      }
      if (letter == 'I' || letter == 'E' || letter == 'D' || letter == 'F' || letter == 'G') {
        ++pos_;
        if (letter == 'E' && (upper_peek() == 'S' || upper_peek() == 'N')) ++pos_;
        long width = 0;
        if (!read_number(width) || width == 0) {
          fail(std::string("a field width after ") + letter);
        }
        long decimals = 0;
        skip_blanks();
        if (peek() == '.') {
          ++pos_;
          if (!read_number(decimals)) fail("a digit count after '.'");
        } else if (letter != 'I' && letter != 'G') {
          fail(std::string("'.d' after ") + letter + std::to_string(width));
        }
        skip_blanks();
        if (letter != 'I' && upper_peek() == 'E') {  // Ew.dEe: exponent width, irrelevant on input
          ++pos_;
          long exponent_width = 0;
          if (!read_number(exponent_width)) fail("an exponent width after E");
        }
        const char kind = letter == 'I' ? 'I' : 'E';
        for (std::size_t r = 0; r < repeat; ++r) {
          items.push_back({kind, static_cast<std::size_t>(width),
                           letter == 'I' ? 0 : static_cast<int>(decimals), scale_});
        }
        continue;
      }
      fail("an edit descriptor (I, E, D, F, G, X, kP or a group)");
    }
  }

  const std::string& text_;
  const LineReader& reader_;
  std::int64_t line_;
  const char* what_;
  std::size_t pos_ = 0;
  int scale_ = 0;
};

/// Numbers of one section, read record by record; the line of number k is
/// first_line + k / fields-per-record.
class SectionReader {
 public:
  SectionReader(LineReader& reader, const RecordFormat& format, const char* what)
      : reader_(reader), format_(format), what_(what) {}

  std::int64_t first_line() const { return first_line_; }
  std::int64_t line_of(std::size_t k) const {
    return first_line_ + static_cast<std::int64_t>(k / format_.fields.size());
  }

  /// Calls take(text_begin, text_end, field, line) for `count` fields.
  template <class Take>
  void read(std::size_t count, Take take) {
    first_line_ = reader_.next_number();
    std::size_t done = 0;
    Line line;
    while (done < count) {
      if (!reader_.next(line)) {
        reader_.fail(reader_.next_number(),
                     "expected " + std::string(what_) + " " + std::to_string(done + 1) + " of " +
                         std::to_string(count) + ", found the end of the file");
      }
      for (const FieldSpec& field : format_.fields) {
        if (done == count) break;
        if (field.start >= line.length()) {
          reader_.fail(line.number,
                       "expected " + std::string(what_) + " " + std::to_string(done + 1) + " of " +
                           std::to_string(count) + " in " + column_range(field.start, field.width) +
                           " (format " + trim(format_.text) + "), found the end of the line");
        }
        const char* begin = line.begin + field.start;
        const char* end = line.begin + std::min(line.length(), field.start + field.width);
        take(begin, end, field, line.number);
        ++done;
      }
    }
  }

 private:
  LineReader& reader_;
  const RecordFormat& format_;
  const char* what_;
  std::int64_t first_line_ = 0;
};

/// A Fortran Iw field: blanks are ignored (BN), a sign and digits must remain.
std::int64_t read_integer_field(const LineReader& reader, const char* begin, const char* end,
                                const FieldSpec& field, std::int64_t line, const char* what) {
  char digits[32];
  std::size_t length = 0;
  bool fits = true;
  for (const char* p = begin; p < end; ++p) {
    if (is_blank(*p)) continue;
    if (length + 1 >= sizeof digits) {
      fits = false;
      break;
    }
    digits[length++] = *p;
  }
  digits[length] = '\0';
  std::int64_t value = 0;
  const char* stop = fits && length > 0 ? io_detail::scan_signed(digits, value) : nullptr;
  if (stop == nullptr || *stop != '\0') {
    reader.fail(line,
                std::string("expected ") + what + " (an integer) in " +
                    column_range(field.start, field.width) + ", found " +
                    (length == 0 ? std::string("blanks") : io_detail::quote_token(begin, end)));
  }
  return value;
}

/// A Fortran Ew.d (or D, F, G) field, with Fortran's liberties: blanks ignored, D or Q as
/// exponent letter, an exponent written as a bare sign ("1.5-300"), an implied decimal point
/// d digits from the right, and the scale factor applied when no exponent is written.
double read_real_field(const LineReader& reader, const char* begin, const char* end,
                       const FieldSpec& field, std::int64_t line, const char* what,
                       const ReadOptions& options) {
  std::string text;
  text.reserve(static_cast<std::size_t>(end - begin) + 8);
  for (const char* p = begin; p < end; ++p) {
    if (!is_blank(*p)) text.push_back(*p);
  }
  auto fail = [&](const std::string& expected) {
    reader.fail(line,
                "expected " + expected + " in " + column_range(field.start, field.width) +
                    ", found " +
                    (text.empty() ? std::string("blanks") : io_detail::quote_token(begin, end)));
  };
  if (text.empty()) fail(std::string(what) + " (a real number)");
  // Split into mantissa and exponent.
  std::size_t exponent_at = std::string::npos;
  for (std::size_t k = 1; k < text.size(); ++k) {
    const char c = static_cast<char>(text[k] | 0x20);
    if (c == 'e' || c == 'd' || c == 'q') {
      exponent_at = k;
      text[k] = 'E';
      break;
    }
    if ((text[k] == '+' || text[k] == '-') && (is_digit(text[k - 1]) || text[k - 1] == '.')) {
      text.insert(k, 1, 'E');
      exponent_at = k;
      break;
    }
  }
  const std::size_t mantissa_end = exponent_at == std::string::npos ? text.size() : exponent_at;
  if (field.decimals > 0 && text.find('.') >= mantissa_end) {
    // No point written: the last d digits of the mantissa are the fraction.
    const std::size_t digits_begin = (text[0] == '+' || text[0] == '-') ? 1 : 0;
    std::size_t digit_count = mantissa_end - digits_begin;
    std::string mantissa = text.substr(digits_begin, digit_count);
    const auto decimals = static_cast<std::size_t>(field.decimals);
    if (digit_count < decimals) {
      mantissa.insert(0, decimals - digit_count, '0');
      digit_count = decimals;
    }
    mantissa.insert(digit_count - decimals, 1, '.');
    text = text.substr(0, digits_begin) + mantissa + text.substr(mantissa_end);
  }
  if (exponent_at == std::string::npos && field.scale != 0) {
    // On input kP divides by 10^k, but only when the field has no exponent of its own.
    text += "E" + std::to_string(-field.scale);
  }
  double value = 0;
  const char* stop = io_detail::parse_decimal(text.c_str(), value);
  if (stop != nullptr && *stop == '\0') {
    if (std::isfinite(value) || options.allow_non_finite) return value;
    fail(std::string(what) + " within the range of double (Inf values are rejected)");
  }
  if (io_detail::parse_non_finite(text.data(), text.data() + text.size(), value)) {
    if (options.allow_non_finite) return value;
    fail(std::string(what) + " that is finite (NaN and Inf values are rejected)");
  }
  fail(std::string(what) + " (a real number)");
  return 0;
}

struct RbHeader {
  char value_type = 'R';  // R, C, I or P
  char structure = 'U';   // U, S, H, Z or R
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t nnz = 0;
  std::int64_t type_line = 3;
  RecordFormat pointer_format;
  RecordFormat index_format;
  RecordFormat value_format;
};

RbHeader read_header(LineReader& reader) {
  RbHeader header;
  Line line;
  auto need_line = [&](const char* what) {
    if (!reader.next(line)) {
      reader.fail(reader.next_number(),
                  std::string("expected ") + what + ", found the end of the file");
    }
  };
  need_line("the title line of a Rutherford-Boeing file");
  need_line("the line of card counts 'TOTCRD PTRCRD INDCRD VALCRD [RHSCRD]' (I14 fields)");
  header_integer(reader, line, 0, 14, "TOTCRD");
  header_integer(reader, line, 14, 14, "PTRCRD");
  header_integer(reader, line, 28, 14, "INDCRD");
  const std::int64_t value_cards = header_integer(reader, line, 42, 14, "VALCRD");
  const std::int64_t rhs_cards = header_integer(reader, line, 56, 14, "RHSCRD");
  const std::int64_t counts_line = line.number;

  need_line("the line 'MXTYPE NROW NCOL NNZERO NELTVL' (A3, 11X, 4I14)");
  header.type_line = line.number;
  const std::string type = line.columns(0, 3);
  auto upper = [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  };
  const char t0 = type.size() > 0 ? upper(type[0]) : ' ';
  const char t1 = type.size() > 1 ? upper(type[1]) : ' ';
  const char t2 = type.size() > 2 ? upper(type[2]) : ' ';
  const std::string shown = quoted(type);
  if (std::strchr("RCIP", t0) == nullptr || t0 == '\0') {
    reader.fail(line.number,
                "expected a matrix type whose first letter is R (real), C (complex), I (integer) "
                "or P (pattern) in columns 1-3, found " +
                    shown);
  }
  if (std::strchr("USHZR", t1) == nullptr || t1 == '\0') {
    reader.fail(line.number,
                "expected a matrix type whose second letter is U (unsymmetric), S (symmetric), "
                "H (hermitian), Z (skew-symmetric) or R (rectangular) in columns 1-3, found " +
                    shown);
  }
  if (t2 == 'E') {
    throw Error(ErrorKind::unsupported,
                reader.name() + ":" + std::to_string(line.number) + ": elemental matrices (type " +
                    shown + ") are not supported; only assembled ones (third letter A)",
                -1, -1, line.number);
  }
  if (t2 != 'A') {
    reader.fail(
        line.number,
        "expected a matrix type whose third letter is A (assembled) in columns 1-3, found " +
            shown);
  }
  if (t1 == 'H' && t0 != 'C') {
    reader.fail(line.number, "expected a complex type (CHA) for hermitian storage, found " + shown);
  }
  if (t1 == 'Z' && t0 == 'P') {
    reader.fail(line.number,
                "expected a real, integer or complex type for skew-symmetric "
                "storage (a pattern has no signs), found " +
                    shown);
  }
  header.value_type = t0;
  header.structure = t1;
  header.rows = header_integer(reader, line, 14, 14, "NROW");
  header.cols = header_integer(reader, line, 28, 14, "NCOL");
  header.nnz = header_integer(reader, line, 42, 14, "NNZERO");
  if ((t1 == 'S' || t1 == 'H' || t1 == 'Z') && header.rows != header.cols) {
    reader.fail(line.number, "expected a square matrix for type " + shown + ", found " +
                                 std::to_string(header.rows) + " x " + std::to_string(header.cols));
  }
  if (t0 != 'P' && value_cards == 0) {
    reader.fail(counts_line,
                "expected VALCRD > 0 (lines of values) for type " + shown + ", found 0");
  }

  need_line("the line of formats 'PTRFMT INDFMT VALFMT' (A16, A16, A20)");
  const std::string pointer_text = line.columns(0, 16);
  const std::string index_text = line.columns(16, 16);
  const std::string value_text = line.columns(32, 20);
  header.pointer_format = FormatParser(pointer_text, reader, line.number, "PTRFMT").parse();
  header.index_format = FormatParser(index_text, reader, line.number, "INDFMT").parse();
  if (header.pointer_format.kind != 'I' || header.index_format.kind != 'I') {
    reader.fail(line.number, "expected integer (I) formats for PTRFMT and INDFMT, found " +
                                 quoted(trim(pointer_text)) + " and " + quoted(trim(index_text)));
  }
  if (t0 != 'P') {
    header.value_format = FormatParser(value_text, reader, line.number, "VALFMT").parse();
    if (t0 == 'I' && header.value_format.kind != 'I') {
      reader.fail(line.number, "expected an integer (I) format for the values of type " + shown +
                                   ", found " + quoted(trim(value_text)));
    }
    if (t0 != 'I' && header.value_format.kind != 'E') {
      reader.fail(line.number, "expected a real (E, D, F or G) format for the values of type " +
                                   shown + ", found " + quoted(trim(value_text)));
    }
  }
  if (rhs_cards > 0) {
    // Harwell-Boeing: a fifth header line describes right-hand sides stored after the
    // values; they are not part of the matrix.
    need_line("the right-hand-side line 'RHSTYP NRHS NRHSIX' (RHSCRD > 0 on line 2)");
  }
  return header;
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_rb(io_detail::LineWindow& window, const ReadOptions& options,
                                  bool* pattern_only) {
  LineReader reader(window);
  const std::string& name = window.name();
  const RbHeader header = read_header(reader);
  const std::string type = std::string(1, header.value_type) + header.structure + "A";
  if (header.value_type == 'C' && !is_complex<Scalar>::value) {
    throw Error(ErrorKind::unsupported,
                "complex values need a complex scalar type: " + name + " has type " + type +
                    "; read it with Scalar = std::complex<double>",
                -1, -1, header.type_line);
  }
  auto fits = [&](std::int64_t value, const char* what) {
    if (value > static_cast<std::int64_t>(std::numeric_limits<Index>::max())) {
      reader.fail(header.type_line,
                  std::string(what) + " " + std::to_string(value) + " does not fit the " +
                      std::to_string(8 * sizeof(Index)) + "-bit index type",
                  ErrorKind::size_overflow);
    }
  };
  fits(header.rows, "NROW");
  fits(header.cols, "NCOL");
  fits(header.nnz, "NNZERO");
  if (pattern_only != nullptr) *pattern_only = header.value_type == 'P';
  const auto cols = static_cast<std::size_t>(header.cols);
  const auto nnz = static_cast<std::size_t>(header.nnz);
  // Sized from the header, but never beyond what the text can hold (a number takes at
  // least one character), so that a corrupt count cannot claim all memory.
  const auto text_bound = static_cast<std::size_t>(std::min<std::uint64_t>(
      reader.remaining_bound(), std::numeric_limits<std::size_t>::max() / 2));

  std::vector<Index> pointers;
  pointers.reserve(std::min(cols + 1, text_bound));
  SectionReader pointer_section(reader, header.pointer_format, "column pointer");
  pointer_section.read(cols + 1, [&](const char* begin, const char* end, const FieldSpec& field,
                                     std::int64_t line) {
    const std::int64_t value =
        read_integer_field(reader, begin, end, field, line, "a column pointer");
    const std::size_t k = pointers.size();
    const std::int64_t expected_first = 1;
    if (k == 0 && value != expected_first) {
      reader.fail(line,
                  "expected the first column pointer to be 1, found " + std::to_string(value));
    }
    if (k > 0 && value < std::int64_t{pointers.back()} + 1) {
      reader.fail(line, "expected nondecreasing column pointers, found " + std::to_string(value) +
                            " for column " + std::to_string(k + 1) + " after " +
                            std::to_string(std::int64_t{pointers.back()} + 1));
    }
    if (value > header.nnz + 1) {
      reader.fail(line, "expected column pointers of at most NNZERO + 1 = " +
                            std::to_string(header.nnz + 1) + " (line " +
                            std::to_string(header.type_line) + "), found " + std::to_string(value));
    }
    pointers.push_back(static_cast<Index>(value - 1));
  });
  if (std::int64_t{pointers.back()} != header.nnz) {
    reader.fail(pointer_section.line_of(cols),
                "expected the last column pointer to be NNZERO + 1 = " +
                    std::to_string(header.nnz + 1) + " (line " + std::to_string(header.type_line) +
                    "), found " + std::to_string(std::int64_t{pointers.back()} + 1));
  }

  io_detail::EntryList<Scalar, Index> entries;
  const bool with_values = header.value_type != 'P';
  entries.reserve(std::min(nnz, text_bound), with_values);
  SectionReader index_section(reader, header.index_format, "row index");
  std::size_t column = 0;
  const bool symmetric =
      header.structure == 'S' || header.structure == 'H' || header.structure == 'Z';
  std::int64_t lower_line = -1;
  std::int64_t upper_line = -1;
  index_section.read(nnz, [&](const char* begin, const char* end, const FieldSpec& field,
                              std::int64_t line) {
    const std::int64_t row = read_integer_field(reader, begin, end, field, line, "a row index");
    const std::size_t k = entries.rows.size();
    while (static_cast<std::size_t>(pointers[column + 1]) <= k) ++column;
    if (row < 1 || row > header.rows) {
      reader.fail(line, "row index " + std::to_string(row) +
                            " out of range: expected 1 <= row <= " + std::to_string(header.rows) +
                            " (column " + std::to_string(column + 1) + ")");
    }
    const auto col = static_cast<std::int64_t>(column) + 1;
    if (symmetric) {
      const std::string entry = "entry (" + std::to_string(row) + ", " + std::to_string(col) + ")";
      if (row > col) {
        if (lower_line < 0) lower_line = line;
        if (upper_line >= 0) {
          reader.fail(line, "expected entries of one triangle only (type " + type +
                                " stores the lower or the upper triangle), found " + entry +
                                " below the diagonal after one above it on line " +
                                std::to_string(upper_line));
        }
      } else if (row < col) {
        if (upper_line < 0) upper_line = line;
        if (lower_line >= 0) {
          reader.fail(line, "expected entries of one triangle only (type " + type +
                                " stores the lower or the upper triangle), found " + entry +
                                " above the diagonal after one below it on line " +
                                std::to_string(lower_line));
        }
      } else if (header.structure == 'Z') {
        reader.fail(line,
                    "expected an entry off the diagonal (the diagonal of a skew-symmetric "
                    "matrix is zero and is not stored), found " +
                        entry);
      }
    }
    entries.rows.push_back(static_cast<Index>(row - 1));
    entries.cols.push_back(static_cast<Index>(column));
  });

  if (with_values) {
    const bool complex_values = header.value_type == 'C';
    const std::size_t count = complex_values ? nnz * 2 : nnz;
    SectionReader value_section(reader, header.value_format, "value");
    std::size_t read_count = 0;
    double real_part = 0;
    value_section.read(count, [&](const char* begin, const char* end, const FieldSpec& field,
                                  std::int64_t line) {
      const double value = header.value_type == 'I'
                               ? static_cast<double>(read_integer_field(reader, begin, end, field,
                                                                        line, "an integer value"))
                               : read_real_field(reader, begin, end, field, line,
                                                 !complex_values       ? "a value"
                                                 : read_count % 2 == 0 ? "a real part"
                                                                       : "an imaginary part",
                                                 options);
      if (!complex_values) {
        entries.values.push_back(Scalar(value));
        return;
      }
      // Complex values are stored as pairs: real part, imaginary part.
      if (read_count++ % 2 == 0) {
        real_part = value;
        return;
      }
      if constexpr (is_complex<Scalar>::value) {
        const std::size_t k = entries.values.size();
        if (header.structure == 'H' && entries.rows[k] == entries.cols[k] && value != 0) {
          reader.fail(line, "expected a real diagonal entry in a hermitian matrix, found entry (" +
                                std::to_string(std::int64_t{entries.rows[k]} + 1) + ", " +
                                std::to_string(std::int64_t{entries.cols[k]} + 1) +
                                ") with imaginary part " + std::to_string(value));
        }
        entries.values.push_back(Scalar(real_part, value));
      }
    });
  }
  const io_detail::Mirror mirror = header.structure == 'S'   ? io_detail::Mirror::symmetric
                                   : header.structure == 'Z' ? io_detail::Mirror::skew_symmetric
                                   : header.structure == 'H' ? io_detail::Mirror::hermitian
                                                             : io_detail::Mirror::none;
  if (mirror == io_detail::Mirror::none) {
    // The file is already in CSC form: only unsorted rows and duplicates need work.
    io_detail::sort_and_merge_columns(pointers, entries.rows, entries.values, !with_values);
    return CscMatrix<Scalar, Index>(static_cast<Index>(header.rows),
                                    static_cast<Index>(header.cols), std::move(pointers),
                                    std::move(entries.rows), std::move(entries.values));
  }
  return io_detail::assemble_csc<Scalar, Index>(static_cast<Index>(header.rows),
                                                static_cast<Index>(header.cols), entries, mirror,
                                                "'" + name + "'");
}

}  // namespace

namespace io_detail {

template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_rutherford_boeing_text(LineWindow& window,
                                                      const ReadOptions& options,
                                                      bool* pattern_only) {
  return parse_rb<Scalar, Index>(window, options, pattern_only);
}

}  // namespace io_detail

template <class Scalar, class Index>
CscMatrix<Scalar, Index> read_rutherford_boeing(const std::string& path,
                                                const ReadOptions& options) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + path + "'"; },
      [&] {
        io_detail::LineWindow window = io_detail::LineWindow::open_file(path);
        return parse_rb<Scalar, Index>(window, options, nullptr);
      });
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> read_rutherford_boeing(const std::string& path) {
  return read_rutherford_boeing<Scalar, Index>(path, ReadOptions());
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_rutherford_boeing(const std::string& text, const std::string& name,
                                                 const ReadOptions& options) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + name + "'"; },
      [&] {
        io_detail::LineWindow window = io_detail::LineWindow::over_memory(text, name);
        return parse_rb<Scalar, Index>(window, options, nullptr);
      });
}

#define LUPINE_INSTANTIATE_RB(Scalar, Index)                                                   \
  template CscMatrix<Scalar, Index> read_rutherford_boeing<Scalar, Index>(const std::string&); \
  template CscMatrix<Scalar, Index> read_rutherford_boeing<Scalar, Index>(const std::string&,  \
                                                                          const ReadOptions&); \
  template CscMatrix<Scalar, Index> parse_rutherford_boeing<Scalar, Index>(                    \
      const std::string&, const std::string&, const ReadOptions&);                             \
  template CscMatrix<Scalar, Index> io_detail::parse_rutherford_boeing_text<Scalar, Index>(    \
      io_detail::LineWindow&, const ReadOptions&, bool*);

LUPINE_INSTANTIATE_RB(double, std::int32_t)
LUPINE_INSTANTIATE_RB(double, std::int64_t)
LUPINE_INSTANTIATE_RB(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_RB(std::complex<double>, std::int64_t)

}  // namespace lupine
