#include "io/number_scan.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <vector>

namespace lupine {
namespace io_detail {

const double exact_powers_of_ten[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double parse_decimal_fallback(const char* digits, const char* end, bool fortran_exponent,
                              std::int64_t magnitude) {
  // std::from_chars knows only 'e': a Fortran 'd' exponent is rewritten in a copy.
  char local[96];
  std::vector<char> heap;
  if (fortran_exponent) {
    const auto length = static_cast<std::size_t>(end - digits);
    char* copy = local;
    if (length > sizeof local) {
      heap.resize(length);
      copy = heap.data();
    }
    for (std::size_t k = 0; k < length; ++k) {
      const char c = digits[k];
      copy[k] = (c == 'd' || c == 'D') ? 'e' : c;
    }
    digits = copy;
    end = copy + length;
  }
  double result = 0;
  const std::from_chars_result parsed =
      std::from_chars(digits, end, result, std::chars_format::general);
  if (parsed.ec == std::errc::result_out_of_range) {
    // Only the extremes are out of range: a leading digit below 10^0 is an underflow.
    return magnitude < 0 ? 0.0 : std::numeric_limits<double>::infinity();
  }
  // The caller has checked the syntax, which from_chars accepts in full.
  return result;
}

bool parse_non_finite(const char* begin, const char* end, double& value) noexcept {
  bool negative = false;
  if (begin < end && (*begin == '-' || *begin == '+')) {
    negative = *begin == '-';
    ++begin;
  }
  auto matches = [&](const char* word) {
    const char* p = begin;
    for (; *word != '\0'; ++word, ++p) {
      if (p == end || (*p | 0x20) != *word) return false;
    }
    return p == end;
  };
  if (matches("inf") || matches("infinity")) {
    value = negative ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
    return true;
  }
  bool is_nan = matches("nan");
  if (!is_nan && end - begin >= 5 && (begin[0] | 0x20) == 'n' && (begin[1] | 0x20) == 'a' &&
      (begin[2] | 0x20) == 'n' && begin[3] == '(' && end[-1] == ')') {
    is_nan = true;
  }
  if (is_nan) {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  return false;
}

std::string quote_token(const char* begin, const char* end) {
  // Shown as text: control bytes (a NUL in a damaged file) are escaped, long tokens cut.
  constexpr std::ptrdiff_t limit = 40;
  const bool cut = end - begin > limit;
  if (cut) end = begin + limit;
  std::string quoted = "'";
  for (const char* p = begin; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c < 0x7f) {
      quoted.push_back(*p);
    } else {
      static const char digits[] = "0123456789abcdef";
      quoted += "\\x";
      quoted.push_back(digits[c >> 4]);
      quoted.push_back(digits[c & 15]);
    }
  }
  return quoted + (cut ? "...'" : "'");
}

}  // namespace io_detail
}  // namespace lupine
