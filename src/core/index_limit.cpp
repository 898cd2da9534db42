#include "core/index_limit.hpp"

#include "lupine/error.hpp"

namespace lupine::detail {

void throw_index_overflow(const std::string& what, std::int64_t count, int index_bits) {
  const std::string bits = std::to_string(index_bits);
  std::string message =
      what + " is " + std::to_string(count) + ", more than " + bits + "-bit indices address (" +
      std::to_string(index_bits >= 64 ? std::numeric_limits<std::int64_t>::max()
                                      : (std::int64_t{1} << (index_bits - 1)) - 1) +
      ")";
  if (index_bits < 64) {
    message +=
        ": use 64-bit indices (lupine::CscMatrix<double, std::int64_t> and "
        "lupine::Symbolic<std::int64_t>; in the C API, lupine_analyze_i64)";
  }
  throw Error(ErrorKind::size_overflow, message);
}

}  // namespace lupine::detail
