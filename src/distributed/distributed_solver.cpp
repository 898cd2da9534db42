// DistributedSolver: checks the caller's input on every rank (agreeing on any error), keeps
// the analyzed pattern and a copy of the values (the backend refines against them), moves
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
#include "lupine/distributed.hpp"
#include "lupine/solver.hpp"
#include "symbolic/symbolic_data.hpp"

namespace lupine {

const char* to_string(DistributedBackend backend) noexcept {
  switch (backend) {
    case DistributedBackend::mumps:
      return "mumps";
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

namespace detail {

template <class Scalar>
struct DistributedState {
  MPI_Comm communicator = MPI_COMM_NULL;
  int rank = 0;
  int ranks = 1;
  DistributedOptions options;
  std::unique_ptr<distributed::Backend<Scalar>> backend;
  bool centralized = true;
  bool analyzed = false;
  bool factored = false;
  std::int64_t n = 0;
  // The analyzed pattern: rank 0's CSC column pointers (centralized), and this rank's
  // entries (all of them on rank 0 when centralized).
  std::vector<std::int64_t> col_ptr;
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> columns;
  std::vector<Scalar> values;
  DistributedStats stats;

  ~DistributedState() {
    backend.reset();  // MUMPS frees its data over the communicator, before it goes
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (communicator != MPI_COMM_NULL && !finalized) MPI_Comm_free(&communicator);
  }
};

}  // namespace detail

namespace {

using distributed::broadcast;
using distributed::together;

template <class Scalar>
bool finite(const Scalar& value) {
  if constexpr (is_complex<Scalar>::value) {
    return std::isfinite(value.real()) && std::isfinite(value.imag());
  } else {
    return std::isfinite(value);
  }
}

// MPI moves scalars as doubles: one or two per scalar.
template <class Scalar>
constexpr int doubles_per_scalar = static_cast<int>(sizeof(Scalar) / sizeof(double));

/// Throws non_finite_input naming the first NaN/Inf among `values` of entries (rows, columns).
template <class Scalar>
void check_finite(const Scalar* values, const std::vector<std::int64_t>& rows,
                  const std::vector<std::int64_t>& columns) {
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (!finite(values[k])) {
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

/// DistributedOrdering::lupine: Lupine's fill-reducing order of A's pattern, on rank 0 (which
/// gathers the entries of a distributed matrix for it): order[i] is variable i's position.
/// BTF is off: the backend's pivot order is symmetric, and MUMPS finds its own matching.
template <class Scalar>
std::vector<std::int64_t> lupine_order(const detail::DistributedState<Scalar>& state) {
  const bool is_root = state.rank == 0;
  std::vector<std::int64_t> rows, columns;
  if (state.centralized) {
    if (is_root) {
      rows = state.rows;
      columns = state.columns;
    }
  } else {
    together(state.communicator, [&] {
      if (state.rows.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw Error(ErrorKind::size_overflow, "more than 2^31 entries on one rank");
      }
    });
    const int mine = static_cast<int>(state.rows.size());
    std::vector<int> counts(is_root ? static_cast<std::size_t>(state.ranks) : 0);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, state.communicator);
    std::vector<int> offsets(counts.size(), 0);
    std::int64_t total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      offsets[r] = static_cast<int>(total);
      total += counts[r];
    }
    together(state.communicator, [&] {
      if (total > std::numeric_limits<int>::max()) {
        throw Error(ErrorKind::size_overflow,
                    "DistributedOrdering::lupine gathers the pattern on rank 0, and " +
                        std::to_string(total) + " entries pass one MPI message");
      }
    });
    rows.resize(static_cast<std::size_t>(total));
    columns.resize(rows.size());
    MPI_Gatherv(state.rows.data(), mine, MPI_INT64_T, rows.data(), counts.data(), offsets.data(),
                MPI_INT64_T, 0, state.communicator);
    MPI_Gatherv(state.columns.data(), mine, MPI_INT64_T, columns.data(), counts.data(),
                offsets.data(), MPI_INT64_T, 0, state.communicator);
  }
  std::vector<std::int64_t> order;
  together(state.communicator, [&] {
    if (!is_root) return;
    TripletBuilder<double, std::int64_t> builder(state.n, state.n);
    builder.reserve(rows.size() + static_cast<std::size_t>(state.n));
    for (std::size_t k = 0; k < rows.size(); ++k) builder.add(rows[k], columns[k], 1.0);
    const CscMatrix<double, std::int64_t> pattern = builder.build(true);
    Options options;
    options.btf = false;
    options.threads = 1;
    const Symbolic<std::int64_t> symbolic = analyze(pattern, options);
    const std::vector<std::int64_t>& column_order = symbolic.data().col_perm;
    order.assign(static_cast<std::size_t>(state.n), 0);
    for (std::int64_t k = 0; k < state.n; ++k) {
      order[static_cast<std::size_t>(column_order[static_cast<std::size_t>(k)])] = k;
    }
  });
  return order;
}

template <class Scalar>
void run_analyze(detail::DistributedState<Scalar>& state, const Scalar* values) {
  const double start = MPI_Wtime();
  const DistributedOrdering ordering = state.options.ordering;
  std::vector<std::int64_t> order;
  state.stats.ordering_choice.clear();
  if (ordering == DistributedOrdering::lupine || ordering == DistributedOrdering::best) {
    order = lupine_order(state);
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
    run(ordering == DistributedOrdering::lupine);
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

double magnitude_of(double value) {
  return std::abs(value);
}
double magnitude_of(const std::complex<double>& value) {
  return std::abs(value);
}

/// Adds op(A) x and |op(A)| |x| over this rank's entries to y and scale (n x nrhs each,
/// contiguous, like x).
template <class Scalar>
void add_local_products(const detail::DistributedState<Scalar>& state, const Scalar* x,
                        std::int64_t nrhs, Transpose transpose, Scalar* y, double* scale) {
  const std::int64_t n = state.n;
  for (std::int64_t k = 0; k < nrhs; ++k) {
    for (std::size_t e = 0; e < state.rows.size(); ++e) {
      std::int64_t to = state.rows[e];
      std::int64_t from = state.columns[e];
      Scalar a = state.values[e];
      if (transpose != Transpose::no) std::swap(to, from);
      if constexpr (is_complex<Scalar>::value) {
        if (transpose == Transpose::conjugate) a = std::conj(a);
      }
      y[k * n + to] += a * x[k * n + from];
      scale[k * n + to] += magnitude_of(a) * magnitude_of(x[k * n + from]);
    }
  }
}

/// Collective: R = B - op(A) X on rank 0 (all n x nrhs, contiguous, on rank 0), from the
/// entries where they are; returns the componentwise backward error on every rank.
template <class Scalar>
double residual(const detail::DistributedState<Scalar>& state, const Scalar* B, const Scalar* X,
                std::int64_t nrhs, Transpose transpose, std::vector<Scalar>& R) {
  const bool is_root = state.rank == 0;
  const std::size_t size = static_cast<std::size_t>(state.n * nrhs);
  std::vector<Scalar> y(state.centralized && !is_root ? 0 : size, Scalar(0));
  std::vector<double> scale(y.size(), 0.0);
  if (state.centralized) {
    if (is_root) add_local_products(state, X, nrhs, transpose, y.data(), scale.data());
  } else {
    // Every rank needs all of x for its entries; the products are summed on rank 0.
    std::vector<Scalar> x(is_root ? X : nullptr, is_root ? X + size : nullptr);
    x.resize(size);
    const int count = static_cast<int>(size) * doubles_per_scalar<Scalar>;
    MPI_Bcast(x.data(), count, MPI_DOUBLE, 0, state.communicator);
    add_local_products(state, x.data(), nrhs, transpose, y.data(), scale.data());
    MPI_Reduce(is_root ? MPI_IN_PLACE : y.data(), y.data(), count, MPI_DOUBLE, MPI_SUM, 0,
               state.communicator);
    MPI_Reduce(is_root ? MPI_IN_PLACE : scale.data(), scale.data(), static_cast<int>(size),
               MPI_DOUBLE, MPI_SUM, 0, state.communicator);
  }
  double worst = 0;
  if (is_root) {
    R.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      R[i] = B[i] - y[i];
      const double r = magnitude_of(R[i]);
      const double denominator = scale[i] + magnitude_of(B[i]);
      if (r > 0) worst = std::max(worst, denominator > 0 ? r / denominator : INFINITY);
    }
  }
  return broadcast(state.communicator, worst);
}

/// Collective: X (n x nrhs, leading dimension ld, on rank 0) holds B and becomes op(A)⁻¹ B,
/// refined (DistributedOptions::refine_steps).
template <class Scalar>
void solve_on_root(detail::DistributedState<Scalar>& state, Scalar* X, std::int64_t nrhs,
                   std::int64_t ld, Transpose transpose) {
  const bool is_root = state.rank == 0;
  const std::int64_t n = state.n;
  const int steps = state.options.refine_steps;
  together(state.communicator, [&] {
    if (steps > 0 && n * nrhs * doubles_per_scalar < Scalar >> std::numeric_limits<int>::max()) {
      throw Error(ErrorKind::size_overflow,
                  "refinement moves n * nrhs scalars in one MPI message; n * nrhs = " +
                      std::to_string(n * nrhs) + " passes 2^31 doubles (set refine_steps 0)");
    }
  });
  // Contiguous copies on rank 0: B, the best X so far, the residual.
  auto pack = [&](std::vector<Scalar>& to) {
    to.resize(static_cast<std::size_t>(n * nrhs));
    for (std::int64_t k = 0; k < nrhs; ++k) {
      std::copy(X + k * ld, X + k * ld + n, to.begin() + k * n);
    }
  };
  std::vector<Scalar> B, current, best, R;
  if (steps > 0 && is_root) pack(B);
  const double start = MPI_Wtime();
  state.backend->solve(is_root ? X : nullptr, nrhs, ld, transpose);
  int taken = 0;
  double error = std::numeric_limits<double>::quiet_NaN();
  if (steps > 0) {
    double previous = INFINITY;
    for (;;) {
      if (is_root) pack(current);
      error = residual(state, B.data(), current.data(), nrhs, transpose, R);
      if (taken > 0 && !(error < previous)) {
        // The last correction did not help (or gave NaN): keep the one before.
        if (is_root) {
          for (std::int64_t k = 0; k < nrhs; ++k) {
            std::copy(best.begin() + k * n, best.begin() + (k + 1) * n, X + k * ld);
          }
        }
        error = previous;
        --taken;
        break;
      }
      if (error <= std::numeric_limits<double>::epsilon() || taken == steps) break;
      if (is_root) best.swap(current);
      previous = error;
      state.backend->solve(is_root ? R.data() : nullptr, nrhs, n, transpose);
      if (is_root) {
        for (std::int64_t k = 0; k < nrhs; ++k) {
          for (std::int64_t i = 0; i < n; ++i)
            X[k * ld + i] += R[static_cast<std::size_t>(k * n + i)];
        }
      }
      ++taken;
    }
  }
  state.stats.solve_seconds = MPI_Wtime() - start;
  state.stats.refinement_steps = taken;
  state.stats.backward_error = error;
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
  state.backend = distributed::make_mumps_backend<Scalar>(state.communicator, options);
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
    if (local.n != state.n || local.rows != state.rows || local.columns != state.columns) {
      throw Error(ErrorKind::pattern_mismatch,
                  "this rank's entries differ from the analyzed ones (" +
                      std::to_string(local.rows.size()) + " entries; analyzed " +
                      std::to_string(state.rows.size()) + ")");
    }
    if (local.values.size() != local.rows.size()) {
      throw Error(ErrorKind::dimension_mismatch,
                  "factor needs a value per entry: " + std::to_string(local.rows.size()) +
                      " entries, " + std::to_string(local.values.size()) + " values");
    }
    copy_values(state, local.values.data());
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
    if (local.n != state.n || local.rows != state.rows || local.columns != state.columns) {
      throw Error(ErrorKind::pattern_mismatch,
                  "this rank's entries differ from the analyzed ones (" +
                      std::to_string(local.rows.size()) + " entries; analyzed " +
                      std::to_string(state.rows.size()) + ")");
    }
    if (local.values.size() != local.rows.size()) {
      throw Error(ErrorKind::dimension_mismatch,
                  "refactor needs a value per entry: " + std::to_string(local.rows.size()) +
                      " entries, " + std::to_string(local.values.size()) + " values");
    }
    copy_values(state, local.values.data());
  });
  run_factor(state, true);
}

template <class Scalar>
void DistributedSolver<Scalar>::factor(const Scalar* values, std::size_t count) {
  auto& state = *state_;
  require_analyzed(state, "factor with values alone");
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
  run_factor(state, false);
}

template <class Scalar>
void DistributedSolver<Scalar>::refactor(const Scalar* values, std::size_t count) {
  auto& state = *state_;
  require_analyzed(state, "refactor");
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
  run_factor(state, true);
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
        if (state.options.check_finite && !finite(B[k * ld + i])) {
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
  solve_on_root(state, state.rank == 0 ? X : nullptr, nrhs, ld, transpose);
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
        if (!finite(B_local[k])) {
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
  solve_on_root(state, is_root ? X.data() : nullptr, nrhs, state.n, transpose);
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
