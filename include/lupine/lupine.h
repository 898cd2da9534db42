/* Lupine's C API (C99; usable from C and C++).
 *
 * The same pipeline as the C++ API, behind opaque handles:
 *
 *   lupine_options*  options;   lupine_options_create(&options);
 *                               lupine_options_set(options, LUPINE_OPTION_THREADS, 2);
 *   lupine_symbolic* symbolic;  lupine_analyze(options, n, col_ptr, row_indices, 0, &symbolic);
 *   lupine_numeric*  numeric;   lupine_factor(symbolic, values, &numeric);
 *   ... write new values (through lupine_symbolic_slot positions) ...
 *                               lupine_refactor(numeric, values, &reused);
 *                               lupine_solve(numeric, LUPINE_NO_TRANSPOSE, 1, b, n, work, size);
 *
 * Every function returns LUPINE_OK or an error code, and never aborts or lets a C++
 * exception through; lupine_last_error() gives the message and the row, column or file line
 * the error is about, per thread. Indices in errors are in the caller's numbering: the base
 * (0 or 1) given to lupine_analyze.
 *
 * The pattern is fixed by lupine_analyze (explicit zeros belong to it); values are always
 * given as an array in the pattern's entry order (nnz doubles, column by column as in the
 * CSC arrays). lupine_symbolic_slot turns (row, column) into a position in that array once,
 * so stamping code can write values without searching.
 *
 * Threads: handles may be used from several threads as long as no two threads use one
 * lupine_numeric at the same time, except for lupine_solve* on a factored lupine_numeric,
 * which may run concurrently when each thread passes its own workspace. A lupine_symbolic is
 * immutable and may be shared freely, also by several lupine_numeric handles.
 *
 * Index width: lupine_analyze takes 32-bit CSC arrays and keeps 32-bit indices inside;
 * lupine_analyze_i64 takes 64-bit arrays and keeps 64-bit indices inside (twice the index
 * memory), for problems whose order, entries or factors pass 2^31 - 1. With 32-bit indices,
 * an order or entry count past them, an analysis whose predicted nnz(L+U) passes them, and a
 * factorization whose pivoting fills past them give LUPINE_ERROR_SIZE_OVERFLOW, the message
 * naming the count and lupine_analyze_i64.
 */
#ifndef LUPINE_LUPINE_H
#define LUPINE_LUPINE_H

#include <stddef.h>
#include <stdint.h>

#define LUPINE_VERSION_MAJOR 0
#define LUPINE_VERSION_MINOR 1
#define LUPINE_VERSION_PATCH 0
#define LUPINE_VERSION_STRING "0.1.0"

#if defined(_WIN32) || !defined(__GNUC__)
#define LUPINE_EXPORT
#else
#define LUPINE_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lupine_status {
  LUPINE_OK = 0,
  LUPINE_ERROR_INVALID_ARGUMENT = 1,      /* an option or argument is out of range */
  LUPINE_ERROR_INVALID_MATRIX = 2,        /* bad CSC arrays (row/column set where known) */
  LUPINE_ERROR_PATTERN_MISMATCH = 3,      /* values for another pattern */
  LUPINE_ERROR_FILE = 4,                  /* cannot read or write a file */
  LUPINE_ERROR_PARSE = 5,                 /* malformed file content (line set) */
  LUPINE_ERROR_UNSUPPORTED = 6,           /* valid, but not handled by this build */
  LUPINE_ERROR_STRUCTURALLY_SINGULAR = 7, /* structural rank < n (column set) */
  LUPINE_ERROR_NUMERICALLY_SINGULAR = 8,  /* a zero or non-finite pivot column (column set) */
  LUPINE_ERROR_SIZE_OVERFLOW = 9,         /* a size does not fit the index type */
  LUPINE_ERROR_OUT_OF_MEMORY = 10,        /* an allocation failed (message: what, bytes) */
  LUPINE_ERROR_INTERNAL = 11,
  LUPINE_ERROR_NULL_ARGUMENT = 12,       /* a required pointer or handle is NULL */
  LUPINE_ERROR_CALL_ORDER = 13,          /* e.g. solve on a numeric whose last factor failed */
  LUPINE_ERROR_NOT_IN_PATTERN = 14,      /* a (row, column) outside the analyzed pattern */
  LUPINE_ERROR_WORKSPACE_TOO_SMALL = 15, /* the solve workspace is smaller than needed */
  LUPINE_ERROR_DIMENSION_MISMATCH = 16,  /* sizes that must agree do not */
  LUPINE_ERROR_NON_FINITE = 17,          /* NaN/Inf in the values or a right-hand side */
  LUPINE_ERROR_MEMORY_LIMIT = 18         /* predicted memory exceeds the memory_limit option */
} lupine_status;

/* The name of a lupine_status ("LUPINE_OK", "LUPINE_ERROR_..."); never NULL. Enum-typed
 * arguments of this API are passed as int, so that any value a caller sends is checked. */
LUPINE_EXPORT const char* lupine_status_string(int status);

/* The last error on the calling thread (kept until the next failing call on the thread). */
typedef struct lupine_error_info {
  lupine_status status;
  int64_t row;             /* in the caller's numbering, or -1 */
  int64_t column;          /* in the caller's numbering, or -1 */
  int64_t line;            /* 1-based file line, or -1 */
  int64_t structural_rank; /* structurally singular matrices, or -1 */
  char message[512];       /* NUL-terminated, truncated if longer */
} lupine_error_info;

/* Copies the calling thread's last error into *info (status LUPINE_OK when there was none). */
LUPINE_EXPORT lupine_status lupine_last_error(lupine_error_info* info);
/* The message of the calling thread's last error ("" when none); valid until the next
 * failing call on this thread. */
LUPINE_EXPORT const char* lupine_last_error_message(void);

/* The library's version (the one it was built as, which may differ from the macros above
 * when an application runs against another build). Any pointer may be NULL. */
LUPINE_EXPORT lupine_status lupine_version(int* major, int* minor, int* patch);
LUPINE_EXPORT const char* lupine_version_string(void);

/* ---- options ---- */

typedef struct lupine_options lupine_options;

typedef enum lupine_option {
  LUPINE_OPTION_ORDERING = 0,               /* lupine_ordering */
  LUPINE_OPTION_SCALING = 1,                /* lupine_scaling */
  LUPINE_OPTION_PATH = 2,                   /* lupine_factor_path */
  LUPINE_OPTION_BTF = 3,                    /* 0 or 1 */
  LUPINE_OPTION_PIVOT_THRESHOLD = 4,        /* in [0, 1] */
  LUPINE_OPTION_REFACTOR_THRESHOLD = 5,     /* in [0, 1] */
  LUPINE_OPTION_PERTURB_SINGULAR = 6,       /* 0 or 1 */
  LUPINE_OPTION_PIVOT_PERTURBATION = 7,     /* > 0 */
  LUPINE_OPTION_CHECK_FINITE = 8,           /* 0 or 1 */
  LUPINE_OPTION_THREADS = 9,                /* >= 0 (0: all cores) */
  LUPINE_OPTION_MEMORY_LIMIT = 10,          /* bytes, >= 0 (0: none) */
  LUPINE_OPTION_REFACTOR_GROWTH_LIMIT = 11, /* >= 0 (0: off); see lupine::Options */
  LUPINE_OPTION_ESTIMATE_CONDITION = 12     /* 0 or 1: lupine_stats.condition_estimate */
} lupine_option;

typedef enum lupine_ordering {
  LUPINE_ORDERING_AUTOMATIC = 0,
  LUPINE_ORDERING_AMD = 1,
  LUPINE_ORDERING_COLAMD = 2,
  LUPINE_ORDERING_NESTED_DISSECTION = 3,
  LUPINE_ORDERING_NATURAL = 4
} lupine_ordering;

typedef enum lupine_scaling {
  LUPINE_SCALING_NONE = 0,
  LUPINE_SCALING_MAX = 1,
  LUPINE_SCALING_SUM = 2
} lupine_scaling;

typedef enum lupine_factor_path {
  LUPINE_PATH_AUTOMATIC = 0,
  LUPINE_PATH_COLUMN = 1,
  LUPINE_PATH_DENSE = 2,
  LUPINE_PATH_SUPERNODAL = 3
} lupine_factor_path;

/* New options with the defaults of the C++ lupine::Options. */
LUPINE_EXPORT lupine_status lupine_options_create(lupine_options** options);
/* NULL is accepted and ignored. */
LUPINE_EXPORT lupine_status lupine_options_destroy(lupine_options* options);
/* Sets one option (a lupine_option); integer and enum options need an integral value. A value out
 * of range is refused (the options keep their old value). */
LUPINE_EXPORT lupine_status lupine_options_set(lupine_options* options, int option, double value);
LUPINE_EXPORT lupine_status lupine_options_get(const lupine_options* options, int option,
                                               double* value);

/* ---- analysis ---- */

typedef struct lupine_symbolic lupine_symbolic;

/* Analyzes the n x n pattern in CSC form: col_ptr[0..n], row_indices[0..nnz), with the
 * given index base (0 or 1; col_ptr uses the same base). Row indices must be increasing
 * within each column. `options` may be NULL (defaults); they are copied. */
LUPINE_EXPORT lupine_status lupine_analyze(const lupine_options* options, int64_t n,
                                           const int32_t* col_ptr, const int32_t* row_indices,
                                           int base, lupine_symbolic** symbolic);
LUPINE_EXPORT lupine_status lupine_analyze_i64(const lupine_options* options, int64_t n,
                                               const int64_t* col_ptr, const int64_t* row_indices,
                                               int base, lupine_symbolic** symbolic);
LUPINE_EXPORT lupine_status lupine_symbolic_destroy(lupine_symbolic* symbolic);
/* The order and number of pattern entries; either pointer may be NULL. */
LUPINE_EXPORT lupine_status lupine_symbolic_size(const lupine_symbolic* symbolic, int64_t* n,
                                                 int64_t* nnz);

/* The position in the values array (0-based, whatever the base) of entry (row, column),
 * both in the caller's base; LUPINE_ERROR_NOT_IN_PATTERN when the pattern lacks it. */
LUPINE_EXPORT lupine_status lupine_symbolic_slot(const lupine_symbolic* symbolic, int64_t row,
                                                 int64_t column, int64_t* slot);
/* The positions of `count` entries at once; on an entry outside the pattern, fails naming
 * it (slots before it are filled). */
LUPINE_EXPORT lupine_status lupine_symbolic_slots(const lupine_symbolic* symbolic, int64_t count,
                                                  const int64_t* rows, const int64_t* columns,
                                                  int64_t* slots);

/* ---- factorization ---- */

typedef struct lupine_numeric lupine_numeric;

/* A pivoting factorization of `values` (nnz of them, in pattern order) on the analysis.
 * The numeric handle keeps its own reference to the analysis: the symbolic handle may be
 * destroyed afterwards. */
LUPINE_EXPORT lupine_status lupine_factor(const lupine_symbolic* symbolic, const double* values,
                                          lupine_numeric** numeric);
/* A new pivoting factorization of new values, in an existing handle. */
LUPINE_EXPORT lupine_status lupine_numeric_factor(lupine_numeric* numeric, const double* values);
/* Refactors new values with the pivot sequence of the last pivoting factorization; when a
 * reused pivot fails the guard (LUPINE_OPTION_REFACTOR_THRESHOLD) a pivoting factorization
 * runs instead. *pivots_reused (may be NULL) is 1 when the old pivots were kept, 0 when it
 * re-pivoted. After a failure the handle has no usable factorization until the next
 * successful factor or refactor (solves return LUPINE_ERROR_CALL_ORDER). */
LUPINE_EXPORT lupine_status lupine_refactor(lupine_numeric* numeric, const double* values,
                                            int* pivots_reused);

/* Per-call settings of lupine_refactor_with; lupine_refactor_options_init sets the defaults
 * (every field "keep what the options say", no shift). */
typedef struct lupine_refactor_options {
  double refactor_threshold;    /* this call's guard, in [0, 1]; < 0: the analysis options' */
  double refactor_growth_limit; /* this call's growth limit, >= 0 (0: off); < 0: options' */
  double pivot_threshold;       /* tau of a re-pivoting factorization, in [0, 1]; < 0: options' */
  int force_repivot;            /* nonzero: skip the reuse, pivot afresh */
  /* Diagonal shift (Gmin): diagonal_shift is added to A(i, i) for the shifted_row_count rows
   * i at shifted_rows (caller's base; each (i, i) must be in the pattern). The factors,
   * solves and refinement are those of the shifted matrix until the next factor/refactor. */
  const int64_t* shifted_rows;
  int64_t shifted_row_count;
  double diagonal_shift;
} lupine_refactor_options;

LUPINE_EXPORT lupine_status lupine_refactor_options_init(lupine_refactor_options* options);
/* lupine_refactor with per-call settings (`options` may be NULL: the defaults). Allocates
 * nothing once a call with as many shifted rows has run. */
LUPINE_EXPORT lupine_status lupine_refactor_with(lupine_numeric* numeric, const double* values,
                                                 const lupine_refactor_options* options,
                                                 int* pivots_reused);
LUPINE_EXPORT lupine_status lupine_numeric_destroy(lupine_numeric* numeric);

/* ---- solve ---- */

typedef enum lupine_transpose {
  LUPINE_NO_TRANSPOSE = 0, /* A x = b */
  LUPINE_TRANSPOSE = 1     /* A^T x = b */
} lupine_transpose;

/* The doubles of workspace lupine_solve and lupine_solve_refined need for nrhs right-hand
 * sides (a smaller one of at least the size for nrhs = 1 also works, more slowly). */
LUPINE_EXPORT lupine_status lupine_solve_workspace_size(const lupine_numeric* numeric, int64_t nrhs,
                                                        size_t* size);
/* In place: B (n x nrhs, leading dimension ldb) becomes op(A)^-1 B (op: a lupine_transpose). */
LUPINE_EXPORT lupine_status lupine_solve(const lupine_numeric* numeric, int op, int64_t nrhs,
                                         double* B, int64_t ldb, double* workspace,
                                         size_t workspace_size);
/* X = op(A)^-1 B with up to refine_steps steps of iterative refinement; B and X are n x nrhs
 * with leading dimension ld (X may equal B). *backward_error (may be NULL) gets the
 * componentwise backward error, the largest over the right-hand sides (NaN when
 * refine_steps is 0). */
LUPINE_EXPORT lupine_status lupine_solve_refined(const lupine_numeric* numeric, int op,
                                                 int64_t nrhs, const double* B, double* X,
                                                 int64_t ld, int refine_steps,
                                                 double* backward_error, double* workspace,
                                                 size_t workspace_size);

/* ---- statistics and determinant ---- */

typedef struct lupine_stats {
  int64_t n;
  int64_t nnz;
  int64_t structural_rank;
  int64_t btf_blocks;
  int64_t largest_block;
  int64_t supernodal_blocks;
  int64_t predicted_lu_nnz;
  double predicted_flops;
  int64_t predicted_factor_bytes;
  int64_t predicted_working_bytes;
  /* the fields below are 0 for a lupine_symbolic */
  int64_t lu_nnz;
  double factor_flops;
  int64_t off_diagonal_pivots;
  int64_t perturbed_pivots;
  int64_t delayed_pivots;
  int64_t working_bytes;
  double pivot_growth;
  double smallest_pivot_ratio; /* min |u_kk| / max |column k| of the column path's pivots */
  int64_t factor_count;
  int64_t refactor_count;
  int64_t refactor_fallbacks;
  double analyze_seconds;
  double factor_seconds;
  double refactor_seconds;
  int threads;
  /* LUPINE_OPTION_ESTIMATE_CONDITION: the 1-norm condition estimate of the last factor or
   * refactor (as lupine_condition_estimate gives it); 0 when the option is off */
  double condition_estimate;
} lupine_stats;

LUPINE_EXPORT lupine_status lupine_symbolic_stats(const lupine_symbolic* symbolic,
                                                  lupine_stats* stats);
LUPINE_EXPORT lupine_status lupine_numeric_stats(const lupine_numeric* numeric,
                                                 lupine_stats* stats);

/* An estimate of the 1-norm condition number ||A||_1 ||A^-1||_1 of the values of the last
 * factor or refactor: ||A||_1 exactly, ||A^-1||_1 from at most 11 solves (Hager's method as
 * refined by Higham; a lower bound up to rounding, rarely 3 times too small). +inf when A is
 * singular to working precision. Allocates; may run concurrently with solves. */
LUPINE_EXPORT lupine_status lupine_condition_estimate(const lupine_numeric* numeric,
                                                      double* condition);

/* det A as sign (+1, -1, 0 when singular) and natural log of |det A|. */
LUPINE_EXPORT lupine_status lupine_determinant(const lupine_numeric* numeric, double* sign,
                                               double* log_abs);
/* det A = mantissa * 2^exponent, 0.5 <= |mantissa| < 1 (0 and 0 when singular). */
LUPINE_EXPORT lupine_status lupine_determinant_base2(const lupine_numeric* numeric,
                                                     double* mantissa, int64_t* exponent);

#ifdef __cplusplus
}
#endif

#endif /* LUPINE_LUPINE_H */
