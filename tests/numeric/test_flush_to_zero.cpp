// Options::solve_flush_to_zero: subnormal numbers count as zero inside solves, and only there.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "lupine/solver.hpp"
#include "lupine/sparse.hpp"

#if defined(__SSE2__) || defined(_M_X64)
#include <xmmintrin.h>
#define TEST_HAS_MXCSR 1
#else
#define TEST_HAS_MXCSR 0
#endif

namespace {

// A chain whose solution decays: x = (1, 1e-100, 1e-200, 1e-300, 1e-310) for b = e_0, the
// last entry subnormal.
lupine::CscMatrix<double> decaying_chain() {
  const double step[] = {1e-100, 1e-100, 1e-100, 1e-10};
  lupine::TripletBuilder<double> builder(5, 5);
  for (int k = 0; k < 5; ++k) {
    builder.add(k, k, 1.0);
    if (k > 0) builder.add(k, k - 1, -step[k - 1]);
  }
  return builder.build();
}

lupine::Options flushing(bool flush) {
  lupine::Options options;
  options.threads = 1;
  options.solve_flush_to_zero = flush;
  return options;
}

}  // namespace

TEST_CASE("solve_flush_to_zero turns subnormal solution entries into zeros", "[numeric][ftz]") {
  const auto a = decaying_chain();
  const std::vector<double> b = {1.0, 0.0, 0.0, 0.0, 0.0};
  for (bool flush : {false, true}) {
    INFO("flush " << flush);
    const auto symbolic = lupine::analyze(a, flushing(flush));
    const lupine::Numeric<> numeric(symbolic, a, flushing(flush));
    const std::vector<double> x = numeric.solve(b, lupine::Transpose::no, 0);
    CHECK(x[0] == 1.0);
    CHECK(x[1] == Approx(1e-100).epsilon(1e-14));
    CHECK(x[2] == Approx(1e-200).epsilon(1e-14));
    CHECK(x[3] == Approx(1e-300).epsilon(1e-14));
    if (TEST_HAS_MXCSR && flush) {
      CHECK(x[4] == 0.0);
    } else {
      CHECK(std::fpclassify(x[4]) == FP_SUBNORMAL);
      CHECK(x[4] == Approx(1e-310).epsilon(1e-6));  // gradual underflow keeps ~14 bits less
    }
  }
  // A subnormal right-hand side: kept without the option (x = b here), zero with it.
  const double tiny = 1e-310;
  REQUIRE(std::fpclassify(tiny) == FP_SUBNORMAL);
  const std::vector<double> small = {tiny, 0.0, 0.0, 0.0, 0.0};
  for (bool flush : {false, true}) {
    INFO("flush " << flush);
    const auto symbolic = lupine::analyze(a, flushing(flush));
    const lupine::Numeric<> numeric(symbolic, a, flushing(flush));
    const std::vector<double> x = numeric.solve(small, lupine::Transpose::no, 0);
    if (TEST_HAS_MXCSR && flush) {
      CHECK(x[0] == 0.0);
    } else {
      // Row scaling halves it on the way in, which costs a bit of a subnormal's precision.
      CHECK(std::fpclassify(x[0]) == FP_SUBNORMAL);
      CHECK(x[0] == Approx(tiny).epsilon(1e-6));
    }
    std::vector<double> in_place = small;
    lupine::SolveWorkspace<double> workspace = numeric.make_workspace(1);
    numeric.solve_in_place(in_place.data(), 1, 5, lupine::Transpose::no, workspace);
    CHECK(in_place[0] == x[0]);
  }
}

TEST_CASE("solve_flush_to_zero leaves the caller's floating-point modes as they were",
          "[numeric][ftz]") {
  const auto a = decaying_chain();
  const auto symbolic = lupine::analyze(a, flushing(true));
  const lupine::Numeric<> numeric(symbolic, a, flushing(true));
  const std::vector<double> b = {1.0, 2.0, 3.0, 4.0, 5.0};
#if TEST_HAS_MXCSR
  // The rounding, masking and FTZ/DAZ modes (not the sticky exception flags in bits 0-5).
  const auto modes = [] { return _mm_getcsr() & ~0x3Fu; };
  const unsigned before = modes();
#endif
  const std::vector<double> x = numeric.solve(b, lupine::Transpose::no, 2);
  CHECK(x[4] == Approx(5.0));
#if TEST_HAS_MXCSR
  CHECK(modes() == before);
#endif
  // Outside the solve, subnormal arithmetic is gradual as usual.
  volatile double smallest_normal = std::numeric_limits<double>::min();
  const double half = smallest_normal / 2;
  CHECK(half > 0.0);
  // And an error thrown inside a solve (a NaN in the right-hand side) restores them too.
  std::vector<double> bad = b;
  bad[2] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(numeric.solve(bad, lupine::Transpose::no, 0), lupine::Error);
#if TEST_HAS_MXCSR
  CHECK(modes() == before);
#endif
}
