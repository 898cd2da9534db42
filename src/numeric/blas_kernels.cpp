#include "numeric/blas_kernels.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "lupine/error.hpp"

extern "C" {
char* openblas_get_config();
char* openblas_get_corename();
void openblas_set_num_threads(int threads);
// Only in OpenBLAS builds with DYNAMIC_ARCH (Debian's): weak, so that Lupine still links
// against an OpenBLAS built for one CPU, where there is no choice to mend.
void gotoblas_dynamic_init() __attribute__((weak));
void gotoblas_dynamic_quit() __attribute__((weak));
}

namespace lupine::detail::blas {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

struct KernelSet {
  const char* name;
  VectorLevel level;
};

// OpenBLAS's x86-64 kernel sets by the instructions their DGEMM uses. Excavator and Zen are
// AVX2 with FMA; Bulldozer's family (FMA4/AVX) counts as AVX.
constexpr std::array<KernelSet, 21> kKernelSets{{
    {"SapphireRapids", VectorLevel::avx512},
    {"Cooperlake", VectorLevel::avx512},
    {"SkylakeX", VectorLevel::avx512},
    {"Haswell", VectorLevel::avx2},
    {"Zen", VectorLevel::avx2},
    {"Excavator", VectorLevel::avx2},
    {"Sandybridge", VectorLevel::avx},
    {"Bulldozer", VectorLevel::avx},
    {"Piledriver", VectorLevel::avx},
    {"Steamroller", VectorLevel::avx},
    {"Nehalem", VectorLevel::sse},
    {"Prescott", VectorLevel::sse},
    {"Core2", VectorLevel::sse},
    {"Penryn", VectorLevel::sse},
    {"Dunnington", VectorLevel::sse},
    {"Atom", VectorLevel::sse},
    {"Nano", VectorLevel::sse},
    {"Barcelona", VectorLevel::sse},
    {"Bobcat", VectorLevel::sse},
    {"Opteron_SSE3", VectorLevel::sse},
    {"Opteron", VectorLevel::sse},
}};

// The best kernel set of each level (Sandybridge for AVX: OpenBLAS's Intel AVX kernels).
const char* best_kernels(VectorLevel level) {
  switch (level) {
    case VectorLevel::avx512:
      return "SkylakeX";
    case VectorLevel::avx2:
      return "Haswell";
    case VectorLevel::avx:
      return "Sandybridge";
    default:
      return "";
  }
}

std::string& replaced_storage() {
  static std::string replaced;
  return replaced;
}

void choose_kernels() {
  if (kernel_policy(std::getenv("LUPINE_BLAS_KERNELS")) == KernelPolicy::keep) return;
  // The user's own OpenBLAS setting wins.
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;
  if (gotoblas_dynamic_init == nullptr || gotoblas_dynamic_quit == nullptr) return;
  if (std::strstr(openblas_get_config(), "DYNAMIC_ARCH") == nullptr) return;
  const std::string current = openblas_get_corename();
  const std::string target = preferred_kernels(cpu_vector_level(), current);
  if (target.empty()) return;
  // OpenBLAS reads its kernel choice from OPENBLAS_CORETYPE when it (re)initializes.
  ::setenv("OPENBLAS_CORETYPE", target.c_str(), 1);
  gotoblas_dynamic_quit();
  gotoblas_dynamic_init();
  ::unsetenv("OPENBLAS_CORETYPE");
  if (same_name(openblas_get_corename(), target)) {
    replaced_storage() = current;
  } else {
    // Not taken (a name this OpenBLAS does not have): back to its own choice.
    ::setenv("OPENBLAS_CORETYPE", current.c_str(), 1);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    ::unsetenv("OPENBLAS_CORETYPE");
  }
}

}  // namespace

VectorLevel cpu_vector_level() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl")) {
    return VectorLevel::avx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return VectorLevel::avx2;
  if (__builtin_cpu_supports("avx")) return VectorLevel::avx;
  return VectorLevel::sse;
#else
  return VectorLevel::unknown;
#endif
}

VectorLevel kernel_vector_level(std::string_view core_name) {
  for (const KernelSet& set : kKernelSets) {
    if (same_name(core_name, set.name)) return set.level;
  }
  return VectorLevel::unknown;
}

std::string preferred_kernels(VectorLevel cpu, std::string_view current) {
  const VectorLevel used = kernel_vector_level(current);
  // An unknown name may be newer than this table: leave it.
  if (used == VectorLevel::unknown || cpu == VectorLevel::unknown) return "";
  if (static_cast<int>(used) >= static_cast<int>(cpu)) return "";
  return best_kernels(cpu);
}

KernelPolicy kernel_policy(const char* setting) {
  if (setting == nullptr || *setting == '\0' || same_name(setting, "auto")) {
    return KernelPolicy::automatic;
  }
  if (same_name(setting, "keep")) return KernelPolicy::keep;
  throw Error(ErrorKind::invalid_argument,
              std::string("LUPINE_BLAS_KERNELS is '") + setting +
                  "': expected 'auto' (replace OpenBLAS kernels chosen below this CPU's "
                  "instruction set, the default) or 'keep' (OpenBLAS's own choice)");
}

std::string current_kernels() {
  return openblas_get_corename();
}

void choose_dense_kernels() {
  static std::once_flag once;
  std::call_once(once, choose_kernels);
}

void prepare_dense_kernels() {
  choose_dense_kernels();
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

const std::string& replaced_kernels() {
  return replaced_storage();
}

}  // namespace lupine::detail::blas
