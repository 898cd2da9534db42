/* Lupine's distributed solver from C (C99), for builds with -DLUPINE_WITH_MPI=ON: link the
 * library lupine_distributed (CMake target Lupine::distributed) and MPI. The same verbs as
 * lupine.h over an MPI communicator, backed by MUMPS or SuperLU_DIST (options.backend;
 * docs/distributed.md):
 *
 *   lupine_distributed* solver;
 *   lupine_distributed_create(MPI_COMM_WORLD, NULL, &solver);          collective
 *   lupine_distributed_analyze(solver, n, col_ptr, row_indices, values, 0);   CSC on rank 0
 *     or lupine_distributed_analyze_entries(solver, n, count, rows, columns, 0);  this rank's
 *   lupine_distributed_factor(solver, values, count);
 *   lupine_distributed_refactor(solver, new_values, count);           same pattern
 *   lupine_distributed_solve(solver, LUPINE_NO_TRANSPOSE, 1, b, n);    in place on rank 0
 *   lupine_distributed_free(solver);                                   collective
 *
 * Every function is collective: all ranks of the communicator call it, in the same order.
 * Each returns LUPINE_OK or an error code, and the code is the same on every rank: an error
 * found on one rank (an index out of range in its entries, say) is reported on all of them,
 * the message naming the rank, so no rank is left waiting. lupine_last_error() gives the
 * message and the row and column in the caller's numbering (the base, 0 or 1, given to the
 * analysis). Values are doubles; for the complex handle (lupine_zdistributed, entry points
 * lupine_zdistributed_*), interleaved re/im pairs, as in lupine.h.
 */
#ifndef LUPINE_LUPINE_MPI_H
#define LUPINE_LUPINE_MPI_H

#include <mpi.h>
#include <stdint.h>

#include "lupine/lupine.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lupine_distributed lupine_distributed;   /* real */
typedef struct lupine_zdistributed lupine_zdistributed; /* complex */

typedef enum lupine_distributed_ordering {
  LUPINE_DISTRIBUTED_ORDERING_AUTOMATIC = 0, /* the backend chooses (MUMPS: METIS) */
  LUPINE_DISTRIBUTED_ORDERING_METIS = 1,
  LUPINE_DISTRIBUTED_ORDERING_SCOTCH = 2,
  LUPINE_DISTRIBUTED_ORDERING_PORD = 3,
  LUPINE_DISTRIBUTED_ORDERING_AMD = 4,
  LUPINE_DISTRIBUTED_ORDERING_AMF = 5,
  LUPINE_DISTRIBUTED_ORDERING_LUPINE = 6, /* Lupine's own analysis as MUMPS's pivot order */
  LUPINE_DISTRIBUTED_ORDERING_BEST = 7    /* both, keeping the one predicting fewer flops */
} lupine_distributed_ordering;

/* Which library factors (lupine::DistributedBackend). */
typedef enum lupine_distributed_backend {
  LUPINE_DISTRIBUTED_BACKEND_MUMPS = 0,
  /* SuperLU_DIST (LUPINE_ERROR_UNSUPPORTED in builds without it) */
  LUPINE_DISTRIBUTED_BACKEND_SUPERLU_DIST = 1
} lupine_distributed_backend;

/* Options, the same on every rank (see lupine::DistributedOptions). */
typedef struct lupine_distributed_options {
  int ordering;            /* lupine_distributed_ordering */
  int workspace_percent;   /* extra workspace over the analysis' estimate, [0, 100000] */
  int workspace_retries;   /* retries with twice the percentage on a shortage, [0, 20] */
  int64_t memory_limit_mb; /* most memory per rank in the factorization, MB; 0: none */
  int refine_steps;        /* most steps of iterative refinement in solves, [0, 100] */
  int check_finite;        /* 0 or 1: reject NaN/Inf in values and right-hand sides */
  int verbose;             /* 0 or 1: let the backend print its diagnostics */
  int backend;             /* lupine_distributed_backend */
} lupine_distributed_options;

/* The defaults (lupine::DistributedOptions{}). */
LUPINE_EXPORT lupine_status lupine_distributed_options_default(lupine_distributed_options* options);

typedef struct lupine_distributed_stats {
  int ranks;
  int64_t n;
  int64_t nnz;              /* entries given, over all ranks */
  int64_t predicted_lu_nnz; /* the analysis' prediction */
  double predicted_flops;
  int64_t lu_nnz;          /* entries of the factors */
  double factor_flops;     /* of the last factorization */
  int64_t delayed_pivots;  /* of the last factorization */
  int64_t memory_mb;       /* this rank's memory in the last factorization, MB */
  int64_t peak_memory_mb;  /* the largest of the ranks' */
  int64_t total_memory_mb; /* their sum */
  int workspace_retries;   /* of the last factorization */
  int64_t factor_count;
  int64_t refactor_count;
  int refinement_steps;  /* of the last solve */
  double backward_error; /* of the last solve (NaN when refine_steps is 0) */
  double analyze_seconds;
  double factor_seconds;
  double refactor_seconds;
  double solve_seconds;
  int64_t replaced_pivots; /* superlu_dist: tiny pivots replaced by static pivoting */
} lupine_distributed_stats;

/* Collective. `options` may be NULL (the defaults). The communicator is duplicated. */
LUPINE_EXPORT lupine_status lupine_distributed_create(MPI_Comm communicator,
                                                      const lupine_distributed_options* options,
                                                      lupine_distributed** solver);
/* Collective; NULL is a no-op (on every rank). */
LUPINE_EXPORT lupine_status lupine_distributed_free(lupine_distributed* solver);

/* The matrix whole on rank 0: n x n CSC arrays with indices from `base` (0 or 1), 64-bit.
 * `values` (col_ptr[n] - base of them, or NULL) guide MUMPS's matching. Read on rank 0 only:
 * other ranks may pass NULL arrays. */
LUPINE_EXPORT lupine_status lupine_distributed_analyze(lupine_distributed* solver, int64_t n,
                                                       const int64_t* col_ptr,
                                                       const int64_t* row_indices,
                                                       const double* values, int base);
/* The matrix as entries spread over the ranks: this rank's `count` (row, column) pairs,
 * indices from `base`; an entry given more than once (on any ranks) is summed. */
LUPINE_EXPORT lupine_status lupine_distributed_analyze_entries(lupine_distributed* solver,
                                                               int64_t n, int64_t count,
                                                               const int64_t* rows,
                                                               const int64_t* columns, int base);
/* Values in the analyzed order: rank 0's CSC entry order (other ranks: NULL, 0), or this
 * rank's entries in their order. refactor reuses the analysis. */
LUPINE_EXPORT lupine_status lupine_distributed_factor(lupine_distributed* solver,
                                                      const double* values, int64_t count);
LUPINE_EXPORT lupine_status lupine_distributed_refactor(lupine_distributed* solver,
                                                        const double* values, int64_t count);
/* In place on rank 0: B (n x nrhs, leading dimension ld) becomes op(A)^-1 B; `transpose` is a
 * lupine_transpose. Other ranks pass NULL (their nrhs and ld are not read). */
LUPINE_EXPORT lupine_status lupine_distributed_solve(lupine_distributed* solver, int transpose,
                                                     int64_t nrhs, double* B, int64_t ld);
/* The right-hand sides in a row distribution: this rank holds rows `rows` (count of them,
 * from the analysis' base; each row of A held by exactly one rank) of B, count x nrhs column
 * by column, and receives the same rows of X. */
LUPINE_EXPORT lupine_status lupine_distributed_solve_rows(lupine_distributed* solver, int transpose,
                                                          int64_t nrhs, int64_t count,
                                                          const int64_t* rows,
                                                          const double* B_local, double* X_local);
/* Local (not collective): the statistics, the same on every rank except memory_mb. */
LUPINE_EXPORT lupine_status lupine_distributed_get_stats(const lupine_distributed* solver,
                                                         lupine_distributed_stats* stats);

/* ---- complex: the same, values as interleaved (re, im) doubles ---- */
LUPINE_EXPORT lupine_status lupine_zdistributed_create(MPI_Comm communicator,
                                                       const lupine_distributed_options* options,
                                                       lupine_zdistributed** solver);
LUPINE_EXPORT lupine_status lupine_zdistributed_free(lupine_zdistributed* solver);
LUPINE_EXPORT lupine_status lupine_zdistributed_analyze(lupine_zdistributed* solver, int64_t n,
                                                        const int64_t* col_ptr,
                                                        const int64_t* row_indices,
                                                        const double* values, int base);
LUPINE_EXPORT lupine_status lupine_zdistributed_analyze_entries(lupine_zdistributed* solver,
                                                                int64_t n, int64_t count,
                                                                const int64_t* rows,
                                                                const int64_t* columns, int base);
LUPINE_EXPORT lupine_status lupine_zdistributed_factor(lupine_zdistributed* solver,
                                                       const double* values, int64_t count);
LUPINE_EXPORT lupine_status lupine_zdistributed_refactor(lupine_zdistributed* solver,
                                                         const double* values, int64_t count);
LUPINE_EXPORT lupine_status lupine_zdistributed_solve(lupine_zdistributed* solver, int transpose,
                                                      int64_t nrhs, double* B, int64_t ld);
LUPINE_EXPORT lupine_status lupine_zdistributed_solve_rows(lupine_zdistributed* solver,
                                                           int transpose, int64_t nrhs,
                                                           int64_t count, const int64_t* rows,
                                                           const double* B_local, double* X_local);
LUPINE_EXPORT lupine_status lupine_zdistributed_get_stats(const lupine_zdistributed* solver,
                                                          lupine_distributed_stats* stats);

#ifdef __cplusplus
}
#endif

#endif /* LUPINE_LUPINE_MPI_H */
