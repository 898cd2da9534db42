// Allocation of the large factor arrays.
//
// Two measured costs: std::vector::resize zeroes new elements that factorization overwrites
// anyway, and first-touch page faults of freshly mapped memory can cost more than the
// factorization itself for mid-size matrices (Zen 3 VM, 2026-11: ff_convdiff2d_galerkin_p2_21k
// factored fresh in 150 ms against 55 ms with memory already mapped). Large arrays are
// therefore aligned to 2 MiB and advised as transparent huge pages (512x fewer faults), and
// grow without being zeroed.
//
// Except the very large ones: where the system must find fresh memory for them (on the
// Firecracker VM of 2026-12 a process's first touch of memory it did not just free runs at
// ~0.55 GB/s with huge pages against ~1.3 GB/s with 4 KiB pages), a huge page costs more
// than the faults it saves. Measured on the supernodal factors, first factorization in a
// fresh process: q1_97k (720 MB of factors) 4.65 s with huge pages, 3.21 s without;
// beam_104k (1.16 GB) 7.36 s and 4.74 s; while ff_elast3d_p2_beam_41k (340 MB) took 0.88 s
// and 1.01 s (medians of 3 in lupine-bench). Arrays of kHugePageLimitBytes and more get no
// advice.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace lupine::detail {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
constexpr std::size_t kHugePageLimitBytes = std::size_t{512} << 20;

/// Allocates blocks of at least kHugePageBytes on huge-page boundaries, with MADV_HUGEPAGE
/// below kHugePageLimitBytes; smaller ones through operator new.
template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t count) {
    if (count > std::size_t(-1) / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHugePageBytes) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* pointer = nullptr;
    if (::posix_memalign(&pointer, kHugePageBytes, rounded) != 0) throw std::bad_alloc();
    if (rounded < kHugePageLimitBytes) {
      ::madvise(pointer, rounded, MADV_HUGEPAGE);  // advice only: failure changes nothing
    }
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
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept {
    return false;
  }
};

/// An allocator whose value-less construct() default-initializes, so resize() leaves new
/// numbers unwritten.
template <class T, class Base = HugePageAllocator<T>>
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

/// The size a scratch pool allocates for a request of `size` elements: the next 2^(k/4), so
/// that later requests of a similar size find a released buffer to reuse.
inline std::size_t pool_size_class(std::size_t size) {
  std::size_t power = 1;
  while (power < size / 2) power *= 2;
  for (const double step : {1.0, 1.189207115, 1.414213562, 1.681792831, 2.0, 2.378414230}) {
    const auto candidate = static_cast<std::size_t>(static_cast<double>(power) * step);
    if (candidate >= size) return candidate;
  }
  return size;
}

/// A vector for large arrays of numbers: huge pages, and resize() does not zero.
template <class T>
using UninitializedVector = std::vector<T, DefaultInitAllocator<T>>;

/// A vector for large arrays that must start zeroed (dense blocks): huge pages.
template <class T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace lupine::detail
