// The C API of the distributed solver (include/lupine/lupine_mpi.h) over DistributedSolver.
// Argument checks run inside `together`, so a bad argument on one rank is an error on all;
// every exception becomes a status and the thread's last error (src/capi/error_record.hpp).
// The real and complex handles share one implementation per verb, templated on the handle.
#include <complex>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "capi/error_record.hpp"
#include "distributed/collective.hpp"
#include "lupine/distributed.hpp"
#include "lupine/lupine_mpi.h"

namespace lupine::c_api {

template <class ScalarType>
struct DistributedHandle {
  using Scalar = ScalarType;
  DistributedHandle(MPI_Comm communicator, const DistributedOptions& options)
      : solver(communicator, options) {}
  DistributedSolver<Scalar> solver;
  int base = 0;
};

}  // namespace lupine::c_api

struct lupine_distributed : lupine::c_api::DistributedHandle<double> {
  using DistributedHandle::DistributedHandle;
};
struct lupine_zdistributed : lupine::c_api::DistributedHandle<std::complex<double>> {
  using DistributedHandle::DistributedHandle;
};

namespace {

using lupine::Error;
using lupine::ErrorKind;
using lupine::c_api::record_error;
using lupine::c_api::record_failure;
using lupine::distributed::together;

template <class Scalar>
constexpr bool is_complex_scalar = sizeof(Scalar) == 2 * sizeof(double);

template <class Scalar>
std::string named(const char* verb) {
  return std::string(is_complex_scalar<Scalar> ? "lupine_zdistributed_" : "lupine_distributed_") +
         verb;
}

template <class Body>
lupine_status guarded(int base, Body&& body) noexcept {
  try {
    body();
    return LUPINE_OK;
  } catch (const Error& error) {
    return record_error(error, base);
  } catch (const std::bad_alloc&) {
    return record_failure(LUPINE_ERROR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& error) {
    return record_failure(LUPINE_ERROR_INTERNAL, std::string("internal error: ") + error.what());
  } catch (...) {
    return record_failure(LUPINE_ERROR_INTERNAL, "internal error: unknown exception");
  }
}

lupine_status null_handle(const std::string& function) {
  return record_failure(LUPINE_ERROR_NULL_ARGUMENT, function + ": the solver handle is NULL");
}

void require(bool condition, const std::string& function, const char* what) {
  if (!condition) throw Error(ErrorKind::invalid_argument, function + ": " + what);
}

lupine::DistributedOptions options_of(const lupine_distributed_options* given) {
  lupine::DistributedOptions options;
  if (given == nullptr) return options;
  static const lupine::DistributedOrdering orderings[] = {
      lupine::DistributedOrdering::automatic, lupine::DistributedOrdering::metis,
      lupine::DistributedOrdering::scotch,    lupine::DistributedOrdering::pord,
      lupine::DistributedOrdering::amd,       lupine::DistributedOrdering::amf,
      lupine::DistributedOrdering::lupine,    lupine::DistributedOrdering::best};
  if (given->ordering < 0 || given->ordering > 7) {
    throw Error(ErrorKind::invalid_argument,
                "lupine_distributed_options: ordering must be a lupine_distributed_ordering "
                "(0 to 7), got " +
                    std::to_string(given->ordering));
  }
  options.ordering = orderings[given->ordering];
  if (given->backend == LUPINE_DISTRIBUTED_BACKEND_MUMPS) {
    options.backend = lupine::DistributedBackend::mumps;
  } else if (given->backend == LUPINE_DISTRIBUTED_BACKEND_SUPERLU_DIST) {
    options.backend = lupine::DistributedBackend::superlu_dist;
  } else {
    throw Error(ErrorKind::invalid_argument,
                "lupine_distributed_options: backend must be a lupine_distributed_backend (0 or "
                "1), got " +
                    std::to_string(given->backend));
  }
  options.workspace_percent = given->workspace_percent;
  options.workspace_retries = given->workspace_retries;
  options.memory_limit_mb = given->memory_limit_mb;
  options.refine_steps = given->refine_steps;
  options.check_finite = given->check_finite != 0;
  options.verbose = given->verbose != 0;
  options.validate();
  return options;
}

lupine::Transpose transpose_of(int transpose, bool complex, const std::string& function) {
  if (transpose == LUPINE_NO_TRANSPOSE) return lupine::Transpose::no;
  if (transpose == LUPINE_TRANSPOSE || (transpose == LUPINE_CONJUGATE_TRANSPOSE && !complex)) {
    return lupine::Transpose::yes;
  }
  if (transpose == LUPINE_CONJUGATE_TRANSPOSE) return lupine::Transpose::conjugate;
  throw Error(ErrorKind::invalid_argument,
              function + ": transpose must be a lupine_transpose (0, 1 or 2), got " +
                  std::to_string(transpose));
}

template <class Handle>
lupine_status create(MPI_Comm communicator, const lupine_distributed_options* given,
                     Handle** solver) {
  using Scalar = typename Handle::Scalar;
  if (solver == nullptr) {
    return record_failure(LUPINE_ERROR_NULL_ARGUMENT, named<Scalar>("create") + ": solver is NULL");
  }
  *solver = nullptr;
  return guarded(0, [&] {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized || communicator == MPI_COMM_NULL) {
      throw Error(ErrorKind::invalid_argument, named<Scalar>("create") +
                                                   ": needs MPI_Init and a communicator other than "
                                                   "MPI_COMM_NULL");
    }
    lupine::DistributedOptions options;
    together(communicator, [&] { options = options_of(given); });
    *solver = new Handle(communicator, options);
  });
}

template <class Handle>
lupine_status analyze(Handle* handle, std::int64_t n, const std::int64_t* col_ptr,
                      const std::int64_t* row_indices, const double* values, int base) {
  using Scalar = typename Handle::Scalar;
  const std::string function = named<Scalar>("analyze");
  if (handle == nullptr) return null_handle(function);
  return guarded(base == 1 ? 1 : 0, [&] {
    auto& solver = handle->solver;
    lupine::CscMatrix<Scalar, std::int64_t> matrix;
    together(solver.communicator(), [&] {
      require(base == 0 || base == 1, function, "base must be 0 or 1");
      if (solver.rank() != 0) return;
      require(n >= 1, function, "n must be 1 or more");
      require(col_ptr != nullptr && row_indices != nullptr, function,
              "col_ptr or row_indices is NULL on rank 0");
      require(col_ptr[0] == base, function, "col_ptr[0] must equal the base");
      require(col_ptr[n] >= base, function, "col_ptr[n] is less than the base");
      const std::int64_t nnz = col_ptr[n] - base;
      std::vector<std::int64_t> pointers(col_ptr, col_ptr + n + 1);
      for (auto& pointer : pointers) pointer -= base;
      std::vector<std::int64_t> rows(row_indices, row_indices + nnz);
      for (auto& row : rows) row -= base;
      std::vector<Scalar> copied;
      if (values != nullptr) {
        const auto* scalars = reinterpret_cast<const Scalar*>(values);
        copied.assign(scalars, scalars + nnz);
      }
      matrix = lupine::CscMatrix<Scalar, std::int64_t>(n, n, std::move(pointers), std::move(rows),
                                                       std::move(copied));
    });
    handle->base = base;
    solver.analyze(matrix);
  });
}

template <class Handle>
lupine_status analyze_entries(Handle* handle, std::int64_t n, std::int64_t count,
                              const std::int64_t* rows, const std::int64_t* columns, int base) {
  using Scalar = typename Handle::Scalar;
  const std::string function = named<Scalar>("analyze_entries");
  if (handle == nullptr) return null_handle(function);
  return guarded(base == 1 ? 1 : 0, [&] {
    auto& solver = handle->solver;
    lupine::DistributedEntries<Scalar> local;
    together(solver.communicator(), [&] {
      require(base == 0 || base == 1, function, "base must be 0 or 1");
      require(count >= 0, function, "count must be >= 0");
      require(count == 0 || (rows != nullptr && columns != nullptr), function,
              "rows or columns is NULL");
      local.n = n;
      local.rows.assign(rows, rows + count);
      local.columns.assign(columns, columns + count);
      for (std::int64_t k = 0; k < count; ++k) {
        local.rows[static_cast<std::size_t>(k)] -= base;
        local.columns[static_cast<std::size_t>(k)] -= base;
      }
    });
    handle->base = base;
    solver.analyze(local);
  });
}

template <class Handle>
lupine_status factor(Handle* handle, const double* values, std::int64_t count, bool refactor) {
  using Scalar = typename Handle::Scalar;
  const std::string function = named<Scalar>(refactor ? "refactor" : "factor");
  if (handle == nullptr) return null_handle(function);
  return guarded(handle->base, [&] {
    together(handle->solver.communicator(),
             [&] { require(count >= 0, function, "count must be >= 0"); });
    const auto* scalars = reinterpret_cast<const Scalar*>(values);
    if (refactor) {
      handle->solver.refactor(scalars, static_cast<std::size_t>(count));
    } else {
      handle->solver.factor(scalars, static_cast<std::size_t>(count));
    }
  });
}

template <class Handle>
lupine_status solve(Handle* handle, int transpose, std::int64_t nrhs, double* B, std::int64_t ld) {
  using Scalar = typename Handle::Scalar;
  const std::string function = named<Scalar>("solve");
  if (handle == nullptr) return null_handle(function);
  return guarded(handle->base, [&] {
    lupine::Transpose op = lupine::Transpose::no;
    together(handle->solver.communicator(),
             [&] { op = transpose_of(transpose, is_complex_scalar<Scalar>, function); });
    auto* scalars = reinterpret_cast<Scalar*>(B);
    handle->solver.solve(scalars, scalars, nrhs, ld, op);
  });
}

template <class Handle>
lupine_status solve_rows(Handle* handle, int transpose, std::int64_t nrhs, std::int64_t count,
                         const std::int64_t* rows, const double* B_local, double* X_local) {
  using Scalar = typename Handle::Scalar;
  const std::string function = named<Scalar>("solve_rows");
  if (handle == nullptr) return null_handle(function);
  return guarded(handle->base, [&] {
    lupine::Transpose op = lupine::Transpose::no;
    std::vector<std::int64_t> held;
    together(handle->solver.communicator(), [&] {
      op = transpose_of(transpose, is_complex_scalar<Scalar>, function);
      require(count >= 0, function, "count must be >= 0");
      require(count == 0 || rows != nullptr, function, "rows is NULL");
      held.assign(rows, rows + count);
      for (auto& row : held) row -= handle->base;
    });
    handle->solver.solve_distributed(held, reinterpret_cast<const Scalar*>(B_local),
                                     reinterpret_cast<Scalar*>(X_local), nrhs, op);
  });
}

template <class Handle>
lupine_status get_stats(const Handle* handle, lupine_distributed_stats* stats) {
  using Scalar = typename Handle::Scalar;
  const std::string function = named<Scalar>("get_stats");
  if (handle == nullptr) return null_handle(function);
  if (stats == nullptr) {
    return record_failure(LUPINE_ERROR_NULL_ARGUMENT, function + ": stats is NULL");
  }
  const lupine::DistributedStats& from = handle->solver.stats();
  lupine_distributed_stats to{};
  to.ranks = from.ranks;
  to.n = from.n;
  to.nnz = from.nnz;
  to.predicted_lu_nnz = from.predicted_lu_nnz;
  to.predicted_flops = from.predicted_flops;
  to.lu_nnz = from.lu_nnz;
  to.factor_flops = from.factor_flops;
  to.delayed_pivots = from.delayed_pivots;
  to.replaced_pivots = from.replaced_pivots;
  const auto rank = static_cast<std::size_t>(handle->solver.rank());
  to.memory_mb = rank < from.factor_memory_mb.size() ? from.factor_memory_mb[rank] : 0;
  to.peak_memory_mb = from.peak_memory_mb;
  to.total_memory_mb = from.total_memory_mb;
  to.workspace_retries = from.workspace_retries;
  to.factor_count = from.factor_count;
  to.refactor_count = from.refactor_count;
  to.refinement_steps = from.refinement_steps;
  to.backward_error = from.backward_error;
  to.analyze_seconds = from.analyze_seconds;
  to.factor_seconds = from.factor_seconds;
  to.refactor_seconds = from.refactor_seconds;
  to.solve_seconds = from.solve_seconds;
  *stats = to;
  return LUPINE_OK;
}

template <class Handle>
lupine_status destroy(Handle* handle) {
  if (handle == nullptr) return LUPINE_OK;
  return guarded(0, [&] { delete handle; });
}

}  // namespace

extern "C" {

lupine_status lupine_distributed_options_default(lupine_distributed_options* options) {
  if (options == nullptr) {
    return record_failure(LUPINE_ERROR_NULL_ARGUMENT,
                          "lupine_distributed_options_default: options is NULL");
  }
  const lupine::DistributedOptions defaults;
  options->ordering = LUPINE_DISTRIBUTED_ORDERING_AUTOMATIC;
  options->workspace_percent = defaults.workspace_percent;
  options->workspace_retries = defaults.workspace_retries;
  options->memory_limit_mb = defaults.memory_limit_mb;
  options->refine_steps = defaults.refine_steps;
  options->check_finite = defaults.check_finite ? 1 : 0;
  options->verbose = defaults.verbose ? 1 : 0;
  options->backend = LUPINE_DISTRIBUTED_BACKEND_MUMPS;
  return LUPINE_OK;
}

lupine_status lupine_distributed_create(MPI_Comm communicator,
                                        const lupine_distributed_options* options,
                                        lupine_distributed** solver) {
  return create(communicator, options, solver);
}
lupine_status lupine_distributed_free(lupine_distributed* solver) {
  return destroy(solver);
}
lupine_status lupine_distributed_analyze(lupine_distributed* solver, int64_t n,
                                         const int64_t* col_ptr, const int64_t* row_indices,
                                         const double* values, int base) {
  return analyze(solver, n, col_ptr, row_indices, values, base);
}
lupine_status lupine_distributed_analyze_entries(lupine_distributed* solver, int64_t n,
                                                 int64_t count, const int64_t* rows,
                                                 const int64_t* columns, int base) {
  return analyze_entries(solver, n, count, rows, columns, base);
}
lupine_status lupine_distributed_factor(lupine_distributed* solver, const double* values,
                                        int64_t count) {
  return factor(solver, values, count, false);
}
lupine_status lupine_distributed_refactor(lupine_distributed* solver, const double* values,
                                          int64_t count) {
  return factor(solver, values, count, true);
}
lupine_status lupine_distributed_solve(lupine_distributed* solver, int transpose, int64_t nrhs,
                                       double* B, int64_t ld) {
  return solve(solver, transpose, nrhs, B, ld);
}
lupine_status lupine_distributed_solve_rows(lupine_distributed* solver, int transpose, int64_t nrhs,
                                            int64_t count, const int64_t* rows,
                                            const double* B_local, double* X_local) {
  return solve_rows(solver, transpose, nrhs, count, rows, B_local, X_local);
}
lupine_status lupine_distributed_get_stats(const lupine_distributed* solver,
                                           lupine_distributed_stats* stats) {
  return get_stats(solver, stats);
}

lupine_status lupine_zdistributed_create(MPI_Comm communicator,
                                         const lupine_distributed_options* options,
                                         lupine_zdistributed** solver) {
  return create(communicator, options, solver);
}
lupine_status lupine_zdistributed_free(lupine_zdistributed* solver) {
  return destroy(solver);
}
lupine_status lupine_zdistributed_analyze(lupine_zdistributed* solver, int64_t n,
                                          const int64_t* col_ptr, const int64_t* row_indices,
                                          const double* values, int base) {
  return analyze(solver, n, col_ptr, row_indices, values, base);
}
lupine_status lupine_zdistributed_analyze_entries(lupine_zdistributed* solver, int64_t n,
                                                  int64_t count, const int64_t* rows,
                                                  const int64_t* columns, int base) {
  return analyze_entries(solver, n, count, rows, columns, base);
}
lupine_status lupine_zdistributed_factor(lupine_zdistributed* solver, const double* values,
                                         int64_t count) {
  return factor(solver, values, count, false);
}
lupine_status lupine_zdistributed_refactor(lupine_zdistributed* solver, const double* values,
                                           int64_t count) {
  return factor(solver, values, count, true);
}
lupine_status lupine_zdistributed_solve(lupine_zdistributed* solver, int transpose, int64_t nrhs,
                                        double* B, int64_t ld) {
  return solve(solver, transpose, nrhs, B, ld);
}
lupine_status lupine_zdistributed_solve_rows(lupine_zdistributed* solver, int transpose,
                                             int64_t nrhs, int64_t count, const int64_t* rows,
                                             const double* B_local, double* X_local) {
  return solve_rows(solver, transpose, nrhs, count, rows, B_local, X_local);
}
lupine_status lupine_zdistributed_get_stats(const lupine_zdistributed* solver,
                                            lupine_distributed_stats* stats) {
  return get_stats(solver, stats);
}

}  // extern "C"
