#include "distributed/collective.hpp"

#include <string>
#include <vector>

namespace lupine::distributed {

int rank_of(MPI_Comm communicator) {
  int rank = 0;
  MPI_Comm_rank(communicator, &rank);
  return rank;
}

int size_of(MPI_Comm communicator) {
  int size = 1;
  MPI_Comm_size(communicator, &size);
  return size;
}

void agree(MPI_Comm communicator, const std::optional<Error>& failure) {
  const int rank = rank_of(communicator);
  const int size = size_of(communicator);
  int mine = failure ? rank : size;
  int first = size;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, communicator);
  if (first == size) return;
  // The message names the rank when only some ranks failed (bad input on one of them).
  int failing = failure ? 1 : 0;
  int failed = 0;
  MPI_Allreduce(&failing, &failed, 1, MPI_INT, MPI_SUM, communicator);

  // The failing rank sends its error's fields, then its message.
  std::int64_t fields[6] = {0, -1, -1, -1, -1, 0};
  std::string message;
  if (rank == first) {
    message = failure->what();
    if (failed < size) message = "on rank " + std::to_string(first) + ": " + message;
    fields[0] = static_cast<std::int64_t>(failure->kind());
    fields[1] = failure->row();
    fields[2] = failure->column();
    fields[3] = failure->line();
    fields[4] = failure->structural_rank();
    fields[5] = static_cast<std::int64_t>(message.size());
  }
  MPI_Bcast(fields, 6, MPI_INT64_T, first, communicator);
  message.resize(static_cast<std::size_t>(fields[5]));
  MPI_Bcast(message.data(), static_cast<int>(fields[5]), MPI_CHAR, first, communicator);
  Error error(static_cast<ErrorKind>(fields[0]), message, fields[1], fields[2], fields[3]);
  error.with_structural_rank(fields[4]);
  throw error;
}

}  // namespace lupine::distributed
