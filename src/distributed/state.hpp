// What a DistributedSolver holds between calls: the communicator, the backend, the analyzed
// pattern and this rank's copy of the values (refinement computes residuals with them).
#pragma once

#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/scalar.hpp"
#include "distributed/backend.hpp"
#include "lupine/distributed.hpp"

namespace lupine {

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

namespace distributed {

using detail::is_finite_value;

// MPI moves scalars as doubles: one or two per scalar.
template <class Scalar>
constexpr int doubles_per_scalar = static_cast<int>(sizeof(Scalar) / sizeof(double));

}  // namespace distributed
}  // namespace lupine
