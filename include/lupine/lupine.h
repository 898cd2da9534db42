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
 * CSC arrays; 2*nnz doubles, interleaved re/im, for the complex entry points). lupine_symbolic_slot
 * turns (row, column) into a position in that array once, so stamping code can write values without
 * searching.
 *
 * Threads: handles may be used from several threads as long as no two threads use one
 * lupine_numeric (or lupine_znumeric) at the same time, except for lupine_solve* (lupine_zsolve*)
 * on a factored handle, which may run concurrently when each thread passes its own workspace. A
 * lupine_symbolic is immutable and may be shared freely, also by several numeric handles, real
 * and complex.
 *
 * Index width: lupine_analyze takes 32-bit CSC arrays and keeps 32-bit indices inside;
 * lupine_analyze_i64 takes 64-bit arrays and keeps 64-bit indices inside (twice the index
 * memory), for problems whose order, entries or factors pass 2^31 - 1. With 32-bit indices,
 * an order or entry count past them, an analysis whose predicted nnz(L+U) passes them, and a
 * factorization whose pivoting fills past them give LUPINE_ERROR_SIZE_OVERFLOW, the message
 * naming the count and lupine_analyze_i64.
 *
 * Complex matrices (AC, noise and pole-zero analyses, frequency-domain FEM) have their own
 * handle, lupine_znumeric, and entry points named like the real ones with a z (the
 * BLAS/LAPACK letter for complex double, as in zgetrf and klu_z_factor): lupine_zfactor,
 * lupine_zrefactor, lupine_zsolve, ... A lupine_symbolic is scalar-independent: one analysis
 * serves real and complex factorizations of its pattern (a simulator analyzes once and runs
 * DC and AC on it). See "complex factorization" below for the value layout.
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
  LUPINE_OPTION_ORDERING = 0,                 /* lupine_ordering */
  LUPINE_OPTION_SCALING = 1,                  /* lupine_scaling */
  LUPINE_OPTION_PATH = 2,                     /* lupine_factor_path */
  LUPINE_OPTION_BTF = 3,                      /* 0 or 1 */
  LUPINE_OPTION_PIVOT_THRESHOLD = 4,          /* in [0, 1] */
  LUPINE_OPTION_REFACTOR_THRESHOLD = 5,       /* in [0, 1] */
  LUPINE_OPTION_PERTURB_SINGULAR = 6,         /* 0 or 1 */
  LUPINE_OPTION_PIVOT_PERTURBATION = 7,       /* > 0 */
  LUPINE_OPTION_CHECK_FINITE = 8,             /* 0 or 1 */
  LUPINE_OPTION_THREADS = 9,                  /* >= 0 (0: all cores) */
  LUPINE_OPTION_MEMORY_LIMIT = 10,            /* bytes, >= 0 (0: none) */
  LUPINE_OPTION_REFACTOR_GROWTH_LIMIT = 11,   /* >= 0 (0: off); see lupine::Options */
  LUPINE_OPTION_ESTIMATE_CONDITION = 12,      /* 0 or 1: lupine_stats.condition_estimate */
  LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS = 13, /* 0 or 1 (default 1); see lupine::Options */
  LUPINE_OPTION_SOLVE_FLUSH_TO_ZERO = 14,     /* 0 or 1 (default 0): subnormals count as zero
                                               * in solves; see lupine::Options */
  LUPINE_OPTION_RESCALE_ON_REFACTOR = 15      /* 0 or 1 (default 0): refactor recomputes the
                                               * row scaling; see lupine::Options */
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
  LUPINE_NO_TRANSPOSE = 0,       /* A x = b */
  LUPINE_TRANSPOSE = 1,          /* A^T x = b (no conjugation, also for complex A) */
  LUPINE_CONJUGATE_TRANSPOSE = 2 /* A^H x = b; for a real A the same as LUPINE_TRANSPOSE */
} lupine_transpose;

/* The doubles of workspace lupine_solve and lupine_solve_refined need for nrhs right-hand
 * sides (a smaller one of at least the size for nrhs = 1 also works, more slowly). They
 * include n for lupine_solve_refined to keep a right-hand side that X = B overwrites. */
LUPINE_EXPORT lupine_status lupine_solve_workspace_size(const lupine_numeric* numeric, int64_t nrhs,
                                                        size_t* size);
/* In place: B (n x nrhs, leading dimension ldb) becomes op(A)^-1 B (op: a lupine_transpose;
 * LUPINE_CONJUGATE_TRANSPOSE is LUPINE_TRANSPOSE for a real A). */
LUPINE_EXPORT lupine_status lupine_solve(const lupine_numeric* numeric, int op, int64_t nrhs,
                                         double* B, int64_t ldb, double* workspace,
                                         size_t workspace_size);
/* X = op(A)^-1 B with up to refine_steps steps of iterative refinement; B and X are n x nrhs
 * with leading dimension ld (X may equal B, in place; no other overlap is allowed). When X
 * equals B every right-hand side is checked before any is overwritten, and each is solved
 * on its own, kept in the workspace. *backward_error (may be NULL) gets the
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
  /* column-path blocks of the last factorization: columns eliminated as one dense front at the
   * end of their block, and columns that took their diagonal pivot on the pattern analysis
   * found for it (LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS) */
  int64_t dense_tail_columns;
  int64_t presumed_pivot_columns;
} lupine_stats;
/* predicted_factor_bytes and predicted_working_bytes are those of a real factorization, also
 * in the statistics of a lupine_znumeric (as lupine::Stats gives them): a complex one needs
 * twice as many. working_bytes is what the handle's own factorizations used. */

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

/* ---- complex factorization ----
 *
 * Values. A complex number is two doubles, real part first, and every complex array of this
 * API is a `double*` over those interleaved pairs: the values of a pattern are 2*nnz doubles
 * (entry k, the one lupine_symbolic_slot calls slot k, is values[2k] + i values[2k+1]), a
 * right-hand side of order n is 2*n doubles. This is the layout of C99 `double _Complex`
 * (C11 6.2.5p13: the same representation and alignment as `double[2]`) and of C++
 * `std::complex<double>` ([complex.numbers]: an array of them may be accessed as doubles),
 * so a C caller passes `(double*)z` for a `double _Complex* z`, a C++ caller
 * `reinterpret_cast<double*>(z)`, and arrays of a `struct { double re, im; }` or of Fortran
 * COMPLEX*16 or numpy complex128 go as they are. A `lupine_complex` struct type was not
 * chosen: the standards guarantee the two-doubles layout for `double _Complex` and
 * `std::complex<double>`, not for a struct of ours, so their arrays would have to be read
 * through a struct pointer that C's aliasing rules do not allow, and `double*` needs no new
 * type in any language binding.
 *
 * Counts. n, nnz, nrhs and the leading dimensions count complex entries (B is n x nrhs complex
 * with leading dimension ldb: column r starts at B + 2 * r * ldb); the solve workspace is
 * counted in doubles, as for lupine_solve, so `malloc(size * sizeof(double))` sizes it in both.
 *
 * Handle. lupine_znumeric is its own opaque type, not a lupine_numeric with a scalar tag, so
 * that passing a real handle to a complex entry point (or the reverse) is a compile-time error
 * (an incompatible pointer type) rather than a status found at run time. Everything else
 * behaves as for lupine_numeric: the same status codes, last error (row and column in the
 * caller's base), checks of every argument, NaN/Inf refused in the values (either part) and in
 * a right-hand side, pivoting by modulus, and LUPINE_ERROR_CALL_ORDER after a failed factor
 * or refactor until the next successful one. A lupine_znumeric keeps its own reference to the
 * analysis; several threads may solve with one factored handle, each with its workspace.
 */

typedef struct lupine_znumeric lupine_znumeric;

/* A pivoting factorization of the complex `values` (2*nnz doubles) on the analysis, which
 * may be the one a real lupine_factor also uses. */
LUPINE_EXPORT lupine_status lupine_zfactor(const lupine_symbolic* symbolic, const double* values,
                                           lupine_znumeric** numeric);
LUPINE_EXPORT lupine_status lupine_znumeric_factor(lupine_znumeric* numeric, const double* values);
/* As lupine_refactor, for complex values. */
LUPINE_EXPORT lupine_status lupine_zrefactor(lupine_znumeric* numeric, const double* values,
                                             int* pivots_reused);
/* As lupine_refactor_with; the diagonal shift (Gmin) stays real and is added to the real
 * part of A(i, i). */
LUPINE_EXPORT lupine_status lupine_zrefactor_with(lupine_znumeric* numeric, const double* values,
                                                  const lupine_refactor_options* options,
                                                  int* pivots_reused);
/* NULL is accepted and ignored. */
LUPINE_EXPORT lupine_status lupine_znumeric_destroy(lupine_znumeric* numeric);

/* The doubles (not complex entries) of workspace lupine_zsolve and lupine_zsolve_refined
 * need for nrhs right-hand sides, room to keep a right-hand side that X = B overwrites
 * included (a smaller one of at least the size for nrhs = 1 also works, more slowly). */
LUPINE_EXPORT lupine_status lupine_zsolve_workspace_size(const lupine_znumeric* numeric,
                                                         int64_t nrhs, size_t* size);
/* In place: B (n x nrhs complex, leading dimension ldb in complex entries) becomes
 * op(A)^-1 B; op is LUPINE_NO_TRANSPOSE (A), LUPINE_TRANSPOSE (A^T, no conjugation) or
 * LUPINE_CONJUGATE_TRANSPOSE (A^H). workspace_size counts doubles. */
LUPINE_EXPORT lupine_status lupine_zsolve(const lupine_znumeric* numeric, int op, int64_t nrhs,
                                          double* B, int64_t ldb, double* workspace,
                                          size_t workspace_size);
/* As lupine_solve_refined, for complex B and X (n x nrhs, leading dimension ld in complex
 * entries; X may equal B, in place, as there); *backward_error is the componentwise backward
 * error (real). */
LUPINE_EXPORT lupine_status lupine_zsolve_refined(const lupine_znumeric* numeric, int op,
                                                  int64_t nrhs, const double* B, double* X,
                                                  int64_t ld, int refine_steps,
                                                  double* backward_error, double* workspace,
                                                  size_t workspace_size);

LUPINE_EXPORT lupine_status lupine_znumeric_stats(const lupine_znumeric* numeric,
                                                  lupine_stats* stats);
/* As lupine_condition_estimate (Higham's complex variant of the estimator, with A^H solves). */
LUPINE_EXPORT lupine_status lupine_zcondition_estimate(const lupine_znumeric* numeric,
                                                       double* condition);
/* det A = sign * exp(log_abs): sign (2 doubles: re, im; `(double*)&z` for a `double _Complex
 * z`) is det A / |det A|, of modulus 1 (0 + 0i when singular, with log_abs -inf); log_abs is
 * the natural log of |det A|. */
LUPINE_EXPORT lupine_status lupine_zdeterminant(const lupine_znumeric* numeric, double* sign,
                                                double* log_abs);
/* det A = mantissa * 2^exponent, mantissa (2 doubles: re, im) with 0.5 <= |mantissa| < 1 up
 * to rounding (the modulus; both parts and the exponent 0 when singular): the determinant
 * without overflow or underflow, as a pole-zero analysis compares it across frequencies. */
LUPINE_EXPORT lupine_status lupine_zdeterminant_base2(const lupine_znumeric* numeric,
                                                      double* mantissa, int64_t* exponent);

#ifdef __cplusplus
}
#endif

#endif /* LUPINE_LUPINE_H */
