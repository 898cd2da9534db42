#include "core/allocation.hpp"

#include "lupine/error.hpp"

namespace lupine::detail {

void throw_out_of_memory(const std::string& during, std::size_t bytes, const std::string& detail) {
  std::string message = "out of memory in " + during + ": ";
  message += bytes > 0 ? "an allocation of " + std::to_string(bytes) + " bytes failed"
                       : std::string("an allocation failed");
  if (!detail.empty()) message += " (" + detail + ")";
  throw Error(ErrorKind::out_of_memory, message);
}

std::string phase_of_order(const char* phase, std::int64_t order) {
  return std::string(phase) + " of a matrix of order " + std::to_string(order);
}

}  // namespace lupine::detail
