// DistributedSolver: checks the caller's input on every rank (agreeing on any error), keeps
// the analyzed pattern and a copy of the values (refinement computes residuals with them), moves
// right-hand sides between the caller's row distribution and rank 0, and calls the backend.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "distributed/backend.hpp"
#include "distributed/collective.hpp"
#include "distributed/lupine_ordering.hpp"
#include "distributed/refinement.hpp"
#include "distributed/state.hpp"
#include "lupine/distributed.hpp"
#include "numeric/blas_kernels.hpp"

namespace lupine {

const char* to_string(DistributedBackend backend) noexcept {
  switch (backend) {
    case DistributedBackend::mumps:
      return "mumps";
    case DistributedBackend::superlu_dist:
      return "superlu_dist";
  }
  return "unknown";
}

const char* to_string(DistributedOrdering ordering) noexcept {
  switch (ordering) {
    case DistributedOrdering::automatic:
      return "automatic";
    case DistributedOrdering::metis:
      return "metis";
    case DistributedOrdering::scotch:
      return "scotch";
    case DistributedOrdering::pord:
      return "pord";
    case DistributedOrdering::amd:
      return "amd";
    case DistributedOrdering::amf:
      return "amf";
    case DistributedOrdering::lupine:
      return "lupine";
    case DistributedOrdering::best:
      return "best";
  }
  return "unknown";
}

void DistributedOptions::validate() const {
  if (workspace_percent < 0 || workspace_percent > 100000) {
    throw Error(ErrorKind::invalid_argument,
                "DistributedOptions::workspace_percent must be in [0, 100000], got " +
                    std::to_string(workspace_percent));
  }
  if (workspace_retries < 0 || workspace_retries > 20) {
    throw Error(ErrorKind::invalid_argument,
                "DistributedOptions::workspace_retries must be in [0, 20], got " +
                    std::to_string(workspace_retries));
  }
  if (memory_limit_mb < 0) {
    throw Error(
        ErrorKind::invalid_argument,
        "DistributedOptions::memory_limit_mb must be >= 0, got " + std::to_string(memory_limit_mb));
  }
  if (refine_steps < 0 || refine_steps > 100) {
    throw Error(ErrorKind::invalid_argument,
                "DistributedOptions::refine_steps must be in [0, 100], got " +
                    std::to_string(refine_steps));
  }
}

namespace {

using distributed::broadcast;
using distributed::doubles_per_scalar;
using distributed::is_finite_value;
using distributed::together;

/// Throws non_finite_input naming the first NaN/Inf among `values` of entries (rows, columns).
template <class Scalar>
void check_finite(const Scalar* values, const std::vector<std::int64_t>& rows,
                  const std::vector<std::int64_t>& columns) {
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (!is_finite_value(values[k])) {
      throw Error(ErrorKind::non_finite_input,
                  "the value of entry " + std::to_string(k) + " (row " + std::to_string(rows[k]) +
                      ", column " + std::to_string(columns[k]) + ") is not finite",
                  rows[k], columns[k]);
    }
  }
}

template <class Scalar>
void require_analyzed(const detail::DistributedState<Scalar>& state, const char* verb) {
  together(state.communicator, [&] {
    if (!state.analyzed) {
      throw Error(ErrorKind::api_misuse,
                  std::string(verb) + " before an analysis: call analyze or factor first");
    }
  });
}

/// Runs the backend's factorization of state.values and records it.
template <class Scalar>
void run_factor(detail::DistributedState<Scalar>& state, bool refactor) {
  state.factored = false;
  const double start = MPI_Wtime();
  state.backend->factor(state.values.data());
  const double seconds = MPI_Wtime() - start;
  state.factored = true;
  if (refactor) {
    ++state.stats.refactor_count;
    state.stats.refactor_seconds = seconds;
  } else {
    ++state.stats.factor_count;
    state.stats.factor_seconds = seconds;
  }
  state.backend->collect(state.stats);
}

template <class Scalar>
void run_analyze(detail::DistributedState<Scalar>& state, const Scalar* values) {
  const double start = MPI_Wtime();
  const DistributedOrdering ordering = state.options.ordering;
  std::vector<std::int64_t> order;
  state.stats.ordering_choice.clear();
  // SuperLU_DIST's backend orders Pr A (rows permuted by its transversal) itself.
  const bool backend_orders = state.options.backend == DistributedBackend::superlu_dist;
  if (!backend_orders &&
      (ordering == DistributedOrdering::lupine || ordering == DistributedOrdering::best)) {
    order = distributed::lupine_order(state);
  }
  const auto run = [&](bool given) {
    state.backend->analyze(state.n, state.rows, state.columns, values, state.centralized, given,
                           order);
    state.backend->collect(state.stats);
  };
  if (ordering == DistributedOrdering::best) {
    // Predicted flops decide: Lupine's order wins on 3D Poisson-like meshes and circuits
    // with dense-ish rows, MUMPS's PORD on elasticity and power grids (docs/distributed.md).
    run(false);
    const double backend_flops = state.stats.predicted_flops;
    const std::string backend_name = state.stats.ordering;
    run(true);
    const double lupine_flops = state.stats.predicted_flops;
    char text[160];
    std::snprintf(text, sizeof text, "lupine %.3g flops, %s %.3g flops: %s", lupine_flops,
                  backend_name.c_str(), backend_flops,
                  lupine_flops <= backend_flops ? "lupine" : backend_name.c_str());
    if (backend_flops < lupine_flops) run(false);
    state.stats.ordering_choice = text;
  } else {
    run(!backend_orders && ordering == DistributedOrdering::lupine);
  }
  state.stats.analyze_seconds = MPI_Wtime() - start;
  state.analyzed = true;
  std::int64_t local = static_cast<std::int64_t>(state.rows.size());
  MPI_Allreduce(&local, &state.stats.nnz, 1, MPI_INT64_T, MPI_SUM, state.communicator);
  state.stats.n = state.n;
  state.backend->collect(state.stats);
}

/// Rank 0's checks of a centralized matrix against the analyzed pattern.
template <class Scalar, class Index>
void check_same_pattern(const detail::DistributedState<Scalar>& state,
                        const CscMatrix<Scalar, Index>& matrix) {
  bool same = matrix.rows() == state.n && matrix.cols() == state.n &&
              static_cast<std::size_t>(matrix.nnz()) == state.rows.size();
  for (Index j = 0; same && j <= matrix.cols(); ++j) {
    same = matrix.col_ptr()[j] == state.col_ptr[static_cast<std::size_t>(j)];
  }
  for (Index p = 0; same && p < matrix.nnz(); ++p) {
    same = matrix.row_indices()[p] == state.rows[static_cast<std::size_t>(p)];
  }
  if (!same) {
    throw Error(ErrorKind::pattern_mismatch,
                "the matrix's pattern differs from the analyzed one (" +
                    std::to_string(matrix.rows()) + " x " + std::to_string(matrix.cols()) + ", " +
                    std::to_string(matrix.nnz()) + " entries; analyzed " + std::to_string(state.n) +
                    " x " + std::to_string(state.n) + ", " + std::to_string(state.rows.size()) +
                    " entries)");
  }
}

template <class Scalar>
void copy_values(detail::DistributedState<Scalar>& state, const Scalar* values) {
  if (state.options.check_finite) check_finite(values, state.rows, state.columns);
  state.values.assign(values, values + state.rows.size());
}

/// This rank's checks of its entries (order, sizes, index range).
template <class Scalar>
void check_entries(const DistributedEntries<Scalar>& local) {
  if (local.n < 1) {
    throw Error(ErrorKind::invalid_matrix,
                "DistributedEntries::n must be 1 or more, got " + std::to_string(local.n));
  }
  if (local.rows.size() != local.columns.size()) {
    throw Error(ErrorKind::dimension_mismatch,
                "DistributedEntries has " + std::to_string(local.rows.size()) + " rows but " +
                    std::to_string(local.columns.size()) + " columns");
  }
  if (!local.values.empty() && local.values.size() != local.rows.size()) {
    throw Error(ErrorKind::dimension_mismatch,
                "DistributedEntries has " + std::to_string(local.rows.size()) + " entries but " +
                    std::to_string(local.values.size()) + " values");
  }
  for (std::size_t k = 0; k < local.rows.size(); ++k) {
    const std::int64_t row = local.rows[k];
    const std::int64_t column = local.columns[k];
    if (row < 0 || row >= local.n || column < 0 || column >= local.n) {
      throw Error(ErrorKind::invalid_matrix,
                  "entry " + std::to_string(k) + " is (" + std::to_string(row) + ", " +
                      std::to_string(column) + "), outside the " + std::to_string(local.n) + " x " +
                      std::to_string(local.n) + " matrix",
                  row, column);
    }
  }
}

// This rank's entries, which must be the analyzed ones, with a value each, into the values.
template <class Scalar>
void copy_analyzed_entries(detail::DistributedState<Scalar>& state,
                           const DistributedEntries<Scalar>& local, const char* verb) {
  if (local.n != state.n || local.rows != state.rows || local.columns != state.columns) {
    throw Error(ErrorKind::pattern_mismatch, "this rank's entries differ from the analyzed ones (" +
                                                 std::to_string(local.rows.size()) +
                                                 " entries; analyzed " +
                                                 std::to_string(state.rows.size()) + ")");
  }
  if (local.values.size() != local.rows.size()) {
    throw Error(ErrorKind::dimension_mismatch,
                std::string(verb) +
                    " needs a value per entry: " + std::to_string(local.rows.size()) +
                    " entries, " + std::to_string(local.values.size()) + " values");
  }
  copy_values(state, local.values.data());
}

// factor / refactor with the values alone, in the analyzed order.
template <class Scalar>
void factor_values(detail::DistributedState<Scalar>& state, const Scalar* values, std::size_t count,
                   bool refactor) {
  require_analyzed(state, refactor ? "refactor" : "factor with values alone");
  together(state.communicator, [&] {
    if (state.centralized && state.rank != 0) return;
    if (count != state.rows.size()) {
      throw Error(ErrorKind::dimension_mismatch,
                  "expected " + std::to_string(state.rows.size()) +
                      " values (this rank's analyzed entries), got " + std::to_string(count));
    }
    if (values == nullptr && count > 0) {
      throw Error(ErrorKind::invalid_argument, "the values pointer is null");
    }
    copy_values(state, values);
  });
  run_factor(state, refactor);
}

}  // namespace

template <class Scalar>
DistributedSolver<Scalar>::DistributedSolver(MPI_Comm communicator, DistributedOptions options)
    : state_(std::make_unique<detail::DistributedState<Scalar>>()) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    throw Error(ErrorKind::api_misuse, "DistributedSolver needs MPI_Init to have been called");
  }
  if (communicator == MPI_COMM_NULL) {
    throw Error(ErrorKind::invalid_argument, "DistributedSolver was given MPI_COMM_NULL");
  }
  auto& state = *state_;
  MPI_Comm_dup(communicator, &state.communicator);
  state.rank = distributed::rank_of(state.communicator);
  state.ranks = distributed::size_of(state.communicator);
  together(state.communicator, [&] { options.validate(); });
  state.options = options;
  state.stats.ranks = state.ranks;
  // The backends' BLAS gets the kernels the CPU can run (numeric/blas_kernels.hpp).
  together(state.communicator, [&] { detail::blas::choose_dense_kernels(); });
  if (options.backend == DistributedBackend::superlu_dist) {
#ifdef LUPINE_HAVE_SUPERLU_DIST
    // Throws the same error on every rank (complex values, an ordering it has not).
    state.backend = distributed::make_superlu_dist_backend<Scalar>(state.communicator, options);
#else
    together(state.communicator, [&] {
      throw Error(ErrorKind::unsupported,
                  "this build has no SuperLU_DIST (apt-get install -y libsuperlu-dist-dev, then "
                  "configure again)");
    });
#endif
  } else {
    state.backend = distributed::make_mumps_backend<Scalar>(state.communicator, options);
  }
}

template <class Scalar>
DistributedSolver<Scalar>::~DistributedSolver() = default;
template <class Scalar>
DistributedSolver<Scalar>::DistributedSolver(DistributedSolver&&) noexcept = default;
template <class Scalar>
DistributedSolver<Scalar>& DistributedSolver<Scalar>::operator=(DistributedSolver&&) noexcept =
    default;

template <class Scalar>
template <class Index>
void DistributedSolver<Scalar>::analyze(const CscMatrix<Scalar, Index>& matrix) {
  auto& state = *state_;
  state.analyzed = false;
  state.factored = false;
  state.centralized = true;
  std::int64_t n = 0;
  bool with_values = false;
  together(state.communicator, [&] {
    state.col_ptr.clear();
    state.rows.clear();
    state.columns.clear();
    if (state.rank != 0) return;
    if (!matrix.is_square()) {
      throw Error(ErrorKind::dimension_mismatch, "the matrix is " + std::to_string(matrix.rows()) +
                                                     " x " + std::to_string(matrix.cols()) +
                                                     "; LU needs a square one");
    }
    if (matrix.rows() < 1) {
      throw Error(ErrorKind::invalid_matrix, "the distributed solver needs an order of 1 or more");
    }
    n = matrix.cols();
    state.col_ptr.assign(matrix.col_ptr().begin(), matrix.col_ptr().end());
    state.rows.assign(matrix.row_indices().begin(), matrix.row_indices().end());
    state.columns.resize(state.rows.size());
    for (Index j = 0; j < matrix.cols(); ++j) {
      for (Index p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
        state.columns[static_cast<std::size_t>(p)] = j;
      }
    }
    with_values = matrix.nnz() > 0 && !matrix.values().empty();
    if (with_values && state.options.check_finite) {
      check_finite(matrix.values().data(), state.rows, state.columns);
    }
  });
  state.n = broadcast(state.communicator, n);
  run_analyze(state, with_values ? matrix.values().data() : static_cast<const Scalar*>(nullptr));
}

template <class Scalar>
template <class Index>
void DistributedSolver<Scalar>::factor(const CscMatrix<Scalar, Index>& matrix) {
  auto& state = *state_;
  if (!state.analyzed) analyze(matrix);
  together(state.communicator, [&] {
    if (!state.centralized) {
      throw Error(ErrorKind::api_misuse,
                  "factor with a whole matrix after the analysis of distributed entries: "
                  "call analyze with the whole matrix first");
    }
    if (state.rank != 0) return;
    check_same_pattern(state, matrix);
    if (matrix.values().empty() && matrix.nnz() > 0) {
      throw Error(ErrorKind::invalid_argument, "factor needs a matrix with values");
    }
    copy_values(state, matrix.values().data());
  });
  run_factor(state, false);
}

template <class Scalar>
template <class Index>
void DistributedSolver<Scalar>::refactor(const CscMatrix<Scalar, Index>& matrix) {
  auto& state = *state_;
  require_analyzed(state, "refactor");
  together(state.communicator, [&] {
    if (!state.centralized) {
      throw Error(ErrorKind::api_misuse,
                  "refactor with a whole matrix after the analysis of distributed entries");
    }
    if (state.rank != 0) return;
    check_same_pattern(state, matrix);
    if (matrix.values().empty() && matrix.nnz() > 0) {
      throw Error(ErrorKind::invalid_argument, "refactor needs a matrix with values");
    }
    copy_values(state, matrix.values().data());
  });
  run_factor(state, true);
}

template <class Scalar>
void DistributedSolver<Scalar>::analyze(const DistributedEntries<Scalar>& local) {
  auto& state = *state_;
  state.analyzed = false;
  state.factored = false;
  state.centralized = false;
  together(state.communicator, [&] {
    state.col_ptr.clear();
    check_entries(local);
    state.rows = local.rows;
    state.columns = local.columns;
  });
  // Every rank must name the same order.
  std::int64_t bounds[2] = {-local.n, local.n};
  MPI_Allreduce(MPI_IN_PLACE, bounds, 2, MPI_INT64_T, MPI_MAX, state.communicator);
  together(state.communicator, [&] {
    if (-bounds[0] != bounds[1]) {
      throw Error(ErrorKind::dimension_mismatch,
                  "the ranks give different orders n (from " + std::to_string(-bounds[0]) + " to " +
                      std::to_string(bounds[1]) + "); DistributedEntries::n must agree");
    }
  });
  state.n = local.n;
  run_analyze(state, static_cast<const Scalar*>(nullptr));
}

template <class Scalar>
void DistributedSolver<Scalar>::factor(const DistributedEntries<Scalar>& local) {
  auto& state = *state_;
  if (!state.analyzed) analyze(local);
  together(state.communicator, [&] {
    if (state.centralized) {
      throw Error(ErrorKind::api_misuse,
                  "factor with distributed entries after the analysis of a whole matrix: "
                  "call analyze with the distributed entries first");
    }
    copy_analyzed_entries(state, local, "factor");
  });
  run_factor(state, false);
}

template <class Scalar>
void DistributedSolver<Scalar>::refactor(const DistributedEntries<Scalar>& local) {
  auto& state = *state_;
  require_analyzed(state, "refactor");
  together(state.communicator, [&] {
    if (state.centralized) {
      throw Error(ErrorKind::api_misuse,
                  "refactor with distributed entries after the analysis of a whole matrix");
    }
    copy_analyzed_entries(state, local, "refactor");
  });
  run_factor(state, true);
}

template <class Scalar>
void DistributedSolver<Scalar>::factor(const Scalar* values, std::size_t count) {
  factor_values(*state_, values, count, /*refactor=*/false);
}

template <class Scalar>
void DistributedSolver<Scalar>::refactor(const Scalar* values, std::size_t count) {
  factor_values(*state_, values, count, /*refactor=*/true);
}

template <class Scalar>
void DistributedSolver<Scalar>::solve(const Scalar* B, Scalar* X, std::int64_t nrhs,
                                      std::int64_t ld, Transpose transpose) {
  auto& state = *state_;
  together(state.communicator, [&] {
    if (!state.factored) {
      throw Error(ErrorKind::api_misuse, "solve before a successful factor or refactor");
    }
    if (state.rank != 0) return;
    if (nrhs < 0) throw Error(ErrorKind::invalid_argument, "nrhs must be >= 0");
    if (ld < state.n) {
      throw Error(
          ErrorKind::invalid_argument,
          "ld (" + std::to_string(ld) + ") must be at least n (" + std::to_string(state.n) + ")");
    }
    if (nrhs > 0 && (B == nullptr || X == nullptr)) {
      throw Error(ErrorKind::invalid_argument, "B or X is null on rank 0");
    }
    for (std::int64_t k = 0; k < nrhs; ++k) {
      for (std::int64_t i = 0; i < state.n; ++i) {
        if (state.options.check_finite && !is_finite_value(B[k * ld + i])) {
          throw Error(ErrorKind::non_finite_input,
                      "right-hand side " + std::to_string(k) + " has a non-finite value in row " +
                          std::to_string(i),
                      i);
        }
      }
      if (X != B) std::copy(B + k * ld, B + k * ld + state.n, X + k * ld);
    }
  });
  nrhs = broadcast(state.communicator, nrhs);
  ld = broadcast(state.communicator, ld);
  if (nrhs == 0) return;
  distributed::solve_on_root(state, state.rank == 0 ? X : nullptr, nrhs, ld, transpose);
}

template <class Scalar>
std::vector<Scalar> DistributedSolver<Scalar>::solve(const std::vector<Scalar>& b,
                                                     std::int64_t nrhs, Transpose transpose) {
  auto& state = *state_;
  std::vector<Scalar> x;
  together(state.communicator, [&] {
    if (state.rank != 0 || !state.factored) return;
    if (nrhs < 0 || b.size() != static_cast<std::size_t>(state.n * nrhs)) {
      throw Error(ErrorKind::dimension_mismatch,
                  "b has " + std::to_string(b.size()) + " values, n * nrhs = " +
                      std::to_string(state.n) + " * " + std::to_string(nrhs));
    }
    x = b;
  });
  solve(x.data(), x.data(), nrhs, state.n, transpose);
  return x;
}

template <class Scalar>
void DistributedSolver<Scalar>::solve_distributed(const std::vector<std::int64_t>& rows,
                                                  const Scalar* B_local, Scalar* X_local,
                                                  std::int64_t nrhs, Transpose transpose) {
  auto& state = *state_;
  const std::int64_t count = static_cast<std::int64_t>(rows.size());
  together(state.communicator, [&] {
    if (!state.factored) {
      throw Error(ErrorKind::api_misuse, "solve before a successful factor or refactor");
    }
    if (nrhs < 0) throw Error(ErrorKind::invalid_argument, "nrhs must be >= 0");
    if (count > 0 && nrhs > 0 && (B_local == nullptr || X_local == nullptr)) {
      throw Error(ErrorKind::invalid_argument, "B_local or X_local is null");
    }
    for (std::int64_t i = 0; i < count; ++i) {
      if (rows[static_cast<std::size_t>(i)] < 0 || rows[static_cast<std::size_t>(i)] >= state.n) {
        throw Error(ErrorKind::invalid_argument,
                    "row " + std::to_string(rows[static_cast<std::size_t>(i)]) + " (position " +
                        std::to_string(i) + " of this rank's rows) is outside 0.." +
                        std::to_string(state.n - 1),
                    rows[static_cast<std::size_t>(i)]);
      }
    }
    if (state.options.check_finite) {
      for (std::int64_t k = 0; k < count * nrhs; ++k) {
        if (!is_finite_value(B_local[k])) {
          throw Error(ErrorKind::non_finite_input,
                      "a right-hand side has a non-finite value in row " +
                          std::to_string(rows[static_cast<std::size_t>(k % count)]),
                      rows[static_cast<std::size_t>(k % count)]);
        }
      }
    }
  });
  std::int64_t bounds[2] = {-nrhs, nrhs};
  MPI_Allreduce(MPI_IN_PLACE, bounds, 2, MPI_INT64_T, MPI_MAX, state.communicator);
  if (-bounds[0] != bounds[1]) {
    throw Error(ErrorKind::dimension_mismatch, "the ranks give different nrhs (from " +
                                                   std::to_string(-bounds[0]) + " to " +
                                                   std::to_string(bounds[1]) + ")");
  }
  if (nrhs == 0) return;

  // Rank 0 learns who holds which rows, checks that they cover A's rows once, and gathers
  // the right-hand sides; MPI counts are ints, so the sizes are checked against them.
  const int root = 0;
  const bool is_root = state.rank == root;
  std::vector<int> counts(is_root ? static_cast<std::size_t>(state.ranks) : 0);
  together(state.communicator, [&] {
    if (count * nrhs * doubles_per_scalar < Scalar >> std::numeric_limits<int>::max()) {
      throw Error(ErrorKind::size_overflow, "this rank's right-hand sides pass 2^31 doubles");
    }
  });
  int mine = static_cast<int>(count);
  MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, root, state.communicator);
  std::vector<int> offsets(counts.size(), 0);
  std::int64_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    offsets[r] = static_cast<int>(total);
    total += counts[r];
  }
  std::vector<std::int64_t> all_rows(is_root ? static_cast<std::size_t>(total) : 0);
  together(state.communicator, [&] {
    if (is_root && total != state.n) {
      throw Error(ErrorKind::invalid_argument,
                  "the ranks hold " + std::to_string(total) + " rows together; A has " +
                      std::to_string(state.n) + " (each row held by exactly one rank)");
    }
    if (is_root && total * nrhs * doubles_per_scalar < Scalar >> std::numeric_limits<int>::max()) {
      throw Error(ErrorKind::size_overflow, "n * nrhs passes 2^31 doubles for one gather");
    }
  });
  MPI_Gatherv(rows.data(), mine, MPI_INT64_T, all_rows.data(), counts.data(), offsets.data(),
              MPI_INT64_T, root, state.communicator);
  together(state.communicator, [&] {
    if (!is_root) return;
    std::vector<int> holder(static_cast<std::size_t>(state.n), -1);
    for (std::size_t r = 0; r < counts.size(); ++r) {
      for (int i = 0; i < counts[r]; ++i) {
        const std::int64_t row = all_rows[static_cast<std::size_t>(offsets[r] + i)];
        int& held = holder[static_cast<std::size_t>(row)];
        if (held >= 0) {
          throw Error(ErrorKind::invalid_argument,
                      "row " + std::to_string(row) + " is held by rank " + std::to_string(held) +
                          " and by rank " + std::to_string(r) +
                          " (each row held by exactly one rank)",
                      row);
        }
        held = static_cast<int>(r);
      }
    }
  });

  // Values travel as doubles, the local block column by column.
  const int width = static_cast<int>(nrhs) * doubles_per_scalar<Scalar>;
  std::vector<int> value_counts(counts.size());
  std::vector<int> value_offsets(counts.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    value_counts[r] = counts[r] * width;
    value_offsets[r] = offsets[r] * width;
  }
  std::vector<Scalar> packed(is_root ? static_cast<std::size_t>(total * nrhs) : 0);
  MPI_Gatherv(B_local, mine * width, MPI_DOUBLE, packed.data(), value_counts.data(),
              value_offsets.data(), MPI_DOUBLE, root, state.communicator);
  std::vector<Scalar> X(is_root ? static_cast<std::size_t>(state.n * nrhs) : 0);
  if (is_root) {
    for (std::size_t r = 0; r < counts.size(); ++r) {
      const Scalar* block = packed.data() + static_cast<std::ptrdiff_t>(offsets[r]) * nrhs;
      for (std::int64_t k = 0; k < nrhs; ++k) {
        for (int i = 0; i < counts[r]; ++i) {
          const std::int64_t row = all_rows[static_cast<std::size_t>(offsets[r] + i)];
          X[static_cast<std::size_t>(k * state.n + row)] = block[k * counts[r] + i];
        }
      }
    }
  }
  distributed::solve_on_root(state, is_root ? X.data() : nullptr, nrhs, state.n, transpose);
  if (is_root) {
    for (std::size_t r = 0; r < counts.size(); ++r) {
      Scalar* block = packed.data() + static_cast<std::ptrdiff_t>(offsets[r]) * nrhs;
      for (std::int64_t k = 0; k < nrhs; ++k) {
        for (int i = 0; i < counts[r]; ++i) {
          const std::int64_t row = all_rows[static_cast<std::size_t>(offsets[r] + i)];
          block[k * counts[r] + i] = X[static_cast<std::size_t>(k * state.n + row)];
        }
      }
    }
  }
  MPI_Scatterv(packed.data(), value_counts.data(), value_offsets.data(), MPI_DOUBLE, X_local,
               mine * width, MPI_DOUBLE, root, state.communicator);
}

template <class Scalar>
bool DistributedSolver<Scalar>::analyzed() const noexcept {
  return state_ && state_->analyzed;
}
template <class Scalar>
bool DistributedSolver<Scalar>::factored() const noexcept {
  return state_ && state_->factored;
}
template <class Scalar>
std::int64_t DistributedSolver<Scalar>::size() const noexcept {
  return state_ ? state_->n : 0;
}
template <class Scalar>
int DistributedSolver<Scalar>::rank() const noexcept {
  return state_ ? state_->rank : 0;
}
template <class Scalar>
int DistributedSolver<Scalar>::ranks() const noexcept {
  return state_ ? state_->ranks : 0;
}
template <class Scalar>
const DistributedStats& DistributedSolver<Scalar>::stats() const noexcept {
  return state_->stats;
}
template <class Scalar>
const DistributedOptions& DistributedSolver<Scalar>::options() const noexcept {
  return state_->options;
}
template <class Scalar>
MPI_Comm DistributedSolver<Scalar>::communicator() const noexcept {
  return state_ ? state_->communicator : MPI_COMM_NULL;
}

template class DistributedSolver<double>;
template class DistributedSolver<std::complex<double>>;

#define LUPINE_DISTRIBUTED_CSC(Scalar, Index)                                        \
  template void DistributedSolver<Scalar>::analyze(const CscMatrix<Scalar, Index>&); \
  template void DistributedSolver<Scalar>::factor(const CscMatrix<Scalar, Index>&);  \
  template void DistributedSolver<Scalar>::refactor(const CscMatrix<Scalar, Index>&);
LUPINE_DISTRIBUTED_CSC(double, std::int32_t)
LUPINE_DISTRIBUTED_CSC(double, std::int64_t)
LUPINE_DISTRIBUTED_CSC(std::complex<double>, std::int32_t)
LUPINE_DISTRIBUTED_CSC(std::complex<double>, std::int64_t)
#undef LUPINE_DISTRIBUTED_CSC

}  // namespace lupine
