// Scanning numbers in text that ends with a '\n' sentinel (see TextBuffer): the loops stop at
// the first character that cannot continue the number, so they never need the buffer end.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>

namespace lupine {
namespace io_detail {

inline bool is_digit(char c) noexcept {
  return static_cast<unsigned char>(c - '0') < 10;
}

/// Separators inside a line. '\r' counts as one so that CRLF files read like LF files.
inline bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r';
}

/// Reads the digits at p (at least one must be there) into value; `overflow` is set, not
/// cleared, when the number exceeds 2^64 - 1. Returns the first non-digit.
inline const char* scan_unsigned(const char* p, std::uint64_t& value, bool& overflow) noexcept {
  // Up to 19 digits cannot overflow, so the common case needs no check per digit.
  const char* const start = p;
  std::uint64_t result = 0;
  for (; is_digit(*p); ++p) result = result * 10 + static_cast<std::uint64_t>(*p - '0');
  if (p - start > 19) {
    result = 0;
    for (const char* q = start; q < p; ++q) {
      const auto digit = static_cast<std::uint64_t>(*q - '0');
      if (result > (UINT64_MAX - digit) / 10) {
        overflow = true;
        break;
      }
      result = result * 10 + digit;
    }
  }
  value = result;
  return p;
}

/// [+-]digits: returns the first character after the number, or nullptr when there is no
/// number at p or it does not fit 64 bits.
inline const char* scan_signed(const char* p, std::int64_t& value) noexcept {
  const bool negative = *p == '-';
  if (*p == '-' || *p == '+') ++p;
  if (!is_digit(*p)) return nullptr;
  std::uint64_t magnitude = 0;
  bool overflow = false;
  p = scan_unsigned(p, magnitude, overflow);
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  if (overflow || magnitude > limit) return nullptr;
  value =
      negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return p;
}

/// Exact powers of ten: every 10^k with k <= 22 is a double without rounding.
extern const double exact_powers_of_ten[23];

/// The correctly rounded double of the decimal [digits, end) (no sign; 'd'/'D' exponent
/// letters allowed) whose leading digit has decimal exponent `magnitude`, via std::from_chars;
/// results beyond the double range become 0 or Inf, as strtod gives them.
double parse_decimal_fallback(const char* digits, const char* end, bool fortran_exponent,
                              std::int64_t magnitude);

/// Reads a decimal number [+-]digits[.digits][(e|E|d|D)[+-]digits] (digits may be missing
/// on one side of the point) at p into `value`, correctly rounded as strtod does in the C
/// locale: underflow gives +-0 or a subnormal, overflow +-Inf. Returns the character after
/// the number, or nullptr when p does not start such a number (e.g. "nan", "inf", ".").
///
/// Clinger's fast path handles the common case exactly: a mantissa of at most 2^53 and a
/// power of ten of at most 22 are both exact doubles, so one multiplication or division
/// rounds once, correctly. Everything else goes to std::from_chars (exact as well).
inline const char* parse_decimal(const char* p, double& value) {
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
  }
  const char* const digits = p;
  std::uint64_t mantissa = 0;
  int significant = 0;        // digits accumulated in mantissa, leading zeros excluded
  std::int64_t exponent = 0;  // value = mantissa * 10^exponent (with the exponent part)
  bool dropped = false;       // digits after the 19th do not fit the mantissa
  bool any_digit = false;
  while (*p == '0') {
    ++p;
    any_digit = true;
  }
  for (; is_digit(*p); ++p) {
    any_digit = true;
    if (significant < 19) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
      ++significant;
    } else {
      ++exponent;
      dropped = true;
    }
  }
  if (*p == '.') {
    ++p;
    if (significant == 0) {
      for (; *p == '0'; ++p) {
        --exponent;
        any_digit = true;
      }
    }
    for (; is_digit(*p); ++p) {
      any_digit = true;
      if (significant < 19) {
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
        ++significant;
        --exponent;
      } else {
        dropped = true;
      }
    }
  }
  if (!any_digit) return nullptr;
  bool fortran_exponent = false;
  const char letter = static_cast<char>(*p | 0x20);
  if (letter == 'e' || letter == 'd') {
    fortran_exponent = letter == 'd';
    ++p;
    bool exponent_negative = false;
    if (*p == '-' || *p == '+') {
      exponent_negative = *p == '-';
      ++p;
    }
    if (!is_digit(*p)) return nullptr;
    std::int64_t written = 0;
    // Beyond 10^9 the result is 0 or Inf whatever the digits; capping keeps the sum exact.
    for (; is_digit(*p); ++p) {
      if (written < 1000000000) written = written * 10 + (*p - '0');
    }
    exponent += exponent_negative ? -written : written;
  }
  if (mantissa == 0) {
    value = negative ? -0.0 : 0.0;
    return p;
  }
  if (!dropped && mantissa <= (std::uint64_t{1} << 53) && exponent >= -22 && exponent <= 22) {
    double result = static_cast<double>(mantissa);
    result = exponent < 0 ? result / exact_powers_of_ten[-exponent]
                          : result * exact_powers_of_ten[exponent];
    value = negative ? -result : result;
    return p;
  }
  const double result =
      parse_decimal_fallback(digits, p, fortran_exponent, exponent + significant - 1);
  value = negative ? -result : result;
  return p;
}

/// The fast path for a decimal number at p, with [p, limit) readable and a line end before
/// limit: std::from_chars, which in libstdc++ 12 is the exactly rounded Eisel-Lemire
/// algorithm of fast_float and measured 1.7 times faster than parse_decimal on real files.
/// Returns the end of the number, or nullptr for what it does not take (a value beyond the
/// double range, NaN or Inf text); callers then re-read the token with parse_decimal, which
/// also takes the D exponents from_chars stops at.
inline const char* scan_real_fast(const char* p, const char* limit, double& value) {
  if (*p == '+' && (is_digit(p[1]) || p[1] == '.')) ++p;
  const std::from_chars_result result = std::from_chars(p, limit, value);
  if (result.ec != std::errc() || !std::isfinite(value)) return nullptr;
  return result.ptr;
}

/// "inf", "infinity", "nan" or "nan(chars)", any case, optionally signed, exactly filling
/// [begin, end).
bool parse_non_finite(const char* begin, const char* end, double& value) noexcept;

/// A token for a message: the text, cut at 40 characters.
std::string quote_token(const char* begin, const char* end);

}  // namespace io_detail
}  // namespace lupine
