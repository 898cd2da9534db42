// The dense kernels Lupine calls: Fortran BLAS/LAPACK through typed C++ overloads.
//
// Column-major throughout. Every wrapper takes the sizes as std::int64_t and checks that
// they fit BLAS's int before calling; small problems are done by plain loops where a BLAS
// call costs more than the work (see front.cpp for the thresholds and why).
#pragma once

#include <complex>
#include <cstdint>

namespace lupine::detail::blas {

/// C -= A B with A m x k, B k x n, C m x n.
void gemm_minus(std::int64_t m, std::int64_t n, std::int64_t k, const double* A, std::int64_t lda,
                const double* B, std::int64_t ldb, double* C, std::int64_t ldc);
void gemm_minus(std::int64_t m, std::int64_t n, std::int64_t k, const std::complex<double>* A,
                std::int64_t lda, const std::complex<double>* B, std::int64_t ldb,
                std::complex<double>* C, std::int64_t ldc);

/// B = L⁻¹ B with L (m x m) unit lower triangular, B m x n.
void trsm_unit_lower(std::int64_t m, std::int64_t n, const double* L, std::int64_t ldl, double* B,
                     std::int64_t ldb);
void trsm_unit_lower(std::int64_t m, std::int64_t n, const std::complex<double>* L,
                     std::int64_t ldl, std::complex<double>* B, std::int64_t ldb);

/// y -= A x with A m x n.
void gemv_minus(std::int64_t m, std::int64_t n, const double* A, std::int64_t lda, const double* x,
                double* y);
void gemv_minus(std::int64_t m, std::int64_t n, const std::complex<double>* A, std::int64_t lda,
                const std::complex<double>* x, std::complex<double>* y);

/// y -= Aᵀ x with A m x n (y has n entries, x has m).
void gemv_transpose_minus(std::int64_t m, std::int64_t n, const double* A, std::int64_t lda,
                          const double* x, double* y);
void gemv_transpose_minus(std::int64_t m, std::int64_t n, const std::complex<double>* A,
                          std::int64_t lda, const std::complex<double>* x, std::complex<double>* y);

/// x = op(T)⁻¹ x for the n x n triangle of A: `lower` selects the strict lower triangle with a
/// unit diagonal (else the upper triangle with its diagonal), `transpose` solves with Tᵀ.
void trsv(bool lower, bool transpose, std::int64_t n, const double* A, std::int64_t lda, double* x);
void trsv(bool lower, bool transpose, std::int64_t n, const std::complex<double>* A,
          std::int64_t lda, std::complex<double>* x);

/// B = op(T)⁻¹ B for many right-hand sides (B n x nrhs), T as in trsv.
void trsm_left(bool lower, bool transpose, std::int64_t n, std::int64_t nrhs, const double* A,
               std::int64_t lda, double* B, std::int64_t ldb);
void trsm_left(bool lower, bool transpose, std::int64_t n, std::int64_t nrhs,
               const std::complex<double>* A, std::int64_t lda, std::complex<double>* B,
               std::int64_t ldb);

/// C -= op(A) B with op(A) m x k (A stored k x m when transposed), B k x n.
void gemm_op_minus(bool transpose, std::int64_t m, std::int64_t n, std::int64_t k, const double* A,
                   std::int64_t lda, const double* B, std::int64_t ldb, double* C,
                   std::int64_t ldc);
void gemm_op_minus(bool transpose, std::int64_t m, std::int64_t n, std::int64_t k,
                   const std::complex<double>* A, std::int64_t lda, const std::complex<double>* B,
                   std::int64_t ldb, std::complex<double>* C, std::int64_t ldc);

/// The BLAS library and kernel in use, e.g. "OpenBLAS 0.3.21 (SkylakeX kernels)".
const char* library_description();

/// Single-threaded DGEMM speed of this machine in GFLOP/s, measured once per process on
/// square 1000 x 1000 x 1000 products (about 0.1 s), for reports against the machine's ceiling.
double measured_dgemm_gflops();

}  // namespace lupine::detail::blas
