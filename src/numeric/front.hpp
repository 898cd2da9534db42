// Partial LU factorization of one dense frontal matrix, the kernel of the supernodal path.
//
// A front F (order m, column-major, leading dimension m) has nfs fully summed rows and
// columns first, then the rows and columns it passes on to its parent. Its fully summed
// columns and its other columns may live apart (the supernodal driver assembles the first
// ones straight into the factor's storage, so that L needs no copying out). Factoring it
// eliminates up to nfs pivots: F = [L11 0; L21 I] [U11 U12; 0 S] with S the Schur complement
// (the contribution block) left in place in the trailing part of F.
//
// Threshold partial pivoting: a pivot for fully summed column j may only come from a fully
// summed row (the other rows still receive updates from elsewhere in the tree), and must
// satisfy |a_pj| >= tau * max_i |a_ij| over the whole column of the front, so that growth is
// bounded as in ordinary threshold pivoting; the diagonal entry is kept when it passes. A
// column with no acceptable pivot is delayed: it is moved behind the remaining fully summed
// columns and, once every other column was tried, retried as long as retries make progress;
// what is still left is passed to the parent front with its row (Duff and Reid's delayed
// pivots, as in MUMPS).
//
// Fronts of order up to kUnblockedFrontOrder are eliminated unblocked instead: one pivot at
// a time, each column checked as it comes, a rank-1 update of everything to its right.
//
// The elimination is blocked in two levels so that nearly all flops are GEMM: candidate
// columns are brought up to date left-looking from the pivots of the current inner block
// (at most kInnerBlock of them, so BLAS-2 work stays small), inner blocks update the rest of
// the outer block right-looking, and each outer block of up to kOuterBlock pivots updates the
// trailing matrix with one TRSM and one GEMM per column tile. Tiles are fixed by the front's
// dimensions, never by the thread count, so the arithmetic, and thus every bit of the result,
// is the same whether the tiles run on one thread or many.
#pragma once

#include <cstdint>

#include "core/scalar.hpp"

namespace lupine::detail {

enum class FrontMode {
  pivoting,  // choose pivots (threshold partial pivoting) and delay what cannot be pivoted
  fixed      // rows and columns are already in pivot order: eliminate `fixed_eliminated`
};

/// How the elimination is organized: the two give the same pivots and factors up to
/// rounding. `automatic` takes the unblocked one for fronts up to kUnblockedFrontOrder,
/// where BLAS calls and blocking cost more than the arithmetic; the others are for tests.
enum class FrontKernel { automatic, blocked, unblocked };

/// The largest order `FrontKernel::automatic` factors unblocked (docs/paths.md, "Small
/// fronts"). The choice depends on the order alone, so a refactorization takes the kernel
/// its factorization took.
constexpr std::int64_t kUnblockedFrontOrder = 64;

template <class Scalar, class Index>
struct FrontProblem {
  using Real = real_type_t<Scalar>;
  Scalar* front = nullptr;  // the fully summed columns: m x nfs, leading dimension m
  /// The other columns, m x (m - nfs), leading dimension m; null: they follow `front`.
  Scalar* trailing = nullptr;
  Index order = 0;         // m
  Index fully_summed = 0;  // nfs
  /// The front's row and column indices, permuted along with the rows and columns.
  Index* row_ids = nullptr;
  Index* col_ids = nullptr;
  /// m scalars of scratch.
  Scalar* column_scratch = nullptr;
  FrontMode mode = FrontMode::pivoting;
  Index fixed_eliminated = 0;
  Real pivot_threshold = 0.1;  // tau, pivoting mode
  Real guard_threshold = 0;    // fixed mode: |u_kk| >= guard * max |column| or the guard fails
  /// Pivoting mode, when positive: a chosen pivot smaller than this is raised to it (its
  /// sign kept), and at a root front (order == fully_summed) a column with nothing but zeros
  /// left gets it as pivot instead of being reported singular (elsewhere it is delayed).
  Real perturbation = 0;
  bool allow_parallel = false;  // run the trailing-update tiles as TBB tasks when worthwhile
  FrontKernel kernel = FrontKernel::automatic;
};

struct FrontOutcome {
  std::int64_t eliminated = 0;
  std::int64_t off_diagonal_pivots = 0;  // pivots taken from a row other than the diagonal's
  std::int64_t perturbed_pivots = 0;
  double flops = 0;
  /// max over the front's columns j of max|U(:,j) in this front| / max|A(:,j)| (set by the
  /// supernodal driver, which knows A).
  double growth = 1;
  /// Fixed mode: the position of the first pivot that failed the guard, else -1.
  std::int64_t guard_failed_at = -1;
  /// A NaN or infinity met in the column at this position (the factorization stopped there).
  std::int64_t non_finite_at = -1;
};

/// Factors the fully summed block of `problem.front` in place (see the file comment).
/// On return the first `eliminated` rows/columns hold L11\U11, L21 and U12; rows and columns
/// eliminated..fully_summed-1 are the delayed ones, then the original trailing ones; the
/// trailing (order - eliminated) square block is the contribution block. In fixed mode the
/// fully summed columns are updated in place (a failed guard stops the factorization, so no
/// column has to be kept as it was).
template <class Scalar, class Index>
void factor_front(const FrontProblem<Scalar, Index>& problem, FrontOutcome& outcome);

/// Flops of eliminating e pivots from a front of order m (divisions and multiply-adds, each
/// multiply-add counted as two), the count the analysis predicts and Stats reports.
double front_flops(double order, double eliminated);

}  // namespace lupine::detail
