// Errors that every rank agrees on: a step that fails on any rank fails on all of them, with
// the error of the lowest failing rank, so that no rank goes on into a collective call that
// the others will never make.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "lupine/error.hpp"

namespace lupine::distributed {

/// Collective. Returns when `failure` is empty on every rank; otherwise throws, on every
/// rank, the failure of the lowest rank that has one (its message naming that rank when
/// not every rank failed).
void agree(MPI_Comm communicator, const std::optional<Error>& failure);

/// The error a local step threw, as a lupine::Error (allocation failures as out_of_memory,
/// anything else as internal).
template <class Step>
std::optional<Error> attempt(Step&& step) noexcept {
  try {
    std::forward<Step>(step)();
    return std::nullopt;
  } catch (const Error& error) {
    return error;
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::out_of_memory, "an allocation of the distributed solver failed");
  } catch (const std::exception& error) {
    return Error(ErrorKind::internal, error.what());
  }
}

/// Collective: runs the local `step` on every rank, then agrees on its failures.
template <class Step>
void together(MPI_Comm communicator, Step&& step) {
  agree(communicator, attempt(std::forward<Step>(step)));
}

/// Broadcasts a value from `root` (collective).
template <class Value>
Value broadcast(MPI_Comm communicator, Value value, int root = 0) {
  MPI_Bcast(&value, sizeof(Value), MPI_BYTE, root, communicator);
  return value;
}

/// This rank's index in the communicator, and their number.
int rank_of(MPI_Comm communicator);
int size_of(MPI_Comm communicator);

}  // namespace lupine::distributed
