// Which OpenBLAS kernels run: OpenBLAS 0.3.21 (Debian bookworm) picks its kernel set from the
// CPU model number, and on models newer than it knows it falls back to kernels far below what
// the CPU can run. Measured on an Intel Xeon of model 207 (AVX-512): its choice was Prescott
// (SSE3), DGEMM 10.8 GFLOP/s; its SkylakeX kernels run at 56.7 there. Lupine therefore checks
// the choice against the CPU's instruction sets at the first dense call and, where OpenBLAS
// picked a kernel set for an older instruction set, switches to the best set the CPU can run
// (docs/paths.md, "Dense kernels").
#pragma once

#include <string>
#include <string_view>

namespace lupine::detail::blas {

/// The widest x86 vector instruction set a CPU (or a kernel set) uses: avx512 means
/// AVX-512 F, CD, BW, DQ and VL, the ones OpenBLAS's SkylakeX kernels need; avx2 includes FMA.
enum class VectorLevel { unknown, sse, avx, avx2, avx512 };

/// This CPU's level, as the OS lets programs use it (XSAVE state enabled); unknown off x86.
VectorLevel cpu_vector_level();

/// The level an OpenBLAS kernel set (its core name, any case) is written for; unknown for a
/// name not known here.
VectorLevel kernel_vector_level(std::string_view core_name);

/// The kernel set to switch to, or "" to keep `current`: the best set for `cpu` when
/// `current` was written for a lower level.
std::string preferred_kernels(VectorLevel cpu, std::string_view current);

/// What LUPINE_BLAS_KERNELS asks for: automatic (unset, empty or "auto", any case) or keep
/// ("keep": OpenBLAS's own choice); any other value is an invalid_argument error naming it.
enum class KernelPolicy { automatic, keep };
KernelPolicy kernel_policy(const char* setting);

/// The kernel set OpenBLAS runs now (its core name).
std::string current_kernels();

/// At the first call (later calls do nothing): unless OPENBLAS_CORETYPE is set or
/// LUPINE_BLAS_KERNELS is "keep", replaces a kernel set chosen below the CPU's level (see the
/// file comment). Call it before any dense kernel, from one thread: switching kernels while
/// another thread of the process is inside OpenBLAS is not safe. The distributed solver
/// calls it for MUMPS and SuperLU_DIST, whose BLAS threads it leaves alone.
void choose_dense_kernels();

/// choose_dense_kernels, then (once) BLAS single-threaded: Lupine's TBB tasks own the cores.
void prepare_dense_kernels();

/// OpenBLAS's own choice when choose_dense_kernels replaced it, else "".
const std::string& replaced_kernels();

}  // namespace lupine::detail::blas
