// Options::solve_flush_to_zero: the CPU's flush-to-zero and denormals-are-zero modes for the
// duration of a solve, on the calling thread (solves run on it alone).
#pragma once

#if defined(__SSE2__) || defined(_M_X64)
#include <xmmintrin.h>
#define LUPINE_HAS_MXCSR 1
#else
#define LUPINE_HAS_MXCSR 0
#endif

namespace lupine::detail {

/// Sets FTZ and DAZ in MXCSR when `on` (x86; elsewhere nothing happens) and puts the two
/// modes back as the caller had them when it goes out of scope, exceptions included; the
/// exception flags raised meanwhile stay raised, as they would without it.
class FlushToZeroScope {
 public:
  explicit FlushToZeroScope(bool on) {
#if LUPINE_HAS_MXCSR
    if (on) {
      saved_ = _mm_getcsr();
      active_ = true;
      _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
    }
#else
    (void)on;
#endif
  }
  ~FlushToZeroScope() {
#if LUPINE_HAS_MXCSR
    constexpr unsigned modes = kFlushToZero | kDenormalsAreZero;
    if (active_) _mm_setcsr((_mm_getcsr() & ~modes) | (saved_ & modes));
#endif
  }
  FlushToZeroScope(const FlushToZeroScope&) = delete;
  FlushToZeroScope& operator=(const FlushToZeroScope&) = delete;

 private:
#if LUPINE_HAS_MXCSR
  static constexpr unsigned kFlushToZero = 0x8000;
  static constexpr unsigned kDenormalsAreZero = 0x0040;
  unsigned saved_ = 0;
  bool active_ = false;
#endif
};

}  // namespace lupine::detail
