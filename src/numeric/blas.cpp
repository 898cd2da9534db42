#include "numeric/blas.hpp"

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "lupine/checked.hpp"
#include "lupine/solver.hpp"
#include "numeric/blas_kernels.hpp"

extern "C" {
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc);
void zgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const std::complex<double>* alpha, const std::complex<double>* a, const int* lda,
            const std::complex<double>* b, const int* ldb, const std::complex<double>* beta,
            std::complex<double>* c, const int* ldc);
void dtrsm_(const char* side, const char* uplo, const char* transa, const char* diag, const int* m,
            const int* n, const double* alpha, const double* a, const int* lda, double* b,
            const int* ldb);
void ztrsm_(const char* side, const char* uplo, const char* transa, const char* diag, const int* m,
            const int* n, const std::complex<double>* alpha, const std::complex<double>* a,
            const int* lda, std::complex<double>* b, const int* ldb);
void dgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
            const int* lda, const double* x, const int* incx, const double* beta, double* y,
            const int* incy);
void zgemv_(const char* trans, const int* m, const int* n, const std::complex<double>* alpha,
            const std::complex<double>* a, const int* lda, const std::complex<double>* x,
            const int* incx, const std::complex<double>* beta, std::complex<double>* y,
            const int* incy);
void dtrsv_(const char* uplo, const char* trans, const char* diag, const int* n, const double* a,
            const int* lda, double* x, const int* incx);
void ztrsv_(const char* uplo, const char* trans, const char* diag, const int* n,
            const std::complex<double>* a, const int* lda, std::complex<double>* x,
            const int* incx);
char* openblas_get_config();
char* openblas_get_corename();
}

namespace lupine::detail::blas {
namespace {

int to_int(std::int64_t value) {
  return checked_cast<int>(value, "dense kernel dimension");
}

// Below these sizes a BLAS call (argument checks, packing) costs more than a plain loop that
// the compiler vectorizes; measured on fronts of 3D FEM matrices (docs/paths.md).
constexpr std::int64_t kSmallGemm = 8 * 8 * 8;
constexpr std::int64_t kSmallLevel2 = 16 * 16;

template <class Scalar>
void gemm_loop(std::int64_t m, std::int64_t n, std::int64_t k, const Scalar* A, std::int64_t lda,
               const Scalar* B, std::int64_t ldb, Scalar* C, std::int64_t ldc) {
  for (std::int64_t j = 0; j < n; ++j) {
    Scalar* c = C + j * ldc;
    for (std::int64_t p = 0; p < k; ++p) {
      const Scalar b = B[p + j * ldb];
      const Scalar* a = A + p * lda;
      for (std::int64_t i = 0; i < m; ++i) c[i] -= a[i] * b;
    }
  }
}

template <class Scalar>
void trsm_unit_lower_loop(std::int64_t m, std::int64_t n, const Scalar* L, std::int64_t ldl,
                          Scalar* B, std::int64_t ldb) {
  for (std::int64_t j = 0; j < n; ++j) {
    Scalar* b = B + j * ldb;
    for (std::int64_t p = 0; p < m; ++p) {
      const Scalar x = b[p];
      const Scalar* l = L + p * ldl;
      for (std::int64_t i = p + 1; i < m; ++i) b[i] -= l[i] * x;
    }
  }
}

// B = L⁻¹ B for a 16 x 16 unit lower L: four columns at a time, each held in registers, so
// the 15 dependent steps of one column overlap with those of the others.
template <class Scalar>
void trsm_unit_lower_16(std::int64_t n, const Scalar* L, std::int64_t ldl, Scalar* B,
                        std::int64_t ldb) {
  constexpr int kRows = 16;
  constexpr int kColumns = 4;
  Scalar l[kRows][kRows];
  for (int p = 0; p < kRows; ++p) {
    for (int i = 0; i < kRows; ++i) l[p][i] = i > p ? L[i + p * ldl] : Scalar{0};
  }
  std::int64_t j = 0;
  for (; j + kColumns <= n; j += kColumns) {
    Scalar x[kColumns][kRows];
    for (int c = 0; c < kColumns; ++c) {
      for (int i = 0; i < kRows; ++i) x[c][i] = B[i + (j + c) * ldb];
    }
    for (int p = 0; p < kRows - 1; ++p) {
      for (int c = 0; c < kColumns; ++c) {
        const Scalar xp = x[c][p];
        for (int i = 0; i < kRows; ++i) x[c][i] -= l[p][i] * xp;
      }
    }
    for (int c = 0; c < kColumns; ++c) {
      for (int i = 0; i < kRows; ++i) B[i + (j + c) * ldb] = x[c][i];
    }
  }
  for (; j < n; ++j) {
    Scalar x[kRows];
    for (int i = 0; i < kRows; ++i) x[i] = B[i + j * ldb];
    for (int p = 0; p < kRows - 1; ++p) {
      const Scalar xp = x[p];
      for (int i = 0; i < kRows; ++i) x[i] -= l[p][i] * xp;
    }
    for (int i = 0; i < kRows; ++i) B[i + j * ldb] = x[i];
  }
}

template <class Scalar>
void gemv_loop(std::int64_t m, std::int64_t n, const Scalar* A, std::int64_t lda, const Scalar* x,
               Scalar* y) {
  for (std::int64_t p = 0; p < n; ++p) {
    const Scalar b = x[p];
    const Scalar* a = A + p * lda;
    for (std::int64_t i = 0; i < m; ++i) y[i] -= a[i] * b;
  }
}

template <class Scalar>
void gemv_transpose_loop(std::int64_t m, std::int64_t n, const Scalar* A, std::int64_t lda,
                         const Scalar* x, Scalar* y) {
  for (std::int64_t j = 0; j < n; ++j) {
    const Scalar* a = A + j * lda;
    Scalar sum{0};
    for (std::int64_t i = 0; i < m; ++i) sum += a[i] * x[i];
    y[j] -= sum;
  }
}

template <class Scalar>
void trsv_loop(bool lower, bool transpose, std::int64_t n, const Scalar* A, std::int64_t lda,
               Scalar* x) {
  if (lower && !transpose) {
    for (std::int64_t p = 0; p < n; ++p) {
      const Scalar v = x[p];
      const Scalar* a = A + p * lda;
      for (std::int64_t i = p + 1; i < n; ++i) x[i] -= a[i] * v;
    }
  } else if (lower) {
    for (std::int64_t j = n - 1; j >= 0; --j) {
      const Scalar* a = A + j * lda;
      Scalar sum = x[j];
      for (std::int64_t i = j + 1; i < n; ++i) sum -= a[i] * x[i];
      x[j] = sum;
    }
  } else if (!transpose) {
    for (std::int64_t p = n - 1; p >= 0; --p) {
      const Scalar* a = A + p * lda;
      const Scalar v = x[p] / a[p];
      x[p] = v;
      for (std::int64_t i = 0; i < p; ++i) x[i] -= a[i] * v;
    }
  } else {
    for (std::int64_t j = 0; j < n; ++j) {
      const Scalar* a = A + j * lda;
      Scalar sum = x[j];
      for (std::int64_t i = 0; i < j; ++i) sum -= a[i] * x[i];
      x[j] = sum / a[j];
    }
  }
}

template <class Scalar>
struct Fortran;

template <>
struct Fortran<double> {
  static void gemm(const char* ta, const char* tb, const int* m, const int* n, const int* k,
                   const double* alpha, const double* a, const int* lda, const double* b,
                   const int* ldb, const double* beta, double* c, const int* ldc) {
    dgemm_(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
  static void trsm(const char* side, const char* uplo, const char* ta, const char* diag,
                   const int* m, const int* n, const double* alpha, const double* a, const int* lda,
                   double* b, const int* ldb) {
    dtrsm_(side, uplo, ta, diag, m, n, alpha, a, lda, b, ldb);
  }
  static void gemv(const char* t, const int* m, const int* n, const double* alpha, const double* a,
                   const int* lda, const double* x, const int* incx, const double* beta, double* y,
                   const int* incy) {
    dgemv_(t, m, n, alpha, a, lda, x, incx, beta, y, incy);
  }
  static void trsv(const char* uplo, const char* t, const char* diag, const int* n, const double* a,
                   const int* lda, double* x, const int* incx) {
    dtrsv_(uplo, t, diag, n, a, lda, x, incx);
  }
};

template <>
struct Fortran<std::complex<double>> {
  using Z = std::complex<double>;
  static void gemm(const char* ta, const char* tb, const int* m, const int* n, const int* k,
                   const Z* alpha, const Z* a, const int* lda, const Z* b, const int* ldb,
                   const Z* beta, Z* c, const int* ldc) {
    zgemm_(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
  static void trsm(const char* side, const char* uplo, const char* ta, const char* diag,
                   const int* m, const int* n, const Z* alpha, const Z* a, const int* lda, Z* b,
                   const int* ldb) {
    ztrsm_(side, uplo, ta, diag, m, n, alpha, a, lda, b, ldb);
  }
  static void gemv(const char* t, const int* m, const int* n, const Z* alpha, const Z* a,
                   const int* lda, const Z* x, const int* incx, const Z* beta, Z* y,
                   const int* incy) {
    zgemv_(t, m, n, alpha, a, lda, x, incx, beta, y, incy);
  }
  static void trsv(const char* uplo, const char* t, const char* diag, const int* n, const Z* a,
                   const int* lda, Z* x, const int* incx) {
    ztrsv_(uplo, t, diag, n, a, lda, x, incx);
  }
};

template <class Scalar>
void gemm_minus_any(std::int64_t m, std::int64_t n, std::int64_t k, const Scalar* A,
                    std::int64_t lda, const Scalar* B, std::int64_t ldb, Scalar* C,
                    std::int64_t ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  if (m * n * k <= kSmallGemm) {
    gemm_loop(m, n, k, A, lda, B, ldb, C, ldc);
    return;
  }
  const int mi = to_int(m), ni = to_int(n), ki = to_int(k);
  const int la = to_int(lda), lb = to_int(ldb), lc = to_int(ldc);
  const Scalar minus_one{-1}, one{1};
  Fortran<Scalar>::gemm("N", "N", &mi, &ni, &ki, &minus_one, A, &la, B, &lb, &one, C, &lc);
}

// OpenBLAS 0.3.21's TRSM runs at 3-15 GFLOP/s on the shapes of front factorization (unit
// lower, 16-128 rows) against 70-90 for its GEMM on this machine; splitting the triangle in
// halves down to 16 rows turns nearly all of the work into GEMM, and a register kernel does
// the 16-row solves: 3x faster than dtrsm for 16 to 128 rows (docs/paths.md).
template <class Scalar>
void trsm_unit_lower_any(std::int64_t m, std::int64_t n, const Scalar* L, std::int64_t ldl,
                         Scalar* B, std::int64_t ldb) {
  if (m <= 1 || n <= 0) return;
  if (m == 16) {
    trsm_unit_lower_16(n, L, ldl, B, ldb);
    return;
  }
  if (m < 16) {
    trsm_unit_lower_loop(m, n, L, ldl, B, ldb);
    return;
  }
  std::int64_t half = (m / 2 + 15) / 16 * 16;
  if (half >= m) half = 16;
  trsm_unit_lower_any(half, n, L, ldl, B, ldb);
  gemm_minus_any(m - half, n, half, L + half, ldl, B, ldb, B + half, ldb);
  trsm_unit_lower_any(m - half, n, L + half + half * ldl, ldl, B + half, ldb);
}

template <class Scalar>
void gemv_minus_any(std::int64_t m, std::int64_t n, const Scalar* A, std::int64_t lda,
                    const Scalar* x, Scalar* y) {
  if (m <= 0 || n <= 0) return;
  if (m * n <= kSmallLevel2) {
    gemv_loop(m, n, A, lda, x, y);
    return;
  }
  const int mi = to_int(m), ni = to_int(n), la = to_int(lda), one_step = 1;
  const Scalar minus_one{-1}, one{1};
  Fortran<Scalar>::gemv("N", &mi, &ni, &minus_one, A, &la, x, &one_step, &one, y, &one_step);
}

template <class Scalar>
void gemv_transpose_minus_any(std::int64_t m, std::int64_t n, const Scalar* A, std::int64_t lda,
                              const Scalar* x, Scalar* y) {
  if (m <= 0 || n <= 0) return;
  if (m * n <= kSmallLevel2) {
    gemv_transpose_loop(m, n, A, lda, x, y);
    return;
  }
  const int mi = to_int(m), ni = to_int(n), la = to_int(lda), one_step = 1;
  const Scalar minus_one{-1}, one{1};
  Fortran<Scalar>::gemv("T", &mi, &ni, &minus_one, A, &la, x, &one_step, &one, y, &one_step);
}

template <class Scalar>
void trsv_any(bool lower, bool transpose, std::int64_t n, const Scalar* A, std::int64_t lda,
              Scalar* x) {
  if (n <= 0) return;
  if (n * n <= kSmallLevel2) {
    trsv_loop(lower, transpose, n, A, lda, x);
    return;
  }
  const int ni = to_int(n), la = to_int(lda), one_step = 1;
  Fortran<Scalar>::trsv(lower ? "L" : "U", transpose ? "T" : "N", lower ? "U" : "N", &ni, A, &la, x,
                        &one_step);
}

template <class Scalar>
void trsm_left_any(bool lower, bool transpose, std::int64_t n, std::int64_t nrhs, const Scalar* A,
                   std::int64_t lda, Scalar* B, std::int64_t ldb) {
  if (n <= 0 || nrhs <= 0) return;
  if (nrhs == 1) {
    trsv_any(lower, transpose, n, A, lda, B);
    return;
  }
  const int ni = to_int(n), ri = to_int(nrhs), la = to_int(lda), lb = to_int(ldb);
  const Scalar one{1};
  Fortran<Scalar>::trsm("L", lower ? "L" : "U", transpose ? "T" : "N", lower ? "U" : "N", &ni, &ri,
                        &one, A, &la, B, &lb);
}

template <class Scalar>
void gemm_op_minus_any(bool transpose, std::int64_t m, std::int64_t n, std::int64_t k,
                       const Scalar* A, std::int64_t lda, const Scalar* B, std::int64_t ldb,
                       Scalar* C, std::int64_t ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  if (n == 1) {
    if (transpose) {
      gemv_transpose_minus_any(k, m, A, lda, B, C);
    } else {
      gemv_minus_any(m, k, A, lda, B, C);
    }
    return;
  }
  if (!transpose) {
    gemm_minus_any(m, n, k, A, lda, B, ldb, C, ldc);
    return;
  }
  const int mi = to_int(m), ni = to_int(n), ki = to_int(k);
  const int la = to_int(lda), lb = to_int(ldb), lc = to_int(ldc);
  const Scalar minus_one{-1}, one{1};
  Fortran<Scalar>::gemm("T", "N", &mi, &ni, &ki, &minus_one, A, &la, B, &lb, &one, C, &lc);
}

}  // namespace

void gemm_minus(std::int64_t m, std::int64_t n, std::int64_t k, const double* A, std::int64_t lda,
                const double* B, std::int64_t ldb, double* C, std::int64_t ldc) {
  gemm_minus_any(m, n, k, A, lda, B, ldb, C, ldc);
}
void gemm_minus(std::int64_t m, std::int64_t n, std::int64_t k, const std::complex<double>* A,
                std::int64_t lda, const std::complex<double>* B, std::int64_t ldb,
                std::complex<double>* C, std::int64_t ldc) {
  gemm_minus_any(m, n, k, A, lda, B, ldb, C, ldc);
}
void trsm_unit_lower(std::int64_t m, std::int64_t n, const double* L, std::int64_t ldl, double* B,
                     std::int64_t ldb) {
  trsm_unit_lower_any(m, n, L, ldl, B, ldb);
}
void trsm_unit_lower(std::int64_t m, std::int64_t n, const std::complex<double>* L,
                     std::int64_t ldl, std::complex<double>* B, std::int64_t ldb) {
  trsm_unit_lower_any(m, n, L, ldl, B, ldb);
}
void gemv_minus(std::int64_t m, std::int64_t n, const double* A, std::int64_t lda, const double* x,
                double* y) {
  gemv_minus_any(m, n, A, lda, x, y);
}
void gemv_minus(std::int64_t m, std::int64_t n, const std::complex<double>* A, std::int64_t lda,
                const std::complex<double>* x, std::complex<double>* y) {
  gemv_minus_any(m, n, A, lda, x, y);
}
void gemv_transpose_minus(std::int64_t m, std::int64_t n, const double* A, std::int64_t lda,
                          const double* x, double* y) {
  gemv_transpose_minus_any(m, n, A, lda, x, y);
}
void gemv_transpose_minus(std::int64_t m, std::int64_t n, const std::complex<double>* A,
                          std::int64_t lda, const std::complex<double>* x,
                          std::complex<double>* y) {
  gemv_transpose_minus_any(m, n, A, lda, x, y);
}
void trsv(bool lower, bool transpose, std::int64_t n, const double* A, std::int64_t lda,
          double* x) {
  trsv_any(lower, transpose, n, A, lda, x);
}
void trsv(bool lower, bool transpose, std::int64_t n, const std::complex<double>* A,
          std::int64_t lda, std::complex<double>* x) {
  trsv_any(lower, transpose, n, A, lda, x);
}
void trsm_left(bool lower, bool transpose, std::int64_t n, std::int64_t nrhs, const double* A,
               std::int64_t lda, double* B, std::int64_t ldb) {
  trsm_left_any(lower, transpose, n, nrhs, A, lda, B, ldb);
}
void trsm_left(bool lower, bool transpose, std::int64_t n, std::int64_t nrhs,
               const std::complex<double>* A, std::int64_t lda, std::complex<double>* B,
               std::int64_t ldb) {
  trsm_left_any(lower, transpose, n, nrhs, A, lda, B, ldb);
}
void gemm_op_minus(bool transpose, std::int64_t m, std::int64_t n, std::int64_t k, const double* A,
                   std::int64_t lda, const double* B, std::int64_t ldb, double* C,
                   std::int64_t ldc) {
  gemm_op_minus_any(transpose, m, n, k, A, lda, B, ldb, C, ldc);
}
void gemm_op_minus(bool transpose, std::int64_t m, std::int64_t n, std::int64_t k,
                   const std::complex<double>* A, std::int64_t lda, const std::complex<double>* B,
                   std::int64_t ldb, std::complex<double>* C, std::int64_t ldc) {
  gemm_op_minus_any(transpose, m, n, k, A, lda, B, ldb, C, ldc);
}

const char* library_description() {
  choose_dense_kernels();  // (the description names the kernels that will run)
  static const std::string description = [] {
    std::string config = openblas_get_config();
    const std::size_t space = config.find(' ', std::strlen("OpenBLAS "));
    std::string version = config.substr(0, space);
    std::string kernels = openblas_get_corename();
    if (!replaced_kernels().empty()) {
      kernels += " kernels, chosen by Lupine; OpenBLAS chose " + replaced_kernels();
    } else {
      kernels += " kernels";
    }
    return version + " (" + kernels + ")";
  }();
  return description.c_str();
}

double measured_dgemm_gflops() {
  static const double gflops = [] {
    prepare_dense_kernels();
    const std::int64_t size = 1000;
    std::vector<double> a(static_cast<std::size_t>(size * size), 1e-3);
    std::vector<double> b(a.size(), 2e-3);
    std::vector<double> c(a.size(), 0.0);
    double best = 0;
    for (int trial = 0; trial < 5; ++trial) {
      const auto start = std::chrono::steady_clock::now();
      gemm_minus(size, size, size, a.data(), size, b.data(), size, c.data(), size);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (seconds > 0) best = std::max(best, 2.0 * 1e9 / seconds / 1e9);
    }
    return best;
  }();
  return gflops;
}

}  // namespace lupine::detail::blas

namespace lupine {

DenseKernels dense_kernels(bool measure) {
  DenseKernels kernels;
  kernels.library = detail::blas::library_description();
  if (measure) kernels.dgemm_gflops = detail::blas::measured_dgemm_gflops();
  return kernels;
}

}  // namespace lupine
