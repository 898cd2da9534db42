// The distributed solver: Lupine's verbs (analyze, factor, refactor, solve, statistics,
// typed errors) over MPI, for problems that outgrow one node. Built with -DLUPINE_WITH_MPI=ON
// into the library lupine_distributed (target Lupine::distributed); see docs/distributed.md.
//
//   lupine::DistributedSolver<double> solver(MPI_COMM_WORLD);    // collective
//   solver.analyze(A);              // A whole on rank 0 (CSC), or this rank's entries
//   solver.factor(A);               // values; the analysis is kept
//   solver.refactor(A_new);         // same pattern: the analysis is reused
//   solver.solve(b, x, 1, n);       // b and x on rank 0, or in a row distribution
//
// Every member function is collective over the communicator: every rank calls it, in the same
// order. An error on any rank (bad input on one rank, a singular matrix, a backend failure) is
// thrown as the same lupine::Error on every rank, so no rank is left waiting in MPI.
//
// Numbering: indices are 0-based in the caller's numbering of A, as in the in-process API.
#pragma once

#include <mpi.h>

#include <complex>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lupine/error.hpp"
#include "lupine/sparse.hpp"

namespace lupine {

/// Which library factors the distributed matrix.
enum class DistributedBackend {
  mumps,  // MUMPS 5 (dmumps_c / zmumps_c): multifrontal, threshold pivoting, MPI + ScaLAPACK
  /// SuperLU_DIST 8 (pdgssvx): supernodal, static pivoting; rows permuted by Lupine's maximum
  /// transversal (no structurally zero diagonal), columns by METIS on A + Aᵀ (or `amd`: its
  /// MMD, `lupine`: Lupine's order). Real (pdgssvx) and complex (pzgssvx); in builds that found
  /// libsuperlu-dist-dev (unsupported otherwise). Aᵀ solves factor Aᵀ too, on first use.
  superlu_dist
};

/// The fill-reducing ordering of the analysis (MUMPS's ICNTL(7)). The superlu_dist backend
/// takes automatic and metis (METIS on A + Aᵀ), amd (its MMD on A + Aᵀ) and lupine (Lupine's
/// order of the row-permuted matrix); the others are unsupported with it.
enum class DistributedOrdering {
  automatic,  // the backend chooses (Debian's MPI MUMPS, built without METIS: PORD or AMF)
  metis,      // when the MUMPS build has METIS (Debian's has not: PORD instead)
  scotch,     // when it has Scotch (Debian's has not: PORD instead)
  pord,
  amd,
  amf,
  /// Lupine's own analysis (lupine::analyze without BTF: AMD on A + Aᵀ or METIS nested
  /// dissection, whichever predicts fewer flops), given to MUMPS as its pivot order
  /// (ICNTL(7) = 1). Computed on rank 0, which gathers the pattern for it.
  lupine,
  /// Both the backend's automatic choice and Lupine's, keeping the one whose analysis
  /// predicts fewer flops (two or three analyses; docs/distributed.md has the measurements).
  best
};

const char* to_string(DistributedBackend backend) noexcept;
const char* to_string(DistributedOrdering ordering) noexcept;

struct DistributedOptions {
  DistributedBackend backend = DistributedBackend::mumps;
  DistributedOrdering ordering = DistributedOrdering::automatic;
  /// Extra working space of a factorization over the analysis' estimate, percent (MUMPS's
  /// ICNTL(14)); pivoting that delays more columns than the estimate allowed needs more.
  int workspace_percent = 20;
  /// On a workspace shortage (MUMPS INFO(1) = -9 and kin) the factorization is retried with
  /// twice the percentage, at most this many times, before it fails with out_of_memory.
  int workspace_retries = 4;
  /// Most memory one rank may use in the factorization, MB (MUMPS's ICNTL(23)); 0: no limit.
  /// Past it the factorization fails with memory_limit_exceeded.
  std::int64_t memory_limit_mb = 0;
  /// Most steps of iterative refinement in solve, against the values of the last factor
  /// (the residual computed where the entries are, summed on rank 0), stopping once the
  /// componentwise backward error is at machine precision or stops decreasing; 0: none.
  /// Two, as the in-process Solver: circuit matrices (rajat19: 2e-10 without) need them.
  /// (MUMPS's own refinement, ICNTL(10), serves only one right-hand side of a centralized
  /// matrix.)
  int refine_steps = 2;
  /// Reject NaN/Inf in the values (checked on each rank for its own entries).
  bool check_finite = true;
  /// Let the backend print its diagnostics to standard output (MUMPS's ICNTL(1-4)).
  bool verbose = false;

  /// Throws invalid_argument naming the bad field.
  void validate() const;
};

/// Statistics of the last analysis and factorization; the same on every rank (the per-rank
/// vectors are gathered to all) except the times, which are this rank's.
struct DistributedStats {
  int ranks = 0;
  std::int64_t n = 0;
  std::int64_t nnz = 0;  // entries given, over all ranks (duplicates counted)
  std::string ordering;  // the ordering the backend used ("given": Lupine's)
  /// DistributedOrdering::best: the predicted flops of the two candidates, and which won.
  std::string ordering_choice;
  // analysis
  std::int64_t predicted_lu_nnz = 0;  // MUMPS INFOG(20)
  double predicted_flops = 0;         // RINFOG(1): flops of the elimination it predicts
  /// Per rank: the memory the analysis predicts for an in-core factorization, MB (INFO(15)).
  std::vector<std::int64_t> predicted_memory_mb;
  // factorization
  std::int64_t lu_nnz = 0;               // entries of the factors (INFOG(29))
  double factor_flops = 0;               // RINFOG(3): flops of the elimination done
  std::int64_t off_diagonal_pivots = 0;  // INFOG(12)
  std::int64_t delayed_pivots = 0;       // INFOG(13)
  std::int64_t largest_front = 0;        // INFOG(11)
  /// superlu_dist: tiny pivots SuperLU_DIST replaced (static pivoting), summed over ranks.
  std::int64_t replaced_pivots = 0;
  /// Per rank: the memory the factorization really used, MB (INFO(22)); its maximum and sum.
  std::vector<std::int64_t> factor_memory_mb;
  std::int64_t peak_memory_mb = 0;   // max over the ranks (INFOG(21))
  std::int64_t total_memory_mb = 0;  // sum over the ranks (INFOG(22))
  int workspace_percent = 0;         // ICNTL(14) of the last successful factorization
  int workspace_retries = 0;         // retries the last factorization took
  std::int64_t factor_count = 0;
  std::int64_t refactor_count = 0;
  // times of the last call of each phase, seconds (this rank's wall clock)
  double analyze_seconds = 0;
  double factor_seconds = 0;
  double refactor_seconds = 0;
  double solve_seconds = 0;
  // the last solve
  int refinement_steps = 0;
  /// Componentwise backward error max_i |b - op(A) x|_i / (|op(A)| |x| + |b|)_i of the last
  /// solve, the maximum over its right-hand sides; NaN when refine_steps is 0 (not computed).
  double backward_error = 0;
};

/// This rank's share of an assembled matrix: (row, column, value) entries anywhere in A,
/// 0-based. Entries given twice (on one rank or on several) are summed, as finite element
/// assembly expects. `values` may be empty for analyze().
template <class Scalar>
struct DistributedEntries {
  std::int64_t n = 0;  // the order of A, the same on every rank
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> columns;
  std::vector<Scalar> values;
};

namespace detail {
template <class Scalar>
struct DistributedState;
}

/// A sparse LU factorization of a matrix spread over the ranks of an MPI communicator.
/// Scalar is double or std::complex<double>. Not copyable; movable. The destructor is
/// collective too (the backend frees its distributed data with every rank): destroy solvers
/// before MPI_Finalize.
template <class Scalar = double>
class DistributedSolver {
 public:
  /// Collective. The communicator is duplicated: the solver's messages never mix with the
  /// caller's.
  explicit DistributedSolver(MPI_Comm communicator, DistributedOptions options = {});
  ~DistributedSolver();
  DistributedSolver(DistributedSolver&&) noexcept;
  DistributedSolver& operator=(DistributedSolver&&) noexcept;
  DistributedSolver(const DistributedSolver&) = delete;
  DistributedSolver& operator=(const DistributedSolver&) = delete;

  // ---- the matrix whole on rank 0 (centralized), as CSC; other ranks' arguments are not
  // read (they may pass an empty matrix).
  /// Analyzes the pattern (the values too: MUMPS's analysis uses them for a maximum weighted
  /// matching that moves large entries to the diagonal).
  template <class Index>
  void analyze(const CscMatrix<Scalar, Index>& matrix);
  /// Factors the values; analyzes first when nothing has been analyzed. The pattern must be
  /// the analyzed one (pattern_mismatch otherwise).
  template <class Index>
  void factor(const CscMatrix<Scalar, Index>& matrix);
  /// New values on the analyzed pattern: the analysis (ordering, tree, mapping) is reused.
  template <class Index>
  void refactor(const CscMatrix<Scalar, Index>& matrix);

  // ---- the matrix as assembled entries spread over the ranks (distributed).
  void analyze(const DistributedEntries<Scalar>& local);
  /// Values of this rank's entries, the rows and columns being those analyzed.
  void factor(const DistributedEntries<Scalar>& local);
  void refactor(const DistributedEntries<Scalar>& local);

  // ---- values alone, in the analyzed order (CSC entry order on rank 0 for a centralized
  // matrix, this rank's entries in their order for a distributed one).
  void factor(const Scalar* values, std::size_t count);
  void refactor(const Scalar* values, std::size_t count);

  // ---- solves (after a successful factor).
  /// Centralized: B and X are n x nrhs with leading dimension ld on rank 0 (other ranks pass
  /// null pointers); X may equal B. op(A) X = B for Transpose::no, yes, conjugate.
  void solve(const Scalar* B, Scalar* X, std::int64_t nrhs, std::int64_t ld,
             Transpose transpose = Transpose::no);
  /// Centralized convenience: b (n * nrhs values, column by column) on rank 0; returns x on
  /// rank 0 and an empty vector elsewhere.
  std::vector<Scalar> solve(const std::vector<Scalar>& b, std::int64_t nrhs = 1,
                            Transpose transpose = Transpose::no);
  /// Distributed: this rank holds the rows `rows` (0-based; each row of A held by exactly one
  /// rank) of B (rows.size() x nrhs, column by column) and receives the same rows of X.
  void solve_distributed(const std::vector<std::int64_t>& rows, const Scalar* B_local,
                         Scalar* X_local, std::int64_t nrhs, Transpose transpose = Transpose::no);

  bool analyzed() const noexcept;
  bool factored() const noexcept;
  std::int64_t size() const noexcept;
  int rank() const noexcept;
  int ranks() const noexcept;
  const DistributedStats& stats() const noexcept;
  const DistributedOptions& options() const noexcept;
  /// The duplicated communicator the solver works on.
  MPI_Comm communicator() const noexcept;

 private:
  std::unique_ptr<detail::DistributedState<Scalar>> state_;
};

extern template class DistributedSolver<double>;
extern template class DistributedSolver<std::complex<double>>;

}  // namespace lupine
