/* The distributed solver's C API (lupine_mpi.h), compiled as C99, under mpirun with 1, 2 and
 * 4 ranks: results on a small system (whole on rank 0 with 1-based indices, and as entries
 * spread over the ranks with a row distribution of b and x), a refactor, the complex handle,
 * and errors: the same status on every rank (bad index on one rank, singular matrix, bad
 * arguments), with the row/column in the caller's numbering. Every rank exits 1 on failure. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lupine/lupine_mpi.h"

static int rank = 0;
static int size = 1;
static int failures = 0;

#define EXPECT(condition)                                                                       \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      ++failures;                                                                               \
      fprintf(stderr, "rank %d: %s:%d: FAILED %s (last error: %s)\n", rank, __FILE__, __LINE__, \
              #condition, lupine_last_error_message());                                         \
    }                                                                                           \
  } while (0)

/* Checks that `status` is `expected` on every rank. */
static void expect_everywhere(lupine_status status, lupine_status expected, const char* what) {
  int mine = status == expected;
  int all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (!mine) {
    fprintf(stderr, "rank %d: %s: %s, expected %s (%s)\n", rank, what, lupine_status_string(status),
            lupine_status_string(expected), lupine_last_error_message());
    ++failures;
  }
  if (!all && rank == 0) fprintf(stderr, "%s: not the same status on every rank\n", what);
  if (!all) ++failures;
  if (rank == 0 && mine && status != LUPINE_OK)
    printf("  %s: %s\n", what, lupine_last_error_message());
}

#define N 40

/* The tridiagonal (-1, d, -1) matrix, 1-based CSC. */
static void tridiagonal(double d, int64_t* col_ptr, int64_t* row_indices, double* values) {
  int64_t p = 0;
  int j;
  col_ptr[0] = 1;
  for (j = 0; j < N; ++j) {
    int i;
    for (i = j - 1; i <= j + 1; ++i) {
      if (i < 0 || i >= N) continue;
      row_indices[p] = i + 1;
      values[p] = i == j ? d : -1.0;
      ++p;
    }
    col_ptr[j + 1] = p + 1;
  }
}

/* max_i |b - A x|_i / max_i |b|_i for the tridiagonal matrix. */
static double residual(double d, const double* b, const double* x) {
  double worst = 0, largest = 0;
  int i;
  for (i = 0; i < N; ++i) {
    double ax = d * x[i];
    if (i > 0) ax -= x[i - 1];
    if (i + 1 < N) ax -= x[i + 1];
    if (fabs(b[i] - ax) > worst) worst = fabs(b[i] - ax);
    if (fabs(b[i]) > largest) largest = fabs(b[i]);
  }
  return worst / largest;
}

int main(int argc, char** argv) {
  int64_t col_ptr[N + 1], row_indices[3 * N];
  double values[3 * N], b[N], x[N];
  lupine_distributed* solver = NULL;
  lupine_distributed_stats stats;
  lupine_error_info info;
  int i, total = 0;

  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank == 0) printf("distributed C API checks on %d rank(s)\n", size);
  tridiagonal(4.0, col_ptr, row_indices, values);
  for (i = 0; i < N; ++i) b[i] = 1.0 + i % 7;

  /* Whole on rank 0, 1-based. */
  expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, NULL, &solver), LUPINE_OK, "create");
  expect_everywhere(
      lupine_distributed_analyze(solver, N, rank == 0 ? col_ptr : NULL,
                                 rank == 0 ? row_indices : NULL, rank == 0 ? values : NULL, 1),
      LUPINE_OK, "analyze");
  expect_everywhere(
      lupine_distributed_factor(solver, rank == 0 ? values : NULL, rank == 0 ? col_ptr[N] - 1 : 0),
      LUPINE_OK, "factor");
  memcpy(x, b, sizeof b);
  expect_everywhere(
      lupine_distributed_solve(solver, LUPINE_NO_TRANSPOSE, 1, rank == 0 ? x : NULL, N), LUPINE_OK,
      "solve");
  if (rank == 0) EXPECT(residual(4.0, b, x) < 1e-14);
  EXPECT(lupine_distributed_get_stats(solver, &stats) == LUPINE_OK);
  EXPECT(stats.n == N && stats.ranks == size && stats.lu_nnz >= N && stats.factor_count == 1);
  EXPECT(stats.backward_error <= 1e-15);

  /* Refactor with new values, the same pattern. */
  {
    double changed[3 * N];
    int64_t p;
    double d = 0;
    for (p = 0; p < col_ptr[N] - 1; ++p) changed[p] = values[p] == -1.0 ? -1.0 : 5.0;
    d = 5.0;
    expect_everywhere(lupine_distributed_refactor(solver, rank == 0 ? changed : NULL,
                                                  rank == 0 ? col_ptr[N] - 1 : 0),
                      LUPINE_OK, "refactor");
    memcpy(x, b, sizeof b);
    expect_everywhere(
        lupine_distributed_solve(solver, LUPINE_TRANSPOSE, 1, rank == 0 ? x : NULL, N), LUPINE_OK,
        "solve transposed");
    if (rank == 0) EXPECT(residual(d, b, x) < 1e-14); /* symmetric: A^T = A */
    EXPECT(lupine_distributed_get_stats(solver, &stats) == LUPINE_OK && stats.refactor_count == 1);
  }

  /* Bad arguments: the same status everywhere. */
  expect_everywhere(lupine_distributed_solve(solver, 7, 1, rank == 0 ? x : NULL, N),
                    LUPINE_ERROR_INVALID_ARGUMENT, "transpose 7");
  expect_everywhere(
      lupine_distributed_factor(solver, rank == 0 ? values : NULL, rank == 0 ? col_ptr[N] - 2 : 0),
      LUPINE_ERROR_DIMENSION_MISMATCH, "one value short");
  expect_everywhere(lupine_distributed_get_stats(NULL, &stats), LUPINE_ERROR_NULL_ARGUMENT,
                    "stats of NULL");
  EXPECT(lupine_distributed_free(solver) == LUPINE_OK);

  /* Options: Lupine's ordering works; a bad option is refused on every rank. */
  {
    lupine_distributed_options options;
    EXPECT(lupine_distributed_options_default(&options) == LUPINE_OK);
    EXPECT(options.refine_steps == 2 && options.workspace_retries == 4 && options.check_finite);
    options.ordering = LUPINE_DISTRIBUTED_ORDERING_BEST;
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, &options, &solver), LUPINE_OK,
                      "create (best ordering)");
    expect_everywhere(lupine_distributed_analyze(solver, N, col_ptr, row_indices, values, 1),
                      LUPINE_OK, "analyze (best ordering)");
    expect_everywhere(lupine_distributed_factor(solver, values, rank == 0 ? col_ptr[N] - 1 : 0),
                      LUPINE_OK, "factor (best ordering)");
    memcpy(x, b, sizeof b);
    expect_everywhere(lupine_distributed_solve(solver, LUPINE_NO_TRANSPOSE, 1, x, N), LUPINE_OK,
                      "solve (best ordering)");
    if (rank == 0) EXPECT(residual(4.0, b, x) < 1e-14);
    EXPECT(lupine_distributed_free(solver) == LUPINE_OK);
    options.ordering = 99;
    solver = NULL;
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, &options, &solver),
                      LUPINE_ERROR_INVALID_ARGUMENT, "ordering 99");
    EXPECT(solver == NULL);
    options.ordering = 0;
    options.workspace_percent = -1;
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, &options, &solver),
                      LUPINE_ERROR_INVALID_ARGUMENT, "workspace_percent -1");
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, NULL, NULL),
                      LUPINE_ERROR_NULL_ARGUMENT, "create into NULL");
    /* The backend: SuperLU_DIST where built, a bad one refused. */
    EXPECT(lupine_distributed_options_default(&options) == LUPINE_OK &&
           options.backend == LUPINE_DISTRIBUTED_BACKEND_MUMPS);
    options.backend = 5;
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, &options, &solver),
                      LUPINE_ERROR_INVALID_ARGUMENT, "backend 5");
    options.backend = LUPINE_DISTRIBUTED_BACKEND_SUPERLU_DIST;
#ifdef LUPINE_HAVE_SUPERLU_DIST
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, &options, &solver), LUPINE_OK,
                      "create (superlu_dist)");
    expect_everywhere(lupine_distributed_analyze(solver, N, col_ptr, row_indices, values, 1),
                      LUPINE_OK, "analyze (superlu_dist)");
    expect_everywhere(lupine_distributed_factor(solver, values, rank == 0 ? col_ptr[N] - 1 : 0),
                      LUPINE_OK, "factor (superlu_dist)");
    memcpy(x, b, sizeof b);
    expect_everywhere(lupine_distributed_solve(solver, LUPINE_TRANSPOSE, 1, x, N), LUPINE_OK,
                      "solve transposed (superlu_dist)");
    if (rank == 0) EXPECT(residual(4.0, b, x) < 1e-14);
    EXPECT(lupine_distributed_get_stats(solver, &stats) == LUPINE_OK && stats.lu_nnz >= N);
    EXPECT(lupine_distributed_free(solver) == LUPINE_OK);
#else
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, &options, &solver),
                      LUPINE_ERROR_UNSUPPORTED, "create (superlu_dist, not in this build)");
#endif
  }

  /* Spread entries (each rank a share of the columns), rows of b and x in blocks. */
  {
    int64_t rows[3 * N], columns[3 * N], count = 0, held[N], j, p;
    double mine[3 * N], b_local[N], x_local[N];
    const int64_t first = (int64_t)N * rank / size, last = (int64_t)N * (rank + 1) / size;
    for (j = 0; j < N; ++j) {
      if (j % size != rank) continue;
      for (p = col_ptr[j] - 1; p < col_ptr[j + 1] - 1; ++p) {
        rows[count] = row_indices[p] - 1;
        columns[count] = j;
        mine[count] = values[p];
        ++count;
      }
    }
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, NULL, &solver), LUPINE_OK,
                      "create (spread)");
    expect_everywhere(lupine_distributed_analyze_entries(solver, N, count, rows, columns, 0),
                      LUPINE_OK, "analyze entries");
    expect_everywhere(lupine_distributed_factor(solver, mine, count), LUPINE_OK, "factor entries");
    for (j = first; j < last; ++j) {
      held[j - first] = j;
      b_local[j - first] = b[j];
    }
    expect_everywhere(lupine_distributed_solve_rows(solver, LUPINE_NO_TRANSPOSE, 1, last - first,
                                                    held, b_local, x_local),
                      LUPINE_OK, "solve rows");
    {
      int counts[64], offsets[64], r;
      for (r = 0; r < size && r < 64; ++r) {
        offsets[r] = N * r / size;
        counts[r] = N * (r + 1) / size - offsets[r];
      }
      MPI_Gatherv(x_local, (int)(last - first), MPI_DOUBLE, x, counts, offsets, MPI_DOUBLE, 0,
                  MPI_COMM_WORLD);
      if (rank == 0) EXPECT(residual(4.0, b, x) < 1e-14);
    }
    EXPECT(lupine_distributed_free(solver) == LUPINE_OK);

    /* An index out of range on one rank (rank 1, or rank 0 alone): every rank fails. */
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, NULL, &solver), LUPINE_OK,
                      "create (bad entries)");
    if (rank == (size > 1 ? 1 : 0) && count > 0) rows[0] = N + 3;
    expect_everywhere(lupine_distributed_analyze_entries(solver, N, count, rows, columns, 0),
                      LUPINE_ERROR_INVALID_MATRIX, "row out of range on one rank");
    EXPECT(lupine_last_error(&info) == LUPINE_OK && info.status == LUPINE_ERROR_INVALID_MATRIX);
    if (size > 1) EXPECT(strstr(info.message, "on rank 1") != NULL);
    EXPECT(lupine_distributed_free(solver) == LUPINE_OK);
  }

  /* Singular: row 20 a copy of row 19 (1-based numbering in the error). */
  {
    int64_t sc[N + 1], sr[3 * N], p = 0;
    double sv[3 * N];
    int j;
    sc[0] = 1;
    for (j = 0; j < N; ++j) {
      int r;
      for (r = j - 1; r <= j + 1; ++r) {
        /* row 19 (0-based) copies row 18: entries in columns 17, 18, 19 */
        int in_row = r >= 0 && r < N && (r != 19 || (j >= 17 && j <= 19));
        if (r == 19 && j == 20) in_row = 0;
        if (!in_row) continue;
        sr[p] = r + 1;
        sv[p] = (r == 19 ? (j == 18 ? 4.0 : -1.0) : (r == j ? 4.0 : -1.0));
        ++p;
      }
      if (j == 17) { /* row 19 has an entry in column 17, below the band */
        sr[p] = 20;
        sv[p] = -1.0;
        ++p;
      }
      sc[j + 1] = p + 1;
    }
    expect_everywhere(lupine_distributed_create(MPI_COMM_WORLD, NULL, &solver), LUPINE_OK,
                      "create (singular)");
    expect_everywhere(lupine_distributed_analyze(solver, N, sc, sr, sv, 1), LUPINE_OK,
                      "analyze singular");
    expect_everywhere(lupine_distributed_factor(solver, sv, rank == 0 ? sc[N] - 1 : 0),
                      LUPINE_ERROR_NUMERICALLY_SINGULAR, "singular");
    EXPECT(lupine_last_error(&info) == LUPINE_OK && info.column >= 1 && info.column <= N);
    expect_everywhere(lupine_distributed_solve(solver, 0, 1, rank == 0 ? x : NULL, N),
                      LUPINE_ERROR_CALL_ORDER, "solve after a singular factor");
    EXPECT(lupine_distributed_free(solver) == LUPINE_OK);
  }

  /* The complex handle: (4 + i) on the diagonal, A^H x = b. */
  {
    lupine_zdistributed* complex_solver = NULL;
    double zvalues[6 * N], zx[2 * N], zb[2 * N];
    int64_t p;
    for (p = 0; p < col_ptr[N] - 1; ++p) {
      zvalues[2 * p] = values[p];
      zvalues[2 * p + 1] = values[p] == 4.0 ? 1.0 : 0.0;
    }
    for (i = 0; i < N; ++i) {
      zb[2 * i] = b[i];
      zb[2 * i + 1] = -b[i];
    }
    memcpy(zx, zb, sizeof zb);
    expect_everywhere(lupine_zdistributed_create(MPI_COMM_WORLD, NULL, &complex_solver), LUPINE_OK,
                      "zcreate");
    expect_everywhere(
        lupine_zdistributed_analyze(complex_solver, N, col_ptr, row_indices, zvalues, 1), LUPINE_OK,
        "zanalyze");
    expect_everywhere(
        lupine_zdistributed_factor(complex_solver, zvalues, rank == 0 ? col_ptr[N] - 1 : 0),
        LUPINE_OK, "zfactor");
    expect_everywhere(lupine_zdistributed_solve(complex_solver, LUPINE_CONJUGATE_TRANSPOSE, 1,
                                                rank == 0 ? zx : NULL, N),
                      LUPINE_OK, "zsolve A^H");
    if (rank == 0) {
      /* A^H = tridiagonal(-1, 4 - i, -1): check the residual. */
      double worst = 0;
      for (i = 0; i < N; ++i) {
        double re = 4.0 * zx[2 * i] + zx[2 * i + 1];
        double im = 4.0 * zx[2 * i + 1] - zx[2 * i];
        if (i > 0) {
          re -= zx[2 * (i - 1)];
          im -= zx[2 * (i - 1) + 1];
        }
        if (i + 1 < N) {
          re -= zx[2 * (i + 1)];
          im -= zx[2 * (i + 1) + 1];
        }
        if (fabs(re - zb[2 * i]) + fabs(im - zb[2 * i + 1]) > worst) {
          worst = fabs(re - zb[2 * i]) + fabs(im - zb[2 * i + 1]);
        }
      }
      EXPECT(worst < 1e-13);
    }
    EXPECT(lupine_zdistributed_free(complex_solver) == LUPINE_OK);
  }

  MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) printf(total == 0 ? "all checks passed\n" : "%d check(s) FAILED\n", total);
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
