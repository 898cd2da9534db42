/* The C API from C: every entry point, its results checked against independent dense
 * computations, and every error return it documents. Compiled as C99. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lupine/lupine.h"

/* The worked example, a 5 x 5 unsymmetric matrix with a zero diagonal entry (row 3 needs a
 * pivot from elsewhere), column by column, 0-based:
 *
 *   [ 4  1  0  0  2 ]
 *   [ 1  5  2  0  0 ]
 *   [ 0  2  0  3  0 ]
 *   [ 0  0  1  6  1 ]
 *   [ 3  0  0  1  7 ]                                                                   */
enum { N = 5, NNZ = 14 };

/* Its CSC arrays, built by build_example(). */
static int32_t col_ptr[N + 1];
static int32_t rows[NNZ];
static double values[NNZ];
static int nnz = 0;

static void build_example(void) {
  /* dense[i][j], the matrix above */
  static const double dense[N][N] = {
      {4, 1, 0, 0, 2}, {1, 5, 2, 0, 0}, {0, 2, 0, 3, 0}, {0, 0, 1, 6, 1}, {3, 0, 0, 1, 7}};
  int i, j;
  nnz = 0;
  for (j = 0; j < N; ++j) {
    col_ptr[j] = nnz;
    for (i = 0; i < N; ++i) {
      if (dense[i][j] != 0) {
        rows[nnz] = i;
        values[nnz] = dense[i][j];
        ++nnz;
      }
    }
  }
  col_ptr[N] = nnz;
}

/* The dense matrix of a CSC pattern and values (0-based). */
static void to_dense(const int32_t* cp, const int32_t* ri, const double* v, double a[N][N]) {
  int j, p;
  memset(a, 0, sizeof(double) * N * N);
  for (j = 0; j < N; ++j) {
    for (p = cp[j]; p < cp[j + 1]; ++p) a[ri[p]][j] = v[p];
  }
}

/* det by Gaussian elimination with partial pivoting on a copy: the reference. */
static double dense_determinant(double a[N][N]) {
  double m[N][N];
  double det = 1;
  int i, j, k;
  memcpy(m, a, sizeof m);
  for (k = 0; k < N; ++k) {
    int p = k;
    for (i = k + 1; i < N; ++i) {
      if (fabs(m[i][k]) > fabs(m[p][k])) p = i;
    }
    if (m[p][k] == 0) return 0;
    if (p != k) {
      for (j = 0; j < N; ++j) {
        const double t = m[k][j];
        m[k][j] = m[p][j];
        m[p][j] = t;
      }
      det = -det;
    }
    det *= m[k][k];
    for (i = k + 1; i < N; ++i) {
      const double f = m[i][k] / m[k][k];
      for (j = k; j < N; ++j) m[i][j] -= f * m[k][j];
    }
  }
  return det;
}

/* ||A||_1 ||A^-1||_1 with A^-1 by Gauss-Jordan elimination with partial pivoting: the
 * reference for lupine_condition_estimate. */
static double dense_condition(double a[N][N]) {
  double m[N][N], inverse[N][N], norm = 0, inverse_norm = 0;
  int i, j, k;
  memcpy(m, a, sizeof m);
  for (i = 0; i < N; ++i) {
    for (j = 0; j < N; ++j) inverse[i][j] = i == j ? 1 : 0;
  }
  for (k = 0; k < N; ++k) {
    int p = k;
    for (i = k + 1; i < N; ++i) {
      if (fabs(m[i][k]) > fabs(m[p][k])) p = i;
    }
    for (j = 0; j < N; ++j) {
      double t = m[k][j];
      m[k][j] = m[p][j];
      m[p][j] = t;
      t = inverse[k][j];
      inverse[k][j] = inverse[p][j];
      inverse[p][j] = t;
    }
    for (i = 0; i < N; ++i) {
      const double f = m[i][k] / m[k][k];
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
      column += fabs(a[i][j]);
      inverse_column += fabs(inverse[i][j] / m[i][i]);
    }
    if (column > norm) norm = column;
    if (inverse_column > inverse_norm) inverse_norm = inverse_column;
  }
  return norm * inverse_norm;
}

/* A condition estimate: a lower bound of the exact value (up to rounding), and not far below. */
static int close_condition(double estimate, double exact) {
  return estimate <= exact * (1 + 1e-8) && estimate >= exact / 10;
}

/* max_i |b - op(A) x|_i / max_i |b|_i for the dense A. */
static double relative_residual(double a[N][N], const double* x, const double* b, int transpose) {
  double worst = 0, scale = 0;
  int i, j;
  for (i = 0; i < N; ++i) {
    double r = b[i];
    for (j = 0; j < N; ++j) r -= (transpose ? a[j][i] : a[i][j]) * x[j];
    if (fabs(r) > worst) worst = fabs(r);
    if (fabs(b[i]) > scale) scale = fabs(b[i]);
  }
  return worst / scale;
}

static void test_version_and_status_names(void) {
  int major = -1, minor = -1, patch = -1;
  char expected[64];
  EXPECT_OK(lupine_version(&major, &minor, &patch));
  CHECK(major == LUPINE_VERSION_MAJOR && minor == LUPINE_VERSION_MINOR &&
        patch == LUPINE_VERSION_PATCH);
  EXPECT_OK(lupine_version(NULL, NULL, NULL));
  snprintf(expected, sizeof expected, "%d.%d.%d", major, minor, patch);
  CHECK(strcmp(lupine_version_string(), expected) == 0);
  CHECK(strcmp(lupine_version_string(), LUPINE_VERSION_STRING) == 0);
  {
    int s, t;
    for (s = LUPINE_OK; s <= LUPINE_ERROR_MEMORY_LIMIT; ++s) {
      const char* name = lupine_status_string(s);
      CHECK(name != NULL && strncmp(name, "LUPINE_", 7) == 0);
      for (t = LUPINE_OK; t < s; ++t) CHECK(strcmp(name, lupine_status_string(t)) != 0);
    }
    CHECK(strcmp(lupine_status_string(999), "LUPINE_ERROR_UNKNOWN_STATUS") == 0);
  }
  EXPECT_STATUS(lupine_last_error(NULL), LUPINE_ERROR_NULL_ARGUMENT);
}

static void test_options(void) {
  lupine_options* options = NULL;
  double value = -1;
  int option;
  EXPECT_STATUS(lupine_options_create(NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_options_create(&options));
  CHECK(options != NULL);
  /* the C++ defaults */
  EXPECT_OK(lupine_options_get(options, LUPINE_OPTION_PIVOT_THRESHOLD, &value));
  CHECK(value == 0.1);
  EXPECT_OK(lupine_options_get(options, LUPINE_OPTION_BTF, &value));
  CHECK(value == 1);
  EXPECT_OK(lupine_options_get(options, LUPINE_OPTION_ESTIMATE_CONDITION, &value));
  CHECK(value == 0);
  EXPECT_OK(lupine_options_get(options, LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS, &value));
  CHECK(value == 1);
  EXPECT_OK(lupine_options_get(options, LUPINE_OPTION_SOLVE_FLUSH_TO_ZERO, &value));
  CHECK(value == 0);
  EXPECT_OK(lupine_options_get(options, LUPINE_OPTION_RESCALE_ON_REFACTOR, &value));
  CHECK(value == 0);
  /* every option takes a valid value and reads it back */
  {
    const double valid[] = {LUPINE_ORDERING_AMD,
                            LUPINE_SCALING_SUM,
                            LUPINE_PATH_COLUMN,
                            0,
                            0.5,
                            0.01,
                            1,
                            1e-8,
                            0,
                            2,
                            1e9,
                            1e3,
                            1,
                            0,
                            1,
                            1};
    for (option = LUPINE_OPTION_ORDERING; option <= LUPINE_OPTION_RESCALE_ON_REFACTOR; ++option) {
      EXPECT_OK(lupine_options_set(options, option, valid[option]));
      EXPECT_OK(lupine_options_get(options, option, &value));
      CHECK(value == valid[option]);
    }
  }
  /* and refuses an invalid one, keeping the old value */
  {
    const double invalid[] = {7, -1, 4.5, 2, 1.5, -0.1, 3, 0, 0.5, -1, -5, -2, 0.5, 2, 0.5, 0.5};
    for (option = LUPINE_OPTION_ORDERING; option <= LUPINE_OPTION_RESCALE_ON_REFACTOR; ++option) {
      double before = 0;
      EXPECT_OK(lupine_options_get(options, option, &before));
      EXPECT_STATUS(lupine_options_set(options, option, invalid[option]),
                    LUPINE_ERROR_INVALID_ARGUMENT);
      EXPECT_OK(lupine_options_get(options, option, &value));
      CHECK(value == before);
    }
    EXPECT_STATUS(lupine_options_set(options, LUPINE_OPTION_PIVOT_THRESHOLD, NAN),
                  LUPINE_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(lupine_options_set(options, LUPINE_OPTION_THREADS, INFINITY),
                  LUPINE_ERROR_INVALID_ARGUMENT);
  }
  EXPECT_STATUS(lupine_options_set(options, 99, 1), LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_options_get(options, 99, &value), LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_options_set(NULL, LUPINE_OPTION_THREADS, 1), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_options_get(NULL, LUPINE_OPTION_THREADS, &value),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_options_get(options, LUPINE_OPTION_THREADS, NULL),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_options_destroy(options));
  EXPECT_OK(lupine_options_destroy(NULL));
}

/* Factor, solve (A and A^T, one and several right-hand sides), refactor, determinant and
 * statistics of the example, in the given index base, with 32- or 64-bit indices. */
static void test_pipeline(int base, int wide, int threads) {
  lupine_options* options = NULL;
  lupine_symbolic* symbolic = NULL;
  lupine_numeric* numeric = NULL;
  int32_t cp[N + 1], ri[NNZ];
  int64_t cp64[N + 1], ri64[NNZ];
  double a[N][N], b[3 * N], x[3 * N], work_b[3 * N];
  double* workspace;
  size_t size = 0, size_one = 0;
  int i, j, reused = -1, transpose;
  fprintf(stderr, "pipeline: base %d, %s indices, %d threads\n", base, wide ? "64-bit" : "32-bit",
          threads);
  for (j = 0; j <= N; ++j) cp64[j] = cp[j] = col_ptr[j] + base;
  for (j = 0; j < nnz; ++j) ri64[j] = ri[j] = rows[j] + base;
  EXPECT_OK(lupine_options_create(&options));
  EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_THREADS, threads));
  if (wide) {
    EXPECT_OK(lupine_analyze_i64(options, N, cp64, ri64, base, &symbolic));
  } else {
    EXPECT_OK(lupine_analyze(options, N, cp, ri, base, &symbolic));
  }
  EXPECT_OK(lupine_options_destroy(options)); /* the analysis copied them */
  CHECK(symbolic != NULL);
  if (!symbolic) return;
  {
    int64_t n = 0, count = 0;
    lupine_stats stats;
    EXPECT_OK(lupine_symbolic_size(symbolic, &n, &count));
    CHECK(n == N && count == nnz);
    EXPECT_OK(lupine_symbolic_size(symbolic, NULL, NULL));
    EXPECT_OK(lupine_symbolic_stats(symbolic, &stats));
    CHECK(stats.n == N && stats.nnz == nnz && stats.structural_rank == N);
    CHECK(stats.predicted_lu_nnz >= nnz && stats.lu_nnz == 0);
  }
  /* slots: every entry of the pattern finds its own position */
  {
    int64_t r[NNZ], c[NNZ], slots[NNZ], slot = -1;
    for (j = 0; j < N; ++j) {
      for (i = col_ptr[j]; i < col_ptr[j + 1]; ++i) {
        r[i] = rows[i] + base;
        c[i] = j + base;
      }
    }
    EXPECT_OK(lupine_symbolic_slots(symbolic, nnz, r, c, slots));
    for (i = 0; i < nnz; ++i) CHECK(slots[i] == i);
    EXPECT_OK(lupine_symbolic_slot(symbolic, 2 + base, 3 + base, &slot));
    CHECK(slot == 8); /* column 3 holds rows 2, 3, 4 from position 8 */
  }
  EXPECT_OK(lupine_factor(symbolic, values, &numeric));
  CHECK(numeric != NULL);
  EXPECT_OK(lupine_symbolic_destroy(symbolic)); /* the numeric handle keeps the analysis */
  if (!numeric) return;
  to_dense(col_ptr, rows, values, a);

  EXPECT_OK(lupine_solve_workspace_size(numeric, 3, &size));
  EXPECT_OK(lupine_solve_workspace_size(numeric, 1, &size_one));
  CHECK(size >= size_one && size_one >= N);
  workspace = (double*)malloc(size * sizeof(double));
  for (transpose = 0; transpose <= 1; ++transpose) {
    const lupine_transpose op = transpose ? LUPINE_TRANSPOSE : LUPINE_NO_TRANSPOSE;
    double backward_error = -1;
    for (i = 0; i < 3 * N; ++i) b[i] = x[i] = 1.0 + i % 7 - 0.25 * (i / N);
    EXPECT_OK(lupine_solve(numeric, op, 3, x, N, workspace, size));
    for (j = 0; j < 3; ++j) CHECK(relative_residual(a, x + j * N, b + j * N, transpose) < 1e-14);
    /* with the smallest workspace, one right-hand side at a time: the same answer */
    memcpy(work_b, b, sizeof b);
    EXPECT_OK(lupine_solve(numeric, op, 3, work_b, N, workspace, size_one));
    for (i = 0; i < 3 * N; ++i) CHECK(fabs(work_b[i] - x[i]) <= 1e-14 * fabs(x[i]) + 1e-300);
    EXPECT_OK(lupine_solve_refined(numeric, op, 3, b, x, N, 2, &backward_error, workspace, size));
    CHECK(backward_error >= 0 && backward_error < 1e-14);
    for (j = 0; j < 3; ++j) CHECK(relative_residual(a, x + j * N, b + j * N, transpose) < 1e-14);
    /* in place (X = B) with refinement: the same solutions */
    memcpy(work_b, b, sizeof b);
    EXPECT_OK(lupine_solve_refined(numeric, op, 3, work_b, work_b, N, 2, &backward_error, workspace,
                                   size));
    CHECK(backward_error >= 0 && backward_error < 1e-14);
    for (i = 0; i < 3 * N; ++i) CHECK(fabs(work_b[i] - x[i]) <= 1e-14 * fabs(x[i]) + 1e-300);
    EXPECT_OK(lupine_solve_refined(numeric, op, 1, b, x, N, 0, &backward_error, workspace, size));
    CHECK(isnan(backward_error));
    EXPECT_OK(lupine_solve(numeric, op, 0, NULL, N, workspace, size));
  }
  /* A^H is A^T for a real matrix: LUPINE_CONJUGATE_TRANSPOSE gives the same bits */
  {
    double xt[3 * N], backward_error = -1, backward_error_t = -1;
    for (i = 0; i < 3 * N; ++i) b[i] = x[i] = xt[i] = 0.5 * i - 2.0;
    EXPECT_OK(lupine_solve(numeric, LUPINE_CONJUGATE_TRANSPOSE, 3, x, N, workspace, size));
    EXPECT_OK(lupine_solve(numeric, LUPINE_TRANSPOSE, 3, xt, N, workspace, size));
    CHECK(memcmp(x, xt, sizeof x) == 0);
    for (j = 0; j < 3; ++j) CHECK(relative_residual(a, x + j * N, b + j * N, 1) < 1e-14);
    EXPECT_OK(lupine_solve_refined(numeric, LUPINE_CONJUGATE_TRANSPOSE, 3, b, x, N, 2,
                                   &backward_error, workspace, size));
    EXPECT_OK(lupine_solve_refined(numeric, LUPINE_TRANSPOSE, 3, b, xt, N, 2, &backward_error_t,
                                   workspace, size));
    CHECK(memcmp(x, xt, sizeof x) == 0 && backward_error == backward_error_t);
  }
  /* determinant against the dense reference, in both forms */
  {
    const double reference = dense_determinant(a);
    double sign = 0, log_abs = 0, mantissa = 0;
    int64_t exponent = 0;
    EXPECT_OK(lupine_determinant(numeric, &sign, &log_abs));
    CHECK(sign == (reference > 0 ? 1 : -1));
    CHECK(fabs(log_abs - log(fabs(reference))) < 1e-12);
    EXPECT_OK(lupine_determinant_base2(numeric, &mantissa, &exponent));
    CHECK(fabs(mantissa) >= 0.5 && fabs(mantissa) < 1);
    CHECK(fabs(ldexp(mantissa, (int)exponent) - reference) < 1e-12 * fabs(reference));
  }
  /* the condition estimate against the dense reference; Stats has none with the option off */
  {
    double condition = -1;
    lupine_stats stats;
    EXPECT_OK(lupine_condition_estimate(numeric, &condition));
    CHECK(close_condition(condition, dense_condition(a)));
    EXPECT_OK(lupine_numeric_stats(numeric, &stats));
    CHECK(stats.condition_estimate == 0);
  }
  /* refactor with nearby values keeps the pivots; the solution follows the new values */
  {
    double changed[NNZ];
    lupine_stats stats;
    for (i = 0; i < nnz; ++i) changed[i] = values[i] * (1 + 0.01 * (i % 3));
    EXPECT_OK(lupine_refactor(numeric, changed, &reused));
    CHECK(reused == 1);
    EXPECT_OK(lupine_refactor(numeric, changed, NULL));
    to_dense(col_ptr, rows, changed, a);
    for (i = 0; i < N; ++i) b[i] = x[i] = i + 1;
    EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
    CHECK(relative_residual(a, x, b, 0) < 1e-14);
    EXPECT_OK(lupine_numeric_factor(numeric, values));
    to_dense(col_ptr, rows, values, a);
    for (i = 0; i < N; ++i) x[i] = b[i];
    EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
    CHECK(relative_residual(a, x, b, 0) < 1e-14);
    EXPECT_OK(lupine_numeric_stats(numeric, &stats));
    CHECK(stats.n == N && stats.factor_count == 2 && stats.refactor_count == 2);
    CHECK(stats.lu_nnz >= nnz && stats.pivot_growth >= 1 && stats.threads >= 1);
    CHECK(stats.smallest_pivot_ratio > 0 && stats.smallest_pivot_ratio <= 1);
  }
  free(workspace);
  EXPECT_OK(lupine_numeric_destroy(numeric));
}

/* Every error return of the analysis, with indices in the caller's numbering. */
static void test_analysis_errors(void) {
  lupine_symbolic* symbolic = (lupine_symbolic*)&failures; /* must be reset to NULL */
  lupine_error_info info;
  int32_t cp[N + 1], ri[NNZ];
  int j;
  for (j = 0; j <= N; ++j) cp[j] = col_ptr[j] + 1;
  for (j = 0; j < nnz; ++j) ri[j] = rows[j] + 1;

  EXPECT_STATUS(lupine_analyze(NULL, N, col_ptr, rows, 0, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_analyze(NULL, N, NULL, rows, 0, &symbolic), LUPINE_ERROR_NULL_ARGUMENT);
  CHECK(symbolic == NULL);
  EXPECT_STATUS(lupine_analyze(NULL, N, col_ptr, NULL, 0, &symbolic), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_analyze(NULL, N, col_ptr, rows, 2, &symbolic),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_analyze(NULL, -1, col_ptr, rows, 0, &symbolic),
                LUPINE_ERROR_INVALID_ARGUMENT);
  /* 1-based arrays declared 0-based: col_ptr[0] is not the base */
  EXPECT_STATUS(lupine_analyze(NULL, N, cp, ri, 0, &symbolic), LUPINE_ERROR_INVALID_MATRIX);
  /* a row index past n, reported 1-based */
  ri[4] = N + 1 + 1;
  EXPECT_STATUS(lupine_analyze(NULL, N, cp, ri, 1, &symbolic), LUPINE_ERROR_INVALID_MATRIX);
  lupine_last_error(&info);
  CHECK(info.row == N + 2 && info.column == 2);
  ri[4] = rows[4] + 1;
  /* decreasing column pointers */
  {
    int32_t bad[N + 1];
    memcpy(bad, cp, sizeof bad);
    bad[3] = bad[2] - 1;
    EXPECT_STATUS(lupine_analyze(NULL, N, bad, ri, 1, &symbolic), LUPINE_ERROR_INVALID_MATRIX);
    lupine_last_error(&info);
    CHECK(info.column == 3);
  }
  /* rows out of order in column 2 (1-based): the C++ validation, shifted to 1-based */
  {
    int32_t swapped[NNZ];
    memcpy(swapped, ri, sizeof swapped);
    swapped[3] = ri[4];
    swapped[4] = ri[3];
    EXPECT_STATUS(lupine_analyze(NULL, N, cp, swapped, 1, &symbolic), LUPINE_ERROR_INVALID_MATRIX);
    lupine_last_error(&info);
    CHECK(info.column == 2);
    CHECK(strstr(info.message, "1-based") != NULL);
  }
  /* structurally singular: column 2 (0-based) empty */
  {
    const int32_t empty_cp[4] = {0, 2, 4, 4};
    const int32_t empty_rows[4] = {0, 1, 0, 2};
    EXPECT_STATUS(lupine_analyze(NULL, 3, empty_cp, empty_rows, 0, &symbolic),
                  LUPINE_ERROR_STRUCTURALLY_SINGULAR);
    lupine_last_error(&info);
    CHECK(info.structural_rank == 2);
  }
  /* an order past 32-bit indices (refused before the arrays are read), null arguments */
  {
    const int32_t small_cp[2] = {0, 1};
    const int32_t one_row32[1] = {0};
    const int64_t wide_cp[2] = {0, 1};
    const int64_t one_row[1] = {0};
    EXPECT_STATUS(lupine_analyze(NULL, (int64_t)1 << 32, small_cp, one_row32, 0, &symbolic),
                  LUPINE_ERROR_SIZE_OVERFLOW);
    CHECK(strstr(lupine_last_error_message(), "lupine_analyze_i64") != NULL);
    EXPECT_STATUS(lupine_analyze_i64(NULL, 1, NULL, one_row, 0, &symbolic),
                  LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_analyze_i64(NULL, 1, wide_cp, one_row, 0, NULL),
                  LUPINE_ERROR_NULL_ARGUMENT);
  }
  CHECK(symbolic == NULL);
  EXPECT_OK(lupine_symbolic_destroy(NULL));
  EXPECT_STATUS(lupine_symbolic_size(NULL, NULL, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_symbolic_stats(NULL, NULL), LUPINE_ERROR_NULL_ARGUMENT);

  /* slot lookups outside the pattern */
  EXPECT_OK(lupine_analyze(NULL, N, cp, ri, 1, &symbolic));
  {
    int64_t slot = -1, slots[2] = {-1, -1};
    const int64_t r[2] = {1, 3}, c[2] = {1, 1};
    lupine_stats stats;
    EXPECT_STATUS(lupine_symbolic_slot(symbolic, 3, 1, &slot), LUPINE_ERROR_NOT_IN_PATTERN);
    lupine_last_error(&info);
    CHECK(info.row == 3 && info.column == 1);
    EXPECT_STATUS(lupine_symbolic_slot(symbolic, 0, 1, &slot), LUPINE_ERROR_NOT_IN_PATTERN);
    EXPECT_STATUS(lupine_symbolic_slot(symbolic, 1, N + 1, &slot), LUPINE_ERROR_NOT_IN_PATTERN);
    EXPECT_STATUS(lupine_symbolic_slots(symbolic, 2, r, c, slots), LUPINE_ERROR_NOT_IN_PATTERN);
    CHECK(slots[0] == 0); /* the ones before the bad entry are filled */
    CHECK(strstr(lupine_last_error_message(), "entry 1") != NULL);
    EXPECT_STATUS(lupine_symbolic_slots(symbolic, -1, r, c, slots), LUPINE_ERROR_INVALID_ARGUMENT);
    EXPECT_OK(lupine_symbolic_slots(symbolic, 0, NULL, NULL, NULL));
    EXPECT_STATUS(lupine_symbolic_slots(symbolic, 1, NULL, c, slots), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_symbolic_slots(symbolic, 1, r, NULL, slots), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_symbolic_slots(symbolic, 1, r, c, NULL), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_symbolic_slots(NULL, 1, r, c, slots), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_symbolic_slot(NULL, 1, 1, &slot), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_symbolic_slot(symbolic, 1, 1, NULL), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_STATUS(lupine_symbolic_stats(symbolic, NULL), LUPINE_ERROR_NULL_ARGUMENT);
    EXPECT_OK(lupine_symbolic_stats(symbolic, &stats));
  }
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
}

/* Every error return of factor, refactor, solve and the queries; after each failure the
 * handle is either unchanged (argument errors) or reports that it has no factorization. */
static void test_numeric_errors(void) {
  lupine_symbolic* symbolic = NULL;
  lupine_numeric* numeric = (lupine_numeric*)&failures;
  lupine_error_info info;
  double bad[NNZ], x[N], b[N], a[N][N];
  double* workspace;
  size_t size = 0;
  double sign, log_abs, mantissa, condition = -1;
  int64_t exponent;
  int i, reused = -1;
  lupine_stats stats;
  int32_t cp[N + 1], ri[NNZ];
  for (i = 0; i <= N; ++i) cp[i] = col_ptr[i] + 1;
  for (i = 0; i < nnz; ++i) ri[i] = rows[i] + 1;
  EXPECT_OK(lupine_analyze(NULL, N, cp, ri, 1, &symbolic));

  EXPECT_STATUS(lupine_factor(symbolic, values, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_factor(NULL, values, &numeric), LUPINE_ERROR_NULL_ARGUMENT);
  CHECK(numeric == NULL);
  EXPECT_STATUS(lupine_factor(symbolic, NULL, &numeric), LUPINE_ERROR_NULL_ARGUMENT);
  /* a NaN value, named 1-based: entry 7 is (row 1, column 2) 0-based */
  memcpy(bad, values, sizeof bad);
  bad[7] = NAN;
  EXPECT_STATUS(lupine_factor(symbolic, bad, &numeric), LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == rows[7] + 1 && info.column == 3);
  CHECK(numeric == NULL);
  /* numerically singular: the entries of column 2 (0-based) all zero */
  memcpy(bad, values, sizeof bad);
  for (i = col_ptr[2]; i < col_ptr[3]; ++i) bad[i] = 0;
  EXPECT_STATUS(lupine_factor(symbolic, bad, &numeric), LUPINE_ERROR_NUMERICALLY_SINGULAR);
  lupine_last_error(&info);
  CHECK(info.column >= 1 && info.column <= N);
  /* a memory limit the prediction exceeds */
  {
    lupine_options* options = NULL;
    lupine_symbolic* limited = NULL;
    EXPECT_OK(lupine_options_create(&options));
    EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_MEMORY_LIMIT, 1));
    EXPECT_OK(lupine_analyze(options, N, cp, ri, 1, &limited));
    EXPECT_STATUS(lupine_factor(limited, values, &numeric), LUPINE_ERROR_MEMORY_LIMIT);
    CHECK(strstr(lupine_last_error_message(), "limit") != NULL);
    lupine_symbolic_destroy(limited);
    lupine_options_destroy(options);
  }

  EXPECT_OK(lupine_factor(symbolic, values, &numeric));
  to_dense(col_ptr, rows, values, a);
  EXPECT_OK(lupine_solve_workspace_size(numeric, 1, &size));
  workspace = (double*)malloc(size * sizeof(double));
  for (i = 0; i < N; ++i) b[i] = x[i] = 1;

  /* solve argument errors */
  EXPECT_STATUS(lupine_solve_workspace_size(NULL, 1, &size), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_solve_workspace_size(numeric, 1, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_solve_workspace_size(numeric, 0, &size), LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_solve(NULL, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, NULL, N, workspace, size),
                LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_solve(numeric, 5, 1, x, N, workspace, size), LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_CONJUGATE_TRANSPOSE + 1, 1, x, N, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, -1, x, N, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N - 1, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size - 1),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, NULL, size),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  EXPECT_STATUS(
      lupine_solve_refined(NULL, LUPINE_NO_TRANSPOSE, 1, b, x, N, 1, NULL, workspace, size),
      LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(
      lupine_solve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, NULL, x, N, 1, NULL, workspace, size),
      LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(
      lupine_solve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, b, NULL, N, 1, NULL, workspace, size),
      LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(
      lupine_solve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, b, x, N, -1, NULL, workspace, size),
      LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(
      lupine_solve_refined(numeric, LUPINE_TRANSPOSE, 1, b, x, 0, 1, NULL, workspace, size),
      LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_solve_refined(numeric, LUPINE_TRANSPOSE, 1, b, x, N, 1, NULL, workspace, 0),
                LUPINE_ERROR_WORKSPACE_TOO_SMALL);
  EXPECT_STATUS(lupine_solve_refined(numeric, -1, 1, b, x, N, 1, NULL, workspace, size),
                LUPINE_ERROR_INVALID_ARGUMENT);
  /* the handle still solves after all those */
  EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
  CHECK(relative_residual(a, x, b, 0) < 1e-14);

  /* refactor errors: a NaN is refused before anything changes */
  EXPECT_STATUS(lupine_refactor(NULL, values, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_refactor(numeric, NULL, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  memcpy(bad, values, sizeof bad);
  bad[0] = INFINITY;
  EXPECT_STATUS(lupine_refactor(numeric, bad, &reused), LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == 1 && info.column == 1);
  /* a NaN in a right-hand side is refused with its row, 1-based; the factorization stays */
  for (i = 0; i < N; ++i) x[i] = b[i];
  x[3] = NAN;
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size),
                LUPINE_ERROR_NON_FINITE);
  lupine_last_error(&info);
  CHECK(info.row == 4 && info.column == -1);
  EXPECT_STATUS(
      lupine_solve_refined(numeric, LUPINE_TRANSPOSE, 1, x, b, N, 1, NULL, workspace, size),
      LUPINE_ERROR_NON_FINITE);
  /* in place, a NaN in the second right-hand side is refused before the first is overwritten */
  {
    double two[2 * N];
    for (i = 0; i < N; ++i) two[i] = two[N + i] = b[i];
    two[N + 2] = NAN;
    EXPECT_STATUS(lupine_solve_refined(numeric, LUPINE_NO_TRANSPOSE, 2, two, two, N, 1, NULL,
                                       workspace, size),
                  LUPINE_ERROR_NON_FINITE);
    lupine_last_error(&info);
    CHECK(info.row == 3 && strstr(info.message, "right-hand side 1") != NULL);
    for (i = 0; i < N; ++i) CHECK(two[i] == b[i]);
  }
  for (i = 0; i < N; ++i) x[i] = b[i];
  EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
  CHECK(relative_residual(a, x, b, 0) < 1e-14);
  /* singular values: the handle has no factorization until the next good one */
  for (i = col_ptr[2]; i < col_ptr[3]; ++i) bad[i] = 0;
  bad[0] = values[0];
  EXPECT_STATUS(lupine_refactor(numeric, bad, &reused), LUPINE_ERROR_NUMERICALLY_SINGULAR);
  EXPECT_STATUS(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size),
                LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(
      lupine_solve_refined(numeric, LUPINE_NO_TRANSPOSE, 1, b, x, N, 1, NULL, workspace, size),
      LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_determinant(numeric, &sign, &log_abs), LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_determinant_base2(numeric, &mantissa, &exponent), LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_condition_estimate(numeric, &condition), LUPINE_ERROR_CALL_ORDER);
  EXPECT_STATUS(lupine_numeric_factor(numeric, bad), LUPINE_ERROR_NUMERICALLY_SINGULAR);
  EXPECT_STATUS(lupine_numeric_factor(numeric, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_numeric_factor(NULL, values), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_numeric_factor(numeric, values));
  for (i = 0; i < N; ++i) x[i] = b[i];
  EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
  CHECK(relative_residual(a, x, b, 0) < 1e-14);

  EXPECT_STATUS(lupine_determinant(NULL, &sign, &log_abs), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_determinant(numeric, NULL, &log_abs), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_determinant(numeric, &sign, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_determinant_base2(NULL, &mantissa, &exponent), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_determinant_base2(numeric, NULL, &exponent), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_determinant_base2(numeric, &mantissa, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_numeric_stats(NULL, &stats), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_numeric_stats(numeric, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_condition_estimate(NULL, &condition), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_condition_estimate(numeric, NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_condition_estimate(numeric, &condition));
  CHECK(close_condition(condition, dense_condition(a)));
  EXPECT_OK(lupine_numeric_stats(numeric, &stats));
  /* every pivoting factorization counts, failed ones too: the first, the singular refactor's
   * fallback, the singular lupine_numeric_factor, the last */
  CHECK(stats.factor_count == 4 && stats.refactor_count == 1 && stats.refactor_fallbacks == 1);

  free(workspace);
  EXPECT_OK(lupine_numeric_destroy(numeric));
  EXPECT_OK(lupine_numeric_destroy(NULL));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
}

/* lupine_refactor_with: a forced re-pivot, a diagonal shift (Gmin) checked against the
 * shifted dense matrix, per-call thresholds, and its errors, after which the handle still
 * solves with its previous factorization. */
static void test_refactor_options(int base) {
  lupine_symbolic* symbolic = NULL;
  lupine_numeric* numeric = NULL;
  lupine_refactor_options call;
  lupine_error_info info;
  int32_t cp[N + 1], ri[NNZ];
  double a[N][N], b[N], x[N];
  double* workspace;
  size_t size = 0;
  int i, reused = -1;
  /* the diagonal of row 2 is not in the pattern (a zero diagonal entry of the example) */
  int64_t shifted[4] = {0, 1, 3, 4};
  int64_t bad_rows[2] = {0, 2};
  for (i = 0; i < 4; ++i) shifted[i] += base;
  for (i = 0; i < 2; ++i) bad_rows[i] += base;
  for (i = 0; i <= N; ++i) cp[i] = col_ptr[i] + base;
  for (i = 0; i < nnz; ++i) ri[i] = rows[i] + base;
  EXPECT_OK(lupine_analyze(NULL, N, cp, ri, base, &symbolic));
  EXPECT_OK(lupine_factor(symbolic, values, &numeric));
  EXPECT_OK(lupine_solve_workspace_size(numeric, 1, &size));
  workspace = (double*)malloc(size * sizeof(double));

  EXPECT_STATUS(lupine_refactor_options_init(NULL), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_refactor_options_init(&call));
  CHECK(call.refactor_threshold < 0 && call.pivot_threshold < 0 && call.force_repivot == 0);
  CHECK(call.refactor_growth_limit < 0);
  CHECK(call.shifted_rows == NULL && call.shifted_row_count == 0 && call.diagonal_shift == 0);
  EXPECT_OK(lupine_refactor_with(numeric, values, NULL, &reused));
  CHECK(reused == 1);
  call.force_repivot = 1;
  EXPECT_OK(lupine_refactor_with(numeric, values, &call, &reused));
  CHECK(reused == 0);
  call.force_repivot = 0;
  call.refactor_threshold = 0;
  EXPECT_OK(lupine_refactor_with(numeric, values, &call, &reused));
  CHECK(reused == 1);

  /* Gmin 0.5 on the rows that have a diagonal entry */
  call.shifted_rows = shifted;
  call.shifted_row_count = 4;
  call.diagonal_shift = 0.5;
  EXPECT_OK(lupine_refactor_with(numeric, values, &call, &reused));
  to_dense(col_ptr, rows, values, a);
  for (i = 0; i < 4; ++i) a[shifted[i] - base][shifted[i] - base] += 0.5;
  for (i = 0; i < N; ++i) b[i] = x[i] = 2.0 - i;
  EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
  CHECK(relative_residual(a, x, b, 0) < 1e-14);

  /* errors: nothing changes, the shifted factorization still solves */
  call.shifted_rows = bad_rows;
  call.shifted_row_count = 2;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused), LUPINE_ERROR_NOT_IN_PATTERN);
  lupine_last_error(&info);
  CHECK(info.row == 2 + base && info.column == 2 + base);
  bad_rows[1] = N + base;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused), LUPINE_ERROR_NOT_IN_PATTERN);
  call.shifted_row_count = -1;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  call.shifted_rows = NULL;
  call.shifted_row_count = 1;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_OK(lupine_refactor_options_init(&call));
  call.refactor_threshold = 2;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  call.refactor_threshold = -1;
  call.pivot_threshold = NAN;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  call.pivot_threshold = -1;
  call.diagonal_shift = INFINITY;
  call.shifted_rows = shifted;
  EXPECT_STATUS(lupine_refactor_with(numeric, values, &call, &reused),
                LUPINE_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(lupine_refactor_with(NULL, values, &call, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  EXPECT_STATUS(lupine_refactor_with(numeric, NULL, &call, &reused), LUPINE_ERROR_NULL_ARGUMENT);
  for (i = 0; i < N; ++i) x[i] = b[i];
  EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size));
  CHECK(relative_residual(a, x, b, 0) < 1e-14);

  free(workspace);
  EXPECT_OK(lupine_numeric_destroy(numeric));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
}

/* LUPINE_OPTION_ESTIMATE_CONDITION: every factor and refactor fills
 * lupine_stats.condition_estimate with what lupine_condition_estimate gives. */
static void test_condition_option(void) {
  lupine_options* options = NULL;
  lupine_symbolic* symbolic = NULL;
  lupine_numeric* numeric = NULL;
  lupine_stats stats;
  double a[N][N], changed[NNZ], condition = -1;
  int i, reused = -1;
  EXPECT_OK(lupine_options_create(&options));
  EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_ESTIMATE_CONDITION, 1));
  EXPECT_OK(lupine_analyze(options, N, col_ptr, rows, 0, &symbolic));
  EXPECT_OK(lupine_options_destroy(options));
  EXPECT_OK(lupine_factor(symbolic, values, &numeric));
  EXPECT_OK(lupine_symbolic_destroy(symbolic));
  if (!numeric) return;
  to_dense(col_ptr, rows, values, a);
  EXPECT_OK(lupine_numeric_stats(numeric, &stats));
  EXPECT_OK(lupine_condition_estimate(numeric, &condition));
  CHECK(stats.condition_estimate == condition);
  CHECK(close_condition(stats.condition_estimate, dense_condition(a)));
  /* a badly scaled column raises the condition number; the refactor's estimate follows */
  for (i = 0; i < nnz; ++i) changed[i] = values[i];
  for (i = col_ptr[1]; i < col_ptr[2]; ++i) changed[i] *= 1e-6;
  EXPECT_OK(lupine_refactor(numeric, changed, &reused));
  to_dense(col_ptr, rows, changed, a);
  EXPECT_OK(lupine_numeric_stats(numeric, &stats));
  CHECK(stats.condition_estimate > 1e5);
  CHECK(close_condition(stats.condition_estimate, dense_condition(a)));
  EXPECT_OK(lupine_numeric_destroy(numeric));
}

/* LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS on a diagonally dominant tridiagonal matrix: with it
 * every column takes its diagonal on the pattern found in analysis, without it none does, and
 * both give the same solution to the last bit. */
static void test_presumed_pivots_option(void) {
  enum { M = 60 };
  int32_t cp[M + 1], ri[3 * M];
  double v[3 * M], x[2][M];
  int j, k, presume, count = 0;
  for (j = 0; j < M; ++j) {
    cp[j] = count;
    for (k = j - 1; k <= j + 1; ++k) {
      if (k < 0 || k >= M) continue;
      ri[count] = k;
      v[count++] = k == j ? 4.0 + 0.01 * j : -1.0 - 0.001 * (j + k);
    }
  }
  cp[M] = count;
  for (presume = 0; presume <= 1; ++presume) {
    lupine_options* options = NULL;
    lupine_symbolic* symbolic = NULL;
    lupine_numeric* numeric = NULL;
    lupine_stats stats;
    double* workspace;
    size_t size = 0;
    EXPECT_OK(lupine_options_create(&options));
    EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_PATH, LUPINE_PATH_COLUMN));
    EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS, presume));
    EXPECT_OK(lupine_analyze(options, M, cp, ri, 0, &symbolic));
    EXPECT_OK(lupine_options_destroy(options));
    EXPECT_OK(lupine_factor(symbolic, v, &numeric));
    EXPECT_OK(lupine_symbolic_destroy(symbolic));
    if (!numeric) return;
    EXPECT_OK(lupine_numeric_stats(numeric, &stats));
    CHECK(stats.presumed_pivot_columns == (presume ? M : 0));
    CHECK(stats.dense_tail_columns == 0 && stats.off_diagonal_pivots == 0);
    for (j = 0; j < M; ++j) x[presume][j] = 1.0 + j % 5;
    EXPECT_OK(lupine_solve_workspace_size(numeric, 1, &size));
    workspace = (double*)malloc(size * sizeof(double));
    EXPECT_OK(lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x[presume], M, workspace, size));
    free(workspace);
    EXPECT_OK(lupine_numeric_destroy(numeric));
  }
  for (j = 0; j < M; ++j) CHECK(x[0][j] == x[1][j]);
}

/* A random pattern of order 80000 with ~10 entries per column (the diagonal and 9 rows drawn
 * at random) whose AMD fill is nearly dense: nnz(L+U) ~3e9 predicted, past 32-bit indices.
 * lupine_analyze refuses it and names lupine_analyze_i64, which analyzes it (the factor, ~50
 * GB, is not made). About a second per analysis. */
static void test_index_overflow(void) {
  enum { ORDER = 80000, PER_COLUMN = 10 };
  int32_t* cp = malloc((ORDER + 1) * sizeof *cp);
  int32_t* ri = malloc((size_t)ORDER * PER_COLUMN * sizeof *ri);
  int64_t* cp64 = malloc((ORDER + 1) * sizeof *cp64);
  int64_t* ri64 = malloc((size_t)ORDER * PER_COLUMN * sizeof *ri64);
  uint64_t state = 88172645463325252u;
  lupine_options* options = NULL;
  lupine_symbolic* symbolic = NULL;
  lupine_stats stats;
  int64_t j, p, count = 0;
  CHECK(cp && ri && cp64 && ri64);
  if (!cp || !ri || !cp64 || !ri64) goto done;
  cp[0] = 0;
  for (j = 0; j < ORDER; ++j) {
    int32_t* column = ri + count;
    int taken = 1, t, u;
    column[0] = (int32_t)j;
    while (taken < PER_COLUMN) {
      int32_t row;
      state ^= state << 13, state ^= state >> 7, state ^= state << 17; /* xorshift64 */
      row = (int32_t)(state % ORDER);
      for (t = 0; t < taken && column[t] != row; ++t) continue;
      if (t == taken) column[taken++] = row;
    }
    for (t = 1; t < taken; ++t) { /* rows ascending */
      const int32_t row = column[t];
      for (u = t; u > 0 && column[u - 1] > row; --u) column[u] = column[u - 1];
      column[u] = row;
    }
    count += taken;
    cp[j + 1] = (int32_t)count;
  }
  for (j = 0; j <= ORDER; ++j) cp64[j] = cp[j];
  for (p = 0; p < count; ++p) ri64[p] = ri[p];
  EXPECT_OK(lupine_options_create(&options));
  EXPECT_OK(lupine_options_set(options, LUPINE_OPTION_ORDERING, LUPINE_ORDERING_AMD));
  EXPECT_STATUS(lupine_analyze(options, ORDER, cp, ri, 0, &symbolic), LUPINE_ERROR_SIZE_OVERFLOW);
  CHECK(symbolic == NULL);
  CHECK(strstr(lupine_last_error_message(), "predicted nnz(L+U)") != NULL);
  CHECK(strstr(lupine_last_error_message(), "lupine_analyze_i64") != NULL);
  EXPECT_OK(lupine_analyze_i64(options, ORDER, cp64, ri64, 0, &symbolic));
  if (symbolic) {
    EXPECT_OK(lupine_symbolic_stats(symbolic, &stats));
    CHECK(stats.predicted_lu_nnz > INT32_MAX);
    CHECK(stats.predicted_factor_bytes > 8 * (int64_t)INT32_MAX);
  }
  lupine_symbolic_destroy(symbolic);
  lupine_options_destroy(options);
done:
  free(cp);
  free(ri);
  free(cp64);
  free(ri64);
}

int main(void) {
  build_example();
  test_version_and_status_names();
  test_options();
  test_pipeline(0, 0, 1);
  test_pipeline(1, 0, 1);
  test_pipeline(0, 0, 2);
  test_pipeline(0, 1, 1);
  test_pipeline(0, 1, 2);
  test_pipeline(1, 1, 2);
  test_analysis_errors();
  test_index_overflow();
  test_numeric_errors();
  test_condition_option();
  test_presumed_pivots_option();
  test_refactor_options(0);
  test_refactor_options(1);
  fprintf(stderr, "%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
