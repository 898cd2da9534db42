/* A C program on the installed C API: the 1-D Laplacian with a nonsymmetric shift, one
 * solve, then the same pattern with complex values (G + iC) on the same analysis, one
 * conjugate-transposed solve; the residuals checked here. Exits 0 when the answers are right. */
#include <complex.h>
#include <lupine/lupine.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N 50

int main(void) {
  int32_t col_ptr[N + 1], rows[3 * N];
  double values[3 * N], b[N], x[N], r[N];
  int nnz = 0, i, j, p;
  lupine_symbolic* symbolic = NULL;
  lupine_numeric* numeric = NULL;
  double* workspace;
  size_t size = 0;
  double worst = 0;
  for (j = 0; j < N; ++j) {
    col_ptr[j] = nnz;
    if (j > 0) {
      rows[nnz] = j - 1;
      values[nnz++] = -1.2;
    }
    rows[nnz] = j;
    values[nnz++] = 2.5;
    if (j + 1 < N) {
      rows[nnz] = j + 1;
      values[nnz++] = -0.8;
    }
  }
  col_ptr[N] = nnz;
  if (lupine_analyze(NULL, N, col_ptr, rows, 0, &symbolic) != LUPINE_OK ||
      lupine_factor(symbolic, values, &numeric) != LUPINE_OK ||
      lupine_solve_workspace_size(numeric, 1, &size) != LUPINE_OK) {
    fprintf(stderr, "c_consumer: %s\n", lupine_last_error_message());
    return 1;
  }
  workspace = malloc(size * sizeof(double));
  for (i = 0; i < N; ++i) b[i] = x[i] = 1.0 + i % 5;
  if (lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, x, N, workspace, size) != LUPINE_OK) {
    fprintf(stderr, "c_consumer: %s\n", lupine_last_error_message());
    return 1;
  }
  for (i = 0; i < N; ++i) r[i] = b[i];
  for (j = 0; j < N; ++j) {
    for (p = col_ptr[j]; p < col_ptr[j + 1]; ++p) r[rows[p]] -= values[p] * x[j];
  }
  for (i = 0; i < N; ++i) worst = fabs(r[i]) > worst ? fabs(r[i]) : worst;
  printf("c_consumer: Lupine %s, residual %.3g\n", lupine_version_string(), worst);
  free(workspace);
  {
    double complex zvalues[3 * N], zb[N], zx[N], zr[N];
    lupine_znumeric* znumeric = NULL;
    double zworst = 0;
    for (p = 0; p < nnz; ++p) zvalues[p] = values[p] + 0.3 * (p % 3 - 1) * I;
    if (lupine_zfactor(symbolic, (const double*)zvalues, &znumeric) != LUPINE_OK ||
        lupine_zsolve_workspace_size(znumeric, 1, &size) != LUPINE_OK) {
      fprintf(stderr, "c_consumer: %s\n", lupine_last_error_message());
      return 1;
    }
    workspace = malloc(size * sizeof(double));
    for (i = 0; i < N; ++i) zb[i] = zx[i] = 1.0 + i % 5 - 0.5 * I;
    if (lupine_zsolve(znumeric, LUPINE_CONJUGATE_TRANSPOSE, 1, (double*)zx, N, workspace, size) !=
        LUPINE_OK) {
      fprintf(stderr, "c_consumer: %s\n", lupine_last_error_message());
      return 1;
    }
    for (j = 0; j < N; ++j) { /* r = b - A^H x, column j of A is row j of A^H */
      zr[j] = zb[j];
      for (p = col_ptr[j]; p < col_ptr[j + 1]; ++p) zr[j] -= conj(zvalues[p]) * zx[rows[p]];
    }
    for (i = 0; i < N; ++i) zworst = cabs(zr[i]) > zworst ? cabs(zr[i]) : zworst;
    printf("c_consumer: complex A^H x = b, residual %.3g\n", zworst);
    free(workspace);
    lupine_znumeric_destroy(znumeric);
    worst = zworst > worst ? zworst : worst;
  }
  lupine_numeric_destroy(numeric);
  lupine_symbolic_destroy(symbolic);
  return worst < 1e-12 ? 0 : 1;
}
