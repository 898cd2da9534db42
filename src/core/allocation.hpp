// Allocation of the large factor arrays.
//
// std::vector::resize zeroes new elements that factorization overwrites anyway, so large
// arrays grow without being zeroed. They are aligned to 2 MiB, so that a system whose
// transparent huge pages are enabled for all memory can back them with huge pages.
//
// They are not advised MADV_HUGEPAGE any more. On the Zen 3 VM of 2026-11 huge pages made a
// fresh factorization faster (ff_convdiff2d_galerkin_p2_21k: 55 ms against 150 ms), but on the
// Firecracker VM of 2026-12 a process's first touch of memory the system must find afresh
// runs at ~0.55 GB/s with huge pages against 1.3-2.5 GB/s with 4 KiB pages, and over five
// matrices (median of 5 fresh factorizations each in lupine-bench, two runs) 4 KiB pages
// were faster in geometric mean (0.785 s against 0.866 s): pg_1m 1.47 s against 2.02 s,
// ff_stokes3d_th_channel_30k 0.78 s against 0.99 s, pg_0.5m 0.58 s against 0.71 s, while
// ff_elast3d_p2_beam_41k (0.99 s against 0.89 s) and ff_poisson3d_p1_varcoef_36k (0.45 s
// against 0.39 s) preferred huge pages. The first factorization of a 720 MB factor (q1_97k)
// took 3.2 s without the advice and 4.7 s with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace lupine::detail {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

/// A failed allocation of the large arrays, with its size, so that the out-of-memory error
/// can say how much was asked for (see convert_allocation_failure).
class AllocationFailure : public std::bad_alloc {
 public:
  explicit AllocationFailure(std::size_t bytes) noexcept : bytes_(bytes) {}
  std::size_t bytes() const noexcept { return bytes_; }
  const char* what() const noexcept override { return "lupine: allocation failed"; }

 private:
  std::size_t bytes_;
};

/// Throws Error(out_of_memory): "out of memory in `during`: ", then the size of the failed
/// allocation when known (bytes > 0), then `detail` in parentheses when not empty.
[[noreturn]] void throw_out_of_memory(const std::string& during, std::size_t bytes,
                                      const std::string& detail = {});
/// `phase` of a matrix of order `order`, for throw_out_of_memory.
std::string phase_of_order(const char* phase, std::int64_t order);

/// Runs `body`; a failed allocation inside it (std::bad_alloc, from this thread or from a
/// task it waited for) becomes Error(out_of_memory) that says during what (`describe()`,
/// called only then) and how many bytes.
template <class Describe, class Body>
decltype(auto) converting_allocation_failure_in(Describe&& describe, Body&& body) {
  try {
    return body();
  } catch (const AllocationFailure& failure) {
    throw_out_of_memory(describe(), failure.bytes());
  } catch (const std::bad_alloc&) {
    throw_out_of_memory(describe(), 0);
  }
}

/// The same for `phase` ("factor()", ...) of a matrix of order `order`.
template <class Body>
decltype(auto) converting_allocation_failure(const char* phase, std::int64_t order, Body&& body) {
  return converting_allocation_failure_in([&] { return phase_of_order(phase, order); },
                                          std::forward<Body>(body));
}

/// Allocates blocks of at least kHugePageBytes on huge-page boundaries; smaller ones through
/// operator new.
template <class T>
struct LargeArrayAllocator {
  using value_type = T;

  LargeArrayAllocator() = default;
  template <class U>
  LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}

  T* allocate(std::size_t count) {
    if (count > std::size_t(-1) / sizeof(T)) throw AllocationFailure(std::size_t(-1));
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHugePageBytes) {
      try {
        return static_cast<T*>(::operator new(bytes));
      } catch (const std::bad_alloc&) {
        throw AllocationFailure(bytes);
      }
    }
    const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* pointer = nullptr;
    if (::posix_memalign(&pointer, kHugePageBytes, rounded) != 0) throw AllocationFailure(rounded);
    return static_cast<T*>(pointer);
  }

  void deallocate(T* pointer, std::size_t count) noexcept {
    if (count * sizeof(T) < kHugePageBytes) {
      ::operator delete(pointer);
    } else {
      std::free(pointer);
    }
  }

  template <class U>
  bool operator==(const LargeArrayAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const LargeArrayAllocator<U>&) const noexcept {
    return false;
  }
};

/// An allocator whose value-less construct() default-initializes, so resize() leaves new
/// numbers unwritten.
template <class T, class Base = LargeArrayAllocator<T>>
class DefaultInitAllocator : public Base {
  using Traits = std::allocator_traits<Base>;

 public:
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U, typename Traits::template rebind_alloc<U>>;
  };

  DefaultInitAllocator() = default;
  template <class U, class UBase>
  DefaultInitAllocator(const DefaultInitAllocator<U, UBase>& other) noexcept
      : Base(static_cast<const UBase&>(other)) {}

  template <class U>
  void construct(U* pointer) noexcept(std::is_nothrow_default_constructible<U>::value) {
    ::new (static_cast<void*>(pointer)) U;
  }
  template <class U, class... Arguments>
  void construct(U* pointer, Arguments&&... arguments) {
    Traits::construct(static_cast<Base&>(*this), pointer, std::forward<Arguments>(arguments)...);
  }
};

/// A vector for large arrays of numbers: resize() does not zero.
template <class T>
using UninitializedVector = std::vector<T, DefaultInitAllocator<T>>;

/// A vector for large arrays that must start zeroed (dense blocks).
template <class T>
using LargeVector = std::vector<T, LargeArrayAllocator<T>>;

}  // namespace lupine::detail
