// Lupine's analysis of the whole pattern, without BTF (the backend's pivot order is symmetric,
// and MUMPS finds its own matching), as the backend's pivot order.
#include "distributed/lupine_ordering.hpp"

#include <complex>
#include <limits>
#include <string>

#include "distributed/collective.hpp"
#include "lupine/solver.hpp"
#include "symbolic/symbolic_data.hpp"

namespace lupine::distributed {

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

template std::vector<std::int64_t> lupine_order<double>(const detail::DistributedState<double>&);
template std::vector<std::int64_t> lupine_order<std::complex<double>>(
    const detail::DistributedState<std::complex<double>>&);

}  // namespace lupine::distributed
