/* The complex C API from C: every lupine_z* entry point, its results checked in C99
 * `double complex` arithmetic against a known solution, dense references and determinants
 * worked by hand, and every error return it documents, in both index bases. Compiled as C99
 * against the public header only; complex arrays go to the API as `(double*)z`, the way the
 * header tells a C caller to pass them. */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lupine/lupine.h"

/* The worked example of test_capi.c, its pattern with complex values A = G + iC (an AC
 * matrix: conductances plus susceptances on one pattern), C as large as G so that the pivots
 * are not G's:
 *
 *   G = [ 4  1  0  0  2 ]      C = [  1 -2  0  0  1 ]
 *       [ 1  5  2  0  0 ]          [  3 -1  4  0  0 ]
 *       [ 0  2  0  3  0 ]          [  0  1  0 -2  0 ]
 *       [ 0  0  1  6  1 ]          [  0  0  2  1 -3 ]
 *       [ 3  0  0  1  7 ]          [ -1  0  0  5  2 ]
 *
 * The diagonal of row 2 is not in the pattern. */
enum { N = 5, NNZ = 14, NRHS = 3, LD = N + 1 /* a leading dimension past n: padding */ };

static int32_t col_ptr[N + 1];
static int32_t rows[NNZ];
static double real_values[NNZ];
static double complex values[NNZ];
static int nnz = 0;

static void build_example(void) {
  static const double g[N][N] = {
      {4, 1, 0, 0, 2}, {1, 5, 2, 0, 0}, {0, 2, 0, 3, 0}, {0, 0, 1, 6, 1}, {3, 0, 0, 1, 7}};
  static const double c[N][N] = {
      {1, -2, 0, 0, 1}, {3, -1, 4, 0, 0}, {0, 1, 0, -2, 0}, {0, 0, 2, 1, -3}, {-1, 0, 0, 5, 2}};
  int i, j;
  nnz = 0;
  for (j = 0; j < N; ++j) {
    col_ptr[j] = nnz;
    for (i = 0; i < N; ++i) {
      if (g[i][j] != 0) {
        rows[nnz] = i;
        real_values[nnz] = g[i][j];
        values[nnz] = g[i][j] + c[i][j] * I;
        ++nnz;
      }
    }
  }
  col_ptr[N] = nnz;
}

/* The position of (i, j) in the pattern (0-based), or -1. */
static int position(int i, int j) {
  int p;
  for (p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
    if (rows[p] == i) return p;
  }
  return -1;
}

static void to_dense(const double complex* v, double complex a[N][N]) {
  int j, p;
  memset(a, 0, sizeof(double complex) * N * N);
  for (j = 0; j < N; ++j) {
    for (p = col_ptr[j]; p < col_ptr[j + 1]; ++p) a[rows[p]][j] = v[p];
  }
}

/* op(A)(i, j) for op = A, A^T or A^H. */
static double complex entry(double complex a[N][N], int i, int j, int op) {
  if (op == LUPINE_NO_TRANSPOSE) return a[i][j];
  if (op == LUPINE_TRANSPOSE) return a[j][i];
  return conj(a[j][i]);
}

/* b = op(A) x. */
static void multiply(double complex a[N][N], const double complex* x, double complex* b, int op) {
  int i, j;
  for (i = 0; i < N; ++i) {
    b[i] = 0;
    for (j = 0; j < N; ++j) b[i] += entry(a, i, j, op) * x[j];
  }
}

/* max_i |b - op(A) x|_i / max_i |b|_i. */
static double relative_residual(double complex a[N][N], const double complex* x,
                                const double complex* b, int op) {
  double complex ax[N];
  double worst = 0, scale = 0;
  int i;
  multiply(a, x, ax, op);
  for (i = 0; i < N; ++i) {
    if (cabs(b[i] - ax[i]) > worst) worst = cabs(b[i] - ax[i]);
    if (cabs(b[i]) > scale) scale = cabs(b[i]);
  }
  return worst / scale;
}

/* max_i |x - y|_i / max_i |y|_i. */
static double relative_difference(const double complex* x, const double complex* y) {
  double worst = 0, scale = 0;
  int i;
  for (i = 0; i < N; ++i) {
    if (cabs(x[i] - y[i]) > worst) worst = cabs(x[i] - y[i]);
    if (cabs(y[i]) > scale) scale = cabs(y[i]);
  }
  return worst / scale;
}

/* det by Gaussian elimination with partial pivoting by modulus, on a copy: the reference. */
static double complex dense_determinant(double complex a[N][N]) {
  double complex m[N][N];
  double complex det = 1;
  int i, j, k;
  memcpy(m, a, sizeof m);
  for (k = 0; k < N; ++k) {
    int p = k;
    for (i = k + 1; i < N; ++i) {
      if (cabs(m[i][k]) > cabs(m[p][k])) p = i;
    }
    if (m[p][k] == 0) return 0;
    if (p != k) {
      for (j = 0; j < N; ++j) {
        const double complex t = m[k][j];
        m[k][j] = m[p][j];
        m[p][j] = t;
      }
      det = -det;
    }
    det *= m[k][k];
    for (i = k + 1; i < N; ++i) {
      const double complex f = m[i][k] / m[k][k];
      for (j = k; j < N; ++j) m[i][j] -= f * m[k][j];
    }
  }
  return det;
}

/* ||A||_1 ||A^-1||_1 with A^-1 by Gauss-Jordan elimination with partial pivoting. */
static double dense_condition(double complex a[N][N]) {
  double complex m[N][N], inverse[N][N];
  double norm = 0, inverse_norm = 0;
  int i, j, k;
  memcpy(m, a, sizeof m);
  for (i = 0; i < N; ++i) {
    for (j = 0; j < N; ++j) inverse[i][j] = i == j ? 1 : 0;
  }
  for (k = 0; k < N; ++k) {
    int p = k;
    for (i = k + 1; i < N; ++i) {
      if (cabs(m[i][k]) > cabs(m[p][k])) p = i;
    }
    for (j = 0; j < N; ++j) {
      double complex t = m[k][j];
      m[k][j] = m[p][j];
      m[p][j] = t;
      t = inverse[k][j];
      inverse[k][j] = inverse[p][j];
      inverse[p][j] = t;
    }
    for (i = 0; i < N; ++i) {
      const double complex f = m[i][k] / m[k][k];
      if (i == k) continue;
      for (j = 0; j < N; ++j) {
        m[i][j] -= f * m[k][j];
        inverse[i][j] -= f * inverse[k][j];
      }
    }
  }
  for (j = 0; j < N; ++j) {
    double column = 0, inverse_column = 0;
    for (i = 0; i < N; ++i) {
      column += cabs(a[i][j]);
      inverse_column += cabs(inverse[i][j] / m[i][i]);
    }
    if (column > norm) norm = column;
    if (inverse_column > inverse_norm) inverse_norm = inverse_column;
  }
  return norm * inverse_norm;
}

static int close_condition(double estimate, double exact) {
  return estimate <= exact * (1 + 1e-8) && estimate >= exact / 10;
}

/* The known solution of right-hand side r: real and imaginary parts vary by row. */
static double complex known(int i, int r) {
  return (1.0 + i + r) + (0.5 * i - r) * I;
}

/* The pattern in the given base and index width, analyzed with the given options. */
static lupine_symbolic* analyze(const lupine_options* options, int base, int wide) {
  lupine_symbolic* symbolic = NULL;
  int32_t cp[N + 1], ri[NNZ];
  int64_t cp64[N + 1], ri64[NNZ];
  int j;
  for (j = 0; j <= N; ++j) cp64[j] = cp[j] = col_ptr[j] + base;
  for (j = 0; j < nnz; ++j) ri64[j] = ri[j] = rows[j] + base;
  if (wide) {
    EXPECT_OK(lupine_analyze_i64(options, N, cp64, ri64, base, &symbolic));
  } else {
    EXPECT_OK(lupine_analyze(options, N, cp, ri, base, &symbolic));
  }
  return symbolic;
}

/* One real analysis, a real and a complex factorization on it; solves with A, A^T and A^H
 * (several right-hand sides, a leading dimension past n), refinement, determinant,
 * condition estimate, statistics and refactorization of the complex one. */
static void test_pipeline(int base, int wide, int threads, int path) {
  lupine_options* options = NULL;
  lupine_symbolic* symbolic;
  lupine_numeric* real = NULL;
  lupine_znumeric* numeric = NULL;
  double complex a[N][N], x_known[LD * NRHS], b[LD * NRHS], x[LD * NRHS], y[LD * NRHS];
  double* workspace;
  size_t size = 0, size_one = 0;
  int i, r, op, reused = -1;
  const double complex padding = -7.0 + 13.0 * I;
  fprintf(stderr, "complex pipeline: base %d, %s indices, %d threads, path %d\n", base,
          wide ? "64-bit" : "32-bit", threads, path);
  EXPECT_OK(lupine_options_create(&options));
  EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_THREADS, threads));
  EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_PATH, path));
  symbolic = analyze(options, base, wide);
  EXPECT_OK(lupine_options_destroy(options));
  CHECK(symbolic != NULL);
  if (!symbolic) return;
  /* the same analysis serves the real factorization and the complex one */
  EXPECT_OK(lupine_factor(symbolic, real_values, &real));
  EXPECT_OK(lupine_zfactor(symbolic, (const double*)values, &numeric));
  CHECK(real != NULL && numeric != NULL);
  EXPECT_OK(lupine_symbolic_destroy(symbolic)); /* both handles keep the analysis */
  if (!real || !numeric) return;
  {
    double complex g[N][N], g_values[NNZ], zx[N], zb[N];
    double real_b[N], real_x[N];
    size_t real_size = 0;
    double* real_workspace;
    for (i = 0; i < N; ++i) {
      real_b[i] = real_x[i] = 1.0 + i;
      zb[i] = real_b[i];
    }
    for (i = 0; i < nnz; ++i) g_values[i] = real_values[i];
    to_dense(g_values, g);
    EXPECT_OK(lupine_solve_workspace_size(real, 1, &real_size));
    real_workspace = (double*)malloc(real_size * sizeof(double));
    EXPECT_OK(lupine_solve(real, LUPINE_NO_TRANSPOSE, 1, real_x, N, real_workspace, real_size));
    for (i = 0; i < N; ++i) zx[i] = real_x[i];
    CHECK(relative_residual(g, zx, zb, LUPINE_NO_TRANSPOSE) < 1e-14);
    free(real_workspace);
  }
  EXPECT_OK(lupine_numeric_destroy(real));
  to_dense(values, a);

  /* the workspace is counted in doubles: two per complex entry */
  EXPECT_OK(lupine_zsolve_workspace_size(numeric, NRHS, &size));
  EXPECT_OK(lupine_zsolve_workspace_size(numeric, 1, &size_one));
  CHECK(size >= size_one && size_one >= 2 * N && size % 2 == 0 && size_one % 2 == 0);
  workspace = (double*)malloc(size * sizeof(double));
  for (op = LUPINE_NO_TRANSPOSE; op <= LUPINE_CONJUGATE_TRANSPOSE; ++op) {
    double backward_error = -1;
    for (r = 0; r < NRHS; ++r) {
      for (i = 0; i < N; ++i) x_known[i + r * LD] = known(i, r);
      multiply(a, x_known + r * LD, b + r * LD, op);
      b[N + r * LD] = padding;
    }
    memcpy(x, b, sizeof b);
    EXPECT_OK(lupine_zsolve(numeric, op, NRHS, (double*)x, LD, workspace, size));
    for (r = 0; r < NRHS; ++r) {
      CHECK(relative_residual(a, x + r * LD, b + r * LD, op) < 1e-14);
      CHECK(relative_difference(x + r * LD, x_known + r * LD) < 1e-13);
      CHECK(x[N + r * LD] == padding); /* ld counts complex entries: the padding is kept */
    }
    /* the smallest workspace, one right-hand side at a time: the same answer to rounding (the
       supernodal path solves a block of right-hand sides by ZTRSM and one by ZTRSV, whose
       summation orders differ: 1.0e-15 apart with OpenBLAS's Zen kernels) */
    memcpy(y, b, sizeof b);
    EXPECT_OK(lupine_zsolve(numeric, op, NRHS, (double*)y, LD, workspace, size_one));
    for (r = 0; r < NRHS; ++r) CHECK(relative_difference(y + r * LD, x + r * LD) < 1e-14);
    /* a size counted in complex entries instead of doubles is too small */
    EXPECT_STATUS(lupine_zsolve(numeric, op, NRHS, (double*)y, LD, workspace, size_one / 2),
                  LUPINE_ERROR_WORKSPACE_TOO_SMALL);
    /* refined, into another array and in place (X = B) */
    EXPECT_OK(lupine_zsolve_refined(numeric, op, NRHS, (const double*)b, (double*)x, LD, 2,
                                    &backward_error, workspace, size));
    CHECK(backward_error >= 0 && backward_error < 1e-14);
    for (r = 0; r < NRHS; ++r) {
      CHECK(relative_residual(a, x + r * LD, b + r * LD, op) < 1e-14);
      CHECK(relative_difference(x + r * LD, x_known + r * LD) < 1e-13);
    }
    memcpy(y, b, sizeof b);
    EXPECT_OK(lupine_zsolve_refined(numeric, op, NRHS, (const double*)y, (double*)y, LD, 2, NULL,
                                    workspace, size));
    for (r = 0; r < NRHS; ++r) CHECK(relative_residual(a, y + r * LD, b + r * LD, op) < 1e-14);
    EXPECT_OK(lupine_zsolve_refined(numeric, op, 1, (const double*)b, (double*)x, LD, 0,
                                    &backward_error, workspace, size));
    CHECK(isnan(backward_error));
    EXPECT_OK(lupine_zsolve(numeric, op, 0, NULL, LD, workspace, size));
    EXPECT_OK(
        lupine_zsolve_refined(numeric, op, 0, NULL, NULL, LD, 1, &backward_error, workspace, size));
    CHECK(backward_error == 0);
  }
  /* A^T and A^H differ for this A, and A^H x = b is A^T conj(x) = conj(b) */
  {
    double complex t[N], h[N];
    for (i = 0; i < N; ++i) t[i] = conj(h[i] = known(i, 1));
    EXPECT_OK(
        lupine_zsolve(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (double*)h, N, workspace, size));
    EXPECT_OK(lupine_zsolve(numeric, LUPINE_TRANSPOSE, 1, (double*)t, N, workspace, size));
    for (i = 0; i < N; ++i) t[i] = conj(t[i]);
    CHECK(relative_difference(h, t) < 1e-14);
    for (i = 0; i < N; ++i) t[i] = known(i, 1);
    EXPECT_OK(lupine_zsolve(numeric, LUPINE_TRANSPOSE, 1, (double*)t, N, workspace, size));
    CHECK(relative_difference(h, t) > 1e-3);
  }
  /* the determinant against the dense reference, in both forms */
  {
    const double complex reference = dense_determinant(a);
    double complex sign = 0, mantissa = 0;
    double log_abs = 0;
    int64_t exponent = 0;
    EXPECT_OK(lupine_zdeterminant(numeric, (double*)&sign, &log_abs));
    CHECK(fabs(cabs(sign) - 1) < 1e-15);
    CHECK(cabs(sign - reference / cabs(reference)) < 1e-13);
    CHECK(fabs(log_abs - log(cabs(reference))) < 1e-13);
    EXPECT_OK(lupine_zdeterminant_base2(numeric, (double*)&mantissa, &exponent));
    CHECK(cabs(mantissa) >= 0.5 * (1 - 1e-15) && cabs(mantissa) < 1 + 1e-15);
    CHECK(cabs(ldexp(creal(mantissa), (int)exponent) + ldexp(cimag(mantissa), (int)exponent) * I -
               reference) < 1e-13 * cabs(reference));
  }
  /* the condition estimate against the dense reference; none in the statistics by default */
  {
    double condition = -1;
    lupine_stats stats;
    EXPECT_OK(lupine_zcondition_estimate(numeric, &condition));
    CHECK(close_condition(condition, dense_condition(a)));
    EXPECT_OK(lupine_znumeric_stats(numeric, &stats));
    CHECK(stats.condition_estimate == 0);
    CHECK(stats.n == N && stats.nnz == nnz && stats.structural_rank == N);
    CHECK(stats.factor_count == 1 && stats.refactor_count == 0);
    CHECK(stats.lu_nnz >= nnz && stats.pivot_growth >= 1 && stats.threads >= 1);
  }
  /* refactor with nearby values keeps the pivots; the solution follows the new values */
  {
    double complex changed[NNZ];
    lupine_stats stats;
    for (i = 0; i < nnz; ++i) changed[i] = values[i] * (1 + 0.01 * (i % 3) - 0.02 * (i % 2) * I);
    EXPECT_OK(lupine_zrefactor(numeric, (const double*)changed, &reused));
    CHECK(reused == 1);
    EXPECT_OK(lupine_zrefactor(numeric, (const double*)changed, NULL));
    to_dense(changed, a);
    for (i = 0; i < N; ++i) b[i] = x[i] = known(i, 2);
    EXPECT_OK(
        lupine_zsolve(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (double*)x, N, workspace, size));
    CHECK(relative_residual(a, x, b, LUPINE_CONJUGATE_TRANSPOSE) < 1e-14);
    EXPECT_OK(lupine_znumeric_factor(numeric, (const double*)values));
    to_dense(values, a);
    for (i = 0; i < N; ++i) x[i] = b[i];
    EXPECT_OK(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size));
    CHECK(relative_residual(a, x, b, LUPINE_NO_TRANSPOSE) < 1e-14);
    EXPECT_OK(lupine_znumeric_stats(numeric, &stats));
    CHECK(stats.factor_count == 2 && stats.refactor_count == 2);
    CHECK(stats.smallest_pivot_ratio > 0 && stats.smallest_pivot_ratio <= 1);
  }
  free(workspace);
  EXPECT_OK(lupine_znumeric_destroy(numeric));
}

/* Determinants worked by hand, in the caller's base:
 *   [ 1+i   2  ]                 det = (1+i)(4-i) - 6 = -1 + 3i,
 *   [  3   4-i ]                 |det| = sqrt(10) = 0.79.. * 2^2: mantissa (-1+3i)/4, exponent 2;
 *   [  0   i  0 ]
 *   [  0   0  2 ]                a cyclic permutation (even) of i, 2, 1+i:
 *   [ 1+i  0  0 ]                det = 2i(1+i) = -2 + 2i = ((-1+i)/2) * 2^2.                 */
static void test_determinant_by_hand(int base) {
  static const int32_t two_cp[3] = {0, 2, 4}, two_rows[4] = {0, 1, 0, 1};
  static const int32_t three_cp[4] = {0, 1, 2, 3}, three_rows[3] = {2, 0, 1};
  const double complex two_values[4] = {1 + I, 3, 2, 4 - I};
  const double complex three_values[3] = {1 + I, I, 2};
  const double complex determinants[2] = {-1 + 3 * I, -2 + 2 * I};
  const double complex mantissas[2] = {(-1 + 3 * I) / 4, (-1 + I) / 2};
  int example;
  for (example = 0; example < 2; ++example) {
    const int n = example == 0 ? 2 : 3;
    const int32_t* cp0 = example == 0 ? two_cp : three_cp;
    const int32_t* rows0 = example == 0 ? two_rows : three_rows;
    const double complex* v = example == 0 ? two_values : three_values;
    int32_t cp[4], ri[4];
    lupine_symbolic* symbolic = NULL;
    lupine_znumeric* numeric = NULL;
    double complex sign = 0, mantissa = 0;
    double log_abs = 0;
    int64_t exponent = 0;
    int k;
    for (k = 0; k <= n; ++k) cp[k] = cp0[k] + base;
    for (k = 0; k < cp0[n]; ++k) ri[k] = rows0[k] + base;
    EXPECT_OK(lupine_analyze(NULL, n, cp, ri, base, &symbolic));
    EXPECT_OK(lupine_zfactor(symbolic, (const double*)v, &numeric));
    if (!numeric) continue;
    EXPECT_OK(lupine_zdeterminant(numeric, (double*)&sign, &log_abs));
    CHECK(cabs(sign - determinants[example] / cabs(determinants[example])) < 4e-16);
    CHECK(fabs(log_abs - log(cabs(determinants[example]))) < 4e-16);
    EXPECT_OK(lupine_zdeterminant_base2(numeric, (double*)&mantissa, &exponent));
    CHECK(cabs(mantissa - mantissas[example]) < 4e-16 && exponent == 2);
    EXPECT_OK(lupine_znumeric_destroy(numeric));
    EXPECT_OK(lupine_symbolic_destroy(symbolic));
  }
}

/* A 0 x 0 matrix: nothing to factor, det = 1 = (0.5 + 0i) * 2^1, solves with no workspace. */
static void test_empty(void) {
  const int32_t cp[1] = {1};
  lupine_symbolic* symbolic = NULL;
  lupine_znumeric* numeric = NULL;
  double mantissa[2] = {0, 0}, sign[2] = {0, 0}, log_abs = -1, b[2] = {0, 0};
  int64_t exponent = 0;
  size_t size = 99;
  EXPECT_OK(lupine_analyze(NULL, 0, cp, NULL, 1, &symbolic));
  EXPECT_OK(lupine_zfactor(symbolic, NULL, &numeric));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
  if (!numeric) return;
  EXPECT_OK(lupine_zdeterminant_base2(numeric, mantissa, &exponent));
  CHECK(mantissa[0] == 0.5 && mantissa[1] == 0 && exponent == 1);
  EXPECT_OK(lupine_zdeterminant(numeric, sign, &log_abs));
  CHECK(sign[0] == 1 && sign[1] == 0 && log_abs == 0);
  EXPECT_OK(lupine_zsolve_workspace_size(numeric, 1, &size));
  EXPECT_OK(lupine_zsolve(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, b, 1, NULL, size));
  EXPECT_OK(lupine_zrefactor(numeric, NULL, NULL));
  EXPECT_OK(lupine_znumeric_destroy(numeric));
}

/* Every error return of the complex factor, refactor, solve and queries, with indices in the
 * caller's numbering; after each failure the handle is unchanged (argument errors) or
 * reports that it has no factorization until the next good one. */
static void test_errors(int base) {
  lupine_symbolic* symbolic;
  lupine_znumeric* numeric = (lupine_znumeric*)&failures; /* must be reset to NULL */
  lupine_error_info info;
  double complex bad[NNZ], x[N], b[N], a[N][N];
  double* workspace;
  size_t size = 0;
  double sign[2], log_abs, mantissa[2], condition = -1;
  int64_t exponent;
  int i, reused = -1;
  lupine_stats stats;
  fprintf(stderr, "complex errors: base %d\n", base);
  symbolic = analyze(NULL, base, 0);
  if (!symbolic) return;

  EXPECT_STATUS(lupine_zfactor(symbolic, (const double*)values, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zfactor(NULL, (const double*)values, &numeric), LUPINE_ERROR_NULL_ARGUMENT);
  CHECK(numeric == NULL);
  EXPECT_STATUS(lupine_zfactor(symbolic, NULL, &numeric), LUPINE_ERROR_NULL_ARGUMENT);
  /* NaN and Inf in either part of a value, named in the caller's numbering: entry 7 is
   * (row 3, column 2) and entry 12 (row 3, column 4), 0-based */
  memcpy(bad, values, sizeof bad);
  bad[7] = NAN + 1.0 * I;
  EXPECT_STATUS(lupine_zfactor(symbolic, (const double*)bad, &numeric), LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == 3 + base && info.column == 2 + base);
  CHECK(numeric == NULL);
  memcpy(bad, values, sizeof bad);
  ((double*)bad)[2 * 12 + 1] = INFINITY; /* the imaginary part of entry 12 */
  EXPECT_STATUS(lupine_zfactor(symbolic, (const double*)bad, &numeric), LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == 3 + base && info.column == 4 + base);
  /* numerically singular: column 2 all zero, both parts; the column is named */
  memcpy(bad, values, sizeof bad);
  for (i = col_ptr[2]; i < col_ptr[3]; ++i) bad[i] = 0;
  EXPECT_STATUS(lupine_zfactor(symbolic, (const double*)bad, &numeric),
                LUPINE_ERROR_NUMERICALLY_SINGULAR);
  lupine_last_error(&info);
  CHECK(info.column == 2 + base);
  CHECK(numeric == NULL);
  /* a purely imaginary column is not singular: pivots are chosen by modulus */
  memcpy(bad, values, sizeof bad);
  for (i = col_ptr[2]; i < col_ptr[3]; ++i) bad[i] = cimag(values[i]) * I;
  EXPECT_OK(lupine_zfactor(symbolic, (const double*)bad, &numeric));
  EXPECT_OK(lupine_znumeric_destroy(numeric));
  numeric = NULL;
  /* a memory limit that the real factorization meets and the complex one (twice the bytes)
   * does not */
  {
    lupine_options* options = NULL;
    lupine_symbolic* limited = NULL;
    lupine_numeric* real = NULL;
    lupine_stats predicted;
    EXPECT_OK(lupine_symbolic_stats(symbolic, &predicted));
    EXPECT_OK(lupine_options_create(&options));
    EXPECT_OK(lupine_options_set(
        options, LUPINE_OPTION_MEMORY_LIMIT,
        (double)(predicted.predicted_factor_bytes + predicted.predicted_working_bytes)));
    limited = analyze(options, base, 0); /* as `symbolic`, whose prediction sets the limit */
    EXPECT_OK(lupine_factor(limited, real_values, &real));
    EXPECT_STATUS(lupine_zfactor(limited, (const double*)values, &numeric),
                  LUPINE_ERROR_MEMORY_LIMIT);
    CHECK(numeric == NULL && strstr(lupine_last_error_message(), "limit") != NULL);
    lupine_numeric_destroy(real);
    lupine_symbolic_destroy(limited);
    lupine_options_destroy(options);
  }

  EXPECT_OK(lupine_zfactor(symbolic, (const double*)values, &numeric));
  if (!numeric) return;
  to_dense(values, a);
  EXPECT_OK(lupine_zsolve_workspace_size(numeric, 1, &size));
  workspace = (double*)malloc(size * sizeof(double));
  for (i = 0; i < N; ++i) b[i] = x[i] = known(i, 0);

  /* workspace size and solve argument errors */
  EXPECT_STATUS(lupine_zsolve_workspace_size(NULL, 1, &size), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_workspace_size(numeric, 1, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_workspace_size(numeric, 0, &size), LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_workspace_size(numeric, (int64_t)1 << 31, &size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve(NULL, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, NULL, N, workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(
      lupine_zsolve(numeric, LUPINE_CONJUGATE_TRANSPOSE + 1, 1, (double*)x, N, workspace, size),
      LUPINE_ERROR_INVALID_ARGUMENT);
  CHECK(strstr(lupine_last_error_message(), "LUPINE_CONJUGATE_TRANSPOSE") != NULL);
  EXPECT_STATUS(lupine_zsolve(numeric, -1, 1, (double*)x, N, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, -1, (double*)x, N, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N - 1, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size - 1),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  CHECK(strstr(lupine_last_error_message(), "lupine_zsolve_workspace_size") != NULL);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size / 2),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, NULL, size),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  EXPECT_STATUS(lupine_zsolve_refined(NULL, LUPINE_NO_TRANSPOSE, 1, (const double*)b, (double*)x, N,
                                      1, NULL, workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, NULL, (double*)x, N, 1, NULL,
                                      workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, (const double*)b, NULL, N, 1,
                                      NULL, workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, (const double*)b, (double*)x,
                                      N, -1, NULL, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_TRANSPOSE, 1, (const double*)b, (double*)x, 0,
                                      1, NULL, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (const double*)b,
                                      (double*)x, N, 1, NULL, workspace, 0),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, 3, 1, (const double*)b, (double*)x, N, 1, NULL,
                                      workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  /* the handle still solves after all those */
  for (i = 0; i < N; ++i) x[i] = b[i];
  EXPECT_OK(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size));
  CHECK(relative_residual(a, x, b, LUPINE_NO_TRANSPOSE) < 1e-14);

  /* refactor errors: refused before anything changes */
  EXPECT_STATUS(lupine_zrefactor(NULL, (const double*)values, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zrefactor(numeric, NULL, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  memcpy(bad, values, sizeof bad);
  ((double*)bad)[1] = NAN; /* the imaginary part of entry 0, (0, 0) */
  EXPECT_STATUS(lupine_zrefactor(numeric, (const double*)bad, &reused), LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == base && info.column == base);
  /* NaN in either part of a right-hand side is refused with its row; the factorization stays */
  for (i = 0; i < N; ++i) x[i] = b[i];
  ((double*)x)[2 * 3] = NAN; /* the real part of row 3 */
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size),
                LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == 3 + base && info.column == -1);
  for (i = 0; i < N; ++i) x[i] = b[i];
  ((double*)x)[2 * 1 + 1] = -INFINITY; /* the imaginary part of row 1 */
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (const double*)x,
                                      (double*)b, N, 1, NULL, workspace, size),
                LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == 1 + base);
  /* in place, a NaN in the second right-hand side is refused before the first is overwritten */
  {
    double complex two[2 * N];
    for (i = 0; i < N; ++i) two[i] = two[N + i] = known(i, 0);
    ((double*)two)[2 * (N + 4) + 1] = NAN; /* the imaginary part of row 4 */
    EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_TRANSPOSE, 2, (const double*)two,
                                        (double*)two, N, 1, NULL, workspace, size),
                  LUPINE_ERROR_NON_FINITE);
    lupine_last_error(&info);
    CHECK(info.row == 4 + base && strstr(info.message, "right-hand side 1") != NULL);
    for (i = 0; i < N; ++i) CHECK(two[i] == known(i, 0));
  }
  for (i = 0; i < N; ++i) b[i] = x[i] = known(i, 0);
  EXPECT_OK(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size));
  CHECK(relative_residual(a, x, b, LUPINE_NO_TRANSPOSE) < 1e-14);

  /* singular values: the handle has no factorization until the next good one */
  memcpy(bad, values, sizeof bad);
  for (i = col_ptr[2]; i < col_ptr[3]; ++i) bad[i] = 0;
  EXPECT_STATUS(lupine_zrefactor(numeric, (const double*)bad, &reused),
                LUPINE_ERROR_NUMERICALLY_SINGULAR);
  lupine_last_error(&info);
  CHECK(info.column == 2 + base);
  EXPECT_STATUS(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size),
                LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_zsolve_refined(numeric, LUPINE_TRANSPOSE, 1, (const double*)b, (double*)x, N,
                                      1, NULL, workspace, size),
                LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_zdeterminant(numeric, sign, &log_abs), LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_zdeterminant_base2(numeric, mantissa, &exponent), LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_zcondition_estimate(numeric, &condition), LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_znumeric_factor(numeric, (const double*)bad),
                LUPINE_ERROR_NUMERICALLY_SINGULAR);
  EXPECT_STATUS(lupine_znumeric_factor(numeric, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_znumeric_factor(NULL, (const double*)values), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_znumeric_factor(numeric, (const double*)values));
  for (i = 0; i < N; ++i) x[i] = b[i];
  EXPECT_OK(lupine_zsolve(numeric, LUPINE_NO_TRANSPOSE, 1, (double*)x, N, workspace, size));
  CHECK(relative_residual(a, x, b, LUPINE_NO_TRANSPOSE) < 1e-14);

  EXPECT_STATUS(lupine_zdeterminant(NULL, sign, &log_abs), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zdeterminant(numeric, NULL, &log_abs), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zdeterminant(numeric, sign, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zdeterminant_base2(NULL, mantissa, &exponent), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zdeterminant_base2(numeric, NULL, &exponent), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zdeterminant_base2(numeric, mantissa, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_znumeric_stats(NULL, &stats), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_znumeric_stats(numeric, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zcondition_estimate(NULL, &condition), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zcondition_estimate(numeric, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_zcondition_estimate(numeric, &condition));
  CHECK(close_condition(condition, dense_condition(a)));
  EXPECT_OK(lupine_znumeric_stats(numeric, &stats));
  /* every pivoting factorization counts, failed ones too: the first, the singular refactor's
   * fallback, the singular lupine_znumeric_factor, the last */
  CHECK(stats.factor_count == 4 && stats.refactor_count == 1 && stats.refactor_fallbacks == 1);

  free(workspace);
  EXPECT_OK(lupine_znumeric_destroy(numeric));
  EXPECT_OK(lupine_znumeric_destroy(NULL));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
}

/* lupine_zrefactor_with: a forced re-pivot, a real diagonal shift (Gmin) checked against the
 * shifted dense matrix, per-call thresholds, and its errors, after which the handle still
 * solves with its previous factorization. */
static void test_refactor_options(int base) {
  lupine_symbolic* symbolic;
  lupine_znumeric* numeric = NULL;
  lupine_refactor_options call;
  lupine_error_info info;
  double complex a[N][N], b[N], x[N];
  double* workspace;
  size_t size = 0;
  int i, reused = -1;
  /* the diagonal of row 2 is not in the pattern */
  int64_t shifted[4] = {0, 1, 3, 4};
  int64_t bad_rows[2] = {0, 2};
  for (i = 0; i < 4; ++i) shifted[i] += base;
  for (i = 0; i < 2; ++i) bad_rows[i] += base;
  symbolic = analyze(NULL, base, 0);
  EXPECT_OK(lupine_zfactor(symbolic, (const double*)values, &numeric));
  if (!numeric) return;
  EXPECT_OK(lupine_zsolve_workspace_size(numeric, 1, &size));
  workspace = (double*)malloc(size * sizeof(double));

  EXPECT_OK(lupine_refactor_options_init(&call));
  EXPECT_OK(lupine_zrefactor_with(numeric, (const double*)values, NULL, &reused));
  CHECK(reused == 1);
  call.force_repivot = 1;
  EXPECT_OK(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused));
  CHECK(reused == 0);
  call.force_repivot = 0;
  call.refactor_threshold = 0;
  call.pivot_threshold = 1;
  EXPECT_OK(lupine_zrefactor_with(numeric, (const double*)values, &call, NULL));

  /* Gmin 0.5 on the rows that have a diagonal entry: added to the real part */
  call.shifted_rows = shifted;
  call.shifted_row_count = 4;
  call.diagonal_shift = 0.5;
  EXPECT_OK(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused));
  to_dense(values, a);
  for (i = 0; i < 4; ++i) a[shifted[i] - base][shifted[i] - base] += 0.5;
  for (i = 0; i < N; ++i) b[i] = x[i] = known(i, 1);
  EXPECT_OK(lupine_zsolve(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (double*)x, N, workspace, size));
  CHECK(relative_residual(a, x, b, LUPINE_CONJUGATE_TRANSPOSE) < 1e-14);
  {
    double complex sign = 0;
    double log_abs = 0;
    const double complex reference = dense_determinant(a);
    EXPECT_OK(lupine_zdeterminant(numeric, (double*)&sign, &log_abs));
    CHECK(cabs(sign - reference / cabs(reference)) < 1e-13);
    CHECK(fabs(log_abs - log(cabs(reference))) < 1e-13);
  }

  /* errors: nothing changes, the shifted factorization still solves */
  call.shifted_rows = bad_rows;
  call.shifted_row_count = 2;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_NOT_IN_PATTERN);
  lupine_last_error(&info);
  CHECK(info.row == 2 + base && info.column == 2 + base);
  CHECK(strstr(info.message, "lupine_zrefactor_with") != NULL);
  bad_rows[1] = N + base;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_NOT_IN_PATTERN);
  call.shifted_row_count = -1;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  call.shifted_rows = NULL;
  call.shifted_row_count = 1;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_refactor_options_init(&call));
  call.refactor_threshold = 2;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  call.refactor_threshold = -1;
  call.pivot_threshold = NAN;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  call.pivot_threshold = -1;
  call.diagonal_shift = INFINITY;
  call.shifted_rows = shifted;
  EXPECT_STATUS(lupine_zrefactor_with(numeric, (const double*)values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_zrefactor_with(NULL, (const double*)values, &call, &reused),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_zrefactor_with(numeric, NULL, &call, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  for (i = 0; i < N; ++i) x[i] = b[i];
  EXPECT_OK(lupine_zsolve(numeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (double*)x, N, workspace, size));
  CHECK(relative_residual(a, x, b, LUPINE_CONJUGATE_TRANSPOSE) < 1e-14);

  free(workspace);
  EXPECT_OK(lupine_znumeric_destroy(numeric));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
}

/* LUPINE_OPTION_ESTIMATE_CONDITION: a complex factor and refactor fill
 * lupine_stats.condition_estimate with what lupine_zcondition_estimate gives. */
static void test_condition_option(void) {
  lupine_options* options = NULL;
  lupine_symbolic* symbolic;
  lupine_znumeric* numeric = NULL;
  lupine_stats stats;
  double complex a[N][N], changed[NNZ];
  double condition = -1;
  int i, reused = -1;
  EXPECT_OK(lupine_options_create(&options));
  EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_ESTIMATE_CONDITION, 1));
  symbolic = analyze(options, 0, 0);
  EXPECT_OK(lupine_options_destroy(options));
  EXPECT_OK(lupine_zfactor(symbolic, (const double*)values, &numeric));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
  if (!numeric) return;
  to_dense(values, a);
  EXPECT_OK(lupine_znumeric_stats(numeric, &stats));
  EXPECT_OK(lupine_zcondition_estimate(numeric, &condition));
  CHECK(stats.condition_estimate == condition);
  CHECK(close_condition(stats.condition_estimate, dense_condition(a)));
  /* a badly scaled column raises the condition number; the refactor's estimate follows */
  for (i = 0; i < nnz; ++i) changed[i] = values[i];
  for (i = col_ptr[1]; i < col_ptr[2]; ++i) changed[i] *= 1e-6 * I;
  EXPECT_OK(lupine_zrefactor(numeric, (const double*)changed, &reused));
  to_dense(changed, a);
  EXPECT_OK(lupine_znumeric_stats(numeric, &stats));
  CHECK(stats.condition_estimate > 1e5);
  CHECK(close_condition(stats.condition_estimate, dense_condition(a)));
  EXPECT_OK(lupine_znumeric_destroy(numeric));
}

int main(void) {
  build_example();
  CHECK(position(2, 3) == 8 && position(3, 2) == 7 && position(3, 4) == 12 && position(2, 2) < 0);
  test_pipeline(0, 0, 1, LUPINE_PATH_AUTOMATIC);
  test_pipeline(1, 0, 1, LUPINE_PATH_DENSE);
  test_pipeline(0, 1, 2, LUPINE_PATH_SUPERNODAL);
  test_pipeline(1, 1, 2, LUPINE_PATH_COLUMN);
  test_determinant_by_hand(0);
  test_determinant_by_hand(1);
  test_empty();
  test_errors(0);
  test_errors(1);
  test_refactor_options(0);
  test_refactor_options(1);
  test_condition_option();
  fprintf(stderr, "%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
