// The sparse LU solver: analyze (pattern) -> factor / refactor (values) -> solve.
//
//   lupine::Symbolic<> symbolic = lupine::analyze(A, options);   // immutable, shareable
//   lupine::Numeric<> numeric(symbolic, A, options);             // P R A Q = L U
//   numeric.refactor(A_new_values);                               // same pattern, reused pivots
//   numeric.solve(b, x, 1, n, Transpose::no, refine_steps, workspace);   // const, thread-safe
//
// Numbering: every index in errors, statistics and exported factors is 0-based in the
// caller's numbering of A.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lupine/dense.hpp"
#include "lupine/error.hpp"
#include "lupine/sparse.hpp"

namespace lupine {

enum class Ordering {
  automatic,          // per BTF block, from its size and pattern symmetry (docs/ordering.md)
  amd,                // AMD on the pattern of B + Bᵀ of each block B
  colamd,             // COLAMD on each block
  nested_dissection,  // METIS nested dissection on the pattern of B + Bᵀ of each block
  natural,            // keep the order (after BTF when it is on)
  given               // Options::given_column_order (BTF is then off)
};
enum class Scaling { none, max, sum };
enum class Matching {
  structural,  // BTF's maximum transversal: any zero-free diagonal (KLU's choice)
  max_product  // the transversal whose diagonal has the largest product of magnitudes
};
enum class FactorPath {
  automatic,  // per block, from the symbolic statistics
  column,     // left-looking sparse LU (Gilbert-Peierls) with threshold partial pivoting
  dense,      // LAPACK getrf on the dense block
  supernodal  // multifrontal LU over the block's assembly tree (dense fronts, BLAS-3, TBB)
};

const char* to_string(Ordering ordering) noexcept;
const char* to_string(Scaling scaling) noexcept;
const char* to_string(Matching matching) noexcept;
const char* to_string(FactorPath path) noexcept;

struct Options {
  Ordering ordering = Ordering::automatic;
  /// For Ordering::given: a permutation of 0..n-1, the column elimination order.
  std::vector<std::int64_t> given_column_order;
  /// Permute to block upper triangular form (maximum transversal + strong components).
  bool btf = true;
  /// Which rows the diagonal of each block pairs with its columns. max_product needs the
  /// values at analysis (analyze of a pattern-only matrix refuses it) and keeps the blocks of
  /// BTF; it puts large entries where pivoting prefers them, which cut the off-diagonal
  /// pivots and delays of some matrices and grew the fill of others (docs/ordering.md,
  /// "Weighted matching"). Not with Ordering::given.
  Matching matching = Matching::structural;
  /// Threshold partial pivoting: a pivot p in column k is acceptable when
  /// |a_pk| >= pivot_threshold * max_i |a_ik|; the diagonal is kept when acceptable.
  /// 1 is classic partial pivoting, 0 keeps the diagonal whenever it is nonzero.
  double pivot_threshold = 0.1;
  /// Row scaling applied before factorization (column scaling would not change any pivot
  /// choice: every pivot test compares entries of one column).
  Scaling scaling = Scaling::max;
  FactorPath path = FactorPath::automatic;
  /// refactor() accepts a reused pivot u_kk when it is finite, nonzero and
  /// |u_kk| >= refactor_threshold * max |entries of column k after the update|;
  /// otherwise it runs a pivoting factor() and reports `repivoted`. The default and the
  /// growth limit below come from docs/refactor_guard.md (50k measured refactorizations: no
  /// inaccurate reuse accepted, and 90% fewer needless re-pivots than the earlier 1e-3).
  double refactor_threshold = 1e-10;
  /// refactor() also re-pivots when the pivot growth of the reuse (Stats::pivot_growth)
  /// exceeds refactor_growth_limit * max(1, the growth of the last pivoting factorization);
  /// 0 turns this check off.
  double refactor_growth_limit = 1e6;
  /// refactor() keeps the row scaling of the last pivoting factorization unless this is true
  /// (then it recomputes it from the new values, as factor() and KLU's refactor do). The
  /// multipliers are powers of two, so where the pivots are reused the solutions are the
  /// same bits either way (dense blocks pivot afresh, on the kept scaling). When the guard
  /// rejects the reuse on the kept scaling, refactor recomputes it and asks the guard again
  /// before pivoting afresh; it also recomputes it when the new values, scaled by it, could
  /// come within 2^60 of underflow or overflow (docs/refactor_guard.md, "Keeping the row
  /// scaling").
  bool rescale_on_refactor = false;
  /// Static pivoting for nearly singular matrices: when true, a pivot smaller than
  /// pivot_perturbation * max|RA| (a zero one included) is replaced by one of that size, its
  /// sign kept, instead of an error; counted in Stats::perturbed_pivots. The factors are
  /// then those of a nearby matrix: solve with refinement. The default is sqrt(eps).
  bool perturb_singular_pivots = false;
  double pivot_perturbation = 1.4901161193847656e-08;
  /// Reject NaN/Inf in the values given to factor/refactor.
  bool check_finite = true;
  /// Worker threads for factorization (0: all cores). Results do not depend on it.
  int threads = 0;
  /// Under FactorPath::automatic a block takes the dense path when its order is in
  /// [dense_min_order, dense_max_order] and its predicted density nnz(L+U)/order² is at least
  /// dense_min_density (measured on ../shared/matrices: below ~64 the LAPACK call costs more
  /// than the sparse kernel saves; see docs/paths.md).
  std::int64_t dense_min_order = 64;
  std::int64_t dense_max_order = 5000;
  double dense_min_density = 0.5;
  /// A column-path block whose last columns are predicted to fill in nearly densely factors
  /// them as one dense front (BLAS-3, the supernodal path's kernel, same threshold pivoting)
  /// when there are at least dense_tail_min_order of them and their predicted lower triangle
  /// is at least dense_tail_min_density full; 0 turns dense tails off (docs/paths.md).
  std::int64_t dense_tail_min_order = 32;
  double dense_tail_min_density = 0.8;
  /// Column-path blocks: analysis also finds L and U's pattern for pivots on the diagonal,
  /// and factorization follows it without searching while each diagonal pivot passes the
  /// threshold test, going on with the searching kernel from the first that does not. Where
  /// every pivot is diagonal the factors are those of the searching kernel, bit for bit (real
  /// values); past a rejected diagonal they agree with them to rounding. Costs analysis time
  /// and nnz(L+U) indices in the Symbolic (docs/paths.md, "Presumed diagonal pivots"). Read
  /// by analyze() and by factor().
  bool presume_diagonal_pivots = true;
  /// When positive, factorizations whose predicted memory (factors plus working memory, in
  /// bytes) exceeds it are refused by the Numeric constructor with an out_of_memory error
  /// that gives the prediction, before any numeric work.
  std::int64_t memory_limit = 0;
  /// When true, every successful factor() and refactor() also estimates the 1-norm condition
  /// number of A (Numeric::condition_estimate) into Stats::condition_estimate; it costs about
  /// ten solves and one allocation, counted in factor_seconds / refactor_seconds.
  bool estimate_condition = false;
  /// When true, solves run with the CPU's flush-to-zero and denormals-are-zero modes (x86
  /// SSE/AVX; no effect elsewhere): right-hand-side entries and intermediate results of
  /// magnitude below 2.2e-308 count as zero. Many Intel CPUs take a microcode assist, ~100
  /// cycles, for each operation on such numbers; an RLC ladder's transient in ngspice (200k
  /// equations) has ~150k of them in every solution, and its solves took 12 ms instead of
  /// 2 ms. For simulators, whose tolerances are far above 1e-308; off by default, since it
  /// changes the answer where those numbers are meant (docs/ngspice.md). The calling
  /// thread's two modes are put back on return (its exception flags are left as raised).
  bool solve_flush_to_zero = false;

  /// Throws invalid_argument naming the bad field.
  void validate() const;
};

struct Stats {
  // analysis
  std::int64_t n = 0;
  std::int64_t nnz = 0;
  std::int64_t structural_rank = 0;
  std::int64_t btf_blocks = 0;
  std::int64_t singleton_blocks = 0;
  std::int64_t largest_block = 0;
  /// Options::matching = max_product: columns paired with another row than the structural
  /// transversal gave them.
  std::int64_t rematched_columns = 0;
  std::int64_t dense_blocks = 0;
  std::int64_t column_blocks = 0;
  std::int64_t supernodal_blocks = 0;
  std::int64_t supernodes = 0;     // fronts of the supernodal blocks
  std::int64_t largest_front = 0;  // order of the largest front the analysis predicts
  std::int64_t predicted_lu_nnz = 0;
  double predicted_flops = 0;
  /// Predicted memory of a factorization, in bytes (for double; complex doubles it): the
  /// factors, and the working memory of a one-thread supernodal factorization (fronts,
  /// contribution blocks and stacks alive at once).
  std::int64_t predicted_factor_bytes = 0;
  std::int64_t predicted_working_bytes = 0;
  // factorization
  std::int64_t nnz_L =
      0;  // strictly lower entries of the diagonal blocks (unit diagonal not stored)
  std::int64_t nnz_U = 0;            // upper entries of the diagonal blocks, diagonal included
  std::int64_t nnz_offdiagonal = 0;  // entries of the off-diagonal BTF blocks
  std::int64_t lu_nnz = 0;           // nnz_L + nnz_U + nnz_offdiagonal
  double factor_flops = 0;           // multiply-adds and divisions of the last factor()
  std::int64_t off_diagonal_pivots = 0;
  std::int64_t perturbed_pivots = 0;
  /// Supernodal path: columns passed from a front to its parent for lack of an acceptable
  /// pivot (a column delayed twice counts twice).
  std::int64_t delayed_pivots = 0;
  /// Column-path blocks: columns eliminated as one dense front at the end of their block
  /// (Options::dense_tail_min_order) in the last factorization.
  std::int64_t dense_tail_columns = 0;
  /// Column-path blocks: columns of the last factorization that took their diagonal pivot
  /// on the pattern found in analysis (Options::presume_diagonal_pivots).
  std::int64_t presumed_pivot_columns = 0;
  /// Working memory the supernodal path held at its peak (bytes), over this Numeric's life.
  std::int64_t working_bytes = 0;
  /// max_j max|U(:,j)| / max|(RA)(:,j)| over the last factorization (1 is ideal).
  double pivot_growth = 0;
  /// Column-path blocks: min over the pivots of the last factor/refactor of |u_kk| / max |entries
  /// of column k after its update| (1 when there are none): how near a reuse came to the guard.
  double smallest_pivot_ratio = 1;
  /// Options::estimate_condition: the estimate of κ₁(A) of the last factor/refactor
  /// (ConditionEstimate::condition); 0 when the option is off.
  double condition_estimate = 0;
  std::int64_t factor_count = 0;
  std::int64_t refactor_count = 0;
  std::int64_t refactor_fallbacks = 0;
  // timings of the last call of each phase, seconds (solve is const and thread-safe, so
  // callers time their own solves)
  double analyze_seconds = 0;
  double factor_seconds = 0;
  double refactor_seconds = 0;
  int threads = 1;
  /// The dense kernels used (BLAS library and its kernel for this CPU), when any ran.
  std::string blas;
};

/// The dense kernels (BLAS/LAPACK) Lupine's supernodal and dense paths call.
struct DenseKernels {
  std::string library;  // e.g. "OpenBLAS 0.3.21 (SkylakeX kernels)"
  /// Single-threaded DGEMM GFLOP/s on this machine, measured on 1000^3 products the first
  /// time it is asked for (about 0.1 s); the ceiling for factorization speed.
  double dgemm_gflops = 0;
};
/// Describes the dense kernels; `measure` false skips the DGEMM timing (dgemm_gflops 0).
DenseKernels dense_kernels(bool measure = true);

namespace detail {
template <class Index>
struct SymbolicData;
template <class Scalar, class Index>
struct NumericData;
}  // namespace detail

/// The result of analysis: permutations, block structure, predicted fill and the path per
/// block. Immutable; copies share one analysis and may be used from several threads.
template <class Index = std::int32_t>
class Symbolic {
 public:
  Symbolic() = default;
  explicit Symbolic(std::shared_ptr<const detail::SymbolicData<Index>> data);

  bool empty() const noexcept { return data_ == nullptr; }
  Index size() const;
  Index nnz() const;
  const Options& options() const;
  /// Analysis statistics (the factorization fields are zero).
  const Stats& stats() const;
  const detail::SymbolicData<Index>& data() const;

 private:
  std::shared_ptr<const detail::SymbolicData<Index>> data_;
};

/// Analyzes the pattern of `matrix` (values ignored; explicit zeros are part of the pattern).
/// Throws structurally_singular (with the structural rank and an unmatched column) when BTF
/// is on and no zero-free diagonal exists.
template <class Scalar, class Index>
Symbolic<Index> analyze(const CscMatrix<Scalar, Index>& matrix, const Options& options = {});

enum class RefactorStatus {
  reused_pivots,  // the old pivot sequence passed every check
  repivoted       // a check failed; a pivoting factorization ran instead
};
const char* to_string(RefactorStatus status) noexcept;

/// Per-call settings of Numeric::refactor, for simulation loops that adjust them step by step.
struct RefactorOptions {
  /// The guard of this call (as Options::refactor_threshold) when >= 0; < 0 keeps the option.
  double refactor_threshold = -1;
  /// The growth limit of this call (as Options::refactor_growth_limit) when >= 0; < 0 keeps
  /// the option.
  double refactor_growth_limit = -1;
  /// The pivot threshold of a re-pivoting factorization this call runs (as
  /// Options::pivot_threshold) when >= 0; < 0 keeps the option.
  double pivot_threshold = -1;
  /// Skip the reuse and run a pivoting factorization (reports `repivoted`).
  bool force_repivot = false;
  /// A diagonal shift (a simulator's Gmin): `diagonal_shift` is added to A(i, i) for the
  /// `shifted_row_count` rows i at `shifted_rows` (0-based; each (i, i) must be in the
  /// analyzed pattern). The factors, solves and refinement are then those of the shifted
  /// matrix.
  const std::int64_t* shifted_rows = nullptr;
  std::size_t shifted_row_count = 0;
  double diagonal_shift = 0;
};

/// det A for a real (Scalar = double) or complex factorization.
template <class Scalar>
struct DeterminantOf {
  /// det A / |det A|: +1 or -1 for a real matrix, a complex number of modulus 1 for a complex
  /// one; 0 for a singular matrix.
  Scalar sign = 0;
  double log_abs = 0;  // natural log of |det A| (-inf when singular)
  /// det A = mantissa * 2^exponent with 0.5 <= |mantissa| < 1 (both 0 when singular): the
  /// determinant without overflow or underflow, to working precision.
  Scalar mantissa = 0;
  std::int64_t exponent = 0;
};
using Determinant = DeterminantOf<double>;
using ComplexDeterminant = DeterminantOf<std::complex<double>>;

/// An estimate of the 1-norm condition number κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁ of the matrix as given
/// (values of the last factor/refactor, before any scaling or permutation).
struct ConditionEstimate {
  double norm1 = 0;  // ‖A‖₁ = max_j Σ_i |a_ij|, exact
  /// Estimate of ‖A⁻¹‖₁ by Hager's method as refined by Higham: ‖A⁻¹ x‖₁ / ‖x‖₁ for the best
  /// x tried, so a lower bound up to rounding, rarely more than 3 times too small in
  /// practice. +inf when a solve overflowed (A singular to working precision).
  double inverse_norm1 = 0;
  double condition = 0;  // norm1 * inverse_norm1 (0 for an empty matrix)
  int solves = 0;        // solves with A and Aᵀ it took (at most 11)
};

struct SolveReport {
  int refinement_steps = 0;
  /// Componentwise (Oettli-Prager) backward error max_i |b - A x|_i / (|A||x| + |b|)_i, the
  /// maximum over the right-hand sides; NaN when solve ran with refine_steps = 0 (then no
  /// residual is computed; Numeric::backward_error computes it on request).
  double backward_error = 0;
};

/// Caller-owned scratch memory for solve(); one per thread. Either `buffer` (make_workspace
/// sizes it) or memory the caller manages itself (`use`: the C API's workspaces).
template <class Scalar>
struct SolveWorkspace {
  std::vector<Scalar> buffer;

  /// Uses `size` scalars at `memory` instead of `buffer` (the caller keeps them alive).
  void use(Scalar* memory, std::size_t size) noexcept {
    external_ = memory;
    external_size_ = memory ? size : 0;
  }
  Scalar* data() noexcept { return external_ ? external_ : buffer.data(); }
  std::size_t size() const noexcept { return external_ ? external_size_ : buffer.size(); }

 private:
  Scalar* external_ = nullptr;
  std::size_t external_size_ = 0;
};

/// The factors in the caller's numbering: P R A Q = L U, exactly, with
///   row_perm[i]  = the row of A that is row i of P R A Q,
///   col_perm[j]  = the column of A that is column j of P R A Q,
///   row_scale[r] = the factor applied to row r of A (R = diag(row_scale)),
/// L unit lower triangular (unit diagonal stored), U upper triangular. With BTF, L is block
/// diagonal and U holds the diagonal-block factors U_kk plus the off-diagonal blocks
/// premultiplied by the inverse of L: U_kl = L_kk⁻¹ (P R A Q)_kl for k < l.
template <class Scalar, class Index>
struct Factors {
  std::vector<Index> row_perm;
  std::vector<Index> col_perm;
  std::vector<real_type_t<Scalar>> row_scale;
  CscMatrix<Scalar, Index> L;
  CscMatrix<Scalar, Index> U;
};

/// A numerical factorization P R A Q = L U owning its factors.
template <class Scalar = double, class Index = std::int32_t>
class Numeric {
 public:
  Numeric();
  ~Numeric();
  Numeric(Numeric&&) noexcept;
  Numeric& operator=(Numeric&&) noexcept;
  Numeric(const Numeric&) = delete;
  Numeric& operator=(const Numeric&) = delete;

  /// Factors `matrix` (its pattern must be the analyzed one) with threshold partial pivoting.
  Numeric(const Symbolic<Index>& symbolic, const CscMatrix<Scalar, Index>& matrix,
          const Options& options = {});
  /// The same with `values` in the analyzed pattern's entry order (nnz of them).
  Numeric(const Symbolic<Index>& symbolic, const Scalar* values, const Options& options = {});

  /// Pivoting factorization of new values on the analyzed pattern.
  void factor(const CscMatrix<Scalar, Index>& matrix);
  /// The same with `values` in the analyzed pattern's entry order (nnz of them).
  void factor(const Scalar* values);
  /// Reuses the pivot sequence; falls back to factor() when a reused pivot fails its check.
  /// `values` follow the analyzed pattern's entry order (nnz of them).
  RefactorStatus refactor(const Scalar* values);
  RefactorStatus refactor(const CscMatrix<Scalar, Index>& matrix);
  /// The same with per-call settings. Allocates nothing once a call with a diagonal shift has
  /// run (the shifted values need a copy of the values, made once).
  RefactorStatus refactor(const Scalar* values, const RefactorOptions& options);

  bool empty() const noexcept;
  Index size() const;
  const Symbolic<Index>& symbolic() const;
  const Stats& stats() const;
  const Options& options() const;

  /// Scalars needed in a SolveWorkspace for `nrhs` right-hand sides with refinement.
  std::size_t workspace_size(Index nrhs) const;
  SolveWorkspace<Scalar> make_workspace(Index nrhs) const;

  /// In place: B (n x nrhs, leading dimension ld) is overwritten by op(A)⁻¹ B. No refinement.
  /// Thread-safe (const) when each thread passes its own workspace. Does not allocate when
  /// the workspace is large enough.
  void solve_in_place(Scalar* B, Index nrhs, Index ld, Transpose transpose,
                      SolveWorkspace<Scalar>& workspace) const;

  /// X = op(A)⁻¹ B with up to `refine_steps` steps of iterative refinement against the values
  /// of the last factor/refactor (stopping early once the backward error is at machine
  /// precision or stops decreasing). B and X are n x nrhs with leading dimension ld; X may
  /// equal B (in place), no other overlap is allowed. With
  /// refine_steps = 0 this is solve_in_place into X, and the report's backward error is NaN.
  SolveReport solve(const Scalar* B, Scalar* X, Index nrhs, Index ld, Transpose transpose,
                    int refine_steps, SolveWorkspace<Scalar>& workspace) const;

  /// Allocating convenience: one or many right-hand sides.
  std::vector<Scalar> solve(const std::vector<Scalar>& b, Transpose transpose = Transpose::no,
                            int refine_steps = 0, SolveReport* report = nullptr) const;
  DenseMatrix<Scalar> solve(const DenseMatrix<Scalar>& B, Transpose transpose = Transpose::no,
                            int refine_steps = 0, SolveReport* report = nullptr) const;

  /// Componentwise backward error of X against op(A) and B (max over columns).
  double backward_error(const Scalar* B, const Scalar* X, Index nrhs, Index ld,
                        Transpose transpose) const;

  DeterminantOf<Scalar> determinant() const;
  /// Estimates κ₁(A) from solves with A and Aᵀ, or Aᴴ for complex A (so on every path; see
  /// ConditionEstimate). Const and thread-safe like solve; allocates its own workspace.
  ConditionEstimate condition_estimate() const;
  /// The factors as explicit matrices (see Factors). Not a hot path: allocates.
  Factors<Scalar, Index> factors() const;

  const detail::NumericData<Scalar, Index>& data() const;

 private:
  static const Scalar* checked_values(const Symbolic<Index>& symbolic,
                                      const CscMatrix<Scalar, Index>& matrix);
  // Sizes the arrays of a new factorization of `analysis`.
  void allocate(const detail::SymbolicData<Index>& analysis);

  std::unique_ptr<detail::NumericData<Scalar, Index>> data_;
};

/// Eigen-style convenience: analyze once, factor/refactor, solve.
template <class Scalar = double, class Index = std::int32_t>
class Solver {
 public:
  explicit Solver(Options options = {}) : options_(std::move(options)) {}

  void analyze(const CscMatrix<Scalar, Index>& matrix) {
    symbolic_ = lupine::analyze(matrix, options_);
    numeric_ = Numeric<Scalar, Index>();
  }
  void factor(const CscMatrix<Scalar, Index>& matrix) {
    if (symbolic_.empty()) analyze(matrix);
    if (numeric_.empty()) {
      numeric_ = Numeric<Scalar, Index>(symbolic_, matrix, options_);
    } else {
      numeric_.factor(matrix);
    }
  }
  RefactorStatus refactor(const CscMatrix<Scalar, Index>& matrix) {
    if (numeric_.empty()) {
      factor(matrix);
      return RefactorStatus::repivoted;
    }
    return numeric_.refactor(matrix);
  }
  std::vector<Scalar> solve(const std::vector<Scalar>& b, Transpose transpose = Transpose::no,
                            SolveReport* report = nullptr) const {
    return numeric().solve(b, transpose, refine_steps_, report);
  }
  void set_refine_steps(int steps) { refine_steps_ = steps; }

  const Symbolic<Index>& symbolic() const { return symbolic_; }
  const Numeric<Scalar, Index>& numeric() const {
    if (numeric_.empty()) throw Error(ErrorKind::api_misuse, "solve called before factor");
    return numeric_;
  }
  Numeric<Scalar, Index>& numeric() {
    if (numeric_.empty()) throw Error(ErrorKind::api_misuse, "solve called before factor");
    return numeric_;
  }
  const Options& options() const { return options_; }

 private:
  Options options_;
  Symbolic<Index> symbolic_;
  Numeric<Scalar, Index> numeric_;
  int refine_steps_ = 2;
};

}  // namespace lupine
