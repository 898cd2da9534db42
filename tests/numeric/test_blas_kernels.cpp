// The choice of OpenBLAS kernel set (numeric/blas_kernels.hpp): the rule entry by entry, the
// LUPINE_BLAS_KERNELS setting, and that on this machine the kernels that run are written for
// the CPU's instruction set (OpenBLAS 0.3.21 picks Prescott's SSE3 kernels on CPUs newer than
// it knows, a fifth of the DGEMM speed).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "lupine/error.hpp"
#include "lupine/solver.hpp"
#include "numeric/blas_kernels.hpp"

using lupine::detail::blas::cpu_vector_level;
using lupine::detail::blas::kernel_policy;
using lupine::detail::blas::kernel_vector_level;
using lupine::detail::blas::KernelPolicy;
using lupine::detail::blas::preferred_kernels;
using lupine::detail::blas::VectorLevel;

TEST_CASE("kernel sets are ranked by the instructions they use", "[blas]") {
  CHECK(kernel_vector_level("SkylakeX") == VectorLevel::avx512);
  CHECK(kernel_vector_level("COOPERLAKE") == VectorLevel::avx512);
  CHECK(kernel_vector_level("haswell") == VectorLevel::avx2);
  CHECK(kernel_vector_level("Zen") == VectorLevel::avx2);
  CHECK(kernel_vector_level("Sandybridge") == VectorLevel::avx);
  CHECK(kernel_vector_level("Piledriver") == VectorLevel::avx);
  CHECK(kernel_vector_level("Prescott") == VectorLevel::sse);
  CHECK(kernel_vector_level("Nehalem") == VectorLevel::sse);
  CHECK(kernel_vector_level("Opteron_SSE3") == VectorLevel::sse);
  CHECK(kernel_vector_level("FutureLake") == VectorLevel::unknown);
  CHECK(kernel_vector_level("") == VectorLevel::unknown);
}

TEST_CASE("a kernel set below the CPU's level is replaced by the best of the CPU's level",
          "[blas]") {
  // The case met on an Intel Xeon of model 207: AVX-512, OpenBLAS 0.3.21 chose Prescott.
  CHECK(preferred_kernels(VectorLevel::avx512, "Prescott") == "SkylakeX");
  CHECK(preferred_kernels(VectorLevel::avx512, "prescott") == "SkylakeX");
  // Zen 4 and Zen 5 (AVX-512) get OpenBLAS 0.3.21's AVX2 kernels.
  CHECK(preferred_kernels(VectorLevel::avx512, "Zen") == "SkylakeX");
  CHECK(preferred_kernels(VectorLevel::avx512, "Haswell") == "SkylakeX");
  CHECK(preferred_kernels(VectorLevel::avx2, "Prescott") == "Haswell");
  CHECK(preferred_kernels(VectorLevel::avx2, "Sandybridge") == "Haswell");
  CHECK(preferred_kernels(VectorLevel::avx, "Nehalem") == "Sandybridge");
}

TEST_CASE("a kernel set at or above the CPU's level, or unknown, is kept", "[blas]") {
  CHECK(preferred_kernels(VectorLevel::avx512, "SkylakeX").empty());
  CHECK(preferred_kernels(VectorLevel::avx512, "Cooperlake").empty());
  CHECK(preferred_kernels(VectorLevel::avx2, "Zen").empty());
  CHECK(preferred_kernels(VectorLevel::avx2, "Haswell").empty());
  CHECK(preferred_kernels(VectorLevel::avx2, "SkylakeX").empty());
  CHECK(preferred_kernels(VectorLevel::sse, "Prescott").empty());
  CHECK(preferred_kernels(VectorLevel::unknown, "Prescott").empty());
  CHECK(preferred_kernels(VectorLevel::avx512, "FutureLake").empty());
}

TEST_CASE("LUPINE_BLAS_KERNELS is auto or keep, anything else is a clear error", "[blas]") {
  CHECK(kernel_policy(nullptr) == KernelPolicy::automatic);
  CHECK(kernel_policy("") == KernelPolicy::automatic);
  CHECK(kernel_policy("Auto") == KernelPolicy::automatic);
  CHECK(kernel_policy("keep") == KernelPolicy::keep);
  CHECK(kernel_policy("KEEP") == KernelPolicy::keep);
  try {
    kernel_policy("skylake");
    FAIL("no error for LUPINE_BLAS_KERNELS=skylake");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::invalid_argument);
    CHECK_THAT(error.what(), Catch::Contains("LUPINE_BLAS_KERNELS is 'skylake'"));
  }
}

TEST_CASE("the kernels that run are written for this CPU's instruction set", "[blas]") {
  const lupine::DenseKernels kernels = lupine::dense_kernels(false);
  const std::string running = lupine::detail::blas::current_kernels();
  INFO("dense kernels: " << kernels.library);
  CHECK_THAT(kernels.library, Catch::Contains(running + " kernels"));
  const bool user_choice = std::getenv("OPENBLAS_CORETYPE") != nullptr ||
                           kernel_policy(std::getenv("LUPINE_BLAS_KERNELS")) == KernelPolicy::keep;
  const VectorLevel running_level = kernel_vector_level(running);
  if (!user_choice && running_level != VectorLevel::unknown &&
      cpu_vector_level() != VectorLevel::unknown) {
    CHECK(static_cast<int>(running_level) >= static_cast<int>(cpu_vector_level()));
  }
}
