// Sizes that an index type must address: computed in 64 bits, checked before they are
// narrowed to Index, and refused with an error that tells the caller how to go on (64-bit
// indices) instead of wrapping.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace lupine::detail {

/// Throws Error(size_overflow): `what` (e.g. "predicted nnz(L+U)") is `count`, more than
/// indices of `index_bits` bits address; with fewer than 64 bits the message says to use
/// 64-bit indices and how.
[[noreturn]] void throw_index_overflow(const std::string& what, std::int64_t count, int index_bits);

/// The same for Index.
template <class Index>
[[noreturn]] void throw_index_overflow(const std::string& what, std::int64_t count) {
  throw_index_overflow(what, count, std::numeric_limits<Index>::digits + 1);
}

/// The largest count (of entries, or a position in an array) an Index addresses.
template <class Index>
constexpr std::int64_t index_limit() noexcept {
  return static_cast<std::int64_t>(std::numeric_limits<Index>::max());
}

/// Throws the size_overflow error above when `count` exceeds index_limit<Index>().
template <class Index>
void require_index_range(std::int64_t count, const char* what) {
  if (count > index_limit<Index>()) throw_index_overflow<Index>(what, count);
}

/// `count` as an Index, after require_index_range.
template <class Index>
Index to_index(std::int64_t count, const char* what) {
  require_index_range<Index>(count, what);
  return static_cast<Index>(count);
}

}  // namespace lupine::detail
